import Foundation
import GateCore

/// A function or method a file defines.
public struct Definition: Sendable, Hashable {
    public var name: String
    /// The class, module or object it is defined in, when it has one; for a Go method, its receiver's type.
    public var container: String?
    public var line: Int
    /// Token span of its statement: decorators and header through its last token.
    public var tokens: ClosedRange<Int>
    /// The name a Go method's body calls its receiver by (`s` in `func (s *Summarizer) Summarize(`).
    public var receiver: String? = nil
}

/// A call the code makes: the callee's name and the member chain in front of it.
public struct CallFact: Sendable, Hashable {
    public var name: String
    /// The member chain before the name, outermost first: `this.llm.complete(` has `["this", "llm"]`.
    public var receiver: [String]
    public var token: Int
    public var line: Int
    public var column: Int
    /// The first argument when it is a name (`enqueue(summarize, …)`) or a construction (`new SummarizeJob`); for RQ's
    /// `enqueue_in(delta, summarize, …)` and `enqueue_at(when, …)`, the argument after the time.
    public var firstArgument: String?
    /// A fingerprint of the name and the receiver, taken from their bytes when the file's calls are extracted
    /// (0 for calls made up elsewhere): the same callee called again is found by it without hashing strings.
    public var callee: UInt64

    public init(
        name: String, receiver: [String], token: Int, line: Int, column: Int, firstArgument: String?, callee: UInt64 = 0
    ) {
        self.name = name
        self.receiver = receiver
        self.token = token
        self.line = line
        self.column = column
        self.firstArgument = firstArgument
        self.callee = callee
    }
}

/// A construction with arguments (`new Summarizer(new OpenAI())`, `Summarizer(client=Anthropic())`,
/// `Summarizer.new(client: OpenAI::Client.new)`): a known client passed in attributes the object's calls. Kept
/// beside the calls, not in each: few calls construct, and every indexed file's calls stay in memory.
public struct Construction: Sendable, Hashable {
    public var arguments: [CallArgument]
    /// The name it is assigned to (`summarizer` in `const summarizer = new Summarizer(…)`).
    public var assignedTo: String?
}

/// One argument of a construction: `new OpenAI()` or `OpenAI()` as `OpenAI`, a name as itself, with its
/// keyword (`client=`) when it has one.
public struct CallArgument: Sendable, Hashable {
    public var position: Int
    public var keyword: String?
    public var value: String
    /// The argument constructs its value (`new OpenAI()`), rather than naming a variable.
    public var constructs: Bool
}

/// A name an import statement binds in a file.
public struct ImportBinding: Sendable, Hashable {
    /// The name code uses (`complete`, `ai`, `llm`).
    public var local: String
    /// The module as written (`./lib/ai`, `app.services.llm`, `github.com/acme/app/llm`).
    public var module: String
    /// The imported member (`complete`, `default`), or nil when the binding names the module itself.
    public var member: String?
}

/// A class, module, struct or object a file defines.
public struct ContainerFact: Sendable, Hashable {
    public var name: String
    /// The base class (or first conformance), as written.
    public var superclass: String?
    public var line: Int
    public var tokens: ClosedRange<Int>
    /// Modules mixed in at class level (Ruby `include Authentication`): their methods and class-level
    /// declarations (`included do before_action … end`) are the class's own.
    public var mixins: [String] = []
    /// The line of each mixin's `include`, in the same order.
    public var mixinLines: [Int] = []
}

/// A paid call a file makes, as the caller's recogniser described it.
public struct PaidLeaf: Sendable, Hashable {
    public var token: Int
    public var line: Int
    public var provider: String
    /// The call chain (`openai.chat.completions.create`) or the host.
    public var evidence: String

    public init(token: Int, line: Int, provider: String, evidence: String) {
        self.token = token
        self.line = line
        self.provider = provider
        self.evidence = evidence
    }
}

/// A local name a function binds to a construction, and the function's tokens.
struct LocalType: Sendable {
    var name: String
    var type: String
    var scope: ClosedRange<Int>
}

/// What one file defines, imports and calls: extracted once, then only queried.
public struct FileFacts: Sendable {
    public let path: String
    public let language: SourceLanguage
    public let definitions: [Definition]
    public let containers: [ContainerFact]
    public let calls: [CallFact]
    public let imports: [ImportBinding]
    /// Modules re-exported wholesale (`export * from "./ai"`).
    public let reexports: [String]
    /// Whether an import may bind a dotted name (Python's `import app.services.llm`; a name holding the first
    /// byte of the language's member separator): only then can a chain of names (`app.services.llm.complete()`)
    /// be bound by an import.
    let importsChainedNames: Bool
    /// Variables, fields and parameters whose type (or constructor) is visible: name → type as written. Besides a
    /// type, a value is written in one of these forms, and read back only by `CodeIndex.methods(_:ofTypeOrResult:from:)`,
    /// `factoryResultTypes` and the imported-client lookup (ImportedClients.swift):
    /// - `fn()`: what the function `fn` returns (`tts = getTTSProvider()`; FastAPI's `Depends(get_llm)`);
    /// - `root.method()`: a value derived from another name's object (`chat = model.startChat()`);
    /// - `A|B`: a registry holding those classes (`providers = { openai: new OpenAIProvider(), … }`);
    /// and under the key `fn()` (never a name), the classes the file's function `fn` returns, `|`-joined.
    public let typedNames: [String: String]
    /// Local names a function binds to a construction (`ai = SummaryAi(post)`), which in that function are of that
    /// type whatever another function binds the name to.
    let localTypes: [LocalType]
    /// The names Go methods of the file give their receivers, each once: a call on one of them (`s.helper()`)
    /// depends on the method it is made in.
    let receiverNames: [String]
    public let paidLeaves: [PaidLeaf]
    /// Token indices the recogniser called guards (authentication, authorization, rate limiting), ascending.
    public var guardTokens: [Int] { guards.found(definitions).tokens }
    /// The line of each guard token.
    public var guardLines: [Int: Int] { guards.found(definitions).lines }
    /// What the body of `definition` says of guarding, when it is one of the file's definitions; nil for one made
    /// up elsewhere (`JavaScriptJobPlatforms`' inline handlers), whose body is judged from the file's tokens.
    func bodyGuards(of definition: Definition) -> BodyGuards? {
        if let judged = guards.found(definitions).bodies[definition] { return judged }
        return definitions.contains(definition) ? BodyGuards.none : nil
    }
    /// Token indices of the paid leaves and calls that sit inside a loop or fan-out.
    public let loopTokens: Set<Int>
    /// The tokens of the callbacks the file registers for events (`r.POST("/chat", func(c *gin.Context) { … })`,
    /// `bot.Handle(cmd, …)`): they run when the event comes, not when the function registering them is called.
    public let registeredCallbacks: [ClosedRange<Int>]
    /// Each class's constructor parameters, in order (`constructor(private client: OpenAI)`,
    /// `def __init__(self, client)`): what a construction's arguments bind to.
    public let constructorParameters: [String: [String]]
    /// Constructions with arguments, by the constructed type's name.
    public let constructions: [String: [Construction]]
    /// Queue workers' processors passed by name (`new Worker("q", summarize)`, `queue.process(summarize)`), by
    /// the token of the registering call.
    public let processors: [Int: String]
    /// Calls a job library's lambda enqueues (`BackgroundJob.enqueue(() -> service.summarize(id))`), by their token
    /// (JVMAndDotNetJobs.swift).
    public let enqueuedLambdas: [Int: JVMAndDotNetJobs.EnqueuedLambda]
    /// The first token of each definition that runs as background work whenever it is called (Spring's `@Async`).
    let backgroundMethods: Set<Int>
    /// What resolving this file's imports depends on besides the specifier (`CodeIndex.moduleScope`), kept so
    /// its hundreds of calls do not each derive it.
    let moduleScope: String
    /// Found when first asked (shared by the copies of these facts).
    let guards: FileGuards
    /// What its calls reach, once asked (shared by the copies of these facts).
    let reaches = CallReachMemo()

    /// The definitions named `name`, in `container` when one is given.
    public func definitions(named name: String, in container: String? = nil) -> [Definition] {
        definitions.filter { $0.name == name && (container == nil || $0.container == container) }
    }

    /// The innermost definition whose statement holds token `index`.
    /// The innermost class (or other container) holding token `index`.
    func innermostContainer(enclosing index: Int) -> ContainerFact? {
        containers.filter { $0.tokens.contains(index) }.min { $0.tokens.count < $1.tokens.count }
    }

    public func definition(enclosing index: Int) -> Definition? {
        // By position: a definition copied out per step retains and releases its names each time.
        var best: Int?
        for position in definitions.indices where definitions[position].tokens.contains(index) {
            if best.map({ definitions[position].tokens.count < definitions[$0].tokens.count }) ?? true { best = position }
        }
        return best.map { definitions[$0] }
    }

    /// The type the function holding token `index` binds local `name` to, if it binds it.
    func localType(of name: String, at index: Int) -> String? {
        localTypes.last { $0.name == name && $0.scope.contains(index) }?.type
    }

    /// Whether some function binds local `name` to a construction.
    func hasLocalType(_ name: String) -> Bool { localTypes.contains { $0.name == name } }

