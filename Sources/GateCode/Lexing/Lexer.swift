import GateCore

/// Byte constants the lexer compares against.
public enum Byte {
    public static let newline: UInt8 = 10
    public static let space: UInt8 = 32
    public static let tab: UInt8 = 9
    public static let carriageReturn: UInt8 = 13
    public static let quote: UInt8 = 34
    public static let apostrophe: UInt8 = 39
    public static let backtick: UInt8 = 96
    public static let slash: UInt8 = 47
    public static let backslash: UInt8 = 92
    public static let star: UInt8 = 42
    public static let hash: UInt8 = 35
    public static let dollar: UInt8 = 36
    public static let at: UInt8 = 64
    public static let openParen: UInt8 = 40
    public static let closeParen: UInt8 = 41
    public static let openBracket: UInt8 = 91
    public static let closeBracket: UInt8 = 93
    public static let openBrace: UInt8 = 123
    public static let closeBrace: UInt8 = 125
    public static let equals: UInt8 = 61
    public static let colon: UInt8 = 58
    public static let semicolon: UInt8 = 59
    public static let comma: UInt8 = 44
    public static let dot: UInt8 = 46
    public static let minus: UInt8 = 45
    public static let greater: UInt8 = 62
    public static let less: UInt8 = 60
    public static let question: UInt8 = 63
    public static let percent: UInt8 = 37
    public static let tilde: UInt8 = 126
    public static let plus: UInt8 = 43
    public static let ampersand: UInt8 = 38
    public static let bar: UInt8 = 124

    @inline(__always) public static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || byte == 95 || byte >= 0x80
    }

    @inline(__always) public static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= 48 && byte <= 57)
    }

    @inline(__always) public static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// `(`, `)`, `[`, `]`, `{` or `}`.
    @inline(__always) static func isBracket(_ byte: UInt8) -> Bool {
        byte == openParen || byte == closeParen || byte == openBracket || byte == closeBracket || byte == openBrace
            || byte == closeBrace
    }

    /// Ruby's `%` literal type letters: `%w`, `%W`, `%i`, `%I`, `%q`, `%Q`.
    @inline(__always) static func isRubyPercentType(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "w"), UInt8(ascii: "W"), UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "q"),
             UInt8(ascii: "Q"): true
        default: false
        }
    }

    /// Python's string prefix letters (`r`, `b`, `f`, `u`), lower case.
    @inline(__always) static func isPythonStringPrefix(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "r") || byte == UInt8(ascii: "b") || byte == UInt8(ascii: "f") || byte == UInt8(ascii: "u")
    }

    /// Space, tab, carriage return, form feed or vertical tab: white space that does not end a line.
    @inline(__always) public static func isInlineSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == carriageReturn || byte == 12 || byte == 11
    }

    @inline(__always) public static func lower(_ byte: UInt8) -> UInt8 { PathBytes.lower(byte) }
}

/// Lexes UTF-8 source bytes of one language family into tokens and nested blocks.
///
/// It works on bytes only: no `Character` or `String` processing happens while lexing. Its helpers that only
/// read are `mutating` too: called from a mutating method, a non-mutating one gets a copy of the whole lexer
/// (with a retain of every array in it), and a copy alive across a write makes that write copy the token array.
public struct Lexer {
    /// The source being built: blocks and keywords (`lex` adds the tokens and partners).
    private var source: LexedSource
    /// The tokens emitted so far, written into the arrays `lex` returns.
    private var tokens: TokenBuffer
    /// The source's bytes, valid for the duration of `lex` only: read without bounds checks or reference counting
    /// on the hot path (every index is checked against `bytes.count` before it is read). While the code of a string's
    /// interpolation is lexed, it ends where that code ends (`lexInterpolations`), so nothing in it reads further.
    private var bytes: UnsafeBufferPointer<UInt8>
    private let language: SourceLanguage
    // Per-language decisions taken once per file instead of once per byte or token.
    private let family: SourceLanguage.Family
    private let isPython: Bool
    private let isRuby: Bool
    private let isElixir: Bool
    private let isJavaScriptLike: Bool
    /// Whether a loop's body may be one statement without braces (`SourceLanguage.hasStatementLoops`).
    private let hasStatementLoops: Bool
    /// Whether a single-quoted or double-quoted string may run past a line end (Ruby, PHP, Rust).
    private let stringsSpanLines: Bool
    /// Whether `"""`/`'''` open a triple-quoted string.
    private let hasTripleQuotes: Bool
    /// Whether `'` opens a character literal rather than a string.
    private let apostropheIsCharacter: Bool
    private var position = 0
    private var line = 1
    private var lineStart = 0
    private var lastLine = 0
    /// Open blocks, innermost last.
    private var stack: [Int] = []
    /// Python: open bracket groups, which suspend indentation rules.
    private var bracketDepth = 0
    /// Python: a backslash continued the previous line.
    private var continued = false
    /// Python: token index of the first decorator line before the next `def`/`class`.
    private var decoratorStart = -1
    /// Python: `async` opened the logical line, so the next keyword is the block keyword.
    private var pendingAsync = false
    /// Python: comprehension groups that contain a `for`.
    private var groupsWithFor: Set<Int> = []
    /// Argument lists of `Promise.all(`, `Promise.allSettled(` and `asyncio.gather(`, judged when they close.
    private var joinGroups: Set<Int> = []
    /// `Lexer.recordedKeywords`, held here: read for every identifier, without a global's once-check each time.
    private let recordedKeywords = Lexer.recordedKeywords
    // The word sets that classify every brace's header and every call's callee, held here for the same reason.
    private let loopKeywords = LoopKeywords
    private let containerKeywords = ContainerKeywords
    private let functionKeywords = FunctionKeywords
    private let controlKeywords = ControlKeywords
    private let branchKeywords = BranchKeywords
    private let iterationNames = IterationNames
    /// `Lexer.identifierContinuations`, held here for the same reason.
    private let continuesIdentifier = Lexer.identifierContinuations
    /// Ruby: heredoc terminators waiting for the end of the current line.
    private var pendingHeredocs: [(terminator: [UInt8], squiggly: Bool, column: Int, interpolates: Bool)] = []
    /// Elixir: blocks a `def`, `defmodule` or `for` opened whose body has not ended with its statement: awaiting their
    /// `do` (`oneLine` false), or written on one line after `do:` (`oneLine` true), innermost last.
    private var elixirHeads: [(block: Int, oneLine: Bool)] = []
    /// The code inside interpolations a string's scan found (byte range, and the line and line start at its first
    /// byte), lexed once the string's token is out (`lexInterpolations`). A stack: a nested string's entries go on
    /// top and come off before its enclosing string's next entry is lexed.
    private var interpolations: [(start: Int, end: Int, line: Int, lineStart: Int)] = []
    /// How many interpolations enclose the code being lexed: 0 outside strings.
    private var interpolationDepth = 0
    /// How many blocks were open around the interpolation being lexed: its code closes none of them (a stray `)`
    /// or `end` in a partial expression must not end the function the string is in).
    private var stackFloor = 0
    /// Index of the first token of the interpolation being lexed (where a Ruby statement starts), or -1.
    private var interpolationFirstToken = -1

    /// Lexes `bytes` as `language`.
    public static func lex(_ bytes: [UInt8], language: SourceLanguage) -> LexedSource {
        // Tokens store offsets in 32 bits; nothing the diff or the tree hands over comes near 2 GiB, but a
        // larger buffer is lexed as far as offsets reach rather than trapping.
        let bytes = EmbeddedCode.code(of: bytes.count < Int(Int32.max) ? bytes : Array(bytes.prefix(Int(Int32.max) - 1)), language: language)
        // Dense code runs at up to one token per 3.5 bytes (bench trees: 4.2 typical, 3.4 at the 90th percentile;
        // commented code is sparser): the token and partner arrays are laid out that large up front and written in
        // place, so most files never reallocate or copy them. The arrays live only while a file is analysed.
        let expected = bytes.count * 2 / 7 + 16
        return bytes.withUnsafeBufferPointer { buffer in
            var lexed = LexedSource(bytes: bytes, language: language)
            var partner: [Int] = []
            var spilled: TokenBuffer?
            var tokens = [Token](unsafeUninitializedCapacity: expected) { tokenStorage, tokenCount in
                partner = [Int](unsafeUninitializedCapacity: expected) { partnerStorage, partnerCount in
                    var lexer = Lexer(
                        source: lexed, buffer: buffer, tokens: TokenBuffer(tokens: tokenStorage, partners: partnerStorage))
                    lexer.run()
                    lexed = lexer.source
                    if lexer.tokens.spilled { spilled = lexer.tokens }
                    // A spilled buffer left nothing in the arrays' storage.
                    tokenCount = lexer.tokens.spilled ? 0 : lexer.tokens.count
                    partnerCount = tokenCount
                }
            }
            if let spilled { (tokens, partner) = spilled.finishSpilled() }
            lexed.tokens = tokens
            lexed.partner = partner
            if !lexed.loopHeaderParens.isEmpty {
                lexed.resolveStatementLoops(headerParens: lexed.loopHeaderParens)
                lexed.loopHeaderParens = []
            }
            return lexed
        }
    }

    private init(source: LexedSource, buffer: UnsafeBufferPointer<UInt8>, tokens: TokenBuffer) {
        self.source = source
        self.tokens = tokens
        self.bytes = buffer
        language = source.language
        family = language.family
        isPython = family == .python
        isRuby = family == .ruby
        isElixir = family == .elixir
        isJavaScriptLike = language.isJavaScriptLike
        hasStatementLoops = language.hasStatementLoops
        stringsSpanLines = family == .ruby || family == .elixir || language == .php || language == .rust
        hasTripleQuotes = family == .python || family == .elixir || language == .kotlin || language == .swift
            || language == .java || language == .csharp
        apostropheIsCharacter = language == .rust || language == .swift || language == .kotlin || language == .java
            || language == .csharp || language == .go
        // About one block per 8 tokens (brackets and bodies).
        self.source.blocks.reserveCapacity((buffer.count * 2 / 7 + 16) / 7)
        stack.reserveCapacity(64)
    }

    // MARK: - Main loop

    private mutating func run() {
        lexTokens()
        let lastToken = tokens.count - 1
        while let open = stack.popLast() { close(open, at: max(lastToken, source.blocks[open].openToken)) }
    }

