import Foundation
import GateCore
import GateSQL

/// What one changed file means for the schema: a migration (with its analysed statements), an ORM schema
/// file, DDL inside application code, or nothing. Computed once per file and shared by the schema detectors.
struct SchemaFileAnalysis: Sendable {
    enum Kind: Sendable, Equatable {
        case none
        case migration(MigrationFileKind)
        case ormSchema(MigrationFileKind)
        /// SQL strings holding DDL in application code (or a `.sql` file outside the migration folders).
        case ddlInCode
    }

    var kind: Kind = .none
    /// The analysed statements, with lines in the head file.
    var script: MigrationScript?
    /// The parser's complaint, with its position in the head file.
    var parseErrors: [(message: String, line: Int, column: Int)] = []
    /// Lines of DDL strings found in code.
    var ddlLines: [Int] = []
    /// The command that runs the DDL when shell text runs it (`psql -c`), not application code.
    var shellCommand: String?
    /// The ORM and schema-builder calls among `ddlLines`, as written (`knex.schema.createTable`), by line.
    var schemaCalls: [Int: String] = [:]
    /// Whether a string literal of the code may open an `UPDATE` or `INSERT` (`DDLStrings.writeFragments`).
    var mayWriteRows = false
    /// Whether a string literal of the code is the table a query builder's chain names (`from("tickets")`):
    /// `QueryBuilderWrites` reads the chain.
    var mayWriteThroughBuilder = false
    /// Statements (by index) that drop or rename what a later statement of the same migration still uses, with
    /// what that is: `contract-still-used` reports them, and no other detector does.
    var stillUsedLater: [Int: String] = [:]
    /// Statement indices by their worst hazard (the one that names their finding), so each hazard detector looks
    /// only at its own statements.
    var statementsByWorstHazard: [String: [Int]] = [:]
    /// Each statement's evidence excerpt, made once: the summary and the hazard findings both show it.
    var excerpts: [String] = []
    /// What `MigrationLayout.classify` said of the file's path and head bytes, when the analysis asked.
    var layout: MigrationFileKind?
    var layoutKnown = false

    /// The evidence excerpt of statement `index`, from `index()` when it ran.
    func excerpt(of index: Int) -> String {
        index < excerpts.count ? excerpts[index] : SchemaFindings.excerpt(script?.statements[index].statement.text ?? "")
    }

    var isMigration: Bool { if case .migration = kind { true } else { false } }

    /// Indexes what the hazard detectors ask for, once the script and its later uses are known.
    mutating func index() {
        statementsByWorstHazard = [:]
        guard let script else { return }
        excerpts = script.statements.map { SchemaFindings.excerpt($0.statement.text) }
        for (index, statement) in script.statements.enumerated() {
            guard let worst = statement.hazards.first else { continue }
            statementsByWorstHazard[worst, default: []].append(index)
        }
    }

    /// The data-changing code a framework migration runs besides its schema operations (`RunPython`,
    /// `update_all`…), named as written; gate cannot read what it does, so the migration is never fast-tracked.
    var dataCode: (call: String, line: Int)?

    /// Operations of a framework migration the reader recognised but could not build SQL for: what they run is
    /// unknown, so the migration is never fast-tracked either.
    var unreadOperations: [UnreadOperation] = []

    /// Columns the migration swaps for one of another type under the same name (add, copy, drop, rename), by the
    /// statement dropping the old column: that statement is the column's type change, not a drop.
    var columnSwaps: [Int: ColumnSwap] = [:]

    /// Finds the migration's own column swaps and reads their drops and renames as the type change they make.
    private mutating func readColumnSwaps(_ bytes: [UInt8]) {
        guard var swapped = script else { return }
        let swaps = ColumnSwap.find(in: [ColumnSwap.Migration(script: swapped, unreadDataCode: dataCode != nil ? bytes : nil)])
        guard !swaps.isEmpty else { return }
        ColumnSwap.reclassify(&swapped, migration: 0, swaps: swaps)
        script = swapped
        for swap in swaps { columnSwaps[swap.dropped.statement] = swap }
    }

    /// A framework migration gate read in full whose operations run no SQL (a Django `AlterField` that changes only
    /// `choices` or `help_text`): nothing to judge and nothing left unread, so no migration finding.
    var changesNoSchema = false

