import Foundation
import GateCore

/// One place in a file that spends money per request.
public struct PaidCallSite: Sendable, Equatable {
    /// How the call was recognised.
    public enum Kind: Sendable, Equatable {
        /// A call through the provider's SDK (or a wrapper), attributed by import or symbol.
        case sdk
        /// A URL literal of a paid host.
        case http
        /// A call to the provider's batch API.
        case batchAPI
    }

    public var provider: String
    public var kind: Kind
    /// Token index of the call chain's root (or of the URL string).
    public var token: Int
    public var line: Int
    public var column: Int
    /// The call chain (`openai.chat.completions.create`) or the host.
    public var evidence: String
    /// The host outside the catalogue an SDK's client was pointed at (`OpenAI(base_url="https://llm.example.org/v1")`):
    /// the call goes to a server speaking the provider's API there, still reported as the provider's (fail closed).
    public var compatibleHost: String? = nil
}

/// A call to a function defined in the same file that reaches a paid call.
struct IndirectPaidCall: Sendable {
    var token: Int
    var line: Int
    var column: Int
    var function: String
    var site: PaidCallSite
}

/// Everything the paid-call detectors share about one file, computed once per file.
///
/// A class: every detector of every changed file asks for it, and handing out a struct of a dozen arrays retained
/// and released each of them each time.
final class FileAnalysis: Sendable {
    let language: SourceLanguage?
    let lexed: LexedSource?
    /// Whether the file names a provider (its SDK, host or model ids); without that only requests are looked for.
    let namesProvider: Bool
    /// Whether a provider's SDK is in scope (imported, named by one of its symbols, or by the file's path): only
    /// such a file can hand another file's code a client (`new Summarizer(new OpenAI())`). A provider's name inside
    /// other words (`stripeCustomerId`, `@/lib/ai/openai`) does not put it in scope.
    let providerInScope: Bool
    let sites: [PaidCallSite]
    /// For each function block, the first paid call it reaches (directly or through same-file functions).
    let reach: [Int: PaidCallSite]
    /// Function blocks by the hash of their name.
    let functionsByName: [UInt64: [Int]]
    let indirectCalls: [IndirectPaidCall]
    /// Why the file is background work (a job path or a framework marker), if it is.
    let jobContext: String?
    /// Loops that are hand-written retry loops (their repetitions are retries, not batch work).
    let retryLoops: Set<Enclosure>
    /// What the code index's `importsMayReachPaid` answered from the file's bytes when the analysis asked (nil when
    /// it did not ask, or the language needs tokens to tell): ReachCalls asks the same of the same index.
    let importsMayReachPaid: Bool?
    /// The methods of the file a scheduler's configuration names (JobContext.scheduledMethodReason).
    let scheduledMethods: [ScheduledEntryPoint]
    /// Scheduled functions registered beside request handlers, in a file that is no background work as a whole.
    let backgroundScopes: [ScheduledRegistrations.Scope]

    init(
        language: SourceLanguage?, lexed: LexedSource?, namesProvider: Bool, providerInScope: Bool, sites: [PaidCallSite],
        reach: [Int: PaidCallSite], functionsByName: [UInt64: [Int]], indirectCalls: [IndirectPaidCall], jobContext: String?,
        retryLoops: Set<Enclosure>, importsMayReachPaid: Bool? = nil, scheduledMethods: [ScheduledEntryPoint] = [],
        backgroundScopes: [ScheduledRegistrations.Scope] = []
    ) {
        self.language = language
        self.lexed = lexed
        self.namesProvider = namesProvider
        self.providerInScope = providerInScope
        self.sites = sites
        self.reach = reach
        self.functionsByName = functionsByName
        self.indirectCalls = indirectCalls
        self.jobContext = jobContext
        self.retryLoops = retryLoops
        self.importsMayReachPaid = importsMayReachPaid
        self.scheduledMethods = scheduledMethods
        self.backgroundScopes = backgroundScopes
    }

    static let empty = FileAnalysis(
        language: nil, lexed: nil, namesProvider: false, providerInScope: false, sites: [], reach: [:],
        functionsByName: [:], indirectCalls: [], jobContext: nil, retryLoops: [])

    /// The analysis of `file`, computed on first use and shared by every detector.
    static func of(_ file: SourceFile, context: DetectionContext) -> FileAnalysis {
        let catalogue = context.catalogue
        return file.analysisCache.value(for: catalogue) { compute(file, catalogue: catalogue, context: context) }
    }

    private static func compute(_ file: SourceFile, catalogue: CompiledCatalogue, context: DetectionContext)
        -> FileAnalysis
    {
        // A file the change only deletes from is read too: a deleted guard leaves its route open.
        guard let language = file.language, !file.addedLines.isEmpty || !file.deletionPoints.isEmpty
        else { return .empty }
        // A request whose URL is a constant another file exports (`fetch(CHAT_URL)`) names no provider here: with
        // a code index, a file that sends requests and imports project code is read for those, unless none of the
        // files it imports names a provider's host or paid path (where such a constant would be).
        let namesProvider: Bool
        // Where the first of the prefilter's keywords starts: nothing the catalogue names starts before.
        var firstKeyword: Int?
        var importsMayReachPaid: Bool?
        // Ruby: a client a Rails initializer keeps in a constant is called by the constant alone (`LLM.embed(…)`).
        let initializerClients = RubyInitializerClientCalls(
            bytes: file.bytes, language: language, code: context.code, catalogue: catalogue)
        if let code = context.code {
            let groups = catalogue.providersOrRequests.matchedGroups(file.bytes, enough: 1, firstEnoughAt: &firstKeyword)
            namesProvider = groups & 1 != 0
            if !namesProvider, initializerClients.isEmpty {
                guard groups & 2 != 0, code.mayReferenceProjectCode(file.bytes, path: file.path, language: language)
                else { return .empty }
                importsMayReachPaid = code.importsMayReachPaid(
                    path: file.path, language: language, bytes: file.bytes, lexed: nil)
                guard importsMayReachPaid != false else {
                    return withoutSites(
                        language: nil, lexed: nil, providerInScope: false, namesProvider: false, importsMayReachPaid: false)
                }
            }
        } else {
            firstKeyword = catalogue.prefilter.firstMatch(file.bytes)
            namesProvider = firstKeyword != nil
            guard namesProvider else { return .empty }
        }
        // A provider named only where no SDK call or import can be (`stripeCustomerId`, `"@/lib/ai/openai"`) leaves
        // the requests to look for; and when the file writes no paid URL and nothing it imports could define one,
        // not even those: it holds no site and no provider's SDK in scope, and ReachCalls judges it by the same
        // imports, so it is not lexed at all.
        var searchesSDK = namesProvider
        if namesProvider, let code = context.code {
            importsMayReachPaid = code.importsMayReachPaid(
                path: file.path, language: language, bytes: file.bytes, lexed: nil)
        }
        // A file whose imports may reach a paid call is lexed whatever its bytes say: the reading of them would
        // spare only the SDK search of its tokens, which costs less than the reading.
        if namesProvider, importsMayReachPaid == false || context.code == nil,
           let reading = catalogue.mentions.read(
               file.bytes, language: language, path: file.path, catalogue: catalogue, firstKeyword: firstKeyword ?? 0),
           reading != .maySDK
        {
            searchesSDK = false
            if reading == .neither, importsMayReachPaid == false {
                return withoutSites(
                    language: language, lexed: nil, providerInScope: false, namesProvider: true,
                    importsMayReachPaid: false)
            }
        }
        if !initializerClients.isEmpty { searchesSDK = true }
        let lexed = Lexer.lex(file.bytes, language: language)
        var builder = SiteFinder(lexed: lexed, catalogue: catalogue)
        builder.path = file.path
        builder.code = context.code
        // Without a provider's name no SDK call can be recognised: only requests are looked for.
        builder.requestsOnly = !searchesSDK
        if searchesSDK { builder.markProvidersInScope() }
        let sites: [PaidCallSite]
        if initializerClients.isEmpty {
            sites = builder.findSites()
        } else {
            let scopeBefore = initializerClients.markInScope(&builder)
            sites = builder.findSites().filter { initializerClients.keeps($0, scopeBefore: scopeBefore, lexed: lexed, catalogue: catalogue) }
        }
        let providerInScope = builder.inScope.contains { $0 > 0 }
        guard !sites.isEmpty else {
            return withoutSites(
                language: language, lexed: lexed, providerInScope: providerInScope, namesProvider: namesProvider,
                importsMayReachPaid: importsMayReachPaid)
        }
        var functions: [UInt64: [Int]] = [:]
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let name = block.nameRange else { continue }
            functions[byteHash(lexed.bytes, name, lowercased: false), default: []].append(index)
        }
        let reach = Reachability(lexed: lexed, sites: sites, functions: functions).compute()
        let indirect = indirectCalls(lexed: lexed, functions: functions, reach: reach)
        let background = JobContext.background(path: file.path, lexed: lexed, context: context)
        let retryLoops = Set(lexed.loops.filter { RetryScanner.retryLoopAttempts(lexed, loop: $0) != nil })
        return FileAnalysis(
            language: language, lexed: lexed, namesProvider: namesProvider, providerInScope: providerInScope,
            sites: sites, reach: reach, functionsByName: functions, indirectCalls: indirect, jobContext: background.reason,
            retryLoops: retryLoops,
            scheduledMethods: JobContext.scheduledMethods(path: file.path, language: file.language, context: context),
            backgroundScopes: background == .registrations ? ScheduledRegistrations.backgroundScopes(in: lexed) : [])
    }

    /// The analysis of a file without paid call sites.
    private static func withoutSites(
        language: SourceLanguage?, lexed: LexedSource?, providerInScope: Bool, namesProvider: Bool,
        importsMayReachPaid: Bool?
    ) -> FileAnalysis {
        FileAnalysis(
            language: language, lexed: lexed, namesProvider: namesProvider, providerInScope: providerInScope, sites: [],
            reach: [:], functionsByName: [:], indirectCalls: [], jobContext: nil, retryLoops: [],
            importsMayReachPaid: importsMayReachPaid)
    }

    /// Calls of same-file functions that reach a paid call, including references passed to `map`-like callees.
    private static func indirectCalls(lexed: LexedSource, functions: [UInt64: [Int]], reach: [Int: PaidCallSite])
        -> [IndirectPaidCall]
    {
        guard !reach.isEmpty else { return [] }
        var result: [IndirectPaidCall] = []
        for (index, token) in lexed.tokens.enumerated() where token.kind == .identifier {
            let hash = byteHash(lexed.bytes, token.start..<token.end, lowercased: false)
            guard let candidates = functions[hash] else { continue }
            let called = lexed.token(index + 1, isPunctuation: Byte.openParen)
            let passed = (lexed.token(index - 1, isPunctuation: Byte.openParen)
                || lexed.token(index - 1, isPunctuation: Byte.comma))
                && (lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma))
            guard called || passed else { continue }
            // `other.summarize(…)` is another object's method: only bare and self calls resolve to this file.
            if lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "->")
                || lexed.token(index - 1, is: "::") || lexed.token(index - 1, is: "?.")
            {
                let receiver = index - 2
                guard lexed.token(receiver, is: "self") || lexed.token(receiver, is: "this")
                    || lexed.token(receiver, is: "$this") || lexed.token(receiver, is: "cls") || lexed.isGoMethodReceiver(receiver)
                else { continue }
            }
            for block in candidates {
                guard let site = reach[block], let name = lexed.blocks[block].nameRange,
                      lexed.bytes[name].elementsEqual(lexed.bytes[token.start..<token.end]),
                      name.lowerBound != token.start, !lexed.isToken(index, inside: block)
                else { continue }
                result.append(IndirectPaidCall(
                    token: index, line: token.line, column: token.column, function: lexed.text(name), site: site))
                break
            }
        }
        return result
    }

    /// The innermost loop enclosing token `index` (braced or a brace-less statement body) that is no retry loop.
    /// A callback registered inside a loop (`for _, cmd := range commands { bot.Handle(cmd, func(c tb.Context) error
    /// { … }) }`) runs once per event it is registered for, not once per pass: the climb stops at it.
    func enclosingLoop(of index: Int) -> Enclosure? {
        guard let lexed else { return nil }
        var found: Enclosure?
        // As `FactExtractor.isInLoop` judges it: a call its function returns from inside the loop runs once.
        let returned = lexed.returnOfValue(startingAt: index)
        var crossedFunction = false
        lexed.visitEnclosures(of: index) { enclosure in
            if case .block(let block) = enclosure, lexed.blocks[block].kind == .function {
                if lexed.isRegisteredCallback(block) { return false }
                crossedFunction = true
            }
            guard lexed.isLoop(enclosure), !isRetryLoop(enclosure) else { return true }
            if !crossedFunction, let returned, returned > lexed.opening(of: enclosure) { return false }
            found = enclosure
            return false
        }
        return found
    }
}

/// Finds which providers a file uses and where it calls them.
struct SiteFinder {
    let lexed: LexedSource
    let catalogue: CompiledCatalogue
    /// How each provider is in scope: 0 not, 1 imported, 2 named by one of its symbols (more specific).
    var inScope: [Int]
    /// Function blocks as (the token index of their opening brace, the block), ascending: a sorted array rather
    /// than a table, built for every file and asked only of the few call names that match a shape.
    private let functionOpenings: [(open: Int, block: Int)]
    /// The file's path: a provider's directory (`providers/anthropic/`) attributes calls to it.
    var path = ""
    /// The code index, to read constants the file imports; nil for a file judged alone.
    var code: CodeIndex?
    /// The code index, only to read where the project configures the file's injected HTTP clients (reach's reading of
    /// an unchanged file, which imports no constants).
    var clientConfiguration: CodeIndex?
    /// The code index, only to read the modules that make the AI SDK models a JavaScript file imports (reach's reading
    /// of an unchanged file): a model made for a server on this machine bills nothing.
    var modelModules: CodeIndex?
    /// Where each name occurs, for the rare questions about a name's bindings.
    let occurrences = NameOccurrences()
    /// A Python file's import statements, read once for the scope and the questions about names they bind.
    let pythonImports = PythonImportTable()
    /// A Java or Kotlin file's imports and the origins of the types its receivers are declared with, read on the first
    /// question (JVMDeclaredReceivers).
    let jvmTypes = JVMTypeTable()
    /// Whether to look for HTTP requests only (the file names no provider, so no SDK call can match).
    var requestsOnly = false
    /// Model frameworks the file builds only local models with: out of scope, and not brought back by a chain that
    /// names them (`Prism::text()->using(Provider::Ollama, …)->asText()`).
    private(set) var runsLocally = Set<Int>()

