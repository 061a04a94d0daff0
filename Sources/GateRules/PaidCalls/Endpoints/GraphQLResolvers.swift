import GateCode
import GateCore

/// The GraphQL operation a resolver serves: `Mutation.summarize`, `Query.report`, `Article.summary`.
struct GraphQLOperation {
    var type: String
    var field: String

    /// How a finding names the resolver: `GraphQL mutation summarize`, `GraphQL field Article.summary`.
    var endpointName: String {
        switch type {
        case "Mutation", "Query", "Subscription": "GraphQL \(type.lowercased()) \(field)"
        // A root field whose type only the schema tells (a RedwoodJS service, an express-graphql root value).
        case "": "GraphQL resolver \(field)"
        default: "GraphQL field \(type).\(field)"
        }
    }

    /// The root type a class, object or receiver type named `name` stands for (`Mutation`, `AIMutations`,
    /// `mutationResolver`, `Types::QueryType`), or `name` itself for an object type.
    static func rootType(named name: String) -> String {
        let folded = name.lowercased()
        if folded.contains("mutation") { return "Mutation" }
        if folded.contains("subscription") { return "Subscription" }
        if folded.contains("query") || folded.contains("queries") { return "Query" }
        return name
    }
}

/// GraphQL resolvers: a GraphQL server answers every operation on one HTTP route, so each field it resolves (a
/// mutation's, a query's, an object field's) runs for whoever may post to that route: an endpoint of its own, judged
/// as an HTTP handler is and named by its operation (`GraphQL mutation summarize`). Read only in files that name a
/// GraphQL framework (one pass over the bytes turns the others away); a GraphQL client's operations (`useMutation`,
/// `gql` documents) are strings and calls, no resolver.
extension HandlerFinder {
    func graphQLResolvers() -> [HTTPHandler] {
        var result: [HTTPHandler]
        switch lexed.language {
        case .javascript, .typescript:
            // RedwoodJS's services are resolvers by where they are, whatever they name.
            result = redwoodServices()
            guard HandlerFinder.graphQLJavaScriptWords.matches(lexed.bytes) else { break }
            result += resolverMapFields() + decoratedResolverMethods() + schemaBuilderFields()
            let directives = sdlDirectiveGuards()
            if !directives.isEmpty {
                for position in result.indices where result[position].declaredGuard == nil {
                    guard let field = result[position].graphQLOperation?.field, let directive = directives[field] else { continue }
                    result[position].declaredGuard = directive
                }
            }
        case .python:
            guard HandlerFinder.graphQLPythonWords.matches(lexed.bytes) else { return [] }
            result = pythonGraphQLResolvers()
        case .ruby:
            guard HandlerFinder.graphQLRubyWords.matches(lexed.bytes) else { return [] }
            result = graphQLRubyResolvers()
        case .go:
            guard ByteSearch.containsFolded(lexed.bytes, HandlerFinder.resolverWord) else { return [] }
            result = gqlgenResolvers()
        case .java, .kotlin:
            guard HandlerFinder.graphQLJVMWords.matches(lexed.bytes) else { return [] }
            result = springGraphQLMethods()
        case .php:
            result = lighthouseResolvers()
        default:
            return []
        }
        // A resolver that refuses callers the server's context names nobody for (`if (!ctx.user) throw …`).
        for position in result.indices where result[position].declaredGuard == nil {
            if let line = contextCallerCheck(in: result[position].body) {
                result[position].declaredGuard = "a check of the context's caller on line \(line)"
            }
        }
        return result
    }

    static let graphQLJavaScriptWords = KeywordPrefilter(
        ["graphql", "apollo", "resolver", "mutation", "yoga", "mercurius", "pothos"].map { Array($0.utf8) })
    static let graphQLPythonWords = KeywordPrefilter(["strawberry", "graphene", "ariadne", "graphql"].map { Array($0.utf8) })
    static let graphQLRubyWords = KeywordPrefilter(["mutation", "resolver", "graphql", "querytype"].map { Array($0.utf8) })
    static let graphQLJVMWords = KeywordPrefilter(
        ["mutationmapping", "querymapping", "schemamapping", "subscriptionmapping", "dgsmutation", "dgsquery", "dgsdata"]
            .map { Array($0.utf8) })
    private static let resolverWord = Array("resolver".utf8)
    private static let graphQLServerWords = KeywordPrefilter(["graphql", "resolver", "apollo", "yoga", "mercurius"].map { Array($0.utf8) })
    private static let apolloClient = Array("@apollo/client".utf8)
    private static let apolloServerWords = KeywordPrefilter(["@apollo/server", "apollo-server", "graphql-yoga", "mercurius"].map { Array($0.utf8) })
    private static let nestGraphQL = Array("@nestjs/graphql".utf8)

    private func resolver(
        _ operation: GraphQLOperation, statement: ClosedRange<Int>, body: ClosedRange<Int>, guards: [ClosedRange<Int>]
    ) -> HTTPHandler {
        var handler = HTTPHandler(name: operation.endpointName, statement: statement, body: body, guardRanges: guards)
        handler.graphQLOperation = operation
        return handler
    }

    // MARK: JavaScript and TypeScript

