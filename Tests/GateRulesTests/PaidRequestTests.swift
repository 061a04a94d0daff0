import GateCore
import GateRules
import XCTest

/// Paid HTTP requests are requests (not URL strings), SDK base URLs re-attribute calls, one construct yields one
/// finding, and the catalogue recognises the providers and SDK shapes apps use.
final class PaidRequestTests: XCTestCase {
    private func scan(_ text: String, _ path: String, base: String? = nil) -> [Finding] {
        Scanner().scan(DetectorExample(text, path: path, base: base).makeSourceFile())
    }

    private func summary(_ text: String, _ path: String) -> [String] {
        scan(text, path).map { "\($0.rule):\($0.line):\($0.provider ?? "-")" }
    }

    func testCatalogueHasAtLeastSixtyProvidersIncludingTheMissingOnes() {
        let ids = Set(ProviderCatalogue.builtin.map(\.id))
        XCTAssertGreaterThanOrEqual(ids.count, 60)
        for required in [
            "elevenlabs", "serper", "jina", "exa", "firecrawl", "perplexity", "replicate", "fal", "together", "fireworks",
            "openrouter", "litellm", "plaid",
        ] {
            XCTAssertTrue(ids.contains(required), "missing provider \(required)")
        }
    }

    /// Every provider with a host is found when a request reaches that host on a priced path: the catalogue's
    /// data is its own example.
    func testEveryCatalogueHostIsFoundInARequest() {
        for provider in ProviderCatalogue.builtin {
            for host in provider.hosts {
                let concrete = host.replacingOccurrences(of: "*", with: "us-east-1")
                let findings = scan("""
                    export async function call(body) {
                      return fetch("https://\(concrete)/v1/generate", { method: "POST", body: JSON.stringify(body) });
                    }
                    """, "src/\(provider.id).js")
                // A gateway's host naming the upstream provider is that provider's (Helicone's `oai.`, `anthropic.`).
                let expected = provider.id == "helicone" && host.hasPrefix("oai.") ? "openai"
                    : provider.id == "helicone" && host.hasPrefix("anthropic.") ? "anthropic" : provider.id
                XCTAssertEqual(
                    findings.map { "\($0.rule) \($0.provider ?? "")" }, ["paid-http-call \(expected)"], "\(host)")
            }
        }
    }

    /// Every provider with SDK call shapes is found when a file imports its SDK and calls its first shape.
    func testEveryCatalogueSDKShapeIsFoundThroughItsImport() {
        for provider in ProviderCatalogue.builtin {
            guard let call = provider.calls.first, let module = provider.effectiveImports.first else { continue }
            let text: String
            let path: String
            if provider.packages.keys.sorted() == ["cargo"] {
                // A Rust crate's: its path imported whole (`use rig::providers::*;`), the module path the prefilter
                // asks for where the crate names one (`rig` alone is a short word).
                let cratePath = provider.effectiveImports.first { $0.contains("::") } ?? module
                text = "use \(cratePath)::*;\n\nasync fn run(client: Client) {\n    client.\(call)(q).await;\n}\n"
                path = "src/\(provider.id.replacingOccurrences(of: "-", with: "_")).rs"
            } else if module.contains(".com/") || module.contains(".org/") {
                text = "package p\n\nimport \"\(module)\"\n\nfunc Run(client *Client) {\n\tclient.\(call)(ctx)\n}\n"
                path = "internal/\(provider.id).go"
            } else if module.contains("@") || module.contains("-") || module.contains("/") || module.hasSuffix(".js") {
                text = "import sdk from \"\(module)\";\n\nexport async function run(client) {\n  return client.\(call)({});\n}\n"
                path = "src/\(provider.id).js"
            } else {
                text = "import \(module)\n\n\ndef run(client):\n    return client.\(call)()\n"
                path = "app/\(provider.id.replacingOccurrences(of: "-", with: "_")).py"
            }
            let findings = scan(text, path)
            // `client.embed(…)` names Voyage's method, not the Vercel AI SDK's `embed` function: attributed by import.
            XCTAssertEqual(findings.map { $0.provider ?? "" }, [provider.id], "\(provider.id): \(call) via \(module)\n\(text)")
        }
    }

