import GateCore

/// A URL literal of a paid provider's API host in code: raw HTTP with any client costs like the SDK.
public struct PaidHTTPCallDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "paid-http-call", name: "Raw HTTP to a paid host", category: .paidExternalCall,
        rationale: """
            Calling a paid API over raw HTTP (fetch, axios, requests, net/http, HttpClient, Faraday…) costs the same \
            as calling it through the SDK, and is easier to miss. A string literal in code whose URL (or bare host) \
            is a paid provider's API host counts, whichever client sends it; hosts are matched exactly or as a \
            subdomain, never as a lookalike prefix. Comments and documentation do not count, nor do strings that \
            merely mention a URL in prose.
            """,
        triggering: [
            DetectorExample("""
                export async function complete(prompt) {
                  const res = await fetch(↓"https://api.openai.com/v1/chat/completions", {
                    method: "POST",
                    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}` },
                    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }),
                  });
                  return res.json();
                }
                """, path: "src/complete.js"),
            DetectorExample("""
                import requests

                def ask(body, headers):
                    resp = requests.post(↓"https://api.anthropic.com/v1/messages", headers=headers, json=body)
                    return resp.json()
                """, path: "app/ask.py"),
            DetectorExample("""
                func complete(body io.Reader) (*http.Response, error) {
                	req, _ := http.NewRequest("POST", ↓"https://api.mistral.ai/v1/chat/completions", body)
                	return http.DefaultClient.Do(req)
                }
                """, path: "internal/llm/mistral.go"),
            DetectorExample("""
                def search(query)
                  uri = URI(↓"https://api.tavily.com/search")
                  Net::HTTP.post(uri, { query: query }.to_json, "Content-Type" => "application/json")
                end
                """, path: "lib/search.rb"),
            DetectorExample("""
                var request = HttpRequest.newBuilder(URI.create(↓"https://api.perplexity.ai/chat/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
                """, path: "src/main/java/app/Search.java"),
            DetectorExample("""
                const endpoint = ↓"https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01";
                """, path: "src/azure.ts"),
            DetectorExample("""
                url = ↓"https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku/invoke"
                """, path: "app/bedrock.py"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI(base_url=↓"https://api.deepseek.com", api_key=key)
                """, path: "app/deepseek.py"),
        ],
        nonTriggering: [
            DetectorExample("""
                // POST https://api.openai.com/v1/chat/completions with the prompt
                export const timeoutMs = 30_000;
                """, path: "src/config.ts"),
            DetectorExample("""
                logger.info("request to https://api.openai.com failed, falling back")
                docs = "see platform.openai.com/docs for limits"
                """, path: "app/log.py"),
            DetectorExample("""
                const mirror = "https://api.openai.com.evil.example/v1";
                const other = "https://notapi.openai.company.com/";
                """, path: "src/hosts.js"),
            DetectorExample("""
                def ask():
                    \"\"\"Like POST https://api.anthropic.com/v1/messages, but cached.\"\"\"
                    return cache.get("answer")
                """, path: "app/cached.py"),
            DetectorExample("""
                # POST https://api.openai.com/v1/chat/completions
                Send the prompt to `https://api.openai.com/v1/chat/completions`.
                """, path: "docs/llm.md"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = FileAnalysis.of(file, context: context)
        return analysis.sites.compactMap { site in
            guard site.kind == .http, file.adds(site.line), analysis.batchReason(for: site) == nil else { return nil }
            return .paid(
                description, file: file, line: site.line, column: site.column,
                message: "sends requests to \(site.provider)'s paid API host \(site.evidence)",
                provider: site.provider, evidence: site.evidence)
        }
    }
}
