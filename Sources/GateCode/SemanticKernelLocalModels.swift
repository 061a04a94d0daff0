import GateCore

extension CodeIndex {
    /// Whether Semantic Kernel's calls (`kernel.InvokePromptAsync`, `GetChatMessageContentAsync`) can only reach models
    /// that run on the team's own machines: the project registers its kernel's model connectors
    /// (`AddOllamaChatCompletion(…)`, Python's `OllamaChatCompletion(…)`, Java's `OllamaChatCompletion.builder()`), and
    /// every one of them is a local connector (Ollama, ONNX) or an OpenAI connector given a base URL on this machine
    /// (`AddOpenAIChatCompletion("llama3", new Uri("http://localhost:11434/v1"), …)`). The kernel bills nothing itself;
    /// its connectors do. A connector the names do not tell apart counts as paid. Read once.
    public func semanticKernelModelsRunLocally() -> Bool {
        project.configuration("semantic-kernel-models-run-locally") { () -> Bool in
            var local = false
            for path in project.paths where Self.mayRegisterKernelConnectors(path) {
                guard let bytes = project.contents(of: path),
                      Self.connectorSuffixes.contains(where: { ByteSearch.containsFolded(bytes, Array($0.utf8)) }),
                      let language = SourceLanguage(path: path)
                else { continue }
                let lexed = Lexer.lex(bytes, language: language)
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
                    guard let vendor = Self.connectorVendor(lexed.text(index)),
                          lexed.token(index + 1, isPunctuation: Byte.openParen) || lexed.token(index + 1, isPunctuation: Byte.dot)
                    else { continue }
                    if Self.localVendors.contains(where: vendor.contains) {
                        local = true
                    } else if vendor.contains("openai"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                              Self.argumentsNameLoopback(lexed, open: index + 1)
                    {
                        local = true
                    } else {
                        return false
                    }
                }
            }
            return local
        }
    }

    /// The catalogue's provider whose calls `semanticKernelModelsRunLocally` makes free.
    public static let semanticKernelFramework = "semantic-kernel"

    /// Source files that may register a kernel's connectors: C#, Python and JVM code outside tests and build output.
    private static func mayRegisterKernelConnectors(_ path: String) -> Bool {
        guard path.hasSuffix(".cs") || path.hasSuffix(".py") || path.hasSuffix(".java") || path.hasSuffix(".kt") else { return false }
        return !path.contains("/bin/") && !path.contains("/obj/") && !path.contains("/node_modules/")
    }

    /// How the registrations of a kernel's model connectors end (`AddOllamaChatCompletion`, `OpenAIChatCompletion`,
    /// `AddAzureOpenAITextEmbeddingGeneration`, `OllamaTextEmbedding`, `AddOnnxRuntimeGenAIChatCompletion`).
    private static let connectorSuffixes = [
        "ChatCompletion", "ChatCompletionService", "TextEmbeddingGeneration", "TextEmbeddingGenerationService",
        "EmbeddingGenerator", "TextEmbedding", "TextGeneration", "TextToImage",
    ]

    /// Vendors whose connectors run the model on a machine of the team's.
    private static let localVendors = ["ollama", "onnx"]

    /// The vendor a connector registration names, lowercased (`ollama` of `AddOllamaChatCompletion`, `azureopenai` of
    /// `AzureOpenAIChatCompletion`); nil for a name that is none (`IChatCompletionService`, `ChatCompletionAgent`).
    private static func connectorVendor(_ name: String) -> String? {
        guard let suffix = connectorSuffixes.filter({ name.hasSuffix($0) }).max(by: { $0.count < $1.count }) else { return nil }
        var vendor = name.dropLast(suffix.count)
        if vendor.hasPrefix("Add") { vendor = vendor.dropFirst(3) }
        // An interface (`IChatCompletion…`), or a name with no vendor before the suffix.
        guard let first = vendor.first, first.isUppercase, !(vendor.count == 1 && first == "I") else { return nil }
        return vendor.lowercased()
    }

    /// Whether a string among the call's arguments is an `http(s)` URL of this machine (`http://localhost:11434/v1`).
    static func argumentsNameLoopback(_ lexed: LexedSource, open: Int) -> Bool {
        guard lexed.partner[open] > open else { return false }
        return (open + 1..<lexed.partner[open]).contains { index in
            lexed.tokens[index].kind == .string && isLoopbackURL(lexed.text(index))
        }
    }

    /// Whether `text` is an `http` URL of this machine (`http://localhost:11434/v1`, `http://127.0.0.1:8080`).
    static func isLoopbackURL(_ text: String) -> Bool {
        let text = text.lowercased()
        return text.hasPrefix("http://localhost") || text.hasPrefix("http://127.") || text.hasPrefix("http://0.0.0.0")
            || text.hasPrefix("http://host.docker.internal")
    }
}
