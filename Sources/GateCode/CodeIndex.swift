import Foundation
import GateCore

/// Recognises the leaves of reach: paid calls and guards. GateRules implements it from the provider catalogue
/// and its guard vocabulary, so this module holds no detector knowledge.
public protocol LeafRecognizer: Sendable {
    /// The paid calls a file makes.
    func paidLeaves(in lexed: LexedSource, path: String) -> [PaidLeaf]
    /// The paid calls a file makes, where the project's other files may configure its clients (a .NET typed client's
    /// base address is given where the class is registered).
    func paidLeaves(in lexed: LexedSource, path: String, code: CodeIndex) -> [PaidLeaf]
    /// Token indices that perform authentication, authorization or rate limiting.
    func guardTokens(in lexed: LexedSource) -> [Int]
    /// The provider whose client a type is (`OpenAI`, `AsyncAnthropic`, `OpenAI::Client`), if any.
    func clientProvider(ofType type: String) -> String?
    /// The paid calls a file makes when `provider`'s client is known to be in scope (passed to a constructor).
    func paidLeaves(in lexed: LexedSource, path: String, assuming provider: String) -> [PaidLeaf]
    /// A byte-level test, before lexing: false only when `paidLeaves(in:path:)` must find nothing in the file.
    func mayHavePaidLeaves(_ bytes: [UInt8]) -> Bool
    /// Whether a loop is a hand-written retry loop: its repetitions are retries of one call, not one call per item.
    func isRetryLoop(_ loop: Enclosure, in lexed: LexedSource) -> Bool
    /// Whether a function's name says it checks no caller whatever its body reads (`optionalAuth`, which verifies a
    /// token when one is sent and lets everyone through).
    func namesNoGuard(_ function: String) -> Bool
    /// The statements of `span` that read who is signed in into names the rest of `span` never checks
    /// (`const session = await auth(); return session?.user`): their guard tokens refuse nobody. `readers` name
    /// functions of the project read as such reads (`SymbolSummary.readsSession`).
    func uncheckedSessionReads(
        in lexed: LexedSource, within span: ClosedRange<Int>, guardTokens: [Int], readers: Set<String>
    ) -> [ClosedRange<Int>]
    /// Whether a method of that name may be a provider's paid call (`generateContent`, `create`): false rules it out.
    func mayNamePaidMethod(_ name: String) -> Bool
    /// Whether calling an object of the provider's is its paid call (DSPy's modules: `qa(question=q)`).
    func callsObjects(of provider: String) -> Bool
    /// Whether `method` is one of the provider's batch calls, one call for many inputs (LangChain's `batch`).
    func isBatchCall(_ method: String, of provider: String) -> Bool
    /// Whether a file builds `provider`, a model framework, only on models the machine runs (`dspy.LM("ollama_chat/…")`):
    /// its objects, used in another file, spend nothing. `index` reads the project modules the file imports models from.
    func buildsOnlyLocalModels(_ lexed: LexedSource, path: String, provider: String, index: CodeIndex) -> Bool
    /// The provider whose paid call `method` is on an object the method `maker` made (`query` after `engine =
    /// index.as_query_engine()`), if any.
    func paidMethod(_ method: String, ofObjectMadeBy maker: String) -> String?
    /// The provider, among those `modules` import, whose objects the method `maker` makes (`as_query_engine` of
    /// LlamaIndex's indexes), if any.
    func provider(ofObjectsMadeBy maker: String, importing modules: [String]) -> String?
    /// The provider a request to the absolute URL `url` is paid to, with the host and path as evidence
    /// (`api.openai.com/v1/chat/completions`); nil for a free path, a server on this machine, or any other host.
    func paidProvider(ofURL url: String) -> (provider: String, evidence: String)?
}

extension LeafRecognizer {
    /// Recognisers without a client vocabulary attribute nothing through constructors.
    public func clientProvider(ofType type: String) -> String? { nil }
    public func paidLeaves(in lexed: LexedSource, path: String, assuming provider: String) -> [PaidLeaf] { [] }
    public func paidLeaves(in lexed: LexedSource, path: String, code: CodeIndex) -> [PaidLeaf] { paidLeaves(in: lexed, path: path) }
    public func mayHavePaidLeaves(_ bytes: [UInt8]) -> Bool { true }
    public func isRetryLoop(_ loop: Enclosure, in lexed: LexedSource) -> Bool { false }
    public func namesNoGuard(_ function: String) -> Bool { false }
    public func uncheckedSessionReads(
        in lexed: LexedSource, within span: ClosedRange<Int>, guardTokens: [Int], readers: Set<String>
    ) -> [ClosedRange<Int>] {
        []
    }
    public func mayNamePaidMethod(_ name: String) -> Bool { true }
    public func callsObjects(of provider: String) -> Bool { false }
    public func isBatchCall(_ method: String, of provider: String) -> Bool { false }
    public func buildsOnlyLocalModels(_ lexed: LexedSource, path: String, provider: String, index: CodeIndex) -> Bool { false }
    public func paidMethod(_ method: String, ofObjectMadeBy maker: String) -> String? { nil }
    public func provider(ofObjectsMadeBy maker: String, importing modules: [String]) -> String? { nil }
    public func paidProvider(ofURL url: String) -> (provider: String, evidence: String)? { nil }
}

/// A function or method of the tree, by where it is defined.
public struct Symbol: Sendable, Hashable {
    public var path: String
    public var definition: Definition

    public init(path: String, definition: Definition) {
        self.path = path
        self.definition = definition
    }

    public var name: String { definition.name }
    /// `complete() lib/ai.ts:5`.
    public var label: String { "\(definition.name)() \(path):\(definition.line)" }
}

/// How a symbol reaches a paid call: the functions it goes through and the call at the end.
public struct PaidReach: Sendable, Hashable {
    public var provider: String
    /// The functions from the called symbol down to the one that makes the paid call.
    public var hops: [Symbol]
    /// The paid call itself (`openai.chat.completions.create`).
    public var leaf: String
    /// Why the paid call runs as background work, when it is reached by enqueuing a job.
    public var background: String?
    /// Whether the paid call sits in a loop or fan-out inside the chain.
    public var repeats: Bool

    public init(provider: String, hops: [Symbol], leaf: String, background: String?, repeats: Bool) {
        self.provider = provider
        self.hops = hops
        self.leaf = leaf
        self.background = background
        self.repeats = repeats
    }

    /// `complete() lib/ai.ts:5 → openai.chat.completions.create`.
    public var chain: String { (hops.map(\.label) + [leaf]).joined(separator: " → ") }

    /// The chain without line numbers (`complete() lib/ai.ts → openai.chat.completions.create`): what an
    /// approval signs, so moving the wrapper within its file keeps approvals.
    public var signature: String { (hops.map { "\($0.name)() \($0.path)" } + [leaf]).joined(separator: " → ") }
}

/// What is known about one symbol, computed once.
public struct SymbolSummary: Sendable {
    public var paid: PaidReach?
    /// Whether calling it authenticates, authorizes or rate-limits (itself or through what it calls).
    public var isGuard: Bool
    /// Whether it reads who is signed in and hands that back unchecked (`return session?.user`): its callers are
    /// guarded only where they check what it returns.
    public var readsSession = false

    public static let nothing = SymbolSummary(paid: nil, isGuard: false)
}

/// Where a call goes, as far as imports and receivers tell.
public struct CallResolution: Sendable {
    /// Every definition the call may run; more than one is ambiguous.
    public var targets: [Symbol]

    public var isAmbiguous: Bool { Set(targets.map(\.path)).count > 1 }
}

/// Counters the report's stats show.
public struct ReachStats: Sendable, Equatable {
    public var filesIndexed = 0
    public var depthLimitHits = 0
    /// Files whose calls were not resolved because nothing they import can reach a paid call.
    public var filesUnableToReachPaid = 0
}

/// A lazily built, memoised index of the head tree: facts per file, resolution of calls across files, and
/// per-symbol summaries (reaches a paid call and through what, is a guard). Detectors ask it; they never walk
/// the tree themselves. Safe to share between scan workers.
public final class CodeIndex: @unchecked Sendable {
    public let project: Project
    let recognizer: any LeafRecognizer
    /// How many calls deep a chain is followed; deeper chains are cut and counted in the stats.
    public let maxDepth: Int
    /// How many files one `importsMayReachPaid` question may read: past that (a barrel over a whole design
    /// system), the file is taken to reach one, so a small change in a large tree never reads it all.
    let importWalkLimit: Int
    /// Guards the caches below, and `importedClients` (ImportedClients.swift).
    let lock = NSLock()
    private var factsByPath: [String: FileFacts?] = [:]
    private var summaries: [SummaryKey: SymbolSummary] = [:]
    /// Symbols a chain reached with no budget left: the stats' `depthLimitHits` (a set, so two workers asking
    /// the same question count it once).
    private var cutByDepth: Set<Symbol> = []
    private var assumedLeaves: [String: [PaidLeaf]] = [:]
    /// What `importedClient` found, by file and name (under `lock`).
    var importedClients: [String: ImportedClient?] = [:]
    /// Module specifiers resolved to files, by importing directory (or file, where the language needs it): the
    /// files of a directory name the same few modules in hundreds of calls, and resolution probes the tree for
    /// every candidate path.
    /// Under a lock of its own, with each key hashed before it is taken: every import of every changed file asks,
    /// and the workers queued at the index's one lock while two strings were hashed under it.
    private var resolvedModules: [ModuleKey: [String]] = [:]
    private let moduleLock = NSLock()
    private var lexedFiles: [String: LexedSource?] = [:]
    /// Whether a file's functions may reach a paid call, by what it imports; see `importsMayReachPaid`.
    private var mayReachPaidByPath: [String: Bool] = [:]
    /// Top-level Python packages imported, by whether the tree has them (`app`, `services`) or not (`os`, `openai`).
    private var projectPythonPackages: [String: Bool] = [:]
    /// Files asked about whose imports reach no paid call, for the stats.
    private var unableToReachPaid: Set<String> = []
    /// The top-level definitions of a group of sibling files (a Swift target, a Go package, a Kotlin directory:
    /// a file and its `siblingFiles`), by name, by the group (`SiblingGroup`): a bare call resolves against them,
    /// a file makes thousands of bare calls, and a target's files all ask about the same group.
    private var siblingDefinitionsByGroup: [SiblingGroup: [String: [Symbol]]] = [:]
    /// Each asking file's group, so a bare call costs a lookup.
    private var siblingGroupByPath: [String: SiblingGroup?] = [:]
    private var counters = ReachStats()