    /// Lexes from `position` to the end of `bytes`: the file, or the code of an interpolation.
    private mutating func lexTokens() {
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            // Most tokens are words, and no case below starts with a word byte: test for them first.
            if Byte.isIdentifierStart(byte) {
                lexIdentifier(start: position, skip: 0)
                continue
            }
            switch byte {
            case Byte.newline:
                if continued == false, position > 0, bytes[position - 1] == Byte.backslash, isPython {
                    continued = true
                }
                position += 1
                newLine()
                // A heredoc's body starts after its line, not inside an interpolation's code.
                if isRuby, !pendingHeredocs.isEmpty, interpolationDepth == 0 { lexHeredocBodies() }
                if isRuby, startsWithRubyBlockComment() { skipRubyBlockComment() }
            case Byte.space, Byte.tab, Byte.carriageReturn, 12, 11:
                // Indentation is most of the white space: skipped on a local cursor, stored back once.
                var cursor = position + 1
                while cursor < count, Byte.isInlineSpace(bytes[cursor]) { cursor += 1 }
                position = cursor
            case Byte.hash where family != .cLike:
                skipLine()
            case Byte.hash where language == .php && peek(1) != Byte.openBracket:
                skipLine()
            case Byte.hash where language == .swift && (peek(1) == Byte.quote || peek(1) == Byte.hash):
                lexRawSwiftString()
            case Byte.slash where family == .cLike && peek(1) == Byte.slash:
                skipLine()
            case Byte.slash where family == .cLike && peek(1) == Byte.star:
                skipBlockComment()
            case Byte.slash where (isJavaScriptLike || isRuby) && regexAllowed():
                lexRegex()
            case Byte.quote, Byte.apostrophe:
                if byte == Byte.apostrophe, apostropheIsCharacter {
                    lexCharacterLiteral()
                } else {
                    lexQuoted(quote: byte, raw: false, tokenStart: position)
                }
            case Byte.backtick:
                lexQuoted(quote: byte, raw: language == .go, tokenStart: position)
            case Byte.at where language == .csharp && peek(1) == Byte.quote:
                position += 1
                lexQuoted(quote: Byte.quote, raw: true, tokenStart: position - 1)
            case Byte.at where language == .csharp && peek(1) == Byte.dollar && peek(2) == Byte.quote:
                // `@$"…{x}…"`: verbatim and interpolated.
                position += 2
                lexQuoted(quote: Byte.quote, raw: true, tokenStart: position - 2, interpolation: .brace)
            case Byte.dollar where language == .csharp && csharpInterpolatedString():
                break
            case Byte.less where isRuby && peek(1) == Byte.less && rubyHeredocStart():
                break
            case Byte.less where language == .php && peek(1) == Byte.less && peek(2) == Byte.less && phpHeredoc():
                break
            case Byte.percent where isRuby && rubyPercentLiteral():
                break
            case Byte.tilde where isElixir && elixirSigil():
                break
            case Byte.question where isElixir && elixirCharacterLiteral():
                break
            case Byte.dollar where language == .php && Byte.isIdentifierStart(peek(1)):
                lexIdentifier(start: position, skip: 1)
            default:
                if byte == Byte.dollar && isJavaScriptLike {
                    lexIdentifier(start: position, skip: 0)
                } else if Byte.isDigit(byte) {
                    let start = position
                    while position < count, Byte.isIdentifierPart(bytes[position]) || bytes[position] == Byte.dot {
                        position += 1
                    }
                    emit(.number, start: start, end: position, column: start - lineStart + 1)
                } else {
                    lexPunctuation(byte)
                }
            }
        }
    }

    @inline(__always) private func peek(_ offset: Int) -> UInt8 {
        position + offset < bytes.count ? bytes[position + offset] : 0
    }

    /// `LexedSource.token(_:is:)` over the tokens emitted so far.
    @inline(__always) private func token(_ index: Int, is text: StaticString) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].spells(text, in: bytes)
    }

    /// `LexedSource.token(_:isPunctuation:)` over the tokens emitted so far.
    @inline(__always) private func token(_ index: Int, isPunctuation byte: UInt8) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].isPunctuation(byte, in: bytes)
    }

    private mutating func newLine() {
        line += 1
        lineStart = position
    }

    private mutating func skipLine() {
        while position < bytes.count, bytes[position] != Byte.newline { position += 1 }
    }

    private mutating func skipBlockComment() {
        position += 2
        while position < bytes.count {
            if bytes[position] == Byte.star, peek(1) == Byte.slash {
                position += 2
                return
            }
            if bytes[position] == Byte.newline {
                position += 1
                newLine()
            } else {
                position += 1
            }
        }
    }

    private mutating func startsWithRubyBlockComment() -> Bool {
        position + 6 <= bytes.count && bytes[position..<position + 6].equals("=begin")
    }

    private mutating func skipRubyBlockComment() {
        while position < bytes.count {
            if bytes[position] == Byte.newline {
                position += 1
                newLine()
                if position + 4 <= bytes.count, bytes[position..<position + 4].equals("=end") {
                    skipLine()
                    return
                }
            } else {
                position += 1
            }
        }
    }

    // MARK: - Literals

    /// Lexes a quoted string from `position` (the opening quote); emits its contents as a string token, then the
    /// code of its interpolations (`interpolation`: how it interpolates, by default what its language's strings
    /// of this quote do).
    private mutating func lexQuoted(quote: UInt8, raw: Bool, tokenStart: Int, interpolation: Interpolation? = nil) {
        let column = tokenStart - lineStart + 1
        let startLine = line
        let triple = quote != Byte.backtick && peek(1) == quote && peek(2) == quote && hasTripleQuotes
        let width = triple ? 3 : 1
        position += width
        let contentStart = position
        let form = interpolation ?? defaultInterpolation(for: quote)
        // The bytes that may open an interpolation (0 when none does: such a byte then opens nothing), and the
        // bracket pair that nests inside one.
        let (openerA, openerB) = form.openers
        let (nestOpen, nestClose) = form == .swiftParen ? (Byte.openParen, Byte.closeParen) : (Byte.openBrace, Byte.closeBrace)
        let endsAtLineEnd = !triple && quote != Byte.backtick && !stringsSpanLines
        let verbatimQuotes = raw && language == .csharp
        let count = bytes.count
        let firstInterpolation = interpolations.count
        var depth = 0
        var code = (start: 0, line: 0, lineStart: 0)
        while position < count {
            let byte = bytes[position]
            if byte == Byte.newline {
                if endsAtLineEnd {
                    break  // an unterminated single-line string ends at the line end
                }
                position += 1
                newLine()
                continue
            }
            if byte == Byte.backslash && !raw {
                if form == .swiftParen, depth == 0, peek(1) == Byte.openParen {
                    position += 2
                    depth = 1
                    code = (position, line, lineStart)
                    continue
                }
                // A line continuation (`"…\⏎`, a template's `\⏎`) still ends its line: what follows keeps its line number.
                if peek(1) == Byte.newline || (peek(1) == Byte.carriageReturn && peek(2) == Byte.newline) {
                    position += peek(1) == Byte.newline ? 2 : 3
                    newLine()
                    continue
                }
                position += 2
                continue
            }
            // Python before 3.12 ends an f-string at its quote even inside `{…}` (valid code never nests that quote in
            // one line): so does this lexer, which keeps a stray quote in a format spec (`{x:'>10}`) from running on.
            if depth > 0, !(byte == quote && isPython) {
                if byte == nestOpen {
                    depth += 1
                } else if byte == nestClose {
                    depth -= 1
                    if depth == 0 { interpolations.append((code.start, position, code.line, code.lineStart)) }
                } else if byte == Byte.quote || byte == Byte.apostrophe {
                    skipNestedQuoted(byte, stoppingAt: isPython ? quote : 0)
                    continue
                }
                position += 1
                continue
            }
            if depth == 0, byte == openerA || byte == openerB, let opener = interpolationOpener(form) {
                if opener.literal {
                    position += 2  // `{{`: a brace, written twice
                    continue
                }
                position += opener.width
                depth = 1
                code = (position - opener.width + opener.codeOffset, line, lineStart)
                continue
            }
            if byte == quote {
                if triple {
                    if peek(1) == quote && peek(2) == quote {
                        let end = position
                        position += 3
                        emitString(contentStart, end, column: column, line: startLine)
                        if interpolations.count > firstInterpolation { lexInterpolations(from: firstInterpolation) }
                        return
                    }
                } else if verbatimQuotes && peek(1) == quote {
                    position += 2  // "" inside a verbatim string
                    continue
                } else {
                    let end = position
                    position += 1
                    emitString(contentStart, end, column: column, line: startLine)
                    if interpolations.count > firstInterpolation { lexInterpolations(from: firstInterpolation) }
                    return
                }
            }
            position += 1
        }
        emitString(contentStart, min(position, bytes.count), column: column, line: startLine)
        if interpolations.count > firstInterpolation { lexInterpolations(from: firstInterpolation) }
    }

    private mutating func defaultInterpolation(for quote: UInt8) -> Interpolation {
        if quote == Byte.backtick { return isJavaScriptLike ? .dollarBrace : .none }
        if isElixir { return .hashBrace }  // `#{…}` in strings and charlists alike
        guard quote == Byte.quote else { return .none }
        if isRuby { return .hashBrace }
        switch language {
        case .kotlin: return .dollarBrace
        case .php: return .php
        case .swift: return .swiftParen
        default: return .none
        }
    }

    /// At an opener byte of `form` (`position`): what it opens. `width`: the opener's bytes; `codeOffset`: where the
    /// code starts from the opener (PHP's `{$x}` keeps the `$`); `literal`: a doubled brace (`{{`), no opener.
    @inline(__always)
    private mutating func interpolationOpener(_ form: Interpolation) -> (width: Int, codeOffset: Int, literal: Bool)? {
        let byte = bytes[position]
        let next = peek(1)
        switch form {
        case .dollarBrace:
            return byte == Byte.dollar && next == Byte.openBrace ? (2, 2, false) : nil
        case .hashBrace:
            return byte == Byte.hash && next == Byte.openBrace ? (2, 2, false) : nil
        case .brace:
            guard byte == Byte.openBrace else { return nil }
            return next == Byte.openBrace ? (2, 2, true) : (1, 1, false)
        case .php:
            // `{$x->y()}` (the code is `$x->y()`) and `${x}`; a lone `{` or `$` is text.
            if byte == Byte.openBrace, next == Byte.dollar, Byte.isIdentifierStart(peek(2)) { return (1, 1, false) }
            if byte == Byte.dollar, next == Byte.openBrace, Byte.isIdentifierStart(peek(2)) { return (2, 2, false) }
            return nil
        case .none, .swiftParen:
            return nil
        }
    }

    /// Inside an interpolation's code, a string in it (`f"{d['}']}"`, `"#{h["k"]}"`): skipped to its closing quote
    /// or its line's end (or before `stop`, the outer string's quote where that ends it), so that the brackets and
    /// quotes it holds end neither the code nor the outer string.
    private mutating func skipNestedQuoted(_ quote: UInt8, stoppingAt stop: UInt8) {
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Byte.newline || byte == stop { return }
            // Before a line's end a backslash is left for the outer string, which counts the line.
            if byte == Byte.backslash, peek(1) != Byte.newline {
                position += 2
                continue
            }
            position += 1
            if byte == quote { return }
        }
    }

    /// Lexes the code of the interpolations `interpolations[first...]` holds, the last string's, as tokens flagged
    /// `interpolated`, after that string's token: their calls are calls, in the blocks the string is in. Each is
    /// lexed with `bytes` cut at its end, so a partial expression (an unterminated string in it) ends there; blocks
    /// it leaves open close at its end, and it closes none it did not open. Nesting stops at a depth of 8.
    private mutating func lexInterpolations(from first: Int) {
        let last = interpolations.count
        defer { interpolations.removeLast(last - first) }
        guard interpolationDepth < 8, let base = bytes.baseAddress else { return }
        let saved = (bytes: bytes, position: position, line: line, lineStart: lineStart, floor: stackFloor,
                     firstToken: interpolationFirstToken)
        let outerBlocks = stack.count
        stackFloor = outerBlocks
        interpolationDepth += 1
        // Python: code in an interpolation is inside brackets, where indentation means nothing.
        if isPython { bracketDepth += 1 }
        for index in first..<last {
            let code = interpolations[index]
            bytes = UnsafeBufferPointer(start: base, count: code.end)
            position = code.start
            line = code.line
            lineStart = code.lineStart
            interpolationFirstToken = tokens.count
            lexTokens()
            let lastToken = tokens.count - 1
            while stack.count > outerBlocks, let open = stack.popLast() {
                close(open, at: max(lastToken, source.blocks[open].openToken))
            }
        }
        if isPython { bracketDepth -= 1 }
        interpolationDepth -= 1
        bytes = saved.bytes
        position = saved.position
        line = saved.line
        lineStart = saved.lineStart
        stackFloor = saved.floor
        interpolationFirstToken = saved.firstToken
    }

    /// C#'s `$"…{x}…"`, `$@"…"` and `$"""…"""` at `position`; false (nothing lexed) when the `$` opens no string.
    /// A raw string of two or more `$` (`$$"""…{{x}}…"""`) interpolates with doubled braces: lexed as text.
    private mutating func csharpInterpolatedString() -> Bool {
        let start = position
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == Byte.dollar { cursor += 1 }
        let dollars = cursor - start
        let verbatim = cursor < bytes.count && bytes[cursor] == Byte.at
        if verbatim { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == Byte.quote else { return false }
        position = cursor
        lexQuoted(quote: Byte.quote, raw: verbatim, tokenStart: start, interpolation: dollars == 1 ? .brace : Interpolation.none)
        return true
    }

    private mutating func emitString(_ start: Int, _ end: Int, column: Int, line startLine: Int) {
        // A string the file ends in right after its opening (`"`, `%q(`) has no content to start at: it makes no
        // token, as every token's start is a byte of the file (readers look at the byte after a name without asking).
        guard start < bytes.count else { return }
        let savedLine = line
        line = startLine
        emit(.string, start: start, end: max(start, end), column: column)
        line = savedLine
    }

    /// Rust lifetimes and generic parameters (`'a`) are not character literals.
    private mutating func lexCharacterLiteral() {
        let start = position
        if peek(1) == Byte.backslash {
            var end = position + 2
            while end < bytes.count, end < position + 12, bytes[end] != Byte.apostrophe, bytes[end] != Byte.newline {
                end += 1
            }
            if end < bytes.count, bytes[end] == Byte.apostrophe {
                position = end + 1
                emit(.string, start: start + 1, end: end, column: start - lineStart + 1)
                return
            }
        }
        var end = position + 1
        // One UTF-8 scalar then a closing apostrophe.
        if end < bytes.count { end += 1 }
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        if end < bytes.count, bytes[end] == Byte.apostrophe {
            position = end + 1
            emit(.string, start: start + 1, end: end, column: start - lineStart + 1)
        } else if language == .kotlin || language == .java || language == .csharp || language == .go {
            lexQuoted(quote: Byte.apostrophe, raw: false, tokenStart: position)
        } else {
            position += 1
            emit(.punctuation, start: start, end: position, column: start - lineStart + 1)
        }
    }

    private mutating func lexRawSwiftString() {
        let start = position
        var hashes = 0
        while peek(0) == Byte.hash {
            hashes += 1
            position += 1
        }
        guard peek(0) == Byte.quote else {
            emit(.punctuation, start: start, end: position, column: start - lineStart + 1)
            return
        }
        lexRawUntil(quoteThenHashes: hashes, tokenStart: start)
    }

    /// Lexes `"…"###` with `hashes` closing hashes (Swift `#"…"#`, Rust `r#"…"#`).
    private mutating func lexRawUntil(quoteThenHashes hashes: Int, tokenStart: Int) {
        let column = tokenStart - lineStart + 1
        let startLine = line
        position += 1
        let contentStart = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == Byte.newline {
                position += 1
                newLine()
                continue
            }
            if byte == Byte.quote {
                var count = 0
                while count < hashes, peek(1 + count) == Byte.hash { count += 1 }
                if count == hashes {
                    let end = position
                    position += 1 + hashes
                    emitString(contentStart, end, column: column, line: startLine)
                    return
                }
            }
            position += 1
        }
        emitString(contentStart, position, column: column, line: startLine)
    }

    /// A `/` starts a regular expression where a value is expected, not after one.
    private mutating func regexAllowed() -> Bool {
        guard let last = tokens.last else { return true }
        switch last.kind {
        case .number, .string: return false
        case .identifier:
            return RegexPrecedingKeywords.contains(bytes[last.start..<last.end])
        case .punctuation:
            let byte = bytes[last.start]
            return byte != Byte.closeParen && byte != Byte.closeBracket && byte != Byte.closeBrace
        }
    }

    private mutating func lexRegex() {
        let start = position
        var cursor = position + 1
        var inClass = false
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == Byte.newline { break }
            if byte == Byte.backslash {
                cursor += 2
                continue
            }
            if byte == Byte.openBracket { inClass = true } else if byte == Byte.closeBracket { inClass = false }
            if byte == Byte.slash && !inClass {
                position = cursor + 1
                while position < bytes.count, Byte.isIdentifierPart(bytes[position]) { position += 1 }
                emit(.string, start: start + 1, end: cursor, column: start - lineStart + 1)
                return
            }
            cursor += 1
        }
        position += 1
        emit(.punctuation, start: start, end: position, column: start - lineStart + 1)
    }

    /// `<<~EOS`, `<<-EOS`, `<<EOS` (an upper-case word) and quoted forms; the body follows the line.
    private mutating func rubyHeredocStart() -> Bool {
        var cursor = position + 2
        var squiggly = false
        if cursor < bytes.count, bytes[cursor] == Byte.tilde || bytes[cursor] == Byte.minus {
            squiggly = true
            cursor += 1
        }
        // An upper-case word.
        guard let (label, quoted, end) = heredocLabel(at: cursor, startsWith: { $0 >= 65 && $0 <= 90 }) else { return false }
        // `<<~'EOS'` is text, like a single-quoted string; `<<~EOS` and `<<~"EOS"` interpolate `#{…}`.
        pendingHeredocs.append((Array(bytes[label]), squiggly, position - lineStart + 1, quoted != Byte.apostrophe))
        position = end
        return true
    }

    /// A heredoc's label at `start`, bare or in quotes (`EOS`, `'EOS'`, `"EOS"`), whose first byte `startsWith` accepts:
    /// the label's bytes, the quote around it (0 for none) and where the label (with its closing quote) ends.
    private func heredocLabel(at start: Int, startsWith accepts: (UInt8) -> Bool) -> (label: Range<Int>, quote: UInt8, end: Int)? {
        var cursor = start
        var quote: UInt8 = 0
        if cursor < bytes.count, bytes[cursor] == Byte.apostrophe || bytes[cursor] == Byte.quote {
            quote = bytes[cursor]
            cursor += 1
        }
        let labelStart = cursor
        while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
        guard cursor > labelStart, accepts(bytes[labelStart]) else { return nil }
        let label = labelStart..<cursor
        if quote != 0 {
            guard cursor < bytes.count, bytes[cursor] == quote else { return nil }
            cursor += 1
        }
        return (label, quote, cursor)
    }

    private mutating func lexHeredocBodies() {
        let heredocs = pendingHeredocs
        pendingHeredocs = []
        for heredoc in heredocs {
            let startLine = line
            let contentStart = position
            var contentEnd = position
            let firstInterpolation = interpolations.count
            while position < bytes.count {
                var lineEnd = position
                while lineEnd < bytes.count, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
                var first = position
                while first < lineEnd, bytes[first] == Byte.space || bytes[first] == Byte.tab { first += 1 }
                var last = lineEnd
                while last > first, bytes[last - 1] == Byte.carriageReturn { last -= 1 }
                let isTerminator = bytes[first..<last].elementsEqual(heredoc.terminator)
                    && (heredoc.squiggly || first == position)
                if isTerminator {
                    contentEnd = position
                    position = lineEnd
                    break
                }
                if heredoc.interpolates {
                    var cursor = first
                    while cursor < lineEnd {
                        let byte = bytes[cursor]
                        if byte == Byte.backslash {
                            cursor += 2  // `\#{` is text
                        } else if byte == Byte.hash, cursor + 1 < lineEnd, bytes[cursor + 1] == Byte.openBrace {
                            cursor = collectHashBraceInterpolation(at: cursor, lineEnd: lineEnd)
                        } else {
                            cursor += 1
                        }
                    }
                }
                position = lineEnd
                contentEnd = lineEnd
                if position < bytes.count {
                    position += 1
                    newLine()
                }
            }
            emitString(contentStart, contentEnd, column: heredoc.column, line: startLine)
            if interpolations.count > firstInterpolation { lexInterpolations(from: firstInterpolation) }
        }
    }

    /// At `#{` (`cursor`) in a Ruby heredoc's or `%Q(…)` literal's body: records the code up to its matching `}` as
    /// an interpolation on the current line, and returns the index after that `}`. The code must close on its line
    /// (`lineEnd`, where the body's scan tracks lines); one that does not is left as text, and the scan goes on
    /// after its `#` (a `%Q{…}` literal still counts the `{`).
    private mutating func collectHashBraceInterpolation(at cursor: Int, lineEnd: Int) -> Int {
        collectBraceInterpolation(codeStart: cursor + 2, lineEnd: lineEnd) ?? cursor + 1
    }

    /// The code from `codeStart`, inside a `{` already open, up to its matching `}` on the line (`lineEnd`): recorded
    /// as an interpolation on the current line; the index after that `}`, or nil when the line ends first.
    private mutating func collectBraceInterpolation(codeStart: Int, lineEnd: Int) -> Int? {
        var scan = codeStart
        var depth = 1
        let saved = position
        defer { position = saved }
        while scan < lineEnd {
            let byte = bytes[scan]
            if byte == Byte.openBrace {
                depth += 1
            } else if byte == Byte.closeBrace {
                depth -= 1
                if depth == 0 {
                    interpolations.append((codeStart, scan, line, lineStart))
                    return scan + 1
                }
            } else if byte == Byte.quote || byte == Byte.apostrophe {
                position = scan
                skipNestedQuoted(byte, stoppingAt: 0)
                scan = position
                continue
            }
            scan += 1
        }
        return nil
    }

    /// PHP's heredoc `<<<EOT` / `<<<"EOT"` (interpolating `{$x->y()}` and `${x}`) and nowdoc `<<<'EOT'` (text) at
    /// `position`: the body, up to the line whose first word is the terminator (indented since PHP 7.3, and followed
    /// by the code that continues: `EOT;`, `EOT);`), is one string. False (nothing lexed) when no label follows.
    private mutating func phpHeredoc() -> Bool {
        var cursor = position + 3
        while cursor < bytes.count, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
        guard let (label, quote, end) = heredocLabel(at: cursor, startsWith: Byte.isIdentifierStart) else { return false }
        cursor = end
        while cursor < bytes.count, bytes[cursor] == Byte.carriageReturn { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == Byte.newline else { return false }
        let column = position - lineStart + 1
        let startLine = line
        let interpolates = quote != Byte.apostrophe
        let firstInterpolation = interpolations.count
        position = cursor + 1
        newLine()
        let contentStart = position
        var contentEnd = bytes.count
        while position < bytes.count {
            var lineEnd = position
            while lineEnd < bytes.count, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            var first = position
            while first < lineEnd, bytes[first] == Byte.space || bytes[first] == Byte.tab { first += 1 }
            let afterLabel = first + label.count
            if afterLabel <= lineEnd, bytes[first..<afterLabel].elementsEqual(bytes[label]),
               afterLabel == lineEnd || !Byte.isIdentifierPart(bytes[afterLabel])
            {
                contentEnd = position
                position = afterLabel  // the code after the terminator (`;`, `)`) is lexed as code
                break
            }
            if interpolates {
                var scan = first
                while scan < lineEnd {
                    let byte = bytes[scan]
                    if byte == Byte.backslash {
                        scan += 2
                    } else if byte == Byte.openBrace, scan + 1 < lineEnd, bytes[scan + 1] == Byte.dollar {
                        scan = collectBraceInterpolation(codeStart: scan + 1, lineEnd: lineEnd) ?? scan + 1
                    } else if byte == Byte.dollar, scan + 1 < lineEnd, bytes[scan + 1] == Byte.openBrace {
                        scan = collectBraceInterpolation(codeStart: scan + 2, lineEnd: lineEnd) ?? scan + 1
                    } else {
                        scan += 1
                    }
                }
            }
            position = lineEnd
            if position < bytes.count {
                position += 1
                newLine()
            }
        }
        emitString(contentStart, min(contentEnd, bytes.count), column: column, line: startLine)
        if interpolations.count > firstInterpolation { lexInterpolations(from: firstInterpolation) }
        return true
    }

    /// The byte closing a delimited literal opened by `open` (Ruby's `%w[…]`, Elixir's sigils `~s(…)`): a bracket's
    /// partner, or `open` itself for the delimiters in `sameClosing`; nil for any other byte.
    private static func sigilClose(_ open: UInt8, sameClosing: [UInt8]) -> UInt8? {
        switch open {
        case Byte.openParen: Byte.closeParen
        case Byte.openBracket: Byte.closeBracket
        case Byte.openBrace: Byte.closeBrace
        case Byte.less: Byte.greater
        default: sameClosing.contains(open) ? open : nil
        }
    }

    /// `%w[…]`, `%i(…)`, `%q{…}`, `%Q<…>`, `%(…)` string arrays and strings.
    private mutating func rubyPercentLiteral() -> Bool {
        var cursor = position + 1
        if cursor < bytes.count, Byte.isRubyPercentType(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count else { return false }
        let open = bytes[cursor]
        guard let close = Self.sigilClose(open, sameClosing: [Byte.bar, UInt8(ascii: "!")]) else { return false }
        if cursor == position + 1, open != Byte.openParen && open != Byte.openBracket && open != Byte.openBrace {
            return false
        }
        if cursor == position + 1, let last = tokens.last, last.kind != .punctuation { return false }
        let column = position - lineStart + 1
        let startLine = line
        // `%Q(…)`, `%(…)`, `%W[…]` and `%I[…]` interpolate `#{…}` like a double-quoted string; `%q`, `%w`, `%i` do not.
        let type = cursor == position + 1 ? 0 : bytes[position + 1]
        let interpolates = type == 0 || type == UInt8(ascii: "Q") || type == UInt8(ascii: "W") || type == UInt8(ascii: "I")
        let firstInterpolation = interpolations.count
        cursor += 1
        let contentStart = cursor
        var depth = 1
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == Byte.newline {
                position = cursor + 1
                newLine()
            } else if byte == Byte.backslash, cursor + 1 < bytes.count, bytes[cursor + 1] != Byte.newline {
                cursor += 1
            } else if interpolates, byte == Byte.hash, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.openBrace {
                var lineEnd = cursor
                while lineEnd < bytes.count, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
                cursor = collectHashBraceInterpolation(at: cursor, lineEnd: lineEnd)
                continue
            } else if byte == close && open != close {
                depth -= 1
                if depth == 0 { break }
            } else if byte == close {
                break
            } else if byte == open {
                depth += 1
            }
            cursor += 1
        }
        position = min(cursor + 1, bytes.count)
        emitString(contentStart, min(cursor, bytes.count), column: column, line: startLine)
        if interpolations.count > firstInterpolation { lexInterpolations(from: firstInterpolation) }
        return true
    }

    // MARK: - Identifiers and punctuation

    private mutating func lexIdentifier(start: Int, skip: Int) {
        let count = bytes.count
        // A local cursor, stored back once: the loop runs for every byte of every word.
        var cursor = start + skip
        while cursor < count, continuesIdentifier[Int(bytes[cursor])] { cursor += 1 }
        position = cursor
        let length = position - start
        let next = peek(0)
        // String prefixes: Python r"…", f"…", b'…'; Rust r"…", r#"…"#, b"…".
        if length <= 2, next == Byte.quote || next == Byte.apostrophe || (next == Byte.hash && language == .rust) {
            // The prefix's one or two bytes, lower-cased (0 when there is no second one).
            let first = Byte.lower(bytes[start])
            let second = length == 2 ? Byte.lower(bytes[start + 1]) : 0
            if isPython, Byte.isPythonStringPrefix(first), length == 1 || Byte.isPythonStringPrefix(second) {
                let raw = first == UInt8(ascii: "r") || second == UInt8(ascii: "r")
                let formatted = first == UInt8(ascii: "f") || second == UInt8(ascii: "f")
                lexQuoted(quote: next, raw: raw, tokenStart: start, interpolation: formatted ? .brace : Interpolation.none)
                return
            }
            if language == .rust, length == 1 && first == UInt8(ascii: "r")
                || length == 2 && first == UInt8(ascii: "b") && second == UInt8(ascii: "r")
            {
                var hashes = 0
                while peek(hashes) == Byte.hash { hashes += 1 }
                if peek(hashes) == Byte.quote {
                    position += hashes
                    lexRawUntil(quoteThenHashes: hashes, tokenStart: start)
                    return
                }
            }
            if language == .rust, length == 1, first == UInt8(ascii: "b"), next == Byte.quote {
                lexQuoted(quote: next, raw: false, tokenStart: start)
                return
            }
        }
        // Ruby and Elixir function names may end in ? or ! (`valid?`, `Req.post!`).
        if isRuby || isElixir, next == Byte.question || next == UInt8(ascii: "!"), peek(1) != Byte.equals {
            position += 1
        }
        if recordedKeywords.contains(bytes[start..<position]) {
            source.keywordTokens.append(tokens.count)
        }
        emit(.identifier, start: start, end: position, column: start - lineStart + 1)
    }

    /// For each byte value, whether a word goes on with it (`Byte.isIdentifierPart` or `$`): the loop over every byte
    /// of every word reads one entry instead of making five comparisons. Written once, then only read (hence
    /// `nonisolated(unsafe)`), and never freed: it lives as long as the process.
    nonisolated(unsafe) static let identifierContinuations: UnsafePointer<Bool> = {
        let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        for byte in 0...255 { table[byte] = Byte.isIdentifierPart(UInt8(byte)) || UInt8(byte) == Byte.dollar }
        return UnsafePointer(table)
    }()

    /// The words whose identifier tokens `LexedSource.keywordTokens` lists: what resolvers and fact extraction look
    /// for in whole files. Most identifiers are rejected by the set's length and first-byte masks.
    static let recordedKeywords = WordSet(["import", "export", "require", "constructor", "__init__", "initialize"])

    private mutating func lexPunctuation(_ byte: UInt8) {
        let start = position
        let next = peek(1)
        var width = 1
        if (byte == Byte.equals && next == Byte.greater) || (byte == Byte.minus && next == Byte.greater)
            || (byte == Byte.colon && next == Byte.colon) || (byte == Byte.question && next == Byte.dot)
        {
            width = 2
        }
        position += width
        emit(.punctuation, start: start, end: position, column: start - lineStart + 1)
    }

    // MARK: - Tokens and blocks

    /// Appends a token and runs the per-language and bracket hooks. Inlined into each caller: a call per token
    /// (prologue, spills, epilogue) costs about as much as the append itself.
    @inline(__always)
    private mutating func emit(_ kind: TokenKind, start: Int, end: Int, column: Int) {
        let index = tokens.count
        // Code in an interpolation starts no line: the string around it holds its line's first token.
        let firstOnLine = lastLine != line && interpolationDepth == 0
        if interpolationDepth == 0 { lastLine = line }
        if isElixir && firstOnLine && !elixirHeads.isEmpty { closeEndedElixirHeads(startingLineWith: start) }
        if isPython && firstOnLine && bracketDepth == 0 {
            if continued {
                continued = false
            } else {
                let first = lineStart + column - 1
                pythonLogicalLineStart(index: index, column: column, firstByte: first < bytes.count ? bytes[first] : 0)
            }
        }
        tokens.append(Token(
            kind: kind, start: start, end: end, line: line, column: column, block: stack.last ?? -1,
            firstOnLine: firstOnLine, interpolated: interpolationDepth > 0))
        switch kind {
        case .identifier:
            if isPython { pythonToken(index) } else if isRuby { rubyToken(index) } else if isElixir { elixirToken(index) }
        case .punctuation:
            // Ruby's hook reads identifiers only; Python's also ends a logical line's start on punctuation.
            if isPython { pythonToken(index) }
            // Most punctuation is no bracket (`.`, `,`, `;`, `=`): tested here rather than in a call per token.
            if end - start == 1, Byte.isBracket(bytes[start]) { bracket(bytes[start], at: index) }
        case .number, .string:
            break
        }
    }

    /// Opens or closes a block at a one-byte punctuation token when it is a bracket.
    private mutating func bracket(_ byte: UInt8, at index: Int) {
        switch byte {
        case Byte.openParen, Byte.openBracket, Byte.openBrace:
            if isRuby, byte == Byte.openBrace {
                open(kind: iterationCallee(before: index) ? .loop : .other, opener: .brace, at: index,
                     headerStart: index)
            } else if isElixir, byte == Byte.openBrace {
                // Tuples and maps (`{:ok, x}`, `%{id: 1}`): Elixir writes no body in braces.
                open(kind: .other, opener: .brace, at: index, headerStart: index)
            } else if byte == Byte.openBrace {
                let (kind, headerStart, name) = classifyBrace(at: index)
                open(kind: kind, opener: .brace, at: index, headerStart: headerStart, name: name)
            } else {
                // Elixir's comprehension written as a call: `for(note <- notes, do: summarize(note))`.
                let kind: BlockKind = byte == Byte.openParen && (iterationCallee(before: index)
                    || isElixir && token(index - 1, is: "for") && !token(index - 2, isPunctuation: Byte.dot)) ? .loop : .other
                if hasStatementLoops, byte == Byte.openParen, loopHeader(at: index) { source.loopHeaderParens.append(index) }
                open(kind: kind, opener: byte == Byte.openParen ? .paren : .bracket, at: index, headerStart: index)
                if kind == .loop, index > 0, token(index - 1, is: "all") || token(index - 1, is: "allSettled")
                    || token(index - 1, is: "gather")
                {
                    joinGroups.insert(source.blocks.count - 1)
                }
            }
            if isPython { bracketDepth += 1 }
        case Byte.closeParen, Byte.closeBracket, Byte.closeBrace:
            let opener: BlockOpener = byte == Byte.closeParen ? .paren : byte == Byte.closeBracket ? .bracket : .brace
            closeBracket(opener, at: index)
            tokens[index].block = stack.last ?? -1
            if isPython { bracketDepth = max(0, bracketDepth - 1) }
        default:
            break
        }
    }

    private mutating func open(kind: BlockKind, opener: BlockOpener, at index: Int, headerStart: Int,
                               name: Range<Int>? = nil) {
        let block = Block(
            kind: kind, opener: opener, parent: stack.last ?? -1, openToken: index, headerStart: headerStart,
            endToken: index, startLine: tokens[index].line, endLine: tokens[index].line,
            nameRange: name)
        source.blocks.append(block)
        stack.append(source.blocks.count - 1)
    }

    private mutating func close(_ block: Int, at index: Int) {
        source.blocks[block].endToken = index
        source.blocks[block].endLine = tokens[index].line
        // Both sets are empty in most files (comprehensions are Python's, joins are rare): every block closes here,
        // and a lookup hashes even in an empty set.
        if !groupsWithFor.isEmpty, groupsWithFor.contains(block) {
            source.blocks[block].kind = .loop
            hoistFirstIterable(of: block, closingAt: index)
        }
        if !joinGroups.isEmpty, joinGroups.remove(block) != nil, joinsFixedCalls(block, closingAt: index) {
            source.blocks[block].kind = .other
        }
        if isPython, source.blocks[block].kind == .loop, source.blocks[block].opener == .indentation,
           token(source.blocks[block].openToken, is: "for")
        {
            hoistForStatementIterable(of: block, closingAt: index)
        }
    }

    /// A Python `for` statement's iterable is evaluated once, before its loop: `for chunk in
    /// client.chat.completions.create(…, stream=True):` makes one call. Its tokens, and the blocks opened in it, belong
    /// to the block around the loop, as a comprehension's first iterable does.
    private mutating func hoistForStatementIterable(of block: Int, closingAt end: Int) {
        let parent = source.blocks[block].parent
        var cursor = source.blocks[block].openToken + 1
        while cursor < end, !(tokens[cursor].block == block && token(cursor, is: "in")) { cursor += 1 }
        let first = cursor + 1
        var iterableEnd = first
        while iterableEnd < end, !(tokens[iterableEnd].block == block && token(iterableEnd, isPunctuation: Byte.colon)) {
            iterableEnd += 1
        }
        guard first < iterableEnd, iterableEnd < end else { return }
        for index in first..<iterableEnd where tokens[index].block == block { tokens[index].block = parent }
        for inner in (block + 1)..<source.blocks.count where source.blocks[inner].parent == block {
            let open = source.blocks[inner].openToken
            if open >= iterableEnd { break }
            if open >= first { source.blocks[inner].parent = parent }
        }
    }

    /// A comprehension's first iterable is evaluated once, before its loop: `[d.embedding for d in
    /// client.embeddings.create(…).data]` makes one call. Its tokens, and the blocks opened in it, belong to the block
    /// around the comprehension (the iterables of later `for` clauses run once per item, and stay in the loop).
    private mutating func hoistFirstIterable(of block: Int, closingAt end: Int) {
        let parent = source.blocks[block].parent
        var cursor = source.blocks[block].openToken + 1
        while cursor < end, !isClause(cursor, of: block, "for") { cursor += 1 }
        while cursor < end, !isClause(cursor, of: block, "in") { cursor += 1 }
        let first = cursor + 1
        var iterableEnd = first
        while iterableEnd < end, !isClause(iterableEnd, of: block, "for"), !isClause(iterableEnd, of: block, "if"),
              !isClause(iterableEnd, of: block, "async")
        {
            iterableEnd += 1
        }
        guard first < iterableEnd else { return }
        for index in first..<iterableEnd where tokens[index].block == block { tokens[index].block = parent }
        for inner in (block + 1)..<source.blocks.count where source.blocks[inner].parent == block {
            let open = source.blocks[inner].openToken
            if open >= first, open < iterableEnd { source.blocks[inner].parent = parent }
        }
    }

    /// Whether token `index` is the keyword `word` of `block` itself (not of a group nested in it). A method, not a
    /// function nested in its caller: the nested one read the lexer through a copy of it.
    private mutating func isClause(_ index: Int, of block: Int, _ word: StaticString) -> Bool {
        tokens[index].block == block && token(index, is: word)
    }

    /// Whether a join's arguments are a fixed set of calls written out (`Promise.all([moderate(t), answer(t)])`,
    /// `asyncio.gather(summarize(d), tag(d))`): each runs once, which is not a loop. A spread or unpacked
    /// collection (`Promise.all([...jobs])`, `gather(*tasks)`) or a list built by iteration (`Promise.all(xs.map(…))`,
    /// whose `map` is the loop) stays a fan-out.
    private mutating func joinsFixedCalls(_ block: Int, closingAt index: Int) -> Bool {
        let open = source.blocks[block].openToken
        var elements = block
        var first = open + 1
        if token(first, isPunctuation: Byte.openBracket) {
            // `Promise.all([…])`: the array literal is the only argument.
            let close = tokens.partner(of: first)
            guard close > first, close + 1 == index || (close + 2 == index && token(close + 1, isPunctuation: Byte.comma))
            else { return false }
            elements = tokens[first + 1 < close ? first + 1 : first].block
            first += 1
        } else if language == .javascript || language == .typescript {
            return false
        }
        guard first < index else { return false }
        var calls = 0
        for cursor in first..<index where tokens[cursor].block == elements {
            if token(cursor, is: "...") || token(cursor, isPunctuation: Byte.star)
                || (token(cursor, isPunctuation: Byte.dot) && token(cursor + 1, isPunctuation: Byte.dot))
            {
                return false
            }
            if token(cursor, isPunctuation: Byte.openParen) { calls += 1 }
        }
        return calls >= 1
    }

    private mutating func closeBracket(_ opener: BlockOpener, at index: Int) {
        // From the top: the innermost open block is nearly always the one closed.
        guard let open = stack.lastIndex(where: { source.blocks[$0].opener == opener }), open >= stackFloor else { return }
        while let top = stack.popLast() {
            close(top, at: index)
            if source.blocks[top].opener == opener {
                let openToken = source.blocks[top].openToken
                tokens.pair(openToken, index)
                return
            }
        }
    }

    /// Whether the `(` at `index` opens a loop's header: `for (`, `for await (`, `while (`, `foreach (`, not a
    /// member so named (`query.for(…)`).
    private mutating func loopHeader(at index: Int) -> Bool {
        let keyword = token(index - 1, is: "await") ? index - 2 : index - 1
        guard keyword >= 0, token(keyword, is: "for") || (keyword == index - 1 && (token(keyword, is: "while")
            || token(keyword, is: "foreach")))
        else { return false }
        return !(token(keyword - 1, isPunctuation: Byte.dot) || token(keyword - 1, is: "?.") || token(keyword - 1, is: "->"))
    }

    /// Whether the call or block opening at `index` belongs to an iteration or fan-out callee
    /// (`items.map(`, `Promise.all(`, `asyncio.gather(`, `.each do`, `.forEach {`).
    private mutating func iterationCallee(before index: Int) -> Bool {
        var callee = index - 1
        // Ruby `items.each_slice(10) do` and Kotlin `list.chunked(5).forEach {`: skip one argument list.
        if callee >= 0, token(callee, isPunctuation: Byte.closeParen), family != .cLike
            || token(index, isPunctuation: Byte.openBrace)
        {
            let partner = tokens.partner(of: callee)
            if partner > 0 { callee = partner - 1 }
        }
        guard callee >= 0, tokens[callee].kind == .identifier else { return false }
        let token = tokens[callee]
        let word = bytes[token.start..<token.end]
        if word.equals("all") || word.equals("allSettled") {
            return callee >= 2 && self.token(callee - 2, is: "Promise")
        }
        // pandas applies a function to every row or value (`df["text"].apply(embed)`); elsewhere `apply` is no
        // iteration (Kotlin's scope function, JavaScript's `fn.apply(this, args)`).
        if isPython, word.equals("apply") || word.equals("progress_apply") || word.equals("parallel_apply") {
            return callee >= 1 && self.token(callee - 1, isPunctuation: Byte.dot)
        }
        if mapsSingleValue(callee: callee) { return false }
        // Slim's `$app->map(['GET', 'POST'], '/chat', …)` registers a route: its first argument lists HTTP methods.
        if language == .php, word.equals("map"), callee == index - 1, startsWithMethodList(after: tokens[index].end) {
            return false
        }
        return iterationNames.contains(word)
    }

    /// Whether the `map` or `flatMap` at `callee` maps a Java `Optional` (at most one value, not a collection):
    /// `Optional.ofNullable(doc).map(this::summarize)`, `docs.stream().findFirst().map(…)`.
    private mutating func mapsSingleValue(callee: Int) -> Bool {
        guard language == .java || language == .kotlin, token(callee, is: "map") || token(callee, is: "flatMap"),
              token(callee - 1, isPunctuation: Byte.dot) || token(callee - 1, is: "?."),
              token(callee - 2, isPunctuation: Byte.closeParen)
        else { return false }
        let maker = tokens.partner(of: callee - 2) - 1
        guard maker >= 0 else { return false }
        if token(maker, is: "findFirst") || token(maker, is: "findAny") { return true }
        return (token(maker, is: "ofNullable") || token(maker, is: "of")) && token(maker - 1, isPunctuation: Byte.dot)
            && token(maker - 2, is: "Optional")
    }

    /// Whether the bytes from `offset` open a list whose first element is an upper-case string (`['GET', …`).
    private mutating func startsWithMethodList(after offset: Int) -> Bool {
        var cursor = offset
        func skipBlanks() { while cursor < bytes.count, Byte.isInlineSpace(bytes[cursor]) || bytes[cursor] == Byte.newline { cursor += 1 } }
        skipBlanks()
        guard cursor < bytes.count, bytes[cursor] == Byte.openBracket else { return false }
        cursor += 1
        skipBlanks()
        guard cursor + 1 < bytes.count, bytes[cursor] == Byte.quote || bytes[cursor] == Byte.apostrophe else { return false }
        return (65...90).contains(bytes[cursor + 1])
    }

    /// Whether the line holding token `index` starts with the keyword `word`.
    private mutating func lineStarts(at index: Int, with word: StaticString) -> Bool {
        var first = index
        while first > 0, tokens[first - 1].line == tokens[index].line { first -= 1 }
        return token(first, is: word)
    }

    /// Decides what a `{` opens from the tokens of its header (C-like languages).
    private mutating func classifyBrace(at index: Int) -> (BlockKind, Int, Range<Int>?) {
        if isObjectTypeOpening(index) || isGoCollectionLiteralOpening(index) { return (.other, index, nil) }
        var cursor = index - 1
        var headerStart = index
        var steps = 0
        while cursor >= 0, steps < 80 {
            steps += 1
            let token = tokens[cursor]
            // Without mandatory semicolons, a header ends at the line break before it, unless the earlier
            // line is an annotation (`@Post()`) that belongs to it.
            if headerStart < index, token.line < tokens[headerStart].line, !language.requiresSemicolons,
               !lineStartsWithAnnotation(cursor)
            {
                break
            }
            if token.kind == .punctuation, token.end - token.start == 1 {
                let byte = bytes[token.start]
                // A function's object return type is part of its header: `): Promise<{ content: string }> {`.
                // So is a Go loop's collection written in place: `for _, j := range []job{ … } {`.
                if byte == Byte.closeBrace, case let partner = tokens.partner(of: cursor), partner >= 0,
                   isObjectTypeOpening(partner) || isGoCollectionLiteralOpening(partner)
                {
                    headerStart = partner
                    cursor = partner - 1
                    continue
                }
                if byte == Byte.closeParen || byte == Byte.closeBracket {
                    let partner = tokens.partner(of: cursor)
                    if partner < 0 { break }
                    headerStart = partner
                    cursor = partner - 1
                    continue
                }
                // Go's three-clause loop has no parentheses: `for i := 0; i < n; i++ {` is one header.
                if byte == Byte.semicolon, language == .go, lineStarts(at: cursor, with: "for") {
                    headerStart = cursor
                    cursor -= 1
                    continue
                }
                if byte == Byte.semicolon || byte == Byte.openBrace || byte == Byte.closeBrace
                    || byte == Byte.openParen || byte == Byte.openBracket
                {
                    break
                }
                // Commas separate arguments inside an argument list; in a statement (`for _, x := range`) they do not.
                if byte == Byte.comma, let top = stack.last, source.blocks[top].opener == .paren
                    || source.blocks[top].opener == .bracket
                {
                    break
                }
            }
            headerStart = cursor
            cursor -= 1
        }
        if index > 0, token(index - 1, is: "=>") || token(index - 1, is: "->") && language == .java {
            return (.function, headerStart, arrowFunctionName(arrow: index - 1))
        }
        var sawParenGroup = false
        var name: Range<Int>?
        var kind: BlockKind = .other
        // A branch's condition calls what it names: `match ai::complete(&q).await {`, Go's `switch kind(x) {`, Swift's
        // `if let r = try? summarize(x) {` open no function `complete`, `kind` or `summarize`.
        var branching = false
        var position = headerStart
        while position < index {
            let token = tokens[position]
            // A Kotlin function written as an expression whose body iterates, `fun summarizeAll(docs: List<Doc>) =
            // docs.map { client.chat(it) }`: the brace opens the iteration's lambda, not the function's body (which
            // `kotlinExpressionFunctions` finds).
            if kind == .function, language == .kotlin, token.kind == .punctuation, bytes[token.start] == Byte.equals,
               token.end - token.start == 1, tokens[index - 1].kind == .identifier,
               iterationNames.contains(bytes[tokens[index - 1].start..<tokens[index - 1].end]),
               self.token(index - 2, isPunctuation: Byte.dot) || self.token(index - 2, is: "?."), !mapsSingleValue(callee: index - 1)
            {
                return (.loop, headerStart, nil)
            }
            if token.kind == .identifier {
                let word = bytes[token.start..<token.end]
                if loopKeywords.contains(word) && !(language == .swift && word.equals("do")) {
                    return (.loop, headerStart, nil)
                }
                // Rust's `impl Trait` in a function's signature (`fn chat(…) -> impl Responder {`, `x: impl Into<String>`)
                // is a type: the brace opens the function's body, not an `impl` block.
                if containerKeywords.contains(word), !(kind == .function && language == .rust && word.equals("impl")) { kind = .container }
                if functionKeywords.contains(word), kind != .container { kind = .function }
                if name == nil, kind == .other, branchKeywords.contains(word) { branching = true }
                // Rust's `pub(crate) fn complete(`: the visibility's parenthesis names no function.
                if name == nil, !branching, self.token(position + 1, isPunctuation: Byte.openParen),
                   !controlKeywords.contains(word), !functionKeywords.contains(word),
                   !self.token(position - 1, isPunctuation: Byte.at), !(language == .rust && word.equals("pub"))
                {
                    name = token.start..<token.end
                }
                // A generic function or method names itself before its type parameters: TypeScript's `function
                // withRetry<T>(` and class method `async complete<T>(`, C#'s `Task<T> CompleteAsync<T>(`, Rust's
                // `fn complete<S: AsRef<str>>(`, Swift's `func run<T>(`, Go's `func Complete[T any](`.
                if name == nil, !branching, let close = typeParametersEnd(opening: position + 1, limit: index),
                   self.token(close + 1, isPunctuation: Byte.openParen), declaresGenericName(at: position, headerStart: headerStart)
                {
                    name = token.start..<token.end
                    // Their constraints are types, not this header's keywords (`<T extends Base>` is no class).
                    position = close + 1
                    continue
                }
                // C#'s constraints after the parameters, `where T : class`, name types, not a container.
                if language == .csharp, name != nil, word.equals("where") { break }
            } else if token.kind == .punctuation, bytes[token.start] == Byte.openParen
                || bytes[token.start] == Byte.openBracket
            {
                if bytes[token.start] == Byte.openParen { sawParenGroup = true }
                let partner = tokens.partner(of: position)
                if partner > position { position = partner }
            }
            position += 1
        }
        if kind == .container { return (.container, headerStart, nil) }
        // `const handler = async (req) => {`: the name is before the `=`.
        if kind == .other, index > 0, tokens[index - 1].kind == .identifier,
           iterationNames.contains(bytes[tokens[index - 1].start..<tokens[index - 1].end]), !mapsSingleValue(callee: index - 1)
        {
            return (.loop, headerStart, nil)
        }
        if kind == .function || (sawParenGroup && name != nil) {
            if name == nil { name = assignedName(headerStart: headerStart, brace: index) }
            return (.function, headerStart, name)
        }
        return (.other, headerStart, nil)
    }

    /// Whether the `{` at `index` opens a TypeScript object type rather than code: after a type annotation's colon
    /// or in a generic argument or a union (`: { ok: boolean }`, `Promise<{ content: string }>`, `A | { b: C }`).
    private mutating func isObjectTypeOpening(_ index: Int) -> Bool {
        guard language == .typescript, index > 0, tokens[index - 1].kind == .punctuation,
              tokens[index - 1].end - tokens[index - 1].start == 1
        else { return false }
        let byte = bytes[tokens[index - 1].start]
        return byte == Byte.colon || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "&")
    }

    /// Whether the `{` at `index` opens a Go slice, array or map literal (`[]job{`, `[]pkg.Job{`, `[]*Job{`,
    /// `map[string]string{`), which Go allows unparenthesised in a `for`/`if`/`switch` header, rather than a block. A
    /// function's result type (`func f() []Item {`, `map[string][]Item {`, `<-chan []byte {`) stands after its
    /// parameters' `)`, and is no literal.
    private mutating func isGoCollectionLiteralOpening(_ index: Int) -> Bool {
        // A type's own braces (`Cache[K comparable] struct{}`, `[]struct{ … }{`) are no literal's.
        guard language == .go, index > 1, tokens[index - 1].kind == .identifier, !token(index - 1, is: "struct"),
              !token(index - 1, is: "interface")
        else { return false }
        var cursor = index - 2
        if token(cursor, isPunctuation: Byte.dot), cursor >= 1, tokens[cursor - 1].kind == .identifier { cursor -= 2 }
        if token(cursor, is: "*") { cursor -= 1 }
        guard token(cursor, isPunctuation: Byte.closeBracket) else { return false }
        // Back over the rest of the type (`map[string][]Item`, `chan []byte`, `<-chan`, `*`) to what stands before it.
        var typeStart = tokens.partner(of: cursor)
        guard typeStart >= 0 else { return false }
        while typeStart > 0 {
            if token(typeStart - 1, isPunctuation: Byte.closeBracket), case let open = tokens.partner(of: typeStart - 1), open >= 0 {
                typeStart = open
            } else if token(typeStart - 1, is: "map") || token(typeStart - 1, is: "chan") || token(typeStart - 1, is: "*")
                || token(typeStart - 1, is: "<-")
            {
                typeStart -= 1
            } else {
                break
            }
        }
        return !token(typeStart - 1, isPunctuation: Byte.closeParen)
    }

    private mutating func lineStartsWithAnnotation(_ index: Int) -> Bool {
        var cursor = index
        let line = tokens[index].line
        while cursor > 0, tokens[cursor - 1].line == line { cursor -= 1 }
        // Java's and Python's `@Post()`, Rust's `#[post("/chat")]`.
        return token(cursor, isPunctuation: Byte.at)
            || (language == .rust && token(cursor, isPunctuation: Byte.hash) && token(cursor + 1, isPunctuation: Byte.openBracket))
    }

    /// Whether the identifier at `position`, followed by type parameters and a parameter list, is the name a
    /// declaration gives (`function name<T>(`, `fn name<T>(`, a method `async name<T>(` or `Task<T> Name<T>(`) rather
    /// than a generic call in an expression (`x = parse<T>(`, `this.get<T>(`, `new List<T>(`, `return make<T>(`).
    private mutating func declaresGenericName(at position: Int, headerStart: Int) -> Bool {
        switch language {
        case .typescript, .csharp, .rust, .swift, .go: break
        default: return false
        }
        guard position > headerStart else { return language == .typescript || language == .csharp }
        let previous = tokens[position - 1]
        if previous.kind == .identifier {
            let word = bytes[previous.start..<previous.end]
            if functionKeywords.contains(word) { return true }
            // Methods of TypeScript's and C#'s classes have no keyword: modifiers or a return type stand before.
            return (language == .typescript || language == .csharp) && !controlKeywords.contains(word)
        }
        // C#'s return types ending in a type argument, an array or a nullable mark: `Task<T> Name<T>(`, `int[] Name<T>(`.
        guard language == .csharp, previous.kind == .punctuation, previous.end - previous.start == 1 else { return false }
        let byte = bytes[previous.start]
        return byte == Byte.greater || byte == Byte.closeBracket || byte == Byte.question
    }

    /// The token closing type parameters opened at `opening` (`<T>`, `<T extends Record<string, unknown>>`, `<F
    /// extends () => void>`, Rust's `<F: Fn() -> T>`, Go's `[T any]`), before `limit`; nil when `opening` opens none or
    /// nothing closes it there.
    private mutating func typeParametersEnd(opening: Int, limit: Int) -> Int? {
        if language == .go {
            guard token(opening, isPunctuation: Byte.openBracket) else { return nil }
            let close = tokens.partner(of: opening)
            return close > opening && close < limit ? close : nil
        }
        guard token(opening, isPunctuation: UInt8(ascii: "<")) else { return nil }
        var depth = 0
        var cursor = opening
        while cursor < limit, cursor - opening < 48 {
            let token = tokens[cursor]
            if token.kind == .punctuation, !self.token(cursor, is: "=>"), !self.token(cursor, is: "->") {
                for offset in token.start..<token.end {
                    if bytes[offset] == UInt8(ascii: "<") { depth += 1 }
                    if bytes[offset] == UInt8(ascii: ">") { depth -= 1 }
                }
                if depth == 0 { return cursor }
                if depth < 0 { return nil }
                let partner = tokens.partner(of: cursor)
                if partner > cursor { cursor = partner }
            }
            cursor += 1
        }
        return nil
    }

    /// The variable an arrow function is assigned to: `const summarize = async (text) => {`.
    private mutating func arrowFunctionName(arrow: Int) -> Range<Int>? {
        var cursor = arrow - 1
        // TypeScript's return type between the parameters and the arrow: `async (text: string): Promise<string> =>`.
        if language == .typescript, let parameters = parametersEnd(beforeReturnTypeEndingAt: cursor) { cursor = parameters }
        if cursor >= 0, token(cursor, isPunctuation: Byte.closeParen) { cursor = tokens.partner(of: cursor) - 1 }
        else if cursor >= 0, tokens[cursor].kind == .identifier { cursor -= 1 }
        // A generic arrow's type parameters before its parameters: `async <T,>(prompt: string): Promise<T> =>`.
        if language == .typescript, cursor >= 1, let opening = tokens.typeParametersStart(closing: cursor, in: bytes) {
            cursor = opening - 1
        }
        if cursor >= 0, token(cursor, is: "async") { cursor -= 1 }
        // Wrapped as it is declared, `const protect = asyncHandler(async (req, res, next) => {`: the wrapper's
        // result is the function the name holds.
        if cursor >= 4, token(cursor, isPunctuation: Byte.openParen), tokens[cursor - 1].kind == .identifier,
           token(cursor - 2, isPunctuation: Byte.equals), tokens[cursor - 3].kind == .identifier,
           token(cursor - 4, is: "const") || token(cursor - 4, is: "let") || token(cursor - 4, is: "var")
        {
            return tokens[cursor - 3].start..<tokens[cursor - 3].end
        }
        // A Genkit flow, its options first: `const summarizeFlow = ai.defineFlow({ name: "summarize" }, async (input)
        // => {` (or the flow's name as a string): the flow is the function the name holds, which `onCallGenkit`,
        // `startFlowServer` and `expressHandler` serve.
        if cursor >= 8, token(cursor, isPunctuation: Byte.comma) {
            var first = cursor - 1
            if token(first, isPunctuation: Byte.closeBrace) { first = tokens.partner(of: first) } else if tokens[first].kind != .string { first = -1 }
            if first >= 7, token(first - 1, isPunctuation: Byte.openParen),
               token(first - 2, is: "defineFlow") || token(first - 2, is: "defineStreamingFlow"),
               token(first - 3, isPunctuation: Byte.dot), tokens[first - 4].kind == .identifier,
               token(first - 5, isPunctuation: Byte.equals), tokens[first - 6].kind == .identifier,
               token(first - 7, is: "const") || token(first - 7, is: "let") || token(first - 7, is: "var")
            {
                return tokens[first - 6].start..<tokens[first - 6].end
            }
        }
        guard cursor >= 1, token(cursor, isPunctuation: Byte.equals) || token(cursor, isPunctuation: Byte.colon),
              tokens[cursor - 1].kind == .identifier
        else { return nil }
        if token(cursor, isPunctuation: Byte.equals), let declared = annotatedDeclaration(typeEnd: cursor - 1) {
            return declared
        }
        return tokens[cursor - 1].start..<tokens[cursor - 1].end
    }

    /// The `)` that ends an arrow function's parameters when a return type ending at `end` follows it (`(): Promise<
    /// string>`, `(id): { ok: boolean }`, `(): string | null`); nil when no `): ` starts the type on the arrow's line.
    private mutating func parametersEnd(beforeReturnTypeEndingAt end: Int) -> Int? {
        var cursor = end
        while cursor >= 1, tokens[cursor].line == tokens[end].line {
            let token = tokens[cursor]
            if token.kind == .punctuation, token.end - token.start == 1 {
                switch bytes[token.start] {
                case Byte.colon: return self.token(cursor - 1, isPunctuation: Byte.closeParen) ? cursor - 1 : nil
                case Byte.closeParen, Byte.closeBracket, Byte.closeBrace:
                    let open = tokens.partner(of: cursor)
                    guard open >= 0, open < cursor else { return nil }
                    cursor = open - 1
                    continue
                case Byte.dot, Byte.less, Byte.greater, Byte.comma, UInt8(ascii: "|"), UInt8(ascii: "&"), UInt8(ascii: "?"): break
                default: return nil
                }
            } else if token.kind == .punctuation {
                return nil
            }
            cursor -= 1
        }
        return nil
    }

    /// The variable of `const name: Type = …` (`let`, `var`; a dotted type, `NextApiHandler`, `Express.Handler`), for
    /// the type's last token: a function assigned there is `name`, not its type.
    private mutating func annotatedDeclaration(typeEnd: Int) -> Range<Int>? {
        var cursor = typeEnd
        while cursor >= 2, token(cursor - 1, isPunctuation: Byte.dot), tokens[cursor - 2].kind == .identifier {
            cursor -= 2
        }
        let name = cursor - 2
        guard name >= 1, token(cursor - 1, isPunctuation: Byte.colon), tokens[name].kind == .identifier,
              token(name - 1, is: "const") || token(name - 1, is: "let") || token(name - 1, is: "var")
        else { return nil }
        return tokens[name].start..<tokens[name].end
    }

    /// The variable a function literal is assigned to: `const summarize = async () => {`, or, when the assignment is
    /// in the function's own header, `const handler = async function (req) {` and `exports.handler = function (event) {`.
    private mutating func assignedName(headerStart: Int, brace: Int) -> Range<Int>? {
        for cursor in headerStart..<brace where token(cursor, isPunctuation: Byte.equals) {
            let function = token(cursor + 1, is: "async") ? cursor + 2 : cursor + 1
            guard cursor >= 1, token(function, is: "function"), tokens[cursor - 1].kind == .identifier else { break }
            return annotatedDeclaration(typeEnd: cursor - 1) ?? (tokens[cursor - 1].start..<tokens[cursor - 1].end)
        }
        var cursor = headerStart - 1
        var steps = 0
        while cursor >= 1, steps < 4 {
            steps += 1
            if token(cursor, isPunctuation: Byte.equals) || token(cursor, isPunctuation: Byte.colon),
               tokens[cursor - 1].kind == .identifier
            {
                if token(cursor, isPunctuation: Byte.equals), let declared = annotatedDeclaration(typeEnd: cursor - 1) {
                    return declared
                }
                return tokens[cursor - 1].start..<tokens[cursor - 1].end
            }
            cursor -= 1
        }
        return nil
    }

    // MARK: - Python

    private mutating func pythonLogicalLineStart(index: Int, column: Int, firstByte byte: UInt8) {
        let indent = column - 1
        while let top = stack.last, source.blocks[top].opener == .indentation,
              indentOf(block: top) >= indent
        {
            stack.removeLast()
            close(top, at: max(index - 1, source.blocks[top].openToken))
        }
        if byte == Byte.at {
            if decoratorStart < 0 { decoratorStart = index }
        } else {
            pendingDecoratorStartLine = decoratorStart
            decoratorStart = -1
        }
        pendingLineStart = true
    }

    private var pendingLineStart = false
    private var pendingDecoratorStartLine = -1

    private mutating func indentOf(block: Int) -> Int { tokens[source.blocks[block].headerStart].column - 1 }

    private mutating func pythonToken(_ index: Int) {
        let token = tokens[index]
        let lineStartToken = pendingLineStart
        pendingLineStart = false
        guard token.kind == .identifier else { return }
        let word = bytes[token.start..<token.end]
        if bracketDepth > 0 {
            if word.equals("for"), let top = stack.last, source.blocks[top].opener != .indentation {
                groupsWithFor.insert(top)
            }
            return
        }
        guard lineStartToken || pendingAsync else { return }
        if lineStartToken, word.equals("async") {
            pendingAsync = true
            pendingAsyncStart = index
            return
        }
        let headerStart = pendingAsync ? pendingAsyncStart : index
        pendingAsync = false
        let kind: BlockKind
        var name: Range<Int>?
        var start = headerStart
        if word.equals("def") {
            kind = .function
            if pendingDecoratorStartLine >= 0 { start = pendingDecoratorStartLine }
            name = pythonNameAfter(index)
        } else if word.equals("class") {
            kind = .container
            if pendingDecoratorStartLine >= 0 { start = pendingDecoratorStartLine }
        } else if word.equals("for") || word.equals("while") {
            kind = .loop
        } else if PythonCompoundKeywords.contains(word) {
            kind = .other
        } else {
            return
        }
        // Decorators sit at the def's indentation, so the block's indentation is still its header's.
        let block = Block(
            kind: kind, opener: .indentation, parent: stack.last ?? -1, openToken: index, headerStart: start,
            endToken: index, startLine: tokens[start].line, endLine: token.line, nameRange: name)
        source.blocks.append(block)
        stack.append(source.blocks.count - 1)
        tokens[index].block = source.blocks.count - 1
        if headerStart != index { tokens[headerStart].block = source.blocks.count - 1 }
    }

    private var pendingAsyncStart = -1

    private mutating func pythonNameAfter(_ index: Int) -> Range<Int>? {
        // The name is the next identifier, which has not been lexed yet: scan bytes directly.
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
        let start = cursor
        while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
        return cursor > start ? start..<cursor : nil
    }

    // MARK: - Ruby

    private mutating func rubyToken(_ index: Int) {
        let token = tokens[index]
        guard token.kind == .identifier else { return }
        let word = bytes[token.start..<token.end]
        // `x.end`, `:end`, `end:` are not keywords.
        if index > 0, self.token(index - 1, isPunctuation: Byte.dot) || self.token(index - 1, isPunctuation: Byte.colon) {
            return
        }
        if word.equals("end") {
            while stack.count > stackFloor, let top = stack.popLast() {
                close(top, at: index)
                if source.blocks[top].opener == .keyword { break }
            }
            tokens[index].block = stack.last ?? -1
            return
        }
        let statementStart = token.firstOnLine || self.token(index - 1, isPunctuation: Byte.equals)
            || self.token(index - 1, isPunctuation: Byte.openParen) || index == interpolationFirstToken
        var kind: BlockKind?
        var name: Range<Int>?
        if word.equals("def") {
            kind = .function
            name = rubyMethodName()
        } else if word.equals("class") || word.equals("module") {
            if statementStart { kind = .container }
        } else if word.equals("do") {
            // `while cond do` / `for x in xs do`: the loop keyword already opened the block.
            if let top = stack.last, source.blocks[top].opener == .keyword,
               tokens[source.blocks[top].openToken].line == token.line,
               isLoopKeyword(source.blocks[top].openToken)
            {
                return
            }
            kind = iterationCallee(before: index) || self.token(index - 1, is: "loop") ? .loop : .function
        } else if statementStart, word.equals("while") || word.equals("until")
            || word.equals("for")
        {
            kind = .loop
        } else if statementStart, word.equals("if") || word.equals("unless")
            || word.equals("case") || word.equals("begin")
        {
            kind = .other
        } else if word.equals("begin") {
            kind = .other
        }
        guard let kind else { return }
        open(kind: kind, opener: .keyword, at: index, headerStart: rubyStatementStart(index), name: name)
        tokens[index].block = stack.last ?? -1
    }

    private mutating func isLoopKeyword(_ index: Int) -> Bool {
        token(index, is: "while") || token(index, is: "until") || token(index, is: "for")
    }

    private mutating func rubyStatementStart(_ index: Int) -> Int {
        var cursor = index
        let line = tokens[index].line
        while cursor > 0, tokens[cursor - 1].line == line { cursor -= 1 }
        return cursor
    }

    private mutating func rubyMethodName() -> Range<Int>? {
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == Byte.space { cursor += 1 }
        var start = cursor
        while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) || bytes[cursor] == Byte.dot { cursor += 1 }
        // `def self.call` names `call`.
        if let dot = bytes[start..<cursor].lastIndex(of: Byte.dot) { start = dot + 1 }
        // `def refresh!` and `def valid?` name `refresh!` and `valid?`, as their calls spell them (the lexer keeps the
        // mark in a word): `Feed.refresh!` calls no method named `refresh`.
        if cursor > start, cursor < bytes.count, bytes[cursor] == Byte.question || bytes[cursor] == UInt8(ascii: "!"),
           cursor + 1 == bytes.count || bytes[cursor + 1] != Byte.equals
        {
            cursor += 1
        }
        return cursor > start ? start..<cursor : nil
    }

    // MARK: - Elixir

    /// Elixir opens a block at `do` and at `fn`, and `end` closes it; `do:` writes a body on one line and opens
    /// nothing. A `def`, a `defmodule` and a `for` comprehension open their block at the keyword (for the function's
    /// name, and for a one-line `def f(x), do: g(x)`), and their `do` then opens no second one.
    private mutating func elixirToken(_ index: Int) {
        let token = tokens[index]
        // `x.end` and the atoms `:do`, `:end`: no keywords. (A keyword list's value, `do: fn -> … end`, is one: its
        // colon is apart from the word.)
        if self.token(index - 1, isPunctuation: Byte.dot)
            || self.token(index - 1, isPunctuation: Byte.colon) && tokens[index - 1].end == token.start
        {
            return
        }
        let word = bytes[token.start..<token.end]
        // A keyword list's key (`do:`, `else:`, `for:`): the word is followed by a single colon.
        if peek(0) == Byte.colon, peek(1) != Byte.colon {
            if word.equals("do"), let head = elixirHeads.last, head.block == stack.last, !head.oneLine {
                elixirHeads[elixirHeads.count - 1].oneLine = true
            }
            return
        }
        if word.equals("end") {
            // One-line bodies inside the block end with it (`fn -> for x <- xs, do: x end`).
            while stack.count > stackFloor, let head = elixirHeads.last, head.block == stack.last, head.oneLine {
                stack.removeLast()
                elixirHeads.removeLast()
                close(head.block, at: index - 1)
            }
            while stack.count > stackFloor, let top = stack.popLast() {
                close(top, at: index)
                if source.blocks[top].opener == .keyword { break }
            }
            while let head = elixirHeads.last, !stack.contains(head.block) { elixirHeads.removeLast() }
            tokens[index].block = stack.last ?? -1
            return
        }
        if word.equals("do") {
            // The body of the `def`, `defmodule` or `for` whose statement this is.
            if let head = elixirHeads.last, head.block == stack.last, !head.oneLine {
                elixirHeads.removeLast()
                return
            }
            open(kind: elixirDoBlockKind(at: index), opener: .keyword, at: index, headerStart: rubyStatementStart(index))
            tokens[index].block = stack.last ?? -1
            return
        }
        if word.equals("fn") {
            open(kind: .function, opener: .keyword, at: index, headerStart: index)
            tokens[index].block = stack.last ?? -1
            return
        }
        let statementStart = token.firstOnLine || self.token(index - 1, isPunctuation: Byte.equals)
            || self.token(index - 1, isPunctuation: Byte.openParen)
        // A comprehension is an expression: also a clause's body (`x -> for …`) or a keyword's value (`do: for …`).
        let expressionStart = statementStart || self.token(index - 1, is: "->") || self.token(index - 1, isPunctuation: Byte.colon)
        guard statementStart || expressionStart && word.equals("for") else { return }
        let kind: BlockKind
        var name: Range<Int>?
        if ElixirFunctionKeywords.contains(word) {
            kind = .function
            name = elixirFunctionName()
        } else if word.equals("defmodule") || word.equals("defprotocol") || word.equals("defimpl") {
            kind = .container
        } else if word.equals("for") {
            kind = .loop
        } else {
            return
        }
        open(kind: kind, opener: .keyword, at: index, headerStart: index, name: name)
        tokens[index].block = stack.last ?? -1
        elixirHeads.append((source.blocks.count - 1, false))
    }

    /// What a `do … end` block no keyword opened is: a test's body runs as a function of its own; a call's block
    /// on an iteration (`Enum.each(notes) do`, rare) once per item; a branch's (`if`, `case`, `with`) in its place.
    private mutating func elixirDoBlockKind(at index: Int) -> BlockKind {
        let first = rubyStatementStart(index)
        if token(first, is: "test") || token(first, is: "setup") || token(first, is: "setup_all") { return .function }
        return iterationCallee(before: index) ? .loop : .other
    }

    /// The name after `def`: a word, with the `?` or `!` that may end it (`def valid?(x)`, `def fetch!(id)`).
    private mutating func elixirFunctionName() -> Range<Int>? {
        var cursor = position
        while cursor < bytes.count, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
        let start = cursor
        guard cursor < bytes.count, Byte.isIdentifierStart(bytes[cursor]) else { return nil }
        while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
        if cursor < bytes.count, bytes[cursor] == Byte.question || bytes[cursor] == UInt8(ascii: "!") { cursor += 1 }
        return start..<cursor
    }

    /// At the first token of a line: closes the `def`s and `for`s whose statement ended on the line before, a
    /// one-line body (`def get(id), do: Repo.get(Note, id)`) or a head without one (`def page(query, opts \\ [])`).
    /// A statement goes on past a line end after an operator or a comma, or when the next line starts with one
    /// (`|> Enum.map(…)`, `when is_binary(x) do`).
    private mutating func closeEndedElixirHeads(startingLineWith start: Int) {
        // Heads a closing bracket ended (`foo(for x <- xs, do: x)`) are no longer open.
        while let head = elixirHeads.last, !stack.contains(head.block) { elixirHeads.removeLast() }
        let previous = tokens.count - 1
        guard previous >= 0, !elixirContinues(after: previous), !elixirContinuesLine(startingAt: start) else { return }
        while let head = elixirHeads.last, head.block == stack.last {
            stack.removeLast()
            elixirHeads.removeLast()
            close(head.block, at: previous)
        }
    }

    /// Whether the statement goes on after token `index`, the last of its line: a binary operator, a comma, `do:`'s
    /// colon, `when`, `and`, `or`, `in`.
    private mutating func elixirContinues(after index: Int) -> Bool {
        let token = tokens[index]
        if token.kind == .identifier {
            let word = bytes[token.start..<token.end]
            return word.equals("when") || word.equals("and") || word.equals("or") || word.equals("in") || word.equals("not")
        }
        guard token.kind == .punctuation else { return false }
        switch bytes[token.end - 1] {
        case Byte.comma, Byte.equals, Byte.greater, Byte.less, Byte.bar, Byte.ampersand, Byte.plus, Byte.minus,
             Byte.star, Byte.slash, Byte.backslash, Byte.colon, Byte.dot:
            return true
        default:
            return false
        }
    }

    /// Whether a line starting at byte `start` goes on the statement before it: a pipe, an operator, a guard.
    private mutating func elixirContinuesLine(startingAt start: Int) -> Bool {
        guard start < bytes.count else { return false }
        switch bytes[start] {
        case Byte.bar, Byte.dot, Byte.equals, Byte.less, Byte.greater, Byte.plus, Byte.star, Byte.slash, Byte.ampersand:
            return true
        default:
            var end = start
            while end < bytes.count, Byte.isIdentifierPart(bytes[end]) { end += 1 }
            let word = bytes[start..<end]
            return word.equals("when") || word.equals("and") || word.equals("or") || word.equals("in")
        }
    }

    /// `~s(…)`, `~r/…/i`, `~w[a b]a`, `~S"""…"""`, `~H"""…"""`: a sigil is a string (or a word list, a regular
    /// expression) between any of eight delimiters, lower-case ones interpolating. False when `~` starts no sigil.
    private mutating func elixirSigil() -> Bool {
        var cursor = position + 1
        let count = bytes.count
        guard cursor < count else { return false }
        let letter = bytes[cursor]
        if letter >= UInt8(ascii: "a") && letter <= UInt8(ascii: "z") {
            cursor += 1
        } else if letter >= UInt8(ascii: "A") && letter <= UInt8(ascii: "Z") {
            while cursor < count, (bytes[cursor] >= UInt8(ascii: "A") && bytes[cursor] <= UInt8(ascii: "Z")) || Byte.isDigit(bytes[cursor]) {
                cursor += 1
            }
        } else {
            return false
        }
        guard cursor < count else { return false }
        let open = bytes[cursor]
        let tokenStart = position
        if open == Byte.quote || open == Byte.apostrophe {
            position = cursor
            // Upper-case sigils (`~S"…"`) do not interpolate.
            lexQuoted(quote: open, raw: false, tokenStart: tokenStart,
                      interpolation: letter >= UInt8(ascii: "a") ? nil : Interpolation.none)
        } else {
            guard let close = Self.sigilClose(open, sameClosing: [Byte.slash, Byte.bar]) else { return false }
            let column = position - lineStart + 1
            let startLine = line
            cursor += 1
            let contentStart = cursor
            var depth = 1
            while cursor < count {
                let byte = bytes[cursor]
                if byte == Byte.newline {
                    position = cursor + 1
                    newLine()
                } else if byte == Byte.backslash, cursor + 1 < bytes.count, bytes[cursor + 1] != Byte.newline {
                    cursor += 1
                } else if byte == close {
                    depth -= 1
                    if depth == 0 || open == close { break }
                } else if byte == open {
                    depth += 1
                }
                cursor += 1
            }
            position = min(cursor + 1, count)
            emitString(contentStart, min(cursor, count), column: column, line: startLine)
        }
        // Modifiers: `~r/…/iu`, `~w[…]a`.
        while position < count, Byte.isIdentifierPart(bytes[position]) { position += 1 }
        return true
    }

    /// `?a`, `?\n`, `?"`: a character's code point, which a quote or `#` must not open a string or a comment in.
    private mutating func elixirCharacterLiteral() -> Bool {
        let start = position
        let next = peek(1)
        guard next != 0, next != Byte.newline, next != Byte.space, next != Byte.tab else { return false }
        position += next == Byte.backslash && peek(2) != 0 ? 3 : 2
        emit(.number, start: start, end: position, column: start - lineStart + 1)
        return true
    }
}

