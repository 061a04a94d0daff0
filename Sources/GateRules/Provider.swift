/// What a paid provider sells, which decides how its calls are judged.
public enum ProviderKind: String, Codable, Sendable, CaseIterable {
    case model, search, messaging, payments, data
}

/// A paid provider as data: how to recognise its SDKs, hosts and calls (SPEC §3 `providers`).
///
/// Detectors read only this data, so a provider the policy adds is found exactly like a built-in one.
public struct Provider: Sendable, Equatable {
    public var id: String
    public var kind: ProviderKind
    /// API hosts; a host also matches its subdomains, and `*` stands for one or more DNS labels
    /// (`bedrock-runtime.*.amazonaws.com`).
    public var hosts: [String]
    /// Package names per ecosystem (`npm`, `pypi`, `go`, `rubygems`, `cargo`, `maven`, `nuget`, `composer`, `swift`,
    /// `hex`).
    /// Maven packages are `group:artifact`; Swift packages are `owner/repository` as in the package URL.
    public var packages: [String: [String]]
    /// Call shapes: dotted suffixes of a member-call chain, such as `chat.completions.create`.
    /// `.`, `->` and `::` are the same separator; segments compare case-insensitively. A receiver the file made by a
    /// call stands for that call (`tv = TavilyClient()`, then `tv.search(q)` is `TavilyClient.search`), and a shape
    /// ending in `__call__` is the call of an object so made (`ChainOfThought.__call__`: `qa(question=q)` after
    /// `qa = dspy.ChainOfThought(…)`).
    public var calls: [String]
    /// Module paths that code imports the SDK by (`openai`, `@anthropic-ai/sdk`, `com.stripe`,
    /// `github.com/sashabaranov/go-openai`); derived from `packages` when empty.
    public var imports: [String]
    /// Type and module names whose mention in code puts the provider in scope without an import
    /// (Rails autoloads gems: `OpenAI::Client`); derived from the first segment of `calls` when empty.
    public var symbols: [String]
    /// Call shapes of the provider's batch APIs, which are batch work by definition.
    public var batchCalls: [String]

    public init(id: String, kind: ProviderKind, hosts: [String] = [], packages: [String: [String]] = [:],
                calls: [String] = [], imports: [String] = [], symbols: [String] = [], batchCalls: [String] = []) {
        self.id = id
        self.kind = kind
        self.hosts = hosts
        self.packages = packages
        self.calls = calls
        self.imports = imports
        self.symbols = symbols
        self.batchCalls = batchCalls
    }

    /// The module paths code imports this provider by: the declared ones, else what the packages imply.
    public var effectiveImports: [String] {
        if !imports.isEmpty { return imports }
        var derived: [String] = []
        for (ecosystem, names) in packages {
            for name in names {
                switch ecosystem {
                case "pypi", "cargo": derived.append(name.replacingDashes())
                case "maven": derived.append(String(name.split(separator: ":").first ?? Substring(name)))
                case "swift": derived.append(String(name.split(separator: "/").last ?? Substring(name)))
                default: derived.append(name)
                }
            }
        }
        return derived
    }

    /// The names whose mention in code puts this provider in scope.
    public var effectiveSymbols: [String] {
        if !symbols.isEmpty { return symbols }
        return calls.compactMap { call in
            let first = call.split(separator: ".").first.map(String.init) ?? call
            return call.contains(".") ? first : nil
        }
    }
}

extension String {
    fileprivate func replacingDashes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "-" ? "_" : $0 }))
    }
}

/// The built-in provider catalogue.
///
/// Order matters where SDKs overlap: a call is attributed to the first provider in scope whose shape
/// matches, so wrappers and re-hosted APIs (Azure OpenAI, LangChain) come before the SDKs they wrap.
public enum ProviderCatalogue {
    public static let builtin: [Provider] = models + search + messaging + payments + data

    /// A vector store's or retriever's searches by text, which embed the query first (one embeddings request per
    /// search) with the store's embeddings: `db.similarity_search(q)`, `retriever.get_relevant_documents(q)`,
    /// `vectorStore.similaritySearch(q)`. LangChain's calls, unless the store's embeddings run locally (`HuggingFaceEmbeddings`:
    /// FileAnalysis). The searches by vector (`similarity_search_by_vector`) embed nothing and are not listed.
    static let vectorSearchCalls = [
        "similarity_search", "asimilarity_search", "similarity_search_with_score", "asimilarity_search_with_score",
        "similarity_search_with_relevance_scores", "asimilarity_search_with_relevance_scores",
        "max_marginal_relevance_search", "amax_marginal_relevance_search", "get_relevant_documents",
        "aget_relevant_documents", "similaritySearch", "similaritySearchWithScore", "maxMarginalRelevanceSearch",
        "getRelevantDocuments",
    ]

