import XCTest
@testable import GateSQL

/// DDL inside application code: the cheap prefilter and the string literals it leads to.
final class DDLStringsTests: XCTestCase {
    func testPrefilterLooksForDDLPhrasesNotWords() {
        for text in ["db.exec('ALTER TABLE t ADD x int')", "create  unique\n  index i on t(a)", "\"DROP type mood\"",
                     "TRUNCATE t", "sql = 'create table x (a int)'"] {
            XCTAssertTrue(DDLStrings.mayContainDDL(Array(text.utf8)), text)
        }
        for text in ["const index = items.indexOf(x); table.render(); type Props = {}",
                     "for index, row in enumerate(table): pass", "SELECT * FROM tables WHERE type = 1", "altertable"] {
            XCTAssertFalse(DDLStrings.mayContainDDL(Array(text.utf8)), text)
        }
    }

    /// The word-by-word prefilter answers as the byte-by-byte one it replaced, over texts where words start at
    /// the first byte, after digits and underscores, at the very end, and in other cases.
    func testPrefilterAgreesWithTheByteByByteScan() {
        func byteByByte(_ bytes: [UInt8]) -> Bool {
            func isWordByte(_ byte: UInt8) -> Bool {
                let lower = byte | 0x20
                return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
            }
            func matchesWord(_ index: Int, _ word: String) -> Bool {
                let word = Array(word.utf8)
                guard index + word.count <= bytes.count else { return false }
                guard zip(bytes[index...], word).allSatisfy({ $0 | 0x20 == $1 }) else { return false }
                return index + word.count == bytes.count || !isWordByte(bytes[index + word.count])
            }
            func isDDLWord(_ index: Int) -> Bool {
                if matchesWord(index, "truncate") { return true }
                guard ["table", "index", "type"].contains(where: { matchesWord(index, $0) }) else { return false }
                var end = index
                while end > 0, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[end - 1]) { end -= 1 }
                guard end < index else { return false }
                var start = end
                while start > 0, isWordByte(bytes[start - 1]) { start -= 1 }
                let verb = bytes[start..<end].map { $0 | 0x20 }
                return ["alter", "create", "drop", "unique", "rename"].contains { Array($0.utf8) == verb }
            }
            return bytes.indices.contains { index in (index == 0 || !isWordByte(bytes[index - 1])) && isDDLWord(index) }
        }
        let words = ["create", "CREATE", "table", "Index", "type", "truncate", "drop", "unique", "alter", "rename",
                     "int", "in", "tr", "t1", "_type", "9index", "tables", "types", "x", "é", "\n", " ", "(", "'", "\"", "_"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<4000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...8, using: &generator) {
                text += words.randomElement(using: &generator) ?? ""
                if Bool.random(using: &generator) { text += [" ", "  ", "\n", "", "_", "1"].randomElement(using: &generator) ?? "" }
            }
            let bytes = Array(text.utf8)
            XCTAssertEqual(DDLStrings.mayContainDDL(bytes), byteByByte(bytes), text.debugDescription)
        }
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
}
