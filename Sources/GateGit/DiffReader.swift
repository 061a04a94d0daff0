import CLibgit2
import GateCore
import GateCode

#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

extension Repository {
    /// Streams the change one file at a time, so memory follows the largest file, not the whole diff. Files are
    /// visited in path order, except that those whose path `visitingFirst` accepts (a deleted file's old path) come
    /// before all others: an analysis that needs them to judge the rest can then judge the rest as it comes.
    ///
    /// `renameKey` names what a deleted file and an added file that git's rename detection left apart must share to
    /// be one file renamed (a migration's directory and version, `MigrationLayout.renameKey`): when exactly one
    /// deleted and one added file have a key, they are visited as that rename, with the line diff of the two.
    public func diff(
        _ spec: DiffSpec, options: DiffOptions = DiffOptions(), visitingFirst: ((String) -> Bool)? = nil,
        renameKey: ((String) -> String?)? = nil, visit: (FileChange) throws -> Void
    ) throws -> DiffSummary {
        try withPackReader { packs in
            try DiffReader(repository: self, spec: spec, options: options, packs: packs)
                .read(visitingFirst: visitingFirst, renameKey: renameKey, visit)
        }
    }
}

extension Repository {
    /// What `commit` changes in the files `changes` lists as new content (`treeChanges(from: parent, to: commit)`),
    /// each as a diff of the commit against `parent` narrowed to those files and `changes.removed` would make it,
    /// in the same order, without that diff: libgit2 would read the commit's trees again to build it. Nil when the
    /// diff could pair an added file with a deleted or modified one (a rename or copy: the same content, or, within
    /// `options.renameLimit`, similar content), or has a file whose kind changes (a symlink becomes a file) or whose
    /// path is not UTF-8: the caller then diffs the commit.
    public func newContentChanges(
        _ changes: TreeChanges, parent: String, commit: String, options: DiffOptions = DiffOptions()
    ) throws -> [FileChange]? {
        // `sides` is filled by the tree walk only: changes made any other way are diffed.
        guard !changes.hasUndecodablePath, changes.sides.count == changes.newContent.count else { return nil }
        // A file's old side must be a file too (libgit2 reports a symlink that becomes a file as a typechange).
        guard changes.sides.allSatisfy({ $0.old.map { DiffReader.isFile(UInt16($0.mode)) } ?? true }) else { return nil }
        guard !Self.mayPair(changes, renameLimit: options.effectiveRenameLimit) else { return nil }
        // libgit2 lists a diff's files by path, byte by byte.
        let order = changes.newContent.indices.sorted {
            changes.newContent[$0].path.utf8.lexicographicallyPrecedes(changes.newContent[$1].path.utf8)
        }
        return try withPackReader { packs in
            let reader = try DiffReader(
                repository: self, spec: .commits(base: parent, head: commit), options: options, packs: packs)
            return try order.compactMap { index in
                try reader.fileChange(path: changes.newContent[index].path, sides: changes.sides[index])
            }
        }
    }

    /// Whether the narrowed diff of `changes` could report an added file as a rename or copy, as `DiffReader` finds
    /// them: the sources are the deleted regular files and the modified files' old versions, the targets the added
    /// files. Within the rename limit libgit2 compares their content for similarity; beyond it (always, with the
    /// history's limit of 1) only a target whose blob is a source's is paired (`ExactRenames`).
    private static func mayPair(_ changes: TreeChanges, renameLimit: Int) -> Bool {
        let added = changes.sides.filter { $0.old == nil }
        guard !added.isEmpty else { return false }
        let modifiedOldIDs = changes.sides.compactMap(\.old?.id)
        let sources = changes.removedFileIDs.count + modifiedOldIDs.count
        guard sources > 0 else { return false }
        if DiffReader.inexactAffordable(sources: sources, targets: added.count, limit: renameLimit) { return true }
        let sourceIDs = Set((changes.removedFileIDs + modifiedOldIDs).map(ObjectKey.init))
        return added.contains { sourceIDs.contains(ObjectKey($0.newID)) }
    }
}

/// Builds libgit2's diff for a `DiffSpec`, finds renames and copies within git's bounds, and turns
/// each delta into a `FileChange`, reading each file's content only while it is being visited.
struct DiffReader {
    let repository: Repository
    let spec: DiffSpec
    let options: DiffOptions
    let objects: GitObjectDatabase
    /// Blobs inflated straight from the pack files (nil when there are none); libgit2 reads the rest.
    let packs: PackReader?
    /// The working directory (with its trailing slash) when the head side is the working tree.
    let headDirectory: String?

