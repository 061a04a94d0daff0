import GateCore

/// Provider command-line tools whose commands are paid model requests, as `curl` to a paid host is: the OpenAI CLI
/// (`openai api chat.completions.create …`), Anthropic's `ant` (`ant messages create …`), simonw's `llm` given a paid
/// model (`llm -m gpt-4o "…"`), Google Cloud's `gcloud ai endpoints predict` and the AWS CLI's
/// `aws bedrock-runtime invoke-model|converse`. A batch job the command itself submits (`ant messages:batches create`,
/// `aws bedrock create-model-invocation-job`, `gcloud ai batch-prediction-jobs create`) is batch work wherever it runs.
///
/// Only the command's words are read, never a URL: installing (`pip install openai`), asking a version, listing
/// models or copying to S3 is no request, and neither is the text of another command (`echo "openai api …"`).
enum ProviderCommandLines {
    /// One paid request a provider command sends.
    struct Call: Equatable {
        var provider: String
        /// The command as the report shows it (`openai api chat.completions.create`).
        var evidence: String
        /// Why the request is batch work by itself (a batch job submitted), or nil.
        var batchReason: String?
    }

    /// Command names (a path's last part, lowercased) that may be a provider command.
    static let names: Set<String> = ["openai", "ant", "llm", "gcloud", "aws"]

    /// Words one of which a file must spell for its shell text to be read for provider commands (each command's
    /// paid form spells one: `ant`'s resources are all `messages`).
    static let needles: [[UInt8]] = ["openai", "llm", "messages", "bedrock", "gcloud"].map { Array($0.utf8) }

    /// Whether `bytes` may hold a provider command.
    static func mayAppear(in bytes: [UInt8]) -> Bool {
        needles.contains { ByteSearch.containsFolded(bytes, $0) }
    }

    /// The paid request of a command whose first word is `name` and whose arguments are `arguments` (quotes
    /// removed), or nil when it sends none.
    static func paidCall(name: String, arguments: [String]) -> Call? {
        switch name {
        case "openai": return openAI(arguments)
        case "ant": return anthropic(arguments)
        case "llm": return llm(arguments)
        case "gcloud": return gcloud(arguments)
        case "aws": return aws(arguments)
        default: return nil
        }
    }

    // MARK: OpenAI

    /// Resources of `openai api RESOURCE.ACTION` that bill a request (v1's and the 0.x CLI's spellings); files,
    /// models and moderations do not.
    private static let openAIPaidResources: Set<String> = [
        "chat.completions", "chat_completions", "completions", "images", "image", "audio.transcriptions",
        "audio.translations", "audio.speech", "audio", "embeddings", "fine_tuning.jobs", "fine_tunes", "engines",
    ]
    /// Actions that make the model work (listing, retrieving or cancelling does not).
    private static let openAIPaidActions: Set<String> = [
        "create", "generate", "edit", "create_edit", "create_variation", "transcribe", "translate",
    ]

    private static func openAI(_ arguments: [String]) -> Call? {
        guard let api = arguments.firstIndex(of: "api"),
              let operation = arguments[(api + 1)...].first(where: { !$0.hasPrefix("-") })?.lowercased(),
              let dot = operation.lastIndex(of: ".")
        else { return nil }
        let resource = String(operation[..<dot]), action = String(operation[operation.index(after: dot)...])
        guard openAIPaidResources.contains(resource), openAIPaidActions.contains(action) else { return nil }
        return Call(provider: "openai", evidence: "openai api \(operation)")
    }

    // MARK: Anthropic (`ant`)

    /// `ant RESOURCE ACTION`: a message is a request; a message batch is batch work. `ant` is also Apache Ant's
    /// name, whose targets are never these words in this order.
    private static func anthropic(_ arguments: [String]) -> Call? {
        // Options (`--format json`) may come before the resource.
        guard let resource = arguments.firstIndex(where: { anthropicResource($0) != nil }),
              arguments[(resource + 1)...].first(where: { !$0.hasPrefix("-") }) == "create"
        else { return nil }
        let evidence = "ant \(arguments[resource]) create"
        if anthropicResource(arguments[resource]) == "messages:batches" {
            return Call(provider: "anthropic", evidence: evidence, batchReason: "submits a message batch")
        }
        return Call(provider: "anthropic", evidence: evidence)
    }

    /// A paid `ant` resource without its `beta:` prefix, or nil.
    private static func anthropicResource(_ word: String) -> String? {
        let resource = word.hasPrefix("beta:") ? String(word.dropFirst(5)) : word
        return resource == "messages" || resource == "messages:batches" ? resource : nil
    }

    // MARK: llm