    /// Calls whose token lies in `span`.
    public func calls(in span: ClosedRange<Int>) -> ArraySlice<CallFact> {
        let lower = calls.partitionPoint { $0.token < span.lowerBound }
        let upper = calls.partitionPoint { $0.token <= span.upperBound }
        return calls[lower..<upper]
    }
}

/// What the calls of one file reach, by what each reach depends on (`CodeIndex.reach(of:in:)`). A reach is a pure
/// function of that and the tree; a file calls the same few functions hundreds of times (`NextResponse.json`,
/// `setOpen`), and detectors ask about the same calls (the change's calls for new spend, then a handler's for its
/// paid reach and guards).
final class CallReachMemo: @unchecked Sendable {
    private let lock = NSLock()
    /// One stored property, so a question costs one exclusivity check, not one per array it reads.
    private var table = Table()

    func reach(of call: CallFact, caller: ClosedRange<Int>?, key: UInt64) -> CallReach? {
        lock.withLock { table.reach(of: call, caller: caller, key: key) }
    }

    /// Two callees with one fingerprint: the first keeps its place, the other is resolved each time.
    func remember(_ reach: CallReach, of call: CallFact, caller: ClosedRange<Int>?, key: UInt64) {
        lock.withLock { table.remember(reach, of: call, caller: caller, key: key) }
    }

    private struct Entry {
        var key: UInt64
        var name: String
        var receiver: [String]
        var caller: ClosedRange<Int>?
        var reach: CallReach
    }

    /// Entries in an open-addressed table, placed by the callee's fingerprint (multiplied, its top bits taken):
    /// hashing names as `String`s, or the fingerprint through `Hasher`, costs more than most resolutions.
    private struct Table {
        var entries: [Entry] = []
        /// Positions in `entries`, -1 where empty; kept at most half full, made on the first answer (most files
        /// of the tree are never asked).
        var slots: [Int32] = []
        /// 64 less the bits of a slot's position.
        var shift = 0

        func reach(of call: CallFact, caller: ClosedRange<Int>?, key: UInt64) -> CallReach? {
            guard !slots.isEmpty else { return nil }
            let found = Int(slots[slot(of: key)])
            guard found >= 0, entries[found].name == call.name, entries[found].receiver == call.receiver,
                  entries[found].caller == caller
            else { return nil }
            return entries[found].reach
        }

        mutating func remember(_ reach: CallReach, of call: CallFact, caller: ClosedRange<Int>?, key: UInt64) {
            if slots.isEmpty { resize(to: 128) }
            let position = slot(of: key)
            guard slots[position] < 0 else { return }
            slots[position] = Int32(entries.count)
            entries.append(Entry(key: key, name: call.name, receiver: call.receiver, caller: caller, reach: reach))
            if entries.count * 2 > slots.count { resize(to: slots.count * 2) }
        }

        /// The slot holding `key`, or the empty one where it would go.
        private func slot(of key: UInt64) -> Int {
            let mask = slots.count - 1
            var position = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
            while slots[position] >= 0, entries[Int(slots[position])].key != key { position = (position + 1) & mask }
            return position
        }

        private mutating func resize(to count: Int) {
            slots = [Int32](repeating: -1, count: count)
            shift = 64 - count.trailingZeroBitCount
            for (index, entry) in entries.enumerated() { slots[slot(of: entry.key)] = Int32(index) }
        }
    }
}

/// FNV-1a over the bytes of a call's names, each followed by a byte no UTF-8 text has.
struct CalleeFingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }

    mutating func add(_ lexed: LexedSource, token index: Int) {
        let token = lexed.tokens[index]
        for offset in token.start..<token.end { add(lexed.bytes[offset]) }
        add(0xFF)
    }

    /// Mixes in the bounds of the function a call is made in.
    mutating func add(_ range: ClosedRange<Int>) {
        value = (value ^ UInt64(truncatingIfNeeded: range.lowerBound)) &* 0x100_0000_01b3
        value = (value ^ UInt64(truncatingIfNeeded: range.upperBound)) &* 0x100_0000_01b3
    }
}

