import GateCore

/// A Phoenix router (`lib/notes_web/router.ex`, `use NotesWeb, :router`) read for what guards each route: the
/// pipelines its scopes pipe through (`pipe_through [:api, :require_authenticated_user]`), a pipeline guarding when it
/// plugs an authentication or rate-limit plug (`plug :require_authenticated_user`, `plug Guardian.Plug.
/// EnsureAuthenticated`, `plug Hammer.Plug`), a function plug named in `pipe_through` by its own name, and a LiveView
/// route's `live_session … on_mount: [{NotesWeb.UserAuth, :ensure_authenticated}]`. Controllers and LiveViews are named
/// under their scopes' aliases (`scope "/api", NotesWeb do … post "/x", SummaryController, :create` routes
/// `NotesWeb.SummaryController.create`).
public struct PhoenixRoute: Sendable {
    /// `POST`, `GET`, …; `LIVE` for a LiveView; `RESOURCES` for `resources`.
    public var verb: String
    /// The route's path under its scopes' paths.
    public var path: String
    /// The controller or LiveView module, in full.
    public var module: String
    /// The actions the route serves (`:create`; `resources … only: [:create]`), nil for every action of the module
    /// (a `resources` without `only:`, whose `except:` is kept in `exceptActions`; a LiveView).
    public var actions: Set<String>?
    public var exceptActions: Set<String> = []
    public var isLive: Bool { verb == "LIVE" }
    /// The first guard in front of the route (`pipeline :auth (plug :require_authenticated_user)`), described; a rate
    /// limit's description says "rate limit". Nil for an open route.
    public var guardName: String?
    /// The route's statement, as tokens of the router.
    public var statement: ClosedRange<Int>

    public func serves(_ action: String?) -> Bool {
        guard let action else { return true }
        if exceptActions.contains(action) { return false }
        return actions?.contains(action) ?? true
    }
}

/// What one plug (`plug :name`, `plug Mod.Name, opts`), `pipe_through` name or `on_mount` hook does for the callers it
/// stands in front of.
public enum PhoenixPlugGuard: Sendable, Equatable {
    case authentication, rateLimit
}

public enum PhoenixPlugs {
    /// Whether the module or atom named at token `index` (the last name of `Guardian.Plug.EnsureAuthenticated`, the
    /// name of `:require_authenticated_user`) refuses callers: a guard word (`isGuardToken`) or a name Phoenix apps give
    /// their refusing plugs (`:require_admin`, `EnsureConfirmed`) that is no loader (`:fetch_current_user`,
    /// `:mount_current_user` only read who is signed in; phx.gen.auth's `:redirect_if_user_is_authenticated` turns
    /// signed-in users away from the sign-in pages, and lets everyone else in), or a rate limiter. A function plug
    /// (an atom) or a module plug named otherwise refuses when `functionRefuses` says its body does (`halt()`s the
    /// connection), asked with the plug's name as written (`check_token`, `NotesWeb.Plugs.ApiKey`).
    public static func judge(
        _ index: Int, in lexed: LexedSource, isGuardToken: (Int) -> Bool, functionRefuses: ((String) -> Bool)? = nil
    ) -> PhoenixPlugGuard? {
        // A module plug by each of its names, last first (`Hammer.Plug`, `NotesWeb.Auth.Pipeline`), but for
        // Guardian's own name: its `Pipeline` and `LoadResource` refuse nobody, its `EnsureAuthenticated` does.
        var segment = index
        while true {
            if !lexed.token(segment, is: "Guardian") {
                switch judgeName(segment, in: lexed, isGuardToken: isGuardToken) {
                case .refuses(let kind): return kind
                case .letsThrough: return nil
                case .unknown: break
                }
            }
            guard lexed.token(segment - 1, isPunctuation: Byte.dot), segment >= 2, lexed.tokens[segment - 2].kind == .identifier else { break }
            segment -= 2
        }
        guard let functionRefuses else { return nil }
        let isAtom = lexed.token(index - 1, isPunctuation: Byte.colon) && lexed.tokens[index - 1].end == lexed.tokens[index].start
        let written = isAtom ? lexed.text(index) : lexed.text(lexed.tokens[segment].start..<lexed.tokens[index].end)
        return functionRefuses(written) ? .authentication : nil
    }

    private enum Judged { case refuses(PhoenixPlugGuard), letsThrough, unknown }

