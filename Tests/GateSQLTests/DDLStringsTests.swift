import XCTest
@testable import GateSQL

/// DDL inside application code: the cheap prefilter and the string literals it leads to.
final class DDLStringsTests: XCTestCase {
    func testPrefilterLooksForDDLPhrasesNotWords() {
        for text in ["db.exec('ALTER TABLE t ADD x int')", "create  unique\n  index i on t(a)", "\"DROP type mood\"",
                     "TRUNCATE t", "sql = 'create table x (a int)'", "await sql`CREATE EXTENSION IF NOT EXISTS vector`",
                     "create extension"] {
            XCTAssertTrue(DDLStrings.mayContainDDL(Array(text.utf8)), text)
        }
        for text in ["const index = items.indexOf(x); table.render(); type Props = {}",
                     "for index, row in enumerate(table): pass", "SELECT * FROM tables WHERE type = 1", "altertable",
                     "const extension = path.extname(file); // create extensions later", "create extensionless"] {
            XCTAssertFalse(DDLStrings.mayContainDDL(Array(text.utf8)), text)
        }
    }

    /// The prefilter's definition, one position at a time: `truncate` as a word, or `table`, `index`, `type` or
    /// `extension` as a word whose previous word (across blanks and line breaks) is `alter`, `create`, `drop`,
    /// `unique` or `rename`, in any case.
    private func mayContainDDLOneByOne(_ bytes: [UInt8]) -> Bool {
        func isWordByte(_ byte: UInt8) -> Bool {
            let lower = byte | 0x20
            return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        func word(at index: Int) -> String? {
            guard index == 0 || !isWordByte(bytes[index - 1]) else { return nil }
            var end = index
            while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
            return String(decoding: bytes[index..<end].map { $0 | 0x20 }, as: UTF8.self)
        }
        for index in bytes.indices {
            guard let word = word(at: index) else { continue }
            if word == "truncate" { return true }
            guard ["table", "index", "type", "extension"].contains(word) else { continue }
            var end = index
            while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
            guard end < index else { continue }
            var start = end
            while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
            let verb = String(decoding: bytes[start..<end].map { $0 | 0x20 }, as: UTF8.self)
            if ["alter", "create", "drop", "unique", "rename"].contains(verb) { return true }
        }
        return false
    }

    func testPrefilterFindsExactlyWhatAPositionByPositionReadFinds() {
        // Every phrase at every offset across two eight-byte steps and the tail, after bytes that do and do not
        // end a word, in either case.
        let phrases = ["ALTER TABLE", "create\n\tindex", "Drop Type", "truncate", "TRUNCATE(", "unique  index", "rename\r\ntable",
                       "xalter table", "alter tables", "create typed", "truncated", "2truncate", "drop_index", "in", "ty", "tab",
                       "CREATE EXTENSION", "create extensions", "drop\textension", "extension", "create extensio", "ext"]
        let before = ["", " ", "a", "_", "9", "`", "\"", "é", "("]
        var checked = 0
        for phrase in phrases {
            for prefix in before {
                for padding in 0...17 {
                    for suffix in ["", " ", "x", "_", ";", "é"] {
                        let text = String(repeating: ".", count: padding) + prefix + phrase + suffix
                        let bytes = Array(text.utf8)
                        XCTAssertEqual(DDLStrings.mayContainDDL(bytes), mayContainDDLOneByOne(bytes), text.debugDescription)
                        checked += 1
                    }
                }
            }
        }
        XCTAssertEqual(checked, phrases.count * before.count * 18 * 6)
        // Texts of words and separators in every arrangement a small generator makes, seeded so a failure repeats.
        let pieces = ["alter", "TABLE", "create", "index", "Type", "truncate", "drop", "unique", "rename", "t", "i", "in",
                      "ta", " ", "\n", "\t", "_", "1", "(", "`", "é", "tr", "ty", "extension", "EXTENSIO", "e", "n"]
        var generator = SplitMix(seed: 18)
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<generator.next(below: 14) { text += pieces[generator.next(below: pieces.count)] }
            let bytes = Array(text.utf8)
            XCTAssertEqual(DDLStrings.mayContainDDL(bytes), mayContainDDLOneByOne(bytes), text.debugDescription)
        }
    }