    static let models: [Provider] = [
        Provider(
            id: "langchain", kind: .model,
            packages: [
                "npm": ["@langchain/openai", "@langchain/anthropic", "@langchain/google-genai", "@langchain/mistralai",
                        "@langchain/groq", "@langchain/cohere", "@langchain/aws", "@langchain/google-vertexai"],
                "pypi": ["langchain-openai", "langchain-anthropic", "langchain-google-genai", "langchain-google-vertexai",
                         "langchain-mistralai", "langchain-groq", "langchain-cohere", "langchain-aws",
                         "langchain-together", "langchain-fireworks"],
                "maven": ["dev.langchain4j:langchain4j-open-ai", "dev.langchain4j:langchain4j-anthropic",
                          "dev.langchain4j:langchain4j-open-ai-spring-boot-starter",
                          "dev.langchain4j:langchain4j-anthropic-spring-boot-starter"],
                "hex": ["langchain"],
            ],
            calls: [
                // (`batch` and `abatch` are its batch calls, below: listed here too, they were taken for single ones.)
                "invoke", "ainvoke", "stream", "astream", "predict", "apredict",
                // The legacy chains and agents (`LLMChain`, `initialize_agent`): each run calls the model.
                "agent.run", "agent.arun", "chain.run", "chain.arun", "llm_chain.run", "qa_chain.run", "qa.run",
                "agent_executor.run", "agent_chain.run",
                "embed_query", "embed_documents", "aembed_documents", "embedQuery", "embedDocuments", "generate", "chat",
                // LangChain4j's embedding models (`OpenAiEmbeddingModel`): `model.embed(text)`, `model.embedAll(segments)`,
                // a call of the provider only where its import is in scope (a one-segment call adds no prefilter word).
                "embed", "embedAll",
                // Elixir's LangChain: a chain's run calls its model (`LLMChain.new!(%{llm: ChatOpenAI.new!(…)}) |>
                // LLMChain.run()`), as does a chat model's own `call`. Only a paid model's module puts it in scope:
                // `ChatOllamaAI` and `ChatBumblebee` run on the machine.
                "LLMChain.run", "LLMChain.run_until_tool_used", "ChatOpenAI.call", "ChatAnthropic.call",
                "ChatGoogleAI.call", "ChatMistralAI.call", "ChatVertexAI.call",
            ] + vectorSearchCalls,
            imports: [
                "langchain_openai", "langchain_anthropic", "langchain_google_genai", "langchain_google_vertexai",
                "langchain_mistralai", "langchain_groq", "langchain_cohere", "langchain_aws", "langchain_together",
                "langchain_fireworks", "langchain.chat_models", "langchain_community.chat_models",
                "langchain.embeddings", "langchain.llms", "langchain_community.llms", "langchain_community.embeddings", "@langchain/openai", "@langchain/anthropic", "@langchain/google-genai",
                "@langchain/mistralai", "@langchain/groq", "@langchain/cohere", "@langchain/aws",
                "@langchain/google-vertexai", "dev.langchain4j.model",
                "LangChain.ChatModels.ChatOpenAI", "LangChain.ChatModels.ChatAnthropic", "LangChain.ChatModels.ChatGoogleAI",
                "LangChain.ChatModels.ChatMistralAI", "LangChain.ChatModels.ChatVertexAI",
            ],
            symbols: ["ChatOpenAI", "ChatAnthropic", "ChatGoogleGenerativeAI", "ChatVertexAI", "ChatMistralAI",
                      "ChatGroq", "ChatCohere", "ChatBedrock", "OpenAIEmbeddings", "OpenAiChatModel",
                      "AnthropicChatModel", "init_chat_model"],
            // A vector store built from documents embeds every one of them, one embeddings request per batch of
            // chunks over the whole corpus (`Chroma.from_documents(docs, embedding=OpenAIEmbeddings())`,
            // `FAISS.from_texts(texts, OpenAIEmbeddings())`, `PGVectorStore.fromDocuments(docs, new OpenAIEmbeddings())`):
            // batch work wherever it runs, as a batch call is.
            batchCalls: ["batch", "abatch", "from_documents", "afrom_documents", "from_texts", "afrom_texts",
                         "fromDocuments", "fromTexts"]),
        // Ruby's model gems: Rails autoloads them, so their constants put them in scope.
        Provider(
            id: "ruby-llm", kind: .model,
            packages: ["rubygems": ["ruby_llm"]],
            // `RubyLLM.chat(model: …)` only builds a conversation: each `ask` sends it.
            calls: ["ask", "RubyLLM.embed", "RubyLLM.paint", "RubyLLM.transcribe", "RubyLLM.moderate"],
            imports: ["ruby_llm"],
            symbols: ["RubyLLM"]),
        Provider(
            id: "langchainrb", kind: .model,
            packages: ["rubygems": ["langchainrb"]],
            calls: ["chat", "complete", "embed", "summarize", "add_message_and_run"],
            imports: ["langchain"],
            symbols: ["Langchain"]),
        // PHP's Prism (Laravel): a fluent request ends with what it reads back, which sends it
        // (`Prism::text()->using(Provider::Anthropic, '…')->withPrompt($q)->asText()`); `generate` is its older name.
        // Only its imports put it in scope: `Prism` is also Prism.js, the syntax highlighter, and `prism` is inside
        // every `prisma` client's name.
        Provider(
            id: "prism-php", kind: .model,
            packages: ["composer": ["prism-php/prism", "echolabsdev/prism"]],
            calls: ["asText", "asStructured", "asStream", "asEmbeddings", "asAudio", "asModeration",
                    "asDataStreamResponse", "asEventStreamResponse", "asBroadcast", "generate"],
            imports: ["Prism\\Prism", "EchoLabs\\Prism"]),
        // Go's LangChain: a paid model's package (not `llms/ollama` or `llms/local`, which run on the caller's machine).
        Provider(
            id: "langchaingo", kind: .model,
            packages: [
                "go": ["github.com/tmc/langchaingo/llms/openai", "github.com/tmc/langchaingo/llms/anthropic",
                       "github.com/tmc/langchaingo/llms/googleai", "github.com/tmc/langchaingo/llms/googleai/vertex",
                       "github.com/tmc/langchaingo/llms/mistral", "github.com/tmc/langchaingo/llms/bedrock",
                       "github.com/tmc/langchaingo/llms/cohere", "github.com/tmc/langchaingo/llms/huggingface"],
            ],
            calls: [
                "GenerateFromSinglePrompt", "GenerateContent", "chains.Run", "chains.Call", "chains.Predict",
                "EmbedDocuments", "EmbedQuery", "CreateEmbedding",
            ],
            // Only its imports put it in scope: the names its calls start with (`chains`, `llms`) are everyone's.
            symbols: ["langchaingo"]),
        // Rust's rig (crate `rig-core`, module `rig`): an agent or model built on a provider's client
        // (`openai::Client::from_env().agent("gpt-4o").build()`) sends a request on each `prompt`, `chat` or
        // `extract`, and an embedding model on each `embed_text`. Only its imports put it in scope (`rig` is a short
        // word; `rig::providers` is what the prefilter looks for).
        Provider(
            id: "rig", kind: .model,
            packages: ["cargo": ["rig-core"]],
            calls: ["prompt", "chat", "extract", "embed_text", "embed_texts"],
            imports: ["rig", "rig::providers"]),
        // Rust's `genai` crate, one client for many providers (`Client::default().exec_chat("gpt-4o-mini", req,
        // None)`): the model's name picks the provider, a paid one unless it names a model Ollama serves.
        Provider(
            id: "genai-rs", kind: .model,
            packages: ["cargo": ["genai"]],
            calls: ["exec_chat", "exec_chat_stream", "embed", "embed_batch"],
            imports: ["genai"]),
        // PHP's LLPhant: its paid chat and embedding classes (`new OpenAIChat()`, then `->generateText($q)`); its
        // Ollama classes run on the machine, so only the paid classes' imports put it in scope.
        Provider(
            id: "llphant", kind: .model,
            packages: ["composer": ["theodo-group/llphant"]],
            calls: ["generateText", "generateChat", "generateTextOrReturnFunctionCalled",
                    "generateChatOrReturnFunctionCalled", "generateStreamOfText", "generateChatStream", "embedText",
                    "embedDocument", "embedDocuments", "answerQuestion", "answerQuestionFromChat"],
            imports: ["LLPhant\\Chat\\OpenAIChat", "LLPhant\\Chat\\AnthropicChat", "LLPhant\\Chat\\MistralAIChat",
                      "LLPhant\\Embeddings\\EmbeddingGenerator\\OpenAI", "LLPhant\\Embeddings\\EmbeddingGenerator\\Mistral",
                      "LLPhant\\Embeddings\\EmbeddingGenerator\\VoyageAI"]),
        Provider(
            id: "llamaindex", kind: .model,
            packages: [
                "pypi": ["llama-index-llms-openai", "llama-index-llms-anthropic", "llama-index-embeddings-openai",
                         "llama-index-llms-bedrock", "llama-index-llms-gemini"],
                "npm": ["llamaindex", "@llamaindex/openai", "@llamaindex/anthropic"],
            ],
            calls: ["complete", "acomplete", "llm.chat", "achat", "stream_complete", "stream_chat", "astream_chat",
                    // An engine is named by its name or by what made it (`engine = index.as_query_engine()`):
                    // `query` alone is SQLAlchemy's too.
                    "query_engine.query", "query_engine.aquery", "chat_engine.chat", "as_query_engine.query",
                    "as_query_engine.aquery", "as_chat_engine.chat", "as_chat_engine.achat", "as_retriever.retrieve",
                    "as_retriever.aretrieve", "queryEngine.query", "chatEngine.chat", "asQueryEngine.query",
                    "asChatEngine.chat", "asRetriever.retrieve", "get_text_embedding", "getTextEmbedding"],
            imports: ["llama_index.llms", "llama_index.embeddings", "llama_index.core", "llamaindex", "@llamaindex"],
            symbols: ["VectorStoreIndex"],
            // An index built from documents embeds every one of them (with OpenAI's embeddings unless told otherwise).
            batchCalls: ["VectorStoreIndex.fromDocuments", "VectorStoreIndex.from_documents"]),
        // Haystack: a component or pipeline's `run` calls the generators and embedders it holds. Only the paid
        // components put it in scope (a pipeline of local ones, `HuggingFaceLocalGenerator` or
        // `SentenceTransformersTextEmbedder`, spends nothing).
        Provider(
            id: "haystack", kind: .model,
            packages: ["pypi": ["haystack-ai"]],
            calls: ["run", "run_async"],
            symbols: ["OpenAIGenerator", "OpenAIChatGenerator", "AzureOpenAIGenerator", "AzureOpenAIChatGenerator",
                      "OpenAITextEmbedder", "OpenAIDocumentEmbedder", "AnthropicGenerator", "AnthropicChatGenerator",
                      "CohereGenerator", "CohereChatGenerator", "GoogleAIGeminiGenerator", "GoogleAIGeminiChatGenerator",
                      "MistralChatGenerator", "AmazonBedrockGenerator", "AmazonBedrockChatGenerator",
                      "HuggingFaceAPIGenerator", "HuggingFaceAPIChatGenerator"]),
        // Agent frameworks: each run of an agent or crew is one or more calls of the model it was given (a paid one,
        // unless its project says otherwise; the model is often named by a string such as "openai:gpt-4o").
        Provider(
            id: "pydantic-ai", kind: .model,
            packages: ["pypi": ["pydantic-ai", "pydantic-ai-slim"]],
            // `run` on an object of another library (`asyncio.run`) is that library's. The `Agent.` shapes name what
            // makes the object: an `Agent(…)` another module makes (`support_agent = Agent("openai:gpt-4o")`, run in
            // a route that imports it) is pydantic-ai's, as Mastra's `new Agent(…)` is Mastra's.
            calls: ["run_sync", "run_stream", "run", "iter", "Agent.run", "Agent.run_sync", "Agent.run_stream", "Agent.iter"],
            imports: ["pydantic_ai"],
            symbols: ["pydantic_ai"]),
        Provider(
            // The OpenAI Agents SDK in Python (module `agents`): `Runner.run(agent, input)`.
            id: "openai-agents", kind: .model,
            packages: ["pypi": ["openai-agents"]],
            calls: ["Runner.run", "Runner.run_sync", "Runner.run_streamed"],
            imports: ["agents"],
            symbols: ["openai_agents"]),
        Provider(
            // …and in JavaScript: `run(agent, input)` (imported from the SDK), `new Runner().run(agent, input)`.
            id: "openai-agents-js", kind: .model,
            packages: ["npm": ["@openai/agents"]],
            calls: ["run"],
            imports: ["@openai/agents"],
            symbols: ["openai_agents"]),
        Provider(
            id: "crewai", kind: .model,
            packages: ["pypi": ["crewai"]],
            calls: ["kickoff", "kickoff_async"],
            imports: ["crewai"],
            symbols: ["crewai"],
            batchCalls: ["kickoff_for_each", "kickoff_for_each_async"]),
        Provider(
            // DSPy: a module is called as an object, each call a call of the configured model
            // (`dspy.LM("openai/gpt-4o-mini")`): `qa(question=q)` after `qa = dspy.ChainOfThought("question -> answer")`,
            // `rag(question=q)` after `rag = RAG()` of a `class RAG(dspy.Module)`, and the LM itself, `lm("…")`. An
            // optimizer's `compile` and an evaluation run a program over a whole set, which is batch work.
            id: "dspy", kind: .model,
            packages: ["pypi": ["dspy", "dspy-ai"]],
            calls: ["Predict.__call__", "ChainOfThought.__call__", "ChainOfThoughtWithHint.__call__", "ReAct.__call__",
                    "ProgramOfThought.__call__", "MultiChainComparison.__call__", "CodeAct.__call__", "Refine.__call__",
                    "BestOfN.__call__", "dspy.Module.__call__", "dspy.LM.__call__",
                    // The program an optimizer returns (`compiled = teleprompter.compile(RAG(), trainset=…)`).
                    "compile.__call__",
                    // A module's asynchronous call (`await qa.acall(question=q)`).
                    "acall"],
            imports: ["dspy"],
            symbols: ["dspy"],
            // (`compile` on an object of another library, `re.compile`, is that library's.)
            batchCalls: ["compile", "Evaluate"]),
        Provider(
            id: "autogen", kind: .model,
            packages: ["pypi": ["autogen-agentchat", "pyautogen", "ag2"]],
            calls: ["initiate_chat", "a_initiate_chat", "run_stream", "agent.run", "team.run"],
            imports: ["autogen_agentchat", "autogen"],
            symbols: ["autogen_agentchat"]),
        Provider(
            id: "mastra", kind: .model,
            packages: ["npm": ["@mastra/core"]],
            calls: ["agent.generate", "agent.stream", "getAgent.generate", "getAgent.stream", "generateVNext", "streamVNext"],
            imports: ["@mastra/core"],
            symbols: ["Mastra"]),
        Provider(
            id: "genkit", kind: .model,
            packages: ["npm": ["genkit"], "pypi": ["genkit"]],
            calls: ["ai.generate", "ai.generateStream", "ai.embed", "ai.embedMany"],
            imports: ["genkit"],
            symbols: ["genkit"]),
        Provider(
            id: "spring-ai", kind: .model,
            packages: [
                "maven": ["org.springframework.ai:spring-ai-openai-spring-boot-starter",
                          "org.springframework.ai:spring-ai-starter-model-openai", "org.springframework.ai:spring-ai-openai",
                          "org.springframework.ai:spring-ai-anthropic-spring-boot-starter",
                          "org.springframework.ai:spring-ai-starter-model-anthropic",
                          "org.springframework.ai:spring-ai-azure-openai-spring-boot-starter",
                          "org.springframework.ai:spring-ai-starter-model-vertex-ai-gemini",
                          "org.springframework.ai:spring-ai-bedrock-converse-spring-boot-starter",
                          "org.springframework.ai:spring-ai-mistral-ai-spring-boot-starter"],
            ],
            // The fluent ChatClient ends its chain with what it reads from the response.
            calls: ["call.content", "call.entity", "call.chatResponse", "call.responseEntity", "stream.content",
                    "stream.chatResponse",
                    // The models Spring injects, by their interface or a paid vendor's class (not Ollama's, which runs
                    // on the team's machine), named by the receiver's declared type where Java or Kotlin declares it
                    // (`private final ChatModel model;` then `model.call(…)`), else by the conventional name
                    // (`chatModel.call(…)`: segments compare case aside).
                    "ChatModel.call", "ChatModel.stream", "StreamingChatModel.stream", "EmbeddingModel.embed",
                    "EmbeddingModel.embedForResponse", "EmbeddingModel.call", "ImageModel.call",
                    "OpenAiChatModel.call", "OpenAiChatModel.stream", "AnthropicChatModel.call", "AnthropicChatModel.stream",
                    "VertexAiGeminiChatModel.call", "VertexAiGeminiChatModel.stream", "AzureOpenAiChatModel.call",
                    "AzureOpenAiChatModel.stream", "MistralAiChatModel.call", "MistralAiChatModel.stream",
                    "OpenAiEmbeddingModel.embed", "OpenAiEmbeddingModel.call", "OpenAiImageModel.call",
                    // Spring AI 0.8: `ChatClient` was the model itself (`chatClient.call("…")`), imported from
                    // `org.springframework.ai.chat`, where 1.0's fluent ChatClient (which has no `call` of its own) is
                    // in `org.springframework.ai.chat.client`: the shape spells the package, which only a declared
                    // type's import puts before the call. The embedding and image clients and the vendors' classes
                    // were renamed models in 1.0.
                    "chat.ChatClient.call", "StreamingChatClient.stream", "EmbeddingClient.embed",
                    "EmbeddingClient.embedForResponse", "EmbeddingClient.call", "ImageClient.call",
                    "OpenAiChatClient.call", "OpenAiChatClient.stream", "AnthropicChatClient.call",
                    "AnthropicChatClient.stream", "AzureOpenAiChatClient.call", "AzureOpenAiChatClient.stream",
                    "VertexAiGeminiChatClient.call", "VertexAiGeminiChatClient.stream", "MistralAiChatClient.call",
                    "MistralAiChatClient.stream", "OpenAiEmbeddingClient.embed", "OpenAiImageClient.call"],
            imports: ["org.springframework.ai"],
            symbols: ["ChatClient", "OpenAiChatModel", "AnthropicChatModel", "VertexAiGeminiChatModel"]),
        Provider(
            id: "semantic-kernel", kind: .model,
            packages: ["nuget": ["Microsoft.SemanticKernel", "Microsoft.SemanticKernel.Connectors.OpenAI"],
                       "pypi": ["semantic-kernel"], "maven": ["com.microsoft.semantic-kernel:semantickernel-api"]],
            calls: ["InvokePromptAsync", "InvokePromptStreamingAsync", "GetChatMessageContentAsync",
                    "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync", "GenerateEmbeddingsAsync",
                    "invoke_prompt", "invoke_prompt_stream", "get_chat_message_content", "get_chat_message_contents",
                    "get_streaming_chat_message_content"],
            imports: ["Microsoft.SemanticKernel", "semantic_kernel", "com.microsoft.semantickernel"]),
        Provider(
            // Microsoft.Extensions.AI's `IChatClient` over a paid model (`openAIClient.GetChatClient(…).AsIChatClient()`):
            // its OpenAI and Azure adapters are the packages that bill.
            id: "microsoft-extensions-ai", kind: .model,
            packages: ["nuget": ["Microsoft.Extensions.AI.OpenAI", "Microsoft.Extensions.AI.AzureAIInference"]],
            calls: ["GetResponseAsync", "GetStreamingResponseAsync", "CompleteAsync", "CompleteStreamingAsync",
                    "GenerateEmbeddingVectorAsync", "GenerateEmbeddingsAsync"],
            imports: ["Microsoft.Extensions.AI"],
            symbols: ["AsIChatClient", "AsChatClient", "AsIEmbeddingGenerator"]),
        Provider(
            id: "vercel-ai-sdk", kind: .model,
            // The provider packages (`@ai-sdk/anthropic`) are listed with the providers they bill through.
            packages: ["npm": ["ai", "@ai-sdk/openai-compatible"]],
            calls: ["generateText", "streamText", "generateObject", "streamObject", "embed", "embedMany", "generateImage",
                    "experimental_generateImage", "experimental_generateSpeech", "experimental_transcribe"],
            imports: ["ai", "@ai-sdk"],
            symbols: ["generateText", "streamText", "generateObject", "streamObject", "embed", "embedMany", "generateImage",
                      "experimental_generateImage", "experimental_generateSpeech", "experimental_transcribe"]),
        Provider(
            // Before OpenAI's: Azure re-hosts OpenAI's API, and its code imports OpenAI's SDK too (`using OpenAI.Chat;`
            // beside `using Azure.AI.OpenAI;`): a call both could make is Azure's.
            id: "azure-openai", kind: .model,
            hosts: ["openai.azure.com", "services.ai.azure.com"],
            packages: [
                "npm": ["@azure/openai", "@ai-sdk/azure", "@azure-rest/ai-inference"], "pypi": ["azure-ai-inference"], "nuget": ["Azure.AI.OpenAI"],
                "maven": ["com.azure:azure-ai-openai"], "go": ["github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai"],
            ],
            calls: [
                "chat.completions.create", "embeddings.create", "getChatCompletions", "GetChatCompletions",
                "GetChatCompletionsAsync", "CompleteChat", "CompleteChatAsync", "getCompletions",
                "streamChatCompletions", "complete", "CompleteChatStreaming", "CompleteChatStreamingAsync",
                // The `OpenAIClient` of azure-ai-openai (Java: `getChatCompletionsStream`, `getEmbeddings`, each with
                // a `…WithResponse` twin), of Azure.AI.OpenAI 1.x (.NET: `GetChatCompletionsStreamingAsync`,
                // `GetEmbeddingsAsync`) and of Go's azopenai (`GetChatCompletionsStream`): every one is a billed
                // request. (Segments compare case-insensitively: one name serves Java's and .NET's spelling.)
                "getChatCompletionsStream", "getChatCompletionsWithResponse", "GetChatCompletionsStreaming",
                "GetChatCompletionsStreamingAsync", "getCompletionsStream", "getCompletionsWithResponse",
                "GetCompletionsAsync", "GetCompletionsStreaming", "GetCompletionsStreamingAsync", "getEmbeddings",
                "getEmbeddingsWithResponse", "GetEmbeddingsAsync", "getImageGenerations",
                "getImageGenerationsWithResponse", "GetImageGenerationsAsync", "getAudioTranscription",
                "getAudioTranscriptionAsPlainText", "getAudioTranscriptionWithResponse", "GetAudioTranscriptionAsync",
                "getAudioTranslation", "getAudioTranslationAsPlainText", "getAudioTranslationWithResponse",
                "GetAudioTranslationAsync", "generateSpeechFromText", "GenerateSpeechFromTextAsync",
            ],
            imports: ["@azure/openai", "azure.ai.inference", "Azure.AI.OpenAI", "com.azure.ai.openai",
                      "github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai"],
            symbols: ["AzureOpenAI", "AsyncAzureOpenAI", "AzureOpenAIClient", "AzureChatOpenAI", "ChatCompletionsClient"]),
        Provider(
            id: "openai", kind: .model,
            hosts: ["api.openai.com"],
            packages: [
                "npm": ["openai", "@ai-sdk/openai", "openai-edge"], "pypi": ["openai"],
                // go-gpt3 is go-openai under its name before the rename.
                "go": ["github.com/openai/openai-go", "github.com/sashabaranov/go-openai", "github.com/sashabaranov/go-gpt3"],
                "rubygems": ["ruby-openai", "openai"], "cargo": ["async-openai", "openai-api-rs"],
                "maven": ["com.openai:openai-java", "com.theokanning.openai-gpt3-java:service", "com.aallam.openai:openai-client"],
                "nuget": ["OpenAI", "Betalgo.OpenAI"], "composer": ["openai-php/client", "openai-php/laravel"],
                "swift": ["MacPaw/OpenAI"],
                // Elixir: openai_ex, mgallo's openai.ex, ex_openai, and instructor and instructor_lite (OpenAI's API
                // by default; a local adapter, `InstructorLite.Adapters.Llamacpp`, is seen at the call).
                "hex": ["openai_ex", "openai", "ex_openai", "instructor", "instructor_lite"],
            ],
            calls: [
                "chat.completions.create", "completions.create", "responses.create", "responses.stream",
                "embeddings.create", "images.generate", "images.edit", "audio.transcriptions.create",
                "audio.speech.create", "beta.chat.completions.parse", "chat.completions.parse",
                "ChatCompletion.create", "Completion.create", "Embedding.create", "Image.create",
                "CreateChatCompletion", "CreateChatCompletionStream", "CreateCompletion", "CreateEmbeddings", "CreateImage",
                "Chat.Completions.New", "Responses.New", "Embeddings.New", "CompleteChat", "CompleteChatAsync",
                "GenerateEmbedding", "GenerateEmbeddingAsync", "GenerateImage", "chat.create", "completions.create",
                "embeddings.create", "chats", "chatsStream", "embeddings", "chat", "completions", "OpenAI.chat",
                "Audio.Transcriptions.New", "Audio.Translations.New", "Audio.Speech.New", "Images.Generate",
                // openai-go's streaming calls; go-openai's audio and image calls; the .NET SDK's streaming, image,
                // audio and batch-embedding calls (`ChatClient`, `ImageClient`, `AudioClient`, `EmbeddingClient`).
                "Chat.Completions.NewStreaming", "Responses.NewStreaming", "Completions.NewStreaming",
                // openai-php's images (`$client->images()->create([...])`, `OpenAI::images()->variation(…)`).
                "images.create", "images.variation",
                "CreateCompletionStream", "CreateSpeech", "CreateTranscription", "CreateTranslation", "CreateImageEdit",
                "CreateImageVariation", "CompleteChatStreaming", "CompleteChatStreamingAsync", "GenerateImageAsync",
                "GenerateImages", "GenerateImagesAsync", "GenerateImageEdit", "GenerateImageEditAsync",
                "TranscribeAudio", "TranscribeAudioAsync", "TranslateAudio", "TranslateAudioAsync", "GenerateSpeech",
                "GenerateSpeechAsync", "GenerateSpeechFromText", "GenerateSpeechFromTextAsync", "GenerateEmbeddings",
                "GenerateEmbeddingsAsync",
                "Completions.New", "Audio.transcribe", "Audio.atranscribe", "Audio.translate", "ChatCompletion.acreate",
                "Completion.acreate", "Embedding.acreate", "audio.translations.create", "images.create_variation",
                // Streaming and structured-output helpers, and the Assistants API's runs (each run spends tokens).
                "chat.completions.stream", "responses.parse", "threads.runs.create", "threads.runs.create_and_poll",
                "threads.runs.createAndPoll", "threads.runs.stream", "threads.runs.create_and_stream",
                "threads.create_and_run", "threads.createAndRun", "threads.create_and_run_poll",
                "threads.createAndRunPoll",
                // openai-kotlin (`openAI.chatCompletion(ChatCompletionRequest(…))`).
                "chatCompletion", "imageURL", "imageJSON", "transcription", "translation", "speech",
                // Elixir: openai_ex's calls are the API's paths (`Chat.Completions.create(client, req)`, above);
                // mgallo's openai.ex is one module of functions (`OpenAI.chat_completion(model: …)`); ex_openai one
                // module per resource (`ExOpenAI.Chat.create_chat_completion(msgs, "gpt-4o")`); instructor fills a
                // schema from a chat completion (`Instructor.chat_completion(response_model: …)`). Written in two
                // segments, with the SDK's module in scope: a longer shape's inner words (`Responses`) would let every
                // file naming them past the prefilter.
                "Transcription.create", "Speech.create",
                "OpenAI.chat_completion", "OpenAI.completions", "OpenAI.embeddings", "OpenAI.images_generations",
                "OpenAI.image_generations", "OpenAI.audio_transcription", "OpenAI.audio_speech",
                "Chat.create_chat_completion", "Completions.create_completion", "Embeddings.create_embedding",
                "Images.create_image", "Responses.create_response", "Audio.create_transcription", "Audio.create_speech",
                "Instructor.chat_completion", "InstructorLite.instruct",
                // The Node SDK's v3 API (`new OpenAIApi(new Configuration({ apiKey }))`, and openai-edge's copy of it):
                // `createChatCompletion`, `createCompletion`, `createImage` and `createTranscription` are the Go names
                // above (segments compare case-insensitively); `createModeration` and `listModels` are free.
                "createEmbedding", "createEdit",
            ],
            // openai-edge is the v3 SDK's copy for edge runtimes; `@openai/openai` is the SDK on JSR (`jsr:@openai/openai`).
            imports: ["openai", "com.openai", "com.theokanning.openai", "com.aallam.openai", "async_openai", "openai_api_rs", "OpenAI",
                      "github.com/openai/openai-go", "github.com/sashabaranov/go-openai", "github.com/sashabaranov/go-gpt3",
                      "openai-php", "OpenaiEx", "ExOpenAI", "openai-edge", "@openai/openai"],
            symbols: ["OpenAI", "AsyncOpenAI", "OpenAIClient", "OpenAIOkHttpClient", "OpenaiEx", "ExOpenAI"],
            batchCalls: ["batches.create", "Batches.New", "CreateBatch"]),
        Provider(
            id: "anthropic", kind: .model,
            hosts: ["api.anthropic.com"],
            packages: [
                "npm": ["@anthropic-ai/sdk", "@ai-sdk/anthropic", "@anthropic-ai/vertex-sdk", "@anthropic-ai/bedrock-sdk"], "pypi": ["anthropic"],
                // liushuangls/go-anthropic is the community Go client (`client.CreateMessages(ctx, req)`).
                "go": ["github.com/anthropics/anthropic-sdk-go", "github.com/liushuangls/go-anthropic"],
                "rubygems": ["anthropic", "ruby-anthropic"], "maven": ["com.anthropic:anthropic-java"],
                "nuget": ["Anthropic.SDK", "Anthropic"], "swift": ["jamesrochabrun/SwiftAnthropic"],
                "cargo": ["anthropic-sdk"], "composer": ["mozex/anthropic-php", "mozex/anthropic-laravel"],
                "hex": ["anthropix"],
            ],
            // Elixir's anthropix: `Anthropix.chat(client, model: …, messages: …)`.
            calls: ["messages.create", "messages.stream", "completions.create", "Messages.New", "Messages.NewStreaming",
                    "Messages.GetClaudeMessageAsync", "createMessage", "messages", "Anthropix.chat",
                    "CreateMessages", "CreateMessagesStream"],
            imports: ["@anthropic-ai/sdk", "anthropic", "com.anthropic", "Anthropic", "SwiftAnthropic",
                      "github.com/anthropics/anthropic-sdk-go", "github.com/liushuangls/go-anthropic", "anthropic_sdk",
                      "Anthropix"],
            symbols: ["Anthropic", "AsyncAnthropic", "AnthropicClient", "AnthropicOkHttpClient", "Anthropix"],
            batchCalls: ["messages.batches.create", "Messages.Batches.New", "Anthropix.Batch.create", "CreateBatch"]),
        Provider(
            id: "google-gemini", kind: .model,
            hosts: ["generativelanguage.googleapis.com"],
            packages: [
                "npm": ["@google/generative-ai", "@google/genai", "@ai-sdk/google"], "pypi": ["google-generativeai", "google-genai"],
                "go": ["github.com/google/generative-ai-go", "google.golang.org/genai"],
                "maven": ["com.google.genai:google-genai", "com.google.ai.client.generativeai:generativeai",
                          "com.google.firebase:firebase-vertexai", "com.google.firebase:firebase-ai"],
                "swift": ["google-gemini/generative-ai-swift"],
                "composer": ["google-gemini-php/client", "google-gemini-php/laravel"],
                "rubygems": ["gemini-ai", "ruby-gemini"],
            ],
            calls: ["generateContent", "generateContentStream", "generate_content", "generate_content_async",
                    "GenerateContent", "embedContent", "embed_content", "sendMessage", "send_message", "send_message_async",
                    "sendMessageStream", "send_message_stream", "stream_generate_content", "generate_content_stream",
                    "batchEmbedContents", "models.generate_content", "models.generateContent", "models.embed_content",
                    "models.embedContent", "GenerateContentStream",
                    // The Gen AI SDKs' media models (`ai.models.generateImages(…)`, `client.models.generate_videos(…)`,
                    // Go's `client.Models.GenerateImages`) and the Live API's session: each is billed. `countTokens`
                    // and `computeTokens` are free, and are not listed.
                    "models.generateImages", "models.generate_images", "models.generateVideos", "models.generate_videos",
                    "models.editImage", "models.edit_image", "models.upscaleImage", "models.upscale_image",
                    "live.connect",
                    // Ruby's gemini-ai, autoloaded by Rails: its constant `Gemini` names too much in other languages
                    // to put the provider in scope, so the client's construction is part of the shape
                    // (`client = Gemini.new(credentials: …)`, then `client.generate_content(…)`).
                    "Gemini.new.generate_content", "Gemini.new.stream_generate_content"],
            // `gemini-ai` and `gemini` are Ruby's requires; `Gemini` is the PHP client's namespace (`use Gemini;`,
            // `Gemini\Laravel\Facades\Gemini`).
            imports: ["google.generativeai", "google.genai", "@google/generative-ai", "@google/genai",
                      "github.com/google/generative-ai-go", "google.golang.org/genai", "com.google.genai",
                      "com.google.ai.client.generativeai", "com.google.firebase.vertexai", "com.google.firebase.ai",
                      "firebase/vertexai", "firebase/ai", "GoogleGenerativeAI", "Gemini", "gemini-ai"],
            symbols: ["GoogleGenerativeAI", "GoogleGenAI", "genai", "GenerativeModel"],
            batchCalls: ["batches.create"]),
        Provider(
            id: "google-vertex-ai", kind: .model,
            hosts: ["aiplatform.googleapis.com"],
            packages: [
                "npm": ["@google-cloud/vertexai", "@google-cloud/aiplatform", "@ai-sdk/google-vertex"],
                "pypi": ["google-cloud-aiplatform", "vertexai"], "go": ["cloud.google.com/go/vertexai"],
                "maven": ["com.google.cloud:google-cloud-vertexai"],
            ],
            calls: ["generateContent", "generateContentStream", "generate_content", "GenerateContent", "predict",
                    "get_embeddings"],
            imports: ["vertexai", "google.cloud.aiplatform", "@google-cloud/vertexai", "@google-cloud/aiplatform",
                      "cloud.google.com/go/vertexai", "com.google.cloud.vertexai"],
            symbols: ["VertexAI"],
            batchCalls: ["BatchPredictionJob.create", "BatchPredictionJob.submit", "batch_predict"]),
        Provider(
            id: "aws-bedrock", kind: .model,
            hosts: ["bedrock-runtime.*.amazonaws.com", "bedrock-agent-runtime.*.amazonaws.com"],
            packages: [
                "npm": ["@aws-sdk/client-bedrock-runtime", "@aws-sdk/client-bedrock-agent-runtime", "@ai-sdk/amazon-bedrock"],
                "go": ["github.com/aws/aws-sdk-go-v2/service/bedrockruntime"],
                "maven": ["software.amazon.awssdk:bedrockruntime"], "rubygems": ["aws-sdk-bedrockruntime"],
                "cargo": ["aws-sdk-bedrockruntime"], "nuget": ["AWSSDK.BedrockRuntime"],
            ],
            calls: ["invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream",
                    "InvokeModelCommand", "InvokeModelWithResponseStreamCommand", "ConverseCommand",
                    "ConverseStreamCommand", "InvokeModel", "Converse", "invokeModel", "InvokeModelAsync",
                    "ConverseAsync",
                    // Agents and knowledge bases (`bedrock-agent-runtime`): each call runs the model behind them.
                    "retrieve_and_generate", "retrieve_and_generate_stream", "invoke_agent", "invoke_inline_agent",
                    "RetrieveAndGenerateCommand", "RetrieveAndGenerateStreamCommand", "InvokeAgentCommand",
                    "InvokeInlineAgentCommand"],
            imports: ["boto3", "@aws-sdk/client-bedrock-runtime", "@aws-sdk/client-bedrock-agent-runtime",
                      "github.com/aws/aws-sdk-go-v2/service/bedrockruntime",
                      "software.amazon.awssdk.services.bedrockruntime", "aws_sdk_bedrockruntime", "Amazon.BedrockRuntime",
                      "aws-sdk-bedrockruntime"],
            symbols: ["BedrockRuntimeClient", "AmazonBedrockRuntimeClient", "BedrockAgentRuntimeClient"],
            batchCalls: ["create_model_invocation_job", "CreateModelInvocationJobCommand"]),
        Provider(
            id: "cohere", kind: .model,
            hosts: ["api.cohere.ai", "api.cohere.com"],
            packages: ["npm": ["cohere-ai", "@ai-sdk/cohere"], "pypi": ["cohere"], "go": ["github.com/cohere-ai/cohere-go"],
                       "rubygems": ["cohere-ruby"]],
            // v1's legacy `summarize` and `generate` run a Command model, `classify` an embedding model: each is
            // billed. `tokenize` and `detokenize` run none and are free.
            calls: ["chat", "chat_stream", "chatStream", "generate", "generate_stream", "generateStream", "embed", "rerank",
                    "summarize", "classify"],
            imports: ["cohere", "cohere-ai", "github.com/cohere-ai/cohere-go"],
            symbols: ["CohereClient", "CohereClientV2"]),
        Provider(
            id: "mistral", kind: .model,
            hosts: ["api.mistral.ai"],
            packages: ["npm": ["@mistralai/mistralai", "@ai-sdk/mistral", "@mistralai/mistralai-azure"], "pypi": ["mistralai"],
                       "rubygems": ["mistral-ai"]],
            calls: ["chat.complete", "chat.complete_async", "chat.stream", "embeddings.create", "fim.complete",
                    "chat",
                    // The v1 SDKs' other billed resources: async twins, FIM streaming, agents, OCR, moderation,
                    // transcription and conversations (`client.agents.complete({ agentId, messages })`).
                    "chat.stream_async", "embeddings.create_async", "fim.complete_async", "fim.stream", "fim.stream_async",
                    "agents.complete", "agents.complete_async", "agents.stream", "agents.stream_async", "ocr.process",
                    "ocr.process_async", "classifiers.moderate", "classifiers.moderate_chat", "classifiers.moderateChat",
                    "transcriptions.complete", "conversations.start", "conversations.append",
                    // The 0.x clients (`new MistralClient(key)`): `client.embeddings({ model, input })`, JavaScript's
                    // `chatStream` and FIM `completion`, Python's `chat_stream`.
                    "embeddings", "chatStream", "chat_stream", "completion", "completionStream"],
            imports: ["mistralai", "@mistralai/mistralai"],
            symbols: ["Mistral", "MistralClient"]),
        Provider(
            id: "groq", kind: .model,
            hosts: ["api.groq.com"],
            packages: ["npm": ["groq-sdk", "@ai-sdk/groq"], "pypi": ["groq"], "rubygems": ["groq"]],
            calls: ["chat.completions.create", "audio.transcriptions.create"],
            imports: ["groq", "groq-sdk"],
            symbols: ["Groq", "AsyncGroq"]),
        Provider(
            id: "together", kind: .model,
            hosts: ["api.together.xyz", "api.together.ai"],
            packages: ["npm": ["together-ai", "@ai-sdk/togetherai"], "pypi": ["together"]],
            // The npm SDK names image generation `images.create` (`together.images.create({ model, prompt })`), the
            // Python one `images.generate`.
            calls: ["chat.completions.create", "completions.create", "images.generate", "images.create", "embeddings.create",
                    "rerank.create", "audio.speech.create", "audio.transcriptions.create", "audio.translations.create"],
            imports: ["together", "together-ai"],
            symbols: ["Together", "AsyncTogether"]),
        Provider(
            id: "replicate", kind: .model,
            hosts: ["api.replicate.com"],
            packages: ["npm": ["replicate"], "pypi": ["replicate"], "go": ["github.com/replicate/replicate-go"],
                       "rubygems": ["replicate-ruby"]],
            // A client of its own (`rep = replicate.Client(api_token=…)`, then `rep.run(…)`) runs models too.
            calls: ["replicate.run", "replicate.stream", "replicate.async_run", "predictions.create", "CreatePrediction",
                    "Client.run", "Client.async_run", "Client.stream"],
            imports: ["replicate", "github.com/replicate/replicate-go"],
            symbols: ["Replicate"]),
        // Workers AI runs models through the Worker's `AI` binding (`env.AI.run("@cf/meta/…", input)`) or the older
        // `new Ai(env.AI)` wrapper; each run is billed in neurons.
        Provider(
            id: "cloudflare-workers-ai", kind: .model,
            packages: ["npm": ["@cloudflare/ai", "workers-ai-provider"]],
            calls: ["AI.run"],
            imports: ["@cloudflare/ai", "workers-ai-provider"],
            symbols: ["AI", "Ai"]),
        Provider(
            id: "perplexity", kind: .model,
            hosts: ["api.perplexity.ai"],
            packages: ["npm": ["@perplexity-ai/perplexity_ai", "@ai-sdk/perplexity"], "pypi": ["perplexityai"]],
            calls: ["chat.completions.create", "search.create"],
            imports: ["perplexity", "@perplexity-ai/perplexity_ai"],
            symbols: ["Perplexity"]),
        Provider(id: "deepseek", kind: .model, hosts: ["api.deepseek.com"], symbols: ["DeepSeek"]),
        Provider(
            id: "openrouter", kind: .model,
            hosts: ["openrouter.ai"],
            packages: ["npm": ["@openrouter/ai-sdk-provider", "@openrouter/sdk"]],
            calls: ["chat.send", "chat.completions.create"],
            imports: ["@openrouter"],
            symbols: ["OpenRouter"]),
        // LLM gateways and proxies, used as the base URL of another provider's API: every request they pass on is the
        // upstream model's, billed (`https://gateway.ai.cloudflare.com/v1/{account}/{gateway}/openai/chat/completions`,
        // `/anthropic/v1/messages`, `/workers-ai/@cf/…`; Helicone's `oai.helicone.ai/v1/…`; Portkey's `api.portkey.ai/v1/…`;
        // Vercel's AI Gateway). Helicone's own logging API (`api.helicone.ai`) is not one of them.
        Provider(id: "cloudflare-ai-gateway", kind: .model, hosts: ["gateway.ai.cloudflare.com"]),
        Provider(
            id: "helicone", kind: .model,
            hosts: ["oai.helicone.ai", "anthropic.helicone.ai", "gateway.helicone.ai", "ai-gateway.helicone.ai",
                    "oai.hconeai.com", "anthropic.hconeai.com", "gateway.hconeai.com"]),
        Provider(
            id: "portkey", kind: .model,
            hosts: ["api.portkey.ai"],
            packages: ["npm": ["portkey-ai"], "pypi": ["portkey-ai"]],
            calls: ["chat.completions.create", "completions.create", "embeddings.create", "images.generate"],
            imports: ["portkey-ai", "portkey_ai"],
            symbols: ["Portkey", "AsyncPortkey"]),
        Provider(id: "vercel-ai-gateway", kind: .model, hosts: ["ai-gateway.vercel.sh"]),
        // monacopilot: a Monaco editor's completions from a server route, made with the operator's key of the provider
        // its `Copilot` is given (`new Copilot(process.env.GROQ_API_KEY!, { provider: 'groq' })`, then
        // `copilot.complete({ body })`). Its package alone puts it in scope: `Copilot` is many projects' own name.
        Provider(
            id: "monacopilot", kind: .model,
            packages: ["npm": ["monacopilot"]],
            calls: ["Copilot.complete"],
            imports: ["monacopilot"],
            symbols: ["monacopilot"]),
        Provider(
            id: "huggingface-inference", kind: .model,
            hosts: ["api-inference.huggingface.co", "router.huggingface.co", "endpoints.huggingface.cloud"],
            packages: ["npm": ["@huggingface/inference"]],
            calls: ["text_generation", "chat_completion", "chatCompletion", "textGeneration", "feature_extraction",
                    "featureExtraction", "text_to_image", "textToImage", "chat.completions.create"],
            imports: ["huggingface_hub", "@huggingface/inference"],
            symbols: ["InferenceClient", "AsyncInferenceClient", "HfInference"]),
        Provider(
            id: "fireworks", kind: .model,
            hosts: ["api.fireworks.ai"],
            packages: ["pypi": ["fireworks-ai"], "npm": ["@fireworks-ai/sdk", "@ai-sdk/fireworks"]],
            calls: ["chat.completions.create", "completions.create", "chat.completions.acreate"],
            imports: ["fireworks", "@fireworks-ai"],
            symbols: ["Fireworks", "AsyncFireworks", "ChatFireworks"]),
        Provider(
            id: "litellm", kind: .model,
            packages: ["pypi": ["litellm"]],
            calls: ["litellm.completion", "litellm.acompletion", "litellm.embedding", "litellm.aembedding",
                    "litellm.image_generation", "litellm.text_completion", "litellm.transcription", "litellm.speech",
                    "router.completion", "router.acompletion", "acompletion", "aembedding"],
            imports: ["litellm"],
            symbols: ["litellm", "acompletion", "aembedding"],
            batchCalls: ["litellm.batch_completion", "batch_completion"]),
        Provider(
            id: "fal", kind: .model,
            hosts: ["fal.run", "queue.fal.run", "fal.media"],
            packages: ["npm": ["@fal-ai/client", "@fal-ai/serverless-client"], "pypi": ["fal-client"]],
            calls: ["fal.subscribe", "fal.run", "fal.queue.submit", "fal.stream", "fal_client.subscribe",
                    "fal_client.run", "fal_client.submit", "fal_client.subscribe_async", "fal_client.run_async"],
            imports: ["@fal-ai", "fal_client"],
            symbols: ["fal_client"]),
        Provider(
            id: "elevenlabs", kind: .model,
            hosts: ["api.elevenlabs.io", "api.us.elevenlabs.io"],
            packages: ["npm": ["elevenlabs", "@elevenlabs/elevenlabs-js"], "pypi": ["elevenlabs"]],
            calls: ["text_to_speech.convert", "textToSpeech.convert", "text_to_speech.stream", "textToSpeech.stream",
                    "speech_to_text.convert", "speechToText.convert", "text_to_sound_effects.convert",
                    "textToSoundEffects.convert", "text_to_speech.convert_as_stream",
                    // The SDK before 1.0 (`from elevenlabs import generate`) and 1.x's client (`client.generate(…)`).
                    "elevenlabs.generate", "ElevenLabs.generate", "AsyncElevenLabs.generate"],
            imports: ["elevenlabs", "@elevenlabs/elevenlabs-js"],
            symbols: ["ElevenLabs", "ElevenLabsClient", "AsyncElevenLabs"]),
        Provider(
            id: "xai", kind: .model,
            hosts: ["api.x.ai"],
            packages: ["pypi": ["xai-sdk"], "npm": ["@ai-sdk/xai"]],
            calls: ["chat.create"],
            imports: ["xai_sdk"],
            symbols: ["xai_sdk", "ChatXAI"]),
        Provider(
            id: "ai21", kind: .model,
            hosts: ["api.ai21.com"],
            packages: ["pypi": ["ai21"]],
            calls: ["chat.completions.create"],
            imports: ["ai21"],
            symbols: ["AI21Client", "AsyncAI21Client"]),
        Provider(
            id: "voyage", kind: .model,
            hosts: ["api.voyageai.com"],
            packages: ["pypi": ["voyageai"], "npm": ["voyageai"]],
            calls: ["embed", "rerank", "contextualized_embed", "multimodal_embed"],
            imports: ["voyageai"],
            symbols: ["VoyageAIClient", "VoyageEmbeddings"]),
        Provider(
            id: "deepgram", kind: .model,
            hosts: ["api.deepgram.com"],
            packages: ["npm": ["@deepgram/sdk"], "pypi": ["deepgram-sdk"], "go": ["github.com/deepgram/deepgram-go-sdk"]],
            calls: ["transcribeUrl", "transcribeFile", "transcribe_url", "transcribe_file", "speak.request"],
            imports: ["deepgram", "@deepgram/sdk", "github.com/deepgram/deepgram-go-sdk"],
            symbols: ["DeepgramClient"]),
        Provider(
            id: "assemblyai", kind: .model,
            hosts: ["api.assemblyai.com"],
            packages: ["npm": ["assemblyai"], "pypi": ["assemblyai"]],
            calls: ["transcripts.transcribe", "transcripts.create", "transcriber.transcribe", "Transcriber.transcribe",
                    "lemur.task"],
            imports: ["assemblyai"],
            symbols: ["AssemblyAI"]),
        Provider(
            id: "stability", kind: .model,
            hosts: ["api.stability.ai", "clipdrop-api.co"],
            packages: ["pypi": ["stability-sdk"]],
            imports: ["stability_sdk"],
            symbols: ["stability_sdk"]),
        Provider(
            id: "cerebras", kind: .model,
            hosts: ["api.cerebras.ai"],
            packages: ["pypi": ["cerebras-cloud-sdk"], "npm": ["@cerebras/cerebras_cloud_sdk", "@ai-sdk/cerebras"]],
            calls: ["chat.completions.create", "completions.create"],
            imports: ["cerebras.cloud.sdk", "@cerebras/cerebras_cloud_sdk"],
            symbols: ["Cerebras", "AsyncCerebras", "ChatCerebras"]),
        Provider(
            id: "sambanova", kind: .model,
            hosts: ["api.sambanova.ai"],
            packages: ["pypi": ["sambanova"]],
            calls: ["chat.completions.create"],
            imports: ["sambanova"],
            symbols: ["SambaNova", "ChatSambaNovaCloud"]),
        Provider(
            id: "nvidia-nim", kind: .model,
            hosts: ["integrate.api.nvidia.com", "ai.api.nvidia.com"],
            packages: ["pypi": ["langchain-nvidia-ai-endpoints"]],
            imports: ["langchain_nvidia_ai_endpoints"],
            symbols: ["ChatNVIDIA", "NVIDIAEmbeddings"]),
        Provider(id: "deepinfra", kind: .model, hosts: ["api.deepinfra.com"], symbols: ["DeepInfra", "ChatDeepInfra"]),
        Provider(id: "moonshot", kind: .model, hosts: ["api.moonshot.cn", "api.moonshot.ai"], symbols: ["Moonshot"]),
        Provider(
            id: "zhipu", kind: .model,
            hosts: ["open.bigmodel.cn"],
            packages: ["pypi": ["zhipuai"]],
            calls: ["chat.completions.create", "embeddings.create"],
            imports: ["zhipuai"],
            symbols: ["ZhipuAI"]),
        Provider(
            id: "dashscope", kind: .model,
            hosts: ["dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com"],
            packages: ["pypi": ["dashscope"]],
            calls: ["Generation.call", "TextEmbedding.call", "MultiModalConversation.call", "ImageSynthesis.call"],
            imports: ["dashscope"],
            symbols: ["dashscope"]),
        Provider(id: "minimax", kind: .model, hosts: ["api.minimax.chat", "api.minimaxi.chat", "api.minimax.io"],
                 symbols: ["MiniMax"]),
        Provider(id: "novita", kind: .model, hosts: ["api.novita.ai"], symbols: ["NovitaClient"]),
        Provider(id: "hyperbolic", kind: .model, hosts: ["api.hyperbolic.xyz"], symbols: ["Hyperbolic"]),
        Provider(id: "nebius", kind: .model, hosts: ["api.studio.nebius.ai", "api.studio.nebius.com"], symbols: ["Nebius"]),
        Provider(id: "baseten", kind: .model, hosts: ["api.baseten.co", "inference.baseten.co"], symbols: ["Baseten"]),
        Provider(
            id: "runway", kind: .model,
            hosts: ["api.dev.runwayml.com"],
            packages: ["npm": ["@runwayml/sdk"], "pypi": ["runwayml"]],
            calls: ["imageToVideo.create", "image_to_video.create", "textToImage.create", "text_to_image.create"],
            imports: ["runwayml", "@runwayml/sdk"],
            symbols: ["RunwayML", "AsyncRunwayML"]),
        Provider(
            id: "luma", kind: .model,
            hosts: ["api.lumalabs.ai"],
            packages: ["npm": ["lumaai"], "pypi": ["lumaai"]],
            calls: ["generations.create", "generations.image.create"],
            imports: ["lumaai"],
            symbols: ["LumaAI", "AsyncLumaAI"]),
        Provider(id: "ideogram", kind: .model, hosts: ["api.ideogram.ai"], symbols: ["Ideogram"]),
        Provider(
            id: "leonardo", kind: .model,
            hosts: ["cloud.leonardo.ai"],
            packages: ["npm": ["@leonardo-ai/sdk"]],
            calls: ["image.createGeneration"],
            imports: ["@leonardo-ai/sdk"],
            symbols: ["Leonardo"]),
        Provider(id: "heygen", kind: .model, hosts: ["api.heygen.com", "upload.heygen.com"], symbols: ["HeyGen"]),
        Provider(
            id: "cartesia", kind: .model,
            hosts: ["api.cartesia.ai"],
            packages: ["pypi": ["cartesia"], "npm": ["@cartesia/cartesia-js"]],
            calls: ["tts.bytes", "tts.sse", "tts.generate"],
            imports: ["cartesia", "@cartesia/cartesia-js"],
            symbols: ["Cartesia", "AsyncCartesia"]),
        // DeepL bills per character translated. Before the clouds' translation services, whose calls share its names
        // (`translate_text`): a file importing DeepL beside boto3 translates with DeepL. Its SDKs pick the free plan's
        // host (api-free.deepl.com) by the key alone, so an SDK call is taken as paid; a request to that host is not.
        Provider(
            id: "deepl", kind: .model,
            hosts: ["api.deepl.com"],
            packages: ["npm": ["deepl-node"], "pypi": ["deepl"], "rubygems": ["deepl-rb"], "composer": ["deeplcom/deepl-php"],
                       "maven": ["com.deepl.api:deepl-java"], "nuget": ["DeepL.net"]],
            // `translator.translateText(…)` (Node, Java), `translate_text` (Python), `TranslateTextAsync` (.NET),
            // `$translator->translateText(…)` (PHP), `DeepL.translate(…)` (Ruby); documents and DeepLClient's rephrasing too.
            // Ruby's `DeepL.document.upload` is written without its module: a shape of three segments matches with no
            // import, so its inner `document` would be a prefilter keyword, which most web code holds.
            calls: ["translateText", "translate_text", "TranslateTextAsync", "translateDocument", "translate_document",
                    "translate_document_from_filepath", "TranslateDocumentAsync", "translateDocumentUpload",
                    "translate_document_upload", "rephraseText", "rephrase_text", "RephraseTextAsync", "DeepL.translate",
                    "document.upload"],
            imports: ["deepl", "deepl-node", "com.deepl.api"],
            symbols: ["DeepL", "DeepLClient"]),
        Provider(
            id: "google-cloud-ai", kind: .model,
            hosts: ["vision.googleapis.com", "translation.googleapis.com", "texttospeech.googleapis.com",
                    "speech.googleapis.com", "language.googleapis.com", "documentai.googleapis.com"],
            packages: ["pypi": ["google-cloud-vision", "google-cloud-translate", "google-cloud-texttospeech",
                                "google-cloud-speech"],
                       "npm": ["@google-cloud/vision", "@google-cloud/translate", "@google-cloud/text-to-speech",
                               "@google-cloud/speech"]],
            calls: ["label_detection", "text_detection", "document_text_detection", "annotate_image", "translate_text",
                    "translateText", "synthesize_speech", "synthesizeSpeech", "labelDetection", "textDetection",
                    "documentTextDetection",
                    // Translation's v2 (Basic) clients: Python's `translate.Client()`, Node's `new Translate()`, Java's
                    // `TranslateOptions…getService()` held as `translate`; .NET's `TranslateTextAsync`.
                    "Client.translate", "Translate.translate", "translate.translate", "TranslateTextAsync",
                    "SynthesizeSpeechAsync", "AnnotateAsync", "BatchAnnotateImages"],
            imports: ["google.cloud.vision", "google.cloud.translate", "google.cloud.translate_v2", "google.cloud.texttospeech",
                      "google.cloud.speech",
                      "@google-cloud/vision", "@google-cloud/translate", "@google-cloud/text-to-speech",
                      "@google-cloud/speech",
                      // Java, Go and .NET clients.
                      "com.google.cloud.translate", "com.google.cloud.vision", "com.google.cloud.texttospeech",
                      "com.google.cloud.speech", "cloud.google.com/go/translate", "cloud.google.com/go/vision",
                      "cloud.google.com/go/texttospeech", "cloud.google.com/go/speech", "Google.Cloud.Translation",
                      "Google.Cloud.Translate", "Google.Cloud.Vision", "Google.Cloud.TextToSpeech", "Google.Cloud.Speech"],
            symbols: ["ImageAnnotatorClient", "TranslationServiceClient", "TextToSpeechClient"]),
        Provider(
            id: "aws-ai-services", kind: .model,
            hosts: ["textract.*.amazonaws.com", "rekognition.*.amazonaws.com", "polly.*.amazonaws.com",
                    "comprehend.*.amazonaws.com", "translate.*.amazonaws.com"],
            packages: ["npm": ["@aws-sdk/client-textract", "@aws-sdk/client-rekognition", "@aws-sdk/client-polly",
                               "@aws-sdk/client-comprehend", "@aws-sdk/client-translate"]],
            calls: ["DetectDocumentTextCommand", "AnalyzeDocumentCommand", "DetectLabelsCommand", "SynthesizeSpeechCommand",
                    "TranslateTextCommand", "DetectSentimentCommand", "detect_document_text", "analyze_document",
                    "detect_labels", "synthesize_speech", "translate_text", "detect_sentiment",
                    // Java (`translateClient.translateText(request)`), Go (`client.TranslateText(ctx, …)`) and .NET
                    // (`TranslateTextAsync`) SDKs.
                    "translateText", "TranslateTextAsync", "detectDocumentText", "DetectDocumentTextAsync", "analyzeDocument",
                    "AnalyzeDocumentAsync", "detectLabels", "DetectLabelsAsync", "synthesizeSpeech", "SynthesizeSpeechAsync",
                    "detectSentiment", "DetectSentimentAsync"],
            imports: ["@aws-sdk/client-textract", "@aws-sdk/client-rekognition", "@aws-sdk/client-polly",
                      "@aws-sdk/client-comprehend", "@aws-sdk/client-translate", "boto3",
                      "software.amazon.awssdk.services.translate", "software.amazon.awssdk.services.textract",
                      "software.amazon.awssdk.services.rekognition", "software.amazon.awssdk.services.polly",
                      "software.amazon.awssdk.services.comprehend", "github.com/aws/aws-sdk-go-v2/service/translate",
                      "github.com/aws/aws-sdk-go-v2/service/textract", "github.com/aws/aws-sdk-go-v2/service/rekognition",
                      "github.com/aws/aws-sdk-go-v2/service/polly", "github.com/aws/aws-sdk-go-v2/service/comprehend",
                      "Amazon.Translate", "Amazon.Textract", "Amazon.Rekognition", "Amazon.Polly", "Amazon.Comprehend"],
            symbols: ["TextractClient", "RekognitionClient", "PollyClient", "ComprehendClient"]),
        Provider(
            id: "azure-ai-services", kind: .model,
            hosts: ["api.cognitive.microsoft.com", "cognitiveservices.azure.com", "api.cognitive.microsofttranslator.com",
                    "tts.speech.microsoft.com"],
            packages: ["pypi": ["azure-ai-formrecognizer", "azure-ai-documentintelligence", "azure-cognitiveservices-speech"],
                       "npm": ["@azure/ai-form-recognizer", "microsoft-cognitiveservices-speech-sdk"]],
            calls: ["begin_analyze_document", "beginAnalyzeDocument", "speak_text_async", "SpeakTextAsync",
                    "speakTextAsync", "recognize_once_async", "recognizeOnceAsync"],
            imports: ["azure.ai.formrecognizer", "azure.ai.documentintelligence", "azure.cognitiveservices.speech",
                      "@azure/ai-form-recognizer", "microsoft-cognitiveservices-speech-sdk"],
            symbols: ["DocumentAnalysisClient", "DocumentIntelligenceClient", "SpeechSynthesizer"]),
    ]

