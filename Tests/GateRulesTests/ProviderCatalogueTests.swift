import GateCore
import GateRules
import GateTestSupport
import XCTest

/// The catalogue is data: built-in coverage, and providers added through the policy are detected the same way.
final class ProviderCatalogueTests: XCTestCase {
    func testBuiltinCatalogueCoversTheRequiredProviders() {
        let ids = Set(ProviderCatalogue.builtin.map(\.id))
        for required in [
            "openai", "azure-openai", "anthropic", "google-gemini", "google-vertex-ai", "aws-bedrock", "cohere",
            "mistral", "groq", "together", "replicate", "perplexity", "deepseek", "openrouter", "huggingface-inference",
            "langchain", "llamaindex", "vercel-ai-sdk", "tavily", "serpapi", "exa", "twilio", "vonage", "sendgrid",
            "mailgun", "postmark", "stripe",
        ] {
            XCTAssertTrue(ids.contains(required), "missing provider \(required)")
        }
        XCTAssertEqual(ids.count, ProviderCatalogue.builtin.count, "provider ids must be unique")
        for provider in ProviderCatalogue.builtin {
            XCTAssertFalse(provider.hosts.isEmpty && provider.calls.isEmpty && provider.batchCalls.isEmpty, "\(provider.id) cannot be recognised")
        }
    }

    private var acme: DetectionContext {
        var context = DetectionContext()
        context.providers.append(Provider(
            id: "acme-llm", kind: .model, hosts: ["llm.acme.internal"],
            packages: ["npm": ["@acme/llm"], "pypi": ["acme-llm"]], calls: ["acme_llm.complete"]))
        return context
    }

    private func findings(_ example: DetectorExample, _ context: DetectionContext) -> [Finding] {
        Scanner(context: context).scan(example.makeSourceFile())
    }

    func testPolicyProviderCallHostAndPackageAreDetected() {
        let call = DetectorExample("""
            import acme_llm

            def ask(prompt):
                return acme_llm.complete(prompt)
            """, path: "app/ask.py")
        XCTAssertEqual(findings(call, acme).map { "\($0.rule) \($0.line) \($0.provider ?? "")" }, ["paid-sdk-call 4 acme-llm"])
        XCTAssertTrue(findings(call, DetectionContext()).isEmpty, "unknown without the policy's provider")

        let http = DetectorExample("""
            const url = "https://llm.acme.internal/v1/complete";
            export const complete = (body: string) => fetch(url, { method: "POST", body });
            """, path: "src/acme.ts")
        XCTAssertEqual(findings(http, acme).map(\.rule), ["paid-http-call"])

        let manifest = DetectorExample("acme-llm==1.2\n", path: "requirements-prod.txt", base: "")
        XCTAssertEqual(findings(manifest, acme).map(\.rule), ["paid-sdk-dependency"])
    }

