import Foundation
import GateCore
import GateRules
import Yams

/// A policy that cannot be used, with the file, line and column of the mistake.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(message: String, location: SourceLocation?)
    case unreadable(path: String, reason: String)
    /// Every mistake found in one file (two or more, in the file's order), so that one run shows them all.
    case several(file: String, [PolicyError])

    public var description: String {
        switch self {
        case .invalid(let message, let location):
            if let location { "\(location): \(message)" } else { message }
        case .unreadable(let path, let reason): "cannot read policy \(path): \(reason)"
        case .several(let file, let mistakes):
            // One mistake a line, each starting `file:line:column:`, as compilers print them (editors jump to them).
            "\(file) has \(mistakes.count) errors:\n" + mistakes.map(\.description).joined(separator: "\n")
        }
    }

    /// Where the (first) mistake is, when known.
    public var location: SourceLocation? {
        switch self {
        case .invalid(_, let location): location
        case .unreadable: nil
        case .several(_, let mistakes): mistakes.first?.location
        }
    }

    /// Each mistake on its own: this one, or every one of `several`.
    public var mistakes: [PolicyError] {
        if case .several(_, let mistakes) = self { return mistakes }
        return [self]
    }
}

/// The mistakes a `PolicyDocumentReader` has found so far, and what they mean for the rest of the reading.
final class PolicyProblems {
    var errors: [PolicyError] = []
    /// The keys a repeated key was renamed to so the rest could be read (see `DuplicateKeys`): left out of every mapping.
    var renamedDuplicates: Set<String> = []
    /// Where a node carries a tag the policy does not support: that mistake is reported, not others at the same place.
    var unsupportedTagSites: Set<[Int]> = []
    /// Whether some reviewer's `groups` could not be read, so a group `require` names may be missing for that reason.
    var groupsIncomplete = false
}

/// Loads policy files strictly (SPEC §3): every key known, every value of the right type, every name
/// resolvable, or an error naming the file, line and column.
public enum PolicyLoader {
    /// The built-in default policy (the text of `policies/default.yml`), used when the base commit has none.
    public static let builtin: Policy = {
        do {
            return try load(text: DefaultPolicy.text, file: "builtin")
        } catch {
            // The shipped text is tested to load; should it ever not, judge with SPEC §2's defaults rather than crash.
            return Policy(digest: ContentDigest.sha256Hex(DefaultPolicy.text))
        }
    }()

