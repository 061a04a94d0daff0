/// Objects kept in a registry (`const providers = { openai: new OpenAIProvider(), … }`, Python's `PROVIDERS =
/// {"openai": OpenAIChat(), …}`): a method called on an entry (`providers[name].generate(…)`, or on what a function
/// returns from it: `return providers[name]`) runs that method of every class the registry holds. The classes are
/// kept as the name's type, joined by `|`.
extension FactExtractor {
    /// Annotations that say only that a name holds a registry (`Record<string, Provider>`), not of what.
    static let registryContainers: Set<String> = ["Record", "Map", "Dict", "dict", "Partial", "Readonly"]

    /// The names a file assigns a dictionary or object literal whose values are constructed (`openai: new
    /// OpenAIProvider()`, `"openai": OpenAIChat()`), with those classes joined by `|`.
    static func registryNames(_ lexed: LexedSource) -> [String: String] {
        registryNames(lexed, assignments: assignmentSigns(lexed))
    }

    /// `registryNames`, over the file's `=` tokens.
    static func registryNames(_ lexed: LexedSource, assignments: [Int]) -> [String: String] {
        var result: [String: String] = [:]
        for equals in assignments {
            let open = equals + 1
            guard lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open,
                  let name = declaredName(before: equals, in: lexed)
            else { continue }
            var types: [String] = []
            for value in (open + 1)..<lexed.partner[open] where lexed.token(value - 1, isPunctuation: Byte.colon) {
                var type = value
                let constructs = lexed.token(type, is: "new")
                if constructs { type += 1 }
                guard constructs || lexed.language == .python, lexed.isIdentifier(type), startsUppercase(lexed.text(type)),
                      lexed.token(type + 1, isPunctuation: Byte.openParen)
                else { continue }
                let text = lexed.text(type)
                if !types.contains(text) { types.append(text) }
            }
            if !types.isEmpty, result[name] == nil { result[name] = types.joined(separator: "|") }
        }
        return result
    }

    /// The `=` opening a literal (`= {`) after an annotation's type on its line, if any.
    static func registrySign(after type: Int, in lexed: LexedSource) -> Int? {
        let line = lexed.tokens[type].line
        var cursor = type + 1
        while cursor < lexed.tokens.count, cursor < type + 48, lexed.tokens[cursor].line == line {
            if lexed.token(cursor, isPunctuation: Byte.equals) {
                return lexed.token(cursor + 1, isPunctuation: Byte.openBrace) ? cursor : nil
            }
            cursor += 1
        }
        return nil
    }

    /// The name declared by the assignment whose `=` is at `equals`: `const providers =`, `const providers:
    /// Record<string, P> =`, Python's `PROVIDERS =` at the start of a line.
    static func declaredName(before equals: Int, in lexed: LexedSource) -> String? {
        let line = lexed.tokens[equals].line
        var cursor = equals - 1
        while cursor >= 0, cursor > equals - 48, lexed.tokens[cursor].line == line {
            if lexed.isIdentifier(cursor) {
                if lexed.token(cursor - 1, is: "const") || lexed.token(cursor - 1, is: "let") || lexed.token(cursor - 1, is: "var") {
                    return lexed.text(cursor)
                }
                if lexed.language == .python, lexed.tokens[cursor].firstOnLine, cursor == equals - 1 || lexed.token(cursor + 1, isPunctuation: Byte.colon) {
                    return lexed.text(cursor)
                }
                // Go's `handlers := map[…]…{`.
                if lexed.language == .go, cursor == equals - 2, lexed.token(equals - 1, isPunctuation: Byte.colon) {
                    return lexed.text(cursor)
                }
            }
            cursor -= 1
        }
        return nil
    }

    /// The registry a function's body returns an entry of (`return providers[name]`, `return PROVIDERS.get(name)`).
    static func returnedRegistry(_ lexed: LexedSource, definition tokens: ClosedRange<Int>) -> String? {
        for index in tokens where lexed.token(index, is: "return") && lexed.isIdentifier(index + 1) {
            if lexed.token(index + 2, isPunctuation: Byte.openBracket)
                || (lexed.token(index + 2, isPunctuation: Byte.dot) && lexed.token(index + 3, is: "get")
                    && lexed.token(index + 4, isPunctuation: Byte.openParen))
            {
                return lexed.text(index + 1)
            }
        }
        return nil
    }
}

/// A name bound to an entry of a function registry (`fn = HANDLERS[kind]`, `h, ok := handlers[kind]`), and the
/// function block it is bound in (-1 at top level): a call of the name there runs any of the registry's functions.
struct RegistryBinding {
    let registry: String
    let function: Int
}

/// Functions kept in a dictionary and called through it (`HANDLERS = {"summary": summarize, …}` then
/// `HANDLERS[kind](text)` or `HANDLERS.get(kind, echo)(text)`; `const handlers = { summarize, translate }` then
/// `handlers[kind](text)`; Go's `map[string]func(string) string{"summary": summarize}`), directly or through a name
/// bound to the entry (`fn = HANDLERS.get(kind)` then `fn(text)`): the call may run any of them, so it is read as a
/// call of each, at the dispatch.
extension FactExtractor {
    /// A call of each of `functions` at the dispatch token `index`.
    static func registryCalls(_ functions: [String], at index: Int, in lexed: LexedSource) -> [CallFact] {
        let token = lexed.tokens[index]
        return functions.map {
            CallFact(name: $0, receiver: [], token: index, line: token.line, column: token.column, firstArgument: nil)
        }
    }

