import GateCore

/// The value of a package.json `exports` or `imports` entry: a path, fallbacks tried in order, conditions
/// (`import`, `require`, `types`, `default`, nested), or `null`, which hides a subpath. Parsed once per manifest.
indirect enum PackageMapTarget: Sendable {
    case path(String)
    case fallbacks([PackageMapTarget])
    case conditions([(condition: String, target: PackageMapTarget)])
    case excluded

    init?(json: Any) {
        switch json {
        case let path as String: self = .path(path)
        case let list as [Any]: self = .fallbacks(list.compactMap(PackageMapTarget.init(json:)))
        case let object as [String: Any]:
            // Node takes the first condition the environment matches, in the order written, which the parsed JSON
            // no longer keeps: the conditions that name code run on a server come first, the types (often a
            // declaration file) last.
            let ranked = object.keys.sorted { left, right in
                let (l, r) = (Self.conditionRank(left), Self.conditionRank(right))
                return l != r ? l < r : left < right
            }
            self = .conditions(ranked.compactMap { key in
                object[key].flatMap(PackageMapTarget.init(json:)).map { (key, $0) }
            })
        default: self = .excluded
        }
    }

    private static let preferredConditions = ["source", "node", "import", "require", "module", "default", "development"]
    private static let declarationConditions = ["types", "typings"]

    /// Conditions no list names (`browser`, `react-server`, `worker`) come after those that do, before the types.
    private static func conditionRank(_ condition: String) -> Int {
        if let preferred = preferredConditions.firstIndex(of: condition) { return preferred }
        if let declaration = declarationConditions.firstIndex(of: condition) { return preferredConditions.count + 1 + declaration }
        return preferredConditions.count
    }

    /// Every path the target may give, in the order tried, with `*` replaced by `star` (a pattern's match).
    func paths(replacingStarWith star: String?) -> [String] {
        switch self {
        case .path(let path):
            guard let star else { return [path] }
            return [path.replacingOccurrences(of: "*", with: star)]
        case .fallbacks(let list): return list.flatMap { $0.paths(replacingStarWith: star) }
        case .conditions(let conditions): return conditions.flatMap { $0.target.paths(replacingStarWith: star) }
        case .excluded: return []
        }
    }
}

/// A package.json map from specifiers to files: `exports` (keys `.`, `./server`, `./*`) or `imports` (`#ai`,
/// `#lib/*`).
struct PackageSpecifierMap: Sendable {
    var entries: [(key: String, target: PackageMapTarget)]

    /// `exports` may be one target for the package's root (`"exports": "./src/index.ts"`, or conditions without
    /// any subpath key); `imports` is always keyed.
    init?(json: Any?, keyPrefix: String) {
        guard let json else { return nil }
        if let object = json as? [String: Any], object.keys.contains(where: { $0.hasPrefix(keyPrefix) }) {
            entries = object.compactMap { key, value in
                key.hasPrefix(keyPrefix) ? PackageMapTarget(json: value).map { (key, $0) } : nil
            }
        } else if keyPrefix == ".", let root = PackageMapTarget(json: json) {
            entries = [(".", root)]
        } else {
            return nil
        }
    }

    /// The paths a specifier's subpath (`.`, `./server`, `#ai`) maps to, relative to the manifest: an exact key, else
    /// the pattern (`./*`, `#lib/*`) or folder (`./utils/`) with the longest prefix, as Node chooses.
    func paths(for subpath: String) -> [String] {
        if let exact = entries.first(where: { $0.key == subpath }) { return exact.target.paths(replacingStarWith: nil) }
        var best: (prefix: Int, paths: [String])?
        for (key, target) in entries {
            if let star = key.firstIndex(of: "*") {
                let prefix = key[..<star]
                let suffix = key[key.index(after: star)...]
                guard subpath.hasPrefix(prefix), subpath.hasSuffix(suffix), subpath.count >= prefix.count + suffix.count,
                      prefix.count > best?.prefix ?? -1
                else { continue }
                let match = String(subpath.dropFirst(prefix.count).dropLast(suffix.count))
                best = (prefix.count, target.paths(replacingStarWith: match))
            } else if key.hasSuffix("/"), subpath.hasPrefix(key), key.count > best?.prefix ?? -1 {
                let rest = String(subpath.dropFirst(key.count))
                best = (key.count, target.paths(replacingStarWith: nil).map { $0 + rest })
            }
        }
        return best?.paths ?? []
    }
}