    /// Streaming, audio and image calls of the OpenAI SDKs for Go and .NET are paid calls; and a client nothing in the
    /// file names (a parameter) is OpenAI's, not Azure's, which re-hosts OpenAI's call shapes.
    func testOpenAIStreamingAudioAndImageCallsAndTheProviderOfAnUnnamedClient() {
        let examples: [(DetectorExample, [String])] = [
            (DetectorExample("""
                using OpenAI.Chat;
                using OpenAI.Images;
                using OpenAI.Audio;

                public class MediaAi(ChatClient chat, ImageClient images, AudioClient audio)
                {
                    public IAsyncEnumerable<StreamingChatCompletionUpdate> Stream(string prompt) => chat.CompleteChatStreamingAsync(prompt);
                    public Task<ClientResult<GeneratedImage>> Cover(string prompt) => images.GenerateImageAsync(prompt);
                    public Task<ClientResult<AudioTranscription>> Transcribe(string path) => audio.TranscribeAudioAsync(path);
                }
                """, path: "Media/MediaAi.cs"), ["paid-sdk-call 7 openai", "paid-sdk-call 8 openai", "paid-sdk-call 9 openai"]),
            (DetectorExample("""
                package ai

                import (
                	"context"

                	"github.com/openai/openai-go"
                	goopenai "github.com/sashabaranov/go-openai"
                )

                func Stream(ctx context.Context, client openai.Client, params openai.ChatCompletionNewParams) {
                	stream := client.Chat.Completions.NewStreaming(ctx, params)
                	defer stream.Close()
                }

                func Speak(ctx context.Context, client *goopenai.Client, text string) {
                	client.CreateSpeech(ctx, goopenai.CreateSpeechRequest{Model: goopenai.TTSModel1, Input: text})
                }
                """, path: "internal/ai/stream.go"), ["paid-sdk-call 11 openai", "paid-sdk-call 16 openai"]),
            (DetectorExample("""
                <?php

                namespace App\\Http\\Controllers;

                use OpenAI\\Laravel\\Facades\\OpenAI;

                class CardController extends Controller
                {
                    public function cover(string $prompt)
                    {
                        return OpenAI::images()->create(['model' => 'dall-e-3', 'prompt' => $prompt, 'size' => '1024x1024']);
                    }
                }
                """, path: "app/Http/Controllers/CardController.php"), ["paid-sdk-call 11 openai"]),
            (DetectorExample("""
                def answer(client, model, question):
                    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": question}])
                """, path: "app/answer.py"), ["paid-sdk-call 2 openai"]),
        ]
        for (example, expected) in examples {
            XCTAssertEqual(findings(example, DetectionContext()).map { "\($0.rule) \($0.line) \($0.provider ?? "")" }, expected, example.path)
        }
    }

    func testPolicyJobPathsMakeCallsBatch() throws {
        let example = DetectorExample("""
            from openai import OpenAI
            client = OpenAI()
            def run():
                return client.chat.completions.create(model="gpt-4o", messages=[])
            """, path: "backfill/summaries.py")
        XCTAssertEqual(findings(example, DetectionContext()).map(\.rule), ["paid-sdk-call"])
        let context = DetectionContext(jobPaths: [try Glob("backfill/**")])
        XCTAssertEqual(findings(example, context).map(\.rule), ["batch-model-call"])
    }

    func testRetryBoundComesFromTheContext() {
        let example = DetectorExample("""
            from tenacity import retry, stop_after_attempt
            from openai import OpenAI
            client = OpenAI()

            @retry(stop=stop_after_attempt(5))
            def ask(prompt):
                return client.chat.completions.create(model="gpt-4o", messages=[])
            """, path: "app/ask.py")
        XCTAssertTrue(findings(example, DetectionContext()).contains { $0.rule == "paid-retry" && $0.line == 5 })
        XCTAssertFalse(findings(example, DetectionContext(retryBound: 5)).contains { $0.rule == "paid-retry" })
    }
}

/// `gate rules` and its text come from the detectors' descriptions.
final class RuleCatalogueTests: XCTestCase {
    func testListNamesEveryDetector() {
        let list = RuleCatalogue.list()
        for detector in DetectorRegistry.all {
            XCTAssertTrue(list.contains(detector.description.id), detector.description.id)
        }
        XCTAssertTrue(list.hasPrefix("ID"))
    }

    func testDescribeShowsRationaleAndMarkedExamples() throws {
        let detector = try XCTUnwrap(DetectorRegistry.detector(id: "paid-http-call"))
        let text = RuleCatalogue.describe(detector)
        XCTAssertTrue(text.contains("paid-http-call: Raw HTTP to a paid host"))
        XCTAssertTrue(text.contains("1 approval from cost"))
        XCTAssertTrue(text.contains("↓\"https://api.openai.com/v1/chat/completions\""))
        XCTAssertTrue(text.contains("Non-triggering examples"))
    }

