/// How a file changed between the two sides of a diff.
public enum FileChangeKind: String, Codable, Sendable {
    case added, deleted, modified, renamed, copied
    case typeChanged = "type-changed"
}

/// The git mode of one side of a file change.
public enum FileMode: String, Codable, Sendable {
    case absent, regular, executable, symlink, submodule, tree, unknown
}

/// Whether a diff line was kept, added or deleted.
public enum DiffLineKind: String, Codable, Sendable {
    case context, added, deleted
}

/// One line of a hunk, with its number on each side that has it (1-based).
public struct DiffLine: Sendable, Equatable {
    public var kind: DiffLineKind
    public var oldNumber: Int?
    public var newNumber: Int?
    private var storage: Storage

    /// The line's text without its line terminator.
    public var text: String {
        get {
            switch storage {
            case .string(let text): text
            case .slice(let content, let range): String(decoding: content[range], as: UTF8.self)
            }
        }
        set { storage = .string(newValue) }
    }

    /// Where the text is: its own string, or a range of the file's content. A whole added file has as many lines
    /// as a change has added lines (half a million on a large one), and detectors read the content, not the lines'
    /// strings, so a line that lies in content already read is not copied out of it.
    private enum Storage: Sendable {
        case string(String)
        case slice([UInt8], Range<Int>)
    }

    public init(kind: DiffLineKind, oldNumber: Int?, newNumber: Int?, text: String) {
        self.kind = kind
        self.oldNumber = oldNumber
        self.newNumber = newNumber
        storage = .string(text)
    }

    /// A line that is `range` of `content`, which must be valid UTF-8 (`text` decodes it when asked for).
    public init(kind: DiffLineKind, oldNumber: Int?, newNumber: Int?, content: [UInt8], range: Range<Int>) {
        self.kind = kind
        self.oldNumber = oldNumber
        self.newNumber = newNumber
        storage = .slice(content, range)
    }

    /// Calls `body` with the text's UTF-8 bytes, without making a `String` of a line that lies in content.
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        switch storage {
        case .string(var text): return try text.withUTF8(body)
        case .slice(let content, let range): return try content[range].withUnsafeBufferPointer(body)
        }
    }

    public static func == (left: DiffLine, right: DiffLine) -> Bool {
        left.kind == right.kind && left.oldNumber == right.oldNumber && left.newNumber == right.newNumber
            && left.text == right.text
    }
}

/// A contiguous region of change, as in a unified diff.
public struct Hunk: Sendable, Equatable {
    public var oldStart: Int
    public var oldCount: Int
    public var newStart: Int
    public var newCount: Int
    public var lines: [DiffLine]

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine]) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = lines
    }

    /// Head-side line numbers this hunk adds.
    public var addedLineNumbers: [Int] { lines.compactMap { $0.kind == .added ? $0.newNumber : nil } }

    /// Whether the head-side `line` falls inside this hunk's new range.
    public func containsNewLine(_ line: Int) -> Bool {
        line >= newStart && line < newStart + max(newCount, 1)
    }
}

/// Why a changed file's content was not scanned as text (it may still have been scanned as bytes).
public enum SkipReason: String, Codable, Sendable {
    /// NUL bytes: scanned as bytes for secrets and paid hosts only.
    case binary
    /// Over the size limit: streamed as bytes for secrets and paid hosts only.
    case tooLarge = "too-large"
    /// No longer produced for content (non-UTF-8 text is decoded lossily); kept for reports that carry it.
    case notUTF8 = "not-utf8"
    case submodule
    case symlink
    /// A compressed archive (zip, jar, gzip, …): what it holds cannot be read.
    case archive
    /// `paths.ignore` matched: scanned for secrets only.
    case ignored
    /// An object the repository lacks (a partial clone); skipped where gate can do without it.
    case missingObject = "missing-object"
}

/// The head-side content of a changed file, as far as it could be read.
public enum FileContent: Sendable, Equatable {
    /// The whole head-side file as UTF-8 bytes.
    case text([UInt8])
    /// Not scanned, for the given reason.
    case skipped(SkipReason)
    /// The file no longer exists at head.
    case none
}

/// One file's change between base and head: both paths, kind, modes, hunks and the head content.
public struct FileChange: Sendable, Equatable {
    /// The head-side path (the old path for deletions).
    public var path: String
    /// The base-side path when it differs (renames and copies).
    public var oldPath: String?
    public var kind: FileChangeKind
    public var oldMode: FileMode
    public var newMode: FileMode
    /// Rename or copy similarity (0–100) when the kind is renamed or copied.
    public var similarity: Int?
    public var hunks: [Hunk]
    public var content: FileContent

    public init(
        path: String, oldPath: String? = nil, kind: FileChangeKind, oldMode: FileMode = .regular,
        newMode: FileMode = .regular, similarity: Int? = nil, hunks: [Hunk], content: FileContent
    ) {
        self.path = path
        self.oldPath = oldPath
        self.kind = kind
        self.oldMode = oldMode
        self.newMode = newMode
        self.similarity = similarity
        self.hunks = hunks
        self.content = content
    }

    /// Head-side line numbers the change adds, ascending.
    public var addedLineNumbers: [Int] { hunks.flatMap(\.addedLineNumbers) }

    /// The hunk containing the head-side `line`, if any.
    public func hunk(containingNewLine line: Int) -> Hunk? { hunks.first { $0.containsNewLine(line) } }
}

/// Which two sides a change compares (SPEC §2).
public enum DiffMode: String, Codable, Sendable {
    case commits, staged, worktree
}

/// A file the diff engine did not scan, and why.
public struct SkippedFile: Codable, Sendable, Equatable {
    public var path: String
    public var reason: SkipReason

    public init(path: String, reason: SkipReason) {
        self.path = path
        self.reason = reason
    }
}
