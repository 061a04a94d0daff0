import GateCode

/// What a Java or Kotlin call's receiver is declared as, which says whose object it is where its name does not.
///
/// JVM code names its objects by what Spring injects (`private final ChatModel model;`, a constructor's `ChatModel llm`,
/// Kotlin's `private val model: ChatModel`): the name says nothing (`model.call(prompt)`), or something untrue (a
/// `chatModel` of the project's own class), while the declared type, read through the file's imports, says exactly
/// whose it is (`org.springframework.ai.chat.model.ChatModel`, or Spring AI 0.8's `org.springframework.ai.chat.ChatClient`
/// against 1.0's `org.springframework.ai.chat.client.ChatClient`).
enum DeclaredReceiver {
    /// The receiver is declared with a type an SDK's module exports: the type's import path stands for the receiver
    /// (`org.springframework.ai.chat.model.ChatModel.call`), and only the shapes of `providers`, those that module
    /// puts in scope, are matched along it.
    case sdkType(path: [Int], providers: [Int])
    /// The receiver is declared with a type of the project's own or of another library: no shape that spells the
    /// receiver's name applies, only those at most `members` segments long (the members called after it).
    /// `typesOwnValue`: the called method's receiver is a value of that type's own making, a result of one of its
    /// methods (`groups.values().stream()`, `counts.entrySet().stream()`) or a member of a standard library type
    /// (Kotlin's `groups.values.stream()`): no provider's object, so no one-word shape applies to it.
    case otherType(members: Int, typesOwnValue: Bool)
}

/// Where a type a Java or Kotlin file declares receivers with comes from.
enum DeclaredTypeOrigin {
    /// An SDK's module: the type's import path (its tokens) and the providers that module puts in scope.
    case sdk(path: [Int], providers: [Int])
    /// The project's own (declared in the file) or another library's (imported from a module no provider exports).
    case other
    /// Neither the file's imports nor its declarations say (a class of the same package).
    case unknown
}

/// A Java or Kotlin file's imports, and where each type its receivers are declared with comes from: read on the
/// first question, which most files never ask, and kept for the file's other calls.
final class JVMTypeTable {
    /// The identifier tokens of each single-type import's path, by the name it binds (its last segment, or Kotlin's
    /// `as` alias).
    private(set) var named: [String: [Int]] = [:]
    /// The identifier tokens of each on-demand import's package (`import org.springframework.ai.chat.*;`).
    private(set) var wildcards: [[Int]] = []
    private var importsRead = false
    /// Each type's origin, by the hash of its spelling (`ChatModel`, `ChatClient.Builder`).
    var origins: [UInt64: DeclaredTypeOrigin] = [:]

    /// Reads the file's import statements, once.
    func readImports(_ lexed: LexedSource) {
        guard !importsRead else { return }
        importsRead = true
        let tokens = lexed.tokens
        for index in lexed.keywordTokens where tokens[index].firstOnLine && lexed.token(index, is: "import") {
            // `import static …` binds a member, not a type.
            guard !lexed.token(index + 1, is: "static") else { continue }
            var path: [Int] = []
            var alias: Int?
            var wildcard = false
            var cursor = index + 1
            while cursor < tokens.count, tokens[cursor].line == tokens[index].line {
                if tokens[cursor].kind == .identifier {
                    if lexed.token(cursor, is: "as") {
                        if cursor + 1 < tokens.count, tokens[cursor + 1].kind == .identifier { alias = cursor + 1 }
                        break
                    }
                    path.append(cursor)
                } else if lexed.token(cursor, isPunctuation: Byte.star) {
                    wildcard = true
                    break
                } else if !lexed.token(cursor, isPunctuation: Byte.dot) {
                    break
                }
                cursor += 1
            }
            guard let last = path.last else { continue }
            if wildcard {
                wildcards.append(path)
            } else {
                named[lexed.text(alias ?? last)] = path
            }
        }
    }
}

