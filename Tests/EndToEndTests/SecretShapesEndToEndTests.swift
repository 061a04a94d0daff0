import Foundation
import GateTestSupport
import XCTest

/// Issue #12 item 4 end to end: credential shapes that used to pass are judged by the built `gate` on a real
/// repository, each at its tier, and no output carries the whole value. Every value is generated here at run time.
final class SecretShapesEndToEndTests: XCTestCase {
    private static func generated(_ count: Int, seed: UInt64, alphabet: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        -> String
    {
        let characters = Array(alphabet)
        var state = seed
        var text = ""
        for _ in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            text.append(characters[Int(state % UInt64(characters.count))])
        }
        return text
    }

    private static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func supabaseJWT(role: String) -> String {
        let header = base64URL(#"{"alg":"HS256","typ":"JWT"}"#)
        let payload = base64URL(
            #"{"iss":"supabase","ref":"qwhzkfdxnmtrpalcvbgy","role":"\#(role)","iat":1716000000,"exp":2031576000}"#)
        return "\(header).\(payload).\(generated(43, seed: 0x51ED_270B_2A4C_9E11, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"))"
    }

    /// Commits `files` on a branch off an empty main and runs `gate check --base main` with `arguments`.
    private func check(_ files: [String: String], arguments: [String] = ["--format", "json"]) throws
        -> (status: Int32, stdout: String, findings: [[String: Any]])
    {
        let repo = try GitFixture()
        try repo.write("README.md", "app\n")
        try repo.commit("base")
        try repo.git("switch", "-q", "-c", "feature")
        for (path, text) in files { try repo.write(path, text) }
        try repo.commit("change")
        var environment = GitFixture.environment
        for name in ["GITHUB_ACTIONS", "GATE_BASE", "GITHUB_BASE_REF", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"] {
            environment[name] = nil
        }
        let result = try runProcess(
            gateExecutablePath(), ["check", "--base", "main"] + arguments, in: repo.path, environment: environment)
        let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result.status, result.stdout + result.stderr, json?["findings"] as? [[String: Any]] ?? [])
    }

    private func secretFindings(_ findings: [[String: Any]]) -> [[String: Any]] {
        findings.filter { $0["category"] as? String == "secret" }
    }

    func testAStripeTestKeyNeedsSignOffRatherThanBlocking() throws {
        let key = "sk_" + "test_" + Self.generated(99, seed: 0x2545_F491_4F6C_DD1D)
        let result = try check(["config/billing.py": "import stripe\nstripe.api_key = \"\(key)\"\n"])
        XCTAssertEqual(result.status, 1, result.stdout)
        let secrets = secretFindings(result.findings)
        XCTAssertEqual(secrets.count, 1, result.stdout)
        XCTAssertEqual(secrets.first?["tier"] as? String, "high", result.stdout)
        XCTAssertEqual(secrets.first?["action"] as? String, "require-approval", result.stdout)
        XCTAssertFalse(result.stdout.contains(key), "the whole key never appears")
    }

    func testAConnectionURLWithARealPasswordBlocksAndOnlyThePasswordIsHidden() throws {
        let password = Self.generated(20, seed: 0x9E37_79B9_7F4A_7C15)
        let url = "postgres://app_owner:\(password)@db-prod-7.eu-central-1.rds.amazonaws.com:5432/app"
        let result = try check([".env.production": "DATABASE_URL=\(url)\n"])
        XCTAssertEqual(result.status, 1, result.stdout)
        let secrets = secretFindings(result.findings)
        XCTAssertEqual(secrets.first?["action"] as? String, "block", result.stdout)
        XCTAssertEqual(secrets.first?["path"] as? String, ".env.production")
        XCTAssertFalse(result.stdout.contains(password), "the password never appears")

        // A local database with the framework's default password is configuration, not a leak.
        let local = try check([".env.development": "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n"])
        XCTAssertTrue(secretFindings(local.findings).isEmpty, local.stdout)
    }

    func testAServiceRoleJWTBlocksAndTheAnonKeyIsPublic() throws {
        let serviceRole = Self.supabaseJWT(role: "service_role")
        let result = try check(["lib/supabase-admin.ts": """
            import { createClient } from "@supabase/supabase-js";
            export const admin = createClient("https://qwhzkfdxnmtrpalcvbgy.supabase.co", "\(serviceRole)");

            """])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertEqual(secretFindings(result.findings).first?["action"] as? String, "block", result.stdout)
        XCTAssertFalse(result.stdout.contains(serviceRole), "the whole token never appears")

        let anon = try check(["lib/supabase.ts": """
            import { createClient } from "@supabase/supabase-js";
            export const supabase = createClient("https://qwhzkfdxnmtrpalcvbgy.supabase.co", "\(Self.supabaseJWT(role: "anon"))");

            """])
        XCTAssertTrue(secretFindings(anon.findings).isEmpty, anon.stdout)
        XCTAssertEqual(anon.status, 0, anon.stdout)
    }

    func testARolePasswordInAMigrationBlocksAndIsShownNowhere() throws {
        let password = Self.generated(18, seed: 0x3C6E_F372_FE94_F82B)
        let result = try check(["db/migrations/0007_roles.sql": "CREATE ROLE reporting LOGIN PASSWORD '\(password)';\n"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertEqual(secretFindings(result.findings).first?["rule"] as? String, "sql-role-password", result.stdout)
        XCTAssertEqual(secretFindings(result.findings).first?["action"] as? String, "block", result.stdout)
        XCTAssertFalse(result.stdout.contains(password), "the password never appears, not even in the migration listing")
    }

    func testKeysInAMigrationsStatementsAreShownNowhere() throws {
        let webhook = "https://hooks." + "slack.com/services/T" + Self.generated(10, seed: 0x9E37_79B9_7F4A_7C15, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            + "/B" + Self.generated(10, seed: 0xBF58_476D_1CE4_E5B9, alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
            + "/" + Self.generated(24, seed: 0x94D0_49BB_1331_11EB)
        let key = "sk-" + "proj-" + Self.generated(156, seed: 0x2127_599B_F432_5C37)
        let files = [
            "db/migrations/0010_seed_keys.sql": "UPDATE integrations SET api_key = '\(key)' WHERE provider = 'openai';\n",
            "db/migrations/0011_webhook.sql": "INSERT INTO webhooks (name, url) VALUES ('alerts', '\(webhook)');\n",
        ]
        for arguments in [["--format", "json"], ["--format", "sarif"], ["--format", "markdown"], ["--verbose", "--no-color"]] {
            let result = try check(files, arguments: arguments)
            XCTAssertEqual(result.status, 1, result.stdout)
            // The key's body after the part every redaction may show, in any finding's evidence or the migration listing.
            XCTAssertFalse(result.stdout.contains(String(webhook.suffix(24))), "\(arguments): \(result.stdout)")
            XCTAssertFalse(result.stdout.contains(String(key.suffix(40))), "\(arguments): \(result.stdout)")
        }
        let migrationEvidence = try check(files).findings.filter { $0["rule"] as? String == "schema-migration" }
            .compactMap { $0["evidence"] as? String }
        XCTAssertEqual(migrationEvidence.count, 2)
        XCTAssertTrue(migrationEvidence.allSatisfy { $0.contains("…[redacted ") }, "\(migrationEvidence)")
    }

    func testAKeySplitAcrossAdjacentLiteralsIsJoinedBeforeMatching() throws {
        let body = Self.generated(48, seed: 0xD1B5_4A32_D192_ED03)
        let first = String(body.prefix(20)), second = String(body.dropFirst(20))
        let result = try check(["app/llm.py": "OPENAI_KEY = (\"sk-proj-\(first)\"\n    \"\(second)\")\n"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertEqual(secretFindings(result.findings).first?["action"] as? String, "block", result.stdout)
        XCTAssertFalse(result.stdout.contains(body), "the whole key never appears")
    }

    /// Shapes found on real code (README's secrets sentence): a Kubernetes Secret's base64 data, a token in a curl
    /// line's Authorization header and a Clerk key, each at its tier and provider, none shown whole.
    func testEncodedManifestValuesHeaderTokensAndClerkKeysAreJudgedWhereTheyAre() throws {
        let openAI = "sk-" + "proj-" + Self.generated(156, seed: 0x3C6E_F372_FE94_F82B)
        let token = Self.generated(40, seed: 0xA54F_F53A_5F1D_36F1)
        let clerk = "sk_" + "live_" + Self.generated(42, seed: 0x510E_527F_ADE6_82D1)
        let encoded = Data(openAI.utf8).base64EncodedString()
        let result = try check([
            "k8s/secret.yaml": """
                apiVersion: v1
                kind: Secret
                data:
                  OPENAI_API_KEY: \(encoded)
                  DB_PASSWORD: \(Data("changeme".utf8).base64EncodedString())

                """,
            "docs/api.md": "curl https://api.acme.dev/v1/jobs -H \"Authorization: Bearer \(token)\"\n",
            ".env.production": "CLERK_SECRET_KEY=\(clerk)\n",
        ])
        XCTAssertEqual(result.status, 1, result.stdout)
        let secrets = secretFindings(result.findings).map { finding in
            "\(finding["path"] as? String ?? "") \(finding["rule"] as? String ?? "") \(finding["tier"] as? String ?? "") "
                + "\(finding["provider"] as? String ?? "-")"
        }.sorted()
        XCTAssertEqual(secrets, [
            ".env.production clerk-secret-key critical clerk",
            "docs/api.md authorization-header-token high -",
            "k8s/secret.yaml openai-api-key critical openai",
        ], result.stdout)
        for secret in [openAI, encoded, token, clerk] {
            XCTAssertFalse(result.stdout.contains(secret), "a secret appears whole")
        }
    }
}
