import Foundation
import GateCore

/// Settings that make a JVM ORM change the schema itself each time the application starts: Hibernate's
/// `spring.jpa.hibernate.ddl-auto`, `hibernate.hbm2ddl.auto` (also under `spring.jpa.properties.` and in
/// `persistence.xml` or `hibernate.cfg.xml`), JPA's `jakarta.persistence.schema-generation.database.action` and
/// Quarkus's `quarkus.hibernate-orm.database.generation`, set to anything but `none` or `validate`. Beside Flyway
/// or Liquibase they change the schema outside the migration history, as `synchronize: true` does for TypeORM.
///
/// A profile for development or tests (`application-dev.yml`, a YAML document activated `on-profile: local`)
/// sets them for a database nobody deploys: not read.
public enum SchemaGenerationSettings {
    /// Whether `path` is a file such settings live in: Spring's and Quarkus's `application*.properties|yml|yaml`,
    /// `hibernate.properties`, `hibernate.cfg.xml`, `persistence.xml`; not one of a development or test profile.
    public static func isSettingsFile(_ path: String) -> Bool {
        // Asked of every changed file that is no migration: most end otherwise.
        guard path.hasSuffix(".properties") || path.hasSuffix(".yml") || path.hasSuffix(".yaml") || path.hasSuffix(".xml")
        else { return false }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if ["hibernate.properties", "hibernate.cfg.xml", "persistence.xml"].contains(name) { return true }
        guard name.hasPrefix("application"),
              let dot = name.lastIndex(of: "."), ["properties", "yml", "yaml"].contains(String(name[name.index(after: dot)...]))
        else { return false }
        let stem = name[..<dot].dropFirst("application".count)
        if stem.isEmpty { return true }
        guard stem.first == "-" else { return false }
        return !isLocalProfile(stem.dropFirst())
    }

    /// The settings of `bytes` that generate the schema, one a line, written as they read (`ddl-auto: update`).
    public static func find(in bytes: [UInt8], path: String) -> [ORMSchemaCalls.Call] {
        // Every such setting names Hibernate, JPA's schema generation or Quarkus's: most files are turned away here.
        guard keywords.contains(where: { ByteSearch.containsFolded(bytes, $0) }) else { return [] }
        let lines = Array(TextLines(decoding: bytes))
        if path.hasSuffix(".xml") { return xmlSettings(lines) }
        if path.hasSuffix(".properties") { return propertiesSettings(lines) }
        return yamlSettings(lines)
    }

    private static let keywords = ["ddl-auto", "ddl_auto", "ddlauto", "hbm2ddl", "schema-generation", "database.generation"]
        .map { Array($0.utf8) }

    /// The keys, lowercased without `-` and `_` (Spring binds `ddl-auto`, `ddl_auto` and `ddlAuto` alike).
    private static let generatingKeys: Set<String> = [
        "spring.jpa.hibernate.ddlauto", "spring.jpa.properties.hibernate.hbm2ddl.auto", "hibernate.hbm2ddl.auto",
        "hbm2ddl.auto", "jakarta.persistence.schemageneration.database.action",
        "javax.persistence.schemageneration.database.action",
        "spring.jpa.properties.jakarta.persistence.schemageneration.database.action",
        "spring.jpa.properties.javax.persistence.schemageneration.database.action",
        "quarkus.hibernateorm.database.generation", "quarkus.hibernateorm.schemamanagement.strategy",
        "jpa.default.properties.hibernate.hbm2ddl.auto",
    ]

    private static func normalizedKey<S: StringProtocol>(_ key: S) -> String {
        String(key.lowercased().filter { $0 != "-" && $0 != "_" })
    }

    /// Whether a value makes the ORM write the schema: `update`, `create`, `create-drop`, `drop-and-create`…, also
    /// as the default of a placeholder (`${DDL_AUTO:update}`), which is what runs unless something sets it.
    static func generates(_ raw: Substring) -> Bool {
        var value = raw.trimmingCharacters(in: .whitespaces)
        if let hash = value.firstIndex(of: "#") { value = String(value[..<hash]).trimmingCharacters(in: .whitespaces) }
        value = value.trimmingCharacters(in: quotes)
        if value.hasPrefix("${"), value.hasSuffix("}") {
            guard let colon = value.firstIndex(of: ":") else { return false }
            value = String(value[value.index(after: colon)..<value.index(before: value.endIndex)])
        }
        let lowered = value.lowercased()
        return ["update", "create", "create-drop", "create-only", "drop-and-create", "drop"].contains(lowered)
    }

