/// Where a credential was found: the place to report and the bytes that are secret.
struct CredentialMatch {
    /// Byte offset the finding points at (its line and column).
    var reportAt: Int
    /// The secret bytes, for the redacted evidence.
    var secret: Range<Int>
    /// What kind of credential it is, for the message.
    var label: String
}

/// A credential format recognised by a literal prefix: what may follow it, how long, and how random.
struct TokenShape: Sendable {
    /// What follows the prefix.
    enum Body: Sendable {
        /// A run of `alphabet` bytes whose length lies in the range.
        case run(ByteSet, ClosedRange<Int>)
        /// A format the run model cannot express: given where the prefix ends, the secret's range or nil.
        case custom(@Sendable (UnsafeBufferPointer<UInt8>, Int) -> Range<Int>?)
    }

    /// Extra checks on the body of a `.run`, such as a separator at a fixed place.
    typealias Structure = @Sendable (UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool

    let label: String
    let prefix: [ByteSet]
    let body: Body
    let minimumEntropy: Double
    let structure: Structure?
    /// The prefix byte searched for with `memchr`: the rarest literal in the prefix.
    let anchor: UInt8
    let anchorIndex: Int
    /// What may not touch the token on either side (a stored copy: statics are slow to reach on the hot path).
    private let wordCharacters = ByteSet.alphanumeric

    /// A shape whose `prefix` is literal text, where `[KS]` stands for one byte of a class.
    init(_ label: String, prefix: String, body: Body, minimumEntropy: Double = 3.0, structure: Structure? = nil) {
        self.label = label
        self.body = body
        self.minimumEntropy = minimumEntropy
        self.structure = structure
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
        let literals = sets.indices.compactMap { index in sets[index].singleMember.map { (index, $0) } }
        let rarest = literals.min { Self.commonness($0.1) < Self.commonness($1.1) }
        anchorIndex = rarest?.0 ?? 0
        anchor = rarest?.1 ?? 0
    }

    /// The credential this shape recognises around an anchor byte at `position`, if it is one.
    func match(in buffer: UnsafeBufferPointer<UInt8>, anchorAt position: Int) -> CredentialMatch? {
        let start = position - anchorIndex
        guard start >= 0, start + prefix.count <= buffer.count else { return nil }
        if start > 0, wordCharacters.contains(buffer[start - 1]) { return nil }
        for offset in prefix.indices where !prefix[offset].contains(buffer[start + offset]) { return nil }
        let bodyStart = start + prefix.count
        switch body {
        case .run(let alphabet, let length):
            var end = bodyStart
            let limit = min(buffer.count, bodyStart + length.upperBound + 1)
            while end < limit, alphabet.contains(buffer[end]) { end += 1 }
            guard length.contains(end - bodyStart) else { return nil }
            if end < buffer.count, wordCharacters.contains(buffer[end]) { return nil }
            guard structure?(buffer, bodyStart..<end) ?? true,
                  SecretValue.looksLive(buffer, bodyStart..<end, minimumEntropy: minimumEntropy)
            else { return nil }
            return CredentialMatch(reportAt: start, secret: start..<end, label: label)
        case .custom(let find):
            guard let secret = find(buffer, bodyStart) else { return nil }
            return CredentialMatch(reportAt: start, secret: secret, label: label)
        }
    }

    /// A rough rank of how often a byte occurs in source text, so the anchor is a rare one.
    private static func commonness(_ byte: UInt8) -> Int {
        let character = Character(Unicode.Scalar(byte))
        switch character {
        case "a"..."z":
            if "etaoinsrlcdhu".contains(character) { return 10 }
            if "mpfgbyw".contains(character) { return 6 }
            return "vk".contains(character) ? 4 : 3
        case "A"..."Z": return "STEAROCN".contains(character) ? 4 : 3
        case "0"..."9": return 5
        case " ", ".", "(", ")", "_", "=", "\"", ",", "\n": return 10
        case "-", "/", ":": return 7
        default: return 2
        }
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
