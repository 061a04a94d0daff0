import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// Tree-to-tree diffs between commits, asserted on the diff model and checked against git itself.
final class CommitDiffTests: XCTestCase {
    func testDivergedBranchesDiffFromTheMergeBase() throws {
        let repo = try GitFixture()
        try repo.write("shared.txt", numberedLines(5))
        try repo.commit("fork point")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("feature.py", "import openai\nclient = openai.OpenAI()\n")
        try repo.commit("feature work")
        try repo.git("checkout", "-q", "main")
        try repo.write("main-only.txt", "later on main\n")
        try repo.write("shared.txt", numberedLines(6))
        try repo.commit("main moves on")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(base: "main", head: "feature")
        XCTAssertEqual(diff.paths, ["feature.py"])
        let change = try XCTUnwrap(diff["feature.py"])
        XCTAssertEqual(change.kind, .added)
        XCTAssertEqual(change.oldMode, .absent)
        XCTAssertEqual(change.newMode, .regular)
        XCTAssertEqual(change.hunks.count, 1)
        XCTAssertEqual(change.hunks[0].newStart, 1)
        XCTAssertEqual(change.hunks[0].newCount, 2)
        XCTAssertEqual(change.hunks[0].lines.map(\.newNumber), [1, 2])
        XCTAssertEqual(change.hunks[0].lines.map(\.oldNumber), [nil, nil])
        XCTAssertEqual(change.addedTexts, ["import openai", "client = openai.OpenAI()"])
        XCTAssertEqual(change.headText, "import openai\nclient = openai.OpenAI()\n")
        XCTAssertEqual(diff.summary.files, 1)
        XCTAssertEqual(diff.summary.addedLines, 2)
        XCTAssertEqual(diff.summary.skipped, [])
    }

    /// A UTF-8 byte-order mark is not text: an added file is read without it (so `import` on its first line is the
    /// first token), and a mark both sides have is no change to line 1.
    func testAUTF8ByteOrderMarkIsNotPartOfTheText() throws {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let repo = try GitFixture()
        try repo.write("kept.ts", bytes: mark + Array("import { a } from \"./a\";\nconst x = 1;\n".utf8))
        let base = try repo.commit("base")
        try repo.write("kept.ts", bytes: mark + Array("import { a } from \"./a\";\nconst x = 2;\n".utf8))
        try repo.write("added.ts", bytes: mark + Array("import { b } from \"./b\";\n".utf8))
        let head = try repo.commit("head")
        let repository = try Repository(discoveringFrom: repo.path)
        let diff = try repository.collect(.commits(base: base, head: head))

        let added = try XCTUnwrap(diff["added.ts"])
        XCTAssertEqual(added.headText, "import { b } from \"./b\";\n")
        XCTAssertEqual(added.addedTexts, ["import { b } from \"./b\";"])
        let kept = try XCTUnwrap(diff["kept.ts"])
        XCTAssertEqual(kept.addedTexts, ["const x = 2;"])
        XCTAssertEqual(kept.deletedLines.map(\.text), ["const x = 1;"])
        XCTAssertEqual(kept.hunks.flatMap(\.lines).first?.text, "import { a } from \"./a\";")
    }

