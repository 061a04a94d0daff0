import Dispatch
import Foundation

/// The one line `gate check` keeps rewritten (with `\r`) on stderr while a check runs longer than `delay`:
/// nothing for a quick check, nothing at all unless enabled (the CLI enables it only when stderr is a terminal,
/// so CI logs, pipes and tests never see it), and the line is erased before the report is printed.
public final class ProgressLine: @unchecked Sendable {
    /// A check that ends within this many seconds shows no progress: a flash of text helps nobody.
    public static let defaultDelay: TimeInterval = 2

    private let progress: CheckProgress
    private let output: FileHandle
    private let width: Int
    /// Every write and `shownWidth` are confined to this queue, so `finish` cannot race a redraw.
    private let queue = DispatchQueue(label: "gate.progress")
    private var timer: DispatchSourceTimer?
    private var shownWidth = 0
    private let started = DispatchTime.now()

    /// Starts drawing after `delay`, then every `interval`; `width` is the terminal's, the line never wraps
    /// (a wrapped line cannot be rewritten with `\r`).
    public init(progress: CheckProgress, output: FileHandle = .standardError, enabled: Bool,
                delay: TimeInterval = defaultDelay, interval: TimeInterval = 0.25, width: Int = 80) {
        self.progress = progress
        self.output = output
        self.width = width
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + delay, repeating: interval)
        timer.setEventHandler { [weak self] in self?.draw() }
        self.timer = timer
        timer.resume()
    }

    /// Stops drawing and erases the line if one was drawn; call before anything else is written to the terminal.
    public func finish() {
        queue.sync {
            timer?.cancel()
            timer = nil
            guard shownWidth > 0 else { return }
            write("\r" + String(repeating: " ", count: shownWidth) + "\r")
            shownWidth = 0
        }
    }

    deinit { timer?.cancel() }

    private func draw() {
        guard timer != nil else { return }
        let (phase, files) = progress.current
        let elapsed = Int(Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        let line = Self.format(phase: phase, filesScanned: files, elapsedSeconds: elapsed, width: width)
        // Spaces cover what is left of a longer previous line.
        write("\r" + line + String(repeating: " ", count: max(0, shownWidth - line.count)))
        shownWidth = max(shownWidth, line.count)
    }

    private func write(_ text: String) {
        try? output.write(contentsOf: Data(text.utf8))
    }

    /// `gate: scanning the change, 1234 files scanned, 3 s`, cut to `width - 1` columns (a line filling the last
    /// column makes some terminals wrap).
    public static func format(phase: CheckProgress.Phase, filesScanned: Int, elapsedSeconds: Int, width: Int) -> String {
        let files = "\(filesScanned) file\(filesScanned == 1 ? "" : "s") scanned"
        let line = "gate: \(phase.rawValue), \(files), \(elapsedSeconds) s"
        return String(line.prefix(max(0, width - 1)))
    }
}
