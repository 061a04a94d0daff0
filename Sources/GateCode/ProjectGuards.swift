import Foundation
import GateCore

extension CodeIndex {
    /// A byte-level test, before lexing, of whether a file may call code of another project file: JavaScript
    /// and TypeScript need a relative, aliased or scoped import; Python an import of a package of the tree or a
    /// relative one. Other languages reach other files without imports (autoloading, packages), so always may.
    public func mayReferenceProjectCode(_ bytes: [UInt8], path: String, language: SourceLanguage) -> Bool {
        switch language {
        case .javascript, .typescript:
            return Self.quotesLocalSpecifier(bytes) || !language.resolver.siblingFiles(of: path, project: project).isEmpty
                || TypeScriptResolver().importsLocalBareSpecifier(bytes, path: path, project: project)
        case .python:
            // A notebook imports in its code cells.
            let bytes = EmbeddedCode.code(of: bytes, language: language)
            if Self.pythonRelativeImport.matches(bytes) || Self.enqueuesByName(bytes) { return true }
            if Self.pythonImportedPackages(bytes).contains(where: isProjectPythonPackage) { return true }
            // A client the app keeps on its state (`request.app.state.llm`), made in a file nothing imports.
            return Self.readsAppState(bytes) && !pythonAppStateClients().isEmpty
        case .ruby:
            return Self.rubyReferences(bytes)
        case .java, .kotlin, .csharp, .swift, .php:
            // A C# partial class calls the methods of its other parts (`ChatController.Model.cs`) by name alone.
            if language == .csharp, Self.csharpPartialClass.matches(bytes) { return true }
            // A plain PHP script pulls its helpers in by path (`require __DIR__ . '/../lib/ai.php'`) or imports a
            // function composer loads (`use function Acme\Ai\complete;`), naming no class of the tree.
            if language == .php, PHPInclusions.functionImport.matches(bytes)
                || PHPInclusions.includedPaths(bytes).contains(where: {
                    !language.resolver.files(forModule: $0, from: path, project: project).isEmpty
                })
            {
                return true
            }
            // Kotlin and Swift call the top-level functions and objects of their package's (module's) other files by
            // name alone (`summarize(text)`, `AiClient.ask(…)` of an `object` in `Ai.kt`); Kotlin imports another
            // package's functions by their lower-case names (`import com.acme.ai.summarize`).
            if language == .kotlin || language == .swift,
               !language.resolver.siblingFiles(of: path, project: project).isEmpty
                || language == .kotlin && Self.kotlinImportsOwnPackageRoot(bytes)
            {
                return true
            }
            // Types reach other files: a type named here whose file the tree has (`LlmService` → `LlmService.java`,
            // `ILlmService` → `LlmService.cs`).
            let stems = typeFileStems(for: language).byHash
            let own = Array(path.utf8.split(separator: UInt8(ascii: "/")).last ?? [])
            func namesTreeFile(_ name: Range<Int>) -> Bool {
                stems[Self.fnv1a(bytes[name])]?.contains { file in
                    file.stem.elementsEqual(bytes[name]) && !(file.stem + file.ext).elementsEqual(own)
                } ?? false
            }
            return Self.anyCapitalisedWord(bytes) { word in
                // The interface convention: `ILlmService` is implemented in LlmService.cs.
                let interface = word.count > 2 && bytes[word.lowerBound] == UInt8(ascii: "I")
                    && Self.isUppercase(bytes[word.lowerBound + 1])
                return namesTreeFile(word) || (interface && namesTreeFile(word.dropFirst()))
            }
        default:
            return true
        }
    }

    static let csharpPartialClass = BytePatterns(["partial class "])

    /// Whether a Kotlin file imports from the first two segments of its own package (`package com.acme.web` and
    /// `import com.acme.ai.summarize`): the project's code, where a function is imported by its own name.
    static func kotlinImportsOwnPackageRoot(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            let keyword = Array("package ".utf8)
            let start = ByteSearch.find(keyword, in: buffer, from: 0)
            guard start != Int.max else { return false }
            let root = start + keyword.count
            var end = root
            var dots = 0
            while end < buffer.count, Byte.isIdentifierPart(buffer[end]) || buffer[end] == Byte.dot {
                if buffer[end] == Byte.dot {
                    dots += 1
                    if dots == 2 { break }
                }
                end += 1
            }
            guard dots > 0 else { return false }
            let rootImport = Array("import ".utf8) + buffer[root..<end] + [Byte.dot]
            return ByteSearch.find(rootImport, in: buffer, from: end) != Int.max
        }
    }

    /// Whether `test` holds for some word of the file that starts with an upper-case letter (not after `$`).
    static func anyCapitalisedWord(_ bytes: [UInt8], _ test: (Range<Int>) -> Bool) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard Byte.isIdentifierStart(byte) else { index += 1; continue }
            var end = index + 1
            while end < bytes.count, Byte.isIdentifierPart(bytes[end]) { end += 1 }
            if Self.isUppercase(byte), index == 0 || bytes[index - 1] != Byte.dollar, test(index..<end) { return true }
            index = end
        }
        return false
    }

    /// The tree's files with one of `extensions`, by a hash of their name without the extension: type names
    /// are looked up here straight from a file's bytes.
    private final class TypeFileStems: Sendable {
        let byHash: [UInt64: [(stem: [UInt8], ext: [UInt8])]]

        init(_ byHash: [UInt64: [(stem: [UInt8], ext: [UInt8])]]) { self.byHash = byHash }
    }

    /// Built once per tree and language group; a class, so asking for it again (for every file) is a reference
    /// cast, not a dictionary's.
    private func typeFileStems(for language: SourceLanguage) -> TypeFileStems {
        // Short keys stay inline in the String: no allocation per file.
        let group = switch language {
        case .java, .kotlin: "stems:jvm"
        case .csharp: "stems:cs"
        case .swift: "stems:swift"
        default: "stems:php"
        }
        return project.configuration(group) {
            let extensions = switch language {
            case .java, .kotlin: [".java", ".kt"]
            case .csharp: [".cs"]
            case .swift: [".swift"]
            default: [".php"]
            }
            var stems: [UInt64: [(stem: [UInt8], ext: [UInt8])]] = [:]
            let suffixes = extensions.map { Array($0.utf8) }
            // Read through the paths' own bytes: the tree's every path is asked, and String's generic suffix and
            // index walks cost thousands of instructions a path.
            func add(_ name: UnsafeBufferPointer<UInt8>) {
                for ext in suffixes where name.count > ext.count && name[name.count - 1] == ext[ext.count - 1]
                    && memcmp(name.baseAddress! + name.count - ext.count, ext, ext.count) == 0
                {
                    let end = name.count - ext.count
                    var start = end
                    while start > 0, name[start - 1] != Byte.slash { start -= 1 }
                    guard start < end else { continue }
                    let stem = Array(name[start..<end])
                    stems[Self.fnv1a(stem[...]), default: []].append((stem, ext))
                }
            }
            for path in project.paths {
                if path.utf8.withContiguousStorageIfAvailable(add) == nil { Array(path.utf8).withUnsafeBufferPointer(add) }
            }
            return TypeFileStems(stems)
        }
    }

    private static func isUppercase(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }

    private static func fnv1a(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The top-level package of each `import x.y` / `from x.y import …` line, indented or not, read from the bytes.
    /// Asked of every changed Python file: every import statement holds the word `import`, found sixteen bytes at a
    /// time, and only the lines holding it are read (the first byte after their indentation, `f` or `i`).
    private static let importWord = Array("import".utf8)

    static func pythonImportedPackages(_ bytes: [UInt8]) -> Set<String> {
        var result = Set<String>()
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return }
            /// Whether `keyword` starts at `start`, with at least one byte after it.
            func startsWith(_ keyword: StaticString, at start: Int) -> Bool {
                let length = keyword.utf8CodeUnitCount
                return bytes.count - start > length && memcmp(base + start, keyword.utf8Start, length) == 0
            }
            var searchFrom = 0
            while searchFrom < bytes.count {
                let position = ByteSearch.find(importWord, in: bytes, from: searchFrom)
                guard position < bytes.count else { break }
                var lineStart = position
                while lineStart > 0, bytes[lineStart - 1] != Byte.newline { lineStart -= 1 }
                // Indented too: imports inside a function (made there to break an import cycle), a `try:`, an
                // `if TYPE_CHECKING:` or Temporal's `with workflow.unsafe.imports_passed_through():`.
                while lineStart < position, bytes[lineStart] == Byte.space || bytes[lineStart] == Byte.tab { lineStart += 1 }
                var skip = 0
                if lineStart == position, startsWith("import ", at: lineStart) {
                    skip = 7
                } else if bytes[lineStart] == UInt8(ascii: "f"), startsWith("from ", at: lineStart) {
                    skip = 5
                }
                if skip > 0 {
                    var end = lineStart + skip
                    while end < bytes.count, Byte.isIdentifierPart(bytes[end]) { end += 1 }
                    if end > lineStart + skip {
                        result.insert(String(decoding: UnsafeBufferPointer(rebasing: bytes[(lineStart + skip)..<end]), as: UTF8.self))
                    }
                }
                // The rest of the line holds no other statement's start.
                guard let newline = memchr(base + position, Int32(Byte.newline), bytes.count - position) else { break }
                searchFrom = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
            }
        }
        return result
    }

    /// Ruby reaches other files through constants (`LlmClient.complete`, `Admin::Reports`, `< ApplicationJob`,
    /// `include LlmCalls`) and `require_relative`.
    static func rubyReferences(_ bytes: [UInt8]) -> Bool {
        if BytePatterns(["require_relative"]).matches(bytes) { return true }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let startsWord = index == 0 || !(Byte.isIdentifierPart(bytes[index - 1]) || bytes[index - 1] == Byte.at)
            guard startsWord, byte >= 65, byte <= 90 else { index += 1; continue }
            var end = index + 1
            while end < bytes.count, Byte.isIdentifierPart(bytes[end]) { end += 1 }
            if end < bytes.count, bytes[end] == Byte.dot || bytes[end] == Byte.colon { return true }
            if index >= 2, bytes[index - 1] == Byte.space, bytes[index - 2] == Byte.less { return true }
            // `include LlmCalls`: a module of the tree whose methods become the class's.
            if index >= 8, bytes[(index - 8)..<index].elementsEqual("include ".utf8) { return true }
            index = end
        }
        return false
    }

    /// Whether a quote opens a relative, aliased or scoped specifier (`"./`, `'../`, `"@`, `'~/`, `"#`, or a
    /// backtick then `./`): each quote found by the import reader's quote search, in one pass over the bytes
    /// rather than one per quote kind, which stopped at every quote of the others' kinds too.
    static func quotesLocalSpecifier(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            var index = 0
            while let quote = ByteSearch.nextQuote(in: bytes, from: index) {
                index = quote + 1
                func follows(_ text: StaticString) -> Bool {
                    let count = text.utf8CodeUnitCount
                    guard quote + count < bytes.count else { return false }
                    for offset in 0..<count where bytes[quote + 1 + offset] != text.utf8Start[offset] { return false }
                    return true
                }
                if bytes[quote] == Byte.backtick {
                    if follows("./") { return true }
                } else if follows("./") || follows("../") || follows("@") || follows("~/") || follows("~~/") || follows("#")
                    || follows("$lib")
                {
                    return true
                }
            }
            return false
        }
    }
    private static let pythonRelativeImport = BytePatterns(["from .", "import ."])
}

/// A handful of byte strings searched for in one file.
struct BytePatterns: Sendable {
    /// The patterns grouped by first byte, so each distinct first byte is searched for once.
    private let byFirstByte: [(first: UInt8, patterns: [[UInt8]])]

    init(_ patterns: [String]) {
        var groups: [(first: UInt8, patterns: [[UInt8]])] = []
        for pattern in patterns.map({ Array($0.utf8) }) {
            guard let first = pattern.first else { continue }
            if let index = groups.firstIndex(where: { $0.first == first }) {
                groups[index].patterns.append(pattern)
            } else {
                groups.append((first, [pattern]))
            }
        }
        byFirstByte = groups
    }

    /// Whether any pattern occurs in `bytes`: memchr to each candidate first byte, memcmp for the rest, since
    /// most files hold none and are read through whole once per distinct first byte.
    func matches(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { haystack in
            guard let base = haystack.baseAddress else { return false }
            return byFirstByte.contains { first, patterns in
                let shortest = patterns.map(\.count).min() ?? 0
                guard haystack.count >= shortest else { return false }
                let lastStart = haystack.count - shortest
                var start = 0
                while start <= lastStart {
                    guard let found = memchr(base + start, Int32(first), lastStart - start + 1) else { return false }
                    let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    for pattern in patterns where index + pattern.count <= haystack.count {
                        if memcmp(base + index, pattern, pattern.count) == 0 { return true }
                    }
                    start = index + 1
                }
                return false
            }
        }
    }
}

