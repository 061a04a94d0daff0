/// The revisions a report judged.
public struct ReportRange: Codable, Sendable, Equatable {
    public var base: String
    public var head: String
    public var mode: DiffMode
    /// The branch the change merges into, which approvals are bound to; set when something needs sign-off.
    public var target: String? = nil
    /// The pull request's head commit (the event's `pull_request.head.sha`) when the check ran on it or on GitHub's
    /// merge of it into the base: the commit a reviewer has, so the approve command names it rather than the
    /// runner's synthetic merge. Null outside a pull request's check.
    public var pullRequestHead: String? = nil

    public init(base: String, head: String, mode: DiffMode) {
        self.base = base
        self.head = head
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey {
        case base, head, mode, target, pullRequestHead
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        base = try c.decode(String.self, forKey: .base)
        head = try c.decode(String.self, forKey: .head)
        mode = try c.decode(DiffMode.self, forKey: .mode)
        target = try c.decodeIfPresent(String.self, forKey: .target)
        pullRequestHead = try c.decodeIfPresent(String.self, forKey: .pullRequestHead)
    }

    /// An unknown value is `null`, never a missing key (SPEC §6).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(base, forKey: .base)
        try c.encode(head, forKey: .head)
        try c.encode(mode, forKey: .mode)
        try c.encode(target, forKey: .target)
        try c.encode(pullRequestHead, forKey: .pullRequestHead)
    }
}

/// Which policy judged the change, and its digest.
public struct PolicySource: Codable, Sendable, Equatable {
    /// `base:.gate/policy.yml`, `file:PATH` or `builtin`.
    public var source: String
    public var sha256: String
    /// Set when the base has no policy and the change adds the first one, whose owners may then sign off
    /// the change's policy-change findings (SPEC §4, first-policy bootstrap); absent from the JSON otherwise.
    public var bootstrap: PolicyBootstrap?

    public init(source: String, sha256: String, bootstrap: PolicyBootstrap? = nil) {
        self.source = source
        self.sha256 = sha256
        self.bootstrap = bootstrap
    }
}

/// The first `.gate/policy.yml`, added by the change being judged, trusted on first use for the sign-off of
/// that change's policy-change findings only: nothing else it says (rules, waivers, other groups) applies.
public struct PolicyBootstrap: Codable, Sendable, Equatable {
    /// `head:.gate/policy.yml`.
    public var source: String
    public var sha256: String
    /// The requirement groups its reviewers may satisfy: those that only policy-change findings need.
    public var groups: [String]
    /// Its reviewers in those groups, the people who can sign off.
    public var reviewers: [String]

    public init(source: String, sha256: String, groups: [String], reviewers: [String]) {
        self.source = source
        self.sha256 = sha256
        self.groups = groups
        self.reviewers = reviewers
    }
}

/// One sign-off requirement and who satisfied it.
public struct Requirement: Codable, Sendable, Equatable {
    public var group: String
    public var approvals: Int
    public var satisfiedBy: [String]
    public var satisfied: Bool

    public init(group: String, approvals: Int, satisfiedBy: [String] = [], satisfied: Bool = false) {
        self.group = group
        self.approvals = approvals
        self.satisfiedBy = satisfiedBy
        self.satisfied = satisfied
    }
}

/// An approval the gate considered, counted or not, with the reason when not.
public struct ConsideredApproval: Codable, Sendable, Equatable {
    public var reviewer: String
    public var fingerprint: String
    public var counted: Bool
    public var reason: String?
    /// The groups it counted for, when it counted (absent otherwise).
    public var groups: [String]?
    /// `github-review` for a pull-request review on GitHub; absent for an SSH-signed approval from the store.
    public var source: String?
    /// The GitHub login whose review this is (GitHub reviews only).
    public var login: String?
    /// The commit the review was submitted on (`commit_id`; GitHub reviews only).
    public var commit: String?

    public init(reviewer: String, fingerprint: String, counted: Bool, reason: String?, groups: [String]? = nil,
                source: String? = nil, login: String? = nil, commit: String? = nil) {
        self.reviewer = reviewer
        self.fingerprint = fingerprint
        self.counted = counted
        self.reason = reason
        self.groups = groups
        self.source = source
        self.login = login
        self.commit = commit
    }

    /// How a report names it: `alice@example.com`, or `alice@example.com (GitHub review by @alice at 0123456789ab)`.
    public var label: String {
        guard source != nil, let login else { return reviewer }
        let at = commit.map { " at \($0.prefix(12))" } ?? ""
        return reviewer.hasPrefix("@") ? "\(reviewer) (GitHub review\(at))" : "\(reviewer) (GitHub review by @\(login)\(at))"
    }
}

/// When a migration must run relative to the code that needs it.
public enum MigrationPhase: String, Codable, Sendable, CaseIterable {
    case pre, post
}

/// A code-to-schema ordering constraint: this migration must be applied (and verified) first.
public struct OrderingEntry: Codable, Sendable, Equatable {
    public var migration: String
    public var phase: MigrationPhase
    public var reason: String

    public init(migration: String, phase: MigrationPhase, reason: String) {
        self.migration = migration
        self.phase = phase
        self.reason = reason
    }
}

/// One statement of a migration the change brings, as analysed.
public struct StatementSummary: Codable, Sendable, Equatable {
    public var line: Int
    public var statement: String
    /// `expand`, `contract` or `data`.
    public var effect: String
    public var hazards: [String]
    public var checks: [String]

