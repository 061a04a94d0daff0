/// The name a value is assigned to (`OPENAI_API_KEY`, `apiKey`, `"client_secret"`), as found before `=` or `:`,
/// or the function a literal is passed to (`cohere.Client("…")`).
///
/// It views memory owned by the scan (the file's bytes and a stack buffer), so it is valid only during the
/// rule call it is handed to; that keeps allocation off the path every assignment-like operator takes.
struct AssignedName {
    /// The name as written.
    let raw: UnsafeBufferPointer<UInt8>
    /// Lowercased, with `_`, `-` and `.` removed: `AWS_Secret_Access_Key` becomes `awssecretaccesskey`.
    let normalized: UnsafeBufferPointer<UInt8>
    /// Whether the value is an argument of a call named `raw` rather than assigned to it.
    let isCallArgument: Bool

    /// Normalizes `raw` into `storage`, which must hold at least `raw.count` bytes.
    init(raw: UnsafeBufferPointer<UInt8>, storage: UnsafeMutableBufferPointer<UInt8>, isCallArgument: Bool = false) {
        var count = 0
        for byte in raw where !Self.isSeparator(byte) {
            storage[count] = SecretValue.lowercased(byte)
            count += 1
        }
        self.raw = raw
        self.isCallArgument = isCallArgument
        normalized = UnsafeBufferPointer(rebasing: storage[..<count])
    }

    private init(raw: UnsafeBufferPointer<UInt8>, normalized: UnsafeBufferPointer<UInt8>, isCallArgument: Bool) {
        self.raw = raw
        self.normalized = normalized
        self.isCallArgument = isCallArgument
    }

    /// The name without an ending that says its value is encoded (`SESSION_KEY_HEX` is `SESSION_KEY`,
    /// `hmacKeyBase64` is `hmacKey`), or nil when it has none.
    var withoutEncodingEnding: AssignedName? {
        guard let (_, bare) = EncodedLiteral.encoding(ofName: raw) else { return nil }
        // The normalized name lost the separator before the ending, not the ending's letters.
        let letters = raw[bare.upperBound...].reduce(0) { $0 + (Self.isSeparator($1) ? 0 : 1) }
        guard normalized.count > letters else { return nil }
        return AssignedName(raw: UnsafeBufferPointer(rebasing: raw[..<bare.upperBound]),
                            normalized: UnsafeBufferPointer(rebasing: normalized[..<(normalized.count - letters)]),
                            isCallArgument: isCallArgument)
    }

    /// `_`, `.` and `-`, which normalizing drops (tested directly: this runs for every name judged).
    @inline(__always)
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }

    /// Whether the normalized name contains `word` (lowercase, without separators).
    func contains(_ word: [UInt8]) -> Bool {
        SecretValue.containsIgnoringCase(normalized, normalized.indices, word)
    }

    func contains(_ word: String) -> Bool { contains(Array(word.utf8)) }

    func containsAny(_ words: [[UInt8]]) -> Bool { words.contains { contains($0) } }

    func hasSuffix(_ word: [UInt8]) -> Bool {
        normalized.count >= word.count && normalized[(normalized.count - word.count)...].elementsEqual(word)
    }

    /// Whether the name's last word is `key` (`stripe_key`, `mapsKey`), not a word merely ending in it (`monkey`).
    var endsWithKeyWord: Bool {
        guard raw.count > 3, normalized.count >= 3, normalized[normalized.count - 3] == UInt8(ascii: "k"),
              normalized[normalized.count - 2] == UInt8(ascii: "e"), normalized[normalized.count - 1] == UInt8(ascii: "y")
        else { return false }
        let before = raw[raw.count - 4]
        let first = raw[raw.count - 3]
        return Self.isSeparator(before)
            || (first == UInt8(ascii: "K") && ((before >= UInt8(ascii: "a") && before <= UInt8(ascii: "z"))
                || (before >= UInt8(ascii: "0") && before <= UInt8(ascii: "9"))))
    }
}

