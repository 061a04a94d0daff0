import GateCore

/// Rust methods called through a value's fields: axum's `State(state): State<AppState>` then `state.ai.chat(…)`,
/// a method's `self.client.complete(…)`. The root's type is read from the function's parameters (or, for `self`, the
/// `impl` the method is in), each field's from the struct declaring it (in the file itself or the module a `use`
/// names); a wrapper (`Arc<AiService>`, `State<AppState>`, `web::Data<…>`) stands for the type it holds.
extension CodeIndex {
    /// The methods a Rust call on `receiver` (without `self`) runs, or nil when its root's type is not known here.
    func rustFieldMethods(_ call: CallFact, receiver: [String], selfReceiver: Bool, in facts: FileFacts) -> [Symbol]? {
        guard let lexed = lexedFile(facts.path), let function = facts.definition(enclosing: call.token) else { return nil }
        var type: String
        var fields = receiver[...]
        if selfReceiver {
            guard let container = function.container, !fields.isEmpty else { return nil }
            type = container
        } else {
            guard let root = fields.first, let declared = Self.rustParameterType(root, in: function.tokens, lexed: lexed) else {
                return nil
            }
            type = declared
            fields = fields.dropFirst()
        }
        var scope = facts
        for field in fields {
            guard let declared = rustFieldType(field, ofStruct: type, from: scope) else { return nil }
            (type, scope) = declared
        }
        return methods(call.name, ofType: type, from: scope)
    }

    /// The type of field `field` of struct `type` as seen from `facts`, with the facts of the file declaring it.
    private func rustFieldType(_ field: String, ofStruct type: String, from facts: FileFacts) -> (String, FileFacts)? {
        let bare = facts.language.resolver.lastSegment(of: type)
        var files = [facts.path]
        if let binding = facts.imports.first(where: { $0.local == bare }) { files = modules(binding.module, of: facts) + files }
        for path in files {
            guard let lexed = lexedFile(path), let declaring = self.facts(of: path),
                  let found = Self.rustFieldType(field, ofStruct: bare, in: lexed)
            else { continue }
            return (found, declaring)
        }
        return nil
    }

    /// Wrappers whose type argument is the value's type for method calls: smart pointers, locks, axum's and
    /// actix's extractors.
    private static let rustWrappers: Set<String> = [
        "Arc", "Rc", "Box", "Mutex", "RwLock", "Option", "RefCell", "Cell", "State", "Extension", "Data",
    ]

    /// The type named by the type tokens in `range`: the first type name that is no wrapper, past module paths
    /// (`std::sync::Arc<AiService>` → `AiService`, `State<AppState>` → `AppState`).
    static func rustHeldType(in range: Range<Int>, lexed: LexedSource) -> String? {
        for cursor in range where lexed.isIdentifier(cursor) && !lexed.token(cursor + 1, is: "::") {
            let name = lexed.text(cursor)
            guard FactExtractor.startsUppercase(name) else { continue }
            if rustWrappers.contains(name), lexed.token(cursor + 1, isPunctuation: Byte.less) { continue }
            return name
        }
        return nil
    }

    /// The type a function's parameter `name` is declared with in the function's header: `state: AppState`,
    /// `State(state): State<AppState>`, `data: web::Data<AppState>`.
    static func rustParameterType(_ name: String, in function: ClosedRange<Int>, lexed: LexedSource) -> String? {
        // The parameters open after `fn`: an attribute above it (`#[post("/summaries")]`, `#[instrument(skip(db))]`)
        // has parentheses of its own.
        let keyword = function.first { lexed.token($0, is: "fn") } ?? function.lowerBound
        guard let open = (keyword...function.upperBound).first(where: { lexed.token($0, isPunctuation: Byte.openParen) }),
              lexed.partner[open] > open
        else {
            return nil
        }
        let close = lexed.partner[open]
        for cursor in (open + 1)..<close where lexed.isIdentifier(cursor) && lexed.text(cursor) == name {
            // `name: Type` or a pattern around it, `State(name): Type`.
            var colon = cursor + 1
            if lexed.token(colon, isPunctuation: Byte.closeParen) { colon += 1 }
            guard lexed.token(colon, isPunctuation: Byte.colon) else { continue }
            return rustHeldType(in: (colon + 1)..<typeEnd(from: colon + 1, before: close, lexed: lexed), lexed: lexed)
        }
        return nil
    }

    /// The type of a field as `struct name { field: Type, … }` in a file declares it.
    static func rustFieldType(_ field: String, ofStruct name: String, in lexed: LexedSource) -> String? {
        let tokens = lexed.tokens
        for index in tokens.indices where lexed.token(index, is: "struct") && lexed.isIdentifier(index + 1) && lexed.text(index + 1) == name {
            var open = index + 2
            while open < tokens.count, !lexed.token(open, isPunctuation: Byte.openBrace), !lexed.token(open, isPunctuation: Byte.semicolon) {
                open += 1
            }
            guard lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open else { return nil }
            let close = lexed.partner[open]
            for cursor in (open + 1)..<close where lexed.isIdentifier(cursor) && lexed.token(cursor + 1, isPunctuation: Byte.colon)
                && (lexed.token(cursor - 1, isPunctuation: Byte.openBrace) || lexed.token(cursor - 1, isPunctuation: Byte.comma)
                    || lexed.token(cursor - 1, is: "pub") || lexed.token(cursor - 1, isPunctuation: Byte.closeParen)
                    || lexed.token(cursor - 1, isPunctuation: Byte.closeBracket))
                && lexed.text(cursor) == field
            {
                return rustHeldType(in: (cursor + 2)..<typeEnd(from: cursor + 2, before: close, lexed: lexed), lexed: lexed)
            }
            return nil
        }
        return nil
    }

    /// Where a type that starts at `start` ends: the first comma outside its angle brackets, or `limit`.
    private static func typeEnd(from start: Int, before limit: Int, lexed: LexedSource) -> Int {
        typeEnd(from: start, before: limit, lexed: lexed) { lexed.token($0, isPunctuation: Byte.comma) }
    }

    /// Where a Rust type written from token `start` ends: the first token outside its angle brackets that `ends`
    /// accepts, or `limit`.
    static func typeEnd(from start: Int, before limit: Int, lexed: LexedSource, endingAt ends: (Int) -> Bool) -> Int {
        var depth = 0
        var cursor = start
        while cursor < limit {
            if lexed.token(cursor, isPunctuation: Byte.less) {
                depth += 1
            } else if lexed.token(cursor, isPunctuation: Byte.greater) {
                depth -= 1
            } else if lexed.token(cursor, is: ">>") {
                depth -= 2
            } else if depth <= 0, ends(cursor) {
                break
            }
            cursor += 1
        }
        return cursor
    }
}
