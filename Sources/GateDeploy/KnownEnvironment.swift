import GatePolicy

/// `--env` names an environment the policy defines (SPEC §5): deploy, plan, status, baseline and release reset all
/// refuse a misspelt one the same way (exit 2), before they read the ledger for it. Without this, `--env prod` under a
/// policy defining `production` reads as "prod has no release in the ledger yet" and points at `gate baseline`.
public enum KnownEnvironment {
    /// Throws `invalidInput` naming the policy's environments (and the likely one meant) when `environment` is neither
    /// defined by `policy` nor in the ledger's `recorded` environments. A policy that defines none accepts any name.
    public static func require(_ environment: String, in policy: Policy, recorded: [String] = []) throws(DeployError) {
        let defined = policy.environments.keys.sorted()
        guard !defined.isEmpty, policy.environments[environment] == nil, !recorded.contains(environment) else { return }
        var message = "unknown environment \"\(environment)\"; the policy defines: \(defined.joined(separator: ", "))"
        if let near = likelyMeant(environment, among: defined) { message += "; did you mean --env \(near)?" }
        throw DeployError.invalidInput(message)
    }

    /// A near spelling, else the one defined name the given one abbreviates (`prod` for `production`).
    static func likelyMeant(_ environment: String, among defined: [String]) -> String? {
        if let near = NearMiss.closest(to: environment, in: defined) { return near }
        let lowered = environment.lowercased()
        let extending = defined.filter { $0.lowercased().hasPrefix(lowered) }
        return !lowered.isEmpty && extending.count == 1 ? extending[0] : nil
    }
}
