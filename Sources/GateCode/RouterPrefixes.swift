import GateCore

/// Where a route's router comes from in its own file, as far as the file tells: the prefixes the file gives it on
/// the way, and the binding the reading stopped at (which another call, of this file or another, may mount).
struct LocalRouter {
    enum Origin: Hashable {
        /// A variable the file makes the router in (`const router = express.Router()`, `r := chi.NewRouter()`): its
        /// name, and the token naming it where it is made.
        case variable(String, token: Int)
        /// A parameter of a function block: a Fastify plugin's `fastify`, chi's `r.Route("/api", func(r chi.Router) {…})`.
        case parameter(function: Int)
        /// Nothing the file tells (an import, what a call returns).
        case unknown
    }

    var prefix: String
    var origin: Origin
}

/// A call that mounts a router under a path: Express's `app.use("/api", chatRouter)`, Hono's `app.route("/api", chat)`,
/// Fastify's `app.register(chatRoutes, { prefix: "/api" })`, chi's `r.Mount("/api", chatRouter())` and `r.Route("/api",
/// func(r chi.Router) {…})`.
struct RouterMount {
    /// The mounting call's receiver chain, up to the callee (`app` of `app.use(…)`): the router mounted under in turn.
    var receiver: Range<Int>
    var path: String
}

/// Reads routers and their mounts within one file, by its tokens: JavaScript/TypeScript and Go.
struct RouterReader {
    let lexed: LexedSource
    /// The tokens that assign to a name (`api := …`, `const router = …`), ascending: asked of the code index, which
    /// finds them once per file and name.
    let assignments: (String) -> [Int]

    /// Calls along a chain that make a router under a prefix of the one they are called on: gin's, Echo's and
    /// fiber's `Group("/api")`, gorilla's `PathPrefix("/api").Subrouter()`, Hono's `basePath("/api")`.
    private static let groupingCalls: Set<String> = ["Group", "PathPrefix", "basePath"]
    /// Calls that mount a router given as an argument (Express/Koa `use`, Hono `route`, Fastify `register`, chi `Mount`),
    /// or defined inline as a function literal (chi's and fiber's `Route`, chi's path-less `Group`, Fastify's `register`).
    private static let mountingCalls: [StaticString] = ["use", "route", "register", "Mount", "Route", "Group"]

    /// The router a route chain starts from (`chain`: from the chain's first token up to the route's method, as in
    /// `api.POST` or `new Hono().basePath("/api").post`).
    func router(chain: Range<Int>, depth: Int = 0) -> LocalRouter {
        let (prefix, _) = groupPrefix(in: chain)
        let root = chain.lowerBound
        if lexed.isIdentifier(root), lexed.token(root + 1, isPunctuation: Byte.dot) {
            let outer = variableRouter(at: root, depth: depth)
            return LocalRouter(prefix: CodeIndex.joinRoutePaths(outer.prefix, prefix), origin: outer.origin)
        }
        // Made in the chain itself (`export const chat = new Hono().post(…)`): the variable it is assigned to, if any.
        return LocalRouter(prefix: prefix, origin: assignedVariable(constructionAt: root))
    }

    /// The router variable `use` names there, through the groups it was made from.
    private func variableRouter(at use: Int, depth: Int) -> LocalRouter {
        guard depth < 8 else { return LocalRouter(prefix: "", origin: .unknown) }
        switch binding(of: use) {
        case let .assignment(name, value):
            let (prefix, grouped) = groupPrefix(in: value..<chainEnd(from: value))
            // Made from another router (`v1 := api.Group("/v1")`, `const api = app.basePath("/api")`): that router's
            // prefix comes first. Otherwise it is made here (`express.Router()`, `gin.Default()`, `new Hono()`).
            if grouped, lexed.isIdentifier(value), lexed.token(value + 1, isPunctuation: Byte.dot) {
                let outer = variableRouter(at: value, depth: depth + 1)
                return LocalRouter(prefix: CodeIndex.joinRoutePaths(outer.prefix, prefix), origin: outer.origin)
            }
            return LocalRouter(prefix: prefix, origin: .variable(lexed.text(name), token: name))
        case let .parameter(function):
            return LocalRouter(prefix: "", origin: .parameter(function: function))
        case nil:
            return LocalRouter(prefix: "", origin: .unknown)
        }
    }

    private enum Binding {
        case assignment(name: Int, value: Int)
        case parameter(function: Int)
    }

