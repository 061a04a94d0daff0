import XCTest
@testable import GateSQL

/// Each framework's directory is read in its layout and order; files out of place are named, never guessed past.
final class MigrationDiscoveryTests: XCTestCase {
    private func discover(_ directory: String, _ files: [(String, String)]) throws -> DiscoveredLayout {
        try MigrationLayout.discover(directory: directory, files: files.map { ($0.0, Array($0.1.utf8)) })
    }

    func testPrismaFoldersInNameOrderWithDuplicateTimestamps() throws {
        let layout = try discover("prisma/migrations", [
            ("migration_lock.toml", "provider = \"postgresql\"\n"),
            ("20240202000000_add_b/migration.sql", "ALTER TABLE a ADD COLUMN b int;"),
            ("20240101000000_init/migration.sql", "CREATE TABLE a (id int);"),
            ("20240101000000_also/migration.sql", "CREATE TABLE c (id int);"),
        ])
        XCTAssertEqual(layout.layout, "prisma")
        XCTAssertEqual(layout.migrations.map(\.id), [
            "20240101000000_also/migration.sql", "20240101000000_init/migration.sql", "20240202000000_add_b/migration.sql",
        ])
        XCTAssertEqual(layout.migrations.first?.frameworkVersion, "20240101000000_also")
        XCTAssertEqual(layout.unrecognised, [])
    }

    func testPrismaStrayFileIsUnrecognised() throws {
        let layout = try discover("prisma/migrations", [
            ("migration_lock.toml", ""), ("20240101000000_init/migration.sql", "SELECT 1;"), ("seed.sql", "SELECT 1;"),
            ("README.md", "notes"),
        ])
        XCTAssertEqual(layout.unrecognised, ["seed.sql"])
        XCTAssertEqual(layout.skipped.map(\.path), ["README.md"])
    }

