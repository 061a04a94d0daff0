import CLibdeflate
import CLibgit2

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blobs and trees read straight from a repository's pack files and inflated with libdeflate.
///
/// libgit2 inflates pack objects with zlib's streaming inflater, which on a large change is the diff thread's
/// largest cost (the app bench case reads 26 MB of blobs out of a 4 MB pack); libdeflate, decompressing a whole
/// object into a buffer of the size the pack records, takes less than half the time. Objects are found through
/// each pack's index (version 2) and delta chains are resolved here. Whatever this reader does not handle (a
/// loose object, one in no pack, an index of another version, an entry that does not parse or inflate) is
/// answered as unavailable, and the caller reads that object through libgit2, which reports what is wrong with
/// it. Like libgit2 as gate configures it (and like git), content is not re-hashed; zlib's own checksum of each
/// object is checked.
///
/// Not thread-safe: one diff or tree walk at a time uses one (`Repository.withPackReader`).
final class PackReader {
    private let packs: [MappedPack]
    private let decompressor: OpaquePointer
    private var bases = DeltaBaseCache()
    /// The pack that held the last object found, asked first: a repository not packed in a while has many packs,
    /// and a change's objects are mostly in one of them.
    private var lastPack = 0

    /// The packs under `objectsDirectory` (`.git/objects`); nil when there are none, or libdeflate cannot start.
    init?(objectsDirectory: String) {
        let packDirectory = objectsDirectory + "/pack/"
        guard let directory = opendir(packDirectory) else { return nil }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
            if name.hasPrefix("pack-") && name.hasSuffix(".idx") { names.append(String(name.dropLast(4))) }
        }
        closedir(directory)
        // Sorted, so the packs are asked in the same order from run to run (two packs holding one object hold the
        // same bytes: objects are named by their content).
        let packs = names.sorted().compactMap { MappedPack(path: packDirectory + $0) }
        guard !packs.isEmpty, let decompressor = libdeflate_alloc_decompressor() else { return nil }
        self.packs = packs
        self.decompressor = decompressor
    }

    deinit { libdeflate_free_decompressor(decompressor) }

    /// A blob as the pack reader found it.
    enum Blob: Equatable {
        case bytes([UInt8])
        /// To be read through libgit2 (see the type's comment).
        case unavailable
    }

    /// The content of blob `id`. Its size is known only once it has inflated to exactly what its header says: a
    /// file over the size limit is read like any other and then skipped by its caller, so a damaged header is
    /// never taken for a large file.
    func blob(_ id: git_oid) -> Blob {
        guard let object = object(id), object.type == ObjectType.blob else { return .unavailable }
        return .bytes(object.bytes)
    }

    /// The stored bytes of tree `id`, or nil when this reader cannot give them (see the type's comment) or the
    /// object is no tree: the caller then asks libgit2.
    func tree(_ id: git_oid) -> [UInt8]? {
        guard let object = object(id), object.type == ObjectType.tree else { return nil }
        return object.bytes
    }

    /// Lets go of the delta bases kept beyond `bytes`, oldest first: between walks a reader keeps only what the next
    /// one is likely to pass through again (a history walk's next commit shares its directories' delta chains).
    func trimDeltaBases(to bytes: Int) {
        bases.trim(to: bytes)
    }

    /// The object `id` from the first pack that holds it.
    private func object(_ id: git_oid) -> (type: Int, bytes: [UInt8])? {
        var oid = id
        return withUnsafeBytes(of: &oid) { raw -> (type: Int, bytes: [UInt8])? in
            let name = raw.baseAddress!
            for step in packs.indices {
                // The last pack that answered, then the others in order.
                let packIndex = step == 0 ? lastPack : step <= lastPack ? step - 1 : step
                let pack = packs[packIndex]
                guard let offset = pack.offset(of: name) else { continue }
                lastPack = packIndex
                return object(at: offset, in: packIndex)
            }
            return nil
        }
    }

    /// The largest object read here; a larger one (or a damaged header claiming one) is left to libgit2, so no
    /// allocation is ever sized by a header alone beyond it.
    static let largestObject = 1 << 30

    // MARK: - Objects and delta chains

    private enum ObjectType {
        static let tree = 2
        static let blob = 3
        static let offsetDelta = 6
        static let referenceDelta = 7
    }

    /// The object at `offset` of pack `packIndex`: its type (commit, tree, blob or tag) and content.
    private func object(at offset: Int, in packIndex: Int) -> (type: Int, bytes: [UInt8])? {
        let pack = packs[packIndex]
        // Walked from the object towards the whole object its chain starts from, then applied back.
        var deltas: [PackEntry] = []
        var next = offset
        var base: (type: Int, bytes: [UInt8])
        while true {
            if let cached = bases[packIndex, next] {
                base = cached
                break
            }
            guard let entry = pack.entry(at: next) else { return nil }
            if entry.type == ObjectType.offsetDelta || entry.type == ObjectType.referenceDelta {
                // git's own limit on a chain is far below this; a longer one is a malformed (cyclic) pack.
                guard let baseOffset = entry.baseOffset, deltas.count < 10_000 else { return nil }
                deltas.append(entry)
                next = baseOffset
                continue
            }
            guard (1...4).contains(entry.type), let bytes = inflate(entry, in: pack) else { return nil }
            base = (entry.type, bytes)
            if !deltas.isEmpty { bases.insert(base, at: packIndex, next) }
            break
        }
        for (position, entry) in deltas.enumerated().reversed() {
            guard let delta = inflate(entry, in: pack),
                  let result = Self.apply(delta: delta, to: base.bytes)
            else { return nil }
            base = (base.type, result)
            // Every object but the one asked for served as some delta's base: kept for the next chain through it.
            if position > 0 { bases.insert(base, at: packIndex, entry.offset) }
        }
        return base
    }

    /// An entry's compressed data inflated into a buffer of the size its header records; nil unless it inflates
    /// to exactly that size with a valid checksum.
    private func inflate(_ entry: PackEntry, in pack: MappedPack) -> [UInt8]? {
        guard pack.mayHold(entry) else { return nil }
        let input = pack.data
        let available = pack.dataEnd - entry.dataStart
        var succeeded = false
        // At least one byte, so the buffer has an address even for an empty object.
        let bytes = [UInt8](unsafeUninitializedCapacity: max(entry.size, 1)) { buffer, count in
            var consumed = 0
            let result = libdeflate_zlib_decompress_ex(
                decompressor, input.baseAddress! + entry.dataStart, available,
                buffer.baseAddress, entry.size, &consumed, nil)
            succeeded = result == LIBDEFLATE_SUCCESS
            count = succeeded ? entry.size : 0
        }
        return succeeded ? bytes : nil
    }

    /// `base` with git's delta instructions applied; nil when the delta does not fit the base or itself.
    static func apply(delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        delta.withUnsafeBufferPointer { delta -> [UInt8]? in
            guard let header = DeltaInstructions(delta), header.sourceSize == base.count,
                  header.targetSize <= PackReader.largestObject
            else { return nil }
            // Checked whole before anything is allocated: every copy inside the base, every insert inside the delta,
            // and the lengths adding up to the declared size (a damaged header cannot ask for a huge buffer).
            var total = 0
            let fits = header.forEach { instruction in
                switch instruction {
                case .copy(let offset, let length):
                    guard offset + length <= base.count else { return false }
                    total += length
                case .insert(_, let length):
                    total += length
                }
                return total <= header.targetSize
            }
            guard fits, total == header.targetSize else { return nil }
            return base.withUnsafeBufferPointer { source in
                [UInt8](unsafeUninitializedCapacity: max(total, 1)) { output, count in
                    var written = 0
                    _ = header.forEach { instruction in
                        switch instruction {
                        case .copy(let offset, let length):
                            (output.baseAddress! + written).update(from: source.baseAddress! + offset, count: length)
                            written += length
                        case .insert(let start, let length):
                            (output.baseAddress! + written).update(from: delta.baseAddress! + start, count: length)
                            written += length
                        }
                        return true
                    }
                    count = total
                }
            }
        }
    }
}

