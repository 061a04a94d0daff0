import GateCode
import GateCore
import GateSQL

/// What the migrations before a changed one (its folder's, at head, in version order) leave the columns it changes
/// as: `ALTER COLUMN email TYPE varchar(500)` is judged against the `varchar(255)` an earlier migration created, and a
/// Laravel `->change()` restating a column against its definition. Asked only of a migration whose column change
/// would otherwise be judged a rewrite, a scan or a lost guarantee; of the migrations before it, only those naming the
/// changed columns' tables are parsed, each once per check.
enum ColumnHistoryAtHead {
    /// The hazards a column's history can take back.
    private static let answerable: Set<String> = [
        SchemaHazard.columnTypeChange.rawValue, SchemaHazard.varcharLengthChange.rawValue,
        SchemaHazard.setNotNull.rawValue, SchemaHazard.clientBreakingChange.rawValue,
    ]

    /// A column a migration changes: its table's bare name and its name.
    struct AskedColumn: Hashable, Sendable {
        var table: String
        var column: String
    }

    /// The columns whose changes in `script` carry a hazard the history may answer.
    static func columnsAsked(by script: MigrationScript) -> Set<AskedColumn> {
        var asked: Set<AskedColumn> = []
        for statement in script.statements {
            let answerableHazard = statement.hazards.contains(where: answerable.contains)
            for operation in statement.operations {
                switch operation {
                case .alterColumnType(let table, let column, _), .setNotNull(let table, let column),
                    .dropNotNull(let table, let column):
                    if answerableHazard { asked.insert(AskedColumn(table: ColumnHistory.bareName(table), column: column)) }
                case .dropDefault(let table, let column) where !statement.hazards.contains(SchemaHazard.dropDefaultNotNull.rawValue):
                    // Whether the column is NOT NULL with a default only the history says (`drop-default-not-null`).
                    asked.insert(AskedColumn(table: ColumnHistory.bareName(table), column: column))
                default:
                    break
                }
            }
        }
        return asked
    }

    /// The `asked` columns as the migrations before `path` leave them; nil when there is nothing to read them from (no
    /// head tree, a layout whose order is not its file names', no earlier migration knowing them).
    static func before(
        _ path: String, kind: MigrationFileKind, asked: Set<AskedColumn>, context: DetectionContext
    ) -> ColumnHistory? {
        guard !asked.isEmpty, let project = context.code?.project, orderedByName(kind) else { return nil }
        let paths = orderedPaths(Folder(of: path), project: project)
        guard let position = paths.firstIndex(of: path) else { return nil }
        let tables = Set(asked.map(\.table)).map { Array($0.utf8) }
        var history = ColumnHistory()
        for earlier in paths[..<position] {
            // Only a migration naming one of the tables can change its columns (a rename onto it names it too):
            // most of a long history is never parsed.
            guard let bytes = project.contents(of: earlier), tables.contains(where: { ByteSearch.containsFolded(bytes, $0) }),
                let migration = read(
                    earlier, bytes: bytes, format: kind.format, project: project, postgresVersion: context.postgresVersion)
            else { continue }
            for operation in migration.operations ?? [] { history.apply(operation) }
            // A migration gate could not read in full (SQL that does not parse, code it does not read such as a
            // `RunPython` or `update_all`) may have changed a column it names on a table it names without gate
            // reading the change: that column is unknown from then on.
            guard !migration.readInFull else { continue }
            let unread = asked.filter { column in
                !migration.touches(column) && containsWord(bytes, column.table) && containsWord(bytes, column.column)
            }
            if !unread.isEmpty { history = history.forgetting(unread.map { ($0.table, $0.column) }) }
        }
        let known = history.restricted(to: Set(asked.map(\.table)))
        return known.isEmpty ? nil : known
    }

