import GateCore
import GateSQL

/// DDL run from application code rather than a migration.
struct DDLInCodeDetector: Detector {
    let description = DetectorDescription(
        id: "ddl-in-code", name: "DDL in application code", category: .schemaChange,
        rationale: """
            Schema changes run from application code (execute("ALTER TABLE …"), cursor.execute, db.exec) bypass \
            the migration history: they run whenever the code runs, on every instance, outside any ordering or \
            verification. The SQL is parsed so its hazards are reported too. In a project that keeps migrations, so \
            do the schema builder and the ORM's sync run by the application (knex.schema.createTable, \
            sequelize.sync, TypeORM's synchronize, metadata.create_all, GORM's AutoMigrate, connection.add_column, \
            Schema::table, Database.EnsureCreated) and Hibernate's schema generation switched on in the application's \
            settings (spring.jpa.hibernate.ddl-auto: update, hibernate.hbm2ddl.auto, Quarkus's database.generation; \
            not in a development or test profile). So does SQL a release or deploy command hands psql (`release: psql \
            "$DATABASE_URL" -c "ALTER TABLE …"` in a Procfile, a release script, a package.json script, a CI step), \
            judged as the same statements in a migration would be. Messages that open with DDL words (logged, raised, \
            shown) are no DDL.
            """,
        triggering: [
            DetectorExample(
                """
                def ensure_schema(cursor):
                ↓    cursor.execute("ALTER TABLE reports ADD COLUMN summary text")
                """,
                path: "app/bootstrap.py"),
            DetectorExample(
                """
                export async function setup(db) {
                ↓  await db.exec(`CREATE INDEX reports_owner ON reports (owner_id)`);
                }
                """,
                path: "src/setup.ts"),
            DetectorExample(
                """
                export async function enableEmbeddings() {
                ↓  await sql`CREATE EXTENSION IF NOT EXISTS vector`;
                }
                """,
                path: "src/lib/db/setup.ts"),
            // A schema builder or an ORM's sync run by the application of a project that keeps migrations.
            DetectorExample(
                """
                async function ensureSessionTable() {
                  if (!(await knex.schema.hasTable("sessions"))) {
                ↓    await knex.schema.createTable("sessions", (table) => { table.string("sid").primary(); });
                  }
                }
                """,
                path: "src/sessionStore.js", alongside: [(knexMigration.path, knexMigration.text)]),
            DetectorExample(
                """
                engine = create_engine(settings.database_url)
                ↓Base.metadata.create_all(engine)
                app = FastAPI()
                """,
                path: "app/main.py", alongside: [(alembicRevision.path, alembicRevision.text)]),
            // Hibernate altering the tables at start-up, beside the project's Flyway migrations.
            DetectorExample(
                """
                spring:
                  jpa:
                    hibernate:
                ↓      ddl-auto: update
                """,
                path: "src/main/resources/application.yml",
                base: "spring:\n  jpa:\n    hibernate:\n      ddl-auto: validate\n",
                alongside: [(flywayMigration.path, flywayMigration.text)]),
            // A release phase running DDL through psql on every deploy.
            DetectorExample(
                """
                web: bin/start-web
                ↓release: psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -c "ALTER TABLE reports ADD COLUMN summary text"
                """,
                path: "Procfile", base: "web: bin/start-web\n"),
        ],
        nonTriggering: [
            // psql reading, or running a file by name (judged as that file).
            DetectorExample(
                """
                #!/bin/sh
                psql "$DATABASE_URL" -c "SELECT count(*) FROM schema_migrations"
                psql "$DATABASE_URL" -f db/seed.sql
                """,
                path: "bin/deploy"),
            // A reference copy of the schema in the documentation: nothing runs it.
            DetectorExample(
                """
                CREATE TABLE reports (id bigserial PRIMARY KEY, summary text);
                DROP TABLE IF EXISTS legacy_reports;
                """,
                path: "docs/schema.sql"),
            DetectorExample(
                """
                rows = cursor.execute("SELECT summary FROM reports WHERE id = %s", (report_id,))
                table_name = "reports"  # the table we read
                """,
                path: "app/reports.py"),
            DetectorExample(
                """
                const extension = path.extname(file); // create extensions for the upload later
                """,
                path: "src/uploads.ts"),
            // Messages for people: logged, raised, shown. What a logger or a toast is handed is no SQL, and a text
            // that goes on in words after the verb's object (`step skipped`, `refused:`) is no statement.
            DetectorExample(
                """
                def provision(tenant):
                    log.info("create table step skipped for %s: schema managed by migrations", tenant)
                    raise RuntimeError("drop table refused: tenant %s still active" % tenant)
                """,
                path: "app/tenants.py"),
            DetectorExample(
                """
                export function onArchiveFailed(tenant: string) {
                  toast.error("Drop table failed");
                  throw new Error(`create index failed for ${tenant}`);
                }
                """,
                path: "src/admin/tables.ts"),
            // A test database made from the models, beside the project's migrations: test code.
            DetectorExample(
                """
                @pytest.fixture(scope="session")
                def engine():
                    engine = create_engine(TEST_DATABASE_URL)
                    Base.metadata.create_all(engine)
                    yield engine
                """,
                path: "tests/conftest.py", alongside: [(alembicRevision.path, alembicRevision.text)]),
            // A project without migrations keeps its schema by the ORM's sync: there is no history to bypass.
            DetectorExample(
                """
                async function start() {
                  await sequelize.sync();
                  app.listen(3000);
                }
                """,
                path: "src/server.js"),
            // A development profile's database is nobody's production: Hibernate may make its tables.
            DetectorExample(
                "spring.jpa.hibernate.ddl-auto=update\nspring.datasource.url=jdbc:h2:mem:dev\n",
                path: "src/main/resources/application-dev.properties",
                alongside: [(flywayMigration.path, flywayMigration.text)]),
        ])

    private static let knexMigration = (
        path: "migrations/20240301120000_create_contacts.js",
        text: "exports.up = (knex) => knex.schema.createTable(\"contacts\", (t) => { t.increments(\"id\"); });\n"
    )
    private static let flywayMigration = (
        path: "src/main/resources/db/migration/V1__create_invoices.sql",
        text: "CREATE TABLE invoices (id bigserial PRIMARY KEY);\n"
    )
    private static let alembicRevision = (
        path: "alembic/versions/1a2b3c4d5e6f_create_invoices.py",
        text: "from alembic import op\n\n\ndef upgrade():\n    op.create_table(\"invoices\")\n"
    )

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let shared = SchemaFileAnalysis.shared(file, context: context)
        guard shared.analysis.kind == .ddlInCode else { return [] }
        let analysis = shared.analysis
        return Set(analysis.ddlLines).filter { file.addedLines.contains($0) }.sorted().map { line in
            Finding(
                rule: description.id, category: .schemaChange, path: file.path, line: line,
                message: analysis.shellCommand.map {
                    "runs DDL through `\($0)` in shell text (a release or deploy command), outside the migration history and its ordering"
                } ?? analysis.schemaCalls[line].map {
                    "changes the schema from application code (\($0)), outside the migration history and its ordering"
                } ?? "runs DDL from application code, outside the migration history and its ordering",
                evidence: SchemaFindings.lineText(file, line))
        }
    }
}
