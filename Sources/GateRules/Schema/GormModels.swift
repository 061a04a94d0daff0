import GateCode
import GateCore
import GateSQL

/// The tables and columns GORM models declare in Go: a struct embedding `gorm.Model` or tagging its fields `gorm:"…"`
/// (in a file importing GORM, or of a project requiring it), its table named by a `TableName()` method or the struct's
/// snake-case plural, each field's column by its `gorm:"column:…"` tag or its snake-case name. Only fields whose type is a column's (`string`, numbers, `bool`,
/// `time.Time`, `sql.Null*`, `datatypes.*`, `uuid.UUID`, `decimal.Decimal`, byte slices) or that a tag types or names
/// are read: another struct is a relation, and `gorm:"-"` keeps a field out of the table.
enum GormModels {
    /// Whether `bytes` (of the file at `path`) may declare a model: GORM is imported (found through the `/` of
    /// `gorm.io/gorm`, which Go code writes in import paths and comments only), or the file tags a field `gorm:"…"`
    /// (found through its `"`) and its module's `go.mod` requires GORM: models kept in a package of their own need no
    /// import of GORM for that.
    static func mayDeclare(_ bytes: [UInt8], path: String, project: Project?) -> Bool {
        if ByteSearch.contains(gormImport, anchoredAt: 7, in: bytes) { return true }
        guard let project, ByteSearch.contains(gormTag, anchoredAt: 5, in: bytes) else { return false }
        return moduleRequiresGorm(of: path, project: project)
    }

    private static let gormImport = Array("gorm.io/gorm".utf8)
    private static let gormTag = Array("gorm:\"".utf8)

    /// Whether the `go.mod` of the module holding `path` (the one in its nearest folder) requires `gorm.io/gorm`;
    /// each go.mod is read once per check.
    private static func moduleRequiresGorm(of path: String, project: Project) -> Bool {
        let manifests = project.paths(named: "go.mod")
        let module = manifests.filter { manifest in
            let folder = RepoPath.directory(of: manifest)
            return folder.isEmpty || path.hasPrefix(folder + "/")
        }.max { $0.count < $1.count }
        guard let module else { return false }
        return project.configuration("gorm-models:requires-gorm:" + module) {
            project.contents(of: module).map { ByteSearch.contains(gormImport, anchoredAt: 7, in: $0) } ?? false
        }
    }

    static func read(_ bytes: [UInt8]) -> [ModelDeclaration] {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        let tableNames = tableNameMethods(lines)
        var declarations: [ModelDeclaration] = []
        var current: (name: String, line: Int, fields: [ModelDeclaration], isModel: Bool)?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if current == nil {
                // `type Ticket struct {`
                let words = line.split(separator: " ", omittingEmptySubsequences: true)
                if words.count >= 3, words[0] == "type", words[2].hasPrefix("struct"), line.hasSuffix("{") {
                    current = (String(words[1]), index + 1, [], false)
                }
                continue
            }
            guard var model = current else { continue }
            if line.hasPrefix("}") {
                if model.isModel {
                    let table = tableNames[model.name] ?? FrameworkMigrationReader.pluralize(goSnakeCase(model.name))
                    declarations.append(ModelDeclaration(
                        tables: [table], columns: nil, shown: model.name, line: model.line, decoratorLine: model.line))
                    declarations += model.fields.map { field in
                        var field = field
                        field.tables = [table]
                        field.shown = "\(model.name).\(field.shown)"
                        return field
                    }
                }
                current = nil
                continue
            }
            if line == "gorm.Model" || line.hasPrefix("gorm.Model ") { model.isModel = true }
            let tag = line.firstRange(of: "gorm:\"").map { range in
                String(line[range.upperBound...].prefix { $0 != "\"" })
            }
            if tag != nil { model.isModel = true }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, let first = parts[0].first, first.isUppercase, !line.hasPrefix("//") else {
                current = model
                continue
            }
            let settings = (tag ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !settings.contains("-"), !settings.contains("-:all"), !settings.contains("-:migration") else {
                current = model
                continue
            }
            let named = settings.first { $0.hasPrefix("column:") }.map { String($0.dropFirst(7)) }
            let typed = settings.contains { $0.hasPrefix("type:") }
            if named != nil || typed || isColumnType(String(parts[1])) {
                let field = String(parts[0])
                model.fields.append(ModelDeclaration(
                    tables: [], columns: [named ?? goSnakeCase(field)], shown: field, line: index + 1,
                    decoratorLine: index + 1))
            }
            current = model
        }
        return declarations
    }

    /// `func (Ticket) TableName() string { return "support_tickets" }`, by receiver type.
    private static func tableNameMethods(_ lines: [String]) -> [String: String] {
        var names: [String: String] = [:]
        for (index, line) in lines.enumerated() where line.contains(") TableName() string") {
            guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")"), open < close else { continue }
            let receiver = line[line.index(after: open)..<close].split(separator: " ").last.map { $0.trimmingCharacters(in: ["*"]) }
            // The return on the same line or the next.
            let body = ([line] + lines.dropFirst(index + 1).prefix(2)).joined(separator: " ")
            guard let receiver, let returned = body.firstRange(of: "return \"") else { continue }
            names[receiver] = String(body[returned.upperBound...].prefix { $0 != "\"" })
        }
        return names
    }

    private static func isColumnType(_ type: String) -> Bool {
        let bare = type.trimmingPrefix("*")
        if columnTypes.contains(String(bare)) { return true }
        return ["sql.Null", "datatypes.", "pgtype.", "null."].contains { bare.hasPrefix($0) }
    }

    private static let columnTypes: Set<String> = [
        "string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
        "float32", "float64", "[]byte", "time.Time", "uuid.UUID", "decimal.Decimal", "json.RawMessage",
        "gorm.DeletedAt", "pq.StringArray", "pq.Int64Array",
    ]

    /// GORM's column and table names: `UserID` → `user_id`, `HTTPStatus` → `http_status`, `SummarizedAt` →
    /// `summarized_at` (an initialism stays one word).
    static func goSnakeCase(_ name: String) -> String { WordCase.underscored(name) }
}