    func testDrizzleFollowsTheJournalAndRefusesFilesItDoesNotList() throws {
        let journal = """
            {"version":"7","dialect":"postgresql","entries":[
              {"idx":0,"version":"7","when":1700000000000,"tag":"0000_second_name","breakpoints":true},
              {"idx":1,"version":"7","when":1700000001000,"tag":"0001_a_first_name","breakpoints":true}]}
            """
        let layout = try discover("drizzle", [
            ("meta/_journal.json", journal), ("meta/0000_snapshot.json", "{}"),
            ("0000_second_name.sql", "CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE b (id int);"),
            ("0001_a_first_name.sql", "DROP TABLE b;"), ("0002_unlisted.sql", "DROP TABLE a;"),
        ])
        XCTAssertEqual(layout.layout, "drizzle")
        XCTAssertEqual(layout.migrations.map(\.id), ["0000_second_name.sql", "0001_a_first_name.sql"])
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion), ["1700000000000", "1700000001000"])
        XCTAssertEqual(layout.unrecognised, ["0002_unlisted.sql"])
    }

    func testSupabaseSkipsFilesWithoutATimestampWithANotice() throws {
        let layout = try discover("supabase/migrations", [
            ("20240101000000_init.sql", "CREATE TABLE a (id int);"), ("LATEST.sql", "SELECT 1;"),
            ("local_20240101_ollama.sql", "SELECT 1;"), ("20240102000000_more.sql", "SELECT 1;"),
        ])
        XCTAssertEqual(layout.layout, "supabase")
        XCTAssertEqual(layout.migrations.map(\.id), ["20240101000000_init.sql", "20240102000000_more.sql"])
        XCTAssertEqual(Set(layout.skipped.map(\.path)), ["LATEST.sql", "local_20240101_ollama.sql"])
        XCTAssertThrowsError(try discover("supabase/migrations", [
            ("20240101000000_a.sql", ""), ("20240101000000_b.sql", ""),
        ])) { XCTAssertTrue("\($0)".contains("same version"), "\($0)") }
    }

    func testGolangMigrateOrdersNumericallyAndSkipsDownFiles() throws {
        let layout = try discover("db/migrations", [
            ("10_c.up.sql", ""), ("10_c.down.sql", ""), ("2_b.up.sql", ""), ("2_b.down.sql", ""),
        ])
        XCTAssertEqual(layout.layout, "golang-migrate")
        XCTAssertEqual(layout.migrations.map(\.id), ["2_b.up.sql", "10_c.up.sql"])
        XCTAssertEqual(layout.skipped.count, 2)
    }

    func testFlywayVersionsThenRepeatablesAndUndoSkipped() throws {
        let layout = try discover("sql", [
            ("R__views.sql", "SELECT 1;"), ("V2__c.sql", ""), ("V1_1__b.sql", ""), ("V1__a.sql", ""),
            ("U2__c.sql", ""), ("V10__d.sql", ""),
        ])
        XCTAssertEqual(layout.layout, "flyway")
        XCTAssertEqual(layout.migrations.map(\.id), ["V1__a.sql", "V1_1__b.sql", "V2__c.sql", "V10__d.sql", "R__views.sql"])
        XCTAssertEqual(layout.migrations.last?.repeatable, true)
        XCTAssertEqual(layout.migrations[1].frameworkVersion, "1.1")
        XCTAssertEqual(layout.skipped.map(\.path), ["U2__c.sql"])
    }

    func testDbmateRunsOnlyTheUpSectionKeepingLineNumbers() throws {
        let layout = try discover("db/migrations", [
            ("20240101000000_a.sql", "-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n"),
        ])
        XCTAssertEqual(layout.layout, "dbmate")
        let text = try XCTUnwrap(layout.migrations.first?.text)
        XCTAssertFalse(text.contains("DROP TABLE"), text)
        XCTAssertEqual(text.components(separatedBy: "\n").firstIndex { $0.contains("CREATE TABLE") }, 1)
    }

    func testNodePgMigrateRunsOnlyTheUpSectionInPrefixOrder() throws {
        let layout = try discover("migrations", [
            ("1700000000010_add-summary.sql",
             "-- Up Migration\nALTER TABLE reports ADD COLUMN summary text;\n\n-- Down Migration\nALTER TABLE reports DROP COLUMN summary;\n"),
            // As node-pg-migrate matches its markers: any case, more dashes, several spaces.
            ("1700000000000_create-reports.sql", "--- up   migration\nCREATE TABLE reports (id int);\n--   DOWN migration\nDROP TABLE reports;\n"),
            // Without markers node-pg-migrate runs the whole file.
            ("1700000000020_seed.sql", "INSERT INTO reports VALUES (1);\n"),
        ])
        XCTAssertEqual(layout.layout, "node-pg-migrate")
        XCTAssertEqual(layout.migrations.map(\.id),
                       ["1700000000000_create-reports.sql", "1700000000010_add-summary.sql", "1700000000020_seed.sql"])
        // pgmigrations records the name without `.sql`.
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion),
                       ["1700000000000_create-reports", "1700000000010_add-summary", "1700000000020_seed"])
        XCTAssertFalse(layout.migrations[0].text.contains("DROP"), layout.migrations[0].text)
        XCTAssertFalse(layout.migrations[1].text.contains("DROP"), layout.migrations[1].text)
        XCTAssertEqual(layout.migrations[1].text.components(separatedBy: "\n").firstIndex { $0.contains("ADD COLUMN") }, 1,
                       "line numbers stay the file's")
        XCTAssertEqual(layout.migrations[2].text, "INSERT INTO reports VALUES (1);\n")
        // A rollback with nothing marked as the migration would be run whole by node-pg-migrate: refused.
        XCTAssertThrowsError(try discover("migrations", [
            ("1700000000000_a.sql", "-- Up Migration\nCREATE TABLE a (id int);\n"),
            ("1700000000001_b.sql", "CREATE TABLE b (id int);\n-- Down Migration\nDROP TABLE b;\n"),
        ])) { error in
            XCTAssertTrue("\(error)".contains("migrations/1700000000001_b.sql"), "\(error)")
        }
        // A comment that only mentions migrations is no marker: a plain directory stays plain.
        XCTAssertEqual(try discover("db/migrations", [("0001_a.sql", "-- up: the first migration\nCREATE TABLE a (id int);\n")]).layout,
                       "plain")
    }

    func testGraphileMigrateRunsCommittedMigrationsAlongTheirHashChain() throws {
        let first = "--! Previous: -\n--! Hash: sha1:aaa\n\nCREATE TABLE a (id int);\n"
        let second = "--! Previous: sha1:aaa\n--! Hash: sha1:bbb\n--! Message: index\n\n--! no-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n"
        let layout = try discover("migrations", [
            ("committed/000002-index.sql", second), ("committed/000001.sql", first),
            ("current.sql", "-- Enter migration here\nDROP TABLE a;\n"), ("fixtures/functions.sql", "SELECT 1;\n"),
            ("afterReset.sql", "GRANT ALL ON DATABASE app TO app;\n"),
        ])
        XCTAssertEqual(layout.layout, "graphile-migrate")
        XCTAssertEqual(layout.migrations.map(\.id), ["committed/000001.sql", "committed/000002-index.sql"])
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion), ["000001.sql", "000002.sql"], "as graphile_migrate.migrations records them")
        XCTAssertEqual(layout.migrations.map(\.runsOutsideTransaction), [false, true])
        XCTAssertEqual(layout.migrations[0].text.components(separatedBy: "\n").firstIndex { $0.contains("CREATE TABLE") }, 3)
        XCTAssertEqual(Set(layout.skipped.map(\.path)), ["current.sql", "fixtures/functions.sql", "afterReset.sql"])
        XCTAssertTrue(layout.unrecognised.isEmpty, "\(layout.unrecognised)")
        // Pointed at `committed` itself.
        XCTAssertEqual(try discover("migrations/committed", [("000001.sql", first)]).layout, "graphile-migrate")
        // A migration whose Previous is not the hash of the one before: Graphile Migrate refuses the chain.
        XCTAssertThrowsError(try discover("migrations", [
            ("committed/000001.sql", first), ("committed/000002.sql", second.replacingOccurrences(of: "sha1:aaa", with: "sha1:zzz")),
        ])) { error in
            XCTAssertTrue("\(error)".contains("migrations/committed/000002.sql follows the migration whose hash is sha1:zzz"), "\(error)")
        }
        // A placeholder's value is in .gmrc; a cast is no placeholder.
        XCTAssertThrowsError(try discover("migrations", [
            ("committed/000001.sql", "--! Previous: -\n--! Hash: sha1:aaa\n\nGRANT ALL ON TABLE a TO :DATABASE_VISITOR;\n"),
        ])) { error in
            XCTAssertTrue("\(error)".contains("placeholder"), "\(error)")
        }
        XCTAssertEqual(try discover("migrations", [
            ("committed/000001.sql", "--! Previous: -\n--! Hash: sha1:aaa\n\nSELECT '1'::TEXT, now()::DATE;\n"),
        ]).migrations.count, 1)
    }

    func testLiquibaseRunsWhatTheMasterChangelogReaches() throws {
        func changeSet(_ table: String) -> String {
            "databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: ann\n      changes:\n        - createTable:\n"
                + "            tableName: \(table)\n            columns:\n              - column:\n                  name: id\n                  type: int\n"
        }
        let master = """
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                <include file="db/changelog/changes/002-b.yaml"/>
                <include file="changes/001-a.yaml" relativeToChangelogFile="true"/>
                <includeAll path="db/changelog/later/"/>
            </databaseChangeLog>
            """
        let layout = try discover("src/main/resources/db/changelog", [
            ("db.changelog-master.xml", master), ("changes/001-a.yaml", changeSet("a")), ("changes/002-b.yaml", changeSet("b")),
            ("later/2-d.sql", "--liquibase formatted sql\n--changeset ann:1\nCREATE TABLE d (id int);\n--rollback DROP TABLE d;\n"),
            ("later/1-c.yaml", changeSet("c")), ("old/0-unused.yaml", changeSet("z")), ("data/people.csv", "id\n1\n"),
        ])
        XCTAssertEqual(layout.layout, "liquibase")
        // The master's order: its includes as written, then the directory it includes whole, by name.
        XCTAssertEqual(layout.migrations.map(\.id), ["changes/002-b.yaml", "changes/001-a.yaml", "later/1-c.yaml", "later/2-d.sql"])
        XCTAssertTrue(layout.migrations.allSatisfy(\.isCode), "Liquibase runs them, through --migrate-cmd")
        XCTAssertEqual(Set(layout.skipped.map(\.path)), ["db.changelog-master.xml", "old/0-unused.yaml", "data/people.csv"])
        XCTAssertTrue(layout.unrecognised.isEmpty, "\(layout.unrecognised)")
        // What the deploy verifies after Liquibase ran them: the SQL their changes derive to.
        let formatted = try XCTUnwrap(layout.migrations.last)
        XCTAssertEqual(FrameworkMigrationReader.read(Array(formatted.text.utf8), format: .liquibase, path: formatted.id).analyze()
            .statements.map(\.statement.text), ["CREATE TABLE d (id int)"])
        // An include that names no changelog of the directory: the deploy cannot know what Liquibase would run.
        XCTAssertThrowsError(try discover("db/changelog", [
            ("db.changelog-master.yaml", "databaseChangeLog:\n  - include:\n      file: db/changelog/missing.yaml\n"),
            ("a.yaml", changeSet("a")),
        ])) { error in
            XCTAssertTrue("\(error)".contains("includes db/changelog/missing.yaml, which is not a changelog in db/changelog"), "\(error)")
        }
        // Two changelogs, neither including the other nor named master: which one runs is Liquibase's configuration.
        XCTAssertThrowsError(try discover("db/changelog", [("a.yaml", changeSet("a")), ("b.yaml", changeSet("b"))]))
        // A changelog that is not UTF-8 is refused by name, not read as one holding nothing.
        XCTAssertThrowsError(try MigrationLayout.discover(directory: "db/changelog", files: [
            ("db.changelog-master.yaml", Array("databaseChangeLog:\n  - include:\n      file: a.yaml\n".utf8)),
            ("a.yaml", Array("databaseChangeLog:\n  - changeSet:\n      id: 1\n      author: ".utf8) + [0xE9, 0x0A]),
        ])) { error in
            XCTAssertTrue("\(error)".contains("db/changelog/a.yaml: not UTF-8"), "\(error)")
        }
        // One changelog alone is the master, and the migration.
        XCTAssertEqual(try discover("db/changelog", [("changelog.yaml", changeSet("a"))]).migrations.map(\.id), ["changelog.yaml"])
    }

    func testAtlasFollowsItsSumFileAndTxmode() throws {
        let sum = "h1:whole=\n20240101000000_a.sql h1:a=\n20240201000000_b.sql h1:b=\n"
        let layout = try discover("migrations", [
            ("atlas.sum", sum), ("20240201000000_b.sql", "-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n"),
            ("20240101000000_a.sql", "-- Create \"a\" table\nCREATE TABLE a (id int);\n"),
        ])
        XCTAssertEqual(layout.layout, "atlas")
        XCTAssertEqual(layout.migrations.map(\.id), ["20240101000000_a.sql", "20240201000000_b.sql"])
        XCTAssertEqual(layout.migrations.map(\.runsOutsideTransaction), [false, true])
        XCTAssertTrue(layout.unrecognised.isEmpty, "\(layout.unrecognised)")
        // Atlas refuses a directory its sum does not describe: a file it does not list, or a listed file that is gone.
        XCTAssertThrowsError(try discover("migrations", [
            ("atlas.sum", sum), ("20240101000000_a.sql", ""), ("20240201000000_b.sql", ""), ("20240301000000_c.sql", ""),
        ])) { error in
            XCTAssertTrue("\(error)".contains("migrations/20240301000000_c.sql is not in migrations/atlas.sum"), "\(error)")
        }
        XCTAssertThrowsError(try discover("migrations", [("atlas.sum", sum), ("20240101000000_a.sql", "")])) { error in
            XCTAssertTrue("\(error)".contains("lists 20240201000000_b.sql, which is not in migrations"), "\(error)")
        }
    }

    func testSqlMigrateRunsItsUpSectionsInNumberOrder() throws {
        let layout = try discover("migrations", [
            ("10_index.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n-- +migrate Down\nDROP INDEX a_id;\n"),
            ("2_a.sql", "-- a comment\n-- +migrate Up\n-- +migrate StatementBegin\nCREATE TABLE a (id int);\n-- +migrate StatementEnd\n\n-- +migrate Down\nDROP TABLE a;\n"),
        ])
        XCTAssertEqual(layout.layout, "sql-migrate")
        XCTAssertEqual(layout.migrations.map(\.id), ["2_a.sql", "10_index.sql"], "by number, not by name")
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion), ["2_a.sql", "10_index.sql"], "gorp_migrations records the file name")
        XCTAssertFalse(layout.migrations.contains { $0.text.contains("DROP") }, "\(layout.migrations.map(\.text))")
        XCTAssertEqual(layout.migrations[0].text.components(separatedBy: "\n").firstIndex { $0.contains("CREATE TABLE") }, 3)
        XCTAssertEqual(layout.migrations.map(\.runsOutsideTransaction), [false, true])
        // sql-migrate runs nothing of a file without an Up line: gate does not guess.
        XCTAssertThrowsError(try discover("migrations", [
            ("1_a.sql", "-- +migrate Up\nCREATE TABLE a (id int);\n"), ("2_b.sql", "CREATE TABLE b (id int);\n"),
        ])) { error in
            XCTAssertTrue("\(error)".contains("migrations/2_b.sql: a sql-migrate migration needs a `-- +migrate Up` line"), "\(error)")
        }
    }

    func testTernRunsWhatIsAboveItsSeparatorAndNeedsUnbrokenNumbers() throws {
        let create = "CREATE TABLE a (id int);\n---- create above / drop below ----\nDROP TABLE a;\n"
        let layout = try discover("migrations", [("002_b.sql", "CREATE TABLE b (id int);\n"), ("001_a.sql", create)])
        XCTAssertEqual(layout.layout, "tern")
        XCTAssertEqual(layout.migrations.map(\.id), ["001_a.sql", "002_b.sql"])
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion), ["1", "2"])
        XCTAssertEqual(layout.migrations[0].text, "CREATE TABLE a (id int);\n\n\n")
        XCTAssertEqual(layout.migrations[1].text, "CREATE TABLE b (id int);\n", "without a separator the file runs whole")
        XCTAssertThrowsError(try discover("migrations", [("001_a.sql", create), ("003_c.sql", "SELECT 1;\n")])) { error in
            XCTAssertTrue("\(error)".contains("should be number 2"), "\(error)")
        }
        // A number too long for tern's integer is no tern migration: placed nowhere, so the deploy refuses it.
        XCTAssertEqual(try discover("migrations", [("001_a.sql", create), ("99999999999999999999_b.sql", "SELECT 1;\n")]).unrecognised,
                       ["99999999999999999999_b.sql"])
        // tern renders each migration as a Go template first: gate cannot run what it would.
        XCTAssertThrowsError(try discover("migrations", [("001_a.sql", create), ("002_b.sql", "CREATE TABLE {{.schema}}.b (id int);\n")])) { error in
            XCTAssertTrue("\(error)".contains("migrations/002_b.sql: tern renders migrations as Go templates"), "\(error)")
        }
    }

    func testPostgratorRunsDoFilesAndSkipsUndoFiles() throws {
        let layout = try discover("migrations", [
            ("002.do.add-summary.sql", "ALTER TABLE a ADD COLUMN summary text;\n"), ("002.undo.add-summary.sql", "ALTER TABLE a DROP COLUMN summary;\n"),
            ("001.do.sql", "CREATE TABLE a (id int);\n"), ("001.undo.sql", "DROP TABLE a;\n"),
        ])
        XCTAssertEqual(layout.layout, "postgrator")
        XCTAssertEqual(layout.migrations.map(\.id), ["001.do.sql", "002.do.add-summary.sql"])
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion), ["1", "2"])
        XCTAssertEqual(layout.skipped.map(\.path), ["001.undo.sql", "002.undo.add-summary.sql"])
        // A `.do.js` migration builds its SQL when Postgrator runs it: not placed.
        XCTAssertEqual(try discover("migrations", [("001.do.sql", "SELECT 1;"), ("002.do.js", "module.exports.generateSql = () => ''")]).unrecognised,
                       ["002.do.js"])
        XCTAssertEqual(MigrationLayout.classify("migrations/001.undo.sql")?.format, .sqlRollback)
        XCTAssertEqual(MigrationLayout.classify("migrations/001.do.sql")?.format, .sql)
    }

    func testSqitchFollowsThePlanIncludingReworkedChanges() throws {
        let plan = """
            %syntax-version=1.0.0
            %project=app

            users 2024-01-01T00:00:00Z Ann <ann@example.com> # users
            flips [users] 2024-01-02T00:00:00Z Ann <ann@example.com>
            @v1.0 2024-01-03T00:00:00Z Ann <ann@example.com>
            users [users@v1.0] 2024-01-04T00:00:00Z Ann <ann@example.com> # reworked
            """
        let layout = try discover("db", [
            ("sqitch.plan", plan), ("sqitch.conf", ""), ("deploy/users.sql", "v2"), ("deploy/users@v1.0.sql", "v1"),
            ("deploy/flips.sql", "f"), ("revert/users.sql", ""), ("verify/users.sql", ""),
        ])
        XCTAssertEqual(layout.layout, "sqitch")
        XCTAssertEqual(layout.migrations.map(\.id), ["deploy/users@v1.0.sql", "deploy/flips.sql", "deploy/users.sql"])
        XCTAssertEqual(layout.unrecognised, [])
    }

    func testNestedVersionFoldersInVersionOrder() throws {
        let layout = try discover("migrations", [
            ("0.19/00__x.sql", ""), ("0.19/01__y.sql", ""), ("0.2/00__a.sql", ""), ("0.2/notes.md", ""),
        ])
        XCTAssertEqual(layout.layout, "nested")
        XCTAssertEqual(layout.migrations.map(\.id), ["0.2/00__a.sql", "0.19/00__x.sql", "0.19/01__y.sql"])
    }

    func testPlainRefusesFilesWithoutAVersion() throws {
        let layout = try discover("db/migrations", [("0001_a.sql", ""), ("LATEST.sql", ""), ("0002_b.sql", "")])
        XCTAssertEqual(layout.layout, "plain")
        XCTAssertEqual(layout.migrations.map(\.id), ["0001_a.sql", "0002_b.sql"])
        XCTAssertEqual(layout.unrecognised, ["LATEST.sql"])
        XCTAssertThrowsError(try discover("db/migrations", [("1_a.sql", ""), ("0001_b.sql", "")]))
    }

    func testCodeLayouts() throws {
        let rails = try discover("db/migrate", [("20240102000000_b.rb", ""), ("20240101000000_a.rb", "")])
        XCTAssertEqual(rails.layout, "rails")
        XCTAssertEqual(rails.migrations.map(\.frameworkVersion), ["20240101000000", "20240102000000"])
        XCTAssertTrue(rails.migrations.allSatisfy(\.isCode))

        let alembic = try discover("alembic/versions", [
            ("aaa_child.py", "revision = \"bbb\"\ndown_revision = \"aaa\"\n"),
            ("zzz_root.py", "revision: str = 'aaa'\ndown_revision: str | None = None\n"),
        ])
        XCTAssertEqual(alembic.layout, "alembic")
        XCTAssertEqual(alembic.migrations.map(\.frameworkVersion), ["aaa", "bbb"])
        XCTAssertEqual(alembic.migrations.last?.parents, ["aaa"])

        let django = try discover("reports/migrations", [("__init__.py", ""), ("0001_initial.py", "class Migration: pass")])
        XCTAssertEqual(django.layout, "django")
        XCTAssertEqual(django.migrations.map(\.frameworkVersion), ["reports.0001_initial"])

        // Ecto: timestamped `.exs` files, recorded in schema_migrations by their version.
        let ecto = try discover("priv/repo/migrations", [
            ("20240102000000_add_handle.exs", "defmodule A do\n  use Ecto.Migration\nend\n"),
            ("20240101000000_create_users.exs", "defmodule B do\n  use Ecto.Migration\nend\n"),
            (".formatter.exs", "[import_deps: [:ecto_sql], inputs: [\"*.exs\"]]\n"),
        ])
        XCTAssertEqual(ecto.layout, "ecto")
        XCTAssertEqual(ecto.migrations.map(\.frameworkVersion), ["20240101000000", "20240102000000"])
        XCTAssertEqual(ecto.migrations.map(\.format), [.ecto, .ecto])
    }

    /// goose: only the Up section, however the Down marker is written or placed; NO TRANSACTION is the file's.
    func testGooseRunsOnlyTheUpSection() throws {
        let layout = try discover("db/migrations", [
            ("10_b.sql", "-- +goose Down\nDROP TABLE a;\n-- +goose Up\nALTER TABLE a ADD COLUMN b int;\n"),
            ("2_a.sql", "-- +goose NO TRANSACTION\n--  +goose up\nCREATE TABLE a (id int);\n  -- +goose DOWN\nDROP TABLE a;\n"),
        ])
        XCTAssertEqual(layout.layout, "goose")
        XCTAssertEqual(layout.migrations.map(\.id), ["2_a.sql", "10_b.sql"])
        XCTAssertEqual(layout.migrations.map(\.text), ["\n\nCREATE TABLE a (id int);\n\n\n", "\n\n\nALTER TABLE a ADD COLUMN b int;\n"])
        XCTAssertEqual(layout.migrations.map(\.runsOutsideTransaction), [true, false])
        XCTAssertFalse(layout.migrations.contains { $0.text.contains("DROP") })
        // A phase directive outside the Up section still tells the phase (gate check reads it from the whole file).
        let contract = try discover("db/migrations", [
            ("3_c.sql", "-- gate:phase post\n-- +goose Up\nALTER TABLE a DROP COLUMN b;\n-- +goose Down\nALTER TABLE a ADD COLUMN b int;\n"),
        ])
        XCTAssertEqual(contract.migrations.map(\.text), ["-- gate:phase post\n\nALTER TABLE a DROP COLUMN b;\n\n\n"])
    }

    func testDieselVersionsUpOnlyAndMetadata() throws {
        let layout = try discover("migrations", [
            ("2024-05-01-120000_b/up.sql", "SELECT 2;"), ("2024-05-01-120000_b/down.sql", "SELECT 0;"),
            ("2024-05-01-120000_b/metadata.toml", "run_in_transaction = false # for the enum\n"),
            ("00000000000000_diesel_initial_setup/up.sql", "SELECT 1;"), (".keep", ""),
        ])
        XCTAssertEqual(layout.layout, "diesel")
        XCTAssertEqual(layout.migrations.map(\.frameworkVersion), ["00000000000000", "20240501120000"])
        XCTAssertEqual(layout.migrations.map(\.runsOutsideTransaction), [false, true])
        XCTAssertEqual(layout.skipped.map(\.path), [".keep", "2024-05-01-120000_b/down.sql"])
        XCTAssertEqual(layout.unrecognised, [])
    }

    func testSqlxNoTransactionIsTheFirstLineOnly() throws {
        let layout = try discover("migrations", [
            ("1_a.sql", "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON a (id);"), ("2_b.sql", "SELECT 1;\n-- no-transaction\n"),
        ])
        XCTAssertEqual(layout.migrations.map(\.runsOutsideTransaction), [true, false])
    }
}

