import GateCore

extension CodeIndex {
    /// The build file that puts Spring Security on a Spring Boot application's classpath when nothing else configures
    /// it: Boot's auto-configuration then requires authentication for every request (HTTP Basic and form login with a
    /// generated user), so every controller is guarded. Nil when the project declares a filter chain of its own
    /// (which takes over from the default and is judged by its own matchers), when the auto-configuration is named
    /// anywhere (an `exclude`, or `spring.autoconfigure.exclude`: the default may be off), or when no build file
    /// depends on the starter. Read once.
    func springBootDefaultSecurity() -> String? {
        project.configuration("spring-boot-default-security") { () -> String? in
            let buildFiles = project.paths.filter { path in
                !path.contains("node_modules/")
                    && ["pom.xml", "build.gradle", "build.gradle.kts"].contains(where: { path == $0 || path.hasSuffix("/" + $0) })
            }
            guard let buildFile = buildFiles.first(where: { path in
                project.contents(of: path).map(Self.securityStarter.matches) ?? false
            }) else { return nil }
            // Read only when the starter is there: a project of that kind is small enough to search whole.
            let takesOver = project.paths.contains { path in
                guard Self.mayConfigureSpring(path), let bytes = project.contents(of: path) else { return false }
                return Self.ownSecurityConfiguration.matches(bytes)
            }
            return takesOver ? nil : buildFile
        }
    }

    /// Maven's `<artifactId>spring-boot-starter-security</artifactId>`, Gradle's
    /// `"org.springframework.boot:spring-boot-starter-security"` and a version catalogue's
    /// `libs.spring.boot.starter.security`.
    private static let securityStarter = BytePatterns(["spring-boot-starter-security", "spring.boot.starter.security"])

    /// A filter chain or adapter of the project's own, or the auto-configuration named (to exclude it).
    private static let ownSecurityConfiguration = BytePatterns([
        "SecurityFilterChain", "SecurityWebFilterChain", "WebSecurityConfigurerAdapter", "SecurityAutoConfiguration",
    ])

    /// Sources and the settings files that can exclude an auto-configuration.
    private static func mayConfigureSpring(_ path: String) -> Bool {
        [".java", ".kt", ".groovy", ".properties", ".yml", ".yaml"].contains(where: path.hasSuffix)
            && !path.contains("node_modules/")
    }
}
