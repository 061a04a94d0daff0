import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// Fixtures whose findings come from files gate reads line by line (dependency manifests, migration layouts, Spring
/// settings, package scripts, Kubernetes CronJobs, Symfony and DRF configuration, C#/Go/Rust project files), run
/// again with every file written with Windows line ends: the same findings on the same lines, the same decision.
/// (Swift reads `\r\n` as one `Character`, so a reader splitting on `"\n"` once saw such a file as a single line.)
final class WindowsLineEndingFixtureTests: XCTestCase {
    /// The fixtures, by name without `.fixture`; `GATE_CRLF_FIXTURES=all` runs every fixture (slow; to look for
    /// readers still splitting on `"\n"`).
    static let fixtureNames = [
        "23-requirements-anthropic", "31-go-mod-new-openai", "48-cargo-new-async-openai", "r31-go-package-wrapper",
        "r71-rust-mod-tree", "w8-csharp-interface-in-service-file", "x110-3-dotnet-typed-and-named-clients-configured-apart",
        "x193-1-spring-ai-retry-settings-above-the-bound", "x420-1-spring-flyway-ddl-auto-update",
        "x415-1-goose-migrations-in-sqlc-schema-folder", "x50-varchar-widening-judged-against-the-earlier-migrations-column",
        "x285-2-prisma-fields-with-migration-or-pushed", "x82-package-json-gate-script-weakened-is-a-policy-change",
        "p34-symfony-access-control-api", "x94-1-symfony-scoped-client-to-openai", "r15-python-drf-default-permissions",
        "u15-drf-default-permission-allow-any", "x172-kubernetes-cronjobs-and-scheduled-workflows-run-commands",
    ]

    func testFixturesReadTheSameWithWindowsLineEnds() throws {
        let all = try ChangeFixture.all(in: FixtureSuiteTests.fixturesDirectory)
        let everything = ProcessInfo.processInfo.environment["GATE_CRLF_FIXTURES"] == "all"
        let fixtures = everything ? all : all.filter { Self.fixtureNames.contains($0.name) }
        if !everything { XCTAssertEqual(Set(fixtures.map(\.name)), Set(Self.fixtureNames)) }
        for fixture in fixtures {
            assertFixtureReport(fixture, built: try fixture.withLineEnds("\r\n").build(), label: "\(fixture.name) (CRLF)")
        }
    }
}
