import XCTest
@testable import GateSQL

/// Laravel, Doctrine and EF Core migrations are found by their layout and read into the SQL they run.
final class PHPAndDotNetMigrationTests: XCTestCase {
    func analyze(_ text: String, _ format: MigrationFormat) -> MigrationScript {
        FrameworkMigrationReader.read(Array(text.utf8), format: format).analyze()
    }

    func kind(_ path: String, _ head: String) -> MigrationFileKind? {
        MigrationLayout.classify(path, head: Array(head.utf8))
    }

    static let laravel = """
        <?php

        use Illuminate\\Database\\Migrations\\Migration;
        use Illuminate\\Database\\Schema\\Blueprint;
        use Illuminate\\Support\\Facades\\DB;
        use Illuminate\\Support\\Facades\\Schema;

        return new class extends Migration
        {
            public function up(): void
            {
                Schema::table('users', function (Blueprint $table) {
                    $table->dropColumn(['nickname', 'legacy_flag']);
                    $table->string('handle');
                    $table->string('timezone', 64)->default('UTC');
                    $table->text('bio')->nullable();
                    $table->renameColumn('name', 'full_name');
                    $table->index(['team_id', 'created_at']);
                    // $table->dropColumn('avatar');
                    $table->foreignId('team_id')->nullable()->constrained()->nullOnDelete();
                });
                DB::statement('ALTER TABLE users ALTER COLUMN email SET NOT NULL');
                Schema::create('tags', function (Blueprint $table) {
                    $table->id();
                    $table->string('name')->unique();
                    $table->timestamps();
                });
                Schema::dropIfExists('drafts');
            }

            public function down(): void
            {
                Schema::table('users', function (Blueprint $table) {
                    $table->string('nickname')->nullable();
                });
            }
        };
        """

