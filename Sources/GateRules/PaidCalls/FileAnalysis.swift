import Foundation

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
struct FileAnalysis: Sendable {
    let language: SourceLanguage?
    let lexed: LexedSource?
    /// Whether the file names a provider (its SDK, host or model ids); without that only requests are looked for.
    let namesProvider: Bool
    let sites: [PaidCallSite]
    /// For each function block, the first paid call it reaches (directly or through same-file functions).
    let reach: [Int: PaidCallSite]
    /// Function blocks by the hash of their name.
    let functionsByName: [UInt64: [Int]]
    let indirectCalls: [IndirectPaidCall]
    /// Why the file is background work (a job path or a framework marker), if it is.
    let jobContext: String?
    /// Loop blocks that are hand-written retry loops (their repetitions are retries, not batch work).
    let retryLoops: Set<Int>

    static let empty = FileAnalysis(
        language: nil, lexed: nil, namesProvider: false, sites: [], reach: [:], functionsByName: [:], indirectCalls: [],
        jobContext: nil, retryLoops: [])

    /// The analysis of `file`, computed on first use and shared by every detector.
    static func of(_ file: SourceFile, context: DetectionContext) -> FileAnalysis {
        let catalogue = CompiledCatalogue.compiled(for: context.providers)
        return file.analysisCache.value(for: catalogue) { compute(file, catalogue: catalogue, context: context) }
    }

    private static func compute(_ file: SourceFile, catalogue: CompiledCatalogue, context: DetectionContext)
        -> FileAnalysis
    {
        guard let language = SourceLanguage(path: file.path), !file.addedLines.isEmpty else { return .empty }
        // A request whose URL is a constant another file exports (`fetch(CHAT_URL)`) names no provider here: with
        // a code index, a file that sends requests and imports project code is read for those, unless none of the
        // files it imports names a provider's host or paid path (where such a constant would be).
        let namesProvider: Bool
        if let code = context.code {
            let groups = catalogue.providersOrRequests.matchedGroups(file.bytes, enough: 1)
            namesProvider = groups & 1 != 0
            guard namesProvider
                || (groups & 2 != 0 && code.mayReferenceProjectCode(file.bytes, path: file.path, language: language)
                    && code.importsMayReachPaid(path: file.path, language: language, bytes: file.bytes, lexed: nil) != false)
            else { return .empty }
        } else {
            namesProvider = catalogue.prefilter.matches(file.bytes)
            guard namesProvider else { return .empty }
        }
        let lexed = Lexer.lex(file.bytes, language: language)
        var builder = SiteFinder(lexed: lexed, catalogue: catalogue)
        builder.path = file.path
        builder.code = context.code
        // Without a provider's name no SDK call can be recognised: only requests are looked for.
        builder.requestsOnly = !namesProvider
        if namesProvider { builder.markProvidersInScope() }
        let sites = builder.findSites()
        guard !sites.isEmpty else {
            return FileAnalysis(
                language: language, lexed: lexed, namesProvider: namesProvider, sites: [], reach: [:],
                functionsByName: [:], indirectCalls: [], jobContext: nil, retryLoops: [])
        }
        var functions: [UInt64: [Int]] = [:]
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let name = block.nameRange else { continue }
            functions[byteHash(lexed.bytes, name, lowercased: false), default: []].append(index)
        }
        let reach = Reachability(lexed: lexed, sites: sites, functions: functions).compute()
        let indirect = indirectCalls(lexed: lexed, functions: functions, reach: reach)
        let job = JobContext.reason(path: file.path, lexed: lexed, context: context)
        let retryLoops = Set(lexed.blocks.indices.filter { RetryScanner.retryLoopAttempts(lexed, block: $0) != nil })
        return FileAnalysis(
            language: language, lexed: lexed, namesProvider: namesProvider, sites: sites, reach: reach,
            functionsByName: functions, indirectCalls: indirect, jobContext: job, retryLoops: retryLoops)
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
                    || lexed.token(receiver, is: "$this") || lexed.token(receiver, is: "cls")
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

