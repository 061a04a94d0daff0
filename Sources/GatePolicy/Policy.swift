import GateCore
import GateRules

/// A reviewer who may sign off, with the SSH public keys that verify their approvals.
public struct Reviewer: Sendable, Equatable {
    public var id: String
    /// OpenSSH public key lines (`ssh-ed25519 AAAA… comment`).
    public var keys: [String]
    public var groups: [String]

    public init(id: String, keys: [String], groups: [String]) {
        self.id = id
        self.keys = keys
        self.groups = groups
    }
}

/// Path conventions the team adds to the built-in ones.
public struct PathSettings: Sendable, Equatable {
    public var ignore: [Glob]
    public var jobs: [Glob]
    public var migrations: [Glob]

    public init(ignore: [Glob] = PathSettings.defaultIgnore, jobs: [Glob] = [], migrations: [Glob] = []) {
        self.ignore = ignore
        self.jobs = jobs
        self.migrations = migrations
    }

    /// Vendored, generated and minified files are not the team's change to judge.
    public static let defaultIgnore: [Glob] = [
        "vendor/**", "**/node_modules/**", "**/*.min.js", "**/*.min.css", "**/dist/**", "**/*.lock",
        "**/package-lock.json", "**/*.generated.*",
    ].compactMap { try? Glob($0) }
}

/// Sign-off needed for a rule or category.
public struct ApprovalRequirement: Sendable, Equatable {
    public var approvals: Int
    public var from: [String]

    public init(approvals: Int, from: [String]) {
        self.approvals = approvals
        self.from = from
    }
}

/// How the policy treats findings of one category or detector.
public struct RuleSettings: Sendable, Equatable {
    public var tier: Tier
    public var action: Action
    public var require: ApprovalRequirement?
    /// False turns the rule off.
    public var enabled: Bool

    public init(tier: Tier, action: Action, require: ApprovalRequirement?, enabled: Bool = true) {
        self.tier = tier
        self.action = action
        self.require = require
        self.enabled = enabled
    }

    /// SPEC §2's defaults for a category.
    public static func defaults(for category: Category) -> RuleSettings {
        let action = category.defaultAction
        return RuleSettings(
            tier: category.defaultTier, action: action,
            require: action == .requireApproval
                ? ApprovalRequirement(approvals: 1, from: [category.defaultApprovalGroup]) : nil)
    }
}

/// Where approvals are stored.
public enum ApprovalStoreKind: String, Sendable, Equatable, CaseIterable {
    case git, postgres
}

/// `approvals:` in the policy.
public struct ApprovalSettings: Sendable, Equatable {
    public var allowSelf: Bool
    public var maxAge: TimeSpan
    public var store: ApprovalStoreKind

    public init(allowSelf: Bool = false, maxAge: TimeSpan = TimeSpan(milliseconds: 14 * 86_400_000),
                store: ApprovalStoreKind = .git) {
        self.allowSelf = allowSelf
        self.maxAge = maxAge
        self.store = store
    }
}

/// A policy exception: findings of `rule` under `paths` are waived until `expires`.
public struct Waiver: Sendable, Equatable {
    /// A category or detector id.
    public var rule: String
    public var paths: [Glob]
    public var reason: String
    /// `YYYY-MM-DD`, inclusive.
    public var expires: String
    public var location: SourceLocation?

    public init(rule: String, paths: [Glob], reason: String, expires: String, location: SourceLocation? = nil) {
        self.rule = rule
        self.paths = paths
        self.reason = reason
        self.expires = expires
        self.location = location
    }
}

/// A deploy target and the environments that must have released the same head first.
public struct EnvironmentSettings: Sendable, Equatable {
    public var requires: [String]

    public init(requires: [String] = []) { self.requires = requires }
}

/// `deploy:` in the policy.
public struct DeploySettings: Sendable, Equatable {
    public var migrations: String
    public var lockTimeout: TimeSpan
    public var statementTimeout: TimeSpan
    public var transientRetries: Int
    public var releaseAttempts: Int
    public var rolloutCommand: [String]
    public var rolloutTimeout: TimeSpan

    public init(
        migrations: String = "db/migrations", lockTimeout: TimeSpan = .seconds(5),
        statementTimeout: TimeSpan = .seconds(15 * 60), transientRetries: Int = 3, releaseAttempts: Int = 3,
        rolloutCommand: [String] = [], rolloutTimeout: TimeSpan = .seconds(30 * 60)
    ) {
        self.migrations = migrations
        self.lockTimeout = lockTimeout
        self.statementTimeout = statementTimeout
        self.transientRetries = transientRetries
        self.releaseAttempts = releaseAttempts
        self.rolloutCommand = rolloutCommand
        self.rolloutTimeout = rolloutTimeout
    }
}

/// The team's policy (SPEC §3), with every default filled in.
public struct Policy: Sendable, Equatable {
    public static let supportedVersion = 1

    public var version: Int
    public var reviewers: [Reviewer]
    public var paths: PathSettings
    /// Providers added to the built-in catalogue.
    public var providers: [Provider]
    /// Keyed by category raw value or detector id; a detector id overrides its category.
    public var rules: [String: RuleSettings]
    public var approvals: ApprovalSettings
    public var waivers: [Waiver]
    public var environments: [String: EnvironmentSettings]
    public var deploy: DeploySettings
    /// SHA-256 of the policy's bytes (of the built-in default's, for the built-in policy).
    public var digest: String

    public init(
        version: Int = Policy.supportedVersion, reviewers: [Reviewer] = [], paths: PathSettings = PathSettings(),
        providers: [Provider] = [], rules: [String: RuleSettings] = [:], approvals: ApprovalSettings = ApprovalSettings(),
        waivers: [Waiver] = [], environments: [String: EnvironmentSettings] = [:], deploy: DeploySettings = DeploySettings(),
        digest: String = ""
    ) {
        self.version = version
        self.reviewers = reviewers
        self.paths = paths
        self.providers = providers
        self.rules = rules
        self.approvals = approvals
        self.waivers = waivers
        self.environments = environments
        self.deploy = deploy
        self.digest = digest
    }

    /// The settings for a finding: its detector's entry, else its category's, else SPEC §2's default.
    public func settings(rule: String, category: Category) -> RuleSettings {
        rules[rule] ?? rules[category.rawValue] ?? RuleSettings.defaults(for: category)
    }

    /// The detection settings this policy gives the detectors.
    public var detectionContext: DetectionContext {
        DetectionContext(
            providers: ProviderCatalogue.builtin + providers, jobPaths: paths.jobs, migrationPaths: paths.migrations)
    }
}
