/// Records an ORM looks up are instances of their model: `AiRequest.objects.get(pk=pk).handle()` and
/// `get_object_or_404(AiRequest, pk=pk)` in Django, `Chat.find(params[:id]).ask` in Rails, run the model's methods.
enum ModelLookups {
    /// Django manager methods that return one record (`Model.objects.get(…)`, `Model.objects.filter(…).first()`).
    private static let djangoRecordGetters: Set<String> = ["get", "create", "first", "last", "latest", "earliest"]
    /// Active Record class methods that return one record.
    private static let railsRecordGetters: Set<String> = ["find", "find_by", "create", "first", "last", "take", "find_or_create_by"]
    /// Django shortcuts taking the model as their first argument and returning one of its records.
    static let djangoShortcuts: Set<String> = ["get_object_or_404", "aget_object_or_404"]

    /// The model whose record a call's receiver chain evaluates to, if it is such a lookup.
    static func model(ofReceiver receiver: [String], language: SourceLanguage) -> String? {
        guard let model = receiver.first, FactExtractor.startsUppercase(model), let last = receiver.last else { return nil }
        switch language {
        case .python:
            guard receiver.count >= 3, receiver[1] == "objects", djangoRecordGetters.contains(last) else { return nil }
        case .ruby:
            guard receiver.count == 2, railsRecordGetters.contains(last) else { return nil }
        default:
            return nil
        }
        return model
    }
}
