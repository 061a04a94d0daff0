import GateCode
import GateCore
import GateSQL

/// SQL a release or deploy command hands psql to run (a Procfile's `release: psql "$DATABASE_URL" -c "ALTER TABLE …"`,
/// a `scripts/release.sh`, a `package.json` script, a CI step, a Dockerfile's `RUN`, a Makefile's deploy or release
/// target): DDL run outside the migration history, read as the SQL it is, so its hazards (a dropped column, a rename,
/// a column made `NOT NULL` without a default) are reported as a migration's would be. The SQL is a `-c` argument, a
/// heredoc (`psql "$DATABASE_URL" <<'SQL' … SQL`), a here-string, or a file the command runs (`-f db/changes.sql`,
/// `< db/changes.sql`) the change leaves as it was: a file the change edits or adds is judged itself, as a migration
/// (`PsqlRunFiles`). Only the shell-bearing files `ShellRequests` reads, and only when their bytes name psql.
enum ShellSQLCommands {
    /// The analysis of the psql commands of `bytes`, or nil when they run no DDL (`psql -c "SELECT 1"`, `psql -f
    /// db/seed.sql` of a seed's INSERTs).
    static func analysis(path: String, bytes: [UInt8], context: DetectionContext) -> SchemaFileAnalysis? {
        guard let (reader, kind) = releaseCommands(path: path, bytes: bytes, catalogue: context.catalogue) else { return nil }
        var fragments: [SQLFragment] = []
        var commands: Set<String> = []
        for command in reader.psqlCommands {
            // A variable's SQL (`-c "$SQL"`, an unquoted heredoc's `$TABLE`) and psql's own meta-commands (`\dt`) are
            // no statement gate can read. A database on this machine (a developer's, a CI job's service) and a
            // database's or role's own provisioning (`CREATE DATABASE app_test`) are set-up, not the release's schema.
            // A CI step's psql reaches a deployed database only through a secret (`${{ secrets.DATABASE_URL }}`,
            // `$DATABASE_URL`); any other is the job's own service (`postgres://postgres@postgres/test`).
            // A `-c` argument is one statement's text; a heredoc's body a script, which may open with `SET
            // lock_timeout`, `BEGIN` or `\set ON_ERROR_STOP on` before its DDL.
            let script = command.asWritten && command.sql.contains("\n")
            guard reaches(local: command.local, secret: command.secret, kind: kind), command.literal || !command.sql.contains("$"),
                  script || !command.sql.hasPrefix("\\"), !provisions(command.sql)
            else { continue }
            let sql = script ? PsqlRunFiles.withoutMetaCommands(command.sql) : command.sql
            guard script ? DDLStrings.mayContainDDL(Array(sql.utf8)) : SchemaFileAnalysis.opensDDL(sql.utf8) else { continue }
            let (line, column) = reader.position(of: command.offset)
            var fragment = SQLFragment(sql: sql, line: line)
            if command.asWritten {
                fragment.textLine = line
                fragment.textColumn = column
            }
            fragments.append(fragment)
            commands.insert(script ? "psql <<" : "psql -c")
        }
        // A file the command runs that the change leaves as it was: its DDL runs now because of this line.
        if let project = context.code?.project, let base = context.baseTree {
            for file in reader.psqlFiles where reaches(local: file.local, secret: file.secret, kind: kind) {
                guard let resolved = PsqlRunFiles.resolve(file.path, from: path, project: project) else { continue }
                for sqlPath in [resolved] + PsqlRunFiles.inclusions(of: resolved, project: project) {
                    guard let head = project.contents(of: sqlPath), (try? base.contents(of: sqlPath)) == head,
                          PsqlRunFiles.changesSchema(head)
                    else { continue }
                    fragments.append(SQLFragment(
                        sql: PsqlRunFiles.withoutMetaCommands(String(decoding: head, as: UTF8.self)),
                        line: reader.position(of: file.offset).line))
                    commands.insert("psql -f \(sqlPath)")
                }
            }
        }
        guard !fragments.isEmpty else { return nil }
        var analysis = SchemaFileAnalysis()
        analysis.kind = .ddlInCode
        analysis.shellCommand = commands.count == 1 ? commands.first! : "psql"
        let script = MigrationScript.analyze(
            fragments: fragments,
            options: AnalysisOptions(
                implicitTransaction: false, requireLockTimeout: false, judgesPhase: false, postgresVersion: context.postgresVersion))
        analysis.script = script
        // The statements that change the schema, and the SQL that did not parse (judged as DDL, unread).
        var lines = Set(script.statements.filter { statement in
            SchemaFileAnalysis.opensDDL(statement.statement.text.utf8) && !provisions(statement.statement.text)
        }.map(\.statement.line))
        for case .syntax(let message, let line, let column) in script.parseErrors {
            lines.insert(line)
            analysis.parseErrors.append((message, line, column))
        }
        guard !lines.isEmpty else { return nil }
        analysis.ddlLines = lines.sorted()
        return analysis
    }