    static let search: [Provider] = [
        Provider(
            id: "tavily", kind: .search,
            hosts: ["api.tavily.com"],
            packages: ["npm": ["@tavily/core"], "pypi": ["tavily-python", "langchain-tavily"]],
            // `search` alone is everyone's method: the client's name, or what made it (`tv = TavilyClient(…)`,
            // `const tc = tavily({ apiKey })`), tells it is Tavily's.
            calls: ["tavily_client.search", "tavily.search", "tvly.search", "client.search", "tavily_client.extract",
                    "tvly.extract", "qna_search", "get_search_context", "tvly.crawl", "tavily_client.crawl",
                    "TavilyClient.search", "AsyncTavilyClient.search", "TavilyClient.extract", "AsyncTavilyClient.extract",
                    "TavilyClient.crawl", "AsyncTavilyClient.crawl", "tavily.extract", "tavily.crawl",
                    // LangChain's Tavily tools, run by hand (an agent given them runs them through its model's calls).
                    "TavilySearchResults.invoke", "TavilySearchResults.ainvoke", "TavilySearchResults.run",
                    "TavilySearch.invoke", "TavilySearch.ainvoke", "TavilyExtract.invoke", "TavilyExtract.ainvoke"],
            imports: ["tavily", "@tavily/core", "langchain_tavily", "langchain_community.tools.tavily_search"],
            symbols: ["TavilyClient", "AsyncTavilyClient", "TavilySearchResults", "TavilySearch", "TavilyExtract"]),
        Provider(
            id: "serpapi", kind: .search,
            hosts: ["serpapi.com"],
            packages: ["npm": ["serpapi"], "pypi": ["google-search-results", "serpapi"],
                       "rubygems": ["google_search_results"]],
            calls: ["get_dict", "get_json", "getJson", "get_results"],
            imports: ["serpapi", "google_search_results"],
            symbols: ["GoogleSearch", "SerpApiClient", "SerpApiSearch"]),
        Provider(
            id: "exa", kind: .search,
            hosts: ["api.exa.ai"],
            packages: ["npm": ["exa-js"], "pypi": ["exa-py"]],
            calls: ["exa.search", "search_and_contents", "searchAndContents", "find_similar", "findSimilar",
                    "exa.get_contents", "exa.getContents", "exa.answer", "find_similar_and_contents"],
            imports: ["exa_py", "exa-js"],
            symbols: ["Exa"]),
        Provider(
            id: "serper", kind: .search,
            hosts: ["google.serper.dev", "scrape.serper.dev"],
            symbols: ["GoogleSerperAPIWrapper", "GoogleSerperResults", "SerperDevTool"]),
        Provider(
            id: "jina", kind: .search,
            hosts: ["r.jina.ai", "s.jina.ai", "api.jina.ai", "deepsearch.jina.ai"],
            symbols: ["JinaEmbeddings", "JinaRerank"]),
        Provider(
            id: "firecrawl", kind: .search,
            hosts: ["api.firecrawl.dev"],
            packages: ["npm": ["@mendable/firecrawl-js"], "pypi": ["firecrawl-py"]],
            calls: ["scrape_url", "scrapeUrl", "crawl_url", "crawlUrl", "async_crawl_url", "asyncCrawlUrl",
                    "batch_scrape_urls", "batchScrapeUrls", "firecrawl.scrape", "firecrawl.crawl", "firecrawl.search",
                    "app.scrape", "app.crawl"],
            imports: ["firecrawl", "@mendable/firecrawl-js"],
            symbols: ["FirecrawlApp", "AsyncFirecrawlApp", "Firecrawl"]),
        Provider(id: "brave-search", kind: .search, hosts: ["api.search.brave.com"], symbols: ["BraveSearch"]),
        Provider(id: "bing-search", kind: .search, hosts: ["api.bing.microsoft.com"], symbols: ["BingSearchAPIWrapper"]),
        Provider(
            id: "google-custom-search", kind: .search, hosts: ["customsearch.googleapis.com"],
            symbols: ["GoogleSearchAPIWrapper"]),
        Provider(
            id: "scrapingbee", kind: .search,
            hosts: ["app.scrapingbee.com"],
            packages: ["pypi": ["scrapingbee"], "npm": ["scrapingbee"]],
            calls: ["scrapingbee.get", "client.get"],
            imports: ["scrapingbee"],
            symbols: ["ScrapingBeeClient"]),
        Provider(
            id: "apify", kind: .search,
            hosts: ["api.apify.com"],
            packages: ["npm": ["apify-client"], "pypi": ["apify-client"]],
            calls: ["actor.call", "actor.start", "task.call"],
            imports: ["apify_client", "apify-client"],
            symbols: ["ApifyClient", "ApifyClientAsync"]),
        Provider(id: "you-search", kind: .search, hosts: ["api.ydc-index.io"], symbols: ["YouSearchAPIWrapper"]),
        Provider(id: "searchapi", kind: .search, hosts: ["www.searchapi.io"], symbols: ["SearchApiAPIWrapper"]),
        Provider(id: "scraperapi", kind: .search, hosts: ["api.scraperapi.com"], symbols: ["ScraperAPIClient"]),
        Provider(
            id: "browserbase", kind: .search,
            hosts: ["api.browserbase.com"],
            packages: ["npm": ["@browserbasehq/sdk"], "pypi": ["browserbase"]],
            calls: ["sessions.create"],
            imports: ["browserbase", "@browserbasehq/sdk"],
            symbols: ["Browserbase"]),
    ]

