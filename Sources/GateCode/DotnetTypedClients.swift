import GateCore

extension CodeIndex {
    /// The base address of the `HttpClient` .NET hands the typed client class `name`, when a registration of the project
    /// gives it a literal one: `services.AddHttpClient<OpenAiClient>(c => c.BaseAddress = new Uri("https://api.openai.com/"))`,
    /// `AddHttpClient<IOpenAiClient, OpenAiClient>(client => { client.BaseAddress = new("…"); })`, or a
    /// `.ConfigureHttpClient(c => c.BaseAddress = …)` chained on it. Every request of the class's client goes there.
    public func dotnetTypedClientBase(forClass name: String) -> String? {
        dotnetTypedClientBases()[name]
    }

    /// The typed clients the project's C# files register with a literal base address, by class name, read once.
    private func dotnetTypedClientBases() -> [String: String] {
        project.configuration("dotnet-typed-client-bases") { () -> [String: String] in
            var bases: [String: String] = [:]
            let needle = Array("addhttpclient".utf8)
            for path in project.paths where path.hasSuffix(".cs") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, needle) else { continue }
                for (type, base) in Self.typedClientRegistrations(Lexer.lex(bytes, language: .csharp)) where bases[type] == nil {
                    bases[type] = base
                }
            }
            return bases
        }
    }

    /// The `AddHttpClient<…>(…)` registrations of a lexed C# file that set a literal `BaseAddress`, each class of the
    /// type arguments with the base.
    static func typedClientRegistrations(_ lexed: LexedSource) -> [(type: String, base: String)] {
        var result: [(String, String)] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "AddHttpClient") && lexed.token(index + 1, isPunctuation: Byte.less) {
            var open = index + 2
            while open < min(lexed.tokens.count, index + 16), !lexed.token(open, isPunctuation: Byte.openParen) { open += 1 }
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
            let types = ((index + 2)..<open).filter { lexed.tokens[$0].kind == .identifier && !lexed.token($0 + 1, isPunctuation: Byte.dot) }
            // The registration's own configuration, and a `.ConfigureHttpClient(…)` chained right after it.
            var end = lexed.partner[open]
            if lexed.token(end + 1, isPunctuation: Byte.dot), lexed.token(end + 2, is: "ConfigureHttpClient"),
               lexed.token(end + 3, isPunctuation: Byte.openParen), lexed.partner[end + 3] > end + 3
            {
                end = lexed.partner[end + 3]
            }
            guard let set = (open..<end).first(where: { lexed.token($0, is: "BaseAddress") && lexed.token($0 + 1, isPunctuation: Byte.equals) }),
                  lexed.token(set + 2, is: "new")
            else { continue }
            let literal = lexed.token(set + 3, is: "Uri") ? set + 5 : set + 4
            guard literal < end, lexed.tokens[literal].kind == .string, lexed.token(literal - 1, isPunctuation: Byte.openParen) else { continue }
            let base = lexed.text(literal)
            guard base.hasPrefix("http://") || base.hasPrefix("https://") else { continue }
            for type in types { result.append((lexed.text(type), base)) }
        }
        return result
    }
}
