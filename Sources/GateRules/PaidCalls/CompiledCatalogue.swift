import Foundation

/// FNV-1a over bytes, optionally ASCII-lowercased; keys lookups without allocating strings.
@inline(__always)
func byteHash(_ bytes: [UInt8], _ range: Range<Int>, lowercased: Bool) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in range {
        let byte = lowercased ? Byte.lower(bytes[index]) : bytes[index]
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
}

/// A call shape, split into lowercased segments.
struct CompiledShape: Sendable {
    let provider: Int
    let segments: [[UInt8]]
    let isBatch: Bool
    /// The hash of the segment before the last (0 for a shape of one segment): dozens of shapes end alike
    /// (`create`), and a chain is compared only with those whose segment before the last it spells.
    let penultimateHash: UInt64

    init(provider: Int, segments: [[UInt8]], isBatch: Bool) {
        self.provider = provider
        self.segments = segments
        self.isBatch = isBatch
        let penultimate = segments.count >= 2 ? segments[segments.count - 2] : []
        penultimateHash = segments.count >= 2 ? byteHash(penultimate, 0..<penultimate.count, lowercased: false) : 0
    }
}

/// A provider catalogue prepared for fast matching: hash tables for call shapes and symbols, normalised
/// import paths, host patterns, and a keyword prefilter that rejects most files in one pass.
final class CompiledCatalogue: @unchecked Sendable {
    let providers: [Provider]
    /// Shapes keyed by the hash of their last segment (lowercased).
    let shapesByLastSegment: [UInt64: [CompiledShape]]
    /// The last segment of a shape that calls an object its provider made (`ChainOfThought.__call__`: `qa(…)` after
    /// `qa = dspy.ChainOfThought(…)`), as Python names calling an object.
    static let objectCall = Array("__call__".utf8)
    /// The shapes ending in `__call__`, for the objects a file calls while their provider is in scope.
    let objectCallShapes: [CompiledShape]
    /// The shapes of the last segments, in any case: rejects most callees before they are hashed.
    let lastSegmentEnds: WordEnds
    /// Providers keyed by the hash of a symbol (case-sensitive).
    let providersBySymbol: [UInt64: [(provider: Int, symbol: [UInt8])]]
    /// Import prefixes per provider, lowercased, with `.`, `\`, `::` and `/` all written `/`.
    let imports: [[[UInt8]]]
    /// The providers with an import prefix, ascending, by the hash of the prefixes' first segment (before the first
    /// `/`): a module lies under a prefix only if their first segments are equal, so each module an import names
    /// is compared with the few prefixes of its own first segment, not with every provider's.
    private let importersByFirstSegment: [UInt64: [Int]]
    /// Host patterns per provider, lowercased.
    let hosts: [(provider: Int, pattern: [UInt8])]
    let prefilter: KeywordPrefilter
    /// The keywords `prefilter` looks for: a file naming none of them names no provider.
    let prefilterKeywords: [[UInt8]]
    /// The prefilter's keywords (group 0) with those of HTTP clients (group 1): one pass tells whether a file
    /// names a provider or, failing that, sends requests whose URLs may be constants of another file.
    let providersOrRequests: KeywordPrefilter
    /// Provider ids without punctuation, lowercased (`awsbedrock`), to recognise them in variable names.
    let providerNames: [[UInt8]]
    /// What a file's bytes prove about its SDK calls before it is lexed.
    let mentions: ProviderMentions
    /// The symbols' shapes: nearly every identifier of a file is no symbol, and this rejects most of them before
    /// they are hashed.
    private let symbolEnds: WordEnds

    /// Whether `provider` publishes a package for `language` (or publishes none: an API called over HTTP is the same
    /// in every language).
    func hasPackage(for provider: Int, in language: SourceLanguage) -> Bool {
        let ecosystems = providers[provider].packages.keys
        return ecosystems.isEmpty || ecosystems.contains { Self.ecosystem($0, serves: language) }
    }

