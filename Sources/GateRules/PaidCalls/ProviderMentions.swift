import GateCode

/// What the bytes of a JavaScript, TypeScript or Python file prove, before it is lexed, about the SDK calls and
/// scope `SiteFinder` would find in its tokens.
///
/// Real applications name providers inside other words everywhere (`stripeCustomerId` fields, imports of the
/// project's own `@/lib/ai/openai`), which the keyword prefilter cannot tell from an SDK; this reading can, as it
/// follows the lexer's rules for where an identifier starts and ends. An SDK call site, or a provider in scope,
/// needs one of these in the tokens, so a file holding none of them in its bytes has neither:
/// - a provider's symbol as a whole identifier (`OpenAI`, `generateText`, case-sensitive): symbol scope, bare SDK
///   functions, `new X(` command classes (which also need scope), clients' retry settings;
/// - an import of a provider's SDK: in JavaScript a string starting with the import path right after its quote (or
///   a regular expression's slash after `(`), in Python every name of the path as a whole identifier;
/// - a provider's directory in the file's path;
/// - a provider's name inside an identifier that a member chain continues (`openaiClient.chat…`, `getStripe().…`;
///   not `user.stripeCustomerId,` nor `onResend(id)`);
/// - a model id of a provider at the start of a string (`"claude-3-5…"`, `'o3-mini'`);
/// - the segment before the last of a distinctive shape of three segments or more as a whole identifier the shape's
///   last segment follows in a member chain (`completions.create` of `chat.completions.create`; not `sessions.length`).
///
/// What lies between two names of a chain is read as the lexer reads it only when the bytes tell it for certain
/// (white space, a group without strings, comments or other brackets); a comment there, or any other group, is
/// taken to continue the chain. A word inside a string or comment is read too (`"@/lib/ai/embed"` names the `embed`
/// function), which only ever sends a file to the whole search.
///
/// Identifier tokens start after a byte that is not part of an identifier (or at a JavaScript `$`) and end before
/// the first byte that is neither part of an identifier nor `$`; words are read at every such start, inside strings
/// and comments too, so every identifier token is read and some words that are none are. Paid URL literals (hosts,
/// paid paths) are reported apart: they need only the request search.
struct ProviderMentions: Sendable {
    /// What a file's bytes allow.
    enum Reading: Equatable {
        /// An SDK call or a provider in scope may be there: the file needs the whole search.
        case maySDK
        /// No SDK call and no provider in scope, but a paid host or path is written there: requests only.
        case paidURLLiteral
        /// Neither: only requests to URLs another file defines remain possible.
        case neither
    }

    /// Provider names inside identifiers (group 0), model ids long enough to search for anywhere (group 1), paid
    /// hosts and paths (group 2).
    private let substrings: KeywordPrefilter
    /// The segment before the last of each distinctive shape, by its hash (lowercased): the hashes of the last
    /// segments that may follow it.
    private let chainWordLasts: [UInt64: Set<UInt64>]
    private let chainWordEnds: WordEnds
    /// Model id prefixes too short (or too quoted) to search for: the identifier they start with, lowercased.
    private let modelWords: [[UInt8]]
    /// For each byte, whether it is the first of a model word in either case.
    private let modelFirsts: [Bool]
    /// The shapes of every word `word` looks up (symbols, chain words, Python import names) in any case: nearly
    /// every word of a file is none, and is passed over after two bit tests.
    private let wordShapes: WordEnds
    /// JavaScript import prefixes (normalised) by their first byte as written (a separator for a leading `/`).
    private let scriptImports: [[[UInt8]]]
    /// Bit `first << 8 | second` for the first two bytes (lowercased) a JavaScript import prefix may be written
    /// with: most strings start otherwise and are passed over after one bit test.
    private let scriptImportStarts: [UInt64]
    /// Python import prefixes as the indices of their names in `pythonNameIndex`: the first name must start a
    /// module, the others may be anywhere.
    private let pythonImports: [[Int]]
    /// The names of Python import prefixes, lowercased, by hash: each is one identifier token of an import.
    private let pythonNameIndex: [UInt64: Int]
    private let pythonNameEnds: WordEnds
    /// Whether the catalogue's words can all be read this way; a policy's provider with a three-byte host, say,
    /// cannot, and then every file gets the whole search.
    let isComplete: Bool

