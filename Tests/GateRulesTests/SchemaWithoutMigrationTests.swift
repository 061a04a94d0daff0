import GateCore
import XCTest
@testable import GateRules

/// `schema-without-migration` beyond its examples: the layouts real projects use and what must stay silent.
final class SchemaWithoutMigrationTests: XCTestCase {
    private func findings(_ example: DetectorExample) -> [Finding] { example.findings(of: SchemaWithoutMigrationDetector()) }

    private let initialPrisma = (
        path: "prisma/migrations/20240101000000_init/migration.sql",
        text: """
            CREATE TABLE "User" ("id" TEXT NOT NULL, "email" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
            CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT NOT NULL, "title" TEXT NOT NULL);

            """)

    func testANewModelIsReportedOnceWithItsColumnsAndARelationFieldIsNoColumn() throws {
        let found = findings(DetectorExample(
            """
            model User {
              id       String    @id
              email    String
              posts    Post[]
              invoices Invoice[]
            }

            model Post {
              id       String @id
              authorId String
              title    String
            }

            model Invoice {
              id     String @id
              userId String
              user   User   @relation(fields: [userId], references: [id])
              amountCents Int @map("amount_cents")
              @@map("invoices")
            }
            """,
            path: "prisma/schema.prisma",
            base: """
                model User {
                  id       String    @id
                  email    String
                  posts    Post[]
                }

                model Post {
                  id       String @id
                  authorId String
                  title    String
                }
                """,
            alongside: [initialPrisma]))
        XCTAssertEqual(found.count, 1)
        let finding = try XCTUnwrap(found.first)
        XCTAssertEqual(finding.line, 14)
        XCTAssertTrue(finding.message.hasPrefix("declares invoices that no migration under prisma/migrations creates"), finding.message)
        XCTAssertTrue(finding.message.contains("prisma migrate dev"), finding.message)
        XCTAssertEqual(finding.tier, .high)
    }

    func testAMultiFileSchemaIsComparedWithTheMigrationsBesideItsFolder() {
        let example = DetectorExample(
            """
            model Post {
              id       String @id
              authorId String
              title    String
              summary  String?
            }
            """,
            path: "prisma/schema/post.prisma",
            base: "model Post {\n  id       String @id\n  authorId String\n  title    String\n}\n",
            alongside: [initialPrisma])
        XCTAssertEqual(findings(example).map(\.line), [5])
        var generated = example
        generated.alongside.append((
            "prisma/migrations/20240301000000_post_summary/migration.sql",
            "-- AlterTable\nALTER TABLE \"Post\" ADD COLUMN     \"summary\" TEXT;\n"))
        XCTAssertEqual(findings(generated), [])
    }

    func testADrizzleProjectThatPushesItsSchemaIsNotJudged() {
        let schema = """
            import { pgTable, serial, text } from 'drizzle-orm/pg-core';
            export const reports = pgTable('reports', {
              id: serial('id').primaryKey(),
              summary: text('summary'),
            });
            """
        let base = "import { pgTable, serial, text } from 'drizzle-orm/pg-core';\nexport const reports = pgTable('reports', {\n  id: serial('id').primaryKey(),\n});\n"
        let pushed = DetectorExample(
            schema, path: "src/db/schema.ts", base: base,
            alongside: [("drizzle.config.ts", "export default { schema: './src/db/schema.ts', dialect: 'postgresql' };\n")])
        XCTAssertEqual(findings(pushed), [])
        // The same change in a project whose drizzle-kit writes migrations to its own folder.
        let migrated = DetectorExample(
            schema, path: "src/db/schema.ts", base: base,
            alongside: [
                ("db/migrations/meta/_journal.json", "{\"entries\":[{\"idx\":0,\"tag\":\"0000_init\"}]}\n"),
                ("db/migrations/0000_init.sql", "CREATE TABLE IF NOT EXISTS \"reports\" (\"id\" serial PRIMARY KEY NOT NULL);\n"),
            ])
        XCTAssertEqual(findings(migrated).map(\.line), [4])
        XCTAssertTrue(findings(migrated).first?.message.contains("under db/migrations") == true)
    }

