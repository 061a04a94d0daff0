import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// A migration renamed under its version, through the real check: renamed-migration when the base had it (whether or
/// not git pairs the rename), nothing when it only ever existed on the branch.
final class MigrationRenameTests: XCTestCase {
    private static let invoices = "CREATE TABLE invoices (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"

    private func check(_ repo: GitFixture) throws -> Report {
        try CheckRunner().run(CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", environment: [:]))
    }

    func testAShippedMigrationRenamedUnderItsVersionNeedsSignOff() throws {
        let repo = try GitFixture.onFeatureBranch(files: ["db/migrations/000001_create_invoices.up.sql": Self.invoices])
        try repo.git("mv", "db/migrations/000001_create_invoices.up.sql", "db/migrations/000001_init_invoices.up.sql")
        try repo.commit("clearer name")
        let report = try check(repo)
        XCTAssertEqual(report.findings.map(\.rule), ["renamed-migration"])
        let finding = try XCTUnwrap(report.findings.first)
        XCTAssertEqual(finding.path, "db/migrations/000001_init_invoices.up.sql")
        XCTAssertEqual(finding.line, 1)
        XCTAssertEqual(finding.tier, .high)
        XCTAssertTrue(finding.message.contains(
            "golang-migrate migration 000001_create_invoices.up.sql existed before this change, and the change renames it "
                + "to 000001_init_invoices.up.sql under the same version 000001"), finding.message)
        XCTAssertTrue(finding.message.contains("gate deploy knows an applied migration by its file name"), finding.message)
        XCTAssertEqual(report.decision, .needsApproval)
    }

    /// Added on the branch, renamed on the branch: the base never had it, so it is a new migration, judged as one.
    func testAMigrationRenamedBeforeItReachedTheBaseIsANewMigration() throws {
        let repo = try GitFixture.onFeatureBranch(files: ["db/migrations/000001_create_invoices.up.sql": Self.invoices])
        try repo.write("db/migrations/000002_lines.up.sql", "CREATE TABLE invoice_lines (id bigint);\n")
        try repo.commit("lines")
        try repo.git("mv", "db/migrations/000002_lines.up.sql", "db/migrations/000002_create_invoice_lines.up.sql")
        try repo.commit("clearer name")
        let report = try check(repo)
        XCTAssertFalse(report.findings.contains { $0.rule == "renamed-migration" || $0.rule == "edited-migration" },
                       "\(report.findings.map(\.rule))")
        XCTAssertTrue(report.findings.contains { $0.rule == "expand-only-migration" && $0.path.hasSuffix("000002_create_invoice_lines.up.sql") },
                      "\(report.findings.map(\.rule))")
    }
}