    private static func judgeName(_ index: Int, in lexed: LexedSource, isGuardToken: (Int) -> Bool) -> Judged {
        guard lexed.tokens.indices.contains(index), lexed.tokens[index].kind == .identifier else { return .unknown }
        let token = lexed.tokens[index]
        let name = lexed.bytes[token.start..<token.end]
        // Asked of the few plugs a router or controller names: a copy of the name costs nothing.
        let word = Array(name)
        if rateLimiters.contains(where: { ByteSearch.containsFolded(word, $0) }) { return .refuses(.rateLimit) }
        if loaderPrefixes.contains(where: { hasFoldedPrefix(name, $0) }) || ByteSearch.containsFolded(word, ueberauth) { return .letsThrough }
        // Guardian's `VerifyHeader`/`VerifySession` load a token when one is sent; `EnsureAuthenticated` refuses.
        if hasFoldedPrefix(name, verify), lexed.token(index - 2, is: "Plug"), lexed.token(index - 4, is: "Guardian") { return .letsThrough }
        if isGuardToken(index) || refusingPrefixes.contains(where: { hasFoldedPrefix(name, $0) }) { return .refuses(.authentication) }
        return .unknown
    }

    /// Whether a function `name` of `lexed` (`def`/`defp`, any clause) halts the connection: a function plug that
    /// refuses some callers.
    public static func functionHalts(_ name: String, in lexed: LexedSource) -> Bool {
        lexed.blocks.indices.contains { block in
            guard lexed.blocks[block].kind == .function, let range = lexed.blocks[block].nameRange,
                  lexed.bytes[range].elementsEqual(name.utf8)
            else { return false }
            return lexed.span(of: block).contains { lexed.token($0, is: "halt") }
        }
    }

    /// How a plug statement starting at `plug` token `index` names its plug: `:require_user`, `Hammer.Plug`.
    public static func plugText(at index: Int, in lexed: LexedSource) -> String? {
        guard let name = plugName(at: index, in: lexed) else { return nil }
        let start = lexed.tokens[index + 1].start
        return String(decoding: lexed.bytes[start..<lexed.tokens[name].end], as: UTF8.self)
    }

    /// The names of a plug statement starting at `plug` token `index`: the atom's name or the module's last name.
    public static func plugName(at index: Int, in lexed: LexedSource) -> Int? {
        if lexed.token(index + 1, isPunctuation: Byte.colon), lexed.tokens.indices.contains(index + 2),
           lexed.tokens[index + 2].kind == .identifier
        {
            return index + 2
        }
        var cursor = index + 1
        guard lexed.tokens.indices.contains(cursor), lexed.tokens[cursor].kind == .identifier else { return nil }
        while lexed.token(cursor + 1, isPunctuation: Byte.dot), lexed.tokens.indices.contains(cursor + 2),
              lexed.tokens[cursor + 2].kind == .identifier
        {
            cursor += 2
        }
        return cursor
    }

    private static func hasFoldedPrefix(_ name: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard name.count > prefix.count else { return false }
        return zip(name, prefix).allSatisfy { Byte.lower($0) == $1 }
    }

    /// Plugs that read who is signed in and let everyone through (phx.gen.auth's `:fetch_current_user`, a
    /// LiveView's `:mount_current_user`, `:assign_current_user`, `:maybe_auth`).
    private static let loaderPrefixes = [
        "fetch", "load", "assign", "put", "mount", "maybe", "set", "get", "optional", "redirect_if", "redirectif",
    ].map { Array($0.utf8) }
    /// What Phoenix apps name the plugs that halt a caller they turn away: `:require_admin`, `:ensure_confirmed`,
    /// `:authorize_owner`, `NotesWeb.Plugs.EnsureAdmin`.
    private static let refusingPrefixes = ["require", "ensure", "authorize"].map { Array($0.utf8) }
    private static let verify = Array("verify".utf8)
    /// Ueberauth runs the OAuth sign-in flow; it refuses nobody.
    private static let ueberauth = Array("ueberauth".utf8)
    private static let rateLimiters = ["hammer", "plugattack", "plug_attack", "ratelimit", "rate_limit", "throttl", "limiter"]
        .map { Array($0.utf8) }
}

