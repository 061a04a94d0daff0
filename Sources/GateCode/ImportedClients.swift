import GateCore

/// A provider's client made in one module and used in another: `export const model = genAI.getGenerativeModel(…)` in
/// lib/gemini.ts, then `model.generateContent(prompt)` or `model.startChat().sendMessage(…)` in a route that names no
/// provider. The route's call is the provider's paid call, made through the imported client.
extension CodeIndex {
    /// The paid call `call` makes on a client another module exports (or on a value the file derives from one:
    /// `const chat = model.startChat()`), with the provider and where the client is made.
    func importedClientReach(of call: CallFact, in facts: FileFacts) -> PaidReach? {
        // Most calls name no provider's method (`res.json()`, `prisma.user.findMany()`): ruled out by the name alone.
        guard recognizer.mayNamePaidMethod(call.name) else { return nil }
        let (receiver, selfReceiver) = Self.receiver(of: call)
        guard !selfReceiver, let root = receiver.first else { return nil }
        let client: (provider: String, path: String)?
        var name = root
        // Only a name the file imports, or derives from another by a call, may be another module's client; or, in
        // Python, one an app keeps on its state (`request.app.state.llm`).
        if facts.imports.contains(where: { $0.local == root }) || facts.typedNames[root].flatMap(Self.callRoot) != nil
            || importedFactory(ofName: root, in: facts) != nil
        {
            client = importedClient(named: root, in: facts, depth: 0)
        } else if facts.language == .python, let state = receiver.firstIndex(of: "state"), state > 0, receiver[state - 1] == "app",
                  state + 1 < receiver.count
        {
            client = pythonAppStateClients()[receiver[state + 1]].map { ($0.provider, $0.path) }
            name = receiver[...(state + 1)].joined(separator: ".")
        } else {
            client = nil
        }
        guard let client, !runsOnLocalModels(client, calledFrom: facts) else { return nil }
        let leaves = assumedPaidLeaves(in: facts.path, provider: client.provider)
        guard let leaf = leaves.first(where: { $0.line == call.line && $0.token <= call.token }) else {
            // A method named by what made its object (`query` of what `as_query_engine()` made), in another module.
            guard receiver.count == 1, let maker = maker(ofName: root, in: facts),
                  recognizer.paidMethod(call.name, ofObjectMadeBy: maker) == client.provider
            else { return nil }
            return PaidReach(
                provider: client.provider, hops: [],
                leaf: "\(root).\(call.name) (\(root): a \(client.provider) client from \(client.path), made by \(maker)())",
                background: nil, repeats: false)
        }
        return PaidReach(
            provider: client.provider, hops: [], leaf: "\(leaf.evidence) (\(name): a \(client.provider) client from \(client.path))",
            background: nil, repeats: recognizer.isBatchCall(call.name, of: client.provider))
    }

    /// The paid call of an object another module made, called here by its name, where calling the provider's objects
    /// is the request: DSPy's `qa(question=q)` with `qa` imported from the module binding it to
    /// `dspy.ChainOfThought(…)` (or to `RAG()` of its `class RAG(dspy.Module)`), or `program(question=q)` after
    /// `program = RAG()` of the imported class. Calling the imported class itself only makes the object.
    func importedObjectCallReach(of call: CallFact, in facts: FileFacts) -> PaidReach? {
        guard call.receiver.isEmpty else { return nil }
        let name: String
        if facts.imports.contains(where: { $0.local == call.name }) {
            name = call.name
        } else if let typed = facts.typedNames[call.name], facts.imports.contains(where: { $0.local == typed }) {
            // An instance made here of a class imported from the module (`program = RAG()`).
            name = typed
        } else {
            return nil
        }
        guard let client = importedClient(named: name, in: facts, depth: 0), recognizer.callsObjects(of: client.provider),
              !runsOnLocalModels(client, calledFrom: facts)
        else {
            return nil
        }
        if name == call.name, let binding = facts.imports.first(where: { $0.local == name }),
           self.facts(of: client.path)?.containers.contains(where: { $0.name == (binding.member ?? name) }) == true
        {
            return nil
        }
        return PaidReach(
            provider: client.provider, hops: [], leaf: "\(call.name)(…) (a \(client.provider) object from \(client.path))",
            background: nil, repeats: false)
    }

