import GateCore

/// What a credential belongs to, which decides the detector (and the `gate rules` page) that reports it.
enum CredentialKind: String, CaseIterable, Sendable {
    case ai, payments, messaging, cloud, code, services
}

/// A checksum a provider builds into its tokens, so a made-up string of the right shape is told apart.
enum CredentialChecksum: Sendable {
    /// GitHub's and npm's scheme: the last 6 characters are the CRC-32 of the 30 before them, in base 62
    /// (`0-9A-Za-z`), left-padded with zeros.
    case crc32Base62
}

/// One provider's credential format as data: where it is recognised (a literal prefix anywhere, or a name it
/// is assigned to or a call it is passed to), the characters and lengths of each part, a checksum where the
/// provider defines one, and the tier a leak of it has.
///
/// The format is written as a pattern: literal text, `[..]` for one byte of a class in the prefix, and
/// `{class:n}` or `{class:n-m}` for a run, where class is `alnum`, `hex` (lowercase), `HEX`, `lower`
/// (`a-z0-9`), `upper` (`A-Z0-9`), `letters`, `digits`, `b64`, `url` (`A-Za-z0-9_-`), `b32` (`A-Z2-7`),
/// `uuid`, or a set such as `A-Za-z0-9_`. The prefix is the literal text before the first run.
struct CredentialFormat: Sendable {
    let provider: String
    let label: String
    let kind: CredentialKind
    let pattern: String
    /// For formats without a prefix: words one of which the assigned name or the callee must contain
    /// (`mistral` in `MISTRAL_API_KEY` or `Mistral(api_key=…)`).
    let names: [String]
    let tier: Tier
    let checksum: CredentialChecksum?
    let minimumEntropy: Double
    /// Whether the last run alone is the secret and what comes before it an identifier (a webhook URL's id before
    /// its token): placeholders and randomness are judged on the secret, so a made-up id (`123456789012345678`)
    /// in front of a live token does not pass the URL off as a placeholder.
    let secretIsLastRun: Bool

    init(_ provider: String, _ label: String, _ kind: CredentialKind, _ pattern: String, names: [String] = [],
         tier: Tier = .critical, checksum: CredentialChecksum? = nil, minimumEntropy: Double = 3.0,
         secretIsLastRun: Bool = false) {
        self.provider = provider
        self.label = label
        self.kind = kind
        self.pattern = pattern
        self.names = names
        self.tier = tier
        self.checksum = checksum
        self.minimumEntropy = minimumEntropy
        self.secretIsLastRun = secretIsLastRun
    }

    /// The literal prefix (with `[..]` classes), empty for a name-keyed format.
    var prefix: String {
        names.isEmpty ? String(pattern.prefix { $0 != "{" }) : ""
    }

    /// How many bytes the prefix matches (a `[..]` class is one).
    var prefixLength: Int {
        var count = 0
        var inClass = false
        for character in prefix {
            if character == "[" { inClass = true } else if character == "]" { inClass = false; count += 1 } else if !inClass { count += 1 }
        }
        return count
    }

    /// Whether the format is found by a literal inside it rather than by a prefix or a name.
    var isInnerAnchored: Bool { names.isEmpty && pattern.hasPrefix("{") }

    /// The body's parts: after the prefix, or the whole pattern for a name-keyed format.
    var segments: [FormatSegment] { FormatSegment.parse(String(pattern.dropFirst(prefix.count))) }

    var verdict: CredentialVerdict { CredentialVerdict(label, provider: provider, tier: tier) }
}

/// One part of a credential's body: a run of a class, or a literal separator.
enum FormatSegment: Sendable {
    case run(ByteSet, ClosedRange<Int>, members: String)
    case literal(UInt8)

    static let classes: [String: String] = [
        "alnum": "A-Za-z0-9", "hex": "0-9a-f", "HEX": "0-9A-F", "lower": "a-z0-9", "upper": "A-Z0-9",
        "letters": "A-Za-z", "digits": "0-9", "b64": "A-Za-z0-9+/", "url": "A-Za-z0-9_-", "b32": "A-Z2-7",
    ]

    /// The five hex groups `{uuid}` stands for.
    private static let uuid = parse("{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}")

    /// The segments of a body pattern; `{uuid}` expands to its five hex groups (spliced in as segments: replacing
    /// the text first, through Foundation, was a third of the cost of compiling the whole catalogue).
    static func parse(_ pattern: String) -> [FormatSegment] {
        var segments: [FormatSegment] = []
        var text = Substring(pattern)
        while let first = text.first {
            guard first == "{", let close = text.firstIndex(of: "}") else {
                segments += first.utf8.map { .literal($0) }
                text = text.dropFirst()
                continue
            }
            let spec = text[text.index(after: text.startIndex)..<close]
            text = text[text.index(after: close)...]
            if spec == "uuid" {
                segments += uuid
                continue
            }
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            let members = classes[parts[0]] ?? parts[0]
            let counts = (parts.count > 1 ? parts[1] : "1").split(separator: "-").compactMap { Int($0) }
            let low = counts.first ?? 1
            segments.append(.run(ByteSet(members), low...max(low, counts.last ?? low), members: members))
        }
        return segments
    }