/// A credential recognised by the name it is assigned to and the form of its value.
struct AssignmentRule: Sendable {
    /// A cheap test of the value's bytes alone, run before the name is even read.
    typealias ValueTest = @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool
    /// What a value (its bytes in the buffer) assigned to a name is, or nil when it is not this credential.
    typealias Matcher = @Sendable (AssignedName, UnsafeBufferPointer<UInt8>, Range<Int>) -> CredentialVerdict?

    /// Values shorter than this are not looked at further: the first filter on the hot path.
    let minimumLength: Int
    /// Bytes that no value this rule accepts contains (`plausible` refuses them): where every rule refuses a
    /// byte, the engine turns such values away before calling any rule, as it does most string literals (prose
    /// has spaces).
    let refusedBytes: ByteSet
    let plausible: ValueTest
    let matches: Matcher

    init(minimumLength: Int, refusedBytes: ByteSet = ByteSet(""), plausible: @escaping ValueTest,
         matches: @escaping Matcher) {
        self.minimumLength = minimumLength
        self.refusedBytes = refusedBytes
        self.plausible = plausible
        self.matches = matches
    }

    /// A rule with one fixed verdict, for credentials the matcher only needs to accept or reject.
    init(_ verdict: CredentialVerdict, minimumLength: Int, refusedBytes: ByteSet = ByteSet(""),
         plausible: @escaping ValueTest,
         accepts: @escaping @Sendable (AssignedName, UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool) {
        self.init(minimumLength: minimumLength, refusedBytes: refusedBytes, plausible: plausible) { name, buffer, value in
            accepts(name, buffer, value) ? verdict : nil
        }
    }
}

/// Reads `name = value` and `name: value` pairs around an operator, in any text: code, `.env`, YAML, JSON and
/// notebooks (whose code cells escape quotes as `\"`).
///
/// Most operators are rejected within a few bytes: in code the value must be quoted (a bare word there is an
/// identifier), and the name is read only once a rule finds the value plausible.
struct AssignmentSyntax {
    /// Unquoted values count only where a bare word is a value: config files, shell, docs, not code.
    let allowsBareValues: Bool

    // Byte classes as stored properties, not statics: a static's lazy-initialisation check on every hit
    // costs more than the test itself.
    private let nameCharacters = ByteSet("A-Za-z0-9_.-")
    private let notAssignmentBeforeEquals = ByteSet("=!<>:")
    private let quotes = ByteSet("\"'`")
    private let skippedBeforeOperator = ByteSet(" \t\"'`]\\")
    private let bareValueStops = ByteSet(" \t\r\n\"'`\\,;")
    private let maximumValueLength = 512
    /// Where the reading of a bare value stops: its end, or a byte no rule accepts in a value.
    private let bareStops: ByteSet
    /// The bytes below 64 that end the reading of a quoted value short of its closing quote, as bits: a line's end,
    /// and the bytes no rule accepts in a value, so most quoted strings in code (prose, class lists) are turned away
    /// at their first space rather than read to the end. A bit mask, not a `ByteSet`: this test runs on every byte of
    /// every quoted value, and a letter then costs two comparisons (a `ByteSet` test, three).
    private let quotedValueEnds: UInt64
    /// `\"…\"` (a notebook's code cell) ends only at the line's end or the quote; its `\` is taken off afterwards.
    private let escapedValueEnds: UInt64 = 1 << 10

    /// `refusedInValues`: bytes every rule refuses in a value, so a value holding one is no value at all.
    init(allowsBareValues: Bool, refusedInValues refused: ByteSet = ByteSet("")) {
        self.allowsBareValues = allowsBareValues
        var bareStops = ByteSet(" \t\r\n\"'`\\,;")
        bareStops.formUnion(refused)
        self.bareStops = bareStops
        // Refused bytes of 64 and up are left to the rules: only a speed-up is lost.
        quotedValueEnds = (0..<64).reduce(escapedValueEnds) { ends, byte in
            refused.contains(UInt8(byte)) ? ends | 1 << UInt64(byte) : ends
        }
    }

