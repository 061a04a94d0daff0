import GatePostgres

/// Why a deploy, plan or status did not succeed; the CLI maps each case to SPEC §1's exit codes.
public enum DeployError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The gate is closed: a decision other than pass, a missing required release, drift, a held lock or a spent
    /// budget (exit 1).
    case refused(String)
    /// A step failed; nothing after it ran (exit 3).
    case stepFailed(step: String, message: String)
    /// Bad input or configuration: unreadable migrations, unknown environment, missing URL (exit 2).
    case invalidInput(String)
    /// The ledger or target database failed outside any step (exit 2).
    case database(PostgresError)

    public var description: String {
        switch self {
        case .refused(let message): "refused: \(message)"
        case .stepFailed(let step, let message): "step \(step) failed: \(message)"
        case .invalidInput(let message): message
        case .database(let error): error.description
        }
    }
}