    init(repository: Repository, spec: DiffSpec, options: DiffOptions, packs: PackReader?) throws(GitError) {
        self.repository = repository
        self.spec = spec
        self.options = options
        objects = try repository.objectDatabase()
        self.packs = packs
        if case .worktree = spec {
            guard let workdir = repository.workdir else {
                throw GitError.notARepository(
                    path: repository.displayPath, message: "a bare repository has no working tree to compare")
            }
            headDirectory = workdir.hasSuffix("/") ? workdir : workdir + "/"
        } else {
            // A bare repository's index is none a commit was staged in (libgit2 gives an empty one): read as staged,
            // every file of HEAD would look deleted.
            if case .staged = spec, repository.workdir == nil {
                throw GitError.notARepository(
                    path: repository.displayPath, message: "a bare repository has no index of staged changes to compare")
            }
            headDirectory = nil
        }
    }

    func read(
        visitingFirst first: ((String) -> Bool)? = nil, renameKey: ((String) -> String?)? = nil,
        _ visit: (FileChange) throws -> Void
    ) throws -> DiffSummary {
        let detection = try findRenamesAndCopies()
        let diff = detection.diff
        let keyed = renameKey.map { KeyedRenames(diff, key: $0, exact: detection.exact, available: objects.contains) }
            ?? KeyedRenames()
        var summary = DiffSummary()
        summary.renameDetectionBounded = detection.bounded
        var order = Array(0..<diff.count)
        if let first {
            let (early, late) = order.reduce(into: ([Int](), [Int]())) { groups, index in
                let accepted = diff.delta(at: index).map { delta in
                    first(Self.path(delta.status == GIT_DELTA_DELETED ? delta.old_file : delta.new_file))
                } ?? false
                if accepted { groups.0.append(index) } else { groups.1.append(index) }
            }
            order = early + late
        }
        // Listed in path order whatever the visiting order, as the report shows them.
        var skipped: [(index: Int, file: SkippedFile)] = []
        for index in order {
            if detection.exact.consumedSources.contains(index) || keyed.consumedSources.contains(index) { continue }
            guard var delta = diff.delta(at: index) else { continue }
            if let sourceIndex = keyed.sources[index], let source = diff.delta(at: sourceIndex) {
                delta = Self.renamed(delta, from: source)
            }
            let source = detection.exact.sources[index].flatMap { pair in diff.delta(at: pair.index).map { ($0, pair.kind) } }
            guard let change = try fileChange(delta, exactSource: source) else { continue }
            summary.files += 1
            summary.addedLines += Self.addedLineCount(change.hunks)
            if case .skipped(let reason) = change.content,
               detection.missing.isEmpty || !detection.missing.contains(where: { $0.path == change.path })
            {
                skipped.append((index, SkippedFile(path: change.path, reason: reason)))
            }
            try visit(change)
        }
        summary.skipped = detection.missing + skipped.sorted { $0.index < $1.index }.map(\.file)
        withExtendedLifetime(diff) {}
        return summary
    }

    /// The added file of `delta` as a rename of the file `source` deletes: read as libgit2 reports a rename it found,
    /// its hunks the line diff of the two (none when the content is the same).
    private static func renamed(_ delta: git_diff_delta, from source: git_diff_delta) -> git_diff_delta {
        var renamed = delta
        renamed.status = GIT_DELTA_RENAMED
        renamed.old_file = source.old_file
        renamed.nfiles = 2
        renamed.similarity = 0
        return renamed
    }

    /// How many lines of `hunks` are added, counted without making them.
    static func addedLineCount(_ hunks: [Hunk]) -> Int {
        hunks.reduce(0) { $0 + $1.lines.count(of: .added) }
    }

    // MARK: - The diff and its renames

