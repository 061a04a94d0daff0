import GateCore

/// How sure a secret finding is, which sets its tier (SPEC §2: entropy alone never blocks).
enum CredentialConfidence: Sendable, Equatable {
    /// A provider's own format (prefix, length, checksum): the tier the format declares.
    case providerShaped
    /// Only the value's randomness and the name it is assigned to say it is a secret: at most `high`,
    /// and `low` in fixture directories.
    case entropyOnly
}

/// What a shape or rule concluded about a candidate: what it is and how much it matters.
struct CredentialVerdict: Sendable {
    var label: String
    var provider: String?
    var tier: Tier
    var confidence: CredentialConfidence
    /// A token whose expiry has passed: it opens nothing once servers check it, so in test code (where expired
    /// tokens are made to test the rejection of expired tokens) it is low; elsewhere it keeps its tier.
    var isExpired = false
    /// A password handed to a login or connection call: in test code it logs in to the tests' own servers (a
    /// container's database, a mock mail server), so there it is low; elsewhere it keeps its tier.
    var isLoginPassword = false

    /// Whether the credential is low in test code (`SecretFileKind.isTestCode`).
    var isLowInTestCode: Bool { isExpired || isLoginPassword }

    init(_ label: String, provider: String? = nil, tier: Tier = .critical,
         confidence: CredentialConfidence = .providerShaped) {
        self.label = label
        self.provider = provider
        self.tier = tier
        self.confidence = confidence
    }
}

/// Where a credential was found: the place to report and the bytes that are secret.
struct CredentialMatch {
    /// Byte offset the finding points at (its line and column).
    var reportAt: Int
    /// The secret bytes, for the redacted evidence.
    var secret: Range<Int>
    var verdict: CredentialVerdict
    /// Whether the secret spans adjacent string literals (`"sk_live_abc" "def"`): the quotes and what joins
    /// them are left out of the evidence.
    var joined = false
}

extension CredentialMatch {
    /// The secret as its evidence shows it (redacted): without the glue when it spans adjacent literals.
    func secretText(in buffer: UnsafeBufferPointer<UInt8>) -> String {
        joined ? JoinedLiterals.text(of: secret, in: buffer)
            : String(decoding: UnsafeBufferPointer(rebasing: buffer[secret]), as: UTF8.self)
    }
}

/// What a `.custom` body found: the secret, and where to report when that is not the prefix's start.
struct CustomMatch {
    var secret: Range<Int>
    var reportAt: Int?
    /// Overrides the shape's own label and tier (a JWT's role, a URL's scheme).
    var verdict: CredentialVerdict?

    init(secret: Range<Int>, reportAt: Int? = nil, verdict: CredentialVerdict? = nil) {
        self.secret = secret
        self.reportAt = reportAt
        self.verdict = verdict
    }
}

/// A credential format recognised by a literal prefix: what may follow it, how long, and how random.
struct TokenShape: Sendable {
    /// What follows the prefix.
    enum Body: Sendable {
        /// A run of `alphabet` bytes whose length lies in the range.
        case run(ByteSet, ClosedRange<Int>)
        /// A format the run model cannot express: given where the prefix starts and ends, what it found.
        case custom(@Sendable (UnsafeBufferPointer<UInt8>, _ prefixStart: Int, _ bodyStart: Int) -> CustomMatch?)
    }

    /// Extra checks on the body of a `.run` (a separator at a fixed place, a checksum); the buffer may be a
    /// copy holding only the prefix and the joined body.
    typealias Structure = @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool
    /// What a matched credential is where its surroundings say more than its shape (a Google API key inside a
    /// Firebase web config ships to every browser): given the file's bytes and the credential's, a verdict that
    /// replaces the shape's, or nil to keep it.
    typealias Context = @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> CredentialVerdict?
    /// The part of a `.run` body that is the secret, whose randomness says whether it is live (a webhook's token,
    /// not the id before it); the whole body when a shape has none.
    typealias JudgedPart = @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> Range<Int>