    /// Whether a package registry's packages are used from `language`.
    private static func ecosystem(_ registry: String, serves language: SourceLanguage) -> Bool {
        switch registry {
        case "npm": language.isJavaScriptLike
        case "pypi": language == .python
        case "go": language == .go
        case "rubygems": language == .ruby
        case "maven": language == .java || language == .kotlin
        case "nuget": language == .csharp
        case "composer": language == .php
        case "swift": language == .swift
        case "cargo": language == .rust
        case "hex": language == .elixir
        // A registry this list does not know: its packages may be used from anywhere.
        default: true
        }
    }

    init(_ providers: [Provider]) {
        self.providers = providers
        var shapes: [UInt64: [CompiledShape]] = [:]
        var symbols: [UInt64: [(Int, [UInt8])]] = [:]
        var imports: [[[UInt8]]] = []
        var hosts: [(Int, [UInt8])] = []
        var needles: [[UInt8]] = []
        for (index, provider) in providers.enumerated() {
            for (calls, isBatch) in [(provider.calls, false), (provider.batchCalls, true)] {
                for call in calls {
                    let segments = CompiledCatalogue.segments(call)
                    guard let last = segments.last else { continue }
                    shapes[byteHash(last, 0..<last.count, lowercased: false), default: []]
                        .append(CompiledShape(provider: index, segments: segments, isBatch: isBatch))
                    // Distinctive shapes match without an import, so their inner segments must pass the prefilter.
                    // (An object's call, `dspy.Module.__call__`, is recognised only with its provider in scope.)
                    if segments.count >= 3, last != CompiledCatalogue.objectCall {
                        needles += segments.dropFirst().dropLast().filter { $0.count >= 6 }
                    }
                }
            }
            for symbol in provider.effectiveSymbols {
                let bytes = Array(symbol.utf8)
                symbols[byteHash(bytes, 0..<bytes.count, lowercased: false), default: []].append((index, bytes))
                if bytes.count >= 4 { needles.append(bytes) }
            }
            let normalized = provider.effectiveImports.map { CompiledCatalogue.normalizeModule(Array($0.utf8)) }
            imports.append(normalized)
            for module in provider.effectiveImports {
                let bytes = Array(module.utf8)
                if bytes.count >= 4 {
                    needles.append(bytes)
                } else {
                    // Short package names ("ai") are only distinctive as quoted import specifiers, or behind Deno's
                    // registry or a CDN's host with a version (`npm:ai`, `https://esm.sh/ai@3`).
                    for quote in ["\"", "'"] {
                        needles.append(Array((quote + module + quote).utf8))
                        needles.append(Array((quote + module + "/").utf8))
                    }
                    needles += [Array(("npm:" + module).utf8), Array(("/" + module + "@").utf8)].filter { $0.count >= 4 }
                }
            }
            for host in provider.hosts {
                let pattern = Array(host.lowercased().utf8)
                hosts.append((index, pattern))
                let longest = pattern.split(separator: Byte.star).max { $0.count < $1.count } ?? []
                if longest.count >= 4 { needles.append(Array(longest)) }
            }
        }
        shapesByLastSegment = shapes
        objectCallShapes = shapes[byteHash(Self.objectCall, 0..<Self.objectCall.count, lowercased: false)] ?? []
        lastSegmentEnds = WordEnds(shapes.values.joined().compactMap(\.segments.last), caseInsensitive: true)
        providerNames = providers.map { Array($0.id.lowercased().utf8.filter { $0 != Byte.minus }) }
        needles += providerNames.filter { $0.count >= 4 }
        // Requests to a variable host are recognised by their path (HTTPRequestSites.pathOwner).
        needles += CompiledCatalogue.paidPathNeedles.map { Array($0.utf8) }
        needles += ModelIdentifiers.needles  // model ids attribute calls whose client type is not visible
        providersBySymbol = symbols.mapValues { $0.map { (provider: $0.0, symbol: $0.1) } }
        symbolEnds = WordEnds(symbols.values.joined().map(\.1))
        self.imports = imports
        var importers: [UInt64: [Int]] = [:]
        for (provider, prefixes) in imports.enumerated() {
            for prefix in Set(prefixes.map(CompiledCatalogue.firstSegmentHash)) where importers[prefix]?.last != provider {
                importers[prefix, default: []].append(provider)
            }
        }
        importersByFirstSegment = importers
        let namedHosts = hosts.map { (provider: $0.0, pattern: $0.1) }
        self.hosts = namedHosts
        prefilterKeywords = needles
        prefilter = KeywordPrefilter(needles)
        providersOrRequests = KeywordPrefilter(groups: [needles, HTTPRequestSites.requestWords])
        mentions = ProviderMentions(
            providers: providers, shapes: shapes, symbols: symbols.values.joined().map(\.1), providerNames: providerNames,
            hosts: namedHosts, imports: imports)
    }