/// Guards that live outside a handler's file: base classes, Next.js `middleware.ts`, the file that mounts a
/// router, and framework-wide security configuration. Each answer names where the guard is.
extension CodeIndex {
    /// A guard a class inherits: class-level guard declarations of its base classes (`before_action
    /// :authenticate_user!`, `permission_classes = [IsAuthenticated]`, `@PreAuthorize`, `[Authorize]`) or of the
    /// modules it and its bases include (a Rails concern's `included do before_action … end`), or a base whose
    /// name is itself a guard (`LoginRequiredMixin`).
    ///
    /// A Ruby base class that skips the guard it inherits (`skip_before_action :authenticate_user!`, Rails 8's
    /// `allow_unauthenticated_access`) passes on none of the guards above it: an engine's `ApplicationController` that
    /// skips the host's `authenticate_user!` leaves its controllers open. `skipApplies` tells whether a skip starting at
    /// a token applies to the action judged (`only: :create`); without it every skip does.
    public func inheritedGuard(
        ofClass name: String, in facts: FileFacts, depth: Int = 0,
        skipApplies: ((_ declarationStart: Int, _ lexed: LexedSource) -> Bool)? = nil
    ) -> String? {
        guard depth < 5, let container = facts.containers.first(where: { $0.name == name }) else { return nil }
        let resolver = facts.language.resolver
        for (mixin, line) in zip(container.mixins, container.mixinLines) {
            let bare = resolver.lastSegment(of: mixin)
            var defined = false
            for path in typeFiles(mixin, from: facts) {
                guard let module = self.facts(of: path),
                      let moduleContainer = module.containers.first(where: { resolver.lastSegment(of: $0.name) == bare })
                else { continue }
                defined = true
                if hasClassLevelGuard(moduleContainer, in: module, ignoringHeader: true) { return "\(moduleContainer.name) (\(path):\(moduleContainer.line))" }
                if let further = inheritedGuard(ofClass: moduleContainer.name, in: module, depth: depth + 1, skipApplies: skipApplies) {
                    return further
                }
            }
            // A module from a gem (`include Clearance::Controller`) has no file here: its name is all there is.
            if !defined, facts.guardTokens.contains(where: { container.tokens.contains($0) && facts.guardLines[$0] == line }) {
                return "\(mixin) (\(facts.path):\(line))"
            }
        }
        // A C# partial class is one class across its files: another part's attributes (`[Authorize]` above
        // `public partial class ChatController`) and base class are this part's too.
        if depth == 0, facts.language == .csharp {
            for part in csharpPartialParts(of: container.name, besides: facts.path) {
                if hasClassLevelGuard(part.container, in: part.facts) { return "\(part.container.name) (\(part.path):\(part.container.line))" }
                if let further = inheritedGuard(ofClass: part.container.name, in: part.facts, depth: depth + 1, skipApplies: skipApplies) {
                    return further
                }
            }
        }
        guard let superclass = container.superclass else { return nil }
        let bare = resolver.lastSegment(of: superclass)
        for path in typeFiles(superclass, from: facts) {
            guard let base = self.facts(of: path),
                  let baseContainer = base.containers.first(where: { resolver.lastSegment(of: $0.name) == bare }),
                  path != facts.path || baseContainer.line != container.line
            else { continue }
            let skips: (lines: Set<Int>, applies: Bool) = base.language == .ruby
                ? rubyGuardSkips(of: baseContainer, in: base, skipApplies: skipApplies) : ([], false)
            if hasClassLevelGuard(baseContainer, in: base, ignoringLines: skips.lines) {
                return "\(baseContainer.name) (\(path):\(baseContainer.line))"
            }
            if skips.applies { return nil }
            if let further = inheritedGuard(ofClass: baseContainer.name, in: base, depth: depth + 1, skipApplies: skipApplies) {
                return further
            }
        }
        return nil
    }

    /// The lines of a Ruby class's class-level skips (`skip_before_action :authenticate_user!`,
    /// `allow_unauthenticated_access`), which guard nothing themselves, and whether one of a guard applies to the action
    /// judged (a skip of CSRF's `:verify_authenticity_token` is of none). Only a file whose classes declare a skip is
    /// read further than its facts.
    private func rubyGuardSkips(
        of container: ContainerFact, in facts: FileFacts, skipApplies: ((Int, LexedSource) -> Bool)?
    ) -> (lines: Set<Int>, applies: Bool) {
        // Asked for each action of each subclass: the file's bytes are searched once.
        let namesSkip = project.configuration("ruby-guard-skips:" + facts.path) { () -> Bool in
            guard let bytes = project.contents(of: facts.path) else { return false }
            return Self.rubySkipWords.contains { word in bytes.withUnsafeBufferPointer { ByteSearch.find(word, in: $0, from: 0) != Int.max } }
        }
        guard namesSkip, let lexed = lexedFile(facts.path) else { return ([], false) }
        let guardLines = Set(facts.guardLines.values)
        var lines = Set<Int>()
        var applies = false
        for index in container.tokens where lexed.tokens.indices.contains(index) && lexed.tokens[index].firstOnLine
            && (lexed.token(index, is: "skip_before_action") || lexed.token(index, is: "allow_unauthenticated_access"))
            && !facts.definitions.contains(where: { $0.tokens.contains(index) })
        {
            let line = lexed.tokens[index].line
            guard lexed.token(index, is: "allow_unauthenticated_access") || guardLines.contains(line) else { continue }
            // A skip guards nothing, whatever it names; CSRF's check (`:verify_authenticity_token`) refuses no caller.
            lines.insert(line)
            var end = index + 1
            while end < lexed.tokens.count, lexed.tokens[end].line == line { end += 1 }
            if ((index + 1)..<end).contains(where: { lexed.tokens[$0].kind == .identifier && lexed.text($0).hasSuffix("authenticity_token") }) {
                continue
            }
            applies = applies || (skipApplies?(index, lexed) ?? true)
        }
        return (lines, applies)
    }

    private static let rubySkipWords = [Array("skip_before_action".utf8), Array("allow_unauthenticated_access".utf8)]

    /// The files that may define `type` as seen from `facts`: its own, an import's, or the language's lookup.
    func typeFiles(_ type: String, from facts: FileFacts) -> [String] {
        let resolver = facts.language.resolver
        if let unqualified = resolver.rootRelative(type) {
            // `::ApplicationController` written in a class of that name nested in a module (an engine's
            // `module Assistant; class ApplicationController < ::ApplicationController`) is the root one, not that
            // class: the file's own only when it declares it outside any other; imports do not rename it.
            let own = facts.containers.contains { container in
                container.name == unqualified && !facts.containers.contains { other in
                    other.tokens != container.tokens && other.tokens.contains(container.tokens.lowerBound)
                }
            }
            return own ? [facts.path] : resolver.files(forType: type, from: facts.path, project: project)
        }
        let bare = resolver.lastSegment(of: type)
        if facts.containers.contains(where: { $0.name == bare || $0.name == type }) { return [facts.path] }
        if let binding = facts.imports.first(where: { $0.local == bare || $0.local == type }) {
            return modules(binding.module, of: facts)
        }
        return resolver.files(forType: type, from: facts.path, project: project)
    }

    /// A guard declared in a class or module body outside its methods. An `include` is judged by what the
    /// module declares, not by its name: a concern called Authentication may hold only helpers.
    /// A module's header is only its name (`module Authentication`), which declares nothing: `ignoringHeader`.
    private func hasClassLevelGuard(
        _ container: ContainerFact, in facts: FileFacts, ignoringHeader: Bool = false, ignoringLines: Set<Int> = []
    ) -> Bool {
        facts.guardTokens.contains { token in
            guard container.tokens.contains(token), !facts.definitions.contains(where: { $0.tokens.contains(token) }),
                  let line = facts.guardLines[token], !ignoringLines.contains(line)
            else { return false }
            return !container.mixinLines.contains(line) && !(ignoringHeader && line == container.line)
        }
    }

    /// The Next.js middleware that runs for a route file (`app/api/chat/route.ts`, `pages/api/x.ts`) and
    /// guards it: `middleware.ts` at the root or in `src/`, whose `matcher` covers the route (or has none) and
    /// whose auth library protects that route (Clerk protects only what `auth.protect()` is called for).
    public func middlewareGuard(forRouteFile path: String) -> String? {
        // SvelteKit's, Nuxt's, Astro's and Cloudflare Pages' server hooks are their apps' middleware.
        switch serverHooksGuard(forRouteFile: path) {
        case .guarded(let hooks): return hooks
        case .open: return nil
        case .notHooksRoute: break
        }
        guard let route = Self.routePath(of: path) ?? Self.vercelFunctionRoute(of: path) else { return nil }
        // A monorepo's app (`apps/web/app/…`, `apps/web/pages/api/…`) has its middleware beside its routes' folder.
        let root = path.hasPrefix("src/") ? "src/"
            : (Self.prefix(of: path, beforeFirst: "/app/") ?? Self.prefix(of: path, beforeFirst: "/pages/api/")).map { $0 + "/" } ?? ""
        for directory in Set([root, "", "src/"]) {
            for name in ["middleware.ts", "middleware.js", "proxy.ts", "proxy.js"] {
                let candidate = directory + name
                // Read once for all the routes that ask: the routes it guards, when it guards any.
                let coverage = project.configuration("guarding-middleware-coverage:" + candidate) { () -> MiddlewareCoverage? in
                    guard project.exists(candidate), let facts = facts(of: candidate), let bytes = project.contents(of: candidate)
                    else { return nil }
                    let lexed = Lexer.lex(bytes, language: .typescript)
                    switch nextAuthMiddleware(candidate, lexed: lexed, facts: facts) {
                    case .callback(let call):
                        // NextAuth v5 answers each request with what the callback returns: it guards the paths
                        // for which the callback turns the caller away, and only those.
                        let guardCalls = facts.calls.filter { reach(of: $0, in: facts).isGuard }.map(\.token)
                        guard let hook = HookCoverage(lexed, guardTokens: facts.guardTokens + guardCalls, within: call) else { return nil }
                        var coverage = MiddlewareCoverage(lexed)
                        coverage.hook = hook
                        return coverage
                    case .withoutAuthorizedCallback: return nil
                    case .authorizedCallback, .notNextAuth: break
                    }
                    // The auth libraries' own middleware guards with no guard word in the file:
                    // `export { default } from "next-auth/middleware"`, `export default clerkMiddleware()`; so does
                    // a helper it calls (Supabase's `updateSession(request)`, which redirects requests without a user).
                    guard !facts.guardTokens.isEmpty || Self.usesAuthMiddleware(lexed)
                        || facts.calls.contains(where: { reach(of: $0, in: facts).isGuard })
                    else { return nil }
                    return MiddlewareCoverage(lexed)
                }
                if let coverage, coverage.guards(route) { return candidate }
            }
        }
        return nil
    }

    /// The part of `path` before the first occurrence of `marker`, nil when it has none; asked of every route
    /// file, so compared as bytes rather than through Foundation's search.
    static func prefix(of path: String, beforeFirst marker: StaticString) -> String? {
        let utf8 = Array(path.utf8)
        let count = marker.utf8CodeUnitCount
        guard utf8.count >= count else { return nil }
        let needle = UnsafeBufferPointer(start: marker.utf8Start, count: count)
        for start in 0...(utf8.count - count) where utf8[start] == needle[0] && utf8[start..<start + count].elementsEqual(needle) {
            return String(decoding: utf8[..<start], as: UTF8.self)
        }
        return nil
    }

    /// Modules whose middleware authenticates every request it matches (NextAuth, Clerk, Kinde, Auth0, WorkOS), and
    /// NextAuth's `getToken`, which a middleware imports to turn away (or redirect) requests without a session.
    static let authMiddlewareModules: Set<String> = [
        "next-auth/middleware", "next-auth/jwt", "@clerk/nextjs/server", "@clerk/nextjs", "@kinde-oss/kinde-auth-nextjs/middleware",
        "@kinde-oss/kinde-auth-nextjs/server", "@auth0/nextjs-auth0/edge", "@auth0/nextjs-auth0", "@workos-inc/authkit-nextjs",
    ]

    /// Whether a middleware file imports or re-exports an auth library's middleware, or NextAuth v5's `auth`
    /// (`export { auth as middleware } from "@/auth"`).
    static func usesAuthMiddleware(_ lexed: LexedSource) -> Bool {
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .string {
            let module = lexed.text(index)
            if authMiddlewareModules.contains(module) { return true }
            if module == "@/auth" || module == "./auth" || module.hasSuffix("/auth"),
               lexed.tokens.indices.contains(where: { lexed.token($0, is: "auth") }) { return true }
        }
        return false
    }