    let verdict: CredentialVerdict
    let prefix: [ByteSet]
    let body: Body
    let minimumEntropy: Double
    let structure: Structure?
    let context: Context?
    let judged: JudgedPart?
    /// Whether a letter or digit just before the prefix disqualifies it; false for shapes whose prefix
    /// sits inside the credential (`-us` of a Mailchimp key, `:AA` of a Telegram bot token).
    let needsBoundaryBefore: Bool
    /// Whether a token shape recognising the secret's own start takes precedence (a GitHub token as a URL's
    /// password is reported as the GitHub token).
    let yieldsToTokens: Bool
    /// The prefix byte searched for: the rarest literal in the prefix.
    let anchor: UInt8
    let anchorIndex: Int
    /// What may not touch the token on either side (a stored copy: statics are slow to reach on the hot path).
    private let wordCharacters = ByteSet.alphanumeric
    /// What may not come just before a prefix: `shippo_live_…` holds no `live_…` key of its own.
    private let wordBefore = ByteSet("A-Za-z0-9_")
    private let quotes = ByteSet("\"'")
    private let literalGlue = ByteSet(" \t\r\n+.\\")
    /// The glue between the elements of a list joined into one string (`"".join(["sk-…", "…"])`).
    private let listGlue = ByteSet(" \t\r\n,")

    var label: String { verdict.label }

    /// The bytes the body may start with, for the scan's prefilter.
    var bodyStart: ByteSet {
        if case .run(let alphabet, _) = body { return alphabet }
        return .all
    }

    /// A shape whose `prefix` is literal text, where `[KS]` stands for one byte of a class.
    init(_ label: String, prefix: String, body: Body, minimumEntropy: Double = 3.0, provider: String? = nil,
         tier: Tier = .critical, needsBoundaryBefore: Bool = true, yieldsToTokens: Bool = false,
         structure: Structure? = nil, context: Context? = nil, judged: JudgedPart? = nil) {
        self.verdict = CredentialVerdict(label, provider: provider, tier: tier)
        self.body = body
        self.minimumEntropy = minimumEntropy
        self.structure = structure
        self.context = context
        self.judged = judged
        self.needsBoundaryBefore = needsBoundaryBefore
        self.yieldsToTokens = yieldsToTokens
        var sets: [ByteSet] = []
        var text = Substring(prefix)
        while let first = text.first {
            if first == "[", let close = text.firstIndex(of: "]") {
                sets.append(ByteSet(String(text[text.index(after: text.startIndex)..<close])))
                text = text[text.index(after: close)...]
            } else {
                sets.append(ByteSet(String(first)))
                text = text.dropFirst()
            }
        }
        self.prefix = sets
        // The scan tests the anchor with the byte after it, then the byte before it: the rarest triple wins, the
        // pair with the next byte weighing most, since every occurrence of it costs the scan a closer look.
        // A class counts as common as all its members together; past the prefix comes the body.
        let members = sets.map(\.singleMember)
        let bodyFirst: ByteSet = if case .run(let alphabet, _) = body { alphabet } else { .all }
        let table = Self.commonnessTable
        func weight(_ at: Int) -> Int {
            if at >= 0, at < members.count, let member = members[at] { return table[Int(member)] }
            let set = at < 0 ? ByteSet.all : at < sets.count ? sets[at] : bodyFirst
            var total = 0
            for byte in 32...126 where set.contains(UInt8(byte)) { total += table[byte] }
            return total
        }
        func rarity(_ index: Int) -> Double {
            func pair(_ first: Int, _ second: Int) -> Int {
                guard first >= 0, second < members.count, let a = members[first], let b = members[second] else { return 1 }
                return Self.pairCommonness(a, b)
            }
            // The pair with the next byte gates every look, so it weighs triple (in floating point: a class's
            // weight cubed would overflow an integer).
            let ahead = Double(weight(index) * weight(index + 1) * pair(index, index + 1))
            return ahead * ahead * ahead * Double(weight(index - 1) * pair(index - 1, index))
        }
        let rarest = members.indices.filter { members[$0] != nil }.min { rarity($0) < rarity($1) }
        anchorIndex = rarest ?? 0
        anchor = rarest.flatMap { members[$0] } ?? 0
    }

