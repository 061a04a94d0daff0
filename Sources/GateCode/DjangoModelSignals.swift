import GateCore

/// What else Django runs when a record is saved or deleted: the receivers of the model's `pre_save`/`post_save`
/// (`pre_delete`/`post_delete`) signals, and, for a model form's or serializer's `save()`, the model's own `save()`.
/// Receivers are declared where no caller imports them (`@receiver(post_save, sender=Document)` in the app's
/// `signals.py`, or `post_save.connect(handler, sender=Document)` in its `AppConfig.ready()`), so they are linked to
/// the model by the name their `sender=` resolves to in their own file, not by the caller's imports.
///
/// Triggering: `Document.objects.create(…)`, `get_or_create`, `update_or_create`, and `save()` on a value known to be
/// a `Document` (`Document(…)`, `Document.objects.get(…)`, `get_object_or_404(Document, …)`, a `ModelForm` or
/// `ModelSerializer` whose `Meta.model` is `Document`, also as DRF's `perform_create(self, serializer)` or a generic
/// view's `form_valid(self, form)` is handed one of the view's `serializer_class`/`form_class`) run `Document.save()`
/// and the receivers of its saves; `delete()` on such a value runs the receivers of its deletes.
/// Not triggering: a queryset's `update(…)` and `bulk_create(…)` (no `save()`, no signals); `save()` on a value of
/// unknown type; a receiver whose sender is another model, or a model of the same name in another app.
enum DjangoModelSignals {
    /// Manager methods that save a new record through the model's `save()`, sending its signals. `bulk_create`
    /// calls no `save()` and sends no signal; a queryset's `update` sends none either.
    static let savingManagerMethods: Set<String> = [
        "create", "get_or_create", "update_or_create", "acreate", "aget_or_create", "aupdate_or_create",
    ]

    /// Django view hooks handed an instance of a class the view names, by the attribute naming it.
    static let handedInstanceAttributes = [
        "perform_create": "serializer_class", "perform_update": "serializer_class", "form_valid": "form_class",
    ]

    /// Bases whose `save()` saves a record of the model their `Meta` names.
    static let modelSavingBases: Set<String> = ["ModelForm", "ModelSerializer", "HyperlinkedModelSerializer"]

    /// The signals a record method sends, for the methods that send any.
    static func signals(sentBy method: String) -> Set<String>? {
        switch method {
        case "save", "asave": return ["pre_save", "post_save"]
        case "delete", "adelete": return ["pre_delete", "post_delete"]
        default: return nil
        }
    }

    /// The model a manager call saves a record of: `Document` for `Document.objects.create(…)`.
    static func modelSaved(byManagerCall name: String, receiver: [String]) -> String? {
        guard receiver.count == 2, receiver[1] == "objects", savingManagerMethods.contains(name),
              FactExtractor.startsUppercase(receiver[0])
        else { return nil }
        return receiver[0]
    }

    /// Before lexing: a file that declares no receiver names none of the signals.
    static let mayDeclareReceivers = BytePatterns(["post_save", "pre_save", "post_delete", "pre_delete"])

    /// Before lexing: a file that saves or deletes no record calls none of these.
    static let mayPersistRecords = BytePatterns([".save(", ".asave(", ".delete(", ".adelete(", "objects."])

    /// How a receiver names the model it listens to.
    enum Sender: Sendable, Hashable {
        /// A name of its file, possibly dotted: `Document`, `models.Document`.
        case name([String])
        /// A lazy reference by app label: `"docs.Document"`.
        case label(app: String, model: String)
    }

    /// A function connected to signals of a model.
    struct Receiver: Sendable, Hashable {
        var signals: Set<String>
        var sender: Sender
        var handler: Symbol
    }

