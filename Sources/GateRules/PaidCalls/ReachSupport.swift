import Foundation
import GateCore

/// The catalogue's paid calls and the guard vocabulary, as GateCode's index asks for them.
public struct CatalogueLeafRecognizer: LeafRecognizer {
    let catalogue: CompiledCatalogue
    /// Guard helpers the change empties (`requireUser` whose body no longer refuses anybody): their names are no
    /// guard words, and they are no guards whatever their bodies read. Empty but for the unchanged routes calling
    /// them, judged again (UnchangedEndpointReach).
    var disarmedGuards: Set<String> = []
    /// The Laravel aliases of those helpers that are middleware classes (`auth` of `Authenticate`): a route naming one
    /// (`'auth:sanctum'`) is not guarded by it.
    var disarmedMiddlewareAliases: Set<String> = []
    /// tRPC procedure builders the change leaves refusing nobody (`protectedProcedure` whose middleware no longer
    /// throws): procedures built on them are as open as `publicProcedure`'s. Empty but for the unchanged procedures
    /// built on them, judged again (UnchangedEndpointReach).
    var openedProcedures: Set<String> = []
    /// tRPC builders guarded before the change: the procedures built on them are judged as they were, whatever their
    /// declarations say now (UnchangedEndpointReach asks which procedures were open anyway).
    var proceduresGuardedBefore: Set<String> = []

    public init(providers: [Provider] = ProviderCatalogue.builtin) {
        catalogue = CompiledCatalogue.compiled(for: providers)
    }

    public func isRetryLoop(_ loop: Enclosure, in lexed: LexedSource) -> Bool {
        RetryScanner.retryLoopAttempts(lexed, loop: loop) != nil
    }

    public func paidLeaves(in lexed: LexedSource, path: String) -> [PaidLeaf] {
        guard catalogue.prefilter.matches(lexed.bytes) else { return [] }
        return leaves(in: lexed, path: path, assuming: nil)
    }

    public func paidLeaves(in lexed: LexedSource, path: String, code: CodeIndex) -> [PaidLeaf] {
        // Ruby: a client a Rails initializer keeps in a constant is called by the constant alone (`LLM.embed(…)`).
        let initializerClients = RubyInitializerClientCalls(
            bytes: lexed.bytes, language: lexed.language, code: code, catalogue: catalogue)
        if !initializerClients.isEmpty {
            var finder = SiteFinder(lexed: lexed, catalogue: catalogue)
            finder.path = path
            finder.markProvidersInScope()
            let scopeBefore = initializerClients.markInScope(&finder)
            return finder.findSites().filter { initializerClients.keeps($0, scopeBefore: scopeBefore, lexed: lexed, catalogue: catalogue) }
                .map { PaidLeaf(token: $0.token, line: $0.line, provider: $0.provider, evidence: $0.evidence.leafText) }
        }
        guard catalogue.prefilter.matches(lexed.bytes) else { return [] }
        // Only .NET's typed clients, Spring's client beans and the OpenAI clients Go and .NET wrappers are handed are
        // configured apart: other files are read alone.
        let configuredApart = lexed.language == .csharp || lexed.language == .java || lexed.language == .kotlin
            || lexed.language == .go
        return leaves(
            in: lexed, path: path, assuming: nil, clientsConfiguredBy: configuredApart ? code : nil,
            modelsMadeBy: lexed.language.isJavaScriptLike ? code : nil)
    }

    public func mayHavePaidLeaves(_ bytes: [UInt8]) -> Bool { catalogue.prefilter.matches(bytes) }

    public func mayNamePaidMethod(_ name: String) -> Bool {
        catalogue.shapesByLastSegment[Self.lowercasedHash(name)] != nil
    }

    /// `byteHash` of the name's bytes, lowercased, without copying them into an array (asked of most calls); a Ruby or
    /// Elixir name's closing `!` left out, as `CompiledCatalogue.shapeNameRange` leaves it out of a token.
    private static func lowercasedHash(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let utf8 = name.utf8
        let count = utf8.count > 1 && utf8.last == UInt8(ascii: "!") ? utf8.count - 1 : utf8.count
        for byte in utf8.prefix(count) { hash = (hash ^ UInt64(Byte.lower(byte))) &* 0x100_0000_01b3 }
        return hash
    }

    public func callsObjects(of provider: String) -> Bool {
        catalogue.objectCallShapes.contains { catalogue.providers[$0.provider].id == provider }
    }