    private func makeDiff() throws(GitError) -> GitDiff {
        var diffOptions = git_diff_options()
        try LibGit2.check(git_diff_options_init(&diffOptions, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        // Content is classified (binary, size, UTF-8) by this reader as each file is visited.
        var flags = GIT_DIFF_INCLUDE_TYPECHANGE.rawValue | GIT_DIFF_SKIP_BINARY_CHECK.rawValue
        // Exact paths, so libgit2 skips every subtree that holds none of them; the list lives until the diff is
        // built.
        let pathList = options.paths.map(GitPathList.init)
        defer { withExtendedLifetime(pathList) {} }
        if let pathList {
            diffOptions.pathspec = pathList.array
            flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        }
        var diff: OpaquePointer?
        let code: Int32
        let function: String
        switch spec {
        case .commits(let base, let head):
            // The empty tree is no object in the repository; libgit2 takes a null old tree for it.
            let old = base == Repository.emptyTreeID ? nil : try repository.lookupCommit(base).tree()
            let new = try repository.lookupCommit(head).tree()
            diffOptions.flags = flags
            code = withExtendedLifetime((old, new)) {
                git_diff_tree_to_tree(&diff, repository.handle, old?.pointer, new.pointer, &diffOptions)
            }
            function = "git_diff_tree_to_tree"
        case .staged:
            let old = try repository.headTree()
            diffOptions.flags = flags
            code = withExtendedLifetime(old) {
                git_diff_tree_to_index(&diff, repository.handle, old?.pointer, nil, &diffOptions)
            }
            function = "git_diff_tree_to_index"
        case .worktree:
            let old = try repository.headTree()
            diffOptions.flags = flags | GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
            // A submodule's own uncommitted edits are not this repository's change; its recorded commit is.
            diffOptions.ignore_submodules = GIT_SUBMODULE_IGNORE_DIRTY
            code = withExtendedLifetime(old) {
                git_diff_tree_to_workdir_with_index(&diff, repository.handle, old?.pointer, &diffOptions)
            }
            function = "git_diff_tree_to_workdir_with_index"
        }
        try LibGit2.check(code, function)
        guard let diff else { throw GitError.libgit2(function: function, code: -1, message: "no diff") }
        return GitDiff(diff)
    }

    /// How many rename/copy sources and targets a diff offers, the way git counts them for `diff.renameLimit`.
    private struct Candidates {
        var targets = 0
        var deleted = 0
        var modified = 0
        var unmodified = 0

        init(_ diff: GitDiff, untrackedAreTargets: Bool) {
            for index in 0..<diff.count {
                guard let delta = diff.delta(at: index) else { continue }
                let oldIsFile = DiffReader.isFile(delta.old_file.mode)
                switch delta.status {
                case GIT_DELTA_ADDED:
                    if DiffReader.isFile(delta.new_file.mode) { targets += 1 }
                case GIT_DELTA_UNTRACKED:
                    if untrackedAreTargets && DiffReader.isFile(delta.new_file.mode) { targets += 1 }
                case GIT_DELTA_DELETED, GIT_DELTA_TYPECHANGE:
                    if oldIsFile { deleted += 1 }
                case GIT_DELTA_MODIFIED:
                    if oldIsFile { modified += 1 }
                case GIT_DELTA_UNMODIFIED:
                    if oldIsFile { unmodified += 1 }
                default:
                    break
                }
            }
        }
    }

    /// The diff to visit, after rename and copy detection.
    private struct Detection {
        var diff: GitDiff
        var bounded: Bool
        var exact = ExactRenames()
        /// Rename/copy candidates whose blob the repository lacks (a partial clone): matched by id only.
        var missing: [SkippedFile] = []
    }

    /// Runs rename and copy detection, bounded like git's `diff.renameLimit`: when sources × targets
    /// exceeds limit², only exact (same-content) renames and copies are found, and the summary says so.
    private func findRenamesAndCopies() throws(GitError) -> Detection {
        let diff = try makeDiff()
        let isWorktree = spec == .worktree
        let candidates = Candidates(diff, untrackedAreTargets: isWorktree)
        guard candidates.targets > 0 else { return Detection(diff: diff, bounded: false) }
        let limit = options.effectiveRenameLimit
        var flags = GIT_DIFF_FIND_RENAMES.rawValue | GIT_DIFF_FIND_COPIES.rawValue
        if isWorktree { flags |= GIT_DIFF_FIND_FOR_UNTRACKED.rawValue }

        // Like git's default `-M -C`: copy sources are the changed files only, never the unmodified rest of the
        // tree (`--find-copies-harder`), which costs time on big trees and fails on blobs a partial clone lacks.
        let sources = candidates.deleted + candidates.modified
        guard sources > 0 else { return Detection(diff: diff, bounded: false) }
        // Only a partial clone is expected to lack objects; elsewhere a missing one is an error worth seeing.
        let missing = isWorktree || !repository.isPartialClone ? [] : missingCandidates(diff)
        if !missing.isEmpty {
            // Similarity needs every candidate's content; without it, only same-content matches are found.
            return Detection(diff: diff, bounded: true, exact: ExactRenames(diff), missing: missing)
        }
        if Self.inexactAffordable(sources: sources, targets: candidates.targets, limit: limit) {
            try findSimilar(diff, flags: flags, limit: limit)
            return Detection(diff: diff, bounded: false)
        }
        if isWorktree {
            // Working-tree files have no ids until hashed; libgit2 hashes them for an exact-only search.
            try findSimilar(diff, flags: flags | GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue, limit: limit)
            return Detection(diff: diff, bounded: true)
        }
        // libgit2 compares every source with every target even for exact matches; matching by
        // content id in a hash table is linear, like git's own exact-rename pass.
        return Detection(diff: diff, bounded: true, exact: ExactRenames(diff))
    }

    /// Whether similarity (inexact) matching fits the rename limit. Like git's `diff.renameLimit`,
    /// sources × targets must stay within limit²; and since libgit2 reads and signs the content of
    /// every candidate file (about 0.3 ms each, 1.4 s for 4,500 added files), so must their count.
    static func inexactAffordable(sources: Int, targets: Int, limit: Int) -> Bool {
        let pairs = sources.multipliedReportingOverflow(by: targets)
        let squared = limit.multipliedReportingOverflow(by: limit)
        let pairBudget = squared.overflow ? Int.max : squared.partialValue
        return !pairs.overflow && pairs.partialValue <= pairBudget && sources + targets <= limit
    }

    private func findSimilar(_ diff: GitDiff, flags: UInt32, limit: Int) throws(GitError) {
        var findOptions = git_diff_find_options()
        try LibGit2.check(
            git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)),
            "git_diff_find_options_init")
        findOptions.flags = flags
        findOptions.rename_limit = limit
        try LibGit2.check(git_diff_find_similar(diff.pointer, &findOptions), "git_diff_find_similar")
    }