    /// `app/api/chat/route.ts` → `/api/chat`; `pages/api/embed.js` → `/api/embed`; route groups dropped.
    static func routePath(of path: String) -> String? {
        var parts = path.split(separator: "/").map(String.init)
        if parts.first == "src" { parts.removeFirst() }
        guard let first = parts.first, first == "app" || first == "pages", parts.count >= 2 else {
            if let app = parts.firstIndex(of: "app"), app + 1 < parts.count {
                return routePath(of: parts[app...].joined(separator: "/"))
            }
            if let pages = parts.firstIndex(of: "pages"), pages + 2 < parts.count, parts[pages + 1] == "api" {
                return routePath(of: parts[pages...].joined(separator: "/"))
            }
            return nil
        }
        var segments = Array(parts.dropFirst())
        if first == "app" { segments.removeLast() } else if let last = segments.popLast() {
            let stem = last.split(separator: ".").first.map(String.init) ?? last
            if stem != "index" { segments.append(stem) }
        }
        segments = segments.filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) }
        return "/" + segments.joined(separator: "/")
    }

    /// A Vercel function's route, which Vercel's routing middleware (`middleware.ts` at the root) runs for too:
    /// `api/chat.ts` → `/api/chat`.
    static func vercelFunctionRoute(of path: String) -> String? {
        guard path.hasPrefix("api/"), let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        let route = "/" + path[..<dot]
        return route.hasSuffix("/index") ? String(route.dropLast(6)) : route
    }

    /// The strings of `matcher: "…"` or `matcher: ["…", …]` in a middleware's config.
    static func matcherPatterns(_ lexed: LexedSource) -> [String] {
        for index in lexed.tokens.indices where lexed.token(index, is: "matcher") && lexed.token(index + 1, isPunctuation: Byte.colon) {
            if lexed.tokens.indices.contains(index + 2), lexed.tokens[index + 2].kind == .string { return [lexed.text(index + 2)] }
            guard lexed.token(index + 2, isPunctuation: Byte.openBracket), lexed.partner[index + 2] > index else { continue }
            return ((index + 3)..<lexed.partner[index + 2]).filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
        }
        return []
    }

    /// Whether a Next.js or path-to-regexp route pattern (`/api/:path*`, `/api/webhooks(.*)`,
    /// `/((?!_next|static).*)`, `/(api|trpc)(.*)`) covers a route. A pattern with no parameter or group matches
    /// its path only (`/` is the home page, `/api` is not `/api/chat`).
    static func matcher(_ pattern: String, covers route: String) -> Bool {
        if pattern.hasPrefix("/((?!") {
            // Everything except the listed prefixes.
            let inner = pattern.dropFirst(5).prefix { $0 != ")" }
            let excluded = inner.split(separator: "|").map { "/" + $0.trimmingCharacters(in: CharacterSet(charactersIn: "/\\.")) }
            return !excluded.contains { route.hasPrefix($0) }
        }
        // `/(api|trpc)(.*)`: one pattern per alternative.
        if pattern.hasPrefix("/("), let close = pattern.firstIndex(of: ")"), pattern[..<close].contains("|") {
            let rest = pattern[pattern.index(after: close)...]
            return pattern[pattern.index(pattern.startIndex, offsetBy: 2)..<close].split(separator: "|").contains {
                matcher("/" + $0 + rest, covers: route)
            }
        }
        guard let open = pattern.firstIndex(where: { $0 == ":" || $0 == "(" || $0 == "*" }) else {
            func trimmed(_ path: String) -> Substring { path.count > 1 && path.hasSuffix("/") ? path.dropLast() : path[...] }
            return trimmed(pattern) == trimmed(route)
        }
        var prefix = pattern[..<open]
        if prefix.hasSuffix("/") { prefix.removeLast() }
        return route == prefix || route.hasPrefix(prefix + "/") || prefix.isEmpty
    }

    /// A guard where a router file is mounted: an Express/Koa/Hono entry (`app.use(requireAuth)`,
    /// `app.use("/api", requireAuth, router)`), a FastAPI app (`include_router(router, dependencies=[…])`,
    /// `FastAPI(dependencies=[…])`) that imports the file, or the NestJS app a controller belongs to.
    /// `bytes`: the file's head contents when the caller holds them, so they are not read from the tree again.
    /// `handler`: for a framework that mounts each handler by its name (actix-web's `.service(chat)`), the one asked
    /// about and `handlers`, all of the file's: a guard where another is mounted is that one's.
    /// `registrars`: for a Go route, the file's functions it is registered through (the one around it and those
    /// calling it): only a call of one of them where the file is mounted hands it a router
    /// (`handlers.RegisterAdmin(admin)` guards the admin routes, not those `handlers.RegisterPublic(pub)` registers).
    public func mountGuard(
        forFile path: String, bytes: [UInt8]? = nil, handler: String? = nil, handlers: Set<String> = [],
        registrars: Set<String>? = nil
    ) -> String? {
        var others = handlers
        if let handler {
            others.remove(handler)
            // Mounted in its own file: actix-web's `configure` function beside the handlers
            // (`cfg.service(web::scope("/admin").wrap(auth).service(chat))`).
            if let facts = facts(of: path), let lexed = lexedFile(path),
               let found = MountSite(lexed: lexed, guards: facts.guardTokens, own: [handler], ownFunctions: nil).guardToken()
            {
                return "\(path):\(lineOf(found, in: facts))"
            }
        }
        // A Go route registered through a function its own file calls (`setupRoutes(r)` in `main` after
        // `r.Use(auth)`): the router that call hands over.
        if let registrars, let facts = facts(of: path), let lexed = lexedFile(path),
           let found = MountSite(lexed: lexed, guards: facts.guardTokens, own: registrars, ownFunctions: nil).guardToken()
        {
            return "\(path):\(lineOf(found, in: facts))"
        }
        // Or through a function another file of its Go package calls (`registerRoutes(api)` in main.go after
        // `api := e.Group("/api", authMiddleware)`, or after `e.Use(echojwt.WithConfig(…))`).
        if let registrars, path.hasSuffix(".go"), let found = goPackageMountGuard(of: path, registrars: registrars, depth: 0) {
            return found
        }
        return mountGuard(forFile: path, bytes: bytes, depth: 0, otherHandlers: handler == nil ? [] : others, registrars: registrars)
    }

    /// A guard over the router handed to one of `registrars` (functions of the Go file at `path`) by another file of
    /// its package: where it is called bare (`setupRoutes(e)`), and, a hop or two out, where the function calling it
    /// is called in turn (`main` calling `setupRoutes(e)`, which calls `registerAI(api)`). Only files whose bytes
    /// name a registrar are read.
    private func goPackageMountGuard(of path: String, registrars: Set<String>, depth: Int) -> String? {
        let needles = registrars.map { Array($0.lowercased().utf8) }
        for sibling in goPackageSiblings(of: path) where depth > 0 || sibling != path {
            guard let bytes = project.contents(of: sibling), needles.contains(where: { ByteSearch.containsFolded(bytes, $0) }),
                  let facts = facts(of: sibling), let lexed = lexedFile(sibling)
            else { continue }
            if sibling != path,
               let found = MountSite(lexed: lexed, guards: facts.guardTokens, own: registrars, ownFunctions: nil).guardToken()
            {
                return "\(sibling):\(lineOf(found, in: facts))"
            }
            guard depth < 2 else { continue }
            // The top-level functions of this file that call a registrar: registrars one hop out.
            let functions = facts.definitions.filter { $0.container == nil && !registrars.contains($0.name) }
            let callers = Set(facts.calls.filter { $0.receiver.isEmpty && registrars.contains($0.name) }.compactMap { call in
                functions.first { $0.tokens.contains(call.token) }?.name
            })
            if !callers.isEmpty, let found = goPackageMountGuard(of: sibling, registrars: callers, depth: depth + 1) { return found }
        }
        return nil
    }

    /// A guard over the Rust router a file holds in variable `name` (`let public = Router::new().route(…);`) where the
    /// file hands it on: a layer applied to it or to the router it is nested or merged into after it
    /// (`Router::new().nest("/public", public.layer(GovernorLayer { config }))`, `….nest("/api", api).layer(auth)`).
    public func rustRouterVariableGuard(inFile path: String, variable name: String) -> String? {
        guard let facts = facts(of: path), !facts.guardTokens.isEmpty, let lexed = lexedFile(path),
              let found = MountSite(lexed: lexed, guards: facts.guardTokens, own: [name], ownFunctions: nil).guardToken()
        else { return nil }
        return "\(path):\(lineOf(found, in: facts))"
    }

    /// A Fastify plugin registered before the route file's own plugin whose hook refuses callers (`onRequest`,
    /// `preHandler` or `preValidation` answering 401, verifying a JWT or a session): wrapped in `fastify-plugin`, a
    /// plugin's hooks apply to the instance it is registered on (`app.register(authPlugin)` then
    /// `app.register(chatRoutes)`), so every route registered after it runs them. Unwrapped, they stay inside it.
    public func fastifyPluginGuard(forRouteFile path: String) -> String? {
        guard let language = SourceLanguage(path: path), language.isJavaScriptLike else { return nil }
        if let autoloaded = fastifyAutoloadGuard(forRouteFile: path) { return autoloaded }
        for candidate in mountCandidates(forFile: path, language: language) where candidate != path {
            guard let facts = facts(of: candidate), let lexed = lexedFile(candidate) else { continue }
            let own = Set(facts.imports.filter { modules($0.module, of: facts).contains(path) }.map(\.local))
            guard !own.isEmpty else { continue }
            // `X.register(name…`: the plugin or routes registered there, by their local name.
            func registered(at index: Int) -> String? {
                guard lexed.token(index, is: "register"), lexed.token(index - 1, isPunctuation: Byte.dot),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), index + 2 < lexed.tokens.count,
                      lexed.tokens[index + 2].kind == .identifier
                else { return nil }
                return lexed.text(index + 2)
            }
            guard let mount = lexed.tokens.indices.first(where: { registered(at: $0).map(own.contains) ?? false }) else { continue }
            for index in 0..<mount {
                guard let name = registered(at: index), !own.contains(name) else { continue }
                for binding in facts.imports where binding.local == name {
                    for file in modules(binding.module, of: facts) {
                        if let bytes = project.contents(of: file), Self.isGuardingFastifyPlugin(bytes) { return "\(file) (\(name))" }
                    }
                }
            }
        }
        return nil
    }

    /// Whether the guard a route was found behind (`src/plugins/auth.ts (auth)`, the file first) is a Fastify hook
    /// that hands `route` on before it checks anybody: `addHook("onRequest", async (req, reply) => { if
    /// (req.url.startsWith("/public")) return; await req.jwtVerify(); })` lets `/public/summarize` through, as a
    /// Next.js middleware's early `return NextResponse.next()` does (`HookCoverage.passedThrough`). Read once per file.
    public func hookPassesThrough(_ guardText: String, route: String) -> Bool {
        let file = String(guardText.prefix { $0 != " " && $0 != ":" })
        guard let language = SourceLanguage(path: file), language.isJavaScriptLike else { return false }
        let tests = project.configuration("hook-passed-through:" + file) { () -> [HookCoverage.PathTest] in
            guard let bytes = project.contents(of: file), ByteSearch.containsFolded(bytes, Self.addHookWord),
                  let lexed = lexedFile(file)
            else { return [] }
            return lexed.tokens.indices.flatMap { index -> [HookCoverage.PathTest] in
                guard lexed.token(index, is: "addHook"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                      lexed.partner[index + 1] > index + 1
                else { return [] }
                return HookCoverage.passedThrough(lexed, within: (index + 1)...lexed.partner[index + 1])
            }
        }
        return tests.contains { $0.matches(route) }
    }

    private static let addHookWord = Array("addhook(".utf8)

    /// A route file under a directory that `@fastify/autoload` registers (fastify-cli's layout: `app.js` registering
    /// `AutoLoad` for `plugins/`, then for `routes/`), guarded by a `fastify-plugin`-wrapped plugin of a directory
    /// autoloaded before it. No file imports what is autoloaded, so the mounting files are the app files of the route
    /// file's directory and the directories above it.
    private func fastifyAutoloadGuard(forRouteFile path: String) -> String? {
        // Only in a project that depends on it: the walk below asks for sixteen names in every directory above.
        let usesAutoload = project.configuration("fastify-autoload-dependency") { () -> Bool in
            project.paths(named: "package.json").contains { manifest in
                project.contents(of: manifest).map { bytes in
                    ByteSearch.containsFolded(bytes, Self.autoloadPackageWord)
                        || ByteSearch.containsFolded(bytes, Self.legacyAutoloadPackageWord)
                } == true
            }
        }
        guard usesAutoload else { return nil }
        var directory = RepoPath.directory(of: path)
        while true {
            // Asked for every route file of an app: each app file and plugin directory is read once.
            for name in Self.fastifyAppFiles {
                let app = RepoPath.join(directory, name)
                guard app != path, project.exists(app) else { continue }
                let loaded = project.configuration("fastify-autoload:" + app) { () -> [AutoloadedDirectory] in
                    guard let bytes = project.contents(of: app), ByteSearch.containsFolded(bytes, Self.autoloadWord),
                          let lexed = lexedFile(app)
                    else { return [] }
                    return Self.autoloadedDirectories(in: lexed, appDirectory: directory)
                }
                guard let routes = loaded.firstIndex(where: { path.hasPrefix($0.path + "/") }) else { continue }
                if loaded[routes].autoHooks, let hooks = fastifyAutohooksGuard(forRouteFile: path, loadedFrom: loaded[routes]) {
                    return "\(hooks) (autohooks of \(app))"
                }
                for plugins in loaded[..<routes].map(\.path) {
                    let guarding = project.configuration("fastify-autoload-guard:" + plugins) { () -> String? in
                        project.paths(under: plugins).first { file in
                            SourceLanguage(path: file)?.isJavaScriptLike == true
                                && project.contents(of: file).map(Self.isGuardingFastifyPlugin) == true
                        }
                    }
                    if let guarding { return "\(guarding) (autoloaded by \(app))" }
                }
            }
            if directory.isEmpty { return nil }
            directory = RepoPath.directory(of: directory)
        }
    }

    /// With `autoHooks: true`, `@fastify/autoload` registers a directory's `autohooks` file in the context of that
    /// directory's routes (and with `cascadeHooks: true`, of its subdirectories' too): a request hook in it that refuses
    /// callers guards them. The route file's own directory is asked first, then those above it up to the autoloaded one.
    private func fastifyAutohooksGuard(forRouteFile path: String, loadedFrom root: AutoloadedDirectory) -> String? {
        var directory = RepoPath.directory(of: path)
        var own = true
        while directory == root.path || directory.hasPrefix(root.path + "/") {
            if own || root.cascadeHooks {
                for name in Self.autohooksFiles {
                    let hooks = RepoPath.join(directory, name)
                    let guards = project.configuration("fastify-autohooks-guard:" + hooks) { () -> Bool in
                        project.contents(of: hooks).map(Self.isGuardingFastifyHooks) == true
                    }
                    if guards { return hooks }
                }
            }
            own = false
            directory = RepoPath.directory(of: directory)
        }
        return nil
    }

    private static let autohooksFiles = ["js", "ts", "mjs", "cjs"].map { "autohooks.\($0)" }

    private static let fastifyAppFiles = ["app", "server", "index", "main"].flatMap { name in
        ["js", "ts", "mjs", "cjs"].map { "\(name).\($0)" }
    }
    private static let autoloadWord = Array("autoload".utf8)
    /// `@fastify/autoload`, and its earlier name `fastify-autoload`.
    private static let autoloadPackageWord = Array("fastify/autoload".utf8)
    private static let legacyAutoloadPackageWord = Array("fastify-autoload".utf8)

    /// A directory `@fastify/autoload` loads, with whether it registers `autohooks` files (`autoHooks: true`) and
    /// whether their hooks reach the subdirectories (`cascadeHooks: true`).
    struct AutoloadedDirectory: Sendable, Equatable {
        var path: String
        var autoHooks = false
        var cascadeHooks = false
    }

    /// The directories `X.register(AutoLoad, { dir: path.join(__dirname, "plugins") })` calls load, in the order
    /// they are registered: each `dir` value's last string, relative to the app file's directory.
    static func autoloadedDirectories(in lexed: LexedSource, appDirectory: String) -> [AutoloadedDirectory] {
        var result: [AutoloadedDirectory] = []
        /// `AutoLoad` by a name that says so, or imported in place: `register(import('@fastify/autoload'), …)`,
        /// `register(require('@fastify/autoload'), …)`.
        func namesAutoload(_ plugin: Int) -> Bool {
            guard lexed.isIdentifier(plugin) else { return false }
            if lexed.text(plugin).lowercased().contains("autoload") { return true }
            return (lexed.token(plugin, is: "import") || lexed.token(plugin, is: "require"))
                && lexed.token(plugin + 1, isPunctuation: Byte.openParen) && lexed.tokens.indices.contains(plugin + 2)
                && lexed.tokens[plugin + 2].kind == .string && lexed.text(plugin + 2).lowercased().contains("autoload")
        }
        for index in lexed.tokens.indices where lexed.token(index, is: "register")
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && namesAutoload(index + 2)
        {
            let close = lexed.partner[index + 1]
            guard close > index + 2 else { continue }
            var cursor = index + 3
            while cursor < close, !(lexed.token(cursor, is: "dir") && lexed.token(cursor + 1, isPunctuation: Byte.colon)) {
                cursor += 1
            }
            var directory: String?
            cursor += 2
            // The value runs to the next `,` or `}` of the options object (a call's own commas are inside its parens).
            while cursor < close, !lexed.token(cursor, isPunctuation: Byte.comma), !lexed.token(cursor, isPunctuation: Byte.closeBrace) {
                if lexed.tokens[cursor].kind == .string { directory = lexed.text(cursor) }
                if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
                    for inner in cursor..<lexed.partner[cursor] where lexed.tokens[inner].kind == .string {
                        directory = lexed.text(inner)
                    }
                    cursor = lexed.partner[cursor]
                }
                cursor += 1
            }
            guard let directory, let resolved = RepoPath.normalize(RepoPath.join(appDirectory, directory)), !resolved.isEmpty
            else { continue }
            func option(_ name: StaticString) -> Bool {
                ((index + 3)..<close).contains { option in
                    lexed.token(option, is: name) && lexed.token(option + 1, isPunctuation: Byte.colon) && lexed.token(option + 2, is: "true")
                }
            }
            result.append(AutoloadedDirectory(path: resolved, autoHooks: option("autoHooks"), cascadeHooks: option("cascadeHooks")))
        }
        return result
    }

    /// Whether a module is a `fastify-plugin`-wrapped plugin adding a request hook that refuses callers.
    static func isGuardingFastifyPlugin(_ bytes: [UInt8]) -> Bool {
        ByteSearch.containsFolded(bytes, Array("fastify-plugin".utf8)) && isGuardingFastifyHooks(bytes)
    }

    /// Whether a module adds a request hook that refuses callers (`addHook('onRequest', …)` answering 401, verifying a
    /// JWT or a session).
    static func isGuardingFastifyHooks(_ bytes: [UInt8]) -> Bool {
        func has(_ word: String) -> Bool { ByteSearch.containsFolded(bytes, Array(word.utf8)) }
        return has("addhook(")
            && ["onrequest", "prehandler", "prevalidation"].contains(where: has)
            && ["401", "jwtverify", "unauthorized", "unauthorised", "getsession", "authenticate"].contains(where: has)
    }

    /// `depth`: 1 when asked for a file that mounts the handler's file (`routes/mod.rs` merging `chat::router()`,
    /// itself nested behind a layer in `main.rs`); one such hop is followed.
    private func mountGuard(
        forFile path: String, bytes: [UInt8]?, depth: Int, otherHandlers: Set<String> = [], registrars: Set<String>? = nil
    ) -> String? {
        guard let language = SourceLanguage(path: path) else { return nil }
        if language == .typescript || language == .javascript,
           let global = nestGlobalGuard(forController: path, bytes: bytes)
        {
            return global
        }
        let candidates = mountCandidates(forFile: path, language: language)
        // A FastAPI router included by an app that guards nothing is open through it, whatever another app including
        // it requires (`dependencies=[Depends(verify_user)]`).
        if language.family == .python, depth == 0, includedByOpenFastAPIApp(path, candidates: candidates) { return nil }
        // Nor is a Flask blueprint an app registers without a hook or guard turning callers away, whatever another
        // app's factory requires.
        if language.family == .python, depth == 0, openFlaskRegistration(of: path, candidates: candidates) != nil { return nil }
        // What stands for the file where it is mounted besides its module's names: Swift's types (a target's files
        // import nothing), and for Go, whose imports name whole packages, the file's own functions.
        let declared = language == .swift || language == .go ? facts(of: path) : nil
        let ownTypes = language == .swift ? Set(declared?.containers.map(\.name) ?? []) : []
        var ownFunctions = language == .go ? Set(declared?.definitions.filter { $0.container == nil }.map(\.name) ?? []) : nil
        if let registrars, let all = ownFunctions, !registrars.isDisjoint(with: all) { ownFunctions = registrars.intersection(all) }
        for candidate in candidates where candidate != path {
            guard let facts = facts(of: candidate) else { continue }
            // The project's files a binding names: its module's, or its member's where the member is a submodule
            // (`chat` of `from app.routers import chat`).
            func files(of binding: ImportBinding) -> [String] {
                let files = modules(binding.module, of: facts)
                guard files.isEmpty, let member = binding.member,
                      let module = facts.language.resolver.submodule(binding.module, member: member)
                else { return files }
                return modules(module, of: facts)
            }
            func resolves(_ binding: ImportBinding, to file: String) -> Bool {
                if modules(binding.module, of: facts).contains(file) { return true }
                guard let member = binding.member,
                      let module = facts.language.resolver.submodule(binding.module, member: member)
                else { return false }
                return modules(module, of: facts).contains(file)
            }
            let own = Set(facts.imports.filter { resolves($0, to: path) }.map(\.local)).union(ownTypes)
            // The mounted file's names its members are imported by here (`chat` of `use handlers::{chat}`).
            let importedNames = otherHandlers.isEmpty ? [:] : Dictionary(
                facts.imports.compactMap { binding in
                    binding.member.flatMap { member in modules(binding.module, of: facts).contains(path) ? (binding.local, member) : nil }
                }, uniquingKeysWith: { first, _ in first })
            // Or required where it is mounted: `app.use("/api/ai", auth, require("./routes/ai"))`.
            let requiresOwn = facts.language.isJavaScriptLike && own.isEmpty
                ? lexedFile(candidate).map { inlineRequires(of: path, in: $0, facts: facts) } ?? [] : []
            // Or named by a Rust module path deeper than the names bound here: `routes::chat::router()` under `mod routes;`.
            let pathMentions = facts.language == .rust
                ? lexedFile(candidate).map { rustModuleMentions(of: path, in: facts, lexed: $0) } ?? [] : []
            guard !own.isEmpty || !requiresOwn.isEmpty || !pathMentions.isEmpty, let lexed = lexedFile(candidate) else { continue }
            // A Starlette or FastAPI app including the file's router behind a middleware class that refuses callers
            // (`app.add_middleware(GateKeeper)`), whatever the class is called.
            if facts.language.family == .python, let middleware = starletteMiddlewareClassGuard(inFile: candidate) { return middleware }
            // Names bound to other files of the project: the routers mounted beside this one.
            let others = Set(facts.imports.filter { binding in
                !own.contains(binding.local) && !files(of: binding).isEmpty
            }.map(\.local))
            // Less Passport's `authenticate` with a strategy registered to let everyone through (`app.use("/api",
            // passport.authenticate("open"), api)`); with middleware of the project whose body refuses, whatever its
            // name (`app.use("/admin", isAdmin, adminRouter)`).
            let guardTokens = guardTokensOfMiddleware(facts, lexed: lexed)
            let guards = Set(guardTokens)
            let projectNames = own.union(others)
            var site = MountSite(lexed: lexed, guards: guardTokens, own: own, ownFunctions: ownFunctions)
            site.otherHandlers = otherHandlers
            site.importedNames = importedNames
            site.ownMentions = pathMentions
            if facts.language.family == .python {
                site.flaskHookRefuses = { registration in self.flaskHookRefuses(registration, facts: facts, lexed: lexed) }
            }
            for call in facts.calls where Self.mountCallees.contains(call.name) {
                // The call's arguments, or its line when it has none to read.
                let open = call.token + 1
                let range = lexed.token(open, isPunctuation: Byte.openParen) && lexed.partner[open] > open
                    ? open...lexed.partner[open] : call.token...call.token
                // A module of the project named like a guard is none: `app.include_router(auth.router)` mounts the
                // auth routes, it does not guard the others.
                // Or, whatever its name, a FastAPI dependency that refuses the caller
                // (`include_router(router, dependencies=[Depends(get_api_key)])`, `get_api_key` raising a 403).
                guard let guardToken = guardTokens.first(where: { token in
                          (range.contains(token) || facts.guardLines[token] == call.line) && !lexed.isInStarletteAuthenticationMiddleware(token)
                              && !lexed.isInObjectLiteral(token, within: range)
                              && !(lexed.token(token + 1, isPunctuation: Byte.dot) && projectNames.contains(lexed.text(token)))
                      }) ?? lexed.fastAPIDependencyCalls(in: range).first(where: { call in
                          let reach = reach(of: call, in: facts)
                          return reach.isGuard && !handsEveryoneOn(reach)
                      })?.token
                else { continue }
                // A Fastify plugin registered for the app (`fastify.register(jwt, { secret })`) decorates it; only
                // a rate limiter registered so applies to every route by itself.
                if call.name == "register", facts.language.isJavaScriptLike,
                   !["limit", "throttl"].contains(where: lexed.text(guardToken).lowercased().contains)
                {
                    continue
                }
                // Mounted under a path (`app.use("/api/auth", authRoutes)`), it covers the routes under that path
                // only: not this file's router when it is mounted elsewhere (`app.use("/api/ai", aiRoutes)`).
                // Express, Koa and Hono run middleware in the order it is registered: a `use` after the router's
                // mount (`app.route("/playground", playground); app.use(jwt(…))`) runs after its routes answer.
                if facts.language.isJavaScriptLike, call.name == "use", let mount = Self.mountCall(of: own, in: lexed),
                   mount.upperBound < range.lowerBound
                {
                    continue
                }
                // Hono's and Express's wildcard patterns (`app.use("/api/*", jwt(…))`) cover what lies under their
                // literal start.
                // The file's router mounted by name, or required where it is mounted (`app.use("/api",
                // require("./routes/api"))`, a parent router's `router.use("/ai", require("./ai"))`).
                if let guardPattern = Self.leadingPath(of: range, in: lexed),
                   let ownPath = Self.mountPath(of: own, in: lexed) ?? requiresOwn.lazy.compactMap({ Self.mountPath(enclosing: $0, in: lexed) }).first
                {
                    var guardPath = guardPattern
                    while guardPath.hasSuffix("*") || guardPath.hasSuffix("/") { guardPath.removeLast() }
                    if !guardPath.isEmpty, !(ownPath == guardPath || ownPath.hasPrefix(guardPath + "/")) { continue }
                }
                // A guard mounted with another router (`app.use("/admin", requireAuth, adminRouter)`) is that
                // router's; one mounted with this file's or with no router at all (`app.use(requireAuth)`,
                // `FastAPI(dependencies=[…])`) applies here.
                var mentionsOwn = requiresOwn.contains(where: range.contains) || pathMentions.contains(where: range.contains)
                var mentionsOther = false
                for index in range where lexed.tokens[index].kind == .identifier && !guards.contains(index) {
                    let name = lexed.text(index)
                    if own.contains(name) {
                        if site.namesAnotherHandler(index) { mentionsOther = true } else { mentionsOwn = true }
                    } else if others.contains(name) {
                        mentionsOther = true
                    }
                }
                if mentionsOwn || !mentionsOther { return "\(candidate):\(lineOf(guardToken, in: facts))" }
            }
            if let guardToken = site.guardToken() { return "\(candidate):\(lineOf(guardToken, in: facts))" }
            if depth == 0, site.mentionsOwn(), let outer = mountGuard(forFile: candidate, bytes: nil, depth: 1) { return outer }
        }
        return nil
    }

    /// Whether one of `candidates` includes the Python router file at `path` into a FastAPI app with nothing guarding
    /// it: `app = FastAPI()` and `app.include_router(summarize.router)` in a file that names no guard at all and adds
    /// no middleware class that refuses callers. Read only from files whose bytes say `include_router`.
    private func includedByOpenFastAPIApp(_ path: String, candidates: [String]) -> Bool {
        for candidate in candidates where candidate != path {
            guard let bytes = project.contents(of: candidate), ByteSearch.containsFolded(bytes, Self.includeRouterWord),
                  let facts = facts(of: candidate), facts.guardTokens.isEmpty, let lexed = lexedFile(candidate)
            else { continue }
            let own = namesBound(toFile: path, in: facts)
            guard !own.isEmpty, starletteMiddlewareClassGuard(inFile: candidate) == nil else { continue }
            for call in facts.calls where call.name == "include_router" && call.receiver.count == 1 {
                let open = call.token + 1
                guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open,
                      ((open + 1)..<lexed.partner[open]).contains(where: { lexed.tokens[$0].kind == .identifier && own.contains(lexed.text($0)) })
                else { continue }
                // The receiver is an app the file makes: `app = FastAPI(…)`.
                let app = call.receiver[0]
                if lexed.tokens.indices.contains(where: { index in
                    lexed.token(index, isPunctuation: Byte.equals) && lexed.token(index + 1, is: "FastAPI")
                        && lexed.token(index + 2, isPunctuation: Byte.openParen) && index >= 1 && lexed.text(index - 1) == app
                        && !lexed.token(index - 1, isPunctuation: Byte.equals)
                }) {
                    return true
                }
            }
        }
        return false
    }

    private static let includeRouterWord = Array("include_router".utf8)

    /// The names a Python file's imports bind to the module at `path`, or to a submodule of a package it imports by
    /// name (`from app.api import summarize` for `app/api/summarize.py`).
    private func namesBound(toFile path: String, in facts: FileFacts) -> Set<String> {
        Set(facts.imports.filter { binding in
            if modules(binding.module, of: facts).contains(path) { return true }
            guard let member = binding.member, let module = facts.language.resolver.submodule(binding.module, member: member)
            else { return false }
            return modules(module, of: facts).contains(path)
        }.map(\.local))
    }

    /// Where a Flask app registers the blueprint declared in the file at `path` with no request hook or guard turning
    /// callers away (`internal/app.py:8`) while another app registering it guards it, for the finding to name the
    /// open one; nil otherwise (or for a file of another language).
    public func openFlaskRegistration(ofBlueprintIn path: String) -> String? {
        guard let language = SourceLanguage(path: path), language.family == .python else { return nil }
        let candidates = mountCandidates(forFile: path, language: language)
        guard let open = openFlaskRegistration(of: path, candidates: candidates) else { return nil }
        let guardedElsewhere = candidates.contains { candidate in
            flaskBlueprintSite(of: path, in: candidate).map { $0.site.guardToken() != nil } ?? false
        }
        return guardedElsewhere ? open : nil
    }

    /// Where a Flask app made in one of `candidates` registers the blueprint of the file at `path` with no request
    /// hook or guard turning callers away (`internal_app = Flask(__name__)`, `internal_app.register_blueprint(bp)`).
    private func openFlaskRegistration(of path: String, candidates: [String]) -> String? {
        for candidate in candidates where candidate != path {
            guard let bytes = project.contents(of: candidate), ByteSearch.containsFolded(bytes, Self.registerBlueprintWord),
                  let (site, lexed) = flaskBlueprintSite(of: path, in: candidate),
                  let open = site.openFlaskRegistration()
            else { continue }
            return "\(candidate):\(lexed.tokens[open].line)"
        }
        return nil
    }

    /// The mount site of the Python file at `path` in `candidate`, which imports it (or a module of it by name),
    /// with Flask hooks judged with the project; nil when it imports nothing of it.
    private func flaskBlueprintSite(of path: String, in candidate: String) -> (site: MountSite, lexed: LexedSource)? {
        guard candidate != path, let facts = facts(of: candidate), let lexed = lexedFile(candidate) else { return nil }
        let own = namesBound(toFile: path, in: facts)
        guard !own.isEmpty else { return nil }
        var site = MountSite(lexed: lexed, guards: facts.guardTokens, own: own, ownFunctions: nil)
        site.flaskHookRefuses = { registration in self.flaskHookRefuses(registration, facts: facts, lexed: lexed) }
        return (site, lexed)
    }

    private static let registerBlueprintWord = Array("register_blueprint".utf8)

    /// The `require` tokens of `lexed` whose module is `path` and whose result is used in place, not bound to a name
    /// (`app.use("/api/ai", auth, require("./routes/ai"))`).
    func inlineRequires(of path: String, in lexed: LexedSource, facts: FileFacts) -> [Int] {
        lexed.indices(ofWords: ["require"]).filter { index in
            lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.tokens.indices.contains(index + 2)
                && lexed.tokens[index + 2].kind == .string && !lexed.token(index - 1, isPunctuation: Byte.equals)
                && modules(lexed.text(index + 2), of: facts).contains(path)
        }
    }

    /// The tree's files that may mount routers (`app.ts`, `index.js`, `main.py`, …) with their directories, listed
    /// once: every handler file asks which of them lie in a few directories around it.
    func mountEntryFiles(for language: SourceLanguage) -> [(path: String, directory: String)] {
        let names: [String]
        let key: String
        switch language {
        case .python, .rust, .swift, .go:
            key = "mount-entry-files:\(language)"
            names = switch language {
            // FastAPI's versioned routers (`api/v1/router.py` including the endpoint modules) too.
            case .python: ["main.py", "app.py", "asgi.py", "server.py", "__init__.py", "api.py", "urls.py", "router.py", "routers.py", "routes.py"]
            case .rust: ["main.rs", "lib.rs", "mod.rs", "routes.rs", "router.rs", "app.rs"]
            // Vapor's `routes(_:)` and `configure(_:)`.
            case .swift: ["routes.swift", "configure.swift", "entrypoint.swift", "main.swift"]
            default: ["main.go", "router.go", "routes.go", "server.go", "app.go"]
            }
        default:
            key = "mount-entry-files:js"
            names = ["app", "server", "index", "main"].flatMap { stem in [".ts", ".js", ".mjs"].map { stem + $0 } }
        }
        return project.configuration(key) {
            names.flatMap { project.paths(endingWith: "/" + $0) }.map { ($0, RepoPath.directory(of: $0)) }
        }
    }

    /// The path a call's arguments start with (`"/api/auth"` of `app.use("/api/auth", authRoutes)`), if any.
    private static func leadingPath(of arguments: ClosedRange<Int>, in lexed: LexedSource) -> String? {
        let first = arguments.lowerBound + 1
        guard lexed.token(arguments.lowerBound, isPunctuation: Byte.openParen), first < arguments.upperBound,
              lexed.tokens[first].kind == .string
        else { return nil }
        let path = lexed.text(first)
        return path.hasPrefix("/") ? path : nil
    }

    /// The path the file mounts one of `own` under: `app.use("/api/ai", aiRoutes)`, Hono's `app.route("/playground",
    /// playground)`.
    private static func mountPath(of own: Set<String>, in lexed: LexedSource) -> String? {
        guard let arguments = mountCall(of: own, in: lexed, withPath: true) else { return nil }
        return leadingPath(of: arguments, in: lexed)
    }

    /// The path of the `use` or `route` call whose arguments hold token `token` (a `require("./routes/api")`):
    /// `app.use("/api", require("./routes/api"))` → `/api`.
    private static func mountPath(enclosing token: Int, in lexed: LexedSource) -> String? {
        let block = lexed.tokens[token].block
        guard block >= 0, lexed.blocks[block].opener == .paren, case let open = lexed.blocks[block].openToken,
              lexed.token(open - 1, is: "use") || lexed.token(open - 1, is: "route"), lexed.partner[open] > open
        else { return nil }
        return leadingPath(of: open...lexed.partner[open], in: lexed)
    }

    /// The arguments of the first `use` or `route` call mounting one of `own` (`app.use("/api/ai", aiRoutes)`,
    /// `app.use(router.routes())`, Hono's `app.route("/playground", playground)`); with `withPath`, only one given a
    /// path first.
    private static func mountCall(of own: Set<String>, in lexed: LexedSource, withPath: Bool = false) -> ClosedRange<Int>? {
        for index in lexed.tokens.indices where (lexed.token(index, is: "use") || lexed.token(index, is: "route"))
            && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.token(index + 1, isPunctuation: Byte.openParen)
        {
            let close = lexed.partner[index + 1]
            guard close > index + 1, !withPath || leadingPath(of: (index + 1)...close, in: lexed) != nil,
                  ((index + 2)..<close).contains(where: { lexed.tokens[$0].kind == .identifier && own.contains(lexed.text($0)) })
            else { continue }
            return (index + 1)...close
        }
        return nil
    }

    private static let mountCallees: Set<String> = [
        "use", "include_router", "FastAPI", "APIRouter", "register", "route", "add_middleware",
    ]

    /// The line of a guard token, or of another token a guard is found by (a Flask hook handing over a function).
    private func lineOf(_ token: Int, in facts: FileFacts) -> Int {
        if let line = facts.guardLines[token] { return line }
        guard let lexed = lexedFile(facts.path), lexed.tokens.indices.contains(token) else { return 0 }
        return lexed.tokens[token].line
    }

    /// Whether a C# file of the tree gives ASP.NET Core's rate limiter a global limiter (`options.GlobalLimiter = …`,
    /// often in an `AddRateLimiting` extension method beside `Program.cs`): `app.UseRateLimiter()` then limits every
    /// endpoint.
    public func csharpDeclaresGlobalLimiter() -> Bool {
        project.configuration("csharp-global-limiter") { () -> Bool in
            let pattern = BytePatterns(["GlobalLimiter =", "GlobalLimiter="])
            return project.paths.contains { path in
                path.hasSuffix(".cs") && project.contents(of: path).map(pattern.matches) ?? false
            }
        }
    }

    /// Framework-wide security configuration that covers the handlers of a file with these bytes: Django REST
    /// framework's default permission classes (for DRF's views only: a plain Django view, or a FastAPI router of the
    /// same repository, is not one), Flask-Limiter's default limits (Flask's routes), slowapi's (FastAPI's and
    /// Starlette's), a Spring Security filter chain that requires authentication (or Spring Boot's default security,
    /// `springBootDefaultSecurity`), ASP.NET fallback authorization
    /// policies, `RequireAuthorization()` on all controllers or a global `AuthorizeFilter` (controllers only).
    public func projectGuard(for language: SourceLanguage, fileBytes: [UInt8]) -> String? {
        if language.family == .ruby { return rackAttackGlobalThrottle() }
        return projectGuards(for: language).first { found in
            found.frameworks.isEmpty || found.frameworks.contains { ByteSearch.containsFolded(fileBytes, Array($0.utf8)) }
        }?.path
    }

    /// The configuration files that guard a language's handlers, each with the frameworks whose handlers it
    /// covers (the words a handler's file names them by; none: every handler of the language), read once.
    private func projectGuards(for language: SourceLanguage) -> [ProjectGuardFile] {
        project.configuration("project-guards:" + language.rawValue) { () -> [ProjectGuardFile] in
            let rules: [(suffixes: [String], needles: [[String]], frameworks: [String])]
            switch language {
            case .python:
                rules = [(["settings.py", "/settings/base.py", "/settings/production.py"],
                          [["DEFAULT_PERMISSION_CLASSES", "IsAuthenticated"]], ["rest_framework"]),
                         // Flask-Limiter's default limits apply to every route of the app it is attached to, from
                         // the app factory's module of extensions too (`limiter.init_app(app)` elsewhere); slowapi's
                         // only through its middleware.
                         (Self.appModuleNames, [["flask_limiter", "Limiter(", "default_limits"],
                                                ["flask_limiter", "Limiter(", "application_limits"]], ["flask"]),
                         (Self.appModuleNames, [["slowapi", "Limiter(", "default_limits", "SlowAPIMiddleware"]],
                          ["fastapi", "starlette"])]
            case .java, .kotlin:
                // The classes configuring Spring Security (`springSecurityConfigurations`), as for their `permitAll()`
                // matchers; WebFlux's chain writes `.anyExchange().authenticated()`, the Kotlin DSL
                // `authorize(anyRequest, authenticated)`.
                rules = [([], [["SecurityFilterChain", "authenticated()"], ["EnableWebSecurity", "authenticated()"],
                               ["SecurityWebFilterChain", "authenticated()"],
                               ["SecurityFilterChain", ", authenticated)"], ["EnableWebSecurity", ", authenticated)"]], [])]
            case .csharp:
                rules = [(["Program.cs", "Startup.cs"], [["FallbackPolicy"], ["MapControllers().RequireAuthorization"]], []),
                         // A global MVC filter (`AddControllers(o => o.Filters.Add(new AuthorizeFilter()))`) runs before
                         // every controller action, not before minimal-API routes or hubs.
                         (["Program.cs", "Startup.cs"], [["Filters.Add(new AuthorizeFilter"]], ["ControllerBase", ": Controller"])]
            default:
                return []
            }
            var found: [ProjectGuardFile] = []
            for rule in rules {
                let candidates = rule.suffixes.isEmpty
                    ? springSecurityConfigurations()
                    : project.paths.filter { path in rule.suffixes.contains(where: { path.hasSuffix("/" + $0) || path == $0 }) }
                for path in candidates {
                    guard let bytes = project.contents(of: path) else { continue }
                    let text = String(decoding: bytes, as: UTF8.self)
                    if rule.needles.contains(where: { $0.allSatisfy(text.contains) }) {
                        found.append(ProjectGuardFile(path: path, frameworks: rule.frameworks))
                        break
                    }
                }
            }
            if found.isEmpty, language == .java || language == .kotlin, let buildFile = springBootDefaultSecurity() {
                found.append(ProjectGuardFile(path: buildFile, frameworks: []))
            }
            return found
        }
    }

    /// Whether the DRF default permission classes that guard the project's views (`projectGuard`) let anonymous
    /// callers read: `DEFAULT_PERMISSION_CLASSES` holding only `IsAuthenticatedOrReadOnly` (or
    /// `DjangoModelPermissionsOrAnonReadOnly`) and `AllowAny`. Read once.
    public func drfDefaultPermissionsLetAnyoneRead() -> Bool {
        project.configuration("drf-default-permissions-let-anyone-read") { () -> Bool in
            guard let settings = projectGuards(for: .python).first(where: { $0.frameworks == ["rest_framework"] }),
                  let bytes = project.contents(of: settings.path)
            else { return false }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let key = text.range(of: "DEFAULT_PERMISSION_CLASSES") else { return false }
            let rest = text[key.upperBound...]
            guard let open = rest.firstIndex(where: { $0 == "[" || $0 == "(" }),
                  let close = rest[open...].firstIndex(of: rest[open] == "[" ? "]" : ")")
            else { return false }
            // The list's entries, without the lines commented out of it, by their last dotted segment.
            let names = TextLines(rest[rest.index(after: open)..<close], omittingEmpty: true)
                .map { line in line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                .flatMap { $0.split(whereSeparator: { ",\"' \t\r".contains($0) }) }
                .compactMap { $0.split(separator: ".").last.map(String.init) }
            func readOnly(_ name: String) -> Bool { name.hasSuffix("OrReadOnly") || name.hasSuffix("OrAnonReadOnly") }
            return names.contains(where: readOnly) && names.allSatisfy { $0 == "AllowAny" || readOnly($0) }
        }
    }

    /// A Java or Kotlin file whose name says it configures Spring Security (`WebSecurityConfig.java`,
    /// `SecurityConfiguration.kt`): where its filter chain, and the matchers it opens to everyone, are read from.
    static func isSpringSecurityConfiguration(_ path: String) -> Bool {
        (path.hasSuffix(".java") || path.hasSuffix(".kt")) && path.split(separator: "/").last?.contains("Security") == true
    }

    /// The Django settings module that installs a middleware requiring a signed-in user for every view (Django 5.1's
    /// `django.contrib.auth.middleware.LoginRequiredMiddleware`, django-stronghold's and django-login-required's of
    /// the same name), as "path (LoginRequiredMiddleware)"; nil when none does. Named in a string on a line that is
    /// no comment: a middleware commented out of `MIDDLEWARE` guards nothing. Read once.
    public func djangoLoginRequiredMiddleware() -> String? {
        project.configuration("django-login-required-middleware") { () -> String? in
            let needle = Array("LoginRequiredMiddleware".utf8)
            for path in project.paths.sorted() where Self.isDjangoSettingsModule(path) {
                guard let bytes = project.contents(of: path) else { continue }
                let installed = bytes.withUnsafeBufferPointer { buffer in
                    var found = ByteSearch.find(needle, in: buffer, from: 0)
                    while found != Int.max {
                        if Self.isQuotedOnCodeLine(bytes, at: found) { return true }
                        found = ByteSearch.find(needle, in: buffer, from: found + needle.count)
                    }
                    return false
                }
                if installed { return "\(path) (LoginRequiredMiddleware)" }
            }
            return nil
        }
    }

    /// The views a login-required middleware lets through: those a URLconf opts out where it routes them
    /// (`path("ask/", login_not_required(views.ask))`, `login_not_required(AskView.as_view())`), and those routed at a
    /// path or under a URL name the settings list as public (django-login-required's `LOGIN_REQUIRED_IGNORE_PATHS` and
    /// `LOGIN_REQUIRED_IGNORE_VIEW_NAMES`, django-stronghold's `STRONGHOLD_PUBLIC_URLS` and
    /// `STRONGHOLD_PUBLIC_NAMED_URLS`): their function or class names, read once from every `urls.py` (and `urls/`
    /// package) of the project.
    public func djangoViewsOptedOutInURLConfs() -> Set<String> {
        project.configuration("django-url-opt-outs") { () -> Set<String> in
            var names = djangoViewsPublicBySettings()
            for path in project.paths where Self.isDjangoURLConf(path) {
                guard let bytes = project.contents(of: path),
                      Self.urlOptOuts.contains(where: { ByteSearch.containsFolded(bytes, Array($0.utf8)) })
                else { continue }
                let lexed = Lexer.lex(bytes, language: .python)
                for index in lexed.tokens.indices where lexed.token(index + 1, isPunctuation: Byte.openParen)
                    && (lexed.token(index, is: "login_not_required") || lexed.token(index, is: "login_exempt") || lexed.token(index, is: "public"))
                {
                    // The wrapped view: the last name of its dotted path, before any call (`views.ask`, `AskView.as_view()`).
                    var cursor = index + 2
                    var last: String?
                    while cursor < lexed.tokens.count, lexed.tokens[cursor].kind == .identifier {
                        let name = lexed.text(cursor)
                        if name == "as_view" { break }
                        last = name
                        guard lexed.token(cursor + 1, isPunctuation: Byte.dot) else { break }
                        cursor += 2
                    }
                    if let last { names.insert(last) }
                }
            }
            return names
        }
    }

    private static let urlOptOuts = ["login_not_required(", "login_exempt(", "public("]

    static func isDjangoURLConf(_ path: String) -> Bool {
        path.hasSuffix("/urls.py") || path == "urls.py" || path.contains("/urls/") && path.hasSuffix(".py")
    }

    /// The settings that list what a login-required middleware lets through: regular expressions of paths, and URL names.
    private static let publicPathSettings: Set<String> = ["LOGIN_REQUIRED_IGNORE_PATHS", "STRONGHOLD_PUBLIC_URLS"]
    private static let publicNameSettings: Set<String> = ["LOGIN_REQUIRED_IGNORE_VIEW_NAMES", "STRONGHOLD_PUBLIC_NAMED_URLS"]

    /// The views routed at a path or under a URL name the settings list as public (see `djangoViewsOptedOutInURLConfs`).
    private func djangoViewsPublicBySettings() -> Set<String> {
        var patterns: [NSRegularExpression] = []
        var publicNames = Set<String>()
        for path in project.paths.sorted() where Self.isDjangoSettingsModule(path) {
            guard let bytes = project.contents(of: path),
                  ByteSearch.containsFolded(bytes, Array("LOGIN_REQUIRED_IGNORE".utf8))
                    || ByteSearch.containsFolded(bytes, Array("STRONGHOLD_PUBLIC".utf8))
            else { continue }
            let lexed = Lexer.lex(bytes, language: .python)
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
                let setting = lexed.text(index)
                let isPaths = Self.publicPathSettings.contains(setting)
                guard isPaths || Self.publicNameSettings.contains(setting) else { continue }
                // `NAME = [...]`, `NAME = (...)`, `NAME += [...]`: the strings of the value's brackets.
                var open = index + 1
                if lexed.token(open, isPunctuation: Byte.plus) { open += 1 }
                guard lexed.token(open, isPunctuation: Byte.equals), lexed.tokens.indices.contains(open + 1),
                      lexed.partner[open + 1] > open + 1
                else { continue }
                for value in (open + 2)..<lexed.partner[open + 1] where lexed.tokens[value].kind == .string {
                    let text = lexed.text(value)
                    if isPaths {
                        if let pattern = try? NSRegularExpression(pattern: text) { patterns.append(pattern) }
                    } else {
                        publicNames.insert(String(text.split(separator: ":").last ?? Substring(text)))
                    }
                }
            }
        }
        guard !patterns.isEmpty || !publicNames.isEmpty else { return [] }
        var views = Set<String>()
        for route in djangoURLRoutes() {
            let byName = route.name.map { publicNames.contains($0) } ?? false
            // Matched as Python's `re.match` matches: from the path's start.
            let byPath = route.paths.contains { path in
                patterns.contains { $0.firstMatch(in: path, options: .anchored, range: NSRange(path.startIndex..., in: path)) != nil }
            }
            if byName || byPath { views.insert(route.view) }
        }
        return views
    }

    /// A view a URLconf routes: its function or class name, its URL name, and its full paths (`/api/public/chat/`:
    /// the prefixes of the `include`s that reach its URLconf, however deep, each a way to it).
    struct DjangoRoute {
        var view: String
        var name: String?
        var paths: [String]
    }

    /// Every view the project's URLconfs route, with the paths the `include`s between them give it.
    func djangoURLRoutes() -> [DjangoRoute] {
        var includes: [(file: String, prefix: String, module: String)] = []
        var routes: [(file: String, route: String, view: String, name: String?)] = []
        let files = project.paths.filter(Self.isDjangoURLConf).sorted()
        for file in files {
            guard let bytes = project.contents(of: file) else { continue }
            let lexed = Lexer.lex(bytes, language: .python)
            for index in lexed.tokens.indices where lexed.token(index + 1, isPunctuation: Byte.openParen)
                && (lexed.token(index, is: "path") || lexed.token(index, is: "re_path") || lexed.token(index, is: "url"))
                && !lexed.token(index - 1, isPunctuation: Byte.dot)
            {
                let close = lexed.partner[index + 1]
                guard close > index + 2, lexed.tokens[index + 2].kind == .string, lexed.token(index + 3, isPunctuation: Byte.comma)
                else { continue }
                let route = Self.plainRoute(lexed.text(index + 2))
                let target = index + 4
                if lexed.token(target, is: "include"), lexed.token(target + 1, isPunctuation: Byte.openParen) {
                    // `include("chat.urls")`, `include(("chat.urls", "chat"))`: the first string names the module.
                    let arguments = (target + 2)..<max(target + 2, lexed.partner[target + 1])
                    if let module = arguments.first(where: { lexed.tokens[$0].kind == .string }) {
                        includes.append((file, route, lexed.text(module)))
                    }
                    continue
                }
                // The view: the last name of its dotted path, before any call (`views.ask`, `AskView.as_view()`).
                var cursor = target
                var view: String?
                while cursor < close, lexed.tokens[cursor].kind == .identifier {
                    let name = lexed.text(cursor)
                    if name == "as_view" { break }
                    view = name
                    guard lexed.token(cursor + 1, isPunctuation: Byte.dot) else { break }
                    cursor += 2
                }
                let name = ((index + 2)..<close).first { lexed.token($0, is: "name") && lexed.token($0 + 1, isPunctuation: Byte.equals) }
                    .flatMap { lexed.tokens.indices.contains($0 + 2) && lexed.tokens[$0 + 2].kind == .string ? lexed.text($0 + 2) : nil }
                if let view { routes.append((file, route, view, name)) }
            }
        }
        // The file a module names: `chat.urls` is `…/chat/urls.py` (or `…/chat/urls/__init__.py`).
        func file(ofModule module: String) -> String? {
            let relative = module.replacingOccurrences(of: ".", with: "/")
            return files.first { $0 == relative + ".py" || $0.hasSuffix("/" + relative + ".py") || $0.hasSuffix(relative + "/__init__.py") }
        }
        var edges: [String: [(parent: String, prefix: String)]] = [:]
        for include in includes {
            guard let target = file(ofModule: include.module), target != include.file else { continue }
            edges[target, default: []].append((include.file, include.prefix))
        }
        var memo: [String: [String]] = [:]
        func prefixes(of file: String, depth: Int) -> [String] {
            if let known = memo[file] { return known }
            guard let parents = edges[file], depth < 8 else { return [""] }
            let result = parents.flatMap { parent in prefixes(of: parent.parent, depth: depth + 1).map { $0 + parent.prefix } }
            memo[file] = result
            return result
        }
        return routes.map { route in
            DjangoRoute(view: route.view, name: route.name, paths: prefixes(of: route.file, depth: 0).map { "/" + $0 + route.route })
        }
    }

    /// A route as a path: `re_path`'s anchors taken off (`^api/chat/$` → `api/chat/`).
    private static func plainRoute(_ route: String) -> String {
        var text = Substring(route)
        if text.hasPrefix("^") { text = text.dropFirst() }
        if text.hasSuffix("$") { text = text.dropLast() }
        return String(text)
    }

    /// `settings.py`, `settings_production.py`, or a module of a `settings/` package a deployment may run with
    /// (`base.py`, `production.py`), not a test's or a developer's own (`test_settings.py`, `settings_dev.py`,
    /// `settings/local.py`).
    static func isDjangoSettingsModule(_ path: String) -> Bool {
        guard path.hasSuffix(".py") else { return false }
        let parts = path.split(separator: "/")
        guard let name = parts.last else { return false }
        let isDevelopers = ["test", "local", "dev"].contains { name.hasPrefix($0) || name.hasPrefix("settings_" + $0) }
        // `settings.py`, `settings_production.py`, or a module of a `settings/` package.
        if name == "settings.py" || name.hasPrefix("settings_") { return !isDevelopers }
        guard parts.count >= 2, parts[parts.count - 2] == "settings" else { return false }
        return !isDevelopers
    }

    /// Whether the word at `start` is inside a string (a dotted path's quote before it) on a line no `#` comments out.
    private static func isQuotedOnCodeLine(_ bytes: [UInt8], at start: Int) -> Bool {
        var cursor = start
        while cursor > 0, Byte.isIdentifierPart(bytes[cursor - 1]) || bytes[cursor - 1] == Byte.dot { cursor -= 1 }
        guard cursor > 0, bytes[cursor - 1] == Byte.quote || bytes[cursor - 1] == Byte.apostrophe else { return false }
        var lineStart = cursor - 1
        while lineStart > 0, bytes[lineStart - 1] != Byte.newline { lineStart -= 1 }
        return !bytes[lineStart..<cursor].contains(Byte.hash)
    }

    /// The modules a Python app's extensions or factory live in.
    private static let appModuleNames = [
        "extensions.py", "extension.py", "ext.py", "limiter.py", "rate_limit.py", "ratelimit.py", "app.py", "factory.py",
        "main.py", "server.py", "wsgi.py", "asgi.py",
    ]
}

