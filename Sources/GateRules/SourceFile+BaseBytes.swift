import GateCore

extension SourceFile {
    /// The file as it was before the change: its head lines with each hunk's deleted lines put back in place of its
    /// added ones.
    func baseBytes() -> [UInt8] {
        var headLines: [ArraySlice<UInt8>] = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { headLines.removeLast() }
        var base: [UInt8] = []
        base.reserveCapacity(bytes.count)
        var nextHead = 1
        func copyHead(through line: Int) {
            while nextHead <= line, nextHead <= headLines.count {
                base += headLines[nextHead - 1]
                base.append(0x0A)
                nextHead += 1
            }
        }
        for hunk in change.hunks {
            copyHead(through: (hunk.newCount == 0 ? hunk.newStart + 1 : hunk.newStart) - 1)
            hunk.lines.forEachText { kind, text in
                switch kind {
                case .added: nextHead += 1
                case .context:
                    base += text
                    base.append(0x0A)
                    nextHead += 1
                case .deleted:
                    base += text
                    base.append(0x0A)
                }
            }
        }
        copyHead(through: headLines.count)
        return base
    }
}
