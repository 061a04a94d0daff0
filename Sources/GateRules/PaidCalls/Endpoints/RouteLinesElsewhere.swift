import GateCode
import GateCore

/// Route lines of routers that name a handler defined in another file which is an endpoint of its own file: Rails'
/// config/routes.rb (`post "summaries", to: "summaries#create"`, `resources :summaries, only: [:create]`) naming a
/// controller action, Django's URLconfs (`path("summarize/", views.summarize)`, `SummaryView.as_view()`, DRF's
/// `router.register("notes", NoteViewSet)`) naming a view. The action or view is judged in its own file when the change
/// touches it; a route line the change adds for one it leaves alone is what makes its paid call reachable, judged by the
/// guards the action or view has where it is defined (`HTTPHandler.judgedWhereDefined`) and the line's own
/// (`login_required(views.summarize)`), and reaching what the action or view reaches (`actionsElsewhere`).
extension HandlerFinder {
    /// The actions `resources :x` routes, and `resource :x` (singular: no index).
    private static let resourcesActions = ["index", "show", "new", "create", "edit", "update", "destroy"]
    private static let resourceActions = ["show", "new", "create", "edit", "update", "destroy"]
    private static let railsVerbs = WordSet(["get", "post", "put", "patch", "delete", "match"])
    /// The methods of a Django class view or DRF view set that serve requests.
    private static let classViewMethods = [
        "get", "post", "put", "patch", "delete", "list", "create", "retrieve", "update", "partial_update", "destroy",
    ]

    /// Rails routes files: config/routes.rb and the files it draws (`draw(:api)` reads config/routes/api.rb).
    var isRailsRoutesFile: Bool { path.hasSuffix("config/routes.rb") || (path.contains("config/routes/") && path.hasSuffix(".rb")) }

