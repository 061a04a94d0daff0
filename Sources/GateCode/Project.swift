import Foundation
import GateCore

/// The head tree as resolvers see it: which paths exist, file contents, and parsed project configuration
/// (tsconfig.json, go.mod, composer.json), each read once.
public final class Project: @unchecked Sendable {
    let tree: any SourceTree
    /// One lock per table: resolvers ask for both on every import, from every worker.
    private let listingLock = NSLock()
    private var listed: Listing?
    /// Guards `configurations` and `computing`; signalled whenever a computed value is stored.
    private let configurationCondition = NSCondition()
    private var configurations: [String: any Sendable] = [:]
    /// The keys some thread is computing now.
    private var computing: Set<String> = []

    init(tree: any SourceTree) { self.tree = tree }

    /// Every path of the tree, sorted; an unreadable tree is an empty one (reach then resolves nothing).
    public var paths: [String] { listing().paths }

    public func exists(_ path: String) -> Bool { listing().set.contains(path) }

    /// The tree's paths, listed once; a reference, so asking for it costs one retain, not three collection copies
    /// (resolvers ask for every import they resolve).
    private final class Listing: @unchecked Sendable {
        let paths: [String]
        let set: Set<String>
        /// By file name, so suffix lookups (`/llm_client.rb`, `/LlmService.cs`) touch only same-named files.
        let byName: [Substring: [String]]

        init(_ paths: [String]) {
            self.paths = paths
            set = Set(paths)
            var byName: [Substring: [String]] = [:]
            for path in paths { byName[Project.fileName(path), default: []].append(path) }
            self.byName = byName
        }
    }

    private func listing() -> Listing {
        listingLock.lock()
        defer { listingLock.unlock() }
        if let listed { return listed }
        let result = Listing(((try? tree.paths()) ?? []).sorted())
        listed = result
        return result
    }

    /// Paths whose file name is `name` (`LlmService.java`).
    public func paths(named name: String) -> [String] { listing().byName[Substring(name)] ?? [] }

    /// The package.json files of the project's own packages, not of those installed under node_modules: what the
    /// project itself depends on.
    public func packageManifests() -> [String] { paths(named: "package.json").filter { !$0.contains("node_modules/") } }

    /// The part after the last `/`: found in the UTF-8 bytes, as every path of the tree is listed by it and a
    /// search by `Character` costs thousands of instructions a path.
    fileprivate static func fileName(_ path: String) -> Substring {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
        return path[utf8.index(after: slash)...]
    }

    public func contents(of path: String) -> [UInt8]? { (try? tree.contents(of: path)) ?? nil }

    /// The language of the tree file at `path`: by its extension, or by its `#!` line when its name has none (a
    /// script such as `bin/nightly-digest`; only such a file is read for it).
    public func language(of path: String) -> SourceLanguage? {
        if let byPath = SourceLanguage(path: path) { return byPath }
        guard SourceLanguage.hasNoExtension(path), let bytes = contents(of: path) else { return nil }
        return SourceLanguage(path: path, contents: bytes)
    }

    /// Paths directly inside `directory` (no trailing slash; "" is the root).
    public func files(inDirectory directory: String) -> [String] {
        let prefix = directory.isEmpty ? "" : directory + "/"
        let all = paths
        let start = all.partitionPoint { $0 < prefix }
        var result: [String] = []
        for path in all[start...] {
            guard path.hasPrefix(prefix) else { break }
            if !path.utf8.dropFirst(prefix.utf8.count).contains(UInt8(ascii: "/")) { result.append(path) }
        }
        return result
    }

    /// Whether `directory` holds a file itself (not only in subdirectories), without listing them.
    public func hasFiles(inDirectory directory: String) -> Bool {
        let prefix = directory.isEmpty ? "" : directory + "/"
        let all = paths
        for path in all[all.partitionPoint { $0 < prefix }...] {
            guard path.hasPrefix(prefix) else { return false }
            if !path.utf8.dropFirst(prefix.utf8.count).contains(UInt8(ascii: "/")) { return true }
        }
        return false
    }

    /// Whether some file under `directory`, at any depth, has a name ending in `suffix` (`.py`: a namespace package,
    /// which needs no `__init__.py`).
    public func hasFiles(under directory: String, endingWith suffix: String) -> Bool {
        paths(under: directory).contains { $0.hasSuffix(suffix) }
    }

