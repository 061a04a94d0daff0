import Foundation
import GateCode

/// The files the project's root manifests name as the code that runs, which `paths.ignore` must not hide though they
/// live where build output does (SPEC §2): a JavaScript GitHub Action's `action.yml` `runs.main`/`pre`/`post` (the
/// committed `dist/index.js` bundle is what every workflow using the action runs), `package.json`'s `main`, `bin` and
/// `scripts.start` (`node dist/server.js`), every process of a `Procfile` (`web:`, `worker:`, `release:`, `clock:`: each
/// runs in production), the scripts a crontab at one of the usual places runs (`0 * * * * python jobs/x.py`), a
/// `Dockerfile`'s `CMD` and `ENTRYPOINT` (`CMD ["node", "dist/server.js"]`), a Compose file's `command:` and
/// `entrypoint:`, a `serverless.yml` function's `handler:` (`dist/ask.handler` runs `dist/ask.js`), and the `command:`
/// and `args:` of a Kubernetes container in the usual manifest folders. Read once per check, from the head, and only
/// where such a manifest exists: a dozen tree look-ups and the YAML files of a few folders, nothing per file.
public enum EntryPointManifests {
    /// The entry points the root manifests name; `read` gives a root file's bytes at the head (nil when absent),
    /// `list` the files under a folder at the head (none when absent).
    public static func entryPoints(
        read: (String) -> [UInt8]?, list: (String) -> [(path: String, bytes: [UInt8])] = { _ in [] }
    ) -> Set<String> {
        var result = Set<String>()
        for name in ["action.yml", "action.yaml"] {
            if let bytes = read(name) { result.formUnion(actionEntries(bytes)) }
        }
        if let bytes = read("package.json") { result.formUnion(packageEntries(bytes)) }
        if let bytes = read("Procfile") { result.formUnion(procfileEntries(bytes)) }
        for path in crontabPaths {
            if let bytes = read(path) { result.formUnion(crontabEntries(bytes)) }
        }
        for path in dockerfilePaths {
            if let bytes = read(path) { result.formUnion(dockerfileEntries(bytes)) }
        }
        for path in composePaths {
            if let bytes = read(path) { result.formUnion(commandEntries(bytes)) }
        }
        for path in CodeIndex.serverlessConfigNames {
            if let bytes = read(path) { result.formUnion(serverlessEntries(bytes, file: path, read: read)) }
        }
        for folder in kubernetesFolders {
            for file in list(folder) where file.path.hasSuffix(".yaml") || file.path.hasSuffix(".yml") {
                // Only a workload's manifest names a container's command (a ConfigMap's `command:` is data).
                guard file.bytes.firstRange(of: containersKey) != nil else { continue }
                result.formUnion(commandEntries(file.bytes))
            }
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

    /// Where a project keeps the Dockerfile its image is built from.
    static let dockerfilePaths = ["Dockerfile", "docker/Dockerfile", "deploy/Dockerfile"]
    /// Compose files at the root.
    static let composePaths = ["docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"]
    /// Folders that hold a project's Kubernetes manifests.
    static let kubernetesFolders = ["k8s", "kubernetes", "deploy/k8s", "deploy/kubernetes", "manifests"]
    private static let containersKey = Array("containers:".utf8)

    /// The scripts a Dockerfile's `CMD` and `ENTRYPOINT` run, in exec form (`CMD ["node", "dist/server.js"]`) or shell
    /// form (`CMD node dist/server.js`), continued lines joined; `RUN` runs at build time, not in production.
    static func dockerfileEntries(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        var instruction = ""
        for line in lines(bytes) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#") { continue }
            let continued = trimmed.hasSuffix("\\")
            instruction += continued ? String(trimmed.dropLast()) + " " : String(trimmed)
            guard !continued else { continue }
            let words = instruction.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            if let keyword = words.first?.uppercased(), keyword == "CMD" || keyword == "ENTRYPOINT", words.count == 2 {
                result += scriptFiles(in: String(words[1]))
            }
            instruction = ""
        }
        return result
    }

    /// The scripts YAML `command:`, `args:` and `entrypoint:` values run (a Compose service's, a Kubernetes
    /// container's): a string, a flow list (`["node", "dist/server.js"]`) or the block list's items below the key.
    static func commandEntries(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        // The indentation of the key whose block list is being read.
        var listIndent: Int?
        for line in lines(bytes) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let indent = line.count - trimmed.count
            let item = trimmed.hasPrefix("- ") ? trimmed.dropFirst(2).drop { $0 == " " } : nil
            if let keyIndent = listIndent {
                if let item, indent >= keyIndent {
                    result += scriptFiles(in: String(item))
                    continue
                }
                listIndent = nil
            }
            let entry = item ?? trimmed
            for key in ["command:", "args:", "entrypoint:"] where entry.hasPrefix(key) {
                let value = entry.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
                if value.isEmpty { listIndent = indent } else { result += scriptFiles(in: String(value)) }
            }
        }
        return result
    }

    /// The files a `serverless.yml`'s functions run: each `handler:`'s module (`dist/ask` of `dist/ask.handler`) with
    /// the extensions a Lambda runtime loads, whatever triggers it (an HTTP route or a schedule runs it alike).
    static func serverlessEntries(_ bytes: [UInt8], file: String, read: (String) -> [UInt8]?) -> [String] {
        CodeIndex.serverlessFunctions(bytes, file: file, read: read).flatMap { module, _ in
            handlerExtensions.map { module + $0 }
        }
    }

    private static let handlerExtensions = [".js", ".mjs", ".cjs", ".ts", ".mts", ".py", ".rb"]

    /// The words of a command that are script files (`node --enable-source-maps dist/server.js` → `dist/server.js`,
    /// `["node", "dist/server.js"]` too).
    private static func scriptFiles(in command: String) -> [String] {
        command.split(whereSeparator: { " \t&;[],\"'".contains($0) }).compactMap { word in
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
