import GateCore

/// Ruby routes: Rails controller actions and Sinatra blocks.
extension HandlerFinder {
    func railsActions() -> [HTTPHandler] {
        guard path.contains("app/controllers/") || path.hasSuffix("_controller.rb") else { return [] }
        var result: [HTTPHandler] = []
        for (containerIndex, container) in lexed.blocks.enumerated() where container.kind == .container {
            let span = lexed.span(of: containerIndex)
            let privateStart = span.first { lexed.token($0, is: "private") || lexed.token($0, is: "protected") }
                ?? span.upperBound
            // Class-level declarations (before_action, rate_limit) outside any method.
            // `include Authentication` is judged by what the module declares (the index resolves it), not by
            // its name: a concern called Authentication may hold only helpers.
            var includeLines = Set<Int>()
            let classLevel = span.filter { index in
                guard lexed.tokens[index].block == containerIndex else { return false }
                if lexed.tokens[index].firstOnLine, lexed.token(index, is: "include") { includeLines.insert(lexed.tokens[index].line) }
                return !includeLines.contains(lexed.tokens[index].line)
            }
            // Each declaration line's scope (`only:`/`except:`), and the skips among them.
            var scopes: [Int: RailsCallbackScope] = [:]
            var skips: [RailsCallbackScope] = []
            // Lines of the class's own `rate_limit` declarations: a skip names the callback it skips, and the rate
            // limit's is an unnamed block, so no skip takes it away (Rails 8's generated controllers open an action
            // with `allow_unauthenticated_access only: :create` and limit it with `rate_limit …, only: :create`).
            var rateLimitLines = Set<Int>()
            for index in classLevel where lexed.tokens[index].firstOnLine && lexed.tokens[index].kind == .identifier {
                let declaration = RailsCallbackScope.declaration(startingAt: index, in: lexed)
                let scope = RailsCallbackScope.of(declaration, in: lexed)
                let rateLimit = lexed.token(index, is: "rate_limit")
                for token in declaration {
                    scopes[lexed.tokens[token].line] = scope
                    if rateLimit { rateLimitLines.insert(lexed.tokens[token].line) }
                }
                // Rails 8's authentication generator wraps the skip in a class method of its concern:
                // `allow_unauthenticated_access only: %i[ new create ]`.
                if lexed.token(index, is: "skip_before_action") || lexed.token(index, is: "allow_unauthenticated_access") {
                    skips.append(scope)
                }
            }
            for (index, block) in lexed.blocks.enumerated()
            where block.kind == .function && block.parent == containerIndex && block.openToken < privateStart {
                let name = block.nameRange.map { lexed.text($0) } ?? "action"
                // A skip of the action's callbacks voids the class's guards for it (which one it skips is not
                // matched by name: the safe side); a guard declared `only:` other actions is not its guard.
                let skipsGuard = skips.contains { $0.applies(to: name) }
                let classGuards: [ClosedRange<Int>] = classLevel.filter { token in
                    let line = lexed.tokens[token].line
                    return (scopes[line]?.applies(to: name) ?? true) && (!skipsGuard || rateLimitLines.contains(line))
                }.map { $0...$0 } + (skipsGuard ? [] : [container.headerStart...container.openToken])
                let statement = lexed.statementSpan(of: index)
                result.append(HTTPHandler(
                    name: "action \(name)", statement: statement, body: statement,
                    guardRanges: [statement] + classGuards, skipsInheritedGuards: skipsGuard))
            }
        }
        return result
    }

