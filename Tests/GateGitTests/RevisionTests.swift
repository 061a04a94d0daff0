import Foundation
import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// Opening repositories and resolving revisions, checked against what the git CLI says.
final class RevisionTests: XCTestCase {
    func testOpensFromASubdirectory() throws {
        let repo = try GitFixture()
        try repo.write("src/deep/nested/file.txt", "x\n")
        try repo.commit("one")
        let repository = try Repository(discoveringFrom: repo.path + "/src/deep/nested")
        XCTAssertEqual(repository.workdir, repo.path + "/")
        XCTAssertEqual(try repository.resolveCommit("HEAD"), try repo.git("rev-parse", "HEAD"))
    }

    func testNotARepositoryNamesThePath() throws {
        let directory = try TemporaryDirectory()
        XCTAssertThrowsGitError(try Repository(discoveringFrom: directory.path)) {
            if case .notARepository(let path, let message) = $0 { return path == directory.path && !message.isEmpty }
            return false
        }
        XCTAssertThrowsGitError(try Repository(discoveringFrom: directory.path + "/missing")) {
            if case .notARepository = $0 { return true }
            return false
        }
    }

    func testRevisionForms() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "1\n")
        let first = try repo.commit("first")
        try repo.git("tag", "-a", "v1.0", "-m", "annotated release")
        try repo.write("a.txt", "2\n")
        let second = try repo.commit("second")
        try repo.git("tag", "light")
        try repo.write("a.txt", "3\n")
        let third = try repo.commit("third")
        try repo.git("branch", "topic", second)
        let repository = try Repository(discoveringFrom: repo.path)

        XCTAssertEqual(try repository.resolveCommit(third), third)
        XCTAssertEqual(try repository.resolveCommit(String(first.prefix(7))), first)
        XCTAssertEqual(try repository.resolveCommit("HEAD"), third)
        XCTAssertEqual(try repository.resolveCommit("HEAD~2"), first)
        XCTAssertEqual(try repository.resolveCommit("HEAD^"), second)
        XCTAssertEqual(try repository.resolveCommit("main"), third)
        XCTAssertEqual(try repository.resolveCommit("topic"), second)
        // An annotated tag peels to the commit it tags, not the tag object.
        XCTAssertNotEqual(try repo.git("rev-parse", "v1.0"), first)
        XCTAssertEqual(try repository.resolveCommit("v1.0"), first)
        XCTAssertEqual(try repository.resolveCommit("light"), second)
        XCTAssertEqual(try repository.resolveCommit("refs/heads/topic"), second)
    }

    func testRemoteTrackingBranchesOfAClone() throws {
        let origin = try GitFixture()
        try origin.write("a.txt", "1\n")
        let tip = try origin.commit("first")
        let clone = try TemporaryDirectory(prefix: "gate-clone")
        try runProcess("git", ["clone", "-q", origin.path, clone.path], environment: GitFixture.environment)
        let repository = try Repository(discoveringFrom: clone.path)
        XCTAssertEqual(try repository.resolveCommit("origin/main"), tip)
        XCTAssertEqual(try repository.resolveCommit("origin/HEAD"), tip)
    }

    func testUnknownRevisionCarriesLibgit2sMessage() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "1\n")
        try repo.commit("first")
        let repository = try Repository(discoveringFrom: repo.path)
        for revision in ["no-such-branch", "HEAD~5", "deadbeefdeadbeef", "main..HEAD", ""] {
            XCTAssertThrowsGitError(try repository.resolveCommit(revision), { error in
                if case .unknownRevision(let name, let message) = error { return name == revision && !message.isEmpty }
                return false
            }, revision)
        }
        // A blob is an object but not a commit.
        let blob = try repo.git("rev-parse", "HEAD:a.txt")
        XCTAssertThrowsGitError(try repository.resolveCommit(blob)) {
            if case .unknownRevision = $0 { return true }
            return false
        }
    }

    func testEmptyRepository() throws {
        let repo = try GitFixture()
        let repository = try Repository(discoveringFrom: repo.path)
        XCTAssertThrowsGitError(try repository.resolveCommit("HEAD")) {
            if case .emptyRepository = $0 { return true }
            return false
        }
        XCTAssertThrowsGitError(try repository.defaultBase(environment: [:])) {
            if case .emptyRepository = $0 { return true }
            return false
        }
        XCTAssertTrue(GitError.emptyRepository(path: repo.path).description.contains("no commits"))
    }

    func testSingleCommitRepository() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# hi\n")
        try repo.write("src/app.py", "print('x')\n")
        let only = try repo.commit("only")
        let repository = try Repository(discoveringFrom: repo.path)
        XCTAssertEqual(try repository.resolveCommit("HEAD"), only)
        XCTAssertThrowsGitError(try repository.resolveCommit("HEAD~1")) {
            if case .unknownRevision = $0 { return true }
            return false
        }
        XCTAssertEqual(try repository.defaultBase(environment: [:]), only)
        XCTAssertEqual(try repository.mergeBase(only, only), only)
        let diff = try repository.collect(base: "main", head: "HEAD")
        XCTAssertTrue(diff.changes.isEmpty)
        XCTAssertEqual(diff.summary.files, 0)
        XCTAssertEqual(try repository.commits(from: only, to: only), [])
        XCTAssertEqual(try repository.fileContents(atCommit: only, path: "src/app.py"), Array("print('x')\n".utf8))
        XCTAssertNil(try repository.fileContents(atCommit: only, path: "src/missing.py"))
        XCTAssertNil(try repository.fileContents(atCommit: only, path: "src"))
    }

    func testDefaultBaseOrder() throws {
        let origin = try GitFixture()
        try origin.write("a.txt", "1\n")
        let first = try origin.commit("first")
        try origin.git("checkout", "-q", "-b", "release")
        try origin.write("a.txt", "2\n")
        let release = try origin.commit("release")
        try origin.git("checkout", "-q", "main")
        let clone = try TemporaryDirectory(prefix: "gate-clone")
        try runProcess("git", ["clone", "-q", origin.path, clone.path], environment: GitFixture.environment)
        let work = GitFixture(existing: clone)
        try work.git("checkout", "-q", "-b", "feature")
        try work.write("b.txt", "b\n")
        let feature = try work.commit("feature")
        let repository = try Repository(discoveringFrom: clone.path)

        XCTAssertEqual(try repository.defaultBase(environment: ["GATE_BASE": "feature"]), feature)
        XCTAssertEqual(
            try repository.defaultBase(environment: ["GATE_BASE": "feature", "GITHUB_BASE_REF": "release"]), feature)
        XCTAssertEqual(try repository.defaultBase(environment: ["GITHUB_BASE_REF": "release"]), release)
        // GATE_BASE is explicit: one that does not resolve is an error naming it, never a fall-through to the defaults.
        XCTAssertThrowsGitError(
            try repository.defaultBase(environment: ["GATE_BASE": "nope", "GITHUB_BASE_REF": "release"])
        ) {
            if case .unknownRevision("nope", let message) = $0 { return message.contains("GATE_BASE") }
            return false
        }
        XCTAssertEqual(try repository.defaultBase(environment: ["GATE_BASE": "", "GITHUB_BASE_REF": "release"]), release)
        XCTAssertEqual(try repository.defaultBase(environment: ["GITHUB_BASE_REF": ""]), first)  // origin/HEAD

        // Without a remote: origin/* are skipped, then main, then master.
        let local = try GitFixture(initialBranch: "master")
        try local.write("a.txt", "1\n")
        let master = try local.commit("first")
        let localRepository = try Repository(discoveringFrom: local.path)
        XCTAssertEqual(try localRepository.defaultBase(environment: [:]), master)
        try local.git("branch", "main")
        try local.write("a.txt", "2\n")
        try local.commit("second on master")
        XCTAssertEqual(try localRepository.defaultBase(environment: [:]), master)

        let other = try GitFixture(initialBranch: "trunk")
        try other.write("a.txt", "1\n")
        try other.commit("first")
        XCTAssertThrowsGitError(try Repository(discoveringFrom: other.path).defaultBase(environment: [:])) {
            guard case .unknownRevision(_, let message) = $0 else { return false }
            return message.contains("--base") && message.contains("origin/main") && message.contains("GATE_BASE")
                && !message.contains("FETCH_HEAD")
        }
        // The target branch fetched without a refspec (`git fetch origin main`) is in FETCH_HEAD only: the error
        // names the fetch that makes it a default, and lists each default once.
        try other.git("fetch", "-q", local.path, "main")
        XCTAssertThrowsGitError(
            try Repository(discoveringFrom: other.path).defaultBase(environment: ["GITHUB_BASE_REF": "main"])
        ) {
            guard case .unknownRevision(_, let message) = $0 else { return false }
            return message.contains("git fetch origin main:refs/remotes/origin/main")
                && message.components(separatedBy: "origin/main,").count == 2
        }
    }

    func testMergeBaseOfDivergedBranches() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "1\n")
        let fork = try repo.commit("fork point")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("f.txt", "f\n")
        let feature = try repo.commit("feature")
        try repo.git("checkout", "-q", "main")
        try repo.write("m.txt", "m\n")
        let main = try repo.commit("main moves on")
        let repository = try Repository(discoveringFrom: repo.path)
        XCTAssertEqual(try repository.mergeBase(main, feature), fork)
        XCTAssertEqual(try repository.mergeBase(main, feature), try repo.git("merge-base", "main", "feature"))

        let orphan = try repo.git("commit-tree", "-m", "unrelated", try repo.git("rev-parse", "HEAD^{tree}"))
        XCTAssertThrowsGitError(try repository.mergeBase(main, orphan)) {
            $0 == .noMergeBase(base: main, head: orphan, shallow: false)
        }
    }

    func testShallowCloneWithoutMergeBase() throws {
        let origin = try GitFixture()
        try origin.write("a.txt", "1\n")
        try origin.commit("root")
        try origin.write("a.txt", "2\n")
        try origin.commit("fork point")
        try origin.git("checkout", "-q", "-b", "feature")
        try origin.write("f.txt", "f\n")
        try origin.commit("feature")
        try origin.git("checkout", "-q", "main")
        try origin.write("m.txt", "m\n")
        try origin.commit("main 1")
        try origin.write("m.txt", "m2\n")
        try origin.commit("main 2")

        let clone = try TemporaryDirectory(prefix: "gate-shallow")
        let cloned = try runProcess(
            "git", ["clone", "-q", "--depth", "1", "--no-single-branch", "file://" + origin.path, clone.path],
            environment: GitFixture.environment)
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        let repository = try Repository(discoveringFrom: clone.path)
        let base = try repository.resolveCommit("origin/main")
        let head = try repository.resolveCommit("origin/feature")
        XCTAssertThrowsGitError(try repository.mergeBase(base, head)) {
            $0 == .noMergeBase(base: base, head: head, shallow: true)
        }
        let message = GitError.noMergeBase(base: base, head: head, shallow: true).description
        XCTAssertTrue(message.contains("shallow") && message.contains("fetch"), message)
    }

    func testCommitsInRangeWithIdentities() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "1\n")
        let base = try repo.commit("base")
        try repo.write("a.txt", "2\n")
        let byAlice = try repo.commit(
            "alice", environment: ["GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_COMMITTER_EMAIL": "ci@example.com"])
        try repo.write("a.txt", "3\n")
        let byBob = try repo.commit("bob", environment: ["GIT_AUTHOR_EMAIL": "bob@example.com"])
        let repository = try Repository(discoveringFrom: repo.path)
        let commits = try repository.commits(from: base, to: "HEAD")
        XCTAssertEqual(
            commits.sorted { $0.id < $1.id },
            [
                CommitIdentity(id: byAlice, authorEmail: "alice@example.com", committerEmail: "ci@example.com"),
                CommitIdentity(id: byBob, authorEmail: "bob@example.com", committerEmail: "author@example.com"),
            ].sorted { $0.id < $1.id })
    }

    func testForEachFileSkipsBinaryAndReadsOtherEncodingsAsText() throws {
        let repo = try GitFixture()
        try repo.write("src/app.py", "import openai\n")
        try repo.write("docs/readme.md", "# docs\n")
        try repo.write("blob.bin", bytes: [0x50, 0x00, 0x01])
        try repo.write("latin1.txt", bytes: [0x63, 0x61, 0x66, 0xE9, 0x0A])
        try repo.write("utf16.py", bytes: [0xFF, 0xFE, 0x69, 0x00, 0x0A, 0x00])
        try repo.write("big.txt", String(repeating: "x", count: 300) + "\n")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link.py", withDestinationPath: "src/app.py")
        let head = try repo.commit("files")
        let repository = try Repository(discoveringFrom: repo.path)
        var seen: [String: String] = [:]
        try repository.forEachFile(atCommit: head, maxFileSize: 200) { path, bytes in
            seen[path] = String(decoding: bytes, as: UTF8.self)
        }
        // A Latin-1 or UTF-16 file is read as text (lossily, transcoded) like the diff reads it, never dropped:
        // a wrapper saved by another editor must stay visible to reach and schema usage.
        XCTAssertEqual(
            seen,
            [
                "src/app.py": "import openai\n", "docs/readme.md": "# docs\n", "latin1.txt": "caf\u{FFFD}\n",
                "utf16.py": "i\n",
            ])
    }

    func testTreeChangesListNewContentAndRemovalsFromTreesAlone() throws {
        let repo = try GitFixture()
        try repo.write("keep/deep/a.txt", "same\n")
        try repo.write("src/app.py", "old\n")
        try repo.write("src/gone.py", "x\n")
        try repo.write("data", "a file that becomes a directory\n")
        try repo.write("dir/inner.txt", "a directory that becomes a file\n")
        let parent = try repo.commit("parent")
        try repo.write("src/app.py", "new\n")
        try repo.remove("src/gone.py")
        try repo.write("src/added.py", "added\n")
        try repo.remove("data")
        try repo.write("data/inside.txt", "now inside\n")
        try repo.remove("dir")
        try repo.write("dir", "now a file\n")
        let child = try repo.commit("child")
        let repository = try Repository(discoveringFrom: repo.path)
        let changes = try repository.treeChanges(from: parent, to: child)
        let blobID = { (path: String) in try repo.git("rev-parse", "\(child):\(path)").trimmingCharacters(in: .whitespacesAndNewlines) }
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: changes.newContent.map { ($0.path, $0.id) }),
            [
                "src/app.py": try blobID("src/app.py"), "src/added.py": try blobID("src/added.py"),
                "data/inside.txt": try blobID("data/inside.txt"), "dir": try blobID("dir"),
            ])
        XCTAssertEqual(Set(changes.removed), ["src/gone.py", "data", "dir/inner.txt"])
        XCTAssertTrue(try repository.treeChanges(from: child, to: child).newContent.isEmpty)
    }
}