    func railsRouteLines() -> [HTTPHandler] {
        guard isRailsRoutesFile else { return [] }
        let tokens = lexed.tokens
        // Each `do … end` block by what its header adds: a controller module (`namespace :api`, `scope module:
        // :api`), or the controller of a resource whose member and collection routes it holds.
        var modules: [Int: String] = [:]
        var resourceControllers: [Int: String] = [:]
        for (index, block) in lexed.blocks.enumerated() where block.opener == .keyword && lexed.token(block.openToken, is: "do") {
            var first = block.openToken
            while first > 0, tokens[first - 1].line == block.startLine { first -= 1 }
            if lexed.token(first, is: "namespace"), let name = rubySymbol(first + 1) {
                modules[index] = name
            } else if lexed.token(first, is: "scope"),
                      let option = (first..<block.openToken).first(where: { lexed.token($0, is: "module") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
                      let name = rubySymbol(option + 2) ?? (lexed.token(option + 2, is: "=>") ? rubySymbol(option + 3) : nil)
            {
                modules[index] = name
            } else if lexed.token(first, is: "resources") || lexed.token(first, is: "resource"), let name = rubySymbol(first + 1) {
                resourceControllers[index] = lexed.token(first, is: "resource") ? RailsInflection.pluralize(name) : name
            }
        }
        var result: [HTTPHandler] = []
        for index in tokens.indices where tokens[index].firstOnLine && tokens[index].kind == .identifier {
            let isResources = lexed.token(index, is: "resources") || lexed.token(index, is: "resource")
            guard isResources || Self.railsVerbs.contains(lexed.bytes[tokens[index].start..<tokens[index].end]) else { continue }
            let declaration = RailsCallbackScope.declaration(startingAt: index, in: lexed)
            let enclosing = lexed.enclosingBlocks(of: index)
            let module = enclosing.reversed().compactMap { modules[$0] }.map { $0 + "/" }.joined()
            var targets: [(controller: String, action: String)] = []
            if isResources {
                let scope = RailsCallbackScope.of(declaration, in: lexed)
                let all = lexed.token(index, is: "resource") ? Self.resourceActions : Self.resourcesActions
                var cursor = index + 1
                while let name = rubySymbol(cursor) {
                    let controller = lexed.token(index, is: "resource") ? RailsInflection.pluralize(name) : name
                    targets += all.filter(scope.applies).map { (module + controller, $0) }
                    cursor += tokens[cursor].kind == .string ? 1 : 2
                    guard lexed.token(cursor, isPunctuation: Byte.comma) else { break }
                    cursor += 1
                }
            } else {
                var controller: String?
                var action: String?
                for cursor in declaration where tokens[cursor].kind == .string {
                    let text = lexed.text(cursor)
                    if let hash = text.firstIndex(of: "#"), hash > text.startIndex, text.index(after: hash) < text.endIndex {
                        controller = String(text[..<hash])
                        action = String(text[text.index(after: hash)...])
                    } else if lexed.token(cursor - 1, isPunctuation: Byte.colon), lexed.token(cursor - 2, is: "controller") {
                        controller = text
                    } else if lexed.token(cursor - 1, isPunctuation: Byte.colon), lexed.token(cursor - 2, is: "action") {
                        action = text
                    }
                }
                // A member or collection route of a resource (`post :regenerate` inside `resources :summaries do`).
                if controller == nil, let resource = enclosing.lazy.compactMap({ resourceControllers[$0] }).first,
                   let name = rubySymbol(index + 1)
                {
                    controller = resource
                    action = action ?? name.split(separator: "/").last.map(String.init)
                }
                if let controller, let action { targets.append((module + controller, action)) }
            }
            guard !targets.isEmpty else { continue }
            let statement = index...(declaration.upperBound - 1)
            let token = tokens[index]
            var handler = HTTPHandler(
                name: "\(lexed.text(index)) \(rubySymbol(index + 1) ?? "")", statement: statement, body: statement,
                guardRanges: [statement])
            handler.judgedWhereDefined = true
            handler.actionsElsewhere = targets.map { target in
                let receiver = target.controller.split(separator: "/").map { Self.camelized($0) }
                return CallFact(
                    name: target.action, receiver: receiver.dropLast() + [(receiver.last ?? "") + "Controller"], token: index,
                    line: token.line, column: token.column, firstArgument: nil)
            }
            result.append(handler)
        }
        return result
    }

    /// `Api` of `api`, `UserSessions` of `user_sessions`.
    private static func camelized(_ name: Substring) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The name a Ruby symbol (`:admin`) or string (`"admin"`) starting at `index` gives.
    private func rubySymbol(_ index: Int) -> String? {
        guard lexed.tokens.indices.contains(index) else { return nil }
        if lexed.tokens[index].kind == .string { return lexed.tokens[index].end > lexed.tokens[index].start ? lexed.text(index) : nil }
        guard lexed.token(index, isPunctuation: Byte.colon), lexed.tokens.indices.contains(index + 1),
              lexed.tokens[index + 1].kind == .identifier, lexed.tokens[index + 1].start == lexed.tokens[index].end
        else { return nil }
        return lexed.text(index + 1)
    }

    // MARK: Django

    func djangoURLConfLines() -> [HTTPHandler] {
        guard path.hasSuffix("urls.py") || ByteSearch.containsFolded(lexed.bytes, Self.urlpatternsWord) else { return [] }
        let tokens = lexed.tokens
        var result: [HTTPHandler] = []
        for index in tokens.indices where tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen) {
            let register = lexed.token(index, is: "register") && lexed.token(index - 1, isPunctuation: Byte.dot)
            guard register || ((lexed.token(index, is: "path") || lexed.token(index, is: "re_path") || lexed.token(index, is: "url"))
                && !lexed.token(index - 1, isPunctuation: Byte.dot)),
                lexed.partner[index + 1] > index + 1
            else { continue }
            let close = lexed.partner[index + 1]
            let arguments = lexed.topLevelItems(between: index + 1, and: close)
            guard arguments.count >= 2, tokens[arguments[0].lowerBound].kind == .string,
                  let view = djangoViewReference(in: arguments[1], classOnly: register)
            else { continue }
            let start = lexed.dottedNameStart(endingAt: index)
            let statement = start...close
            let token = tokens[index]
            let names = view.isClass ? Self.classViewMethods : [view.name]
            let receiver = view.isClass ? view.chain + [view.name] : view.chain
            var handler = HTTPHandler(
                name: "route \(lexed.text(arguments[0].lowerBound))", statement: statement, body: statement,
                guardRanges: [statement])
            handler.judgedWhereDefined = true
            handler.namesViewClass = view.isClass
            handler.actionsElsewhere = names.map { name in
                CallFact(name: name, receiver: receiver, token: index, line: token.line, column: token.column, firstArgument: nil)
            }
            result.append(handler)
        }
        return result
    }

    private static let urlpatternsWord = Array("urlpatterns".utf8)

    /// The view a URLconf argument names: `views.summarize`, `summarize`, `SummaryView.as_view()`,
    /// `login_required(views.summarize)` (the innermost name; the wrapper is read as the line's guard). Nil for
    /// `include(…)` and for what names no view.
    private func djangoViewReference(in range: Range<Int>, classOnly: Bool) -> (chain: [String], name: String, isClass: Bool)? {
        let tokens = lexed.tokens
        guard !range.contains(where: { lexed.token($0, is: "include") }) else { return nil }
        // The last dotted name in the argument that is not itself called, or the class before `.as_view(`.
        var end: Int?
        var isClass = classOnly
        for index in range where tokens[index].kind == .identifier {
            if lexed.token(index, is: "as_view"), lexed.token(index - 1, isPunctuation: Byte.dot), tokens[index - 2].kind == .identifier {
                end = index - 2
                isClass = true
                break
            }
            if !lexed.token(index + 1, isPunctuation: Byte.openParen), !lexed.token(index + 1, isPunctuation: Byte.dot),
               !lexed.token(index + 1, isPunctuation: Byte.equals)
            {
                end = index
            }
        }
        guard let end else { return nil }
        var chain: [String] = []
        var cursor = end
        while cursor >= 2, lexed.token(cursor - 1, isPunctuation: Byte.dot), tokens[cursor - 2].kind == .identifier {
            cursor -= 2
            chain.insert(lexed.text(cursor), at: 0)
        }
        let name = lexed.text(end)
        return (chain, name, isClass || name.first?.isUppercase == true)
    }
}

extension UnprotectedEndpointDetector {
    /// Languages whose routers name actions of other files that are endpoints of their own (Phoenix, Rails, Django):
    /// a change adding both the action and the route to it reports the action, not the route line too
    /// (`PhoenixEndpointsReportedOnce`).
    static func routesNameActionsElsewhere(_ language: SourceLanguage) -> Bool {
        language == .elixir || language.family == .ruby || language.family == .python
    }

