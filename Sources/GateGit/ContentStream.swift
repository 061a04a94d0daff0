import CLibgit2
import GateCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// Streams the head side of a changed file in windows that end at a line break (or at `windowSize` when a
    /// line runs longer), each with the 1-based number of its first line: how files too large, or too binary,
    /// to read as text are still searched for secrets and paid hosts without holding a second copy.
    public func streamHeadFile(
        _ spec: DiffSpec, path: String, windowSize: Int = 1 << 20,
        visit: (_ window: UnsafeBufferPointer<UInt8>, _ firstLine: Int) throws -> Void
    ) throws {
        switch spec {
        case .commits(_, let head):
            let tree = try lookupCommit(head).tree()
            var entry: OpaquePointer?
            try LibGit2.check(git_tree_entry_bypath(&entry, tree.pointer, path), "git_tree_entry_bypath")
            guard let entry else { return }
            let owned = GitTreeEntry(entry)
            guard let id = git_tree_entry_id(owned.pointer)?.pointee else { return }
            try streamBlob(id, path: path, windowSize: windowSize, visit: visit)
        case .staged:
            var index: OpaquePointer?
            try LibGit2.check(git_repository_index(&index, handle), "git_repository_index")
            guard let index else { return }
            let owned = GitIndex(index)
            guard let entry = git_index_get_bypath(owned.pointer, path, 0)?.pointee else { return }
            try streamBlob(entry.id, path: path, windowSize: windowSize, visit: visit)
        case .worktree:
            guard let workdir else { return }
            let directory = workdir.hasSuffix("/") ? workdir : workdir + "/"
            try streamWorkingFile(directory + path, as: path, windowSize: windowSize, visit: visit)
        }
    }

    private func streamBlob(
        _ id: git_oid, path: String, windowSize: Int,
        visit: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        guard try objectDatabase().contains(id) else {
            throw GitError.missingObject(path: path, id: id.hex, partialClone: isPartialClone)
        }
        let blob = try lookupBlob(id: id)
        try blob.withBytes { bytes in
            // Fed a window at a time, so at most two windows are ever copied out of the blob.
            var windows = ByteWindows(windowSize: windowSize)
            var offset = 0
            repeat {
                let end = min(bytes.count, offset + windowSize)
                try windows.feed(UnsafeBufferPointer(rebasing: bytes[offset..<end]), final: end == bytes.count, visit: visit)
                offset = end
            } while offset < bytes.count
        }
    }

    private func streamWorkingFile(
        _ fullPath: String, as path: String, windowSize: Int,
        visit: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        let descriptor = open(fullPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw GitError.unreadableFile(path: path, message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var windows = ByteWindows(windowSize: windowSize)
        var buffer = [UInt8](repeating: 0, count: windowSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, windowSize) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw GitError.unreadableFile(path: path, message: String(cString: strerror(errno))) }
            try buffer.withUnsafeBufferPointer { all in
                try windows.feed(UnsafeBufferPointer(rebasing: all[0..<count]), final: count == 0, visit: visit)
            }
            if count == 0 { return }
        }
    }
}

/// Cuts a byte stream into windows ending at line breaks, counting lines, keeping at most one window's tail.
struct ByteWindows {
    let windowSize: Int
    private var pending: [UInt8] = []
    private var nextLine = 1

    init(windowSize: Int) { self.windowSize = max(windowSize, 1) }

    mutating func feed(
        _ bytes: UnsafeBufferPointer<UInt8>, final: Bool, visit: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        pending.append(contentsOf: bytes)
        while pending.count >= windowSize || (final && !pending.isEmpty) {
            var end = min(pending.count, windowSize)
            if end < pending.count || !final {
                // End at the last line break inside the window, so no line (or key on it) is split in two.
                if let lastBreak = pending[0..<end].lastIndex(of: 0x0A) { end = lastBreak + 1 }
            }
            let firstLine = nextLine
            try pending.withUnsafeBufferPointer { try visit(UnsafeBufferPointer(rebasing: $0[0..<end]), firstLine) }
            nextLine += pending[0..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            pending.removeFirst(end)
        }
    }
}
