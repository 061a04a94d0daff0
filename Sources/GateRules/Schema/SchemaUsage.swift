import GateCore

/// Finds where code uses tables and columns: identifiers in SQL strings, ORM field names and model attributes
/// (`summary`, `report.summary`, `summaryText` for `summary_text`), but only with table context, so a column's
/// name alone is never a use.
///
/// Table context is one of:
/// - a qualifier naming the table: `report.summary`, `reports.summary`, `Report.summary` (a short SQL alias such
///   as `r.summary` counts when the table is named in the same expression);
/// - the table named as a table in the same expression (a few lines either way, or the whole statement for
///   SQL): `FROM reports`, `INSERT INTO reports`, `Report.objects`, `prisma.report.update(…)`;
/// - the file declaring the table's mapped class or model (`class Report(Model)`, `model Report {`,
///   `pgTable("reports", …)`, `__tablename__ = "reports"`, `create_table :reports`).
///
/// Never a use: a column qualified by something else (`message.step_id` is not `steps.step_id`), a function
/// parameter or a type declaration named like the column, a member of another client (`openai.chat` is not
/// table `Chat`), a key or variable named like the table (`messages:`), and a column listed before
/// `REFERENCES table (…)` (the migration's own foreign key belongs to the table it alters).
///
/// Every name is matched in one pass over each file's bytes: each identifier is found and hashed eight bytes at a
/// time, one bit of a filter rejects almost every word that is no wanted name, and nothing is allocated per token
/// or line. Across many files (`looking(for:)`), a file is first skipped through for the few identifiers that can
/// decide a use of the names still looked for, and read word by word only if it holds one.
struct SchemaUsageMatcher: Sendable {
    /// Columns every table has; linking on them would tie every migration to every file.
    static let genericColumns: Set<String> = ["id", "created_at", "updated_at", "createdat", "updatedat"]

    struct Use: Equatable, Sendable {
        var line: Int
        var writes: Bool
    }

    /// What a wanted identifier can be.
    private enum Role: Sendable {
        /// The column of `names[name]`, of table `table`.
        case column(name: Int, table: Int)
        /// Table `table` itself, the way SQL names it (`reports`, `"Chat"`).
        case tableName(table: Int)
        /// Table `table`'s model or row: singular, camel case (`Report`, `report`, `chatMessage`).
        case modelName(table: Int)
    }

    private let names: [SchemaChangeAnalyzer.SchemaName]
    /// Distinct tables, lowercased; `tableOf[name]` indexes it.
    private var tables: [String] = []
    private var tableOf: [Int] = []
    /// Tables with a table-level name (dropped, renamed or created tables), by table index → name indices.
    private var tableLevelNames: [[Int]] = []
    /// Wanted identifiers (lowercased) by their hash; `keys` holds the bytes to confirm a hit.
    private var slots = SlotTable()
    private var keys: [[UInt8]] = []
    /// Roles by slot while the matcher is built; then flattened into `roleTable`.
    private var roles: [[Role]] = []
    private var roleTable = RoleTable()
    private static let maxLength = 64
    /// One bit per hash prefix of the wanted identifiers: most words of a text are rejected by one load, before
    /// the slot table is probed.
    private var wanted = HashFilter()

    init(_ names: [SchemaChangeAnalyzer.SchemaName]) {
        self.names = names
        var tableIndex: [String: Int] = [:]
        for name in names {
            let table = name.table.lowercased()
            let index: Int
            if let known = tableIndex[table] {
                index = known
            } else {
                index = tables.count
                tableIndex[table] = index
                tables.append(table)
                tableLevelNames.append([])
                let singular = Self.singularize(table)
                add(table, .tableName(table: index))
                var models = [singular, Self.camel(singular).lowercased()]
                if let underscore = singular.lastIndex(of: "_") {
                    models.append(String(singular[singular.index(after: underscore)...]))
                }
                for model in Set(models) where model != table { add(model, .modelName(table: index)) }
            }
            tableOf.append(index)
        }
        for (nameIndex, name) in names.enumerated() {
            let table = tableOf[nameIndex]
            if let column = name.column?.lowercased() {
                add(column, .column(name: nameIndex, table: table))
                let camel = Self.camel(column).lowercased()
                if camel != column { add(camel, .column(name: nameIndex, table: table)) }
            } else {
                tableLevelNames[table].append(nameIndex)
            }
        }
        roleTable = RoleTable(roles)
        roles = []
        wanted = HashFilter(keys.map { Self.hash($0) })
    }

    /// Every slot's roles in one array: read for every hit of every file, where an array per slot would be
    /// retained and released at each visit.
    private struct RoleTable: Sendable {
        private var ends: [Int] = []
        private var all: [Role] = []

        init() {}

        init(_ lists: [[Role]]) {
            for list in lists {
                all += list
                ends.append(all.count)
            }
        }

        /// The indices of `slot`'s roles, for `role(at:)`.
        func indices(of slot: Int) -> Range<Int> { (slot == 0 ? 0 : ends[slot - 1])..<ends[slot] }

        func role(at index: Int) -> Role { all[index] }

        func contains(slot: Int, where predicate: (Role) -> Bool) -> Bool {
            for index in indices(of: slot) where predicate(all[index]) { return true }
            return false
        }
    }

    private mutating func add(_ token: String, _ role: Role) {
        let bytes = Array(token.utf8)
        guard !bytes.isEmpty, bytes.count <= Self.maxLength else { return }
        let hash = Self.hash(bytes)
        if let slot = slots[hash], keys[slot] == bytes {
            roles[slot].append(role)
        } else if slots[hash] == nil {
            slots.insert(hash, slot: keys.count)
            keys.append(bytes)
            roles.append([role])
        }
    }

    // MARK: Matching

    /// A wanted identifier found in the text.
    private struct Hit {
        var slot: Int
        var start: Int
        var end: Int
        var line: Int
    }

    /// The first write of each name in `bytes` (else its first read), by index into the names, counting only
    /// `lines` when given. `window` is how many lines either side of a use count as its expression; a SQL
    /// statement passes `.max` (the whole statement is one expression).
    /// `restrictedToLines` says which names `lines` applies to (by default all); the others count on any line.
    /// `wanted`, when given, says which names are still looked for (by name index): a caller that already has a
    /// use of the others spares judging them. A wanted name's use does not depend on which others are wanted.
    /// `template`: the text is a view template (`ViewTemplates`), where only a row's member is a use.
    func firstUses(
        in bytes: [UInt8], lines: LineSet?, window: Int = 3, restrictedToLines: Range<Int>? = nil,
        wanted: [Bool]? = nil, template: Bool = false
    ) -> [Int: Use] {
        firstUses(
            in: bytes, lines: lines, window: window, restrictedToLines: restrictedToLines,
            looking: Looking(self, wanted: wanted ?? Array(repeating: true, count: names.count), search: false),
            template: template)
    }

    /// `firstUses` for names prepared once for many files (`looking(for:)`).
    func firstUses(
        in bytes: [UInt8], lines: LineSet?, window: Int = 3, restrictedToLines: Range<Int>? = nil, looking: Looking,
        template: Bool = false
    ) -> [Int: Use] {
        // No identifier of the text can decide a use of a name still looked for: nothing to read.
        guard looking.decidesAny else { return [:] }
        return bytes.withUnsafeBufferPointer { text in
            if let search = looking.search, let base = text.baseAddress.map(UnsafeRawPointer.init) {
                let found = looking.deciding.withUnsafeBufferPointer { deciding in
                    search.mayHold(text, where: { isDeciding(text, base, at: $0, deciding) })
                }
                guard found else { return [:] }
            }
            return firstUses(
                in: text, lines: lines, window: window, restrictedToLines: restrictedToLines ?? 0..<names.count,
                looking: looking, template: template)
        }
    }

    /// The names still looked for (by name index), prepared for matching many files.
    func looking(for wanted: [Bool]) -> Looking { Looking(self, wanted: wanted, search: true) }

    /// Which names are still looked for, and which identifiers can decide a use of one: a wanted column's, or a
    /// table's (or its model's) that has a wanted table-level name. A text holding none of those has no use to
    /// judge, however often it names other tables; when they are few and none is short, `search` finds out
    /// without reading every word.
    struct Looking: Sendable {
        let wanted: [Bool]
        /// By slot.
        fileprivate let deciding: [Bool]
        let decidesAny: Bool
        fileprivate let search: SkipSearch?
        /// Whether texts are skipped through for the deciding identifiers rather than read word by word.
        var skips: Bool { search != nil }

        fileprivate init(_ matcher: SchemaUsageMatcher, wanted: [Bool], search: Bool) {
            self.wanted = wanted
            var deciding = Array(repeating: false, count: matcher.keys.count)
            for slot in deciding.indices {
                deciding[slot] = matcher.roleTable.contains(slot: slot) { role in
                    switch role {
                    case .column(let name, _): wanted[name]
                    case .tableName(let table), .modelName(let table):
                        matcher.tableLevelNames[table].contains { wanted[$0] }
                    }
                }
            }
            self.deciding = deciding
            // An identifier that starts with a digit or holds other bytes never matches a word of a text.
            let words = deciding.indices.filter { deciding[$0] }.map { matcher.keys[$0] }.filter { key in
                IdentifierBytes.isIdentifierStart(key[0]) && key.allSatisfy(IdentifierBytes.isIdentifier)
            }
            decidesAny = !words.isEmpty
            self.search = search ? SkipSearch(words) : nil
        }
    }