    static let messaging: [Provider] = [
        Provider(
            id: "twilio", kind: .messaging,
            hosts: ["api.twilio.com", "verify.twilio.com"],
            packages: [
                "npm": ["twilio"], "pypi": ["twilio"], "go": ["github.com/twilio/twilio-go"], "rubygems": ["twilio-ruby"],
                "maven": ["com.twilio.sdk:twilio"], "nuget": ["Twilio"], "composer": ["twilio/sdk"],
            ],
            calls: ["messages.create", "calls.create", "verifications.create", "MessageResource.Create",
                    "MessageResource.CreateAsync", "CreateMessage", "creator.create"],
            imports: ["twilio", "com.twilio", "Twilio", "github.com/twilio/twilio-go", "twilio-ruby"],
            symbols: ["Twilio", "TwilioRestClient"]),
        Provider(
            id: "vonage", kind: .messaging,
            hosts: ["rest.nexmo.com", "api.nexmo.com", "api.vonage.com"],
            packages: ["npm": ["@vonage/server-sdk"], "pypi": ["vonage"], "rubygems": ["vonage"],
                       "composer": ["vonage/client"], "maven": ["com.vonage:server-sdk"]],
            calls: ["sms.send", "sms.send_message", "messages.send", "send_message", "sendSms", "voice.createOutboundCall"],
            imports: ["@vonage", "vonage", "com.vonage", "Vonage"],
            symbols: ["Vonage"]),
        Provider(
            id: "sendgrid", kind: .messaging,
            hosts: ["api.sendgrid.com"],
            packages: ["npm": ["@sendgrid/mail"], "pypi": ["sendgrid"], "rubygems": ["sendgrid-ruby"],
                       "go": ["github.com/sendgrid/sendgrid-go"], "composer": ["sendgrid/sendgrid"],
                       "maven": ["com.sendgrid:sendgrid-java"], "nuget": ["SendGrid"]],
            calls: ["sgMail.send", "sgMail.sendMultiple", "sg.send", "sendgrid.send", "sendgrid_client.send",
                    "mail.send.post", "SendEmailAsync"],
            imports: ["@sendgrid", "sendgrid", "com.sendgrid", "SendGrid", "github.com/sendgrid/sendgrid-go"],
            symbols: ["SendGridAPIClient", "SendGridClient"]),
        Provider(
            id: "mailgun", kind: .messaging,
            hosts: ["api.mailgun.net", "api.eu.mailgun.net"],
            packages: ["npm": ["mailgun.js", "mailgun-js"], "rubygems": ["mailgun-ruby"],
                       "composer": ["mailgun/mailgun-php"], "pypi": ["mailgun"]],
            calls: ["messages.create", "messages.send", "send_message", "sendMessage"],
            imports: ["mailgun.js", "mailgun-js", "mailgun", "Mailgun"],
            symbols: ["Mailgun"]),
        Provider(
            id: "postmark", kind: .messaging,
            hosts: ["api.postmarkapp.com"],
            packages: ["npm": ["postmark"], "pypi": ["postmarker"], "rubygems": ["postmark", "postmark-rails"],
                       "composer": ["wildbit/postmark-php"], "nuget": ["Postmark"]],
            calls: ["sendEmail", "sendEmailWithTemplate", "emails.send", "deliver", "SendMessageAsync", "send_email"],
            imports: ["postmark", "postmarker", "Postmark"],
            symbols: ["PostmarkClient"],
            batchCalls: ["sendEmailBatch", "emails.send_batch"]),
        Provider(
            id: "resend", kind: .messaging,
            hosts: ["api.resend.com"],
            packages: ["npm": ["resend"], "pypi": ["resend"], "rubygems": ["resend"], "go": ["github.com/resend/resend-go"],
                       "composer": ["resend/resend-php", "resend/resend-laravel"]],
            calls: ["emails.send", "Emails.send", "Emails.Send", "batch.send", "Emails.SendWithContext"],
            imports: ["resend", "github.com/resend/resend-go"],
            symbols: ["Resend"],
            batchCalls: ["Batch.send", "Batch.Send"]),
        Provider(
            id: "plivo", kind: .messaging,
            hosts: ["api.plivo.com"],
            packages: ["pypi": ["plivo"], "npm": ["plivo"], "rubygems": ["plivo"]],
            calls: ["messages.create"],
            imports: ["plivo"],
            symbols: ["Plivo"]),
        Provider(
            id: "messagebird", kind: .messaging,
            hosts: ["rest.messagebird.com"],
            packages: ["pypi": ["messagebird"], "npm": ["messagebird"]],
            calls: ["message_create", "messages.create"],
            imports: ["messagebird"],
            symbols: ["MessageBird"]),
        Provider(
            id: "telnyx", kind: .messaging,
            hosts: ["api.telnyx.com"],
            packages: ["pypi": ["telnyx"], "npm": ["telnyx"]],
            calls: ["Message.create", "messages.create"],
            imports: ["telnyx"],
            symbols: ["Telnyx"]),
        Provider(id: "sinch", kind: .messaging, hosts: ["sms.api.sinch.com"], symbols: ["SinchClient"]),
        Provider(
            id: "brevo", kind: .messaging,
            hosts: ["api.brevo.com", "api.sendinblue.com"],
            packages: ["npm": ["@getbrevo/brevo"], "pypi": ["brevo-python", "sib-api-v3-sdk"]],
            calls: ["send_transac_email", "sendTransacEmail"],
            imports: ["brevo_python", "sib_api_v3_sdk", "@getbrevo/brevo"],
            symbols: ["TransactionalEmailsApi"]),
        Provider(
            id: "mailchimp-transactional", kind: .messaging,
            hosts: ["mandrillapp.com"],
            packages: ["npm": ["@mailchimp/mailchimp_transactional"], "pypi": ["mailchimp-transactional"]],
            calls: ["messages.send", "messages.send_template", "messages.sendTemplate"],
            imports: ["mailchimp_transactional", "@mailchimp/mailchimp_transactional"],
            symbols: ["MailchimpTransactional"]),
        Provider(
            id: "sparkpost", kind: .messaging,
            hosts: ["api.sparkpost.com", "api.eu.sparkpost.com"],
            packages: ["npm": ["sparkpost"], "pypi": ["sparkpost"]],
            calls: ["transmissions.send"],
            imports: ["sparkpost"],
            symbols: ["SparkPost"]),
        Provider(
            id: "aws-ses", kind: .messaging,
            hosts: ["email.*.amazonaws.com"],
            packages: ["npm": ["@aws-sdk/client-ses", "@aws-sdk/client-sesv2"]],
            calls: ["SendEmailCommand", "SendRawEmailCommand", "SendBulkEmailCommand"],
            imports: ["@aws-sdk/client-ses", "@aws-sdk/client-sesv2"],
            symbols: ["SESClient", "SESv2Client"]),
    ]