    /// The credential this shape recognises around an anchor byte at `position`, if it is one.
    func match(in buffer: UnsafeBufferPointer<UInt8>, anchorAt position: Int) -> CredentialMatch? {
        let start = position - anchorIndex
        guard start >= 0, start + prefix.count <= buffer.count else { return nil }
        if needsBoundaryBefore, start > 0, wordBefore.contains(buffer[start - 1]) { return nil }
        for offset in prefix.indices where !prefix[offset].contains(buffer[start + offset]) { return nil }
        let bodyStart = start + prefix.count
        switch body {
        case .run(let alphabet, let length):
            var end = bodyStart
            var count = 0
            var joined = false
            // In a string's `${"…"}` (a JavaScript template literal's, a Kotlin string's): the literal's close, then
            // `}`, goes on in the string's own text.
            var interpolated = JoinedLiterals.opensInterpolation(quoteAt: start - 1, in: buffer)
            while true {
                let limit = min(buffer.count, end + length.upperBound + 1 - count)
                while end < limit, alphabet.contains(buffer[end]) {
                    end += 1
                    count += 1
                }
                // `"sk_live_abc" "def"` and `"sk_live_abc" + "def"` are one key split across literals, and so are
                // the pieces of a list joined with nothing between them, where a piece is too short to be the key.
                guard count < length.upperBound else { break }
                // `sk-proj-${"AbC…"}${"…"}`: a template's text and the literals it interpolates are one value.
                if let next = JoinedLiterals.interpolationContinuation(after: end, in: buffer, interpolated: &interpolated) {
                    guard alphabet.contains(buffer[next]) else { break }
                    end = next
                    joined = true
                    continue
                }
                guard let next = continuation(after: end, in: buffer, alphabet: alphabet, glue: literalGlue)
                          ?? (count < length.lowerBound && JoinedLiterals.isJoinedListElement(openingQuoteAt: start - 1, in: buffer)
                              ? continuation(after: end, in: buffer, alphabet: alphabet, glue: listGlue) : nil)
                else { break }
                end = next
                joined = true
            }
            guard length.contains(count) else { return nil }
            if end < buffer.count, wordCharacters.contains(buffer[end]) { return nil }
            let accepted = joined
                ? JoinedLiterals.withBytes(of: start..<end, in: buffer) { copy in
                    accepts(copy, body: prefix.count..<copy.count)
                }
                : accepts(buffer, body: bodyStart..<end)
            guard accepted else { return nil }
            return CredentialMatch(reportAt: start, secret: start..<end, verdict: context?(buffer, start..<end) ?? verdict,
                                   joined: joined)
        case .custom(let find):
            guard let found = find(buffer, start, bodyStart) else { return nil }
            return CredentialMatch(reportAt: found.reportAt ?? start, secret: found.secret,
                                   verdict: found.verdict ?? verdict)
        }
    }

    private func accepts(_ buffer: UnsafeBufferPointer<UInt8>, body: Range<Int>) -> Bool {
        (structure?(buffer, body) ?? true)
            && SecretValue.looksLive(shaped: buffer, judged?(buffer, body) ?? body, minimumEntropy: minimumEntropy)
    }

    /// Where the next literal's content starts when the run stopped at a closing quote followed only by `glue`
    /// (whitespace, `+`, `.` or a line continuation; a list's commas) and an opening quote of the same kind. The
    /// glue may be long: a formatter lines the next literal up under the first one's bracket.
    private func continuation(after end: Int, in buffer: UnsafeBufferPointer<UInt8>, alphabet: ByteSet,
                              glue: ByteSet) -> Int? {
        guard end < buffer.count, quotes.contains(buffer[end]) else { return nil }
        let quote = buffer[end]
        var index = end + 1
        let limit = min(buffer.count - 1, end + 240)
        while index < limit, glue.contains(buffer[index]) { index += 1 }
        guard index < limit, buffer[index] == quote, alphabet.contains(buffer[index + 1])
        else { return nil }
        return index + 1
    }

    /// How much more often two bytes occur together than their ranks say: words (English's commonest letter
    /// pairs most of all), snake_case, kebab-case (CSS classes, URLs, package names) and dotted names are common.
    private static func pairCommonness(_ first: UInt8, _ second: UInt8) -> Int {
        let (lower, upper, joiners) = (lowerLetters, upperLetters, nameJoiners)
        if lower.contains(first), lower.contains(second) {
            return commonLetterPairs.contains(Int(first) << 8 | Int(second)) ? 12 : 6
        }
        if (lower.contains(first) && joiners.contains(second)) || (joiners.contains(first) && lower.contains(second)) { return 2 }
        if upper.contains(first), upper.contains(second) { return 2 }
        return 1
    }

