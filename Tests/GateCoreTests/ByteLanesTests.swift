import GateCore
import XCTest

/// Eight bytes tested at once must answer, lane by lane, exactly what a test of each byte alone answers, whatever
/// the neighbouring lanes hold (no borrow or carry crosses a lane).
final class ByteLanesTests: XCTestCase {
    private func isLetter(_ byte: UInt8) -> Bool { (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) }
    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private func isWord(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) || byte == 0x5F }

    /// The lanes of `mask` that answer, lowest address first.
    private func lanes(_ mask: UInt64) -> [Bool] { (0..<8).map { mask >> UInt64($0 * 8) & 0xFF == 0x80 } }

    private func load(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { ByteLanes.load($0.baseAddress!, 0) }
    }

    func testEveryByteNextToEveryByteIsAnsweredAlone() {
        // Each pair of adjacent values in lanes 3 and 4, the other lanes holding bytes that tempt a borrow.
        for first in 0...255 {
            for second in 0...255 {
                let bytes: [UInt8] = [0x00, 0xFF, 0x80, UInt8(first), UInt8(second), 0x7F, 0x5F, 0x40]
                let value = load(bytes)
                let allBytesAnswer = lanes(ByteLanes.wordBytes(value)) == bytes.map(isWord)
                    && lanes(ByteLanes.letters(value)) == bytes.map(isLetter)
                    && lanes(ByteLanes.inRange(value, 0x30, 0x3A)) == bytes.map(isDigit)
                    && lanes(ByteLanes.zeroBytes(value)) == bytes.map { $0 == 0 }
                    && lanes(ByteLanes.equal(value, 0x7F)) == bytes.map { $0 == 0x7F }
                if !allBytesAnswer { XCTFail("lanes \(bytes) answered unlike each byte alone") }
            }
        }
    }

    /// JSON strings are scanned for bytes to escape eight at a time: each lane answers what `needsEscape` answers for
    /// its byte alone, next to every other byte.
    func testEscapedLanesAreTheBytesJSONEscapes() {
        for first in 0...255 {
            for second in 0...255 {
                let bytes: [UInt8] = [0x22, 0xFF, UInt8(first), UInt8(second), 0x20, 0x5C, 0x1F, 0x80]
                if lanes(JSONEscape.escapedLanes(load(bytes))) != bytes.map(JSONEscape.needsEscape) {
                    XCTFail("lanes \(bytes) answered unlike each byte alone")
                }
            }
        }
    }

    func testTheLowestAddressIsTheLowestLane() {
        let value = load(Array("ab_1 C-x".utf8))
        XCTAssertEqual(lanes(ByteLanes.wordBytes(value)), [true, true, true, true, false, true, false, true])
        XCTAssertEqual((~ByteLanes.wordBytes(value) & ByteLanes.high).trailingZeroBitCount >> 3, 4)
        XCTAssertEqual(ByteLanes.broadcast(0x20), 0x2020_2020_2020_2020)
    }
}