extension Slice where Base == UnsafeBufferPointer<UInt8> {
    /// Whether these bytes are exactly `text` (ASCII): a length test, then bytes, without going through `String`.
    @inline(__always)
    fileprivate func equals(_ text: StaticString) -> Bool {
        guard count == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        var offset = 0
        while offset < count, self[startIndex + offset] == pointer[offset] { offset += 1 }
        return offset == count
    }
}

/// Byte-keyed word sets for the lexer's classification: words grouped by length, compared byte by byte,
/// so a lookup neither allocates nor hashes.
public struct WordSet: Sendable {
    /// Every word's bytes, grouped by length: the words of length `n` are `groups[n].count` consecutive runs of
    /// `n` bytes from `groups[n].start`.
    private let storage: [UInt8]
    private let groups: [(start: Int, count: Int)]
    /// Bit `n` is set when some word is `n` bytes long, and bit `b` (of 128) when some word starts with byte `b`:
    /// most words asked about are rejected by these two tests alone.
    @usableFromInline let lengths: UInt64
    @usableFromInline let lowFirstBytes: UInt64
    @usableFromInline let highFirstBytes: UInt64
    /// Whether some word starts with a byte of 128 or above (outside the first-byte bits).
    @usableFromInline let hasNonASCIIFirstByte: Bool