    /// The reading of a catalogue's providers, from the parts `CompiledCatalogue` builds of them.
    init(
        providers: [Provider], shapes: [UInt64: [CompiledShape]], symbols: [[UInt8]], providerNames: [[UInt8]],
        hosts: [(provider: Int, pattern: [UInt8])], imports: [[[UInt8]]]
    ) {
        var complete = true
        let names = providerNames.filter { $0.count >= 4 && $0.allSatisfy(Byte.isIdentifierPart) }
        var models: [[UInt8]] = []
        var words: [[UInt8]] = []
        for prefix in ModelIdentifiers.prefixes.values.joined().map({ Array($0.utf8) }) {
            // `ModelIdentifiers.names` reads a closing quote after the text: such a prefix is a whole word.
            if prefix.count >= 4, !prefix.contains(Byte.quote) {
                models.append(prefix)
                continue
            }
            let word = Array(prefix.prefix(while: Byte.isIdentifierPart)).map(Byte.lower)
            if let first = word.first, Byte.isIdentifierStart(first) { words.append(word) } else { complete = false }
        }
        var literals = CompiledCatalogue.paidPathNeedles.map { Array($0.utf8) }
        for (_, pattern) in hosts {
            let longest = Array(pattern.split(separator: Byte.star).max { $0.count < $1.count } ?? [])
            if longest.count >= 4 { literals.append(longest) } else { complete = false }
        }
        substrings = KeywordPrefilter(groups: [names, models, literals])
        modelWords = Array(Set(words)).sorted { $0.lexicographicallyPrecedes($1) }
        modelFirsts = (0...255).map { byte in words.contains { $0.first == Byte.lower(UInt8(byte)) } }
        var chainWords: [[UInt8]] = []
        var chainWordLasts: [UInt64: Set<UInt64>] = [:]
        for shape in shapes.values.joined() where shape.segments.count >= 3 && !providers[shape.provider].hosts.isEmpty {
            let word = shape.segments[shape.segments.count - 2]
            let last = shape.segments[shape.segments.count - 1]
            chainWords.append(word)
            chainWordLasts[byteHash(word, 0..<word.count, lowercased: true), default: []]
                .insert(byteHash(last, 0..<last.count, lowercased: true))
        }
        self.chainWordLasts = chainWordLasts
        chainWordEnds = WordEnds(chainWords, caseInsensitive: true)
        var byFirst = [[[UInt8]]](repeating: [], count: 256)
        var importStarts = [UInt64](repeating: 0, count: 65_536 / 64)
        var pythonImports: [[Int]] = []
        var pythonNames: [[UInt8]] = []
        var pythonNameIndex: [UInt64: Int] = [:]
        // Sorted, so the tables are the same from run to run.
        for prefix in Set(imports.joined()).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            // An empty prefix would put its provider in scope by any import.
            guard !prefix.isEmpty else {
                complete = false
                continue
            }
            func written(_ byte: UInt8) -> [UInt8] {
                byte == Byte.slash ? [Byte.dot, Byte.slash, Byte.backslash, Byte.colon] : [byte]
            }
            for first in written(prefix[0]) {
                byFirst[Int(first)].append(prefix)
                // A prefix of one byte may be followed by anything that ends a module or separates.
                for second in prefix.count > 1 ? written(prefix[1]) : (0...255).map(UInt8.init) {
                    let pair = Int(first) << 8 | Int(second)
                    importStarts[pair >> 6] |= 1 << UInt64(pair & 63)
                }
            }
            // A Python module is names joined by dots: a prefix with other bytes is never one.
            let parts = prefix.split(separator: Byte.slash, omittingEmptySubsequences: false).map(Array.init)
            guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.continuesIdentifier) }) else { continue }
            pythonImports.append(parts.map { part in
                let hash = byteHash(part, 0..<part.count, lowercased: true)
                if let known = pythonNameIndex[hash] { return known }
                pythonNameIndex[hash] = pythonNames.count
                pythonNames.append(part)
                return pythonNames.count - 1
            })
        }
        scriptImports = byFirst
        scriptImportStarts = importStarts
        self.pythonImports = pythonImports
        self.pythonNameIndex = pythonNameIndex
        pythonNameEnds = WordEnds(pythonNames, caseInsensitive: true)
        wordShapes = WordEnds(symbols + chainWords + pythonNames, caseInsensitive: true)
        isComplete = complete
    }

    /// What `bytes`, the file at `path`, allow under `catalogue` (the one this reading was built from); nil for a
    /// language this reading does not follow. `firstKeyword` is where the catalogue's prefilter first found one of
    /// its keywords (every name, model id, host and path searched for here is one of them), if the caller knows.
    func read(
        _ bytes: [UInt8], language: SourceLanguage, path: String, catalogue: CompiledCatalogue, firstKeyword: Int = 0
    ) -> Reading? {
        guard isComplete, language.isJavaScriptLike || language == .python else { return nil }
        let components = SiteFinder.componentNames(path)
        if catalogue.providerNames.contains(where: { $0.count >= 5 && components.contains($0) }) { return .maySDK }
        var literal = false
        var sdk = false
        let script = language.isJavaScriptLike
        substrings.forEachMatch(bytes, from: firstKeyword) { start, groups in
            if groups & 0b10 != 0 || groups & 1 != 0 && namedChainLinks(bytes, from: start, script: script) {
                sdk = true
                return false
            }
            // A provider's address read from a setting (`${process.env.REPLICATE_API_URL}/predictions`): requests
            // to it are the provider's (`HTTPRequestSites.providerNamingBase`).
            if groups & 0b100 != 0 || groups & 1 != 0 && Self.namesProviderAddress(bytes, from: start) { literal = true }
            return true
        }
        if !sdk { sdk = wordsMayNameSDK(bytes, script: script, catalogue: catalogue) }
        return sdk ? .maySDK : literal ? .paidURLLiteral : .neither
    }

    /// Whether the identifier starting at `start` (with a provider's name) says it holds an address (`…_API_URL`).
    private static func namesProviderAddress(_ bytes: [UInt8], from start: Int) -> Bool {
        guard start == 0 || !continuesIdentifier(bytes[start - 1]) else { return false }
        var normalized: ArraySlice<UInt8> = []
        var end = start
        while end < bytes.count, continuesIdentifier(bytes[end]), end - start < 48 {
            if bytes[end] != UInt8(ascii: "_") { normalized.append(Byte.lower(bytes[end])) }
            end += 1
        }
        return HTTPRequestSites.namesAddress(normalized)
    }

    /// Whether the identifier around `start` (where a provider's name was found) is followed by a member chain.
    private func namedChainLinks(_ bytes: [UInt8], from start: Int, script: Bool) -> Bool {
        var end = start
        while end < bytes.count, Self.continuesIdentifier(bytes[end]) { end += 1 }
        if case .none = Self.link(after: end, in: bytes, script: script) { return false }
        return true
    }

    /// Byte classes of the word scan: bits `continuesRun`, `startsRun`, `isDollar`, `opensString`.
    private static let byteClasses: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        var bits: UInt8 = 0
        if continuesIdentifier(byte) { bits |= continuesRun }
        if Byte.isIdentifierStart(byte) || byte == Byte.dollar { bits |= startsRun }
        if byte == Byte.dollar { bits |= isDollar }
        if byte == Byte.quote || byte == Byte.apostrophe || byte == Byte.backtick || byte == Byte.slash { bits |= opensString }
        return bits
    }
    private static let continuesRun: UInt8 = 1
    private static let startsRun: UInt8 = 2
    private static let isDollar: UInt8 = 4
    private static let opensString: UInt8 = 8

    /// Reads the word at every place an identifier token may start. Every byte of the file passes through here,
    /// so runs are found through a byte-class table and most are passed over by their shape alone.
    private func wordsMayNameSDK(_ bytes: [UInt8], script: Bool, catalogue: CompiledCatalogue) -> Bool {
        var pythonSeen = [UInt8](repeating: 0, count: script ? 0 : pythonNameIndex.count)
        let count = bytes.count
        let found: Bool = Self.byteClasses.withUnsafeBufferPointer { classes in
            bytes.withUnsafeBufferPointer { buffer in
                var index = 0
                while index < count {
                    let kind = classes[Int(buffer[index])]
                    guard kind & Self.startsRun != 0 else {
                        if script, kind & Self.opensString != 0, startsString(bytes, at: index),
                           importStarts(bytes, at: index + 1)
                        {
                            return true
                        }
                        index += 1
                        continue
                    }
                    // The run of identifier bytes and `$`, where the lexer's identifier ends.
                    var end = index + 1
                    var dollars = kind & Self.isDollar
                    while end < count {
                        let next = classes[Int(buffer[end])]
                        guard next & Self.continuesRun != 0 else { break }
                        dollars |= next & Self.isDollar
                        end += 1
                    }
                    // A model id is read at the start of a string only: after its quote (or a pattern's slash).
                    if dollars != 0
                        || wordShapes.mayContain(first: buffer[index], last: buffer[end - 1], count: end - index)
                        || modelFirsts[Int(buffer[index])] && index > 0 && classes[Int(buffer[index - 1])] & Self.opensString != 0
                    {
                        if judgeTokens(
                            in: bytes, index..<end, hasDollar: dollars != 0, script: script, catalogue: catalogue,
                            &pythonSeen)
                        {
                            return true
                        }
                    }
                    index = end
                }
                return false
            }
        }
        if found { return true }
        return !script && pythonImports.contains { names in
            pythonSeen[names[0]] & Self.startsModule != 0 && names.dropFirst().allSatisfy { pythonSeen[$0] != 0 }
        }
    }

    /// Judges the words of the tokens a run of identifier bytes and `$` may hold. The lexer reads a run as one
    /// identifier, except that a Python `$` outside an identifier is punctuation (a word starts after it), and a
    /// number (a digit then identifier bytes, as `9a$x`) stops at `$`, where a word starts (JavaScript: at the `$`).
    private func judgeTokens(
        in bytes: [UInt8], _ run: Range<Int>, hasDollar: Bool, script: Bool, catalogue: CompiledCatalogue,
        _ pythonSeen: inout [UInt8]
    ) -> Bool {
        var start = run.lowerBound
        if !script {
            while start < run.upperBound, bytes[start] == Byte.dollar { start += 1 }
        }
        if start < run.upperBound, word(bytes, start..<run.upperBound, script: script, catalogue: catalogue, pythonSeen: &pythonSeen) {
            return true
        }
        guard hasDollar, run.lowerBound > 0, Byte.isDigit(bytes[run.lowerBound - 1]) || bytes[run.lowerBound - 1] == Byte.dot
        else { return false }
        for dollar in (start + 1)..<max(start + 1, run.upperBound) where bytes[dollar] == Byte.dollar {
            var after = script ? dollar : dollar + 1
            while !script, after < run.upperBound, bytes[after] == Byte.dollar { after += 1 }
            if after < run.upperBound,
               word(bytes, after..<run.upperBound, script: script, catalogue: catalogue, pythonSeen: &pythonSeen)
            {
                return true
            }
        }
        return false
    }

    /// Whether the word `range` may name an SDK; records the names of Python imports it may be.
    private func word(
        _ bytes: [UInt8], _ range: Range<Int>, script: Bool, catalogue: CompiledCatalogue, pythonSeen: inout [UInt8]
    ) -> Bool {
        if catalogue.symbolEntries(bytes, range) != nil { return true }
        if chainWordEnds.mayContain(bytes, range), let lasts = chainWordLasts[byteHash(bytes, range, lowercased: true)] {
            switch Self.link(after: range.upperBound, in: bytes, script: script) {
            case .none: break
            case .hidden: return true
            case .name(let start):
                var start = start
                if !script { while start < bytes.count, bytes[start] == Byte.dollar { start += 1 } }
                var end = start
                while end < bytes.count, Self.continuesIdentifier(bytes[end]) { end += 1 }
                if lasts.contains(byteHash(bytes, start..<end, lowercased: true)) { return true }
            }
        }
        for model in modelWords where range.count >= model.count && range.lowerBound > 0
            && Self.byteClasses[Int(bytes[range.lowerBound - 1])] & Self.opensString != 0
        {
            var offset = 0
            while offset < model.count, Byte.lower(bytes[range.lowerBound + offset]) == model[offset] { offset += 1 }
            if offset == model.count { return true }
        }
        if !script, pythonNameEnds.mayContain(bytes, range),
           let name = pythonNameIndex[byteHash(bytes, range, lowercased: true)]
        {
            pythonSeen[name] |= Self.seen | (Self.startsPythonModule(bytes, at: range.lowerBound) ? Self.startsModule : 0)
        }
        return false
    }

    /// Flags of a Python import name: seen, and seen where a module may start.
    private static let seen: UInt8 = 1
    private static let startsModule: UInt8 = 2

    /// Whether a Python module may start at the word at `start` (`ImportScanner.modules`): it does not continue a
    /// dotted name (`app.lib.ai`), which is a `.` after a word other than `import` or an alias after `as`, which
    /// the scanner skips.
    private static func startsPythonModule(_ bytes: [UInt8], at start: Int) -> Bool {
        let dot = skipInlineSpace(bytes, before: start)
        guard dot >= 0, bytes[dot] == Byte.dot else { return true }
        let wordEnd = skipInlineSpace(bytes, before: dot)
        guard wordEnd >= 0, continuesIdentifier(bytes[wordEnd]) else { return true }
        var wordStart = wordEnd
        while wordStart > 0, continuesIdentifier(bytes[wordStart - 1]) { wordStart -= 1 }
        if bytes[wordStart...wordEnd].elementsEqual("import".utf8) { return true }
        let previousEnd = skipInlineSpace(bytes, before: wordStart)
        guard previousEnd >= 1 else { return false }
        return bytes[previousEnd - 1] == UInt8(ascii: "a") && bytes[previousEnd] == UInt8(ascii: "s")
            && (previousEnd < 2 || !continuesIdentifier(bytes[previousEnd - 2]))
    }

    /// The index of the last byte before `index` that is not inline white space (-1 when there is none).
    private static func skipInlineSpace(_ bytes: [UInt8], before index: Int) -> Int {
        var cursor = index - 1
        while cursor >= 0, Byte.isInlineSpace(bytes[cursor]) { cursor -= 1 }
        return cursor
    }

    /// Whether the byte at `index` opens a JavaScript string whose contents an import could be: a quote, a backtick,
    /// or the slash of a regular expression right after `(` (`require(/…/)` is lexed as a string).
    private func startsString(_ bytes: [UInt8], at index: Int) -> Bool {
        let byte = bytes[index]
        if byte == Byte.quote || byte == Byte.apostrophe || byte == Byte.backtick { return true }
        guard byte == Byte.slash else { return false }
        // Between `(` and the expression only white space and comments (which end in `/` or a line end).
        guard index > 0 else { return true }
        let before = bytes[index - 1]
        return before == Byte.openParen || before == Byte.slash || before == Byte.newline || Byte.isInlineSpace(before)
    }

    /// Whether a string starting at `start` starts with an SDK's import path, as `normalizeModule` compares them: at
    /// once, or past a Deno or CDN specifier's registry or host (`npm:openai@4`, `https://esm.sh/openai@4.20.0`).
    private func importStarts(_ bytes: [UInt8], at start: Int) -> Bool {
        guard start < bytes.count else { return false }
        let pair = Self.firstPair(bytes, at: start)
        if packageStarts(bytes, at: start, pair: pair, versioned: false) { return true }
        // `np`, `js`, `ht` (lowercased): the only starts of a specifier naming a registry or CDN; most strings start
        // otherwise, and are passed over here.
        guard pair == 0x6E70 || pair == 0x6A73 || pair == 0x6874,
              let package = RemotePackageSpecifiers.packageStart(in: bytes, from: start, upTo: bytes.count)
        else { return false }
        return package < bytes.count && packageStarts(bytes, at: package, pair: Self.firstPair(bytes, at: package), versioned: true)
    }

    /// The first two bytes at `start` (lowercased; 0 past the end), as `first << 8 | second`.
    @inline(__always)
    private static func firstPair(_ bytes: [UInt8], at start: Int) -> Int {
        Int(Byte.lower(bytes[start])) << 8 | Int(start + 1 < bytes.count ? Byte.lower(bytes[start + 1]) : 0)
    }

    /// Whether an SDK's import path starts at `start`, whose first two bytes are `pair`; `versioned`: a version
    /// (`@4.20.0`) or a query may follow it.
    private func packageStarts(_ bytes: [UInt8], at start: Int, pair: Int, versioned: Bool) -> Bool {
        guard scriptImportStarts[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { return false }
        for prefix in scriptImports[Int(Byte.lower(bytes[start]))]
        where Self.module(bytes, at: start, startsWith: prefix, versioned: versioned) {
            return true
        }
        return false
    }

    /// Whether the module text at `start` normalised (`CompiledCatalogue.normalizeModule`) is `prefix` or lies under
    /// it, its end being a separator or where a string may end (or, `versioned`, a version's `@` or a query's `?`).
    private static func module(_ bytes: [UInt8], at start: Int, startsWith prefix: [UInt8], versioned: Bool) -> Bool {
        var cursor = start
        for expected in prefix {
            guard cursor < bytes.count else { return false }
            let byte = bytes[cursor]
            if expected == Byte.slash {
                guard isModuleSeparator(byte) else { return false }
                if byte == Byte.colon, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.colon { cursor += 1 }
            } else if Byte.lower(byte) != expected {
                return false
            }
            cursor += 1
        }
        guard cursor < bytes.count else { return true }
        let next = bytes[cursor]
        return isModuleSeparator(next) || next == Byte.quote || next == Byte.apostrophe || next == Byte.backtick
            || next == Byte.newline || versioned && (next == Byte.at || next == Byte.question || next == Byte.hash)
    }

    private static func isModuleSeparator(_ byte: UInt8) -> Bool {
        byte == Byte.dot || byte == Byte.slash || byte == Byte.backslash || byte == Byte.colon
    }

    /// Whether the lexer continues an identifier through `byte`.
    @inline(__always)
    private static func continuesIdentifier(_ byte: UInt8) -> Bool { Byte.isIdentifierPart(byte) || byte == Byte.dollar }

    /// What follows an identifier in a member chain (`SiteFinder.chainEnding`).
    private enum Link {
        /// The chain does not go on.
        case none
        /// A comment or a group the bytes cannot match without the lexer may hide where it goes.
        case hidden
        /// The next name of the chain starts at this index.
        case name(Int)
    }

    /// Whether the identifier ending at `end` is a link of a member chain, and where the next name starts: a group
    /// (`(…)`, `[…]`), a `!`, then a separator (`.`, `?.`, `->`, `::`).
    private static func link(after end: Int, in bytes: [UInt8], script: Bool) -> Link {
        var cursor = skipSpace(bytes, from: end)
        guard cursor < bytes.count else { return .none }
        if bytes[cursor] == Byte.openParen || bytes[cursor] == Byte.openBracket {
            guard let after = afterGroup(bytes, from: cursor, script: script) else { return .hidden }
            cursor = skipSpace(bytes, from: after)
            guard cursor < bytes.count else { return .none }
        }
        if bytes[cursor] == UInt8(ascii: "!") {
            cursor = skipSpace(bytes, from: cursor + 1)
            guard cursor < bytes.count else { return .none }
        }
        if isCommentStart(bytes[cursor], script: script) { return .hidden }
        guard let width = separatorWidth(bytes, at: cursor) else { return .none }
        cursor = skipSpace(bytes, from: cursor + width)
        guard cursor < bytes.count else { return .none }
        return isCommentStart(bytes[cursor], script: script) ? .hidden : .name(cursor)
    }

    /// The index after the bracket closing the group opened at `open`, when the bytes tell it as the lexer would:
    /// nil when a string, comment or other bracket inside (or a long group) leaves it to the lexer.
    private static func afterGroup(_ bytes: [UInt8], from open: Int, script: Bool) -> Int? {
        let opener = bytes[open]
        let closer = opener == Byte.openParen ? Byte.closeParen : Byte.closeBracket
        var depth = 0
        var cursor = open
        let limit = min(bytes.count, open + 512)
        while cursor < limit {
            switch bytes[cursor] {
            case opener: depth += 1
            case closer:
                depth -= 1
                if depth == 0 { return cursor + 1 }
            case Byte.quote, Byte.apostrophe, Byte.backtick, Byte.slash, Byte.hash, Byte.backslash, Byte.openBrace,
                 Byte.closeBrace, Byte.openParen, Byte.closeParen, Byte.openBracket, Byte.closeBracket:
                return nil
            default: break
            }
            cursor += 1
        }
        return nil
    }

    /// The width of the separator (`.`, `?.`, `->` or `::`) at `index`, if there is one.
    private static func separatorWidth(_ bytes: [UInt8], at index: Int) -> Int? {
        let byte = bytes[index]
        if byte == Byte.dot { return 1 }
        guard index + 1 < bytes.count else { return nil }
        let next = bytes[index + 1]
        let isPair = byte == Byte.question && next == Byte.dot || byte == Byte.minus && next == Byte.greater
            || byte == Byte.colon && next == Byte.colon
        return isPair ? 2 : nil
    }

    private static func isCommentStart(_ byte: UInt8, script: Bool) -> Bool {
        script ? byte == Byte.slash : byte == Byte.hash
    }

    private static func skipSpace(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == Byte.newline || Byte.isInlineSpace(bytes[index]) { index += 1 }
        return index
    }
}
