import GateCode
import GateCore

/// The lines of a CI configuration whose commands run on a schedule: every line of a GitHub workflow triggered
/// `on: schedule` (a key of its `on:` block, or `schedule` in its `on:` list), and the GitLab jobs scheduled pipelines
/// run: a rule `if: $CI_PIPELINE_SOURCE == "schedule"` (unless the rule's `when: never` keeps the job out of them) or
/// the older `only: [schedules]`. A rule in `workflow:`, `default:` or a hidden template (`.nightly:`, which jobs
/// `extends:`) makes the whole file scheduled.
///
/// Read only for CI files that spell `schedule`; the file's lines are read once, as text, as few files are CI files.
struct ScheduledCILines {
    private var everyLine = false
    /// Line numbers (1-based) of the scheduled top-level blocks (GitLab jobs).
    private var jobLines: [ClosedRange<Int>] = []

    init(_ bytes: [UInt8]) {
        guard ByteSearch.containsFolded(bytes, Array("schedule".utf8)) else { return }
        let lines = ShellRequests.lines(of: bytes).map { range -> (indent: Int, text: Substring) in
            let text = String(decoding: bytes[range], as: UTF8.self)
            let trimmed = text.drop { $0 == " " || $0 == "\t" }
            return (text.count - trimmed.count, Substring(trimmed.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        }
        // Top-level keys and the lines they hold.
        var blockStart = 0
        var blockName: Substring = ""
        var scheduledBlocks: [(name: Substring, lines: ClosedRange<Int>)] = []
        var scheduledHere = false
        func closeBlock(before end: Int) {
            if scheduledHere, end > blockStart { scheduledBlocks.append((blockName, (blockStart + 1)...end)) }
            scheduledHere = false
        }
        for (index, line) in lines.enumerated() {
            if line.indent == 0, !line.text.isEmpty, !line.text.hasPrefix("#"), !line.text.hasPrefix("-"),
               let colon = line.text.firstIndex(of: ":")
            {
                closeBlock(before: index)
                blockStart = index
                blockName = line.text[..<colon].filter { $0 != "\"" && $0 != "'" }[...]
                if ["on", "true"].contains(blockName), Self.isScheduleTrigger(line.text[line.text.index(after: colon)...], children: lines, after: index) {
                    everyLine = true
                    return
                }
                continue
            }
            if Self.isScheduleRule(line.text), !Self.ruleExcludes(lines, at: index) {
                scheduledHere = true
            } else if line.text.hasPrefix("only:") || line.text.hasPrefix("- only:"), Self.listsSchedules(lines, at: index) {
                scheduledHere = true
            }
        }
        closeBlock(before: lines.count)
        for block in scheduledBlocks {
            if ["workflow", "default", "jobs"].contains(block.name) || block.name.hasPrefix(".") || block.name.isEmpty {
                everyLine = true
                return
            }
            jobLines.append(block.lines)
        }
    }

    func contains(_ line: Int) -> Bool {
        everyLine || jobLines.contains { $0.contains(line) }
    }

    /// `on: schedule`, `on: [push, schedule]`, or a `schedule:` / `- schedule` among the `on:` block's own keys (not
    /// a `workflow_dispatch` input named `schedule`, which is deeper).
    private static func isScheduleTrigger(
        _ value: Substring, children lines: [(indent: Int, text: Substring)], after index: Int
    ) -> Bool {
        let inline = value.split(whereSeparator: { " [],{}:\"'".contains($0) })
        if inline.contains("schedule") { return true }
        guard inline.isEmpty else { return false }
        var childIndent: Int?
        for line in lines[(index + 1)...] where !line.text.isEmpty && !line.text.hasPrefix("#") {
            guard line.indent > 0 else { break }
            if childIndent == nil { childIndent = line.indent }
            guard line.indent == childIndent else { continue }
            if line.text.hasPrefix("schedule:") || line.text == "- schedule" { return true }
        }
        return false
    }

    /// A GitLab rule (or a shell test) comparing the pipeline source with `schedule`.
    private static func isScheduleRule(_ text: Substring) -> Bool {
        text.contains("== \"schedule\"") || text.contains("== 'schedule'") || text.contains("==\"schedule\"")
            || text.contains("=='schedule'")
    }

    /// Whether the rule at `index` is `when: never`: the job does not run for scheduled pipelines. The rule's other
    /// keys are on its line (`{ if: …, when: never }`) or on the lines under it, up to the next rule.
    private static func ruleExcludes(_ lines: [(indent: Int, text: Substring)], at index: Int) -> Bool {
        if lines[index].text.contains("when: never") { return true }
        guard lines[index].text.hasPrefix("- ") || lines[index].text.hasPrefix("if:") else { return false }
        // The rule's keys are aligned with its `if:` (after the `- `).
        let keyIndent = lines[index].indent + (lines[index].text.hasPrefix("- ") ? 2 : 0)
        for line in lines[(index + 1)...] where !line.text.isEmpty && !line.text.hasPrefix("#") {
            guard line.indent >= keyIndent, !(line.indent == keyIndent && line.text.hasPrefix("-")) else { break }
            if line.indent == keyIndent, line.text.hasPrefix("when:") { return line.text.contains("never") }
        }
        return false
    }

    /// GitLab's `only: [schedules]`, `only: - schedules`, or `only: refs: - schedules`.
    private static func listsSchedules(_ lines: [(indent: Int, text: Substring)], at index: Int) -> Bool {
        let value = lines[index].text.split(separator: ":", maxSplits: 1).dropFirst().first ?? ""
        if value.split(whereSeparator: { " [],".contains($0) }).contains("schedules") { return true }
        let ownIndent = lines[index].indent + (lines[index].text.hasPrefix("- ") ? 2 : 0)
        for line in lines[(index + 1)...] where !line.text.isEmpty && !line.text.hasPrefix("#") {
            guard line.indent > ownIndent || (line.indent == ownIndent && line.text.hasPrefix("- ")) else { break }
            if line.text == "- schedules" || line.text.hasSuffix("[schedules]") || line.text.contains(" schedules,")
                || line.text.contains(", schedules")
            {
                return true
            }
        }
        return false
    }
}
