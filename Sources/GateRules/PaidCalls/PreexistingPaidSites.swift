import Foundation
import GateCode
import GateCore

/// Which paid work on a changed file's added lines was there before the change: a paid call the change only edits
/// (a trailing space, its quotes, its model, its result variable, prettier or black re-wrapping it, a `try:` that
/// re-indents it, `client.` made `get_client().`) spent money already, and is no new spending. One notion for every
/// rule that reports paid work where the change adds it (paid-sdk-call, paid-http-call, paid-call-reach,
/// batch-model-call, paid-retry, and the unchanged routes reaching a function the change makes paid).
///
/// A site on an added line is matched against the sites on the lines the change deletes (the file as it was is its
/// head lines with each hunk's deleted lines put back; a renamed file's hunks are against its old contents) by what
/// it is and where: the same enclosing scope (the names of the functions and classes around it, or the top level)
/// and the same callee (a direct call's provider and the last two parts of its chain, `completions.create`, or a
/// URL's host; a call of a paid function, that function's name, or — where the call replaced an inline paid call
/// moved into a helper — the provider and callee it reaches). The added sites of one scope and callee are paired, in
/// order, with its deleted ones: those left over are new. So a second call added beside an edited one is new
/// spending, and so is a call moved into a loop (matched with its loop), another provider on the same line, or
/// another API of the provider. Arguments are not compared: a model changed on the call's line is judged as one
/// changed on a line of its own, which no rule reports.
///
/// Costs nothing for added, copied and purely-added files; otherwise the base is rebuilt, lexed and analysed once
/// per file, and only when a rule asks about a paid site on an added line.
final class PreexistingPaidSites: @unchecked Sendable {
    /// The file as it was and as it is, lexed, with their paid sites; nil when the change only adds lines (nothing
    /// on them can be an edit).
    private let base: Side?
    private let head: Side?
    /// The head's added calls that reach paid work: which of them an inline paid call the change deletes stood for.
    private let reached: [ReachedCall]
    /// Guards the sides' memos: detectors of one file may ask at once.
    private let lock = NSLock()
    /// The file's path and the context, to ask once whether it runs as background work (`runsAsBackground`).
    private let path: String
    private let context: DetectionContext
    private var runsAsBackgroundMemo: Bool?

    /// One side of the change: the head with its added lines, or the base with its deleted ones.
    private final class Side {
        let lexed: LexedSource
        let analysis: FileAnalysis
        /// Whether the change adds (head) or deletes (base) a line of this side.
        let changes: (Int) -> Bool
        /// Scope keys of named function and container blocks, by block index, filled on demand.
        var scopeKeys: [Int: String] = [:]
        /// The tokens of the direct paid sites on changed lines, in order, by `scope|callee` and
        /// `scope|callee|repetition`.
        var changedSites: [String: [Int]] = [:]
        /// How many direct paid sites, changed or not, each `scope|callee` has.
        var allSites: [String: Int] = [:]
        /// `changedOccurrences` answers, by `name|scope|inLoop`: every rule asking about a call asks the same.
        var occurrences: [String: [Int]] = [:]
        /// The calls on changed lines (`changedCalls`), filled on demand: only MovedPaidWork asks.
        var changedCalls: [CallKey: [Int]]?

        init(lexed: LexedSource, analysis: FileAnalysis, changes: @escaping (Int) -> Bool) {
            self.lexed = lexed
            self.analysis = analysis
            self.changes = changes
        }
    }

    static func of(_ file: SourceFile, context: DetectionContext) -> PreexistingPaidSites {
        file.memo.value(for: ObjectIdentifier(PreexistingPaidSites.self)) { PreexistingPaidSites(file, context: context) }
    }

