import XCTest
@testable import GateSQL

/// Schema changes made through an ORM or a schema builder: the call's name and what it is made on.
final class ORMSchemaCallsTests: XCTestCase {
    private func calls(_ source: String, _ language: ORMSchemaCalls.Language) -> [String] {
        ORMSchemaCalls.find(in: Array(source.utf8), language: language).map { "\($0.line) \($0.call)" }
    }

    func testJavaScriptSchemaBuildersAndSyncs() {
        let source = """
            await knex.schema.createTable("sessions", (t) => t.string("sid"));
            await this.db.schema.withSchema("audit").alterTable("events", (t) => t.text("source"));
            await knex.schema.hasTable("sessions");
            // await knex.schema.dropTable("sessions");
            const label = "knex.schema.dropTable(x)";
            await Shipment.sync({ force: true });
            await searchIndex.sync();
            table.string("name");
            await db.schema.createIndex("idx_events_kind").on("events").column("kind").execute();
            """
        XCTAssertEqual(calls(source, .javaScript), [
            "1 knex.schema.createTable", "2 this.db.schema.withSchema(\"audit\").alterTable", "6 Shipment.sync",
            "9 db.schema.createIndex",
        ])
        XCTAssertEqual(calls("import { Sequelize } from \"sequelize\";\nawait db.sync();\n", .javaScript), ["2 db.sync"])
        XCTAssertEqual(calls("import { DataSource } from \"typeorm\";\nnew DataSource({ synchronize: true });\n", .javaScript),
                       ["2 synchronize: true"])
        XCTAssertEqual(calls("import { DataSource } from \"typeorm\";\nnew DataSource({ synchronize: false });\n", .javaScript), [])
        XCTAssertEqual(calls("const options = { synchronize: true };\n", .javaScript), [])
    }

    func testPythonCreateAllAndItsReference() {
        let source = """
            Base.metadata.create_all(bind=engine)
            await conn.run_sync(Base.metadata.drop_all)
            db.create_all()
            # Base.metadata.create_all(engine)
            items.create_all(rows)
            """
        XCTAssertEqual(calls(source, .python), ["1 Base.metadata.create_all", "2 Base.metadata.drop_all", "3 db.create_all"])
    }

    func testOtherLanguages() {
        XCTAssertEqual(calls("db.AutoMigrate(&User{})\nclient.Schema.Create(ctx)\ndb.NewCreateTable().Model(m)\nrepo.Create(ctx, u)\n", .go),
                       ["1 db.AutoMigrate", "2 client.Schema.Create", "3 db.NewCreateTable"])
        XCTAssertEqual(calls("ActiveRecord::Base.connection.add_column :users, :archived, :boolean\nuser.add_index(1)\n", .ruby),
                       ["1 ActiveRecord::Base.connection.add_column"])
        XCTAssertEqual(calls("Schema::table('t', fn ($t) => $t->string('x'));\nSchema::hasColumn('t', 'x');\nDB::table('t')->get();\n", .php),
                       ["1 Schema::table"])
        XCTAssertEqual(calls("db.Database.EnsureCreated();\ndb.Database.Migrate();\n", .csharp), ["1 db.Database.EnsureCreated"])
    }
}
