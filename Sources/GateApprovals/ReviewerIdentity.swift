import Foundation
import GatePolicy

/// Every address that belongs to one reviewer, for the self-approval rule (SPEC §4): the reviewer's id, the
/// `emails:` of their policy entry, and GitHub's noreply forms (`login@users.noreply.github.com`,
/// `12345+login@users.noreply.github.com`) of any of them and of the entry's `github:` login.
public struct ReviewerIdentity: Sendable, Equatable {
    public private(set) var emails: Set<String>
    /// GitHub logins taken from noreply addresses among `emails`, lowercased.
    public private(set) var githubLogins: Set<String>

    public init(reviewer: String, policy: Policy) {
        let entry = policy.reviewers.first { $0.id == reviewer }
        let listed = [reviewer] + (entry?.emails ?? [])
        emails = Set(listed.map { $0.lowercased() })
        // The entry's `github:` login is theirs too, so a commit made through GitHub's web editor is self.
        githubLogins = Set(listed.compactMap(Self.githubNoreplyLogin) + [entry?.github?.lowercased()].compactMap { $0 })
    }

    /// Whether `email` is one of the reviewer's (case-insensitive; any noreply form of a known login).
    public func matches(_ email: String) -> Bool {
        let lowered = email.lowercased()
        if emails.contains(lowered) { return true }
        if let login = Self.githubNoreplyLogin(lowered) { return githubLogins.contains(login) }
        return false
    }

    /// `12345+Login@users.noreply.github.com` or `login@users.noreply.github.com` → `login`; nil for other addresses.
    public static func githubNoreplyLogin(_ email: String) -> String? {
        let lowered = email.lowercased()
        let domain = "@users.noreply.github.com"
        guard lowered.hasSuffix(domain) else { return nil }
        let local = lowered.dropLast(domain.count)
        let login = local.split(separator: "+", maxSplits: 1).last.map(String.init) ?? ""
        return login.isEmpty ? nil : login
    }

    /// The addresses of a commit message's `Co-authored-by: Name <email>` trailers (any case, any line).
    public static func coAuthorEmails(inMessage message: String) -> [String] {
        var emails: [String] = []
        for line in message.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let key = "co-authored-by:"
            guard trimmed.lowercased().hasPrefix(key) else { continue }
            let value = trimmed.dropFirst(key.count)
            if let open = value.lastIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
                let email = value[value.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                if email.contains("@") { emails.append(email) }
            } else {
                let bare = value.trimmingCharacters(in: .whitespaces)
                if bare.contains("@"), !bare.contains(" ") { emails.append(bare) }
            }
        }
        return emails
    }
}
