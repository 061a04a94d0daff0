import Foundation
import GateCore
import XCTest
@testable import GateRules

/// A migration's statements are quoted as evidence, in the report's migration listing and in `-v`: a credential in
/// them has its own secret finding, redacted, and is never printed whole beside it.
final class MigrationEvidenceRedactionTests: XCTestCase {
    func testCredentialsTheSecretDetectorsRecogniseAreRedactedInStatementExcerpts() {
        let statements: [(sql: String, secret: String)] = [
            ("INSERT INTO webhooks (name, url) VALUES ('alerts', '\(ExampleSecret.slackWebhook)');", ExampleSecret.slackWebhook),
            ("UPDATE integrations SET api_key = '\(ExampleSecret.openAIProject)' WHERE provider = 'openai';",
             ExampleSecret.openAIProject),
            ("INSERT INTO settings (name, value) VALUES ('stripe', '\(ExampleSecret.stripeLive)');", ExampleSecret.stripeLive),
            ("UPDATE integrations SET access_token = '\(ExampleSecret.genericToken)' WHERE id = 7;", ExampleSecret.genericToken),
        ]
        for (sql, secret) in statements {
            let excerpt = SchemaFindings.excerpt(sql)
            XCTAssertFalse(excerpt.contains(String(secret.suffix(12))), excerpt)
            XCTAssertTrue(excerpt.contains("…[redacted "), excerpt)
        }
    }

    func testAConnectionStringsPasswordIsRedactedInStatementExcerpts() {
        let password = ExampleSecret.random(16, from: ExampleSecret.alphanumeric, seed: "dblink-password")
        let excerpt = SchemaFindings.excerpt(
            "SELECT dblink_connect('reports', 'host=reports.internal dbname=reports user=etl password=\(password)');")
        XCTAssertEqual(excerpt, "SELECT dblink_connect('reports', 'host=reports.internal dbname=reports user=etl password=***');")
        let url = "postgresql://etl:\(password)@reports.internal/reports"
        XCTAssertFalse(SchemaFindings.excerpt("SELECT dblink_exec('\(url)', 'SELECT 1');").contains(password))
    }

    func testStatementsWithoutACredentialAreQuotedAsWritten() {
        for sql in [
            "UPDATE integrations SET api_key = 'sk-...' WHERE provider = 'openai'",
            "INSERT INTO settings (name, value) VALUES ('theme', 'dark')",
            "ALTER TABLE users ADD COLUMN password_hash text NOT NULL DEFAULT ''",
            "UPDATE accounts SET external_id = 'cus_Q8d7' WHERE id = 42",
            "CREATE INDEX CONCURRENTLY idx_integrations_provider ON integrations (provider)",
        ] {
            XCTAssertEqual(SchemaFindings.excerpt(sql), sql)
        }
    }
}