    /// Whether a word deciding a use of a looked-for name (`deciding`, by slot) starts at `start`.
    private func isDeciding(
        _ text: UnsafeBufferPointer<UInt8>, _ base: UnsafeRawPointer, at start: Int, _ deciding: UnsafeBufferPointer<Bool>
    ) -> Bool {
        guard start == 0 || !IdentifierBytes.isIdentifier(text[start - 1]), IdentifierBytes.isIdentifierStart(text[start])
        else { return false }
        let (end, hash) = Self.word(text, base, from: start)
        if end - start <= Self.maxLength, let slot = slots[hash], Self.equalsLowercased(keys[slot], text, start, end) {
            return deciding[slot]
        }
        // A Django lookup's field (`legacy` of `legacy__isnull`): the word up to its first `__`.
        guard let separator = (start..<max(start, end - 2)).first(where: {
            text[$0] == UInt8(ascii: "_") && text[$0 + 1] == UInt8(ascii: "_")
        }), separator > start, separator - start <= Self.maxLength
        else { return false }
        let field = Self.hash(text, start, separator)
        guard let slot = slots[field], Self.equalsLowercased(keys[slot], text, start, separator) else { return false }
        return deciding[slot]
    }

    private func firstUses(
        in text: UnsafeBufferPointer<UInt8>, lines: LineSet?, window: Int, restrictedToLines: Range<Int>,
        looking: Looking, template: Bool
    ) -> [Int: Use] {
        let wanted = looking.wanted
        func isWanted(_ name: Int) -> Bool { wanted[name] }
        // A comment naming a column is no use of it: the annotate gem's `# == Schema Information` header of a Rails
        // model, `// nickname was dropped from User`. Only lines that are wholly a comment are told apart, and in a
        // template the template language's own comments on a line (`<%# … %>`, `{# … #}`).
        let hits = findHits(text).filter { hit in
            !Self.isOnCommentLine(text, at: hit.start) && !(template && Syntax.isInTemplateComment(text, at: hit.start))
        }
        // Most files name a table now and then but no wanted column or table-level name: nothing to judge.
        guard hits.contains(where: { looking.deciding[$0.slot] }) else { return [:] }
        var scan = Scan(text: text, tableCount: tables.count, template: template)
        // First every table reference, so a use can look both ways in its expression.
        var columnHits: [Hit] = []
        for hit in hits {
            for index in roleTable.indices(of: hit.slot) {
                switch roleTable.role(at: index) {
                case .tableName(let table): scan.noteTableReference(hit, table: table, isTableName: true)
                case .modelName(let table): scan.noteTableReference(hit, table: table, isTableName: false)
                // Once per hit, however many columns share its name.
                case .column: if columnHits.last?.start != hit.start { columnHits.append(hit) }
                }
            }
        }
        var candidates: [Int: Use] = [:]
        // Asked once a file has a use to record: most never name `ignored_columns`.
        var namesIgnoredColumns: Bool?
        func record(_ name: Int, _ hit: Hit, writes: () -> Bool) {
            // The first write wins over an earlier read: a write is what breaks without the column.
            guard candidates[name]?.writes != true else { return }
            guard !restrictedToLines.contains(name) || (lines?.contains(hit.line) ?? true) else { return }
            // Rails' `self.ignored_columns = %w(trust_level)` is how a model stops using a column before it is dropped.
            // A message's words (`'Failed to get messages by chat id'`) name no table or column.
            // A template's uses are members of a row, never a sentence's words (`title="Coupon {{ order.coupon_code }} applied"`).
            guard template || !Syntax.isInProse(text, from: hit.start, to: hit.end) else { return }
            if namesIgnoredColumns == nil { namesIgnoredColumns = Syntax.containsIgnoredColumns(text) }
            guard namesIgnoredColumns == false || !Syntax.isInIgnoredColumnsList(text, hit.start) else { return }
            let use = Use(line: hit.line, writes: writes())
            if candidates[name] == nil || use.writes { candidates[name] = use }
        }
        for reference in scan.strongReferences {
            for name in tableLevelNames[reference.table] where isWanted(name) {
                record(name, reference.hit) { scan.writes(reference.hit) }
            }
        }
        for hit in columnHits {
            let counted = lines?.contains(hit.line) ?? true
            for index in roleTable.indices(of: hit.slot) {
                guard case .column(let name, let table) = roleTable.role(at: index), isWanted(name), candidates[name]?.writes != true,
                      counted || !restrictedToLines.contains(name),
                      scan.isColumnUse(hit, table: table, window: window, keys: keys, slots: slots, roles: roleTable)
                else { continue }
                record(name, hit) { scan.writes(hit) }
            }
        }
        return candidates
    }

    /// The identifiers the matcher looks for (lowercased) and where `bytes` holds them, with their lines, in text
    /// order: what every use is judged from.
    func wantedIdentifiers(in bytes: [UInt8]) -> (identifiers: Set<[UInt8]>, found: [(range: Range<Int>, line: Int)]) {
        let found = bytes.withUnsafeBufferPointer { text in findHits(text).map { ($0.start..<$0.end, $0.line) } }
        return (Set(keys), found)
    }

    /// The end of the word starting at `start` and its hash (`WordHash`), found together eight bytes at a time.
    @inline(__always)
    private static func word(
        _ text: UnsafeBufferPointer<UInt8>, _ base: UnsafeRawPointer, from start: Int
    ) -> (end: Int, hash: UInt64) {
        var end = start
        var hash: UInt64 = 0
        while end + 8 <= text.count {
            let chunk = ByteLanes.load(base, end)
            let after = ~ByteLanes.wordBytes(chunk) & ByteLanes.high
            if after == 0 {
                hash = WordHash.mix(hash, chunk)
                end += 8
                continue
            }
            let lanes = after.trailingZeroBitCount >> 3
            if lanes > 0 { hash = WordHash.mix(hash, chunk & ((1 << UInt64(lanes * 8)) &- 1)) }
            end += lanes
            return (end, WordHash.finish(hash, length: end - start))
        }
        // The last bytes of the text, one at a time.
        end = start + 1
        while end < text.count, IdentifierBytes.isIdentifier(text[end]) { end += 1 }
        return (end, Self.hash(text, start, end))
    }

    /// Every wanted identifier in `text`, in order.
    /// Whether the line holding `offset` starts (after its indentation) with a line comment of a language gate reads
    /// (`#`, `//`, `--`), or with `/*` or a block comment's `*` continuation. Asked of hits only, which are few.
    static func isOnCommentLine(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        var start = offset
        while start > 0, text[start - 1] != 0x0A { start -= 1 }
        while start < offset, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
        guard start < offset else { return false }
        let first = text[start]
        let second: UInt8 = start + 1 < text.count ? text[start + 1] : 0
        switch first {
        case UInt8(ascii: "#"): return second != UInt8(ascii: "[") && second != UInt8(ascii: "{")
        case UInt8(ascii: "/"): return second == UInt8(ascii: "/") || second == UInt8(ascii: "*")
        case UInt8(ascii: "-"): return second == UInt8(ascii: "-")
        case UInt8(ascii: "*"): return second == 0x20 || second == 0x09 || second == UInt8(ascii: "/")
        default: return false
        }
    }

    private func findHits(_ text: UnsafeBufferPointer<UInt8>) -> [Hit] {
        IdentifierBytes.classes.withUnsafeBufferPointer { classes in findHits(text, classes: classes) }
    }

    private func findHits(_ text: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>) -> [Hit] {
        var hits: [Hit] = []
        guard let base = text.baseAddress.map(UnsafeRawPointer.init) else { return hits }
        var line = 1
        var index = 0
        let count = text.count
        // One table lookup per byte between words: this pass reads every byte of every changed code file.
        while index < count {
            let kind = classes[Int(text[index])]
            if kind == 0 {
                index += 1
                continue
            }
            if kind == IdentifierBytes.newline {
                line += 1
                index += 1
                continue
            }
            let (end, hash) = Self.word(text, base, from: index)
            // A word that starts with a digit (`2fa_code`) is no identifier of ours.
            if kind == IdentifierBytes.start, end - index <= Self.maxLength, wanted.contains(hash),
               let slot = slots[hash], Self.equalsLowercased(keys[slot], text, index, end)
            {
                hits.append(Hit(slot: slot, start: index, end: end, line: line))
            }
            index = end
        }
        return lookupHits(text, base, adding: hits)
    }

    private static let lookupSeparator: [UInt8] = [UInt8(ascii: "_"), UInt8(ascii: "_")]

