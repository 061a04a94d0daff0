import GateCore

/// A small change used as a detector's example: the base text (nil for a new file) and the head text,
/// where `↓` marks the exact place that must fire (triggering examples) and must not appear otherwise.
public struct DetectorExample: Sendable {
    public static let marker: Character = "↓"

    public var path: String
    public var base: String?
    public var head: String

    public init(_ head: String, path: String, base: String? = nil) {
        self.path = path
        self.base = base
        self.head = head
    }
}

/// What a detector is and how it behaves: its tests and its `gate rules` documentation.
public struct DetectorDescription: Sendable {
    public var id: String
    public var name: String
    public var category: Category
    public var rationale: String
    public var triggering: [DetectorExample]
    public var nonTriggering: [DetectorExample]

    public init(
        id: String, name: String, category: Category, rationale: String,
        triggering: [DetectorExample], nonTriggering: [DetectorExample]
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.rationale = rationale
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// The settings detectors read from the trusted policy.
public struct DetectionContext: Sendable {
    public var providers: [Provider]
    /// Extra job/worker locations beyond the built-in conventions (`paths.jobs`).
    public var jobPaths: [Glob]
    /// Extra migration locations beyond the built-in conventions (`paths.migrations`).
    public var migrationPaths: [Glob]
    /// Retries above this many attempts count as unbounded.
    public var retryBound: Int

    public init(providers: [Provider] = ProviderCatalogue.builtin, jobPaths: [Glob] = [],
                migrationPaths: [Glob] = [], retryBound: Int = 3) {
        self.providers = providers
        self.jobPaths = jobPaths
        self.migrationPaths = migrationPaths
        self.retryBound = retryBound
    }
}

/// One changed file as detectors see it: the whole head file for context, and which lines are new.
public struct SourceFile: Sendable {
    public let change: FileChange
    /// The head-side bytes; empty when the file was deleted or skipped.
    public let bytes: [UInt8]
    /// Head-side line numbers the change adds.
    public let addedLines: Set<Int>
    /// The lexed file and its paid call sites, computed once and shared by every detector.
    let analysisCache = AnalysisCache()

    public init(change: FileChange) {
        self.change = change
        if case .text(let bytes) = change.content { self.bytes = bytes } else { self.bytes = [] }
        self.addedLines = Set(change.addedLineNumbers)
    }

    public var path: String { change.path }
}

/// A detector: one file per detector, each with its own description and examples.
public protocol Detector: Sendable {
    var description: DetectorDescription { get }
    func detect(in file: SourceFile, context: DetectionContext) -> [Finding]
}
