import GateCore
import GateRules
import XCTest

/// Retries a job inherits from another file of the project: a Celery task's `base=` class, a Sidekiq worker's
/// project module or base class (`include ApplicationWorker`, `< BaseWorker`), Sidekiq's defaults for every
/// worker (`Sidekiq.default_job_options`), and a BullMQ queue's attempts set beside the queue while its worker is
/// elsewhere. Read through the code index as `gate check` does.
final class InheritedRetryTests: XCTestCase {
    private func retries(_ path: String, head files: [String: String]) -> [Finding] {
        headTreeFindings(path, head: files).filter { $0.rule == "paid-retry" }
    }

    // MARK: Celery

    private static let celeryTask = """
        from celery import shared_task
        from openai import OpenAI

        from app.tasks.base import LLMTask

        client = OpenAI()

        @shared_task(bind=True, base=LLMTask)
        def summarize(self, text):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
        """

    private static func celeryBase(_ settings: String) -> String {
        """
        from celery import Task


        class LLMTask(Task):
        \(settings)
            retry_backoff = True

            def on_failure(self, exc, task_id, args, kwargs, einfo):
                print("failed", task_id)
        """
    }

    func testACeleryBaseTaskImportedFromAnotherFileSetsItsTasksRetries() {
        let over = retries("app/tasks/summaries.py", head: [
            "app/tasks/summaries.py": Self.celeryTask,
            "app/tasks/base.py": Self.celeryBase("    autoretry_for = (Exception,)\n    max_retries = 10"),
        ])
        XCTAssertEqual(over.map(\.line), [8])
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        // Within the bound, or a base that does not retry: nothing.
        for settings in ["    autoretry_for = (Exception,)\n    max_retries = 2", "    acks_late = True"] {
            XCTAssertEqual(retries("app/tasks/summaries.py", head: [
                "app/tasks/summaries.py": Self.celeryTask, "app/tasks/base.py": Self.celeryBase(settings),
            ]).count, 0, settings)
        }
        // A base the project does not declare (a library's) is not guessed at.
        XCTAssertEqual(retries("app/tasks/summaries.py", head: ["app/tasks/summaries.py": Self.celeryTask]).count, 0)
    }

    // MARK: Sidekiq

    /// A Sidekiq worker calling OpenAI, under `header` (`include Sidekiq::Job`, `< BaseWorker`) and `options`.
    static func worker(_ header: String, options: String = "") -> String {
        """
        class SummarizeWorker\(header.hasPrefix("<") ? " " + header : "\n  " + header)
        \(options)

          def perform(report_id)
            client = OpenAI::Client.new
            client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: Report.find(report_id).body }] })
          end
        end
        """
    }

    private static let applicationWorker = """
        module ApplicationWorker
          extend ActiveSupport::Concern

          include Sidekiq::Worker

          included do
            sidekiq_options retry: 3
          end
        end
        """

    func testAWorkerIncludingAProjectWorkerModuleTakesItsRetries() {
        let path = "app/workers/summarize_worker.rb"
        func check(_ module: String, options: String = "") -> [Finding] {
            retries(path, head: [
                path: Self.worker("include ApplicationWorker", options: options),
                "app/workers/concerns/application_worker.rb": module,
            ])
        }
        // The module's `retry: 3` is 4 attempts: over the bound of 3.
        let inherited = check(Self.applicationWorker)
        XCTAssertEqual(inherited.map(\.line), [2])
        XCTAssertTrue(inherited.first?.message.contains("up to 4 attempts") ?? false, inherited.first?.message ?? "none")
        // The worker's own options win; retry: 2 is within the bound.
        XCTAssertEqual(check(Self.applicationWorker, options: "  sidekiq_options retry: 2").count, 0)
        // Sidekiq's own default (25) when the module sets no retry.
        let defaulted = check(Self.applicationWorker.replacingOccurrences(of: "sidekiq_options retry: 3", with: "sidekiq_options queue: :default"))
        XCTAssertTrue(defaulted.first?.message.contains("up to 26 attempts") ?? false, defaulted.first?.message ?? "none")
        // A project module that is no worker (a concern of helpers) makes none.
        XCTAssertEqual(check("module ApplicationWorker\n  def log(message) = Rails.logger.info(message)\nend\n").count, 0)
    }

