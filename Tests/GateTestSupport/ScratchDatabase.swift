import Foundation
import GatePostgres
import XCTest

/// A fresh database on the test cluster, dropped when released, so tests cannot see each other's state.
public final class ScratchDatabase {
    public let name: String
    public let url: String
    private let adminURL: String

    public init(file: StaticString = #filePath, line: UInt = #line) throws {
        guard let admin = testDatabaseURL() else {
            XCTFail("GATE_TEST_DATABASE_URL is not set: run the tests through scripts/with-postgres (make test)", file: file, line: line)
            throw FixtureError("no test database")
        }
        adminURL = admin
        name = "gate_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        guard var components = URLComponents(string: admin) else { throw FixtureError("bad URL \(admin)") }
        components.path = "/" + name
        guard let url = components.string else { throw FixtureError("bad URL \(admin)") }
        self.url = url
        let connection = try Connection(admin)
        // CREATE DATABASE takes no parameters; the name is generated above from hex digits only.
        try connection.unsafeExecuteScript("CREATE DATABASE \(name)")
    }

    deinit {
        if let connection = try? Connection(adminURL) {
            _ = try? connection.unsafeExecuteScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }
}
