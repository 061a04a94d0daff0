import Foundation
import GateCore

/// The settings a Spring Boot project's configuration gives (`application*.yml`, `.yaml` or `.properties`, any
/// profile), read where code takes a value from them: `@Value("${openai.base-url}")`, or a getter of a
/// `@ConfigurationProperties(prefix = "openai")` class (`props.getBaseUrl()`). A client built on such a base sends
/// its requests where the configuration says.
extension CodeIndex {
    /// The values the configuration gives `key`, by Spring's relaxed binding (`openai.base-url`, `openai.baseUrl` and
    /// `openai.base_url` are one key), each profile's, placeholders resolved (`${OPENAI_BASE_URL:https://…}` is the
    /// setting of that name, else its default). Empty when none sets it.
    public func springSettingValues(_ key: String) -> [String] {
        let settings = project.configuration("spring-settings") { () -> [String: [String]] in
            var settings: [String: [String]] = [:]
            for path in project.paths {
                let file = Self.fileName(path)
                guard file.hasPrefix("application") || file.hasPrefix("bootstrap"),
                      file.hasSuffix(".properties") || file.hasSuffix(".yml") || file.hasSuffix(".yaml"),
                      Self.mayConfigureDeployment(path), let bytes = project.contents(of: path)
                else { continue }
                let pairs = file.hasSuffix(".properties") ? Self.properties(bytes) : Self.yamlScalars(bytes)
                for (key, value) in pairs {
                    settings[Self.relaxedKey(key), default: []].append(value.trimmingCharacters(in: Self.quotes))
                }
            }
            return settings
        }
        return (settings[Self.relaxedKey(key)] ?? []).compactMap { Self.resolvingPlaceholder($0, in: settings, depth: 0) }
    }

    /// The prefix of the project's `@ConfigurationProperties` class named `name` (`openai` of
    /// `@ConfigurationProperties(prefix = "openai") public class OpenAiProperties`, or a record's); nil when the
    /// project has none of that name. Read once.
    public func springConfigurationPrefix(ofClass name: String) -> String? {
        let prefixes = project.configuration("spring-configuration-properties") { () -> [String: String] in
            var prefixes: [String: String] = [:]
            for path in project.paths where path.hasSuffix(".java") || path.hasSuffix(".kt") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.configurationPropertiesWord),
                      let lexed = lexedFile(path)
                else { continue }
                for index in lexed.tokens.indices where lexed.token(index, is: "ConfigurationProperties")
                    && lexed.token(index - 1, isPunctuation: Byte.at) && lexed.token(index + 1, isPunctuation: Byte.openParen)
                    && lexed.partner[index + 1] > index + 1
                {
                    // `("openai")`, `(prefix = "openai")`, `(value = "openai")`.
                    let close = lexed.partner[index + 1]
                    guard let prefix = ((index + 2)..<close).first(where: { lexed.tokens[$0].kind == .string })
                            .map({ lexed.text($0) }),
                          let declared = ((close + 1)..<min(close + 24, lexed.tokens.count - 1)).first(where: { cursor in
                              lexed.token(cursor, is: "class") || lexed.token(cursor, is: "record")
                          }),
                          lexed.isIdentifier(declared + 1)
                    else { continue }
                    prefixes[lexed.text(declared + 1)] = prefix
                }
            }
            return prefixes
        }
        return prefixes[name]
    }

    private static let configurationPropertiesWord = Array("@configurationproperties".utf8)
    private static let quotes = CharacterSet(charactersIn: "\"' ")

    /// A key as Spring's relaxed binding compares it: lowercased, without dashes and underscores.
    static func relaxedKey(_ key: String) -> String {
        String(key.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" })
    }

    /// A value with its `${name:default}` placeholder resolved: the setting `name` (or, as Spring reads environment
    /// variables, `OPENAI_BASE_URL` for `openai.base-url`), else the default; nil for a placeholder with neither.
    private static func resolvingPlaceholder(_ value: String, in settings: [String: [String]], depth: Int) -> String? {
        guard value.hasPrefix("${"), value.hasSuffix("}") else { return value }
        let inner = value.dropFirst(2).dropLast()
        let (name, fallback): (Substring, Substring?) = inner.firstIndex(of: ":").map { (inner[..<$0], inner[inner.index(after: $0)...]) }
            ?? (inner, nil)
        if depth < 3, let set = settings[relaxedKey(String(name))]?.first,
           let resolved = resolvingPlaceholder(set, in: settings, depth: depth + 1)
        {
            return resolved
        }
        return fallback.map(String.init)
    }
}