    func testAWorkerSubclassingAProjectBaseWorkerTakesItsRetries() {
        let path = "app/workers/summarize_worker.rb"
        let base = """
            class BaseWorker
              include Sidekiq::Job
              sidekiq_options retry: 8
            end
            """
        let found = retries(path, head: [path: Self.worker("< BaseWorker"), "app/workers/base_worker.rb": base])
        XCTAssertEqual(found.map(\.line), [1])
        XCTAssertTrue(found.first?.message.contains("up to 9 attempts") ?? false, found.first?.message ?? "none")
        // A base class that is no worker: nothing.
        XCTAssertEqual(retries(path, head: [
            path: Self.worker("< BaseWorker"), "app/workers/base_worker.rb": "class BaseWorker\n  def log = nil\nend\n",
        ]).count, 0)
    }

    func testSidekiqDefaultJobOptionsSetTheRetriesOfWorkersThatSetNone() {
        let path = "app/workers/summarize_worker.rb"
        func check(_ initializer: String) -> [Finding] {
            retries(path, head: [path: Self.worker("include Sidekiq::Job"), "config/initializers/sidekiq.rb": initializer])
        }
        let within = """
            Sidekiq.configure_server do |config|
              config.redis = { url: ENV["REDIS_URL"] }
            end

            Sidekiq.default_job_options = { "backtrace" => true, "retry" => 2 }
            """
        XCTAssertEqual(check(within).count, 0)
        XCTAssertEqual(check("Sidekiq.default_worker_options = { retry: false }\n").count, 0)
        XCTAssertEqual(check("Sidekiq.default_job_options[\"retry\"] = 1\n").count, 0)
        // Above the bound, or an initializer that sets no retry: reported.
        let over = check("Sidekiq.default_job_options = { retry: 10, backtrace: true }\n")
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        let unset = check("Sidekiq.default_job_options = { backtrace: true }\n")
        XCTAssertTrue(unset.first?.message.contains("up to 26 attempts") ?? false, unset.first?.message ?? "none")
    }

    // MARK: BullMQ

    private static let queues = """
        import { Queue } from "bullmq";
        import { connection } from "./redis";

        export const summaries = new Queue("summaries", {
          connection,
          defaultJobOptions: { attempts: 25, backoff: { type: "exponential", delay: 1000 } },
        });

        export const emails = new Queue("emails", { connection, defaultJobOptions: { attempts: 10 } });
        """

    private static let summaryWorker = """
        import { Worker } from "bullmq";
        import OpenAI from "openai";
        import { connection } from "../redis";

        const openai = new OpenAI();

        new Worker("summaries", async (job) => {
          const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: job.data.text }] });
          return r.choices[0].message.content;
        }, { connection });
        """

    private static let emailWorker = """
        import { Worker } from "bullmq";
        import { sendMail } from "../mail";

        new Worker("emails", async (job) => sendMail(job.data.to, job.data.body), { connection });
        """

    func testAQueuesAttemptsAreReportedWhereSetWhenItsWorkerElsewhereDoesPaidWork() {
        let files = [
            "src/queues.ts": Self.queues, "src/workers/summaries.ts": Self.summaryWorker,
            "src/workers/emails.ts": Self.emailWorker, "src/mail.ts": "export async function sendMail(to, body) {}\n",
        ]
        let found = retries("src/queues.ts", head: files)
        // The summaries queue's worker calls OpenAI; the emails queue's does not.
        XCTAssertEqual(found.map(\.line), [6])
        XCTAssertTrue(found.first?.message.contains("\"summaries\"") ?? false, found.first?.message ?? "none")
        XCTAssertTrue(found.first?.message.contains("up to 25 attempts") ?? false, found.first?.message ?? "none")
        // Within the bound, or with no worker of the queue in the project: nothing.
        XCTAssertEqual(retries("src/queues.ts", head: files.merging(
            ["src/queues.ts": Self.queues.replacingOccurrences(of: "attempts: 25", with: "attempts: 3")]) { _, new in new }).count, 0)
        XCTAssertEqual(retries("src/queues.ts", head: files.filter { $0.key != "src/workers/summaries.ts" }).count, 0)
    }

