import Foundation

/// A `gate:allow RULE -- reason` comment as written on a flagged line or the line above it (SPEC §4).
///
/// It lets the people who own the gate clear a false block inside the pull request: the block becomes a sign-off
/// from `owners`, never a pass. The comment is read from the diff's hunk, so it is the head's text.
public struct InlineAllowComment: Sendable, Equatable {
    /// The rule or category the comment names.
    public var rule: String
    /// Nil when the comment gives no `-- reason`: such a comment is ignored, and the report says so.
    public var reason: String?
    /// The head-side line the comment is on.
    public var line: Int

    public init(rule: String, reason: String?, line: Int) {
        self.rule = rule
        self.reason = reason
        self.line = line
    }

    /// The marker that starts an allow; a comment opener (`//`, `#`, `--`, `/*`) must come right before it.
    public static let marker = "gate:allow"
    static let openers = ["//", "#", "--", "/*"]

    /// Parses one line of text; nil when it holds no `gate:allow` comment.
    public static func parse(_ text: String, line: Int) -> InlineAllowComment? {
        guard let found = text.range(of: marker) else { return nil }
        // The marker must follow a comment opener (spaces between allowed), so `gate:allow` in ordinary code or
        // prose does not count.
        let before = text[..<found.lowerBound].reversed().drop { $0 == " " || $0 == "\t" }
        let opener = String(before.prefix(2).reversed())
        guard openers.contains(where: { opener.hasSuffix($0) }) else { return nil }
        // Nor does one inside a string literal (`"// gate:allow …"`): a comment opener there is text.
        guard !isInsideString(text[..<found.lowerBound]) else { return nil }
        var rest = Substring(text[found.upperBound...])
        // The allow ends where a block comment does; whatever follows `*/` is code.
        if let close = rest.range(of: "*/") { rest = rest[..<close.lowerBound] }
        guard rest.first == " " || rest.first == "\t" else { return nil }
        let parts = rest.components(separatedBy: " --")
        let rule = parts[0].trimmingCharacters(in: .whitespaces)
        guard !rule.isEmpty, !rule.contains(" ") else { return nil }
        let reason = parts.count > 1 ? parts.dropFirst().joined(separator: " --").trimmingCharacters(in: .whitespaces) : ""
        return InlineAllowComment(rule: rule, reason: reason.isEmpty ? nil : reason, line: line)
    }

    /// Whether the end of `prefix` (a line up to a comment marker) is inside a quoted string: quotes are paired
    /// from the line's start, a backslash escaping the next character.
    static func isInsideString(_ prefix: Substring) -> Bool {
        var quote: Character?
        var escaped = false
        for character in prefix {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = quote != nil
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" || character == "`" {
                quote = character
            }
        }
        return quote != nil
    }

    /// The allow comment on `line` of the head file, else on the line right above it, as the hunk shows them.
    public static func find(in hunk: Hunk?, line: Int) -> InlineAllowComment? {
        guard let hunk else { return nil }
        for wanted in [line, line - 1] {
            // Most flagged lines hold no allow: the marker's bytes are looked for before the line is made text.
            guard let diffLine = headLine(wanted, in: hunk), diffLine.withUTF8(holdsMarker),
                  let comment = parse(diffLine.text, line: wanted)
            else { continue }
            return comment
        }
        return nil
    }

    private static let markerBytes = Array(marker.utf8)

    /// Whether `bytes` hold `gate:allow` anywhere.
    static func holdsMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = markerBytes[0]
        var start = 0
        while start + markerBytes.count <= bytes.count {
            if bytes[start] == first, markerBytes.indices.allSatisfy({ bytes[start + $0] == markerBytes[$0] }) { return true }
            start += 1
        }
        return false
    }

    /// The hunk's line with head number `number`. Head lines run consecutively from `newStart` with deleted lines
    /// in between, so it is at index `number - newStart` or later: no walk from the top of a large new file for
    /// every finding in it.
    static func headLine(_ number: Int, in hunk: Hunk) -> DiffLine? {
        var index = max(0, number - hunk.newStart)
        while index < hunk.lines.count {
            let candidate = hunk.lines[index]
            if candidate.kind != .deleted, let found = candidate.newNumber {
                if found == number { return candidate }
                if found > number { return nil }
            }
            index += 1
        }
        return nil
    }
}

/// An inline allow that turned a block into a sign-off from `owners`, as the report shows it.
public struct AppliedAllowance: Codable, Sendable, Equatable {
    public var rule: String
    public var reason: String
    public var line: Int
    /// The group whose sign-off it needs instead of the block.
    public var group: String

    public init(rule: String, reason: String, line: Int, group: String) {
        self.rule = rule
        self.reason = reason
        self.line = line
        self.group = group
    }
}
