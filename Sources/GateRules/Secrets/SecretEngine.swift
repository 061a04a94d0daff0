import Foundation
import GateCore

/// Every secret detector's shapes and rules, run together in one pass over a file.
///
/// Twelve detectors each sweeping 16 MB would cost twelve sweeps; instead the first secret detector to look at
/// a file runs this engine for all of them, and the others read the result from the file's memo.
final class SecretEngine: @unchecked Sendable {
    /// The engine for the registered secret detectors.
    static let shared = SecretEngine(families: registered)
    private static let registered = DetectorRegistry.credentialDetectors
    /// The shared engine's families, known without building its tables.
    private static let registeredKeys = registered.map { FamilyKey($0) }

    /// Each family's detector, by its type and variant (see `CredentialDetector.variant`): every credential detector
    /// asks for its own family, for every file, so it is found by comparing type pointers, not by hashing an id
    /// (which cost more than the rest of a file's look-up together).
    private let familyKeys: [FamilyKey]
    private let familyProviders: [String?]
    private let shapes: [TokenShape]
    private let shapeFamilies: [Int]
    private let probes: [TokenProbe]
    /// For each byte value, the probes anchored on it.
    private let probesByAnchor: [Range<Int>]
    private let rules: [AssignmentRule]
    private let ruleFamilies: [Int]
    /// For each byte value: `tokenTrigger` when a token shape is anchored on it, `operatorTrigger` for `=`, `:`,
    /// `callTrigger` for `(`.
    private let triggers: [UInt8]
    /// For each pair of anchor and following byte (indexed like `pairTriggers`), an index into `pairContexts`:
    /// the bytes some shape with that pair allows just before the anchor and just after the pair. Per pair
    /// rather than per anchor, so fifty shapes anchored on `-` still reject `x-token` at once.
    private let pairContextIndex: [UInt16]
    private let pairContexts: [PairContext]
    /// One byte per pair of adjacent bytes (first byte in the low 8 bits of the index): 1 when the first is
    /// an anchor its shapes allow the second to follow, an operator that can start an assignment, or a `(`
    /// opening a literal, else 0. Testing pairs rather than bytes keeps the hot loop's rarely-taken branch rare,
    /// since anchor letters are common but anchor pairs are not; a byte rather than a bit per pair lets the scan
    /// OR eight lookups together with no shifts. Code files get their own table: there a value must be quoted,
    /// so `=` and `:` matter only before a space, a quote or the rest of `=>` and `:=`.
    private let pairTriggers: [UInt8]
    private let codePairTriggers: [UInt8]
    /// XML configuration's: `pairTriggers`, and a tag's `>` before the element's text (`<password>…`).
    private let markupPairTriggers: [UInt8]
    private let shortestValue: Int
    /// Bytes every rule refuses in a value: one look at the value turns it away before any rule is asked.
    private let refusedByAllRules: ByteSet
    /// Every family's matches in a file without any: shared, so such a file allocates nothing.
    private let noMatches: [[CredentialMatch]]
    private let calls = CallArguments()
    private let fallbacks = EnvironmentFallback()
    /// How values are read in config, shell and docs (bare words count), and in code (only quoted ones).
    private let bareValueSyntax: AssignmentSyntax
    private let quotedValueSyntax: AssignmentSyntax
    private let markup = MarkupSyntax()
    /// Stands in for the callee when a call's first literal is a Twilio account SID: the next one is its token.
    private static let accountTokenName = Array("twilio_auth_token".utf8)

    // Literals rather than static lets: a static's lazy-initialisation check on every byte would cost more
    // than the test it guards.
    private var tokenTrigger: UInt8 { 1 }
    private var operatorTrigger: UInt8 { 2 }
    private var callTrigger: UInt8 { 4 }
    private var elementTrigger: UInt8 { 8 }
    private var fallbackTrigger: UInt8 { 16 }
    /// Literals passed to calls shorter than this are not credentials worth a look.
    private var shortestCallLiteral: Int { 16 }

