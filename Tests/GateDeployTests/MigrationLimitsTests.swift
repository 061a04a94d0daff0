import GateDeploy
import GateKit
import GateSQL
import XCTest

/// Migration limits the thirty-second and thirty-third sessions' probes found, on values (no database needed): an
/// Alembic revision renamed, a migration renamed to another version unchanged, a file's own BEGIN/COMMIT, psql-only
/// syntax, and node-pg-migrate's JavaScript migrations told from Knex's.
final class MigrationLimitsTests: XCTestCase {
    private func set(_ directory: String, _ files: [(String, String)]) throws -> MigrationSet {
        try MigrationSet.load(directory: directory, repositoryPath: directory, files: files.map { ($0.0, Array($0.1.utf8)) })
    }

    private func applied(_ name: String, _ file: MigrationFile, checksum: String? = nil) -> AppliedMigration {
        AppliedMigration(name: name, version: file.version, checksum: checksum ?? file.checksum, phase: "pre",
                         appliedBy: "migrate-cmd", environment: "staging", releaseID: 1, appliedAt: "now")
    }

    private static func revision(_ id: String, parent: String?, table: String) -> String {
        alembicRevision(id, parent: parent, imports: "import sqlalchemy as sa\n",
                        upgrade: "op.create_table(\"\(table)\", sa.Column(\"id\", sa.BigInteger(), primary_key=True))",
                        downgrade: "op.drop_table(\"\(table)\")")
    }

    /// Alembic names a revision by the `revision` inside it: renamed, it is the migration applied under the old name,
    /// neither missing nor pending, and said once as a notice. Edited as well, it is changed after it was applied.
    func testAnAlembicRevisionRenamedIsTheRevisionItWasAppliedAs() throws {
        let files = try set("alembic/versions", [
            ("4d2e8a1b9c07_create_reports_table.py", Self.revision("4d2e8a1b9c07", parent: nil, table: "reports")),
            ("9f1c3b5a7e20_create_exports.py", Self.revision("9f1c3b5a7e20", parent: "4d2e8a1b9c07", table: "exports")),
        ]).files
        XCTAssertEqual(files.map(\.format), [.alembic, .alembic])
        let history = [applied("4d2e8a1b9c07_create_reports.py", files[0])]
        let drift = try Drift.find(applied: history, files: files)
        XCTAssertEqual(drift.problems, [])
        XCTAssertEqual(drift.pending.map(\.name), ["9f1c3b5a7e20_create_exports.py"])
        XCTAssertEqual(drift.renamedInside.count, 1)
        XCTAssertTrue(drift.renamedInside[0].contains(
            "4d2e8a1b9c07_create_reports.py was applied (now) and is alembic/versions/4d2e8a1b9c07_create_reports_table.py "
                + "at head: the same alembic migration (revision 4d2e8a1b9c07)"), drift.renamedInside[0])

        let edited = try Drift.find(applied: [applied("4d2e8a1b9c07_create_reports.py", files[0], checksum: "beef")], files: files)
        XCTAssertEqual(edited.problems.count, 1)
        XCTAssertTrue(edited.problems[0].contains("4d2e8a1b9c07_create_reports_table.py changed after it was applied"),
                      edited.problems[0])

        // Applied under its own name, nothing is said.
        XCTAssertEqual(try Drift.find(applied: [applied(files[0].name, files[0])], files: files).renamedInside, [])
        // A revision no file carries is missing, as before.
        var gone = applied("1111aaaa2222_old.py", files[0], checksum: "beef")
        gone.version = "1111aaaa2222"
        XCTAssertEqual(try Drift.find(applied: [gone], files: files).problems,
                       ["1111aaaa2222_old.py was applied (now) but is missing at head"])
        // Tools that name a migration by its file still refuse it (golang-migrate keeps the version in the name).
        let sql = try set("db/migrations", [("000002_add_invoice_lines.up.sql", "CREATE TABLE invoice_lines (id int);")]).files
        let renamed = try Drift.find(applied: [applied("000002_invoice_lines.up.sql", sql[0])], files: sql)
        XCTAssertEqual(renamed.problems.count, 1)
        XCTAssertEqual(renamed.renamedInside, [])
    }

