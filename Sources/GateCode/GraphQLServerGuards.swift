import GateCore

/// What a JavaScript GraphQL server does for every resolver it runs, read from the files that make it (Apollo
/// Server, graphql-yoga, Mercurius, express-graphql, graphql-http): a `context` function that refuses a request
/// without a caller, graphql-shield's rules, Envelop's generic auth in `protect-all` mode.
struct GraphQLServerFacts: Sendable {
    /// What refuses a request for every resolver: a context function that throws when the request names no caller,
    /// Envelop's generic auth, middleware mounted before the GraphQL handler.
    var serverGuard: String?
    /// graphql-shield's rules: by type, the rule of each field (`"*"` for the type's wildcard), a type's own rule,
    /// and the fallback rule, each as its source text with where it is written.
    var fieldRules: [String: [String: String]] = [:]
    var typeRules: [String: String] = [:]
    var fallbackRule: String?

    /// The shield rule that applies to `type.field`, unless it is `allow` (which lets everyone through).
    func shieldRule(type: String, field: String) -> String? {
        guard let rule = fieldRules[type]?[field] ?? fieldRules[type]?["*"] ?? typeRules[type] ?? fallbackRule,
              !rule.hasPrefix("allow ")
        else { return nil }
        return rule
    }
}

extension CodeIndex {
    /// The guard the GraphQL server running the resolvers of `path` (JavaScript or TypeScript) puts before field
    /// `type.field`: a context function that throws when the request names no caller (`context: async ({ req }) =>
    /// { …; if (!user) throw new GraphQLError(…) }`), a graphql-shield rule other than `allow` for the field (its own,
    /// the type's wildcard or the fallback rule), or Envelop's `useGenericAuth({ mode: "protect-all" })`. The server
    /// is looked for where the app's entry files are (`index.ts`, `server.ts`, beside the resolvers or above them)
    /// and in the files such servers are split into (`context.ts`, `permissions.ts`, `shield.ts`, `graphql.ts`).
    public func graphQLServerGuard(forResolverFile path: String, type: String, field: String) -> String? {
        guard let language = SourceLanguage(path: path), language.isJavaScriptLike else { return nil }
        for candidate in graphQLServerCandidates(forFile: path, language: language) {
            let server = project.configuration("graphql-server:" + candidate) { graphQLServerFacts(of: candidate) }
            guard let server else { continue }
            if let context = server.serverGuard { return context }
            if let rule = server.shieldRule(type: type, field: field) { return rule }
        }
        return nil
    }

    /// The files that may make the GraphQL server of a resolver file: the app's entry files near it, and the files
    /// named for a server's parts in the same directories (or as `permissions/index.ts`).
    private func graphQLServerCandidates(forFile path: String, language: SourceLanguage) -> [String] {
        let directory = RepoPath.directory(of: path)
        let parent = RepoPath.directory(of: directory)
        return project.configuration("graphql-server-candidates:" + directory) { () -> [String] in
            var result = mountCandidates(forFile: path, language: language)
            for base in Set([directory, parent, RepoPath.directory(of: parent), "", "src", "app", "server"]) {
                for stem in ["context", "permissions", "shield", "graphql", "apollo", "yoga", "server", "index"] {
                    for suffix in [".ts", ".js", ".mjs", "/index.ts", "/index.js"] {
                        let candidate = RepoPath.join(base, stem + suffix)
                        if !result.contains(candidate), project.exists(candidate) { result.append(candidate) }
                    }
                }
            }
            return result.sorted()
        }
    }

    /// What an HTTP app mounts a GraphQL server as.
    private static let graphQLHandlers: Set<String> = ["expressMiddleware", "graphqlHTTP", "createHandler", "yoga", "getMiddleware"]

    private static let graphQLServerWords = BytePatterns([
        "ApolloServer", "createYoga", "mercurius", "graphqlHTTP", "createHandler", "shield(", "useGenericAuth",
        "expressMiddleware", "startStandaloneServer",
    ])