extension SiteFinder {
    /// What the receiver of the call along `path` (its plain name, or `this.` + a field) is declared as where `call`
    /// is made; nil when the file shows no declaration of it, or one whose type it cannot place (a class of the same
    /// package, a type from another package's wildcard import): the receiver's name is then all there is.
    func declaredReceiver(of path: [Int], call: Int) -> DeclaredReceiver? {
        let receiver = isObjectItself(path[0]) ? 1 : 0
        guard path.count >= receiver + 2 else { return nil }
        // Variables are lowerCamelCase; a capitalised receiver is a type called statically (`Customer.create(params)`):
        // one the file imports from a module no SDK exports, or declares, is called for its own method
        // (`StreamSupport.stream(it, false)`, `Arrays.stream(rows)` beside LangChain4j).
        let first = lexed.bytes[lexed.tokens[path[receiver]].start]
        if first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") {
            guard receiver == 0, path.count == 2, case .other = memoisedOrigin(ofType: [path[0]]) else { return nil }
            return .otherType(members: 1, typesOwnValue: false)
        }
        guard let type = declaredType(ofReceiver: path[receiver], at: call) else {
            // A lambda's untyped parameter (`flatMap { it.stream() }`, `lists.map(list -> list.stream())`) is an element
            // of a collection: a method called on it with nothing to send (`stream()`) is no model's call.
            if receiver == 0, path.count == 2, lexed.token(call + 1, isPunctuation: Byte.openParen), lexed.partner[call + 1] == call + 2,
               isUntypedLambdaParameter(path[0], at: call)
            {
                return .otherType(members: 1, typesOwnValue: true)
            }
            return nil
        }
        switch memoisedOrigin(ofType: type) {
        case .sdk(let module, let providers): return .sdkType(path: module + path[(receiver + 1)...], providers: providers)
        case .other:
            let members = path.count - receiver - 1
            // A getter of the project's own class declared to return an SDK's model (`config.getModel().generate(q)`
            // of `ChatLanguageModel getModel()`) hands the call that model.
            if members == 2, let getterType = sdkTypeReturned(byGetter: path[receiver + 1], ofType: type, method: path[path.count - 1]) {
                return getterType
            }
            // A method's result on the way (`values()` of `groups.values().stream()`): the type's method, not an SDK's,
            // made it.
            let throughCall = members >= 2 && path[(receiver + 1)..<(path.count - 1)].contains { lexed.token($0 + 1, isPunctuation: Byte.openParen) }
            return .otherType(members: members, typesOwnValue: throughCall || (members >= 2 && isStandardLibraryType(type)))
        case .unknown: return nil
        }
    }

    /// What the receiver of `getter()` is (the call's tokens: `getModel` of `config.getModel().generate(q)`), when the
    /// project class `type` declares that getter, without arguments, to return an SDK's type: that SDK's type, through
    /// this file's import of it when it has one, else the method alone. Nil when the getter returns no SDK's type, or
    /// no file shows it.
    private func sdkTypeReturned(byGetter getter: Int, ofType type: [Int], method: Int) -> DeclaredReceiver? {
        guard let code, lexed.token(getter + 1, isPunctuation: Byte.openParen), lexed.partner[getter + 1] == getter + 2,
              let last = type.last
        else { return nil }
        jvmTypes.readImports(lexed)
        let imported = jvmTypes.named[lexed.text(type[0])].map { ($0 + type.dropFirst()).map { lexed.text($0) }.joined(separator: ".") }
        guard let returned = code.jvmReturnType(ofGetter: lexed.text(getter), inClass: lexed.text(last), imported: imported, from: path)
        else { return nil }
        let exporting = catalogue.providers(importing: CompiledCatalogue.normalizeModule(Array(returned.utf8)))
        guard !exporting.isEmpty else { return nil }
        let simple = returned.split(separator: ".").last.map(String.init) ?? returned
        if let own = jvmTypes.named[simple], own.map({ lexed.text($0) }).joined(separator: ".") == returned {
            return .sdkType(path: own + [method], providers: exporting)
        }
        // The type imported only there: the method alone is matched, against that SDK's shapes.
        return .sdkType(path: [method], providers: exporting)
    }

    /// Whether the name at `name` is, where `call` is made, a lambda's parameter declared without a type: Kotlin's
    /// implicit `it`, or the name before a lambda's `->` (`list -> …`, `(key, list) -> …`, Kotlin's `{ list -> …`).
    private func isUntypedLambdaParameter(_ name: Int, at call: Int) -> Bool {
        if lexed.language == .kotlin, lexed.token(name, is: "it") { return true }
        let tokens = lexed.tokens
        var nearest: Int?
        for other in occurrences.positionsScanning(of: name, in: lexed) where other < name && !isMemberName(other) {
            if nearest.map({ other > $0 }) ?? true { nearest = other }
        }
        guard let declaration = nearest else { return false }
        // Past the other parameters' names and commas (and a list's closing paren) to the arrow.
        var cursor = declaration + 1
        while cursor < min(tokens.count, declaration + 12) {
            if lexed.token(cursor, is: "->") { return cursor < call }
            guard tokens[cursor].kind == .identifier || lexed.token(cursor, isPunctuation: Byte.comma)
                    || lexed.token(cursor, isPunctuation: Byte.closeParen)
            else { return false }
            cursor += 1
        }
        return false
    }

    /// `origin(ofType:)`, kept for the file's other calls on receivers of the same type.
    private func memoisedOrigin(ofType type: [Int]) -> DeclaredTypeOrigin {
        let key = byteHash(lexed.bytes, lexed.tokens[type[0]].start..<lexed.tokens[type[type.count - 1]].end, lowercased: false)
        if let known = jvmTypes.origins[key] { return known }
        let found = origin(ofType: type)
        jvmTypes.origins[key] = found
        return found
    }

    /// Where the type spelled by the tokens `type` comes from: its own qualified path, the single-type import of its
    /// first segment (`ChatClient` of `ChatClient.Builder`), a declaration of the file, or a provider's package the
    /// file imports on demand.
    private func origin(ofType type: [Int]) -> DeclaredTypeOrigin {
        jvmTypes.readImports(lexed)
        let first = lexed.bytes[lexed.tokens[type[0]].start]
        var module: [Int]?
        if type.count > 1, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") {
            // `org.springframework.ai.chat.model.ChatModel model`: a package's name is lowercase.
            module = type
        } else if let path = jvmTypes.named[lexed.text(type[0])] {
            module = path + type.dropFirst()
        } else if declaresType(type[0]) || (type.count == 1 && builtinTypes(of: lexed.language).contains(lexed.bytes[lexed.tokens[type[0]].start..<lexed.tokens[type[0]].end])) {
            return .other
        } else {
            module = jvmTypes.wildcards.first { !providers(importing: $0).isEmpty }.map { $0 + type }
        }
        guard let module else { return .unknown }
        let exporting = providers(importing: module)
        return exporting.isEmpty ? .other : .sdk(path: module, providers: exporting)
    }

    /// The providers whose SDK the module spelled by the tokens `path` lies under.
    private func providers(importing path: [Int]) -> [Int] {
        catalogue.providers(importing: CompiledCatalogue.normalizeModule(Array(path.map { lexed.text($0) }.joined(separator: ".").utf8)))
    }

    /// The tokens of the type (`ChatModel`, `ChatClient.Builder`, a qualified `org.springframework.ai….ChatModel`)
    /// the name at `name` is declared with by the innermost declaration in scope at `call`: a field, a parameter (of
    /// a method, a constructor, a Kotlin primary constructor, a lambda, a for-each) or a local.
    private func declaredType(ofReceiver name: Int, at call: Int) -> [Int]? {
        var best: (scope: Int, type: [Int])?
        for other in occurrences.positionsScanning(of: name, in: lexed) where other != name && !isMemberName(other) {
            guard let type = lexed.jvmDeclaredType(ofNameAt: other) else { continue }
            let scope = visibility(ofDeclarationAt: other)
            guard scope.contains(call), best.map({ scope.lowerBound > $0.scope }) ?? true else { continue }
            best = (scope.lowerBound, type)
        }
        return best?.type
    }

    /// The tokens a declaration at `index` is visible in: the block it is declared in, or, for a parameter (or a
    /// for-each, catch or try-with-resources variable), the body its parenthesised list heads; a lambda's expression
    /// body runs to the end of its statement, Kotlin's expression body (`fun f(m: ChatModel) = m.call(…)`) to the end
    /// of the enclosing block, and an abstract method's parameters are visible nowhere.
    private func visibility(ofDeclarationAt index: Int) -> ClosedRange<Int> {
        let tokens = lexed.tokens
        var block = tokens[index].block
        // The innermost list: a lambda's parameters inside a call's arguments (`forEach((ChatModel m) -> …)`).
        let list = block >= 0 && lexed.blocks[block].opener == .paren ? block : nil
        while block >= 0, lexed.blocks[block].opener == .paren { block = lexed.blocks[block].parent }
        let enclosing = block >= 0 ? lexed.span(of: block) : 0...max(0, tokens.count - 1)
        guard let list else { return enclosing }
        let close = lexed.blocks[list].endToken
        var cursor = close + 1
        // Past a return type, `throws` clause or Kotlin supertype (`: Base(x)`) to the body's brace; not into the
        // next declaration, when this one has none (an abstract method, a Kotlin class without a body).
        while cursor < min(tokens.count, close + 40) {
            if lexed.token(cursor, isPunctuation: Byte.openBrace) {
                return lexed.partner[cursor] > cursor ? cursor...lexed.partner[cursor] : enclosing
            }
            if lexed.token(cursor, isPunctuation: Byte.equals) { return close...max(close, enclosing.upperBound) }
            if lexed.token(cursor, isPunctuation: Byte.semicolon) || lexed.token(cursor, isPunctuation: Byte.closeBrace)
                || lexed.token(cursor, isPunctuation: Byte.at)
                || Self.declarationKeywords.contains(lexed.bytes[tokens[cursor].start..<tokens[cursor].end])
            {
                break
            }
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] }
            cursor += 1
        }
        return close...max(close, cursor)
    }

    /// Whether the type spelled by the tokens `type` is the language's own: one named without an import (`String`,
    /// Kotlin's `Map`) or imported from `java.`, `javax.` or `kotlin.` (`java.util.Map`). Its members (a map's
    /// `values`) hold no provider's object the file could have put there by name.
    private func isStandardLibraryType(_ type: [Int]) -> Bool {
        if type.count == 1, builtinTypes(of: lexed.language).contains(lexed.bytes[lexed.tokens[type[0]].start..<lexed.tokens[type[0]].end]) {
            return true
        }
        jvmTypes.readImports(lexed)
        let root = jvmTypes.named[lexed.text(type[0])]?.first ?? type[0]
        return lexed.token(root, is: "java") || lexed.token(root, is: "javax") || lexed.token(root, is: "kotlin")
    }

    /// The types a Java or Kotlin file names without importing them (`java.lang`'s, Kotlin's collections): no SDK's.
    private func builtinTypes(of language: SourceLanguage) -> WordSet {
        language == .kotlin ? Self.kotlinBuiltinTypes : Self.javaBuiltinTypes
    }

    private static let javaBuiltinTypes = WordSet(["String", "Object", "Iterable", "StringBuilder", "CharSequence", "Integer", "Long"])
    private static let kotlinBuiltinTypes = WordSet([
        "String", "Any", "List", "MutableList", "Map", "MutableMap", "Set", "MutableSet", "Collection", "Iterable",
        "Sequence", "Array", "ArrayList", "HashMap", "StringBuilder",
    ])

    private static let declarationKeywords = WordSet(["class", "interface", "enum", "record", "object", "fun"])

    /// Whether the file declares a type named like the token at `name` (`class ChatModel`, `record ChatModel(…)`).
    private func declaresType(_ name: Int) -> Bool {
        occurrences.positionsScanning(of: name, in: lexed).contains { other in
            let before = other - 1
            return before >= 0 && lexed.tokens[before].kind == .identifier
                && Self.declarationKeywords.contains(lexed.bytes[lexed.tokens[before].start..<lexed.tokens[before].end])
        }
    }
}