/// A configuration file that guards handlers, and the frameworks whose handlers it covers (none: all).
struct ProjectGuardFile: Sendable {
    var path: String
    var frameworks: [String]
}

extension CodeIndex {
    /// Whether the project's Spring Security configuration lets everyone reach `path`
    /// (`.requestMatchers("/api/public/**").permitAll()`), which the filter chain's `anyRequest().authenticated()`
    /// then does not guard; or lets everyone reach what no matcher guards (`.pathMatchers("/api/**").authenticated()
    /// .anyExchange().permitAll()`, `.anyRequest().permitAll()`), and none of its guarded matchers matches `path`.
    public func springPermitsAll(_ path: String) -> Bool {
        let rules = springAuthorizationRules()
        if rules.permitted.contains(where: { Self.antPatternMatches($0, path) }) { return true }
        return rules.permitsRest && !rules.guarded.contains { Self.antPatternMatches($0, path) }
    }

    private struct SpringAuthorizationRules {
        /// Patterns of matchers ending `.permitAll()`.
        var permitted: [String] = []
        /// Patterns of matchers ending in a check (`.authenticated()`, `.hasRole("ADMIN")`, `.denyAll()`).
        var guarded: [String] = []
        /// Whether the catch-all matcher lets everyone in: `.anyRequest().permitAll()`, `.anyExchange().permitAll()`,
        /// the Kotlin DSL's `authorize(anyRequest, permitAll)`.
        var permitsRest = false
    }

