/// What a provider's SDK call buys, as far as pairing an edited call with the one it replaced needs to know: text
/// generation, embeddings, images or audio. An SDK's major version renames its calls without changing what they buy
/// (openai v3's `openai.createChatCompletion({…})` is v4's `openai.chat.completions.create({…})`; anthropic's Text
/// Completions `client.completions.create(prompt=…)` is its Messages API's `client.messages.create(…)`), so a call
/// rewritten from one to the other spends as it did. A call of another kind (a chat call replaced by an image
/// generation) is other spending, and a call no row names keeps its own chain as its callee.
///
/// Asked once per direct paid site of a changed file (PreexistingPaidSites), never per token: a dictionary lookup of
/// the chain's last one or two names.
enum PaidAPIKind: String {
    case text, embeddings, images, audio

    /// The kind of the call whose chain's names are `parts` (`[openai, chat, completions, create]`), by its last two
    /// names (`completions.create`) or else its last (`createChatCompletion`); nil when no row names it (a batch, an
    /// Assistants run, a provider's call the table does not list).
    static func of(_ parts: [Substring]) -> PaidAPIKind? {
        guard let last = parts.last else { return nil }
        if parts.count >= 2, let kind = byLastTwo[parts[parts.count - 2].lowercased() + "." + last.lowercased()] { return kind }
        return byLast[last.lowercased()]
    }

    /// Calls whose last name alone (`create`, `new`, `generate`) says nothing: keyed by the resource before it.
    private static let byLastTwo: [String: PaidAPIKind] = rows([
        (.text, [
            // OpenAI's chat, legacy completions and Responses APIs in every SDK (and the compatible SDKs: Groq,
            // Together, DeepSeek, Azure), the v0 Python module calls, openai-go's `New`, Mistral's `chat.complete`.
            "completions.create", "completions.stream", "completions.parse", "responses.create", "responses.stream",
            "responses.parse", "chatcompletion.create", "chatcompletion.acreate", "completion.create", "completion.acreate",
            "completions.new", "completions.newstreaming", "responses.new", "responses.newstreaming", "chat.complete",
            "chat.complete_async",
            // Anthropic's Messages API.
            "messages.create", "messages.stream", "messages.new", "messages.newstreaming",
        ]),
        (.embeddings, ["embeddings.create", "embedding.create", "embedding.acreate", "embeddings.new"]),
        (.images, ["images.generate", "images.create", "images.edit", "image.create", "images.create_variation", "images.variation"]),
        (.audio, ["transcriptions.create", "translations.create", "speech.create", "transcription.create", "transcriptions.new",
                  "translations.new", "speech.new"]),
    ])

    /// Calls whose last name says what they buy (`createChatCompletion`, `generate_content`, ruby-openai's `chat`).
    private static let byLast: [String: PaidAPIKind] = rows([
        (.text, [
            // openai v3 (Node) and go-openai; openai-kotlin; the .NET and Azure SDKs; ruby-openai and ruby-anthropic.
            "createchatcompletion", "createchatcompletionstream", "createcompletion", "createcompletionstream",
            "chatcompletion", "completechat", "completechatasync", "completechatstreaming", "completechatstreamingasync",
            "getchatcompletions", "getchatcompletionsasync", "getcompletions", "streamchatcompletions", "chat", "completions",
            "messages", "createmessage",
            // Gemini's SDKs, old and new (`model.generate_content`, `client.models.generate_content`).
            "generatecontent", "generatecontentstream", "generate_content", "generate_content_stream",
        ]),
        (.embeddings, ["createembedding", "createembeddings", "embeddings", "generateembedding", "generateembeddingasync",
                       "generateembeddings", "generateembeddingsasync", "embedcontent", "embed_content"]),
        (.images, ["createimage", "createimageedit", "createimagevariation", "generateimage", "generateimageasync",
                   "generateimages", "generateimagesasync"]),
        (.audio, ["createtranscription", "createtranslation", "createspeech", "transcribeaudio", "transcribeaudioasync",
                  "translateaudio", "translateaudioasync", "generatespeech", "generatespeechasync"]),
    ])

    private static func rows(_ kinds: [(PaidAPIKind, [String])]) -> [String: PaidAPIKind] {
        var table: [String: PaidAPIKind] = [:]
        for (kind, calls) in kinds {
            for call in calls { table[call] = kind }
        }
        return table
    }
}
