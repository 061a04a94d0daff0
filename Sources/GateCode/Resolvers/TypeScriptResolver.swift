import GateCore

/// TypeScript and JavaScript: ES imports and `require`, relative paths and `index` files, tsconfig
/// `baseUrl`/`paths` (through `extends`), workspace packages by their package.json name and entry points (`exports`,
/// `main`), a package's `#` imports, and Deno import maps (JavaScriptModuleMaps.swift).
struct TypeScriptResolver: LanguageResolver {
    var resolvesOnlyThroughImports: Bool { true }

    static let extensions = [".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"]

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        let tokens = lexed.tokens
        // Namespaces imported for their types only (`import type * as activities from "./activities"`): no binding of
        // their own, but Temporal's `proxyActivities<typeof activities>` makes their functions callable.
        var typeNamespaces: [String: String] = [:]
        for index in lexed.indices(ofWords: ["import", "export"]) {
            guard !lexed.token(index + 1, isPunctuation: Byte.openParen), !lexed.token(index - 1, isPunctuation: Byte.dot),
                  let moduleToken = lexed.nextString(from: index + 1),
                  lexed.token(moduleToken - 1, is: "from") || moduleToken == index + 1
            else { continue }
            let module = lexed.text(moduleToken)
            let isExport = lexed.token(index, is: "export")
            var cursor = index + 1
            if lexed.token(cursor, is: "type") {
                if lexed.token(cursor + 1, isPunctuation: Byte.star), lexed.token(cursor + 2, is: "as"), lexed.isIdentifier(cursor + 3) {
                    typeNamespaces[lexed.text(cursor + 3)] = module
                }
                continue
            }
            while cursor < moduleToken {
                if lexed.token(cursor, isPunctuation: Byte.star), lexed.token(cursor + 1, is: "as"), lexed.isIdentifier(cursor + 2) {
                    result.append(ImportBinding(local: lexed.text(cursor + 2), module: module, member: nil))
                    cursor += 3
                } else if lexed.token(cursor, isPunctuation: Byte.openBrace) {
                    let close = lexed.partner[cursor] > cursor ? lexed.partner[cursor] : moduleToken
                    var item = cursor + 1
                    while item < close {
                        if lexed.isIdentifier(item), !lexed.token(item, is: "type") {
                            var local = lexed.text(item)
                            let member = local
                            if lexed.token(item + 1, is: "as"), lexed.isIdentifier(item + 2) {
                                local = lexed.text(item + 2)
                                item += 2
                            }
                            result.append(ImportBinding(local: local, module: module, member: member))
                        }
                        item += 1
                    }
                    cursor = close + 1
                } else if !isExport, lexed.isIdentifier(cursor), !lexed.token(cursor, is: "from") {
                    result.append(ImportBinding(local: lexed.text(cursor), module: module, member: "default"))
                    cursor += 1
                } else {
                    cursor += 1
                }
            }
        }
        // const x = require("m"); const { a, b: c } = require("m"); and a module imported where it is needed,
        // `const { summarize } = await import("./lib/ai")`.
        for index in lexed.indices(ofWords: ["require", "import"]) {
            let dynamic = lexed.token(index, is: "import")
            let equals = dynamic ? index - 2 : index - 1
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), tokens.indices.contains(index + 2),
                  tokens[index + 2].kind == .string, !dynamic || lexed.token(index - 1, is: "await"),
                  lexed.token(equals, isPunctuation: Byte.equals)
            else { continue }
            let module = lexed.text(index + 2)
            let bound = equals - 1
            if lexed.isIdentifier(bound) {
                result.append(ImportBinding(local: lexed.text(bound), module: module, member: nil))
            } else if lexed.token(bound, isPunctuation: Byte.closeBrace), lexed.partner[bound] >= 0 {
                var item = lexed.partner[bound] + 1
                while item < bound {
                    if lexed.isIdentifier(item) {
                        var local = lexed.text(item)
                        let member = local
                        if lexed.token(item + 1, isPunctuation: Byte.colon), lexed.isIdentifier(item + 2) {
                            local = lexed.text(item + 2)
                            item += 2
                        }
                        result.append(ImportBinding(local: local, module: module, member: member))
                    }
                    item += 1
                }
            }
        }
        if !typeNamespaces.isEmpty || result.contains(where: { $0.member == nil }) {
            result += Self.temporalActivityBindings(in: lexed, namespaces: result.reduce(into: typeNamespaces) { namespaces, binding in
                if binding.member == nil { namespaces[binding.local] = binding.module }
            })
        }
        return result
    }

    /// Every string that follows `from`, `import`, `require(` or `import(`, read from the bytes: a superset of
    /// the modules `imports(in:)` and `reexports(in:)` find in tokens (a comment or string may add one), for
    /// deciding without lexing whether a file can reach other files' code. The bytes after the module `visit`
    /// stops at are not read.
    func visitImportedModules(inBytes bytes: [UInt8], _ visit: (String) -> Bool) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            while let keywordEnd = Self.nextImportKeywordEnd(in: bytes, from: index) {
                index = keywordEnd
                guard let quote = Self.specifierQuote(afterKeywordEndingAt: keywordEnd, in: bytes) else { continue }
                let byte = bytes[quote]
                var end = quote + 1
                while end < bytes.count, end - quote < 512, bytes[end] != byte, bytes[end] != Byte.newline { end += 1 }
                guard end < bytes.count, bytes[end] == byte else { continue }
                if !visit(String(decoding: bytes[(quote + 1)..<end], as: UTF8.self)) { break }
            }
            return true
        }
    }

    /// Where the first `from`, `import` or `require` at or after `start` that is no other word's end ends. Most
    /// files are components whose markup is full of quotes, and few of their bytes start one of the three words:
    /// sixteen offsets are tested at once on each word's first and last bytes, and only where both agree is the
    /// rest compared. A word inside a comment or a string counts too: what `visit` is given is a superset.
    static func nextImportKeywordEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        func keyword(at offset: Int) -> Int? {
            for word in importKeywords where offset + word.count <= bytes.count {
                guard bytes[offset] == word[0], bytes[offset + word.count - 1] == word[word.count - 1] else { continue }
                var matched = true
                for index in 1..<(word.count - 1) where bytes[offset + index] != word[index] {
                    matched = false
                    break
                }
                if matched, offset == 0 || !Byte.isIdentifierPart(bytes[offset - 1]) { return offset + word.count }
            }
            return nil
        }
        var offset = max(start, 0)
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            func splat(_ byte: UInt8) -> SIMD16<UInt8> { SIMD16(repeating: byte) }
            let (f, m, i, t, r, e) = (
                splat(UInt8(ascii: "f")), splat(UInt8(ascii: "m")), splat(UInt8(ascii: "i")), splat(UInt8(ascii: "t")),
                splat(UInt8(ascii: "r")), splat(UInt8(ascii: "e"))
            )
            // The last byte of `require` is six on from its first, of `import` five, of `from` three.
            while offset + 6 + 16 <= bytes.count {
                func at(_ shift: Int) -> SIMD16<UInt8> { raw.loadUnaligned(fromByteOffset: offset + shift, as: SIMD16<UInt8>.self) }
                let first = at(0)
                let candidates = ((first .== f) .& (at(3) .== m)) .| ((first .== i) .& (at(5) .== t))
                    .| ((first .== r) .& (at(6) .== e))
                // Most blocks answer nowhere: tested as two words first (`any` reduces through a generic call per block).
                let lanes = unsafeBitCast(candidates, to: SIMD2<UInt64>.self)
                if lanes[0] | lanes[1] != 0 {
                    for lane in AnsweringLanes(candidates) {
                        if let end = keyword(at: offset + lane) { return end }
                    }
                }
                offset += 16
            }
        }
        while offset < bytes.count {
            if let end = keyword(at: offset) { return end }
            offset += 1
        }
        return nil
    }

    private static let importKeywords: [[UInt8]] = ["from", "import", "require"].map { Array($0.utf8) }

    /// The quote opening the specifier of `from "…"`, `import "…"`, `require("…")` or `import("…")` after such a
    /// word ending at `keywordEnd`, with any white space between, or nil.
    private static func specifierQuote(afterKeywordEndingAt keywordEnd: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var cursor = keywordEnd
        func skipSpace() {
            while cursor < bytes.count, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab
                || bytes[cursor] == Byte.newline || bytes[cursor] == Byte.carriageReturn
            {
                cursor += 1
            }
        }
        skipSpace()
        if cursor < bytes.count, bytes[cursor] == Byte.openParen {
            cursor += 1
            skipSpace()
        }
        guard cursor < bytes.count else { return nil }
        let byte = bytes[cursor]
        return byte == Byte.quote || byte == Byte.apostrophe || byte == Byte.backtick ? cursor : nil
    }

    func reexports(in lexed: LexedSource) -> [String] {
        lexed.indices(ofWords: ["export"]).compactMap { index in
            guard lexed.token(index + 1, isPunctuation: Byte.star),
                  lexed.token(index + 2, is: "from"), lexed.tokens.indices.contains(index + 3),
                  lexed.tokens[index + 3].kind == .string
            else { return nil }
            return lexed.text(index + 3)
        }
    }

    /// Nuxt and Nitro import what `server/utils/*` exports into every file of `server/` without an import statement:
    /// those files, for a file of an app whose root has a `nuxt.config` or `nitro.config`.
    func siblingFiles(of path: String, project: Project) -> [String] {
        // Asked of every file a change's imports are resolved from: compared in place, not through Foundation's or
        // the generic collection search (each call of either costs thousands of instructions).
        guard path.hasPrefix("server/") || PathBytes.with(path, { $0.contains(lowercased: "/server/") }) else { return [] }
        let segments = path.split(separator: "/")
        guard let server = segments.firstIndex(of: "server") else { return [] }
        let root = segments[..<server].map { $0 + "/" }.joined()
        let utilities = project.configuration("nitro-auto-imports:" + root) { () -> [String] in
            let configs = ["nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs", "nitro.config.ts", "nitro.config.js"]
            guard configs.contains(where: { project.exists(root + $0) }) else { return [] }
            return project.files(inDirectory: root + "server/utils").filter { file in Self.extensions.contains(where: file.hasSuffix) }
        }
        return utilities.filter { $0 != path }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        if module.hasPrefix("./") || module.hasPrefix("../") {
            guard let base = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: path), module)) else { return [] }
            return candidates(base, project: project)
        }
        // A bare specifier (`@/lib/ai`, `@acme/llm`) resolves alike from every directory under the same tsconfig and
        // package.json: an app's hundreds of route directories import the same few, so each is resolved once.
        let config = tsconfigFile(for: path, project: project)
        let root = packageRoot(for: path, project: project)
        let deno = denoConfigFile(inOrAbove: RepoPath.directory(of: path), project: project)
        return project.configuration("ts-bare:\(config)\u{0}\(root)\u{0}\(deno)\u{0}\(module)") {
            bareModuleFiles(module, config: config, packageRoot: root, denoConfig: deno, project: project)
        }
    }

    private func bareModuleFiles(
        _ module: String, config: String, packageRoot root: String, denoConfig: String, project: Project
    ) -> [String] {
        // A package's private imports (`#ai`, `#lib/*`) are its manifest's (a tsconfig may map `#/*` too).
        if module.hasPrefix("#") {
            let found = packageImportFiles(module, packageRoot: root, project: project)
            if !found.isEmpty { return found }
        }
        if !denoConfig.isEmpty {
            let found = denoImportFiles(module, config: denoConfig, project: project)
            if !found.isEmpty { return found }
        }
        let paths = config.isEmpty ? [] : project.configuration("tsconfig:" + config) {
            compilerPaths(config, project: project)
        }
        for (pattern, targets) in paths {
            let substituted: String?
            if let star = pattern.firstIndex(of: "*") {
                let prefix = String(pattern[..<star])
                let suffix = String(pattern[pattern.index(after: star)...])
                substituted = module.hasPrefix(prefix) && module.hasSuffix(suffix) && module.count >= prefix.count + suffix.count
                    ? String(module.dropFirst(prefix.count).dropLast(suffix.count)) : nil
            } else {
                substituted = pattern == module ? "" : nil
            }
            guard let substituted else { continue }
            for target in targets {
                let replaced = target.replacingOccurrences(of: "*", with: substituted)
                if let base = RepoPath.normalize(replaced) {
                    let found = candidates(base, project: project)
                    if !found.isEmpty { return found }
                }
            }
        }
        for (name, directory) in workspacePackages(project) where module == name || module.hasPrefix(name + "/") {
            let rest = String(module.dropFirst(name.count))
            // Where its manifest says (`main`, `exports` and its subpaths), else where packages usually keep it.
            let declared = declaredEntryFiles(ofPackageIn: directory, subpath: "." + rest, project: project)
            if !declared.isEmpty { return declared }
            if rest.isEmpty {
                for entry in ["src/index", "index", "lib/index", "src/main"] {
                    let found = candidates(RepoPath.join(directory, entry), project: project)
                    if !found.isEmpty { return found }
                }
            } else {
                let found = candidates(RepoPath.join(directory, String(rest.dropFirst())), project: project)
                    + candidates(RepoPath.join(directory, "src" + rest), project: project)
                if !found.isEmpty { return found }
            }
        }
        // Aliases a bundler sets outside tsconfig (Vite's and Vue CLI's `@` for src/, Nuxt's `~` and `@` for its
        // source directory, app/ since Nuxt 4; plain-JS Next.js apps copied without their jsconfig): under the
        // importing app's root (its nearest package.json), src/ first, then the root itself, then app/. Only files
        // that exist are taken.
        // SvelteKit's `$lib` (src/lib), set in the generated .svelte-kit/tsconfig.json that is never committed; Nuxt's
        // `~~` and `@@`, the app's root directory.
        if module == "$lib" || module.hasPrefix("$lib/") {
            if let base = RepoPath.normalize(RepoPath.join(root, "src/lib" + module.dropFirst(4))) {
                let found = candidates(base, project: project)
                if !found.isEmpty { return found }
            }
        }
        for alias in ["~~/", "@@/"] where module.hasPrefix(alias) {
            if let base = RepoPath.normalize(RepoPath.join(root, String(module.dropFirst(alias.count)))) {
                let found = candidates(base, project: project)
                if !found.isEmpty { return found }
            }
        }
        for alias in ["@/", "~/"] where module.hasPrefix(alias) {
            let rest = String(module.dropFirst(alias.count))
            for base in [RepoPath.join(root, "src/" + rest), RepoPath.join(root, rest), RepoPath.join(root, "app/" + rest)] {
                guard let normalized = RepoPath.normalize(base) else { continue }
                let found = candidates(normalized, project: project)
                if !found.isEmpty { return found }
            }
        }
        return []
    }

    /// The directory of the nearest package.json at or above the file's, "" (the repository root) when none.
    private func packageRoot(for path: String, project: Project) -> String {
        packageRoot(inOrAbove: RepoPath.directory(of: path), project: project)
    }

    /// Remembered per directory, each from its parent's answer: an app's hundreds of directories share their
    /// ancestors, which are then probed once rather than once per directory below them.
    func packageRoot(inOrAbove directory: String, project: Project) -> String {
        project.configuration("package-root-for:" + directory) {
            if directory.isEmpty { return "" }
            if project.exists(RepoPath.join(directory, "package.json")) { return directory }
            return packageRoot(inOrAbove: RepoPath.directory(of: directory), project: project)
        }
    }

    /// `base.ts`, `base` itself, `base/index.ts`; `./ai.js` written for ESM also finds `ai.ts`.
    func candidates(_ base: String, project: Project) -> [String] {
        if project.exists(base), Self.extensions.contains(where: base.hasSuffix) {
            return [base]
        }
        for written in [".js", ".mjs", ".cjs", ".jsx"] where base.hasSuffix(written) {
            let stem = String(base.dropLast(written.count))
            let found = existing(stem, extensions: Self.extensions, project: project)
            if !found.isEmpty { return Array(found.prefix(1)) }
        }
        let direct = existing(base, extensions: Self.extensions, project: project)
        if !direct.isEmpty { return Array(direct.prefix(1)) }
        return Array(existing(base + "/index", extensions: Self.extensions, project: project).prefix(1))
    }

    /// The nearest tsconfig.json (or jsconfig.json) at or above the file's directory, "" when none; its `paths`
    /// are read by `readPaths`.
    private func tsconfigFile(for path: String, project: Project) -> String {
        tsconfigFile(inOrAbove: RepoPath.directory(of: path), project: project)
    }

    /// Once per directory (every import of every file there asks), each from its parent's answer, so shared
    /// ancestors are probed once.
    func tsconfigFile(inOrAbove directory: String, project: Project) -> String {
        nearestConfig(["tsconfig.json", "jsconfig.json"], kind: "tsconfig", inOrAbove: directory, project: project)
    }

    /// The nearest file of one of `names` at or above `directory`, "" when none; remembered per directory and kind.
    func nearestConfig(_ names: [String], kind: String, inOrAbove directory: String, project: Project) -> String {
        project.configuration(kind + "-for:" + directory) {
            for name in names {
                let config = RepoPath.join(directory, name)
                if project.exists(config) { return config }
            }
            if directory.isEmpty { return "" }
            return nearestConfig(names, kind: kind, inOrAbove: RepoPath.directory(of: directory), project: project)
        }
    }

    /// Workspace packages: every package.json outside node_modules, by its `name`.
    func workspacePackages(_ project: Project) -> [(name: String, directory: String)] {
        project.configuration("js-workspaces") {
            project.paths(endingWith: "/package.json").filter { !$0.contains("node_modules/") }.compactMap { path in
                let directory = RepoPath.directory(of: path)
                guard let name = manifest(inDirectory: directory, project: project)?.name else { return nil }
                return (name, directory)
            }
        }
    }
}

