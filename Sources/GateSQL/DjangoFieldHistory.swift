/// The fields of an app's models as its Django migrations define them, one operation after another. An
/// `AlterField` carries the field's whole new definition, not what changed: the definition before it, kept here,
/// tells a change Django runs SQL for (type, length, nullability) from one it keeps in Python (`choices`,
/// `help_text`, `verbose_name`, `validators`, `blank`, `default`).
public struct DjangoFieldHistory: Sendable, Equatable {
    /// Each field's definition as written (`models.CharField(max_length=20, choices=…)`), by model and field name,
    /// lower-cased as Django's `model_name` is.
    private var definitions: [String: [String: String]] = [:]

    public init() {}

    /// The migrations folder holding `path` (one app's history): every path before its last `/`.
    public static func appFolder(of path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }

    /// The operations that define, change or remove a field.
    static let operations: Set<String> = [
        "CreateModel", "DeleteModel", "RenameModel", "AddField", "AlterField", "RemoveField", "RenameField",
    ]

    /// Whether a migration file may change a field's definition: only those need the history before them.
    public static func altersFields(_ bytes: [UInt8]) -> Bool {
        bytes.containsSequence(Array("AlterField".utf8))
    }

    /// The history once the operations of `bytes` (one migration file of the app) have run, in order.
    public mutating func apply(_ bytes: [UInt8]) {
        for call in CallScanner(bytes).calls(Self.operations) { record(call) }
    }

    /// Whether the migrations create the model (by its class name, as Django's `model_name`, any case).
    public func declares(model: String) -> Bool { definitions[model.lowercased()] != nil }

    /// Whether the migrations leave the model with the field (by its attribute name, any case).
    public func declares(model: String, field: String) -> Bool { definition(model: model, field: field) != nil }

    /// The field's definition before the operation being read, when the history holds it.
    func definition(model: String, field: String) -> String? {
        definitions[model.lowercased()]?[field.lowercased()]
    }

    /// Follows one operation.
    mutating func record(_ call: SourceCall) {
        let arguments = DjangoOperationArguments(call)
        switch call.name {
        case "CreateModel":
            guard let model = arguments.literal("name", 0)?.lowercased() else { return }
            let fields = arguments.raw("fields", 1).map(ArgumentText.tuples) ?? []
            definitions[model] = Dictionary(
                fields.compactMap { pair in ArgumentText.literal(pair.0).map { ($0.lowercased(), pair.1) } },
                uniquingKeysWith: { $1 })
        case "DeleteModel":
            if let model = arguments.literal("name", 0) { definitions[model.lowercased()] = nil }
        case "RenameModel":
            guard let old = arguments.literal("old_name", 0)?.lowercased(), let new = arguments.literal("new_name", 1)
            else { return }
            definitions[new.lowercased()] = definitions.removeValue(forKey: old)
        case "AddField", "AlterField":
            guard let model = arguments.literal("model_name", 0)?.lowercased(),
                let field = arguments.literal("name", 1)?.lowercased(), let definition = arguments.raw("field", 2)
            else { return }
            definitions[model, default: [:]][field] = definition
        case "RemoveField":
            guard let model = arguments.literal("model_name", 0)?.lowercased(), let field = arguments.literal("name", 1)
            else { return }
            definitions[model]?[field.lowercased()] = nil
        case "RenameField":
            guard let model = arguments.literal("model_name", 0)?.lowercased(),
                let old = arguments.literal("old_name", 1)?.lowercased(), let new = arguments.literal("new_name", 2)
            else { return }
            let definition = definitions[model]?.removeValue(forKey: old)
            definitions[model]?[new.lowercased()] = definition
        default:
            break
        }
    }
}

/// A Django migration operation's arguments, by keyword or by position (`AddField("report", "summary", field)` and
/// `AddField(model_name="report", name="summary", field=…)` alike).
struct DjangoOperationArguments {
    let keywords: [String: String]
    let positional: [String]

    init(_ call: SourceCall) {
        keywords = ArgumentText.keywords(call.arguments)
        positional = call.arguments.filter { ArgumentText.keyword($0) == nil }
    }

    /// The argument as written.
    func raw(_ key: String, _ index: Int) -> String? {
        keywords[key] ?? (positional.count > index ? positional[index] : nil)
    }

    /// The argument's string value.
    func literal(_ key: String, _ index: Int) -> String? {
        raw(key, index).flatMap(ArgumentText.literal)
    }
}