    /// Whether the framework's object is built on a model the machine runs: the module making it, or the file using
    /// it, configures the framework only with local models (`dspy.configure(lm=dspy.LM("ollama_chat/llama3"))` above
    /// `rag = RAG()`). Remembered by file and provider.
    private func runsOnLocalModels(_ client: (provider: String, path: String), calledFrom facts: FileFacts) -> Bool {
        if facts.language.isJavaScriptLike, Self.javaScriptModelFrameworks.contains(client.provider), javaScriptModelsRunLocally() {
            return true
        }
        return [client.path, facts.path].contains { path in
            project.configuration("local-models\u{0}" + client.provider + "\u{0}" + path) { () -> Bool in
                guard let lexed = lexedFile(path) else { return false }
                return recognizer.buildsOnlyLocalModels(lexed, path: path, provider: client.provider, index: self)
            }
        }
    }

    /// The clients a Python app keeps on its state, by attribute: FastAPI's and Starlette's `app.state.llm =
    /// ChatOpenAI(…)` in a lifespan or a startup hook, read by handlers as `request.app.state.llm`. Read once, from the
    /// files that assign to an app's state.
    func pythonAppStateClients() -> [String: ImportedClient] {
        project.configuration("python-app-state-clients") { () -> [String: ImportedClient] in
            var result: [String: ImportedClient] = [:]
            for path in project.paths where path.hasSuffix(".py") {
                guard let bytes = project.contents(of: path), Self.readsAppState(bytes),
                      let lexed = lexedFile(path)
                else { continue }
                for index in lexed.tokens.indices where lexed.token(index, is: "state") && lexed.token(index - 1, isPunctuation: Byte.dot)
                    && lexed.token(index - 2, is: "app")
                    && lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.isIdentifier(index + 2)
                    && lexed.token(index + 3, isPunctuation: Byte.equals) && !lexed.token(index + 4, isPunctuation: Byte.equals)
                {
                    let (names, last) = lexed.dottedName(at: index + 4)
                    guard !names.isEmpty, lexed.token(last + 1, isPunctuation: Byte.openParen),
                          let provider = recognizer.clientProvider(ofType: names.joined(separator: "."))
                            ?? names.last.flatMap(recognizer.clientProvider(ofType:))
                    else { continue }
                    result[lexed.text(index + 2)] = result[lexed.text(index + 2)] ?? ImportedClient(provider: provider, path: path)
                }
            }
            return result
        }
    }

    static let appStateWord = Array("app.state.".utf8)

    /// Whether a file's bytes read an app's state (`app.state.`, exactly: Python spells it so; a request's own
    /// `request.state` holds no app-wide client), sixteen bytes at a time.
    static func readsAppState(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { ByteSearch.find(appStateWord, in: $0, from: 0) != Int.max }
    }

    /// The provider of the model a runnable expression of `facts`'s file serves (LangServe's `add_routes(app, chain)`,
    /// every request a model call), and the file that makes it: a client constructed in the expression
    /// (`ChatOpenAI(…)`), or a name of the file, or one it imports, bound to a client or composed from one
    /// (`chain = prompt | ChatAnthropic(…)`).
    public func servedModel(in expression: Range<Int>, of lexed: LexedSource, facts: FileFacts) -> (provider: String, path: String)? {
        for cursor in expression where lexed.tokens[cursor].kind == .identifier && !lexed.token(cursor - 1, isPunctuation: Byte.dot)
            && !lexed.token(cursor + 1, isPunctuation: Byte.equals)
        {
            let name = lexed.text(cursor)
            if lexed.token(cursor + 1, isPunctuation: Byte.openParen) {
                if let provider = recognizer.clientProvider(ofType: name) { return (provider, facts.path) }
            } else if let provider = clientProvider(ofName: name, in: facts, depth: 0) {
                return (provider, facts.path)
            } else if facts.imports.contains(where: { $0.local == name }),
                      let imported = importedClient(named: name, in: facts, depth: 0)
            {
                return imported
            }
        }
        return nil
    }