extension LexedSource {
    /// The tokens of the type the identifier at `index` is declared with, when it is declared there: Java's `Type
    /// name` before `;`, `=`, `)`, `,` or a for-each's `:` (a field, a parameter, a local), Kotlin's `name: Type` (a
    /// property, a parameter); the type qualified or not (`ChatClient.Builder`, `org.springframework.ai….ChatModel`).
    /// A generic type is its raw type (`List<EmbeddingMatch<TextSegment>> matches` is a `List`: its arguments are not
    /// read), and Java's `var` local takes the type it is made with (`var rows = new ArrayList<String>()`).
    func jvmDeclaredType(ofNameAt index: Int) -> [Int]? {
        if language == .kotlin {
            guard token(index + 1, isPunctuation: Byte.colon), !token(index + 2, isPunctuation: Byte.colon),
                  startsTypeName(index + 2)
            else { return nil }
            var type = [index + 2]
            while let last = type.last, token(last + 1, isPunctuation: Byte.dot), isIdentifierToken(last + 2) { type.append(last + 2) }
            return type
        }
        guard language == .java else { return nil }
        if token(index - 1, is: "var"), token(index + 1, isPunctuation: Byte.equals), token(index + 2, is: "new"), startsTypeName(index + 3) {
            var type = [index + 3]
            while let last = type.last, token(last + 1, isPunctuation: Byte.dot), isIdentifierToken(last + 2) { type.append(last + 2) }
            return type
        }
        let typeEnd = token(index - 1, isPunctuation: Byte.greater) ? rawTypeEnd(closingTypeArgumentsAt: index - 1) : index - 1
        guard let typeEnd, startsTypeName(typeEnd),
              token(index + 1, isPunctuation: Byte.semicolon) || token(index + 1, isPunctuation: Byte.closeParen)
                || token(index + 1, isPunctuation: Byte.comma) || token(index + 1, isPunctuation: Byte.colon)
                // `==` compares; it declares nothing.
                || (token(index + 1, isPunctuation: Byte.equals) && !token(index + 2, isPunctuation: Byte.equals))
        else { return nil }
        var type = [typeEnd]
        while let first = type.first, token(first - 1, isPunctuation: Byte.dot), isIdentifierToken(first - 2) { type.insert(first - 2, at: 0) }
        return type
    }

