import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// A repository with a trusted policy in its first commit, a scratch target database, and helpers to run the built
/// `gate` binary against them.
final class DeployFixture {
    let repo: GitFixture
    let database: ScratchDatabase
    /// The first commit, passed as --base to a first deploy.
    let root: String
    /// Where rollout scripts leave their traces.
    let scratch: TemporaryDirectory

    static let policy = """
        version: 1
        rules:
          schema-change: { tier: low, action: pass }
        environments:
          staging: {}
          production: { requires: [staging] }
        deploy:
          migrations: db/migrations
          lock-timeout: 300ms
          statement-timeout: 1m
          retries: { transient: 4, release-attempts: 3 }
          rollout: { timeout: 2m }

        """

    /// A rollout that logs its environment, proves `reports.summary` exists when asked, fails while
    /// `$SCRATCH/fail` exists and lingers while `$SCRATCH/linger` exists.
    static let rolloutScript = """
        #!/bin/sh
        set -e
        echo "$GATE_ENV $GATE_RELEASE $GATE_BASE $GATE_HEAD" >> "$SCRATCH/rollouts"
        echo $$ > "$SCRATCH/rollout.pid"
        if [ -f "$SCRATCH/probe" ]; then
          psql "$TEST_DB" -v ON_ERROR_STOP=1 -qAt -c "$(cat "$SCRATCH/probe")" >> "$SCRATCH/probes"
        fi
        if [ -f "$SCRATCH/linger" ]; then sleep "$(cat "$SCRATCH/linger")"; fi
        if [ -f "$SCRATCH/fail" ]; then echo "rollout failing on purpose" >&2; exit 1; fi
        echo "rollout done"

        """

    init(policy: String = DeployFixture.policy) throws {
        repo = try GitFixture()
        database = try ScratchDatabase()
        scratch = try TemporaryDirectory(prefix: "gate-deploy-scratch")
        try repo.write(".gate/policy.yml", policy)
        try repo.write("README.md", "service\n")
        try repo.write("scripts/rollout.sh", Self.rolloutScript)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/scripts/rollout.sh")
        root = try repo.commit("base")
    }

    func migration(_ name: String, _ sql: String) throws { try repo.write("db/migrations/\(name)", sql) }

    /// An executable shell script in the repository (a migrator, a rollout), uncommitted.
    func script(_ path: String, _ body: String) throws {
        try repo.write(path, "#!/bin/sh\nset -e\n" + body)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/" + path)
    }

    /// A migrator script that runs one statement with psql against $DATABASE_URL.
    func psqlMigrator(_ sql: String, path: String = "scripts/migrate.sh") throws {
        try script(path, "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -q -c '\(sql)'\n")
    }

    @discardableResult
    func commit(_ message: String = "change") throws -> String { try repo.commit(message) }

    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["SCRATCH"] = scratch.path
        env["TEST_DB"] = database.url
        env["NO_COLOR"] = "1"
        return env
    }

    /// The arguments of a deploy of HEAD to `env` with the repository's rollout script.
    func deployArguments(_ env: String = "staging", url: String? = nil, extra: [String] = [],
                         rollout: [String] = ["./scripts/rollout.sh"]) -> [String] {
        ["deploy", "--repo", repo.path, "--env", env, "--database-url", url ?? database.url, "--base", root]
            + extra + (rollout.isEmpty ? [] : ["--"] + rollout)
    }

    @discardableResult
    func gate(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(gateExecutablePath(), arguments, in: repo.path, environment: environment)
    }

    /// `gate plan` of HEAD for `staging` on the fixture's database, given the rollout as `deploy()` is.
    func plan(_ extra: [String] = [], rollout: [String] = ["./scripts/rollout.sh"]) throws -> ProcessResult {
        try gate(["plan", "--repo", repo.path, "--env", "staging", "--database-url", database.url] + extra
            + (rollout.isEmpty ? [] : ["--"] + rollout))
    }

    @discardableResult
    func deploy(_ env: String = "staging", url: String? = nil, extra: [String] = []) throws -> ProcessResult {
        try gate(deployArguments(env, url: url, extra: extra))
    }

    /// Starts gate without waiting; output goes to files in the scratch directory.
    func start(_ arguments: [String], label: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gateExecutablePath())
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path + "/\(label).out", contents: nil))
        XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path + "/\(label).err", contents: nil))
        process.standardOutput = try FileHandle(forWritingTo: scratch.url("\(label).out"))
        process.standardError = try FileHandle(forWritingTo: scratch.url("\(label).err"))
        try process.run()
        return process
    }

    func output(_ label: String) -> String {
        ((try? String(contentsOfFile: scratch.path + "/\(label).out", encoding: .utf8)) ?? "")
            + ((try? String(contentsOfFile: scratch.path + "/\(label).err", encoding: .utf8)) ?? "")
    }

    func scratchFile(_ name: String) -> String? { try? String(contentsOfFile: scratch.path + "/" + name, encoding: .utf8) }

    func setScratch(_ name: String, _ text: String?) throws {
        let path = scratch.path + "/" + name
        if let text { try text.write(toFile: path, atomically: true, encoding: .utf8) } else {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Starts a deploy whose rollout lingers `seconds`, and waits until the rollout is running.
    func startDeployWithLingeringRollout(seconds: Int, label: String, extra: [String] = [],
                                         file: StaticString = #filePath, line: UInt = #line) throws -> Process {
        try setScratch("linger", String(seconds))
        let process = try start(deployArguments(extra: extra), label: label)
        XCTAssertTrue(waitUntil { scratchFile("rollout.pid") != nil }, output(label), file: file, line: line)
        return process
    }

    /// Deploys table `t`, commits a migration adding column `c`, and returns a second session holding `mode` on `t`
    /// inside an open transaction (roll it back to release the lock).
    func addColumnWhileLocked(_ mode: String, applicationName: String? = nil,
                              file: StaticString = #filePath, line: UInt = #line) throws -> Connection {
        try migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try commit()
        XCTAssertEqual(try deploy().status, 0, file: file, line: line)
        try migration("0002_c.sql", "ALTER TABLE t ADD COLUMN c int;\n")
        try commit()
        let holder = try connect()
        if let applicationName { try holder.query("SELECT set_config('application_name', \(applicationName), false)") }
        try holder.query("BEGIN")
        try holder.unsafeExecuteScript("LOCK TABLE t IN \(mode) MODE")
        return holder
    }

    var rolloutCount: Int { (scratchFile("rollouts") ?? "").split(separator: "\n").count }

    func connect() throws -> Connection { try Connection(database.url) }

    func scalar(_ query: Query, url: String? = nil) throws -> String? {
        try Connection(url ?? database.url).query(query).first?.string(0)
    }

    /// Waits until `condition` holds, up to `timeout` seconds.
    func waitUntil(_ timeout: TimeInterval = 20, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// True while some session holds an advisory lock in the database.
    func advisoryLockHeld(url: String? = nil) throws -> Bool {
        try scalar(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            url: url) != "0"
    }
}
