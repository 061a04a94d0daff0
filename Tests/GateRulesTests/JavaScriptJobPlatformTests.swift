import GateCore
import GateRules
import XCTest

/// Trigger.dev, Inngest and BullMQ link the code that starts work to the code that does it by a name (a task's id,
/// an event's name, a queue's name), not by an import: a route that starts paid work reaches it as background work.
final class JavaScriptJobPlatformTests: XCTestCase {
    // MARK: Fixtures

    private static let route = "app/api/summarize/route.ts"

    private static func packageJSON(_ dependencies: String) -> String {
        "{ \"dependencies\": { \(dependencies), \"openai\": \"4.0.0\", \"next\": \"14.2.0\" } }\n"
    }

    private static let tsconfig = "{ \"compilerOptions\": { \"paths\": { \"@/*\": [\"./src/*\"] } } }\n"

    /// A Next.js route handler whose body runs `body` after `imports` (the call is on line 5 when `imports` is one line).
    private static func route(_ imports: String, _ body: String) -> String {
        """
        \(imports)

        export async function POST(req: Request) {
          const { text } = await req.json();
          \(body)
          return Response.json({ queued: true });
        }
        """
    }

    /// The rule of each finding of the route, with what follows "repeatedly: " for background work.
    private func findings(_ files: [String: String]) -> [String] {
        headTreeFindings(Self.route, head: files.merging(["tsconfig.json": Self.tsconfig]) { own, _ in own }).map { finding in
            guard let reason = finding.message.components(separatedBy: "repeatedly: ").dropFirst().first else { return finding.rule }
            return "\(finding.rule) \(finding.line): \(reason)"
        }.sorted()
    }

    private static let paidCall = "openai.chat.completions.create({ model: \"gpt-4o\", messages: [{ role: \"user\", content: text }] })"

    // MARK: Trigger.dev

    private static func triggerTask(paid: Bool = true) -> String {
        """
        import { task } from "@trigger.dev/sdk/v3";
        import OpenAI from "openai";

        const openai = new OpenAI();

        export const summarizeTask = task({
          id: "summarize-document",
          retry: { maxAttempts: 3 },
          run: async ({ text }: { text: string }) => {
            return \(paid ? paidCall : "text.trim()");
          },
        });
        """
    }

    private func trigger(_ imports: String, _ body: String, task: String = triggerTask(), package: String = "\"@trigger.dev/sdk\": \"3.0.0\"") -> [String] {
        findings([
            "package.json": Self.packageJSON(package),
            "src/trigger/summarize.ts": task,
            Self.route: Self.route(imports, body),
        ])
    }

    func testATriggerDotDevTaskStartedByIdOrByItsHandleRunsItsRun() {
        let expected = ["batch-model-call 5: runs as background work (starts Trigger.dev task summarize-document)", "unprotected-endpoint"]
        let sdk = "import { tasks } from \"@trigger.dev/sdk/v3\";"
        XCTAssertEqual(trigger(sdk, "await tasks.trigger(\"summarize-document\", { text });"), expected)
        XCTAssertEqual(trigger(sdk, "await tasks.trigger<typeof summarizeTask>(\"summarize-document\", { text });"), expected)
        let handle = "import { summarizeTask } from \"@/trigger/summarize\";"
        let byHandle = ["batch-model-call 5: runs as background work (starts Trigger.dev task summarizeTask)", "unprotected-endpoint"]
        XCTAssertEqual(trigger(handle, "await summarizeTask.trigger({ text });"), byHandle)
        XCTAssertEqual(trigger(handle, "await summarizeTask.triggerAndWait({ text });"), byHandle)
    }

    func testATriggerOfAnotherIdAFreeTaskOrAnotherLibraryStartsNothing() {
        let sdk = "import { tasks } from \"@trigger.dev/sdk/v3\";"
        XCTAssertEqual(trigger(sdk, "await tasks.trigger(\"send-welcome-email\", { text });"), [])
        XCTAssertEqual(trigger(sdk, "await tasks.trigger(\"summarize-document\", { text });", task: Self.triggerTask(paid: false)), [])
        // An event emitter's `trigger` in a project without Trigger.dev.
        XCTAssertEqual(trigger("import { bus } from \"@/lib/bus\";", "bus.trigger(\"summarize-document\", { text });",
                               package: "\"mitt\": \"3.0.0\""), [])
    }

