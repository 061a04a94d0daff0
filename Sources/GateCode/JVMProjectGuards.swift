import Foundation
import GateCore

/// Guards JVM frameworks declare outside a route's code: Quarkus HTTP permissions and `quarkus.security.jaxrs`
/// defaults in `application.properties`, Micronaut Security's deny-by-default, Ktor's route functions called inside
/// `authenticate { }` and its global rate limiter. Each answer names where the guard is.
extension CodeIndex {
    // MARK: Quarkus

    /// One `quarkus.http.auth.permission.<name>.*` set.
    struct QuarkusPermission: Sendable {
        var paths: [String] = []
        var methods: [String] = []
        var policy: String?
        var enabled = true
        var file = ""
    }

    /// What the Quarkus configuration says about web security, read once.
    struct QuarkusSecurity: Sendable {
        var permissions: [QuarkusPermission] = []
        /// Prefixes the REST paths are served under (`quarkus.rest.path`, `quarkus.http.root-path`, `@ApplicationPath`).
        var prefixes: [String] = []
        /// `quarkus.security.jaxrs.deny-unannotated-endpoints=true` or `default-roles-allowed`: where it is set.
        var jaxrsDefault: String?
    }

    /// The `key=value` lines of a `.properties` file, with Quarkus's `%profile.` prefix taken off the keys.
    static func properties(_ bytes: [UInt8]) -> [(key: String, value: String)] {
        String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix("!"),
                  let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" })
            else { return nil }
            var key = trimmed[..<separator].trimmingCharacters(in: .whitespaces)
            if key.hasPrefix("%"), let dot = key.firstIndex(of: ".") { key = String(key[key.index(after: dot)...]) }
            return (key, trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces))
        }
    }

    private func quarkusSecurity() -> QuarkusSecurity {
        project.configuration("quarkus-security") { () -> QuarkusSecurity in
            var security = QuarkusSecurity()
            for path in project.paths(named: "application.properties") {
                guard let bytes = project.contents(of: path), BytePatterns(["quarkus."]).matches(bytes) else { continue }
                var permissions: [String: QuarkusPermission] = [:]
                for (key, value) in Self.properties(bytes) {
                    let permission = "quarkus.http.auth.permission."
                    if key.hasPrefix(permission) {
                        let rest = key.dropFirst(permission.count)
                        guard let dot = rest.lastIndex(of: ".") else { continue }
                        let name = String(rest[..<dot])
                        var entry = permissions[name] ?? QuarkusPermission(file: path)
                        let values = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                        switch rest[rest.index(after: dot)...] {
                        case "paths": entry.paths = values
                        case "methods": entry.methods = values.map { $0.uppercased() }
                        case "policy": entry.policy = value
                        case "enabled": entry.enabled = value.lowercased() != "false"
                        default: break
                        }
                        permissions[name] = entry
                    } else if ["quarkus.rest.path", "quarkus.resteasy.path", "quarkus.resteasy-reactive.path", "quarkus.http.root-path"]
                        .contains(key), value.hasPrefix("/"), value != "/"
                    {
                        security.prefixes.append(value)
                    } else if (key == "quarkus.security.jaxrs.deny-unannotated-endpoints" && value.lowercased() == "true")
                        || (key == "quarkus.security.jaxrs.default-roles-allowed" && !value.isEmpty)
                    {
                        security.jaxrsDefault = "\(path) (\(key))"
                    }
                }
                security.permissions += permissions.values.filter { $0.enabled && !$0.paths.isEmpty && $0.policy != nil }
            }
            // `@ApplicationPath("/api")` on the JAX-RS application serves every resource under `/api`.
            if !security.permissions.isEmpty {
                for path in project.paths where path.hasSuffix(".java") || path.hasSuffix(".kt") {
                    guard let bytes = project.contents(of: path), BytePatterns(["@ApplicationPath("]).matches(bytes) else { continue }
                    let text = String(decoding: bytes, as: UTF8.self)
                    guard let range = text.range(of: "@ApplicationPath(") else { continue }
                    let value = text[range.upperBound...].drop { $0 == " " || $0 == "\"" || $0 == "(" }.prefix { $0 != "\"" && $0 != ")" }
                    if value.hasPrefix("/"), value != "/" { security.prefixes.append(String(value)) }
                }
            }
            return security
        }
    }

    /// The Quarkus HTTP permission that decides `path` (served for `method`, when known), when its policy is not
    /// `permit`: `authenticated`, `deny` or a role policy. The most specific matching path decides.
    public func quarkusPathPermission(_ path: String, method: String?) -> String? {
        let security = quarkusSecurity()
        guard !security.permissions.isEmpty else { return nil }
        var candidates = [path]
        for prefix in security.prefixes { candidates.append(prefix + (path.hasPrefix("/") ? path : "/" + path)) }
        var best: (specificity: Int, permissions: [(QuarkusPermission, String)]) = (-1, [])
        for permission in security.permissions {
            if let method, !permission.methods.isEmpty, !permission.methods.contains(method) { continue }
            for pattern in permission.paths where candidates.contains(where: { Self.quarkusPathMatches(pattern, $0) }) {
                // Longer patterns are more specific; a permission that names methods beats one that does not.
                let specificity = pattern.filter { $0 != "*" }.count * 2 + (permission.methods.isEmpty ? 0 : 1)
                if specificity > best.specificity {
                    best = (specificity, [(permission, pattern)])
                } else if specificity == best.specificity {
                    best.permissions.append((permission, pattern))
                }
            }
        }
        guard let closing = best.permissions.first(where: { $0.0.policy != "permit" }) else { return nil }
        return "\(closing.0.file) (\(closing.1) \(closing.0.policy ?? ""))"
    }

    /// Quarkus's permission paths: `/api/*` is `/api` and everything under it, `*` alone every path, any other an
    /// exact path (with or without a trailing slash); inner `*` segments match one segment.
    public static func quarkusPathMatches(_ pattern: String, _ path: String) -> Bool {
        if pattern == "*" || pattern == "/*" { return true }
        var antPattern = pattern
        if antPattern.hasSuffix("/*") { antPattern = String(antPattern.dropLast()) + "**" }
        return antPatternMatches(antPattern, path)
    }

    /// Quarkus's JAX-RS defaults: with `deny-unannotated-endpoints` or `default-roles-allowed`, a resource method
    /// without a security annotation of its own (`@PermitAll` is one) is closed.
    public func quarkusJaxrsDefaultGuard() -> String? { quarkusSecurity().jaxrsDefault }

    // MARK: Micronaut

    /// Micronaut Security denies every route that no rule allows: with `micronaut-security` among the
    /// dependencies of the file's module (its nearest build file or one above it), a route without `@Secured` is
    /// closed, unless security is disabled or the configuration's `intercept-url-map` grants `isAnonymous()` to its
    /// path.
    public func micronautSecurityGuard(forFile path: String, routePath: String?) -> String? {
        var directory = RepoPath.directory(of: path)
        var buildFile: String?
        while buildFile == nil {
            buildFile = project.configuration("micronaut-security-build:" + directory) { () -> String? in
                for name in ["build.gradle", "build.gradle.kts", "pom.xml"] {
                    let candidate = RepoPath.join(directory, name)
                    guard project.exists(candidate), let bytes = project.contents(of: candidate),
                          BytePatterns(["micronaut-security"]).matches(bytes)
                    else { continue }
                    return candidate
                }
                return nil
            }
            if directory.isEmpty { break }
            directory = RepoPath.directory(of: directory)
        }
        guard let buildFile else { return nil }
        let configuration = micronautSecurityConfiguration()
        if configuration.disabled { return nil }
        if let routePath, configuration.anonymousPatterns.contains(where: { Self.antPatternMatches($0, routePath) }) { return nil }
        return "\(buildFile) (micronaut-security)"
    }

    struct MicronautSecurityConfiguration: Sendable {
        var disabled = false
        var anonymousPatterns: [String] = []
    }

    /// `micronaut.security.enabled: false` and the `intercept-url-map` patterns open to anonymous callers, from the
    /// `application*.yml` / `.properties` files.
    private func micronautSecurityConfiguration() -> MicronautSecurityConfiguration {
        project.configuration("micronaut-security-configuration") { () -> MicronautSecurityConfiguration in
            var result = MicronautSecurityConfiguration()
            for path in project.paths {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                guard name.hasPrefix("application"), !path.contains("/test/"),
                      let bytes = project.contents(of: path), BytePatterns(["security"]).matches(bytes)
                else { continue }
                if name.hasSuffix(".properties") {
                    var patterns: [String: String] = [:]
                    var anonymous: Set<String> = []
                    for (key, value) in Self.properties(bytes) {
                        if key == "micronaut.security.enabled", value.lowercased() == "false" { result.disabled = true }
                        guard key.hasPrefix("micronaut.security.intercept-url-map["), let close = key.firstIndex(of: "]") else { continue }
                        let entry = String(key[..<close])
                        if key.hasSuffix(".pattern") { patterns[entry] = value }
                        if key.contains(".access"), value.contains("isAnonymous()") { anonymous.insert(entry) }
                    }
                    result.anonymousPatterns += anonymous.compactMap { patterns[$0] }
                } else if name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
                    Self.readMicronautYAML(String(decoding: bytes, as: UTF8.self), into: &result)
                }
            }
            return result
        }
    }

    /// A line-by-line reading of the two settings in YAML: `enabled: false` directly under `security:`, and the
    /// `- pattern:` entries whose `access:` list holds `isAnonymous()`.
    static func readMicronautYAML(_ text: String, into result: inout MicronautSecurityConfiguration) {
        var securityIndent: Int?
        var pattern: String?
        var patternIndent = 0
        for line in text.split(whereSeparator: \.isNewline) {
            let indent = line.prefix { $0 == " " }.count
            let content = line.drop { $0 == " " }
            guard !content.isEmpty, !content.hasPrefix("#") else { continue }
            if let current = securityIndent, indent <= current { securityIndent = nil }
            if content.hasPrefix("security:") { securityIndent = indent }
            if let current = securityIndent, indent > current, content.replacingOccurrences(of: " ", with: "") == "enabled:false" {
                result.disabled = true
            }
            if content.hasPrefix("- pattern:") {
                pattern = content.dropFirst("- pattern:".count).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                patternIndent = indent
            } else if pattern != nil, indent <= patternIndent {
                // A key of the enclosing map, or an entry of the list without a pattern first.
                pattern = nil
            }
            if let current = pattern, content.contains("isAnonymous()") {
                result.anonymousPatterns.append(current)
                pattern = nil
            }
        }
    }

    // MARK: Ktor

    /// Where a Ktor route function (`fun Route.chatRoutes()`) is called: when every call sits in a guarded block
    /// (`authenticate("auth-jwt") { chatRoutes() }`, `rateLimit(…) { … }`), directly or through the route
    /// functions that call it, the block's header; nil when a call is unguarded or none is found.
    public func ktorMountGuard(ofRouteFunction name: String) -> String? { ktorMountGuard(ofRouteFunction: name, depth: 0) }

    private func ktorMountGuard(ofRouteFunction name: String, depth: Int) -> String? {
        guard depth < 4 else { return nil }
        return project.configuration("ktor-mount-guard:" + name) { () -> String? in
            let needle = BytePatterns([name + "("])
            var guardFound: String?
            for path in project.paths where path.hasSuffix(".kt") && !path.contains("/test/") {
                guard let bytes = project.contents(of: path), needle.matches(bytes), let lexed = lexedFile(path) else { continue }
                let guardTokens = recognizer.guardTokens(in: lexed)
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.text(index) == name {
                    // A call, not the declaration (`fun Route.chatRoutes(`) nor another receiver's method.
                    guard lexed.token(index + 1, isPunctuation: Byte.openParen), !lexed.token(index - 1, isPunctuation: Byte.dot),
                          !lexed.token(index - 1, is: "fun")
                    else { continue }
                    guard let found = ktorGuard(around: index, in: lexed, guardTokens: guardTokens, path: path, depth: depth) else {
                        return nil
                    }
                    guardFound = guardFound ?? found
                }
            }
            return guardFound
        }
    }

    /// The guarded block around a call of a route function: a block whose header holds a guard (and is no
    /// function declaration, nor `authenticate(optional = true)`), or the guard of the route function the call is
    /// in.
    private func ktorGuard(around index: Int, in lexed: LexedSource, guardTokens: [Int], path: String, depth: Int) -> String? {
        for block in lexed.enclosingBlocks(of: index) {
            let info = lexed.blocks[block]
            let header = info.headerStart..<info.openToken
            if header.contains(where: { lexed.token($0, is: "fun") }) {
                // The call is in another route function: guarded where that one is called.
                guard let nameRange = info.nameRange,
                      let name = header.first(where: { lexed.tokens[$0].start == nameRange.lowerBound }),
                      lexed.token(name - 2, is: "Route") || lexed.token(name - 2, is: "Routing")
                else { return nil }
                return ktorMountGuard(ofRouteFunction: lexed.text(name), depth: depth + 1)
            }
            let optional = header.contains { lexed.token($0, is: "optional") && lexed.token($0 + 2, is: "true") }
            if !optional, guardTokens.contains(where: { header.contains($0) }) {
                return "\(lexed.text(info.headerStart)) (\(path):\(lexed.tokens[info.headerStart].line))"
            }
        }
        return nil
    }

    /// Ktor's global rate limiter, `install(RateLimit) { global { rateLimiter(…) } }`, which limits every route.
    public func ktorGlobalRateLimit() -> String? {
        project.configuration("ktor-global-rate-limit") { () -> String? in
            for path in project.paths where path.hasSuffix(".kt") && !path.contains("/test/") {
                guard let bytes = project.contents(of: path), BytePatterns(["install(RateLimit)"]).matches(bytes),
                      let lexed = lexedFile(path)
                else { continue }
                for index in lexed.tokens.indices where lexed.token(index, is: "install") {
                    guard lexed.token(index + 2, is: "RateLimit"), lexed.token(index + 3, isPunctuation: Byte.closeParen),
                          lexed.token(index + 4, isPunctuation: Byte.openBrace), lexed.partner[index + 4] > index
                    else { continue }
                    let body = (index + 4)...lexed.partner[index + 4]
                    if body.contains(where: { lexed.token($0, is: "global") && lexed.token($0 + 1, isPunctuation: Byte.openBrace) }) {
                        return "RateLimit global (\(path):\(lexed.tokens[index].line))"
                    }
                }
            }
            return nil
        }
    }
}