    /// The innermost loop enclosing token `index`, if any.
    func enclosingLoop(of index: Int) -> Int? {
        guard let lexed else { return nil }
        var block = lexed.tokens[index].block
        while block >= 0 {
            if lexed.blocks[block].kind == .loop, !isRetryLoop(block) { return block }
            block = lexed.blocks[block].parent
        }
        return nil
    }
}

/// Finds which providers a file uses and where it calls them.
struct SiteFinder {
    let lexed: LexedSource
    let catalogue: CompiledCatalogue
    /// How each provider is in scope: 0 not, 1 imported, 2 named by one of its symbols (more specific).
    var inScope: [Int]
    /// Function blocks by the token index of their opening brace.
    let functionOpenedAt: [Int: Int]
    /// The file's path: a provider's directory (`providers/anthropic/`) attributes calls to it.
    var path = ""
    /// The code index, to read constants the file imports; nil for a file judged alone.
    var code: CodeIndex?
    /// Whether to look for HTTP requests only (the file names no provider, so no SDK call can match).
    var requestsOnly = false

    init(lexed: LexedSource, catalogue: CompiledCatalogue) {
        self.lexed = lexed
        self.catalogue = catalogue
        inScope = [Int](repeating: 0, count: catalogue.providers.count)
        var opened: [Int: Int] = [:]
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function { opened[block.openToken] = index }
        functionOpenedAt = opened
    }

    /// A provider is in scope when the file imports its SDK or names one of its symbols.
    mutating func markProvidersInScope() {
        for module in ImportScanner.modules(in: lexed) {
            for provider in catalogue.providers(importing: CompiledCatalogue.normalizeModule(module)) {
                inScope[provider] = max(inScope[provider], 1)
            }
        }
        // `providers/anthropic/client.py`, `app/providers/openai.py`: the code of one provider's integration.
        let names = Self.componentNames(path)
        for (provider, name) in catalogue.providerNames.enumerated() where name.count >= 5 && names.contains(name) {
            inScope[provider] = max(inScope[provider], 1)
        }
        let bytes = lexed.bytes
        for token in lexed.tokens where token.kind == .identifier {
            for entry in catalogue.symbolEntries(bytes, token.start..<token.end) ?? [] { inScope[entry.provider] = 2 }
        }
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
        let tokens = lexed.tokens
        let bytes = lexed.bytes
        var index = requestsOnly ? -1 : tokens.count - 1
        while index >= 0 {
            defer { index -= 1 }
            let token = tokens[index]
            // URL strings are judged where they are sent (HTTPRequestSites), not where they are written.
            if token.kind == .string { continue }
            guard token.kind == .identifier, !consumed.contains(index),
                  lexed.token(index + 1, isPunctuation: Byte.openParen),
                  let shapes = catalogue.shapesByLastSegment[byteHash(bytes, token.start..<token.end, lowercased: true)]
            else { continue }
            if isDefinition(index) { continue }
            let chain = chainEnding(at: index)
            // Rank: in scope by symbol, by import, named in the chain (`anthropic_client.messages.create`), or a
            // distinctive shape of three segments or more (`chat.completions.create` on a client imported from
            // another module of the project); then the longer shape, then catalogue order.
            var best: CompiledShape?
            var bestRank = (0, 0)
            // The call's string arguments, lowercased, read at the first shape that asks (many shapes end in
            // `create`).
            var stringArguments: [String]?
            for shape in shapes where shape.segments.count <= chain.count && matches(shape, chain) {
                var scope = inScope[shape.provider] * 2
                if scope == 0 {
                    if chainNames(chain, provider: shape.provider)
                        || argumentsNameModel(of: shape.provider, call: index, arguments: &stringArguments)
                    {
                        scope = 1
                    } else if shape.segments.count < 3 || catalogue.providers[shape.provider].hosts.isEmpty {
                        continue
                    }
                }
                let rank = (scope, shape.segments.count)
                if best != nil, rank <= bestRank { continue }
                best = shape
                bestRank = rank
            }
            guard let best else { continue }
            if chain.count == 1 && !isSymbol(index, of: best.provider) { continue }
            for link in chain { consumed.insert(link) }
            let root = tokens[chain[0]]
            let evidence = chain.map { lexed.text($0) }.joined(separator: ".")
            sites.append(PaidCallSite(
                provider: catalogue.providers[best.provider].id, kind: best.isBatch ? .batchAPI : .sdk,
                token: chain[0], line: root.line, column: root.column, evidence: evidence + "(…)"))
        }
        var requests = HTTPRequestSites(lexed: lexed, catalogue: catalogue)
        if let code { requests.importedValue = ImportedConstants(code: code, lexed: lexed, path: path, catalogue: catalogue).value }
        return requests.sites(sdkSites: sites)
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
        let close = lexed.partner[index + 1]
        guard close > 0, lexed.token(close + 1, isPunctuation: Byte.openBrace),
              let block = functionOpenedAt[close + 1]
        else { return false }
        return lexed.blocks[block].nameRange?.lowerBound == lexed.tokens[index].start
    }