/// Reads a router's scopes, pipelines, live sessions and routes.
struct PhoenixRouterReader {
    let lexed: LexedSource
    let isGuardToken: (Int) -> Bool
    /// Whether the function plug of that name (the router's own, or one it imports) halts the connection.
    var functionRefuses: ((String) -> Bool)? = nil

    static let routeVerbs: [StaticString] = ["get", "post", "put", "patch", "delete", "options", "head", "resources", "live"]
    /// The seven actions `resources` routes.
    static let resourceActions: Set<String> = ["index", "show", "new", "create", "edit", "update", "delete"]

    /// Whether the file is a router: `use Phoenix.Router`, or the app's `use NotesWeb, :router`.
    static func isRouter(_ bytes: [UInt8]) -> Bool {
        ByteSearch.containsFolded(bytes, Array("phoenix.router".utf8)) || ByteSearch.containsFolded(bytes, Array(", :router".utf8))
    }

    func routes() -> [PhoenixRoute] {
        let tokens = lexed.tokens
        var pipelines: [String: String] = [:]  // pipeline name → its first guard, described
        var pipelineNames = Set<String>()
        var scopes: [Int: (path: String, alias: String?)] = [:]
        var liveSessionGuards: [Int: String] = [:]
        var nestingResources: [Int: String] = [:]
        // Blocks by their header's first word.
        for (index, block) in lexed.blocks.enumerated() where block.opener == .keyword && lexed.token(block.openToken, is: "do") {
            let first = headerStart(of: index)
            if lexed.token(first, is: "pipeline"), lexed.token(first + 1, isPunctuation: Byte.colon), lexed.isIdentifier(first + 2) {
                let name = lexed.text(first + 2)
                pipelineNames.insert(name)
                if let guardName = pipelineGuard(index) { pipelines[name] = guardName }
            } else if lexed.token(first, is: "scope") {
                scopes[index] = scopeArguments(first + 1, to: block.openToken)
            } else if lexed.token(first, is: "resources"), lexed.tokens.indices.contains(first + 1), lexed.tokens[first + 1].kind == .string {
                // Routes nested in a resource are under one of its records: `/posts/:post_id/replies`.
                let path = lexed.text(first + 1)
                let name = path.split(separator: "/").last.map { $0.hasSuffix("s") ? $0.dropLast() : $0 } ?? ""
                nestingResources[index] = CodeIndex.joinRoutePaths(path, ":\(name)_id")
            } else if lexed.token(first, is: "live_session") {
                if let guardName = onMountGuard(first + 1, to: block.openToken) { liveSessionGuards[index] = guardName }
            }
        }
        // A pipeline plugging another pipeline (`plug :browser`) runs its plugs too.
        for (index, block) in lexed.blocks.enumerated() where block.opener == .keyword {
            let first = headerStart(of: index)
            guard lexed.token(first, is: "pipeline"), lexed.isIdentifier(first + 2), pipelines[lexed.text(first + 2)] == nil else { continue }
            for plug in plugs(in: index) where lexed.token(plug + 1, isPunctuation: Byte.colon) {
                if let inherited = pipelines[lexed.text(plug + 2)] { pipelines[lexed.text(first + 2)] = inherited }
            }
        }
        var result: [PhoenixRoute] = []
        for index in tokens.indices where tokens[index].firstOnLine && tokens[index].kind == .identifier {
            guard Self.routeVerbs.contains(where: { lexed.token(index, is: $0) }), tokens.indices.contains(index + 1),
                  tokens[index + 1].kind == .string, lexed.token(index + 2, isPunctuation: Byte.comma)
            else { continue }
            let (names, last) = lexed.dottedName(at: index + 3)
            guard let head = names.first, FactExtractor.startsUppercase(head) else { continue }
            let enclosing = lexed.enclosingBlocks(of: index).reversed()
            let aliases = enclosing.compactMap { scopes[$0]?.alias }
            let module = (aliases + names).joined(separator: ".")
            var path = enclosing.compactMap { scopes[$0]?.path ?? nestingResources[$0] }.reduce("") { CodeIndex.joinRoutePaths($0, $1) }
            path = CodeIndex.joinRoutePaths(path, lexed.text(index + 1))
            let verb = lexed.text(index).uppercased()
            var route = PhoenixRoute(verb: verb, path: path, module: module, actions: nil, statement: index...last)
            let end = statementEnd(from: index)
            route.statement = index...end
            if verb == "RESOURCES" {
                if end > last {
                    if let only = atomList(after: "only", in: (last + 1)...end) { route.actions = only }
                    route.exceptActions = atomList(after: "except", in: (last + 1)...end) ?? []
                }
                if route.actions == nil { route.actions = Self.resourceActions }
            } else if verb != "LIVE" {
                guard lexed.token(last + 1, isPunctuation: Byte.comma), lexed.token(last + 2, isPunctuation: Byte.colon),
                      lexed.isIdentifier(last + 3)
                else { continue }
                route.actions = [lexed.text(last + 3)]
            }
            // The guards in front of it: each enclosing scope's `pipe_through`, outermost first, and its live session.
            for block in enclosing where route.guardName == nil {
                if let live = liveSessionGuards[block], verb == "LIVE" { route.guardName = live; break }
                guard scopes[block] != nil else { continue }
                for through in pipeThroughNames(in: block) {
                    let name = lexed.text(through)
                    if let guardName = pipelines[name] {
                        route.guardName = guardName
                    } else if !pipelineNames.contains(name), let kind = PhoenixPlugs.judge(
                        through, in: lexed, isGuardToken: isGuardToken, functionRefuses: functionRefuses)
                    {
                        route.guardName = describe(kind, "pipe_through :\(name)")
                    }
                    if route.guardName != nil { break }
                }
            }
            result.append(route)
        }
        return result
    }

