import GateCore
import GateSQL

/// A migration at the release's head: its identity, place in the framework's order, text and checksum. Analysis is
/// deferred to the files that need it (pending or being verified), so a long history costs a checksum per file, not
/// a parse.
public struct MigrationFile: Sendable, Equatable {
    /// The path relative to the migrations directory (`20240101_init/migration.sql`, `0001_x.sql`): the migration's
    /// identity in the history.
    public let name: String
    /// Where it was read from (the path in the repository), for messages.
    public let path: String
    /// The framework's version (folder name, timestamp, Flyway version, journal `when`…), for display and adoption.
    public let version: String
    /// Position in the framework's order.
    public let order: Int
    /// What gate runs (a dbmate file's up section; a code migration's source).
    public let text: String
    /// SHA-256 of the file's bytes.
    public let checksum: String
    public let format: MigrationFormat
    /// Flyway `R__` files: applied again when their checksum changes, never drift.
    public let repeatable: Bool
    /// Alembic parent revisions.
    public let parents: [String]
    /// The file's bytes, for checksums other tools compute their own way (Flyway's CRC32).
    public let bytes: [UInt8]
    /// Its framework runs it outside a transaction (Diesel's `run_in_transaction = false`, sqlx's
    /// `-- no-transaction`, goose's `NO TRANSACTION`), so gate does too.
    public let runsOutsideTransaction: Bool

    public init(_ discovered: DiscoveredMigration, path: String, order: Int, bytes: [UInt8]) {
        name = discovered.id
        self.path = path
        version = discovered.frameworkVersion
        self.order = order
        text = discovered.text
        checksum = ContentDigest.sha256Hex(bytes)
        format = discovered.format
        repeatable = discovered.repeatable
        parents = discovered.parents
        self.bytes = bytes
        runsOutsideTransaction = discovered.runsOutsideTransaction
    }

    /// True for migrations written in code (Rails, Django, Alembic, Knex…): only `--migrate-cmd` can run them.
    public var isCode: Bool { format != .sql }

    /// Parses and analyses the file through GateSQL: SQL as written; code through the framework reader, where the
    /// SQL it will run can be derived (what cannot is simply not checked). `djangoHistory`: the app's fields as its
    /// earlier migrations leave them, so an `AlterField` that changes only what Django keeps in Python (`choices`,
    /// `help_text`) is no type change (`AnalyzedMigration.analyses`).
    public func analyzed(djangoHistory: DjangoFieldHistory? = nil) throws(DeployError) -> AnalyzedMigration {
        if isCode {
            let script = FrameworkMigrationReader.read(bytes, format: format, path: path, djangoHistory: djangoHistory)
                .analyze()
            return AnalyzedMigration(file: self, script: script)
        }
        let script: MigrationScript
        do {
            script = try MigrationScript.analyze(text)
        } catch {
            // psql's own syntax is named with what to do about it; anything else keeps the parser's message.
            if let psql = PsqlOnlySyntax.first(in: text) { throw DeployError.invalidInput("\(path):\(psql.line): \(psql)") }
            throw DeployError.invalidInput("\(path): \(error)")
        }
        if let abandoning = script.abandoningStatement {
            throw DeployError.invalidInput(
                "\(path):\(abandoning.line): \(abandoning.text.prefix { $0 != ";" }) ends the file's own transaction "
                    + "without committing it: run as written the migration changes nothing, while gate sends no "
                    + "BEGIN/COMMIT/ROLLBACK of a file and commits what it applies; remove it (and what it undoes)")
        }
        return AnalyzedMigration(file: self, script: script)
    }
}

/// The migrations directory at head, read in its layout.
public struct MigrationSet: Sendable, Equatable {
    /// The directory as given (repository-relative or absolute).
    public var directory: String
    public var layout: String
    /// In the framework's order.
    public var files: [MigrationFile]
    /// Files the framework skips, with why (shown as notices).
    public var skipped: [String]

    public init(directory: String, layout: String, files: [MigrationFile], skipped: [String]) {
        self.directory = directory
        self.layout = layout
        self.files = files
        self.skipped = skipped
    }

