import GateCore
import GateGit
import GatePolicy

/// First-policy bootstrap (SPEC §4): the change that adds the first `.gate/policy.yml` may be signed off by the
/// reviewers that very file lists (trust on first use).
///
/// Without it nobody could ever approve that change: its `policy-change` finding needs `owners`, and the built-in
/// policy that judges it (the base has none) lists no reviewers, so only an admin bypass would merge it. The trust
/// is as narrow as it can be: only when the base has no policy at all (an edit of an existing policy still needs
/// the base's owners), only for groups that nothing but policy-change findings need (a paid call in the same
/// change still needs a `cost` approval nobody can give yet), and only the new file's reviewers and keys are
/// taken from it; its rules, waivers and approval settings do not judge the change that introduces them.
struct FirstPolicyBootstrap: Sendable {
    static let path = ".gate/policy.yml"

    /// The policy approvals for the covered groups are verified against: the trusted policy's settings (allow-self,
    /// max-age, store) with the new file's reviewers, so its author cannot turn self-approval on for themselves.
    var verificationPolicy: Policy
    /// What the report says about it.
    var summary: PolicyBootstrap

    /// The policy a change adds when its trusted commit has none, read from the head commit as the base's would
    /// be (no symlinks); `nil` when the base has a policy, the head has none, or the check is not of commits.
    /// A file that does not load gives a note instead: the bootstrap then simply does not apply.
    static func candidate(mode: DiffMode, policyFile: String?, source: PolicySource, head: String,
                          repository: Repository) -> (policy: Policy?, note: String?)
    {
        guard mode == .commits, policyFile == nil, source.source == "builtin" else { return (nil, nil) }
        do {
            guard let bytes = try repository.trustedFileContents(atCommit: head, path: path) else { return (nil, nil) }
            return (try PolicyLoader.load(bytes: bytes, file: "head:\(path)"), nil)
        } catch {
            // A note is one line of the report: several policy mistakes are joined, `gate policy validate` lists them.
            let reason = (error as? PolicyError)?.mistakes.map(\.description).joined(separator: "; ") ?? "\(error)"
            return (nil, "first-policy bootstrap does not apply: the \(path) this change adds cannot be used (\(reason))")
        }
    }

    /// The trusted policy with the new file's reviewers (ids, keys, groups, emails) and nothing else of it.
    static func verificationPolicy(trusted: Policy, candidate: Policy) -> Policy {
        var policy = trusted
        policy.reviewers = candidate.reviewers
        return policy
    }

    /// The bootstrap for an evaluated change, or nil with a note saying why it does not apply.
    static func applying(candidate: Policy?, trusted: Policy, evaluation: Evaluation) -> (FirstPolicyBootstrap?, [String]) {
        guard let candidate else { return (nil, []) }
        // The change must add the file itself (not merely run on a branch that has one), and that must be
        // what is asking for sign-off.
        let addsPolicy = evaluation.findings.contains {
            $0.category == .policyChange && $0.path == path && !$0.waived && $0.action == .requireApproval
        }
        guard addsPolicy else { return (nil, []) }
        let policyGroups = evaluation.requirements.map(\.group).filter {
            evaluation.requiredBy[$0]?.contains(.policyChange) == true
        }
        let groups = policyGroups.filter { evaluation.requiredBy[$0] == [.policyChange] }
        var notes: [String] = []
        for group in policyGroups where !groups.contains(group) {
            let others = (evaluation.requiredBy[group] ?? []).subtracting([.policyChange]).map(\.rawValue).sorted()
            notes.append("first-policy bootstrap does not cover \(group): \(others.joined(separator: ", ")) findings need it too, and only a policy in the base can approve those")
        }
        guard !groups.isEmpty else { return (nil, notes) }
        let reviewers = candidate.reviewers.filter { !Set($0.groups).isDisjoint(with: groups) }.map(\.id)
        let bootstrap = FirstPolicyBootstrap(
            verificationPolicy: verificationPolicy(trusted: trusted, candidate: candidate),
            summary: PolicyBootstrap(
                source: "head:\(path)", sha256: candidate.digest, groups: groups, reviewers: reviewers))
        let who = reviewers.isEmpty ? "nobody (it lists no reviewer in \(groups.joined(separator: ", ")))" : reviewers.joined(separator: ", ")
        notes.insert(
            "first-policy bootstrap (trust on first use): the base has no \(path) and this change adds it, so the "
                + "\(groups.joined(separator: ", ")) sign-off of its policy-change findings may come from the reviewers "
                + "that new file lists: \(who)", at: 0)
        return (bootstrap, notes)
    }
}