    /// The URL a request is sent to is read from the request's URL argument only: header pairs passed beside it
    /// (`Net::HTTP::Post.new(uri, "Authorization" => …)`, `{"Content-Type": …}`) are not part of it, and a request
    /// object built by one call and sent by another is one request.
    func testHeaderPairsBesideTheURLAreNotPartOfIt() {
        let ruby = scan("""
            module Perplexity
              def self.ask(question)
                uri = URI("https://api.perplexity.ai/chat/completions")
                request = Net::HTTP::Post.new(uri, "Authorization" => "Bearer #{ENV['PERPLEXITY_API_KEY']}", "Content-Type" => "application/json")
                Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(request) }
              end
            end
            """, "lib/perplexity.rb")
        XCTAssertEqual(ruby.map(\.evidence), ["api.perplexity.ai/chat/completions"])
        let python = scan("""
            import urllib.request

            def ask(payload):
                request = urllib.request.Request("https://api.openai.com/v1/chat/completions", payload, {"Content-Type": "application/json"})
                return urllib.request.urlopen(request)
            """, "app/ask.py")
        XCTAssertEqual(python.map(\.evidence), ["api.openai.com/v1/chat/completions"])
    }

    /// A type two SDKs export under one name is the one of the SDK the file imports it from.
    func testATypeImportedFromOneProvidersSDKIsThatProviders() {
        XCTAssertEqual(summary("""
            from vertexai.generative_models import GenerativeModel

            model = GenerativeModel("gemini-1.5-pro")


            def ask(prompt):
                return model.generate_content(prompt).text
            """, "app/vertex.py"), ["paid-sdk-call:7:google-vertex-ai"])
        XCTAssertEqual(summary("""
            import google.generativeai as genai

            model = genai.GenerativeModel("gemini-1.5-flash")


            def ask(prompt):
                return model.generate_content(prompt).text
            """, "app/gemini.py"), ["paid-sdk-call:7:google-gemini"])
    }

    func testRequestsThroughConstantsTemplatesAndVariableHosts() {
        XCTAssertEqual(summary("""
            const BASE = "https://api.together.xyz/v1";
            export async function chat(body: object) {
              return fetch(`${BASE}/chat/completions`, { method: "POST", body: JSON.stringify(body) });
            }
            """, "src/together.ts"), ["paid-http-call:3:together"])
        XCTAssertEqual(summary("""
            import requests

            def complete(base_url, payload):
                return requests.post(base_url + "/v1/chat/completions", json=payload).json()
            """, "app/compat.py"), ["paid-http-call:4:openai-compatible"])
        XCTAssertEqual(summary("""
            import anthropic_headers
            def ask(base, body):
                return requests.post(f"{base}/v1/messages", headers={"anthropic-version": "2023-06-01"}, json=body)
            """, "app/claude.py"), ["paid-http-call:3:anthropic"])
        XCTAssertEqual(summary("""
            func Ask(base string, body io.Reader) (*http.Response, error) {
            	return http.Post(fmt.Sprintf("%s/v1beta/models/gemini-1.5-flash:generateContent", base), "application/json", body)
            }
            """, "internal/gemini.go"), ["paid-http-call:2:google-gemini"])
        XCTAssertEqual(summary("""
            let request = URLRequest(url: URL(string: "https://api.openai.com/v1/audio/speech")!)
            """, "Sources/App/Speech.swift"), ["paid-http-call:1:openai"])
        XCTAssertEqual(summary("""
            class Search
              def call(q)
                HTTParty.post "https://api.tavily.com/search", body: { query: q }.to_json
              end
            end
            """, "app/services/search.rb"), ["paid-http-call:3:tavily"])
        XCTAssertEqual(summary("""
            <?php
            $url = "https://api.openai.com/v1/embeddings";
            $ch = curl_init();
            curl_setopt($ch, CURLOPT_URL, $url);
            curl_setopt($ch, CURLOPT_POST, true);
            """, "src/Embed.php"), ["paid-http-call:4:openai"])
        XCTAssertEqual(summary("""
            <?php
            $response = Http::withToken(config('services.openai.key'))->post('https://api.openai.com/v1/chat/completions', $payload);
            """, "app/Services/Chat.php"), ["paid-http-call:2:openai"])
    }

