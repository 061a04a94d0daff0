/// Values made by a factory function (`const tts = getTTSProvider()`, `llm = get_llm()`): a method called on one runs
/// the methods of the classes the factory returns. Provider abstractions are written this way (a `switch` over the
/// configured provider returning `new OpenAiTTS()` or `new ElevenLabsTTS()`), and a route that calls
/// `tts.speak(text)` reaches every one of them.
extension FactExtractor {
    /// The names a file binds to the result of a plain function call (`name = fn(…)`, `name = await fn(…)`), as
    /// `fn()`, or of a method of another name (`chat = model.startChat()`, as `model.startChat()`: the value is
    /// derived from that name's object), for the names no other binding of the file types. Module loaders
    /// (`require(…)`) are no factories; Go reads its own results (`goTypedNames`).
    static func factoryResultNames(_ lexed: LexedSource, typed: [String: String]) -> [String: String] {
        factoryResultNames(lexed, typed: typed, assignments: assignmentSigns(lexed))
    }

    /// Every `=` token of a file (not `==`), for these passes asked alone; `typedNames` hands them the assignments it
    /// meets instead.
    static func assignmentSigns(_ lexed: LexedSource) -> [Int] {
        let equals = Byte.equals
        return lexed.tokens.withUnsafeBufferPointer { tokens in
            lexed.bytes.withUnsafeBufferPointer { bytes in
                var signs: [Int] = []
                for index in tokens.indices where tokens[index].kind == .punctuation && bytes[tokens[index].start] == equals
                    && tokens[index].end == tokens[index].start + 1
                    && (index + 1 == tokens.count || !tokens[index + 1].isPunctuation(equals, in: lexed.bytes))
                {
                    signs.append(index)
                }
                return signs
            }
        }
    }

    /// `factoryResultNames`, over the file's `=` tokens.
    static func factoryResultNames(_ lexed: LexedSource, typed: [String: String], assignments: [Int]) -> [String: String] {
        guard lexed.language != .go else { return [:] }
        var result: [String: String] = [:]
        let tokens = lexed.tokens
        let bytes = lexed.bytes
        // Tested on bytes: a file has hundreds of assignments, and strings are made only for the names bound.
        func isLowercaseIdentifier(_ index: Int) -> Bool {
            guard lexed.isIdentifier(index) else { return false }
            let first = bytes[tokens[index].start]
            return !(first >= 65 && first <= 90)
        }
        for equals in assignments {
            let index = equals - 1
            // Not a type annotation's type (`client: OpenAI = makeClient()` binds `client`, typed already).
            guard lexed.isIdentifier(index), tokens[index].firstOnLine || !lexed.token(index - 1, isPunctuation: Byte.colon)
            else { continue }
            var value = index + 2
            if lexed.token(value, is: "await") { value += 1 }
            guard isLowercaseIdentifier(value) else { continue }
            // A method of a name (`model.startChat()`): a value derived from that name's object.
            let method = lexed.token(value + 1, isPunctuation: Byte.dot) && lexed.isIdentifier(value + 2)
                && lexed.token(value + 3, isPunctuation: Byte.openParen)
            guard method || lexed.token(value + 1, isPunctuation: Byte.openParen) else { continue }
            var name = lexed.text(index)
            if name.hasPrefix("$") { name.removeFirst() }
            guard typed[name] == nil, result[name] == nil else { continue }
            let callee = lexed.text(value)
            if method {
                if !isReceiverWord(callee) { result[name] = callee + "." + lexed.text(value + 2) + "()" }
                continue
            }
            guard !notFactories.contains(callee) else { continue }
            // `get_object_or_404(AiRequest, pk=pk)` is a record of the model it is given.
            if ModelLookups.djangoShortcuts.contains(callee), lexed.language == .python,
               lexed.isIdentifier(value + 2), startsUppercase(lexed.text(value + 2))
            {
                result[name] = lexed.text(value + 2)
                continue
            }
            result[name] = callee + "()"
        }
        return result
    }

    /// Calls that load modules or read values, never make an object of the project.
    private static let notFactories: Set<String> = [
        "require", "import", "fetch", "typeof", "len", "str", "int", "dict", "list", "open", "getattr", "super",
    ]

    /// The classes each function of the file (not a method) returns, under its name and `()` (`getTTSProvider()` →
    /// `OpenAiTTS|ElevenTTS`): read from the `return` statements the typed-names pass meets, so a factory is judged
    /// from its file's facts, without lexing the file again. An entry of a registry of the file (`return
    /// providers[name]`) returns the classes the registry holds.
    static func factoryReturns(
        _ lexed: LexedSource, returns: [Int], definitions: [Definition], registries: [String: String]
    ) -> [String: String] {
        guard !returns.isEmpty else { return [:] }
        var types: [String: [String]] = [:]
        lazy var functions = definitions.filter { $0.container == nil }
        for statement in returns {
            // What is returned first (most returns give no class), then which function returns it.
            var returned = returnedTypes(lexed, definition: statement...statement)
            if returned.isEmpty, !registries.isEmpty, let registry = returnedRegistry(lexed, definition: statement...statement),
               let held = registries[registry]
            {
                returned = held.split(separator: "|").map(String.init)
            }
            guard !returned.isEmpty, let function = functions.last(where: { $0.tokens.contains(statement) }) else { continue }
            for type in returned where !(types[function.name]?.contains(type) ?? false) {
                types[function.name, default: []].append(type)
            }
        }
        return Dictionary(uniqueKeysWithValues: types.map { ($0.key + "()", $0.value.joined(separator: "|")) })
    }