    /// What binds the name used at `use`: the latest assignment before it in a block around it, unless a function
    /// between them takes the name as a parameter.
    private func binding(of use: Int) -> Binding? {
        let name = lexed.text(use)
        let enclosing = lexed.enclosingBlocks(of: use)
        let scopes = Set(enclosing + [-1])
        let assignment = assignments(name).last { $0 < use && scopes.contains(lexed.tokens[$0].block) }
        for block in enclosing where lexed.blocks[block].kind == .function {
            if let assignment, assignment > lexed.blocks[block].openToken { break }
            if parameterGroups(of: block).contains(where: { parameters(in: $0).contains(name) }) {
                return .parameter(function: block)
            }
        }
        return assignment.flatMap { name in Self.assignmentValue(after: name, in: lexed).map { .assignment(name: name, value: $0) } }
    }

    /// The first token of the value assigned to the name at `name` (`name = value`, Go's `name := value`, lexed as
    /// `:` and `=`), or nil when no assignment follows it (`name == other`).
    static func assignmentValue(after name: Int, in lexed: LexedSource) -> Int? {
        var equals = lexed.token(name + 1, isPunctuation: Byte.colon) && lexed.language == .go ? name + 2 : name + 1
        // A TypeScript declaration's type annotation: `const app: Hono<{ Bindings: Env }> = new Hono()`.
        if lexed.language == .typescript, lexed.token(name + 1, isPunctuation: Byte.colon),
           lexed.token(name - 1, is: "const") || lexed.token(name - 1, is: "let") || lexed.token(name - 1, is: "var")
        {
            equals = name + 2
            while equals < min(lexed.tokens.count, name + 40), !lexed.token(equals, isPunctuation: Byte.equals),
                  !lexed.token(equals, isPunctuation: Byte.semicolon)
            {
                equals = lexed.tokens[equals].kind == .punctuation && lexed.partner[equals] > equals ? lexed.partner[equals] + 1 : equals + 1
            }
        }
        guard lexed.token(equals, isPunctuation: Byte.equals), !lexed.token(equals + 1, isPunctuation: Byte.equals) else { return nil }
        return equals + 1
    }

    /// The variable a construction at `root` is assigned to: `chat` of `const chat = new Hono()…`.
    private func assignedVariable(constructionAt root: Int) -> LocalRouter.Origin {
        let start = lexed.token(root - 1, is: "new") ? root - 1 : root
        let name = lexed.token(start - 2, isPunctuation: Byte.colon) ? start - 3 : start - 2
        guard lexed.isIdentifier(name), Self.assignmentValue(after: name, in: lexed) == start else { return .unknown }
        return .variable(lexed.text(name), token: name)
    }