    /// The first test for code says no only where `fragments` finds no literal: every literal that opens with DDL,
    /// whatever its quotes, blanks and case and wherever it sits, passes it.
    func testStringPrefilterPassesEveryLiteralThatOpensWithDDL() {
        for text in ["db.exec('ALTER TABLE t ADD x int')", "cursor.execute(\"\"\"\n    create\tindex i ON t (a)\"\"\")",
                     "sql`  DROP TYPE mood`", "r\"truncate t\"", "'\r\nCREATE EXTENSION x'", "x = \"rename table a to b\"",
                     "'alter type", "`Create Unique Index i on t (a)`", "\"drop\nindex i\""] {
            let bytes = Array(text.utf8)
            XCTAssertTrue(DDLStrings.mayHoldDDLString(bytes), text)
            let padded = Array((String(repeating: "x = 1;\n", count: 3) + text).utf8)
            XCTAssertTrue(DDLStrings.mayHoldDDLString(padded), text)
        }
        // DDL words outside literals, or literals that do not open with DDL, are not read further.
        for text in ["ALTER TABLE t ADD x int", "log('we will alter table t')", "'alter tabl'", "'altertable t'",
                     "const index = 'type'; table.render()", "'drop  index i'", "", "'", "\"  "] {
            XCTAssertFalse(DDLStrings.mayHoldDDLString(Array(text.utf8)), text)
        }
        let pieces = ["'", "\"", "`", "\"\"\"", "ALTER", "alter", " ", "  ", "\n", "\t", "TABLE", "table", "create", "Index", "type",
                      "truncate", "drop", "unique", "rename", "(", "x", "é", "\\", "r", "=", ";"]
        var generator = SplitMix(seed: 77)
        var opened = 0
        for _ in 0..<20_000 {
            var text = ""
            for _ in 0..<generator.next(below: 16) { text += pieces[generator.next(below: pieces.count)] }
            let bytes = Array(text.utf8)
            guard !DDLStrings.fragments(in: bytes).isEmpty else { continue }
            opened += 1
            XCTAssertTrue(DDLStrings.mayHoldDDLString(bytes), text.debugDescription)
        }
        // The generated texts did hold literals that open with DDL.
        XCTAssertGreaterThan(opened, 200)
    }

    func testFragmentsAreTheLiteralsThatStartWithDDL() {
        let source = """
            cursor.execute("SELECT 1")
            cursor.execute(
                '''
                CREATE INDEX reports_owner ON reports (owner_id)
                ''')
            db.Exec(`ALTER TABLE ${table} ADD COLUMN x int`)
            log("alter table is risky")  # prose that starts like DDL: it does not parse
            """
        let fragments = DDLStrings.fragments(in: Array(source.utf8))
        XCTAssertEqual(fragments.map(\.line), [4, 6, 7])
        XCTAssertEqual(fragments[0].sql.trimmingCharacters(in: .whitespacesAndNewlines),
                       "CREATE INDEX reports_owner ON reports (owner_id)")
        XCTAssertEqual(fragments[1].sql, "ALTER TABLE placeholder ADD COLUMN x int")
        let script = MigrationScript.analyze(fragments: fragments, options: AnalysisOptions(requireLockTimeout: false, judgesPhase: false))
        XCTAssertEqual(script.statements.map(\.statement.line), [4, 6])
        XCTAssertEqual(script.parseErrors.count, 1)
    }

    /// Literals on comment lines run nothing, and backticks quote strings only where the language says so.
    func testCommentLinesAndBackticksOfOtherLanguagesHoldNoDDL() {
        let swift = """
            /// An expression representing a `CREATE TABLE` query.
            ///     try await connection.query("CREATE TABLE test(i)").get()
            // db.execute("DROP TABLE users")
            # cursor.execute("DROP TABLE users")
             * conn.exec("ALTER TABLE users ADD COLUMN x int")
            try await db.execute(sql: "DROP INDEX reports_owner")
            let raw = #"CREATE TABLE "planets" ("id" BIGINT)"#
            """
        XCTAssertEqual(DDLStrings.fragments(in: Array(swift.utf8), backtickStrings: false).map(\.line), [6, 7])
        let javascript = "await sql`DROP TABLE ${name}`\n"
        XCTAssertEqual(DDLStrings.fragments(in: Array(javascript.utf8)).map(\.line), [1])
        XCTAssertEqual(DDLStrings.fragments(in: Array(javascript.utf8), backtickStrings: false).map(\.line), [])
    }

    /// Words that only start like an opening open nothing, and sentences that open with one read as prose, while
    /// SQL that is merely broken does not.
    func testProseThatOpensLikeDDLIsNoStatement() {
        let source = """
            log("truncated output")
            options = {"truncate.leeway": 5}
            help = "Truncate large collections (lists, dicts, tuples, sets) to this size."
            """
        XCTAssertEqual(DDLStrings.fragments(in: Array(source.utf8)).map(\.line), [3])
        for prose in [
            "Truncate large collections (lists, dicts, tuples, sets) to this size.",
            "Truncate the given recursive traceback, trying to find where the recursion starts",
            "Create table of contents for the document",
            "drop table of expired rows, then vacuum",
            "Create index of the words (for search)",
            "Truncate string if input string + suffix exceeds length requirement",
            "truncate", "TRUNCATE", "Drop table", "Rename table",
        ] {
            XCTAssertTrue(DDLStrings.readsAsProse(prose), prose)
        }
        for template in ["TRUNCATE TABLE {name}", "TRUNCATE {table} CASCADE", "ALTER TABLE {t} ADD COLUMN x int"] {
            XCTAssertFalse(DDLStrings.readsAsProse(template, templated: true), template)
        }
        for sql in [
            "CREATE TABLE users (id serial primary key",
            "ALTER TABLE reports ADD COLUMN;",
            "CREATE UNIQUE INDEX ON reports (owner_id,",
            "create table if not exists cache (id integer primary key autoincrement)",
            "TRUNCATE TABLE users, orders RESTART IDENTITY CASCADE;",
            "truncate events",
            "DROP TABLE ", "TRUNCATE ",
        ] {
            XCTAssertFalse(DDLStrings.readsAsProse(sql), sql)
        }
    }