    func testCategoryNamesSelectTheirDetectorsAndNearMissesAreSuggested() {
        XCTAssertEqual(
            RuleCatalogue.detectors(matching: "paid-external-call").map(\.description.id),
            ["paid-sdk-call", "paid-http-call", "paid-call-reach", "paid-sdk-dependency"])
        XCTAssertTrue(RuleCatalogue.detectors(matching: "nope").isEmpty)
        XCTAssertEqual(RuleCatalogue.suggestion(for: "paid-retyr"), "paid-retry")
        XCTAssertNil(RuleCatalogue.suggestion(for: "completely-unrelated-words"))
    }

    func testGateRulesCommand() throws {
        let gate = gateExecutablePath()
        let list = try runProcess(gate, ["rules"])
        XCTAssertEqual(list.status, 0, list.stderr)
        // Columns are as wide as the longest id, which grows as detectors are added: match the row, not the padding.
        XCTAssertNotNil(
            list.stdout.range(of: "(?m)^unprotected-endpoint +unprotected-endpoint +critical ", options: .regularExpression),
            list.stdout)
        let one = try runProcess(gate, ["rules", "batch-model-call"])
        XCTAssertEqual(one.status, 0, one.stderr)
        XCTAssertTrue(one.stdout.contains("↓"))
        let unknown = try runProcess(gate, ["rules", "paid-sdk-cal"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("Did you mean 'paid-sdk-call'?"), unknown.stderr)
    }
}

/// Generic method names of unrelated receivers are not paid calls even where a provider SDK is in scope.
final class AttributionTests: XCTestCase {
    private func rules(_ text: String, _ path: String) -> [String] {
        Scanner().scan(DetectorExample(text, path: path).makeSourceFile()).map { "\($0.rule):\($0.line)" }
    }

    func testUnrelatedReceiversInFilesThatImportAProvider() {
        XCTAssertEqual(rules("""
            import express from "express";
            import sgMail from "@sendgrid/mail";
            export function ok(req, res) { res.send("ok"); }
            export const notify = (msg) => sgMail.send(msg);
            """, "src/mail.js"), ["paid-sdk-call:4"])
        XCTAssertEqual(rules("""
            import asyncio
            import re
            import replicate
            from tavily import TavilyClient

            def main():
                if re.search("x", "y"):
                    asyncio.run(work())
                return replicate.run("stability-ai/sdxl", input={"prompt": "cat"})
            """, "app/images.py"), ["paid-sdk-call:9"])
        XCTAssertEqual(rules("""
            using Stripe;
            public class Export { public void Save(string path) { var f = File.Create(path); } }
            """, "src/Export.cs"), [])
    }

    func testAnAgentFrameworksRunIsPaidAndAnotherLibrarysRunIsNot() {
        let agent = """
            import asyncio
            import subprocess
            from pydantic_ai import Agent

            support_agent = Agent("openai:gpt-4o")

            async def main(question: str):
                subprocess.run(["git", "status"])
                result = await support_agent.run(question)
                print(result.output)

            asyncio.run(main("why?"))
            """
        XCTAssertEqual(headTreeFindings("app/main.py", head: ["app/main.py": agent]).map { "\($0.rule):\($0.line)" }, ["paid-sdk-call:9"])
        // A bare call of the SDK's own function, imported by name; a function of the same name from the project is not.
        let run = """
            import { Agent, run } from "@openai/agents";

            const agent = new Agent({ name: "Assistant", instructions: "Answer briefly." });

            export async function answer(question: string) {
              return (await run(agent, question)).finalOutput;
            }
            """
        XCTAssertEqual(headTreeFindings("src/agent.ts", head: ["src/agent.ts": run]).map { "\($0.rule):\($0.line)" }, ["paid-sdk-call:6"])
        let local = run.replacingOccurrences(of: "import { Agent, run } from \"@openai/agents\";",
                                             with: "import { Agent } from \"@openai/agents\";\nimport { run } from \"./pipeline\";")
        XCTAssertEqual(headTreeFindings("src/agent.ts", head: ["src/agent.ts": local]).map { "\($0.rule):\($0.line)" }, [])
        let crew = "from crewai import Crew\n\ndef research(crew: Crew, topics: list[str]):\n    return crew.kickoff_for_each(inputs=[{\"topic\": t} for t in topics])\n"
        XCTAssertEqual(headTreeFindings("app/research.py", head: ["app/research.py": crew]).map { "\($0.rule):\($0.line)" }, ["batch-model-call:4"])
    }

