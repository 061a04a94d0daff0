import Foundation

/// A directory under the system temp dir, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "gate-test") throws {
        let base = URL(fileURLWithPath: NSTemporaryDirectory(), isDirectory: true)
        let url = base.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        // Resolve symlinks so paths compare equal to what libgit2 reports.
        path = url.resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func url(_ relative: String) -> URL { URL(fileURLWithPath: path).appendingPathComponent(relative) }
}

/// The result of a finished child process.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs a program as an argument vector (never through a shell) and collects its output.
///
/// Spawned and reaped here (posix_spawn, waitpid) rather than through Foundation's `Process`, whose
/// `waitUntilExit` was seen to wait forever for a `git` that had long exited, stalling the suite.
@discardableResult
public func runProcess(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment: [String: String]? = nil, input: String? = nil
) throws -> ProcessResult {
    let path = executable.hasPrefix("/") ? executable : "/usr/bin/env"
    let argv = [path] + (executable.hasPrefix("/") ? arguments : [executable] + arguments)
    var pipes: [[Int32]] = []
    for _ in 0..<3 {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw SpawnError(message: "pipe: \(String(cString: strerror(errno)))") }
        pipes.append(ends)
    }
    let (stdinPipe, stdoutPipe, stderrPipe) = (pipes[0], pipes[1], pipes[2])
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
    for fd in pipes.joined() { posix_spawn_file_actions_addclose(&actions, fd) }
    if let directory {
        guard let addChdir = spawnAddChdir, addChdir(&actions, directory) == 0 else {
            throw SpawnError(message: "cannot run \(executable) in \(directory)")
        }
    }
    let environmentStrings = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let cArguments = argv.map { strdup($0) } + [nil]
    let cEnvironment = environmentStrings.map { strdup($0) } + [nil]
    defer {
        cArguments.forEach { free($0) }
        cEnvironment.forEach { free($0) }
    }
    var pid: pid_t = 0
    let code = posix_spawn(&pid, path, &actions, nil, cArguments, cEnvironment)
    // The parent keeps only its own ends: the child's copies closing is what ends the reads below.
    close(stdinPipe[0])
    close(stdoutPipe[1])
    close(stderrPipe[1])
    let stdinHandle = FileHandle(fileDescriptor: stdinPipe[1], closeOnDealloc: true)
    let output = FileHandle(fileDescriptor: stdoutPipe[0], closeOnDealloc: true)
    let errors = FileHandle(fileDescriptor: stderrPipe[0], closeOnDealloc: true)
    guard code == 0 else { throw SpawnError(message: "posix_spawn \(executable): \(String(cString: strerror(code)))") }
    // Read both pipes concurrently so a chatty child cannot fill one and block.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = errors.readDataToEndOfFile()
        group.leave()
    }
    if let input { stdinHandle.write(Data(input.utf8)) }
    try? stdinHandle.close()
    let outData = output.readDataToEndOfFile()
    group.wait()
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw SpawnError(message: "waitpid \(executable): \(String(cString: strerror(errno)))") }
    }
    let signal = status & 0x7f
    return ProcessResult(
        status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

public struct SpawnError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

/// glibc (2.29+) has it, but Swift's Glibc module does not export the `_np` declaration.
private let spawnAddChdir: AddChdir? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
    return unsafeBitCast(symbol, to: AddChdir.self)
}()

/// Where the built `gate` executable lives: next to the test bundle.
public func gateExecutablePath() -> String {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var directory = testBinary.deletingLastPathComponent()
    // On Linux the test binary is `.build/debug/gatePackageTests.xctest`; on macOS it is inside a bundle.
    while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("gate").path),
          directory.path != "/" {
        directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("gate").path
}

/// The throwaway Postgres `make test` starts; tests that need it fail (not skip) without it.
public func testDatabaseURL() -> String? { ProcessInfo.processInfo.environment["GATE_TEST_DATABASE_URL"] }

/// A directory of libraries under `names` (`libpq.so.5`) that are none of them: each is a copy of the zlib this
/// process has loaded, a real shared object without any of the symbols gate would look for. Put first on
/// `LD_LIBRARY_PATH`, they are what a library loaded by that name resolves to.
public func librariesStandingIn(for names: [String]) throws -> TemporaryDirectory {
    // Read to its end: /proc files report a size of 0, which a whole-file read takes at its word.
    let maps = String(decoding: FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
    guard let zlib = maps.split(separator: "\n").compactMap({ $0.split(separator: " ").last.map(String.init) })
        .first(where: { ($0 as NSString).lastPathComponent.hasPrefix("libz.so") })
    else { throw FixtureError("this process has no libz.so loaded to stand in for \(names)") }
    let directory = try TemporaryDirectory(prefix: "gate-libraries")
    for name in names { try FileManager.default.copyItem(atPath: zlib, toPath: directory.url(name).path) }
    return directory
}
