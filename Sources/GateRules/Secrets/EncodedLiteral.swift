import Foundation

/// String literals that code stores encoded and decodes at run time: base64 or hex is an encoding, not a protection,
/// and a key written that way (to get past a scanner, or by habit) is as live as the plain one.
///
/// A literal is read as encoded when the code says so: it is the argument of a decoder call (`base64.b64decode("…")`,
/// `atob("…")`, `Buffer.from("…", "base64")`, `bytes.fromhex("…")`, `hex.DecodeString("…")`, Java's
/// `Base64.getDecoder().decode("…")`, …), follows Swift's label `base64Encoded:` or is assigned to a
/// name ending in `_B64`, `_BASE64`, `_HEX` or `Base64`. What it decodes to must be text (random bytes, an image, a
/// digest are not); that text is then judged by the credential catalogue as the Kubernetes Secret reader judges its
/// decoded values.
enum EncodedLiteral {
    enum Encoding { case base64, hex }

    /// The encoding a name says its value is in (`_OPENAI_KEY_B64`, `STRIPE_KEY_HEX`, `apiKeyBase64`), and the name
    /// without that ending (`_OPENAI_KEY`), or nil.
    static func encoding(ofName name: UnsafeBufferPointer<UInt8>) -> (Encoding, Range<Int>)? {
        // Asked of every assignment with a long value: a name ending in neither `4` nor `x` is turned away at once.
        guard let last = name.last, last == UInt8(ascii: "4") || last | 0x20 == UInt8(ascii: "x") else { return nil }
        for (ending, encoding, needsSeparator) in nameEndings where name.count > ending.count + 2 {
            let start = name.count - ending.count
            guard zip(name[start...], ending).allSatisfy({ Byte.lower($0) == $1 }) else { continue }
            let before = name[start - 1]
            // `_B64`, `-hex`; `apiKeyBase64` (camel case); never `checkHex` or `cachedb64`.
            let separated = before == UInt8(ascii: "_") || before == UInt8(ascii: "-") || before == UInt8(ascii: ".")
            let camel = name[start] >= UInt8(ascii: "A") && name[start] <= UInt8(ascii: "Z")
            guard separated || (!needsSeparator && camel) else { continue }
            return (encoding, 0..<(separated ? start - 1 : start))
        }
        return nil
    }

    private static let nameEndings: [([UInt8], Encoding, Bool)] = [
        (Array("base64".utf8), .base64, false), (Array("b64".utf8), .base64, true), (Array("hex".utf8), .hex, true),
    ]

