import GateCore
import GateRules
import XCTest

/// Python calls are attributed by what each import statement binds, with the code index `gate check` uses: an
/// SDK imported after other modules is in scope whatever came before it.
final class PythonImportAttributionTests: XCTestCase {
    private func summary(_ path: String, head files: [String: String]) -> [String] {
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        let file = DetectorExample(files[path] ?? "", path: path).makeSourceFile()
        return Scanner(context: context).scan(file).sorted { $0.line < $1.line }
            .map { "\($0.rule):\($0.line):\($0.provider ?? "-")" }
    }

    /// Statements that came before `import cohere` in the probe's reports, and others of every shape.
    private static let precedingImports = [
        "from foo.bar import baz",
        "from foo.bar import baz as qux",
        "from foo.bar import baz\n",
        "from foo.bar import (\n    baz,\n    qux as quux,\n)",
        "import foo.bar as baz",
        "from . import sibling",
        "import os; import json",
    ]

    func testAnSDKImportedAfterAnyOtherStatementIsInScope() {
        for preceding in Self.precedingImports {
            for (sdk, client, call, provider) in [
                ("cohere", "cohere.Client()", "rerank(query=q, documents=docs)", "cohere"),
                ("voyageai", "voyageai.Client()", "embed(docs, model=\"voyage-3\")", "voyage"),
            ] {
                let source = "\(preceding)\nimport \(sdk)\nclient = \(client)\n\ndef run(q, docs):\n    return client.\(call)\n"
                let line = source.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                XCTAssertEqual(
                    summary("app/rank.py", head: ["app/rank.py": source]), ["paid-sdk-call:\(line):\(provider)"], source)
            }
        }
    }

    /// Another library's object imported the same way keeps its one-word methods (`bot.chat`) its own.
    func testAnotherLibrarysObjectAfterAFromImportIsNotTheProviders() {
        let source = """
            from pydantic import BaseModel
            import cohere
            import telegram

            bot = telegram.Bot(token=TOKEN)

            async def notify(chat_id):
                return await bot.chat(chat_id)
            """
        XCTAssertEqual(summary("app/notify.py", head: ["app/notify.py": source]), [])
    }
}
