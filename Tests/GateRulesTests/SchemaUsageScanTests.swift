import GateCore
import XCTest
@testable import GateRules

/// The usage matcher finds words eight bytes at a time and rejects most of them by their first eight bytes: what it
/// finds must be exactly what reading the text byte by byte finds, and no use may be lost to the shortcut.
final class SchemaUsageScanTests: XCTestCase {
    private let names = [
        SchemaChangeAnalyzer.SchemaName(table: "reports", column: "summary", line: 1),
        SchemaChangeAnalyzer.SchemaName(table: "reports", column: "exactly8", line: 1),
        SchemaChangeAnalyzer.SchemaName(table: "reports", column: "a_much_longer_column_name", line: 1),
        SchemaChangeAnalyzer.SchemaName(table: "api_keys", column: "hashed_key", line: 1),
        SchemaChangeAnalyzer.SchemaName(table: "t", column: "ab", line: 1),
        SchemaChangeAnalyzer.SchemaName(table: "audit_logs", column: nil, line: 1),
    ]

    /// Every maximal run of identifier bytes (ASCII letters, digits, `_`) that starts with no digit and is, in
    /// lower case, a wanted identifier, with its line: read one byte at a time. A run that is not holds a Django
    /// lookup's field when its part before its first `__`, followed by a letter, is one (`summary` of `summary__isnull`).
    private func wordsReadByteByByte(_ text: [UInt8], identifiers: Set<[UInt8]>) -> [(range: Range<Int>, line: Int)] {
        func isIdentifierByte(_ byte: UInt8) -> Bool {
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }
        var found: [(range: Range<Int>, line: Int)] = []
        var line = 1
        var index = 0
        while index < text.count {
            guard isIdentifierByte(text[index]) else {
                if text[index] == 0x0A { line += 1 }
                index += 1
                continue
            }
            var end = index
            while end < text.count, isIdentifierByte(text[end]) { end += 1 }
            let word = text[index..<end].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            let startsWithDigit = text[index] >= 0x30 && text[index] <= 0x39
            if !startsWithDigit, identifiers.contains(word) {
                found.append((index..<end, line))
            } else if !startsWithDigit, let separator = (index..<max(index, end - 1)).first(where: { text[$0] == 0x5F && text[$0 + 1] == 0x5F }),
                      separator > index, separator + 2 < end, isIdentifierByte(text[separator + 2]), text[separator + 2] != 0x5F,
                      !(text[separator + 2] >= 0x30 && text[separator + 2] <= 0x39),
                      identifiers.contains(Array(word[0..<(separator - index)]))
            {
                found.append((index..<separator, line))
            }
            index = end
        }
        return found
    }

    private func assertSameWords(_ matcher: SchemaUsageMatcher, _ text: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let (identifiers, found) = matcher.wantedIdentifiers(in: text)
        let expected = wordsReadByteByByte(text, identifiers: identifiers)
        XCTAssertEqual(found.map(\.range), expected.map(\.range), String(decoding: text, as: UTF8.self).debugDescription,
                       file: file, line: line)
        XCTAssertEqual(found.map(\.line), expected.map(\.line), String(decoding: text, as: UTF8.self).debugDescription,
                       file: file, line: line)
    }

    func testTheMatcherLooksForTheNamesTheirModelsAndTheirCamelCase() {
        let identifiers = SchemaUsageMatcher(names).wantedIdentifiers(in: []).identifiers
        for word in ["reports", "report", "summary", "exactly8", "a_much_longer_column_name", "amuchlongercolumnname",
                     "api_keys", "api_key", "apikey", "key", "hashed_key", "hashedkey", "t", "ab", "audit_logs", "auditlog"] {
            XCTAssertTrue(identifiers.contains(Array(word.utf8)), word)
        }
    }

