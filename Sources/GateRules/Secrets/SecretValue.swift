#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Tells live-looking credential values from placeholders, documented examples and made-up strings.
enum SecretValue {
    /// Words that mark a value as a stand-in rather than a credential (matched case-insensitively).
    static let placeholderWords: [[UInt8]] = [
        "example", "sample", "dummy", "fake", "placeholder", "test", "your", "changeme", "change_me",
        "redacted", "xxxx", "insert", "replace", "mock", "lorem", "foobar", "here", "todo", "...", "…",
    ].map { Array($0.utf8) }

    /// Keys providers publish in their documentation, which every tutorial copies: silent wherever they appear.
    /// Assembled from parts so this file holds no key-shaped literal.
    static let documentedSamples: Set<[UInt8]> = [
        "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc",
        "sk_" + "test_" + "BQokikJOvBiI2HlWgH4olfQ2",
        "xoxb-" + "17653672481-19874698323-" + "pdFZKVeTuE8sk7oOcBrzbqgy",
    ].reduce(into: Set<[UInt8]>()) { samples, key in
        // The body alone too: shapes measure entropy and placeholders over the body after the prefix.
        samples.insert(Array(key.utf8))
        if let cut = key.lastIndex(of: "_") ?? key.firstIndex(of: "-") { samples.insert(Array(key[key.index(after: cut)...].utf8)) }
    }

    /// Whether `value` could be a real credential: not a placeholder, not a repetition or sequence, and at
    /// least `minimumEntropy` bits of Shannon entropy per byte.
    static func looksLive(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, minimumEntropy: Double) -> Bool {
        !range.isEmpty && !isPlaceholder(value, range) && entropy(value, range) >= minimumEntropy
            && !isDocumentedSample(value, range)
    }

    /// Whether the bytes are (the body of) a documented sample key.
    static func isDocumentedSample(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        (20...60).contains(range.count) && documentedSamples.contains(Array(value[range]))
    }

    /// Whether the value is made up: a run of six or more equal bytes, or an ascending or descending run (`123456`,
    /// `abcdef`), or a placeholder word, unless a random value of the same length and alphabet would hold it by
    /// chance often enough that a real credential cannot be told from a placeholder by it.
    ///
    /// A fixed rule (any run of six, any word anywhere) let about one random 64-digit hex key in 3,000 pass as a
    /// placeholder, and one Stripe-shaped key in 5,000 (by `test` or `here` somewhere in its 99 letters and digits):
    /// a secret scanner that fails open must do so far more rarely. So a run counts when chance makes it rarer than one
    /// value in a million (`isUnlikely`) or when it is half the value (`123456`, `aaaaaa12`); a word counts where and
    /// as a person writes it (at an end of the value or of a part between separators, cased as a word: `your-key-here`,
    /// `sk_live_dummy…`), anywhere in a value of one case (`thisisnotarealkey`), or anywhere when chance makes it that
    /// rare (`placeholder`).
    static func isPlaceholder(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let alphabet = Alphabet(of: value, range)
        let count = range.count
        var same = 1, ascending = 1, descending = 1
        var previous: UInt8 = 0
        for index in range {
            let byte = value[index]
            if index > range.lowerBound {
                same = byte == previous ? same + 1 : 1
                ascending = byte == previous &+ 1 ? ascending + 1 : 1
                descending = byte == previous &- 1 ? descending + 1 : 1
                let run = max(same, ascending, descending)
                // A run's first byte is free; each of the others follows it with one symbol in `alphabet.size`.
                if run >= 6, run * 2 >= count
                    || isUnlikely(matching: run - 1, at: count - run + 1, perByte: 1 / Double(alphabet.size))
                {
                    return true
                }
            }
            previous = byte
        }
        return placeholderWords.contains { holdsWord($0, value, range, alphabet: alphabet) }
    }

