import GateSQL
import GateCore

/// Judges whole files as new migrations, outside any diff: what `gate sql analyze` (and the migration bench) runs.
public enum SchemaFileCheck {
    /// The Postgres major version whose grammar migrations are parsed with (the linked libpg_query's).
    public static var grammarVersion: Int { MigrationScript.grammarVersion }

    /// Every schema detector's findings for `bytes` at `path`, every line counted as added.
    public static func findings(path: String, bytes: [UInt8], context: DetectionContext = DetectionContext()) -> [Finding] {
        check(path: path, bytes: bytes, context: context, summarise: false).findings
    }

    /// The findings and the analysed statements of a file, from one analysis (the detectors share it).
    public static func check(path: String, bytes: [UInt8], context: DetectionContext = DetectionContext(),
                             summarise: Bool = true) -> (findings: [Finding], summary: MigrationSummary?) {
        let file = SourceFile(change: newFile(path: path, bytes: bytes))
        let findings = DetectorRegistry.schemaDetectors.flatMap { $0.detect(in: file, context: context) }
            .sorted { ($0.line, $0.rule) < ($1.line, $1.rule) }
        return (findings, summarise ? summary(path: path, analysis: SchemaFileAnalysis.of(file, context: context)) : nil)
    }

    /// `check` of many files on every core, results in input order: each file's analysis is independent
    /// (libpg_query keeps its parser state per thread).
    public static func checkAll(_ files: [(path: String, bytes: [UInt8])], summarise: Bool = true)
        -> [(findings: [Finding], summary: MigrationSummary?)]
    {
        let inputs = files.map { CheckInput(path: $0.path, bytes: $0.bytes) }
        return ConcurrentMap.map(inputs) { CheckOutput(check(path: $0.path, bytes: $0.bytes, summarise: summarise)) }
            .map { ($0.findings, $0.summary) }
    }

    /// A file `checkAll(paths:…)` could not read.
    public struct UnreadableFile: Error, Sendable {
        public let path: String
    }

    /// Reads and checks files on every core, results in path order; the first file (in that order) that cannot
    /// be read is thrown instead, and nothing of the others is returned.
    public static func checkAll(
        paths: [String], summarise: Bool = true, read: @escaping @Sendable (String) -> [UInt8]?
    ) throws(UnreadableFile) -> [(findings: [Finding], summary: MigrationSummary?)] {
        let outputs = ConcurrentMap.map(paths) { path -> CheckOutput? in
            guard let bytes = read(path) else { return nil }
            return CheckOutput(check(path: path, bytes: bytes, summarise: summarise))
        }
        if let index = outputs.firstIndex(where: { $0 == nil }) { throw UnreadableFile(path: paths[index]) }
        return outputs.compactMap { $0.map { ($0.findings, $0.summary) } }
    }

    private struct CheckInput: Sendable {
        let path: String
        let bytes: [UInt8]
    }

    private struct CheckOutput: Sendable {
        let findings: [Finding]
        let summary: MigrationSummary?

        init(_ result: (findings: [Finding], summary: MigrationSummary?)) {
            findings = result.findings
            summary = result.summary
        }
    }

    /// The analysed statements of a migration (or DDL in code) at `path`, nil when the file is neither.
    public static func summary(path: String, bytes: [UInt8], context: DetectionContext = DetectionContext())
        -> MigrationSummary?
    {
        summary(path: path, analysis: SchemaFileAnalysis.analyze(path: path, bytes: bytes, context: context))
    }

    private static func summary(path: String, analysis: SchemaFileAnalysis) -> MigrationSummary? {
        guard let script = analysis.script else { return nil }
        return MigrationSummary(
            path: path, phase: script.phase,
            statements: script.statements.indices.map { index in
                let analyzed = script.statements[index]
                return StatementSummary(
                    line: analyzed.statement.line, statement: analysis.excerpt(of: index),
                    effect: analyzed.effect.rawValue, hazards: analyzed.hazards, checks: analyzed.checks.map(\.description))
            })
    }

    private static func newFile(path: String, bytes: [UInt8]) -> FileChange {
        var lines: [DiffLine] = []
        var number = 1
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            if index == bytes.count, start == index, number > 1 { break }
            lines.append(DiffLine(
                kind: .added, oldNumber: nil, newNumber: number,
                text: String(decoding: bytes[start..<index], as: UTF8.self)))
            number += 1
            start = index + 1
        }
        let hunk = Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: lines.count, lines: lines)
        return FileChange(path: path, kind: .added, hunks: [hunk], content: .text(bytes))
    }
}
