import Foundation
import GateCore
import GateDeploy
import GateGit
import GatePolicy
import GateSQL

public typealias DeployError = GateDeploy.DeployError
public typealias DeployOutcome = GateDeploy.DeployOutcome
public typealias DeployPlan = GateDeploy.DeployPlan
public typealias DeployStatus = GateDeploy.DeployStatus
public typealias ReleaseRecord = GateDeploy.ReleaseRecord
public typealias BaselineOutcome = GateDeploy.BaselineOutcome

/// What `gate deploy`, `gate plan`, `gate status` and `gate release reset` were asked, before resolution.
public struct DeployOptions: Sendable {
    public var repositoryPath: String
    public var environment: String
    public var databaseURL: String?
    public var ledgerURL: String?
    public var head: String?
    public var base: String?
    public var migrationsDirectory: String?
    public var lockWait: TimeSpan
    public var migrateCommand: [String]?
    public var rolloutCommand: [String]?
    public var policyFile: String?
    public var processEnvironment: [String: String]

    public init(
        repositoryPath: String, environment: String, databaseURL: String? = nil, ledgerURL: String? = nil,
        head: String? = nil, base: String? = nil, migrationsDirectory: String? = nil,
        lockWait: TimeSpan = TimeSpan(milliseconds: 0), migrateCommand: [String]? = nil,
        rolloutCommand: [String]? = nil, policyFile: String? = nil,
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.repositoryPath = repositoryPath
        self.environment = environment
        self.databaseURL = databaseURL
        self.ledgerURL = ledgerURL
        self.head = head
        self.base = base
        self.migrationsDirectory = migrationsDirectory
        self.lockWait = lockWait
        self.migrateCommand = migrateCommand
        self.rolloutCommand = rolloutCommand
        self.policyFile = policyFile
        self.processEnvironment = processEnvironment
    }
}

/// The facade the CLI calls for the deploy commands: resolves revisions and wires the check pipeline in as the
/// deploy's gate.
public struct DeployRunner: Sendable {
    public init() {}

    /// `gate deploy`: runs the pipeline; progress lines go to `log`.
    public func deploy(_ options: DeployOptions, log: @escaping (String) -> Void) throws -> DeployOutcome {
        let (request, source) = try resolve(options)
        return try DeployPipeline.run(request, source: source, log: log)
    }

    /// `gate baseline`: adopts the target database as another tool (or psql) left it; progress lines go to `log`.
    public func baseline(_ options: DeployOptions, through: String?, log: @escaping (String) -> Void) throws -> BaselineOutcome {
        let (request, source) = try resolve(options)
        return try Baseline.run(request, through: through, source: source, log: log)
    }

    /// `gate plan` and `gate deploy --dry-run`: what would run, touching nothing.
    public func plan(_ options: DeployOptions) throws -> DeployPlan {
        let (request, source) = try resolve(options)
        return try DeployInspector.plan(request, source: source)
    }

    /// `gate status`: the ledger, and the target's history against the files at head.
    public func status(_ options: DeployOptions, environment: String?) throws -> DeployStatus {
        let (request, source) = try resolve(options)
        var last = try DeployInspector.lastSucceeded(request, environment: options.environment)
        var notices: [String] = []
        // Status only reports: a last head this repository lacks is said, and the ledger still shown (read with the
        // policy at --base or head), where deploy and plan stop (exit 2).
        if let release = last, let absence = source.absence(of: release.head) {
            let consequence = "The ledger is shown as recorded, read with the policy at \(request.requestedBase == nil ? "head" : "--base"); "
                + "gate deploy and gate plan stop here (exit 2)."
            notices.append(ReleaseBase.missingLastRelease(
                environment: options.environment, release: release, absence: absence, consequence: consequence).description)
            last = nil
        }
        // With no release and no --base, the head's policy: the built-in one knows no environments, so a misspelt
        // --env would read as "no releases recorded".
        let policy = try source.policy(base: last?.head ?? request.requestedBase ?? request.head, head: request.head)
        let migrations = try source.migrationFiles(
            head: request.head, directory: request.migrationsDirectory ?? policy.deploy.migrations,
            explicit: request.migrationsDirectory != nil)
        var status = try DeployInspector.status(request, environment: environment, policy: policy, migrations: migrations.files)
        status.notices = notices
        return status
    }

