import Foundation
import GateCore
import GateRules

/// Things about a valid policy its authors should hear about: it loads, but will not do what they expect.
public enum PolicyLint {
    public static func notes(_ policy: Policy, today: String) -> [String] {
        var notes: [String] = []
        for waiver in policy.waivers where waiver.isExpired(today: today) {
            notes.append("\(waiver.label) expired on \(waiver.expires); it is ignored")
        }
        // Inline allows refuse secrets outright; a waiver may name them, but one without paths passes every live key
        // committed anywhere until it expires, which is rarely what was meant.
        for waiver in policy.waivers where waiver.paths.isEmpty && !waiver.isExpired(today: today) && waivesSecrets(waiver) {
            notes.append(
                "\(waiver.label) waives secrets with no `paths`, so a live key committed anywhere passes until \(waiver.expires); "
                    + "limit it to the files that hold test keys")
        }
        for reviewer in policy.reviewers {
            for key in reviewer.keys where ReviewerKey.verdict(key) == .placeholder {
                notes.append(
                    "reviewer \(reviewer.id)'s key is a placeholder (from a template or the documentation), so it can never verify an approval; "
                        + "replace it with the line of their ~/.ssh/id_ed25519.pub")
            }
        }
        let needsSignOff = Category.allCases.contains { policy.settings(for: $0).require != nil }
        if needsSignOff && policy.reviewers.isEmpty {
            notes.append("no reviewers are listed, so no sign-off can be given until some are")
            return notes
        }
        // Explicit `from` groups are checked when loading; the implicit default groups are only noted,
        // since a team may never touch, say, the database.
        let groups = policy.reviewerGroups
        let required = Set(Category.allCases.flatMap { category in
            policy.settings(for: category).enabled ? policy.settings(for: category).require?.from ?? [] : []
        })
        for category in Category.allCases {
            guard let require = policy.settings(for: category).require, policy.settings(for: category).enabled else { continue }
            for group in require.from where !groups.contains(group) {
                notes.append("\(category.rawValue) needs sign-off from \(group), but no reviewer is in \(group)"
                    + misspelling(of: group, among: groups.subtracting(required), in: policy))
            }
        }
        let githubReviews = policy.approvals.sources.contains(.githubReview)
        for reviewer in policy.reviewers where reviewer.keys.isEmpty && !(githubReviews && reviewer.github != nil) {
            notes.append("reviewer \(reviewer.id) has no keys, so their approvals cannot be verified")
        }
        if githubReviews, !policy.reviewers.contains(where: { $0.github != nil }) {
            notes.append("approvals.sources includes github-review, but no reviewer names a `github:` login, so no review counts")
        }
        if !githubReviews {
            for reviewer in policy.reviewers where reviewer.github != nil {
                notes.append(
                    "reviewer \(reviewer.id) names github: \(reviewer.github ?? ""), but approvals.sources does not include github-review, so their reviews do not count")
            }
        }
        return notes
    }

    /// Where a reviewer's group that no rule asks for is spelt like `group` (`databse` for `database`): most likely a
    /// typo, named with its place in the policy; else nothing.
    private static func misspelling(of group: String, among unused: Set<String>, in policy: Policy) -> String {
        guard let near = NearMiss.closest(to: group, in: unused.sorted()),
              let reviewer = policy.reviewers.first(where: { $0.groups.contains(near) })
        else { return "" }
        let place = reviewer.groupLocations[near].map { " at \($0.file):\($0.line)" } ?? ""
        return "; reviewer \(reviewer.id) lists group `\(near)`\(place), which no rule asks for: did you mean `\(group)`?"
    }

    private static func waivesSecrets(_ waiver: Waiver) -> Bool {
        waiver.rule == Category.secret.rawValue || DetectorRegistry.detector(id: waiver.rule)?.category == .secret
    }

    /// Today's date in UTC as `YYYY-MM-DD`, what waiver expiry is compared against.
    ///
    /// Counted from the days since 1970 (Howard Hinnant's `civil_from_days`, the proleptic Gregorian calendar), not
    /// through a `Calendar` or `DateFormatter`: every check asks once, and building those cost more than the rest of
    /// the policy's judgment of a small change.
    public static func today(_ now: Date = Date()) -> String {
        let days = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        // Shifted so that years start on 1 March (the leap day ends a year) and eras of 400 years start at 0000-03-01.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
