import Foundation
import GateCode
import GateCore
import GateSQL

/// Links code to schema across the whole change: migrations that add what changed code uses must run first
/// (ordering entries), drops and renames of what head code still uses are blocked (`contract-still-used`),
/// and every migration is summarised for the report and `gate deploy`.
public struct SchemaChangeAnalyzer: ChangeAnalyzer {
    struct ObservedMigration {
        var path: String
        var change: FileChange
        var analysis: SchemaFileAnalysis
        /// The file's text when it runs data code gate does not read (a column swap's copy may be in it).
        var unreadDataCode: [UInt8]?
        /// Whether the migration is on the fast track (`expand-only-migration`): new or unchanged in what it runs,
        /// every statement expand-only with no hazard.
        var fastTrack = false
    }

    struct ChangedCode: Sendable {
        var path: String
        /// Empty once the file was matched as it was observed (`streamedUses`): its bytes are not kept.
        var bytes: [UInt8]
        var addedLines: LineSet
        var matchedAsObserved = false
    }

    /// A table or column a migration adds or takes away, and the statement that does it.
    struct SchemaName: Hashable {
        var table: String
        var column: String?
        var line: Int
        /// The name it had before, when a rename makes it (`RENAME COLUMN fullName TO displayName`).
        var renamedFrom: String?

        var display: String { column.map { "\(table).\($0)" } ?? table }

        /// How the migration makes the name, for the ordering's reason: `adds author.bio`, `renames author.fullName
        /// to displayName`.
        var made: String {
            guard let renamedFrom else { return "adds \(display)" }
            return column == nil ? "renames \(renamedFrom) to \(table)" : "renames \(table).\(renamedFrom) to \(column ?? "")"
        }
    }

    private var migrations: [ObservedMigration] = []
    /// Liquibase changelogs that only list others and gain inclusions: the changelogs each added inclusion reaches,
    /// and the line their `schema-migration` finding is on (`LiquibaseIncludes.addedInclusions`).
    private var listingChangelogs: [(path: String, line: Int, reached: [[String]])] = []
    private var changedCode: [ChangedCode] = []
    private var ddlInCode: [ObservedMigration] = []
    /// Changed migrations and ORM schema files, as their head bytes classify them: the head tree's walk for code
    /// still using a removal passes over them without classifying their paths again.
    private var schemaFilePaths: [String] = []
    /// Changed ORM schema files (schema.prisma, Drizzle tables) as they are at head: what they still declare is used.
    private var changedORMSchemas: [(path: String, bytes: [UInt8], format: MigrationFormat)] = []
    /// The `orm-schema-change` findings of the changed ORM schema files, with their changes: lowered to the fast
    /// track when the change ships the schema's migrations and each of them is on it.
    private var ormSchemaFindings: [(finding: Finding, layout: MigrationFileKind, change: FileChange)] = []