    static let payments: [Provider] = [
        Provider(
            id: "stripe", kind: .payments,
            hosts: ["api.stripe.com"],
            packages: [
                "npm": ["stripe"], "pypi": ["stripe"], "go": ["github.com/stripe/stripe-go"], "rubygems": ["stripe"],
                "maven": ["com.stripe:stripe-java"], "nuget": ["Stripe.net"], "composer": ["stripe/stripe-php"],
                // Elixir's stripity_stripe: `Stripe.PaymentIntent.create(%{amount: …})`, `Stripe.Invoice.create(…)`.
                "hex": ["stripity_stripe"],
            ],
            calls: ["Invoice.create", "charges.create", "paymentIntents.create", "paymentIntents.confirm", "payment_intents.create",
                    "PaymentIntent.create", "Charge.create", "checkout.sessions.create", "Session.create",
                    "invoices.create", "subscriptions.create", "Subscription.create", "refunds.create",
                    "Refund.create", "paymentintent.New", "charge.New", "PaymentIntents.New",
                    // stripe-go's packages: `checkout/session`, `invoice`, `subscription`, `refund` (with its import).
                    "session.New", "invoice.New", "subscription.New", "refund.New"],
            imports: ["stripe", "com.stripe", "Stripe", "github.com/stripe/stripe-go"],
            symbols: ["Stripe", "StripeClient"]),
        Provider(
            id: "plaid", kind: .payments,
            hosts: ["production.plaid.com", "development.plaid.com"],
            packages: ["npm": ["plaid"], "pypi": ["plaid-python"], "rubygems": ["plaid"], "go": ["github.com/plaid/plaid-go"]],
            calls: ["linkTokenCreate", "link_token_create", "transactionsSync", "transactions_sync", "transactionsGet",
                    "transactions_get", "authGet", "auth_get", "identityGet", "identity_get", "accountsBalanceGet",
                    "accounts_balance_get", "itemPublicTokenExchange", "item_public_token_exchange", "LinkTokenCreate",
                    "TransactionsSync", "AuthGet", "AccountsBalanceGet"],
            imports: ["plaid", "github.com/plaid/plaid-go"],
            symbols: ["PlaidApi", "PlaidClient"]),
        Provider(
            id: "paypal", kind: .payments,
            hosts: ["api-m.paypal.com", "api.paypal.com"],
            packages: ["npm": ["@paypal/paypal-server-sdk", "@paypal/checkout-server-sdk"],
                       "pypi": ["paypal-server-sdk", "paypalrestsdk"]],
            calls: ["ordersCreate", "ordersCapture", "orders_create", "orders_capture", "createOrder", "captureOrder"],
            imports: ["@paypal", "paypalrestsdk", "paypalcheckoutsdk", "paypalserversdk"],
            symbols: ["PayPalHttpClient", "OrdersController"]),
        Provider(
            id: "square", kind: .payments,
            hosts: ["connect.squareup.com"],
            packages: ["npm": ["square"], "pypi": ["squareup"]],
            calls: ["payments.create", "paymentsApi.createPayment", "payments.create_payment"],
            imports: ["square"],
            symbols: ["SquareClient"]),
        Provider(
            id: "braintree", kind: .payments,
            hosts: ["api.braintreegateway.com"],
            packages: ["npm": ["braintree"], "pypi": ["braintree"], "rubygems": ["braintree"]],
            calls: ["transaction.sale", "Transaction.sale"],
            imports: ["braintree"],
            symbols: ["BraintreeGateway"]),
        Provider(id: "adyen", kind: .payments, hosts: ["checkout-live.adyenpayments.com", "checkout-test.adyen.com"],
                 symbols: ["AdyenClient"]),
        Provider(
            id: "paddle", kind: .payments, hosts: ["api.paddle.com"],
            packages: ["npm": ["@paddle/paddle-node-sdk"]], symbols: ["Paddle"]),
        Provider(
            id: "lemonsqueezy", kind: .payments,
            hosts: ["api.lemonsqueezy.com"],
            packages: ["npm": ["@lemonsqueezy/lemonsqueezy.js"]],
            calls: ["createCheckout"],
            imports: ["@lemonsqueezy/lemonsqueezy.js"],
            symbols: ["lemonSqueezySetup"]),
    ]

    static let data: [Provider] = [
        Provider(
            id: "google-maps", kind: .data,
            hosts: ["maps.googleapis.com", "places.googleapis.com", "routes.googleapis.com",
                    "addressvalidation.googleapis.com"],
            packages: ["npm": ["@googlemaps/google-maps-services-js"], "pypi": ["googlemaps"]],
            calls: ["places_nearby", "distance_matrix", "reverse_geocode", "placesNearby", "distancematrix", "geocode",
                    "find_place", "placeDetails"],
            imports: ["googlemaps", "@googlemaps/google-maps-services-js"],
            symbols: ["GoogleMapsClient"]),
        // Meeting bots, billed per bot-hour (`POST https://us-east-1.recall.ai/api/v1/bot/`).
        Provider(id: "recall-ai", kind: .data, hosts: ["recall.ai"]),
    ]
}
