import GateCore
import GateRules

/// A reviewer who may sign off, with the SSH public keys that verify their approvals.
public struct Reviewer: Sendable, Equatable {
    public var id: String
    /// OpenSSH public key lines (`ssh-ed25519 AAAA… comment`).
    public var keys: [String]
    public var groups: [String]
    /// `emails:`: the reviewer's other commit identities, so a change they authored under another address (or as a
    /// `Co-authored-by:` co-author) is still theirs for the self-approval rule.
    public var emails: [String] = []
    /// `github:`: the reviewer's GitHub login, whose APPROVED pull-request reviews count as their approval when the
    /// policy's `approvals.sources` includes `github-review`.
    public var github: String? = nil
    /// Where each of `groups` is written in the policy (its first mention), for notes about a group no rule asks for.
    public var groupLocations: [String: SourceLocation] = [:]

    public init(id: String, keys: [String], groups: [String]) {
        self.id = id
        self.keys = keys
        self.groups = groups
    }

    /// Two reviewers are the same whoever wrote them where: the locations only place notes, so a policy explained
    /// and loaded again (or moved to another file) is still the same policy.
    public static func == (lhs: Reviewer, rhs: Reviewer) -> Bool {
        lhs.id == rhs.id && lhs.keys == rhs.keys && lhs.groups == rhs.groups && lhs.emails == rhs.emails
            && lhs.github == rhs.github
    }

    /// GitHub's rule for logins: 1 to 39 ASCII letters, digits and hyphens, no hyphen first, last or doubled. Apps
    /// (`name[bot]`) are not people and cannot be reviewers.
    public static func isGitHubLogin(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...39).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return false
        }
        var previous: UInt8 = 0
        for byte in bytes {
            let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            guard alphanumeric || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = byte
        }
        return true
    }
}

/// Path conventions the team adds to the built-in ones.
public struct PathSettings: Sendable, Equatable {
    /// Replaces the default list when the policy gives one.
    public var ignore: [Glob]
    public var jobs: [Glob]
    public var migrations: [Glob]
    /// Test code, whose findings are tier low (visible, never blocking); replaces the default list when the
    /// policy gives one, so `tests: []` judges test files like any other.
    public var tests: [Glob]

    public init(ignore: [Glob] = PathSettings.defaultIgnore, jobs: [Glob] = [], migrations: [Glob] = [],
                tests: [Glob] = PathSettings.defaultTests) {
        self.ignore = ignore
        self.jobs = jobs
        self.migrations = migrations
        self.tests = tests
    }

    /// The patterns of `paths.tests` when the policy says nothing; `policies/default.yml` lists the same.
    public static let defaultTestPatterns = [
        "*.test.*", "*.spec.*", "*.cy.*", "*_test.{go,py,rb}", "test_*.py", "conftest.py", "tests.py", "*_spec.rb",
        "*{Test,Tests}.{java,kt,cs,swift,php}",
        "{tests,test,__tests__,spec,testdata,__mocks__,e2e,cypress,playwright,Tests}/**",
        // Nested `test/` and `spec/` folders are left out: `app/api/test/route.ts` is a production route.
        "**/{tests,__tests__,testdata,__mocks__,e2e,cypress,playwright,Tests}/**", "**/src/test/**",
        // Storybook stories and a repository's own examples run on developers' machines, not in production; an
        // `examples/` below the root (`app/examples/page.tsx`) may be a route, and is judged.
        "*.stories.*", "**/.storybook/**", "{examples,example}/**",
    ]

    /// Test code: specs, unit and integration tests, their fixtures and mocks; stories and examples.
    public static let defaultTests: [Glob] = defaultTestPatterns.compactMap { try? Glob($0) }

    /// Whether `path` is test code under these settings. A route a framework serves by its path is not, though a
    /// pattern matches a folder of the route (`app/api/tests/[id]/grade/route.ts`): SPEC §2, a path pattern does not
    /// hide a served route. Asked of a path only after a pattern matched.
    public func isTest(_ path: String) -> Bool {
        tests.contains { $0.matches(path) }
            && !FileRouting.isRouteInTestNamedFolder(path, isTest: { candidate in tests.contains { $0.matches(candidate) } })
    }

    /// The patterns of `paths.ignore` when the policy says nothing; `policies/default.yml` lists the same.
    /// Vendored code is anchored where vendoring lives (the root), not at any depth, so `src/vendor/` is judged;
    /// ignored files are still searched for secrets.
    public static let defaultIgnorePatterns = [
        "vendor/**", "third_party/**", "**/node_modules/**", "**/dist/**", "**/*.min.js", "**/*.min.css",
        "**/*.map", "**/*.generated.*", "**/*.pb.go", "**/*_pb2.py", "**/package-lock.json",
        "**/yarn.lock", "**/pnpm-lock.yaml", "**/Cargo.lock", "**/go.sum", "**/Gemfile.lock", "**/poetry.lock",
    ]