    func testModifiedFileHunksMatchGit() throws {
        let repo = try GitFixture()
        try repo.write("app.py", numberedLines(30))
        let base = try repo.commit("base")
        var lines = (1...30).map { "line \($0)" }
        lines[4] = "changed five"
        lines.insert("inserted after 20", at: 20)
        lines.remove(at: 28)  // was "line 28"
        try repo.write("app.py", lines.joined(separator: "\n") + "\n")
        let head = try repo.commit("edit")
        let repository = try Repository(discoveringFrom: repo.path)

        let change = try XCTUnwrap(try repository.collect(.commits(base: base, head: head))["app.py"])
        XCTAssertEqual(change.kind, .modified)
        let gitHunks = try repo.git("diff", "-U3", base, head, "--", "app.py")
            .split(separator: "\n").filter { $0.hasPrefix("@@") }.map { parseHunkHeader(String($0)) }
        XCTAssertGreaterThanOrEqual(gitHunks.count, 2)
        XCTAssertEqual(change.hunks.map { [$0.oldStart, $0.oldCount, $0.newStart, $0.newCount] }, gitHunks)
        let edited = try XCTUnwrap(change.hunks.first)
        let deleted = edited.lines.first { $0.kind == .deleted }
        let added = edited.lines.first { $0.kind == .added }
        XCTAssertEqual(deleted, DiffLine(kind: .deleted, oldNumber: 5, newNumber: nil, text: "line 5"))
        XCTAssertEqual(added, DiffLine(kind: .added, oldNumber: nil, newNumber: 5, text: "changed five"))
        XCTAssertEqual(edited.lines.first, DiffLine(kind: .context, oldNumber: 2, newNumber: 2, text: "line 2"))
        XCTAssertEqual(change.addedLineNumbers, [5, 21])
        XCTAssertEqual(change.hunk(containingNewLine: 21)?.lines.first { $0.kind == .added }?.text, "inserted after 20")
        let removed = change.deletedLines.map(\.text)
        XCTAssertEqual(removed, ["line 5", "line 28"])
        XCTAssertEqual(change.deletedLines.map(\.oldNumber), [5, 28])
    }

    func testRenameWithoutEditsHasNoHunks() throws {
        let repo = try GitFixture()
        try repo.write("old/name.py", numberedLines(20))
        let base = try repo.commit("base")
        try repo.write("new/name.py", numberedLines(20))
        try repo.remove("old/name.py")
        let head = try repo.commit("rename")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(diff.paths, ["new/name.py"])
        let change = try XCTUnwrap(diff["new/name.py"])
        XCTAssertEqual(change.kind, .renamed)
        XCTAssertEqual(change.oldPath, "old/name.py")
        XCTAssertEqual(change.similarity, 100)
        XCTAssertEqual(change.hunks, [])
        XCTAssertEqual(change.headText, numberedLines(20))
        XCTAssertEqual(diff.summary.addedLines, 0)
    }

    func testRenameWithEditsCarriesOnlyTheEdit() throws {
        let repo = try GitFixture()
        try repo.write("jobs/summarize.py", numberedLines(20))
        let base = try repo.commit("base")
        try repo.remove("jobs/summarize.py")
        var lines = (1...20).map { "line \($0)" }
        lines[9] = "client.chat.completions.create(model='x')"
        try repo.write("workers/summarize.py", lines.joined(separator: "\n") + "\n")
        let head = try repo.commit("rename and edit")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(diff.paths, ["workers/summarize.py"])
        let change = try XCTUnwrap(diff["workers/summarize.py"])
        XCTAssertEqual(change.kind, .renamed)
        XCTAssertEqual(change.oldPath, "jobs/summarize.py")
        XCTAssertGreaterThanOrEqual(change.similarity ?? 0, 50)
        XCTAssertLessThan(change.similarity ?? 100, 100)
        XCTAssertEqual(change.addedLineNumbers, [10])
        XCTAssertEqual(change.addedTexts, ["client.chat.completions.create(model='x')"])
        XCTAssertEqual(change.deletedLines.map(\.oldNumber), [10])
    }

    /// Like git's default `-M -C`: a copy's source is a changed file; a copy of an unmodified file is an addition
    /// (git's `--find-copies-harder` would read every unchanged blob, which partial clones lack).
    func testCopiesOfModifiedFilesOnly() throws {
        let repo = try GitFixture()
        try repo.write("src/original.py", numberedLines(40, prefix: "original"))
        try repo.write("src/edited.py", numberedLines(40, prefix: "edited"))
        let base = try repo.commit("base")
        try repo.write("src/copy.py", numberedLines(40, prefix: "original"))
        try repo.write("src/edited.py", numberedLines(41, prefix: "edited"))
        var copied = (1...40).map { "edited \($0)" }
        copied[0] = "a changed first line"
        try repo.write("src/edited-copy.py", copied.joined(separator: "\n") + "\n")
        let head = try repo.commit("copies")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(diff.paths, ["src/copy.py", "src/edited-copy.py", "src/edited.py"])
        let unmodifiedSource = try XCTUnwrap(diff["src/copy.py"])
        XCTAssertEqual(unmodifiedSource.kind, .added)
        XCTAssertNil(unmodifiedSource.oldPath)
        XCTAssertEqual(unmodifiedSource.addedLineNumbers, Array(1...40))
        let edited = try XCTUnwrap(diff["src/edited-copy.py"])
        XCTAssertEqual(edited.kind, .copied)
        XCTAssertEqual(edited.oldPath, "src/edited.py")
        XCTAssertEqual(edited.addedLineNumbers, [1])
        XCTAssertEqual(try XCTUnwrap(diff["src/edited.py"]).kind, .modified)
        XCTAssertEqual(try XCTUnwrap(diff["src/edited.py"]).addedLineNumbers, [41])
        XCTAssertFalse(diff.summary.renameDetectionBounded)
    }

