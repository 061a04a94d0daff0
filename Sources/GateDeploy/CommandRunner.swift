import Foundation
import GateCore

/// Runs a rollout or migrate command as an argument vector (never a shell), its output streamed to ours.
///
/// While the command runs, SIGTERM, SIGINT and SIGHUP sent to gate are forwarded to the command's process group (it
/// leads its own, so a terminal's Ctrl-C or a CI runner's cancel would otherwise reach gate alone and leave the
/// command running). gate then waits for the group to end, within the command's timeout, and reports the step as
/// interrupted: the caller still holds the deploy lock and records the attempt until the command is gone.
enum CommandRunner {
    /// How the command ended when it did not exit on its own.
    struct Interrupted: Error, CustomStringConvertible {
        /// The signal gate received (SIGTERM, SIGINT, SIGHUP).
        let signal: Int32
        /// The command's exit status after the forwarded signal (128 + n for a signalled command).
        let status: Int32
        let program: String

        var description: String {
            "interrupted by \(CommandRunner.signalName(signal)): forwarded to \(program), which ended with status \(status)"
        }
    }

    /// Returns the exit status; a command that outlives `timeout` is terminated and reported as a failure, and one
    /// interrupted by a signal to gate is reported as `Interrupted` once its whole process group has ended.
    static func run(
        _ command: [String], step: String, environment: [String: String], workingDirectory: String, timeout: TimeSpan,
        log: (String) -> Void, started: (pid_t) -> Void = { _ in }
    ) throws -> Int32 {
        guard let program = command.first, !program.isEmpty else {
            throw DeployError.invalidInput("the command is empty")
        }
        let executable = try resolve(program, workingDirectory: workingDirectory, environment: environment)
        // Installed before the spawn: a signal in between must not kill gate and orphan the command.
        let signals = ForwardedSignals()
        defer { signals.restore() }
        let pid = try spawn(executable, arguments: command, environment: environment, workingDirectory: workingDirectory)
        started(pid)
        let deadline = Date().addingTimeInterval(timeout.seconds)
        var forwarded: Int32 = 0
        while true {
            if let status = waitForExit(pid, until: min(deadline, Date().addingTimeInterval(0.05))) {
                guard forwarded != 0 else { return status }
                // The leader is gone; what it started in its group may still be ending.
                if !waitForGroup(pid, until: deadline) {
                    kill(-pid, SIGKILL)
                    _ = waitForGroup(pid, until: Date().addingTimeInterval(5))
                }
                throw Interrupted(signal: forwarded, status: status, program: program)
            }
            let received = signals.take()
            if received != 0 {
                if forwarded == 0 {
                    forwarded = received
                    log("  received \(signalName(received)); forwarded it to \(program) (process group \(pid)), waiting up to \(timeout) for it to end")
                    kill(-pid, received)
                } else {
                    // A second signal: the operator wants it gone now.
                    log("  received \(signalName(received)) again; killing \(program) (process group \(pid))")
                    kill(-pid, SIGKILL)
                }
            }
            if Date() >= deadline { break }
        }
        log("  \(program) ran past its timeout (\(timeout)); terminating it and its children")
        // The command leads its own process group, so its children (a `sleep`, a deploy tool) end with it.
        kill(-pid, SIGTERM)
        if waitForExit(pid, until: Date().addingTimeInterval(5)) == nil {
            kill(-pid, SIGKILL)
            _ = waitForExit(pid, until: .distantFuture)
        }
        if !waitForGroup(pid, until: Date().addingTimeInterval(5)) {
            kill(-pid, SIGKILL)
            _ = waitForGroup(pid, until: Date().addingTimeInterval(5))
        }
        if forwarded != 0 { throw Interrupted(signal: forwarded, status: 128 + SIGKILL, program: program) }
        throw DeployError.stepFailed(step: step, message: "\(program) timed out after \(timeout)")
    }

    /// True once no process is left in the group `group` (or false at `deadline`).
    private static func waitForGroup(_ group: pid_t, until deadline: Date) -> Bool {
        while ProcessGroup.hasLiveMembers(group) {
            if Date() >= deadline { return false }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return true
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        case SIGKILL: "SIGKILL"
        default: "signal \(signal)"
        }
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
                let shown = URL(fileURLWithPath: path).standardizedFileURL.path
                let problem = manager.fileExists(atPath: path) ? "is not executable" : "does not exist"
                let fix = manager.fileExists(atPath: path)
                    ? "make it executable (chmod +x, committed with git update-index --chmod=+x) or name its interpreter"
                    : "commit it, or give the command's path relative to the repository root (\(workingDirectory))"
                throw DeployError.invalidInput(
                    "\(program) is not an executable file: \(shown) \(problem)\nnext: \(fix), then run gate deploy again")
            }
            return path
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw DeployError.invalidInput(
            "\(program) was not found in PATH\nnext: install it where gate deploy runs, or give its path, then run gate deploy again")
    }
}

/// The signal a handler recorded while a command ran; 0 when none. Written only by `recordSignal`.
nonisolated(unsafe) private var receivedSignal: sig_atomic_t = 0

/// Async-signal-safe: it only stores the signal's number.
private let recordSignal: @convention(c) (Int32) -> Void = { signal in receivedSignal = signal }

/// SIGTERM, SIGINT and SIGHUP recorded instead of ending gate, for as long as a command runs; a signal the parent
/// had set to be ignored (`nohup`, a background job's SIGINT) stays ignored.
private struct ForwardedSignals {
    static let forwarded: [Int32] = [SIGTERM, SIGINT, SIGHUP]
    private var previous: [(Int32, sighandler_t?)] = []

    init() {
        receivedSignal = 0
        for number in Self.forwarded {
            let old = signal(number, recordSignal)
            if old.map({ unsafeBitCast($0, to: Int.self) }) == unsafeBitCast(SIG_IGN, to: Int.self) {
                signal(number, SIG_IGN)
            }
            previous.append((number, old))
        }
    }

    /// The signal received since the last call, or 0.
    func take() -> Int32 {
        let number = receivedSignal
        if number != 0 { receivedSignal = 0 }
        return number
    }

    func restore() {
        for (number, handler) in previous { signal(number, handler) }
    }
}