    /// Haystack's generators and the pipelines holding them run the model; DSPy's optimizers and evaluations run a
    /// program over a whole set. Another library's `run`, `compile` or `Pipeline` is not theirs.
    func testHaystackPipelinesAndDSPyOptimizersAreModelCalls() {
        func found(_ text: String, _ path: String) -> [String] {
            headTreeFindings(path, head: [path: text]).map { "\($0.rule):\($0.line)" }
        }
        let haystack = """
            from flask import Flask
            from haystack import Pipeline
            from haystack.components.generators import OpenAIGenerator

            app = Flask(__name__)
            pipe = Pipeline()
            pipe.add_component("llm", OpenAIGenerator(model="gpt-4o-mini"))

            def answer_all(questions):
                return [pipe.run({"llm": {"prompt": q}}) for q in questions]

            if __name__ == "__main__":
                app.run(port=5000)
            """
        XCTAssertEqual(found(haystack, "app/rag.py"), ["batch-model-call:10"])
        let sklearn = """
            from sklearn.pipeline import Pipeline
            import luigi

            pipe = Pipeline([("clf", model)])
            for fold in folds:
                pipe.fit(fold.X, fold.y)

            if __name__ == "__main__":
                luigi.run()
            """
        XCTAssertEqual(found(sklearn, "ml/train.py"), [])
        let dspy = """
            import re
            import dspy
            from dspy.evaluate import Evaluate
            from dspy.teleprompt import BootstrapFewShot

            dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))
            number = re.compile(r"[0-9]+")
            teleprompter = BootstrapFewShot(metric=exact_match)
            compiled = teleprompter.compile(program, trainset=trainset)
            score = Evaluate(devset=devset, metric=exact_match)(compiled)
            """
        XCTAssertEqual(found(dspy, "evals/optimize.py"), ["batch-model-call:9", "batch-model-call:10"])
    }

