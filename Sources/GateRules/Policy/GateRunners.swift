import GateCore

/// The files a CI configuration that runs gate also executes: scripts, Makefiles, local actions. A change to
/// one of them can switch the gate off (`exit 0`, `gate check || true`) without touching the CI file itself.
public struct GateRunners: Sendable, Equatable {
    /// Repository paths (files or directories) some gate-running CI file refers to, each with that CI file.
    public private(set) var paths: [String: String] = [:]
    /// Paths CI files that do not mention gate refer to: runners too when they run gate themselves.
    public private(set) var candidates: [String: String] = [:]
    /// CI files that run gate only through a file they call (`run: ./scripts/ci/gate.sh`, `make verify`), each with
    /// that file: they are the gate's CI as much as one spelling `gate check`.
    public private(set) var callers: [String: String] = [:]
    /// The CI files read since the last `resolveCandidates` that do not run gate themselves, with what they call.
    private var pendingCallers: [PendingCaller] = []

    private struct PendingCaller: Sendable, Equatable {
        var ciFile: String
        var references: Set<String>
        var calls: GateCalls
    }

    public init() {}

    /// Reads one CI file; when it runs gate, remembers the repository paths it mentions; otherwise remembers
    /// them as candidates (`run: ./scripts/ci.sh`, where the script runs gate).
    public mutating func read(ciFile: String, bytes: [UInt8]) {
        guard PolicyChangeDetector.isCIFile(ciFile) || PolicyChangeDetector.isLocalAction(ciFile) else { return }
        let runsGate = PolicyChangeDetector.runsGate(bytes)
        let references = Self.references(in: bytes)
        for reference in references where paths[reference] == nil {
            if runsGate { paths[reference] = ciFile } else if candidates[reference] == nil { candidates[reference] = ciFile }
        }
        if !runsGate, !references.isEmpty, callers[ciFile] == nil {
            // A path in a comment calls nothing (`# scripts/ci/gate.sh runs in ci.yml`).
            let commands = Self.withoutCommentLines(bytes)
            pendingCallers.append(PendingCaller(ciFile: ciFile, references: Self.references(in: commands), calls: GateCalls(commands)))
        }
    }

    /// Promotes the candidates whose own content runs gate; `contents` reads a path (nil when it is no file).
    /// Then records the CI files calling a file that runs gate as `callers`: a script by its path, a Makefile
    /// through a target whose recipe runs gate, a package manifest through a script that does.
    public mutating func resolveCandidates(_ contents: (String) throws -> [UInt8]?) rethrows {
        // Each file read once: a candidate is usually the script its CI file calls too.
        var read: [String: [UInt8]?] = [:]
        func bytes(of path: String) throws -> [UInt8]? {
            if let known = read[path] { return known }
            let found = try contents(path)
            read[path] = found
            return found
        }
        for (path, ciFile) in candidates.sorted(by: { $0.key < $1.key }) where paths[path] == nil {
            if let bytes = try bytes(of: path), PolicyChangeDetector.runsGate(bytes) { paths[path] = ciFile }
        }
        candidates = [:]
        for pending in pendingCallers where callers[pending.ciFile] == nil {
            for reference in pending.references.sorted() {
                guard let content = try bytes(of: reference), PolicyChangeDetector.runsGate(content) else { continue }
                if Self.makefiles.contains(reference) {
                    guard GateCalls.makeTargetsRunGate(pending.calls.makeTargets, makefile: content) else { continue }
                } else if PackageScripts.manifestName(of: reference) != nil {
                    let names = PackageScripts.gateScriptNames(PackageScripts.scripts(in: content))
                    guard !names.isDisjoint(with: pending.calls.packageScripts) else { continue }
                } else if Self.runnerFileNames.contains(reference) {
                    continue  // a justfile or Taskfile: which recipe the CI runs is not read, so the call is not judged
                }
                callers[pending.ciFile] = reference
                break
            }
        }
        pendingCallers = []
    }

    /// The file through which `ciFile` runs gate, when it does so only by calling it (see `callers`).
    public func gateFile(calledBy ciFile: String) -> String? {
        callers.isEmpty ? nil : callers[ciFile]
    }

    private static let makefiles: Set<String> = ["Makefile", "makefile", "GNUmakefile"]
    private static let runnerFileNames = Set(runnerFiles.values.joined())

    /// The CI file running `path` (the path itself, or a directory holding it), if any. A package manifest anywhere
    /// in the tree counts once CI runs its package manager (`cd web && npm run gate` runs `web/package.json`'s script).
    public func runner(of path: String) -> String? {
        guard !paths.isEmpty else { return nil }  // asked of every changed file; most repositories name none
        if let file = paths[path] { return file }
        if let manifest = PackageScripts.manifestName(of: path), let file = paths[manifest] { return file }
        var prefix = Substring(path)
        while let slash = prefix.lastIndex(of: "/") {
            prefix = prefix[..<slash]
            if let file = paths[String(prefix)] { return file }
        }
        return nil
    }

    /// The files a task runner or package manager reads its targets or scripts from, by the command: `make` runs the
    /// Makefile, `just` the justfile, `task` the Taskfile, `npm run` and its kin `package.json`'s scripts, `composer`
    /// `composer.json`'s (`npx` and `bunx` run a package's binary, no script).
    private static let runnerFiles: [Substring: [String]] = [
        "make": ["Makefile", "makefile", "GNUmakefile"], "gmake": ["Makefile", "makefile", "GNUmakefile"],
        "just": ["justfile", "Justfile", ".justfile"],
        "task": ["Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "Taskfile.dist.yml"],
        "npm": ["package.json"], "yarn": ["package.json"], "pnpm": ["package.json"], "bun": ["package.json"],
        "composer": ["composer.json"],
    ]

    /// The bytes without the lines whose first non-blank byte is `#` (YAML comments).
    static func withoutCommentLines(_ bytes: [UInt8]) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if line.first(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "#") { continue }
            kept += line
            kept.append(UInt8(ascii: "\n"))
        }
        return kept
    }

    /// Words that look like repository paths: `./scripts/ci.sh`, `scripts/gate.sh`, `uses: ./tools/gate-action`,
    /// `bash ci/run`, and the file a task runner or package manager reads (`Makefile` whenever `make` runs,
    /// `package.json` whenever `npm` does).
    static func references(in bytes: [UInt8]) -> Set<String> {
        let text = String(decoding: bytes, as: UTF8.self)
        var found: Set<String> = []
        let separators: Set<Character> = [" ", "\t", "\n", "\r", "\"", "'", "`", "(", ")", ";", "&", "|", "=", ",", "[", "]", "{", "}", "<", ">"]
        for word in text.split(whereSeparator: { separators.contains($0) }) {
            var token = String(word)
            // The bare command only: `task:` is a key (an Azure Pipelines step), not the runner.
            if let files = runnerFiles[word] { found.formUnion(files) }
            while token.hasPrefix("./") { token.removeFirst(2) }
            while token.hasSuffix("/") || token.hasSuffix(":") { token.removeLast() }
            guard !token.isEmpty, !token.hasPrefix("/"), !token.hasPrefix("$"), !token.contains("://"),
                  !token.hasPrefix("-"), !token.contains("..")
            else { continue }
            let scriptExtensions = [".sh", ".bash", ".py", ".rb", ".js", ".mjs", ".ts", ".pl", ".ps1", ".mk"]
            if token.contains("/") || scriptExtensions.contains(where: token.hasSuffix) {
                found.insert(token)
            }
        }
        return found
    }
}
