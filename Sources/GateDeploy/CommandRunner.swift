import Foundation
import GateCore

/// Runs a rollout or migrate command as an argument vector (never a shell), its output streamed to ours.
enum CommandRunner {
    /// Returns the exit status; a command that outlives `timeout` is terminated and reported as a failure.
    static func run(
        _ command: [String], step: String, environment: [String: String], workingDirectory: String, timeout: TimeSpan,
        log: (String) -> Void
    ) throws -> Int32 {
        guard let program = command.first, !program.isEmpty else {
            throw DeployError.invalidInput("the command is empty")
        }
        let executable = try resolve(program, workingDirectory: workingDirectory, environment: environment)
        let pid = try spawn(executable, arguments: command, environment: environment, workingDirectory: workingDirectory)
        let deadline = Date().addingTimeInterval(timeout.seconds)
        if let status = waitForExit(pid, until: deadline) { return status }
        log("  \(program) ran past its timeout (\(timeout)); terminating it and its children")
        // The command leads its own process group, so its children (a `sleep`, a deploy tool) end with it.
        kill(-pid, SIGTERM)
        if waitForExit(pid, until: Date().addingTimeInterval(5)) == nil {
            kill(-pid, SIGKILL)
            _ = waitForExit(pid, until: .distantFuture)
        }
        throw DeployError.stepFailed(step: step, message: "\(program) timed out after \(timeout)")
    }

    /// Starts the command in a new process group with stdout and stderr inherited (its output streams as it comes).
    private static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], workingDirectory: String
    ) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard let addChdir = Self.addChdir, addChdir(&actions, workingDirectory) == 0 else {
            throw DeployError.stepFailed(step: "run", message: "cannot set the working directory \(workingDirectory) for \(executable)")
        }
        // Only stdin, stdout and stderr pass to the command: an inherited database socket would keep the session,
        // and with it the deploy lock, alive after a killed gate for as long as the command runs.
        if let addCloseFrom = Self.addCloseFrom { _ = addCloseFrom(&actions, 3) }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else {
            throw DeployError.stepFailed(step: "run", message: "posix_spawn \(executable): \(String(cString: strerror(code)))")
        }
        return pid
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc (2.29+) and macOS have it, but Swift's Glibc module does not export the `_np` declaration.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return nil
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// The exit status (128 + signal for a signalled command), or nil when `deadline` passed first.
    private static func waitForExit(_ pid: pid_t, until deadline: Date) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let signal = status & 0x7f
                return signal == 0 ? (status >> 8) & 0xff : 128 + signal
            }
            if result < 0 && errno != EINTR { return 128 }
            if Date() >= deadline { return nil }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }

    /// A path with a slash is taken relative to the working directory; a bare name is looked up in PATH.
    static func resolve(_ program: String, workingDirectory: String, environment: [String: String]) throws -> String {
        let manager = FileManager.default
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory + "/" + program
            guard manager.isExecutableFile(atPath: path) else {
                throw DeployError.invalidInput("\(program) is not an executable file (looked at \(path))")
            }
            return path
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw DeployError.invalidInput("\(program) was not found in PATH")
    }
}
