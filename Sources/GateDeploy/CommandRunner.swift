import Foundation
import GateCore

/// Runs a rollout or migrate command as an argument vector (never a shell), its output streamed to ours.
enum CommandRunner {
    /// Returns the exit status; a command that outlives `timeout` is terminated and reported as a failure.
    static func run(
        _ command: [String], environment: [String: String], workingDirectory: String, timeout: TimeSpan,
        log: (String) -> Void
    ) throws -> Int32 {
        guard let program = command.first, !program.isEmpty else {
            throw DeployError.invalidInput("the command is empty")
        }
        let executable = try resolve(program, workingDirectory: workingDirectory, environment: environment)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory)
        // stdout and stderr are inherited: the command's output streams as it comes.
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        do {
            try process.run()
        } catch {
            throw DeployError.stepFailed(step: "run", message: "cannot start \(program): \(error.localizedDescription)")
        }
        if finished.wait(timeout: .now() + timeout.seconds) == .timedOut {
            log("  \(program) ran past its timeout (\(timeout)); terminating it")
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
            throw DeployError.stepFailed(step: "rollout", message: "\(program) timed out after \(timeout)")
        }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
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
