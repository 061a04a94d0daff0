import GateCode
import GateCore
import GateSQL

/// A migration the base already had, renamed by the change in the same migrations directory, under the same version
/// or another one, with what it runs left as it was (an edit as well is `edited-migration`'s).
///
/// `gate deploy` knows an applied migration by its path in the migrations directory (its ledger's `name`): a database
/// that applied the old name finds it missing at head and the new name pending, and the deploy refuses (SPEC §5
/// step 4). Some tools go further and apply it again (Prisma keys `_prisma_migrations` by folder name). The rename is
/// paired by version even when git does not pair it (`MigrationLayout.renameKey`, `Repository.diff`'s `renameKey`):
/// a short file edited as well is too different for git's similarity. Renamed to another version unchanged (a Flyway
/// `V3__x.sql` become `V7__x.sql`, paired by git, whose similarity pairs identical files), it is a new migration to
/// every tool that records versions, which would run it again. A rename into another directory (the whole migrations
/// folder moved, names kept, or a migration moved to another service's folder) or of an Alembic revision (named by the
/// `revision` inside it) is not this.
struct RenamedMigrationDetector: Detector {
    /// The golang-migrate migration the examples rename.
    private static let invoiceLines = """
        CREATE TABLE invoice_lines (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            invoice_id bigint NOT NULL REFERENCES invoices (id),
            amount_cents bigint NOT NULL
        );
        """

    /// The Prisma migration the examples rename.
    private static let prismaInit = """
        -- CreateTable
        CREATE TABLE "User" (
            "id" SERIAL NOT NULL,
            "email" TEXT NOT NULL,

            CONSTRAINT "User_pkey" PRIMARY KEY ("id")
        );
        """

    /// The Alembic revision the examples rename.
    private static let alembicRevision = """
        \"\"\"create reports

        Revision ID: 4d2e8a1b9c07
        Revises:
        \"\"\"
        import sqlalchemy as sa
        from alembic import op

        revision = "4d2e8a1b9c07"
        down_revision = None


        def upgrade():
            op.create_table("reports", sa.Column("id", sa.BigInteger(), primary_key=True))


        def downgrade():
            op.drop_table("reports")
        """