    /// What the index recognises paid calls and guards by: detectors read the settings of the one they made it with.
    public var leafRecognizer: any LeafRecognizer { recognizer }

    public init(tree: any SourceTree, recognizer: any LeafRecognizer, maxDepth: Int = 6, importWalkLimit: Int = 400) {
        self.project = Project(tree: tree)
        self.recognizer = recognizer
        self.maxDepth = maxDepth
        self.importWalkLimit = importWalkLimit
    }

    public var stats: ReachStats {
        lock.withLock {
            var stats = counters
            stats.depthLimitHits = cutByDepth.count
            stats.filesUnableToReachPaid = unableToReachPaid.count
            return stats
        }
    }

    // MARK: Facts

    /// The facts of a tree file, read and extracted on first use.
    public func facts(of path: String) -> FileFacts? {
        if let known = lock.withLock({ factsByPath[path] }) { return known }
        guard let language = project.language(of: path), let bytes = project.contents(of: path) else {
            lock.withLock { factsByPath[path] = .some(nil) }
            return nil
        }
        // Remembered for the rest of the check: its guards are found now, so the facts do not keep the file's tokens
        // alive (on a tree of thousands of files, a third of the heap).
        let facts = extract(path: path, lexed: Lexer.lex(bytes, language: language), guardsNow: true)
        lock.withLock {
            if factsByPath[path] == nil { counters.filesIndexed += 1 }
            factsByPath[path] = facts
        }
        return facts
    }

    /// The facts of `path`: the caller's own file when it is that one, else the tree's.
    private func facts(of path: String, known: FileFacts?) -> FileFacts? {
        if let known, known.path == path { return known }
        return facts(of: path)
    }

    /// The facts of a file already lexed by the caller (a changed file). Not remembered: a change may add
    /// hundreds of thousands of lines, and only the files other calls resolve to are worth keeping.
    /// `leaves`, when the caller already found the file's paid calls, spares finding them again.
    public func facts(of path: String, lexed: LexedSource, leaves: [PaidLeaf]? = nil) -> FileFacts {
        if let known = lock.withLock({ factsByPath[path] }), let known { return known }
        return extract(path: path, lexed: lexed, leaves: leaves)
    }

    /// The facts of a file as it was before the change (lexed from its base bytes), never remembered and never the
    /// tree's own: what a call the change deletes resolved to, asked for a few deleted calls of a change.
    public func formerFacts(of path: String, lexed: LexedSource) -> FileFacts {
        extract(path: path, lexed: lexed)
    }

    private func extract(path: String, lexed: LexedSource, leaves: [PaidLeaf]? = nil, guardsNow: Bool = false) -> FileFacts {
        let recognizer = recognizer
        let find = { (definitions: [Definition]) in
            FileGuards.Found(tokens: recognizer.guardTokens(in: lexed), lexed: lexed, definitions: definitions) { span, own in
                recognizer.uncheckedSessionReads(in: lexed, within: span, guardTokens: own, readers: [])
            }
        }
        var found = leaves ?? recognizer.paidLeaves(in: lexed, path: path, code: self)
        if lexed.language == .java || lexed.language == .kotlin, !found.isEmpty, jvmModelsRunLocally(in: lexed) {
            found.removeAll { Self.jvmModelFrameworks.contains($0.provider) }
        }
        if lexed.language.isJavaScriptLike, found.contains(where: { Self.javaScriptModelFrameworks.contains($0.provider) }),
           javaScriptModelsRunLocally()
        {
            found.removeAll { Self.javaScriptModelFrameworks.contains($0.provider) }
        }
        if found.contains(where: { $0.provider == Self.semanticKernelFramework }), semanticKernelModelsRunLocally() {
            found.removeAll { $0.provider == Self.semanticKernelFramework }
        }
        if lexed.language == .csharp, found.contains(where: { $0.provider == Self.dotNetChatClientFramework }),
           dotNetChatClientsRunLocally()
        {
            found.removeAll { $0.provider == Self.dotNetChatClientFramework }
        }
        let facts = FactExtractor.extract(
            path: path, lexed: lexed, resolver: lexed.language.resolver, leaves: found, guards: FileGuards(finding: find),
            isRetryLoop: { recognizer.isRetryLoop($0, in: lexed) })
        if guardsNow { _ = facts.guardTokens }
        return facts
    }

    // MARK: Resolution