    public init(_ list: [String]) {
        var byLength = [[[UInt8]]](repeating: [], count: 33)
        for word in list where word.utf8.count < 33 { byLength[word.utf8.count].append(Array(word.utf8)) }
        var storage: [UInt8] = []
        var groups: [(start: Int, count: Int)] = []
        var lengths: UInt64 = 0
        var low: UInt64 = 0
        var high: UInt64 = 0
        var nonASCII = false
        for (length, words) in byLength.enumerated() {
            groups.append((storage.count, words.count))
            for word in words {
                storage += word
                lengths |= 1 << UInt64(length)
                guard let first = word.first else { continue }
                if first < 64 { low |= 1 << UInt64(first) } else if first < 128 { high |= 1 << UInt64(first - 64) } else { nonASCII = true }
            }
        }
        self.storage = storage
        self.groups = groups
        self.lengths = lengths
        lowFirstBytes = low
        highFirstBytes = high
        hasNonASCIIFirstByte = nonASCII
    }

    /// Inlinable, so that the masks reject most words in the caller's module (detectors ask of every identifier of
    /// a file) without a call, and the slice is never materialised for them.
    @inlinable @inline(__always)
    public func contains(_ word: ArraySlice<UInt8>) -> Bool {
        !word.isEmpty && mayContain(length: word.count, first: word[word.startIndex]) && compare(word)
    }

