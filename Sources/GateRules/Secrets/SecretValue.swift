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

    /// Whether the value contains a placeholder word, a run of six or more equal bytes, or an ascending or
    /// descending run of six (`123456`, `abcdef`), none of which a random credential plausibly has.
    static func isPlaceholder(_ value: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var same = 1, ascending = 1, descending = 1
        var previous: UInt8 = 0
        for index in range {
            let byte = value[index]
            if index > range.lowerBound {
                same = byte == previous ? same + 1 : 1
                ascending = byte == previous &+ 1 ? ascending + 1 : 1
                descending = byte == previous &- 1 ? descending + 1 : 1
                if same >= 6 || ascending >= 6 || descending >= 6 { return true }
            }
            previous = byte
        }
        return placeholderWords.contains { containsIgnoringCase(value, range, $0) }
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
        guard range.count >= needle.count else { return false }
        var start = range.lowerBound
        while start + needle.count <= range.upperBound {
            var offset = 0
            while offset < needle.count, lowercased(value[start + offset]) == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
            start += 1
        }
        return false
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte
    }
}