    let description = DetectorDescription(
        id: "renamed-migration", name: "Migration renamed after it shipped", category: .schemaChange,
        rationale: """
            A migration the base of the change already had, renamed under the same version (`000002_invoice_lines.up.sql` \
            to `000002_add_invoice_lines.up.sql`, a Prisma folder `20240101000000_init` to `…_create_users`): `gate \
            deploy` knows an applied migration by its file name, so a database that applied it sees it missing and a \
            new migration pending, and the deploy refuses until the old name is back. Prisma keys \
            `_prisma_migrations` by folder name and would apply it again; Knex, Sequelize and Laravel record file \
            names too; Flyway's validate fails on the changed description. Tools that record only the version \
            (golang-migrate, goose, dbmate, Rails) do not mind, but gate's ledger does. Paired by version even when \
            git does not see a rename (a short migration edited as well); an edit as well is `edited-migration` (a \
            Rails class renamed with its file, as Rails requires, is part of the rename). A shipped migration renamed \
            to another version with what it runs unchanged (Flyway `V3__x.sql` to `V7__x.sql`, a Prisma folder given \
            a later timestamp) is reported too: tools that record versions take it for a new migration and run it \
            again. Not judged: rollback files (their up migration is), a migrations folder moved with its names kept \
            or a migration moved into another service's migrations folder, and Alembic revisions, which Alembic \
            knows by the `revision` inside them.
            """,
        triggering: [
            DetectorExample(
                "↓" + Self.invoiceLines, path: "db/migrations/000002_add_invoice_lines.up.sql", base: Self.invoiceLines,
                renamedFrom: "db/migrations/000002_invoice_lines.up.sql"),
            DetectorExample(
                "↓" + Self.prismaInit, path: "prisma/migrations/20240101000000_create_users/migration.sql",
                base: Self.prismaInit, renamedFrom: "prisma/migrations/20240101000000_init/migration.sql"),
            // Rails loads a migration by the class its file name camelizes to: the class renamed with the file is
            // part of the rename, not an edit.
            DetectorExample(
                """
                ↓class AddArchivedToNotes < ActiveRecord::Migration[7.1]
                  def change
                    add_column :notes, :archived, :boolean, default: false, null: false
                  end
                end
                """,
                path: "db/migrate/20240301090000_add_archived_to_notes.rb",
                base: """
                    class AddArchived < ActiveRecord::Migration[7.1]
                      def change
                        add_column :notes, :archived, :boolean, default: false, null: false
                      end
                    end
                    """,
                renamedFrom: "db/migrate/20240301090000_add_archived.rb"),
            // Renumbered after it shipped: Flyway applied V3 and would now report it missing and apply V7 anew.
            DetectorExample(
                "↓CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n",
                path: "src/main/resources/db/migration/V7__index_orders_by_customer.sql",
                base: "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n",
                renamedFrom: "src/main/resources/db/migration/V3__index_orders_by_customer.sql"),
        ],
        nonTriggering: [
            // Moved into another service's migrations (another database) and numbered there: not this database's history.
            DetectorExample(
                "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n",
                path: "services/orders/src/main/resources/db/migration/V1__index_orders_by_customer.sql",
                base: "CREATE INDEX orders_customer_id_idx ON orders (customer_id);\n",
                renamedFrom: "services/billing/src/main/resources/db/migration/V3__index_orders_by_customer.sql"),
            // The rollback is renamed with its up migration, which carries the finding.
            DetectorExample(
                "DROP TABLE invoice_lines;\n", path: "db/migrations/000002_add_invoice_lines.down.sql",
                base: "DROP TABLE invoice_lines;\n", renamedFrom: "db/migrations/000002_invoice_lines.down.sql"),
            // The whole migrations folder moved (deploy.migrations follows it): every name in it is kept.
            DetectorExample(
                Self.invoiceLines, path: "database/migrations/000002_invoice_lines.up.sql", base: Self.invoiceLines,
                renamedFrom: "db/migrations/000002_invoice_lines.up.sql"),
            // Alembic knows a revision by the `revision` inside it, whatever the file is called.
            DetectorExample(
                Self.alembicRevision, path: "alembic/versions/4d2e8a1b9c07_create_reports_table.py",
                base: Self.alembicRevision, renamedFrom: "alembic/versions/4d2e8a1b9c07_create_reports.py"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        guard let rename = Self.rename(of: file, context: context) else { return [] }
        let directory = MigrationLayout.migrationsDirectory(of: file.path, kind: rename.kind)
        func name(_ path: String) -> String {
            directory == "." ? path : String(path.dropFirst(directory.count + 1))
        }
        var message: String
        if let oldVersion = rename.oldVersion {
            // Another version: every tool that records versions takes it for a new migration and runs it again.
            message = "\(rename.kind.framework) migration \(name(rename.oldPath)) existed before this change, and the "
                + "change renames it to \(name(file.path)), another version (\(oldVersion) to \(rename.version)), "
                + "running the same statements: a database that applied version \(oldVersion) would apply it again as "
                + "a new migration (or, where the tool or gate deploy misses the applied one, refuse)"
            if let consequence = Self.versionConsequence[rename.kind.framework] { message += "; \(consequence)" }
            message += "; keep the name it shipped with, and put a change in a new migration"
        } else {
            message = "\(rename.kind.framework) migration \(name(rename.oldPath)) existed before this change, and the "
                + "change renames it to \(name(file.path)) under the same version \(rename.version): gate deploy knows an "
                + "applied migration by its file name, so a database that applied it would see it missing and a new "
                + "migration pending, and the deploy refuses"
            if let consequence = Self.toolConsequence[rename.kind.framework] { message += "; \(consequence)" }
            message += "; keep the name it shipped with"
        }
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: 1, message: message,
            evidence: SchemaFindings.lineText(file, 1))]
    }