    init(families: [any CredentialDetector]) {
        familyKeys = families.map { FamilyKey($0) }
        familyProviders = families.map(\.provider)
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
        var pairContextIndex = [UInt16](repeating: 0, count: 65536)
        // Pairs no shape has: nothing is allowed before them (at a file's first byte the shapes judge alone).
        var pairContexts = [PairContext(before: ByteSet(""), afterNext: .all)]
        var pairTriggers = [UInt8](repeating: 0, count: 65536)
        var codePairTriggers = pairTriggers
        func setPairs(first: UInt8, second: ByteSet, inCode codeSecond: ByteSet) {
            for byte in 0...255 {
                let pair = Int(first) | byte << 8
                if second.contains(UInt8(byte)) { pairTriggers[pair] = 1 }
                if codeSecond.contains(UInt8(byte)) { codePairTriggers[pair] = 1 }
            }
        }
        for anchor in Set(probes.map(\.anchor)) {
            let first = probes.firstIndex { $0.anchor == anchor } ?? 0
            let end = probes.lastIndex { $0.anchor == anchor }.map { $0 + 1 } ?? first
            probesByAnchor[Int(anchor)] = first..<end
            triggers[Int(anchor)] |= 1
            var after = ByteSet("")
            for probe in probes[first..<end] {
                let shape = shapes[probe.shape]
                let prefix = shape.prefix
                // Before a prefix's first byte comes anything that is not part of a word; the shapes check that.
                let before = probe.anchorIndex > 0 ? prefix[probe.anchorIndex - 1] : .all
                // After the pair, only a prefix byte is sure: a body may go on in the next literal (`"…" "…"`).
                let afterNext = probe.anchorIndex + 2 < prefix.count ? prefix[probe.anchorIndex + 2] : .all
                let next = probe.anchorIndex + 1 < prefix.count ? prefix[probe.anchorIndex + 1] : shape.bodyStart
                after.formUnion(next)
                for byte in 0...255 where next.contains(UInt8(byte)) {
                    let pair = Int(anchor) | byte << 8
                    if pairContextIndex[pair] == 0 {
                        pairContextIndex[pair] = UInt16(pairContexts.count)
                        pairContexts.append(PairContext(before: before, afterNext: afterNext))
                    } else {
                        pairContexts[Int(pairContextIndex[pair])].formUnion(before: before, afterNext: afterNext)
                    }
                }
            }
            setPairs(first: anchor, second: after, inCode: after)
        }
        if !rules.isEmpty {
            let quotedValueStarts = " \t\"'`\\"
            setPairs(first: UInt8(ascii: "="), second: .all, inCode: ByteSet(quotedValueStarts + ">"))
            setPairs(first: UInt8(ascii: ":"), second: .all, inCode: ByteSet(quotedValueStarts + "="))
            // `( '` too: WordPress writes `define( 'DB_PASSWORD', '…' );`.
            setPairs(first: UInt8(ascii: "("), second: ByteSet("\"'` "), inCode: ByteSet("\"'` "))
            triggers[Int(UInt8(ascii: "="))] |= 2
            triggers[Int(UInt8(ascii: ":"))] |= 2
            triggers[Int(UInt8(ascii: "("))] |= 4
            triggers[Int(UInt8(ascii: ">"))] |= 8
            // A literal as a lookup's fallback: `process.env.X || '…'`, `$_ENV['X'] ?? '…'`, `$_ENV['X'] ?: '…'`.
            setPairs(first: UInt8(ascii: "|"), second: ByteSet("|"), inCode: ByteSet("|"))
            setPairs(first: UInt8(ascii: "?"), second: ByteSet("?:"), inCode: ByteSet("?:"))
            triggers[Int(UInt8(ascii: "|"))] |= 16
            triggers[Int(UInt8(ascii: "?"))] |= 16
        }
        var markupPairTriggers = pairTriggers
        if !rules.isEmpty {
            // Most `>` in XML close a tag before another tag or a line's end: only one before text is looked at.
            for byte in 0...255 where !ByteSet("<\r\n").contains(UInt8(byte)) {
                markupPairTriggers[Int(UInt8(ascii: ">")) | byte << 8] = 1
            }
        }
        self.markupPairTriggers = markupPairTriggers
        (self.shapes, self.shapeFamilies, self.rules, self.ruleFamilies) = (shapes, shapeFamilies, rules, ruleFamilies)
        (self.probes, self.probesByAnchor, self.triggers) = (probes, probesByAnchor, triggers)
        (self.pairContextIndex, self.pairContexts) = (pairContextIndex, pairContexts)
        (self.pairTriggers, self.codePairTriggers) = (pairTriggers, codePairTriggers)
        shortestValue = rules.map(\.minimumLength).min() ?? 0
        var refused = rules.first?.refusedBytes ?? ByteSet("")
        for rule in rules { refused.formIntersection(rule.refusedBytes) }
        refusedByAllRules = refused
        bareValueSyntax = AssignmentSyntax(allowsBareValues: true, refusedInValues: refused)
        quotedValueSyntax = AssignmentSyntax(allowsBareValues: false, refusedInValues: refused)
        noMatches = Array(repeating: [], count: families.count)
    }

    /// What `detector` finds anywhere in the file (added lines or not), in file order.
    static func matches(of detector: some CredentialDetector, in file: SourceFile) -> [CredentialMatch] {
        let key = FamilyKey(detector)
        if let family = shared.familyKeys.firstIndex(of: key) {
            return shared.matches(in: file)[family]
        }
        // A detector outside the registry (a test's, say) runs on its own, unremembered.
        return SecretEngine(families: [detector]).scan(file)[0]
    }

    /// Whether `detector` is one of the shared engine's families (every registered secret detector is); asked as a
    /// check starts, so it does not wait for the engine's tables.
    static func sharesScan(of detector: some CredentialDetector) -> Bool {
        registeredKeys.contains(FamilyKey(detector))
    }

    /// Every family's matches in the file, scanned once per file whichever detector asks first.
    func matches(in file: SourceFile) -> [[CredentialMatch]] {
        file.memo.value(for: ObjectIdentifier(self)) { scan(file) }
    }


    private func scan(_ file: SourceFile) -> [[CredentialMatch]] {
        scan(file.bytes, path: file.path, decodesSecretData: true)
    }