    /// The names the change's migrations add and remove, and where changed code observed since they were known
    /// first uses each: set once every file that may be a migration has been observed (`observedEarlyFiles`). The
    /// code observed after that is matched as it comes, and its bytes (most of a large change's) are not kept.
    private var streamedUses: StreamedUses?

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        guard !file.addedLines.isEmpty else { return }
        // The schema detectors have already analysed the file (the analysis is in its memo, with the layout it
        // classified), so this is cheap; code is kept as bytes and matched against the range's added names once
        // every migration is known.
        let shared = SchemaFileAnalysis.shared(file, context: context)
        let layout = shared.analysis.layoutKnown
            ? shared.analysis.layout : MigrationLayout.classify(file.path, head: file.bytes, extra: context.migrationPaths)
        if let layout {
            schemaFilePaths.append(file.path)
            if layout.format == .prismaSchema || layout.format == .drizzleSchema {
                changedORMSchemas.append((file.path, file.bytes, layout.format))
                if let finding = ORMSchemaChangeDetector.finding(in: file, context: context) {
                    ormSchemaFindings.append((finding, layout, file.change))
                }
            }
            let analysis = shared.analysis
            if analysis.isMigration, layout.format == .liquibase, analysis.script?.statements.isEmpty ?? true,
               let project = context.code?.project, let line = SchemaFindings.firstAddedLine(file),
               let reached = LiquibaseIncludes.addedInclusions(of: file, project: project)
            {
                listingChangelogs.append((file.path, line, reached))
            }
            if analysis.isMigration {
                migrations.append(ObservedMigration(
                    path: file.path, change: file.change, analysis: analysis,
                    unreadDataCode: analysis.dataCode != nil ? file.bytes : nil,
                    fastTrack: analysis.isExpandOnly && EditedMigrationDetector.edit(of: file, context: context) == nil))
            }
        } else if Self.mayUseSchema(file.path) {
            // Matched already, before it was observed (`StreamedUses.prepare`): its bytes are not kept.
            let matched = streamedUses?.matched(file) ?? false
            changedCode.append(ChangedCode(
                path: file.path, bytes: matched ? [] : file.bytes, addedLines: file.addedLines, matchedAsObserved: matched))
            // DDL in application code is summarised with the migrations, as the statements it will run.
            let analysis = shared.analysis
            if analysis.kind == .ddlInCode {
                let change = FileChange(path: file.path, kind: .modified, hunks: [], content: .none)
                ddlInCode.append(ObservedMigration(path: file.path, change: change, analysis: analysis))
            }
        }
    }

    public mutating func observedEarlyFiles(context: DetectionContext) -> (any FileObservation)? {
        let names = ChangeNames(migrations)
        let uses = StreamedUses(additions: names.added.map(\.name), removals: names.pending.map(\.name))
        streamedUses = uses
        return uses
    }

    /// The migrations whose statements are judged, the column swaps across them, and the names they add and remove.
    private struct ChangeNames {
        var judged: [ObservedMigration]
        var swaps: ColumnSwapsAcrossMigrations
        var added: [(migration: String, phase: MigrationPhase, name: SchemaName)] = []
        var pending: [(migration: ObservedMigration, name: SchemaName, verb: String)] = []

        init(_ migrations: [ObservedMigration]) {
            // Workers observe files in whatever order they finish them: path order keeps the report the same run to run.
            judged = migrations.sorted(by: { $0.path < $1.path })
                .filter { $0.analysis.isMigration && $0.analysis.judgesHazards && $0.analysis.script != nil }
            swaps = ColumnSwapsAcrossMigrations(judged)
            for (index, migration) in judged.enumerated() {
                guard let script = migration.analysis.script else { continue }
                for name in SchemaChangeAnalyzer.additions(script) { added.append((migration.path, script.phase, name)) }
                // A swapped column's drop removes nothing head code can miss: a later migration's rename makes it again.
                for (name, verb) in SchemaChangeAnalyzer.removals(script)
                where !(verb == "drops" && swaps.dropIsSwapped(migration: index, name: name)) {
                    pending.append((migration, name, verb))
                }
            }
        }
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        var result = ChangeAnalysisResult()
        let names = ChangeNames(migrations)
        let (judged, swaps, added, pending) = (names.judged, names.swaps, names.added, names.pending)
        let swappedScripts = Dictionary(
            judged.indices.compactMap { index in swaps.script(index).map { (judged[index].path, $0) } },
            uniquingKeysWith: { first, _ in first })
        for migration in (migrations + ddlInCode).sorted(by: { $0.path < $1.path }) {
            guard let script = swappedScripts[migration.path] ?? migration.analysis.script else { continue }
            result.migrations.append(MigrationSummary(
                path: migration.path, phase: script.phase,
                statements: script.statements.map { analyzed in
                    StatementSummary(
                        line: analyzed.statement.line, statement: SchemaFindings.excerpt(analyzed.statement.text),
                        effect: analyzed.effect.rawValue, hazards: analyzed.hazards,
                        checks: analyzed.checks.map(\.description))
                }))
        }
        let changed = try matchChangedCode(additions: added.map(\.name), removals: pending.map(\.name), head: head)
        var lateAdditions: [(item: (migration: String, phase: MigrationPhase, name: SchemaName), use: String)] = []
        result.ordering = added.indices.compactMap { index in
            guard let found = changed.additions[index] else { return nil }
            let item = added[index]
            let use = "\(found.path):\(found.use.line) \(found.use.writes ? "writes" : "reads")"
            // Marked post, it runs after the rollout of the code that needs it: said so, and signed off (SPEC §deploy).
            if item.phase == .post { lateAdditions.append((item, use)) }
            return OrderingEntry(
                migration: item.migration, phase: item.phase,
                reason: "\(item.name.made), which \(use)"
                    + (item.phase == .post ? "; but the migration is marked post, so that code rolls out before it runs" : ""))
        }
        (result.findings, result.replaced) = try contractsStillUsed(
            pending, changedUses: changed.removals, head: head, context: context)
        let late = postPhaseAdditions(lateAdditions)
        result.findings += late.findings
        result.replaced.formUnion(late.replaced)
        let swapped = swaps.findings()
        result.findings += swapped.findings
        result.replaced.formUnion(swapped.replaced)
        result.replaced.formUnion(listingsOfShippedChangelogs())
        if !ormSchemaFindings.isEmpty, let project = context.code?.project {
            for (finding, layout, change) in ormSchemaFindings {
                guard let fastTracked = fastTracked(finding, layout: layout, change: change, project: project) else { continue }
                result.replaced.insert(FindingSite(rule: finding.rule, path: finding.path, line: finding.line))
                result.findings.append(fastTracked)
            }
        }
        return result
    }

    // MARK: Additions marked post

    /// A migration marked `-- gate:phase post` that adds (or renames to) a name the change's code uses on a line it
    /// adds: gate deploy runs it only after that code rolled out, which then fails on the missing name until it runs.
    /// The explicit marker and what the code needs disagree, so the migration leaves the fast track: a
    /// `schema-migration` finding on the statement (sign-off from `database`), in place of `expand-only-migration`
    /// (or of a `schema-migration` finding on the same line). One finding per statement.
    private func postPhaseAdditions(
        _ late: [(item: (migration: String, phase: MigrationPhase, name: SchemaName), use: String)]
    ) -> (findings: [Finding], replaced: Set<FindingSite>) {
        var findings: [Finding] = []
        var replaced: Set<FindingSite> = []
        var ordinals: [String: Int] = [:]
        for (item, use) in late {
            guard let migration = migrations.first(where: { $0.path == item.migration }),
                  case .migration(let kind) = migration.analysis.kind, let script = migration.analysis.script
            else { continue }
            let site = FindingSite(rule: "schema-migration", path: item.migration, line: item.name.line)
            guard replaced.insert(site).inserted else { continue }
            if migration.fastTrack, let first = script.statements.first(where: { statement in
                !statement.operations.allSatisfy { if case .setting = $0 { true } else { false } }
            }) {
                replaced.insert(FindingSite(rule: "expand-only-migration", path: item.migration, line: first.statement.line))
            }
            let statement = script.statements.first { $0.statement.line == item.name.line }
            var finding = Finding(
                rule: "schema-migration", category: .schemaChange, path: item.migration, line: item.name.line,
                message: "\(kind.framework) migration (phase post) \(item.name.made), which \(use): gate deploy runs a "
                    + "post-phase migration only after the rollout, so that code runs before it; drop `-- gate:phase post` "
                    + "(or move the addition to a migration of its own, phase pre)",
                evidence: statement.map { SchemaFindings.excerpt($0.statement.text) })
            Self.identify(&finding, in: migration.change, ordinals: &ordinals)
            findings.append(finding)
        }
        return (findings, replaced)
    }

    // MARK: Liquibase listings

    /// The `schema-migration` findings of Liquibase changelogs that only list others, where every inclusion the
    /// change adds reaches changelogs the change itself ships: the listing runs nothing, and each changelog it gains
    /// is judged on its own (its tier is the listing's). An inclusion of a changelog the change does not ship (one
    /// already there, which Liquibase runs again under the new path, or a path that is not there) leaves the finding.
    private func listingsOfShippedChangelogs() -> [FindingSite] {
        guard !listingChangelogs.isEmpty else { return [] }
        let shipped = Set(migrations.map(\.path))
        return listingChangelogs.compactMap { listing in
            let covered = listing.reached.allSatisfy { paths in !paths.isEmpty && paths.allSatisfy(shipped.contains) }
            return covered ? FindingSite(rule: "schema-migration", path: listing.path, line: listing.line) : nil
        }
    }

    // MARK: ORM schema on the fast track

    /// An ORM schema edit shipped with its migrations (those of the change in the schema's migration folders:
    /// Prisma's `migrations` beside it, a Drizzle journal's folder), every one of them on the fast track: its
    /// finding, lowered to tier low as they are (SPEC: tiers follow the hazard). Nil when the change ships none of
    /// them (the schema's migration is still to come) or any of them needs sign-off.
    private func fastTracked(_ finding: Finding, layout: MigrationFileKind, change: FileChange, project: Project) -> Finding? {
        let folders = SchemaWithoutMigrationDetector.migrationFolders(for: finding.path, format: layout.format, in: project)
        let shipped = migrations.filter { migration in
            migration.analysis.judgesHazards && folders.contains { migration.path.hasPrefix($0.isEmpty ? "" : $0 + "/") }
        }
        guard !shipped.isEmpty, shipped.allSatisfy(\.fastTrack) else { return nil }
        var lowered = finding
        let listed = shipped.count == 1 ? "migration (\(shipped[0].path))" : "migrations (\(shipped.count))"
        lowered.message = "\(layout.framework) schema changed, shipped with its expand-only \(listed): fast track, "
            + "no sign-off needed; gate deploy applies it before the code that uses it"
        lowered.tier = .low
        lowered.action = .pass
        var ordinals: [String: Int] = [:]
        Self.identify(&lowered, in: change, ordinals: &ordinals)
        return lowered
    }

    // MARK: Changed code

    /// Where changed code first uses each added name (on a line the change adds: what needs the migration
    /// first) and each removed name (on any line: the changed files are head files too), in path order.
    /// One pass over the changed files serves both.
    /// The code matched as it was observed is not searched again: its first uses are merged in by path. Should the
    /// names have changed since (a migration observed after the early files, which `visitsFirst` rules out), that
    /// code is read again from the head tree and searched with the rest.
    private func matchChangedCode(additions: [SchemaName], removals: [SchemaName], head: any HeadTree) throws -> (
        additions: [Int: (path: String, use: SchemaUsageMatcher.Use)], removals: [Int: (path: String, use: SchemaUsageMatcher.Use)]
    ) {
        var addedUses: [Int: (path: String, use: SchemaUsageMatcher.Use)] = [:]
        var removedUses: [Int: (path: String, use: SchemaUsageMatcher.Use)] = [:]
        guard !additions.isEmpty || !removals.isEmpty else { return (addedUses, removedUses) }
        var searched = changedCode.filter { !$0.matchedAsObserved }
        let sameNames = streamedUses.flatMap { $0.additions == additions && $0.removals == removals ? $0 : nil }
        var streamed = sameNames?.firstUses
        if streamed == nil {
            let matched = changedCode.filter(\.matchedAsObserved)
            if !matched.isEmpty {
                let lines = Dictionary(matched.map { ($0.path, $0.addedLines) }, uniquingKeysWith: { first, _ in first })
                try head.forEachFile(where: { lines[$0] != nil }) { path, bytes in
                    searched.append(ChangedCode(path: path, bytes: bytes, addedLines: lines[path] ?? LineSet()))
                }
            }
            streamed = Array(repeating: nil, count: additions.count + removals.count)
        }
        let matcher = sameNames?.matcher ?? SchemaUsageMatcher(additions + removals)
        let onAddedLines = 0..<additions.count
        let files = searched.sorted(by: { $0.path < $1.path })
        let search = FirstUseSearch<SchemaUsageMatcher.Use>(files: files.count, names: additions.count + removals.count)
        let found = search.run(prepare: { matcher.looking(for: $0) }) { index, looking in
            matcher.firstUses(
                in: files[index].bytes, lines: files[index].addedLines, restrictedToLines: onAddedLines, looking: looking,
                template: ViewTemplates.isTemplate(files[index].path))
        }
        for index in found.indices {
            // The first use by path, of the files searched now and those matched as they were observed.
            let foundNow = found[index].map { (path: files[$0.file].path, use: $0.use) }
            let first = [foundNow, streamed?[index] ?? nil].compactMap { $0 }.min { $0.path < $1.path }
            guard let (path, use) = first else { continue }
            if index < additions.count {
                addedUses[index] = (path, use)
            } else {
                removedUses[index - additions.count] = (path, use)
            }
        }
        return (addedUses, removedUses)
    }

    static func additions(_ script: MigrationScript) -> [SchemaName] {
        var names: [SchemaName] = []
        for statement in script.statements {
            let line = statement.statement.line
            for operation in statement.operations {
                switch operation {
                case .createTable(let table, _): names.append(SchemaName(table: bare(table), column: nil, line: line))
                case .addColumn(let table, let column):
                    names.append(SchemaName(table: bare(table), column: column.name, line: line))
                case .renameColumn(let table, let oldName, let newName):
                    names.append(SchemaName(table: bare(table), column: newName, line: line, renamedFrom: oldName))
                case .renameTable(let oldName, let newName):
                    names.append(SchemaName(table: bare(newName), column: nil, line: line, renamedFrom: bare(oldName)))
                default: break
                }
            }
        }
        return names.filter { !SchemaUsageMatcher.genericColumns.contains(($0.column ?? "").lowercased()) }
    }

    static func removals(_ script: MigrationScript) -> [(SchemaName, verb: String)] {
        var names: [(SchemaName, String)] = []
        for (index, statement) in script.statements.enumerated() {
            let line = statement.statement.line
            // Made again by a later statement (`DROP COLUMN prompt` then `RENAME COLUMN json_prompt TO prompt`, a
            // table renamed away and created anew): after the migration the name is still there.
            let later = additions(MigrationScript(
                phase: script.phase, statements: Array(script.statements[(index + 1)...]), verifyStatements: []))
            for operation in statement.operations {
                switch operation {
                case .dropTable(let table): names.append((SchemaName(table: bare(table), column: nil, line: line), "drops"))
                case .dropColumn(let table, let column):
                    names.append((SchemaName(table: bare(table), column: column, line: line), "drops"))
                case .renameColumn(let table, let column, _):
                    names.append((SchemaName(table: bare(table), column: column, line: line), "renames"))
                case .renameTable(let table, _):
                    names.append((SchemaName(table: bare(table), column: nil, line: line), "renames"))
                default: break
                }
            }
            names.removeAll { removed in removed.0.line == line && later.contains { Self.sameName($0, removed.0) } }
        }
        return names.filter { !SchemaUsageMatcher.genericColumns.contains(($0.0.column ?? "").lowercased()) }
    }

    /// Whether two names are the same table, or the same column of the same table (names compare as Postgres
    /// folds them: quoted ones exactly).
    static func sameName(_ first: SchemaName, _ second: SchemaName) -> Bool {
        func folded(_ name: String) -> String { name.hasPrefix("\"") ? name : name.lowercased() }
        return folded(first.table) == folded(second.table) && first.column.map(folded) == second.column.map(folded)
    }

    // MARK: Contract still used

    /// Findings for drops and renames head code still uses, one per statement, and the per-file findings of those
    /// statements they replace (one construct, one finding: the statement's other hazards are listed in it).
    private func contractsStillUsed(
        _ pending: [(migration: ObservedMigration, name: SchemaName, verb: String)],
        changedUses: [Int: (path: String, use: SchemaUsageMatcher.Use)], head: any HeadTree, context: DetectionContext
    ) throws -> ([Finding], Set<FindingSite>) {
        guard !pending.isEmpty else { return ([], []) }
        let matcher = SchemaUsageMatcher(pending.map(\.name))
        // The first use in path order wins: changed files (matched from memory) or the rest of the head tree. How it
        // is used (read, written, declared by an ORM schema) is said in the finding.
        var uses: [Int: (path: String, line: Int, how: String)] = changedUses.mapValues { found in
            (found.path, found.use.line, found.use.writes ? "writes it" : "reads it")
        }
        func merge(_ path: String, _ found: [Int: SchemaUsageMatcher.Use], declared: Bool = false) {
            for (index, use) in found where uses[index].map({ path < $0.path }) ?? true {
                uses[index] = (path, use.line, declared ? "declares it" : use.writes ? "writes it" : "reads it")
            }
        }
        // An ORM schema that still declares a dropped or renamed name selects or writes it in every query.
        func mergeDeclarations(_ path: String, _ bytes: [UInt8], _ format: MigrationFormat) {
            let declarations = ORMSchemaDeclarations.read(bytes, format: format)
            var found: [Int: SchemaUsageMatcher.Use] = [:]
            for (index, item) in pending.enumerated() {
                if let declared = ORMSchemaDeclarations.firstDeclaration(
                    of: item.name.table, column: item.name.column, in: declarations)
                {
                    found[index] = SchemaUsageMatcher.Use(line: declared.line, writes: false)
                }
            }
            merge(path, found, declared: true)
        }
        for schema in changedORMSchemas { mergeDeclarations(schema.path, schema.bytes, schema.format) }
        // Changed code is matched from memory; changed migrations and schema files are no code at head.
        let changedPaths = Set(changedCode.map(\.path) + schemaFilePaths)
        // The rest of the head tree: only files that can use a schema are read, and matched a batch at a time
        // on every core.
        var batch: [(path: String, bytes: [UInt8])] = []
        func matchBatch() {
            guard let first = batch.first?.path else { return }
            // A name whose use is at an earlier path than the whole batch keeps it.
            let looking = matcher.looking(for: (0..<pending.count).map { index in uses[index].map { $0.path > first } ?? true })
            let found = ConcurrentMap.map(batch) { file in
                matcher.firstUses(in: file.bytes, lines: nil, looking: looking, template: ViewTemplates.isTemplate(file.path))
            }
            for (file, fileUses) in zip(batch, found) { merge(file.path, fileUses) }
            batch.removeAll(keepingCapacity: true)
        }
        try head.forEachFile(where: { path in
            // Head files come in path order: once every name has a use at an earlier path, none can win.
            if uses.count == pending.count, uses.values.allSatisfy({ $0.path < path }) { return false }
            return !changedPaths.contains(path) && Self.mayUseSchema(path)
                && MigrationLayout.classify(path, extra: context.migrationPaths).map(Self.isORMSchema) ?? true
        }) { path, bytes in
            // Some layouts (Drizzle schema files) are known only from their content.
            if let layout = MigrationLayout.classify(path, head: bytes, extra: context.migrationPaths) {
                if Self.isORMSchema(layout) { mergeDeclarations(path, bytes, layout.format) }
                return
            }
            batch.append((path, bytes))
            if batch.count == 64 { matchBatch() }
        }
        matchBatch()
        var findings: [Finding] = []
        var replaced: Set<FindingSite> = []
        var ordinals: [String: Int] = [:]
        for (index, item) in pending.enumerated() {
            guard let use = uses[index] else { continue }
            let path = item.migration.path
            let contractSite = FindingSite(rule: ContractStillUsedDetector.id, path: path, line: item.name.line)
            guard replaced.insert(contractSite).inserted else { continue }
            let hazards = item.migration.analysis.script?.statements
                .first { $0.statement.line == item.name.line }?.hazards ?? []
            if let worst = hazards.first { replaced.insert(FindingSite(rule: worst, path: path, line: item.name.line)) }
            var finding = Finding(
                rule: ContractStillUsedDetector.id, category: .schemaChange, path: path,
                line: item.name.line,
                message: SchemaFindings.statementMessage(
                    "\(item.verb) \(item.name.display), which \(use.path):\(use.line) still uses (\(use.how)): "
                        + "change that code first; this contract is blocked until no code at head uses it",
                    hazards: hazards, analysis: item.migration.analysis),
                tier: ContractStillUsedDetector.tier, action: .block)
            Self.identify(&finding, in: item.migration.change, ordinals: &ordinals)
            findings.append(finding)
        }
        return (findings, replaced)
    }

    /// Gives a finding of this analysis what the scanner gives a detector's: the digest of its hunk, the inline allow
    /// comment there, and an id numbered among the rule's findings in the same hunk (`ordinals`, by digest).
    static func identify(_ finding: inout Finding, in change: FileChange, ordinals: inout [String: Int]) {
        let hunk = change.hunk(containingNewLine: finding.line)
        finding.hunkDigest = hunk.map(Fingerprint.hunkDigest) ?? ContentDigest.sha256Hex(change.path)
        finding.allowComment = InlineAllowComment.find(in: hunk, line: finding.line)
        let key = finding.hunkDigest
        finding.id = Fingerprint.findingID(
            rule: finding.rule, path: finding.path, hunkDigest: finding.hunkDigest, ordinal: ordinals[key, default: 0])
        ordinals[key, default: 0] += 1
    }

    private static func isORMSchema(_ kind: MigrationFileKind) -> Bool {
        kind.format == .prismaSchema || kind.format == .drizzleSchema
    }

    static func bare(_ table: String) -> String { table.split(separator: ".").last.map(String.init) ?? table }

    /// Whether a changed file may be a migration or an ORM schema, by its path alone (or a changelog of the project
    /// including it): every file `observe` takes for one is.
    static func mayBeMigration(_ path: String, context: DetectionContext) -> Bool {
        MigrationLayout.mayClassify(path, extra: context.migrationPaths)
            || context.code.map { LiquibaseIncludes.mayBeIncluded(path, project: $0.project) } ?? false
    }

    /// Files whose text can use a table or column: code, SQL, ORM schemas and view templates. Not the `.Designer.cs`
    /// EF Core writes beside each migration (the model as it was then: old ones name every column ever dropped), nor a schema dump
    /// (`db/structure.sql`, Rails' `db/schema.rb`, Laravel's `database/schema/pgsql-schema.sql`), which declares what
    /// the database has: a dump not yet regenerated still lists the column the change drops, and nothing runs it.
    /// (EF Core's model snapshot is the model at head, which EF maps: it counts.)
    static func mayUseSchema(_ path: String) -> Bool {
        (SchemaFileAnalysis.isCode(path) || path.hasSuffix(".sql") || path.hasSuffix(".prisma")
            || ViewTemplates.isTemplate(path))
            && !MigrationLayout.isEFCoreMigrationDesigner(path) && !MigrationLayout.isSchemaDump(path)
            && RailsSchemaDump.migrationFolder(of: path) == nil
    }
}