    /// The checks of a matcher that require a caller.
    private static let springAuthorizationChecks: Set<String> = [
        "authenticated", "fullyAuthenticated", "hasRole", "hasAnyRole", "hasAuthority", "hasAnyAuthority", "access",
        "denyAll", "hasIpAddress", "rememberMe",
    ]
    private static let springMatchers: [StaticString] = ["requestMatchers", "antMatchers", "mvcMatchers", "pathMatchers"]

    /// The path patterns of a Spring Security configuration's matchers, by what they end with, read once.
    private func springAuthorizationRules() -> SpringAuthorizationRules {
        project.configuration("spring-authorization-rules") { () -> SpringAuthorizationRules in
            var rules = SpringAuthorizationRules()
            for path in springSecurityConfigurations() {
                guard let bytes = project.contents(of: path), BytePatterns(["permitAll"]).matches(bytes),
                      let language = SourceLanguage(path: path)
                else { continue }
                let lexed = Lexer.lex(bytes, language: language)
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
                    let word = lexed.text(index)
                    let permits = word == "permitAll"
                    guard permits || Self.springAuthorizationChecks.contains(word) else { continue }
                    // The Kotlin DSL: `authorize("/public/**", permitAll)`, `authorize(anyRequest, permitAll)`.
                    if lexed.token(index - 1, isPunctuation: Byte.comma), let open = Self.openingParen(around: index, in: lexed),
                       lexed.token(open - 1, is: "authorize")
                    {
                        for argument in open..<index {
                            if lexed.tokens[argument].kind == .string {
                                if permits { rules.permitted.append(lexed.text(argument)) } else { rules.guarded.append(lexed.text(argument)) }
                            } else if permits, lexed.token(argument, is: "anyRequest") || lexed.token(argument, is: "anyExchange") {
                                rules.permitsRest = true
                            }
                        }
                        continue
                    }
                    // `.requestMatchers("/a", "/b/**").permitAll()`: the matcher call just before.
                    guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, isPunctuation: Byte.closeParen)
                    else { continue }
                    let open = lexed.partner[index - 2]
                    guard open > 0, open < index - 2 else { continue }
                    if permits, lexed.token(open - 1, is: "anyRequest") || lexed.token(open - 1, is: "anyExchange") {
                        rules.permitsRest = true
                        continue
                    }
                    guard Self.springMatchers.contains(where: { lexed.token(open - 1, is: $0) }) else { continue }
                    for argument in open..<(index - 2) where lexed.tokens[argument].kind == .string {
                        if permits { rules.permitted.append(lexed.text(argument)) } else { rules.guarded.append(lexed.text(argument)) }
                    }
                }
            }
            return rules
        }
    }

    /// The `(` of the argument list `index` is in, looking back along its line.
    static func openingParen(around index: Int, in lexed: LexedSource) -> Int? {
        var cursor = index - 1
        while cursor >= 0, lexed.tokens[cursor].line == lexed.tokens[index].line {
            if lexed.token(cursor, isPunctuation: Byte.openParen) { return lexed.partner[cursor] > index ? cursor : nil }
            if lexed.token(cursor, isPunctuation: Byte.closeParen), lexed.partner[cursor] < cursor { cursor = lexed.partner[cursor] }
            cursor -= 1
        }
        return nil
    }

    /// Spring's Ant-style path patterns: `/api/**` is `/api` and everything under it, `*` one segment or part of one.
    public static func antPatternMatches(_ pattern: String, _ path: String) -> Bool {
        let patternParts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        let pathParts = path.split(separator: "/", omittingEmptySubsequences: true)
        func match(_ p: Int, _ q: Int) -> Bool {
            if p == patternParts.count { return q == pathParts.count }
            if patternParts[p] == "**" { return (q...pathParts.count).contains { match(p + 1, $0) } }
            guard q < pathParts.count, segment(patternParts[p], matches: pathParts[q]) else { return false }
            return match(p + 1, q + 1)
        }
        func segment(_ pattern: Substring, matches text: Substring) -> Bool {
            guard pattern.contains("*") else { return pattern == text }
            let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false)
            var rest = text[...]
            for (position, piece) in pieces.enumerated() {
                if position == 0 {
                    guard rest.hasPrefix(piece) else { return false }
                    rest = rest.dropFirst(piece.count)
                } else if position == pieces.count - 1 {
                    return piece.isEmpty || rest.hasSuffix(piece)
                } else if let found = rest.range(of: piece) {
                    rest = rest[found.upperBound...]
                } else {
                    return false
                }
            }
            return rest.isEmpty
        }
        return match(0, 0)
    }
}