/// The expected schema folded through a history: checks of objects a later statement changed no longer stand.
final class SchemaFoldTests: XCTestCase {
    private func statements(_ sql: String) throws -> [AnalyzedStatement] { try MigrationScript.analyze(sql).statements }

    func testLaterDropAndAlterSupersedeEarlierChecks() throws {
        let history = [
            try statements("CREATE TABLE \"Chat\" (id int PRIMARY KEY, messages json NOT NULL, title text);"),
            try statements("ALTER TABLE \"Chat\" DROP COLUMN messages;\nALTER TABLE \"Chat\" ALTER COLUMN title TYPE varchar(80);"),
        ]
        let standing = SchemaFold.standing(history).map(\.check.description)
        XCTAssertFalse(standing.contains { $0.contains("Chat.messages exists") }, "\(standing)")
        XCTAssertTrue(standing.contains("column Chat.messages is gone"), "\(standing)")
        XCTAssertFalse(standing.contains { $0.contains("Chat.title exists as text") }, "\(standing)")
        XCTAssertTrue(standing.contains { $0.contains("Chat.title exists as varchar(80)") }, "\(standing)")
        XCTAssertTrue(standing.contains { $0.contains("Chat.id exists") }, "untouched columns keep their checks: \(standing)")
        XCTAssertTrue(standing.contains("table Chat exists"), "\(standing)")
    }