    /// What the tool itself does with a migration renamed after it ran, for the tools whose record of it is known.
    private static let toolConsequence: [String: String] = [
        "prisma": "prisma migrate deploy keys _prisma_migrations by folder name and would apply it again",
        "flyway": "Flyway's validate fails on the changed description (\"Migration description mismatch\") until a repair",
        "drizzle": "drizzle-kit finds it through meta/_journal.json's tag, which must name the new file, and keys its own table by hash and time",
        "knex": "Knex records file names in knex_migrations and refuses to migrate while an applied one is missing",
        "sequelize": "Sequelize records file names in SequelizeMeta and would run it again",
        "laravel": "Laravel records file names in its migrations table and would run it again",
        "golang-migrate": "golang-migrate itself records only the version",
        "goose": "goose itself records only the version",
        "dbmate": "dbmate itself records only the version",
        "rails": "Rails itself records only the version",
    ]

    /// What the tool does with a shipped migration given another version, for the tools whose record of it is known.
    private static let versionConsequence: [String: String] = [
        "prisma": "prisma migrate deploy keys _prisma_migrations by folder name and would apply it again",
        "flyway": "Flyway reports the applied version as missing locally and applies the new one as pending (or refuses it as out of order)",
        "golang-migrate": "golang-migrate records only the version and would run it again",
        "goose": "goose records only the version and would run it again",
        "dbmate": "dbmate records only the version and would run it again",
        "rails": "Rails records only the version and would run it again",
        "knex": "Knex records file names in knex_migrations and refuses to migrate while an applied one is missing",
        "sequelize": "Sequelize records file names in SequelizeMeta and would run it again",
        "laravel": "Laravel records file names in its migrations table and would run it again",
    ]

    /// The migration's kind, old path and version when the change renames a migration the base had in the same
    /// directory, running what it ran (nothing of it edited: an edit as well is `edited-migration`'s), under the same
    /// version (`oldVersion` nil) or another one (`oldVersion` the one it shipped with; git must pair the files, which
    /// it does for identical content); nil otherwise.
    static func rename(of file: SourceFile, context: DetectionContext)
        -> (kind: MigrationFileKind, oldPath: String, version: String, oldVersion: String?)?
    {
        // Most changed files are no rename: answered from the change's kind before any path is read.
        guard file.change.kind == .renamed, let oldPath = file.change.oldPath, oldPath != file.path,
              MigrationLayout.mayClassify(file.path, extra: context.migrationPaths),
              let kind = MigrationLayout.classify(file.path, head: file.bytes, extra: context.migrationPaths),
              EditedMigrationDetector.isHistory(kind, path: file.path),
              let oldKind = MigrationLayout.classify(oldPath, head: file.bytes, extra: context.migrationPaths),
              let slot = MigrationLayout.slotKey(of: file.path, kind: kind),
              MigrationLayout.slotKey(of: oldPath, kind: oldKind) == slot,
              EditedMigrationDetector.edit(of: file, context: context) == nil
        else { return nil }
        let version = MigrationLayout.identity(of: file.path, kind: kind)
        if MigrationLayout.renameKey(of: oldPath, kind: oldKind) == MigrationLayout.renameKey(of: file.path, kind: kind) {
            return (kind, oldPath, version, nil)
        }
        return (kind, oldPath, version, MigrationLayout.identity(of: oldPath, kind: oldKind))
    }
}

extension DetectorRegistry {
    /// The key under which `gate check` pairs a deleted file and an added one as a rename git did not find, so that
    /// `renamed-migration` and `edited-migration` judge it as one: a migration's directory, version and part
    /// (`MigrationLayout.renameKey`), its kind read from the path alone; nil for every other file.
    public static func migrationRenameKey(of path: String, context: DetectionContext) -> String? {
        // Asked of every file a change adds or deletes (when it deletes any): the path's bytes answer for most.
        guard MigrationLayout.mayClassify(path, extra: context.migrationPaths),
              let kind = MigrationLayout.classify(path, extra: context.migrationPaths)
        else { return nil }
        return MigrationLayout.renameKey(of: path, kind: kind)
    }
}