    // MARK: Inngest

    private static let inngestClient = "import { Inngest } from \"inngest\";\nexport const inngest = new Inngest({ id: \"app\" });\n"

    private static func inngestFunctions(event: String = "doc/summarize") -> String {
        """
        import OpenAI from "openai";
        import { inngest } from "./client";

        const openai = new OpenAI();

        export const summarize = inngest.createFunction(
          { id: "summarize-document" },
          { event: "\(event)" },
          async ({ event }) => {
            const text = event.data.text;
            return \(paidCall);
          },
        );
        """
    }

    private func inngest(_ body: String, functions: String = inngestFunctions()) -> [String] {
        findings([
            "package.json": Self.packageJSON("\"inngest\": \"3.0.0\""),
            "src/inngest/client.ts": Self.inngestClient,
            "src/inngest/functions.ts": functions,
            Self.route: Self.route("import { inngest } from \"@/inngest/client\";", body),
        ])
    }

    func testAnInngestEventRunsTheFunctionsItTriggers() {
        let expected = ["batch-model-call 5: runs as background work (starts Inngest event doc/summarize)", "unprotected-endpoint"]
        XCTAssertEqual(inngest("await inngest.send({ name: \"doc/summarize\", data: { text } });"), expected)
        XCTAssertEqual(inngest("await inngest.send([{ name: \"doc/summarize\", data: { text } }]);"), expected)
    }

    func testAnInngestEventNoFunctionTriggersStartsNothing() {
        XCTAssertEqual(inngest("await inngest.send({ name: \"doc/archived\", data: { text } });"), [])
        XCTAssertEqual(inngest("await inngest.send({ name: \"doc/summarize\", data: { text } });",
                               functions: Self.inngestFunctions(event: "doc/summarize.requested")), [])
    }

    // MARK: BullMQ

    private static let queues = """
        import { Queue } from "bullmq";

        export const summaryQueue = new Queue("summaries", { connection: { host: "localhost" } });
        export const emailQueue = new Queue("emails", { connection: { host: "localhost" } });
        """

    /// A worker of the summaries queue, with its processor inline or imported.
    private static func worker(inline: Bool) -> String {
        inline ? """
            import { Worker } from "bullmq";
            import OpenAI from "openai";

            const openai = new OpenAI();

            export const worker = new Worker("summaries", async (job) => {
              const text = job.data.text;
              await \(paidCall);
            }, { connection: { host: "localhost" } });
            """ : """
            import { Worker } from "bullmq";
            import { summarize } from "../jobs/summarize";

            export const worker = new Worker("summaries", summarize, { connection: { host: "localhost" } });
            """
    }

    private static let summarizeJob = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function summarize(job) {
          const text = job.data.text;
          return \(paidCall);
        }
        """

    private func bullmq(_ body: String, inline: Bool = true, package: String = "\"bullmq\": \"5.0.0\"") -> [String] {
        findings([
            "package.json": Self.packageJSON(package),
            "src/queues.ts": Self.queues,
            "src/workers/summaries.ts": Self.worker(inline: inline),
            "src/jobs/summarize.ts": Self.summarizeJob,
            Self.route: Self.route("import { emailQueue, summaryQueue } from \"@/queues\";", body),
        ])
    }

    func testAJobAddedToABullMQQueueRunsItsWorkersProcessor() {
        let expected = ["batch-model-call 5: runs as background work (starts BullMQ queue summaries)", "unprotected-endpoint"]
        XCTAssertEqual(bullmq("await summaryQueue.add(\"summarize\", { text });"), expected)
        XCTAssertEqual(bullmq("await summaryQueue.add(\"summarize\", { text });", inline: false), expected)
        XCTAssertEqual(bullmq("await summaryQueue.addBulk([{ name: \"summarize\", data: { text } }]);"), expected)
    }

    func testAnotherQueueOrASetsAddStartsNothing() {
        XCTAssertEqual(bullmq("await emailQueue.add(\"welcome\", { text });"), [])
        XCTAssertEqual(bullmq("const seen = new Set<string>();\n  seen.add(text);"), [])
        // Without BullMQ among the dependencies, nothing is read.
        XCTAssertEqual(bullmq("await summaryQueue.add(\"summarize\", { text });", package: "\"p-queue\": \"8.0.0\""), [])
    }
}