    /// Rename and copy candidates (both sides of deleted, modified and added files) whose blob is not in the
    /// object database, as in a partial clone.
    private func missingCandidates(_ diff: GitDiff) -> [SkippedFile] {
        var missing: [SkippedFile] = []
        for index in 0..<diff.count {
            guard let delta = diff.delta(at: index) else { continue }
            for file in [delta.old_file, delta.new_file] where Self.isFile(file.mode) && Self.hasValidID(file) {
                if !objects.contains(file.id) {
                    missing.append(SkippedFile(path: Self.path(file), reason: .missingObject))
                }
            }
        }
        return missing
    }

    // MARK: - One file

    /// A file of a commit's new content (`Repository.newContentChanges`) as a `FileChange`: the delta libgit2's diff
    /// would hold for it, made here.
    func fileChange(path: String, sides: Repository.FileSides) throws -> FileChange? {
        try path.withCString { path in
            var delta = git_diff_delta()
            delta.status = sides.old == nil ? GIT_DELTA_ADDED : GIT_DELTA_MODIFIED
            delta.nfiles = sides.old == nil ? 1 : 2
            // libgit2 names both sides by the one path when nothing is renamed.
            delta.old_file.path = path
            delta.new_file.path = path
            if let old = sides.old {
                delta.old_file.id = old.id
                delta.old_file.mode = UInt16(old.mode)
                delta.old_file.flags = GIT_DIFF_FLAG_VALID_ID.rawValue
            }
            delta.new_file.id = sides.newID
            delta.new_file.mode = UInt16(sides.newMode)
            delta.new_file.flags = GIT_DIFF_FLAG_VALID_ID.rawValue
            return try fileChange(delta, exactSource: nil)
        }
    }