    /// Path fragments only paid APIs serve, so files that build such URLs on a variable host pass the prefilter.
    static let paidPathNeedles = [
        "chat/completions", "generatecontent", "embedcontent", "v1/messages", "v1/embeddings", "v1/completions",
        "images/generations", "audio/transcriptions", "audio/speech", "v1/responses",
    ]

    /// The part of an identifier token a call shape's segment names: Ruby's and Elixir's names may end in `!`, the
    /// variant of a method that raises instead of returning an error (`add_message_and_run!`, `Req.post!`), which
    /// sends the same request, so it matches the shape without it. A `?` method is a predicate and keeps its `?`, so
    /// it never matches (shapes have no `?`). Only those lexers put a `!` in an identifier.
    @inline(__always)
    static func shapeNameRange(_ bytes: [UInt8], _ token: Token) -> Range<Int> {
        token.end - token.start > 1 && bytes[token.end - 1] == UInt8(ascii: "!") ? token.start..<(token.end - 1) : token.start..<token.end
    }

    /// `chat.completions.create`, `OpenAI::Client.new`, `$a->b` → lowercased segments.
    static func segments(_ call: String) -> [[UInt8]] {
        var segments: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in call.utf8 {
            if Byte.isIdentifierPart(byte) || byte == Byte.dollar {
                current.append(Byte.lower(byte))
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    /// Lowercases a module path and writes every separator as `/`; a Deno or CDN specifier (`npm:openai@4`,
    /// `https://esm.sh/openai@4.20.0`) is its package's path.
    static func normalizeModule(_ bytes: [UInt8]) -> [UInt8] {
        if let package = RemotePackageSpecifiers.packagePath(bytes) { return normalizedPath(package) }
        return normalizedPath(bytes)
    }

    private static func normalizedPath(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.dot || byte == Byte.backslash || byte == Byte.slash {
                result.append(Byte.slash)
            } else if byte == Byte.colon {
                if index + 1 < bytes.count, bytes[index + 1] == Byte.colon { index += 1 }
                result.append(Byte.slash)
            } else {
                result.append(Byte.lower(byte))
            }
            index += 1
        }
        return result
    }

    /// The hash of a normalised module's bytes before its first `/` (all of them when it has none).
    private static func firstSegmentHash(_ module: [UInt8]) -> UInt64 {
        byteHash(module, 0..<(module.firstIndex(of: Byte.slash) ?? module.count), lowercased: false)
    }

    /// The providers whose import prefix `module` (normalised) is or lies under.
    func providers(importing module: [UInt8]) -> [Int] {
        guard let candidates = importersByFirstSegment[CompiledCatalogue.firstSegmentHash(module)] else { return [] }
        var result: [Int] = []
        for provider in candidates {
            let prefixes = imports[provider]
            for prefix in prefixes where module.count >= prefix.count && module[0..<prefix.count].elementsEqual(prefix)
                && (module.count == prefix.count || module[prefix.count] == Byte.slash)
            {
                result.append(provider)
                break
            }
        }
        return result
    }

    /// The provider one of whose symbols token `index` is exactly (`OpenAI`, `AsyncAnthropic`), if any.
    func provider(symbolAt index: Int, in lexed: LexedSource) -> Int? {
        let token = lexed.tokens[index]
        guard token.kind == .identifier else { return nil }
        return symbolEntries(lexed.bytes, token.start..<token.end)?.first?.provider
    }

    /// The catalogue's entries whose symbol `bytes[range]` is exactly (one symbol may name several providers),
    /// or nil, which is the answer for nearly every identifier and is found without hashing most of them.
    @inline(__always)
    func symbolEntries(_ bytes: [UInt8], _ range: Range<Int>) -> [(provider: Int, symbol: [UInt8])]? {
        guard symbolEnds.mayContain(bytes, range), let entries = providersBySymbol[byteHash(bytes, range, lowercased: false)]
        else { return nil }
        let name = bytes[range]
        let matching = entries.filter { name.elementsEqual($0.symbol) }
        return matching.isEmpty ? nil : matching
    }

    /// The provider whose host pattern matches `host` (lowercased), if any.
    func provider(forHost host: ArraySlice<UInt8>) -> Int? {
        for (provider, pattern) in hosts where CompiledCatalogue.host(host, matches: pattern[...]) { return provider }
        return nil
    }

    /// Exact, subdomain, or `*` (one or more labels) match.
    static func host(_ host: ArraySlice<UInt8>, matches pattern: ArraySlice<UInt8>) -> Bool {
        if let star = pattern.firstIndex(of: Byte.star) {
            let prefix = pattern[pattern.startIndex..<star]
            let suffix = pattern[(star + 1)...]
            guard host.count > prefix.count + suffix.count, host.starts(with: prefix) else { return false }
            return host.suffix(suffix.count).elementsEqual(suffix)
        }
        if host.elementsEqual(pattern) { return true }
        guard host.count > pattern.count + 1 else { return false }
        let tail = host.suffix(pattern.count)
        return tail.elementsEqual(pattern) && host[host.endIndex - pattern.count - 1] == Byte.dot
    }

    private static let lock = NSLock()
    /// The last catalogue asked for, under the list it was last asked with. A check asks a few times (the built-in
    /// providers compiled at start-up, then the policy's copy of them for the code index and the scanner's context,
    /// which the detectors then read instead of asking here): two lists sharing their storage compare at once, where
    /// equal lists built apart compare provider by provider, some hundred thousand instructions a question. So an
    /// equal list takes the key's place, and the next question is answered at once.
    nonisolated(unsafe) private static var cached: (providers: [Provider], catalogue: CompiledCatalogue)?

    /// The compiled form of `providers`, compiled once per distinct catalogue.
    static func compiled(for providers: [Provider]) -> CompiledCatalogue {
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.providers == providers {
            self.cached = (providers, cached.catalogue)
            return cached.catalogue
        }
        let compiled = CompiledCatalogue(providers)
        cached = (providers, compiled)
        return compiled
    }
}

/// Finds whether any of many keywords occurs in a byte buffer (ASCII case-insensitive), in one pass.
///
/// Every keyword is at least four bytes long, so an occurrence starting at `p` covers the four bytes at the even
/// offset `p` or `p + 1`: the scan reads only the windows of four bytes at even offsets, each as one 32-bit word,
/// folds case by setting every byte's 0x20 bit (one operation for four bytes: it lowercases letters, and the
/// other bytes it merges only cost a few more misses of the exact tests below, never a keyword), and tests a
/// hash of it against a 2^17-bit bitmap (16 KB: it stays in the first-level cache while every byte of a large
/// change is tested) of what a keyword puts there: its first four bytes, and its bytes one to four (a keyword of
/// four bytes: its last three with each of the 128 folded bytes that may follow, which is why the bitmap is
/// twice the size one bit per keyword would need).
/// Letter pairs are too common in code for a two-byte test; with a few hundred keywords a few windows in a
/// hundred hit the bitmap, and only then are the two starts the window covers tested, each against a bitmap of
/// the keywords' first four bytes alone, then lowercased exactly, looked up in a small open-addressed table
/// indexed by the same hash, and the keywords starting with it compared against the bytes that follow.
struct KeywordPrefilter: Sendable {
    private static let hashShift: UInt32 = 15
    /// Bit `slot` of the folded four bytes a keyword puts at an even offset, wherever it starts.
    private let sampled: [UInt64]
    /// Bit `slot` of each keyword's folded first four bytes: whether a keyword may start at an offset (asked where
    /// fewer than eight bytes are left).
    private let firstFour: [UInt64]
    /// `firstFour` of the keywords shorter than six bytes only.
    private let shortFirstFour: [UInt64]
    /// Bit `slot` of the folded first six bytes of each keyword of six bytes or more: code is full of words that
    /// start like a keyword (`text`, `chat`, `post`, `request`), which six bytes tell apart before a lookup.
    private let firstSix: [UInt64]
    /// The keywords' distinct first four bytes (lowercased, first byte lowest), open-addressed from the hash of
    /// their folded form; a slot is free when its range in `candidateRanges` is empty.
    private let prefixes: [UInt32]
    /// For each slot of `prefixes`, the keywords starting with that prefix: a range of `candidates`.
    private let candidateRanges: [Range<Int>]
    /// Keywords as (where their bytes after the first four start in `tails`, how many there are, their groups: bit
    /// `g` for group `g`).
    private let candidates: [(tail: Int, count: Int, groups: UInt32)]
    /// The lowercased bytes of every keyword after its first four, one after another.
    private let tails: [UInt8]
    private let slotMask: Int
    /// Every group's bit.
    private let allGroups: UInt32

    init(_ needles: [[UInt8]]) { self.init(groups: [needles]) }

    /// Several keyword sets in one table, so one pass tells which sets occur (`matchedGroups`).
    init(groups: [[[UInt8]]]) {
        var sampled = [UInt64](repeating: 0, count: 1 << (32 - Self.hashShift - 6))
        var firstFour = [UInt64](repeating: 0, count: 1 << (32 - Self.hashShift - 6))
        var shortFirstFour = firstFour
        var firstSix = firstFour
        func set(_ bitmap: inout [UInt64], _ window: UInt32) {
            let slot = KeywordPrefilter.slot(folded: window | Self.fold)
            bitmap[Int(slot >> 6)] |= 1 << UInt64(slot & 63)
        }
        var masks: [[UInt8]: UInt32] = [:]
        for (group, needles) in groups.enumerated() {
            for needle in needles where needle.count >= 4 { masks[needle.map(Byte.lower), default: 0] |= 1 << UInt32(group) }
        }
        var byPrefix: [UInt32: [(needle: [UInt8], groups: UInt32)]] = [:]
        // Sorted, so the tables are the same from run to run.
        for (needle, mask) in masks.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let prefix = KeywordPrefilter.word(needle, at: 0)
            set(&firstFour, prefix)
            if needle.count >= 6 {
                let six = KeywordPrefilter.sixSlot(folded: UInt64(prefix) | UInt64(needle[4]) << 32 | UInt64(needle[5]) << 40)
                firstSix[Int(six >> 6)] |= 1 << UInt64(six & 63)
            } else {
                set(&shortFirstFour, prefix)
            }
            set(&sampled, prefix)
            if needle.count >= 5 {
                set(&sampled, KeywordPrefilter.word(needle, at: 1))
            } else {
                // Starting one before an even offset, a keyword of four bytes leaves the window's last byte open.
                for next in 0...UInt32(255) { set(&sampled, prefix >> 8 | next << 24) }
            }
            byPrefix[prefix, default: []].append((needle, mask))
        }
        // At most a quarter full, so a lookup probes about one slot.
        var size = 16
        while size < byPrefix.count * 4 { size *= 2 }
        var prefixes = [UInt32](repeating: 0, count: size)
        var candidateRanges = [Range<Int>](repeating: 0..<0, count: size)
        var candidates: [(tail: Int, count: Int, groups: UInt32)] = []
        var tails: [UInt8] = []
        for (prefix, needles) in byPrefix.sorted(by: { $0.key < $1.key }) {
            var slot = Int(KeywordPrefilter.slot(folded: prefix | Self.fold)) & (size - 1)
            while !candidateRanges[slot].isEmpty { slot = (slot + 1) & (size - 1) }
            prefixes[slot] = prefix
            let first = candidates.count
            for (needle, mask) in needles {
                candidates.append((tails.count, needle.count - 4, mask))
                tails += needle[4...]
            }
            candidateRanges[slot] = first..<candidates.count
        }
        self.sampled = sampled
        self.firstFour = firstFour
        self.shortFirstFour = shortFirstFour
        self.firstSix = firstSix
        self.prefixes = prefixes
        self.candidateRanges = candidateRanges
        self.candidates = candidates
        self.tails = tails
        slotMask = size - 1
        allGroups = groups.isEmpty ? 0 : UInt32.max >> (32 - min(groups.count, 32))
    }

    /// Set in each byte of a window: case-folds letters in one operation.
    private static var fold: UInt32 { 0x2020_2020 }

    /// Four bytes of `bytes` from `offset` as one word, the first byte lowest (as a little-endian load reads them).
    private static func word(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    @inline(__always)
    private static func slot(folded window: UInt32) -> UInt32 { (window &* 0x9E37_79B1) >> hashShift }

    /// The six low bytes of `window` folded and hashed to a slot of the same range as `slot(folded:)`.
    @inline(__always)
    private static func sixSlot(folded window: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: (((window & 0xFFFF_FFFF_FFFF) | 0x2020_2020_2020) &* 0x9E37_79B9_7F4A_7C15) >> (32 + hashShift))
    }

    /// Whether any keyword occurs in `bytes`.
    func matches(_ bytes: [UInt8]) -> Bool { firstMatch(bytes) != nil }

    /// Where the first keyword occurrence in `bytes` starts, if any.
    func firstMatch(_ bytes: [UInt8]) -> Int? {
        var first: Int?
        scan(bytes, from: 0) { start, _ in
            first = start
            return false
        }
        return first
    }

    /// The groups (bit `g` for group `g`) whose keywords occur in `bytes`; the scan stops early once a group in
    /// `enough` is seen, or every group.
    func matchedGroups(_ bytes: [UInt8], enough: UInt32) -> UInt32 {
        var first: Int?
        return matchedGroups(bytes, enough: enough, firstEnoughAt: &first)
    }

    /// `matchedGroups`, and where the first keyword of a group in `enough` starts (nil when none occurs).
    func matchedGroups(_ bytes: [UInt8], enough: UInt32, firstEnoughAt first: inout Int?) -> UInt32 {
        var seen: UInt32 = 0
        var firstStart: Int?
        scan(bytes, from: 0) { start, groups in
            seen |= groups
            if groups & enough != 0 { firstStart = start }
            return seen & enough == 0 && seen != allGroups
        }
        first = firstStart
        return seen
    }

    /// Calls `found` with the start of each keyword occurrence in `bytes`, ascending, and the groups of the keywords
    /// starting there, until it returns false.
    func forEachMatch(_ bytes: [UInt8], from start: Int = 0, _ found: (Int, UInt32) -> Bool) {
        scan(bytes, from: start, found)
    }

    /// The offset of every keyword occurrence in `bytes`, ascending (an offset once, however many keywords
    /// start there).
    func matchStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        scan(bytes, from: 0) { start, _ in
            starts.append(start)
            return true
        }
        return starts
    }

