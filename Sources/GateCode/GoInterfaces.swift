import GateCore

/// Go's interfaces: a type satisfies one by having its methods, without saying so. A call on a value of an
/// interface type (`h.llm.Complete(ctx, prompt)` with the field typed `llm.Client`) runs the method of whichever type
/// of the project has every method the interface declares: each such type's method is a target, as an interface's
/// implementations are in Java or C#.
extension CodeIndex {
    /// The methods `name` of the project's types that satisfy the Go interface `type` (as `facts` writes it); empty
    /// when `type` is not an interface of the project declaring `name`. Looked up once per interface and method.
    func goInterfaceMethods(_ name: String, ofType type: String, from facts: FileFacts) -> [Symbol] {
        let bare = facts.language.resolver.lastSegment(of: type)
        for path in goPackageFiles(ofType: type, from: facts) {
            guard let lexed = lexedFile(path), let methods = Self.goInterfaceMethodNames(bare, in: lexed) else { continue }
            guard methods.contains(name) else { return [] }
            return project.configuration("go-interface:\(path)#\(bare)#\(name)") { () -> [Symbol] in
                goImplementations(of: methods, calling: name)
            }
        }
        return []
    }

    /// The methods `name` of every type of the project (outside tests and vendored code) whose package gives it all of
    /// `methods`.
    private func goImplementations(of methods: Set<String>, calling name: String) -> [Symbol] {
        var result: [Symbol] = []
        for path in goMethodFiles()[name] ?? [] {
            guard let candidate = self.facts(of: path) else { continue }
            for definition in candidate.definitions where definition.name == name {
                guard let receiverType = definition.container,
                      methods.allSatisfy({ $0 == name || !self.methods($0, ofType: receiverType, from: candidate).isEmpty })
                else { continue }
                result.append(Symbol(path: path, definition: definition))
            }
        }
        return result
    }

    /// The files declaring a method of each name (`func (c *Client) Complete(` declares `Complete`), outside tests and
    /// vendored code: read once from the bytes of the project's Go files, the first time an interface is called.
    private func goMethodFiles() -> [String: [String]] {
        project.configuration("go-method-files") { () -> [String: [String]] in
            var result: [String: [String]] = [:]
            let opening = Array("func (".utf8)
            for path in project.paths where path.hasSuffix(".go") && !path.hasSuffix("_test.go")
                && !path.hasPrefix("vendor/") && !path.contains("/vendor/")
            {
                guard let bytes = project.contents(of: path) else { continue }
                var names = Set<Substring>()
                bytes.withUnsafeBufferPointer { buffer in
                    var start = ByteSearch.find(opening, in: buffer, from: 0)
                    while start != Int.max {
                        // Past the receiver's `)`, the method's name up to its `(`.
                        var cursor = start + opening.count
                        while cursor < buffer.count, buffer[cursor] != Byte.closeParen, buffer[cursor] != Byte.newline { cursor += 1 }
                        cursor += 1
                        while cursor < buffer.count, buffer[cursor] == Byte.space { cursor += 1 }
                        let nameStart = cursor
                        while cursor < buffer.count, Byte.isIdentifierPart(buffer[cursor]) { cursor += 1 }
                        if cursor > nameStart, cursor < buffer.count, buffer[cursor] == Byte.openParen {
                            names.insert(Substring(decoding: UnsafeBufferPointer(rebasing: buffer[nameStart..<cursor]), as: UTF8.self))
                        }
                        start = ByteSearch.find(opening, in: buffer, from: cursor)
                    }
                }
                for name in names { result[String(name), default: []].append(path) }
            }
            return result
        }
    }

    /// The types a Go struct embeds (`type Server struct { *ai.Client; db *sql.DB }` embeds `ai.Client`), whose methods
    /// it is promoted, with the facts of the file declaring the struct (whose imports qualify them).
    func goEmbeddedTypes(ofType type: String, from facts: FileFacts) -> [(type: String, scope: FileFacts)] {
        let bare = facts.language.resolver.lastSegment(of: type)
        for path in goPackageFiles(ofType: type, from: facts) {
            guard let declaring = self.facts(of: path),
                  let container = declaring.containers.first(where: { $0.name == bare }),
                  let lexed = lexedFile(path),
                  let open = container.tokens.first(where: { lexed.token($0, isPunctuation: Byte.openBrace) }),
                  open < container.tokens.upperBound  // an unclosed struct at the end of a file has no body to read
            else { continue }
            var embedded: [(String, FileFacts)] = []
            // A field that is a type alone: `*ai.Client`, `Base`, perhaps with a tag, on a line of its own or in a
            // struct written on one line (`struct{ *ai.Client }`, `struct{ Base; db *sql.DB }`).
            for cursor in (open + 1)..<container.tokens.upperBound
            where lexed.tokens[cursor].firstOnLine || cursor == open + 1 || lexed.token(cursor - 1, isPunctuation: Byte.semicolon) {
                let start = lexed.token(cursor, isPunctuation: Byte.star) ? cursor + 1 : cursor
                let (names, last) = lexed.dottedName(at: start)
                guard !names.isEmpty, names.count <= 2,
                      last + 1 >= container.tokens.upperBound || lexed.tokens[last + 1].firstOnLine
                        || lexed.tokens[last + 1].kind == .string || lexed.token(last + 1, isPunctuation: Byte.semicolon)
                else { continue }
                embedded.append((names.joined(separator: "."), declaring))
            }
            return embedded
        }
        return []
    }

    /// The methods an interface `name` declares in a file (`type Client interface { Complete(…) …; Close() error }`),
    /// nil when the file declares no such interface. Embedded interfaces are not followed.
    static func goInterfaceMethodNames(_ name: String, in lexed: LexedSource) -> Set<String>? {
        let tokens = lexed.tokens
        for index in tokens.indices where lexed.token(index, is: "interface") && lexed.token(index - 2, is: "type")
            && lexed.isIdentifier(index - 1) && lexed.token(index + 1, isPunctuation: Byte.openBrace)
        {
            guard lexed.text(index - 1) == name else { continue }
            let close = lexed.partner[index + 1]
            guard close > index + 1 else { return [] }
            var methods = Set<String>()
            for cursor in (index + 2)..<close where tokens[cursor].firstOnLine && lexed.isIdentifier(cursor)
                && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
            {
                methods.insert(lexed.text(cursor))
            }
            return methods
        }
        return nil
    }
}
