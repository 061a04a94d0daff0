import GateCore

/// `gate sql analyze --format json`: findings and analysed migrations as compact JSON with sorted keys, written
/// byte by byte. Machine output is what the migration bench compares with squawk's, and Foundation's JSONEncoder
/// took longer than the analysis itself; the shape is the one JSONEncoder gives these Codable types.
public enum SchemaCheckJSON {
    public static func render(findings: [Finding], migrations: [MigrationSummary]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(findings.count * 400 + migrations.count * 1_000)
        out.append(contentsOf: #"{"findings":["#.utf8)
        for (index, finding) in findings.enumerated() {
            if index > 0 { out.append(0x2C) }
            write(finding, to: &out)
        }
        out.append(contentsOf: #"],"migrations":["#.utf8)
        for (index, migration) in migrations.enumerated() {
            if index > 0 { out.append(0x2C) }
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
        out.append(contentsOf: "]}\n".utf8)
        return out
    }

    private static func write(_ finding: Finding, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"action":"#.utf8)
        string(finding.action.rawValue, to: &out)
        out.append(contentsOf: #","category":"#.utf8)
        string(finding.category.rawValue, to: &out)
        if let column = finding.column {
            out.append(contentsOf: #","column":"#.utf8)
            out.append(contentsOf: String(column).utf8)
        }
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

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as UTF-8.
    static func string(_ value: String, to out: inout [UInt8]) {
        out.append(0x22)
        // Most strings need no escape: copy them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out.append(contentsOf: value.utf8)
            out.append(0x22)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