    init(lexed: LexedSource, catalogue: CompiledCatalogue) {
        self.lexed = lexed
        self.catalogue = catalogue
        inScope = [Int](repeating: 0, count: catalogue.providers.count)
        functionOpenings = lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function }
            .map { (open: lexed.blocks[$0].openToken, block: $0) }.sorted { ($0.open, $0.block) < ($1.open, $1.block) }
    }

    /// A provider is in scope when the file imports its SDK or names one of its symbols.
    mutating func markProvidersInScope() {
        for module in ImportScanner.modules(in: lexed, pythonImports: pythonImports.statements(of: lexed)) {
            for provider in catalogue.providers(importing: CompiledCatalogue.normalizeModule(module)) {
                inScope[provider] = max(inScope[provider], 1)
            }
        }
        // `providers/anthropic/client.py`, `app/providers/openai.py`: the code of one provider's integration.
        let names = Self.componentNames(path)
        for (provider, name) in catalogue.providerNames.enumerated() where name.count >= 5 && names.contains(name) {
            inScope[provider] = max(inScope[provider], 1)
        }
        let importedScope = inScope
        let bytes = lexed.bytes
        // Whether the file binds a function symbol itself, per symbol: asked once per name, not per mention.
        var boundHere: [[UInt8]: Bool] = [:]
        for (index, token) in lexed.tokens.enumerated() where token.kind == .identifier {
            guard let entries = catalogue.symbolEntries(bytes, token.start..<token.end) else { continue }
            for entry in entries {
                // A symbol that is one of the provider's function names (`embed`, `generateText`) names the
                // provider only as itself: not as another object's method (`Embedder.embed`), nor where the
                // file imports or defines a function of that name.
                if isFunctionSymbol(index, of: entry.provider) {
                    // `embed` and `generateText` are the Vercel AI SDK's only in the languages it is written for:
                    // a Swift `casePath.embed(…)` is no model call.
                    if isMemberName(index) || !catalogue.hasPackage(for: entry.provider, in: lexed.language) { continue }
                    let bound = boundHere[entry.symbol] ?? bindsItself(index, provider: entry.provider)
                    boundHere[entry.symbol] = bound
                    if bound { continue }
                }
                inScope[entry.provider] = 2
            }
        }
        dropTypesImportedFromAnotherProvider(importedScope: importedScope)
        // Spring AI and LangChain4j on Ollama alone (`spring-ai-starter-model-ollama`), or in a file building only
        // Ollama's models (`OllamaChatModel.builder()`), run the model locally.
        if lexed.language == .java || lexed.language == .kotlin, inScope.contains(where: { $0 > 0 }), code?.jvmModelsRunLocally(in: lexed) == true {
            for (provider, id) in catalogue.providers.map(\.id).enumerated() where CodeIndex.jvmModelFrameworks.contains(id) {
                inScope[provider] = 0
            }
        }
        // Semantic Kernel in a project whose kernel has only local connectors (`AddOllamaChatCompletion(…)`).
        if [.csharp, .python, .java, .kotlin].contains(lexed.language),
           let kernel = catalogue.providers.firstIndex(where: { $0.id == CodeIndex.semanticKernelFramework }), inScope[kernel] > 0,
           code?.semanticKernelModelsRunLocally() == true
        {
            inScope[kernel] = 0
        }
        // Microsoft.Extensions.AI's `IChatClient` in a project whose only chat client packages are local (OllamaSharp).
        if lexed.language == .csharp,
           let chat = catalogue.providers.firstIndex(where: { $0.id == CodeIndex.dotNetChatClientFramework }), inScope[chat] > 0,
           code?.dotNetChatClientsRunLocally() == true
        {
            inScope[chat] = 0
        }
        // The Vercel AI SDK (and Mastra, on its models) in a project whose only model provider is Ollama
        // (`ollama-ai-provider`), or an OpenAI-compatible one made for this machine; unless the file names a paid
        // model by its string id (`model: "openai/gpt-4o"`), which the AI Gateway serves whatever the providers.
        if lexed.language.isJavaScriptLike {
            let frameworks = CodeIndex.javaScriptModelFrameworks.compactMap { id in catalogue.providers.firstIndex { $0.id == id } }
                .filter { inScope[$0] > 0 }
            if !frameworks.isEmpty, code?.javaScriptModelsRunLocally() == true, !namesPaidModelByStringID() {
                for framework in frameworks { inScope[framework] = 0 }
            }
        }
        dropFrameworksOnLocalModelsOnly()
    }

    /// Model frameworks whose calls go to whatever model they are built with.
    private static let modelFrameworks: Set<String> = [
        "langchain", "langchainrb", "llamaindex", "prism-php", "pydantic-ai", "dspy",
    ]
    /// Symbols of those frameworks that name no model themselves: the model is the string they are given
    /// (`init_chat_model("llama3.2", model_provider="ollama")`, `Agent("ollama:llama3.2")` of `pydantic_ai`,
    /// `dspy.LM("ollama_chat/llama3.2")`), or that use the model the framework is set to (LlamaIndex's
    /// `VectorStoreIndex`, on `Settings.llm = Ollama(…)`).
    private static let modelNamedByString = WordSet(["init_chat_model", "pydantic_ai", "dspy", "VectorStoreIndex"])
    /// Model strings of a model the machine runs: `"ollama:llama3.2"`, `"ollama/llama3"`, `model_provider="ollama"`, and
    /// LiteLLM's routes to a server the caller runs (`dspy.LM("hosted_vllm/…")`, `"lm_studio/…"`), as `localModelRoutes`.
    private static let localModelStrings: [[UInt8]] = ["ollama:", "ollama/", "ollama_chat/", "hosted_vllm/", "lm_studio/", "llamafile/"]
        .map { Array($0.utf8) }
    /// Model id prefixes of the paid providers (`gpt-`, `claude-`), as bytes.
    private static let paidModelPrefixes: [[UInt8]] = ModelIdentifiers.prefixes.values.joined()
        .map { Array($0.utf8.filter { $0 != Byte.quote }) }
    /// Model classes of those frameworks that run on the machine (Ollama, llama.cpp, GPT4All, llamafile, and
    /// sentence-transformers or transformers pipelines behind the Hugging Face classes that download a model rather
    /// than call the Inference API: `HuggingFaceEmbeddings`, not `HuggingFaceInferenceAPIEmbeddings`).
    private static let localModelClasses = WordSet([
        "Ollama", "ChatOllama", "OllamaLLM", "OllamaEmbeddings", "OllamaEmbedding", "OllamaFunctions", "LlamaCpp",
        "ChatLlamaCpp", "LlamaCPP", "LlamaCppEmbeddings", "GPT4All", "GPT4AllEmbeddings", "Llamafile",
        "LlamafileEmbeddings", "HuggingFaceEmbeddings", "HuggingFaceEmbedding", "HuggingFaceBgeEmbeddings",
        "HuggingFaceInstructEmbeddings", "SentenceTransformerEmbeddings", "HuggingFacePipeline", "FastEmbedEmbeddings",
        "OllamaProvider", "OllamaModel",
        // LangChain's test embeddings and the JavaScript ones computed in process (TensorFlow.js; transformers.js's
        // below).
        "FakeEmbeddings", "DeterministicFakeEmbedding", "SyntheticEmbeddings", "TensorFlowEmbeddings",
    ])
    /// Those whose names are too long for a WordSet (32 bytes at most).
    private static let longLocalModelClasses: [[UInt8]] = [Array("HuggingFaceTransformersEmbeddings".utf8)]

    /// Whether `name` is one of the model classes that run on the machine.
    private static func isLocalModelClass(_ name: ArraySlice<UInt8>) -> Bool {
        localModelClasses.contains(name) || (name.count > 32 && longLocalModelClasses.contains { $0.elementsEqual(name) })
    }

    /// Mistral 0.x's one-word calls that other objects' methods are often named (`completion`, `embeddings`),
    /// lowercased as shapes' segments are.
    private static let mistralLegacyWords: Set<[UInt8]> = [Array("completion".utf8), Array("embeddings".utf8)]

    /// Whether the file declares the name at `name` (a parameter, a TypeScript constructor's `private client:
    /// MistralClient`, a field) annotated with a provider's symbol: `name: MistralClient`.
    private func isAnnotatedWithProviderSymbol(_ name: Int) -> Bool {
        occurrences.positionsScanning(of: name, in: lexed).contains { other in
            lexed.token(other + 1, isPunctuation: Byte.colon) && !lexed.token(other + 2, isPunctuation: Byte.colon)
                && other + 2 < lexed.tokens.count && catalogue.provider(symbolAt: other + 2, in: lexed) != nil
        }
    }

    /// The vector store searches of the catalogue (`similarity_search`), lowercased as shapes' segments are.
    private static let vectorSearches = Set(ProviderCatalogue.vectorSearchCalls.map { Array($0.utf8).map(Byte.lower) })

    /// Whether the file names embedding classes (a capitalised name ending `Embeddings` or `Embedding`) and all of
    /// them run locally. One pass over the identifiers, for files with a vector store search only.
    private func namesOnlyLocalEmbeddings() -> Bool {
        let suffixes = [Array("Embeddings".utf8), Array("Embedding".utf8)]
        var local = false
        for token in lexed.tokens where token.kind == .identifier {
            let name = lexed.bytes[token.start..<token.end]
            guard let first = name.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"),
                  suffixes.contains(where: { name.count > $0.count && name.suffix($0.count).elementsEqual($0) })
            else { continue }
            if !Self.isLocalModelClass(name) { return false }
            local = true
        }
        return local
    }

    /// A framework the file builds only local models with (`Langchain::LLM::Ollama.new`, `ChatOllama(model=…)`, Prism's
    /// `->using(Provider::Ollama, 'llama3')`) spends
    /// nothing: out of scope unless the file also names one of its paid model classes (`ChatOpenAI`,
    /// `Langchain::LLM::OpenAI`).
    private mutating func dropFrameworksOnLocalModelsOnly() {
        let frameworks = catalogue.providers.indices.filter { inScope[$0] > 0 && Self.modelFrameworks.contains(catalogue.providers[$0].id) }
        guard !frameworks.isEmpty else { return }
        var local = false, paid = false
        // `dspy.LM("openai/LFM2-700M", api_base="http://localhost:8080/v1")`: LiteLLM's `openai/` names any server
        // that speaks OpenAI's API; with no paid model's id and a base URL on this machine, a local one.
        var openAICompatible = false, loopbackBase = false
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier || lexed.tokens[index].kind == .string {
            let token = lexed.tokens[index]
            if token.kind == .string {
                switch modelString(token.start..<token.end) {
                case true?: local = true
                case false? where startsWith(Self.openAICompatiblePrefix, token.start..<token.end)
                    && !Self.paidModelPrefixes.contains(where: { startsWith($0, (token.start + Self.openAICompatiblePrefix.count)..<token.end) }):
                    openAICompatible = true
                case false?: paid = true
                case nil:
                    if !loopbackBase { loopbackBase = isLoopbackURL(token.start..<token.end) }
                }
            } else if Self.isLocalModelClass(lexed.bytes[token.start..<token.end]) {
                local = true
            } else if lexed.token(index - 1, is: "::"), lexed.token(index - 2, is: "LLM") || lexed.token(index - 2, is: "Provider") {
                // `Langchain::LLM::OpenAI`, Prism's `Provider::Anthropic`: a model class of langchainrb, or a provider
                // Prism sends to, that is not a local one.
                paid = true
            } else if let provider = catalogue.provider(symbolAt: index, in: lexed), frameworks.contains(provider),
                      !lexed.token(index, is: "Langchain"), !Self.modelNamedByString.contains(lexed.bytes[token.start..<token.end])
            {
                paid = true
            }
            if paid { return }
        }
        if openAICompatible {
            guard loopbackBase else { return }
            local = true
        }
        guard local else { return }
        for provider in frameworks {
            inScope[provider] = 0
            runsLocally.insert(provider)
        }
    }

    private static let openAICompatiblePrefix = Array("openai/".utf8)
    private static let httpScheme = Array("http".utf8)

    /// Whether the bytes in `range` start with `prefix`, case aside (`prefix` is lowercase).
    private func startsWith(_ prefix: [UInt8], _ range: Range<Int>) -> Bool {
        range.count >= prefix.count
            && prefix.indices.allSatisfy { Byte.lower(lexed.bytes[range.lowerBound + $0]) == prefix[$0] }
    }

    /// Whether the string in `range` is an `http(s)` URL of this machine or its network (`http://localhost:11434`,
    /// `http://host.docker.internal:8080/v1`).
    private func isLoopbackURL(_ range: Range<Int>) -> Bool {
        guard startsWith(Self.httpScheme, range), let (host, _) = HTTPRequestSites.host(in: lexed.bytes, range) else { return false }
        return HTTPRequestSites.isLocal(host)
    }

    /// What a string says of the model a framework is given: true for a local one (`"ollama:llama3.2"`, `"ollama"`),
    /// false for a paid one (`"openai:gpt-4o"`, `"anthropic/claude-…"`, `"gpt-4o-mini"`, `"openai"`: a provider's
    /// name, alone or before `:`/`/`, or a paid model's id), nil for any other string (a URL, a prompt, a MIME type).
    private func modelString(_ range: Range<Int>) -> Bool? {
        let bytes = lexed.bytes
        guard !range.isEmpty, range.count <= 80 else { return nil }
        func startsWith(_ prefix: [UInt8], at start: Int) -> Bool {
            start + prefix.count <= range.upperBound
                && prefix.indices.allSatisfy { Byte.lower(bytes[start + $0]) == prefix[$0] }
        }
        if Self.localModelStrings.contains(where: { startsWith($0, at: range.lowerBound) }) { return true }
        // The provider's name: the whole string, or what comes before its first `:` or `/` (not a URL's scheme).
        var end = range.lowerBound
        while end < range.upperBound, bytes[end] != Byte.colon, bytes[end] != Byte.slash {
            guard Byte.isIdentifierPart(bytes[end]) || bytes[end] == Byte.minus else { return nil }
            end += 1
        }
        var name: [UInt8] = []
        for byte in bytes[range.lowerBound..<end] where byte != Byte.minus && byte != UInt8(ascii: "_") { name.append(Byte.lower(byte)) }
        if name == Array("ollama".utf8) { return end == range.upperBound ? true : nil }
        if end < range.upperBound, startsWith(Array("://".utf8), at: end) { return nil }
        if catalogue.providerNames.contains(name) { return false }
        let model = end < range.upperBound ? end + 1 : range.lowerBound
        return Self.paidModelPrefixes.contains { startsWith($0, at: model) } ? false : nil
    }

    /// Whether a `model` the file hands over is a paid model's string id, in place or through a constant of the file
    /// (`model: "anthropic/claude-sonnet-4"`, `model: MODEL` after `const MODEL = "gpt-4o"`).
    private func namesPaidModelByStringID() -> Bool {
        lexed.tokens.indices.contains { index in
            guard lexed.token(index, is: "model"), lexed.token(index + 1, isPunctuation: Byte.colon), index + 2 < lexed.tokens.count
            else { return false }
            var value = index + 2
            if lexed.tokens[value].kind == .identifier, !lexed.token(value + 1, isPunctuation: Byte.dot),
               let given = lexed.tokens.indices.first(where: { other in
                   other != value && other + 2 < lexed.tokens.count && lexed.token(other + 1, isPunctuation: Byte.equals)
                       && lexed.tokens[other + 2].kind == .string
                       && lexed.bytes[lexed.tokens[other].start..<lexed.tokens[other].end].elementsEqual(lexed.bytes[lexed.tokens[value].start..<lexed.tokens[value].end])
               })
            {
                value = given + 2
            }
            return lexed.tokens[value].kind == .string && modelString(lexed.tokens[value].start..<lexed.tokens[value].end) == false
        }
    }

    /// A type another provider's SDK exports under the same name (`GenerativeModel` from `vertexai` is Vertex AI's,
    /// not the Gemini API's) names the provider it is imported from, whose import puts that one in scope: the
    /// provider whose symbol it also is keeps only the scope its own import gave it. Asked only when two providers
    /// are in scope, one of them by a symbol. A type that spells its provider's name is that provider's whichever
    /// package exports it: the `openai` package's `AzureOpenAI` and `AsyncAzureOpenAI` call Azure OpenAI.
    private mutating func dropTypesImportedFromAnotherProvider(importedScope: [Int]) {
        guard lexed.language.isJavaScriptLike || lexed.language == .python, inScope.contains(2),
              inScope.filter({ $0 > 0 }).count > 1
        else { return }
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            guard let named = catalogue.provider(symbolAt: index, in: lexed), inScope[named] == 2,
                  !spellsProviderName(index, named), let module = importedModule(binding: index)
            else { continue }
            let importers = catalogue.providers(importing: CompiledCatalogue.normalizeModule(module))
            if !importers.isEmpty, !importers.contains(named) { inScope[named] = importedScope[named] }
        }
    }

    /// Whether the identifier at `index` holds `provider`'s name, case and `-`/`_` aside (`AsyncAzureOpenAI` holds
    /// `azureopenai`). Names shorter than five letters are too common to tell a provider by.
    private func spellsProviderName(_ index: Int, _ provider: Int) -> Bool {
        let name = catalogue.providerNames[provider]
        let token = lexed.tokens[index]
        guard name.count >= 5, token.end - token.start >= name.count else { return false }
        let spelled = lexed.bytes[token.start..<token.end].filter { $0 != UInt8(ascii: "_") }.map(Byte.lower)
        return spelled.indices.contains { start in
            start + name.count <= spelled.count && spelled[start..<(start + name.count)].elementsEqual(name)
        }
    }

    /// Whether the identifier at `index` is one of `provider`'s one-segment call shapes (a function the SDK
    /// exports, such as `streamText`), not a type or module name.
    private func isFunctionSymbol(_ index: Int, of provider: Int) -> Bool {
        let token = lexed.tokens[index]
        return catalogue.shapesByLastSegment[byteHash(lexed.bytes, CompiledCatalogue.shapeNameRange(lexed.bytes, token), lowercased: true)]?
            .contains { $0.provider == provider && $0.segments.count == 1 } ?? false
    }

    /// Whether the identifier at `index` is a member of something else: `x.embed`, `$x->embed`, `X::embed`.
    func isMemberName(_ index: Int) -> Bool {
        lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "?.")
            || lexed.token(index - 1, is: "->") || lexed.token(index - 1, is: "::")
    }

    /// Each component of a path as a provider name would be written: its first dot-separated part, lowercased,
    /// without `-` and `_` (`services/Open-AI.client.ts` → `services`, `openai`). Bytes: asked of every file.
    static func componentNames(_ path: String) -> [[UInt8]] {
        var names: [[UInt8]] = []
        var current: [UInt8] = []
        var partStarted = false
        var inFirstPart = true
        for byte in path.utf8 {
            switch byte {
            case Byte.slash:
                if partStarted { names.append(current) }
                current = []
                partStarted = false
                inFirstPart = true
            // `.github` names `github`: the first part is the first non-empty one.
            case Byte.dot: if partStarted { inFirstPart = false }
            default:
                guard inFirstPart else { continue }
                partStarted = true
                if byte != Byte.minus, byte != UInt8(ascii: "_") { current.append(Byte.lower(byte)) }
            }
        }
        if partStarted { names.append(current) }
        return names
    }

    /// SDK call sites (longest chains first, so `a.chat().create()` is one call) and paid-host URL literals.
    func findSites() -> [PaidCallSite] {
        var sites: [PaidCallSite] = []
        var consumed = Set<Int>()
        var receiverOrigins: [[UInt8]: Origin] = [:]
        // Whether the file names only embeddings that run locally: asked at the first vector store search.
        var embedsLocallyOnly: Bool?
        var modelProviders: [[UInt8]: AISDKModelSource]?
        var importedModels: [String: AISDKModelSource?] = [:]
        // Read once, and only for a file whose call might be made on a client another module makes.
        var importBindings: [ImportBinding]?
        var localClients: [String: Bool] = [:]
        var geminiOnVertex: Bool?
        // With several SDKs named in the file, the client a call is made on tells which (`client = Groq(…)`).
        let severalInScope = inScope.filter { $0 > 0 }.count > 1
        // Receivers' declared types are read in Java and Kotlin files with an SDK in scope.
        let declaresReceivers = (lexed.language == .java || lexed.language == .kotlin) && inScope.contains { $0 > 0 }
        let tokens = lexed.tokens
        let bytes = lexed.bytes
        let lastSegmentEnds = catalogue.lastSegmentEnds
        // Objects whose call is the request (`qa(question=q)` after `qa = dspy.ChainOfThought(…)`): looked for only
        // while a provider with such shapes is in scope.
        let objectCalls = requestsOnly ? [] : catalogue.objectCallShapes.filter { inScope[$0.provider] > 0 }
        var index = requestsOnly ? -1 : tokens.count - 1
        while index >= 0 {
            defer { index -= 1 }
            let token = tokens[index]
            // URL strings are judged where they are sent (HTTPRequestSites), not where they are written; a string is
            // only a member's name spelled as a literal (`openai["chat"]["completions"]["create"](…)`,
            // `getattr(client.chat.completions, "create")(…)`).
            var literalChain: [Int]?
            if token.kind == .string {
                literalChain = literalMemberChain(endingAt: index)
                if literalChain == nil { continue }
            }
            if !objectCalls.isEmpty, token.kind == .identifier, !consumed.contains(index),
               let site = objectCallSite(index, shapes: objectCalls)
            {
                sites.append(site)
                continue
            }
            // The name's shape first: nearly no identifier ends a call shape, and this rejects most without a lookup.
            let name = CompiledCatalogue.shapeNameRange(bytes, token)
            guard token.kind == .identifier || literalChain != nil, lastSegmentEnds.mayContain(bytes, name),
                  !consumed.contains(index),
                  literalChain != nil || lexed.token(index + 1, isPunctuation: Byte.openParen)
                    || FactExtractor.isHandedToCallWrapper(lexed, index) || isRubyCommandCall(index)
                    || !methodAliasCalls(ofMethodAt: index).isEmpty,
                  let shapes = catalogue.shapesByLastSegment[byteHash(bytes, name, lowercased: true)]
            else { continue }
            if isDefinition(index) { continue }
            // Elixir's `new` builds a value (openai_ex's `Chat.Completions.new(model: …)` is the request `create`
            // sends), where Go's `Chat.Completions.New` sends one.
            if lexed.language == .elixir, lexed.token(index, is: "new") || lexed.token(index, is: "new!") || handsLocalModel(call: index) {
                continue
            }
            let chain = literalChain ?? chainEnding(at: index)
            // The token before the call's `(`: the `]` or `)` closing a literal member name.
            let call = literalChain == nil ? index : index + 1
            // Rank: in scope by symbol, by import, named in the chain (`anthropic_client.messages.create`), or a
            // distinctive shape of three segments or more (`chat.completions.create` on a client imported from
            // another module of the project); then the longer shape, then catalogue order.
            var best: CompiledShape?
            var bestRank = (0, 0)
            // The call's string arguments, lowercased, read at the first shape that asks (many shapes end in
            // `create`).
            var stringArguments: [String]?
            let builtBy = severalInScope && chain.count >= 2 ? constructingProvider(ofReceiver: chain, before: call) : nil
            // The Python SDKs' response wrappers sit inside the call's path and send the same request:
            // `client.chat.completions.with_raw_response.create(…)`, `….with_streaming_response.create(…)`.
            let path = chain.count >= 3
                && (lexed.token(chain[chain.count - 2], is: "with_raw_response") || lexed.token(chain[chain.count - 2], is: "with_streaming_response"))
                ? Array(chain[..<(chain.count - 2)]) + [index] : chain
            // `made`: the path runs through the call that made the receiver (`engine = index.as_query_engine()`, then
            // `engine.query(q)` along `index.as_query_engine.query`), which only shapes of two segments or more name.
            // `providers`: the only providers whose shapes apply (those whose module the receiver's declared type is
            // imported from); `longest`: the most segments a shape may have (fewer than reach a receiver whose declared
            // type is no SDK's); `oneWord`: whether shapes of one segment apply (not to a value another type's method
            // returned).
            func rankShapes(along path: [Int], made: Bool, providers: [Int]? = nil, longest: Int = Int.max, oneWord: Bool = true) {
                let penultimate = path.count >= 2
                    ? byteHash(bytes, tokens[path[path.count - 2]].start..<tokens[path[path.count - 2]].end, lowercased: true) : 0
                for shape in shapes where shape.segments.count <= min(path.count, longest)
                    && (!made || shape.segments.count >= 2) && (oneWord || shape.segments.count >= 2)
                    && (shape.segments.count < 2 || shape.penultimateHash == penultimate) && matches(shape, path)
                    && providers.map({ $0.contains(shape.provider) }) ?? true
                {
                    // A vector store's search by text embeds the query with the store's embeddings: in a file naming
                    // only local ones (`HuggingFaceEmbeddings`, `FakeEmbeddings`), on the machine, whatever paid chat
                    // model puts the framework in scope. (Where both are named, the store's own origin decides, below.)
                    if shape.segments.count == 1, Self.vectorSearches.contains(shape.segments[0]) {
                        if embedsLocallyOnly == nil { embedsLocallyOnly = namesOnlyLocalEmbeddings() }
                        if embedsLocallyOnly == true { continue }
                    }
                    // Mistral 0.x's `completion` and `embeddings` are words many objects answer to (a cache's, a
                    // project's own client's): only a receiver the file shows is a provider's client is Mistral's
                    // (`client = new MistralClient(key)`, `self.client = MistralClient(api_key=…)`).
                    if providers == nil, shape.segments.count == 1, Self.mistralLegacyWords.contains(shape.segments[0]),
                       catalogue.providers[shape.provider].id == "mistral",
                       !(chain.count == 2 && origin(ofName: chain[0], memo: &receiverOrigins) == .provider
                           || chain.count > 2 && memberHoldsProviderObject(chain[chain.count - 2], memo: &receiverOrigins)
                           || (2...3).contains(chain.count) && isAnnotatedWithProviderSymbol(chain[chain.count - 2]))
                    {
                        continue
                    }
                    // A one-word method (`stream`, `chat`, `sendMessage`) on an object of another library
                    // (`bot = new TelegramBot(…)`, `with httpx.Client() as client`) is that library's method, and so
                    // is a resource's method on one (`prisma.messages.create` beside Anthropic's `messages.create`,
                    // `db.subscriptions.create` on an imported Prisma client beside Stripe's).
                    // Unless the provider's object is handed to it: a vector store built with paid embeddings
                    // (`Chroma.from_documents(docs, embedding=OpenAIEmbeddings())`) calls them for every document.
                    // (A two-word one only matters, and is only asked, where the provider is in scope: elsewhere
                    // it is no call of the provider's anyway.)
                    // (A receiver declared with the SDK's own type is the SDK's object.)
                    if providers == nil, shape.segments.count <= 2, chain.count == shape.segments.count + 1,
                       shape.segments.count == 1 || inScope[shape.provider] > 0,
                       origin(ofName: chain[0], memo: &receiverOrigins) == .other,
                       !argumentsHoldProviderObject(call: call)
                    {
                        continue
                    }
                    // …and so is one on a member of such an object (`client.runs.stream(…)` on a LangGraph server's
                    // `new Client(…)`, beside an unused `ChatOpenAI` import), unless the file puts the provider's
                    // object in that member (`st.session_state.chain = prompt | llm`).
                    // (`self.model.predict(X)` after `self.model = joblib.load(path)` is one on such an object.)
                    if providers == nil, shape.segments.count == 1, chain.count > 2,
                       origin(ofName: chain[0], memo: &receiverOrigins) == .other
                        || (chain.count == 3 && isObjectItself(chain[0]) && memberOrigin(chain[1], memo: &receiverOrigins) == .other),
                       !memberHoldsProviderObject(chain[chain.count - 2], memo: &receiverOrigins),
                       !argumentsHoldProviderObject(call: index)
                    {
                        continue
                    }
                    var scope = inScope[shape.provider] * 2
                    if scope > 0, builtBy == shape.provider { scope += 2 }
                    if scope == 0 {
                        // A framework's own method on its own object (`RubyLLM.chat(model: "gpt-4o")` only builds a
                        // conversation) is not the call of the provider whose model it names.
                        if runsLocally.contains(shape.provider) || rootIsAnotherProvidersSymbol(path, shape.provider) { continue }
                        if chainNames(path, provider: shape.provider)
                            || argumentsNameModel(of: shape.provider, call: call, arguments: &stringArguments)
                        {
                            scope = 1
                        } else if shape.segments.count < 3 || catalogue.providers[shape.provider].hosts.isEmpty
                            || catalogue.providers[shape.provider].id == Self.rehostingProvider
                        {
                            // Azure OpenAI re-hosts OpenAI's API under OpenAI's call shapes: a client nothing in
                            // the file names (a parameter, another module's) is credited to the API's own provider.
                            continue
                        }
                    }
                    let rank = (scope, shape.segments.count)
                    if best != nil, rank <= bestRank { continue }
                    best = shape
                    bestRank = rank
                }
            }
            // Java and Kotlin declare what a receiver is: its declared type, read through the file's imports, says
            // whose object it is where its name does not (`model.call(prompt)` on a Spring AI `ChatModel`), and that
            // it is no SDK's where its name says otherwise (a `chatModel` of the project's own class, an Ollama model).
            // Asked only where a shape of a provider in scope ends so (`list.stream()` beside Spring AI, not
            // `builder.create()`): the others match by their own chains, as before.
            let asksType = declaresReceivers && literalChain == nil && shapes.contains { inScope[$0.provider] > 0 }
            switch asksType ? declaredReceiver(of: path, call: call) : nil {
            case .sdkType(let typed, let providers)?:
                // An SDK out of scope here (Spring AI on Ollama alone) makes no paid call, whatever the path names.
                rankShapes(along: typed, made: false, providers: providers.filter { inScope[$0] > 0 })
            case .otherType(let members, let typesOwnValue)?:
                // A one-word method called on it is its type's (`rows.stream()` on a `List`, `StreamSupport.stream(…)`),
                // and so is one called on a value its own methods return (`groups.values().stream()`), unless the
                // provider's object is handed to it.
                let handsProviderObject = argumentsHoldProviderObject(call: call)
                let ownMethod = members == 1 && !handsProviderObject
                rankShapes(along: path, made: false, longest: ownMethod ? 0 : members, oneWord: !typesOwnValue || handsProviderObject)
            case nil:
                rankShapes(along: path, made: false)
                // A client held in a variable is named by the call that made it, where its own name says nothing
                // (`tv = TavilyClient(…)` then `tv.search(q)`; `const tvly = tavily({ apiKey })`): `search` alone is
                // everyone's method.
                // Only for a provider whose SDK is in scope (Ruby's autoloaded gems are in scope by no import): Prisma's
                // `db.user.create(…)` in a file naming no provider is not asked who made `db`.
                if best == nil,
                   shapes.contains(where: { $0.segments.count >= 2 && (inScope[$0.provider] > 0 || lexed.language == .ruby) }),
                   let made = pathThroughMaker(of: path, call: call)
                {
                    rankShapes(along: made, made: true)
                }
            }
            guard let best else { continue }
            if sendsToLocalModel(call: call) || importedClientRunsLocally(chain[0], bindings: &importBindings, memo: &localClients) {
                for link in chain { consumed.insert(link) }
                continue
            }
            // A bare call is the SDK's when it is one of the SDK's exported functions, or a command class the
            // file constructs from the SDK it imports (`client.send(new ConverseCommand(…))`).
            if chain.count == 1 {
                let constructed = lexed.token(index - 1, is: "new") && inScope[best.provider] >= 1
                    && (65...90).contains(lexed.bytes[token.start])
                if !constructed && !importedFromProvider(index, provider: best.provider)
                    && (!isSymbol(index, of: best.provider) || bindsItself(index, provider: best.provider))
                {
                    continue
                }
            }
            for link in chain { consumed.insert(link) }
            let root = tokens[chain[0]]
            let evidence = chain.map { lexed.text($0) }.joined(separator: ".")
            // The Vercel AI SDK is free; the model it is handed (`model: openai("gpt-4o")`) is what is paid for, or
            // nothing when its provider is made for a server on this machine.
            var provider = best.provider
            if lexed.language.isJavaScriptLike, catalogue.providers[provider].id == "vercel-ai-sdk" {
                if modelProviders == nil { modelProviders = aiSDKModelProviders() }
                switch modelSource(inArgumentsOf: call, bindings: modelProviders ?? [:], imported: &importedModels, importBindings: &importBindings) {
                case .billedBy(let model)?: provider = model
                case .local?: continue
                case nil: break
                }
            }
            // Ruby's gemini-ai on Vertex AI (`credentials: { service: "vertex-ai-api", region: … }`) bills through
            // Google Cloud's Vertex AI, not the Gemini API.
            if lexed.language == .ruby, catalogue.providers[provider].id == "google-gemini",
               let vertex = catalogue.providers.firstIndex(where: { $0.id == "google-vertex-ai" })
            {
                if geminiOnVertex == nil { geminiOnVertex = ByteSearch.containsFolded(lexed.bytes, Self.vertexAIService) }
                if geminiOnVertex == true { provider = vertex }
            }
            // A method taken into a name (`const embed = openai.embeddings.create.bind(…)`) is called where the name is.
            let aliasCalls = literalChain != nil || lexed.token(index + 1, isPunctuation: Byte.openParen)
                ? [] : methodAliasCalls(ofMethodAt: index)
            guard aliasCalls.isEmpty else {
                for aliasCall in aliasCalls {
                    sites.append(PaidCallSite(
                        provider: catalogue.providers[provider].id, kind: best.isBatch ? .batchAPI : .sdk,
                        token: aliasCall, line: tokens[aliasCall].line, column: tokens[aliasCall].column,
                        evidence: evidence + "(…)"))
                }
                continue
            }
            sites.append(PaidCallSite(
                provider: catalogue.providers[provider].id, kind: best.isBatch ? .batchAPI : .sdk,
                token: chain[0], line: root.line, column: root.column, evidence: evidence + "(…)"))
        }
        if !requestsOnly, lexed.language == .python { sites += importedFunctionCalls(consumed: consumed) }
        if !requestsOnly, lexed.language.isJavaScriptLike { sites += inngestInferenceCalls() }
        var requests = HTTPRequestSites(lexed: lexed, catalogue: catalogue)
        if let code { requests.importedValue = ImportedConstants(code: code, lexed: lexed, path: path, catalogue: catalogue).value }
        // Symfony injects its scoped HTTP clients by name (`HttpClientInterface $openaiClient`).
        if let code, lexed.language == .php {
            requests.injectedClientBase = { name in
                code.symfonyScopedClientBase(forArgument: name).flatMap(HTTPRequestSites.urlValue(ofLiteral:))
            }
        }
        // .NET hands a typed client the `HttpClient` its registration configures (`AddHttpClient<OpenAiClient>(c =>
        // c.BaseAddress = new Uri(…))`), by the class's name.
        if let code = code ?? clientConfiguration, lexed.language == .csharp {
            requests.injectedClientBase = { type in
                code.dotnetTypedClientBase(forClass: type).flatMap(HTTPRequestSites.urlValue(ofLiteral:))
            }
        }
        // Spring injects the `RestClient`s and `WebClient`s `@Bean` methods build, by name or by type.
        if let code = code ?? clientConfiguration, lexed.language == .java || lexed.language == .kotlin {
            requests.injectedBeanBase = { name, type in
                code.springClientBeanBase(named: name, type: type).flatMap(HTTPRequestSites.urlValue(ofLiteral:))
            }
            // A base the configuration gives (`baseUrl(props.getBaseUrl())`, `@Value("${openai.base-url}")`).
            requests.springSettingValues = { code.springSettingValues($0) }
            requests.springConfigurationPrefix = { code.springConfigurationPrefix(ofClass: $0) }
        }
        // A Go or C# wrapper calling an OpenAI client it is handed (`s.Client.CreateChatCompletion(…)`,
        // `_chat.CompleteChatAsync(…)`) in a project that makes every such client for a server on this machine.
        if lexed.language == .go || lexed.language == .csharp, let code = code ?? clientConfiguration,
           sites.contains(where: { isOpenAISDKSite($0) }), code.openAIClientsRunLocally(lexed.language)
        {
            sites.removeAll(where: isOpenAISDKSite)
        }
        return requests.sites(sdkSites: sites)
    }

    private func isOpenAISDKSite(_ site: PaidCallSite) -> Bool {
        site.provider == CodeIndex.openAIClientProvider && (site.kind == .sdk || site.kind == .batchAPI)
    }

    /// The provider that serves another's API under its call shapes, credited only where the file names it.
    private static let rehostingProvider = "azure-openai"

    /// The provider whose client the call's receiver was last made from before `call`: `client = Groq(…)`,
    /// `self.client = AsyncAnthropic(…)`, `const groq = new Groq(…)` (the receiver's own name, past `self`/`this`).
    private func constructingProvider(ofReceiver chain: [Int], before call: Int) -> Int? {
        var root = chain[0]
        if lexed.token(root, is: "self") || lexed.token(root, is: "this"), chain.count >= 3 { root = chain[1] }
        let name = lexed.bytes[lexed.tokens[root].start..<lexed.tokens[root].end]
        var cursor = call - 1
        while cursor >= 0 {
            defer { cursor -= 1 }
            let token = lexed.tokens[cursor]
            guard token.kind == .identifier, lexed.token(cursor + 1, isPunctuation: Byte.equals),
                  !lexed.token(cursor + 2, isPunctuation: Byte.equals), lexed.bytes[token.start..<token.end].elementsEqual(name)
            else { continue }
            var value = cursor + 2
            if lexed.token(value, is: "new") || lexed.token(value, is: "await") { value += 1 }
            guard lexed.tokens.indices.contains(value), lexed.token(value + 1, isPunctuation: Byte.openParen) else { return nil }
            return catalogue.provider(symbolAt: value, in: lexed)
        }
        return nil
    }

    /// The call's path with its receiver replaced by the call that made it: `index.as_query_engine.query` for
    /// `engine.query` after `engine = index.as_query_engine()`, `TavilyClient.search` for `self.tv.search` after
    /// `self.tv = TavilyClient(…)`. Nil when the receiver is not a plain name or field, or the file does not show it
    /// made by a call.
    private func pathThroughMaker(of path: [Int], call: Int) -> [Int]? {
        let field = isObjectItself(path[0])
        let receiver = field ? 1 : 0
        guard path.count >= receiver + 2, let maker = maker(ofName: path[receiver], field: field, before: call) else {
            return nil
        }
        return maker + path[(receiver + 1)...]
    }

    /// The call at `index` of an object a provider's SDK made, when calling it is the request: `qa(question=q)` after
    /// `qa = dspy.ChainOfThought("question -> answer")`, `self.respond(…)` after `self.respond = dspy.Predict(…)`,
    /// `rag(question=q)` after `rag = RAG()` where the file declares `class RAG(dspy.Module)`. `shapes`: the
    /// catalogue's `Maker.__call__` shapes of the providers in scope.
    private func objectCallSite(_ index: Int, shapes: [CompiledShape]) -> PaidCallSite? {
        guard lexed.token(index + 1, isPunctuation: Byte.openParen), !lexed.token(index - 1, is: "class"),
              !isDefinition(index)
        else { return nil }
        let field = (lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "->"))
            && isObjectItself(index - 2)
        guard field || !isMemberName(index), var maker = maker(ofName: index, field: field, before: index) else {
            return nil
        }
        // A class of the file is made like the class it extends (at most three classes up).
        for _ in 0..<4 {
            if let shape = shapes.first(where: { shape in
                let segments = shape.segments.dropLast()
                return maker.count >= segments.count
                    && zip(maker.suffix(segments.count), segments).allSatisfy { spells($0, $1) }
            }) {
                let root = field ? index - 2 : index
                return PaidCallSite(
                    provider: catalogue.providers[shape.provider].id, kind: shape.isBatch ? .batchAPI : .sdk,
                    token: root, line: lexed.tokens[root].line, column: lexed.tokens[root].column,
                    evidence: lexed.text(root) + (field ? "." + lexed.text(index) : "") + "(…)")
            }
            guard maker.count == 1, let base = baseClass(of: maker[0]) else { return nil }
            maker = base
        }
        return nil
    }

    /// The member chain of the class the file's class named at `name` extends first: `dspy`, `Module` of Python's
    /// `class RAG(dspy.Module):`, of `class RAG extends dspy.Module` or Ruby's `class Rag < Dspy::Module`.
    private func baseClass(of name: Int) -> [Int]? {
        let tokens = lexed.tokens
        for declared in occurrences.positionsScanning(of: name, in: lexed) where lexed.token(declared - 1, is: "class") {
            var start = declared + 1
            if lexed.token(start, isPunctuation: Byte.openParen) || lexed.token(start, is: "extends")
                || lexed.token(start, isPunctuation: UInt8(ascii: "<"))
            {
                start += 1
            } else {
                continue
            }
            guard start < tokens.count, tokens[start].kind == .identifier else { continue }
            var links = [start]
            while links.last! + 2 < tokens.count,
                  lexed.token(links.last! + 1, isPunctuation: Byte.dot) || lexed.token(links.last! + 1, is: "::"),
                  tokens[links.last! + 2].kind == .identifier
            {
                links.append(links.last! + 2)
            }
            return links
        }
        return nil
    }

    /// Whether the token at `index` is the object itself (`self`, `this`, `$this`).
    func isObjectItself(_ index: Int) -> Bool {
        lexed.token(index, is: "self") || lexed.token(index, is: "this") || lexed.token(index, is: "$this")
    }

    /// The member chain of the call whose result the name at `name` was given (`index`, `as_query_engine` after
    /// `engine = index.as_query_engine()`; `dspy`, `ChainOfThought` after `self.qa = dspy.ChainOfThought(…)`; `Gemini`,
    /// `new` after Ruby's `@client = Gemini.new`): the last such assignment before `call`, else the first after it (a
    /// module-level client below the functions using it). Nil when the name was given anything else, or nothing here.
    /// `field`: the name is the object's own (`self.qa`, `this.tvly`), else a variable. Asked only of receivers no
    /// call shape matched, and of the objects called while a provider with such shapes is in scope.
    private func maker(ofName name: Int, field: Bool, before call: Int) -> [Int]? {
        let tokens = lexed.tokens
        var binding: Int?
        for other in occurrences.positionsScanning(of: name, in: lexed) where other != name {
            guard (lexed.token(other + 1, isPunctuation: Byte.equals) && !lexed.token(other + 2, isPunctuation: Byte.equals))
                || lexed.token(other + 1, is: ":=")
            else { continue }
            let ownField = (lexed.token(other - 1, isPunctuation: Byte.dot) || lexed.token(other - 1, is: "->"))
                && isObjectItself(other - 2)
            guard ownField == field, field || !isMemberName(other) else { continue }
            // A keyword argument (`Tool(qa=…)`) binds nothing here.
            let block = tokens[other].block
            if block >= 0, lexed.blocks[block].opener == .paren { continue }
            if other < call {
                binding = other
            } else {
                if binding == nil { binding = other }
                break
            }
        }
        guard let binding else { return field ? nil : rubyAccessorMaker(name) }
        return makerChain(from: binding + 2)
    }

    /// A Ruby method called on a receiver without parentheses, its first argument on the same line
    /// (`DeepL.translate caption, "EN", "FR"`, `client.chat parameters: {…}`), not a name a keyword follows.
    private func isRubyCommandCall(_ index: Int) -> Bool {
        guard lexed.language == .ruby, lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "::"),
              index + 1 < lexed.tokens.count
        else { return false }
        let next = lexed.tokens[index + 1]
        guard !next.firstOnLine else { return false }
        switch next.kind {
        case .string, .number: return true
        case .identifier: return !Self.rubyKeywordsAfterCall.contains(lexed.text(index + 1))
        case .punctuation: return false
        }
    }

    private static let rubyKeywordsAfterCall: Set<String> = [
        "if", "unless", "and", "or", "do", "then", "rescue", "while", "until", "end", "not", "in",
    ]

    /// The construction a Ruby method of the file named like `name`, without parameters, returns on its first line:
    /// the memoized client of Rails services (`def client` / `@client ||= Gemini.new(…)`, or `Gemini.new(…)` alone),
    /// called bare as `client.generate_content(…)`.
    private func rubyAccessorMaker(_ name: Int) -> [Int]? {
        guard lexed.language == .ruby else { return nil }
        let tokens = lexed.tokens
        for other in occurrences.positionsScanning(of: name, in: lexed) where other != name && lexed.token(other - 1, is: "def") {
            // The body's first line, after the header (`def client`, no parameters).
            let body = other + 1
            guard body < tokens.count, tokens[body].firstOnLine else { continue }
            var cursor = body
            while cursor + 1 < tokens.count, !tokens[cursor + 1].firstOnLine, !lexed.token(cursor, isPunctuation: Byte.equals) {
                cursor += 1
            }
            return makerChain(from: lexed.token(cursor, isPunctuation: Byte.equals) ? cursor + 1 : body)
        }
        return nil
    }

    /// The member chain of the call a value starting at `start` makes (`Gemini`, `new` of `Gemini.new(…)`), when the
    /// value is a call.
    private func makerChain(from start: Int) -> [Int]? {
        let tokens = lexed.tokens
        var start = start
        while lexed.token(start, is: "new") || lexed.token(start, is: "await") { start += 1 }
        guard start < tokens.count, tokens[start].kind == .identifier else { return nil }
        var links = [start]
        var cursor = start
        var called = false
        while cursor + 2 < tokens.count {
            if lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 1 {
                cursor = lexed.partner[cursor + 1]
                called = true
            } else if lexed.token(cursor + 1, isPunctuation: Byte.dot) || lexed.token(cursor + 1, is: "?.")
                || lexed.token(cursor + 1, is: "::") || lexed.token(cursor + 1, is: "->"),
                tokens[cursor + 2].kind == .identifier
            {
                cursor += 2
                links.append(cursor)
                called = false
            } else {
                break
            }
        }
        // Ruby constructs without parentheses: `Gemini::Client.new`.
        if !called, lexed.language == .ruby, let last = links.last, lexed.token(last, is: "new") { called = true }
        return called ? links : nil
    }

    /// The AI SDK's provider packages, by the catalogue's provider they bill through.
    private static let aiSDKProviderPackages: [String: String] = [
        "@ai-sdk/openai": "openai", "@ai-sdk/anthropic": "anthropic", "@ai-sdk/google": "google-gemini",
        "@ai-sdk/google-vertex": "google-vertex-ai", "@ai-sdk/mistral": "mistral", "@ai-sdk/groq": "groq",
        "@ai-sdk/cohere": "cohere", "@ai-sdk/amazon-bedrock": "aws-bedrock", "@ai-sdk/xai": "xai",
        "@ai-sdk/deepseek": "deepseek", "@ai-sdk/togetherai": "together", "@ai-sdk/fireworks": "fireworks",
        "@ai-sdk/perplexity": "perplexity", "@ai-sdk/azure": "azure-openai", "@ai-sdk/cerebras": "cerebras",
        "@ai-sdk/deepinfra": "deepinfra", "@openrouter/ai-sdk-provider": "openrouter",
        "workers-ai-provider": "cloudflare-workers-ai",
    ]

    private static let vertexAIService = Array("vertex-ai-api".utf8)

    /// Packages whose factory makes a provider for any OpenAI-compatible server: it bills where its `baseURL` points.
    private static let aiSDKCompatiblePackages: Set<String> = ["@ai-sdk/openai", "@ai-sdk/openai-compatible"]

    /// The AI SDK's Ollama providers (`ollama`, `createOllama` of `ollama-ai-provider`): models served by an Ollama
    /// server the team runs, billed per request by nobody, unless made for a paid host's URL.
    private static let aiSDKOllamaPackages: Set<String> = ["ollama-ai-provider", "ollama-ai-provider-v2", "ai-sdk-ollama"]

    /// Where the models an AI SDK provider makes are served: by a catalogue provider that bills them, or by a server
    /// on this machine (Ollama, LM Studio, vLLM), free per request.
    enum AISDKModelSource: Equatable {
        case billedBy(Int)
        case local
    }

    /// The names the file imports from the AI SDK's provider packages (`import { openai } from "@ai-sdk/openai"`),
    /// with the provider each bills through, and the names it binds to providers and models made from them.
    func aiSDKModelProviders() -> [[UInt8]: AISDKModelSource] {
        var result: [[UInt8]: AISDKModelSource] = [:]
        // Factories of OpenAI-compatible providers, whose provider is their base URL's host.
        var compatibleFactories: Set<[UInt8]> = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .string && lexed.token(index - 1, is: "from") {
            let package = lexed.text(index)
            let id = Self.aiSDKProviderPackages[package]
            let ollama = Self.aiSDKOllamaPackages.contains(package)
            guard id != nil || ollama || Self.aiSDKCompatiblePackages.contains(package),
                  lexed.token(index - 2, isPunctuation: Byte.closeBrace), lexed.partner[index - 2] >= 0
            else { continue }
            let provider = id.flatMap { id in catalogue.providers.firstIndex { $0.id == id } }
            // `{ openai }`, `{ openai as gpt, createOpenAI }`: the local names.
            for name in (lexed.partner[index - 2] + 1)..<(index - 2) where lexed.tokens[name].kind == .identifier
                && !lexed.token(name, is: "as") && !lexed.token(name + 1, is: "as")
            {
                let local = Array(lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end])
                if let provider { result[local] = .billedBy(provider) }
                if ollama { result[local] = .local }
                if Self.aiSDKCompatiblePackages.contains(package) { compatibleFactories.insert(local) }
            }
        }
        guard !result.isEmpty || !compatibleFactories.isEmpty else { return result }
        // `const groq = createOpenAI({ baseURL: "https://api.groq.com/openai/v1" })`, `const workers =
        // createWorkersAI({ binding: env.AI })`: a provider the file makes with an imported factory bills where its
        // base URL points, else through the factory's package. One whose base URL is on this machine
        // (`createOpenAI({ baseURL: process.env.OLLAMA_URL ?? "http://localhost:11434/v1" })`) bills nothing.
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
            && lexed.token(index + 1, isPunctuation: Byte.equals) && !lexed.token(index + 2, isPunctuation: Byte.equals)
        {
            let factory = index + 2
            guard lexed.tokens.indices.contains(factory), lexed.tokens[factory].kind == .identifier,
                  lexed.token(factory + 1, isPunctuation: Byte.openParen), lexed.partner[factory + 1] > factory + 1
            else { continue }
            let factoryName = Array(lexed.bytes[lexed.tokens[factory].start..<lexed.tokens[factory].end])
            var source = result[factoryName]
            if compatibleFactories.contains(factoryName) || source != nil {
                var local = false, hosted: Int?
                for argument in (factory + 2)..<lexed.partner[factory + 1] where lexed.tokens[argument].kind == .string {
                    let range = lexed.tokens[argument].start..<lexed.tokens[argument].end
                    if isLoopbackURL(range) { local = true }
                    let text = Array(lexed.text(argument).utf8)
                    if let (host, _) = HTTPRequestSites.host(in: text, 0..<text.count), let provider = catalogue.provider(forHost: host[...]) {
                        hosted = provider
                        break
                    }
                }
                if let hosted {
                    source = .billedBy(hosted)
                } else if local {
                    source = .local
                }
            }
            if let source { result[Array(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])] = source }
        }
        return result
    }

    /// Whether every model the file hands over by a `model` key (`new Agent({ model: ollama("llama3.1") })`,
    /// `streamText({ model: local("qwen2.5"), … })`, the shorthand `new Agent({ name, model })` after `const model =
    /// ollama("llama3.1")`) is made by an AI SDK provider on this machine, here or in the project module it is
    /// imported from, and one is.
    func handsOnlyLocalAISDKModels() -> Bool {
        let bindings = aiSDKModelProviders()
        var importBindings: [ImportBinding]?
        func isLocal(_ value: Int) -> Bool {
            guard lexed.tokens.indices.contains(value), lexed.tokens[value].kind == .identifier else { return false }
            if let source = bindings[Array(lexed.bytes[lexed.tokens[value].start..<lexed.tokens[value].end])] { return source == .local }
            guard let code = code ?? modelModules else { return false }
            if importBindings == nil { importBindings = code.importBindings(in: lexed) }
            return importedModelRunsLocally(named: lexed.text(value), bindings: importBindings ?? [], code: code)
        }
        var handed = false
        for index in lexed.tokens.indices where lexed.token(index, is: "model") && !lexed.token(index - 1, isPunctuation: Byte.dot) {
            if lexed.token(index + 1, isPunctuation: Byte.colon) {
                guard isLocal(index + 2) else { return false }
            } else if lexed.token(index - 1, isPunctuation: Byte.openBrace) || lexed.token(index - 1, isPunctuation: Byte.comma),
                      lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeBrace)
            {
                // `{ name, model, instructions }`: the value of the name `model`.
                guard isLocal(index) else { return false }
            } else {
                continue
            }
            handed = true
        }
        return handed
    }

    /// Where the model a call of the AI SDK is handed is served: a function imported from a provider package called
    /// among its arguments (`generateText({ model: anthropic("claude-3-5-sonnet-latest"), … })`), or a name the file
    /// bound to one (`aiSDKModelProviders`), or a model another module of the project makes and the file imports
    /// (`import { chatModel } from "@/lib/models"`), when that module's provider is on this machine.
    private func modelSource(
        inArgumentsOf callee: Int, bindings: [[UInt8]: AISDKModelSource],
        imported: inout [String: AISDKModelSource?], importBindings: inout [ImportBinding]?
    ) -> AISDKModelSource? {
        guard lexed.token(callee + 1, isPunctuation: Byte.openParen), lexed.partner[callee + 1] > callee + 1 else { return nil }
        // A model made in place (`model: anthropic("…")`, `model: vllm.chatModel("…")`) or earlier (`const model =
        // xai("grok-beta")`, then `model: model` or `{ model }`).
        var importedNames: [Int] = []
        for cursor in (callee + 2)..<lexed.partner[callee + 1]
        where lexed.tokens[cursor].kind == .identifier && !lexed.token(cursor - 1, isPunctuation: Byte.dot)
            && !lexed.token(cursor + 1, isPunctuation: Byte.colon)
        {
            let methodOfProvider = lexed.token(cursor + 1, isPunctuation: Byte.dot)
            if methodOfProvider, !(lexed.tokens.indices.contains(cursor + 2) && lexed.tokens[cursor + 2].kind == .identifier
                && lexed.token(cursor + 3, isPunctuation: Byte.openParen))
            {
                continue
            }
            if let source = bindings[Array(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end])] { return source }
            if !methodOfProvider { importedNames.append(cursor) }
        }
        guard let code = code ?? modelModules, !importedNames.isEmpty else { return nil }
        if importBindings == nil { importBindings = code.importBindings(in: lexed) }
        for cursor in importedNames {
            let name = lexed.text(cursor)
            if let known = imported[name] {
                if let known { return known }
                continue
            }
            let source = importedModelRunsLocally(named: name, bindings: importBindings ?? [], code: code) ? AISDKModelSource.local : nil
            imported[name] = .some(source)
            if let source { return source }
        }
        return nil
    }

    /// Whether a model another module of the project makes, imported here by `name`, is made by a provider on this
    /// machine (`export const chatModel = ollama("llama3.1")` after `const ollama = createOpenAI({ baseURL:
    /// "http://localhost:11434/v1" })`).
    private func importedModelRunsLocally(named name: String, bindings: [ImportBinding], code: CodeIndex) -> Bool {
        guard let binding = bindings.first(where: { $0.local == name }), isProjectModule(Array(binding.module.utf8)),
              let made = code.topLevelValue(binding.member ?? name, of: binding.module, importedBy: path, language: lexed.language),
              Self.aiSDKScopes.contains(where: { ByteSearch.containsFolded(made.lexed.bytes, $0) })
        else { return false }
        let member = Array((binding.member ?? name).utf8)
        return SiteFinder(lexed: made.lexed, catalogue: catalogue).aiSDKModelProviders()[member] == .local
    }

    /// What every module making an AI SDK provider imports it from (`@ai-sdk/openai`, `@ai-sdk/openai-compatible`,
    /// `ollama-ai-provider`).
    private static let aiSDKScopes = ["@ai-sdk/", "ollama"].map { Array($0.utf8) }

    /// Calls of a provider's module function through the name an import binds: `from litellm import completion`
    /// (or `… import completion as ask`), then `completion(…)`; `import litellm as llm`, then `llm.completion(…)`.
    /// Either is the catalogue's `litellm.completion`. A function name the file also defines or imports from
    /// elsewhere is not the provider's; calls the shapes found already are left to them.
    private func importedFunctionCalls(consumed: Set<Int>) -> [PaidCallSite] {
        var sites: [PaidCallSite] = []
        let tokens = lexed.tokens
        func append(_ shape: CompiledShape, call: Int, evidence: String) {
            sites.append(PaidCallSite(
                provider: catalogue.providers[shape.provider].id, kind: shape.isBatch ? .batchAPI : .sdk,
                token: call, line: tokens[call].line, column: tokens[call].column, evidence: evidence))
        }
        for statement in pythonImports.statements(of: lexed) {
            if let from = statement.from {
                guard !statement.names.isEmpty else { continue }
                let module = CompiledCatalogue.normalizeModule(lexed.dottedBytes(from))
                let importers = catalogue.providers(importing: module)
                guard !importers.isEmpty else { continue }
                for name in statement.names where name.path.count == 1 {
                    guard let shape = function(named: name.path.lowerBound, in: module, importers: importers),
                          !bindsItself(name.local, provider: shape.provider)
                    else { continue }
                    let evidence = lexed.dottedText(from) + "." + lexed.text(name.path.lowerBound) + "(…)"
                    for call in occurrences.positions(of: name.local, in: lexed) where call > name.local
                        && lexed.token(call + 1, isPunctuation: Byte.openParen) && !isMemberName(call)
                        && !consumed.contains(call) && !isDefinition(call) && !sendsToLocalModel(call: call)
                    {
                        append(shape, call: call, evidence: evidence)
                    }
                }
            } else {
                for name in statement.names {
                    guard let alias = name.alias else { continue }
                    let module = CompiledCatalogue.normalizeModule(lexed.dottedBytes(name.path))
                    let importers = catalogue.providers(importing: module)
                    guard !importers.isEmpty else { continue }
                    for root in occurrences.positions(of: alias, in: lexed) where root > alias
                        && lexed.token(root + 1, isPunctuation: Byte.dot) && root + 2 < tokens.count
                        && tokens[root + 2].kind == .identifier && lexed.token(root + 3, isPunctuation: Byte.openParen)
                        && !isMemberName(root) && !consumed.contains(root + 2) && !sendsToLocalModel(call: root + 2)
                    {
                        guard let shape = function(named: root + 2, in: module, importers: importers) else { continue }
                        append(shape, call: root, evidence: lexed.dottedText(name.path) + "." + lexed.text(root + 2) + "(…)")
                    }
                }
            }
        }
        return sites
    }

    /// The call shape of the function the token at `member` names in `module` (normalised), of one of the providers
    /// that import it: `litellm.completion` for `completion` of `litellm`.
    private func function(named member: Int, in module: [UInt8], importers: [Int]) -> CompiledShape? {
        let token = lexed.tokens[member]
        return catalogue.shapesByLastSegment[byteHash(lexed.bytes, CompiledCatalogue.shapeNameRange(lexed.bytes, token), lowercased: true)]?
            .first { importers.contains($0.provider) && isFunction(member, of: module, shape: $0) }
    }

    /// Whether `shape` is the function the token at `member` names in `module` (normalised): `litellm.completion`
    /// for `completion` of `litellm`.
    private func isFunction(_ member: Int, of module: [UInt8], shape: CompiledShape) -> Bool {
        guard shape.segments.count >= 2, let last = shape.segments.last, spells(member, last) else { return false }
        var expected: [UInt8] = []
        for segment in shape.segments.dropLast() {
            if !expected.isEmpty { expected.append(Byte.slash) }
            expected += segment
        }
        return expected == module
    }

    /// Model ids that route a call to a model server the caller runs (LiteLLM's `ollama/llama3`, `ollama_chat/…`,
    /// `hosted_vllm/…`, `lm_studio/…`, `llamafile/…`): nothing is paid per request.
    private static let localModelRoutes = ["ollama/", "ollama_chat/", "hosted_vllm/", "lm_studio/", "llamafile/"]

    /// Whether the call at `index` (its name, before its `(`) is sent to a local model: its own arguments name a model
    /// by a local route (`completion(model="ollama/llama3", …)`) or give a base URL on this machine or network
    /// (`api_base="http://localhost:11434"`). Only literal arguments of the call itself: a model or URL held in a
    /// variable is not known to be local.
    private func sendsToLocalModel(call index: Int) -> Bool {
        let open = index + 1
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { return false }
        return Self.namesLocalModel(in: lexed, (open + 1)..<lexed.partner[open])
    }

    /// Whether a client another module of the project makes, called here by the name it is imported under
    /// (`from app.llm_client import client`), is made for a server on this machine (`OpenAI(base_url=
    /// "http://localhost:11434/v1")`): its calls spend nothing, as they would not in that module.
    private func importedClientRunsLocally(_ root: Int, bindings: inout [ImportBinding]?, memo: inout [String: Bool]) -> Bool {
        guard let code, lexed.tokens[root].kind == .identifier else { return false }
        let name = lexed.text(root)
        if let known = memo[name] { return known }
        if bindings == nil { bindings = code.importBindings(in: lexed) }
        let runsLocally = importedClientRunsLocally(named: name, bindings: bindings ?? [], code: code)
        memo[name] = runsLocally
        return runsLocally
    }

    private func importedClientRunsLocally(named name: String, bindings: [ImportBinding], code: CodeIndex) -> Bool {
        guard let binding = bindings.first(where: { $0.local == name }),
              isProjectModule(Array(binding.module.utf8)),
              let made = code.topLevelValue(binding.member ?? name, of: binding.module, importedBy: path, language: lexed.language)
        else { return false }
        guard let open = made.value.first(where: { made.lexed.token($0, isPunctuation: Byte.openParen) }) else { return false }
        return Self.constructsForLocalModel(made.lexed, openParen: open, catalogue: catalogue)
    }

    /// Whether the constructor call whose argument list opens at `open` (`OpenAI(base_url=…)`, or its options object,
    /// `new OpenAI({ baseURL: … })`) points the client at a server on this machine: a local model's route, or a base
    /// URL read as the constructing file's own calls are (`HTTPRequestSites.constructsForLocalBase`), a setting's
    /// local default included.
    static func constructsForLocalModel(_ lexed: LexedSource, openParen open: Int, catalogue: CompiledCatalogue) -> Bool {
        guard lexed.partner[open] > open else { return false }
        var arguments = (open + 1)..<lexed.partner[open]
        if lexed.token(open + 1, isPunctuation: Byte.openBrace), lexed.partner[open + 1] > open + 1 {
            arguments = (open + 2)..<lexed.partner[open + 1]
        }
        return namesLocalModel(in: lexed, arguments)
            || HTTPRequestSites(lexed: lexed, catalogue: catalogue).constructsForLocalBase(openParen: open)
    }

    /// Whether the arguments in `range` send to a model this machine serves: a LiteLLM route to one, or a base URL
    /// on a loopback host. Nested argument lists are skipped: the messages a call sends name nothing.
    private static func namesLocalModel(in lexed: LexedSource, _ range: Range<Int>) -> Bool {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            defer { cursor += 1 }
            let token = lexed.tokens[cursor]
            // The call's own arguments, not the messages it sends.
            if token.kind == .punctuation, lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor]
                continue
            }
            guard token.kind == .string else { continue }
            let text = lexed.text(cursor).lowercased()
            if Self.localModelRoutes.contains(where: text.hasPrefix) { return true }
            if lexed.token(cursor - 1, isPunctuation: Byte.equals) || lexed.token(cursor - 1, isPunctuation: Byte.colon),
               lexed.tokens[cursor - 2].kind == .identifier,
               HTTPRequestSites.baseURLKeys.contains(lexed.text(cursor - 2).lowercased()),
               let (host, _) = HTTPRequestSites.host(in: Array(text.utf8), 0..<text.utf8.count),
               HTTPRequestSites.isLocal(host)
            {
                return true
            }
        }
        return false
    }

    /// Whether the chain starts at another provider's symbol (`RubyLLM` of `RubyLLM.chat`).
    private func rootIsAnotherProvidersSymbol(_ chain: [Int], _ provider: Int) -> Bool {
        guard chain.count >= 2, let owner = catalogue.provider(symbolAt: chain[0], in: lexed) else { return false }
        return owner != provider
    }

    /// Whether a segment of the chain names the provider (`openai_client`, `self.stripe`).
    private func chainNames(_ chain: [Int], provider: Int) -> Bool {
        let id = catalogue.providerNames[provider]
        guard id.count >= 4 else { return false }
        return chain.dropLast().contains { lexed.bytesContain(lexed.tokens[$0].start..<lexed.tokens[$0].end, id) }
    }

    /// Whether the call's arguments name one of the provider's models (`model="claude-3-5-sonnet-latest"`).
    private func argumentsNameModel(of provider: Int, call index: Int, arguments: inout [String]?) -> Bool {
        let id = catalogue.providers[provider].id
        guard ModelIdentifiers.prefixes[id] != nil else { return false }
        let strings = arguments ?? {
            let close = lexed.partner[index + 1]
            guard close > index + 1 else { return [] }
            return ((index + 2)..<close).filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0).lowercased() }
        }()
        arguments = strings
        return strings.contains { ModelIdentifiers.names(lowercased: $0, provider: id) }
    }

    /// Whether a call's arguments hand over a provider's client: one constructed there (`OpenAIEmbeddings()`) or a
    /// name the file assigns one to (`embedding=embeddings` after `embeddings = OpenAIEmbeddings(…)`), not a value a
    /// call returned (`result.response.text()`). Asked only of one-word calls on another library's object.
    private func argumentsHoldProviderObject(call index: Int) -> Bool {
        let open = index + 1
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { return false }
        func constructsClient(_ value: Int) -> Bool {
            var value = value
            while lexed.token(value, is: "new") || lexed.token(value, is: "await") { value += 1 }
            return value < lexed.tokens.count && lexed.token(value + 1, isPunctuation: Byte.openParen)
                && catalogue.provider(symbolAt: value, in: lexed) != nil
        }
        return ((open + 1)..<lexed.partner[open]).contains { cursor in
            guard lexed.tokens[cursor].kind == .identifier, !lexed.token(cursor + 1, isPunctuation: Byte.equals),
                  !isMemberName(cursor)
            else { return false }
            if constructsClient(cursor) { return true }
            return occurrences.positions(of: cursor, in: lexed).contains { other in
                other != cursor && lexed.token(other + 1, isPunctuation: Byte.equals)
                    && !lexed.token(other + 2, isPunctuation: Byte.equals) && constructsClient(other + 2)
            }
        }
    }

    /// Whether the file assigns the member named like token `member` a value made from a provider's object
    /// (`st.session_state.chain = prompt | llm`, `app.state.llm = ChatOpenAI(…)`): a one-word call on that member is
    /// the provider's, whatever library's object holds it. Asked only of calls on another library's object's members.
    private func memberHoldsProviderObject(_ member: Int, memo: inout [[UInt8]: Origin]) -> Bool {
        let tokens = lexed.tokens
        for other in occurrences.positionsScanning(of: member, in: lexed) where other != member && isMemberName(other)
            && lexed.token(other + 1, isPunctuation: Byte.equals) && !lexed.token(other + 2, isPunctuation: Byte.equals)
        {
            var cursor = other + 2
            while cursor < tokens.count, tokens[cursor].line == tokens[other].line {
                if tokens[cursor].kind == .identifier, !isMemberName(cursor), origin(ofName: cursor, memo: &memo) == .provider {
                    return true
                }
                cursor += 1
            }
        }
        return false
    }

    /// Where the values the file assigns the member named like token `member` come from (`self.model =
    /// joblib.load(path)`, `this.rows = new ArrayList<>()`): another library's only when every assignment's value
    /// starts with another library's name; unknown when any is unknown, or there is none. Asked only of `self.x` and
    /// `this.x` receivers of one-word calls of providers in scope.
    private func memberOrigin(_ member: Int, memo: inout [[UInt8]: Origin]) -> Origin {
        var result = Origin.unknown
        for other in occurrences.positionsScanning(of: member, in: lexed) where other != member && isMemberName(other)
            && lexed.token(other + 1, isPunctuation: Byte.equals) && !lexed.token(other + 2, isPunctuation: Byte.equals)
        {
            var value = other + 2
            while lexed.token(value, is: "new") || lexed.token(value, is: "await") { value += 1 }
            guard value < lexed.tokens.count, lexed.tokens[value].kind == .identifier else { return .unknown }
            let found = origin(ofName: value, memo: &memo)
            guard found == .other else { return found }
            result = .other
        }
        return result
    }

    /// Where a name's value comes from, as far as the file tells.
    enum Origin { case provider, other, unknown }

    /// Where the value of the name at `index` comes from: a provider's symbol or SDK import, another library's
    /// import (`import TelegramBot from "node-telegram-bot-api"`, `import httpx`), or a value assigned from one
    /// (`const bot = new TelegramBot(…)`, `model = genAI.getGenerativeModel(…)`, `with httpx.Client() as c`).
    /// Unknown when any binding is unknown (a parameter, a project function's result) or there is none. Asked
    /// only of the receivers of one- and two-word calls of providers in scope, memoised per name.
    func origin(ofName index: Int, memo: inout [[UInt8]: Origin], depth: Int = 0) -> Origin {
        let tokens = lexed.tokens
        let name = Array(lexed.bytes[tokens[index].start..<tokens[index].end])
        if let known = memo[name] { return known }
        memo[name] = .unknown  // a name assigned from itself stays unknown
        if catalogue.provider(symbolAt: index, in: lexed) != nil { memo[name] = .provider; return .provider }
        // A model class that runs on the machine (`HuggingFaceEmbeddings`, imported from `langchain_community.embeddings`
        // as the paid ones are) is no provider's object: a vector store built with it searches without a paid call.
        if Self.isLocalModelClass(lexed.bytes[tokens[index].start..<tokens[index].end]) { memo[name] = .other; return .other }
        guard depth < 4 else { return .unknown }
        var result: Origin?
        func merge(_ origin: Origin) {
            switch (result, origin) {
            case (.provider, _), (_, .provider): result = .provider
            case (.unknown, _), (_, .unknown): result = .unknown
            default: result = .other
            }
        }
        // Asked of a few receivers per file: each name is scanned for, without a table of every identifier.
        for other in occurrences.positionsScanning(of: index, in: lexed) where other != index && !isMemberName(other) {
            if let module = importedModule(binding: other) {
                let normalized = CompiledCatalogue.normalizeModule(module)
                merge(!catalogue.providers(importing: normalized).isEmpty ? .provider
                    : isProjectModule(module) ? projectValueOrigin(name, module: module) : .other)
            } else if lexed.token(other + 1, isPunctuation: Byte.equals) || lexed.token(other + 1, is: ":=") {
                // A Python call's keyword argument (`ChatOpenAI(model="gpt-4o")`) binds the callee's parameter, not
                // the file's name (`model = joblib.load(path)`).
                if lexed.language == .python, isKeywordArgument(other) { continue }
                var value = other + 2
                while lexed.token(value, is: "new") || lexed.token(value, is: "await") { value += 1 }
                guard value < tokens.count, tokens[value].kind == .identifier else { merge(.unknown); continue }
                var valueOrigin = origin(ofName: value, memo: &memo, depth: depth + 1)
                // A value built from a provider's object anywhere in its expression is the provider's: an LCEL
                // chain `prompt | llm | parser`, `prompt.pipe(model)`.
                if valueOrigin == .other {
                    var end = value
                    var cursor = value + 1
                    while cursor < tokens.count, tokens[cursor].line == tokens[value].line || cursor <= end {
                        if lexed.partner[cursor] > cursor { end = max(end, lexed.partner[cursor]) }
                        if tokens[cursor].kind == .identifier, !isMemberName(cursor),
                           origin(ofName: cursor, memo: &memo, depth: depth + 1) == .provider
                        {
                            valueOrigin = .provider
                            break
                        }
                        cursor += 1
                    }
                }
                merge(valueOrigin)
            } else if lexed.token(other + 1, isPunctuation: Byte.dot), lexed.token(other + 2, is: "add_component"),
                      lexed.token(other + 3, isPunctuation: Byte.openParen), lexed.partner[other + 3] > other + 3
            {
                // A Haystack pipeline runs the components it is given: `pipe.add_component("llm", OpenAIGenerator())`.
                for cursor in (other + 4)..<lexed.partner[other + 3] where tokens[cursor].kind == .identifier && !isMemberName(cursor)
                    && self.origin(ofName: cursor, memo: &memo, depth: depth + 1) == .provider
                {
                    merge(.provider)
                    break
                }
            } else if lexed.language == .python, lexed.token(other + 1, isPunctuation: Byte.colon), other + 2 < tokens.count,
                      tokens[other + 2].kind == .identifier, tokens[other + 2].line == tokens[other].line,
                      tokens[other].firstOnLine || lexed.token(other - 1, isPunctuation: Byte.openParen)
                        || lexed.token(other - 1, isPunctuation: Byte.comma)
            {
                // A parameter or variable annotated with its type (`clf: LogisticRegression`, `llm: ChatOpenAI`): the
                // type's origin. A generic (`Optional[ChatOpenAI]`) is the provider's when it names one, else unknown.
                var typeOrigin = origin(ofName: other + 2, memo: &memo, depth: depth + 1)
                if typeOrigin != .provider, lexed.token(other + 3, isPunctuation: Byte.openBracket) {
                    typeOrigin = .unknown
                    let close = lexed.partner[other + 3]
                    if close > other + 3 {
                        for cursor in (other + 4)..<close where tokens[cursor].kind == .identifier && !isMemberName(cursor)
                            && origin(ofName: cursor, memo: &memo, depth: depth + 1) == .provider
                        {
                            typeOrigin = .provider
                            break
                        }
                    }
                }
                merge(typeOrigin)
            } else if lexed.language == .python, lexed.token(other - 1, is: "as") {
                // `with httpx.Client() as client:`: the value of the `with` expression.
                var start = other - 1
                while start > 0, !tokens[start].firstOnLine { start -= 1 }
                if lexed.token(start, is: "async") { start += 1 }
                merge(lexed.token(start, is: "with") && start + 1 < other - 1
                    ? origin(ofName: start + 1, memo: &memo, depth: depth + 1) : .unknown)
            }
        }
        // An Elixir module named in the code that is no provider's (`Ollama.chat(client, …)`) is another library's, or the
        // project's.
        if result == nil, lexed.language == .elixir, let first = name.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") {
            result = .other
        }
        let origin = result ?? .unknown
        memo[name] = origin
        return origin
    }

    /// Whether the Python name at `index`, followed by `=`, is a call's keyword argument: first in a call's
    /// parenthesised arguments or after a comma there (a `def`'s parameter default is a binding of the name).
    private func isKeywordArgument(_ index: Int) -> Bool {
        guard lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.comma) else {
            return false
        }
        let block = lexed.tokens[index].block
        guard block >= 0, lexed.blocks[block].opener == .paren else { return false }
        let open = lexed.blocks[block].openToken
        return open >= 1 && lexed.tokens[open - 1].kind == .identifier && !lexed.token(open - 2, is: "def")
    }

    /// Where a value the file imports from a project module comes from, as that module makes it: another library's
    /// object (`export const db = new PrismaClient()`) is `.other`; anything else is unknown here.
    private func projectValueOrigin(_ name: [UInt8], module: [UInt8]) -> Origin {
        guard let code else { return .unknown }
        let local = String(decoding: name, as: UTF8.self)
        let moduleText = String(decoding: module, as: UTF8.self)
        guard let binding = code.importBindings(in: lexed).first(where: { $0.local == local && $0.module == moduleText }),
              let member = binding.member,
              let package = code.packageMaking(member, of: moduleText, importedBy: path, language: lexed.language)
        else { return .unknown }
        let bytes = Array(package.utf8)
        return catalogue.providers(importing: CompiledCatalogue.normalizeModule(bytes)).isEmpty && !isProjectModule(bytes)
            ? .other : .unknown
    }

    /// Whether a module an import names is the project's own: a relative or aliased path, or (with the code
    /// index) a Python package of the tree. Without the index an absolute Python module may be the project's.
    private func isProjectModule(_ module: [UInt8]) -> Bool {
        guard let first = module.first else { return true }
        switch lexed.language {
        case .javascript, .typescript:
            let text = String(decoding: module, as: UTF8.self)
            return first == Byte.dot || first == Byte.slash || text.hasPrefix("@/") || text.hasPrefix("~/")
                || text.hasPrefix("#") || text.hasPrefix("src/")
        case .python:
            guard first != Byte.dot, let code else { return true }
            return !code.moduleFiles(String(decoding: module, as: UTF8.self), importedBy: path, language: .python).isEmpty
        default:
            return true
        }
    }

    /// Whether the file binds the bare name called at `index` itself: imports it from a module that is not
    /// the provider's (`import { generateText } from "../lib/templates"`, `from worker.embeddings import embed`)
    /// or defines it (`function embed(`, `def embed(`, `const embed =`). Such a call is not the SDK's. Asked
    /// only of bare calls of a provider's symbol, which are rare.
    private func bindsItself(_ index: Int, provider: Int) -> Bool {
        for other in occurrences.positions(of: index, in: lexed) where other != index {
            if lexed.token(other - 1, is: "function") || lexed.token(other - 1, is: "def")
                || lexed.token(other - 1, is: "func") || lexed.token(other - 1, is: "fn")
                || ((lexed.token(other - 1, is: "const") || lexed.token(other - 1, is: "let")
                    || lexed.token(other - 1, is: "var")) && lexed.token(other + 1, isPunctuation: Byte.equals))
            {
                return true
            }
            if let module = importedModule(binding: other),
               !catalogue.providers(importing: CompiledCatalogue.normalizeModule(module)).contains(provider)
            {
                return true
            }
        }
        return false
    }

    /// Whether the bare name called at `index` is imported by name from the provider's own module (`import { run }
    /// from "@openai/agents"`): the provider's function, however common its name.
    private func importedFromProvider(_ index: Int, provider: Int) -> Bool {
        occurrences.positions(of: index, in: lexed).contains { other in
            other != index && importedModule(binding: other).map { module in
                catalogue.providers(importing: CompiledCatalogue.normalizeModule(module)).contains(provider)
            } == true
        }
    }

    /// The module an import statement binding the name at `index` reads from: `import { a, b as c } from "m"`,
    /// `const { a } = require("m")`, `from m import (a, b as c)`, `import m.n as c`, `import httpx`; nil when the
    /// name is not bound by an import.
    private func importedModule(binding index: Int) -> [UInt8]? {
        let tokens = lexed.tokens
        func isListPunctuation(_ cursor: Int) -> Bool {
            lexed.token(cursor, isPunctuation: Byte.comma) || lexed.token(cursor, is: "as")
                || tokens[cursor].kind == .identifier && !lexed.token(cursor, is: "from") && !lexed.token(cursor, is: "import")
        }
        switch lexed.language {
        case .javascript, .typescript:
            var cursor = index + 1
            while cursor < tokens.count, isListPunctuation(cursor) || lexed.token(cursor, isPunctuation: Byte.colon) {
                cursor += 1
            }
            if lexed.token(cursor, isPunctuation: Byte.closeBrace) { cursor += 1 }
            if lexed.token(cursor, is: "from"), cursor + 1 < tokens.count, tokens[cursor + 1].kind == .string {
                return Array(lexed.bytes[tokens[cursor + 1].start..<tokens[cursor + 1].end])
            }
            if lexed.token(cursor, isPunctuation: Byte.equals), lexed.token(cursor + 1, is: "require"),
               lexed.token(cursor + 2, isPunctuation: Byte.openParen), cursor + 3 < tokens.count,
               tokens[cursor + 3].kind == .string
            {
                return Array(lexed.bytes[tokens[cursor + 3].start..<tokens[cursor + 3].end])
            }
        case .python:
            return pythonImports.module(binding: index, in: lexed)
        case .elixir:
            // `alias OpenaiEx.Chat` binds `Chat`.
            let start = lexed.dottedNameStart(endingAt: index)
            guard lexed.token(start - 1, is: "alias"), tokens[start - 1].firstOnLine else { return nil }
            return Array((start...index).flatMap { lexed.bytes[tokens[$0].start..<tokens[$0].end] })
        default:
            break
        }
        return nil
    }

    /// Whether an Elixir call hands a model the machine runs its adapter (instructor's `adapter:
    /// Instructor.Adapters.Llamacpp`, an Ollama model): the call is made there, not to a paid API.
    private func handsLocalModel(call index: Int) -> Bool {
        guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 else { return false }
        return ((index + 2)..<lexed.partner[index + 1]).contains { cursor in
            lexed.tokens[cursor].kind == .identifier && Self.localModelAdapters.contains(lexed.text(cursor))
        }
    }

    /// Elixir modules of models the machine runs.
    private static let localModelAdapters: Set<String> = ["Llamacpp", "Ollama", "VLLM", "ChatOllamaAI", "ChatBumblebee", "Bumblebee"]

    private func isSymbol(_ index: Int, of provider: Int) -> Bool {
        let token = lexed.tokens[index]
        return catalogue.symbolEntries(lexed.bytes, token.start..<token.end)?.contains { $0.provider == provider } ?? false
    }

    /// `def create(`, `function create(`, `create(…) {` as a method declaration: not calls.
    private func isDefinition(_ index: Int) -> Bool {
        if lexed.token(index - 1, is: "def") || lexed.token(index - 1, is: "function") || lexed.token(index - 1, is: "func")
            || lexed.token(index - 1, is: "fn") || lexed.token(index - 1, is: "fun")
        {
            return true
        }
        // Ruby's class method, `def self.ask(question)`.
        if lexed.language == .ruby, lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "self"),
           lexed.token(index - 3, is: "def")
        {
            return true
        }
        let close = lexed.partner[index + 1]
        // A TypeScript method signature (`generateImage(input: Input): Promise<Image>;` in an interface or type),
        // which opens its line and declares its return type; a call in a ternary (`ok ? f(x) : g(y)`) does not open
        // its line.
        if lexed.language == .typescript, close > 0, lexed.tokens[index].firstOnLine, lexed.token(close + 1, isPunctuation: Byte.colon) {
            return true
        }
        guard close > 0, lexed.token(close + 1, isPunctuation: Byte.openBrace),
              let block = functionBlock(openedAt: close + 1)
        else { return false }
        return lexed.blocks[block].nameRange?.lowerBound == lexed.tokens[index].start
    }

    /// The function block whose opening brace is token `open` (the last one, should two share it), if any.
    private func functionBlock(openedAt open: Int) -> Int? {
        var low = 0
        var high = functionOpenings.count
        while low < high {
            let middle = (low + high) / 2
            if functionOpenings[middle].open <= open { low = middle + 1 } else { high = middle }
        }
        return low > 0 && functionOpenings[low - 1].open == open ? functionOpenings[low - 1].block : nil
    }

    /// Token indices of the member chain ending at `index`: `client.chat().completions().create` →
    /// `client`, `chat`, `completions`, `create`.
    /// The member chain a string names a member in, where it is the last (`openai["chat"]["completions"]["create"]`
    /// in JavaScript, `getattr(client.chat.completions, "create")` in Python) and the member is called: the
    /// tokens of the names, literal ones included. Nil for any other string, rejected on the two tokens after it.
    func literalMemberChain(endingAt index: Int) -> [Int]? {
        guard lexed.token(index + 2, isPunctuation: Byte.openParen) else { return nil }
        if lexed.language.isJavaScriptLike {
            guard lexed.token(index + 1, isPunctuation: Byte.closeBracket), lexed.token(index - 1, isPunctuation: Byte.openBracket)
            else { return nil }
            var chain = [index]
            var open = index - 1
            // Earlier literal subscripts: `["chat"]["completions"]`.
            while lexed.token(open - 1, isPunctuation: Byte.closeBracket), lexed.tokens.indices.contains(open - 2),
                  lexed.tokens[open - 2].kind == .string, lexed.token(open - 3, isPunctuation: Byte.openBracket)
            {
                chain.insert(open - 2, at: 0)
                open -= 3
            }
            guard open >= 1, lexed.tokens[open - 1].kind == .identifier else { return nil }
            return chainEnding(at: open - 1) + chain
        }
        if lexed.language == .python {
            guard lexed.token(index + 1, isPunctuation: Byte.closeParen), lexed.token(index - 1, isPunctuation: Byte.comma),
                  index >= 2, lexed.tokens[index - 2].kind == .identifier
            else { return nil }
            let object = chainEnding(at: index - 2)
            guard let first = object.first, lexed.token(first - 1, isPunctuation: Byte.openParen), lexed.token(first - 2, is: "getattr")
            else { return nil }
            return object + [index]
        }
        return nil
    }

    /// The calls of a name a paid method is taken into (JavaScript's `const embed = openai.embeddings.create.bind(…)`,
    /// Python's `create = OpenAI().chat.completions.create`): the bare calls of that name after the assignment, where
    /// the method is called. Empty when the method at `index` is not the whole value of an assignment to a plain name
    /// (a member, `self.create = …`, is not followed), or the name is never called. Asked only of a name ending a
    /// paid shape and not called in place.
    private func methodAliasCalls(ofMethodAt index: Int) -> [Int] {
        let tokens = lexed.tokens
        guard tokens[index].kind == .identifier else { return [] }
        var end = index
        // `.bind(receiver)` keeps the method.
        if lexed.language.isJavaScriptLike, lexed.token(index + 1, isPunctuation: Byte.dot), lexed.token(index + 2, is: "bind"),
           lexed.token(index + 3, isPunctuation: Byte.openParen), lexed.partner[index + 3] > index + 3
        {
            end = lexed.partner[index + 3]
        }
        // The value ends there: the statement ends, no member or call follows.
        if end + 1 < tokens.count, tokens[end + 1].line == tokens[end].line,
           !lexed.token(end + 1, isPunctuation: Byte.semicolon)
        {
            return []
        }
        let chain = chainEnding(at: index)
        let assign = chain[0] - 1
        guard chain.count >= 2, assign >= 1, lexed.token(assign, is: "="), tokens[assign - 1].kind == .identifier,
              !lexed.token(assign - 2, isPunctuation: Byte.dot), !lexed.token(assign - 2, is: "->")
        else { return [] }
        let name = tokens[assign - 1].start..<tokens[assign - 1].end
        var calls: [Int] = []
        var cursor = end + 1
        while cursor + 1 < tokens.count {
            defer { cursor += 1 }
            let token = tokens[cursor]
            guard token.kind == .identifier, token.end - token.start == name.count,
                  lexed.token(cursor + 1, isPunctuation: Byte.openParen),
                  lexed.bytes[token.start..<token.end].elementsEqual(lexed.bytes[name]),
                  !lexed.token(cursor - 1, isPunctuation: Byte.dot), !lexed.token(cursor - 1, is: "?."),
                  !lexed.token(cursor - 1, is: "->"), !isDefinition(cursor),
                  // A signature (`embed(x: string): void` in a type) or a method's definition (`embed(x) {`).
                  !lexed.token(lexed.partner[cursor + 1] + 1, isPunctuation: Byte.colon),
                  !lexed.token(lexed.partner[cursor + 1] + 1, isPunctuation: Byte.openBrace)
            else { continue }
            calls.append(cursor)
        }
        return calls
    }

    func chainEnding(at index: Int) -> [Int] {
        var chain = [index]
        var cursor = index - 1
        // Java's, Kotlin's and Elixir's `->` ends a lambda's parameters (`d -> client.chat(d)`, `fn d -> …`): no member access.
        let arrowsAccessMembers = lexed.language != .java && lexed.language != .kotlin && lexed.language != .elixir
        while cursor >= 1 {
            guard lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "?.")
                || (arrowsAccessMembers && lexed.token(cursor, is: "->")) || lexed.token(cursor, is: "::")
            else { break }
            var previous = cursor - 1
            if lexed.token(previous, isPunctuation: UInt8(ascii: "!")) { previous -= 1 }
            if lexed.token(previous, isPunctuation: Byte.closeParen) || lexed.token(previous, isPunctuation: Byte.closeBracket) {
                let partner = lexed.partner[previous]
                guard partner > 0 else { break }
                previous = partner - 1
            }
            guard previous >= 0, lexed.tokens[previous].kind == .identifier else { break }
            chain.insert(previous, at: 0)
            cursor = previous - 1
        }
        return chain
    }

    private func matches(_ shape: CompiledShape, _ chain: [Int]) -> Bool {
        let offset = chain.count - shape.segments.count
        for (position, segment) in shape.segments.enumerated() where !spells(chain[offset + position], segment) {
            return false
        }
        return true
    }

    /// Whether the token at `index` is `segment` (lowercased) in any case.
    private func spells(_ index: Int, _ segment: [UInt8]) -> Bool {
        let name = CompiledCatalogue.shapeNameRange(lexed.bytes, lexed.tokens[index])
        guard name.count == segment.count else { return false }
        var offset = 0
        while offset < segment.count {
            if Byte.lower(lexed.bytes[name.lowerBound + offset]) != segment[offset] { return false }
            offset += 1
        }
        return true
    }
}

