import Foundation
import GateCore

/// Every secret detector's shapes and rules, run together in one pass over a file.
///
/// Twelve detectors each sweeping 16 MB would cost twelve sweeps; instead the first secret detector to look at
/// a file runs this engine for all of them, and the others read the result from the file's memo.
final class SecretEngine: @unchecked Sendable {
    /// The engine for the registered secret detectors.
    static let shared = SecretEngine(families: DetectorRegistry.secretDetectors.compactMap { $0 as? any CredentialDetector })

    private let familyIDs: [String]
    private let shapes: [TokenShape]
    private let shapeFamilies: [Int]
    private let probes: [TokenProbe]
    /// For each byte value, the probes anchored on it.
    private let probesByAnchor: [Range<Int>]
    private let rules: [AssignmentRule]
    private let ruleFamilies: [Int]
    /// For each byte value: `tokenTrigger` when a token shape is anchored on it, `operatorTrigger` for `=`, `:`.
    private let triggers: [UInt8]
    /// For each anchor byte, the bytes any of its shapes allows just before it.
    private let allowedBefore: [ByteSet]
    /// One bit per pair of adjacent bytes (first byte in the low 8 bits of the index): set when the first is
    /// an anchor its shapes allow the second to follow, or an operator that can start an assignment. Testing
    /// pairs rather than bytes keeps the hot loop's rarely-taken branch rare, since anchor letters are common
    /// but anchor pairs are not. Code files get their own table: there a value must be quoted, so `=` and `:`
    /// matter only before a space, a quote or the rest of `=>` and `:=`.
    private let pairTriggers: [UInt64]
    private let codePairTriggers: [UInt64]
    private let shortestValue: Int

    // Literals rather than static lets: a static's lazy-initialisation check on every byte would cost more
    // than the test it guards.
    private var tokenTrigger: UInt8 { 1 }
    private var operatorTrigger: UInt8 { 2 }

    init(families: [any CredentialDetector]) {
        familyIDs = families.map(\.description.id)
        var shapes: [TokenShape] = [], shapeFamilies: [Int] = []
        var rules: [AssignmentRule] = [], ruleFamilies: [Int] = []
        for (family, detector) in families.enumerated() {
            shapes += detector.shapes
            shapeFamilies += Array(repeating: family, count: detector.shapes.count)
            rules += detector.assignments
            ruleFamilies += Array(repeating: family, count: detector.assignments.count)
        }
        let probes = shapes.indices.map { TokenProbe(shape: $0, of: shapes) }
            .sorted { ($0.anchor, $0.shape) < ($1.anchor, $1.shape) }  // declaration order within an anchor
        var probesByAnchor = Array(repeating: 0..<0, count: 256)
        var triggers = [UInt8](repeating: 0, count: 256)
        var allowedBefore = Array(repeating: ByteSet.all, count: 256)
        var pairTriggers = [UInt64](repeating: 0, count: 65536 / 64)
        var codePairTriggers = pairTriggers
        func setPairs(first: UInt8, second: ByteSet, inCode codeSecond: ByteSet) {
            for byte in 0...255 {
                let pair = Int(first) | byte << 8
                let bit: UInt64 = 1 << UInt64(pair & 63)
                if second.contains(UInt8(byte)) { pairTriggers[pair >> 6] |= bit }
                if codeSecond.contains(UInt8(byte)) { codePairTriggers[pair >> 6] |= bit }
            }
        }
        for anchor in Set(probes.map(\.anchor)) {
            let first = probes.firstIndex { $0.anchor == anchor } ?? 0
            let end = probes.lastIndex { $0.anchor == anchor }.map { $0 + 1 } ?? first
            probesByAnchor[Int(anchor)] = first..<end
            triggers[Int(anchor)] |= 1
            var before = ByteSet(""), after = ByteSet("")
            for probe in probes[first..<end] {
                let prefix = shapes[probe.shape].prefix
                // Before a prefix's first byte comes anything that is not part of a word; the shapes check that.
                before.formUnion(probe.anchorIndex > 0 ? prefix[probe.anchorIndex - 1] : .all)
                after.formUnion(probe.anchorIndex + 1 < prefix.count ? prefix[probe.anchorIndex + 1] : .all)
            }
            allowedBefore[Int(anchor)] = before
            setPairs(first: anchor, second: after, inCode: after)
        }
        if !rules.isEmpty {
            let quotedValueStarts = " \t\"'`\\"
            setPairs(first: UInt8(ascii: "="), second: .all, inCode: ByteSet(quotedValueStarts + ">"))
            setPairs(first: UInt8(ascii: ":"), second: .all, inCode: ByteSet(quotedValueStarts + "="))
            triggers[Int(UInt8(ascii: "="))] |= 2
            triggers[Int(UInt8(ascii: ":"))] |= 2
        }
        (self.shapes, self.shapeFamilies, self.rules, self.ruleFamilies) = (shapes, shapeFamilies, rules, ruleFamilies)
        (self.probes, self.probesByAnchor, self.triggers) = (probes, probesByAnchor, triggers)
        (self.allowedBefore, self.pairTriggers, self.codePairTriggers) = (allowedBefore, pairTriggers, codePairTriggers)
        shortestValue = rules.map(\.minimumLength).min() ?? 0
    }

