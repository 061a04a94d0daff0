import Foundation
import GateTestSupport
import XCTest

/// `gate check` on a real repository: migrations are found, analysed and linked to the code of the same change,
/// and a contract that head code still depends on is blocked.
final class SchemaEndToEndTests: XCTestCase {
    func check(_ repo: GitFixture, base: String) throws -> (status: Int32, report: [String: Any]) {
        let result = try runProcess(
            gateExecutablePath(), ["check", "--repo", repo.path, "--base", base, "--head", "HEAD", "--format", "json"],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return (result.status, try XCTUnwrap(object as? [String: Any], result.stderr))
    }

    func testMigrationAndTheCodeThatNeedsItAreOrderedAndHazardsReported() throws {
        let repo = try GitFixture()
        try repo.write("app/models.py", "class Report(Model):\n    body = TextField()\n    legacy_flag = BooleanField()\n")
        try repo.write("db/migrations/0001_init.sql", "CREATE TABLE reports (id bigint PRIMARY KEY, body text, legacy_flag boolean);\n")
        let base = try repo.commit("init")

        try repo.write("db/migrations/0042_add_summary.sql", """
            SET lock_timeout = '2s';
            ALTER TABLE reports ADD COLUMN summary text;
            CREATE INDEX reports_summary ON reports (summary);
            """)
        try repo.write("db/migrations/0043_drop_legacy.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE reports DROP COLUMN legacy_flag;
            """)
        try repo.write("jobs/summarize.py", """
            from app.models import Report

            def run(report_id):
                report = Report.objects.get(id=report_id)
                report.summary = summarize(report.body)
                report.save()
            """)
        _ = try repo.commit("summaries")

        let (status, report) = try check(repo, base: base)
        XCTAssertEqual(status, 1)
        // contract-still-used blocks under the default policy: relaxing schema-change would not relax it,
        // only a rule naming contract-still-used itself would.
        XCTAssertEqual(report["decision"] as? String, "block")
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let located = Set(findings.map { "\($0["rule"] ?? ""):\($0["path"] ?? ""):\($0["line"] ?? "")" })
        XCTAssertTrue(located.isSuperset(of: [
            "schema-migration:db/migrations/0042_add_summary.sql:1",
            "index-without-concurrently:db/migrations/0042_add_summary.sql:3",
            "contract-still-used:db/migrations/0043_drop_legacy.sql:3",
        ]), "\(located.sorted())")
        XCTAssertFalse(located.contains { $0.hasPrefix("contract-without-post-phase") }, "\(located.sorted())")
        // One construct, one finding: the DROP COLUMN is reported once, as still used, listing its other hazard.
        XCTAssertFalse(located.contains("drop-column:db/migrations/0043_drop_legacy.sql:3"), "\(located.sorted())")
        let contract = try XCTUnwrap(findings.first { $0["rule"] as? String == "contract-still-used" })
        XCTAssertEqual(contract["tier"] as? String, "critical")
        XCTAssertTrue((contract["message"] as? String ?? "").contains("also: drops a column"), "\(contract)")
        let index = try XCTUnwrap(findings.first { $0["rule"] as? String == "index-without-concurrently" })
        XCTAssertTrue((index["message"] as? String ?? "").contains("also: no statement_timeout"), "\(index)")
        XCTAssertEqual(findings.filter { ($0["line"] as? Int) == 3 && ($0["path"] as? String)?.hasSuffix("0042_add_summary.sql") == true }.count, 1)

        let ordering = try XCTUnwrap(report["ordering"] as? [[String: Any]])
        XCTAssertEqual(ordering.count, 1)
        XCTAssertEqual(ordering.first?["migration"] as? String, "db/migrations/0042_add_summary.sql")
        XCTAssertEqual(ordering.first?["phase"] as? String, "pre")
        XCTAssertEqual(ordering.first?["reason"] as? String, "adds reports.summary, which jobs/summarize.py:5 writes")

        let migrations = try XCTUnwrap(report["migrations"] as? [[String: Any]])
        XCTAssertEqual(migrations.compactMap { $0["path"] as? String }, [
            "db/migrations/0042_add_summary.sql", "db/migrations/0043_drop_legacy.sql",
        ])
        XCTAssertEqual(migrations.compactMap { $0["phase"] as? String }, ["pre", "post"])
        let statements = try XCTUnwrap(migrations.first?["statements"] as? [[String: Any]])
        XCTAssertEqual(statements.compactMap { $0["effect"] as? String }, ["expand", "expand", "expand"])
        XCTAssertEqual(statements.last?["hazards"] as? [String], ["index-without-concurrently", "missing-statement-timeout"])
        XCTAssertEqual(statements.last?["checks"] as? [String], ["index reports_summary exists and is valid"])
    }

    /// Tiers follow the hazard: an expand-only migration passes on the fast track (listed, tier low) under the
    /// default policy, and one hazard in it takes it off the fast track.
    /// Workers analyse files in whatever order they finish them; the ordering list (and so the report) must not
    /// follow that order, but the migrations' paths.
    func testOrderingFollowsMigrationPathsWhateverOrderWorkersFinishIn() throws {
        let repo = try GitFixture()
        try repo.write("db/migrations/0001_init.sql", "CREATE TABLE reports (id bigint PRIMARY KEY, body text);\n")
        let base = try repo.commit("init")
        let count = 24
        for index in 0..<count {
            try repo.write(String(format: "db/migrations/%04d_add_field_%d.sql", index + 2, index),
                           "SET lock_timeout = '2s';\nALTER TABLE reports ADD COLUMN field_\(index) text;\n")
            // Code of varied size between migrations, so workers finish files out of order.
            let padding = String(repeating: "    # note\n", count: (index * 37) % 400)
            try repo.write("jobs/fill_\(index).py", "def run(report):\n\(padding)    report.field_\(index) = 'x'\n    report.save()\n")
        }
        _ = try repo.commit("fields")
        let expected = (0..<count).map { String(format: "db/migrations/%04d_add_field_%d.sql", $0 + 2, $0) }
        for _ in 0..<3 {
            let (_, report) = try check(repo, base: base)
            let ordering = try XCTUnwrap(report["ordering"] as? [[String: Any]])
            XCTAssertEqual(ordering.compactMap { $0["migration"] as? String }, expected)
        }
    }

    func testExpandOnlyMigrationIsFastTrackedAndAHazardNeedsSignOff() throws {
        let repo = try GitFixture()
        try repo.write("db/migrations/0001_init.sql", "CREATE TABLE reports (id bigint PRIMARY KEY, body text);\n")
        let base = try repo.commit("init")
        try repo.write("db/migrations/0002_summary.sql", """
            SET lock_timeout = '2s';
            ALTER TABLE reports ADD COLUMN summary text;
            CREATE TABLE report_tags (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tag text NOT NULL);
            """)
        _ = try repo.commit("summary")
        let (status, report) = try check(repo, base: base)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(report["decision"] as? String, "pass")
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        XCTAssertEqual(findings.compactMap { $0["rule"] as? String }, ["expand-only-migration"])
        XCTAssertEqual(findings.first?["tier"] as? String, "low")
        XCTAssertEqual(findings.first?["action"] as? String, "pass")
        XCTAssertEqual((report["migrations"] as? [[String: Any]])?.count, 1)

        try repo.write("db/migrations/0003_index.sql", "SET lock_timeout = '2s';\nCREATE INDEX reports_body ON reports (body);\n")
        _ = try repo.commit("index")
        let (hazardStatus, hazardReport) = try check(repo, base: base)
        XCTAssertEqual(hazardStatus, 1)
        XCTAssertEqual(hazardReport["decision"] as? String, "needs-approval")
        let tiers = try XCTUnwrap(hazardReport["findings"] as? [[String: Any]]).map {
            "\($0["rule"] ?? ""):\($0["tier"] ?? "")"
        }
        XCTAssertEqual(Set(tiers), [
            "expand-only-migration:low", "schema-migration:high", "index-without-concurrently:high",
        ])
    }

    func testBrokenMigrationIsAFindingWithThePositionNotACrash() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "hello\n")
        let base = try repo.commit("init")
        try repo.write("supabase/migrations/20240101000000_broken.sql", "SET lock_timeout = '2s';\nALTER TABLE reports\n  ADD COLUMN;\n")
        _ = try repo.commit("broken")
        let (status, report) = try check(repo, base: base)
        XCTAssertEqual(status, 1)
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let parse = try XCTUnwrap(findings.first { $0["rule"] as? String == "sql-parse-error" })
        XCTAssertEqual(parse["line"] as? Int, 3)
        XCTAssertEqual(parse["column"] as? Int, 13)
        XCTAssertTrue((parse["message"] as? String ?? "").contains("syntax error"))
    }
}
