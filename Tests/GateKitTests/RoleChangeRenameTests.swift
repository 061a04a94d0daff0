import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// A file moved unchanged into a role its old path did not give it (a migration the deploy runs, an endpoint
/// served by where it lives) is judged whole, as an added file, through the real check; a move within one role
/// stays a pure rename, with no finding.
final class RoleChangeRenameTests: XCTestCase {
    private static let dropScript = "-- clean up after the import experiment\nDROP TABLE users;\n"

    /// A Next.js handler calling OpenAI with no sign-in and no rate limit: an open endpoint once it is a route.
    private static let openChatHandler = """
        import OpenAI from "openai";

        const client = new OpenAI();

        export async function POST(req: Request) {
          const { prompt } = await req.json();
          const completion = await client.chat.completions.create({
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: prompt }],
          });
          return Response.json(completion.choices[0].message);
        }

        """

    private func check(_ repo: GitFixture) throws -> Report {
        try CheckRunner().run(CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", environment: [:]))
    }

    private func renamed(from old: String, to new: String, content: String) throws -> Report {
        let repo = try GitFixture.onFeatureBranch(files: [old: content, "package.json": "{\"name\": \"app\"}\n"])
        let directory = URL(fileURLWithPath: repo.path).appendingPathComponent(new).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try repo.git("mv", old, new)
        try repo.commit("move \(old)")
        return try check(repo)
    }

    func testADropScriptMovedIntoTheMigrationsIsJudgedAsAMigration() throws {
        let report = try renamed(from: "scratch/drop_users.sql", to: "db/migrations/20260101000000_drop_users.sql",
                                 content: Self.dropScript)
        let drop = try XCTUnwrap(report.findings.first { $0.rule == "drop-table" }, "\(report.findings)")
        XCTAssertEqual(drop.path, "db/migrations/20260101000000_drop_users.sql")
        XCTAssertEqual(drop.line, 2)
        XCTAssertNotEqual(report.decision, .pass)
    }

    func testAMigrationRenamedWithinTheMigrationsIsARenameNotNewStatements() throws {
        let report = try renamed(from: "db/migrations/20250101000000_drop_users.sql",
                                 to: "db/migrations/20260101000000_drop_users.sql", content: Self.dropScript)
        // Its statements are not judged again as a new migration's (no drop-table); the rename to another version of
        // a shipped migration is what needs sign-off (a database that applied it would apply it again).
        XCTAssertEqual(report.findings.map(\.rule), ["renamed-migration"])
        XCTAssertEqual(report.decision, .needsApproval)
    }

    func testAnOpenHandlerMovedOntoARoutePathIsAnEndpoint() throws {
        let report = try renamed(from: "lib/chat-handler.ts", to: "app/api/chat/route.ts", content: Self.openChatHandler)
        let endpoint = try XCTUnwrap(report.findings.first { $0.rule == "unprotected-endpoint" }, "\(report.findings)")
        XCTAssertEqual(endpoint.path, "app/api/chat/route.ts")
        XCTAssertEqual(endpoint.provider, "openai")
    }

    /// Moving the pages router's API route to the app router serves the same endpoint: nothing new to judge.
    func testARouteMovedToAnotherRoutePathStaysAPureRename() throws {
        let report = try renamed(from: "pages/api/chat.ts", to: "app/api/chat/route.ts", content: Self.openChatHandler)
        XCTAssertEqual(report.findings, [])
    }

    func testCodeMovedWithinSourcesStaysAPureRename() throws {
        let report = try renamed(from: "src/chat-handler.ts", to: "src/handlers/chat.ts", content: Self.openChatHandler)
        XCTAssertEqual(report.findings, [])
        let script = try renamed(from: "scratch/drop_users.sql", to: "scripts/sql/drop_users.sql", content: Self.dropScript)
        XCTAssertEqual(script.findings, [])
    }
}
