import XCTest
@testable import GateSQL

/// Kysely migrations are told apart from Knex's by their import, and read from `up`: the schema builder's chains and
/// raw `` sql`…` `` statements.
final class KyselyMigrationTests: XCTestCase {
    static let migration = """
        import { Kysely, sql } from 'kysely'

        export async function up(db: Kysely<any>): Promise<void> {
          await db.schema
            .createTable('pet')
            .addColumn('id', 'serial', (col) => col.primaryKey())
            .addColumn('name', 'varchar(255)', (col) => col.notNull().unique())
            .addColumn('owner_id', 'integer', (col) => col.references('person.id').onDelete('cascade').notNull())
            .addColumn('created_at', 'timestamptz', (col) => col.defaultTo(sql`now()`).notNull())
            .addUniqueConstraint('pet_name_owner', ['name', 'owner_id'])
            .execute()

          await db.schema.createIndex('pet_owner_id_index').on('pet').column('owner_id').execute()

          // The existing table: these change what the running code reads.
          await db.schema
            .alterTable('person')
            .addColumn('nickname', 'text', (col) => col.notNull())
            .dropColumn('legacy_name')
            .renameColumn('first_name', 'given_name')
            .alterColumn('age', (col) => col.setDataType('bigint'))
            .execute()

          await db.schema.createIndex('person_email_index').on('person').columns(['email']).unique().execute()

          await sql`ALTER TABLE person ALTER COLUMN email SET NOT NULL`.execute(db)
        }

        export async function down(db: Kysely<any>): Promise<void> {
          await db.schema.dropTable('pet').execute()
          await sql`DROP INDEX person_email_index`.execute(db)
        }
        """

    func testReadsTheSchemaBuilderAndRawSQLOfUp() {
        XCTAssertEqual(MigrationLayout.scriptFormat(Array(Self.migration.utf8)), .kysely)
        let script = FrameworkMigrationReader.read(Array(Self.migration.utf8), format: .kysely).analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "CREATE TABLE pet (id serial PRIMARY KEY, name varchar(255) NOT NULL UNIQUE, owner_id integer NOT NULL "
                + "REFERENCES person (id), created_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT pet_name_owner UNIQUE "
                + "(name, owner_id))",
            "CREATE INDEX pet_owner_id_index ON pet (owner_id)",
            "ALTER TABLE person ADD COLUMN nickname text NOT NULL",
            "ALTER TABLE person DROP COLUMN legacy_name",
            "ALTER TABLE person RENAME COLUMN first_name TO given_name",
            "ALTER TABLE person ALTER COLUMN age TYPE bigint",
            "CREATE UNIQUE INDEX person_email_index ON person (email)",
            "ALTER TABLE person ALTER COLUMN email SET NOT NULL",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [5, 13, 18, 19, 20, 21, 24, 26])
        let hazards = script.statements.map(\.hazards)
        XCTAssertFalse(hazards[1].contains("index-without-concurrently"), "an index on the table the migration creates blocks no one")
        XCTAssertTrue(hazards[2].contains("not-null-without-default"))
        XCTAssertTrue(hazards[3].contains("drop-column"))
        XCTAssertTrue(hazards[4].contains("rename"))
        XCTAssertTrue(hazards[5].contains("column-type-change"))
        XCTAssertTrue(hazards[6].contains("index-without-concurrently"))
        XCTAssertFalse(script.statements.contains { $0.statement.text.contains("DROP TABLE pet") }, "down is never read")
    }

    func testKnexAndTemplatesWithValuesAreNotKysely() {
        let knex = "exports.up = (knex) => knex.schema.createTable('a', (t) => { t.increments('id') })\n"
        XCTAssertEqual(MigrationLayout.scriptFormat(Array(knex.utf8)), .knex)
        // A template with `${…}` is SQL gate cannot know; a template used as a value runs only inside its chain.
        let migration = """
            import { Kysely, sql } from "kysely"
            export async function up(db: Kysely<any>) {
              await sql`ALTER TABLE ${sql.table(name)} ADD COLUMN a int`.execute(db)
              await db.schema.alterTable('person').alterColumn('age', (col) => col.setDefault(sql`0`)).execute()
              await db.schema.dropIndex('person_age_index').execute()
            }
            """
        let script = FrameworkMigrationReader.read(Array(migration.utf8), format: .kysely).analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE person ALTER COLUMN age SET DEFAULT 0", "DROP INDEX person_age_index",
        ])
    }
}
