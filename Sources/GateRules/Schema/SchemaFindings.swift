import GateCore
import GateSQL

/// Turns the shared analysis of a file into one detector's findings.
enum SchemaFindings {
    /// Findings for `hazard`: one per statement on an added line whose worst hazard it is. One construct, one
    /// finding: a statement with several hazards is reported once, by its worst hazard's detector, with the
    /// others listed; a statement a later one still uses is reported by `contract-still-used` instead.
    /// `messages`: a statement's own message where the detector's does not fit it, by statement index.
    static func hazard(
        _ hazard: SchemaHazard, in file: SourceFile, context: DetectionContext, message: String,
        messages: (SchemaFileAnalysis) -> [Int: String] = { _ in [:] }
    ) -> [Finding] {
        let shared = SchemaFileAnalysis.shared(file, context: context)
        // Most files hold no statement with a hazard: answered without copying the analysis.
        guard !shared.analysis.statementsByWorstHazard.isEmpty else { return [] }
        let analysis = shared.analysis
        guard analysis.judgesHazards, let script = analysis.script else { return [] }
        var findings: [Finding] = []
        let ownMessages = messages(analysis)
        for index in analysis.statementsByWorstHazard[hazard.rawValue] ?? [] where analysis.stillUsedLater[index] == nil {
            let analyzed = script.statements[index]
            guard SchemaFileAnalysis.touchesAddedLines(analyzed.statement, in: file) else { continue }
            findings.append(Finding(
                rule: hazard.rawValue, category: .schemaChange, path: file.path, line: analyzed.statement.line,
                column: analyzed.statement.column,
                message: statementMessage(
                    ownMessages[index] ?? message, hazards: Array(analyzed.hazards.dropFirst()), analysis: analysis),
                evidence: analysis.excerpt(of: index),
                tier: hazard.isAdvisory ? .low : nil, action: hazard.isAdvisory ? .pass : nil))
        }
        return findings
    }

    /// A detector's message, followed by the statement's other hazards and advice in its framework's terms.
    static func statementMessage(_ message: String, hazards others: [String], analysis: SchemaFileAnalysis) -> String {
        let hazards = others.compactMap(SchemaHazard.init(rawValue:))
        var text = message
        if !hazards.isEmpty { text += "; also: " + hazards.map(\.summary).joined(separator: ", ") }
        if case .migration(let kind) = analysis.kind {
            for advice in MigrationAdvice.advice(for: hazards, kind: kind) { text += ". " + advice }
        }
        return text
    }

    /// The statement as evidence: one line (runs of whitespace collapsed), bounded.
    static func excerpt(_ text: String) -> String {
        // A role's password, a connection string's (`dblink_connect('… password=…')`) and any credential the secret
        // detectors recognise are never shown (the secret detectors report them, redacted). The passwords go first,
        // so a credential's redaction is not cut by the connection string's.
        let withoutPasswords = Redaction.mentionsPassword(text)
            ? Redaction.redactSQLPasswords(Redaction.redactConnectionString(text)) : text
        var text = SecretEngine.redactingCredentials(in: withoutPasswords, readAs: "statement.sql")
        // Read as contiguous bytes: every statement of every file is excerpted for the summary.
        return text.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(min(bytes.count, 161))
            var pendingSpace = false
            var characters = 0
            for byte in bytes {
                if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                    pendingSpace = !output.isEmpty
                    continue
                }
                if pendingSpace {
                    output.append(0x20)
                    characters += 1
                    pendingSpace = false
                }
                // Count characters, not bytes, so a cut never splits a UTF-8 sequence.
                if byte & 0xC0 != 0x80 {
                    if characters == 157 {
                        return String(decoding: output, as: UTF8.self) + "..."
                    }
                    characters += 1
                }
                output.append(byte)
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The text of one head line, trimmed and bounded, as evidence.
    static func lineText(_ file: SourceFile, _ line: Int) -> String {
        var current = 1
        var start = 0
        let bytes = file.bytes
        while current < line, start < bytes.count {
            if bytes[start] == 0x0A { current += 1 }
            start += 1
        }
        var end = start
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        return excerpt(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// The first added line of a file (new files: line 1).
    static func firstAddedLine(_ file: SourceFile) -> Int? { file.addedLines.min() }
}

/// A detector reporting the statements whose worst hazard is its own (`SchemaFindings.hazard`).
protocol SchemaHazardDetector: Detector {}

extension SchemaHazardDetector {
    var family: (any DetectorFamily.Type)? { SchemaHazardFamily.self }
}

/// The hazard detectors: a file whose statements have no hazard (nearly every file: most are no migration) gives
/// none of them anything to report.
enum SchemaHazardFamily: DetectorFamily {
    static func mayFind(in file: SourceFile, context: DetectionContext) -> Bool {
        !SchemaFileAnalysis.shared(file, context: context).analysis.statementsByWorstHazard.isEmpty
    }
}