/// The token positions of each identifier of a file by the hash of its name, built on the first question: a name's
/// bindings are then looked up among its own occurrences, not in a pass over every token.
final class NameOccurrences {
    private var table: [UInt64: [Int]]?

    /// The positions of the identifiers spelled like the one at `index`.
    func positions(of index: Int, in lexed: LexedSource) -> [Int] {
        let tokens = lexed.tokens
        if table == nil {
            var built: [UInt64: [Int]] = [:]
            for (position, token) in tokens.enumerated() where token.kind == .identifier {
                built[byteHash(lexed.bytes, token.start..<token.end, lowercased: false), default: []].append(position)
            }
            table = built
        }
        let name = lexed.bytes[tokens[index].start..<tokens[index].end]
        return (table?[byteHash(lexed.bytes, tokens[index].start..<tokens[index].end, lowercased: false)] ?? []).filter {
            lexed.bytes[tokens[$0].start..<tokens[$0].end].elementsEqual(name)
        }
    }

    private var scanned: [UInt64: [Int]] = [:]

    /// The same, for callers that ask of few names in most files (who made a receiver no call shape matched): each
    /// name is found by one pass comparing lengths and bytes, remembered, and no table of every identifier is built.
    func positionsScanning(of index: Int, in lexed: LexedSource) -> [Int] {
        if table != nil { return positions(of: index, in: lexed) }
        let tokens = lexed.tokens
        let range = tokens[index].start..<tokens[index].end
        let name = lexed.bytes[range]
        let hash = byteHash(lexed.bytes, range, lowercased: false)
        if let known = scanned[hash] {
            return known.filter { lexed.bytes[tokens[$0].start..<tokens[$0].end].elementsEqual(name) }
        }
        let length = range.count
        let first = lexed.bytes[range.lowerBound]
        var found: [Int] = []
        for (position, token) in tokens.enumerated() where token.kind == .identifier && token.end - token.start == length
            && lexed.bytes[token.start] == first && lexed.bytes[token.start..<token.end].elementsEqual(name)
        {
            found.append(position)
        }
        scanned[hash] = found
        return found
    }
}