    func resolve(_ options: DeployOptions) throws -> (DeployRequest, RepositoryReleaseSource) {
        guard let databaseURL = options.databaseURL ?? options.processEnvironment["DATABASE_URL"], !databaseURL.isEmpty
        else { throw DeployError.invalidInput("no target database: pass --database-url or set DATABASE_URL") }
        let repository = try Repository(discoveringFrom: options.repositoryPath)
        let head = try repository.resolveCommit(options.head ?? "HEAD")
        // The empty tree is a tree, not a commit: it passes as it is (a new environment on an empty database).
        let base = try options.base.map { revision throws(GitError) in
            revision == Repository.emptyTreeID ? revision : try repository.resolveCommit(revision)
        }
        let request = DeployRequest(
            environment: options.environment, databaseURL: databaseURL, ledgerURL: options.ledgerURL, head: head,
            requestedBase: base, migrationsDirectory: options.migrationsDirectory, lockWait: options.lockWait,
            migrateCommand: options.migrateCommand, rolloutCommand: options.rolloutCommand,
            workingDirectory: repository.workdir ?? options.repositoryPath, processEnvironment: options.processEnvironment)
        let source = RepositoryReleaseSource(
            repositoryPath: options.repositoryPath, policyFile: options.policyFile,
            environment: options.processEnvironment)
        return (request, source)
    }
}

/// The deploy's view of the repository: `gate check` as its gate, the base's policy, migration files at head.
struct RepositoryReleaseSource: ReleaseSource {
    let repositoryPath: String
    let policyFile: String?
    let environment: [String: String]