    /// A DSPy module is called as an object: a predictor made in place, one a module holds, and a module of the
    /// file's own (`class RAG(dspy.Module)`); over a set of examples that is batch work. Another library's module
    /// (torch's `nn.Module`) is not DSPy's, nor is a program on a model Ollama runs.
    func testDSPyModulesCalledAsObjectsAreModelCalls() {
        func found(_ text: String, _ path: String) -> [String] {
            headTreeFindings(path, head: [path: text]).map { "\($0.rule):\($0.line)" }
        }
        let program = """
            import dspy

            dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))
            qa = dspy.ChainOfThought("question -> answer")


            class RAG(dspy.Module):
                def __init__(self):
                    self.respond = dspy.Predict("context, question -> response")

                def forward(self, question):
                    return self.respond(context=[], question=question)


            rag = RAG()


            def answer(question):
                return qa(question=question).answer, rag(question=question).response


            def grade(examples):
                return [qa(question=example.question) for example in examples]


            def tuned(question, trainset):
                compiled = dspy.BootstrapFewShot(metric=None).compile(RAG(), trainset=trainset)
                return compiled(question=question)


            async def answer_async(question):
                return await qa.acall(question=question)
            """
        XCTAssertEqual(found(program, "app/qa.py"),
                       ["paid-sdk-call:12", "paid-sdk-call:19", "paid-sdk-call:19", "paid-sdk-call:28", "paid-sdk-call:32",
                        "batch-model-call:23", "batch-model-call:27"])
        let other = """
            import dspy
            import torch.nn as nn


            class Net(nn.Module):
                def forward(self, x):
                    return x


            net = Net()
            summarize = dspy.ChainOfThought("text -> summary")


            def run(x, ask=summarize):
                return net(x)
            """
        XCTAssertEqual(found(other, "app/net.py"), [])
        let local = """
            import dspy

            dspy.configure(lm=dspy.LM("ollama_chat/llama3.2", api_base="http://localhost:11434", api_key=""))
            qa = dspy.ChainOfThought("question -> answer")


            def answer(question):
                return qa(question=question).answer
            """
        XCTAssertEqual(found(local, "app/local.py"), [])
        // LiteLLM's `openai/` prefix before a model no paid provider sells, served on this machine (vLLM, SGLang,
        // llama.cpp's server): local. A paid model's id behind a local base (a LiteLLM proxy) is still paid.
        let server = """
            import dspy

            lm = dspy.LM("openai/LFM2-700M", api_base="http://localhost:8080/v1", api_key="not-needed")
            dspy.configure(lm=lm)
            qa = dspy.ChainOfThought("question -> answer")


            def answer(question):
                return qa(question=question).answer
            """
        XCTAssertEqual(found(server, "app/local.py"), [])
        XCTAssertEqual(found(server.replacingOccurrences(of: "openai/LFM2-700M", with: "hosted_vllm/Qwen/Qwen2.5-7B-Instruct"),
                             "app/local.py"), [])
        XCTAssertEqual(found(server.replacingOccurrences(of: "LFM2-700M", with: "gpt-4o-mini"), "app/local.py"),
                       ["paid-sdk-call:9"])
        XCTAssertEqual(found(server.replacingOccurrences(of: "http://localhost:8080/v1", with: "https://llm.example.com/v1"),
                             "app/local.py"), ["paid-sdk-call:9"])
    }

    /// A client held in a variable whose name says nothing is named by the call that made it: Tavily's
    /// `TavilyClient(…)` and `tavily({ apiKey })`, LlamaIndex's `index.as_query_engine()`. Another client's `search`
    /// or `query` in the same file (Elasticsearch, SQLAlchemy) is not the provider's.
    func testClientsHeldInVariablesAreNamedByWhatMadeThem() {
        func found(_ text: String, _ path: String) -> [String] {
            headTreeFindings(path, head: [path: text]).map { "\($0.rule):\($0.line)" }
        }
        let python = """
            import os
            from elasticsearch import Elasticsearch
            from tavily import TavilyClient

            es = Elasticsearch("http://localhost:9200")
            tv = TavilyClient(api_key=os.environ["TAVILY_API_KEY"])


            class Researcher:
                def __init__(self):
                    self.web = TavilyClient()

                def find(self, q):
                    return es.search(index="docs", query={"match": {"body": q}}), tv.search(q), self.web.extract([q])
            """
        XCTAssertEqual(found(python, "app/research.py"), ["paid-sdk-call:14", "paid-sdk-call:14"])
        let script = """
            import { tavily } from "@tavily/core";

            const tc = tavily({ apiKey: process.env.TAVILY_API_KEY });

            export async function web(q: string) {
              return await tc.search(q, { maxResults: 5 });
            }
            """
        XCTAssertEqual(found(script, "src/search.ts"), ["paid-sdk-call:6"])
        let engines = """
            from llama_index.core import VectorStoreIndex
            from sqlalchemy.orm import Session

            index = VectorStoreIndex.from_vector_store(store)
            engine = index.as_query_engine(similarity_top_k=3)
            bot = index.as_chat_engine()


            def ask(q):
                return engine.query(q)


            def talk(m):
                return bot.chat(m)


            def users(db: Session):
                return db.query(User).all()
            """
        XCTAssertEqual(found(engines, "app/rag.py"), ["paid-sdk-call:10", "paid-sdk-call:14"])
        let scriptEngine = """
            import { VectorStoreIndex, Document } from "llamaindex";

            export async function ask(q: string, docs: Document[], db: Knex) {
              const index = await VectorStoreIndex.fromDocuments(docs);
              const engine = index.asQueryEngine();
              const rows = await db.query("select 1");
              return (await engine.query({ query: q })).response;
            }
            """
        // The index built from every document embeds them all: batch work, wherever it is.
        XCTAssertEqual(found(scriptEngine, "src/ask.ts"), ["paid-sdk-call:7", "batch-model-call:4"])
        // LangChain's Tavily tools, run by hand.
        let tool = """
            from langchain_tavily import TavilySearch

            web_search = TavilySearch(max_results=5, topic="general")


            def search(q):
                return web_search.invoke({"query": q})
            """
        XCTAssertEqual(found(tool, "app/tools.py"), ["paid-sdk-call:7"])
        let replicate = """
            import replicate
            from app.jobs import runner

            rep = replicate.Client(api_token="r8_x")


            def image(prompt):
                runner.run(prompt)
                return rep.run("black-forest-labs/flux-schnell", input={"prompt": prompt})
            """
        XCTAssertEqual(found(replicate, "app/images.py"), ["paid-sdk-call:9"])
    }

