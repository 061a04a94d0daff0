import XCTest
@testable import GateSQL

/// Framework migrations written in code are read through their DSL into the SQL they run.
final class FrameworkMigrationReaderTests: XCTestCase {
    func analyze(_ text: String, _ format: MigrationFormat, path: String = "") -> MigrationScript {
        FrameworkMigrationReader.read(Array(text.utf8), format: format, path: path).analyze()
    }

    func summary(_ script: MigrationScript) -> [String] {
        script.statements.map { "\($0.statement.line) \($0.statement.text) \($0.hazards.sorted())" }
    }

    func testRails() {
        let script = analyze("""
            class AddSummaryToReports < ActiveRecord::Migration[7.1]
              def change
                add_column :reports, :summary, :text
                add_column :reports, :status, :string, null: false
                add_index :reports, :status
                add_index :reports, [:owner_id, :created_at], algorithm: :concurrently
                remove_column :reports, :legacy
                rename_column :reports, :title, :headline
                create_table :notes do |t|
                  t.string :body, null: false
                  t.references :report
                  t.timestamps
                end
                execute "ALTER TABLE reports ALTER COLUMN body SET NOT NULL"
              end

              def down
                remove_column :reports, :summary
              end
            end
            """, .rails)
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 4, 5, 6, 7, 8, 9, 14])
        XCTAssertEqual(script.statements[0].hazards, [])
        XCTAssertEqual(script.statements[1].hazards, ["not-null-without-default", "contract-without-post-phase"])
        XCTAssertEqual(script.statements[2].hazards, ["index-without-concurrently"])
        // Rails wraps migrations in a transaction unless disable_ddl_transaction! is set.
        XCTAssertEqual(script.statements[3].hazards, ["concurrently-in-transaction"])
        XCTAssertEqual(Set(script.statements[4].hazards), ["drop-column", "contract-without-post-phase"])
        XCTAssertEqual(Set(script.statements[5].hazards), ["rename", "contract-without-post-phase"])
        guard case .createTable(let table, let columns) = script.statements[6].operations.first else { return XCTFail() }
        XCTAssertEqual(table, "notes")
        XCTAssertEqual(columns.map(\.name), ["id", "body", "report_id", "created_at", "updated_at"])
        XCTAssertEqual(Set(script.statements[7].hazards), ["set-not-null", "contract-without-post-phase"])

        let safe = analyze("""
            class AddIndex < ActiveRecord::Migration[7.1]
              disable_ddl_transaction!
              def change
                add_index :reports, :status, algorithm: :concurrently
              end
            end
            """, .rails)
        XCTAssertEqual(safe.statements.flatMap(\.hazards), [])
        XCTAssertTrue(safe.statements[0].requiresNoTransaction)
    }

    func testRailsChangeTableBlocksAreReadAsTheirDirectMethods() {
        let script = analyze("""
            class ChangeUsers < ActiveRecord::Migration[7.1]
              def change
                change_table :users, bulk: true do |t|
                  t.remove :legacy, :nickname, type: :string
                  t.string :handle, null: false
                  t.column :bio, :text
                  t.rename :name, :full_name
                  t.change :email, :string, limit: 500
                  t.index :handle, unique: true
                  t.references :team, foreign_key: true
                  t.remove_references :org
                  t.timestamps null: true
                end
                remove_columns :accounts, :a, :b
              end
            end
            """, .rails)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE users DROP COLUMN legacy",
            "ALTER TABLE users DROP COLUMN nickname",
            "ALTER TABLE users ADD COLUMN handle varchar NOT NULL",
            "ALTER TABLE users ADD COLUMN bio text",
            "ALTER TABLE users RENAME COLUMN name TO full_name",
            "ALTER TABLE users ALTER COLUMN email TYPE varchar(500)",
            "CREATE UNIQUE INDEX index_users_on_handle ON users (handle)",
            "ALTER TABLE users ADD COLUMN team_id bigint",
            "CREATE INDEX index_users_on_team_id ON users (team_id)",
            "ALTER TABLE users ADD CONSTRAINT fk_users_team_id FOREIGN KEY (team_id) REFERENCES teams (id)",
            "ALTER TABLE users DROP COLUMN org_id",
            "ALTER TABLE users ADD COLUMN created_at timestamp, ADD COLUMN updated_at timestamp",
            "ALTER TABLE accounts DROP COLUMN a, DROP COLUMN b",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [4, 4, 5, 6, 7, 8, 9, 10, 10, 10, 11, 12, 14])
        XCTAssertEqual(script.statements[0].hazards.first, "drop-column")
        XCTAssertEqual(script.statements[2].hazards.first, "not-null-without-default")
    }

    func testRailsJoinTablesAndTheRollbackHalfOfReversible() {
        let script = analyze("""
            class Groups < ActiveRecord::Migration[7.1]
              def change
                create_join_table :users, :groups do |t|
                  t.index [:user_id, :group_id]
                end
                create_join_table :catalog_products, :catalog_categories
                reversible do |dir|
                  dir.up do
                    execute "UPDATE users SET score = 0 WHERE score IS NULL"
                  end
                  dir.down do
                    execute "ALTER TABLE users DROP COLUMN score"
                  end
                end
                reversible do |direction|
                  direction.down { remove_column :users, :nickname }
                end
              end
            end
            """, .rails)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "CREATE TABLE groups_users (user_id bigint NOT NULL, group_id bigint NOT NULL)",
            "CREATE TABLE catalog_categories_products (catalog_product_id bigint NOT NULL, catalog_category_id bigint NOT NULL)",
            "UPDATE users SET score = 0 WHERE score IS NULL",
        ])
    }

    /// Knex's `string(name, length = 255)`: restating it with `.alter()` changes no length.
    func testKnexStringsWithoutALengthAreVarchar255() {
        let script = analyze("""
            exports.up = (knex) => knex.schema.alterTable('users', (table) => {
              table.string('handle');
              table.string('email', 500).alter();
            });
            """, .knex)
        XCTAssertEqual(script.statements.map(\.statement.text).prefix(2), [
            "ALTER TABLE users ADD COLUMN handle varchar(255)", "ALTER TABLE users ALTER COLUMN email TYPE varchar(500)",
        ])
    }

    func testRailsEnumsAreReadAsTheirTypeStatements() {
        let script = analyze("""
            class Moods < ActiveRecord::Migration[7.1]
              def change
                create_enum :mood, ["happy", "sad"]
                add_column :users, :mood, :enum, enum_type: :mood
                add_enum_value :status, "archived", after: "published"
                rename_enum_value :status, from: "draft", to: "pending"
                rename_enum :category, to: :kind
              end
            end
            """, .rails)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "CREATE TYPE mood AS ENUM ('happy', 'sad')",
            "ALTER TABLE users ADD COLUMN mood mood",
            "ALTER TYPE status ADD VALUE 'archived' AFTER 'published'",
            "ALTER TYPE status RENAME VALUE 'draft' TO 'pending'",
            "ALTER TYPE category RENAME TO kind",
        ])
        XCTAssertEqual(script.statements.map { $0.hazards.first }, [nil, nil, nil, "enum-value-change", "client-breaking-change"])
    }

    func testDjangoSeparateDatabaseAndStateRunsOnlyItsDatabaseOperations() {
        let stateOnly = FrameworkMigrationReader.read(Array("""
            from django.db import migrations
            class Migration(migrations.Migration):
                operations = [
                    migrations.SeparateDatabaseAndState(
                        state_operations=[migrations.RemoveField(model_name="order", name="legacy")],
                        database_operations=[],
                    ),
                ]
            """.utf8), format: .django, path: "shop/migrations/0002_x.py")
        XCTAssertEqual(stateOnly.fragments.map(\.sql), [])
        XCTAssertTrue(stateOnly.readInFull)
        let both = analyze("""
            from django.db import migrations
            class Migration(migrations.Migration):
                operations = [
                    migrations.SeparateDatabaseAndState(
                        [migrations.RemoveField(model_name="order", name="note")],
                        [migrations.RenameField(model_name="order", old_name="note", new_name="memo")],
                    ),
                    migrations.SeparateDatabaseAndState(
                        database_operations=[migrations.RunSQL("ALTER TABLE shop_order DROP COLUMN legacy")],
                        state_operations=[migrations.RemoveField(model_name="order", name="legacy")],
                    ),
                ]
            """, .django, path: "shop/migrations/0003_x.py")
        XCTAssertEqual(both.statements.map(\.statement.text), [
            "ALTER TABLE shop_order DROP COLUMN note", "ALTER TABLE shop_order DROP COLUMN legacy",
        ])
    }

    func testDjango() {
        let script = analyze("""
            from django.db import migrations, models

            class Migration(migrations.Migration):
                dependencies = [("reports", "0001_initial")]
                operations = [
                    migrations.AddField(
                        model_name="report",
                        name="summary",
                        field=models.TextField(null=True),
                    ),
                    migrations.AddField(model_name="report", name="owner", field=models.ForeignKey(on_delete=models.CASCADE, to="auth.user")),
                    migrations.RemoveField(model_name="report", name="legacy"),
                    migrations.RenameField(model_name="report", old_name="title", new_name="headline"),
                    migrations.AlterField(model_name="report", name="code", field=models.CharField(max_length=20)),
                    migrations.CreateModel(name="Note", fields=[("id", models.BigAutoField(primary_key=True)), ("body", models.TextField())]),
                    migrations.DeleteModel(name="Draft"),
                ]
            """, .django, path: "reports/migrations/0002_report_summary.py")
        // The foreign key is its column, referencing auth_user, and the index Django builds for it.
        XCTAssertEqual(script.statements.map(\.statement.line), [6, 11, 11, 12, 13, 14, 15, 16])
        XCTAssertEqual(script.statements[0].operations, [
            .addColumn(table: "reports_report", column: ColumnSpec(name: "summary", type: "text")),
        ])
        XCTAssertEqual(script.statements[1].hazards.first, "not-null-without-default")
        XCTAssertTrue(script.statements[1].statement.text.contains("REFERENCES auth_user (id)"), script.statements[1].statement.text)
        guard case .addColumn(_, let owner) = script.statements[1].operations.first else { return XCTFail() }
        XCTAssertEqual(owner.name, "owner_id")
        XCTAssertTrue(script.statements[2].hazards.contains("index-without-concurrently"), "\(script.statements[2].hazards)")
        XCTAssertTrue(script.statements[3].hazards.contains("drop-column"))
        XCTAssertTrue(script.statements[4].hazards.contains("rename"))
        XCTAssertTrue(script.statements[5].hazards.contains("varchar-length-change"))
        guard case .createTable(let table, _) = script.statements[6].operations.first else { return XCTFail() }
        XCTAssertEqual(table, "reports_note")
        XCTAssertTrue(script.statements[7].hazards.contains("drop-table"))
    }

    /// Each operation's arguments are read by Django's signature, positional as its docs often write them, as the
    /// same operation with keywords; an index or constraint on expressions, or an operation whose model is a
    /// variable, is named as unread, never built into SQL that does not parse.
    func testDjangoPositionalArgumentsAndOperationsItCannotBuild() {
        let source = """
            from django.contrib.postgres.operations import AddIndexConcurrently
            from django.db import migrations, models
            from django.db.models.functions import Lower

            class Migration(migrations.Migration):
                atomic = False
                operations = [
                    migrations.CreateModel("Tag", [("id", models.BigAutoField(primary_key=True)), ("name", models.CharField(max_length=50))]),
                    migrations.AddField("report", "summary", models.TextField(null=True)),
                    AddIndexConcurrently("report", models.Index(fields=["summary"], name="report_summary_idx")),
                    migrations.AddConstraint("tag", models.UniqueConstraint(fields=["name"], name="tag_name_uniq")),
                    migrations.RenameField("report", "title", "headline"),
                    migrations.AddIndex("report", models.Index(Lower("title"), name="report_title_lower_idx")),
                    migrations.AddConstraint("tag", models.UniqueConstraint(Lower("name"), name="tag_name_ci_uniq")),
                    migrations.RemoveField(MODEL, "legacy"),
                ]
            """
        let migration = FrameworkMigrationReader.read(Array(source.utf8), format: .django, path: "reports/migrations/0004_x.py")
        XCTAssertEqual(migration.fragments.map(\.sql), [
            "CREATE TABLE reports_tag (id bigserial NOT NULL, name varchar(50) NOT NULL)",
            "ALTER TABLE reports_report ADD COLUMN summary text",
            "CREATE INDEX CONCURRENTLY report_summary_idx ON reports_report (summary)",
            "ALTER TABLE reports_tag ADD CONSTRAINT tag_name_uniq UNIQUE (name)",
            "ALTER TABLE reports_report RENAME COLUMN title TO headline",
        ])
        XCTAssertEqual(migration.unread, [
            UnreadOperation(operation: "AddIndex", line: 13), UnreadOperation(operation: "AddConstraint", line: 14),
            UnreadOperation(operation: "RemoveField", line: 15),
        ])
        XCTAssertFalse(migration.readInFull)
        XCTAssertTrue(migration.analyze().parseErrors.isEmpty)
    }

    /// `unique=True` and one-to-one fields add a unique constraint under the table's lock; `db_index=True` and
    /// foreign keys an index built without CONCURRENTLY; `db_index=False` none.
    func testDjangoFieldsThatBuildIndexes() {
        let script = analyze("""
            from django.db import migrations, models

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField(model_name="report", name="slug", field=models.SlugField(null=True, unique=True)),
                    migrations.AddField(model_name="report", name="profile", field=models.OneToOneField("Profile", null=True, on_delete=models.CASCADE)),
                    migrations.AddField(model_name="report", name="score", field=models.IntegerField(null=True, db_index=True)),
                    migrations.AddField(model_name="report", name="team", field=models.ForeignKey("teams.Team", null=True, db_index=False, on_delete=models.SET_NULL)),
                ]
            """, .django, path: "reports/migrations/0003_report_fields.py")
        XCTAssertEqual(script.statements.map(\.statement.line), [5, 6, 7, 7, 8])
        XCTAssertTrue(script.statements[0].hazards.contains("unique-constraint-under-lock"), "\(script.statements[0].hazards)")
        XCTAssertTrue(script.statements[1].statement.text.contains("REFERENCES reports_profile (id)"), script.statements[1].statement.text)
        XCTAssertTrue(script.statements[1].hazards.contains("unique-constraint-under-lock"), "\(script.statements[1].hazards)")
        XCTAssertTrue(script.statements[3].hazards.contains("index-without-concurrently"), "\(script.statements[3].hazards)")
        XCTAssertTrue(script.statements[4].statement.text.contains("REFERENCES teams_team (id)"), script.statements[4].statement.text)
    }

    /// Fields of every class Django ships, and of third-party or project classes, are nullable as their `null=True`
    /// says; a many-to-many field adds no column but its join table (none when it names its `through` model).
    func testDjangoFieldClassesBeyondTheCommonOnesAndManyToManyFields() {
        let script = analyze("""
            from django.conf import settings
            from django.db import migrations, models
            import phonenumber_field.modelfields

            class Migration(migrations.Migration):
                operations = [
                    migrations.AddField(model_name="article", name="author_ip", field=models.GenericIPAddressField(blank=True, null=True)),
                    migrations.AddField(model_name="article", name="cover", field=models.ImageField(blank=True, null=True, upload_to="covers/")),
                    migrations.AddField(model_name="article", name="minutes", field=models.PositiveSmallIntegerField(blank=True, null=True)),
                    migrations.AddField(model_name="article", name="phone", field=phonenumber_field.modelfields.PhoneNumberField(blank=True, max_length=128, null=True, region=None)),
                    migrations.AddField(model_name="article", name="coauthors", field=models.ManyToManyField(blank=True, related_name="coauthored", to=settings.AUTH_USER_MODEL)),
                    migrations.AddField(model_name="article", name="tags", field=models.ManyToManyField(through="blog.ArticleTag", to="blog.tag")),
                    migrations.AddField(model_name="article", name="code", field=phonenumber_field.modelfields.PhoneNumberField(max_length=128)),
                ]
            """, .django, path: "blog/migrations/0002_article_extras.py")
        XCTAssertEqual(script.statements.map(\.statement.line), [7, 8, 9, 10, 11, 13])
        for statement in script.statements.prefix(5) {
            XCTAssertEqual(statement.effect, .expand, statement.statement.text)
            XCTAssertFalse(statement.hazards.contains("not-null-without-default"), statement.statement.text)
        }
        XCTAssertTrue(script.statements[1].statement.text.contains("varchar(100)"), script.statements[1].statement.text)
        guard case .createTable(let joinTable, _) = script.statements[4].operations.first else { return XCTFail() }
        XCTAssertEqual(joinTable, "blog_article_coauthors")
        // A field of a class gate does not know is NOT NULL without `null=True`, as Django makes it.
        XCTAssertTrue(script.statements[5].hazards.contains("not-null-without-default"), "\(script.statements[5].hazards)")
    }

    /// `add_reference … foreign_key: { validate: false }` adds its foreign key NOT VALID (strong_migrations' safe form),
    /// and `to_table:` names the table it references.
    func testRailsAddReferenceForeignKeyOptions() {
        let script = analyze("""
            class AddCouponToOrders < ActiveRecord::Migration[7.1]
              def change
                add_reference :orders, :coupon, index: false, foreign_key: { validate: false }
                add_reference :orders, :buyer, index: false, foreign_key: { to_table: :users, validate: false }
                add_reference :orders, :store, index: false, foreign_key: true
              end
            end
            """, .rails, path: "db/migrate/20240301000000_add_coupon_to_orders.rb")
        let constraints = script.statements.map(\.statement.text).filter { $0.contains("FOREIGN KEY") }
        XCTAssertEqual(constraints.count, 3)
        XCTAssertTrue(constraints[0].hasSuffix("REFERENCES coupons (id) NOT VALID"), constraints[0])
        XCTAssertTrue(constraints[1].hasSuffix("REFERENCES users (id) NOT VALID"), constraints[1])
        XCTAssertTrue(constraints[2].hasSuffix("REFERENCES stores (id)"), constraints[2])
        XCTAssertEqual(script.statements.filter { $0.hazards.contains("constraint-without-not-valid") }.count, 1)
    }

    func testAlembic() {
        let script = analyze("""
            from alembic import op
            import sqlalchemy as sa

            def upgrade():
                op.add_column("reports", sa.Column("summary", sa.Text(), nullable=True))
                op.add_column("reports", sa.Column("status", sa.String(length=20), nullable=False))
                op.create_index("ix_reports_status", "reports", ["status"], postgresql_concurrently=True)
                op.alter_column("reports", "title", new_column_name="headline")
                op.drop_column("reports", "legacy")
                op.execute("UPDATE reports SET status = 'new'")

            def downgrade():
                op.drop_column("reports", "summary")
            """, .alembic)
        XCTAssertEqual(script.statements.map(\.statement.line), [5, 6, 7, 8, 9, 10])
        XCTAssertEqual(script.statements[0].hazards, [])
        XCTAssertTrue(script.statements[1].hazards.contains("not-null-without-default"))
        XCTAssertEqual(script.statements[2].hazards, ["concurrently-in-transaction"])
        XCTAssertTrue(script.statements[3].hazards.contains("rename"))
        XCTAssertTrue(script.statements[4].hazards.contains("drop-column"))
        XCTAssertEqual(script.statements[5].effect, .data)
    }

    func testKnex() {
        let script = analyze("""
            exports.up = function (knex) {
              return knex.schema.alterTable('reports', (table) => {
                table.text('summary');
                table.string('status', 20).notNullable();
                table.dropColumn('legacy');
                table.index(['status']);
              });
            };

            exports.down = function (knex) {
              return knex.schema.alterTable('reports', (table) => { table.dropColumn('summary'); });
            };
            """, .knex)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE reports ADD COLUMN summary text",
            "ALTER TABLE reports ADD COLUMN status varchar(20) NOT NULL",
            "ALTER TABLE reports DROP COLUMN legacy",
            "CREATE INDEX ON reports (status)",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 4, 5, 6])
        XCTAssertTrue(script.statements[1].hazards.contains("not-null-without-default"))
        XCTAssertTrue(script.statements[3].hazards.contains("index-without-concurrently"))
    }

    func testSequelize() {
        let script = analyze("""
            module.exports = {
              async up(queryInterface, Sequelize) {
                await queryInterface.addColumn('reports', 'summary', { type: Sequelize.TEXT, allowNull: true });
                await queryInterface.addIndex('reports', ['status'], { concurrently: true });
                await queryInterface.renameColumn('reports', 'title', 'headline');
                await queryInterface.sequelize.query('ALTER TABLE reports ALTER COLUMN code TYPE bigint');
              },
              async down(queryInterface) {
                await queryInterface.removeColumn('reports', 'summary');
              },
            };
            """, .sequelize)
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 4, 5, 6])
        XCTAssertEqual(script.statements[0].hazards, [])
        XCTAssertEqual(script.statements[1].hazards, [])
        XCTAssertTrue(script.statements[2].hazards.contains("rename"))
        XCTAssertTrue(script.statements[3].hazards.contains("column-type-change"))
    }

    /// `changeColumn` restates the whole column, as Sequelize's Postgres dialect runs it; `STRING` is varchar(255).
    func testSequelizeChangeColumnRestatesNullabilityAndDefault() {
        let script = analyze("""
            module.exports = {
              async up(queryInterface, Sequelize) {
                await queryInterface.changeColumn('Users', 'email', { type: Sequelize.STRING, allowNull: false });
              },
            };
            """, .sequelize)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE \"Users\" ALTER COLUMN email TYPE varchar(255)",
            "ALTER TABLE \"Users\" ALTER COLUMN email SET NOT NULL",
            "ALTER TABLE \"Users\" ALTER COLUMN email DROP DEFAULT",
        ])
        XCTAssertEqual(script.statements[1].hazards.first, "set-not-null")
    }

    func testTypeORM() {
        let script = analyze("""
            export class AddSummary1700000000000 implements MigrationInterface {
                public async up(queryRunner: QueryRunner): Promise<void> {
                    await queryRunner.query(`ALTER TABLE "reports" ADD "summary" text`);
                    await queryRunner.addColumn("reports", new TableColumn({ name: "status", type: "varchar", isNullable: false }));
                    await queryRunner.query(`CREATE INDEX "IDX_status" ON "reports" ("status")`);
                }
                public async down(queryRunner: QueryRunner): Promise<void> {
                    await queryRunner.query(`ALTER TABLE "reports" DROP COLUMN "summary"`);
                }
            }
            """, .typeorm)
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 4, 5])
        XCTAssertEqual(script.statements[0].hazards, [])
        XCTAssertTrue(script.statements[1].hazards.contains("not-null-without-default"))
        XCTAssertEqual(script.statements[2].hazards, ["index-without-concurrently"])
    }

    /// Knex's table builder constraints, and names Postgres reserves (`user`, `limit`), which an ORM quotes.
    func testKnexConstraintsAndReservedNames() {
        let script = analyze("""
            exports.up = async function (knex) {
              await knex.schema.alterTable('user', (table) => {
                table.dropNullable('collections');
                table.foreign('owner').references('directus_users.id').onDelete('SET NULL');
                table.uuid('editor').references('id').inTable('directus_users');
                table.primary(['id', 'tenant']);
                table.dropColumn('limit');
              });
            };
            exports.down = async function (knex) {};
            """, .knex)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            #"ALTER TABLE "user" ALTER COLUMN collections SET NOT NULL"#,
            #"ALTER TABLE "user" ADD FOREIGN KEY (owner) REFERENCES directus_users (id)"#,
            #"ALTER TABLE "user" ADD COLUMN editor uuid REFERENCES directus_users (id)"#,
            #"ALTER TABLE "user" ADD PRIMARY KEY (id, tenant)"#,
            #"ALTER TABLE "user" DROP COLUMN "limit""#,
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 4, 5, 6, 7])
        XCTAssertTrue(script.statements[0].hazards.contains("set-not-null"))
        XCTAssertTrue(script.statements[1].hazards.contains("constraint-without-not-valid"))
        XCTAssertTrue(script.statements[2].hazards.contains("constraint-without-not-valid"))
        XCTAssertTrue(script.statements[4].hazards.contains("drop-column"))
        XCTAssertFalse(script.statements.contains { $0.hazards.contains("sql-parse-error") })
    }

    /// A StandardJS `up (queryInterface) {` still ends at `down (queryInterface) {`, whose statements are not judged.
    func testSequelizeMethodsWithABlankBeforeTheirParameters() {
        let script = analyze("""
            module.exports = {
              up (queryInterface) {
                return queryInterface.addIndex('transactions', ['status'], { concurrently: true })
              },

              down (queryInterface) {
                return queryInterface.dropTable('transactions')
              }
            }
            """, .sequelize)
        XCTAssertEqual(script.statements.map(\.statement.line), [3])
    }

    /// MikroORM's generated migrations: `this.addSql('…')` in `up()`, not in `down()`; told apart from Knex by it.
    func testMikroORM() {
        let text = """
            import { Migration } from '@mikro-orm/migrations';

            export class Migration20230902225203 extends Migration {

              async up(): Promise<void> {
                this.addSql('alter table "book" add column "author_id" int not null;');
                this.addSql('alter table "book" add constraint "book_author_id_foreign" foreign key ("author_id") references "author" ("id");');
              }

              async down(): Promise<void> {
                this.addSql('alter table "book" drop column "author_id";');
              }

            }
            """
        XCTAssertEqual(MigrationLayout.classify("src/migrations/Migration20230902225203.ts", head: Array(text.utf8))?.format, .mikroORM)
        let script = analyze(text, .mikroORM)
        XCTAssertEqual(script.statements.map(\.statement.line), [6, 7])
        XCTAssertTrue(script.statements[0].hazards.contains("not-null-without-default"))
        XCTAssertTrue(script.statements[1].hazards.contains("constraint-without-not-valid"))
    }

    /// goose's Go migrations: the up function's SQL, not the down function's; `NoTx` runs outside a transaction.
    func testGooseGoMigrations() {
        let text = """
            package migrations

            import (
            \t"context"
            \t"database/sql"

            \t"github.com/pressly/goose/v3"
            )

            func init() {
            \tgoose.AddMigrationContext(upAddNote, downAddNote)
            }

            func upAddNote(ctx context.Context, tx *sql.Tx) error {
            \t_, err := tx.ExecContext(ctx, `ALTER TABLE orders ADD COLUMN note text`)
            \treturn err
            }

            func downAddNote(ctx context.Context, tx *sql.Tx) error {
            \t_, err := tx.ExecContext(ctx, `DROP TABLE orders`)
            \treturn err
            }
            """
        let kind = MigrationLayout.classify("db/migrations/20240102000000_add_note.go", head: Array(text.utf8))
        XCTAssertEqual(kind?.format, .gooseGo)
        XCTAssertEqual(kind?.framework, "goose")
        XCTAssertNil(MigrationLayout.classify("internal/orders/store.go", head: Array(text.utf8)))
        let script = analyze(text, .gooseGo)
        XCTAssertEqual(script.statements.map(\.statement.line), [15])
        XCTAssertEqual(script.statements.map(\.statement.text), ["ALTER TABLE orders ADD COLUMN note text"])
    }

    /// Knex's `.alter()` is not incremental: a chain without `.notNullable()` drops the NOT NULL, one without
    /// `.defaultTo()` drops the default.
    func testKnexAlterSetsOrDropsNullabilityAndDefault() {
        let script = analyze("""
            exports.up = function (knex) {
              return knex.schema.alterTable('reports', (table) => {
                table.string('status', 40).alter();
                table.integer('score').notNullable().defaultTo(0).alter();
              });
            };
            """, .knex)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE reports ALTER COLUMN status TYPE varchar(40)",
            "ALTER TABLE reports ALTER COLUMN status DROP NOT NULL",
            "ALTER TABLE reports ALTER COLUMN status DROP DEFAULT",
            "ALTER TABLE reports ALTER COLUMN score TYPE integer",
            "ALTER TABLE reports ALTER COLUMN score SET NOT NULL",
            "ALTER TABLE reports ALTER COLUMN score SET DEFAULT 0",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 3, 3, 4, 4, 4])
        XCTAssertEqual(script.statements[1].hazards, ["client-breaking-change"])
        XCTAssertTrue(script.statements[4].hazards.contains("set-not-null"))
    }

    /// Alembic's `existing_type` tells what the column was: widening a varchar is no hazard, narrowing is.
    /// An AlterField runs SQL only for what changes the column (type, length, nullability), told by the field's
    /// previous definition: from the app's earlier migrations, or the same migration's earlier operations.
    func testDjangoAlterFieldIsComparedWithTheFieldsPreviousDefinition() {
        var history = DjangoFieldHistory()
        history.apply(Array("""
            operations = [
                migrations.CreateModel(
                    name="Report",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                        ("status", models.CharField(choices=[("draft", "Draft")], default="draft", max_length=20)),
                        ("title", models.CharField(max_length=100)),
                        ("score", models.IntegerField(null=True)),
                        ("headline", models.CharField(max_length=50)),
                    ],
                ),
                migrations.RenameField(model_name="report", old_name="headline", new_name="subtitle"),
            ]
            """.utf8))
        func read(_ operations: String) -> FrameworkMigration {
            FrameworkMigrationReader.read(
                Array("class Migration(migrations.Migration):\n    operations = [\n\(operations)\n    ]\n".utf8), format: .django,
                path: "reports/migrations/0002_alter.py", djangoHistory: history)
        }
        // Python-only options: no SQL, and every operation accounted for.
        let pythonOnly = read("""
                    migrations.AlterField(model_name="report", name="status", field=models.CharField(choices=[("draft", "Draft"), ("done", "Done")], default="done", max_length=20, help_text="Where the report is")),
                    migrations.AlterField(model_name="report", name="title", field=models.CharField(max_length=100, blank=True, verbose_name="Title", validators=[validate_title])),
                    migrations.AlterField(model_name="report", name="subtitle", field=models.CharField(max_length=50, help_text="Shown under the title")),
                    migrations.AlterModelOptions(name="report", options={"ordering": ["-id"]}),
            """)
        XCTAssertEqual(pythonOnly.fragments, [])
        XCTAssertTrue(pythonOnly.readInFull)
        // What changes the column: a longer varchar (a widening), a shorter one, a new type, nullability.
        let sql = read("""
                    migrations.AlterField(model_name="report", name="status", field=models.CharField(choices=[("draft", "Draft")], max_length=40)),
                    migrations.AlterField(model_name="report", name="title", field=models.CharField(max_length=60)),
                    migrations.AlterField(model_name="report", name="score", field=models.BigIntegerField(null=True)),
                    migrations.AlterField(model_name="report", name="subtitle", field=models.CharField(max_length=50, null=True)),
            """)
        XCTAssertEqual(sql.fragments.map(\.sql), [
            "ALTER TABLE reports_report ALTER COLUMN status TYPE varchar(40)",
            "ALTER TABLE reports_report ALTER COLUMN title TYPE varchar(60)",
            "ALTER TABLE reports_report ALTER COLUMN score TYPE bigint",
            "ALTER TABLE reports_report ALTER COLUMN subtitle DROP NOT NULL",
        ])
        XCTAssertEqual(sql.analyze().statements.map(\.hazards), [
            [], ["varchar-length-change", "contract-without-post-phase"], ["column-type-change", "contract-without-post-phase"],
            ["client-breaking-change"],
        ])
        // A unique constraint or index gained is built; one dropped, or a database option gate does not write out,
        // keeps being read as the type change it may be.
        let constraints = read("""
                    migrations.AlterField(model_name="report", name="title", field=models.CharField(max_length=100, unique=True)),
                    migrations.AlterField(model_name="report", name="score", field=models.IntegerField(null=True, db_index=True)),
                    migrations.AlterField(model_name="report", name="subtitle", field=models.CharField(max_length=50, db_column="sub")),
            """)
        XCTAssertEqual(constraints.fragments.map(\.sql), [
            "ALTER TABLE reports_report ADD UNIQUE (title)",
            "CREATE INDEX ON reports_report (score)",
            "ALTER TABLE reports_report ALTER COLUMN subtitle TYPE varchar(50)",
        ])
        XCTAssertEqual(constraints.analyze().statements.map { $0.hazards.first }, [
            "unique-constraint-under-lock", "index-without-concurrently", "varchar-length-change",
        ])
        // A RunPython gate does not read: not read in full.
        XCTAssertFalse(read("        migrations.AlterField(model_name=\"report\", name=\"title\", field=models.CharField(max_length=100, blank=True)),\n        migrations.RunPython(fill_titles),").readInFull)
    }

    /// Without the app's history, an AlterField carrying `choices` is a choices change (Django writes one for every
    /// edit of the list), and any other keeps being read as the type it names; the migration's own earlier
    /// operations still tell a field's definition.
    func testDjangoAlterFieldWithoutHistory() {
        let script = analyze("""
            class Migration(migrations.Migration):
                operations = [
                    migrations.AlterField(model_name="report", name="status", field=models.CharField(choices=Status.choices, max_length=20)),
                    migrations.AlterField(model_name="report", name="code", field=models.CharField(max_length=8)),
                    migrations.AddField(model_name="report", name="kind", field=models.CharField(max_length=10, null=True)),
                    migrations.AlterField(model_name="report", name="kind", field=models.CharField(max_length=10, null=True, help_text="Kind")),
                ]
            """, .django, path: "reports/migrations/0007_alter_report_status.py")
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE reports_report ALTER COLUMN code TYPE varchar(8)",
            "ALTER TABLE reports_report ADD COLUMN kind varchar(10)",
        ])
        XCTAssertEqual(script.statements.first?.hazards.first, "varchar-length-change")
    }

    /// Primary keys and dropped constraints, from `op` and from a batch block (whose calls leave the table out);
    /// the downgrade's are not read.
    func testAlembicPrimaryKeysAndDroppedConstraints() {
        let script = analyze("""
            def upgrade():
                with op.batch_alter_table("user_roles", schema=None) as batch_op:
                    batch_op.drop_constraint("user_roles_pkey", type_="primary")
                    batch_op.create_primary_key("user_roles_pkey", ["user_id", "role_id"])
                    batch_op.drop_constraint(op.f("fk_user_roles_role_id_roles"), type_="foreignkey")
                op.drop_constraint("uq_orders_number", "orders", type_="unique")
                op.create_primary_key(constraint_name="pk_tags", table_name="tags", columns=["id"])
                with op.batch_alter_table("sessions") as batch:
                    batch.create_primary_key(None, ["token"])

            def downgrade():
                with op.batch_alter_table("user_roles", schema=None) as batch_op:
                    batch_op.drop_constraint("user_roles_pkey", type_="primary")
                    batch_op.create_primary_key("user_roles_pkey", ["id"])
            """, .alembic)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE user_roles DROP CONSTRAINT user_roles_pkey",
            "ALTER TABLE user_roles ADD CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role_id)",
            "ALTER TABLE user_roles DROP CONSTRAINT fk_user_roles_role_id_roles",
            "ALTER TABLE orders DROP CONSTRAINT uq_orders_number",
            "ALTER TABLE tags ADD CONSTRAINT pk_tags PRIMARY KEY (id)",
            "ALTER TABLE sessions ADD PRIMARY KEY (token)",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [3, 4, 5, 6, 7, 9])
        XCTAssertEqual(script.statements[1].hazards, ["unique-constraint-under-lock"])
        XCTAssertEqual(script.statements[0].hazards, ["client-breaking-change"])
    }

    func testAlembicDateTimeWithTimezoneIsTimestamptz() {
        let script = analyze("""
            def upgrade():
                op.add_column("invoices", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
                op.add_column("invoices", sa.Column("printed_at", sa.DateTime(), nullable=True))
                op.alter_column("invoices", "sent_at", existing_type=sa.DateTime(), type_=sa.DateTime(timezone=True))
            """, .alembic)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE invoices ADD COLUMN archived_at timestamptz",
            "ALTER TABLE invoices ADD COLUMN printed_at timestamp",
            "ALTER TABLE invoices ALTER COLUMN sent_at TYPE timestamptz",
        ])
    }

    func testAlembicExistingTypeTellsAWidening() {
        let script = analyze("""
            def upgrade():
                op.alter_column("reports", "title", existing_type=sa.String(length=50), type_=sa.String(length=200))
                op.alter_column("reports", "body", existing_type=sa.String(200), type_=sa.Text())
                op.alter_column("reports", "code", existing_type=sa.String(length=20), type_=sa.String(length=8))
                op.alter_column("reports", "owner_id", existing_type=sa.Integer(), nullable=False)
            """, .alembic)
        XCTAssertEqual(script.statements.map(\.hazards), [
            [], [], ["varchar-length-change", "contract-without-post-phase"],
            ["set-not-null", "contract-without-post-phase"],
        ])
        XCTAssertEqual(script.statements.map(\.effect), [.expand, .expand, .contract, .contract])
        // `existing_nullable` the same as `nullable`: the nullability is left as it was.
        let same = analyze("""
            def upgrade():
                with op.batch_alter_table("file") as batch_op:
                    batch_op.alter_column("meta", type_=sa.JSON(), existing_type=sa.Text(), existing_nullable=True, nullable=True)
                op.alter_column("file", "path", existing_type=sa.Text(), existing_nullable=False, nullable=True)
            """, .alembic)
        XCTAssertEqual(same.statements.map(\.statement.text), [
            "ALTER TABLE file ALTER COLUMN meta TYPE json",
            "ALTER TABLE file ALTER COLUMN path DROP NOT NULL",
        ])
    }

    /// Django's RunSQL is parsed whether it is one string or a list of them.
    func testDjangoRunSQLStringsAndLists() {
        let script = analyze("""
            from django.db import migrations

            class Migration(migrations.Migration):
                operations = [
                    migrations.RunSQL("CREATE INDEX reports_owner ON reports (owner_id)", migrations.RunSQL.noop),
                    migrations.RunSQL(sql=["ALTER TABLE reports DROP COLUMN legacy", "VACUUM FULL reports"]),
                ]
            """, .django, path: "reports/migrations/0003_tidy.py")
        XCTAssertEqual(script.statements.map(\.statement.line), [5, 6, 6])
        XCTAssertEqual(script.statements.map { $0.hazards.first }, [
            "index-without-concurrently", "drop-column", "table-rewrite",
        ])
    }

    /// SQL passed as a literal is reported where it is written: a `RunSQL(` or `op.execute(` whose SQL opens on a later
    /// line, each statement of a triple-quoted script, a heredoc below `execute`, each string of a RunSQL list.
    func testRawSQLStatementsAreReportedOnTheirOwnLines() {
        let django = analyze("""
            from django.db import migrations

            class Migration(migrations.Migration):
                operations = [
                    migrations.RunSQL(
                        "CREATE INDEX shop_order_number_lower ON shop_order (lower(number));",
                        reverse_sql="DROP INDEX shop_order_number_lower;",
                    ),
                    migrations.RunSQL(
                        sql=\"\"\"
                            SET lock_timeout = '2s';
                            ALTER TABLE shop_order DROP COLUMN coupon_code;
                        \"\"\",
                        reverse_sql=migrations.RunSQL.noop,
                    ),
                    migrations.RunSQL(sql=[
                        "ALTER TABLE shop_order DROP COLUMN legacy",
                        "ALTER TABLE shop_order DROP COLUMN legacy_note",
                    ]),
                ]
            """, .django, path: "shop/migrations/0002_tidy.py")
        XCTAssertEqual(django.statements.map(\.statement.line), [6, 11, 12, 17, 18])
        XCTAssertEqual(django.statements.first?.statement.column, 14)
        let alembic = analyze("""
            def upgrade() -> None:
                op.execute(
                    \"\"\"
                    ALTER TABLE invoices DROP COLUMN amount;
                    \"\"\"
                )


            def downgrade() -> None:
                pass
            """, .alembic)
        XCTAssertEqual(alembic.statements.map(\.statement.line), [4])
        let rails = analyze("""
            class DropLegacyRole < ActiveRecord::Migration[7.1]
              def up
                execute <<~SQL
                  ALTER TABLE users DROP COLUMN legacy_role;
                SQL
                execute "ALTER TABLE users DROP COLUMN legacy_flag"
              end
            end
            """, .rails)
        XCTAssertEqual(rails.statements.map(\.statement.line), [4, 6])
        let typeorm = analyze("""
            export class DropAmount1718000000000 implements MigrationInterface {
              public async up(queryRunner: QueryRunner): Promise<void> {
                await queryRunner.query(`
                  ALTER TABLE "invoices" DROP COLUMN "amount";
                  ALTER TABLE "invoices" DROP COLUMN "currency";
                `);
              }
            }
            """, .typeorm)
        XCTAssertEqual(typeorm.statements.map(\.statement.line), [4, 5])
    }

    /// An Atlas HCL schema: the blocks a change adds or removes read as the SQL Atlas will plan.
    func testAtlasSchemaChanges() {
        let head = """
            table "reports" {
              schema = schema.public
              column "id" {
                null = false
                type = bigint
              }
              column "summary" {
                null = true
                type = text
              }
              column "status" {
                type = varchar(20)
              }
              column "owner_id" {
                null = false
                type = bigint
              }
              index "reports_owner" {
                columns = [column.owner_id]
              }
            }
            table "notes" {
              column "id" {
                type = bigint
              }
              primary_key {
                columns = [column.id]
              }
            }
            """
        let added: Set<Int> = Set(7...13).union([15, 18, 19, 20]).union(22...30)
        let fragments = AtlasSchemaReader.fragments(
            head: Array(head.utf8), added: { added.contains($0) },
            removed: [(beforeLine: 21, text: "  column \"legacy\" {"), (beforeLine: 22, text: "table \"drafts\" {")])
        XCTAssertEqual(fragments.map(\.sql), [
            "ALTER TABLE reports ADD COLUMN summary text",
            "ALTER TABLE reports ADD COLUMN status varchar(20) NOT NULL",
            "ALTER TABLE reports ALTER COLUMN owner_id SET NOT NULL",
            "CREATE INDEX reports_owner ON reports (owner_id)",
            "ALTER TABLE reports DROP COLUMN legacy",
            "CREATE TABLE notes (id bigint NOT NULL, PRIMARY KEY (id))",
            "DROP TABLE drafts",
        ])
        let script = MigrationScript.analyze(fragments: fragments, options: AnalysisOptions(requireLockTimeout: false))
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "", "not-null-without-default", "set-not-null", "index-without-concurrently", "drop-column", "", "drop-table",
        ])
    }
}
