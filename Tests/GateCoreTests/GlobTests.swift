import GateCore
import XCTest

final class GlobTests: XCTestCase {
    /// Each pattern matches its `matching` paths and none of its `other` ones.
    private func assertCases(
        _ cases: [(pattern: String, matching: [String], other: [String])], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        for (pattern, matching, other) in cases {
            let glob = try Glob(pattern)
            for path in matching { XCTAssertTrue(glob.matches(path), "\(pattern) should match \(path)", file: file, line: line) }
            for path in other { XCTAssertFalse(glob.matches(path), "\(pattern) should not match \(path)", file: file, line: line) }
        }
    }

    func testDoubleStarCrossesDirectories() throws {
        let glob = try Glob("vendor/**")
        XCTAssertTrue(glob.matches("vendor/a.js"))
        XCTAssertTrue(glob.matches("vendor/x/y/z.py"))
        XCTAssertFalse(glob.matches("src/vendor.js"))
    }

    func testPatternWithoutSlashMatchesAtAnyDepth() throws {
        let glob = try Glob("*.min.js")
        XCTAssertTrue(glob.matches("a.min.js"))
        XCTAssertTrue(glob.matches("web/static/app.min.js"))
        XCTAssertFalse(glob.matches("web/static/app.js"))
    }

    func testSingleStarStaysInOneSegment() throws {
        let glob = try Glob("db/migrations/*.sql")
        XCTAssertTrue(glob.matches("db/migrations/0001_init.sql"))
        XCTAssertFalse(glob.matches("db/migrations/old/0001_init.sql"))
        XCTAssertFalse(glob.matches("other/db/migrations/0001_init.sql"))
    }

    func testLeadingDoubleStarAndBracesAndSets() throws {
        XCTAssertTrue(try Glob("**/dist/**").matches("packages/web/dist/app.js"))
        XCTAssertTrue(try Glob("jobs/{nightly,hourly}/*.py").matches("jobs/hourly/run.py"))
        XCTAssertFalse(try Glob("jobs/{nightly,hourly}/*.py").matches("jobs/weekly/run.py"))
        XCTAssertTrue(try Glob("v[0-9].sql").matches("v3.sql"))
        XCTAssertFalse(try Glob("v[!0-9].sql").matches("v3.sql"))
        XCTAssertTrue(try Glob("file?.txt").matches("file1.txt"))
    }