    /// The prefixes the grouping calls along `chain` add, in order, and whether it holds one: calls inside the
    /// chain's arguments are stepped over. koa-router's `new Router({ prefix: "/api" })` gives one too.
    private func groupPrefix(in chain: Range<Int>) -> (prefix: String, grouped: Bool) {
        var prefix = ""
        var grouped = false
        var cursor = chain.lowerBound
        while cursor < chain.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            if lexed.isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.openParen) {
                let name = lexed.text(cursor)
                if Self.groupingCalls.contains(name), lexed.token(cursor - 1, isPunctuation: Byte.dot) {
                    grouped = true
                    if let path = string(at: cursor + 2) { prefix = CodeIndex.joinRoutePaths(prefix, path) }
                } else if name == "Router", lexed.token(cursor - 1, is: "new"), lexed.partner[cursor + 1] > cursor + 1,
                          let path = objectValue("prefix", in: (cursor + 2)..<lexed.partner[cursor + 1])
                {
                    grouped = true
                    prefix = CodeIndex.joinRoutePaths(prefix, path)
                }
            }
            cursor += 1
        }
        return (prefix, grouped)
    }

    /// The token after a value's chain: `new X(…)`, names and calls joined by dots.
    private func chainEnd(from start: Int) -> Int {
        var cursor = lexed.token(start, is: "new") ? start + 1 : start
        while lexed.isIdentifier(cursor) {
            cursor += 1
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1 }
            guard lexed.token(cursor, isPunctuation: Byte.dot) else { break }
            cursor += 1
        }
        return cursor
    }

    // MARK: Functions

    /// The `(` of each parameter list of a function block's header, after its `func`/`function` keyword (Go's
    /// receiver, parameters and results); an arrow function's single unparenthesised parameter is its own group.
    /// Empty for a block that is no function literal or declaration (Go's bare `{ … }` after a gin group).
    private func parameterGroups(of block: Int) -> [Int] {
        let info = lexed.blocks[block]
        let header = min(info.headerStart, info.openToken)..<info.openToken
        let keyword = header.last { lexed.token($0, is: "func") || lexed.token($0, is: "function") }
        let arrow = lexed.token(info.openToken - 1, is: "=>")
        guard keyword != nil || arrow else { return [] }
        if arrow, lexed.isIdentifier(info.openToken - 2) { return [info.openToken - 2] }
        var groups: [Int] = []
        var cursor = keyword ?? header.lowerBound
        while cursor < header.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
                groups.append(cursor)
                cursor = lexed.partner[cursor]
            }
            cursor += 1
        }
        return groups
    }

    /// The names a parameter group declares: the first name of each of its parameters (`fastify` of `(fastify:
    /// FastifyInstance, opts)`, `r` of `(r chi.Router)`), or the group's own token when it is a bare name.
    private func parameters(in group: Int) -> [String] {
        guard lexed.token(group, isPunctuation: Byte.openParen) else { return lexed.isIdentifier(group) ? [lexed.text(group)] : [] }
        let close = lexed.partner[group]
        guard close > group + 1 else { return [] }
        let level = lexed.tokens[group + 1].block
        return ((group + 1)..<close).filter { cursor in
            lexed.isIdentifier(cursor) && lexed.tokens[cursor].block == level
                && (cursor == group + 1 || lexed.token(cursor - 1, isPunctuation: Byte.comma))
        }.map { lexed.text($0) }
    }

    /// The name a function block goes by, and the token its expression starts at (`async` of `async (fastify) => {`,
    /// `function` of `export default function chatRoutes(fastify) {`).
    func functionExpression(_ block: Int) -> (name: String?, start: Int)? {
        let info = lexed.blocks[block]
        let header = min(info.headerStart, info.openToken)..<info.openToken
        var start: Int
        var name: String?
        if let keyword = header.last(where: { lexed.token($0, is: "function") || lexed.token($0, is: "func") }) {
            start = keyword
            if lexed.isIdentifier(keyword + 1), lexed.token(keyword + 2, isPunctuation: Byte.openParen) { name = lexed.text(keyword + 1) }
        } else if let group = parameterGroups(of: block).last {
            start = group
        } else {
            return nil
        }
        if lexed.token(start - 1, is: "async") { start -= 1 }
        // `const chatRoutes = async (fastify) => {`: the variable names it.
        if name == nil, lexed.token(start - 1, isPunctuation: Byte.equals), lexed.isIdentifier(start - 2) { name = lexed.text(start - 2) }
        return (name, start)
    }

    /// The named function that makes the router variable named at `token` and returns it (`func chatRouter()
    /// http.Handler { r := chi.NewRouter(); …; return r }`, `function createRouter() { … return router; }`): a call
    /// of it stands for the router where it is mounted.
    func maker(ofVariableAt token: Int) -> String? {
        let function = lexed.enclosingFunction(of: token)
        guard function >= 0, let name = functionExpression(function)?.name ?? lexed.name(ofBlock: function) else { return nil }
        let variable = lexed.text(token)
        let returns = lexed.span(of: function).contains { index in
            lexed.token(index, is: "return") && lexed.isIdentifier(index + 1) && lexed.text(index + 1) == variable
                && lexed.enclosingFunction(of: index) == function
        }
        return returns ? name : nil
    }

    // MARK: Mounts

    /// The calls of this file that mount `origin`'s router, where `isReference` tells which arguments stand for it.
    /// A function literal mounted where it is written (`r.Route("/api", func(r chi.Router) {…})`, `fastify.register(async
    /// (app) => {…}, { prefix: "/v1" })`) is its own reference.
    func mounts(of origin: LocalRouter.Origin, isReference: (Range<Int>) -> Bool) -> [RouterMount] {
        if case let .parameter(function) = origin {
            let parent = lexed.blocks[function].parent
            if parent >= 0, lexed.blocks[parent].opener == .paren, let mount = mount(at: lexed.blocks[parent].openToken - 1, isReference: { argument in
                argument.contains(lexed.blocks[function].openToken)
            }) {
                return [mount]
            }
        }
        return lexed.indices(ofWords: Self.mountingCalls).compactMap { mount(at: $0, isReference: isReference) }
    }

    /// The mount `callee`'s call makes of a router one of its arguments stands for, if it is a mounting call that does.
    private func mount(at callee: Int, isReference: (Range<Int>) -> Bool) -> RouterMount? {
        let open = callee + 1
        guard lexed.isIdentifier(callee), lexed.token(callee - 1, isPunctuation: Byte.dot), lexed.token(open, isPunctuation: Byte.openParen),
              lexed.partner[open] > open + 1
        else { return nil }
        let arguments = lexed.topLevelItems(between: open, and: lexed.partner[open])
        let leadingPath = arguments.first.flatMap { $0.count == 1 ? string(at: $0.lowerBound) : nil }
        let path: String
        let mounted: ArraySlice<Range<Int>>
        switch lexed.text(callee) {
        case "use":
            // Middleware given without a path mounts nothing under one: `app.use(chatRouter)` is mounted at the root.
            path = leadingPath ?? ""
            mounted = arguments.dropFirst(leadingPath == nil ? 0 : 1)
        case "route", "Mount", "Route":
            guard let leadingPath, arguments.count >= 2 else { return nil }
            path = leadingPath
            mounted = arguments[1...1]
        case "register":
            path = arguments.count >= 2 ? objectValue("prefix", in: arguments[1]) ?? "" : ""
            mounted = arguments.prefix(1)
        case "Group" where lexed.language == .go && leadingPath == nil:
            path = ""
            mounted = arguments.prefix(1)
        default:
            return nil
        }
        guard mounted.contains(where: isReference) else { return nil }
        return RouterMount(receiver: chainStart(before: callee)..<callee, path: path)
    }

    /// The first token of the receiver chain a method at `callee` is called on (`LexedSource.receiverChainStart`).
    private func chainStart(before callee: Int) -> Int { lexed.receiverChainStart(before: callee) }

    /// Whether `argument` is exactly one of `names` (`chatRoutes`), or qualified by one of `qualifiers` (Go's
    /// `chat.Routes`); with `called`, a call of one without arguments (chi's `r.Mount("/api", chatRouter())`).
    func argument(_ argument: Range<Int>, isOneOf names: Set<String>, called: Bool = false, qualifiers: Set<String> = []) -> Bool {
        var first = argument.lowerBound
        if lexed.isIdentifier(first), lexed.token(first + 1, isPunctuation: Byte.dot), qualifiers.contains(lexed.text(first)) { first += 2 }
        guard lexed.isIdentifier(first), names.contains(lexed.text(first)) else { return false }
        return called ? first + 3 == argument.upperBound && lexed.token(first + 1, isPunctuation: Byte.openParen)
            && lexed.partner[first + 1] == first + 2 : first + 1 == argument.upperBound
    }

    /// The string at `index`, if the token is one.
    func string(at index: Int) -> String? {
        lexed.tokens.indices.contains(index) && lexed.tokens[index].kind == .string ? lexed.text(index) : nil
    }

    /// The string value of `key` in the object literal `range` starts with (`prefix` of `{ prefix: "/api" }`).
    private func objectValue(_ key: String, in range: Range<Int>) -> String? {
        guard let brace = range.first, lexed.token(brace, isPunctuation: Byte.openBrace), lexed.partner[brace] > brace + 1 else { return nil }
        let level = lexed.tokens[brace + 1].block
        for cursor in (brace + 1)..<lexed.partner[brace]
        where lexed.tokens[cursor].block == level && lexed.isIdentifier(cursor) && lexed.text(cursor) == key
            && lexed.token(cursor + 1, isPunctuation: Byte.colon)
        {
            return string(at: cursor + 2)
        }
        return nil
    }

    // MARK: Exports

    /// The names another module imports a JavaScript/TypeScript router by ("default" for the default export and
    /// `module.exports`), empty when the module does not export it.
    func exportedNames(of origin: LocalRouter.Origin) -> Set<String> {
        switch origin {
        case let .variable(name, token):
            // A module-level variable is exported by its name, one a function makes and returns by the function's.
            if maker(ofVariableAt: token) != nil { return exportedNames(ofFunction: lexed.enclosingFunction(of: token)) }
            return lexed.tokens[token].block == -1 ? exportedNames(of: name) : []
        case let .parameter(function):
            return exportedNames(ofFunction: function)
        case .unknown:
            return []
        }
    }

    /// What the module exports a function block as: `export default async function (fastify) {`, `module.exports =
    /// async (fastify) => {`, `export function chatRoutes(`, or its name's exports (`export default chatRoutes`).
    private func exportedNames(ofFunction function: Int) -> Set<String> {
        guard let (name, start) = functionExpression(function) else { return [] }
        var result = name.map(exportedNames(of:)) ?? []
        if lexed.token(start - 1, is: "default"), lexed.token(start - 2, is: "export") {
            result.insert("default")
        } else if lexed.token(start - 1, isPunctuation: Byte.equals) {
            result.formUnion(assignedExport(beforeEquals: start - 1))
        } else if lexed.token(start - 1, is: "export"), let name {
            result.insert(name)
        }
        return result
    }

    /// What the module exports `name` as: `export default name`, `module.exports = name`, `export const name`,
    /// `export { name as chat }`, `exports.chat = name`, `module.exports = { chat: name }`.
    private func exportedNames(of name: String) -> Set<String> {
        var result = Set<String>()
        let spelling = Array(name.utf8)
        for index in lexed.tokens.indices where lexed.isIdentifier(index)
            && lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(spelling)
        {
            if lexed.token(index - 1, is: "default"), lexed.token(index - 2, is: "export") {
                result.insert("default")
            } else if lexed.token(index - 1, isPunctuation: Byte.equals), !lexed.token(index + 1, isPunctuation: Byte.dot),
                      !lexed.token(index + 1, isPunctuation: Byte.openParen)
            {
                result.formUnion(assignedExport(beforeEquals: index - 1))
            } else if ["const", "let", "var", "function", "class"].contains(where: { lexed.token(index - 1, is: $0) }),
                      lexed.token(index - 2, is: "export") || (lexed.token(index - 2, is: "async") && lexed.token(index - 3, is: "export"))
            {
                result.insert(name)
            } else if lexed.tokens[index].block >= 0, lexed.blocks[lexed.tokens[index].block].opener == .brace {
                // In an export list or an object assigned to `module.exports`.
                let open = lexed.blocks[lexed.tokens[index].block].openToken
                let exportList = lexed.token(open - 1, is: "export")
                let exportsObject = lexed.token(open - 1, isPunctuation: Byte.equals) && lexed.token(open - 2, is: "exports")
                    && lexed.token(open - 3, isPunctuation: Byte.dot) && lexed.token(open - 4, is: "module")
                if exportList, lexed.token(index + 1, is: "as"), lexed.isIdentifier(index + 2) {
                    result.insert(lexed.text(index + 2))
                } else if exportList || exportsObject, lexed.token(index - 1, isPunctuation: Byte.comma) || index - 1 == open,
                          lexed.token(index + 1, isPunctuation: Byte.comma) || index + 1 == lexed.partner[open]
                {
                    result.insert(name)
                } else if exportsObject, lexed.token(index - 1, isPunctuation: Byte.colon), lexed.isIdentifier(index - 2) {
                    result.insert(lexed.text(index - 2))
                }
            }
        }
        return result
    }

    /// The export an assignment at `equals` makes: "default" for `module.exports =`, `chat` for `exports.chat =` and
    /// `module.exports.chat =`; none for any other.
    private func assignedExport(beforeEquals equals: Int) -> Set<String> {
        if lexed.token(equals - 1, is: "exports"), lexed.token(equals - 2, isPunctuation: Byte.dot), lexed.token(equals - 3, is: "module") {
            return ["default"]
        }
        if lexed.isIdentifier(equals - 1), lexed.token(equals - 2, isPunctuation: Byte.dot), lexed.token(equals - 3, is: "exports") {
            return [lexed.text(equals - 1)]
        }
        return []
    }
}