    /// What the file at `path` makes of a GraphQL server, or nil when it makes none of it.
    private func graphQLServerFacts(of path: String) -> GraphQLServerFacts? {
        guard let bytes = project.contents(of: path), Self.graphQLServerWords.matches(bytes), let lexed = lexedFile(path),
              let facts = facts(of: path)
        else { return nil }
        var server = GraphQLServerFacts()
        let servesGraphQL = lexed.tokens.indices.contains { index in
            lexed.tokens[index].kind == .identifier
                && (lexed.token(index, is: "ApolloServer") || lexed.token(index, is: "createYoga") || lexed.token(index, is: "mercurius")
                    || lexed.token(index, is: "graphqlHTTP") || lexed.token(index, is: "createHandler")
                    || lexed.token(index, is: "startStandaloneServer") || lexed.token(index, is: "expressMiddleware"))
        }
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            // `context: …`, `context(…) { … }`, or the shorthand `{ typeDefs, resolvers, context }`.
            if servesGraphQL, server.serverGuard == nil, lexed.token(index, is: "context"),
               lexed.token(index + 1, isPunctuation: Byte.colon) || lexed.token(index + 1, isPunctuation: Byte.openParen)
                || Self.isShorthandMember(index, in: lexed),
               !lexed.token(index - 1, isPunctuation: Byte.dot),
               let function = contextFunction(at: index, in: lexed, facts: facts, path: path),
               Self.refusesWithoutCaller(function.range, in: function.lexed)
            {
                server.serverGuard = "the GraphQL server's context (\(function.path):\(function.lexed.tokens[function.range.lowerBound].line))"
            }
            // Envelop's generic auth refusing every unauthenticated operation.
            if lexed.token(index, is: "useGenericAuth"), lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
               (index + 1...lexed.partner[index + 1]).contains(where: { lexed.tokens[$0].kind == .string && lexed.text($0) == "protect-all" })
            {
                server.serverGuard = "useGenericAuth protect-all (\(path):\(lexed.tokens[index].line))"
            }
            // Middleware before the GraphQL handler where the app mounts it: `app.use("/graphql", requireAuth,
            // expressMiddleware(server))`; only the arguments before the handler, not its own options.
            if lexed.token(index, is: "use"), lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index + 1, isPunctuation: Byte.openParen),
               lexed.partner[index + 1] > index + 1,
               let handler = (index + 2..<lexed.partner[index + 1]).first(where: { Self.graphQLHandlers.contains(lexed.text($0)) && lexed.tokens[$0].kind == .identifier }),
               let guardToken = facts.guardTokens.first(where: { $0 > index + 1 && $0 < handler })
            {
                server.serverGuard = "\(lexed.text(guardToken)) before the GraphQL handler (\(path):\(lexed.tokens[index].line))"
            }
            if lexed.token(index, is: "shield"), lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 {
                readShield(arguments: (index + 1)...lexed.partner[index + 1], in: lexed, path: path, into: &server)
            }
        }
        return server.serverGuard == nil && server.fieldRules.isEmpty && server.typeRules.isEmpty && server.fallbackRule == nil
            ? nil : server
    }

    /// The function a server's `context` option at `index` gives: written there (`context: async ({ req }) => { … }`,
    /// `context({ req }) { … }`), or named (`context: createContext`) and defined in this file or one it imports.
    private func contextFunction(
        at index: Int, in lexed: LexedSource, facts: FileFacts, path: String
    ) -> (range: ClosedRange<Int>, lexed: LexedSource, path: String)? {
        let named = Self.isShorthandMember(index, in: lexed) ? index
            : lexed.token(index + 1, isPunctuation: Byte.colon) && lexed.tokens.indices.contains(index + 2)
                && lexed.tokens[index + 2].kind == .identifier && !lexed.token(index + 2, is: "async")
                && !lexed.token(index + 2, is: "function") && !lexed.token(index + 3, isPunctuation: Byte.openParen) ? index + 2 : nil
        if let named {
            let name = lexed.text(named)
            if let definition = facts.definitions.first(where: { $0.name == name && $0.container == nil }) {
                return (definition.tokens, lexed, path)
            }
            guard let binding = facts.imports.first(where: { $0.local == name }) else { return nil }
            for file in modules(binding.module, of: facts) {
                guard let imported = self.facts(of: file), let importedLexed = lexedFile(file) else { continue }
                let member = binding.member == nil || binding.member == "default" ? name : binding.member ?? name
                if let definition = imported.definitions.first(where: { $0.name == member && $0.container == nil }) {
                    return (definition.tokens, importedLexed, file)
                }
            }
            return nil
        }
        // Written in place: from the key to the comma or brace that ends the member.
        var cursor = index + 1
        while cursor < lexed.tokens.count {
            if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            if lexed.token(cursor, isPunctuation: Byte.comma) || (lexed.tokens[cursor].kind == .punctuation && lexed.partner[cursor] >= 0) { break }
            cursor += 1
        }
        return cursor - 1 > index ? (index...(cursor - 1), lexed, path) : nil
    }

    /// Whether identifier `index` is an object literal's shorthand member (`context` of `{ resolvers, context }`).
    static func isShorthandMember(_ index: Int, in lexed: LexedSource) -> Bool {
        (lexed.token(index - 1, isPunctuation: Byte.comma) || lexed.token(index - 1, isPunctuation: Byte.openBrace))
            && (lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeBrace))
    }

    /// Whether a function throws when a test of the caller fails: an `if` whose condition negates or compares to
    /// null (`if (!user)`, `if (!token)`, `if (user == null)`) and whose branch throws.
    static func refusesWithoutCaller(_ range: ClosedRange<Int>, in lexed: LexedSource) -> Bool {
        for index in range where lexed.token(index, is: "if") && lexed.token(index + 1, isPunctuation: Byte.openParen) {
            let close = lexed.partner[index + 1]
            guard close > index + 1, close < range.upperBound else { continue }
            let negates = (index + 2..<close).contains { cursor in
                (lexed.token(cursor, isPunctuation: UInt8(ascii: "!")) && !lexed.token(cursor + 1, isPunctuation: Byte.equals))
                    || lexed.token(cursor, is: "null") || lexed.token(cursor, is: "undefined")
            }
            guard negates else { continue }
            let branch: ClosedRange<Int>
            if lexed.token(close + 1, isPunctuation: Byte.openBrace), lexed.partner[close + 1] > close + 1 {
                branch = (close + 1)...lexed.partner[close + 1]
            } else {
                var end = close + 1
                while end + 1 <= range.upperBound, !lexed.token(end, isPunctuation: Byte.semicolon), !lexed.tokens[end + 1].firstOnLine { end += 1 }
                branch = (close + 1)...end
            }
            if branch.contains(where: { lexed.token($0, is: "throw") }) { return true }
        }
        return rethrowsFailedVerification(range, in: lexed)
    }

    /// Whether a function verifies the caller's credentials in a `try` and throws from its `catch`: `try { return {
    /// user: jwt.verify(token, secret) } } catch { throw new GraphQLError("unauthenticated", …) }`. The verification
    /// throws for a missing or bad token, and the catch turns that into a refusal. A catch that falls back to an
    /// anonymous context (`return { user: null }`) refuses nobody.
    static func rethrowsFailedVerification(_ range: ClosedRange<Int>, in lexed: LexedSource) -> Bool {
        for index in range where lexed.token(index, is: "try") && lexed.token(index + 1, isPunctuation: Byte.openBrace) {
            let tryEnd = lexed.partner[index + 1]
            guard tryEnd > index + 1, tryEnd < range.upperBound, lexed.token(tryEnd + 1, is: "catch") else { continue }
            var open = tryEnd + 2
            if lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open { open = lexed.partner[open] + 1 }
            guard lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open,
                  (open...lexed.partner[open]).contains(where: { lexed.token($0, is: "throw") }),
                  ((index + 2)..<tryEnd).contains(where: { cursor in
                      lexed.tokens[cursor].kind == .identifier && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                          && ByteSearch.containsFolded(Array(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end]), verifyWord)
                  })
            else { continue }
            return true
        }
        return false
    }

    private static let verifyWord = Array("verify".utf8)

    /// graphql-shield's `shield({ Query: { … }, Mutation: { summarize: isAuthenticated, "*": … } }, { fallbackRule })`.
    private func readShield(arguments: ClosedRange<Int>, in lexed: LexedSource, path: String, into server: inout GraphQLServerFacts) {
        let items = lexed.callArgumentItems(arguments)
        func rule(_ value: ClosedRange<Int>) -> String {
            let start = lexed.tokens[value.lowerBound].start
            let end = lexed.tokens[value.upperBound].end
            let text = lexed.text(start..<min(end, start + 80))
            return "\(text) (graphql-shield, \(path):\(lexed.tokens[value.lowerBound].line))"
        }
        func members(_ object: ClosedRange<Int>) -> [(key: String, value: ClosedRange<Int>)] {
            lexed.callArgumentItems(object).compactMap { item in
                guard item.count >= 3, lexed.tokens[item.lowerBound].kind == .identifier || lexed.tokens[item.lowerBound].kind == .string,
                      lexed.token(item.lowerBound + 1, isPunctuation: Byte.colon)
                else { return nil }
                return (lexed.text(item.lowerBound), (item.lowerBound + 2)...item.upperBound)
            }
        }
        if let rules = items.first, lexed.token(rules.lowerBound, isPunctuation: Byte.openBrace), lexed.partner[rules.lowerBound] == rules.upperBound {
            for (type, value) in members(rules) {
                if lexed.token(value.lowerBound, isPunctuation: Byte.openBrace), lexed.partner[value.lowerBound] == value.upperBound {
                    for (field, fieldRule) in members(value) { server.fieldRules[type, default: [:]][field] = rule(fieldRule) }
                } else {
                    server.typeRules[type] = rule(value)
                }
            }
        }
        if items.count >= 2, lexed.token(items[1].lowerBound, isPunctuation: Byte.openBrace), lexed.partner[items[1].lowerBound] == items[1].upperBound,
           let fallback = members(items[1]).first(where: { $0.key == "fallbackRule" })
        {
            server.fallbackRule = rule(fallback.value)
        }
    }

    /// The first of the methods named `names` that class `className` of `facts` inherits from a base class or mixin
    /// and that holds a guard (graphql-ruby's `ready?` or `authorized?` of an app's `BaseMutation` checking
    /// `context[:current_user]`): its label, or nil.
    public func inheritedGuardingMethod(_ names: [String], ofClass className: String, in facts: FileFacts) -> String? {
        for name in names {
            for symbol in inherited(method: name, ofClass: className, in: facts) {
                guard let defining = self.facts(of: symbol.path) else { continue }
                if defining.guardTokens.contains(where: { symbol.definition.tokens.contains($0) }) { return symbol.label }
            }
        }
        return nil
    }
}