    func testURLStringsThatAreNotSentAreNotCalls() {
        XCTAssertEqual(summary("""
            export const OPENAI = "https://api.openai.com/v1/chat/completions";
            export const isOpenAI = (u: string) => u === OPENAI || u.includes("api.anthropic.com");
            const cfg = { endpoint: "https://api.openai.com/v1", timeout: 30 };
            console.log("calling https://api.openai.com/v1/chat/completions");
            """, "src/constants.ts"), [])
        XCTAssertEqual(summary("""
            base = os.environ.get("ANTHROPIC_BASE_URL", "https://api.anthropic.com")
            cfg = EmbeddingConfig(embedding_endpoint="https://api.openai.com/v1")
            models = requests.get("https://api.openai.com/v1/models").json()
            local = requests.post("http://localhost:8000/v1/chat/completions", json={})
            """, "app/settings.py"), [])
        XCTAssertEqual(summary("""
            app.post("/v1/chat/completions", handler);
            router.post("/v1/messages", handler);
            fetch("/v1/chat/completions", { method: "POST" });
            """, "server/routes.js"), [])
    }

    func testSDKBaseURLChangesTheProviderAndIsNotASecondFinding() {
        XCTAssertEqual(summary("""
            import OpenAI from "openai";
            const client = new OpenAI({ baseURL: "https://openrouter.ai/api/v1", apiKey: process.env.OPENROUTER_API_KEY });
            export const ask = (messages) => client.chat.completions.create({ model: "openai/gpt-4o", messages });
            """, "src/ask.js"), ["paid-sdk-call:3:openrouter"])
        XCTAssertEqual(summary("""
            from openai import OpenAI
            client = OpenAI(base_url="https://api.deepseek.com", api_key=key)
            def ask(q):
                return client.chat.completions.create(model="deepseek-chat", messages=[{"role": "user", "content": q}])
            """, "app/deepseek.py"), ["paid-sdk-call:4:deepseek"])
        XCTAssertEqual(summary("""
            from openai import OpenAI
            client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")
            def ask(q):
                return client.chat.completions.create(model="llama3", messages=[{"role": "user", "content": q}])
            """, "app/local.py"), [])
    }

    /// An SDK pointed at a remote host no provider owns is still reported as the SDK's provider (nothing says the
    /// server is free), and the message names the host it goes to.
    func testSDKBaseURLOnAnUnknownHostKeepsTheProviderAndNamesTheHost() {
        let findings = scan("""
            from openai import OpenAI
            client = OpenAI(base_url="https://llm.research-lab.example.org/v1", api_key=os.environ["LAB_KEY"])
            def ask(q):
                return client.chat.completions.create(model="lab-70b", messages=[{"role": "user", "content": q}])
            """, "app/lab.py")
        XCTAssertEqual(findings.map { "\($0.rule):\($0.line):\($0.provider ?? "-")" }, ["paid-sdk-call:4:openai"])
        XCTAssertEqual(findings.first?.message.contains("openai-compatible API at llm.research-lab.example.org"), true,
                       findings.first?.message ?? "")
        // A provider's own host keeps the plain message.
        XCTAssertEqual(scan("""
            from openai import OpenAI
            client = OpenAI(base_url="https://api.openai.com/v1")
            def ask(q):
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
            """, "app/plain.py").map(\.message), ["calls openai through its SDK: every request costs money"])
    }

