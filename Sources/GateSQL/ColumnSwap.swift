/// A column replaced by one of another type under its name: a new column added, the old column's data copied into
/// it, the old column dropped and the new one renamed to the old name (Rails, Django, Alembic and plain SQL write a
/// type change that way to keep the rewrite out of one long lock). Read statement by statement it is a drop and a
/// rename of a name code uses; what it does is change that column's type, so it is judged as that.
///
/// Found only where the migrations given hold the whole sequence, with the copy where gate can see it: a statement
/// writing the new column that names the old one, or data code gate does not read (`RunPython`, `update_all`)
/// that names the new column. Without a copy it is what it reads as: the old data dropped.
public struct ColumnSwap: Sendable, Equatable {
    /// A statement of the migrations searched: the migration's index among them and the statement's in its script.
    public struct Site: Sendable, Hashable {
        public var migration: Int
        public var statement: Int

        public init(migration: Int, statement: Int) {
            self.migration = migration
            self.statement = statement
        }

        /// Whether this site runs before `other`, when both are in one migration; sites in different migrations are
        /// put in order by the swap itself (a rename onto a name still in use fails), so any order is allowed.
        func precedes(_ other: Site) -> Bool {
            migration != other.migration || statement < other.statement
        }
    }

    /// A migration as the search reads it.
    public struct Migration: Sendable {
        public var script: MigrationScript
        /// The file's text when it runs data-changing code gate does not read as SQL (a copy may be in it).
        public var unreadDataCode: [UInt8]?

        public init(script: MigrationScript, unreadDataCode: [UInt8]? = nil) {
            self.script = script
            self.unreadDataCode = unreadDataCode
        }
    }

    /// The table, without its schema.
    public var table: String
    /// The column whose type changes: dropped, then made again by the rename.
    public var column: String
    /// The new column's temporary name.
    public var replacement: String
    /// The new column's type.
    public var type: String
    public var added: Site
    public var dropped: Site
    public var renamed: Site

    /// Whether every step is in one migration.
    public var isWithinOneMigration: Bool {
        added.migration == dropped.migration && dropped.migration == renamed.migration
    }

    /// The swaps the migrations hold, one per rename that completes one.
    public static func find(in migrations: [Migration]) -> [ColumnSwap] {
        var swaps: [ColumnSwap] = []
        for (migrationIndex, migration) in migrations.enumerated() {
            for (statementIndex, analyzed) in migration.script.statements.enumerated() {
                for case .renameColumn(let table, let replacement, let column) in analyzed.operations {
                    let renamed = Site(migration: migrationIndex, statement: statementIndex)
                    guard let dropped = firstSite(in: migrations, where: { site, operation in
                        guard case .dropColumn(let dropTable, let dropColumn) = operation else { return false }
                        return site.precedes(renamed) && sameTable(dropTable, table) && sameName(dropColumn, column)
                    }),
                        let (added, spec) = addition(of: replacement, to: table, before: renamed, in: migrations),
                        copies(column, into: replacement, of: table, after: added, before: dropped, in: migrations)
                    else { continue }
                    swaps.append(ColumnSwap(
                        table: bare(table), column: column, replacement: replacement, type: spec.type, added: added,
                        dropped: dropped, renamed: renamed))
                }
            }
        }
        return swaps
    }

    /// A statement's hazards once the swaps it takes part in are read as type changes: the drop changes the column's
    /// type (it is where the old column goes), and the rename moves a column the change itself added, which no
    /// running code names.
    public static func hazards(_ hazards: [String], at site: Site, of swaps: [ColumnSwap]) -> [String] {
        var read = hazards.compactMap(SchemaHazard.init(rawValue:))
        var changed = false
        for swap in swaps {
            if swap.dropped == site, let index = read.firstIndex(of: .dropColumn) {
                read[index] = .columnTypeChange
                changed = true
            }
            if swap.renamed == site, read.contains(.rename) {
                read.removeAll { $0 == .rename }
                changed = true
            }
        }
        guard changed else { return hazards }
        var seen: Set<SchemaHazard> = []
        return read.filter { seen.insert($0).inserted }.sorted { $0.rank < $1.rank }.map(\.rawValue)
    }

    /// Applies `hazards(_:at:of:)` to every statement of the script at `migration`.
    public static func reclassify(_ script: inout MigrationScript, migration: Int, swaps: [ColumnSwap]) {
        guard swaps.contains(where: { [$0.added, $0.dropped, $0.renamed].contains { $0.migration == migration } }) else { return }
        for index in script.statements.indices {
            script.statements[index].hazards = hazards(
                script.statements[index].hazards, at: Site(migration: migration, statement: index), of: swaps)
        }
    }

    // MARK: Steps

    private static func firstSite(
        in migrations: [Migration], where matches: (Site, SchemaOperation) -> Bool
    ) -> Site? {
        for (migrationIndex, migration) in migrations.enumerated() {
            for (statementIndex, analyzed) in migration.script.statements.enumerated() {
                let site = Site(migration: migrationIndex, statement: statementIndex)
                if analyzed.operations.contains(where: { matches(site, $0) }) { return site }
            }
        }
        return nil
    }

    private static func addition(
        of column: String, to table: String, before renamed: Site, in migrations: [Migration]
    ) -> (Site, ColumnSpec)? {
        var found: (Site, ColumnSpec)?
        _ = firstSite(in: migrations) { site, operation in
            guard case .addColumn(let addTable, let spec) = operation, site.precedes(renamed), sameTable(addTable, table),
                sameName(spec.name, column)
            else { return false }
            found = (site, spec)
            return true
        }
        return found
    }

    /// Whether the old column's data is copied into the new one between the two: by a statement that writes the table
    /// naming both, or by data code gate does not read that names the new column.
    private static func copies(
        _ column: String, into replacement: String, of table: String, after added: Site, before dropped: Site,
        in migrations: [Migration]
    ) -> Bool {
        let copied = firstSite(in: migrations) { site, operation in
            guard case .dataChange(let written, _, _, _) = operation, added.precedes(site), site.precedes(dropped),
                written.map({ sameTable($0, table) }) ?? true
            else { return false }
            let text = Array(migrations[site.migration].script.statements[site.statement].statement.text.utf8)
            return names(text, replacement) && names(text, column)
        }
        return copied != nil || migrations.contains { $0.unreadDataCode.map { names($0, replacement) } ?? false }
    }

    // MARK: Names

    private static func bare(_ table: String) -> String {
        table.split(separator: ".").last.map(String.init) ?? table
    }

    /// Names as the parse tree holds them, already folded as Postgres folds them: equal when equal.
    private static func sameName(_ first: String, _ second: String) -> Bool { first == second }

    private static func sameTable(_ first: String, _ second: String) -> Bool { sameName(bare(first), bare(second)) }

    /// Whether `text` holds `name` as a whole identifier, in any case.
    private static func names(_ text: [UInt8], _ name: String) -> Bool {
        let needle = Array(name.lowercased().utf8)
        guard !needle.isEmpty, needle.count <= text.count else { return false }
        func isIdentifier(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "_") || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        }
        for start in 0...(text.count - needle.count) {
            guard (0..<needle.count).allSatisfy({ index in
                let byte = text[start + index]
                return (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == needle[index]
            }) else { continue }
            let before = start == 0 || !isIdentifier(text[start - 1])
            let after = start + needle.count == text.count || !isIdentifier(text[start + needle.count])
            if before, after { return true }
        }
        return false
    }
}