    private let djangoInitial = (
        path: "billing/migrations/0001_initial.py",
        text: """
            from django.db import migrations, models


            class Migration(migrations.Migration):
                initial = True
                operations = [
                    migrations.CreateModel(
                        name='Invoice',
                        fields=[
                            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                            ('amount', models.DecimalField(decimal_places=2, max_digits=10)),
                        ],
                    ),
                ]
            """)

    func testDjangoModelsThatMakeNoTableAndClassesThatAreNoModelsAreNotJudged() {
        let found = findings(DetectorExample(
            """
            from django import forms
            from django.db import models


            class Invoice(models.Model):
                amount = models.DecimalField(max_digits=10, decimal_places=2)


            class LegacyLedger(models.Model):
                entry = models.TextField()

                class Meta:
                    managed = False
                    db_table = "ledger"


            class PaidInvoice(Invoice):
                class Meta:
                    proxy = True


            class InvoiceForm(forms.ModelForm):
                note = forms.CharField()


            class Status(models.TextChoices):
                OPEN = "open"
            """,
            path: "billing/models.py",
            base: """
                from django.db import models


                class Invoice(models.Model):
                    amount = models.DecimalField(max_digits=10, decimal_places=2)
                """,
            alongside: [djangoInitial]))
        XCTAssertEqual(found, [])
    }

    func testADjangoFieldRenamedInTheModelButNotInTheMigrationsIsReported() throws {
        let found = findings(DetectorExample(
            """
            from django.db import models


            class Invoice(models.Model):
                amount_cents = models.PositiveIntegerField()
            """,
            path: "billing/models.py",
            base: """
                from django.db import models


                class Invoice(models.Model):
                    amount = models.DecimalField(max_digits=10, decimal_places=2)
                """,
            alongside: [djangoInitial]))
        XCTAssertEqual(found.map(\.line), [5])
        XCTAssertTrue(try XCTUnwrap(found.first).message.contains("Invoice.amount_cents"))
        XCTAssertTrue(try XCTUnwrap(found.first).message.contains("makemigrations"))
    }

    func testAnAppWithoutMigrationsAndAModelsModuleOfAnotherFrameworkAreNotJudged() {
        let model = """
            from django.db import models


            class Invoice(models.Model):
                amount = models.DecimalField(max_digits=10, decimal_places=2)
                note = models.TextField(blank=True)
            """
        XCTAssertEqual(findings(DetectorExample(model, path: "billing/models.py", alongside: [("manage.py", "import django\n")])), [])
        // SQLAlchemy with Flask-Migrate: the app's `migrations` folder holds Alembic's env, not Django migrations.
        let alchemy = DetectorExample(
            """
            from app.extensions import db


            class Invoice(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                note = db.Column(db.Text)
            """,
            path: "app/models.py",
            alongside: [("app/migrations/env.py", "from alembic import context\n")])
        XCTAssertEqual(findings(alchemy), [])
    }
}

/// Code writing rows in a file that is not clean UTF-8.
final class SchemaWithoutMigrationWriteTests: XCTestCase {
    private let migration = (path: "db/migrations/0001_products.sql", text: "CREATE TABLE produits (id serial, prix int, cat\u{E9}gorie text);\n")

    func testALatin1FileIsJudgedOnTheNamesItSpellsInASCII() throws {
        // `catégorie` in Latin-1: one byte 0xE9 the migration (UTF-8) spells as two; only `remise` is missing.
        var bytes = Array("def solder(cur, id):\n    cur.execute(\"UPDATE produits SET cat".utf8)
        bytes += [0xE9] + Array("gorie = %s, remise = %s WHERE id = %s\", ('x', 1, id))\n".utf8)
        let lines = ["def solder(cur, id):", String(decoding: bytes.split(separator: 0x0A)[1], as: UTF8.self)]
        let change = FileChange(
            path: "shop/soldes.py", kind: .added, oldMode: .absent,
            hunks: [Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 2, lines: lines.enumerated().map {
                DiffLine(kind: .added, oldNumber: nil, newNumber: $0 + 1, text: $1)
            })],
            content: .text(bytes))
        let example = DetectorExample("", path: "shop/soldes.py", alongside: [migration])
        let found = SchemaWithoutMigrationDetector().detect(in: SourceFile(change: change), context: example.makeContext())
        XCTAssertEqual(found.map(\.line), [2])
        let message = try XCTUnwrap(found.first).message
        XCTAssertTrue(message.hasPrefix("writes produits.remise, which no migration"), message)
    }
}