    /// `RubyLLM.chat(model: "gpt-4o-mini")` builds a conversation, which `ask` sends: the model it names does not make
    /// the first an OpenAI call.
    func testAFrameworksBuilderNamingAModelIsNotThatModelsCall() {
        XCTAssertEqual(summary("""
            class Conversation < ApplicationRecord
              def reply_to(prompt)
                chat = RubyLLM.chat(model: "gpt-4o-mini")
                chat.ask(prompt).content
              end
            end
            """, "app/models/conversation.rb"), ["paid-sdk-call:4:ruby-llm"])
        // A Ruby class method named like the SDK's call is its definition, not a call.
        XCTAssertEqual(summary("""
            class Llm
              def self.ask(question)
                RubyLLM.chat.ask(question).content
              end
            end
            """, "app/services/llm.rb"), ["paid-sdk-call:3:ruby-llm"])
        // The model's own SDK, named by its model, is still its call.
        XCTAssertEqual(summary("""
            def summarize(text)
              client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
            end
            """, "app/services/summarizer.rb"), ["paid-sdk-call:2:openai"])
    }

    /// A framework given its model as a string runs it where the string says: Ollama's (`"ollama:llama3.2"`,
    /// `model_provider="ollama"`) on the machine; a paid provider's or model's name anywhere in the file keeps it paid.
    func testAFrameworkGivenALocalModelByNameIsFree() {
        for source in [
            "from pydantic_ai import Agent\nagent = Agent(\"ollama:llama3.2\")\ndef ask(q):\n    return agent.run_sync(q).output\n",
            "from langchain.chat_models import init_chat_model\nllm = init_chat_model(\"llama3.2\", model_provider=\"ollama\")\ndef ask(q):\n    return llm.invoke(q)\n",
            "from langchain.chat_models import init_chat_model\nllm = init_chat_model(\"ollama:llama3.2\", temperature=0)\ndef ask(q):\n    return llm.invoke(q)\n",
            "from langchain_community.chat_models import ChatOllama\nllm = ChatOllama(model=\"llama3\", base_url=\"http://localhost:11434\")\ndef ask(q):\n    return llm.invoke(f\"user: {q}\")\n",
        ] {
            XCTAssertEqual(summary(source, "app/ask.py"), [], source)
        }
        for source in [
            "from langchain.chat_models import init_chat_model\nllm = init_chat_model(\"gpt-4o-mini\", model_provider=\"openai\")\ndef ask(q):\n    return llm.invoke(q)\n",
            "from pydantic_ai import Agent\nlocal = Agent(\"ollama:llama3.2\")\nagent = Agent(\"anthropic:claude-3-5-haiku-latest\")\ndef ask(q):\n    return agent.run_sync(q).output\n",
            "from langchain.chat_models import init_chat_model\nllm = init_chat_model(MODEL)\ndef ask(q):\n    return llm.invoke(q)\n",
        ] {
            XCTAssertEqual(summary(source, "app/ask.py").count, 1, source)
        }
    }

    /// The Python SDKs' raw and streaming response wrappers send the request they wrap; the free endpoints
    /// (token counts, moderation, the model list) stay free.
    func testAResponseWrapperSendsTheRequestItWraps() {
        XCTAssertEqual(summary("""
            from openai import OpenAI
            from anthropic import Anthropic

            client = OpenAI()
            claude = Anthropic()

            def ask(q):
                raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
                with claude.messages.with_streaming_response.create(model="claude-sonnet-4-5", max_tokens=64, messages=[]) as response:
                    return raw.headers, response.headers

            def free(q):
                claude.messages.count_tokens(model="claude-sonnet-4-5", messages=[{"role": "user", "content": q}])
                client.moderations.create(model="omni-moderation-latest", input=q)
                return client.models.list()
            """, "app/ask.py"), ["paid-sdk-call:8:openai", "paid-sdk-call:9:anthropic"])
    }

    /// Rails apps add the providers' gems.
    func testTheRubyGemsOfGeminiMistralCohereGroqAndPostmarkArePaid() {
        XCTAssertEqual(summary("""
            source "https://rubygems.org"
            gem "rails", "~> 8.0"
            gem "gemini-ai", "~> 4.2"
            gem "mistral-ai"
            gem "cohere-ruby"
            gem "groq"
            gem "postmark-rails"
            """, "Gemfile"), [
            "paid-sdk-dependency:3:google-gemini", "paid-sdk-dependency:4:mistral", "paid-sdk-dependency:5:cohere",
            "paid-sdk-dependency:6:groq", "paid-sdk-dependency:7:postmark",
        ])
    }

