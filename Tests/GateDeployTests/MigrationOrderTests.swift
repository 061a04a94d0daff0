import GateDeploy
import GateSQL
import XCTest

/// Version prefixes and drift, on values (no database needed).
final class MigrationOrderTests: XCTestCase {
    func testVersionPrefixesOrderNumerically() throws {
        let names = ["V10__b.sql", "V9__a.sql", "0002_x.sql", "20240101120000_t.sql", "1.10__p.sql", "1.9__p.sql"]
        let versions = try names.map { try XCTUnwrap(MigrationVersion(fileName: $0), $0) }
        XCTAssertLessThan(versions[1], versions[0], "V9 sorts before V10")
        XCTAssertLessThan(versions[2], versions[1], "0002 sorts before V9")
        XCTAssertLessThan(versions[0], versions[3], "timestamps sort after small numbers")
        XCTAssertLessThan(versions[5], versions[4], "1.9 sorts before 1.10")
        XCTAssertEqual(MigrationVersion(fileName: "0042_add.sql"), MigrationVersion(fileName: "42_other.sql"))
        XCTAssertEqual(MigrationVersion(fileName: "0042_add.sql")?.digits, "0042")
        XCTAssertNil(MigrationVersion(fileName: "add_summary.sql"))
    }

    private func load(_ files: [(String, String)]) throws -> MigrationSet {
        try MigrationSet.load(directory: "m", repositoryPath: "m", files: files.map { ($0.0, Array($0.1.utf8)) })
    }

    func testLoadOrdersSkipsDownFilesAndRefusesWhatItCannotPlace() throws {
        let set = try load([("10_c.up.sql", "SELECT 1;"), ("2_b.up.sql", "SELECT 1;"), ("2_b.down.sql", "SELECT 1;"), ("README.md", "notes")])
        XCTAssertEqual(set.files.map(\.name), ["2_b.up.sql", "10_c.up.sql"])
        XCTAssertEqual(set.files.map(\.path), ["m/2_b.up.sql", "m/10_c.up.sql"])
        XCTAssertEqual(set.layout, "golang-migrate")
        XCTAssertThrowsError(try load([("1_a.sql", ""), ("0001_b.sql", "")])) { error in
            XCTAssertTrue("\(error)".contains("same version"), "\(error)")
        }
        XCTAssertThrowsError(try load([("0001_a.sql", ""), ("add.sql", "")])) { error in
            XCTAssertTrue("\(error)".contains("m/add.sql"), "\(error)")
        }
    }

    func testDriftFindsChangedMissingAndOutOfOrder() throws {
        let files = try load([
            ("1_a.sql", "CREATE TABLE a (id int);"), ("2_b.sql", "CREATE TABLE b (id int);"), ("3_c.sql", "CREATE TABLE c (id int);"),
        ]).files
        func applied(_ file: MigrationFile, checksum: String? = nil) -> AppliedMigration {
            AppliedMigration(name: file.name, version: file.version, checksum: checksum ?? file.checksum,
                             phase: "pre", appliedBy: "gate", environment: "staging", releaseID: 1, appliedAt: "now")
        }
        let clean = try Drift.find(applied: [applied(files[0])], files: files)
        XCTAssertEqual(clean.problems, [])
        XCTAssertEqual(clean.pending.map(\.name), ["2_b.sql", "3_c.sql"])

        let changed = try Drift.find(applied: [applied(files[0], checksum: "beef")], files: files)
        XCTAssertEqual(changed.problems.count, 1)
        XCTAssertTrue(changed.problems[0].contains("m/1_a.sql changed"), changed.problems[0])

        var missing = applied(files[0])
        missing.name = "0_gone.sql"
        XCTAssertTrue(try Drift.find(applied: [missing], files: files).problems[0].contains("missing at head"))

        let outOfOrder = try Drift.find(applied: [applied(files[0]), applied(files[2])], files: files)
        XCTAssertEqual(outOfOrder.problems.count, 1)
        XCTAssertTrue(outOfOrder.problems[0].contains("m/2_b.sql") && outOfOrder.problems[0].contains("out of order"))
    }