extension Array {
    /// The first index whose element fails `belongsBefore`, for an array partitioned by it.
    public func partitionPoint(_ belongsBefore: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsBefore(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Extracts a file's facts from its tokens; the language's resolver reads its imports.
public enum FactExtractor {
    static let receiverWords = WordSet(["self", "this", "$this", "cls", "static", "super", "Self"])

    /// Whether a receiver is the object itself (`self`, `this`, …): asked of every call's receiver, so compared
    /// as bytes in place (names too long to be one are rejected on their length), never hashed.
    static func isReceiverWord(_ name: String) -> Bool {
        var name = name
        return name.utf8.count <= 6 && name.withUTF8 { receiverWords.contains(Slice(base: $0, bounds: $0.indices)) }
    }

    /// Whether a name starts with an upper-case letter (a type, by convention); ASCII without a `Character`.
    static func startsUppercase(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        if first < 0x80 { return first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") }
        return name.first?.isUppercase == true
    }
    static let notCallees = WordSet([
        "if", "for", "while", "switch", "catch", "return", "function", "def", "func", "fn", "fun", "elif", "and", "or",
        "not", "in", "sizeof", "typeof", "await", "yield", "assert", "print", "lambda", "with", "match", "when", "guard",
        "foreach", "using", "lock", "new", "throw", "super", "init", "constructor", "require", "require_relative",
        "import", "include", "extend", "puts", "raise", "unless", "until", "case", "array", "isset", "empty", "list",
    ])

    static func extract(
        path: String, lexed: LexedSource, resolver: any LanguageResolver, leaves: [PaidLeaf], guards: FileGuards,
        isRetryLoop: (Enclosure) -> Bool = { _ in false }
    ) -> FileFacts {
        let containers = containerFacts(lexed)
        var definitions = definitionFacts(lexed, containers: containers)
        var leaves = leaves
        RubyLLMRecords.addDeclaredMethods(lexed, containers: containers, definitions: &definitions, leaves: &leaves)
        var receiverNames: [String] = []
        for receiver in definitions.compactMap(\.receiver) where !receiverNames.contains(receiver) {
            receiverNames.append(receiver)
        }
        var constructions: [String: [Construction]] = [:]
        var processors: [Int: String] = [:]
        var calls = callFacts(lexed, constructions: &constructions, processors: &processors)
        let beatEntries = WorkQueues.celeryBeatEntries(in: lexed)
        if !beatEntries.isEmpty { calls = (calls + beatEntries).sorted { $0.token < $1.token } }
        superConstructions(lexed, containers: containers, into: &constructions)
        let imports = resolver.imports(in: lexed)
        var loopTokens = Set<Int>()
        for token in leaves.map(\.token) + calls.map(\.token) where isInLoop(lexed, token, isRetryLoop: isRetryLoop) {
            loopTokens.insert(token)
        }
        return FileFacts(
            path: path, language: lexed.language, definitions: definitions, containers: containers.map(\.fact),
            calls: calls, imports: imports, reexports: resolver.reexports(in: lexed),
            importsChainedNames: resolver.memberSeparator.utf8.first.map { separator in
                imports.contains { $0.local.utf8.contains(separator) }
            } ?? true,
            typedNames: typedNames(lexed, definitions: definitions), localTypes: localTypes(lexed), receiverNames: receiverNames, paidLeaves: leaves,
            loopTokens: loopTokens,
            registeredCallbacks: lexed.blocks.indices.filter { lexed.blocks[$0].kind == .function && lexed.isRegisteredCallback($0) }
                .map { lexed.span(of: $0) },
            constructorParameters: constructorParameters(lexed, containers: containers),
            constructions: constructions, processors: processors,
            enqueuedLambdas: JVMAndDotNetJobs.enqueuedLambdas(in: lexed),
            backgroundMethods: JVMAndDotNetJobs.asyncMethods(in: lexed, definitions: definitions, containers: containers.map(\.fact)),
            moduleScope: CodeIndex.moduleScope(of: path, language: lexed.language), guards: guards)
    }

    /// A subclass's constructor handing its base class arguments (`super().__init__(llm=ChatOpenAI())`,
    /// `super(new OpenAI())`, Ruby's `super(client: OpenAI::Client.new)`) constructs the base class with them: kept as
    /// a construction of the base class, so the base class's methods calling `self.llm` are attributed.
    private static func superConstructions(
        _ lexed: LexedSource, containers: [(block: Int, fact: ContainerFact)], into constructions: inout [String: [Construction]]
    ) {
        for (_, container) in containers {
            guard let superclass = container.superclass else { continue }
            let base = String(superclass.split(whereSeparator: { $0 == "." || $0 == ":" }).last ?? Substring(superclass))
            for index in container.tokens where lexed.token(index, is: "super") {
                var open = index + 1
                // Python: `super().__init__(…)`, `super(Researcher, self).__init__(…)`.
                if lexed.language == .python {
                    guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
                    let after = lexed.partner[open] + 1
                    guard lexed.token(after, isPunctuation: Byte.dot), lexed.token(after + 1, is: "__init__") else { continue }
                    open = after + 2
                }
                guard lexed.token(open, isPunctuation: Byte.openParen) else { continue }
                let arguments = constructionArguments(lexed, openParen: open)
                if !arguments.isEmpty {
                    constructions[base, default: []].append(Construction(arguments: arguments, assignedTo: nil))
                }
            }
        }
    }

    static let parameterModifiers = WordSet(["self", "cls", "private", "public", "protected", "readonly", "override", "val", "var"])

    /// Parameter names of each class's constructor (`constructor(`, `def __init__(`, `def initialize(`), by the
    /// class they are declared in; nested brackets (defaults, types) are skipped whole.
    private static func constructorParameters(_ lexed: LexedSource, containers: [(block: Int, fact: ContainerFact)])
        -> [String: [String]]
    {
        let containerNames = Dictionary(containers.map { ($0.block, $0.fact.name) }, uniquingKeysWith: { first, _ in first })
        var result: [String: [String]] = [:]
        for index in lexed.indices(ofWords: ["constructor", "__init__", "initialize"]) {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  let container = lexed.enclosingBlocks(of: index).lazy.compactMap({ containerNames[$0] }).first,
                  result[container] == nil
            else { continue }
            var names: [String] = []
            var expectName = true
            var cursor = index + 2
            while cursor < lexed.partner[index + 1] {
                let token = lexed.tokens[cursor]
                if lexed.token(cursor, isPunctuation: Byte.comma) {
                    expectName = true
                } else if expectName, token.kind == .identifier, !parameterModifiers.contains(lexed.bytes[token.start..<token.end]) {
                    names.append(lexed.text(cursor))
                    expectName = false
                } else if lexed.token(cursor, is: "self") {
                    expectName = false
                }
                cursor = lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
            }
            result[container] = names
        }
        return result
    }

    /// Whether token `index` runs once per item of a loop (braced, or a brace-less statement body) or fan-out.
    /// Whether token `index` runs once per item of a loop around it in its function; a retry loop
    /// (`isRetryLoop`) repeats a call only when it fails, which is no loop over items.
    static func isInLoop(_ lexed: LexedSource, _ index: Int, isRetryLoop: (Enclosure) -> Bool = { _ in false }) -> Bool {
        var inLoop = false
        var crossedFunction = false
        lexed.visitEnclosures(of: index) { enclosure in
            if lexed.isLoop(enclosure) {
                if isRetryLoop(enclosure) { return true }
                // A call whose value its function returns from inside the loop runs once per call of the function:
                // the loop searches or falls back (`for model in models: try: return client.create(…)`), it does not
                // repeat the call. Asked only once a loop is found: most calls have none around them.
                inLoop = crossedFunction
                    || !(lexed.returnOfValue(startingAt: chainStart(lexed, at: index)).map { $0 > lexed.opening(of: enclosure) } ?? false)
                return false
            }
            if case .block(let block) = enclosure, lexed.blocks[block].kind == .function { crossedFunction = true }
            // An anonymous function in a loop (`go func() { … }()`, a callback) runs once per item; a named one is
            // only defined there, as is a callback registered for events, and a function's own body is where its
            // callers' loops stop counting.
            guard case .block(let block) = enclosure else { return true }
            guard lexed.blocks[block].kind == .function else { return true }
            return lexed.blocks[block].nameRange == nil && !lexed.isRegisteredCallback(block)
        }
        return inLoop
    }

    // MARK: Containers and definitions

    private static func containerFacts(_ lexed: LexedSource) -> [(block: Int, fact: ContainerFact)] {
        var result: [(Int, ContainerFact)] = []
        let mixins = lexed.language == .ruby ? rubyMixins(lexed) : [:]
        for (index, block) in lexed.blocks.enumerated() where block.kind == .container {
            var name: String?
            var superclass: String?
            let header = min(block.headerStart, block.openToken)
            var cursor = header
            let limit = lexed.language.family == .cLike ? block.openToken : min(block.endToken, block.openToken + 12)
            while cursor < limit {
                if name == nil, lexed.language == .go {
                    // `type Handler struct {`: the name comes before the keyword.
                    if lexed.token(cursor, is: "struct") || lexed.token(cursor, is: "interface") {
                        name = goDeclaredType(lexed, keyword: cursor)
                    }
                } else if name == nil, isContainerKeyword(lexed, cursor), lexed.tokens.indices.contains(cursor + 1),
                   lexed.tokens[cursor + 1].kind == .identifier
                {
                    var qualified = lexed.text(cursor + 1)
                    cursor += 1
                    // Ruby `class Admin::ReportsController`: the constant path; Elixir's `defmodule Notes.AI`.
                    let dotted = lexed.language == .elixir
                    while dotted ? lexed.token(cursor + 1, isPunctuation: Byte.dot) : lexed.token(cursor + 1, is: "::"),
                          lexed.tokens.indices.contains(cursor + 2), lexed.tokens[cursor + 2].kind == .identifier
                    {
                        qualified += (dotted ? "." : "::") + lexed.text(cursor + 2)
                        cursor += 2
                    }
                    name = qualified
                    // A module defined inside another is named under it (`defmodule Notes do defmodule AI do`).
                    if lexed.language == .elixir, let outer = elixirOuterModule(of: index, in: lexed, named: result) {
                        name = outer + "." + qualified
                    }
                } else if name != nil, superclass == nil,
                          lexed.token(cursor, is: "extends") || lexed.token(cursor, isPunctuation: Byte.colon)
                            || lexed.token(cursor, isPunctuation: Byte.less)
                            || (lexed.language == .python && lexed.token(cursor, isPunctuation: Byte.openParen))
                {
                    superclass = constantPath(lexed, from: cursor + 1)
                }
                if lexed.language.family != .cLike, cursor > block.openToken,
                   lexed.tokens[cursor].line != lexed.tokens[block.openToken].line
                {
                    break
                }
                cursor += 1
            }
            guard let name else { continue }
            result.append((index, ContainerFact(
                name: name, superclass: superclass, line: lexed.tokens[block.openToken].line,
                tokens: header...max(block.openToken, block.endToken), mixins: mixins[index]?.map(\.module) ?? [],
                mixinLines: mixins[index]?.map(\.line) ?? [])))
        }
        return result
    }

    /// `include Foo::Bar` statements at class level, by the container block they sit in.
    private static func rubyMixins(_ lexed: LexedSource) -> [Int: [(module: String, line: Int)]] {
        var result: [Int: [(module: String, line: Int)]] = [:]
        for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.token(index, is: "include") {
            let block = lexed.tokens[index].block
            guard block >= 0, lexed.blocks[block].kind == .container, let module = constantPath(lexed, from: index + 1)
            else { continue }
            result[block, default: []].append((module, lexed.tokens[index].line))
        }
        return result
    }

    /// The name of the module whose body holds container block `block`, among those named so far.
    private static func elixirOuterModule(of block: Int, in lexed: LexedSource, named: [(Int, ContainerFact)]) -> String? {
        var parent = lexed.blocks[block].parent
        while parent >= 0 {
            if lexed.blocks[parent].kind == .container { return named.first { $0.0 == parent }?.1.name }
            parent = lexed.blocks[parent].parent
        }
        return nil
    }

    private static func isContainerKeyword(_ lexed: LexedSource, _ index: Int) -> Bool {
        let token = lexed.tokens[index]
        guard token.kind == .identifier else { return false }
        if lexed.language == .elixir {
            return lexed.token(index, is: "defmodule") || lexed.token(index, is: "defprotocol") || lexed.token(index, is: "defimpl")
        }
        return ContainerKeywords.contains(lexed.bytes[token.start..<token.end]) || lexed.token(index, is: "module")
    }

    /// `Foo::Bar`, `models.Model`, `Base` starting at `index`, written with the language's separators. A name from
    /// the root namespace keeps its root qualifier, which the resolvers read as "not under the file's own namespace":
    /// Ruby's `::ApplicationController` (how an `isolate_namespace` engine's controllers inherit the host app's), PHP's
    /// `\App\Http\Controllers\Controller`, C#'s `global::Api.Controllers.ApiControllerBase`.
    private static func constantPath(_ lexed: LexedSource, from index: Int) -> String? {
        var index = index
        var root = ""
        if lexed.token(index, is: "::") || lexed.token(index, isPunctuation: Byte.backslash) {
            root = lexed.text(index)
            index += 1
        } else if lexed.language == .csharp, lexed.token(index, is: "global"), lexed.token(index + 1, is: "::") {
            root = "global::"
            index += 2
        }
        guard lexed.tokens.indices.contains(index), lexed.tokens[index].kind == .identifier else { return nil }
        var path = root + lexed.text(index)
        var cursor = index
        while lexed.token(cursor + 1, is: "::") || lexed.token(cursor + 1, isPunctuation: Byte.dot)
            || lexed.token(cursor + 1, isPunctuation: Byte.backslash),
            lexed.tokens.indices.contains(cursor + 2), lexed.tokens[cursor + 2].kind == .identifier
        {
            path += lexed.text(cursor + 1) + lexed.text(cursor + 2)
            cursor += 2
        }
        return path
    }

    private static func definitionFacts(_ lexed: LexedSource, containers: [(block: Int, fact: ContainerFact)])
        -> [Definition]
    {
        let containerNames = Dictionary(containers.map { ($0.block, $0.fact.name) }, uniquingKeysWith: { first, _ in first })
        var result: [Definition] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let name = block.nameRange else { continue }
            var parent = block.parent
            var container: String?
            while parent >= 0 {
                if let found = containerNames[parent] { container = found; break }
                if lexed.blocks[parent].kind == .function { break }
                parent = lexed.blocks[parent].parent
            }
            var receiver: String?
            if lexed.language == .go, let method = goReceiver(lexed, function: block) {
                (receiver, container) = (method.name, method.type)
            }
            result.append(Definition(
                name: lexed.text(name), container: container, line: lexed.tokens[block.openToken].line,
                tokens: lexed.statementSpan(of: index), receiver: receiver))
        }
        // Kotlin functions written as expressions open no block: `fun answer(q: String) = client.ask(q)`.
        // (`fun chat(q: String) = client.ask(q).let { … }` gives its lambda the function's name: defined once.)
        let blockNames = Set(lexed.blocks.compactMap { $0.kind == .function ? $0.nameRange?.lowerBound : nil })
        for function in lexed.kotlinExpressionFunctions() where !blockNames.contains(lexed.tokens[function.name].start) {
            let block = lexed.tokens[function.keyword].block
            result.append(Definition(
                name: lexed.text(function.name), container: containerNames[block], line: lexed.tokens[function.name].line,
                tokens: function.keyword...function.end))
        }
        // JavaScript's arrow functions with an expression for a body open no block either: `export const complete =
        // (prompt) => client.chat.completions.create(…)`, `exports.sendSms = (to, body) => client.messages.create(…)`.
        for arrow in lexed.topLevelExpressionArrows() {
            guard let name = lexed.declaredName(at: arrow.statementStart) else { continue }
            result.append(Definition(
                name: name, container: nil, line: lexed.tokens[arrow.statementStart].line, tokens: arrow.statementStart...arrow.end))
        }
        // And so do those that are an object literal's property or a class's field: `module.exports = { sendSms: (to,
        // body) => client.messages.create(…) }`, `class Sms { send = (to, body) => this.client.messages.create(…) }`.
        for arrow in lexed.memberExpressionArrows() {
            result.append(Definition(
                name: lexed.text(arrow.name), container: containerNames[arrow.block], line: lexed.tokens[arrow.name].line,
                tokens: arrow.name...arrow.end))
        }
        return result
    }

    // MARK: Calls

    /// Whether the name at `index` (a member, `Messenger.generate`, or a bare function) is handed to a function
    /// that calls it: `await sync_to_async(Messenger.generate)(chat)`, `asyncio.to_thread(summarize, text)`.
    /// In Go, the second argument after a context: Temporal's `workflow.ExecuteActivity(ctx, Summarize, text)` (or
    /// `a.Summarize` of an activities struct).
    /// In JavaScript, Inngest's `step.ai.wrap("summarize", openai.chat.completions.create, body)`, which calls the
    /// SDK method it is handed as a step.
    public static func isHandedToCallWrapper(_ lexed: LexedSource, _ index: Int) -> Bool {
        if lexed.language.isJavaScriptLike {
            guard lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma) else {
                return false
            }
            let start = lexed.dottedNameStart(endingAt: index)
            return start >= 6 && start < index && lexed.token(start - 1, isPunctuation: Byte.comma)
                && lexed.tokens[start - 2].kind == .string && lexed.token(start - 3, isPunctuation: Byte.openParen)
                && lexed.token(start - 4, is: "wrap") && lexed.token(start - 5, isPunctuation: Byte.dot) && lexed.token(start - 6, is: "ai")
        }
        let isGo = lexed.language == .go
        guard lexed.language == .python || isGo,
              lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma)
        else { return false }
        let start = lexed.dottedNameStart(endingAt: index)
        if isGo {
            guard start >= 4, lexed.token(start - 1, isPunctuation: Byte.comma), lexed.isIdentifier(start - 2),
                  lexed.token(start - 3, isPunctuation: Byte.openParen)
            else { return false }
            return goCallWrappers.contains(lexed.bytes[lexed.tokens[start - 4].start..<lexed.tokens[start - 4].end])
        }
        guard start >= 2, lexed.token(start - 1, isPunctuation: Byte.openParen) else { return false }
        return callWrappers.contains(lexed.bytes[lexed.tokens[start - 2].start..<lexed.tokens[start - 2].end])
    }

    /// Whether the name at `index` is the work a retry helper is handed, which the helper calls (and calls again):
    /// Go's `retry.Do(llm.Refresh, …)`, `backoff.Retry(summarize, b)`, v5's `backoff.Retry(ctx, summarize, …)`;
    /// JavaScript's `pRetry(label, …)`, `pRetry(label.bind(null, text), …)`; Python's decorators applied by a call,
    /// `retry(stop=…)(summarize)`, `Retrying(…)(summarize, text)`, `backoff.on_exception(…)(summarize)`.
    public static func isHandedToRetryHelper(_ lexed: LexedSource, _ index: Int) -> Bool {
        let isJavaScript = lexed.language.isJavaScriptLike
        guard lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma)
            || (isJavaScript && lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.token(index + 2, is: "bind")
                && lexed.token(index + 3, isPunctuation: Byte.openParen))
        else { return false }
        let start = lexed.dottedNameStart(endingAt: index)
        switch lexed.language {
        case .go:
            var open = start - 1
            // v5 takes a context first: `backoff.Retry(ctx, op, …)`.
            if lexed.token(open, isPunctuation: Byte.comma), open >= 2, lexed.isIdentifier(open - 1),
               lexed.token(open - 2, isPunctuation: Byte.openParen), lexed.token(open - 5, is: "backoff")
            {
                open -= 2
            }
            guard lexed.token(open, isPunctuation: Byte.openParen), open >= 3, lexed.token(open - 2, isPunctuation: Byte.dot) else { return false }
            let helper = lexed.bytes[lexed.tokens[open - 1].start..<lexed.tokens[open - 1].end]
            return lexed.token(open - 3, is: "retry") ? goRetryDo.contains(helper) : lexed.token(open - 3, is: "backoff") && goBackoffRetry.contains(helper)
        case .python:
            guard lexed.token(start - 1, isPunctuation: Byte.openParen), lexed.token(start - 2, isPunctuation: Byte.closeParen) else { return false }
            let options = lexed.partner[start - 2]
            return options >= 1 && options < start - 2
                && (lexed.token(options - 1, is: "retry") || lexed.token(options - 1, is: "Retrying") || lexed.token(options - 1, is: "AsyncRetrying")
                    || lexed.token(options - 1, is: "on_exception") || lexed.token(options - 1, is: "on_predicate"))
        default:
            guard isJavaScript, lexed.token(start - 1, isPunctuation: Byte.openParen), !lexed.token(start - 3, isPunctuation: Byte.dot) else { return false }
            return lexed.token(start - 2, is: "pRetry") || lexed.token(start - 2, is: "retry") || lexed.token(start - 2, is: "asyncRetry")
        }
    }

