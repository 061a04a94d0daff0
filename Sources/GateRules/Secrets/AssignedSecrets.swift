/// The name a value is assigned to (`OPENAI_API_KEY`, `apiKey`, `"client_secret"`), as found before `=` or `:`.
struct AssignedName {
    /// The name as written.
    let raw: [UInt8]
    /// Lowercased, with `_`, `-` and `.` removed: `AWS_Secret_Access_Key` becomes `awssecretaccesskey`.
    let normalized: String

    init(_ raw: [UInt8]) {
        self.raw = raw
        let separators: [UInt8] = Array("_-.".utf8)
        normalized = String(decoding: raw.lazy.filter { !separators.contains($0) }.map(SecretValue.lowercased),
                            as: UTF8.self)
    }

    func contains(_ word: String) -> Bool { normalized.contains(word) }

    func containsAny(_ words: [String]) -> Bool { words.contains { normalized.contains($0) } }

    /// Whether the name's last word is `key` (`stripe_key`, `mapsKey`), not a word merely ending in it (`monkey`).
    var endsWithKeyWord: Bool {
        guard raw.count > 3, normalized.hasSuffix("key") else { return false }
        let before = raw[raw.count - 4]
        let first = raw[raw.count - 3]
        return "_-.".utf8.contains(before) || (first == UInt8(ascii: "K") && ByteSet("a-z0-9").contains(before))
    }
}

/// A credential recognised by the name it is assigned to and the form of its value.
struct AssignmentRule: Sendable {
    /// A cheap test of the value's bytes alone, run before the name is even read.
    typealias ValueTest = @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool
    /// Whether a value (its bytes in the buffer) assigned to a name is this kind of credential.
    typealias Matcher = @Sendable (AssignedName, UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool

    let label: String
    /// Values shorter than this are not looked at further: the first filter on the hot path.
    let minimumLength: Int
    let plausible: ValueTest
    let matches: Matcher

    init(_ label: String, minimumLength: Int, plausible: @escaping ValueTest, matches: @escaping Matcher) {
        self.label = label
        self.minimumLength = minimumLength
        self.plausible = plausible
        self.matches = matches
    }
}

/// Finds `name = value` and `name: value` pairs in any text (code, `.env`, YAML, JSON, notebooks) and hands
/// them to assignment rules.
///
/// It sweeps for `=` and `:` with `memchr` and rejects most hits within a few bytes: the value must be quoted
/// (in code, where a bare word is an identifier) and long enough before the name is even read.
struct AssignmentScanner {
    let rules: [AssignmentRule]
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

    init(rules: [AssignmentRule], allowsBareValues: Bool) {
        self.rules = rules
        self.allowsBareValues = allowsBareValues
    }

    func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> [CredentialMatch] {
        let shortest = rules.map(\.minimumLength).min() ?? 0
        var search = AnchorSearch(buffer, anchors: [UInt8(ascii: "="), UInt8(ascii: ":")])
        var matches: [CredentialMatch] = []
        var position = 0
        while let hit = search.next(from: position) {
            position = hit + 1
            guard let valueStart = valueStart(afterOperatorAt: hit, in: buffer),
                  let value = value(at: valueStart, in: buffer), value.count >= shortest
            else { continue }
            var name: AssignedName?
            for index in rules.indices where value.count >= rules[index].minimumLength {
                guard rules[index].plausible(buffer, value) else { continue }
                if name == nil { name = assignedName(beforeOperatorAt: hit, in: buffer) }
                guard let name, rules[index].matches(name, buffer, value) else { continue }
                matches.append(CredentialMatch(reportAt: value.lowerBound, secret: value, label: rules[index].label))
                position = value.upperBound
                break
            }
        }
        return matches
    }

    /// Where the value starts after an assignment operator (`=`, `:`, `:=`, `=>`), or nil for comparisons,
    /// paths (`::`) and URLs (`https://`).
    private func valueStart(afterOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let previous = hit > 0 ? buffer[hit - 1] : 0
        let next = hit + 1 < buffer.count ? buffer[hit + 1] : 0
        var start: Int
        if buffer[hit] == UInt8(ascii: "=") {
            if notAssignmentBeforeEquals.contains(previous) || next == UInt8(ascii: "=") { return nil }
            start = next == UInt8(ascii: ">") ? hit + 2 : hit + 1
        } else {
            if previous == UInt8(ascii: ":") || next == UInt8(ascii: ":") || next == UInt8(ascii: "/") { return nil }
            start = next == UInt8(ascii: "=") ? hit + 2 : hit + 1
        }
        let limit = min(buffer.count, start + 16)
        while start < limit, buffer[start] == UInt8(ascii: " ") || buffer[start] == UInt8(ascii: "\t") { start += 1 }
        return start < buffer.count ? start : nil
    }

    /// The value's bytes: inside quotes (also `\"…\"` as notebooks escape them), or a bare word where allowed.
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
            while end < limit, !bareValueStops.contains(buffer[end]) { end += 1 }
            return end > start ? start..<end : nil
        }
        var end = contentStart
        let limit = min(buffer.count, contentStart + maximumValueLength)
        while end < limit, buffer[end] != quote, buffer[end] != UInt8(ascii: "\n") { end += 1 }
        guard end < buffer.count, buffer[end] == quote else { return nil }
        if escaped, end > contentStart, buffer[end - 1] == UInt8(ascii: "\\") { end -= 1 }
        return contentStart..<end
    }

    /// The name before an operator, past closing quotes and brackets (`"key": `, `env["KEY"] = `).
    private func assignedName(beforeOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> AssignedName? {
        var index = hit - 1
        var skipped = 0
        while index >= 0, skipped < 12, skippedBeforeOperator.contains(buffer[index]) {
            index -= 1
            skipped += 1
        }
        let end = index + 1
        while index >= 0, end - index <= 80, nameCharacters.contains(buffer[index]) { index -= 1 }
        guard index + 1 < end else { return nil }
        return AssignedName(Array(buffer[(index + 1)..<end]))
    }
}
