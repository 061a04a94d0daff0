import GateCore

/// LangChain4j's declarative AI services: an interface the framework implements with model calls, so every call on
/// it is one (`assistant.chat(message)` on an `Assistant` declared `@AiService`, Quarkus's `@RegisterAiService`, or
/// made by `AiServices.create(Assistant.class, model)` / `AiServices.builder(Assistant.class)`). The interface has no
/// body to follow: the call itself is the paid leaf.
extension CodeIndex {
    /// The LangChain4j provider of the catalogue, which these calls bill through.
    static let declarativeAIServiceProvider = "langchain"
    private static let langchain4jWord = Array("langchain4j".utf8)
    private static let aiServiceWords = ["aiservice", "registeraiservice", "aiservices"].map { Array($0.utf8) }

    /// What a Java or Kotlin call on a declarative AI service reaches: the model call the framework makes for it. Nil
    /// for any other call, or when the project's models all run locally.
    func declarativeAIServiceReach(of call: CallFact, in facts: FileFacts) -> PaidReach? {
        guard facts.language == .java || facts.language == .kotlin,
              let name = Self.receiver(of: call).names.last, let type = facts.typedNames[name]
        else { return nil }
        let services = declarativeAIServices()
        let bare = facts.language.resolver.lastSegment(of: type)
        guard services.contains(bare), !jvmModelsRunLocally() else { return nil }
        return PaidReach(
            provider: Self.declarativeAIServiceProvider, hops: [], leaf: "\(bare).\(call.name) (LangChain4j AI service)",
            background: nil, repeats: false)
    }

    /// The names of the project's declarative AI service interfaces; read once, only from files naming them, and
    /// only in a project whose build (pom.xml, build.gradle) names LangChain4j.
    func declarativeAIServices() -> Set<String> {
        project.configuration("declarative-ai-services") { () -> Set<String> in
            var names = Set<String>()
            let builds = ["pom.xml", "build.gradle", "build.gradle.kts"].flatMap { project.paths(named: $0) }
            guard builds.contains(where: { project.contents(of: $0).map { ByteSearch.containsFolded($0, Self.langchain4jWord) } == true })
            else { return names }
            for path in project.paths where path.hasSuffix(".java") || path.hasSuffix(".kt") {
                guard let bytes = project.contents(of: path),
                      Self.aiServiceWords.contains(where: { ByteSearch.containsFolded(bytes, $0) }),
                      let lexed = lexedFile(path)
                else { continue }
                let tokens = lexed.tokens
                for index in tokens.indices where tokens[index].kind == .identifier {
                    if (lexed.token(index, is: "AiService") || lexed.token(index, is: "RegisterAiService")),
                       lexed.token(index - 1, isPunctuation: Byte.at)
                    {
                        // The interface the annotation is on: `@AiService(…) public interface Assistant {`.
                        var cursor = index + 1
                        while cursor < min(tokens.count - 1, index + 60), !lexed.token(cursor, is: "interface") {
                            cursor = lexed.token(cursor, isPunctuation: Byte.openParen) && lexed.partner[cursor] > cursor
                                ? lexed.partner[cursor] + 1 : cursor + 1
                        }
                        if lexed.token(cursor, is: "interface"), cursor + 1 < tokens.count, tokens[cursor + 1].kind == .identifier {
                            names.insert(lexed.text(cursor + 1))
                        }
                    } else if lexed.token(index, is: "AiServices"), lexed.token(index + 1, isPunctuation: Byte.dot),
                              lexed.token(index + 2, is: "create") || lexed.token(index + 2, is: "builder"),
                              lexed.token(index + 3, isPunctuation: Byte.openParen), index + 4 < tokens.count,
                              tokens[index + 4].kind == .identifier,
                              lexed.token(index + 5, isPunctuation: Byte.dot) || lexed.token(index + 5, is: "::")
                    {
                        // `AiServices.create(Assistant.class, model)`, Kotlin's `Assistant::class.java`.
                        names.insert(lexed.text(index + 4))
                    }
                }
            }
            return names
        }
    }
}
