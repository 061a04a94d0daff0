import GateCode
import GateCore
import GateSQL

/// The columns a query builder's chain writes to a table it names by a literal: Supabase and Knex
/// (`supabase.from("tickets").update({ summary })`, `knex("tickets").where({ id }).update({ summary })`,
/// `db.table("tickets").insert({ … })`), supabase-py (`supabase.table("tickets").update({"summary": s}).execute()`)
/// Laravel (`DB::table('tickets')->where('id', $id)->update(['summary' => $s])`) and Kysely
/// (`db.updateTable("tickets").set({ summary })`, `db.insertInto("tickets").values({ … })`). Only the object or array
/// written directly in the call is read: a variable's keys are not known.
enum QueryBuilderWrites {
    struct Write {
        var table: String
        var columns: [(name: String, line: Int)]
    }

    /// Whether `bytes`, which name a table as a query builder does (`DDLStrings.StringOpenings.namedTable`), may
    /// write to it: a write verb is called (one pass over the file's `(`s).
    static func mayWrite(_ bytes: [UInt8]) -> Bool {
        ByteSearch.calledNames(bytes, among: verbNames) != 0
    }

    private static let verbNames = writeVerbs.map { Array($0.utf8) }

    /// The calls that name the table a chain writes to (`DDLStrings.tableNamingCalls`).
    private static let tableNamers = Set(DDLStrings.tableNamingCalls)
    /// Kysely writes with `set` (after `updateTable`) and `values` (after `insertInto`).
    private static let writeVerbs: Set<String> = ["update", "insert", "upsert", "set", "values"]

    static func read(_ bytes: [UInt8], language: SourceLanguage) -> [Write] {
        let lexed = Lexer.lex(bytes, language: language)
        var writes: [Write] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .string && index >= 2 {
            // `namer("table")`: a call whose only argument is the literal.
            guard lexed.token(index - 1, isPunctuation: UInt8(ascii: "(")), lexed.token(index + 1, isPunctuation: UInt8(ascii: ")")),
                  lexed.tokens[index - 2].kind == .identifier, tableNamers.contains(lexed.text(index - 2))
            else { continue }
            var cursor = index + 2
            // Along the chain: `.where(…)`, `->where(…)`, `?.eq(…)`, to the write.
            while cursor + 2 < lexed.tokens.count,
                  lexed.token(cursor, isPunctuation: UInt8(ascii: ".")) || lexed.token(cursor, is: "->") || lexed.token(cursor, is: "?."),
                  lexed.tokens[cursor + 1].kind == .identifier, lexed.token(cursor + 2, isPunctuation: UInt8(ascii: "(")) {
                let method = lexed.text(cursor + 1)
                if writeVerbs.contains(method) {
                    let columns = written(in: cursor + 2, in: lexed)
                    if !columns.isEmpty { writes.append(Write(table: lexed.text(index), columns: columns)) }
                    break
                }
                guard lexed.partner[cursor + 2] > cursor + 2 else { break }
                cursor = lexed.partner[cursor + 2] + 1
            }
        }
        return writes
    }

    /// The keys of the object, dictionary or array written as the call's first argument (each row's, for an array
    /// of rows): `{ summary, tokens: n }`, `{"summary": s}`, `['summary' => $s]`.
    private static func written(in call: Int, in lexed: LexedSource) -> [(name: String, line: Int)] {
        var open = call + 1
        guard open < lexed.tokens.count else { return [] }
        // An array of rows: the first row's keys (`insert([{ … }, { … }])`).
        if lexed.token(open, isPunctuation: UInt8(ascii: "[")), lexed.token(open + 1, isPunctuation: UInt8(ascii: "{")) {
            open += 1
        }
        guard lexed.token(open, isPunctuation: UInt8(ascii: "{")) || lexed.token(open, isPunctuation: UInt8(ascii: "[")) else {
            return []
        }
        let close = lexed.partner[open]
        guard close > open else { return [] }
        var columns: [(name: String, line: Int)] = []
        var entry = open + 1
        while entry < close {
            let token = lexed.tokens[entry]
            let entryStarts = lexed.token(entry - 1, isPunctuation: UInt8(ascii: ",")) || entry == open + 1
            if entryStarts, token.kind == .string || token.kind == .identifier,
               lexed.token(entry + 1, isPunctuation: UInt8(ascii: ":")) || lexed.token(entry + 1, is: "=>") {
                columns.append((lexed.text(entry), token.line))
            } else if entryStarts, token.kind == .identifier, !lexed.token(open, isPunctuation: UInt8(ascii: "[")),
                      lexed.token(entry + 1, isPunctuation: UInt8(ascii: ",")) || entry + 1 == close {
                // Shorthand: `{ summary }`.
                columns.append((lexed.text(entry), token.line))
            }
            entry = max(entry, lexed.partner[entry]) + 1
        }
        return columns
    }
}
