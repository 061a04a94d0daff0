import Dispatch
import Foundation

/// Which file, in path order, first uses each name, searched on every core with no pause between files.
///
/// Files are taken one at a time, in path order, by whichever core is free, and a file is searched only for the names
/// with no use known when it is taken, which after the first files are few. Every use known then is in an earlier
/// file (files are taken in order), so the names left out cannot have their first use in it; and a file still being
/// searched when a later one finds a name keeps its own use if it has one: the earliest wins. The answer is what a
/// search of the files one by one would give, without the pause of a batch at a time, where each core waited at
/// the end of every batch for the other's last file.
final class FirstUseSearch<Use: Sendable>: @unchecked Sendable {
    private let fileCount: Int
    private let lock = NSLock()
    /// Per name, the first file (by index) known to use it, and the use.
    private var first: [(file: Int, use: Use)?]
    /// The next file to hand out.
    private var next = 0
    /// How many names have no use yet.
    private var unfound: Int
    /// Counts the names that have found a use: the names a file is searched for change only when it does, so a
    /// worker that knows the current count is not handed them again (spelling them out for every file under the
    /// lock kept the other worker waiting, and sleeping, at it).
    private var found = 0

    init(files: Int, names: Int) {
        fileCount = files
        first = Array(repeating: nil, count: names)
        unfound = names
    }

    /// Per name, its first use's file and the use (nil: none). `search` finds a file's uses (by name) of the names
    /// `prepare` made ready from which are wanted (by name); what is prepared is kept while the wanted names stay the
    /// same, which they do for most files.
    func run<Prepared>(
        prepare: @Sendable ([Bool]) -> Prepared, search: @Sendable (Int, Prepared) -> [Int: Use]
    ) -> [(file: Int, use: Use)?] {
        guard !first.isEmpty, fileCount > 0 else { return first }
        let cores = max(1, min(ProcessInfo.processInfo.activeProcessorCount, fileCount))
        DispatchQueue.concurrentPerform(iterations: cores) { _ in
            var prepared: (found: Int, value: Prepared)?
            while let (file, wanted) = take(knowing: prepared?.found) {
                if let wanted { prepared = (wanted.found, prepare(wanted.names)) }
                guard let prepared else { continue }
                record(search(file, prepared.value), in: file)
            }
        }
        return first
    }

    /// The next file, or nil when no file is left or every name has a use in a file already taken; with it the names
    /// it is searched for (those with no use known yet) unless they are the ones a worker that knows `found` names
    /// with uses already has.
    private func take(knowing known: Int?) -> (file: Int, wanted: (found: Int, names: [Bool])?)? {
        lock.withLock {
            guard next < fileCount, unfound > 0 else { return nil }
            let file = next
            next += 1
            return (file, known == found ? nil : (found, first.map { $0 == nil }))
        }
    }

    private func record(_ uses: [Int: Use], in file: Int) {
        guard !uses.isEmpty else { return }
        lock.withLock {
            for (name, use) in uses where first[name].map({ file < $0.file }) ?? true {
                if first[name] == nil {
                    unfound -= 1
                    found += 1
                }
                first[name] = (file, use)
            }
        }
    }
}
