import GateCore

/// Laravel's controller route groups name the controller once for the routes inside them, which then name only the
/// action: `Route::controller(ChatController::class)->group(function () { Route::post('/chat', 'complete'); })`, or
/// the array form `Route::group(['controller' => ChatController::class], function () { … })`.
extension LexedSource {
    /// The controller class the innermost controller group around token `index` names (`ChatController`), nil when
    /// no group around it names one.
    func laravelGroupController(around index: Int) -> String? {
        guard language == .php, tokens.indices.contains(index) else { return nil }
        var block = tokens[index].block
        while block >= 0 {
            let open = blocks[block].openToken
            // The argument list of a `group(` call, around the closure the route is in.
            if blocks[block].opener == .paren, open >= 1, token(open - 1, is: "group") {
                if let controller = controllerOption(in: open) ?? chainedController(beforeCallee: open - 1) { return controller }
            }
            block = blocks[block].parent
        }
        return nil
    }

    /// `X` of a `controller(X::class)` link earlier in the chain ending at the call whose name is token `callee`
    /// (`Route::middleware('auth')->controller(ChatController::class)->group(`).
    private func chainedController(beforeCallee callee: Int) -> String? {
        var current = callee
        while token(current - 1, is: "->") || token(current - 1, is: "::"), token(current - 2, isPunctuation: Byte.closeParen) {
            let close = current - 2
            let open = partner[close]
            guard open >= 1, open < close else { return nil }
            if token(open - 1, is: "controller"), let name = classConstant(at: open + 1), name.end + 1 == close { return name.type }
            current = open - 1
        }
        return nil
    }

    /// `X` of `'controller' => X::class` in the group's attribute array, the first argument of `group(` at `open`.
    private func controllerOption(in open: Int) -> String? {
        guard token(open + 1, isPunctuation: Byte.openBracket), partner[open + 1] > open + 1 else { return nil }
        for cursor in (open + 2)..<partner[open + 1]
        where tokens[cursor].kind == .string && text(cursor) == "controller" && token(cursor + 1, is: "=>") {
            return classConstant(at: cursor + 2)?.type
        }
        return nil
    }

    /// The class a `X::class` (or `\App\Http\Controllers\X::class`) constant at `index` names, by its last segment,
    /// and the constant's last token.
    private func classConstant(at index: Int) -> (type: String, end: Int)? {
        var cursor = index
        while token(cursor, isPunctuation: Byte.backslash) || (tokens.indices.contains(cursor) && tokens[cursor].kind == .identifier
            && token(cursor + 1, isPunctuation: Byte.backslash))
        {
            cursor += 1
        }
        guard tokens.indices.contains(cursor), tokens[cursor].kind == .identifier, token(cursor + 1, is: "::"), token(cursor + 2, is: "class")
        else { return nil }
        return (text(cursor), cursor + 2)
    }
}