/// Guards declared in the project's GraphQL schema files (`.graphql`, `.graphqls`, `.gql`): a directive on a field
/// (`summarize(text: String!): String! @guard`, `@auth(requires: USER)`, `@rateLimit(limit: 5, duration: 60)`) or on
/// its type's block (`extend type Mutation @guard { … }`), which schema-first servers enforce for the field's
/// resolver wherever it is written (Lighthouse, graphql-tools schema directives, gqlgen, AppSync).
extension CodeIndex {
    /// The schema directive guarding field `field` of `type` (the field as the resolver is named: `summarize`,
    /// `Summarize`, `generate_title` for `generateTitle`; a type of `""` for either root type), or nil.
    public func graphQLSchemaDirectiveGuard(type: String, field: String) -> String? {
        let directives = project.configuration("graphql-schema-directives") { () -> [String: String] in
            var result: [String: String] = [:]
            // RedwoodJS's SDL files hold the document in a template literal, read as the schema it is.
            let schemas = project.paths.filter {
                $0.hasSuffix(".graphql") || $0.hasSuffix(".graphqls") || $0.hasSuffix(".gql") || $0.hasSuffix(".sdl.ts") || $0.hasSuffix(".sdl.js")
            }
            for path in schemas.sorted() where !path.contains("node_modules/") {
                guard let bytes = project.contents(of: path) else { continue }
                Self.readSchemaDirectives(bytes, path: path, into: &result)
            }
            return result
        }
        guard !directives.isEmpty else { return nil }
        let lowered = field.prefix(1).lowercased() + field.dropFirst()
        let camel = field.split(separator: "_").enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
        // A root field whose type the resolver does not tell (`""`) is looked for in both root types.
        for root in type.isEmpty ? ["Mutation", "Query"] : [type] {
            for name in [field, lowered, camel] {
                if let directive = directives["\(root).\(name)"] { return directive }
            }
        }
        return nil
    }

