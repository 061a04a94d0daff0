import GateCore

/// What a SQL migration can hold only because psql runs it: a meta-command line (`\set`, `\i`, `\c`, `\connect`…) or
/// `COPY … FROM stdin` with its rows inline (pg_dump's data format, ended by `\.`). gate runs migrations through
/// libpq, which never sees psql's meta-commands and is given no rows for a `COPY` to read, so such a file cannot be
/// applied as written; the parser's own message ("syntax error at or near \") would not say why.
///
/// Looked for only after a file failed to parse, so a migration that parses pays nothing for it.
public struct PsqlOnlySyntax: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the meta-command or of the `COPY` line.
    public var line: Int
    /// `\set`, `\i`…, or `COPY … FROM stdin`.
    public var construct: String

    public var description: String {
        if construct.hasPrefix("\\") {
            return "psql meta-command \(construct) is not SQL: gate runs migrations through libpq, which only psql's "
                + "own input reaches; write it in SQL (a literal for a \\set variable, the included file's statements "
                + "for \\i) or run this directory with --migrate-cmd"
        }
        return "COPY … FROM stdin takes its rows from psql's input: gate runs migrations through libpq and sends none; "
            + "load the rows with INSERT … VALUES (or COPY from a file on the server) or run this directory with --migrate-cmd"
    }

    /// The first psql-only construct in `text` by line, nil when there is none. A line inside a dollar-quoted body or
    /// a string that happens to start with a backslash is not told apart: it is asked only of text that failed to
    /// parse, to name the likely cause.
    public static func first(in text: String) -> PsqlOnlySyntax? {
        var number = 0
        for line in TextLines(text) {
            number += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.first == "\\" {
                let command = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\r" }
                // `\.` ends inline COPY data: its COPY line, earlier, is reported first.
                return PsqlOnlySyntax(line: number, construct: String(command))
            }
            if isCopyFromStandardInput(trimmed) { return PsqlOnlySyntax(line: number, construct: "COPY … FROM stdin") }
        }
        return nil
    }

    /// `COPY name (columns) FROM stdin` (any case), as pg_dump writes it on one line.
    static func isCopyFromStandardInput(_ line: Substring) -> Bool {
        guard line.count > 5, line.prefix(5).lowercased() == "copy " else { return false }
        let lower = line.lowercased()
        return lower.contains(" from stdin")
    }
}
