/// What a token is; comments never become tokens.
public enum TokenKind: UInt8, Sendable {
    case identifier, number, string, punctuation
}

/// One token of code: its byte range (for strings, the contents between the quotes), where it starts,
/// and the innermost block that encloses it.
public struct Token: Sendable {
    public var kind: TokenKind
    /// Whether no other token precedes this one on its line.
    public var firstOnLine: Bool
    /// Whether this token is code inside a string's interpolation (`${…}`, `#{…}`, an f-string's `{…}`, Swift's
    /// `\(…)`): such tokens follow the string token, whose contents still span them, so readers of string contents
    /// see the whole literal and readers of code see the calls in it. (Kept in the padding after `firstOnLine`.)
    public var interpolated: Bool = false
    // Offsets and lines are stored in 32 bits (a lexed file is far below 2 GiB): a large change lexes millions of
    // tokens, and a token of 24 bytes instead of 56 halves what the lexer writes and every pass over tokens reads.
    @Stored32 public var start: Int
    @Stored32 public var end: Int
    /// 1-based line of the token's first byte (for strings, the opening quote).
    @Stored32 public var line: Int
    /// 1-based byte column of the token's first byte.
    @Stored32 public var column: Int
    /// Index into `LexedSource.blocks` of the innermost enclosing block, or -1 at top level.
    @Stored32 public var block: Int

    /// The lexer's token: every value is below the byte count, which `Lexer.lex` keeps under 2^31, so the
    /// conversions to 32 bits skip their overflow checks (one per field of millions of tokens).
    init(kind: TokenKind, start: Int, end: Int, line: Int, column: Int, block: Int, firstOnLine: Bool,
         interpolated: Bool = false) {
        self.kind = kind
        self.firstOnLine = firstOnLine
        self.interpolated = interpolated
        _start = Stored32(unchecked: start)
        _end = Stored32(unchecked: end)
        _line = Stored32(unchecked: line)
        _column = Stored32(unchecked: column)
        _block = Stored32(unchecked: block)
    }
}

extension Token {
    /// Whether this token is exactly `text` (ASCII) in `bytes`, its source; a string's contents never are.
    @inlinable @inline(__always)
    func spells<Bytes: RandomAccessCollection>(_ text: StaticString, in bytes: Bytes) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard kind != .string, end - start == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for offset in 0..<text.utf8CodeUnitCount where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    /// Whether this token is the punctuation byte `byte` in `bytes`, its source.
    @inlinable @inline(__always)
    func isPunctuation<Bytes: RandomAccessCollection>(_ byte: UInt8, in bytes: Bytes) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        kind == .punctuation && end - start == 1 && bytes[start] == byte
    }
}

/// An `Int` kept in 32 bits (callers see `Int`); values must fit, as the lexer's offsets do.
@propertyWrapper
public struct Stored32: Sendable {
    private var stored: Int32

    public init(wrappedValue: Int) { stored = Int32(wrappedValue) }

    /// A value known to fit, stored without the overflow check.
    @inline(__always) init(unchecked value: Int) { stored = Int32(truncatingIfNeeded: value) }

    public var wrappedValue: Int {
        get { Int(stored) }
        set { stored = Int32(newValue) }
    }
}

/// What a block of code is, as far as detectors care.
public enum BlockKind: Sendable, Equatable {
    /// A function, method, lambda or closure body.
    case function
    /// A loop body or a fan-out (`for`, `while`, `.map(…)`, `Promise.all(…)`, a comprehension…).
    case loop
    /// A class, struct, module, interface or similar container.
    case container
    /// Anything else: conditionals, argument lists, literals.
    case other
}

/// How a block was opened, which decides how it is closed.
public enum BlockOpener: Sendable, Equatable {
    case brace, paren, bracket
    /// Python: a compound statement whose body is its deeper-indented lines.
    case indentation
    /// Ruby: a keyword (`def`, `do`, `class`, `while`…) closed by `end`.
    case keyword
}