    /// `hits` with the fields Django's lookups name (`legacy__isnull=True`, `values("legacy__year")`, `F("legacy__len")`,
    /// `order_by("-legacy__date")`), in text order. Such a word is the field, `__` and a lookup or transform, which the
    /// word pass cannot match whole: each `__` inside a word is looked at (dunders, `__init__`, start their word and are
    /// passed by at once), and the word's part before it matched as a word of its own.
    private func lookupHits(_ text: UnsafeBufferPointer<UInt8>, _ base: UnsafeRawPointer, adding hits: [Hit]) -> [Hit] {
        var found: [Hit] = []
        var counted = (offset: 0, line: 1)
        var from = 0
        while true {
            let separator = ByteSearch.find(Self.lookupSeparator, in: text, from: from)
            guard separator < text.count else { break }
            from = separator + 2
            // A lookup or transform follows: a letter (`isnull`, `in`, `year`), not more underscores.
            guard separator + 2 < text.count, IdentifierBytes.isIdentifierStart(text[separator + 2]),
                  text[separator + 2] != UInt8(ascii: "_")
            else { continue }
            var start = separator
            while start > 0, separator - start < Self.maxLength, IdentifierBytes.isIdentifier(text[start - 1]) { start -= 1 }
            guard start < separator, start == 0 || !IdentifierBytes.isIdentifier(text[start - 1]),
                  IdentifierBytes.isIdentifierStart(text[start]),
                  // Only the first `__` of a word: `author__legacy__isnull` names another model's field.
                  !(start..<separator).contains(where: { $0 + 1 < separator && text[$0] == UInt8(ascii: "_") && text[$0 + 1] == UInt8(ascii: "_") })
            else { continue }
            let hash = Self.hash(text, start, separator)
            guard wanted.contains(hash), let slot = slots[hash], Self.equalsLowercased(keys[slot], text, start, separator) else { continue }
            // Lines counted from the last hit on: lookups naming a wanted field are few.
            for offset in counted.offset..<start where text[offset] == 0x0A { counted.line += 1 }
            counted.offset = start
            found.append(Hit(slot: slot, start: start, end: separator, line: counted.line))
        }
        guard !found.isEmpty else { return hits }
        return (hits + found).sorted { $0.start < $1.start }
    }

    /// What one pass has learnt about a text: where each table is named, and which it declares.
    private struct Scan {
        struct Reference {
            var hit: Hit
            var table: Int
            var line: Int
        }

        let text: UnsafeBufferPointer<UInt8>
        /// Table references that use the table (and, unless after `REFERENCES`, give context to the expression
        /// around them), in text order.
        var strongReferences: [Reference] = []
        /// Lines of each table's strong references, ascending.
        var referenceLines: [[Int]]
        /// Byte ranges (the parenthesised column list after `REFERENCES table`) that belong to a table.
        var referencedLists: [(range: Range<Int>, table: Int)] = []
        /// Tables whose mapped class or model the text declares.
        var declared: [Bool]
        /// SQL aliases (`FROM reports r`, `JOIN reports AS r`) and their tables; in a template, the names a loop over a
        /// table's rows gives each row (`Syntax.loopAlias`).
        var sqlAliases: [(range: Range<Int>, table: Int)] = []
        /// The parameters of lambdas a query over a table's rows is given (`db.Customers.Where(c => …)`,
        /// `context.Set<Customer>().Select(x => …)`, `from c in db.Customers`), each standing for a row of its table
        /// within the lambda (`scope`) only.
        var rowParameters: [(name: Range<Int>, scope: Range<Int>, table: Int)] = []
        /// Wanted names seen as function parameters.
        var parameterSlots: Set<Int> = []
        /// The last line whose write keywords were looked for, and the answer: one look per line.
        private var cachedLine = -1
        private var cachedLineWrites = false
        /// The text is a view template: only a row's member uses a column (`user.legacy_role`, `o.amount` after
        /// `{% for o in invoices %}`), or a name on the line of an ORM call of its table, and only an ORM call
        /// (`Coupon.all`) uses a table.
        let template: Bool

        init(text: UnsafeBufferPointer<UInt8>, tableCount: Int, template: Bool = false) {
            self.text = text
            self.template = template
            referenceLines = Array(repeating: [], count: tableCount)
            declared = Array(repeating: false, count: tableCount)
        }

        /// Classifies one mention of a table's name or model name.
        mutating func noteTableReference(_ hit: Hit, table: Int, isTableName: Bool) {
            let before = Syntax.wordBefore(text, hit.start)
            if let before, Syntax.declaresModel(text, before) {
                declared[table] = true
            }
            if let before, Syntax.isWord(text, before, "references") {
                if let list = Syntax.parenthesised(text, after: hit.end) { referencedLists.append((list, table)) }
                // Naming the referenced table is a use of it, not context for the statement's other columns.
                strongReferences.append(Reference(hit: hit, table: table, line: hit.line))
                return
            }
            let capitalised = IdentifierBytes.isUpper(text[hit.start])
            let memberOf = Syntax.memberAccess(text, before: hit.start)
            let next = Syntax.nextNonSpace(text, hit.end)
            if template {
                // A loop over the table's rows names each one (`{% for o in invoices %}`, `@users.each do |u|`,
                // `@foreach ($users as $u)`, `v-for="u in users"`): that name stands for the table, as a SQL alias does.
                if isTableName, let alias = Syntax.loopAlias(text, collection: hit.start..<hit.end) {
                    sqlAliases.append((alias, table))
                }
                // The page's words are no reference to the table; an ORM call is (`Coupon.all`, `Order::where(…)`,
                // `$tickets->where(…)`).
                let separator = next.byte == UInt8(ascii: ".") ? 1
                    : (next.byte == UInt8(ascii: ":") && next.following == UInt8(ascii: ":"))
                        || (next.byte == UInt8(ascii: "-") && next.following == UInt8(ascii: ">")) ? 2 : 0
                let method = separator > 0 ? Syntax.identifier(text, from: next.index + separator) : nil
                guard !memberOf, let method, Syntax.isORMVerb(text, method) else { return }
                strongReferences.append(Reference(hit: hit, table: table, line: hit.line))
                referenceLines[table].append(hit.line)
                return
            }
            // A key, keyword argument or variable named like the table (`messages:`, `chats = …`).
            if next.byte == UInt8(ascii: ":") && next.following != UInt8(ascii: ":") { return }
            if next.byte == UInt8(ascii: "="), next.following != UInt8(ascii: "="), next.following != UInt8(ascii: ">") {
                return
            }
            let strong: Bool
            if next.byte == UInt8(ascii: "."), let method = Syntax.identifier(text, from: next.index + 1) {
                // `prisma.chat.update(…)`, `Report.objects`, `db.query.reports.findMany` — but not `openai.chat.completions`.
                strong = Syntax.isORMVerb(text, method) || (!memberOf && (isTableName || capitalised))
            } else if memberOf {
                // `client.chat(…)` is another client's method; `db.reports` and `schema.reports` name the table.
                strong = next.byte != UInt8(ascii: "(") && (isTableName || capitalised)
            } else {
                strong = isTableName || capitalised
            }
            // A parameter named like the table, or an import of its schema object, is no use in an expression.
            guard strong, !Syntax.isParameter(text, hit.start), !Syntax.isImportLine(text, hit.start) else { return }
            strongReferences.append(Reference(hit: hit, table: table, line: hit.line))
            referenceLines[table].append(hit.line)
            if isTableName, let alias = Syntax.sqlAlias(text, after: hit.end) { sqlAliases.append((alias, table)) }
            Syntax.rowParameters(text, of: hit.start..<hit.end) { name, scope in rowParameters.append((name, scope, table)) }
        }

        /// Whether a column's name at `hit` uses it on `table`. Hits come in text order, so a name first seen
        /// as a parameter is known to be that parameter further down.
        mutating func isColumnUse(
            _ hit: Hit, table: Int, window: Int, keys: [[UInt8]], slots: SlotTable, roles: RoleTable
        ) -> Bool {
            for list in referencedLists where list.range.contains(hit.start) { return list.table == table }
            // `type Summary =`, `def summary(self)`, `def self.summary`, `function summary(`: a declaration.
            let declaration = Syntax.wordBefore(text, hit.start).map { Syntax.declaresType(text, $0) } ?? false
            if let qualifier = Syntax.qualifier(text, before: hit.start) {
                if Syntax.isWord(text, qualifier, "self") || Syntax.isWord(text, qualifier, "this")
                    || Syntax.isWord(text, qualifier, "cls")
                {
                    // A template's `this` is whatever the block iterates, which it does not say.
                    return !template && !declaration && (inExpression(hit, table: table, window: window) || declared[table])
                }
                let length = qualifier.count
                if length <= SchemaUsageMatcher.maxLength,
                   let slot = slots[SchemaUsageMatcher.hash(text, qualifier.lowerBound, qualifier.upperBound)],
                   SchemaUsageMatcher.equalsLowercased(keys[slot], text, qualifier.lowerBound, qualifier.upperBound)
                {
                    // `report.summary`: the qualifier names this table (or, `message.step_id`, another one).
                    return roles.contains(slot: slot) { role in
                        switch role {
                        case .tableName(let named), .modelName(let named): named == table
                        case .column: false
                        }
                    }
                }
                // A SQL alias (`r.summary` after `FROM reports r`) stands for its table, as a lambda's parameter does
                // for a row of the table its query reads (`c.Fax` in `db.Customers.Select(c => c.Fax)`); any other
                // qualifier (`message.step_id`, `row.summary`) is an object whose table is not this one, or not known.
                return sqlAliases.contains { alias in
                    alias.table == table && Syntax.sameBytes(text, alias.range, qualifier)
                } || rowParameters.contains { parameter in
                    parameter.table == table && parameter.scope.contains(hit.start)
                        && Syntax.sameBytes(text, parameter.name, qualifier)
                }
            }
            if declaration { return false }
            // In a template a bare name is the page's word, or a variable the template was given, unless an ORM call on
            // its line names the table (`<% User.where(legacy_role: "admin").each do |u| %>`, `Ticket::pluck('priority')`).
            if template { return inExpression(hit, table: table, window: 0) }
            if Syntax.isParameter(text, hit.start) {
                parameterSlots.insert(hit.slot)
                return false
            }
            // After `def f(step_id)`, a bare `step_id` is the parameter unless its line names the table.
            if parameterSlots.contains(hit.slot) { return inExpression(hit, table: table, window: 0) }
            return inExpression(hit, table: table, window: window) || declared[table]
        }

