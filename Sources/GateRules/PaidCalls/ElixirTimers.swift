import GateCore

/// An Elixir process that re-arms its own timer runs the clause handling the timer's message over and over:
/// `handle_info(:tick, state)` in a module that sends `:tick` to itself (`Process.send_after(self(), :tick, 60_000)`,
/// `:timer.send_interval(60_000, :tick)`). Only that clause repeats: a LiveView refreshing its page on a timer
/// answers its user's events once each.
enum ElixirTimers {
    private static let sendAfterWord = Array("send_after".utf8)
    private static let sendIntervalWord = Array("send_interval".utf8)

    /// Why the code at `token` repeats on a timer, or nil.
    static func reason(at token: Int, in lexed: LexedSource) -> String? {
        guard lexed.language == .elixir else { return nil }
        // The named function around the code (past the `fn`s inside it); the file is searched for a timer only for
        // code in a `handle_info`.
        var block = lexed.tokens[token].block
        while block >= 0, !(lexed.blocks[block].kind == .function && lexed.blocks[block].nameRange != nil) {
            block = lexed.blocks[block].parent
        }
        guard block >= 0, lexed.name(ofBlock: block) == "handle_info",
              ByteSearch.containsFolded(lexed.bytes, sendAfterWord) || ByteSearch.containsFolded(lexed.bytes, sendIntervalWord)
        else { return nil }
        // `def handle_info(:tick, state)`: the message is the first argument's atom.
        let open = lexed.blocks[block].openToken
        guard lexed.token(open + 2, isPunctuation: Byte.openParen), lexed.token(open + 3, isPunctuation: Byte.colon),
              open + 4 < lexed.tokens.count, lexed.tokens[open + 4].kind == .identifier
        else { return nil }
        let message = lexed.text(open + 4)
        return rearmingCall(of: message, in: lexed).map { "runs on a timer (\($0) re-sends :\(message))" }
    }

    /// `Process.send_after(self(), :tick, …)` or `:timer.send_interval(…, :tick)` in the file, as written.
    private static func rearmingCall(of message: String, in lexed: LexedSource) -> String? {
        for index in lexed.tokens.indices where lexed.token(index, is: "send_after") || lexed.token(index, is: "send_interval") {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  lexed.token(index - 1, isPunctuation: Byte.dot), index >= 2
            else { continue }
            let arguments = (index + 2)..<lexed.partner[index + 1]
            let sendsToItself = lexed.token(index, is: "send_interval") || arguments.contains { lexed.token($0, is: "self") }
            let sendsMessage = arguments.contains { cursor in
                lexed.token(cursor, isPunctuation: Byte.colon) && cursor + 1 < lexed.tokens.count && lexed.text(cursor + 1) == message
            }
            if sendsToItself, sendsMessage { return lexed.text(index - 2) + "." + lexed.text(index) }
        }
        return nil
    }
}
