import GateCore
import GateSQL

/// A migration's ordering key, taken from its file name: `0042_x.sql`, `V3__x.sql`, `20240101120000_x.sql`,
/// `1.2__x.sql`; compared numerically component by component, so `V10` follows `V9`.
public struct MigrationVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Numeric components without leading zeros.
    public let components: [String]

    /// Parses the version prefix of a file name; nil when the name has none.
    public init?(fileName: String) {
        var bytes = Substring(fileName)
        if let first = bytes.first, first == "V" || first == "v" { bytes = bytes.dropFirst() }
        var components: [String] = []
        var current = ""
        for character in bytes {
            if character.isASCII, character.isNumber {
                current.append(character)
            } else if character == ".", !current.isEmpty {
                components.append(current)
                current = ""
            } else {
                break
            }
        }
        if !current.isEmpty { components.append(current) }
        guard !components.isEmpty else { return nil }
        self.components = components.map { component in
            let trimmed = component.drop { $0 == "0" }
            return trimmed.isEmpty ? "0" : String(trimmed)
        }
    }

    public var description: String { components.joined(separator: ".") }

    public static func < (lhs: MigrationVersion, rhs: MigrationVersion) -> Bool {
        for (left, right) in zip(lhs.components, rhs.components) where left != right {
            return left.count != right.count ? left.count < right.count : left < right
        }
        return lhs.components.count < rhs.components.count
    }
}

/// A migration file at the release's head: its name, version, text and checksum. Analysis is deferred to the
/// files that need it (pending or being verified), so a long history costs a checksum per file, not a parse.
public struct MigrationFile: Sendable, Equatable {
    /// The file name, the migration's identity in the history.
    public let name: String
    /// Where it was read from, for messages.
    public let path: String
    public let version: MigrationVersion
    public let text: String
    /// SHA-256 of the file's bytes.
    public let checksum: String

    public init(name: String, path: String, bytes: [UInt8]) throws(DeployError) {
        guard let version = MigrationVersion(fileName: name) else {
            throw DeployError.invalidInput(
                "\(path): a migration's file name must start with its version (0001_x.sql, V1__x.sql, 20240101120000_x.sql)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DeployError.invalidInput("\(path): not UTF-8 text")
        }
        self.name = name
        self.path = path
        self.version = version
        self.text = text
        self.checksum = ContentDigest.sha256Hex(bytes)
    }

    /// Parses and analyses the file through GateSQL.
    public func analyzed() throws(DeployError) -> AnalyzedMigration {
        do {
            return AnalyzedMigration(file: self, script: try MigrationScript.analyze(text))
        } catch {
            throw DeployError.invalidInput("\(path): \(error)")
        }
    }

    /// True for the files a migrations directory holds: `.sql` and `.up.sql`, never `.down.sql`.
    public static func isMigrationFileName(_ name: String) -> Bool {
        name.hasSuffix(".sql") && !name.hasSuffix(".down.sql") && !name.hasPrefix(".")
    }

    /// Analyses and orders a directory's migration files; two files with one version are an error.
    public static func load(_ files: [(name: String, path: String, bytes: [UInt8])]) throws(DeployError)
        -> [MigrationFile]
    {
        var migrations: [MigrationFile] = []
        for file in files where isMigrationFileName(file.name) {
            migrations.append(try MigrationFile(name: file.name, path: file.path, bytes: file.bytes))
        }
        migrations.sort { ($0.version, $0.name) < ($1.version, $1.name) }
        for (earlier, later) in zip(migrations, migrations.dropFirst()) where earlier.version == later.version {
            throw DeployError.invalidInput(
                "\(earlier.path) and \(later.path) have the same version \(earlier.version); versions must be unique")
        }
        return migrations
    }
}

/// A migration file with its statements, phase, hazards and checks.
public struct AnalyzedMigration: Sendable, Equatable {
    public let file: MigrationFile
    public let script: MigrationScript

    public var name: String { file.name }
    public var path: String { file.path }
    public var version: MigrationVersion { file.version }
    public var checksum: String { file.checksum }
    public var phase: MigrationPhase { script.phase }

    /// True when some statement cannot run inside a transaction block.
    public var needsNoTransaction: Bool { script.statements.contains { $0.requiresNoTransaction } }
}
