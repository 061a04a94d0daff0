import Dispatch
import Foundation

/// `map` over every core, results in input order: for analyses that run once after the diff has streamed.
enum ConcurrentMap {
    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let results = ResultSlots<Result>(count: elements.count)
        DispatchQueue.concurrentPerform(iterations: elements.count) { index in
            results.store(transform(elements[index]), at: index)
        }
        return results.values()
    }
}

/// One slot per input, each written by exactly one iteration: the writes need no lock (the workers took turns at
/// one, a store per file), and `concurrentPerform` returns only after every iteration, which orders them before
/// `values()`.
private final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Result, at index: Int) { slots[index] = value }

    func values() -> [Result] { slots.compactMap { $0 } }
}