    private init(_ file: SourceFile, context: DetectionContext) {
        path = file.path
        self.context = context
        guard file.change.kind == .modified || file.change.kind == .renamed, !file.deletionPoints.isEmpty,
              let language = file.language, !file.bytes.isEmpty
        else {
            base = nil
            head = nil
            reached = []
            return
        }
        let headAnalysis = FileAnalysis.of(file, context: context)
        let baseBytes = file.baseBytes()
        let lineCount = baseBytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let baseFile = SourceFile(
            change: FileChange(path: file.path, kind: .modified, hunks: [], content: .text(baseBytes)),
            addedLines: LineSet(1...max(lineCount, 1)))
        let baseAnalysis = FileAnalysis.of(baseFile, context: context)
        let reachCalls = ReachCalls.of(file, context: context)
        reached = reachCalls.calls
        let headLexed = headAnalysis.lexed ?? reachCalls.lexed ?? Lexer.lex(file.bytes, language: language)
        let baseLexed = baseAnalysis.lexed ?? Lexer.lex(baseBytes, language: language)
        var deleted = Set<Int>()
        for hunk in file.change.hunks where hunk.oldCount > 0 {
            for line in hunk.lines where line.kind == .deleted {
                if let number = line.oldNumber { deleted.insert(number) }
            }
        }
        let added = file.addedLines
        head = Self.side(lexed: headLexed, analysis: headAnalysis) { added.contains($0) }
        base = Self.side(lexed: baseLexed, analysis: baseAnalysis) { deleted.contains($0) }
    }

    private static func side(lexed: LexedSource, analysis: FileAnalysis, changes: @escaping (Int) -> Bool) -> Side {
        let side = Side(lexed: lexed, analysis: analysis, changes: changes)
        for site in analysis.sites.sorted(by: { $0.token < $1.token }) {
            let key = scopeKey(of: site.token, in: side) + "|" + callee(provider: site.provider, kind: site.kind, evidence: site.evidence)
            side.allSites[key, default: 0] += 1
            guard changes(site.line) else { continue }
            side.changedSites[key, default: []].append(site.token)
            side.changedSites[key + "|" + repetition(of: site, in: analysis), default: []].append(site.token)
        }
        return side
    }

    // MARK: Questions the rules ask

    /// Whether direct paid call `site` (of the head's FileAnalysis) was in the file before the change. With
    /// `repeating`, it must have repeated the same way (in a loop, through a batch API, as background work): a call
    /// moved into a loop is new batch work.
    func contains(_ site: PaidCallSite, repeating: Bool = false) -> Bool {
        lock.withLock {
            guard let head, let base else { return false }
            var key = Self.scopeKey(of: site.token, in: head) + "|" + Self.callee(provider: site.provider, kind: site.kind, evidence: site.evidence)
            if repeating { key += "|" + Self.repetition(of: site, in: head.analysis) }
            guard let position = head.changedSites[key]?.firstIndex(of: site.token) else { return false }
            return position < base.changedSites[key]?.count ?? 0
        }
    }