    func testLaravelSchemaBuilder() {
        XCTAssertEqual(kind("database/migrations/2024_05_01_120000_update_users.php", Self.laravel)?.format, .laravel)
        let script = analyze(Self.laravel, .laravel)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE users DROP COLUMN nickname, DROP COLUMN legacy_flag",
            "ALTER TABLE users ADD COLUMN handle varchar(255) NOT NULL",
            "ALTER TABLE users ADD COLUMN timezone varchar(64) NOT NULL DEFAULT 'UTC'",
            "ALTER TABLE users ADD COLUMN bio text",
            "ALTER TABLE users RENAME COLUMN name TO full_name",
            "CREATE INDEX users_team_id_created_at_index ON users (team_id, created_at)",
            "ALTER TABLE users ADD COLUMN team_id bigint",
            "ALTER TABLE users ADD CONSTRAINT users_team_id_foreign FOREIGN KEY (team_id) REFERENCES teams (id)",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
            "CREATE TABLE tags (id bigserial PRIMARY KEY, name varchar(255) NOT NULL, created_at timestamp, updated_at timestamp)",
            "ALTER TABLE tags ADD CONSTRAINT tags_name_unique UNIQUE (name)",
            "DROP TABLE drafts",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [13, 14, 15, 16, 17, 18, 20, 20, 22, 23, 25, 28])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "drop-column", "not-null-without-default", "", "", "rename", "index-without-concurrently", "",
            "constraint-without-not-valid", "set-not-null", "prefer-timestamptz", "", "drop-table",
        ])
        // The new table's unique constraint is no lock on a live table.
        XCTAssertEqual(script.statements[10].effect, .expand)
    }

    /// `->change()` redefines the column as the chain says (Laravel 11): a nullable chain drops the NOT NULL.
    func testLaravelChangeAndTransactions() {
        let changed = analyze("""
            <?php
            return new class extends Migration {
                public function up(): void
                {
                    Schema::connection('pgsql')->table('orders', function (Blueprint $table) {
                        $table->string('reference', 40)->nullable()
                            ->change();
                    });
                }
            };
            """, .laravel)
        XCTAssertEqual(changed.statements.map(\.statement.text), [
            "ALTER TABLE orders ALTER COLUMN reference TYPE varchar(40)",
            "ALTER TABLE orders ALTER COLUMN reference DROP NOT NULL",
            "ALTER TABLE orders ALTER COLUMN reference DROP DEFAULT",
        ])
        XCTAssertEqual(changed.statements.map(\.statement.line), [6, 6, 6])

        // Laravel runs a Postgres migration in a transaction unless `$withinTransaction = false`.
        let concurrent = """
            <?php
            return new class extends Migration {
                public $withinTransaction = false;

                public function up(): void
                {
                    DB::statement(<<<'SQL'
                        CREATE INDEX CONCURRENTLY orders_placed_at_index ON orders (placed_at)
                        SQL);
                    DB::table('orders')->update(['archived' => false]);
                }
            };
            """
        // PHP strings span lines; a quote in a comment is no string.
        let multiline = analyze("""
            <?php
            return new class extends Migration {
                public function up(): void
                {
                    // Don't lock the table for long.
                    DB::statement('
                        ALTER TABLE orders
                        DROP COLUMN legacy_total
                    ');
                    Schema::table('orders', function (Blueprint $table) {
                        $table->dropColumn('coupon');
                    });
                }
            };
            """, .laravel)
        // The statement is reported where its SQL is written, not on the `DB::statement(` line.
        XCTAssertEqual(multiline.statements.map(\.statement.line), [7, 11])
        XCTAssertEqual(multiline.statements.map { $0.hazards.first ?? "" }, ["drop-column", "drop-column"])

        // A table named by an expression is judged under a name of its own.
        let configured = analyze("""
            <?php
            return new class extends Migration {
                public function up(): void
                {
                    Schema::table($tableNames['roles'], function (Blueprint $table) {
                        $table->dropColumn('guard_name');
                    });
                }
            };
            """, .laravel)
        XCTAssertEqual(configured.statements.map(\.statement.text), ["ALTER TABLE \"tableNames_roles\" DROP COLUMN guard_name"])

        let outside = analyze(concurrent, .laravel)
        XCTAssertEqual(outside.statements.count, 1)
        XCTAssertEqual(outside.statements[0].hazards, [])
        let inside = analyze(concurrent.replacingOccurrences(of: "public $withinTransaction = false;", with: ""), .laravel)
        XCTAssertEqual(inside.statements.first?.hazards, ["concurrently-in-transaction"])
    }

    /// Blueprint helpers that add or drop several columns, and the constraint a foreign id's drop takes with it.
    func testLaravelMultiColumnHelpers() {
        let script = analyze("""
            <?php
            return new class extends Migration {
                public function up(): void
                {
                    Schema::table('comments', function (Blueprint $table) {
                        $table->morphs('commentable');
                        $table->softDeletes();
                        $table->dropTimestamps();
                        $table->dropConstrainedForeignId('post_id');
                    });
                }
            };
            """, .laravel)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE comments ADD COLUMN commentable_type varchar NOT NULL",
            "ALTER TABLE comments ADD COLUMN commentable_id bigint NOT NULL",
            "CREATE INDEX comments_commentable_type_commentable_id_index ON comments (commentable_type, commentable_id)",
            "ALTER TABLE comments ADD COLUMN deleted_at timestamp",
            "ALTER TABLE comments DROP COLUMN created_at, DROP COLUMN updated_at",
            "ALTER TABLE comments DROP CONSTRAINT comments_post_id_foreign",
            "ALTER TABLE comments DROP COLUMN post_id",
        ])
    }

    func testDoctrine() {
        let text = """
            <?php

            declare(strict_types=1);

            namespace DoctrineMigrations;

            use Doctrine\\DBAL\\Schema\\Schema;
            use Doctrine\\Migrations\\AbstractMigration;

            final class Version20240501120000 extends AbstractMigration
            {
                public function up(Schema $schema): void
                {
                    // this up() migration is auto-generated, please modify it to your needs
                    $this->addSql('ALTER TABLE product DROP sku_code');
                    $this->addSql('ALTER TABLE product ADD weight INT NOT NULL');
                }

                public function down(Schema $schema): void
                {
                    // this down() migration is auto-generated, please modify it to your needs
                    $this->addSql('ALTER TABLE product ADD sku_code VARCHAR(64) NOT NULL');
                }
            }
            """
        XCTAssertEqual(kind("migrations/Version20240501120000.php", text)?.format, .doctrine)
        XCTAssertEqual(kind("src/Migrations/Version20240501120000.php", text)?.format, .doctrine)
        XCTAssertEqual(kind("app/DoctrineMigrations/Version20240501120000.php", text)?.format, .doctrine)
        let script = analyze(text, .doctrine)
        XCTAssertEqual(script.statements.map(\.statement.line), [15, 16])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, ["drop-column", "not-null-without-default"])
        XCTAssertFalse(FrameworkMigrationReader.targetsOtherDatabase(Array(text.utf8), format: .doctrine))
        let mysql = text.replacingOccurrences(
            of: "    {\n        // this up()",
            with: "    {\n        $this->abortIf(!$this->connection->getDatabasePlatform() instanceof MySQLPlatform, 'MySQL only');\n        // this up()")
        XCTAssertTrue(FrameworkMigrationReader.targetsOtherDatabase(Array(mysql.utf8), format: .doctrine))

        let nonTransactional = analyze("""
            <?php
            final class Version20240502 extends AbstractMigration
            {
                public function isTransactional(): bool
                {
                    return false;
                }

                public function up(Schema $schema): void
                {
                    $this->addSql('CREATE INDEX CONCURRENTLY idx_product_sku ON product (sku)');
                }
            }
            """, .doctrine)
        XCTAssertEqual(nonTransactional.statements.first?.hazards, [])
    }

    /// Doctrine's schema API: each operation on the table last fetched or created; DBAL columns are NOT NULL
    /// unless `'notnull' => false`.
    func testDoctrineSchemaAPI() {
        let script = analyze("""
            <?php
            final class Version20240504 extends AbstractMigration
            {
                public function up(Schema $schema): void
                {
                    $table = $schema->getTable('customer');
                    $table->dropColumn('fax');
                    $table->addColumn('locale', Types::STRING, ['length' => 8]);
                    $table->addColumn('nickname', 'string', ['notnull' => false]);
                    $table->addIndex(['locale'], 'idx_customer_locale');

                    $tags = $schema->createTable('tag');
                    $tags->addColumn('name', 'string');
                    $tags->addUniqueIndex(['name']);
                }

                public function down(Schema $schema): void
                {
                    $schema->dropTable('tag');
                }
            }
            """, .doctrine)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE customer DROP COLUMN fax",
            "ALTER TABLE customer ADD COLUMN locale varchar(8) NOT NULL",
            "ALTER TABLE customer ADD COLUMN nickname varchar",
            "CREATE INDEX idx_customer_locale ON customer (locale)",
            "CREATE TABLE tag (name varchar NOT NULL)",
            "CREATE UNIQUE INDEX ON tag (name)",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [7, 8, 9, 10, 12, 14])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "drop-column", "not-null-without-default", "", "index-without-concurrently", "", "",
        ])
    }

    static let efCore = """
        using Microsoft.EntityFrameworkCore.Migrations;

        #nullable disable

        namespace Shop.Migrations
        {
            /// <inheritdoc />
            public partial class ReworkOrders : Migration
            {
                /// <inheritdoc />
                protected override void Up(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropColumn(
                        name: "Coupon",
                        table: "Orders");

                    migrationBuilder.AddColumn<string>(
                        name: "Channel",
                        table: "Orders",
                        type: "text",
                        nullable: false);

                    migrationBuilder.AddColumn<int>(
                        name: "Priority",
                        table: "Orders",
                        type: "integer",
                        nullable: false,
                        defaultValue: 0);

                    migrationBuilder.AlterColumn<string>(
                        name: "Email",
                        table: "Orders",
                        type: "character varying(256)",
                        maxLength: 256,
                        nullable: true,
                        oldClrType: typeof(string),
                        oldType: "character varying(256)",
                        oldMaxLength: 256);

                    migrationBuilder.RenameColumn(
                        name: "Total",
                        table: "Orders",
                        newName: "GrandTotal");

                    migrationBuilder.CreateTable(
                        name: "Refunds",
                        columns: table => new
                        {
                            Id = table.Column<int>(type: "integer", nullable: false)
                                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                            OrderId = table.Column<int>(type: "integer", nullable: false),
                            Reason = table.Column<string>(type: "text", nullable: true)
                        },
                        constraints: table =>
                        {
                            table.PrimaryKey("PK_Refunds", x => x.Id);
                        });

                    migrationBuilder.CreateIndex(
                        name: "IX_Orders_CustomerId",
                        table: "Orders",
                        column: "CustomerId",
                        unique: true);

                    migrationBuilder.Sql(@"UPDATE ""Orders""
                        SET ""Channel"" = 'web'");
                }

                /// <inheritdoc />
                protected override void Down(MigrationBuilder migrationBuilder)
                {
                    migrationBuilder.DropTable(name: "Refunds");
                }
            }
        }
        """

    func testEFCore() {
        XCTAssertEqual(kind("Migrations/20240501120000_ReworkOrders.cs", Self.efCore)?.format, .efCore)
        XCTAssertEqual(kind("src/Shop.Data/Migrations/20240501120000_ReworkOrders.cs", Self.efCore)?.framework, "ef-core")
        let script = analyze(Self.efCore, .efCore)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            #"ALTER TABLE "Orders" DROP COLUMN "Coupon""#,
            #"ALTER TABLE "Orders" ADD COLUMN "Channel" text NOT NULL"#,
            #"ALTER TABLE "Orders" ADD COLUMN "Priority" integer NOT NULL DEFAULT 0"#,
            // The type is the old one: only the nullability changes.
            #"ALTER TABLE "Orders" ALTER COLUMN "Email" DROP NOT NULL"#,
            #"ALTER TABLE "Orders" RENAME COLUMN "Total" TO "GrandTotal""#,
            #"CREATE TABLE "Refunds" ("Id" integer NOT NULL GENERATED BY DEFAULT AS IDENTITY, "OrderId" integer NOT NULL, "Reason" text)"#,
            #"CREATE UNIQUE INDEX "IX_Orders_CustomerId" ON "Orders" ("CustomerId")"#,
            "UPDATE \"Orders\"\n                SET \"Channel\" = 'web'",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [13, 17, 23, 30, 40, 45, 59, 65])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "drop-column", "not-null-without-default", "", "client-breaking-change", "rename", "", "index-without-concurrently",
            "unbatched-backfill",
        ])

        // A type change is one when the old type differs; a longer varchar widens.
        let widened = analyze("""
            protected override void Up(MigrationBuilder migrationBuilder)
            {
                migrationBuilder.AlterColumn<string>(name: "Title", table: "Posts", type: "text", nullable: false,
                    oldClrType: typeof(string), oldType: "character varying(100)", oldMaxLength: 100);
            }
            """, .efCore)
        XCTAssertEqual(widened.statements.map(\.statement.text), [#"ALTER TABLE "Posts" ALTER COLUMN "Title" TYPE text"#])
        // varchar to text (or a longer varchar) only widens the column: catalog-only, no hazard; a shorter one does not.
        XCTAssertEqual(widened.statements[0].hazards, [])
        let lengths = analyze("""
            protected override void Up(MigrationBuilder migrationBuilder)
            {
                migrationBuilder.AlterColumn<string>(name: "Email", table: "Users", type: "character varying(512)",
                    maxLength: 512, nullable: false, oldClrType: typeof(string), oldType: "character varying(256)", oldMaxLength: 256);
                migrationBuilder.AlterColumn<string>(name: "Code", table: "Users", type: "character varying(8)",
                    maxLength: 8, nullable: false, oldClrType: typeof(string), oldType: "character varying(16)", oldMaxLength: 16);
            }
            """, .efCore)
        XCTAssertEqual(lengths.statements.map { $0.hazards.first }, [nil, "varchar-length-change"])
    }

    func testEFCoreForAnotherDatabaseIsReadByItsCLRTypes() {
        let sqlServer = """
            protected override void Up(MigrationBuilder migrationBuilder)
            {
                migrationBuilder.AddColumn<string>(name: "Note", table: "Orders", type: "nvarchar(max)", nullable: true);
            }
            """
        XCTAssertTrue(FrameworkMigrationReader.targetsOtherDatabase(Array(sqlServer.utf8), format: .efCore))
        XCTAssertEqual(analyze(sqlServer, .efCore).statements.map(\.statement.text), [#"ALTER TABLE "Orders" ADD COLUMN "Note" text"#])
    }

    /// SQL in a PHP or C# string is read as the language reads the string: `\'` in a single-quoted PHP string (as
    /// Doctrine writes defaults) and `\"` in a C# one are quotes.
    func testEscapedQuotesInSQLStrings() {
        let doctrine = analyze("""
            <?php
            final class Version20240503 extends AbstractMigration
            {
                public function up(Schema $schema): void
                {
                    $this->addSql('ALTER TABLE product ADD status VARCHAR(255) DEFAULT \\'draft\\' NOT NULL');
                }
            }
            """, .doctrine)
        XCTAssertEqual(doctrine.parseErrors, [])
        XCTAssertEqual(doctrine.statements.map(\.statement.text), ["ALTER TABLE product ADD status VARCHAR(255) DEFAULT 'draft' NOT NULL"])
        let efCore = analyze("""
            protected override void Up(MigrationBuilder migrationBuilder)
            {
                migrationBuilder.Sql("ALTER TABLE \\"Orders\\" ALTER COLUMN \\"Email\\" SET NOT NULL");
            }
            """, .efCore)
        XCTAssertEqual(efCore.statements.map(\.statement.text), [#"ALTER TABLE "Orders" ALTER COLUMN "Email" SET NOT NULL"#])
        XCTAssertEqual(efCore.statements.first?.hazards.first, "set-not-null")
    }

    func testPhinx() {
        let text = """
            <?php
            declare(strict_types=1);

            use Phinx\\Migration\\AbstractMigration;

            final class ReworkUsers extends AbstractMigration
            {
                public function change(): void
                {
                    $table = $this->table('users');
                    $table->addColumn('handle', 'string', ['limit' => 40])
                        ->addColumn('bio', 'text', ['null' => true])
                        ->removeColumn('nickname')
                        ->renameColumn('name', 'full_name')
                        ->addIndex(['email'], ['unique' => true])
                        ->update();

                    $this->table('tags')
                        ->addColumn('name', 'string')
                        ->addIndex(['name'], ['unique' => true])
                        ->create();

                    $this->table('drafts')->drop()->save();
                    $this->execute('ALTER TABLE users ALTER COLUMN email SET NOT NULL');
                }

                public function down(): void
                {
                    $this->table('users')->addColumn('nickname', 'string')->update();
                }
            }
            """
        XCTAssertEqual(kind("db/migrations/20240501120000_rework_users.php", text)?.format, .phinx)
        // CakePHP's Migrations plugin is Phinx underneath.
        XCTAssertEqual(kind("config/Migrations/20240501120000_ReworkUsers.php", "<?php\nuse Migrations\\AbstractMigration;\n")?.format, .phinx)
        let script = analyze(text, .phinx)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE users ADD COLUMN handle varchar(40) NOT NULL",
            "ALTER TABLE users ADD COLUMN bio text",
            "ALTER TABLE users DROP COLUMN nickname",
            "ALTER TABLE users RENAME COLUMN name TO full_name",
            "CREATE UNIQUE INDEX ON users (email)",
            "CREATE TABLE tags (id serial PRIMARY KEY, name varchar NOT NULL)",
            "CREATE UNIQUE INDEX ON tags (name)",
            "DROP TABLE drafts",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [11, 12, 13, 14, 15, 19, 20, 23, 24])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "not-null-without-default", "", "drop-column", "rename", "index-without-concurrently", "prefer-bigint-key", "",
            "drop-table", "set-not-null",
        ])
    }

    func testLookAlikesAreNotMigrations() {
        let model = "<?php\nnamespace App\\Models;\nuse Illuminate\\Database\\Eloquent\\Model;\nclass User extends Model {}\n"
        let seeder = "<?php\nuse Illuminate\\Support\\Facades\\DB;\nclass UserSeeder extends Seeder { public function run() { DB::table('users')->insert([]); } }\n"
        let cases: [(String, String)] = [
            ("app/Models/User.php", model),
            ("database/seeders/UserSeeder.php", seeder),
            ("database/factories/UserFactory.php", "<?php\nuse Illuminate\\Database\\Eloquent\\Factories\\Factory;\n"),
            ("tests/database/migrations/2024_01_01_000000_create_posts_table.php", Self.laravel),
            ("tests/Feature/MigrationsTest.php", Self.laravel),
            ("database/migrations/README.php", "<?php\necho 'not a migration';\n"),
            ("Migrations/20240501120000_ReworkOrders.Designer.cs", Self.efCore),
            ("Migrations/ShopContextModelSnapshot.cs", "partial class ShopContextModelSnapshot : ModelSnapshot { void BuildModel(ModelBuilder modelBuilder) {} }"),
            ("Migrations/MigrationRunner.cs", "public class MigrationRunner { public void Run() {} }"),
            ("Services/OrderService.cs", Self.efCore),
            // Code kept in a `Migrations` folder that is no migration: an importer, a helper of the migrations.
            ("app/Services/Migrations/LegacyImporter.php", "<?php\nuse Illuminate\\Support\\Facades\\DB;\nuse Illuminate\\Support\\Facades\\Schema;\nclass LegacyImporter { public function run() { Schema::disableForeignKeyConstraints(); } }\n"),
            ("Data/Migrations/MigrationHelper.cs", "public static class MigrationHelper { public static void AddAudit(MigrationBuilder migrationBuilder, string table) { migrationBuilder.AddColumn<string>(name: \"Audit\", table: table); } }"),
        ]
        for (path, head) in cases { XCTAssertNil(kind(path, head), path) }
    }

    /// Asked by path alone (the deploy's list of the migrations a check saw), the folder names the framework.
    func testPathAloneNamesTheFramework() {
        XCTAssertEqual(kind("database/migrations/2024_05_01_120000_drop_nickname.php", "")?.format, .laravel)
        XCTAssertEqual(kind("migrations/Version20240501120000.php", "")?.format, .doctrine)
        XCTAssertEqual(kind("Migrations/20240501120000_DropCoupon.cs", "")?.format, .efCore)
        XCTAssertNil(kind("Migrations/20240501120000_DropCoupon.Designer.cs", ""))
        XCTAssertNil(kind("Migrations/ShopContextModelSnapshot.cs", ""))
        XCTAssertNil(kind("database/seeders/UserSeeder.php", ""))
    }
}
