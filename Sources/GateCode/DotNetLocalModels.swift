import GateCore

extension CodeIndex {
    /// Whether Microsoft.Extensions.AI's calls (`chatClient.GetResponseAsync(…)` on an injected `IChatClient`) can only
    /// reach models that run on the team's own machines: the project's `.csproj` files reference a local model's
    /// client (OllamaSharp, the `Microsoft.Extensions.AI.Ollama` preview, ONNX Runtime GenAI) and no package that
    /// adapts a paid provider to the interface (`Microsoft.Extensions.AI.OpenAI`, Azure's, OpenAI's own SDK). The
    /// interface bills nothing itself; the client registered behind it does, and the call site cannot tell which
    /// one that is. Read once.
    public func dotNetChatClientsRunLocally() -> Bool {
        project.configuration("dotnet-chat-clients-run-locally") { () -> Bool in
            var local = false
            for path in project.paths where path.hasSuffix(".csproj") || path.hasSuffix("Directory.Packages.props") {
                guard let bytes = project.contents(of: path) else { continue }
                for name in Self.packageReferences(in: bytes) {
                    if Self.localChatClientPackages.contains(where: { name.hasPrefix($0) }) {
                        local = true
                    } else if Self.paidChatClientPackages.contains(where: { name.hasPrefix($0) }) {
                        return false
                    }
                }
            }
            return local
        }
    }

    /// The catalogue's provider whose calls `dotNetChatClientsRunLocally` makes free.
    public static let dotNetChatClientFramework = "microsoft-extensions-ai"

    /// Packages (lower-cased prefixes) whose chat and embedding clients run the model on a machine of the team's.
    private static let localChatClientPackages = [
        "ollamasharp", "microsoft.extensions.ai.ollama", "communitytoolkit.aspire.ollamasharp", "microsoft.ml.onnxruntimegenai",
    ]

    /// Packages (lower-cased prefixes) that put a paid model behind the interface, or call one beside it.
    private static let paidChatClientPackages = [
        "microsoft.extensions.ai.openai", "microsoft.extensions.ai.azureaiinference", "azure.ai.openai", "azure.ai.inference",
        "openai", "aspire.azure.ai.openai", "aspire.openai", "anthropic", "mistral.sdk", "google.cloud.aiplatform",
        "awssdk.bedrockruntime", "microsoft.semantickernel.connectors.openai", "microsoft.semantickernel.connectors.azureopenai",
    ]

    /// The lower-cased names `Include="…"` gives in a project or central package file (`<PackageReference
    /// Include="OllamaSharp" Version="5.1.0" />`, `<PackageVersion Include="…">`). Project references name paths,
    /// which no package prefix matches.
    private static func packageReferences(in bytes: [UInt8]) -> [String] {
        let attribute = Array("include=\"".utf8)
        var names: [String] = []
        var index = 0
        while index + attribute.count < bytes.count {
            guard (0..<attribute.count).allSatisfy({ Byte.lower(bytes[index + $0]) == attribute[$0] }) else {
                index += 1
                continue
            }
            let start = index + attribute.count
            var end = start
            while end < bytes.count, bytes[end] != Byte.quote { end += 1 }
            names.append(String(decoding: bytes[start..<end].map(Byte.lower), as: UTF8.self))
            index = end
        }
        return names
    }
}
