import GateCore

extension CodeIndex {
    /// Whether the Vercel AI SDK's calls (`streamText`, `generateObject`) can only reach models that run on the
    /// team's own machines: some package.json of the project (outside node_modules) depends on an Ollama provider
    /// (`ollama-ai-provider`, `ai-sdk-ollama`) and none on any other model provider (`@ai-sdk/openai`,
    /// `@openrouter/ai-sdk-provider`, `@ai-sdk/gateway`). A package of OpenAI-compatible providers
    /// (`@ai-sdk/openai-compatible`, `@ai-sdk/openai`) is local when the project uses nothing of it but its factory,
    /// and makes every provider with it for a server on this machine (`createOpenAICompatible({ baseURL:
    /// "http://localhost:11434/v1" })`). The SDK itself bills nothing; its provider does, and a string model id
    /// (`model: "openai/gpt-4o"`, for the AI Gateway) goes to the project's default provider. A provider the names
    /// do not tell apart counts as paid, so a mixed project keeps every finding. Read once.
    public func javaScriptModelsRunLocally() -> Bool {
        project.configuration("javascript-models-run-locally") { () -> Bool in
            var local = false
            var compatible: [(package: String, factory: String)] = []
            for path in project.packageManifests() {
                guard let bytes = project.contents(of: path) else { continue }
                for name in Self.quotedNames(in: bytes) {
                    if let factory = Self.compatibleProviderFactories[name] {
                        compatible.append((String(name), factory))
                        continue
                    }
                    switch Self.modelProviderKind(name) {
                    case .local: local = true
                    case .paid: return false
                    case nil: continue
                    }
                }
            }
            // Read from the code only when no package is a paid provider's by its name alone.
            for (package, factory) in compatible {
                guard compatibleProvidersAreLocal(package: package, factory: factory) else { return false }
                local = true
            }
            return local
        }
    }

    /// The packages of OpenAI-compatible providers, by the factory that makes one for a given base URL.
    private static let compatibleProviderFactories: [Substring: String] = [
        "@ai-sdk/openai-compatible": "createOpenAICompatible", "@ai-sdk/openai": "createOpenAI",
    ]

    /// Whether the project's JavaScript imports nothing from `package` but `factory`, and calls it, each time with a
    /// base URL on this machine, at least once.
    private func compatibleProvidersAreLocal(package: String, factory: String) -> Bool {
        let quoted = BytePatterns(["\"\(package)\"", "'\(package)'"])
        var made = false
        for path in project.paths where SourceLanguage(path: path)?.isJavaScriptLike == true && !path.contains("node_modules/") {
            guard let bytes = project.contents(of: path), quoted.matches(bytes), let lexed = lexedFile(path) else { continue }
            for binding in importBindings(in: lexed) where binding.module == package {
                // `import { openai } from "@ai-sdk/openai"`: its provider bills OpenAI.
                guard binding.member == factory else { return false }
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
                    && lexed.token(index + 1, isPunctuation: Byte.openParen) && !lexed.token(index - 1, isPunctuation: Byte.dot)
                    && lexed.text(index) == binding.local
                {
                    guard Self.argumentsNameLoopback(lexed, open: index + 1) else { return false }
                    made = true
                }
            }
        }
        return made
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
