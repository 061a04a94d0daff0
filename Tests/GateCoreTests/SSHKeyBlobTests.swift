import GateCore
import XCTest

/// The key blob an OpenSSH public key line's base64 decodes to, read without cryptography.
final class SSHKeyBlobTests: XCTestCase {
    private func wire(_ strings: [[UInt8]]) -> [UInt8] {
        strings.flatMap { string -> [UInt8] in
            let count = UInt32(string.count)
            return [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)] + string
        }
    }

    func testAnEd25519BlobGivesItsTypeAndKey() {
        let key = [UInt8](repeating: 7, count: 32)
        let blob = wire([Array("ssh-ed25519".utf8), key])
        XCTAssertEqual(SSHKeyBlob.type(of: blob), "ssh-ed25519")
        XCTAssertEqual(SSHKeyBlob.ed25519Key(in: blob), key)
    }

    func testOtherTypesAndMalformedBlobsGiveNoKey() {
        let key = [UInt8](repeating: 7, count: 32)
        // Another type: named, but no Ed25519 key.
        let rsa = wire([Array("ssh-rsa".utf8), [1, 0, 1], [UInt8](repeating: 9, count: 64)])
        XCTAssertEqual(SSHKeyBlob.type(of: rsa), "ssh-rsa")
        XCTAssertNil(SSHKeyBlob.ed25519Key(in: rsa))
        // A key of the wrong length, trailing bytes, a truncated key, a truncated type.
        XCTAssertNil(SSHKeyBlob.ed25519Key(in: wire([Array("ssh-ed25519".utf8), Array(key.prefix(31))])))
        XCTAssertNil(SSHKeyBlob.ed25519Key(in: wire([Array("ssh-ed25519".utf8), key]) + [0]))
        XCTAssertNil(SSHKeyBlob.ed25519Key(in: Array(wire([Array("ssh-ed25519".utf8), key]).dropLast(5))))
        XCTAssertNil(SSHKeyBlob.type(of: Array(wire([Array("ssh-ed25519".utf8)]).prefix(8))))
        XCTAssertNil(SSHKeyBlob.type(of: [0xff, 0xff, 0xff, 0xff, 1]))
        XCTAssertNil(SSHKeyBlob.type(of: []))
    }
}