    private static let retryWord = Array("retry".utf8), backoffWord = Array("backoff".utf8)

    /// avast/retry-go's and cenkalti/backoff's helpers that call the operation they are handed.
    static let goRetryDo = WordSet(["Do", "DoWithData"])
    static let goBackoffRetry = WordSet(["Retry", "RetryNotify", "RetryWithData", "RetryNotifyWithData"])

    /// Go functions that call the function handed to them after a context: Temporal's workflow API, which runs an
    /// activity (retried as its options say).
    public static let goCallWrappers = WordSet(["ExecuteActivity", "ExecuteLocalActivity"])

    /// Functions that call the function they are handed: Django's and asgiref's thread bridges, asyncio's and
    /// Starlette's thread pools, concurrent.futures' and multiprocessing's executors, and the schedulers that run it on their timer (APScheduler's
    /// `scheduler.add_job(planner, "interval", days=1)`, `schedule.every(10).minutes.do(job)`).
    /// Temporal's workflow API runs the activity it is handed (`workflow.execute_activity(summarize, text, …)`).
    public static let callWrappers = WordSet([
        "sync_to_async", "database_sync_to_async", "to_thread", "run_in_threadpool", "run_sync", "add_job", "do",
        // An executor or pool runs the function it is handed (`executor.submit(embed, text)`, `pool.apply_async(…)`).
        "submit", "apply_async",
        "execute_activity", "execute_activity_method", "start_activity", "start_activity_method",
        "execute_local_activity", "execute_local_activity_method", "start_local_activity", "start_local_activity_method",
    ])

