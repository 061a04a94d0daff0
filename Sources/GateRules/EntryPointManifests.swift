import Foundation

/// The files the project's root manifests name as the code that runs, which `paths.ignore` must not hide though they
/// live where build output does (SPEC §2): a JavaScript GitHub Action's `action.yml` `runs.main`/`pre`/`post` (the
/// committed `dist/index.js` bundle is what every workflow using the action runs), `package.json`'s `main`, `bin` and
/// `scripts.start` (`node dist/server.js`), every process of a `Procfile` (`web:`, `worker:`, `release:`, `clock:`: each
/// runs in production), and the scripts a crontab at one of the usual places runs (`0 * * * * python jobs/x.py`). Read
/// once per check, from the head, and only where such a manifest exists: a dozen tree look-ups, nothing per file.
public enum EntryPointManifests {
    /// The entry points the root manifests name; `read` gives a root file's bytes at the head (nil when absent).
    public static func entryPoints(read: (String) -> [UInt8]?) -> Set<String> {
        var result = Set<String>()
        for name in ["action.yml", "action.yaml"] {
            if let bytes = read(name) { result.formUnion(actionEntries(bytes)) }
        }
        if let bytes = read("package.json") { result.formUnion(packageEntries(bytes)) }
        if let bytes = read("Procfile") { result.formUnion(procfileEntries(bytes)) }
        for path in crontabPaths {
            if let bytes = read(path) { result.formUnion(crontabEntries(bytes)) }
        }
        return result
    }

    /// `runs:` → `main:`, `pre:`, `post:` of an action's metadata (paths relative to the action's folder, the root).
    static func actionEntries(_ bytes: [UInt8]) -> [String] {
        var inRuns = false
        var result: [String] = []
        for line in lines(bytes) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            if trimmed.count == line.count {  // a top-level key: `runs:` opens the section, any other closes it
                inRuns = trimmed.hasPrefix("runs:")
                continue
            }
            guard inRuns else { continue }
            for key in ["main:", "pre:", "post:"] where trimmed.hasPrefix(key) {
                let value = trimmed.dropFirst(key.count).split(separator: "#").first ?? ""
                let path = value.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'"))
                if !path.isEmpty { result.append(normalized(path)) }
            }
        }
        return result
    }

    /// `main`, `bin` (a path or a table of them) and the scripts `node` runs in `scripts.start`.
    static func packageEntries(_ bytes: [UInt8]) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return [] }
        var result: [String] = []
        if let main = object["main"] as? String { result.append(normalized(main)) }
        if let bin = object["bin"] as? String { result.append(normalized(bin)) }
        if let bins = object["bin"] as? [String: Any] { result += bins.values.compactMap { $0 as? String }.map(normalized) }
        if let start = (object["scripts"] as? [String: Any])?["start"] as? String { result += scriptFiles(in: start) }
        return result
    }

    /// The scripts a Procfile's processes run (`web: node dist/server.js`, `worker: python jobs/embed.py`): a line
    /// `name: command`, the name a word (Heroku's and Foreman's process types).
    static func procfileEntries(_ bytes: [UInt8]) -> [String] {
        lines(bytes).flatMap { line -> [String] in
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
                  line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
            else { return [] }
            return scriptFiles(in: String(line[line.index(after: colon)...]))
        }
    }

    /// Where a project keeps the crontab it installs (`deploy/crontab`, `config/crontab`), from the root.
    static let crontabPaths = [
        "crontab", "deploy/crontab", "config/crontab", "cron/crontab", "docker/crontab", "ops/crontab", "etc/crontab",
    ]

    /// The scripts a crontab's lines run (`0 * * * * cd /srv/app && python jobs/digest.py`); comments and
    /// variable settings (`MAILTO=…`) run nothing.
    static func crontabEntries(_ bytes: [UInt8]) -> [String] {
        lines(bytes).flatMap { line -> [String] in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return [] }
            return scriptFiles(in: String(trimmed))
        }
    }

    /// The words of a command that are script files (`node --enable-source-maps dist/server.js` → `dist/server.js`).
    private static func scriptFiles(in command: String) -> [String] {
        command.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "&" || $0 == ";" }).compactMap { word in
            guard !word.hasPrefix("-"), scriptExtensions.contains(where: { word.hasSuffix($0) }) else { return nil }
            return normalized(word.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
        }
    }

    private static let scriptExtensions = [".js", ".mjs", ".cjs", ".ts", ".mts", ".py", ".rb", ".php"]

    /// Lines of a text file, a `\r` before each line end dropped (CRLF files); bytes that are no UTF-8 are replaced.
    private static func lines(_ bytes: [UInt8]) -> [Substring] {
        bytes.split(separator: 0x0A).map { line in
            Substring(String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self))
        }
    }

    /// A path as the tree names it: `./dist/index.js` is `dist/index.js`.
    private static func normalized<S: StringProtocol>(_ path: S) -> String {
        var text = String(path)
        while text.hasPrefix("./") { text.removeFirst(2) }
        return text
    }
}