    /// An applied migration renamed under its version: one problem that names the file it became (not also "out of
    /// order" for that file), for a golang-migrate file (same version) and a Prisma folder (same timestamp, so the
    /// same directory, version and part though Prisma's own version is the whole folder name).
    func testDriftNamesTheFileAnAppliedMigrationWasRenamedTo() throws {
        func applied(_ name: String, _ file: MigrationFile) -> AppliedMigration {
            AppliedMigration(name: name, version: file.version, checksum: file.checksum, phase: "pre", appliedBy: "gate",
                             environment: "staging", releaseID: 1, appliedAt: "now")
        }
        let files = try MigrationSet.load(directory: "db/migrations", repositoryPath: "db/migrations", files: [
            ("000001_create_invoices.up.sql", "CREATE TABLE invoices (id int);"),
            ("000002_add_invoice_lines.up.sql", "CREATE TABLE invoice_lines (id int);"),
            ("000003_memo.up.sql", "ALTER TABLE invoices ADD COLUMN memo text;"),
        ].map { ($0.0, Array($0.1.utf8)) }).files
        let history = [
            applied(files[0].name, files[0]), applied("000002_invoice_lines.up.sql", files[1]), applied(files[2].name, files[2]),
        ]
        let drift = try Drift.find(applied: history, files: files)
        XCTAssertEqual(drift.problems.count, 1, "\(drift.problems)")
        XCTAssertTrue(drift.problems[0].hasPrefix("000002_invoice_lines.up.sql was applied (now) but is missing at head, and "
            + "db/migrations/000002_add_invoice_lines.up.sql has its version: renamed after it was applied?"), drift.problems[0])
        XCTAssertTrue(Drift.nextSteps.contains("deleted or renamed after it ran must come back under the name it ran as"))

        let prisma = try MigrationSet.load(directory: "prisma/migrations", repositoryPath: "prisma/migrations", files: [
            ("migration_lock.toml", "provider = \"postgresql\"\n"),
            ("20240101000000_create_users/migration.sql", "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL);"),
        ].map { ($0.0, Array($0.1.utf8)) }).files
        var folder = applied("20240101000000_init/migration.sql", prisma[0])
        folder.version = "20240101000000_init"
        let renamed = try Drift.find(applied: [folder], files: prisma)
        XCTAssertTrue(renamed.problems[0].contains(
            "but is missing at head, and prisma/migrations/20240101000000_create_users/migration.sql has its version"),
            renamed.problems[0])
        // Another version with other bytes is no rename: just missing (with the same bytes it is named as one:
        // MigrationLimitsTests).
        var other = folder
        other.name = "20230101000000_init/migration.sql"
        other.version = "20230101000000_init"
        other.checksum = "beef"
        XCTAssertEqual(try Drift.find(applied: [other], files: prisma).problems,
                       ["20230101000000_init/migration.sql was applied (now) but is missing at head"])
    }

    func testAChangedRepeatableIsPendingNotDrift() throws {
        let files = try load([("V1__a.sql", "CREATE TABLE a (id int);"), ("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;")]).files
        let history = files.map {
            AppliedMigration(name: $0.name, version: $0.version, checksum: $0.repeatable ? "old" : $0.checksum, phase: "pre",
                             appliedBy: "gate", environment: "staging", releaseID: 1, appliedAt: "now")
        }
        let drift = try Drift.find(applied: history, files: files)
        XCTAssertEqual(drift.problems, [])
        XCTAssertEqual(drift.pending.map(\.name), ["R__v.sql"])
    }

    func testFlywayChecksumMatchesZlibCRC32OfTheLines() {
        // Known answers from Python: zlib.crc32(b"CREATE TABLE a (id int);") as a signed 32-bit integer.
        XCTAssertEqual(FlywayChecksum.of(Array("CREATE TABLE a (id int);\n".utf8)), -623_083_431)
        XCTAssertEqual(FlywayChecksum.of(Array("CREATE TABLE a (id int);\r\n".utf8)), -623_083_431, "line breaks do not count")
    }
}