    /// A call given its type arguments: TypeScript's `llm.complete<Summary>(prompt)`, Trigger.dev's
    /// `tasks.trigger<typeof summarizeTask>("summarize", …)`, C#'s `llm.CompleteAsync<Reply>(text)`, Kotlin's
    /// `client.post<Reply>(url)`, Rust's `complete::<String>(&body)`. `a < b > (c)` would read so too, but the type
    /// arguments must hold only what types do (names, `.`, `,`, `?`, `[]`, `|`, object types, `typeof`) and close on
    /// the line, right before the parenthesis: no comparison anybody writes does (`i < n && f(x)`, `i < items.length; i++`).
    private static func isCalledWithTypeArguments(_ lexed: LexedSource, _ index: Int) -> Bool {
        let opening: Int
        switch lexed.language {
        case .rust:
            guard lexed.token(index + 1, is: "::") else { return false }
            opening = index + 2
        case .javascript, .typescript, .csharp, .kotlin, .swift: opening = index + 1
        default: return false
        }
        guard lexed.token(opening, isPunctuation: Byte.less) else { return false }
        let tokens = lexed.tokens
        var depth = 0
        var cursor = opening
        while cursor < tokens.count, cursor - opening < 32, tokens[cursor].line == tokens[index].line {
            let token = tokens[cursor]
            if token.kind == .punctuation, !lexed.token(cursor, is: "=>") {
                for offset in token.start..<token.end {
                    switch lexed.bytes[offset] {
                    case Byte.less: depth += 1
                    case Byte.greater: depth -= 1
                    case Byte.comma, Byte.dot, Byte.question, Byte.colon, Byte.semicolon, Byte.bar: break
                    case Byte.openBracket, Byte.openBrace, Byte.openParen:
                        // `string[]`, an object type `{ id: string }`, a function type `() => void`: read whole.
                        if offset == token.start, token.end - token.start == 1, lexed.partner[cursor] > cursor {
                            cursor = lexed.partner[cursor]
                        } else {
                            return false
                        }
                    case Byte.ampersand: if token.end - token.start > 1 { return false }
                    default: return false
                    }
                }
                if depth == 0 { return lexed.token(cursor + 1, isPunctuation: Byte.openParen) }
                if depth < 0 { return false }
            } else if token.kind == .number {
                return false
            }
            cursor += 1
        }
        return false
    }

    /// Elixir calls a module's function without parentheses too: `Notes.AI.default_summary`, `text |> AI.summarize`. A
    /// module's name (upper-case) before the dot tells it from a map's field (`conn.assigns`); the expression must end
    /// there (a line end, a closing bracket, a comma, the next pipe, `do`). Asked of Elixir files only.
    private static func elixirBareRemoteCall(_ lexed: LexedSource, _ index: Int) -> Bool {
        guard lexed.token(index - 1, isPunctuation: Byte.dot), index >= 2,
              lexed.tokens[index - 2].kind == .identifier, startsUppercase(lexed.text(index - 2))
        else { return false }
        let tokens = lexed.tokens
        guard index + 1 < tokens.count, tokens[index + 1].line == tokens[index].line else { return true }
        let next = tokens[index + 1]
        if next.kind == .identifier { return lexed.token(index + 1, is: "do") }
        return next.kind == .punctuation
            && (Self.rubyExpressionEnds.contains(lexed.bytes[next.start]) || lexed.bytes[next.start] == Byte.bar)
    }

    /// What may follow a Ruby method called bare at the end of an expression: a closing bracket, a comma.
    private static let rubyExpressionEnds: Set<UInt8> = [Byte.closeParen, Byte.closeBrace, Byte.closeBracket, Byte.comma]

    private static func callFacts(
        _ lexed: LexedSource, constructions: inout [String: [Construction]], processors: inout [Int: String]
    ) -> [CallFact] {
        // Sorted, for a binary search per call: cheaper than hashing each of a file's hundreds of calls.
        let functionNameStarts = lexed.blocks.compactMap { $0.kind == .function ? $0.nameRange?.lowerBound : nil }.sorted()
        var result: [CallFact] = []
        let tokens = lexed.tokens
        // Read when the first call through an index is met: few files make one.
        var functionRegistries: [String: [String]]?
        // Names bound to an entry of a function registry (`fn = HANDLERS[kind]`), with the function they are bound in.
        var registryBindings: [String: RegistryBinding] = [:]
        let isPython = lexed.language == .python
        let isElixir = lexed.language == .elixir
        // Only Python and Go hand functions to wrappers that call them (`isHandedToCallWrapper`).
        let handsFunctions = isPython || lexed.language == .go
        // Retry helpers are handed functions in JavaScript too (`isHandedToRetryHelper`); every helper's name, or its
        // module's, says `retry` (`pRetry`, `retry.Do`, `backoff.Retry`, `Retrying`) or, Python's backoff applied by a
        // call, `backoff`: one byte test for most files.
        let handsRetriedFunctions = (handsFunctions || lexed.language.isJavaScriptLike)
            && (ByteSearch.containsFolded(lexed.bytes, Self.retryWord)
                || (isPython && ByteSearch.containsFolded(lexed.bytes, Self.backoffWord)))
        for index in tokens.indices where tokens[index].kind == .identifier {
            let token = tokens[index]
            let opensArguments = lexed.token(index + 1, isPunctuation: Byte.openParen)
            // Only a name followed by `[` (or, in Python, `.`) may be called through an index or a lookup: tested here,
            // on the token at hand, before the call that looks further.
            let follower = opensArguments || index + 1 == tokens.count ? 0 : lexed.bytes[tokens[index + 1].start]
            let called = opensArguments || ((follower == Byte.less || follower == Byte.colon) && isCalledWithTypeArguments(lexed, index))
            if follower == Byte.openBracket || (isPython && follower == Byte.dot) {
                if isDispatchedThroughIndex(lexed, index) {
                    let registries = functionRegistries ?? Self.functionRegistries(lexed)
                    functionRegistries = registries
                    result += registryCalls(registries[lexed.text(index)] ?? [], at: index, in: lexed)
                    continue
                }
                if let variable = variableBoundToEntry(of: index, in: lexed) {
                    let registries = functionRegistries ?? Self.functionRegistries(lexed)
                    functionRegistries = registries
                    let registry = lexed.text(index)
                    if registries[registry] != nil {
                        registryBindings[variable] = RegistryBinding(
                            registry: registry, function: lexed.enclosingFunction(of: index))
                    }
                }
            }
            // A call of a name bound to a registry's entry (`fn(text)` after `fn = HANDLERS[kind]`), in the same function.
            if called, !registryBindings.isEmpty, !lexed.token(index - 1, isPunctuation: Byte.dot),
               let binding = registryBindings[lexed.text(index)], binding.function == lexed.enclosingFunction(of: index),
               let functions = functionRegistries?[binding.registry]
            {
                result += registryCalls(functions, at: index, in: lexed)
                continue
            }
            // Ruby calls a method on a constant without parentheses: `SummarizeJob.perform_later id`.
            // So is one without arguments that ends its line (`if @chat.save`) or an expression (the service object's
            // `render json: { summary: Summarize.new(text).call }`, `respond_with(Summarize.new(text).call)`).
            let rubyBare = lexed.language == .ruby && !called && lexed.token(index - 1, isPunctuation: Byte.dot)
                && (index + 1 == tokens.count || tokens[index + 1].line != token.line || tokens[index + 1].kind != .punctuation
                    || Self.rubyExpressionEnds.contains(lexed.bytes[tokens[index + 1].start]))
            guard called || rubyBare || (isElixir && elixirBareRemoteCall(lexed, index))
                || (handsFunctions && isHandedToCallWrapper(lexed, index))
                || (handsRetriedFunctions && isHandedToRetryHelper(lexed, index))
            else { continue }
            let nameSlot = functionNameStarts.partitionPoint { $0 < token.start }
            if nameSlot < functionNameStarts.count, functionNameStarts[nameSlot] == token.start { continue }
            // Elixir's `Module.new(…)` is a function like any other (Oban's `Worker.new(args)` makes a job).
            if notCallees.contains(lexed.bytes[token.start..<token.end]),
               !(lexed.language == .elixir && lexed.token(index - 1, isPunctuation: Byte.dot))
            {
                // Ruby constructs with `Summarizer.new(client: OpenAI::Client.new)`: kept for its arguments only.
                if lexed.language == .ruby, called, lexed.token(index, is: "new"), lexed.token(index - 1, isPunctuation: Byte.dot),
                   lexed.isIdentifier(index - 2)
                {
                    let arguments = constructionArguments(lexed, openParen: index + 1)
                    if !arguments.isEmpty {
                        constructions[lexed.text(index - 2), default: []].append(
                            Construction(arguments: arguments, assignedTo: assignment(lexed, of: index)))
                    }
                }
                continue
            }
            if lexed.token(index - 1, is: "def") || lexed.token(index - 1, is: "function") || lexed.token(index - 1, is: "func")
                || lexed.token(index - 1, is: "fn") || lexed.token(index - 1, is: "fun")
            {
                continue
            }
            var chain = chainTokens(lexed, before: index)
            chain.fingerprint.add(lexed, token: index)
            let fact = CallFact(
                name: lexed.text(index), receiver: chain.chain, token: index, line: token.line,
                column: token.column, firstArgument: firstArgument(lexed, after: index), callee: chain.fingerprint.value)
            if lexed.language.isJavaScriptLike, called,
               (lexed.token(index, is: "Worker") && lexed.token(index - 1, is: "new"))
                // `pipeline.process(step)` is no queue: Bull and Bee-Queue code names its queues so.
                || (lexed.token(index, is: "process") && fact.receiver.last?.lowercased().contains("queue") == true),
               let processor = namedArguments(lexed, openParen: index + 1).last
            {
                processors[index] = processor
            }
            // Constructions: `new Summarizer(`, or in Python an upper-case callee (`Summarizer(`). Upper-case calls
            // alone are not enough: every exported Go function and C# method is one.
            let first = lexed.bytes[token.start]
            if called, first >= 65, first <= 90, lexed.token(index - 1, is: "new") || lexed.language == .python {
                let arguments = constructionArguments(lexed, openParen: index + 1)
                if !arguments.isEmpty {
                    constructions[fact.name, default: []].append(
                        Construction(arguments: arguments, assignedTo: assignment(lexed, of: index)))
                }
            }
            result.append(fact)
            // A function handed by name to an iteration (`docs.map(summarize)`, `pool.map(embed, docs)`,
            // `df["text"].apply(embed)`), or as a member or method reference (`pool.map(self.embed, docs)`,
            // `docs.stream().map(this::summarize)`, `docs.forEach(service::embed)`, Kotlin's `docs.map(::summarize)`),
            // is called once per item: a call of it, at its name, inside the loop. (A `map` the lexer found no
            // iteration, an Optional's `Optional.ofNullable(doc).map(this::summarize)`, calls it once.)
            let argument = index + 2
            if called, argument + 1 < tokens.count, tokens[argument].block >= 0,
               lexed.blocks[tokens[argument].block].openToken == index + 1,
               lexed.blocks[tokens[argument].block].kind == .loop || lexed.token(index, is: "map") || lexed.token(index, is: "flatMap"),
               let handed = handedFunction(lexed, startingAt: argument)
            {
                var reference = chainTokens(lexed, before: handed.name)
                if let receiver = handed.receiver {
                    reference.chain = [lexed.text(receiver)]
                    reference.fingerprint = CalleeFingerprint()
                    reference.fingerprint.add(lexed, token: receiver)
                }
                var fingerprint = reference.fingerprint
                fingerprint.add(lexed, token: handed.name)
                result.append(CallFact(
                    name: lexed.text(handed.name), receiver: reference.chain, token: handed.name, line: tokens[handed.name].line,
                    column: tokens[handed.name].column, firstArgument: nil, callee: fingerprint.value))
            }
        }
        if lexed.language == .elixir {
            let delegations = elixirDelegations(lexed)
            if !delegations.isEmpty { result = (result + delegations).sorted { $0.token < $1.token } }
        }
        return result
    }