    /// The package whose class or function makes the object a project module exports as `member`: `export const db =
    /// new PrismaClient()` after `import { PrismaClient } from "@prisma/client"` is "@prisma/client", and so is `db =
    /// drizzle(pool)` with `drizzle`'s. Nil when the module does not show one (a parameter, a project class, a value of
    /// another module). A method called on that object is the package's, whatever the provider a file also imports
    /// names its own methods (`db.messages.create` beside Anthropic's `messages.create`).
    public func packageMaking(_ member: String, of module: String, importedBy path: String, language: SourceLanguage) -> String? {
        for file in moduleFiles(module, importedBy: path, language: language).prefix(4) {
            guard let facts = facts(of: file), let typed = facts.typedNames[member] else { continue }
            // A construction (`PrismaClient`) or a bare function's result (`drizzle()`), of a name the module imports.
            let maker = typed.hasSuffix("()") ? String(typed.dropLast(2)) : typed
            guard !maker.utf8.contains(UInt8(ascii: ".")), let binding = facts.imports.first(where: { $0.local == maker })
            else { continue }
            return binding.module
        }
        return nil
    }

    /// The value a project module binds `member` to at its top level (`client = OpenAI(base_url=…)`), in that module's
    /// tokens; nil when the module does not show one.
    public func topLevelValue(_ member: String, of module: String, importedBy path: String, language: SourceLanguage)
        -> (lexed: LexedSource, value: Range<Int>)?
    {
        for file in moduleFiles(module, importedBy: path, language: language).prefix(4) {
            guard let lexed = lexedFile(file), let value = Self.topLevelValue(of: member, in: lexed) else { continue }
            return (lexed, value)
        }
        return nil
    }

    /// The provider whose client `name` is in `facts`: imported from a module that makes it, or derived in the file
    /// from such a name by a call (`chat = model.startChat()`). Remembered by file and name: a file calls the same
    /// few names again and again, and resolving their modules is the cost.
    private func importedClient(named name: String, in facts: FileFacts, depth: Int) -> (provider: String, path: String)? {
        guard depth == 0 else { return findImportedClient(named: name, in: facts, depth: depth) }
        let key = facts.path + "\u{0}" + name
        if let known = lock.withLock({ importedClients[key] }) { return known.map { ($0.provider, $0.path) } }
        let found = findImportedClient(named: name, in: facts, depth: depth)
        lock.withLock { importedClients[key] = .some(found.map { ImportedClient(provider: $0.provider, path: $0.path) }) }
        return found
    }

    private func findImportedClient(named name: String, in facts: FileFacts, depth: Int) -> (provider: String, path: String)? {
        guard depth < 3 else { return nil }
        if let factory = importedFactory(ofName: name, in: facts) {
            return factoryResultClient(factory.member, module: factory.module, of: facts, depth: depth + 1).map { ($0.provider, $0.path) }
        }
        if let typed = facts.typedNames[name], let derivedFrom = Self.callRoot(typed) {
            return findImportedClient(named: derivedFrom, in: facts, depth: depth + 1)
        }
        guard let binding = facts.imports.first(where: { $0.local == name }) else { return nil }
        let member = binding.member ?? (facts.language.isJavaScriptLike ? "default" : name)
        // The depth carries on into the module: two modules composing each other's names (`a = () => b()`,
        // `b = () => a()`) would otherwise ask each other forever.
        for path in modules(binding.module, of: facts).prefix(4) {
            guard let module = self.facts(of: path), let provider = clientProvider(ofName: member, in: module, depth: depth)
            else { continue }
            return (provider, path)
        }
        return nil
    }

