import Foundation
import GateCore

/// The jobs of a GitHub Actions workflow, read from its text as far as their check names: a branch rule requires the
/// gate's check by the name of the job that runs gate (its `name:`, else its id), and any workflow's job of that
/// name reports a check of that name. A pull request that adds or edits a workflow with a job named like the gate's,
/// running something else, can have that job's green result stand in for the gate's.
public struct WorkflowJob: Sendable, Equatable {
    /// The check the job reports: its `name:`, else its id.
    public var checkName: String
    /// The line of the job's id.
    public var line: Int
    /// The line of its `name:`, when it has one.
    public var nameLine: Int?
    /// Whether the job's own steps run gate.
    public var runsGate: Bool

    /// The jobs of workflow text, in order. Only the block form of YAML that workflows are written in is read
    /// (`jobs:` at the top level, each job a key under it); anything else yields no jobs.
    public static func jobs(in bytes: [UInt8]) -> [WorkflowJob] {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var jobs: [WorkflowJob] = []
        var inJobs = false
        var jobIndent: Int?
        var current: (id: String, name: String?, nameLine: Int?, line: Int, start: Int, childIndent: Int?)?
        var blockEnd = 0
        func finish(upTo end: Int) {
            guard let job = current else { return }
            let body = lines[job.start..<end].joined(separator: [UInt8(ascii: "\n")])
            jobs.append(WorkflowJob(
                checkName: job.name ?? job.id, line: job.line, nameLine: job.nameLine, runsGate: PolicyChangeDetector.runsGate(Array(body))))
            current = nil
        }
        for (index, raw) in lines.enumerated() {
            let line = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw[...]
            let indent = line.prefix { $0 == Byte.space }.count
            let content = line.dropFirst(indent)
            // Blank lines and comments belong to whatever block they sit in.
            guard let first = content.first, first != Byte.hash else { continue }
            blockEnd = index + 1
            if indent == 0 {
                finish(upTo: index)
                inJobs = key(of: content) == "jobs" && value(of: content).isEmpty
                jobIndent = nil
                continue
            }
            guard inJobs else { continue }
            if jobIndent == nil { jobIndent = indent }
            guard let jobIndent else { continue }
            if indent < jobIndent {
                finish(upTo: index)
                inJobs = false
            } else if indent == jobIndent {
                finish(upTo: index)
                guard let id = key(of: content) else { continue }
                current = (id, nil, nil, index + 1, index, nil)
            } else if var job = current {
                if job.childIndent == nil { job.childIndent = indent }
                if indent == job.childIndent, key(of: content) == "name" {
                    let name = unquoted(value(of: content))
                    if !name.isEmpty {
                        job.name = name
                        job.nameLine = index + 1
                    }
                }
                current = job
            }
        }
        finish(upTo: max(blockEnd, current.map { $0.start + 1 } ?? 0))
        return jobs
    }

    /// The key of a `key: value` line (`gate` of `gate:`, `name` of `name: Gate`), or nil.
    private static func key(of content: ArraySlice<UInt8>) -> String? {
        guard let colon = content.firstIndex(of: Byte.colon) else { return nil }
        let key = unquoted(String(decoding: content[..<colon], as: UTF8.self))
        let after = content.index(after: colon)
        // `key:` ends the line or is followed by a blank: `https://…` in a value is no key.
        guard !key.isEmpty, after == content.endIndex || content[after] == Byte.space || content[after] == Byte.tab else { return nil }
        return key
    }

    /// The value of a `key: value` line, without a trailing comment.
    private static func value(of content: ArraySlice<UInt8>) -> String {
        guard let colon = content.firstIndex(of: Byte.colon) else { return "" }
        var text = String(decoding: content[content.index(after: colon)...], as: UTF8.self)
        if let comment = text.range(of: " #") { text = String(text[..<comment.lowerBound]) }
        return text.trimmingCharacters(in: .whitespaces)
    }

    private static func unquoted(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first {
            return String(trimmed.dropFirst().dropLast())
        }
        return trimmed
    }
}