    func testRenameLimitBoundsDetectionToExactMatches() throws {
        let repo = try GitFixture()
        for name in ["a", "b", "c"] { try repo.write("old/\(name).txt", numberedLines(30, prefix: name)) }
        let base = try repo.commit("base")
        try repo.write("new/a.txt", numberedLines(30, prefix: "a"))
        try repo.remove("old/a.txt")
        try repo.remove("old/b.txt")
        try repo.remove("old/c.txt")
        try repo.write("new/b.txt", numberedLines(31, prefix: "b"))
        try repo.write("new/c.txt", numberedLines(31, prefix: "c"))
        let head = try repo.commit("renames")
        let repository = try Repository(discoveringFrom: repo.path)

        let bounded = try repository.collect(.commits(base: base, head: head), options: DiffOptions(renameLimit: 2))
        XCTAssertTrue(bounded.summary.renameDetectionBounded)
        XCTAssertEqual(bounded["new/a.txt"]?.kind, .renamed, "exact renames are still found")
        XCTAssertEqual(bounded["new/b.txt"]?.kind, .added)
        XCTAssertEqual(bounded["old/b.txt"]?.kind, .deleted)
        XCTAssertEqual(bounded["new/b.txt"]?.addedLineNumbers, Array(1...31))

        let full = try repository.collect(.commits(base: base, head: head), options: DiffOptions(renameLimit: 10))
        XCTAssertFalse(full.summary.renameDetectionBounded)
        XCTAssertEqual(full.paths, ["new/a.txt", "new/b.txt", "new/c.txt"])
        XCTAssertEqual(full["new/b.txt"]?.kind, .renamed)
        XCTAssertEqual(full["new/b.txt"]?.addedLineNumbers, [31])
    }

    func testBoundedDetectionStillFindsEveryExactRenameAndCopy() throws {
        let repo = try GitFixture()
        for index in 1...30 { try repo.write("old/file\(index).txt", numberedLines(10, prefix: "file \(index)")) }
        try repo.write("keep.txt", numberedLines(10, prefix: "keep"))
        let base = try repo.commit("base")
        for index in 1...30 {
            try repo.remove("old/file\(index).txt")
            try repo.write("new/file\(index).txt", numberedLines(index == 30 ? 11 : 10, prefix: "file \(index)"))
        }
        try repo.write("copy-of-keep.txt", numberedLines(10, prefix: "keep"))
        try repo.write("keep.txt", numberedLines(11, prefix: "keep"))
        let head = try repo.commit("move a directory")
        let repository = try Repository(discoveringFrom: repo.path)

        // 30 sources × 31 targets is far over 5²: inexact matching is off, exact matching is not.
        let diff = try repository.collect(.commits(base: base, head: head), options: DiffOptions(renameLimit: 5))
        XCTAssertTrue(diff.summary.renameDetectionBounded)
        for index in 1...29 {
            let change = diff["new/file\(index).txt"]
            XCTAssertEqual(change?.kind, .renamed, "file\(index)")
            XCTAssertEqual(change?.oldPath, "old/file\(index).txt")
            XCTAssertEqual(change?.similarity, 100)
            XCTAssertEqual(change?.hunks, [])
            XCTAssertEqual(change?.headText, numberedLines(10, prefix: "file \(index)"))
            XCTAssertNil(diff["old/file\(index).txt"], "a renamed file's deletion is not reported separately")
        }
        XCTAssertEqual(diff["new/file30.txt"]?.kind, .added)
        XCTAssertEqual(diff["new/file30.txt"]?.addedLineNumbers, Array(1...11))
        XCTAssertEqual(diff["old/file30.txt"]?.kind, .deleted)
        XCTAssertEqual(diff["copy-of-keep.txt"]?.kind, .copied)
        XCTAssertEqual(diff["copy-of-keep.txt"]?.oldPath, "keep.txt")
        XCTAssertEqual(diff["copy-of-keep.txt"]?.hunks, [])
        XCTAssertEqual(diff["keep.txt"]?.addedLineNumbers, [11])
        XCTAssertEqual(diff.changes.count, 29 + 2 + 2)
        XCTAssertEqual(diff.summary.addedLines, 11 + 1)

        // Within the limit, the edited move is found as well.
        let full = try repository.collect(.commits(base: base, head: head), options: DiffOptions(renameLimit: 100))
        XCTAssertFalse(full.summary.renameDetectionBounded)
        XCTAssertEqual(full["new/file30.txt"]?.kind, .renamed)
        XCTAssertEqual(full["new/file30.txt"]?.addedLineNumbers, [11])
    }