    /// The receivers a Python file declares: `@receiver(post_save, sender=…)` over a function, and
    /// `post_save.connect(handler, sender=…)` (the handler resolved as a call of that name in the file would be).
    static func receivers(in lexed: LexedSource, facts: FileFacts, index: CodeIndex) -> [Receiver] {
        var found: [Receiver] = []
        for position in lexed.tokens.indices where lexed.tokens[position].kind == .identifier {
            let open = position + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
            let close = lexed.partner[open]
            // `@receiver(…)`, `@dispatch.receiver(…)`.
            if lexed.token(position, is: "receiver"), lexed.token(position - 1, isPunctuation: Byte.at)
                || (lexed.token(position - 1, isPunctuation: Byte.dot) && lexed.isIdentifier(position - 2)
                    && lexed.token(position - 3, isPunctuation: Byte.at))
            {
                // The decorated function's statement starts at its first decorator.
                guard let handler = facts.definitions.filter({ $0.tokens.contains(position) && $0.tokens.lowerBound <= position })
                    .min(by: { $0.tokens.count < $1.tokens.count }),
                    let sender = sender(in: open...close, lexed: lexed)
                else { continue }
                let signals = signalNames(firstArgumentAfter: open, lexed: lexed)
                if !signals.isEmpty {
                    found.append(Receiver(signals: signals, sender: sender, handler: Symbol(path: facts.path, definition: handler)))
                }
            } else if lexed.token(position, is: "connect"), lexed.token(position - 1, isPunctuation: Byte.dot),
                      lexed.isIdentifier(position - 2), signalWords.contains(lexed.text(position - 2)),
                      let sender = sender(in: open...close, lexed: lexed)
            {
                // `post_save.connect(on_saved, sender=Document)`, or `handlers.on_saved`.
                let (names, cursor) = lexed.dottedName(at: open + 1)
                // A function of the file or of a module it imports; not a model's method (`Document.save`), whose
                // resolution would ask for the receivers being read.
                guard let name = names.last, lexed.token(cursor + 1, isPunctuation: Byte.comma)
                    || lexed.token(cursor + 1, isPunctuation: Byte.closeParen),
                    !names.contains(where: FactExtractor.startsUppercase), signals(sentBy: name) == nil
                else { continue }
                let call = CallFact(name: name, receiver: Array(names.dropLast()), token: position,
                                    line: lexed.tokens[position].line, column: lexed.tokens[position].column, firstArgument: nil)
                for handler in index.resolve(call, in: facts).targets {
                    found.append(Receiver(signals: [lexed.text(position - 2)], sender: sender, handler: handler))
                }
            }
        }
        return found
    }

    private static let signalWords: Set<String> = ["pre_save", "post_save", "pre_delete", "post_delete"]

    /// The signals a `@receiver(…)` is given first: one (`post_save`, `signals.post_save`) or a list of them.
    private static func signalNames(firstArgumentAfter open: Int, lexed: LexedSource) -> Set<String> {
        var end = open + 1
        if lexed.token(end, isPunctuation: Byte.openBracket) || lexed.token(end, isPunctuation: Byte.openParen),
           lexed.partner[end] > end
        {
            end = lexed.partner[end]
        } else {
            while lexed.isIdentifier(end), lexed.token(end + 1, isPunctuation: Byte.dot) { end += 2 }
        }
        var names: Set<String> = []
        for cursor in (open + 1)...max(open + 1, end) where lexed.isIdentifier(cursor) {
            let word = lexed.text(cursor)
            if signalWords.contains(word) { names.insert(word) }
        }
        return names
    }

    /// The `sender=` argument between a call's parentheses, when it is a name or an `"app.Model"` string; nil for
    /// anything computed (`apps.get_model(…)`), which is not guessed.
    private static func sender(in arguments: ClosedRange<Int>, lexed: LexedSource) -> Sender? {
        for cursor in arguments where lexed.token(cursor, is: "sender") && lexed.token(cursor + 1, isPunctuation: Byte.equals) {
            let value = cursor + 2
            guard lexed.tokens.indices.contains(value) else { return nil }
            if lexed.tokens[value].kind == .string {
                let text = lexed.text(value).trimmingQuotes()
                let parts = text.split(separator: ".").map(String.init)
                guard parts.count == 2 else { return nil }
                return .label(app: parts[0], model: parts[1])
            }
            let (names, name) = lexed.dottedName(at: value)
            guard !names.isEmpty, lexed.token(name + 1, isPunctuation: Byte.comma) || lexed.token(name + 1, isPunctuation: Byte.closeParen)
            else { return nil }
            return .name(names)
        }
        return nil
    }

    /// The app label Django gives a model's app by default: the directory of `models.py` (or of the `models`
    /// package) — `docs` for `docs/models.py` and for `docs/models/document.py`.
    static func appLabel(ofModelFile path: String) -> String {
        var directory = RepoPath.directory(of: path)
        if directory == "models" || directory.hasSuffix("/models") { directory = RepoPath.directory(of: directory) }
        return directory.split(separator: "/").last.map(String.init) ?? directory
    }