    /// The value after the operator at `hit`, or nil when `hit` is no assignment (`==`, `::`, `https://`).
    @inline(__always)
    func value(afterOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let start = valueStart(afterOperatorAt: hit, in: buffer) else { return nil }
        return value(at: start, in: buffer)
    }

    /// Where the value starts after an assignment operator (`=`, `:`, `:=`, `=>`).
    private func valueStart(afterOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let previous = hit > 0 ? buffer[hit - 1] : 0
        let next = hit + 1 < buffer.count ? buffer[hit + 1] : 0
        var start: Int
        if buffer[hit] == UInt8(ascii: "=") {
            if notAssignmentBeforeEquals.contains(previous) || next == UInt8(ascii: "=") { return nil }
            start = next == UInt8(ascii: ">") ? hit + 2 : hit + 1
        } else {
            if previous == UInt8(ascii: ":") || next == UInt8(ascii: ":") || next == UInt8(ascii: "/") { return nil }
            // A shell or Compose parameter's fallback, `${CLICKHOUSE_PASSWORD:-clickhouse}`, is a local default.
            if next == UInt8(ascii: "-") || next == UInt8(ascii: "?") || next == UInt8(ascii: "+") { return nil }
            start = next == UInt8(ascii: "=") ? hit + 2 : hit + 1
        }
        let limit = min(buffer.count, start + 16)
        while start < limit, buffer[start] == UInt8(ascii: " ") || buffer[start] == UInt8(ascii: "\t") { start += 1 }
        return start < buffer.count ? start : nil
    }

    /// The value's bytes: inside quotes (also `\"…\"`), or a bare word where allowed.
    private func value(at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var quote = buffer[start]
        var contentStart = start + 1
        let escaped = quote == UInt8(ascii: "\\") && start + 1 < buffer.count && buffer[start + 1] == UInt8(ascii: "\"")
        if escaped {
            quote = UInt8(ascii: "\"")
            contentStart = start + 2
        } else if !quotes.contains(quote) {
            guard allowsBareValues else { return nil }
            var end = start
            let limit = min(buffer.count, start + maximumValueLength)
            while end < limit, !bareStops.contains(buffer[end]) { end += 1 }
            // Stopped inside the word, at a byte no rule accepts.
            if end < limit, !bareValueStops.contains(buffer[end]) { return nil }
            return end > start ? start..<end : nil
        }
        let ends = escaped ? escapedValueEnds : quotedValueEnds
        var end = contentStart
        let limit = min(buffer.count, contentStart + maximumValueLength)
        while end < limit {
            let byte = buffer[end]
            // Two tests a letter, each a branch (an `if` over both made branch-free cost six more a byte).
            if byte == quote { break }
            if byte < 64, (ends >> UInt64(byte)) & 1 != 0 { break }
            end += 1
        }
        // Anything but the closing quote (a line's end, a byte no rule accepts, the length limit) is no value.
        guard end < buffer.count, buffer[end] == quote else { return nil }
        if escaped, end > contentStart, buffer[end - 1] == UInt8(ascii: "\\") { end -= 1 }
        return contentStart..<end
    }

    /// Where the name before the operator at `hit` is, past closing quotes and brackets (`"key": `,
    /// `env["KEY"] = `).
    func name(beforeOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = hit - 1
        var skipped = 0
        while index >= 0, skipped < 12, skippedBeforeOperator.contains(buffer[index]) {
            index -= 1
            skipped += 1
        }
        let end = index + 1
        while index >= 0, end - index <= 80, nameCharacters.contains(buffer[index]) { index -= 1 }
        return index + 1 < end ? (index + 1)..<end : nil
    }
}
