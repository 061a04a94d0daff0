import GateCore

/// Read access to every file of the head commit, for analyses that need more than the changed files
/// (for example: does any head code still use a column a migration drops?).
public protocol HeadTree: Sendable {
    /// Visits every blob at head (text files only, size-limited), path and bytes.
    func forEachFile(_ visit: (String, [UInt8]) throws -> Void) throws

    /// Visits the blobs at head whose path `wanted` accepts, reading no other file's content.
    func forEachFile(where wanted: (String) -> Bool, _ visit: (String, [UInt8]) throws -> Void) throws
}

extension HeadTree {
    public func forEachFile(where wanted: (String) -> Bool, _ visit: (String, [UInt8]) throws -> Void) throws {
        try forEachFile { path, bytes in
            if wanted(path) { try visit(path, bytes) }
        }
    }
}

/// What a whole-change analysis adds to the report.
public struct ChangeAnalysisResult: Sendable {
    public var findings: [Finding]
    public var ordering: [OrderingEntry]
    public var migrations: [MigrationSummary]

    public init(findings: [Finding] = [], ordering: [OrderingEntry] = [], migrations: [MigrationSummary] = []) {
        self.findings = findings
        self.ordering = ordering
        self.migrations = migrations
    }
}

/// An analysis across all changed files of one change (detectors see one file at a time).
/// It observes each changed file once, after the detectors have scanned it (so per-file analyses they
/// computed are shared), one file at a time but in no particular order; then it concludes once.
public protocol ChangeAnalyzer {
    mutating func observe(_ file: SourceFile, context: DetectionContext)
    func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult
}

/// The analyzers `gate check` runs; each family adds its own.
public enum AnalyzerRegistry {
    public static func makeAll() -> [any ChangeAnalyzer] { [SchemaChangeAnalyzer()] }
}
