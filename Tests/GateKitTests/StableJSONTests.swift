import Foundation
import XCTest

@testable import GateCore

/// `StableJSON` writes with `PrettyJSONEncoder`, which must give the bytes Foundation's `JSONEncoder` gives (the
/// configuration the documents always used) for every shape of value: each case here is rendered by both, the fast
/// writer without its fallback, and compared byte for byte (`assertStableJSONWritersAgree`).
final class StableJSONTests: XCTestCase {
    private func assertSameBytes<Value: Encodable>(
        _ label: String, _ value: Value, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        try assertStableJSONWritersAgree(label, file: file, line: line) { try StableJSON.render(value) }
    }

    func testLayoutOfEmptyAndNestedContainers() throws {
        try assertSameBytes("empty array", [Int]())
        try assertSameBytes("empty object", [String: Int]())
        try assertSameBytes("empty inside", ["a": [Int](), "b": [], "c": [7]])
        try assertSameBytes("empty objects inside", [["x": [String: Int]()], [:]])
        try assertSameBytes("arrays of arrays", [[[Int]]]([[[]], [[1, 2], []], []]))
        try assertSameBytes("deep", ["x": ["y": ["z": ["w": [1, 2]]]]])
        try assertSameBytes("top-level string", "x")
        try assertSameBytes("top-level int", 5)
        try assertSameBytes("top-level bool", false)
        try assertSameBytes("top-level nil", Int?.none)
        let deep = (0..<40).reduce(Nested.leaf) { inner, _ in Nested.node([inner, .leaf]) }
        try assertSameBytes("40 levels", deep)
    }

