import GateDeploy
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
        XCTAssertNil(MigrationVersion(fileName: "add_summary.sql"))
    }

    func testLoadOrdersSkipsDownFilesAndRejectsDuplicatesAndUnversioned() throws {
        let files = try MigrationFile.load([
            ("10_c.sql", "m/10_c.sql", Array("SELECT 1;".utf8)),
            ("2_b.up.sql", "m/2_b.up.sql", Array("SELECT 1;".utf8)),
            ("2_b.down.sql", "m/2_b.down.sql", Array("SELECT 1;".utf8)),
            ("README.md", "m/README.md", Array("notes".utf8)),
        ])
        XCTAssertEqual(files.map(\.name), ["2_b.up.sql", "10_c.sql"])
        XCTAssertThrowsError(try MigrationFile.load([
            ("1_a.sql", "m/1_a.sql", []), ("0001_b.sql", "m/0001_b.sql", []),
        ])) { error in XCTAssertTrue("\(error)".contains("same version"), "\(error)") }
        XCTAssertThrowsError(try MigrationFile.load([("add.sql", "m/add.sql", [])])) { error in
            XCTAssertTrue("\(error)".contains("m/add.sql"), "\(error)")
        }
    }

    func testDriftFindsChangedMissingAndOutOfOrder() throws {
        let files = try MigrationFile.load([
            ("1_a.sql", "m/1_a.sql", Array("CREATE TABLE a (id int);".utf8)),
            ("2_b.sql", "m/2_b.sql", Array("CREATE TABLE b (id int);".utf8)),
            ("3_c.sql", "m/3_c.sql", Array("CREATE TABLE c (id int);".utf8)),
        ])
        func applied(_ file: MigrationFile, checksum: String? = nil) -> AppliedMigration {
            AppliedMigration(name: file.name, version: file.version.description, checksum: checksum ?? file.checksum,
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
}
