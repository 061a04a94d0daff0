import Foundation

/// The one way gate writes JSON for people and scripts: pretty, keys sorted and slashes unescaped, so the same
/// data gives the same bytes (diffable, snapshot-testable) in every command that has `--format json`.
public enum StableJSON {
    public static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