    func testKeysAreSortedByTheirUTF8Bytes() throws {
        // Canonically equivalent spellings are one dictionary key; `EquivalentKeys` writes those through a container.
        let keys = ["a10", "a9", "B", "a", "_x", "é", "Z", "b", "", " ", "A", "a2", "~", "ä", "😀", "\u{2126}", "0", "10", "9", "ab", "aB"]
        try assertSameBytes("mixed keys", Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) }))
        try assertSameBytes("integer keys", [10: "a", 9: "b", 100: "c", -1: "d"])
        try assertSameBytes("keys needing escapes", ["a\"b": 1, "c\\d": 2, "e\nf": 3, "g/h": 4, "\u{1}": 5])
    }

    func testStringEscapes() throws {
        let control = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        try assertSameBytes("every control character", control)
        try assertSameBytes("quotes and slashes", #"say "hi" \ back\slash / and // http://x.org/a?b=c"#)
        try assertSameBytes("unicode", "é e\u{301} 😀 \u{2028} \u{2029} \u{7F} \u{FEFF} 中文 \u{10FFFF}")
        try assertSameBytes("escapes at the ends", ["\"", "\\", "\n", "\"x\"", "\tmid\u{0}dle\r\n", ""])
        try assertSameBytes("long plain", String(repeating: "abcdefghij", count: 1000))
    }

    func testNumbersAndBooleans() throws {
        try assertSameBytes("every integer width", Integers())
        try assertSameBytes("ints", [Int.min, Int.max, 0, -1, 9, 10, 99, 100, -10, 1_000_000_007])
        try assertSameBytes("uints", [UInt.max, 0, 10])
        try assertSameBytes("int64", [Int64.min, Int64.max])
        try assertSameBytes("uint64", [UInt64.max])
        try assertSameBytes("doubles", [0.0, -0.0, 1, -1, 0.1, 1e21, 1e-7, 123456789.123, Double.pi, Double.leastNonzeroMagnitude,
                                         Double.greatestFiniteMagnitude, 100, 1e16, 1e15, 0.5, -2.5, 1e100, 2.0e-5])
        try assertSameBytes("floats", [Float(1), 0.1, 3.4e38, 1e-7, -0.0, 16_777_216])
        try assertSameBytes("booleans", [true, false])
    }

    func testOptionalsNullsAndAbsentKeys() throws {
        try assertSameBytes("absent", Optionals(a: nil, b: nil, c: nil, d: nil))
        try assertSameBytes("present", Optionals(a: 1, b: "x", c: [nil, 2], d: Optionals.Inner(flag: true)))
        try assertSameBytes("array of optionals", [Int?.none, 1, nil])
        try assertSameBytes("optional strings", [String?.none, "a"])
        try assertSameBytes("nested optional", [Int??.some(nil), .some(.some(3)), .none])
    }

    func testContainersAskedForTwiceAndRepeatedKeys() throws {
        try assertSameBytes("a key written twice and a second keyed container", Twice())
        try assertSameBytes("canonically equivalent keys", EquivalentKeys())
        try assertSameBytes("a single value object, then a keyed container", ObjectThenKeyed())
        try assertSameBytes("a single value array, then an unkeyed container", ArrayThenUnkeyed())
        try assertSameBytes("an unkeyed container asked for twice", UnkeyedTwice())
        try assertSameBytes("a value that encodes nothing", [Nothing(), Nothing()])
        try assertSameBytes("nothing under a key", ["a": Nothing()])
        try assertSameBytes("nested containers", NestedContainers())
        try assertSameBytes("super encoders", Derived(base: 1, own: "x"))
        try assertSameBytes("super encoders in arrays", SuperInArray())
    }

    func testValuesJSONEncoderSpecialCases() throws {
        try assertSameBytes("foundation types", Specials())
        try assertSameBytes("dates", [Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: 1_764_000_000.25)])
        try assertSameBytes("urls", [URL(fileURLWithPath: "/tmp/a b"), URL(string: "https://x.org/p?q=1#f")].compactMap { $0 })
    }

    func testNamedDocumentsShareOneObject() throws {
        try assertStableJSONWritersAgree("named struct") { try StableJSON.render(schema: "gate.test/v1", Optionals(a: 3, b: nil, c: [], d: nil)) }
        try assertStableJSONWritersAgree("named dictionary") { try StableJSON.render(schema: "gate.test/v1", ["zeta": 1, "alpha": 2, "schema": 3]) }
        try assertStableJSONWritersAgree("named single value object") { try StableJSON.render(schema: "s", ObjectThenKeyed()) }
        let named = try StableJSON.render(schema: "gate.test/v1", ["b": 1])
        XCTAssertEqual(named, "{\n  \"b\" : 1,\n  \"schema\" : \"gate.test/v1\"\n}\n")
    }

    func testReportsAreWrittenByTheFastWriter() throws {
        try assertSameBytes("realistic report", Self.report())
        var empty = Self.report()
        empty.findings = []
        empty.requirements = []
        empty.approvals = []
        empty.notes = []
        empty.fingerprints = [:]
        empty.stats = ReportStats()
        try assertSameBytes("empty report", empty)
        var large = Self.report()
        large.findings = (0..<2000).map { Self.finding(number: $0) }
        try assertSameBytes("large report", large)
        // Long arrays of findings, wherever they sit.
        try assertSameBytes("long arrays of findings, nested", [large.findings, [], Array(large.findings.prefix(257))])
        try assertSameBytes("a long array of findings under a key", ["findings": Array(large.findings.prefix(256))])
    }

    /// Findings, their waivers and allowances write themselves (`PrettyJSONWritable`) instead of going through the
    /// encoder's tree: wherever they sit in a document, alone or in arrays, optional or not, the bytes are
    /// `JSONEncoder`'s for their `encode(to:)`.
    func testValuesThatWriteThemselvesWriteWhatTheirEncodeDoes() throws {
        let findings = (0..<60).map { Self.finding(number: $0) }
        try assertSameBytes("one finding", findings[1])
        try assertSameBytes("a finding with a waiver and an allowance", findings[0])
        try assertSameBytes("findings", findings)
        try assertSameBytes("no findings", [Finding]())
        try assertSameBytes("findings in findings", [findings, [], Array(findings.prefix(2))])
        try assertSameBytes("optional findings", [findings[3], nil, findings[4]] as [Finding?])
        try assertSameBytes("findings under keys", ["b": findings[5], "a": findings[7]])
        try assertSameBytes("waivers", [findings[0].waiver, nil, findings[7].waiver])
        try assertSameBytes("allowances", findings.compactMap(\.allowance))
        var bare = Finding(rule: "r", category: .unscanned, path: "", line: 0, message: "")
        try assertSameBytes("a finding with nothing optional set", bare)
        bare.column = -3
        bare.endLine = Int.max
        bare.line = Int.min
        bare.evidence = "AKIA0123456789ABCDEF"
        bare.category = .secret
        try assertSameBytes("extreme numbers and secret evidence", bare)
        try assertStableJSONWritersAgree("findings in a named document") {
            try StableJSON.render(schema: "gate.test/v1", ["findings": findings])
        }
    }

    /// Migrations, their statements and ordering constraints write themselves too.
    func testMigrationsAndOrderingWriteWhatTheirEncodeDoes() throws {
        let statements = [
            StatementSummary(line: 1, statement: "", effect: "data", hazards: [], checks: []),
            StatementSummary(line: -2, statement: "CREATE TABLE \"x\" (a text);\n\t-- \u{1} é", effect: "expand",
                             hazards: ["a", "b\\c"], checks: ["column \"x\".a exists", ""]),
        ]
        let migrations = [
            MigrationSummary(path: "db/migrations/0001_a.sql", phase: .pre, statements: statements),
            MigrationSummary(path: "prisma/migrations/2/migration.sql", phase: .post, statements: []),
        ]
        try assertSameBytes("statements", statements)
        try assertSameBytes("migrations", migrations)
        try assertSameBytes("no migrations", [MigrationSummary]())
        try assertSameBytes("ordering", [
            OrderingEntry(migration: "db/m.sql", phase: .post, reason: "drops users.email, which app/a.ts:3 \"reads\""),
            OrderingEntry(migration: "", phase: .pre, reason: ""),
        ])
        var report = Self.report()
        report.migrations = migrations + migrations
        try assertSameBytes("a report with migrations", report)
    }

    /// Strings with escapes at every offset, around and inside the eight-byte steps of the scan.
    func testEscapesAtEveryOffset() throws {
        var strings: [String] = []
        for length in 0..<20 {
            for offset in 0..<max(length, 1) {
                for escaped in ["\"", "\\", "\n", "\u{1}", "\u{1F}"] {
                    var characters = Array(repeating: "a", count: length)
                    if length > 0 { characters[offset] = escaped }
                    strings.append(characters.joined() + "é😀")
                }
            }
        }
        try assertSameBytes("escapes at every offset", strings)
        try assertSameBytes("escapes at every offset, in findings", strings.prefix(200).map {
            Finding(rule: "r", category: .secret, path: $0, line: 1, message: $0, evidence: $0)
        })
    }

    /// A value that writes itself counts the containers it opens: a document nested past `JSONEncoder`'s limit by
    /// a finding's waiver is refused by both writers, and one just inside it is written by both.
    func testValuesThatWriteThemselvesCountTowardsTheDepthLimit() throws {
        var waived = Self.finding(number: 0)
        XCTAssertNotNil(waived.waiver)
        waived.allowance = nil
        var written = 0
        var refused = 0
        for depth in 505...512 {
            let document = (0..<depth).reduce(WrappedFindings.findings([waived])) { inner, _ in .node([inner]) }
            let reference = try? StableJSON.$writer.withValue(.foundation) { try StableJSON.render(document) }
            let fast = try? StableJSON.$writer.withValue(.prettyOnly) { try StableJSON.render(document) }
            XCTAssertEqual(fast.map { Array($0.utf8) }, reference.map { Array($0.utf8) }, "\(depth) arrays deep")
            if reference == nil { refused += 1 } else { written += 1 }
        }
        XCTAssertGreaterThan(written, 0, "some depth must be written")
        XCTAssertGreaterThan(refused, 0, "some depth must be refused")
    }

    /// The bytes `StableJSON.utf8` gives are those of `render`, for both writers.
    func testBytesAreTheRenderedText() throws {
        let report = Self.report()
        XCTAssertEqual(try StableJSON.utf8(report), Array(try StableJSON.render(report).utf8))
        try StableJSON.$writer.withValue(.foundation) {
            XCTAssertEqual(try StableJSON.utf8(report), Array(try StableJSON.render(report).utf8))
        }
    }

    /// What the fast writer does not reproduce goes to JSONEncoder, which then says what it always said.
    func testWhatOnlyJSONEncoderWritesFallsBackToIt() throws {
        let refused: [(String, () throws -> String)] = [
            ("nan", { try StableJSON.render([1.0, .nan]) }),
            ("infinity", { try StableJSON.render(["x": Float.infinity]) }),
            ("nothing at the top", { try StableJSON.render(Nothing()) }),
            ("too deep", { try StableJSON.render((0..<600).reduce(Nested.leaf) { inner, _ in .node([inner]) }) }),
        ]
        for (label, render) in refused {
            XCTAssertThrowsError(try StableJSON.$writer.withValue(.prettyOnly) { try render() }, label) { error in
                XCTAssertTrue(error is StableJSON.LeftToFoundation, "\(label): \(error)")
            }
            XCTAssertThrowsError(try StableJSON.$writer.withValue(.foundation) { try render() }, label)
            XCTAssertThrowsError(try render(), label) { error in
                XCTAssertTrue(error is EncodingError, "\(label): \(error)")
            }
        }
        // 128-bit integers: the containers' default methods refuse them, JSONEncoder writes them.
        if #available(macOS 15.0, *) {
            let wide: [Int128] = [Int128.max, -5]
            XCTAssertEqual(try StableJSON.render(wide), try StableJSON.$writer.withValue(.foundation) { try StableJSON.render(wide) })
            XCTAssertTrue(try StableJSON.render(wide).contains("170141183460469231731687303715884105727"))
        }
        // A key whose container is asked for over a plain value: JSONEncoder would stop the process, so the fast
        // writer only marks it; the error (not the trap) shows it was not written.
        XCTAssertThrowsError(try StableJSON.$writer.withValue(.prettyOnly) { try StableJSON.render(SingleThenKeyed()) })
        XCTAssertEqual(try StableJSON.render(Throwing(fail: false)), "{\n  \"ok\" : true\n}\n")
        XCTAssertThrowsError(try StableJSON.render(Throwing(fail: true))) { error in
            XCTAssertEqual(error as? Throwing.Failure, .failed)
        }
    }

    // MARK: - Values

    static func finding(number: Int) -> Finding {
        var finding = Finding(
            rule: number % 3 == 0 ? "secret" : "paid-external-call", category: number % 3 == 0 ? .secret : .paidExternalCall,
            path: "src/módulo \(number)/file\t\(number).ts", line: number + 1, endLine: number % 2 == 0 ? nil : number + 3,
            column: number % 5 == 0 ? nil : number % 80, message: "calls \"api\" \\ \(number) \u{1}\u{8}\u{C} über 😀 \u{2028}",
            provider: number % 4 == 0 ? nil : "openai", evidence: number % 6 == 0 ? "sk-…\(number)" : nil)
        finding.id = String(format: "%016x", number)
        if number % 7 == 0 {
            finding.waived = true
            finding.waiver = AppliedWaiver(rule: finding.rule, reason: "INC-\(number)\nsecond line", expires: "2026-12-31")
        }
        if number % 11 == 0 {
            finding.allowance = AppliedAllowance(rule: finding.rule, reason: "reviewed / ok", line: number, group: "cost")
        }
        return finding
    }

    static func report() -> Report {
        var range = ReportRange(base: String(repeating: "1", count: 40), head: String(repeating: "2", count: 40), mode: .commits)
        range.target = "refs/heads/main"
        return Report(
            decision: .needsApproval, range: range,
            policy: PolicySource(
                source: "base:.gate/policy.yml", sha256: String(repeating: "ab", count: 32),
                bootstrap: PolicyBootstrap(source: "head:.gate/policy.yml", sha256: "00", groups: ["owners"], reviewers: [])),
            fingerprint: "sha256:" + String(repeating: "cd", count: 32),
            fingerprints: ["owners": "sha256:01", "cost": "sha256:02", "Équipe": "sha256:03", "a/b": "sha256:04"],
            findings: (0..<30).map { finding(number: $0) },
            requirements: [
                Requirement(group: "cost", approvals: 2, satisfiedBy: ["alice@example.com"], satisfied: false),
                Requirement(group: "owners", approvals: 1),
            ],
            approvals: [
                ConsideredApproval(reviewer: "alice@example.com", fingerprint: "sha256:02", counted: true, reason: nil, groups: ["cost"]),
                ConsideredApproval(reviewer: "@bob", fingerprint: "sha256:01", counted: false, reason: "review on an older commit",
                                   source: "github-review", login: "bob", commit: String(repeating: "f", count: 40)),
            ],
            ordering: [OrderingEntry(migration: "db/migrations/001_add.sql", phase: .pre, reason: "code reads \"users.email\"")],
            migrations: [
                MigrationSummary(path: "db/migrations/001_add.sql", phase: .pre, statements: [
                    StatementSummary(line: 1, statement: "ALTER TABLE users ADD COLUMN email text;\n-- note\ttab", effect: "expand",
                                     hazards: [], checks: ["column users.email exists"]),
                    StatementSummary(line: 3, statement: "CREATE INDEX i ON t (c);", effect: "expand",
                                     hazards: ["index-without-concurrently"], checks: []),
                ]),
            ],
            notes: ["waiver for secret (.gate/policy.yml:30:5) expired on 2026-01-01", "builtin policy in use — ✓"],
            stats: ReportStats(
                files: 12, addedLines: 345, skipped: [SkippedFile(path: "bin/tool", reason: .binary)], durationMs: 87,
                renameDetectionBounded: true, reachDepthBounded: 2))
    }
}