    /// Whether `word` occurs in `bytes` as a whole identifier.
    private static func containsWord(_ bytes: [UInt8], _ word: String) -> Bool {
        let needle = Array(word.utf8)
        guard !needle.isEmpty, needle.count <= bytes.count else { return false }
        var start = 0
        while start + needle.count <= bytes.count {
            guard let found = bytes[start...].firstIndex(of: needle[0]) else { return false }
            let end = found + needle.count
            if end <= bytes.count, bytes[found..<end].elementsEqual(needle),
                found == 0 || !isIdentifier(bytes[found - 1]), end == bytes.count || !isIdentifier(bytes[end])
            {
                return true
            }
            start = found + 1
        }
        return false
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    /// Layouts whose migrations run in the order of their file (or folder) names. Django keeps its own field history,
    /// Alembic orders by `down_revision` and Liquibase by its changelog's includes.
    static func orderedByName(_ kind: MigrationFileKind) -> Bool {
        switch kind.format {
        case .django, .alembic, .liquibase, .sqlRollback, .prismaSchema, .drizzleSchema: false
        default: kind.framework != "sqitch" && kind.framework != "atlas" && kind.framework != "liquibase"
        }
    }

    /// Where a migration's siblings are: its own folder, or for a layout of one folder per migration (Prisma's
    /// `<version>_<name>/migration.sql`, Diesel's `<version>_<name>/up.sql`) the folder holding those.
    struct Folder {
        var root: String
        /// The file name every migration of a folder-per-migration layout has; nil for files side by side.
        var sharedName: String?

        init(of path: String) {
            var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            let name = parts.removeLast()
            if name == "migration.sql" || name == "up.sql", parts.count >= 1 {
                parts.removeLast()
                sharedName = name
            }
            root = parts.joined(separator: "/")
        }

        var key: String { root + "/" + (sharedName ?? "") }

        /// The candidate paths, with the name whose version orders them.
        func members(of project: Project) -> [(path: String, orderName: String)] {
            guard let sharedName else {
                return project.files(inDirectory: root).map { ($0, String($0.split(separator: "/").last ?? "")) }
            }
            let prefix = root.isEmpty ? "" : root + "/"
            return project.paths(named: sharedName).compactMap { path in
                guard path.hasPrefix(prefix) else { return nil }
                let inner = path.dropFirst(prefix.count).split(separator: "/")
                return inner.count == 2 ? (path, String(inner[0])) : nil
            }
        }
    }

    /// A migration of the folder as read: its operations, or nil when some of it could not be read.
    struct ReadMigration: Sendable {
        var path: String
        var operations: [SchemaOperation]?
        /// Whether every part of the migration was read (nothing failed to parse, no code gate does not read).
        var readInFull: Bool

        /// Whether an operation read of the migration makes, changes or removes the column (or its whole table).
        func touches(_ asked: AskedColumn) -> Bool {
            (operations ?? []).contains { operation in
                guard let table = operation.table, ColumnHistory.bareName(table) == asked.table else {
                    if case .renameTable(_, let newName) = operation { return ColumnHistory.bareName(newName) == asked.table }
                    return false
                }
                switch operation {
                case .createTable, .dropTable, .renameTable: return true
                case .addColumn(_, let column): return column.name == asked.column
                case .dropColumn(_, let column), .alterColumnType(_, let column, _), .setNotNull(_, let column),
                    .dropNotNull(_, let column):
                    return column == asked.column
                case .renameColumn(_, let column, let newName): return column == asked.column || newName == asked.column
                default: return false
                }
            }
        }
    }

    /// The folder's files in version order, listed once per check.
    static func orderedPaths(_ folder: Folder, project: Project) -> [String] {
        project.configuration("column-history-order:" + folder.key) {
            folder.members(of: project).map { member in (member.path, MigrationVersion(fileName: member.orderName)) }
                .sorted { left, right in
                    if let leftVersion = left.1, let rightVersion = right.1, leftVersion != rightVersion {
                        return leftVersion < rightVersion
                    }
                    return left.0 < right.0
                }
                .map(\.0)
        }
    }

    /// One migration of `format` as read (nil for a file of the folder that is none), once per check.
    static func read(
        _ path: String, bytes: [UInt8], format: MigrationFormat, project: Project, postgresVersion: Int
    ) -> ReadMigration? {
        project.configuration("column-history-file:" + path) {
            guard MigrationLayout.mayClassify(path), let kind = MigrationLayout.classify(path, head: bytes), kind.format == format
            else { return nil }
            let operations = operations(
                of: format == .sql && SQLPlaceholders.areReplaced(in: kind) ? SQLPlaceholders.substituted(bytes) : bytes,
                path: path, format: format,
                postgresVersion: postgresVersion)
            let unreadCode = format != .sql && SchemaFileAnalysis.dataCode(in: bytes, format: format) != nil
            return ReadMigration(path: path, operations: operations, readInFull: operations != nil && !unreadCode)
        }
    }

    private static func operations(
        of bytes: [UInt8], path: String, format: MigrationFormat, postgresVersion: Int
    ) -> [SchemaOperation]? {
        let options = AnalysisOptions(requireLockTimeout: false, postgresVersion: postgresVersion)
        let script: MigrationScript
        if format == .sql {
            guard let read = try? MigrationScript.analyze(
                String(decoding: SchemaFileAnalysis.forwardSection(bytes), as: UTF8.self), options: options)
            else { return nil }
            script = read
        } else {
            var migration = FrameworkMigrationReader.read(bytes, format: format, path: path)
            migration.options = options
            script = migration.analyze()
            guard script.parseErrors.isEmpty else { return nil }
        }
        return script.statements.flatMap(\.operations)
    }
}
