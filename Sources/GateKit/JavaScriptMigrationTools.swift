import Foundation
import GateCore
import GateSQL

/// How `gate init` tells which JavaScript tool a folder of migration scripts belongs to: Knex, Sequelize, TypeORM,
/// MikroORM, Kysely and node-pg-migrate all keep `migrations/*.{js,ts}`, and only the files' own API, the tool's
/// configuration file or the package that installs it says which (and so which migrator deploy must be given).
enum JavaScriptMigrationTools {
    /// A migrations folder a tool's configuration file names, and the tool.
    struct ConfiguredFolder: Equatable {
        var path: String
        var framework: String
        /// Whether the folder holds SQL that deploy applies itself (Drizzle's `out`).
        var isSQL: Bool
    }

    /// The tools by the package that installs them, most migration-specific first: a project may install Sequelize or
    /// MikroORM's core for queries and Knex as a helper, but `sequelize-cli`, `@mikro-orm/migrations` or
    /// `node-pg-migrate` only to migrate.
    static let packages: [(package: String, framework: String)] = [
        ("node-pg-migrate", "node-pg-migrate"), ("sequelize-cli", "Sequelize"), ("@mikro-orm/migrations", "MikroORM"),
        ("typeorm", "TypeORM"), ("knex", "Knex"), ("kysely", "Kysely"), ("sequelize", "Sequelize"),
        ("@mikro-orm/core", "MikroORM"),
    ]

    /// Whether `name` is a migration script a JavaScript tool runs (not a type declaration).
    static func isScript(_ name: String) -> Bool {
        let lower = name.lowercased()
        return [".js", ".ts", ".cjs", ".mjs"].contains(where: lower.hasSuffix) && !lower.hasSuffix(".d.ts")
    }

    /// The tool whose API the scripts' text uses, or nil when none says so. Deploy's own reading of a script
    /// (`MigrationLayout.scriptFormat`) tells TypeORM, Sequelize, Kysely and MikroORM apart and takes anything else for
    /// Knex; here Knex must be named too, so a folder of unrelated scripts is not taken for migrations.
    static func framework(ofScripts heads: [[UInt8]]) -> String? {
        for head in heads {
            switch MigrationLayout.scriptFormat(head) {
            case .nodePgMigrate: return "node-pg-migrate"
            case .typeorm: return "TypeORM"
            case .sequelize: return "Sequelize"
            case .kysely: return "Kysely"
            case .mikroORM: return "MikroORM"
            default:
                if head.containsSequence(Array("knex".utf8)) || head.containsSequence(Array("Knex".utf8)) { return "Knex" }
            }
        }
        return nil
    }

