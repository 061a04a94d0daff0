import Foundation
import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// `newContentChanges`: a commit's new files made from what its tree walk read, checked against libgit2's diff of the
/// commit narrowed to the same paths (as the history scan diffed each commit before), and declined wherever that diff
/// has renames or copies to look for or a kind changes.
final class NewContentChangesTests: XCTestCase {
    /// Additions, edits, edits beside deletions, a mode change and a file over the size limit: made here, equal to
    /// libgit2's. A rename, an addition beside an edit, and a symlink turned into a file: left to libgit2.
    func testEachCommitsNewFilesAreLibgit2sOrDeclinedWhereRenamesOrTypechangesCouldBe() throws {
        let repo = try GitFixture()
        try repo.write("app/keys.ts", "export const a = 1;\nexport const b = 2;\n")
        try repo.write("app/old.ts", "export const old = true;\n")
        try repo.write("lib/moved.ts", (1...40).map { "export const line\($0) = \($0);\n" }.joined())
        try repo.write("lib/tool.sh", "echo tool\n")
        try repo.write("lib/link-target.txt", "target\n")
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
        // Added files only, in directories old and new, sorting around each other.
        try step("add") {
            try repo.write("app/new-key.ts", "const key = \"sk-proj-\(String(repeating: "Ab3", count: 16))\";\n")
            try repo.write("app/new.ts", "export const n = 1;\n")
            try repo.write("app/new/inner.ts", "export const inner = 1;\n")
            try repo.write("zeta/first.ts", "export const z = 1;\n")
        }
        // Edits only: lines added between kept ones.
        try step("edit") {
            try repo.write("app/keys.ts", "export const a = 1;\nconst token = \"ghp_\(String(repeating: "x9Y", count: 12))\";\nexport const b = 2;\n")
            try repo.write("app/new.ts", "export const n = 2;\n")
        }
        // Edits beside a deletion: no file is added, so nothing is renamed.
        try step("edit and delete") {
            try repo.write("app/keys.ts", "export const a = 1;\nexport const b = 3;\n")
            try repo.remove("app/old.ts")
        }
        // Only the executable bit.
        try step("mode") {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/lib/tool.sh")
        }
        // A file over the size limit given below.
        try step("large") { try repo.write("app/large.ts", String(repeating: "export const big = 1;\n", count: 400)) }
        // A rename with an edit: libgit2 pairs it with its source.
        try step("rename") {
            try repo.remove("lib/moved.ts")
            try repo.write("lib/renamed.ts", (1...40).map { "export const line\($0) = \($0);\n" }.joined() + "export const more = 1;\n")
        }
        // An addition beside an edit: the new file may be a copy of the edited one.
        try step("add and edit") {
            try repo.write("app/copy.ts", "export const n = 2;\nexport const copied = 1;\n")
            try repo.write("app/new.ts", "export const n = 3;\n")
        }
        // A symlink becomes a file: a typechange.
        try step("typechange") {
            try repo.remove("lib/link")
            try repo.write("lib/link", "now a file\n")
        }
        let repository = try Repository(discoveringFrom: repo.path)
        var options = DiffOptions(maxFileSize: 4096)
        options.renameLimit = 1
        for (parent, child) in zip(commits, commits.dropFirst()) {
            let subject = try repo.git("log", "-1", "--format=%s", child)
            let changes = try repository.treeChanges(from: parent, to: child)
            guard let fast = try repository.newContentChanges(changes, parent: parent, commit: child, options: options)
            else {
                declined.append(subject)
                continue
            }
            made.append(subject)
            var narrowed = options
            narrowed.paths = changes.newContent.map(\.path) + changes.removed
            var expected: [FileChange] = []
            _ = try repository.diff(.commits(base: parent, head: child), options: narrowed) { change in
                // The diff lists the deleted files too; their lines are not new.
                if change.kind != .deleted { expected.append(change) }
            }
            XCTAssertEqual(fast, expected, subject)
            XCTAssertFalse(fast.isEmpty, "\(subject) changed nothing")
        }
        XCTAssertEqual(made, ["add", "edit", "edit and delete", "mode", "large"])
        XCTAssertEqual(declined, ["rename", "add and edit", "typechange"])
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