    /// What `detector` finds anywhere in the file (added lines or not), in file order.
    static func matches(of detector: some CredentialDetector, in file: SourceFile) -> [CredentialMatch] {
        if let family = shared.familyIDs.firstIndex(of: detector.description.id) {
            return shared.matches(in: file)[family]
        }
        // A detector outside the registry (a test's, say) runs on its own, unremembered.
        return SecretEngine(families: [detector]).scan(file)[0]
    }

    /// Every family's matches in the file, scanned once per file whichever detector asks first.
    func matches(in file: SourceFile) -> [[CredentialMatch]] {
        file.memo.value(for: ObjectIdentifier(self)) { scan(file) }
    }

    /// One sweep: a table lookup per byte, and real work only at anchor bytes and assignment operators.
    private func scan(_ file: SourceFile) -> [[CredentialMatch]] {
        var results = Array(repeating: [CredentialMatch](), count: familyIDs.count)
        let syntax = AssignmentSyntax(allowsBareValues: SecretFileKind.allowsBareValues(path: file.path))
        file.bytes.withUnsafeBufferPointer { buffer in
            // Unsafe views of the tables, so the per-byte loop does no reference counting.
            (syntax.allowsBareValues ? pairTriggers : codePairTriggers).withUnsafeBufferPointer { pairTriggers in
                var index = 0
                let last = buffer.count - 1
                while index < last {
                    let pair = Int(buffer[index]) | Int(buffer[index + 1]) << 8
                    if (pairTriggers[pair >> 6] >> UInt64(pair & 63)) & 1 == 0 {
                        index += 1
                        continue
                    }
                    index = examine(index, in: buffer, syntax: syntax, into: &results)
                }
                if index == last { _ = examine(index, in: buffer, syntax: syntax, into: &results) }
            }
        }
        return results
    }

    /// Looks for a credential at a trigger byte; returns where to continue.
    private func examine(_ index: Int, in buffer: UnsafeBufferPointer<UInt8>, syntax: AssignmentSyntax,
                         into results: inout [[CredentialMatch]]) -> Int {
        let byte = buffer[index]
        let trigger = triggers[Int(byte)]
        var found: (family: Int, match: CredentialMatch)?
        if trigger & tokenTrigger != 0, index == 0 || allowedBefore[Int(byte)].contains(buffer[index - 1]) {
            found = token(anchoredAt: index, in: buffer)
        }
        if found == nil, trigger & operatorTrigger != 0 { found = assignment(at: index, in: buffer, syntax: syntax) }
        guard let found else { return index + 1 }
        results[found.family].append(found.match)
        return max(index + 1, found.match.secret.upperBound)
    }

    private func token(anchoredAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (family: Int, match: CredentialMatch)? {
        for index in probesByAnchor[Int(buffer[hit])] where probes[index].admits(buffer, anchorAt: hit) {
            let shape = probes[index].shape
            if let match = shapes[shape].match(in: buffer, anchorAt: hit) { return (shapeFamilies[shape], match) }
        }
        return nil
    }

    /// Whether a token shape recognises a credential starting exactly at `start`: then that shape's detector
    /// reports it, and no assignment rule does.
    private func tokenStarts(at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        probes.contains { probe in
            let hit = start + probe.anchorIndex
            return hit < buffer.count && buffer[hit] == probe.anchor && probe.admits(buffer, anchorAt: hit)
                && shapes[probe.shape].match(in: buffer, anchorAt: hit)?.reportAt == start
        }
    }

    private func assignment(at hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                            syntax: AssignmentSyntax) -> (family: Int, match: CredentialMatch)? {
        guard let value = syntax.value(afterOperatorAt: hit, in: buffer), value.count >= shortestValue,
              let first = rules.indices.first(where: {
                  value.count >= rules[$0].minimumLength && rules[$0].plausible(buffer, value)
              }),
              let nameRange = syntax.name(beforeOperatorAt: hit, in: buffer)
        else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: nameRange.count) { storage in
            let name = AssignedName(raw: UnsafeBufferPointer(rebasing: buffer[nameRange]), storage: storage)
            for index in rules.indices[first...] where value.count >= rules[index].minimumLength {
                guard index == first || rules[index].plausible(buffer, value),
                      rules[index].matches(name, buffer, value)
                else { continue }
                if tokenStarts(at: value.lowerBound, in: buffer) { return nil }
                let match = CredentialMatch(reportAt: value.lowerBound, secret: value, label: rules[index].label)
                return (ruleFamilies[index], match)
            }
            return nil
        }
    }
}

/// What kind of text a file holds, as far as reading assignments goes.
enum SecretFileKind {
    /// Extensions of programming languages, where an unquoted word after `=` is an identifier, not a value.
    private static let codeExtensions: Set<String> = [
        "py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "rb", "java", "kt", "kts", "cs",
        "rs", "swift", "php", "c", "h", "cc", "cpp", "hpp", "m", "mm", "scala", "dart", "lua", "pl", "r", "jl",
        "ex", "exs", "erl", "clj", "groovy", "vue", "svelte", "sql",
    ]

    /// Whether unquoted values count in this file (config, shell, docs) or only quoted ones (code).
    static func allowsBareValues(path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return true }
        return !codeExtensions.contains(name[name.index(after: dot)...].lowercased())
    }
}