    /// Whether the call at head token `token` of a function reaching paid work (`summarize(text)`) was in the file
    /// before the change: the same name called in the same scope as often (in loops, with `inLoop`), or an inline
    /// call of the provider and callee it reaches that the scope no longer makes (extracted into the function), or a
    /// call the scope no longer makes of a function it reaches through (`wrappers`, the functions of its chain after
    /// its own: `summarize(note.body)` extracted with the lines around it into `summarizeNote(id)`, which calls it).
    func containsCall(at token: Int, reaching provider: String, leaf: String, through wrappers: [String] = [], inLoop: Bool = false) -> Bool {
        lock.withLock {
            guard let head, let base, token < head.lexed.tokens.count else { return false }
            let scope = Self.scopeKey(of: token, in: head)
            let name = head.lexed.tokens[token]
            let spelled = head.lexed.bytes[name.start..<name.end]
            let added = Self.changedOccurrences(of: spelled, in: scope, side: head, inLoop: inLoop)
            if let position = added.firstIndex(of: token),
               position < Self.changedOccurrences(of: spelled, in: scope, side: base, inLoop: inLoop).count
            {
                return true
            }
            // A job enqueued with another library's verb (`perform_later` made `perform_async`) is enqueued as before.
            if let job = JobEnqueueCallees.job(enqueuedAt: token, in: head.lexed),
               let position = Self.changedEnqueues(of: job, in: scope, side: head, inLoop: inLoop).firstIndex(of: token),
               position < Self.changedEnqueues(of: job, in: scope, side: base, inLoop: inLoop).count
            {
                return true
            }
            // Counted whole: git may align the moved call with the helper's copy rather than delete it. Each inline
            // call the scope no longer makes stands for one added call reaching the same: a second is new spending.
            // A reach's leaf does not say whether it is an SDK call or a request: either kind of inline call counts.
            let callees = [PaidCallSite.Kind.sdk, .http].map { Self.callee(provider: provider, kind: $0, evidence: leaf) }
            let removed = callees.reduce(0) { total, callee in
                total + base.allSites[scope + "|" + callee, default: 0] - head.allSites[scope + "|" + callee, default: 0]
            }
            if removed > 0 {
                let sameCallee = { (paid: PaidReach) in
                    paid.provider == provider
                        && [PaidCallSite.Kind.sdk, .http].contains { callees.contains(Self.callee(provider: provider, kind: $0, evidence: paid.leaf)) }
                }
                let rivals = reached.filter { other in
                    other.reach.paid.contains(where: sameCallee) && Self.scopeKey(of: other.call.token, in: head) == scope
                }.map(\.call.token).sorted()
                if (rivals.firstIndex(of: token) ?? 0) < removed { return true }
            }
            // A wrapper the scope called and no longer does, now reached through the new call: each call of it the scope
            // no longer makes stands for one added call reaching through it, as an inline call does.
            for wrapper in Set(wrappers) where !wrapper.utf8.elementsEqual(spelled) {
                let name = ArraySlice(wrapper.utf8)
                let removed = Self.changedOccurrences(of: name, in: scope, side: base, inLoop: inLoop).count
                    - Self.changedOccurrences(of: name, in: scope, side: head, inLoop: inLoop).count
                guard removed > 0 else { continue }
                let rivals = reached.filter { other in
                    other.paid.hops.dropFirst().contains { $0.name == wrapper } && Self.scopeKey(of: other.call.token, in: head) == scope
                }.map(\.call.token).sorted()
                if (rivals.firstIndex(of: token) ?? 0) < removed { return true }
            }
            return false
        }
    }

    // MARK: Questions across files (MovedPaidWork)

    /// A direct paid call on a deleted line that no added call of its scope and callee pairs with: spending the file
    /// no longer does where it did, which may have moved to another file.
    struct DeletedSite: Sendable {
        /// The names of the functions and containers around it, innermost first (`ask/Bot/`); empty at the top level.
        var scope: String
        /// Its provider, kind and the last parts of its chain (`openai:sdk:completions.create`).
        var callee: String
        /// How it repeated: in a loop, through a batch API, as background work, or not (empty).
        var repetition: String
        /// Its line, without indentation.
        var text: String
        /// Whether the head no longer has the function (or container) it was in: moved away whole, or deleted.
        var scopeGone: Bool
        /// Its line in the file as it was, which orders the sites of a file.
        var line = 0
        /// For a call of a function, its name's token in the file as it was, and a fingerprint of its arguments'
        /// tokens (`argumentsFingerprint`): what tells the same call made through a renamed receiver.
        var token = -1
        var arguments: UInt64 = 0

        /// Whether it is a call of a function (`callee(ofCall:receiver:)`) rather than a direct paid call.
        var isCall: Bool { callee.hasPrefix(PreexistingPaidSites.callPrefix) }
    }

