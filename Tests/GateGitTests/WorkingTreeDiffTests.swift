import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// `--staged` (index against HEAD) and `--worktree` (working tree, untracked included, against HEAD).
final class WorkingTreeDiffTests: XCTestCase {
    private func makeRepository() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("tracked.py", numberedLines(10))
        try repo.write("other.py", "other\n")
        try repo.write("doomed.txt", "bye\n")
        try repo.write("moved.txt", numberedLines(12, prefix: "moved"))
        try repo.commit("base")
        return repo
    }

    func testStagedComparesTheIndexWithHead() throws {
        let repo = try makeRepository()
        try repo.write("tracked.py", numberedLines(11))
        try repo.write("staged-new.py", "client.messages.create()\n")
        try repo.git("add", "tracked.py", "staged-new.py")
        try repo.git("rm", "-q", "doomed.txt")
        try repo.git("mv", "moved.txt", "renamed.txt")
        // Unstaged edits and untracked files are not part of --staged.
        try repo.write("tracked.py", numberedLines(12))
        try repo.write("other.py", "other\nunstaged\n")
        try repo.write("untracked.py", "x\n")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.staged)
        XCTAssertEqual(diff.paths, ["doomed.txt", "renamed.txt", "staged-new.py", "tracked.py"])
        XCTAssertEqual(diff["tracked.py"]?.kind, .modified)
        XCTAssertEqual(diff["tracked.py"]?.addedLineNumbers, [11], "the staged version, not the working file")
        XCTAssertEqual(diff["tracked.py"]?.headText, numberedLines(11))
        XCTAssertEqual(diff["staged-new.py"]?.kind, .added)
        XCTAssertEqual(diff["staged-new.py"]?.addedTexts, ["client.messages.create()"])
        XCTAssertEqual(diff["doomed.txt"]?.kind, .deleted)
        XCTAssertEqual(diff["doomed.txt"]?.deletedLines.map(\.text), ["bye"])
        XCTAssertEqual(diff["renamed.txt"]?.kind, .renamed)
        XCTAssertEqual(diff["renamed.txt"]?.oldPath, "moved.txt")
        XCTAssertEqual(diff["renamed.txt"]?.hunks, [])
    }

    func testWorktreeIncludesUnstagedAndUntrackedFiles() throws {
        let repo = try makeRepository()
        try repo.write("tracked.py", numberedLines(11))
        try repo.git("add", "tracked.py")
        try repo.write("tracked.py", numberedLines(12))  // staged line 11, unstaged line 12
        try repo.write("other.py", "other\nunstaged\n")
        try repo.write("new/dir/untracked.py", "import anthropic\nanthropic.Anthropic()\n")
        try repo.write("image.bin", bytes: [0, 1, 2, 3])
        try repo.remove("doomed.txt")
        try repo.write(".gitignore", "ignored.log\n")
        try repo.write("ignored.log", "noise\n")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.worktree)
        XCTAssertEqual(
            diff.paths, [".gitignore", "doomed.txt", "image.bin", "new/dir/untracked.py", "other.py", "tracked.py"])
        XCTAssertEqual(diff["tracked.py"]?.addedLineNumbers, [11, 12])
        XCTAssertEqual(diff["tracked.py"]?.headText, numberedLines(12), "head content comes from the working tree")
        XCTAssertEqual(diff["other.py"]?.addedTexts, ["unstaged"])
        let untracked = try XCTUnwrap(diff["new/dir/untracked.py"])
        XCTAssertEqual(untracked.kind, .added)
        XCTAssertEqual(untracked.addedTexts, ["import anthropic", "anthropic.Anthropic()"])
        XCTAssertEqual(untracked.headText, "import anthropic\nanthropic.Anthropic()\n")
        XCTAssertEqual(diff["doomed.txt"]?.kind, .deleted)
        XCTAssertEqual(diff["image.bin"]?.content, .skipped(.binary))
        XCTAssertEqual(diff.summary.skipped, [SkippedFile(path: "image.bin", reason: .binary)])
        XCTAssertEqual(diff.summary.addedLines, 2 + 1 + 2 + 1)
    }

    func testWorktreeRenameOfUntrackedFileAndModeChange() throws {
        let repo = try makeRepository()
        try FileManager.default.moveItem(atPath: repo.path + "/moved.txt", toPath: repo.path + "/elsewhere.txt")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/other.py")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.worktree)
        XCTAssertEqual(diff.paths, ["elsewhere.txt", "other.py"])
        XCTAssertEqual(diff["elsewhere.txt"]?.kind, .renamed)
        XCTAssertEqual(diff["elsewhere.txt"]?.oldPath, "moved.txt")
        XCTAssertEqual(diff["elsewhere.txt"]?.hunks, [])
        XCTAssertEqual(diff["other.py"]?.oldMode, .regular)
        XCTAssertEqual(diff["other.py"]?.newMode, .executable)
        XCTAssertEqual(diff["other.py"]?.hunks, [])
    }

    func testWorktreeBoundedRenameDetectionIsExactOnly() throws {
        let repo = try makeRepository()
        try FileManager.default.moveItem(atPath: repo.path + "/moved.txt", toPath: repo.path + "/moved-away.txt")
        try FileManager.default.moveItem(atPath: repo.path + "/tracked.py", toPath: repo.path + "/tracked-away.py")
        try repo.write("tracked-away.py", numberedLines(11))
        let repository = try Repository(discoveringFrom: repo.path)

        let bounded = try repository.collect(.worktree, options: DiffOptions(renameLimit: 1))
        XCTAssertTrue(bounded.summary.renameDetectionBounded)
        XCTAssertEqual(bounded["moved-away.txt"]?.kind, .renamed)
        XCTAssertEqual(bounded["tracked-away.py"]?.kind, .added)
        XCTAssertEqual(bounded["tracked.py"]?.kind, .deleted)

        let full = try repository.collect(.worktree)
        XCTAssertFalse(full.summary.renameDetectionBounded)
        XCTAssertEqual(full["tracked-away.py"]?.kind, .renamed)
        XCTAssertEqual(full["tracked-away.py"]?.addedLineNumbers, [11])
    }

    func testWorktreeOfAnEmptyRepositoryShowsEverythingAsAdded() throws {
        let repo = try GitFixture()
        try repo.write("first.py", "print('hello')\n")
        try repo.write("empty.txt", "")
        let repository = try Repository(discoveringFrom: repo.path)
        let diff = try repository.collect(.worktree)
        XCTAssertEqual(diff.paths, ["empty.txt", "first.py"])
        XCTAssertEqual(diff["first.py"]?.addedTexts, ["print('hello')"])
        XCTAssertEqual(diff["empty.txt"]?.kind, .added)
        XCTAssertEqual(diff["empty.txt"]?.hunks, [])
        XCTAssertEqual(diff["empty.txt"]?.content, .text([]))
        XCTAssertEqual(try repository.collect(.staged).changes, [])
    }

    func testWorktreeNonUTF8AndOversizedFiles() throws {
        let repo = try makeRepository()
        try repo.write("latin1.txt", bytes: [0x63, 0x61, 0x66, 0xE9, 0x0A])
        try repo.write("other.py", String(repeating: "x = 1\n", count: 40))
        let repository = try Repository(discoveringFrom: repo.path)
        let diff = try repository.collect(.worktree, options: DiffOptions(maxFileSize: 100))
        XCTAssertEqual(diff["latin1.txt"]?.content, .text([0x63, 0x61, 0x66, 0xEF, 0xBF, 0xBD, 0x0A]))
        XCTAssertEqual(diff["other.py"]?.content, .skipped(.tooLarge))
        XCTAssertEqual(diff["other.py"]?.hunks, [])
        XCTAssertEqual(diff.summary.skipped.map(\.reason), [.tooLarge])
    }

    func testIntentToAddFiles() throws {
        let repo = try makeRepository()
        try repo.write("later.py", "openai.OpenAI()\n")
        try repo.git("add", "-N", "later.py")
        let repository = try Repository(discoveringFrom: repo.path)
        // Staged, the file is recorded but still empty; in the working tree it has its content.
        let staged = try repository.collect(.staged)
        XCTAssertEqual(staged["later.py"]?.addedTexts ?? [], [])
        XCTAssertEqual(try repository.collect(.worktree)["later.py"]?.addedTexts, ["openai.OpenAI()"])
    }

    func testCleanTreeHasNoChanges() throws {
        let repo = try makeRepository()
        let repository = try Repository(discoveringFrom: repo.path + "/")
        XCTAssertEqual(try repository.collect(.staged).changes, [])
        XCTAssertEqual(try repository.collect(.worktree).changes, [])
    }

    func testWorktreeSymlinkAndSubmoduleEntries() throws {
        let repo = try makeRepository()
        let head = try repo.git("rev-parse", "HEAD")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "other.py")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(head),vendor/lib")
        let repository = try Repository(discoveringFrom: repo.path)

        let worktree = try repository.collect(.worktree)
        XCTAssertEqual(worktree["link"]?.content, .skipped(.symlink))
        let staged = try repository.collect(.staged)
        XCTAssertEqual(staged["vendor/lib"]?.content, .skipped(.submodule))
        XCTAssertEqual(staged["vendor/lib"]?.newMode, .submodule)
    }
}
