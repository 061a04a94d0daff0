import GateCore

/// The policy's judgment of a change's findings, before approvals are counted.
public struct Evaluation: Sendable, Equatable {
    /// Findings with the policy's tier, action and waivers applied; disabled rules and ignored paths removed.
    public var findings: [Finding]
    /// One per required group, not yet satisfied.
    public var requirements: [Requirement]
    /// Expired and unused waivers, in policy order.
    public var notes: [String]
    /// For each required group, the categories of the findings that need it: the first-policy bootstrap may
    /// only satisfy a group that nothing but policy-change findings need.
    public var requiredBy: [String: Set<Category>]

    public init(findings: [Finding], requirements: [Requirement], notes: [String],
                requiredBy: [String: Set<Category>] = [:]) {
        self.findings = findings
        self.requirements = requirements
        self.notes = notes
        self.requiredBy = requiredBy
    }
}

/// Turns findings into tiers, actions, requirements and a decision under a policy (SPEC §2, §3).
public enum PolicyEvaluator {
    /// Applies rules and waivers; `today` is the UTC date `YYYY-MM-DD` that waiver expiry is judged against.
    public static func evaluate(_ findings: [Finding], policy: Policy, today: String) -> Evaluation {
        let active = policy.waivers.filter { !$0.isExpired(today: today) }
        var used = [Bool](repeating: false, count: active.count)
        var judged: [Finding] = []
        var needed: [String: Int] = [:]
        var appliedAllows: Set<String> = []
        var ignoredAllows: [String: (note: String, namesFinding: Bool)] = [:]
        var ignoredOrder: [String] = []
        var requiredBy: [String: Set<Category>] = [:]
        // What the path globs say of a path, asked once per path: a large change has many findings per file, and
        // the test and ignore lists are long.
        var pathFacts: [String: (ignored: Bool, test: Bool)] = [:]
        // Files the change shows the app serves or runs (a router another file includes, the entry point a manifest
        // names), whatever their paths say: SPEC §2, a path pattern does not hide them.
        let servedFiles = Set(findings.lazy.filter(\.servedFile).map(\.path))
        func facts(_ path: String) -> (ignored: Bool, test: Bool) {
            if let known = pathFacts[path] { return known }
            let served = servedFiles.contains(path)
            let computed = (ignored: !served && policy.ignores(path), test: !served && policy.paths.isTest(path))
            pathFacts[path] = computed
            return computed
        }
        for var finding in findings {
            // Whole-change analyzers report findings outside the diff filter, so paths.ignore is applied here too.
            // Secrets are never ignored: a key in vendor/ or dist/ is as live as anywhere.
            if finding.category != .secret, facts(finding.path).ignored { continue }
            var settings = policy.settings(rule: finding.rule, category: finding.category)
            guard settings.enabled else { continue }
            // A detector that blocks where its category would not (a dropped column head code still uses)
            // keeps blocking unless the policy names that detector: relaxing its category does not relax it.
            let detectorBlocks = finding.action == .block && finding.category.defaultAction != .block
            if policy.rules[finding.rule] == nil, detectorBlocks, settings.action != .block {
                settings = RuleSettings(tier: max(finding.tier, settings.tier), action: .block, require: nil)
            }
            // A finding its detector rated below the default (a test-mode key, a sandbox token, an entropy-only
            // match in fixtures) keeps that rating unless the policy names the detector (SPEC §2).
            if policy.rules[finding.rule] == nil, finding.tier < finding.category.defaultTier, finding.tier < settings.tier {
                let action = finding.tier.impliedAction
                settings = RuleSettings(
                    tier: finding.tier, action: action,
                    require: action == .requireApproval
                        ? settings.require ?? ApprovalRequirement(approvals: 1, from: [finding.category.defaultApprovalGroup])
                        : nil)
            }
            // SPEC §2: test code does not run in production, so its findings are low by default (visible, never
            // blocking, no sign-off); `paths.tests` decides what test code is, and `tests: []` raises them.
            // A leaked key and a change to the gate itself are not made safe by living under tests/.
            if facts(finding.path).test, PolicyEvaluator.lowersInTests.contains(finding.category) {
                settings = RuleSettings(tier: .low, action: .pass, require: nil)
                if !finding.message.hasSuffix(PolicyEvaluator.testFileNote) { finding.message += PolicyEvaluator.testFileNote }
            }
            finding.tier = settings.tier
            finding.action = settings.action
            finding.waived = false
            finding.waiver = nil
            // A detector's own waiver is more specific than its category's, so it wins when both cover.
            let candidates = active.indices.filter { active[$0].covers(finding) }
            if let index = candidates.first(where: { active[$0].rule == finding.rule }) ?? candidates.first {
                used[index] = true
                let waiver = active[index]
                finding.waived = true
                finding.waiver = AppliedWaiver(rule: waiver.rule, reason: waiver.reason, expires: waiver.expires)
            }
            finding.groups = []
            finding.allowance = nil
            if let comment = finding.allowComment, !finding.waived {
                switch InlineAllowJudgement.judge(comment, on: finding) {
                case .allowed(let allowance):
                    appliedAllows.insert("\(finding.path):\(comment.line) \(comment.rule)")
                    finding.action = .requireApproval
                    finding.allowance = allowance
                    settings.require = ApprovalRequirement(approvals: 1, from: [allowance.group])
                case .ignored(let why, let namesFinding):
                    // One comment sits on every finding of its line: report it only if it allowed none of them, with
                    // the reason from a finding it names when there is one.
                    let site = "\(finding.path):\(comment.line) \(comment.rule)"
                    if ignoredAllows[site] == nil || (namesFinding && ignoredAllows[site]?.namesFinding == false) {
                        if ignoredAllows[site] == nil { ignoredOrder.append(site) }
                        ignoredAllows[site] = ("gate:allow \(shownRule(comment.rule)) at \(finding.path):\(comment.line) was ignored: \(why)", namesFinding)
                    }
                }
            }
            if !finding.waived, finding.action == .requireApproval, let require = settings.require {
                finding.groups = require.from
                for group in require.from {
                    needed[group] = max(needed[group] ?? 0, require.approvals)
                    requiredBy[group, default: []].insert(finding.category)
                }
            }
            judged.append(finding)
        }
        var notes: [String] = []
        for waiver in policy.waivers where waiver.isExpired(today: today) {
            notes.append("\(waiver.label) expired on \(waiver.expires) and was ignored")
        }
        for (index, waiver) in active.enumerated() where !used[index] {
            notes.append("\(waiver.label) matched no finding in this change")
        }
        notes += ignoredOrder.filter { !appliedAllows.contains($0) }.compactMap { ignoredAllows[$0]?.note }
        withholdReasonsOnSecretLines(&judged)
        let requirements = needed.keys.sorted().map { Requirement(group: $0, approvals: needed[$0] ?? 1) }
        return Evaluation(findings: judged, requirements: requirements, notes: notes, requiredBy: requiredBy)
    }