/// A git delta: the sizes it starts with and its instructions, read from the bytes that follow them.
private struct DeltaInstructions {
    enum Instruction {
        /// Bytes of the base.
        case copy(offset: Int, length: Int)
        /// Bytes of the delta itself, from `start`.
        case insert(start: Int, length: Int)
    }

    let delta: UnsafeBufferPointer<UInt8>
    let sourceSize: Int
    let targetSize: Int
    /// Where the instructions start.
    let start: Int

    init?(_ delta: UnsafeBufferPointer<UInt8>) {
        var position = 0
        func size() -> Int? {
            var value = 0
            var shift = 0
            while position < delta.count, shift < 63 {
                let byte = delta[position]
                position += 1
                value |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { return value }
            }
            return nil
        }
        guard let sourceSize = size(), let targetSize = size() else { return nil }
        self.delta = delta
        self.sourceSize = sourceSize
        self.targetSize = targetSize
        start = position
    }

    /// Calls `body` with each instruction while it returns true; false when it stopped it or an instruction runs
    /// past the delta's end or is the reserved 0.
    func forEach(_ body: (Instruction) -> Bool) -> Bool {
        var position = start
        while position < delta.count {
            let opcode = delta[position]
            position += 1
            if opcode & 0x80 != 0 {
                // Which offset and size bytes follow is in the opcode's low seven bits.
                var offset = 0
                var length = 0
                for bit in 0..<7 where opcode & (1 << bit) != 0 {
                    guard position < delta.count else { return false }
                    if bit < 4 { offset |= Int(delta[position]) << (bit * 8) } else { length |= Int(delta[position]) << ((bit - 4) * 8) }
                    position += 1
                }
                guard body(.copy(offset: offset, length: length == 0 ? 0x10000 : length)) else { return false }
            } else if opcode != 0 {
                let length = Int(opcode)
                guard position + length <= delta.count, body(.insert(start: position, length: length)) else { return false }
                position += length
            } else {
                return false
            }
        }
        return true
    }
}

