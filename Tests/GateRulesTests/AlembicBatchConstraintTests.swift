import GateTestSupport
import XCTest

/// Alembic's `batch_op.create_primary_key` and `batch_op.drop_constraint` inside `with op.batch_alter_table(…)`
/// are read as the ALTER TABLE they run on Postgres, as the other batch operations are: checked on a real
/// repository holding a Flask-Migrate history.
final class AlembicBatchConstraintTests: XCTestCase {
    private func repository() throws -> (repo: GitFixture, base: String) {
        let repo = try GitFixture()
        try repo.write("migrations/versions/3e5a9b1c2d4f_user_roles.py", """
            from alembic import op
            import sqlalchemy as sa

            revision = "3e5a9b1c2d4f"
            down_revision = None

            def upgrade():
                op.create_table(
                    "user_roles",
                    sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("user_id", sa.Integer(), nullable=False),
                    sa.Column("role_id", sa.Integer(), nullable=False),
                )

            def downgrade():
                op.drop_table("user_roles")
            """)
        return (repo, try repo.commit("user roles"))
    }

    func testABatchBlockThatSwapsThePrimaryKeyIsReadAndJudged() throws {
        let (repo, base) = try repository()
        let path = "migrations/versions/7c1f0e2d9a3b_composite_user_roles_key.py"
        try repo.write(path, """
            \"\"\"composite primary key for user_roles

            Revision ID: 7c1f0e2d9a3b
            Revises: 3e5a9b1c2d4f
            \"\"\"
            from alembic import op
            import sqlalchemy as sa

            revision = "7c1f0e2d9a3b"
            down_revision = "3e5a9b1c2d4f"

            def upgrade():
                with op.batch_alter_table("user_roles", schema=None) as batch_op:
                    batch_op.drop_constraint("user_roles_pkey", type_="primary")
                    batch_op.create_primary_key("user_roles_pkey", ["user_id", "role_id"])

            def downgrade():
                with op.batch_alter_table("user_roles", schema=None) as batch_op:
                    batch_op.drop_constraint("user_roles_pkey", type_="primary")
                    batch_op.create_primary_key("user_roles_pkey", ["id"])
            """)
        _ = try repo.commit("composite key")
        let report = try GateCheckReport(repo, base: base)
        // The upgrade's two operations, not the downgrade's.
        XCTAssertEqual(report.statements(of: path), [
            "14: ALTER TABLE user_roles DROP CONSTRAINT user_roles_pkey [client-breaking-change]",
            "15: ALTER TABLE user_roles ADD CONSTRAINT user_roles_pkey PRIMARY KEY (user_id, role_id) [unique-constraint-under-lock]",
        ])
        XCTAssertTrue(report.located.isSuperset(of: [
            "client-breaking-change \(path):14", "unique-constraint-under-lock \(path):15",
        ]), "\(report.located.sorted())")
        // Not expand-only: the migration builds a unique index under the table's lock.
        XCTAssertEqual(report.findings("expand-only-migration").count, 0)
    }

    func testAPrimaryKeyOnATableTheMigrationCreatesLocksNothingLive() throws {
        let (repo, base) = try repository()
        let path = "migrations/versions/9d8e7f6a5b4c_sessions.py"
        try repo.write(path, """
            from alembic import op
            import sqlalchemy as sa

            revision = "9d8e7f6a5b4c"
            down_revision = "3e5a9b1c2d4f"

            def upgrade():
                op.create_table("sessions", sa.Column("token", sa.String(length=64), nullable=False))
                with op.batch_alter_table("sessions") as batch_op:
                    batch_op.create_primary_key("pk_sessions", ["token"])

            def downgrade():
                with op.batch_alter_table("sessions") as batch_op:
                    batch_op.drop_constraint("pk_sessions", type_="primary")
                op.drop_table("sessions")
            """)
        _ = try repo.commit("sessions")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertEqual(report.statements(of: path), [
            "8: CREATE TABLE sessions (token varchar(64) NOT NULL) []",
            "10: ALTER TABLE sessions ADD CONSTRAINT pk_sessions PRIMARY KEY (token) []",
        ])
        XCTAssertEqual(report.findings("unique-constraint-under-lock").count, 0, "\(report.located.sorted())")
        XCTAssertEqual(report.findings("client-breaking-change").count, 0, "\(report.located.sorted())")
    }
}
