/// Reads libpg_query's parse tree of one statement into `SchemaOperation`s.
enum OperationReader {
    /// Functions whose result changes per row: as a column default they force Postgres to rewrite the table.
    static let volatileFunctions: Set<String> = [
        "random", "random_normal", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
        "clock_timestamp", "timeofday", "nextval", "txid_current", "setseed", "gen_random_bytes",
    ]

    static func operations(of statement: ParseNode) -> [SchemaOperation] {
        guard let tag = statement.tag else { return [.other(kind: "Unknown")] }
        let body = statement.body
        switch tag {
        case "CreateStmt":
            let table = relationName(body["relation"])
            var columns: [ColumnSpec] = []
            var primaryKeyColumns: Set<String> = []
            for element in body["tableElts"].array {
                if element["ColumnDef"].exists {
                    columns.append(column(element["ColumnDef"]))
                } else if element["Constraint"]["contype"].string == "CONSTR_PRIMARY" {
                    primaryKeyColumns.formUnion(element["Constraint"]["keys"].names)
                }
            }
            for index in columns.indices where primaryKeyColumns.contains(columns[index].name) {
                columns[index].notNull = true
            }
            return [.createTable(table: table, columns: columns)]
        case "CreateTableAsStmt":
            return [.createTable(table: relationName(body["into"]["rel"]), columns: [])]
        case "AlterTableStmt":
            let table = relationName(body["relation"])
            guard body["objtype"].string == "OBJECT_TABLE" else { return [.other(kind: "AlterTableStmt")] }
            return body["cmds"].array.map { alterTableCommand($0["AlterTableCmd"], table: table) }
        case "IndexStmt":
            return [.createIndex(
                name: body["idxname"].string, table: relationName(body["relation"]),
                columns: body["indexParams"].array.compactMap { $0["IndexElem"]["name"].string },
                unique: body["unique"].bool, concurrent: body["concurrent"].bool)]
        case "DropStmt":
            return drop(body)
        case "RenameStmt":
            switch body["renameType"].string ?? "" {
            case "OBJECT_COLUMN":
                return [.renameColumn(
                    table: relationName(body["relation"]), column: body["subname"].string ?? "",
                    to: body["newname"].string ?? "")]
            case "OBJECT_TABLE":
                return [.renameTable(table: relationName(body["relation"]), to: body["newname"].string ?? "")]
            default:
                return [.other(kind: "RenameStmt")]
            }
        case "AlterEnumStmt":
            let type = body["typeName"].names.joined(separator: ".")
            if let old = body["oldVal"].string {
                return [.enumRenameValue(type: type, value: old, to: body["newVal"].string ?? "")]
            }
            return [.enumAddValue(type: type, value: body["newVal"].string ?? "")]
        case "CreateEnumStmt":
            return [.createType(name: body["typeName"].names.joined(separator: "."))]
        case "CompositeTypeStmt":
            return [.createType(name: relationName(body["typevar"]))]
        case "TruncateStmt":
            return [.truncate(
                tables: body["relations"].array.map { relationName($0["RangeVar"]) },
                cascade: body["behavior"].string == "DROP_CASCADE")]
        case "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt", "CopyStmt":
            return [.dataChange(table: body["relation"].exists ? relationName(body["relation"]) : nil)]
        case "VariableSetStmt":
            let argument = body["args"].array.first?["A_Const"] ?? .missing
            let value = argument["sval"]["sval"].string ?? argument["ival"]["ival"].int.map(String.init) ?? "0"
            return [.setting(name: body["name"].string ?? "", value: value)]
        case "TransactionStmt":
            let kind = body["kind"].string ?? ""
            switch kind {
            case "TRANS_STMT_BEGIN", "TRANS_STMT_START": return [.transaction(begin: true)]
            case "TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE", "TRANS_STMT_COMMIT_PREPARED":
                return [.transaction(begin: false)]
            default: return [.other(kind: "TransactionStmt")]
            }
        case "ReindexStmt":
            let concurrent = body["params"].array.contains { $0["DefElem"]["defname"].string == "concurrently" }
            return [.other(kind: concurrent ? "ReindexStmt CONCURRENTLY" : "ReindexStmt")]
        default:
            return [.other(kind: tag)]
        }
    }