    /// A statement names what it acts on and goes on as its kind does; a message goes on in words, templated or not.
    func testStatementsGoOnAsTheirKindDoesAndMessagesInWords() {
        for (text, templated) in [
            ("alter table done", false), ("create table step skipped", false),
            ("create table step skipped for %s: schema managed by migrations", true),
            ("drop index %s failed, retrying", true), ("drop table refused: tenant %s still active", true),
            ("create index failed for placeholder", true), ("alter table {name} failed: {error}", true),
            ("create extension failed, see logs", false), ("drop table failed.", false),
        ] {
            XCTAssertTrue(DDLStrings.readsAsProse(text, templated: templated), text)
        }
        for (text, templated) in [
            ("ALTER TABLE %s ADD COLUMN %s %s", true), ("ALTER TABLE {table} DROP COLUMN {column}", true),
            ("CREATE INDEX idx_%s ON %s (owner_id", true), ("CREATE UNIQUE INDEX CONCURRENTLY ON t (c", false),
            ("DROP TABLE IF EXISTS %(name)s", true), ("DROP TABLE a, b CASCADE", false), ("DROP INDEX ?", true),
            ("CREATE TABLE #{name} (id bigint", true), ("ALTER TABLE users ", false), ("CREATE EXTENSION vector", false),
            ("alter type mood add value 'meh'", false), ("RENAME TABLE old_users TO users;", false),
        ] {
            XCTAssertFalse(DDLStrings.readsAsProse(text, templated: templated), text)
        }
        for sentence in ["Drop table failed", "Truncate table?", "Create index on the tenant once onboarding finishes"] {
            XCTAssertTrue(DDLStrings.readsAsSentence(sentence), sentence)
        }
        for sql in ["DROP TABLE failed", "drop table legacy", "Drop table Users", "Create table t (id int)", "CREATE INDEX"] {
            XCTAssertFalse(DDLStrings.readsAsSentence(sql), sql)
        }
    }

    /// What a literal is handed to: a call that runs SQL, a message (logger, print, error, toast, translation, a
    /// message's key or variable), or another value.
    func testLiteralUsesFollowTheCallOrKeyTheyAreHandedTo() {
        func uses(_ source: String, comments: LiteralUse.Comments = .slash) -> [LiteralUse] {
            DDLStrings.fragmentsWithUses(in: Array(source.utf8), comments: comments).map(\.use)
        }
        let python = """
            log.warning("drop index %s failed", name)  # (a comment's paren
            cursor.execute(
                "ALTER TABLE users ADD COLUMN x int")
            raise RuntimeError("drop table refused" % tenant)
            HELP = "truncate table data before export"
            HTTPException(status_code=409, detail="Drop table failed")
            conn.execute(text(f"ALTER TABLE {t} ADD COLUMN y int"))
            sql = "DROP TABLE legacy"
            print(f"create table {name} done")
            """
        XCTAssertEqual(uses(python, comments: .hash), [.message, .executed, .message, .message, .message, .executed, .other, .message])
        let javascript = """
            await sql`CREATE EXTENSION IF NOT EXISTS vector`;
            toast.error("Drop table failed"); // it failed (really
            throw new Error(`create index failed for ${tenant}`);
            await prisma.$executeRawUnsafe('TRUNCATE TABLE "Post" CASCADE');
            res.status(500).json({ error: "drop table failed" });
            db.query<Row>("ALTER TABLE t ADD COLUMN z int");
            alert(t("truncate table?"));
            """
        XCTAssertEqual(uses(javascript), [.executed, .message, .message, .executed, .message, .executed, .message])
        let ruby = """
            Rails.logger.info "drop table skipped for #{slug}"
            ActiveRecord::Base.connection.execute "ALTER TABLE users ADD COLUMN archived boolean"
            raise ArgumentError, "truncate table refused"
            """
        XCTAssertEqual(uses(ruby, comments: .hash), [.message, .executed, .message])
        let go = """
            var errBusy = errors.New("drop index refused")
            log.Printf("create index %s skipped", name)
            _, err := db.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS t (id bigint)")
            q := fmt.Sprintf("DROP TABLE %s", name)
            """
        XCTAssertEqual(uses(go), [.message, .message, .executed, .other])
    }
}

/// A small seeded generator (SplitMix64), so generated inputs are the same on every run.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ value >> 30) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ value >> 27) &* 0x94D0_49BB_1331_11EB
        return Int((value ^ value >> 31) % UInt64(bound))
    }
}
