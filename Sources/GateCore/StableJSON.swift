import Foundation

/// The one way gate writes JSON for people and scripts: pretty, keys sorted and slashes unescaped, so the same
/// data gives the same bytes (diffable, snapshot-testable) in every command that has `--format json`.
///
/// The bytes are Foundation's `JSONEncoder` with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, written by
/// `PrettyJSONEncoder`, which makes them several times faster (the check report is written at the very end of a
/// run, on one core). A value that encoder cannot reproduce exactly goes through `JSONEncoder` itself.
public enum StableJSON {
    /// Which encoder writes: tests set it to compare the two.
    enum Writer: Sendable {
        /// `PrettyJSONEncoder`, or `JSONEncoder` for what it does not reproduce.
        case automatic
        /// Foundation's `JSONEncoder` only: the reference.
        case foundation
        /// `PrettyJSONEncoder` only; a value it leaves to `JSONEncoder` is an error.
        case prettyOnly
    }

    /// Thrown with `Writer.prettyOnly` for a value `PrettyJSONEncoder` does not write.
    struct LeftToFoundation: Error {}

    @TaskLocal static var writer = Writer.automatic

    public static func render<Value: Encodable>(_ value: Value) throws -> String {
        String(decoding: try utf8(value), as: UTF8.self)
    }

    /// `render`'s bytes, for output that goes straight to a file or stdout: a large report is not validated again
    /// as a `String` on the way out.
    public static func utf8<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        switch writer {
        case .foundation:
            return try foundation(value)
        case .prettyOnly:
            guard let bytes = try PrettyJSONEncoder.render(value) else { throw LeftToFoundation() }
            return bytes
        case .automatic:
            // Any failure, even a thrown error, is handed to JSONEncoder: the output or error is then exactly
            // what it always was.
            guard let bytes = try? PrettyJSONEncoder.render(value) else { return try foundation(value) }
            return bytes
        }
    }

    /// A document that names itself: `body`'s keys plus `"schema": schema` (e.g. `gate.rules/v1`), so a script
    /// can tell which document and which version it reads.
    public static func render<Body: Encodable>(schema: String, _ body: Body) throws -> String {
        try render(NamedDocument(schema: schema, body: body))
    }

    private static func foundation<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value)) + [0x0A]
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
