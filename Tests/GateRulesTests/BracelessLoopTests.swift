import GateCore
import GateRules
import XCTest

/// Loops whose body is one statement without braces repeat a paid call as a braced loop does: `batch-model-call`
/// and `paid-retry` read them through the same loop lookup.
final class BracelessLoopTests: XCTestCase {
    /// The findings of `rule` on `path` in a head tree, read through the code index as `gate check` does.
    private func lines(_ rule: String, _ path: String, head files: [String: String]) -> [Int] {
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        let file = DetectorExample(files[path] ?? "", path: path).makeSourceFile()
        return Scanner(context: context).scan(file).filter { $0.rule == rule }.map(\.line).sorted()
    }

    private func batchLines(_ path: String, _ source: String, others: [String: String] = [:]) -> [Int] {
        lines("batch-model-call", path, head: others.merging([path: source]) { _, new in new })
    }

    static let summarizer = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function summarize(doc: { text: string }) {
          const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: doc.text }] });
          return r.choices[0].message.content;
        }
        """

    // MARK: Fires

    func testADirectCallInABracelessBodySpanningLines() {
        let source = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function embedRows(rows) {
              const results = [];
              for (const row of rows)
                results.push(await openai.embeddings.create({ model: "text-embedding-3-small", input: row.text }));
              return results;
            }
            """
        XCTAssertEqual(batchLines("src/embed.ts", source), [8])
    }

    func testAWrapperInAnotherFileCalledFromABracelessBody() {
        let source = """
            import { summarize } from "../lib/summarize";

            export async function summarizeAll(docs) {
              for (const doc of docs) await summarize(doc);
            }

            export async function pages(cursor) {
              while (cursor) cursor = await summarize(cursor)
              return cursor
            }
            """
        XCTAssertEqual(batchLines("src/all.ts", source, others: ["lib/summarize.ts": Self.summarizer]), [4, 8])
    }

    func testJavaCSharpPHPAndKotlinBodies() {
        let java = """
            package com.acme;

            import com.openai.client.OpenAIClient;
            import com.openai.models.ChatCompletionCreateParams;

            public class Grader {
                private final OpenAIClient client;

                public Grader(OpenAIClient client) { this.client = client; }

                public void gradeAll(List<ChatCompletionCreateParams> prompts) {
                    for (int i = 0; i < prompts.size(); i++) client.chat().completions().create(prompts.get(i));
                }
            }
            """
        XCTAssertEqual(batchLines("src/main/java/com/acme/Grader.java", java), [12])
        let csharp = """
            using Microsoft.SemanticKernel;

            namespace Acme.Services;

            public class Drafts
            {
                private readonly Kernel _kernel;

                public Drafts(Kernel kernel) => _kernel = kernel;

                public async Task DraftAll(IEnumerable<string> topics)
                {
                    foreach (var topic in topics)
                        await _kernel.InvokePromptAsync($"Write about {topic}");
                }
            }
            """
        XCTAssertEqual(batchLines("Services/Drafts.cs", csharp), [14])
        let php = """
            <?php

            use OpenAI;

            function tagAll(array $items) {
                $client = OpenAI::client(getenv('OPENAI_API_KEY'));
                foreach ($items as $item) $client->chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $item]]]);
            }
            """
        XCTAssertEqual(batchLines("app/Tagging.php", php), [7])
        let kotlin = """
            package com.example

            import com.openai.client.OpenAIClient
            import com.openai.models.ChatCompletionCreateParams

            class Batch(private val client: OpenAIClient) {
                fun run(all: List<ChatCompletionCreateParams>) {
                    for (params in all) client.chat().completions().create(params)
                    println("done")
                }
            }
            """
        XCTAssertEqual(batchLines("src/main/kotlin/com/example/Batch.kt", kotlin), [8])
    }

    /// A brace-less retry loop is judged by `paid-retry`, not reported as batch work.
    func testABracelessRetryLoopIsARetryNotABatch() {
        let source = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function ask(prompt) {
              while (true) try {
                return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
              } catch (e) {
                await sleep(1000);
              }
            }
            """
        let files = ["src/ask.ts": source]
        XCTAssertEqual(lines("paid-retry", "src/ask.ts", head: files), [6])
        XCTAssertEqual(lines("batch-model-call", "src/ask.ts", head: files), [])
    }

    // MARK: Does not fire

    func testCallsOutsideOrBesideABracelessLoopAreNotBatchWork() {
        let source = """
            import OpenAI from "openai";
            import { summarize } from "../lib/summarize";

            const openai = new OpenAI();

            export async function report(items, docs) {
              let total = 0;
              for (const x of items) total += x.cost;
              for (const d of docs) console.log(d.title);
              const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: `total ${total}` }] });
              if (r.choices.length) await summarize(docs[0]);
              const note = "for (const d of docs) await summarize(d);"; // for (const d of docs) await summarize(d);
              while (pending()) tick()
              await summarize(docs[1])
              return r;
            }
            """
        XCTAssertEqual(batchLines("src/report.ts", source, others: ["lib/summarize.ts": Self.summarizer]), [])
    }

    func testABracelessLoopOverCallsThatReachNothingPaid() {
        let mailer = "export async function send(to: string, text: string) {\n  await smtp.deliver(to, text);\n}\n"
        let source = """
            import { send } from "../lib/mailer";

            export async function notifyAll(users) {
              for (const user of users) await send(user.email, "Your weekly digest");
            }
            """
        XCTAssertEqual(batchLines("src/notify.ts", source, others: ["lib/mailer.ts": mailer]), [])
    }
}
