import GateCore

/// What gate still finds in content it cannot read as text or code: secrets (through the secret detectors)
/// and paid providers' hosts, searched in raw bytes.
///
/// Used for files with NUL bytes, files over the size limit (a window at a time), ignored files (secrets only),
/// and each commit of the range (secrets only).
public struct ByteContentScanner: Sendable {
    /// The registered secret detectors, run through their `Detector` API.
    public let secretDetectors: [any Detector]
    private let hosts: [(host: [UInt8], provider: Provider)]
    private let context: DetectionContext

    public init(context: DetectionContext) {
        self.context = context
        secretDetectors = DetectorRegistry.all.filter { $0.description.category == .secret }
        hosts = context.providers.flatMap { provider in
            provider.hosts.map { (Array($0.lowercased().utf8), provider) }
        }.filter { !$0.host.isEmpty }
    }

    /// Secrets on the lines a change adds (every line of a copy).
    public func secrets(in file: SourceFile) -> [Finding] {
        secretDetectors.flatMap { $0.detect(in: file, context: context) }
    }

    /// Secrets and paid hosts in one window of a file read as bytes; `firstLine` is the window's first line.
    public func scan(window: UnsafeBufferPointer<UInt8>, firstLine: Int, path: String) -> [Finding] {
        let bytes = Array(window)
        // A copy counts every line as added: all of this content is new to the scan.
        let file = SourceFile(change: FileChange(path: path, kind: .copied, hunks: [], content: .text(bytes)))
        var findings = secrets(in: file)
        findings += paidHosts(in: bytes, path: path)
        for index in findings.indices {
            findings[index].line += firstLine - 1
            if let end = findings[index].endLine { findings[index].endLine = end + firstLine - 1 }
        }
        return findings
    }

    /// The first mention of each paid provider's host, at a host boundary (`api.openai.com`, not `xapi.openai.com`).
    private func paidHosts(in bytes: [UInt8], path: String) -> [Finding] {
        var findings: [Finding] = []
        for (host, provider) in hosts {
            guard let offset = Self.firstOffset(of: host, in: bytes) else { continue }
            let line = 1 + bytes[0..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            let name = String(decoding: host, as: UTF8.self)
            findings.append(Finding(
                rule: "paid-http-call", category: .paidExternalCall, path: path, line: line,
                message: "\(name), a paid \(provider.kind.rawValue) API of \(provider.id), appears in content gate reads "
                    + "only as bytes (binary or too large to analyse as code)",
                provider: provider.id, evidence: name))
        }
        return findings
    }

    private static func firstOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] | 0x20 == first || bytes[index] == first,
               (1..<needle.count).allSatisfy({ bytes[index + $0] == needle[$0] || bytes[index + $0] | 0x20 == needle[$0] }),
               index == 0 || !isHostByte(bytes[index - 1]),
               index + needle.count == bytes.count || !isHostByte(bytes[index + needle.count])
            {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
    }
}