    @usableFromInline @inline(never)
    func compare(_ word: ArraySlice<UInt8>) -> Bool { lookUp(word) }

    /// The same lookup over bytes the lexer reads through a buffer pointer. The length and first-byte masks are
    /// tested inline and reject most words the lexer asks about (every identifier, every brace header's words)
    /// before the out-of-line comparison.
    @inline(__always)
    func contains(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        !word.isEmpty && mayContain(length: word.count, first: word[word.startIndex]) && compare(word)
    }

    @inline(never)
    private func compare(_ word: Slice<UnsafeBufferPointer<UInt8>>) -> Bool { lookUp(word) }

    /// Whether some word is `length` bytes long and starts with `first`: the masks alone, for callers that test
    /// most of their words without a lookup.
    @inlinable @inline(__always)
    func mayContain(length: Int, first: UInt8) -> Bool {
        guard length < 33, lengths & (1 << UInt64(length)) != 0 else { return false }
        if first < 64 { return lowFirstBytes & (1 << UInt64(first)) != 0 }
        if first < 128 { return highFirstBytes & (1 << UInt64(first - 64)) != 0 }
        return hasNonASCIIFirstByte
    }

    @inline(__always)
    private func lookUp<Word: Collection>(_ word: Word) -> Bool where Word.Element == UInt8, Word.Index == Int {
        let length = word.count
        guard length > 0, mayContain(length: length, first: word[word.startIndex]) else { return false }
        let group = groups[length]
        var offset = group.start
        for _ in 0..<group.count {
            var index = 0
            while index < length, storage[offset + index] == word[word.startIndex + index] { index += 1 }
            if index == length { return true }
            offset += length
        }
        return false
    }
}

