import Foundation
import GateCore
import GateGit

/// The base a pull request's check must use under GitHub Actions, taken from the event rather than from
/// anything the pull request itself can set.
///
/// A workflow's `env:` is part of the pull request, so `GATE_BASE: ${{ github.sha }}` in a pull request would
/// compare the head with itself; the runner's event payload (`GITHUB_EVENT_PATH`, and `GITHUB_*` variables,
/// which workflows cannot override) is not.
enum PullRequestBase {
    /// The events whose payload names the pull request; `pull_request_review` is how an approval submitted on
    /// the pull request re-runs the check, and it is judged exactly as the pull request is.
    static let events: Set<String> = ["pull_request", "pull_request_target", "pull_request_review"]

    /// The branch the event's pull request targets (`pull_request.base.ref`), or nil. GitHub sets
    /// `GITHUB_BASE_REF` for `pull_request` and `pull_request_target` only, not for a review.
    static func targetFromEvent(_ environment: [String: String]) -> String? {
        guard let base = pullRequestFromEvent(environment)?["base"] as? [String: Any], let ref = base["ref"] as? String,
              !ref.isEmpty
        else { return nil }
        return ref
    }

    /// The event's `pull_request.number` under GitHub Actions for a pull-request event, or nil.
    static func numberFromEvent(_ environment: [String: String]) -> Int? {
        guard let number = pullRequestFromEvent(environment)?["number"] as? Int, number > 0 else { return nil }
        return number
    }

    /// The event's `pull_request.head.sha` under GitHub Actions for a pull-request event, or nil: the commit a reviewer
    /// has, where the runner checks out GitHub's synthetic merge of it into the base (`refs/pull/N/merge`).
    static func headFromEvent(_ environment: [String: String]) -> String? {
        guard let head = pullRequestFromEvent(environment)?["head"] as? [String: Any], let sha = head["sha"] as? String,
              sha.count == 40, sha.allSatisfy(\.isHexDigit)
        else { return nil }
        return sha.lowercased()
    }

    /// The event's `pull_request.head.ref` (the branch the pull request comes from) for a pull-request event, or nil.
    /// GitHub sets `GITHUB_HEAD_REF` for `pull_request` and `pull_request_target` only, not for a review.
    static func headBranchFromEvent(_ environment: [String: String]) -> String? {
        guard let head = pullRequestFromEvent(environment)?["head"] as? [String: Any], let ref = head["ref"] as? String,
              !ref.isEmpty
        else { return nil }
        return ref
    }

    /// The pull request's head when the checked `head` is it or GitHub's merge of it (a commit whose parents include
    /// it), else nil: a `--head` naming something else is not the pull request, and the approve command names what
    /// was checked.
    static func reviewedHead(of head: String, environment: [String: String], in repository: Repository) -> String? {
        guard let pullRequestHead = headFromEvent(environment) else { return nil }
        if pullRequestHead == head { return head }
        guard let parents = try? repository.parents(of: head), parents.contains(pullRequestHead) else { return nil }
        return pullRequestHead
    }

    /// The event payload's `pull_request` object, when the event is a pull request's and its file reads as JSON.
    private static func pullRequestFromEvent(_ environment: [String: String]) -> [String: Any]? {
        guard environment["GITHUB_ACTIONS"] == "true", let event = environment["GITHUB_EVENT_NAME"], events.contains(event),
              let path = environment["GITHUB_EVENT_PATH"], let data = try? readEvent(at: path),
              let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return nil }
        return object["pull_request"] as? [String: Any]
    }

    /// The event's `pull_request.base.sha` when running for a pull request under GitHub Actions, else nil.
    static func fromEvent(_ environment: [String: String]) throws -> String? {
        guard environment["GITHUB_ACTIONS"] == "true", let event = environment["GITHUB_EVENT_NAME"],
              events.contains(event)
        else { return nil }
        guard let path = environment["GITHUB_EVENT_PATH"], !path.isEmpty else {
            throw GateKitError.invalidArgument(
                "GITHUB_EVENT_NAME is \(event) but GITHUB_EVENT_PATH is not set: cannot read the pull request's base")
        }
        let data = try readEvent(at: path)
        let payload: Any
        do { payload = try JSONSerialization.jsonObject(with: data) } catch {
            throw GateKitError.invalidArgument(
                "\(path): the \(event) event is not valid JSON; gate cannot tell what the pull request targets")
        }
        guard let object = payload as? [String: Any], let pullRequest = object["pull_request"] as? [String: Any],
              let base = pullRequest["base"] as? [String: Any], let value = base["sha"]
        else {
            throw GateKitError.invalidArgument(
                "\(path): the \(event) event has no pull_request.base.sha; gate cannot tell what the pull request targets")
        }
        // SHA-1 (40) or SHA-256 (64) hex. Whatever else is there is quoted short: the payload is not gate's to print.
        guard let sha = value as? String, sha.count == 40 || sha.count == 64, sha.allSatisfy(\.isHexDigit) else {
            let shown = (value as? String).map { "\"\($0.prefix(12))\"" + ($0.count > 12 ? "…" : "") } ?? "not a string"
            throw GateKitError.invalidArgument(
                "\(path): the \(event) event's pull_request.base.sha is malformed (\(shown); a commit id is 40 or 64 hex digits); "
                    + "gate cannot tell what the pull request targets")
        }
        return sha.lowercased()
    }

    /// The event file's bytes (without a UTF-8 byte order mark), or an error naming GITHUB_EVENT_PATH and what is wrong.
    private static func readEvent(at path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw GateKitError.invalidArgument(
                "GITHUB_EVENT_PATH names \(path), which does not exist: cannot read the pull request's base")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
            throw GateKitError.invalidArgument(
                "GITHUB_EVENT_PATH names \(path), which cannot be read (\(isDirectory.boolValue ? "a directory" : "permission denied")): "
                    + "cannot read the pull request's base")
        }
        return Data(UTF8ByteOrderMark.stripped(Array(data)))
    }

    /// The base commit of a commits-mode check: the event's base under GitHub Actions for a pull request (an
    /// explicit `--base` or `GATE_BASE` must agree with it), else `--base`, else SPEC §2's defaults.
    static func resolve(explicit: String?, environment: [String: String], in repository: Repository) throws -> String {
        guard let eventBase = try fromEvent(environment) else {
            return try explicit.map { revision throws(GitError) in try repository.resolveCommit(revision) }
                ?? repository.defaultBase(environment: environment)
        }
        let trusted: String
        do { trusted = try repository.resolveCommit(eventBase) } catch {
            throw GateKitError.invalidArgument(
                "the pull request's base \(eventBase) is not in this clone (\(error)); fetch it (actions/checkout with fetch-depth: 0) and run again")
        }
        let overrides = [("--base", explicit), ("GATE_BASE", environment["GATE_BASE"])]
        for case (let name, let revision?) in overrides where !revision.isEmpty {
            let resolved: String
            do { resolved = try repository.resolveCommit(revision) } catch {
                throw GateKitError.invalidArgument("\(name) \(revision) names no commit in this clone (\(error)); fix it or remove it")
            }
            guard resolved == trusted else {
                throw GateKitError.invalidArgument(
                    "\(name) \(revision) resolves to \(resolved), but this \(environment["GITHUB_EVENT_NAME"] ?? "pull_request") "
                        + "targets \(trusted) (pull_request.base.sha in GITHUB_EVENT_PATH); under GitHub Actions the "
                        + "event's base is the one gate trusts. Remove the override.")
            }
        }
        return trusted
    }
}
