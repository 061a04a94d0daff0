import GateCore

/// Inngest's `step.ai.infer("summarize", { model: step.ai.models.openai({ model: "gpt-4o" }), body })` sends the
/// request to the model's provider from Inngest's servers: the provider bills the project's key for it as for a call
/// of its own SDK. The provider is the one the model adapter names (`step.ai.models.anthropic(…)`, or the adapter
/// imported from `@inngest/ai`, `openai({ … })`); an adapter the catalogue does not know is an OpenAI-compatible
/// server's. (`step.ai.wrap("label", openai.chat.completions.create, body)` is the SDK's own call, handed to a wrapper:
/// `FactExtractor.isHandedToCallWrapper`.)
extension SiteFinder {
    private static let inferWord = Array("ai.infer".utf8)

    /// The providers of Inngest's model adapters, by the adapter's name.
    private static let inngestModelProviders: [String: String] = [
        "openai": "openai", "anthropic": "anthropic", "gemini": "google-gemini", "grok": "xai",
        "azureOpenai": "azure-openai", "deepseek": "deepseek",
    ]

    func inngestInferenceCalls() -> [PaidCallSite] {
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, Self.inferWord) else { return [] }
        var sites: [PaidCallSite] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "infer") && lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index - 2, is: "ai") && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 1
        {
            // `step.ai.infer`, whatever the step argument is called (`step`, `ctx.step`, `tools`).
            guard index >= 4, lexed.token(index - 3, isPunctuation: Byte.dot), lexed.tokens[index - 4].kind == .identifier else { continue }
            var root = index - 4
            while root >= 2, lexed.token(root - 1, isPunctuation: Byte.dot), lexed.tokens[root - 2].kind == .identifier { root -= 2 }
            let arguments = (index + 2)..<lexed.partner[index + 1]
            guard let model = arguments.first(where: { cursor in
                lexed.token(cursor, is: "model") && lexed.token(cursor + 1, isPunctuation: Byte.colon)
            }) else { continue }
            // The adapter: the last name before the first `(` of the model's value (`step.ai.models.openai(`, `openai(`).
            var cursor = model + 2
            while cursor + 1 < arguments.upperBound, lexed.tokens[cursor].kind == .identifier, lexed.token(cursor + 1, isPunctuation: Byte.dot) {
                cursor += 2
            }
            guard cursor < arguments.upperBound, lexed.tokens[cursor].kind == .identifier,
                  lexed.token(cursor + 1, isPunctuation: Byte.openParen)
            else { continue }
            let adapter = lexed.text(cursor)
            let provider = Self.inngestModelProviders[adapter] ?? "openai-compatible"
            let token = lexed.tokens[root]
            sites.append(PaidCallSite(
                provider: provider, kind: .sdk, token: root, line: token.line, column: token.column,
                evidence: "step.ai.infer(…) (model: \(adapter)(…), sent by Inngest)"))
        }
        return sites
    }
}
