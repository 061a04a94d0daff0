/// Go writes a name before its type and declares a method outside its type, in a receiver
/// (`func (s *Summarizer) Summarize(…)`) that any file of the package may hold: what `FactExtractor` reads from
/// those declarations, so that `s.Summarize(…)` resolves by the type of `s` as `this.llm.complete()` does elsewhere.
extension FactExtractor {
    /// The receiver of a method's header (`func (s *Summarizer) Summarize(`, `func (c *Cache[K, V]) Get(`): the
    /// name its body calls it by, when it has one, and its type's name without the pointer or type parameters;
    /// nil for a function.
    static func goReceiver(_ lexed: LexedSource, function block: Block) -> (name: String?, type: String)? {
        let open = block.headerStart + 1
        guard lexed.token(block.headerStart, is: "func"), lexed.token(open, isPunctuation: Byte.openParen),
              let name = block.nameRange, lexed.partner[open] > open,
              lexed.tokens[lexed.partner[open]].start < name.lowerBound
        else { return nil }
        let close = lexed.partner[open]
        var first = -1
        var last = -1
        var cursor = open + 1
        while cursor < close {
            if lexed.isIdentifier(cursor) {
                if first < 0 { first = cursor }
                last = cursor
            }
            // Type parameters (`[K, V]`) name no receiver.
            cursor = lexed.token(cursor, isPunctuation: Byte.openBracket) && lexed.partner[cursor] > cursor
                ? lexed.partner[cursor] + 1 : cursor + 1
        }
        guard last >= 0 else { return nil }
        return (first != last ? lexed.text(first) : nil, lexed.text(last))
    }

    /// The type a `struct` or `interface` keyword at `index` declares: `Handler` in `type Handler struct {`, also
    /// in a `type ( … )` group or with type parameters (`type Cache[K comparable] struct`). Nil for an anonymous
    /// struct (`var out struct {`, a field's `Data []struct {`).
    static func goDeclaredType(_ lexed: LexedSource, keyword index: Int) -> String? {
        var name = index - 1
        if lexed.token(name, isPunctuation: Byte.closeBracket) {
            guard lexed.partner[name] > 0 else { return nil }
            name = lexed.partner[name] - 1
        }
        guard lexed.isIdentifier(name) else { return nil }
        if lexed.token(name - 1, is: "type") { return lexed.text(name) }
        // In a `type ( … )` group each declaration starts its line.
        let group = lexed.tokens[name].block
        guard lexed.tokens[name].firstOnLine, group >= 0, lexed.blocks[group].opener == .paren,
              lexed.token(lexed.blocks[group].openToken - 1, is: "type")
        else { return nil }
        return lexed.text(name)
    }

    /// Keywords, which never name a variable or a type.
    static let goKeywords = WordSet([
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go",
        "goto", "if", "import", "interface", "map", "package", "range", "return", "select", "struct", "switch",
        "type", "var",
    ])

    /// Predeclared types: no method of the tree is theirs, and binding a name to one (`s string` in one function)
    /// would hide what the same name is in another (`s := NewSummarizer()`).
    static let goPredeclaredTypes = WordSet([
        "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
        "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
    ])

