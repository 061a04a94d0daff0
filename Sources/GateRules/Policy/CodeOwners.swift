import Foundation
import GateCore

/// A CODEOWNERS file (GitHub's or GitLab's): who must review which paths. A rule covering the gate's own files decides
/// who signs off a change to the policy or to the CI that runs gate, so editing or removing it is editing the gate.
enum CodeOwners {
    /// Where GitHub and GitLab read CODEOWNERS from.
    static let paths: Set<String> = ["CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"]

    static func isCodeOwners(_ path: String) -> Bool { paths.contains(path) }

    /// GitHub's places, in the order it looks: only the first found is read.
    static let githubPrecedence = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]

    /// Paths standing for the gate's own files: the policy, a workflow, a local action, the other CI files gate reads.
    /// A rule matching one of them (or this CODEOWNERS file itself) is a rule about the gate.
    private static let gateFiles = [
        ".gate/policy.yml", ".github/workflows/gate.yml", ".github/actions/gate/action.yml", ".gitlab-ci.yml",
        ".circleci/config.yml", "bitbucket-pipelines.yml", ".buildkite/pipeline.yml",
    ]

    /// The hunks of a CODEOWNERS change that add or delete a rule covering the gate's own files; none when those rules
    /// name the same owners, pattern by pattern and in the same order, before and after (columns realigned, owners
    /// listed in another order).
    ///
    /// GitHub reads only the first of `.github/CODEOWNERS`, `CODEOWNERS` and `docs/CODEOWNERS` it finds: when the change
    /// makes another of them the one GitHub reads (adds one above, deletes or moves the one read), the rules compared are
    /// those of the file read before and after, given the trees (`base`, `head`: a path's bytes, nil when absent). A new
    /// `.github/CODEOWNERS` without the root file's `/.gate/` rule takes that rule away; a root file added below an
    /// existing `.github/CODEOWNERS` changes nothing GitHub reads.
    static func hunksTouchingGateRules(
        _ file: SourceFile, base baseTree: ((String) -> [UInt8]?)? = nil, head headTree: ((String) -> [UInt8]?)? = nil
    ) -> [Hunk] {
        let paths = [file.path] + (file.change.oldPath.map { [$0] } ?? [])
        if paths.contains(where: githubPrecedence.contains), let baseTree, let headTree {
            let before = githubPrecedence.lazy.compactMap { path in baseTree(path).map { (path, $0) } }.first
            let after = githubPrecedence.lazy.compactMap { path in headTree(path).map { (path, $0) } }.first
            if before?.0 != after?.0 {
                // The files themselves too: a rule over the CODEOWNERS file read decides who may edit it.
                let covered = gateFiles + [before?.0, after?.0].compactMap { $0 }
                if gateRules(in: before?.1 ?? [], covering: covered) == gateRules(in: after?.1 ?? [], covering: covered) {
                    return []
                }
                return file.change.hunks
            }
        }
        let covered = gateFiles + paths
        let base = file.change.kind == .added ? [] : file.baseBytes()
        let head = file.change.kind == .deleted ? [] : file.bytes
        if gateRules(in: base, covering: covered) == gateRules(in: head, covering: covered) { return [] }
        return file.change.hunks.filter { hunk in
            hunk.lines.contains { line in
                line.kind != .context && pattern(of: line.text).map { pattern in covered.contains { covers(pattern, $0) } } == true
            }
        }
    }

    /// The rules of CODEOWNERS text that cover one of `paths`, in order: each pattern with its set of owners.
    private static func gateRules(in bytes: [UInt8], covering paths: [String]) -> [Rule] {
        TextLines(decoding: bytes).compactMap { line in
            guard let pattern = pattern(of: line), paths.contains(where: { covers(pattern, $0) }) else { return nil }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            let owners = words.dropFirst().prefix { !$0.hasPrefix("#") }.map(String.init)
            return Rule(pattern: pattern, owners: Set(owners))
        }
    }

    private struct Rule: Equatable {
        var pattern: String
        var owners: Set<String>
    }

    /// The path pattern a CODEOWNERS line starts with; nil for a comment, a blank line or a GitLab section header
    /// (`[Docs]`, `^[Docs][2] @team`).
    static func pattern(of line: some StringProtocol) -> String? {
        guard let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).first,
              !first.hasPrefix("#"), !first.hasPrefix("["), !first.hasPrefix("^[")
        else { return nil }
        return String(first)
    }

    /// Whether a CODEOWNERS pattern covers `path`, read as gitignore reads it: a leading or inner `/` anchors it at
    /// the root, otherwise it matches a name at any depth; a pattern matching a directory covers what is inside it.
    /// `*` is let cross `/` (fnmatch without FNM_PATHNAME), so `**` works and a doubtful rule counts as covering:
    /// the wrong way to err here is to miss an edit of who reviews the gate.
    static func covers(_ rawPattern: String, _ path: String) -> Bool {
        var pattern = rawPattern
        if pattern.hasSuffix("/") { pattern.removeLast() }
        let anchored = pattern.hasPrefix("/") || pattern.contains("/")
        if pattern.hasPrefix("/") { pattern.removeFirst() }
        if pattern.isEmpty { return true }
        let components = path.split(separator: "/").map(String.init)
        // The path itself and each directory above it (`.gate` covers `.gate/policy.yml`).
        let prefixes = components.indices.map { components[...$0].joined(separator: "/") }
        if anchored { return prefixes.contains { fnmatch(pattern, $0, 0) == 0 } }
        // Unanchored: the name of the file or of any directory above it.
        return components.contains { fnmatch(pattern, $0, 0) == 0 } || fnmatch(pattern, path, 0) == 0
    }
}