/// The same rule on Rails' schema dumps and on SQLAlchemy models under Alembic.
final class SchemaWithoutMigrationDumpAndAlembicTests: XCTestCase {
    private func findings(_ example: DetectorExample) -> [Finding] { example.findings(of: SchemaWithoutMigrationDetector()) }

    private let schemaBase = """
        ActiveRecord::Schema[7.1].define(version: 2024_03_01_090000) do
          create_table "tickets", force: :cascade do |t|
            t.text "body", null: false
          end
        end
        """
    private let schemaHead = """
        ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do
          create_table "tickets", force: :cascade do |t|
            t.text "body", null: false
            t.text "summary"
          end
        end
        """

    func testASchemaDumpAtAVersionNoMigrationHasIsReported() throws {
        let found = findings(DetectorExample(
            schemaHead, path: "db/schema.rb", base: schemaBase,
            alongside: [("db/migrate/20240301090000_create_tickets.rb", "class CreateTickets < ActiveRecord::Migration[7.1]\nend\n")]))
        XCTAssertEqual(found.map(\.line), [1])
        let message = try XCTUnwrap(found.first).message
        XCTAssertTrue(message.contains("version 20240501120000 but db/migrate has no migration"), message)
        // Committed with its migration, the dump is what the migration leaves.
        XCTAssertEqual(findings(DetectorExample(
            schemaHead, path: "db/schema.rb", base: schemaBase,
            alongside: [
                ("db/migrate/20240301090000_create_tickets.rb", "class CreateTickets < ActiveRecord::Migration[7.1]\nend\n"),
                ("db/migrate/20240501120000_add_summary_to_tickets.rb", "class AddSummaryToTickets < ActiveRecord::Migration[7.1]\nend\n"),
            ])), [])
    }

    func testAStructureDumpAndASecondDatabaseAreComparedWithTheirOwnFolders() {
        let structure = """
            SET statement_timeout = 0;
            INSERT INTO "schema_migrations" (version) VALUES
            ('20240501120000'),
            ('20240301090000');

            """
        let found = findings(DetectorExample(
            structure, path: "db/structure.sql",
            base: "SET statement_timeout = 0;\nINSERT INTO \"schema_migrations\" (version) VALUES\n('20240301090000');\n\n",
            alongside: [("db/migrate/20240301090000_create_tickets.rb", "class CreateTickets < ActiveRecord::Migration[7.1]\nend\n")]))
        XCTAssertEqual(found.map(\.line), [3])
        // A second database's dump has its own folder; an old project numbers its migrations.
        XCTAssertEqual(findings(DetectorExample(
            "ActiveRecord::Schema.define(version: 42) do\nend\n", path: "db/animals_schema.rb",
            base: "ActiveRecord::Schema.define(version: 41) do\nend\n",
            alongside: [("db/animals_migrate/042_create_dogs.rb", "class CreateDogs < ActiveRecord::Migration\nend\n")])), [])
        // No migrations folder at all: nothing to compare with.
        XCTAssertEqual(findings(DetectorExample(schemaHead, path: "db/schema.rb", base: schemaBase)), [])
    }

    private let revision = (
        path: "migrations/versions/3f2a_create_tickets.py",
        text: """
            import sqlalchemy as sa
            from alembic import op

            revision = "3f2a"
            down_revision = None


            def upgrade():
                op.create_table(
                    "tickets",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("body", sa.Text(), nullable=False),
                )
            """)