// MARK: - Encodable shapes

private indirect enum Nested: Encodable {
    case leaf
    case node([Nested])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .leaf:
            var container = encoder.singleValueContainer()
            try container.encode("leaf")
        case .node(let children):
            var container = encoder.unkeyedContainer()
            for child in children { try container.encode(child) }
        }
    }
}

/// Every integer overload of every container kind.
private struct Integers: Encodable {
    enum CodingKeys: String, CodingKey { case i, i8, i16, i32, i64, u, u8, u16, u32, u64, list, single }

    struct Single: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(UInt8.max)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Int.min, forKey: .i)
        try container.encode(Int8.min, forKey: .i8)
        try container.encode(Int16.min, forKey: .i16)
        try container.encode(Int32.min, forKey: .i32)
        try container.encode(Int64.max, forKey: .i64)
        try container.encode(UInt.max, forKey: .u)
        try container.encode(UInt8.max, forKey: .u8)
        try container.encode(UInt16.max, forKey: .u16)
        try container.encode(UInt32.max, forKey: .u32)
        try container.encode(UInt64.max, forKey: .u64)
        try container.encode(Single(), forKey: .single)
        var list = container.nestedUnkeyedContainer(forKey: .list)
        try list.encode(Int8.max)
        try list.encode(Int16.max)
        try list.encode(Int32.max)
        try list.encode(Int64.min)
        try list.encode(UInt.min)
        try list.encode(UInt16.min)
        try list.encode(UInt32.max)
        try list.encode(UInt64.max)
        try list.encode(3.25)
        try list.encode(Float(2))
    }
}