    /// One delta as a `FileChange`; `exactSource` is the old file it was found to rename or copy, if any.
    private func fileChange(
        _ delta: git_diff_delta, exactSource: (delta: git_diff_delta, kind: FileChangeKind)?
    ) throws -> FileChange? {
        if let (source, kind) = exactSource {
            var change = FileChange(
                path: Self.path(delta.new_file), oldPath: Self.path(source.old_file), kind: kind,
                oldMode: Self.fileMode(source.old_file.mode), newMode: Self.fileMode(delta.new_file.mode),
                similarity: 100, hunks: [], content: .none)
            switch try headContent(delta.new_file, mode: change.newMode) {
            case .skipped(let reason): change.content = .skipped(reason)
            case .text(let bytes): change.content = .text(bytes)
            }
            return change
        }
        let kind: FileChangeKind
        switch delta.status {
        case GIT_DELTA_UNMODIFIED, GIT_DELTA_IGNORED: return nil
        case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED: kind = .added
        case GIT_DELTA_DELETED: kind = .deleted
        case GIT_DELTA_RENAMED: kind = .renamed
        case GIT_DELTA_COPIED: kind = .copied
        case GIT_DELTA_TYPECHANGE: kind = .typeChanged
        case GIT_DELTA_UNREADABLE:
            throw GitError.unreadableFile(path: Self.path(delta.new_file), message: "libgit2 reports it unreadable")
        default: kind = .modified  // MODIFIED, and CONFLICTED index entries
        }
        let oldPath = Self.path(delta.old_file)
        let newPath = Self.path(delta.new_file)
        var change = FileChange(
            path: kind == .deleted ? oldPath : newPath,
            oldPath: kind == .renamed || kind == .copied ? oldPath : nil,
            kind: kind,
            oldMode: kind == .added ? .absent : Self.fileMode(delta.old_file.mode),
            newMode: kind == .deleted ? .absent : Self.fileMode(delta.new_file.mode),
            similarity: kind == .renamed || kind == .copied ? Int(delta.similarity) : nil,
            hunks: [], content: .none)

        if kind == .deleted {
            // Removed lines are carried for context; deletions never need head content, and a deleted blob a
            // partial clone lacks is no reason to stop (the summary lists it).
            guard !Self.hasValidID(delta.old_file) || objects.contains(delta.old_file.id) else {
                change.content = .skipped(.missingObject)
                return change
            }
            if let old = try comparableBlob(delta.old_file) {
                change.hunks = old.withBytes { TextBytes.wholeFileHunk(TextBytes.withoutUTF8Mark($0), kind: .deleted) }
                    .map { [$0] } ?? []
            }
            return change
        }

        let head: [UInt8]
        switch try headContent(delta.new_file, mode: change.newMode) {
        case .skipped(let reason):
            change.content = .skipped(reason)
            return change
        case .text(let bytes):
            head = bytes
        }
        change.content = .text(head)

        if kind == .added {
            change.hunks = Hunk(addingEveryLineOf: head).map { [$0] } ?? []
            return change
        }
        // A pure rename, copy or mode change has no line changes at all. (Working-tree files have
        // no trustworthy id until hashed; the line diff below finds them equal just the same.)
        if headDirectory == nil && kind != .typeChanged && Self.hasValidID(delta.new_file)
            && Self.sameID(delta.old_file.id, delta.new_file.id)
        {
            return change
        }
        guard let old = try comparableBlob(delta.old_file) else {
            // The old side was no text (binary, huge, a symlink): every head line counts as added.
            change.hunks = Hunk(addingEveryLineOf: head).map { [$0] } ?? []
            return change
        }
        change.hunks = try lineDiff(old: old, oldPath: oldPath, new: head, newPath: newPath)
        return change
    }

    /// The head side of a file, or why it is not scanned.
    private enum HeadContent {
        case text([UInt8])
        case skipped(SkipReason)

        init(_ decoded: TextBytes.Decoded) {
            switch decoded {
            case .text(let bytes): self = .text(bytes)
            case .skipped(let reason): self = .skipped(reason)
            }
        }
    }

    /// The blob of `file`, read once (its size comes with it: a header read first would open the object twice):
    /// from a pack when the pack reader has it, else through libgit2. A missing object is named, with the fix when
    /// the clone is partial.
    private func readBlob(of file: git_diff_file, path: String) throws(GitError) -> BlobBytes {
        if case .bytes(let bytes) = packs?.blob(file.id) { return .inflated(bytes) }
        switch Result(catching: { () throws(GitError) in try repository.lookupBlob(id: file.id) }) {
        case .success(let blob):
            return .object(blob)
        case .failure(let error):
            // Asked only once the read failed, so the common path pays nothing for it.
            if !objects.contains(file.id) {
                throw GitError.missingObject(path: path, id: file.id.hex, partialClone: repository.isPartialClone)
            }
            // A damaged object: named by the file it holds, not only by the libgit2 call that failed.
            throw GitError.unreadableFile(path: path, message: "blob \(file.id.hex): \(error)")
        }
    }

