import GateCore

extension CodeIndex {
    /// The C# methods of the project named `name` (in a file declaring class `container`, when one is given), each
    /// with its file's tokens and its span, header through body: a block body or an expression body (`=> …;`). Only
    /// files whose bytes spell the name are lexed.
    public func csharpMethods(named name: String, in container: String?) -> [(lexed: LexedSource, method: ClosedRange<Int>)] {
        let spelled = Array(name.utf8)
        var result: [(lexed: LexedSource, method: ClosedRange<Int>)] = []
        for path in project.paths where path.hasSuffix(".cs") {
            guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, spelled), let lexed = lexedFile(path) else { continue }
            if let container, !lexed.tokens.indices.contains(where: { lexed.token($0, is: "class") && lexed.text($0 + 1) == container }) {
                continue
            }
            for index in lexed.tokens.indices where index >= 1 && lexed.tokens[index].kind == .identifier && lexed.text(index) == name
                && !lexed.token(index - 1, isPunctuation: Byte.dot) && !lexed.token(index - 1, is: "new")
                && (lexed.tokens[index - 1].kind == .identifier || lexed.token(index - 1, isPunctuation: Byte.greater)
                    || lexed.token(index - 1, isPunctuation: Byte.closeBracket) || lexed.token(index - 1, isPunctuation: Byte.question))
            {
                // A declaration: a return type before the name, maybe type parameters (`CompleteAsync<TOptions>(`), a
                // body after the parameters and their constraints (`where TOptions : class`).
                let parameters = Self.csharpTypeParametersEnd(in: lexed, opening: index + 1).map { $0 + 1 } ?? index + 1
                guard lexed.token(parameters, isPunctuation: Byte.openParen), lexed.partner[parameters] > parameters else { continue }
                var after = lexed.partner[parameters] + 1
                if lexed.token(after, is: "where") {
                    while after < lexed.tokens.count, !lexed.token(after, isPunctuation: Byte.openBrace), !lexed.token(after, is: "=>"),
                          !lexed.token(after, isPunctuation: Byte.semicolon)
                    {
                        after += 1
                    }
                }
                if lexed.token(after, isPunctuation: Byte.openBrace), lexed.partner[after] > after {
                    result.append((lexed, index...lexed.partner[after]))
                } else if lexed.token(after, is: "=>") {
                    var end = after
                    while end + 1 < lexed.tokens.count, !lexed.token(end + 1, isPunctuation: Byte.semicolon) {
                        end = lexed.partner[end + 1] > end + 1 ? lexed.partner[end + 1] : end + 1
                    }
                    result.append((lexed, index...end))
                }
            }
        }
        return result
    }

    /// The `>` closing the type parameters a C# method's name is followed by (`<T>`, `<TKey, TValue>`,
    /// `<T, TResult>`), when `opening` is their `<`.
    private static func csharpTypeParametersEnd(in lexed: LexedSource, opening: Int) -> Int? {
        guard lexed.token(opening, isPunctuation: Byte.less) else { return nil }
        var cursor = opening + 1
        // Type parameters are names and commas (constraints come after the parameters, in `where`).
        while cursor < lexed.tokens.count, cursor - opening < 16 {
            if lexed.token(cursor, isPunctuation: Byte.greater) { return cursor }
            guard lexed.tokens[cursor].kind == .identifier || lexed.token(cursor, isPunctuation: Byte.comma) else { return nil }
            cursor += 1
        }
        return nil
    }
}
