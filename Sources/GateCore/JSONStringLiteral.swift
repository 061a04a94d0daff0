/// The text of a JSON string literal's body (the bytes between its quotes), its escapes decoded: `\n`, `\t`, `\"`,
/// `\uXXXX` with surrogate pairs joined (an unpaired or malformed one becomes U+FFFD). Read by the parse trees of
/// libpg_query and by notebooks' code cells.
public enum JSONStringLiteral {
    public static func decode(_ body: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        var output: [UInt8] = []
        var index = body.startIndex
        func flush() {
            if !output.isEmpty {
                scalars.append(contentsOf: String(decoding: output, as: UTF8.self).unicodeScalars)
                output.removeAll()
            }
        }
        while index < body.endIndex {
            let byte = body[index]
            guard byte == 0x5C, index + 1 < body.endIndex else {
                output.append(byte)
                index += 1
                continue
            }
            let next = body[index + 1]
            index += 2
            switch next {
            case 0x6E: output.append(0x0A)
            case 0x74: output.append(0x09)
            case 0x72: output.append(0x0D)
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x75:
                var code = hex(body, at: index)
                index += 4
                if (0xD800..<0xDC00).contains(code), index + 6 <= body.endIndex, body[index] == 0x5C, body[index + 1] == 0x75 {
                    let low = hex(body, at: index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                flush()
                scalars.append(Unicode.Scalar(UInt32(code)) ?? "\u{FFFD}")
            default: output.append(next)
            }
        }
        flush()
        return String(scalars)
    }

    /// The four hex digits at `index` as a number; U+FFFD when they are fewer or not hex.
    private static func hex(_ body: ArraySlice<UInt8>, at index: Int) -> Int {
        var value = 0
        for offset in 0..<4 {
            guard index + offset < body.endIndex else { return 0xFFFD }
            let byte = body[index + offset]
            let digit: Int
            switch byte {
            case 0x30...0x39: digit = Int(byte - 0x30)
            case 0x41...0x46: digit = Int(byte - 0x41 + 10)
            case 0x61...0x66: digit = Int(byte - 0x61 + 10)
            default: return 0xFFFD
            }
            value = value * 16 + digit
        }
        return value
    }
}