    /// The encoding the decoder call whose callee is `callee` takes, given the text after the literal argument up to
    /// the call's end (`Buffer.from(x, "hex")` names its encoding there), or nil for a call that decodes nothing.
    /// `before`: the text just before the callee, where a chained receiver is (`Base64.getDecoder()` of Java's
    /// `Base64.getDecoder().decode("…")`, whose callee is read as `.decode`).
    static func encoding(ofCallee callee: UnsafeBufferPointer<UInt8>, before: UnsafeBufferPointer<UInt8>,
                         after: UnsafeBufferPointer<UInt8>) -> Encoding? {
        // Every call with a long literal argument asks: the callee's last segment is matched as bytes first, and a
        // String is made only for the few that name a decoder.
        var start = callee.count
        while start > 0, ![UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: ">"), UInt8(ascii: "-")].contains(callee[start - 1]) {
            start -= 1
        }
        let last = UnsafeBufferPointer(rebasing: callee[start...])
        guard let known = decoders.first(where: { $0.name.elementsEqual(last) }) else { return nil }
        if let encoding = known.encoding { return encoding }
        let name = String(decoding: callee, as: UTF8.self)
        switch known.name {
        case Array("DecodeString".utf8) where name.contains("hex."):
            return .hex
        case Array("DecodeString".utf8) where name.contains("base64."):
            return .base64
        case Array("decode".utf8):
            // Java's and Kotlin's `Base64.getDecoder().decode(…)` (`getUrlDecoder()`, `getMimeDecoder()`), Android's
            // and Kotlin's `Base64.decode(…)`, Rust's `base64::decode(…)` and engines (`general_purpose::STANDARD
            // .decode(…)`, `URL_SAFE_NO_PAD.decode(…)`); not `jwt.decode(…)` or `json.decode(…)`.
            let receiver = (String(decoding: before, as: UTF8.self) + name).lowercased()
            return base64Receivers.contains(where: receiver.contains) ? .base64 : nil
        case Array("from".utf8) where name.hasSuffix("Buffer.from"):
            let rest = String(decoding: after.prefix(24), as: UTF8.self)
            if rest.contains("\"hex\"") || rest.contains("'hex'") { return .hex }
            if rest.contains("base64") { return .base64 }
            return nil
        default:
            return nil
        }
    }

    /// Decoder calls by their last segment, with the encoding they take; nil where the receiver or an argument says
    /// (Go's `hex.DecodeString` and `base64.StdEncoding.DecodeString`, Node's `Buffer.from(x, "hex")`).
    private static let decoders: [(name: [UInt8], encoding: Encoding?)] =
        ["b64decode", "urlsafe_b64decode", "standard_b64decode", "atob", "decode64", "strict_decode64",
         "urlsafe_decode64", "base64_decode", "FromBase64String"].map { (Array($0.utf8), .base64) }
        + ["fromhex", "unhexlify", "hex2bin"].map { (Array($0.utf8), .hex) }
        + ["DecodeString", "from", "decode"].map { (Array($0.utf8), nil) }

    /// What the text before a `decode(…)` call holds (lower-cased) when it is a base64 decoder's.
    private static let base64Receivers = ["base64", "decoder()", "standard.", "standard_no_pad.", "url_safe."]

    /// Whether `name` is Swift's argument label `base64Encoded` (`Data(base64Encoded: "…")`, `NSData(base64Encoded:)`),
    /// which says the literal after it is base64. Asked of every assignment with a long value: the length and the
    /// last byte turn nearly every name away.
    static func isBase64EncodedLabel(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count == base64EncodedLabel.count && name.last == UInt8(ascii: "d") && name.elementsEqual(base64EncodedLabel)
    }

    private static let base64EncodedLabel = Array("base64Encoded".utf8)

    /// The text `value` decodes to, or nil when it is not standard base64 or even-length hex of UTF-8 text.
    static func decodedText(of value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>, encoding: Encoding) -> [UInt8]? {
        switch encoding {
        case .base64:
            return KubernetesSecretData.decodedText(of: value, in: buffer)
        case .hex:
            guard value.count >= 16, value.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(value.count / 2)
            var index = value.lowerBound
            while index < value.upperBound {
                guard let high = nibble(buffer[index]), let low = nibble(buffer[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            }
            return KubernetesSecretData.printableText(bytes)
        }
    }

    /// The text a string literal holds when it spells characters as escapes (JSON's and JavaScript's
    /// `"\u0073\u006b-proj-…"`, `"\x73k-…"`, ES2015's `\u{73}`; Python's and Ruby's `\x73`): the language decodes
    /// them, so the key is as live as if written plainly. Nil when the literal holds no `\u` or `\x` escape (the
    /// common case, answered by one pass over its bytes) or one that does not decode.
    static func unescapedText(of value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let backslash = UInt8(ascii: "\\")
        var hasEscape = false
        var index = value.lowerBound
        while index + 1 < value.upperBound {
            if buffer[index] == backslash {
                let next = buffer[index + 1] | 0x20
                if next == UInt8(ascii: "u") || next == UInt8(ascii: "x") { hasEscape = true; break }
                index += 2
                continue
            }
            index += 1
        }
        guard hasEscape else { return nil }
        var text: [UInt8] = []
        text.reserveCapacity(value.count)
        index = value.lowerBound
        func hex(_ range: Range<Int>) -> UInt32? {
            guard !range.isEmpty, range.upperBound <= value.upperBound else { return nil }
            var number: UInt32 = 0
            for position in range {
                guard let digit = nibble(buffer[position]) else { return nil }
                number = number << 4 | UInt32(digit)
            }
            return number
        }
        while index < value.upperBound {
            let byte = buffer[index]
            guard byte == backslash, index + 1 < value.upperBound else {
                text.append(byte)
                index += 1
                continue
            }
            let kind = buffer[index + 1]
            let scalar: UInt32
            switch kind {
            case UInt8(ascii: "u") where index + 2 < value.upperBound && buffer[index + 2] == UInt8(ascii: "{"):
                guard let close = buffer[(index + 3)..<value.upperBound].firstIndex(of: UInt8(ascii: "}")),
                      close - index - 3 <= 6, let number = hex(index + 3..<close)
                else { return nil }
                scalar = number
                index = close + 1
            case UInt8(ascii: "u"):
                guard let number = hex(index + 2..<index + 6) else { return nil }
                scalar = number
                index += 6
            case UInt8(ascii: "x"):
                guard let number = hex(index + 2..<index + 4) else { return nil }
                scalar = number
                index += 4
            default:
                // `\"`, `\/`, `\\`: the character itself.
                text.append(kind)
                index += 2
                continue
            }
            guard let character = Unicode.Scalar(scalar) else { return nil }
            text += Array(String(Character(character)).utf8)
        }
        return KubernetesSecretData.printableText(text)
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