    /// The token where the statement opening block `block` starts (the first token of the `do`'s line, or of the
    /// lines its arguments continue from).
    private func headerStart(of block: Int) -> Int {
        var first = lexed.blocks[block].openToken
        while first > 0, !(lexed.tokens[first].firstOnLine && !continues(first)) { first -= 1 }
        return first
    }

    /// Whether the line starting at token `index` continues the previous one (after a comma or an open bracket).
    private func continues(_ index: Int) -> Bool {
        index > 0 && (lexed.token(index - 1, isPunctuation: Byte.comma) || lexed.token(index - 1, isPunctuation: Byte.openBracket)
            || lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.openBrace))
    }

    /// The last token of the statement starting at `index`: up to the next line that does not continue it.
    private func statementEnd(from index: Int) -> Int {
        var cursor = index
        while cursor + 1 < lexed.tokens.count {
            let next = cursor + 1
            if lexed.tokens[next].firstOnLine, !continues(next) { break }
            if lexed.token(next, is: "do"), lexed.tokens[next].block != lexed.tokens[index].block { break }
            cursor = next
            if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] }
        }
        return cursor
    }

    /// The `plug` statements directly inside block `block`, by their `plug` token.
    private func plugs(in block: Int) -> [Int] {
        lexed.span(of: block).filter { lexed.tokens[$0].firstOnLine && lexed.tokens[$0].block == block && lexed.token($0, is: "plug") }
    }

    private func pipelineGuard(_ block: Int) -> String? {
        for plug in plugs(in: block) {
            guard let name = PhoenixPlugs.plugName(at: plug, in: lexed),
                  let kind = PhoenixPlugs.judge(name, in: lexed, isGuardToken: isGuardToken, functionRefuses: functionRefuses)
            else { continue }
            return describe(kind, "plug " + (PhoenixPlugs.plugText(at: plug, in: lexed) ?? lexed.text(name)))
        }
        return nil
    }

    private func describe(_ kind: PhoenixPlugGuard, _ what: String) -> String {
        kind == .rateLimit ? "\(what), rate limit" : what
    }

    /// The names `pipe_through` statements directly inside block `block` name, by their tokens.
    private func pipeThroughNames(in block: Int) -> [Int] {
        var result: [Int] = []
        for index in lexed.span(of: block) where lexed.tokens[index].block == block && lexed.token(index, is: "pipe_through") {
            let end = statementEnd(from: index)
            guard end > index else { continue }
            for cursor in (index + 1)...end where lexed.token(cursor, isPunctuation: Byte.colon) && lexed.isIdentifier(cursor + 1)
                && lexed.tokens[cursor + 1].start == lexed.tokens[cursor].end
            {
                result.append(cursor + 1)
            }
        }
        return result
    }

    /// A scope's path and alias: `scope "/api", NotesWeb do`, `scope "/api", NotesWeb.Api, as: :api do`,
    /// `scope path: "/api", alias: NotesWeb do`, `scope "/" do`.
    private func scopeArguments(_ start: Int, to open: Int) -> (path: String, alias: String?) {
        var path = ""
        var alias: String?
        var cursor = start
        while cursor < open {
            if lexed.tokens[cursor].kind == .string, path.isEmpty, !lexed.token(cursor - 1, isPunctuation: Byte.colon) || lexed.token(cursor - 2, is: "path") {
                path = lexed.text(cursor)
            } else if lexed.isIdentifier(cursor), FactExtractor.startsUppercase(lexed.text(cursor)), alias == nil,
                      !lexed.token(cursor - 1, isPunctuation: Byte.dot),
                      !(lexed.token(cursor - 1, isPunctuation: Byte.colon) && !lexed.token(cursor - 2, is: "alias"))
            {
                let (names, last) = lexed.dottedName(at: cursor)
                alias = names.joined(separator: ".")
                cursor = last
            }
            cursor += 1
        }
        return (path, alias)
    }

    /// The guard among a live session's `on_mount:` hooks (`[{NotesWeb.UserAuth, :ensure_authenticated}]`,
    /// `{UserAuth, :ensure_authenticated}`, `NotesWeb.RequireUser`): an atom naming a guard, or a module alone.
    private func onMountGuard(_ start: Int, to open: Int) -> String? {
        guard start < open,
              let option = (start..<open).first(where: { lexed.token($0, is: "on_mount") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
              option + 2 < open
        else { return nil }
        return PhoenixRouterReader.onMountGuard(in: (option + 2)..<open, of: lexed, isGuardToken: isGuardToken)
    }

    /// The guard among the `on_mount` hooks written in `range`: a hook `{Module, :name}` by its atom; a module alone
    /// (its `on_mount(:default, …)`) by its last name.
    static func onMountGuard(in range: Range<Int>, of lexed: LexedSource, isGuardToken: (Int) -> Bool) -> String? {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.openBrace), lexed.partner[cursor] > cursor {
                let close = lexed.partner[cursor]
                if let atom = (cursor..<close).first(where: { lexed.token($0, isPunctuation: Byte.colon) && lexed.isIdentifier($0 + 1) }),
                   let kind = PhoenixPlugs.judge(atom + 1, in: lexed, isGuardToken: isGuardToken)
                {
                    return kind == .rateLimit ? "on_mount :\(lexed.text(atom + 1)), rate limit" : "on_mount :\(lexed.text(atom + 1))"
                }
                cursor = close + 1
                continue
            }
            if lexed.isIdentifier(cursor), FactExtractor.startsUppercase(lexed.text(cursor)), !lexed.token(cursor - 1, isPunctuation: Byte.dot) {
                let last = lexed.dottedName(at: cursor).last
                if let kind = PhoenixPlugs.judge(last, in: lexed, isGuardToken: isGuardToken) {
                    return kind == .rateLimit ? "on_mount \(lexed.text(last)), rate limit" : "on_mount \(lexed.text(last))"
                }
                cursor = last
            }
            cursor += 1
        }
        return nil
    }

    /// The atoms of `word: [:a, :b]` (or `word: :a`) in `range`, nil when the option is not there.
    private func atomList(after word: StaticString, in range: ClosedRange<Int>) -> Set<String>? {
        guard let option = range.first(where: { lexed.token($0, is: word) && lexed.token($0 + 1, isPunctuation: Byte.colon) }) else { return nil }
        var names = Set<String>()
        var cursor = option + 2
        let end = lexed.token(cursor, isPunctuation: Byte.openBracket) && lexed.partner[cursor] > cursor ? lexed.partner[cursor] : cursor + 2
        while cursor < end, cursor <= range.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.colon), lexed.isIdentifier(cursor + 1) { names.insert(lexed.text(cursor + 1)) }
            cursor += 1
        }
        return names
    }
}

