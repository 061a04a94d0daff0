import GateCore
import GateRules

/// `gate policy explain`: the effective policy as YAML, every default filled in. The output is itself a
/// valid policy that loads to the same rules.
public enum PolicyExplainer {
    public static func render(_ policy: Policy, source: String) -> String {
        var out = "# effective policy from \(source) (sha256 \(policy.digest))\n"
        out += "version: \(policy.version)\n"
        if policy.evaluatesNothing { out += "evaluates-nothing: true\n" }
        out += "\nreviewers:" + (policy.reviewers.isEmpty ? " []\n" : "\n")
        for reviewer in policy.reviewers {
            out += "  - id: \(quote(reviewer.id))\n    keys: \(list(reviewer.keys))\n    groups: \(list(reviewer.groups))\n"
            if !reviewer.emails.isEmpty { out += "    emails: \(list(reviewer.emails))\n" }
            if let login = reviewer.github { out += "    github: \(quote(login))\n" }
        }
        out += "\npaths:\n"
        out += "  ignore: \(list(policy.paths.ignore.map(\.pattern)))\n"
        out += "  jobs: \(list(policy.paths.jobs.map(\.pattern)))\n"
        out += "  migrations: \(list(policy.paths.migrations.map(\.pattern)))\n"
        out += "  tests: \(list(policy.paths.tests.map(\.pattern)))\n"
        out += "\nproviders:" + (policy.providers.isEmpty ? " []\n" : "\n")
        for provider in policy.providers {
            out += "  - id: \(quote(provider.id))\n    kind: \(provider.kind.rawValue)\n"
            out += "    hosts: \(list(provider.hosts))\n"
            let packages = provider.packages.keys.sorted().map { "\($0): \(list(provider.packages[$0] ?? []))" }
            out += "    packages: { \(packages.joined(separator: ", ")) }\n"
            out += "    calls: \(list(provider.calls))\n"
            if !provider.imports.isEmpty { out += "    imports: \(list(provider.imports))\n" }
            if !provider.symbols.isEmpty { out += "    symbols: \(list(provider.symbols))\n" }
            if !provider.batchCalls.isEmpty { out += "    batch-calls: \(list(provider.batchCalls))\n" }
        }
        out += "\nrules:\n"
        for category in Category.allCases {
            out += "  " + rule(category.rawValue, policy.settings(for: category), category: category) + "\n"
        }
        for id in policy.rules.keys.sorted() where Category(rawValue: id) == nil {
            guard let settings = policy.rules[id] else { continue }
            let category = DetectorRegistry.detector(id: id)?.category ?? .paidExternalCall
            out += "  " + rule(id, settings, category: category) + "\n"
        }
        let builtIn = builtInDetectorRules(policy)
        if !builtIn.isEmpty {
            out += "  # the detectors' own tiers, which apply unless the policy names the detector or turns its category off:\n"
            for (id, settings, category) in builtIn { out += "  " + rule(id, settings, category: category) + "\n" }
        }
        let approvals = policy.approvals
        out += "\napprovals: { allow-self: \(approvals.allowSelf), max-age: \(approvals.maxAge), store: \(approvals.store.rawValue),"
        out += " sources: [\(approvals.sources.map(\.rawValue).joined(separator: ", "))] }\n"
        out += "\nwaivers:" + (policy.waivers.isEmpty ? " []\n" : "\n")
        for waiver in policy.waivers {
            out += "  - rule: \(waiver.rule)\n"
            if !waiver.paths.isEmpty { out += "    paths: \(list(waiver.paths.map(\.pattern)))\n" }
            out += "    reason: \(quote(waiver.reason))\n    expires: \(waiver.expires)\n"
        }
        out += "\nenvironments:" + (policy.environments.isEmpty ? " {}\n" : "\n")
        for name in policy.environments.keys.sorted() {
            out += "  \(name): { requires: \(list(policy.environments[name]?.requires ?? [])) }\n"
        }
        let deploy = policy.deploy
        out += "\ndeploy:\n  migrations: \(quote(deploy.migrations))\n"
        out += "  lock-timeout: \(deploy.lockTimeout)\n  statement-timeout: \(deploy.statementTimeout)\n"
        out += "  retries: { transient: \(deploy.transientRetries), release-attempts: \(deploy.releaseAttempts) }\n"
        let command = deploy.rolloutCommand.isEmpty ? "" : "command: \(list(deploy.rolloutCommand)), "
        let environment = deploy.rolloutEnvironment.map { ", env: \(list($0))" } ?? ""
        out += "  rollout: { \(command)timeout: \(deploy.rolloutTimeout)\(environment) }\n"
        out += "\nschema:\n  postgres-version: \(policy.schema.postgresVersion)\n"
        return out
    }

    /// The `gate.policy/v1` document: the same effective policy as the YAML, keys named as in the policy file.
    /// Unlike the YAML, every requirement is written out (`require` is null where the action needs none), so a
    /// script never has to know the defaults.
    public static func json(_ policy: Policy, source: String) throws -> String {
        try StableJSON.render(
            schema: "gate.policy/v1",
            JSONValue.object(["source": .string(source), "sha256": .string(policy.digest), "policy": document(policy)]))
    }

