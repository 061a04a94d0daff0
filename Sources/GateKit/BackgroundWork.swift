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

/// Frees a finished stage's data on another thread.
///
/// A check's analysis leaves hundreds of thousands of objects behind (every changed file's bytes, facts and
/// memos, the code index, the analyzers' state), and freeing them one by one took 3-8 ms (app bench case, sampled)
/// on the thread that goes on to judge and render the report, while the other cores sat idle; 1-2 ms are left
/// there. The values are handed over as the caller's last use of them, so the references given here are the last
/// ones and the freeing happens on the background thread. They hold no libgit2 object of their own; the code index
/// and the head tree refer to the repository, which the caller goes on using, and which is closed here only if
/// the caller let go of it first, when nothing else can use it any more.
public enum BackgroundRelease {
    /// Owns the values until the background thread drops it; nobody reads them, which is why it may cross threads.
    private final class Parcel: @unchecked Sendable {
        var values: [Any]
        init(_ values: [Any]) { self.values = values }
    }

    public static func release(_ values: Any...) { release(values, on: .global(qos: .utility)) }

    /// `release` on `queue` (a test holds the queue until it has let go of its own references).
    static func release(_ values: [Any], on queue: DispatchQueue) {
        let parcel = Parcel(values)
        queue.async { parcel.values.removeAll() }
    }
}
