import Foundation

/// A length of time as written in the policy and on the command line: `500ms`, `5s`, `15m`, `2h`, `14d`, `2w`.
public struct TimeSpan: Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func seconds(_ value: Int64) -> TimeSpan { TimeSpan(milliseconds: value * 1000) }

    /// Why a string is not a time span.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public init(text: String) { self.text = text }
        public var description: String {
            "invalid duration \"\(text)\": expected a whole number and a unit (ms, s, m, h, d, w), e.g. 5s or 14d"
        }
    }

    private static let units: [(suffix: String, factor: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000), ("w", 604_800_000),
    ]

    public init(parsing text: String) throws(SyntaxError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = trimmed.dropFirst(digits.count)
        guard !digits.isEmpty, let value = Int64(digits),
              let factor = TimeSpan.units.first(where: { $0.suffix == unit })?.factor,
              value <= Int64.max / factor
        else { throw SyntaxError(text: text) }
        self.milliseconds = value * factor
    }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public var description: String {
        for (suffix, factor) in TimeSpan.units.reversed() where milliseconds % factor == 0 && milliseconds >= factor {
            return "\(milliseconds / factor)\(suffix)"
        }
        return "\(milliseconds)ms"
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