    /// Token indices of the member chain ending at `index`: `client.chat().completions().create` →
    /// `client`, `chat`, `completions`, `create`.
    func chainEnding(at index: Int) -> [Int] {
        var chain = [index]
        var cursor = index - 1
        while cursor >= 1 {
            guard lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "?.")
                || lexed.token(cursor, is: "->") || lexed.token(cursor, is: "::")
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
        for (position, segment) in shape.segments.enumerated() {
            let token = lexed.tokens[chain[offset + position]]
            guard token.end - token.start == segment.count else { return false }
            var index = 0
            while index < segment.count {
                if Byte.lower(lexed.bytes[token.start + index]) != segment[index] { return false }
                index += 1
            }
        }
        return true
    }
}

/// Which paid calls each function of a file reaches, following calls to other functions of the file.
struct Reachability {
    let lexed: LexedSource
    let sites: [PaidCallSite]
    let functions: [UInt64: [Int]]

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
        if let site = sites.first(where: { range.contains($0.token) }) {
            result[block] = site
            return site
        }
        for index in range where lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen) {
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
    static func modules(in lexed: LexedSource) -> [[UInt8]] {
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
        case .python:
            for index in tokens.indices where tokens[index].firstOnLine {
                if lexed.token(index, is: "from") {
                    let (module, next) = dottedName(lexed, from: index + 1)
                    modules.append(module)
                    guard lexed.token(next, is: "import") else { continue }
                    var cursor = next + 1
                    while cursor < tokens.count, tokens[cursor].line == tokens[next].line
                        || lexed.isToken(cursor, insideGroupAfter: next)
                    {
                        if tokens[cursor].kind == .identifier, !lexed.token(cursor - 1, is: "as") {
                            modules.append(module + [Byte.dot] + slice(cursor))
                        }
                        cursor += 1
                    }
                } else if lexed.token(index, is: "import") {
                    var cursor = index + 1
                    while cursor < tokens.count, tokens[cursor].line == tokens[index].line {
                        let (module, next) = dottedName(lexed, from: cursor)
                        if !module.isEmpty { modules.append(module) }
                        cursor = max(next, cursor + 1)
                        if lexed.token(cursor, is: "as") { cursor += 2 }
                        if lexed.token(cursor, isPunctuation: Byte.comma) { cursor += 1 }
                    }
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

    /// `a.b.c` starting at `index`: the name and the index after it.
    private static func dottedName(_ lexed: LexedSource, from index: Int) -> ([UInt8], Int) {
        var name: [UInt8] = []
        var cursor = index
        var expectsName = true
        let line = index < lexed.tokens.count ? lexed.tokens[index].line : 0
        while cursor < lexed.tokens.count, lexed.tokens[cursor].line == line {
            let token = lexed.tokens[cursor]
            if expectsName, token.kind == .identifier, !lexed.token(cursor, is: "import") {
                name += lexed.bytes[token.start..<token.end]
            } else if !expectsName, lexed.token(cursor, isPunctuation: Byte.dot) {
                name.append(Byte.dot)
            } else {
                break
            }
            expectsName.toggle()
            cursor += 1
        }
        return (name, cursor)
    }
}

extension LexedSource {
    /// Whether `index` lies inside a parenthesised group that starts right after token `after`.
    func isToken(_ index: Int, insideGroupAfter after: Int) -> Bool {
        guard token(after + 1, isPunctuation: Byte.openParen) else { return false }
        let close = partner[after + 1]
        return close > 0 && index <= close
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
