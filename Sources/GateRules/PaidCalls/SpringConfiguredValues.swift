import Foundation
import GateCore

/// Values a Spring application reads from its configuration (`application.yml`: `openai.base-url:
/// https://api.openai.com/v1`) where it builds a client: `RestClient.builder().baseUrl(props.getBaseUrl())` on a
/// `@ConfigurationProperties(prefix = "openai")` class's getter (a record's accessor, a Kotlin property), or
/// `builder.baseUrl(baseUrl)` on a parameter or field annotated `@Value("${openai.base-url}")`. The client's requests
/// go where the configuration points: a paid API's host, or a server on this machine.
extension HTTPRequestSites {
    /// The configured URL the expression starting at `index` reads, with its last token: `props.getBaseUrl()`,
    /// `props.baseUrl()`, `props.baseUrl`, or a name bound by `@Value`. Nil for anything else, or a key the
    /// configuration does not set. Of several profiles' values, one on a host off this machine.
    func springConfiguredValue(at index: Int, within range: ClosedRange<Int>) -> (URLValue, end: Int)? {
        guard lexed.language == .java || lexed.language == .kotlin, let springSettingValues,
              !lexed.token(index - 1, isPunctuation: Byte.dot)
        else { return nil }
        var key: String?
        var fallback: String?
        var end = index
        if lexed.token(index + 1, isPunctuation: Byte.dot), index + 2 <= range.upperBound, isName(index + 2) {
            // `props.getBaseUrl()`, `props.baseUrl()`, Kotlin's `props.baseUrl`: a property of the class's prefix.
            var property = lexed.text(index + 2)
            end = index + 2
            if lexed.token(index + 3, isPunctuation: Byte.openParen), lexed.partner[index + 3] == index + 4 {
                end = index + 4
                if property.hasPrefix("get"), property.count > 3, property.dropFirst(3).first?.isUppercase == true {
                    property = String(property.dropFirst(3))
                }
            } else if lexed.token(index + 3, isPunctuation: Byte.dot) || lexed.token(index + 3, isPunctuation: Byte.openParen) {
                return nil
            }
            guard end <= range.upperBound, let type = declaredType(of: lexed.text(index)),
                  let prefix = springConfigurationPrefix?(type)
            else { return nil }
            key = prefix + "." + property
        } else if !lexed.token(index + 1, isPunctuation: Byte.openParen), let annotated = valueAnnotation(binding: lexed.text(index)) {
            // `@Value("${openai.base-url:https://api.openai.com/v1}")`: the key, and the default after its colon.
            var inner = annotated.dropFirst(annotated.hasPrefix("${") ? 2 : 0)
            if inner.hasSuffix("}") { inner = inner.dropLast() }
            if let colon = inner.firstIndex(of: ":") {
                fallback = String(inner[inner.index(after: colon)...])
                inner = inner[..<colon]
            }
            key = String(inner)
        }
        guard let key else { return nil }
        let values = springSettingValues(key).compactMap(HTTPRequestSites.urlValue(ofLiteral:))
            + (fallback.flatMap(HTTPRequestSites.urlValue(ofLiteral:)).map { [$0] } ?? [])
        guard let chosen = values.first(where: { $0.host.map { !HTTPRequestSites.isLocal($0) } ?? false }) ?? values.first else {
            return nil
        }
        return (chosen, end)
    }

    private func isName(_ index: Int) -> Bool { index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier }

    /// The type a name of the file is declared with: Java's `OpenAiProperties props` (a parameter, field or local),
    /// Kotlin's `props: OpenAiProperties`.
    private func declaredType(of name: String) -> String? {
        let spelled = Array(name.utf8)
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
            && lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(spelled)
        {
            if let type = lexed.jvmDeclaredType(ofNameAt: index)?.last { return lexed.text(type) }
        }
        return nil
    }

    /// The placeholder of the `@Value("${…}")` annotation on the declaration of `name` (a constructor parameter, a
    /// field, a Kotlin property), as written.
    private func valueAnnotation(binding name: String) -> String? {
        for index in lexed.tokens.indices where lexed.token(index, is: "Value") && lexed.token(index - 1, isPunctuation: Byte.at)
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            let close = lexed.partner[index + 1]
            guard let placeholder = ((index + 2)..<close).first(where: { lexed.tokens[$0].kind == .string }) else { continue }
            // The declaration it is on: the first name after it followed by what ends one (`String baseUrl,`,
            // `private val baseUrl: String`).
            var cursor = close + 1
            while cursor < min(close + 8, lexed.tokens.count - 1) {
                if isName(cursor),
                   [Byte.comma, Byte.closeParen, Byte.semicolon, Byte.equals, Byte.colon].contains(where: { lexed.token(cursor + 1, isPunctuation: $0) })
                {
                    if lexed.text(cursor) == name { return lexed.text(placeholder).replacingOccurrences(of: "\\$", with: "$") }
                    break
                }
                cursor += 1
            }
        }
        return nil
    }
}
