import GateCore

/// A value taken from a dependency-injection container by its type is an instance of that type, as a declared one is:
/// `var summaries = scope.ServiceProvider.GetRequiredService<ISummaryService>()` types `summaries` as
/// `ISummaryService` the way `ISummaryService summaries = …` does, so a call on it runs the classes that implement it.
/// The container's bindings are not read (README, Known limits): the type asked for stands for what is handed back.
extension FactExtractor {
    /// The first token of the type the container lookup starting at token `value` asks for, or nil when the value is
    /// no such lookup. Recognised, the call ending the value's member chain:
    /// - C#: `GetRequiredService<T>()`, `GetService<T>()`, `GetRequiredKeyedService<T>(key)`, `GetKeyedService<T>(key)`,
    ///   `ActivatorUtilities.CreateInstance<T>(sp)`;
    /// - Java and Kotlin (Spring): `getBean(T.class)`, `getBean("name", T.class)`, `getBean(T::class.java)`,
    ///   `getBean<T>()`;
    /// - TypeScript and JavaScript: NestJS's `moduleRef.get(T)` / `resolve(T)` and `app.get(T)`, tsyringe's
    ///   `container.resolve(T)`, TypeDI's `Container.get(T)`, Angular's `injector.get(T)` and `inject(T)`, and any of
    ///   them with a type argument (`app.get<T>(…)`).
    /// Asked only for an assignment's value that names no type itself: a few token comparisons, no string.
    static func containerLookupType(_ lexed: LexedSource, value: Int) -> Int? {
        let language = lexed.language
        guard language == .csharp || language == .java || language == .kotlin || language.isJavaScriptLike,
              lexed.isIdentifier(value)
        else { return nil }
        // The member chain's last name is the method called (`scope.ServiceProvider.GetRequiredService`).
        var method = value
        while lexed.token(method + 1, isPunctuation: Byte.dot) || lexed.token(method + 1, is: "?."), lexed.isIdentifier(method + 2) {
            method += 2
        }
        let hasReceiver = method > value
        let name = lexed.bytes[lexed.tokens[method].start..<lexed.tokens[method].end]
        // `Method<T>(`: the type argument, when the method is a lookup.
        func typeArgument() -> Int? {
            guard lexed.token(method + 1, isPunctuation: Byte.less), startsTypeName(lexed, method + 2) else { return nil }
            var close = method + 3
            while lexed.token(close, isPunctuation: Byte.dot), lexed.isIdentifier(close + 1) { close += 2 }
            guard lexed.token(close, isPunctuation: Byte.greater), lexed.token(close + 1, isPunctuation: Byte.openParen)
            else { return nil }
            return method + 2
        }
        switch language {
        case .csharp:
            guard dotNetLookups.contains(name) else { return nil }
            return typeArgument()
        case .java, .kotlin:
            guard hasReceiver, lexed.token(method, is: "getBean") else { return nil }
            if language == .kotlin, let argument = typeArgument() { return argument }
            return springClassArgument(lexed, call: method + 1)
        default:
            // `inject(T)` alone (Angular); the others on a container's name (`this.moduleRef`, `app`, `container`).
            if !hasReceiver {
                guard lexed.token(method, is: "inject") else { return nil }
            } else {
                let receiver = method - 2
                guard scriptContainers.contains(lexed.bytes[lexed.tokens[receiver].start..<lexed.tokens[receiver].end]),
                      scriptLookups.contains(name)
                else { return nil }
            }
            if let argument = typeArgument() { return argument }
            // The first argument a class: `get(ChatService)`, `get(ChatService, { strict: false })`.
            guard lexed.token(method + 1, isPunctuation: Byte.openParen), startsTypeName(lexed, method + 2),
                  lexed.token(method + 3, isPunctuation: Byte.closeParen) || lexed.token(method + 3, isPunctuation: Byte.comma)
            else { return nil }
            return method + 2
        }
    }

    /// Spring's `getBean(…)` arguments: the last one a class literal, `T.class` or Kotlin's `T::class.java` /
    /// `T::class`. `call` is the `(` token.
    private static func springClassArgument(_ lexed: LexedSource, call open: Int) -> Int? {
        guard lexed.token(open, isPunctuation: Byte.openParen) else { return nil }
        let close = lexed.partner[open]
        guard close > open + 3 else { return nil }
        // `T.class)`, `T::class)`, `T::class.java)`.
        var end = close - 1
        if lexed.token(end, is: "java"), lexed.token(end - 1, isPunctuation: Byte.dot) { end -= 2 }
        guard lexed.token(end, is: "class"),
              lexed.token(end - 1, isPunctuation: Byte.dot) || lexed.token(end - 1, is: "::"),
              startsTypeName(lexed, end - 2)
        else { return nil }
        // A qualified name (`com.acme.ChatService.class`) is kept whole from its first segment.
        var start = end - 2
        while lexed.token(start - 1, isPunctuation: Byte.dot), lexed.isIdentifier(start - 2), start - 2 > open { start -= 2 }
        return startsTypeName(lexed, start) ? start : end - 2
    }

    /// Whether token `index` is a name starting with a capital letter, as types are written.
    private static func startsTypeName(_ lexed: LexedSource, _ index: Int) -> Bool {
        guard lexed.isIdentifier(index) else { return false }
        let first = lexed.bytes[lexed.tokens[index].start]
        return first >= 65 && first <= 90
    }

    /// .NET's container lookups and the activator that builds a type from it.
    private static let dotNetLookups = WordSet([
        "GetRequiredService", "GetService", "GetRequiredKeyedService", "GetKeyedService", "CreateInstance",
    ])
    /// The lookups of TypeScript's containers (NestJS, tsyringe, TypeDI, Angular, InversifyJS).
    private static let scriptLookups = WordSet(["get", "resolve", "getAsync", "resolveAsync"])
    /// The names a TypeScript container is held by, in the frameworks' documentation and the apps that follow it.
    private static let scriptContainers = WordSet([
        "moduleRef", "app", "application", "container", "Container", "injector", "Injector", "ref",
    ])
}