/// A Python file's import statements, read on the first question, and the module each name they bind reads from,
/// tabled on the first question about a name (which most files never ask).
final class PythonImportTable {
    private var read: [PythonImport]?
    private var modules: [Int: [UInt8]]?

    /// The file's import statements.
    func statements(of lexed: LexedSource) -> [PythonImport] {
        if let read { return read }
        let statements = lexed.pythonImports()
        read = statements
        return statements
    }

    /// The module the name at `index` is bound to by an import: `m` for `b` and `c` of `from m import b as c`, `a.b`
    /// for `c` of `import a.b as c`, `a` for `a` of `import a.b` (which binds the package).
    func module(binding index: Int, in lexed: LexedSource) -> [UInt8]? {
        if let modules { return modules[index] }
        var table: [Int: [UInt8]] = [:]
        for statement in statements(of: lexed) {
            if let from = statement.from {
                let module = lexed.dottedBytes(from)
                for name in statement.names {
                    // The member's own token too: the symbol it names is the one the module exports.
                    table[name.path.lowerBound] = module
                    if let alias = name.alias { table[alias] = module }
                }
            } else {
                for name in statement.names {
                    if let alias = name.alias {
                        table[alias] = lexed.dottedBytes(name.path)
                    } else {
                        let first = lexed.tokens[name.path.lowerBound]
                        table[name.path.lowerBound] = Array(lexed.bytes[first.start..<first.end])
                    }
                }
            }
        }
        modules = table
        return table[index]
    }
}

