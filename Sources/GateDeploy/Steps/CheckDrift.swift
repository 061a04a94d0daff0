import GateCore

/// Step 4: the target's history must match head: no applied migration changed, missing or overtaken.
struct CheckDrift: DeployStep {
    let name = "drift"

    func run(_ state: DeployState) throws -> StepResult {
        let applied = try state.retrying(name) { try LedgerStore.appliedMigrations(state.target) }
        let drift = try Drift.find(applied: applied, files: state.migrations)
        guard drift.problems.isEmpty else {
            throw DeployError.refused(
                "the target's migration history does not match head:\n  " + drift.problems.joined(separator: "\n  "))
        }
        state.pending = drift.pending
        return .done("\(applied.count) applied, \(drift.pending.count) pending")
    }
}

/// The comparison of a database's migration history with the files at head.
public struct Drift: Sendable, Equatable {
    /// Changed, missing and out-of-order migrations, one sentence each.
    public var problems: [String]
    /// Files not yet applied, in version order, analysed.
    public var pending: [AnalyzedMigration]

    public static func find(applied: [AppliedMigration], files: [MigrationFile]) throws(DeployError) -> Drift {
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let appliedNames = Set(applied.map(\.name))
        var problems: [String] = []
        for migration in applied {
            guard let file = byName[migration.name] else {
                problems.append("\(migration.name) was applied (\(migration.appliedAt)) but is missing at head")
                continue
            }
            if file.checksum != migration.checksum {
                problems.append(
                    "\(file.path) changed after it was applied (sha256 \(migration.checksum.prefix(12)) applied, \(file.checksum.prefix(12)) at head)")
            }
        }
        var pending: [AnalyzedMigration] = []
        for file in files where !appliedNames.contains(file.name) { pending.append(try file.analyzed()) }
        let appliedVersions = applied.compactMap { migration in
            byName[migration.name].map { (version: $0.version, post: migration.phase == MigrationPhase.post.rawValue) }
        }
        let latestAny = appliedVersions.map(\.version).max()
        let latestPost = appliedVersions.filter(\.post).map(\.version).max()
        for file in pending {
            // A contract migration may trail expand migrations of its own release; it may not trail another contract.
            let latest = file.phase == .post ? latestPost : latestAny
            if let latest, file.version < latest {
                problems.append(
                    "\(file.path) (version \(file.version)) is pending but a later version (\(latest)) is already applied: out of order")
            }
        }
        return Drift(problems: problems, pending: pending)
    }
}
