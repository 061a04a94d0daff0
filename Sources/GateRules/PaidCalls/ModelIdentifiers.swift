/// Model id prefixes by provider: a call whose arguments name one of these models is that provider's call even
/// when the client's type is not visible (`self.client.messages.create(model="claude-3-5-sonnet-latest")`).
///
/// Kept beside the catalogue rather than in it, as attribution evidence, not a way to find calls: a model id
/// alone is never a finding.
enum ModelIdentifiers {
    static let prefixes: [String: [String]] = [
        "openai": ["gpt-", "o1-", "o1\"", "o3-", "o4-", "chatgpt-", "text-embedding-", "whisper-", "dall-e", "tts-1",
                   "omni-moderation", "davinci", "babbage"],
        "anthropic": ["claude-"],
        "google-gemini": ["gemini-", "models/gemini", "text-embedding-004", "imagen-"],
        "mistral": ["mistral-", "codestral", "pixtral", "ministral", "open-mixtral"],
        "cohere": ["command-", "embed-english", "embed-multilingual", "rerank-"],
        "deepseek": ["deepseek-"],
        "perplexity": ["sonar", "llama-3.1-sonar"],
        "groq": ["llama3-", "mixtral-8x7b-32768", "gemma2-"],
        "cloudflare-workers-ai": ["@cf/", "@hf/"],
    ]

    /// The prefixes long enough for the catalogue's keyword prefilter, which then passes files naming a model.
    static let needles: [[UInt8]] = prefixes.values.flatMap { $0 }.map { Array($0.utf8) }.filter { $0.count >= 4 }

    /// Whether `text` (a string literal's contents) names a model of the provider.
    static func names(_ text: String, provider: String) -> Bool { names(lowercased: text.lowercased(), provider: provider) }

    /// `names` for a text already lowercased.
    static func names(lowercased text: String, provider: String) -> Bool {
        guard let list = prefixes[provider] else { return false }
        return list.contains { text.hasPrefix($0) || (text + "\"").hasPrefix($0) }
    }
}