/// Where changed code first uses each of the change's schema names (additions first, then removals), gathered file
/// by file as the workers finish scanning them, in whatever order: a file is searched only for the names no file of
/// an earlier path is known to use, and a use replaces one of a later path, so the result is the first use in path
/// order, as `FirstUseSearch` finds it over all files at once.
final class StreamedUses: FileObservation, @unchecked Sendable {
    let additions: [SchemaChangeAnalyzer.SchemaName]
    let removals: [SchemaChangeAnalyzer.SchemaName]
    /// Built once for these names (nil when there are none): the search at the end uses it too.
    let matcher: SchemaUsageMatcher?
    private let lock = NSLock()
    /// Per name, its first use by path so far (under `lock`).
    private var first: [(path: String, use: SchemaUsageMatcher.Use)?]
    /// Per name, whether it has no use yet, and a path at or after every first use's (under `lock`): a file after
    /// that path, as most are (they come in about path order), is searched for exactly the names with no use, which
    /// is told without comparing its path with every name's.
    private var unused: [Bool]
    private var latestFirstUse: String?
    /// The names last searched for and the matcher's preparation for them, kept while they stay the same (files
    /// come in about path order, so they change only as names find their first use) (under `lock`).
    private var prepared: (wanted: [Bool], looking: SchemaUsageMatcher.Looking)?
    /// How many times `unused` changed (under `lock`), and the count when `prepared` was made for it: a file after
    /// every first use's path reuses the preparation without comparing the names wanted one by one.
    private var unusedChanges = 0
    private var preparedForUnused: Int?

