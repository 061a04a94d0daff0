import GateCore

/// The upstream provider a gateway's request is passed on to, where its address says so: Cloudflare AI Gateway's path
/// names it after the account and the gateway (`gateway.ai.cloudflare.com/v1/{account}/{gateway}/openai/chat/completions`,
/// `…/anthropic/v1/messages`, `…/workers-ai/@cf/…`), Helicone's proxies by their host (`oai.helicone.ai`,
/// `anthropic.helicone.ai`). The request is the upstream model's, billed by its provider; the gateway only passes it
/// on. Gateways routing by a header or by the body's model string (Portkey's `x-portkey-provider`, Vercel's AI
/// Gateway's `"openai/gpt-4o"`, Cloudflare's `compat` route) stay the gateway's.
extension HTTPRequestSites {
    /// Cloudflare AI Gateway's provider segments, by the catalogue's id they name.
    private static let cloudflareUpstreams: [Substring: String] = [
        "openai": "openai", "anthropic": "anthropic", "workers-ai": "cloudflare-workers-ai",
        "google-ai-studio": "google-gemini", "google-vertex-ai": "google-vertex-ai", "aws-bedrock": "aws-bedrock",
        "azure-openai": "azure-openai", "mistral": "mistral", "groq": "groq", "cohere": "cohere",
        "perplexity-ai": "perplexity", "replicate": "replicate", "huggingface": "huggingface-inference",
        "deepseek": "deepseek", "grok": "xai", "openrouter": "openrouter", "cerebras": "cerebras",
        "elevenlabs": "elevenlabs", "fal": "fal", "deepgram": "deepgram", "cartesia": "cartesia",
    ]
    /// Helicone's proxy hosts' first label, by the catalogue's id it names.
    private static let heliconeUpstreams: [Substring: String] = ["oai": "openai", "anthropic": "anthropic"]

    /// The catalogue index of the provider a gateway's request at `host` and `path` (lowercased, its variable parts
    /// left out) goes on to; nil when `provider` is no gateway or the address does not name one.
    func upstream(ofGateway provider: Int, host: [UInt8], path: String) -> Int? {
        let id = catalogue.providers[provider].id
        let upstream: String?
        switch id {
        case "cloudflare-ai-gateway":
            // `/v1/{account}/{gateway}/{provider}/…`: the first segment past the version naming a provider (the
            // account is an id, a gateway's name rarely a provider's).
            let segments = path.prefix { $0 != "?" && $0 != "#" }.split(separator: "/").dropFirst()
            upstream = segments.prefix(3).lazy.compactMap { Self.cloudflareUpstreams[$0] }.first
        case "helicone":
            let label = String(decoding: host.prefix { $0 != Byte.dot }, as: UTF8.self)
            upstream = Self.heliconeUpstreams[label[...]]
        default:
            return nil
        }
        guard let upstream else { return nil }
        return catalogue.providers.firstIndex { $0.id == upstream }
    }
}
