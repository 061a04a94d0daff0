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

/// One slot per input; each is written by exactly one iteration, under a lock for memory ordering.
private final class ResultSlots<Result: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ value: Result, at index: Int) { lock.withLock { slots[index] = value } }

    func values() -> [Result] { lock.withLock { slots.compactMap { $0 } } }
}