    /// Whether a route line the change adds was in the file before under the same enclosing blocks (routes re-ordered,
    /// or a block moved whole): no endpoint is new. A line moved out of a block (`authenticate :user do`) or into
    /// another (`namespace :admin do`) is judged as new.
    static func routeLineMovedInPlace(_ handler: HTTPHandler, file: SourceFile, lexed: LexedSource) -> Bool {
        let start = handler.statement.lowerBound
        let text = lineText(lexed.bytes, at: lexed.tokens[start].start)
        let deleted = UnchangedEndpointReach.deletedText(of: file.change)
        guard !text.isEmpty,
              deleted.split(separator: 0x0A).contains(where: { trimmed($0).elementsEqual(text) })
        else { return false }
        let base = Lexer.lex(file.baseBytes(), language: lexed.language)
        let scopes = scopeHeaders(of: start, in: lexed)
        return base.tokens.indices.contains { index in
            base.tokens[index].firstOnLine && lineText(base.bytes, at: base.tokens[index].start).elementsEqual(text)
                && scopeHeaders(of: index, in: base) == scopes
        }
    }

    /// The header lines of the blocks enclosing a token, innermost first.
    private static func scopeHeaders(of index: Int, in lexed: LexedSource) -> [ArraySlice<UInt8>] {
        lexed.enclosingBlocks(of: index).map { lineText(lexed.bytes, at: lexed.tokens[lexed.blocks[$0].headerStart].start) }
    }