    func testDroppedTableTakesItsIndexesAndRenamedColumnsMove() throws {
        let history = [
            try statements("CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nALTER TABLE t RENAME COLUMN a TO b;"),
            try statements("DROP TABLE t;"),
        ]
        XCTAssertEqual(SchemaFold.standing(history).map(\.check.description), ["table t is gone"])
        let renamed = SchemaFold.standing([history[0]]).map(\.check.description)
        XCTAssertFalse(renamed.contains { $0.hasPrefix("column t.a exists") }, "\(renamed)")
        XCTAssertTrue(renamed.contains("column t.a is gone") && renamed.contains("column t.b exists"), "\(renamed)")
        XCTAssertTrue(renamed.contains("index t_a exists and is valid"), "\(renamed)")
    }

    func testPrismaEnumChangeKeepsOnlyChecksThatHoldAfterTheTypeSwap() throws {
        let migration = try statements("""
            CREATE TYPE "Visibility_new" AS ENUM ('public', 'private', 'team');
            ALTER TABLE "Chat" ALTER COLUMN "vis" TYPE "Visibility_new" USING ("vis"::text::"Visibility_new");
            ALTER TYPE "Visibility" RENAME TO "Visibility_old";
            ALTER TYPE "Visibility_new" RENAME TO "Visibility";
            DROP TYPE "Visibility_old";
            ALTER TABLE "Chat" ADD COLUMN "role" "Role" NOT NULL;
            """)
        let standing = SchemaFold.standing([migration])
        let descriptions = standing.map(\.check.description)
        XCTAssertFalse(descriptions.contains { $0.contains("Visibility_new") }, "\(descriptions)")
        XCTAssertTrue(descriptions.contains("type Visibility_old is gone"), "\(descriptions)")
        let role = try XCTUnwrap(standing.first { $0.check.description.contains("Chat.role") })
        XCTAssertTrue(role.check.sql.contains("to_regtype('\"Role\"')"), role.check.sql)
    }
}
