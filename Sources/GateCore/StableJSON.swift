import Foundation

/// The one way gate writes JSON for people and scripts: pretty, keys sorted and slashes unescaped, so the same
/// data gives the same bytes (diffable, snapshot-testable) in every command that has `--format json`.
public enum StableJSON {
    public static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// A document that names itself: `body`'s keys plus `"schema": schema` (e.g. `gate.rules/v1`), so a script
    /// can tell which document and which version it reads.
    public static func render<Body: Encodable>(schema: String, _ body: Body) throws -> String {
        try render(NamedDocument(schema: schema, body: body))
    }
}

private struct NamedDocument<Body: Encodable>: Encodable {
    var schema: String
    var body: Body

    enum CodingKeys: String, CodingKey { case schema }

    /// The body's keys and `schema` share one object: the encoder merges keyed containers of the same level.
    func encode(to encoder: any Encoder) throws {
        try body.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema, forKey: .schema)
    }
}