/// Which paid calls each function of a file reaches, following calls to other functions of the file.
struct Reachability {
    let lexed: LexedSource
    let sites: [PaidCallSite]
    let functions: [UInt64: [Int]]
    /// The callbacks the file registers for events: they run when the event comes, not when the function that
    /// registers them is called (`func Router()` adding `r.POST("/chat", func(c *gin.Context) { … })`).
    private let registered: [ClosedRange<Int>]

    init(lexed: LexedSource, sites: [PaidCallSite], functions: [UInt64: [Int]]) {
        self.lexed = lexed
        self.sites = sites
        self.functions = functions
        registered = lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function && lexed.isRegisteredCallback($0) }
            .map { lexed.blocks[$0].openToken...lexed.blocks[$0].endToken }
    }

    func compute() -> [Int: PaidCallSite] {
        var result: [Int: PaidCallSite] = [:]
        var state: [Int: Bool] = [:]  // false: in progress, true: done
        for blocks in functions.values {
            for block in blocks { _ = visit(block, &result, &state) }
        }
        return result
    }

    private func visit(_ block: Int, _ result: inout [Int: PaidCallSite], _ state: inout [Int: Bool]) -> PaidCallSite? {
        if state[block] != nil { return result[block] }
        state[block] = false
        defer { state[block] = true }
        let range = lexed.blocks[block].openToken...lexed.blocks[block].endToken
        let inner = registered.filter { $0 != range && range.contains($0.lowerBound) }
        func isOwn(_ token: Int) -> Bool { range.contains(token) && !inner.contains { $0.contains(token) } }
        if let site = sites.first(where: { isOwn($0.token) }) {
            result[block] = site
            return site
        }
        for index in range where lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && (inner.isEmpty || isOwn(index))
        {
            let token = lexed.tokens[index]
            guard let callees = functions[byteHash(lexed.bytes, token.start..<token.end, lowercased: false)] else { continue }
            for callee in callees where callee != block {
                if let site = visit(callee, &result, &state) {
                    result[block] = site
                    return site
                }
            }
        }
        return nil
    }
}