    /// The line holding byte `offset`, without its indentation and trailing blanks.
    private static func lineText(_ bytes: [UInt8], at offset: Int) -> ArraySlice<UInt8> {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = offset
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return trimmed(bytes[start..<end])
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D }
        guard let first = line.firstIndex(where: { !isBlank($0) }), let last = line.lastIndex(where: { !isBlank($0) }) else { return [] }
        return line[first...last]
    }

    /// A class view's request methods named by a route (`HTTPHandler.namesViewClass`), with every other public method
    /// its class declares where the first of them is found (a DRF view set's `@action`s), called on the same name.
    func viewClassActions(_ methods: [CallFact], facts: FileFacts, index: CodeIndex) -> [CallFact] {
        guard let first = methods.first,
              let target = methods.lazy.flatMap({ index.resolve($0, in: facts).targets }).first,
              let container = target.definition.container, let declaring = index.facts(of: target.path)
        else { return methods }
        let named = Set(methods.map(\.name))
        let declared = declaring.definitions.filter { $0.container == container && !$0.name.hasPrefix("_") && !named.contains($0.name) }
        return methods + declared.map { definition in
            CallFact(
                name: definition.name, receiver: first.receiver, token: first.token, line: first.line, column: first.column,
                firstArgument: nil)
        }
    }

    /// Whether the actions or views a route line names are guarded where they are defined: each that reaches a paid
    /// call is judged as the endpoint rule judges a handler of its file that the change touches (its decorators,
    /// callbacks, class and base classes, the project's middleware and settings), and the line is guarded when none
    /// is found open. One that no handler of its file holds (a plain function) is guarded by what its own tokens say.
    func guardedWhereDefined(_ handler: HTTPHandler, facts: FileFacts, index: CodeIndex, context: DetectionContext) -> Bool {
        var judged = false
        for action in handler.actionsElsewhere {
            let reach = index.reach(of: action, in: handler.actionsFacts ?? facts)
            guard !reach.paid.isEmpty else { continue }
            for target in reach.targets {
                guard let lexed = index.lexedFile(target.path), target.definition.tokens.upperBound < lexed.tokens.count,
                      let bytes = index.project.contents(of: target.path)
                else { continue }
                let definition = target.definition.tokens
                let finder = HandlerFinder(lexed: lexed, path: target.path)
                judged = true
                guard finder.handlers().contains(where: { $0.statement.contains(definition.lowerBound) }) else {
                    if !finder.containsGuard(definition) { return false }
                    continue
                }
                let lines = lexed.tokens[definition.lowerBound].line...lexed.tokens[definition.upperBound].line
                let verdict = judge(SourceFile(unchangedPath: target.path, bytes: bytes, reading: LineSet(lines)), context: context)
                if verdict.findings.contains(where: { lines.contains($0.line) }) { return false }
            }
        }
        return judged
    }
}

// MARK: Flask

