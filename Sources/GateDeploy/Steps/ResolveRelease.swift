import Foundation
import GateSQL

/// Step 1: base = the environment's last succeeded head (a deploy's or a baseline's), else `--base`; with neither,
/// the deploy stops and says how to adopt the database. head is the request's.
struct ResolveRelease: DeployStep {
    let name = "release"

    func run(_ state: DeployState) throws -> StepResult {
        let request = state.request
        // Before the lock the ledger may not exist yet (nothing creates it until the deploy will write): no releases.
        let recorded = try state.readableLedger.flatMap { store in
            try state.retrying(name) { try store.lastSucceeded(environment: request.environment) }
        }
        if let last = recorded, last.head == request.head,
           let latest = try state.ledgerStore.latest(environment: request.environment), latest.id == last.id
        {
            // A baseline adopts the database as it is, maybe only `--through` some migrations of this head: what it
            // left pending is this deploy's to apply (CheckDrift stops it when nothing is).
            guard try state.ledgerStore.stepSucceeded(release: last.id, step: Baseline.stepName) else {
                state.alreadyDeployed = last
                return .finished(Self.nothingToDo(request.environment, last))
            }
            state.baselineOfHead = last
        }
        state.lastSucceededID = recorded?.id
        let last = try ReleaseBase.usable(recorded, environment: request.environment, requested: request.requestedBase,
                                          source: state.source, log: state.log)
        let unfinished = last == nil && request.requestedBase == nil
            ? try state.readableLedger?.latestUnfinishedDeploy(environment: request.environment) : nil
        if last == nil, request.requestedBase == nil, unfinished == nil {
            // A misspelt --env has no release either: say which it is before pointing at gate baseline. With no base
            // known, the head's policy is the one that can say.
            try KnownEnvironment.require(request.environment, in: state.source.policy(base: request.head, head: request.head))
        }
        state.base = try ReleaseBase.resolve(
            environment: request.environment, last: last?.head, requested: request.requestedBase, unfinished: unfinished)
        if let unfinished { state.log("  resuming from the base release \(unfinished.id) was started with") }
        // The policy comes from the base, so the release cannot weaken the gate (or the deploy settings) judging it.
        state.policy = try state.source.policy(base: state.base, head: request.head)
        try KnownEnvironment.require(request.environment, in: state.policy)
        try state.configureTarget()
        state.migrations = try state.source.migrationFiles(
            head: request.head, directory: request.migrationsDirectory ?? state.settings.migrations,
            explicit: request.migrationsDirectory != nil)
        try ReleaseBase.requireRunnable(state.migrations, migrateCommand: request.migrateCommand)
        // Before the lock and before any write: found at the rollout step, a missing command would have applied the
        // migrations, spent an attempt and left the release open. Not needed when an earlier attempt of this head's
        // release rolled out already (the rollout step skips it).
        if Rollout.command(request: request, settings: state.settings) == nil,
           try !(state.readableLedger.map { store in
               try state.retrying(name) { try store.unfinishedReleaseRolledOut(environment: request.environment, head: request.head) }
           } ?? false)
        {
            throw Rollout.missingCommand(environment: request.environment)
        }
        for notice in state.migrations.skipped { state.log("  notice: skipped \(notice)") }
        let from = state.base.map { String($0.prefix(12)) } ?? "the empty tree"
        return .done(
            "\(request.environment): \(from)..\(request.head.prefix(12)), \(state.migrations.files.count) migration file(s) "
                + "(\(state.migrations.layout) layout in \(state.migrations.directory))")
    }
}

extension ResolveRelease {
    static func nothingToDo(_ environment: String, _ release: ReleaseRecord) -> String {
        "\(environment) already runs \(release.head.prefix(12)) (release \(release.id)); nothing to do"
    }
}

/// Where a release starts, shared by deploy and plan so both say the same.
public enum ReleaseBase {
    /// The empty tree's id: `--base` accepts it for a new environment on an empty database.
    public static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    /// The environment's last succeeded release when the repository has its head. When it does not (a shallow clone,
    /// history rewritten since, another repository), an explicit `--base` stands in for it (logged); without one the
    /// deploy stops (exit 2) saying which release that is, why it is likely missing and what to do, rather than
    /// git's bare "unknown revision".
    public static func usable(
        _ last: ReleaseRecord?, environment: String, requested: String?, source: any ReleaseSource,
        log: (String) -> Void = { _ in }
    ) throws(DeployError) -> ReleaseRecord? {
        guard let last, let absence = source.absence(of: last.head) else { return last }
        guard let requested else { throw missingLastRelease(environment: environment, release: last, absence: absence) }
        log("  notice: \(environment)'s last release (\(last.id), head \(last.head.prefix(12))) is not in this repository; "
            + "judging from --base \(requested == emptyTree ? "the empty tree" : String(requested.prefix(12))) as asked")
        return nil
    }