/// Callees whose argument or block runs once per item, or runs many calls at once.
public let IterationNames = WordSet([
    "map", "forEach", "flatMap", "each", "each_with_index", "each_slice", "each_with_object", "find_each",
    "find_in_batches", "in_batches", "times", "collect", "gather", "map_async", "starmap", "imap",
    "imap_unordered", "parallel", "pMap", "mapAsync", "forEachAsync", "WhenAll", "ForEach", "ForEachAsync",
    "Select", "join_all", "try_join_all", "for_each", "par_iter", "upto", "downto", "step", "filterMap",
    "concurrentMap", "async_map", "thread_map", "repeat", "reduce", "mapNotNull", "flat_map", "each_cons",
    // PHP's array functions call their callback for each element: `array_map(fn ($t) => embed($t), $texts)`.
    "array_map", "array_walk", "array_walk_recursive",
    // Java's streams (`IntStream.range(0, n).mapToObj(i -> …)`), Kotlin's collections (`docs.associateWith { … }`,
    // `mapIndexed`), C#'s LINQ `SelectMany`, Ruby's and Rust's `filter_map`.
    "mapToObj", "forEachOrdered", "mapIndexed", "forEachIndexed", "mapIndexedNotNull", "associateWith", "mapValues",
    "SelectMany", "filter_map",
    // Elixir's Task runs the function for each element, concurrently (`Task.async_stream(notes, &AI.summarize/1)`).
    "async_stream", "async_stream_nolink",
])