private struct Optionals: Encodable {
    struct Inner: Encodable { var flag: Bool }

    var a: Int?
    var b: String?
    var c: [Int?]?
    var d: Inner?

    enum CodingKeys: String, CodingKey { case a, b, c, d, e }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try container.encodeIfPresent(c, forKey: .c)
        try container.encode(d, forKey: .d)
        try container.encodeNil(forKey: .e)
    }
}

private enum Letters: String, CodingKey { case a, b, c, d }

/// A key written twice (the last value stays) and the keyed container asked for again.
private struct Twice: Encodable {
    func encode(to encoder: any Encoder) throws {
        var first = encoder.container(keyedBy: Letters.self)
        try first.encode(1, forKey: .a)
        try first.encode("x", forKey: .a)
        try first.encode([1], forKey: .c)
        var again = encoder.container(keyedBy: Letters.self)
        try again.encode(true, forKey: .b)
        try again.encodeNil(forKey: .c)
    }
}

/// Keys that are one key as Swift strings but differ in bytes.
private struct EquivalentKeys: Encodable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(1, forKey: Key(stringValue: "e\u{301}"))
        try container.encode(2, forKey: Key(stringValue: "f"))
        try container.encode(3, forKey: Key(stringValue: "é"))
        try container.encode(4, forKey: Key(stringValue: "K"))
        try container.encode(5, forKey: Key(stringValue: "\u{212A}"))
    }
}