    func testDeletionCarriesDeletedLinesWithOldNumbers() throws {
        let repo = try GitFixture()
        try repo.write("gone.py", "first\nsecond\nthird")  // no final newline
        try repo.write("keep.txt", "keep\n")
        let base = try repo.commit("base")
        try repo.remove("gone.py")
        let head = try repo.commit("delete")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(diff.paths, ["gone.py"])
        let change = try XCTUnwrap(diff["gone.py"])
        XCTAssertEqual(change.kind, .deleted)
        XCTAssertEqual(change.newMode, .absent)
        XCTAssertEqual(change.content, .none)
        XCTAssertEqual(change.addedLineNumbers, [])
        XCTAssertEqual(change.hunks.count, 1)
        XCTAssertEqual(change.hunks[0].oldStart, 1)
        XCTAssertEqual(change.hunks[0].oldCount, 3)
        XCTAssertEqual(change.hunks[0].newCount, 0)
        XCTAssertEqual(
            change.hunks[0].lines,
            [
                DiffLine(kind: .deleted, oldNumber: 1, newNumber: nil, text: "first"),
                DiffLine(kind: .deleted, oldNumber: 2, newNumber: nil, text: "second"),
                DiffLine(kind: .deleted, oldNumber: 3, newNumber: nil, text: "third"),
            ])
        XCTAssertEqual(diff.summary.addedLines, 0)
        XCTAssertEqual(diff.summary.skipped, [])
    }

