import Foundation
import GateCode
import GateCore
import GateSQL

/// A small change used as a detector's example: the base text (nil for a new file) and the head text,
/// where `↓` marks the exact place that must fire (triggering examples) and must not appear otherwise.
public struct DetectorExample: Sendable {
    public static let marker: Character = "↓"

    public var path: String
    public var base: String?
    public var head: String
    /// Other files at head the example needs to be read as a project (the migrations an ORM schema is compared
    /// with), path and text, unchanged by the change.
    public var alongside: [(path: String, text: String)]
    /// The path the change renames the file from (`base` is then its text there); nil when it keeps its path.
    public var renamedFrom: String?

    public init(
        _ head: String, path: String, base: String? = nil, renamedFrom: String? = nil,
        alongside: [(path: String, text: String)] = []
    ) {
        self.path = path
        self.base = base
        self.head = head
        self.alongside = alongside
        self.renamedFrom = renamedFrom
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
    /// The detector's own tier when it differs from its category's (advice is low, a contract still in use is
    /// critical); the policy overrides it only by naming the detector.
    public var tier: Tier?
    /// The Postgres major versions the hazard exists on, e.g. `all`, `< 12`, `>= 11` (nil: not a Postgres rule).
    public var postgresVersions: String?

    /// The tier `gate rules` shows and reports start from.
    public var defaultTier: Tier { tier ?? category.defaultTier }

    public init(
        id: String, name: String, category: Category, rationale: String,
        triggering: [DetectorExample], nonTriggering: [DetectorExample], tier: Tier? = nil,
        postgresVersions: String? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.rationale = rationale
        self.triggering = triggering
        self.nonTriggering = nonTriggering
        self.tier = tier
        self.postgresVersions = postgresVersions
    }
}

/// The settings detectors read from the trusted policy.
public struct DetectionContext: Sendable {
    public var providers: [Provider] { didSet { compiledProviders = nil } }
    /// `providers` compiled, once a scanner has asked for it (`compileProviders()`): the paid-call detectors ask for
    /// every file, a dozen times, and the process-wide cache takes a lock the workers contended for.
    private var compiledProviders: CompiledCatalogue?
    /// Extra job/worker locations beyond the built-in conventions (`paths.jobs`).
    public var jobPaths: [Glob]
    /// Extra migration locations beyond the built-in conventions (`paths.migrations`).
    public var migrationPaths: [Glob]
    /// Test code (`paths.tests`): a test's paid calls made through a mock it sets up spend nothing
    /// (MockedPaidCallsInTests).
    public var testPaths: [Glob] = []
    /// Retries above this many attempts count as unbounded.
    public var retryBound: Int
    /// The Postgres major version migrations run on (`schema.postgres-version`); some hazards depend on it.
    public var postgresVersion: Int
    /// The version assumed when the policy names none.
    public static let defaultPostgresVersion = AnalysisOptions.defaultPostgresVersion
    /// The head tree's code index (cross-file reach); nil gives each file an index over itself.
    public var code: CodeIndex?
    /// The tree the change is compared with, asked only whether an earlier migration is new in the change
    /// (`TablesNewInChange`); nil when unknown, and then no migration counts as new.
    public var baseTree: (any SourceTree)?

    public init(providers: [Provider] = ProviderCatalogue.builtin, jobPaths: [Glob] = [],
                migrationPaths: [Glob] = [], retryBound: Int = 3,
                postgresVersion: Int = AnalysisOptions.defaultPostgresVersion, testPaths: [Glob] = []) {
        self.providers = providers
        self.jobPaths = jobPaths
        self.migrationPaths = migrationPaths
        self.testPaths = testPaths
        self.retryBound = retryBound
        self.postgresVersion = postgresVersion
    }

    /// Compiles the providers now and keeps them with the context (and its copies), for a scanner about to scan.
    mutating func compileProviders() { compiledProviders = CompiledCatalogue.compiled(for: providers) }

    /// The providers compiled.
    var catalogue: CompiledCatalogue { compiledProviders ?? CompiledCatalogue.compiled(for: providers) }
}

/// One changed file as detectors see it: the whole head file for context, and which lines are new.
public struct SourceFile: Sendable {
    public let change: FileChange
    /// The head-side bytes; empty when the file was deleted or skipped.
    public let bytes: [UInt8]
    /// Head-side line numbers the change adds.
    public let addedLines: LineSet
    /// Where the change deletes lines, as the head-side line that now follows each run of deleted lines, ascending:
    /// a route whose guard a change deletes, adding nothing, is changed all the same.
    public let deletionPoints: [Int]
    /// The lexed file and its paid call sites, computed once and shared by every detector.
    let analysisCache = AnalysisCache()
    /// Other per-file results shared by a family of detectors (secret matches, schema analysis).
    let memo = FileMemo()
    /// The language of the file's path, or nil for files that are not code gate understands: asked by most
    /// detectors of every changed file, read from the path once.
    public let language: SourceLanguage?

