import GateTestSupport
import XCTest

/// `DROP POLICY` takes an ACCESS EXCLUSIVE lock on its table, as `CREATE POLICY` and `ALTER POLICY` do: the shape of
/// a Supabase migration that replaces a row-security policy, checked on a real repository.
final class DropPolicyLockTests: XCTestCase {
    private func repository() throws -> (repo: GitFixture, base: String) {
        let repo = try GitFixture()
        try repo.write("supabase/migrations/20240101000000_profiles.sql", """
            create table public.profiles (id uuid primary key, username text, avatar_url text);
            alter table public.profiles enable row level security;
            create policy "Public profiles are viewable by everyone." on public.profiles for select using (true);
            """)
        return (repo, try repo.commit("profiles"))
    }

    func testDroppingAPolicyWithoutALockTimeoutIsTheFirstStatementThatLocks() throws {
        let (repo, base) = try repository()
        let path = "supabase/migrations/20240301000000_profiles_signed_in.sql"
        try repo.write(path, """
            drop policy if exists "Public profiles are viewable by everyone." on public.profiles;
            create policy "Profiles are viewable by signed-in users." on public.profiles for select to authenticated using (true);
            """)
        _ = try repo.commit("signed-in users only")
        let report = try GateCheckReport(repo, base: base)
        // The lock without a lock_timeout is the drop's (once per migration, on the first statement that locks);
        // the drop stays a contract (it can take rows away from running code), so its finding names that first.
        XCTAssertEqual(report.statements(of: path), [
            "1: drop policy if exists \"Public profiles are viewable by everyone.\" on public.profiles "
                + "[contract-without-post-phase, missing-lock-timeout]",
            "2: create policy \"Profiles are viewable by signed-in users.\" on public.profiles for select to authenticated using (true) []",
        ])
        let contract = try XCTUnwrap(report.findings("contract-without-post-phase").first)
        XCTAssertEqual(contract["line"] as? Int, 1)
        XCTAssertTrue((contract["message"] as? String ?? "").contains("also: no lock_timeout"), "\(contract)")
    }

    func testABoundedLockOrANewTableNeedsNoLockTimeoutFinding() throws {
        let (repo, base) = try repository()
        let bounded = "supabase/migrations/20240301000000_profiles_signed_in.sql"
        try repo.write(bounded, """
            -- gate:phase post
            set lock_timeout = '2s';
            drop policy "Public profiles are viewable by everyone." on public.profiles;
            """)
        // A policy dropped from a table the same migration creates locks nothing running code waits on.
        let fresh = "supabase/migrations/20240302000000_teams.sql"
        try repo.write(fresh, """
            create table public.teams (id uuid primary key, name text);
            create policy "Teams are public." on public.teams for select using (true);
            drop policy "Teams are public." on public.teams;
            """)
        _ = try repo.commit("policies")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertEqual(report.findings("missing-lock-timeout").count, 0, "\(report.located.sorted())")
        XCTAssertEqual(report.statements(of: bounded).last, "3: drop policy \"Public profiles are viewable by everyone.\" on public.profiles []")
        XCTAssertEqual(report.statements(of: fresh).last, "3: drop policy \"Teams are public.\" on public.teams []")
    }
}