/// What of a package.json says where its code is: its name, `exports`, `imports`, and the older entry fields.
struct PackageManifest: Sendable {
    var name: String?
    var exports: PackageSpecifierMap?
    var imports: PackageSpecifierMap?
    /// `source`, `main`, `module`, `types`, `typings`: where the package's root is when `exports` says nothing
    /// that exists (and where TypeScript's older resolution looks).
    var entryFields: [String]

    init(json: [String: Any]) {
        name = json["name"] as? String
        exports = PackageSpecifierMap(json: json["exports"], keyPrefix: ".")
        imports = PackageSpecifierMap(json: json["imports"], keyPrefix: "#")
        entryFields = ["source", "main", "module", "types", "typings"].compactMap { json[$0] as? String }
    }

    /// The paths, relative to the manifest, a subpath of the package (`.`, `./server`) may be.
    func entryPaths(for subpath: String) -> [String] {
        let exported = exports?.paths(for: subpath) ?? []
        return subpath == "." ? exported + entryFields : exported
    }
}

extension TypeScriptResolver {
    /// The package.json of `directory`, parsed once per check.
    func manifest(inDirectory directory: String, project: Project) -> PackageManifest? {
        project.configuration("package-manifest:" + directory) {
            project.json(at: RepoPath.join(directory, "package.json")).map(PackageManifest.init(json:))
        }
    }

    /// The source files a path a manifest or import map names resolves to, relative to `directory`. A package built
    /// before it is published names its output (`./dist/index.js`, `./dist/esm/index.mjs`, `./dist/index.d.ts`),
    /// which is not committed: the source it was built from (`src/index.ts`, or the file beside the manifest) is
    /// taken when that exists.
    func sourceFiles(forTarget target: String, in directory: String, project: Project) -> [String] {
        guard let base = RepoPath.normalize(RepoPath.join(directory, target)) else { return [] }
        var stem = base
        for declaration in [".d.ts", ".d.mts", ".d.cts"] where base.hasSuffix(declaration) {
            stem = String(base.dropLast(declaration.count))
        }
        if stem == base {
            let found = candidates(base, project: project)
            if !found.isEmpty { return found }
        }
        let relative = directory.isEmpty ? stem : String(stem.dropFirst(directory.count + 1))
        var segments = relative.split(separator: "/").map(String.init)
        guard segments.count > 1, Self.buildOutputDirectories.contains(segments[0]) else {
            return stem == base ? [] : candidates(stem, project: project)
        }
        segments.removeFirst()
        if segments.count > 1, Self.buildFormatDirectories.contains(segments[0]) { segments.removeFirst() }
        let rest = segments.joined(separator: "/")
        for source in [RepoPath.join(directory, "src/" + rest), RepoPath.join(directory, rest)] {
            let found = candidates(source, project: project)
            if !found.isEmpty { return found }
        }
        return []
    }

    private static let buildOutputDirectories: Set<String> = ["dist", "build", "out", "lib", "esm", "cjs"]
    /// The per-format directory a build writes under its output (`dist/esm/index.js`, `dist/types/index.d.ts`).
    private static let buildFormatDirectories: Set<String> = ["esm", "cjs", "es", "mjs", "module", "commonjs", "types", "node"]

    /// A workspace package's files for a subpath (`.`, `./server`), as its manifest maps it; none when it maps none
    /// that exists.
    func declaredEntryFiles(ofPackageIn directory: String, subpath: String, project: Project) -> [String] {
        guard let manifest = manifest(inDirectory: directory, project: project) else { return [] }
        for path in manifest.entryPaths(for: subpath) {
            let found = sourceFiles(forTarget: path, in: directory, project: project)
            if !found.isEmpty { return found }
        }
        return []
    }

    /// A `#` specifier (`#ai`, `#lib/ai.js`) by the `imports` of the importing package's manifest, its nearest.
    func packageImportFiles(_ module: String, packageRoot root: String, project: Project) -> [String] {
        guard let imports = manifest(inDirectory: root, project: project)?.imports else { return [] }
        for path in imports.paths(for: module) {
            let found = sourceFiles(forTarget: path, in: root, project: project)
            if !found.isEmpty { return found }
        }
        return []
    }
}

// MARK: tsconfig

