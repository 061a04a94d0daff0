import GateCore

/// `gate sql analyze --format json`: findings and analysed migrations as compact JSON with sorted keys, written
/// byte by byte. Machine output is what the migration bench compares with squawk's, and Foundation's JSONEncoder
/// took longer than the analysis itself; the shape is the one JSONEncoder gives these Codable types.
public enum SchemaCheckJSON {
    /// The document for files checked one by one (in their order): each file's part is written on every core and
    /// the parts joined, since the analysis runs in parallel and a serial writer would be the run's tail.
    public static func render(checked files: [(findings: [Finding], summary: MigrationSummary?)]) -> [UInt8] {
        let parts = ConcurrentMap.map(files.map { FilePart(findings: $0.findings, summary: $0.summary) }) { file in
            var findings: [UInt8] = []
            for (index, finding) in file.findings.enumerated() {
                if index > 0 { findings.append(0x2C) }
                write(finding, to: &findings)
            }
            var migration: [UInt8] = []
            if let summary = file.summary { write(summary, to: &migration) }
            return (findings: findings, migration: migration)
        }
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(64) { $0 + $1.findings.count + $1.migration.count + 2 })
        out.append(contentsOf: #"{"findings":["#.utf8)
        join(parts.map(\.findings), to: &out)
        out.append(contentsOf: #"],"migrations":["#.utf8)
        join(parts.map(\.migration), to: &out)
        out.append(contentsOf: "]}\n".utf8)
        return out
    }

    private struct FilePart: Sendable {
        let findings: [Finding]
        let summary: MigrationSummary?
    }

    /// The non-empty parts, comma-separated.
    private static func join(_ parts: [[UInt8]], to out: inout [UInt8]) {
        var first = true
        for part in parts where !part.isEmpty {
            if !first { out.append(0x2C) }
            out.append(contentsOf: part)
            first = false
        }
    }

    private static func write(_ migration: MigrationSummary, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"path":"#.utf8)
        string(migration.path, to: &out)
        out.append(contentsOf: #","phase":"#.utf8)
        string(migration.phase.rawValue, to: &out)
        out.append(contentsOf: #","statements":["#.utf8)
        for (number, statement) in migration.statements.enumerated() {
            if number > 0 { out.append(0x2C) }
            out.append(contentsOf: #"{"checks":"#.utf8)
            strings(statement.checks, to: &out)
            out.append(contentsOf: #","effect":"#.utf8)
            string(statement.effect, to: &out)
            out.append(contentsOf: #","hazards":"#.utf8)
            strings(statement.hazards, to: &out)
            out.append(contentsOf: #","line":"#.utf8)
            out.append(contentsOf: String(statement.line).utf8)
            out.append(contentsOf: #","statement":"#.utf8)
            string(statement.statement, to: &out)
            out.append(0x7D)
        }
        out.append(contentsOf: "]}".utf8)
    }

    private static func write(_ finding: Finding, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"action":"#.utf8)
        string(finding.action.rawValue, to: &out)
        out.append(contentsOf: #","category":"#.utf8)
        string(finding.category.rawValue, to: &out)
        // An absent value is null, never a missing key (SPEC §6), as in the report.
        out.append(contentsOf: #","column":"#.utf8)
        out.append(contentsOf: (finding.column.map(String.init) ?? "null").utf8)
        out.append(contentsOf: #","endLine":"#.utf8)
        out.append(contentsOf: String(finding.endLine ?? finding.line).utf8)
        out.append(contentsOf: #","evidence":"#.utf8)
        optional(finding.shownEvidence, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        string(finding.id, to: &out)
        out.append(contentsOf: #","line":"#.utf8)
        out.append(contentsOf: String(finding.line).utf8)
        out.append(contentsOf: #","message":"#.utf8)
        string(finding.message, to: &out)
        out.append(contentsOf: #","path":"#.utf8)
        string(finding.path, to: &out)
        out.append(contentsOf: #","provider":"#.utf8)
        optional(finding.provider, to: &out)
        out.append(contentsOf: #","rule":"#.utf8)
        string(finding.rule, to: &out)
        out.append(contentsOf: #","tier":"#.utf8)
        string(finding.tier.rawValue, to: &out)
        out.append(contentsOf: #","waived":"#.utf8)
        out.append(contentsOf: (finding.waived ? "true" : "false").utf8)
        // Files judged outside a change have no policy, so nothing is waived.
        out.append(contentsOf: #","waiver":null}"#.utf8)
    }

    private static func optional(_ value: String?, to out: inout [UInt8]) {
        if let value { string(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    private static func strings(_ values: [String], to out: inout [UInt8]) {
        out.append(0x5B)
        for (index, value) in values.enumerated() {
            if index > 0 { out.append(0x2C) }
            string(value, to: &out)
        }
        out.append(0x5D)
    }

    /// A JSON string, escaped as `JSONEncoder` escapes it (`JSONEscape`).
    static func string(_ value: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escape: copy them whole. Native strings are scanned as contiguous bytes; the generic
        // `utf8.contains(where:)` walked them index by index and was the renderer's largest cost.
        var value = value
        let plain = value.withUTF8 { bytes in
            for byte in bytes where JSONEscape.needsEscape(byte) { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain {
            out.append(0x22)
            return
        }
        for byte in value.utf8 {
            guard JSONEscape.needsEscape(byte) else {
                out.append(byte)
                continue
            }
            if let letter = JSONEscape.shortForm(byte) {
                out += [0x5C, letter]
            } else {
                out += [0x5C, 0x75, 0x30, 0x30, JSONEscape.hexDigit(byte >> 4), JSONEscape.hexDigit(byte & 0x0F)]
            }
        }
        out.append(0x22)
    }
}
