import GateCore

/// The scripts of a package manifest (`package.json`'s, `composer.json`'s) that run gate, and which edits touch them.
///
/// CI that runs `npm run gate` runs whatever the manifest's `gate` script says: `"gate": "gate check || true"` switches
/// the gate off as surely as the same edit in the workflow. But a manifest is mostly dependencies and metadata, edited
/// by nearly every change, so only the edits to a script that runs gate are the gate's CI: a script named `gate` (or
/// `gate:…`, as CI runs it by that name), one whose command runs gate, and one that runs such a script
/// (`"ci": "npm run lint && npm run gate"`, composer's `"@gate"`).
public enum PackageScripts {
    /// The manifest file name of `path` (`package.json`, `composer.json`), or nil when it is none.
    public static func manifestName(of path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name == "package.json" || name == "composer.json" ? name : nil
    }

    /// The hunks of a manifest's change that add or delete a line of a script that runs gate.
    public static func hunksTouchingGateScripts(_ file: SourceFile) -> [Hunk] {
        let entries = scripts(in: file.bytes)
        let names = gateScriptNames(entries)
        return file.change.hunks.filter { hunk in
            hunk.lines.contains { line in
                switch line.kind {
                case .added:
                    guard let number = line.newNumber else { return false }
                    if let entry = entries.first(where: { $0.lines.contains(number) }), names.contains(entry.name) { return true }
                    return PolicyChangeDetector.runsGate(Array(line.text.utf8))
                case .deleted:
                    // The base's script is gone from the head: its line says what it was.
                    if let key = key(of: Substring(line.text)), isGateName(key) || names.contains(key) { return true }
                    return PolicyChangeDetector.runsGate(Array(line.text.utf8)) || runsScript(line.text, named: names)
                default:
                    return false
                }
            }
        }
    }

    /// One script of the manifest: its name, its lines (a composer script may be an array over several), its text.
    struct Entry {
        var name: String
        var lines: ClosedRange<Int>
        var text: String
    }

    /// The entries of the `"scripts"` object of pretty-printed JSON (as manifests are written): each starts with its
    /// quoted key at the object's indentation and holds the deeper lines after it.
    static func scripts(in bytes: [UInt8]) -> [Entry] {
        // Nearly every changed manifest is a dependency bump: no scripts are read unless gate is spelled.
        guard bytes.firstRange(of: Array("gate".utf8)) != nil else { return [] }
        let lines = TextLines(decoding: bytes)
        var entries: [Entry] = []
        var entryIndent: Int?
        var inScripts = false
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
            let content = raw.dropFirst(indent)
            guard !content.allSatisfy(\.isWhitespace) else { continue }
            if !inScripts {
                if key(of: content) == "scripts", content.hasSuffix("{") {
                    inScripts = true
                    entryIndent = nil
                }
                continue
            }
            if entryIndent == nil { entryIndent = indent }
            guard let level = entryIndent else { continue }
            if indent < level {
                inScripts = false  // the object's closing brace
            } else if indent == level, let name = key(of: content) {
                entries.append(Entry(name: name, lines: number...number, text: String(content)))
            } else if var last = entries.popLast() {
                // A line of the script above (an array element, its closing bracket).
                last.lines = last.lines.lowerBound...number
                last.text += "\n" + content
                entries.append(last)
            }
        }
        return entries
    }

    /// The names of the scripts that run gate: named for it, running it, or running such a script, to a fixed point.
    static func gateScriptNames(_ entries: [Entry]) -> Set<String> {
        var names = Set(entries.filter { isGateName($0.name) || PolicyChangeDetector.runsGate(Array($0.text.utf8)) }.map(\.name))
        var grew = !names.isEmpty
        while grew {
            grew = false
            for entry in entries where !names.contains(entry.name) && runsScript(entry.text, named: names) {
                names.insert(entry.name)
                grew = true
            }
        }
        return names
    }

    /// A script CI runs as gate by its name (`npm run gate`, `yarn gate:ci`).
    private static func isGateName(_ name: String) -> Bool { name == "gate" || name.hasPrefix("gate:") }

    /// Whether a script's text runs one of `names`: the name as a word of the command (`npm run gate`, `run-s gate`),
    /// or composer's `@gate`. The script's own key, when the text starts with it, is no command.
    private static func runsScript(_ text: String, named names: Set<String>) -> Bool {
        guard !names.isEmpty else { return false }
        let command = member(Substring(text))?.value ?? Substring(text)
        let separators: Set<Character> = [" ", "\t", "\n", "\r", "\"", "'", ",", "[", "]", "(", ")", "&", "|", ";"]
        for word in command.split(whereSeparator: { separators.contains($0) }) {
            let name = word.hasPrefix("@") ? word.dropFirst() : word
            if names.contains(String(name)) { return true }
        }
        return false
    }

    /// The key of a JSON member line (`"gate"` of `"gate": "gate check",`), or nil.
    private static func key(of content: Substring) -> String? { member(content).map { String($0.key) } }

    /// A JSON member line's key and what follows its colon, or nil when the line is no member.
    private static func member(_ content: Substring) -> (key: Substring, value: Substring)? {
        let trimmed = content.drop { $0 == " " || $0 == "\t" }
        guard trimmed.first == "\"" else { return nil }
        let rest = trimmed.dropFirst()
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        let after = rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }
        guard after.first == ":" else { return nil }
        return (rest[..<close], after.dropFirst())
    }
}
