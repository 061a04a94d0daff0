/// A waiver from the policy that silenced a finding.
public struct AppliedWaiver: Codable, Sendable, Equatable {
    public var rule: String
    public var reason: String
    public var expires: String

    public init(rule: String, reason: String, expires: String) {
        self.rule = rule
        self.reason = reason
        self.expires = expires
    }
}

/// One risky construct a detector found on a line the change adds.
public struct Finding: Codable, Sendable, Equatable {
    /// Stable across runs and line moves: derived from rule, path and the flagged hunk's content.
    public var id: String
    /// The detector's id.
    public var rule: String
    public var category: Category
    public var tier: Tier
    public var action: Action
    public var path: String
    /// 1-based line in the head version of the file.
    public var line: Int
    public var endLine: Int?
    /// 1-based column of the flagged construct, when the detector knows it.
    public var column: Int?
    public var message: String
    public var provider: String?
    /// What was matched; always redacted for secrets.
    public var evidence: String?
    public var waived: Bool
    public var waiver: AppliedWaiver?
    /// SHA-256 of the flagged hunk's content; feeds the fingerprint, never line numbers.
    public var hunkDigest: String
    /// The reach chain from the flagged call to the paid call (`complete() lib/ai.ts:5 → openai…create`);
    /// part of what an approval signs, so approving a wrapper does not approve its later callers.
    public var chain: String?
    /// The reviewer groups whose sign-off this finding needs (set by the policy); each group's fingerprint
    /// digests exactly its own findings, so approving one group's findings is not voided by another's.
    public var groups: [String]
    /// A `gate:allow` comment on or above the flagged line, as read from the diff; the policy decides what it does.
    public var allowComment: InlineAllowComment?
    /// The inline allow that turned this finding's block into a sign-off, when one did.
    public var allowance: AppliedAllowance?
    /// For a secret, the SHA-256 (hex) of its whole value: two keys whose redacted evidence is the same (one
    /// format, one length) are still told apart, and one key seen twice is one. One-way, and never written to a
    /// report.
    public var secretDigest: String?
    /// The file is code the app serves or runs, as the change shows: a FastAPI router or Flask blueprint another file
    /// includes (set by its detector), the entry point a root manifest names (`action.yml`'s `runs.main`, set by the
    /// check). Path patterns (`paths.tests`, `paths.ignore`) do not hide its findings (SPEC §2). Never in a report.
    public var servedFile = false

    public init(
        rule: String, category: Category, path: String, line: Int, endLine: Int? = nil, column: Int? = nil,
        message: String, provider: String? = nil, evidence: String? = nil,
        tier: Tier? = nil, action: Action? = nil
    ) {
        self.id = ""
        self.rule = rule
        self.category = category
        self.tier = tier ?? category.defaultTier
        self.action = action ?? category.defaultAction
        self.path = path
        self.line = line
        self.endLine = endLine
        self.column = column
        self.message = message
        self.provider = provider
        self.evidence = evidence
        self.waived = false
        self.waiver = nil
        self.hunkDigest = ""
        self.chain = nil
        self.groups = []
        self.allowComment = nil
        self.allowance = nil
        self.secretDigest = nil
    }

    enum CodingKeys: String, CodingKey {
        case id, rule, category, tier, action, path, line, endLine, column, message, provider, evidence, waived, waiver, allowance
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        rule = try c.decode(String.self, forKey: .rule)
        category = try c.decode(Category.self, forKey: .category)
        tier = try c.decode(Tier.self, forKey: .tier)
        action = try c.decode(Action.self, forKey: .action)
        path = try c.decode(String.self, forKey: .path)
        line = try c.decode(Int.self, forKey: .line)
        endLine = try c.decodeIfPresent(Int.self, forKey: .endLine)
        column = try c.decodeIfPresent(Int.self, forKey: .column)
        message = try c.decode(String.self, forKey: .message)
        provider = try c.decodeIfPresent(String.self, forKey: .provider)
        evidence = try c.decodeIfPresent(String.self, forKey: .evidence)
        waived = try c.decode(Bool.self, forKey: .waived)
        waiver = try c.decodeIfPresent(AppliedWaiver.self, forKey: .waiver)
        allowance = try c.decodeIfPresent(AppliedAllowance.self, forKey: .allowance)
        hunkDigest = ""
        chain = nil
        groups = []
        allowComment = nil
        secretDigest = nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(rule, forKey: .rule)
        try c.encode(category, forKey: .category)
        try c.encode(tier, forKey: .tier)
        try c.encode(action, forKey: .action)
        try c.encode(path, forKey: .path)
        try c.encode(line, forKey: .line)
        try c.encode(endLine ?? line, forKey: .endLine)
        // Unknown is `null`, never a missing key (SPEC §6).
        try c.encode(column, forKey: .column)
        try c.encode(message, forKey: .message)
        try c.encode(provider, forKey: .provider)
        try c.encode(shownEvidence, forKey: .evidence)
        try c.encode(waived, forKey: .waived)
        try c.encode(waiver, forKey: .waiver)
        // Only present when an inline allow applied, so reports without one read as before.
        try c.encodeIfPresent(allowance, forKey: .allowance)
    }
}

/// A report holds thousands of findings: they write their JSON directly, as `encode(to:)` above encodes them (keys
/// in sorted order; `StableJSONTests` compares the two).
extension Finding: PrettyJSONWritable {
    static var prettyJSONDepth: Int { 2 }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginObject(level: level)
        writer.member("action", action.rawValue, in: &members)
        if let allowance { writer.member("allowance", allowance, in: &members) }
        writer.member("category", category.rawValue, in: &members)
        writer.member("column", column, in: &members)
        writer.member("endLine", endLine ?? line, in: &members)
        writer.member("evidence", shownEvidence, in: &members)
        writer.member("id", id, in: &members)
        writer.member("line", line, in: &members)
        writer.member("message", message, in: &members)
        writer.member("path", path, in: &members)
        writer.member("provider", provider, in: &members)
        writer.member("rule", rule, in: &members)
        writer.member("tier", tier.rawValue, in: &members)
        writer.member("waived", waived, in: &members)
        writer.member("waiver", waiver, in: &members)
        writer.endObject(members)
    }
}

extension AppliedWaiver: PrettyJSONWritable {
    static var prettyJSONDepth: Int { 1 }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginObject(level: level)
        writer.member("expires", expires, in: &members)
        writer.member("reason", reason, in: &members)
        writer.member("rule", rule, in: &members)
        writer.endObject(members)
    }
}

extension AppliedAllowance: PrettyJSONWritable {
    static var prettyJSONDepth: Int { 1 }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginObject(level: level)
        writer.member("group", group, in: &members)
        writer.member("line", line, in: &members)
        writer.member("reason", reason, in: &members)
        writer.member("rule", rule, in: &members)
        writer.endObject(members)
    }
}

extension Category {
    /// The tier a finding of this category has when the policy says nothing (SPEC §2).
    public var defaultTier: Tier {
        switch self {
        case .secret, .unprotectedEndpoint: .critical
        default: .high
        }
    }

    /// The action a finding of this category has when the policy says nothing (SPEC §2).
    public var defaultAction: Action {
        switch self {
        case .secret, .unprotectedEndpoint: .block
        default: .requireApproval
        }
    }

    /// The reviewer group whose sign-off this category needs by default (SPEC §2).
    public var defaultApprovalGroup: String {
        switch self {
        case .schemaChange: "database"
        // A test-mode key or an entropy-only match needs sign-off from whoever owns the gate, not the cost group.
        case .policyChange, .unscanned, .secret: "owners"
        default: "cost"
        }
    }
}
