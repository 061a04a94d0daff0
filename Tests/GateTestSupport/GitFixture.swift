import Foundation

/// A real git repository in a temporary directory, built with the git CLI so tests check libgit2
/// against git itself.
public final class GitFixture: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public var path: String { directory.path }

    /// Identity and config that make commits reproducible and independent of the user's git config.
    public static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = "Author"
        env["GIT_AUTHOR_EMAIL"] = "author@example.com"
        env["GIT_COMMITTER_NAME"] = "Author"
        env["GIT_COMMITTER_EMAIL"] = "author@example.com"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_TERMINAL_PROMPT"] = "0"
        return env
    }()

    public init(initialBranch: String = "main") throws {
        directory = try TemporaryDirectory(prefix: "gate-repo")
        try git("init", "-q", "-b", initialBranch)
        try git("config", "commit.gpgsign", "false")
    }

    /// A repository whose `main` holds a README and `files`, with a `feature` branch checked out: where most
    /// checks of a change start.
    public static func onFeatureBranch(files: [String: String] = [:]) throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("README.md", "# service\n")
        for (path, text) in files { try repo.write(path, text) }
        try repo.commit("base")
        try repo.git("switch", "-q", "-c", "feature")
        return repo
    }

    /// Wraps an existing directory (a clone made by a test).
    public init(existing: TemporaryDirectory) {
        directory = existing
    }

    /// Runs git in the repository; throws with git's stderr on failure.
    @discardableResult
    public func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        try git(arguments, environment: environment)
    }

    @discardableResult
    public func git(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let env = GitFixture.environment.merging(environment) { $1 }
        let result = try runProcess("git", arguments, in: path, environment: env)
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed: \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes a file (creating directories) relative to the repository root.
    public func write(_ relative: String, _ text: String) throws {
        try write(relative, bytes: Array(text.utf8))
    }

    public func write(_ relative: String, bytes: [UInt8]) throws {
        let url = directory.url(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: directory.url(relative))
    }

    /// Stages everything and commits; returns the new commit id.
    @discardableResult
    public func commit(_ message: String, environment: [String: String] = [:]) throws -> String {
        try git("add", "-A")
        try git(["commit", "-q", "--allow-empty", "-m", message], environment: environment)
        return try git("rev-parse", "HEAD")
    }
}

/// A fixture could not be built.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
