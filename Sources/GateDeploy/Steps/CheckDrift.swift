import GateCore
import GateSQL

/// Step 4: the target's history must match head: no applied migration changed, missing or overtaken.
struct CheckDrift: DeployStep {
    let name = "drift"

    func run(_ state: DeployState) throws -> StepResult {
        let applied = try state.retrying(name) { try LedgerStore.appliedMigrations(state.target) }
        let drift = try Drift.find(applied: applied, files: state.migrations.files)
        guard drift.problems.isEmpty else {
            throw DeployError.refused(
                "the target's migration history does not match head:\n  " + drift.problems.joined(separator: "\n  ")
                    + "\n" + Drift.nextSteps)
        }
        if let baseline = state.baselineOfHead, drift.pending.isEmpty {
            state.alreadyDeployed = baseline
            return .finished(ResolveRelease.nothingToDo(state.request.environment, baseline))
        }
        try FailOpenGuard.check(state, pending: drift.pending)
        state.pending = drift.pending
        for note in drift.renamedInside { state.log("  notice: \(note)") }
        return .done("\(applied.count) applied, \(drift.pending.count) pending")
    }
}

/// The comparison of a database's migration history with the files at head.
public struct Drift: Sendable, Equatable {
    /// Changed, missing and out-of-order migrations, one sentence each.
    public var problems: [String]
    /// Files not yet applied (or repeatables whose checksum changed), in the framework's order, analysed.
    public var pending: [AnalyzedMigration]
    /// Applied migrations their tool knows by an identity written inside the file (an Alembic `revision`), found at
    /// head under another file name: one sentence each, shown as a notice. They are the same migration, not drift.
    public var renamedInside: [String] = []

    /// What to do about drift, printed under the problems.
    public static let nextSteps = """
        next: an applied migration is history: restore the file as it was applied (git show <applied head>:PATH) and \
        put the change in a new migration; a file deleted or renamed after it ran must come back under the name it \
        ran as, and a pending file ordered before an applied one must be renamed to sort after it
        """

    /// `unreadable`: as for `AnalyzedMigration.analyses`, for read-only views that list a pending file gate cannot run.
    public static func find(
        applied recorded: [AppliedMigration], files: [MigrationFile],
        unreadable: ((MigrationFile, DeployError) -> Void)? = nil
    ) throws(DeployError) -> Drift {
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // A migration its tool names by what is inside it (an Alembic revision) is the same one under its new name.
        let renamedInside = sameInside(applied: recorded, files: files)
        let applied = recorded.map { migration in
            var known = migration
            if let file = renamedInside[migration.name] { known.name = file.name }
            return known
        }
        var appliedByName: [String: AppliedMigration] = [:]
        var problems: [String] = []
        // Files a missing migration was renamed to: their pending order is the same problem, said once.
        var renamedFiles: Set<String> = []
        let appliedNames = Set(applied.map(\.name))
        for migration in applied {
            appliedByName[migration.name] = migration
            guard let file = byName[migration.name] else {
                let unapplied = files.filter { !appliedNames.contains($0.name) }
                if let renamed = renamedFile(migration, among: unapplied) {
                    renamedFiles.insert(renamed.name)
                    problems.append(
                        "\(migration.name) was applied (\(migration.appliedAt)) but is missing at head, and \(renamed.path) "
                            + "has its version: renamed after it was applied? gate deploy knows an applied migration by "
                            + "its file name: give the file back the name it was applied under, and put any change in a "
                            + "new migration")
                } else if let copy = sameContent(migration, among: unapplied) {
                    renamedFiles.insert(copy.name)
                    problems.append(
                        "\(migration.name) was applied (\(migration.appliedAt)) but is missing at head, and \(copy.path) "
                            + "holds the same bytes under another version: renamed after it was applied? Applied again it "
                            + "would run twice (tools keyed by version would apply it again): give the file back the name "
                            + "it was applied under")
                } else {
                    problems.append("\(migration.name) was applied (\(migration.appliedAt)) but is missing at head")
                }
                continue
            }
            if file.checksum != migration.checksum, !file.repeatable {
                problems.append(
                    "\(file.path) changed after it was applied (sha256 \(migration.checksum.prefix(12)) applied, \(file.checksum.prefix(12)) at head)")
            }
        }
        let pending = try AnalyzedMigration.analyses(of: files, where: { file in
            guard let done = appliedByName[file.name] else { return true }
            return file.repeatable && done.checksum != file.checksum
        }, unreadable: unreadable)
        // Frameworks with code migrations order them themselves (Django by dependencies, across apps).
        let ordered = applied.compactMap { migration in
            byName[migration.name].flatMap { file in
                file.repeatable || file.isCode ? nil : (order: file.order, post: migration.phase == MigrationPhase.post.rawValue)
            }
        }
        let latestAny = ordered.map(\.order).max()
        let latestPost = ordered.filter(\.post).map(\.order).max()
        for migration in pending where !migration.file.repeatable && !migration.file.isCode && !renamedFiles.contains(migration.name) {
            // A contract migration may trail expand migrations of its own release; it may not trail another contract.
            let latest = migration.phase == .post ? latestPost : latestAny
            if let latest, migration.file.order < latest {
                problems.append(
                    "\(migration.path) is pending but \(files[latest].path), later in the order, is already applied: out of order")
            }
        }
        let notes = recorded.compactMap { migration in
            renamedInside[migration.name].map { file in
                "\(migration.name) was applied (\(migration.appliedAt)) and is \(file.path) at head: the same \(file.format.rawValue) "
                    + "migration (\(file.format == .alembic ? "revision" : "identity") \(file.version)) under another file name"
            }
        }
        return Drift(problems: problems, pending: pending, renamedInside: notes)
    }

