/// Reads libpg_query's parse tree of one statement into `SchemaOperation`s.
enum OperationReader {
    /// Functions known to be volatile (their result changes per row), which framework readers recognise in defaults.
    static let volatileFunctions: Set<String> = [
        "random", "random_normal", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
        "clock_timestamp", "timeofday", "nextval", "txid_current", "setseed", "gen_random_bytes",
    ]

    /// What a statement does; `text` is its source, where over-long names are looked for (Postgres silently
    /// truncates them, so two "different" names can collide).
    static func operations(of statement: ParseNode, text: String) -> [SchemaOperation] { read(statement, text: text).operations }

    /// What a statement does, and for a `DO` block the statements it runs, with where each is in `text`.
    static func read(_ statement: ParseNode, text: String) -> (operations: [SchemaOperation], doBlock: DoBlockContents?) {
        let block = statement.tag == "DoStmt" ? doBlock(statement.body, text: text) : nil
        var result = block?.operations ?? baseOperations(of: statement)
        for name in longIdentifiers(inText: text) { result.append(.longIdentifier(name: name)) }
        return (result, block)
    }

    private static func baseOperations(of statement: ParseNode) -> [SchemaOperation] {
        guard let tag = statement.tag else { return [.other(kind: "Unknown")] }
        let body = statement.body
        switch tag {
        case "CreateStmt":
            let table = relationName(body["relation"])
            var columns: [ColumnSpec] = []
            var keyColumns: Set<String> = []
            for element in body["tableElts"].array {
                if element["ColumnDef"].exists {
                    columns.append(column(element["ColumnDef"]))
                } else if ["CONSTR_PRIMARY", "CONSTR_FOREIGN"].contains(element["Constraint"]["contype"].string ?? "") {
                    let constraint = element["Constraint"]
                    keyColumns.formUnion(constraint["keys"].names + constraint["fk_attrs"].names)
                    if constraint["contype"].string == "CONSTR_PRIMARY" {
                        for index in columns.indices where constraint["keys"].names.contains(columns[index].name) {
                            columns[index].notNull = true
                        }
                    } else if let first = constraint["fk_attrs"].names.first,
                              let index = columns.firstIndex(where: { $0.name == first })
                    {
                        // `FOREIGN KEY (user_id) REFERENCES users (id)`, as a column's own REFERENCES says.
                        columns[index].references = relationName(constraint["pktable"])
                    }
                }
            }
            for index in columns.indices where keyColumns.contains(columns[index].name) { columns[index].key = true }
            return [.createTable(table: table, columns: columns)]
        case "CreateTableAsStmt":
            let into = relationName(body["into"]["rel"])
            if body["objtype"].string == "OBJECT_MATVIEW" { return [.other(kind: "CreateTableAsStmt")] }
            return [.createTable(table: into, columns: []), .dataChange(table: into, copiesRows: true)]
        case "AlterTableStmt":
            let table = relationName(body["relation"])
            guard body["objtype"].string == "OBJECT_TABLE" else { return [.other(kind: "AlterTableStmt")] }
            return body["cmds"].array.flatMap { command -> [SchemaOperation] in
                let operation = alterTableCommand(command["AlterTableCmd"], table: table)
                // `ALTER COLUMN … TYPE … USING lower(email)`: computing the expression rewrites every row, whatever
                // the two types are (a plain `USING email` or `USING email::text` leaves that to the types).
                if case .alterColumnType = operation, computesUsing(command["AlterTableCmd"]["def"]["ColumnDef"]["raw_default"]) {
                    return [operation, .rewriteTable(command: "ALTER COLUMN TYPE … USING", table: table)]
                }
                return [operation]
            }
        case "IndexStmt":
            return [.createIndex(
                name: body["idxname"].string, table: relationName(body["relation"]),
                columns: body["indexParams"].array.compactMap { $0["IndexElem"]["name"].string },
                unique: body["unique"].bool, concurrent: body["concurrent"].bool)]
        case "DropStmt":
            return drop(body)
        case "RenameStmt":
            return rename(body)
        case "AlterObjectSchemaStmt":
            let name = body["relation"].exists ? relationName(body["relation"]) : body["object"]["List"]["items"].names.joined(separator: ".")
            return [.renameObject(kind: "SET SCHEMA", name: name)]
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
        case "CreateDomainStmt":
            let domain = body["domainname"].names.joined(separator: ".")
            let checks = body["constraints"].array.filter { $0["Constraint"]["contype"].string == "CONSTR_CHECK" }
            return [.createType(name: domain)] + (checks.isEmpty ? [] : [.domainConstraint(domain: domain, notValid: false)])
        case "AlterDomainStmt" where body["subtype"].string == "C":
            return [.domainConstraint(
                domain: body["typeName"].names.joined(separator: "."),
                notValid: body["def"]["Constraint"]["skip_validation"].bool)]
        case "TruncateStmt":
            return [.truncate(
                tables: body["relations"].array.map { relationName($0["RangeVar"]) },
                cascade: body["behavior"].string == "DROP_CASCADE")]
        case "UpdateStmt", "DeleteStmt":
            // `UPDATE t SET … FROM u WHERE t.u_id = u.id`: a join backfill, which rewrites every row that matches.
            let joinOnly = body["fromClause"].exists && isJoinCondition(body["whereClause"])
            return [.dataChange(
                table: relationName(body["relation"]), rewritesRows: joinOnly || touchesEveryRow(body["whereClause"]),
                duplicateColumn: duplicate(body["targetList"].array.compactMap { $0["ResTarget"]["name"].string }))]
        case "InsertStmt":
            let select = body["selectStmt"]["SelectStmt"]
            return [.dataChange(
                table: relationName(body["relation"]), copiesRows: select["fromClause"].exists,
                duplicateColumn: duplicate(body["cols"].array.compactMap { $0["ResTarget"]["name"].string }))]
        case "MergeStmt", "CopyStmt":
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
            let target = body["relation"].exists ? relationName(body["relation"]) : (body["name"].string ?? "")
            return [.reindex(target: target, concurrent: concurrent)]
        case "VacuumStmt":
            let full = body["options"].array.contains { $0["DefElem"]["defname"].string == "full" }
            guard full, body["is_vacuumcmd"].bool else { return [.other(kind: "VacuumStmt")] }
            let table = body["rels"].array.first.map { relationName($0["VacuumRelation"]["relation"]) }
            return [.rewriteTable(command: "VACUUM FULL", table: table)]
        case "ClusterStmt":
            return [.rewriteTable(command: "CLUSTER", table: body["relation"].exists ? relationName(body["relation"]) : nil)]
        case "LockStmt":
            return [.lockTable(
                tables: body["relations"].array.map { relationName($0["RangeVar"]) },
                mode: lockModes[body["mode"].int ?? 8] ?? "ACCESS EXCLUSIVE")]
        case "RefreshMatViewStmt":
            return [.refreshMaterializedView(name: relationName(body["relation"]), concurrent: body["concurrent"].bool)]
        case "CreatePolicyStmt":
            return [.policy(table: relationName(body["table"]), change: .create)]
        case "AlterPolicyStmt":
            return [.policy(table: relationName(body["table"]))]
        case "CreateTrigStmt":
            return [.createTrigger(table: relationName(body["relation"]), name: body["trigname"].string ?? "")]
        case "DropdbStmt":
            return [.dropDatabase(name: body["dbname"].string ?? "")]
        case "DoStmt":
            return [.other(kind: "DoStmt")]
        case "CallStmt":
            // A procedure runs whatever it holds, committing as it likes: gate reads none of it.
            return [.dataChange(table: nil)]
        case "SelectStmt":
            return select(body)
        case "GrantStmt":
            let tables = body["targtype"].string == "ACL_TARGET_OBJECT" && body["objtype"].string == "OBJECT_TABLE"
                ? body["objects"].array.map { relationName($0["RangeVar"]) } : []
            return [.privilegeChange(command: body["is_grant"].bool ? "GRANT" : "REVOKE", tables: tables)]
        case "DropOwnedStmt":
            // Drops every object the roles own, besides their privileges.
            return [.other(kind: tag), .privilegeChange(command: "DROP OWNED", tables: [])]
        default:
            if let command = privilegeCommands[tag] { return [.privilegeChange(command: command, tables: [])] }
            return [.other(kind: tag)]
        }
    }