    public func isBatchCall(_ method: String, of provider: String) -> Bool {
        catalogue.providers.contains { $0.id == provider && $0.batchCalls.contains(method) }
    }

    public func buildsOnlyLocalModels(_ lexed: LexedSource, path: String, provider: String, index code: CodeIndex) -> Bool {
        guard let index = catalogue.providers.firstIndex(where: { $0.id == provider }) else { return false }
        var finder = SiteFinder(lexed: lexed, catalogue: catalogue)
        finder.path = path
        finder.modelModules = code
        finder.markProvidersInScope()
        if finder.runsLocally.contains(index) { return true }
        // Mastra's agents and the AI SDK's calls handed only models of a provider made for a server on this machine
        // (`new Agent({ model: ollama("llama3.1") })` after `const ollama = createOpenAI({ baseURL: "http://localhost:11434/v1" })`).
        if lexed.language.isJavaScriptLike, CodeIndex.javaScriptModelFrameworks.contains(provider) {
            return finder.handsOnlyLocalAISDKModels()
        }
        // An SDK's client made only for a server on this machine (`OpenAI(base_url="http://localhost:11434/v1")`).
        let constructions = lexed.tokens.indices.filter { token in
            lexed.token(token + 1, isPunctuation: Byte.openParen) && catalogue.provider(symbolAt: token, in: lexed) == index
        }
        return !constructions.isEmpty && constructions.allSatisfy { SiteFinder.constructsForLocalModel(lexed, openParen: $0 + 1, catalogue: catalogue) }
    }

    public func paidMethod(_ method: String, ofObjectMadeBy maker: String) -> String? {
        let made = Array(maker.utf8).map(Byte.lower)
        return catalogue.shapesByLastSegment[Self.lowercasedHash(method)]?.first { $0.segments.count == 2 && $0.segments[0] == made }
            .map { catalogue.providers[$0.provider].id }
    }

    public func provider(ofObjectsMadeBy maker: String, importing modules: [String]) -> String? {
        let made = Array(maker.utf8).map(Byte.lower)
        let imported = Set(modules.flatMap { catalogue.providers(importing: CompiledCatalogue.normalizeModule(Array($0.utf8))) })
        guard !imported.isEmpty else { return nil }
        return catalogue.shapesByLastSegment.values.joined()
            .first { $0.segments.count == 2 && $0.segments[0] == made && imported.contains($0.provider) }
            .map { catalogue.providers[$0.provider].id }
    }

    public func paidProvider(ofURL url: String) -> (provider: String, evidence: String)? {
        guard let value = HTTPRequestSites.urlValue(ofLiteral: url), let host = value.host, !HTTPRequestSites.isLocal(host),
              let provider = catalogue.provider(forHost: host[...]), !HTTPRequestSites.isFreePath(value.path)
        else { return nil }
        return (catalogue.providers[provider].id, String(decoding: host, as: UTF8.self) + HTTPRequestSites.trimmedPath(value.path))
    }

    public func namesNoGuard(_ function: String) -> Bool {
        if !disarmedGuards.isEmpty, disarmedGuards.contains(function) { return true }
        let name = ArraySlice(function.utf8)
        return HandlerFinder.optionalAuthentication.contains { HandlerFinder.containsFolded(name, $0) }
    }

    public func uncheckedSessionReads(
        in lexed: LexedSource, within span: ClosedRange<Int>, guardTokens: [Int], readers: Set<String>
    ) -> [ClosedRange<Int>] {
        var finder = HandlerFinder(lexed: lexed, path: "")
        finder.guardTokens = guardTokens
        return finder.uncheckedSessionReads(in: span, readers: readers)
    }

    public func paidLeaves(in lexed: LexedSource, path: String, assuming provider: String) -> [PaidLeaf] {
        guard let index = catalogue.providers.firstIndex(where: { $0.id == provider }) else { return [] }
        return leaves(in: lexed, path: path, assuming: index).filter { $0.provider == provider }
    }

    public func clientProvider(ofType type: String) -> String? {
        // `OpenAI::Client`, `openai.OpenAI`: the provider's symbol is the first or the last segment.
        let segments = type.split(whereSeparator: { $0 == ":" || $0 == "." }).map { Array($0.utf8) }
        for segment in [segments.last, segments.first].compactMap({ $0 }) where !segment.isEmpty {
            if let found = catalogue.providersBySymbol[byteHash(segment, 0..<segment.count, lowercased: false)]?
                .first(where: { $0.symbol == segment })
            {
                return catalogue.providers[found.provider].id
            }
        }
        return nil
    }

