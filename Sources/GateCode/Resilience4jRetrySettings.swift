import Foundation
import GateCore

/// resilience4j's retry instances as a Spring Boot project configures them (`application*.yml` or `.properties`, any
/// profile): `resilience4j.retry.instances.<name>.maxAttempts` (or `max-attempts`), else that of the instance's
/// `baseConfig`, else that of the `default` config. A method annotated `@Retry(name = "<name>")` is attempted that
/// many times; resilience4j's own default is 3.
extension CodeIndex {
    /// The attempts the project gives the retry instance `name`, and where; nil when it sets none.
    public func resilience4jRetryAttempts(instance name: String) -> ProjectJobRetries? {
        let settings = project.configuration("resilience4j-retry") { () -> Resilience4jRetrySettings in
            var settings = Resilience4jRetrySettings()
            for path in project.paths {
                let file = Self.fileName(path)
                guard file.hasPrefix("application"), file.hasSuffix(".properties") || file.hasSuffix(".yml") || file.hasSuffix(".yaml"),
                      Self.mayConfigureDeployment(path), let bytes = project.contents(of: path),
                      ByteSearch.containsFolded(bytes, Self.resilience4jWord)
                else { continue }
                let pairs = file.hasSuffix(".properties") ? Self.properties(bytes) : Self.yamlScalars(bytes)
                for (key, value) in pairs { settings.read(key: key, value: value, path: path) }
            }
            return settings
        }
        return settings.attempts(ofInstance: name)
    }

    private static let resilience4jWord = Array("resilience4j".utf8)
}

/// The retry settings read from a project's configuration files.
struct Resilience4jRetrySettings: Sendable {
    /// `maxAttempts` by instance and by config, the largest where profiles disagree.
    private var instanceAttempts: [String: ProjectJobRetries] = [:]
    private var configAttempts: [String: ProjectJobRetries] = [:]
    private var baseConfigs: [String: String] = [:]

    /// Reads one flattened setting (`resilience4j.retry.instances.openai.maxAttempts` = `10`).
    mutating func read(key: String, value: String, path: String) {
        let parts = key.split(separator: ".").map(String.init)
        guard parts.count == 5, parts[0] == "resilience4j", parts[1] == "retry" else { return }
        let (group, name, setting) = (parts[2], parts[3], parts[4].lowercased().filter { $0 != "-" && $0 != "_" })
        let trimmed = value.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        if setting == "baseconfig", group == "instances" {
            baseConfigs[name] = trimmed
            return
        }
        guard setting == "maxattempts" || setting == "maxretryattempts", let attempts = Int(trimmed) else { return }
        let found = ProjectJobRetries(attempts: attempts, setting: "\(key)=\(attempts)", path: path)
        switch group {
        case "instances": instanceAttempts[name] = ProjectJobRetries.most([instanceAttempts[name], found].compactMap { $0 })
        case "configs": configAttempts[name] = ProjectJobRetries.most([configAttempts[name], found].compactMap { $0 })
        default: break
        }
    }

    func attempts(ofInstance name: String) -> ProjectJobRetries? {
        instanceAttempts[name] ?? baseConfigs[name].flatMap { configAttempts[$0] } ?? configAttempts["default"]
    }
}