extension CodeIndex {
    /// Whether the JVM build files (`pom.xml`, `build.gradle`) declare model integrations of Spring AI or LangChain4j
    /// and every one of them runs the model on a server of the team's own (Ollama): then a `ChatClient` or
    /// `ChatLanguageModel` call spends nothing per request.
    public func jvmModelsRunLocally() -> Bool {
        project.configuration("jvm-models-run-locally") { () -> Bool in
            var models: [Substring] = []
            for build in ["pom.xml", "build.gradle", "build.gradle.kts"].flatMap({ project.paths(endingWith: "/" + $0) }) {
                guard let bytes = project.contents(of: build) else { continue }
                let text = String(decoding: bytes, as: UTF8.self).lowercased()
                for prefix in ["spring-ai-", "langchain4j-"] {
                    var rest = text[...]
                    while let found = rest.range(of: prefix) {
                        let artifact = rest[found.lowerBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
                        if Self.modelVendors.contains(where: artifact.contains) { models.append(artifact) }
                        rest = rest[found.upperBound...]
                    }
                }
            }
            return !models.isEmpty && models.allSatisfy { artifact in Self.localModelVendors.contains(where: artifact.contains) }
        }
    }

    /// Whether the Spring AI and LangChain4j calls of one Java or Kotlin file run on a model of the team's own. The
    /// file decides when the model classes it names (`OllamaChatModel.builder()`, `import
    /// dev.langchain4j.model.ollama.OllamaChatModel`, `OllamaChatOptions`) are all local ones (Ollama, LocalAI, Jlama):
    /// a project may depend on Anthropic for production features and on Ollama for a developer tool. One naming a paid
    /// vendor's class (`OpenAiChatModel`) beside them is not local; one naming none (a `ChatClient` or
    /// `ChatLanguageModel` it is handed) is decided by the project's builds, `jvmModelsRunLocally()`.
    public func jvmModelsRunLocally(in lexed: LexedSource) -> Bool {
        switch Self.jvmModelClassKind(in: lexed) {
        case .local?: return true
        case .paid?: return false
        case nil: return jvmModelsRunLocally()
        }
    }

    private enum ModelClassKind { case local, paid }

    /// What the model classes a file names say, read only in a file naming a local model server at all; nil when it
    /// names no vendor's model class.
    private static func jvmModelClassKind(in lexed: LexedSource) -> ModelClassKind? {
        guard localModelWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) }) else { return nil }
        var local = false
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let token = lexed.tokens[index]
            // `OllamaChatModel`, `OpenAiStreamingChatModel`, `OllamaChatOptions`: a capitalised name ending so.
            guard token.end - token.start > 5, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(lexed.bytes[token.start]),
                  [UInt8(ascii: "l"), UInt8(ascii: "s")].contains(lexed.bytes[token.end - 1])
            else { continue }
            let name = lexed.text(index)
            guard let suffix = modelClassSuffixes.first(where: name.hasSuffix) else { continue }
            var vendor = name.dropLast(suffix.count)
            while let word = ["Chat", "Streaming", "Language"].first(where: vendor.hasSuffix) { vendor = vendor.dropLast(word.count) }
            // `ChatModel`, `StreamingChatLanguageModel`: the interfaces every vendor's model implements.
            guard !vendor.isEmpty else { continue }
            let lowered = vendor.lowercased()
            guard localModelVendors.contains(where: lowered.hasPrefix) else { return .paid }
            local = true
        }
        return local ? .local : nil
    }

    private static let localModelWords = ["ollama", "localai", "jlama"].map { Array($0.utf8) }

    /// The endings of the classes Spring AI and LangChain4j name a vendor's model by (`OllamaChatModel`,
    /// `AnthropicStreamingChatModel`, `OpenAiEmbeddingModel`, `OllamaChatOptions`).
    private static let modelClassSuffixes = [
        "ChatModel", "LanguageModel", "EmbeddingModel", "ImageModel", "ModerationModel", "ScoringModel", "ChatOptions",
        "EmbeddingOptions",
    ]

    /// The model servers a team runs itself, in artifact (`langchain4j-local-ai`, `spring-ai-starter-model-ollama`)
    /// and class (`LocalAiChatModel`, `JlamaChatModel`) names, lowercased.
    private static let localModelVendors = ["ollama", "local-ai", "localai", "jlama", "gpu-llama3", "gpullama3"]

    /// The catalogue's providers that are those frameworks, whose calls spend nothing when `jvmModelsRunLocally`.
    public static let jvmModelFrameworks: Set<String> = ["spring-ai", "langchain"]

    /// Words of the artifacts that connect Spring AI or LangChain4j to a model (`spring-ai-starter-model-openai`,
    /// `langchain4j-community-dashscope-spring-boot-starter`), as opposed to their cores, BOMs and vector stores.
    /// LangChain4j spells some vendors apart (`langchain4j-open-ai`, `langchain4j-azure-open-ai`, `langchain4j-mistral-ai`,
    /// `langchain4j-hugging-face`, `langchain4j-zhipu-ai`), Spring AI mostly not (`spring-ai-openai`, `spring-ai-zhipuai`).
    private static let modelVendors = [
        "openai", "open-ai", "anthropic", "azure", "vertex", "bedrock", "mistral", "ollama", "dashscope", "zhipu", "qianfan",
        "minimax", "moonshot", "huggingface", "hugging-face", "google", "gemini", "deepseek", "groq", "watsonx",
        "oci-genai", "cohere", "github-models", "workers-ai", "voyage-ai", "jina", "nomic", "stability-ai", "chatglm",
        "local-ai", "localai", "jlama", "gpu-llama3",
    ]
}

