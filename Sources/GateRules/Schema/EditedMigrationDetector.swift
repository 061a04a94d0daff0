import GateCode
import GateCore
import GateSQL

/// A migration the base already had, edited by the change, in place or as it is renamed within the migrations (a
/// rename into them from elsewhere is an added migration). (A migration renamed with its content as it was, or
/// deleted whole, is left alone: a pure rename stays one, as RoleChangeRenameTests has it, and squashing deletes
/// old migrations.)
///
/// Migrations are history: a database that applied one does not apply it again, so an edit reaches only databases
/// built from scratch, and the environments that ran the file before drift from the code that expects the edit.
/// `gate deploy` refuses a migration whose checksum changed after it was applied (SPEC §5, drift), as Flyway and
/// Prisma do; judging the edited file as a new one (the schema detectors read its head text whole) would call a
/// shipped `CREATE TABLE` with one more column an expand-only migration on the fast track.
struct EditedMigrationDetector: Detector {
    /// The shipped Rails migration the examples edit.
    private static let shippedRailsMigration = """
        class CreateNotes < ActiveRecord::Migration[7.1]
          def change
            create_table :notes do |t|
              t.text :body, null: false
              t.timestamps
            end
          end
        end
        """

    let description = DetectorDescription(
        id: "edited-migration", name: "Migration changed after it shipped", category: .schemaChange,
        rationale: """
            A migration the base of the change already had is history: databases that applied it will not apply \
            it again, so an edit to it (a column added to its CREATE TABLE, a statement appended, one taken out; in \
            place, or as the change renames it within the migrations) reaches only new databases, and `gate deploy`, Flyway and Prisma refuse a migration whose checksum \
            changed after it was applied. The change belongs in a new migration; a database reviewer signs off an \
            edit. SQL files are judged \
            byte for byte (their checksum is what deploy compares); a framework migration in code only when more \
            than its comments and layout change (rubocop adding `# frozen_string_literal: true` to every old \
            migration changes nothing a database runs). Not judged: rollback scripts, Flyway's repeatable `R__` \
            migrations (applied again whenever they change, by design), Graphile Migrate's `current.sql` (work in \
            progress) and Liquibase changelogs, where new changesets are appended to the same file.
            """,
        triggering: [
            DetectorExample(
                """
                CREATE TABLE notes (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    body text NOT NULL
                );
                ↓ALTER TABLE notes ADD COLUMN pinned boolean NOT NULL DEFAULT false;
                """,
                path: "db/migrations/0001_init.sql",
                base: """
                    CREATE TABLE notes (
                        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        body text NOT NULL
                    );
                    """),
            DetectorExample(
                """
                class CreateNotes < ActiveRecord::Migration[7.1]
                  def change
                    create_table :notes do |t|
                      t.text :body, null: false
                ↓      t.bigint :owner_id, null: false
                      t.timestamps
                    end
                  end
                end
                """,
                path: "db/migrate/20240101000000_create_notes.rb",
                base: Self.shippedRailsMigration),
        ],
        nonTriggering: [
            // Only comments and layout: nothing a database runs changed, and Rails keeps no checksum.
            DetectorExample(
                "# frozen_string_literal: true\n\n" + Self.shippedRailsMigration,
                path: "db/migrate/20240101000000_create_notes.rb",
                base: Self.shippedRailsMigration),
            // Flyway applies a repeatable migration again whenever its checksum changes: editing it is the point.
            DetectorExample(
                """
                CREATE OR REPLACE VIEW active_notes AS
                    SELECT id, body, pinned FROM notes WHERE archived_at IS NULL;
                """,
                path: "src/main/resources/db/migration/R__active_notes.sql",
                base: """
                    CREATE OR REPLACE VIEW active_notes AS
                        SELECT id, body FROM notes WHERE archived_at IS NULL;
                    """),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        guard let edit = Self.edit(of: file, context: context) else { return [] }
        func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }
        var name = fileName(file.path)
        if let old = file.change.oldPath, file.change.kind == .renamed, fileName(old) != name { name = "\(fileName(old)) (now \(name))" }
        let message = "\(edit.kind.framework) migration \(name) existed before this change, and the change edits it: "
            + "databases that applied it will not apply it again (gate deploy refuses a migration changed after it was "
            + "applied); put the change in a new migration"
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: edit.line, message: message,
            evidence: SchemaFindings.lineText(file, edit.line))]
    }

    /// The kind of a migration the base already had whose text the change edits, and the line to report; nil when
    /// the change adds or deletes the file, renames it without editing it, leaves what it runs as it was, or the
    /// file is no migration applied once (`isHistory`). A rename reaching this detector keeps the migration what it
    /// was: one moved into the migrations, or given another identity (version), is judged as an added file.
    static func edit(of file: SourceFile, context: DetectionContext) -> (kind: MigrationFileKind, line: Int)? {
        // Most changed files are new or no migration: answered from the change's kind and the path's bytes.
        guard file.change.kind == .modified || file.change.kind == .renamed,
              file.change.hunks.contains(where: { $0.lines.contains { $0.kind != .context } }),
              MigrationLayout.mayClassify(file.path, extra: context.migrationPaths),
              let kind = MigrationLayout.classify(file.path, head: file.bytes, extra: context.migrationPaths),
              isHistory(kind, path: file.path), changesWhatRuns(file, kind: kind)
        else { return nil }
        return (kind, SchemaFindings.firstAddedLine(file) ?? file.deletionPoints.first ?? 1)
    }

    /// Whether the file is one applied once and remembered: not a rollback, a repeatable or an append-only changelog.
    static func isHistory(_ kind: MigrationFileKind, path: String) -> Bool {
        switch kind.format {
        case .sqlRollback, .liquibase, .prismaSchema, .drizzleSchema: return false
        case .sql:
            let components = path.split(separator: "/")
            if kind.framework == "flyway", components.last?.hasPrefix("R__") == true { return false }
            // Graphile Migrate's work in progress (`migrations/current.sql` or `migrations/current/`), which it
            // never applies: it is edited until committed as the next numbered migration.
            return !zip(components, components.dropFirst()).contains { $0 == "migrations" && ($1 == "current.sql" || $1 == "current") }
        default: return true
        }
    }

    /// Whether the edit changes what the migration runs: any byte of SQL (its checksum is what deploy compares), or
    /// a framework migration's tokens, comments and layout aside.
    static func changesWhatRuns(_ file: SourceFile, kind: MigrationFileKind) -> Bool {
        guard kind.format != .sql else { return true }
        // A Liquibase XML or YAML changelog is no code gate lexes: read with its comments and layout set aside.
        if kind.format == .liquibase, file.language == nil { return ChangelogLayout.differs(file.baseBytes(), file.bytes) }
        guard let language = file.language else { return true }
        let base = Lexer.lex(file.baseBytes(), language: language)
        let head = Lexer.lex(file.bytes, language: language)
        guard base.tokens.count == head.tokens.count else { return true }
        // Rails loads a migration by the class its file name camelizes to, so a renamed one renames its class with it:
        // that name is part of the rename (renamed-migration's), nothing the database runs.
        let classFollowsName = kind.format == .rails && file.change.kind == .renamed
        let classKeyword = Array("class".utf8)
        return base.tokens.indices.contains { index in
            guard base.bytes[base.tokens[index].start..<base.tokens[index].end]
                != head.bytes[head.tokens[index].start..<head.tokens[index].end]
            else { return false }
            return !(classFollowsName && index > 0
                && base.bytes[base.tokens[index - 1].start..<base.tokens[index - 1].end].elementsEqual(classKeyword))
        }
    }
}