/// Words after which a `/` starts a regular expression rather than dividing.
let RegexPrecedingKeywords = WordSet(["return", "typeof", "case", "in", "of", "when", "if", "unless", "and", "or", "not"])

/// Keywords that open a loop body (C-like languages).
public let LoopKeywords = WordSet(["for", "while", "foreach", "loop", "do"])

/// Keywords that open a type or module body.
public let ContainerKeywords = WordSet([
    "class", "struct", "interface", "impl", "trait", "enum", "object", "extension", "namespace", "protocol",
    "record",
])

/// Elixir's keywords that define a function (Nx's `defn` among them).
let ElixirFunctionKeywords = WordSet([
    "def", "defp", "defmacro", "defmacrop", "defguard", "defguardp", "defn", "defnp",
    // `defdelegate summarize(text), to: Notes.AI`: a function whose body is another module's (FileFacts' calls).
    "defdelegate",
])

/// Keywords that open a function body.
public let FunctionKeywords = WordSet(["function", "func", "fun", "fn", "def", "init", "constructor"])

/// Keywords followed by a parenthesised condition, which are not function names.
public let ControlKeywords = WordSet([
    "if", "switch", "catch", "while", "for", "with", "synchronized", "using", "lock", "fixed", "when", "foreach",
    "guard", "return", "else", "try", "await", "new", "throw", "typeof", "match",
])

