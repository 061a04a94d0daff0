import GateCore

/// What `gate policy validate` found in one file: the policy when it loads, else every mistake; and the
/// warnings of a policy that loads but will not do what its authors expect (`PolicyLint`).
public struct PolicyValidation: Sendable {
    public var file: String
    public var policy: Policy?
    public var mistakes: [PolicyError]
    public var warnings: [String]

    /// Loads `path` strictly and lints what loads; `today` (YYYY-MM-DD) dates the waivers.
    public init(contentsOf path: String, today: String) {
        file = path
        do throws(PolicyError) {
            let policy = try PolicyLoader.load(contentsOf: path)
            self.policy = policy
            mistakes = []
            warnings = PolicyLint.notes(policy, today: today)
        } catch {
            policy = nil
            mistakes = error.mistakes
            warnings = []
        }
    }

    public var isValid: Bool { policy != nil }

    /// The `gate.policy-validation/v1` document.
    public func json() throws -> String {
        try StableJSON.render(schema: "gate.policy-validation/v1", Document(self))
    }

    private struct Document: Encodable {
        struct Mistake: Encodable {
            var file: String
            var line: Int?
            var column: Int?
            var message: String

            enum CodingKeys: String, CodingKey { case file, line, column, message }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(file, forKey: .file)
                try container.encode(line, forKey: .line)
                try container.encode(column, forKey: .column)
                try container.encode(message, forKey: .message)
            }
        }

        struct Summary: Encodable {
            var version: Int
            var reviewers: Int
            var waivers: Int
            var sha256: String
        }

        var file: String
        var valid: Bool
        var errors: [Mistake]
        var warnings: [String]
        var policy: Summary?

        init(_ validation: PolicyValidation) {
            file = validation.file
            valid = validation.isValid
            errors = validation.mistakes.map { mistake in
                switch mistake {
                case .invalid(let message, let location):
                    Mistake(file: location?.file ?? validation.file, line: location?.line, column: location?.column,
                            message: message)
                case .unreadable, .several:
                    Mistake(file: validation.file, line: nil, column: nil, message: mistake.description)
                }
            }
            warnings = validation.warnings
            policy = validation.policy.map {
                Summary(version: $0.version, reviewers: $0.reviewers.count, waivers: $0.waivers.count, sha256: $0.digest)
            }
        }

        enum CodingKeys: String, CodingKey { case file, valid, errors, warnings, policy }

        /// `policy` is null, not left out, for an invalid file.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(valid, forKey: .valid)
            try container.encode(errors, forKey: .errors)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(policy, forKey: .policy)
        }
    }
}