    /// The psql commands of a release's or deploy's shell text, read, with the kind of file holding them; nil when
    /// the file names no psql or is none a release runs: tests (a test file, a script named for tests), a task
    /// runner's recipes other than a Makefile's deploy or release targets (a developer's commands, run by hand).
    static func releaseCommands(path: String, bytes: [UInt8], catalogue: @autoclosure () -> CompiledCatalogue)
        -> (reader: ShellTextReader, kind: ShellRequests.FileKind)?
    {
        guard ByteSearch.containsFolded(bytes, psqlWord), let kind = ShellRequests.kind(of: path, bytes: bytes),
              !SecretFileKind.isTestCode(path: path), !namesTests(path)
        else { return nil }
        var text = bytes
        if kind == .packageManifest {
            // A script's `\"` is JSON's escape of a quote the shell reads: the quote, one byte on (a blank for the `\`).
            for index in text.indices.dropLast() where text[index] == Byte.backslash && text[index + 1] == Byte.quote {
                text[index] = Byte.space
            }
        }
        if kind == .makefile {
            // Make's `$(DATABASE_URL)` is a variable, not a command substitution: read as the shell's `${DATABASE_URL}`.
            var index = 0
            while index + 2 < text.count {
                defer { index += 1 }
                guard text[index] == Byte.dollar, text[index + 1] == Byte.openParen else { continue }
                var close = index + 2
                while close < text.count, Byte.isIdentifierPart(text[close]) { close += 1 }
                guard close > index + 2, close < text.count, text[close] == Byte.closeParen else { continue }
                text[index + 1] = Byte.openBrace
                text[close] = Byte.closeBrace
            }
        }
        // The regions as the file's own syntax bounds them (JSON strings by their escapes), read as the shell does.
        var regions = ShellRequests.unwrappingShellScripts(
            ShellRequests.regions(of: bytes, kind: kind, systemCrontab: path.hasSuffix("etc/crontab") || path.contains("cron.d/")),
            in: text)
        if developerTasks.contains(kind) {
            guard kind == .makefile else { return nil }
            regions = regions.filter { isReleaseRecipe($0, in: bytes) }
            guard !regions.isEmpty else { return nil }
        }
        var reader = ShellTextReader(bytes: text, catalogue: catalogue())
        for region in regions { reader.read(region) }
        return (reader, kind)
    }

    /// Whether a psql command reaches a deployed database: none on this machine, and a CI step's only through a
    /// secret or `DATABASE_URL`.
    static func reaches(local: Bool, secret: Bool, kind: ShellRequests.FileKind) -> Bool {
        !local && (kind != .ciConfiguration || secret)
    }

    private static let psqlWord = Array("psql".utf8)

    /// Task runners' recipes (Makefiles, justfiles, Taskfiles, poe tasks): a developer's commands, run by hand.
    private static let developerTasks: Set<ShellRequests.FileKind> = [.makefile, .justfile, .taskfile, .poeTasks]

    /// A script named for tests (`scripts/test-db.sh`, `bin/run-specs`): it prepares a test database.
    private static func namesTests(_ path: String) -> Bool {
        let name = (path.split(separator: "/").last ?? Substring(path)).lowercased()
        return name.contains("test") || name.contains("spec")
    }

    /// Whether a Makefile recipe is a deploy's or a release's: the target line above it names one (`deploy:`,
    /// `release: build`, `deploy-production:`).
    private static func isReleaseRecipe(_ region: Range<Int>, in bytes: [UInt8]) -> Bool {
        var end = region.lowerBound
        while end > 0 {
            // The line before `end`: from the byte after the previous newline up to `end - 1` (its newline).
            var start = end - 1
            while start > 0, bytes[start - 1] != Byte.newline { start -= 1 }
            let line = bytes[start..<max(start, end - 1)]
            end = start
            guard let first = line.first, first != Byte.hash, first != Byte.tab, !line.allSatisfy({ $0 == Byte.space || $0 == 0x0D })
            else { continue }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
            let targets = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            return targets.contains("deploy") || targets.contains("release")
        }
        return false
    }

    /// Whether SQL opens by making, dropping or altering a database, a role or a user.
    private static func provisions(_ sql: String) -> Bool {
        let words = sql.uppercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).prefix(2)
        guard words.count == 2, ["CREATE", "DROP", "ALTER"].contains(words.first!) else { return false }
        return ["DATABASE", "ROLE", "USER"].contains(words.last!)
    }
}