/// Keywords that open a branch on a condition or a value, whose header calls functions rather than declaring one.
public let BranchKeywords = WordSet(["if", "else", "match", "switch", "guard", "when", "unless"])

/// Python statements that open an indented body.
public let PythonCompoundKeywords = WordSet([
    "if", "elif", "else", "try", "except", "finally", "with", "match", "case",
])

/// How a string literal interpolates code.
enum Interpolation {
    case none
    /// `${…}`: JavaScript's template literals, Kotlin's strings.
    case dollarBrace
    /// `#{…}`: Ruby's double-quoted strings, Elixir's strings and charlists.
    case hashBrace
    /// `{…}`, with `{{` a literal brace: Python's f-strings, C#'s `$"…"`.
    case brace
    /// PHP's double-quoted `{$x->y()}` and `${x}`.
    case php
    /// Swift's `\(…)`.
    case swiftParen

    /// The bytes that may open an interpolation (0 for none; Swift's `\(` is found with its escapes).
    var openers: (UInt8, UInt8) {
        switch self {
        case .none, .swiftParen: (0, 0)
        case .dollarBrace: (Byte.dollar, Byte.dollar)
        case .hashBrace: (Byte.hash, Byte.hash)
        case .brace: (Byte.openBrace, Byte.openBrace)
        case .php: (Byte.openBrace, Byte.dollar)
        }
    }
}