    /// Applied migrations missing at head by file name whose tool knows a migration by an identity written inside the
    /// file (Alembic's `revision = "…"`, recorded as the ledger row's version), keyed by their recorded name, with the
    /// one unapplied head file of that format carrying the same identity. Alembic itself follows the rename
    /// (`alembic_version` holds the revision), so gate does too; other tools name a migration by its path.
    public static func sameInside(applied: [AppliedMigration], files: [MigrationFile]) -> [String: MigrationFile] {
        let names = Set(files.map(\.name))
        let missing = applied.filter { !names.contains($0.name) && !$0.version.isEmpty }
        guard !missing.isEmpty else { return [:] }
        let appliedNames = Set(applied.map(\.name))
        let candidates = files.filter { $0.format.namesMigrationInside && !appliedNames.contains($0.name) }
        var found: [String: MigrationFile] = [:]
        for migration in missing {
            let matches = candidates.filter { $0.version == migration.version }
            if matches.count == 1 { found[migration.name] = matches[0] }
        }
        // Two applied rows claiming one file is no rename gate can tell apart: both stay missing.
        let claimed = Dictionary(grouping: found.values.map(\.name), by: { $0 }).filter { $0.value.count > 1 }
        return found.filter { claimed[$0.value.name] == nil }
    }

    /// The one unapplied head file with exactly the applied migration's bytes (its checksum), under another name: a
    /// migration renamed to another version unchanged (the ledger's checksum is the SHA-256 of the file's bytes).
    static func sameContent(_ migration: AppliedMigration, among unapplied: [MigrationFile]) -> MigrationFile? {
        let matches = unapplied.filter { !$0.repeatable && $0.checksum == migration.checksum }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The head file an applied migration missing at head was most likely renamed to: the only file not applied under
    /// its own name with the applied migration's version (the version its framework records, an Alembic revision), or
    /// with its directory, version and part (`MigrationLayout.renameKey`: a Prisma folder renamed keeps its timestamp).
    static func renamedFile(_ migration: AppliedMigration, among unapplied: [MigrationFile]) -> MigrationFile? {
        let matches = unapplied.filter { file in
            if !migration.version.isEmpty, file.version == migration.version { return true }
            // The applied name read where the file lies, so that both are classified alike.
            let directory = file.path.dropLast(file.name.count)
            let appliedPath = String(directory) + migration.name
            let fallback = MigrationFileKind(format: file.format, framework: "")
            let kind = MigrationLayout.classify(file.path, head: file.bytes) ?? fallback
            let appliedKind = MigrationLayout.classify(appliedPath, head: file.bytes) ?? fallback
            guard let key = MigrationLayout.renameKey(of: file.path, kind: kind) else { return false }
            return MigrationLayout.renameKey(of: appliedPath, kind: appliedKind) == key
        }
        return matches.count == 1 ? matches[0] : nil
    }
}

/// Never "0 migrations, rollout": a range whose check saw migration files while the deploy finds none pending is
/// refused, naming them (the seed incident: a Prisma folder read as an empty directory).
enum FailOpenGuard {
    static func check(_ state: DeployState, pending: [AnalyzedMigration]) throws {
        let unplaced = unplaced(state.migrations, paths: state.migrationPaths)
        guard !unplaced.isEmpty else { return }
        // Migrations elsewhere (test fixtures, a second service) are worth a line; none pending is the incident.
        guard pending.isEmpty else {
            state.log("  notice: \(unplaced.count) migration file(s) changed outside \(state.migrations.directory): \(unplaced.joined(separator: ", "))")
            return
        }
        throw refusal(state.migrations, unplaced: unplaced)
    }

    /// Paths the check saw that the migrations directory neither holds nor skips.
    static func unplaced(_ set: MigrationSet, paths: [String]) -> [String] {
        let known = Set(set.files.map(\.path))
        let skipped = Set(set.skipped.map { String($0.prefix { $0 != ":" }) })
        return paths.filter { !known.contains($0) && !skipped.contains($0) }
    }

    static func refusal(_ set: MigrationSet, unplaced: [String]) -> DeployError {
        DeployError.invalidInput(
            "gate check saw \(unplaced.count) migration file(s) in this release but the deploy finds none pending "
                + "(\(set.files.count) file(s) in \(set.directory), read as a \(set.layout) layout):\n  "
                + unplaced.joined(separator: "\n  ")
                + "\nnext: point deploy.migrations (or --migrations) at the directory that holds them; a deploy never rolls "
                + "out code ahead of migrations it has not placed" + migratorHint(unplaced))
    }

    /// For migrations in code found elsewhere: their folder, framework and migrator, so the next command is complete.
    static func migratorHint(_ unplaced: [String]) -> String {
        var hints: [String] = []
        for path in unplaced {
            guard let kind = MigrationLayout.classify(path), kind.format != .sql, let migrator = ReleaseBase.migrators[kind.framework]
            else { continue }
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            let hint = "\(folder) holds \(kind.framework) migrations: --migrations \(folder) --migrate-cmd \"\(migrator)\""
            if !hints.contains(hint) { hints.append(hint) }
        }
        return hints.isEmpty ? "" : "\n  " + hints.joined(separator: "\n  ")
    }
}