    /// Each alternative's longest literal run rejects paths without it before matching: the literal must be taken
    /// from one segment, around wildcards, sets, escapes and braces, or a path that matches would be rejected.
    func testLiteralShortcutNeverRejectsAMatch() throws {
        let cases: [(pattern: String, matching: [String], other: [String])] = [
            ("**", ["a", "a/b/c.ts"], []),
            ("*.min.js", ["vendor/x.min.js", "x.min.js"], ["x.min.ts", "xmin.js"]),
            ("{dist,build}/**", ["dist/a.js", "build/x/y"], ["src/dist.js", "builds/a"]),
            ("docs/[a-c]?*.md", ["docs/b1.md", "docs/cat.md"], ["docs/d1.md", "doc/b1.md"]),
            (#"src/**/gen\*/*.ts"#, ["src/a/gen*/x.ts"], ["src/a/genx/x.ts"]),
            ("**/node_modules/**", ["node_modules/a/b.js", "web/node_modules/x"], ["web/node_module/x"]),
            ("migrations/*_{up,down}.sql", ["migrations/001_up.sql", "migrations/2_down.sql"], ["migrations/001_up.txt"]),
        ]
        try assertCases(cases)
    }

    func testEndingShortcutNeverRejectsAMatch() throws {
        // Each alternative's last literal bytes must end the last component; trailing slashes make no component.
        let cases: [(pattern: String, matching: [String], other: [String])] = [
            ("**/*.min.js", ["a/b.min.js", "x.min.js", "a/x.min.js/", "a//x.min.js"], ["a/b.min.js.map", "a/b.min.js/c"]),
            ("**/package-lock.json", ["package-lock.json", "web/package-lock.json"], ["web/package-lock.json.bak"]),
            ("**/*.{pb.go,map}", ["api/x.pb.go", "dist/app.js.map"], ["api/x.go", "map/x.ts"]),
            ("vendor/**", ["vendor/a.go", "vendor/x/y.map"], ["src/vendor/a.go"]),
            ("**/*_pb2.py", ["a/x_pb2.py"], ["a/x_pb2.pyc", "a/x_pb3.py"]),
            ("src/*[0-9]", ["src/v1", "src/a9"], ["src/v", "src/v1/x"]),
            (#"**/x\*"#, ["a/x*"], ["a/xy"]),
        ]
        try assertCases(cases)
    }

    /// A pattern anchored at the root turns away paths whose first component does not start with its literal
    /// bytes; slashes before the first component make none, and wildcards or sets end the literal start.
    func testBeginningShortcutNeverRejectsAMatch() throws {
        let cases: [(pattern: String, matching: [String], other: [String])] = [
            ("{tests,spec}/**", ["tests/a.ts", "spec/x/y", "/tests/a.ts", "//spec/a"], ["src/tests/a.ts", "test/a.ts", "testsx/a"]),
            ("src/test/**", ["src/test/a.java"], ["src/main/a.java", "app/src/test/a.java", "sr"]),
            ("te?t/**", ["test/a", "text/b"], ["tet/a", "a/test/b"]),
            ("[st]rc/*.ts", ["src/a.ts", "trc/b.ts"], ["arc/a.ts"]),
            (#"\*x/**"#, ["*x/a"], ["ax/a"]),
            ("a", ["a", "b/a"], ["ab"]),
        ]
        try assertCases(cases)
    }

    /// Copies of a glob share what it compiled to; globs are equal when their patterns are the same bytes, since a
    /// canonically equivalent spelling (`é` as one scalar or two) matches other paths.
    func testEqualityIsByPatternBytes() throws {
        let glob = try Glob("src/**/*.ts")
        let copy = glob
        XCTAssertEqual(glob, copy)
        XCTAssertEqual(glob, try Glob("src/**/*.ts"))
        XCTAssertNotEqual(glob, try Glob("src/**/*.js"))
        let composed = try Glob("caf\u{E9}/*")
        let decomposed = try Glob("cafe\u{301}/*")
        XCTAssertNotEqual(composed, decomposed)
        XCTAssertTrue(composed.matches("caf\u{E9}/menu.ts"))
        XCTAssertFalse(decomposed.matches("caf\u{E9}/menu.ts"))
        XCTAssertEqual(composed.pattern, "caf\u{E9}/*")
    }

    /// Paths short enough to be stored inline and long ones, built in pieces, are read alike.
    func testShortAndLongPathsMatchAlike() throws {
        let glob = try Glob("**/dist/**")
        XCTAssertTrue(glob.matches("dist/a.js"))
        let directories = (0..<40).map { "dir\($0)" }.joined(separator: "/")
        XCTAssertTrue(glob.matches(directories + "/dist/bundle.js"))
        XCTAssertTrue(glob.matches(String(directories.dropFirst(5)) + "/dist/bundle.js"))
        XCTAssertFalse(glob.matches(directories + "/dust/bundle.js"))
    }

    func testInvalidPatternsAreErrors() {
        XCTAssertThrowsError(try Glob("src/[abc"))
        XCTAssertThrowsError(try Glob("src/{a,b"))
        XCTAssertThrowsError(try Glob(""))
        XCTAssertThrowsError(try Glob("a}"))
    }
}

final class TimeSpanTests: XCTestCase {
    func testParsesUnits() throws {
        XCTAssertEqual(try TimeSpan(parsing: "5s").milliseconds, 5000)
        XCTAssertEqual(try TimeSpan(parsing: "14d").milliseconds, 14 * 86_400_000)
        XCTAssertEqual(try TimeSpan(parsing: "250ms").milliseconds, 250)
        XCTAssertEqual(try TimeSpan(parsing: "15m").description, "15m")
    }

    func testRejectsMalformed() {
        for text in ["", "5", "s", "5 x", "-5s", "1.5s", "99999999999999999999d"] {
            XCTAssertThrowsError(try TimeSpan(parsing: text), text)
        }
    }
}

final class RedactionTests: XCTestCase {
    func testSecretIsNeverShownWhole() {
        let secret = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd"
        let shown = Redaction.redact(secret)
        XCTAssertFalse(shown.contains(secret))
        XCTAssertFalse(shown.contains("ABCDEFGHIJ"))
        XCTAssertTrue(shown.hasPrefix("sk-p"))
    }

    func testConnectionStringPasswordsAreHidden() {
        XCTAssertEqual(
            Redaction.redactConnectionString("postgres://app:hunter2@db:5432/prod"), "postgres://app:***@db:5432/prod")
        XCTAssertEqual(
            Redaction.redactConnectionString("host=db password=hunter2 dbname=prod"),
            "host=db password=*** dbname=prod")
    }
}

final class FingerprintTests: XCTestCase {
    private func finding(path: String, line: Int, digest: String, action: Action = .requireApproval) -> Finding {
        var finding = Finding(
            rule: "openai-sdk-call", category: .paidExternalCall, path: path, line: line, message: "m",
            action: action)
        finding.hunkDigest = digest
        return finding
    }

    func testIgnoresLineNumbersAndOrder() {
        let a = Fingerprint.compute(findings: [finding(path: "a.py", line: 3, digest: "d1"),
                                               finding(path: "b.py", line: 9, digest: "d2")], policyDigest: "p")
        let b = Fingerprint.compute(findings: [finding(path: "b.py", line: 40, digest: "d2"),
                                               finding(path: "a.py", line: 7, digest: "d1")], policyDigest: "p")
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.hasPrefix("sha256:"))
        XCTAssertEqual(a.count, "sha256:".count + 64)
    }

    func testChangesWithHunkContentOrPolicy() {
        let base = Fingerprint.compute(findings: [finding(path: "a.py", line: 3, digest: "d1")], policyDigest: "p")
        XCTAssertNotEqual(base, Fingerprint.compute(findings: [finding(path: "a.py", line: 3, digest: "d9")], policyDigest: "p"))
        XCTAssertNotEqual(base, Fingerprint.compute(findings: [finding(path: "a.py", line: 3, digest: "d1")], policyDigest: "q"))
    }

    func testFindingsNotNeedingSignOffDoNotCount() {
        let none = Fingerprint.compute(findings: [], policyDigest: "p")
        let blocked = Fingerprint.compute(
            findings: [finding(path: "a.py", line: 3, digest: "d1", action: .block)], policyDigest: "p")
        XCTAssertEqual(none, blocked)
    }

    func testHunkDigestIgnoresContextAndNumbers() {
        let one = Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 2, lines: [
            DiffLine(kind: .context, oldNumber: 1, newNumber: 1, text: "x"),
            DiffLine(kind: .added, oldNumber: nil, newNumber: 2, text: "call()"),
        ])
        let moved = Hunk(oldStart: 10, oldCount: 1, newStart: 20, newCount: 2, lines: [
            DiffLine(kind: .context, oldNumber: 10, newNumber: 20, text: "y"),
            DiffLine(kind: .added, oldNumber: nil, newNumber: 21, text: "call()"),
        ])
        XCTAssertEqual(Fingerprint.hunkDigest(one), Fingerprint.hunkDigest(moved))
    }
}
