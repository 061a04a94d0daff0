/// Finds where code uses tables and columns: as identifiers in SQL strings, ORM field names or model
/// attributes (`summary`, `report.summary`, `summaryText` for `summary_text`), in a file that also names the
/// table (`reports`, `report`, `Report`), so a bare common word elsewhere does not count.
///
/// All names are matched in one pass over each file: identifiers are only hashed when their length and first
/// byte could belong to a wanted name, which keeps the pass cheap over large changes and whole head trees.
struct SchemaUsageMatcher: Sendable {
    /// Columns every table has; linking on them would tie every migration to every file.
    static let genericColumns: Set<String> = ["id", "created_at", "updated_at", "createdat", "updatedat"]

    struct Use: Equatable, Sendable {
        var line: Int
        var writes: Bool
    }

    private enum Role {
        /// The token is the column of `names[index]`.
        case column(Int)
        /// The token is the table of `names[index]` (a table-level name).
        case table(Int, needsCapital: Bool)
        /// The token names table `key`, which makes the file's column uses count.
        case alias(String)
    }

    private let names: [SchemaChangeAnalyzer.SchemaName]
    private var roles: [[UInt8]: [Role]] = [:]
    private static let maxLength = 64
    /// Indexed by length × 256 + first (lowercased) byte, and by length × 256 + last byte: an identifier is
    /// hashed only when both could belong to a wanted name, which rejects almost every other word cheaply.
    private var wantedFirst = [Bool](repeating: false, count: (maxLength + 1) * 256)
    private var wantedLast = [Bool](repeating: false, count: (maxLength + 1) * 256)

    init(_ names: [SchemaChangeAnalyzer.SchemaName]) {
        self.names = names
        for (index, name) in names.enumerated() {
            let table = name.table.lowercased()
            let singular = Self.singularize(table)
            var aliases = [table, singular, Self.camel(singular).lowercased()]
            if let underscore = singular.lastIndex(of: "_") {
                aliases.append(String(singular[singular.index(after: underscore)...]))
            }
            for alias in Set(aliases) { add(alias, .alias(table)) }
            if let column = name.column?.lowercased() {
                add(column, .column(index))
                if column.contains("_") { add(Self.camel(column).lowercased(), .column(index)) }
            } else {
                add(table, .table(index, needsCapital: false))
                if singular != table { add(singular, .table(index, needsCapital: true)) }
                let camelSingular = Self.camel(singular).lowercased()
                if camelSingular != singular { add(camelSingular, .table(index, needsCapital: true)) }
            }
        }
    }

    private mutating func add(_ token: String, _ role: Role) {
        let bytes = Array(token.utf8)
        guard let first = bytes.first, let last = bytes.last, bytes.count <= Self.maxLength else { return }
        roles[bytes, default: []].append(role)
        wantedFirst[bytes.count << 8 | Int(first)] = true
        wantedLast[bytes.count << 8 | Int(last)] = true
    }

    /// The first write of each name in `bytes` (else its first read), by index into the names, counting only
    /// `lines` when given.
    func firstUses(in bytes: [UInt8], lines: LineSet?) -> [Int: Use] {
        var candidates: [Int: Use] = [:]
        var tablesNamed: Set<String> = []
        var line = 1
        var index = 0
        let count = bytes.count
        var token: [UInt8] = []
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                index += 1
                continue
            }
            guard Self.isIdentifierStart(byte) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < count, Self.isIdentifier(bytes[end]) { end += 1 }
            let length = end - index
            if length <= Self.maxLength, wantedFirst[length << 8 | Int(Self.lower(byte))],
               wantedLast[length << 8 | Int(Self.lower(bytes[end - 1]))] {
                token.removeAll(keepingCapacity: true)
                for offset in index..<end { token.append(Self.lower(bytes[offset])) }
                if let found = roles[token] {
                    let counts = lines?.contains(line) ?? true
                    for role in found {
                        switch role {
                        case .alias(let table):
                            tablesNamed.insert(table)
                        // The first write wins over an earlier read: a write is what breaks without the column.
                        case .column(let name) where counts && candidates[name]?.writes != true:
                            let use = Use(line: line, writes: Self.isWrite(bytes, tokenStart: index, tokenEnd: end))
                            if candidates[name] == nil || use.writes { candidates[name] = use }
                        case .table(let name, let needsCapital) where counts && candidates[name]?.writes != true:
                            if !needsCapital || Self.isUpper(byte) {
                                let use = Use(line: line, writes: Self.isWrite(bytes, tokenStart: index, tokenEnd: end))
                                if candidates[name] == nil || use.writes { candidates[name] = use }
                            }
                        default:
                            break
                        }
                    }
                }
            }
            index = end
        }
        return candidates.filter { index, _ in
            let name = names[index]
            return name.column == nil || tablesNamed.contains(name.table.lowercased())
        }
    }

    // MARK: Helpers

    static func singularize(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("sses") { return String(name.dropLast(2)) }
        if name.hasSuffix("s"), !name.hasSuffix("ss") { return String(name.dropLast()) }
        return name
    }

    static func camel(_ snake: String) -> String {
        var result = ""
        var upper = false
        for character in snake {
            if character == "_" {
                upper = true
            } else {
                result.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return result
    }

    /// Whether the line writes the name: an INSERT/UPDATE/save around it, or an assignment or key right after it.
    private static func isWrite(_ bytes: [UInt8], tokenStart: Int, tokenEnd: Int) -> Bool {
        var start = tokenStart
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = tokenEnd
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        if ["insert", "update", "upsert", ".save", ".create(", "set "].contains(where: text.contains) { return true }
        var cursor = tokenEnd
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x22 || bytes[cursor] == 0x27 { cursor += 1 }
        guard cursor < bytes.count else { return false }
        let next = bytes[cursor]
        let after = cursor + 1 < bytes.count ? bytes[cursor + 1] : 0
        return (next == 0x3D && after != 0x3D) || (next == 0x3A && after != 0x3A)
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
    }
    private static func isIdentifier(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) }
}