    static func document(_ policy: Policy) -> JSONValue {
        var rules: [String: JSONValue] = [:]
        for category in Category.allCases { rules[category.rawValue] = rule(policy.settings(for: category)) }
        for (id, settings) in policy.rules where Category(rawValue: id) == nil { rules[id] = rule(settings) }
        for (id, settings, _) in builtInDetectorRules(policy) { rules[id] = rule(settings) }
        let deploy = policy.deploy
        return .object([
            "version": .int(policy.version),
            "evaluates-nothing": .bool(policy.evaluatesNothing),
            "reviewers": .array(policy.reviewers.map { reviewer in
                .object(["id": .string(reviewer.id), "keys": strings(reviewer.keys), "groups": strings(reviewer.groups),
                         "emails": strings(reviewer.emails), "github": reviewer.github.map(JSONValue.string) ?? .null])
            }),
            "paths": .object([
                "ignore": strings(policy.paths.ignore.map(\.pattern)), "jobs": strings(policy.paths.jobs.map(\.pattern)),
                "migrations": strings(policy.paths.migrations.map(\.pattern)), "tests": strings(policy.paths.tests.map(\.pattern)),
            ]),
            "providers": .array(policy.providers.map { provider in
                .object([
                    "id": .string(provider.id), "kind": .string(provider.kind.rawValue), "hosts": strings(provider.hosts),
                    "packages": .object(provider.packages.mapValues(strings)), "calls": strings(provider.calls),
                    "imports": strings(provider.imports), "symbols": strings(provider.symbols),
                    "batch-calls": strings(provider.batchCalls),
                ])
            }),
            "rules": .object(rules),
            "approvals": .object([
                "allow-self": .bool(policy.approvals.allowSelf), "max-age": .string("\(policy.approvals.maxAge)"),
                "store": .string(policy.approvals.store.rawValue),
                "sources": strings(policy.approvals.sources.map(\.rawValue)),
            ]),
            "waivers": .array(policy.waivers.map { waiver in
                .object(["rule": .string(waiver.rule), "paths": strings(waiver.paths.map(\.pattern)),
                         "reason": .string(waiver.reason), "expires": .string(waiver.expires)])
            }),
            "environments": .object(policy.environments.mapValues { .object(["requires": strings($0.requires)]) }),
            "deploy": .object([
                "migrations": .string(deploy.migrations), "lock-timeout": .string("\(deploy.lockTimeout)"),
                "statement-timeout": .string("\(deploy.statementTimeout)"),
                "retries": .object(["transient": .int(deploy.transientRetries), "release-attempts": .int(deploy.releaseAttempts)]),
                "rollout": .object([
                    "command": strings(deploy.rolloutCommand), "timeout": .string("\(deploy.rolloutTimeout)"),
                    "env": deploy.rolloutEnvironment.map(strings) ?? .null,
                ]),
            ]),
            "schema": .object(["postgres-version": .int(policy.schema.postgresVersion)]),
        ])
    }

    private static func rule(_ settings: RuleSettings) -> JSONValue {
        .object([
            "tier": .string(settings.tier.rawValue), "action": .string(settings.action.rawValue),
            "enabled": .bool(settings.enabled),
            "require": settings.require.map { .object(["approvals": .int($0.approvals), "from": strings($0.from)]) } ?? .null,
        ])
    }

    /// The detectors with a tier of their own (advice low, a contract still in use critical) that the policy leaves
    /// to it, with the settings they get: without them the explanation would show a contract migration's category as
    /// needing approval when the check blocks it.
    static func builtInDetectorRules(_ policy: Policy) -> [(id: String, settings: RuleSettings, category: Category)] {
        DetectorRegistry.ownTiers.keys.sorted().compactMap { id in
            guard policy.rules[id] == nil, let category = DetectorRegistry.detector(id: id)?.category,
                  policy.settings(for: category).enabled
            else { return nil }
            return (id, policy.settings(rule: id, category: category), category)
        }
    }

    private static func strings(_ items: [String]) -> JSONValue { .array(items.map(JSONValue.string)) }

    /// A requirement equal to the category's default is left implicit (with a comment), so the output
    /// still loads when no reviewer is listed yet.
    private static func rule(_ key: String, _ settings: RuleSettings, category: Category) -> String {
        var fields = ["tier: \(settings.tier.rawValue)", "action: \(settings.action.rawValue)"]
        var comment = ""
        if let require = settings.require {
            let implicit = ApprovalRequirement(approvals: 1, from: [category.defaultApprovalGroup])
            let text = "\(require.approvals) approval\(require.approvals == 1 ? "" : "s") from \(require.from.joined(separator: " or "))"
            if require == implicit {
                comment = "  # \(text)"
            } else {
                fields.append("require: { approvals: \(require.approvals), from: \(list(require.from)) }")
            }
        }
        if !settings.enabled { fields.append("enabled: false") }
        return "\(key): { \(fields.joined(separator: ", ")) }\(comment)"
    }

    private static func list(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ", ") + "]" }

    /// A YAML double-quoted scalar (JSON string syntax is valid there).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// A JSON value for documents whose keys mirror the policy file's (kebab-case, open-ended maps such as `rules`),
/// which a tree of Codable structs would only restate.
enum JSONValue: Encodable, Equatable, ExpressibleByStringLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    init(stringLiteral value: String) { self = .string(value) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let values): try container.encode(values)
        }
    }
}