    /// The fields of resolver maps (Apollo Server, graphql-yoga, Mercurius, graphql-tools): `Mutation: { summarize:
    /// async (_, args, ctx) => … }` inside `resolvers`, or a map of its own (`export const Mutation = { summarize }`,
    /// `const aiMutations = { … }`). A field given by name (`summarize,`, `summarize: summarizeResolver`) is that
    /// function, of this file or another.
    private func resolverMapFields() -> [HTTPHandler] {
        // Apollo Client's local resolvers run in the browser: a client module's maps serve no one.
        if ByteSearch.containsFolded(lexed.bytes, HandlerFinder.apolloClient), !HandlerFinder.apolloServerWords.matches(lexed.bytes) {
            return []
        }
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        // A map named only by its fields' kind (`aiMutations`, `queries`) is a resolver map in a file that names a
        // GraphQL server or its resolvers, not in a store's (Vuex `mutations`) or a client's.
        let namesServer = HandlerFinder.graphQLServerWords.matches(lexed.bytes)
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.colon) || lexed.token(index + 1, isPunctuation: Byte.equals) else { continue }
            // The maps of object types a resolver map holds beside its root types (`resolvers = { Query: …, Article: {
            // summary: (article) => … } }`): each field resolves for any query that reaches the object.
            if isResolversName(index), let open = resolverMapOpening(after: index) {
                for typeMap in objectLiteralMembers(openingAt: open) where tokens[typeMap.key].kind == .identifier && typeMap.value > typeMap.key
                    && lexed.token(typeMap.value, isPunctuation: Byte.openBrace) && resolverMapType(typeMap.key, byNameAlso: false) == nil
                {
                    let typeName = lexed.text(typeMap.key)
                    guard typeName.first?.isUppercase == true else { continue }
                    result += resolverMapMembers(openingAt: typeMap.value, type: typeName)
                }
                continue
            }
            // express-graphql's and graphql-http's root value (`graphqlHTTP({ schema, rootValue: { summarize: … } })`,
            // or a top-level object it names): each member resolves the root field of its name.
            if lexed.token(index, is: "rootValue"), lexed.token(index + 1, isPunctuation: Byte.colon) {
                if lexed.token(index + 2, isPunctuation: Byte.openBrace) {
                    result += resolverMapMembers(openingAt: index + 2, type: "")
                } else if tokens.indices.contains(index + 2), tokens[index + 2].kind == .identifier,
                          let open = topLevelObjectLiteral(named: index + 2)
                {
                    result += resolverMapMembers(openingAt: open, type: "")
                }
                continue
            }
            guard let type = resolverMapType(index, byNameAlso: namesServer), let open = resolverMapOpening(after: index) else { continue }
            result += resolverMapMembers(openingAt: open, type: type)
        }
        return result
    }

    /// Whether identifier `index` names a whole resolver map: `resolvers`, `articleResolvers` (not a root type's
    /// `mutationResolvers`).
    private func isResolversName(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        let word = lexed.bytes[token.start..<token.end]
        let suffix = HandlerFinder.resolversSuffix
        return word.count >= suffix.count && HandlerFinder.containsFolded(word, suffix, at: word.endIndex - suffix.count)
            && resolverMapType(index, byNameAlso: true) == nil
    }

    private static let resolversSuffix = Array("resolvers".utf8)

    /// The fields of one type's map opened at `open`, each a resolver of `type`.
    private func resolverMapMembers(openingAt open: Int, type: String) -> [HTTPHandler] {
        let tokens = lexed.tokens
        var result: [HTTPHandler] = []
        for member in objectLiteralMembers(openingAt: open) {
            let key = member.key
            guard tokens[key].kind == .identifier || tokens[key].kind == .string else { continue }
            let field = lexed.text(key)
            // A nested object type's map (`fields: { … }` of a cache's type policies) is no field.
            if member.value > key, lexed.token(member.value, isPunctuation: Byte.openBrace) { continue }
            var handler = resolver(
                GraphQLOperation(type: type, field: field), statement: member.member, body: member.member,
                guards: [member.member])
            if member.member.count == 1, tokens[key].kind == .identifier {
                handler.functionsElsewhere = [key]
            } else if member.value > key, member.value == member.member.upperBound, tokens[member.value].kind == .identifier {
                handler.functionsElsewhere = [member.value]
            }
            result.append(handler)
        }
        return result
    }

    /// The root type of a resolver map named at identifier `index`: `Mutation`/`Query`/`Subscription`, or a name that
    /// gathers such fields (`aiMutations`, `mutationResolvers`, `userQueries`); nil for any other name.
    private func resolverMapType(_ index: Int, byNameAlso: Bool) -> String? {
        if lexed.token(index, is: "Mutation") { return "Mutation" }
        if lexed.token(index, is: "Query") { return "Query" }
        if lexed.token(index, is: "Subscription") { return "Subscription" }
        guard byNameAlso else { return nil }
        let token = lexed.tokens[index]
        let word = lexed.bytes[token.start..<token.end]
        for (suffix, type) in HandlerFinder.resolverMapSuffixes where word.count >= suffix.count {
            if HandlerFinder.containsFolded(word, suffix, at: word.endIndex - suffix.count) { return type }
        }
        return nil
    }

    private static let resolverMapSuffixes: [([UInt8], String)] = [
        ("mutations", "Mutation"), ("mutationresolvers", "Mutation"), ("queries", "Query"), ("queryresolvers", "Query"),
    ].map { (Array($0.0.utf8), $0.1) }

    /// The `{` of the object literal a resolver map's name at `index` is given: `Mutation: {`, `Mutation = {`,
    /// `const Mutation: MutationResolvers = {` (its type annotation stepped over on the same line).
    private func resolverMapOpening(after index: Int) -> Int? {
        if lexed.token(index + 2, isPunctuation: Byte.openBrace) { return index + 2 }
        guard lexed.token(index + 1, isPunctuation: Byte.colon), lexed.token(index - 1, is: "const") || lexed.token(index - 1, is: "let")
        else { return nil }
        var cursor = index + 2
        let line = lexed.tokens[index].line
        while cursor + 1 < lexed.tokens.count, lexed.tokens[cursor].line == line {
            if lexed.token(cursor, isPunctuation: Byte.equals) { return lexed.token(cursor + 1, isPunctuation: Byte.openBrace) ? cursor + 1 : nil }
            cursor += 1
        }
        return nil
    }

    /// RedwoodJS's services (`api/src/services/summaries/summaries.ts`): each exported function resolves the root
    /// field of its name (`export const summarize = async ({ text }) => …`), guarded by its own checks
    /// (`requireAuth()`) and by the field's directive in the SDL files (`@requireAuth`; `@skipAuth` opens it).
    private func redwoodServices() -> [HTTPHandler] {
        guard path.contains("api/src/services/"), !path.contains(".test."), !path.contains(".scenarios."), !path.contains(".spec.")
        else { return [] }
        return topLevelFunctions().compactMap { function in
            guard function.exported, !function.isDefault, let name = function.name else { return nil }
            return resolver(
                GraphQLOperation(type: "", field: name), statement: function.statement, body: function.statement,
                guards: [function.statement])
        }
    }

    /// TypeGraphQL's and NestJS's resolver classes: a method decorated `@Mutation(…)`, `@Query(…)`,
    /// `@FieldResolver(…)` or `@ResolveField(…)` of a class decorated `@Resolver(…)`; the operation is named by the
    /// decorator's `name` option or the method.
    private func decoratedResolverMethods() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, HandlerFinder.resolverDecorator) else { return [] }
        let nest = ByteSearch.containsFolded(lexed.bytes, HandlerFinder.nestGraphQL)
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            guard block.parent >= 0, lexed.blocks[block.parent].kind == .container, let name = block.nameRange else { continue }
            let container = lexed.blocks[block.parent]
            let containerHeader = lexed.statementSpan(of: block.parent).lowerBound...container.openToken
            guard containerHeader.contains(where: { lexed.token($0, is: "Resolver") && lexed.token($0 - 1, isPunctuation: Byte.at) }) else { continue }
            // A decorator of the method, before its name: not a parameter's (`@Args()`).
            guard let decorator = (block.headerStart..<block.openToken).first(where: { cursor in
                lexed.tokens[cursor].start < name.lowerBound && lexed.token(cursor - 1, isPunctuation: Byte.at)
                    && HandlerFinder.resolverMethodDecorators.contains(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end])
            }) else { continue }
            let type = lexed.token(decorator, is: "Mutation") ? "Mutation" : lexed.token(decorator, is: "Query") ? "Query"
                : lexed.token(decorator, is: "Subscription") ? "Subscription" : className(of: block.parent) ?? "Object"
            var field = lexed.text(name)
            if lexed.token(decorator + 1, isPunctuation: Byte.openParen), lexed.partner[decorator + 1] > decorator + 1,
               let option = (decorator + 1...lexed.partner[decorator + 1]).first(where: {
                   lexed.token($0, is: "name") && lexed.token($0 + 1, isPunctuation: Byte.colon) && lexed.tokens.indices.contains($0 + 2)
                       && lexed.tokens[$0 + 2].kind == .string
               })
            {
                field = lexed.text(option + 2)
            }
            var handler = resolver(
                GraphQLOperation(type: type, field: field), statement: lexed.statementSpan(of: index), body: lexed.span(of: index),
                guards: [lexed.statementSpan(of: index), containerHeader])
            handler.isNestRoute = nest
            // Its parameters follow its name, after the decorators' own parentheses.
            if let nameToken = (block.headerStart..<block.openToken).first(where: { lexed.tokens[$0].start == name.lowerBound }),
               lexed.token(nameToken + 1, isPunctuation: Byte.openParen),
               let line = contextCallerCheck(in: (nameToken + 1)...lexed.statementSpan(of: index).upperBound)
            {
                handler.declaredGuard = "a check of the context's caller on line \(line)"
            }
            result.append(handler)
        }
        return result
    }

    private static let resolverDecorator = Array("@resolver".utf8)
    private static let resolverMethodDecorators = WordSet(["Mutation", "Query", "Subscription", "FieldResolver", "ResolveField"])

    /// The name of a class block (the identifier after `class`), if it has one.
    private func className(of container: Int) -> String? {
        let header = lexed.statementSpan(of: container).lowerBound...lexed.blocks[container].openToken
        guard let keyword = header.first(where: { lexed.token($0, is: "class") }), lexed.tokens.indices.contains(keyword + 1),
              lexed.tokens[keyword + 1].kind == .identifier
        else { return nil }
        return lexed.text(keyword + 1)
    }

    /// Code-first schema builders: Pothos's and Nexus's `mutationField("summarize", …)` / `queryField(…)`, and
    /// Pothos's `mutationFields((t) => ({ summarize: t.field({ resolve }) }))` / `mutationType({ fields: (t) => ({ … }) })`.
    private func schemaBuilderFields() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            // The name's bytes first: most calls of a file are none of the six.
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  HandlerFinder.builderCalleeWords.contains(lexed.bytes[tokens[index].start..<tokens[index].end]),
                  let kind = HandlerFinder.builderCallees[lexed.text(index)]
            else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            let start = lexed.dottedNameStart(endingAt: index)
            if kind.single {
                guard tokens.indices.contains(index + 2), tokens[index + 2].kind == .string else { continue }
                result.append(resolver(
                    GraphQLOperation(type: kind.type, field: lexed.text(index + 2)), statement: start...arguments.upperBound,
                    body: arguments, guards: [start...arguments.upperBound]))
                continue
            }
            // Nexus's `extendType({ type: "Mutation", … })` and `objectType({ name: "Article", … })` name their type.
            var type = kind.type
            if type.isEmpty {
                guard let key = arguments.first(where: { key in
                    (lexed.token(key, is: "type") || lexed.token(key, is: "name")) && lexed.token(key + 1, isPunctuation: Byte.colon)
                        && tokens.indices.contains(key + 2) && tokens[key + 2].kind == .string
                }) else { continue }
                type = lexed.text(key + 2)
            }
            // Pothos: the object the fields function returns, `=> ({` … `})`.
            if let arrow = arguments.first(where: {
                lexed.token($0, is: "=>") && lexed.token($0 + 1, isPunctuation: Byte.openParen) && lexed.token($0 + 2, isPunctuation: Byte.openBrace)
            }) {
                for member in objectLiteralMembers(openingAt: arrow + 2) where tokens[member.key].kind == .identifier {
                    result.append(resolver(
                        GraphQLOperation(type: type, field: lexed.text(member.key)), statement: member.member, body: member.member,
                        guards: [member.member, start...arguments.upperBound]))
                }
            } else {
                result += nexusDefinitionFields(in: arguments, type: type, typeHeader: start...arguments.upperBound)
            }
        }
        return result
    }

    /// Nexus's `definition(t) { t.field("summarize", { resolve }) }`: each call on the definition's parameter that
    /// names a field first (`t.string("x", …)`, `t.nonNull.field("x", …)`) is that field, guarded by its own
    /// options (`authorize`) and the type's call before its definition.
    private func nexusDefinitionFields(in arguments: ClosedRange<Int>, type: String, typeHeader: ClosedRange<Int>) -> [HTTPHandler] {
        let tokens = lexed.tokens
        guard let definition = arguments.first(where: {
            lexed.token($0, is: "definition") && lexed.token($0 + 1, isPunctuation: Byte.openParen) && tokens.indices.contains($0 + 3)
                && tokens[$0 + 2].kind == .identifier && lexed.token($0 + 3, isPunctuation: Byte.closeParen)
        }), definition + 4 <= arguments.upperBound else { return [] }
        let parameter = lexed.bytes[tokens[definition + 2].start..<tokens[definition + 2].end]
        var result: [HTTPHandler] = []
        for cursor in (definition + 4)...arguments.upperBound where tokens[cursor].kind == .identifier {
            guard lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 1,
                  tokens.indices.contains(cursor + 2), tokens[cursor + 2].kind == .string
            else { continue }
            var root = cursor
            while root >= 2, lexed.token(root - 1, isPunctuation: Byte.dot), tokens[root - 2].kind == .identifier { root -= 2 }
            guard root < cursor, lexed.bytes[tokens[root].start..<tokens[root].end].elementsEqual(parameter) else { continue }
            let call = root...lexed.partner[cursor + 1]
            result.append(resolver(
                GraphQLOperation(type: type, field: lexed.text(cursor + 2)), statement: call, body: (cursor + 1)...call.upperBound,
                guards: [call, typeHeader.lowerBound...definition]))
        }
        return result
    }

    private static let builderCalleeWords = WordSet(Array(builderCallees.keys))
    private static let builderCallees: [String: (type: String, single: Bool)] = [
        "mutationField": ("Mutation", true), "queryField": ("Query", true), "mutationFields": ("Mutation", false),
        "queryFields": ("Query", false), "mutationType": ("Mutation", false), "queryType": ("Query", false),
        // The type named in the call.
        "extendType": ("", false), "objectType": ("", false),
    ]

    /// The fields an SDL document of this file guards by a directive (`summarize(text: String!): String! @auth`,
    /// `@rateLimit(limit: 5, duration: 60)`, `@requireAuth`): the directive, by field name.
    private func sdlDirectiveGuards() -> [String: String] {
        var result: [String: String] = [:]
        for (index, token) in lexed.tokens.enumerated() where token.kind == .string && token.end - token.start > 8 {
            let bytes = lexed.bytes[token.start..<token.end]
            guard bytes.contains(Byte.at) else { continue }
            var lineStart = bytes.startIndex
            while lineStart < bytes.endIndex {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
                let line = bytes[lineStart..<lineEnd]
                if let at = line.firstIndex(of: Byte.at) {
                    var end = at + 1
                    while end < line.endIndex, Byte.isIdentifierPart(line[end]) { end += 1 }
                    let directive = line[(at + 1)..<end]
                    var fieldStart = line.startIndex
                    while fieldStart < at, line[fieldStart] == Byte.space || line[fieldStart] == Byte.tab { fieldStart += 1 }
                    var fieldEnd = fieldStart
                    while fieldEnd < at, Byte.isIdentifierPart(line[fieldEnd]) { fieldEnd += 1 }
                    if fieldEnd > fieldStart, HandlerFinder.isGuardWord(directive) {
                        result[String(decoding: line[fieldStart..<fieldEnd], as: UTF8.self)] =
                            "@\(String(decoding: directive, as: UTF8.self)) on line \(lexed.tokens[index].line)"
                    }
                }
                lineStart = lineEnd + 1
            }
        }
        return result
    }

    // MARK: Python

    /// Strawberry's `@strawberry.mutation` / `@strawberry.field` methods and `strawberry.mutation(resolver=…)` fields,
    /// Graphene's `mutate` of a `Mutation` class and `resolve_*` of an `ObjectType`, and Ariadne's
    /// `@mutation.field("summarize")` on a `MutationType()` (or `set_field`).
    private func pythonGraphQLResolvers() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let ariadneTypes = ariadneBindables()
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let name = block.nameRange.map({ lexed.text($0) }) else { continue }
            let statement = lexed.statementSpan(of: index)
            let container = block.parent >= 0 && lexed.blocks[block.parent].kind == .container ? block.parent : nil
            let decorators = block.headerStart < block.openToken ? pythonDecorators(in: block.headerStart...(block.openToken - 1)) : []
            // Strawberry (and strawberry_django).
            if let decorator = decorators.first(where: { decorator in
                (lexed.token(decorator.name, is: "mutation") || lexed.token(decorator.name, is: "field") || lexed.token(decorator.name, is: "subscription"))
                    && decorator.name == decorator.at + 3 && lexed.text(decorator.at + 1).hasPrefix("strawberry")
            }) {
                let owner = container.flatMap(className(of:)) ?? "Query"
                let type = lexed.token(decorator.name, is: "mutation") ? "Mutation"
                    : lexed.token(decorator.name, is: "subscription") ? "Subscription" : GraphQLOperation.rootType(named: owner)
                result.append(resolver(GraphQLOperation(type: type, field: name), statement: statement, body: statement, guards: [statement]))
                continue
            }
            // Ariadne: `@mutation.field("summarize")`.
            if let decorator = decorators.first(where: { decorator in
                lexed.token(decorator.name, is: "field") && decorator.name == decorator.at + 3
                    && ariadneTypes[lexed.text(decorator.at + 1)] != nil && decorator.arguments.map { lexed.tokens[$0.lowerBound + 1].kind == .string } == true
            }), let arguments = decorator.arguments, let type = ariadneTypes[lexed.text(decorator.at + 1)] {
                result.append(resolver(
                    GraphQLOperation(type: type, field: lexed.text(arguments.lowerBound + 1)), statement: statement, body: statement,
                    guards: [statement]))
                continue
            }
            // Graphene: a mutation's `mutate`, an object type's `resolve_<field>`.
            guard let container, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.grapheneWord) else { continue }
            let bases = pythonClassBases(container)
            let owner = className(of: container) ?? "Object"
            if name == "mutate" || name == "mutate_and_get_payload", bases.contains(where: { $0.hasSuffix("Mutation") }) {
                result.append(resolver(
                    GraphQLOperation(type: "Mutation", field: owner), statement: statement, body: statement,
                    guards: [statement, lexed.blocks[container].headerStart...lexed.blocks[container].openToken]))
            } else if name.hasPrefix("resolve_"), name.count > 8, bases.contains(where: { $0.hasSuffix("ObjectType") }) {
                result.append(resolver(
                    GraphQLOperation(type: GraphQLOperation.rootType(named: owner), field: String(name.dropFirst(8))),
                    statement: statement, body: statement, guards: [statement]))
            }
        }
        result += pythonResolverReferences(ariadneTypes)
        return result
    }

    private static let grapheneWord = Array("graphene".utf8)

    /// The names bound to Ariadne's bindables at top level, with the root type each stands for: `mutation =
    /// MutationType()`, `query = QueryType()`, `article = ObjectType("Article")`.
    private func ariadneBindables() -> [String: String] {
        guard ByteSearch.containsFolded(lexed.bytes, HandlerFinder.ariadneWord) else { return [:] }
        var result: [String: String] = [:]
        for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.equals), lexed.token(index + 3, isPunctuation: Byte.openParen) else { continue }
            if lexed.token(index + 2, is: "MutationType") {
                result[lexed.text(index)] = "Mutation"
            } else if lexed.token(index + 2, is: "QueryType") {
                result[lexed.text(index)] = "Query"
            } else if lexed.token(index + 2, is: "SubscriptionType") {
                result[lexed.text(index)] = "Subscription"
            } else if lexed.token(index + 2, is: "ObjectType"), lexed.tokens.indices.contains(index + 4), lexed.tokens[index + 4].kind == .string {
                result[lexed.text(index)] = lexed.text(index + 4)
            }
        }
        return result
    }

    private static let ariadneWord = Array("ariadne".utf8)

    /// Resolvers a Python schema names rather than decorates: Strawberry's `summarize: str =
    /// strawberry.mutation(resolver=summarize_text)` and Ariadne's `mutation.set_field("summarize", summarize_text)`.
    private func pythonResolverReferences(_ ariadneTypes: [String: String]) -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  lexed.token(index - 1, isPunctuation: Byte.dot), index >= 2
            else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            let receiver = lexed.text(index - 2)
            var line = index
            while line > 0, tokens[line - 1].line == tokens[index].line { line -= 1 }
            if receiver.hasPrefix("strawberry"), lexed.token(index, is: "mutation") || lexed.token(index, is: "field"),
               let value = lexed.callKeywordValue("resolver", in: arguments), tokens[line].kind == .identifier
            {
                var function = value.lowerBound
                while lexed.token(function + 1, isPunctuation: Byte.dot), function + 2 <= value.upperBound { function += 2 }
                guard tokens[function].kind == .identifier else { continue }
                let owner = lexed.tokens[line].block >= 0 ? className(of: lexed.tokens[line].block) : nil
                let type = lexed.token(index, is: "mutation") ? "Mutation" : GraphQLOperation.rootType(named: owner ?? "Query")
                var handler = resolver(
                    GraphQLOperation(type: type, field: lexed.text(line)), statement: line...arguments.upperBound, body: arguments,
                    guards: [line...arguments.upperBound])
                handler.functionsElsewhere = [function]
                result.append(handler)
            } else if lexed.token(index, is: "set_field"), let type = ariadneTypes[receiver] {
                let items = lexed.callArgumentItems(arguments)
                guard items.count == 2, tokens[items[0].lowerBound].kind == .string, tokens[items[1].upperBound].kind == .identifier else { continue }
                var handler = resolver(
                    GraphQLOperation(type: type, field: lexed.text(items[0].lowerBound)), statement: (index - 2)...arguments.upperBound,
                    body: arguments, guards: [(index - 2)...arguments.upperBound])
                handler.functionsElsewhere = [items[1].upperBound]
                result.append(handler)
            }
        }
        return result
    }

    /// The base classes a Python class names (`graphene.Mutation` as `Mutation`, `relay.ClientIDMutation`).
    private func pythonClassBases(_ container: Int) -> [String] {
        let block = lexed.blocks[container]
        guard let open = (block.headerStart...block.openToken + 3).first(where: { lexed.token($0, isPunctuation: Byte.openParen) }),
              lexed.partner[open] > open
        else { return [] }
        return (open + 1..<lexed.partner[open]).filter {
            lexed.tokens[$0].kind == .identifier && !lexed.token($0 + 1, isPunctuation: Byte.dot)
        }.map { lexed.text($0) }
    }

    // MARK: Ruby

    /// graphql-ruby: the `resolve` of a mutation or resolver class (`class Summarize < Mutations::BaseMutation`,
    /// `< GraphQL::Schema::Resolver`), and the methods of a root type (`Types::MutationType`, `QueryType`) that
    /// implement the fields it declares (`field :summary, String` and `def summary`). The class's own
    /// `authorized?` and `ready?` guard its resolver; those it inherits are asked of the code index.
    private func graphQLRubyResolvers() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (containerIndex, container) in lexed.blocks.enumerated() where container.kind == .container {
            guard lexed.token(container.openToken, is: "class"), let name = rubyConstant(at: container.openToken + 1) else { continue }
            var cursor = container.openToken + 1
            let line = lexed.tokens[container.openToken].line
            while cursor < lexed.tokens.count, lexed.tokens[cursor].line == line, !lexed.token(cursor, isPunctuation: UInt8(ascii: "<")) {
                cursor += 1
            }
            guard lexed.token(cursor, isPunctuation: UInt8(ascii: "<")), let superclass = rubyConstant(at: cursor + 1) else { continue }
            let bare = name.split(separator: ":").last.map(String.init) ?? name
            let span = lexed.statementSpan(of: containerIndex)
            let methods = lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function && lexed.blocks[$0].parent == containerIndex }
            // `BaseMutation`, `GraphQL::Schema::RelayClassicMutation`, `Resolvers::Base`, `Mutations::BaseMutation`.
            if superclass.contains("Mutation") || superclass.contains("Resolver") {
                for method in methods where lexed.name(ofBlock: method) == "resolve" {
                    var handler = resolver(
                        GraphQLOperation(type: superclass.contains("Mutation") ? "Mutation" : "Query", field: bare),
                        statement: lexed.statementSpan(of: method), body: lexed.statementSpan(of: method), guards: [span])
                    handler.authorizationHooks = ["ready?", "authorized?", "ready", "authorized"]
                    result.append(handler)
                }
            } else if bare.hasSuffix("QueryType") || bare.hasSuffix("MutationType") {
                let declared = Set(span.compactMap { index -> String? in
                    guard lexed.tokens[index].firstOnLine, lexed.token(index, is: "field"), lexed.token(index + 1, isPunctuation: Byte.colon),
                          lexed.tokens.indices.contains(index + 2), lexed.tokens[index + 2].kind == .identifier
                    else { return nil }
                    return lexed.text(index + 2)
                })
                // The class's own authorization hooks guard every field it resolves.
                let hooks = methods.filter { ["ready", "ready?", "authorized", "authorized?"].contains(lexed.name(ofBlock: $0) ?? "") }
                    .map { lexed.statementSpan(of: $0) }
                for method in methods {
                    guard let field = lexed.name(ofBlock: method), declared.contains(field) else { continue }
                    let statement = lexed.statementSpan(of: method)
                    result.append(resolver(
                        GraphQLOperation(type: GraphQLOperation.rootType(named: bare), field: field), statement: statement, body: statement,
                        guards: [statement] + hooks))
                }
            }
        }
        return result
    }

    /// A Ruby constant path starting at token `index` (`Mutations::BaseMutation`, `GraphQL::Schema::Resolver`).
    private func rubyConstant(at index: Int) -> String? {
        guard lexed.tokens.indices.contains(index), lexed.tokens[index].kind == .identifier else { return nil }
        var parts = [lexed.text(index)]
        var cursor = index
        while lexed.token(cursor + 1, is: "::") || (lexed.token(cursor + 1, isPunctuation: Byte.colon) && lexed.token(cursor + 2, isPunctuation: Byte.colon)) {
            let next = lexed.token(cursor + 1, is: "::") ? cursor + 2 : cursor + 3
            guard lexed.tokens.indices.contains(next), lexed.tokens[next].kind == .identifier else { break }
            parts.append(lexed.text(next))
            cursor = next
        }
        return parts.joined(separator: "::")
    }

    // MARK: Go

    /// gqlgen's resolver methods: `func (r *mutationResolver) Summarize(ctx context.Context, …)`, on the receiver
    /// types gqlgen generates (`mutationResolver`, `queryResolver`, `articleResolver` for an object's fields).
    private func gqlgenResolvers() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            let start = block.headerStart
            guard lexed.token(start, is: "func"), lexed.token(start + 1, isPunctuation: Byte.openParen), lexed.partner[start + 1] > start + 1
            else { continue }
            let close = lexed.partner[start + 1]
            guard lexed.tokens[close - 1].kind == .identifier, lexed.tokens.indices.contains(close + 1),
                  lexed.tokens[close + 1].kind == .identifier
            else { continue }
            let receiverType = lexed.text(close - 1)
            guard receiverType.count > 8, receiverType.hasSuffix("Resolver"), receiverType.first?.isLowercase == true else { continue }
            let owner = String(receiverType.dropLast(8))
            // `mutationResolver` serves `Mutation`, `articleResolver` the fields of `Article`.
            let type = owner.prefix(1).uppercased() + owner.dropFirst()
            let statement = lexed.statementSpan(of: index)
            result.append(resolver(
                GraphQLOperation(type: type, field: lexed.text(close + 1)), statement: statement, body: lexed.span(of: index),
                guards: [statement]))
        }
        return result
    }

    // MARK: JVM

    /// Spring for GraphQL's `@MutationMapping` / `@QueryMapping` / `@SchemaMapping` controller methods and Netflix
    /// DGS's `@DgsMutation` / `@DgsQuery` / `@DgsData`: named by the annotation's `name`/`field` (or first string)
    /// or the method, guarded by their own and their class's annotations (`@PreAuthorize`, `@Secured`), and served
    /// on `/graphql`, where Spring Security's rules for that path apply.
    private func springGraphQLMethods() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let header = block.headerStart..<block.openToken
            guard let annotation = header.first(where: { cursor in
                lexed.token(cursor - 1, isPunctuation: Byte.at) && lexed.tokens[cursor].kind == .identifier
                    && HandlerFinder.graphQLMappings[lexed.text(cursor)] != nil
            }), let kind = HandlerFinder.graphQLMappings[lexed.text(annotation)] else { continue }
            var type = kind
            var field = block.nameRange.map { lexed.text($0) } ?? "resolver"
            if lexed.token(annotation + 1, isPunctuation: Byte.openParen), lexed.partner[annotation + 1] > annotation + 1 {
                let arguments = (annotation + 1)...lexed.partner[annotation + 1]
                for cursor in arguments where lexed.tokens[cursor].kind == .string {
                    let key = lexed.token(cursor - 1, isPunctuation: Byte.equals) ? lexed.text(cursor - 2) : ""
                    if key == "typeName" || key == "parentType" { type = lexed.text(cursor) } else if key == "name" || key == "field" || key == "value" || key.isEmpty {
                        field = lexed.text(cursor)
                    }
                }
            }
            var guards = [lexed.statementSpan(of: index)]
            if block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                guards.append(lexed.statementSpan(of: block.parent).lowerBound...lexed.blocks[block.parent].openToken)
            }
            var handler = resolver(
                GraphQLOperation(type: type, field: field), statement: lexed.statementSpan(of: index), body: lexed.span(of: index),
                guards: guards)
            handler.path = "/graphql"
            result.append(handler)
        }
        return result
    }

    private static let graphQLMappings: [String: String] = [
        "MutationMapping": "Mutation", "QueryMapping": "Query", "SubscriptionMapping": "Subscription", "SchemaMapping": "Object",
        "DgsMutation": "Mutation", "DgsQuery": "Query", "DgsSubscription": "Subscription", "DgsData": "Object",
    ]

    // MARK: PHP

    /// Lighthouse's resolver classes, found by its convention (`app/GraphQL/Mutations/Summarize.php` resolves
    /// `Mutation.summarize`, `app/GraphQL/Queries/…` a query): their `__invoke` or `resolve` method. Their schema's
    /// directives (`@guard`, `@can`, `@throttle`) guard them (`CodeIndex.graphQLSchemaDirectiveGuard`).
    private func lighthouseResolvers() -> [HTTPHandler] {
        let folded = path.lowercased()
        let type: String
        if folded.contains("graphql/mutations/") { type = "Mutation" } else if folded.contains("graphql/queries/") { type = "Query" } else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let name = lexed.name(ofBlock: index), name == "__invoke" || name == "resolve",
                  block.parent >= 0, lexed.blocks[block.parent].kind == .container, let owner = className(of: block.parent)
            else { continue }
            let statement = lexed.statementSpan(of: index)
            result.append(resolver(
                GraphQLOperation(type: type, field: owner.prefix(1).lowercased() + owner.dropFirst()), statement: statement,
                body: lexed.span(of: index), guards: [statement]))
        }
        return result
    }

    // MARK: The caller in the context

    /// The line of the first check, in `range`, of the caller the GraphQL server put in the resolver's context:
    /// `if (!ctx.user) throw …`, `if (!context.currentUser)`, `const { user } = ctx; if (!user)`, the context
    /// argument destructured (`(_, args, { user }) => { if (!user) … }`), `if info.context.user is None:`,
    /// `if not info.context["request"].user`, `raise … unless context[:current_user]`. Read without a check (`userId:
    /// ctx.user?.id ?? null`) it refuses nobody.
    func contextCallerCheck(in range: ClosedRange<Int>) -> Int? {
        let tokens = lexed.tokens
        var names: Set<String> = []
        var firstAfterNames = range.lowerBound
        // The context parameter destructured: the caller names it binds (`{ user, dataSources }`).
        // Only the resolver's own parameters, at its start (`summarize: async (`, `async summarize(`, `export async
        // function summarize(`): not those of a function it wraps or calls.
        if lexed.language.isJavaScriptLike,
           let parameters = range.prefix(12).first(where: { lexed.token($0, isPunctuation: Byte.openParen) && lexed.partner[$0] > $0 }),
           case let close = lexed.partner[parameters], close <= range.upperBound
        {
            // The context parameter: the third, `(parent, args, context)`, or the one decorated `@Ctx()`/`@Context()`
            // (TypeGraphQL, NestJS); the arguments' `{ accountId }` is the caller's input.
            for (position, item) in lexed.callArgumentItems(parameters...close).enumerated() {
                let decorated = item.contains { lexed.token($0 - 1, isPunctuation: Byte.at) && (lexed.token($0, is: "Ctx") || lexed.token($0, is: "Context")) }
                guard position == 2 || decorated, let open = item.first(where: { lexed.token($0, isPunctuation: Byte.openBrace) }),
                      lexed.partner[open] > open
                else { continue }
                for index in open...lexed.partner[open] where tokens[index].kind == .identifier && isCallerWord(index) {
                    guard !lexed.token(index + 1, isPunctuation: Byte.colon) else { continue }
                    names.insert(lexed.text(index))
                }
            }
            firstAfterNames = close + 1
        }
        for index in range where index < tokens.count && (tokens[index].kind == .identifier || tokens[index].kind == .string) {
            if !names.isEmpty, index >= firstAfterNames, tokens[index].kind == .identifier, names.contains(lexed.text(index)),
               !lexed.token(index - 1, isPunctuation: Byte.dot), isChecked(from: index, through: index)
            {
                return tokens[index].line
            }
            guard isCallerWord(index) else { continue }
            let start: Int
            var end = index
            if let chain = contextChainStart(endingAt: index) {
                start = chain
                if lexed.token(index + 1, isPunctuation: Byte.closeBracket) || lexed.token(index + 1, isPunctuation: Byte.closeParen) { end = index + 1 }
            } else if let call = callerFromContext(at: index) {
                // `user, err := middleware.GetUserFromContext(ctx)`, `viewer = load_viewer(info)`.
                (start, end) = call
            } else {
                continue
            }
            if isChecked(from: start, through: end) { return tokens[index].line }
            // Assigned to a name the rest checks: `const user = ctx.user`, `user = info.context.user`, `user := …`.
            var target = start - 1
            if lexed.token(target, is: "await") { target -= 1 }
            guard lexed.token(target, isPunctuation: Byte.equals), !lexed.token(target - 1, isPunctuation: Byte.equals) else { continue }
            if lexed.token(target - 1, isPunctuation: Byte.colon) { target -= 1 }
            if tokens.indices.contains(target - 1), tokens[target - 1].kind == .identifier {
                names.insert(lexed.text(target - 1))
            } else if lexed.token(target - 1, isPunctuation: Byte.closeBrace), lexed.partner[target - 1] >= 0 {
                for name in lexed.partner[target - 1]..<(target - 1) where tokens[name].kind == .identifier && isCallerWord(name) {
                    names.insert(lexed.text(name))
                }
            }
        }
        return nil
    }

    /// Words naming the caller a context carries: `user`, `currentUser`, `viewer`, `session`, `auth`, `account`.
    private static let contextCallerWords = FoldedWords(["user", "viewer", "session", "auth", "account", "member", "principal", "identity"])

    private func isCallerWord(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        return HandlerFinder.contextCallerWords.matches(lexed.bytes[token.start..<token.end])
    }

    /// The first token of the context chain a caller word at `index` ends (`ctx` of `ctx.user`, `info` of
    /// `info.context["request"].user`, `context` of `context[:current_user]`), or nil when it reads no context.
    private func contextChainStart(endingAt index: Int) -> Int? {
        var cursor = index
        var readsContext = false
        // A key in brackets: `context["user"]`, `context[:current_user]`; or looked up: `info.context.get("user")`.
        if lexed.token(cursor - 1, isPunctuation: Byte.openBracket) {
            cursor -= 1
        } else if lexed.tokens[index].kind == .string, lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "get"),
                  lexed.token(index - 3, isPunctuation: Byte.dot)
        {
            cursor -= 3
        } else if lexed.token(cursor - 1, isPunctuation: Byte.colon), lexed.token(cursor - 2, isPunctuation: Byte.openBracket) {
            cursor -= 2
        } else if lexed.token(cursor - 1, isPunctuation: Byte.dot) || lexed.token(cursor - 1, is: "?.") || lexed.token(cursor - 1, is: "->") {
            cursor -= 1
        } else {
            return nil
        }
        // Back along the chain: names, dots, and bracketed keys (`["request"]`).
        while cursor > 0 {
            let previous = cursor - 1
            if lexed.tokens[previous].kind == .identifier {
                let token = lexed.tokens[previous]
                if HandlerFinder.contextNames.matches(lexed.bytes[token.start..<token.end]) { readsContext = true }
                cursor = previous
                if lexed.token(cursor - 1, isPunctuation: Byte.dot) || lexed.token(cursor - 1, is: "?.") || lexed.token(cursor - 1, is: "->") {
                    cursor -= 1
                    continue
                }
                break
            }
            if lexed.token(previous, isPunctuation: Byte.closeBracket), lexed.partner[previous] >= 0, lexed.partner[previous] < previous {
                cursor = lexed.partner[previous]
                continue
            }
            break
        }
        return readsContext ? cursor : nil
    }

    /// A call at `index` that reads the caller out of the context it is handed (`GetUserFromContext(ctx)`,
    /// `auth.userFrom(context)`, `load_viewer(info)`): its receiver chain's first token and its closing parenthesis.
    private func callerFromContext(at index: Int) -> (start: Int, end: Int)? {
        guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 else { return nil }
        let close = lexed.partner[index + 1]
        let handsContext = (index + 2..<close).contains { argument in
            guard lexed.tokens[argument].kind == .identifier else { return false }
            let token = lexed.tokens[argument]
            return HandlerFinder.contextNames.matches(lexed.bytes[token.start..<token.end]) || lexed.token(argument, is: "info")
        }
        guard handsContext else { return nil }
        return (lexed.dottedNameStart(endingAt: index), close)
    }

    /// Names a GraphQL context goes by: `ctx`, `context`, `contextValue`, `gqlContext`.
    private static let contextNames = FoldedWords(["ctx", "context"])

    /// Whether the read at tokens `start...end` is tested: negated (`!`, `not`), compared (`== null`, `is None`,
    /// `.nil?`), required (`&&`), or in the condition of an `if`, `unless`, `elif` or `guard` on its line.
    func isChecked(from start: Int, through end: Int) -> Bool {
        if lexed.token(start - 1, isPunctuation: UInt8(ascii: "!")) || lexed.token(start - 1, is: "not") { return true }
        if isTested(after: end) || lexed.token(end + 1, is: "is") { return true }
        if lexed.token(end + 1, isPunctuation: Byte.dot),
           lexed.token(end + 2, is: "nil") || lexed.token(end + 2, is: "present") || lexed.token(end + 2, is: "blank")
        {
            return true
        }
        var cursor = start - 1
        while cursor >= 0, lexed.tokens[cursor].line == lexed.tokens[start].line {
            if lexed.token(cursor, is: "if") || lexed.token(cursor, is: "unless") || lexed.token(cursor, is: "elif")
                || lexed.token(cursor, is: "guard")
            {
                return true
            }
            cursor -= 1
        }
        return false
    }
}