    /// The files a caller asks for first (migrations, for `gate check`) are visited before the rest, each group in
    /// path order, a deleted file by its old path; the skipped files are still listed in path order, as the report
    /// shows them.
    func testFilesAskedForFirstAreVisitedFirstInPathOrder() throws {
        let repo = try GitFixture()
        try repo.write("db/migrations/0001_old.sql", "CREATE TABLE t (id int);\n")
        try repo.write("app/keep.py", "x = 1\n")
        let base = try repo.commit("base")
        try repo.write("app/a.py", "a = 1\n")
        try repo.write("app/z.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        try repo.write("db/migrations/0002_add.sql", "ALTER TABLE t ADD COLUMN c int;\n")
        try repo.write("db/migrations/diagram.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        try repo.write("lib/b.ts", "export const b = 1\n")
        try repo.git("rm", "-q", "db/migrations/0001_old.sql")
        let head = try repo.commit("change")
        let repository = try Repository(discoveringFrom: repo.path)

        var visited: [String] = []
        let summary = try repository.diff(
            .commits(base: base, head: head), visitingFirst: { $0.hasPrefix("db/migrations/") }
        ) { visited.append($0.path) }
        XCTAssertEqual(visited, [
            "db/migrations/0001_old.sql", "db/migrations/0002_add.sql", "db/migrations/diagram.png",
            "app/a.py", "app/z.png", "lib/b.ts",
        ])
        XCTAssertEqual(summary.skipped.map(\.path), ["app/z.png", "db/migrations/diagram.png"])
        // Without it, path order throughout.
        XCTAssertEqual(try repository.collect(.commits(base: base, head: head)).changes.map(\.path), [
            "app/a.py", "app/z.png", "db/migrations/0001_old.sql", "db/migrations/0002_add.sql",
            "db/migrations/diagram.png", "lib/b.ts",
        ])
    }

    /// A deleted file and an added one that git's similarity leaves apart (a short file edited) are visited as one
    /// rename when the caller's key says they are one file (a migration's directory and version), with the line diff
    /// of the two; a key that more files on one side share pairs none of them.
    func testFilesSharingARenameKeyAreVisitedAsARename() throws {
        let repo = try GitFixture()
        try repo.write("db/migrations/000001_create_invoices.up.sql", "CREATE TABLE invoices (id bigint);\n")
        try repo.write("db/migrations/000002_a.up.sql", "SELECT 2;\n")
        try repo.write("db/migrations/000002_b.up.sql", "SELECT 22;\n")
        try repo.write("notes.txt", "one\n")
        let base = try repo.commit("base")
        try repo.git("rm", "-q", "db/migrations/000001_create_invoices.up.sql", "db/migrations/000002_a.up.sql",
                     "db/migrations/000002_b.up.sql", "notes.txt")
        try repo.write("db/migrations/000001_init_invoices.up.sql", "CREATE TABLE invoices (id bigint, n text);\n")
        try repo.write("db/migrations/000002_c.up.sql", "SELECT 3;\n")
        try repo.write("other.txt", "two\n")
        let head = try repo.commit("rename and edit")
        let repository = try Repository(discoveringFrom: repo.path)
        // The version: the name up to its first `_`, for files of db/migrations.
        let key = { (path: String) -> String? in
            path.hasPrefix("db/migrations/") ? String(path.split(separator: "/").last?.prefix { $0 != "_" } ?? "") : nil
        }

        var changes: [FileChange] = []
        _ = try repository.diff(.commits(base: base, head: head), renameKey: key) { changes.append($0) }
        let renamed = try XCTUnwrap(changes.first { $0.path == "db/migrations/000001_init_invoices.up.sql" })
        XCTAssertEqual(renamed.kind, .renamed)
        XCTAssertEqual(renamed.oldPath, "db/migrations/000001_create_invoices.up.sql")
        XCTAssertEqual(renamed.addedTexts, ["CREATE TABLE invoices (id bigint, n text);"])
        XCTAssertEqual(renamed.deletedLines.map(\.text), ["CREATE TABLE invoices (id bigint);"])
        XCTAssertFalse(changes.contains { $0.path == "db/migrations/000001_create_invoices.up.sql" })
        // Two deleted files of version 000002 for one added: no guess.
        XCTAssertEqual(
            changes.filter { $0.path.contains("000002") }.map { "\($0.kind) \($0.path)" }.sorted(),
            ["added db/migrations/000002_c.up.sql", "deleted db/migrations/000002_a.up.sql",
             "deleted db/migrations/000002_b.up.sql"])
        // Files without a key keep their kinds.
        XCTAssertEqual(changes.first { $0.path == "notes.txt" }?.kind, .deleted)
        XCTAssertEqual(changes.first { $0.path == "other.txt" }?.kind, .added)
        // Without a key, git's view: a deletion and an addition.
        let plain = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(plain["db/migrations/000001_init_invoices.up.sql"]?.kind, .added)
        XCTAssertEqual(plain["db/migrations/000001_create_invoices.up.sql"]?.kind, .deleted)
    }

    /// In the working tree too: a tracked file deleted and an untracked one added with its key, read from disk.
    func testAWorkingTreeFileSharingARenameKeyIsARename() throws {
        let repo = try GitFixture()
        try repo.write("db/migrations/000001_create_invoices.up.sql", "CREATE TABLE invoices (id bigint);\n")
        try repo.commit("base")
        try repo.git("rm", "-q", "db/migrations/000001_create_invoices.up.sql")
        try repo.write("db/migrations/000001_init.up.sql", "CREATE TABLE invoices (id bigint, n text);\n")
        let repository = try Repository(discoveringFrom: repo.path)
        var changes: [FileChange] = []
        _ = try repository.diff(.worktree, renameKey: { $0.hasPrefix("db/") ? "000001" : nil }) { changes.append($0) }
        XCTAssertEqual(changes.map(\.kind), [.renamed])
        XCTAssertEqual(changes.first?.oldPath, "db/migrations/000001_create_invoices.up.sql")
        XCTAssertEqual(changes.first?.addedTexts, ["CREATE TABLE invoices (id bigint, n text);"])
    }

    func testNotebooksAreReadUpToTheirOwnLargerLimit() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "x\n")
        let base = try repo.commit("base")
        let cell = "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"x = 1\\n\"]}]}\n"
        try repo.write("analysis.ipynb", cell + String(repeating: " ", count: 300))
        try repo.write("Huge.IPYNB", cell + String(repeating: " ", count: 2_000))
        try repo.write("script.py", "x = 1\n" + String(repeating: "#", count: 300) + "\n")
        let head = try repo.commit("notebooks")
        let repository = try Repository(discoveringFrom: repo.path)
        let diff = try repository.collect(.commits(base: base, head: head), options: DiffOptions(maxFileSize: 100, maxNotebookSize: 1_000))
        guard case .text = diff["analysis.ipynb"]?.content else { return XCTFail("a notebook under its limit is read") }
        XCTAssertEqual(diff["analysis.ipynb"]?.addedLineNumbers, [1, 2])
        XCTAssertEqual(diff["Huge.IPYNB"]?.content, .skipped(.tooLarge))
        XCTAssertEqual(diff["script.py"]?.content, .skipped(.tooLarge), "other files keep the file limit")
        // A notebook limit below the file limit is the file limit.
        XCTAssertEqual(DiffOptions(maxFileSize: 100, maxNotebookSize: 10).maxNotebookSize, 100)
    }

