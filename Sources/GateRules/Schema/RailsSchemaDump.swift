import GateCore

/// Rails' schema dumps: `db/schema.rb` (`ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000)`) and
/// `db/structure.sql` (`INSERT INTO "schema_migrations" (version) VALUES ('20240501120000'), …`), and the folder
/// of the migrations that produce them (`db/migrate`; a second database's `db/animals_schema.rb` has
/// `db/animals_migrate`).
enum RailsSchemaDump {
    /// The migrations folder of the dump at `path`, when it is one.
    static func migrationFolder(of path: String) -> String? {
        guard path.hasPrefix("db/"), !path.dropFirst(3).contains("/") else { return nil }
        let name = path.dropFirst(3)
        for suffix in ["schema.rb", "structure.sql"] where name.hasSuffix(suffix) {
            let database = name.dropLast(suffix.count)
            if database.isEmpty { return "db/migrate" }
            if database.hasSuffix("_") { return "db/\(database)migrate" }
        }
        return nil
    }

    /// The migration versions the dump records, with their lines: the schema's one `define(version:)`, or every
    /// version a structure dump inserts into `schema_migrations`.
    static func versions(in file: SourceFile) -> [(version: String, line: Int)] {
        var found: [(String, Int)] = []
        var line = 1
        var index = 0
        let bytes = file.bytes
        let define = Array("define(version:".utf8)
        while index < bytes.count {
            if bytes[index] == 0x0A {
                line += 1
            } else if bytes[index] == UInt8(ascii: "'"), let version = digits(in: bytes, from: index + 1, closedBy: UInt8(ascii: "'")) {
                found.append((version, line))
            } else if bytes[index] == UInt8(ascii: "d"), bytes[index...].starts(with: define) {
                var start = index + define.count
                while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
                if let version = digits(in: bytes, from: start, closedBy: UInt8(ascii: ")")), version != "0" {
                    found.append((version, line))
                }
            }
            index += 1
        }
        return found
    }

    /// A migration version (14 digits, `_` separators allowed in Ruby) from `start` up to `end`, separators removed.
    private static func digits(in bytes: [UInt8], from start: Int, closedBy end: UInt8) -> String? {
        var version: [UInt8] = []
        var index = start
        while index < bytes.count, bytes[index] != end {
            if Byte.isDigit(bytes[index]) {
                version.append(bytes[index])
            } else if bytes[index] != UInt8(ascii: "_") {
                return nil
            }
            index += 1
        }
        guard index < bytes.count, version.count >= 14 || (end == UInt8(ascii: ")") && !version.isEmpty) else { return nil }
        return String(decoding: version, as: UTF8.self)
    }
}