    private func leaves(
        in lexed: LexedSource, path: String, assuming provider: Int?, clientsConfiguredBy code: CodeIndex? = nil,
        modelsMadeBy modelModules: CodeIndex? = nil
    ) -> [PaidLeaf] {
        var finder = SiteFinder(lexed: lexed, catalogue: catalogue)
        finder.path = path
        finder.clientConfiguration = code
        finder.modelModules = modelModules
        finder.markProvidersInScope()
        if let provider { finder.inScope[provider] = 2 }
        return finder.findSites().map { site in
            PaidLeaf(token: site.token, line: site.line, provider: site.provider, evidence: site.evidence.leafText)
        }
    }

    public func guardTokens(in lexed: LexedSource) -> [Int] {
        // Asked of every file reach reads. A guard word of four bytes or more lies inside its identifier, so
        // only identifiers where the prefilter found one are judged, with the tokens the words can't find:
        // numbers (401, 403), `session` and `jwt`. A file without any of the long words may still hold those
        // (`app.use(expressjwt({ … }))`, `res.status(401)`), so it is read all the same.
        let starts = HandlerFinder.guardPrefilter.matchStarts(lexed.bytes)
        // The short words, found in the bytes once rather than looked for in every identifier.
        let short = Self.occurrences(of: HandlerFinder.shortGuardWords, in: lexed.bytes)
        let finder = HandlerFinder(lexed: lexed, path: "")
        var result: [Int] = []
        var next = 0
        var nextShort = 0
        // A DRF declaration that lets anyone in (`permission_classes=[permissions.AllowAny]`) names no guard, as
        // `containsGuard` reads a whole range: none of its tokens is one.
        var declaredOpenThrough = -1
        lexed.tokens.withUnsafeBufferPointer { tokens in
            for index in tokens.indices where index > declaredOpenThrough {
                let token = tokens[index]
                let candidate: Bool
                switch token.kind {
                case .number: candidate = true
                case .identifier:
                    while next < starts.count, starts[next] < token.start { next += 1 }
                    while nextShort < short.count, short[nextShort].start < token.start { nextShort += 1 }
                    // A short word lies inside the identifier: one that starts in it and ends by its end.
                    var shortInside = false
                    var probe = nextShort
                    while probe < short.count, short[probe].start < token.end {
                        if short[probe].end <= token.end { shortInside = true; break }
                        probe += 1
                    }
                    // Seven bytes: `session`; four starting with `u`: `user` of `locals.user`.
                    candidate = (next < starts.count && starts[next] < token.end) || token.end - token.start == 7 || shortInside
                        || (token.end - token.start == 4 && lexed.bytes[token.start] == UInt8(ascii: "u"))
                default: candidate = false
                }
                guard candidate else { continue }
                if token.kind == .identifier, let end = finder.openDRFClassList(at: index) ?? finder.outgoingCredentials(at: index) {
                    declaredOpenThrough = end
                    continue
                }
                if finder.containsGuard(index...index) { result.append(index) }
            }
        }
        guard !disarmedGuards.isEmpty else { return result }
        // A disarmed helper's qualifier goes with it: the package or module it is read from (Go's `auth` of
        // `r.Use(auth.RequireUser)`) names where it lives, not another check.
        func isDisarmed(_ index: Int) -> Bool {
            guard index < lexed.tokens.count, lexed.tokens[index].kind == .identifier else { return false }
            return disarmedGuards.contains(lexed.text(index))
        }
        // NestJS's `@UseGuards(JwtAuthGuard)` (or `useGlobalGuards(new JwtAuthGuard())`) applying disarmed guards only.
        func appliesOnlyDisarmed(_ index: Int) -> Bool {
            guard lexed.token(index, is: "UseGuards") || lexed.token(index, is: "useGlobalGuards"),
                  lexed.token(index + 1, isPunctuation: Byte.openParen)
            else { return false }
            var close = index + 2
            var depth = 1
            while close < lexed.tokens.count {
                if lexed.token(close, isPunctuation: Byte.openParen) { depth += 1 }
                if lexed.token(close, isPunctuation: Byte.closeParen) { depth -= 1; if depth == 0 { break } }
                close += 1
            }
            let arguments = ((index + 2)..<close).filter { lexed.tokens[$0].kind == .identifier }
            return arguments.contains(where: isDisarmed)
                && arguments.allSatisfy { isDisarmed($0) || lexed.token($0, is: "new") }
        }
        return result.filter { index in
            guard lexed.tokens[index].kind == .identifier else { return true }
            if isDisarmed(index) || appliesOnlyDisarmed(index) { return false }
            return !(lexed.token(index + 1, isPunctuation: Byte.dot) && isDisarmed(index + 2)
                && !lexed.token(index + 3, isPunctuation: Byte.dot))
        }
    }