extension CodeIndex {
    /// A Rack::Attack throttle that limits every request (`throttle("req/ip", limit: 300, period: 5.minutes) { |req|
    /// req.ip }` in `config/initializers/rack_attack.rb`), which rate-limits every action of the app. A throttle
    /// whose block looks at the request's path (`req.path == "/login"`) limits those paths only and does not count.
    /// A Rack::Attack throttle limited to the paths a Rails controller serves: one whose path test names the
    /// controller's resource as its last word (`req.path.match?(/^\/questions\/\d+\/chat/)` for
    /// `chats_controller.rb`, `req.path.start_with?("/api/summaries")` for `summaries_controller.rb`).
    public func rackAttackThrottle(forController path: String) -> String? {
        guard path.hasSuffix("_controller.rb"), let name = path.split(separator: "/").last else { return nil }
        let resource = String(name.dropLast("_controller.rb".count)).lowercased()
        let singular = resource.hasSuffix("s") ? String(resource.dropLast()) : resource
        for (file, lastWord) in rackAttackPathThrottles() where lastWord == resource || lastWord == singular {
            return "\(file) (Rack::Attack throttle on its path)"
        }
        return nil
    }

    /// The Rack::Attack throttles of `config/` that test the request's path, each as its file and the last word of
    /// the path it tests, read once.
    private func rackAttackPathThrottles() -> [(file: String, lastWord: String)] {
        project.configuration("rack-attack-path-throttles") { () -> [(file: String, lastWord: String)] in
            var found: [(file: String, lastWord: String)] = []
            for path in project.paths where path.hasPrefix("config/") && path.hasSuffix(".rb") {
                guard let bytes = project.contents(of: path) else { continue }
                let text = String(decoding: bytes, as: UTF8.self)
                guard text.contains("Rack::Attack") else { continue }
                for declaration in text.components(separatedBy: "throttle").dropFirst()
                where declaration.hasPrefix("(") || declaration.hasPrefix(" ") {
                    // The pattern or string the path is tested against, up to the end of its line.
                    guard let test = declaration.range(of: "path") else { continue }
                    // `\r\n` is one `Character`, never equal to `"\n"`: a file written on Windows ends its lines with it.
                    let line = declaration[test.upperBound...].prefix { $0 != "\n" && $0 != "\r\n" }
                    let words = line.split { !$0.isLetter && $0 != "_" }.map { $0.lowercased() }
                        .filter { !["match", "start_with", "include", "end_with", "req", "post", "get", "d", "api", "v"].contains($0) }
                    if let last = words.last { found.append((path, last)) }
                }
            }
            return found
        }
    }

