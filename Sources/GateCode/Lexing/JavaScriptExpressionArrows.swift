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

/// A JavaScript or TypeScript arrow function with an expression body that is an object literal's property or a class's
/// field, outside any function (`module.exports = { sendSms: (to, body) => client.messages.create(…) }`, `class Sms {
/// send = (to, body) => this.client.messages.create(…) }`).
public struct MemberExpressionArrow: Sendable {
    /// The property's or field's name (an identifier, or a quoted key's string token).
    public var name: Int
    /// The `=>`.
    public var arrow: Int
    /// The body's last token, before the `,` or `;` ending the member.
    public var end: Int
    /// The object literal's or class body's block.
    public var block: Int
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
            // A generic arrow's type parameters (`= <T extends { id: string }>(row: T) =>`) or a return type's
            // arguments, whose braces are types, not blocks.
            if let opening = typeParametersStart(closing: cursor) {
                cursor = opening - 1
                steps += 1
                continue
            }
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
        // A value's `=` (not `==`), right before the function (`async` and type parameters aside).
        let value = genericArrowParameters(token(cursor + 1, is: "async") ? cursor + 2 : cursor + 1)
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

    /// The expression-bodied arrow functions that are members of an object literal or a class body outside any function
    /// and any call's arguments (a declaration's `{…}`, nested ones too; no interface or type). Only the members' own
    /// tokens are read: what brackets hold is passed over whole.
    public func memberExpressionArrows() -> [MemberExpressionArrow] {
        guard language.isJavaScriptLike else { return [] }
        var result: [MemberExpressionArrow] = []
        for (index, block) in blocks.enumerated() where block.opener == .brace && block.kind != .function && block.kind != .loop
            && isDeclaredBody(index)
        {
            var cursor = block.openToken + 1
            while cursor < block.endToken {
                if partner[cursor] > cursor {
                    cursor = partner[cursor] + 1
                    continue
                }
                if token(cursor, is: "=>"), !token(cursor + 1, isPunctuation: Byte.openBrace), let name = memberName(arrow: cursor, opening: block.openToken) {
                    let end = memberEnd(after: cursor, limit: block.endToken)
                    result.append(MemberExpressionArrow(name: name, arrow: cursor, end: end, block: index))
                    cursor = end + 1
                    continue
                }
                cursor += 1
            }
        }
        return result
    }

    /// Whether block `index` and every block around it are braces of declarations (an object literal, a class body),
    /// not a function's or loop's body, an argument list, an array, an interface or a type.
    private func isDeclaredBody(_ index: Int) -> Bool {
        var current = index
        while current >= 0 {
            let block = blocks[current]
            guard block.opener == .brace, block.kind == .other || block.kind == .container else { return false }
            if block.kind == .container, token(block.headerStart, is: "interface") || token(block.headerStart + 1, is: "interface")
                || token(block.headerStart, is: "type") || token(block.headerStart + 1, is: "type")
            {
                return false
            }
            current = block.parent
        }
        return true
    }

    /// The member an arrow function is the value of: `name: (…) =>`, `"name": async (…) =>`, `name = (…) =>`,
    /// `private readonly name = (…): Promise<X> =>`; nil when the arrow is inside a member's value (`a: b.map(x => x)`).
    private func memberName(arrow: Int, opening: Int) -> Int? {
        var cursor = arrow - 1
        var steps = 0
        // Back over the parameters and a return type to the member's `:` or `=`.
        while cursor > opening, steps < 40 {
            if token(cursor, isPunctuation: Byte.closeParen) {
                guard partner[cursor] > opening, partner[cursor] < cursor else { return nil }
                cursor = partner[cursor] - 1
                steps += 1
                continue
            }
            if let typeParameters = typeParametersStart(closing: cursor), typeParameters > opening {
                cursor = typeParameters - 1
                steps += 1
                continue
            }
            if token(cursor, isPunctuation: Byte.comma) || token(cursor, isPunctuation: Byte.semicolon) || token(cursor, is: "=>") {
                return nil
            }
            if token(cursor, isPunctuation: Byte.colon) || token(cursor, isPunctuation: Byte.equals), cursor - 1 > opening,
               isIdentifier(cursor - 1) || tokens[cursor - 1].kind == .string
            {
                let name = cursor - 1
                // The value right after: the parameters, or one parameter, maybe `async` first.
                let value = genericArrowParameters(token(cursor + 1, is: "async") ? cursor + 2 : cursor + 1)
                guard token(value, isPunctuation: Byte.openParen) || (isIdentifier(value) && token(value + 1, is: "=>")) else {
                    return nil
                }
                // The member starts there: after the brace, a `,` or `;`, a line break, or a field's modifiers.
                let before = name - 1
                if before == opening || tokens[name].firstOnLine || token(before, isPunctuation: Byte.comma)
                    || token(before, isPunctuation: Byte.semicolon) || Self.fieldModifiers.contains(text(before))
                {
                    return name
                }
                return nil
            }
            cursor -= 1
            steps += 1
        }
        return nil
    }

    /// The token after a TypeScript arrow's type parameters starting at `start` (`<T,>(`, `<T extends object>(`), or
    /// `start` itself when none start there.
    func genericArrowParameters(_ start: Int) -> Int {
        guard language == .typescript, token(start, isPunctuation: Byte.less) else { return start }
        var cursor = start + 1
        while cursor < tokens.count, cursor - start < 48 {
            if token(cursor, is: "=>") || token(cursor, isPunctuation: Byte.semicolon) { return start }
            if partner[cursor] > cursor {
                cursor = partner[cursor] + 1
                continue
            }
            if typeParametersStart(closing: cursor) == start { return cursor + 1 }
            cursor += 1
        }
        return start
    }

    /// The token opening the TypeScript type parameters or arguments whose last token is `closing` (a `>`, `>>` or
    /// `,>`), read backward over at most 48 tokens, past braces and brackets whole; nil when `closing` ends no `<…>`.
    func typeParametersStart(closing: Int) -> Int? {
        guard language == .typescript, closing >= 1 else { return nil }
        return LexedTokens(tokens: tokens, partners: partner).typeParametersStart(closing: closing, in: bytes)
    }

    private static let fieldModifiers: Set<String> = ["private", "public", "protected", "readonly", "static", "override", "declare"]

    /// The last token of a member's expression body: before the `,` or `;` ending the member, or the block's end.
    private func memberEnd(after arrow: Int, limit: Int) -> Int {
        var cursor = arrow + 1
        var end = arrow
        while cursor < limit {
            if token(cursor, isPunctuation: Byte.comma) || token(cursor, isPunctuation: Byte.semicolon) { break }
            if partner[cursor] > cursor { cursor = partner[cursor] }
            end = cursor
            cursor += 1
        }
        return end
    }
}