    /// The fast track (tier low): a forward migration gate read in full whose every statement is expand-only and
    /// carries no hazard (advice aside). Still listed, ordered and verified at deploy.
    var isExpandOnly: Bool {
        guard case .migration(let file) = kind, file.format != .sqlRollback, parseErrors.isEmpty, dataCode == nil,
            unreadOperations.isEmpty, let script, !script.statements.isEmpty, script.parseErrors.isEmpty, stillUsedLater.isEmpty
        else { return false }
        return script.statements.allSatisfy { statement in
            statement.effect == .expand
                && statement.hazards.allSatisfy { SchemaHazard(rawValue: $0)?.isAdvisory == true }
        }
    }

    /// A rollback script read in full: it runs only when someone undoes a release, never at deploy, so it needs no
    /// database reviewer of its own (one that does not parse still does: its forward half may be what is broken).
    var isReadRollback: Bool {
        guard case .migration(let file) = kind, file.format == .sqlRollback, parseErrors.isEmpty, let script else { return false }
        return script.parseErrors.isEmpty
    }

    /// Whether a Rails migration is its class and empty methods alone (`def change; end`, a comment inside): every
    /// line blank, a comment, the class line, a `def` without arguments or an `end`.
    static func isEmptyRailsMigration(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let text = line.drop { $0 == 0x20 || $0 == 0x09 }
            guard let first = text.first, first != UInt8(ascii: "#"), first != 0x0D else { continue }
            let words = String(decoding: text, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == ";" })
            guard let head = words.first else { continue }
            switch head {
            case "class": guard words.count >= 4, words[2] == "<", words[3].hasPrefix("ActiveRecord::Migration") else { return false }
            case "def": guard words.count >= 2, ["change", "up", "down"].contains(words[1]), words.count == 2 || words[2] == "end" else { return false }
            case "end": guard words.count == 1 else { return false }
            default: return false
            }
        }
        return true
    }

    /// Whether SQL text holds nothing but blanks and comments (`-- …`, `/* … */`): no statement at all.
    static func holdsOnlyComments(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if DDLStrings.isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                guard index + 1 < bytes.count else { return false }
                index += 2
            } else {
                return false
            }
        }
        return true
    }

    /// A file of the documentation (`docs/schema.sql`, `doc/examples/queries.sql`): SQL shown to readers, which
    /// nothing runs, as a fenced block of a Markdown page is not.
    static func isDocumentation(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { $0 == "docs" || $0 == "doc" || $0 == "documentation" }
    }

    /// Whether hazards are judged: rollback scripts only run when undoing a release.
    var judgesHazards: Bool {
        if case .migration(let file) = kind, file.format == .sqlRollback { return false }
        return true
    }

    /// The analysis of `file`, shared across the detectors that look at the same file one after another.
    static func of(_ file: SourceFile, context: DetectionContext) -> SchemaFileAnalysis {
        shared(file, context: context).analysis
    }

    /// The analysis of a file held by reference: some fifty detectors ask for it per file, and copying the
    /// analysis out of the memo for each retained and released every one of its arrays.
    final class Shared: Sendable {
        let analysis: SchemaFileAnalysis

        init(_ analysis: SchemaFileAnalysis) { self.analysis = analysis }
    }

    /// The analysis of `file` without a copy, for the detectors asked of every file.
    static func shared(_ file: SourceFile, context: DetectionContext) -> Shared {
        // Every schema detector asks; the analysis (SQL parsing included) runs once per file.
        file.memo.value(for: ObjectIdentifier(Shared.self)) {
            var analysis = AtlasSchemaReader.isSchema(path: file.path, bytes: file.bytes)
                ? atlas(file, context: context)
                : SchemaFileAnalysis.analyze(path: file.path, bytes: file.bytes, context: context)
            analysis.index()
            return Shared(analysis)
        }
    }

    /// An Atlas HCL schema: what the change adds or removes, read as the SQL Atlas will plan for it. Atlas writes
    /// and runs that SQL itself, so lock_timeout is not asked of the file.
    static func atlas(_ file: SourceFile, context: DetectionContext) -> SchemaFileAnalysis {
        var removed: [(beforeLine: Int, text: String)] = []
        for hunk in file.change.hunks {
            var next = hunk.newStart
            for line in hunk.lines {
                if let number = line.newNumber { next = number + 1 }
                if line.kind == .deleted { removed.append((next, line.text)) }
            }
        }
        let fragments = AtlasSchemaReader.fragments(
            head: file.bytes, added: { file.addedLines.contains($0) }, removed: removed)
        var analysis = SchemaFileAnalysis()
        analysis.kind = .migration(MigrationFileKind(format: .sql, framework: "atlas"))
        let script = MigrationScript.analyze(
            fragments: fragments,
            options: AnalysisOptions(requireLockTimeout: false, postgresVersion: context.postgresVersion))
        analysis.script = script
        analysis.collect(script.parseErrors)
        analysis.stillUsedLater = laterUses(script)
        return analysis
    }

    static func analyze(path: String, bytes: [UInt8], context: DetectionContext) -> SchemaFileAnalysis {
        var analysis = SchemaFileAnalysis()
        guard !bytes.isEmpty else { return analysis }
        analysis.layout = MigrationLayout.classify(path, head: bytes, extra: context.migrationPaths)
            ?? context.code.flatMap { LiquibaseIncludes.includedKind(path, bytes: bytes, project: $0.project) }
            ?? context.code.flatMap { PsqlRunFiles.runKind(path, bytes: bytes, project: $0.project, catalogue: context.catalogue) }
        analysis.layoutKnown = true
        if let kind = analysis.layout {
            switch kind.format {
            case .prismaSchema, .drizzleSchema:
                analysis.kind = .ormSchema(kind)
            case .sql, .sqlRollback:
                analysis.kind = .migration(kind)
                // Drizzle, goose and dbmate run a migration in a transaction (Drizzle with no way to opt out): a
                // `CREATE INDEX CONCURRENTLY` fails there.
                var options = AnalysisOptions(
                    implicitTransaction: MigrationLayout.wrapsInTransaction(kind, bytes: bytes), postgresVersion: context.postgresVersion)
                options.declaredOutsideTransaction = MigrationLayout.declaresNoTransaction(bytes)
                options.noTransactionStatementOnlyAlone = MigrationLayout.runsNoTransactionStatementOnlyAlone(kind)
                options.runnerOpensTransaction = MigrationLayout.opensTransactionAroundFile(kind)
                var forward = SQLPlaceholders.areReplaced(in: kind)
                    ? SQLPlaceholders.substituted(Self.forwardSection(bytes)) : Self.forwardSection(bytes)
                // A file a release runs through psql may hold psql's meta-commands (`\set ON_ERROR_STOP on`, `\i`).
                if kind.framework == "psql" { forward = Array(PsqlRunFiles.withoutMetaCommands(String(decoding: forward, as: UTF8.self)).utf8) }
                analysis.readSQL(forward, options: options)
                // A table an earlier migration of this change made is empty and unused: judged again as this script's own.
                if let script = analysis.script {
                    let made = TablesNewInChange.before(path, kind: kind, asked: TablesNewInChange.tablesAsked(by: script), context: context)
                    if !made.isEmpty {
                        options.tablesNewInChange = made
                        analysis.readSQL(forward, options: options)
                    }
                }
                // A column change is judged again against what the earlier migrations made the column.
                if let script = analysis.script, let history = ColumnHistoryAtHead.before(
                    path, kind: kind, asked: ColumnHistoryAtHead.columnsAsked(by: script), context: context)
                {
                    options.columnHistory = history
                    analysis.readSQL(forward, options: options)
                }
                // A migration of comments alone (Prisma's `-- This is an empty migration.`, a placeholder from
                // `supabase migration new` or `migrate create`) runs nothing, as a Django `operations = []` does.
                analysis.changesNoSchema = Self.holdsOnlyComments(forward)
            default:
                analysis.kind = .migration(kind)
                analysis.dataCode = Self.dataCode(in: bytes, format: kind.format)
                // An AlterField is read against the field's definition in the app's earlier migrations at head.
                let history = kind.format == .django && DjangoFieldHistory.altersFields(bytes)
                    ? DjangoFieldHistoryAtHead.before(path, in: context.code?.project) : nil
                var migration = FrameworkMigrationReader.read(bytes, format: kind.format, path: path, djangoHistory: history)
                migration.options.postgresVersion = context.postgresVersion
                var script = migration.analyze()
                // A table an earlier migration of this change made is empty and unused: judged again as this one's own.
                let made = TablesNewInChange.before(path, kind: kind, asked: TablesNewInChange.tablesAsked(by: script), context: context)
                if !made.isEmpty {
                    migration.options.tablesNewInChange = made
                    script = migration.analyze()
                }
                // A column change is judged again against what the earlier migrations made the column.
                if let columns = ColumnHistoryAtHead.before(
                    path, kind: kind, asked: ColumnHistoryAtHead.columnsAsked(by: script), context: context)
                {
                    migration.options.columnHistory = columns
                    script = migration.analyze()
                }
                analysis.script = script
                analysis.unreadOperations = migration.unread
                analysis.changesNoSchema = (migration.readInFull || kind.format == .rails && Self.isEmptyRailsMigration(bytes))
                    && migration.fragments.isEmpty && analysis.dataCode == nil && migration.unread.isEmpty
                // SQL built by interpolation (TypeORM's `"${schema}".${tablePrefix}execution`) rarely parses, and a
                // folder of another database's migrations (`mysqldb/`, `sqlite/`) is written in its dialect.
                let fragments = migration.fragments.sorted { $0.line < $1.line }
                // A migration written for MySQL, SQL Server or SQLite (its folder, its own say, or the SQL's MySQL
                // syntax) is in that dialect.
                if !Self.isInOtherDialectFolder(path), !FrameworkMigrationReader.targetsOtherDatabase(bytes, format: kind.format) {
                    analysis.collect(script.parseErrors.filter { error in
                        // The fragment an error lies in: the last to start on or before its line.
                        guard case .syntax(_, let line, _) = error, let fragment = fragments.last(where: { $0.line <= line })
                        else { return true }
                        return !Self.isInterpolated(fragment.sql) && !Self.readsAsMySQL(Array(fragment.sql.utf8))
                    })
                }
            }
            if analysis.judgesHazards { analysis.readColumnSwaps(bytes) }
            if analysis.judgesHazards, let script = analysis.script { analysis.stillUsedLater = Self.laterUses(script) }
            return analysis
        }
        if path.hasSuffix(".sql") {
            guard DDLStrings.mayContainDDL(bytes), !MigrationLayout.isSchemaDump(path), !Self.isDocumentation(path)
            else { return analysis }
            analysis.kind = .ddlInCode
            analysis.readSQL(
                bytes,
                options: AnalysisOptions(requireLockTimeout: false, judgesPhase: false, postgresVersion: context.postgresVersion))
            // Only the statements that change the schema run DDL: a seed's INSERTs after its TRUNCATE do not.
            analysis.ddlLines = analysis.script.map { script in
                script.statements.filter { Self.opensDDL($0.statement.text.utf8) }.map(\.statement.line)
            } ?? Self.statementLinesOpeningDDL(bytes)
            return analysis
        }
        if SchemaGenerationSettings.isSettingsFile(path) {
            analysis.schemaCalls = Self.schemaGenerationSettings(path: path, bytes: bytes, context: context)
            return analysis.withSchemaCalls()
        }
        // Almost no code has a literal that opens with DDL, which the cheaper string test sees; `mayContainDDL`
        // still decides for those that do.
        // A release script's or a Procfile's `psql -c "ALTER TABLE …"`.
        guard SchemaFileAnalysis.isCode(path) else {
            return ShellSQLCommands.analysis(path: path, bytes: bytes, context: context) ?? analysis
        }
        let language = SourceLanguage(path: path)
        analysis.schemaCalls = Self.schemaCalls(path: path, bytes: bytes, language: language, context: context)
        let openings = DDLStrings.stringOpenings(bytes)
        analysis.mayWriteRows = openings.contains(.write)
        analysis.mayWriteThroughBuilder = openings.contains(.namedTable)
        guard openings.contains(.ddl), DDLStrings.mayContainDDL(bytes) else { return analysis.withSchemaCalls() }
        // Backticks quote strings in JavaScript and Go; elsewhere (Swift, Kotlin, Markdown) they quote names, and in
        // Ruby and PHP they run a shell.
        // A literal handed to a logger, a print, an error or a translation is a message, whatever it opens with; one
        // in sentence case is one too unless it goes to a call that runs SQL (`"Drop table failed"` parses).
        let literals = DDLStrings.fragmentsWithUses(
            in: bytes, backtickStrings: language.map { $0.isJavaScriptLike || $0 == .go } ?? true,
            comments: Self.comments(of: language)
        ).filter { literal in
            literal.use == .executed || literal.use == .other && !DDLStrings.readsAsSentence(literal.fragment.sql)
        }
        let fragments = literals.map(\.fragment)
        guard !fragments.isEmpty else { return analysis.withSchemaCalls() }
        // Strings built by interpolation rarely parse; they still count as DDL (only their hazards go unjudged).
        // Any other DDL string that fails to parse is reported as a parse error, never dropped, unless it reads as
        // prose ("Create table of contents", "Truncate the given traceback…", `DDLStrings.readsAsProse`) and is not
        // handed to a call that runs SQL.
        let script = MigrationScript.analyze(
            fragments: fragments,
            options: AnalysisOptions(
                implicitTransaction: false, requireLockTimeout: false, judgesPhase: false,
                postgresVersion: context.postgresVersion))
        var lines = Set(script.statements.map(\.statement.line))
        var failures: [Int: (message: String, line: Int, column: Int)] = [:]
        for case .syntax(let message, let line, let column) in script.parseErrors where failures[line] == nil {
            failures[line] = (message, line, column)
        }
        // SQLite's DDL (`INTEGER PRIMARY KEY AUTOINCREMENT`) and MySQL's are DDL still, but no Postgres parse error.
        let otherDialect = ByteSearch.containsFolded(bytes, Self.sqlite) || Self.readsAsMySQL(bytes, backticksQuoteNames: false)
        for (fragment, use) in literals {
            guard let failure = failures[fragment.line] else { continue }
            let interpolated = Self.isInterpolated(fragment.sql)
            guard use == .executed || !DDLStrings.readsAsProse(fragment.sql, templated: interpolated) else { continue }
            lines.insert(fragment.line)
            if !interpolated, !otherDialect { analysis.parseErrors.append(failure) }
        }
        guard !lines.isEmpty else { return analysis.withSchemaCalls() }
        analysis.kind = .ddlInCode
        analysis.ddlLines = lines.sorted()
        analysis.script = script
        return analysis.withSchemaCalls()
    }

    /// The analysis with its ORM and schema-builder calls among the lines that run DDL.
    private func withSchemaCalls() -> SchemaFileAnalysis {
        guard !schemaCalls.isEmpty else { return self }
        var analysis = self
        analysis.kind = .ddlInCode
        analysis.ddlLines = Set(ddlLines).union(schemaCalls.keys).sorted()
        return analysis
    }

    /// The calls by which application code changes the schema through an ORM or a schema builder
    /// (`ORMSchemaCalls`), by line: in a project that keeps migrations, whose history they bypass, and not in its
    /// tests, where making the schema from the models (`create_all` in a conftest) is how a test database is set up.
    /// A project without migrations has no history to bypass: its ORM's sync is how it keeps its schema.
    private static func schemaCalls(path: String, bytes: [UInt8], language: SourceLanguage?, context: DetectionContext) -> [Int: String] {
        let ormLanguage: ORMSchemaCalls.Language
        switch language {
        case .javascript, .typescript: ormLanguage = .javaScript
        case .python: ormLanguage = .python
        case .go: ormLanguage = .go
        case .ruby: ormLanguage = .ruby
        case .php: ormLanguage = .php
        case .csharp: ormLanguage = .csharp
        default: return [:]
        }
        // The project's answer is read once: a project without migrations is not searched. Whether the path is a
        // test's costs more than the search (a path's segments against the test conventions), so it is asked last.
        guard keepsMigrations(context), ormLanguage != .javaScript || javaScriptSchemaLibraryInProject(context) else { return [:] }
        let calls = ORMSchemaCalls.find(in: bytes, language: ormLanguage)
        guard !calls.isEmpty, !SecretFileKind.isTestCode(path: path) else { return [:] }
        return Dictionary(calls.map { ($0.line, $0.call) }, uniquingKeysWith: { first, _ in first })
    }

    /// Hibernate's and JPA's schema generation switched on in the application's settings (`SchemaGenerationSettings`),
    /// by line: in a project that keeps migrations, and not in its test resources.
    private static func schemaGenerationSettings(path: String, bytes: [UInt8], context: DetectionContext) -> [Int: String] {
        let settings = SchemaGenerationSettings.find(in: bytes, path: path)
        guard !settings.isEmpty, keepsMigrations(context), !SecretFileKind.isTestCode(path: path) else { return [:] }
        return Dictionary(settings.map { ($0.line, $0.call) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the project keeps migrations: a file at head that a migration tool's layout (or `paths.migrations`)
    /// takes for one, outside its tests. Read once per check, and only for a file that changes the schema through
    /// its ORM.
    private static func keepsMigrations(_ context: DetectionContext) -> Bool {
        guard let project = context.code?.project else { return false }
        return project.configuration("schema:keeps-migrations") {
            project.paths.contains { path in
                guard MigrationLayout.mayClassify(path, extra: context.migrationPaths), !SecretFileKind.isTestCode(path: path),
                      let kind = MigrationLayout.classify(path, head: project.contents(of: path) ?? [], extra: context.migrationPaths)
                else { return false }
                return kind.format != .prismaSchema && kind.format != .drizzleSchema
            }
        }
    }

    /// Whether a package.json of the project (outside node_modules) depends on a JavaScript library whose calls change
    /// the schema (Knex, Kysely, Sequelize, TypeORM, MikroORM): without one, no JavaScript file makes such a call, and
    /// none is searched. A project without a package.json is searched. Read once per check.
    private static func javaScriptSchemaLibraryInProject(_ context: DetectionContext) -> Bool {
        guard let project = context.code?.project else { return true }
        return project.configuration("schema:javascript-schema-library") {
            let manifests = project.packageManifests()
            guard !manifests.isEmpty else { return true }
            return manifests.contains { path in
                guard let bytes = project.contents(of: path) else { return false }
                return javaScriptSchemaLibraries.contains { ByteSearch.containsFolded(bytes, $0) }
            }
        }
    }

    private static let javaScriptSchemaLibraries = ["\"knex\"", "\"kysely\"", "\"sequelize\"", "\"typeorm\"", "\"@mikro-orm/"]
        .map { Array($0.utf8) }

    private static let sqlite = Array("sqlite".utf8)

    /// How the language of a file writes comments (the C family's when it is not known).
    private static func comments(of language: SourceLanguage?) -> LiteralUse.Comments {
        switch language {
        case .python, .ruby, .elixir: .hash
        case .php: [.hash, .slash]
        default: .slash
        }
    }

    /// Whether a path lies in a folder of another database's migrations (`mysqldb/`, `migrations/sqlite/`).
    static func isInOtherDialectFolder(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { folder in
            let name = folder.lowercased()
            return name.hasPrefix("mysql") || name.hasPrefix("mariadb") || name.hasPrefix("sqlite") || name == "mssql"
        }
    }

    /// Whether SQL is written for MySQL or MariaDB, whose own syntax Postgres rejects: `AUTO_INCREMENT`,
    /// `ENGINE=InnoDB`, and in SQL files `` `quoted` `` names (in code, backticks are strings). Its parse errors
    /// are the dialect's, not mistakes (the file is still DDL, and still a migration).
    static func readsAsMySQL(_ bytes: [UInt8], backticksQuoteNames: Bool = true) -> Bool {
        (backticksQuoteNames && bytes.contains(UInt8(ascii: "`"))) || mysqlMarkers.contains { ByteSearch.containsFolded(bytes, $0) }
    }

    /// The lines that open a DDL statement, for SQL the Postgres parser cannot read (another dialect's).
    private static func statementLinesOpeningDDL(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        for (number, line) in bytes.split(separator: Byte.newline, omittingEmptySubsequences: false).enumerated()
        where opensDDL(line, pastComments: false) {
            lines.append(number + 1)
        }
        return lines
    }

    /// Whether SQL opens, past blanks (and, with `pastComments`, `--` and `/* */` comments), with a statement that
    /// changes the schema: CREATE, ALTER, DROP, TRUNCATE or RENAME.
    static func opensDDL<Text: Collection<UInt8>>(_ text: Text, pastComments: Bool = true) -> Bool {
        var rest = text[...]
        while true {
            rest = rest.drop { $0 == Byte.space || $0 == Byte.tab || $0 == Byte.newline || $0 == 0x0D }
            guard pastComments else { break }
            if rest.starts(with: "--".utf8) {
                rest = rest.drop { $0 != Byte.newline }
            } else if rest.starts(with: "/*".utf8) {
                var previous: UInt8 = 0
                let body = rest.dropFirst(2)
                guard let close = body.firstIndex(where: { byte in
                    defer { previous = byte }
                    return previous == UInt8(ascii: "*") && byte == UInt8(ascii: "/")
                }) else { return false }
                rest = body[body.index(after: close)...]
            } else {
                break
            }
        }
        let words = rest.prefix(9).map(Byte.lower)
        return ddlVerbs.contains { verb in
            words.count > verb.count && words.starts(with: verb) && DDLStrings.isSpace(words[verb.count])
        }
    }

    private static let ddlVerbs = ["create", "alter", "drop", "truncate", "rename"].map { Array($0.utf8) }

    private static let mysqlMarkers = ["auto_increment", "engine=", "engine =", "default charset", "unsigned not null"].map { Array($0.utf8) }

    /// Calls by which framework migrations change data in code gate does not read as SQL.
    static let dataCalls: [MigrationFormat: [String]] = [
        .django: ["RunPython("],
        .rails: [".update_all", ".find_each", ".find_in_batches", ".in_batches", ".update_column", ".save", ".delete_all",
                 ".destroy", ".create!", ".insert_all", ".upsert_all"],
        .alembic: ["op.bulk_insert", "op.get_bind", "Session("],
        .knex: [".update(", ".insert(", ".del(", ".delete("],
        .sequelize: ["bulkInsert", "bulkUpdate", "bulkDelete"],
        .typeorm: [".save(", ".insert(", ".update(", ".delete("],
        .kysely: [".insertInto(", ".updateTable(", ".deleteFrom("],
        // `pgm.db.select(…)`: node-pg-migrate's client, reading rows for a data change in code. Its `pgm.db.query(…)`
        // is read as `pgm.sql` is (its SQL, or named as unread).
        .nodePgMigrate: [".db.select("],
        // `DB::table('users')->update([…])`, `User::query()->each(…)`: Eloquent and the query builder in a migration.
        .laravel: ["->update(", "->insert(", "->delete(", "->upsert(", "->chunk(", "->chunkById(", "->each(", "->save(", "Artisan::call("],
        .doctrine: ["->executeStatement(", "->executeUpdate(", "->insert(", "->update(", "->delete(", "->persist("],
        .efCore: ["InsertData(", "UpdateData(", "DeleteData("],
        .phinx: ["->insert(", "->saveData(", "getQueryBuilder("],
        .fluent: [".query(on:", ".save(on:", ".create(on:", ".update(on:", ".delete(on:"],
        // `repo().update_all(…)`, `MyApp.Repo.insert_all(…)`, `execute(fn -> … end)`: Ecto code run in a migration.
        // (Not `Repo.` alone: every migration's module is `MyApp.Repo.Migrations.…`.)
        .ecto: ["repo().", "Repo.insert", "Repo.update", "Repo.delete", "Repo.query", "Repo.all(", "Repo.stream(",
                "execute(fn", "execute fn", ".update_all(", ".insert_all(", ".delete_all("],
    ]

    /// The first data-changing call in a framework migration, if any, with its line.
    static func dataCode(in bytes: [UInt8], format: MigrationFormat) -> (call: String, line: Int)? {
        var first: (call: String, offset: Int)?
        for call in dataCalls[format] ?? [] {
            guard let offset = bytes.firstIndex(ofSequence: Array(call.utf8)), offset < (first?.offset ?? Int.max) else {
                continue
            }
            first = (call.trimmingCharacters(in: CharacterSet(charactersIn: ".(")), offset)
        }
        guard let first else { return nil }
        let line = bytes[..<first.offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return (first.call, line)
    }

    /// For each statement that drops or renames a table or column, the first later statement of the same script
    /// that still names it.
    static func laterUses(_ script: MigrationScript) -> [Int: String] {
        var found: [Int: String] = [:]
        // The last statement has no later one to use what it removes.
        for (index, analyzed) in script.statements.enumerated().dropLast() where analyzed.effect == .contract {
            let removals = SchemaChangeAnalyzer.removals(MigrationScript(
                phase: script.phase, statements: [analyzed], verifyStatements: []))
            guard !removals.isEmpty else { continue }
            let matcher = SchemaUsageMatcher(removals.map(\.0))
            for later in script.statements[(index + 1)...] {
                // A statement that makes the name again (`RENAME COLUMN chat TO old_chat` after dropping `old_chat`)
                // names the new object, and so does every statement after it.
                let made = SchemaChangeAnalyzer.additions(MigrationScript(phase: script.phase, statements: [later], verifyStatements: []))
                if made.contains(where: { name in removals.contains { SchemaChangeAnalyzer.sameName($0.0, name) } }) { break }
                // A statement is one expression: the table named anywhere in it is context.
                let uses = matcher.firstUses(in: Array(later.statement.text.utf8), lines: nil, window: .max)
                guard let (which, _) = uses.min(by: { $0.key < $1.key }) else { continue }
                let (name, verb) = removals[which]
                found[index] = "\(verb) \(name.display), which line \(later.statement.line) of this migration still uses"
                break
            }
        }
        return found
    }

    /// Placeholders of the common string-building styles: `{x}`, `%s`, `%(x)s`, `$1`, `?`, `#{x}`, `" + x + "`.
    static func isInterpolated(_ sql: String) -> Bool {
        sql.utf8.contains { $0 == 0x7B || $0 == 0x25 || $0 == 0x24 || $0 == 0x3F || $0 == 0x2B }
            || sql.contains("placeholder")
    }

    private mutating func readSQL(_ bytes: [UInt8], options: AnalysisOptions = AnalysisOptions()) {
        do {
            script = try MigrationScript.analyze(String(decoding: bytes, as: UTF8.self), options: options)
        } catch {
            if case .syntax(let message, let line, let column) = error, !Self.readsAsMySQL(bytes) {
                parseErrors.append((message, line, column))
            }
        }
    }

    private mutating func collect(_ errors: [SQLError]) {
        for case .syntax(let message, let line, let column) in errors { parseErrors.append((message, line, column)) }
    }

    /// dbmate (`-- migrate:up` / `-- migrate:down`), goose (`-- +goose Up` / `-- +goose Down`), sql-migrate
    /// (`-- +migrate Down`), tern (`---- create above / drop below ----`) and node-pg-migrate's SQL files
    /// (`-- Up Migration` / `-- Down Migration`) keep the rollback in the same file; it is blanked out (newlines kept,
    /// so lines stay right) rather than cut.
    static func forwardSection(_ bytes: [UInt8]) -> [UInt8] {
        func blanked(from start: Int) -> [UInt8] {
            var copy = bytes
            for index in start..<copy.count where copy[index] != 0x0A { copy[index] = 0x20 }
            return copy
        }
        for marker in ["-- migrate:down", "-- +goose Down", "-- +migrate Down", MigrationLayout.ternSeparatorLine] {
            if let start = firstOffset(of: Array(marker.utf8), in: bytes) { return blanked(from: start) }
        }
        // node-pg-migrate's markers are read as the deploy reads them (any case, more dashes or spaces).
        if let down = MigrationLayout.nodePgMigrateMarker(bytes, "down") {
            var line = 0
            for (offset, byte) in bytes.enumerated() where line < down && byte == 0x0A {
                line += 1
                if line == down { return blanked(from: offset + 1) }
            }
            return blanked(from: 0)
        }
        return bytes
    }

    private static func firstOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        return (0...(bytes.count - needle.count)).first { start in
            bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// Whether a statement starting at `line` with `text` touches a line the change adds.
    static func touchesAddedLines(_ statement: SQLStatement, in file: SourceFile) -> Bool {
        let lineCount = statement.text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return (statement.line..<(statement.line + lineCount)).contains { file.addedLines.contains($0) }
    }
}

extension SchemaFileAnalysis {
    /// The extensions of the languages gate reads (`SourceLanguage`'s, Rails' `.rake` tasks among them), and Scala.
    static let codeExtensions: Set<String> = [
        "py", "pyw", "rb", "rake", "js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts", "go", "java", "kt", "kts",
        "php", "cs", "rs", "swift", "scala", "ex", "exs",
    ]

    /// The same extensions packed for a lookup from the path's bytes (all are at most 7 bytes).
    private static let packedCodeExtensions = Set(codeExtensions.compactMap { PathBytes.packed($0.utf8) })

    /// Whether `path` is application source code (by extension, or a `Rakefile`).
    static func isCode(_ path: String) -> Bool {
        // Every changed file's path is asked, some twice: an ASCII path is answered from its bytes.
        let fromBytes: Bool? = PathBytes.with(path) { path in
            let whole = 0..<path.bytes.count
            guard path.isASCII(whole) else { return nil }
            if let name = path.fileName, path.equals(name, "Rakefile") { return true }
            guard let dot = path.lastIndex(of: UInt8(ascii: "."), in: whole) else { return false }
            let suffix = (dot + 1)..<whole.upperBound
            guard path.lastIndex(of: UInt8(ascii: "/"), in: suffix) == nil, let packed = path.packedLowercased(suffix) else {
                return false
            }
            return packedCodeExtensions.contains(packed)
        }
        return fromBytes ?? isCodeByStrings(path)
    }

    /// `isCode` by `String` operations, for a path beyond ASCII (grapheme clusters, Unicode lower-casing).
    static func isCodeByStrings(_ path: String) -> Bool {
        // A `Character` for the slash: a `String` argument would go through Foundation's substring search.
        if path == "Rakefile" || path.hasSuffix("/Rakefile") { return true }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/" as Character) else { return false }
        return codeExtensions.contains(String(path[path.index(after: dot)...]).lowercased())
    }
}
