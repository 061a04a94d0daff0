import Foundation
import GateCore

extension CodeIndex {
    /// The build file that puts Spring Security on a Spring Boot application's classpath when nothing else configures
    /// it: Boot's auto-configuration then requires authentication for every request (HTTP Basic and form login with a
    /// generated user), so every controller is guarded.
    ///
    /// Nil, so that handlers are judged on their own, when a build file declares a web starter without the security
    /// starter (a module of the build whose controllers nothing guards: which module a handler belongs to is not
    /// worked out, so one such module is enough), when the starter is only commented out or test-scoped, when the
    /// application's own code declares a filter chain (which takes over from the default and is judged by its own
    /// matchers), or when it names the auto-configuration (an `exclude`, or `spring.autoconfigure.exclude`: the
    /// default may be off). Test code is not the application: a `@TestConfiguration` chain or a slice test's
    /// exclusion changes nothing at run time. Read once.
    func springBootDefaultSecurity() -> String? {
        project.configuration("spring-boot-default-security") { () -> String? in
            var secured: String?
            for path in project.paths where Self.isBuildFile(path) {
                guard let bytes = project.contents(of: path) else { continue }
                let starters = SpringBootStarters(buildFile: path, bytes: bytes)
                if starters.security {
                    secured = secured ?? path
                } else if starters.web {
                    return nil
                }
            }
            guard let secured else { return nil }
            // Read only when the starter is there: a project of that kind is small enough to search whole.
            let takesOver = project.paths.contains { path in
                guard Self.mayConfigureSpring(path), !Self.isJVMTestCode(path), let bytes = project.contents(of: path) else {
                    return false
                }
                return Self.ownSecurityConfiguration.matches(bytes)
            }
            return takesOver ? nil : secured
        }
    }

    /// A filter chain or adapter of the project's own, or the auto-configuration named (to exclude it).
    private static let ownSecurityConfiguration = BytePatterns([
        "SecurityFilterChain", "SecurityWebFilterChain", "WebSecurityConfigurerAdapter", "SecurityAutoConfiguration",
    ])

    private static func isBuildFile(_ path: String) -> Bool {
        !path.contains("node_modules/")
            && ["pom.xml", "build.gradle", "build.gradle.kts"].contains(where: { path == $0 || path.hasSuffix("/" + $0) })
    }

    /// Sources and the settings files that can exclude an auto-configuration.
    private static func mayConfigureSpring(_ path: String) -> Bool {
        [".java", ".kt", ".groovy", ".properties", ".yml", ".yaml"].contains(where: path.hasSuffix)
            && !path.contains("node_modules/")
    }

    /// Maven's and Gradle's test sources (`src/test/`, `src/integrationTest/`, a `test/` folder) and test classes by
    /// their names (`…Test.java`, `…Tests.kt`, `…IT.java`).
    static func isJVMTestCode(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        if parts.dropLast().contains(where: { $0 == "test" || $0 == "tests" || $0 == "integrationTest" || $0 == "testFixtures" }) {
            return true
        }
        let stem = parts.last.map { $0.prefix(while: { $0 != "." }) } ?? ""
        return stem.hasSuffix("Test") || stem.hasSuffix("Tests") || stem.hasSuffix("IT")
    }
}

/// Which Spring Boot starters a Maven or Gradle build file puts on the application's run-time classpath: the
/// security starter, and a web starter (`-web`, `-webflux`, `-web-services`). Commented-out declarations, Maven's
/// `test` scope and `<dependencyManagement>` (versions, not dependencies), and Gradle's test and compile-only
/// configurations do not count.
struct SpringBootStarters {
    var security = false
    var web = false

    init(buildFile path: String, bytes: [UInt8]) {
        if path.hasSuffix("pom.xml") { readMaven(String(decoding: bytes, as: UTF8.self)) } else { readGradle(bytes) }
    }

    private mutating func note(_ artifact: Substring) {
        if artifact.hasPrefix("spring-boot-starter-security") || artifact.hasPrefix("spring.boot.starter.security") {
            security = true
        } else if artifact.hasPrefix("spring-boot-starter-web") || artifact.hasPrefix("spring.boot.starter.web") {
            web = true
        }
    }

    private mutating func readMaven(_ text: String) {
        let pom = Self.removing(from: Self.removing(from: text[...], between: "<!--", and: "-->"),
                                between: "<dependencyManagement>", and: "</dependencyManagement>")
        var rest = pom[...]
        while let open = rest.range(of: "<dependency>") {
            let after = rest[open.upperBound...]
            let close = after.range(of: "</dependency>")
            let block = close.map { after[..<$0.lowerBound] } ?? after
            rest = close.map { after[$0.upperBound...] } ?? after[after.endIndex...]
            guard Self.element("scope", in: block) != "test", let artifact = Self.element("artifactId", in: block) else { continue }
            note(artifact)
        }
    }

    /// The configurations whose dependencies the application runs with.
    private static let runtimeConfigurations: Set<Substring> = ["implementation", "api", "runtimeOnly", "compile", "runtime"]

    private mutating func readGradle(_ bytes: [UInt8]) {
        for line in TextLines(decoding: bytes) {
            let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line
            let trimmed = code.drop(while: { $0 == " " || $0 == "\t" })
            let configuration = trimmed.prefix(while: { $0.isLetter || $0.isNumber })
            guard Self.runtimeConfigurations.contains(configuration) else { continue }
            // `"org.springframework.boot:spring-boot-starter-security"`, `libs.spring.boot.starter.security`.
            for marker in ["spring-boot-starter-", "spring.boot.starter."] {
                if let found = trimmed.range(of: marker) { note(trimmed[found.lowerBound...]) }
            }
        }
    }

    /// The text of the first `<name>…</name>` in `block`, trimmed.
    private static func element(_ name: String, in block: Substring) -> Substring? {
        guard let open = block.range(of: "<\(name)>"), let close = block[open.upperBound...].range(of: "</\(name)>") else {
            return nil
        }
        return block[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)[...]
    }

    /// `text` without each span from `start` to `end` (an unclosed one runs to the end).
    private static func removing(from text: Substring, between start: String, and end: String) -> Substring {
        var kept = ""
        var rest = text
        while let open = rest.range(of: start) {
            kept += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: end) else { return Substring(kept) }
            rest = rest[close.upperBound...]
        }
        kept += rest
        return Substring(kept)
    }
}
