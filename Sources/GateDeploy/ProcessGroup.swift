import Foundation

/// Whether a process group still has members that run.
enum ProcessGroup {
    /// True while a process of group `group` is alive. A zombie is not: it has ended, and whether it is reaped soon
    /// depends on who adopted it (in a container, PID 1 may never reap), so `kill(-group, 0)` alone would wait forever.
    static func hasLiveMembers(_ group: pid_t) -> Bool {
        guard group > 0 else { return false }
        guard kill(-group, 0) == 0 || errno == EPERM else { return false }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return true }
        for entry in entries where entry.first?.isNumber == true {
            // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses, so parse after
            // the last ')'.
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let processGroup = pid_t(fields[2]), processGroup == group else { continue }
            if fields[0] != "Z" && fields[0] != "X" { return true }
        }
        return false
    }
}
