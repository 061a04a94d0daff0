/// The `${name}` placeholders Flyway and Liquibase replace in a SQL migration before they run it
/// (`CREATE TABLE ${flyway:defaultSchema}.product_tags (…)`, `GRANT SELECT ON t TO ${app_role}`): gate reads the
/// statement with a name in their place, as the tool runs it with a value there, so it is judged as what it is
/// rather than as SQL that does not parse.
public enum SQLPlaceholders {
    /// `bytes` with each `${name}` closed on its line made an identifier of the same length (`${schema}` becomes
    /// `__schema_`, `${flyway:user}` `__flyway_user_`): offsets, lines and columns stay those of the file.
    public static func substituted(_ bytes: [UInt8]) -> [UInt8] {
        var copy = bytes
        var index = 0
        while index + 2 < bytes.count {
            guard bytes[index] == UInt8(ascii: "$"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            var end = index + 2
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            guard end > index + 2, end < bytes.count, bytes[end] == UInt8(ascii: "}") else {
                index += 2
                continue
            }
            copy[index] = UInt8(ascii: "_")
            copy[index + 1] = UInt8(ascii: "_")
            for offset in (index + 2)..<end where !CallScanner.isIdentifier(bytes[offset]) { copy[offset] = UInt8(ascii: "_") }
            copy[end] = UInt8(ascii: "_")
            index = end + 1
        }
        return copy
    }

    /// Whether a SQL migration of this kind is run with its placeholders replaced: Flyway's and Liquibase's are.
    public static func areReplaced(in kind: MigrationFileKind) -> Bool {
        kind.framework == "flyway" || kind.framework == "liquibase"
    }

    /// The bytes of a placeholder's name: Flyway's `flyway:defaultSchema`, Liquibase's `db.schema`, `app-role`.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        CallScanner.isIdentifier(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
