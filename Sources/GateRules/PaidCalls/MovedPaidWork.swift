import GateCode
import GateCore

/// Paid work the change moves or renames rather than adds, which only the whole change shows (PreexistingPaidSites
/// pairs what one file deletes with what it adds). The paid work is a direct paid call, or a call of a project's
/// function that reaches one (a paid wrapper, `generateReply(prompt)`): a deleted call pairs only with an added call
/// of the same callee (the provider and API of a direct call; the name and member chain of a wrapper's call).
/// - an inline paid call extracted into a function of another file (or of the same file): the call deleted from a
///   route and added in `lib/ai.js draftReply()`, which the route now calls. The added call is not new when the
///   function that lost a paid call of the same provider and API now calls, directly or through other functions,
///   the function that holds it, and that function is new (an existing one gaining the call spends it for every
///   caller it had). A function the scope's added lines hand on by name (`router.post("/", auth, createReply)`,
///   where an inline handler was) counts as called. One deleted call excuses one added call: a second is new
///   spending. A call that did not repeat and now does (moved into a loop, a job, a batch) stays batch work;
///   routes are judged by unprotected-endpoint whatever moved into them.
/// - a function holding a paid call moved whole into another file (`summarize` deleted from `lib/utils.ts` and added
///   to `lib/ai.ts`, or out of a file the change deletes): the added call is not new when the function of the same
///   name that held the same line is gone from the file it left.
/// - a function reshaped in its own file under another name (a DRF APIView's `post` made an `@api_view` function):
///   the added call is not new when the function that made the same line is gone from the file and the function
///   holding it now is new.
/// - a paid wrapper renamed where it is defined and where it is called (`summarize` made `summarizeNote`): the call
///   of the new name is not new reach when the line defining the function renamed only that identifier and the
///   calling scope no longer names the old one.
/// Replaces the per-file findings (paid-sdk-call, paid-http-call, batch-model-call, paid-call-reach) it excuses.
public struct MovedPaidWork: ChangeAnalyzer {
    /// Paid calls a scope of a changed file no longer makes, and the functions holding the paid calls its added
    /// calls now reach.
    private struct Source {
        var path: String
        var site: PreexistingPaidSites.DeletedSite
        /// The chains of functions (`PaidReach.hops`) the scope that lost the call now reaches through the calls its
        /// added lines make.
        var reachedChains: [[Symbol]]
        /// The names the scope's added lines hand on as arguments (`createAnswer` in `router.post("/", requireAuth,
        /// createAnswer)`): an inline handler extracted into a function is named where it was, not called. Resolved
        /// only for an added call in a function of the same name.
        var handedNames: [CallFact] = []
        /// The changed file the call was deleted from, for a call of a function: read again as it was only when an
        /// added call through another receiver may be this one (`movedToSameTarget`).
        var file: SourceFile?

        /// Whether `added` is this call where it went: into a function the scope that lost it now reaches, with the
        /// function that held it into another file, or into a new function of its own file that replaced that one.
        func moved(to added: AddedSite, code: CodeIndex) -> Bool {
            guard added.inNewFunction, site.callee == added.callee, added.repetition.isEmpty || site.repetition == added.repetition
            else { return false }
            // Calls of its function the file adds elsewhere are new uses, reported at it.
            guard added.callerScopes.isSubset(of: path == added.path ? [site.scope] : []) else { return false }
            if site.scopeGone, !site.scope.isEmpty, site.text == added.text {
                if path != added.path, site.scope == added.scope || (path.hasSuffix(".go") && added.path.hasSuffix(".go")
                    && MovedPaidWork.sameGoScope(site.scope, added.scope))
                {
                    return true
                }
                // Its function gone from the file, and the same line made by a new function of it.
                if path == added.path { return true }
            }
            let holds = { (holder: Symbol) in
                holder.path == added.path && MovedPaidWork.lines(of: holder, code: code)?.contains(added.line) == true
            }
            // A direct call is made by the chain's last function; a wrapper's call by any function on the way.
            if reachedChains.contains(where: { chain in (site.isCall ? chain[...] : chain.suffix(1)).contains(where: holds) }) {
                return true
            }
            let function = added.scope.prefix { $0 != "/" }
            guard handedNames.contains(where: { $0.name == function }), let facts = code.facts(of: path) else { return false }
            return handedNames.contains { handed in
                handed.name == function && code.resolve(handed, in: facts).targets.contains(where: holds)
            }
        }

