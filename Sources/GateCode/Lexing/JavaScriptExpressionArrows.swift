/// A JavaScript or TypeScript arrow function declared or exported at top level whose body is an expression, not a
/// block (`export const complete = (prompt) => client.chat.completions.create(…)`, `exports.sendSms = (to, body) =>
/// client.messages.create(…)`): it opens no block, so its tokens are found by reading the statement.
public struct ExpressionArrow: Sendable {
    /// The statement's first token: `export`, `const`/`let`/`var`, or the `exports`/`module` of a CommonJS export.
    public var statementStart: Int
    /// The `=>`.
    public var arrow: Int
    /// The body's last token (the statement's `;` when it has one).
    public var end: Int
}

extension LexedSource {
    /// The file's top-level arrow functions with an expression body, in order; each from a top-level `=>` not
    /// followed by a block whose statement is a declaration or an export of the function alone.
    public func topLevelExpressionArrows() -> [ExpressionArrow] {
        guard language.isJavaScriptLike else { return [] }
        var result: [ExpressionArrow] = []
        var arrow = 0
        while arrow < tokens.count {
            // A function's or a class's body is passed over whole, from its outermost block to that block's end: most of a
            // file's tokens are inside one.
            var block = tokens[arrow].block
            if block != -1 {
                while blocks[block].parent != -1 { block = blocks[block].parent }
                arrow = max(arrow + 1, blocks[block].endToken + 1)
                continue
            }
            defer { arrow += 1 }
            guard token(arrow, is: "=>"), arrow + 1 < tokens.count, !token(arrow + 1, isPunctuation: Byte.openBrace),
                  let start = arrowStatementStart(arrow)
            else { continue }
            result.append(ExpressionArrow(statementStart: start, arrow: arrow, end: expressionEnd(after: arrow)))
        }
        return result
    }

    /// The name a top-level declaration or export starting at `start` gives its value: `const NAME =`, `export const
    /// NAME =`, `exports.NAME =`, `module.exports.NAME =`; nil for a default export.
    public func declaredName(at start: Int) -> String? {
        let keyword = token(start, is: "export") ? start + 1 : start
        if token(keyword, is: "const") || token(keyword, is: "let") || token(keyword, is: "var") {
            return isIdentifier(keyword + 1) ? text(keyword + 1) : nil
        }
        return commonJSExport(at: start)?.name
    }

    /// The first token of the top-level statement an arrow function is written in, when it is a declaration or an
    /// export of it alone: `export const GET = async ({ url }) =>`, `const handler = (event: Event): Result =>`,
    /// `export default (req) =>`, `exports.handler = async (event) =>`; nil for an arrow inside another expression.
    public func arrowStatementStart(_ arrow: Int) -> Int? {
        // Back over the parameters and a return type (`): Promise<Result> =>`) to the `=` or `default`.
        var cursor = arrow - 1
        var steps = 0
        while cursor >= 0, steps < 40, !token(cursor, isPunctuation: Byte.equals), !token(cursor, is: "default") {
            if token(cursor, isPunctuation: Byte.semicolon) || token(cursor, isPunctuation: Byte.openBrace)
                || token(cursor, isPunctuation: Byte.closeBrace) || token(cursor, is: "=>")
            {
                return nil
            }
            if token(cursor, isPunctuation: Byte.closeParen) || token(cursor, isPunctuation: Byte.closeBracket) {
                guard partner[cursor] >= 0, partner[cursor] < cursor else { return nil }
                cursor = partner[cursor]
            }
            cursor -= 1
            steps += 1
        }
        guard cursor >= 1 else { return nil }
        // A value's `=` (not `==`), right before the function (`async` aside).
        let value = token(cursor + 1, is: "async") ? cursor + 2 : cursor + 1
        guard token(value, isPunctuation: Byte.openParen) || isIdentifier(value) && token(value + 1, is: "=>")
                || (isIdentifier(value) && token(value + 1, isPunctuation: Byte.colon)),
              !token(cursor - 1, isPunctuation: Byte.equals), !token(cursor + 1, isPunctuation: Byte.equals)
        else { return nil }
        if token(cursor, is: "default") {
            return token(cursor - 1, is: "export") ? cursor - 1 : nil
        }
        return topLevelDeclarationStart(equals: cursor)
    }

    /// The first token of a top-level declaration or export whose `=` is token `equals`, back over the declared name
    /// and its type (`export const POST: RequestHandler =`) or the `exports.handler` chain; nil for anything else.
    public func topLevelDeclarationStart(equals: Int) -> Int? {
        var start = equals - 1
        let line = tokens[equals].line
        while start >= 1, tokens[start].line == line, !token(start - 1, isPunctuation: Byte.semicolon),
              tokens[start - 1].line == line
        {
            start -= 1
        }
        guard start >= 0, tokens[start].block == -1 else { return nil }
        let declares = token(start, is: "export") || token(start, is: "const") || token(start, is: "let")
            || token(start, is: "var") || commonJSExport(at: start) != nil
        return declares ? start : nil
    }

    /// The last token of an expression body starting after `arrow`: up to the statement's `;` or the next line that
    /// starts a statement of its own at top level.
    public func expressionEnd(after arrow: Int) -> Int {
        var cursor = arrow + 1
        var end = arrow + 1
        while cursor < tokens.count {
            let token = tokens[cursor]
            if cursor > arrow + 1, token.firstOnLine, token.kind != .punctuation { break }
            if self.token(cursor, isPunctuation: Byte.semicolon) { return cursor }
            if token.kind == .punctuation, partner[cursor] > cursor {
                cursor = partner[cursor]
            }
            end = cursor
            cursor += 1
        }
        return end
    }

    /// `exports.NAME =` or `module.exports.NAME =` (the name), `module.exports =` (the default), at token `start`.
    public func commonJSExport(at start: Int) -> (name: String?, isDefault: Bool)? {
        var cursor = start
        if token(cursor, is: "module"), token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
        guard token(cursor, is: "exports") else { return nil }
        if cursor > start, token(cursor + 1, isPunctuation: Byte.equals) { return (nil, true) }
        guard token(cursor + 1, isPunctuation: Byte.dot), isIdentifier(cursor + 2),
              token(cursor + 3, isPunctuation: Byte.equals)
        else { return nil }
        return (text(cursor + 2), false)
    }
}
