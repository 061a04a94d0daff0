import Foundation

/// A realistic change stored as data: base files, the head's edits, the findings it must yield and the decision.
///
/// File format (`*.fixture`): `#` comment lines, then `decision: pass|needs-approval|block`, optional
/// `expect: CATEGORY PATH:LINE` lines, then sections opened by `@@@ base PATH`, `@@@ head PATH`,
/// `@@@ delete PATH` or `@@@ rename OLD -> NEW`. A head line starting `↓[cat1,cat2]` expects findings of those
/// categories on that line; the prefix is not part of the file.
public struct ChangeFixture: Sendable {
    /// One expected finding.
    public struct Expected: Hashable, Sendable, CustomStringConvertible, Comparable {
        public var category: String
        public var path: String
        public var line: Int

        public init(category: String, path: String, line: Int) {
            self.category = category
            self.path = path
            self.line = line
        }

        public var description: String { "\(category) \(path):\(line)" }

        public static func < (lhs: Expected, rhs: Expected) -> Bool {
            (lhs.path, lhs.line, lhs.category) < (rhs.path, rhs.line, rhs.category)
        }
    }

    /// An edit the head commit makes.
    public enum Edit: Sendable {
        case write(path: String, content: String)
        case delete(path: String)
        case rename(from: String, to: String)
    }

    public var name: String
    public var decision: String
    public var baseFiles: [(path: String, content: String)] = []
    public var edits: [Edit] = []
    public var expected: Set<Expected> = []

    /// Parses one fixture file.
    public static func load(_ url: URL) throws -> ChangeFixture {
        let text = try String(contentsOf: url, encoding: .utf8)
        var fixture = ChangeFixture(name: url.deletingPathExtension().lastPathComponent, decision: "")
        var section: (kind: String, path: String)?
        var lines: [String] = []
        func flush() throws {
            guard let current = section else { return }
            var body = lines
            while body.last == "" { body.removeLast() }
            var content: [String] = []
            for (offset, line) in body.enumerated() {
                if current.kind == "head", line.hasPrefix("↓["), let close = line.firstIndex(of: "]") {
                    let categories = line[line.index(line.startIndex, offsetBy: 2)..<close].split(separator: ",")
                    for category in categories {
                        fixture.expected.insert(Expected(
                            category: category.trimmingCharacters(in: .whitespaces), path: current.path, line: offset + 1))
                    }
                    content.append(String(line[line.index(after: close)...]))
                } else {
                    content.append(line)
                }
            }
            let joined = content.isEmpty ? "" : content.joined(separator: "\n") + "\n"
            switch current.kind {
            case "base": fixture.baseFiles.append((current.path, joined))
            case "head": fixture.edits.append(.write(path: current.path, content: joined))
            default: break
            }
            lines = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("@@@ ") {
                try flush()
                let parts = line.dropFirst(4).split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw FixtureError("\(url.lastPathComponent): bad section line '\(line)'") }
                switch parts[0] {
                case "base", "head": section = (parts[0], parts[1])
                case "delete":
                    fixture.edits.append(.delete(path: parts[1]))
                    section = nil
                case "rename":
                    let paths = parts[1].components(separatedBy: " -> ")
                    guard paths.count == 2 else { throw FixtureError("\(url.lastPathComponent): bad rename '\(line)'") }
                    fixture.edits.append(.rename(from: paths[0], to: paths[1]))
                    section = nil
                default: throw FixtureError("\(url.lastPathComponent): unknown section '\(parts[0])'")
                }
            } else if section != nil {
                lines.append(line)
            } else if line.hasPrefix("decision:") {
                fixture.decision = line.dropFirst("decision:".count).trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("expect:") {
                let spec = line.dropFirst("expect:".count).split(separator: " ")
                guard spec.count == 2, let colon = spec[1].lastIndex(of: ":"),
                      let number = Int(spec[1][spec[1].index(after: colon)...])
                else { throw FixtureError("\(url.lastPathComponent): bad expect line '\(line)'") }
                fixture.expected.insert(Expected(category: String(spec[0]), path: String(spec[1][..<colon]), line: number))
            } else if !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
                throw FixtureError("\(url.lastPathComponent): unexpected line '\(line)'")
            }
        }
        try flush()
        guard ["pass", "needs-approval", "block"].contains(fixture.decision) else {
            throw FixtureError("\(url.lastPathComponent): missing or bad decision")
        }
        return fixture
    }

    /// Every `*.fixture` in a directory, by name.
    public static func all(in directory: URL) throws -> [ChangeFixture] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".fixture") }.sorted()
        return try names.map { try load(directory.appendingPathComponent($0)) }
    }

    /// The base files, as a dictionary.
    public var baseSnapshot: [String: String] { Dictionary(baseFiles.map { ($0.path, $0.content) }) { $1 } }

    /// The head files: the base with every edit applied.
    public var headSnapshot: [String: String] {
        var files = baseSnapshot
        for edit in edits {
            switch edit {
            case .write(let path, let content): files[path] = content
            case .delete(let path): files[path] = nil
            case .rename(let from, let to):
                files[to] = files[from]
                files[from] = nil
            }
        }
        return files
    }

    /// Builds the change as a real repository: one base commit, one head commit on top.
    public func build() throws -> (repository: GitFixture, base: String, head: String) {
        let repository = try GitFixture()
        for file in baseFiles { try write(file.content, to: file.path, in: repository) }
        let base = try repository.commit("base").trimmingCharacters(in: .whitespacesAndNewlines)
        for edit in edits {
            switch edit {
            case .write(let path, let content): try write(content, to: path, in: repository)
            case .delete(let path): try repository.git("rm", "-q", path)
            case .rename(let from, let to):
                let target = repository.directory.url(to).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                try repository.git("mv", from, to)
            }
        }
        let head = try repository.commit("head").trimmingCharacters(in: .whitespacesAndNewlines)
        return (repository, base, head)
    }

    private func write(_ content: String, to path: String, in repository: GitFixture) throws {
        let url = repository.directory.url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    /// The same fixture with every file's lines ended by `ending` (`"\r\n"`, a lone `"\r"`) instead of `"\n"`: the
    /// findings and decision must not change.
    public func withLineEnds(_ ending: String) -> ChangeFixture {
        func converted(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: ending) }
        var copy = self
        copy.baseFiles = baseFiles.map { ($0.path, converted($0.content)) }
        copy.edits = edits.map { edit in
            if case .write(let path, let content) = edit { return .write(path: path, content: converted(content)) }
            return edit
        }
        return copy
    }
}