    /// Real workers call the app's own functions: an inline processor that reaches the paid call through an import.
    func testAQueuesAttemptsAreReportedWhenItsInlineProcessorReachesPaidWorkThroughAnotherModule() {
        let embed = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function embedChunk(text: string) {
              const r = await openai.embeddings.create({ model: "text-embedding-3-small", input: text });
              return r.data[0].embedding;
            }
            """
        let worker = """
            import { Worker } from "bullmq";
            import { embedChunk } from "../ai/embed";
            import { connection } from "../redis";

            new Worker("summaries", async (job) => {
              for (const chunk of job.data.chunks) {
                await embedChunk(chunk);
              }
            }, { connection });
            """
        let files = ["src/queues.ts": Self.queues, "src/ai/embed.ts": embed, "src/workers/summaries.ts": worker]
        let found = retries("src/queues.ts", head: files)
        XCTAssertEqual(found.map(\.line), [6])
        XCTAssertTrue(found.first?.message.contains("openai") ?? false, found.first?.message ?? "none")
        // The helper it calls pays nothing: nothing.
        let free = embed.replacingOccurrences(of: "await openai.embeddings.create({ model: \"text-embedding-3-small\", input: text })", with: "{ data: [{ embedding: [text.length] }] }")
        XCTAssertEqual(retries("src/queues.ts", head: files.merging(["src/ai/embed.ts": free]) { _, new in new }).count, 0)
    }

    /// NestJS's BullMQ: a `@Processor("summaries")` class's `process` runs the jobs a service adds through the queue
    /// it injects by name (`@InjectQueue("summaries") private readonly queue: Queue`), with their attempts.
    func testANestQueueInjectedByNameIsRetriedWithItsProcessorsPaidWork() {
        var files: [String: String] = [
            "package.json": """
            {"name":"api","dependencies":{"@nestjs/core":"10.0.0","@nestjs/common":"10.0.0","@nestjs/bullmq":"10.0.0","bullmq":"5.0.0","openai":"4.50.0"}}
            """,
            "src/ai/ai.service.ts": """
            import { Injectable } from "@nestjs/common"
            import OpenAI from "openai"

            @Injectable()
            export class AiService {
              private readonly openai = new OpenAI()
              async summarize(text: string) {
                const r = await this.openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
                return r.choices[0].message.content
              }
            }
            """,
            "src/summaries/summaries.processor.ts": """
            import { Processor, WorkerHost } from "@nestjs/bullmq"
            import { Job } from "bullmq"
            import { AiService } from "../ai/ai.service"

            @Processor("summaries")
            export class SummariesProcessor extends WorkerHost {
              constructor(private readonly ai: AiService) { super() }

              async process(job: Job<{ text: string }>) {
                return this.ai.summarize(job.data.text)
              }
            }
            """,
            "src/summaries/summaries.service.ts": """
            import { Injectable } from "@nestjs/common"
            import { InjectQueue } from "@nestjs/bullmq"
            import { Queue } from "bullmq"

            @Injectable()
            export class SummariesService {
              constructor(@InjectQueue("summaries") private readonly queue: Queue) {}

              request(text: string) {
                return this.queue.add("summarize", { text }, { attempts: 10, backoff: { type: "exponential", delay: 2000 } })
              }
            }
            """
        ]
        let found = retries("src/summaries/summaries.service.ts", head: files)
        XCTAssertEqual(found.map(\.line), [10])
        XCTAssertTrue(found.first?.message.contains("\"summaries\"") ?? false, found.first?.message ?? "none")
        // A processor of another queue: nothing.
        files["src/summaries/summaries.processor.ts"] = files["src/summaries/summaries.processor.ts"]?
            .replacingOccurrences(of: "@Processor(\"summaries\")", with: "@Processor(\"thumbnails\")")
        XCTAssertEqual(retries("src/summaries/summaries.service.ts", head: files).count, 0)
    }

    /// A worker added to a queue another file already makes with default attempts runs its paid work that often:
    /// reported on the worker, naming where the attempts are set.
    func testAWorkerOfAQueueWithAttemptsSetElsewhereIsReportedOnTheWorker() {
        let files = ["src/queues.ts": Self.queues, "src/workers/summaries.ts": Self.summaryWorker]
        let found = retries("src/workers/summaries.ts", head: files)
        XCTAssertEqual(found.map(\.line), [7])
        XCTAssertTrue(found.first?.message.contains("queue \"summaries\" (src/queues.ts:6)") ?? false, found.first?.message ?? "none")
        XCTAssertTrue(found.first?.message.contains("up to 25 attempts") ?? false, found.first?.message ?? "none")
        // Within the bound, or a queue made with no attempts: nothing.
        for queues in [Self.queues.replacingOccurrences(of: "attempts: 25", with: "attempts: 3"),
                       Self.queues.replacingOccurrences(of: "attempts: 25, ", with: "")] {
            XCTAssertEqual(retries("src/workers/summaries.ts", head: files.merging(["src/queues.ts": queues]) { _, new in new }).count, 0)
        }
    }

    /// A change adding both the queue's attempts and its worker is one hazard: reported once, on the worker (which
    /// names the setting). A change of the queue alone still reports the setting.
    func testAQueuesAttemptsAndItsWorkerAddedTogetherAreReportedOnce() throws {
        let files = ["src/queues.ts": Self.queues, "src/workers/summaries.ts": Self.summaryWorker]
        func reported(changing paths: [String]) throws -> [String] {
            var context = DetectionContext()
            context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
            var analysis = RetrySettingsReportedOnce()
            var found: [Finding] = []
            for path in paths {
                let file = DetectorExample(files[path] ?? "", path: path).makeSourceFile()
                found += Scanner(context: context).scan(file).filter { $0.rule == "paid-retry" }
                analysis.observe(file, context: context)
            }
            let result = try analysis.finish(head: InMemoryHeadTree(files: files), context: context)
            return found.filter { !result.replaces($0) }.map { "\($0.path):\($0.line)" }
        }
        XCTAssertEqual(try reported(changing: ["src/queues.ts", "src/workers/summaries.ts"]), ["src/workers/summaries.ts:7"])
        XCTAssertEqual(try reported(changing: ["src/workers/summaries.ts", "src/queues.ts"]), ["src/workers/summaries.ts:7"])
        XCTAssertEqual(try reported(changing: ["src/queues.ts"]), ["src/queues.ts:6"])
    }

    func testAttemptsGivenWhenAddingToANamedQueueAreReportedToo() {
        let enqueue = """
            import { Queue } from "bullmq";

            const summaries = new Queue("summaries");

            export async function requestSummary(text: string) {
              await summaries.add("summarize", { text }, { attempts: 8 });
            }
            """
        let found = retries("src/enqueue.ts", head: ["src/enqueue.ts": enqueue, "src/workers/summaries.ts": Self.summaryWorker])
        XCTAssertEqual(found.map(\.line), [6])
        // Another queue's name: nothing.
        XCTAssertEqual(retries("src/enqueue.ts", head: [
            "src/enqueue.ts": enqueue.replacingOccurrences(of: "\"summaries\"", with: "\"thumbnails\""),
            "src/workers/summaries.ts": Self.summaryWorker,
        ]).count, 0)
    }

    // MARK: asynq

    func testAnAsynqHandlerIsNotTakenForTwentyFiveRetriesWhenTheProjectGivesItsTasksAMaxRetry() {
        let handler = """
            package worker

            import (
            	"context"

            	"github.com/hibiken/asynq"
            	openai "github.com/sashabaranov/go-openai"
            )

            func HandleSummarizeTask(ctx context.Context, t *asynq.Task) error {
            	client := openai.NewClient("")
            	_, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})
            	return err
            }
            """
        let enqueue = """
            package api

            import "github.com/hibiken/asynq"

            func Enqueue(client *asynq.Client, task *asynq.Task) error {
            	_, err := client.Enqueue(task, asynq.MaxRetry(2))
            	return err
            }
            """
        XCTAssertEqual(retries("worker/summarize.go", head: ["worker/summarize.go": handler]).map(\.line), [10])
        XCTAssertEqual(retries("worker/summarize.go", head: ["worker/summarize.go": handler, "api/enqueue.go": enqueue]).count, 0)
    }
}