        /// Whether `table` is named as a table within `window` lines of the hit.
        private func inExpression(_ hit: Hit, table: Int, window: Int) -> Bool {
            let lines = referenceLines[table]
            guard !lines.isEmpty else { return false }
            if window == .max { return true }
            // The first reference at or after the window's start.
            var low = 0
            var high = lines.count
            let from = hit.line - window
            while low < high {
                let middle = (low + high) / 2
                if lines[middle] < from { low = middle + 1 } else { high = middle }
            }
            return low < lines.count && lines[low] <= hit.line + window
        }

        /// Whether the use at `hit` writes: an INSERT/UPDATE/save on its line, or an assignment or key right
        /// after it (not a comparison, an arrow or a type annotation).
        mutating func writes(_ hit: Hit) -> Bool {
            // A query's condition, order or projection reads the column, whatever the line goes on to write:
            // `Key.where(hashed_key_old: digest).update_all(…)`, `filter(col=v)`, `where: { col: v }`.
            if Syntax.isInReadCall(text, hit.start) { return false }
            if hit.line != cachedLine {
                cachedLine = hit.line
                cachedLineWrites = Syntax.lineHasWriteKeyword(text, around: hit.start)
            }
            if cachedLineWrites { return true }
            return Syntax.isAssignedAfter(text, hit.end)
        }
    }

    // MARK: Helpers

    static func singularize(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("sses") { return String(name.dropLast(2)) }
        if name.hasSuffix("s"), !name.hasSuffix("ss") { return String(name.dropLast()) }
        return name
    }

    static func camel(_ snake: String) -> String {
        var result = ""
        var upper = false
        for character in snake {
            if character == "_" {
                upper = true
            } else {
                result.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return result
    }

    /// The hash of `text[start..<end]`, ignoring ASCII case (`WordHash`).
    static func hash(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0
        var index = start
        while index < end {
            let chunkEnd = min(index + 8, end)
            var chunk: UInt64 = 0
            for offset in index..<chunkEnd { chunk |= UInt64(text[offset]) << UInt64((offset - index) * 8) }
            hash = WordHash.mix(hash, chunk)
            index = chunkEnd
        }
        return WordHash.finish(hash, length: end - start)
    }

    static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBufferPointer { hash($0, 0, $0.count) } }

    @inline(__always)
    static func equalsLowercased(_ key: [UInt8], _ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard key.count == end - start else { return false }
        var offset = 0
        while offset < key.count {
            if key[offset] != IdentifierBytes.lower(text[start + offset]) { return false }
            offset += 1
        }
        return true
    }
}

/// A word's hash, ignoring ASCII case: each eight bytes (a little-endian `UInt64`, every byte with 0x20 set) mixed
/// in by one multiplication, then the length. Letters fold to lower case and digits stay; `_` becomes 0x7F, which
/// no identifier holds, so different identifiers still read differently. The matcher hashes a word from the same
/// eight-byte loads that find its end.
private enum WordHash {
    private static let caseBits: UInt64 = 0x2020_2020_2020_2020

    @inline(__always)
    static func mix(_ hash: UInt64, _ chunk: UInt64) -> UInt64 {
        ((hash ^ (chunk | caseBits)) &* 0xFF51_AFD7_ED55_8CCD).rotated(by: 29)
    }

    @inline(__always)
    static func finish(_ hash: UInt64, length: Int) -> UInt64 {
        (hash ^ hash >> 32 ^ UInt64(truncatingIfNeeded: length)) &* 0xC4CE_B9FE_1A85_EC53
    }
}

extension UInt64 {
    fileprivate func rotated(by count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}

/// Where a few identifiers may be in a text, found by skipping (Wu and Manber's multi-pattern search for the
/// identifiers' last `length` bytes, `length` being the shortest identifier's, with three-byte blocks, ASCII case
/// folded): the three bytes at the end of a window of `length` bytes say how far the window can move before an
/// identifier could end in it, which for a few long identifiers is most of its length. Only a window that could end
/// an identifier, and ends a word there, has its word read.
///
/// Endings, not beginnings: names a change adds are often the code's own words with something after them
/// (`document_id_v2`, `legacy_flag`, `archived_at`), and the code is full of their beginnings (`documentId`,
/// `legacy`), which would stop the window at nearly every word. Three-byte blocks, not two: a change adding hundreds
/// of columns has hundreds of identifiers, whose two-byte blocks cover nearly every pair of letters. Blocks are
/// indexed by their bytes' classes, not hashed: a collision with a block as common as three blanks would stop the
/// window at every indented line.
fileprivate struct SkipSearch: Sendable {
    private let length: Int
    /// By `block` of the window's last three bytes: how far the window may move.
    private let shifts: [UInt8]
    private static let longestWord = 64
    /// Values of `folded`: a letter (either case), a digit, `_`, or any other byte, in five bits, so a block is
    /// three shifted classes and the table (32 KiB) stays in the first-level cache.
    private static let classBits = 5
    private static let classes = 1 << classBits
    /// Texts shorter than four times this are skipped through in one stretch.
    private static let shortestStretch = 256

    /// Nil when an identifier is too short for skipping to pay (then every word is read instead).
    init?(_ words: [[UInt8]]) {
        guard let shortest = words.map(\.count).min(), shortest >= 4 else { return nil }
        length = min(shortest, Self.longestWord)
        // A window can always move past all but the last two bytes of its last block, and past the last byte that is
        // in no identifier: an ending is identifier bytes only (code is nearly half other bytes).
        var shifts = [UInt8](repeating: UInt8(length - 2), count: Self.classes * Self.classes * Self.classes)
        for first in 0..<Self.classes {
            for second in 0..<Self.classes {
                shifts[Self.block(first, second, 0)] = UInt8(length)
                if second == 0 {
                    for third in 1..<Self.classes { shifts[Self.block(first, 0, third)] = UInt8(length - 1) }
                }
            }
        }
        for word in words {
            let ending = word.suffix(length)
            for end in (ending.startIndex + 2)..<ending.endIndex {
                let block = Self.block(
                    Int(Self.folded[Int(word[end - 2])]), Int(Self.folded[Int(word[end - 1])]),
                    Int(Self.folded[Int(word[end])]))
                shifts[block] = min(shifts[block], UInt8(ending.endIndex - 1 - end))
            }
        }
        self.shifts = shifts
    }

    /// Folds ASCII case; digits all fold alike (an ending's digits seldom decide a skip), and so do bytes that are in
    /// no identifier (0).
    private static let folded: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        let byte = UInt8(byte)
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 1
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A") + 1
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 27
        case UInt8(ascii: "_"): return 28
        default: return 0
        }
    }

    @inline(__always)
    private static func block(_ first: Int, _ second: Int, _ third: Int) -> Int {
        (first &<< classBits | second) &<< classBits | third
    }

    /// Whether `isWord` holds at the start of some word whose end could end an identifier.
    ///
    /// Each skip waits on the table lookup before it, so one window alone leaves the core idle most of the time:
    /// the text's window ends are split into four stretches, skipped through side by side.
    func mayHold(_ text: UnsafeBufferPointer<UInt8>, where isWord: (Int) -> Bool) -> Bool {
        Self.folded.withUnsafeBufferPointer { folded in
            shifts.withUnsafeBufferPointer { shifts in
                let search = Stretches(text: text, folded: folded, shifts: shifts)
                // `first` is at least 3 (the shortest identifier has four bytes), so the block ending at any window
                // end is in the text.
                let first = length &- 1
                let stretch = (text.count &- first) / 4
                guard stretch >= Self.shortestStretch else { return search.mayHold(from: first, to: text.count, where: isWord) }
                var ends = (first, first &+ stretch, first &+ 2 &* stretch, first &+ 3 &* stretch)
                let limits = (ends.1, ends.2, ends.3, text.count)
                // No window moves by more than `length`: so many rounds keep every stretch below its limit unasked.
                var rounds = min(limits.0 &- ends.0, limits.1 &- ends.1, limits.2 &- ends.2, limits.3 &- ends.3) / length
                while rounds > 0 {
                    for _ in 0..<rounds {
                        let shift = (search.shift(at: ends.0), search.shift(at: ends.1), search.shift(at: ends.2),
                                     search.shift(at: ends.3))
                        // Every shift is above 0 (and at most 64: one less is negative for 0 only), every window moves on.
                        if (shift.0 &- 1) | (shift.1 &- 1) | (shift.2 &- 1) | (shift.3 &- 1) >= 0 {
                            ends = (ends.0 &+ shift.0, ends.1 &+ shift.1, ends.2 &+ shift.2, ends.3 &+ shift.3)
                            continue
                        }
                        // A window may end an identifier: each such one is read, then moved by one.
                        guard let next = search.advance(ends.0, by: shift.0, where: isWord) else { return true }
                        ends.0 = next
                        guard let next = search.advance(ends.1, by: shift.1, where: isWord) else { return true }
                        ends.1 = next
                        guard let next = search.advance(ends.2, by: shift.2, where: isWord) else { return true }
                        ends.2 = next
                        guard let next = search.advance(ends.3, by: shift.3, where: isWord) else { return true }
                        ends.3 = next
                    }
                    rounds = min(limits.0 &- ends.0, limits.1 &- ends.1, limits.2 &- ends.2, limits.3 &- ends.3) / length
                }
                // The last windows of each stretch, one stretch at a time.
                return search.mayHold(from: ends.0, to: limits.0, where: isWord)
                    || search.mayHold(from: ends.1, to: limits.1, where: isWord)
                    || search.mayHold(from: ends.2, to: limits.2, where: isWord)
                    || search.mayHold(from: ends.3, to: limits.3, where: isWord)
            }
        }
    }