    init(additions: [SchemaChangeAnalyzer.SchemaName], removals: [SchemaChangeAnalyzer.SchemaName]) {
        self.additions = additions
        self.removals = removals
        first = Array(repeating: nil, count: additions.count + removals.count)
        unused = Array(repeating: true, count: first.count)
        matcher = first.isEmpty ? nil : SchemaUsageMatcher(additions + removals)
    }

    var firstUses: [(path: String, use: SchemaUsageMatcher.Use)?] { lock.withLock { first } }

    /// Names this search in a file's memo: a file is matched by one search at most, and only its own counts.
    private let identity = UUID()

    /// Matches a changed code file (one `observe` would keep for the search), and says so in its memo, so `observe`
    /// keeps no bytes of it.
    func prepare(_ file: SourceFile, context: DetectionContext) {
        guard !file.addedLines.isEmpty, !SchemaChangeAnalyzer.mayBeMigration(file.path, context: context),
              SchemaChangeAnalyzer.mayUseSchema(file.path)
        else { return }
        _ = file.memo.value(for: ObjectIdentifier(StreamedUses.self)) { () -> UUID? in
            match(path: file.path, bytes: file.bytes, lines: file.addedLines)
            return identity
        }
    }

    /// Whether this search matched `file` (`prepare`).
    func matched(_ file: SourceFile) -> Bool {
        file.memo.value(for: ObjectIdentifier(StreamedUses.self)) { UUID?.none } == identity
    }

