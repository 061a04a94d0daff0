import GateCore

/// Passport strategies registered to let every request through. `passport.authenticate(name)` refuses what the
/// strategy registered under that name refuses: passport-anonymous's refuses nobody, and so does a strategy whose
/// verify function decides alone and always succeeds (a passport-custom `CustomStrategy` answering `done(null, {})`,
/// a `LocalStrategy` handing every caller a made-up user without looking at the password). Strategies that check
/// a credential before their verify runs (passport-jwt's signature, OAuth providers) refuse whatever it answers.
extension CodeIndex {
    /// The names (`passport.use("open", new CustomStrategy(…))`, or the strategy's own, `local`) under which every
    /// registration of the project lets everyone through. Read once, from the JavaScript and TypeScript files that
    /// call `passport.use(`.
    public func passportStrategiesLettingEveryoneThrough() -> Set<String> {
        project.configuration("passport-strategies-letting-everyone-through") { () -> Set<String> in
            var open: Set<String> = []
            var refusing: Set<String> = []
            for path in project.paths where !path.contains("node_modules/") {
                guard let language = SourceLanguage(path: path), language.isJavaScriptLike, let bytes = project.contents(of: path),
                      ByteSearch.containsFolded(bytes, Self.passportUse)
                else { continue }
                let lexed = Lexer.lex(bytes, language: language)
                let imports = importBindings(in: lexed)
                for registration in Self.passportRegistrations(in: lexed, imports: imports) {
                    if registration.letsEveryoneThrough { open.insert(registration.name) } else { refusing.insert(registration.name) }
                }
            }
            return open.subtracting(refusing)
        }
    }

    private static let passportUse = Array("passport.use(".utf8)

    /// The guard tokens of a file (`facts.guardTokens`) less those of its `passport.authenticate(…)` calls that name
    /// a strategy the project registers to let everyone through (`passportStrategiesLettingEveryoneThrough`), alone
    /// or last in a chain. The project's registrations are read only for a file that authenticates so.
    public func guardTokensLessOpenPassport(_ facts: FileFacts, lexed: LexedSource) -> [Int] {
        let tokens = facts.guardTokens
        guard facts.language.isJavaScriptLike else { return tokens }
        var open: Set<String>?
        var dropped: [ClosedRange<Int>] = []
        for token in tokens where lexed.token(token, is: "passport") && lexed.token(token + 1, isPunctuation: Byte.dot)
            && lexed.token(token + 2, is: "authenticate") && lexed.token(token + 3, isPunctuation: Byte.openParen)
            && lexed.partner[token + 3] > token + 3
        {
            guard let last = lexed.passportStrategies(ofAuthenticateAt: token + 2).last else { continue }
            if open == nil { open = passportStrategiesLettingEveryoneThrough() }
            if open!.contains(last) { dropped.append(token...lexed.partner[token + 3]) }
        }
        guard !dropped.isEmpty else { return tokens }
        return tokens.filter { token in !dropped.contains { $0.contains(token) } }
    }

    /// The modules of strategies whose verify function alone decides who is let in, each with the name a strategy of
    /// it is registered under when `passport.use` names none.
    private static let verifyDecides: [String: String] = [
        "passport-custom": "custom", "passport-local": "local", "passport-http-bearer": "bearer", "passport-http": "basic",
        "passport-headerapikey": "headerapikey", "passport-anonymous": "anonymous",
    ]