    /// Where each of `words` (lower case) occurs in `bytes`, ASCII case folded, sorted by where it starts: each
    /// word's first byte in either case is found with memchr, and the rest compared folded.
    static func occurrences(of words: [[UInt8]], in bytes: [UInt8]) -> [(start: Int, end: Int)] {
        var found: [(start: Int, end: Int)] = []
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            for word in words {
                guard let first = word.first, bytes.count >= word.count else { continue }
                // The bytes that fold to the first: itself and, for a lower-case letter, its upper case.
                for byte in [first, first &- 32] where Byte.lower(byte) == first {
                    var from = 0
                    while from <= bytes.count - word.count,
                          let hit = memchr(base + from, Int32(byte), bytes.count - word.count - from + 1)
                    {
                        let start = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                        var offset = 1
                        while offset < word.count, Byte.lower(bytes[start + offset]) == word[offset] { offset += 1 }
                        if offset == word.count { found.append((start, start + word.count)) }
                        from = start + 1
                    }
                }
            }
        }
        found.sort { $0.start < $1.start || ($0.start == $1.start && $0.end < $1.end) }
        return found
    }
}

extension String {
    /// `openai.chat.completions.create(…)` → `openai.chat.completions.create`.
    var leafText: String { hasSuffix("(…)") ? String(dropLast(3)) : self }
}

extension DetectionContext {
    /// The code index detectors ask about other files; examples and single files get one over the file itself.
    func codeIndex(for file: SourceFile) -> CodeIndex {
        if let code { return code }
        return file.memo.value(for: ObjectIdentifier(CodeIndex.self)) {
            CodeIndex(
                tree: InMemorySourceTree([file.path: String(decoding: file.bytes, as: UTF8.self)]),
                recognizer: CatalogueLeafRecognizer(providers: providers))
        }
    }
}

/// A call the change adds that reaches a paid call through a function (of this file or another).
struct ReachedCall: Sendable {
    var call: CallFact
    var reach: CallReach
    /// The chain to report: the first paid chain among the call's targets.
    var paid: PaidReach
    var inLoop: Bool

    /// `complete() lib/ai.ts:5 → openai.chat.completions.create`, and the ambiguity when there is one.
    var chainText: String {
        guard reach.isAmbiguous else { return paid.chain }
        let candidates = Set(reach.targets.map(\.path)).sorted().joined(separator: " or ")
        return "\(call.name)() is ambiguous (\(candidates)); one of them reaches \(paid.chain)"
    }

    /// The provider when every paid target agrees on it.
    var provider: String {
        let providers = Set(reach.paid.map(\.provider))
        return providers.count == 1 ? paid.provider : "ambiguous (\(providers.sorted().joined(separator: ", ")))"
    }
}

/// The calls a changed file adds that reach paid calls through functions, computed once per file.
///
/// A class, as `FileAnalysis` is: several detectors of every changed file ask for it.
final class ReachCalls: Sendable {
    let facts: FileFacts?
    let lexed: LexedSource?
    let calls: [ReachedCall]
    /// Why the whole file is background work, if it is.
    let jobContext: String?
    /// What each call of `facts` reaches, by its position in `facts.calls`, where it was asked here (nil where
    /// not): the endpoint detector asks again about the calls of the file's handlers, and starts from these.
    let reaches: [CallReach?]
    /// The methods of the file a scheduler's configuration names (JobContext.scheduledMethodReason).
    let scheduledMethods: [ScheduledEntryPoint]
    /// Scheduled functions registered beside request handlers, in a file that is no background work as a whole.
    let backgroundScopes: [ScheduledRegistrations.Scope]

    init(
        facts: FileFacts?, lexed: LexedSource?, calls: [ReachedCall], jobContext: String?, reaches: [CallReach?],
        scheduledMethods: [ScheduledEntryPoint] = [], backgroundScopes: [ScheduledRegistrations.Scope] = []
    ) {
        self.facts = facts
        self.lexed = lexed
        self.calls = calls
        self.jobContext = jobContext
        self.reaches = reaches
        self.scheduledMethods = scheduledMethods
        self.backgroundScopes = backgroundScopes
    }

