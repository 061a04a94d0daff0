import GateCore

extension CodeIndex {
    /// The qualified name of the type a project class's getter is declared to return, as the declaring file imports it
    /// (`dev.langchain4j.model.chat.ChatLanguageModel` for `config.getModel()` of `public ChatLanguageModel getModel()`
    /// in AiConfig.java, or Kotlin's `fun getModel(): ChatModel`), the class found where the calling file at `path`
    /// would: the file itself, the file its import `imported` names (`com.acme.config.AiConfig`), or its package.
    /// Nil when no project file declares the getter with a return type it imports. Remembered by class and getter.
    public func jvmReturnType(ofGetter getter: String, inClass type: String, imported: String?, from path: String) -> String? {
        project.configuration("jvm-getter\u{0}" + (imported ?? type) + "\u{0}" + getter + "\u{0}" + (imported == nil ? path : "")) { () -> String? in
            var files: [String] = [path]
            if let imported {
                let stem = imported.replacingOccurrences(of: ".", with: "/")
                files += project.paths.filter { file in
                    (file.hasSuffix(stem + ".java") || file.hasSuffix(stem + ".kt"))
                        && (file.count == stem.count + 5 || file.count == stem.count + 3 || file.hasSuffix("/" + stem + ".java")
                            || file.hasSuffix("/" + stem + ".kt"))
                }
            } else if let language = project.language(of: path) {
                files += language.resolver.files(forType: type, from: path, project: project).filter { $0 != path }
            }
            for file in files.prefix(4) {
                guard let lexed = lexedFile(file), let returned = Self.jvmReturnType(ofMethod: getter, inClass: type, in: lexed)
                else { continue }
                return Self.jvmImportedName(of: returned, in: lexed)
            }
            return nil
        }
    }

    /// The simple name of the type the method `method` of the class `type` is declared to return in `lexed`: Java's
    /// `ChatLanguageModel getModel(`, Kotlin's `fun getModel(): ChatModel`.
    static func jvmReturnType(ofMethod method: String, inClass type: String, in lexed: LexedSource) -> String? {
        let tokens = lexed.tokens
        // The class's body: the brace after `class Type` (or `record`, `object`).
        guard let declaration = tokens.indices.first(where: { index in
            tokens[index].kind == .identifier && lexed.text(index) == type
                && (lexed.token(index - 1, is: "class") || lexed.token(index - 1, is: "record") || lexed.token(index - 1, is: "object"))
        }) else { return nil }
        var open = declaration + 1
        while open < tokens.count, !lexed.token(open, isPunctuation: Byte.openBrace) {
            if lexed.token(open, isPunctuation: Byte.semicolon) { return nil }
            open += 1
        }
        guard open < tokens.count, lexed.partner[open] > open else { return nil }
        for index in (open + 1)..<lexed.partner[open] where tokens[index].kind == .identifier
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.text(index) == method
        {
            if lexed.language == .kotlin {
                let close = lexed.partner[index + 1]
                guard lexed.token(index - 1, is: "fun"), close > index, lexed.token(close + 1, isPunctuation: Byte.colon),
                      close + 2 < tokens.count, tokens[close + 2].kind == .identifier
                else { continue }
                return lexed.text(close + 2)
            }
            // Java: the return type right before the name (a generic one's raw type is not read).
            guard index >= 1, tokens[index - 1].kind == .identifier, !lexed.token(index - 2, isPunctuation: Byte.dot),
                  !lexed.token(index - 1, is: "new"), !lexed.token(index - 1, is: "return")
            else { continue }
            return lexed.text(index - 1)
        }
        return nil
    }

    /// The qualified name `lexed`'s single-type import gives the simple name `type`; nil when it imports none.
    static func jvmImportedName(of type: String, in lexed: LexedSource) -> String? {
        let tokens = lexed.tokens
        for index in lexed.keywordTokens where tokens[index].firstOnLine && lexed.token(index, is: "import") {
            var names: [String] = []
            var cursor = index + 1
            while cursor < tokens.count, tokens[cursor].line == tokens[index].line {
                if tokens[cursor].kind == .identifier {
                    names.append(lexed.text(cursor))
                } else if !lexed.token(cursor, isPunctuation: Byte.dot) {
                    break
                }
                cursor += 1
            }
            if names.last == type, names.count > 1 { return names.joined(separator: ".") }
        }
        return nil
    }
}