    /// The paths under `directory`, at any depth, in path order.
    public func paths(under directory: String) -> ArraySlice<String> {
        let prefix = directory + "/"
        let all = paths
        return all[all.partitionPoint { $0 < prefix }...].prefix { $0.hasPrefix(prefix) }
    }

    /// Paths ending in `suffix` (a `/`-anchored tail such as `/llm_client.rb`), or equal to it without the slash.
    public func paths(endingWith suffix: String) -> [String] {
        let bare = suffix.hasPrefix("/") ? String(suffix.dropFirst()) : suffix
        let name = Self.fileName(bare)
        let candidates = name.isEmpty ? paths : listing().byName[name] ?? []
        return candidates.filter { $0.hasSuffix(suffix) || $0 == bare }
    }

    /// A configuration value derived from the tree, computed once per key.
    ///
    /// A thread asking for a key another is computing waits for that value rather than compute it too (the scan's
    /// workers reach the same migration folder or project-wide question at once: the app case's three folders'
    /// table effects were computed ten times). The wait is bounded: a caller may hold a lock of its own while it
    /// asks (a file's guards, its analysis) that the computing thread could come to need, and after
    /// `longestWaitForOtherThread` the waiter computes the value itself, as every asker did before.
    public func configuration<Value: Sendable>(_ key: String, compute: () -> Value) -> Value {
        configurationCondition.lock()
        // Checked for presence first: a remembered nil must not be confused with "not computed yet".
        if let stored = configurations[key], let known = stored as? Value {
            configurationCondition.unlock()
            return known
        }
        if computing.contains(key) {
            let deadline = Date(timeIntervalSinceNow: Self.longestWaitForOtherThread)
            while configurations[key] == nil, computing.contains(key), configurationCondition.wait(until: deadline) {}
            if let stored = configurations[key], let known = stored as? Value {
                configurationCondition.unlock()
                return known
            }
        }
        computing.insert(key)
        configurationCondition.unlock()
        let value = compute()
        configurationCondition.lock()
        configurations[key] = value
        computing.remove(key)
        configurationCondition.broadcast()
        configurationCondition.unlock()
        return value
    }

    /// How long a thread waits for another's computation of the same configuration value before computing it itself.
    static let longestWaitForOtherThread: TimeInterval = 1

    /// A JSON file of the tree (comments and trailing commas tolerated, as tsconfig allows), or nil.
    func json(at path: String) -> [String: Any]? {
        guard let bytes = contents(of: path) else { return nil }
        let cleaned = Self.stripJSONComments(bytes)
        return (try? JSONSerialization.jsonObject(with: Data(cleaned), options: [.fragmentsAllowed])) as? [String: Any]
    }

    /// Removes `//` and `/* */` comments outside strings and commas before a closing bracket.
    static func stripJSONComments(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                out.append(byte)
                if byte == Byte.backslash, index + 1 < bytes.count { out.append(bytes[index + 1]); index += 1 }
                else if byte == Byte.quote { inString = false }
            } else if byte == Byte.quote {
                inString = true
                out.append(byte)
            } else if byte == Byte.slash, index + 1 < bytes.count, bytes[index + 1] == Byte.slash {
                while index < bytes.count, bytes[index] != Byte.newline { index += 1 }
                continue
            } else if byte == Byte.slash, index + 1 < bytes.count, bytes[index + 1] == Byte.star {
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == Byte.star && bytes[index + 1] == Byte.slash) { index += 1 }
                index += 2
                continue
            } else if byte == Byte.comma {
                var next = index + 1
                while next < bytes.count, [Byte.space, Byte.newline, Byte.tab, Byte.carriageReturn].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == Byte.closeBrace || bytes[next] == Byte.closeBracket { index += 1; continue }
                out.append(byte)
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }
}

/// Path arithmetic on `/`-separated repository paths.
/// Repository paths (`/`-separated, relative to the top), as every module spells them.
public enum RepoPath {
    public static func directory(of path: String) -> String {
        // On the resolvers' hot path: `/` is one byte, so the UTF-8 view finds it without grapheme breaking.
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    public static func join(_ directory: String, _ relative: String) -> String {
        directory.isEmpty ? relative : directory + "/" + relative
    }

    /// Resolves `.` and `..` segments; nil when `..` climbs above the root.
    public static func normalize(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// `LlmClient` → `llm_client`, `HTTPClient` → `http_client` (Zeitwerk's inflection).
    static func underscore(_ constant: String) -> String { WordCase.underscored(constant) }
}