    /// The name an assignment binds to the entry the identifier at `index` looks up (`fn = HANDLERS[kind]`,
    /// `const fn = handlers[kind] ?? echo`, Python's `fn = HANDLERS.get(kind)`, Go's `h, ok := handlers[kind]`
    /// and `var h = handlers[kind]`), if the identifier is such a lookup on the right of a plain assignment.
    static func variableBoundToEntry(of index: Int, in lexed: LexedSource) -> String? {
        guard lexed.token(index - 1, isPunctuation: Byte.equals) else { return nil }
        if lexed.language == .python, !lexed.token(index + 1, isPunctuation: Byte.openBracket) {
            guard lexed.token(index + 1, isPunctuation: Byte.dot), lexed.token(index + 2, is: "get"),
                  lexed.token(index + 3, isPunctuation: Byte.openParen)
            else { return nil }
        }
        var name = index - 2
        if lexed.language == .go, lexed.token(name, isPunctuation: Byte.colon) {
            // `h, ok :=`: the first of the names declared.
            name -= 1
            while lexed.token(name - 1, isPunctuation: Byte.comma), lexed.isIdentifier(name - 2) { name -= 2 }
        }
        // A member (`self.fn = …`) is not the plain name a later call spells.
        guard lexed.isIdentifier(name), !lexed.token(name - 1, isPunctuation: Byte.dot) else { return nil }
        return lexed.text(name)
    }

    /// Words that are values, never functions.
    private static let literalWords: Set<String> = ["True", "False", "None", "true", "false", "null", "undefined", "nil"]

    /// Whether the identifier at `index` is called through an index (`name[…](`) or, in Python, a lookup
    /// (`name.get(…)(`). `callFacts` asks only of names followed by `[` or, in Python, `.`.
    static func isDispatchedThroughIndex(_ lexed: LexedSource, _ index: Int) -> Bool {
        let next = index + 1
        guard next < lexed.tokens.count else { return false }
        let first = lexed.bytes[lexed.tokens[next].start]
        var open = next
        if first == Byte.dot, lexed.language == .python {
            // Python is full of member accesses: the name after the dot must start with `g` before it is compared.
            guard next + 1 < lexed.tokens.count, lexed.bytes[lexed.tokens[next + 1].start] == UInt8(ascii: "g"),
                  lexed.token(next, isPunctuation: Byte.dot), lexed.token(next + 1, is: "get")
            else { return false }
            open = next + 2
            guard lexed.token(open, isPunctuation: Byte.openParen) else { return false }
        } else if first != Byte.openBracket || !lexed.token(open, isPunctuation: Byte.openBracket) {
            return false
        }
        let close = lexed.partner[open]
        return close > open && lexed.token(close + 1, isPunctuation: Byte.openParen)
    }

    /// The names a file assigns a dictionary or object literal whose values are bare function names (neither called
    /// nor constructed), with those names in order.
    static func functionRegistries(_ lexed: LexedSource) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for equals in assignmentSigns(lexed) {
            let open = lexed.language == .go ? goMapLiteralBrace(after: equals, in: lexed) : equals + 1
            guard lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open,
                  let name = declaredName(before: equals, in: lexed), result[name] == nil
            else { continue }
            let close = lexed.partner[open]
            var functions: [String] = []
            for value in (open + 1)..<close where lexed.isIdentifier(value) {
                // A value after `:` (`"summary": summarize`), or JavaScript's shorthand (`{ summarize, translate }`),
                // ending its entry.
                let after = lexed.token(value + 1, isPunctuation: Byte.comma) || value + 1 == close
                let entry = lexed.token(value - 1, isPunctuation: Byte.colon)
                    || (lexed.language.isJavaScriptLike
                        && (value - 1 == open || lexed.token(value - 1, isPunctuation: Byte.comma)))
                let text = lexed.text(value)
                guard after, entry, !startsUppercase(text), !literalWords.contains(text), !functions.contains(text)
                else { continue }
                functions.append(text)
            }
            if !functions.isEmpty { result[name] = functions }
        }
        return result
    }

    /// The brace opening the entries of a Go map literal assigned at `equals` (`= map[string]func(string)
    /// (string, error){`), past the key and value types; `equals + 1` when the value is not a map literal.
    private static func goMapLiteralBrace(after equals: Int, in lexed: LexedSource) -> Int {
        guard lexed.token(equals + 1, is: "map"), lexed.token(equals + 2, isPunctuation: Byte.openBracket),
              lexed.partner[equals + 2] > equals + 2
        else { return equals + 1 }
        var cursor = lexed.partner[equals + 2] + 1
        while cursor < lexed.tokens.count, cursor < equals + 64 {
            let isOpening = lexed.token(cursor, isPunctuation: Byte.openParen) || lexed.token(cursor, isPunctuation: Byte.openBracket)
                // `interface{}` and `struct{…}` in the value type hold braces of their own.
                || (lexed.token(cursor, isPunctuation: Byte.openBrace)
                    && (lexed.token(cursor - 1, is: "interface") || lexed.token(cursor - 1, is: "struct")))
            if isOpening {
                guard lexed.partner[cursor] > cursor else { return equals + 1 }
                cursor = lexed.partner[cursor] + 1
            } else if lexed.token(cursor, isPunctuation: Byte.openBrace) {
                return cursor
            } else {
                cursor += 1
            }
        }
        return equals + 1
    }
}