extension TypeScriptResolver {
    /// The `paths` in effect for a tsconfig, made repository-relative, `baseUrl` as `*`. `paths` and `baseUrl` are
    /// inherited through `extends` (a relative file, or a workspace package's: `@acme/tsconfig/base.json`), each
    /// from the nearest config that sets it; `paths` are relative to `baseUrl` when one is set, else to the config
    /// that declares them.
    func compilerPaths(_ config: String, project: Project) -> [(String, [String])] {
        var pathsDeclared: (paths: [String: Any], directory: String)?
        var baseUrl: String?
        var visited: Set<String> = []
        func read(_ config: String) {
            guard visited.count < 8, visited.insert(config).inserted, let json = project.json(at: config) else { return }
            let directory = RepoPath.directory(of: config)
            let options = json["compilerOptions"] as? [String: Any] ?? [:]
            if pathsDeclared == nil, let paths = options["paths"] as? [String: Any] { pathsDeclared = (paths, directory) }
            if baseUrl == nil, let declared = options["baseUrl"] as? String {
                baseUrl = RepoPath.normalize(RepoPath.join(directory, declared)) ?? directory
            }
            // With several (TypeScript 5), a later one overrides an earlier one: the last is nearest.
            let parents = (json["extends"] as? String).map { [$0] } ?? json["extends"] as? [String] ?? []
            for parent in parents.reversed() {
                if let file = extendedConfig(parent, from: directory, project: project) { read(file) }
            }
        }
        read(config)
        var result: [(String, [String])] = []
        if let (paths, directory) = pathsDeclared {
            let root = baseUrl ?? directory
            for (pattern, targets) in paths.sorted(by: { $0.key.count > $1.key.count }) {
                result.append((pattern, (targets as? [String] ?? []).map { RepoPath.join(root, $0) }))
            }
        }
        if let baseUrl { result.append(("*", [RepoPath.join(baseUrl, "*")])) }
        return result
    }

    /// The file an `extends` names: relative to the config (`.json` may be left off), or in a workspace package
    /// (`@acme/tsconfig/base.json`, or the package's own tsconfig.json). Packages installed under node_modules are
    /// not in the tree.
    private func extendedConfig(_ specifier: String, from directory: String, project: Project) -> String? {
        var candidates: [String] = []
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") {
            guard let path = RepoPath.normalize(RepoPath.join(directory, specifier)) else { return nil }
            candidates = [path, path + ".json"]
        } else {
            for package in workspacePackages(project) where specifier == package.name || specifier.hasPrefix(package.name + "/") {
                let rest = specifier.dropFirst(package.name.count).drop { $0 == "/" }
                let path = RepoPath.join(package.directory, rest.isEmpty ? "tsconfig.json" : String(rest))
                candidates += [path, path + ".json"]
            }
        }
        return candidates.first(where: project.exists)
    }
}

// MARK: Deno

extension TypeScriptResolver {
    /// The nearest deno.json or deno.jsonc at or above `directory`, "" when none; once per directory.
    func denoConfigFile(inOrAbove directory: String, project: Project) -> String {
        nearestConfig(["deno.json", "deno.jsonc"], kind: "deno-config", inOrAbove: directory, project: project)
    }

    /// A Deno import map's entries that name files of the tree (`"$lib/ai": "./lib/ai.ts"`, `"services/": "./src/"`),
    /// made repository-relative, longest key first: the config's own `imports`, or the file its `importMap` names.
    /// `npm:`, `jsr:` and URL targets are packages, not the project's code.
    func denoImportMap(_ config: String, project: Project) -> [(key: String, target: String)] {
        project.configuration("deno-imports:" + config) {
            guard let json = project.json(at: config) else { return [] }
            var map = json["imports"] as? [String: Any]
            var directory = RepoPath.directory(of: config)
            if map == nil, let file = json["importMap"] as? String,
               let path = RepoPath.normalize(RepoPath.join(directory, file)), let imported = project.json(at: path)
            {
                map = imported["imports"] as? [String: Any]
                directory = RepoPath.directory(of: path)
            }
            return (map ?? [:]).compactMap { key, value -> (key: String, target: String)? in
                guard let target = value as? String, target.hasPrefix("./") || target.hasPrefix("../"),
                      let path = RepoPath.normalize(RepoPath.join(directory, target))
                else { return nil }
                return (key, target.hasSuffix("/") ? path + "/" : path)
            }.sorted { $0.key.count > $1.key.count }
        }
    }

    /// A specifier by a Deno import map: an exact key, else the longest key ending in `/` it starts with.
    func denoImportFiles(_ module: String, config: String, project: Project) -> [String] {
        for (key, target) in denoImportMap(config, project: project) {
            let path: String
            if key == module {
                path = target
            } else if key.hasSuffix("/"), module.hasPrefix(key), target.hasSuffix("/") {
                path = target + module.dropFirst(key.count)
            } else {
                continue
            }
            guard let normalized = RepoPath.normalize(path) else { continue }
            let found = candidates(normalized, project: project)
            if !found.isEmpty { return found }
        }
        return []
    }
}