    /// Laravel apps add the providers' PHP packages, and call Gemini through its Laravel facade.
    func testThePHPPackagesOfAnthropicGeminiAndResendArePaid() {
        let composer = """
            {
                "require": {
                    "php": "^8.2",
                    "mozex/anthropic-laravel": "^1.1",
                    "google-gemini-php/laravel": "^2.0",
                    "resend/resend-laravel": "^0.19",
                    "laravel/framework": "^12.0"
                }
            }
            """
        XCTAssertEqual(summary(composer, "composer.json"), [
            "paid-sdk-dependency:4:anthropic", "paid-sdk-dependency:5:google-gemini", "paid-sdk-dependency:6:resend",
        ])
        XCTAssertEqual(summary("""
            <?php

            namespace App\\Services;

            use Gemini\\Laravel\\Facades\\Gemini;

            class Describer
            {
                public function describe(string $text): string
                {
                    return Gemini::generativeModel(model: 'gemini-2.0-flash')->generateContent($text)->text();
                }
            }
            """, "app/Services/Describer.php"), ["paid-sdk-call:11:google-gemini"])
    }

    /// LiteLLM names the server in each call: a model routed to one the caller runs (`ollama/…`, `hosted_vllm/…`) or a
    /// local `api_base` costs nothing; a paid model, or one held in a variable, is still paid.
    func testALiteLLMCallToALocalModelIsFree() {
        XCTAssertEqual(summary("""
            import litellm
            from litellm import acompletion, completion

            def a(q):
                return litellm.completion(model="ollama/llama3", messages=[{"role": "user", "content": q}])

            def b(q):
                return completion(model="ollama_chat/qwen2.5", messages=[{"role": "user", "content": q}])

            async def c(q):
                return await acompletion(model="openai/mistral", api_base="http://127.0.0.1:8000/v1", messages=[{"role": "user", "content": q}])

            def d(q):
                return litellm.embedding(model="hosted_vllm/bge-m3", input=[q])
            """, "app/local.py"), [])
        XCTAssertEqual(summary("""
            import litellm
            from litellm import acompletion, completion

            def e(q):
                return litellm.completion(model="gpt-4o-mini", messages=[{"role": "user", "content": "ollama/llama3 " + q}])

            def f(q, model="ollama/llama3"):
                return completion(model=model, messages=[{"role": "user", "content": q}])

            def g(q):
                return completion(model="anthropic/claude-3-5-sonnet-latest", api_base="https://proxy.example.com", messages=[])

            # A local fallback's base URL is its own call's, not the file's.
            async def h(q):
                return await acompletion(model="openai/mistral", api_base="http://127.0.0.1:8000/v1", messages=[])
            """, "app/paid.py"), ["paid-sdk-call:5:litellm", "paid-sdk-call:8:litellm", "paid-sdk-call:11:litellm"])
    }

    /// Ruby's `OpenAI::Client.new(uri_base: …)` and openai-php's `OpenAI::factory()->withBaseUri(…)` set the client's
    /// base as the constructors of the other languages do: a local server is free, another provider's host is that one.
    func testRubyAndPHPClientsBuiltWithABaseURL() {
        XCTAssertEqual(summary("""
            class LocalModel
              def self.ask(question)
                client = OpenAI::Client.new(uri_base: "http://localhost:11434", access_token: "ollama")
                client.chat(parameters: { model: "llama3.2", messages: [{ role: "user", content: question }] })
              end
            end
            """, "app/services/local_model.rb"), [])
        XCTAssertEqual(summary("""
            class Router
              def self.ask(question)
                client = OpenAI::Client.new(uri_base: "https://openrouter.ai/api/v1", access_token: ENV["OPENROUTER_KEY"])
                client.chat(parameters: { model: "openai/gpt-4o", messages: [{ role: "user", content: question }] })
              end
            end
            """, "app/services/router.rb"), ["paid-sdk-call:4:openrouter"])
        XCTAssertEqual(summary("""
            <?php

            namespace App\\Services;

            class LocalModel
            {
                public function ask(string $question)
                {
                    $client = \\OpenAI::factory()->withBaseUri('localhost:11434/v1')->withApiKey('ollama')->make();
                    return $client->chat()->create(['model' => 'llama3.2', 'messages' => [['role' => 'user', 'content' => $question]]]);
                }
            }
            """, "app/Services/LocalModel.php"), [])
    }

