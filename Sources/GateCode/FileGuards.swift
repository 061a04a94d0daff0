import Foundation

/// A file's guard tokens and their lines, found when first asked. Reach extracts the facts of every changed file
/// whose imports may reach a paid call (hundreds in a large change) to resolve its calls, but guards are asked
/// only of the files a chain passes through and of those whose handlers reach a paid call; finding them reads
/// every byte of the file.
final class FileGuards: @unchecked Sendable {
    struct Found {
        /// Ascending token indices, as the recogniser returns them.
        var tokens: [Int]
        /// The line of each.
        var lines: [Int: Int]

        init(tokens: [Int], lexed: LexedSource) {
            self.tokens = tokens
            lines = Dictionary(tokens.map { ($0, lexed.tokens[$0].line) }, uniquingKeysWith: { first, _ in first })
        }
    }

    private enum State {
        case pending(() -> Found)
        case found(Found)
    }

    private let lock = NSLock()
    private var state: State

    /// Guards already found.
    init(_ found: Found) { state = .found(found) }

    /// Guards found by `find` on first use; `find` is then released with what it holds (the file's tokens).
    init(finding find: @escaping () -> Found) { state = .pending(find) }

    var found: Found {
        lock.withLock {
            switch state {
            case .found(let found): return found
            case .pending(let find):
                let found = find()
                state = .found(found)
                return found
            }
        }
    }
}