    /// The direct paid calls the change deletes beyond those it re-adds in the same scope with the same callee.
    func unpairedDeletedSites() -> [DeletedSite] {
        lock.withLock {
            guard let head, let base else { return [] }
            var deleted: [String: [DeletedSite]] = [:]
            for site in base.analysis.sites.sorted(by: { $0.token < $1.token }) where base.changes(site.line) {
                let scope = Self.scopeKey(of: site.token, in: base)
                let callee = Self.callee(provider: site.provider, kind: site.kind, evidence: site.evidence)
                deleted[scope + "|" + callee, default: []].append(DeletedSite(
                    scope: scope, callee: callee, repetition: Self.repetition(of: site, in: base.analysis),
                    text: Self.lineText(of: site.token, in: base.lexed), scopeGone: false))
            }
            var unpaired = deleted.keys.sorted().flatMap { key in
                deleted[key]!.dropFirst(head.changedSites[key]?.count ?? 0)
            }
            Self.markScopesGone(&unpaired, head: head)
            return unpaired
        }
    }

    /// The calls of functions on deleted lines (`summarize(note.body)`, `h.LLM.Summarize(ctx, text)`) beyond those of
    /// the same callee the change adds in the same scope: calls the file no longer makes where it made them, which
    /// may have moved, with the function around them or out of it. Any name called counts (MovedPaidWork pairs them
    /// only with added calls reaching paid work, of the same callee); a definition's name does not.
    func unpairedDeletedCalls() -> [DeletedSite] {
        lock.withLock {
            guard let head, let base else { return [] }
            let deleted = Self.changedCalls(in: base)
            guard !deleted.isEmpty else { return [] }
            let added = Self.changedCalls(in: head)
            var unpaired: [DeletedSite] = []
            for (key, tokens) in deleted {
                for token in tokens.dropFirst(added[key]?.count ?? 0) {
                    unpaired.append(Self.deletedCall(at: token, key: key, in: base.lexed, scopeGone: false, inJob: false))
                }
            }
            unpaired.sort { ($0.line, $0.callee) < ($1.line, $1.callee) }
            Self.markScopesGone(&unpaired, head: head)
            return unpaired
        }
    }

    /// Whether the file, as it was and as it is, runs as background work as a whole (asked once).
    func runsAsBackground() -> Bool {
        if let known = lock.withLock({ runsAsBackgroundMemo }) { return known }
        guard let head, base != nil else { return false }
        let found = (head.analysis.jobContext != nil || JobContext.reason(path: path, lexed: head.lexed, context: context) != nil)
            && baseRunsAsBackground(path: path, context: context)
        lock.withLock { runsAsBackgroundMemo = found }
        return found
    }

    /// Whether the file as it was ran as background work as a whole (a job class, a worker: `JobContext`), asked of a
    /// file whose deleted calls may have moved into another job. FileAnalysis judges that only of a file with paid
    /// calls of its own.
    func baseRunsAsBackground(path: String, context: DetectionContext) -> Bool {
        guard let base else { return false }
        if base.analysis.jobContext != nil { return true }
        return JobContext.reason(path: path, lexed: base.lexed, context: context) != nil
    }

    /// Whether each site's named scope is gone from the head (moved away whole, or deleted).
    private static func markScopesGone(_ sites: inout [DeletedSite], head: Side) {
        guard sites.contains(where: { !$0.scope.isEmpty }) else { return }
        var headScopes = Set<String>()
        for block in head.lexed.blocks.indices {
            let kind = head.lexed.blocks[block].kind
            guard kind == .function || kind == .container, head.lexed.blocks[block].nameRange != nil else { continue }
            headScopes.insert(scopeKey(ofBlock: block, in: head))
        }
        for index in sites.indices where !sites[index].scope.isEmpty {
            sites[index].scopeGone = !headScopes.contains(sites[index].scope)
        }
    }

