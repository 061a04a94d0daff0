#!/usr/bin/env python3
"""Writes N synthetic Postgres migration files (deterministic) under DIR/db/migrations."""
import os
import random
import sys

STATEMENTS = [
    "ALTER TABLE {t} ADD COLUMN {c} text;",
    "ALTER TABLE {t} ADD COLUMN {c} integer NOT NULL DEFAULT 0;",
    "ALTER TABLE {t} ADD COLUMN {c} text NOT NULL;",
    "ALTER TABLE {t} ADD COLUMN {c} uuid DEFAULT gen_random_uuid();",
    "ALTER TABLE {t} ADD COLUMN {c} timestamptz NOT NULL DEFAULT now();",
    "CREATE INDEX idx_{t}_{c} ON {t} ({c});",
    "CREATE INDEX CONCURRENTLY idx_{t}_{c}_c ON {t} ({c});",
    "CREATE UNIQUE INDEX CONCURRENTLY uq_{t}_{c} ON {t} ({c});",
    "DROP INDEX CONCURRENTLY IF EXISTS idx_{t}_{c}_old;",
    "ALTER TABLE {t} ALTER COLUMN {c} TYPE bigint;",
    "ALTER TABLE {t} ALTER COLUMN {c} TYPE varchar(120);",
    "ALTER TABLE {t} ALTER COLUMN {c} SET NOT NULL;",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_nn CHECK ({c} IS NOT NULL) NOT VALID;",
    "ALTER TABLE {t} VALIDATE CONSTRAINT {t}_{c}_nn;",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_fk FOREIGN KEY ({c}) REFERENCES users (id);",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_fk2 FOREIGN KEY ({c}) REFERENCES users (id) NOT VALID;",
    "ALTER TABLE {t} ADD CONSTRAINT {t}_{c}_key UNIQUE ({c});",
    "ALTER TABLE {t} RENAME COLUMN {c} TO {c}_v2;",
    "ALTER TABLE {t} DROP COLUMN {c}_legacy;",
    "UPDATE {t} SET {c} = 0 WHERE {c} IS NULL;",
    "INSERT INTO {t} (id, {c}) VALUES (1, 'x') ON CONFLICT DO NOTHING;",
    "CREATE TABLE {t}_{c}_log (\n    id bigserial PRIMARY KEY,\n    {c} text NOT NULL,\n    created_at timestamptz NOT NULL DEFAULT now()\n);",
    "ALTER TYPE {t}_status ADD VALUE IF NOT EXISTS 'archived';",
    "TRUNCATE {t}_staging CASCADE;",
    "COMMENT ON COLUMN {t}.{c} IS 'generated';",
    "CREATE OR REPLACE VIEW {t}_active AS SELECT * FROM {t} WHERE {c} IS NOT NULL;",
    "REINDEX INDEX idx_{t}_{c};",
    "REINDEX INDEX CONCURRENTLY idx_{t}_{c};",
    "LOCK TABLE {t} IN SHARE MODE;",
    "REFRESH MATERIALIZED VIEW {t}_daily;",
    "REFRESH MATERIALIZED VIEW CONCURRENTLY {t}_daily;",
    "ALTER TABLE {t} ADD COLUMN {c}_total bigint GENERATED ALWAYS AS (id * 2) STORED;",
    "ALTER TABLE {t} ALTER COLUMN {c} DROP NOT NULL;",
    "CREATE TRIGGER {t}_{c}_audit AFTER UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION audit_row();",
    "UPDATE {t} SET {c} = NULL WHERE id IN (SELECT id FROM {t} WHERE {c} = '' LIMIT 1000);",
    "ALTER TABLE {t} ADD COLUMN {c}_payload json;",
    "DO $$ BEGIN EXECUTE 'ALTER TABLE {t} DROP COLUMN {c}_old'; END $$;",
]

TABLES = ["users", "reports", "orders", "invoices", "sessions", "events", "accounts", "projects"]
COLUMNS = ["summary", "status", "score", "owner_id", "plan", "region", "token", "title"]


def main():
    count = int(sys.argv[1])
    directory = os.path.join(sys.argv[2], "db", "migrations")
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(42)
    for number in range(1, count + 1):
        lines = [f"-- migration {number}: generated for the gate bench"]
        if rng.random() < 0.5:
            lines.append("SET lock_timeout = '5s';")
        for _ in range(rng.randint(3, 12)):
            template = rng.choice(STATEMENTS)
            lines.append(template.format(t=rng.choice(TABLES), c=rng.choice(COLUMNS)))
        with open(os.path.join(directory, f"{number:05d}_change.sql"), "w") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
