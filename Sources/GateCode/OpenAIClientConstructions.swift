import GateCore

/// A wrapper that holds an OpenAI client it is handed (`type Summarizer struct{ Client *openai.Client }`, a C# service
/// taking `ChatClient chat` by injection) sends wherever the client was made for, which its own file does not say. Made
/// in `main.go` or `Program.cs` for a server on this machine (`cfg.BaseURL = "http://localhost:11434/v1"`, `new
/// OpenAIClientOptions { Endpoint = new Uri("http://localhost:11434/v1") }`), its calls spend nothing: when every
/// client of the SDK the project makes is made so. One made for OpenAI's own API anywhere (`openai.NewClient(key)`,
/// `new ChatClient("gpt-4o", key)`), or with a base the code does not spell out, keeps every call paid.
extension CodeIndex {
    /// Whether every OpenAI SDK client the project's Go or C# code constructs (at least one) is given a base URL on
    /// this machine as a literal (`argumentsNameLoopback`). Go's test files are left out: a test's client serves no
    /// request. Read once per language.
    public func openAIClientsRunLocally(_ language: SourceLanguage) -> Bool {
        switch language {
        case .go: return project.configuration("go-openai-clients-run-locally") { goOpenAIClientsRunLocally() }
        case .csharp: return project.configuration("dotnet-openai-clients-run-locally") { dotNetOpenAIClientsRunLocally() }
        default: return false
        }
    }

    /// The catalogue's provider whose SDK calls `openAIClientsRunLocally` makes free.
    public static let openAIClientProvider = "openai"

    /// go-openai (`openai.NewClientWithConfig(cfg)` after `cfg.BaseURL = "http://localhost:11434/v1"`, or given a
    /// `ClientConfig{BaseURL: …}`) and openai-go (`openai.NewClient(option.WithBaseURL("http://localhost:11434/v1"))`).
    /// go-openai's `NewClient(token)`, `NewOrgClient` and `NewAzureClient` always reach a paid API.
    private func goOpenAIClientsRunLocally() -> Bool {
        var local = false
        for path in project.paths where path.hasSuffix(".go") && !path.hasSuffix("_test.go") && !path.hasPrefix("vendor/")
            && !path.contains("/vendor/")
        {
            guard let bytes = project.contents(of: path) else { continue }
            let community = ByteSearch.containsFolded(bytes, Self.goOpenAIModule)
            let official = ByteSearch.containsFolded(bytes, Self.officialGoModule)
            guard community || official, let lexed = lexedFile(path) else { continue }
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
                && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.isIdentifier(index - 2)
                && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
            {
                let name = lexed.text(index)
                guard name.hasPrefix("New"), name.hasSuffix("Client") || name == "NewClientWithConfig",
                      lexed.text(index - 2).lowercased().contains("openai")
                else { continue }
                let open = index + 1
                if community, name == "NewClientWithConfig" {
                    guard Self.goConfigIsLocal(lexed, open: open) else { return false }
                } else if official, !community, name == "NewClient" {
                    guard Self.argumentsNameLoopback(lexed, open: open) else { return false }
                } else {
                    return false
                }
                local = true
            }
        }
        return local
    }

    /// Whether the configuration handed to `NewClientWithConfig(` at `open` sets a base URL on this machine: a
    /// `ClientConfig{BaseURL: "http://localhost…"}` literal, or a variable of the file given one
    /// (`cfg.BaseURL = "http://localhost:11434/v1"`).
    private static func goConfigIsLocal(_ lexed: LexedSource, open: Int) -> Bool {
        let close = lexed.partner[open]
        if argumentsNameLoopback(lexed, open: open) { return true }
        guard close == open + 2, lexed.isIdentifier(open + 1) else { return false }
        let variable = lexed.text(open + 1)
        return lexed.tokens.indices.contains { index in
            lexed.token(index, is: "BaseURL") && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.isIdentifier(index - 2)
                && lexed.text(index - 2) == variable && lexed.token(index + 1, isPunctuation: Byte.equals)
                && !lexed.token(index + 2, isPunctuation: Byte.equals) && lexed.tokens.indices.contains(index + 2)
                && lexed.tokens[index + 2].kind == .string && isLoopbackURL(lexed.text(index + 2))
        }
    }

    /// OpenAI's .NET SDK (`new ChatClient("llama3.2", credential, new OpenAIClientOptions { Endpoint = new
    /// Uri("http://localhost:11434/v1") })`, `new OpenAIClient(…)`, `ChatClient chat = new(…)`) in the C# files that
    /// use it. Azure's client and Aspire's registrations (`AddOpenAIClient("openai")`) name a paid service.
    private func dotNetOpenAIClientsRunLocally() -> Bool {
        var local = false
        for path in project.paths where path.hasSuffix(".cs") && !path.contains("/bin/") && !path.contains("/obj/") {
            guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.dotNetNamespace),
                  let lexed = lexedFile(path)
            else { continue }
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
                let name = lexed.text(index)
                if Self.dotNetPaidRegistrations.contains(name) { return false }
                guard Self.dotNetClientTypes.contains(name) else { continue }
                var open: Int?
                if lexed.token(index - 1, is: "new"), lexed.token(index + 1, isPunctuation: Byte.openParen) {
                    open = index + 1
                } else if lexed.isIdentifier(index + 1), lexed.token(index + 2, isPunctuation: Byte.equals),
                          lexed.token(index + 3, is: "new"), lexed.token(index + 4, isPunctuation: Byte.openParen)
                {
                    // `ChatClient chat = new(…)`: the type is the declaration's.
                    open = index + 4
                }
                guard let open, lexed.partner[open] > open else { continue }
                guard Self.argumentsNameLoopback(lexed, open: open) else { return false }
                local = true
            }
        }
        return local
    }

    private static let goOpenAIModule = Array("sashabaranov/go-openai".utf8)
    private static let officialGoModule = Array("github.com/openai/openai-go".utf8)
    private static let dotNetNamespace = Array("using OpenAI".utf8)
    /// The .NET SDK's clients, each given its endpoint in its options.
    private static let dotNetClientTypes: Set<String> = [
        "OpenAIClient", "ChatClient", "EmbeddingClient", "AudioClient", "ImageClient", "AssistantClient",
        "OpenAIResponseClient", "ResponsesClient", "ModerationClient", "OpenAIService",
    ]
    private static let dotNetPaidRegistrations: Set<String> = [
        "AzureOpenAIClient", "AddOpenAIClient", "AddAzureOpenAIClient", "AddOpenAIChatClient", "AddAzureOpenAIChatClient",
    ]
}
