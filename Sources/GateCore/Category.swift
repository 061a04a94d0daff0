/// The fixed vocabulary of risk categories (SPEC §2).
public enum Category: String, Codable, CaseIterable, Sendable, Comparable {
    case paidExternalCall = "paid-external-call"
    case batchModelCall = "batch-model-call"
    case paidRetry = "paid-retry"
    case schemaChange = "schema-change"
    case secret
    case unprotectedEndpoint = "unprotected-endpoint"
    case policyChange = "policy-change"
    /// Content gate could not analyse (an archive, a file too large to read as code, an object the
    /// clone lacks): fail closed by asking the owners to look, never by passing it silently.
    case unscanned

    public static func < (lhs: Category, rhs: Category) -> Bool { lhs.order < rhs.order }

    private var order: Int { Category.allCases.firstIndex(of: self) ?? 0 }
}

/// How risky a finding is; a change's tier is its highest finding's.
public enum Tier: String, Codable, CaseIterable, Sendable, Comparable {
    case low, high, critical

    private var rank: Int {
        switch self {
        case .low: 0
        case .high: 1
        case .critical: 2
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}

/// What the policy does with a finding.
public enum Action: String, Codable, CaseIterable, Sendable {
    case pass
    case requireApproval = "require-approval"
    case block
}

/// The gate's verdict on a change.
public enum Decision: String, Codable, CaseIterable, Sendable {
    case pass
    case needsApproval = "needs-approval"
    case block
}
