import Foundation
import GateCore

/// Finds DDL inside string literals of application code (`execute("ALTER TABLE …")`, `cursor.execute("""CREATE
/// TABLE …""")`, `` db.exec(`DROP INDEX …`) ``).
public enum DDLStrings {
    /// Statement openings that change the schema.
    static let openings: [[UInt8]] = [
        "alter table", "create table", "drop table", "create index", "create unique index", "drop index",
        "truncate", "alter type", "create type", "drop type", "create extension", "rename table",
    ].map { Array($0.utf8) }

    /// A cheap single-pass test: could any string in these bytes hold DDL? Looks for `table`, `index`, `type` and
    /// `extension` as words right after `alter`, `create`, `drop`, `unique` or `rename`, and for `truncate`, in any
    /// case, so ordinary code that merely says "index" or "table" is not read further.
    public static func mayContainDDL(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            // The first byte has no predecessor to test: only `truncate` can open there.
            if isDDLWord(text, at: 0) { return true }
            guard let base = text.baseAddress.map(UnsafeRawPointer.init) else { return false }
            let count = text.count
            var position = 1
            // Eight positions at a time: only a `t`, an `i` or an `e` (any case) after a byte that is no letter can
            // open one of the words, which leaves a few positions in a hundred.
            while position + 8 <= count {
                let before = ByteLanes.load(base, position - 1)
                let here = ByteLanes.load(base, position) | ByteLanes.broadcast(0x20)
                var candidates = (ByteLanes.equal(here, UInt8(ascii: "t")) | ByteLanes.equal(here, UInt8(ascii: "i"))
                    | ByteLanes.equal(here, UInt8(ascii: "e"))) & ~ByteLanes.letters(before)
                while candidates != 0 {
                    if isCandidate(text, base, at: position + candidates.trailingZeroBitCount >> 3) { return true }
                    candidates &= candidates &- 1
                }
                position += 8
            }
            for index in position..<max(position, count) where isCandidate(text, base, at: index) { return true }
            return false
        }
    }

    /// A cheaper first test for application code: could any string literal in these bytes open with DDL? Every
    /// literal `fragments` reads starts right after a quote (one, or three), past blanks, so bytes where no quote is
    /// followed by a DDL opening hold none. Code has about one quote in thirty bytes: `memchr` finds each kind many
    /// bytes a step, and only the bytes after each quote are read, where `mayContainDDL` weighs every byte.
    public static func mayHoldDDLString(_ bytes: [UInt8]) -> Bool { stringOpenings(bytes).contains(.ddl) }

    /// What the string literals of application code may open with.
    public struct StringOpenings: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// DDL, as `fragments` reads it.
        public static let ddl = StringOpenings(rawValue: 1)
        /// `UPDATE` or `INSERT`, as `writeFragments` reads them.
        public static let write = StringOpenings(rawValue: 2)
        /// No opening: a literal that is the first argument of a call naming a query builder's table
        /// (`from("tickets")`, `table('tickets')`, `knex("tickets")`; `tableNamingCalls`).
        public static let namedTable = StringOpenings(rawValue: 4)
    }

    /// The calls that name the table of a query builder's chain by their first argument: Supabase's and Knex's
    /// `from`/`table`/`into`, supabase-py's `table`/`from_`, Laravel's `DB::table`, Kysely's `updateTable` and
    /// `insertInto`, and the Knex instance itself under its usual names (`knex("tickets")`, `db("tickets")`,
    /// `trx("tickets")`).
    public static let tableNamingCalls = ["from", "table", "into", "knex", "db", "trx", "from_", "updateTable", "insertInto"]
    private static let tableNamingCallBytes = tableNamingCalls.map { Array($0.utf8) }
    private static let longestTableNamingCall = tableNamingCallBytes.map(\.count).max() ?? 0
    /// The names' last bytes (all ASCII), as a 128-bit set: most calls are turned away on the byte before their `(`.
    private static let tableNamingCallEnds = tableNamingCallBytes.reduce(UInt128(0)) { set, name in
        set | (name.last.map { UInt128(1) << UInt128($0 & 0x7F) } ?? 0)
    }

    /// `mayHoldDDLString`, the same test for statements that write rows, and for a query builder's table, in the
    /// one pass over the quotes.
    public static func stringOpenings(_ bytes: [UInt8]) -> StringOpenings {
        bytes.withUnsafeBufferPointer { text in
            guard let base = text.baseAddress else { return [] }
            var found: StringOpenings = []
            for quote in [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`")] {
                var index = 0
                while index < text.count, let match = memchr(base + index, Int32(quote), text.count - index) {
                    let position = UnsafePointer<UInt8>(match.assumingMemoryBound(to: UInt8.self)) - base
                    found.formUnion(opening(text, afterQuoteAt: position))
                    if position > 1, text[position - 1] == UInt8(ascii: "("), !found.contains(.namedTable),
                       namesTable(text, parenAt: position - 1) {
                        found.insert(.namedTable)
                    }
                    if found == [.ddl, .write, .namedTable] { return found }
                    index = position + 1
                }
            }
            return found
        }
    }

    /// Whether the word right before the `(` at `paren` is one of `tableNamingCalls`.
    private static func namesTable(_ text: UnsafeBufferPointer<UInt8>, parenAt paren: Int) -> Bool {
        let last = text[paren - 1]
        guard last < 0x80, tableNamingCallEnds & (UInt128(1) << UInt128(last)) != 0 else { return false }
        var start = paren
        while start > 0, paren - start <= longestTableNamingCall, isWordByte(text[start - 1]) { start -= 1 }
        let length = paren - start
        guard length > 0, length <= longestTableNamingCall else { return false }
        for name in tableNamingCallBytes where name.count == length {
            var equal = true
            for offset in 0..<length where text[start + offset] != name[offset] {
                equal = false
                break
            }
            if equal { return true }
        }
        return false
    }

    /// What the text after the quote at `quote`, past blanks, opens with.
    private static func opening(_ text: UnsafeBufferPointer<UInt8>, afterQuoteAt quote: Int) -> StringOpenings {
        var start = quote + 1
        while start < text.count, isSpace(text[start]) { start += 1 }
        // Every opening is at least eight bytes (`truncate`, `update x`).
        guard start + 8 <= text.count, let base = text.baseAddress else { return [] }
        // Most quotes open no word an opening starts with: its first four bytes tell, in one load.
        let head = UInt32(littleEndian: UnsafeRawPointer(base + start).loadUnaligned(as: UInt32.self)) | 0x2020_2020
        switch head {
        case OpeningHead.alter, OpeningHead.create, OpeningHead.drop, OpeningHead.truncate, OpeningHead.rename:
            // Where the literal ends is not known here: the opening's prefix alone lets through every literal
            // `fragments` reads (which also asks for a word's end inside the literal).
            return isDDL(text, at: start, end: text.count, wholeWord: false) ? .ddl : []
        case OpeningHead.update, OpeningHead.insert, OpeningHead.with, OpeningHead.copy:
            return opensWrite(text, at: start, end: text.count) ? .write : []
        default:
            // A write after SQL comments (sqlc's `-- name: CreateUser :one` line, a `/* job */` tag): only a
            // literal whose first two bytes open a comment is read further.
            let pair = head & 0xFFFF
            guard pair == OpeningHead.lineComment || pair == OpeningHead.blockComment else { return [] }
            return opensWrite(text, at: start, end: text.count) ? .write : []
        }
    }

    /// Whether the text at `start` (past blanks), after any SQL comments, opens a statement that writes rows:
    /// `UPDATE name`, `INSERT INTO`, a common table expression (`WITH s AS (…)`, whose statement may be either) or
    /// `COPY name (…)`.
    static func opensWrite<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int, end: Int) -> Bool
    where Bytes.Index == Int {
        let start = skippingComments(bytes, from: start, end: end)
        guard start + 8 <= end else { return false }
        switch bytes[start] | 0x20 {
        case UInt8(ascii: "u"), UInt8(ascii: "i"): return isWrite(bytes, at: start, end: end)
        case UInt8(ascii: "w"): return opensCTE(bytes, at: start, end: end)
        case UInt8(ascii: "c"): return opensCopy(bytes, at: start, end: end)
        default: return false
        }
    }

    /// `start` past blanks and the SQL comments that open the text there (`-- …` to its line's end, `/* … */`),
    /// at most a few hundred bytes of them: a literal's leading comments are short.
    static func skippingComments<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, from start: Int, end: Int) -> Int
    where Bytes.Index == Int {
        var index = start
        let limit = min(end, start + 512)
        while index + 1 < limit {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                while index < limit, bytes[index] != 0x0A { index += 1 }
                guard index < limit else { return start }
            } else if bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*") {
                index += 2
                while index + 1 < limit, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) {
                    index += 1
                }
                guard index + 1 < limit else { return start }
                index += 2
            } else {
                return index
            }
            while index < end, isSpace(bytes[index]) { index += 1 }
        }
        return index
    }

    /// `WITH [RECURSIVE] name [(…)] AS`: a common table expression, whose statement `RowWrite` reads past it.
    private static func opensCTE<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int, end: Int) -> Bool
    where Bytes.Index == Int {
        guard var index = word(bytes, "with", at: start, end: end) else { return false }
        if let after = word(bytes, "recursive", at: index, end: end) { index = after }
        guard let name = nameEnd(bytes, at: index, end: end) else { return false }
        index = name
        while index < end, isSpace(bytes[index]) { index += 1 }
        if index < end, bytes[index] == UInt8(ascii: "(") {
            // The CTE's column list: names and commas only.
            index += 1
            while index < end, bytes[index] != UInt8(ascii: ")") {
                guard isWordByte(bytes[index]) || isSpace(bytes[index]) || bytes[index] == UInt8(ascii: ",")
                    || bytes[index] == UInt8(ascii: "\"") else { return false }
                index += 1
            }
            index += 1
        }
        return word(bytes, "as", at: index, end: end) != nil
    }

    /// `COPY name (` or `COPY schema.name (`: a column list, which a sentence ("Copy to clipboard") has not.
    private static func opensCopy<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int, end: Int) -> Bool
    where Bytes.Index == Int {
        guard var index = word(bytes, "copy", at: start, end: end), let name = nameEnd(bytes, at: index, end: end)
        else { return false }
        index = name
        if index < end, bytes[index] == UInt8(ascii: "."), let qualified = nameEnd(bytes, at: index + 1, end: end) {
            index = qualified
        }
        while index < end, isSpace(bytes[index]) { index += 1 }
        return index < end && bytes[index] == UInt8(ascii: "(")
    }

    /// Past blanks, `word` (lower case) in any case and the blanks after it, which it must have: where the next
    /// word starts.
    private static func word<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, _ word: StaticString, at start: Int, end: Int
    ) -> Int? where Bytes.Index == Int {
        var index = start
        while index < end, isSpace(bytes[index]) { index += 1 }
        let length = word.utf8CodeUnitCount
        guard index + length < end else { return nil }
        for offset in 0..<length where bytes[index + offset] | 0x20 != word.utf8Start[offset] { return nil }
        guard isSpace(bytes[index + length]) else { return nil }
        return index + length + 1
    }

    /// Past blanks, the end of a plain or double-quoted name.
    private static func nameEnd<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int, end: Int) -> Int?
    where Bytes.Index == Int {
        var index = start
        while index < end, isSpace(bytes[index]) { index += 1 }
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            while index < end, bytes[index] != UInt8(ascii: "\"") { index += 1 }
            return index < end ? index + 1 : nil
        }
        let first = index
        while index < end, isWordByte(bytes[index]) { index += 1 }
        return index > first ? index : nil
    }

    /// The first four bytes of the openings as one little-endian load: `alte`, `crea`, `drop`, `trun`, `rena`
    /// (literals, so the test per quote reads no global).
    private enum OpeningHead {
        static let alter: UInt32 = 0x6574_6C61
        static let create: UInt32 = 0x6165_7263
        static let drop: UInt32 = 0x706F_7264
        static let truncate: UInt32 = 0x6E75_7274
        static let rename: UInt32 = 0x616E_6572
        static let update: UInt32 = 0x6164_7075
        static let insert: UInt32 = 0x6573_6E69
        static let with: UInt32 = 0x6874_6977
        static let copy: UInt32 = 0x7970_6F63
        /// `--` and `/*`, in the low two bytes (after the case fold, which leaves both as they are).
        static let lineComment: UInt32 = 0x2D2D
        static let blockComment: UInt32 = 0x2A2F
    }

    /// Whether a DDL word (after its verb, for all but `truncate`) starts at `index`, after a byte that ends no
    /// word.
    @inline(__always)
    private static func isCandidate(_ text: UnsafeBufferPointer<UInt8>, _ base: UnsafeRawPointer, at index: Int) -> Bool {
        let count = text.count
        guard index + 3 < count, !isWordByte(text[index - 1]) else { return false }
        guard index + 8 <= count else { return isDDLWord(text, at: index) }
        // The word compared as one load: each candidate costs a few instructions, not a loop per word.
        let word = ByteLanes.load(base, index) | ByteLanes.broadcast(0x20)
        let length: Int
        if word & 0xFFFF_FFFF == Packed.type {
            length = 4
        } else if word & 0xFF_FFFF_FFFF == Packed.table || word & 0xFF_FFFF_FFFF == Packed.index {
            length = 5
        } else if word == Packed.truncate {
            return index + 8 == count || !isWordByte(text[index + 8])
        } else if word == Packed.extensio {
            // `extension` is nine bytes: the eight loaded and an `n`.
            guard index + 9 <= count, text[index + 8] | 0x20 == UInt8(ascii: "n") else { return false }
            length = 9
        } else {
            return false
        }
        return (index + length == count || !isWordByte(text[index + length])) && precededByVerb(text, before: index)
    }

    /// The DDL words as loaded by `ByteLanes.load`, in lower case.
    private enum Packed {
        static let type = packed("type"), table = packed("table"), index = packed("index")
        static let truncate = packed("truncate"), extensio = packed("extensio")

        private static func packed(_ word: StaticString) -> UInt64 {
            var value: UInt64 = 0
            for offset in 0..<word.utf8CodeUnitCount { value |= UInt64(word.utf8Start[offset]) << UInt64(offset * 8) }
            return value
        }
    }

    private static func isDDLWord(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        if matchesWord(bytes, at: index, "truncate") { return true }
        guard matchesWord(bytes, at: index, "table") || matchesWord(bytes, at: index, "index")
            || matchesWord(bytes, at: index, "type") || matchesWord(bytes, at: index, "extension")
        else { return false }
        return precededByVerb(bytes, before: index)
    }

    /// A blank or a line break: what may come before a literal's DDL.
    @inline(__always)
    public static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static let verbs: [StaticString] = ["alter", "create", "drop", "unique", "rename"]

    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    /// `word` (lower case) at `index` in any case, ending at a word boundary.
    private static func matchesWord(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let pointer = word.utf8Start
        for offset in 0..<length where bytes[index + offset] | 0x20 != pointer[offset] { return false }
        return index + length == bytes.count || !isWordByte(bytes[index + length])
    }

    private static func precededByVerb(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        var end = index
        while end > 0, isSpace(bytes[end - 1]) {
            end -= 1
        }
        guard end < index else { return false }
        var start = end
        while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
        let length = end - start
        for verb in verbs where verb.utf8CodeUnitCount == length {
            if (0..<length).allSatisfy({ bytes[start + $0] | 0x20 == verb.utf8Start[$0] }) { return true }
        }
        return false
    }

    /// String literals whose text starts with a DDL statement, each with the line it starts on. Backticks open a
    /// string only where the language says so (`backtickStrings`: JavaScript's templates, Go's raw strings; in
    /// Swift or Markdown they quote names); and a literal on a comment line (`/// try db.query("CREATE …")`, `#
    /// cursor.execute("DROP …")`) runs nothing.
    public static func fragments(in bytes: [UInt8], backtickStrings: Bool = true) -> [SQLFragment] {
        literals(in: bytes, backtickStrings: backtickStrings) { isDDL($0, at: $1, end: $2) }.map(\.fragment)
    }

    /// `fragments`, each with what the code hands it to: SQL run by a call, a message for people, or another value.
    public static func fragmentsWithUses(
        in bytes: [UInt8], backtickStrings: Bool = true, comments: LiteralUse.Comments
    ) -> [(fragment: SQLFragment, use: LiteralUse)] {
        let found = literals(in: bytes, backtickStrings: backtickStrings) { isDDL($0, at: $1, end: $2) }
        guard !found.isEmpty else { return [] }
        let uses = LiteralUse.uses(ofLiteralsAt: found.map(\.quote), in: bytes, comments: comments, scanner: CallScanner(bytes))
        return zip(found, uses).map { ($0.fragment, $1) }
    }

    /// String literals whose text starts with `UPDATE name` or `INSERT INTO`, a CTE or `COPY name (`, after any
    /// SQL comments (`opensWrite`), read as `fragments` reads DDL; the text keeps the comments, which
    /// `RowWrite.read` passes.
    public static func writeFragments(in bytes: [UInt8], backtickStrings: Bool = true) -> [SQLFragment] {
        literals(in: bytes, backtickStrings: backtickStrings) { opensWrite($0, at: $1, end: $2) }.map(\.fragment)
    }

    /// `UPDATE` or `INSERT` as a whole word at `start`, then a blank: `"update"` alone, `updated_at` and
    /// `"Insert a row"` (a sentence's next word is checked by the reader of the statement) open nothing here but a
    /// statement's first word.
    private static func isWrite<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at start: Int, end: Int) -> Bool
    where Bytes.Index == Int {
        // Every string literal of a file that may write rows is asked: the words are made once, and a literal whose
        // first byte opens neither is turned away on it.
        for word in writeVerbs where start + word.count < end && bytes[start] | 0x20 == word[0] {
            var matched = true
            for offset in 1..<word.count where bytes[start + offset] | 0x20 != word[offset] {
                matched = false
                break
            }
            if matched, isSpace(bytes[start + word.count]) { return true }
        }
        return false
    }

    private static let writeVerbs: [[UInt8]] = ["update", "insert"].map { Array($0.utf8) }

    /// The string literals of `bytes` whose text, past blanks, `opens` (bytes, start, end) accepts.
    private static func literals(
        in bytes: [UInt8], backtickStrings: Bool, opens: ([UInt8], Int, Int) -> Bool
    ) -> [(fragment: SQLFragment, quote: Int)] {
        let scanner = CallScanner(bytes)
        var fragments: [(fragment: SQLFragment, quote: Int)] = []
        var index = 0
        while index < bytes.count {
            // Code has about one quote in thirty bytes: the bytes between are passed sixteen at a time.
            guard let quote = bytes.withUnsafeBufferPointer({ ByteSearch.nextQuote(in: $0, from: index) }) else { break }
            index = quote
            let byte = bytes[index]
            guard backtickStrings || byte != 0x60 else {
                index += 1
                continue
            }
            let end = scanner.skipString(from: index)
            let triple = index + 2 < bytes.count && bytes[index + 1] == byte && bytes[index + 2] == byte && byte != 0x60
            let quoteLength = triple ? 3 : 1
            let contentStart = min(index + quoteLength, end)
            let contentEnd = max(contentStart, end - quoteLength)
            var start = contentStart
            while start < contentEnd, isSpace(bytes[start]) { start += 1 }
            if opens(bytes, start, contentEnd), !Self.isOnCommentLine(bytes, quote: index) {
                let raw = index > 0 && Self.isRawPrefix(bytes, before: index)
                let content = raw ? Array(bytes[start..<contentEnd]) : Self.unescape(bytes[start..<contentEnd])
                var text = String(decoding: content, as: UTF8.self)
                if byte == 0x60 { text = text.replacingTemplateSubstitutions() }
                fragments.append((SQLFragment(sql: text, line: scanner.line(at: start)), index))
            }
            index = max(end, index + 1)
        }
        return fragments
    }

    /// Whether the quote at `quote` is on a line that opens as a comment: `//`, `/*`, a `*` continuing a block
    /// comment, `--`, or `#` and a blank (not Swift's raw `#"…"#`).
    static func isOnCommentLine(_ bytes: [UInt8], quote: Int) -> Bool {
        var start = quote
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        while start < quote, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        guard start < quote else { return false }
        let first = bytes[start], second = start + 1 < bytes.count ? bytes[start + 1] : 0
        switch first {
        case UInt8(ascii: "/"): return second == UInt8(ascii: "/") || second == UInt8(ascii: "*")
        case UInt8(ascii: "*"): return second == 0x20 || second == 0x09 || second == UInt8(ascii: "/")
        case UInt8(ascii: "-"): return second == UInt8(ascii: "-")
        case UInt8(ascii: "#"): return second == 0x20 || second == 0x09
        default: return false
        }
    }

    /// Whether the literal opening at `quote` is raw, its backslashes literal: Python `r"…"` / `rb"…"` (not
    /// `f"…"` or a word ending in r, like `for"`), C# verbatim `@"…"`.
    static func isRawPrefix(_ bytes: [UInt8], before quote: Int) -> Bool {
        var start = quote
        while start > 0, start > quote - 2, CallScanner.isIdentifierStart(bytes[start - 1]) { start -= 1 }
        if start > 0, CallScanner.isIdentifier(bytes[start - 1]) { return false }
        let prefix = bytes[start..<quote].map { $0 | 0x20 }
        if prefix.contains(0x72) && prefix.allSatisfy({ $0 == 0x72 || $0 == 0x62 }) { return true }
        return quote > 0 && bytes[quote - 1] == 0x40
    }

    /// A string literal's content as the program sees it, so the SQL inside parses as the database will get it:
    /// `\'`, `\"`, `` \` ``, `\\` and `\$` lose their backslash (`DEFAULT \'\'` is `DEFAULT ''`); `\n`, `\t`
    /// and `\r` become a space, which SQL reads alike and which keeps the statement on its source line; other
    /// escapes are kept as written.
    static func unescape(_ content: ArraySlice<UInt8>) -> [UInt8] {
        guard content.contains(0x5C) else { return Array(content) }
        var result: [UInt8] = []
        result.reserveCapacity(content.count)
        var index = content.startIndex
        while index < content.endIndex {
            let byte = content[index]
            guard byte == 0x5C, index + 1 < content.endIndex else {
                result.append(byte)
                index += 1
                continue
            }
            let next = content[index + 1]
            switch next {
            case 0x27, 0x22, 0x60, 0x5C, 0x24: result.append(next)
            case 0x6E, 0x74, 0x72: result.append(0x20)
            case 0x0A: break  // a line continuation; the newline itself goes on counting lines below
            default: result += [byte, next]
            }
            if next == 0x0A { result.append(0x0A) }
            index += 2
        }
        return result
    }

    /// Whether an opening starts at `start`, as a whole word: `truncated output` and `"truncate.leeway"` open
    /// nothing.
    private static func isDDL<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes, at start: Int, end: Int, wholeWord: Bool = true
    ) -> Bool
    where Bytes.Index == Int {
        openings.contains { opening in
            guard start + opening.count <= end else { return false }
            for offset in 0..<opening.count where bytes[start + offset] | 0x20 != opening[offset] {
                if opening[offset] == 0x20, bytes[start + offset] == 0x0A || bytes[start + offset] == 0x09 { continue }
                return false
            }
            let after = start + opening.count
            return !wholeWord || after == end || !(isWordByte(bytes[after]) || bytes[after] == UInt8(ascii: "."))
        }
    }

    /// Whether SQL that opens like DDL but did not parse reads as a sentence instead: `Truncate the given
    /// traceback…`, `Truncate string if input string + suffix exceeds…`, `Create table of contents`, `Drop table of
    /// rows that…`, `create index failed for ${tenant}`, `drop index %s failed, retrying`. `TRUNCATE` takes table
    /// names and a few keywords only, so one followed by other words is a sentence; after the other openings, a
    /// sentence's next word is one no SQL name would be (an article, a preposition), or, unless the text is a
    /// template (`templated`, whose braces are no SQL either), it has none of SQL's punctuation; and a statement
    /// names what it acts on and goes on as its kind does (`ALTER TABLE name ADD …`, `CREATE INDEX name ON …`,
    /// `DROP TABLE name [CASCADE]`), where a sentence goes on in words (`alter table done`, `create table step
    /// skipped for %s: …`).
    public static func readsAsProse(_ sql: String, templated: Bool = false) -> Bool {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map { $0.lowercased() }
        guard let verb = words.first else { return false }
        // The opening alone (`"truncate"` in a list of keywords, a `"Drop table"` label) is no statement; with a
        // blank after it (`"DROP TABLE " + name`) it is one, completed by concatenation.
        let openingWords = verb == "create" && words.count > 1 && words[1] == "unique" ? 3 : verb == "truncate" ? 1 : 2
        let endsInBlank = sql.last?.isWhitespace ?? false
        if words.count <= openingWords { return !endsInBlank }
        if verb == "truncate" { return truncateReadsAsProse(words) }
        let hasPunctuation = sql.utf8.contains { [0x28, 0x29, 0x3B, 0x2C, 0x3D, 0x27, 0x22].contains($0) }
        if !templated, !hasPunctuation, words.count > 3 { return true }
        // The word after `create unique index`, `alter table` and the like: the name a statement would give.
        if proseWords.contains(words[openingWords]) { return true }
        return !goesOnAsStatement(statementTokens(sql), opening: openingWords, endsInBlank: endsInBlank)
    }

    /// Whether the words after a DDL opening go on as its statement does: the name it acts on (or a placeholder
    /// standing for it), then what such a statement has after the name. The end of the text after the name is a
    /// statement completed by concatenation only when a blank ends it (`"ALTER TABLE users "`), but for a DROP
    /// or CREATE EXTENSION, which need nothing more.
    private static func goesOnAsStatement(_ tokens: [String], opening: Int, endsInBlank: Bool) -> Bool {
        guard tokens.count >= opening else { return false }
        let verb = tokens[0], object = tokens[opening - 1]
        var index = opening
        func skip(_ words: Set<String>) { while index < tokens.count, words.contains(tokens[index]) { index += 1 } }
        switch (verb, object) {
        case ("create", "index"):
            skip(["concurrently", "if", "not", "exists"])
            // `CREATE INDEX ON t (c)` names no index.
            if index < tokens.count, tokens[index] == "on" { return true }
        case ("create", "table"), ("create", "extension"): skip(["if", "not", "exists"])
        case ("drop", _): skip(["if", "exists", "concurrently"])
        case ("alter", "table"): skip(["if", "exists", "only"])
        default: break
        }
        let completeAfterName = verb == "drop" || object == "extension"
        guard index < tokens.count else { return endsInBlank }
        guard isName(tokens[index]) else { return false }
        index += 1
        // `DROP TABLE a, b`.
        while verb == "drop", index + 1 < tokens.count, tokens[index] == ",", isName(tokens[index + 1]) { index += 2 }
        guard index < tokens.count else { return endsInBlank || completeAfterName }
        let next = tokens[index]
        switch (verb, object) {
        case ("create", "table"): return ["(", "as", "of", "partition", "using", "with", "tablespace", "inherits", "like"].contains(next)
        case ("create", "index"): return next == "on"
        case ("create", "type"): return ["as", "(", ";"].contains(next)
        case ("create", "extension"): return ["with", "schema", "version", "cascade", ";"].contains(next)
        case ("drop", _): return ["cascade", "restrict", ";"].contains(next)
        case ("alter", "table"): return alterTableActions.contains(next)
        case ("alter", "type"): return ["add", "rename", "owner", "set", "drop", "alter", ";"].contains(next)
        case ("rename", _): return next == "to" || next == ","
        default: return true
        }
    }

    /// What may follow `ALTER TABLE name` (Postgres's actions, and MySQL's `MODIFY`, `CHANGE`, `ENGINE`…).
    private static let alterTableActions: Set<String> = [
        "add", "drop", "alter", "rename", "set", "reset", "validate", "attach", "detach", "owner", "enable",
        "disable", "cluster", "inherit", "no", "replica", "force", "of", "not", "*", "modify", "change", "engine",
        "convert", "comment", "auto_increment", ";",
    ]

    /// The text's words in lower case, with `(`, `)`, `,` and `;` words of their own, and each placeholder of the
    /// string-building styles (`%s`, `%(name)s`, `{name}`, `#{name}`, `{{ name }}`, `$1`, `?`) made the word
    /// `placeholder`, so it reads as the name it stands for.
    private static func statementTokens(_ sql: String) -> [String] {
        var text = ""
        let characters = Array(sql.lowercased())
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "%", next == "(", let close = characters[index...].firstIndex(of: ")"), close + 1 < characters.count {
                text += "placeholder"
                index = close + 2
            } else if character == "%", let next, next.isLetter {
                text += "placeholder"
                index += 2
            } else if character == "{" || (character == "#" || character == "$") && next == "{" {
                var depth = 0
                while index < characters.count {
                    if characters[index] == "{" { depth += 1 }
                    if characters[index] == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    index += 1
                }
                text += "placeholder"
                index += 1
            } else if character == "$", let next, next.isNumber {
                text += "placeholder"
                index += 1
                while index < characters.count, characters[index].isNumber { index += 1 }
            } else if character == "?", next.map({ $0.isWhitespace || $0 == ")" || $0 == "," || $0 == ";" }) ?? true,
                      index == 0 || characters[index - 1].isWhitespace {
                text += "placeholder"
                index += 1
            } else if character == "(" || character == ")" || character == "," || character == ";" {
                text += " \(character) "
                index += 1
            } else {
                text.append(character)
                index += 1
            }
        }
        return text.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// Whether a word can be the name a statement acts on: a plain or schema-qualified identifier, a quoted one, a
    /// bind parameter (`:name`, `@name`), or a placeholder standing for one (`idx_placeholder`).
    private static func isName(_ word: String) -> Bool {
        guard let first = word.first else { return false }
        if first == "\"" || first == "`" || first == "[" { return true }
        let body = first == ":" || first == "@" ? word.dropFirst() : word[...]
        guard let last = body.last, last != "." else { return false }
        return body.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" || $0 == "." || $0 == "\"" || $0 == "`" }
    }

    /// Whether a literal reads as a sentence, not as SQL, whether or not it parses: a capital letter opens it and
    /// none follows, and it has none of SQL's punctuation (`"Drop table failed"`, `"Truncate table?"`). SQL is
    /// written in capitals or in lower case; a label or a message in sentence case.
    public static func readsAsSentence(_ sql: String) -> Bool {
        let text = sql.drop { $0.isWhitespace }
        guard let first = text.first, first.isUppercase, text.dropFirst().first?.isLowercase == true else { return false }
        return !text.dropFirst().contains { $0.isUppercase || "();,='\"".contains($0) }
    }

    /// `TRUNCATE [TABLE] [ONLY] name [, …] [RESTART | CONTINUE IDENTITY] [CASCADE | RESTRICT]`, read word by word:
    /// anything else after the first name makes a sentence.
    private static func truncateReadsAsProse(_ words: [String]) -> Bool {
        var index = 1
        while index < words.count, words[index] == "table" || words[index] == "only" { index += 1 }
        guard index < words.count else { return false }
        let name = words[index]
        if proseWords.contains(name) { return true }
        // A list of tables goes on after a comma.
        if name.hasSuffix(",") || name.hasSuffix(";") { return false }
        guard index + 1 < words.count else { return false }
        let next = words[index + 1]
        return !(next.hasPrefix(",") || next.hasPrefix(";") || truncateOptions.contains(next.trimmingCharacters(in: [";"])))
    }

    private static let truncateOptions: Set<String> = ["restart", "continue", "cascade", "restrict"]

    /// Words that follow `create table`, `drop index` and the like in a sentence, never as the statement's name
    /// (`if`, `on`, `only` and `concurrently` are SQL's own, and left out).
    private static let proseWords: Set<String> = [
        "the", "a", "an", "of", "for", "to", "with", "and", "or", "your", "our", "my", "this", "that", "these",
        "those", "all", "each", "every", "from", "into", "by", "is", "are", "was", "will", "which", "when", "so", "it",
        "its", "in", "at", "as", "be", "can", "should", "must", "then", "per",
    ]
}

extension String {
    /// `${expr}` in a JavaScript template becomes a placeholder identifier, so the SQL around it still parses.
    func replacingTemplateSubstitutions() -> String {
        var result = ""
        var depth = 0
        var iterator = makeIterator()
        var previous: Character = " "
        while let character = iterator.next() {
            if depth == 0, previous == "$", character == "{" {
                result.removeLast()
                result += "placeholder"
                depth = 1
            } else if depth > 0 {
                if character == "{" { depth += 1 }
                if character == "}" { depth -= 1 }
            } else {
                result.append(character)
            }
            previous = character
        }
        return result
    }
}
