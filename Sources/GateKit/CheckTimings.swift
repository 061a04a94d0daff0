import Dispatch
import Foundation

/// Where one `gate check` spent its time and how much it read, phase by phase: `gate check --timings` prints
/// it, and `bench/` records it, so a slowdown is found without a profiler.
///
/// Phases are wall-clock spans on the calling thread; `scan` and `observe` add up worker time across cores
/// (they overlap the diff). Counters are totals. Safe to update from any thread.
public final class CheckTimings: @unchecked Sendable {
    private let lock = NSLock()
    private var phases: [(name: String, seconds: Double)] = []
    private var counters: [(name: String, value: Int)] = []
    private let started = DispatchTime.now().uptimeNanoseconds
    /// Whether the parts of a phase are timed one by one (each detector on each file): for a table someone reads,
    /// not for the phases a check keeps for itself, which would pay a clock reading per detector and file.
    let itemized: Bool

    public init() { itemized = true }

    /// Timings no one prints: phases only.
    static func unprinted() -> CheckTimings { CheckTimings(itemized: false) }

    private init(itemized: Bool) { self.itemized = itemized }

    /// Runs `body` as the phase `name` and records how long it took.
    public func measure<Result>(_ name: String, _ body: () throws -> Result) rethrows -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { addTime(name, seconds: Self.seconds(since: start)) }
        return try body()
    }

    /// Adds `seconds` to the phase `name` (created on first use, in order of first use).
    public func addTime(_ name: String, seconds: Double) {
        lock.withLock {
            if let index = phases.firstIndex(where: { $0.name == name }) {
                phases[index].seconds += seconds
            } else {
                phases.append((name, seconds))
            }
        }
    }

    /// Adds phases (each as `addTime` would) listed right below the phase `anchor` when it exists, in the order
    /// given (at the end otherwise): a breakdown of it.
    public func addTimes(_ entries: [(name: String, seconds: Double)], after anchor: String) {
        lock.withLock {
            var position = phases.firstIndex { $0.name == anchor }.map { $0 + 1 } ?? phases.count
            for (name, seconds) in entries {
                if let index = phases.firstIndex(where: { $0.name == name }) {
                    phases[index].seconds += seconds
                } else {
                    phases.insert((name, seconds), at: position)
                    position += 1
                }
            }
        }
    }

    /// Adds `amount` to the counter `name`.
    public func count(_ name: String, _ amount: Int = 1) {
        lock.withLock {
            if let index = counters.firstIndex(where: { $0.name == name }) {
                counters[index].value += amount
            } else {
                counters.append((name, amount))
            }
        }
    }

    /// The phase's recorded seconds, or nil when it never ran.
    public func seconds(of name: String) -> Double? { lock.withLock { phases.first { $0.name == name }?.seconds } }

    /// The counter's value, or nil when nothing was counted.
    public func value(of name: String) -> Int? { lock.withLock { counters.first { $0.name == name }?.value } }

    /// The table `--timings` prints: one phase a line with milliseconds, then the counters, then the total.
    public func render() -> String {
        let (phases, counters) = lock.withLock { (self.phases, self.counters) }
        let total = Self.seconds(since: started)
        let width = max((phases.map(\.name) + counters.map(\.name)).map(\.count).max() ?? 0, 5)
        func pad(_ name: String) -> String { name + String(repeating: " ", count: width - name.count) }
        var text = "timings:\n"
        for phase in phases { text += "  \(pad(phase.name))  \(Self.milliseconds(phase.seconds))\n" }
        text += "  \(pad("total"))  \(Self.milliseconds(total))\n"
        if !counters.isEmpty { text += "counts:\n" }
        for counter in counters { text += "  \(pad(counter.name))  \(counter.value)\n" }
        return text
    }

    /// The CPU time the calling thread has used, in nanoseconds.
    static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9
    }

    private static func milliseconds(_ seconds: Double) -> String {
        let value = String(Int((seconds * 1000).rounded()))
        return String(repeating: " ", count: max(0, 6 - value.count)) + value + " ms"
    }
}