extension CodeIndex {
    /// How the project's Phoenix routers route a controller's action or a LiveView (`action` nil).
    public enum PhoenixRouting: Sendable, Equatable {
        /// No route names it: it is no endpoint.
        case unrouted
        /// A route with no guard in front of it.
        case open
        /// Every route to it is guarded: the first guard, described.
        case guarded(String)
    }

    /// How the project's routers route `action` of `module` (every action of a LiveView when nil); nil when the
    /// project has no Phoenix router.
    public func phoenixRouting(ofModule module: String, action: String?) -> PhoenixRouting? {
        guard let routes = phoenixRoutes() else { return nil }
        var guardName: String?
        for (path, fileRoutes) in routes {
            for route in fileRoutes where route.module == module && route.serves(action) {
                guard let name = route.guardName else { return .open }
                if guardName == nil { guardName = "\(path) (\(name))" }
            }
        }
        return guardName.map { .guarded($0) } ?? .unrouted
    }

    /// The guard the project's reading of router `path` finds for the route starting at token `start`: function plugs
    /// judged by their bodies there, in the router and the modules it imports (`import NotesWeb.UserAuth`).
    public func phoenixRouteGuard(inRouter path: String, startingAt start: Int) -> String? {
        phoenixRoutes()?.first { $0.path == path }?.routes.first { $0.statement.lowerBound == start }?.guardName
    }