    /// Reads and parses a policy file from disk.
    public static func load(contentsOf path: String) throws(PolicyError) -> Policy {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        // Asked first: reading a directory fails with a Foundation code, or reads as nothing, depending on the platform.
        if exists, isDirectory.boolValue { throw PolicyError.unreadable(path: path, reason: "it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PolicyError.unreadable(path: path, reason: exists ? "permission denied" : "no such file")
        }
        return try load(bytes: Array(data), file: path)
    }

    /// Parses policy bytes; `file` names them in errors. The digest is the bytes' SHA-256.
    public static func load(bytes: [UInt8], file: String) throws(PolicyError) -> Policy {
        // A byte order mark (a Windows editor's) is no part of the YAML; the digest is still of the file as it is.
        let content = UTF8ByteOrderMark.stripped(bytes)
        guard let text = String(validating: content, as: UTF8.self) else {
            throw PolicyError.invalid(
                message: "the policy is not valid UTF-8 text (save it as UTF-8)", location: firstInvalidUTF8(content, file: file))
        }
        var policy = try PolicyDocumentReader(file: file, text: text).read()
        policy.digest = ContentDigest.sha256Hex(bytes)
        return policy
    }

    /// Where the first byte that is not UTF-8 sits (line, and column in bytes), so the error points at it: a Latin-1
    /// `é` in a reviewer's name on line 40 is found without a hex editor.
    static func firstInvalidUTF8(_ bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") { line += 1; lineStart = index + 1 }
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            // A lead byte followed by its continuation bytes is checked whole by decoding just that sequence.
            guard length > 0, index + length <= bytes.count,
                  length == 1 || String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            else { return SourceLocation(file: file, line: line, column: index - lineStart + 1) }
            index += length
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// Parses policy text; `file` names it in errors.
    public static func load(text: String, file: String) throws(PolicyError) -> Policy {
        try load(bytes: Array(text.utf8), file: file)
    }
}

/// Walks the composed YAML node tree, so that every mistake can point at its node's position.
///
/// Mistakes are collected, not thrown at the first: `gate policy validate` shows every one in a single run.
/// Only what decides how the rest is read stops the reading (YAML that does not parse, a root that is not a
/// mapping, a missing or unsupported `version`). Each part records its own mistakes and gives back what it could
/// read; that partial policy is only ever used to check the parts that depend on it (groups named by `require`),
/// never returned, and a check whose input is known to be incomplete is skipped rather than guessed.
struct PolicyDocumentReader {
    let file: String
    /// A reference, so every section reader (none of them mutating) can add to it.
    private let problems = PolicyProblems()

    let text: String
    /// Whether plain scalars are composed without a type (`Resolver.basic`), `tag(of:)` giving theirs: a policy
    /// without tags (no `!` anywhere, as nearly every one) is read without Yams' regular expressions (see
    /// PlainScalarTag); one with a `!` (a tag, or a `[!a]` glob) as before.
    private let plainScalarsUntyped: Bool

    init(file: String, text: String) {
        self.file = file
        self.text = text
        plainScalarsUntyped = !text.utf8.contains(UInt8(ascii: "!"))
    }

    /// A node's tag name, as Yams' default resolver gives it.
    private func tag(of node: Node) -> String {
        if plainScalarsUntyped, case .scalar(let scalar) = node, scalar.style == .plain {
            return PlainScalarTag.of(scalar.string).rawValue
        }
        return node.tag.rawValue
    }

    static let topLevelKeys = [
        "version", "reviewers", "paths", "providers", "rules", "approvals", "waivers", "environments", "deploy",
        "evaluates-nothing", "schema",
    ]
    static let ecosystems = ["npm", "pypi", "go", "rubygems", "cargo", "maven", "nuget", "composer", "swift"]

    func read() throws(PolicyError) -> Policy {
        let root = try compose()
        if !plainScalarsUntyped { checkTags(root) }
        guard case .mapping = root else {
            // A file read by mistake (an .env file the policy links to) would be printed whole as "the text `…`".
            throw fail(
                "the policy must be a mapping (key: value) starting with `version: \(Policy.supportedVersion)`, not \(kindWithoutValue(root)); "
                    + "its content is not shown (is this the policy file?)",
                at: root)
        }
        let entries = try mapping(root, "the policy")
        // The version decides how everything else is read, so it is checked before any other key.
        guard let versionEntry = entries.first(where: { $0.key == "version" }) else {
            throw fail("missing required key `version` (the supported version is \(Policy.supportedVersion))", at: root)
        }
        let version = try int(versionEntry.value, "`version`")
        guard version == Policy.supportedVersion else {
            throw fail(
                "unsupported policy version \(version); the highest supported is \(Policy.supportedVersion)",
                at: versionEntry.value)
        }
        checkKeys(entries, allowed: Self.topLevelKeys, in: "the policy")

        var policy = Policy(version: version)
        var rulesEntry: Node?
        var waiversEntry: Node?
        var environmentsEntry: Node?
        var evaluatesNothingRead = true
        for entry in entries {
            switch entry.key {
            case "reviewers": policy.reviewers = reviewers(entry.value)
            case "paths": policy.paths = paths(entry.value)
            case "providers": policy.providers = providers(entry.value)
            case "rules": rulesEntry = entry.value
            case "approvals": policy.approvals = approvals(entry.value)
            case "waivers": waiversEntry = entry.value
            case "environments": environmentsEntry = entry.value
            case "deploy": policy.deploy = deploy(entry.value)
            case "schema": policy.schema = schema(entry.value)
            case "evaluates-nothing":
                let value = attempt { () throws(PolicyError) in try bool(entry.value, "`evaluates-nothing`") }
                policy.evaluatesNothing = value ?? false
                evaluatesNothingRead = value != nil
            default: break
            }
        }
        // Rules name reviewer groups and waivers name rules, so they are read once the rest is known.
        let mistakesBeforeRules = problems.errors.count
        if let rulesEntry { policy.rules = rules(rulesEntry, groups: policy.reviewerGroups) }
        let rulesRead = problems.errors.count == mistakesBeforeRules
        if let waiversEntry { policy.waivers = waivers(waiversEntry) }
        if let environmentsEntry { policy.environments = environments(environmentsEntry) }

        // Whether anything is on depends on every rule, and whether that is intended on `evaluates-nothing`: with
        // either unread, the answer would be a guess.
        if rulesRead && evaluatesNothingRead {
            let anyOn = Category.allCases.contains { policy.settings(for: $0).enabled }
                || policy.rules.values.contains(where: \.enabled)
            if !anyOn && !policy.evaluatesNothing {
                report(fail(
                    "every category is turned off, so this policy would evaluate nothing; if that is intended, say so with `evaluates-nothing: true`",
                    at: rulesEntry ?? root))
            }
            if anyOn && policy.evaluatesNothing, let node = entries.first(where: { $0.key == "evaluates-nothing" })?.value {
                report(fail("`evaluates-nothing: true` but some rules are still on; remove it or turn them off", at: node))
            }
        }
        try throwRecordedMistakes()
        return policy
    }

    /// The YAML node tree. Yams stops at the first repeated key, naming the first occurrence; each repeat is instead
    /// reported at its own place and renamed out of the way (`DuplicateKeys`), so the rest is read and checked too.
    private func compose() throws(PolicyError) -> Node {
        var text = self.text
        var renamed = 0
        while true {
            do {
                guard let composed = try Yams.compose(yaml: text, plainScalarsUntyped ? .basic : .default) else {
                    throw fail("the policy is empty; it needs at least `version: \(Policy.supportedVersion)`", line: 1, column: 1)
                }
                return composed
            } catch let error as PolicyError {
                throw error
            } catch let error as YamlError {
                guard case .duplicatedKeysInMapping(_, let context) = error, renamed < 200,
                      let duplicate = DuplicateKeys.renameNextRepeat(
                          in: text, firstLine: context.mark.line, firstColumn: context.mark.column, renamed: renamed)
                else { throw translate(error) }
                report(fail(
                    "duplicate key `\(Self.shown(duplicate.key))` in one mapping (first at line \(context.mark.line)); only the first is read",
                    line: duplicate.line, column: duplicate.column))
                problems.renamedDuplicates.insert(duplicate.placeholder)
                text = duplicate.text
                renamed += 1
            } catch {
                throw fail("not valid YAML: \(error)", line: 1, column: 1)
            }
        }
    }

    /// Records every node whose tag is neither implicit nor a standard one (`!!str`, `!!int`…): a local tag such as
    /// `!env NAME` or `!vault` asks for something gate does not do, and must not be dropped silently.
    private func checkTags(_ node: Node) {
        let name = node.tag.rawValue
        if !name.isEmpty && name != "!" && !name.hasPrefix("tag:yaml.org,2002:") {
            let site = location(node)
            problems.unsupportedTagSites.insert([site.line, site.column])
            problems.errors.append(fail(
                "unsupported tag `\(Self.shown(name))`: the policy takes plain values (no `!env`, `!vault` or other local tags); write the value itself",
                at: node))
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                checkTags(key)
                checkTags(value)
            }
        case .sequence(let sequence):
            for item in sequence { checkTags(item) }
        default: break
        }
    }

    /// One mistake is thrown as it is (its message unchanged); several together, in the order of the file.
    private func throwRecordedMistakes() throws(PolicyError) {
        var seen: Set<String> = []
        let mistakes = problems.errors.enumerated()
            .sorted { a, b in
                let (left, right) = (a.element.location, b.element.location)
                return (left?.line ?? 0, left?.column ?? 0, a.offset) < (right?.line ?? 0, right?.column ?? 0, b.offset)
            }
            .map(\.element)
            .filter { seen.insert($0.description).inserted }
        switch mistakes.count {
        case 0: return
        case 1: throw mistakes[0]
        default: throw PolicyError.several(file: file, mistakes)
        }
    }

    // MARK: Sections

    private func reviewers(_ node: Node) -> [Reviewer] {
        var seen: Set<String> = []
        var seenLogins: [String: String] = [:]
        var result: [Reviewer] = []
        guard let items = attempt({ () throws(PolicyError) in try sequence(node, "`reviewers`") }) else {
            problems.groupsIncomplete = true
            return []
        }
        for item in items {
            guard let entries = attempt({ () throws(PolicyError) in try mapping(item, "a reviewer") }) else {
                problems.groupsIncomplete = true
                continue
            }
            checkKeys(entries, allowed: ["id", "keys", "groups", "emails", "github"], in: "a reviewer")
            let idNode = attempt { () throws(PolicyError) in try required("id", in: entries, of: item, "a reviewer") }
            let id = idNode.flatMap { node in attempt { () throws(PolicyError) in try string(node, "a reviewer's `id`") } }
            if let id, let idNode, !seen.insert(id).inserted {
                report(fail("reviewer \"\(Self.shown(id))\" is listed twice", at: idNode))
            }
            var keys: [String] = []
            for key in optional("keys", in: entries).flatMap({ stringList($0, "`keys`") }) ?? [] {
                guard Self.looksLikeSSHKey(key.text) else {
                    report(fail("not an OpenSSH public key line (expected e.g. `ssh-ed25519 AAAA… comment`)", at: key.node))
                    continue
                }
                switch ReviewerKey.verdict(key.text) {
                case .usable, .placeholder:
                    // A template's placeholder loads (the templates are meant to be edited); `PolicyLint` warns of it.
                    keys.append(key.text)
                case .unusable(let why):
                    report(fail("reviewer \"\(Self.shown(id ?? ""))\": this key can never verify an approval: \(why)", at: key.node))
                }
            }
            // Groups are kept even from a reviewer with other mistakes, so `require` does not also call them unknown.
            let mistakesBeforeGroups = problems.errors.count
            let groupNodes = optional("groups", in: entries).flatMap { stringList($0, "`groups`") } ?? []
            var reviewer = Reviewer(id: id ?? "", keys: keys, groups: groupNodes.map(\.text))
            for group in groupNodes where reviewer.groupLocations[group.text] == nil {
                reviewer.groupLocations[group.text] = location(group.node)
            }
            if problems.errors.count > mistakesBeforeGroups { problems.groupsIncomplete = true }
            if let emails = optional("emails", in: entries).flatMap({ stringList($0, "`emails`") }) {
                for email in emails where !email.text.contains("@") {
                    report(fail("`emails` entry \"\(Self.shown(email.text))\" is not an e-mail address", at: email.node))
                }
                reviewer.emails = emails.map(\.text)
            }
            if let loginNode = optional("github", in: entries),
               let login = attempt({ () throws(PolicyError) in try string(loginNode, "a reviewer's `github`") })
            {
                if !Reviewer.isGitHubLogin(login) {
                    report(fail(
                        "`github` must be a GitHub login (letters, digits and single hyphens, at most 39, not starting or ending with a hyphen), not \"\(Self.shown(login))\"",
                        at: loginNode))
                } else if let other = seenLogins[login.lowercased()] {
                    report(fail("GitHub login \"\(login)\" is already reviewer \"\(other)\"'s", at: loginNode))
                } else {
                    seenLogins[login.lowercased()] = id ?? ""
                    reviewer.github = login
                }
            }
            result.append(reviewer)
        }
        return result
    }

    static func looksLikeSSHKey(_ line: String) -> Bool {
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return false }
        let type = parts[0]
        return (type.hasPrefix("ssh-") || type.hasPrefix("ecdsa-") || type.hasPrefix("sk-")) && parts[1].hasPrefix("AAAA")
    }