/// Module paths a file imports, per language.
enum ImportScanner {
    /// `pythonImports`: a Python file's import statements, when the caller has read them already.
    static func modules(in lexed: LexedSource, pythonImports: [PythonImport]? = nil) -> [[UInt8]] {
        var modules: [[UInt8]] = []
        let tokens = lexed.tokens
        let bytes = lexed.bytes
        func slice(_ index: Int) -> [UInt8] { Array(bytes[tokens[index].start..<tokens[index].end]) }
        switch lexed.language {
        case .javascript, .typescript:
            for index in tokens.indices where tokens[index].kind == .string {
                if lexed.token(index - 1, is: "from") || lexed.token(index - 1, is: "import")
                    || (lexed.token(index - 1, isPunctuation: Byte.openParen)
                        && (lexed.token(index - 2, is: "require") || lexed.token(index - 2, is: "import")))
                {
                    modules.append(slice(index))
                }
            }
        case .ruby:
            for index in tokens.indices where tokens[index].kind == .string {
                var previous = index - 1
                if lexed.token(previous, isPunctuation: Byte.openParen) { previous -= 1 }
                if lexed.token(previous, is: "require") || lexed.token(previous, is: "gem") {
                    modules.append(slice(index))
                }
            }
        case .go:
            var index = 0
            while index < tokens.count {
                if lexed.token(index, is: "import") {
                    var cursor = index + 1
                    if lexed.token(cursor, isPunctuation: Byte.openParen) {
                        let end = lexed.partner[cursor] > 0 ? lexed.partner[cursor] : tokens.count
                        while cursor < end {
                            if tokens[cursor].kind == .string { modules.append(slice(cursor)) }
                            cursor += 1
                        }
                    } else {
                        if tokens.indices.contains(cursor), tokens[cursor].kind == .identifier { cursor += 1 }
                        if tokens.indices.contains(cursor), tokens[cursor].kind == .string { modules.append(slice(cursor)) }
                    }
                    index = cursor
                }
                index += 1
            }
        case .elixir:
            // `alias OpenaiEx.Chat`, `import Notes.AI`, `use Oban.Worker`, `require Logger`: the module named.
            for index in tokens.indices where tokens[index].firstOnLine && (lexed.token(index, is: "alias")
                || lexed.token(index, is: "import") || lexed.token(index, is: "use") || lexed.token(index, is: "require"))
            {
                var cursor = index + 1
                guard cursor < tokens.count, tokens[cursor].kind == .identifier else { continue }
                var module = slice(cursor)
                while lexed.token(cursor + 1, isPunctuation: Byte.dot), cursor + 2 < tokens.count, tokens[cursor + 2].kind == .identifier {
                    module += [Byte.dot] + slice(cursor + 2)
                    cursor += 2
                }
                modules.append(module)
            }
        case .python:
            for statement in pythonImports ?? lexed.pythonImports() {
                guard let from = statement.from else {
                    for name in statement.names { modules.append(lexed.dottedBytes(name.path)) }
                    continue
                }
                // `from a import b` may import the submodule `a.b`: both are named.
                let module = lexed.dottedBytes(from)
                modules.append(module)
                for name in statement.names {
                    modules.append(module.last == Byte.dot ? module + lexed.dottedBytes(name.path)
                        : module + [Byte.dot] + lexed.dottedBytes(name.path))
                }
            }
        case .java, .kotlin, .csharp, .rust, .swift, .php:
            for index in tokens.indices
            where lexed.token(index, is: "import") || lexed.token(index, is: "using") || lexed.token(index, is: "use")
            {
                var cursor = index + 1
                if lexed.token(cursor, is: "static") { cursor += 1 }
                var module: [UInt8] = []
                while cursor < tokens.count, tokens[cursor].line == tokens[index].line {
                    let token = tokens[cursor]
                    if token.kind == .identifier {
                        if lexed.token(cursor, is: "as") { break }
                        module += slice(cursor)
                    } else if lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "::")
                        || lexed.token(cursor, isPunctuation: Byte.backslash)
                    {
                        module.append(Byte.slash)
                    } else {
                        break
                    }
                    cursor += 1
                }
                if !module.isEmpty { modules.append(module) }
            }
        }
        return modules
    }
}

/// Shares one file's analysis between the detectors that read it.
final class AnalysisCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (catalogue: ObjectIdentifier, analysis: FileAnalysis)?

    func value(for catalogue: CompiledCatalogue, compute: () -> FileAnalysis) -> FileAnalysis {
        lock.lock()
        defer { lock.unlock() }
        if let stored, stored.catalogue == ObjectIdentifier(catalogue) { return stored.analysis }
        let analysis = compute()
        stored = (ObjectIdentifier(catalogue), analysis)
        return analysis
    }
}