extension HandlerFinder {
    /// Each call of the method `name` on a receiver (`app.add_url_rule(…)`, `api_router.include_router(…)`): the
    /// method's token and the call's closing parenthesis.
    func methodCalls(_ name: StaticString) -> [(method: Int, close: Int)] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.tokens[index].kind == .identifier, lexed.token(index, is: name), lexed.token(index - 1, isPunctuation: Byte.dot),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
            else { return nil }
            return (index, lexed.partner[index + 1])
        }
    }

    private static let addURLRuleWord = Array("add_url_rule".utf8)
    /// The methods of a Flask `MethodView` that serve requests.
    private static let methodViewMethods = ["get", "post", "put", "patch", "delete"]

    /// Flask's `app.add_url_rule("/summarize", view_func=summarize, methods=["POST"])` and a blueprint's
    /// (`bp.add_url_rule("/x", "x", views.summarize)`, `view_func=SummaryView.as_view("summary")`): the view is a
    /// function or `MethodView` of this file or another, judged by what its own decorators say, the line's own
    /// wrappers (`login_required(summarize)`) and the app's or blueprint's guards.
    func flaskURLRules() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, Self.addURLRuleWord) else { return [] }
        let tokens = lexed.tokens
        var result: [HTTPHandler] = []
        for (index, close) in methodCalls("add_url_rule") {
            let arguments = lexed.topLevelItems(between: index + 1, and: close)
            guard let first = arguments.first, tokens[first.lowerBound].kind == .string else { continue }
            let keyword = lexed.callKeywordValue("view_func", in: (index + 1)...close).map { $0.lowerBound..<($0.upperBound + 1) }
            let positional = arguments.filter { !lexed.token($0.lowerBound + 1, isPunctuation: Byte.equals) }
            guard let view = keyword ?? (positional.count > 2 ? positional[2] : nil),
                  let named = view.last(where: { tokens[$0].kind == .identifier && !lexed.token($0 + 1, isPunctuation: Byte.openParen) && !lexed.token($0 + 1, isPunctuation: Byte.dot) })
                    ?? view.first(where: { lexed.token($0 + 1, isPunctuation: Byte.dot) && lexed.token($0 + 2, is: "as_view") })
            else { continue }
            // A `MethodView` of this file is an endpoint of its own (`pythonClassViews`), named by this rule.
            let viewName = lexed.text(named)
            if !lexed.token(named - 1, isPunctuation: Byte.dot), lexed.blocks.contains(where: { block in
                block.kind == .container && block.parent == -1 && lexed.token(block.openToken, is: "class")
                    && lexed.text(block.openToken + 1) == viewName
            }) {
                continue
            }
            let start = lexed.dottedNameStart(endingAt: index)
            let statement = start...close
            let path = lexed.text(first.lowerBound)
            var handler = HTTPHandler(name: "route \(path)", statement: statement, body: statement, guardRanges: [statement], path: path)
            handler.judgedWhereDefined = true
            handler.routerGuardsApply = true
            handler.namesViewClass = lexed.token(named + 2, is: "as_view")
            handler.actionsElsewhere = namedElsewhere(named, methods: handler.namesViewClass ? Self.methodViewMethods : nil)
            result.append(handler)
        }
        return result
    }

    /// A view a route names at token `name` (`summarize`, `views.summarize`, `SummaryView`), as calls of it: of the
    /// function itself, or of each of `methods` on the class.
    func namedElsewhere(_ name: Int, methods: [String]?) -> [CallFact] {
        // The names before the last (`views` of `views.summarize`).
        let chain = stride(from: lexed.dottedNameStart(endingAt: name), to: name, by: 2).map { lexed.text($0) }
        let token = lexed.tokens[name]
        let calls = methods.map { methods in methods.map { ($0, chain + [lexed.text(name)]) } } ?? [(lexed.text(name), chain)]
        return calls.map { call in
            CallFact(name: call.0, receiver: call.1, token: name, line: token.line, column: token.column, firstArgument: nil)
        }
    }
}

// MARK: FastAPI

extension HandlerFinder {
    static let includeRouterWord = Array("include_router".utf8)