    func rackAttackGlobalThrottle() -> String? {
        for path in project.paths where path.hasPrefix("config/") && path.hasSuffix(".rb") {
            guard let bytes = project.contents(of: path) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.contains("Rack::Attack") else { continue }
            // Each throttle's declaration (`throttle(…)`, `throttle "…"`) runs to the next one.
            for declaration in text.components(separatedBy: "throttle").dropFirst()
            where (declaration.hasPrefix("(") || declaration.hasPrefix(" "))
                && !["path", "PATH_INFO"].contains(where: declaration.contains) {
                return "\(path) (Rack::Attack throttle)"
            }
        }
        return nil
    }
}

extension CodeIndex {
    /// The guard a NestJS app applies to every controller: `{ provide: APP_GUARD, useClass: JwtAuthGuard }` in a
    /// module or `app.useGlobalGuards(new JwtAuthGuard())` in `main.ts`, in the controller's directory or one of
    /// its parents (the app's `src/`, which keeps the apps of a monorepo apart). A controller that opts routes out
    /// (`@Public()`, `@SkipAuth()`) is judged route by route instead.
    func nestGlobalGuard(forController path: String, bytes known: [UInt8]? = nil) -> String? {
        guard let bytes = known ?? project.contents(of: path), Self.nestClassDecorators.matches(bytes) else { return nil }
        // A controller that skips the global rate limiter somewhere (`@SkipThrottle()`) is judged route by route.
        if BytePatterns(Self.nestThrottleOptOutDecorators.map { "@" + $0 + "(" }).matches(bytes) { return nil }
        // A controller that opts routes out (`@Public()`) is judged route by route; a global rate limiter
        // (`ThrottlerGuard`) still covers the routes an opt-out takes out of authentication.
        let guards = nestGlobalGuards(around: path, controller: bytes)
        if BytePatterns(Self.nestOptOutDecorators.map { "@" + $0 + "(" }).matches(bytes) {
            return guards.first(where: Self.isNestRateLimit)
        }
        return guards.first
    }

    /// A NestJS controller's or GraphQL resolver's class decorator: the app's global guards run for both.
    private static let nestClassDecorators = BytePatterns(["@Controller(", "@Resolver("])

    /// The decorators that take a NestJS route out of the app's global guard (`@Public()` and its usual names).
    public static let nestOptOutDecorators = ["Public", "SkipAuth", "AllowAnonymous", "IsPublic", "NoAuth", "Anonymous"]
    /// The decorator that takes a NestJS route (or, above `@Controller`, every route of the class) out of the
    /// global `ThrottlerGuard`.
    public static let nestThrottleOptOutDecorators = ["SkipThrottle"]

    /// The NestJS global guard over a controller that opts some of its routes out: each route the caller finds
    /// without an opt-out decorator of its own is behind it; one with an opt-out only behind a global rate limiter
    /// (`optedOut`), and one that skips the rate limiter (`skipsThrottle`) only behind the others.
    public func nestGlobalGuard(forRouteOfController path: String, optedOut: Bool = false, skipsThrottle: Bool = false)
        -> String?
    {
        guard let bytes = project.contents(of: path), Self.nestClassDecorators.matches(bytes) else { return nil }
        // `@SkipThrottle()` among the class's decorators (above `@Controller(`) skips it for every route.
        let classSkipsThrottle = bytes.firstRange(of: Array("@SkipThrottle(".utf8)).map { skip in
            bytes.firstRange(of: Array("@Controller(".utf8)).map { skip.lowerBound < $0.lowerBound } ?? false
        } ?? false
        let skipsThrottle = skipsThrottle || classSkipsThrottle
        return nestGlobalGuards(around: path, controller: bytes).first { guardName in
            Self.isNestRateLimit(guardName) ? !skipsThrottle : !optedOut
        }
    }

    private static func isNestRateLimit(_ description: String) -> Bool { description.lowercased().contains("throttl") }

    /// The global guards over a controller. One that checks roles and nothing else (`RolesGuard`) lets a route
    /// that names no roles through, as Nest's own recipe does (`if (!requiredRoles) return true`): it guards only a
    /// controller that names roles (`@Roles(Role.Admin)`).
    private func nestGlobalGuards(around path: String, controller bytes: [UInt8]) -> [String] {
        let guards = nestGlobalGuards(around: path)
        guard guards.contains(where: Self.isNestRoleCheck), !BytePatterns(["@Roles(", "@Role("]).matches(bytes) else { return guards }
        return guards.filter { !Self.isNestRoleCheck($0) }
    }

    /// Whether a global guard's description (`src/app.module.ts (APP_GUARD RolesGuard)`) names a role check only.
    private static func isNestRoleCheck(_ description: String) -> Bool {
        guard let guardClass = description.split(separator: " ").last?.lowercased() else { return false }
        return guardClass.contains("role")
            && !["auth", "jwt", "session", "clerk", "user", "api_key", "apikey", "throttl"].contains(where: guardClass.contains)
    }

    /// The global guards the `app.module` or `main` files in the directory of `path` or the nearest parent that has
    /// them apply (`provide: APP_GUARD, useClass: JwtAuthGuard`, `app.useGlobalGuards(new JwtAuthGuard())`).
    private func nestGlobalGuards(around path: String) -> [String] {
        var directory = RepoPath.directory(of: path)
        while true {
            let found = project.configuration("nest-global-guards:" + directory) { () -> [String] in
                var candidates = ["app.module.ts", "main.ts", "app.module.js", "main.js"].map { RepoPath.join(directory, $0) }
                    .filter(project.exists)
                // Nest makes every APP_GUARD global, whichever module of the app provides it (`auth/auth.module.ts`).
                if !candidates.isEmpty {
                    let prefix = directory.isEmpty ? "" : directory + "/"
                    candidates += nestModuleFiles().filter { $0.hasPrefix(prefix) && !candidates.contains($0) }
                }
                var guards: [String] = []
                for candidate in candidates {
                    guard let text = project.contents(of: candidate).map({ String(decoding: $0, as: UTF8.self) }) else { continue }
                    for marker in ["APP_GUARD", "useGlobalGuards("] {
                        var rest = text[...]
                        while let range = rest.range(of: marker) {
                            defer { rest = rest[range.upperBound...] }
                            // A provider, not the token's import (`import { APP_GUARD } from "@nestjs/core"`) or a
                            // provider commented out.
                            let lineStart = text[..<range.lowerBound].lastIndex { $0 == "\n" || $0 == "\r\n" }.map { text.index(after: $0) }
                                ?? text.startIndex
                            let before = text[lineStart..<range.lowerBound]
                            if before.trimmingCharacters(in: .whitespaces).hasPrefix("//") { continue }
                            if marker == "APP_GUARD", !String(before.filter { !$0.isWhitespace }).hasSuffix("provide:") { continue }
                            // The guard class named right after the marker (`useClass: JwtAuthGuard`).
                            let window = rest[range.upperBound...].prefix(120)
                            let words = window.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" })
                            // (Not one the change leaves refusing nobody: `recognizer.namesNoGuard`.)
                            if let guardClass = words.first(where: { $0.hasSuffix("Guard") && $0.count > 5 }),
                               ["auth", "jwt", "session", "clerk", "throttl", "user", "role", "api_key", "apikey"]
                                .contains(where: guardClass.lowercased().contains),
                               !recognizer.namesNoGuard(String(guardClass)),
                               !nestGuardAdmitsEveryone(String(guardClass), namedIn: candidate)
                            {
                                guards.append("\(candidate) (\(marker.trimmingCharacters(in: CharacterSet(charactersIn: "("))) \(guardClass))")
                            }
                        }
                    }
                }
                return guards
            }
            if !found.isEmpty { return found }
            if directory.isEmpty { return [] }
            directory = RepoPath.directory(of: directory)
        }
    }

    /// Whether the guard class `name`, declared in the file at `path` or in one it imports it from, is the
    /// project's own whose `canActivate` lets every caller in: each of its `return`s returns `true`, and it throws
    /// nothing, calls no `super.canActivate(…)` and no check (`this.jwt.verify(token)`) that may throw. One that
    /// only logs who called (`this.log.debug(…); return true;`) guards nothing, whatever its name. A class the
    /// project does not declare, or one without `canActivate` (passport's `AuthGuard("jwt")` as it is), refuses.
    func nestGuardAdmitsEveryone(_ name: String, namedIn path: String) -> Bool {
        guard let facts = facts(of: path) else { return false }
        var files = [path]
        for binding in facts.imports where binding.local == name { files += modules(binding.module, of: facts) }
        for file in files {
            guard let lexed = lexedFile(file), ByteSearch.containsFolded(lexed.bytes, Self.canActivateWord),
                  let guards = self.facts(of: file)?.guardTokens
            else { continue }
            for index in lexed.tokens.indices where lexed.token(index, is: "class") && lexed.tokens.indices.contains(index + 1)
                && lexed.text(index + 1) == name
            {
                var open = index + 2
                while open < lexed.tokens.count, !lexed.token(open, isPunctuation: Byte.openBrace) { open += 1 }
                guard open < lexed.tokens.count, lexed.partner[open] > open else { continue }
                let members = open...lexed.partner[open]
                guard let method = lexed.blocks.indices.first(where: { block in
                    lexed.blocks[block].kind == .function && members.contains(lexed.blocks[block].openToken)
                        && lexed.name(ofBlock: block) == "canActivate"
                }), lexed.blocks[method].openToken + 1 < lexed.blocks[method].endToken
                else { return false }
                let body = (lexed.blocks[method].openToken + 1)...(lexed.blocks[method].endToken - 1)
                var returnsTrue = false
                for cursor in body {
                    let token = lexed.tokens[cursor]
                    guard token.kind == .identifier || token.kind == .number else { continue }
                    if lexed.token(cursor, is: "return") {
                        guard lexed.token(cursor + 1, is: "true") else { return false }
                        returnsTrue = true
                        continue
                    }
                    if lexed.token(cursor, is: "super") || lexed.token(cursor, is: "false") { return false }
                    let word = Array(lexed.bytes[token.start..<token.end])
                    if Self.refusingWords.contains(where: { ByteSearch.containsFolded(word, $0) }) { return false }
                    if Self.containsSorted(guards, cursor), lexed.token(cursor + 1, isPunctuation: Byte.openParen) { return false }
                }
                return returnsTrue
            }
        }
        return false
    }

    private static let canActivateWord = Array("canactivate".utf8)

    /// The tree's NestJS module files (`*.module.ts`), listed once.
    private func nestModuleFiles() -> [String] {
        project.configuration("nest-module-files") {
            project.paths.filter { $0.hasSuffix(".module.ts") || $0.hasSuffix(".module.js") }.sorted()
        }
    }
}

/// Laravel's middleware groups: every route of `routes/api.php` runs in the `api` group and every route of
/// `routes/web.php` in the `web` group, so an auth or throttle middleware added to the group guards them all.
extension CodeIndex {
    /// The guard a Laravel route file inherits from its middleware group, declared in `app/Http/Kernel.php`
    /// (`$middlewareGroups['api']`, Laravel ≤ 10) or `bootstrap/app.php` (`->withMiddleware(…)`, Laravel 11+).
    public func routeGroupGuard(forRouteFile path: String) -> String? {
        routeGroupGuard(forRouteFile: path, takenIn: 0)
    }