    /// The tool a `package.json` installs (dependencies or devDependencies), or nil.
    static func framework(ofManifest bytes: [UInt8]) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return nil }
        let installed = ["dependencies", "devDependencies"].flatMap { ((object[$0] as? [String: Any]) ?? [:]).keys }
        return packages.first { installed.contains($0.package) }?.framework
    }

    /// The migrations folders a configuration file in `folder` names (repository-relative), for the files whose
    /// names say what they configure: a knexfile's `migrations.directory`, `.sequelizerc`'s `migrations-path`,
    /// MikroORM's `migrations.path`/`pathTs`, drizzle-kit's `out`. Paths are resolved against `folder`, where the
    /// tool runs; one that leaves the repository is dropped.
    static func configuredFolders(in folder: String, file: String, text: String) -> [ConfiguredFolder] {
        let lower = file.lowercased()
        let stem = lower.split(separator: ".").first.map(String.init) ?? lower
        let found: [(values: [String], framework: String, isSQL: Bool)]
        if stem == "knexfile" {
            found = [(values(ofKeys: ["directory"], inBlock: "migrations", of: text), "Knex", false)]
        } else if lower == ".sequelizerc" {
            found = [(values(ofKeys: ["migrations-path"], inBlock: nil, of: text), "Sequelize", false)]
        } else if lower.hasPrefix("mikro-orm.config.") {
            found = [(values(ofKeys: ["pathTs", "path"], inBlock: "migrations", of: text), "MikroORM", false)]
        } else if lower.hasPrefix("drizzle.config.") {
            found = [(values(ofKeys: ["out"], inBlock: nil, of: text), "Drizzle", true)]
        } else {
            return []
        }
        return found.flatMap { entry in
            entry.values.compactMap { value in
                resolve(value, in: folder).map { ConfiguredFolder(path: $0, framework: entry.framework, isSQL: entry.isSQL) }
            }
        }
    }

    /// Whether `name` is a configuration file `configuredFolders` reads.
    static func isConfiguration(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasPrefix("knexfile.") || lower == ".sequelizerc" || lower.hasPrefix("mikro-orm.config.")
            || lower.hasPrefix("drizzle.config.")
    }

    /// `./db/migrations` (or the pieces of `path.join(__dirname, "db", "migrations")`) relative to `folder`, as a
    /// repository path; nil for an absolute path, a glob, or one above the repository.
    static func resolve(_ value: String, in folder: String) -> String? {
        guard !value.hasPrefix("/"), !value.contains("*"), !value.contains("$") else { return nil }
        var parts = folder.split(separator: "/").map(String.init)
        for part in value.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The string values given to any of `keys` (`directory: "./migrations"`, `"migrations-path": path.resolve("db",
    /// "migrations")`, an array of such), inside each `block: { … }` object when one is named (a knexfile has one per
    /// environment), in key order. A call's string arguments are joined as a path; `__dirname` and `process.cwd()` are
    /// where the tool runs anyway.
    static func values(ofKeys keys: [String], inBlock block: String?, of text: String) -> [String] {
        let scopes = block.map { objectBodies(after: $0, in: text) } ?? [Substring(text)]
        var found: [String] = []
        for key in keys {
            for scope in scopes {
                for value in valuesAfterKey(key, in: scope) where !found.contains(value) { found.append(value) }
            }
        }
        return found
    }

    /// The text between the braces of each `name: { … }` object.
    private static func objectBodies(after name: String, in text: String) -> [Substring] {
        let whole = Substring(text)
        return valueStarts(ofKey: name, in: whole).compactMap { open in
            guard whole[open] == "{" else { return nil }
            var depth = 0
            var end = open
            while end < whole.endIndex {
                if whole[end] == "{" { depth += 1 }
                if whole[end] == "}" {
                    depth -= 1
                    if depth == 0 { break }
                }
                end = whole.index(after: end)
            }
            return whole[whole.index(after: open)..<end]
        }
    }

    /// The paths given to `key:` wherever it appears in `scope` as a key.
    private static func valuesAfterKey(_ key: String, in scope: Substring) -> [String] {
        valueStarts(ofKey: key, in: scope).flatMap { pathValues(in: scope, from: $0) }
    }

    /// Where the value of each `key:` (or `"key":`) in `text` starts, past the colon and spaces; a name that merely ends
    /// with `key` (`pgmigrations`, `data-path`) is not the key.
    private static func valueStarts(ofKey key: String, in text: Substring) -> [Substring.Index] {
        var starts: [Substring.Index] = []
        var searchFrom = text.startIndex
        while let range = text.range(of: key, range: searchFrom..<text.endIndex) {
            searchFrom = range.upperBound
            if range.lowerBound > text.startIndex {
                let before = text[text.index(before: range.lowerBound)]
                if before.isLetter || before.isNumber || before == "_" || before == "-" { continue }
            }
            var index = range.upperBound
            if index < text.endIndex, text[index] == "'" || text[index] == "\"" { index = text.index(after: index) }
            index = skippingSpaces(text, from: index)
            guard index < text.endIndex, text[index] == ":" else { continue }
            index = skippingSpaces(text, from: text.index(after: index))
            if index < text.endIndex { starts.append(index) }
        }
        return starts
    }

    /// A value at `index`: a string, an array of strings, or a call whose string arguments form one path
    /// (`path.join(`, `path.resolve(`, `join(`).
    private static func pathValues(in text: Substring, from index: Substring.Index) -> [String] {
        if let (string, _) = stringLiteral(in: text, at: index) { return [string] }
        if text[index] == "[" { return stringLiterals(in: text, after: index, until: "]") }
        guard let open = text[index...].prefix(40).firstIndex(of: "("), open > index,
              text[index..<open].allSatisfy({ $0.isLetter || $0 == "." || $0 == "_" })
        else { return [] }
        let pieces = stringLiterals(in: text, after: open, until: ")")
        return pieces.isEmpty ? [] : [pieces.joined(separator: "/")]
    }

    /// The string literals after `index` up to the first `closing` outside them.
    private static func stringLiterals(in text: Substring, after index: Substring.Index, until closing: Character) -> [String] {
        var strings: [String] = []
        var cursor = text.index(after: index)
        while cursor < text.endIndex, text[cursor] != closing {
            if let (string, next) = stringLiteral(in: text, at: cursor) {
                strings.append(string)
                cursor = next
            } else {
                cursor = text.index(after: cursor)
            }
        }
        return strings
    }

    /// The string literal opening at `index` (`'…'`, `"…"`, or a template without `${`) and the index after it.
    private static func stringLiteral(in text: Substring, at index: Substring.Index) -> (String, Substring.Index)? {
        let quote = text[index]
        guard quote == "'" || quote == "\"" || quote == "`" else { return nil }
        let start = text.index(after: index)
        guard let end = text[start...].firstIndex(of: quote) else { return nil }
        let value = String(text[start..<end])
        guard !value.contains("\n"), !value.contains("${") else { return nil }
        return (value, text.index(after: end))
    }

    private static func skippingSpaces<S: StringProtocol>(_ text: S, from index: S.Index) -> S.Index {
        var index = index
        while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
        return index
    }
}
