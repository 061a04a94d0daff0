import Foundation
import GateCore

/// Spring AI retries every model call through its auto-configured `RetryTemplate`: `spring.ai.retry.max-attempts`
/// attempts in all (10 unless set) on transient failures, and on 4xx responses too once `spring.ai.retry.on-client-errors`
/// is `true` (its default is `false`), a bad request then paid for again. A change to a Spring Boot configuration file
/// (`application*.yml`, `.yaml` or `.properties`) that sets the attempts above the bound, or turns the retries of
/// client errors on while the attempts (set or default) are above it, is reported on that line: the setting applies to
/// every ChatClient and ChatModel call of the application. Spring AI's default alone is not reported, as no paid
/// SDK's own default retries are.
extension PaidRetryDetector {
    private static let springWord = Array("spring".utf8), retryWord = Array("retry".utf8)
    /// The attempts Spring AI's retry template allows unless `max-attempts` says.
    private static let springAIDefaultAttempts = 10

    /// The findings of a Spring Boot configuration file's Spring AI retry settings; nil for any other file.
    func springAIRetrySettings(_ file: SourceFile, context: DetectionContext) -> [Finding]? {
        // Every changed path is asked: its ending first, before its name is cut out.
        let path = file.path
        let properties = path.hasSuffix(".properties")
        guard properties || path.hasSuffix(".yml") || path.hasSuffix(".yaml") else { return nil }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name.hasPrefix("application") else { return nil }
        guard ByteSearch.containsFolded(file.bytes, Self.springWord), ByteSearch.containsFolded(file.bytes, Self.retryWord),
              !file.path.split(separator: "/").dropLast().contains(where: { $0 == "test" || $0 == "tests" })
        else { return [] }
        var attempts: (value: Int, line: Int)?
        var clientErrors: Int?
        for setting in properties ? Self.propertiesSettings(file.bytes) : Self.yamlSettings(file.bytes) {
            switch setting.key.lowercased().filter({ $0 != "-" && $0 != "_" }) {
            case "spring.ai.retry.maxattempts":
                if let value = Int(setting.value) { attempts = (value, setting.line) }
            case "spring.ai.retry.onclienterrors":
                if setting.value.lowercased() == "true" { clientErrors = setting.line }
            default:
                continue
            }
        }
        let allowed = attempts?.value ?? Self.springAIDefaultAttempts
        guard RetryBound.exceeded(attempts: allowed, bound: context.retryBound),
              let line = [attempts?.line, clientErrors].compactMap({ $0 }).filter(file.adds).min()
        else { return [] }
        let setting = attempts.map { "spring.ai.retry.max-attempts=\($0.value)" } ?? "spring.ai.retry.max-attempts unset: \(allowed)"
        let errors = clientErrors == nil ? "" : ", 4xx responses retried too"
        return [.paid(
            description, file: file, line: line, column: nil,
            message: "every Spring AI model call retried by its retry template with up to \(allowed) attempts (\(setting)\(errors)) "
                + "and no idempotency key",
            provider: "spring-ai", evidence: setting)]
    }

    /// The `key=value` (or `key: value`) lines of a `.properties` file, with their line numbers.
    private static func propertiesSettings(_ bytes: [UInt8]) -> [(key: String, value: String, line: Int)] {
        var result: [(key: String, value: String, line: Int)] = []
        for (offset, line) in TextLines(decoding: bytes).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix("!"), let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" })
            else { continue }
            var key = trimmed[..<separator].trimmingCharacters(in: .whitespaces)
            // A profile's key (`%prod.spring.ai…`) is the same setting.
            if key.hasPrefix("%"), let dot = key.firstIndex(of: ".") { key = String(key[key.index(after: dot)...]) }
            result.append((key, Self.unquoted(trimmed[trimmed.index(after: separator)...]), offset + 1))
        }
        return result
    }

    /// The scalar `key: value` lines of a YAML file, keys joined with dots along their indentation
    /// (`spring:` / `ai:` / `retry:` / `max-attempts: 20` is `spring.ai.retry.max-attempts`), with their line numbers.
    /// Lists, flow collections and block scalars are passed over: Spring AI's retry settings are plain scalars.
    private static func yamlSettings(_ bytes: [UInt8]) -> [(key: String, value: String, line: Int)] {
        var result: [(key: String, value: String, line: Int)] = []
        var parents: [(indent: Int, key: String)] = []
        for (offset, line) in TextLines(decoding: bytes).enumerated() {
            if line.hasPrefix("---") { parents.removeAll(); continue }
            let content = line.drop(while: { $0 == " " })
            guard !content.isEmpty, !content.hasPrefix("#"), !content.hasPrefix("-"), let colon = content.firstIndex(of: ":") else { continue }
            let indent = line.count - content.count
            while let last = parents.last, last.indent >= indent { parents.removeLast() }
            let key = content[..<colon].trimmingCharacters(in: .whitespaces)
            var value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
            let path = (parents.map(\.key) + [key]).joined(separator: ".")
            if value.isEmpty {
                parents.append((indent, key))
            } else {
                result.append((path, Self.unquoted(Substring(value)), offset + 1))
            }
        }
        return result
    }

    private static func unquoted(_ value: Substring) -> String {
        value.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
}