    /// The classes a function's body returns (`return new OpenAiTTS(…)`, `return OpenAITTS(…)`, `return
    /// Summarizer.new`, an arrow's `=> new OpenAiTTS()`), each once, in order.
    static func returnedTypes(_ lexed: LexedSource, definition tokens: ClosedRange<Int>) -> [String] {
        var types: [String] = []
        for index in tokens where lexed.token(index, is: "return") || lexed.token(index, is: "=>") {
            var value = index + 1
            if lexed.token(value, is: "await") { value += 1 }
            let constructs = lexed.token(value, is: "new")
            if constructs { value += 1 }
            // The first letter tested on the byte: most returns give a value, and no string is made for them.
            guard lexed.isIdentifier(value), (65...90).contains(lexed.bytes[lexed.tokens[value].start]) else { continue }
            // `new Type(`, Python's `Type(`, Ruby's `Type.new`; not a constant or a static call (`Config.load()`).
            let made = constructs ? lexed.token(value + 1, isPunctuation: Byte.openParen)
                : lexed.token(value + 1, isPunctuation: Byte.openParen)
                    && [.python, .kotlin, .swift, .rust].contains(lexed.language)
                    || lexed.token(value + 1, isPunctuation: Byte.dot) && lexed.token(value + 2, is: "new")
            let type = lexed.text(value)
            if made, !types.contains(type) { types.append(type) }
        }
        return types
    }
}

extension CodeIndex {
    /// The methods `name` may run on a value of `type` as `facts` writes it: a class, a registry's classes
    /// (`A|B`), or the result of a factory (`getTTSProvider()`), whose returned classes are looked up where the
    /// factory is defined.
    func methods(_ name: String, ofTypeOrResult type: String, from facts: FileFacts) -> [Symbol] {
        // A registry's classes (`OpenAIProvider|AnthropicProvider`).
        if type.utf8.contains(UInt8(ascii: "|")) {
            return type.split(separator: "|").flatMap { methods(name, ofType: String($0), from: facts) }
        }
        guard type.hasSuffix("()") else { return methods(name, ofType: type, from: facts) }
        return factoryResultTypes(of: String(type.dropLast(2)), from: facts).flatMap { result in
            methods(name, ofType: result.type, from: result.declaring)
        }
    }

    /// The classes a function called by `facts` returns, with the facts of the file defining it (whose imports
    /// name those classes): a function of the file itself, or one it imports.
    func factoryResultTypes(of function: String, from facts: FileFacts) -> [(type: String, declaring: FileFacts)] {
        // A method's result (`res.json()`) is no factory's: its object's class is not known here.
        guard !function.utf8.contains(UInt8(ascii: ".")) else { return [] }
        var definitions = facts.definitions(named: function).filter { $0.container == nil }
            .map { Symbol(path: facts.path, definition: $0) }
        var name = function
        var files = [facts.path]
        if definitions.isEmpty, let binding = facts.imports.first(where: { $0.local == function }) {
            name = binding.member ?? function
            files = modules(binding.module, of: facts)
            definitions = exported(name, fromModule: binding.module, of: facts)
        }
        // What the defining file's facts say each function returns (`FactExtractor.factoryReturns`).
        let returned = definitions.prefix(4).flatMap { symbol -> [(type: String, declaring: FileFacts)] in
            guard let declaring = symbol.path == facts.path ? facts : self.facts(of: symbol.path),
                  let held = declaring.typedNames[symbol.name + "()"]
            else { return [] }
            return held.split(separator: "|").map { (String($0), declaring) }
        }
        guard returned.isEmpty, facts.language.isJavaScriptLike, files.first != facts.path else { return returned }
        // An arrow function whose body is the expression (`export const makeTTS = () => new OpenAiTTS()`) has no
        // block, so it is no definition: read where the imported name is declared (a file's own are not looked
        // for: that would lex every changed file a second time).
        return files.prefix(4).flatMap { path -> [(type: String, declaring: FileFacts)] in
            guard let declaring = path == facts.path ? facts : self.facts(of: path), let lexed = lexedFile(path),
                  let arrow = FactExtractor.expressionArrow(assignedTo: name, in: lexed)
            else { return [] }
            return FactExtractor.returnedTypes(lexed, definition: arrow...arrow).map { ($0, declaring) }
        }
    }
}

extension FactExtractor {
    /// The `=>` of an arrow function declared as `const name = (…) => expression` (its body no block), if any.
    static func expressionArrow(assignedTo name: String, in lexed: LexedSource) -> Int? {
        for index in lexed.tokens.indices where lexed.isIdentifier(index) && lexed.token(index + 1, isPunctuation: Byte.equals) {
            guard lexed.token(index - 1, is: "const") || lexed.token(index - 1, is: "let"), lexed.text(index) == name
            else { continue }
            var cursor = index + 2
            if lexed.token(cursor, is: "async") { cursor += 1 }
            // The parameters: a parenthesised list or one bare name.
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
            } else if lexed.isIdentifier(cursor) {
                cursor += 1
            } else {
                continue
            }
            guard lexed.token(cursor, is: "=>"), !lexed.token(cursor + 1, isPunctuation: Byte.openBrace) else { continue }
            return cursor
        }
        return nil
    }
}
