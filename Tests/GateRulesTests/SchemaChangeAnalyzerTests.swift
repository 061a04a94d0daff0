import GateCore
import XCTest
@testable import GateRules

/// Code-to-schema linking, both ways: additions used by changed code become ordering entries; drops and
/// renames still used by head code become blocking findings.
final class SchemaChangeAnalyzerTests: XCTestCase {
    /// `earlyFiles`: how many of `files` are observed before the analyzer is told the early files are (as
    /// `gate check` tells it once the files that may be migrations, which the diff visits first, are observed); the
    /// later files then get the work it hands back before they are observed, as the workers give it.
    func run(_ files: [SourceFile], head: [String: String] = [:], earlyFiles: Int? = nil) throws -> ChangeAnalysisResult {
        var analyzer = SchemaChangeAnalyzer()
        var preparation: (any FileObservation)?
        for (index, file) in files.enumerated() {
            if index == earlyFiles { preparation = analyzer.observedEarlyFiles(context: DetectionContext()) }
            preparation?.prepare(file, context: DetectionContext())
            analyzer.observe(file, context: DetectionContext())
        }
        return try analyzer.finish(head: InMemoryHeadTree(files: head), context: DetectionContext())
    }

    /// A rename makes the new name: the ordering's reason says it renames, not that it adds.
    func testRenamedColumnUsedByChangedCodeIsOrderedAsARename() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0043_rename_summary.sql",
            head: "SET lock_timeout = '2s';\nALTER TABLE reports RENAME COLUMN summary TO abstract;\n")
        let job = SchemaTestFiles.sourceFile(
            path: "jobs/summarize.py",
            head: "from app.models import Report\n\ndef run(report_id):\n    report = Report.objects.get(id=report_id)\n    return report.abstract\n",
            base: "from app.models import Report\n\ndef run(report_id):\n    report = Report.objects.get(id=report_id)\n")
        XCTAssertEqual(
            try run([migration, job]).ordering.map(\.reason),
            ["renames reports.summary to abstract, which jobs/summarize.py:5 reads"])
    }

    func testAddedColumnUsedByChangedCodeIsOrderedFirst() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0042_add_summary.sql",
            head: "SET lock_timeout = '2s';\nALTER TABLE reports ADD COLUMN summary text;\n")
        let job = SchemaTestFiles.sourceFile(
            path: "jobs/summarize.py",
            head: """
                from app.models import Report

                def run(report_id):
                    report = Report.objects.get(id=report_id)
                    report.summary = summarize(report.body)
                    report.save()
                """,
            base: """
                from app.models import Report

                def run(report_id):
                    report = Report.objects.get(id=report_id)
                """)
        let result = try run([migration, job])
        XCTAssertEqual(result.ordering, [OrderingEntry(
            migration: "db/migrations/0042_add_summary.sql", phase: .pre,
            reason: "adds reports.summary, which jobs/summarize.py:5 writes")])
        XCTAssertEqual(result.migrations.count, 1)
        XCTAssertEqual(result.migrations[0].statements.map(\.effect), ["expand", "expand"])
        XCTAssertEqual(result.migrations[0].statements[1].checks, ["column reports.summary exists as text NULL"])
        XCTAssertEqual(result.findings, [])
    }

    /// Many changed files, observed in any order and searched on every core: each added column is ordered by the
    /// first file in path order that uses it, as a search of the files one by one finds it. File k writes column
    /// k mod 12 (so each column's first use is file k = its number, and later files use it again), the last file
    /// alone reads `late_only`, and no file uses `unused`.
    func testEachNameIsOrderedByItsFirstUseInPathOrderWhateverOrderTheFilesCome() throws {
        let columns = (0..<12).map { "metric_\($0)" } + ["late_only", "unused"]
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0100_metrics.sql",
            head: "SET lock_timeout = '2s';\n" + columns.map { "ALTER TABLE reports ADD COLUMN \($0) integer;" }
                .joined(separator: "\n") + "\n")
        let count = 400
        let path = { (index: Int) in "jobs/metrics/job_\(String(format: "%03d", index)).py" }
        var files = (0..<count).map { index in
            let column = index == count - 1 ? "late_only" : "metric_\(index % 12)"
            let statement = index == count - 1
                ? "    value = report.\(column)\n" : "    report.\(column) = compute(report)\n    report.save()\n"
            return SchemaTestFiles.sourceFile(
                path: path(index),
                head: "from app.models import Report\n\ndef run(report_id):\n    report = Report.objects.get(id=report_id)\n"
                    + statement,
                base: "")
        }
        var generator = SystemRandomNumberGenerator()
        files.shuffle(using: &generator)
        let result = try run([migration] + files)
        let expected = (0..<12).map { "adds reports.metric_\($0), which \(path($0)):5 writes" }
            + ["adds reports.late_only, which \(path(count - 1)):5 reads"]
        XCTAssertEqual(result.ordering.map(\.reason), expected)
    }

    /// The code observed after the migrations is matched as it comes (its bytes not kept to the end), in any order:
    /// each added column is still ordered by its first use in path order, and a dropped column still used is
    /// blocked naming the first changed file in path order that uses it, exactly as when every file is kept.
    func testCodeMatchedAsItIsObservedFindsTheFirstUseInPathOrder() throws {
        let added = SchemaTestFiles.sourceFile(
            path: "db/migrations/0100_metrics.sql",
            head: "SET lock_timeout = '2s';\n" + (0..<6).map { "ALTER TABLE reports ADD COLUMN metric_\($0) integer;" }
                .joined(separator: "\n") + "\n")
        let dropped = SchemaTestFiles.sourceFile(
            path: "db/migrations/0101_drop_legacy.sql",
            head: "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE reports DROP COLUMN legacy_flag;\n")
        let path = { (index: Int) in "jobs/metrics/job_\(String(format: "%03d", index)).py" }
        // Files made anew for each run: a file remembers what was worked out about it.
        let code = { (order: [Int]) in
            order.map { index in
                let uses = index % 7 == 3 ? "    flag = report.legacy_flag\n" : ""
                return SchemaTestFiles.sourceFile(
                    path: path(index),
                    head: "from app.models import Report\n\ndef run(report_id):\n    report = Report.objects.get(id=report_id)\n"
                        + "    report.metric_\(index % 6) = compute(report)\n    report.save()\n" + uses,
                    base: "")
            }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let order = Array(0..<60).shuffled(using: &generator)
            let kept = try run([added, dropped] + code(order))
            let streamed = try run([added, dropped] + code(order), earlyFiles: 2)
            let expected = (0..<6).map { "adds reports.metric_\($0), which \(path($0)):5 writes" }
            XCTAssertEqual(kept.ordering.map(\.reason), expected)
            XCTAssertEqual(streamed.ordering, kept.ordering)
            XCTAssertEqual(streamed.findings.map(\.message), kept.findings.map(\.message))
            XCTAssertEqual(streamed.findings.count, 1)
            XCTAssertTrue(
                streamed.findings.first?.message.hasPrefix("drops reports.legacy_flag, which \(path(3)):7 still uses") == true,
                streamed.findings.first?.message ?? "no finding")
        }
    }

    /// Should a migration be observed after the analyzer was told the early files were (the diff visits every file
    /// that may be one first, so this is a safety net), the code it already matched against the names it knew then
    /// is read again from the head tree and matched against all of them.
    func testAMigrationObservedAfterTheEarlyFilesStillLinksTheCodeMatchedBefore() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0042_add_summary.sql",
            head: "SET lock_timeout = '2s';\nALTER TABLE reports ADD COLUMN summary text;\n")
        let jobText = "from app.models import Report\n\ndef run(report_id):\n    report = Report.objects.get(id=report_id)\n"
            + "    report.summary = summarize(report.body)\n    report.save()\n"
        let job = { SchemaTestFiles.sourceFile(path: "jobs/summarize.py", head: jobText, base: "") }
        let result = try run([job(), migration], head: ["jobs/summarize.py": jobText], earlyFiles: 0)
        XCTAssertEqual(result.ordering.map(\.reason), ["adds reports.summary, which jobs/summarize.py:5 writes"])
        // Without the head's copy the code is no longer there to match: the link is lost, so the copy is what finds it.
        XCTAssertEqual(try run([job(), migration], head: [:], earlyFiles: 0).ordering, [])
    }

    func testSQLStringsAndCamelCaseFieldsLinkToo() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "supabase/migrations/20240101_notes.sql",
            head: "CREATE TABLE notes (id bigint PRIMARY KEY, body_text text);\n")
        let api = SchemaTestFiles.sourceFile(
            path: "src/api/notes.ts",
            head: "export async function list(db) {\n  return db.query(`SELECT body_text FROM notes`);\n}\n",
            base: "export async function list(db) {\n}\n")
        let result = try run([migration, api])
        XCTAssertEqual(result.ordering.map(\.reason), ["adds notes, which src/api/notes.ts:2 reads"])

        let column = SchemaTestFiles.sourceFile(
            path: "prisma/migrations/20240101_score/migration.sql",
            head: "ALTER TABLE \"users\" ADD COLUMN \"risk_score\" integer;\n")
        let code = SchemaTestFiles.sourceFile(
            path: "src/users.ts",
            head: "const user = await prisma.user.update({ data: { riskScore: 3 } });\n", base: "")
        XCTAssertEqual(try run([column, code]).ordering.map(\.reason), ["adds users.risk_score, which src/users.ts:1 writes"])
    }

    func testAWriteIsReportedOverAnEarlierRead() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0002_add_summary.sql",
            head: "SET lock_timeout = '5s';\nALTER TABLE reports ADD COLUMN summary text;\n")
        let job = SchemaTestFiles.sourceFile(
            path: "jobs/summarize.py",
            head: """
                def summarize_all(cur):
                    cur.execute("SELECT id, body FROM reports WHERE summary IS NULL")
                    for report_id, body in cur.fetchall():
                        cur.execute(
                            "UPDATE reports SET summary = %s WHERE id = %s",
                            (summarize(body), report_id),
                        )
                """,
            base: "")
        XCTAssertEqual(try run([migration, job]).ordering.map(\.reason), ["adds reports.summary, which jobs/summarize.py:5 writes"])
    }

    func testUnrelatedCodeIsNotLinked() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0042_add_summary.sql", head: "ALTER TABLE reports ADD COLUMN summary text;\n")
        // Mentions "summary" but never the reports table.
        let other = SchemaTestFiles.sourceFile(path: "src/billing.py", head: "summary = invoice.total()\n", base: "")
        XCTAssertEqual(try run([migration, other]).ordering, [])
        // Uses the column only on a line the change does not add.
        let untouched = SchemaTestFiles.sourceFile(
            path: "src/reports.py", head: "report.summary = x\nprint(report)\n", base: "report.summary = x\n")
        XCTAssertEqual(try run([migration, untouched]).ordering, [])
    }

    func testDroppedColumnStillUsedAtHeadBlocksTheContract() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0050_drop_legacy.sql",
            head: "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE reports DROP COLUMN legacy_flag;\n")
        let head = [
            "db/migrations/0050_drop_legacy.sql": "ALTER TABLE reports DROP COLUMN legacy_flag;\n",
            "db/migrations/0001_init.sql": "CREATE TABLE reports (id bigint, legacy_flag boolean);\n",
            "app/models/report.py": "class Report(Model):\n    title = CharField()\n    legacy_flag = BooleanField()\n",
            "README.md": "The reports table once had legacy_flag.\n",
        ]
        let result = try run([migration], head: head)
        XCTAssertEqual(result.findings.count, 1)
        let finding = try XCTUnwrap(result.findings.first)
        XCTAssertEqual(finding.rule, "contract-still-used")
        XCTAssertEqual(finding.path, "db/migrations/0050_drop_legacy.sql")
        XCTAssertEqual(finding.line, 3)
        XCTAssertEqual(finding.action, .block)
        XCTAssertTrue(finding.message.hasPrefix("drops reports.legacy_flag, which app/models/report.py:3 still uses"), finding.message)
        XCTAssertFalse(finding.id.isEmpty)

        var clean = head
        clean["app/models/report.py"] = "class Report(Model):\n    title = CharField()\n"
        XCTAssertEqual(try run([migration], head: clean).findings, [])
    }

    /// A query's condition, order or projection reads a dropped column (still blocked, said as read); a write's
    /// arguments write it; a line that writes another column after a lookup reads the looked-up one. (Laravel's
    /// `->where('col', …)->update([…])`: fixture x534-02.)
    func testDroppedColumnReadByQueriesIsToldFromWrites() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0050_drop_legacy.sql",
            head: "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE reports DROP COLUMN legacy_flag;\n")
        let cases: [(path: String, code: String, how: String)] = [
            ("app/services/report_lookup.rb", "class ReportLookup\n  def run = Report.where(legacy_flag: true).update_all(title: nil)\nend\n", "reads it"),
            ("app/services/report_lookup.rb", "class ReportLookup\n  def run = Report.find_by(legacy_flag: true)\nend\n", "reads it"),
            ("app/services/report_lookup.rb", "class ReportLookup\n  def run = Report.where(\"legacy_flag = ?\", true).pluck(:id)\nend\n", "reads it"),
            ("app/services/report_lookup.rb", "class ReportLookup\n  def run(report) = report.update!(legacy_flag: false)\nend\n", "writes it"),
            ("reports/views.py", "from .models import Report\n\ndef legacy(request):\n    return Report.objects.filter(legacy_flag=True).count()\n", "reads it"),
            ("src/reports.ts", "export async function legacy() {\n  return Report.findAll({ where: { legacy_flag: true } });\n}\n", "reads it"),
            ("src/reports.ts", "export async function clear(id: number) {\n  return prisma.reports.update({ where: { id }, data: { legacy_flag: false } });\n}\n", "writes it"),
        ]
        for example in cases {
            let head = [
                "db/migrations/0050_drop_legacy.sql": "ALTER TABLE reports DROP COLUMN legacy_flag;\n",
                "db/migrations/0001_init.sql": "CREATE TABLE reports (id bigint, title text, legacy_flag boolean);\n",
                example.path: example.code,
            ]
            let finding = try XCTUnwrap(try run([migration], head: head).findings.first, example.code)
            XCTAssertEqual(finding.rule, "contract-still-used")
            XCTAssertTrue(finding.message.contains("still uses (\(example.how))"), "\(example.code): \(finding.message)")
        }
    }

    func testRenamedColumnAndDroppedTableStillUsed() throws {
        let rails = SchemaTestFiles.sourceFile(
            path: "db/migrate/20240101000000_rename_title.rb",
            head: "class RenameTitle < ActiveRecord::Migration[7.1]\n  def change\n    rename_column :reports, :title, :headline\n    drop_table :drafts\n  end\nend\n")
        let head = [
            "app/views/reports/show.rb": "class ReportView\n  def heading(report) = report.title\nend\n",
            "app/jobs/cleanup.rb": "class Cleanup\n  def run = Draft.delete_all\nend\n",
        ]
        let result = try run([rails], head: head)
        let messages = result.findings.map(\.message).sorted()
        XCTAssertEqual(messages.count, 2)
        XCTAssertTrue(messages[0].hasPrefix("drops drafts, which app/jobs/cleanup.rb:2 still uses"), messages[0])
        XCTAssertTrue(messages[1].hasPrefix("renames reports.title, which app/views/reports/show.rb:2 still uses"), messages[1])
        XCTAssertEqual(result.findings.map(\.line).sorted(), [3, 4])
    }

    func testDjangoModelNamesLinkToAppTables() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "reports/migrations/0002_report_summary.py",
            head: """
                from django.db import migrations, models

                class Migration(migrations.Migration):
                    operations = [
                        migrations.AddField(model_name="report", name="summary", field=models.TextField(null=True)),
                    ]
                """)
        let job = SchemaTestFiles.sourceFile(
            path: "reports/tasks.py", head: "def run(report):\n    report.summary = llm(report.body)\n", base: "def run(report):\n")
        let result = try run([migration, job])
        XCTAssertEqual(result.ordering.map(\.reason), ["adds reports_report.summary, which reports/tasks.py:2 writes"])
    }

    func testDDLInCodeIsSummarisedWithTheMigrations() throws {
        let code = SchemaTestFiles.sourceFile(
            path: "app/bootstrap.py",
            head: "def setup(cursor):\n    cursor.execute(\"CREATE INDEX reports_owner ON reports (owner_id)\")\n", base: "")
        let result = try run([code])
        XCTAssertEqual(result.migrations.map(\.path), ["app/bootstrap.py"])
        XCTAssertEqual(result.migrations.first?.statements.map(\.line), [2])
        XCTAssertEqual(result.migrations.first?.statements.first?.hazards, ["index-without-concurrently"])
        XCTAssertEqual(result.ordering, [])
    }

    func testRollbackScriptsAreSummarisedButNotLinked() throws {
        let down = SchemaTestFiles.sourceFile(
            path: "db/migrations/000042_add_summary.down.sql", head: "ALTER TABLE reports DROP COLUMN summary;\n")
        let result = try run([down], head: ["app/report.py": "report.summary = 1\n"])
        XCTAssertEqual(result.findings, [])
        XCTAssertEqual(result.migrations.map(\.path), ["db/migrations/000042_add_summary.down.sql"])
    }

    // MARK: Table context (#13 item 5)

    func testHeadCodeExamplesOfContractStillUsed() throws {
        let examples = ContractStillUsedDetector.headCodeExamples
        XCTAssertFalse(examples.triggering.isEmpty)
        XCTAssertFalse(examples.nonTriggering.isEmpty)
        for example in examples.triggering {
            let marker = try XCTUnwrap(example.code.markerPosition, example.code.path)
            let migration = SchemaTestFiles.sourceFile(path: example.migration.path, head: example.migration.head)
            let result = try run([migration], head: [example.code.path: example.code.headWithoutMarker])
            XCTAssertEqual(result.findings.count, 1, "\(example.code.path): \(result.findings.map(\.message))")
            let finding = try XCTUnwrap(result.findings.first)
            XCTAssertTrue(
                finding.message.contains("which \(example.code.path):\(marker.line) still uses"),
                "\(example.code.path): \(finding.message)")
            XCTAssertEqual(finding.tier, .critical)
            XCTAssertEqual(finding.action, .block)
        }
        for example in examples.nonTriggering {
            XCTAssertNil(example.code.markerPosition, example.code.path)
            let migration = SchemaTestFiles.sourceFile(path: example.migration.path, head: example.migration.head)
            let result = try run([migration], head: [example.code.path: example.code.head])
            XCTAssertEqual(result.findings.map(\.message), [], "\(example.code.path)")
        }
    }

    func testAQualifierOfAnotherTableOrAParameterIsNoUse() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0090_drop.sql",
            head: "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE reports DROP COLUMN summary;\n")
        // The file names the reports table, but every `summary` here belongs to something else.
        let head = [
            "app/digest.py": """
                from app.models import Report

                def digest(summary, limit=3):
                    invoice.summary = summary[:limit]
                    return summary

                def latest():
                    return Report.objects.order_by("-id").first()
                """,
        ]
        XCTAssertEqual(try run([migration], head: head).findings, [])
        // The same file reading the column through the model is a use.
        var used = head
        used["app/digest.py", default: ""] += "\ndef text(report):\n    return report.summary\n"
        let findings = try run([migration], head: used).findings
        XCTAssertEqual(findings.map(\.line), [3])
        XCTAssertTrue(findings.first?.message.contains("app/digest.py:10 still uses") ?? false, "\(findings)")
    }

    func testTypeAnnotationsAreReadsNotWrites() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0042_add_summary.sql", head: "ALTER TABLE reports ADD COLUMN summary text;\n")
        let types = SchemaTestFiles.sourceFile(
            path: "src/reports/types.ts",
            head: "import { reports } from \"@/db/schema\";\nconst rows = await db.select().from(reports);\nexport interface Row { summary: string }\n",
            base: "")
        XCTAssertEqual(try run([migration, types]).ordering.map(\.reason), ["adds reports.summary, which src/reports/types.ts:3 reads"])
    }

    func testChangedFilesAreMatchedFromMemoryAndTheRestOfTheTreeInPathOrder() throws {
        let migration = SchemaTestFiles.sourceFile(
            path: "db/migrations/0090_drop.sql",
            head: "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE reports DROP COLUMN summary;\n")
        let changed = SchemaTestFiles.sourceFile(
            path: "src/b_changed.py", head: "def show(report):\n    return report.summary\n", base: "def show(report):\n")
        let tree = RecordingHeadTree(files: [
            "src/a_first.py": "def first(report):\n    return report.summary\n",
            "src/b_changed.py": "def show(report):\n    return report.summary\n",
            "src/c_later.py": "def later(report):\n    return report.summary\n",
            "docs/notes.md": "report.summary is going away\n",
        ])
        var analyzer = SchemaChangeAnalyzer()
        for file in [migration, changed] { analyzer.observe(file, context: DetectionContext()) }
        let result = try analyzer.finish(head: tree, context: DetectionContext())
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertTrue(result.findings.first?.message.contains("src/a_first.py:2 still uses") ?? false, "\(result.findings)")
        // The changed file came from memory, the markdown file is never read, and nothing after the first use is.
        XCTAssertEqual(tree.readPaths(), ["src/a_first.py"])
    }

    /// Changed migrations and schema files (known by their path, or by their content as a Drizzle schema is) are no
    /// code at head: the walk does not read them, while unchanged code around them is still read and used.
    func testChangedMigrationsAndSchemaFilesAreNotReadAsHeadCode() throws {
        let drop = "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE reports DROP COLUMN summary;\n"
        let migration = SchemaTestFiles.sourceFile(path: "db/migrations/0090_drop.sql", head: drop)
        let schema = """
            import { pgTable, text } from "drizzle-orm/pg-core";
            export const reports = pgTable("reports", { title: text("title") });
            """
        let drizzle = SchemaTestFiles.sourceFile(path: "src/db/schema/reports.ts", head: schema)
        let changedCode = SchemaTestFiles.sourceFile(path: "src/z_changed.py", head: "def show(report):\n    return 1\n")
        let tree = RecordingHeadTree(files: [
            "db/migrations/0090_drop.sql": drop,
            "src/db/schema/reports.ts": schema,
            "src/db/schema/users.ts": "import { pgTable } from \"drizzle-orm/pg-core\";\nexport const users = pgTable(\"users\", {});\n",
            "src/report_view.py": "def show(report):\n    return report.summary\n",
            "src/z_changed.py": "def show(report):\n    return 1\n",
        ])
        var analyzer = SchemaChangeAnalyzer()
        for file in [migration, drizzle, changedCode] { analyzer.observe(file, context: DetectionContext()) }
        let result = try analyzer.finish(head: tree, context: DetectionContext())
        XCTAssertEqual(result.findings.count, 1)
        XCTAssertTrue(result.findings.first?.message.contains("src/report_view.py:2 still uses") ?? false, "\(result.findings)")
        // The unchanged schema file is read (and then known by its content); the changed ones are not.
        XCTAssertEqual(tree.readPaths(), ["src/db/schema/users.ts", "src/report_view.py"])
    }

    func testRuleCatalogueShowsTheTierReportsCarry() {
        let line = RuleCatalogue.list().split(separator: "\n").first { $0.hasPrefix("contract-still-used ") }
        XCTAssertEqual(line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(2).first, "critical")
        let detector = ContractStillUsedDetector()
        let example = detector.description.triggering[0]
        let findings = detector.detect(in: example.makeSourceFile(), context: DetectionContext())
        XCTAssertEqual(findings.map(\.tier), [.critical])
        XCTAssertEqual(findings.map(\.action), [.block])
        XCTAssertTrue(RuleCatalogue.describe(detector).contains("default: critical, block"))
    }
}

/// A head tree that records which files' contents were read.
final class RecordingHeadTree: HeadTree, @unchecked Sendable {
    private let files: [String: String]
    private var read: [String] = []

    init(files: [String: String]) { self.files = files }

    func forEachFile(_ visit: (String, [UInt8]) throws -> Void) throws {
        try forEachFile(where: { _ in true }, visit)
    }

    func forEachFile(where wanted: (String) -> Bool, _ visit: (String, [UInt8]) throws -> Void) throws {
        for path in files.keys.sorted() where wanted(path) {
            read.append(path)
            try visit(path, Array(files[path, default: ""].utf8))
        }
    }

    func readPaths() -> [String] { read }
}