extension TypeScriptResolver {
    private static let proxyWord = Array("activities<".utf8)

    /// Temporal's workflow functions call activities through a proxy typed by their module:
    /// `const { summarize, store: save } = proxyActivities<typeof activities>({ … })` with `activities` a namespace
    /// import of `./activities`; each name destructured is that module's function of the same name.
    static func temporalActivityBindings(in lexed: LexedSource, namespaces: [String: String]) -> [ImportBinding] {
        guard !namespaces.isEmpty, ByteSearch.containsFolded(lexed.bytes, proxyWord) else { return [] }
        var result: [ImportBinding] = []
        for proxy in lexed.tokens.indices where lexed.token(proxy, is: "proxyActivities") || lexed.token(proxy, is: "proxyLocalActivities") {
            // `= proxyActivities<typeof activities>(`: the namespace, and the destructuring before the `=`.
            guard lexed.token(proxy + 1, isPunctuation: Byte.less), lexed.token(proxy + 2, is: "typeof"),
                  lexed.isIdentifier(proxy + 3), let module = namespaces[lexed.text(proxy + 3)],
                  lexed.token(proxy - 1, isPunctuation: Byte.equals), lexed.token(proxy - 2, isPunctuation: Byte.closeBrace),
                  lexed.partner[proxy - 2] >= 0
            else { continue }
            var item = lexed.partner[proxy - 2] + 1
            while item < proxy - 2 {
                if lexed.isIdentifier(item), lexed.token(item - 1, isPunctuation: Byte.openBrace) || lexed.token(item - 1, isPunctuation: Byte.comma) {
                    let member = lexed.text(item)
                    // `store: save` binds `save`.
                    let renamed = lexed.token(item + 1, isPunctuation: Byte.colon) && lexed.isIdentifier(item + 2)
                    result.append(ImportBinding(local: renamed ? lexed.text(item + 2) : member, module: module, member: member))
                    if renamed { item += 2 }
                }
                item += 1
            }
        }
        return result
    }
}
