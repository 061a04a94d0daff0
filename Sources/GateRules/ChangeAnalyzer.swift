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
    /// Per-file findings this analysis replaces with one of its own (one construct, one finding): rule, path, line.
    public var replaced: Set<FindingSite>

    public init(findings: [Finding] = [], ordering: [OrderingEntry] = [], migrations: [MigrationSummary] = [],
                replaced: Set<FindingSite> = []) {
        self.findings = findings
        self.ordering = ordering
        self.migrations = migrations
        self.replaced = replaced
    }

    /// Whether `finding` is one this analysis replaced.
    public func replaces(_ finding: Finding) -> Bool {
        !replaced.isEmpty && replaced.contains(FindingSite(rule: finding.rule, path: finding.path, line: finding.line))
    }
}

/// Where a finding is, by rule: what an analysis names to replace a detector's finding.
public struct FindingSite: Hashable, Sendable {
    public var rule: String
    public var path: String
    public var line: Int

    public init(rule: String, path: String, line: Int) {
        self.rule = rule
        self.path = path
        self.line = line
    }
}

/// An analysis across all changed files of one change (detectors see one file at a time).
/// It observes each changed file once, after the detectors have scanned it (so per-file analyses they
/// computed are shared), one file at a time but in no particular order; then it concludes once.
public protocol ChangeAnalyzer {
    mutating func observe(_ file: SourceFile, context: DetectionContext)
    /// Told once, when every file the diff visited ahead of the rest (`AnalyzerRegistry.visitsFirst`) has been
    /// observed, and before any other file is: what those files decide can be applied to the rest as they come,
    /// by the work it returns, which each later file gets before it is observed.
    mutating func observedEarlyFiles(context: DetectionContext) -> (any FileObservation)?
    func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult
}

extension ChangeAnalyzer {
    public mutating func observedEarlyFiles(context: DetectionContext) -> (any FileObservation)? { nil }
}

/// An analysis's work on one file that needs no other file's: done by the worker that scanned the file, on every
/// core, before the file is observed (which is one file at a time).
public protocol FileObservation: Sendable {
    func prepare(_ file: SourceFile, context: DetectionContext)
}

/// The analyzers `gate check` runs; each family adds its own.
public enum AnalyzerRegistry {
    public static func makeAll() -> [any ChangeAnalyzer] { [
        SchemaChangeAnalyzer(), UnchangedEndpointReach(), NewlyRoutedPaidHandlers(), RetrySettingsReportedOnce(), PhoenixEndpointsReportedOnce(),
        MovedPaidWork(), ScheduledWorkReportedOnce(), MockedPaidCallsInTests(),
    ] }

    /// The changed files the diff should visit before all others: every file that may be a migration (by its path,
    /// as `MigrationLayout` first tests it), so the schema names the change adds and removes are known before its
    /// code is observed.
    public static func visitsFirst(_ path: String, context: DetectionContext) -> Bool {
        SchemaChangeAnalyzer.mayBeMigration(path, context: context)
    }
}