    /// ActionCable channels' actions: the public methods of a class extending `ApplicationCable::Channel` (or
    /// `ActionCable::Channel::Base`) besides its `subscribed`/`unsubscribed` callbacks, which any subscriber of the
    /// channel performs over the socket (`perform("ask", …)` in the browser). A channel whose `subscribed` rejects the
    /// subscription (`reject unless current_user`) is guarded by it.
    func actionCableActions() -> [HTTPHandler] {
        guard path.contains("app/channels/") || path.hasSuffix("_channel.rb"),
              ByteSearch.containsFolded(lexed.bytes, HandlerFinder.channelWord)
        else { return [] }
        var result: [HTTPHandler] = []
        for (containerIndex, container) in lexed.blocks.enumerated() where container.kind == .container {
            // `class ChatChannel < ApplicationCable::Channel`: the base named on the class's line.
            let open = container.openToken
            guard lexed.token(open, is: "class") else { continue }
            var lineEnd = open
            while lineEnd + 1 < lexed.tokens.count, lexed.tokens[lineEnd + 1].line == lexed.tokens[open].line { lineEnd += 1 }
            guard let base = (open...lineEnd).first(where: { lexed.token($0, isPunctuation: Byte.less) }),
                  (base...lineEnd).contains(where: { lexed.token($0, is: "Channel") })
            else { continue }
            let span = lexed.span(of: containerIndex)
            let privateStart = span.first { lexed.tokens[$0].block == containerIndex && (lexed.token($0, is: "private") || lexed.token($0, is: "protected")) }
                ?? span.upperBound
            let methods = lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function && lexed.blocks[$0].parent == containerIndex }
            let rejects = methods.first { lexed.blocks[$0].nameRange.map { lexed.text($0) } == "subscribed" }.flatMap { subscribed in
                lexed.span(of: subscribed).first { lexed.token($0, is: "reject") && !lexed.token($0 - 1, isPunctuation: Byte.dot) }
            }
            for index in methods where lexed.blocks[index].openToken < privateStart {
                let name = lexed.blocks[index].nameRange.map { lexed.text($0) } ?? "action"
                guard !HandlerFinder.channelCallbacks.contains(name) else { continue }
                let statement = lexed.statementSpan(of: index)
                var handler = HTTPHandler(
                    name: "channel action \(name)", statement: statement, body: statement,
                    guardRanges: [statement, open...lineEnd])
                handler.actionCableChannel = true
                if let rejects { handler.declaredGuard = "reject in subscribed (\(path):\(lexed.tokens[rejects].line))" }
                result.append(handler)
            }
        }
        return result
    }

    private static let channelWord = Array("Channel".utf8)
    /// A channel's callbacks, which ActionCable runs itself: no action a subscriber performs.
    private static let channelCallbacks: Set<String> = ["subscribed", "unsubscribed", "initialize"]

    func sinatraRoutes() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].firstOnLine && tokens[index].kind == .identifier {
            let token = tokens[index]
            guard HandlerFinder.routeMethods.contains(lexed.bytes[token.start..<token.end]),
                  tokens.indices.contains(index + 1), tokens[index + 1].kind == .string,
                  lexed.bytes[tokens[index + 1].start] == Byte.slash,
                  let block = lexed.blocks.indices.first(where: {
                      lexed.blocks[$0].opener == .keyword && lexed.blocks[$0].startLine == token.line
                  })
            else { continue }
            let statement = index...lexed.blocks[block].endToken
            result.append(HTTPHandler(
                name: "\(lexed.text(index).uppercased()) \(lexed.text(index + 1))", statement: statement,
                body: statement, guardRanges: [statement], path: lexed.text(index + 1)))
        }
        return result
    }
    /// Whether `range` calls, as a statement of its own, a method the file defines whose body refuses the caller:
    /// Sinatra's `helpers do def protected!; halt 401 unless authorized?; end end` called first in a route
    /// (`protected!`), or a Rails controller's own `require_key!` that halts or raises. The body must hold a guard
    /// (`containsGuard`, its own name aside) and refuse (`halt`, `redirect`, `raise`, `throw`): a helper that
    /// only loads `@user`, whatever it is named, turns nobody away. Helpers of other files are not read.
    func callsRefusingRubyHelper(_ range: ClosedRange<Int>) -> Bool {
        guard lexed.language == .ruby else { return false }
        let tokens = lexed.tokens
        var functions: [Int]?
        for index in range where index < tokens.count && tokens[index].firstOnLine && tokens[index].kind == .identifier {
            // A bare name ending its line (or its statement): `protected!`, `authenticate!`.
            let next = index + 1
            guard next >= tokens.count || tokens[next].line != tokens[index].line || lexed.token(next, isPunctuation: Byte.semicolon)
            else { continue }
            let word = lexed.bytes[tokens[index].start..<tokens[index].end]
            if functions == nil { functions = lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function && lexed.blocks[$0].nameRange != nil } }
            for block in functions ?? [] {
                guard let name = lexed.blocks[block].nameRange, lexed.bytes[name] == word else { continue }
                let span = lexed.span(of: block)
                let body = span.filter { tokens[$0].start != name.lowerBound }
                guard body.contains(where: { cursor in
                    tokens[cursor].kind == .identifier && HandlerFinder.rubyRefusals.contains(lexed.bytes[tokens[cursor].start..<tokens[cursor].end])
                }) else { continue }
                if body.contains(where: { containsGuard($0...$0) }) { return true }
            }
        }
        return false
    }

    /// Ruby's words that turn a request away: Sinatra's `halt 401`, Grape's `error!`, a redirect to the sign-in page,
    /// an exception raised or thrown.
    static let rubyRefusals = WordSet(["halt", "redirect", "raise", "throw", "error!"])
}