    /// `passport.use([name,] new X(…))` of a file: the name it registers and whether the strategy lets everyone through.
    static func passportRegistrations(in lexed: LexedSource, imports: [ImportBinding]) -> [(name: String, letsEveryoneThrough: Bool)] {
        var result: [(String, Bool)] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "passport") && lexed.token(index + 1, isPunctuation: Byte.dot)
            && lexed.token(index + 2, is: "use") && lexed.token(index + 3, isPunctuation: Byte.openParen)
        {
            let open = index + 3
            guard lexed.partner[open] > open else { continue }
            var cursor = open + 1
            var name: String?
            if lexed.tokens[cursor].kind == .string, lexed.token(cursor + 1, isPunctuation: Byte.comma) {
                name = lexed.text(cursor)
                cursor += 2
            }
            // `new LocalStrategy(…)`, `new passportCustom.Strategy(…)`.
            guard lexed.token(cursor, is: "new"), lexed.tokens[cursor + 1].kind == .identifier else { continue }
            var type = cursor + 1
            while lexed.token(type + 1, isPunctuation: Byte.dot), lexed.tokens.indices.contains(type + 2), lexed.tokens[type + 2].kind == .identifier {
                type += 2
            }
            let construction = type + 1
            guard lexed.token(construction, isPunctuation: Byte.openParen), lexed.partner[construction] > construction else { continue }
            let binding = imports.first { $0.local == lexed.text(cursor + 1) }
            let module = binding?.module ?? ""
            var defaultName = Self.verifyDecides[module]
            if module == "passport-http", binding?.member == "DigestStrategy" { defaultName = "digest" }
            let className = lexed.text(type)
            let ownName = className.hasSuffix("Strategy") && className != "Strategy" ? String(className.dropLast(8)).lowercased() : nil
            guard let registered = name ?? defaultName ?? ownName else { continue }
            guard Self.verifyDecides[module] != nil else {
                result.append((registered, false))
                continue
            }
            let everyone = module == "passport-anonymous"
                || Self.verifyAlwaysSucceeds(lexed, arguments: construction...lexed.partner[construction])
            result.append((registered, everyone))
        }
        return result
    }

    /// Whether the verify function, the last argument of a strategy's construction, lets every caller in: it tests
    /// nothing (no `if`, ternary, `&&`, `||`, `throw`, `switch`) and hands its callback only a user it makes up (`done(null,
    /// {})`, `done(null, { id: "demo" })`, a constant of the file holding an object, `true`).
    static func verifyAlwaysSucceeds(_ lexed: LexedSource, arguments: ClosedRange<Int>) -> Bool {
        let close = arguments.upperBound
        guard let last = argumentStarts(lexed, within: arguments).last else { return false }
        var cursor = last
        if lexed.token(cursor, is: "async") { cursor += 1 }
        if lexed.token(cursor, is: "function") {
            cursor += 1
            if lexed.tokens[cursor].kind == .identifier { cursor += 1 }
        }
        // The parameters; the callback is the last.
        let parameters: ClosedRange<Int>
        var body: Int
        if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
            parameters = cursor...lexed.partner[cursor]
            body = lexed.partner[cursor] + 1
        } else {
            return false
        }
        // A return type: `(req, done): void =>`.
        if lexed.token(body, isPunctuation: Byte.colon) {
            while body < close, !lexed.token(body, is: "=>"), !lexed.token(body, isPunctuation: Byte.openBrace) { body += 1 }
        }
        if lexed.token(body, is: "=>") { body += 1 }
        let names = argumentStarts(lexed, within: parameters).filter { lexed.tokens[$0].kind == .identifier }
        guard let callback = names.last, names.count >= 2 else { return false }
        let end = lexed.token(body, isPunctuation: Byte.openBrace) && lexed.partner[body] > body ? lexed.partner[body] : close - 1
        guard body <= end else { return false }
        let span = body...end
        for index in span {
            if lexed.token(index, is: "if") || lexed.token(index, is: "throw") || lexed.token(index, is: "switch")
                || lexed.token(index, is: "catch") || lexed.token(index, isPunctuation: UInt8(ascii: "?"))
                || lexed.token(index, isPunctuation: UInt8(ascii: "&")) || lexed.token(index, isPunctuation: UInt8(ascii: "|"))
            {
                return false
            }
        }
        let callbackText = lexed.text(callback)
        var calls = 0
        for index in span where lexed.tokens[index].kind == .identifier && lexed.text(index) == callbackText {
            // Handed on rather than called (`lookup(token, done)`): what it is answered is decided elsewhere.
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), !lexed.token(index - 1, isPunctuation: Byte.dot) else { return false }
            let open = index + 1
            guard lexed.token(open + 1, is: "null") || lexed.token(open + 1, is: "undefined"),
                  lexed.token(open + 2, isPunctuation: Byte.comma), madeUpUser(lexed, at: open + 3, before: lexed.partner[open])
            else { return false }
            calls += 1
        }
        return calls > 0
    }

    /// The first token of each argument between the brackets `brackets` (a trailing comma allowed).
    private static func argumentStarts(_ lexed: LexedSource, within brackets: ClosedRange<Int>) -> [Int] {
        var starts: [Int] = []
        var index = brackets.lowerBound + 1
        var atStart = true
        while index < brackets.upperBound {
            if atStart { starts.append(index) }
            atStart = lexed.token(index, isPunctuation: Byte.comma)
            index = lexed.partner[index] > index ? lexed.partner[index] + 1 : index + 1
        }
        return starts
    }

    /// Whether the argument at token `index` (ending before `close`) is a user the code makes up: an object literal,
    /// `true`, a string, or a constant of the file holding an object literal (`const demoUser = { id: "demo" }`).
    private static func madeUpUser(_ lexed: LexedSource, at index: Int, before close: Int) -> Bool {
        guard index < close else { return false }
        let end: Int
        if lexed.token(index, isPunctuation: Byte.openBrace), lexed.partner[index] > index {
            end = lexed.partner[index]
        } else if lexed.token(index, is: "true") || lexed.tokens[index].kind == .string {
            end = index
        } else if lexed.tokens[index].kind == .identifier {
            let name = lexed.text(index)
            let declared = lexed.tokens.indices.contains { at in
                lexed.tokens[at].block == -1 && lexed.token(at, is: "const") && lexed.tokens.indices.contains(at + 3)
                    && lexed.tokens[at + 1].kind == .identifier && lexed.text(at + 1) == name
                    && lexed.token(at + 2, isPunctuation: Byte.equals) && lexed.token(at + 3, isPunctuation: Byte.openBrace)
            }
            guard declared else { return false }
            end = index
        } else {
            return false
        }
        return end + 1 == close || lexed.token(end + 1, isPunctuation: Byte.comma)
    }
}

extension LexedSource {
    /// The strategies `passport.authenticate(…)` names, its `authenticate` at token `index`: `"jwt"`, `["jwt",
    /// "anonymous"]` (tried in order: the last one decides for a caller the others refuse).
    public func passportStrategies(ofAuthenticateAt index: Int) -> [String] {
        let open = index + 1
        guard token(open, isPunctuation: Byte.openParen), partner[open] > open else { return [] }
        if tokens[open + 1].kind == .string { return [text(open + 1)] }
        guard token(open + 1, isPunctuation: Byte.openBracket), partner[open + 1] > open + 1 else { return [] }
        return ((open + 2)..<partner[open + 1]).filter { tokens[$0].kind == .string }.map { text($0) }
    }
}