    /// A rule name as notes show it: rule and category ids are short kebab-case words, so anything else (a key pasted
    /// where the rule goes) is redacted rather than printed whole.
    public static func shownRule(_ rule: String) -> String {
        let kebab = rule.count <= 64 && rule.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        return kebab ? rule : Redaction.redact(rule)
    }

    /// Shown instead of an allow's reason when a secret was found on the comment's line.
    public static let withheldReason = "(reason withheld: a secret was found on this comment's line)"

    /// Every report prints an allow's reason, so a key pasted into it would be printed whole; secrets never are.
    /// The change is blocked by that secret anyway, so nobody needs the reason to decide.
    static func withholdReasonsOnSecretLines(_ findings: inout [Finding]) {
        var secretLines: [String: [ClosedRange<Int>]] = [:]
        for finding in findings where finding.category == .secret {
            secretLines[finding.path, default: []].append(finding.line...max(finding.line, finding.endLine ?? finding.line))
        }
        guard !secretLines.isEmpty else { return }
        for index in findings.indices {
            guard let line = findings[index].allowance?.line,
                  secretLines[findings[index].path]?.contains(where: { $0.contains(line) }) == true
            else { continue }
            findings[index].allowance?.reason = withheldReason
        }
    }

    /// The group an inline allow asks for: whoever owns the gate, since the allow overrides its judgement.
    public static let allowGroup = "owners"

    /// Categories whose findings in test code are low by default.
    static let lowersInTests: Set<Category> = [
        .paidExternalCall, .batchModelCall, .paidRetry, .unprotectedEndpoint, .schemaChange,
    ]

    /// Appended to the message of a finding lowered because it is in test code.
    static let testFileNote = " (in test code, stories or examples: low unless paths.tests says otherwise)"

    /// SPEC §2: block if any unwaived finding blocks, else needs-approval while a requirement is unmet, else pass.
    public static func decide(findings: [Finding], requirements: [Requirement]) -> Decision {
        if findings.contains(where: { !$0.waived && $0.action == .block }) { return .block }
        if requirements.contains(where: { !$0.satisfied }) { return .needsApproval }
        return .pass
    }
}

/// What an inline `gate:allow` comment does to the finding it sits on (SPEC §4).
enum InlineAllowJudgement {
    case allowed(AppliedAllowance)
    /// Why it was ignored, and whether the comment named this finding's rule or category.
    case ignored(String, namesFinding: Bool)

    /// Categories no inline comment can allow: a secret is leaked once it is pushed, whatever a comment says, and a
    /// policy-change finding is a change to the gate itself, which a comment inside that change must not judge.
    static let unallowable: Set<Category> = [.secret, .policyChange]

    static func judge(_ comment: InlineAllowComment, on finding: Finding) -> InlineAllowJudgement {
        guard comment.rule == finding.rule || comment.rule == finding.category.rawValue else {
            return .ignored("it names neither this finding's rule (\(finding.rule)) nor its category (\(finding.category.rawValue))", namesFinding: false)
        }
        guard let reason = comment.reason else {
            return .ignored("no reason given (write `gate:allow \(comment.rule) -- why this is safe`)", namesFinding: true)
        }
        if unallowable.contains(finding.category) {
            let why = finding.category == .secret
                ? "a secret is leaked once pushed: rotate it and remove it"
                : "a policy change is a change to the gate itself"
            return .ignored("\(finding.category.rawValue) findings cannot be allowed inline (\(why))", namesFinding: true)
        }
        // Only a block is turned into a sign-off: a finding that needs sign-off already keeps its own requirement,
        // so an allow never lowers what the policy asks.
        guard finding.action == .block else {
            return .ignored("the finding does not block (it is \(finding.action.rawValue)); an inline allow only turns a block into a sign-off", namesFinding: true)
        }
        return .allowed(AppliedAllowance(rule: comment.rule, reason: reason, line: comment.line, group: PolicyEvaluator.allowGroup))
    }
}