    /// `text` with every credential the secret detectors recognise in it (read as a file at `path` is) replaced by
    /// the redaction its finding's evidence shows; the rest is kept. For text other findings quote, such as a
    /// migration's statements: a secret there has its own finding, and must not be printed whole beside it.
    static func redactingCredentials(in text: String, readAs path: String) -> String {
        let bytes = Array(text.utf8)
        let matches = shared.scan(bytes, path: path, decodesSecretData: false).joined()
            .sorted { $0.secret.lowerBound < $1.secret.lowerBound }
        guard !matches.isEmpty else { return text }
        return bytes.withUnsafeBufferPointer { buffer in
            var output: [UInt8] = []
            var copied = 0
            // Matches of different families may overlap (a URL holding a token): nothing of either is shown.
            for match in matches where match.secret.upperBound > copied {
                output += buffer[copied..<max(copied, match.secret.lowerBound)]
                output += Array(Redaction.redact(match.secretText(in: buffer)).utf8)
                copied = match.secret.upperBound
            }
            output += buffer[copied...]
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// One sweep: a table lookup per byte pair, and real work only at anchors, operators and call literals.
    /// `decodesSecretData`: whether a Kubernetes Secret's base64 `data:` values are decoded and judged (not in the
    /// decoded text itself, which is no manifest).
    private func scan(_ fileBytes: [UInt8], path: String, decodesSecretData: Bool) -> [[CredentialMatch]] {
        // Most files hold no credential: they share one empty result rather than allocating their own.
        var results = noMatches
        // Built once: a syntax's byte classes cost more to parse than a small file takes to scan.
        let syntax = SecretFileKind.allowsBareValues(path: path) ? bareValueSyntax : quotedValueSyntax
        let readsMarkup = syntax.allowsBareValues && MarkupSyntax.readsMarkup(path: path)
        fileBytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let bytes = UnsafeRawPointer(base)
            let secretManifests = decodesSecretData ? KubernetesSecretData.secretManifests(in: buffer, path: path) : []
            var decodable: [DecodedNames.Candidate] = []
            // The file's `const NAME = "…"` literals, read once when a template interpolating names is first met.
            var constants: JoinedLiterals.Constants?
            // Unsafe views of the tables, so the per-byte loop does no reference counting.
            (readsMarkup ? markupPairTriggers : syntax.allowsBareValues ? pairTriggers : codePairTriggers)
                .withUnsafeBufferPointer { table in
                // Whether the pair starting at `index` triggers, as 0 or 1. One unaligned load reads the pair,
                // taken as little-endian so the first byte is the low one, as the table is indexed.
                @inline(__always)
                func trigger(at index: Int) -> UInt8 {
                    table[Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt16.self)))]
                }
                var index = 0
                let last = buffer.count - 1
                while index < last {
                    // Eight pairs a step: most stretches of text hold no trigger, and one test passes them all
                    // (about three instructions a byte, where a test per pair took ten).
                    if index + 8 <= last {
                        let eight = trigger(at: index) | trigger(at: index + 1) | trigger(at: index + 2)
                            | trigger(at: index + 3) | trigger(at: index + 4) | trigger(at: index + 5)
                            | trigger(at: index + 6) | trigger(at: index + 7)
                        if eight == 0 {
                            index += 8
                            continue
                        }
                        // One of the eight triggers: find it.
                        while trigger(at: index) == 0 { index += 1 }
                    } else if trigger(at: index) == 0 {
                        index += 1
                        continue
                    }
                    index = examine(index, in: buffer, syntax: syntax, readsMarkup: readsMarkup,
                                    secretManifests: secretManifests, decodable: &decodable, constants: &constants,
                                    into: &results)
                }
                if index == last {
                    _ = examine(index, in: buffer, syntax: syntax, readsMarkup: readsMarkup, secretManifests: secretManifests,
                                decodable: &decodable, constants: &constants, into: &results)
                }
            }
            if !decodable.isEmpty { decodedByName(decodable, in: buffer, into: &results) }
            if NetrcFile.mayHoldLogins(path: path, bytes: buffer) { netrcPasswords(in: buffer, path: path, into: &results) }
        }
        return results
    }

    /// The passwords of netrc entries (`machine api.heroku.com login … password …`), judged under `HOST_password`: no
    /// operator assigns them, so the sweep passes them by.
    private func netrcPasswords(in buffer: UnsafeBufferPointer<UInt8>, path: String, into results: inout [[CredentialMatch]]) {
        let name = path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...]
        let isNetrcFile = name.hasSuffix("netrc")
        for entry in NetrcFile.passwords(in: buffer, isNetrcFile: isNetrcFile) {
            // A value a token shape recognises was reported by the sweep already.
            guard !results.contains(where: { $0.contains { $0.secret.overlaps(entry.value) } }),
                  let found = entry.name.withUnsafeBufferPointer({ judge(entry.value, named: $0, isCallArgument: false, in: buffer) })
            else { continue }
            results[found.family].append(found.match)
            // In file order, as the sweep's matches are.
            results[found.family].sort { $0.secret.lowerBound < $1.secret.lowerBound }
        }
    }

    /// Looks for a credential at a trigger byte; returns where to continue.
    ///
    /// Most triggers are operators that assign no literal (`x = f(`, `name: string`): they are turned away here,
    /// before anything a match needs is set up, since this runs about once a line.
    ///
    /// `decodable` collects the literals assigned to names that decode to text, for `decodedByName` after the sweep.
    private func examine(_ index: Int, in buffer: UnsafeBufferPointer<UInt8>, syntax: AssignmentSyntax,
                         readsMarkup: Bool, secretManifests: [KubernetesSecretData.Manifest],
                         decodable: inout [DecodedNames.Candidate], constants: inout JoinedLiterals.Constants?,
                         into results: inout [[CredentialMatch]]) -> Int {
        let byte = buffer[index]
        let trigger = triggers[Int(byte)]
        if trigger & tokenTrigger != 0, index + 1 < buffer.count,
           pairContexts[Int(pairContextIndex[Int(byte) | Int(buffer[index + 1]) << 8])].admits(buffer, anchorAt: index),
           let end = token(anchoredAt: index, in: buffer, into: &results) {
            return end
        }
        if trigger & operatorTrigger != 0, !secretManifests.isEmpty,
           let end = encodedSecretData(afterOperatorAt: index, in: buffer, syntax: syntax, secretManifests: secretManifests,
                                       into: &results) {
            return end
        }
        if trigger & operatorTrigger != 0, let end = templateOfConstants(afterOperatorAt: index, in: buffer, constants: &constants, into: &results) {
            return end
        }
        if trigger & operatorTrigger != 0, let value = syntax.value(afterOperatorAt: index, in: buffer) {
            if let end = encodedAssignment(of: value, at: index, in: buffer, syntax: syntax, into: &results) { return end }
            // Decoded by its name later in the file, the literal may be a key whatever it looks like as written.
            if value.count >= 16, let candidate = DecodedNames.candidate(
                value: value, in: buffer, name: { syntax.name(beforeOperatorAt: index, in: buffer) }) {
                decodable.append(candidate)
            }
            if value.count >= shortestValue,
               let end = assignment(of: value, at: index, in: buffer, syntax: syntax, readsMarkup: readsMarkup, into: &results) {
                return end
            }
        }
        if trigger & elementTrigger != 0, readsMarkup, let end = element(endingTagAt: index, in: buffer, into: &results) {
            return end
        }
        if trigger & callTrigger != 0, let end = decodedArgument(openingAt: index, in: buffer, into: &results) { return end }
        if trigger & callTrigger != 0, let end = callArgument(openingAt: index, in: buffer, into: &results) { return end }
        if trigger & fallbackTrigger != 0, let end = fallback(operatorAt: index, in: buffer, into: &results) { return end }
        return index + 1
    }

    /// Records a family's match; returns where the scan continues (past the secret).
    private func record(_ match: CredentialMatch, of family: Int, at index: Int,
                        into results: inout [[CredentialMatch]]) -> Int {
        results[family].append(match)
        return max(index + 1, match.secret.upperBound)
    }

    private func token(anchoredAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                       into results: inout [[CredentialMatch]]) -> Int? {
        for index in probesByAnchor[Int(buffer[hit])] where probes[index].admits(buffer, anchorAt: hit) {
            let shape = probes[index].shape
            guard var match = shapes[shape].match(in: buffer, anchorAt: hit) else { continue }
            if shapes[shape].yieldsToTokens,
               tokenStarts(at: match.secret.lowerBound, end: match.secret.upperBound, in: buffer) { continue }
            if match.verdict.provider == nil { match.verdict.provider = familyProviders[shapeFamilies[shape]] }
            return record(match, of: shapeFamilies[shape], at: hit, into: &results)
        }
        return nil
    }

    /// Whether a token shape recognises a credential starting exactly at `start` (within `end`): then that
    /// shape's detector reports it, and no assignment rule does.
    private func tokenStarts(at start: Int, end: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        probes.contains { probe in
            let shape = shapes[probe.shape]
            guard !shape.yieldsToTokens else { return false }
            if shape.needsBoundaryBefore {
                let hit = start + probe.anchorIndex
                return hit < buffer.count && buffer[hit] == probe.anchor && probe.admits(buffer, anchorAt: hit)
                    && shape.match(in: buffer, anchorAt: hit)?.reportAt == start
            }
            // The prefix sits inside the credential (`…-us12`, `…:AA…`): look for it within the value.
            var hit = start
            while hit < end {
                if buffer[hit] == probe.anchor, probe.admits(buffer, anchorAt: hit),
                   shape.match(in: buffer, anchorAt: hit)?.reportAt == start { return true }
                hit += 1
            }
            return false
        }
    }

    /// The assignment of `value` by the operator at `hit`, judged by the rules under the name before it.
    private func assignment(of value: Range<Int>, at hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                            syntax: AssignmentSyntax, readsMarkup: Bool, into results: inout [[CredentialMatch]]) -> Int? {
        guard isJudged(value, in: buffer), var nameRange = syntax.name(beforeOperatorAt: hit, in: buffer),
              // A URL's query parameter in docs (`?token=…&limit=10`) is judged as the URL rule judges it.
              let value = URLQuerySecretDetector.judgedValue(value, named: nameRange, in: buffer),
              // Known by where it sits, not by its name: `algolia: { apiKey }` is also how a server sets its admin key.
              !DocsSiteSearchKey.isSearchKey(named: nameRange, in: buffer)
        else { return nil }
        // `<add key="ApiSecret" value="…"/>`: the value is the setting named by the tag's key.
        if readsMarkup, let owner = markup.owner(ofAttribute: nameRange, in: buffer) {
            nameRange = owner
        } else if !readsMarkup, let entry = NameValueEntry.settingName(ofValueField: nameRange, in: buffer) {
            // `{ "key": "x-api-key", "value": "…" }`, `- name: DB_PASSWORD` over `value: …`: the entry's name.
            nameRange = entry
        }
        let direct = judge(value, named: UnsafeBufferPointer(rebasing: buffer[nameRange]), isCallArgument: false, in: buffer)
        if let direct, direct.match.verdict.provider != nil { return record(direct.match, of: direct.family, at: hit, into: &results) }
        // `"AzureOpenAI": { "Key": "…" }`, `mistral:\n  api_key: …`: a setting named only for what it holds is named
        // for its provider by the object it sits in (a provider's format, where the bare name found none or a
        // generic secret).
        if NestedSettingName.isBare(buffer[nameRange]), let parent = NestedSettingName.enclosingKey(of: nameRange, in: buffer) {
            let qualified = Array(buffer[parent]) + [UInt8(ascii: "_")] + Array(buffer[nameRange])
            let found = qualified.withUnsafeBufferPointer { name in judge(value, named: name, isCallArgument: false, in: buffer) }
            if let found, found.match.verdict.provider != nil { return record(found.match, of: found.family, at: hit, into: &results) }
            // `"Jwt": { "Key": "…" }` (ASP.NET's signing key), `session:\n  secret: …`: a bare `Key` is too common a
            // name to be judged alone, but under its object it is judged like `JWT_KEY=…`.
            if direct == nil, let found { return record(found.match, of: found.family, at: hit, into: &results) }
        }
        return direct.map { record($0.match, of: $0.family, at: hit, into: &results) }
    }

    /// A base64 `data:` entry of a Kubernetes Secret (or a kubeconfig's `client-key-data:`), judged by what it decodes
    /// to under its key's name: the most severe credential the decoded text holds is reported at the encoded value,
    /// and nothing when it holds none (a decoded placeholder). A SealedSecret's `encryptedData:` entry is passed over. Nil, for the value to be judged as
    /// written, when it is no such entry or does not decode.
    private func encodedSecretData(afterOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>, syntax: AssignmentSyntax,
                                   secretManifests: [KubernetesSecretData.Manifest],
                                   into results: inout [[CredentialMatch]]) -> Int? {
        guard let manifest = secretManifests.first(where: { $0.range.contains(hit) }),
              let read = syntax.value(afterOperatorAt: hit, in: buffer)
                ?? KubernetesSecretData.quotedValue(afterOperatorAt: hit, in: buffer),
              let name = syntax.name(beforeOperatorAt: hit, in: buffer),
              let entry = KubernetesSecretData.entry(named: name, in: manifest, of: buffer)
        else { return nil }
        // Sealed for the cluster's controller alone: committing it is what sealing is for.
        let value = KubernetesSecretData.wholeValue(read, in: buffer)
        if case .sealed = entry { return max(hit + 1, value.upperBound) }
        guard let decoded = KubernetesSecretData.decodedText(of: value, in: buffer) else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[name]), as: UTF8.self)
        judgeDecoded(decoded, named: key, encodedAt: value, place: manifest.encodedPlace, hit: hit, into: &results)
        return max(hit + 1, value.upperBound)
    }

    /// Records the most severe credential that `decoded`, the text the encoded literal at `value` stands for, holds:
    /// a one-line value is read as the setting it was (`DB_PASSWORD: …`), a file's content (`config.json`, `tls.key`,
    /// `.dockerconfigjson`) as that file, named by its key. Nothing for text that holds none (a decoded placeholder).
    private func judgeDecoded(_ decoded: [UInt8], named key: String, encodedAt value: Range<Int>, place: String, hit: Int,
                              into results: inout [[CredentialMatch]]) {
        let text = decoded.contains(UInt8(ascii: "\n")) ? decoded : Array(key.utf8) + Array(": ".utf8) + decoded
        let path = decoded.contains(UInt8(ascii: "\n")) ? key : "secret.yaml"
        let found = scan(text, path: path, decodesSecretData: false).enumerated()
            .flatMap { family, matches in matches.map { (family: family, verdict: $0.verdict) } }
        if let worst = found.max(by: { Self.severity($0.verdict) < Self.severity($1.verdict) }) {
            var verdict = worst.verdict
            verdict.label += " (\(place))"
            _ = record(CredentialMatch(reportAt: value.lowerBound, secret: value, verdict: verdict), of: worst.family, at: hit,
                       into: &results)
        }
    }

    /// A literal assigned to a name that says it is encoded (`_OPENAI_KEY_B64 = "c2st…"`, `STRIPE_KEY_HEX = "736b…"`),
    /// judged by what it decodes to under the name without its ending. Nil, for the value to be judged as written,
    /// when the name says no encoding or the value decodes to no text.
    private func encodedAssignment(of value: Range<Int>, at hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                                   syntax: AssignmentSyntax, into results: inout [[CredentialMatch]]) -> Int? {
        guard value.count >= 16, let name = syntax.name(beforeOperatorAt: hit, in: buffer) else { return nil }
        // Swift's `Data(base64Encoded: "…")`: the argument label reads as a name, and says the literal is base64.
        if EncodedLiteral.isBase64EncodedLabel(UnsafeBufferPointer(rebasing: buffer[name])) {
            guard let decoded = EncodedLiteral.decodedText(of: value, in: buffer, encoding: .base64) else { return nil }
            judgeDecoded(decoded, named: "value", encodedAt: value, place: Self.place(of: .base64), hit: hit, into: &results)
            return max(hit + 1, value.upperBound)
        }
        guard let (encoding, bare) = EncodedLiteral.encoding(ofName: UnsafeBufferPointer(rebasing: buffer[name])),
              let decoded = EncodedLiteral.decodedText(of: value, in: buffer, encoding: encoding)
        else {
            // `"apiKey": "\u0073\u006b-proj-…"`: escapes the language decodes, judged as the text they spell.
            guard let unescaped = EncodedLiteral.unescapedText(of: value, in: buffer) else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[name]), as: UTF8.self)
            judgeDecoded(unescaped, named: key, encodedAt: value, place: "written as string escapes", hit: hit, into: &results)
            return max(hit + 1, value.upperBound)
        }
        let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[name.lowerBound..<(name.lowerBound + bare.upperBound)]), as: UTF8.self)
        judgeDecoded(decoded, named: key, encodedAt: value, place: Self.place(of: encoding), hit: hit, into: &results)
        return max(hit + 1, value.upperBound)
    }

    /// A template literal assigned (`const key = \`${prefix}${rest}\``, `apiKey: \`sk-proj-${rest}\``) whose
    /// interpolations are all literals or names the file gives a string literal (`const rest = "…"`): the value it
    /// makes is judged as written, and a provider's format in it is reported at the template. Nil when the operator
    /// assigns no template, or one interpolating anything else (`${process.env.OPENAI_API_KEY}`, a runtime value).
    private func templateOfConstants(afterOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                                     constants: inout JoinedLiterals.Constants?, into results: inout [[CredentialMatch]]) -> Int? {
        var open = hit + 1
        while open < buffer.count, buffer[open] == UInt8(ascii: " ") { open += 1 }
        guard open < buffer.count, buffer[open] == UInt8(ascii: "`"),
              let (joined, close) = JoinedLiterals.templateOfConstants(openingAt: open, in: buffer, constants: &constants)
        else { return nil }
        let found = joined.withUnsafeBufferPointer { value in
            var found: (family: Int, verdict: CredentialVerdict)?
            // The token shapes alone, at each anchor of the value: a name-based rule has no name to go by here.
            for index in 0..<max(0, value.count - 1) where triggers[Int(value[index])] & tokenTrigger != 0
                && pairContexts[Int(pairContextIndex[Int(value[index]) | Int(value[index + 1]) << 8])].admits(value, anchorAt: index)
            {
                var local = noMatches
                guard token(anchoredAt: index, in: value, into: &local) != nil,
                      let family = local.indices.first(where: { !local[$0].isEmpty }),
                      let match = local[family].first, match.verdict.confidence == .providerShaped
                else { continue }
                found = (family, match.verdict)
                break
            }
            return found
        }
        guard let found else { return nil }
        var verdict = found.verdict
        verdict.label += " (joined in a template literal)"
        return record(CredentialMatch(reportAt: open, secret: open..<(close + 1), verdict: verdict), of: found.family, at: hit,
                      into: &results)
    }

    /// A literal handed to a decoder call (`base64.b64decode("c2st…")`, `Buffer.from("…", "hex")`), judged by what it
    /// decodes to: a provider's format is recognised in it whatever it is assigned to.
    private func decodedArgument(openingAt open: Int, in buffer: UnsafeBufferPointer<UInt8>,
                                 into results: inout [[CredentialMatch]]) -> Int? {
        var quoteAt = open + 1
        while quoteAt < buffer.count, buffer[quoteAt] == UInt8(ascii: " ") { quoteAt += 1 }
        guard let value = calls.literal(at: quoteAt, in: buffer), value.count >= 16,
              let callee = calls.callee(beforeParenAt: open, in: buffer),
              let encoding = EncodedLiteral.encoding(
                  ofCallee: UnsafeBufferPointer(rebasing: buffer[callee]),
                  before: UnsafeBufferPointer(rebasing: buffer[max(0, callee.lowerBound - 24)..<callee.lowerBound]),
                  after: UnsafeBufferPointer(rebasing: buffer[value.upperBound..<min(buffer.count, value.upperBound + 24)])),
              let decoded = EncodedLiteral.decodedText(of: value, in: buffer, encoding: encoding)
        else { return nil }
        judgeDecoded(decoded, named: "value", encodedAt: value, place: Self.place(of: encoding), hit: open, into: &results)
        return max(open + 1, value.upperBound)
    }

    /// The literals of `candidates` whose names a decoder call is given (`KEY_ENC = "c2st…"` … `b64decode(KEY_ENC)`),
    /// judged by what they decode to, at the literal, in place of what they were judged as written (an entropy
    /// match under `encodedKey`, or nothing); the families changed are put back in file order.
    private func decodedByName(_ candidates: [DecodedNames.Candidate], in buffer: UnsafeBufferPointer<UInt8>,
                               into results: inout [[CredentialMatch]]) {
        var changed = false
        for candidate in candidates {
            guard let use = DecodedNames.decodedUse(of: candidate, in: buffer, calls: calls) else { continue }
            changed = true
            for family in results.indices { results[family].removeAll { $0.secret == candidate.value } }
            let key = String(decoding: UnsafeBufferPointer(rebasing: buffer[candidate.name]), as: UTF8.self)
            judgeDecoded(use.text, named: key, encodedAt: candidate.value, place: Self.place(of: use.encoding), hit: use.at,
                         into: &results)
        }
        guard changed else { return }
        for family in results.indices where results[family].count > 1 { results[family].sort { $0.reportAt < $1.reportAt } }
    }

    private static func place(of encoding: EncodedLiteral.Encoding) -> String {
        encoding == .base64 ? "base64 in code" : "hex in code"
    }

    /// Orders verdicts by what their findings demand: the tier, then a provider's format over entropy alone.
    private static func severity(_ verdict: CredentialVerdict) -> Int {
        let tier = switch verdict.tier {
        case .critical: 2
        case .high: 1
        case .low: 0
        }
        return tier * 2 + (verdict.confidence == .providerShaped ? 1 : 0)
    }

    /// The text of an XML element (`<password>…</password>`, `<string name="client_secret">…</string>`), judged
    /// by the rules under the setting's name.
    private func element(endingTagAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                         into results: inout [[CredentialMatch]]) -> Int? {
        guard let (name, value) = markup.element(endingTagAt: hit, in: buffer),
              let (family, match) = judge(value, named: UnsafeBufferPointer(rebasing: buffer[name]), isCallArgument: false,
                                          in: buffer)
        else { return nil }
        return record(match, of: family, at: hit, into: &results)
    }

    /// A literal passed straight to a call: judged by the rules with the callee as its name, so
    /// `cohere.Client("…")` is judged like `COHERE_API_KEY = "…"`.
    private func callArgument(openingAt open: Int, in buffer: UnsafeBufferPointer<UInt8>,
                              into results: inout [[CredentialMatch]]) -> Int? {
        var quoteAt = open + 1
        while quoteAt < buffer.count, buffer[quoteAt] == UInt8(ascii: " ") { quoteAt += 1 }
        var followsAccountSID = false
        // PHP's `define('MISTRAL_API_KEY', '…')` names its second argument with its first, as an assignment would;
        // so does an environment lookup its default (`env('TWILIO_AUTH_TOKEN', '…')`).
        var definedName: Range<Int>?
        var looksUp = false
        for argument in 0..<4 {
            guard let value = calls.literal(at: quoteAt, in: buffer) else { return nil }
            if argument == 1, let definedName {
                let found = judgeDefault(value, named: definedName, isLookup: looksUp, in: buffer)
                if let found { return record(found.match, of: found.family, at: open, into: &results) }
            } else if value.count >= shortestCallLiteral, !looksUp {
                if followsAccountSID {
                    let found = Self.accountTokenName.withUnsafeBufferPointer { name in
                        judge(value, named: name, isCallArgument: true, in: buffer)
                    }
                    if let found { return record(found.match, of: found.family, at: open, into: &results) }
                } else if let callee = calls.callee(beforeParenAt: open, in: buffer),
                          let found = judge(value, named: UnsafeBufferPointer(rebasing: buffer[callee]),
                                            isCallArgument: true, in: buffer) {
                    return record(found.match, of: found.family, at: open, into: &results)
                }
            }
            followsAccountSID = TwilioCredentialDetector.isAccountSID(buffer, value)
            if argument == 0, let callee = calls.callee(beforeParenAt: open, in: buffer) {
                looksUp = fallbacks.isLookup(callee, in: buffer)
                if looksUp || (callee.count == 6 && Self.defineCallee.elementsEqual(buffer[callee])) { definedName = value }
                // `getenv('JWT_SECRET') ?: '…'`, `os.getenv("X") or "…"`, `env("X", default="…")`.
                if looksUp, let quote = fallbacks.defaultQuote(afterNameClosingAt: value.upperBound, calleeStart: callee.lowerBound, in: buffer) {
                    guard let fallback = calls.literal(at: quote, in: buffer),
                          let found = judgeDefault(fallback, named: value, isLookup: true, in: buffer) else { return nil }
                    return record(found.match, of: found.family, at: open, into: &results)
                }
            }
            guard let next = calls.nextLiteral(afterClosingQuoteAt: value.upperBound, in: buffer) else { return nil }
            quoteAt = next
        }
        return nil
    }

    /// A literal after a fallback operator (`||`, `??`, `?:`) whose other side is a member or a subscript
    /// (`process.env.SESSION_SECRET || '…'`, `ENV['API_TOKEN'] || '…'`), judged under the name looked up.
    private func fallback(operatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>,
                          into results: inout [[CredentialMatch]]) -> Int? {
        guard hit + 1 < buffer.count, let quote = fallbacks.valueAfter(operatorAt: hit, length: 2, in: buffer),
              let value = calls.literal(at: quote, in: buffer), value.count >= shortestValue,
              let name = fallbacks.nameBefore(operatorAt: hit, in: buffer),
              let found = judgeDefault(value, named: name, isLookup: true, in: buffer)
        else { return nil }
        return record(found.match, of: found.family, at: hit, into: &results)
    }

    /// A default judged under the name it stands in for; a lookup's local default (`'django-insecure-…'`,
    /// `'dev-secret'`) is no credential.
    private func judgeDefault(_ value: Range<Int>, named name: Range<Int>, isLookup: Bool,
                              in buffer: UnsafeBufferPointer<UInt8>) -> (family: Int, match: CredentialMatch)? {
        if isLookup, EnvironmentFallback.isLocalDefault(buffer, value) { return nil }
        return judge(value, named: UnsafeBufferPointer(rebasing: buffer[name]), isCallArgument: false, in: buffer)
    }

    private static let defineCallee = Array("define".utf8)

    /// Whether `value` holds none of the bytes every rule refuses (most string literals are prose, with spaces).
    @inline(__always)
    private func isJudged(_ value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        !value.contains { refusedByAllRules.contains(buffer[$0]) }
    }

    /// The first rule that recognises `value` under `name`, unless a token shape claims the value.
    private func judge(_ value: Range<Int>, named name: UnsafeBufferPointer<UInt8>, isCallArgument: Bool,
                       in buffer: UnsafeBufferPointer<UInt8>) -> (family: Int, match: CredentialMatch)? {
        guard value.count >= shortestValue, isJudged(value, in: buffer),
              let first = rules.indices.first(where: {
                  value.count >= rules[$0].minimumLength && rules[$0].plausible(buffer, value)
              })
        else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count) { storage in
            let assigned = AssignedName(raw: name, storage: storage, isCallArgument: isCallArgument)
            for index in rules.indices[first...] where value.count >= rules[index].minimumLength {
                guard index == first || rules[index].plausible(buffer, value),
                      var verdict = rules[index].matches(assigned, buffer, value)
                else { continue }
                if tokenStarts(at: value.lowerBound, end: value.upperBound, in: buffer) { return nil }
                if verdict.provider == nil { verdict.provider = familyProviders[ruleFamilies[index]] }
                let match = CredentialMatch(reportAt: value.lowerBound, secret: value, verdict: verdict)
                return (ruleFamilies[index], match)
            }
            return nil
        }
    }
}