    /// Whether a file is where receivers are declared by Django's conventions: an app's `signals.py`,
    /// `receivers.py`, `handlers.py`, `apps.py` (its `ready()`), `models.py`, or a module of a `signals` package.
    static func mayHoldReceivers(_ path: String) -> Bool {
        guard path.hasSuffix(".py") else { return false }
        return path.contains("signal") || path.contains("receiver") || conventionalNames.contains { path.hasSuffix($0) }
    }

    private static let conventionalNames = ["/models.py", "/apps.py", "/handlers.py"]
}

extension String {
    /// The text without the quotes around a Python string literal (and its `r`/`b`/`f` prefix), if it has them.
    fileprivate func trimmingQuotes() -> String {
        var text = Substring(self)
        while let first = text.first, "rRbBuUfF".contains(first), text.count > 1, text.dropFirst().first == "\"" || text.dropFirst().first == "'" {
            text = text.dropFirst()
        }
        while let first = text.first, first == "\"" || first == "'" { text = text.dropFirst() }
        while let last = text.last, last == "\"" || last == "'" { text = text.dropLast() }
        return String(text)
    }
}

extension CodeIndex {
    /// What saving or deleting a record of Python class `container` of `facts` runs besides the method itself: for a
    /// model form or serializer, the serializer's own `create`/`update` and the model's `save()`; for a model, the
    /// receivers of the signals the method sends.
    func djangoPersistenceHooks(runBy method: String, ofClass container: String, in facts: FileFacts) -> [Symbol] {
        guard let signals = DjangoModelSignals.signals(sentBy: method),
              let declared = facts.containers.first(where: { $0.name == container })
        else { return [] }
        if let base = declared.superclass.map(facts.language.resolver.lastSegment(of:)),
           DjangoModelSignals.modelSavingBases.contains(base)
        {
            guard method == "save" || method == "asave", let model = metaModel(of: declared, in: facts), model != container else { return [] }
            // DRF's `save()` calls the serializer's own `create` or `update` when it defines them, else the model's.
            let own = facts.definitions.filter { $0.container == container && ($0.name == "create" || $0.name == "update") }
                .map { Symbol(path: facts.path, definition: $0) }
            return own.count == 2 ? own : own + methods("save", ofType: model, from: facts)
        }
        return djangoReceivers(of: signals, sentBy: container, declaredIn: facts.path)
    }

    /// The model a form's or serializer's inner `class Meta:` names (`model = Document`).
    private func metaModel(of container: ContainerFact, in facts: FileFacts) -> String? {
        guard let meta = facts.containers.first(where: { $0.name == "Meta" && container.tokens.contains($0.tokens.lowerBound) }),
              let lexed = lexedFile(facts.path)
        else { return nil }
        for cursor in meta.tokens where cursor < lexed.tokens.count && lexed.tokens[cursor].firstOnLine && lexed.token(cursor, is: "model") {
            guard lexed.token(cursor + 1, isPunctuation: Byte.equals), lexed.isIdentifier(cursor + 2) else { continue }
            var name = cursor + 2
            while lexed.token(name + 1, isPunctuation: Byte.dot), lexed.isIdentifier(name + 2) { name += 2 }
            return lexed.text(name)
        }
        return nil
    }

    /// The receivers of `signals` whose sender is model `model` of `path`: found once per model and kind of method.
    func djangoReceivers(of signals: Set<String>, sentBy model: String, declaredIn path: String) -> [Symbol] {
        let key = "django-receivers:" + signals.sorted().joined(separator: ",") + ":" + model + ":" + path
        return project.configuration(key) { () -> [Symbol] in
            var found: [Symbol] = []
            for receiver in djangoReceivers() where !receiver.signals.isDisjoint(with: signals)
                && !found.contains(receiver.handler) && sender(receiver.sender, of: receiver.handler.path, is: model, declaredIn: path)
            {
                found.append(receiver.handler)
            }
            return found
        }
    }

    /// Every receiver of a model signal the tree declares in the files Django's conventions put them in: read once,
    /// and only the files that name a signal are lexed.
    func djangoReceivers() -> [DjangoModelSignals.Receiver] {
        project.configuration("django-receivers") { () -> [DjangoModelSignals.Receiver] in
            var found: [DjangoModelSignals.Receiver] = []
            for path in project.paths where DjangoModelSignals.mayHoldReceivers(path) {
                guard let bytes = project.contents(of: path), DjangoModelSignals.mayDeclareReceivers.matches(bytes),
                      let facts = facts(of: path), let lexed = lexedFile(path)
                else { continue }
                found += DjangoModelSignals.receivers(in: lexed, facts: facts, index: self)
            }
            return found
        }
    }

