import GateCore

extension CodeIndex {
    /// Whether the Vercel AI SDK's calls (`streamText`, `generateObject`) can only reach models that run on the
    /// team's own machines: some package.json of the project (outside node_modules) depends on an Ollama provider
    /// (`ollama-ai-provider`, `ai-sdk-ollama`) and none on any other model provider (`@ai-sdk/openai`,
    /// `@openrouter/ai-sdk-provider`, `@ai-sdk/gateway`). The SDK itself bills nothing; its provider does. A
    /// provider the names do not tell apart counts as paid, so a mixed project keeps every finding. Read once.
    public func javaScriptModelsRunLocally() -> Bool {
        project.configuration("javascript-models-run-locally") { () -> Bool in
            var local = false
            for path in project.packageManifests() {
                guard let bytes = project.contents(of: path) else { continue }
                for name in Self.quotedNames(in: bytes) {
                    switch Self.modelProviderKind(name) {
                    case .local: local = true
                    case .paid: return false
                    case nil: continue
                    }
                }
            }
            return local
        }
    }

    /// The catalogue's providers whose calls `javaScriptModelsRunLocally` makes free: the Vercel AI SDK, and Mastra,
    /// whose agents are handed the AI SDK's models (`new Agent({ model: ollama("llama3.1") })`).
    public static let javaScriptModelFrameworks: Set<String> = ["vercel-ai-sdk", "mastra"]

    private enum ModelProviderKind { case local, paid }

    /// The Vercel AI SDK's own packages that connect to no model: its UI bindings, and the interfaces providers build on.
    private static let aiSDKFrameworkPackages: Set<Substring> = [
        "@ai-sdk/react", "@ai-sdk/vue", "@ai-sdk/svelte", "@ai-sdk/solid", "@ai-sdk/angular", "@ai-sdk/rsc",
        "@ai-sdk/ui-utils", "@ai-sdk/provider", "@ai-sdk/provider-utils", "@ai-sdk/valibot", "@ai-sdk/mcp",
    ]

    /// What a package name says of the model it connects the SDK to; nil for a package that is no model provider.
    private static func modelProviderKind(_ name: Substring) -> ModelProviderKind? {
        // `ollama-ai-provider`, `ollama-ai-provider-v2`, `ai-sdk-ollama`: not a description that names Ollama.
        if name.contains("ollama"), !name.contains(" "), name.contains("provider") || name.contains("ai-sdk") { return .local }
        if name.hasPrefix("@ai-sdk/") { return aiSDKFrameworkPackages.contains(name) ? nil : .paid }
        // Community providers: `@openrouter/ai-sdk-provider`, `workers-ai-provider`, `@portkey-ai/vercel-provider`.
        if name.contains("ai-sdk-provider") || name.hasSuffix("-ai-provider") || name.hasSuffix("vercel-provider") {
            return .paid
        }
        return nil
    }

    /// Every string a manifest quotes (escapes skipped): its package names among them. A version or script never
    /// reads as a provider.
    private static func quotedNames(in bytes: [UInt8]) -> [Substring] {
        var names: [Substring] = []
        var start: Int?
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), start != nil {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\"") {
                if let open = start {
                    names.append(Substring(String(decoding: bytes[open..<index], as: UTF8.self)))
                    start = nil
                } else {
                    start = index + 1
                }
            }
            index += 1
        }
        return names
    }
}