    // Built once: parsed from text on every call, they cost more than all else in choosing the anchors.
    private static let lowerLetters = ByteSet("a-z")
    private static let upperLetters = ByteSet("A-Z")
    private static let nameJoiners = ByteSet("_.-")

    /// The fifty commonest letter pairs of English text, which identifiers and prose share.
    private static let commonLetterPairs: Set<Int> = Set(
        ("th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as ou io le ve co me de hi "
            + "ri ro ic ne ea ra ce li ch ll be ma si om ur").split(separator: " ").map { pair in
            let bytes = Array(pair.utf8)
            return Int(bytes[0]) << 8 | Int(bytes[1])
        })

    /// A rough rank of how often a byte occurs in source text, so the anchor is a rare one.
    private static func commonness(_ byte: UInt8) -> Int { commonnessTable[Int(byte)] }

    private static let commonnessTable: [Int] = (0...255).map { rankCommonness(UInt8($0)) }

    private static func rankCommonness(_ byte: UInt8) -> Int {
        let character = Character(Unicode.Scalar(byte))
        switch character {
        case "a"..."z":
            if "etaoinsrlcdhu".contains(character) { return 10 }
            if "mpfgbyw".contains(character) { return 6 }
            return "vk".contains(character) ? 4 : 3
        case "A"..."Z": return "STEAROCN".contains(character) ? 4 : 3
        case "0"..."9": return 5
        case "_": return 12
        case " ", ".", "(", ")", "=", "\"", ",", "\n": return 10
        case "-": return 9
        case "/", ":": return 7
        default: return 2
        }
    }
}

/// Credentials split across adjacent string literals, seen as the one value they make.
enum JoinedLiterals {
    private static let quotes = ByteSet("\"'")

    /// Runs `body` on a copy of `range` without the quotes and what joins them (and a template's `${` and `}`
    /// around the literals it interpolates).
    static func withBytes<Result>(of range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>,
                                  _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { storage in
            var count = 0
            var index = range.lowerBound
            var interpolated = opensInterpolation(quoteAt: range.lowerBound - 1, in: buffer)
            while index < range.upperBound {
                if buffer[index] == UInt8(ascii: "$") || (interpolated && quotes.contains(buffer[index])),
                   let next = interpolationContinuation(after: index, in: buffer, interpolated: &interpolated),
                   next <= range.upperBound
                {
                    index = next
                    continue
                }
                if quotes.contains(buffer[index]) {
                    // Skip the closing quote, the glue and the opening quote.
                    let quote = buffer[index]
                    index += 1
                    while index < range.upperBound, buffer[index] != quote { index += 1 }
                    index += 1
                    continue
                }
                storage[count] = buffer[index]
                count += 1
                index += 1
            }
            return body(UnsafeBufferPointer(rebasing: storage[..<count]))
        }
    }

    /// Whether the literal whose opening quote is at `quote` is interpolated in a string: `${"…"}`, `${ '…' }`.
    static func opensInterpolation(quoteAt quote: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard quote >= 2, quote < buffer.count, quotes.contains(buffer[quote]) else { return false }
        var index = quote - 1
        while index > 1, buffer[index] == UInt8(ascii: " ") { index -= 1 }
        return buffer[index] == UInt8(ascii: "{") && buffer[index - 1] == UInt8(ascii: "$")
    }