    /// The imported function whose result `facts` binds to `name` (`engine = get_engine()` after `from app.engine
    /// import get_engine`), as the module exports it.
    private func importedFactory(ofName name: String, in facts: FileFacts) -> (member: String, module: String)? {
        guard let typed = facts.typedNames[name], typed.hasSuffix("()"), !typed.utf8.contains(UInt8(ascii: ".")) else { return nil }
        let function = String(typed.dropLast(2))
        guard let binding = facts.imports.first(where: { $0.local == function }) else { return nil }
        return (binding.member ?? function, binding.module)
    }

    /// The method that made the client `name` holds in `facts`, when one did in another module: the imported
    /// factory's returned `index.as_query_engine()`, or the imported module-level `engine = index.as_query_engine()`;
    /// or the package's class constructed there (`supportAgent = new Agent(…)`).
    private func maker(ofName name: String, in facts: FileFacts) -> String? {
        if let factory = importedFactory(ofName: name, in: facts) {
            return factoryResultClient(factory.member, module: factory.module, of: facts, depth: 1)?.maker
        }
        guard let binding = facts.imports.first(where: { $0.local == name }) else { return nil }
        let member = binding.member ?? (facts.language.isJavaScriptLike ? "default" : name)
        for path in modules(binding.module, of: facts).prefix(4) {
            guard let module = self.facts(of: path), let typed = module.typedNames[member] else { continue }
            if let root = Self.callRoot(typed) { return String(typed.dropFirst(root.count + 1).dropLast(2)) }
            // A class the module imports from a package (Mastra's `new Agent(…)`), as that package names it.
            if let made = module.imports.first(where: { $0.local == typed }) { return made.member ?? typed }
        }
        return nil
    }

    /// The client a function of another module returns (`def get_engine(): return index.as_query_engine()`, `export
    /// function getModel() { return genAI.getGenerativeModel(…) }`, `const getChain = () => prompt.pipe(model)`),
    /// with the method that made it when its value is one method's result. Only asked of a function whose result a
    /// paid method's name is called on.
    private func factoryResultClient(_ function: String, module: String, of facts: FileFacts, depth: Int)
        -> (provider: String, path: String, maker: String?)?
    {
        guard depth < 3 else { return nil }
        for path in modules(module, of: facts).prefix(4) {
            guard let declaring = self.facts(of: path), let lexed = lexedFile(path) else { continue }
            var values: [Range<Int>] = []
            for definition in declaring.definitions(named: function) where definition.container == nil {
                for index in definition.tokens where lexed.token(index, is: "return") {
                    values.append((index + 1)..<Self.statementEnd(from: index + 1, in: lexed))
                }
            }
            if values.isEmpty, declaring.language.isJavaScriptLike,
               let arrow = FactExtractor.expressionArrow(assignedTo: function, in: lexed)
            {
                values.append((arrow + 1)..<Self.statementEnd(from: arrow + 1, in: lexed))
            }
            for value in values {
                if let client = returnedClient(value, in: lexed, module: declaring, depth: depth) {
                    return (client.provider, path, client.maker)
                }
            }
        }
        return nil
    }