/// A credential detector's place among the engine's families: its type, and which of the type's detectors it is.
private struct FamilyKey: Equatable {
    let type: ObjectIdentifier
    let variant: Int

    init<Detector: CredentialDetector>(_ detector: Detector) {
        type = ObjectIdentifier(Detector.self)
        variant = detector.variant
    }
}

/// What the token shapes sharing an anchor pair allow around it: the byte before the anchor and the one after the
/// pair. Most anchor pairs in ordinary text are word fragments (`config` holds the `ig` of `figd_`, `ghost` the
/// `ho` of `gho_`), turned away here before any shape is asked.
private struct PairContext {
    private(set) var before: ByteSet
    private(set) var afterNext: ByteSet

    init(before: ByteSet, afterNext: ByteSet) {
        self.before = before
        self.afterNext = afterNext
    }

    mutating func formUnion(before: ByteSet, afterNext: ByteSet) {
        self.before.formUnion(before)
        self.afterNext.formUnion(afterNext)
    }

    /// Whether some shape could match around the anchor at `index` (a byte past the buffer's end is left to the
    /// shapes, which refuse a prefix that does not fit).
    @inline(__always)
    func admits(_ buffer: UnsafeBufferPointer<UInt8>, anchorAt index: Int) -> Bool {
        (index == 0 || before.contains(buffer[index - 1]))
            && (index + 2 >= buffer.count || afterNext.contains(buffer[index + 2]))
    }
}

