import Foundation
import GateTestSupport
import XCTest

/// libpq and libcurl are loaded when a database or GitHub's API is first used, not when gate starts (CLibpq, CHTTP):
/// a check runs with neither loadable, and a command that needs one that cannot be loaded fails with a clear error.
final class OnDemandLibrariesTests: XCTestCase {
    private func environment(libraries: TemporaryDirectory) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_LIBRARY_PATH"] = libraries.path + (environment["LD_LIBRARY_PATH"].map { ":" + $0 } ?? "")
        return environment
    }

    func testACheckStartsWithoutLibpqOrLibcurl() throws {
        let fakes = try librariesStandingIn(for: ["libpq.so.5", "libcurl.so.4"])
        let repo = try GitFixture.onFeatureBranch()
        try repo.write(
            "src/reply.ts",
            "import OpenAI from \"openai\";\nconst client = new OpenAI();\n"
                + "export const reply = (q: string) => client.chat.completions.create({ model: \"gpt-4o\", messages: [] });\n")
        try repo.commit("a paid call")
        // Linked, either library would be the stand-in and gate would not start (or would stop at its first call).
        let run = try runProcess(
            gateExecutablePath(), ["check", "--base", "main", "--head", "feature", "--format", "json"], in: repo.path,
            environment: environment(libraries: fakes))
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("\"paid-sdk-call\""), run.stdout)

        let linked = try runProcess("ldd", [gateExecutablePath()])
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertTrue(linked.stdout.contains("libgit2"), linked.stdout)
        XCTAssertFalse(linked.stdout.contains("libpq"), linked.stdout)
        XCTAssertFalse(linked.stdout.contains("libcurl"), linked.stdout)
    }

    func testADatabaseCommandWithoutALoadableLibpqIsAnError() throws {
        let fakes = try librariesStandingIn(for: ["libpq.so.5"])
        let repo = try GitFixture()
        try repo.write("README.md", "app\n")
        try repo.commit("start")
        let arguments = ["status", "--env", "production", "--database-url", "postgresql://127.0.0.1:9/app"]
        let run = try runProcess(gateExecutablePath(), arguments, in: repo.path, environment: environment(libraries: fakes))
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("cannot load libpq (libpq.so.5): it has no PQconnectdb"), run.stderr)

        // The real libpq, reached: the error is the connection's.
        let real = try runProcess(gateExecutablePath(), arguments, in: repo.path)
        XCTAssertEqual(real.status, 2, real.stdout + real.stderr)
        XCTAssertTrue(real.stderr.contains("127.0.0.1"), real.stderr)
        XCTAssertFalse(real.stderr.contains("cannot load libpq"), real.stderr)
    }
}