    /// `routeGroupGuard`, for a file taken in by `depth` route files already (bounded: files may take each other in).
    private func routeGroupGuard(forRouteFile path: String, takenIn depth: Int) -> String? {
        guard path.hasSuffix(".php") else { return nil }
        let parts = path.split(separator: "/")
        guard let routes = parts.lastIndex(of: "routes"), routes < parts.count - 1 else { return nil }
        let root = parts[..<routes].map { $0 + "/" }.joined()
        let file = parts[(routes + 1)...].joined(separator: "/")
        let groups = laravelGroupGuards(root: root)
        if !file.contains("/") {
            // A route file registered with its own middleware (`Route::middleware('api')->prefix('webhooks')
            // ->group(base_path('routes/webhooks.php'))` in RouteServiceProvider or withRouting's `then:`).
            for registration in laravelRouteRegistrations(root: root) where registration.file == file {
                for group in registration.middleware { if let guardText = groups[group] { return guardText } }
                if let direct = registration.guardText { return direct }
            }
            switch file {
            case "api.php": if let api = groups["api"] { return api }
            case "web.php": if let web = groups["web"] { return web }
            default: break
            }
        }
        // A route file another takes in inside a route group (`require __DIR__.'/ai.php'` in a `Route::middleware('auth')`
        // group of routes/web.php): guarded by the group, or by what guards the file taking it in. Taken in more than
        // once, it is guarded only where every place guards it.
        guard depth < 3 else { return nil }
        var found: String?
        for inclusion in laravelRouteInclusions(root: root) where inclusion.file == file {
            let guardText = inclusion.middleware.lazy.compactMap { groups[$0] }.first ?? inclusion.guardText
                ?? routeGroupGuard(forRouteFile: root + "routes/" + inclusion.includer, takenIn: depth + 1)
            guard let guardText else { return nil }
            found = found ?? guardText
        }
        return found
    }

    /// A route file and the middleware it is registered with.
    struct RouteRegistration: Sendable {
        var file: Substring
        /// The middleware names given as strings (`'api'`, `'auth:sanctum'`).
        var middleware: [String]
        /// A guard among them (`auth:sanctum`, `throttle:60,1`), named with where it is registered.
        var guardText: String?
    }

    /// The route files the Laravel application at `root` registers with middleware, read once.
    private func laravelRouteRegistrations(root: String) -> [RouteRegistration] {
        project.configuration("laravel-routes:" + root) { () -> [RouteRegistration] in
            var result: [RouteRegistration] = []
            for source in ["app/Providers/RouteServiceProvider.php", "bootstrap/app.php"] {
                guard let bytes = project.contents(of: root + source), BytePatterns(["routes/"]).matches(bytes) else { continue }
                let lexed = Lexer.lex(bytes, language: .php)
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .string {
                    let text = lexed.text(index)
                    guard text.hasSuffix(".php"), let routes = text.range(of: "routes/", options: .backwards) else { continue }
                    let file = text[routes.upperBound...]
                    guard !file.contains("/") else { continue }
                    let calls = Self.middlewareCalls(endingAt: index, in: lexed)
                    let middleware = calls.flatMap { range in
                        range.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
                    }
                    let guardText = calls.lazy.compactMap { Self.laravelGuard(in: $0, of: lexed) }.first
                    result.append(RouteRegistration(
                        file: file, middleware: middleware,
                        guardText: guardText.map { "\($0) (\(root + source) registers routes/\(file))" }))
                }
            }
            return result
        }
    }

    /// The argument ranges of the `middleware(…)` calls in the statement that leads to token `end`
    /// (`Route::middleware(['api', 'auth:sanctum'])->prefix('v2')->group(base_path('routes/v2.php'))`).
    static func middlewareCalls(endingAt end: Int, in lexed: LexedSource) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var index = end - 1
        while index >= 0 {
            if lexed.token(index, isPunctuation: Byte.semicolon) || lexed.token(index, isPunctuation: Byte.openBrace)
                || lexed.token(index, isPunctuation: Byte.closeBrace)
            {
                break
            }
            if lexed.token(index, isPunctuation: Byte.closeParen), lexed.partner[index] >= 0, lexed.partner[index] < index {
                let open = lexed.partner[index]
                if open > 0, lexed.token(open - 1, is: "middleware") { result.append(open...index) }
                index = open - 1
                continue
            }
            index -= 1
        }
        return result
    }

    /// Guard per middleware group of the Laravel application at `root`, read once.
    private func laravelGroupGuards(root: String) -> [String: String] {
        project.configuration("laravel-groups:" + root) { () -> [String: String] in
            var result: [String: String] = [:]
            let kernel = root + "app/Http/Kernel.php"
            if let bytes = project.contents(of: kernel), BytePatterns(["middlewareGroups"]).matches(bytes) {
                let lexed = Lexer.lex(bytes, language: .php)
                for (group, range) in Self.kernelGroups(lexed) {
                    if let found = Self.laravelGuard(in: range, of: lexed) { result[group] = "\(found) (\(kernel) '\(group)' group)" }
                }
            }
            let bootstrap = root + "bootstrap/app.php"
            if let bytes = project.contents(of: bootstrap), BytePatterns(["withMiddleware"]).matches(bytes) {
                let lexed = Lexer.lex(bytes, language: .php)
                for (group, range) in Self.bootstrapGroups(lexed) where result[group] == nil {
                    if let found = Self.laravelGuard(in: range, of: lexed) { result[group] = "\(found) (\(bootstrap) '\(group)' group)" }
                }
            }
            return result
        }
    }

    /// `protected $middlewareGroups = ['web' => [...], 'api' => [...]]`: each group's array.
    static func kernelGroups(_ lexed: LexedSource) -> [(String, ClosedRange<Int>)] {
        guard let declaration = lexed.tokens.indices.first(where: { lexed.token($0, is: "$middlewareGroups") }),
              let open = (declaration..<min(declaration + 4, lexed.tokens.count)).first(where: {
                  lexed.token($0, isPunctuation: Byte.openBracket)
              }),
              lexed.partner[open] > open
        else { return [] }
        var result: [(String, ClosedRange<Int>)] = []
        var cursor = open + 1
        while cursor < lexed.partner[open] {
            if lexed.tokens[cursor].kind == .string,
               let inner = ((cursor + 1)..<min(cursor + 4, lexed.partner[open])).first(where: {
                   lexed.token($0, isPunctuation: Byte.openBracket)
               }),
               lexed.partner[inner] > inner
            {
                result.append((lexed.text(cursor), inner...lexed.partner[inner]))
                cursor = lexed.partner[inner]
            }
            cursor += 1
        }
        return result
    }

    /// `$middleware->api(prepend: [...])`, `->web(append: [...])`, `->appendToGroup('api', [...])`,
    /// `->group('api', [...])` (replaces the group), `->throttleApi()` in bootstrap/app.php: the arguments that
    /// add to each group.
    static func bootstrapGroups(_ lexed: LexedSource) -> [(String, ClosedRange<Int>)] {
        var result: [(String, ClosedRange<Int>)] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.token(index - 1, is: "->") {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            if lexed.token(index, is: "api") || lexed.token(index, is: "web") {
                result.append((lexed.text(index), arguments))
            } else if lexed.token(index, is: "throttleApi") {
                // Adds `throttle:api` to the api group; the call is the whole declaration.
                result.append(("api", index...index))
            } else if lexed.token(index, is: "appendToGroup") || lexed.token(index, is: "prependToGroup")
                        || lexed.token(index, is: "group"),
                      lexed.tokens[index + 2].kind == .string
            {
                result.append((lexed.text(index + 2), arguments))
            }
        }
        return result
    }

    /// The first middleware of a group's declaration that authenticates or throttles: `'auth:sanctum'`,
    /// `'throttle:api'`, `ThrottleRequests::class`, `Authenticate::class`. Session, CSRF and binding middleware
    /// are not guards.
    static func laravelGuard(in range: ClosedRange<Int>, of lexed: LexedSource) -> String? {
        for index in range where index < lexed.tokens.count {
            let text = lexed.text(index)
            switch lexed.tokens[index].kind {
            case .string:
                let lowered = text.lowercased()
                if lowered.hasPrefix("throttle") || lowered == "auth" || lowered.hasPrefix("auth:") || lowered.hasPrefix("can:") {
                    return text
                }
            case .identifier:
                if text == "throttleApi" { return "throttle:api" }
                if text.hasPrefix("ThrottleRequests") { return "throttle (\(text))" }
                if text == "Authenticate" || text == "EnsureUserIsAuthenticated" { return "auth (\(text))" }
            default:
                continue
            }
        }
        return nil
    }
}

/// The routes a Next.js middleware guards: those its `config.matcher` runs it for, narrowed by what its auth
/// library protects. NextAuth's middleware protects every route it runs for; Clerk's `clerkMiddleware()`
/// protects none by itself, only the routes `auth.protect()` (or `redirectToSignIn()`) is called for, usually
/// under a `createRouteMatcher([…])` of protected routes or the negation of one of public routes; Clerk's older
/// `authMiddleware({ publicRoutes: […] })` protects all but its public and ignored routes.
struct MiddlewareCoverage: Sendable {
    /// The `config.matcher` patterns; empty: every route.
    var matchers: [String]
    /// When set, only the routes these patterns cover are protected.
    var only: [String]?
    /// Routes these patterns cover are left open.
    var except: [String] = []
    /// The paths a NextAuth middleware's own callback turns callers away from, when it has one.
    var hook: HookCoverage?
    /// Paths the middleware lets through before any check (`if (pathname.startsWith("/api/public")) return
    /// NextResponse.next()`), whatever its auth library protects.
    var passedThrough: [HookCoverage.PathTest] = []

    init(_ lexed: LexedSource) {
        matchers = CodeIndex.matcherPatterns(lexed)
        passedThrough = HookCoverage.passedThrough(lexed)
        let has = { (name: StaticString) in lexed.tokens.indices.contains { lexed.token($0, is: name) } }
        if has("clerkMiddleware") {
            let protects = lexed.tokens.indices.contains {
                (lexed.token($0, is: "protect") || lexed.token($0, is: "redirectToSignIn"))
                    && lexed.token($0 + 1, isPunctuation: Byte.openParen)
            }
            // Nothing protected: the middleware only makes `auth()` available to the routes.
            guard protects else { only = []; return }
            for (name, patterns) in Self.routeMatchers(lexed) {
                let lowered = name.lowercased()
                let negated = lexed.tokens.indices.contains {
                    lexed.token($0, isPunctuation: UInt8(ascii: "!")) && lexed.tokens.indices.contains($0 + 1)
                        && lexed.text($0 + 1) == name
                }
                let isPublic = lowered.contains("public") || lowered.contains("ignored") || lowered.contains("webhook")
                    || (!lowered.contains("protected") && !lowered.contains("private") && negated)
                if isPublic { except += patterns } else { only = (only ?? []) + patterns }
            }
        } else if has("authkitMiddleware") {
            // WorkOS AuthKit's middleware redirects signed-out callers only when told `middlewareAuth: { enabled:
            // true }`, and then not on its `unauthenticatedPaths`; otherwise it only keeps the session for `withAuth()`.
            guard Self.enablesMiddlewareAuth(lexed) else { only = []; return }
            except = Self.stringsOfKey("unauthenticatedPaths", lexed)
        } else if has("authMiddleware") {
            except = Self.stringsOfKey("publicRoutes", lexed) + Self.stringsOfKey("ignoredRoutes", lexed)
        }
    }

    func guards(_ route: String) -> Bool {
        guard matchers.isEmpty || matchers.contains(where: { CodeIndex.matcher($0, covers: route) }) else { return false }
        if let only, !only.contains(where: { CodeIndex.matcher($0, covers: route) }) { return false }
        if let hook, !hook.guards(route) { return false }
        if passedThrough.contains(where: { $0.matches(route) }) { return false }
        return !except.contains { CodeIndex.matcher($0, covers: route) }
    }

    /// `const isPublicRoute = createRouteMatcher(["/sign-in(.*)", …])` → the name and its patterns.
    private static func routeMatchers(_ lexed: LexedSource) -> [(String, [String])] {
        var result: [(String, [String])] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "createRouteMatcher") {
            guard lexed.token(index - 1, isPunctuation: Byte.equals), index >= 2,
                  lexed.tokens[index - 2].kind == .identifier,
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index
            else { continue }
            let patterns = ((index + 2)..<lexed.partner[index + 1]).filter { lexed.tokens[$0].kind == .string }
                .map { lexed.text($0) }
            result.append((lexed.text(index - 2), patterns))
        }
        return result
    }

    /// Whether AuthKit's options say `middlewareAuth: { enabled: true, … }`.
    private static func enablesMiddlewareAuth(_ lexed: LexedSource) -> Bool {
        lexed.tokens.indices.contains { index in
            guard lexed.token(index, is: "enabled"), lexed.token(index + 1, isPunctuation: Byte.colon),
                  lexed.token(index + 2, is: "true"), case let block = lexed.tokens[index].block, block >= 0
            else { return false }
            let open = lexed.blocks[block].openToken
            return lexed.token(open - 1, isPunctuation: Byte.colon) && lexed.token(open - 2, is: "middlewareAuth")
        }
    }

    /// The strings of `key: "…"` or `key: ["…", …]`.
    private static func stringsOfKey(_ key: String, _ lexed: LexedSource) -> [String] {
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.text(index) == key
            && lexed.token(index + 1, isPunctuation: Byte.colon)
        {
            if lexed.tokens.indices.contains(index + 2), lexed.tokens[index + 2].kind == .string { return [lexed.text(index + 2)] }
            guard lexed.token(index + 2, isPunctuation: Byte.openBracket), lexed.partner[index + 2] > index else { continue }
            return ((index + 3)..<lexed.partner[index + 2]).filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
        }
        return []
    }
}
