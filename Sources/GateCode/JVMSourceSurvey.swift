import GateCore

/// One pass over a project's Java and Kotlin sources for the configuration that guards routes from outside their
/// files: the Spring Security filter chains, and the servlet filters that refuse requests with the registrations
/// that map them. Both are asked of the same unguarded handlers, so each file is read once for both; only the files
/// that hold one of them are kept.
struct JVMSourceSurvey: Sendable {
    struct Source: Sendable {
        var path: String
        var text: String
    }

    /// Application (not test) files declaring a Spring Security filter chain or enabling web security, in any class
    /// (`SecurityConfig`, `WebConfig`, `Application`).
    var securityConfigurations: [String] = []
    /// Files declaring a servlet filter that refuses requests (`OncePerRequestFilter` with `sendError(SC_UNAUTHORIZED)`).
    var refusingFilters: [Source] = []
    /// Files registering filters with URL patterns (`FilterRegistrationBean`).
    var filterRegistrations: [Source] = []

    /// A filter chain bean (`SecurityFilterChain`, WebFlux's `SecurityWebFilterChain`), the annotations enabling
    /// web security, the adapter of Spring Security 5, or the builder they all configure (`HttpSecurity`,
    /// `ServerHttpSecurity`).
    static let securityChainWords = BytePatterns([
        "SecurityFilterChain", "SecurityWebFilterChain", "EnableWebSecurity", "EnableWebFluxSecurity",
        "WebSecurityConfigurerAdapter", "HttpSecurity",
    ])
    private static let filterBases = BytePatterns(["OncePerRequestFilter", "implements Filter", ": Filter", "GenericFilterBean"])
    private static let refusals = BytePatterns([
        "sendError(", "SC_UNAUTHORIZED", "SC_FORBIDDEN", "setStatus(401", "setStatus(403", "HttpStatus.UNAUTHORIZED",
        "status = 401", "status = 403",
    ])
    private static let registration = BytePatterns(["FilterRegistrationBean"])

    init() {}

    init(project: Project) {
        for path in project.paths where path.hasSuffix(".java") || path.hasSuffix(".kt") {
            guard let bytes = project.contents(of: path) else { continue }
            if Self.securityChainWords.matches(bytes), !CodeIndex.isJVMTestCode(path) { securityConfigurations.append(path) }
            if Self.registration.matches(bytes) {
                filterRegistrations.append(Source(path: path, text: String(decoding: bytes, as: UTF8.self)))
            }
            if Self.filterBases.matches(bytes), Self.refusals.matches(bytes) {
                refusingFilters.append(Source(path: path, text: String(decoding: bytes, as: UTF8.self)))
            }
        }
    }
}

extension CodeIndex {
    /// The project's Java and Kotlin sources surveyed once (JVMSourceSurvey).
    func jvmSourceSurvey() -> JVMSourceSurvey {
        project.configuration("jvm-source-survey") { JVMSourceSurvey(project: project) }
    }

    /// The files a Spring Security configuration is read from (its filter chain's guard, the matchers it opens to
    /// everyone): those named for security (`SecurityConfig.java`, `WebSecurityConfiguration.kt`) that declare a
    /// chain, read alone; else any application class that declares one (`WebConfig`, `Application`), found by the
    /// survey of every source, which a project without the former pays for once. Test code is not the application:
    /// a `@TestConfiguration` chain guards nothing at run time. Read once.
    func springSecurityConfigurations() -> [String] {
        project.configuration("spring-security-configurations") { () -> [String] in
            let named = project.paths.filter { path in
                Self.isSpringSecurityConfiguration(path) && !Self.isJVMTestCode(path)
                    && project.contents(of: path).map(JVMSourceSurvey.securityChainWords.matches) == true
            }
            return named.isEmpty ? jvmSourceSurvey().securityConfigurations : named
        }
    }
}