    /// Reads a directory's files (paths relative to it) in their layout. Files in no place of the layout are refused
    /// by name: a deploy never guesses past a file it does not understand (SPEC §5 step 0).
    public static func load(directory: String, repositoryPath: String, files: [(path: String, bytes: [UInt8])])
        throws(DeployError) -> MigrationSet
    {
        let layout: DiscoveredLayout
        do { layout = try MigrationLayout.discover(directory: repositoryPath, files: files) } catch {
            throw DeployError.invalidInput(error.message)
        }
        let prefix = repositoryPath.isEmpty || repositoryPath == "." ? "" : repositoryPath + "/"
        guard layout.unrecognised.isEmpty else {
            throw DeployError.invalidInput(
                "\(directory) reads as a \(layout.layout) migrations directory, but gate cannot place "
                    + "\(layout.unrecognised.count) file(s) in it:\n  "
                    + layout.unrecognised.map { prefix + $0 }.joined(separator: "\n  ")
                    + "\nmove them out of the migrations directory, or name them as the layout expects; "
                    + "a deploy never guesses past a file it does not understand")
        }
        let bytes = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let migrations = layout.migrations.enumerated().map { index, discovered in
            MigrationFile(discovered, path: prefix + discovered.id, order: index, bytes: bytes[discovered.id] ?? [])
        }
        return MigrationSet(
            directory: directory, layout: layout.layout, files: migrations,
            skipped: layout.skipped.map { "\(prefix)\($0.path): \($0.reason)" })
    }
}

extension AnalyzedMigration {
    /// The analyses of the `files` (a migrations directory's, in its order) that `wanted` picks, read as `gate check`
    /// reads them: a Django `AlterField` compared with
    /// the field's definition in the app's earlier migrations of the set, and a column swapped for one of another
    /// type under the same name (add, copy, drop, rename, in one migration or across those picked) read as the type
    /// change it is, not as a drop and a rename. Files stay in the set's order.
    ///
    /// `unreadable`, when given, is told of a picked file that cannot be analysed (psql meta-commands, a syntax error)
    /// instead of the error stopping the whole read; the file is kept with no statements, so a read-only view
    /// (`gate status`) still lists it pending. A deploy gives none: it refuses such a file, applying nothing.
    public static func analyses(
        of files: [MigrationFile], where wanted: (MigrationFile) -> Bool,
        unreadable: ((MigrationFile, DeployError) -> Void)? = nil
    ) throws(DeployError) -> [AnalyzedMigration] {
        // Each app's history is followed only when a picked migration may change a field.
        let followsHistory = files.contains { $0.format == .django && wanted($0) && DjangoFieldHistory.altersFields($0.bytes) }
        var histories: [String: DjangoFieldHistory] = [:]
        var picked: [AnalyzedMigration] = []
        for file in files {
            let app = followsHistory && file.format == .django ? DjangoFieldHistory.appFolder(of: file.path) : nil
            if wanted(file) {
                do {
                    picked.append(try file.analyzed(djangoHistory: app.map { histories[$0] ?? DjangoFieldHistory() }))
                } catch {
                    guard let unreadable else { throw error }
                    unreadable(file, error)
                    picked.append(AnalyzedMigration(
                        file: file, script: MigrationScript(phase: .pre, statements: [], verifyStatements: [])))
                }
            }
            if let app { histories[app, default: DjangoFieldHistory()].apply(file.bytes) }
        }
        // Data code a framework migration runs (RunPython) is not read here: a swap copied only there stays a drop
        // and a rename, as before.
        let swaps = ColumnSwap.find(in: picked.map { ColumnSwap.Migration(script: $0.script) })
        guard !swaps.isEmpty else { return picked }
        return picked.indices.map { index in
            var script = picked[index].script
            ColumnSwap.reclassify(&script, migration: index, swaps: swaps)
            return AnalyzedMigration(file: picked[index].file, script: script)
        }
    }
}

/// A migration file with its statements, phase, hazards and checks.
public struct AnalyzedMigration: Sendable, Equatable {
    public let file: MigrationFile
    public let script: MigrationScript

    public var name: String { file.name }
    public var path: String { file.path }
    public var version: String { file.version }
    public var checksum: String { file.checksum }
    public var phase: MigrationPhase { script.phase }

    /// True when some statement cannot run inside a transaction block, or the framework's own marker says the file
    /// runs outside one: then each statement commits on its own, with progress rows so a re-run resumes after the
    /// last one that completed, as for `CREATE INDEX CONCURRENTLY`.
    ///
    /// A file that commits between its own statements (`COMMIT;` then more) runs this way too: its blocks are
    /// separate transactions, which one transaction of gate's would not be (`OwnTransactions.swift`).
    public var needsNoTransaction: Bool {
        file.runsOutsideTransaction || script.statements.contains { $0.requiresNoTransaction }
            || script.commitsBetweenStatements
    }
}
