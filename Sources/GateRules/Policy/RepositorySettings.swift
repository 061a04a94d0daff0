import Foundation
import GateCore

/// `.github/settings.yml`, which the Probot settings app applies to the repository: its branch protection's required
/// status checks (`contexts: ["gate", "test"]`, or `checks:` items `- context: gate`) say which checks a merge waits
/// for, so dropping gate's check there lets a pull request merge without gate.
enum RepositorySettings {
    static let path = ".github/settings.yml"

    /// The hunks of a change that takes a check named for gate out of the required ones: those deleting a line that
    /// names it, else all the change's (the list was rewritten). None when every such check is still required.
    static func hunksDroppingGateChecks(_ file: SourceFile) -> [Hunk] {
        let base = file.change.kind == .added ? [] : file.baseBytes()
        let head = file.change.kind == .deleted ? [] : file.bytes
        let dropped = gateChecks(in: base).subtracting(gateChecks(in: head))
        guard !dropped.isEmpty else { return [] }
        let naming = file.change.hunks.filter { hunk in
            hunk.lines.contains { $0.kind == .deleted && checkNames(inLine: $0.text).contains(where: dropped.contains) }
        }
        return naming.isEmpty ? file.change.hunks : naming
    }

    /// The required checks named for gate: a name whose first word is `gate`, alone or in one of the ` / ` parts of a
    /// workflow check's name (`gate`, `gate-check`, `ci / gate`); `quality-gate` is not.
    static func gateChecks(in bytes: [UInt8]) -> Set<String> {
        var names = Set<String>()
        // The indentation of a `contexts:` key whose block list is being read.
        var listIndent: Int?
        for line in TextLines(decoding: bytes) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { continue }
            let indent = line.count - trimmed.count
            if let keyIndent = listIndent {
                if trimmed.hasPrefix("- "), indent >= keyIndent {
                    names.formUnion(words(trimmed.dropFirst(2)))
                    continue
                }
                listIndent = nil
            }
            let entry = trimmed.hasPrefix("- ") ? trimmed.dropFirst(2).drop { $0 == " " } : trimmed
            if entry.hasPrefix("contexts:") {
                let value = entry.dropFirst("contexts:".count).drop { $0 == " " || $0 == "\t" }
                if value.isEmpty { listIndent = indent } else { names.formUnion(words(value)) }
            } else if entry.hasPrefix("context:") {
                names.formUnion(words(entry.dropFirst("context:".count)))
            }
        }
        return names.filter(namesGate)
    }

    /// The check names a line of the file mentions (for finding the line that dropped one).
    private static func checkNames(inLine line: String) -> [String] {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        let entry = trimmed.hasPrefix("- ") ? trimmed.dropFirst(2) : trimmed
        let value = entry.hasPrefix("contexts:") ? entry.dropFirst("contexts:".count)
            : entry.hasPrefix("context:") ? entry.dropFirst("context:".count) : entry
        return words(value)
    }

    /// The names of a YAML scalar or flow list (`["gate", "test"]`, `gate`, `"ci / gate"`), a comment dropped.
    private static func words(_ value: Substring) -> [String] {
        let uncommented = value.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? value
        return uncommented.split(whereSeparator: { $0 == "," || $0 == "[" || $0 == "]" }).map {
            $0.trimmingCharacters(in: [" ", "\t", "\"", "'"])
        }.filter { !$0.isEmpty }
    }

    private static func namesGate(_ check: String) -> Bool {
        check.components(separatedBy: " / ").contains { part in
            part.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }).first == "gate"
        }
    }
}