    /// Statements that change who may do what, or how the server and the database run, by parser tag (GRANT and
    /// REVOKE are read apart, for the tables they name).
    static let privilegeCommands: [String: String] = [
        "GrantRoleStmt": "GRANT ROLE", "CreateRoleStmt": "CREATE ROLE", "AlterRoleStmt": "ALTER ROLE",
        "AlterRoleSetStmt": "ALTER ROLE SET", "DropRoleStmt": "DROP ROLE", "AlterSystemStmt": "ALTER SYSTEM",
        "AlterDefaultPrivilegesStmt": "ALTER DEFAULT PRIVILEGES", "ReassignOwnedStmt": "REASSIGN OWNED",
        "AlterDatabaseStmt": "ALTER DATABASE", "AlterDatabaseSetStmt": "ALTER DATABASE SET",
        "CreateUserMappingStmt": "CREATE USER MAPPING", "AlterUserMappingStmt": "ALTER USER MAPPING",
    ]

    /// Functions a migration's `SELECT` may call without changing anything: settings (pg_dump's
    /// `SELECT pg_catalog.set_config('search_path', '', false)`), catalog look-ups and aggregates, besides the
    /// immutable and stable built-ins.
    static let readOnlyFunctions: Set<String> = nonVolatileFunctions.union([
        "set_config", "version", "current_database", "current_schema", "current_schemas", "current_user", "session_user",
        "count", "sum", "min", "max", "avg", "array_agg", "string_agg", "bool_and", "bool_or", "every", "json_agg",
        "jsonb_agg", "to_regclass", "to_regtype", "to_regproc", "to_regprocedure", "format_type", "obj_description",
        "col_description", "pg_get_serial_sequence", "pg_get_indexdef", "pg_get_constraintdef", "pg_get_viewdef",
        "pg_table_is_visible", "has_table_privilege", "has_schema_privilege", "has_function_privilege", "quote_ident",
        "quote_literal", "pg_typeof", "row_number", "unnest", "generate_series", "exists", "array_length",
    ])

