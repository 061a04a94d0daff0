import Foundation

/// Signs bytes with an SSH key by running `ssh-keygen -Y sign` (the key never enters this process).
public struct SSHSigner: Sendable {
    /// The path of a private key, or of a public key whose private half is in ssh-agent.
    public var keyPath: String

    public init(keyPath: String) { self.keyPath = keyPath }

    /// Returns the armored signature of `message` under `namespace`.
    public func sign(_ message: [UInt8], namespace: String) throws(ApprovalError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // No file operand: ssh-keygen signs standard input and writes the signature to standard output.
        process.arguments = ["ssh-keygen", "-q", "-Y", "sign", "-f", keyPath, "-n", namespace]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw ApprovalError.signingFailed(key: keyPath, message: "cannot run ssh-keygen: \(error.localizedDescription)")
        }
        let collected = CollectedOutput()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            collected.errors = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            collected.output = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        input.fileHandleForWriting.write(Data(message))
        try? input.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        let stderr = String(decoding: collected.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw ApprovalError.signingFailed(
                key: keyPath, message: stderr.isEmpty ? "exit status \(process.terminationStatus)" : stderr)
        }
        let armored = String(decoding: collected.output, as: UTF8.self)
        guard armored.contains(SSHSignature.armorBegin) else {
            throw ApprovalError.signingFailed(key: keyPath, message: "ssh-keygen printed no signature")
        }
        return armored
    }
}

/// The two pipes' contents, filled by two readers before `wait` returns.
private final class CollectedOutput: @unchecked Sendable {
    var output = Data()
    var errors = Data()
}
