import GateCore

/// The shell text of Kubernetes containers (a Helm chart's `templates/*.yaml`, a manifest): a container's `command:` and
/// `args:` values, which the container runs (`command: ["/bin/sh", "-c"]` with `args: ["curl … api.openai.com …"]`, a
/// block scalar under `- |`, a list of plain words), read as a CI step's `run:` is; and which of them run on a
/// schedule (the documents of `kind: CronJob`). A Helm hook Job runs once per install or upgrade, as any Job does.
enum KubernetesContainerCommands {
    /// Whether YAML `bytes` describe a Kubernetes workload whose containers run commands.
    static func isWorkload(_ bytes: [UInt8]) -> Bool {
        ByteSearch.containsFolded(bytes, Array("containers:".utf8))
            && (ByteSearch.containsFolded(bytes, Array("command:".utf8)) || ByteSearch.containsFolded(bytes, Array("args:".utf8)))
    }

    /// The stretches of `bytes` that are a container's command text: each quoted element of a flow sequence, a
    /// plain or quoted scalar, and the lines of a block scalar or of a list's items.
    static func regions(_ bytes: [UInt8]) -> [Range<Int>] { regions(bytes, keys: keys) }

    /// The same of the values of other YAML keys that hold a command (docker-compose's `command:` and
    /// `entrypoint:`, Render's `startCommand:`).
    static func regions(_ bytes: [UInt8], keys: [[UInt8]]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        for keyed in ShellRequests.keyedValues(in: bytes, keys: keys) {
            result += scalarRegions(keyed.value, in: bytes)
            // The lines deeper than the key: a block scalar, or a list whose items are scalars or block scalars. A block
            // scalar's lines (under `args: |` or `- |`) are one stretch of shell text, so a loop or a line continued
            // with a backslash is read whole.
            var block: Range<Int>?
            for item in keyed.deeper {
                let itemStart = item.lowerBound + ShellRequests.indent(of: item, in: bytes)
                if itemStart + 1 < item.upperBound, bytes[itemStart] == Byte.minus, bytes[itemStart + 1] == Byte.space {
                    if let stretch = block { result.append(stretch) }
                    block = nil
                    result += scalarRegions((itemStart + 2)..<item.upperBound, in: bytes)
                } else if itemStart < item.upperBound {
                    block = (block?.lowerBound ?? itemStart)..<item.upperBound
                }
            }
            if let stretch = block { result.append(stretch) }
        }
        return result
    }

    /// The lines (1-based) of the documents that are a `CronJob`, whose containers run on its schedule.
    static func scheduledLines(_ bytes: [UInt8]) -> [ClosedRange<Int>] {
        guard ByteSearch.containsFolded(bytes, Array("cronjob".utf8)) else { return [] }
        var documents: [ClosedRange<Int>] = []
        var first = 1
        var isCronJob = false
        let lines = ShellRequests.lines(of: bytes)
        for (offset, line) in lines.enumerated() {
            let text = bytes[line]
            if text.elementsEqual("---".utf8) {
                if isCronJob, offset >= first { documents.append(first...offset) }
                first = offset + 2
                isCronJob = false
            } else if text.starts(with: "kind:".utf8),
                      text.dropFirst(5).split(separator: Byte.space).first?.elementsEqual("CronJob".utf8) == true {
                isCronJob = true
            }
        }
        if isCronJob, lines.count >= first { documents.append(first...lines.count) }
        return documents
    }

    private static let keys = ["command", "args"].map { Array($0.utf8) }

    /// The command text of one YAML value: each quoted element of a flow sequence (`["/bin/sh", "-c", "curl …"]`),
    /// the inside of a quoted scalar, or a plain scalar as it stands; nothing for a block scalar's indicator.
    static func scalarRegions(_ value: Range<Int>, in bytes: [UInt8]) -> [Range<Int>] {
        guard let first = value.first else { return [] }
        switch bytes[first] {
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return []
        case UInt8(ascii: "["):
            var result: [Range<Int>] = []
            var cursor = first + 1
            while cursor < value.upperBound, bytes[cursor] != UInt8(ascii: "]") {
                let byte = bytes[cursor]
                guard byte == Byte.quote || byte == Byte.apostrophe, let close = closingQuote(byte, after: cursor, before: value.upperBound, in: bytes)
                else {
                    cursor += 1
                    continue
                }
                result.append((cursor + 1)..<close)
                cursor = close + 1
            }
            return result
        case Byte.quote, Byte.apostrophe:
            guard let close = closingQuote(bytes[first], after: first, before: value.upperBound, in: bytes) else { return [] }
            return [(first + 1)..<close]
        default:
            return [value]
        }
    }

    /// The quote closing the one opened at `open` on the same line (a double-quoted string's `\"` does not close it).
    private static func closingQuote(_ quote: UInt8, after open: Int, before end: Int, in bytes: [UInt8]) -> Int? {
        var cursor = open + 1
        while cursor < end {
            if bytes[cursor] == Byte.backslash, quote == Byte.quote {
                cursor += 2
                continue
            }
            if bytes[cursor] == quote { return cursor }
            cursor += 1
        }
        return nil
    }
}