    /// The function an argument starting at `start` names, when the argument is only a name: `summarize`,
    /// `self.embed`; in Java and Kotlin a method reference (`this::summarize`, `Summarizer::run`, `::summarize`); in Ruby
    /// `&method(:summarize)`; in PHP a callable array (`[$this, 'embed']`, `[Embedder::class, 'embed']`). The token of
    /// its name, and the receiver's when the name is no member chain's end (PHP's); followed by the argument's end.
    private static func handedFunction(_ lexed: LexedSource, startingAt start: Int) -> (name: Int, receiver: Int?)? {
        func endsArgument(_ index: Int) -> Bool {
            lexed.token(index, isPunctuation: Byte.comma) || lexed.token(index, isPunctuation: Byte.closeParen)
        }
        switch lexed.language {
        case .ruby:
            guard lexed.token(start, isPunctuation: UInt8(ascii: "&")), lexed.token(start + 1, is: "method"),
                  lexed.token(start + 2, isPunctuation: Byte.openParen), lexed.token(start + 3, isPunctuation: Byte.colon),
                  lexed.isIdentifier(start + 4), lexed.token(start + 5, isPunctuation: Byte.closeParen), endsArgument(start + 6)
            else { return nil }
            return (start + 4, nil)
        case .elixir:
            // A capture: `&summarize/1`, `&AI.summarize/1`.
            guard lexed.token(start, isPunctuation: UInt8(ascii: "&")), lexed.isIdentifier(start + 1) else { return nil }
            var name = start + 1
            while lexed.token(name + 1, isPunctuation: Byte.dot), lexed.isIdentifier(name + 2) { name += 2 }
            guard lexed.token(name + 1, isPunctuation: Byte.slash), name + 2 < lexed.tokens.count,
                  lexed.tokens[name + 2].kind == .number, endsArgument(name + 3)
            else { return nil }
            return (name, nil)
        case .php where lexed.token(start, isPunctuation: Byte.openBracket):
            // `[$this, 'embed']`, `[self::class, 'embed']`: the class's own method; `[Embedder::class, 'embed']`: Embedder's.
            let receiver = start + 1
            if lexed.token(receiver + 1, is: "::"), lexed.token(receiver + 2, is: "class") {
                guard lexed.isIdentifier(receiver), lexed.token(receiver + 3, isPunctuation: Byte.comma) else { return nil }
            } else {
                guard lexed.token(receiver, is: "$this"), lexed.token(receiver + 1, isPunctuation: Byte.comma) else { return nil }
            }
            let name = lexed.token(receiver + 1, isPunctuation: Byte.comma) ? receiver + 2 : receiver + 4
            guard name < lexed.tokens.count, lexed.tokens[name].kind == .string, lexed.token(name + 1, isPunctuation: Byte.closeBracket),
                  endsArgument(name + 2)
            else { return nil }
            return (name, receiver)
        default:
            break
        }
        let references = lexed.language == .java || lexed.language == .kotlin
        var cursor = start
        // Kotlin's reference to a function of the file or the class: `::summarize`.
        if references, lexed.token(cursor, is: "::") { cursor += 1 }
        guard lexed.isIdentifier(cursor) else { return nil }
        while lexed.token(cursor + 1, isPunctuation: Byte.dot) || (references && lexed.token(cursor + 1, is: "::")),
              lexed.isIdentifier(cursor + 2)
        {
            cursor += 2
        }
        guard endsArgument(cursor + 1) else { return nil }
        return (cursor, nil)
    }

    /// The name a construction ending at `index` is assigned to: `summarizer` in `const summarizer = new
    /// Summarizer(`, `self.summarizer = Summarizer(`, `summarizer = Summarizer.new(`.
    private static func assignment(_ lexed: LexedSource, of index: Int) -> String? {
        var start = chainStart(lexed, at: index)
        if lexed.token(start - 1, is: "new") { start -= 1 }
        guard lexed.token(start - 1, isPunctuation: Byte.equals), lexed.isIdentifier(start - 2) else { return nil }
        return lexed.text(start - 2)
    }

    /// `new OpenAI()`, `OpenAI()`, `openai`, `client=OpenAI()`, `client: OpenAI::Client.new` as arguments.
    private static func constructionArguments(_ lexed: LexedSource, openParen: Int) -> [CallArgument] {
        let close = lexed.partner[openParen]
        guard close > openParen else { return [] }
        var result: [CallArgument] = []
        var position = 0
        var start = openParen + 1
        var cursor = start
        while cursor <= close {
            if cursor == close || lexed.token(cursor, isPunctuation: Byte.comma) {
                var first = start
                var keyword: String?
                if lexed.isIdentifier(first), lexed.token(first + 1, isPunctuation: Byte.equals) || lexed.token(first + 1, isPunctuation: Byte.colon),
                   first + 2 < cursor
                {
                    keyword = lexed.text(first)
                    first += 2
                }
                var constructs = false
                if lexed.token(first, is: "new") { first += 1; constructs = true }
                if lexed.isIdentifier(first) {
                    var value = lexed.text(first)
                    var end = first
                    // `OpenAI::Client.new`, `openai.OpenAI()`: the qualified name.
                    while lexed.token(end + 1, is: "::") || lexed.token(end + 1, isPunctuation: Byte.dot), lexed.isIdentifier(end + 2),
                          !lexed.token(end + 2, is: "new")
                    {
                        value += lexed.text(end + 1) + lexed.text(end + 2)
                        end += 2
                    }
                    if lexed.token(end + 1, isPunctuation: Byte.openParen) || lexed.token(end + 2, is: "new") { constructs = true }
                    result.append(CallArgument(position: position, keyword: keyword, value: value, constructs: constructs))
                }
                position += 1
                start = cursor + 1
                cursor += 1
                continue
            }
            cursor = lexed.partner[cursor] > cursor ? lexed.partner[cursor] : cursor + 1
        }
        return result
    }

    /// The arguments of a call that are bare names (`summarize` in `new Worker("q", summarize, { connection })`).
    private static func namedArguments(_ lexed: LexedSource, openParen: Int) -> [String] {
        let close = lexed.partner[openParen]
        guard close > openParen else { return [] }
        var result: [String] = []
        var cursor = openParen + 1
        while cursor < close {
            if lexed.tokens[cursor].kind == .identifier,
               lexed.token(cursor - 1, isPunctuation: Byte.openParen) || lexed.token(cursor - 1, isPunctuation: Byte.comma),
               lexed.token(cursor + 1, isPunctuation: Byte.comma) || cursor + 1 == close
            {
                result.append(lexed.text(cursor))
            }
            // Nested brackets (options objects, inline processors) are skipped whole.
            cursor = lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
        }
        return result
    }

    /// `fn` in `enqueue(fn, …)`, `new Job` in `dispatch(new Job(…))`, `Job` in `dispatch(Job::class)`.
    private static func firstArgument(_ lexed: LexedSource, after index: Int) -> String? {
        var cursor = index + 1
        if lexed.token(cursor, isPunctuation: Byte.openParen) {
            cursor += 1
            // RQ's `queue.enqueue_in(timedelta(minutes=5), summarize, …)` and `enqueue_at(when, …)`, Resque's
            // `Resque.enqueue_in(5.minutes, SummarizeJob, …)`: the work comes after the time.
            if lexed.language == .python || lexed.language == .ruby,
               lexed.token(index, is: "enqueue_in") || lexed.token(index, is: "enqueue_at")
            {
                let close = lexed.partner[index + 1]
                while cursor < close, !lexed.token(cursor, isPunctuation: Byte.comma) {
                    let isOpening = lexed.token(cursor, isPunctuation: Byte.openParen)
                        || lexed.token(cursor, isPunctuation: Byte.openBracket) || lexed.token(cursor, isPunctuation: Byte.openBrace)
                    cursor = isOpening && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
                }
                cursor += 1
            }
        }
        guard lexed.tokens.indices.contains(cursor) else { return nil }
        if lexed.token(cursor, is: "new"), lexed.tokens.indices.contains(cursor + 1),
           lexed.tokens[cursor + 1].kind == .identifier
        {
            return "new " + lexed.text(cursor + 1)
        }
        guard lexed.tokens[cursor].kind == .identifier,
              lexed.token(cursor + 1, isPunctuation: Byte.comma) || lexed.token(cursor + 1, isPunctuation: Byte.closeParen)
                || lexed.token(cursor + 1, is: "::")
        else { return nil }
        return lexed.text(cursor)
    }