    /// Random texts of wanted words in any case, words that merely start or end like them, digits, punctuation,
    /// blanks, newlines and bytes above 0x7F: every wanted word is found, on its line, and nothing else.
    func testWantedWordsAreFoundExactlyAsReadingEveryByteFindsThem() {
        let matcher = SchemaUsageMatcher(names)
        let pieces: [String] = [
            "summary", "SUMMARY", "Summary", "summary_", "_summary", "summaryx", "2summary", "summar", "exactly8",
            "EXACTLY8", "exactly88", "exactly", "a_much_longer_column_name", "aMuchLongerColumnName",
            "a_much_longer_column_name_x", "a_much_longer_column_nam", "reports", "Report", "report", "reportS",
            "hashed_key", "hashedKey", "HASHED_KEY", "hashed_keys", "apiKey", "ApiKey", "api_keys", "key", "Key",
            "keys", "t", "T", "ab", "AB", "abc", "xab", "auditLog", "AuditLog", "audit_logs", "audit_log",
            String(repeating: "summary", count: 10), "x", "é", "ü", "\u{1F600}", " ", "  ", "    ", "\t", "\n", "\r\n",
            ".", "?.", "->", "(", ")", "[\"", "\"]", "\"", "'", "`", ":", "=", ",", ";", "0", "42", "0x1F", "_", "$",
            "@", "\u{0}", "\u{10}", "-", "#",
        ]
        // A seeded linear congruential generator: the same texts every run, so a failure repeats.
        var state: UInt64 = 0x5EED
        func next(below bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<4000 {
            var text: [UInt8] = []
            for _ in 0..<next(below: 40) { text += Array(pieces[next(below: pieces.count)].utf8) }
            assertSameWords(matcher, text)
        }
    }

    /// Names still looked for are prepared once for many files, which then are skipped through for the words that
    /// can decide a use of them: every text gets the uses reading it word by word gives, whichever names are wanted.
    func testSkippingToDecidingWordsFindsTheUsesReadingEveryWordFinds() {
        let names = [
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "summary", line: 1),
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "legacy_flag", line: 1),
            SchemaChangeAnalyzer.SchemaName(table: "api_keys", column: "hashed_key", line: 1),
            SchemaChangeAnalyzer.SchemaName(table: "audit_logs_archive", column: nil, line: 1),
            SchemaChangeAnalyzer.SchemaName(table: "documents", column: "checksum_v4", line: 1),
        ]
        let matcher = SchemaUsageMatcher(names)
        let pieces: [String] = [
            "report.", "Report.objects.filter(", "reports", "FROM reports r", "r.", "summary", "SUMMARY", "legacy_flag",
            "legacyFlag", "LegacyFlag", "apiKey.", "ApiKey.where(", "hashed_key", "hashedKey", "hashed_keys",
            "AuditLogsArchive", "audit_logs_archive", "auditLogsArchive.create(", "documents", "Document.", "checksum_v4",
            "checksumV4", "checksum_v44", "x", "= 1", " ", "\n", "(", ")", "\"", ".", "é", "_", "9", "def f(summary):",
        ]
        var state: UInt64 = 0xD1CE
        func next(below bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        var skipped = 0
        var used = 0
        for round in 0..<3000 {
            var text = ""
            for _ in 0..<next(below: 30) { text += pieces[next(below: pieces.count)] }
            // Every name wanted at first, then a few left, as a change's later files see them.
            let wanted = round < 300 ? Array(repeating: true, count: names.count) : names.map { _ in next(below: 3) == 0 }
            let looking = matcher.looking(for: wanted)
            if looking.skips { skipped += 1 }
            let bytes = Array(text.utf8)
            let expected = matcher.firstUses(in: bytes, lines: nil, wanted: wanted)
            if !expected.isEmpty { used += 1 }
            XCTAssertEqual(matcher.firstUses(in: bytes, lines: nil, looking: looking), expected, "\(wanted) \(text.debugDescription)")
        }
        // The texts held uses, and most were skipped through.
        XCTAssertGreaterThan(used, 300)
        XCTAssertGreaterThan(skipped, 2000)
    }

