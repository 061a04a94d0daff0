import CHTTP
import Foundation
import GateTestSupport
import XCTest

/// CHTTP's GET against a real HTTP server: what GitHubReviewsClient builds on (status, body, `Link`, a redirect's
/// target that is reported and never followed, bounds on time and size).
final class HTTPGetTests: XCTestCase {
    private struct Outcome {
        var result: Int32
        var status: Int
        var body: String
        var link: String?
        var location: String?
        var error: String
    }

    private func get(_ url: String, headers: [String] = [], timeout: Int = 5000, maxBody: Int = 1 << 20) -> Outcome {
        var response = gate_http_response()
        defer { gate_http_response_free(&response) }
        let copies = headers.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer {
            gate_http_get(url, $0.baseAddress, Int32($0.count), timeout, maxBody, &response)
        }
        return Outcome(
            result: result, status: response.status,
            body: response.body.map { String(decoding: UnsafeBufferPointer(start: $0, count: response.body_length), as: UTF8.self) } ?? "",
            link: response.link.map { String(cString: $0) }, location: response.location.map { String(cString: $0) },
            error: withUnsafeBytes(of: response.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
    }

    func testAResponseKeepsItsStatusBodyAndLinkHeaderAndTheRequestItsHeaders() throws {
        let server = try LocalHTTPServer { request, _ in
            LocalHTTPServer.Response(
                status: request.path == "/missing" ? 404 : 200,
                headers: [("LINK", #"<http://x.test/a?page=2>; rel="next""#)], body: Array("[1,2,3]".utf8))
        }
        let found = get(server.url + "/reviews?per_page=100", headers: ["Authorization: Bearer T0KEN", "User-Agent: gate"])
        XCTAssertEqual(found.result, 0, found.error)
        XCTAssertEqual(found.status, 200)
        XCTAssertEqual(found.body, "[1,2,3]")
        XCTAssertEqual(found.link, #"<http://x.test/a?page=2>; rel="next""#, "the header's name is matched in any case")
        XCTAssertNil(found.location)
        XCTAssertEqual(server.requests.first?.path, "/reviews?per_page=100")
        XCTAssertEqual(server.requests.first?.headers["authorization"], "Bearer T0KEN")
        XCTAssertEqual(server.requests.first?.headers["user-agent"], "gate")

        let missing = get(server.url + "/missing")
        XCTAssertEqual(missing.result, 0, "any status is a response")
        XCTAssertEqual(missing.status, 404)
    }

    func testARedirectIsReportedWithItsTargetAndNotFollowed() throws {
        let elsewhere = try LocalHTTPServer { _, _ in LocalHTTPServer.Response(body: Array("secret".utf8)) }
        let redirecting = try LocalHTTPServer { _, _ in
            LocalHTTPServer.Response(status: 302, headers: [("Location", elsewhere.url + "/stolen")], body: [])
        }
        let outcome = get(redirecting.url + "/a", headers: ["Authorization: Bearer T0KEN"])
        XCTAssertEqual(outcome.result, 0, outcome.error)
        XCTAssertEqual(outcome.status, 302)
        XCTAssertEqual(outcome.location, elsewhere.url + "/stolen")
        XCTAssertEqual(elsewhere.requests.count, 0, "the redirect was followed")
    }

    func testNothingListeningABodyTooLargeAndAnotherSchemeAreErrors() throws {
        let unreachable = get("http://127.0.0.1:9/")
        XCTAssertEqual(unreachable.result, -1)
        XCTAssertEqual(unreachable.status, 0)
        XCTAssertTrue(unreachable.error.contains("127.0.0.1"), unreachable.error)

        let large = try LocalHTTPServer { _, _ in LocalHTTPServer.Response(body: [UInt8](repeating: 65, count: 300_000)) }
        let tooLarge = get(large.url + "/", maxBody: 100_000)
        XCTAssertEqual(tooLarge.result, -1)
        XCTAssertEqual(tooLarge.error, "the response is larger than 100000 bytes")
        XCTAssertEqual(get(large.url + "/", maxBody: 300_000).body.count, 300_000, "a body at the bound is whole")

        let file = get("file:///etc/hostname")
        XCTAssertEqual(file.result, -1, "only http and https: \(file.body)")
        XCTAssertEqual(file.error, "only http and https URLs are fetched")
        XCTAssertTrue(file.body.isEmpty)
        XCTAssertEqual(get("HTTP://127.0.0.1:9/").error.contains("127.0.0.1"), true, "the scheme in any case")
    }
}
