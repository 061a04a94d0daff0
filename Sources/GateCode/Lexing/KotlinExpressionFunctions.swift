/// A Kotlin function written as an expression, `fun answer(q: String): String = client.ask(q)`, which opens no
/// block: its tokens, found by reading the declaration and where the expression ends.
public struct ExpressionFunction: Sendable {
    /// The `fun` keyword.
    public var keyword: Int
    public var name: Int
    /// The `=` before the body.
    public var equals: Int
    /// The body's last token.
    public var end: Int
}

extension LexedSource {
    /// The Kotlin functions of the file written as expressions (`fun name(…)[: Type] = expression`), in order.
    public func kotlinExpressionFunctions() -> [ExpressionFunction] {
        guard language == .kotlin else { return [] }
        var result: [ExpressionFunction] = []
        let count = tokens.count
        for index in tokens.indices where tokens[index].end - tokens[index].start == 3 && token(index, is: "fun") {
            // `fun name(…)`, a generic `fun <T> name(…)` or an extension `fun Type.name(…)`.
            var cursor = index + 1
            if token(cursor, isPunctuation: UInt8(ascii: "<")) {
                while cursor < count, !token(cursor, isPunctuation: UInt8(ascii: ">")), cursor - index < 24 { cursor += 1 }
                cursor += 1
            }
            while cursor + 1 < count, tokens[cursor].kind == .identifier, token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
            guard cursor + 1 < count, tokens[cursor].kind == .identifier, token(cursor + 1, isPunctuation: Byte.openParen),
                  partner[cursor + 1] > cursor
            else { continue }
            let name = cursor
            // Past the return type, which may run over lines, to `=` (an expression) or `{` (a block).
            var equals = partner[cursor + 1] + 1
            while equals < count, !token(equals, isPunctuation: Byte.equals), !token(equals, isPunctuation: Byte.openBrace),
                  tokens[equals].line == tokens[name].line || !tokens[equals].firstOnLine
            {
                equals += 1
            }
            guard token(equals, isPunctuation: Byte.equals), equals + 1 < count else { continue }
            let end = expressionEnd(from: equals + 1)
            result.append(ExpressionFunction(keyword: index, name: name, equals: equals, end: end))
        }
        return result
    }

    /// The last token of an expression starting at `start`: it runs over what its brackets hold and over lines
    /// that continue it (`.map { … }`, `?: …`), and ends before the next line that starts anew or at the bracket
    /// that closes its block.
    private func expressionEnd(from start: Int) -> Int {
        let count = tokens.count
        var end = start
        var cursor = start
        while cursor < count {
            let token = tokens[cursor]
            if cursor > start, token.firstOnLine, !continuesExpression(cursor) { break }
            if token.kind == .punctuation, partner[cursor] > cursor {
                end = partner[cursor]
                cursor = end + 1
                continue
            }
            // A closing bracket of an enclosing block (`}` of the class).
            if token.kind == .punctuation, partner[cursor] >= 0, partner[cursor] < cursor { break }
            end = cursor
            cursor += 1
        }
        return end
    }

    /// Whether a line starting at token `index` continues the expression of the line before: it starts with an
    /// operator or a member access, or the line before ends with one.
    private func continuesExpression(_ index: Int) -> Bool {
        func isOperator(_ index: Int, _ operators: StaticString) -> Bool {
            let token = tokens[index]
            guard token.kind == .punctuation else { return false }
            let byte = bytes[token.start]
            let pointer = operators.utf8Start
            return (0..<operators.utf8CodeUnitCount).contains { pointer[$0] == byte }
        }
        return isOperator(index, ".?:+-*/|&") || isOperator(index - 1, "=.,+-*/:?|&(")
    }
}