    func testASQLAlchemyColumnNoAlembicRevisionNamesIsReported() throws {
        let model = """
            from sqlalchemy import Text
            from sqlalchemy.orm import Mapped, mapped_column

            from app.db import Base


            class Ticket(Base):
                __tablename__ = "tickets"

                id: Mapped[int] = mapped_column(primary_key=True)
                body: Mapped[str] = mapped_column(Text)
                summary: Mapped[str | None] = mapped_column(Text)
                owner = relationship("User")
            """
        let base = """
            from sqlalchemy import Text
            from sqlalchemy.orm import Mapped, mapped_column

            from app.db import Base


            class Ticket(Base):
                __tablename__ = "tickets"

                id: Mapped[int] = mapped_column(primary_key=True)
                body: Mapped[str] = mapped_column(Text)
            """
        let environment = ("migrations/env.py", "from alembic import context\n")
        let found = findings(DetectorExample(model, path: "app/models/ticket.py", base: base, alongside: [environment, revision]))
        XCTAssertEqual(found.map(\.line), [12])
        XCTAssertTrue(try XCTUnwrap(found.first).message.contains("tickets.summary"))
        XCTAssertTrue(try XCTUnwrap(found.first).message.contains("alembic revision --autogenerate"))
        var generated = revision
        generated.text += "\n\ndef add_summary():\n    op.add_column(\"tickets\", sa.Column(\"summary\", sa.Text(), nullable=True))\n"
        XCTAssertEqual(findings(DetectorExample(model, path: "app/models/ticket.py", base: base, alongside: [environment, generated])), [])
        // Without an Alembic environment the project creates its tables itself (metadata.create_all).
        XCTAssertEqual(findings(DetectorExample(model, path: "app/models/ticket.py", base: base)), [])
    }

    func testANewSQLAlchemyTableIsReportedAtItsTableNameAndAnAbstractBaseIsNot() {
        let found = findings(DetectorExample(
            """
            from sqlalchemy import Column, DateTime, Integer, Text
            from app.db import Base


            class Stamped(Base):
                __abstract__ = True
                touched_at = Column(DateTime)


            class Digest(Base):
                __tablename__ = "digests"
                id = Column(Integer, primary_key=True)
                body = Column("digest_body", Text)
            """,
            path: "app/models.py",
            alongside: [("alembic/env.py", "from alembic import context\n"), ("alembic/versions/3f2a_create_tickets.py", revision.text)]))
        XCTAssertEqual(found.map(\.line), [11])
        XCTAssertTrue(found.first?.message.hasPrefix("declares digests that no migration under alembic/versions") == true)
    }

    func testAlembicConfigurationsNameTheirVersionFolders() {
        func folders(_ text: String, _ path: String) -> [String] { AlembicConfiguration.versionFolders(Array(text.utf8), path: path) }
        XCTAssertEqual(folders("[alembic]\nscript_location = alembic\n", "alembic.ini"), ["alembic/versions"])
        XCTAssertEqual(folders("[alembic]\nscript_location = %(here)s/db\n", "backend/alembic.ini"), ["backend/db/versions"])
        XCTAssertEqual(folders("[alembic]\nscript_location = ../migrations\n", "config/alembic.ini"), ["migrations/versions"])
        XCTAssertEqual(folders("[alembic]\nscript_location = myapp.db:alembic\n", "alembic.ini"), ["myapp/db/alembic/versions"])
        XCTAssertEqual(
            folders("[alembic]\nscript_location = alembic\nversion_locations = %(here)s/alembic/versions %(here)s/plugins/versions\n", "alembic.ini"),
            ["alembic/versions", "plugins/versions"])
        XCTAssertEqual(
            folders("[project]\nname = \"notes\"\n\n[tool.alembic]\nscript_location = \"%(here)s/migrations\"\n", "pyproject.toml"),
            ["migrations/versions"])
        // Another tool's `script_location`, and an absolute path, name no folder of the repository.
        XCTAssertEqual(folders("[tool.other]\nscript_location = \"x\"\n", "pyproject.toml"), [])
        XCTAssertEqual(folders("[alembic]\nscript_location = /srv/app/alembic\n", "alembic.ini"), [])
    }