    /// A client built with a base URL sends each request to the base joined with the request's path: the requests
    /// made through it are the paid calls, at the call on the client, and the client itself is then no finding.
    func testRequestsThroughAClientBuiltWithABaseURL() {
        let route = """
            import httpx
            from fastapi import FastAPI

            app = FastAPI()
            oai = httpx.AsyncClient(base_url="https://api.openai.com/v1", headers={"Authorization": f"Bearer {KEY}"})

            @app.post("/chat")
            async def chat(q: str):
                r = await oai.post("/chat/completions", json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": q}]})
                return r.json()
            """
        let findings = scan(route, "api/main.py")
        XCTAssertEqual(findings.map { "\($0.rule):\($0.line):\($0.provider ?? "-")" }.sorted(), [
            "paid-http-call:9:openai", "unprotected-endpoint:7:openai",
        ])
        XCTAssertEqual(findings.first { $0.rule == "paid-http-call" }?.evidence, "api.openai.com/v1/chat/completions")
        XCTAssertEqual(findings.first { $0.rule == "paid-http-call" }?.column, 15, "at the client the request is sent by")
        // An attribute set in `__init__` is the client of every method; Ruby's `@conn` too.
        XCTAssertEqual(summary("""
            class Summarizer:
                def __init__(self, key):
                    self.client: httpx.AsyncClient = httpx.AsyncClient(base_url="https://api.anthropic.com/", headers={"x-api-key": key})

                async def summarize(self, text):
                    return await self.client.post("/v1/messages", json={"model": "claude-3-5-haiku-latest", "messages": []})
            """, "app/summarizer.py"), ["paid-http-call:6:anthropic"])
        XCTAssertEqual(summary("""
            class Summarizer
              def initialize
                @conn = Faraday.new(url: "https://api.openai.com") { |f| f.request :json }
              end

              def call(text)
                @conn.post("/v1/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
              end
            end
            """, "app/services/summarizer.rb"), ["paid-http-call:7:openai"])
        // axios: the client's request is not mistaken for a route registration (`api.post("/…", body)`), in a
        // library or in a route of its own.
        XCTAssertEqual(summary("""
            import axios from "axios";
            import express from "express";

            const api = axios.create({ baseURL: "https://api.openai.com/v1" });
            const app = express();

            app.post("/chat", async (req, res) => {
              const r = await api.post("/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.q }] });
              res.json(r.data);
            });
            """, "src/server.ts").sorted(), ["paid-http-call:8:openai", "unprotected-endpoint:7:openai"])
        XCTAssertEqual(summary("""
            import axios from "axios";

            const api = axios.create({ baseURL: "https://api.openai.com/v1" });

            export async function chat(q: string) {
              const { data } = await api.post("/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });
              return data;
            }
            """, "src/lib/openai.ts"), ["paid-http-call:6:openai"])
        // A base the file cannot see, with a path only paid APIs serve.
        XCTAssertEqual(summary("""
            import httpx

            llm = httpx.Client(base_url=settings.llm_base_url)

            def ask(q):
                return llm.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": q}]}).json()
            """, "app/llm.py"), ["paid-http-call:6:openai-compatible"])
    }