    /// Whether some receiver of the tree may reach a paid call, for files that save records without importing it.
    func djangoReceiversMayReachPaid() -> Bool {
        project.configuration("django-receivers-may-reach-paid") { () -> Bool in
            Set(djangoReceivers().map(\.handler.path)).contains { fileMayReachPaid($0) }
        }
    }

    /// Whether a receiver's sender, read in its own file, is model `model` defined in `modelPath`.
    private func sender(_ sender: DjangoModelSignals.Sender, of receiverPath: String, is model: String, declaredIn modelPath: String) -> Bool {
        switch sender {
        case .label(let app, let name):
            return name == model && app == DjangoModelSignals.appLabel(ofModelFile: modelPath)
        case .name(let names):
            guard names.last == model, let facts = facts(of: receiverPath) else { return false }
            if names.count == 1, receiverPath == modelPath, facts.containers.contains(where: { $0.name == model }) { return true }
            guard let binding = facts.imports.first(where: { $0.local == names[0] }) else { return false }
            var module = binding.module
            // `from . import models` then `models.Document`: the member is the module.
            if names.count == 2, let member = binding.member {
                guard let submodule = facts.language.resolver.submodule(binding.module, member: member) else { return false }
                module = submodule
            } else if names.count > 2 {
                return false
            }
            let files = modules(module, of: facts)
            if files.contains(modelPath) { return true }
            // A `models` package re-exporting its modules' classes (`from .document import Document`).
            return files.contains { file in
                guard let package = self.facts(of: file) else { return false }
                return package.imports.contains { $0.local == model && modules($0.module, of: package).contains(modelPath) }
            }
        }
    }

    /// The class of the instance a Django view hook is handed: DRF's `perform_create(self, serializer)` and
    /// `perform_update` get one of the view's `serializer_class`, a generic editing view's `form_valid(self, form)`
    /// one of its `form_class`; nil for any other call (`save` on a parameter of another function is not guessed).
    func djangoHandedInstanceType(of call: CallFact, in facts: FileFacts) -> String? {
        guard call.name == "save" || call.name == "asave", call.receiver.count == 1,
              let caller = facts.definition(enclosing: call.token), let container = caller.container,
              let attribute = DjangoModelSignals.handedInstanceAttributes[caller.name],
              let declared = facts.containers.first(where: { $0.name == container }), let lexed = lexedFile(facts.path),
              lexed.tokens.count > caller.tokens.upperBound
        else { return nil }
        // The receiver is one of the hook's parameters.
        guard let name = caller.tokens.first(where: { lexed.token($0, is: "def") }).map({ $0 + 1 }),
              lexed.token(name + 1, isPunctuation: Byte.openParen), lexed.partner[name + 1] > name + 1,
              (name + 2..<lexed.partner[name + 1]).contains(where: { lexed.isIdentifier($0) && lexed.text($0) == call.receiver[0] })
        else { return nil }
        // The class's own attribute, at its level (not a nested class's or a method's).
        for cursor in declared.tokens where cursor < lexed.tokens.count && lexed.tokens[cursor].firstOnLine
            && lexed.text(cursor) == attribute && !facts.definitions.contains(where: { $0.container == container && $0.tokens.contains(cursor) })
        {
            guard lexed.token(cursor + 1, isPunctuation: Byte.equals), lexed.isIdentifier(cursor + 2),
                  !lexed.token(cursor + 3, isPunctuation: Byte.dot), !lexed.token(cursor + 3, isPunctuation: Byte.openParen)
            else { return nil }
            return lexed.text(cursor + 2)
        }
        return nil
    }

    /// Whether the Django hooks of a record method are among a call's targets: they all run, one after another,
    /// where a call resolved to several files is otherwise one of them.
    func runsDjangoHooks(_ call: CallFact, targets: [Symbol], in facts: FileFacts) -> Bool {
        guard facts.language == .python, targets.count > 1,
              DjangoModelSignals.signals(sentBy: call.name) != nil || DjangoModelSignals.savingManagerMethods.contains(call.name),
              targets.contains(where: { DjangoModelSignals.mayHoldReceivers($0.path) })
        else { return false }
        let handlers = Set(djangoReceivers().map(\.handler))
        return targets.contains { handlers.contains($0) }
    }
}
