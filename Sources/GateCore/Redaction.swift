/// Shows enough of a secret to find it, never enough to use it.
public enum Redaction {
    /// `sk-proj-abc…` becomes `sk-p…[redacted 48 chars]`: a short recognisable prefix and the length.
    public static func redact(_ secret: String) -> String {
        let characters = Array(secret)
        let shown = characters.count >= 16 ? 4 : 0
        return String(characters.prefix(shown)) + "…[redacted \(characters.count) chars]"
    }

    /// Replaces the password in a libpq URI (`postgres://user:pw@host`) or keyword string (`password=pw`).
    public static func redactConnectionString(_ text: String) -> String {
        var result = text
        if let scheme = result.range(of: "://"), let at = result[scheme.upperBound...].firstIndex(of: "@") {
            let userInfo = result[scheme.upperBound..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                result.replaceSubrange(result.index(after: colon)..<at, with: "***")
            }
        }
        var output = ""
        var remaining = Substring(result)
        while let range = remaining.range(of: "password=") {
            output += remaining[..<range.upperBound]
            output += "***"
            remaining = remaining[range.upperBound...]
            if let end = remaining.firstIndex(where: { $0 == " " || $0 == "&" }) {
                remaining = remaining[end...]
            } else {
                remaining = ""
            }
        }
        return output + remaining
    }
}
