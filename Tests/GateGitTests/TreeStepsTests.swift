import Foundation
import GateTestSupport
import XCTest

@testable import GateGit

/// `treeChanges` along a history, checked against `git diff-tree` for every commit, with the trees one step reads
/// handed to the next.
final class TreeStepsTests: XCTestCase {
    /// Names that sort around the directory `lib/a` in git's order (`a-b.txt` < `a.txt` < `a/` < `a0.txt`), so a
    /// merge of two trees that compared names without the directory's `/` would pair the wrong entries.
    private static let paths = [
        "README.md", "lib/a-b.txt", "lib/a.txt", "lib/a0.txt", "lib/a/inner.ts", "lib/a/deep/x.ts", "lib/a/deep/y.ts",
        "lib/b.ts", "src/app.py", "src/x/one.go", "src/x/two.go", "src/x.go",
    ]

    func testChangesAlongHistoryMatchGitWithTreesReusedBetweenSteps() throws {
        try assertChangesAlongHistoryMatchGit(repacked: false)
    }

    /// The same walk with every object packed, most trees stored as deltas of other versions: read by the pack reader.
    func testChangesAlongARepackedHistoryMatchGit() throws {
        try assertChangesAlongHistoryMatchGit(repacked: true)
    }

    private func assertChangesAlongHistoryMatchGit(repacked: Bool) throws {
        let repo = try GitFixture()
        var commits = [try seed(repo)]
        // A fixed pseudo-random walk: edits, additions, removals, and paths that turn from file to directory and
        // back, so directories change in consecutive commits, in commits far apart, and change kind.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var present = Set(Self.paths)
        for step in 0..<24 {
            for _ in 0..<(1 + next(3)) {
                let path = Self.paths[next(Self.paths.count)]
                if present.contains(path), next(4) == 0 {
                    try repo.remove(path)
                    present.remove(path)
                } else if canWrite(path, present: present) {
                    try repo.write(path, "step \(step) \(next(1000))\n")
                    present.insert(path)
                }
            }
            if step % 7 == 3 {
                // `src/x` turns into a file: its directory goes away.
                if FileManager.default.fileExists(atPath: repo.path + "/src/x") { try repo.remove("src/x") }
                present = present.filter { !$0.hasPrefix("src/x/") }
                try repo.write("src/x", "now a file \(step)\n")
                present.insert("src/x")
            } else if step % 7 == 5, present.contains("src/x") {
                try repo.remove("src/x")
                present.remove("src/x")
                try repo.write("src/x/one.go", "a directory again \(step)\n")
                present.insert("src/x/one.go")
            }
            commits.append(try repo.commit("step \(step)"))
        }
        if repacked {
            try repo.git("repack", "-adf", "-q", "--depth=50", "--window=50")
            try repo.git("prune-packed")
        }
        let repository = try Repository(discoveringFrom: repo.path)
        XCTAssertEqual(repository.withPackReader { $0 != nil }, repacked)
        let reused = TreeSteps()
        // A cap below one directory's size: every step starts afresh, and the answers must not change.
        let capped = TreeSteps(maximumBytes: 32)
        // The same walk leaving out the head's versions, with trees of its own (it keeps other ones).
        let head = try XCTUnwrap(commits.last)
        let headFiles = try gitFiles(repo, at: head)
        let (reusedTowardHead, cappedTowardHead) = (TreeSteps(), TreeSteps(maximumBytes: 32))
        let headVersions = try repository.headVersions(atCommit: head)
        var (changed, removed, unlikeHead) = (0, 0, 0)
        for (parent, child) in zip(commits, commits.dropFirst()) {
            let expected = try gitChanges(repo, from: parent, to: child)
            changed += expected.newContent.count
            removed += expected.removed.count
            for steps in [reused, capped, nil] {
                let changes = try repository.treeChanges(from: parent, to: child, steps: steps)
                XCTAssertEqual(changes.newContent.count, expected.newContent.count, "\(child)")
                XCTAssertEqual(
                    Dictionary(changes.newContent.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first }),
                    expected.newContent, "\(child)")
                XCTAssertEqual(changes.removed.count, expected.removed.count, "\(child)")
                XCTAssertEqual(Set(changes.removed), expected.removed, "\(child)")
                XCTAssertFalse(changes.hasUndecodablePath)
            }
            // Toward the head: git's new files less those the head has at the same path, and while any is left, every
            // removal (the sources its renames are paired with).
            let expectedUnlikeHead = expected.newContent.filter { path, id in headFiles[path] != id }
            unlikeHead += expectedUnlikeHead.count
            for steps in [reusedTowardHead, cappedTowardHead, nil] {
                let changes = try repository.treeChanges(from: parent, to: child, steps: steps, unlike: headVersions)
                XCTAssertEqual(changes.newContent.count, expectedUnlikeHead.count, "\(child)")
                XCTAssertEqual(
                    Dictionary(changes.newContent.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first }),
                    expectedUnlikeHead, "\(child)")
                if !expectedUnlikeHead.isEmpty {
                    XCTAssertEqual(changes.removed.count, expected.removed.count, "\(child)")
                    XCTAssertEqual(Set(changes.removed), expected.removed, "\(child)")
                }
            }
        }
        // The walk is worth its name: most steps change files, and files go away too; and toward the head, most new
        // files are left out but not all.
        XCTAssertGreaterThan(changed, 30)
        XCTAssertGreaterThan(removed, 5)
        XCTAssertGreaterThan(unlikeHead, 10)
        XCTAssertLessThan(unlikeHead, changed)
    }

    /// A name that is not UTF-8 (Latin-1 `café.env`), added and then removed, is flagged both times, so a caller
    /// knows not to name the changed files back to libgit2 by their repaired `String`s.
    func testANameThatIsNotUTF8IsFlaggedWhenAddedAndWhenRemoved() throws {
        let (repo, base, shell) = try configWithShell()
        try shell(#"printf 'B=2\n' > $'config/caf\xe9.env'"#)
        let added = try repo.commit("add")
        try shell(#"rm $'config/caf\xe9.env'"#)
        let removed = try repo.commit("remove")
        let repository = try Repository(discoveringFrom: repo.path)
        let steps = TreeSteps()
        let adding = try repository.treeChanges(from: base, to: added, steps: steps)
        XCTAssertTrue(adding.hasUndecodablePath)
        XCTAssertEqual(adding.newContent.map(\.path), ["config/caf\u{FFFD}.env"])
        let removing = try repository.treeChanges(from: added, to: removed, steps: steps)
        XCTAssertTrue(removing.hasUndecodablePath)
        XCTAssertEqual(removing.removed, ["config/caf\u{FFFD}.env"])
        XCTAssertTrue(removing.newContent.isEmpty)
    }

    /// Toward the head, a name that is not UTF-8 matters only where the head's version does not cover it: a file the
    /// head keeps as it is is left out and flags nothing, one the head changes again is listed and flagged.
    func testANameThatIsNotUTF8IsFlaggedTowardTheHeadOnlyWhereItIsListed() throws {
        let (repo, base, shell) = try configWithShell()
        try shell(#"printf 'B=2\n' > $'config/caf\xe9.env'; printf 'C=3\n' > $'config/th\xe9.env'"#)
        let added = try repo.commit("add")
        try shell(#"printf 'C=4\n' > $'config/th\xe9.env'; printf 'A=2\n' > config/other.env"#)
        let head = try repo.commit("edit")
        let repository = try Repository(discoveringFrom: repo.path)
        let changes = try repository.treeChanges(
            from: base, to: added, steps: TreeSteps(), unlike: try repository.headVersions(atCommit: head))
        XCTAssertEqual(changes.newContent.map(\.path), ["config/th\u{FFFD}.env"])
        XCTAssertTrue(changes.hasUndecodablePath)
        try shell(#"printf 'C=3\n' > $'config/th\xe9.env'"#)
        let restored = try repo.commit("restore")
        let towardRestored = try repository.treeChanges(
            from: base, to: added, unlike: try repository.headVersions(atCommit: restored))
        XCTAssertEqual(towardRestored.newContent.map(\.path), [])
        XCTAssertFalse(towardRestored.hasUndecodablePath)
    }

    /// Toward the head: a file moved out of a directory the same commit leaves as the head has it is still listed as
    /// removed (the source its move pairs with), and a directory copied from one the head keeps (the same tree, at
    /// another path) is no head version: the head is matched by path, not by content.
    func testTowardTheHeadRemovalsUnderHeadVersionsAndCopiesOfHeadDirectoriesAreListed() throws {
        let repo = try GitFixture()
        try repo.write("old/moved.txt", "moved\n")
        try repo.write("old/keep.txt", "keep\n")
        try repo.write("legacy/settings.txt", "legacy\n")
        let base = try repo.commit("base")
        try repo.remove("old/moved.txt")
        try repo.write("new/moved.txt", "moved\n")
        try repo.write("copy/settings.txt", "legacy\n")
        let moved = try repo.commit("move and copy")
        try repo.write("new/moved.txt", "moved, then edited\n")
        try repo.remove("copy")
        let head = try repo.commit("edit and drop the copy")
        let repository = try Repository(discoveringFrom: repo.path)
        let changes = try repository.treeChanges(
            from: base, to: moved, steps: TreeSteps(), unlike: try repository.headVersions(atCommit: head))
        XCTAssertEqual(Set(changes.newContent.map(\.path)), ["new/moved.txt", "copy/settings.txt"])
        XCTAssertEqual(changes.removed, ["old/moved.txt"])
    }

    /// One directory of 400 files whose versions are compared as stored bytes: changes at its first entry, in the
    /// middle (an edit beside an insertion), at its end (a removal and a new last name), and an exec bit flipped with
    /// the content unchanged; each step checked against git, with and without trees handed between steps, every tree
    /// read from a pack.
    func testALargeDirectoryChangedAnywhereMatchesGit() throws {
        let repo = try GitFixture()
        for index in 0..<400 { try repo.write(String(format: "big/f%03d.txt", index), "file \(index)\n") }
        try repo.write("big/sub/inner.txt", "inner\n")
        var commits = [try repo.commit("seed")]
        try repo.write("big/f000.txt", "changed first\n")
        commits.append(try repo.commit("first entry"))
        try repo.write("big/f200.txt", "changed middle\n")
        try repo.write("big/f199a.txt", "inserted\n")
        commits.append(try repo.commit("middle"))
        try repo.remove("big/f399.txt")
        try repo.write("big/zz.txt", "new last\n")
        try repo.write("big/sub/inner.txt", "inner, edited\n")
        commits.append(try repo.commit("end and a subdirectory"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/big/f100.txt")
        commits.append(try repo.commit("exec bit only"))
        // Packed, so each version of the directory is a delta of another, which the pack reader applies.
        try repo.git("repack", "-adf", "-q", "--depth=50", "--window=50")
        try repo.git("prune-packed")
        let repository = try Repository(discoveringFrom: repo.path)
        let reused = TreeSteps()
        for (parent, child) in zip(commits, commits.dropFirst()) {
            let expected = try gitChanges(repo, from: parent, to: child)
            XCTAssertFalse(expected.newContent.isEmpty && expected.removed.isEmpty, child)
            for steps in [reused, nil] {
                let changes = try repository.treeChanges(from: parent, to: child, steps: steps)
                XCTAssertEqual(changes.newContent.count, expected.newContent.count, child)
                XCTAssertEqual(
                    Dictionary(changes.newContent.map { ($0.path, $0.id) }, uniquingKeysWith: { first, _ in first }),
                    expected.newContent, child)
                XCTAssertEqual(changes.removed.count, expected.removed.count, child)
                XCTAssertEqual(Set(changes.removed), expected.removed, child)
            }
        }
    }

    /// Modes git writes only in old or hand-made trees (`100664`, `100775`) read as libgit2 and git read them:
    /// `100644` and `100755`, so a tree that differs from another only in how a mode is spelled changes no file.
    func testModesSpelledOtherwiseCompareAsTheModesTheyStandFor() throws {
        let repo = try GitFixture()
        let blob = { (text: String) in
            try runProcess("git", ["hash-object", "-w", "--stdin"], in: repo.path, environment: GitFixture.environment,
                           input: text).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let (group, tool, other) = (try blob("group\n"), try blob("#!/bin/sh\n"), try blob("other\n"))
        let commit = { (entries: [String]) -> String in
            let tree = try runProcess(
                "git", ["mktree"], in: repo.path, environment: GitFixture.environment,
                input: entries.joined(separator: "\n") + "\n").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            return try repo.git("commit-tree", tree, "-m", "tree").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let oddly = try commit(["100664 blob \(group)\tgroup.txt", "100775 blob \(tool)\ttool.sh"])
        let plainly = try commit(
            ["100644 blob \(group)\tgroup.txt", "100755 blob \(tool)\ttool.sh", "100644 blob \(other)\tz.txt"])
        let repository = try Repository(discoveringFrom: repo.path)
        let changes = try repository.treeChanges(from: oddly, to: plainly)
        XCTAssertEqual(changes.newContent.map(\.path), ["z.txt"])
        XCTAssertTrue(changes.removed.isEmpty)
        XCTAssertEqual(try gitChanges(repo, from: oddly, to: plainly).newContent.keys.sorted(), ["z.txt"])
    }

    /// The regular files at `commit`, by path, with their blob ids.
    private func gitFiles(_ repo: GitFixture, at commit: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for line in try repo.git("ls-tree", "-r", "--full-tree", commit).split(separator: "\n") {
            // `100644 blob <id>\tpath`
            let parts = line.split(separator: "\t", maxSplits: 1)
            let fields = parts[0].split(separator: " ")
            if fields[0] == "100644" || fields[0] == "100755" { files[String(parts[1])] = String(fields[2]) }
        }
        return files
    }

    /// A repository whose base commit holds `config/other.env`, and a shell in it (for names that are not UTF-8).
    private func configWithShell() throws -> (GitFixture, base: String, shell: (String) throws -> Void) {
        let repo = try GitFixture()
        try repo.write("config/other.env", "A=1\n")
        let base = try repo.commit("base")
        let shell = { (script: String) in
            let result = try runProcess("bash", ["-c", script], in: repo.path, environment: ["PATH": "/usr/bin:/bin"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        return (repo, base, shell)
    }

    /// Every path starts as a file.
    private func seed(_ repo: GitFixture) throws -> String {
        for path in Self.paths { try repo.write(path, "seed \(path)\n") }
        return try repo.commit("seed")
    }

    /// Whether writing `path` keeps the tree well formed (no file where a directory is, or the reverse).
    private func canWrite(_ path: String, present: Set<String>) -> Bool {
        !present.contains { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }
    }

    /// What git says `child` changes against `parent`: regular files with new content, and removed files.
    private func gitChanges(_ repo: GitFixture, from parent: String, to child: String) throws
        -> (newContent: [String: String], removed: Set<String>)
    {
        var newContent: [String: String] = [:]
        var removed = Set<String>()
        let raw = try repo.git("diff-tree", "-r", "--no-renames", "--raw", "--no-abbrev", parent, child)
        for line in raw.split(separator: "\n") {
            // `:100644 100644 <old> <new> M\tpath`
            let parts = line.split(separator: "\t", maxSplits: 1)
            let fields = parts[0].split(separator: " ")
            let path = String(parts[1])
            switch fields[4] {
            case "D": removed.insert(path)
            case "A", "M":
                XCTAssertTrue(fields[1].hasPrefix("100"), "only regular files in this history: \(line)")
                newContent[path] = String(fields[3])
            default: XCTFail("unexpected change \(line)")
            }
        }
        return (newContent, removed)
    }
}
