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
        let paths = ColumnHistoryAtHead.orderedPaths(ColumnHistoryAtHead.Folder(of: path), project: project)
        guard let position = paths.firstIndex(of: path), position > 0 else { return [] }
        // Only a migration the change adds can make a table new, and most changes add few: the others are never read
        // (a long history read for every migration with a hazard costs a blob read each, hundreds of times over).
        let basePaths = project.configuration("tables-new-in-change:base-paths") { () -> Set<String>? in
            (try? base.paths()).map(Set.init)
        }
        guard let basePaths else { return [] }
        let needles = asked.map { Array($0.utf8) }
        var made: Set<String> = []
        for earlier in paths[..<position] where !basePaths.contains(earlier) {
            // Only a migration naming one of the tables can create it.
            guard let bytes = project.contents(of: earlier), needles.contains(where: { ByteSearch.containsFolded(bytes, $0) }),
                let migration = ColumnHistoryAtHead.read(
                    earlier, bytes: bytes, format: kind.format, project: project, postgresVersion: context.postgresVersion)
            else { continue }
            let operations = migration.operations ?? []
            let creates = operations.contains { operation in
                if case .createTable(let table, _) = operation { return asked.contains(ColumnHistory.bareName(table)) }
                return false
            }
            for operation in operations {
                switch operation {
                case .createTable(let table, _) where creates:
                    made.insert(ColumnHistory.bareName(table))
                case .dropTable(let table), .renameTable(let table, _):
                    made.remove(ColumnHistory.bareName(table))
                default:
                    break
                }
            }
        }
        return made.intersection(asked)
    }
}