    /// A client the file sends nothing through is reported where its base URL is given; one through which it only
    /// lists models, or whose requests go to a local server, is no paid call; a name bound in another function, or
    /// assigned in the calling one, is another value.
    func testAClientsBaseURLAloneAndItsFreeRequests() {
        XCTAssertEqual(summary("""
            import httpx

            openai_http = httpx.AsyncClient(base_url="https://api.openai.com/v1", timeout=30)
            """, "app/clients.py"), ["paid-http-call:3:openai"])
        XCTAssertEqual(summary("""
            import httpx

            async def list_models():
                async with httpx.AsyncClient(base_url="https://api.openai.com/v1") as client:
                    return (await client.get("/models")).json()

            async def local(q):
                async with httpx.AsyncClient(base_url="http://localhost:11434") as client:
                    return (await client.post("/api/chat", json={"q": q})).json()

            async def gateway(q):
                async with httpx.AsyncClient(base_url="https://llm-gateway.internal.example") as client:
                    return (await client.post("/v1/chat/completions", json={"q": q})).json()
            """, "app/models.py"), [])
        XCTAssertEqual(summary("""
            import httpx
            import redis

            client = httpx.Client(base_url="https://api.openai.com/v1")

            def cached(key):
                client = redis.Redis()
                return client.get(key)

            def complete(body):
                return client.post("/chat/completions", json=body)
            """, "app/cache.py"), ["paid-http-call:11:openai"], "a local of the same name is another value")
    }

    func testSDKShapesFromTheIssue() {
        XCTAssertEqual(summary("""
            import litellm

            def ask(prompt):
                return litellm.completion(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
            """, "app/ask.py"), ["paid-sdk-call:4:litellm"])
        XCTAssertEqual(summary("""
            import com.google.ai.client.generativeai.GenerativeModel

            suspend fun summarize(model: GenerativeModel, text: String): String? =
                model.generateContent("Summarize: $text").text
            """, "app/src/main/java/app/Summarize.kt"), ["paid-sdk-call:4:google-gemini"])
        XCTAssertEqual(summary("""
            package voice

            import "github.com/openai/openai-go"

            func Transcribe(ctx context.Context, client openai.Client, params openai.AudioTranscriptionNewParams) (*openai.Transcription, error) {
            	return client.Audio.Transcriptions.New(ctx, params)
            }
            """, "internal/voice/transcribe.go"), ["paid-sdk-call:6:openai"])
        XCTAssertEqual(summary("""
            import openai

            def transcribe(f):
                return openai.Audio.transcribe("whisper-1", f)["text"]
            """, "app/whisper.py"), ["paid-sdk-call:4:openai"])
        XCTAssertEqual(summary("""
            from elevenlabs.client import ElevenLabs

            client = ElevenLabs()

            def speak(text):
                return client.text_to_speech.convert(voice_id="JBFqnCBsd6RMkjVDRZzb", text=text, model_id="eleven_multilingual_v2")
            """, "app/voice.py"), ["paid-sdk-call:6:elevenlabs"])
    }

    /// A gateway's request is credited to the upstream provider its address names: Cloudflare AI Gateway's provider
    /// segment (a request, or an SDK's base URL), Helicone's proxy host. A route naming none stays the gateway's.
    func testGatewayRequestsAreCreditedToTheUpstreamTheirAddressNames() {
        XCTAssertEqual(summary("""
            const GATEWAY = `https://gateway.ai.cloudflare.com/v1/${process.env.CF_ACCOUNT}/main`;

            export async function claude(body) {
              return fetch(`${GATEWAY}/anthropic/v1/messages`, { method: "POST", body: JSON.stringify(body) });
            }

            export async function compat(body) {
              return fetch(`${GATEWAY}/compat/chat/completions`, { method: "POST", body: JSON.stringify(body) });
            }

            export async function workers(body) {
              return fetch("https://gateway.ai.cloudflare.com/v1/acct/main/workers-ai/@cf/meta/llama-3.1-8b-instruct", { method: "POST", body });
            }
            """, "src/gateway.js"), [
                "paid-http-call:4:anthropic", "paid-http-call:8:cloudflare-ai-gateway", "paid-http-call:12:cloudflare-workers-ai",
            ])
        XCTAssertEqual(summary("""
            from openai import OpenAI

            client = OpenAI(base_url="https://gateway.ai.cloudflare.com/v1/acct/main/openai")


            def ask(prompt):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
            """, "app/llm.py"), ["paid-sdk-call:7:openai"])
        XCTAssertEqual(summary("""
            import requests


            def ask(body):
                return requests.post("https://anthropic.helicone.ai/v1/messages", json=body)
            """, "app/proxy.py"), ["paid-http-call:5:anthropic"])
    }