    /// Whether `value[range]` holds `word` (lowercase ASCII, any case in the value) as a person puts a word into a
    /// value, rather than as chance spells it inside random letters (see `isPlaceholder`).
    static func holdsWord(
        _ word: [UInt8], _ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, alphabet: Alphabet? = nil
    ) -> Bool {
        let alphabet = alphabet ?? Alphabet(of: value, range)
        return firstOccurrence(of: word, in: value, range) { start in
            let written = start..<start + word.count
            return alphabet.isSingleCase || !word.allSatisfy(ByteSet.letters.contains)
                || (isWrittenAsWord(written, in: value) && isSetApart(written, in: value, range))
                || isUnlikely(matching: word.count, at: range.count - word.count + 1, perByte: 1 / Double(alphabet.caselessSize))
        }
    }

    /// Whether `matching` bytes in a row, each matching with chance `perByte`, at any of `positions` places, happen
    /// in fewer than one random value in a million.
    private static func isUnlikely(matching: Int, at positions: Int, perByte: Double) -> Bool {
        Double(positions) * pow(perByte, Double(matching)) < 1e-6
    }

    /// The symbols a value is drawn from, as far as its bytes tell.
    struct Alphabet {
        /// How many: 10 (digits), 16 (hex digits), 36 (digits and letters of one case), 62 (both cases), or 64
        /// (anything else, as base64 and token alphabets).
        let size: Int
        /// No letters of both cases: typed by a person (`thisisnotarealkey`), or an alphabet of one case.
        let isSingleCase: Bool
        /// How many a case-insensitive comparison tells apart.
        var caselessSize: Int { isSingleCase ? size : size / 2 }

        init(of value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            var upper = false, lower = false, beyondHex = false, other = false
            for index in range {
                let byte = value[index]
                if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                    upper = true
                    beyondHex = beyondHex || byte > UInt8(ascii: "F")
                } else if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
                    lower = true
                    beyondHex = beyondHex || byte > UInt8(ascii: "f")
                } else if byte < UInt8(ascii: "0") || byte > UInt8(ascii: "9") {
                    other = true
                }
            }
            isSingleCase = !(upper && lower)
            size = other ? 64 : !(upper || lower) ? 10 : !beyondHex ? 16 : isSingleCase ? 36 : 62
        }
    }

    /// Whether `word` starts or ends `value[range]` or a part of it between separators (`sk_live_dummy…`).
    private static func isSetApart(_ word: Range<Int>, in value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        word.lowerBound == range.lowerBound || word.upperBound == range.upperBound
            || !ByteSet.alphanumeric.contains(value[word.lowerBound - 1]) || !ByteSet.alphanumeric.contains(value[word.upperBound])
    }

    /// Whether the letters in `word` are cased as a person writes a word: `dummy`, `DUMMY` or `Dummy` (a random
    /// value of both cases spells four letters so in three cases of sixteen).
    private static func isWrittenAsWord(_ word: Range<Int>, in value: UnsafeBufferPointer<UInt8>) -> Bool {
        let rest = word.dropFirst()
        let restLower = rest.allSatisfy { value[$0] == lowercased(value[$0]) }
        let restUpper = rest.allSatisfy { value[$0] != lowercased(value[$0]) }
        return restLower || (restUpper && value[word.lowerBound] != lowercased(value[word.lowerBound]))
    }

    /// Whether some occurrence of `needle` (lowercase ASCII) in `value[range]`, ignoring ASCII case, satisfies
    /// `counts` (given where it starts).
    private static func firstOccurrence(
        of needle: [UInt8], in value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, where counts: (Int) -> Bool
    ) -> Bool {
        guard range.count >= needle.count else { return false }
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            var offset = 0
            while offset < needle.count, lowercased(value[start + offset]) == needle[offset] { offset += 1 }
            if offset == needle.count, counts(start) { return true }
            start += 1
        }
        return false
    }

    /// Shannon entropy of the bytes in `range`, in bits per byte.
    static func entropy(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { counts in
            counts.initialize(repeating: 0)
            for index in range { counts[Int(value[index])] += 1 }
            let total = Double(range.count)
            var bits = 0.0
            for count in counts where count > 0 {
                let probability = Double(count) / total
                bits -= probability * log2(probability)
            }
            return bits
        }
    }

    /// Whether the bytes in `range` contain `needle` (lowercase ASCII), ignoring ASCII case.
    static func containsIgnoringCase(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: [UInt8]) -> Bool {
        firstOccurrence(of: needle, in: value, range) { _ in true }
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
