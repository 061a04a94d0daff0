import Foundation
import GateCode
import GateCore
import GateSQL

/// SQL files a release runs through psql (`release: psql "$DATABASE_URL" -f db/schema-changes.sql` in a Procfile,
/// `psql … < db/changes.sql` in `scripts/deploy.sh`, a `package.json` script, a CI deploy step with a secret's URL, a
/// Makefile's deploy target), and the files those include with `\i`/`\ir`: migrations the release runs, wherever they
/// live, so a file among them that changes its schema is read as one (`MigrationFileKind` of framework `psql`) and
/// judged with its hazards, though `MigrationLayout`'s path conventions do not know it. A seed or a query file (only
/// `SELECT`s and `INSERT`s) changes no schema and stays what it was.
enum PsqlRunFiles {
    /// The kind of the `.sql` file at `path` when a release's psql command runs it and it changes the schema; nil
    /// otherwise. Asked of the changed `.sql` files no path convention knows: the tree's release commands are read
    /// once per check, and only when such a file changes the schema.
    static func runKind(_ path: String, bytes: [UInt8], project: Project, catalogue: @autoclosure () -> CompiledCatalogue)
        -> MigrationFileKind?
    {
        guard isSQL(path), !MigrationLayout.isSchemaDump(path), !SchemaFileAnalysis.isDocumentation(path),
              !SecretFileKind.isTestCode(path: path), DDLStrings.mayContainDDL(bytes), changesSchema(bytes),
              runFiles(in: project, catalogue: catalogue())[path] != nil
        else { return nil }
        return MigrationFileKind(format: .sql, framework: "psql")
    }

    /// Whether the SQL holds a statement, at a line's start, that changes the schema (CREATE, ALTER, DROP, RENAME;
    /// a seed's TRUNCATE before its INSERTs is none).
    static func changesSchema(_ bytes: [UInt8]) -> Bool {
        for line in bytes.split(separator: Byte.newline) where SchemaFileAnalysis.opensDDL(line, pastComments: false) {
            let opening = line.drop { $0 == Byte.space || $0 == Byte.tab }.prefix(8).map(Byte.lower)
            if !opening.starts(with: "truncate".utf8) { return true }
        }
        return false
    }

    /// The SQL with psql's meta-command lines (`\set ON_ERROR_STOP on`, `\i other.sql`, `\echo …`) blanked, their
    /// line breaks kept, so the statements around them parse and keep their lines.
    static func withoutMetaCommands(_ sql: String) -> String {
        guard sql.contains("\\") else { return sql }
        var bytes = Array(sql.utf8)
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, bytes[first] == Byte.space || bytes[first] == Byte.tab { first += 1 }
            if first < lineEnd, bytes[first] == Byte.backslash {
                for index in first..<lineEnd where bytes[index] != Byte.carriageReturn { bytes[index] = Byte.space }
            }
            lineStart = lineEnd + 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The tree's path of a file a command in `runner` names (`db/changes.sql`, `./db/changes.sql`, `../db/x.sql` from
    /// a package's `package.json`, `/app/db/changes.sql` as the container sees it): as written from the top, else from
    /// the runner's directory, else an absolute path with up to four leading directories dropped. Nil for a path
    /// built from a variable or found nowhere.
    static func resolve(_ written: String, from runner: String, project: Project) -> String? {
        guard !written.isEmpty, !written.contains("$"), isSQL(written) else { return nil }
        var candidates: [String] = []
        if !written.hasPrefix("/") {
            candidates.append(written)
            let directory = RepoPath.directory(of: runner)
            if !directory.isEmpty { candidates.append(RepoPath.join(directory, written)) }
        } else {
            var rest = Substring(written)
            for _ in 0..<5 {
                rest = rest.drop { $0 == "/" }
                candidates.append(String(rest))
                guard let slash = rest.firstIndex(of: "/") else { break }
                rest = rest[slash...]
            }
        }
        return candidates.lazy.compactMap(RepoPath.normalize).first { !$0.isEmpty && project.exists($0) }
    }

    /// The files the SQL file at `path` includes with `\i`/`\include` (from the top, else beside it) and
    /// `\ir`/`\include_relative` (beside it), and theirs in turn.
    static func inclusions(of path: String, project: Project) -> [String] {
        var found: [String] = []
        var pending = [path]
        while let file = pending.popLast() {
            guard let bytes = project.contents(of: file), bytes.contains(Byte.backslash) else { continue }
            for line in TextLines(decoding: bytes) {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
                guard words.count >= 2, let command = words.first, command.hasPrefix("\\i") else { continue }
                let named = String(words[1]).trimmingCharacters(in: ["'", "\""])
                let relative = command == "\\ir" || command == "\\include_relative"
                guard relative || command == "\\i" || command == "\\include", !named.contains("$") else { continue }
                let beside = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: file), named))
                let target = relative ? beside : (project.exists(named) ? named : beside)
                guard let target, project.exists(target), target != path, !found.contains(target) else { continue }
                found.append(target)
                pending.append(target)
            }
        }
        return found
    }

    /// Every `.sql` file of the tree a release's psql command runs, with the file holding the command. Read once.
    private static func runFiles(in project: Project, catalogue: CompiledCatalogue) -> [String: String] {
        project.configuration("psql:run-files") { () -> [String: String] in
            var files: [String: String] = [:]
            for runner in project.paths where mayHoldReleaseCommands(runner) {
                guard let bytes = project.contents(of: runner),
                      let (reader, kind) = ShellSQLCommands.releaseCommands(path: runner, bytes: bytes, catalogue: catalogue)
                else { continue }
                for file in reader.psqlFiles where ShellSQLCommands.reaches(local: file.local, secret: file.secret, kind: kind) {
                    guard let path = resolve(file.path, from: runner, project: project) else { continue }
                    for reached in [path] + inclusions(of: path, project: project) where files[reached] == nil {
                        files[reached] = runner
                    }
                }
            }
            return files
        }
    }

    /// Whether the path may be a file whose shell text a release runs, by its name alone (a script without extension
    /// only in `bin/`, `scripts/` or `deploy/`): what `ShellRequests.kind` reads, vendored code aside.
    private static func mayHoldReleaseCommands(_ path: String) -> Bool {
        guard !path.contains("node_modules/"), !path.hasPrefix("vendor/") else { return false }
        if ShellRequests.kind(of: path, bytes: []) != nil { return true }
        guard SourceLanguage.hasNoExtension(path) else { return false }
        return path.hasPrefix("bin/") || path.hasPrefix("scripts/") || path.hasPrefix("deploy/") || path.contains("/bin/")
    }

    private static func isSQL(_ path: String) -> Bool {
        let bytes = path.utf8
        guard bytes.count > 4, let last = bytes.last, last | 0x20 == UInt8(ascii: "l") else { return false }
        return path.lowercased().hasSuffix(".sql")
    }
}