    /// The text and tables one search reads. A skip from any window end misses no identifier ending: a stretch
    /// can start anywhere. Every index stays below `text.count`, which no sum here can overflow.
    private struct Stretches {
        let text: UnsafeBufferPointer<UInt8>
        let folded: UnsafeBufferPointer<UInt8>
        let shifts: UnsafeBufferPointer<UInt8>

        /// How far the window ending at `end` may move: 0 if an identifier may end there.
        @inline(__always)
        func shift(at end: Int) -> Int {
            Int(shifts[SkipSearch.block(
                Int(folded[Int(text[end &- 2])]), Int(folded[Int(text[end &- 1])]), Int(folded[Int(text[end])]))])
        }

        /// The window end after `end`, which has `shift`; nil when a word ends at `end` and `isWord` holds at its
        /// start.
        @inline(__always)
        func advance(_ end: Int, by shift: Int, where isWord: (Int) -> Bool) -> Int? {
            if shift != 0 { return end &+ shift }
            // An identifier ends here only if a word does, or a Django lookup's field does (`legacy` of
            // `legacy__isnull`); its start is where the word's bytes begin.
            if end &+ 1 == text.count || folded[Int(text[end &+ 1])] == 0
                || (end &+ 2 < text.count && text[end &+ 1] == UInt8(ascii: "_") && text[end &+ 2] == UInt8(ascii: "_"))
            {
                var start = end
                let limit = max(0, end &- SkipSearch.longestWord)
                while start > limit, folded[Int(text[start &- 1])] != 0 { start &-= 1 }
                if isWord(start) { return nil }
            }
            return end &+ 1
        }

        /// Whether a window ending in `end..<limit` ends a word at whose start `isWord` holds.
        func mayHold(from end: Int, to limit: Int, where isWord: (Int) -> Bool) -> Bool {
            var end = end
            while end < limit {
                guard let next = advance(end, by: shift(at: end), where: isWord) else { return true }
                end = next
            }
            return false
        }
    }
}

/// One bit per hash prefix, sized to the wanted identifiers: a matcher is made for every removal a migration
/// statement makes, so a small one stays small to clear.
private struct HashFilter: Sendable {
    private var words: [UInt64] = [0]
    private var shift: UInt64 = 58

    init() {}

    init(_ hashes: [UInt64]) {
        // About 64 bits per wanted identifier: one word in a hundred passes by chance.
        var bits = 64
        while bits < hashes.count * 64, bits < 1 << 20 { bits <<= 1 }
        words = [UInt64](repeating: 0, count: bits / 64)
        shift = UInt64(64 - bits.trailingZeroBitCount)
        for hash in hashes {
            let bit = Int(truncatingIfNeeded: hash >> shift)
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: hash >> shift)
        return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}

/// Wanted identifiers by their 64-bit hash: open addressing in a power-of-two table, no hashing of the hash.
private struct SlotTable: Sendable {
    private var hashes = [UInt64](repeating: 0, count: 64)
    private var slots = [Int](repeating: -1, count: 64)
    private var count = 0

    subscript(hash: UInt64) -> Int? {
        let mask = hashes.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] >= 0 {
            if hashes[index] == hash { return slots[index] }
            index = (index + 1) & mask
        }
        return nil
    }

    mutating func insert(_ hash: UInt64, slot: Int) {
        if (count + 1) * 2 > hashes.count { grow() }
        let mask = hashes.count - 1
        var index = Int(truncatingIfNeeded: hash) & mask
        while slots[index] >= 0 { index = (index + 1) & mask }
        hashes[index] = hash
        slots[index] = slot
        count += 1
    }

    private mutating func grow() {
        let old = zip(hashes, slots).filter { $0.1 >= 0 }
        hashes = [UInt64](repeating: 0, count: hashes.count * 2)
        slots = [Int](repeating: -1, count: slots.count * 2)
        count = 0
        for (hash, slot) in old { insert(hash, slot: slot) }
    }
}

/// Byte classes for identifiers, without Unicode or `Character` work.
private enum IdentifierBytes {
    /// Byte classes for `findHits`: an identifier's first byte, a digit, a newline, or 0 for anything else.
    static let start: UInt8 = 1
    static let digit: UInt8 = 2
    static let newline: UInt8 = 4
    static let classes: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        let byte = UInt8(byte)
        if isIdentifierStart(byte) { return start }
        if byte >= 0x30 && byte <= 0x39 { return digit }
        return byte == 0x0A ? newline : 0
    }
    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    @inline(__always) static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }
    @inline(__always) static func isIdentifier(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39)
    }
    @inline(__always) static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}

/// The little syntax the usage matcher needs, read straight from bytes around a token.
private enum Syntax {
    /// Whether `offset` lies in the list ActiveRecord's `ignored_columns` is given (`self.ignored_columns =
    /// %w(secret trust_level)`, `+= [:trust_level]`), one line or several: after the word, before the list closes.
    static func isInIgnoredColumnsList(_ text: UnsafeBufferPointer<UInt8>, _ offset: Int) -> Bool {
        let needle = ignoredColumns
        var index = offset - needle.count
        let limit = max(0, offset - 2_000)
        while index >= limit {
            if holds(text, needle, at: index) {
                return !(index + needle.count..<offset).contains { text[$0] == Byte.closeParen || text[$0] == Byte.closeBracket }
            }
            index -= 1
        }
        return false
    }

    /// Whether the bytes `start..<end` lie in a one-line string literal that reads as a sentence: four words or more,
    /// the first capitalised and none of SQL's clause words (`select`, `from`, `where`, `update`, `into`, `join`,
    /// `set`, `table`, `values`, `returning`, `delete`, `insert`, `copy`), and at most one of them later ("Failed to delete
    /// messages by chat id"; a statement has two: `DELETE FROM`, `UPDATE … SET`).
    static func isInProse(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var open = start - 1
        while open >= 0, text[open] != Byte.newline, !isQuote(text[open]) { open -= 1 }
        guard open >= 0, isQuote(text[open]), open + 1 < text.count, text[open + 1] >= 65, text[open + 1] <= 90 else { return false }
        var close = end
        while close < text.count, text[close] != Byte.newline, text[close] != text[open] { close += 1 }
        guard close < text.count, text[close] == text[open], close - open > 12 else { return false }
        // Word by word, without copying: at least four, the first no SQL clause word and at most one later.
        var words = 0
        var clauseWords = 0
        var wordStart = open + 1
        for index in (open + 1)...close where index == close || text[index] == Byte.space {
            let length = index - wordStart
            if length > 0 {
                words += 1
                if sqlClauseWords.contains(where: { $0.count == length && holds(text, $0, at: wordStart, folding: true) }) {
                    clauseWords += 1
                    if words == 1 || clauseWords > 1 { return false }
                }
            }
            wordStart = index + 1
        }
        return words >= 4
    }