    func testFlaskSQLAlchemyModelsAreJudgedUnderTheTableNameTheirClassGives() throws {
        let revision = (
            path: "migrations/versions/5b2f_user_profile.py",
            text: """
                import sqlalchemy as sa
                from alembic import op

                revision = "5b2f"
                down_revision = None


                def upgrade():
                    op.create_table("user_profile", sa.Column("id", sa.Integer()), sa.Column("display_name", sa.String(80)))
                """)
        let base = """
            from app.extensions import db


            class BaseModel(db.Model):
                __abstract__ = True
                id = db.Column(db.Integer, primary_key=True)


            class UserProfile(BaseModel):
                display_name = db.Column(db.String(80))

            """
        let head = base + """
                bio = db.Column(db.Text)


            class HTTPLog(BaseModel):
                path = db.Column(db.Text)

            """
        let found = findings(DetectorExample(head, path: "app/models.py", base: base, alongside: [revision]))
        XCTAssertEqual(found.map(\.line), [11])
        let message = try XCTUnwrap(found.first).message
        XCTAssertTrue(message.contains("user_profile.bio, http_log that no migration under migrations/versions"), message)
        XCTAssertTrue(message.contains("flask db migrate"), message)
    }

    func testAClassWhoseBaseNamesItsTableIsJudgedOnlyForColumnsOfATableARevisionCreates() {
        // The FastAPI template's `@as_declarative() class Base` names each table `cls.__name__.lower()`.
        let revision = (
            path: "alembic/versions/a1b2_items.py",
            text: "import sqlalchemy as sa\nfrom alembic import op\n\n\ndef upgrade():\n    op.create_table(\"item\", sa.Column(\"id\", sa.Integer()), sa.Column(\"title\", sa.String()))\n")
        let base = "from sqlalchemy import Column, Integer, String\n\nfrom app.db.base_class import Base\n\n\nclass Item(Base):\n    id = Column(Integer, primary_key=True)\n    title = Column(String)\n"
        let withColumn = base + "    owner_id = Column(Integer)\n"
        XCTAssertEqual(findings(DetectorExample(withColumn, path: "app/models/item.py", base: base, alongside: [revision])).map(\.line), [9])
        // A new class of that kind, or a mixin, is never taken for a new table.
        let withClass = base + "\n\nclass AuditMixin(object):\n    changed_by = Column(String)\n\n\nclass Tag(Base):\n    id = Column(Integer, primary_key=True)\n"
        XCTAssertEqual(findings(DetectorExample(withClass, path: "app/models/item.py", base: base, alongside: [revision])), [])
    }

    func testSQLAlchemyColumnsAreReadUnderTheirDatabaseNamesAndInheritedColumnsCount() {
        let revision = (
            path: "alembic/versions/3f2a_create_tickets.py",
            text: """
                import sqlalchemy as sa
                from alembic import op

                revision = "3f2a"
                down_revision = None


                def upgrade():
                    op.create_table("tickets", sa.Column("id", sa.Integer()), sa.Column("summary_text", sa.Text()), sa.Column("kind", sa.Text()))
                """)
        let base = """
            from sqlalchemy import Column, ForeignKey, Integer, Text
            from sqlalchemy.orm import Mapped, mapped_column, relationship

            from app.db import Base


            class Ticket(Base):
                \"\"\"A support ticket.

                summary: what the model made of the body
                \"\"\"

                __tablename__ = "tickets"
                id = Column(Integer, primary_key=True)
                kind = Column(Text)

            """
        func found(adding added: String) -> [Finding] {
            findings(DetectorExample(base + added, path: "app/models.py", base: base, alongside: [revision]))
        }
        // Named in the database by a keyword, or by the string opening the next line: no revision is missing.
        XCTAssertEqual(found(adding: "    summary = Column(Text, name=\"summary_text\")\n"), [])
        XCTAssertEqual(found(adding: "    summary = Column(\n        \"summary_text\",\n        Text,\n    )\n"), [])
        XCTAssertEqual(found(adding: "    owner: Mapped[\"User\"] = relationship()\n    parent: Mapped[\"Ticket\"]\n"), [])
        // A bare `Mapped[...]` is a column; a nested call's `name=` is not the column's name.
        XCTAssertEqual(found(adding: "    priority: Mapped[int]\n").map(\.line), [16])
        XCTAssertEqual(
            found(adding: "    owner_id = Column(Integer, ForeignKey(\"users.id\", name=\"summary_text\"))\n").first?.message
                .contains("tickets.owner_id"), true)
        // A subclass without a table of its own adds its column to its parent's (single-table inheritance).
        let escalated = "\n\nclass Escalation(Ticket):\n    __mapper_args__ = {\"polymorphic_identity\": \"escalation\"}\n    severity = Column(Integer)\n"
        let inherited = found(adding: escalated)
        XCTAssertEqual(inherited.map(\.line), [20])
        XCTAssertTrue(inherited.first?.message.contains("tickets.severity") == true)
        // Test code's tables are its own, and a test suite's Alembic environment migrates no database of the project.
        XCTAssertEqual(
            findings(DetectorExample(base + "    priority: Mapped[int]\n", path: "tests/test_tickets.py", base: base, alongside: [revision])), [])
        let testEnvironment = ("tests/fixtures/migrations/versions/3f2a_create_tickets.py", revision.text)
        XCTAssertEqual(
            findings(DetectorExample(base + "    priority: Mapped[int]\n", path: "app/models.py", base: base, alongside: [testEnvironment])), [])
    }

