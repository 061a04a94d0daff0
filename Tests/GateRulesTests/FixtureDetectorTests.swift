import Foundation
import GateCore
import GateRules
import GateTestSupport
import XCTest

/// Runs every detector over the end-to-end fixture suite (Tests/GateKitTests/Fixtures) without git: each
/// changed file becomes a `SourceFile` from a line diff of its base and head text. The real pipeline
/// (GateKitTests/FixtureSuiteTests) checks the same expectations through git and the policy.
final class FixtureDetectorTests: XCTestCase {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GateKitTests/Fixtures")

    /// Mirrors the built-in policy's `paths.ignore` (GatePolicy's PathSettings.defaultIgnore).
    static let ignored: [Glob] = [
        "vendor/**", "**/node_modules/**", "**/*.min.js", "**/*.min.css", "**/dist/**", "**/*.generated.*", "**/*.pb.go",
        "**/*_pb2.py",
    ]
        .compactMap { try? Glob($0) }

    /// Mirrors the built-in policy's `paths.tests` (GatePolicy's PathSettings.defaultTestPatterns), whose findings the
    /// policy lowers to low (asking nothing), secrets and policy changes excepted (PolicyEvaluator.lowersInTests).
    static let tests: [Glob] = [
        "*.test.*", "*.spec.*", "*.cy.*", "*_test.{go,py,rb}", "test_*.py", "conftest.py", "tests.py", "*_spec.rb",
        "*{Test,Tests}.{java,kt,cs,swift,php}",
        "{tests,test,__tests__,spec,testdata,__mocks__,e2e,cypress,playwright,Tests}/**",
        "**/{tests,__tests__,testdata,__mocks__,e2e,cypress,playwright,Tests}/**", "**/src/test/**",
        "*.stories.*", "**/.storybook/**", "{examples,example}/**",
    ].compactMap { try? Glob($0) }
    static let loweredInTests: Set<GateCore.Category> = [
        .paidExternalCall, .batchModelCall, .paidRetry, .unprotectedEndpoint, .schemaChange,
    ]

    /// As the built-in policy's `PathSettings.isTest`: a test pattern's match, unless the file is a route served from a
    /// test-named folder.
    static func isTest(_ path: String) -> Bool {
        tests.contains { $0.matches(path) }
            && !FileRouting.isRouteInTestNamedFolder(path, isTest: { candidate in tests.contains { $0.matches(candidate) } })
    }

    func testFixtureSuiteIsLargeAndCoversEveryOutcome() throws {
        let fixtures = try ChangeFixture.all(in: Self.fixturesDirectory)
        XCTAssertGreaterThanOrEqual(fixtures.count, 40)
        for decision in ["pass", "needs-approval", "block"] {
            XCTAssertTrue(fixtures.contains { $0.decision == decision }, "no fixture decides \(decision)")
        }
    }

    func testDetectorsFindExactlyTheExpectedFindings() throws {
        for fixture in try ChangeFixture.all(in: Self.fixturesDirectory) {
            let findings = Self.findings(for: fixture)
            let actual = Set(findings.map {
                ChangeFixture.Expected(category: $0.category.rawValue, path: $0.path, line: $0.line)
            })
            XCTAssertEqual(
                actual.sorted(), fixture.expected.sorted(),
                "\(fixture.name): missing \(fixture.expected.subtracting(actual).sorted()), unexpected \(actual.subtracting(fixture.expected).sorted())")
            // A finding whose action is pass (an expand-only migration's fast track, style advice) asks nothing.
            // Test code's findings ask nothing under the built-in policy.
            // A route served from a test-named folder, or a router the app includes, is no test code (PathSettings.isTest).
            let served = Set(findings.filter(\.servedFile).map(\.path))
            let asking = findings.filter { finding in
                !(Self.loweredInTests.contains(finding.category) && Self.isTest(finding.path) && !served.contains(finding.path))
            }
            let decision: String = asking.contains { $0.action == .block }
                ? "block" : asking.allSatisfy { $0.action == .pass } ? "pass" : "needs-approval"
            XCTAssertEqual(decision, fixture.decision, "\(fixture.name): decision")
        }
    }