    static let empty = ReachCalls(facts: nil, lexed: nil, calls: [], jobContext: nil, reaches: [])

    static func of(_ file: SourceFile, context: DetectionContext) -> ReachCalls {
        file.memo.value(for: ObjectIdentifier(ReachCalls.self)) { compute(file, context: context) }
    }

    private static func compute(_ file: SourceFile, context: DetectionContext) -> ReachCalls {
        guard let language = file.language, !file.addedLines.isEmpty || !file.deletionPoints.isEmpty,
              !file.bytes.isEmpty
        else {
            return .empty
        }
        let analysis = FileAnalysis.of(file, context: context)
        // Without paid calls of its own, a file reaches one only through another file; a file that imports no
        // code of the project (most files of a large change) is not worth lexing for that.
        if analysis.lexed == nil {
            guard let code = context.code, code.mayReferenceProjectCode(file.bytes, path: file.path, language: language)
            else { return .empty }
        }
        let index = context.codeIndex(for: file)
        var lexedSoFar = analysis.lexed
        // Nor, with no paid call and no provider's SDK in scope, when nothing it imports can reach one (most of a
        // large change's files): decided from the bytes where the language allows, before lexing. A file with a
        // provider in scope may pass its client to a class of a file that imports nothing paid (`injectedReach`).
        if analysis.sites.isEmpty, !analysis.providerInScope {
            func verdict() -> Bool? {
                index.importsMayReachPaid(path: file.path, language: language, bytes: file.bytes, lexed: lexedSoFar)
            }
            // FileAnalysis may have asked already, from the bytes.
            var mayReach = analysis.importsMayReachPaid ?? verdict()
            if mayReach == nil {
                lexedSoFar = Lexer.lex(file.bytes, language: language)
                mayReach = verdict()
            }
            if mayReach == false { return .empty }
        }
        let lexed = lexedSoFar ?? Lexer.lex(file.bytes, language: language)
        // The paid calls FileAnalysis found are this file's leaves; none when its prefilter rejected the file.
        let leaves = analysis.sites.map {
            PaidLeaf(token: $0.token, line: $0.line, provider: $0.provider, evidence: $0.evidence.leafText)
        }
        let facts = index.facts(of: file.path, lexed: lexed, leaves: leaves)
        let direct = Set(analysis.sites.map(\.token))
        var result: [ReachedCall] = []
        var reaches = [CallReach?](repeating: nil, count: facts.calls.count)
        for (position, call) in facts.calls.enumerated() where file.adds(call.line) && !direct.contains(call.token) {
            // A call that is itself part of a paid call chain (`client.chat.completions.create`) is the leaf.
            if facts.paidLeaves.contains(where: { $0.line == call.line && $0.token <= call.token }) { continue }
            let reach = index.reach(of: call, in: facts)
            reaches[position] = reach
            guard let paid = reach.paid.first else { continue }
            // A same-file wrapper whose paid call the change adds too is already reported where it is.
            if reach.targets.allSatisfy({ $0.path == file.path }),
               paid.hops.count == 1, facts.paidLeaves.contains(where: { file.adds($0.line) && paid.hops[0].definition.tokens.contains($0.token) })
            {
                continue
            }
            var located = call
            // Reported where the call's chain starts (`this.complete(`), like direct SDK calls.
            located.column = lexed.tokens[FactExtractor.chainStart(lexed, at: call.token)].column
            let inLoop = facts.loopTokens.contains(call.token) && !Self.onlyRetried(call.token, lexed: lexed)
            result.append(ReachedCall(call: located, reach: reach, paid: paid, inLoop: inLoop))
        }
        // A same-file function whose body makes a reported call the change adds (`main()` at the bottom of a
        // script whose loop calls an imported wrapper) is reported there, once, not again where it is called.
        let reported = Set(result.map(\.call.token))
        result.removeAll { reached in
            guard let first = reached.paid.hops.first, first.path == file.path, reached.paid.hops.count > 1,
                  reached.reach.targets.allSatisfy({ $0.path == file.path })
            else { return false }
            return reported.contains { $0 != reached.call.token && first.definition.tokens.contains($0) }
        }
        // FileAnalysis has judged it already when the file has paid calls of its own.
        let background: JobContext.Background = result.isEmpty ? .none
            : analysis.sites.isEmpty ? JobContext.background(path: file.path, lexed: lexed, context: context)
            : analysis.jobContext.map(JobContext.Background.wholeFile) ?? (analysis.backgroundScopes.isEmpty ? .none : .registrations)
        let job = background.reason
        // FileAnalysis has found them already when the file has paid calls of its own.
        let scopes = background != .registrations ? []
            : analysis.sites.isEmpty ? ScheduledRegistrations.backgroundScopes(in: lexed) : analysis.backgroundScopes
        return ReachCalls(
            facts: facts, lexed: lexed, calls: result, jobContext: job, reaches: reaches,
            scheduledMethods: result.isEmpty ? [] : JobContext.scheduledMethods(path: file.path, language: file.language, context: context),
            backgroundScopes: scopes)
    }

