import GateCore
import XCTest
@testable import GateRules

/// `schema-without-migration` on GORM models against a Go project's SQL migrations.
final class SchemaWithoutMigrationGormTests: XCTestCase {
    private func findings(_ example: DetectorExample) -> [Finding] { example.findings(of: SchemaWithoutMigrationDetector()) }

    private let migrations = [
        ("db/migrations/000001_create_tickets.up.sql",
         "CREATE TABLE tickets (id bigserial PRIMARY KEY, created_at timestamptz, updated_at timestamptz, "
            + "deleted_at timestamptz, body text NOT NULL, user_id bigint, http_status int);\n"),
        ("db/migrations/000001_create_tickets.down.sql", "DROP TABLE tickets;\n"),
    ]

    private let model = """
        package models

        import (
        \t"time"

        \t"gorm.io/gorm"
        )

        type Ticket struct {
        \tgorm.Model
        \tBody         string
        \tUserID       uint
        \tUser         User
        \tHTTPStatus   int
        \tSummary      *string `gorm:"type:text"`
        \tSummarizedAt *time.Time
        \tScratch      string  `gorm:"-"`
        \tLabels       []Label `gorm:"many2many:ticket_labels;"`
        }

        type Report struct {
        \tID   uint
        \tBody string `gorm:"not null"`
        }

        func (Report) TableName() string { return "monthly_reports" }
        """

    func testFieldsAndATableNoMigrationCreatesAreReportedAndRelationsAreNot() throws {
        let found = findings(DetectorExample(model, path: "internal/models/ticket.go", alongside: migrations))
        XCTAssertEqual(found.map(\.line), [15])
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(message.hasPrefix("declares Ticket.Summary, Ticket.SummarizedAt, Report that no migration under db/migrations creates"), message)
    }

    func testTheMigrationCreatingThemOrAnAutoMigratingProjectIsSilent() {
        let added = ("db/migrations/000002_summaries.up.sql",
                     "ALTER TABLE tickets ADD COLUMN summary text, ADD COLUMN summarized_at timestamptz;\n"
                        + "CREATE TABLE monthly_reports (id bigserial PRIMARY KEY, body text NOT NULL);\n")
        XCTAssertEqual(findings(DetectorExample(model, path: "internal/models/ticket.go", alongside: migrations + [added])), [])
        let autoMigrating = ("cmd/server/main.go", "package main\n\nfunc main() { db.AutoMigrate(&models.Ticket{}, &models.Report{}) }\n")
        XCTAssertEqual(findings(DetectorExample(model, path: "internal/models/ticket.go", alongside: migrations + [autoMigrating])), [])
    }

    /// Models in a package of their own tag fields `gorm:"…"` without importing GORM: their module's go.mod says GORM
    /// maps them. A module requiring no GORM tags nothing GORM reads.
    func testTaggedModelsOfAModuleRequiringGormAreReadWithoutTheImport() {
        let tagged = """
            package models

            type Ticket struct {
            \tID      uint    `gorm:"primaryKey"`
            \tBody    string  `gorm:"not null"`
            \tSummary *string `gorm:"type:text"`
            }
            """
        let gormModule = ("go.mod", "module example.com/desk\n\ngo 1.22\n\nrequire gorm.io/gorm v1.25.10\n")
        XCTAssertEqual(
            findings(DetectorExample(tagged, path: "internal/models/ticket.go", alongside: migrations + [gormModule])).map(\.line), [6])
        // The nearest go.mod decides: a nested tool's module without GORM, beside a root module with it.
        let toolModule = ("tools/export/go.mod", "module example.com/export\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n")
        XCTAssertEqual(
            findings(DetectorExample(tagged, path: "tools/export/ticket.go", alongside: migrations + [gormModule, toolModule])), [])
        XCTAssertEqual(findings(DetectorExample(tagged, path: "internal/models/ticket.go", alongside: migrations)), [])
    }

    func testGormNamesInitialismsAsOneWord() {
        XCTAssertEqual(GormModels.goSnakeCase("UserID"), "user_id")
        XCTAssertEqual(GormModels.goSnakeCase("HTTPStatus"), "http_status")
        XCTAssertEqual(GormModels.goSnakeCase("SummarizedAt"), "summarized_at")
    }
}
