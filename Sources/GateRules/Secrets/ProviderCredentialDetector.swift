import GateCore

/// Credentials of one kind of provider (AI, payments, messaging, cloud, code hosting and CI, other services),
/// recognised from the data in `CredentialCatalogue`; each format's generated example is one of its tests.
struct ProviderCredentialDetector: CredentialDetector {
    let kind: CredentialKind
    let provider: String? = nil

    var shapes: [TokenShape] { Self.compiled[kind]?.shapes ?? [] }
    var assignments: [AssignmentRule] { Self.compiled[kind]?.rules ?? [] }
    var description: DetectorDescription { Self.descriptions[kind] ?? Self.describe(kind) }
    var id: String { Self.about(kind).0 }
    /// One detector per kind: its kind's place among the kinds.
    var variant: Int { CredentialKind.allCases.firstIndex(of: kind) ?? 0 }
    /// None: each finding's tier is its format's (live, test-mode, sandbox). Known without the description.
    var ownTier: Tier? { nil }

    static let all = CredentialKind.allCases.map { ProviderCredentialDetector(kind: $0) }

    private struct Compiled {
        var shapes: [TokenShape]
        var rules: [AssignmentRule]
    }

    private static let compiled: [CredentialKind: Compiled] = Dictionary(uniqueKeysWithValues: CredentialKind.allCases.map { kind in
        let formats = CredentialCatalogue.formats.filter { $0.kind == kind }
        let named = formats.filter { !$0.names.isEmpty }
        return (kind, Compiled(shapes: formats.compactMap(\.tokenShape), rules: named.isEmpty ? [] : [namedRule(named)]))
    })

    private static let descriptions: [CredentialKind: DetectorDescription] =
        Dictionary(uniqueKeysWithValues: CredentialKind.allCases.map { ($0, describe($0)) })

    /// Words that make a name hold a credential rather than describe one (`MISTRAL_API_KEY`, not `MISTRAL_MODEL`).
    private static let credentialWords = ["key", "token", "secret", "password", "passwd", "auth", "credential", "pat"]
        .map { Array($0.utf8) }

