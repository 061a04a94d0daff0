import GateCore

/// Go's asynq: work is enqueued as a task of a type (`asynq.NewTask(tasks.TypeSummarize, payload)`, handed to
/// `client.Enqueue`), and a worker runs whatever its `asynq.ServeMux` registers for that type
/// (`mux.HandleFunc(tasks.TypeSummarize, tasks.HandleSummarizeTask)`, `mux.Handle(tasks.TypeResize,
/// tasks.NewImageProcessor())`). Nothing imports the handler from the code that enqueues, so the type is what links
/// them: making the task is taken as enqueuing it (tasks are made to be enqueued, and usually in a constructor of the
/// task package that the request handler calls).
///
/// The type is matched by the constant's name (`TypeSummarize`, whatever package qualifies it) or by its string
/// value (`"summary:create"`, written out or the value of a constant declared in a Go file that names asynq).
enum AsynqTasks {
    /// What a task type is known by: `name:TypeSummarize` or `value:summary:create`.
    typealias TypeKey = String

    /// A handler a mux registers: the registering file and the token its handler argument starts at.
    struct Registration: Sendable {
        var path: String
        var handler: Int
    }

    /// The task type a `NewTask(…)` call at token `name` makes: its first argument's keys (a constant's name, and its
    /// value when the project declares it), with a label for messages. Nil when the argument is neither.
    static func taskType(madeAt name: Int, in lexed: LexedSource, constants: [String: String]) -> (keys: [TypeKey], label: String)? {
        let open = name + 1
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1 else { return nil }
        return typeKeys(argumentAt: open + 1, in: lexed, constants: constants)
    }

    /// The keys of a task type written at token `start`: a string, or a (qualified) constant ending at a comma or
    /// the closing parenthesis.
    private static func typeKeys(argumentAt start: Int, in lexed: LexedSource, constants: [String: String]) -> (keys: [TypeKey], label: String)? {
        guard lexed.tokens.indices.contains(start) else { return nil }
        if lexed.tokens[start].kind == .string {
            let value = lexed.text(start)
            return value.isEmpty ? nil : (["value:" + value], value)
        }
        let (names, last) = lexed.dottedName(at: start)
        guard let constant = names.last,
              lexed.token(last + 1, isPunctuation: Byte.comma) || lexed.token(last + 1, isPunctuation: Byte.closeParen)
        else { return nil }
        return (["name:" + constant] + (constants[constant].map { ["value:" + $0] } ?? []), constant)
    }

    /// The handlers the project's muxes register, by task type, and the values of task-type constants: read once,
    /// from the Go files that name asynq.
    struct Registry: Sendable {
        var handlers: [TypeKey: [Registration]] = [:]
        var constants: [String: String] = [:]
    }

    static let asynqWord = Array("asynq".utf8)

    static func registry(of index: CodeIndex) -> Registry {
        index.project.configuration("asynq-task-registry") { () -> Registry in
            var registry = Registry()
            var files: [(path: String, lexed: LexedSource)] = []
            for path in index.project.paths where path.hasSuffix(".go") {
                guard let bytes = index.project.contents(of: path), ByteSearch.containsFolded(bytes, asynqWord),
                      let lexed = index.lexedFile(path)
                else { continue }
                files.append((path, lexed))
                registry.constants.merge(stringConstants(in: lexed)) { first, _ in first }
            }
            for (path, lexed) in files {
                for (key, handler) in registrations(in: lexed, constants: registry.constants) {
                    registry.handlers[key, default: []].append(Registration(path: path, handler: handler))
                }
            }
            return registry
        }
    }

    /// `Name = "value"` declarations of a file (in `const ( … )` blocks or alone): the task types' usual spelling.
    private static func stringConstants(in lexed: LexedSource) -> [String: String] {
        var result: [String: String] = [:]
        let tokens = lexed.tokens
        for index in tokens.indices.dropFirst() where tokens[index].kind == .string
            && lexed.token(index - 1, isPunctuation: Byte.equals) && lexed.isIdentifier(index - 2)
            && (lexed.tokens[index - 2].firstOnLine || lexed.token(index - 3, is: "const"))
        {
            result[lexed.text(index - 2)] = lexed.text(index)
        }
        return result
    }

