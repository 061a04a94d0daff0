import GateCore

extension CodeIndex {
    /// The base URL of the Spring `RestClient` or `WebClient` bean injected as `name` of type `type` (`RestClient`,
    /// `WebClient`): the `@Bean` method of that name, else the project's only bean of the type, when its body builds
    /// the client with a literal base (`return RestClient.builder().baseUrl("https://api.openai.com/v1")…build();`).
    /// Every request of the injected client goes there.
    public func springClientBeanBase(named name: String, type: String) -> String? {
        let beans = springClientBeans().filter { $0.type == type }
        if let named = beans.first(where: { $0.name == name }) { return named.base }
        return beans.count == 1 ? beans[0].base : nil
    }

    private struct SpringClientBean: Sendable {
        var name: String
        var type: String
        var base: String
    }

    private static let beanWord = Array("@bean".utf8)
    private static let baseUrlWord = Array("baseurl".utf8)

    /// The project's `@Bean` methods building a `RestClient` or `WebClient` on a literal base URL, read once.
    private func springClientBeans() -> [SpringClientBean] {
        project.configuration("spring-client-beans") { () -> [SpringClientBean] in
            var beans: [SpringClientBean] = []
            for path in project.paths where path.hasSuffix(".java") || path.hasSuffix(".kt") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.beanWord),
                      ByteSearch.containsFolded(bytes, Self.baseUrlWord)
                else { continue }
                let lexed = Lexer.lex(bytes, language: path.hasSuffix(".kt") ? .kotlin : .java)
                beans += Self.clientBeans(lexed)
            }
            return beans
        }
    }

    /// The `@Bean` methods of a lexed file whose body builds a client on a literal `baseUrl("https://…")`.
    private static func clientBeans(_ lexed: LexedSource) -> [SpringClientBean] {
        var result: [SpringClientBean] = []
        let tokens = lexed.tokens
        for index in tokens.indices where lexed.token(index, isPunctuation: Byte.at) && lexed.token(index + 1, is: "Bean") {
            // The method's name: the first name called after the annotation (and its own arguments).
            var cursor = index + 2
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1 }
            while cursor < min(tokens.count - 1, index + 24), !(tokens[cursor].kind == .identifier && lexed.token(cursor + 1, isPunctuation: Byte.openParen)) {
                cursor += 1
            }
            guard cursor < min(tokens.count - 1, index + 24), lexed.partner[cursor + 1] > cursor else { continue }
            let name = lexed.text(cursor)
            // Its body: the braces after the parameters (and a Kotlin return type), or a Kotlin `= …` expression.
            var bodyStart = lexed.partner[cursor + 1] + 1
            while bodyStart < min(tokens.count, cursor + 64), !lexed.token(bodyStart, isPunctuation: Byte.openBrace),
                  !lexed.token(bodyStart, isPunctuation: Byte.equals)
            {
                bodyStart += 1
            }
            guard bodyStart < tokens.count else { continue }
            let bodyEnd = lexed.token(bodyStart, isPunctuation: Byte.openBrace) && lexed.partner[bodyStart] > bodyStart
                ? lexed.partner[bodyStart] : min(tokens.count - 1, bodyStart + 64)
            let body = bodyStart...bodyEnd
            guard let type = body.lazy.compactMap({ token -> String? in
                      lexed.token(token, is: "RestClient") ? "RestClient" : lexed.token(token, is: "WebClient") ? "WebClient" : nil
                  }).first,
                  let set = body.first(where: { lexed.token($0, is: "baseUrl") && lexed.token($0 - 1, isPunctuation: Byte.dot) }),
                  lexed.token(set + 1, isPunctuation: Byte.openParen), set + 2 <= bodyEnd, tokens[set + 2].kind == .string,
                  lexed.token(set + 3, isPunctuation: Byte.closeParen)
            else { continue }
            let base = lexed.text(set + 2)
            guard base.hasPrefix("http://") || base.hasPrefix("https://") else { continue }
            result.append(SpringClientBean(name: name, type: type, base: base))
        }
        return result
    }
}
