import Foundation
import GateCode
import GateSQL

/// Where an `alembic.ini` (or a pyproject.toml's `[tool.alembic]`, Alembic 1.16) keeps an environment's revisions:
/// `version_locations` when it names them, else the `versions` folder of `script_location`.
enum AlembicConfiguration {
    /// The folders, relative to the repository, that the configuration file at `path` names. Every section of an
    /// `alembic.ini` counts (a multi-database project names one environment a section); a pyproject.toml's only
    /// `[tool.alembic]`.
    static func versionFolders(_ bytes: [UInt8], path: String) -> [String] {
        guard bytes.containsSequence(scriptLocation) else { return [] }
        let directory = RepoPath.directory(of: path)
        let isTOML = path.hasSuffix(".toml")
        var section = ""
        var scripts: [String] = []
        var versions: [String] = []
        for rawLine in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                section = String(line.dropFirst().prefix { $0 != "]" })
                continue
            }
            guard !line.hasPrefix("#"), !line.hasPrefix(";"), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if isTOML, section != "tool.alembic" { continue }
            let locations = value.split { " ,;[]\"'".contains($0) }.map(String.init)
            if key == "script_location" { scripts += locations.prefix(1) }
            if key == "version_locations" { versions += locations }
        }
        let named = versions.isEmpty ? scripts.map { $0 + "/versions" } : versions
        return named.compactMap { resolve($0, from: directory) }
    }

    private static let scriptLocation = Array("script_location".utf8)

    /// A location as the repository spells it: `%(here)s` is the configuration's folder, a relative path is taken
    /// from there (where `alembic` runs), and `package:folder` is the package's folder. Nil for an absolute path or
    /// another interpolation.
    private static func resolve(_ location: String, from directory: String) -> String? {
        var location = location
        if location.hasPrefix("%(here)s") { location = "./" + location.dropFirst("%(here)s".count) }
        guard !location.contains("%("), !location.hasPrefix("/") else { return nil }
        if let colon = location.firstIndex(of: ":"), !location[..<colon].contains("/") {
            location = location[..<colon].replacingOccurrences(of: ".", with: "/") + "/" + location[location.index(after: colon)...]
        }
        guard let resolved = RepoPath.normalize(RepoPath.join(directory, location)), !resolved.isEmpty else { return nil }
        return resolved
    }
}
