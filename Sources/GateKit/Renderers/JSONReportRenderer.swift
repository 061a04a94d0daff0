import Foundation
import GateCore

/// The `gate.report/v1` JSON document, stable key order for diffs and snapshots.
public enum JSONReportRenderer {
    public static func render(_ report: Report) throws -> String {
        try StableJSON.render(report)
    }

    /// `render`'s bytes, for writing out without a `String` in between.
    public static func utf8(_ report: Report) throws -> [UInt8] {
        try StableJSON.utf8(report)
    }
}