    private func headContent(_ file: git_diff_file, mode: FileMode) throws(GitError) -> HeadContent {
        switch mode {
        case .regular, .executable: break
        case .symlink: return .skipped(.symlink)
        case .submodule: return .skipped(.submodule)
        case .absent, .tree, .unknown: return .skipped(.binary)
        }
        let path = Self.path(file)
        if let headDirectory { return try Self.readWorkingFile(headDirectory + path, as: path, maxSize: options.sizeLimit(for: path)) }
        guard Self.hasValidID(file) else {
            // A conflicted index entry has no single staged blob; its working-tree file is what would be committed.
            guard let workdir = repository.workdir else { return .skipped(.binary) }
            let directory = workdir.hasSuffix("/") ? workdir : workdir + "/"
            return try Self.readWorkingFile(directory + path, as: path, maxSize: options.sizeLimit(for: path))
        }
        let blob = try readBlob(of: file, path: path)
        guard blob.count <= options.sizeLimit(for: path) else { return .skipped(.tooLarge) }
        switch blob {
        // Kept as it is when it is plain text: the pack reader's array is the file's, not a copy to make.
        case .inflated(let bytes): return HeadContent(TextBytes.text(bytes, codeNULs: Self.isCode(path)))
        case .object(let object): return object.withBytes { HeadContent(TextBytes.text($0, codeNULs: Self.isCode(path))) }
        }
    }

    /// The old side's blob when it is a text file small enough to diff; nil otherwise.
    private func comparableBlob(_ file: git_diff_file) throws(GitError) -> BlobBytes? {
        guard Self.isFile(file.mode), Self.hasValidID(file) else { return nil }
        let path = Self.path(file)
        let blob = try readBlob(of: file, path: path)
        guard blob.count <= options.sizeLimit(for: path) else { return nil }
        let binary = blob.withBytes { bytes in
            guard let base = bytes.baseAddress else { return false }
            return memchr(base, 0, min(bytes.count, TextBytes.binaryProbeLength)) != nil
        }
        return binary ? nil : blob
    }