    /// The member chain before token `index`: `this.llm.complete` → `["this", "llm"]`.
    public static func receiverChain(_ lexed: LexedSource, before index: Int) -> [String] {
        chainTokens(lexed, before: index).chain
    }

    /// The token where the member chain ending at `index` starts (`this` in `this.llm.complete`).
    public static func chainStart(_ lexed: LexedSource, at index: Int) -> Int {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: maximumChain) { names in
            chainWalk(lexed, before: index, names: names).start
        }
    }

    /// The member chain before token `index`, where it starts, and the fingerprint of the chain's names (each
    /// token's bytes, from the last to the first). Asked of every call of every file reach reads: the chain's
    /// tokens are found walking back, then its names made once, first to last, into an array of their number.
    private static func chainTokens(_ lexed: LexedSource, before index: Int)
        -> (chain: [String], start: Int, fingerprint: CalleeFingerprint)
    {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: maximumChain) { names in
            chainTokens(lexed, before: index, names: names)
        }
    }

    /// How many names a member chain keeps, nearest the call.
    private static let maximumChain = 8

    /// `chainTokens`, with room for the chain's token indices, last name first.
    private static func chainTokens(_ lexed: LexedSource, before index: Int, names: UnsafeMutableBufferPointer<Int>)
        -> (chain: [String], start: Int, fingerprint: CalleeFingerprint)
    {
        var (count, start, fingerprint, constructed) = chainWalk(lexed, before: index, names: names)
        var chain = (0..<count).map { lexed.text(names[count - 1 - $0]) }
        // `new Summarizer(…).run(…)`: the chain's root is a constructed type.
        if constructed, !chain.isEmpty {
            chain[0] = "new " + chain[0]
            fingerprint.add(0xFE)
        }
        return (chain, start, fingerprint)
    }

    /// The walk back over the member chain before token `index`: how many names it holds (their tokens in `names`,
    /// last first), where it starts, their fingerprint, and whether its root is an instance made in place. Makes no
    /// string, so a caller that wants only where the chain starts pays for no names.
    private static func chainWalk(_ lexed: LexedSource, before index: Int, names: UnsafeMutableBufferPointer<Int>)
        -> (count: Int, start: Int, fingerprint: CalleeFingerprint, constructed: Bool)
    {
        var count = 0
        var fingerprint = CalleeFingerprint()
        var start = index
        var cursor = index - 1
        var constructed = false
        // PHP's fully qualified function, `\Acme\Ai\complete($p)` (lowercase by convention; a class's `\App\Llm::x`
        // or `new \App\Jobs\Summarize` is capitalised): a function call, found as the bare name is, not a member of
        // `Acme\Ai`. Its namespace is not checked against the defining file's.
        if lexed.language == .php, lexed.token(cursor, isPunctuation: Byte.backslash), index < lexed.tokens.count,
           case let first = lexed.bytes[lexed.tokens[index].start], first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z")
        {
            return (count, start, fingerprint, constructed)
        }
        while cursor >= 1, count < maximumChain {
            // Java's, Kotlin's and Elixir's `->` ends a lambda's parameters or a clause's pattern (`x ->
            // x.summarize(id)`, `fn x -> AI.summarize(x) end`): no member access.
            guard lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "?.")
                || (lexed.token(cursor, is: "->") && lexed.language != .java && lexed.language != .kotlin
                    && lexed.language != .elixir)
                || lexed.token(cursor, is: "::")
                || (lexed.language == .php && lexed.token(cursor, isPunctuation: Byte.backslash))
            else { break }
            var previous = cursor - 1
            if lexed.token(previous, isPunctuation: UInt8(ascii: "!")) || lexed.token(previous, isPunctuation: Byte.question) {
                previous -= 1
            }
            // An instance made in place: `(new Summarizer())->run(…)`, `(new Summarizer).run(…)`, and in PHP one
            // Laravel's container makes, `app(Summarizer::class)->run(…)`, `resolve(Summarizer::class)`,
            // `App::make(Summarizer::class)`, `app()->make(Summarizer::class)`.
            if lexed.token(previous, isPunctuation: Byte.closeParen), let type = constructedType(lexed, closingAt: previous) {
                names[count] = type
                count += 1
                fingerprint.add(lexed, token: type)
                start = lexed.partner[previous] > 0 ? lexed.partner[previous] - 1 : previous
                constructed = true
                break
            }
            if lexed.token(previous, isPunctuation: Byte.closeParen) || lexed.token(previous, isPunctuation: Byte.closeBracket) {
                let partner = lexed.partner[previous]
                guard partner > 0 else { break }
                previous = partner - 1
            }
            guard previous >= 0, lexed.tokens[previous].kind == .identifier else { break }
            names[count] = previous
            count += 1
            fingerprint.add(lexed, token: previous)
            start = previous
            cursor = previous - 1
        }
        // `new` before the chain makes its root (`new Summarizer().run()`); a `new` called as a method ends a statement
        // before it (Ruby's `tagger = Llm::Tagger.new` on the line above `tagger.tags_for(text)`).
        let newOperator = cursor >= 0 && lexed.token(cursor, is: "new") && !lexed.token(cursor - 1, isPunctuation: Byte.dot)
            && !lexed.token(cursor - 1, is: "::")
        return (count, start, fingerprint, constructed || newOperator)
    }

    /// Keywords a parenthesised expression may follow (`return (new Summarizer())->run()`), unlike a called name.
    private static let groupKeywords = WordSet(["return", "await", "yield", "echo", "print", "throw", "in", "of", "and", "or", "not", "case"])

    /// The class token of an instance the group closing at `close` makes: `(new Summarizer(…))`, `(new Summarizer)`,
    /// `(new \App\Summarizer)`, or in PHP Laravel's container, `app(Summarizer::class)`, `resolve(…)`, `make(…)`.
    private static func constructedType(_ lexed: LexedSource, closingAt close: Int) -> Int? {
        let open = lexed.partner[close]
        guard open >= 1, open < close else { return nil }
        // A group, not a call's arguments: `new Titler(new OpenAI()).title()` calls `title` on a Titler.
        let before = open - 1
        let isGroup = !(lexed.token(before, isPunctuation: Byte.closeParen) || lexed.token(before, isPunctuation: Byte.closeBracket))
            && (lexed.tokens[before].kind != .identifier || groupKeywords.contains(lexed.bytes[lexed.tokens[before].start..<lexed.tokens[before].end]))
        if isGroup, lexed.token(open + 1, is: "new") {
            // The class's name runs to the constructor's arguments or to the group's end; PHP may qualify it.
            var end = open + 2
            while end < close, lexed.tokens[end].kind == .identifier || lexed.token(end, isPunctuation: Byte.backslash)
                || lexed.token(end, isPunctuation: Byte.dot)
            {
                end += 1
            }
            guard end > open + 2, lexed.tokens[end - 1].kind == .identifier,
                  end == close || (lexed.token(end, isPunctuation: Byte.openParen) && lexed.partner[end] == close - 1)
            else { return nil }
            return end - 1
        }
        guard !isGroup, lexed.language == .php, lexed.token(open - 1, is: "app") || lexed.token(open - 1, is: "resolve")
                || lexed.token(open - 1, is: "make"),
              open + 3 < close, lexed.token(close - 1, is: "class"), lexed.token(close - 2, is: "::"),
              lexed.tokens[close - 3].kind == .identifier
        else { return nil }
        return close - 3
    }

    // MARK: Types of names

    /// `name = Type(…)`, `name = new Type(…)` inside a function, the name bare (no `self.`, `this.`, `@`, `->`):
    /// kept only for names the file binds to more than one type, where the file-wide `typedNames` cannot tell.
    private static func localTypes(_ lexed: LexedSource) -> [LocalType] {
        var found: [LocalType] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            let declared = lexed.token(index - 1, is: "const") || lexed.token(index - 1, is: "let")
                || lexed.token(index - 1, is: "var") || lexed.token(index - 1, is: "val")
            guard tokens[index].firstOnLine || declared, lexed.token(index + 1, isPunctuation: Byte.equals),
                  !lexed.token(index + 2, isPunctuation: Byte.equals)
            else { continue }
            var value = index + 2
            if lexed.token(value, is: "new") || lexed.token(value, is: "await") { value += 1 }
            guard tokens.indices.contains(value), tokens[value].kind == .identifier,
                  (65...90).contains(lexed.bytes[tokens[value].start]),
                  lexed.token(value + 1, isPunctuation: Byte.openParen) || lexed.token(value + 1, isPunctuation: Byte.dot)
            else { continue }
            let function = lexed.enclosingFunction(of: index)
            guard function >= 0 else { continue }
            found.append(LocalType(name: lexed.text(index), type: lexed.text(value), scope: lexed.span(of: function)))
        }
        // Only names bound to two types or more need it.
        var types: [String: Set<String>] = [:]
        for binding in found { types[binding.name, default: []].insert(binding.type) }
        return found.filter { (types[$0.name]?.count ?? 0) > 1 }
    }

    /// Whether `bytes` may write `?? new` or `|| new`: some `new` follows `?`, `|` or a comment's end with only spaces
    /// between. A byte search, so files without one are told apart without walking their tokens.
    static func mayConstructFallback(_ bytes: [UInt8]) -> Bool {
        let needle = Array("new".utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var hit = ByteSearch.find(needle, in: buffer, from: 0)
            while hit != Int.max {
                var before = hit - 1
                while before >= 0, buffer[before] == UInt8(ascii: " ") || buffer[before] == UInt8(ascii: "\t") { before -= 1 }
                if before >= 0, buffer[before] == UInt8(ascii: "?") || buffer[before] == UInt8(ascii: "|")
                    || buffer[before] == UInt8(ascii: "/")
                {
                    return true
                }
                hit = ByteSearch.find(needle, in: buffer, from: hit + 3)
            }
            return false
        }
    }

    /// Where a Rust type written from token `start` ends: at the first `,`, `)`, `=`, `;`, `{` or `|` outside its angle
    /// brackets, or a few tokens on.
    private static func rustTypeEnd(from start: Int, in lexed: LexedSource) -> Int {
        CodeIndex.typeEnd(from: start, before: min(lexed.tokens.count, start + 24), lexed: lexed) { cursor in
            lexed.tokens[cursor].kind == .punctuation
                && [Byte.comma, Byte.closeParen, Byte.equals, Byte.semicolon, Byte.openBrace, Byte.bar]
                    .contains(lexed.bytes[lexed.tokens[cursor].start])
        }
    }

    /// `llm: LlmService`, `LlmService llm;`, `private LlmService $llm`, `llm = LlmService()`, `@llm = Llm.new`.
    /// Also, under `name()`, the classes each of the file's functions returns (see `factoryReturns`).
    private static func typedNames(_ lexed: LexedSource, definitions: [Definition]) -> [String: String] {
        if lexed.language == .go { return goTypedNames(lexed) }
        var result: [String: String] = [:]
        let tokens = lexed.tokens
        func isTypeName(_ index: Int) -> Bool {
            guard tokens.indices.contains(index), tokens[index].kind == .identifier else { return false }
            let first = lexed.bytes[tokens[index].start]
            return first >= 65 && first <= 90
        }
        func qualifiedType(from index: Int) -> String {
            var text = lexed.text(index)
            // PHP's fully qualified name, `\App\Services\Ai $ai`: the namespace is the class's, without an import.
            if lexed.language == .php {
                var start = index
                while start >= 2, lexed.token(start - 1, isPunctuation: Byte.backslash), lexed.isIdentifier(start - 2) { start -= 2 }
                if start < index { text = lexed.text(lexed.tokens[start].start..<lexed.tokens[index].end) }
            }
            var cursor = index
            while lexed.token(cursor + 1, isPunctuation: Byte.dot) || lexed.token(cursor + 1, is: "::"), isTypeName(cursor + 2) {
                text += lexed.text(cursor + 1) + lexed.text(cursor + 2)
                cursor += 2
            }
            return text
        }
        func bind(_ nameIndex: Int, _ type: String) {
            var name = lexed.text(nameIndex)
            if name.hasPrefix("$") { name.removeFirst() }
            if result[name] == nil { result[name] = type }
        }
        // The object a JavaScript module keeps once per process: `globalForPrisma.prisma ?? new PrismaClient()`, the
        // type constructed after `??` or `||` on the value's line. Looked for only in a file that writes one: most have
        // none, and a value's line is not scanned then.
        let writesFallback = lexed.language.isJavaScriptLike && Self.mayConstructFallback(lexed.bytes)
        func constructedFallback(after value: Int) -> Int? {
            guard writesFallback, tokens.indices.contains(value) else { return nil }
            var cursor = value
            while cursor + 3 < tokens.count, tokens[cursor + 1].line == tokens[value].line {
                cursor += 1
                if lexed.token(cursor, isPunctuation: Byte.semicolon) { return nil }
                // `??` and `||` are two punctuation tokens each.
                let either = lexed.token(cursor, isPunctuation: Byte.question) && lexed.token(cursor + 1, isPunctuation: Byte.question)
                    || lexed.token(cursor, isPunctuation: Byte.bar) && lexed.token(cursor + 1, isPunctuation: Byte.bar)
                if either, lexed.token(cursor + 2, is: "new"), isTypeName(cursor + 3) { return cursor + 3 }
            }
            return nil
        }
        // The `=` of assignments of other values than a type's construction, for the registry and factory passes.
        var assignments: [Int] = []
        var returns: [Int] = []
        for index in tokens.indices where tokens[index].kind == .identifier {
            if lexed.token(index, is: "return") {
                returns.append(index)
                continue
            }
            // name: Type  (TypeScript, Kotlin, Swift, Python annotations, Rust)
            if lexed.token(index + 1, isPunctuation: Byte.colon) {
                var type = index + 2
                // Rust's references and wrappers stand for the type they hold: `llm: &Llm`, `&mut Llm`,
                // `Arc<Llm>`, `Arc<Mutex<Llm>>`, `web::Data<Llm>`.
                if lexed.language == .rust, !lexed.token(index + 2, isPunctuation: Byte.colon),
                   let held = CodeIndex.rustHeldType(in: type..<rustTypeEnd(from: type, in: lexed), lexed: lexed)
                {
                    bind(index, held)
                    continue
                }
                if lexed.token(type, isPunctuation: UInt8(ascii: "&")) { type += 1 }
                if isTypeName(type) {
                    let qualified = qualifiedType(from: type)
                    bind(index, qualified)
                    // `providers: Record<string, Provider> = {`: the registry's `=`, further along the line.
                    if registryContainers.contains(qualified), let sign = registrySign(after: type, in: lexed) {
                        assignments.append(sign)
                    }
                }
                continue
            }
            // Type name;  Type name =  Type name)  Type name,  (Java, C#, PHP `Type $name`)
            // On one line: `import Titler` then `summarizer = Summarizer()` on the next is no declaration.
            if isTypeName(index), tokens.indices.contains(index + 1), tokens[index + 1].kind == .identifier,
               tokens[index + 1].line == tokens[index].line,
               lexed.token(index + 2, isPunctuation: Byte.semicolon) || lexed.token(index + 2, isPunctuation: Byte.equals)
                || lexed.token(index + 2, isPunctuation: Byte.closeParen) || lexed.token(index + 2, isPunctuation: Byte.comma)
            {
                bind(index + 1, qualifiedType(from: index))
                continue
            }
            // A module's default export made as an instance: `export default new Type(` (`module.exports = new Type(`
            // binds `exports` below).
            if lexed.language.isJavaScriptLike, lexed.token(index, is: "default"), lexed.token(index - 1, is: "export"),
               lexed.token(index + 1, is: "new"), isTypeName(index + 2)
            {
                bind(index, qualifiedType(from: index + 2))
                continue
            }
            // name = new Type(   name = Type(   name = Type.new
            if lexed.token(index + 1, isPunctuation: Byte.equals), !lexed.token(index + 2, isPunctuation: Byte.equals) {
                var value = index + 2
                if lexed.token(value, is: "new") { value += 1 }
                // FastAPI's `llm=Depends(get_llm)`: what the dependency's function returns, or its class.
                if lexed.language == .python, lexed.token(value, is: "Depends"), lexed.token(value + 1, isPunctuation: Byte.openParen),
                   lexed.isIdentifier(value + 2), lexed.token(value + 3, isPunctuation: Byte.closeParen)
                {
                    bind(index, isTypeName(value + 2) ? qualifiedType(from: value + 2) : lexed.text(value + 2) + "()")
                } else if isTypeName(value) {
                    bind(index, qualifiedType(from: value))
                } else if let fallback = constructedFallback(after: value) {
                    bind(index, qualifiedType(from: fallback))
                } else if let asked = containerLookupType(lexed, value: lexed.token(value, is: "await") ? value + 1 : value) {
                    // `var s = sp.GetRequiredService<IChatService>()`: what the container hands back is of the type asked.
                    bind(index, qualifiedType(from: asked))
                } else {
                    assignments.append(index + 1)
                }
            }
        }
        // Registries of objects (`const providers = { openai: new OpenAIProvider() }`) typed by the classes they hold,
        // over an annotation that says only that they are one (`Record<string, Provider>`).
        let registries = result.merging(registryNames(lexed, assignments: assignments)) { declared, held in
            registryContainers.contains(declared) ? held : declared
        }
        // Names bound to what a factory returns (`tts = getTTSProvider()`), where nothing above typed them.
        return registries.merging(factoryResultNames(lexed, typed: registries, assignments: assignments)) { declared, _ in declared }
            .merging(factoryReturns(lexed, returns: returns, definitions: definitions, registries: registries)) { declared, _ in declared }
    }
}
