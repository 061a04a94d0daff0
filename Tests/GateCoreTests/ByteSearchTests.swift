import GateCore
import XCTest

final class ByteSearchTests: XCTestCase {
    /// The definition: some offset where every byte, ASCII-lowercased, is the needle's.
    private func naive(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= bytes.count else { return false }
        return (0...(bytes.count - needle.count)).contains { start in
            needle.indices.allSatisfy { offset in
                let byte = bytes[start + offset]
                return (byte >= 65 && byte <= 90 ? byte + 32 : byte) == needle[offset]
            }
        }
    }

    func testFindsTheNeedleInAnyCaseAnywhere() {
        let retries = Array("retries".utf8)
        for text in ["MAX_RETRIES = 5", "client = OpenAI(maxRetries: 3)", "retries", "x.withMaxReTrIeS(2)", "0123456retries"] {
            XCTAssertTrue(ByteSearch.containsFolded(Array(text.utf8), retries), text)
        }
        for text in ["", "retrie", "retr1es", "maxRetry", "ret ries", "RETRIE_S"] {
            XCTAssertFalse(ByteSearch.containsFolded(Array(text.utf8), retries), text)
        }
        XCTAssertTrue(ByteSearch.containsFolded(Array("a_b".utf8), Array("_b".utf8)), "a needle starting with a non-letter")
    }

    /// Random buffers of every length around the eight-byte steps, from an alphabet that makes near misses likely.
    func testAgreesWithItsDefinition() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("eEtTrRyY_ ".utf8)
        let needles = ["etry", "try", "e", "ry_", "etryetry"].map { Array($0.utf8) }
        for length in 0...40 {
            for _ in 0..<200 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let limit = Int.random(in: 0...40, using: &generator)
                for needle in needles {
                    XCTAssertEqual(ByteSearch.containsFolded(bytes, needle), naive(bytes, needle),
                                   "\(String(decoding: bytes, as: UTF8.self)) / \(String(decoding: needle, as: UTF8.self))")
                    // Searched within the first `limit` bytes: as if the rest were not there.
                    XCTAssertEqual(ByteSearch.containsFolded(bytes, needle, within: limit), naive(Array(bytes.prefix(limit)), needle),
                                   "\(String(decoding: bytes, as: UTF8.self)) / \(String(decoding: needle, as: UTF8.self)) within \(limit)")
                }
            }
        }
    }

    /// The exact search: the first offset at or after a start where the needle's bytes are, in random buffers of every
    /// length around the sixteen-byte steps, against the definition.
    func testFindAgreesWithItsDefinition() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("imporIMPOR ".utf8)
        let needles = ["import", "i", "rt", "importimport", "t "].map { Array($0.utf8) }
        for length in 0...48 {
            for _ in 0..<100 {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                let start = Int.random(in: 0...length, using: &generator)
                for needle in needles {
                    let expected = needle.count > length ? Int.max : (start...max(start, length - needle.count)).first { offset in
                        offset + needle.count <= length && Array(bytes[offset..<(offset + needle.count)]) == needle
                    } ?? Int.max
                    let found = bytes.withUnsafeBufferPointer { ByteSearch.find(needle, in: $0, from: start) }
                    XCTAssertEqual(found, expected, "\(String(decoding: bytes, as: UTF8.self)) / \(String(decoding: needle, as: UTF8.self)) from \(start)")
                }
            }
        }
        // Case matters here.
        XCTAssertEqual(Array("IMPORT import".utf8).withUnsafeBufferPointer { ByteSearch.find(Array("import".utf8), in: $0, from: 0) }, 7)
    }

    /// The lanes a compare answered in, lowest first, for random masks (none, all, and every mix between).
    func testAnsweringLanesAreTheSetLanesInOrder() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<500 {
            let set = (0..<16).map { _ in round == 0 ? false : round == 1 ? true : Bool.random(using: &generator) }
            let bytes = SIMD16<UInt8>(set.map { $0 ? 1 : 0 })
            let lanes = AnsweringLanes(bytes .== SIMD16<UInt8>(repeating: 1))
            XCTAssertEqual(Array(lanes), set.indices.filter { set[$0] }, "\(set)")
            XCTAssertEqual(lanes.isEmpty, !set.contains(true))
        }
    }

    func testCalledNamesAreWordsDirectlyBeforeAParen() {
        let names = ["update", "from", "insert", "create"].map { Array($0.utf8) }
        func called(_ text: String) -> UInt64 { ByteSearch.calledNames(Array(text.utf8), among: names) }
        XCTAssertEqual(called("db.from(\"t\").update({ a })"), 0b0011)
        XCTAssertEqual(called("$q->insert(['a' => 1]); record.create!(a: 1)"), 0b1100)
        // Longer words ending in a name, a name with no paren after it, and a space before the paren are not calls.
        XCTAssertEqual(called("autoupdate(x); fromage(y); update; insert (z); Array.fromAsync(w)"), 0)
        XCTAssertEqual(called("(update("), 0b0001)
        XCTAssertEqual(called(""), 0)
    }

    func testAnAnchoredSearchAgreesWithTheFullOne() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("sequlizSQ. ".utf8)
        let needle = Array("sequelize".utf8)
        for length in 0...40 {
            for _ in 0..<200 {
                var bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                if length >= needle.count, Bool.random(using: &generator) {
                    let at = Int.random(in: 0...(length - needle.count), using: &generator)
                    bytes.replaceSubrange(at..<(at + needle.count), with: needle)
                }
                let expected = bytes.withUnsafeBufferPointer { ByteSearch.find(needle, in: $0, from: 0) } != Int.max
                for anchor in [0, 2, 8] {
                    XCTAssertEqual(ByteSearch.contains(needle, anchoredAt: anchor, in: bytes), expected, String(decoding: bytes, as: UTF8.self))
                }
            }
        }
    }
}