    /// The provider of the client an expression of `module` gives (a returned value), and the method that made it
    /// when the value is one method's result: a client constructed (`OpenAI()`, `genai.GenerativeModel(…)`), a name
    /// of the module or one it imports bound to a client (`llm`), or composed from one (`prompt | llm | parser`); or
    /// an object a method of an SDK the module imports makes (`index.as_query_engine()`, the index made anywhere).
    private func returnedClient(_ value: Range<Int>, in lexed: LexedSource, module: FileFacts, depth: Int)
        -> (provider: String, maker: String?)?
    {
        var cursor = value.lowerBound
        while cursor < value.upperBound, lexed.token(cursor, is: "await") || lexed.token(cursor, is: "new") { cursor += 1 }
        // A dict, list or object literal (`return {"top_k": 3}`) is no client; its names are not each looked up.
        guard cursor < value.upperBound, !lexed.token(cursor, isPunctuation: Byte.openBrace),
              !lexed.token(cursor, isPunctuation: Byte.openBracket)
        else { return nil }
        let first = lexed.dottedName(at: cursor)
        let oneMethod = first.names.count >= 2 && lexed.token(first.last + 1, isPunctuation: Byte.openParen)
            && !FactExtractor.startsUppercase(first.names[first.names.count - 1])
            && lexed.partner[first.last + 1] + 1 >= value.upperBound
        let made = oneMethod ? first.names.last : nil
        var seen: Set<String> = []
        while cursor < value.upperBound {
            defer { cursor += 1 }
            guard lexed.isIdentifier(cursor), !lexed.token(cursor - 1, isPunctuation: Byte.dot) else { continue }
            let (names, last) = lexed.dottedName(at: cursor)
            guard let root = names.first, let type = names.last else { continue }
            if lexed.token(last + 1, isPunctuation: Byte.openParen), FactExtractor.startsUppercase(type),
               let provider = recognizer.clientProvider(ofType: names.joined(separator: ".")) ?? recognizer.clientProvider(ofType: type)
            {
                return (provider, nil)
            }
            // A composition names its model among its first few names (`prompt | llm | parser`).
            if seen.count < 8, seen.insert(root).inserted {
                if let provider = clientProvider(ofName: root, in: module, depth: depth + 1) { return (provider, made) }
                if module.imports.contains(where: { $0.local == root }),
                   let imported = findImportedClient(named: root, in: module, depth: depth + 1)
                {
                    return (imported.provider, made)
                }
            }
            cursor = last
        }
        guard let made, let provider = recognizer.provider(ofObjectsMadeBy: made, importing: module.imports.map(\.module))
        else { return nil }
        return (provider, made)
    }

    /// The provider whose client a module binds to `name`: constructed (`new OpenAI(…)`, `genai.GenerativeModel(…)`),
    /// got from a client it constructs (`genAI.getGenerativeModel(…)`), or returned by a factory of the module.
    private func clientProvider(ofName name: String, in module: FileFacts, depth: Int) -> String? {
        guard depth < 3 else { return nil }
        if let typed = module.typedNames[name] ?? (name == "default" ? module.typedNames["exports"] : nil),
           let provider = clientProvider(ofType: typed, in: module, depth: depth)
        {
            return provider
        }
        // A class of the module extending a provider's type (`class RAG(dspy.Module)`): its objects are the provider's.
        if let base = module.containers.first(where: { $0.name == name })?.superclass,
           let provider = recognizer.clientProvider(ofType: base)
        {
            return provider
        }
        return composedClientProvider(ofName: name, in: module, depth: depth)
    }

    /// The provider of a client a module binds to a value of `typed` (a type, or a call's result).
    private func clientProvider(ofType typed: String, in module: FileFacts, depth: Int) -> String? {
        if let root = Self.callRoot(typed) {
            // A class of an imported module (`genai.GenerativeModel(…)`), or a method of a client the module made.
            let member = String(typed.dropFirst(root.count + 1).dropLast(2))
            if FactExtractor.startsUppercase(member),
               let provider = recognizer.clientProvider(ofType: root + "." + member) ?? recognizer.clientProvider(ofType: member)
            {
                return provider
            }
            return clientProvider(ofName: root, in: module, depth: depth + 1)
        }
        if typed.hasSuffix("()") {
            return factoryResultTypes(of: String(typed.dropLast(2)), from: module).lazy
                .compactMap { self.recognizer.clientProvider(ofType: $0.type) }.first
        }
        // An instance of a class of the module that extends a provider's type (`rag = RAG()` of `class
        // RAG(dspy.Module)`) is that provider's.
        if let provider = recognizer.clientProvider(ofType: typed)
            ?? module.containers.first(where: { $0.name == typed })?.superclass.flatMap(recognizer.clientProvider(ofType:))
        {
            return provider
        }
        // A class named too plainly to be a provider's symbol, whose objects' methods are the provider's paid calls,
        // imported from its SDK: Mastra's `new Agent({ model: openai("gpt-4o") })` of `@mastra/core/agent`
        // (`agent.generate`).
        guard let binding = module.imports.first(where: { $0.local == typed }) else { return nil }
        return recognizer.provider(ofObjectsMadeBy: binding.member ?? typed, importing: [binding.module])
    }