    /// Exit 2 for a ledger's last head the repository lacks.
    public static func missingLastRelease(
        environment: String, release: ReleaseRecord, absence: CommitAbsence,
        consequence: String = "gate judges the change from that release's head, so it cannot go on."
    ) -> DeployError {
        let why = absence == .shallowClone
            ? "this is a shallow clone, whose history likely stops before it"
            : "the history was likely rewritten since (a force-push, a rebased or squashed branch), or this is another repository than the one deployed"
        return DeployError.invalidInput("""
            \(environment)'s last release recorded in the ledger (release \(release.id), head \(release.head), \(release.createdAt)) \
            is not a commit of this repository: \(why). \(consequence)
            next: fetch the history that holds it (git fetch --unshallow, or git fetch origin \(release.head); in GitHub Actions, \
            actions/checkout with fetch-depth: 0) and run again; if that commit is gone for good, pass --base naming the commit \
            whose migrations the database runs (gate judges --base..head; drift still checks every applied migration against head)
            """)
    }

    /// The last succeeded head, else `--base`, else the base of the environment's unfinished first release (a re-run
    /// after a failure resumes where the first run, given `--base`, started); with none, exit 2 naming `gate baseline`
    /// and the empty-tree form (SPEC §5 step 1). The empty tree maps to nil (everything at head is new).
    public static func resolve(
        environment: String, last: String?, requested: String?, unfinished: ReleaseRecord? = nil
    ) throws(DeployError) -> String? {
        if let last { return last }
        // The first run was given the base (nil: the empty tree), as it must have been: none had succeeded.
        if requested == nil, let unfinished { return unfinished.base }
        guard let requested else {
            throw DeployError.invalidInput("""
                \(environment) has no release in the ledger yet, so gate does not know what its database already runs.
                next: adopt the database as it is (migrated by another tool, psql or gate elsewhere):
                  gate baseline --env \(environment)
                or, for a new environment on an empty database, judge and apply everything at head:
                  gate deploy --env \(environment) --base \(emptyTree)
                """)
        }
        return requested == emptyTree ? nil : requested
    }

    /// The migrator of each layout (and format) whose migrations are code, as `--migrate-cmd` takes it: a directory of
    /// JavaScript migrations is the `knex` layout whichever tool wrote them, and each file's format names the tool.
    public static let migrators = [
        "rails": "bin/rails db:migrate", "django": "python manage.py migrate", "alembic": "alembic upgrade head",
        "knex": "npx knex migrate:latest", "sequelize": "npx sequelize-cli db:migrate",
        "typeorm": "npx typeorm migration:run -d <your data source>", "mikro-orm": "npx mikro-orm migration:up",
        "kysely": "npx kysely migrate:latest", "node-pg-migrate": "npx node-pg-migrate up", "laravel": "php artisan migrate --force",
        "doctrine": "vendor/bin/doctrine-migrations migrate --no-interaction", "phinx": "vendor/bin/phinx migrate",
        "ef-core": "dotnet ef database update", "fluent": "swift run App migrate --yes",
        "sea-orm": "sea-orm-cli migrate up", "goose": "goose up", "liquibase": "liquibase update",
        "ecto": "mix ecto.migrate",
    ]

    /// The tool a migration written in code belongs to, as `migrators` keys it: its format's (each JavaScript tool's
    /// file says which it is), else its layout's.
    public static func tool(format: MigrationFormat, framework: String, bytes: [UInt8]) -> String {
        migrators[format.rawValue] != nil ? format.rawValue : framework
    }

    /// Code migrations (Rails, Django, Alembic, Knex, Laravel, Doctrine, Phinx, EF Core, Fluent, SeaORM, goose's Go
    /// migrations) only run through their framework's migrator.
    public static func requireRunnable(_ set: MigrationSet, migrateCommand: [String]?) throws(DeployError) {
        guard migrateCommand == nil, let code = set.files.first(where: \.isCode) else { return }
        let tool = tool(format: code.format, framework: set.layout, bytes: code.bytes)
        // A JavaScript directory is the `knex` layout whichever tool wrote it: the file says which.
        let layout = set.layout == "knex" ? tool : set.layout
        throw DeployError.invalidInput(
            "\(set.directory) holds \(layout) migrations written in code (\(code.path)); gate cannot run them itself. "
                + "next: pass the framework's migrator, e.g. --migrate-cmd "
                + "\"\(migrators[tool] ?? migrators[set.layout] ?? "<your migrator>")\"; "
                + "gate runs it, records the files and verifies what their SQL can be derived to do")
    }
}
