/// A path pattern as used in the policy: `*` within a segment, `**` across segments, `?`, `[abc]`,
/// `[!abc]` and `{a,b}` alternatives. Matching is on `/`-separated repository paths; a pattern with
/// no `/` matches a file name at any depth, as in `.gitignore`.
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    /// What the pattern compiles to, shared by every copy: a glob is copied wherever a list of them is searched
    /// (`paths.ignore` meets every changed file), which is then one reference count, not one per array it holds.
    private let compiled: Compiled

    public var pattern: String { compiled.pattern }

    private final class Compiled: Sendable {
        let pattern: String
        let alternatives: [[Segment]]
        /// Per alternative, its longest run of literal bytes within one segment: a path without it cannot match,
        /// which rejects most paths with one substring search (every changed file meets every ignore pattern).
        let requiredBytes: [[UInt8]]
        /// Per alternative, the literal bytes its last segment ends with (empty when it ends in a wildcard or `**`):
        /// a path's last component must end with them, which `**/*.min.js`-style patterns test in a few compares.
        let requiredEndings: [[UInt8]]
        /// Per alternative, the literal bytes its first segment starts with when it is anchored at the root (empty
        /// after a leading `**`): `tests/**` turns away `src/app.ts` at its first byte.
        let requiredBeginnings: [[UInt8]]

        init(pattern: String, alternatives: [[Segment]]) {
            self.pattern = pattern
            self.alternatives = alternatives
            requiredBytes = alternatives.map(Glob.longestLiteralRun)
            requiredEndings = alternatives.map(Glob.literalEnding)
            requiredBeginnings = alternatives.map(Glob.literalBeginning)
        }

        func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            // Component ranges are computed once per call, and only once some alternative could match.
            var components: [Range<Int>]?
            // Where the last component ends and the first begins: slashes around them make no component.
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var begin = 0
            while begin < end, bytes[begin] == UInt8(ascii: "/") { begin += 1 }
            for index in alternatives.indices
            where Glob.beginsWith(bytes, begin, requiredBeginnings[index]) && Glob.endsWith(bytes, end, requiredEndings[index])
                && Glob.contains(bytes, requiredBytes[index])
            {
                let split = components ?? Glob.components(bytes)
                components = split
                if Glob.match(alternatives[index][...], split[...], bytes) { return true }
            }
            return false
        }
    }

    private enum Segment: Sendable, Equatable {
        case anyDepth
        case name([Token])
    }

    private enum Token: Sendable, Equatable {
        case literal(UInt8)
        case anyRun
        case anyOne
        case set(negated: Bool, ranges: [ClosedRange<UInt8>])
    }

    /// Why a pattern is not a valid glob.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public let pattern: String
        public let problem: String
        public var description: String { "invalid glob \"\(pattern)\": \(problem)" }
    }

    public init(_ pattern: String) throws(SyntaxError) {
        if pattern.isEmpty { throw SyntaxError(pattern: pattern, problem: "empty pattern") }
        var alternatives: [[Segment]] = []
        for expanded in try Glob.expandBraces(Array(pattern.utf8), pattern: pattern) {
            var segments: [Segment] = []
            for part in expanded.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
                if part.elementsEqual("**".utf8) {
                    if segments.last != .anyDepth { segments.append(.anyDepth) }
                } else {
                    segments.append(.name(try Glob.tokens(Array(part), pattern: pattern)))
                }
            }
            if !expanded.contains(UInt8(ascii: "/")), segments.first != .anyDepth {
                segments.insert(.anyDepth, at: 0)
            }
            alternatives.append(segments)
        }
        compiled = Compiled(pattern: pattern, alternatives: alternatives)
    }

    public var description: String { pattern }

    /// Globs are equal when their patterns are the same bytes (canonically equivalent spellings match different paths).
    public static func == (left: Glob, right: Glob) -> Bool {
        left.compiled === right.compiled || left.pattern.utf8.elementsEqual(right.pattern.utf8)
    }

    public func matches(_ path: String) -> Bool {
        // A native string's bytes are read where they are; only another kind is copied.
        if let verdict = path.utf8.withContiguousStorageIfAvailable({ compiled.matches($0) }) { return verdict }
        var path = path
        return path.withUTF8 { compiled.matches($0) }
    }
}

extension Glob {
    private static func components(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var components: [Range<Int>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > start { components.append(start..<index) }
            start = index + 1
        }
        return components
    }

    private static func longestLiteralRun(_ segments: [Segment]) -> [UInt8] {
        var longest: [UInt8] = []
        for case .name(let tokens) in segments {
            var run: [UInt8] = []
            for token in tokens + [.anyOne] {
                if case .literal(let byte) = token {
                    run.append(byte)
                } else {
                    if run.count > longest.count { longest = run }
                    run = []
                }
            }
        }
        return longest
    }

    private static func literalEnding(_ segments: [Segment]) -> [UInt8] {
        guard case .name(let tokens) = segments.last else { return [] }
        var ending: [UInt8] = []
        for token in tokens.reversed() {
            guard case .literal(let byte) = token else { break }
            ending.append(byte)
        }
        return ending.reversed()
    }

    private static func literalBeginning(_ segments: [Segment]) -> [UInt8] {
        guard case .name(let tokens) = segments.first else { return [] }
        var beginning: [UInt8] = []
        for token in tokens {
            guard case .literal(let byte) = token else { break }
            beginning.append(byte)
        }
        return beginning
    }

