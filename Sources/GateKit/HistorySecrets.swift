import Foundation
import GateCore
import GateGit
import GatePolicy
import GateRules

/// Secrets in the history of a range, not only in its end result: a key committed and removed again inside
/// the same pull request stays in the pushed history, so it is reported with its commit and the advice to
/// rotate it. Commit messages are searched too.
struct HistorySecrets {
    let repository: Repository
    let policy: Policy
    let diffOptions: DiffOptions
    /// Receives how many commits were walked and how many of them libgit2 diffed.
    var timings: CheckTimings? = nil
    private static let diffedByLibgit2 = "history commits diffed by libgit2 (renames, copies)"

    /// The history's secrets the range's own diff did not report (`reported`: its findings).
    static func unreported(_ found: [Finding], reported: [Finding]) -> [Finding] {
        let known = Set(reported.filter { $0.category == .secret }.map { SecretKey($0) })
        return found.filter { !known.contains(SecretKey($0)) }
    }

    /// Every secret some commit of `base..head` added or a commit message holds, each once (where it is first
    /// seen, commits oldest first); `unreported` then drops those the range's diff shows.
    func findings(base: String, head: String) throws -> [Finding] {
        let scanner = ByteContentScanner(context: policy.detectionContext)
        var seen = Set<SecretKey>()
        var found: [Finding] = []
        let commits = try repository.rangeCommits(from: base, to: head)
        timings?.count("history commits walked", commits.count)
        timings?.count(Self.diffedByLibgit2, 0)
        // Renames are matched by content only: a commit-by-commit pass needs added lines, not similarity.
        var options = diffOptions
        options.renameLimit = 1
        // A commit's version of a file that is the head's version at the same path holds nothing the range's own
        // diff did not show (its lines are added there, or were already in the base), so it is not read again:
        // on a whole app's history that is nearly every file of every commit.
        let headVersions = commits.count > 1 ? try repository.headVersions(atCommit: head) : nil
        // Commits oldest first: a directory a commit changes is read as its parent's version by a later step.
        let steps = TreeSteps()
        for commit in commits {
            let short = String(commit.id.prefix(12))
            let message = SourceFile(change: FileChange(
                path: "commit \(short) message", kind: .copied, hunks: [], content: .text(Array(commit.message.utf8))))
            var inMessage: [Finding] = []
            let messageSecrets = scanner.secrets(in: message)
            // A subject that holds a secret is not quoted: the report, CI logs and pull-request summaries would
            // print it whole.
            let subject = messageSecrets.isEmpty ? commit.subject : "subject withheld: it holds a secret"
            for var finding in messageSecrets where seen.insert(SecretKey(finding)).inserted {
                finding.message = "\(finding.message); it is in the message of commit \(short) (\(subject)), "
                    + "which stays in the pushed history: rotate it"
                inMessage.append(finding)
            }
            found += CheckRunner.identify(inMessage, in: message.change)
            // A merge brings in commits the range already walks (or the base already has).
            guard commit.parents.count == 1, let parent = commit.parents.first else { continue }
            // The one commit of a single-commit range is the range's own diff, already scanned.
            if commits.count == 1 && parent == base && commit.id == head { continue }
            let changes = try repository.treeChanges(from: parent, to: commit.id, steps: steps, unlike: headVersions)
            let unread = changes.newContent.map(\.path)
            if unread.isEmpty { continue }
            func scan(_ change: FileChange) throws {
                // A file's new secrets are identified together: two of one rule in one hunk get their own ordinals,
                // so their ids differ, and the hunk is hashed once.
                var fresh: [Finding] = []
                for var finding in try secrets(of: change) where seen.insert(SecretKey(finding)).inserted {
                    finding.message = "\(finding.message). Commit \(short) (\(subject)) added it and a later "
                        + "commit removed it, but it stays in the pushed history: rotate it"
                    fresh.append(finding)
                }
                found += CheckRunner.identify(fresh, in: change)
            }
            /// The secrets a commit's version adds: its added lines', or, for a version too large to diff (or not
            /// text), the secrets of its whole bytes that its parent's version did not hold, searched in windows as
            /// the range's own diff searches such a file.
            func secrets(of change: FileChange) throws -> [Finding] {
                guard case .skipped(let reason) = change.content, reason == .tooLarge || reason == .binary else {
                    return scanner.secrets(in: SourceFile(change: change))
                }
                func streamed(at version: String, path: String) throws -> [Finding] {
                    var result: [Finding] = []
                    try repository.streamHeadFile(
                        .commits(base: parent, head: version), path: path, windowSize: diffOptions.maxFileSize
                    ) { window, firstLine in
                        result += scanner.scan(window: window, firstLine: firstLine, path: change.path).filter { $0.category == .secret }
                    }
                    return result
                }
                let before = change.kind == .added ? [] : try streamed(at: parent, path: change.oldPath ?? change.path)
                let held = Set(before.map(SecretKey.init))
                return try streamed(at: commit.id, path: change.path).filter { !held.contains(SecretKey($0)) }
            }
            // Made from what the tree walk read when no rename or copy can be among them (most commits): a diff of
            // the commit would read its trees again.
            if let files = try repository.newContentChanges(
                changes, parent: parent, commit: commit.id, options: options)
            {
                try files.forEach(scan)
                continue
            }
            timings?.count(Self.diffedByLibgit2)
            // Removed files stay in the diff, so a renamed file is still paired with its source (its old lines
            // are not new). A name that is not UTF-8 cannot be handed back as a path: that commit is diffed whole.
            options.paths = changes.hasUndecodablePath ? nil : unread + changes.removed
            _ = try repository.diff(.commits(base: parent, head: commit.id), options: options, visit: scan)
        }
        return found
    }

    /// One secret, wherever it appears: its detector and a digest of its whole value (the redacted evidence shows
    /// only a prefix and the length, alike for two keys of one format).
    private struct SecretKey: Hashable {
        var rule: String
        var value: String

        init(_ finding: Finding) {
            rule = finding.rule
            value = finding.secretDigest ?? finding.evidence ?? "\(finding.path):\(finding.line)"
        }
    }
}