    public init(change: FileChange) {
        self.change = change
        if case .text(let bytes) = change.content { self.bytes = bytes } else { self.bytes = [] }
        if change.kind == .copied, case .text(let bytes) = change.content {
            // A copy is new code wherever its lines came from: a paid call copied into a new endpoint is new risk.
            let lineCount = bytes.reduce(bytes.last == 0x0A || bytes.isEmpty ? 0 : 1) { $0 + ($1 == 0x0A ? 1 : 0) }
            self.addedLines = LineSet(1...max(lineCount, 1))
        } else {
            self.addedLines = LineSet(addedIn: change.hunks)
        }
        deletionPoints = Self.deletionPoints(of: change.hunks)
        language = SourceLanguage(path: change.path, contents: bytes)
    }

    /// A file whose added lines are given rather than read from hunks (UnchangedEndpointReach).
    init(change: FileChange, addedLines: LineSet, deletionPoints: [Int] = []) {
        self.change = change
        if case .text(let bytes) = change.content { self.bytes = bytes } else { self.bytes = [] }
        self.addedLines = addedLines
        self.deletionPoints = deletionPoints
        language = SourceLanguage(path: change.path, contents: bytes)
    }

    private static func deletionPoints(of hunks: [Hunk]) -> [Int] {
        var points: [Int] = []
        for hunk in hunks where hunk.oldCount > 0 {
            // git numbers a hunk without new lines from the line before it.
            var next = hunk.newCount == 0 ? hunk.newStart + 1 : hunk.newStart
            for line in hunk.lines {
                if line.kind == .deleted {
                    if points.last != next { points.append(next) }
                } else if let number = line.newNumber {
                    next = number + 1
                }
            }
        }
        return points
    }

    /// Where the change first deletes lines between two lines of `lines` (inside them, not at their edges): the
    /// head line that follows the deleted ones.
    func firstDeletion(within lines: ClosedRange<Int>) -> Int? {
        deletionPoints.first { $0 > lines.lowerBound && $0 <= lines.upperBound }
    }

    public var path: String { change.path }
}

/// Results computed once per file and shared by the detectors that need them.
///
/// It lives with the file, not in a process-wide cache, so files scanned concurrently never evict each
/// other's results.
final class FileMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [ObjectIdentifier: AnyObject] = [:]

    /// Holds a value as an object: every detector of a file asks, and casting an object back is a pointer check
    /// where casting a large struct out of an existential copied it through the runtime's generic cast.
    private final class Box<Value> {
        let value: Value

        init(_ value: Value) { self.value = value }
    }

    /// The value remembered under `key`, computing it on first use.
    func value<Value: Sendable>(for key: ObjectIdentifier, compute: () -> Value) -> Value {
        lock.lock()
        if let known = values[key] as? Box<Value> {
            lock.unlock()
            return known.value
        }
        lock.unlock()
        let computed = compute()
        lock.lock()
        values[key] = Box(computed)
        lock.unlock()
        return computed
    }
}

/// A detector: one file per detector, each with its own description and examples.
public protocol Detector: Sendable {
    var description: DetectorDescription { get }
    /// The rule id and category, without building the description: a catalogue-made description generates its
    /// examples, and a check asks every detector for these (its policy's rule names, the secret detectors).
    var id: String { get }
    var category: Category { get }
    /// The description's own tier, if it has one (see `DetectorRegistry.ownTiers`).
    var ownTier: Tier? { get }
    /// The family whose shared per-file analysis this detector reads its findings from, when that analysis can say
    /// at once that no detector of the family finds anything in a file; nil when the detector is always asked.
    var family: (any DetectorFamily.Type)? { get }
    func detect(in file: SourceFile, context: DetectionContext) -> [Finding]
}

extension Detector {
    public var id: String { description.id }
    public var category: Category { description.category }
    public var ownTier: Tier? { description.tier }
    public var family: (any DetectorFamily.Type)? { nil }
}

/// Detectors that all read one analysis each file shares (the secret engine's matches, a migration's statements):
/// the scanner asks the family once per file whether any of them can find something there, and skips them all when
/// none can, where each would have looked the analysis up in the file's memo to find nothing (forty schema
/// detectors, some twenty secret detectors, on every file).
public protocol DetectorFamily: SendableMetatype {
    /// False only when no detector of the family finds anything in `file`.
    static func mayFind(in file: SourceFile, context: DetectionContext) -> Bool
}
