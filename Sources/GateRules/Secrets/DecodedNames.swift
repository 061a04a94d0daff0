import GateCore

/// Encoded literals that code keeps in a variable and decodes by its name later (`let encodedKey = "c2stcHJvai0…"` then
/// `Data(base64Encoded: encodedKey)`; Python's `KEY_ENC = "…"` then `base64.b64decode(KEY_ENC)`): the decoder's
/// argument is a name, so the literal is the one the same file assigns to it.
///
/// Cheap by construction: during the sweep only assignments whose literal decodes to text are kept (nearly none do:
/// base64 or hex of text is rare outside an encoded secret, and most literals fail on their first byte outside the
/// alphabet); after it, each kept name alone is looked for as a decoder call's argument.
enum DecodedNames {
    /// A literal assigned to a name that decodes to text, by the encodings it is valid in.
    struct Candidate {
        var name: Range<Int>
        var value: Range<Int>
        var base64Text: [UInt8]?
        var hexText: [UInt8]?
    }

    /// The assignment of the literal `value` to the name `name` finds as a candidate, or nil when the literal decodes
    /// to no text (the name is looked for only then).
    static func candidate(value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>, name: () -> Range<Int>?) -> Candidate? {
        guard value.count >= 16 else { return nil }
        let base64Text = EncodedLiteral.decodedText(of: value, in: buffer, encoding: .base64)
        let hexText = EncodedLiteral.decodedText(of: value, in: buffer, encoding: .hex)
        guard base64Text != nil || hexText != nil, let name = name(), name.count >= 2 else { return nil }
        return Candidate(name: name, value: value, base64Text: base64Text, hexText: hexText)
    }

    /// The text `candidate`'s literal decodes to where its name is a decoder call's argument (`b64decode(KEY_ENC)`,
    /// `Buffer.from(enc, "hex")`, Swift's `base64Encoded: encodedKey`, PHP's `base64_decode($enc)`), and where that
    /// argument is; nil when no decoder is given the name.
    static func decodedUse(of candidate: Candidate, in buffer: UnsafeBufferPointer<UInt8>, calls: CallArguments)
        -> (text: [UInt8], encoding: EncodedLiteral.Encoding, at: Int)?
    {
        var name = Array(buffer[candidate.name])
        // PHP's `$enc`: the decoder's argument spells the sigil too, and it is skipped below.
        if name.first == UInt8(ascii: "$") { name.removeFirst() }
        guard !name.isEmpty else { return nil }
        var start = 0
        while true {
            let found = ByteSearch.find(name, in: buffer, from: start)
            guard found != Int.max else { return nil }
            start = found + 1
            let end = found + name.count
            guard found == 0 || !Byte.isIdentifierPart(buffer[found - 1]), end >= buffer.count || !isNameByte(buffer[end]),
                  let encoding = decoderEncoding(ofArgumentAt: found, end: end, in: buffer, calls: calls),
                  let text = encoding == .base64 ? candidate.base64Text : candidate.hexText
            else { continue }
            return (text, encoding, found)
        }
    }

    /// The encoding of the decoder that takes the name at `start..<end` as its argument, or nil.
    private static func decoderEncoding(ofArgumentAt start: Int, end: Int, in buffer: UnsafeBufferPointer<UInt8>,
                                        calls: CallArguments) -> EncodedLiteral.Encoding? {
        var before = start - 1
        if before >= 0, buffer[before] == UInt8(ascii: "$") { before -= 1 }
        while before >= 0, buffer[before] == UInt8(ascii: " ") { before -= 1 }
        guard before >= 0 else { return nil }
        if buffer[before] == UInt8(ascii: ":") {
            // Swift's `Data(base64Encoded: encodedKey)`.
            let label = Array("base64Encoded".utf8)
            guard before >= label.count, buffer[(before - label.count)..<before].elementsEqual(label) else { return nil }
            return .base64
        }
        guard buffer[before] == UInt8(ascii: "("), let callee = calls.callee(beforeParenAt: before, in: buffer) else { return nil }
        return EncodedLiteral.encoding(
            ofCallee: UnsafeBufferPointer(rebasing: buffer[callee]),
            before: UnsafeBufferPointer(rebasing: buffer[max(0, callee.lowerBound - 24)..<callee.lowerBound]),
            after: UnsafeBufferPointer(rebasing: buffer[end..<min(buffer.count, end + 24)]))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool { Byte.isIdentifierPart(byte) || byte == UInt8(ascii: "$") }
}