    /// A migration renamed to another version with its bytes unchanged is named as the rename it is, once, not also as
    /// a pending file out of order.
    func testAMigrationRenamedToAnotherVersionUnchangedIsNamedAsSuch() throws {
        let files = try set("db/migration", [
            ("V1__create_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);"),
            ("V2__add_total.sql", "ALTER TABLE orders ADD COLUMN total numeric;"),
            ("V7__index_orders_by_customer.sql", "CREATE INDEX orders_customer_id_idx ON orders (customer_id);"),
        ]).files
        var moved = applied("V3__index_orders_by_customer.sql", files[2])
        moved.version = "3"
        let drift = try Drift.find(applied: [applied(files[0].name, files[0]), moved], files: files)
        XCTAssertEqual(drift.problems.count, 1, "\(drift.problems)")
        XCTAssertTrue(drift.problems[0].hasPrefix(
            "V3__index_orders_by_customer.sql was applied (now) but is missing at head, and "
                + "db/migration/V7__index_orders_by_customer.sql holds the same bytes under another version"), drift.problems[0])
        // Other bytes are another migration: the applied one is simply missing.
        var edited = applied("V3__x.sql", files[2], checksum: "beef")
        edited.version = "3"
        let other = try Drift.find(applied: [edited], files: files)
        XCTAssertEqual(other.problems, ["V3__x.sql was applied (now) but is missing at head"])
    }

    /// A file's own BEGIN/COMMIT are not statements gate runs: one block runs in gate's transaction; a COMMIT between
    /// statements makes the file run statement by statement; a ROLLBACK is refused naming file and line.
    func testAFilesOwnTransactionIsShownAndRunAsWhatItIs() throws {
        let files = try set("db/migrations", [
            ("0001_reports.sql", "BEGIN;\n\nCREATE TABLE reports (id bigint PRIMARY KEY);\nCREATE INDEX reports_id ON reports (id);\n\nCOMMIT;\n"),
            ("0002_mood.sql", """
                BEGIN;
                ALTER TYPE mood ADD VALUE 'ecstatic';
                COMMIT;

                BEGIN;
                UPDATE people SET current_mood = 'ecstatic' WHERE current_mood = 'happy';
                COMMIT;
                """),
            ("0003_plain.sql", "ALTER TABLE reports ADD COLUMN title text;\n"),
            ("0004_try.sql", "BEGIN;\nALTER TABLE reports ADD COLUMN body text;\nROLLBACK;\n"),
        ]).files
        let one = try files[0].analyzed()
        XCTAssertTrue(one.script.managesOwnTransaction)
        XCTAssertFalse(one.needsNoTransaction, "one block: gate's own transaction")
        let planned = PlannedMigration(one)
        XCTAssertEqual(planned.statements.map(\.line), [3, 4], "BEGIN and COMMIT are not listed")
        XCTAssertTrue(planned.ownTransaction)
        XCTAssertFalse(planned.outsideTransaction)

        let split = try files[1].analyzed()
        XCTAssertTrue(split.script.commitsBetweenStatements)
        XCTAssertTrue(split.needsNoTransaction, "a COMMIT between statements: statement by statement")
        XCTAssertEqual(PlannedMigration(split).statements.map(\.line), [2, 6])

        let plain = try files[2].analyzed()
        XCTAssertFalse(plain.script.managesOwnTransaction)
        XCTAssertFalse(PlannedMigration(plain).ownTransaction)

        XCTAssertThrowsError(try files[3].analyzed()) { error in
            XCTAssertTrue("\(error)".hasPrefix("db/migrations/0004_try.sql:3: ROLLBACK ends the file's own transaction without committing it"),
                          "\(error)")
        }
    }