    /// Every router of the project and its routes, read once; nil when there is none.
    private func phoenixRoutes() -> [(path: String, routes: [PhoenixRoute])]? {
        project.configuration("phoenix-routes") { () -> [(path: String, routes: [PhoenixRoute])]? in
            let routers = project.paths(endingWith: "router.ex").filter { path in
                !path.hasPrefix("deps/") && !path.contains("/deps/") && project.contents(of: path).map(PhoenixRouterReader.isRouter) == true
            }
            guard !routers.isEmpty else { return nil }
            return routers.compactMap { path in
                guard let bytes = project.contents(of: path) else { return nil }
                let lexed = Lexer.lex(bytes, language: .elixir)
                let guardTokens = Set(recognizer.guardTokens(in: lexed))
                var reader = PhoenixRouterReader(lexed: lexed, isGuardToken: guardTokens.contains)
                let imported = phoenixImportedModules(of: lexed)
                let aliases = ElixirResolver().imports(in: lexed)
                reader.functionRefuses = { [self] name in
                    guard let first = name.first, first.isUppercase else {
                        return PhoenixPlugs.functionHalts(name, in: lexed) || imported.contains { PhoenixPlugs.functionHalts(name, in: $0) }
                    }
                    // A module plug refuses when its `call/2` halts: `NotesWeb.Plugs.ApiKey`, or `ApiKey` aliased.
                    let head = String(name.prefix { $0 != "." })
                    let module = aliases.first { $0.local == head }.map { $0.module + name.dropFirst(head.count) } ?? name
                    return ElixirResolver.files(definingModule: module, project: project).compactMap(lexedFile).contains {
                        PhoenixPlugs.functionHalts("call", in: $0)
                    }
                }
                return (path, reader.routes())
            }
        }
    }

    /// The modules a router imports (`import NotesWeb.UserAuth`, whose function plugs it pipes through), lexed.
    private func phoenixImportedModules(of lexed: LexedSource) -> [LexedSource] {
        lexed.tokens.indices.filter { lexed.tokens[$0].firstOnLine && lexed.token($0, is: "import") }.flatMap { index in
            let names = lexed.dottedName(at: index + 1).names
            guard !names.isEmpty, names.allSatisfy(FactExtractor.startsUppercase) else { return [LexedSource]() }
            return ElixirResolver.files(definingModule: names.joined(separator: "."), project: project).compactMap(lexedFile)
        }
    }

    /// The routes of a Phoenix router file (a changed one, lexed by the caller); empty for any other file.
    /// `isGuardToken`: the caller's judgement of a token as a guard word.
    public static func phoenixRoutes(in lexed: LexedSource, isGuardToken: (Int) -> Bool) -> [PhoenixRoute] {
        guard lexed.language == .elixir, PhoenixRouterReader.isRouter(lexed.bytes) else { return [] }
        return withoutActuallyEscaping(isGuardToken) { isGuardToken in
            var reader = PhoenixRouterReader(lexed: lexed, isGuardToken: isGuardToken)
            reader.functionRefuses = { PhoenixPlugs.functionHalts($0, in: lexed) }
            return reader.routes()
        }
    }

    /// The guard among `on_mount` hooks written in `range` of a LiveView (`on_mount {NotesWeb.UserAuth,
    /// :ensure_authenticated}`), or nil.
    public static func phoenixOnMountGuard(in range: Range<Int>, of lexed: LexedSource, isGuardToken: (Int) -> Bool) -> String? {
        PhoenixRouterReader.onMountGuard(in: range, of: lexed, isGuardToken: isGuardToken)
    }
}