/// What kind of text a file holds, as far as reading assignments goes.
enum SecretFileKind {
    /// Extensions of programming languages, where an unquoted word after `=` is an identifier, not a value.
    private static let codeExtensions: Set<String> = [
        "py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "rb", "java", "kt", "kts", "cs",
        "rs", "swift", "php", "c", "h", "cc", "cpp", "hpp", "m", "mm", "scala", "dart", "lua", "pl", "r", "jl",
        "ex", "exs", "erl", "clj", "groovy", "vue", "svelte", "astro", "sql",
    ]

    /// The same extensions packed for a lookup from the path's bytes (all are at most 7 bytes).
    private static let packedCodeExtensions = Set(codeExtensions.compactMap { PathBytes.packed($0.utf8) })

    /// Whether unquoted values count in this file (config, shell, docs) or only quoted ones (code).
    static func allowsBareValues(path: String) -> Bool {
        // Every file's path is asked: an ASCII file name is answered from its bytes, without splitting the path.
        let fromBytes: Bool? = PathBytes.with(path) { path in
            guard let name = path.fileName else { return true }
            guard path.isASCII(name) else { return nil }
            guard let dot = path.lastIndex(of: UInt8(ascii: "."), in: name), dot != name.lowerBound else { return true }
            guard let packed = path.packedLowercased((dot + 1)..<name.upperBound) else { return true }
            return !packedCodeExtensions.contains(packed)
        }
        // Beyond ASCII, by String's rules (grapheme clusters, Unicode lower-casing), as the bytes cannot say.
        return fromBytes ?? allowsBareValuesByStrings(path: path)
    }