    /// Vendored, generated and minified files are not the team's change to judge (secrets aside).
    public static let defaultIgnore: [Glob] = defaultIgnorePatterns.compactMap { try? Glob($0) }
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
    /// Set exactly when the action is `require-approval`.
    public var require: ApprovalRequirement?
    /// False turns the rule off: its findings are dropped.
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

extension Tier {
    /// The action a tier implies when the policy names only the tier: low passes, high needs sign-off,
    /// critical blocks.
    public var impliedAction: Action {
        switch self {
        case .low: .pass
        case .high: .requireApproval
        case .critical: .block
        }
    }
}

extension Action {
    /// The tier an action implies when the policy names only the action.
    public var impliedTier: Tier {
        switch self {
        case .pass: .low
        case .requireApproval: .high
        case .block: .critical
        }
    }
}

/// Where approvals are stored.
public enum ApprovalStoreKind: String, Sendable, Equatable, CaseIterable {
    case git, postgres
}

/// Where sign-offs may come from: SSH-signed approvals in the store, and pull-request reviews on GitHub.
public enum ApprovalSource: String, Sendable, Equatable, CaseIterable {
    case ssh
    case githubReview = "github-review"
}

/// `approvals:` in the policy.
public struct ApprovalSettings: Sendable, Equatable {
    /// SSH-signed approvals only, unless the policy turns GitHub reviews on.
    public static let defaultSources: [ApprovalSource] = [.ssh]

    public var allowSelf: Bool
    public var maxAge: TimeSpan
    public var store: ApprovalStoreKind
    /// `sources`: which kinds of sign-off count; `github-review` is the only one that reaches the network.
    public var sources: [ApprovalSource]

    public init(allowSelf: Bool = false, maxAge: TimeSpan = TimeSpan(milliseconds: 14 * 86_400_000),
                store: ApprovalStoreKind = .git, sources: [ApprovalSource] = ApprovalSettings.defaultSources) {
        self.allowSelf = allowSelf
        self.maxAge = maxAge
        self.store = store
        self.sources = sources
    }
}

/// A policy exception: findings of `rule` under `paths` are waived until `expires`.
public struct Waiver: Sendable, Equatable {
    /// A category or detector id.
    public var rule: String
    /// Empty means every path.
    public var paths: [Glob]
    public var reason: String
    /// `YYYY-MM-DD`, inclusive: the waiver still applies on that day.
    public var expires: String
    public var location: SourceLocation?

    public init(rule: String, paths: [Glob], reason: String, expires: String, location: SourceLocation? = nil) {
        self.rule = rule
        self.paths = paths
        self.reason = reason
        self.expires = expires
        self.location = location
    }

    /// Whether the waiver covers a finding (its rule names the finding's detector or category, and a path matches).
    public func covers(_ finding: Finding) -> Bool {
        (rule == finding.rule || rule == finding.category.rawValue)
            && (paths.isEmpty || paths.contains { $0.matches(finding.path) })
    }

    /// ISO dates compare correctly as text.
    public func isExpired(today: String) -> Bool { expires < today }

