import GateCore

/// The policy's judgment of a change's findings, before approvals are counted.
public struct Evaluation: Sendable, Equatable {
    /// Findings with the policy's tier, action and waivers applied; disabled rules removed.
    public var findings: [Finding]
    /// One per required group, not yet satisfied.
    public var requirements: [Requirement]
    public var notes: [String]
}

/// Turns findings into tiers, actions, requirements and a decision under a policy.
public enum PolicyEvaluator {
    public static func evaluate(_ findings: [Finding], policy: Policy, today: String) -> Evaluation {
        var judged: [Finding] = []
        var needed: [String: Int] = [:]
        for var finding in findings {
            let settings = policy.settings(rule: finding.rule, category: finding.category)
            guard settings.enabled else { continue }
            finding.tier = settings.tier
            finding.action = settings.action
            if !finding.waived, finding.action == .requireApproval, let require = settings.require {
                for group in require.from { needed[group] = max(needed[group] ?? 0, require.approvals) }
            }
            judged.append(finding)
        }
        let requirements = needed.keys.sorted().map { Requirement(group: $0, approvals: needed[$0] ?? 1) }
        return Evaluation(findings: judged, requirements: requirements, notes: [])
    }

    /// SPEC §2: block if any unwaived finding blocks, else needs-approval while a requirement is unmet, else pass.
    public static func decide(findings: [Finding], requirements: [Requirement]) -> Decision {
        if findings.contains(where: { !$0.waived && $0.action == .block }) { return .block }
        if requirements.contains(where: { !$0.satisfied }) { return .needsApproval }
        return .pass
    }
}
