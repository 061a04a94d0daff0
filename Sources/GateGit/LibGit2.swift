import CGitCertificates
import CLibgit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide libgit2 set-up, done exactly once however many repositories are opened.
enum LibGit2 {
    /// Initialises libgit2 on first use; a `static let` initialiser runs once and is thread-safe.
    static let initialized: Void = {
        // Without parsing the system's CA bundle: only a remote needs it (`loadDeferredCertificates`, and
        // CGitCertificates for how).
        gate_certificates_defer(true)
        git_libgit2_init()
        gate_certificates_defer(false)
        // libgit2 re-hashes every object it reads by default; git itself does not, and on a large
        // change the SHA-1 (with collision detection) of every blob costs more than the diff.
        _ = gate_git_opts_set_int(Int32(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION.rawValue), 0)
    }()

    /// Gives libgit2 the CA bundle its start-up deferred, before the first fetch or push; once, and only where
    /// something was deferred. A bundle that does not parse leaves the chain empty, as libgit2's own start-up
    /// would have: the TLS handshake then fails, naming the certificate. Returns libgit2's answer (0: loaded, or
    /// nothing to load).
    @discardableResult
    static func loadDeferredCertificates() -> Int32 {
        initialized
        return deferredCertificatesLoaded
    }

    private static let deferredCertificatesLoaded: Int32 = {
        guard let file = gate_certificates_deferred_file() else { return 0 }
        return gate_git_opts_set_certificate_locations(file, nil)
    }()

    /// The CA bundle libgit2's start-up named and gate deferred, if any.
    static var deferredCertificateFile: String? { gate_certificates_deferred_file().map { String(cString: $0) } }

    /// The message of the last libgit2 error on this thread, or a fallback naming the code.
    static func lastErrorMessage(code: Int32) -> String {
        if let error = git_error_last(), let message = error.pointee.message {
            return String(cString: message)
        }
        return "libgit2 error \(code)"
    }

    /// Turns a negative libgit2 return code into a `GitError` naming the function.
    @inline(__always)
    static func check(_ code: Int32, _ function: String) throws(GitError) {
        if code < 0 { throw GitError.libgit2(function: function, code: code, message: lastErrorMessage(code: code)) }
    }
}

/// Hex rendering and parsing of object ids.
extension git_oid {
    var hex: String {
        // Written straight into the string's storage: the history scan and rename matching ask for thousands.
        withUnsafeBytes(of: id) { raw in
            String(unsafeUninitializedCapacity: raw.count * 2) { text in
                for (index, byte) in raw.enumerated() {
                    text[2 * index] = Self.hexDigit(byte >> 4)
                    text[2 * index + 1] = Self.hexDigit(byte & 0x0F)
                }
                return raw.count * 2
            }
        }
    }

    /// The lowercase hex digit of a value below 16.
    @inline(__always)
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// Parses a full 40-hex id; nil for anything else.
    init?(hex: String) {
        guard hex.utf8.count == Int(GIT_OID_HEXSZ) else { return nil }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }

    var isZero: Bool {
        var copy = self
        return git_oid_is_zero(&copy) == 1
    }
}

/// Owns one `git_object` (commit, tree, blob or tag) and frees it.
final class GitObject {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_object_free(pointer) }

    var id: git_oid { git_object_id(pointer).pointee }
}

/// Owns one `git_tree`.
final class GitTree {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_free(pointer) }
}

/// Owns one `git_commit`.
final class GitCommit {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_commit_free(pointer) }

    var id: git_oid { git_commit_id(pointer).pointee }

    func tree() throws(GitError) -> GitTree {
        var tree: OpaquePointer?
        try LibGit2.check(git_commit_tree(&tree, pointer), "git_commit_tree")
        guard let tree else { throw GitError.libgit2(function: "git_commit_tree", code: -1, message: "no tree") }
        return GitTree(tree)
    }
}

/// Owns one `git_blob`; its bytes stay valid while the blob lives.
final class GitBlob {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_blob_free(pointer) }

    var size: Int { Int(git_blob_rawsize(pointer)) }

    /// The blob's bytes, borrowed for the duration of `body`.
    func withBytes<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let count = size
        guard count > 0, let raw = git_blob_rawcontent(pointer) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: count))
    }

    var bytes: [UInt8] { withBytes { Array($0) } }
}

/// Owns one `git_tree_entry` returned by `git_tree_entry_bypath`.
final class GitTreeEntry {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_tree_entry_free(pointer) }
}

/// Owns a C array of C strings, as libgit2's `git_strarray` arguments take them.
final class GitPathList {
    private let strings: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ paths: [String]) {
        count = paths.count
        strings = .allocate(capacity: max(paths.count, 1))
        for (index, path) in paths.enumerated() { strings[index] = strdup(path) }
    }

    deinit {
        for index in 0..<count { free(strings[index]) }
        strings.deallocate()
    }

    /// Valid while this list lives.
    var array: git_strarray { git_strarray(strings: strings, count: count) }
}

/// Owns one `git_odb`.
final class GitObjectDatabase {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_odb_free(pointer) }

    /// The object's size and type without inflating it (cheap for packed objects).
    func header(of id: git_oid) throws(GitError) -> (size: Int, type: git_object_t) {
        var size = 0
        var type = GIT_OBJECT_INVALID
        var oid = id
        try LibGit2.check(git_odb_read_header(&size, &type, pointer, &oid), "git_odb_read_header")
        return (size, type)
    }
}

/// Owns one `git_revwalk`.
final class GitRevwalk {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_revwalk_free(pointer) }
}

/// Owns one `git_diff`.
final class GitDiff {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_diff_free(pointer) }

    var count: Int { git_diff_num_deltas(pointer) }

    func delta(at index: Int) -> git_diff_delta? { git_diff_get_delta(pointer, index)?.pointee }
}

/// Owns one `git_patch`; freed as soon as its file has been visited.
final class GitPatch {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_patch_free(pointer) }
}

/// Owns one `git_index`.
final class GitIndex {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_index_free(pointer) }
}