    /// `allowsBareValues` by `String` operations on the path's file name.
    static func allowsBareValuesByStrings(path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return true }
        return !codeExtensions.contains(name[name.index(after: dot)...].lowercased())
    }
}

extension SecretFileKind {
    /// Directory names that hold recorded or made-up test data: HTTP cassettes, fixtures, snapshots.
    private static let fixtureDirectories: Set<String> = [
        "fixtures", "fixture", "__fixtures__", "cassettes", "vcr_cassettes", "cassette", "testdata", "test_data",
        "__snapshots__", "snapshots", "__mocks__", "mocks", "stubs", "recordings",
    ]

    /// Directories of test code, as `paths.tests` lists them by default (`PathSettings.defaultTestPatterns`,
    /// which this module cannot see): at the top, or anywhere for all but `test` and `spec` (`app/api/test/route.ts`
    /// is a production route).
    private static let topTestDirectories: Set<String> = ["test", "spec"]
    private static let testDirectories: Set<String> = [
        "tests", "__tests__", "testdata", "__mocks__", "e2e", "cypress", "playwright",
    ]
    private static let testFileMarks = [".test.", ".spec.", ".cy."]
    private static let testFileEndings = ["_test.go", "_test.py", "_test.rb", "_spec.rb"]
    private static let testClassEndings = ["Test.", "Tests."]
    private static let testClassExtensions: Set<String> = ["java", "kt", "cs", "swift", "php"]

