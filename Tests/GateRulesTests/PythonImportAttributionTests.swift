import GateCore
import GateRules
import XCTest

/// Python calls are attributed by what each import statement binds, with the code index `gate check` uses: an
/// SDK imported after other modules is in scope whatever came before it, and a provider's module function
/// imported by name is that function.
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

    func testAProvidersModuleFunctionImportedByNameIsItsCall() {
        let source = """
            from litellm import completion, embedding as embed_texts
            from fal_client import subscribe

            def answer(question):
                return completion(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])

            def index(chunks):
                return embed_texts(model="text-embedding-3-small", input=chunks)

            def grade(rows):
                for row in rows:
                    row["grade"] = completion(model="gpt-4o-mini", messages=[{"role": "user", "content": row["answer"]}])

            def draw(prompt):
                return subscribe("fal-ai/flux/dev", arguments={"prompt": prompt})
            """
        XCTAssertEqual(summary("app/answers.py", head: ["app/answers.py": source]), [
            "paid-sdk-call:5:litellm", "paid-sdk-call:8:litellm", "batch-model-call:12:litellm", "paid-sdk-call:15:fal",
        ])
    }

    /// A function named like a provider's that the file defines or imports from elsewhere is not the provider's,
    /// even beside the provider's own import; the provider's module under an alias is the provider's.
    func testAFunctionOfTheSameNameFromElsewhereIsNot() {
        let files = [
            "app/llm.py": "def completion(prompt):\n    return prompt.upper()\n",
            "app/preview.py": "import litellm\nfrom app.llm import completion\n\ndef preview(prompt):\n    return completion(prompt)\n",
            "app/local.py": """
                from litellm import completion

                def completion(prompt):
                    return prompt.upper()

                def preview(prompt):
                    return completion(prompt)
                """,
            "app/module.py": "import litellm\n\ndef ask(q):\n    return litellm.completion(model=\"gpt-4o-mini\", messages=[])\n",
            "app/aliased.py": "import litellm as llm\n\ndef ask(q):\n    return llm.completion(model=\"gpt-4o-mini\", messages=[])\n",
        ]
        XCTAssertEqual(summary("app/preview.py", head: files), [])
        XCTAssertEqual(summary("app/local.py", head: files), [])
        XCTAssertEqual(summary("app/module.py", head: files), ["paid-sdk-call:4:litellm"])
        XCTAssertEqual(summary("app/aliased.py", head: files), ["paid-sdk-call:4:litellm"], "the module under an alias")
    }

    /// Project code imported inside a function (to break an import cycle), a `try:` or a `with` block is reached like
    /// code imported at the top.
    func testProjectCodeImportedInsideABlockIsReached() {
        let llm = """
            from openai import OpenAI

            client = OpenAI()


            def complete(prompt):
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
            """
        func openRoutes(_ body: String) -> [String] {
            EndpointGuardScopeTests.openRoutes("app/routes.py", head: [
                "app/services/llm.py": llm,
                "app/routes.py": """
                    from flask import Blueprint, request

                    bp = Blueprint("api", __name__)


                    @bp.post("/ask")
                    def ask():
                    \(body)
                    """,
            ])
        }
        XCTAssertEqual(openRoutes("""
                from app.services.llm import complete

                return {"answer": complete(request.json["q"])}
            """), ["POST /ask"])
        XCTAssertEqual(openRoutes("""
                try:
                    from app.services import llm
                except ImportError:
                    llm = None
                return {"answer": llm.complete(request.json["q"])}
            """), ["POST /ask"])
        // A local import of a free module reaches nothing.
        XCTAssertEqual(openRoutes("""
                from app.services.format import complete

                return {"answer": complete(request.json["q"])}
            """), [])
    }
}