    /// Whether every loop around token `index` in its function is a hand-written retry loop (`while True:` with
    /// a `try` that continues): its repetitions are retries, judged by `paid-retry`, not batch work.
    static func onlyRetried(_ index: Int, lexed: LexedSource) -> Bool {
        var sawRetry = false
        var sawOtherLoop = false
        lexed.visitEnclosures(of: index) { enclosure in
            if case .block(let block) = enclosure, lexed.blocks[block].kind == .function { return false }
            guard lexed.isLoop(enclosure) else { return true }
            guard RetryScanner.retryLoopAttempts(lexed, loop: enclosure) != nil else {
                sawOtherLoop = true
                return false
            }
            sawRetry = true
            return true
        }
        return sawRetry && !sawOtherLoop
    }

    /// Calls the change adds inside a loop or fan-out of a same-file function whose paid call the change adds too
    /// (`[summarize(doc) for doc in docs]` beside a new `def summarize`): `calls` leaves such a call to the paid
    /// call's own finding, as calling it once costs what that call costs; calling it per item is the batch.
    func perItemCallsOfNewWrappers(in file: SourceFile) -> [ReachedCall] {
        guard let facts, let lexed, reaches.count == facts.calls.count else { return [] }
        var result: [ReachedCall] = []
        for (position, reach) in reaches.enumerated() {
            // Asked (an added call, not itself a paid call), paid through a function of this file (whose own paid
            // call, or call of another file's wrapper, is reported where it is), and not among ReachCalls' own calls:
            // the calls it left to their paid call's finding.
            guard let reach, let paid = reach.paid.first, paid.hops.first?.path == file.path,
                  reach.targets.allSatisfy({ $0.path == file.path })
            else { continue }
            let call = facts.calls[position]
            guard facts.loopTokens.contains(call.token), !Self.onlyRetried(call.token, lexed: lexed),
                  !calls.contains(where: { $0.call.token == call.token })
            else { continue }
            var located = call
            // Reported where the call's chain starts, like ReachCalls' calls.
            located.column = lexed.tokens[FactExtractor.chainStart(lexed, at: call.token)].column
            result.append(ReachedCall(call: located, reach: reach, paid: paid, inLoop: true))
        }
        return result
    }

    /// Why a reached call repeats, or nil when it runs once per request.
    func batchReason(_ reached: ReachedCall) -> String? {
        if reached.inLoop { return "inside a loop or fan-out" }
        if let background = reached.paid.background { return "runs as background work (\(background))" }
        if reached.paid.repeats, let first = reached.paid.hops.first { return "\(first.name)() loops over paid calls" }
        // A batch call on a client another module made (`summary_chain.batch(texts)`).
        if reached.paid.repeats, reached.paid.hops.isEmpty { return "uses the provider's batch API" }
        if let lexed, let timer = ElixirTimers.reason(at: reached.call.token, in: lexed) { return timer }
        return jobContext ?? JobContext.handlerReason(lexed, token: reached.call.token)
            ?? JobContext.scheduledMethodReason(lexed, token: reached.call.token, scheduled: scheduledMethods)
            ?? backgroundScopes.first { $0.tokens.contains(reached.call.token) }?.reason
    }
}

extension Finding {
    /// A finding at a call that reaches a paid call: the chain in the message, evidence and fingerprint.
    static func reach(
        _ description: DetectorDescription, file: SourceFile, call: ReachedCall, message: (String) -> String
    ) -> Finding {
        var finding = Finding.paid(
            description, file: file, line: call.call.line, column: call.call.column, message: message(call.chainText),
            provider: call.provider, evidence: call.paid.chain)
        finding.chain = call.paid.signature
        return finding
    }
}