    private func match(path: String, bytes: [UInt8], lines: LineSet) {
        guard let matcher else { return }
        let looking = lock.withLock { () -> SchemaUsageMatcher.Looking? in
            // A name is searched for unless a file of an earlier path uses it.
            let afterEveryUse = latestFirstUse.map { path > $0 } ?? true
            if afterEveryUse, preparedForUnused == unusedChanges { return prepared?.looking }
            let wanted = afterEveryUse ? unused : first.map { known in known.map { path < $0.path } ?? true }
            guard wanted.contains(true) else { return nil }
            if prepared?.wanted != wanted { prepared = (wanted, matcher.looking(for: wanted)) }
            preparedForUnused = afterEveryUse ? unusedChanges : nil
            return prepared?.looking
        }
        guard let looking else { return }
        let uses = matcher.firstUses(
            in: bytes, lines: lines, restrictedToLines: 0..<additions.count, looking: looking,
            template: ViewTemplates.isTemplate(path))
        guard !uses.isEmpty else { return }
        lock.withLock {
            var recorded = false
            for (name, use) in uses where first[name].map({ path < $0.path }) ?? true {
                first[name] = (path, use)
                if unused[name] { unusedChanges += 1 }
                unused[name] = false
                recorded = true
            }
            // At or after every first use's path (a use replaced by an earlier one may leave it later than needed).
            if recorded { latestFirstUse = latestFirstUse.map { max($0, path) } ?? path }
        }
    }
}