extension CodeIndex {
    /// A servlet filter of the project that turns requests away (`response.sendError(SC_UNAUTHORIZED)`,
    /// `setStatus(401)`) and runs for `path`: the URL patterns a `FilterRegistrationBean` or `@WebFilter` gives it,
    /// or every path for one Spring registers as a `@Component` without them. Authentication done so, outside
    /// Spring Security, guards the routes under it.
    public func servletFilterGuard(forPath path: String) -> String? {
        for filter in refusingServletFilters() where filter.patterns.isEmpty || filter.patterns.contains(where: {
            Self.antPatternMatches(Self.servletPatternAsAnt($0), path)
        }) {
            return "\(filter.file) (servlet filter \(filter.name))"
        }
        return nil
    }

    /// `/api/*` (the servlet form) covers every path under `/api`, as `/api/**` does.
    private static func servletPatternAsAnt(_ pattern: String) -> String {
        pattern.hasSuffix("/*") ? pattern + "*" : pattern
    }

    private struct ServletFilter: Sendable {
        var name: String
        var file: String
        /// Empty: every path.
        var patterns: [String]
    }

    /// The project's servlet filters that refuse requests, with the URL patterns they run for; read once.
    private func refusingServletFilters() -> [ServletFilter] {
        project.configuration("refusing-servlet-filters") { () -> [ServletFilter] in
            var filters: [ServletFilter] = []
            let survey = jvmSourceSurvey()
            let refusing = survey.refusingFilters.compactMap { source -> (path: String, name: String, text: String)? in
                guard let name = source.path.split(separator: "/").last?.split(separator: ".").first.map(String.init) else { return nil }
                return (source.path, name, source.text)
            }
            // The files that register filters with patterns: `FilterRegistrationBean<JwtFilter>` … `addUrlPatterns(…)`.
            let registrations = survey.filterRegistrations.map { (path: $0.path, text: $0.text) }
            for (path, name, text) in refusing {
                var patterns = Self.quotedArguments(of: ["@WebFilter(", "urlPatterns"], in: text)
                var registered = !patterns.isEmpty || text.contains("@WebFilter")
                for other in registrations where other.path != path && other.text.contains(name) {
                    registered = true
                    patterns += Self.quotedArguments(of: ["addUrlPatterns(", "setUrlPatterns(", "urlPatterns"], in: other.text)
                }
                // A filter neither registered nor a Spring bean runs nowhere.
                guard registered || text.contains("@Component") || text.contains("@Service") else { continue }
                filters.append(ServletFilter(name: name, file: path, patterns: patterns))
            }
            return filters
        }
    }

    /// The string literals starting with `/` after each of `markers`, to the end of its line: `"/api/*"` of
    /// `bean.addUrlPatterns("/api/*", "/chat/*")`.
    private static func quotedArguments(of markers: [String], in text: String) -> [String] {
        var found: [String] = []
        for marker in markers {
            var rest = text[...]
            while let hit = rest.range(of: marker) {
                let line = rest[hit.upperBound...].prefix { $0 != "\n" && $0 != "\r\n" }
                let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
                for (position, part) in parts.enumerated() where position % 2 == 1 && part.hasPrefix("/") { found.append(String(part)) }
                rest = rest[hit.upperBound...]
            }
        }
        return found
    }
}