    /// A `SELECT` calling a function that is not known to only read (`pg_terminate_backend`, `cron.schedule`,
    /// `setval`, `create_hypertable`, a function of the project's) changes something gate cannot see: a data change.
    /// `SELECT … INTO` makes a table and fills it. Any other `SELECT` changes nothing.
    private static func select(_ body: ParseNode) -> [SchemaOperation] {
        if body["intoClause"].exists {
            let into = relationName(body["intoClause"]["rel"])
            return [.createTable(table: into, columns: []), .dataChange(table: into, copiesRows: true)]
        }
        if firstCall(in: body, outside: readOnlyFunctions) != nil { return [.dataChange(table: nil)] }
        return [.other(kind: "SelectStmt")]
    }

    /// `LOCK TABLE` modes by their number in the parse tree (lockdefs.h).
    static let lockModes: [Int: String] = [
        1: "ACCESS SHARE", 2: "ROW SHARE", 3: "ROW EXCLUSIVE", 4: "SHARE UPDATE EXCLUSIVE", 5: "SHARE",
        6: "SHARE ROW EXCLUSIVE", 7: "EXCLUSIVE", 8: "ACCESS EXCLUSIVE",
    ]

    /// A `WHERE` that does not narrow an UPDATE or DELETE to a batch: none at all, or only `IS [NOT] NULL` /
    /// boolean tests, the shape of a one-shot backfill.
    static func touchesEveryRow(_ whereClause: ParseNode) -> Bool {
        guard whereClause.exists else { return true }
        if whereClause["NullTest"].exists || whereClause["BooleanTest"].exists { return true }
        let bool = whereClause["BoolExpr"]
        if bool.exists, bool["boolop"].string == "AND_EXPR" { return bool["args"].array.allSatisfy(touchesEveryRow) }
        return false
    }

