#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    public var lines: HunkLines

    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine]) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = HunkLines(lines)
    }

    /// Every line of `content` (valid UTF-8) added, the hunk git shows for a new file; nil when it is empty.
    public init?(addingEveryLineOf content: [UInt8]) {
        guard let lines = HunkLines(addingEveryLineOf: content) else { return nil }
        oldStart = 0
        oldCount = 0
        newStart = 1
        newCount = lines.count
        self.lines = lines
    }

    /// Head-side line numbers this hunk adds.
    public var addedLineNumbers: [Int] { lines.compactMap { $0.kind == .added ? $0.newNumber : nil } }

    /// Whether the head-side `line` falls inside this hunk's new range.
    public func containsNewLine(_ line: Int) -> Bool {
        line >= newStart && line < newStart + max(newCount, 1)
    }
}

/// A hunk's lines, in order.
///
/// Those of a whole added file are held as the file's content and where each line starts, and each `DiffLine` is
/// made when it is read: such a hunk has a line for every line of the file (half a million on a large change), and
/// built one by one they cost the diff more than reading the blobs did, and their memory more than the content's.
public struct HunkLines: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    private enum Storage: Sendable {
        case lines([DiffLine])
        /// Every line of `content` added; line `i` starts at `starts[i]` and ends where line `i + 1` starts (a last
        /// entry holds the content's size).
        case added(content: [UInt8], starts: [UInt32])
    }

    private let storage: Storage

    public init(_ lines: [DiffLine]) {
        storage = .lines(lines)
    }

    public init(arrayLiteral lines: DiffLine...) {
        storage = .lines(lines)
    }

    /// Every line of `content` added, numbered from 1; nil when there is none.
    init?(addingEveryLineOf content: [UInt8]) {
        guard !content.isEmpty else { return nil }
        // Offsets are 32-bit, which halves the table. Content past 4 GB never reaches a text hunk (files over the
        // size limit are streamed as bytes); should some, its lines are made one by one.
        guard content.count < Int(UInt32.max) else {
            storage = .lines(Self.lines(of: content))
            return
        }
        var starts: [UInt32] = []
        content.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < bytes.count {
                starts.append(UInt32(truncatingIfNeeded: start))
                start = LineBytes.lineEnd(in: bytes, from: start)
            }
            starts.append(UInt32(truncatingIfNeeded: bytes.count))
        }
        storage = .added(content: content, starts: starts)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .lines(let lines): lines.count
        case .added(_, let starts): starts.count - 1
        }
    }

    public subscript(position: Int) -> DiffLine {
        switch storage {
        case .lines(let lines):
            return lines[position]
        case .added(let content, let starts):
            let range = content.withUnsafeBufferPointer {
                Self.text(in: $0, from: Int(starts[position]), to: Int(starts[position + 1]))
            }
            return DiffLine(kind: .added, oldNumber: nil, newNumber: position + 1, content: content, range: range)
        }
    }

    /// Calls `body` with each line's kind and UTF-8 text in order, reading a line that lies in content where it lies:
    /// making its `DiffLine` would retain and release the content, for every line of a whole file.
    public func forEachText(_ body: (DiffLineKind, UnsafeBufferPointer<UInt8>) -> Void) {
        switch storage {
        case .lines(let lines):
            lines.withUnsafeBufferPointer { lines in
                for index in lines.indices { lines[index].withUTF8 { body(lines[index].kind, $0) } }
            }
        case .added(let content, let starts):
            content.withUnsafeBufferPointer { bytes in
                for index in 0..<(starts.count - 1) {
                    let range = Self.text(in: bytes, from: Int(starts[index]), to: Int(starts[index + 1]))
                    body(.added, UnsafeBufferPointer(rebasing: bytes[range]))
                }
            }
        }
    }

    /// How many lines are of `kind`, read without making them.
    public func count(of kind: DiffLineKind) -> Int {
        switch storage {
        case .lines(let lines):
            lines.withUnsafeBufferPointer { lines in lines.indices.count { lines[$0].kind == kind } }
        case .added(_, let starts):
            kind == .added ? starts.count - 1 : 0
        }
    }

    public static func == (left: HunkLines, right: HunkLines) -> Bool {
        left.elementsEqual(right)
    }

    private static func text(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Range<Int> {
        start..<LineBytes.textEnd(in: bytes, from: start, to: end)
    }

    /// The lines of content too large for 32-bit offsets, made one by one.
    private static func lines(of content: [UInt8]) -> [DiffLine] {
        content.withUnsafeBufferPointer { bytes in
            var lines: [DiffLine] = []
            var start = 0
            while start < bytes.count {
                let end = LineBytes.lineEnd(in: bytes, from: start)
                lines.append(DiffLine(
                    kind: .added, oldNumber: nil, newNumber: lines.count + 1, content: content,
                    range: text(in: bytes, from: start, to: end)))
                start = end
            }
            return lines
        }
    }
}

/// How text is cut into lines, the way git cuts it: each line ends past its `\n` (the last may have none), and its
/// text is without the `\n` or `\r\n`.
public enum LineBytes {
    /// Where the line starting at `start` ends: past its `\n`, or at the end of the bytes.
    public static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress,
              let found = memchr(base + start, 0x0A, bytes.count - start) else { return bytes.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
    }

    /// Where the text of the line `start..<end` ends: before its `\n` or `\r\n`.
    public static func textEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var textEnd = end
        if textEnd > start, bytes[textEnd - 1] == 0x0A { textEnd -= 1 }
        if textEnd > start, bytes[textEnd - 1] == 0x0D { textEnd -= 1 }
        return textEnd
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
    /// Encrypted by git-crypt (its `\0GITCRYPT\0` header): what it holds cannot be read.
    case encrypted
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