    /// A change that adds hundreds of columns (a whole history) still skips, and finds every use: each name's
    /// identifiers, at every offset of a text, in any case, are found as reading every word finds them.
    func testSkippingForHundredsOfNamesFindsEveryUse() {
        var names: [SchemaChangeAnalyzer.SchemaName] = []
        for table in ["transcripts", "documents", "audit_events", "invoices_archive"] {
            for version in 0..<80 {
                names.append(SchemaChangeAnalyzer.SchemaName(table: table, column: "col\(version)_v\(version * 7)", line: 1))
            }
        }
        names.append(SchemaChangeAnalyzer.SchemaName(table: "steps_archive", column: nil, line: 1))
        let matcher = SchemaUsageMatcher(names)
        let wanted = Array(repeating: true, count: names.count)
        let looking = matcher.looking(for: wanted)
        XCTAssertTrue(looking.skips)
        let padding = "const value = compute(other, 42);\n  if (x) { return y }\n"
        var used = 0
        for (index, name) in names.enumerated() where index % 3 == 0 || name.column == nil {
            let table = name.table.hasSuffix("s") ? String(name.table.dropLast()) : name.table
            let identifiers = [name.column.map { "\(table).\($0)" } ?? "FROM \(name.table)",
                               name.column.map { "\(table.uppercased()).\($0.uppercased())" } ?? "\(name.table).create("]
            for identifier in identifiers {
                for cut in [0, 1, 7, 13, padding.utf8.count] {
                    // Cut anywhere, even inside a word, and then a line of its own: the use starts a word.
                    let before = cut == 0 ? "" : String(padding.prefix(cut)) + "\n"
                    for text in [before + identifier, before + identifier + "\n" + padding, identifier + ")"] {
                        let bytes = Array(text.utf8)
                        let expected = matcher.firstUses(in: bytes, lines: nil, wanted: wanted)
                        XCTAssertNotNil(expected[index], text)
                        if expected[index] != nil { used += 1 }
                        XCTAssertEqual(matcher.firstUses(in: bytes, lines: nil, looking: looking), expected, text)
                    }
                }
            }
        }
        XCTAssertGreaterThan(used, 1000)
        // Texts holding none of the identifiers, nor the columns' names under another table.
        for text in [padding, "transcripts documents \(padding)", "col1_v8 col2_v14 col1_v7", "colX_v7.col3_v2"] {
            XCTAssertEqual(matcher.firstUses(in: Array(text.utf8), lines: nil, looking: looking), [:], text)
        }
    }