    /// The direct paid calls of a file the change deletes that were in a named function or container: each is gone
    /// with its file, and may have moved whole into another.
    static func sitesOfDeletedFile(_ file: SourceFile, context: DetectionContext) -> [DeletedSite] {
        guard file.change.kind == .deleted, let language = file.language else { return [] }
        let baseBytes = file.baseBytes()
        let lineCount = baseBytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard lineCount > 0 else { return [] }
        let baseFile = SourceFile(
            change: FileChange(path: file.path, kind: .modified, hunks: [], content: .text(baseBytes)),
            addedLines: LineSet(1...lineCount))
        let analysis = FileAnalysis.of(baseFile, context: context)
        guard !analysis.sites.isEmpty else { return [] }
        let lexed = analysis.lexed ?? Lexer.lex(baseBytes, language: language)
        return analysis.sites.sorted(by: { $0.token < $1.token }).compactMap { site in
            let scope = scopeKey(of: site.token, in: lexed)
            guard !scope.isEmpty else { return nil }
            return DeletedSite(
                scope: scope, callee: callee(of: site), repetition: repetition(of: site, in: analysis),
                text: lineText(of: site.token, in: lexed), scopeGone: true)
        }
    }

    /// The calls of functions a file the change deletes made in a named function or container
    /// (`unpairedDeletedCalls`): each is gone with its file, and may have moved whole into another.
    static func callsOfDeletedFile(_ file: SourceFile, context: DetectionContext) -> [DeletedSite] {
        guard file.change.kind == .deleted, let language = file.language else { return [] }
        let baseBytes = file.baseBytes()
        guard !baseBytes.isEmpty else { return [] }
        let lexed = Lexer.lex(baseBytes, language: language)
        var sites: [DeletedSite] = []
        var inJob: Bool?
        for (key, tokens) in calls(in: lexed, onLines: { _ in true }, scopeKey: { scopeKey(of: $0, in: lexed) }) where !key.scope.isEmpty {
            let job = inJob ?? (JobContext.reason(path: file.path, lexed: lexed, context: context) != nil)
            inJob = job
            sites += tokens.map { deletedCall(at: $0, key: key, in: lexed, scopeGone: true, inJob: job) }
        }
        return sites.sorted { ($0.line, $0.callee) < ($1.line, $1.callee) }
    }

    /// The scope key (as `DeletedSite.scope`) of token `index` of any lexed file (a file the change adds has no
    /// sides here).
    static func scopeKey(of index: Int, in lexed: LexedSource) -> String {
        var key = ""
        var block = lexed.tokens[index].block
        while block >= 0 {
            let kind = lexed.blocks[block].kind
            if kind == .function || kind == .container, lexed.blocks[block].nameRange != nil {
                key += (lexed.name(ofBlock: block) ?? "") + "/"
            }
            block = lexed.blocks[block].parent
        }
        return key
    }

    /// The line of token `token`, without indentation or trailing blanks.
    static func lineText(of token: Int, in lexed: LexedSource) -> String {
        let bytes = lexed.bytes
        var start = lexed.tokens[token].start
        var end = start
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The scope key (as `DeletedSite.scope`) of head token `token`.
    func headScope(of token: Int) -> String? {
        lock.withLock {
            guard let head, token < head.lexed.tokens.count else { return nil }
            return Self.scopeKey(of: token, in: head)
        }
    }

    /// The names the scope of head token `token` spells on deleted lines more often than on added ones, and how many
    /// times more: the callees its calls no longer name (`summarize` where `summarizeNote` is now called). With
    /// `inLoop`, only names spelled in loops: a call renamed and moved into a loop at once is new batch work.
    func namesNoLongerSpelled(inScopeOf token: Int, inLoop: Bool = false) -> [String: Int] {
        lock.withLock {
            guard let head, let base, token < head.lexed.tokens.count else { return [:] }
            let scope = Self.scopeKey(of: token, in: head)
            var surplus: [String: Int] = [:]
            for (side, sign) in [(base, 1), (head, -1)] {
                let lexed = side.lexed
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
                    guard side.changes(lexed.tokens[index].line), Self.scopeKey(of: index, in: side) == scope else { continue }
                    if inLoop, !Self.isInLoop(index, lexed: lexed) { continue }
                    surplus[lexed.text(index), default: 0] += sign
                }
            }
            return surplus.filter { $0.value > 0 }
        }
    }

