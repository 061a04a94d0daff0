import GateCode
import GateCore
import GateSQL

/// SQL a release or deploy command hands psql to run (a Procfile's `release: psql "$DATABASE_URL" -c "ALTER TABLE …"`,
/// a `scripts/release.sh`, a `package.json` script, a CI step, a Dockerfile's `RUN`): DDL run outside the migration
/// history, read as the SQL it is, so its hazards (a dropped column, a rename, a column made `NOT NULL` without a
/// default) are reported as a migration's would be. Only the shell-bearing files `ShellRequests` reads, and only when
/// their bytes name psql.
enum ShellSQLCommands {
    /// The analysis of the psql commands of `bytes`, or nil when they run no DDL (`psql -c "SELECT 1"`, `psql -f
    /// db/seed.sql`: a file run by name is judged as that file).
    static func analysis(path: String, bytes: [UInt8], context: DetectionContext) -> SchemaFileAnalysis? {
        guard ByteSearch.containsFolded(bytes, psqlWord), let kind = ShellRequests.kind(of: path, bytes: bytes),
              !developerTasks.contains(kind), !SecretFileKind.isTestCode(path: path)
        else { return nil }
        var text = bytes
        if kind == .packageManifest {
            // A script's `\"` is JSON's escape of a quote the shell reads: the quote, one byte on (a blank for the `\`).
            for index in text.indices.dropLast() where text[index] == Byte.backslash && text[index + 1] == Byte.quote {
                text[index] = Byte.space
            }
        }
        // The regions as the file's own syntax bounds them (JSON strings by their escapes), read as the shell does.
        let regions = ShellRequests.unwrappingShellScripts(
            ShellRequests.regions(of: bytes, kind: kind, systemCrontab: path.hasSuffix("etc/crontab") || path.contains("cron.d/")),
            in: text)
        var reader = ShellTextReader(bytes: text, catalogue: context.catalogue)
        for region in regions { reader.read(region) }
        var fragments: [SQLFragment] = []
        for command in reader.psqlCommands {
            // A variable's SQL (`-c "$SQL"`) and psql's own meta-commands (`\dt`) are no statement gate can read.
            // A database on this machine (a developer's, a CI job's service) and a database's or role's own
            // provisioning (`CREATE DATABASE app_test`) are set-up, not the release's schema.
            // A CI step's psql reaches a deployed database only through a secret (`${{ secrets.DATABASE_URL }}`,
            // `$DATABASE_URL`); any other is the job's own service (`postgres://postgres@postgres/test`).
            guard !command.local, kind != .ciConfiguration || command.secret, !command.sql.contains("$"), !command.sql.hasPrefix("\\"),
                  SchemaFileAnalysis.opensDDL(command.sql.utf8), !provisions(command.sql)
            else { continue }
            let (line, column) = reader.position(of: command.offset)
            var fragment = SQLFragment(sql: command.sql, line: line)
            if command.asWritten {
                fragment.textLine = line
                fragment.textColumn = column
            }
            fragments.append(fragment)
        }
        guard !fragments.isEmpty else { return nil }
        var analysis = SchemaFileAnalysis()
        analysis.kind = .ddlInCode
        analysis.shellCommand = "psql -c"
        let script = MigrationScript.analyze(
            fragments: fragments,
            options: AnalysisOptions(
                implicitTransaction: false, requireLockTimeout: false, judgesPhase: false, postgresVersion: context.postgresVersion))
        analysis.script = script
        analysis.ddlLines = script.statements.filter { SchemaFileAnalysis.opensDDL($0.statement.text.utf8) }.map(\.statement.line)
        if analysis.ddlLines.isEmpty { analysis.ddlLines = fragments.map(\.line) }
        for case .syntax(let message, let line, let column) in script.parseErrors { analysis.parseErrors.append((message, line, column)) }
        return analysis
    }

    private static let psqlWord = Array("psql".utf8)

    /// Task runners' recipes (Makefiles, justfiles, Taskfiles, poe tasks): a developer's commands, run by hand.
    private static let developerTasks: Set<ShellRequests.FileKind> = [.makefile, .justfile, .taskfile, .poeTasks]

    /// Whether SQL opens by making, dropping or altering a database, a role or a user.
    private static func provisions(_ sql: String) -> Bool {
        let words = sql.uppercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).prefix(2)
        guard words.count == 2, ["CREATE", "DROP", "ALTER"].contains(words.first!) else { return false }
        return ["DATABASE", "ROLE", "USER"].contains(words.last!)
    }
}
