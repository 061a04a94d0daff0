import Foundation
import GateCore
import GateRules
import XCTest

/// The scan stays linear and cheap: files that mention no provider are rejected by the byte prefilter, and
/// files that do are lexed once for every detector.
final class ScanPerformanceTests: XCTestCase {
    private func file(_ path: String, _ text: String) -> SourceFile {
        let bytes = Array(text.utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let hunk = Hunk(
            oldStart: 0, oldCount: 0, newStart: 1, newCount: lines,
            lines: (1...lines).map { DiffLine(kind: .added, oldNumber: nil, newNumber: $0, text: "") })
        return SourceFile(change: FileChange(path: path, kind: .added, hunks: [hunk], content: .text(bytes)))
    }

    private func pythonModule(paid: Bool, functions: Int) -> String {
        var text = paid ? "from openai import OpenAI\n\nclient = OpenAI()\n" : "import json\n"
        for index in 0..<functions {
            text += """

                def compute_\(index)(items, limit=\(index % 97)):
                    \"\"\"Compute totals for a batch of records.\"\"\"
                    total = 0
                    for item in items:
                        if item.get("amount") is None:
                            continue
                        total += item["amount"] * 3
                    \(paid && index % 5 == 0 ? "reply = client.chat.completions.create(model=\"gpt-4o\", messages=[])" : "log.info('done %s', total)")
                    return min(total, limit)

                """
        }
        return text
    }

    private func typescriptModule(paid: Bool, functions: Int) -> String {
        var text = paid ? "import OpenAI from \"openai\";\nconst openai = new OpenAI();\n" : "import { z } from \"zod\";\n"
        for index in 0..<functions {
            text += """

                export async function handle\(index)(req: Request, res: Response): Promise<void> {
                  const input = z.object({ id: z.string() }).parse(req.body); // parse the body
                  const rows = await db.query("select * from orders where id = $1", [input.id]);
                  for (const row of rows) { total += row.amount * 2; }
                  \(paid && index % 5 == 0 ? "const r = await openai.chat.completions.create({ model: \"gpt-4o\", messages });" : "res.json({ total });")
                }

                """
        }
        return text
    }

    /// Speed is measured in bench/ on release builds, never here (a timed unit test only measures the machine's load);
    /// this keeps the large mixed scan honest about what it finds.
    func testPlainFilesYieldNothingAndEveryPaidCallIsReportedOnce() {
        let plain = (0..<40).map { file("src/plain\($0).ts", typescriptModule(paid: false, functions: 60)) }
            + (0..<40).map { file("app/plain\($0).py", pythonModule(paid: false, functions: 60)) }
        let paid = (0..<40).map { file("src/paid\($0).ts", typescriptModule(paid: true, functions: 60)) }
            + (0..<40).map { file("app/paid\($0).py", pythonModule(paid: true, functions: 60)) }
        let scanner = Scanner()
        XCTAssertTrue(plain.flatMap(scanner.scan).isEmpty)
        // 12 paid calls per file, each reported exactly once (batch or plain paid call).
        let paidFindings = paid.flatMap(scanner.scan)
        XCTAssertEqual(paidFindings.filter { $0.category == .paidExternalCall || $0.category == .batchModelCall }.count, 80 * 12)
    }
}
