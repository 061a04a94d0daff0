import GateCore

/// React server actions (Next.js): functions the `"use server"` directive exposes as POST endpoints any client can
/// call with the action's id, whatever page renders them. A module of them has the directive at its top (its exports
/// are read with the app router's handlers, `nextRoutes`); a function declared inline in a component has it as its
/// body's first statement.
extension HandlerFinder {
    /// Whether the file is a module of server actions: `"use server"` is its first statement.
    var isServerActionsModule: Bool {
        lexed.language.isJavaScriptLike && isUseServerDirective(0)
    }

    /// Whether token `index` is the `"use server"` directive: the string alone as a statement, so that a string
    /// that begins an expression (`"use server".length`, `"use server" + x`) or is an argument is none. A directive
    /// ends at `;`, at the block's `}`, or at the line break before the next statement (a line starting with
    /// punctuation would continue the expression instead).
    func isUseServerDirective(_ index: Int) -> Bool {
        guard index < lexed.tokens.count, lexed.tokens[index].kind == .string,
              lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual("use server".utf8)
        else { return false }
        let next = index + 1
        guard next < lexed.tokens.count else { return true }
        if lexed.token(next, isPunctuation: Byte.semicolon) || lexed.token(next, isPunctuation: Byte.closeBrace) { return true }
        return lexed.tokens[next].line > lexed.tokens[index].line && lexed.tokens[next].kind != .punctuation
    }

    /// Server actions declared inline, in a component or anywhere else: `async function generate(formData) {
    /// "use server"; … }` and `const act = async () => { "use server"; … }`, also handed straight to a form
    /// (`<form action={async () => { "use server"; … }}>`). Each is its own endpoint, judged by its own body: a
    /// check of the session in the component that declares it does not run when the action is called, so only the
    /// action's guards count (and the Next.js middleware of the page it is posted to, asked with the file's).
    func inlineServerActions() -> [HTTPHandler] {
        guard lexed.language.isJavaScriptLike else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated()
        where block.kind == .function && block.opener == .brace && isUseServerDirective(block.openToken + 1) {
            let statement = lexed.statementSpan(of: index)
            let name = block.nameRange.map { lexed.text($0) }.map { "server action \($0)" } ?? "inline server action"
            result.append(HTTPHandler(
                name: "\(name) in \(path)", statement: statement, body: statement, guardRanges: [statement]))
        }
        return result
    }
}