    /// Names whose type is visible, by name, with the type as written (`llm.Summarizer`) and a pointer taken as its
    /// element: `s *Summarizer` declared as a receiver, a parameter, a struct field or a `var`; `s := &Summarizer{…}`
    /// and `s := new(Summarizer)`; and, by Go's constructor convention, `s, err := llm.NewSummarizer(…)`. A name
    /// keeps its first binding, as in the other languages' `typedNames`. A name no declaration types that is
    /// assigned a call's result (`svc := ai.New(key)`, `c, err := newClient()`) is bound to the call, written
    /// `ai.New()`: the index reads the type the function declares it returns (`goResultType`).
    static func goTypedNames(_ lexed: LexedSource) -> [String: String] {
        var result: [String: String] = [:]
        var callResults: [String: String] = [:]
        let tokens = lexed.tokens
        func isWord(_ index: Int, in words: WordSet) -> Bool {
            words.contains(lexed.bytes[tokens[index].start..<tokens[index].end])
        }
        /// The end of a type name starting at `index` (`Summarizer`, `llm.Summarizer`), or nil.
        func typeNameEnd(from index: Int) -> Int? {
            guard lexed.isIdentifier(index), !isWord(index, in: goKeywords) else { return nil }
            if lexed.token(index + 1, isPunctuation: Byte.dot) {
                return lexed.isIdentifier(index + 2) ? index + 2 : nil
            }
            return isWord(index, in: goPredeclaredTypes) ? nil : index
        }
        func typeName(_ start: Int, _ end: Int) -> String {
            start == end ? lexed.text(start) : lexed.text(start) + "." + lexed.text(end)
        }
        func bind(_ name: Int, _ type: String) {
            let name = lexed.text(name)
            if name != "_", result[name] == nil { result[name] = type }
        }
        for index in tokens.indices {
            if tokens[index].kind == .identifier {
                // name *Type  name pkg.Type: where a declaration starts (a receiver's or parameter list, a struct
                // field or a `var` on its own line, or a struct's written on one line: `struct{ LLM *llm.Client }`,
                // `struct{ a A; b *B }`) and up to where it ends.
                guard lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.comma)
                    || lexed.token(index - 1, is: "var") || tokens[index].firstOnLine
                    || (lexed.token(index - 1, isPunctuation: Byte.openBrace) && lexed.token(index - 2, is: "struct"))
                    || lexed.token(index - 1, isPunctuation: Byte.semicolon),
                    index + 1 < tokens.count, tokens[index + 1].line == tokens[index].line, !isWord(index, in: goKeywords)
                else { continue }
                let start = lexed.token(index + 1, isPunctuation: Byte.star) ? index + 2 : index + 1
                guard let end = typeNameEnd(from: start) else { continue }
                let after = end + 1
                guard after >= tokens.count || tokens[after].line != tokens[end].line || tokens[after].kind == .string
                    || lexed.token(after, isPunctuation: Byte.comma) || lexed.token(after, isPunctuation: Byte.closeParen)
                    || lexed.token(after, isPunctuation: Byte.semicolon) || lexed.token(after, isPunctuation: Byte.closeBrace)
                    || (lexed.token(after, isPunctuation: Byte.equals) && !lexed.token(after + 1, isPunctuation: Byte.equals))
                else { continue }
                bind(index, typeName(start, end))
                continue
            }
            // name := &Type{  name := new(Type)  name, err := pkg.NewType(  var name = …
            guard lexed.token(index, isPunctuation: Byte.equals), !lexed.token(index + 1, isPunctuation: Byte.equals)
            else { continue }
            var name = lexed.token(index - 1, isPunctuation: Byte.colon) ? index - 2 : index - 1
            guard lexed.isIdentifier(name) else { continue }
            // The first of the names assigned (`s` in `s, err :=`); a field (`h.sum =`) is no name of the file.
            while lexed.token(name - 1, isPunctuation: Byte.comma), lexed.isIdentifier(name - 2) { name -= 2 }
            if lexed.token(name - 1, isPunctuation: Byte.dot) { continue }
            var value = index + 1
            if lexed.token(value, isPunctuation: UInt8(ascii: "&")) { value += 1 }
            if lexed.token(value, is: "new"), lexed.token(value + 1, isPunctuation: Byte.openParen) {
                let start = lexed.token(value + 2, isPunctuation: Byte.star) ? value + 3 : value + 2
                if let end = typeNameEnd(from: start), lexed.token(end + 1, isPunctuation: Byte.closeParen) {
                    bind(name, typeName(start, end))
                }
                continue
            }
            // The literal or the call must be the whole value: `json.NewDecoder(r.Body).Decode(&req)` is no Decoder.
            guard let end = typeNameEnd(from: value), end + 1 < tokens.count, lexed.partner[end + 1] > end + 1,
                  !lexed.token(lexed.partner[end + 1] + 1, isPunctuation: Byte.dot)
            else { continue }
            if lexed.token(end + 1, isPunctuation: Byte.openBrace) {
                bind(name, typeName(value, end))
            } else if lexed.token(end + 1, isPunctuation: Byte.openParen) {
                if let type = constructedType(lexed, callee: end) {
                    bind(name, end == value ? type : lexed.text(value) + "." + type)
                } else if lexed.text(name) != "_", callResults[lexed.text(name)] == nil {
                    callResults[lexed.text(name)] = typeName(value, end) + "()"
                }
            }
        }
        // Declared types first: a call's result only types a name nothing else does.
        return result.merging(callResults) { declared, _ in declared }
    }

    /// The type a Go function's declaration says it returns first, as written (`*Service` → `Service`,
    /// `(*llm.Client, error)` → `llm.Client`), for the function named by definition `tokens` in `lexed`.
    static func goResultType(_ lexed: LexedSource, definition tokens: ClosedRange<Int>) -> String? {
        // func Name(params) Result {   func Name(params) (Result, error) {
        guard let name = tokens.first(where: { lexed.token($0 - 1, is: "func") && lexed.isIdentifier($0) }),
              lexed.token(name + 1, isPunctuation: Byte.openParen), lexed.partner[name + 1] > name + 1
        else { return nil }
        var start = lexed.partner[name + 1] + 1
        if lexed.token(start, isPunctuation: Byte.openParen) { start += 1 }
        if lexed.token(start, isPunctuation: Byte.star) { start += 1 }
        guard lexed.isIdentifier(start), !goKeywords.contains(lexed.bytes[lexed.tokens[start].start..<lexed.tokens[start].end]),
              !goPredeclaredTypes.contains(lexed.bytes[lexed.tokens[start].start..<lexed.tokens[start].end])
        else { return nil }
        if lexed.token(start + 1, isPunctuation: Byte.dot), lexed.isIdentifier(start + 2) {
            return lexed.text(start) + "." + lexed.text(start + 2)
        }
        return lexed.text(start)
    }

    /// `Summarizer` for a callee named `NewSummarizer`: Go's convention for a function that makes a `Summarizer`.
    private static func constructedType(_ lexed: LexedSource, callee index: Int) -> String? {
        let token = lexed.tokens[index]
        let bytes = lexed.bytes
        guard token.end - token.start > 3, bytes[token.start] == UInt8(ascii: "N"), bytes[token.start + 1] == UInt8(ascii: "e"),
              bytes[token.start + 2] == UInt8(ascii: "w"),
              bytes[token.start + 3] >= UInt8(ascii: "A"), bytes[token.start + 3] <= UInt8(ascii: "Z")
        else { return nil }
        return lexed.text((token.start + 3)..<token.end)
    }
}
