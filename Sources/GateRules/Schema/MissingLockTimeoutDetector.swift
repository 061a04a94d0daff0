import GateCore
import GateSQL

/// DDL without lock_timeout.
struct MissingLockTimeoutDetector: SchemaHazardDetector {
    static let message =
        "locks an existing table with no lock_timeout set before it: a long transaction makes every query on the table queue behind this statement"

    let description = DetectorDescription(
        id: "missing-lock-timeout", name: "DDL without lock_timeout", category: .schemaChange,
        rationale: """
            DDL waits for its lock behind any long transaction, and while it waits every other query on the table queues behind it: a blocked ALTER becomes an outage. A raw SQL migration should SET lock_timeout before its first statement that locks an existing table against reads or writes (not a CONCURRENTLY build or a VALIDATE CONSTRAINT, whose SHARE UPDATE EXCLUSIVE lock queues neither), a new table's foreign key to one included (it takes a SHARE ROW EXCLUSIVE lock on the table it references) (gate deploy also sets the policy's deploy.lock-timeout, but the migration may be run by other tools). Framework migrations (Rails, Django, Alembic, Knex…) are not judged: whether their runner sets a lock timeout is configured outside the migration (strong_migrations, database.yml `variables`, the connection's options), which gate does not read.
            """,
        triggering: [
            DetectorExample(
                """
                ↓ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_change.sql"),
            // Dropping a row-security policy locks its table as creating or altering one does.
            DetectorExample(
                """
                -- gate:phase post
                ↓DROP POLICY "Public profiles are viewable by everyone." ON public.profiles;
                """,
                path: "supabase/migrations/20240301000000_profiles_signed_in.sql"),
            // Prisma's migration for a new relation: the foreign key locks the existing "User" table.
            DetectorExample(
                """
                CREATE TABLE "Session" ("id" TEXT NOT NULL, "userId" TEXT NOT NULL, CONSTRAINT "Session_pkey" PRIMARY KEY ("id"));
                ↓ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
                """,
                path: "prisma/migrations/20240301000000_sessions/migration.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                CREATE TABLE notes (id bigint PRIMARY KEY);
                """,
                path: "db/migrations/0042_change.sql"),
            // SHARE UPDATE EXCLUSIVE: waiting for it queues no read or write behind it.
            DetectorExample(
                """
                ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
                """,
                path: "db/migrations/0043_validate_customer_fk.sql"),
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                DROP POLICY "Public profiles are viewable by everyone." ON public.profiles;
                """,
                path: "supabase/migrations/20240301000000_profiles_signed_in.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.missingLockTimeout, in: file, context: context, message: Self.message)
    }
}