// MARK: Bare specifiers of the project's own code

/// The bare specifiers (no `./`, `@`, `~/`, `#`) that may name a project's own files from one directory: the keys
/// of tsconfig `paths` and of a Deno import map, unscoped workspace package names, and, under a `baseUrl`, the
/// names of what lies in that directory (`lib` for `lib/ai`). A file quoting none of those or a local specifier
/// calls no code of the project's.
struct LocalBareSpecifiers: Sendable {
    /// Specifiers that name project code themselves or as a `/`-separated prefix (`shared`, `shared/llm`).
    var names: Set<String> = []
    /// Prefixes a specifier may start with (`lib/` of `lib/*`, `services/` of a Deno prefix key).
    var prefixes: [String] = []

    var isEmpty: Bool { names.isEmpty && prefixes.isEmpty }

    func contains(_ module: String) -> Bool {
        if prefixes.contains(where: module.hasPrefix) { return true }
        let head = module.split(separator: "/", maxSplits: 1).first.map(String.init) ?? module
        if names.contains(module) || names.contains(head) { return true }
        // `services/ai.ts` under a `baseUrl` holding services.ts: the file's name without its extension.
        if let dot = head.lastIndex(of: "."), names.contains(String(head[..<dot])) { return true }
        return false
    }
}

extension TypeScriptResolver {
    /// Whether a file's bytes import a bare specifier that the configuration in effect for it maps to the project's
    /// files. Asked only of files quoting no relative or aliased specifier; most projects map none, which costs a
    /// lookup per directory.
    func importsLocalBareSpecifier(_ bytes: [UInt8], path: String, project: Project) -> Bool {
        let directory = RepoPath.directory(of: path)
        let config = tsconfigFile(inOrAbove: directory, project: project)
        let root = packageRoot(inOrAbove: directory, project: project)
        let deno = denoConfigFile(inOrAbove: directory, project: project)
        let local = project.configuration("ts-local-bare:\(config)\u{0}\(root)\u{0}\(deno)") {
            localBareSpecifiers(config: config, denoConfig: deno, project: project)
        }
        guard !local.isEmpty else { return false }
        var found = false
        _ = visitImportedModules(inBytes: bytes) { module in
            found = local.contains(module)
            return !found
        }
        return found
    }

    private func localBareSpecifiers(config: String, denoConfig: String, project: Project) -> LocalBareSpecifiers {
        var local = LocalBareSpecifiers()
        func add(key: String) {
            guard !Self.quotedAsLocal(key) else { return }
            if let star = key.firstIndex(of: "*") {
                let prefix = String(key[..<star])
                if prefix.isEmpty { return }
                local.prefixes.append(prefix)
            } else if key.hasSuffix("/") {
                local.prefixes.append(key)
            } else {
                local.names.insert(key)
            }
        }
        if !denoConfig.isEmpty {
            for entry in denoImportMap(denoConfig, project: project) { add(key: entry.key) }
        }
        if !config.isEmpty {
            let paths = project.configuration("tsconfig:" + config) { compilerPaths(config, project: project) }
            for (pattern, targets) in paths {
                if pattern == "*" {
                    // A `baseUrl`: whatever lies in it may be imported by its path.
                    for target in targets {
                        let base = RepoPath.directory(of: target)
                        for file in base.isEmpty ? project.paths[...] : project.paths(under: base) {
                            let relative = file.utf8.dropFirst(base.isEmpty ? 0 : base.utf8.count + 1)
                            guard let head = relative.split(separator: UInt8(ascii: "/"), maxSplits: 1).first else { continue }
                            var name = String(decoding: head, as: UTF8.self)
                            if head.count == relative.count, let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
                            local.names.insert(name)
                        }
                    }
                } else {
                    add(key: pattern)
                }
            }
        }
        for package in workspacePackages(project) { add(key: package.name) }
        return local
    }

    /// Whether `quotesLocalSpecifier` already catches a specifier starting so (`@`, `~/`, `#`, `$lib`, `./`).
    private static func quotedAsLocal(_ key: String) -> Bool {
        ["./", "../", "@", "~/", "~~/", "#", "$lib"].contains(where: key.hasPrefix)
    }
}