    private static func isQuote(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "`")
    }

    private static let sqlClauseWords = ["select", "from", "where", "update", "into", "join", "set", "table", "values",
                                         "returning", "delete", "insert", "copy"].map { Array($0.utf8) }

    static func containsIgnoredColumns(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let needle = ignoredColumns
        guard text.count >= needle.count else { return false }
        var index = 0
        while index + needle.count <= text.count {
            if text[index] == needle[0], holds(text, needle, at: index) { return true }
            index += 1
        }
        return false
    }

    private static let ignoredColumns = Array("ignored_columns".utf8)

    /// Whether `word` (lower-case when `folding`) is at `index` of `text`, which has room for it.
    private static func holds(_ text: UnsafeBufferPointer<UInt8>, _ word: [UInt8], at index: Int, folding: Bool = false) -> Bool {
        word.indices.allSatisfy { (folding ? Byte.lower(text[index + $0]) : text[index + $0]) == word[$0] }
    }

    /// The identifier right before `start`, skipping blanks, quotes, `(`, `:`, `=` and `@` (so `class Report`,
    /// `pgTable("reports"`, `create_table :reports`, `__tablename__ = "reports"` and `REFERENCES "Chat"` all
    /// find the word that introduces the name), within the same line.
    static func wordBefore(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Range<Int>? {
        var index = start
        var skipped = 0
        while index > 0, skipped < 8 {
            let byte = text[index - 1]
            guard IdentifierBytes.isBlank(byte) || byte == 0x22 || byte == 0x27 || byte == 0x60 || byte == 0x28
                || byte == 0x3A || byte == 0x3D || byte == 0x40
            else { break }
            index -= 1
            skipped += 1
        }
        // A schema-qualified name (`"public"."Document"`, `public.reports`): the word before the schema.
        if index > 1, text[index - 1] == UInt8(ascii: "."), skipped <= 1 {
            var schema = index - 1
            if text[schema - 1] == 0x22 || text[schema - 1] == 0x60 { schema -= 1 }
            let schemaEnd = schema
            while schema > 0, IdentifierBytes.isIdentifier(text[schema - 1]) { schema -= 1 }
            if schema < schemaEnd {
                if schema > 0, text[schema - 1] == 0x22 || text[schema - 1] == 0x60 { schema -= 1 }
                return wordBefore(text, schema)
            }
        }
        let end = index
        while index > 0, IdentifierBytes.isIdentifier(text[index - 1]) { index -= 1 }
        return index < end ? index..<end : nil
    }

    /// Whether the line holding `position` is an import (`import …`, `from x import …`, `require(…)`, `use …`).
    static func isImportLine(_ text: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        var start = position
        while start > 0, text[start - 1] != 0x0A { start -= 1 }
        guard let word = identifier(text, from: start) else { return false }
        if isWord(text, word, "from") {
            // Python's `from x import y`, not SQL's `FROM reports` at the start of a line.
            var index = word.upperBound
            while index < text.count, text[index] != 0x0A {
                if text[index] == UInt8(ascii: " "), matches(text, index, text.count, " import ") { return true }
                index += 1
            }
            return false
        }
        return isWord(text, word, "import") || isWord(text, word, "require") || isWord(text, word, "use")
    }

    /// The identifier starting at `index` (after blanks), if any.
    static func identifier(_ text: UnsafeBufferPointer<UInt8>, from index: Int) -> Range<Int>? {
        var start = index
        while start < text.count, IdentifierBytes.isBlank(text[start]) { start += 1 }
        guard start < text.count, IdentifierBytes.isIdentifierStart(text[start]) else { return nil }
        var end = start + 1
        while end < text.count, IdentifierBytes.isIdentifier(text[end]) { end += 1 }
        return start..<end
    }

    /// Whether `range` spells `word` (lowercase ASCII), ignoring case.
    static func isWord(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount else { return false }
        let pointer = word.utf8Start
        for offset in 0..<range.count where IdentifierBytes.lower(text[range.lowerBound + offset]) != pointer[offset] {
            return false
        }
        return true
    }

    /// Words that introduce a mapped class, model or table definition named by the next token.
    static func declaresModel(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        isWord(text, word, "class") || isWord(text, word, "model") || isWord(text, word, "table")
            || isWord(text, word, "pgtable") || isWord(text, word, "mysqltable") || isWord(text, word, "sqlitetable")
            || isWord(text, word, "create_table") || isWord(text, word, "__tablename__") || isWord(text, word, "define")
            || isWord(text, word, "entity") || isWord(text, word, "db_table") || isWord(text, word, "table_name")
    }

    /// Words that declare a type or a function named by the next token: that name is no column use.
    static func declaresType(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        isWord(text, word, "type") || isWord(text, word, "interface") || isWord(text, word, "class")
            || isWord(text, word, "struct") || isWord(text, word, "enum") || isWord(text, word, "def")
            || isWord(text, word, "function") || isWord(text, word, "func") || isWord(text, word, "fn")
    }

    /// ORM entry points after `model.`: a query, a write, a manager.
    static func isORMVerb(_ text: UnsafeBufferPointer<UInt8>, _ word: Range<Int>) -> Bool {
        for verb in ormVerbs where isWord(text, word, verb) { return true }
        return false
    }

    private static let ormVerbs: [StaticString] = [
        "find", "findmany", "findunique", "findfirst", "finduniqueorthrow", "findfirstorthrow", "findall", "findone",
        "findbypk", "findbyid", "findorcreate", "find_by", "findby", "create", "createmany", "bulkcreate", "update",
        "updatemany", "upsert", "delete", "deletemany", "destroy", "count", "aggregate", "groupby", "objects",
        "query", "where", "select", "insert", "insertmany", "filter", "get", "all", "first", "last", "save", "pluck",
        "exists", "update_all", "delete_all", "joins", "includes", "order", "scalar", "one", "many", "columns",
    ]

    /// Whether the token at `start` is reached through a member access (`x.chat`, `x?.chat`, `x->chat`).
    static func memberAccess(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Bool {
        guard start > 0 else { return false }
        let byte = text[start - 1]
        return byte == UInt8(ascii: ".") || (byte == UInt8(ascii: ">") && start > 1 && text[start - 2] == UInt8(ascii: "-"))
    }

    /// The object a member is read from: `report` in `report.summary`, `report?.summary`, `report->summary`,
    /// `report["summary"]`, `report[:summary]`; nil for a bare name.
    static func qualifier(_ text: UnsafeBufferPointer<UInt8>, before start: Int) -> Range<Int>? {
        var index = start
        if index > 0, text[index - 1] == 0x22 || text[index - 1] == 0x27 || text[index - 1] == 0x3A {
            // A subscript by key: `row["summary"]`, `row[:summary]`.
            guard index > 1, text[index - 2] == UInt8(ascii: "[") else { return nil }
            index -= 2
        } else if index > 0, text[index - 1] == UInt8(ascii: ".") {
            index -= 1
            if index > 0, text[index - 1] == UInt8(ascii: "?") || text[index - 1] == UInt8(ascii: "!") { index -= 1 }
        } else if index > 1, text[index - 1] == UInt8(ascii: ">"), text[index - 2] == UInt8(ascii: "-") {
            index -= 2
        } else {
            return nil
        }
        let end = index
        while index > 0, IdentifierBytes.isIdentifier(text[index - 1]) { index -= 1 }
        guard index < end else {
            // `).summary`, `].summary`: the result of a call or subscript, whose table is unknown.
            return end > 0 && (text[end - 1] == UInt8(ascii: ")") || text[end - 1] == UInt8(ascii: "]")) ? end..<end : nil
        }
        return index..<end
    }

    /// Whether the token at `start` is a parameter in a function's signature: inside the open parenthesis that
    /// follows `def name`, `function name`, `func name`, `fn name` on the same line, or in an arrow function's
    /// parameter list (`(stepId: string) =>`).
    static func isParameter(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        var index = start
        var depth = 0
        var lineStart = 0
        // Walk back to the line start, tracking parentheses we are inside of.
        var openAt: Int?
        while index > 0 {
            let byte = text[index - 1]
            if byte == 0x0A {
                lineStart = index
                break
            }
            if byte == UInt8(ascii: ")") { depth += 1 }
            if byte == UInt8(ascii: "(") {
                if depth == 0, openAt == nil { openAt = index - 1 }
                depth = max(0, depth - 1)
            }
            index -= 1
        }
        guard let open = openAt else { return false }
        // `def name(`, `function name(`, `func (r *T) name(`, `fn name(`, `function(`.
        var cursor = open
        while cursor > lineStart, IdentifierBytes.isBlank(text[cursor - 1]) { cursor -= 1 }
        var wordEnd = cursor
        var wordStart = cursor
        while wordStart > lineStart, IdentifierBytes.isIdentifier(text[wordStart - 1]) { wordStart -= 1 }
        if wordStart < wordEnd, isWord(text, wordStart..<wordEnd, "function") || isWord(text, wordStart..<wordEnd, "func") {
            return true
        }
        // The function's name, then the keyword before it.
        cursor = wordStart
        while cursor > lineStart, IdentifierBytes.isBlank(text[cursor - 1]) || text[cursor - 1] == UInt8(ascii: "*") {
            cursor -= 1
        }
        wordEnd = cursor
        wordStart = cursor
        while wordStart > lineStart, IdentifierBytes.isIdentifier(text[wordStart - 1]) { wordStart -= 1 }
        if wordStart < wordEnd {
            let word = wordStart..<wordEnd
            if isWord(text, word, "def") || isWord(text, word, "function") || isWord(text, word, "func")
                || isWord(text, word, "fn") || isWord(text, word, "fun")
            {
                return true
            }
        }
        // An arrow function: the matching `)` is followed by `=>` (after an optional return type).
        var depthAfter = 0
        var scan = start
        while scan < text.count, text[scan] != 0x0A {
            let byte = text[scan]
            if byte == UInt8(ascii: "(") { depthAfter += 1 }
            if byte == UInt8(ascii: ")") {
                if depthAfter == 0 { break }
                depthAfter -= 1
            }
            scan += 1
        }
        guard scan < text.count, text[scan] == UInt8(ascii: ")") else { return false }
        scan += 1
        var limit = 0
        while scan + 1 < text.count, text[scan] != 0x0A, limit < 40 {
            if text[scan] == UInt8(ascii: "="), text[scan + 1] == UInt8(ascii: ">") { return true }
            if text[scan] == UInt8(ascii: "{") || text[scan] == UInt8(ascii: ";") { return false }
            scan += 1
            limit += 1
        }
        return false
    }

    /// The name a template's loop gives each element of the collection at `collection` (a word naming a table):
    /// `for o in orders` (Django, Jinja, Twig, Liquid, Nunjucks, Vue's `v-for="(o, i) in orders"`), `orders as o`
    /// (Blade's `@foreach ($orders as $o)`, Svelte's `{#each orders as o}`, Handlebars' `{{#each orders as |o|}}`), and
    /// `orders.each do |o|` or `orders.forEach((o) =>` (ERB, Haml, Slim, EJS), on the collection's line.
    static func loopAlias(_ text: UnsafeBufferPointer<UInt8>, collection: Range<Int>) -> Range<Int>? {
        // `… in orders`: the name before `in` (the first of a parenthesised pair).
        if let before = wordBefore(text, collection.lowerBound), isWord(text, before, "in") {
            var index = before.lowerBound
            while index > 0, IdentifierBytes.isBlank(text[index - 1]) { index -= 1 }
            if index > 0, text[index - 1] == UInt8(ascii: ")") {
                var open = index - 1
                while open > 0, text[open] != UInt8(ascii: "("), text[open] != Byte.newline { open -= 1 }
                guard text[open] == UInt8(ascii: "(") else { return nil }
                return identifier(text, from: open + 1)
            }
            return wordBefore(text, index).flatMap { isWord(text, $0, "for") ? nil : $0 }
        }
        var index = collection.upperBound
        func skip(_ bytes: [UInt8]) { while index < text.count, bytes.contains(text[index]) { index += 1 } }
        // `orders as o`, `$orders as $o`, `orders as |o|`.
        skip([0x20, 0x09])
        if let word = identifier(text, from: index), isWord(text, word, "as") {
            index = word.upperBound
            skip([0x20, 0x09, UInt8(ascii: "$"), UInt8(ascii: "|"), UInt8(ascii: "(")])
            return identifier(text, from: index)
        }
        // `orders.each do |o|`, `orders.each_with_index { |o, i|`, `orders.forEach(function (o) {`, `orders.map(o =>`.
        guard index < text.count, text[index] == UInt8(ascii: "."), let method = identifier(text, from: index + 1),
              loopMethods.contains(where: { isWord(text, method, $0) })
        else { return nil }
        index = method.upperBound
        while index < text.count, text[index] != Byte.newline {
            let byte = text[index]
            index += 1
            guard byte == UInt8(ascii: "|") || byte == UInt8(ascii: "(") else { continue }
            if let name = identifier(text, from: index), !isWord(text, name, "function") { return name }
        }
        return nil
    }

    private static let loopMethods: [StaticString] = ["each", "each_with_index", "find_each", "foreach", "map"]

    /// The lambdas a query over the rows of the table named at `reference` is given, each with its parameter and
    /// the bytes it spans (`report`): a chain of calls after the name (`db.Customers.Where(c => …).Select(c => …)`,
    /// over lines; `Set<Customer>().Where(…)`), until a call that maps the rows to something else (`Select`, `map`,
    /// `GroupBy`), after whose lambda the rows are gone; and C#'s query syntax, `from c in db.Customers`, to the
    /// statement's end. Asked of table references only, which are few: bounded walks, nothing allocated.
    static func rowParameters(
        _ text: UnsafeBufferPointer<UInt8>, of reference: Range<Int>, report: (Range<Int>, Range<Int>) -> Void
    ) {
        // `from c in db.Customers`: `in` before the collection (and its `db.` qualifier), `from` before the name.
        var start = reference.lowerBound
        while start > 1, text[start - 1] == UInt8(ascii: "."), let owner = wordBefore(text, start - 1),
              owner.upperBound == start - 1 {
            start = owner.lowerBound
        }
        if let inWord = wordBefore(text, start), isWord(text, inWord, "in"),
           let name = wordBefore(text, inWord.lowerBound), let from = wordBefore(text, name.lowerBound), isWord(text, from, "from")
        {
            var end = reference.upperBound
            let limit = min(text.count, end + 2_000)
            while end < limit, text[end] != UInt8(ascii: ";") { end += 1 }
            report(name, name.lowerBound..<end)
        }
        var index = reference.upperBound
        // `Set<Customer>()`: the chain starts after the generic call.
        if index + 2 < text.count, text[index] == UInt8(ascii: ">"), text[index + 1] == UInt8(ascii: "("),
           text[index + 2] == UInt8(ascii: ")") {
            index += 3
        }
        for _ in 0..<8 {
            // `.Method(` on this line or the next ones, `?.` too.
            while index < text.count, IdentifierBytes.isBlank(text[index]) || text[index] == Byte.newline || text[index] == 0x0D {
                index += 1
            }
            if index < text.count, text[index] == UInt8(ascii: "?") { index += 1 }
            guard index < text.count, text[index] == UInt8(ascii: "."), let method = identifier(text, from: index + 1),
                  method.upperBound < text.count, text[method.upperBound] == UInt8(ascii: "("),
                  let close = closingParenthesis(text, from: method.upperBound)
            else { return }
            if let parameter = lambdaParameter(text, at: method.upperBound + 1, before: close) {
                report(parameter, method.upperBound..<close)
            }
            if projections.contains(where: { isWord(text, method, $0) }) { return }
            index = close + 1
        }
    }

    /// Calls after which a chain holds something other than the rows it started from.
    private static let projections: [StaticString] = [
        "select", "selectmany", "groupby", "groupjoin", "join", "zip", "cast", "oftype", "map", "flatmap", "flat_map",
        "pluck", "values", "values_list", "reduce", "aggregate", "count", "sum", "first", "firstordefault", "single",
        "singleordefault", "tolist", "toarray", "tolistasync", "toarrayasync",
    ]

    /// The parameter of a lambda opening at `start`: `c => …`, `(c) => …`, `c -> …`, `|c| …`.
    private static func lambdaParameter(_ text: UnsafeBufferPointer<UInt8>, at start: Int, before end: Int) -> Range<Int>? {
        var index = start
        while index < end, IdentifierBytes.isBlank(text[index]) || text[index] == Byte.newline || text[index] == 0x0D {
            index += 1
        }
        let bar = index < end && text[index] == UInt8(ascii: "|")
        if index < end, text[index] == UInt8(ascii: "(") || bar { index += 1 }
        guard let name = identifier(text, from: index), name.upperBound < end else { return nil }
        if bar { return text[name.upperBound] == UInt8(ascii: "|") ? name : nil }
        index = name.upperBound
        while index < end, IdentifierBytes.isBlank(text[index]) || text[index] == UInt8(ascii: ")") { index += 1 }
        guard index + 1 < end, text[index] == UInt8(ascii: "=") || text[index] == UInt8(ascii: "-"),
              text[index + 1] == UInt8(ascii: ">")
        else { return nil }
        return name
    }

    /// The `)` closing the `(` at `open`, past nested parentheses and quoted strings; nil beyond 4,000 bytes.
    private static func closingParenthesis(_ text: UnsafeBufferPointer<UInt8>, from open: Int) -> Int? {
        var depth = 0
        var index = open
        let limit = min(text.count, open + 4_000)
        while index < limit {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index += 1
                while index < limit, text[index] != byte, text[index] != Byte.newline {
                    if text[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            } else if byte == UInt8(ascii: "(") {
                depth += 1
            } else if byte == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// Whether `offset` lies in a template language's comment opened on its line and not closed before it (`<%# … %>`,
    /// `{# … #}`, `{{!-- … --}}`, Blade's `{{-- … --}}`, Razor's `@* … *@`), or on a line Haml (`-#`) or Slim (`/`) comments
    /// out. An HTML comment is no such comment: the template still evaluates what is in it.
    static func isInTemplateComment(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        var start = offset
        while start > 0, text[start - 1] != Byte.newline { start -= 1 }
        var first = start
        while first < offset, IdentifierBytes.isBlank(text[first]) { first += 1 }
        if first + 1 < offset, text[first] == UInt8(ascii: "-"), text[first + 1] == UInt8(ascii: "#") { return true }
        if first + 1 < offset, text[first] == UInt8(ascii: "/"), text[first + 1] == 0x20 || text[first + 1] == UInt8(ascii: "!") {
            return true
        }
        // The last comment opener before the offset on its line, then whether its closer follows it before the offset.
        var index = offset - 1
        while index > start {
            let (byte, previous) = (text[index], text[index - 1])
            let opener: (closer: (UInt8, UInt8), length: Int)?
            switch (previous, byte) {
            case (UInt8(ascii: "%"), UInt8(ascii: "#")) where index >= start + 2 && text[index - 2] == UInt8(ascii: "<"):
                opener = ((UInt8(ascii: "%"), UInt8(ascii: ">")), 1)
            // Not Svelte's `{#each …}` nor Handlebars' `{{#each …}}`: a block opens there.
            case (UInt8(ascii: "{"), UInt8(ascii: "#"))
            where !(index + 1 < text.count && IdentifierBytes.isIdentifierStart(text[index + 1]))
                && !(index >= start + 2 && text[index - 2] == UInt8(ascii: "{")):
                opener = ((UInt8(ascii: "#"), UInt8(ascii: "}")), 1)
            case (UInt8(ascii: "{"), UInt8(ascii: "!")) where index >= start + 2 && text[index - 2] == UInt8(ascii: "{"):
                opener = ((UInt8(ascii: "}"), UInt8(ascii: "}")), 1)
            case (UInt8(ascii: "{"), UInt8(ascii: "-")) where index >= start + 2 && text[index - 2] == UInt8(ascii: "{")
                && index + 1 < text.count && text[index + 1] == UInt8(ascii: "-"):
                opener = ((UInt8(ascii: "}"), UInt8(ascii: "}")), 2)
            case (UInt8(ascii: "@"), UInt8(ascii: "*")): opener = ((UInt8(ascii: "*"), UInt8(ascii: "@")), 1)
            default: opener = nil
            }
            if let opener {
                var cursor = index + opener.length
                while cursor + 1 < offset {
                    if text[cursor] == opener.closer.0, text[cursor + 1] == opener.closer.1 { return false }
                    cursor += 1
                }
                return true
            }
            index -= 1
        }
        return false
    }

    /// The alias a SQL table reference introduces: `reports r`, `reports AS r`, `"Report" "r"`; not a keyword.
    static func sqlAlias(_ text: UnsafeBufferPointer<UInt8>, after end: Int) -> Range<Int>? {
        var index = end
        if index < text.count, text[index] == 0x22 || text[index] == 0x60 { index += 1 }
        guard index < text.count, IdentifierBytes.isBlank(text[index]) else { return nil }
        guard var word = identifier(text, from: index) else { return nil }
        if isWord(text, word, "as") {
            guard let next = identifier(text, from: word.upperBound) else { return nil }
            word = next
        }
        for keyword in sqlKeywords where isWord(text, word, keyword) { return nil }
        return word
    }

    private static let sqlKeywords: [StaticString] = [
        "where", "set", "join", "inner", "left", "right", "full", "outer", "cross", "on", "using", "group", "order",
        "limit", "offset", "values", "select", "returning", "add", "drop", "alter", "rename", "column", "to", "and",
        "or", "not", "union", "having", "window", "for", "default", "owner", "enable", "disable", "natural", "lateral",
        "into", "from", "as", "if", "only", "with", "validate", "do", "then", "else", "end", "when", "in", "is",
    ]

    /// Whether two ranges of `text` hold the same bytes, ignoring ASCII case.
    static func sameBytes(_ text: UnsafeBufferPointer<UInt8>, _ left: Range<Int>, _ right: Range<Int>) -> Bool {
        guard left.count == right.count else { return false }
        for offset in 0..<left.count
        where IdentifierBytes.lower(text[left.lowerBound + offset]) != IdentifierBytes.lower(text[right.lowerBound + offset]) {
            return false
        }
        return true
    }

    /// The parenthesised range right after `end` (blanks and a closing quote skipped), if one opens there.
    static func parenthesised(_ text: UnsafeBufferPointer<UInt8>, after end: Int) -> Range<Int>? {
        var index = end
        while index < text.count, IdentifierBytes.isBlank(text[index]) || text[index] == 0x22 || text[index] == 0x60 {
            index += 1
        }
        guard index < text.count, text[index] == UInt8(ascii: "(") else { return nil }
        var close = index + 1
        while close < text.count, text[close] != UInt8(ascii: ")") { close += 1 }
        return index..<close
    }

    /// The first byte after `end` that is no blank or quote, with its index and the byte after it.
    static func nextNonSpace(_ text: UnsafeBufferPointer<UInt8>, _ end: Int) -> (byte: UInt8, following: UInt8, index: Int) {
        var index = end
        while index < text.count, IdentifierBytes.isBlank(text[index]) || text[index] == 0x22 || text[index] == 0x27
            || text[index] == 0x60
        {
            index += 1
        }
        guard index < text.count else { return (0, 0, index) }
        return (text[index], index + 1 < text.count ? text[index + 1] : 0, index)
    }

    /// Whether the line around `position` has a write keyword: insert, update, upsert, `.save`, `.create(`, `set `.
    static func lineHasWriteKeyword(_ text: UnsafeBufferPointer<UInt8>, around position: Int) -> Bool {
        var start = position
        while start > 0, text[start - 1] != 0x0A { start -= 1 }
        var end = position
        while end < text.count, text[end] != 0x0A { end += 1 }
        var index = start
        while index < end {
            switch IdentifierBytes.lower(text[index]) {
            case UInt8(ascii: "i"): if matches(text, index, end, "insert") { return true }
            case UInt8(ascii: "u"): if matches(text, index, end, "update") || matches(text, index, end, "upsert") { return true }
            case UInt8(ascii: "."): if matches(text, index, end, ".save") || matches(text, index, end, ".create(") { return true }
            case UInt8(ascii: "s"): if matches(text, index, end, "set ") { return true }
            default: break
            }
            index += 1
        }
        return false
    }

    private static func matches(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { return false }
        let pointer = word.utf8Start
        for offset in 0..<count where IdentifierBytes.lower(text[index + offset]) != pointer[offset] { return false }
        return true
    }

    /// Whether the name at `position` is an argument of a query's reading call: a condition, an order or a
    /// projection, names matched ignoring case (Rails' `where(col: v)`, `find_by(col: v)`, `where("col = ?", v)`, `exists?(col: v)`, `order(:col)`;
    /// Laravel's `->where('col', v)`; Django's `filter(col=v)`, `exclude(…)`, `get(…)`; Prisma's, Sequelize's and
    /// TypeORM's `where: { col: v }`, `findOneBy({ col: v })`). The innermost call or object around it decides, found
    /// by walking back over balanced brackets within a few lines: an object under a `where:` key reads, one under
    /// another key (`data: { col: v }`) belongs to the call around it.
    static func isInReadCall(_ text: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        var index = position - 1
        var depth = 0
        var lines = 0
        let limit = max(0, position - 600)
        while index >= limit {
            let byte = text[index]
            switch byte {
            case 0x0A:
                lines += 1
                if lines > 6 { return false }
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth += 1
            case UInt8(ascii: "["): if depth > 0 { depth -= 1 } else { return false }
            case UInt8(ascii: "("), UInt8(ascii: "{"):
                if depth > 0 {
                    depth -= 1
                } else if byte == UInt8(ascii: "(") {
                    return calleeReads(text, before: index)
                } else if let key = keyBefore(text, brace: index) {
                    // `where: { col: v }` reads; `data: { col: v }`, `set: {…}` do not, whatever call holds them.
                    return isWord(text, key, "where")
                } else if !isArgumentStart(text, before: index) {
                    // A block or a function's body: what it does is its own, not its caller's arguments.
                    return false
                }
            default: break
            }
            index -= 1
        }
        return false
    }

    /// Whether the bracket at `index` opens an argument: `(` or `,` just before it (`findOneBy({ … })`).
    private static func isArgumentStart(_ text: UnsafeBufferPointer<UInt8>, before index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, IdentifierBytes.isBlank(text[cursor]) || text[cursor] == 0x0A || text[cursor] == 0x0D { cursor -= 1 }
        return cursor >= 0 && (text[cursor] == UInt8(ascii: "(") || text[cursor] == UInt8(ascii: ","))
    }

    /// The key an object literal opening at `brace` is the value of (`where: {`), if one.
    private static func keyBefore(_ text: UnsafeBufferPointer<UInt8>, brace: Int) -> Range<Int>? {
        var index = brace - 1
        while index >= 0, IdentifierBytes.isBlank(text[index]) { index -= 1 }
        guard index >= 0, text[index] == UInt8(ascii: ":") else { return nil }
        index -= 1
        while index >= 0, IdentifierBytes.isBlank(text[index]) || text[index] == 0x22 || text[index] == 0x27 { index -= 1 }
        let end = index + 1
        while index >= 0, IdentifierBytes.isIdentifier(text[index]) { index -= 1 }
        return index + 1 < end ? (index + 1)..<end : nil
    }

    /// Whether the call whose `(` is at `open` is one of the reading calls (`readingCalls`), its name read back from
    /// the parenthesis (`exists?`, `find_by!` with their marks).
    private static func calleeReads(_ text: UnsafeBufferPointer<UInt8>, before open: Int) -> Bool {
        var index = open - 1
        while index >= 0, text[index] == UInt8(ascii: " ") { index -= 1 }
        if index >= 0, text[index] == UInt8(ascii: "?") || text[index] == UInt8(ascii: "!") { index -= 1 }
        let end = index + 1
        while index >= 0, IdentifierBytes.isIdentifier(text[index]) { index -= 1 }
        let name = (index + 1)..<end
        guard !name.isEmpty else { return false }
        return readingCalls.contains { isWord(text, name, $0) }
    }

    /// Query calls whose arguments name columns the query reads, across Rails, Laravel, Django, SQLAlchemy, Prisma,
    /// Sequelize, TypeORM and Knex. Writes that also look rows up (`find_or_create_by`, `get_or_create`,
    /// `updateOrCreate`) are not among them: they write what they name when no row matches.
    private static let readingCalls: [StaticString] = [
        "where", "rewhere", "not", "or", "find_by", "exists", "order", "reorder", "pluck", "pick", "select", "group",
        "having", "orwhere", "andwhere", "wherein", "wherenotin", "wherenull", "wherenotnull", "wheredate", "firstwhere",
        "orderby", "orderbydesc", "groupby", "latest", "oldest", "value", "filter", "filter_by", "exclude", "get",
        "order_by", "values_list", "only", "defer", "q", "findmany", "findfirst", "findfirstorthrow",
        "findunique", "finduniqueorthrow", "findone", "findoneby", "findoneorfail", "findonebyorfail", "findby",
        "findall", "findandcount", "findandcountall", "count", "countby", "exist", "existsby",
    ]

    /// An assignment or a key with a value right after a name: `summary = x`, `summary: x`, `"summary": x`;
    /// not `==`, `=>`, `::`, an optional field `summary?:` or a type annotation (`summary: string`).
    static func isAssignedAfter(_ text: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
        let next = nextNonSpace(text, end)
        if next.byte == UInt8(ascii: "=") {
            return next.following != UInt8(ascii: "=") && next.following != UInt8(ascii: ">")
        }
        guard next.byte == UInt8(ascii: ":"), next.following != UInt8(ascii: ":") else { return false }
        guard let type = identifier(text, from: next.index + 1) else { return true }
        for name in typeNames where isWord(text, type, name) { return false }
        return true
    }

    private static let typeNames: [StaticString] = [
        "string", "number", "boolean", "bigint", "date", "any", "unknown", "null", "undefined", "never", "object",
        "str", "int", "float", "bool", "bytes", "datetime", "decimal", "uuid", "optional", "mapped", "list", "dict",
        "array", "record", "partial", "readonly", "promise",
    ]
}