    /// How the report names this waiver.
    public var label: String {
        let at = location.map { " (\($0))" } ?? ""
        return "waiver for \(rule)\(at)"
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
    /// `deploy.rollout.env`: what of gate's environment the rollout sees — variable names, `PREFIX_*` patterns and
    /// `NAME=value` settings; nil (the default) passes gate's whole environment.
    public var rolloutEnvironment: [String]? = nil

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

/// `schema:` in the policy: what the migrations' hazards are judged against.
public struct SchemaSettings: Sendable, Equatable {
    /// Major versions gate knows the hazards of.
    public static let supportedPostgresVersions = 9...17

    /// The Postgres major version the migrations run on (`schema.postgres-version`).
    public var postgresVersion: Int

    public init(postgresVersion: Int = DetectionContext.defaultPostgresVersion) {
        self.postgresVersion = postgresVersion
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
    /// Keyed by category raw value or detector id, each fully resolved: a detector's entry starts from its
    /// category's settings and overrides them.
    public var rules: [String: RuleSettings]
    public var approvals: ApprovalSettings
    public var waivers: [Waiver]
    public var environments: [String: EnvironmentSettings]
    public var deploy: DeploySettings
    public var schema: SchemaSettings
    /// `evaluates-nothing: true`: the team says on purpose that every category is off.
    public var evaluatesNothing: Bool
    /// SHA-256 of the policy's bytes (of the built-in default's text, for the built-in policy).
    public var digest: String

    public init(
        version: Int = Policy.supportedVersion, reviewers: [Reviewer] = [], paths: PathSettings = PathSettings(),
        providers: [Provider] = [], rules: [String: RuleSettings] = [:], approvals: ApprovalSettings = ApprovalSettings(),
        waivers: [Waiver] = [], environments: [String: EnvironmentSettings] = [:], deploy: DeploySettings = DeploySettings(),
        evaluatesNothing: Bool = false, digest: String = "", schema: SchemaSettings = SchemaSettings()
    ) {
        self.schema = schema
        self.version = version
        self.reviewers = reviewers
        self.paths = paths
        self.providers = providers
        self.rules = rules
        self.approvals = approvals
        self.waivers = waivers
        self.environments = environments
        self.deploy = deploy
        self.evaluatesNothing = evaluatesNothing
        self.digest = digest
    }

    /// The settings for a finding: its detector's entry, else the detector's own tier (advice is low, a contract
    /// still in use critical) within its enabled category, else its category's, else SPEC §2's default.
    public func settings(rule: String, category: Category) -> RuleSettings {
        if let named = rules[rule] { return named }
        let categorySettings = settings(for: category)
        guard categorySettings.enabled, let tier = DetectorRegistry.ownTiers[rule] else { return categorySettings }
        let action = tier.impliedAction
        let require = action == .requireApproval
            ? categorySettings.require ?? ApprovalRequirement(approvals: 1, from: [category.defaultApprovalGroup]) : nil
        return RuleSettings(tier: tier, action: action, require: require)
    }

    /// A category's effective settings.
    public func settings(for category: Category) -> RuleSettings {
        rules[category.rawValue] ?? RuleSettings.defaults(for: category)
    }

    /// Every group some reviewer belongs to.
    public var reviewerGroups: Set<String> { Set(reviewers.flatMap(\.groups)) }

    /// The detection settings this policy gives the detectors.
    public var detectionContext: DetectionContext {
        DetectionContext(
            providers: ProviderCatalogue.builtin + providers, jobPaths: paths.jobs, migrationPaths: paths.migrations,
            postgresVersion: schema.postgresVersion, testPaths: paths.tests)
    }

    /// Whether `paths.ignore` removes a changed file from judgment. The gate's own policy and CI are
    /// never ignored, so a policy cannot hide changes to itself.
    public func ignores(_ path: String) -> Bool {
        // Every changed path is asked; the globs turn most away cheaply, so the guard is asked only after a match.
        paths.ignore.contains { $0.matches(path) && !Self.isServedRoute(path, despite: $0) } && !PolicyGuard.guards(path)
            && !declaresMigrationsOrJobs(path)
    }

    /// Whether the policy itself names `path` as the team's migrations or jobs (`paths.migrations`, `paths.jobs`,
    /// `deploy.migrations`): what the team declares is judged even where an ignore pattern also matches it (a
    /// migrations folder under `db/dist/` runs its DROP COLUMN all the same).
    public func declaresMigrationsOrJobs(_ path: String) -> Bool {
        if paths.migrations.contains(where: { $0.matches(path) }) || paths.jobs.contains(where: { $0.matches(path) }) {
            return true
        }
        let folder = deploy.migrations.hasSuffix("/") ? deploy.migrations : deploy.migrations + "/"
        return folder != "/" && path.hasPrefix(folder)
    }

    /// Whether `path` is a route a framework serves although `glob` matches it (SPEC §2: a path pattern does not
    /// hide a served route): the build-output pattern `**/dist/**` and a folder named `dist` among the route's
    /// segments (`FileRouting.isRouteInFolderNamedDist`), or the minified-file pattern `**/*.min.js` and a route
    /// file named so (`pages/api/chat.min.js`). Asked only after a match.
    static func isServedRoute(_ path: String, despite glob: Glob) -> Bool {
        switch glob.pattern {
        case "**/dist/**": FileRouting.isRouteInFolderNamedDist(path)
        case "**/*.min.js": FileRouting.isRouteNamedMinified(path)
        default: false
        }
    }

    /// Whether `paths.ignore` removes a file change from judgment; a file moved out of `.gate/` is still judged.
    public func ignores(_ change: FileChange) -> Bool {
        if let oldPath = change.oldPath, PolicyGuard.guards(oldPath) { return false }
        return ignores(change.path)
    }
}

/// The paths whose changes are changes to the gate itself, which `paths.ignore` never hides.
public enum PolicyGuard {
    public static func guards(_ path: String) -> Bool {
        PolicyChangeDetector.isGateDirectory(path) || PolicyChangeDetector.isCIFile(path)
            || PolicyChangeDetector.isLocalAction(path) || PolicyChangeDetector.isCodeOwners(path)
    }
}
