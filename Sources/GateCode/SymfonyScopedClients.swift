import GateCore

extension CodeIndex {
    /// The base URI of the Symfony scoped HTTP client autowired by the argument or property `name`
    /// (`HttpClientInterface $openaiClient` for `framework.http_client.scoped_clients.openai.client`, whose named
    /// autowiring alias is its name in camel case), when the configuration gives it a literal one
    /// (`base_uri: 'https://api.openai.com/v1/'`). Every request of that client goes there.
    public func symfonyScopedClientBase(forArgument name: String) -> String? {
        let key = Self.aliasKey(name.hasPrefix("$") ? String(name.dropFirst()) : name)
        return symfonyScopedClientBases()[key]
    }

    /// The scoped clients of the project's Symfony configuration (`config/packages/*.yaml`), by the key of their
    /// autowiring alias, read once.
    private func symfonyScopedClientBases() -> [String: String] {
        project.configuration("symfony-scoped-clients") { () -> [String: String] in
            var bases: [String: String] = [:]
            let needle = Array("scoped_clients".utf8)
            for path in project.paths where path.contains("config/packages/") && (path.hasSuffix(".yaml") || path.hasSuffix(".yml")) {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, needle) else { continue }
                for (name, base) in Self.scopedClients(String(decoding: bytes, as: UTF8.self)) where bases[Self.aliasKey(name)] == nil {
                    bases[Self.aliasKey(name)] = base
                }
            }
            return bases
        }
    }

    /// The clients listed under `scoped_clients:` in a YAML text, each with its literal `base_uri`.
    static func scopedClients(_ text: String) -> [(name: String, base: String)] {
        var result: [(String, String)] = []
        var listIndent: Int?
        var clientIndent: Int?
        var client: String?
        for rawLine in TextLines(text) {
            let line = rawLine.prefix { $0 != "#" }
            let content = line.drop { $0 == " " }
            guard !content.isEmpty else { continue }
            let indent = line.count - content.count
            if content.hasPrefix("scoped_clients:") {
                listIndent = indent
                client = nil
                continue
            }
            guard let list = listIndent else { continue }
            if indent <= list {
                listIndent = nil
                continue
            }
            // A client's name: the first key one level under `scoped_clients:`.
            if clientIndent == nil || indent <= clientIndent!, content.hasSuffix(":") {
                clientIndent = indent
                client = String(content.dropLast()).trimmingQuotes
                continue
            }
            guard let name = client, content.hasPrefix("base_uri:") else { continue }
            let value = content.dropFirst("base_uri:".count).trimmingCharacters(in: " \t").trimmingQuotes
            if value.hasPrefix("http://") || value.hasPrefix("https://") { result.append((name, value)) }
        }
        return result
    }

    /// A name reduced to what its autowiring alias and its camel-case argument share: letters and digits, lowercased
    /// (`openai.client` and `$openaiClient` are both `openaiclient`).
    private static func aliasKey(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }
}

private extension StringProtocol {
    /// The text without surrounding quotes or spaces.
    var trimmingQuotes: String {
        String(self).trimmingCharacters(in: " \t'\"")
    }

    func trimmingCharacters(in characters: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