private struct ObjectThenKeyed: Encodable {
    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(["b": 1, "d": 4])
        var keyed = encoder.container(keyedBy: Letters.self)
        try keyed.encode(2, forKey: .a)
        try keyed.encode(3, forKey: .d)
    }
}

private struct ArrayThenUnkeyed: Encodable {
    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(["x", "y"])
        var unkeyed = encoder.unkeyedContainer()
        try unkeyed.encode("z")
    }
}

private struct UnkeyedTwice: Encodable {
    func encode(to encoder: any Encoder) throws {
        var first = encoder.unkeyedContainer()
        try first.encode(1)
        var second = encoder.unkeyedContainer()
        try second.encode(2)
        try first.encode(3)
    }
}

/// Findings at the bottom of nested arrays.
private indirect enum WrappedFindings: Encodable {
    case findings([Finding])
    case node([WrappedFindings])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .findings(let findings):
            var container = encoder.singleValueContainer()
            try container.encode(findings)
        case .node(let children):
            var container = encoder.unkeyedContainer()
            for child in children { try container.encode(child) }
        }
    }
}

private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct NestedContainers: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Letters.self)
        var inner = container.nestedContainer(keyedBy: Letters.self, forKey: .b)
        try inner.encode("b.d", forKey: .d)
        var list = container.nestedUnkeyedContainer(forKey: .a)
        try list.encode(1)
        var listed = list.nestedContainer(keyedBy: Letters.self)
        try listed.encode(false, forKey: .c)
        var listedList = list.nestedUnkeyedContainer()
        try listedList.encode("deep")
        try list.encode(2)
        // Asked for again: the same object and array.
        var innerAgain = container.nestedContainer(keyedBy: Letters.self, forKey: .b)
        try innerAgain.encode("b.a", forKey: .a)
        var listAgain = container.nestedUnkeyedContainer(forKey: .a)
        try listAgain.encode(3)
        // A key first encoded as an object value, then opened as a container: JSONEncoder adds to that object.
        try container.encode(["x": 1], forKey: .c)
        var reopened = container.nestedContainer(keyedBy: Letters.self, forKey: .c)
        try reopened.encode(2, forKey: .a)
        try inner.encode("late", forKey: .c)
        try listed.encode(true, forKey: .a)
    }
}