    /// Runs `body`, reporting what the repository or a policy in it gets wrong as bad input (exit 2, the attempt not
    /// spent): a ledger's last head this clone does not have, an untrusted or invalid policy at the base. Inside a
    /// step any other error is a failed step (exit 3), which would read as "try again" when nothing will change.
    private func readingRepository<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as GitError {
            throw DeployError.invalidInput("\(error)")
        } catch let error as PolicyError {
            throw DeployError.invalidInput("\(error)")
        }
    }

    func absence(of commit: String) -> CommitAbsence? {
        guard let repository = try? Repository(discoveringFrom: repositoryPath) else { return nil }
        if (try? repository.resolveCommit(commit)) != nil { return nil }
        return repository.isShallow ? .shallowClone : .notInHistory
    }

    func evaluate(base: String?, head: String) throws -> GateVerdict {
        try readingRepository { try judge(base: base, head: head) }
    }

    private func judge(base: String?, head: String) throws -> GateVerdict {
        // A first release with no --base is judged whole: every file at head is new (SPEC §5 step 1).
        let report = try CheckRunner().run(CheckRequest(
            repositoryPath: repositoryPath, base: base ?? Repository.emptyTreeID, head: head, mode: .commits,
            policyFile: policyFile,
            environment: environment))
        var reasons: [String] = []
        for finding in report.findings where !finding.waived && finding.action == .block {
            reasons.append("blocked: \(finding.path):\(finding.line) \(finding.rule): \(finding.message)")
        }
        // Migrations the check saw, wherever they are: the deploy refuses to find none of them pending.
        var migrationPaths: [String] = []
        var repository: Repository?
        for finding in report.findings where finding.category == .schemaChange && !migrationPaths.contains(finding.path) {
            // Fluent, SeaORM and goose migrations (Go, or SQL outside a migrations folder) are told by their content, not
            // their path alone: read at head, or a Swift migration outside the migrations directory would let the
            // deploy find none and roll out.
            var kind = MigrationLayout.classify(finding.path)
            if kind == nil, [".swift", ".rs", ".go", ".sql"].contains(where: finding.path.hasSuffix) {
                if repository == nil { repository = try Repository(discoveringFrom: repositoryPath) }
                if let bytes = try repository?.fileContents(atCommit: head, path: finding.path) {
                    kind = MigrationLayout.classify(finding.path, head: bytes)
                }
            }
            guard let kind, kind.format != .sqlRollback,
                  kind.format != .prismaSchema, kind.format != .drizzleSchema
            else { continue }
            migrationPaths.append(finding.path)
        }
        for requirement in report.requirements where !requirement.satisfied {
            reasons.append(
                "needs \(requirement.approvals) approval(s) from \(requirement.group) for fingerprint \(report.fingerprints?[requirement.group] ?? report.fingerprint): gate approve --base \(report.range.base) --head \(report.range.head)")
        }
        return GateVerdict(
            decision: report.decision, reasons: reasons, policy: try trustedPolicy(base: base, head: head),
            migrationPaths: migrationPaths)
    }

    func policy(base: String?, head: String) throws -> Policy {
        try readingRepository { try trustedPolicy(base: base, head: head) }
    }

    private func trustedPolicy(base: String?, head: String) throws -> Policy {
        guard let base else {
            // The empty tree holds no policy: an explicit file, else the built-in default.
            guard let policyFile else { return PolicyLoader.builtin }
            return try PolicyLoader.load(contentsOf: policyFile)
        }
        let repository = try Repository(discoveringFrom: repositoryPath)
        let request = CheckRequest(
            repositoryPath: repositoryPath, base: base, head: head, mode: .commits, policyFile: policyFile,
            environment: environment)
        return try CheckRunner().resolve(request, in: repository).policy
    }

    func migrationFiles(head: String, directory: String, explicit: Bool) throws -> MigrationSet {
        let repository = try Repository(discoveringFrom: repositoryPath)
        let root = repository.workdir.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        var relative = directory
        if directory.hasPrefix("/") {
            guard let root, directory.hasPrefix(root + "/") else { return try filesOnDisk(directory, explicit: explicit) }
            relative = String(directory.dropFirst(root.count + 1))
        }
        while relative.hasPrefix("./") { relative.removeFirst(2) }
        while relative.hasSuffix("/") { relative.removeLast() }
        let prefix = relative.isEmpty || relative == "." ? "" : relative + "/"
        var files: [(path: String, bytes: [UInt8])] = []
        // The files are read from head, the commit the gate judged, never from a working tree that may differ;
        // nested folders too (Prisma's <timestamp>_name/migration.sql, version folders).
        try repository.forEachFile(atCommit: head, maxFileSize: 64 << 20) { path, bytes in
            guard path.hasPrefix(prefix) else { return }
            files.append((String(path.dropFirst(prefix.count)), bytes))
        }
        if explicit, files.isEmpty {
            throw DeployError.invalidInput("no migration files in \(directory) at \(head.prefix(12))")
        }
        // Nothing in the directory the policy (or its default) names: migrations elsewhere must not read as "none".
        if files.isEmpty { try refuseMigrationsElsewhere(repository, head: head, missing: directory) }
        return try MigrationSet.load(directory: directory, repositoryPath: prefix.isEmpty ? "" : relative, files: files)
    }

    /// Refuses (exit 2) when `missing`, the directory the deploy was told to read, holds nothing at head while migrations
    /// live elsewhere, found by their tools' conventions (Prisma's, Drizzle's, Supabase's, Flyway's, Rails'… folders
    /// and names) or their own annotations (goose, dbmate, sql-migrate, node-pg-migrate): "0 migrations, rollout" would
    /// roll code out ahead of them. Tests', fixtures' and vendored copies are not the application's. The deploy never
    /// picks a directory itself: the policy's `deploy.migrations` (or `--migrations`) names it.
    private func refuseMigrationsElsewhere(_ repository: Repository, head: String, missing: String) throws {
        var found: [String: (tool: String, files: [String], migrator: String?)] = [:]
        let ignored: Set<Substring> = [
            "test", "tests", "testdata", "fixtures", "__tests__", "spec", "vendor", "node_modules", "examples", "example",
            "third_party",
        ]
        try repository.forEachFile(
            atCommit: head, maxFileSize: 4 << 20,
            where: { path in
                MigrationLayout.mayClassify(path) && !path.split(separator: "/").dropLast().contains(where: ignored.contains)
            }
        ) { path, bytes in
            var kind = MigrationLayout.classify(path, head: bytes)
            if kind == nil || kind?.framework == "SQL" || kind?.framework == "migrations", path.hasSuffix(".sql"),
               let tool = MigrationLayout.annotatedTool(bytes)
            {
                kind = MigrationFileKind(format: .sql, framework: tool)
            }
            guard let kind, kind.format != .prismaSchema, kind.format != .drizzleSchema, kind.format != .sqlRollback
            else { return }
            let directory = MigrationLayout.migrationsDirectory(of: path, kind: kind)
            // Code migrations run through their framework's migrator, which the next command must then name too.
            let migrator = kind.format == .sql ? nil
                : ReleaseBase.migrators[ReleaseBase.tool(format: kind.format, framework: kind.framework, bytes: bytes)]
                    ?? ReleaseBase.migrators[kind.framework]
            let entry = found[directory]
            // A policy-listed folder's JavaScript migrations are framework `policy`: the file says which tool.
            let tool = kind.format == .nodePgMigrate ? "node-pg-migrate" : kind.framework
            found[directory] = (entry?.tool ?? tool, (entry?.files ?? []) + [path], entry?.migrator ?? migrator)
        }
        guard !found.isEmpty else { return }
        let listed = found.keys.sorted().map { directory in
            let entry = found[directory]!
            return "\(directory): \(entry.files.count) \(entry.tool) migration(s), e.g. \(entry.files.sorted()[0])"
        }
        var next: String
        // The policy at head may already name the directory: the deploy read another one, the base's (SPEC §4: a
        // change cannot weaken the gate judging it), which on a first deploy from the empty tree is the built-in's.
        let headSetting = (try? repository.trustedFileContents(atCommit: head, path: ".gate/policy.yml"))?
            .flatMap { try? PolicyLoader.load(bytes: $0, file: ".gate/policy.yml") }?.deploy.migrations
        if found.count == 1, let (directory, entry) = found.first {
            next = "pass --migrations \(directory)" + (entry.migrator.map { " --migrate-cmd \"\($0)\"" } ?? "")
            if let headSetting, headSetting != missing {
                next += ". The policy at head already sets deploy.migrations: \(headSetting), but a deploy reads the policy at "
                    + "its base, so a change cannot loosen the gate that judges it; on a first deploy (--base the empty "
                    + "tree) there is none, and the built-in default reads \(missing). Once this release succeeds its "
                    + "policy is the base, and the flags are no longer needed"
            } else {
                next += " (or set deploy.migrations: \(directory) in the policy)"
            }
        } else {
            next = "name the directory to deploy with --migrations DIR (or deploy.migrations in the policy)"
        }
        throw DeployError.invalidInput(
            "no migration files in \(missing) at \(head.prefix(12)), but migrations live elsewhere:\n  "
                + listed.joined(separator: "\n  ")
                + "\nnext: \(next); gate never deploys \"0 migrations\" past migrations it can see")
    }

    /// A directory outside the repository is read as it is on disk.
    private func filesOnDisk(_ directory: String, explicit: Bool) throws -> MigrationSet {
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw DeployError.invalidInput("cannot read the migrations directory \(directory)")
        }
        var files: [(path: String, bytes: [UInt8])] = []
        while let relative = walker.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw DeployError.invalidInput("cannot read \(path)")
            }
            files.append((relative, Array(data)))
        }
        if explicit, files.isEmpty { throw DeployError.invalidInput("no migration files in \(directory)") }
        return try MigrationSet.load(directory: directory, repositoryPath: directory, files: files)
    }
}

/// `--migrate-cmd` as one quoted word (`--migrate-cmd "php artisan migrate --force"`) or as several
/// (`--migrate-cmd ./scripts/migrate.sh staging`): the argument vector gate runs. A migrator's own flags
/// (`--force`, `--no-interaction`) cannot follow the option unquoted, since they would be read as gate's; quoted, the
/// one word is split as a shell splits words (quotes and backslashes), and still run without a shell.
public enum MigrateCommandWords {
    /// The argument vector; nil when the arguments are empty, a quote is not closed, or they name no program (`""`).
    public static func vector(_ arguments: [String]) -> [String]? {
        let words = arguments.count == 1 && arguments[0].contains(where: \.isWhitespace) ? split(arguments[0]) : arguments
        guard let words, let program = words.first, !program.isEmpty else { return nil }
        return words
    }

    /// Shell word splitting without expansion: blanks separate words, quotes group them, a backslash escapes the
    /// next character (outside single quotes). nil for an unclosed quote or a string of blanks.
    public static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\", open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
                continue
            }
            if character == "\\" {
                escaped = true
                inWord = true
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(current) }
        return words.isEmpty ? nil : words
    }
}