    /// The token before the `<` that opens the type arguments closing at `close` (`List` of `List<Map<K, V>>`): nil
    /// when anything but names, dots, commas, wildcards, array brackets and angle brackets lies between (`a < b && c >
    /// d` compares), or the arguments run past a few dozen tokens.
    private func rawTypeEnd(closingTypeArgumentsAt close: Int) -> Int? {
        var depth = 0
        var cursor = close
        while cursor >= 0, close - cursor < 48 {
            if token(cursor, isPunctuation: Byte.greater) {
                depth += 1
            } else if token(cursor, isPunctuation: Byte.less) {
                depth -= 1
                if depth == 0 { return cursor - 1 }
            } else if tokens[cursor].kind != .identifier, !token(cursor, isPunctuation: Byte.dot),
                      !token(cursor, isPunctuation: Byte.comma), !token(cursor, isPunctuation: Byte.question),
                      !token(cursor, isPunctuation: Byte.openBracket), !token(cursor, isPunctuation: Byte.closeBracket)
            {
                return nil
            }
            cursor -= 1
        }
        return nil
    }

    /// Whether the token at `index` is an identifier starting with a capital letter, as JVM type names do.
    private func startsTypeName(_ index: Int) -> Bool {
        isIdentifierToken(index) && bytes[tokens[index].start] >= UInt8(ascii: "A") && bytes[tokens[index].start] <= UInt8(ascii: "Z")
    }

    private func isIdentifierToken(_ index: Int) -> Bool { index >= 0 && index < tokens.count && tokens[index].kind == .identifier }
}
