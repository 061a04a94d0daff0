import CPgQuery
import Foundation

/// Owns one `PgQueryParseResult` and frees it exactly once, whatever path the caller takes.
private final class ParseResultHandle {
    let result: PgQueryParseResult

    init(_ sql: String) { result = pg_query_parse(sql) }

    deinit { pg_query_free_parse_result(result) }
}

/// Owns one `PgQuerySplitResult` and frees it exactly once.
private final class SplitResultHandle {
    let result: PgQuerySplitResult

    init(_ sql: String) { result = pg_query_split_with_parser(sql) }

    deinit { pg_query_free_split_result(result) }
}

/// One top-level statement of a parse: its node and where its text is in the parsed string.
struct RawStatement {
    /// The statement node, e.g. `["AlterTableStmt": [...]]`.
    var node: ParseNode
    /// UTF-8 byte range of the statement text in the parsed string (leading whitespace included, as the parser reports).
    var location: Int
    var length: Int
}

/// The Postgres parser (libpg_query), with its results copied into Swift values before the C memory is freed.
enum PgQueryParser {
    /// Parses `sql` into its statements; a syntax error becomes `SQLError.syntax` at the parser's cursor.
    static func parse(_ sql: String, bytes: [UInt8]) throws(SQLError) -> [RawStatement] {
        let handle = ParseResultHandle(sql)
        if let error = handle.result.error {
            throw syntaxError(error.pointee, function: "pg_query_parse", bytes: bytes)
        }
        guard let tree = handle.result.parse_tree else {
            throw SQLError.syntax(message: "pg_query_parse returned no parse tree", line: 1, column: 1)
        }
        let json = Array(UnsafeBufferPointer(start: UnsafeRawPointer(tree).assumingMemoryBound(to: UInt8.self), count: strlen(tree)))
        let document: JSONDocument
        do { document = try JSONDocument(json) } catch {
            throw SQLError.syntax(
                message: "pg_query_parse returned unreadable JSON at byte \(error.offset)", line: 1, column: 1)
        }
        let root = ParseNode(document: document, index: 0)
        var statements: [RawStatement] = []
        for entry in root["stmts"].array {
            let location = entry["stmt_location"].int ?? 0
            var length = entry["stmt_len"].int ?? 0
            // A length of zero means "to the end of the input".
            if length == 0 { length = bytes.count - location }
            statements.append(RawStatement(node: entry["stmt"], location: location, length: length))
        }
        return statements
    }

    /// Splits `sql` into statement byte ranges with the real parser (no tree is built).
    static func split(_ sql: String, bytes: [UInt8]) throws(SQLError) -> [Range<Int>] {
        let handle = SplitResultHandle(sql)
        if let error = handle.result.error {
            throw syntaxError(error.pointee, function: "pg_query_split_with_parser", bytes: bytes)
        }
        var ranges: [Range<Int>] = []
        guard let statements = handle.result.stmts else { return ranges }
        for index in 0..<Int(handle.result.n_stmts) {
            guard let statement = statements[index]?.pointee else { continue }
            let start = Int(statement.stmt_location)
            var length = Int(statement.stmt_len)
            if length == 0 { length = bytes.count - start }
            ranges.append(start..<min(bytes.count, start + length))
        }
        return ranges
    }

    private static func syntaxError(_ error: PgQueryError, function: String, bytes: [UInt8]) -> SQLError {
        let message = error.message.map { String(cString: $0) } ?? "unknown error"
        // The cursor is 1-based and counts characters, not bytes; 0 means "no position".
        let offset = error.cursorpos > 0 ? TextPosition.byteOffset(ofCharacter: Int(error.cursorpos) - 1, in: bytes) : 0
        let position = TextPosition(offset: offset, in: bytes)
        return SQLError.syntax(message: "\(function): \(message)", line: position.line, column: position.column)
    }
}

/// Positions of one text at offsets that mostly increase, each counted on from the previous one rather than from
/// the start (a script's statements come in order; counting each from the start was quadratic).
struct TextPositionCounter {
    private let bytes: [UInt8]
    private var offset = 0
    private var line = 1
    private var column = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The same position as `TextPosition(offset:in:)`.
    mutating func position(at target: Int) -> TextPosition {
        let end = min(max(0, target), bytes.count)
        if end < offset { (offset, line, column) = (0, 1, 1) }
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer[offset..<end] {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
        }
        offset = end
        return TextPosition(line: line, column: column)
    }
}

/// A 1-based line and column for a byte offset of a UTF-8 text.
struct TextPosition: Equatable {
    var line: Int
    var column: Int

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Columns count characters (code points), as editors do.
    init(offset: Int, in bytes: [UInt8]) {
        var counter = TextPositionCounter(bytes)
        self = counter.position(at: offset)
    }

    /// The byte offset of the `character`-th code point (0-based).
    static func byteOffset(ofCharacter character: Int, in bytes: [UInt8]) -> Int {
        var seen = -1
        for (index, byte) in bytes.enumerated() where byte & 0xC0 != 0x80 {
            seen += 1
            if seen == character { return index }
        }
        return bytes.count
    }
}
