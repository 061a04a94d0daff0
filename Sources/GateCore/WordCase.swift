/// Names written the way frameworks derive them from a type's name.
public enum WordCase {
    /// `LlmClient` → `llm_client`, `HTTPStatus` → `http_status`, `UserID` → `user_id`: a capital starts a word after a
    /// lower-case letter or a digit, or before a lower-case letter (an initialism stays one word). Rails' Zeitwerk
    /// names files so, and GORM columns and tables.
    public static func underscored(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && next?.isLowercase == true) {
                    result += "_"
                }
            }
            result += character.lowercased()
        }
        return result
    }
}