    private func paths(_ node: Node) -> PathSettings {
        var settings = PathSettings()
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`paths`") }) else { return settings }
        checkKeys(entries, allowed: ["ignore", "jobs", "migrations", "tests"], in: "`paths`")
        if let value = optional("ignore", in: entries) { settings.ignore = globs(value, "`paths.ignore`") }
        if let value = optional("jobs", in: entries) { settings.jobs = globs(value, "`paths.jobs`") }
        if let value = optional("migrations", in: entries) { settings.migrations = globs(value, "`paths.migrations`") }
        if let value = optional("tests", in: entries) { settings.tests = globs(value, "`paths.tests`") }
        return settings
    }

    private func providers(_ node: Node) -> [Provider] {
        var result: [Provider] = []
        var seen: Set<String> = []
        for item in attempt({ () throws(PolicyError) in try sequence(node, "`providers`") }) ?? [] {
            guard let entries = attempt({ () throws(PolicyError) in try mapping(item, "a provider") }) else { continue }
            let mistakesBefore = problems.errors.count
            checkKeys(
                entries, allowed: ["id", "kind", "hosts", "packages", "calls", "imports", "symbols", "batch-calls"],
                in: "a provider")
            let idNode = attempt { () throws(PolicyError) in try required("id", in: entries, of: item, "a provider") }
            let id = idNode.flatMap { node in attempt { () throws(PolicyError) in try string(node, "a provider's `id`") } }
            if let id, let idNode, !seen.insert(id).inserted {
                report(fail("provider \"\(Self.shown(id))\" is listed twice", at: idNode))
            }
            let kind = attempt { () throws(PolicyError) in
                try enumeration(
                    try required("kind", in: entries, of: item, "a provider"), ProviderKind.self, "a provider's `kind`")
            }
            let hosts = strings("hosts", in: entries, "`hosts`")
            let calls = strings("calls", in: entries, "`calls`")
            let imports = strings("imports", in: entries, "`imports`")
            let symbols = strings("symbols", in: entries, "`symbols`")
            let batchCalls = strings("batch-calls", in: entries, "`batch-calls`")
            var packages: [String: [String]] = [:]
            if let packagesNode = optional("packages", in: entries),
               let ecosystems = attempt({ () throws(PolicyError) in try mapping(packagesNode, "`packages`") })
            {
                checkKeys(ecosystems, allowed: Self.ecosystems, in: "`packages`", noun: "package ecosystem")
                for ecosystem in ecosystems {
                    packages[ecosystem.key] = stringList(ecosystem.value, "`packages.\(ecosystem.key)`")?.map(\.text) ?? []
                }
            }
            // A list with a mistake in it may have held the matcher, so "matches nothing" is said only of a clean entry.
            if problems.errors.count == mistakesBefore, hosts.isEmpty && calls.isEmpty && batchCalls.isEmpty
                && packages.values.allSatisfy(\.isEmpty)
            {
                report(fail(
                    "provider \"\(Self.shown(id ?? ""))\" names no `hosts`, `packages`, `calls` or `batch-calls`, so nothing could match it",
                    at: item))
            }
            result.append(Provider(
                id: id ?? "", kind: kind ?? .model, hosts: hosts, packages: packages, calls: calls, imports: imports,
                symbols: symbols, batchCalls: batchCalls))
        }
        return result
    }