    /// The callee key of a call of a function (`summarize`, `h.LLM.Summarize`), as `DeletedSite.callee` spells it: the
    /// name and the member chain before it, as written.
    static func callee(ofCall name: String, receiver: [String]) -> String {
        callPrefix + (receiver + [name]).joined(separator: ".")
    }

    /// What starts the callee key of a call of a function; no provider's id has a colon.
    fileprivate static let callPrefix = "call:"

    /// The callee key of a paid reach's leaf, as `DeletedSite.callee` spells a direct call's.
    static func callee(of paid: PaidReach, kind: PaidCallSite.Kind) -> String {
        callee(provider: paid.provider, kind: kind, evidence: paid.leaf)
    }

    /// The callee key of a direct paid site, as `DeletedSite.callee` spells it.
    static func callee(of site: PaidCallSite) -> String {
        callee(provider: site.provider, kind: site.kind, evidence: site.evidence)
    }

    /// How a direct site repeats, as batch-model-call tells it: through a batch API, in a loop, as background work.
    static func repetition(of site: PaidCallSite, in analysis: FileAnalysis) -> String {
        if site.kind == .batchAPI { return "batch" }
        if analysis.enclosingLoop(of: site.token) != nil { return "loop" }
        return analysis.jobContext == nil ? "" : "job"
    }

    // MARK: Keys

    /// The names of the named functions and containers around token `index`, innermost first (`ask/Bot`); empty
    /// at the top level and in anonymous callbacks there.
    private static func scopeKey(of index: Int, in side: Side) -> String {
        var block = side.lexed.tokens[index].block
        while block >= 0 {
            let kind = side.lexed.blocks[block].kind
            if (kind == .function || kind == .container), side.lexed.blocks[block].nameRange != nil { break }
            block = side.lexed.blocks[block].parent
        }
        return scopeKey(ofBlock: block, in: side)
    }

    private static func scopeKey(ofBlock block: Int, in side: Side) -> String {
        guard block >= 0 else { return "" }
        if let known = side.scopeKeys[block] { return known }
        var outer = side.lexed.blocks[block].parent
        while outer >= 0 {
            let kind = side.lexed.blocks[outer].kind
            if (kind == .function || kind == .container), side.lexed.blocks[outer].nameRange != nil { break }
            outer = side.lexed.blocks[outer].parent
        }
        let key = (side.lexed.name(ofBlock: block) ?? "") + "/" + scopeKey(ofBlock: outer, in: side)
        side.scopeKeys[block] = key
        return key
    }

    /// What a direct site calls: its provider and kind, and what the call buys where PaidAPIKind knows it (an SDK's
    /// major version rewriting `openai.createChatCompletion` as `openai.chat.completions.create` is the same text
    /// generation), else the last two parts of its chain past the receiver (`openai.chat.completions.create` and
    /// `get_client().chat.completions.create` are `completions.create`), or the host of a URL.
    private static func callee(provider: String, kind: PaidCallSite.Kind, evidence: String) -> String {
        let chain = evidence.leafText
        var parts = kind == .http ? [Substring(chain)] : chain.split(separator: ".")
        if kind == .sdk, let bought = PaidAPIKind.of(parts) { return "\(provider):\(kind):=\(bought.rawValue)" }
        if parts.count > 1 { parts.removeFirst() }
        return "\(provider):\(kind):" + parts.suffix(2).joined(separator: ".")
    }


    /// A call's scope and callee key (`callee(ofCall:receiver:)`).
    struct CallKey: Hashable {
        var scope: String
        var callee: String
    }