    /// Whether `bytes[begin...]` begins with `beginning` (an empty beginning always does).
    private static func beginsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ begin: Int, _ beginning: [UInt8]) -> Bool {
        guard beginning.count <= bytes.count - begin else { return false }
        var offset = 0
        while offset < beginning.count, bytes[begin + offset] == beginning[offset] { offset += 1 }
        return offset == beginning.count
    }

    /// Whether `bytes[..<end]` ends with `ending` (an empty ending always does).
    private static func endsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, _ ending: [UInt8]) -> Bool {
        guard ending.count <= end else { return false }
        var offset = 0
        let start = end - ending.count
        while offset < ending.count, bytes[start + offset] == ending[offset] { offset += 1 }
        return offset == ending.count
    }

    /// Whether `needle` occurs in `bytes` (an empty needle always does).
    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= bytes.count else { return false }
        var start = 0
        while start + needle.count <= bytes.count {
            if bytes[start] == first {
                var offset = 1
                while offset < needle.count, bytes[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    private static func match(
        _ segments: ArraySlice<Segment>, _ components: ArraySlice<Range<Int>>, _ bytes: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard let first = segments.first else { return components.isEmpty }
        switch first {
        case .anyDepth:
            let rest = segments.dropFirst()
            guard let next = rest.first else { return true }
            var remaining = components
            // A name after `**` must match some component; trying only those avoids useless recursion.
            while let component = remaining.first {
                if case .name(let tokens) = next, !matchName(tokens[...], bytes[component]) {
                    remaining = remaining.dropFirst()
                    continue
                }
                if match(rest, remaining, bytes) { return true }
                remaining = remaining.dropFirst()
            }
            return false
        case .name(let tokens):
            guard let component = components.first, matchName(tokens[...], bytes[component]) else { return false }
            return match(segments.dropFirst(), components.dropFirst(), bytes)
        }
    }

    private static func matchName(_ tokens: ArraySlice<Token>, _ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let token = tokens.first else { return name.isEmpty }
        switch token {
        case .anyRun:
            var rest = name
            while true {
                if matchName(tokens.dropFirst(), rest) { return true }
                if rest.isEmpty { return false }
                rest = rest.dropFirst()
            }
        case .anyOne:
            return !name.isEmpty && matchName(tokens.dropFirst(), name.dropFirst())
        case .literal(let byte):
            return name.first == byte && matchName(tokens.dropFirst(), name.dropFirst())
        case .set(let negated, let ranges):
            guard let byte = name.first else { return false }
            return ranges.contains { $0.contains(byte) } != negated && matchName(tokens.dropFirst(), name.dropFirst())
        }
    }

    private static func tokens(_ bytes: [UInt8], pattern: String) throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "*"):
                if tokens.last != .anyRun { tokens.append(.anyRun) }
            case UInt8(ascii: "?"):
                tokens.append(.anyOne)
            case UInt8(ascii: "["):
                var cursor = index + 1
                var negated = false
                if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "!") || bytes[cursor] == UInt8(ascii: "^") {
                    negated = true
                    cursor += 1
                }
                var ranges: [ClosedRange<UInt8>] = []
                var closed = false
                while cursor < bytes.count {
                    let current = bytes[cursor]
                    if current == UInt8(ascii: "]"), !ranges.isEmpty {
                        closed = true
                        break
                    }
                    if cursor + 2 < bytes.count, bytes[cursor + 1] == UInt8(ascii: "-"), bytes[cursor + 2] != UInt8(ascii: "]") {
                        let upper = bytes[cursor + 2]
                        guard current <= upper else {
                            throw SyntaxError(pattern: pattern, problem: "character range out of order")
                        }
                        ranges.append(current...upper)
                        cursor += 3
                    } else {
                        ranges.append(current...current)
                        cursor += 1
                    }
                }
                guard closed else { throw SyntaxError(pattern: pattern, problem: "unclosed '['") }
                tokens.append(.set(negated: negated, ranges: ranges))
                index = cursor
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw SyntaxError(pattern: pattern, problem: "trailing backslash") }
                tokens.append(.literal(bytes[index]))
            default:
                tokens.append(.literal(byte))
            }
            index += 1
        }
        return tokens
    }

    /// Expands `{a,b}` alternatives (not nested) into separate patterns.
    private static func expandBraces(_ bytes: [UInt8], pattern: String) throws(SyntaxError) -> [[UInt8]] {
        guard let open = bytes.firstIndex(of: UInt8(ascii: "{")) else {
            if bytes.contains(UInt8(ascii: "}")) { throw SyntaxError(pattern: pattern, problem: "unmatched '}'") }
            return [bytes]
        }
        guard let close = bytes[open...].firstIndex(of: UInt8(ascii: "}")) else {
            throw SyntaxError(pattern: pattern, problem: "unclosed '{'")
        }
        let head = Array(bytes[..<open])
        let tail = Array(bytes[(close + 1)...])
        let options = bytes[(open + 1)..<close].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        var out: [[UInt8]] = []
        for option in options {
            if option.contains(UInt8(ascii: "{")) { throw SyntaxError(pattern: pattern, problem: "nested '{'") }
            out += try expandBraces(head + option + tail, pattern: pattern)
        }
        return out
    }
}