    /// A long text is skipped through in stretches side by side: a use is found wherever it ends, at a stretch's
    /// first or last window, or at the text's very end.
    func testSkippingALongTextInStretchesFindsAUseAtEveryOffset() {
        let names = [
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "legacy_flag", line: 1),
            SchemaChangeAnalyzer.SchemaName(table: "api_keys", column: "hashed_key", line: 1),
        ]
        let matcher = SchemaUsageMatcher(names)
        let wanted = [true, true]
        let looking = matcher.looking(for: wanted)
        XCTAssertTrue(looking.skips)
        let padding = Array(String(repeating: "  const unrelated = compute(value, 42);\n", count: 40).utf8)
        XCTAssertGreaterThan(padding.count, 4 * 256)
        let noUse = matcher.firstUses(in: padding, lines: nil, looking: looking)
        XCTAssertEqual(noUse, [:])
        for use in ["report.legacyFlag", "ApiKey.HASHED_KEY"] {
            for offset in 0...padding.count {
                for after in [" ", ""] where after == " " || offset == padding.count {
                    let bytes = Array(padding[..<offset]) + Array(" \(use)\(after)".utf8) + Array(padding[offset...])
                    let expected = matcher.firstUses(in: bytes, lines: nil, wanted: wanted)
                    XCTAssertEqual(expected.count, 1, "\(use) at \(offset)")
                    XCTAssertEqual(matcher.firstUses(in: bytes, lines: nil, looking: looking), expected, "\(use) at \(offset)")
                }
            }
        }
    }

    /// A wanted word at every offset from the start and the end of the text, whatever follows or precedes it.
    func testAWantedWordIsFoundAtEveryOffsetFromEitherEnd() {
        let matcher = SchemaUsageMatcher(names)
        for word in ["ab", "summary", "Exactly8", "a_much_longer_column_name", "HashedKey"] {
            for padding in 0...24 {
                for (before, after) in [("", ""), (" ", "\n"), ("\n", "."), ("x.", "(1)"), ("é", "é")] {
                    let head = String(repeating: "\n", count: padding % 3) + String(repeating: " ", count: padding)
                    assertSameWords(matcher, Array((head + before + word + after).utf8))
                    assertSameWords(matcher, Array((before + word + after + head).utf8))
                    let found = matcher.wantedIdentifiers(in: Array((head + before + word + after).utf8)).found
                    XCTAssertEqual(found.last?.line, 1 + padding % 3 + (before == "\n" ? 1 : 0), "\(padding) \(word)")
                }
            }
        }
    }

    // MARK: Uses the shortcut must not drop

    private func contract(_ statement: String) -> SourceFile {
        SchemaTestFiles.sourceFile(
            path: "db/migrations/0090_contract.sql", head: "-- gate:phase post\nSET lock_timeout = '2s';\n\(statement)\n")
    }

    /// The first use changed code makes of what the migration removes, as `path:line`, if any.
    private func changedUse(_ migration: SourceFile, path: String, code: String) throws -> String? {
        var analyzer = SchemaChangeAnalyzer()
        let file = SchemaTestFiles.sourceFile(path: path, head: code)
        for observed in [migration, file] { analyzer.observe(observed, context: DetectionContext()) }
        let findings = try analyzer.finish(head: InMemoryHeadTree(files: [:]), context: DetectionContext()).findings
        // A post-phase migration's addition the code uses is a finding of its own (`schema-migration`), not a use of
        // what the migration removes.
        guard let message = findings.first(where: { $0.rule != "schema-migration" })?.message,
              let which = message.range(of: "which ")
        else { return nil }
        return String(message[which.upperBound...].prefix { $0 != " " })
    }

    func testADroppedColumnIsFoundInAnyCaseAndAtEitherEndOfAFile() throws {
        let drop = contract("ALTER TABLE reports DROP COLUMN legacy_flag;")
        // The very first bytes of a file, with no newline at its end.
        XCTAssertEqual(try changedUse(drop, path: "app/a.py", code: "Report.objects.filter(legacy_flag=True)"), "app/a.py:1")
        XCTAssertEqual(try changedUse(drop, path: "app/b.ts", code: "report.legacyFlag"), "app/b.ts:1")
        // Mixed case and camel case in the last bytes of a longer file.
        let padding = String(repeating: "const unrelated = compute(value);\n", count: 7)
        XCTAssertEqual(try changedUse(drop, path: "app/c.ts", code: padding + "x = report.LegacyFlag"), "app/c.ts:8")
        XCTAssertEqual(try changedUse(drop, path: "app/d.ts", code: padding + "x = REPORT.LEGACY_FLAG"), "app/d.ts:8")
        // The same file without the use is no use.
        XCTAssertNil(try changedUse(drop, path: "app/e.ts", code: padding + "x = report.legacy_flags"))
        XCTAssertNil(try changedUse(drop, path: "app/f.ts", code: padding + "x = report.legacy"))
    }

    func testADroppedColumnIsFoundInQuotedSQLIdentifiersAndInPythonAndRuby() throws {
        let drop = contract("ALTER TABLE \"Report\" DROP COLUMN \"legacyFlag\";")
        XCTAssertEqual(
            try changedUse(drop, path: "app/queries.ts", code: "await sql`SELECT \"legacyFlag\" FROM \"Report\"`;\n"),
            "app/queries.ts:1")
        let python = """
            from app.models import Report


            def flagged():
                return Report.objects.filter(legacyFlag=True)
            """
        XCTAssertEqual(try changedUse(drop, path: "app/flagged.py", code: python), "app/flagged.py:5")
        let ruby = "class Report < ApplicationRecord\n  def flagged?\n    self.legacyFlag\n  end\nend"
        XCTAssertEqual(try changedUse(drop, path: "app/models/report.rb", code: ruby), "app/models/report.rb:3")
        let renamed = contract("ALTER TABLE api_keys RENAME COLUMN hashed_key TO hashed_key_old;")
        XCTAssertEqual(
            try changedUse(renamed, path: "app/keys.rb", code: "ApiKey.where(hashed_key: digest).first"), "app/keys.rb:1")
        XCTAssertNil(try changedUse(renamed, path: "app/keys.rb", code: "ApiKey.where(hashed_key_old: digest).first"))
        // The new name, used by code that rolls out before the post-phase rename runs, asks for sign-off instead.
        var analyzer = SchemaChangeAnalyzer()
        for observed in [renamed, SchemaTestFiles.sourceFile(path: "app/keys.rb", head: "ApiKey.where(hashed_key_old: digest).first")] {
            analyzer.observe(observed, context: DetectionContext())
        }
        let late = try analyzer.finish(head: InMemoryHeadTree(files: [:]), context: DetectionContext()).findings
        XCTAssertEqual(late.map(\.rule), ["schema-migration"])
        XCTAssertTrue(late.first?.message.contains("which app/keys.rb:1 ") == true, "\(late.map(\.message))")
    }

    /// A line that is wholly a comment names a column without using it, in each language's comment syntax; the same
    /// name in code, or after code on its line, is a use.
    func testACommentLineNamingADroppedColumnIsNoUse() throws {
        let drop = contract("ALTER TABLE reports DROP COLUMN legacy_flag;")
        XCTAssertNil(try changedUse(drop, path: "app/models/report.rb", code: "# == Schema Information\n#  legacy_flag :boolean\nclass Report < ApplicationRecord\nend"))
        XCTAssertNil(try changedUse(drop, path: "app/a.ts", code: "export const x = 1;\n  // report.legacyFlag was dropped\n"))
        XCTAssertNil(try changedUse(drop, path: "app/b.ts", code: "/**\n * Reports used to carry report.legacy_flag.\n */\nexport {};"))
        XCTAssertNil(try changedUse(drop, path: "db/queries.sql", code: "-- SELECT legacy_flag FROM reports;\nSELECT 1;"))
        XCTAssertEqual(try changedUse(drop, path: "app/c.ts", code: "// flags\nconst f = report.legacyFlag; // kept\n"), "app/c.ts:2")
        XCTAssertEqual(try changedUse(drop, path: "app/d.py", code: "x = 1  # note\nReport.objects.filter(legacy_flag=True)"), "app/d.py:2")
        // A Rust attribute is code, not a comment.
        XCTAssertEqual(try changedUse(drop, path: "src/report.rs", code: "#[serde(rename = \"legacy_flag\")]\npub struct Report;"), "src/report.rs:1")
    }

    /// Rails' db/schema.rb declares what the database has: a stale one is no use.
    func testSchemaDumpsAndModelSnapshotsAreNotSearchedForUses() {
        XCTAssertFalse(SchemaChangeAnalyzer.mayUseSchema("db/schema.rb"))
        XCTAssertFalse(SchemaChangeAnalyzer.mayUseSchema("db/animals_schema.rb"))
        XCTAssertTrue(SchemaChangeAnalyzer.mayUseSchema("app/models/schema.rb"))
        XCTAssertTrue(SchemaChangeAnalyzer.mayUseSchema("db/seeds.rb"))
    }

    // MARK: Which files are read

    /// Code is told by its extension from the path's bytes; the answer is that of `String`'s operations, which a
    /// path beyond ASCII still gets (the Kelvin sign lower-cases to `k`).
    func testCodePathsAreToldFromBytesAsStringsTellThem() {
        let paths = [
            "app/page.tsx", "src/Job.PY", "lib/a.rb", "x.kts", "Main.Swift", "a.b.ts", "dir.py/file", "dir.py/", "file.",
            ".py", "py", "README.md", "db/schema.prisma", "q.sql", "a.typescript", "notes/été.ts", "x.\u{212A}t",
            "x.\u{212A}ts", "x.tś", "", "/", "a/.ts", "a.ex", "a.EXS", "a.mjs/", "a.ts.orig",
        ]
        let expected: [String: Bool] = ["app/page.tsx": true, "src/Job.PY": true, "x.\u{212A}t": true, "dir.py/file": false,
                                        "README.md": false, "a.ts.orig": false, "notes/été.ts": true]
        for path in paths {
            XCTAssertEqual(SchemaFileAnalysis.isCode(path), SchemaFileAnalysis.isCodeByStrings(path), path)
            if let answer = expected[path] { XCTAssertEqual(SchemaFileAnalysis.isCode(path), answer, path) }
        }
    }
}
