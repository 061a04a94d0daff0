import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// The end-to-end fixture suite: each fixture becomes a real git repository (base commit, head commit), and
/// `gate check`'s pipeline must report exactly the expected findings (category, path, line) and decision, and its
/// JSON report must be the same bytes from the fast writer as from Foundation's `JSONEncoder`.
final class FixtureSuiteTests: XCTestCase {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    func testEveryFixtureYieldsItsFindingsAndDecision() throws {
        let fixtures = try ChangeFixture.all(in: Self.fixturesDirectory)
        XCTAssertGreaterThanOrEqual(fixtures.count, 40)
        for fixture in fixtures {
            guard let report = assertFixtureReport(fixture, built: try fixture.build(), label: fixture.name) else { continue }
            try assertStableJSONWritersAgree("\(fixture.name): JSON report") { try JSONReportRenderer.render(report) }
        }
    }

    /// A clone or a fetched repository holds its objects in packs, which gate reads itself (GateGit's PackReader)
    /// rather than through libgit2: every fixture's report must be the same bytes from its packed objects as from
    /// its loose ones, with the versions of edited files stored as deltas.
    func testEveryFixtureReportsTheSameFromPackedObjects() throws {
        for fixture in try ChangeFixture.all(in: Self.fixturesDirectory) {
            let built = try fixture.build()
            let request = CheckRequest(repositoryPath: built.repository.path, base: built.base, head: built.head, environment: [:])
            func report() throws -> String {
                var report = try CheckRunner().run(request)
                report.stats.durationMs = 0
                return String(decoding: try JSONReportRenderer.utf8(report), as: UTF8.self)
            }
            let loose = try report()
            try built.repository.git("repack", "-adq", "--depth=50", "--window=50")
            try built.repository.git("prune-packed")
            let packDirectory = built.repository.path + "/.git/objects/pack"
            XCTAssertTrue(try FileManager.default.contentsOfDirectory(atPath: packDirectory).contains { $0.hasSuffix(".pack") })
            XCTAssertEqual(try report(), loose, "\(fixture.name): the report from packed objects differs")
        }
    }
}