    /// The `HandleFunc(type, handler)` and `Handle(type, handler)` calls of a file, as (type key, handler token).
    /// net/http's muxes register paths the same way; a path never equals a task type, so they match nothing.
    private static func registrations(in lexed: LexedSource, constants: [String: String]) -> [(TypeKey, Int)] {
        var result: [(TypeKey, Int)] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier
            && (lexed.token(index, is: "HandleFunc") || lexed.token(index, is: "Handle"))
            && lexed.token(index - 1, isPunctuation: Byte.dot)
        {
            guard let type = taskType(madeAt: index, in: lexed, constants: constants) else { continue }
            // The handler is the second argument: after the comma that ends the first.
            var cursor = index + 2
            let close = lexed.partner[index + 1]
            while cursor < close, !lexed.token(cursor, isPunctuation: Byte.comma) { cursor += 1 }
            guard cursor + 1 < close else { continue }
            for key in type.keys { result.append((key, cursor + 1)) }
        }
        return result
    }

    /// The functions a registered handler runs: a function (`tasks.HandleSummarizeTask`, or wrapped in
    /// `asynq.HandlerFunc(…)`), or the `ProcessTask` method of a value (`tasks.NewImageProcessor()` by the `NewT`
    /// convention, `&tasks.ImageProcessor{…}`, `tasks.ImageProcessor{}`).
    static func handlers(of registration: Registration, index: CodeIndex) -> [Symbol] {
        guard let facts = index.facts(of: registration.path), let lexed = index.lexedFile(registration.path) else { return [] }
        var start = registration.handler
        if lexed.token(start, is: "asynq"), lexed.token(start + 2, is: "HandlerFunc"), lexed.token(start + 3, isPunctuation: Byte.openParen) {
            start += 4
        }
        let isPointer = lexed.token(start, isPunctuation: Byte.ampersand)
        if isPointer { start += 1 }
        let (chain, cursor) = lexed.dottedName(at: start)
        guard let last = chain.last else { return [] }
        let qualifier = chain.dropLast()
        let token = lexed.tokens[cursor]
        if lexed.token(cursor + 1, isPunctuation: Byte.openBrace) {
            return index.methods("ProcessTask", ofType: chain.joined(separator: "."), from: facts)
        }
        if lexed.token(cursor + 1, isPunctuation: Byte.openParen) {
            guard !isPointer, last.hasPrefix("New"), last.count > 3 else { return [] }
            let type = (qualifier + [String(last.dropFirst(3))]).joined(separator: ".")
            return index.methods("ProcessTask", ofType: type, from: facts)
        }
        guard !isPointer else { return [] }
        let call = CallFact(name: last, receiver: Array(qualifier), token: cursor, line: token.line, column: token.column,
                            firstArgument: nil)
        return index.resolve(call, in: facts).targets
    }
}

extension WorkQueues {
    /// An asynq task made by `call` (`asynq.NewTask(type, …)`): the handlers the project registers for its type.
    static func asynqTask(_ call: CallFact, in facts: FileFacts, index: CodeIndex) -> Enqueued? {
        guard facts.language == .go, call.name == "NewTask", call.receiver.last == "asynq",
              let lexed = index.lexedFile(facts.path)
        else { return nil }
        let registry = AsynqTasks.registry(of: index)
        guard let type = AsynqTasks.taskType(madeAt: call.token, in: lexed, constants: registry.constants) else { return nil }
        var handlers: [Symbol] = []
        for key in type.keys {
            for registration in registry.handlers[key] ?? [] {
                handlers += AsynqTasks.handlers(of: registration, index: index).filter { !handlers.contains($0) }
            }
        }
        return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: type.label, background: "enqueues asynq task \(type.label)")
    }
}