    /// FastAPI's `app.include_router(chat.router)` and an aggregating router's `api_router.include_router(
    /// summaries.router, prefix="/summaries")`: the line mounts every route of a router another module defines, which
    /// it opens when that module is already in the tree. Judged where the routes are defined (the router's own
    /// `dependencies=[…]`, the include's, the app's middleware, as the endpoint rule reads them there) and by the
    /// line's own `dependencies=[Depends(get_current_user)]`.
    func fastAPIIncludedRouters() -> [HTTPHandler] {
        guard lexed.language == .python, ByteSearch.containsFolded(lexed.bytes, Self.includeRouterWord) else { return [] }
        let tokens = lexed.tokens
        var result: [HTTPHandler] = []
        for (index, close) in methodCalls("include_router") {
            let keyword = lexed.callKeywordValue("router", in: (index + 1)...close).map { $0.lowerBound..<($0.upperBound + 1) }
            let first = lexed.topLevelItems(between: index + 1, and: close).first
            // The router as a dotted name alone (`chat.router`, `chat_router`): what a call makes is not read.
            guard let router = keyword ?? first.flatMap({ lexed.token($0.lowerBound + 1, isPunctuation: Byte.equals) ? nil : $0 }),
                  router.enumerated().allSatisfy({ offset, token in
                      offset % 2 == 0 ? tokens[token].kind == .identifier : lexed.token(token, isPunctuation: Byte.dot)
                  }), router.count % 2 == 1
            else { continue }
            let start = lexed.dottedNameStart(endingAt: index)
            let statement = start...close
            let text = router.map { lexed.text($0) }.joined()
            var handler = HTTPHandler(name: "include_router(\(text))", statement: statement, body: statement, guardRanges: [statement])
            handler.judgedWhereDefined = true
            handler.includedRouter = router.upperBound - 1
            result.append(handler)
        }
        return result
    }

    /// The top-level functions a router of this file registers routes on by decorator (`@router.post("/chat")`
    /// over `def chat(…)` for `router`), by name.
    func decoratedRouteFunctions(of router: String) -> [String] {
        lexed.blocks.compactMap { block in
            guard block.kind == .function, block.parent == -1, block.headerStart < block.openToken,
                  let name = block.nameRange,
                  (block.headerStart..<block.openToken).contains(where: { cursor in
                      lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                          && lexed.text(cursor - 2) == router
                          && HandlerFinder.pythonRouteDecorators.contains(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end])
                  })
            else { return nil }
            return lexed.text(name)
        }
    }
}

extension UnprotectedEndpointDetector {
    /// The dotted name of an included router ending at `router` (`chat.router`).
    static func includedRouterText(_ router: Int, in lexed: LexedSource) -> String {
        (lexed.dottedNameStart(endingAt: router)...router).map { lexed.text($0) }.joined()
    }

    /// The routes of the router a FastAPI include line names (`HTTPHandler.includedRouter`), as calls of their
    /// functions to be resolved in the router's module, which defines it: `from app.routers import chat` then
    /// `chat.router`, or `from app.routers.chat import router as chat_router`. Nil when the router is this file's
    /// own (its routes are endpoints of this file), or no module of the tree defines it.
    func includedRouterRoutes(
        _ router: Int, lexed: LexedSource, facts: FileFacts, index: CodeIndex, reference: Int
    ) -> (actions: [CallFact], facts: FileFacts)? {
        // The names before the last (`views` of `views.summarize`).
        let chain = stride(from: lexed.dottedNameStart(endingAt: router), to: router, by: 2).map { lexed.text($0) }
        let name = lexed.text(router)
        guard let binding = facts.imports.first(where: { $0.local == (chain.first ?? name) }) else { return nil }
        let module: String
        let variable: String
        if chain.isEmpty {
            guard let member = binding.member else { return nil }
            (module, variable) = (binding.module, member)
        } else {
            let imported = binding.member.map { binding.module + (binding.module.hasSuffix(".") ? "" : ".") + $0 } ?? binding.module
            (module, variable) = (([imported] + chain.dropFirst()).joined(separator: "."), name)
        }
        let token = lexed.tokens[reference]
        for path in index.moduleFiles(module, importedBy: facts.path, language: facts.language) {
            guard let routerLexed = index.lexedFile(path), let routerFacts = index.facts(of: path) else { continue }
            let functions = HandlerFinder(lexed: routerLexed, path: path).decoratedRouteFunctions(of: variable)
            guard !functions.isEmpty else { continue }
            // Resolved in the router's module: a token of no definition there, the line the include's.
            let actions = functions.map { function in
                CallFact(name: function, receiver: [], token: -1, line: token.line, column: token.column, firstArgument: nil)
            }
            return (actions, routerFacts)
        }
        return nil
    }
}