/// One pack entry's header: where it is, its type, its inflated size, and a delta's base.
private struct PackEntry {
    var offset: Int
    var type: Int
    /// The inflated size of the object, or of the delta for a delta entry.
    var size: Int
    /// Where the compressed data starts.
    var dataStart: Int
    /// A delta's base object's offset in the same pack.
    var baseOffset: Int?
}

/// A pack file and its index, mapped read-only.
private final class MappedPack {
    private let index: MappedFile
    private let pack: MappedFile
    private let count: Int
    /// Where the index's tables start (version 2: fan-out, names, CRCs, offsets, large offsets).
    private let namesStart: Int
    private let offsetsStart: Int
    private let largeOffsetsStart: Int
    private let largeOffsetsEnd: Int

    var data: UnsafeRawBufferPointer { pack.bytes }
    /// Where entries' data ends: before the pack's trailing checksum.
    var dataEnd: Int { pack.bytes.count - 20 }

    /// `base` is the pack's path without `.idx` or `.pack`; nil unless both map and look like version 2 files.
    init?(path base: String) {
        guard let index = MappedFile(path: base + ".idx"), let pack = MappedFile(path: base + ".pack") else { return nil }
        let idx = index.bytes
        // Index version 2: "\377tOc", version, 256 fan-out counts.
        guard idx.count >= 8 + 1024 + 40, idx.load(as: UInt32.self) == UInt32(bigEndian: 0xFF74_4F63),
              Self.bigEndian32(idx, 4) == 2
        else { return nil }
        let count = Int(Self.bigEndian32(idx, 8 + 255 * 4))
        namesStart = 8 + 1024
        offsetsStart = namesStart + count * 24
        largeOffsetsStart = offsetsStart + count * 4
        largeOffsetsEnd = idx.count - 40
        guard largeOffsetsStart <= largeOffsetsEnd else { return nil }
        // "PACK", version 2 or 3.
        let data = pack.bytes
        guard data.count >= 32, data.load(as: UInt32.self) == UInt32(bigEndian: 0x5041_434B),
              [2, 3].contains(Self.bigEndian32(data, 4))
        else { return nil }
        self.index = index
        self.pack = pack
        self.count = count
    }