    /// Where a value goes on past `end` across a string's interpolations of literals: from the string's text into
    /// `${"…"}` (the literal's first byte), and from such a literal's closing quote past `}` into the string's text or
    /// the next `${"…"}`. `interpolated` says whether `end` is in such a literal, and is updated. Nil when no
    /// interpolated literal goes on there (`${process.env.KEY}`, `${suffix}`: a value the file does not hold).
    static func interpolationContinuation(after end: Int, in buffer: UnsafeBufferPointer<UInt8>,
                                          interpolated: inout Bool) -> Int? {
        guard end + 1 < buffer.count else { return nil }
        var index = end
        if interpolated {
            guard quotes.contains(buffer[index]) else { return nil }
            index += 1
            while index < buffer.count, buffer[index] == UInt8(ascii: " ") { index += 1 }
            guard index + 1 < buffer.count, buffer[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            // The string's own text goes on.
            if buffer[index] != UInt8(ascii: "$") {
                interpolated = false
                return index
            }
        }
        guard buffer[index] == UInt8(ascii: "$"), index + 2 < buffer.count, buffer[index + 1] == UInt8(ascii: "{") else { return nil }
        index += 2
        while index < buffer.count, buffer[index] == UInt8(ascii: " ") { index += 1 }
        guard index + 1 < buffer.count, quotes.contains(buffer[index]) else { return nil }
        interpolated = true
        return index + 1
    }

    /// Where the next literal's content starts when a literal closes at `close` and only `glue` bytes lead to one
    /// opening with the same quote, within `limit`.
    static func nextLiteral(afterClosingQuoteAt close: Int, in buffer: UnsafeBufferPointer<UInt8>, glue: ByteSet,
                            limit: Int) -> Int? {
        guard close < limit, quotes.contains(buffer[close]) else { return nil }
        var index = close + 1
        while index < limit, glue.contains(buffer[index]) { index += 1 }
        guard index < limit, buffer[index] == buffer[close] else { return nil }
        return index + 1
    }

    /// Whether the literal whose opening quote is at `quote` is the first element of a list joined with an empty
    /// separator: Python's `"".join([` (or `(`), JavaScript's and Ruby's `[…].join("")`, Ruby's `[…].join`.
    static func isJoinedListElement(openingQuoteAt quote: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard quote > 0, quote < buffer.count, quotes.contains(buffer[quote]) else { return false }
        var bracket = quote - 1
        while bracket > 0, ByteSet.whitespace.contains(buffer[bracket]) { bracket -= 1 }
        guard buffer[bracket] == UInt8(ascii: "[") || buffer[bracket] == UInt8(ascii: "(") else { return false }
        func spells(_ text: StaticString, at start: Int) -> Bool {
            guard start >= 0, start + text.utf8CodeUnitCount <= buffer.count else { return false }
            return (0..<text.utf8CodeUnitCount).allSatisfy { buffer[start + $0] == text.utf8Start[$0] }
        }
        // Python: the separator literal, then `.join(`, then the list.
        let joinCall = bracket - 6
        if spells(".join(", at: joinCall), joinCall >= 2, quotes.contains(buffer[joinCall - 1]),
           buffer[joinCall - 2] == buffer[joinCall - 1]
        {
            return true
        }
        guard buffer[bracket] == UInt8(ascii: "[") else { return false }
        // The others: the list's closing bracket (the first after it: its elements are plain literals), then `.join`
        // with an empty literal or (Ruby) nothing.
        guard let close = (quote..<min(buffer.count, quote + 2048)).first(where: { buffer[$0] == UInt8(ascii: "]") }),
              spells(".join", at: close + 1)
        else { return false }
        let after = close + 6
        guard after < buffer.count else { return true }
        if buffer[after] != UInt8(ascii: "(") { return !ByteSet.alphanumeric.contains(buffer[after]) && buffer[after] != UInt8(ascii: "_") }
        return after + 3 < buffer.count && quotes.contains(buffer[after + 1]) && buffer[after + 2] == buffer[after + 1]
            && buffer[after + 3] == UInt8(ascii: ")")
    }

    /// The value a template literal opening at `open` makes, and its closing backtick, when each of its
    /// interpolations is a literal (`${"…"}`) or a name the file declares `const NAME = "…"` (or `'…'`), and at
    /// least one is such a name. Nil for anything else (`${process.env.KEY}`, `${suffix}` of a parameter, escapes).
    static func templateOfConstants(openingAt open: Int, in buffer: UnsafeBufferPointer<UInt8>,
                                    constants: inout Constants?) -> (value: [UInt8], close: Int)? {
        let limit = min(buffer.count, open + 1_024)
        var value: [UInt8] = []
        var names = 0
        var index = open + 1
        while index < limit {
            let byte = buffer[index]
            if byte == UInt8(ascii: "`") { return names > 0 ? (value, index) : nil }
            if byte == UInt8(ascii: "\\") || byte == 0x0A { return nil }
            guard byte == UInt8(ascii: "$"), index + 1 < limit, buffer[index + 1] == UInt8(ascii: "{") else {
                value.append(byte)
                index += 1
                continue
            }
            index += 2
            while index < limit, buffer[index] == UInt8(ascii: " ") { index += 1 }
            guard index < limit else { return nil }
            if quotes.contains(buffer[index]) {
                let quote = buffer[index]
                let end = ByteSearch.find(quote, in: buffer, from: index + 1)
                guard end < limit else { return nil }
                value.append(contentsOf: buffer[(index + 1)..<end])
                index = end + 1
            } else {
                let start = index
                while index < limit, isNameByte(buffer[index]) { index += 1 }
                if constants == nil { constants = Constants(buffer) }
                guard index > start, let constant = constants?.literals[Array(buffer[start..<index])] else { return nil }
                value.append(contentsOf: buffer[constant])
                names += 1
            }
            while index < limit, buffer[index] == UInt8(ascii: " ") { index += 1 }
            guard index < limit, buffer[index] == UInt8(ascii: "}") else { return nil }
            index += 1
        }
        return nil
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ByteSet.alphanumeric.contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
    }

    /// The string literals a file gives names as constants (`const NAME = "…"`, `'…'`, or a backtick literal without
    /// interpolation; the first declaration of a name), read in one pass over the file's `const `s.
    struct Constants {
        var literals: [[UInt8]: Range<Int>] = [:]

        init(_ buffer: UnsafeBufferPointer<UInt8>) {
            let word = Array("const ".utf8)
            var from = 0
            while true {
                let found = ByteSearch.find(word, in: buffer, from: from)
                guard found < buffer.count else { return }
                from = found + word.count
                guard found == 0 || !isNameByte(buffer[found - 1]) else { continue }
                var index = from
                while index < buffer.count, buffer[index] == UInt8(ascii: " ") { index += 1 }
                let name = index
                while index < buffer.count, isNameByte(buffer[index]) { index += 1 }
                guard index > name else { continue }
                let key = Array(buffer[name..<index])
                while index < buffer.count, buffer[index] == UInt8(ascii: " ") { index += 1 }
                guard index + 1 < buffer.count, buffer[index] == UInt8(ascii: "="), buffer[index + 1] != UInt8(ascii: "=") else { continue }
                index += 1
                while index < buffer.count, buffer[index] == UInt8(ascii: " ") { index += 1 }
                guard index < buffer.count, quotes.contains(buffer[index]) || buffer[index] == UInt8(ascii: "`") else { continue }
                let quote = buffer[index]
                let end = ByteSearch.find(quote, in: buffer, from: index + 1)
                guard end < buffer.count else { return }
                from = end + 1
                let content = (index + 1)..<end
                // A value holding an escape, a line break or an interpolation is not the literal as written.
                guard literals[key] == nil,
                      !buffer[content].contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0x0A || $0 == UInt8(ascii: "$") })
                else { continue }
                literals[key] = content
            }
        }
    }

    /// The secret's text without the glue between literals.
    static func text(of range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> String {
        withBytes(of: range, in: buffer) { String(decoding: $0, as: UTF8.self) }
    }
}