private class Base: Encodable {
    var base: Int

    init(base: Int) { self.base = base }

    enum CodingKeys: String, CodingKey { case base }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(base, forKey: .base)
    }
}

private final class Derived: Base {
    var own: String

    init(base: Int, own: String) {
        self.own = own
        super.init(base: base)
    }

    enum DerivedKeys: String, CodingKey { case own, parent }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DerivedKeys.self)
        try container.encode(own, forKey: .own)
        try super.encode(to: container.superEncoder())
        try super.encode(to: container.superEncoder(forKey: .parent))
    }
}

private struct SuperInArray: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode("first")
        try Base(base: 7).encode(to: container.superEncoder())
        try container.encode("last")
    }
}

private struct Specials: Encodable {
    var data = Data([0, 1, 2, 250, 255])
    var emptyData = Data()
    var optionalData: Data? = Data("hi".utf8)
    var url = URL(string: "https://example.com/a%20b/c?d=e&f=/g")
    var decimal = Decimal(string: "12.5")
    var bigDecimal = Decimal(string: "-1234567890.000001")
    var date = Date(timeIntervalSinceReferenceDate: 86_400.5)
}

private struct SingleThenKeyed: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Letters.self)
        try container.encode(1, forKey: .a)
        _ = container.nestedContainer(keyedBy: Letters.self, forKey: .a)
    }
}

private struct Throwing: Encodable {
    enum Failure: Error { case failed }

    var fail: Bool

    enum CodingKeys: String, CodingKey { case ok }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if fail { throw Failure.failed }
        try container.encode(true, forKey: .ok)
    }
}
