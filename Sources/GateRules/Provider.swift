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
    /// Package names per ecosystem (`npm`, `pypi`, `go`, `rubygems`, `cargo`, `maven`, `nuget`, `composer`, `swift`).
    /// Maven packages are `group:artifact`; Swift packages are `owner/repository` as in the package URL.
    public var packages: [String: [String]]
    /// Call shapes: dotted suffixes of a member-call chain, such as `chat.completions.create`.
    /// `.`, `->` and `::` are the same separator; segments compare case-insensitively.
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
    public static let builtin: [Provider] = models + search + messaging + payments

    static let models: [Provider] = [
        Provider(
            id: "langchain", kind: .model,
            packages: [
                "npm": ["@langchain/openai", "@langchain/anthropic", "@langchain/google-genai", "@langchain/mistralai",
                        "@langchain/groq", "@langchain/cohere", "@langchain/aws", "@langchain/google-vertexai"],
                "pypi": ["langchain-openai", "langchain-anthropic", "langchain-google-genai", "langchain-google-vertexai",
                         "langchain-mistralai", "langchain-groq", "langchain-cohere", "langchain-aws",
                         "langchain-together", "langchain-fireworks"],
                "maven": ["dev.langchain4j:langchain4j-open-ai", "dev.langchain4j:langchain4j-anthropic"],
            ],
            calls: [
                "invoke", "ainvoke", "stream", "astream", "batch", "abatch", "predict", "apredict",
                "embed_query", "embed_documents", "aembed_documents", "embedQuery", "embedDocuments", "generate", "chat",
            ],
            imports: [
                "langchain_openai", "langchain_anthropic", "langchain_google_genai", "langchain_google_vertexai",
                "langchain_mistralai", "langchain_groq", "langchain_cohere", "langchain_aws", "langchain_together",
                "langchain_fireworks", "langchain.chat_models", "langchain_community.chat_models",
                "langchain.embeddings", "@langchain/openai", "@langchain/anthropic", "@langchain/google-genai",
                "@langchain/mistralai", "@langchain/groq", "@langchain/cohere", "@langchain/aws",
                "@langchain/google-vertexai", "dev.langchain4j.model",
            ],
            symbols: ["ChatOpenAI", "ChatAnthropic", "ChatGoogleGenerativeAI", "ChatVertexAI", "ChatMistralAI",
                      "ChatGroq", "ChatCohere", "ChatBedrock", "OpenAIEmbeddings", "OpenAiChatModel",
                      "AnthropicChatModel", "init_chat_model"],
            batchCalls: ["batch", "abatch"]),
        Provider(
            id: "llamaindex", kind: .model,
            packages: [
                "pypi": ["llama-index-llms-openai", "llama-index-llms-anthropic", "llama-index-embeddings-openai",
                         "llama-index-llms-bedrock", "llama-index-llms-gemini"],
                "npm": ["llamaindex", "@llamaindex/openai", "@llamaindex/anthropic"],
            ],
            calls: ["complete", "acomplete", "llm.chat", "achat", "stream_complete", "stream_chat", "query_engine.query",
                    "query_engine.aquery", "chat_engine.chat", "get_text_embedding", "getTextEmbedding"],
            imports: ["llama_index.llms", "llama_index.embeddings", "llama_index.core", "llamaindex", "@llamaindex"],
            symbols: ["VectorStoreIndex"]),
        Provider(
            id: "vercel-ai-sdk", kind: .model,
            packages: ["npm": ["ai", "@ai-sdk/openai", "@ai-sdk/anthropic", "@ai-sdk/google", "@ai-sdk/mistral",
                               "@ai-sdk/amazon-bedrock", "@ai-sdk/groq", "@ai-sdk/cohere"]],
            calls: ["generateText", "streamText", "generateObject", "streamObject", "embed", "embedMany"],
            imports: ["ai", "@ai-sdk"],
            symbols: ["generateText", "streamText", "generateObject", "streamObject", "embed", "embedMany"]),
        Provider(
            id: "openai", kind: .model,
            hosts: ["api.openai.com"],
            packages: [
                "npm": ["openai"], "pypi": ["openai"],
                "go": ["github.com/openai/openai-go", "github.com/sashabaranov/go-openai"],
                "rubygems": ["ruby-openai", "openai"], "cargo": ["async-openai", "openai-api-rs"],
                "maven": ["com.openai:openai-java", "com.theokanning.openai-gpt3-java:service"],
                "nuget": ["OpenAI", "Betalgo.OpenAI"], "composer": ["openai-php/client", "openai-php/laravel"],
                "swift": ["MacPaw/OpenAI"],
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
            ],
            imports: ["openai", "com.openai", "com.theokanning.openai", "async_openai", "openai_api_rs", "OpenAI",
                      "github.com/openai/openai-go", "github.com/sashabaranov/go-openai", "openai-php"],
            symbols: ["OpenAI", "AsyncOpenAI", "OpenAIClient", "OpenAIOkHttpClient"],
            batchCalls: ["batches.create", "Batches.New", "CreateBatch"]),
        Provider(
            id: "azure-openai", kind: .model,
            hosts: ["openai.azure.com", "services.ai.azure.com"],
            packages: [
                "npm": ["@azure/openai"], "pypi": ["azure-ai-inference"], "nuget": ["Azure.AI.OpenAI"],
                "maven": ["com.azure:azure-ai-openai"], "go": ["github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai"],
            ],
            calls: [
                "chat.completions.create", "embeddings.create", "getChatCompletions", "GetChatCompletions",
                "GetChatCompletionsAsync", "CompleteChat", "CompleteChatAsync", "getCompletions",
                "streamChatCompletions", "complete",
            ],
            imports: ["@azure/openai", "azure.ai.inference", "Azure.AI.OpenAI", "com.azure.ai.openai",
                      "github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai"],
            symbols: ["AzureOpenAI", "AsyncAzureOpenAI", "AzureOpenAIClient", "AzureChatOpenAI", "ChatCompletionsClient"]),
        Provider(
            id: "anthropic", kind: .model,
            hosts: ["api.anthropic.com"],
            packages: [
                "npm": ["@anthropic-ai/sdk"], "pypi": ["anthropic"], "go": ["github.com/anthropics/anthropic-sdk-go"],
                "rubygems": ["anthropic", "ruby-anthropic"], "maven": ["com.anthropic:anthropic-java"],
                "nuget": ["Anthropic.SDK", "Anthropic"], "swift": ["jamesrochabrun/SwiftAnthropic"],
                "cargo": ["anthropic-sdk"],
            ],
            calls: ["messages.create", "messages.stream", "completions.create", "Messages.New", "Messages.NewStreaming",
                    "Messages.GetClaudeMessageAsync", "createMessage", "messages"],
            imports: ["@anthropic-ai/sdk", "anthropic", "com.anthropic", "Anthropic", "SwiftAnthropic",
                      "github.com/anthropics/anthropic-sdk-go", "anthropic_sdk"],
            symbols: ["Anthropic", "AsyncAnthropic", "AnthropicClient", "AnthropicOkHttpClient"],
            batchCalls: ["messages.batches.create", "Messages.Batches.New"]),
        Provider(
            id: "google-gemini", kind: .model,
            hosts: ["generativelanguage.googleapis.com"],
            packages: [
                "npm": ["@google/generative-ai", "@google/genai"], "pypi": ["google-generativeai", "google-genai"],
                "go": ["github.com/google/generative-ai-go", "google.golang.org/genai"],
                "maven": ["com.google.genai:google-genai"],
            ],
            calls: ["generateContent", "generateContentStream", "generate_content", "generate_content_async",
                    "GenerateContent", "embedContent", "embed_content", "sendMessage", "send_message",
                    "batchEmbedContents"],
            imports: ["google.generativeai", "google.genai", "@google/generative-ai", "@google/genai",
                      "github.com/google/generative-ai-go", "google.golang.org/genai", "com.google.genai"],
            symbols: ["GoogleGenerativeAI", "GoogleGenAI", "genai"],
            batchCalls: ["batches.create"]),
        Provider(
            id: "google-vertex-ai", kind: .model,
            hosts: ["aiplatform.googleapis.com"],
            packages: [
                "npm": ["@google-cloud/vertexai", "@google-cloud/aiplatform"],
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
                "npm": ["@aws-sdk/client-bedrock-runtime"], "go": ["github.com/aws/aws-sdk-go-v2/service/bedrockruntime"],
                "maven": ["software.amazon.awssdk:bedrockruntime"], "rubygems": ["aws-sdk-bedrockruntime"],
                "cargo": ["aws-sdk-bedrockruntime"], "nuget": ["AWSSDK.BedrockRuntime"],
            ],
            calls: ["invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream",
                    "InvokeModelCommand", "InvokeModelWithResponseStreamCommand", "ConverseCommand",
                    "ConverseStreamCommand", "InvokeModel", "Converse", "invokeModel", "InvokeModelAsync",
                    "ConverseAsync"],
            imports: ["boto3", "@aws-sdk/client-bedrock-runtime", "github.com/aws/aws-sdk-go-v2/service/bedrockruntime",
                      "software.amazon.awssdk.services.bedrockruntime", "aws_sdk_bedrockruntime", "Amazon.BedrockRuntime",
                      "aws-sdk-bedrockruntime"],
            symbols: ["BedrockRuntimeClient", "AmazonBedrockRuntimeClient"],
            batchCalls: ["create_model_invocation_job", "CreateModelInvocationJobCommand"]),
        Provider(
            id: "cohere", kind: .model,
            hosts: ["api.cohere.ai", "api.cohere.com"],
            packages: ["npm": ["cohere-ai"], "pypi": ["cohere"], "go": ["github.com/cohere-ai/cohere-go"]],
            calls: ["chat", "chat_stream", "chatStream", "generate", "embed", "rerank"],
            imports: ["cohere", "cohere-ai", "github.com/cohere-ai/cohere-go"],
            symbols: ["CohereClient", "CohereClientV2"]),
        Provider(
            id: "mistral", kind: .model,
            hosts: ["api.mistral.ai"],
            packages: ["npm": ["@mistralai/mistralai"], "pypi": ["mistralai"]],
            calls: ["chat.complete", "chat.complete_async", "chat.stream", "embeddings.create", "fim.complete",
                    "chat"],
            imports: ["mistralai", "@mistralai/mistralai"],
            symbols: ["Mistral", "MistralClient"]),
        Provider(
            id: "groq", kind: .model,
            hosts: ["api.groq.com"],
            packages: ["npm": ["groq-sdk"], "pypi": ["groq"]],
            calls: ["chat.completions.create", "audio.transcriptions.create"],
            imports: ["groq", "groq-sdk"],
            symbols: ["Groq", "AsyncGroq"]),
        Provider(
            id: "together", kind: .model,
            hosts: ["api.together.xyz", "api.together.ai"],
            packages: ["npm": ["together-ai"], "pypi": ["together"]],
            calls: ["chat.completions.create", "completions.create", "images.generate", "embeddings.create"],
            imports: ["together", "together-ai"],
            symbols: ["Together", "AsyncTogether"]),
        Provider(
            id: "replicate", kind: .model,
            hosts: ["api.replicate.com"],
            packages: ["npm": ["replicate"], "pypi": ["replicate"], "go": ["github.com/replicate/replicate-go"],
                       "rubygems": ["replicate-ruby"]],
            calls: ["replicate.run", "replicate.stream", "replicate.async_run", "predictions.create", "CreatePrediction"],
            imports: ["replicate", "github.com/replicate/replicate-go"],
            symbols: ["Replicate"]),
        Provider(
            id: "perplexity", kind: .model,
            hosts: ["api.perplexity.ai"],
            packages: ["npm": ["@perplexity-ai/perplexity_ai"], "pypi": ["perplexityai"]],
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
        Provider(
            id: "huggingface-inference", kind: .model,
            hosts: ["api-inference.huggingface.co", "router.huggingface.co", "endpoints.huggingface.cloud"],
            packages: ["npm": ["@huggingface/inference"]],
            calls: ["text_generation", "chat_completion", "chatCompletion", "textGeneration", "feature_extraction",
                    "featureExtraction", "text_to_image", "textToImage", "chat.completions.create"],
            imports: ["huggingface_hub", "@huggingface/inference"],
            symbols: ["InferenceClient", "AsyncInferenceClient", "HfInference"]),
    ]

    static let search: [Provider] = [
        Provider(
            id: "tavily", kind: .search,
            hosts: ["api.tavily.com"],
            packages: ["npm": ["@tavily/core"], "pypi": ["tavily-python"]],
            calls: ["tavily_client.search", "tavily.search", "tvly.search", "client.search", "tavily_client.extract",
                    "tvly.extract", "qna_search", "get_search_context", "tvly.crawl", "tavily_client.crawl"],
            imports: ["tavily", "@tavily/core"],
            symbols: ["TavilyClient", "AsyncTavilyClient"]),
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
            packages: ["npm": ["postmark"], "pypi": ["postmarker"], "rubygems": ["postmark"],
                       "composer": ["wildbit/postmark-php"], "nuget": ["Postmark"]],
            calls: ["sendEmail", "sendEmailWithTemplate", "emails.send", "deliver", "SendMessageAsync", "send_email"],
            imports: ["postmark", "postmarker", "Postmark"],
            symbols: ["PostmarkClient"],
            batchCalls: ["sendEmailBatch", "emails.send_batch"]),
    ]

    static let payments: [Provider] = [
        Provider(
            id: "stripe", kind: .payments,
            hosts: ["api.stripe.com"],
            packages: [
                "npm": ["stripe"], "pypi": ["stripe"], "go": ["github.com/stripe/stripe-go"], "rubygems": ["stripe"],
                "maven": ["com.stripe:stripe-java"], "nuget": ["Stripe.net"], "composer": ["stripe/stripe-php"],
            ],
            calls: ["charges.create", "paymentIntents.create", "paymentIntents.confirm", "payment_intents.create",
                    "PaymentIntent.create", "Charge.create", "checkout.sessions.create", "Session.create",
                    "invoices.create", "subscriptions.create", "Subscription.create", "refunds.create",
                    "Refund.create", "paymentintent.New", "charge.New", "PaymentIntents.New"],
            imports: ["stripe", "com.stripe", "Stripe", "github.com/stripe/stripe-go"],
            symbols: ["Stripe", "StripeClient"]),
    ]
}