    /// The provider of a client a module-level value is composed from: LangChain's `chain = prompt | llm | parser`,
    /// `prompt.pipe(model)`, `RunnableSequence.from([prompt, model])`, `LLMChain(llm=llm, prompt=prompt)`. Calling
    /// the composition (`chain.invoke(…)`) calls the model. A name of the module, or one it imports, bound to a
    /// client, anywhere in the value's expression (not as a member: `x.llm`), makes it one.
    private func composedClientProvider(ofName name: String, in module: FileFacts, depth: Int) -> String? {
        guard let lexed = lexedFile(module.path), let expression = Self.topLevelValue(of: name, in: lexed) else { return nil }
        var seen: Set<String> = [name]
        for cursor in expression where lexed.tokens[cursor].kind == .identifier && !lexed.token(cursor - 1, isPunctuation: Byte.dot)
            && !lexed.token(cursor + 1, isPunctuation: Byte.equals)
        {
            let candidate = lexed.text(cursor)
            // A client made in the composition itself: `prompt | ChatOpenAI(model="gpt-4o-mini")`,
            // `prompt.pipe(new ChatOpenAI())`.
            let (names, last) = lexed.dottedName(at: cursor)
            if let type = names.last, FactExtractor.startsUppercase(type), lexed.token(last + 1, isPunctuation: Byte.openParen),
               let provider = recognizer.clientProvider(ofType: names.joined(separator: ".")) ?? recognizer.clientProvider(ofType: type)
            {
                return provider
            }
            guard seen.insert(candidate).inserted else { continue }
            if let provider = clientProvider(ofName: candidate, in: module, depth: depth + 1) { return provider }
            if module.imports.contains(where: { $0.local == candidate }),
               let imported = findImportedClient(named: candidate, in: module, depth: depth + 1)
            {
                return imported.provider
            }
        }
        return nil
    }

    /// The tokens of the value a module binds `name` to at its top level (`name = …`, `const name = …`): through the
    /// end of its statement, continuation lines that start with an operator (`.pipe(…)`, `| parser`) included.
    static func topLevelValue(of name: String, in lexed: LexedSource) -> Range<Int>? {
        let tokens = lexed.tokens
        guard let sign = tokens.indices.first(where: { index in
            tokens[index].block < 0 && tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.equals)
                && !lexed.token(index + 2, isPunctuation: Byte.equals) && lexed.text(index) == name
        }).map({ $0 + 1 }) else { return nil }
        return (sign + 1)..<statementEnd(from: sign + 1, in: lexed)
    }

    /// Where the expression starting at `start` ends: the end of its statement (a `;`, a line that does not start
    /// with an operator), or the bracket closing around it (`{ return model }`).
    static func statementEnd(from start: Int, in lexed: LexedSource) -> Int {
        let tokens = lexed.tokens
        var cursor = start
        while cursor < tokens.count {
            let token = tokens[cursor]
            if cursor > start, token.firstOnLine, token.kind != .punctuation { break }
            if lexed.token(cursor, isPunctuation: Byte.semicolon) { break }
            if lexed.partner[cursor] >= 0, lexed.partner[cursor] < cursor { break }
            let opens = lexed.token(cursor, isPunctuation: Byte.openParen) || lexed.token(cursor, isPunctuation: Byte.openBracket)
                || lexed.token(cursor, isPunctuation: Byte.openBrace)
            // A bracket's contents are part of the value, whatever lines they span.
            cursor = opens && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
        }
        return cursor
    }

    /// `model` for a name bound to `model.startChat()`; nil for a class or a plain function's result.
    private static func callRoot(_ typed: String) -> String? {
        guard typed.hasSuffix("()"), let dot = typed.utf8.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        return String(typed[..<dot])
    }
}

/// A client another module makes, as `importedClient` remembers it.
struct ImportedClient: Sendable {
    var provider: String
    var path: String
}
