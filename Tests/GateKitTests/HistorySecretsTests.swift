import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

@testable import GateRules

/// Secrets in a range's history that its end result no longer shows, through the real check: the history scan
/// passes over file versions the head has and over directories a commit did not change, and each case here is
/// one where such a skip, drawn too wide, would drop a key that stays in the pushed history.
final class HistorySecretsTests: XCTestCase {
    /// Two keys of distinct values, each a well-formed OpenAI project key (assembled at run time, so no source file
    /// holds a key-shaped literal).
    private static let keys = ["history-one", "history-two"].map {
        "sk-" + "proj-" + ExampleSecret.random(156, from: ExampleSecret.tokenCharacters, seed: $0)
    }

    private func repository(files: [String: String] = [:]) throws -> GitFixture {
        try GitFixture.onFeatureBranch(files: files)
    }

    private func check(_ repo: GitFixture) throws -> Report {
        try CheckRunner().run(CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", environment: [:]))
    }

    /// The secret findings of a report, by path.
    /// The secret the check of `repo` blocks on at `path`, asserting its line and that it names the commit that
    /// added it.
    @discardableResult
    private func blockingHistorySecret(in repo: GitFixture, path: String, line: Int, addedIn commit: String) throws
        -> Finding
    {
        let report = try check(repo)
        XCTAssertEqual(report.decision, .block)
        let found = try XCTUnwrap(secrets(report)[path]?.first, "\(report.findings)")
        XCTAssertEqual(found.line, line)
        XCTAssertTrue(found.message.contains(String(commit.prefix(12))), found.message)
        return found
    }

    private func secrets(_ report: Report) -> [String: [Finding]] {
        Dictionary(grouping: report.findings.filter { $0.category == .secret }, by: \.path)
    }

    private static func settings(key: String?) -> String {
        "DEBUG = False\nLOG_LEVEL = \"info\"\n" + (key.map { "OPENAI_API_KEY = \"\($0)\"\n" } ?? "")
    }

    /// A version too large to diff is searched as bytes, as the range's own diff searches one: a key a commit added to
    /// a large file and a later commit removed is reported; one the file held before the range is not new.
    func testAKeyInAVersionOverTheSizeLimitIsStillReported() throws {
        let padding = String(repeating: "# generated fixture data, nothing to see here, just enough bytes to be large\n", count: 40)
        let old = "LEGACY_KEY = \"\(Self.keys[1])\"\n"
        let repo = try repository(files: ["data/fixtures.py": padding + old])
        try repo.write("data/fixtures.py", padding + old + "OPENAI_API_KEY = \"\(Self.keys[0])\"\n")
        let added = try repo.commit("fixtures with a live key")
        try repo.write("data/fixtures.py", padding + old)
        try repo.commit("drop the key")
        var request = CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", environment: [:])
        request.diffOptions.maxFileSize = 1_024
        let report = try CheckRunner().run(request)
        XCTAssertEqual(report.decision, .block)
        let found = secrets(report)["data/fixtures.py"] ?? []
        XCTAssertEqual(found.count, 1, "\(report.findings)")
        XCTAssertTrue(found.first?.message.contains(String(added.prefix(12))) ?? false, "\(found)")
        XCTAssertEqual(found.first?.line, 42)
        for finding in found { XCTAssertFalse(finding.evidence?.contains(Self.keys[0]) ?? false, "printed whole") }
    }

    /// Added in one commit and removed in the next, inside a directory whose other files the head keeps unchanged.
    func testKeyAddedAndRemovedWithinTheRangeIsReportedWithTheCommitThatAddedIt() throws {
        let repo = try repository(files: ["app/config/settings.py": Self.settings(key: nil), "app/config/other.py": "X = 1\n"])
        try repo.write("app/config/settings.py", Self.settings(key: Self.keys[0]))
        let added = try repo.commit("wire up the model")
        try repo.write("app/config/settings.py", Self.settings(key: nil))
        try repo.write("app/main.py", "print('ok')\n")
        try repo.commit("read the key from the environment")
        let found = try blockingHistorySecret(in: repo, path: "app/config/settings.py", line: 3, addedIn: added)
        XCTAssertTrue(found.message.contains("rotate"), found.message)
    }

    /// A base that already holds the head leaves nothing to check: the report says so, rather than reading as a
    /// clean change; a range with commits says nothing of the kind.
    func testAnEmptyRangeIsSaidToBeEmpty() throws {
        let repo = try repository(files: ["app/main.py": "print('ok')\n"])
        let empty = try CheckRunner().run(CheckRequest(repositoryPath: repo.path, base: "HEAD", head: "HEAD", environment: [:]))
        XCTAssertEqual(empty.decision, .pass)
        XCTAssertTrue(empty.notes.contains { $0.hasPrefix("the range is empty") }, "\(empty.notes)")
        try repo.write("app/other.py", "print('x')\n")
        try repo.commit("another file")
        XCTAssertFalse(try check(repo).notes.contains { $0.hasPrefix("the range is empty") })
    }

    /// A key pasted into a commit's subject is reported without quoting the subject: every output (the report, CI
    /// logs, the pull-request summary) would otherwise print it whole.
    func testAKeyInACommitSubjectIsNeverPrintedWhole() throws {
        let repo = try repository(files: ["app/main.py": "print('ok')\n"])
        // A second key, in a file: the subject's key and the file's are two findings.
        let fileKey = "sk-" + "proj-" + ExampleSecret.random(120, from: ExampleSecret.tokenCharacters, seed: "history-three")
        try repo.write("app/config/settings.py", Self.settings(key: fileKey))
        try repo.commit("use key \(Self.keys[0]) for now")
        try repo.write("app/config/settings.py", Self.settings(key: nil))
        try repo.commit("read the key from the environment")
        let report = try check(repo)
        let found = report.findings.filter { $0.category == .secret }
        XCTAssertEqual(found.count, 2, "\(found)")
        for finding in found {
            for key in [Self.keys[0], fileKey] {
                XCTAssertFalse(finding.message.contains(key), finding.message)
                XCTAssertFalse(finding.evidence?.contains(key) ?? false)
            }
        }
        XCTAssertTrue(found.contains { $0.message.contains("subject withheld") }, "\(found.map(\.message))")
    }

    /// A key replaced by another of one format and length (the same redacted evidence) and both removed: two
    /// secrets, each reported with the commit that added it; the first key added again at another path is the
    /// same secret, reported once.
    func testTwoKeysAlikeWhenRedactedAreBothReportedAndOneKeyTwiceOnce() throws {
        let repo = try repository(files: ["app/settings.py": Self.settings(key: nil)])
        XCTAssertEqual(Self.keys[0].count, Self.keys[1].count)
        try repo.write("app/settings.py", Self.settings(key: Self.keys[0]))
        let first = try repo.commit("wire up the model")
        try repo.write("app/settings.py", Self.settings(key: Self.keys[1]))
        let second = try repo.commit("use the team's key")
        try repo.write("app/settings.py", Self.settings(key: nil))
        try repo.write("app/worker.py", Self.settings(key: Self.keys[0]))
        try repo.commit("the worker calls the model too")
        try repo.write("app/worker.py", Self.settings(key: nil))
        try repo.commit("read the keys from the environment")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .block)
        let all = secrets(report).values.flatMap { $0 }
        XCTAssertEqual(all.count, 2, "\(all)")
        XCTAssertEqual(Set(all.map(\.path)), ["app/settings.py"])
        XCTAssertEqual(Set(all.compactMap(\.evidence)).count, 1, "the two keys redact alike: \(all)")
        for commit in [first, second] {
            XCTAssertTrue(all.contains { $0.message.contains(String(commit.prefix(12))) }, "\(commit) in \(all)")
        }
        for finding in all {
            for key in Self.keys {
                XCTAssertFalse(finding.message.contains(key) || (finding.evidence?.contains(key) ?? false))
            }
        }
    }