    /// `A-Za-z0-9` as the list of its characters, for generating examples.
    static func expand(_ members: String) -> String {
        let bytes = Array(members.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                result += Array(bytes[index]...bytes[index + 2])
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// A compiled body pattern: the run the engine scans for, and the exact check of its parts.
struct FormatBody: Sendable {
    let segments: [FormatSegment]
    let alphabet: ByteSet
    let length: ClosedRange<Int>
    let checksum: CredentialChecksum?
    /// Whether the body must mix at least two of upper case, lower case and digits: short prefixes (`fw_`,
    /// `pa-`) are otherwise met by identifiers such as `fw_update_firmware_version_now`.
    let mixesClasses: Bool
    /// Whether a run on its own says it all (one class segment, no checksum).
    let isPlainRun: Bool

    init(_ format: CredentialFormat) {
        segments = format.segments
        var alphabet = ByteSet("")
        var low = 0, high = 0
        var classCount = 0
        for segment in segments {
            switch segment {
            case .run(let set, let range, _):
                alphabet.formUnion(set)
                low += range.lowerBound
                high += range.upperBound
                classCount += 1
            case .literal(let byte):
                alphabet.formUnion(ByteSet(String(decoding: [byte], as: UTF8.self)))
                low += 1
                high += 1
            }
        }
        self.alphabet = alphabet
        length = low...max(low, high)
        checksum = format.checksum
        isPlainRun = segments.count == 1 && format.checksum == nil
        let literalPrefix = format.prefix.filter { $0 != "[" && $0 != "]" }
        let hasDigits = alphabet.contains(UInt8(ascii: "7")), hasUpper = alphabet.contains(UInt8(ascii: "Q"))
        let hasLower = alphabet.contains(UInt8(ascii: "q"))
        mixesClasses = literalPrefix.count <= 4 && [hasDigits, hasUpper, hasLower].filter { $0 }.count >= 2
    }

    /// Whether `range` of `buffer` is exactly this body: every segment in order, the checksum right.
    func accepts(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if mixesClasses, !Self.mixesClasses(buffer, range) { return false }
        if !isPlainRun {
            guard Self.matches(segments[...], buffer, range.lowerBound, range.upperBound) else { return false }
        }
        switch checksum {
        case .crc32Base62?: return Checksums.crc32Base62Holds(buffer, range)
        case nil: return true
        }
    }

    /// Segment by segment; a run takes as many bytes as it may while the rest still matches.
    static func matches(_ segments: ArraySlice<FormatSegment>, _ buffer: UnsafeBufferPointer<UInt8>,
                                _ start: Int, _ end: Int) -> Bool {
        guard let first = segments.first else { return start == end }
        switch first {
        case .literal(let byte):
            return start < end && buffer[start] == byte && matches(segments.dropFirst(), buffer, start + 1, end)
        case .run(let set, let range, _):
            var count = 0
            while start + count < end, count < range.upperBound, set.contains(buffer[start + count]) { count += 1 }
            // Fixed-length runs (the usual case) try one split; ranges back off greedily.
            while count >= range.lowerBound {
                if matches(segments.dropFirst(), buffer, start + count, end) { return true }
                count -= 1
            }
            return false
        }
    }

    private static func mixesClasses(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var upper = false, lower = false, digit = false
        for index in range {
            let byte = buffer[index]
            if byte >= 65 && byte <= 90 { upper = true } else if byte >= 97 && byte <= 122 { lower = true }
            else if byte >= 48 && byte <= 57 { digit = true }
        }
        return (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) >= 2
    }
}

/// Checksums providers build into their tokens.
enum Checksums {
    private static let crcTable: [UInt32] = (0..<256).map { value in
        var crc = UInt32(value)
        for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
        return crc
    }
    private static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    static func crc32<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// `value` in base 62, left-padded with zeros to 6 characters.
    static func base62(_ value: UInt32) -> [UInt8] {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(base62[Int(rest % 62)])
            rest /= 62
        } while rest > 0
        while digits.count < 6 { digits.append(UInt8(ascii: "0")) }
        return digits.reversed()
    }

    /// Whether the last 6 bytes of `range` are the base-62 CRC-32 of the bytes before them.
    static func crc32Base62Holds(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count > 6 else { return false }
        let split = range.upperBound - 6
        return base62(crc32(buffer[range.lowerBound..<split])).elementsEqual(buffer[split..<range.upperBound])
    }
}

extension CredentialFormat {
    /// The token shape that finds this format by its prefix, or nil for a name-keyed format.
    var tokenShape: TokenShape? {
        guard names.isEmpty else { return nil }
        if isInnerAnchored { return innerAnchorShape }
        let body = FormatBody(self)
        return TokenShape(label, prefix: prefix, body: .run(body.alphabet, body.length), minimumEntropy: minimumEntropy,
                          provider: provider, tier: tier,
                          structure: body.isPlainRun && !body.mixesClasses ? nil : body.accepts, judged: lastRunIfSecret)
    }

    /// With `secretIsLastRun`, the part of a matched body that is the secret: its last run, as many bytes of the run's
    /// class as the run may hold, counted back from the body's end.
    private var lastRunIfSecret: TokenShape.JudgedPart? {
        guard secretIsLastRun, case .run(let set, let length, _)? = segments.last else { return nil }
        return { buffer, body in
            var start = body.upperBound
            while start > body.lowerBound, body.upperBound - start < length.upperBound, set.contains(buffer[start - 1]) { start -= 1 }
            return start..<body.upperBound
        }
    }

    /// For a format whose distinctive literal sits inside it (`{hex:32}-us{digits:1-2}` for Mailchimp,
    /// `{digits:8-10}:AA{url:33}` for Telegram): found at that literal, checked and reported from its start.
    private var innerAnchorShape: TokenShape? {
        let all = FormatSegment.parse(pattern)
        // The anchor is the longest literal run (`:fx` rather than a UUID's dashes).
        var chunks: [Range<Int>] = []
        var index = 0
        while index < all.count {
            guard case .literal = all[index] else {
                index += 1
                continue
            }
            let start = index
            while index < all.count, case .literal = all[index] { index += 1 }
            chunks.append(start..<index)
        }
        guard let anchorChunk = chunks.max(by: { $0.count <= $1.count }) else { return nil }
        let anchorText = anchorChunk.compactMap { if case .literal(let byte) = all[$0] { byte } else { nil } }
        var leadSet = ByteSet(""), trailSet = ByteSet("")
        var leadMax = 0, trailMax = 0
        for (position, segment) in all.enumerated() where !anchorChunk.contains(position) {
            let (set, most): (ByteSet, Int) = switch segment {
            case .run(let set, let range, _): (set, range.upperBound)
            case .literal(let byte): (ByteSet(String(decoding: [byte], as: UTF8.self)), 1)
            }
            if position < anchorChunk.lowerBound {
                leadSet.formUnion(set)
                leadMax += most
            } else {
                trailSet.formUnion(set)
                trailMax += most
            }
        }
        let minimumEntropy = minimumEntropy
        let (lead0, trail0, leadLimit, trailLimit) = (leadSet, trailSet, leadMax, trailMax)
        let wordCharacters = ByteSet.alphanumeric
        return TokenShape(label, prefix: String(decoding: anchorText, as: UTF8.self), body: .custom { buffer, prefixStart, bodyStart in
            var start = prefixStart
            while start > 0, prefixStart - start < leadLimit, lead0.contains(buffer[start - 1]) { start -= 1 }
            var end = bodyStart
            while end < buffer.count, end - bodyStart < trailLimit, trail0.contains(buffer[end]) { end += 1 }
            // Telegram's Bot API takes its token in the path, after `bot`: `api.telegram.org/bot123…:AA…/sendMessage`.
            let inBotPath = start >= 4 && buffer[start - 4] == UInt8(ascii: "/") && buffer[start - 3] == UInt8(ascii: "b")
                && buffer[start - 2] == UInt8(ascii: "o") && buffer[start - 1] == UInt8(ascii: "t")
            guard start < prefixStart, start == 0 || !wordCharacters.contains(buffer[start - 1]) || inBotPath,
                  end == buffer.count || !wordCharacters.contains(buffer[end]),
                  FormatBody.matches(all[...], buffer, start, end),
                  SecretValue.looksLive(shaped: buffer, start..<end, minimumEntropy: minimumEntropy)
            else { return nil }
            return CustomMatch(secret: start..<end, reportAt: start)
        }, provider: provider, tier: tier, needsBoundaryBefore: false)
    }

    /// An example credential of this format, the same on every run, never a real one.
    func example(seed: String = "") -> String {
        // One byte of a `[..]` class in the prefix: its first member.
        var text = ""
        var remaining = Substring(prefix)
        while let character = remaining.first {
            if character == "[", let close = remaining.firstIndex(of: "]") {
                text += FormatSegment.expand(String(remaining[remaining.index(after: remaining.startIndex)..<close])).prefix(1)
                remaining = remaining[remaining.index(after: close)...]
            } else {
                text.append(character)
                remaining = remaining.dropFirst()
            }
        }
        var body = ""
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let byte): body += String(decoding: [byte], as: UTF8.self)
            case .run(_, let range, let members):
                let count = checksum != nil && index == segments.count - 1 ? range.lowerBound - 6 : range.lowerBound
                body += ExampleSecret.random(count, from: FormatSegment.expand(members), seed: "\(provider)-\(label)-\(index)\(seed)")
            }
        }
        if checksum == .crc32Base62 {
            body += String(decoding: Checksums.base62(Checksums.crc32(Array(body.utf8))), as: UTF8.self)
        }
        return text + body
    }
}