    /// Calls `found` with the start of each keyword occurrence from `first` on, ascending, and its groups until it
    /// returns false.
    @inline(__always)
    private func scan(_ bytes: [UInt8], from first: Int, _ found: (Int, UInt32) -> Bool) {
        let count = bytes.count
        guard count >= 4 else { return }
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            sampled.withUnsafeBufferPointer { sampled in
                firstFour.withUnsafeBufferPointer { firstFour in
                shortFirstFour.withUnsafeBufferPointer { shortFirstFour in
                firstSix.withUnsafeBufferPointer { firstSix in
                    /// Whether the scan goes on after judging a keyword start at `start`.
                    func judge(_ start: Int) -> Bool {
                        let slot = KeywordPrefilter.slot(raw, at: start)
                        if start &+ 8 <= count {
                            guard KeywordPrefilter.isSet(shortFirstFour, slot)
                                || KeywordPrefilter.isSet(firstSix, KeywordPrefilter.sixSlot(folded: UInt64(
                                    littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt64.self))))
                            else { return true }
                        } else {
                            guard KeywordPrefilter.isSet(firstFour, slot) else { return true }
                        }
                        let groups = groupsStarting(at: start, slot: slot, in: buffer)
                        return groups == 0 || found(start, groups)
                    }
                    let last = count - 4
                    // The window at an even offset covers the starts at it and one before it.
                    var offset = first & ~1
                    while true {
                        offset = KeywordPrefilter.nextSampledHit(raw, count: count, sampled, from: offset)
                        guard offset <= last else { break }
                        if offset > first, !judge(offset - 1) { return }
                        if offset >= first, !judge(offset) { return }
                        offset &+= 2
                    }
                    // An odd last start's even offset is one past the last window: it is judged alone.
                    if last & 1 == 1, last >= first { _ = judge(last) }
                }
                }
                }
            }
        }
    }

    /// The slot of the folded four bytes at `offset` (little-endian: the first byte lowest, as the keywords' words
    /// are built).
    @inline(__always)
    private static func slot(_ raw: UnsafeRawPointer, at offset: Int) -> UInt32 {
        slot(folded: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) | fold)
    }

    @inline(__always)
    private static func isSet(_ bits: UnsafeBufferPointer<UInt64>, _ slot: UInt32) -> Bool {
        bits[Int(slot &>> 6)] &>> UInt64(slot & 63) & 1 != 0
    }

    /// The first even offset from `start` (even) whose window hits `sampled`, or one past the last window: the
    /// loop every byte goes through, kept apart from the rare hits so its few values stay in registers.
    @inline(__always)
    private static func nextSampledHit(
        _ raw: UnsafeRawPointer, count: Int, _ sampled: UnsafeBufferPointer<UInt64>, from start: Int
    ) -> Int {
        var offset = start
        // Two windows, at `offset` and `offset + 2`, from one eight-byte load, with one branch for both.
        while offset &+ 8 <= count {
            let eight = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                | 0x2020_2020_2020_2020
            let first = slot(folded: UInt32(truncatingIfNeeded: eight))
            let second = slot(folded: UInt32(truncatingIfNeeded: eight &>> 16))
            let hits = sampled[Int(first &>> 6)] &>> UInt64(first & 63) | sampled[Int(second &>> 6)] &>> UInt64(second & 63)
            if hits & 1 != 0 { return isSet(sampled, first) ? offset : offset &+ 2 }
            offset &+= 4
        }
        while offset &+ 4 <= count {
            if isSet(sampled, slot(raw, at: offset)) { return offset }
            offset &+= 2
        }
        return offset
    }

    /// The groups of the keywords that start at `start`, whose folded first four bytes hash to `slot`.
    private func groupsStarting(at start: Int, slot: UInt32, in buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let prefix = UInt32(Byte.lower(buffer[start])) | UInt32(Byte.lower(buffer[start + 1])) << 8
            | UInt32(Byte.lower(buffer[start + 2])) << 16 | UInt32(Byte.lower(buffer[start + 3])) << 24
        var probe = Int(slot) & slotMask
        while true {
            if candidateRanges[probe].isEmpty { return 0 }
            if prefixes[probe] == prefix { break }
            probe = (probe + 1) & slotMask
        }
        let after = start + 4
        var groups: UInt32 = 0
        for candidate in candidates[candidateRanges[probe]]
        where after + candidate.count <= buffer.count && groups | candidate.groups != groups {
            var offset = 0
            while offset < candidate.count, Byte.lower(buffer[after + offset]) == tails[candidate.tail + offset] {
                offset += 1
            }
            if offset == candidate.count { groups |= candidate.groups }
        }
        return groups
    }
}