    /// Categories first, then detector ids on top of their category, so that a detector's entry inherits
    /// what its category says and overrides only what it names.
    private func rules(_ node: Node, groups: Set<String>) -> [String: RuleSettings] {
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`rules`") }) else { return [:] }
        var result: [String: RuleSettings] = [:]
        var detectorEntries: [(key: String, keyNode: Node, value: Node, category: Category)] = []
        for entry in entries {
            if let category = Category(rawValue: entry.key) {
                result[entry.key] = ruleSettings(
                    entry.value, inheriting: RuleSettings.defaults(for: category), category: category, groups: groups)
            } else if let detector = DetectorRegistry.detector(id: entry.key) {
                detectorEntries.append((entry.key, entry.keyNode, entry.value, detector.category))
            } else {
                report(fail(
                    "unknown rule `\(PolicyEvaluator.shownRule(entry.key))`: not a category or a detector id"
                        + suggestion(entry.key, in: Self.ruleNames),
                    at: entry.keyNode))
            }
        }
        for entry in detectorEntries {
            let inherited = result[entry.category.rawValue] ?? RuleSettings.defaults(for: entry.category)
            result[entry.key] = ruleSettings(entry.value, inheriting: inherited, category: entry.category, groups: groups)
        }
        return result
    }

    static var ruleNames: [String] { Category.allCases.map(\.rawValue) + DetectorRegistry.all.map(\.id) }