    /// A `WHERE` made only of column-to-column equalities joined by AND: it pairs rows of the tables, it does not
    /// narrow them to a batch.
    static func isJoinCondition(_ whereClause: ParseNode) -> Bool {
        guard whereClause.exists else { return false }
        let bool = whereClause["BoolExpr"]
        if bool.exists {
            return bool["boolop"].string == "AND_EXPR" && bool["args"].array.allSatisfy(isJoinCondition)
        }
        let expression = whereClause["A_Expr"]
        guard expression.exists, expression["kind"].string == "AEXPR_OP",
              expression["name"].array.first?["String"]["sval"].string == "="
        else { return false }
        return expression["lexpr"]["ColumnRef"].exists && expression["rexpr"]["ColumnRef"].exists
    }

    private static func duplicate(_ names: [String]) -> String? {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted { return name }
        return nil
    }

    /// What a `DO` block runs, statement by statement.
    struct DoBlockContents {
        /// Each statement's operations, and where it starts in the block's text (UTF-8 bytes) when it is found there
        /// as written (not in a `DO '…'` literal with its quotes doubled).
        var statements: [(offset: Int?, operations: [SchemaOperation])] = []
        /// Whether the statements are all the block runs, besides the PL/pgSQL guarding them (`DoBlock.read`).
        var readsEverything = true

        /// The statements' operations; a block running code gate does not read counts as a data change too.
        var operations: [SchemaOperation] {
            (readsEverything ? [] : [.dataChange(table: nil)]) + statements.flatMap(\.operations)
        }
    }

    /// The SQL a `DO` block runs (`DoBlock`): each statement is read in its own right. Nil for a block whose code
    /// is not there to read.
    private static func doBlock(_ body: ParseNode, text: String) -> DoBlockContents? {
        let arguments = body["args"].array.map { $0["DefElem"] }
        guard let code = arguments.first(where: { $0["defname"].string == "as" })?["arg"]["String"]["sval"].string
        else { return nil }
        var contents = DoBlockContents()
        // Another language's body (`LANGUAGE plv8`) is not PL/pgSQL: its statements are still read, not its code.
        if let language = arguments.first(where: { $0["defname"].string == "language" })?["arg"]["String"]["sval"].string,
           language.lowercased() != "plpgsql"
        {
            contents.readsEverything = false
        }
        let (found, readsEverything) = DoBlock.read(code)
        if !readsEverything { contents.readsEverything = false }
        let codeOffset = code.isEmpty ? nil : Array(text.utf8).firstIndex(ofSequence: Array(code.utf8))
        for inner in found {
            let bytes = Array(inner.text.utf8)
            guard let statements = try? PgQueryParser.parse(inner.text, bytes: bytes) else {
                contents.readsEverything = false
                continue
            }
            for statement in statements {
                let end = min(bytes.count, statement.location + statement.length)
                var start = min(statement.location, end)
                while start < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                contents.statements.append((
                    codeOffset.map { $0 + inner.offset + start }, Self.operations(of: statement.node, text: text)))
            }
        }
        return contents
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }

