import GateCore
import GateSQL

/// Column swaps whose steps lie in different migrations of one change (a new column added and copied in one, the
/// old one dropped and the new one renamed in a later one): only the schema change analyzer sees them all. Read as
/// the type change they make, they are reported once, at the drop, in place of the drop's and the rename's findings,
/// and the dropped name, made again by the rename, is no contract for head code to block. A swap within one
/// migration is read by that file's own analysis (`SchemaFileAnalysis.columnSwaps`).
struct ColumnSwapsAcrossMigrations {
    /// The migrations searched, in path order; sites index them.
    let migrations: [SchemaChangeAnalyzer.ObservedMigration]
    let swaps: [ColumnSwap]

    init(_ migrations: [SchemaChangeAnalyzer.ObservedMigration]) {
        self.migrations = migrations
        let read = migrations.compactMap { migration in
            migration.analysis.script.map { ColumnSwap.Migration(script: $0, unreadDataCode: migration.unreadDataCode) }
        }
        // Sites index the migrations given, so each must have its script (the analyzer passes only those).
        swaps = read.count == migrations.count ? ColumnSwap.find(in: read).filter { !$0.isWithinOneMigration } : []
    }

    /// The script of migration `index`, its swap steps read as the type change.
    func script(_ index: Int) -> MigrationScript? {
        guard var script = migrations[index].analysis.script else { return nil }
        ColumnSwap.reclassify(&script, migration: index, swaps: swaps)
        return script
    }

    /// Whether the drop of `name` on `line` of migration `index` is a swap's: the rename makes the name again.
    func dropIsSwapped(migration index: Int, name: SchemaChangeAnalyzer.SchemaName) -> Bool {
        swaps.contains { swap in
            swap.dropped.migration == index && line(of: swap.dropped) == name.line && name.column == swap.column
                && SchemaChangeAnalyzer.bare(name.table) == swap.table
        }
    }

    /// One `column-type-change` finding per swap, at its drop, and the drop's and the rename's findings it replaces.
    func findings() -> (findings: [Finding], replaced: Set<FindingSite>) {
        var findings: [Finding] = []
        var replaced: Set<FindingSite> = []
        var ordinals: [String: Int] = [:]
        for swap in swaps {
            let dropping = migrations[swap.dropped.migration]
            let renaming = migrations[swap.renamed.migration]
            guard let dropLine = line(of: swap.dropped), let renameLine = line(of: swap.renamed),
                let dropStatement = statement(at: swap.dropped), let renameStatement = statement(at: swap.renamed)
            else { continue }
            replaced.insert(FindingSite(rule: SchemaHazard.dropColumn.rawValue, path: dropping.path, line: dropLine))
            replaced.insert(FindingSite(rule: SchemaHazard.rename.rawValue, path: renaming.path, line: renameLine))
            // The swap's other hazards (a contract before rollout, no lock_timeout) are those of its drop and rename.
            let others = (dropStatement.hazards + renameStatement.hazards).compactMap(SchemaHazard.init(rawValue:))
                .filter { $0 != .dropColumn && $0 != .rename && $0 != .columnTypeChange }
            var seen: Set<SchemaHazard> = []
            let hazards = others.filter { seen.insert($0).inserted }.sorted { $0.rank < $1.rank }.map(\.rawValue)
            let message = ColumnTypeChangeDetector.message(for: swap) { site in
                "\(migrations[site.migration].path):\(line(of: site) ?? 0)"
            }
            var finding = Finding(
                rule: SchemaHazard.columnTypeChange.rawValue, category: .schemaChange, path: dropping.path, line: dropLine,
                column: dropStatement.statement.column,
                message: SchemaFindings.statementMessage(message, hazards: hazards, analysis: dropping.analysis),
                evidence: SchemaFindings.excerpt(dropStatement.statement.text))
            SchemaChangeAnalyzer.identify(&finding, in: dropping.change, ordinals: &ordinals)
            findings.append(finding)
        }
        return (findings, replaced)
    }

    private func statement(at site: ColumnSwap.Site) -> AnalyzedStatement? {
        guard let statements = migrations[site.migration].analysis.script?.statements, statements.indices.contains(site.statement)
        else { return nil }
        return statements[site.statement]
    }

    private func line(of site: ColumnSwap.Site) -> Int? { statement(at: site)?.statement.line }
}
