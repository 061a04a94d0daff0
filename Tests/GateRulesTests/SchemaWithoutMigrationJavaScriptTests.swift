import GateCore
import XCTest
@testable import GateRules

/// `schema-without-migration` on the models of JavaScript and TypeScript ORMs: TypeORM, MikroORM, Sequelize and
/// sequelize-typescript, against the project's JavaScript migrations.
final class SchemaWithoutMigrationJavaScriptTests: XCTestCase {
    private func findings(_ example: DetectorExample) -> [Finding] { example.findings(of: SchemaWithoutMigrationDetector()) }

    private let typeORMInit = (
        path: "src/migration/1700000000000-Init.ts",
        text: """
            import { MigrationInterface, QueryRunner } from "typeorm";
            export class Init1700000000000 implements MigrationInterface {
                public async up(queryRunner: QueryRunner): Promise<void> {
                    await queryRunner.query(`CREATE TABLE "ticket" ("id" SERIAL NOT NULL, "title" character varying NOT NULL, "ai_summary" text)`);
                }
            }

            """)

    private let ticketBase = """
        import { Entity, PrimaryGeneratedColumn, Column } from "typeorm";
        @Entity()
        export class Ticket {
            @PrimaryGeneratedColumn()
            id: number;

            @Column()
            title: string;
        }

        """

    func testANewEntityIsReportedOnceAtItsClassAndItsColumnsWithIt() throws {
        let found = findings(DetectorExample(
            """
            import { Entity, PrimaryGeneratedColumn, Column } from "typeorm";

            @Entity({ name: "reports" })
            export class Report {
                @PrimaryGeneratedColumn("uuid")
                id: string;

                @Column("text")
                body: string;
            }
            """,
            path: "src/entity/Report.ts", alongside: [typeORMInit]))
        XCTAssertEqual(found.count, 1)
        let finding = try XCTUnwrap(found.first)
        XCTAssertEqual(finding.line, 4)
        XCTAssertTrue(finding.message.hasPrefix("declares Report that no migration under src/migration creates"), finding.message)
        XCTAssertTrue(finding.message.contains("typeorm migration:generate"), finding.message)
    }

    func testAColumnUnderAnyNameItsNamingStrategyMayGiveCountsAsCreated() {
        // `aiSummary` is `ai_summary` under a snake-case strategy; `modelName` is named by its options.
        let example = DetectorExample(
            """
            import { Entity, PrimaryGeneratedColumn, Column, ManyToOne } from "typeorm";
            @Entity()
            export class Ticket {
                @PrimaryGeneratedColumn()
                id: number;

                @Column()
                title: string;

                @Column({ type: "text", nullable: true })
                aiSummary: string | null;

                @Column("varchar", { name: "model_name", length: 64 })
                public readonly modelName!: string;

                @ManyToOne(() => User, (user) => user.tickets)
                owner: User;

                @Column(() => Address)
                shippingAddress: Address;

                label(): string { return this.title; }
            }
            """,
            path: "src/entity/Ticket.ts", base: ticketBase, alongside: [typeORMInit])
        let found = findings(example)
        XCTAssertEqual(found.map(\.line), [14])
        XCTAssertTrue(found.first?.message.hasPrefix("declares Ticket.modelName that") == true, found.first?.message ?? "")

        var migrated = example
        migrated.alongside.append((
            "src/migration/1700000000001-ModelName.ts",
            "export class ModelName1700000000001 { async up(q) { await q.query(`ALTER TABLE \"ticket\" ADD \"model_name\" varchar(64)`); } }\n"))
        XCTAssertEqual(findings(migrated), [])
    }

    func testAProjectWithNoJavaScriptMigrationsSynchronisesAndIsNotJudged() {
        let example = DetectorExample(
            ticketBase.replacingOccurrences(of: "    title: string;\n", with: "    title: string;\n\n    @Column()\n    summary: string;\n"),
            path: "src/entity/Ticket.ts", base: ticketBase, alongside: [("src/data-source.ts", "export const source = { synchronize: true };\n")])
        XCTAssertEqual(findings(example), [])
    }

    func testAnEditedColumnIsNotReported() {
        let base = ticketBase.replacingOccurrences(of: "    @Column()\n    title", with: "    @Column({ length: 80 })\n    title")
        let example = DetectorExample(
            ticketBase.replacingOccurrences(of: "    @Column()\n    title", with: "    @Column({ length: 120 })\n    title"),
            path: "src/entity/Ticket.ts", base: base, alongside: [("src/migrations/0001-init.js", "module.exports = {};\n")])
        XCTAssertEqual(findings(example), [])
    }