    /// One token of a schema document: a name, a directive's name (after `@`), or a punctuation byte.
    private struct SchemaToken {
        enum Kind { case name, directive, punctuation }
        var kind: Kind
        var text: String
        var line: Int
    }

    /// Reads the guarding directives of one schema document into `result`, by `Type.field`.
    static func readSchemaDirectives(_ bytes: [UInt8], path: String, into result: inout [String: String]) {
        let tokens = schemaTokens(bytes)
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].kind == .name, tokens[index].text == "type",
                  index + 1 < tokens.count, tokens[index + 1].kind == .name
            else { continue }
            let type = tokens[index + 1].text
            var cursor = index + 2
            // A directive on the block (`extend type Mutation @guard { … }`) guards the fields of that block only.
            var blockGuard: String?
            while cursor < tokens.count, !(tokens[cursor].kind == .punctuation && tokens[cursor].text == "{") {
                if tokens[cursor].kind == .directive, isGuardDirective(tokens[cursor].text), blockGuard == nil {
                    blockGuard = "@\(tokens[cursor].text) on type \(type) (\(path):\(tokens[cursor].line))"
                }
                cursor += 1
            }
            var parentheses = 0
            var field: String?
            cursor += 1
            while cursor < tokens.count, !(parentheses == 0 && tokens[cursor].kind == .punctuation && tokens[cursor].text == "}") {
                let token = tokens[cursor]
                if token.kind == .punctuation, token.text == "(" { parentheses += 1 }
                if token.kind == .punctuation, token.text == ")" { parentheses -= 1 }
                if parentheses == 0, token.kind == .name, cursor + 1 < tokens.count, tokens[cursor + 1].kind == .punctuation,
                   tokens[cursor + 1].text == "(" || tokens[cursor + 1].text == ":",
                   !(tokens[cursor - 1].kind == .punctuation && (tokens[cursor - 1].text == ":" || tokens[cursor - 1].text == "["))
                {
                    field = token.text
                    if let blockGuard, result["\(type).\(token.text)"] == nil { result["\(type).\(token.text)"] = blockGuard }
                }
                if parentheses == 0, token.kind == .directive, let field, isGuardDirective(token.text), result["\(type).\(field)"] == nil {
                    result["\(type).\(field)"] = "@\(token.text) on \(type).\(field) (\(path):\(token.line))"
                }
                cursor += 1
            }
            index = cursor
        }
    }

    /// Whether a schema directive refuses callers: authentication, authorization and rate limits (`@auth`,
    /// `@guard`, `@can`, `@hasRole`, `@requireAuth`, `@rateLimit`, `@throttle`, AppSync's `@aws_cognito_user_pools`),
    /// not their opt-outs (`@skipAuth`, `@public`) nor AppSync's shared API key.
    static func isGuardDirective(_ name: String) -> Bool {
        let folded = name.lowercased()
        if folded.contains("skip") || folded.hasPrefix("no") || folded.contains("public") || folded.contains("optional")
            || folded == "aws_api_key"
        {
            return false
        }
        return folded.hasPrefix("can") || ["auth", "guard", "ratelimit", "throttl", "permission", "role", "loggedin", "cognito", "aws_iam", "aws_oidc", "aws_lambda", "scope"]
            .contains(where: folded.contains)
    }

    /// The tokens of a schema document: names, directives and the punctuation that shapes it; strings and `#`
    /// comments skipped.
    private static func schemaTokens(_ bytes: [UInt8]) -> [SchemaToken] {
        var result: [SchemaToken] = []
        var index = 0
        var line = 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.newline {
                line += 1
                index += 1
            } else if byte == Byte.hash {
                while index < bytes.count, bytes[index] != Byte.newline { index += 1 }
            } else if byte == Byte.quote {
                // A string or a block string (`"""…"""`), descriptions included.
                let block = index + 2 < bytes.count && bytes[index + 1] == Byte.quote && bytes[index + 2] == Byte.quote
                index += block ? 3 : 1
                while index < bytes.count {
                    if bytes[index] == Byte.newline { line += 1 }
                    if bytes[index] == Byte.backslash { index += 2; continue }
                    if bytes[index] == Byte.quote {
                        if !block { index += 1; break }
                        if index + 2 < bytes.count, bytes[index + 1] == Byte.quote, bytes[index + 2] == Byte.quote { index += 3; break }
                    }
                    index += 1
                }
            } else if Byte.isIdentifierStart(byte) || byte == Byte.at {
                let start = byte == Byte.at ? index + 1 : index
                var end = start
                while end < bytes.count, Byte.isIdentifierPart(bytes[end]) { end += 1 }
                if end > start {
                    result.append(SchemaToken(
                        kind: byte == Byte.at ? .directive : .name, text: String(decoding: bytes[start..<end], as: UTF8.self), line: line))
                }
                index = max(end, index + 1)
            } else {
                if [Byte.openBrace, Byte.closeBrace, Byte.openParen, Byte.closeParen, Byte.colon, Byte.openBracket].contains(byte) {
                    result.append(SchemaToken(kind: .punctuation, text: String(UnicodeScalar(byte)), line: line))
                }
                index += 1
            }
        }
        return result
    }
}