    /// The globs a fixture's policy lists as `paths.migrations` or `paths.jobs`, read from their flow lists
    /// (`migrations: ["db/dist/migrations/**"]`): GateRules' tests cannot load a policy.
    static func declaredMigrationsAndJobs(inPolicy text: String?) -> [Glob] {
        guard let text else { return [] }
        return text.split(separator: "\n").flatMap { line -> [Glob] in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("migrations:") || trimmed.hasPrefix("jobs:"),
                  let open = trimmed.firstIndex(of: "["), let close = trimmed.lastIndex(of: "]")
            else { return [] }
            return trimmed[trimmed.index(after: open)..<close].split(separator: ",").compactMap {
                try? Glob($0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")))
            }
        }
    }

    static func findings(for fixture: ChangeFixture) -> [Finding] {
        let base = fixture.baseSnapshot
        var renamedFrom: [String: String] = [:]
        for edit in fixture.edits {
            if case .rename(let from, let to) = edit { renamedFrom[to] = from }
        }
        // A migration deleted and one added under its version: one migration renamed, as `gate check`'s diff pairs
        // them (its `renameKey`) where git's similarity does not.
        var sidesByKey: [String: (deleted: [String], added: [String])] = [:]
        let renamedSources = Set(renamedFrom.values)
        for path in fixture.baseSnapshot.keys where fixture.headSnapshot[path] == nil && !renamedSources.contains(path) {
            if let key = DetectorRegistry.migrationRenameKey(of: path, context: DetectionContext()) {
                sidesByKey[key, default: ([], [])].deleted.append(path)
            }
        }
        for path in fixture.headSnapshot.keys where fixture.baseSnapshot[path] == nil && renamedFrom[path] == nil {
            if let key = DetectorRegistry.migrationRenameKey(of: path, context: DetectionContext()) {
                sidesByKey[key, default: ([], [])].added.append(path)
            }
        }
        for sides in sidesByKey.values where sides.deleted.count == 1 && sides.added.count == 1 {
            renamedFrom[sides.added[0]] = sides.deleted[0]
        }
        // The head tree as the code index sees it, so calls resolve across the fixture's files as in `gate check`.
        // Text as gate reads it from git: without a leading UTF-8 byte-order mark (GateGit's TextBytes.text).
        let head = fixture.headSnapshot.mapValues { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        var context = DetectionContext(testPaths: tests)
        context.code = CodeIndex(tree: InMemorySourceTree(head), recognizer: CatalogueLeafRecognizer())
        // The base too, as `gate check` gives it (which migrations of the change are new).
        context.baseTree = InMemorySourceTree(base)
        let scanner = Scanner(context: context)
        // The whole-change analyses too (schema against code, endpoints the change leaves alone), as `gate check`
        // runs them after the detectors.
        var analyzers = AnalyzerRegistry.makeAll()
        // The scripts, Makefiles and manifests the CI files of either side run along with gate, as `gate check`'s
        // intake finds them.
        var runners = GateRunners()
        for snapshot in [head, base] {
            for (path, text) in snapshot.sorted(by: { $0.key < $1.key }) { runners.read(ciFile: path, bytes: Array(text.utf8)) }
            runners.resolveCandidates { snapshot[$0].map { Array($0.utf8) } }
        }
        let entryPoints = EntryPointManifests.entryPoints(
            read: { head[$0].map { Array($0.utf8) } },
            list: { folder in
                head.keys.sorted().filter { $0.hasPrefix(folder + "/") }.map { (path: $0, bytes: Array((head[$0] ?? "").utf8)) }
            })
        let declared = Self.declaredMigrationsAndJobs(inPolicy: base[".gate/policy.yml"])
        var findings: [Finding] = []
        for (path, content) in head.sorted(by: { $0.key < $1.key }) {
            let basePath = renamedFrom[path] ?? path
            let baseContent = base[basePath]
            if baseContent == content && basePath == path { continue }
            // Renamed from a name that is no code to code: judged whole, as an added file (GateKit's ChangeIntake).
            let becomesCode = basePath != path && SourceLanguage(path: basePath, contents: Array(content.utf8)) == nil
                && SourceLanguage(path: path, contents: Array(content.utf8)) != nil
            var file = DetectorExample(content, path: path, base: becomesCode ? nil : baseContent).makeSourceFile()
            if basePath != path, !becomesCode {
                // A rename, as git's diff gives it: the old path beside the new (a guard renamed away, a route moved).
                var change = file.change
                change.kind = .renamed
                change.oldPath = basePath
                file = SourceFile(change: change)
            }
            if let ciFile = runners.runner(of: path), !PolicyChangeDetector.isCIFile(path), !PolicyChangeDetector.isGateDirectory(path) {
                findings += PolicyChangeDetector().findingsForGateScript(file, runBy: ciFile)
            }
            // A CI file that runs gate only through a file it calls.
            if let gateFile = runners.gateFile(calledBy: basePath) ?? runners.gateFile(calledBy: path) {
                findings += PolicyChangeDetector().findingsForGateCaller(file, gateFile: gateFile)
            }
            // The build-output pattern never hides a route served from a folder named dist, nor the minified one a route
            // file named so, nor any pattern an entry point a root manifest names (GatePolicy's `ignores`, GateKit's
            // ChangeIntake).
            // Nor a path the fixture's own policy declares as migrations or jobs (GatePolicy's `declaresMigrationsOrJobs`).
            if !entryPoints.contains(path), !declared.contains(where: { $0.matches(path) }), ignored.contains(where: {
                $0.matches(path) && !($0.pattern == "**/dist/**" && FileRouting.isRouteInFolderNamedDist(path))
                    && !($0.pattern == "**/*.min.js" && FileRouting.isRouteNamedMinified(path))
            }) {
                continue
            }
            findings += scanner.scan(file)
            for index in analyzers.indices { analyzers[index].observe(file, context: context) }
        }
        // The files the change deletes, as `gate check`'s diff gives them to the whole-change analyses: every line
        // deleted (a paid function moved out of a deleted file is paired with where it went).
        let renamedAway = Set(renamedFrom.values)
        for (path, content) in base.sorted(by: { $0.key < $1.key }) where head[path] == nil && !renamedAway.contains(path) {
            let lines = content.split(separator: "\n", omittingEmptySubsequences: false).dropLast(content.hasSuffix("\n") ? 1 : 0)
            let hunk = Hunk(
                oldStart: 1, oldCount: lines.count, newStart: 0, newCount: 0,
                lines: lines.enumerated().map { DiffLine(kind: .deleted, oldNumber: $0 + 1, newNumber: nil, text: String($1)) })
            let file = SourceFile(change: FileChange(
                path: path, kind: .deleted, newMode: .absent, hunks: [hunk], content: .text([])))
            if let gateFile = runners.gateFile(calledBy: path) {
                findings += PolicyChangeDetector().findingsForGateCaller(file, gateFile: gateFile)
            }
            for index in analyzers.indices { analyzers[index].observe(file, context: context) }
        }
        for analyzer in analyzers {
            guard let result = try? analyzer.finish(head: InMemoryHeadTree(files: head), context: context) else {
                XCTFail("\(fixture.name): a whole-change analysis failed")
                continue
            }
            findings.removeAll(where: result.replaces)
            findings += result.findings
        }
        return findings
    }
}

