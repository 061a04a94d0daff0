import Foundation
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
        secretDetectors = DetectorRegistry.all.filter { $0.category == .secret }
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

    /// The first mention of each paid provider's host, at a host boundary (`api.openai.com`, not `xapi.openai.com`),
    /// in any case. The window is lower-cased once, then each host is found with `memchr` and `memcmp`.
    private func paidHosts(in bytes: [UInt8], path: String) -> [Finding] {
        guard !hosts.isEmpty else { return [] }
        let lower = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var findings: [Finding] = []
        lower.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for (host, provider) in hosts {
                guard let offset = Self.firstOffset(of: host, in: base, count: buffer.count) else { continue }
                let line = 1 + bytes[0..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                let name = String(decoding: host, as: UTF8.self)
                findings.append(Finding(
                    rule: "paid-http-call", category: .paidExternalCall, path: path, line: line,
                    message: "\(name), a paid \(provider.kind.rawValue) API of \(provider.id), appears in content gate "
                        + "reads only as bytes (binary or too large to analyse as code)",
                    provider: provider.id, evidence: name))
            }
        }
        return findings
    }

    private static func firstOffset(of needle: [UInt8], in base: UnsafePointer<UInt8>, count: Int) -> Int? {
        guard let first = needle.first, needle.count <= count else { return nil }
        var start = 0
        let last = count - needle.count
        while start <= last, let found = memchr(base + start, Int32(first), last - start + 1) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let matches = needle.withUnsafeBufferPointer { pattern in
                pattern.baseAddress.map { memcmp(base + index, $0, needle.count) == 0 } ?? false
            }
            if matches, index == 0 || !isHostByte(base[index - 1]),
               index + needle.count == count || !isHostByte(base[index + needle.count])
            {
                return index
            }
            start = index + 1
        }
        return nil
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
    }
}
