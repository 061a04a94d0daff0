import XCTest
@testable import GateSQL

/// node-pg-migrate migrations are told apart from Knex's by their builder (`pgm`) or import, and read from `up`: the
/// builder's calls as the SQL node-pg-migrate sends, `pgm.sql` as written, `pgm.noTransaction()` honoured.
final class NodePgMigrateMigrationTests: XCTestCase {
    static let commonJS = """
        /* eslint-disable camelcase */

        exports.shorthands = undefined;

        exports.up = (pgm) => {
          pgm.createTable('labels', {
            id: 'id',
            name: { type: 'varchar(100)', notNull: true, unique: true },
            ticket_id: { type: 'integer', notNull: true, references: 'tickets', onDelete: 'CASCADE' },
            created_at: { type: 'timestamptz', notNull: true, default: pgm.func('current_timestamp') },
          });
          pgm.addColumns('tickets', {
            priority: { type: 'integer', notNull: true },
            state: { type: 'text', notNull: true, default: 'open' },
          });
          pgm.createIndex('tickets', 'priority');
          pgm.createIndex('tickets', ['state', 'priority'], { name: 'tickets_state_idx', unique: true });
          pgm.dropColumn('tickets', ['legacy', 'old_flag']);
          pgm.renameColumn('tickets', 'title', 'subject');
          pgm.alterColumn('tickets', 'points', { type: 'bigint' });
          pgm.alterColumn('tickets', 'owner_id', { notNull: true });
          pgm.addConstraint('tickets', 'tickets_owner_fk', {
            foreignKeys: { columns: 'owner_id', references: 'users(id)' },
          });
          pgm.addConstraint('tickets', 'tickets_points_check', 'CHECK (points >= 0) NOT VALID');
          pgm.createType('mood', ['happy', 'sad']);
          pgm.addTypeValue('ticket_kind', 'incident', { ifNotExists: true });
          pgm.sql('UPDATE tickets SET state = \\'open\\' WHERE state IS NULL');
        };

        exports.down = (pgm) => {
          pgm.dropTable('labels');
          pgm.dropColumns('tickets', ['priority', 'state']);
        };
        """

