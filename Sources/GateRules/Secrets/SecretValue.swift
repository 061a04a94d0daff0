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
        // How to make one, in place of one: `generate-with-openssl-rand-base64-32`.
        "generate", "openssl",
    ].map { Array($0.utf8) }

    /// Keys providers publish in their documentation, which every tutorial copies: silent wherever they appear.
    /// Assembled from parts so this file holds no key-shaped literal.
    static let documentedSamples: Set<[UInt8]> = [
        "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc",
        "sk_" + "test_" + "BQokikJOvBiI2HlWgH4olfQ2",
        "xoxb-" + "17653672481-19874698323-" + "pdFZKVeTuE8sk7oOcBrzbqgy",
        // The Azure Storage emulator's (Azurite's) account key for `devstoreaccount1`, the same on every machine.
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/" + "K1SZFPTOtr/KBHBeksoGMGw==",
        // The SECRET_KEY_BASE of Supabase's self-hosting template (docker/.env.example), beside its supabase-demo JWTs.
        "UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15BLrx8" + "etQoXz3gZv1/u2oq",
    ].reduce(into: Set<[UInt8]>()) { samples, key in
        // The body alone too: shapes measure entropy and placeholders over the body after the prefix.
        samples.insert(Array(key.utf8))
        if let cut = key.lastIndex(of: "_") ?? key.firstIndex(of: "-") { samples.insert(Array(key[key.index(after: cut)...].utf8)) }
    }

    /// Whether `value` could be a real credential: not a placeholder, not a repetition or sequence, and at
    /// least `minimumEntropy` bits of Shannon entropy per byte.
    static func looksLive(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, minimumEntropy: Double) -> Bool {
        looksLive(value, range, minimumEntropy: minimumEntropy, shaped: false)
    }

    /// `looksLive` for a value a provider's shape matched (a prefix, a length, an alphabet, a name): placeholder
    /// words count only where chance would not put them (`isPlaceholder`), and the entropy floor is lowered to what a
    /// random value of the value's length and alphabet stays above in all but about one draw in a million
    /// (`chanceFloor`). The shape already says credential; a floor above that misses real keys (with 4.0 bits one
    /// Mollie key of 30 letters and digits in 60, with 3.0 one 20-digit Pusher secret in 15).
    static func looksLive(shaped value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, minimumEntropy: Double) -> Bool {
        looksLive(value, range, minimumEntropy: entropyFloor(minimumEntropy, boundedByChanceFor: value, range), shaped: true)
    }

    /// `floor`, or less where a random value of this one's length and alphabet falls under it more often than about
    /// once in a million (`chanceFloor`).
    static func entropyFloor(
        _ floor: Double, boundedByChanceFor value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> Double {
        min(floor, chanceFloor(count: range.count, alphabet: Alphabet(of: value, range).size))
    }

    private static func looksLive(
        _ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, minimumEntropy: Double, shaped: Bool
    ) -> Bool {
        !range.isEmpty && !isPlaceholder(value, range, shaped: shaped) && entropy(value, range) >= minimumEntropy
            && !isDocumentedSample(value, range)
            // A shape whose prefix is a plain word (Mollie's `test_` and 30 letters and digits) also matches names:
            // `test_resolvingSingleObjectWriteOnly` is a test, not a key.
            && !(shaped && range.count >= 16 && isWordIdentifier(value, range))
    }

    /// An entropy floor that a value of `count` bytes drawn at random from `alphabet` symbols falls under about once
    /// in a million draws or less: the expected entropy (exact: each symbol's count is binomial) less 7.5 standard
    /// deviations, taken as √((k−1)/2) / (n ln 2) and at most 0.2 bits (values shorter than their alphabet spread
    /// less than that asymptotic figure says). Checked against seeded draws by
    /// `SecretCorpusTests.testEveryShapeIsFoundWhateverItsRandomBytes`.
    static func chanceFloor(count: Int, alphabet: Int) -> Double {
        guard count > 1, alphabet > 1 else { return 0 }
        let n = Double(count), p = 1 / Double(alphabet)
        // Σ over a symbol's possible counts c ≥ 1 of P(c)·(c/n)·log2(c/n), P(c) built up from P(0) = (1 − p)^n.
        var probability = pow(1 - p, n)
        var perSymbol = 0.0
        for c in 1...count {
            probability *= (n - Double(c - 1)) / Double(c) * p / (1 - p)
            let share = Double(c) / n
            perSymbol += probability * share * log2(share)
            // Past the mean the terms only shrink: once negligible, the rest of a long value adds nothing.
            if Double(c) > n * p, probability < 1e-15 { break }
        }
        let expected = -Double(alphabet) * perSymbol
        let deviation = min(0.2, (Double(alphabet - 1) / 2).squareRoot() / (n * log(2)))
        return expected - 7.5 * deviation
    }

    /// Whether the bytes are (the body of) a documented sample key.
    static func isDocumentedSample(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        documentedSampleLengths.contains(range.count) && documentedSamples.contains(Array(value[range]))
    }

    /// The samples' lengths: a value of any other length is told apart without copying it.
    private static let documentedSampleLengths = Set(documentedSamples.map(\.count))

    /// Whether the value is made up: a short unit repeated from end to end (`deadbeefdeadbeef…`), a run of equal
    /// bytes or an ascending or descending run (`aaaaaa`, `123456`, `abcdef`), letters and digits counting up
    /// (`abc123def456…`, `a1b2c3…`: `countsUp`), or a placeholder word (`your`, `test`).
    ///
    /// A run counts when it is six bytes or more and either half the value or rarer by chance than one random value of
    /// the same length and alphabet in a million (`isUnlikely`): a fixed limit of six let one random 64-digit hex key
    /// in 3,000 pass as a placeholder. In a value a provider's shape matched (`shaped`) a word counts the same way, by
    /// the chance of finding it where it is (at an end of the value or of a part between separators, cased as a
    /// person writes it: `your-key-here`, `sk_live_dummy…`; or anywhere), since any word anywhere let one Stripe-shaped
    /// key in 5,000 pass (`test` or `here` among 99 letters and digits). In other values any placeholder word counts
    /// anywhere: their entropy is all that says secret, and a phrase (`thisisnotarealkey`) has plenty.
    static func isPlaceholder(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, shaped: Bool = false) -> Bool {
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
                    || isUnlikely(Double(count - run + 1) * pow(1 / Double(alphabet.size), Double(run - 1)))
                {
                    return true
                }
            }
            previous = byte
        }
        if isPeriodic(value, range) || countsUp(value, range) { return true }
        return placeholderWords.contains { word in
            firstOccurrence(of: word, in: value, range) { start in
                !shaped || !word.allSatisfy(ByteSet.letters.contains)
                    || isUnlikely(chance(of: word.count, at: start, in: value, range, alphabet))
            }
        }
    }

    /// Whether the value's letters and its digits each count up (`abc123def456ghi789…`, `a1b2c3d4e5f6…`), as a person
    /// types a sample: each letter the one after the value's previous letter, each digit after its previous digit (`0`
    /// after `9`). Counts when so many do that a random value of this length and alphabet would in fewer than one in a
    /// million (with the larger of the two classes' odds: one in ten for a digit, one in six for a hex letter).
    static func countsUp(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var previousLetter: UInt8 = 0, previousDigit: UInt8 = 0
        var compared = 0, counting = 0
        var hexLettersOnly = true
        for index in range {
            let byte = lowercased(value[index])
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") {
                hexLettersOnly = hexLettersOnly && byte <= UInt8(ascii: "f")
                if previousLetter != 0 {
                    compared += 1
                    if byte == previousLetter &+ 1 { counting += 1 }
                }
                previousLetter = byte
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if previousDigit != 0 {
                    compared += 1
                    if byte == previousDigit &+ 1 || (byte == UInt8(ascii: "0") && previousDigit == UInt8(ascii: "9")) {
                        counting += 1
                    }
                }
                previousDigit = byte
            }
        }
        // Most values count up at a few places at most: nothing to weigh.
        guard counting >= 6, counting * 2 >= compared else { return false }
        let odds = previousLetter != 0 && hexLettersOnly ? 1.0 / 6 : 1.0 / 10
        return isUnlikely(chanceOfAtLeast(counting, in: compared, each: odds))
    }

    /// The chance that at least `count` of `trials` independent events of probability `odds` happen (a binomial tail).
    private static func chanceOfAtLeast(_ count: Int, in trials: Int, each odds: Double) -> Double {
        guard count > 0 else { return 1 }
        var probability = pow(1 - odds, Double(trials))
        var below = 0.0
        for happened in 0..<count {
            below += probability
            probability *= Double(trials - happened) / Double(happened + 1) * odds / (1 - odds)
        }
        return max(0, 1 - below)
    }

    /// Whether the value repeats a unit of at most 16 bytes from end to end (`deadbeefdeadbeef…`, `abcabcabc`).
    private static func isPeriodic(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count >= 8 else { return false }
        return (1...min(16, range.count / 2)).contains { period in
            (range.lowerBound + period..<range.upperBound).allSatisfy { value[$0] == value[$0 - period] }
        }
    }

    /// The chance that a random value of this one's length and alphabet holds some word of `length` letters where
    /// and as this one holds the word at `start`: set apart (at an end of the value or next to a separator, of which
    /// a value has two per separator and its two ends) and, in a value of both cases, cased as a word (`dummy`, `Dummy`,
    /// `DUMMY`: three casings of 2^length), or anywhere.
    private static func chance(
        of length: Int, at start: Int, in value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ alphabet: Alphabet
    ) -> Double {
        let word = start..<start + length
        let spelled = pow(1 / Double(alphabet.caselessSize), Double(length))
        guard isSetApart(word, in: value, range) else { return Double(range.count - length + 1) * spelled }
        let separators = range.reduce(0) { $0 + (ByteSet.alphanumeric.contains(value[$1]) ? 0 : 1) }
        let cased = alphabet.isSingleCase ? 1 : isWrittenAsWord(word, in: value) ? 3 / pow(2, Double(length)) : 1
        return Double(2 + 2 * separators) * spelled * cased
    }

    /// Whether something that happens by chance with this probability, per value, is rarer than one in a million.
    private static func isUnlikely(_ probability: Double) -> Bool { probability < 1e-6 }

    /// The symbols a value is drawn from, as far as its bytes tell.
    struct Alphabet {
        /// How many: 10 (digits), 16 (hex digits), 36 (digits and letters of one case), 62 (both cases), or 64
        /// (anything else, as base64 and token alphabets).
        let size: Int
        /// No letters of both cases.
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

extension SecretValue {
    /// Whether the bytes are an identifier made of words as a person names things: camel-case words of two letters
    /// or more, each with a vowel and no four consonants in a row, five letters long on average, maybe joined by
    /// `-`, `_`, `.` or `:`; at most one acronym of two to four capitals (`EC2`, `KMS`) and one number of one or two
    /// digits ending a word (`S3Bucket`).
    static func isWordIdentifier(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard (8...64).contains(range.count), ByteSet.letters.contains(buffer[range.lowerBound]) else { return false }
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        var words = 0, wordLetters = 0, acronyms = 0, numbers = 0
        var index = range.lowerBound
        var afterLetters = false
        /// Whether the lower-case run `start..<end` (a capital may lead it) reads as a word.
        func isWord(_ start: Int, _ end: Int) -> Bool {
            guard end - start >= 2 else { return false }
            var consonants = 0, vowel = false
            for position in start..<end {
                if vowels.contains(SecretValue.lowercased(buffer[position])) {
                    vowel = true
                    consonants = 0
                } else {
                    consonants += 1
                    if consonants >= 4 { return false }
                }
            }
            return vowel
        }
        while index < range.upperBound {
            let byte = buffer[index]
            if isDigit(byte) {
                var end = index
                while end < range.upperBound, isDigit(buffer[end]) { end += 1 }
                // `S3Bucket`, `ec2`: after letters, before a capital or the end, once.
                guard afterLetters, end - index <= 2, numbers == 0, end == range.upperBound || isUpper(buffer[end])
                else { return false }
                numbers += 1
                afterLetters = false
                index = end
            } else if isUpper(byte) || isLower(byte) {
                var capitals = index
                while capitals < range.upperBound, isUpper(buffer[capitals]) { capitals += 1 }
                var wordStart = index
                if capitals - index > 1 {
                    // An acronym: all its capitals, or all but the last when a lower-case word follows it.
                    let acronymEnd = capitals < range.upperBound && isLower(buffer[capitals]) ? capitals - 1 : capitals
                    acronyms += 1
                    words += 1
                    guard acronyms == 1, (2...4).contains(acronymEnd - index) else { return false }
                    wordStart = acronymEnd
                    if acronymEnd == capitals {
                        afterLetters = true
                        index = capitals
                        continue
                    }
                }
                var end = max(capitals, wordStart + 1)
                while end < range.upperBound, isLower(buffer[end]) { end += 1 }
                guard isWord(wordStart, end) else { return false }
                words += 1
                wordLetters += end - wordStart
                afterLetters = true
                index = end
            } else if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                        || byte == UInt8(ascii: ":") {
                // Words may be joined (`Access-Control-Allow-Credentials`, `stateMachine:createdBy`); a separator
                // is followed by a word, or by a second colon (`AWS::CloudFormation::Module`).
                let next = index + 1
                guard next < range.upperBound else { return false }
                if byte == UInt8(ascii: ":"), buffer[next] == UInt8(ascii: ":") {
                    guard next + 1 < range.upperBound, ByteSet.letters.contains(buffer[next + 1]) else { return false }
                    index = next + 1
                } else {
                    guard ByteSet.letters.contains(buffer[next]) else { return false }
                    index = next
                }
                afterLetters = false
            } else {
                return false
            }
        }
        let lowerWords = words - acronyms
        return words >= 2 && wordLetters >= 5 * lowerWords && (range.count <= 24 || words >= 3)
    }

    private static let vowels = ByteSet("aeiouy")
}
