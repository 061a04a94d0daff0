import GateCore

/// A new call through a paid provider's SDK: each request costs money.
public struct PaidSDKCallDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "paid-sdk-call", name: "Paid SDK call", category: .paidExternalCall,
        rationale: """
            A call through a paid provider's SDK (LLM, embedding, search, SMS, e-mail, payments) spends money on \
            every request. The call is attributed when the file imports the provider's SDK or names one of its \
            types, and its member chain (names a literal spells included: `openai["chat"]["completions"]["create"](…)`, \
            `getattr(client.chat.completions, "create")(…)`) ends in one of the provider's call shapes (`chat.completions.create`, \
            `messages.create`, `paymentintent.New`…), a receiver standing for the call that made it (`tv = \
            TavilyClient()`, then `tv.search(q)`) or, in Java and Kotlin, for the type it is declared with, as its import \
            names it (`private final ChatModel model;` then `model.call(prompt)`; a `chatModel` of the project's own \
            class is none of Spring AI's); an object whose call is the request (a DSPy module, `qa(question=q)`) \
            counts too. Where the client's type is not visible, a model id of the provider \
            in the arguments (`claude-3-5-sonnet-latest`) or the provider's directory or file name \
            (`providers/anthropic.py`) attributes it. An import or a client constructed alone is context, not a \
            call; comments and strings never are. Models that run on the team's own machines cost nothing: \
            LangChain's Ollama and llama.cpp classes, Spring AI and LangChain4j with Ollama's starter as their only \
            model, the Vercel AI SDK with Ollama's provider (or OpenAI-compatible providers made only for this machine) \
            as the project's only one, unless a call names a paid model by its AI Gateway id (`model: "openai/gpt-4o"`). \
            A vector store's or retriever's search by text embeds the query with the store's embeddings \
            (`db.similarity_search(q)`, `retriever.get_relevant_documents(q)`, `vectorStore.similaritySearch(q)`): a \
            call of LangChain's unless the store was built with embeddings that run locally (`HuggingFaceEmbeddings`, \
            `FakeEmbeddings`); a search by vector embeds nothing. In Java and Kotlin, a one-word method called on a \
            value another type's method returned (`groups.values().stream()`) or on a standard type's member \
            (`groups.values.stream()`) is that value's own, not an SDK's. Calls in loops, jobs or batch \
            APIs are reported as batch-model-call instead. A call the change only edits is not new: one of the same \
            provider and API in the same function (or class, or top level) on a line the change deletes pairs with it \
            — its quotes, layout, model, prompt or result's name changed, `client.` made `get_client().` —; another \
            provider or API on its line, or a second call beside it, is new. Nor is a call the change moves into \
            another file (seen across the whole change): extracted from a function that now calls, directly or \
            through others, the new function holding it (a route's inline call moved into `lib/ai.js \
            draftReply()`; not into a function that existed, whose other callers may now spend), or \
            moved with the whole function that held it (`summarize` gone from `lib/utils.ts`, its line unchanged in \
            `lib/ai.ts`). One deleted call stands for one added call; a call that now repeats and did not is \
            batch-model-call, and the routes reaching it are judged by unprotected-endpoint as ever.
            """,
        triggering: [
            // A vector store's search by text embeds the query with the store's paid embeddings.
            DetectorExample("""
                from langchain_chroma import Chroma
                from langchain_openai import OpenAIEmbeddings

                db = Chroma(collection_name="docs", embedding_function=OpenAIEmbeddings())

                def search(q):
                    return ↓db.similarity_search(q, k=4)
                """, path: "app/search.py"),
            DetectorExample("""
                import com.aallam.openai.api.chat.ChatCompletionRequest
                import com.aallam.openai.api.model.ModelId
                import com.aallam.openai.client.OpenAI

                val openAI = OpenAI(token = System.getenv("OPENAI_API_KEY"))

                suspend fun summarize(text: String) =
                    ↓openAI.chatCompletion(ChatCompletionRequest(model = ModelId("gpt-4o-mini"), messages = listOf()))
                """, path: "src/main/kotlin/app/Summarize.kt"),
            DetectorExample("""
                import OpenAI from "openai";
                const openai = new OpenAI();
                export async function summarize(text: string) {
                  const r = await ↓openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                  return r.choices[0].message.content;
                }
                """, path: "src/lib/summarize.ts"),
            DetectorExample("""
                from anthropic import Anthropic

                client = Anthropic()

                def answer(question):
                    message = ↓client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": question}])
                    return message.content[0].text
                """, path: "app/answer.py"),
            // Members named by literals: JavaScript's subscripts, Python's getattr with a literal name.
            DetectorExample("""
                import OpenAI from "openai";
                const openai = new OpenAI();
                export const draft = (text) => ↓openai["chat"]["completions"]["create"]({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                """, path: "lib/draft.js"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize(text):
                    return getattr(↓client.chat.completions, "create")(model="gpt-4o", messages=[{"role": "user", "content": text}])
                """, path: "app/summarize.py"),
            DetectorExample("""
                package billing

                import (
                	"github.com/stripe/stripe-go/v76"
                	"github.com/stripe/stripe-go/v76/paymentintent"
                )

                func Charge(amount int64) (*stripe.PaymentIntent, error) {
                	params := &stripe.PaymentIntentParams{Amount: stripe.Int64(amount), Currency: stripe.String("usd")}
                	return ↓paymentintent.New(params)
                }
                """, path: "billing/charge.go"),
            // Go's LangChain with a paid model's package.
            DetectorExample("""
                package ai

                import (
                	"context"

                	"github.com/tmc/langchaingo/llms"
                	"github.com/tmc/langchaingo/llms/openai"
                )

                func Summarize(ctx context.Context, text string) (string, error) {
                	llm, err := openai.New()
                	if err != nil {
                		return "", err
                	}
                	return ↓llms.GenerateFromSinglePrompt(ctx, llm, "Summarize: "+text)
                }
                """, path: "internal/ai/summarize.go"),
            // An agent framework's run calls the model the agent was given.
            DetectorExample("""
                from pydantic_ai import Agent

                support_agent = Agent("openai:gpt-4o", system_prompt="Answer in one sentence.")

                async def answer(question: str) -> str:
                    result = await ↓support_agent.run(question)
                    return result.output
                """, path: "app/support.py"),
            // Elixir's openai_ex: `Chat.Completions.new` builds the request, `create` sends it.
            DetectorExample("""
                defmodule Notes.AI do
                  alias OpenaiEx.Chat

                  def summarize(text) do
                    openai = OpenaiEx.new(System.fetch_env!("OPENAI_API_KEY"))
                    request = Chat.Completions.new(model: "gpt-4o-mini", messages: [%{role: "user", content: text}])
                    ↓Chat.Completions.create(openai, request)
                  end
                end
                """, path: "lib/notes/ai.ex"),
            DetectorExample("""
                from crewai import Crew

                def research(crew: Crew, topic: str):
                    return ↓crew.kickoff(inputs={"topic": topic})
                """, path: "app/research.py"),
            DetectorExample("""
                class ReportSummarizer
                  def call(report)
                    client = OpenAI::Client.new
                    ↓client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: report.body }] })
                  end
                end
                """, path: "app/services/report_summarizer.rb",
                base: """
                class ReportSummarizer
                  def call(report)
                  end
                end
                """),
            // A call the change adds beside an edited one: the edited one pairs with the call its line held, the
            // second is new.
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()


                def draft(q):
                    first = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])
                    second = ↓client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": first.choices[0].message.content}])
                    return second.choices[0].message.content
                """, path: "app/draft.py",
                base: """
                from openai import OpenAI

                client = OpenAI()


                def draft(q):
                    first = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
                    return first.choices[0].message.content
                """),
            // Another provider on the line of an existing call.
            DetectorExample("""
                from anthropic import Anthropic

                claude = Anthropic()


                def answer(q):
                    return ↓claude.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": q}])
                """, path: "app/answer.py",
                base: """
                from anthropic import Anthropic
                from openai import OpenAI

                client = OpenAI()
                claude = Anthropic()


                def answer(q):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
                """),
            DetectorExample("""
                import com.openai.client.OpenAIClient;
                import com.openai.client.okhttp.OpenAIOkHttpClient;

                public class Assistant {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    public String reply(ChatCompletionCreateParams params) {
                        return ↓client.chat().completions().create(params).choices().get(0).message().content().orElse("");
                    }
                }
                """, path: "src/main/java/app/Assistant.java"),
            DetectorExample("""
                <?php
                use OpenAI;

                $client = OpenAI::client(getenv('OPENAI_API_KEY'));
                $result = ↓$client->chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'user', 'content' => $prompt]]]);
                """, path: "src/Summary.php"),
            DetectorExample("""
                using Twilio;
                using Twilio.Rest.Api.V2010.Account;

                public class Notifier
                {
                    public void Notify(string to, string body)
                    {
                        var message = ↓MessageResource.Create(body: body, from: new PhoneNumber("+15017122661"), to: new PhoneNumber(to));
                    }
                }
                """, path: "Services/Notifier.cs"),
            DetectorExample("""
                import OpenAI

                let openAI = OpenAI(apiToken: token)

                func ask(_ question: String) async throws -> String {
                    let result = try await ↓openAI.chats(query: ChatQuery(messages: [.user(.init(content: .string(question)))], model: .gpt4_o))
                    return result.choices.first?.message.content ?? ""
                }
                """, path: "Sources/App/Ask.swift"),
            DetectorExample("""
                import { generateText } from "ai";
                import { anthropic } from "@ai-sdk/anthropic";

                export async function draftReply(thread: string) {
                  const { text } = await ↓generateText({ model: anthropic("claude-sonnet-4-5"), prompt: thread });
                  return text;
                }
                """, path: "lib/draft.ts"),
            // `createOpenAI` pointed at Groq's OpenAI-compatible API bills through Groq.
            DetectorExample("""
                import { createOpenAI } from "@ai-sdk/openai";
                import { generateText } from "ai";

                const groq = createOpenAI({ baseURL: "https://api.groq.com/openai/v1", apiKey: process.env.GROQ_API_KEY });

                export async function classify(text: string) {
                  return ↓generateText({ model: groq("llama-3.3-70b-versatile"), prompt: text });
                }
                """, path: "lib/classify.ts"),
            DetectorExample("""
                class Summarizer:
                    def __init__(self, client):
                        self.client = client

                    def run(self, text):
                        return ↓self.client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=256, messages=[{"role": "user", "content": text}])
                """, path: "app/summarizer.py"),
            DetectorExample("""
                class AnthropicProvider:
                    def __init__(self, client):
                        self._client = client

                    async def generate(self, prompt, model):
                        return await ↓self._client.messages.create(model=model, max_tokens=1024, messages=[{"role": "user", "content": prompt}])
                """, path: "app/llm/providers/anthropic.py"),
            // The SDK's import after another module's: each import statement binds its own names.
            DetectorExample("""
                from app.schemas import SearchHit
                import cohere

                co = cohere.Client()

                def rerank(query: str, hits: list[SearchHit]):
                    result = ↓co.rerank(query=query, documents=[hit.text for hit in hits], model="rerank-english-v3.0", top_n=5)
                    return [hits[r.index] for r in result.results]
                """, path: "app/search/rerank.py"),
            // Cohere's legacy v1 `summarize` runs a Command model and is billed; `tokenize` runs none and is free.
            DetectorExample("""
                import cohere

                co = cohere.Client()

                def digest(article: str) -> str:
                    if len(co.tokenize(text=article, model="command-r").tokens) < 50:
                        return article
                    return ↓co.summarize(text=article, length="short", format="bullets").summary
                """, path: "app/digest.py"),
            // A function of the SDK's module imported by name, here under an alias: `litellm.completion`.
            DetectorExample("""
                from litellm import completion as chat_completion

                def answer(question):
                    response = ↓chat_completion(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
                    return response.choices[0].message.content
                """, path: "app/qa.py"),
                    // LangChain's legacy LLM classes and agents: each run calls the model.
            DetectorExample("""
                from langchain.agents import initialize_agent, AgentType
                from langchain.llms import OpenAI

                llm = OpenAI(model="gpt-3.5-turbo-instruct", temperature=0)
                agent = initialize_agent(tools, llm, agent=AgentType.ZERO_SHOT_REACT_DESCRIPTION)

                def answer(question):
                    return ↓agent.run(question)
                """, path: "app/agent.py"),
            // Ruby's model gems, autoloaded by Rails: RubyLLM and Langchain.rb.
            DetectorExample("""
                class Conversation < ApplicationRecord
                  def generate_title
                    update!(title: ↓RubyLLM.chat.with_instructions("Title this conversation").ask(messages.first.content).content)
                  end
                end
                """, path: "app/models/conversation.rb"),
            DetectorExample("""
                class Summarizer
                  def initialize
                    @llm = Langchain::LLM::OpenAI.new(api_key: ENV["OPENAI_API_KEY"])
                  end

                  def call(text)
                    @↓llm.chat(messages: [{ role: "user", content: text }]).chat_completion
                  end
                end
                """, path: "app/services/summarizer.rb"),
            // Java and Kotlin: a receiver whose name says nothing is the SDK's object its declared type says it is
            // (Spring AI's `ChatModel`, read through its import); Spring AI 0.8's `ChatClient` was the model itself.
            DetectorExample("""
                import org.springframework.ai.chat.model.ChatModel;
                import org.springframework.ai.chat.prompt.Prompt;

                public class Summarizer {
                    private final ChatModel model;

                    public Summarizer(ChatModel model) {
                        this.model = model;
                    }

                    public String summarize(String text) {
                        return ↓model.call(new Prompt("Summarize: " + text)).getResult().getOutput().getText();
                    }
                }
                """, path: "src/main/java/com/acme/Summarizer.java"),
            DetectorExample("""
                import org.springframework.ai.chat.ChatClient

                class Summarizer(private val chatClient: ChatClient) {
                    fun summarize(text: String): String = ↓chatClient.call("Summarize: $text")
                }
                """, path: "src/main/kotlin/com/acme/Summarizer.kt"),
            // A DSPy module is called as an object; each call is a call of the configured model.
            DetectorExample("""
                import dspy

                dspy.configure(lm=dspy.LM("openai/gpt-4o-mini"))
                qa = dspy.ChainOfThought("question -> answer")

                def answer(question):
                    return ↓qa(question=question).answer
                """, path: "app/qa.py"),
            // A Haystack pipeline given a paid generator runs it.
            DetectorExample("""
                from haystack import Pipeline
                from haystack.components.builders import PromptBuilder
                from haystack.components.generators import OpenAIGenerator

                pipe = Pipeline()
                pipe.add_component("prompt_builder", PromptBuilder(template="Answer: {{ question }}"))
                pipe.add_component("llm", OpenAIGenerator(model="gpt-4o-mini"))
                pipe.connect("prompt_builder", "llm")

                def answer(question):
                    return ↓pipe.run({"prompt_builder": {"question": question}})["llm"]["replies"][0]
                """, path: "app/rag.py"),
            // PHP's Prism: the request is sent by what ends its chain.
            DetectorExample("""
                <?php

                namespace App\\Services;

                use Prism\\Prism\\Enums\\Provider;
                use Prism\\Prism\\Prism;

                class Summarizer
                {
                    public function summarize(string $text): string
                    {
                        return ↓Prism::text()
                            ->using(Provider::Anthropic, 'claude-3-5-sonnet-latest')
                            ->withPrompt($text)
                            ->asText()
                            ->text;
                    }
                }
                """, path: "app/Services/Summarizer.php"),
            // Deno and browser modules load the SDK by a registry's or CDN's specifier, with its version: the package's
            // (openai-edge, the v3 API's copy for edge runtimes, from esm.sh).
            DetectorExample("""
                import { Configuration, OpenAIApi } from "https://esm.sh/openai-edge@1.2.2";

                const api = new OpenAIApi(new Configuration({ apiKey: Deno.env.get("OPENAI_API_KEY") }));

                export async function complete(prompt: string) {
                  return await ↓api.createChatCompletion({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
                }
                """, path: "supabase/functions/_shared/complete.ts"),
            // DeepL bills per character translated.
            DetectorExample("""
                import os

                import deepl

                translator = deepl.Translator(os.environ["DEEPL_AUTH_KEY"])

                def to_french(text):
                    return ↓translator.translate_text(text, target_lang="FR").text
                """, path: "app/i18n/translate.py"),
        ],
        nonTriggering: [
            // A store built with a local model's embeddings searches on the machine; a paid chat model built beside it
            // is not called.
            DetectorExample("""
                import { MemoryVectorStore } from "langchain/vectorstores/memory";
                import { HuggingFaceTransformersEmbeddings } from "@langchain/community/embeddings/hf_transformers";
                import { ChatOpenAI } from "@langchain/openai";

                const store = new MemoryVectorStore(new HuggingFaceTransformersEmbeddings({ model: "Xenova/all-MiniLM-L6-v2" }));
                export const llm = new ChatOpenAI({ model: "gpt-4o-mini" });

                export const nearest = (question: string) => store.similaritySearch(question, 4);
                """, path: "src/nearest.ts"),
            // The JDK's streams of a map's values in a file using LangChain4j.
            DetectorExample("""
                import dev.langchain4j.model.openai.OpenAiChatModel;
                import java.util.List;
                import java.util.Map;

                public class Titles {
                    private final OpenAiChatModel model = OpenAiChatModel.withApiKey(System.getenv("OPENAI_API_KEY"));

                    public List<String> all(Map<String, List<String>> groups) {
                        return groups.values().stream().flatMap(List::stream).toList();
                    }
                }
                """, path: "src/main/java/app/Titles.java"),
            // A CDN package named like the SDK's prefix is another package (`openai-streams`), whatever its names.
            DetectorExample("""
                import { OpenAIApi } from "npm:openai-streams@6.2.0";

                const api = new OpenAIApi();
                export const stream = (body: ReadableStream) => api.createChatCompletion(body);
                """, path: "supabase/functions/_shared/stream.ts"),
            // A receiver named like an SDK's object but declared with the project's own type (its FAQ bot's
            // `ChatModel`), or with a model that runs on the team's machine (Spring AI's `OllamaChatModel`).
            DetectorExample("""
                import com.acme.bot.ChatModel;
                import org.springframework.ai.chat.client.ChatClient;
                import org.springframework.ai.ollama.OllamaChatModel;
                import org.springframework.ai.openai.OpenAiChatModel;

                public class Answers {
                    private final ChatModel chatModel;
                    private final OllamaChatModel local;

                    public Answers(ChatModel chatModel, OllamaChatModel local) {
                        this.chatModel = chatModel;
                        this.local = local;
                    }

                    public String faq(String question) {
                        return chatModel.call(question).orElse("");
                    }

                    public String draft(String question) {
                        return local.call(question);
                    }
                }
                """, path: "src/main/java/com/acme/Answers.java"),
            // A literal name read from another object, or not called: no SDK call.
            DetectorExample("""
                from django.conf import settings
                from openai import OpenAI

                client = OpenAI()
                MODEL = getattr(settings, "OPENAI_MODEL", "gpt-4o-mini")
                create = getattr(client.chat.completions, "create")
                """, path: "app/config.py"),
            // A LangGraph server's client (`@langchain/langgraph-sdk`) beside a LangChain model import: `runs.stream` is
            // that client's method, not a model's.
            DetectorExample("""
                import { Client } from "@langchain/langgraph-sdk";
                import { ChatOpenAI } from "@langchain/openai";

                const client = new Client({ apiUrl: "http://localhost:2024" });

                export function run(threadId, assistantId, input) {
                  return client.runs.stream(threadId, assistantId, { input });
                }
                """, path: "lib/graph.ts"),
            // The AI SDK's OpenAI-compatible provider made for LM Studio on this machine: its base URL says where the
            // calls go, and nothing there is billed.
            DetectorExample("""
                import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
                import { streamText } from "ai";

                const lmstudio = createOpenAICompatible({ name: "lmstudio", baseURL: process.env.LMSTUDIO_URL ?? "http://localhost:1234/v1" });

                export function chat(messages) {
                  return streamText({ model: lmstudio("qwen2.5-7b-instruct"), messages });
                }
                """, path: "lib/chat.ts"),
            // Go: go-openai's configuration and openai-go's option pointed at Ollama on this machine.
            DetectorExample("""
                package ai

                import (
                \t"context"

                \tgoopenai "github.com/sashabaranov/go-openai"
                \t"github.com/openai/openai-go"
                \t"github.com/openai/openai-go/option"
                )

                func Summarize(ctx context.Context, text string) (string, error) {
                \tcfg := goopenai.DefaultConfig("ollama")
                \tcfg.BaseURL = "http://localhost:11434/v1"
                \tresp, err := goopenai.NewClientWithConfig(cfg).CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: "llama3.1"})
                \tif err != nil {
                \t\treturn "", err
                \t}
                \treturn resp.Choices[0].Message.Content, nil
                }

                func Title(ctx context.Context, text string) (*openai.ChatCompletion, error) {
                \tclient := openai.NewClient(option.WithBaseURL("http://127.0.0.1:11434/v1/"), option.WithAPIKey("ollama"))
                \treturn client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "llama3.1"})
                }
                """, path: "internal/ai/local.go"),
            // Elixir: Ollama's client and a LangChain chain on ChatOllamaAI run on the machine.
            DetectorExample("""
                defmodule Notes.LocalAI do
                  alias LangChain.Chains.LLMChain
                  alias LangChain.ChatModels.ChatOllamaAI

                  def summarize(text), do: Ollama.chat(Ollama.init(), model: "llama3.1", messages: [%{role: "user", content: text}])

                  def chain(text) do
                    %{llm: ChatOllamaAI.new!(%{model: "llama3.1"})} |> LLMChain.new!() |> LLMChain.run()
                  end
                end
                """, path: "lib/notes/local_ai.ex"),
            // Only the prompt of an existing call is reworded: the same model, the same spending.
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Summarize briefly: " + text}])
                """, path: "app/summarize.py",
                base: """
                from openai import OpenAI

                client = OpenAI()

                def summarize(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Summarize: " + text}])
                """),
            // LangChain on Ollama alone, through a client whose name names the framework.
            DetectorExample("""
                from langchain_community.chat_models import ChatOllama

                langchain_llm = ChatOllama(model="llama3.1", temperature=0)

                def answer(question):
                    return langchain_llm.invoke(question).content
                """, path: "app/local_llm.py"),
            // A Haystack pipeline of local components, and another library's `run`.
            DetectorExample("""
                import asyncio
                from haystack import Pipeline
                from haystack.components.embedders import SentenceTransformersTextEmbedder
                from haystack.components.generators import HuggingFaceLocalGenerator

                pipe = Pipeline()
                pipe.add_component("embedder", SentenceTransformersTextEmbedder())
                pipe.add_component("llm", HuggingFaceLocalGenerator(model="google/flan-t5-large"))

                def answer(question):
                    return pipe.run({"embedder": {"text": question}})

                if __name__ == "__main__":
                    asyncio.run(main())
                """, path: "app/local_rag.py"),
            // Prism on a model Ollama runs on the machine.
            DetectorExample("""
                <?php

                namespace App\\Services;

                use Prism\\Prism\\Enums\\Provider;
                use Prism\\Prism\\Prism;

                class Summarizer
                {
                    public function summarize(string $text): string
                    {
                        return Prism::text()->using(Provider::Ollama, 'llama3.2')->withPrompt($text)->asText()->text;
                    }
                }
                """, path: "app/Services/Summarizer.php"),
            // Go's LangChain with a model that runs on the machine (Ollama): nothing is paid.
            DetectorExample("""
                package ai

                import (
                	"context"

                	"github.com/tmc/langchaingo/llms"
                	"github.com/tmc/langchaingo/llms/ollama"
                )

                func Summarize(ctx context.Context, text string) (string, error) {
                	llm, err := ollama.New(ollama.WithModel("llama3"))
                	if err != nil {
                		return "", err
                	}
                	return llms.GenerateFromSinglePrompt(ctx, llm, "Summarize: "+text)
                }
                """, path: "internal/ai/summarize.go"),
            DetectorExample("""
                import OpenAI from "openai";
                // Call openai.chat.completions.create() here once the budget is approved.
                const note = "we use openai.chat.completions.create for summaries";
                export const model = "gpt-4o";
                """, path: "src/lib/notes.ts"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()
                """, path: "app/clients.py"),
            DetectorExample("""
                import OpenAI from "openai";
                const openai = new OpenAI();
                export async function run(text) {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                  return r.choices[0];
                }
                """, path: "src/run.js",
                base: """
                import OpenAI from "openai";
                const openai = new OpenAI();
                export async function run(text) {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                  return r;
                }
                """),
            // An existing call whose line the change only edits (its prompt reworded, prettier's quotes): the same
            // call of the same method was there before.
            DetectorExample("""
                using OpenAI.Chat;

                public class SummaryService
                {
                    private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    public async Task<string> SummarizeAsync(string text)
                    {
                        ChatCompletion completion = await _chat.CompleteChatAsync(new SystemChatMessage("Be concise."), new UserChatMessage($"Summarize in 3 bullets: {text}"));
                        return completion.Content[0].Text;
                    }
                }
                """, path: "Api/Services/SummaryService.cs",
                base: """
                using OpenAI.Chat;

                public class SummaryService
                {
                    private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    public async Task<string> SummarizeAsync(string text)
                    {
                        ChatCompletion completion = await _chat.CompleteChatAsync(new UserChatMessage($"Summarize: {text}"));
                        return completion.Content[0].Text;
                    }
                }
                """),
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export async function summarize(text: string) {
                  const completion = await openai.chat.completions.create({
                    model: "gpt-4o-mini",
                    messages: [{ role: "user", content: text }],
                  });
                  return completion.choices[0].message.content;
                }
                """, path: "lib/summarize.ts",
                base: """
                import OpenAI from 'openai'

                const openai = new OpenAI()

                export async function summarize(text: string) {
                  const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: text }] })
                  return completion.choices[0].message.content
                }
                """),
            DetectorExample("""
                const messages = db.collection("messages");
                export function save(msg) {
                  return messages.create(msg);
                }
                """, path: "src/store.js"),
            // A resource's method on another library's client while a provider is in scope: the app's own
            // `messages` table through Prisma, beside Anthropic's `messages.create`.
            DetectorExample("""
                import Anthropic from "@anthropic-ai/sdk";
                import { PrismaClient } from "@prisma/client";

                const prisma = new PrismaClient();
                export const anthropic = new Anthropic();

                export async function saveUserMessage(conversationId: string, content: string) {
                  return prisma.messages.create({ data: { conversationId, role: "user", content } });
                }
                """, path: "src/lib/conversation.ts"),
            // The project's own functions named like an SDK's (`generateText`, `embed`): imported from the
            // project or defined here, they are not the SDK.
            DetectorExample("""
                import { generateText } from "../lib/templates";
                import { renderEmail } from "../lib/email";

                export function preview(template, vars) {
                  return renderEmail(generateText(template, vars));
                }
                """, path: "src/preview.ts"),
            // A one-word method of another library's object (`bot.sendMessage`) while a provider is in scope.
            DetectorExample("""
                import { GoogleGenerativeAI } from "@google/generative-ai";
                import TelegramBot from "node-telegram-bot-api";

                export const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY ?? "");
                const bot = new TelegramBot(process.env.TELEGRAM_TOKEN ?? "");

                export async function notify(chatId: number, text: string) {
                  await bot.sendMessage(chatId, text);
                }
                """, path: "src/notify.ts"),
            DetectorExample("""
                def embed(text):
                    return [hash(word) % 997 for word in text.split()]


                def vectors(rows):
                    return [embed(row) for row in rows]
                """, path: "search/local_vectors.py"),
            DetectorExample("""
                require "openai"

                # client.chat(parameters: { model: "gpt-4o" }) is what the worker will do
                def describe
                  "uses OpenAI chat"
                end
                """, path: "lib/describe.rb"),
            DetectorExample("""
                import anthropic

                def create(payload):
                    return {"ok": True, **payload}
                """, path: "app/handlers.py"),
            // A function named like one of the SDK module's (`completion`) that the file defines, or imports from
            // the project, is not the SDK's; nor is a free helper imported from the SDK (`completion_cost`).
            DetectorExample("""
                from litellm import completion_cost

                def completion(prompt, cache):
                    return cache.get(prompt)

                def answer(prompt, cache, response):
                    print(completion_cost(completion_response=response))
                    return completion(prompt, cache)
                """, path: "app/cached_answer.py"),
            DetectorExample("""
                from app.llm import completion

                def answer(question):
                    return completion(question)
                """, path: "app/views.py"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = FileAnalysis.of(file, context: context)
        return analysis.sites.compactMap { site in
            guard site.kind == .sdk, file.adds(site.line), analysis.batchReason(for: site) == nil,
                  !PreexistingPaidSites.of(file, context: context).contains(site)
            else { return nil }
            return .paid(
                description, file: file, line: site.line, column: site.column,
                message: site.compatibleHost.map {
                    "calls an \(site.provider)-compatible API at \($0) through the \(site.provider) SDK (its client's base URL): "
                        + "every request costs money unless that server is free to use"
                } ?? "calls \(site.provider) through its SDK: every request costs money",
                provider: site.provider, evidence: site.evidence)
        }
    }}