    func testReadsTheBuilderCallsOfUp() {
        let bytes = Array(Self.commonJS.utf8)
        XCTAssertEqual(MigrationLayout.scriptFormat(bytes), .nodePgMigrate)
        XCTAssertEqual(MigrationLayout.classify("migrations/1710000000000_tickets.js", head: bytes)?.framework, "node-pg-migrate")
        let migration = FrameworkMigrationReader.read(bytes, format: .nodePgMigrate)
        XCTAssertEqual(migration.unread, [])
        XCTAssertTrue(migration.options.implicitTransaction, "node-pg-migrate runs each migration in a transaction")
        let script = migration.analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "CREATE TABLE labels (id serial PRIMARY KEY, name varchar(100) NOT NULL UNIQUE, ticket_id integer NOT NULL "
                + "REFERENCES tickets ON DELETE CASCADE, created_at timestamptz DEFAULT current_timestamp NOT NULL)",
            "ALTER TABLE tickets ADD COLUMN priority integer NOT NULL, ADD COLUMN state text DEFAULT 'open' NOT NULL",
            "CREATE INDEX tickets_priority_index ON tickets (priority)",
            "CREATE UNIQUE INDEX tickets_state_idx ON tickets (state, priority)",
            "ALTER TABLE tickets DROP COLUMN legacy, DROP COLUMN old_flag",
            "ALTER TABLE tickets RENAME COLUMN title TO subject",
            "ALTER TABLE tickets ALTER COLUMN points SET DATA TYPE bigint",
            "ALTER TABLE tickets ALTER COLUMN owner_id SET NOT NULL",
            "ALTER TABLE tickets ADD CONSTRAINT tickets_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)",
            "ALTER TABLE tickets ADD CONSTRAINT tickets_points_check CHECK (points >= 0) NOT VALID",
            "CREATE TYPE mood AS ENUM ('happy', 'sad')",
            "ALTER TYPE ticket_kind ADD VALUE IF NOT EXISTS 'incident'",
            "UPDATE tickets SET state = 'open' WHERE state IS NULL",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [6, 12, 16, 17, 18, 19, 20, 21, 22, 25, 26, 27, 28])
        let hazards = script.statements.map(\.hazards)
        XCTAssertTrue(hazards[1].contains("not-null-without-default"), "\(hazards[1])")
        XCTAssertTrue(hazards[2].contains("index-without-concurrently"), "\(hazards[2])")
        XCTAssertTrue(hazards[4].contains("drop-column"), "\(hazards[4])")
        XCTAssertTrue(hazards[5].contains("rename"), "\(hazards[5])")
        XCTAssertTrue(hazards[6].contains("column-type-change"), "\(hazards[6])")
        XCTAssertFalse(script.statements.contains { $0.statement.text.contains("DROP TABLE labels") }, "down is never read")
    }

    /// ESM and TypeScript, a builder not named `pgm`, `noTransaction()` with a concurrent index: no transaction hazard.
    func testESMTypeScriptAndNoTransaction() {
        let migration = """
            import { MigrationBuilder } from 'node-pg-migrate';

            export async function up(builder: MigrationBuilder): Promise<void> {
              builder.noTransaction();
              builder.createIndex('tickets', 'title', { concurrently: true, ifNotExists: true });
            }

            export async function down(builder: MigrationBuilder): Promise<void> {
              builder.dropIndex('tickets', 'title', { concurrently: true });
            }
            """
        let bytes = Array(migration.utf8)
        XCTAssertEqual(MigrationLayout.scriptFormat(bytes), .nodePgMigrate)
        let read = FrameworkMigrationReader.read(bytes, format: .nodePgMigrate)
        XCTAssertFalse(read.options.implicitTransaction)
        let script = read.analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS tickets_title_index ON tickets (title)",
        ])
        XCTAssertFalse(script.statements[0].hazards.contains("concurrently-in-transaction"), "\(script.statements[0].hazards)")
        XCTAssertFalse(script.statements[0].hazards.contains("index-without-concurrently"), "\(script.statements[0].hazards)")

        // Without noTransaction the concurrent build fails inside node-pg-migrate's transaction.
        let inTransaction = """
            export const up = (pgm) => {
              pgm.createIndex('tickets', 'title', { concurrently: true });
            };
            export const down = (pgm) => { pgm.noTransaction(); };
            """
        let failing = FrameworkMigrationReader.read(Array(inTransaction.utf8), format: .nodePgMigrate)
        XCTAssertTrue(failing.options.implicitTransaction, "a noTransaction() in down does not apply to up")
        XCTAssertTrue(failing.analyze().statements[0].hazards.contains("concurrently-in-transaction"))
    }

    /// What gate cannot read is named as unread, never dropped: a table in a variable, SQL built at run time.
    func testUnreadableArgumentsAreUnread() {
        let migration = """
            const table = 'tickets';
            exports.up = (pgm) => {
              pgm.addColumn(table, { priority: 'integer' });
              pgm.sql(`UPDATE ${table} SET priority = 0`);
            };
            """
        let read = FrameworkMigrationReader.read(Array(migration.utf8), format: .nodePgMigrate)
        XCTAssertEqual(read.fragments, [])
        XCTAssertEqual(read.unread.map(\.operation), ["pgm.addColumn", "pgm.sql"])
        XCTAssertEqual(read.unread.map(\.line), [3, 4])
    }

    /// The file's own shorthands are expanded (a string naming one, or a `type` naming one under the column's own
    /// options); `pgm.db.query` runs SQL as `pgm.sql` does; a name given to either is the file's string constant;
    /// `createTable`'s `constraints` and `temporary` are the table's.
    func testShorthandsQueriesConstantsAndTableOptions() {
        let migration = """
            exports.shorthands = {
              tenant_id: { type: 'integer', notNull: true, references: 'tenants' },
              stamp: 'created_at',
              created_at: { type: 'timestamptz', notNull: true },
            };

            const DROP_EMAIL = 'ALTER TABLE users DROP COLUMN email';
            const RENAME = `
              ALTER TABLE users RENAME COLUMN name TO full_name
            `;
            const BUILT = `ALTER TABLE ${table} DROP COLUMN x`;
            let twice = 'SELECT 1';
            twice = 'SELECT 2';

            exports.up = async (pgm) => {
              pgm.addColumns('invoices', { tenant_id: 'tenant_id', opened_at: { type: 'created_at', notNull: false } });
              pgm.addColumn('invoices', { issued: 'stamp' });
              await pgm.db.query(DROP_EMAIL);
              pgm.sql(RENAME);
              await pgm.db.query('ALTER TABLE users ALTER COLUMN phone SET NOT NULL');
              pgm.sql(BUILT);
              await pgm.db.query(twice);
              pgm.createTable('memberships', { user_id: 'integer', team_id: 'integer' }, {
                temporary: false, constraints: { primaryKey: ['user_id', 'team_id'] },
              });
              await db.query('DROP TABLE unrelated');
            };

            exports.down = async (pgm) => { await pgm.db.query('DROP TABLE users'); };
            """
        let read = FrameworkMigrationReader.read(Array(migration.utf8), format: .nodePgMigrate)
        XCTAssertEqual(read.fragments.map { $0.sql.trimmingCharacters(in: .whitespacesAndNewlines) }, [
            "ALTER TABLE invoices ADD COLUMN tenant_id integer NOT NULL REFERENCES tenants, ADD COLUMN opened_at timestamptz",
            "ALTER TABLE invoices ADD COLUMN issued timestamptz NOT NULL",
            "ALTER TABLE users DROP COLUMN email",
            "ALTER TABLE users RENAME COLUMN name TO full_name",
            "ALTER TABLE users ALTER COLUMN phone SET NOT NULL",
            "CREATE TABLE memberships (user_id integer, team_id integer, PRIMARY KEY (user_id, team_id))",
        ])
        XCTAssertEqual(read.unread.map(\.operation), ["pgm.sql", "pgm.db.query"])
        let hazards = read.analyze().statements.map(\.hazards)
        XCTAssertTrue(hazards[0].contains("not-null-without-default"), "\(hazards[0])")
        XCTAssertTrue(hazards[2].contains("drop-column"), "\(hazards[2])")
        XCTAssertTrue(hazards[3].contains("rename"), "\(hazards[3])")
    }

    func testKnexIsNotNodePgMigrate() {
        let knex = "exports.up = (knex) => knex.schema.alterTable('a', (t) => { t.integer('b') })\n"
        XCTAssertEqual(MigrationLayout.scriptFormat(Array(knex.utf8)), .knex)
        XCTAssertFalse(MigrationLayout.isNodePgMigrateScript(Array(knex.utf8)))
    }
}