/// Python GraphQL servers are mounted as views or routers (graphene-django's and Strawberry's `GraphQLView`,
/// Strawberry's FastAPI `GraphQLRouter`, Ariadne's and Strawberry's ASGI `GraphQL`): what wraps or is given to that
/// mount guards every resolver it serves.
extension CodeIndex {
    /// The guard where the app's entry files (`urls.py`, `main.py`, `app.py`, … beside or above `path`) mount a
    /// GraphQL view: a decorator wrapping it (`login_required(GraphQLView.as_view(schema=schema))`), or dependencies
    /// given to its router or to where it is included (`GraphQLRouter(schema, dependencies=[Depends(get_user)])`,
    /// `app.include_router(graphql_app, dependencies=[…])`) that refuse the caller. Starlette's
    /// AuthenticationMiddleware refuses nobody and is none.
    public func pythonGraphQLViewGuard(forResolverFile path: String) -> String? {
        guard let language = SourceLanguage(path: path), language.family == .python else { return nil }
        for candidate in mountCandidates(forFile: path, language: language) {
            let found = project.configuration("python-graphql-view-guard:" + candidate) { () -> String? in
                guard let bytes = project.contents(of: candidate), Self.pythonGraphQLViewWords.matches(bytes),
                      let lexed = lexedFile(candidate), let facts = facts(of: candidate)
                else { return nil }
                return pythonGraphQLViewGuard(in: lexed, facts: facts, path: candidate)
            }
            if let found { return found }
        }
        return nil
    }