    /// The definitions a call may run: by the file's own definitions, its imports and the receiver's type,
    /// never by name alone across files.
    public func resolve(_ call: CallFact, in facts: FileFacts) -> CallResolution {
        let resolver = facts.language.resolver
        // Go: a method is found by its receiver's type (`this` too is only a receiver's name), an imported package's
        // function by the import (`llm.Complete()`).
        if facts.language == .go, let root = call.receiver.first,
           call.receiver.count > 1 || !facts.imports.contains(where: { $0.local == root })
        {
            return CallResolution(targets: goMethods(call.name, receiver: call.receiver, at: call.token, in: facts))
        }
        var (receiver, selfReceiver) = Self.receiver(of: call)
        // Rust reaches the value a lock, a reference or a future holds through calls that hand it on unchanged:
        // `llm.lock().await.summarize(…)` calls `summarize` on what `llm` holds.
        if facts.language == .rust, receiver.count > 1, receiver.dropFirst().contains(where: Self.rustPassThrough.contains) {
            receiver = [receiver[0]] + receiver.dropFirst().filter { !Self.rustPassThrough.contains($0) }
        }
        if receiver.isEmpty {
            let caller = facts.definition(enclosing: call.token)
            // A function of this file (for `self.x()`, a method of the caller's class).
            let implicitSelf = [.ruby, .elixir, .java, .kotlin, .csharp, .swift].contains(facts.language)
            // A call in a class but in no function the file defines (a C# expression-bodied member, `Task<string[]>
            // AllAsync(…) => Task.WhenAll(docs.Select(SummarizeAsync))`; a field's initialiser) is the class's.
            let callerContainer = caller.map(\.container)
                ?? (implicitSelf || selfReceiver ? facts.innermostContainer(enclosing: call.token)?.name : nil)
            let local = facts.definitions(named: call.name).filter { definition in
                guard definition.tokens != caller?.tokens else { return false }
                if selfReceiver { return definition.container == callerContainer }
                return definition.container == nil || (implicitSelf && definition.container == callerContainer)
            }
            if !local.isEmpty { return CallResolution(targets: local.map { Symbol(path: facts.path, definition: $0) }) }
            // A method of another part of a C# partial class (`CompleteAsync` in `ChatController.Model.cs`).
            if facts.language == .csharp, implicitSelf || selfReceiver, let container = callerContainer {
                let parts = csharpPartialParts(of: container, besides: facts.path)
                let found = parts.isEmpty ? [] : methods(call.name, ofType: container, files: parts.map(\.path))
                if !found.isEmpty { return CallResolution(targets: found) }
            }
            // `self.call_llm()`, or Ruby's implicit self: a method of a base class.
            if selfReceiver || facts.language.family == .ruby, let container = callerContainer {
                let inherited = inherited(method: call.name, ofClass: container, in: facts)
                if !inherited.isEmpty || selfReceiver { return CallResolution(targets: inherited) }
            }
            if let binding = facts.imports.first(where: { $0.local == call.name }) {
                let found = exported(binding.member ?? call.name, fromModule: binding.module, of: facts)
                // A class's method imported by name (`import static com.acme.ai.Llm.ask;`, then `ask(q)`).
                if found.isEmpty, facts.language == .java || facts.language == .kotlin, let member = binding.member {
                    let type = resolver.lastSegment(of: binding.module)
                    return CallResolution(targets: methods(member, ofType: type, files: modules(binding.module, of: facts)))
                }
                return CallResolution(targets: found)
            }
            // A function of a file pulled in whole (PHP's `require_once __DIR__ . '/lib/ai.php'`, Ruby's
            // `require_relative`, Elixir's `import Notes.AI`); JavaScript's `export * from` passes names on without
            // bringing them into scope.
            if !facts.reexports.isEmpty, facts.language == .php || facts.language.family == .ruby || facts.language == .elixir {
                let pulledIn = facts.reexports.flatMap { exported(call.name, fromModule: $0, of: facts) }
                if !pulledIn.isEmpty { return CallResolution(targets: pulledIn) }
            }
            // Python's `from app.llm import *` binds the module's public names here.
            if !facts.reexports.isEmpty, facts.language == .python {
                let starred = pythonStarImported(call.name, in: facts)
                if !starred.isEmpty { return CallResolution(targets: starred) }
            }
            let targets = siblingDefinitions(of: facts.path, resolver: resolver)[call.name] ?? []
            return CallResolution(targets: targets.filter { $0.path != facts.path })
        }
        // Elixir: a module's function, by the module's name (ElixirModules.swift).
        if facts.language == .elixir, let targets = elixirModuleFunctions(call.name, receiver: call.receiver, at: call.token, in: facts) {
            return CallResolution(targets: targets)
        }
        // Rust: a function called by its module path (`chat::client::complete(…)` under `mod chat;`,
        // `crate::llm::complete(…)`).
        if facts.language == .rust, let first = call.receiver.first, !FactExtractor.startsUppercase(first) {
            var module: [String]?
            if ["crate", "self", "super"].contains(first) {
                module = call.receiver
            } else if let binding = facts.imports.first(where: { $0.local == first }) {
                module = [binding.member.map { binding.module + "::" + $0 } ?? binding.module] + call.receiver.dropFirst()
            }
            if let module {
                let targets = exported(call.name, fromModule: module.joined(separator: "::"), of: facts)
                if !targets.isEmpty { return CallResolution(targets: targets) }
            }
        }
        // Django's `Document.objects.create(…)` saves a record through the model's `save()`.
        if !selfReceiver, facts.language == .python,
           let model = DjangoModelSignals.modelSaved(byManagerCall: call.name, receiver: receiver)
        {
            return CallResolution(targets: methods("save", ofType: model, from: facts))
        }
        // A record an ORM looks up (`AiRequest.objects.get(pk=pk).handle()`, `Chat.find(id).ask`) is its model's.
        if !selfReceiver, let model = ModelLookups.model(ofReceiver: receiver, language: facts.language) {
            return CallResolution(targets: methods(call.name, ofType: model, from: facts))
        }
        // Rust: a method called through a value's fields (`state.ai.chat(…)`, `self.client.complete(…)`).
        if facts.language == .rust, !receiver.isEmpty, receiver.count > 1 || selfReceiver || facts.typedNames[receiver[0]] == nil,
           let targets = rustFieldMethods(call, receiver: receiver, selfReceiver: selfReceiver, in: facts)
        {
            return CallResolution(targets: targets)
        }
        // A chain of more names is rooted at them all joined (`app.services.llm`), which only an import of a
        // dotted name binds and which is a type only when its first name is one: most chains are neither
        // (`prisma.user.findMany`), and only the receiver's declared type is left to find for them.
        // Ruby's `Summarizer.new.call`, `Llm::Tagger.new.tags_for(…)`: an instance method of the class made.
        let constructed = receiver.count > 1 && receiver[receiver.count - 1] == "new"
        // Python: a chain through an imported package's submodules (`from app import services`, then
        // `services.llm.ask()`, `llm` being the module that `services/__init__.py`'s `from . import llm` binds).
        if facts.language == .python, receiver.count > 1, !selfReceiver,
           let binding = facts.imports.first(where: { $0.local == receiver[0] })
        {
            let package = binding.member.flatMap { resolver.submodule(binding.module, member: $0) } ?? binding.module
            let module = ([package] + receiver.dropFirst()).joined(separator: ".")
            if !modules(module, of: facts).isEmpty {
                return CallResolution(targets: exported(call.name, fromModule: module, of: facts))
            }
        }
        if receiver.count > 1, !constructed, !facts.importsChainedNames,
           !FactExtractor.startsUppercase(Self.withoutNew(receiver[0]))
        {
            guard selfReceiver, let type = facts.typedNames[receiver[receiver.count - 1]] else {
                return CallResolution(targets: [])
            }
            return CallResolution(targets: methods(call.name, ofTypeOrResult: type, from: facts))
        }
        var root = receiver.count == 1 ? receiver[0] : receiver.joined(separator: resolver.memberSeparator)
        if constructed { root = receiver.dropLast().joined(separator: resolver.memberSeparator) }
        root = Self.withoutNew(root)
        if let binding = facts.imports.first(where: { $0.local == root }) {
            if binding.member == nil {
                let targets = exported(call.name, fromModule: binding.module, of: facts)
                // A CommonJS module's `module.exports = new Service()` is resolved below as its `exports` member.
                if !targets.isEmpty || !facts.language.isJavaScriptLike { return CallResolution(targets: targets) }
            }
            // `from app.services import llm` then `llm.complete()`: the member is a module.
            if let member = binding.member, let module = resolver.submodule(binding.module, member: member),
               !modules(module, of: facts).isEmpty
            {
                return CallResolution(targets: exported(call.name, fromModule: module, of: facts))
            }
            let files = modules(binding.module, of: facts)
            let declared = methods(call.name, ofType: binding.member ?? root, files: files, language: facts.language)
            // A whole CommonJS module (`const ai = require("./ai")`) is what it assigns to `module.exports`.
            let member = binding.member ?? (facts.language.isJavaScriptLike ? "exports" : nil)
            guard declared.isEmpty, let member else { return CallResolution(targets: declared) }
            // An instance the module exports: `export const aiService = new AIService()` then `aiService.chat(…)`,
            // `export default new AIService()`, `module.exports = new AIService()`, or an object of functions
            // (`export const provider = { async generate(…) { … } }`).
            return CallResolution(targets: files.flatMap { path -> [Symbol] in
                guard let module = self.facts(of: path) else { return [] }
                // A module the barrel passes on as a namespace (`export * as chat from "./chat"`): its function.
                if module.language.isJavaScriptLike {
                    let namespaced = namespaceFunctions(call.name, namespace: member, in: module)
                    if !namespaced.isEmpty { return namespaced }
                }
                // Typed as its class, or as an interface its literal implements (`gatewayProvider: ImageProvider = {…}`).
                if let type = module.typedNames[member] ?? (member == "default" ? module.typedNames["exports"] : nil) {
                    let typed = methods(call.name, ofTypeOrResult: type, from: module)
                    if !typed.isEmpty { return typed }
                }
                guard module.language.isJavaScriptLike, let lexed = lexedFile(path),
                      let literal = Self.objectLiteral(assignedTo: member, in: lexed)
                else { return [] }
                let inline = module.definitions.filter { $0.name == call.name && literal.contains($0.tokens.lowerBound) }
                // Or a property naming a function of the module: `export default { summarize }`, `run: runDigest`.
                guard inline.isEmpty, let function = Self.propertyFunctionName(call.name, in: literal, lexed: lexed) else {
                    return inline.map { Symbol(path: path, definition: $0) }
                }
                return module.definitions.filter { $0.container == nil && $0.name == function }.map { Symbol(path: path, definition: $0) }
            })
        }
        if receiver.count == 1, !selfReceiver, let type = facts.localType(of: root, at: call.token) {
            return CallResolution(targets: methods(call.name, ofType: type, from: facts))
        }
        if receiver.count <= 1 || selfReceiver, let type = facts.typedNames[receiver.last ?? root] {
            return CallResolution(targets: methods(call.name, ofTypeOrResult: type, from: facts))
        }
        if receiver.count == 2, !selfReceiver, FactExtractor.startsUppercase(receiver[0]),
           let targets = staticMemberMethods(call.name, type: receiver[0], member: receiver[1], from: facts)
        {
            return CallResolution(targets: targets)
        }
        if FactExtractor.startsUppercase(root) {
            return CallResolution(targets: methods(call.name, ofType: root, from: facts))
        }
        // DRF's `perform_create(self, serializer)`: `serializer.save()` saves through the view's `serializer_class`.
        if facts.language == .python, let type = djangoHandedInstanceType(of: call, in: facts) {
            return CallResolution(targets: methods(call.name, ofType: type, from: facts))
        }
        return CallResolution(targets: [])
    }

    /// The methods a call through a type's static member runs: `LLMService.shared.answer()` (Swift's `static let
    /// shared = LLMService()`), `Services.llm.answer()`, Java's `LlmService.getInstance().answer()`, Ruby's
    /// `LlmService.instance.answer`, C#'s `LlmService.Instance.Answer()`. The member is typed where the type is
    /// declared; a singleton's accessor that the declaration does not type is taken to hold the type itself. Nil when
    /// the member is neither (`Stripe.Customer.create`, a nested type, is left to the caller).
    private func staticMemberMethods(_ name: String, type: String, member: String, from facts: FileFacts) -> [Symbol]? {
        let resolver = facts.language.resolver
        let files = facts.containers.contains(where: { resolver.lastSegment(of: $0.name) == type }) ? [facts.path]
            : facts.imports.first(where: { $0.local == type }).map { modules($0.module, of: facts) }
            ?? resolver.files(forType: type, from: facts.path, project: project)
        for path in files {
            guard let declaring = self.facts(of: path),
                  declaring.containers.contains(where: { resolver.lastSegment(of: $0.name) == type }),
                  let held = declaring.typedNames[member] ?? declaring.typedNames[member + "()"]
            else { continue }
            return methods(name, ofTypeOrResult: held, from: declaring)
        }
        guard Self.singletonAccessors.contains(member) else { return nil }
        return methods(name, ofType: type, from: facts)
    }

    /// The names singletons are reached by across languages.
    private static let singletonAccessors: Set<String> = [
        "shared", "sharedInstance", "instance", "Instance", "INSTANCE", "getInstance", "get_instance", "current",
        "Current", "default", "Default",
    ]

