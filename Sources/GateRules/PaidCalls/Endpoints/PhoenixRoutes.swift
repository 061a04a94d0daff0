import GateCode
import GateCore

/// The controller action or LiveView a Phoenix handler is, as the project's routers name it: whether a route reaches
/// it, and through which guards, is asked of them (`CodeIndex.phoenixRouting`).
struct PhoenixTarget {
    /// The module in full (`NotesWeb.SummaryController`).
    var module: String
    /// The action (`create`); nil for a LiveView, every route of which serves all its callbacks.
    var action: String?
}

/// Phoenix's endpoints. A route is declared in the router (`post "/summaries", SummaryController, :create` in a scope
/// piped through `:api`), its code in the controller: a controller's public two-argument functions are its actions
/// (`def create(conn, params)`), a LiveView's `mount`, `handle_params` and `handle_event` callbacks run for anyone
/// who can load its page. Each is judged by its own module's plugs (`plug :require_user when action in [:create]`,
/// `on_mount {NotesWeb.UserAuth, :ensure_authenticated}`) and by the routes to it; a route line the change adds or
/// moves is judged in the router too, by its scopes' pipelines, through the action it names.
extension HandlerFinder {
    /// The LiveView callbacks a visitor of the page runs.
    private static let liveViewCallbacks: Set<String> = ["mount", "handle_params", "handle_event"]

    func phoenixHandlers() -> [HTTPHandler] {
        let routes = CodeIndex.phoenixRoutes(in: lexed) { containsGuard($0...$0) }
        if !routes.isEmpty { return routes.map(routeHandler) }
        guard path.hasSuffix(".ex") else { return [] }
        var result: [HTTPHandler] = []
        for containerIndex in lexed.blocks.indices where lexed.blocks[containerIndex].kind == .container {
            guard let module = moduleName(of: containerIndex) else { continue }
            let uses = usedKinds(in: containerIndex)
            let live = uses.contains("live_view") || uses.contains("LiveView")
            let controller = !live && (uses.contains("controller") || uses.contains("Controller")
                || (uses.isEmpty && module.hasSuffix("Controller")))
            guard live || controller else { continue }
            let plugs = live ? [] : controllerPlugs(in: containerIndex)
            let onMount = live ? liveViewOnMountGuard(in: containerIndex) : nil
            for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == containerIndex {
                guard lexed.token(block.headerStart, is: "def"), let nameRange = block.nameRange else { continue }
                let name = String(decoding: lexed.bytes[nameRange], as: UTF8.self)
                let open = (block.headerStart + 2)
                guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
                let statement = lexed.statementSpan(of: index)
                var handler: HTTPHandler
                if live {
                    guard Self.liveViewCallbacks.contains(name) else { continue }
                    let event = name == "handle_event" && lexed.tokens[open + 1].kind == .string ? " \"\(lexed.text(open + 1))\"" : ""
                    handler = HTTPHandler(name: "\(module).\(name)\(event)", statement: statement, body: statement, guardRanges: [statement])
                    handler.declaredGuard = onMount
                    handler.phoenixTarget = PhoenixTarget(module: module, action: nil)
                } else {
                    // An action takes the connection and the parameters: `action/2` itself dispatches to them.
                    guard name != "action", Self.topLevelArguments(lexed, open) == 2 else { continue }
                    handler = HTTPHandler(name: "\(module).\(name)", statement: statement, body: statement, guardRanges: [statement])
                    handler.declaredGuard = plugs.first { $0.scope.applies(to: name) }?.guardName
                    handler.phoenixTarget = PhoenixTarget(module: module, action: name)
                }
                result.append(handler)
            }
        }
        return result
    }

    /// A route line of a router, judged by its scopes' guards, reaching what the actions it names reach.
    private func routeHandler(_ route: PhoenixRoute) -> HTTPHandler {
        var handler = HTTPHandler(name: "\(route.verb) \(route.path)", statement: route.statement, body: route.statement, guardRanges: [])
        handler.declaredGuard = route.guardName
        handler.phoenixRoute = true
        let receiver = route.module.split(separator: ".").map(String.init)
        let token = lexed.tokens[route.statement.lowerBound]
        let actions = route.isLive ? HandlerFinder.liveViewCallbacks : (route.actions ?? []).subtracting(route.exceptActions)
        handler.actionsElsewhere = actions.sorted().map { action in
            CallFact(name: action, receiver: receiver, token: route.statement.lowerBound, line: token.line, column: token.column, firstArgument: nil)
        }
        return handler
    }

    /// `NotesWeb.SummaryController` of `defmodule NotesWeb.SummaryController do`.
    private func moduleName(of container: Int) -> String? {
        var first = lexed.blocks[container].openToken
        while first > 0, !lexed.token(first, is: "defmodule"), !lexed.tokens[first].firstOnLine { first -= 1 }
        guard lexed.token(first, is: "defmodule") else { return nil }
        var names: [String] = []
        var cursor = first + 1
        while cursor < lexed.tokens.count, lexed.tokens[cursor].kind == .identifier {
            names.append(lexed.text(cursor))
            guard lexed.token(cursor + 1, isPunctuation: Byte.dot) else { break }
            cursor += 2
        }
        return names.isEmpty ? nil : names.joined(separator: ".")
    }

