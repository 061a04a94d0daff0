import GateCode
import GateCore
import GateSQL

/// The tables that migrations before a changed one (its folder's, at head, in version order) create and that the
/// change itself adds those migrations for: a Rails pull request creating a table in one migration and indexing it in
/// the next. When the later one runs, such a table has no rows and no running code uses it, so what would lock or
/// scan an existing table (a plain CREATE INDEX, a foreign key validated at once) is no hazard on it — as when both
/// statements are in one file. A migration the base already has made a table that may be live.
enum TablesNewInChange {
    /// The tables (bare names) `script` leaves a hazard on as existing ones: only those are looked for.
    static func tablesAsked(by script: MigrationScript) -> Set<String> {
        var asked: Set<String> = []
        for statement in script.statements
        where statement.hazards.contains(where: { SchemaHazard(rawValue: $0)?.isAdvisory == false }) {
            for operation in statement.operations {
                if let table = operation.table { asked.insert(ColumnHistory.bareName(table)) }
            }
        }
        return asked
    }

    /// Which of the `asked` tables the migrations before `path` that are new in the change create (and none of them
    /// drops or renames away again). Empty when nothing says so: no base tree to compare with, a layout whose order is
    /// not its file names', no earlier migration naming the tables.
    static func before(
        _ path: String, kind: MigrationFileKind, asked: Set<String>, context: DetectionContext
    ) -> Set<String> {
        guard !asked.isEmpty, let base = context.baseTree, let project = context.code?.project,
            ColumnHistoryAtHead.orderedByName(kind)
        else { return [] }
        let folder = ColumnHistoryAtHead.Folder(of: path)
        let paths = ColumnHistoryAtHead.orderedPaths(folder, project: project)
        guard let position = paths.firstIndex(of: path), position > 0 else { return [] }
        let effects = tableEffects(paths, folder: folder, kind: kind, base: base, context: context, project: project)
        // Each asked table is what the latest earlier migration naming it left: walked back from `path`, so a
        // history of hundreds of migrations costs a lookup or two per asked table, not a union of every one.
        return asked.filter { table in
            for earlier in paths[..<position].reversed() {
                guard let effect = effects[earlier] else { continue }
                if effect.removed.contains(table) { return false }
                if effect.created.contains(table) { return true }
            }
            return false
        }
    }

    /// What each migration of the folder that the change adds does to tables: read once per folder and check (a
    /// whole history added at once would otherwise be read again for every migration with a hazard).
    private struct TableEffect: Sendable {
        var created: Set<String> = []
        var removed: Set<String> = []
    }

    private static func tableEffects(
        _ paths: [String], folder: ColumnHistoryAtHead.Folder, kind: MigrationFileKind, base: any SourceTree,
        context: DetectionContext, project: Project
    ) -> [String: TableEffect] {
        // Only a migration the change adds can make a table new: the base's are never read.
        let basePaths = project.configuration("tables-new-in-change:base-paths") { () -> Set<String>? in
            (try? base.paths()).map(Set.init)
        }
        guard let basePaths else { return [:] }
        return project.configuration("tables-new-in-change:" + folder.root + "/" + (folder.sharedName ?? "")) {
            var effects: [String: TableEffect] = [:]
            for path in paths where !basePaths.contains(path) {
                guard let bytes = project.contents(of: path),
                      let migration = ColumnHistoryAtHead.read(
                        path, bytes: bytes, format: kind.format, project: project, postgresVersion: context.postgresVersion)
                else { continue }
                var effect = TableEffect()
                for operation in migration.operations ?? [] {
                    switch operation {
                    case .createTable(let table, _):
                        effect.created.insert(ColumnHistory.bareName(table))
                    case .dropTable(let table), .renameTable(let table, _):
                        effect.removed.insert(ColumnHistory.bareName(table))
                        effect.created.remove(ColumnHistory.bareName(table))
                    default:
                        break
                    }
                }
                effects[path] = effect
            }
            return effects
        }
    }
}