/// A nested region of code.
public struct Block: Sendable {
    public var kind: BlockKind
    public var opener: BlockOpener
    /// The enclosing block's index, or -1.
    public var parent: Int
    /// Token index of the opening bracket or keyword.
    public var openToken: Int
    /// Token index where the block's statement begins: its header, or the first decorator of a Python def.
    public var headerStart: Int
    /// Token index of the last token in the block (the closing bracket, or `end`).
    public var endToken: Int
    public var startLine: Int
    public var endLine: Int
    /// Byte range of a function's name, when known.
    public var nameRange: Range<Int>?
}

/// A lexed source file: tokens without comments, and the blocks they nest in.
public struct LexedSource: Sendable {
    public let bytes: [UInt8]
    public let language: SourceLanguage
    public internal(set) var tokens: [Token] = []
    public internal(set) var blocks: [Block] = []
    /// For each bracket token, the index of its partner; -1 otherwise (and for unbalanced ones).
    public internal(set) var partner: [Int] = []
    /// The indices of the identifiers spelled as one of `Lexer.recordedKeywords` (`import`, `constructor`, …),
    /// noted while lexing: resolvers look for them in every file, and would otherwise pass over every token again.
    public internal(set) var keywordTokens: [Int] = []
    /// The loops whose body is one statement without braces (C-like languages), in keyword order: their bodies
    /// are no blocks. Found once, after lexing (`resolveStatementLoops`).
    public internal(set) var statementLoops: [StatementLoop] = []
    /// The `(` after each `for`, `while` and `foreach`, noted while lexing for `resolveStatementLoops`.
    var loopHeaderParens: [Int] = []

    init(bytes: [UInt8], language: SourceLanguage) {
        self.bytes = bytes
        self.language = language
    }

    /// Whether token `index` is exactly `text` (ASCII), without allocating. Inlinable: detectors in other modules
    /// ask this millions of times, and a call costs as much as the test.
    @inlinable @inline(__always)
    public func token(_ index: Int, is text: StaticString) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        return tokens[index].spells(text, in: bytes)
    }

    /// Whether token `index` is the punctuation byte `byte` (inlinable, as `token(_:is:)`).
    @inlinable @inline(__always)
    public func token(_ index: Int, isPunctuation byte: UInt8) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        return tokens[index].isPunctuation(byte, in: bytes)
    }

    /// The token's text (string contents for strings).
    public func text(_ index: Int) -> String {
        let token = tokens[index]
        return String(decoding: bytes[token.start..<token.end], as: UTF8.self)
    }

    /// The text of a byte range.
    public func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The blocks enclosing token `index`, innermost first.
    public func enclosingBlocks(of index: Int) -> [Int] {
        var result: [Int] = []
        var block = tokens[index].block
        while block >= 0 {
            result.append(block)
            block = blocks[block].parent
        }
        return result
    }

    /// Whether token `index` lies inside block `block` (at any depth).
    public func isToken(_ index: Int, inside block: Int) -> Bool {
        var current = tokens[index].block
        while current >= 0 {
            if current == block { return true }
            current = blocks[current].parent
        }
        return false
    }

    /// The innermost function enclosing token `index`, or -1.
    public func enclosingFunction(of index: Int) -> Int {
        var current = tokens[index].block
        while current >= 0 {
            if blocks[current].kind == .function { return current }
            current = blocks[current].parent
        }
        return -1
    }

    /// The name of a function block, when known.
    public func name(ofBlock block: Int) -> String? { blocks[block].nameRange.map { text($0) } }

    /// The token range a block spans, inclusive.
    public func span(of block: Int) -> ClosedRange<Int> {
        blocks[block].openToken...max(blocks[block].openToken, blocks[block].endToken)
    }

    /// The token range of a block's statement: its header (decorators, annotations) through its end.
    public func statementSpan(of block: Int) -> ClosedRange<Int> {
        min(blocks[block].headerStart, blocks[block].openToken)...max(blocks[block].openToken, blocks[block].endToken)
    }
}
