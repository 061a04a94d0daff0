import Foundation
import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// `newContentChanges`: a commit's new files made from what its tree walk read, checked against libgit2's diff of the
/// commit narrowed to the same paths (as the history scan diffed each commit before), and declined wherever that diff
/// would pair an added file with a deleted or modified one or a kind changes.
final class NewContentChangesTests: XCTestCase {
    /// Additions, edits, edits beside deletions, a mode change, a file over the size limit, and additions beside edits
    /// or deletions of other content: made here, equal to libgit2's with the history's rename limit. An added file
    /// with a deleted file's content (alone, or out of a deleted directory) or a modified file's old content, and a
    /// symlink turned into a file: left to libgit2, whose diff does pair those.
    func testEachCommitsNewFilesAreLibgit2sOrDeclinedWhereRenamesOrTypechangesCouldBe() throws {
        let repo = try GitFixture()
        try repo.write("app/keys.ts", "export const a = 1;\nexport const b = 2;\n")
        try repo.write("app/old.ts", "export const old = true;\n")
        try repo.write("lib/moved.ts", (1...40).map { "export const line\($0) = \($0);\n" }.joined())
        try repo.write("lib/tool.sh", "echo tool\n")
        try repo.write("lib/link-target.txt", "target\n")
        try repo.write("docs/a.md", "# A\n")
        try repo.write("docs/b.md", "# B\n")
        let linkShell = try runProcess(
            "ln", ["-s", "link-target.txt", "lib/link"], in: repo.path, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(linkShell.status, 0, linkShell.stderr)
        var commits = [try repo.commit("base")]
        var made: [String] = []
        var declined: [String] = []
        func step(_ name: String, _ change: () throws -> Void) throws {
            try change()
            commits.append(try repo.commit(name))
        }
        /// A commit that removes `removing`, then writes each of `writing` (path, content).
        func step(_ name: String, removing: [String] = [], writing: [(String, String)] = []) throws {
            try step(name) {
                for path in removing { try repo.remove(path) }
                for (path, content) in writing { try repo.write(path, content) }
            }
        }
        // Added files only, in directories old and new, sorting around each other.
        try step("add", writing: [
            ("app/new-key.ts", "const key = \"sk-proj-\(String(repeating: "Ab3", count: 16))\";\n"),
            ("app/new.ts", "export const n = 1;\n"), ("app/new/inner.ts", "export const inner = 1;\n"),
            ("zeta/first.ts", "export const z = 1;\n"),
        ])
        // Edits only: lines added between kept ones.
        try step("edit", writing: [
            ("app/keys.ts", "export const a = 1;\nconst token = \"ghp_\(String(repeating: "x9Y", count: 12))\";\nexport const b = 2;\n"),
            ("app/new.ts", "export const n = 2;\n"),
        ])
        // Edits beside a deletion: no file is added, so nothing is renamed.
        try step("edit and delete", removing: ["app/old.ts"], writing: [("app/keys.ts", "export const a = 1;\nexport const b = 3;\n")])
        // Only the executable bit.
        try step("mode") {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/lib/tool.sh")
        }
        // A file over the size limit given below.
        try step("large", writing: [("app/large.ts", String(repeating: "export const big = 1;\n", count: 400))])
        // A rename with an edit: with the history's rename limit libgit2 looks for the same content only, and finds
        // none.
        try step("rename", removing: ["lib/moved.ts"], writing: [
            ("lib/renamed.ts", (1...40).map { "export const line\($0) = \($0);\n" }.joined() + "export const more = 1;\n"),
        ])
        // An addition beside an edit, of other content than the edited file had.
        try step("add and edit", writing: [
            ("app/copy.ts", "export const n = 2;\nexport const copied = 1;\n"), ("app/new.ts", "export const n = 3;\n"),
        ])
        // An addition beside a deletion, of other content.
        try step("add and delete", removing: ["zeta/first.ts"], writing: [("zeta/second.ts", "export const z = 2;\n")])
        // A file moved as it is: an exact rename.
        try step("move", removing: ["app/new/inner.ts"], writing: [("app/moved/inner.ts", "export const inner = 1;\n")])
        // A directory removed, one of its files added elsewhere as it was.
        try step("move out of a directory", removing: ["docs"], writing: [("guide/a.md", "# A\n")])
        // A file added with a modified file's old content: an exact copy.
        try step("copy an old version", writing: [
            ("app/new.ts", "export const n = 4;\n"), ("app/snapshot.ts", "export const n = 3;\n"),
        ])
        // A symlink becomes a file: a typechange.
        try step("typechange", removing: ["lib/link"], writing: [("lib/link", "now a file\n")])
        let repository = try Repository(discoveringFrom: repo.path)
        var options = DiffOptions(maxFileSize: 4096)
        options.renameLimit = 1
        for (parent, child) in zip(commits, commits.dropFirst()) {
            let subject = try repo.git("log", "-1", "--format=%s", child)
            let changes = try repository.treeChanges(from: parent, to: child)
            // The diff lists the deleted files too; their lines are not new.
            let expected = try narrowedDiff(repository, changes, parent: parent, commit: child, options: options)
                .filter { $0.kind != .deleted }
            guard let fast = try repository.newContentChanges(changes, parent: parent, commit: child, options: options)
            else {
                declined.append(subject)
                // Declined for a reason: libgit2 pairs a file, or a kind changes.
                XCTAssertTrue(
                    expected.contains { [.renamed, .copied, .typeChanged].contains($0.kind) }, "\(subject): \(expected)")
                continue
            }
            made.append(subject)
            XCTAssertEqual(fast, expected, subject)
            XCTAssertFalse(fast.isEmpty, "\(subject) changed nothing")
        }
        XCTAssertEqual(made, ["add", "edit", "edit and delete", "mode", "large", "rename", "add and edit", "add and delete"])
        XCTAssertEqual(declined, ["move", "move out of a directory", "copy an old version", "typechange"])
    }

    /// Within a rename limit that affords comparing contents, an addition beside a deletion or an edit may be paired by
    /// similarity: left to libgit2, which pairs the edited rename.
    func testDeclinesWhereSimilarContentCouldBePaired() throws {
        let repo = try GitFixture()
        let lines = (1...40).map { "export const line\($0) = \($0);\n" }.joined()
        try repo.write("lib/moved.ts", lines)
        let base = try repo.commit("base")
        try repo.remove("lib/moved.ts")
        try repo.write("lib/renamed.ts", lines + "export const more = 1;\n")
        let renamed = try repo.commit("rename with an edit")
        let repository = try Repository(discoveringFrom: repo.path)
        let changes = try repository.treeChanges(from: base, to: renamed)
        var options = DiffOptions()
        options.renameLimit = 10
        XCTAssertNil(try repository.newContentChanges(changes, parent: base, commit: renamed, options: options))
        let kinds = try narrowedDiff(repository, changes, parent: base, commit: renamed, options: options).map(\.kind)
        XCTAssertEqual(kinds, [.renamed])
        options.renameLimit = 1
        XCTAssertNotNil(try repository.newContentChanges(changes, parent: base, commit: renamed, options: options))
    }

    /// libgit2's diff of `commit` against `parent` narrowed to the files `changes` names, as the history scan diffs a
    /// commit `newContentChanges` declines.
    private func narrowedDiff(
        _ repository: Repository, _ changes: Repository.TreeChanges, parent: String, commit: String, options: DiffOptions
    ) throws -> [FileChange] {
        var narrowed = options
        narrowed.paths = changes.newContent.map(\.path) + changes.removed
        var files: [FileChange] = []
        _ = try repository.diff(.commits(base: parent, head: commit), options: narrowed) { files.append($0) }
        return files
    }

    /// The history scan's own case: a key added to a file is on the added lines of that commit's change made here,
    /// and nowhere else in it.
    func testAKeyAddedAndRemovedIsOnTheAddedLinesOfItsCommit() throws {
        let repo = try GitFixture()
        try repo.write("app/config.ts", "export const region = \"eu\";\n")
        let base = try repo.commit("base")
        let key = "sk-proj-" + String(repeating: "Qz7", count: 16)
        try repo.write("app/config.ts", "export const region = \"eu\";\nconst apiKey = \"\(key)\";\n")
        let added = try repo.commit("add the key")
        let repository = try Repository(discoveringFrom: repo.path)
        let changes = try repository.treeChanges(from: base, to: added)
        let files = try XCTUnwrap(try repository.newContentChanges(changes, parent: base, commit: added))
        XCTAssertEqual(files.map(\.path), ["app/config.ts"])
        let addedLines = files[0].hunks.flatMap { hunk in hunk.lines.filter { $0.kind == .added } }
        XCTAssertEqual(addedLines.count, 1)
        XCTAssertEqual(addedLines.first?.newNumber, 2)
    }
}
