import GateCore

/// What a CI file that does not spell gate itself calls that may run it: the Makefile targets it makes
/// (`make verify`) and the package scripts it runs (`npm run verify`), read from its commands.
///
/// A CI file calling `./scripts/ci/gate.sh`, where the script runs `gate check`, runs gate as surely as one
/// spelling it: switching that step off (`if: false`, `|| true`, deleting it) switches the gate off.
/// `GateRunners` joins these calls with the files they reach.
struct GateCalls: Sendable, Equatable {
    /// Targets named after `make`/`gmake` (an empty string: the Makefile's default target, `make` alone).
    private(set) var makeTargets: Set<String> = []
    /// Scripts named after a package manager (`npm run verify`, `yarn verify`, `composer verify`).
    private(set) var packageScripts: Set<String> = []

    private static let makeRunners: Set<Substring> = ["make", "gmake"]
    private static let packageManagers: Set<Substring> = ["npm", "yarn", "pnpm", "bun", "composer"]
    /// Package-manager verbs before the script's name; `npm test`/`npm start` run the script of that name.
    private static let packageVerbs: Set<Substring> = ["run", "run-script"]

    init(_ bytes: [UInt8]) {
        // Most CI files run neither (the runner word is checked before any line is split).
        guard bytes.firstRange(of: Array("make".utf8)) != nil || bytes.firstRange(of: Array("npm".utf8)) != nil
            || bytes.firstRange(of: Array("yarn".utf8)) != nil || bytes.firstRange(of: Array("pnpm".utf8)) != nil
            || bytes.firstRange(of: Array("bun".utf8)) != nil || bytes.firstRange(of: Array("composer".utf8)) != nil
        else { return }
        let separators: Set<Character> = [" ", "\t", "\"", "'", "`", "(", ")", "[", "]", "{", "}", ","]
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { separators.contains($0) })
            guard words.first?.hasPrefix("#") != true else { continue }
            for index in words.indices {
                if Self.makeRunners.contains(words[index]) {
                    let targets = Self.arguments(after: index, in: words, skippingValueOf: ["-C", "-f", "--file", "--directory", "-j", "-I"])
                    if targets.isEmpty { makeTargets.insert("") } else { makeTargets.formUnion(targets.map(String.init)) }
                } else if Self.packageManagers.contains(words[index]) {
                    let arguments = Self.arguments(after: index, in: words, skippingValueOf: ["--filter", "-F", "--workspace", "-w", "--prefix", "--cwd", "--dir"])
                    if let name = arguments.first(where: { !Self.packageVerbs.contains($0) }) { packageScripts.insert(String(name)) }
                }
            }
        }
    }

    /// The words after a runner up to the end of its command (`&&`, `|`, `;`, `--`), without options and the values
    /// of `valued` options.
    private static func arguments(after index: Int, in words: [Substring], skippingValueOf valued: Set<Substring>) -> [Substring] {
        var found: [Substring] = []
        var skipsValue = false
        for word in words[(index + 1)...] {
            if word.hasPrefix("&") || word.hasPrefix("|") || word.hasPrefix(";") || word == "--" { break }
            if skipsValue {
                skipsValue = false
                continue
            }
            if valued.contains(word) {
                skipsValue = true
                continue
            }
            // `VAR=value` sets a make variable; `-k`, `--silent` are options.
            if word.hasPrefix("-") || word.contains("=") { continue }
            let name = word.hasSuffix(";") ? word.dropLast() : word
            found.append(name)
            if word.hasSuffix(";") { break }
        }
        return found
    }

    /// Whether one of `targets` of a Makefile (`bytes`) runs gate: a recipe line of it, or of a prerequisite it
    /// makes first, does. The empty target is the Makefile's default, its first rule.
    static func makeTargetsRunGate(_ targets: Set<String>, makefile bytes: [UInt8]) -> Bool {
        let rules = makeRules(bytes)
        var pending = targets.map { $0.isEmpty ? (rules.first?.targets.first ?? "") : $0 }
        var seen: Set<String> = []
        while let target = pending.popLast() {
            guard seen.insert(target).inserted else { continue }
            for rule in rules where rule.targets.contains(target) {
                if PolicyChangeDetector.runsGate(Array(rule.recipe.utf8)) { return true }
                pending += rule.prerequisites
            }
        }
        return false
    }

    private struct MakeRule {
        var targets: [String]
        var prerequisites: [String]
        var recipe: String
    }

    /// A Makefile's rules (`targets: prerequisites`, then the tab-indented recipe lines), skipping variables and
    /// special targets (`.PHONY`). Read whole only when CI makes something and the Makefile spells gate.
    private static func makeRules(_ bytes: [UInt8]) -> [MakeRule] {
        var rules: [MakeRule] = []
        // Scalars, not Characters: a CRLF Makefile's "\r\n" is one Character and would not split on "\n".
        let text = String(decoding: bytes, as: UTF8.self)
        for rawLine in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(String.UnicodeScalarView(rawLine))
            if line.hasSuffix("\r") { line.removeLast() }
            if line.hasPrefix("\t") {
                if var last = rules.popLast() {
                    last.recipe += line.dropFirst() + "\n"
                    rules.append(last)
                }
                continue
            }
            guard !line.hasPrefix("#"), !line.hasPrefix(" "), let colon = line.firstIndex(of: ":") else { continue }
            let after = line[line.index(after: colon)...]
            // `X := y`, `X ::= y` are variables; `X = a:b` has `=` before its colon.
            if after.hasPrefix("=") || after.hasPrefix(":=") || line[..<colon].contains("=") { continue }
            let targets = line[..<colon].split(separator: " ").map(String.init).filter { !$0.hasPrefix(".") }
            guard !targets.isEmpty else { continue }
            let body = after.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
            let prerequisites = (body.first ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "|" }).map(String.init)
            rules.append(MakeRule(targets: targets, prerequisites: prerequisites, recipe: body.count > 1 ? String(body[1]) + "\n" : ""))
        }
        return rules
    }
}