    /// Added, then the file renamed (no other edit), then the key removed from the renamed file: the version that
    /// holds it exists under the old name only, and the renamed copy is no head version either.
    func testKeyInAFileRenamedWithinTheRangeIsReported() throws {
        let repo = try repository(files: ["app/settings.py": Self.settings(key: nil)])
        try repo.write("app/settings.py", Self.settings(key: Self.keys[0]))
        let added = try repo.commit("wire up the model")
        try repo.git("mv", "app/settings.py", "app/config.py")
        try repo.commit("rename the settings")
        try repo.write("app/config.py", Self.settings(key: nil))
        try repo.commit("read the key from the environment")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .block)
        let all = secrets(report).values.flatMap { $0 }
        // Reported once, where it was first added, not again for the rename that only moved it.
        XCTAssertEqual(all.count, 1, "\(all)")
        let found = try XCTUnwrap(all.first)
        XCTAssertEqual(found.path, "app/settings.py")
        XCTAssertTrue(found.message.contains(String(added.prefix(12))), found.message)
    }

    /// A feature branch whose first commit adds one settings file, holding `key`, at two paths: one blob.
    private func twoServicesSharingOneConfig(key: String) throws -> (repo: GitFixture, commit: String) {
        let repo = try repository()
        for path in ["service/a/settings.py", "service/b/settings.py"] { try repo.write(path, Self.settings(key: key)) }
        return (repo, try repo.commit("two services, one config"))
    }

    /// One blob at two paths in the same commit, later changed at one path and deleted at the other: neither path
    /// has the version at head, so the key (one secret) is reported, once.
    func testTheSameBlobAtTwoPathsIsReadAtEither() throws {
        let (repo, added) = try twoServicesSharingOneConfig(key: Self.keys[0])
        try repo.write("service/a/settings.py", Self.settings(key: nil))
        try repo.remove("service/b/settings.py")
        try repo.commit("read the key from the environment")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .block)
        let all = secrets(report).values.flatMap { $0 }
        XCTAssertEqual(all.count, 1, "\(all)")
        XCTAssertTrue(all[0].message.contains(String(added.prefix(12))), all[0].message)
    }

    /// The same blob at two paths, kept at head under one of them: the head's diff reports that path, and the
    /// history adds nothing for the other path (the same secret).
    func testABlobTheHeadKeepsAtAnotherPathIsReportedByTheDiffOnce() throws {
        let (repo, _) = try twoServicesSharingOneConfig(key: Self.keys[1])
        try repo.remove("service/a/settings.py")
        try repo.commit("one service")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .block)
        let all = secrets(report).values.flatMap { $0 }
        XCTAssertEqual(all.map(\.path), ["service/b/settings.py"], "\(all)")
        XCTAssertFalse(all[0].message.contains("rotate"), all[0].message)
    }

    /// A large directory where one commit adds a key to a file among hundreds and the next commit removes it, while
    /// other commits add files before and after it in name order: the byte-wise comparison of the directory's two
    /// versions must stop at the one entry that changed, wherever it sorts.
    func testKeyInOneFileOfALargeDirectoryIsFoundAmongUnchangedNeighbours() throws {
        var files: [String: String] = [:]
        for index in 0..<300 { files[String(format: "pages/p%03d.py", index)] = "PAGE = \(index)\n" }
        let repo = try repository(files: files)
        try repo.write("pages/p000-first.py", "FIRST = 1\n")
        try repo.commit("a page that sorts first")
        try repo.write("pages/p150.py", "PAGE = 150\n" + Self.settings(key: Self.keys[0]))
        let added = try repo.commit("a key in the middle")
        try repo.write("pages/p150.py", "PAGE = 150\n")
        try repo.write("pages/p999.py", "LAST = 1\n")
        try repo.commit("drop the key, add a page that sorts last")
        try blockingHistorySecret(in: repo, path: "pages/p150.py", line: 4, addedIn: added)
    }
    /// A directory copied whole from one the head keeps unchanged from the base (the same tree), then removed again:
    /// the head's versions are matched by path, so the copy is no head version, and its key counts as added.
    func testACopyOfAnUnchangedDirectoryIsNoHeadVersion() throws {
        let repo = try repository(files: ["legacy/settings.py": Self.settings(key: Self.keys[0])])
        try repo.write("copy/settings.py", Self.settings(key: Self.keys[0]))
        let copied = try repo.commit("copy the legacy settings")
        XCTAssertEqual(try repo.git("rev-parse", "HEAD:copy"), try repo.git("rev-parse", "HEAD:legacy"))
        try repo.remove("copy")
        try repo.commit("drop the copy")
        try blockingHistorySecret(in: repo, path: "copy/settings.py", line: 3, addedIn: copied)
    }

    /// A file the base already holds, with its key, moved out of a directory that the same commit leaves in its head
    /// version, and edited later: the move is paired with the removal from that directory (not read as the whole
    /// file added), so the key, older than the range, is not reported.
    func testAKeyMovedOutOfADirectoryLeftAsTheHeadHasItIsNotNew() throws {
        let repo = try repository(files: [
            "old/credentials.py": Self.settings(key: Self.keys[1]), "old/keep.py": "KEEP = 1\n",
        ])
        try repo.remove("old/credentials.py")
        try repo.write("new/credentials.py", Self.settings(key: Self.keys[1]))
        try repo.commit("move the credentials")
        try repo.write("new/credentials.py", Self.settings(key: Self.keys[1]) + "EXTRA = 1\n")
        try repo.commit("edit the moved file")
        let report = try check(repo)
        XCTAssertEqual(secrets(report), [:], "\(report.findings)")
    }

    /// Three keys a commit adds to one file, two of them side by side and one far below (two hunks), all removed
    /// by the next commit: each carries its own hunk's digest, and the two of one rule in one hunk have ids of
    /// their own (identified one at a time, both were the hunk's first of the rule, and shared an id).
    func testKeysInTwoHunksOfOneHistoryFileCarryTheirOwnHunksDigestsAndIds() throws {
        let filler = (1...20).map { "SETTING_\($0) = \($0)\n" }.joined()
        // Of three lengths: the history reports a secret once by its detector and redacted form (prefix and length).
        let keys = [150, 140, 130].map { "sk-" + "proj-" + ExampleSecret.random($0, from: ExampleSecret.tokenCharacters, seed: "hunks-\($0)") }
        let plain = "DEBUG = False\n" + filler + "LOG_LEVEL = \"info\"\n"
        let repo = try repository(files: ["app/settings.py": plain])
        try repo.write("app/settings.py", "DEBUG = False\nOPENAI_API_KEY = \"\(keys[0])\"\nFALLBACK_KEY = \"\(keys[1])\"\n"
            + filler + "LOG_LEVEL = \"info\"\nBATCH_KEY = \"\(keys[2])\"\n")
        try repo.commit("wire up the model")
        try repo.write("app/settings.py", plain)
        try repo.commit("read the keys from the environment")
        let report = try check(repo)
        let found = try XCTUnwrap(secrets(report)["app/settings.py"], "\(report.findings)").sorted { $0.line < $1.line }
        XCTAssertEqual(found.map(\.line), [2, 3, 25])
        XCTAssertEqual(found[0].hunkDigest, found[1].hunkDigest)
        XCTAssertNotEqual(found[0].hunkDigest, found[2].hunkDigest)
        XCTAssertEqual(found[0].rule, found[1].rule)
        XCTAssertEqual(Set(found.map(\.id)).count, 3, "\(found.map(\.id))")
    }
}