    /// Ruby's and PHP's Gemini clients: gemini-ai's `Gemini.new` (required, or autoloaded by Rails), google-gemini-php's
    /// `Gemini::client($key)` under `use Gemini;`; Go's LangChain model called through its variable. A Ruby method of
    /// the project named like the SDK's is not it, nor is langchaingo on Ollama.
    func testRubyPHPAndGoModelClients() {
        func found(_ text: String, _ path: String) -> [String] {
            headTreeFindings(path, head: [path: text]).map { "\($0.rule):\($0.line)" }
        }
        let required = """
            require "gemini-ai"

            class GeminiService
              def initialize
                @client = Gemini.new(credentials: { service: "generative-language-api", api_key: ENV["GEMINI_API_KEY"] })
              end

              def generate_content(prompt:)
                @client.generate_content({ contents: { role: "user", parts: { text: prompt } } })
              end
            end
            """
        XCTAssertEqual(found(required, "app/services/gemini_service.rb"), ["paid-sdk-call:9"])
        let autoloaded = """
            class TitleService
              def call(text)
                client = Gemini.new(credentials: { service: "generative-language-api", api_key: ENV["GOOGLE_API_KEY"] }, options: { model: "gemini-2.0-flash" })
                client.stream_generate_content({ contents: { role: "user", parts: { text: text } } })
              end
            end
            """
        XCTAssertEqual(found(autoloaded, "app/services/title_service.rb"), ["paid-sdk-call:4"])
        // The memoized client of a Rails service, made in a method of its own and called bare.
        let memoized = """
            class ChatService
              def reply(text)
                client.generate_content({ contents: { role: "user", parts: { text: text } } })
              end

              private

              def client
                @client ||= Gemini.new(
                  credentials: { service: "generative-language-api", api_key: ENV.fetch("GEMINI_API_KEY") },
                  options: { model: "gemini-1.5-flash" }
                )
              end
            end
            """
        XCTAssertEqual(found(memoized, "app/services/chat_service.rb"), ["paid-sdk-call:3"])
        XCTAssertEqual(found(memoized.replacingOccurrences(of: "Gemini.new(", with: "Builder.new("), "app/services/chat_service.rb"), [])
        // The same client on Vertex AI bills through Google Cloud's Vertex AI.
        func providers(_ text: String) -> [String] {
            Scanner().scan(DetectorExample(text, path: "app/services/chat_service.rb").makeSourceFile()).compactMap(\.provider)
        }
        XCTAssertEqual(providers(memoized), ["google-gemini"])
        XCTAssertEqual(providers(memoized.replacingOccurrences(of: #"service: "generative-language-api", api_key: ENV.fetch("GEMINI_API_KEY")"#,
                                                               with: #"service: "vertex-ai-api", region: "us-east4""#)),
                       ["google-vertex-ai"])
        let unrelated = """
            class Report
              def call(text)
                builder = Builder.new(text)
                builder.generate_content(format: :pdf)
              end
            end
            """
        XCTAssertEqual(found(unrelated, "app/services/report.rb"), [])
        let php = """
            <?php
            namespace App;

            use Gemini;

            class Summary
            {
                public function make(string $text): string
                {
                    $client = Gemini::client(getenv('GEMINI_API_KEY'));
                    return $client->geminiPro()->generateContent($text)->text();
                }
            }
            """
        XCTAssertEqual(found(php, "src/Summary.php"), ["paid-sdk-call:11"])
        let go = """
            package ai

            import (
            	"context"

            	"github.com/tmc/langchaingo/llms"
            	"github.com/tmc/langchaingo/llms/openai"
            )

            func Summarize(ctx context.Context, text string) (string, error) {
            	llm, _ := openai.New()
            	resp, err := llm.GenerateContent(ctx, []llms.MessageContent{llms.TextParts(llms.ChatMessageTypeHuman, text)})
            	if err != nil {
            		return "", err
            	}
            	return resp.Choices[0].Content, nil
            }
            """
        XCTAssertEqual(found(go, "internal/ai/summarize.go"), ["paid-sdk-call:12"])
        let local = go.replacingOccurrences(of: "llms/openai", with: "llms/ollama")
            .replacingOccurrences(of: "openai.New()", with: "ollama.New(ollama.WithModel(\"llama3\"))")
        XCTAssertEqual(found(local, "internal/ai/summarize.go"), [])
    }

    /// Bedrock's agents and knowledge bases run a model per call; ElevenLabs' `generate`, imported by name (before
    /// 1.0) or on the client, synthesises speech. boto3's other clients, and a local player, are not paid calls.
    func testBedrockAgentsAndElevenLabsGenerate() {
        func found(_ text: String, _ path: String) -> [String] {
            headTreeFindings(path, head: [path: text]).map { "\($0.rule):\($0.line)" }
        }
        let bedrock = """
            import boto3

            agent = boto3.client("bedrock-agent-runtime")
            s3 = boto3.client("s3")


            def answer(question, kb_id, model_arn):
                s3.put_object(Bucket="logs", Key="q", Body=question)
                return agent.retrieve_and_generate(
                    input={"text": question},
                    retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": model_arn}},
                )
            """
        XCTAssertEqual(found(bedrock, "app/kb.py"), ["paid-sdk-call:9"])
        let script = """
            import { BedrockAgentRuntimeClient, InvokeAgentCommand } from "@aws-sdk/client-bedrock-agent-runtime";

            const client = new BedrockAgentRuntimeClient({ region: "us-east-1" });

            export async function ask(sessionId: string, inputText: string) {
              return client.send(new InvokeAgentCommand({ agentId: "A", agentAliasId: "B", sessionId, inputText }));
            }
            """
        XCTAssertEqual(found(script, "src/agent.ts"), ["paid-sdk-call:6"])
        let legacy = """
            from elevenlabs import generate, play


            def speak(text):
                audio = generate(text=text, voice="Bella", model="eleven_monolingual_v1")
                play(audio)
            """
        XCTAssertEqual(found(legacy, "app/speak.py"), ["paid-sdk-call:5"])
        let client = """
            from elevenlabs.client import ElevenLabs
            from app.templates import generate

            voice = ElevenLabs()


            def speak(text):
                return voice.generate(text=generate(text), voice="Rachel")
            """
        XCTAssertEqual(found(client, "app/voice.py"), ["paid-sdk-call:8"])
    }

    func testClientsFromOtherModulesAreAttributedByDistinctiveShapesOrNames() {
        XCTAssertEqual(rules("""
            from app.llm import client, claude_client

            def summarize(text):
                first = client.chat.completions.create(model="gpt-4o", messages=[])
                second = claude_client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=[])
                third = anthropic_client.messages.create(model="claude-sonnet-4-5", max_tokens=64, messages=[])
                return first, second, third
            """, "app/summarize.py"), ["paid-sdk-call:4", "paid-sdk-call:5", "paid-sdk-call:6"])
        let providers = Scanner().scan(DetectorExample("""
            import { client } from "./llm";
            export const run = () => client.chat.completions.create({ model: "gpt-4o", messages: [] });
            export const charge = () => stripe.PaymentIntent.create({ amount: 100 });
            """, path: "src/run.ts").makeSourceFile()).compactMap(\.provider)
        XCTAssertEqual(providers, ["openai", "stripe"])
    }

    /// The `openai` package's Azure clients (`AzureOpenAI`, `AsyncAzureOpenAI`, JS `new AzureOpenAI(…)`) call Azure
    /// OpenAI, not OpenAI; the package's own `OpenAI` stays OpenAI's, and LangChain's `AzureChatOpenAI` LangChain's.
    func testTheOpenAIPackagesAzureClientsAreAzureOpenAIs() {
        func providers(_ text: String, _ path: String) -> [String] {
            Scanner().scan(DetectorExample(text, path: path).makeSourceFile()).compactMap(\.provider)
        }
        XCTAssertEqual(providers("""
            import os
            from openai import AzureOpenAI, AsyncAzureOpenAI

            client = AzureOpenAI(api_version="2024-02-01", azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"])
            aclient = AsyncAzureOpenAI()

            async def summarize(text):
                first = client.chat.completions.create(model="gpt-4o", messages=[])
                return first, await aclient.chat.completions.create(model="gpt-4o", messages=[])
            """, "app/llm.py"), ["azure-openai", "azure-openai"])
        XCTAssertEqual(providers("""
            import { AzureOpenAI } from "openai";

            const client = new AzureOpenAI({ endpoint: process.env.AZURE_OPENAI_ENDPOINT, apiVersion: "2024-10-21" });
            export const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [] });
            """, "src/llm.ts"), ["azure-openai"])
        XCTAssertEqual(providers("""
            from openai import OpenAI

            client = OpenAI()

            def summarize(text):
                return client.chat.completions.create(model="gpt-4o", messages=[])
            """, "app/llm.py"), ["openai"])
        XCTAssertEqual(providers("""
            from langchain_openai import AzureChatOpenAI

            llm = AzureChatOpenAI(azure_deployment="gpt-4o")

            def summarize(text):
                return llm.invoke(text)
            """, "app/chain.py"), ["langchain"])
        // A module that imports both and makes its client elsewhere: the call both could make is Azure's (the
        // re-hosting API comes first in the catalogue); the client the file makes with `OpenAI()` is OpenAI's.
        let both = """
            import os
            from openai import AzureOpenAI, OpenAI

            def make_client():
                return AzureOpenAI() if os.environ.get("AZURE_OPENAI_ENDPOINT") else OpenAI()

            client = make_client()
            direct = OpenAI()

            def summarize(text):
                return client.chat.completions.create(model="gpt-4o", messages=[]), direct.embeddings.create(input=text)
            """
        XCTAssertEqual(providers(both, "app/llm.py"), ["azure-openai", "openai"])
        // .NET's Azure client hands out OpenAI's `ChatClient` (`using OpenAI.Chat;` beside `using Azure.AI.OpenAI;`).
        XCTAssertEqual(providers("""
            using Azure;
            using Azure.AI.OpenAI;
            using OpenAI.Chat;

            AzureOpenAIClient azureClient = new(new Uri(endpoint), new AzureKeyCredential(key));
            ChatClient chatClient = azureClient.GetChatClient("gpt-4o");
            ChatCompletion completion = chatClient.CompleteChat([new UserChatMessage("Hello")]);
            """, "Program.cs"), ["azure-openai"])
    }
}