    private static let quotes = CharacterSet(charactersIn: "\"'")
    private static let quotesAndSpaces = CharacterSet(charactersIn: "\"' ")

    private static func isLocalProfile<S: StringProtocol>(_ profile: S) -> Bool {
        let profiles = profile.lowercased().split { $0 == "," || $0 == "-" || $0 == " " }
        return !profiles.isEmpty && profiles.allSatisfy { localProfiles.contains(String($0)) }
    }

    private static let localProfiles: Set<String> = [
        "dev", "development", "local", "test", "tests", "testing", "h2", "it", "e2e", "ci", "integration", "docker",
    ]

    private static func propertiesSettings(_ lines: [Substring]) -> [ORMSchemaCalls.Call] {
        var found: [ORMSchemaCalls.Call] = []
        for (offset, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix("!"),
                  let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" })
            else { continue }
            let key = trimmed[..<separator].trimmingCharacters(in: .whitespaces)
            // Quarkus's `%dev.` prefix scopes a key to a profile.
            if key.hasPrefix("%") {
                let profile = key.dropFirst().prefix { $0 != "." }
                if isLocalProfile(profile) { continue }
            }
            let bare = key.hasPrefix("%") ? String(key.drop { $0 != "." }.dropFirst()) : key
            guard generatingKeys.contains(normalizedKey(bare)), generates(trimmed[trimmed.index(after: separator)...])
            else { continue }
            found.append(ORMSchemaCalls.Call(line: offset + 1, call: trimmed.trimmingCharacters(in: .whitespaces)))
        }
        return found
    }

    /// YAML read line by line: each key's path from its indentation; documents (`---`) activated for a
    /// development or test profile are passed over.
    private static func yamlSettings(_ lines: [Substring]) -> [ORMSchemaCalls.Call] {
        var found: [ORMSchemaCalls.Call] = []
        var document: [ORMSchemaCalls.Call] = []
        var documentIsLocal = false
        var path: [(indent: Int, key: String)] = []
        func endDocument() {
            if !documentIsLocal { found += document }
            document = []
            documentIsLocal = false
            path = []
        }
        for (offset, line) in lines.enumerated() {
            if line.hasPrefix("---") {
                endDocument()
                continue
            }
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            guard !content.isEmpty, !content.hasPrefix("#"), !content.hasPrefix("-"),
                  let colon = content.firstIndex(of: ":")
            else { continue }
            let key = content[..<colon].trimmingCharacters(in: quotesAndSpaces)
            guard !key.isEmpty, !key.contains(" ") else { continue }
            while let last = path.last, last.indent >= indent { path.removeLast() }
            path.append((indent, key))
            let value = content[content.index(after: colon)...]
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let full = normalizedKey(path.map(\.key).joined(separator: "."))
            if full.hasSuffix("config.activate.onprofile") || full == "spring.profiles" {
                documentIsLocal = isLocalProfile(value.trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: quotes))
            } else if generatingKeys.contains(full), generates(value) {
                document.append(ORMSchemaCalls.Call(
                    line: offset + 1, call: "\(path.map(\.key).joined(separator: ".")):\(value)"
                        .trimmingCharacters(in: .whitespaces)))
            }
        }
        endDocument()
        return found
    }

    /// `<property name="hibernate.hbm2ddl.auto" value="update"/>` and `<property name="hbm2ddl.auto">update</property>`.
    private static func xmlSettings(_ lines: [Substring]) -> [ORMSchemaCalls.Call] {
        var found: [ORMSchemaCalls.Call] = []
        for (offset, line) in lines.enumerated() {
            guard let name = attribute("name", in: line), generatingKeys.contains(normalizedKey(name)) else { continue }
            let value: Substring?
            if let attributeValue = attribute("value", in: line) {
                value = attributeValue
            } else if let open = line.firstIndex(of: ">"), let close = line[open...].range(of: "</") {
                value = line[line.index(after: open)..<close.lowerBound]
            } else {
                value = nil
            }
            guard let value, generates(value) else { continue }
            found.append(ORMSchemaCalls.Call(line: offset + 1, call: "\(name)=\(value)"))
        }
        return found
    }

    private static func attribute(_ name: String, in line: Substring) -> Substring? {
        guard let start = line.range(of: name + "=\"") else { return nil }
        let rest = line[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return rest[..<end]
    }
}
