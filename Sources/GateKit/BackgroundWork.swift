import Dispatch
import Foundation

/// One piece of work that runs on another thread while the caller does something else, and whose result (or
/// error) the caller collects once with `wait()`.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ body: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try body() }
            self.done.signal()
        }
    }

    /// Blocks until the work has finished; its value, or the error it threw. Call once.
    func wait() throws -> Value {
        done.wait()
        // The semaphore orders the worker's write of `result` before this read.
        guard let result else { preconditionFailure("background work finished without a result") }
        return try result.get()
    }
}