        /// Whether `added` is this call moved with its function into another (renamed, or in another file), perhaps
        /// written through another receiver or variable (`$this->summaries->summarize($article->body)` in a deleted
        /// controller's `store`, now `$summaries->summarize($article->body)` in a new `__invoke` the service is
        /// injected into; `h.LLM.Summarize` made `s.LLM.Summarize` in a method moved into another file; a Rails action
        /// moved into another controller): the function that made it is gone (or, for a job's call, kept), the one
        /// making it now is new, its arguments are the same, and `formerTargets`, what the deleted call resolved to in
        /// its file as it was, holds the function the added call reaches. Pairs by what is called, not by its text.
        func movedToSameTarget(to added: AddedSite, formerTargets: () -> [Symbol]) -> Bool {
            // Background work moved into a new job (a job class split in two, its file renamed to one of them) is
            // the same background work, whether the old job's function is kept or not.
            let jobToJob = site.repetition == "background" && added.repetition == "background"
            guard site.isCall, site.scopeGone || jobToJob, site.arguments != 0, site.arguments == added.arguments, added.inNewFunction,
                  let target = added.target, site.callee.hasSuffix("." + target.name) || site.callee == PreexistingPaidSites.callee(ofCall: target.name, receiver: []),
                  added.repetition.isEmpty || site.repetition == added.repetition,
                  added.callerScopes.isSubset(of: path == added.path ? [site.scope] : [])
            else { return false }
            return formerTargets().contains { former in
                former.path == target.path && former.name == target.name && former.definition.container == target.definition.container
            }
        }
    }

    /// A paid call on an added line, direct or of a function reaching one, that its own file does not pair with a
    /// deleted one.
    private struct AddedSite {
        var path: String
        var line: Int
        /// As `DeletedSite.callee`.
        var callee: String
        var repetition: String
        var rule: String
        /// The names of the functions and containers around it (as `DeletedSite.scope`), and its line unindented.
        var scope: String
        var text: String
        /// Whether the function around it is one the change adds (its name is on an added line): an existing
        /// function gaining the call spends it for every caller it had, which no move accounts for.
        var inNewFunction: Bool
        /// The scopes of the file's added calls of the function holding it: ReachCalls leaves them to this call's
        /// finding, so excusing it for a move leaves them unreported unless they are the moved call's own.
        var callerScopes: Set<String>
        /// For a call of a project's function, the function it calls and a fingerprint of its arguments
        /// (`PreexistingPaidSites.argumentsFingerprint`).
        var target: Symbol? = nil
        var arguments: UInt64 = 0
    }

    /// An added call reaching paid work through a function, that its own file does not pair with a deleted call.
    private struct AddedCall {
        var path: String
        var line: Int
        var scope: String
        var rule: String
        var callee: Symbol
        /// The names its scope no longer spells, and how many times fewer.
        var formerNames: [String: Int]
    }

