import Foundation
import XCTest

@testable import GateGit

/// libgit2's start-up without the CA bundle parse (CGitCertificates), and the bundle's load before a remote.
final class LibGit2StartupTests: XCTestCase {
    /// Debian's libgit2 is built on mbedTLS and parses the system's bundle in `git_libgit2_init`: the start-up
    /// records it instead, and handing it back to libgit2 parses it through mbedTLS's own function.
    func testStartUpDefersTheCertificateBundleAndARemoteLoadsIt() throws {
        Repository.prepareLibrary()
        let file = try XCTUnwrap(
            LibGit2.deferredCertificateFile, "libgit2's start-up parsed the CA bundle itself (no bundle was deferred)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: file), "\(file) is not the system's CA bundle")
        // 0: mbedTLS parsed the bundle (the interposer passed the call on); a lost pass-through fails with
        // MBEDTLS_ERR_X509_FILE_IO_ERROR, which libgit2 reports as -1.
        XCTAssertEqual(LibGit2.loadDeferredCertificates(), 0, LibGit2.lastErrorMessage(code: -1))
        // Once: a second remote does not parse it again.
        XCTAssertEqual(LibGit2.loadDeferredCertificates(), 0)
    }
}
