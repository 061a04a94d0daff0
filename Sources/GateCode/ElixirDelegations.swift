/// Elixir's `defdelegate summarize(text), to: Notes.AI` (or `, as: :complete`) defines a function that calls another
/// module's: a Phoenix context's facade over the modules doing the work. The definition holds that call.
extension FactExtractor {
    /// The calls each `defdelegate` of the file makes, at the delegated module's last name.
    static func elixirDelegations(_ lexed: LexedSource) -> [CallFact] {
        var result: [CallFact] = []
        for block in lexed.blocks where block.kind == .function && lexed.token(block.openToken, is: "defdelegate") {
            guard let name = block.nameRange else { continue }
            var target: (names: [String], last: Int)?
            var renamed: String?
            for cursor in block.openToken...max(block.openToken, block.endToken) where lexed.token(cursor + 1, isPunctuation: Byte.colon) {
                if lexed.token(cursor, is: "to") { target = lexed.dottedName(at: cursor + 2) }
                // `as: :complete`: the delegated function's own name.
                if lexed.token(cursor, is: "as"), lexed.token(cursor + 2, isPunctuation: Byte.colon), lexed.isIdentifier(cursor + 3) {
                    renamed = lexed.text(cursor + 3)
                }
            }
            guard let target, !target.names.isEmpty else { continue }
            let called = renamed ?? lexed.text(name)
            var fingerprint = CalleeFingerprint()
            var cursor = target.last
            while cursor > target.last - 2 * target.names.count {
                fingerprint.add(lexed, token: cursor)
                cursor -= 2
            }
            for byte in called.utf8 { fingerprint.add(byte) }
            fingerprint.add(0xFF)
            let token = lexed.tokens[target.last]
            result.append(CallFact(
                name: called, receiver: target.names, token: target.last, line: token.line, column: token.column,
                firstArgument: nil, callee: fingerprint.value))
        }
        return result
    }
}
