import GateCore
import GateSQL
import XCTest
@testable import GateRules

/// Laravel, Doctrine and EF Core migrations are migrations for the schema rules: judged statement by statement,
/// never DDL in code, and their drops are blocked while head code still uses what they drop.
final class PHPAndDotNetMigrationLinkTests: XCTestCase {
    func run(_ files: [SourceFile], head: [String: String] = [:]) throws -> ChangeAnalysisResult {
        var analyzer = SchemaChangeAnalyzer()
        for file in files { analyzer.observe(file, context: DetectionContext()) }
        return try analyzer.finish(head: InMemoryHeadTree(files: head), context: DetectionContext())
    }

    static let laravelDrop = """
        <?php

        use Illuminate\\Database\\Migrations\\Migration;
        use Illuminate\\Database\\Schema\\Blueprint;
        use Illuminate\\Support\\Facades\\Schema;

        return new class extends Migration
        {
            public function up(): void
            {
                Schema::table('users', function (Blueprint $table) {
                    $table->dropColumn('nickname');
                });
            }

            public function down(): void
            {
                Schema::table('users', function (Blueprint $table) {
                    $table->string('nickname')->nullable();
                });
            }
        };
        """

    func testALaravelDropStillUsedByAModelIsBlocked() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "database/migrations/2024_05_01_120000_drop_nickname_from_users.php", head: Self.laravelDrop)
        let analysis = SchemaFileAnalysis.of(migration, context: DetectionContext())
        XCTAssertTrue(analysis.isMigration)
        XCTAssertEqual(analysis.script?.statements.map(\.effect), [.contract])
        let model = "<?php\nnamespace App\\Models;\n\nclass User extends Model\n{\n    public function label(): string { return $this->nickname; }\n}\n"
        let result = try run([migration], head: ["app/Models/User.php": model])
        let finding = try XCTUnwrap(result.findings.first)
        XCTAssertEqual(finding.rule, "contract-still-used")
        XCTAssertEqual(finding.line, 12)
        XCTAssertTrue(finding.message.hasPrefix("drops users.nickname, which app/Models/User.php:6 still uses"), finding.message)

        let clean = "<?php\nnamespace App\\Models;\n\nclass User extends Model\n{\n    public function label(): string { return $this->handle; }\n}\n"
        XCTAssertEqual(try run([migration], head: ["app/Models/User.php": clean]).findings, [])
    }

    func testAnEFCoreDropStillUsedByAnEntityIsBlocked() throws {
        let migration = SchemaTestFiles.sourceFile(path: "Migrations/20240501120000_DropCoupon.cs", head: """
            using Microsoft.EntityFrameworkCore.Migrations;

            namespace Shop.Migrations
            {
                public partial class DropCoupon : Migration
                {
                    protected override void Up(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.DropColumn(
                            name: "Coupon",
                            table: "Orders");
                    }

                    protected override void Down(MigrationBuilder migrationBuilder)
                    {
                        migrationBuilder.AddColumn<string>(name: "Coupon", table: "Orders", type: "text", nullable: true);
                    }
                }
            }
            """)
        let service = "namespace Shop;\n\npublic class OrderService\n{\n    public string Describe(Order order) => order.Coupon ?? \"\";\n}\n"
        let result = try run([migration], head: ["Services/OrderService.cs": service])
        let finding = try XCTUnwrap(result.findings.first)
        XCTAssertEqual(finding.line, 9)
        XCTAssertTrue(finding.message.hasPrefix("drops Orders.Coupon, which Services/OrderService.cs:5 still uses"), finding.message)
        // The Designer file of an earlier migration records the model as it was: no use.
        let designer = """
            [Migration("20230101000000_Init")]
            partial class Init
            {
                protected override void BuildTargetModel(ModelBuilder modelBuilder)
                {
                    modelBuilder.Entity("Shop.Models.Order", b =>
                        {
                            b.Property<string>("Coupon").HasColumnType("text");
                            b.ToTable("Orders");
                        });
                }
            }
            """
        XCTAssertEqual(try run([migration], head: [
            "Services/OrderService.cs": "namespace Shop;\npublic class OrderService {}\n",
            "Migrations/20230101000000_Init.Designer.cs": designer,
        ]).findings, [])
        // The model snapshot is the model at head: still mapping the column, EF still selects it.
        XCTAssertEqual(try run([migration], head: ["Migrations/ShopContextModelSnapshot.cs": designer]).findings.count, 1)
    }

    /// A Doctrine migration's SQL is a migration's, not DDL in application code; the generated `down()` is not read.
    func testDoctrineSQLIsAMigrationNotDDLInCode() throws {
        let migration = SchemaTestFiles.sourceFile(path: "migrations/Version20240501120000.php", head: """
            <?php

            namespace DoctrineMigrations;

            use Doctrine\\DBAL\\Schema\\Schema;
            use Doctrine\\Migrations\\AbstractMigration;

            final class Version20240501120000 extends AbstractMigration
            {
                public function up(Schema $schema): void
                {
                    $this->addSql('ALTER TABLE product ADD weight INT DEFAULT 0 NOT NULL');
                }

                public function down(Schema $schema): void
                {
                    $this->addSql('ALTER TABLE product DROP weight');
                }
            }
            """)
        let analysis = SchemaFileAnalysis.of(migration, context: DetectionContext())
        XCTAssertEqual(analysis.kind, .migration(MigrationFileKind(format: .doctrine, framework: "doctrine")))
        XCTAssertEqual(analysis.script?.statements.map(\.statement.line), [12])
        XCTAssertTrue(analysis.isExpandOnly)
        XCTAssertEqual(try run([migration]).migrations.map(\.path), ["migrations/Version20240501120000.php"])
    }

    /// A schema dump (Laravel's `schema:dump`, Rails' `db/structure.sql`) is written from the database: its DDL is
    /// no DDL in code, and its columns are no use of them.
    func testSchemaDumpsAreNeitherDDLInCodeNorUses() throws {
        let dump = "CREATE TABLE public.users (\n    id bigint NOT NULL,\n    nickname character varying(255)\n);\n"
        for path in ["database/schema/pgsql-schema.sql", "db/structure.sql", "db/animals_structure.sql"] {
            let file = SchemaTestFiles.sourceFile(path: path, head: dump)
            XCTAssertEqual(SchemaFileAnalysis.of(file, context: DetectionContext()).kind, .none, path)
        }
        XCTAssertEqual(SchemaFileAnalysis.of(
            SchemaTestFiles.sourceFile(path: "database/queries/setup.sql", head: dump), context: DetectionContext()).kind, .ddlInCode)
        let migration = SchemaTestFiles.sourceFile(
            path: "database/migrations/2024_05_01_120000_drop_nickname_from_users.php", head: Self.laravelDrop)
        XCTAssertEqual(try run([migration], head: ["database/schema/pgsql-schema.sql": dump]).findings, [])
        XCTAssertEqual(try run([migration], head: ["database/setup/users.sql": dump]).findings.count, 1)
    }

    /// A seeder writing the table, or a model, is application code: no migration, no DDL.
    func testLaravelSeedersAndModelsAreNotMigrations() {
        let seeder = SchemaTestFiles.sourceFile(path: "database/seeders/UserSeeder.php", head: """
            <?php

            namespace Database\\Seeders;

            use Illuminate\\Support\\Facades\\DB;
            use Illuminate\\Support\\Facades\\Schema;

            class UserSeeder extends Seeder
            {
                public function run(): void
                {
                    Schema::disableForeignKeyConstraints();
                    DB::table('users')->insert(['nickname' => 'ada']);
                }
            }
            """)
        XCTAssertEqual(SchemaFileAnalysis.of(seeder, context: DetectionContext()).kind, .none)
    }
}
