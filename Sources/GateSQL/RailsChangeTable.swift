/// A Rails `change_table :users do |t| … end` block, each of its lines read as the migration method it stands for:
/// `t.remove :legacy` is `remove_column :users, :legacy`, `t.string :handle, null: false` is
/// `add_column :users, :handle, :string, null: false`, `t.index :email` is `add_index :users, :email`.
struct RailsChangeTable {
    /// Where the `change_table` call starts, and the bytes up to its block's `end`.
    let offset: Int
    let range: Range<Int>
    /// The block's lines as the direct calls they stand for, each at its own line.
    private(set) var calls: [SourceCall] = []

    /// `t.<method>` → the migration method it stands for; column types become `add_column` (see `init`).
    static let directMethods: [String: String] = [
        "column": "add_column", "remove": "remove_column", "rename": "rename_column", "change": "change_column",
        "change_null": "change_column_null", "change_default": "change_column_default", "index": "add_index",
        "remove_index": "remove_index", "rename_index": "rename_index", "timestamps": "add_timestamps",
        "remove_timestamps": "remove_timestamps", "references": "add_reference", "belongs_to": "add_reference",
        "remove_references": "remove_reference", "remove_belongs_to": "remove_reference", "foreign_key": "add_foreign_key",
        "remove_foreign_key": "remove_foreign_key", "check_constraint": "add_check_constraint",
        "remove_check_constraint": "remove_check_constraint",
    ]

    init(_ scanner: CallScanner, call: SourceCall) {
        offset = call.offset
        let bytes = scanner.bytes
        let table = call.arguments.first ?? "?"
        // The block's variable: `do |t|` on the call's line.
        let lineEnd = bytes[min(call.offset, bytes.count)...].firstIndex(of: 0x0A) ?? bytes.count
        let head = String(decoding: bytes[call.offset..<lineEnd], as: UTF8.self)
        let variable = head.split(separator: "|").dropFirst().first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "t"
        var cursor = lineEnd + 1
        var line = call.line + 1
        var end = bytes.count
        while cursor < bytes.count {
            let next = bytes[cursor...].firstIndex(of: 0x0A) ?? bytes.count
            let text = String(decoding: bytes[cursor..<next], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if text == "end" {
                end = next
                break
            }
            calls += Self.directCalls(text, variable: variable, table: table, line: line, offset: cursor)
            cursor = next + 1
            line += 1
        }
        range = call.offset..<end
    }

    /// The direct calls one block line stands for (`t.remove :a, :b` is two `remove_column`s).
    private static func directCalls(_ text: String, variable: String, table: String, line: Int, offset: Int) -> [SourceCall] {
        guard text.hasPrefix(variable + ".") else { return [] }
        let call = text.dropFirst(variable.count + 1)
        let method = String(call.prefix { $0.isLetter || $0 == "_" })
        var rest = call.dropFirst(method.count).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("("), rest.hasSuffix(")") { rest = String(rest.dropFirst().dropLast()) }
        let arguments = CallScanner.splitArguments(rest)
        let options = arguments.filter { ArgumentText.keyword($0) != nil }
        let names = arguments.filter { ArgumentText.keyword($0) == nil }
        func direct(_ name: String, _ arguments: [String]) -> SourceCall {
            SourceCall(name: name, line: line, offset: offset, arguments: [table] + arguments, end: offset)
        }
        if FrameworkMigrationReader.railsTypes[method] != nil || method == "enum" {
            let type = ":" + method
            if method == "references" || method == "belongs_to" {
                return names.map { direct("add_reference", [$0] + options) }
            }
            return names.map { direct("add_column", [$0, type] + options) }
        }
        guard let name = directMethods[method] else { return [] }
        switch method {
        case "remove", "remove_references", "remove_belongs_to":
            return names.map { direct(name, [$0] + options) }
        default:
            return [direct(name, arguments)]
        }
    }
}