    /// Whether the file is test code or its data, where a token made to be rejected (an expired one) lives.
    static func isTestCode(path: String) -> Bool {
        if isFixture(path: path) { return true }
        let components = path.split(separator: "/")
        guard let name = components.last else { return false }
        let directories = components.dropLast()
        if let top = directories.first, topTestDirectories.contains(top.lowercased()) { return true }
        if directories.contains(where: { testDirectories.contains($0.lowercased()) }) { return true }
        if zip(directories, directories.dropFirst()).contains(where: { $0 == "src" && $1 == "test" }) { return true }
        let lowered = name.lowercased()
        if testFileMarks.contains(where: lowered.contains) || testFileEndings.contains(where: lowered.hasSuffix)
            || (lowered.hasPrefix("test_") && lowered.hasSuffix(".py")) || lowered == "conftest.py"
            // A Django app's tests module (`notes/tests.py`).
            || lowered == "tests.py" { return true }
        guard let dot = name.lastIndex(of: "."), testClassExtensions.contains(name[name.index(after: dot)...].lowercased())
        else { return false }
        return testClassEndings.contains { name[...dot].hasSuffix($0) }
    }

    /// Whether the file is test data, where an entropy-only match is worth a look but not a sign-off.
    static func isFixture(path: String) -> Bool {
        let components = path.lowercased().split(separator: "/")
        if components.last?.hasSuffix(".snap") == true { return true }
        return components.dropLast().contains { fixtureDirectories.contains(String($0)) }
    }
}

/// Text a user wrote, quoted back to them (a policy error naming a mistyped value), with every credential the secret
/// detectors recognise redacted as their findings' evidence is.
public enum CredentialRedaction {
    public static func redacting(in text: String) -> String {
        SecretEngine.redactingCredentials(in: text, readAs: ".gate/policy.yml")
    }
}
