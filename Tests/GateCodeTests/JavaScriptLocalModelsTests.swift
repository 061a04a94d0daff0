import GateCode
import XCTest

/// Which package.json files make the Vercel AI SDK's calls free: Ollama's provider and no other model provider.
final class JavaScriptLocalModelsTests: XCTestCase {
    private func runLocally(_ manifests: [String: String]) -> Bool {
        CodeIndex(tree: InMemorySourceTree(manifests), recognizer: ChatCompletionsRecognizer()).javaScriptModelsRunLocally()
    }

    func testOllamasProviderAloneRunsTheModelsLocally() {
        XCTAssertTrue(runLocally(["package.json": #"{ "dependencies": { "ai": "4.0.0", "ollama-ai-provider": "1.2.0", "@ai-sdk/react": "1.0.0" } }"#]))
        XCTAssertTrue(runLocally(["web/package.json": #"{ "dependencies": { "ai": "5.0.0", "ai-sdk-ollama": "0.5.0" } }"#]))
    }

    func testAnyOtherModelProviderOrNoneKeepsThemPaid() {
        // No provider at all: the model may be a gateway id (`model: "openai/gpt-4o"`).
        XCTAssertFalse(runLocally(["package.json": #"{ "dependencies": { "ai": "5.0.0" } }"#]))
        // A description naming Ollama is no provider.
        XCTAssertFalse(runLocally(["package.json": #"{ "description": "Chat with Ollama models", "dependencies": { "ai": "5.0.0" } }"#]))
        for paid in ["@ai-sdk/openai", "@ai-sdk/gateway", "@openrouter/ai-sdk-provider", "workers-ai-provider"] {
            XCTAssertFalse(runLocally([
                "package.json": #"{ "scripts": { "dev": "echo \"starting\"" }, "dependencies": { "ollama-ai-provider": "1.2.0" } }"#,
                "apps/web/package.json": #"{ "dependencies": { "ai": "4.0.0", "\#(paid)": "1.0.0" } }"#,
            ]), paid)
        }
        // A paid provider under node_modules is no dependency of the project.
        XCTAssertTrue(runLocally([
            "package.json": #"{ "dependencies": { "ollama-ai-provider": "1.2.0" } }"#,
            "node_modules/x/package.json": #"{ "dependencies": { "@ai-sdk/openai": "1.0.0" } }"#,
        ]))
    }
}
