import Yams

/// The tag YAML 1.1 gives a plain scalar written without one (`5` an int, `true` a bool, `~` null), as Yams' default
/// resolver decides it, without that resolver's regular expressions.
///
/// The resolver matches every plain scalar against seven `NSRegularExpression`s, and the first of those in a process
/// initialises ICU's regular expressions: some 9 M instructions, about 5 ms of every `gate check` (the built-in
/// policy or the repository's is read at each start). `PolicyLoader` composes a policy with `Resolver.basic`, which
/// leaves plain scalars untyped, and asks this for their tags. The rules are the resolver's, in its order (bool, int,
/// float, merge, null, timestamp, value, else str); a test compares the two on thousands of scalars.
enum PlainScalarTag {
    static func of(_ text: String) -> Tag.Name {
        let bytes = Array(text.utf8)
        if isBool(text) { return .bool }
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if text == "<<" { return .merge }
        if isNull(text) { return .null }
        if isTimestamp(bytes) { return .timestamp }
        if text == "=" { return .value }
        return .str
    }

    private static let bools: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
        "off", "Off", "OFF",
    ]

    private static func isBool(_ text: String) -> Bool { bools.contains(text) }

    private static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    // MARK: - Matching pieces of the resolver's expressions

    /// A cursor over a scalar's bytes; each step consumes what it matches or nothing.
    private struct Cursor {
        let bytes: [UInt8]
        var at = 0

        var atEnd: Bool { at == bytes.count }

        /// Consumes `byte` if it is next.
        mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        /// Consumes one byte `accepts` takes.
        mutating func take(where accepts: (UInt8) -> Bool) -> Bool {
            guard at < bytes.count, accepts(bytes[at]) else { return false }
            at += 1
            return true
        }

        /// Consumes every byte `accepts` takes; how many.
        @discardableResult
        mutating func takeAll(where accepts: (UInt8) -> Bool) -> Int {
            let start = at
            while at < bytes.count, accepts(bytes[at]) { at += 1 }
            return at - start
        }

        /// `[-+]?`
        mutating func takeSign() { _ = take(where: { $0 == plus || $0 == minus }) }

        /// Consumes `text` if it is next.
        mutating func take(_ text: String) -> Bool {
            let word = Array(text.utf8)
            guard at + word.count <= bytes.count, bytes[at..<(at + word.count)].elementsEqual(word) else { return false }
            at += word.count
            return true
        }

        /// `(?::[0-5]?[0-9])+`: one or more sexagesimal groups, greedy; false (nothing consumed) when none.
        mutating func takeSexagesimalGroups() -> Bool {
            var groups = 0
            while true {
                let saved = at
                guard take(colon) else { break }
                // `[0-5]?[0-9]`: two digits when the first is 0-5 and another digit follows, else one.
                if at + 1 < bytes.count, (zero...five).contains(bytes[at]), isDigit(bytes[at + 1]) {
                    at += 2
                } else if take(where: isDigit) {
                } else {
                    at = saved
                    break
                }
                groups += 1
            }
            return groups > 0
        }
    }

    private static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
    private static let dot = UInt8(ascii: "."), underscore = UInt8(ascii: "_")
    private static let zero = UInt8(ascii: "0"), five = UInt8(ascii: "5")

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }
    private static func isDigitOrUnderscore(_ byte: UInt8) -> Bool { isDigit(byte) || byte == underscore }

    /// Whether one of `alternatives`, each run on a fresh cursor, consumes all of `bytes`.
    private static func matchesWhole(_ bytes: [UInt8], _ alternatives: [(inout Cursor) -> Bool]) -> Bool {
        alternatives.contains { alternative in
            var cursor = Cursor(bytes: bytes)
            return alternative(&cursor) && cursor.atEnd
        }
    }

    // MARK: - int

    /// `[-+]?0b[0-1_]+ | [-+]?0o?[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
    private static func isInt(_ bytes: [UInt8]) -> Bool {
        matchesWhole(bytes, [
            { cursor in
                cursor.takeSign()
                return cursor.take("0b") && cursor.takeAll(where: { $0 == zero || $0 == UInt8(ascii: "1") || $0 == underscore }) > 0
            },
            { cursor in
                cursor.takeSign()
                guard cursor.take(zero) else { return false }
                _ = cursor.take(UInt8(ascii: "o"))
                return cursor.takeAll(where: { ($0 >= zero && $0 <= UInt8(ascii: "7")) || $0 == underscore }) > 0
            },
            { cursor in
                cursor.takeSign()
                if cursor.take(zero) { return true }
                guard cursor.take(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) else { return false }
                cursor.takeAll(where: isDigitOrUnderscore)
                return true
            },
            { cursor in
                cursor.takeSign()
                return cursor.take("0x") && cursor.takeAll(where: { $0.isHexDigitOrUnderscore }) > 0
            },
            { cursor in
                cursor.takeSign()
                guard cursor.take(where: { $0 >= UInt8(ascii: "1") && $0 <= UInt8(ascii: "9") }) else { return false }
                cursor.takeAll(where: isDigitOrUnderscore)
                return cursor.takeSexagesimalGroups()
            },
        ])
    }

    // MARK: - float

    /// `[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? | \.[0-9_]+(?:[eE][-+][0-9]+)?
    /// | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
    private static func isFloat(_ bytes: [UInt8]) -> Bool {
        /// `(?:[eE]<sign>[0-9]+)?` that must end the scalar: an exponent that does not is left unconsumed (the
        /// expression then fails on what is left, as the regular expression's backtracking would).
        func takeExponent(_ cursor: inout Cursor, signRequired: Bool) {
            let saved = cursor.at
            guard cursor.take(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) else { return }
            let signed = cursor.take(where: { $0 == plus || $0 == minus })
            guard signed || !signRequired, cursor.takeAll(where: isDigit) > 0 else {
                cursor.at = saved
                return
            }
        }
        return matchesWhole(bytes, [
            { cursor in
                cursor.takeSign()
                guard cursor.take(where: isDigit) else { return false }
                cursor.takeAll(where: isDigitOrUnderscore)
                if cursor.take(dot) { cursor.takeAll(where: isDigitOrUnderscore) }
                takeExponent(&cursor, signRequired: false)
                return true
            },
            { cursor in
                guard cursor.take(dot), cursor.takeAll(where: isDigitOrUnderscore) > 0 else { return false }
                takeExponent(&cursor, signRequired: true)
                return true
            },
            { cursor in
                cursor.takeSign()
                guard cursor.take(where: isDigit) else { return false }
                cursor.takeAll(where: isDigitOrUnderscore)
                guard cursor.takeSexagesimalGroups(), cursor.take(dot) else { return false }
                cursor.takeAll(where: isDigitOrUnderscore)
                return true
            },
            { cursor in
                cursor.takeSign()
                return cursor.take(dot) && (cursor.take("inf") || cursor.take("Inf") || cursor.take("INF"))
            },
            { cursor in cursor.take(dot) && (cursor.take("nan") || cursor.take("NaN") || cursor.take("NAN")) },
        ])
    }

    // MARK: - timestamp

    /// `[0-9]{4}-[0-9]{2}-[0-9]{2}
    /// | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?`
    private static func isTimestamp(_ bytes: [UInt8]) -> Bool {
        func digits(_ cursor: inout Cursor, _ range: ClosedRange<Int>) -> Bool {
            var count = 0
            while count < range.upperBound, cursor.take(where: isDigit) { count += 1 }
            return count >= range.lowerBound
        }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        return matchesWhole(bytes, [
            { cursor in
                digits(&cursor, 4...4) && cursor.take(minus) && digits(&cursor, 2...2) && cursor.take(minus)
                    && digits(&cursor, 2...2)
            },
            { cursor in
                guard digits(&cursor, 4...4), cursor.take(minus), digits(&cursor, 1...2), cursor.take(minus),
                      digits(&cursor, 1...2)
                else { return false }
                guard cursor.take(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") })
                    || cursor.takeAll(where: isBlank) > 0
                else { return false }
                guard digits(&cursor, 1...2), cursor.take(colon), digits(&cursor, 2...2), cursor.take(colon),
                      digits(&cursor, 2...2)
                else { return false }
                if cursor.take(dot) { cursor.takeAll(where: isDigit) }
                // The zone, optional: taken only when it makes the rest of the scalar.
                let beforeZone = cursor.at
                cursor.takeAll(where: isBlank)
                if cursor.take(UInt8(ascii: "Z")) { return true }
                if cursor.take(where: { $0 == plus || $0 == minus }), digits(&cursor, 1...2) {
                    let beforeMinutes = cursor.at
                    if !(cursor.take(colon) && digits(&cursor, 2...2)) { cursor.at = beforeMinutes }
                    return true
                }
                cursor.at = beforeZone
                return true
            },
        ])
    }
}

private extension UInt8 {
    var isHexDigitOrUnderscore: Bool {
        (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F")) || self == UInt8(ascii: "_")
    }
}