    public init(line: Int, statement: String, effect: String, hazards: [String], checks: [String]) {
        self.line = line
        self.statement = statement
        self.effect = effect
        self.hazards = hazards
        self.checks = checks
    }
}

/// A migration the change brings, with its phase and analysed statements.
public struct MigrationSummary: Codable, Sendable, Equatable {
    public var path: String
    public var phase: MigrationPhase
    public var statements: [StatementSummary]

    public init(path: String, phase: MigrationPhase, statements: [StatementSummary]) {
        self.path = path
        self.phase = phase
        self.statements = statements
    }
}

/// Counts about the diff that was read.
public struct ReportStats: Codable, Sendable, Equatable {
    public var files: Int
    public var addedLines: Int
    public var skipped: [SkippedFile]
    public var durationMs: Int
    /// True when rename/copy detection was bounded because the change was too large (like git's diff.renameLimit).
    public var renameDetectionBounded: Bool
    /// How many functions a call chain reached with its depth bound spent, where reach resolution was cut; absent
    /// when none was.
    public var reachDepthBounded: Int?

    public init(files: Int = 0, addedLines: Int = 0, skipped: [SkippedFile] = [], durationMs: Int = 0,
                renameDetectionBounded: Bool = false, reachDepthBounded: Int? = nil) {
        self.files = files
        self.addedLines = addedLines
        self.skipped = skipped
        self.durationMs = durationMs
        self.renameDetectionBounded = renameDetectionBounded
        self.reachDepthBounded = reachDepthBounded
    }

    enum CodingKeys: String, CodingKey {
        case files, addedLines, skipped, durationMs, renameDetectionBounded, reachDepthBounded
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        files = try c.decode(Int.self, forKey: .files)
        addedLines = try c.decode(Int.self, forKey: .addedLines)
        skipped = try c.decode([SkippedFile].self, forKey: .skipped)
        durationMs = try c.decode(Int.self, forKey: .durationMs)
        renameDetectionBounded = try c.decodeIfPresent(Bool.self, forKey: .renameDetectionBounded) ?? false
        reachDepthBounded = try c.decodeIfPresent(Int.self, forKey: .reachDepthBounded)
    }

    /// `reachDepthBounded` is `null` when no chain was cut, never a missing key (SPEC §6).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(files, forKey: .files)
        try c.encode(addedLines, forKey: .addedLines)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(durationMs, forKey: .durationMs)
        try c.encode(renameDetectionBounded, forKey: .renameDetectionBounded)
        try c.encode(reachDepthBounded, forKey: .reachDepthBounded)
    }
}

/// The `gate.report/v1` document (SPEC §2).
public struct Report: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "gate.report/v1"

    public var schema: String
    public var decision: Decision
    public var range: ReportRange
    public var policy: PolicySource
    /// The whole change's fingerprint (every finding that needs sign-off); approvals made before per-group
    /// fingerprints are checked against it.
    public var fingerprint: String
    /// One fingerprint per group that must sign off: what an approval for that group binds to (SPEC §4).
    public var fingerprints: [String: String]?
    public var findings: [Finding]
    public var requirements: [Requirement]
    public var approvals: [ConsideredApproval]
    public var ordering: [OrderingEntry]
    public var migrations: [MigrationSummary]
    /// Things the reader should know that are not findings: expired or unused waivers, builtin policy in use.
    public var notes: [String]
    public var stats: ReportStats

    public init(
        decision: Decision, range: ReportRange, policy: PolicySource, fingerprint: String,
        fingerprints: [String: String]? = nil, findings: [Finding] = [], requirements: [Requirement] = [], approvals: [ConsideredApproval] = [],
        ordering: [OrderingEntry] = [], migrations: [MigrationSummary] = [], notes: [String] = [],
        stats: ReportStats = ReportStats()
    ) {
        self.schema = Report.schemaIdentifier
        self.decision = decision
        self.range = range
        self.policy = policy
        self.fingerprint = fingerprint
        self.fingerprints = fingerprints
        self.findings = findings
        self.requirements = requirements
        self.approvals = approvals
        self.ordering = ordering
        self.migrations = migrations
        self.notes = notes
        self.stats = stats
    }

    /// The highest tier among unwaived findings, `low` when there are none.
    public var tier: Tier { findings.filter { !$0.waived }.map(\.tier).max() ?? .low }
}

// A large change brings hundreds of migrations, each with its statements, and as many ordering constraints: they
// write their JSON directly, as their synthesized `encode(to:)` encodes them (keys in sorted order; `StableJSONTests`
// compares the two).

extension OrderingEntry: PrettyJSONWritable {
    static var prettyJSONDepth: Int { 1 }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginObject(level: level)
        writer.member("migration", migration, in: &members)
        writer.member("phase", phase.rawValue, in: &members)
        writer.member("reason", reason, in: &members)
        writer.endObject(members)
    }
}

extension StatementSummary: PrettyJSONWritable {
    static var prettyJSONDepth: Int { 2 }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginObject(level: level)
        writer.member("checks", checks, in: &members)
        writer.member("effect", effect, in: &members)
        writer.member("hazards", hazards, in: &members)
        writer.member("line", line, in: &members)
        writer.member("statement", statement, in: &members)
        writer.endObject(members)
    }
}

extension MigrationSummary: PrettyJSONWritable {
    static var prettyJSONDepth: Int { 1 + [StatementSummary].prettyJSONDepth }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginObject(level: level)
        writer.member("path", path, in: &members)
        writer.member("phase", phase.rawValue, in: &members)
        writer.member("statements", statements, in: &members)
        writer.endObject(members)
    }
}