    /// The calls on the side's changed lines, in order, by scope and callee.
    private static func changedCalls(in side: Side) -> [CallKey: [Int]] {
        if let known = side.changedCalls { return known }
        let found = calls(in: side.lexed, onLines: side.changes) { scopeKey(of: $0, in: side) }
        side.changedCalls = found
        return found
    }

    /// The calls of functions on the lines `wanted` accepts: a name followed by `(` that does not name the function a
    /// definition makes, and in Ruby a method called without parentheses as FactExtractor reads one (after a dot, and
    /// followed by its arguments, the line's end or the end of an expression: `Summarizer.call note`). Keywords called
    /// like functions (`if (`) are kept: no function reaching paid work is named so.
    private static func calls(
        in lexed: LexedSource, onLines wanted: (Int) -> Bool, scopeKey: (Int) -> String
    ) -> [CallKey: [Int]] {
        var definitionNames = Set<Int>()
        for block in lexed.blocks where block.kind == .function {
            if let name = block.nameRange { definitionNames.insert(name.lowerBound) }
        }
        var found: [CallKey: [Int]] = [:]
        let tokens = lexed.tokens
        let isRuby = lexed.language == .ruby
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen) || (isRuby && isRubyCallWithoutParentheses(index, in: lexed)),
                  wanted(tokens[index].line), !definitionNames.contains(tokens[index].start)
            else { continue }
            let key = CallKey(
                scope: scopeKey(index),
                callee: callee(ofCall: lexed.text(index), receiver: FactExtractor.receiverChain(lexed, before: index)))
            found[key, default: []].append(index)
        }
        return found
    }

    /// Whether Ruby's name at token `index` is a method called without parentheses, as FactExtractor reads one.
    private static func isRubyCallWithoutParentheses(_ index: Int, in lexed: LexedSource) -> Bool {
        guard lexed.token(index - 1, isPunctuation: Byte.dot) else { return false }
        let tokens = lexed.tokens
        guard index + 1 < tokens.count, tokens[index + 1].line == tokens[index].line, tokens[index + 1].kind == .punctuation
        else { return true }
        switch lexed.bytes[tokens[index + 1].start] {
        case Byte.closeParen, Byte.closeBrace, Byte.closeBracket, Byte.comma: return true
        default: return false
        }
    }

    /// The deleted site of the call at token `token` of the file as it was; `inJob` when the whole file ran as
    /// background work (a job class, a worker): its calls repeated as the added calls of a job do (`background`), so a
    /// job split in two pairs the calls each part took with the old job's.
    private static func deletedCall(at token: Int, key: CallKey, in lexed: LexedSource, scopeGone: Bool, inJob: Bool) -> DeletedSite {
        DeletedSite(
            scope: key.scope, callee: key.callee,
            repetition: isInLoop(token, lexed: lexed) ? "loop" : inJob ? "background" : "",
            text: lineText(of: token, in: lexed), scopeGone: scopeGone, line: lexed.tokens[token].line, token: token,
            arguments: argumentsFingerprint(ofCallAt: token, in: lexed))
    }

    /// A fingerprint (FNV-1a) of the bytes of the arguments of the call whose name is token `name`, blanks and line
    /// breaks left out: the tokens between its parentheses, or for Ruby's call without them (`Summarizer.call note`)
    /// the rest of its expression on the line, so `summarize($article->body)` and a re-indented copy of it agree,
    /// `Summarizer.call note` and `Summarizer.call(note)` agree, and a call on another argument does not. 0 when the
    /// call has no parentheses (outside Ruby), or they do not close within 256 tokens.
    static func argumentsFingerprint(ofCallAt name: Int, in lexed: LexedSource) -> UInt64 {
        let tokens = lexed.tokens
        let parenthesised = lexed.token(name + 1, isPunctuation: Byte.openParen)
        guard parenthesised || lexed.language == .ruby else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var depth = 0
        var index = parenthesised ? name + 2 : name + 1
        let line = tokens[name].line
        let last = min(tokens.count, name + 258)
        while index < last {
            let token = tokens[index]
            if !parenthesised, depth == 0, token.line != line || lexed.token(index, is: "do") { return hash }
            if token.kind == .punctuation, token.end - token.start == 1 {
                switch lexed.bytes[token.start] {
                case Byte.openParen, Byte.openBracket, Byte.openBrace: depth += 1
                case Byte.closeParen, Byte.closeBracket, Byte.closeBrace:
                    // The call's closing parenthesis, or the bracket around a call without them.
                    if depth == 0 { return hash }
                    depth -= 1
                default: break
                }
            }
            for byte in lexed.bytes[token.start..<token.end] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            hash = (hash ^ 0x1F) &* 0x100_0000_01b3
            index += 1
        }
        return parenthesised || index < tokens.count ? 0 : hash
    }

    /// The identifiers spelled `name` on the side's changed lines in the scope (in loops only, with `inLoop`).
    private static func changedOccurrences(of name: ArraySlice<UInt8>, in scope: String, side: Side, inLoop: Bool) -> [Int] {
        let key = String(decoding: name, as: UTF8.self) + "|" + scope + (inLoop ? "|loop" : "|")
        if let known = side.occurrences[key] { return known }
        var found: [Int] = []
        let lexed = side.lexed
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let token = lexed.tokens[index]
            guard token.end - token.start == name.count, side.changes(token.line),
                  lexed.bytes[token.start..<token.end].elementsEqual(name), scopeKey(of: index, in: side) == scope
            else { continue }
            if inLoop, !isInLoop(index, lexed: lexed) { continue }
            found.append(index)
        }
        side.occurrences[key] = found
        return found
    }

    /// The calls on the side's changed lines in the scope that enqueue `job` (`JobEnqueueCallees`), with any verb (in
    /// loops only, with `inLoop`). Asked only of an added call named like an enqueue verb that reaches paid work.
    private static func changedEnqueues(of job: String, in scope: String, side: Side, inLoop: Bool) -> [Int] {
        let key = "enqueue|" + job + "|" + scope + (inLoop ? "|loop" : "|")
        if let known = side.occurrences[key] { return known }
        var found: [Int] = []
        let lexed = side.lexed
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && side.changes(lexed.tokens[index].line) {
            guard JobEnqueueCallees.job(enqueuedAt: index, in: lexed) == job,
                  scopeKey(of: index, in: side) == scope
            else { continue }
            if inLoop, !isInLoop(index, lexed: lexed) { continue }
            found.append(index)
        }
        side.occurrences[key] = found
        return found
    }

    /// Whether a loop encloses token `index` within its function.
    private static func isInLoop(_ index: Int, lexed: LexedSource) -> Bool {
        var found = false
        lexed.visitEnclosures(of: index) { enclosure in
            if case .block(let block) = enclosure, lexed.blocks[block].kind == .function { return false }
            if lexed.isLoop(enclosure) { found = true }
            return !found
        }
        return found
    }
}

extension PreexistingPaidSites {
    /// Whether `call`, a call the change adds of a function reaching paid work, was in the file before the change.
    /// A call whose chain repeats its paid call (a function looping over the wrapper, enqueued work) spends more than a
    /// call of the wrapper it replaced: it is not paired with the wrapper calls its scope no longer makes. In a job
    /// (a file run as background work), enqueued work is background work as the wrapper's call was: a job made to
    /// enqueue other jobs for the calls it made (a job split in two) is paired like any call reaching through them.
    func contains(_ call: ReachedCall, inLoop: Bool = false) -> Bool {
        let repeats = call.paid.repeats || (call.paid.background != nil && !runsAsBackground())
        return containsCall(
            at: call.call.token, reaching: call.paid.provider, leaf: call.paid.leaf,
            through: repeats ? [] : call.paid.hops.dropFirst().map(\.name), inLoop: inLoop)
    }
}