    private func ruleSettings(
        _ node: Node, inheriting inherited: RuleSettings, category: Category, groups: Set<String>
    ) -> RuleSettings {
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "a rule") }) else { return inherited }
        checkKeys(entries, allowed: ["tier", "action", "require", "enabled"], in: "a rule")
        let tierNode = optional("tier", in: entries)
        let actionNode = optional("action", in: entries)
        let tier = tierNode.flatMap { node in attempt { () throws(PolicyError) in try enumeration(node, Tier.self, "`tier`") } }
        let action = actionNode.flatMap { node in
            attempt { () throws(PolicyError) in try enumeration(node, Action.self, "`action`") }
        }
        // With a misspelt tier or action the rule's action is unknown, so `require` is read but not judged against it.
        let actionKnown = (tierNode == nil || tier != nil) && (actionNode == nil || action != nil)
        var settings = inherited
        switch (tier, action) {
        case (let tier?, let action?): settings.tier = tier; settings.action = action
        case (let tier?, nil): settings.tier = tier; settings.action = tier.impliedAction
        case (nil, let action?): settings.action = action; settings.tier = action.impliedTier
        case (nil, nil): break
        }
        if let enabledNode = optional("enabled", in: entries),
           let enabled = attempt({ () throws(PolicyError) in try bool(enabledNode, "`enabled`") })
        {
            settings.enabled = enabled
        }
        if let requireNode = optional("require", in: entries) {
            if settings.action == .requireApproval || !actionKnown {
                settings.require = requirement(requireNode, groups: groups)
            } else {
                report(fail(
                    "`require` applies only when the action is require-approval (here it is \(settings.action.rawValue))",
                    at: requireNode))
            }
        } else if settings.action == .requireApproval {
            settings.require = inherited.require ?? ApprovalRequirement(approvals: 1, from: [category.defaultApprovalGroup])
        } else {
            settings.require = nil
        }
        return settings
    }

    private func requirement(_ node: Node, groups: Set<String>) -> ApprovalRequirement? {
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`require`") }) else { return nil }
        checkKeys(entries, allowed: ["approvals", "from"], in: "`require`")
        var approvals = 1
        if let approvalsNode = optional("approvals", in: entries),
           let count = attempt({ () throws(PolicyError) in try int(approvalsNode, "`approvals`") })
        {
            if count >= 1 { approvals = count } else { report(fail("`approvals` must be at least 1", at: approvalsNode)) }
        }
        guard let fromNode = attempt({ () throws(PolicyError) in try required("from", in: entries, of: node, "`require`") }),
              let from = stringList(fromNode, "`from`")
        else { return nil }
        if case .sequence(let items) = fromNode, items.isEmpty {
            report(fail("`from` must name at least one reviewer group", at: fromNode))
        }
        // A group missing because a reviewer's `groups` could not be read is that reviewer's mistake, reported already.
        for group in from where !groups.contains(group.text) && !problems.groupsIncomplete {
            let known = groups.isEmpty ? " (no reviewer lists any group)" : suggestion(group.text, in: groups.sorted())
            report(fail("unknown group `\(Self.shown(group.text))`: no reviewer is in it\(known)", at: group.node))
        }
        return ApprovalRequirement(approvals: approvals, from: from.map(\.text))
    }

    private func approvals(_ node: Node) -> ApprovalSettings {
        var settings = ApprovalSettings()
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`approvals`") }) else { return settings }
        checkKeys(entries, allowed: ["allow-self", "max-age", "store", "sources"], in: "`approvals`")
        if let value = optional("allow-self", in: entries),
           let allowSelf = attempt({ () throws(PolicyError) in try bool(value, "`allow-self`") })
        {
            settings.allowSelf = allowSelf
        }
        if let value = optional("max-age", in: entries),
           let maxAge = attempt({ () throws(PolicyError) in try duration(value, "`max-age`") })
        {
            settings.maxAge = maxAge
        }
        if let value = optional("store", in: entries),
           let store = attempt({ () throws(PolicyError) in try enumeration(value, ApprovalStoreKind.self, "`store`") })
        {
            settings.store = store
        }
        if let value = optional("sources", in: entries), let items = stringList(value, "`sources`") {
            var sources: [ApprovalSource] = []
            for item in items {
                guard let source = attempt({ () throws(PolicyError) in
                    try enumeration(item.node, ApprovalSource.self, "each item of `sources`")
                }) else { continue }
                if sources.contains(source) {
                    report(fail("`sources` lists \(source.rawValue) twice", at: item.node))
                } else {
                    sources.append(source)
                }
            }
            if items.isEmpty {
                report(fail("`sources` must name at least one of \(ApprovalSource.allCases.map(\.rawValue).joined(separator: ", "))", at: value))
            } else if !sources.isEmpty {
                settings.sources = sources
            }
        }
        return settings
    }

    private func waivers(_ node: Node) -> [Waiver] {
        var result: [Waiver] = []
        for item in attempt({ () throws(PolicyError) in try sequence(node, "`waivers`") }) ?? [] {
            guard let entries = attempt({ () throws(PolicyError) in try mapping(item, "a waiver") }) else { continue }
            checkKeys(entries, allowed: ["rule", "paths", "reason", "expires"], in: "a waiver")
            let rule = attempt { () throws(PolicyError) -> String in
                let ruleNode = try required("rule", in: entries, of: item, "a waiver")
                let rule = try string(ruleNode, "a waiver's `rule`")
                guard Category(rawValue: rule) != nil || DetectorRegistry.detector(id: rule) != nil else {
                    throw fail(
                        // A token pasted where the rule goes is not echoed whole (as in a gate:allow note).
                        "unknown rule `\(PolicyEvaluator.shownRule(rule))`: not a category or a detector id"
                            + suggestion(rule, in: Self.ruleNames),
                        at: ruleNode)
                }
                return rule
            }
            let paths = optional("paths", in: entries).map { globs($0, "`paths`") } ?? []
            let reason = attempt { () throws(PolicyError) -> String in
                let reasonNode = try required("reason", in: entries, of: item, "a waiver (say why it is safe)")
                let reason = try string(reasonNode, "`reason`")
                guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw fail("a waiver's `reason` must not be empty", at: reasonNode)
                }
                return reason
            }
            let expires = attempt { () throws(PolicyError) in
                try date(try required("expires", in: entries, of: item, "a waiver (waivers must expire)"), "`expires`")
            }
            result.append(Waiver(
                rule: rule ?? "", paths: paths, reason: reason ?? "", expires: expires ?? "", location: location(item)))
        }
        return result
    }

    private func environments(_ node: Node) -> [String: EnvironmentSettings] {
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`environments`") }) else { return [:] }
        var result: [String: EnvironmentSettings] = [:]
        var requiresNodes: [(String, Node)] = []
        for entry in entries {
            if !Self.isIdentifier(entry.key) {
                report(fail("environment name `\(Self.shown(entry.key))` must be letters, digits, `-` or `_`", at: entry.keyNode))
            }
            let settingsEntries = entry.value.null != nil
                ? [] : attempt({ () throws(PolicyError) in try mapping(entry.value, "an environment") }) ?? []
            checkKeys(settingsEntries, allowed: ["requires"], in: "an environment")
            var settings = EnvironmentSettings()
            for item in optional("requires", in: settingsEntries).flatMap({ stringList($0, "`requires`") }) ?? [] {
                settings.requires.append(item.text)
                requiresNodes.append((item.text, item.node))
            }
            result[entry.key] = settings
        }
        for (name, node) in requiresNodes where result[name] == nil {
            report(fail("unknown environment `\(Self.shown(name))` in `requires`\(suggestion(name, in: result.keys.sorted()))", at: node))
        }
        checkNoCycles(result, entries: entries)
        return result
    }

    /// One mistake per cycle, named at its first environment in the file.
    private func checkNoCycles(_ environments: [String: EnvironmentSettings], entries: [Entry]) {
        func reachable(from start: String) -> Set<String> {
            var stack = environments[start]?.requires ?? []
            var visited: Set<String> = []
            while let next = stack.popLast() {
                if visited.insert(next).inserted { stack += environments[next]?.requires ?? [] }
            }
            return visited
        }
        var onReportedCycle: Set<String> = []
        for entry in entries where !onReportedCycle.contains(entry.key) {
            let reach = reachable(from: entry.key)
            guard reach.contains(entry.key) else { continue }
            report(fail("environment `\(Self.shown(entry.key))` requires itself (through `requires`)", at: entry.keyNode))
            onReportedCycle.formUnion(reach.filter { reachable(from: $0).contains(entry.key) })
        }
    }

    private func schema(_ node: Node) -> SchemaSettings {
        var settings = SchemaSettings()
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`schema`") }) else { return settings }
        checkKeys(entries, allowed: ["postgres-version"], in: "`schema`")
        if let value = optional("postgres-version", in: entries),
           let version = attempt({ () throws(PolicyError) in try int(value, "`postgres-version`") })
        {
            let range = SchemaSettings.supportedPostgresVersions
            if range.contains(version) {
                settings.postgresVersion = version
            } else {
                report(fail(
                    "`postgres-version` must be a Postgres major version from \(range.lowerBound) to \(range.upperBound)",
                    at: value))
            }
        }
        return settings
    }

    private func deploy(_ node: Node) -> DeploySettings {
        var settings = DeploySettings()
        guard let entries = attempt({ () throws(PolicyError) in try mapping(node, "`deploy`") }) else { return settings }
        checkKeys(
            entries, allowed: ["migrations", "lock-timeout", "statement-timeout", "retries", "rollout"], in: "`deploy`")
        if let value = optional("migrations", in: entries),
           let migrations = attempt({ () throws(PolicyError) in try string(value, "`migrations`") })
        {
            settings.migrations = migrations
        }
        if let value = optional("lock-timeout", in: entries),
           let timeout = attempt({ () throws(PolicyError) in try duration(value, "`lock-timeout`") })
        {
            settings.lockTimeout = timeout
        }
        if let value = optional("statement-timeout", in: entries),
           let timeout = attempt({ () throws(PolicyError) in try duration(value, "`statement-timeout`") })
        {
            settings.statementTimeout = timeout
        }
        if let retries = optional("retries", in: entries),
           let retryEntries = attempt({ () throws(PolicyError) in try mapping(retries, "`retries`") })
        {
            checkKeys(retryEntries, allowed: ["transient", "release-attempts"], in: "`retries`")
            if let value = optional("transient", in: retryEntries),
               let count = attempt({ () throws(PolicyError) in try int(value, "`transient`") })
            {
                if count >= 0 { settings.transientRetries = count } else { report(fail("`transient` must not be negative", at: value)) }
            }
            if let value = optional("release-attempts", in: retryEntries),
               let count = attempt({ () throws(PolicyError) in try int(value, "`release-attempts`") })
            {
                if count >= 1 {
                    settings.releaseAttempts = count
                } else {
                    report(fail("`release-attempts` must be at least 1", at: value))
                }
            }
        }
        if let rollout = optional("rollout", in: entries),
           let rolloutEntries = attempt({ () throws(PolicyError) in try mapping(rollout, "`rollout`") })
        {
            checkKeys(rolloutEntries, allowed: ["command", "timeout", "env"], in: "`rollout`")
            if let value = optional("env", in: rolloutEntries),
               let entries = stringList(value, "`env` (variable names, PREFIX_* patterns or NAME=value)")
            {
                for entry in entries where !Self.isRolloutEnvironmentEntry(entry.text) {
                    report(fail(
                        "`env` entry \"\(Self.shown(entry.text))\" is not a variable name, a PREFIX_* pattern or NAME=value", at: entry.node))
                }
                settings.rolloutEnvironment = entries.map(\.text)
            }
            if let value = optional("command", in: rolloutEntries),
               let command = stringList(value, "`command` (an argument vector)")
            {
                settings.rolloutCommand = command.map(\.text)
                if case .sequence(let items) = value, items.isEmpty {
                    report(fail("`command` must name a program (an argument vector such as [\"./scripts/rollout.sh\"])", at: value))
                }
            }
            if let value = optional("timeout", in: rolloutEntries),
               let timeout = attempt({ () throws(PolicyError) in try duration(value, "`timeout`") })
            {
                settings.rolloutTimeout = timeout
            }
        }
        return settings
    }

    /// `NAME`, `PREFIX_*` or `NAME=value`, where a name is letters, digits and underscores not starting with a digit.
    static func isRolloutEnvironmentEntry(_ entry: String) -> Bool {
        let name = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let bare = !entry.contains("=") && name.hasSuffix("*") ? String(name.dropLast()) : name
        guard let first = bare.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return bare.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
    }

    // MARK: Recording mistakes

    /// Reads one value whose mistake does not stop the rest: the mistake is recorded and the caller goes on
    /// without the value.
    private func attempt<Value>(_ body: () throws(PolicyError) -> Value) -> Value? {
        do throws(PolicyError) {
            return try body()
        } catch {
            report(error)
            return nil
        }
    }

    private func report(_ error: PolicyError) {
        if let site = error.location, problems.unsupportedTagSites.contains([site.line, site.column]) { return }
        problems.errors.append(error)
    }

    // MARK: Typed readers

    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    private func mapping(_ node: Node, _ what: String) throws(PolicyError) -> [Entry] {
        guard case .mapping(let mapping) = node else {
            throw fail("\(what) must be a mapping (key: value), not \(kind(of: node))", at: node)
        }
        var entries: [Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw fail("keys must be plain names", at: key) }
            if problems.renamedDuplicates.contains(scalar.string) { continue }
            if scalar.string == "<<" && scalar.style == .plain {
                report(fail("YAML merge keys (`<<: *anchor`) are not supported in the policy; write the keys out", at: key))
                continue
            }
            entries.append(Entry(key: scalar.string, keyNode: key, value: value))
        }
        return entries
    }

    private func sequence(_ node: Node, _ what: String) throws(PolicyError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw fail("\(what) must be a list, not \(kind(of: node))", at: node)
        }
        return Array(sequence)
    }

    private func string(_ node: Node, _ what: String) throws(PolicyError) -> String {
        guard case .scalar(let scalar) = node, tag(of: node) != Tag.Name.null.rawValue else {
            throw fail("\(what) must be text, not \(kind(of: node))", at: node)
        }
        return scalar.string
    }

    /// The text items of a list; nil when it is not a list. Each item that is not text is recorded and left out.
    private func stringList(_ node: Node, _ what: String) -> [(text: String, node: Node)]? {
        guard let items = attempt({ () throws(PolicyError) in try sequence(node, what) }) else { return nil }
        return items.compactMap { item in
            attempt { () throws(PolicyError) in (try string(item, "each item of \(what)"), item) }
        }
    }

    private func int(_ node: Node, _ what: String) throws(PolicyError) -> Int {
        guard case .scalar = node, tag(of: node) == Tag.Name.int.rawValue, let value = node.int else {
            throw fail("\(what) must be a whole number, not \(kind(of: node))", at: node)
        }
        return value
    }

    private func bool(_ node: Node, _ what: String) throws(PolicyError) -> Bool {
        guard case .scalar = node, tag(of: node) == Tag.Name.bool.rawValue, let value = node.bool else {
            throw fail("\(what) must be true or false, not \(kind(of: node))", at: node)
        }
        return value
    }

    private func enumeration<Value: RawRepresentable & CaseIterable>(
        _ node: Node, _ type: Value.Type, _ what: String
    ) throws(PolicyError) -> Value where Value.RawValue == String {
        let text = try string(node, what)
        if let value = Value(rawValue: text) { return value }
        let names = Value.allCases.map(\.rawValue)
        throw fail(
            "\(what) must be one of \(names.joined(separator: ", ")), not `\(Self.shown(text))`\(suggestion(text, in: names))", at: node)
    }

    private func duration(_ node: Node, _ what: String) throws(PolicyError) -> TimeSpan {
        let text = try string(node, what)
        do { return try TimeSpan(parsing: text) } catch {
            throw fail("\(what): \(TimeSpan.SyntaxError(text: Self.shown(error.text)))", at: node)
        }
    }

    /// The globs of a list; each item that is not a valid glob is recorded and left out.
    private func globs(_ node: Node, _ what: String) -> [Glob] {
        (stringList(node, what) ?? []).compactMap { item in
            attempt { () throws(PolicyError) -> Glob in
                do { return try Glob(item.text) } catch { throw fail("\(what): \(error)", at: item.node) }
            }
        }
    }

    /// `YYYY-MM-DD`, a real calendar day.
    private func date(_ node: Node, _ what: String) throws(PolicyError) -> String {
        let text = try string(node, what)
        guard let day = Self.calendarDay(text) else {
            throw fail("\(what) must be a date written YYYY-MM-DD, not `\(Self.shown(text))`", at: node)
        }
        return day
    }

    static func calendarDay(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1] ? text : nil
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    // MARK: Keys

    private func optional(_ key: String, in entries: [Entry]) -> Node? {
        entries.first { $0.key == key }?.value
    }

    /// An optional list of text, empty when absent.
    private func strings(_ key: String, in entries: [Entry], _ what: String) -> [String] {
        optional(key, in: entries).flatMap { stringList($0, what) }?.map(\.text) ?? []
    }

    private func required(_ key: String, in entries: [Entry], of node: Node, _ what: String) throws(PolicyError) -> Node {
        guard let value = entries.first(where: { $0.key == key })?.value else {
            throw fail("missing required key `\(key)` in \(what)", at: node)
        }
        return value
    }

    /// Records every key that is not allowed, each at its own position.
    private func checkKeys(_ entries: [Entry], allowed: [String], in what: String, noun: String = "key") {
        for entry in entries where !allowed.contains(entry.key) {
            report(fail(
                "unknown \(noun) `\(Self.shown(entry.key))` in \(what)\(suggestion(entry.key, in: allowed, listing: true))",
                at: entry.keyNode))
        }
    }

    // MARK: Errors

    private func suggestion(_ name: String, in candidates: [String], listing: Bool = false) -> String {
        if let near = NearMiss.closest(to: name, in: candidates) { return "; did you mean `\(near)`?" }
        return listing ? " (expected one of: \(candidates.joined(separator: ", ")))" : ""
    }

    private func kind(of node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            switch tag(of: node) {
            case Tag.Name.null.rawValue: "empty"
            case Tag.Name.int.rawValue: "the number \(Self.shown(scalar.string))"
            case Tag.Name.float.rawValue: "the number \(Self.shown(scalar.string))"
            case Tag.Name.bool.rawValue: "`\(scalar.string)`"
            default: "the text `\(Self.shown(scalar.string))`"
            }
        }
    }

    /// What a node is, without quoting it.
    private func kindWithoutValue(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar): "text of \(scalar.string.count) characters"
        }
    }

    /// A value as an error quotes it back. A mistyped value may be a credential pasted in the wrong place, and
    /// secrets are never printed whole: what the secret detectors recognise is redacted as in a finding's evidence,
    /// and so are `NAME=value` where the name says secret, a connection string's password and any long token-like
    /// word; past 60 characters the rest is left out, its length given, so a file read by mistake is not dumped.
    static func shown(_ text: String) -> String {
        // Short names (`urgent`, `gitlab-review`) are the common case and hold nothing to redact.
        if text.utf8.count < 16, !text.contains("=") { return text }
        var shown = text.split(whereSeparator: \.isWhitespace).map { word -> String in
            // `NAME=value`: the name helps find the mistake, the value may be the secret.
            if let equals = word.firstIndex(of: "="), isVariableName(word[..<equals]) {
                let value = String(word[word.index(after: equals)...])
                return String(word[...equals]) + (Redaction.redactCommandLine([String(word)]).hasSuffix("=***") ? "***" : shownWord(value))
            }
            return shownWord(String(word))
        }.joined(separator: " ")
        if shown.count > 60 { shown = String(shown.prefix(48)) + "…(\(text.count) characters)" }
        return shown
    }

    private static func shownWord(_ word: String) -> String {
        isTokenLike(word) ? Redaction.redact(word) : Redaction.redactConnectionString(CredentialRedaction.redacting(in: word))
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// A word that could be a key or token: 20 or more characters of the alphabets keys are written in, with letters
    /// and digits mixed; a path (a `/` or `.` in it) only when it also has capitals, as base64 does and paths rarely.
    static func isTokenLike(_ word: String) -> Bool {
        guard word.utf8.count >= 20, !Redaction.isRedacted(word) else { return false }
        var digits = false, letters = false, capitals = false, separators = false
        for byte in word.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"): letters = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): letters = true; capitals = true
            case UInt8(ascii: "/"), UInt8(ascii: "."): separators = true
            case UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"): break
            default: return false
            }
        }
        return digits && letters && (!separators || capitals)
    }

    private func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private func fail(_ message: String, at node: Node) -> PolicyError {
        PolicyError.invalid(message: message, location: location(node))
    }

    private func fail(_ message: String, line: Int, column: Int) -> PolicyError {
        PolicyError.invalid(message: message, location: SourceLocation(file: file, line: line, column: column))
    }

    private func translate(_ error: YamlError) -> PolicyError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return fail("not valid YAML: \(problem)", line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return fail(
                "duplicate key `\(duplicates.joined(separator: "`, `"))` in one mapping", line: context.mark.line,
                column: context.mark.column)
        case .reader(let problem, _, _, _):
            return fail("not valid YAML: \(problem)", line: 1, column: 1)
        default:
            return fail("not valid YAML: \(error)", line: 1, column: 1)
        }
    }
}

/// Finds the intended name behind a typo (optimal string alignment distance: a swap costs one).
public enum NearMiss {
    public static func closest(to name: String, in candidates: [String]) -> String? {
        let limit = name.count <= 4 ? 1 : name.count <= 8 ? 2 : 3
        var best: (String, Int)?
        for candidate in candidates {
            let distance = self.distance(Array(name.lowercased().utf8), Array(candidate.lowercased().utf8))
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
