import GateCore
import XCTest

/// Every way libpq accepts a password, inside whatever text carries it, comes out as `***`.
final class ConnectionStringRedactionTests: XCTestCase {
    private func assertRedacted(_ text: String, _ expected: String, hiding secrets: [String],
                                file: StaticString = #filePath, line: UInt = #line) {
        let redacted = Redaction.redactConnectionString(text)
        XCTAssertEqual(redacted, expected, file: file, line: line)
        for secret in secrets {
            XCTAssertFalse(redacted.contains(secret), "\(secret) leaked: \(redacted)", file: file, line: line)
        }
    }

    func testKeywordValueStringsInEverySpacingAndQuoting() {
        assertRedacted("host=db password=hunter2 user=app", "host=db password=*** user=app", hiding: ["hunter2"])
        assertRedacted("host=db password = hunter2 user=app", "host=db password = *** user=app", hiding: ["hunter2"])
        assertRedacted("password\t=\thunter2", "password\t=\t***", hiding: ["hunter2"])
        assertRedacted("host=db password='correct horse battery' dbname=x", "host=db password=*** dbname=x",
                       hiding: ["correct", "horse", "battery"])
        assertRedacted(#"password='it\'s a \\ secret' port=5432"#, "password=*** port=5432", hiding: ["it", "secret"])
        assertRedacted("password='it''s doubled' port=1", "password=*** port=1", hiding: ["doubled"])
        assertRedacted("PASSWORD=Shout sslpassword=keypass", "PASSWORD=*** sslpassword=***", hiding: ["Shout", "keypass"])
        assertRedacted("password='never closed", "password=***", hiding: ["never", "closed"])
        assertRedacted("PGPASSWORD=fromenv psql", "PGPASSWORD=*** psql", hiding: ["fromenv"])
        // libpq's escaped blank in an unquoted value is part of it.
        assertRedacted(#"host=127.0.0.1 password=Wr0ng\ Pass dbname=postgres"#, "host=127.0.0.1 password=*** dbname=postgres",
                       hiding: ["Wr0ng", "Pass"])
    }

    func testURIsWithUserinfoAndQueryParameters() {
        assertRedacted("postgresql://app:hunter2@db.internal:5432/app", "postgresql://app:***@db.internal:5432/app",
                       hiding: ["hunter2"])
        assertRedacted("postgres://app:p%40ss@w0rd@db/app?sslmode=require", "postgres://app:***@db/app?sslmode=require",
                       hiding: ["p%40ss", "w0rd"])
        assertRedacted("postgresql://app@db/app?password=hunter2&sslmode=require",
                       "postgresql://app@db/app?password=***&sslmode=require", hiding: ["hunter2"])
        assertRedacted("postgresql:///app?host=/tmp&password=hunter2", "postgresql:///app?host=/tmp&password=***",
                       hiding: ["hunter2"])
        assertRedacted("postgresql://u:one@h1:5432,h2:5433/app", "postgresql://u:***@h1:5432,h2:5433/app", hiding: ["one"])
        assertRedacted("postgresql://app:pw@[::1]:5432/app", "postgresql://app:***@[::1]:5432/app", hiding: ["pw@"])
        // A URI ending a message keeps the message's colon.
        assertRedacted("postgresql:///app?password=hunter2: connection refused",
                       "postgresql:///app?password=***: connection refused", hiding: ["hunter2"])
    }

    func testTextAroundIsKeptAndHarmlessTextIsUntouched() {
        assertRedacted(
            #"could not connect to "postgresql://app:hunter2@db/app": connection refused"#,
            #"could not connect to "postgresql://app:***@db/app": connection refused"#, hiding: ["hunter2"])
        assertRedacted(#"invalid input syntax for type integer: "host=db password = 'a b' user=x""#,
                       #"invalid input syntax for type integer: "host=db password = *** user=x""#, hiding: ["'a b'"])
        let harmless = "postgresql://app@db/app, https://example.com/a?b=c, passwords are rotated, mypassword=fine"
        XCTAssertEqual(Redaction.redactConnectionString(harmless), harmless)
    }

    func testCommandLinesHideSecretFlagsNamedVariablesAndURLs() {
        XCTAssertEqual(
            Redaction.redactCommandLine([
                "./deploy", "--token", "t0k", "--password=pw", "--url=postgres://u:pw2@h/d", "AWS_SECRET_ACCESS_KEY=s3",
                "--note=a-secret-free-value", "--target", "prod",
            ]),
            "./deploy --token *** --password=*** --url=postgres://u:***@h/d AWS_SECRET_ACCESS_KEY=*** --note=a-secret-free-value --target prod")
    }
}