    private var sources: [Source] = []
    private var addedSites: [AddedSite] = []
    private var addedCalls: [AddedCall] = []
    /// Lines renaming one identifier, by path.
    private var renamedWords: [String: [RenamedWord]] = [:]

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        if file.change.kind == .deleted {
            if Self.mayNamePaidCalls(Self.deletedText(of: file), context: context) {
                sources += PreexistingPaidSites.sitesOfDeletedFile(file, context: context).map {
                    Source(path: file.path, site: $0, reachedChains: [])
                }
            }
            sources += Self.deletedCalls(of: file, context: context).map {
                Source(path: file.path, site: $0, reachedChains: [], file: file)
            }
            return
        }
        guard !file.bytes.isEmpty, file.language != nil else { return }
        let edits = (file.change.kind == .modified || file.change.kind == .renamed) && !file.deletionPoints.isEmpty
        if edits {
            let words = RenamedWord.found(in: file.change.hunks)
            if !words.isEmpty { renamedWords[file.path] = words }
            let sites = Self.mayNamePaidCalls(Self.deletedText(of: file), context: context)
            let calls = Self.deletedCalls(of: file, context: context)
            if sites || !calls.isEmpty { observeDeletedSites(file, context: context, sites: sites, calls: calls) }
        }
        observeAddedSites(file, context: context)
        observeAddedCalls(file, context: context, renames: edits)
    }

    public mutating func observedEarlyFiles(context: DetectionContext) -> (any FileObservation)? { DeletedCallsReading() }

    /// The calls of functions a changed file's deleted lines make that it does not make again where they were
    /// (`PreexistingPaidSites.unpairedDeletedCalls`; every call in a named function, of a deleted file), when the file
    /// may have called a paid wrapper: once per file, by the worker that scanned it (`DeletedCallsReading`) or, for a
    /// file it did not prepare, when the file is observed.
    fileprivate static func deletedCalls(of file: SourceFile, context: DetectionContext) -> [PreexistingPaidSites.DeletedSite] {
        let deletes = file.change.kind == .deleted
            || (file.change.kind == .modified || file.change.kind == .renamed) && !file.deletionPoints.isEmpty && !file.bytes.isEmpty
        guard deletes else { return [] }
        return file.memo.value(for: ObjectIdentifier(DeletedCallsReading.self)) {
            guard mayCallPaidWrappers(deletedText(of: file), of: file, context: context) else { return [] }
            if file.change.kind == .deleted { return PreexistingPaidSites.callsOfDeletedFile(file, context: context) }
            let before = PreexistingPaidSites.of(file, context: context)
            var calls = before.unpairedDeletedCalls()
            // A job's calls repeated as background work (`DeletedSite.repetition`), as the calls of the job they may
            // have moved into do.
            if calls.contains(where: { $0.repetition.isEmpty }), before.baseRunsAsBackground(path: file.path, context: context) {
                for index in calls.indices where calls[index].repetition.isEmpty { calls[index].repetition = "background" }
            }
            return calls
        }
    }

    /// The lines the change deletes from the file, each ended by a newline.
    private static func deletedText(of file: SourceFile) -> [UInt8] {
        var deleted: [UInt8] = []
        for hunk in file.change.hunks where hunk.oldCount > 0 {
            hunk.lines.forEachText { kind, text in
                guard kind == .deleted else { return }
                deleted.append(contentsOf: text)
                deleted.append(0x0A)
            }
        }
        return deleted
    }

    /// Whether deleted lines name a provider, a model or a paid host: the cheap test before the file as it was is
    /// analysed for direct paid calls.
    private static func mayNamePaidCalls(_ deleted: [UInt8], context: DetectionContext) -> Bool {
        !deleted.isEmpty && context.catalogue.prefilter.matches(deleted)
    }

    /// Whether deleted lines of `file` may call a function of the project that reaches a paid call: they call some
    /// name, and the file as it was may reach a paid call through what it imports: what the head still imports
    /// (ReachCalls resolved its added calls) or what the deleted lines did (the imports the change removes with
    /// the calls). The cheap test before the file as it was is lexed for its calls.
    private static func mayCallPaidWrappers(_ deleted: [UInt8], of file: SourceFile, context: DetectionContext) -> Bool {
        // Ruby calls methods without parentheses (`Summarizer.call note`).
        guard let code = context.code, let language = file.language, language == .ruby || callsAName(deleted) else { return false }
        if file.change.kind != .deleted, ReachCalls.of(file, context: context).facts != nil { return true }
        guard code.mayReferenceProjectCode(deleted, path: file.path, language: language) else { return false }
        return code.importsMayReachPaid(path: file.path, language: language, bytes: deleted, lexed: nil)
            ?? code.importsMayReachPaid(path: file.path, language: language, bytes: deleted, lexed: Lexer.lex(deleted, language: language))
            ?? true
    }

    /// Whether `bytes` hold a name followed by `(`: a call, or a definition.
    private static func callsAName(_ bytes: [UInt8]) -> Bool {
        var previous: UInt8 = 0x0A
        for byte in bytes {
            if byte == Byte.openParen, Byte.isIdentifierPart(previous) { return true }
            previous = byte
        }
        return false
    }

    private mutating func observeDeletedSites(
        _ file: SourceFile, context: DetectionContext, sites: Bool, calls: [PreexistingPaidSites.DeletedSite]
    ) {
        let before = PreexistingPaidSites.of(file, context: context)
        let deleted = (sites ? before.unpairedDeletedSites() : []) + calls
        guard !deleted.isEmpty else { return }
        // What every added call of the file reaches (ReachCalls asks of them all, and leaves out of its reported
        // calls those of a same-file wrapper whose paid call is reported where it is).
        let reach = ReachCalls.of(file, context: context)
        var chainsByScope: [String: [[Symbol]]] = [:]
        if let facts = reach.facts, reach.reaches.count == facts.calls.count {
            for (position, reached) in reach.reaches.enumerated() {
                guard let reached, !reached.paid.isEmpty, let scope = before.headScope(of: facts.calls[position].token) else { continue }
                chainsByScope[scope, default: []] += reached.paid.map(\.hops).filter { !$0.isEmpty }
            }
        }
        let handed = Self.handedNames(in: file, lexed: reach.lexed, scopes: Set(deleted.lazy.filter { !$0.scopeGone }.map(\.scope)))
        for site in deleted {
            let chains = chainsByScope[site.scope] ?? []
            let names = handed[site.scope] ?? []
            // A job's call may have gone into another job, its function kept (`movedToSameTarget`).
            guard !chains.isEmpty || !names.isEmpty || site.scopeGone || (site.isCall && site.repetition == "background") else { continue }
            sources.append(Source(
                path: file.path, site: site, reachedChains: chains, handedNames: names, file: site.isCall ? file : nil))
        }
    }

    /// The names the file's added lines in `scopes` hand on as arguments, alone or at the end of a member chain
    /// (`createAnswer` in `(…, createAnswer)`, `views.summarize` in `path("summary/", views.summarize)`), as calls of
    /// them to resolve.
    private static func handedNames(in file: SourceFile, lexed: LexedSource?, scopes: Set<String>) -> [String: [CallFact]] {
        guard !scopes.isEmpty, let lexed else { return [:] }
        var names: [String: [CallFact]] = [:]
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeParen),
                  file.adds(tokens[index].line)
            else { continue }
            let start = FactExtractor.chainStart(lexed, at: index)
            guard lexed.token(start - 1, isPunctuation: Byte.openParen) || lexed.token(start - 1, isPunctuation: Byte.comma) else { continue }
            let scope = PreexistingPaidSites.scopeKey(of: index, in: lexed)
            guard scopes.contains(scope) else { continue }
            names[scope, default: []].append(CallFact(
                name: lexed.text(index), receiver: FactExtractor.receiverChain(lexed, before: index), token: index,
                line: tokens[index].line, column: tokens[index].column, firstArgument: nil))
        }
        return names
    }

    private mutating func observeAddedSites(_ file: SourceFile, context: DetectionContext) {
        let analysis = FileAnalysis.of(file, context: context)
        guard analysis.sites.contains(where: { file.adds($0.line) }) else { return }
        let before = PreexistingPaidSites.of(file, context: context)
        let reach = ReachCalls.of(file, context: context)
        let lexed = analysis.lexed ?? reach.lexed
        for site in analysis.sites where file.adds(site.line) {
            let repeats = analysis.batchReason(for: site) != nil
            guard !before.contains(site, repeating: repeats), let lexed else { continue }
            let rule = repeats ? "batch-model-call" : site.kind == .http ? "paid-http-call" : "paid-sdk-call"
            addedSites.append(AddedSite(
                path: file.path, line: site.line, callee: PreexistingPaidSites.callee(of: site),
                repetition: repeats ? PreexistingPaidSites.repetition(of: site, in: analysis) : "", rule: rule,
                scope: PreexistingPaidSites.scopeKey(of: site.token, in: lexed),
                text: PreexistingPaidSites.lineText(of: site.token, in: lexed),
                inNewFunction: Self.isInNewFunction(site.token, in: file, lexed: lexed),
                callerScopes: Self.sameFileCallerScopes(of: site.token, in: file, reach: reach, lexed: lexed)))
        }
    }

    /// Whether the innermost named function around token `token` has its name on a line the change adds.
    private static func isInNewFunction(_ token: Int, in file: SourceFile, lexed: LexedSource) -> Bool {
        var block = lexed.tokens[token].block
        while block >= 0 {
            let found = lexed.blocks[block]
            if found.kind == .function, let name = found.nameRange {
                let header = found.headerStart...max(found.headerStart, found.openToken)
                let nameToken = header.first { lexed.tokens[$0].start == name.lowerBound }
                return file.adds(nameToken.map { lexed.tokens[$0].line } ?? found.startLine)
            }
            block = found.parent
        }
        return false
    }

    /// The scopes of the added calls of `file` reaching the function of the same file that holds token `token`.
    private static func sameFileCallerScopes(of token: Int, in file: SourceFile, reach: ReachCalls, lexed: LexedSource) -> Set<String> {
        guard let facts = reach.facts, reach.reaches.count == facts.calls.count else { return [] }
        var scopes = Set<String>()
        for (position, reached) in reach.reaches.enumerated() {
            guard let reached, reached.paid.contains(where: { paid in
                paid.hops.last.map { $0.path == file.path && $0.definition.tokens.contains(token) } ?? false
            }) else { continue }
            scopes.insert(PreexistingPaidSites.scopeKey(of: facts.calls[position].token, in: lexed))
        }
        return scopes
    }

    /// The functions of `file` its added calls reach paid work through (any function of a chain, not only the one
    /// making the paid call), each with the calling scope: a call of a wrapper held by one of them is reported, and
    /// those calls are left to its finding (ReachCalls), as `sameFileCallerScopes` says of a direct call.
    private static func sameFileHops(in file: SourceFile, reach: ReachCalls, lexed: LexedSource) -> [(tokens: ClosedRange<Int>, scope: String)] {
        guard let facts = reach.facts, reach.reaches.count == facts.calls.count else { return [] }
        var hops: [(tokens: ClosedRange<Int>, scope: String)] = []
        for (position, reached) in reach.reaches.enumerated() {
            guard let reached else { continue }
            for paid in reached.paid {
                for hop in paid.hops where hop.path == file.path {
                    hops.append((hop.definition.tokens, PreexistingPaidSites.scopeKey(of: facts.calls[position].token, in: lexed)))
                }
            }
        }
        return hops
    }

    /// The file's added calls reaching paid work that it does not pair with deleted ones: each is a site a call
    /// deleted elsewhere may have moved to (a call of a wrapper, by its name and member chain) and, where the file
    /// is edited, a call of a wrapper renamed perhaps.
    private mutating func observeAddedCalls(_ file: SourceFile, context: DetectionContext, renames: Bool) {
        let reach = ReachCalls.of(file, context: context)
        guard !reach.calls.isEmpty, let lexed = reach.lexed else { return }
        let before = PreexistingPaidSites.of(file, context: context)
        var sameFileHops: [(tokens: ClosedRange<Int>, scope: String)]?
        for call in reach.calls {
            guard let callee = call.paid.hops.first else { continue }
            let repeats = reach.batchReason(call) != nil
            guard !before.contains(call, inLoop: repeats && call.inLoop) else { continue }
            let hops = sameFileHops ?? Self.sameFileHops(in: file, reach: reach, lexed: lexed)
            sameFileHops = hops
            addedSites.append(AddedSite(
                path: file.path, line: call.call.line,
                callee: PreexistingPaidSites.callee(ofCall: call.call.name, receiver: call.call.receiver),
                // Only a loop is told apart from the deleted calls' side: other repetition never pairs. Repetition the
                // callee makes itself (it loops over its paid calls, or enqueues them) every call of it had already.
                repetition: !repeats ? "" : call.inLoop ? "loop" : call.paid.repeats || call.paid.background != nil ? "" : "background",
                rule: repeats ? "batch-model-call" : "paid-call-reach",
                scope: PreexistingPaidSites.scopeKey(of: call.call.token, in: lexed),
                text: PreexistingPaidSites.lineText(of: call.call.token, in: lexed),
                inNewFunction: Self.isInNewFunction(call.call.token, in: file, lexed: lexed),
                callerScopes: Set(hops.lazy.filter { $0.tokens.contains(call.call.token) }.map(\.scope)),
                target: callee, arguments: PreexistingPaidSites.argumentsFingerprint(ofCallAt: call.call.token, in: lexed)))
            guard renames, let scope = before.headScope(of: call.call.token) else { continue }
            let former = before.namesNoLongerSpelled(inScopeOf: call.call.token, inLoop: repeats && call.inLoop)
            guard !former.isEmpty else { continue }
            addedCalls.append(AddedCall(
                path: file.path, line: call.call.line, scope: scope, rule: repeats ? "batch-model-call" : "paid-call-reach",
                callee: callee, formerNames: former))
        }
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        guard (!sources.isEmpty && !addedSites.isEmpty) || !addedCalls.isEmpty, let code = context.code else {
            return ChangeAnalysisResult()
        }
        var replaced = Set<FindingSite>()
        // Moves: each deleted call excuses the first added one it is now reached as. A finding stands for every call
        // of its rule on its line: it is replaced only when each of them moved.
        var used = [Bool](repeating: false, count: sources.count)
        var sourcesByCallee: [String: [Int]] = [:]
        for index in sources.indices { sourcesByCallee[sources[index].site.callee, default: []].append(index) }
        var movedGoSites: [(path: String, line: Int)] = []
        var unmoved = Set<FindingSite>()
        var formerTargets: [Int: [Symbol]] = [:]
        var formerFacts: [String: FileFacts] = [:]
        // What a deleted call of a function resolved to in its file as it was, read again only for a candidate.
        let resolveFormer = { (index: Int) -> [Symbol] in
            if let known = formerTargets[index] { return known }
            var targets: [Symbol] = []
            if let file = sources[index].file, let language = file.language {
                let facts = formerFacts[file.path] ?? code.formerFacts(of: file.path, lexed: Lexer.lex(file.baseBytes(), language: language))
                formerFacts[file.path] = facts
                if let call = facts.calls.first(where: { $0.token == sources[index].site.token }) {
                    targets = code.resolve(call, in: facts).targets
                }
            }
            formerTargets[index] = targets
            return targets
        }
        for site in addedSites.sorted(by: { ($0.path, $0.line) < ($1.path, $1.line) }) {
            let finding = FindingSite(rule: site.rule, path: site.path, line: site.line)
            var found = sourcesByCallee[site.callee]?.first { !used[$0] && sources[$0].moved(to: site, code: code) }
            if found == nil, site.target != nil, site.arguments != 0 {
                found = sources.indices.first { index in
                    !used[index] && sources[index].movedToSameTarget(to: site) { resolveFormer(index) }
                }
            }
            guard let found else {
                unmoved.insert(finding)
                continue
            }
            used[found] = true
            replaced.insert(finding)
            if site.path.hasSuffix(".go") { movedGoSites.append((site.path, site.line)) }
        }
        replaced.subtract(unmoved)
        // Renames: each name a scope no longer spells excuses one call of the function renamed from it.
        var spent: [String: Int] = [:]
        for call in addedCalls.sorted(by: { ($0.path, $0.line) < ($1.path, $1.line) }) {
            // Go: a function moved into another package is exported there (`summarize` becomes `llm.Summarize`);
            // its call is the old one when the scope no longer names the unexported function and the paid call
            // the function holds is one it moved.
            if call.callee.path.hasSuffix(".go"), let lines = Self.lines(of: call.callee, code: code),
               movedGoSites.contains(where: { $0.path == call.callee.path && lines.contains($0.line) }),
               let old = call.formerNames.keys.sorted().first(where: { name in
                   name != call.callee.name && Self.sameGoName(name, call.callee.name)
                       && spent["\(call.path)|\(call.scope)|\(name)", default: 0] < call.formerNames[name, default: 0]
               })
            {
                spent["\(call.path)|\(call.scope)|\(old)", default: 0] += 1
                replaced.insert(FindingSite(rule: call.rule, path: call.path, line: call.line))
                continue
            }
            guard let words = renamedWords[call.callee.path], let lines = Self.lines(of: call.callee, code: code) else { continue }
            let header = lines.lowerBound...max(lines.lowerBound, call.callee.definition.line)
            let renamed = words.first { word in
                guard header.contains(word.line), word.new == call.callee.name else { return false }
                return spent["\(call.path)|\(call.scope)|\(word.old)", default: 0] < call.formerNames[word.old, default: 0]
            }
            guard let renamed else { continue }
            spent["\(call.path)|\(call.scope)|\(renamed.old)", default: 0] += 1
            replaced.insert(FindingSite(rule: call.rule, path: call.path, line: call.line))
        }
        return ChangeAnalysisResult(replaced: replaced)
    }

    /// Whether two Go names are one name exported or not: equal but for the case of their first letter
    /// (`summarize`, `Summarize`).
    static func sameGoName(_ a: String, _ b: String) -> Bool {
        guard let first = a.first, let other = b.first, a.utf8.count == b.utf8.count else { return a == b }
        return first.lowercased() == other.lowercased() && a.dropFirst() == b.dropFirst()
    }

    /// Whether two scope keys (`summarize/`, `Summarize/Client/`) name the same Go functions and types, exported or
    /// not: what moving them into another package makes of them.
    static func sameGoScope(_ a: String, _ b: String) -> Bool {
        let left = a.split(separator: "/", omittingEmptySubsequences: false)
        let right = b.split(separator: "/", omittingEmptySubsequences: false)
        return left.count == right.count && zip(left, right).allSatisfy { sameGoName(String($0), String($1)) }
    }

    /// The head lines a function's definition spans.
    static func lines(of symbol: Symbol, code: CodeIndex) -> ClosedRange<Int>? {
        guard let lexed = code.lexedFile(symbol.path), symbol.definition.tokens.upperBound < lexed.tokens.count else { return nil }
        let first = lexed.tokens[symbol.definition.tokens.lowerBound].line
        return first...max(first, lexed.tokens[symbol.definition.tokens.upperBound].line)
    }
}

/// MovedPaidWork's reading of a changed file's deleted calls (`MovedPaidWork.deletedCalls`), which needs no other file:
/// done by the worker that scanned the file, on every core, rather than under the analyzers' lock.
struct DeletedCallsReading: FileObservation {
    func prepare(_ file: SourceFile, context: DetectionContext) {
        _ = MovedPaidWork.deletedCalls(of: file, context: context)
    }
}