    /// The tokens of the object literal a file assigns to `name` (`const provider: ImageProvider = { … }`); for
    /// "default", the one it exports so (`export default { … }`, `export default provider`).
    static func objectLiteral(assignedTo name: String, in lexed: LexedSource) -> ClosedRange<Int>? {
        if name == "default" {
            for index in lexed.tokens.indices where lexed.token(index, is: "default") && lexed.token(index - 1, is: "export") {
                if lexed.token(index + 1, isPunctuation: Byte.openBrace), lexed.partner[index + 1] > index + 1 {
                    return (index + 1)...lexed.partner[index + 1]
                }
                if lexed.isIdentifier(index + 1), !lexed.token(index + 1, is: "default"),
                   index + 2 >= lexed.tokens.count || lexed.token(index + 2, isPunctuation: Byte.semicolon)
                    || lexed.tokens[index + 2].line != lexed.tokens[index + 1].line
                {
                    return objectLiteral(assignedTo: lexed.text(index + 1), in: lexed)
                }
            }
            return nil
        }
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.text(index) == name {
            guard lexed.token(index - 1, is: "const") || lexed.token(index - 1, is: "let") || lexed.token(index - 1, is: "var") else { continue }
            var cursor = index + 1
            // Past a type annotation (`: ImageProvider`).
            while cursor < lexed.tokens.count, cursor < index + 12, !lexed.token(cursor, isPunctuation: Byte.equals) { cursor += 1 }
            guard lexed.token(cursor, isPunctuation: Byte.equals), lexed.token(cursor + 1, isPunctuation: Byte.openBrace),
                  lexed.partner[cursor + 1] > cursor + 1
            else { continue }
            return (cursor + 1)...lexed.partner[cursor + 1]
        }
        return nil
    }

