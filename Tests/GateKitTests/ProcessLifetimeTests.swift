import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// What the command line leaves to the process exit (`ProcessLifetime`, `CheckRunner.leavesMemoryToExit`).
final class ProcessLifetimeTests: XCTestCase {
    private final class Tracked {}

    func testAKeptValueOutlivesItsLastOtherReference() {
        weak var kept: Tracked?
        weak var freed: Tracked?
        do {
            let first = Tracked(), second = Tracked()
            kept = first
            freed = second
            ProcessLifetime.keepUntilExit(first)
        }
        XCTAssertNotNil(kept, "a kept value was freed")
        XCTAssertNil(freed, "the test's own reference kept the other value alive: it proves nothing")
    }

    /// Leaving the working data to the exit changes nothing a check reports (the duration aside).
    func testACheckThatLeavesItsMemoryToTheExitReportsTheSame() throws {
        let repo = try GitFixture.onFeatureBranch()
        let added = [
            "src/app/api/chat/route.ts": """
                import OpenAI from "openai";
                const client = new OpenAI();
                export async function POST(request: Request) {
                  const { prompt } = await request.json();
                  const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                  return Response.json(completion);
                }
                """,
            "prisma/migrations/20261130_add_usage/migration.sql": "ALTER TABLE \"User\" ADD COLUMN \"usage\" integer;\n",
        ]
        for (path, text) in added { try repo.write(path, text) }
        try repo.commit("chat route and usage column")
        let request = CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", environment: [:])
        func rendered(_ runner: CheckRunner) throws -> String {
            var report = try runner.run(request)
            report.stats.durationMs = 0
            return String(decoding: try JSONReportRenderer.utf8(report), as: UTF8.self)
        }
        XCTAssertFalse(CheckRunner().leavesMemoryToExit, "a library caller's check must free its memory")
        let freed = try rendered(CheckRunner())
        XCTAssertTrue(freed.contains("unprotected-endpoint") && freed.contains("schema-migration"), freed)
        XCTAssertEqual(try rendered(CheckRunner(leavesMemoryToExit: true)), freed)
    }
}