    private static func bigEndian32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Where the object named by the 20 bytes at `name` starts in the pack, if the pack holds it.
    func offset(of name: UnsafeRawPointer) -> Int? {
        let idx = index.bytes
        let first = Int(name.load(as: UInt8.self))
        var low = first == 0 ? 0 : Int(Self.bigEndian32(idx, 8 + (first - 1) * 4))
        var high = Int(Self.bigEndian32(idx, 8 + first * 4))
        guard high <= count else { return nil }
        while low < high {
            let middle = (low + high) / 2
            let order = memcmp(idx.baseAddress! + namesStart + middle * 20, name, 20)
            if order == 0 { return packOffset(at: middle) }
            if order < 0 { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private func packOffset(at position: Int) -> Int? {
        let idx = index.bytes
        let small = Self.bigEndian32(idx, offsetsStart + position * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = largeOffsetsStart + Int(small & 0x7FFF_FFFF) * 8
        guard large + 8 <= largeOffsetsEnd else { return nil }
        let offset = UInt64(bigEndian: idx.loadUnaligned(fromByteOffset: large, as: UInt64.self))
        return offset < UInt64(dataEnd) ? Int(offset) : nil
    }

    /// Whether `entry`'s compressed data could inflate to the size its header records: deflate expands at most
    /// 1,032-fold, so a size past that (or past `PackReader.largestObject`) is a damaged header, not an object to
    /// allocate for.
    func mayHold(_ entry: PackEntry) -> Bool {
        let available = dataEnd - entry.dataStart
        return available > 0 && entry.size <= min(available * 1_032 + 64, PackReader.largestObject)
    }

    /// The header of the entry at `offset`; nil when it runs past the pack's data or its base is not in this pack.
    func entry(at offset: Int) -> PackEntry? {
        let data = pack.bytes
        let end = dataEnd
        guard offset >= 12, offset < end else { return nil }
        var position = offset
        var byte = data[position]
        position += 1
        let type = Int(byte >> 4) & 7
        var size = Int(byte & 0x0F)
        var shift = 4
        while byte & 0x80 != 0 {
            guard position < end, shift < 57 else { return nil }
            byte = data[position]
            position += 1
            size |= Int(byte & 0x7F) << shift
            shift += 7
        }
        var baseOffset: Int?
        switch type {
        case 6:
            // The base's distance back from this entry, in git's offset encoding (each continuation adds one).
            guard position < end else { return nil }
            byte = data[position]
            position += 1
            var distance = Int(byte & 0x7F)
            while byte & 0x80 != 0 {
                guard position < end, distance < Int.max >> 8 else { return nil }
                byte = data[position]
                position += 1
                distance = ((distance + 1) << 7) | Int(byte & 0x7F)
            }
            guard distance > 0, distance <= offset - 12 else { return nil }
            baseOffset = offset - distance
        case 7:
            guard position + 20 <= end, let base = self.offset(of: data.baseAddress! + position) else { return nil }
            baseOffset = base
            position += 20
        default:
            break
        }
        return PackEntry(offset: offset, type: type, size: size, dataStart: position, baseOffset: baseOffset)
    }
}

/// A file mapped read-only into memory, unmapped when released.
private final class MappedFile {
    let bytes: UnsafeRawBufferPointer

    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            return nil
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// Objects that served as delta bases, kept within a budget for the chains that pass through them again (git's
/// packs chain an edited file's versions, and several versions may be read in one diff).
private struct DeltaBaseCache {
    private struct Key: Hashable {
        var pack: Int
        var offset: Int
    }

    private static let budget = 16 << 20
    private var objects: [Key: (type: Int, bytes: [UInt8])] = [:]
    /// Keys in the order they were kept, evicted oldest first.
    private var order: [Key] = []
    private var evicted = 0
    private var bytes = 0

    subscript(pack: Int, offset: Int) -> (type: Int, bytes: [UInt8])? {
        objects[Key(pack: pack, offset: offset)]
    }

    mutating func insert(_ object: (type: Int, bytes: [UInt8]), at pack: Int, _ offset: Int) {
        guard object.bytes.count <= Self.budget / 4 else { return }
        let key = Key(pack: pack, offset: offset)
        guard objects.updateValue(object, forKey: key) == nil else { return }
        order.append(key)
        bytes += object.bytes.count
        trim(to: Self.budget)
    }

    /// Evicts the oldest objects until at most `limit` bytes are kept.
    mutating func trim(to limit: Int) {
        while bytes > limit, evicted < order.count {
            if let removed = objects.removeValue(forKey: order[evicted]) { bytes -= removed.bytes.count }
            evicted += 1
        }
        if evicted > 1024 && evicted * 2 > order.count {
            order.removeFirst(evicted)
            evicted = 0
        }
    }
}