    func testSplitClassHeadersDeclaredAttrColumnsAndCoreTablesAreRead() {
        let revision = (
            path: "alembic/versions/5c1e_invoices.py",
            text: """
                import sqlalchemy as sa
                from alembic import op

                revision = "5c1e"
                down_revision = None


                def upgrade():
                    op.create_table("invoices", sa.Column("id", sa.Integer()), sa.Column("tenant_id", sa.Integer()))
                    op.create_table("invoice_events", sa.Column("id", sa.Integer()), sa.Column("kind", sa.Text()))
                """)
        func found(_ head: String, base: String) -> [Int] {
            findings(DetectorExample(head, path: "app/models.py", base: base, alongside: [revision])).map(\.line)
        }
        // A header split over lines keeps its body: the new column is the class's, not the module's.
        let split = "from db.base import Base\nfrom db.mixins import TimestampMixin\n\n\nclass Invoice(\n    TimestampMixin,\n    Base,\n):\n    __tablename__ = \"invoices\"\n    id = Column(Integer, primary_key=True)\n"
        XCTAssertEqual(found(split + "    dunning_note = Column(Text)\n", base: split), [11])
        // `@declared_attr` returns a column under the method's name (a relationship or a `.directive` is none).
        let mixin = "class Tenanted:\n    @declared_attr.directive\n    def __table_args__(cls):\n        return {}\n\n    @declared_attr\n    def tenant(cls):\n        return relationship(\"Tenant\")\n"
        let model = "\n\nclass Invoice(Tenanted, Base):\n    __tablename__ = \"invoices\"\n    id = Column(Integer, primary_key=True)\n"
        let withColumn = "    @declared_attr\n    def region_id(cls):\n        return Column(ForeignKey(\"regions.id\"))\n"
        XCTAssertEqual(found(mixin + withColumn + model, base: mixin + model), [10])
        XCTAssertEqual(found(mixin + withColumn.replacingOccurrences(of: "region_id", with: "tenant_id") + model, base: mixin + model), [])
        // Core tables: a column of `sa.Table(name, metadata, ...)`; a reflected table and rich's `Table` declare none.
        let table = "invoice_events = sa.Table(\n    \"invoice_events\",\n    metadata,\n    sa.Column(\"id\", sa.Integer, primary_key=True),\n"
        XCTAssertEqual(found(table + "    sa.Column(\"payload\", sa.JSON),\n)\n", base: table + ")\n"), [5])
        XCTAssertEqual(found(table + "    sa.Column(\"kind\", sa.Text),\n)\n", base: table + ")\n"), [])
        let other = "import sqlalchemy as sa\nfrom rich.table import Table\n\nsa.Column\n"
        XCTAssertEqual(found(other + "rates = sa.Table(\"fx_rates\", metadata, autoload_with=engine)\nt = Table(\"Name\", \"Total\")\n", base: other), [])
        // A new Core table no revision creates is reported at its name.
        XCTAssertEqual(found(other + "refunds = sa.Table(\n    \"refunds\",\n    metadata,\n    sa.Column(\"id\", sa.Integer),\n)\n", base: other), [6])
    }
}
