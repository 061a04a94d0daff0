import CLibgit2
import Foundation
import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// The pack reader against libgit2 on packs git itself wrote: every blob of a repacked history, delta chains of
/// both kinds, and what it must leave to libgit2 (loose objects, other types, a damaged entry).
final class PackReaderTests: XCTestCase {
    /// A history whose files are edited step by step, so `git repack` stores most versions as deltas.
    private func editedHistory() throws -> GitFixture {
        let repo = try GitFixture()
        var body = (1...120).map { "line \($0) of a module that is edited a little at each step\n" }
        for step in 0..<12 {
            body[(step * 7) % body.count] = "line edited at step \(step)\n"
            body.append("appended at step \(step)\n")
            try repo.write("src/module.ts", body.joined())
            try repo.write("src/copy-\(step % 3).ts", body.joined() + "// copy \(step)\n")
            try repo.write("docs/notes.md", "# notes\n" + String(repeating: "note \(step)\n", count: step + 1))
            try repo.write("empty.txt", "")
            try repo.commit("step \(step)")
        }
        return repo
    }

    /// Every blob id in the repository, from git.
    private func blobIDs(_ repo: GitFixture) throws -> [String] {
        let listing = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")
        return listing.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            return fields.count == 2 && fields[1] == "blob" ? String(fields[0]) : nil
        }
    }

    /// How many blobs git stored as deltas in the repository's packs.
    private func deltaBlobCount(_ repo: GitFixture) throws -> Int {
        let pack = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/objects/pack")
            .first { $0.hasSuffix(".idx") })
        let listing = try repo.git("verify-pack", "-v", ".git/objects/pack/" + pack)
        // "<id> blob <size> <size in pack> <offset> <depth> <base id>" for a delta.
        return listing.split(separator: "\n").filter { $0.split(separator: " ", omittingEmptySubsequences: true).count == 7 && $0.contains(" blob ") }.count
    }

    private func assertEveryBlobMatchesLibgit2(_ repo: GitFixture, file: StaticString = #filePath, line: UInt = #line) throws {
        let repository = try Repository(discoveringFrom: repo.path)
        let reader = try XCTUnwrap(PackReader(objectsDirectory: try XCTUnwrap(repository.objectsDirectory)))
        let ids = try blobIDs(repo)
        XCTAssertGreaterThan(ids.count, 20, file: file, line: line)
        for hex in ids {
            let id = try XCTUnwrap(git_oid(hex: hex))
            guard case .bytes(let packed) = reader.blob(id) else {
                XCTFail("blob \(hex) not read from the pack", file: file, line: line)
                continue
            }
            XCTAssertEqual(packed, try repository.lookupBlob(id: id).bytes, "blob \(hex)", file: file, line: line)
        }
    }

    func testEveryBlobOfARepackedHistoryReadsAsLibgit2ReadsItWithOffsetDeltas() throws {
        let repo = try editedHistory()
        try repo.git("repack", "-adf", "-q", "--depth=50", "--window=50")
        XCTAssertGreaterThan(try deltaBlobCount(repo), 10, "the repack stored no chains to resolve")
        try assertEveryBlobMatchesLibgit2(repo)
    }

    func testEveryBlobReadsAsLibgit2ReadsItWithReferenceDeltas() throws {
        let repo = try editedHistory()
        // Bases named by id rather than by distance: what packs written without `ofs-delta` hold.
        try repo.git("-c", "repack.useDeltaBaseOffset=false", "repack", "-adf", "-q", "--depth=50", "--window=50")
        XCTAssertGreaterThan(try deltaBlobCount(repo), 10)
        try assertEveryBlobMatchesLibgit2(repo)
    }

    func testBlobsSpreadOverSeveralPacksAreEachFoundInTheirs() throws {
        let repo = try editedHistory()
        try repo.git("repack", "-adq")
        try repo.write("src/module.ts", "rewritten after the first pack\n")
        try repo.write("later/one.ts", "export const one = 1\n")
        try repo.commit("after")
        // Only the loose objects: a second pack beside the first.
        try repo.git("repack", "-dq")
        let packs = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/objects/pack").filter { $0.hasSuffix(".pack") }
        XCTAssertEqual(packs.count, 2)
        try assertEveryBlobMatchesLibgit2(repo)
    }

    func testAPackedFileOverTheSizeLimitIsSkippedAsTooLarge() throws {
        let repo = try GitFixture()
        try repo.write("small.txt", "small\n")
        try repo.commit("base")
        try repo.write("big.txt", String(repeating: "a line of a large generated file\n", count: 2_000))
        try repo.write("small.txt", "small, edited\n")
        try repo.commit("head")
        try repo.git("repack", "-adq")
        try repo.git("prune-packed")
        var options = DiffOptions()
        options.maxFileSize = 10_000
        let diff = try Repository(discoveringFrom: repo.path).collect(base: "HEAD~1", head: "HEAD", options: options)
        XCTAssertEqual(diff["big.txt"]?.content, .skipped(.tooLarge))
        XCTAssertEqual(diff["small.txt"]?.addedTexts, ["small, edited"])
        XCTAssertEqual(diff.summary.skipped.map(\.path), ["big.txt"])
    }

    func testLooseObjectsOtherTypesAndUnknownIDsAreLeftToLibgit2() throws {
        let repo = try editedHistory()
        try repo.git("repack", "-adq")
        try repo.write("later.txt", "written after the repack\n")
        try repo.commit("loose")
        let repository = try Repository(discoveringFrom: repo.path)
        let reader = try XCTUnwrap(PackReader(objectsDirectory: try XCTUnwrap(repository.objectsDirectory)))
        let loose = try XCTUnwrap(git_oid(hex: try repo.git("rev-parse", "HEAD:later.txt")))
        XCTAssertEqual(reader.blob(loose), .unavailable)
        let packedTree = try XCTUnwrap(git_oid(hex: try repo.git("rev-parse", "HEAD~1^{tree}")))
        XCTAssertEqual(reader.blob(packedTree), .unavailable, "a tree is no blob")
        XCTAssertEqual(reader.blob(try XCTUnwrap(git_oid(hex: String(repeating: "ab", count: 20)))), .unavailable)
        let notes = try XCTUnwrap(git_oid(hex: try repo.git("rev-parse", "HEAD~1:docs/notes.md")))
        XCTAssertEqual(reader.blob(notes), .bytes(try repository.lookupBlob(id: notes).bytes))
    }

    func testEveryTreeOfARepackedHistoryReadsAsLibgit2ReadsIt() throws {
        let repo = try editedHistory()
        try repo.git("repack", "-adf", "-q", "--depth=50", "--window=50")
        let repository = try Repository(discoveringFrom: repo.path)
        let reader = try XCTUnwrap(PackReader(objectsDirectory: try XCTUnwrap(repository.objectsDirectory)))
        let database = try repository.objectDatabase()
        let listing = try repo.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)")
        let trees = listing.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            return fields.count == 2 && fields[1] == "tree" ? String(fields[0]) : nil
        }
        // A root and two subdirectories a commit, each version of a directory a delta of another.
        XCTAssertGreaterThan(trees.count, 20)
        for hex in trees {
            let id = try XCTUnwrap(git_oid(hex: hex))
            let packed = try XCTUnwrap(reader.tree(id), "tree \(hex) not read from the pack")
            // A tree's bytes are valid while the tree is: each is copied out before it is released.
            let stored = try RawTree(reading: id, from: database, packs: nil)
            XCTAssertEqual(packed, withExtendedLifetime(stored) { Array(stored.bytes) }, "tree \(hex)")
            // Read through the reader, the walk's tree holds the same bytes in a buffer of its own.
            let copied = try RawTree(reading: id, from: database, packs: reader)
            XCTAssertEqual(withExtendedLifetime(copied) { Array(copied.bytes) }, packed, "tree \(hex)")
        }
        let blob = try XCTUnwrap(git_oid(hex: try repo.git("rev-parse", "HEAD:src/module.ts")))
        XCTAssertNil(reader.tree(blob), "a blob is no tree")
    }

    func testAPackReaderIsReusedByTheNextWalkAndNeverSharedByTwoAtOnce() throws {
        let repo = try editedHistory()
        try repo.git("repack", "-adq")
        let repository = try Repository(discoveringFrom: repo.path)
        let first = try XCTUnwrap(repository.withPackReader { $0 })
        let again = try XCTUnwrap(repository.withPackReader { $0 })
        XCTAssertTrue(first === again, "a walk after another opened the packs again")
        let (outer, inner) = repository.withPackReader { outer in (outer, repository.withPackReader { $0 }) }
        XCTAssertNotNil(inner)
        XCTAssertFalse(outer === inner, "two walks at once were handed one reader")
        // A walk of a repository without packs has no reader.
        let unpacked = try editedHistory()
        XCTAssertNil(try Repository(discoveringFrom: unpacked.path).withPackReader { $0 })
    }

    /// Flips a byte well inside the compressed data of object `id` in the repository's one pack (its entry's header
    /// is a few bytes).
    private func damagePackedObject(_ id: String, in repo: GitFixture) throws {
        let pack = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git/objects/pack")
            .first { $0.hasSuffix(".idx") })
        let listing = try repo.git("verify-pack", "-v", ".git/objects/pack/" + pack)
        let entry = try XCTUnwrap(listing.split(separator: "\n").first { $0.hasPrefix(id) })
        let offset = try XCTUnwrap(Int(entry.split(separator: " ", omittingEmptySubsequences: true)[4]))
        let packPath = repo.path + "/.git/objects/pack/" + pack.dropLast(4) + ".pack"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: packPath)))
        bytes[offset + 40] ^= 0x55
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packPath)
        try Data(bytes).write(to: URL(fileURLWithPath: packPath))
    }

    func testARepositoryWithoutPacksHasNoReader() throws {
        let repo = try editedHistory()
        let repository = try Repository(discoveringFrom: repo.path)
        XCTAssertNil(PackReader(objectsDirectory: try XCTUnwrap(repository.objectsDirectory)))
    }

    func testADamagedEntryIsLeftToLibgit2RatherThanReadWrong() throws {
        let repo = try GitFixture()
        let text = (1...400).map { "distinct line \($0) with some words to compress\n" }.joined()
        try repo.write("big.txt", text)
        try repo.commit("one")
        try repo.git("repack", "-adq", "--depth=0")
        let id = try repo.git("rev-parse", "HEAD:big.txt")
        try damagePackedObject(id, in: repo)

        let repository = try Repository(discoveringFrom: repo.path)
        let reader = try XCTUnwrap(PackReader(objectsDirectory: try XCTUnwrap(repository.objectsDirectory)))
        XCTAssertEqual(reader.blob(try XCTUnwrap(git_oid(hex: id))), .unavailable)
        // Read through libgit2 instead, the damage stops the diff, naming the file, rather than passing for content.
        XCTAssertThrowsGitError(
            try repository.collect(.commits(base: Repository.emptyTreeID, head: try repository.resolveCommit("HEAD")))
        ) { error in
            if case .unreadableFile(let path, let message) = error { return path == "big.txt" && message.contains(id) }
            return false
        }
    }

    /// A damaged tree is no tree to the pack reader: the walk asks libgit2, which names the failure — an error,
    /// never a crash or a tree read wrong.
    func testADamagedTreeIsLeftToLibgit2AndTheWalkFailsNamingIt() throws {
        let repo = try GitFixture()
        for index in 0..<300 { try repo.write(String(format: "dir/file%03d-with-a-longer-name.txt", index), "\(index)\n") }
        let first = try repo.commit("one")
        try repo.write("dir/added.txt", "added\n")
        let second = try repo.commit("two")
        try repo.git("repack", "-adq", "--depth=0")
        let id = try repo.git("rev-parse", "HEAD:dir").trimmingCharacters(in: .whitespacesAndNewlines)
        try damagePackedObject(id, in: repo)

        let repository = try Repository(discoveringFrom: repo.path)
        let reader = try XCTUnwrap(PackReader(objectsDirectory: try XCTUnwrap(repository.objectsDirectory)))
        XCTAssertNil(reader.tree(try XCTUnwrap(git_oid(hex: id))))
        XCTAssertThrowsError(try repository.treeChanges(from: first, to: second)) { error in
            XCTAssertTrue("\(error)".contains("git_odb_read"), "\(error)")
        }
    }

    func testADiffOfAPackedRepositoryIsTheDiffOfItsLooseObjects() throws {
        let repo = try editedHistory()
        try repo.write("src/module.ts", "rewritten\n")
        try repo.remove("docs/notes.md")
        // Content that is not plain UTF-8 takes the same decoding from either kind of object.
        try repo.write("with-mark.ts", bytes: [0xEF, 0xBB, 0xBF] + Array("export const key = 1\n".utf8))
        try repo.write("utf16.env", bytes: [0xFF, 0xFE] + Array("KEY=value\n".utf8).flatMap { [$0, 0] })
        try repo.write("latin1.py", bytes: Array("name = 'caf".utf8) + [0xE9] + Array("'\n".utf8))
        try repo.write("logo.bin", bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2, 0, 3])
        try repo.commit("last")
        let loose = try Repository(discoveringFrom: repo.path).collect(base: "HEAD~6", head: "HEAD")
        try repo.git("repack", "-adq", "--depth=50", "--window=50")
        try repo.git("prune-packed")
        let packed = try Repository(discoveringFrom: repo.path).collect(base: "HEAD~6", head: "HEAD")
        XCTAssertEqual(packed.paths, loose.paths)
        XCTAssertFalse(loose.changes.isEmpty)
        for change in loose.changes {
            let other = try XCTUnwrap(packed[change.path])
            XCTAssertEqual(other.hunks, change.hunks, change.path)
            XCTAssertEqual(other.headText, change.headText, change.path)
            XCTAssertEqual(other.deletedLines, change.deletedLines, change.path)
            XCTAssertEqual(other.content, change.content, change.path)
        }
        XCTAssertEqual(packed.summary.skipped, loose.summary.skipped)
        XCTAssertEqual(packed["utf16.env"]?.headText, "KEY=value\n")
        XCTAssertEqual(packed["with-mark.ts"]?.headText, "export const key = 1\n")
    }

    func testALinkedWorktreeReadsThePacksOfItsRepository() throws {
        let repo = try editedHistory()
        try repo.git("repack", "-adq")
        try repo.git("prune-packed")
        let worktree = try TemporaryDirectory(prefix: "gate-worktree")
        try repo.git("worktree", "add", "-q", worktree.path + "/tree", "HEAD")
        let repository = try Repository(discoveringFrom: worktree.path + "/tree")
        let objects = try XCTUnwrap(repository.objectsDirectory)
        XCTAssertTrue(objects.hasPrefix(repo.path), "\(objects) is not the main repository's")
        let reader = try XCTUnwrap(PackReader(objectsDirectory: objects))
        let id = try XCTUnwrap(git_oid(hex: try repo.git("rev-parse", "HEAD:src/module.ts")))
        XCTAssertEqual(reader.blob(id), .bytes(try repository.lookupBlob(id: id).bytes))
    }

    func testDeltaInstructionsCopyAndInsertWithinTheirBounds() {
        let base = Array("hello, world".utf8)
        // Source size 12, target size 11: copy base[7..<12] ("world"), insert ", hi", then copy base[0..<2] ("he").
        let delta: [UInt8] = [12, 11, 0x80 | 0x01 | 0x10, 7, 5, 4] + Array(", hi".utf8) + [0x80 | 0x10, 2]
        XCTAssertEqual(PackReader.apply(delta: delta, to: base).map { String(decoding: $0, as: UTF8.self) }, "world, hihe")
        XCTAssertNil(PackReader.apply(delta: [11, 5, 0x91, 7, 5], to: base), "the source size is not the base's")
        XCTAssertNil(PackReader.apply(delta: [12, 6, 0x91, 8, 6], to: base), "a copy past the base's end")
        XCTAssertNil(PackReader.apply(delta: [12, 6, 0x91, 7, 5], to: base), "the target comes out shorter than declared")
        XCTAssertNil(PackReader.apply(delta: [12, 1, 0x00], to: base), "instruction 0 is reserved")
        XCTAssertNil(PackReader.apply(delta: [12, 3, 0x03, 0x61], to: base), "an insert past the delta's end")
        // A damaged header declaring a target of 2^28 bytes is refused before anything is allocated for it.
        XCTAssertNil(PackReader.apply(delta: [12, 0x80, 0x80, 0x80, 0x80, 0x01, 0x91, 0, 5], to: base))
        // Nor one past the largest object read here, however its instructions add up.
        XCTAssertNil(PackReader.apply(delta: [12, 0x81, 0x80, 0x80, 0x80, 0x04, 0x91, 0, 5], to: base))
    }
}