    /// Hunks between an old blob and the head bytes, with three lines of context like git.
    private func lineDiff(old: BlobBytes, oldPath: String, new: [UInt8], newPath: String) throws(GitError) -> [Hunk] {
        var diffOptions = git_diff_options()
        try LibGit2.check(git_diff_options_init(&diffOptions, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        // Both sides were already checked to be text.
        diffOptions.flags = GIT_DIFF_FORCE_TEXT.rawValue
        // The patch points into both buffers, so both stay alive until its lines are copied out.
        // Plain buffers rather than the blob: with a blob libgit2 looks up the path's diff driver
        // in .gitattributes, a dozen file-system calls per file for nothing gate uses.
        return try old.withBytes { oldBlob throws(GitError) -> [Hunk] in
            // Compared as the head side is read: a byte-order mark both sides have is no change.
            let oldBytes = TextBytes.withoutUTF8Mark(oldBlob)
            return try new.withUnsafeBufferPointer { newBytes throws(GitError) -> [Hunk] in
                var patch: OpaquePointer?
                let code = git_patch_from_buffers(
                    &patch, oldBytes.baseAddress, oldBytes.count, oldPath, newBytes.baseAddress, newBytes.count,
                    newPath, &diffOptions)
                try LibGit2.check(code, "git_patch_from_buffers")
                guard let patch else { return [] }
                return try GitPatch(patch).hunks(newContent: new, at: newBytes)
            }
        }
    }

    /// A blob's bytes: inflated by the pack reader, or in an object libgit2 read.
    enum BlobBytes {
        case inflated([UInt8])
        case object(GitBlob)

        var count: Int {
            switch self {
            case .inflated(let bytes): bytes.count
            case .object(let blob): blob.size
            }
        }

        func withBytes<Result, Failure: Error>(
            _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
        ) throws(Failure) -> Result {
            switch self {
            case .inflated(let bytes):
                // A closure that throws its own error type cannot go through `withUnsafeBufferPointer` (untyped
                // rethrows), so the outcome is carried out of it.
                let outcome = bytes.withUnsafeBufferPointer { buffer in Swift.Result { () throws(Failure) in try body(buffer) } }
                return try outcome.get()
            case .object(let blob):
                return try blob.withBytes(body)
            }
        }
    }

    /// Reads a working-tree file, classifying it before its bytes are kept.
    private static func readWorkingFile(_ fullPath: String, as path: String, maxSize: Int) throws(GitError) -> HeadContent {
        let descriptor = open(fullPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw GitError.unreadableFile(path: path, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw GitError.unreadableFile(path: path, message: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return .skipped(.binary) }
        let size = Int(status.st_size)
        guard size <= maxSize else { return .skipped(.tooLarge) }
        var readError: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            while initialized < size, let base = buffer.baseAddress {
                let count = systemRead(descriptor, base + initialized, size - initialized)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { readError = errno }
                if count <= 0 { break }
                initialized += count
            }
        }
        if readError != 0 { throw GitError.unreadableFile(path: path, message: String(cString: strerror(readError))) }
        return bytes.withUnsafeBufferPointer { HeadContent(TextBytes.text($0, codeNULs: isCode(path))) }
    }

    /// Whether a path is code gate reads (a language it lexes, or SQL): its NUL bytes do not make it binary.
    private static func isCode(_ path: String) -> Bool { SourceLanguage(path: path) != nil || path.hasSuffix(".sql") }

    // MARK: - Small conversions

    static func sameID(_ left: git_oid, _ right: git_oid) -> Bool {
        var left = left
        var right = right
        return git_oid_cmp(&left, &right) == 0
    }

    static func isFile(_ mode: UInt16) -> Bool { UInt32(mode) & 0o170000 == 0o100000 }

    static func hasValidID(_ file: git_diff_file) -> Bool {
        file.flags & GIT_DIFF_FLAG_VALID_ID.rawValue != 0 && !file.id.isZero
    }

    static func path(_ file: git_diff_file) -> String {
        guard let path = file.path else { return "" }
        return String(cString: path)
    }

    static func fileMode(_ raw: UInt16) -> FileMode {
        switch UInt32(raw) {
        case GIT_FILEMODE_BLOB.rawValue: .regular
        case GIT_FILEMODE_BLOB_EXECUTABLE.rawValue: .executable
        case GIT_FILEMODE_LINK.rawValue: .symlink
        case GIT_FILEMODE_COMMIT.rawValue: .submodule
        case GIT_FILEMODE_TREE.rawValue: .tree
        case GIT_FILEMODE_UNREADABLE.rawValue: .absent
        default: .unknown
        }
    }
}

/// Exact renames and copies, matched by content id: each added file whose blob equals a deleted
/// file's is a rename of it (each deleted file is renamed at most once); one that equals an
/// edited, or an already renamed, file's old blob is a copy.
struct ExactRenames {
    /// Target delta index → the delta whose old file it renames or copies.
    var sources: [Int: (index: Int, kind: FileChangeKind)] = [:]
    /// Deleted deltas that became renames, not visited on their own.
    var consumedSources: Set<Int> = []

    init() {}

    init(_ diff: GitDiff) {
        var deleted: [String: [Int]] = [:]
        var copyable: [String: Int] = [:]
        var targets: [(index: Int, id: String)] = []
        for index in 0..<diff.count {
            guard let delta = diff.delta(at: index) else { continue }
            switch delta.status {
            case GIT_DELTA_DELETED where DiffReader.isFile(delta.old_file.mode):
                deleted[delta.old_file.id.hex, default: []].append(index)
            case GIT_DELTA_MODIFIED where DiffReader.isFile(delta.old_file.mode):
                copyable[delta.old_file.id.hex] = copyable[delta.old_file.id.hex] ?? index
            case GIT_DELTA_ADDED where DiffReader.isFile(delta.new_file.mode) && DiffReader.hasValidID(delta.new_file):
                targets.append((index, delta.new_file.id.hex))
            default:
                break
            }
        }
        // Deleted lists are in path order; reversed so popLast takes the first path.
        for key in deleted.keys { deleted[key]?.reverse() }
        for target in targets {
            if let source = deleted[target.id]?.popLast() {
                sources[target.index] = (source, .renamed)
                consumedSources.insert(source)
                copyable[target.id] = copyable[target.id] ?? source
            } else if let source = copyable[target.id] {
                sources[target.index] = (source, .copied)
            }
        }
    }
}

/// Renames git's detection left apart, found by a key both sides share (`Repository.diff`'s `renameKey`): each key
/// held by exactly one deleted file and one added file pairs them. A key held by more files on either side pairs none
/// of them, rather than guess.
struct KeyedRenames {
    /// Target (added) delta index → the deleted delta it renames.
    var sources: [Int: Int] = [:]
    /// Deleted deltas that became renames, not visited on their own.
    var consumedSources: Set<Int> = []

    init() {}

    /// `exact`: the pairs already made by content id, left as they are. `available`: whether the object database holds
    /// a deleted file's blob (a partial clone may not), which the line diff of the pair reads.
    init(_ diff: GitDiff, key: (String) -> String?, exact: ExactRenames, available: (git_oid) -> Bool) {
        var deleted: [Int] = []
        var added: [Int] = []
        for index in 0..<diff.count where exact.sources[index] == nil && !exact.consumedSources.contains(index) {
            guard let delta = diff.delta(at: index) else { continue }
            switch delta.status {
            case GIT_DELTA_DELETED where DiffReader.isFile(delta.old_file.mode):
                deleted.append(index)
            case GIT_DELTA_ADDED where DiffReader.isFile(delta.new_file.mode),
                 GIT_DELTA_UNTRACKED where DiffReader.isFile(delta.new_file.mode):
                added.append(index)
            default:
                break
            }
        }
        // Most changes delete nothing: then no added file's path is asked for its key.
        guard !deleted.isEmpty, !added.isEmpty else { return }
        var sides: [String: (deleted: [Int], added: [Int])] = [:]
        for index in deleted {
            guard let delta = diff.delta(at: index), let name = key(DiffReader.path(delta.old_file)) else { continue }
            sides[name, default: ([], [])].deleted.append(index)
        }
        guard !sides.isEmpty else { return }
        for index in added {
            guard let delta = diff.delta(at: index), let name = key(DiffReader.path(delta.new_file)), sides[name] != nil
            else { continue }
            sides[name]?.added.append(index)
        }
        for (_, pair) in sides where pair.deleted.count == 1 && pair.added.count == 1 {
            guard let source = diff.delta(at: pair.deleted[0]),
                  !DiffReader.hasValidID(source.old_file) || available(source.old_file.id)
            else { continue }
            sources[pair.added[0]] = pair.deleted[0]
            consumedSources.insert(pair.deleted[0])
        }
    }
}

extension GitObjectDatabase {
    /// Whether the object is here (a partial clone may lack it).
    func contains(_ id: git_oid) -> Bool {
        var oid = id
        return git_odb_exists(pointer, &oid) == 1
    }
}

extension GitPatch {
    /// Copies the patch's hunks and lines out into Swift values. A line libgit2 read from `newContent` (whose
    /// buffer is `newBytes`) stays a range of it; the others' text is copied.
    func hunks(newContent: [UInt8], at newBytes: UnsafeBufferPointer<UInt8>) throws(GitError) -> [Hunk] {
        let newStart = newBytes.baseAddress.map { UnsafeRawPointer($0) }
        let newEnd = newStart.map { $0 + newBytes.count }
        let hunkCount = git_patch_num_hunks(pointer)
        var hunks: [Hunk] = []
        hunks.reserveCapacity(hunkCount)
        for hunkIndex in 0..<hunkCount {
            var header: UnsafePointer<git_diff_hunk>?
            var lineCount = 0
            try LibGit2.check(git_patch_get_hunk(&header, &lineCount, pointer, hunkIndex), "git_patch_get_hunk")
            guard let header = header?.pointee else { continue }
            var lines: [DiffLine] = []
            lines.reserveCapacity(lineCount)
            for lineIndex in 0..<lineCount {
                var linePointer: UnsafePointer<git_diff_line>?
                try LibGit2.check(
                    git_patch_get_line_in_hunk(&linePointer, pointer, hunkIndex, lineIndex), "git_patch_get_line_in_hunk")
                guard let line = linePointer?.pointee else { continue }
                let kind: DiffLineKind
                switch UInt8(bitPattern: line.origin) {
                case UInt8(ascii: "+"): kind = .added
                case UInt8(ascii: "-"): kind = .deleted
                case UInt8(ascii: " "): kind = .context
                default: continue  // "\ No newline at end of file" markers
                }
                let oldNumber = line.old_lineno > 0 ? Int(line.old_lineno) : nil
                let newNumber = line.new_lineno > 0 ? Int(line.new_lineno) : nil
                guard let content = line.content.map({ UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }) else {
                    lines.append(DiffLine(kind: kind, oldNumber: oldNumber, newNumber: newNumber, text: ""))
                    continue
                }
                if let newStart, let newEnd, UnsafeRawPointer(content) >= newStart,
                   UnsafeRawPointer(content) + line.content_len <= newEnd
                {
                    let offset = newStart.distance(to: UnsafeRawPointer(content))
                    let range = offset..<(offset + TextBytes.textLength(content, line.content_len))
                    lines.append(DiffLine(kind: kind, oldNumber: oldNumber, newNumber: newNumber, content: newContent, range: range))
                } else {
                    let text = TextBytes.lineText(content, line.content_len)
                    lines.append(DiffLine(kind: kind, oldNumber: oldNumber, newNumber: newNumber, text: text))
                }
            }
            hunks.append(
                Hunk(
                    oldStart: Int(header.old_start), oldCount: Int(header.old_lines),
                    newStart: Int(header.new_start), newCount: Int(header.new_lines), lines: lines))
        }
        return hunks
    }
}