    /// Identifiers longer than Postgres's NAMEDATALEN - 1 (63 bytes) in a statement's text. The parser has
    /// already truncated them in the tree, so they are found in the text: words and double-quoted names,
    /// outside string literals and comments.
    static func longIdentifiers(inText text: String) -> [String] {
        let bytes = Array(text.utf8)
        var found: [String] = []
        var index = 0
        func isWord(_ byte: UInt8) -> Bool { isWordByte(byte) || byte == 0x24 || byte >= 0x80 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x27 {  // 'literal'
                index += 1
                while index < bytes.count, bytes[index] != 0x27 { index += 1 }
                index += 1
            } else if byte == 0x2D, index + 1 < bytes.count, bytes[index + 1] == 0x2D {  // -- comment
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
            } else if byte == 0x22 {  // "quoted name"
                let start = index + 1
                index = start
                while index < bytes.count, bytes[index] != 0x22 { index += 1 }
                if index - start > 63 { found.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
                index += 1
            } else if isWord(byte), index == 0 || !isWord(bytes[index - 1]) {
                let start = index
                while index < bytes.count, isWord(bytes[index]) { index += 1 }
                if index - start > 63 { found.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
            } else {
                index += 1
            }
        }
        return found
    }

    private static func rename(_ body: ParseNode) -> [SchemaOperation] {
        switch body["renameType"].string ?? "" {
        case "OBJECT_COLUMN":
            return [.renameColumn(
                table: relationName(body["relation"]), column: body["subname"].string ?? "",
                to: body["newname"].string ?? "")]
        case "OBJECT_TABLE":
            return [.renameTable(table: relationName(body["relation"]), to: body["newname"].string ?? "")]
        case "OBJECT_SCHEMA":
            return [.renameObject(kind: "schema", name: body["subname"].string ?? "")]
        case "OBJECT_INDEX", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_SEQUENCE":
            let kind = (body["renameType"].string ?? "").replacingPrefix("OBJECT_", with: "").lowercased()
            return [.renameObject(kind: kind, name: relationName(body["relation"]))]
        case "OBJECT_TYPE", "OBJECT_DOMAIN", "OBJECT_FUNCTION":
            let kind = (body["renameType"].string ?? "").replacingPrefix("OBJECT_", with: "").lowercased()
            let names = body["object"]["List"]["items"].names
            return [.renameObject(kind: kind, name: names.isEmpty ? (body["subname"].string ?? "") : names.joined(separator: "."))]
        default:
            return [.other(kind: "RenameStmt")]
        }
    }

    /// Whether a type change's USING expression computes something: anything but the column itself, cast or not.
    private static func computesUsing(_ expression: ParseNode) -> Bool {
        guard expression.exists else { return false }
        if expression["ColumnRef"].exists { return false }
        let cast = expression["TypeCast"]
        return !(cast.exists && cast["arg"]["ColumnRef"].exists)
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
            // `SET DEFAULT x` carries the expression; `DROP DEFAULT` none.
            guard command["def"].exists else { return .dropDefault(table: table, column: name) }
            return .setDefault(table: table, column: name)
        case "AT_AddConstraint":
            let constraint = command["def"]["Constraint"]
            let nullTest = constraint["raw_expr"]["NullTest"]
            let notNullCheck = nullTest["nulltesttype"].string == "IS_NOT_NULL"
                ? nullTest["arg"]["ColumnRef"]["fields"].names.last : nil
            return .addConstraint(
                table: table, name: constraint["conname"].string, kind: constraintKind(constraint["contype"].string),
                notValid: constraint["skip_validation"].bool, usingIndex: constraint["indexname"].string,
                notNullCheck: constraint["contype"].string == "CONSTR_CHECK" ? notNullCheck : nil,
                references: constraint["contype"].string == "CONSTR_FOREIGN" ? relationName(constraint["pktable"]) : nil)
        case "AT_ValidateConstraint":
            return .validateConstraint(table: table, name: name)
        case "AT_DropConstraint":
            return .dropConstraint(table: table, name: name)
        case "AT_DetachPartition":
            let partition = command["def"]["PartitionCmd"]
            return .detachPartition(table: table, partition: relationName(partition["name"]), concurrent: partition["concurrent"].bool)
        case "AT_AttachPartition":
            return .attachPartition(table: table, partition: relationName(command["def"]["PartitionCmd"]["name"]))
        case "AT_SetTableSpace":
            return .alterStorage(table: table, command: "SET TABLESPACE")
        case "AT_SetLogged":
            return .alterStorage(table: table, command: "SET LOGGED")
        case "AT_SetUnLogged":
            return .alterStorage(table: table, command: "SET UNLOGGED")
        case "AT_DropExpression":
            return .dropExpression(table: table, column: name)
        case "AT_SetExpression":
            // Postgres 17: a stored generated column recomputed for every row.
            return .rewriteTable(command: "SET EXPRESSION", table: table)
        case "AT_EnableRowSecurity", "AT_ForceRowSecurity":
            return .policy(table: table, change: .enableRowSecurity)
        case "AT_DisableRowSecurity", "AT_NoForceRowSecurity":
            return .policy(table: table)
        case "AT_EnableTrig", "AT_DisableTrig", "AT_EnableTrigAll", "AT_DisableTrigAll", "AT_EnableTrigUser",
             "AT_DisableTrigUser", "AT_EnableAlwaysTrig", "AT_EnableReplicaTrig", "AT_ReplicaIdentity", "AT_ChangeOwner",
             "AT_SetRelOptions", "AT_ResetRelOptions", "AT_ReplaceRelOptions", "AT_ClusterOn", "AT_DropCluster",
             "AT_AddInherit", "AT_DropInherit", "AT_EnableRule", "AT_DisableRule":
            return .alterTableSetting(table: table, command: String(subtype(command).dropFirst(3)))
        case let subtype:
            return .other(kind: subtype)
        }
    }

    private static func subtype(_ command: ParseNode) -> String { command["subtype"].string ?? "" }

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
        case "OBJECT_POLICY":
            // `DROP POLICY name ON schema.table`: the list ends with the policy's name, after its table's.
            return objects.map { .policy(table: $0["List"]["items"].names.dropLast().joined(separator: "."), removes: true) }
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
                spec.key = true
            case "CONSTR_UNIQUE": spec.unique = true
            case "CONSTR_DEFAULT":
                // DEFAULT NULL is no default at all: nothing is stored or rewritten.
                guard !(constraint["raw_expr"]["A_Const"]["isnull"].bool) else { continue }
                spec.hasDefault = true
                spec.volatileDefault = volatileFunction(in: constraint["raw_expr"])
            case "CONSTR_IDENTITY", "CONSTR_GENERATED":
                spec.hasDefault = true
                spec.generated = true
            case "CONSTR_FOREIGN":
                spec.key = true
                if !constraint["skip_validation"].bool { spec.references = relationName(constraint["pktable"]) }
            default: break
            }
        }
        if ["int4", "int8", "int2"].contains(spec.type),
            definition["typeName"]["names"].names.last.map({ $0.hasSuffix("serial") || $0.hasPrefix("serial") }) == true
        {
            // serial columns get a nextval() default: a volatile default. They are NOT NULL too, as Postgres makes them.
            spec.notNull = true
            spec.hasDefault = true
            spec.volatileDefault = "nextval"
            spec.serial = true
        }
        return spec
    }

    /// Built-in functions that are immutable or stable: a default calling only these is stored once in the
    /// catalog. Any other function (a user's, or one gate does not know) may be volatile, so it counts as one.
    static let nonVolatileFunctions: Set<String> = [
        "now", "statement_timestamp", "transaction_timestamp", "current_setting", "lower", "upper", "trim", "btrim",
        "ltrim", "rtrim", "concat", "concat_ws", "coalesce", "nullif", "greatest", "least", "length", "substr",
        "substring", "replace", "md5", "to_char", "to_date", "to_timestamp", "to_number", "date_trunc", "date_part",
        "make_interval", "make_date", "make_timestamp", "make_timestamptz", "jsonb_build_object", "json_build_object",
        "jsonb_build_array", "json_build_array", "to_jsonb", "to_json", "array_fill", "abs", "round", "floor", "ceil",
        "power", "timezone", "format", "left", "right", "lpad", "rpad", "encode", "decode", "age", "pg_catalog.now",
    ]

    /// The first volatile (or unknown, so possibly volatile) function called anywhere in an expression.
    static func volatileFunction(in expression: ParseNode) -> String? { firstCall(in: expression, outside: nonVolatileFunctions) }

    /// The first function called anywhere in `expression` whose name (without its schema, lowercased) `known` lacks.
    static func firstCall(in expression: ParseNode, outside known: Set<String>) -> String? {
        let call = expression["FuncCall"]
        if call.exists, let name = call["funcname"].names.last, !known.contains(name.lowercased()) {
            return name
        }
        for child in expression.children {
            if let found = firstCall(in: child, outside: known) { return found }
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