    /// psql's own syntax is refused naming the file, the line and what is unsupported; a read-only view lists the file
    /// pending with that sentence instead of stopping.
    func testPsqlOnlySyntaxIsNamedWithFileAndLine() throws {
        let files = try set("db/migrations", [
            ("0001_plans.sql", "CREATE TABLE plans (id int PRIMARY KEY, name text NOT NULL);\n"),
            ("0002_seed_plans.sql", """
                -- Seed data exported with pg_dump --data-only.
                SET client_encoding = 'UTF8';

                COPY public.plans (id, name) FROM stdin;
                1\tfree
                2\tpro
                \\.
                """),
            ("0003_owner.sql", "\\set owner app_owner\r\nALTER TABLE plans OWNER TO :owner;\r\n"),
            ("0004_include.sql", "-- shared grants\n  \\i grants.sql\n"),
        ]).files
        func refusal(_ file: MigrationFile) -> String {
            do {
                _ = try file.analyzed()
                return "no error"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(refusal(files[1]).hasPrefix("db/migrations/0002_seed_plans.sql:4: COPY … FROM stdin takes its rows from psql's input: gate runs migrations through libpq"),
                      refusal(files[1]))
        XCTAssertTrue(refusal(files[2]).hasPrefix("db/migrations/0003_owner.sql:1: psql meta-command \\set is not SQL: gate runs migrations through libpq"),
                      refusal(files[2]))
        XCTAssertTrue(refusal(files[3]).hasPrefix("db/migrations/0004_include.sql:2: psql meta-command \\i is not SQL"), refusal(files[3]))
        // A syntax error that is no psql syntax keeps the parser's message.
        let typo = try set("db/migrations", [("0001_typo.sql", "CREATE TABEL x (id int);\n")]).files
        XCTAssertFalse(refusal(typo[0]).contains("psql"), refusal(typo[0]))

        XCTAssertThrowsError(try Drift.find(applied: [], files: files))
        var unrunnable: [String] = []
        let drift = try Drift.find(applied: [], files: files, unreadable: { _, error in unrunnable.append("\(error)") })
        XCTAssertEqual(drift.pending.map(\.name), ["0001_plans.sql", "0002_seed_plans.sql", "0003_owner.sql", "0004_include.sql"])
        XCTAssertEqual(unrunnable.count, 3, "\(unrunnable)")
    }

    /// node-pg-migrate's JavaScript migrations read as the `knex` layout; the refusal names node-pg-migrate's migrator.
    func testNodePgMigrateScriptsNameTheirOwnMigrator() throws {
        let pgm = try set("migrations", [
            ("1700000000000_create-users.js", """
                /* eslint-disable camelcase */

                exports.shorthands = undefined;

                exports.up = (pgm) => {
                  pgm.createTable('users', {
                    id: 'id',
                    email: { type: 'varchar(320)', notNull: true, unique: true },
                    created_at: { type: 'timestamptz', notNull: true, default: pgm.func('current_timestamp') },
                  });
                };

                exports.down = (pgm) => {
                  pgm.dropTable('users');
                };
                """),
        ])
        XCTAssertThrowsError(try ReleaseBase.requireRunnable(pgm, migrateCommand: nil)) { error in
            XCTAssertTrue("\(error)".contains("holds node-pg-migrate migrations written in code"), "\(error)")
            XCTAssertTrue("\(error)".contains("--migrate-cmd \"npx node-pg-migrate up\""), "\(error)")
        }
        let typed = try set("migrations", [
            ("1700000000001_add-plan.ts", """
                import { ColumnDefinitions, MigrationBuilder } from 'node-pg-migrate';

                export const shorthands: ColumnDefinitions | undefined = undefined;

                export async function up(pgm: MigrationBuilder): Promise<void> {
                  pgm.addColumn('users', { plan: { type: 'text' } });
                }
                """),
        ])
        XCTAssertThrowsError(try ReleaseBase.requireRunnable(typed, migrateCommand: nil)) { error in
            XCTAssertTrue("\(error)".contains("npx node-pg-migrate up"), "\(error)")
        }
        let knex = try set("migrations", [
            ("20240101000000_create_users.js", """
                exports.up = function (knex) {
                  return knex.schema.createTable('users', (table) => {
                    table.increments('id');
                    table.string('email').notNullable();
                  });
                };

                exports.down = (knex) => knex.schema.dropTable('users');
                """),
        ])
        XCTAssertThrowsError(try ReleaseBase.requireRunnable(knex, migrateCommand: nil)) { error in
            XCTAssertTrue("\(error)".contains("holds knex migrations written in code"), "\(error)")
            XCTAssertTrue("\(error)".contains("npx knex migrate:latest"), "\(error)")
        }
    }
}

/// An Alembic revision file as `alembic revision` writes one: its id, its parent, and one statement each way.
func alembicRevision(_ id: String, parent: String?, imports: String = "", upgrade: String, downgrade: String = "pass") -> String {
    """
    \"\"\"revision \(id)

    Revision ID: \(id)
    Revises: \(parent ?? "")
    \"\"\"
    \(imports)from alembic import op

    revision = "\(id)"
    down_revision = \(parent.map { "\"\($0)\"" } ?? "None")


    def upgrade():
        \(upgrade)


    def downgrade():
        \(downgrade)
    """
}
