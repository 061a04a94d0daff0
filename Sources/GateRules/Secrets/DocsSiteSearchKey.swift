/// The Algolia key of a docs site's search box: Docusaurus's `themeConfig: { algolia: { appId, apiKey, indexName } }`,
/// VitePress's `themeConfig: { search: { provider: 'algolia', options: { appId, apiKey, indexName } } }`.
///
/// A theme config is built into the site's pages, so its key reaches every reader's browser: Algolia's search-only
/// key, public by design. Algolia's admin key is never written there (the catalogue reports it under its own names).
enum DocsSiteSearchKey {
    private static let apiKey = Array("apiKey".utf8)
    private static let themeConfig = Array("themeConfig".utf8)
    /// Lowercase, as `containsIgnoringCase` takes it.
    private static let indexName = Array("indexname".utf8)
    /// How many objects up the theme config is looked for: `algolia`, or `options` then `search`.
    private static let deepestNesting = 3
    /// How far the object holding the key is read either way: a search box's settings are a few lines.
    private static let window = 1_024

    /// Whether the setting named at `name` is the `apiKey` of a search box's settings (beside their `indexName`) in
    /// a theme config.
    static func isSearchKey(named name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard buffer[name].elementsEqual(apiKey), let object = enclosingObject(of: name, in: buffer),
              SecretValue.containsIgnoringCase(buffer, object, indexName)
        else { return false }
        var setting = name
        for _ in 0..<deepestNesting {
            guard let parent = NestedSettingName.enclosingKey(of: setting, in: buffer) else { return false }
            if buffer[parent].elementsEqual(themeConfig) { return true }
            setting = parent
        }
        return false
    }

    /// The braces of the object literal holding `name`, within the window.
    private static func enclosingObject(of name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        ObjectLiteral.enclosing(name, in: buffer, lookingBack: window, lookingAhead: window)
    }
}

/// The braces of an object literal (JSON, JavaScript) around some of its text, found by counting braces.
enum ObjectLiteral {
    /// From the unmatched `{` before `inner` (at most `back` bytes before it) through its `}` (at most `ahead` bytes
    /// after it); nil when either lies beyond.
    static func enclosing(_ inner: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>, lookingBack back: Int, lookingAhead ahead: Int)
        -> Range<Int>?
    {
        var depth = 0
        var open = inner.lowerBound - 1
        while open >= max(0, inner.lowerBound - back) {
            if buffer[open] == UInt8(ascii: "}") { depth += 1 }
            if buffer[open] == UInt8(ascii: "{") {
                if depth == 0 { break }
                depth -= 1
            }
            open -= 1
        }
        guard open >= 0, buffer[open] == UInt8(ascii: "{") else { return nil }
        depth = 0
        var close = inner.upperBound
        let limit = min(buffer.count, inner.upperBound + ahead)
        while close < limit {
            if buffer[close] == UInt8(ascii: "{") { depth += 1 }
            if buffer[close] == UInt8(ascii: "}") {
                if depth == 0 { return open..<(close + 1) }
                depth -= 1
            }
            close += 1
        }
        return nil
    }
}