    func testBinaryNonUTF8AndOversizedFilesAreSkippedAndCounted() throws {
        let repo = try GitFixture()
        try repo.write("small.txt", "fine\n")
        let base = try repo.commit("base")
        try repo.write("image.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00])
        try repo.write("latin1.txt", bytes: Array("caf".utf8) + [0xE9] + Array(" au lait\n".utf8))
        try repo.write("huge.sql", String(repeating: "SELECT 1;\n", count: 50))
        try repo.write("ok.py", "x = 1\n")
        try repo.write("small.txt", "fine\nmore\n")
        let head = try repo.commit("mixed")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head), options: DiffOptions(maxFileSize: 100))
        XCTAssertEqual(diff.paths, ["huge.sql", "image.png", "latin1.txt", "ok.py", "small.txt"])
        XCTAssertEqual(diff["image.png"]?.content, .skipped(.binary))
        // Non-UTF-8 text is decoded lossily and scanned, its lines intact.
        XCTAssertEqual(diff["latin1.txt"]?.content, .text(Array("caf\u{FFFD} au lait\n".utf8)))
        XCTAssertEqual(diff["latin1.txt"]?.addedTexts, ["caf\u{FFFD} au lait"])
        XCTAssertEqual(diff["huge.sql"]?.content, .skipped(.tooLarge))
        for path in ["image.png", "huge.sql"] { XCTAssertEqual(diff[path]?.hunks, [], path) }
        XCTAssertEqual(diff["ok.py"]?.addedTexts, ["x = 1"])
        XCTAssertEqual(diff["small.txt"]?.addedLineNumbers, [2])
        XCTAssertEqual(
            diff.summary.skipped.sorted { $0.path < $1.path },
            [
                SkippedFile(path: "huge.sql", reason: .tooLarge),
                SkippedFile(path: "image.png", reason: .binary),
            ])
        XCTAssertEqual(diff.summary.files, 5)
        XCTAssertEqual(diff.summary.addedLines, 3)

