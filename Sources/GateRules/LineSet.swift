import GateCore

/// Line numbers held as sorted, disjoint ranges.
///
/// A new file adds every line: one range, where a `Set<Int>` would hash each of its thousands of lines.
/// Membership is a binary search over the ranges.
public struct LineSet: Sendable, Equatable, Sequence, ExpressibleByArrayLiteral {
    private var ranges: [ClosedRange<Int>] = []

    public init<Lines: Sequence>(_ lines: Lines) where Lines.Element == Int {
        var sorted = Array(lines)
        if !sorted.isEmpty, zip(sorted, sorted.dropFirst()).contains(where: { $0 >= $1 }) { sorted.sort() }
        for line in sorted {
            if let last = ranges.last, line <= last.upperBound + 1 {
                if line > last.upperBound { ranges[ranges.count - 1] = last.lowerBound...line }
            } else {
                ranges.append(line...line)
            }
        }
    }

    public init(arrayLiteral lines: Int...) { self.init(lines) }

    /// The head-side lines `hunks` add, read off the hunks without listing every line number first (a whole new
    /// file's hunk adds thousands of consecutive lines: one range).
    public init(addedIn hunks: [Hunk]) {
        var previous = Int.min
        for hunk in hunks {
            // A hunk of added lines only (a new file's) is its new range, read off its ends.
            if hunk.oldCount == 0, hunk.lines.count == hunk.newCount, let first = hunk.lines.first, let last = hunk.lines.last,
               first.kind == .added, last.kind == .added, first.newNumber == hunk.newStart,
               last.newNumber == hunk.newStart + hunk.newCount - 1, hunk.newStart > previous
            {
                let range = hunk.newStart...(hunk.newStart + hunk.newCount - 1)
                if let known = ranges.last, range.lowerBound == known.upperBound + 1 {
                    ranges[ranges.count - 1] = known.lowerBound...range.upperBound
                } else {
                    ranges.append(range)
                }
                previous = range.upperBound
                continue
            }
            for line in hunk.lines where line.kind == .added {
                guard let number = line.newNumber else { continue }
                // Hunks come in order; should a caller's not, the general initialiser sorts.
                guard number > previous else {
                    self = LineSet(hunks.flatMap(\.addedLineNumbers))
                    return
                }
                previous = number
                if let last = ranges.last, number == last.upperBound + 1 {
                    ranges[ranges.count - 1] = last.lowerBound...number
                } else {
                    ranges.append(number...number)
                }
            }
        }
    }

    /// Every line of `range`.
    public init(_ range: ClosedRange<Int>) { ranges = [range] }

    public var isEmpty: Bool { ranges.isEmpty }

    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    /// The lowest line, without walking the set.
    public func min() -> Int? { ranges.first?.lowerBound }

    public func contains(_ line: Int) -> Bool {
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if line < range.lowerBound {
                high = middle - 1
            } else if line > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }

    public func makeIterator() -> FlattenSequence<[ClosedRange<Int>]>.Iterator { ranges.joined().makeIterator() }
}