extension LexedSource {
    /// The first token of the receiver chain a method at `callee` is called on, over names and calls (`app` of
    /// `app.use(…)`, `r` of `r.With(auth).Mount(…)`, `app.MapGroup("/x").RequireAuthorization()` of a call after it).
    func receiverChainStart(before callee: Int) -> Int {
        var start = callee
        while start >= 2, token(start - 1, isPunctuation: Byte.dot) {
            if isIdentifier(start - 2) {
                start -= 2
            } else if token(start - 2, isPunctuation: Byte.closeParen), partner[start - 2] >= 1,
                      partner[start - 2] < start - 2, isIdentifier(partner[start - 2] - 1)
            {
                start = partner[start - 2] - 1
            } else {
                break
            }
        }
        return start
    }

    /// The token after the name at `name` and its type arguments, if any (`(` of `AddEndpointFilter<ApiKeyFilter>(`,
    /// of `Filters.ApiKeyFilter` or `Dictionary<string, int>` as arguments): the name's own next token otherwise; nil
    /// when `name` is no identifier.
    public func genericCallOpen(afterName name: Int) -> Int? {
        guard isIdentifier(name) else { return nil }
        guard token(name + 1, isPunctuation: Byte.less) else { return name + 1 }
        var depth = 0
        var cursor = name + 1
        while cursor < tokens.count, cursor < name + 24 {
            if token(cursor, isPunctuation: Byte.less) {
                depth += 1
            } else if token(cursor, isPunctuation: Byte.greater) {
                depth -= 1
                if depth == 0 { return cursor + 1 }
            } else if !isIdentifier(cursor), !token(cursor, isPunctuation: Byte.dot), !token(cursor, isPunctuation: Byte.comma),
                      !token(cursor, isPunctuation: Byte.question)
            {
                return nil
            }
            cursor += 1
        }
        return nil
    }
}
