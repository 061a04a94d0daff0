import Foundation
import GateCode
import GateCore
import GateSQL

/// An ORM schema file declares a table or column that no migration of the project creates: the migration was
/// never generated, so the code deployed with the change reads and writes something the database does not have.
struct SchemaWithoutMigrationDetector: Detector {
    let description = DetectorDescription(
        id: "schema-without-migration", name: "Schema with no migration creating it", category: .schemaChange,
        rationale: """
            A project that keeps migrations (prisma/migrations, a Drizzle journal's folder, a Django app's \
            migrations, Alembic's versions) applies only those to its databases: a model, field or table added to \
            schema.prisma, a Drizzle schema, a Django models module or a SQLAlchemy mapped class with no migration \
            creating it reaches production as code using a column that does not exist, and every request or job \
            touching it fails (and is retried) until someone generates the migration. The change's declarations \
            are compared with every migration of the project at head: for Prisma and Drizzle a name any migration \
            mentions counts as created, for Django the fields the app's migrations leave each model with (abstract, \
            proxy and unmanaged models make no table; a field new to an abstract model is judged on the concrete \
            models extending it, in any app); SQLAlchemy's mapped classes (`__tablename__` with \
            `Column(…)`, `Mapped[…] = mapped_column(…)` or a `@declared_attr` returning one, Flask-SQLAlchemy's \
            `db.Model`, SQLModel's `table=True`) and Core tables (`sa.Table("events", metadata, sa.Column(…))`) \
            are compared with the Alembic revisions of the project (beside `env.py`, under `alembic/versions` or \
            Flask-Migrate's `migrations/versions`, or where `alembic.ini`'s `script_location` says), under the \
            column's database name (`Column("old_name", …)`; relationships make no column, abstract bases and \
            mixins none of their own: their new columns are judged on the mapped classes extending them, in any \
            module; test code is not judged); TypeORM and MikroORM entities, sequelize-typescript \
            tables and Sequelize models are compared with the JavaScript migrations of the project, under each \
            name their naming strategy may give, and GORM structs with its SQL migrations (unless it calls \
            AutoMigrate). A project with no migration folder (prisma db push, drizzle-kit push, SQLAlchemy's \
            `metadata.create_all`) is not judged, nor is \
            a field only edited (its name on a line the change deletes). The same holds for code: an `UPDATE … SET` \
            or `INSERT INTO … (…)` string the change adds that writes a column of a table the migrations create, \
            while no migration or SQL file of the project names the column (columns frameworks add unnamed, such \
            as `updated_at` or `user_id` from `references :user`, aside), fails until a migration adds it; so does \
            a query builder's write (`supabase.from("tickets").update({ summary })`, Knex, Laravel's \
            `DB::table`) and a Rails or Laravel model's (`ticket.update!(summary: text)`, \
            `$ticket->update(['summary' => $text])`).
            """,
        triggering: [
            DetectorExample(
                """
                model Ticket {
                  id      Int     @id @default(autoincrement())
                  body    String
                ↓  summary String?
                }
                """,
                path: "prisma/schema.prisma",
                base: "model Ticket {\n  id      Int     @id @default(autoincrement())\n  body    String\n}\n",
                alongside: [(
                    "prisma/migrations/20240101000000_init/migration.sql",
                    "CREATE TABLE \"Ticket\" (\"id\" SERIAL NOT NULL, \"body\" TEXT NOT NULL, PRIMARY KEY (\"id\"));\n"
                )]),
            DetectorExample(
                """
                import { pgTable, serial, text } from 'drizzle-orm/pg-core';
                export const reports = pgTable('reports', {
                  id: serial('id').primaryKey(),
                ↓  summary: text('summary'),
                });
                """,
                path: "src/db/schema.ts",
                base: """
                    import { pgTable, serial, text } from 'drizzle-orm/pg-core';
                    export const reports = pgTable('reports', {
                      id: serial('id').primaryKey(),
                    });

                    """,
                alongside: [
                    ("drizzle/0000_init.sql", "CREATE TABLE \"reports\" (\"id\" serial PRIMARY KEY NOT NULL);\n"),
                    ("drizzle/meta/_journal.json", "{\"dialect\":\"postgresql\",\"entries\":[{\"idx\":0,\"tag\":\"0000_init\"}]}\n"),
                ]),
            // Django: a field added to a model with no migration adding it (`makemigrations` forgotten).
            DetectorExample(
                """
                from django.db import models


                class Ticket(models.Model):
                    body = models.TextField()
                ↓    summary = models.TextField(null=True, blank=True)

                    class Meta:
                        ordering = ["-id"]
                """,
                path: "support/models.py",
                base: """
                    from django.db import models


                    class Ticket(models.Model):
                        body = models.TextField()

                        class Meta:
                            ordering = ["-id"]

                    """,
                alongside: [(
                    "support/migrations/0001_initial.py",
                    """
                    from django.db import migrations, models


                    class Migration(migrations.Migration):
                        initial = True
                        operations = [
                            migrations.CreateModel(
                                name="Ticket",
                                fields=[
                                    ("id", models.BigAutoField(auto_created=True, primary_key=True)),
                                    ("body", models.TextField()),
                                ],
                            ),
                        ]
                    """
                )]),
            // SQLAlchemy 2.0: a mapped column no Alembic revision adds (`alembic revision --autogenerate` forgotten).
            DetectorExample(
                """
                from sqlalchemy import String
                from sqlalchemy.orm import Mapped, mapped_column

                from app.db import Base


                class Account(Base):
                    __tablename__ = "accounts"

                    id: Mapped[int] = mapped_column(primary_key=True)
                    email: Mapped[str] = mapped_column(String(255))
                ↓    stripe_customer_id: Mapped[str | None] = mapped_column(String(64))
                """,
                path: "app/models.py",
                base: """
                    from sqlalchemy import String
                    from sqlalchemy.orm import Mapped, mapped_column

                    from app.db import Base


                    class Account(Base):
                        __tablename__ = "accounts"

                        id: Mapped[int] = mapped_column(primary_key=True)
                        email: Mapped[str] = mapped_column(String(255))

                    """,
                alongside: [(
                    "migrations/versions/1a2b3c4d5e6f_create_accounts.py",
                    """
                    import sqlalchemy as sa
                    from alembic import op

                    revision = "1a2b3c4d5e6f"
                    down_revision = None


                    def upgrade():
                        op.create_table("accounts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("email", sa.String(255)))
                    """
                )]),
            // Code writing a column of a table the migrations create, which none of them adds.
            DetectorExample(
                """
                export async function saveSummary(db: Pool, id: number, summary: string) {
                  await db.query(
                    `UPDATE tickets
                ↓        SET summary = $1, updated_at = now()
                      WHERE id = $2`,
                    [summary, id],
                  );
                }
                """,
                path: "src/jobs/summaries.ts",
                alongside: [(
                    "db/migrations/0001_tickets.sql",
                    "CREATE TABLE tickets (id bigserial PRIMARY KEY, body text NOT NULL, updated_at timestamptz);\n"
                )]),
            // TypeORM: an entity column no migration of the project adds (`migration:generate` forgotten).
            DetectorExample(
                """
                import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

                @Entity("tickets")
                export class Ticket {
                  @PrimaryGeneratedColumn()
                  id: number;

                  @Column({ type: "text", nullable: true })
                ↓  aiSummary: string | null;
                }
                """,
                path: "src/entity/Ticket.ts",
                base: """
                    import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

                    @Entity("tickets")
                    export class Ticket {
                      @PrimaryGeneratedColumn()
                      id: number;
                    }

                    """,
                alongside: [(
                    "src/migration/1700000000000-Init.ts",
                    "export class Init1700000000000 {\n  async up(queryRunner) {\n"
                        + "    await queryRunner.query(`CREATE TABLE \"tickets\" (\"id\" SERIAL NOT NULL)`);\n  }\n}\n"
                )]),
        ],
        nonTriggering: [
            // Sequelize: the migration adding the column is in the project (`field` names the column); a
            // virtual attribute has none.
            DetectorExample(
                """
                const { Model } = require("sequelize");
                module.exports = (sequelize, DataTypes) => {
                  class Ticket extends Model {}
                  Ticket.init({
                    body: DataTypes.TEXT,
                    aiSummary: { type: DataTypes.TEXT, field: "ai_summary" },
                    label: { type: DataTypes.VIRTUAL, get() { return `#${this.id}`; } },
                  }, { sequelize, tableName: "tickets" });
                  return Ticket;
                };
                """,
                path: "models/ticket.js",
                base: """
                    const { Model } = require("sequelize");
                    module.exports = (sequelize, DataTypes) => {
                      class Ticket extends Model {}
                      Ticket.init({ body: DataTypes.TEXT }, { sequelize, tableName: "tickets" });
                      return Ticket;
                    };

                    """,
                alongside: [
                    ("migrations/20240101000000-create-tickets.js", "module.exports = { up: (q, S) => q.createTable('tickets', { id: S.INTEGER, body: S.TEXT }) };\n"),
                    ("migrations/20240301000000-ai-summary.js", "module.exports = { up: (q, S) => q.addColumn('tickets', 'ai_summary', S.TEXT) };\n"),
                ]),
            // The migration adding the column is in the project; a table no migration creates is not judged.
            DetectorExample(
                """
                export async function saveSummary(db: Pool, id: number, summary: string) {
                  await db.query("UPDATE tickets SET summary = $1 WHERE id = $2", [summary, id]);
                  await db.query("INSERT INTO audit_log (ticket_id, action) VALUES ($1, 'summary')", [id]);
                }
                """,
                path: "src/jobs/summaries.ts",
                alongside: [
                    ("db/migrations/0001_tickets.sql", "CREATE TABLE tickets (id bigserial PRIMARY KEY, body text NOT NULL);\n"),
                    ("db/migrations/0002_summary.sql", "ALTER TABLE tickets ADD COLUMN summary text;\n"),
                ]),
            // Django: the app's migrations add the field; an abstract base makes no table of its own.
            DetectorExample(
                """
                from django.db import models


                class Stamped(models.Model):
                    touched_at = models.DateTimeField(auto_now=True)

                    class Meta:
                        abstract = True


                class Ticket(Stamped):
                    body = models.TextField()
                    summary = models.TextField(null=True)
                """,
                path: "support/models.py",
                base: """
                    from django.db import models


                    class Ticket(models.Model):
                        body = models.TextField()

                    """,
                alongside: [
                    (
                        "support/migrations/0001_initial.py",
                        """
                        from django.db import migrations, models


                        class Migration(migrations.Migration):
                            operations = [
                                migrations.CreateModel(name="Ticket", fields=[("body", models.TextField())]),
                            ]
                        """
                    ),
                    (
                        "support/migrations/0002_ticket_summary.py",
                        """
                        from django.db import migrations, models


                        class Migration(migrations.Migration):
                            dependencies = [("support", "0001_initial")]
                            operations = [
                                migrations.AddField(model_name="ticket", name="summary", field=models.TextField(null=True)),
                                migrations.AddField(model_name="ticket", name="touched_at", field=models.DateTimeField(auto_now=True)),
                            ]
                        """
                    ),
                ]),
            // Flask-SQLAlchemy: the revision adding `pinned` is in the project; an attribute renamed in Python only
            // keeps its column's name, and a relationship is no column.
            DetectorExample(
                """
                from app.extensions import db


                class Note(db.Model):
                    __tablename__ = "notes"

                    id = db.Column(db.Integer, primary_key=True)
                    text = db.Column("body", db.Text, nullable=False)
                    pinned = db.Column(db.Boolean, nullable=False, server_default=db.false())
                    author = db.relationship("User", back_populates="notes")
                """,
                path: "app/models.py",
                base: """
                    from app.extensions import db


                    class Note(db.Model):
                        __tablename__ = "notes"

                        id = db.Column(db.Integer, primary_key=True)
                        body = db.Column(db.Text, nullable=False)

                    """,
                alongside: [
                    (
                        "migrations/versions/0c5e2a1f9b7d_notes.py",
                        """
                        import sqlalchemy as sa
                        from alembic import op

                        revision = "0c5e2a1f9b7d"
                        down_revision = None


                        def upgrade():
                            op.create_table("notes", sa.Column("id", sa.Integer(), nullable=False), sa.Column("body", sa.Text(), nullable=False))
                        """
                    ),
                    (
                        "migrations/versions/7d1b9e3c2a40_note_pinned.py",
                        """
                        import sqlalchemy as sa
                        from alembic import op

                        revision = "7d1b9e3c2a40"
                        down_revision = "0c5e2a1f9b7d"


                        def upgrade():
                            op.add_column("notes", sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False))
                        """
                    ),
                ]),
            // The migration creating the field is in the project (in this change or an earlier one).
            DetectorExample(
                """
                model Ticket {
                  id      Int     @id @default(autoincrement())
                  summary String?
                }
                """,
                path: "prisma/schema.prisma",
                base: "model Ticket {\n  id      Int     @id @default(autoincrement())\n}\n",
                alongside: [
                    ("prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE \"Ticket\" (\"id\" SERIAL NOT NULL);\n"),
                    ("prisma/migrations/20240201000000_summary/migration.sql", "ALTER TABLE \"Ticket\" ADD COLUMN \"summary\" TEXT;\n"),
                ]),
            // No migration folder: the project pushes its schema (prisma db push), nothing to compare with.
            DetectorExample(
                """
                model Ticket {
                  id      Int     @id @default(autoincrement())
                  summary String?
                }
                """,
                path: "prisma/schema.prisma",
                base: "model Ticket {\n  id      Int     @id @default(autoincrement())\n}\n",
                alongside: [("package.json", "{\"scripts\":{\"db\":\"prisma db push\"}}\n")]),
            // A field only edited (made optional): its column exists already.
            DetectorExample(
                """
                model Ticket {
                  id      Int     @id @default(autoincrement())
                  legacyTitle String? @map("title")
                }
                """,
                path: "prisma/schema.prisma",
                base: "model Ticket {\n  id      Int     @id @default(autoincrement())\n  legacyTitle String @map(\"title\")\n}\n",
                alongside: [(
                    "prisma/migrations/20240101000000_init/migration.sql",
                    "CREATE TABLE \"Ticket\" (\"id\" SERIAL NOT NULL, \"title\" TEXT NOT NULL);\n"
                )]),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        guard !file.addedLines.isEmpty, let project = context.code?.project else { return [] }
        let analysis = SchemaFileAnalysis.of(file, context: context)
        func writes() -> [Finding] {
            // A `.sql` file outside the migrations may be a query file (sqlc, aiosql, yesql, HugSQL).
            rowWrites(
                file, project: project, inStrings: analysis.mayWriteRows, builders: analysis.mayWriteThroughBuilder,
                queryFile: file.path.hasSuffix(".sql") && !analysis.isMigration && analysis.layout == nil)
        }
        if file.path.hasSuffix(".py") {
            let models = DjangoModels.isModelsModule(file.path) && file.bytes.containsSequence(Array("django".utf8))
                ? djangoModels(file, project: project) : sqlAlchemyModels(file, project: project)
            return models + writes()
        }
        if let migrations = RailsSchemaDump.migrationFolder(of: file.path) {
            return railsSchemaDump(file, migrations: migrations, project: project)
        }
        if let language = file.language, language.isJavaScriptLike, analysis.layout == nil,
           JavaScriptModelDeclarations.mayDeclare(file.bytes) {
            return javaScriptModels(file, language: language, project: project) + writes()
        }
        if file.path.hasSuffix(".go"), analysis.layout == nil, GormModels.mayDeclare(file.bytes, path: file.path, project: project) {
            return gormModels(file, project: project) + writes()
        }
        // An ORM schema file is no application code: it is not read for writes.
        guard case .ormSchema(let kind) = analysis.kind else { return writes() }
        return ormDeclarations(file, format: kind.format, project: project)
    }

    /// A Prisma or Drizzle schema's added declarations against the names the project's migrations mention.
    private func ormDeclarations(_ file: SourceFile, format: MigrationFormat, project: Project) -> [Finding] {
        let folders = Self.migrationFolders(for: file.path, format: format, in: project)
        guard !folders.isEmpty else { return [] }
        let edited = Self.deletedWords(file)
        // A multi-file Prisma schema declares its enums in any of its files.
        var enums: Set<String> = []
        if format == .prismaSchema {
            for sibling in project.files(inDirectory: RepoPath.directory(of: file.path))
            where sibling != file.path && sibling.hasSuffix(".prisma") {
                if let bytes = project.contents(of: sibling) { enums.formUnion(ORMSchemaDeclarations.prismaEnums(bytes)) }
            }
        }
        let added = ORMSchemaDeclarations.read(file.bytes, format: format, enums: enums).filter { declaration in
            file.addedLines.contains(declaration.line) && !edited.contains(declaration.column ?? declaration.table)
        }
        guard !added.isEmpty else { return [] }
        let created = Self.namesMentioned(in: folders, ending: ".sql", of: project)
        // A new table's columns are reported with it, once.
        let missingTables = Set(added.filter { $0.column == nil && !created.contains($0.table) }.map(\.table))
        let missing = added.filter { declaration in
            guard let column = declaration.column else { return missingTables.contains(declaration.table) }
            return !missingTables.contains(declaration.table)
                && !(created.contains(column) && created.contains(declaration.table))
        }
        return finding(
            in: file, missing: missing.map { declaration in
                (declaration.column.map { "\(declaration.table).\($0)" } ?? declaration.table, declaration.line)
            },
            folders: folders, generate: format == .prismaSchema ? "prisma migrate dev" : "drizzle-kit generate")
    }

    /// A Django app's models against its migrations' history: a model the migrations never create, or a field
    /// they leave it without (forgotten `makemigrations`).
    private func djangoModels(_ file: SourceFile, project: Project) -> [Finding] {
        let app = DjangoModels.appFolder(of: file.path)
        let folder = app.isEmpty ? "migrations" : app + "/migrations"
        let inherited = abstractFields(file, project: project)
        guard let history = DjangoFieldHistoryAtHead.latest(inFolder: folder, of: project) else {
            return finding(in: file, missing: inherited.missing, folders: inherited.folders, generate: "python manage.py makemigrations")
        }
        var missing: [(name: String, line: Int)] = []
        for model in PythonModelClass.read(file.bytes) where !DjangoModels.hasNoTableOfItsOwn(model) {
            guard history.declares(model: model.name) else {
                if DjangoModels.extendsModel(model), file.addedLines.contains(model.line) { missing.append((model.name, model.line)) }
                continue
            }
            for field in DjangoModels.fields(of: model) where file.addedLines.contains(field.line) {
                if !history.declares(model: model.name, field: field.name) { missing.append(("\(model.name).\(field.name)", field.line)) }
            }
        }
        missing += inherited.missing
        let folders = [folder] + inherited.folders.filter { $0 != folder }
        return finding(in: file, missing: missing, folders: folders, generate: "python manage.py makemigrations")
    }

    /// Fields the change adds to an abstract model (`class TimeStampedModel(models.Model)` with `abstract = True`):
    /// every concrete model extending it, in this module or another app's, gains the field, which that app's
    /// migrations must add. Other models modules are read only when such a field is added.
    private func abstractFields(_ file: SourceFile, project: Project) -> (missing: [(name: String, line: Int)], folders: [String]) {
        let abstracts = PythonModelClass.read(file.bytes).compactMap { model -> (name: String, fields: [PythonModelClass.Assignment])? in
            guard model.metaSettings.contains(where: { $0.hasPrefix("abstract=True") }) else { return nil }
            let added = DjangoModels.fields(of: model).filter { file.addedLines.contains($0.line) }
            return added.isEmpty ? nil : (model.name, added)
        }
        guard !abstracts.isEmpty else { return ([], []) }
        var missing: [(name: String, line: Int)] = []
        var folders: [String] = []
        var histories: [String: DjangoFieldHistory?] = [:]
        for path in [file.path] + project.paths where DjangoModels.isModelsModule(path) && !SecretFileKind.isTestCode(path: path) {
            guard missing.count < abstracts.reduce(0, { $0 + $1.fields.count }),
                  let bytes = path == file.path ? file.bytes : project.contents(of: path),
                  abstracts.contains(where: { bytes.containsSequence(Array($0.name.utf8)) })
            else { continue }
            let app = DjangoModels.appFolder(of: path)
            let folder = app.isEmpty ? "migrations" : app + "/migrations"
            for model in PythonModelClass.read(bytes) where !DjangoModels.hasNoTableOfItsOwn(model) {
                for abstract in abstracts where model.bases.contains(Substring(abstract.name)) {
                    if histories[folder] == nil { histories[folder] = DjangoFieldHistoryAtHead.latest(inFolder: folder, of: project) }
                    guard let history = histories[folder] ?? nil, history.declares(model: model.name) else { continue }
                    for field in abstract.fields where !history.declares(model: model.name, field: field.name)
                        && !missing.contains(where: { $0.line == field.line }) {
                        missing.append(("\(model.name).\(field.name)", field.line))
                        if !folders.contains(folder) { folders.append(folder) }
                    }
                }
            }
        }
        return (missing, folders)
    }

    /// SQLAlchemy's mapped classes against an Alembic project's revisions: a table or a column no revision names
    /// (forgotten `alembic revision --autogenerate`). A table no revision names, on a class the change does not add,
    /// is not judged: it predates the project's Alembic history. Test code declares tables for its own databases.
    private func sqlAlchemyModels(_ file: SourceFile, project: Project) -> [Finding] {
        // The project's folders first: most have no Alembic, and then no Python file's bytes are searched.
        let folders = Self.alembicVersionFolders(in: project)
        guard !folders.isEmpty, SQLAlchemyModels.mayDeclare(file.bytes), !SecretFileKind.isTestCode(path: file.path)
        else { return [] }
        let created = Self.namesMentioned(in: folders, ending: ".py", of: project)
        let edited = Self.deletedWords(file)
        var missing: [(name: String, line: Int)] = []
        for model in SQLAlchemyModels.read(file.bytes) {
            guard let table = model.tables.first(where: created.contains) else {
                if let line = model.tableLine, file.addedLines.contains(line) { missing.append((model.tables[0], line)) }
                continue
            }
            // A column whose name a deleted line holds was edited, or renamed in Python only (`Column("old", …)`).
            for column in model.columns where file.addedLines.contains(column.line)
                && !created.contains(column.name) && !edited.contains(column.name) {
                missing.append(("\(table).\(column.name)", column.line))
            }
        }
        missing += lentColumns(file, project: project, folders: folders, created: created, edited: edited)
        // Flask-Migrate keeps its environment in `migrations` (its env.py reads Flask's app) and generates revisions
        // with its own command; a `db/migrations` of plain Alembic is no Flask-Migrate's.
        let flask = folders.contains { folder in
            guard folder == "migrations/versions" || folder.hasSuffix("/migrations/versions") else { return false }
            let environment = project.contents(of: RepoPath.join(RepoPath.directory(of: folder), "env.py"))
            return environment?.containsSequence(Array("flask".utf8)) ?? true
        }
        return finding(
            in: file, missing: missing, folders: folders,
            generate: flask ? "flask db migrate, or alembic revision --autogenerate" : "alembic revision --autogenerate")
    }

    /// Columns the change adds to a mixin or an abstract base (`class TimestampMixin:` gaining `deleted_at`) that
    /// mapped classes of other modules extend (`class Invoice(TimestampMixin, Base)`): each of their tables gains
    /// the column. Judged against the tables of those classes a revision creates; the project's other modules are
    /// read only when such a column is new to every revision.
    private func lentColumns(
        _ file: SourceFile, project: Project, folders: [String], created: NameHashes, edited: NameHashes
    ) -> [(name: String, line: Int)] {
        let lenders = SQLAlchemyModels.lenders(file.bytes).compactMap { lender -> SQLAlchemyModels.Lender? in
            var lender = lender
            lender.columns.removeAll { column in
                !file.addedLines.contains(column.line) || created.contains(column.name) || edited.contains(column.name)
            }
            return lender.columns.isEmpty ? nil : lender
        }
        guard !lenders.isEmpty else { return [] }
        var missing: [(name: String, line: Int)] = []
        for lender in lenders {
            let needle = Array(lender.name.utf8)
            var table: String?
            for path in project.paths where table == nil && path != file.path && path.hasSuffix(".py")
                && !SecretFileKind.isTestCode(path: path) && !folders.contains(where: { path.hasPrefix($0 + "/") }) {
                guard let bytes = project.contents(of: path), bytes.containsSequence(needle), SQLAlchemyModels.mayDeclare(bytes)
                else { continue }
                table = SQLAlchemyModels.read(bytes).lazy.filter { $0.bases.contains(lender.name) }
                    .compactMap { $0.tables.first(where: created.contains) }.first
            }
            guard let table else { continue }
            missing += lender.columns.map { ("\(table).\($0.name)", $0.line) }
        }
        return missing
    }

    /// TypeORM, MikroORM and Sequelize models against the names the project's migrations mention: an entity or a
    /// column no migration creates (forgotten `migration:generate`). A project with no JavaScript migrations is
    /// taken to synchronise its schema (`synchronize: true`, `sequelize.sync()`), and is not judged.
    private func javaScriptModels(_ file: SourceFile, language: SourceLanguage, project: Project) -> [Finding] {
        let folders = Self.migrationFolders(holding: [".ts", ".js", ".mjs", ".cjs"], in: project)
        guard !folders.isEmpty else { return [] }
        let orm = JavaScriptModelDeclarations.orm(of: file.bytes)
        let declarations = JavaScriptModelDeclarations.read(file.bytes, language: language, orm: orm)
        return modelFindings(declarations, in: file, project: project, folders: folders, generate: orm.generate)
    }

    /// GORM models against the project's SQL migrations (golang-migrate, goose, Atlas' folders). A project whose Go
    /// code calls `AutoMigrate` creates its columns at start-up, and is not judged.
    private func gormModels(_ file: SourceFile, project: Project) -> [Finding] {
        let folders = Self.migrationFolders(holding: [".sql"], in: project)
        guard !folders.isEmpty, !Self.autoMigrates(project) else { return [] }
        return modelFindings(
            GormModels.read(file.bytes), in: file, project: project, folders: folders,
            generate: "migrate create -ext sql …, or goose create … sql")
    }

    /// The declarations the change adds, against every name the project's migrations mention: a new table (its
    /// columns reported with it, once), or a column of a created table that no migration names.
    private func modelFindings(
        _ declarations: [ModelDeclaration], in file: SourceFile, project: Project, folders: [String], generate: String
    ) -> [Finding] {
        let edited = Self.deletedWords(file)
        let added = declarations.filter { declaration in
            (file.addedLines.contains(declaration.line) || file.addedLines.contains(declaration.decoratorLine))
                && !(declaration.columns ?? declaration.tables).contains(where: edited.contains)
        }
        guard !added.isEmpty else { return [] }
        let created = Self.schemaNames(of: project)
        func isCreated(_ names: [String]) -> Bool { names.contains(where: created.contains) }
        let missingTables = Set(added.filter { $0.columns == nil && !isCreated($0.tables) }.map(\.tables))
        let missing = added.filter { declaration in
            guard let columns = declaration.columns else { return missingTables.contains(declaration.tables) }
            let implicit = columns.contains(where: Self.implicitColumns.contains)
            return !implicit && !missingTables.contains(declaration.tables) && isCreated(declaration.tables)
                && !isCreated(columns)
        }
        return finding(in: file, missing: missing.map { ($0.shown, $0.line) }, folders: folders, generate: generate)
    }

    /// Whether a Go file of the project calls GORM's `AutoMigrate`, read once.
    private static func autoMigrates(_ project: Project) -> Bool {
        project.configuration("schema-without-migration:gorm-automigrate") {
            project.paths.contains { path in
                path.hasSuffix(".go") && (project.contents(of: path)?.containsSequence(autoMigrateCall) ?? false)
            }
        }
    }

    private static let autoMigrateCall = Array("AutoMigrate(".utf8)

    /// The folders named like migrations folders that hold a file ending in one of `suffixes`.
    private static func migrationFolders(holding suffixes: [String], in project: Project) -> [String] {
        project.configuration("schema-without-migration:folders:" + suffixes.joined(separator: ",")) {
            var folders: [String] = []
            for path in project.paths where suffixes.contains(where: path.hasSuffix) && !path.hasSuffix(".d.ts")
                && mayHoldSchema(path) {
                let directory = RepoPath.directory(of: path)
                let name = directory.split(separator: "/").last
                if name == "migrations" || name == "migration" || name == "migrate", !folders.contains(directory) {
                    folders.append(directory)
                }
            }
            return folders
        }
    }

    /// Rails' schema dump at a version no migration of the project has: the migration that produced it was not
    /// committed.
    private func railsSchemaDump(_ file: SourceFile, migrations folder: String, project: Project) -> [Finding] {
        let files = project.files(inDirectory: folder)
        guard !files.isEmpty else { return [] }
        // By number: an old project's `042_create_users.rb` is version 42.
        let versions = Set(files.compactMap { path in path.split(separator: "/").last.flatMap { Int($0.prefix { $0 != "_" }) } })
        let missing = RailsSchemaDump.versions(in: file).filter { dumped in
            file.addedLines.contains(dumped.line) && Int(dumped.version).map { !versions.contains($0) } == true
        }
        guard let first = missing.first else { return [] }
        let listed = missing.prefix(3).map(\.version).joined(separator: ", ") + (missing.count > 3 ? " and \(missing.count - 3) more" : "")
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: first.line,
            message: "is dumped at migration version \(listed) but \(folder) has no migration of \(missing.count == 1 ? "that version" : "those versions"): "
                + "commit the migration that produced it, or the databases deployed with this change never get it",
            evidence: SchemaFindings.lineText(file, first.line))]
    }

    private func finding(in file: SourceFile, missing: [(name: String, line: Int)], folders: [String], generate: String) -> [Finding] {
        finding(in: file, missing: missing) { listed, count in
            "declares \(listed) that no migration under \(folders.joined(separator: ", ")) creates: generate "
                + "the migration (\(generate)) and commit it with this change, or the code deployed with it uses "
                + "\(count == 1 ? "a name" : "names") the database does not have"
        }
    }

    /// One finding for the file, at its first missing name, the message made from the names listed (at most three).
    private func finding(
        in file: SourceFile, missing: [(name: String, line: Int)], message: (_ listed: String, _ count: Int) -> String
    ) -> [Finding] {
        guard let first = missing.min(by: { $0.line < $1.line }) else { return [] }
        var names: [String] = []
        for name in missing.map(\.name) where !names.contains(name) { names.append(name) }
        let listed = names.count > 3 ? names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
            : names.joined(separator: ", ")
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: first.line,
            message: message(listed, names.count), evidence: SchemaFindings.lineText(file, first.line))]
    }

    /// `UPDATE tickets SET summary = …` and `INSERT INTO tickets (…, summary)` on lines the change adds (in string
    /// literals when `inStrings`), or a query builder's `.from("tickets").update({ summary })` (when `builders`), where the project's
    /// migrations create the table but no migration names the column: the write fails until a migration adds it,
    /// and a job retrying it pays for its paid calls every time.
    private func rowWrites(
        _ file: SourceFile, project: Project, inStrings: Bool, builders: Bool, queryFile: Bool = false
    ) -> [Finding] {
        let language = file.language
        // Each write's table (or the names a model's table may have), column and line, and the names its model
        // declares that are no columns.
        var written: [(tables: [String], column: String, line: Int, nonColumns: Set<String>)] = []
        if inStrings {
            let fragments = DDLStrings.writeFragments(
                in: file.bytes, backtickStrings: language.map { $0.isJavaScriptLike || $0 == .go } ?? true)
            for fragment in fragments {
                guard let write = RowWrite.read(fragment.sql) else { continue }
                for (column, line) in zip(write.columns, write.lines(in: fragment.sql, from: fragment.line)) {
                    guard file.addedLines.contains(line) || file.addedLines.contains(fragment.line) else { continue }
                    written.append(([write.table], column.name, line, []))
                }
            }
        }
        // A query file's statements (sqlc's `queries/*.sql`, aiosql's, yesql's, HugSQL's), each its own literal.
        if queryFile, let statements = RowWrite.queryFileStatements(file.bytes) {
            for statement in statements {
                guard let write = RowWrite.read(statement.sql) else { continue }
                for (column, line) in zip(write.columns, write.lines(in: statement.sql, from: statement.line))
                where file.addedLines.contains(line) {
                    written.append(([write.table], column.name, line, []))
                }
            }
        }
        if builders, let language, Self.queryBuilderLanguages.contains(language), QueryBuilderWrites.mayWrite(file.bytes) {
            for write in QueryBuilderWrites.read(file.bytes, language: language) {
                for column in write.columns where file.addedLines.contains(column.line) {
                    written.append(([write.table], column.name, column.line, []))
                }
            }
        }
        if let dialect = language.flatMap(ModelWrites.Dialect.init), ModelWrites.mayWrite(file.bytes, dialect: dialect) {
            for write in ModelWrites.read(file.bytes, path: file.path, dialect: dialect, project: project) {
                let added = write.columns.filter { file.addedLines.contains($0.line) }
                guard !added.isEmpty else { continue }
                let nonColumns = ModelWrites.declaredNonColumns(of: write.model, dialect: dialect, in: project)
                for column in added { written.append((write.tables, column.name, column.line, nonColumns)) }
            }
        }
        var known: NameHashes?
        var missing: [(name: String, line: Int)] = []
        for (tables, column, line, nonColumns) in written {
            // A name decoded lossily (a Latin-1 file's `é`) cannot be compared with the migrations' bytes.
            guard !Self.implicitColumns.contains(column), !nonColumns.contains(column), !column.hasSuffix("_attributes"),
                  !(tables.joined() + column).contains("\u{FFFD}")
            else { continue }
            if known == nil { known = Self.schemaNames(of: project) }
            guard let known, let table = tables.first(where: known.contains), !known.contains(column) else { continue }
            // `user_id` from `t.references :user`, `taggable_type` from `morphs('taggable')`.
            if let stem = Self.referenceStem(column), known.contains(stem) { continue }
            missing.append(("\(table).\(column)", line))
        }
        return finding(in: file, missing: missing) { listed, count in
            "writes \(listed), which no migration of the project creates: add the migration and deploy it before "
                + "this code, or every write fails in production (and a retried job pays for its work each time)"
        }
    }

    private static let queryBuilderLanguages: Set<SourceLanguage> = [.javascript, .typescript, .python, .php]

    /// Columns frameworks add without naming them in a migration (`t.timestamps`, `$table->id()`, `softDeletes()`).
    private static let implicitColumns: Set<String> = [
        "id", "created_at", "updated_at", "inserted_at", "deleted_at", "createdAt", "updatedAt", "deletedAt",
        "remember_token",
    ]

    private static func referenceStem(_ column: String) -> String? {
        for suffix in ["_id", "_type", "Id"] where column.hasSuffix(suffix) && column.count > suffix.count {
            return String(column.dropLast(suffix.count))
        }
        return nil
    }

    /// The folders migrations live in, by name in lower case (`Migrations` is EF Core's, `changelog` Liquibase's,
    /// `post_migrate` the post-deployment migrations of GitLab's Rails layout): whatever they hold is read. In the folders of schema tools (`drizzle`, `supabase`, `prisma`) only files that
    /// are not code are: `supabase/functions/*.ts` and `prisma/seed.ts` write rows, they create no column.
    private static let migrationFolderNames: [[UInt8]] = [
        "migrations", "migrate", "migration", "versions", "alembic", "changelog", "changelogs", "post_migrate",
    ].map { Array($0.utf8) }
    private static let schemaToolFolderNames: [[UInt8]] = ["drizzle", "supabase", "prisma"].map { Array($0.utf8) }

    /// Whether `schemaNames` reads the file at `path`; asked of every path of the project, so it reads the path's
    /// bytes in place.
    private static func mayHoldSchema(_ path: String) -> Bool {
        var path = path
        let isCode = SourceLanguage(path: path) != nil
        return path.withUTF8 { bytes in
            func equals(_ range: Range<Int>, _ word: [UInt8]) -> Bool {
                range.count == word.count && zip(bytes[range], word).allSatisfy { Byte.lower($0) == $1 }
            }
            let nameStart = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
            let name = nameStart..<bytes.count
            var inSchemaFolder = false
            var start = 0
            while start < nameStart {
                let end = bytes[start..<nameStart].firstIndex(of: UInt8(ascii: "/")) ?? nameStart
                let folder = start..<end
                if equals(folder, Self.installed) || (start == 0 && equals(folder, Self.vendor)) { return false }
                if !inSchemaFolder {
                    inSchemaFolder = migrationFolderNames.contains { equals(folder, $0) }
                        || (!isCode && schemaToolFolderNames.contains { equals(folder, $0) })
                }
                start = end + 1
            }
            if name.count > 4, equals(name.suffix(4), Self.sqlSuffix) { return true }
            if equals(name, Self.railsSchema) { return true }
            return inSchemaFolder && !(name.count > 3 && equals(name.suffix(3), Self.markdownSuffix))
        }
    }

    private static let installed = Array("node_modules".utf8), vendor = Array("vendor".utf8)
    private static let sqlSuffix = Array(".sql".utf8), markdownSuffix = Array(".md".utf8)
    private static let railsSchema = Array("schema.rb".utf8)

    /// Every name the project's migrations and schema files mention: `.sql` files anywhere, Rails' `schema.rb`, and
    /// what a folder named like a migrations folder holds (installed dependencies and documents aside). Application
    /// code elsewhere is not read: the statement being judged would name its own column. Read once per check, and
    /// only when a changed line writes a row.
    static func schemaNames(of project: Project) -> NameHashes {
        // Under a lock: the workers ask at once, and each would read the whole set of files itself.
        readingLock.withLock { project.configuration("schema-without-migration:project") {
            var names = NameHashes()
            for path in project.paths where mayHoldSchema(path) {
                guard let bytes = project.contents(of: path) else { continue }
                // A query file (sqlc's `queries/*.sql`) names the columns its queries use, not ones it creates.
                if path.hasSuffix(".sql"), !path.contains("migrat"), RowWrite.isQueryFile(bytes) { continue }
                names.insertWords(of: bytes[...])
            }
            return names
        } }
    }

    /// The folders holding the project's migrations for the schema at `path`: Prisma's `migrations` beside the
    /// schema (or beside its folder, for a multi-file schema), every Drizzle journal's folder. Only folders with a
    /// migration in them: an empty or missing one means the project pushes its schema instead.
    static func migrationFolders(for path: String, format: MigrationFormat, in project: Project) -> [String] {
        switch format {
        case .prismaSchema:
            let directory = RepoPath.directory(of: path)
            var candidates = [directory.isEmpty ? "migrations" : directory + "/migrations"]
            if directory.hasSuffix("schema") {
                let parent = RepoPath.directory(of: directory)
                candidates.append(parent.isEmpty ? "migrations" : parent + "/migrations")
            }
            return candidates.filter { folder in
                project.paths.contains { $0.hasPrefix(folder + "/") && $0.hasSuffix("/migration.sql") }
            }
        case .drizzleSchema:
            return project.paths(named: "_journal.json").compactMap { journal in
                guard journal == "meta/_journal.json" || journal.hasSuffix("/meta/_journal.json") else { return nil }
                let folder = String(journal.dropLast("meta/_journal.json".count)).trimmingSuffix("/")
                return project.files(inDirectory: folder).contains { $0.hasSuffix(".sql") } ? folder : nil
            }
        default:
            return []
        }
    }


    /// The `versions` folders of the project's Alembic environments that hold a revision: beside an `env.py`, where
    /// an `alembic.ini` (or pyproject.toml's `[tool.alembic]`) puts them (`script_location`, `version_locations`),
    /// and any `versions` folder inside one named `alembic` or `migrations` (Flask-Migrate's), as gate's migration
    /// layouts find Alembic revisions.
    static func alembicVersionFolders(in project: Project) -> [String] {
        project.configuration("schema-without-migration:alembic") {
            var candidates = project.paths(named: "env.py").map { RepoPath.join(RepoPath.directory(of: $0), "versions") }
            for configuration in project.paths(named: "alembic.ini") + project.paths(named: "pyproject.toml") {
                guard let bytes = project.contents(of: configuration) else { continue }
                candidates += AlembicConfiguration.versionFolders(bytes, path: configuration)
            }
            for path in project.paths where path.hasSuffix(".py") && isConventionalAlembicRevision(path) {
                candidates.append(RepoPath.directory(of: path))
            }
            var folders: [String] = []
            // A test suite's Alembic environment (`tests/fixtures/migrations/versions`) migrates no database of the
            // project's.
            for candidate in candidates where !folders.contains(candidate)
                && !SecretFileKind.isTestCode(path: candidate + "/revision.py")
                && project.files(inDirectory: candidate).contains(where: { $0.hasSuffix(".py") }) {
                folders.append(candidate)
            }
            return folders
        }
    }

    /// `…/alembic/versions/*.py` or `…/migrations/versions/*.py`.
    private static func isConventionalAlembicRevision(_ path: String) -> Bool {
        // Asked of every Python path of the tree: the bytes first, not Foundation's search.
        guard PathBytes.with(path, { $0.contains("versions/") }) else { return false }
        let directories = path.split(separator: "/").dropLast()
        return directories.last == "versions" && directories.dropLast().contains { $0 == "alembic" || $0 == "migrations" }
    }


    /// Every identifier the files ending in `suffix` under `folders` mention: read once per check.
    static func namesMentioned(in folders: [String], ending suffix: String, of project: Project) -> NameHashes {
        readingLock.withLock { project.configuration("schema-without-migration:" + suffix + ":" + folders.joined(separator: "\n")) {
            var names = NameHashes()
            for path in project.paths where path.hasSuffix(suffix) && folders.contains(where: { path.hasPrefix($0.isEmpty ? "" : $0 + "/") }) {
                if let bytes = project.contents(of: path) { names.insertWords(of: bytes[...]) }
            }
            return names
        } }
    }

    private static let readingLock = NSLock()

    /// The words on the lines the change deletes: a declaration whose name is among them was edited.
    private static func deletedWords(_ file: SourceFile) -> NameHashes {
        var words = NameHashes()
        for hunk in file.change.hunks {
            for line in hunk.lines where line.kind == .deleted { words.insertWords(of: Array(line.text.utf8)[...]) }
        }
        return words
    }
}

/// Identifiers, compared as Postgres compares unquoted names (case aside), kept as hashes: a migration folder's
/// words cost no string each. Two names sharing a hash only make a name look created, never missing.
struct NameHashes: Sendable {
    private var hashes: Set<UInt64> = []

    mutating func insertWords(of bytes: ArraySlice<UInt8>) {
        var hash = Self.seed
        var inWord = false
        for byte in bytes {
            if Byte.isIdentifierPart(byte) {
                hash = Self.step(inWord ? hash : Self.seed, byte)
                inWord = true
            } else if inWord {
                hashes.insert(hash)
                inWord = false
            }
        }
        if inWord { hashes.insert(hash) }
    }

    func contains(_ name: String) -> Bool { hashes.contains(name.utf8.reduce(Self.seed, Self.step)) }

    private static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a over the lower-cased byte.
    private static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(Byte.lower(byte))) &* 0x100_0000_01b3 }
}

private extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
