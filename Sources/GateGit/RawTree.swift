import CLibgit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tree object's bytes as git stores them, read from the object database without libgit2 parsing them into
/// entries: `<octal mode> <name>\0<20-byte id>` per entry, in git's order.
///
/// Two versions of a directory that differ in one file of 1,500 share nearly all their bytes; compared as bytes, the
/// run they share costs a byte comparison and one parse of each entry on one side, where libgit2 would parse every
/// entry of both sides into an array first and a merge would then ask four accessors per entry.
final class RawTree {
    /// What holds the bytes, released in `deinit`: libgit2's object, or a copy of what the pack reader inflated.
    private enum Storage {
        case object(OpaquePointer)
        case copy(UnsafeMutableRawBufferPointer)
    }

    private let storage: Storage
    let bytes: UnsafeRawBufferPointer
    let id: git_oid

    /// Reads the tree `id` from the packs when `packs` can (libdeflate inflates a tree in less than half of
    /// libgit2's time, and a history walk reads thousands), else from the object database; an object that is no
    /// tree, or absent, is an error naming it.
    init(reading id: git_oid, from database: GitObjectDatabase, packs: PackReader?) throws(GitError) {
        self.id = id
        if let packed = packs?.tree(id) {
            // A buffer of its own (at least one byte, so it has an address): the walk reads it through raw pointers.
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(packed.count, 1), alignment: 1)
            packed.withUnsafeBytes { copy.copyMemory(from: $0) }
            storage = .copy(copy)
            bytes = UnsafeRawBufferPointer(start: copy.baseAddress, count: packed.count)
            return
        }
        var oid = id
        var object: OpaquePointer?
        try LibGit2.check(git_odb_read(&object, database.pointer, &oid), "git_odb_read")
        guard let object else { throw GitError.libgit2(function: "git_odb_read", code: -1, message: "no object") }
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            git_odb_object_free(object)
            throw GitError.libgit2(function: "git_odb_read", code: -1, message: "object \(id.hex) is not a tree")
        }
        storage = .object(object)
        bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
    }

    deinit {
        switch storage {
        case .object(let object): git_odb_object_free(object)
        case .copy(let copy): copy.deallocate()
        }
    }

    /// Where one entry's parts lie in `bytes`.
    struct Entry {
        /// The mode as libgit2's `git_tree_entry_filemode` gives it (normalised: `100664` reads as `100644`).
        var mode: UInt32
        var name: Range<Int>
        /// Just past the entry's id: where the next entry starts.
        var end: Int

        var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }
    }

    /// The entry starting at `offset`, validated as libgit2 validates it when it parses a tree.
    func entry(at offset: Int) throws(GitError) -> Entry {
        let count = bytes.count
        guard let base = bytes.baseAddress else { throw malformed("no entries") }
        var index = offset
        var raw: UInt32 = 0
        while index < count {
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7") else { break }
            raw = raw << 3 | UInt32(byte - UInt8(ascii: "0"))
            guard raw <= 0xFFFF else { throw malformed("a file mode out of range") }
            index += 1
        }
        guard index > offset, index < count, base.load(fromByteOffset: index, as: UInt8.self) == UInt8(ascii: " ") else {
            throw malformed("a file mode not followed by a space")
        }
        let nameStart = index + 1
        guard nameStart < count, let nul = memchr(base + nameStart, 0, count - nameStart) else {
            throw malformed("a name without its end")
        }
        let nameEnd = base.distance(to: UnsafeRawPointer(nul))
        let end = nameEnd + 1 + Int(GIT_OID_RAWSZ)
        guard nameEnd > nameStart, nameEnd - nameStart <= 0xFFFF, end <= count else {
            throw malformed("an empty name or a short id")
        }
        return Entry(mode: Self.normalized(raw), name: nameStart..<nameEnd, end: end)
    }

    /// Where the entry starting at `offset` ends, found without reading its mode or name: for entries both sides
    /// share, whose meaning does not matter. (Neither a mode nor a name holds a NUL, so the first one ends the name.)
    func entryEnd(at offset: Int) throws(GitError) -> Int {
        let count = bytes.count
        guard let base = bytes.baseAddress, offset < count, let nul = memchr(base + offset, 0, count - offset) else {
            throw malformed("a name without its end")
        }
        let end = base.distance(to: UnsafeRawPointer(nul)) + 1 + Int(GIT_OID_RAWSZ)
        guard end <= count else { throw malformed("a short id") }
        return end
    }

    /// The object id an entry names.
    func id(of entry: Entry) -> git_oid {
        var id = git_oid()
        withUnsafeMutableBytes(of: &id.id) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[(entry.name.upperBound + 1)..<entry.end]))
        }
        return id
    }

    /// Whether two entries (of this tree and `other`) name the same object.
    func sameID(_ entry: Entry, as otherEntry: Entry, of other: RawTree) -> Bool {
        guard let base = bytes.baseAddress, let otherBase = other.bytes.baseAddress else { return false }
        return memcmp(base + entry.name.upperBound + 1, otherBase + otherEntry.name.upperBound + 1, Int(GIT_OID_RAWSZ)) == 0
    }

    /// An entry's name bytes.
    func name(of entry: Entry) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        // The bytes are libgit2's `char` buffer, never bound to another type.
        return UnsafeBufferPointer(start: (base + entry.name.lowerBound).assumingMemoryBound(to: UInt8.self),
                                   count: entry.name.count)
    }

    /// How many bytes from `offset` here and `otherOffset` in `other` are the same, up to the first that differs.
    func sharedLength(from offset: Int, with other: RawTree, from otherOffset: Int) -> Int {
        guard let base = bytes.baseAddress, let otherBase = other.bytes.baseAddress else { return 0 }
        let limit = min(bytes.count - offset, other.bytes.count - otherOffset)
        let left = base + offset
        let right = otherBase + otherOffset
        var shared = 0
        // Sixteen bytes a step: the run is most of a large directory, which is why this is worth reading whole.
        while shared + 16 <= limit {
            let first = left.loadUnaligned(fromByteOffset: shared, as: UInt64.self)
                ^ right.loadUnaligned(fromByteOffset: shared, as: UInt64.self)
            let second = left.loadUnaligned(fromByteOffset: shared + 8, as: UInt64.self)
                ^ right.loadUnaligned(fromByteOffset: shared + 8, as: UInt64.self)
            if first | second != 0 { break }
            shared += 16
        }
        while shared < limit,
              left.load(fromByteOffset: shared, as: UInt8.self) == right.load(fromByteOffset: shared, as: UInt8.self) {
            shared += 1
        }
        return shared
    }

    /// How two entries sort in git's order: by name bytes, a directory's name as if it ended in `/`.
    static func order(_ left: Entry, of leftTree: RawTree, _ right: Entry, of rightTree: RawTree) -> Int {
        let leftName = leftTree.name(of: left)
        let rightName = rightTree.name(of: right)
        let shorter = min(leftName.count, rightName.count)
        if shorter > 0, let leftBase = leftName.baseAddress, let rightBase = rightName.baseAddress {
            let bytes = memcmp(leftBase, rightBase, shorter)
            if bytes != 0 { return bytes < 0 ? -1 : 1 }
        }
        // One name is a prefix of the other (or they are equal): the next byte decides, a directory's being `/`.
        let slash = UInt8(ascii: "/")
        let leftNext = shorter < leftName.count ? leftName[shorter] : left.isTree ? slash : 0
        let rightNext = shorter < rightName.count ? rightName[shorter] : right.isTree ? slash : 0
        return leftNext < rightNext ? -1 : leftNext > rightNext ? 1 : 0
    }

    /// The mode libgit2's `git_tree_entry_filemode` reports for a stored mode.
    private static func normalized(_ raw: UInt32) -> UInt32 {
        let type = raw & 0o170000
        if type == GIT_FILEMODE_TREE.rawValue { return GIT_FILEMODE_TREE.rawValue }
        if raw & 0o100 != 0 { return GIT_FILEMODE_BLOB_EXECUTABLE.rawValue }
        if type == GIT_FILEMODE_COMMIT.rawValue { return GIT_FILEMODE_COMMIT.rawValue }
        if type == GIT_FILEMODE_LINK.rawValue { return GIT_FILEMODE_LINK.rawValue }
        return GIT_FILEMODE_BLOB.rawValue
    }

    private func malformed(_ what: String) -> GitError {
        GitError.libgit2(function: "tree \(id.hex)", code: -1, message: "corrupted tree object: \(what)")
    }
}