    private static let pythonGraphQLViewWords = BytePatterns(["GraphQLView", "GraphQLRouter", "GraphQL("])

    private func pythonGraphQLViewGuard(in lexed: LexedSource, facts: FileFacts, path: String) -> String? {
        var mounts: [ClosedRange<Int>] = []
        var names: Set<String> = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
            && (lexed.token(index, is: "GraphQLView") || lexed.token(index, is: "GraphQLRouter")
                || (lexed.token(index, is: "GraphQL") && lexed.token(index + 1, isPunctuation: Byte.openParen)))
        {
            let statement = Self.statement(around: index, in: lexed)
            mounts.append(statement)
            // `graphql_app = GraphQLRouter(schema)`: where the name is included counts too.
            if lexed.tokens[statement.lowerBound].kind == .identifier, lexed.token(statement.lowerBound + 1, isPunctuation: Byte.equals) {
                names.insert(lexed.text(statement.lowerBound))
            }
        }
        guard !mounts.isEmpty else { return nil }
        if !names.isEmpty {
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && !lexed.token(index + 1, isPunctuation: Byte.equals)
                && names.contains(lexed.text(index))
            {
                mounts.append(Self.statement(around: index, in: lexed))
            }
        }
        for mount in mounts {
            if let token = facts.guardTokens.first(where: { token in
                mount.contains(token) && !lexed.isInStarletteAuthenticationMiddleware(token) && !lexed.isInObjectLiteral(token, within: mount)
            }) {
                return "\(lexed.text(token)) where the GraphQL view is mounted (\(path):\(lexed.tokens[token].line))"
            }
            if let dependency = lexed.fastAPIDependencyCalls(in: mount).first(where: { reach(of: $0, in: facts).isGuard }) {
                return "\(dependency.name) where the GraphQL view is mounted (\(path):\(dependency.line))"
            }
        }
        return nil
    }

    /// The statement a token is part of: from the first token of its line, out through the brackets around it, to the
    /// last token of the outermost bracket it is in on that line (a `path(…)` entry of `urlpatterns`, a call).
    private static func statement(around index: Int, in lexed: LexedSource) -> ClosedRange<Int> {
        var start = index
        var end = index
        var block = lexed.tokens[index].block
        // Out through the bracketed blocks around it, stopping at a list (`urlpatterns = [ … ]`) whose items are
        // statements of their own.
        while block >= 0, [.paren].contains(lexed.blocks[block].opener) {
            start = min(start, lexed.blocks[block].openToken)
            end = max(end, lexed.blocks[block].endToken)
            block = lexed.blocks[block].parent
        }
        while start > 0, lexed.tokens[start - 1].line == lexed.tokens[start].line, !lexed.token(start - 1, isPunctuation: Byte.comma),
              !lexed.token(start - 1, isPunctuation: Byte.openBracket)
        {
            start -= 1
        }
        while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == lexed.tokens[end].line, !lexed.token(end + 1, isPunctuation: Byte.comma),
              !lexed.token(end + 1, isPunctuation: Byte.closeBracket)
        {
            end += 1
        }
        return start...end
    }
}