    func testOneCallIsOneFinding() {
        // A raw request made through an SDK-looking receiver: the SDK finding is kept, the HTTP one dropped.
        let findings = scan("""
            from tavily import TavilyClient
            tavily_client = TavilyClient()
            def go(q):
                return tavily_client.search(q) or requests.post("https://api.tavily.com/search", json={"query": q})
            """, "app/search.py")
        XCTAssertEqual(findings.map { "\($0.rule):\($0.line)" }, ["paid-sdk-call:4"])
    }

    func testClientRetrySettingsAboveTheBoundArePaidRetry() {
        XCTAssertEqual(summary("""
            import OpenAI from "openai";
            export const openai = new OpenAI({ maxRetries: 1000 });
            """, "src/lib/openai.ts"), ["paid-retry:2:openai"])
        XCTAssertEqual(summary("""
            import OpenAI from "openai";
            export const openai = new OpenAI({ maxRetries: 2 });
            """, "src/lib/openai.ts"), [])
    }

    /// A request to a base URL the app reads from a setting named for a provider (`REPLICATE_API_URL`) is that
    /// provider's, as a literal host would be; a setting named for no provider, or naming no address, is not.
    func testABaseURLSettingNamedForAProviderIsThatProvidersHost() {
        XCTAssertEqual(summary("""
            export async function predict(input: object) {
              const r = await fetch(`${process.env.REPLICATE_API_URL}/predictions`, { method: "POST", body: JSON.stringify({ input }) });
              return r.json();
            }
            """, "src/lib/replicate.ts"), ["paid-http-call:2:replicate"])
        XCTAssertEqual(summary("""
            import os
            import requests

            def speak(text):
                return requests.post(f"{os.environ['ELEVENLABS_BASE_URL']}/v1/text-to-speech/voice", json={"text": text})
            """, "app/tts.py"), ["paid-http-call:5:elevenlabs"])
        XCTAssertEqual(summary("""
            const base = process.env.ANTHROPIC_ENDPOINT;
            export const ask = (body: object) => fetch(base + "/v1/complete", { method: "POST", body: JSON.stringify(body) });
            """, "src/ask.ts"), ["paid-http-call:2:anthropic"])
        // Not an address (`REPLICATE_MODEL`), not a provider's (`WEATHER_API_URL`), or the provider's free path.
        XCTAssertEqual(summary("export const get = () => fetch(`${process.env.WEATHER_API_URL}/forecast`);\n", "src/weather.ts"), [])
        XCTAssertEqual(summary("export const get = () => fetch(`${process.env.REPLICATE_MODEL}/versions`);\n", "src/model.ts"), [])
        XCTAssertEqual(summary("export const ok = () => fetch(`${process.env.OPENAI_API_BASE}/health`);\n", "src/health.ts"), [])
    }

    /// `new URL(path, base)` is the path resolved against the base, whether the base is a literal host or a setting.
    func testANewURLOfAPathAndABaseIsTheirJoin() {
        XCTAssertEqual(summary("""
            const base = "https://api.openai.com";
            export async function complete(prompt: string) {
              const url = new URL("/v1/chat/completions", base);
              return fetch(url, { method: "POST", body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }) });
            }
            export const embed = (text: string) =>
              fetch(new URL("v1/embeddings", process.env.OPENAI_BASE_URL), { method: "POST", body: JSON.stringify({ input: text }) });
            """, "src/lib/ai.ts"), ["paid-http-call:4:openai", "paid-http-call:7:openai-compatible"])
        // The app's own API, or a URL taken whole from a request: not a paid call.
        XCTAssertEqual(summary("""
            export const items = () => fetch(new URL("/api/items", window.location.origin));
            export const proxy = (req: Request) => fetch(new URL(req.url));
            """, "src/lib/client.ts"), [])
    }
}