    func testMikroORMAccessorsAndUnpersistedPropertiesHaveNoColumn() {
        let example = DetectorExample(
            """
            import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
            @Entity()
            export class Ticket {
              @PrimaryKey()
              id!: number;

              @Property({ type: 'text', nullable: true })
              aiSummary?: string;

              @Property({ fieldName: 'tokens_used' })
              tokensUsed = 0;

              @Property({ persist: false })
              get label() { return `#${this.id}`; }

              @Property({ persist: false })
              preview?: string;
            }
            """,
            path: "src/entities/Ticket.ts",
            base: "import { Entity, PrimaryKey } from '@mikro-orm/core';\n@Entity()\nexport class Ticket {\n  @PrimaryKey()\n  id!: number;\n}\n",
            alongside: [(
                "src/migrations/Migration20240101000000.ts",
                "export class Migration20240101000000 extends Migration {\n  async up() {\n    this.addSql('create table \"ticket\" (\"id\" serial primary key, \"ai_summary\" text);');\n  }\n}\n")])
        let found = findings(example)
        XCTAssertEqual(found.map(\.line), [11])
        XCTAssertTrue(found.first?.message.contains("declares Ticket.tokensUsed that") == true, found.first?.message ?? "")
        XCTAssertTrue(found.first?.message.contains("mikro-orm migration:create") == true, found.first?.message ?? "")
    }

    func testSequelizeDefineAndDecoratedTablesAreRead() {
        let migrations = [
            ("migrations/20240101000000-create-tickets.js",
             "module.exports = { async up(queryInterface, Sequelize) { await queryInterface.createTable('Tickets', { id: Sequelize.INTEGER, title: Sequelize.STRING }); } };\n"),
        ]
        let defined = findings(DetectorExample(
            """
            const { DataTypes } = require('sequelize');
            module.exports = (sequelize) => sequelize.define('Report', {
              body: { type: DataTypes.TEXT, allowNull: false },
            }, { tableName: 'reports' });
            """,
            path: "models/report.js", alongside: migrations))
        XCTAssertEqual(defined.map(\.line), [2])
        XCTAssertTrue(defined.first?.message.hasPrefix("declares Report that") == true, defined.first?.message ?? "")

        let decorated = findings(DetectorExample(
            """
            import { Table, Column, Model, DataType } from 'sequelize-typescript';
            @Table({ tableName: 'Tickets' })
            export class Ticket extends Model {
              @Column(DataType.STRING)
              declare title: string;
              @Column({ type: DataType.DECIMAL, field: 'cost_usd' })
              declare costUsd: number;
            }
            """,
            path: "src/models/Ticket.ts", alongside: migrations))
        XCTAssertEqual(decorated.map(\.line), [7])
        XCTAssertTrue(decorated.first?.message.hasPrefix("declares Ticket.costUsd that") == true, decorated.first?.message ?? "")
    }

    func testAnInitCallThatIsNoSequelizeModelIsNotRead() {
        let found = findings(DetectorExample(
            """
            import { Sequelize } from 'sequelize';
            import * as Sentry from '@sentry/node';
            export const sequelize = new Sequelize(process.env.DATABASE_URL);
            Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.2 }, { debug: false });
            """,
            path: "src/db.ts",
            alongside: [("migrations/20240101000000-create-tickets.js", "module.exports = {};\n")]))
        XCTAssertEqual(found, [])
    }
}

/// The readers of models and writes in code end on any prefix of a file (a change cut short, a file being typed):
/// unbalanced brackets and strings never make them loop or read out of bounds.
final class CodeModelReaderRobustnessTests: XCTestCase {
    func testEveryPrefixOfAModelOrWriteFileIsReadToItsEnd() {
        let typeScript = """
            import { Entity, Column, Property } from "typeorm";
            @Entity({ name: "tickets" }) @Index(["a"])
            export class Ticket { @Column("varchar", { name: "x" }) @Other() public readonly title!: string;
              @Column(() => Address) address: Address; @Property({ persist: false }) get label() { return ""; } }
            Ticket.init({ a: DataTypes.TEXT, b: { type: DataTypes.VIRTUAL, field: "c" } }, { sequelize, tableName: "t" });
            await supabase.from("tickets").update({ summary, "x": 1, ...rest }).eq("id", id);
            await db.insertInto("tickets").values([{ a: 1 }]).execute();
            """
        let go = """
            type Ticket struct {
            \tgorm.Model
            \tSummary string `gorm:"column:summary;type:text"`
            }
            func (Ticket) TableName() string { return "tickets" }
            """
        let bytes = Array(typeScript.utf8), goBytes = Array(go.utf8)
        for end in 0...bytes.count {
            let prefix = Array(bytes[..<end])
            _ = JavaScriptModelDeclarations.read(prefix, language: .typescript, orm: .typeORM)
            _ = JavaScriptModelDeclarations.read(prefix, language: .javascript, orm: .sequelize)
            _ = QueryBuilderWrites.read(prefix, language: .typescript)
        }
        for end in 0...goBytes.count { _ = GormModels.read(Array(goBytes[..<end])) }
        XCTAssertEqual(JavaScriptModelDeclarations.read(bytes, language: .typescript, orm: .typeORM).map(\.shown),
                       ["Ticket", "Ticket.title"])
        XCTAssertEqual(QueryBuilderWrites.read(bytes, language: .typescript).map(\.table), ["tickets", "tickets"])
    }
}
