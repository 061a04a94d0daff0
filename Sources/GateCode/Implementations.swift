import GateCore

/// The classes that implement each interface, for languages whose services are injected by interface
/// (`public function __construct(private AIProvider $ai)`, `private final ChatService chatService;`,
/// `ITHChatCompletionService service`): a call on such a receiver runs the implementation's method.
extension CodeIndex {
    /// Languages whose code is injected by interface, and so worth reading whole for implementations.
    static let injectsByInterface: Set<SourceLanguage> = [.java, .kotlin, .csharp, .php]
    /// NestJS's and Angular's `@Inject(TOKEN)`, tsyringe's and InversifyJS's `@inject(TOKEN)`: the TypeScript way of
    /// injecting an interface (lower case, as `ByteSearch.containsFolded` matches either).
    static let injectDecorator = Array("@inject(".utf8)

    /// Whether a TypeScript file uses a framework that injects services by interface (NestJS, Angular, and the
    /// containers tsyringe, InversifyJS and TypeDI: `@inject(TYPES.Llm) private llm: LlmService`): its calls on an
    /// interface-typed value run the classes that implement it. Other TypeScript is not read for them.
    static func injectsByToken(_ facts: FileFacts) -> Bool {
        facts.language == .typescript && facts.imports.contains { binding in
            injectingModules.contains { binding.module == $0 || binding.module.hasPrefix($0 + "/") }
        }
    }

    /// The modules, and packages (with their scopes' subpaths), of the TypeScript frameworks that inject by token.
    private static let injectingModules = ["@nestjs", "@angular", "tsyringe", "inversify", "@inversifyjs", "typedi"]

    /// Whether a package.json of the project (outside node_modules) depends on one of those frameworks: in a project
    /// that does not, no TypeScript file is searched for `@Inject(`. Read once.
    func injectsByTokenInProject() -> Bool {
        project.configuration("typescript-injects-by-token") { () -> Bool in
            let frameworks = ["@nestjs/core", "@angular/core", "\"tsyringe\"", "\"inversify\"", "\"typedi\""].map { Array($0.utf8) }
            return project.packageManifests().contains { path in
                project.contents(of: path).map { bytes in
                    frameworks.contains { ByteSearch.containsFolded(bytes, $0) }
                } == true
            }
        }
    }

    /// What a class declaring an interface it implements holds, in the languages that say it with a word (C# and
    /// Kotlin say it with a colon): a file without it is not decoded.
    private static let implementsWord = Array("implements".utf8)

    /// The classes of the tree (path, class name) that declare they implement `interface` (its last segment).
    func implementations(of interface: String, language: SourceLanguage) -> [(path: String, type: String)] {
        guard Self.injectsByInterface.contains(language) || language == .typescript else { return [] }
        let index = project.configuration("implementations:" + language.rawValue) { () -> [String: [Implementation]] in
            var index: [String: [Implementation]] = [:]
            for path in project.paths where SourceLanguage(path: path) == language {
                guard let bytes = project.contents(of: path),
                      language == .csharp || language == .kotlin || ByteSearch.containsFolded(bytes, Self.implementsWord)
                else { continue }
                for (type, interfaces) in Self.declaredImplementations(in: bytes, language: language) {
                    for name in interfaces { index[name, default: []].append(Implementation(path: path, type: type)) }
                }
            }
            return index
        }
        return (index[interface] ?? []).map { ($0.path, $0.type) }
    }

    struct Implementation: Sendable {
        let path: String
        let type: String
    }

    /// Each class the bytes declare with the types it lists as implemented or extended: `class OpenAIProvider
    /// implements AIProvider`, `public class ChatServiceImpl implements ChatService, Closeable`, C#'s and Kotlin's
    /// `class LlmService : ILlmService`, with a primary constructor before the list in Kotlin and C# 12. Read from the text around the word `class`, without lexing.
    static func declaredImplementations(in bytes: [UInt8], language: SourceLanguage) -> [(String, [String])] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("class ") else { return [] }
        var result: [(String, [String])] = []
        var rest = text[...]
        while let found = rest.range(of: "class ") {
            defer { rest = rest[found.upperBound...] }
            // The word `class` itself, not the end of another word (`subclass `).
            if found.lowerBound > text.startIndex, let before = text[..<found.lowerBound].last, before.isLetter || before.isNumber || before == "_" {
                continue
            }
            // Kotlin's and C# 12's primary constructors open a parenthesis before the implemented types.
            let hasPrimaryConstructors = language == .kotlin || language == .csharp
            let header = text[found.upperBound...].prefix { $0 != "{" && $0 != ";" && ($0 != "(" || hasPrimaryConstructors) }
            let name = header.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !name.isEmpty, let first = name.first, first.isUppercase else { continue }
            var listed = header.dropFirst(name.count)
            // A primary constructor (Kotlin's `class ChatService(private val client: OpenAI) : Chat`, C#'s
            // `class ClaudeSummarizer(AnthropicClient client) : ISummarizer`) may hold colons too.
            if listed.first == "(" {
                var depth = 0
                let close = listed.firstIndex { character in
                    if character == "(" { depth += 1 } else if character == ")" { depth -= 1 }
                    return depth == 0
                }
                guard let close else { continue }
                listed = listed[listed.index(after: close)...]
            }
            if let implements = listed.range(of: "implements ") {
                listed = listed[implements.upperBound...]
            } else if language == .csharp || language == .kotlin, let colon = listed.firstIndex(of: ":") {
                listed = listed[listed.index(after: colon)...]
            } else {
                continue
            }
            // `AIProvider, Closeable`, `Base(), IChat where T : class`: the names, without generic arguments.
            let names = listed.split(whereSeparator: { $0 == "," }).compactMap { entry -> String? in
                let trimmed = entry.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
                let word = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "\\" }
                let bare = word.split(whereSeparator: { $0 == "." || $0 == "\\" }).last.map(String.init)
                return bare.flatMap { $0.isEmpty ? nil : $0 }
            }
            if !names.isEmpty { result.append((String(name), names)) }
        }
        return result
    }
}
