import GateCore

/// A policy that cannot be used, with the file, line and column of the mistake.
public enum PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(message: String, location: SourceLocation?)

    public var description: String {
        switch self {
        case .invalid(let message, let location):
            if let location { "\(location): \(message)" } else { message }
        }
    }
}

/// Loads policy files strictly (SPEC §3).
public enum PolicyLoader {
    /// The built-in default policy, used when the base commit has no `.gate/policy.yml`.
    public static var builtin: Policy {
        var policy = Policy()
        policy.digest = ContentDigest.sha256Hex("builtin")
        return policy
    }

    /// Parses policy text; `file` names it in errors.
    public static func load(text: String, file: String) throws(PolicyError) -> Policy {
        throw PolicyError.invalid(message: "policy files are not supported yet", location: nil)
    }
}
