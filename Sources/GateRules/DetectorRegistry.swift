import Dispatch
import GateCore

/// Every detector gate runs, in `gate rules` order. Each family lists its own detectors in its own file.
public enum DetectorRegistry {
    public static let all: [any Detector] = paidCallDetectors + secretDetectors + schemaDetectors + policyDetectors

    public static func detector(id: String) -> (any Detector)? { all.first { $0.id == id } }
}

/// Runs every detector over one changed file.
public struct Scanner: Sendable {
    public let detectors: [any Detector]
    public let context: DetectionContext
    /// The families the detectors belong to, and each detector's index into them (-1: none).
    private let families: [any DetectorFamily.Type]
    private let familyOfDetector: [Int]

    public init(detectors: [any Detector] = DetectorRegistry.all, context: DetectionContext = DetectionContext()) {
        self.detectors = detectors
        // The detectors read the compiled providers for every file: compiled once here, not looked up each time.
        var context = context
        context.compileProviders()
        self.context = context
        var families: [any DetectorFamily.Type] = []
        familyOfDetector = detectors.map { detector in
            guard let family = detector.family else { return -1 }
            if let known = families.firstIndex(where: { $0 == family }) { return known }
            families.append(family)
            return families.count - 1
        }
        // A file's answers are kept as bits of one word each.
        precondition(families.count <= 64, "at most 64 detector families")
        self.families = families
    }

    /// Builds the paid-call catalogue of the built-in providers now, so a caller can have another core build it before
    /// it is needed instead of the check's one thread waiting: the code index compiles it before the first file is
    /// read (a policy adding no providers asks for that one).
    public static func prepareCatalogue() {
        _ = CompiledCatalogue.compiled(for: ProviderCatalogue.builtin)
    }

    /// Builds the credential catalogue's tables now (`prepareCatalogue`'s reason): needed when the first file reaches
    /// a worker.
    public static func prepareCredentialTables() {
        _ = SecretEngine.shared
    }

    public func scan(_ file: SourceFile) -> [Finding] { scan(file, spent: nil) }

    /// What `scan(_:spent:)` times, by entry: each detector's rule id, then each family's shared question (its
    /// type's name), which the family's detectors skip on when it answers no.
    public var timedParts: [String] { detectors.map(\.id) + families.map { "\($0)" } }

    /// `scan`, adding the nanoseconds each part took to `spent` (one entry per `timedParts` name): what
    /// `gate check --timings` lists. A detector's time includes what it was the first to ask of the file and the
    /// others then share from the file's memo (the paid-call analysis, the schema analysis).
    public func scan(_ file: SourceFile, spent: inout [UInt64]) -> [Finding] {
        precondition(spent.count == detectors.count + families.count, "one entry per timed part")
        return spent.withUnsafeMutableBufferPointer { scan(file, spent: $0.baseAddress) }
    }

    private func scan(_ file: SourceFile, spent: UnsafeMutablePointer<UInt64>?) -> [Finding] {
        // By index: the array's element is borrowed for the call, where iterating copied each detector's
        // existential box, for every detector of every file.
        var findings: [Finding] = []
        // Bit f of `asked`: family f has been asked about this file; of `mayFindSomething`: its answer.
        var asked: UInt64 = 0
        var mayFindSomething: UInt64 = 0
        for index in detectors.indices {
            let family = familyOfDetector[index]
            if family >= 0 {
                let bit: UInt64 = 1 << UInt64(family)
                if asked & bit == 0 {
                    asked |= bit
                    let started = spent == nil ? 0 : DispatchTime.now().uptimeNanoseconds
                    if families[family].mayFind(in: file, context: context) { mayFindSomething |= bit }
                    if let spent { spent[detectors.count + family] &+= DispatchTime.now().uptimeNanoseconds &- started }
                }
                if mayFindSomething & bit == 0 { continue }
            }
            let started = spent == nil ? 0 : DispatchTime.now().uptimeNanoseconds
            let found = detectors[index].detect(in: file, context: context)
            if let spent { spent[index] &+= DispatchTime.now().uptimeNanoseconds &- started }
            if !found.isEmpty { findings += found }
        }
        return PaidCallConsolidation.consolidate(findings)
    }
}