/// The first prefix bytes of a shape as plain values, checked at every anchor hit before the shape itself
/// is touched: that keeps reference counting and closure calls off the hot path.
struct TokenProbe {
    let shape: Int
    let anchor: UInt8
    let anchorIndex: Int
    private let count: Int
    private let sets: (ByteSet, ByteSet, ByteSet, ByteSet)

    init(shape: Int, of shapes: [TokenShape]) {
        let prefix = shapes[shape].prefix
        let set = { (offset: Int) in offset < prefix.count ? prefix[offset] : ByteSet("") }
        self.shape = shape
        anchor = shapes[shape].anchor
        anchorIndex = shapes[shape].anchorIndex
        count = min(4, prefix.count)
        sets = (set(0), set(1), set(2), set(3))
    }

    @inline(__always)
    func admits(_ buffer: UnsafeBufferPointer<UInt8>, anchorAt hit: Int) -> Bool {
        let start = hit - anchorIndex
        guard start >= 0, start + count <= buffer.count else { return false }
        return (count < 1 || sets.0.contains(buffer[start])) && (count < 2 || sets.1.contains(buffer[start + 1]))
            && (count < 3 || sets.2.contains(buffer[start + 2])) && (count < 4 || sets.3.contains(buffer[start + 3]))
    }
}