    /// `llm` subcommands that send no prompt (the prompt is the default command, or `prompt`/`chat`).
    private static let llmOtherCommands: Set<String> = [
        "aliases", "collections", "embed-models", "fragments", "install", "keys", "logs", "models", "openai",
        "plugins", "schemas", "similar", "templates", "tools", "uninstall",
    ]
    /// Short names `llm` gives OpenAI's models (`llm -m 4o`).
    private static let llmOpenAIAliases: Set<String> = [
        "4o", "4o-mini", "4.1", "4.1-mini", "4.1-nano", "3.5", "4", "4t", "gpt4", "chatgpt", "o1", "o3", "o3-mini", "o4-mini",
    ]

    /// A prompt given a model of a paid API: `llm` runs local models as well (`-m llama3.2` through Ollama,
    /// `-m mistral-7b-instruct-v0` through gpt4all), and its default model is configured outside the repository,
    /// so a prompt without `-m` is not judged.
    private static func llm(_ arguments: [String]) -> Call? {
        var model: String?
        var subcommand: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            if word == "-m" || word == "--model" {
                if index + 1 < arguments.endIndex { model = arguments[index + 1] }
                index += 2
                continue
            }
            if word.hasPrefix("--model=") { model = String(word.dropFirst(8)) }
            if subcommand == nil, !word.hasPrefix("-") { subcommand = word }
            index += 1
        }
        if let subcommand, llmOtherCommands.contains(subcommand) { return nil }
        guard let model, let provider = llmProvider(ofModel: model.lowercased()) else { return nil }
        return Call(provider: provider, evidence: "llm -m \(model)")
    }

    /// The paid API behind an `llm` model id, or nil for a local or unknown model.
    private static func llmProvider(ofModel model: String) -> String? {
        if model.hasPrefix("openrouter/") { return "openrouter" }
        // Plugins may prefix their models with the provider (`anthropic/claude-3-5-sonnet-latest`, `gemini/…`).
        let name = model.split(separator: "/").last.map(String.init) ?? model
        if llmOpenAIAliases.contains(name) { return "openai" }
        return ["openai", "anthropic", "google-gemini"].first { ModelIdentifiers.names(lowercased: name, provider: $0) }
    }

    // MARK: Google Cloud

    /// `gcloud ai endpoints` operations that run a deployed model (each billed per prediction).
    private static let vertexPredictions: Set<String> = [
        "predict", "raw-predict", "direct-predict", "direct-raw-predict", "stream-raw-predict", "stream-direct-predict",
        "stream-direct-raw-predict", "explain",
    ]

    private static func gcloud(_ arguments: [String]) -> Call? {
        // Release tracks (`gcloud beta ai …`) and options come before the group; flags' values are not words here.
        let words = arguments.filter { !$0.hasPrefix("-") && $0 != "alpha" && $0 != "beta" }
        if words.count >= 2, words[0] == "ai-platform", words[1] == "predict" || words[1] == "explain" {
            return Call(provider: "google-vertex-ai", evidence: "gcloud ai-platform \(words[1])")
        }
        guard words.count >= 3, words[0] == "ai" else { return nil }
        if words[1] == "endpoints", vertexPredictions.contains(words[2]) {
            return Call(provider: "google-vertex-ai", evidence: "gcloud ai endpoints \(words[2])")
        }
        if words[1] == "batch-prediction-jobs", words[2] == "create" {
            return Call(provider: "google-vertex-ai", evidence: "gcloud ai batch-prediction-jobs create",
                        batchReason: "submits a batch prediction job")
        }
        return nil
    }

    // MARK: AWS

    /// Bedrock operations that run a model, by service.
    private static let bedrockOperations: [String: Set<String>] = [
        "bedrock-runtime": ["invoke-model", "invoke-model-with-response-stream", "converse", "converse-stream"],
        "bedrock-agent-runtime": ["invoke-agent", "invoke-inline-agent", "retrieve-and-generate", "retrieve-and-generate-stream"],
    ]

    private static func aws(_ arguments: [String]) -> Call? {
        // Global options (`--region us-east-1`, `--profile x`) may come before the service and after it.
        guard let service = arguments.firstIndex(where: { $0 == "bedrock" || bedrockOperations[$0] != nil }) else { return nil }
        let name = arguments[service]
        let rest = arguments[(service + 1)...]
        if name == "bedrock" {
            guard rest.contains("create-model-invocation-job") else { return nil }
            return Call(provider: "aws-bedrock", evidence: "aws bedrock create-model-invocation-job",
                        batchReason: "submits a batch inference job")
        }
        guard let operations = bedrockOperations[name], let operation = rest.first(where: operations.contains) else { return nil }
        return Call(provider: "aws-bedrock", evidence: "aws \(name) \(operation)")
    }
}