    /// The function a property `name` of the object literal `literal` names: `summarize` of `{ summarize }`,
    /// `runDigest` of `{ run: runDigest }`. Nil for a property written otherwise, or none.
    static func propertyFunctionName(_ name: String, in literal: ClosedRange<Int>, lexed: LexedSource) -> String? {
        var cursor = literal.lowerBound + 1
        while cursor < literal.upperBound {
            if lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1; continue }
            if lexed.isIdentifier(cursor), lexed.text(cursor) == name,
               lexed.token(cursor - 1, isPunctuation: Byte.comma) || cursor - 1 == literal.lowerBound
            {
                if lexed.token(cursor + 1, isPunctuation: Byte.comma) || cursor + 1 == literal.upperBound { return name }
                if lexed.token(cursor + 1, isPunctuation: Byte.colon), lexed.isIdentifier(cursor + 2),
                   lexed.token(cursor + 3, isPunctuation: Byte.comma) || cursor + 3 == literal.upperBound
                {
                    return lexed.text(cursor + 2)
                }
            }
            cursor += 1
        }
        return nil
    }

    /// `Summarizer` for the root of `new Summarizer(…).run(…)`.
    private static func withoutNew(_ root: String) -> String {
        root.hasPrefix("new ") ? String(root.dropFirst(4)) : root
    }

    /// A call's receiver without the object itself (`self`, `this`), and whether it had it. PHP variables:
    /// `$llm->complete()` is the `llm` a parameter or property declared.
    /// Rust calls and fields that hand on the value they are called on: locks, references, clones, awaiting.
    private static let rustPassThrough: Set<String> = [
        "await", "lock", "read", "write", "unwrap", "expect", "clone", "as_ref", "as_mut", "borrow", "borrow_mut",
        "get_ref", "get_mut",
    ]

    static func receiver(of call: CallFact) -> (names: [String], selfReceiver: Bool) {
        var receiver = call.receiver
        if receiver.contains(where: { $0.utf8.first == UInt8(ascii: "$") }) {
            receiver = receiver.map { $0 != "$this" && $0.utf8.first == UInt8(ascii: "$") ? String($0.dropFirst()) : $0 }
        }
        let selfReceiver = receiver.first.map { FactExtractor.isReceiverWord($0) } ?? false
        if selfReceiver { receiver.removeFirst() }
        return (receiver, selfReceiver)
    }

    /// A module's files as the importing file's language resolves them.
    func modules(_ module: String, of facts: FileFacts) -> [String] {
        moduleFiles(module, importedBy: facts.path, scope: facts.moduleScope, language: facts.language)
    }

    /// The tree files a module specifier names, as the importing file's language resolves it.
    public func moduleFiles(_ module: String, importedBy path: String, language: SourceLanguage) -> [String] {
        moduleFiles(module, importedBy: path, scope: Self.moduleScope(of: path, language: language), language: language)
    }

    /// What module resolution depends on besides the specifier: the importing file's directory, or the file
    /// itself where the language resolves modules per file.
    static func moduleScope(of path: String, language: SourceLanguage) -> String {
        language.resolver.resolvesModulesPerFile ? path : RepoPath.directory(of: path)
    }

    private func moduleFiles(_ module: String, importedBy path: String, scope: String, language: SourceLanguage) -> [String] {
        let key = ModuleKey(importer: scope, module: module)
        if let known = moduleLock.withLock({ resolvedModules[key] }) { return known }
        let files = language.resolver.files(forModule: module, from: path, project: project)
        moduleLock.withLock { resolvedModules[key] = files }
        return files
    }

    /// What a lexed file imports: each name it binds and the module it comes from.
    public func importBindings(in lexed: LexedSource) -> [ImportBinding] { lexed.language.resolver.imports(in: lexed) }

    /// The files whose top-level names a Go file uses unqualified, as its own: the other files of its package (its
    /// directory), without the test files a build leaves out (a test file sees them all).
    public func goPackageSiblings(of path: String) -> [String] {
        let siblings = SourceLanguage.go.resolver.siblingFiles(of: path, project: project)
        return path.hasSuffix("_test.go") ? siblings : siblings.filter { !$0.hasSuffix("_test.go") }
    }

    /// A tree file lexed, once: files other files read constants from (a shared `config.ts` of endpoint URLs).
    public func lexedFile(_ path: String) -> LexedSource? {
        if let known = lock.withLock({ lexedFiles[path] }) { return known }
        let lexed = project.language(of: path).flatMap { language in
            project.contents(of: path).map { Lexer.lex($0, language: language) }
        }
        lock.withLock { lexedFiles[path] = .some(lexed) }
        return lexed
    }

    private struct ModuleKey: Hashable {
        let importer: String
        let module: String
        /// Computed once, where the key is made, outside the lock.
        private let hash: Int

        init(importer: String, module: String) {
            self.importer = importer
            self.module = module
            var hasher = Hasher()
            hasher.combine(importer)
            hasher.combine(module)
            hash = hasher.finalize()
        }

        static func == (left: ModuleKey, right: ModuleKey) -> Bool {
            left.hash == right.hash && left.importer == right.importer && left.module == right.module
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    /// The top-level functions named `name` of the module a JavaScript file exports as `namespace`
    /// (`export * as chat from "./chat"`, or `import * as chat from "./chat"` and `export { chat }`), found through
    /// up to three `export *` barrels.
    private func namespaceFunctions(_ name: String, namespace: String, in module: FileFacts, depth: Int = 0) -> [Symbol] {
        if let binding = module.imports.first(where: { $0.local == namespace && $0.member == nil }) {
            return exported(name, fromModule: binding.module, of: module)
        }
        guard depth < 3, !module.definitions.contains(where: { $0.name == namespace }) else { return [] }
        return module.reexports.flatMap { reexport in
            modules(reexport, of: module).flatMap { path -> [Symbol] in
                guard let barrel = facts(of: path) else { return [] }
                return namespaceFunctions(name, namespace: namespace, in: barrel, depth: depth + 1)
            }
        }
    }

    /// Top-level definitions named `name` exported by a module, following re-exports one level per hop.
    func exported(_ name: String, fromModule module: String, of facts: FileFacts, depth: Int = 0) -> [Symbol] {
        var result: [Symbol] = []
        for path in modules(module, of: facts) {
            guard let target = self.facts(of: path) else { continue }
            let found = name == "default" ? target.definitions.filter { $0.container == nil }.prefix(1).map { $0 }
                : target.definitions(named: name).filter { $0.container == nil || target.language.family != .cLike }
            if !found.isEmpty {
                result += found.map { Symbol(path: path, definition: $0) }
                continue
            }
            guard depth < 3 else { continue }
            // Re-exports: `export { complete } from "./ai"`, `from .ai import complete` in `__init__.py`.
            if let binding = target.imports.first(where: { $0.local == name }) {
                result += exported(binding.member ?? name, fromModule: binding.module, of: target, depth: depth + 1)
            } else {
                for module in target.reexports { result += exported(name, fromModule: module, of: target, depth: depth + 1) }
            }
        }
        return result
    }

    /// The top-level definitions of `path` and the files beside it that its bare calls may name, by name, in the
    /// order of the files (`path` among them: the caller leaves its own out) and of the definitions in each.
    private func siblingDefinitions(of path: String, resolver: any LanguageResolver) -> [String: [Symbol]] {
        let remembered = lock.withLock { () -> (group: SiblingGroup?, definitions: [String: [Symbol]]?)? in
            guard let group = siblingGroupByPath[path] else { return nil }
            return (group, group.flatMap { siblingDefinitionsByGroup[$0] })
        }
        if let remembered {
            if let definitions = remembered.definitions { return definitions }
            if remembered.group == nil { return [:] }
        }
        let siblings = resolver.siblingFiles(of: path, project: project)
        guard !siblings.isEmpty else {
            lock.withLock { siblingGroupByPath[path] = .some(nil) }
            return [:]
        }
        let group = SiblingGroup(path: path, siblings: siblings)
        lock.withLock { siblingGroupByPath[path] = group }
        if let known = lock.withLock({ siblingDefinitionsByGroup[group] }) { return known }
        var byName: [String: [Symbol]] = [:]
        for file in (siblings + [path]).sorted() {
            for definition in facts(of: file)?.definitions ?? [] where definition.container == nil {
                byName[definition.name, default: []].append(Symbol(path: file, definition: definition))
            }
        }
        lock.withLock { siblingDefinitionsByGroup[group] = byName }
        return byName
    }

    /// Methods named `name` of a type, found through the file's imports or the language's lookup rules. `depth`
    /// counts the base classes already climbed to get here (`inherited`).
    func methods(_ name: String, ofType type: String, from facts: FileFacts, depth: Int = 0) -> [Symbol] {
        let found = declaredMethods(name, ofType: type, from: facts, depth: depth)
        guard found.isEmpty, depth == 0, Self.injectsByInterface.contains(facts.language) || Self.injectsByToken(facts)
        else { return found }
        // An interface of the project declares the method without a body: the classes that implement it run it.
        // (A type of no project file, `String` or a library's, is never looked for.)
        let resolver = facts.language.resolver
        let bare = resolver.lastSegment(of: type)
        let typeFiles = facts.imports.first(where: { $0.local == bare || $0.local == type }).map { modules($0.module, of: facts) }
            ?? resolver.files(forType: type, from: facts.path, project: project)
        // C# declares types in files of any name: an interface named by its convention (`ILlmService`) is looked for.
        let conventionalInterface = facts.language == .csharp && bare.count > 2 && bare.hasPrefix("I")
            && bare.dropFirst().first?.isUppercase == true
        guard conventionalInterface || typeFiles.contains(where: { path in
            self.facts(of: path)?.containers.contains { resolver.lastSegment(of: $0.name) == bare } ?? false
        }) else { return [] }
        return implementations(of: bare, language: facts.language).flatMap { implementation in
            methods(name, ofType: implementation.type, files: [implementation.path], depth: depth + 1)
        }
    }

    private func declaredMethods(_ name: String, ofType type: String, from facts: FileFacts, depth: Int) -> [Symbol] {
        let resolver = facts.language.resolver
        let bare = resolver.lastSegment(of: type)
        if facts.language == .go { return methods(name, ofType: bare, files: goPackageFiles(ofType: type, from: facts), depth: depth) }
        if facts.containers.contains(where: { $0.name == type || $0.name == bare }) {
            return methods(name, ofType: bare, files: [facts.path], depth: depth)
        }
        if let binding = facts.imports.first(where: { $0.local == bare || $0.local == type }) {
            return methods(name, ofType: binding.member ?? bare, files: modules(binding.module, of: facts), language: facts.language, depth: depth)
        }
        let found = methods(name, ofType: bare, files: resolver.files(forType: type, from: facts.path, project: project), depth: depth)
        if !found.isEmpty { return found }
        // Files the caller pulls in wholesale (`require_relative`, `export *`) may define the type.
        return methods(name, ofType: bare, files: facts.reexports.flatMap { modules($0, of: facts) }, depth: depth)
    }

    /// Methods of a type imported from `files`: declared there, or, where `files` is a Python package that only
    /// re-exports the class of one of its modules (`from .llm import Analyzer`, `from app.services.llm import
    /// Analyzer` in `services/__init__.py`), in that module, followed one level; where they are JavaScript barrels
    /// (`export { Summarizer } from "./summarizer"`, `export * from "./summarizer"`), through up to three of them.
    private func methods(
        _ name: String, ofType type: String, files: [String], language: SourceLanguage, depth: Int = 0, barrels: Int = 0
    ) -> [Symbol] {
        if language.isJavaScriptLike {
            return files.flatMap { path -> [Symbol] in
                guard barrels < 3, let barrel = self.facts(of: path), !barrel.containers.contains(where: { $0.name == type })
                else { return methods(name, ofType: type, files: [path], depth: depth) }
                if let reexport = barrel.imports.first(where: { $0.local == type }) {
                    // `export { default as Summarizer } from "./summarizer"`: the class keeps its own name there.
                    let member = reexport.member.flatMap { $0 == "default" ? nil : $0 } ?? type
                    return methods(name, ofType: member, files: modules(reexport.module, of: barrel), language: language,
                                   depth: depth, barrels: barrels + 1)
                }
                // One class of that name is passed on (two would not compile): the first module defining it ends the search.
                for module in barrel.reexports {
                    let found = methods(
                        name, ofType: type, files: modules(module, of: barrel), language: language, depth: depth, barrels: barrels + 1)
                    if !found.isEmpty { return found }
                }
                return methods(name, ofType: type, files: [path], depth: depth)
            }
        }
        guard language == .python, files.count == 1, let package = self.facts(of: files[0]),
              !package.containers.contains(where: { $0.name == type }),
              let reexport = package.imports.first(where: { $0.local == type })
        else { return methods(name, ofType: type, files: files, depth: depth) }
        return methods(name, ofType: reexport.member ?? type, files: modules(reexport.module, of: package), depth: depth)
    }

    private func methods(_ name: String, ofType type: String, files: [String], depth: Int = 0) -> [Symbol] {
        var result: [Symbol] = []
        for path in files {
            guard let target = facts(of: path) else { continue }
            let bare = target.language.resolver.lastSegment(of: type)
            // The type itself, or the class that implements it (`class LlmService : ILlmService`). The type also when
            // the file does not declare it: a Go method's receiver names its type in any file of the package.
            let classes = Set(target.containers.filter { container in
                target.language.resolver.lastSegment(of: container.name) == bare
                    || container.superclass.map { target.language.resolver.lastSegment(of: $0) } == bare
            }.map { target.language.resolver.lastSegment(of: $0.name) } + [bare])
            let found = target.definitions.filter { definition in
                definition.name == name && definition.container.map { classes.contains(target.language.resolver.lastSegment(of: $0)) } == true
            }
            if !found.isEmpty {
                result += found.map { Symbol(path: path, definition: $0) }
            } else if let container = target.containers.first(where: { target.language.resolver.lastSegment(of: $0.name) == bare }) {
                let inherited = inherited(method: name, ofClass: container.name, in: target, depth: depth)
                result += inherited.isEmpty && target.language.family == .ruby
                    ? railsCallbacks(runBy: name, ofClass: container.name, in: target) : inherited
            }
            // A Django record's save or delete also runs its signals' receivers (DjangoModelSignals.swift); a base
            // class's receivers are not run for a subclass's records, so only the class itself is asked.
            if depth == 0, target.language == .python, DjangoModelSignals.signals(sentBy: name) != nil,
               target.containers.contains(where: { $0.name == bare })
            {
                result += djangoPersistenceHooks(runBy: name, ofClass: bare, in: target).filter { !result.contains($0) }
            }
        }
        return result
    }

    /// The callbacks an Active Record model runs when it is persisted (`after_create :fetch_answer`,
    /// `after_create_commit :enqueue_summary`): `Chat.create(…)` or `@chat.save` runs them, as the model declares.
    private func railsCallbacks(runBy method: String, ofClass container: String, in facts: FileFacts) -> [Symbol] {
        let name = method.hasSuffix("!") ? String(method.dropLast()) : method
        let events: [String]
        switch name {
        case "create": events = ["create", "save", "commit"]
        case "save": events = ["create", "update", "save", "commit"]
        case "update": events = ["update", "save", "commit"]
        default: return []
        }
        guard let lexed = lexedFile(facts.path),
              let span = facts.containers.first(where: { $0.name == container })?.tokens
        else { return [] }
        var callbacks: [String] = []
        for index in span where index < lexed.tokens.count && lexed.tokens[index].firstOnLine && lexed.tokens[index].kind == .identifier {
            let word = lexed.text(index)
            guard word.hasPrefix("after_") || word.hasPrefix("before_"),
                  events.contains(where: { word.contains($0) })
            else { continue }
            // The symbols up to the first option (`after_create_commit :summarize, :notify, if: :ready?`).
            var cursor = index + 1
            while cursor < lexed.tokens.count, lexed.tokens[cursor].line == lexed.tokens[index].line {
                let text = lexed.text(cursor)
                if text.hasPrefix(":"), text.count > 1 {
                    callbacks.append(String(text.dropFirst()))
                } else if lexed.token(cursor, isPunctuation: Byte.colon), lexed.isIdentifier(cursor + 1),
                          // A symbol's colon is written apart from what comes before it, against its name: `:summarize`,
                          // not an option's key (`if: :ready?`, whose colon ends the list of callbacks).
                          lexed.tokens[cursor].start > lexed.tokens[cursor - 1].end,
                          lexed.tokens[cursor + 1].start == lexed.tokens[cursor].end
                {
                    callbacks.append(lexed.text(cursor + 1))
                    cursor += 1
                } else if !lexed.token(cursor, isPunctuation: Byte.comma) {
                    break
                }
                cursor += 1
            }
        }
        return facts.definitions.filter { $0.container == container && callbacks.contains($0.name) }
            .map { Symbol(path: facts.path, definition: $0) }
    }

    // MARK: Go methods

    /// The methods a Go call on a receiver chain may run (`s.Summarize(…)`, `h.Summarizer.Summarize(…)`,
    /// `s.helper()` in a method of `s`): the chain's root typed by the method it is called in (its receiver) or by
    /// the file's typed names, each further name by the field of that type, the method by the last type. A name of
    /// unknown type resolves to nothing, never to a method of that name on any type.
    func goMethods(_ name: String, receiver: [String], at token: Int, in facts: FileFacts) -> [Symbol] {
        guard let root = receiver.first else { return [] }
        var type: String
        // The file whose imports qualify `type`: a field's type is written where its struct is declared, a
        // function's result where the function is.
        var scope = facts
        if facts.receiverNames.contains(root), let method = facts.definition(enclosing: token), method.receiver == root,
           let container = method.container
        {
            type = container
        } else if let typed = facts.typedNames[root] {
            if typed.hasSuffix("()") {
                guard let result = goResultType(ofFunction: String(typed.dropLast(2)), from: facts) else { return [] }
                (type, scope) = result
            } else {
                type = typed
            }
        } else if receiver.count == 2, facts.imports.contains(where: { $0.local == root }), FactExtractor.startsUppercase(receiver[1]) {
            // A type of another package named as the receiver: a handler value `httpx.AskHandler{…}` served by its
            // `ServeHTTP`, or a method expression `httpx.AskHandler.ServeHTTP`.
            return goMethods(name, ofType: root + "." + receiver[1], from: facts, embeddingDepth: 0)
        } else if receiver.count == 1, FactExtractor.startsUppercase(root) {
            type = root  // a type of this package named so: `AskHandler{…}`
        } else {
            return []
        }
        for field in receiver.dropFirst() {
            guard let declared = goFieldType(field, ofType: type, from: scope) else { return [] }
            (type, scope) = declared
        }
        return goMethods(name, ofType: type, from: scope, embeddingDepth: 0)
    }

    /// The methods `name` of a Go type: its own, or for an interface those of the types that satisfy it, or those
    /// promoted from the types it embeds (GoInterfaces.swift), two levels of embedding deep.
    private func goMethods(_ name: String, ofType type: String, from scope: FileFacts, embeddingDepth: Int) -> [Symbol] {
        let declared = methods(name, ofType: type, from: scope)
        if !declared.isEmpty { return declared }
        let satisfying = goInterfaceMethods(name, ofType: type, from: scope)
        if !satisfying.isEmpty || embeddingDepth >= 2 { return satisfying }
        for embedded in goEmbeddedTypes(ofType: type, from: scope) {
            let promoted = goMethods(name, ofType: embedded.type, from: embedded.scope, embeddingDepth: embeddingDepth + 1)
            if !promoted.isEmpty { return promoted }
        }
        return []
    }

    /// The type a package function returns (`ai.New` for `svc := ai.New(key)`), as its declaration writes it, with
    /// the facts of the file declaring it.
    private func goResultType(ofFunction function: String, from facts: FileFacts) -> (String, FileFacts)? {
        let bare = facts.language.resolver.lastSegment(of: function)
        for path in goPackageFiles(ofType: function, from: facts) {
            guard let declaring = self.facts(of: path, known: facts),
                  let definition = declaring.definitions(named: bare).first(where: { $0.container == nil }),
                  let lexed = lexedFile(path)
            else { continue }
            return FactExtractor.goResultType(lexed, definition: definition.tokens).map { ($0, declaring) }
        }
        return nil
    }

    /// The type of a struct's field as its declaration writes it, with the facts of the file declaring it.
    private func goFieldType(_ field: String, ofType type: String, from facts: FileFacts) -> (String, FileFacts)? {
        let bare = facts.language.resolver.lastSegment(of: type)
        for path in goPackageFiles(ofType: type, from: facts) {
            guard let declaring = self.facts(of: path, known: facts), declaring.containers.contains(where: { $0.name == bare })
            else { continue }
            return declaring.typedNames[field].map { ($0, declaring) }
        }
        return nil
    }

    /// The files of the package that declares a Go type as `facts` writes it: an imported package's for
    /// `llm.Summarizer`, the file's own package's for `Summarizer`.
    func goPackageFiles(ofType type: String, from facts: FileFacts) -> [String] {
        let utf8 = type.utf8
        if let dot = utf8.firstIndex(of: UInt8(ascii: ".")) {
            let package = type[..<dot]
            guard let binding = facts.imports.first(where: { $0.local == package }) else { return [] }
            return modules(binding.module, of: facts)
        }
        return [facts.path] + facts.language.resolver.siblingFiles(of: facts.path, project: project)
    }

    /// A method a class inherits from its mixins or base classes (bounded, for `self.call_llm()` defined in a
    /// base, or `summarize!` defined in an included concern). The bound is what ends a hierarchy that comes back
    /// to itself: Python's `class Session(Session)` over an imported base of the same name resolves to itself.
    func inherited(method name: String, ofClass className: String, in facts: FileFacts, depth: Int = 0) -> [Symbol] {
        guard depth < 4, let container = facts.containers.first(where: { $0.name == className }) else { return [] }
        // Ruby looks a method up in the included modules before the superclass.
        for mixin in container.mixins.reversed() {
            let found = methods(name, ofType: mixin, from: facts, depth: depth + 1)
            if !found.isEmpty { return found }
        }
        guard let superclass = container.superclass else { return [] }
        return methods(name, ofType: superclass, from: facts, depth: depth + 1)
    }

    // MARK: Summaries

    /// What a symbol reaches and whether it guards, following calls across files up to `maxDepth`.
    public func summary(of symbol: Symbol, known: FileFacts? = nil) -> SymbolSummary {
        summary(of: symbol, budget: maxDepth, known: known)
    }

    /// The summary of `symbol` when `budget` more calls may be followed below it (`maxDepth` at the top).
    ///
    /// A pure function of the symbol and the budget, whatever was asked before and on whichever worker: that is
    /// what makes it safe to remember, and what keeps a finding's chain (which an approval signs) the same from
    /// run to run. A summary cut by the depth bound or by a cycle is therefore remembered only under the
    /// budget it was computed with, and no path-dependent state (the callers being visited) enters it: a
    /// recursion is followed until the budget runs out, which bounds it as the depth bound does, and a chain
    /// coming back through the symbol is not taken as its own.
    private func summary(of symbol: Symbol, budget: Int, known: FileFacts?) -> SymbolSummary {
        let key = SummaryKey(symbol: symbol, budget: budget)
        if let remembered = lock.withLock({ summaries[key] }) { return remembered }
        guard let facts = facts(of: symbol.path, known: known) else { return .nothing }
        guard budget > 0 else {
            lock.withLock { _ = cutByDepth.insert(symbol) }
            return .nothing
        }
        // How many calls above this one the question started: guards count only within two calls of it.
        let depth = maxDepth - budget
        let span = symbol.definition.tokens
        // A Python function's nested `def`s run only when they are called (`@app.route` over one inside
        // `create_app()` registers it), and a callback registered for events only when they come (`func Router()`
        // adding `r.POST("/chat", func(c *gin.Context) { … })`): what they reach is not reached by calling the
        // enclosing function.
        let inner = facts.language == .python ? facts.definitions.map(\.tokens) : facts.registeredCallbacks
        let nested = inner.filter { $0 != span && span.contains($0.lowerBound) && span.contains($0.upperBound) }
        func isOwn(_ token: Int) -> Bool { span.contains(token) && !nested.contains { $0.contains(token) } }
        var paid: PaidReach?
        if let leaf = facts.paidLeaves.first(where: { isOwn($0.token) }) {
            paid = PaidReach(
                provider: leaf.provider, hops: [symbol], leaf: leaf.evidence, background: nil,
                repeats: facts.loopTokens.contains(leaf.token))
        }
        let namesNoGuard = recognizer.namesNoGuard(symbol.name)
        let body = judgeBody(of: symbol, facts: facts)
        var isGuard = !namesNoGuard && body.guards
        var readsSession = body.readsSession
        // Calls of functions that read the session, judged once all are known: guards where this one checks them.
        var readers: [CallFact] = []
        for call in facts.calls(in: span) where (paid == nil || !isGuard) && (nested.isEmpty || isOwn(call.token)) {
            if let work = WorkQueues.enqueued(call, in: facts, index: self), paid == nil {
                for handler in work.handlers {
                    if let reach = summary(of: handler, budget: budget - 1, known: known).paid, !reach.hops.contains(symbol) {
                        var enqueued = reach
                        enqueued.hops.insert(symbol, at: 0)
                        enqueued.background = enqueued.background ?? work.background
                        paid = enqueued
                        break
                    }
                }
                continue
            }
            let targets = resolve(call, in: facts).targets
            // A method of an interface the framework implements (a declarative HTTP client, an AI service) is the
            // paid call itself, as a leaf of this function is.
            if targets.isEmpty, paid == nil, !call.receiver.isEmpty, var reach = declarativeReach(of: call, in: facts) {
                reach.hops = [symbol]
                reach.repeats = FactExtractor.isInLoopFacts(facts, call: call)
                paid = reach
            }
            for target in targets where target != symbol {
                let callee = summary(of: target, budget: budget - 1, known: known)
                // A chain that comes back through this symbol (a recursion) is not a way this symbol reaches it.
                if paid == nil, var reach = callee.paid, !reach.hops.contains(symbol) {
                    reach.hops.insert(symbol, at: 0)
                    reach.repeats = reach.repeats || FactExtractor.isInLoopFacts(facts, call: call)
                    paid = reach
                }
                if callee.isGuard, depth < 2, !namesNoGuard { isGuard = true }
                if callee.readsSession, !callee.isGuard, depth < 2, !readers.contains(call) { readers.append(call) }
            }
        }
        if !isGuard, !readers.isEmpty, let lexed = lexedFile(symbol.path), span.upperBound < lexed.tokens.count {
            let unchecked = recognizer.uncheckedSessionReads(
                in: lexed, within: span, guardTokens: [], readers: Set(readers.map(\.name)))
            if readers.contains(where: { call in !unchecked.contains { $0.contains(call.token) } }) {
                isGuard = !namesNoGuard
            } else {
                readsSession = true
            }
        }
        // Spring runs an `@Async` method on an executor: whatever it reaches is background work to its callers.
        if !facts.backgroundMethods.isEmpty, paid != nil, paid?.background == nil,
           facts.backgroundMethods.contains(span.lowerBound)
        {
            paid?.background = "@Async"
        }
        let result = SymbolSummary(paid: paid, isGuard: isGuard, readsSession: readsSession)
        lock.withLock { summaries[key] = result }
        return result
    }

    /// Whether a symbol's own statement holds a guard token: one other than its own name, since a function of the
    /// project is judged by what it does (`requireUser()` that only logs guards nothing), and outside the session
    /// reads it never checks (`const session = await auth(); return session?.user` refuses nobody, and reads the
    /// session for its callers).
    /// What the symbol's own body says of guarding: judged with its file's guards, or, for a definition made up
    /// elsewhere, from the file's tokens.
    private func judgeBody(of symbol: Symbol, facts: FileFacts) -> BodyGuards {
        if let judged = facts.bodyGuards(of: symbol.definition) { return judged }
        guard facts.guardTokens.contains(where: symbol.definition.tokens.contains) else { return .none }
        guard let lexed = lexedFile(symbol.path) else { return BodyGuards(guards: true, readsSession: false) }
        return BodyGuards(of: symbol.definition, guardTokens: facts.guardTokens, lexed: lexed) { span, own in
            recognizer.uncheckedSessionReads(in: lexed, within: span, guardTokens: own, readers: [])
        } ?? .none
    }

    private struct SummaryKey: Hashable {
        var symbol: Symbol
        var budget: Int
    }

    /// What a call reaches: each target's summary, with the chain starting at the call's target. Remembered with
    /// the file's facts by what it depends on, as the same callee is called again and again.
    public func reach(of call: CallFact, in facts: FileFacts) -> CallReach {
        // What the reach depends on besides the file: the callee's names and, for a call with no receiver but the
        // object itself or on a name Go methods of the file give their receivers (`s.run()` in methods of two types),
        // the function it is made in (its class, and that it does not call itself). Not remembered
        // when the call's own place matters (a queue worker's processor is registered at that token, and the
        // handlers of enqueued work are resolved from it) or when it was made up elsewhere (no fingerprint).
        guard call.callee != 0, facts.processors.isEmpty || facts.processors[call.token] == nil,
              facts.enqueuedLambdas.isEmpty || facts.enqueuedLambdas[call.token] == nil, !WorkQueues.mayEnqueue(call.name)
        else { return computeReach(of: call, in: facts) }
        var key = CalleeFingerprint()
        var caller: ClosedRange<Int>?
        if call.receiver.isEmpty || (call.receiver.count == 1 && Self.receiver(of: call).names.isEmpty)
            || (!facts.receiverNames.isEmpty && facts.receiverNames.contains(call.receiver[0]))
            || (call.receiver.count == 1 && !facts.localTypes.isEmpty && facts.hasLocalType(call.receiver[0]))
        {
            caller = facts.definition(enclosing: call.token)?.tokens
            if let caller { key.add(caller) }
        }
        let fingerprint = call.callee ^ key.value
        if let known = facts.reaches.reach(of: call, caller: caller, key: fingerprint) { return known }
        let reach = computeReach(of: call, in: facts)
        facts.reaches.remember(reach, of: call, caller: caller, key: fingerprint)
        return reach
    }

    private func computeReach(of call: CallFact, in facts: FileFacts) -> CallReach {
        if let work = WorkQueues.enqueued(call, in: facts, index: self) {
            for handler in work.handlers {
                if var reach = summary(of: handler, known: facts).paid {
                    reach.background = reach.background ?? work.background
                    return CallReach(targets: work.handlers, paid: [reach], isGuard: false)
                }
            }
            return CallReach(targets: work.handlers, paid: [], isGuard: false)
        }
        let targets = resolve(call, in: facts).targets
        let summaries = targets.map { summary(of: $0, known: facts) }
        var paid = summaries.compactMap(\.paid)
        if paid.isEmpty, !call.receiver.isEmpty {
            paid = targets.compactMap { injectedReach(of: $0, receiver: call.receiver.last, calledFrom: facts) }
            if targets.isEmpty, let reach = importedClientReach(of: call, in: facts) ?? declarativeReach(of: call, in: facts) {
                paid = [reach]
            }
        } else if paid.isEmpty, targets.isEmpty, let reach = importedObjectCallReach(of: call, in: facts) {
            paid = [reach]
        }
        return CallReach(
            targets: targets, paid: paid, isGuard: summaries.contains { $0.isGuard },
            runsEveryTarget: !paid.isEmpty && runsDjangoHooks(call, targets: targets, in: facts),
            readsSession: summaries.contains { $0.readsSession })
    }

    /// Whether the tree has a top-level Python package or module `top` (at the root, in src/ or in app/, or under
    /// another source root): asked of every import of every changed Python file, so answered once per name.
    func isProjectPythonPackage(_ top: String) -> Bool {
        if let known = lock.withLock({ projectPythonPackages[top] }) { return known }
        var found = ["", "src/", "app/"].contains { root in
            project.exists(root + top + ".py") || project.exists(root + top + "/__init__.py")
                || project.hasFiles(inDirectory: root + top) || project.hasFiles(under: root + top, endingWith: ".py")
        }
        // The resolver's last resort, a module under another source root (`summarize/llm.py` beside the Lambda
        // handler that imports `llm`): the one file of the tree so named, found by its name in one lookup.
        if !found { found = project.paths(endingWith: "/" + top + ".py").count == 1 }
        // Or a package there (`backend/app/services/llm.py` for `app.services.llm`, a `vendor/llmkit/` put on
        // `sys.path`): some directory of Python files has its name. The resolver then finds the module's one file.
        if !found { found = pythonDirectoryNames().contains(Substring(top)) }
        lock.withLock { projectPythonPackages[top] = found }
        return found
    }

    /// The names of the directories that hold Python files, at any depth (a namespace package needs no
    /// `__init__.py`): read from the tree's paths once.
    private func pythonDirectoryNames() -> Set<Substring> {
        project.configuration("python-directory-names") {
            // Each directory once: a package's many modules share theirs.
            var directories = Set<Substring>()
            for path in project.paths where path.hasSuffix(".py") {
                guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { continue }
                directories.insert(path[..<slash])
            }
            var names = Set<Substring>()
            for directory in directories { names.formUnion(directory.split(separator: "/")) }
            return names
        }
    }

    // MARK: Files that cannot reach a paid call

    /// Whether a call of a file may reach a paid call defined in another file; nil when the file's language
    /// reads its imports from tokens and `lexed` is not given. JavaScript, TypeScript and Python resolve calls
    /// across files only through imports, re-exports and imported submodules (their resolvers have no sibling
    /// files and no lookup by type name), so when nothing a file imports, followed import by import, may make
    /// a paid call, none of its calls can reach one and its facts need not be extracted: most files of a large
    /// change are of that kind. Other languages reach files without imports, so they always may.
    public func importsMayReachPaid(path: String, language: SourceLanguage, bytes: [UInt8], lexed: LexedSource?) -> Bool? {
        guard language.resolver.resolvesOnlyThroughImports else { return true }
        // A notebook imports in its code cells.
        let bytes = EmbeddedCode.code(of: bytes, language: language)
        // Work enqueued by name (`enqueue_job("summarize")`) reaches a function the file does not import.
        if language == .python, Self.enqueuesByName(bytes) { return true }
        // A client an app keeps on its state (`request.app.state.llm`) is made in another file, which no import names.
        if language == .python, Self.readsAppState(bytes), !pythonAppStateClients().isEmpty {
            return true
        }
        // A service injected by a token as an interface (NestJS's `@Inject(LLM) private llm: LlmProvider`) is the
        // class the module provides for it, which the file does not import.
        if language == .typescript, injectsByTokenInProject(), ByteSearch.containsFolded(bytes, Self.injectDecorator) { return true }
        // So does work started through a job platform (a task's id, an event's name, a queue's name).
        // (The registry first: in a project without those platforms, it is empty after reading its package.json.)
        if language.isJavaScriptLike, !JavaScriptJobPlatforms.registry(of: self).isEmpty, JavaScriptJobPlatforms.mayStartWork(bytes) {
            return true
        }
        var walk = ImportWalk(visiting: [path], budget: importWalkLimit)
        var mayReach = false
        let read = forEachImportedFile(of: path, language: language, bytes: bytes, lexed: lexed) { file in
            mayReach = mayReachPaid(file: file, walk: &walk).mayReach
            return !mayReach
        }
        guard read else { return nil }
        // Saving a Django record runs its signals' receivers, which no caller imports.
        if !mayReach, language == .python, DjangoModelSignals.mayPersistRecords.matches(bytes), djangoReceiversMayReachPaid() {
            mayReach = true
        }
        if !mayReach { lock.withLock { _ = unableToReachPaid.insert(path) } }
        return mayReach
    }

    /// The calls above, and a Celery beat schedule, which names its tasks (`"task": "app.tasks.x"`, a `PeriodicTask`'s
    /// `task=`).
    private static let enqueueByNameCalls = WorkQueues.byNameFunctions.sorted().map { Array(($0 + "(").utf8) }
        + [Array(WorkQueues.celeryBeatSchedule.utf8), Array("PeriodicTask".utf8)]

    /// Whether a Python file's bytes enqueue work by name (`enqueue_job("summarize")`, `send_task("tasks.x")`, a
    /// Celery `beat_schedule` or `PeriodicTask`).
    static func enqueuesByName(_ bytes: [UInt8]) -> Bool {
        enqueueByNameCalls.contains { ByteSearch.containsFolded(bytes, $0) }
    }

    /// Visits the files of each distinct module a file imports, re-exports or imports submodules of, in order,
    /// while `visit` returns true: the modules read from the bytes where the language allows, else from the
    /// tokens; false, having visited nothing, when only the tokens tell and `lexed` is not given. Modules are
    /// read and resolved one at a time: the walk usually stops at the first file that may reach a paid call,
    /// and what comes after it (the rest of the file's bytes, most of a component's imports) is never read.
    private func forEachImportedFile(
        of path: String, language: SourceLanguage, bytes: [UInt8], lexed: LexedSource?, _ visit: (String) -> Bool
    ) -> Bool {
        let resolver = language.resolver
        let scope = Self.moduleScope(of: path, language: language)
        var seen = Set<String>()
        func visitFiles(ofModule module: String) -> Bool {
            guard seen.insert(module).inserted else { return true }
            for file in moduleFiles(module, importedBy: path, scope: scope, language: language) where !visit(file) {
                return false
            }
            return true
        }
        // Files whose exports it uses without importing them (Nuxt's `server/utils`).
        for file in resolver.siblingFiles(of: path, project: project) where !visit(file) { return true }
        if resolver.visitImportedModules(inBytes: bytes, visitFiles) { return true }
        guard let lexed else { return false }
        var modules = resolver.reexports(in: lexed)
        for binding in resolver.imports(in: lexed) {
            modules.append(binding.module)
            if let member = binding.member, let module = resolver.submodule(binding.module, member: member) {
                modules.append(module)
            }
        }
        for module in modules where !visitFiles(ofModule: module) { break }
        return true
    }

    /// Whether a tree file may make a paid call or import one that may, transitively (`mayReachPaid`, as a question
    /// of its own).
    func fileMayReachPaid(_ path: String) -> Bool {
        var walk = ImportWalk(visiting: [], budget: importWalkLimit)
        return mayReachPaid(file: path, walk: &walk).mayReach
    }

    /// One question's walk over imports: the files on the current path, and how many more it may read.
    private struct ImportWalk {
        var visiting: Set<String>
        var budget: Int
    }

    /// Whether a tree file may make a paid call or import one that may, transitively. `complete` is false when
    /// the answer leaned on a file still being visited (an import cycle) or on the walk's budget running out:
    /// such an answer is not remembered, as the cycle's other files, or a walk with budget left, may answer
    /// otherwise. Without budget a file is taken to reach one.
    private func mayReachPaid(file path: String, walk: inout ImportWalk) -> (mayReach: Bool, complete: Bool) {
        if let known = lock.withLock({ mayReachPaidByPath[path] }) { return (known, true) }
        guard walk.visiting.insert(path).inserted else { return (false, false) }
        defer { walk.visiting.remove(path) }
        guard walk.budget > 0 else { return (true, false) }
        walk.budget -= 1
        var answer = false
        var complete = true
        // A path that is no text file of the tree has no facts, so nothing resolves into it.
        if let language = project.language(of: path), let bytes = project.contents(of: path) {
            if !language.resolver.resolvesOnlyThroughImports || recognizer.mayHavePaidLeaves(bytes) {
                answer = true
            } else {
                func visit(_ imported: String) -> Bool {
                    let found = mayReachPaid(file: imported, walk: &walk)
                    if found.mayReach {
                        (answer, complete) = (true, found.complete)
                        return false
                    }
                    complete = complete && found.complete
                    return true
                }
                if !forEachImportedFile(of: path, language: language, bytes: bytes, lexed: nil, visit) {
                    _ = forEachImportedFile(
                        of: path, language: language, bytes: bytes, lexed: Lexer.lex(bytes, language: language), visit)
                }
            }
        }
        if complete { lock.withLock { mayReachPaidByPath[path] = answer } }
        return (answer, complete)
    }

    // MARK: Clients passed to constructors

    /// A method that calls a client its object was constructed with, where the construction passes a known
    /// client (`new Summarizer(new OpenAI())` with `this.client.responses.create(…)` in `summarize`): the
    /// method's file alone cannot tell whose client `this.client` is.
    func injectedReach(of target: Symbol, receiver: String?, calledFrom caller: FileFacts) -> PaidReach? {
        guard let type = target.definition.container, let targetFacts = facts(of: target.path, known: caller),
              let parameters = targetFacts.constructorParameters[type], !parameters.isEmpty
        else { return nil }
        let bare = targetFacts.language.resolver.lastSegment(of: type)
        // Constructed where it is called, or where the class is defined (`export const summarizer = new …`), or by a
        // subclass the caller imports, handing the client to `super` (`super().__init__(llm=ChatOpenAI())`).
        var sites = [caller, targetFacts]
        if !caller.imports.isEmpty {
            for module in Set(caller.imports.map(\.module)) {
                for path in modules(module, of: caller) where path != targetFacts.path && path != caller.path {
                    if let imported = facts(of: path), imported.constructions[bare] != nil,
                       imported.containers.contains(where: { $0.superclass.map(targetFacts.language.resolver.lastSegment(of:)) == bare })
                    {
                        sites.append(imported)
                    }
                }
            }
        }
        for site in sites {
            // The receiver's own construction when the file has one (`a = new Summarizer(new OpenAI())` for
            // `a.run()`, not `b = new Summarizer(new Formatter())`); else any, as for `new Summarizer(…).run()`.
            let all = site.constructions[bare] ?? []
            let own = all.filter { $0.assignedTo != nil && $0.assignedTo == receiver }
            for construction in own.isEmpty ? all : own {
                for argument in construction.arguments {
                    let type = argument.constructs ? argument.value : site.typedNames[argument.value]
                    guard let type, let provider = recognizer.clientProvider(ofType: type) else { continue }
                    let parameter = argument.keyword ?? (argument.position < parameters.count ? parameters[argument.position] : nil)
                    guard let parameter else { continue }
                    let leaves = assumedPaidLeaves(in: target.path, provider: provider)
                    for leaf in leaves where target.definition.tokens.contains(leaf.token) {
                        // The leaf's token is where its chain starts (`this`); its call is the chain's last name.
                        guard let call = targetFacts.calls.first(where: { $0.line == leaf.line && $0.token >= leaf.token })
                        else { continue }
                        var receiver = call.receiver
                        if let first = receiver.first, FactExtractor.isReceiverWord(first) { receiver.removeFirst() }
                        guard receiver.first == parameter || receiver.first == "@" + parameter else { continue }
                        // No line number: the leaf is part of the signature approvals keep when code moves.
                        return PaidReach(
                            provider: provider, hops: [target],
                            leaf: "\(leaf.evidence) (\(type) passed to \(bare) in \(site.path))",
                            background: nil, repeats: targetFacts.loopTokens.contains(call.token))
                    }
                }
            }
        }
        return nil
    }

    /// A file's paid calls with a provider's client assumed in scope, found once per file and provider.
    func assumedPaidLeaves(in path: String, provider: String) -> [PaidLeaf] {
        let key = provider + "\u{0}" + path
        if let known = lock.withLock({ assumedLeaves[key] }) { return known }
        var leaves: [PaidLeaf] = []
        if let language = project.language(of: path), let bytes = project.contents(of: path) {
            leaves = recognizer.paidLeaves(in: Lexer.lex(bytes, language: language), path: path, assuming: provider)
        }
        lock.withLock { assumedLeaves[key] = leaves }
        return leaves
    }
}

/// What one call site reaches.
public struct CallReach: Sendable {
    public var targets: [Symbol]
    /// The paid chains of the targets that reach a paid call.
    public var paid: [PaidReach]
    public var isGuard: Bool
    /// The targets all run, one after another (a Django record's `save()` and its signals' receivers), rather than
    /// being the candidates for one callee.
    public var runsEveryTarget = false
    /// A target reads who is signed in and hands that back unchecked (`SymbolSummary.readsSession`).
    public var readsSession = false

    /// More than one file could be the callee and at least one of them spends money.
    public var isAmbiguous: Bool { !runsEveryTarget && !paid.isEmpty && Set(targets.map(\.path)).count > 1 }
}

extension FactExtractor {
    /// Whether a call sits inside a loop or fan-out of its file.
    static func isInLoopFacts(_ facts: FileFacts, call: CallFact) -> Bool { facts.loopTokens.contains(call.token) }
}

/// A file and its sibling files, told apart by their first and last paths and their number: sibling files come
/// from one sorted listing (a directory, a target), so two files with the same three have the same group.
private struct SiblingGroup: Hashable {
    let first: String
    let last: String
    let count: Int

    init(path: String, siblings: [String]) {
        first = min(path, siblings.min() ?? path)
        last = max(path, siblings.max() ?? path)
        count = siblings.count + (siblings.contains(path) ? 0 : 1)
    }
}
