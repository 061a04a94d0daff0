import Foundation
import GateCore

/// The `gate.report/v1` JSON document, stable key order for diffs and snapshots.
public enum JSONReportRenderer {
    public static func render(_ report: Report) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
    }
}