    /// What a module `use`s: the kind atom of `use NotesWeb, :controller` (`controller`, `live_view`), and the last name
    /// of `use Phoenix.Controller` / `use Phoenix.LiveView`.
    private func usedKinds(in container: Int) -> Set<String> {
        var result = Set<String>()
        for index in lexed.span(of: container) where lexed.tokens[index].firstOnLine && lexed.tokens[index].block == container
            && lexed.token(index, is: "use")
        {
            var cursor = index + 1
            while cursor < lexed.tokens.count, lexed.tokens[cursor].kind == .identifier, lexed.token(cursor + 1, isPunctuation: Byte.dot) {
                cursor += 2
            }
            guard cursor < lexed.tokens.count, lexed.tokens[cursor].kind == .identifier else { continue }
            if lexed.token(index + 1, is: "Phoenix") { result.insert(lexed.text(cursor)) }
            if lexed.token(cursor + 1, isPunctuation: Byte.comma), lexed.token(cursor + 2, isPunctuation: Byte.colon),
               cursor + 3 < lexed.tokens.count, lexed.tokens[cursor + 3].kind == .identifier
            {
                result.insert(lexed.text(cursor + 3))
            }
        }
        return result
    }

    /// The guarding `plug`s of a controller and the actions each applies to: `plug :require_user when action in
    /// [:create, :update]`, `plug NotesWeb.Plugs.RequireAuth`, `plug Hammer.Plug, … when action == :create`.
    private func controllerPlugs(in container: Int) -> [(guardName: String, scope: RailsCallbackScope)] {
        var result: [(String, RailsCallbackScope)] = []
        for index in lexed.span(of: container) where lexed.tokens[index].firstOnLine && lexed.tokens[index].block == container
            && lexed.token(index, is: "plug")
        {
            guard let name = PhoenixPlugs.plugName(at: index, in: lexed),
                  let kind = PhoenixPlugs.judge(
                      name, in: lexed, isGuardToken: { containsGuard($0...$0) },
                      functionRefuses: { $0.first?.isUppercase == false && PhoenixPlugs.functionHalts($0, in: lexed) })
            else { continue }
            var end = index
            while end + 1 < lexed.tokens.count, !lexed.tokens[end + 1].firstOnLine || lexed.token(end, isPunctuation: Byte.comma) { end += 1 }
            let described = "plug " + (PhoenixPlugs.plugText(at: index, in: lexed) ?? lexed.text(name)) + (kind == .rateLimit ? ", rate limit" : "")
            result.append((described, actionScope(in: index...end)))
        }
        return result
    }

    /// The actions a plug's `when` guard names: `action in [:a, :b]`, `action not in [...]`, `action == :a`,
    /// `action != :a`; every action without one (or one gate does not read).
    private func actionScope(in statement: ClosedRange<Int>) -> RailsCallbackScope {
        guard let when = statement.first(where: { lexed.token($0, is: "when") }), lexed.token(when + 1, is: "action"),
              when + 2 <= statement.upperBound
        else { return .everyAction }
        // `action not in [...]`, `action != :a`.
        let excluded = lexed.token(when + 2, is: "not") || lexed.token(when + 2, isPunctuation: UInt8(ascii: "!"))
        var names = Set<String>()
        for cursor in (when + 2)...statement.upperBound where lexed.token(cursor, isPunctuation: Byte.colon)
            && cursor + 1 <= statement.upperBound && lexed.tokens[cursor + 1].kind == .identifier
        {
            names.insert(lexed.text(cursor + 1))
        }
        // `action in ~w(create update)a`: the sigil's words.
        if names.isEmpty, let words = ((when + 2)...statement.upperBound).first(where: { lexed.tokens[$0].kind == .string }) {
            names = Set(lexed.text(words).split(separator: " ").map(String.init))
        }
        guard !names.isEmpty else { return .everyAction }
        return RailsCallbackScope(filter: excluded ? .except(names) : .only(names))
    }

    /// The guard among a LiveView's own `on_mount` hooks (`on_mount {NotesWeb.UserAuth, :ensure_authenticated}`).
    private func liveViewOnMountGuard(in container: Int) -> String? {
        for index in lexed.span(of: container) where lexed.tokens[index].firstOnLine && lexed.tokens[index].block == container
            && lexed.token(index, is: "on_mount")
        {
            var end = index
            while end + 1 < lexed.tokens.count, !lexed.tokens[end + 1].firstOnLine { end += 1 }
            if let found = CodeIndex.phoenixOnMountGuard(in: (index + 1)..<(end + 1), of: lexed, isGuardToken: { containsGuard($0...$0) }) {
                return found
            }
        }
        return nil
    }

    /// How many arguments the parenthesised list opening at `open` holds at its top level.
    static func topLevelArguments(_ lexed: LexedSource, _ open: Int) -> Int {
        let close = lexed.partner[open]
        guard close > open + 1 else { return 0 }
        var count = 1
        var cursor = open + 1
        while cursor < close {
            if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            if lexed.token(cursor, isPunctuation: Byte.comma) { count += 1 }
            cursor += 1
        }
        return count
    }
}
