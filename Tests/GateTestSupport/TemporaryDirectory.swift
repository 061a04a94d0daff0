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
@discardableResult
public func runProcess(
    _ executable: String, _ arguments: [String], in directory: String? = nil,
    environment: [String: String]? = nil, input: String? = nil
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try? inPipe.fileHandleForWriting.close()
    // Read both pipes concurrently so a chatty child cannot fill one and block.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

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