    /// Formats without a prefix: the assigned name, or the call the value is passed to (directly or as a
    /// keyword argument), must name the provider, and the value must be exactly the provider's format.
    private static func namedRule(_ formats: [CredentialFormat]) -> AssignmentRule {
        let bodies = formats.map { (format: $0, body: FormatBody($0), names: $0.names.map { Array($0.utf8) }) }
        let shortest = bodies.map(\.body.length.lowerBound).min() ?? 0
        let longest = bodies.map(\.body.length.upperBound).max() ?? 0
        // Which lengths any format has, so most values are turned away by one lookup.
        var lengths = [Bool](repeating: false, count: longest + 1)
        for entry in bodies { for length in entry.body.length { lengths[length] = true } }
        let possibleLengths = lengths
        let spaces = ByteSet(" \t")
        let calls = CallArguments()
        return AssignmentRule(
            minimumLength: shortest, refusedBytes: spaces,
            plausible: { buffer, value in
                value.count <= longest && possibleLengths[value.count] && !value.contains { spaces.contains(buffer[$0]) }
            },
            matches: { name, buffer, value in
                guard name.isCallArgument || name.containsAny(credentialWords) else { return nil }
                var callee: [UInt8]?
                for entry in bodies where entry.body.length.contains(value.count) {
                    var named = entry.names.contains { name.contains($0) }
                    if !named, !name.isCallArgument {
                        // `Mistral(api_key="…")`, `new Mistral({ apiKey: "…" })`: the provider is the callee.
                        if callee == nil {
                            callee = calls.enclosingCallee(of: value.lowerBound, in: buffer).map { range in
                                buffer[range].filter { $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: ".") }
                                    .map(SecretValue.lowercased)
                            } ?? []
                        }
                        named = callee.map { callee in
                            callee.withUnsafeBufferPointer { bytes in
                                entry.names.contains { SecretValue.containsIgnoringCase(bytes, bytes.indices, $0) }
                            }
                        } ?? false
                    }
                    guard named, FormatBody.matches(entry.body.segments[...], buffer, value.lowerBound, value.upperBound),
                          entry.body.accepts(buffer, value),
                          SecretValue.looksLive(shaped: buffer, value, minimumEntropy: entry.format.minimumEntropy)
                    else { continue }
                    return entry.format.verdict
                }
                return nil
            })
    }

    private static func describe(_ kind: CredentialKind) -> DetectorDescription {
        let formats = CredentialCatalogue.formats.filter { $0.kind == kind }
        let providers = Array(Set(formats.map(\.provider))).sorted()
        let (id, name, why) = about(kind)
        return DetectorDescription(
            id: id, name: name, category: .secret,
            rationale: why + """
                 Recognises \(formats.count) formats of \(providers.count) providers by prefix, character set, \
                length and, where the provider defines one, checksum (npm's CRC-32); formats without a prefix \
                count where the name they are assigned to or the call they are passed to names the provider \
                (MISTRAL_API_KEY=…, cohere.Client("…")). Live keys are critical, test-mode keys high and sandbox \
                keys low. Placeholders (runs of x, your-key-here), keys a provider publishes for every machine (the Azure \
                Storage emulator's) and environment lookups are not reported. \
                Providers: \(providers.joined(separator: ", ")).
                """,
            triggering: formats.enumerated().map { index, format in example(of: format, context: index) },
            nonTriggering: nonTriggering(formats, kind: kind))
    }

    private static func about(_ kind: CredentialKind) -> (String, String, String) {
        switch kind {
        case .ai:
            ("ai-provider-key", "AI/ML provider API key",
             "A model, speech, embedding or search provider's key bills every request to its owner; leaked keys are scraped within minutes and drained by other people's workloads.")
        case .payments:
            ("payment-provider-key", "Payment provider key",
             "Payment, commerce and shipping keys move money, issue refunds, buy postage and read customers' data.")
        case .messaging:
            ("messaging-provider-key", "Messaging provider key",
             "E-mail, SMS, chat and push credentials send messages in the account's name, billed per message, and are abused for spam, phishing and SMS pumping.")
        case .cloud:
            ("cloud-credential", "Cloud platform credential",
             "Cloud, hosting, database and secret-manager credentials reach infrastructure and data directly; one leak can start paid capacity or read every secret.")
        case .code:
            ("code-hosting-token", "Code hosting, CI or registry token",
             "Source hosting, CI and package registry tokens push code, read private repositories and publish packages: one leak becomes a supply-chain compromise.")
        case .services:
            ("service-token", "SaaS service token",
             "Tokens of SaaS, analytics, observability and productivity services read and change the team's data in those services.")
        }
    }

    /// The name a credential of `format` is typically kept under.
    private static func variableName(_ format: CredentialFormat) -> String {
        let base = (format.names.first ?? format.provider).uppercased().replacingOccurrences(of: "-", with: "_")
        return base + (format.label.lowercased().contains("token") ? "_TOKEN" : "_API_KEY")
    }

    /// A triggering example: the generated key in one of the places keys end up, rotating by `context`.
    static func example(of format: CredentialFormat, context: Int) -> DetectorExample {
        let key = format.example()
        let name = variableName(format)
        let lower = name.lowercased()
        let type = (format.names.first ?? format.provider).split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
        if !format.names.isEmpty {
            switch context % 6 {
            case 0: return DetectorExample("\(name)=↓\(key)\n", path: ".env")
            case 1: return DetectorExample("{\n  \"\(name)\": \"↓\(key)\"\n}\n", path: "config/settings.json")
            case 2: return DetectorExample("client = \(type)(api_key=\"↓\(key)\")\n", path: "app/clients.py")
            case 3: return DetectorExample("const client = new \(type)({ apiKey: \"↓\(key)\" });\n", path: "src/clients.ts")
            case 4: return DetectorExample("client := \(type.lowercased()).NewClient(\"↓\(key)\")\n", path: "internal/clients.go")
            default: return DetectorExample("\(lower): \"↓\(key)\"\n", path: "config/secrets.yml")
            }
        }
        switch context % 10 {
        case 0: return DetectorExample("\(name)=↓\(key)\n", path: ".env")
        case 1: return DetectorExample("services:\n  \(format.provider):\n    credential: \"↓\(key)\"\n", path: "config/services.yaml")
        case 2: return DetectorExample("{ \"\(lower)\": \"↓\(key)\", \"timeout\": 30 }\n", path: "appsettings.json")
        case 3: return DetectorExample("client = \(type)Client(\"↓\(key)\")\n", path: "app/integrations.py")
        case 4:
            return DetectorExample(
                "```sh\ncurl https://api.example.net/v1/items \\\n  -H \"Authorization: Bearer ↓\(key)\"\n```\n",
                path: "README.md")
        case 5:
            return DetectorExample(
                "{\n \"cells\": [{\"cell_type\": \"code\", \"source\": [\"token = \\\"↓\(key)\\\"\\n\"]}]\n}\n",
                path: "notebooks/explore.ipynb")
        case 6: return DetectorExample("\(type).configure(credential: '↓\(key)')\n", path: "config/initializers/\(lower).rb")
        case 7: return DetectorExample("val client = \(type)Client(\"↓\(key)\")\n", path: "app/src/main/kotlin/Clients.kt")
        case 8: return DetectorExample("$client = new \\\(type)\\Client('↓\(key)');\n", path: "app/Services/Clients.php")
        default: return DetectorExample("let client = \(type)Client::new(\"↓\(key)\");\n", path: "src/clients.rs")
        }
    }

    /// The same places holding placeholders, references and documentation, which must stay silent.
    private static func nonTriggering(_ formats: [CredentialFormat], kind: CredentialKind) -> [DetectorExample] {
        let placeholders = formats.map { format -> String in
            let key = format.example()
            let prefix = key.prefix(format.prefixLength)
            let filler = String(repeating: "x", count: max(0, key.count - prefix.count))
            return "\(variableName(format))=\(prefix)\(filler)"
        }
        let references = formats.prefix(12).map { "\(variableName($0).lowercased()) = os.environ[\"\(variableName($0))\"]" }
        let samples = formats.filter { $0.prefixLength > 0 }.prefix(8).map { format in
            "- \(format.label): starts with `\(format.example().prefix(min(6, format.prefixLength)))…`, keep it in the environment"
        }
        let names = formats.filter { !$0.names.isEmpty }.prefix(8).map { "\(variableName($0))=your-\($0.provider)-key-here" }
        return [
            DetectorExample(placeholders.joined(separator: "\n") + "\n", path: ".env.example"),
            DetectorExample(references.joined(separator: "\n") + "\n", path: "app/settings_\(kind.rawValue).py"),
            DetectorExample("## Credentials\n\n" + samples.joined(separator: "\n") + "\n", path: "docs/credentials.md"),
            DetectorExample("# \(kind.rawValue) providers\n" + names.joined(separator: "\n") + "\n", path: ".env.sample"),
        ] + (kind == .cloud ? [azuriteExample] : [])
    }

    /// The Azure Storage emulator's connection string, with the account key Microsoft publishes for every machine.
    private static let azuriteExample = DetectorExample("""
        services:
          api:
            environment:
              AZURE_STORAGE_CONNECTION_STRING: "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=\(
                  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/" + "K1SZFPTOtr/KBHBeksoGMGw==");BlobEndpoint=http://azurite:10000/devstoreaccount1;"
        """, path: "docker-compose.yml")
}
