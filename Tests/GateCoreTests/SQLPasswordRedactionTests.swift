import GateCore
import XCTest

final class SQLPasswordRedactionTests: XCTestCase {
    func testEveryPasswordLiteralIsReplacedAndTheRestKept() {
        XCTAssertEqual(
            Redaction.redactSQLPasswords("CREATE ROLE r LOGIN PASSWORD 'Zq8v''N2x'; alter user a with password E'Hm3k\\'P9';"),
            "CREATE ROLE r LOGIN PASSWORD '***'; alter user a with password E'***';")
        XCTAssertEqual(Redaction.redactSQLPasswords("ALTER ROLE app\nPASSWORD\n  'abc'"), "ALTER ROLE app\nPASSWORD\n  '***'")
    }

    func testTextWithoutAPasswordLiteralIsUnchanged() {
        for text in [
            "SELECT id FROM users WHERE password = 'x'", "CREATE ROLE r PASSWORD :'pw'", "ALTER TABLE users DROP COLUMN password",
            "CREATE ROLE r PASSWORD NULL", "",
        ] {
            XCTAssertEqual(Redaction.redactSQLPasswords(text), text)
        }
    }
}