    private static func alterTableCommand(_ command: ParseNode, table: String) -> SchemaOperation {
        let name = command["name"].string ?? ""
        switch command["subtype"].string ?? "" {
        case "AT_AddColumn":
            return .addColumn(table: table, column: column(command["def"]["ColumnDef"]))
        case "AT_DropColumn":
            return .dropColumn(table: table, column: name)
        case "AT_AlterColumnType":
            return .alterColumnType(table: table, column: name, type: typeName(command["def"]["ColumnDef"]["typeName"]))
        case "AT_SetNotNull":
            return .setNotNull(table: table, column: name)
        case "AT_DropNotNull":
            return .dropNotNull(table: table, column: name)
        case "AT_ColumnDefault":
            return .setDefault(table: table, column: name)
        case "AT_AddConstraint":
            let constraint = command["def"]["Constraint"]
            return .addConstraint(
                table: table, name: constraint["conname"].string, kind: constraintKind(constraint["contype"].string),
                notValid: constraint["skip_validation"].bool, usingIndex: constraint["indexname"].exists)
        case "AT_ValidateConstraint":
            return .validateConstraint(table: table, name: name)
        case "AT_DropConstraint":
            return .dropConstraint(table: table, name: name)
        case "AT_DetachPartition" where command["def"]["PartitionCmd"]["concurrent"].bool:
            return .other(kind: "AT_DetachPartition CONCURRENTLY")
        case let subtype:
            return .other(kind: subtype)
        }
    }

    private static func drop(_ body: ParseNode) -> [SchemaOperation] {
        let objects = body["objects"].array
        switch body["removeType"].string ?? "" {
        case "OBJECT_TABLE":
            return objects.map { .dropTable(table: $0["List"]["items"].names.joined(separator: ".")) }
        case "OBJECT_INDEX":
            return objects.map {
                .dropIndex(name: $0["List"]["items"].names.joined(separator: "."), concurrent: body["concurrent"].bool)
            }
        case "OBJECT_TYPE":
            return objects.map { .dropType(name: $0["TypeName"]["names"].names.joined(separator: ".")) }
        case let type:
            return [.other(kind: "DROP " + type.replacingPrefix("OBJECT_", with: ""))]
        }
    }

    static func relationName(_ relation: ParseNode) -> String {
        let name = relation["relname"].string ?? ""
        if let schema = relation["schemaname"].string { return schema + "." + name }
        return name
    }

    static func typeName(_ node: ParseNode) -> String {
        var names = node["names"].names
        if names.count > 1, names.first == "pg_catalog" { names.removeFirst() }
        var name = names.joined(separator: ".")
        switch name {
        case "serial", "serial4": name = "int4"
        case "bigserial", "serial8": name = "int8"
        case "smallserial", "serial2": name = "int2"
        default: break
        }
        let modifiers = node["typmods"].array.compactMap { modifier -> String? in
            let constant = modifier["A_Const"]
            guard constant.exists else { return nil }
            return String(constant["ival"]["ival"].int ?? 0)
        }
        if !modifiers.isEmpty { name += "(" + modifiers.joined(separator: ",") + ")" }
        if node["arrayBounds"].exists { name += "[]" }
        return name
    }

    private static func column(_ definition: ParseNode) -> ColumnSpec {
        var spec = ColumnSpec(name: definition["colname"].string ?? "", type: typeName(definition["typeName"]))
        if definition["is_not_null"].bool { spec.notNull = true }
        for constraint in definition["constraints"].array.map({ $0["Constraint"] }) {
            switch constraint["contype"].string ?? "" {
            case "CONSTR_NOTNULL": spec.notNull = true
            case "CONSTR_PRIMARY":
                spec.notNull = true
                spec.unique = true
            case "CONSTR_UNIQUE": spec.unique = true
            case "CONSTR_DEFAULT":
                spec.hasDefault = true
                spec.volatileDefault = volatileFunction(in: constraint["raw_expr"])
            case "CONSTR_IDENTITY", "CONSTR_GENERATED":
                spec.hasDefault = true
            case "CONSTR_FOREIGN":
                if !constraint["skip_validation"].bool { spec.references = relationName(constraint["pktable"]) }
            default: break
            }
        }
        if ["int4", "int8", "int2"].contains(spec.type),
            definition["typeName"]["names"].names.last.map({ $0.hasSuffix("serial") || $0.hasPrefix("serial") }) == true
        {
            // serial columns get a nextval() default: a volatile default.
            spec.hasDefault = true
            spec.volatileDefault = "nextval"
        }
        return spec
    }

    /// The first volatile function called anywhere in an expression.
    static func volatileFunction(in expression: ParseNode) -> String? {
        let call = expression["FuncCall"]
        if call.exists, let name = call["funcname"].names.last, volatileFunctions.contains(name.lowercased()) {
            return name
        }
        for child in expression.children {
            if let found = volatileFunction(in: child) { return found }
        }
        return nil
    }

    private static func constraintKind(_ type: String?) -> ConstraintKind {
        switch type ?? "" {
        case "CONSTR_FOREIGN": .foreignKey
        case "CONSTR_CHECK": .check
        case "CONSTR_UNIQUE": .unique
        case "CONSTR_PRIMARY": .primaryKey
        case "CONSTR_EXCLUSION": .exclusion
        case "CONSTR_NOTNULL": .notNull
        default: .other
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + String(dropFirst(prefix.count)) : self
    }
}