        // UTF-8 beyond ASCII is text.
        try repo.write("unicode.md", "naïve café — 日本語 🚀\n")
        let next = try repo.commit("unicode")
        let unicode = try repository.collect(.commits(base: head, head: next))
        XCTAssertEqual(unicode["unicode.md"]?.addedTexts, ["naïve café — 日本語 🚀"])
    }

    func testModeChangeHasNoHunks() throws {
        let repo = try GitFixture()
        try repo.write("deploy.sh", "#!/bin/sh\necho hi\n")
        let base = try repo.commit("base")
        try repo.git("update-index", "--chmod=+x", "deploy.sh")
        try repo.git(["commit", "-q", "-m", "chmod"])
        let head = try repo.git("rev-parse", "HEAD")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        let change = try XCTUnwrap(diff["deploy.sh"])
        XCTAssertEqual(change.kind, .modified)
        XCTAssertEqual(change.oldMode, .regular)
        XCTAssertEqual(change.newMode, .executable)
        XCTAssertEqual(change.hunks, [])
        XCTAssertEqual(change.headText, "#!/bin/sh\necho hi\n")
    }

    func testSymlinksAreSkipped() throws {
        let repo = try GitFixture()
        try repo.write("target.py", "print('t')\n")
        let base = try repo.commit("base")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link.py", withDestinationPath: "target.py")
        let head = try repo.commit("link")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        let change = try XCTUnwrap(diff["link.py"])
        XCTAssertEqual(change.kind, .added)
        XCTAssertEqual(change.newMode, .symlink)
        XCTAssertEqual(change.content, .skipped(.symlink))
        XCTAssertEqual(change.hunks, [])
        XCTAssertEqual(diff.summary.skipped, [SkippedFile(path: "link.py", reason: .symlink)])

        // A file that becomes a symlink is a type change.
        try repo.remove("target.py")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/target.py", withDestinationPath: "link.py")
        let third = try repo.commit("type change")
        let typeChange = try repository.collect(.commits(base: head, head: third))
        XCTAssertEqual(typeChange["target.py"]?.kind, .typeChanged)
        XCTAssertEqual(typeChange["target.py"]?.oldMode, .regular)
        XCTAssertEqual(typeChange["target.py"]?.newMode, .symlink)
        XCTAssertEqual(typeChange["target.py"]?.content, .skipped(.symlink))
    }

    func testSubmoduleEntryIsSkipped() throws {
        let repo = try GitFixture()
        try repo.write("a.txt", "a\n")
        let base = try repo.commit("base")
        let pinned = base  // any commit id will do for a gitlink
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(pinned),vendor/lib")
        try repo.git(["commit", "-q", "-m", "add submodule entry"])
        let head = try repo.git("rev-parse", "HEAD")
        let repository = try Repository(discoveringFrom: repo.path)

        let diff = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(diff.paths, ["vendor/lib"])
        let change = try XCTUnwrap(diff["vendor/lib"])
        XCTAssertEqual(change.kind, .added)
        XCTAssertEqual(change.newMode, .submodule)
        XCTAssertEqual(change.content, .skipped(.submodule))
        XCTAssertEqual(diff.summary.skipped, [SkippedFile(path: "vendor/lib", reason: .submodule)])
        // The tree walk passes over it too.
        var files: [String] = []
        try repository.forEachFile(atCommit: head) { path, _ in files.append(path) }
        XCTAssertEqual(files, ["a.txt"])
    }

    func testCRLFAndMissingFinalNewline() throws {
        let repo = try GitFixture()
        try repo.write("win.txt", "one\r\ntwo\r\n")
        try repo.write("tail.txt", "a\nb")
        let base = try repo.commit("base")
        try repo.write("win.txt", "one\r\ntwo\r\nthree\r\n")
        try repo.write("tail.txt", "a\nb\nc")
        let head = try repo.commit("edit")
        let repository = try Repository(discoveringFrom: repo.path)
        let diff = try repository.collect(.commits(base: base, head: head))
        XCTAssertEqual(diff["win.txt"]?.addedTexts, ["three"])
        XCTAssertEqual(diff["tail.txt"]?.addedTexts, ["b", "c"])
        XCTAssertEqual(diff["tail.txt"]?.deletedLines.map(\.text), ["b"])
        XCTAssertEqual(diff["tail.txt"]?.addedLineNumbers, [2, 3])
    }
}

/// `@@ -a,b +c,d @@` as [a, b, c, d]; git leaves out a count of 1.
func parseHunkHeader(_ header: String) -> [Int] {
    let ranges = header.split(separator: " ").dropFirst().prefix(2)
    return ranges.flatMap { range -> [Int] in
        let parts = range.dropFirst().split(separator: ",").compactMap { Int($0) }
        return parts.count == 2 ? parts : [parts.first ?? -1, 1]
    }
}
