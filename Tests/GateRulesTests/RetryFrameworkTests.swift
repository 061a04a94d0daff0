import GateCore
import GateRules
import XCTest

/// Retries set where real jobs set them: a Sidekiq worker's options (an edit of them alone, options continued on the
/// next line), Prefect and Airflow tasks, Dagster ops, Trigger.dev tasks and Inngest functions. A count within the
/// policy's bound (3 attempts) is no finding; one above it is, on the line that sets it.
final class RetryFrameworkTests: XCTestCase {
    private func retries(_ path: String, _ head: String, base: String? = nil) -> [Finding] {
        let file = DetectorExample(head, path: path, base: base).makeSourceFile()
        return Scanner(context: DetectionContext()).scan(file).filter { $0.rule == "paid-retry" }
    }

    private func sidekiq(_ options: String) -> String { InheritedRetryTests.worker("include Sidekiq::Job", options: options) }

    func testRaisingASidekiqWorkersRetriesAloneIsReportedOnTheOptionsLine() {
        let path = "app/workers/summarize_worker.rb"
        let raised = retries(path, sidekiq("  sidekiq_options queue: :llm, retry: 25"),
                             base: sidekiq("  sidekiq_options queue: :llm, retry: 2"))
        XCTAssertEqual(raised.map(\.line), [3])
        XCTAssertTrue(raised.first?.message.contains("up to 26 attempts") ?? false, raised.first?.message ?? "none")
        // Lowered to within the bound: nothing.
        XCTAssertEqual(retries(path, sidekiq("  sidekiq_options queue: :llm, retry: 2"),
                               base: sidekiq("  sidekiq_options queue: :llm, retry: 25")), [])
        // Another option edited, retries untouched and within the bound: nothing.
        XCTAssertEqual(retries(path, sidekiq("  sidekiq_options queue: :default, retry: 1"),
                               base: sidekiq("  sidekiq_options queue: :llm, retry: 1")), [])
    }

    func testSidekiqOptionsContinuedOnTheNextLineAreRead() {
        let path = "app/workers/summarize_worker.rb"
        XCTAssertEqual(retries(path, sidekiq("  sidekiq_options queue: :llm,\n                  retry: 2")), [])
        let over = retries(path, sidekiq("  sidekiq_options(queue: :llm,\n                  \"retry\" => 10)"))
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
    }

    private func prefect(_ decorator: String) -> String {
        """
        from prefect import flow, task
        from openai import OpenAI

        client = OpenAI()

        \(decorator)
        def summarize(text: str) -> str:
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}]).choices[0].message.content
        """
    }

    func testPrefectAndDagsterRetriesAboveTheBoundAreReported() {
        let over = retries("flows/summarize.py", prefect("@task(retries=10, retry_delay_seconds=5)"))
        XCTAssertEqual(over.map(\.line), [6])
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        XCTAssertEqual(retries("flows/summarize.py", prefect("@task(retries=2)")), [])
        XCTAssertEqual(retries("flows/summarize.py", prefect("@flow(retries=8)")).count, 1)
        XCTAssertEqual(retries("flows/summarize.py", prefect("@op(retry_policy=RetryPolicy(max_retries=6))")).count, 1)
        // No retries given, or a count the file does not show: nothing (Prefect and Dagster do not retry by default).
        XCTAssertEqual(retries("flows/summarize.py", prefect("@task")), [])
        XCTAssertEqual(retries("flows/summarize.py", prefect("@task(retries=settings.TASK_RETRIES)")), [])
    }

    private func airflow(_ operatorRetries: String, defaultRetries: Int = 1) -> String {
        """
        from airflow import DAG
        from airflow.operators.python import PythonOperator
        from openai import OpenAI

        default_args = {"owner": "data", "retries": \(defaultRetries)}

        def embed_documents():
            client = OpenAI()
            for doc in load_documents():
                client.embeddings.create(model="text-embedding-3-small", input=doc.text)

        with DAG("embed", default_args=default_args, schedule="@daily") as dag:
            PythonOperator(task_id="embed", python_callable=embed_documents\(operatorRetries))
        """
    }

    func testAirflowOperatorAndDefaultRetriesAreRead() {
        let over = retries("dags/embed.py", airflow(", retries=10"))
        XCTAssertEqual(over.map(\.line), [13])
        XCTAssertTrue(over.first?.message.contains("Airflow task retries") ?? false, over.first?.message ?? "none")
        XCTAssertEqual(retries("dags/embed.py", airflow(", retries=2")), [])
        XCTAssertEqual(retries("dags/embed.py", airflow("")), [])
        let byDefault = retries("dags/embed.py", airflow("", defaultRetries: 6))
        XCTAssertTrue(byDefault.first?.message.contains("default_args") ?? false, byDefault.first?.message ?? "none")
    }

    private func triggerDev(_ retry: String) -> String {
        """
        import { task } from "@trigger.dev/sdk/v3";
        import OpenAI from "openai";

        const openai = new OpenAI();

        export const summarize = task({
          id: "summarize",
          \(retry)
          run: async (payload: { text: string }) => {
            return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: payload.text }] });
          },
        });
        """
    }

    func testTriggerDevTaskRetriesAboveTheBoundAreReported() {
        let over = retries("src/trigger/summarize.ts", triggerDev("retry: { maxAttempts: 10, factor: 2 },"))
        XCTAssertEqual(over.map(\.line), [8])
        XCTAssertTrue(over.first?.message.contains("up to 10 attempts") ?? false, over.first?.message ?? "none")
        XCTAssertEqual(retries("src/trigger/summarize.ts", triggerDev("retry: { maxAttempts: 3 },")), [])
        XCTAssertEqual(retries("src/trigger/summarize.ts", triggerDev("")), [])
    }

    private static func triggerConfig(_ attempts: Int) -> String {
        """
        import { defineConfig } from "@trigger.dev/sdk/v3";

        export default defineConfig({
          project: "proj_abc",
          maxDuration: 300,
          retries: {
            enabledInDev: false,
            default: { maxAttempts: \(attempts), minTimeoutInMs: 1000, factor: 2, randomize: true },
          },
          dirs: ["./src/trigger"],
        });
        """
    }

    func testATriggerDevTaskWithoutRetryTakesTheProjectsConfiguredDefault() {
        let path = "src/trigger/summarize.ts"
        func findings(_ retry: String, config: Int) -> [Finding] {
            headTreeFindings(path, head: [path: triggerDev(retry), "trigger.config.ts": Self.triggerConfig(config)])
                .filter { $0.rule == "paid-retry" }
        }
        let configured = findings("", config: 10)
        XCTAssertEqual(configured.map(\.line), [6])
        XCTAssertTrue(configured.first?.message.contains("up to 10 attempts") ?? false, configured.first?.message ?? "none")
        XCTAssertTrue(configured.first?.message.contains("trigger.config.ts") ?? false, configured.first?.message ?? "none")
        // Within the bound, or the task's own setting within it: nothing.
        XCTAssertEqual(findings("", config: 3), [])
        XCTAssertEqual(findings("retry: { maxAttempts: 2 },", config: 10), [])
        // The task's own setting above the bound is reported where it is set.
        XCTAssertEqual(findings("retry: { maxAttempts: 8 },", config: 2).map(\.line), [8])
        // A `maxAttempts` inside another option is not the task's retry.
        XCTAssertEqual(findings("queue: { concurrencyLimit: 5, maxAttempts: 9 },", config: 2), [])
    }

    private func inngest(_ options: String) -> String {
        """
        import { inngest } from "./client";
        import Anthropic from "@anthropic-ai/sdk";

        const anthropic = new Anthropic();

        export const summarize = inngest.createFunction(
          { id: "summarize-ticket"\(options) },
          { event: "ticket/created" },
          async ({ event, step }) => {
            return step.run("summarize", () =>
              anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [{ role: "user", content: event.data.body }] }));
          },
        );
        """
    }

    func testInngestFunctionRetriesAboveTheBoundAreReported() {
        let over = retries("src/inngest/summarize.ts", inngest(", retries: 10"))
        XCTAssertEqual(over.map(\.line), [7])
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        XCTAssertEqual(retries("src/inngest/summarize.ts", inngest(", retries: 2")), [])
        XCTAssertEqual(retries("src/inngest/summarize.ts", inngest(", retries: 0")), [])
        // An idempotency key makes the retries safe to pay for once.
        XCTAssertEqual(retries("src/inngest/summarize.ts", inngest(", retries: 10, idempotency: \"event.data.id\"")), [])
    }

    func testAnInngestFunctionSettingNoRetriesHasInngestsFiveAttempts() {
        let unset = retries("src/inngest/summarize.ts", inngest(""))
        XCTAssertEqual(unset.map(\.line), [6])
        XCTAssertTrue(unset.first?.message.contains("Inngest's default retries") ?? false, unset.first?.message ?? "none")
        XCTAssertTrue(unset.first?.message.contains("up to 5 attempts") ?? false, unset.first?.message ?? "none")
        // A `retries` inside another option (`throttle`) is not the function's.
        XCTAssertEqual(retries("src/inngest/summarize.ts", inngest(", throttle: { retries: 1, period: \"1m\" }")).map(\.line), [6])
        // A handler passed by name is the retried work.
        let named = """
            import { inngest } from "./client";
            import OpenAI from "openai";

            const openai = new OpenAI();

            async function embedDocument({ event }) {
              return openai.embeddings.create({ model: "text-embedding-3-small", input: event.data.text });
            }

            export const embed = inngest.createFunction({ id: "embed" }, { event: "doc/embed" }, embedDocument);
            export const purge = inngest.createFunction({ id: "purge" }, { cron: "0 3 * * *" }, async () => purgeOldRows());
            """
        XCTAssertEqual(retries("src/inngest/embed.ts", named).map(\.line), [10])
    }

    func testInngestPythonAndGoFunctionsTakeTheirRetriesOrTheDefault() {
        let python = """
            import inngest
            from openai import OpenAI
            from app.inngest import inngest_client

            client = OpenAI()

            @inngest_client.create_function(fn_id="summarize", trigger=inngest.TriggerEvent(event="doc/uploaded"))
            async def summarize(ctx: inngest.Context) -> str:
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": ctx.event.data["text"]}])

            @inngest_client.create_function(fn_id="embed", trigger=inngest.TriggerEvent(event="doc/embed"), retries=0)
            async def embed(ctx: inngest.Context) -> None:
                client.embeddings.create(model="text-embedding-3-small", input=ctx.event.data["text"])
            """
        XCTAssertEqual(retries("app/functions.py", python).map(\.line), [7])
        // An Inngest function is background work in every SDK, as `inngest.createFunction` is in TypeScript.
        let background = Scanner(context: DetectionContext()).scan(DetectorExample(python, path: "app/functions.py").makeSourceFile())
            .filter { $0.rule == "batch-model-call" }
        XCTAssertEqual(background.map(\.line), [9, 13])
        XCTAssertTrue(background.allSatisfy { $0.message.contains("create_function") }, background.map(\.message).joined())
        func go(_ retries: Int) -> String {
            """
            package functions

            import (
            \t"context"

            \t"github.com/inngest/inngestgo"
            \topenai "github.com/sashabaranov/go-openai"
            )

            func Register(client inngestgo.Client, ai *openai.Client) {
            \tinngestgo.CreateFunction(client, inngestgo.FunctionOpts{ID: "summarize", Retries: inngestgo.IntPtr(\(retries))},
            \t\tinngestgo.EventTrigger("doc/uploaded", nil),
            \t\tfunc(ctx context.Context, input inngestgo.Input[map[string]any]) (any, error) {
            \t\t\treturn ai.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})
            \t\t})
            }
            """
        }
        let over = retries("functions/summarize.go", go(10))
        XCTAssertEqual(over.map(\.line), [11])
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        XCTAssertEqual(retries("functions/summarize.go", go(2)), [])
        let goBackground = Scanner(context: DetectionContext())
            .scan(DetectorExample(go(2), path: "functions/summarize.go").makeSourceFile()).filter { $0.rule == "batch-model-call" }
        XCTAssertEqual(goBackground.map(\.line), [14])
    }

    private func celery(_ base: String, _ decorator: String) -> String {
        """
        from celery import Celery, Task
        from openai import OpenAI

        app = Celery("tasks")
        client = OpenAI()

        class LLMTask(Task):
        \(base)
            retry_backoff = True

        \(decorator)
        def summarize(self, text):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
        """
    }

    private func goBackoff(_ retrying: String, before: String = "") -> String {
        """
        package jobs

        import (
        	"github.com/cenkalti/backoff/v4"
        	"github.com/avast/retry-go/v4"
        	openai "github.com/sashabaranov/go-openai"
        )

        func Embed(ctx context.Context, client *openai.Client, text string) (openai.EmbeddingResponse, error) {
        \(before)	return \(retrying)(func() (openai.EmbeddingResponse, error) {
        		return client.CreateEmbeddings(ctx, openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: []string{text}})
        	}\(retrying.hasPrefix("retry") ? ", retry.Attempts(4)" : ", b"))
        }
        """
    }

    /// Go's two common retry libraries around a paid call: cenkalti/backoff retries until its time budget runs out
    /// unless a maximum bounds it, avast/retry-go's generic `DoWithData` as its `Do` (10 attempts by default).
    func testGoBackoffAndRetryGoAroundAPaidCallAreRetries() {
        let unbounded = retries("internal/jobs/embed.go", goBackoff("backoff.RetryWithData", before: "\tb := backoff.NewExponentialBackOff()\n"))
        XCTAssertEqual(unbounded.map(\.line), [11])
        XCTAssertTrue(unbounded.first?.message.contains("no attempt bound") ?? false, unbounded.first?.message ?? "none")
        // The policy bounded where it is built, in the function: within the bound, nothing; above it, its count.
        XCTAssertEqual(retries("internal/jobs/embed.go", goBackoff(
            "backoff.RetryWithData", before: "\tb := backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 2)\n")), [])
        let bounded = retries("internal/jobs/embed.go", goBackoff(
            "backoff.RetryWithData", before: "\tb := backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 5)\n"))
        XCTAssertTrue(bounded.first?.message.contains("up to 6 attempts") ?? false, bounded.first?.message ?? "none")
        let retryGo = retries("internal/jobs/embed.go", goBackoff("retry.DoWithData"))
        XCTAssertTrue(retryGo.first?.message.contains("up to 4 attempts") ?? false, retryGo.first?.message ?? "none")
    }

    private func polly(_ policy: String, runs work: String = "await _chat.CompleteChatAsync([new UserChatMessage(text)], cancellationToken: token)") -> String {
        """
        using OpenAI.Chat;
        using Polly;
        using Polly.Retry;

        public class Summarizer
        {
            private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
            private readonly ResiliencePipeline _pipeline = \(policy);

            public async Task<string> SummarizeAsync(string text, CancellationToken ct)
            {
                var result = await _pipeline.ExecuteAsync(async token => \(work), ct);
                return result.ToString();
            }
        }
        """
    }

    /// Polly, .NET's retry library: a v8 pipeline's `AddRetry` (3 retries unless `MaxRetryAttempts` says otherwise)
    /// or a v7 policy's `WaitAndRetryAsync(n, …)`, retrying the paid work the file runs through it.
    func testPollyRetriesAroundPaidWorkAreReportedWhereThePolicyIsBuilt() {
        let path = "Services/Summarizer.cs"
        let pipeline = "new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 10 }).Build()"
        let over = retries(path, polly(pipeline))
        XCTAssertEqual(over.map(\.line), [8])
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        let defaulted = retries(path, polly("new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build()"))
        XCTAssertTrue(defaulted.first?.message.contains("up to 4 attempts") ?? false, defaulted.first?.message ?? "none")
        XCTAssertEqual(retries(path, polly(pipeline.replacingOccurrences(of: "= 10", with: "= 2"))), [])
        let legacy = retries(path, polly("Policy.Handle<Exception>().WaitAndRetryAsync(8, i => TimeSpan.FromSeconds(i))"))
        XCTAssertTrue(legacy.first?.message.contains("up to 9 attempts") ?? false, legacy.first?.message ?? "none")
        XCTAssertEqual(retries(path, polly("Policy.Handle<Exception>().WaitAndRetryAsync(new[] { TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2) })")), [])
        // What the policy runs pays nothing: nothing.
        XCTAssertEqual(retries(path, polly(pipeline, runs: "await File.ReadAllTextAsync(text, token)")), [])
    }

    private func rustRetry(_ retrying: String) -> String {
        """
        use async_openai::{config::OpenAIConfig, types::CreateEmbeddingRequestArgs, Client};

        pub async fn embed(client: &Client<OpenAIConfig>, text: &str) -> Vec<f32> {
            let request = CreateEmbeddingRequestArgs::default().model("text-embedding-3-small").input(text).build().unwrap();
            let response = \(retrying) || async { client.embeddings().create(request.clone()).await }).await.unwrap();
            response.data[0].embedding.clone()
        }
        """
    }

    /// Rust's retry crates around a paid call: backoff's `retry` is bounded by time alone; tokio-retry's
    /// `Retry::spawn` by the `.take(n)` that ends its strategy, if any.
    func testRustBackoffAndTokioRetryAroundAPaidCallAreRetries() {
        let backoff = retries("src/embed.rs", rustRetry("backoff::future::retry(ExponentialBackoff::default(),"))
        XCTAssertEqual(backoff.map(\.line), [5])
        XCTAssertTrue(backoff.first?.message.contains("no attempt bound") ?? false, backoff.first?.message ?? "none")
        let spawned = retries("src/embed.rs", rustRetry("Retry::spawn(ExponentialBackoff::from_millis(100).take(5),"))
        XCTAssertTrue(spawned.first?.message.contains("up to 6 attempts") ?? false, spawned.first?.message ?? "none")
        XCTAssertEqual(retries("src/embed.rs", rustRetry("Retry::spawn(ExponentialBackoff::from_millis(100).take(2),")), [])
    }

    func testACeleryBaseTaskOfTheSameFileSetsItsTasksRetries() {
        let over = retries("app/tasks.py", celery("    autoretry_for = (Exception,)\n    max_retries = 8", "@app.task(bind=True, base=LLMTask)"))
        XCTAssertEqual(over.map(\.line), [12])
        XCTAssertTrue(over.first?.message.contains("up to 9 attempts") ?? false, over.first?.message ?? "none")
        // Celery's default of 3 retries is 4 attempts: over the bound too.
        XCTAssertEqual(retries("app/tasks.py", celery("    autoretry_for = (Exception,)", "@app.task(bind=True, base=LLMTask)")).count, 1)
        XCTAssertEqual(retries("app/tasks.py", celery("    autoretry_for = (Exception,)\n    max_retries = 2", "@app.task(base=LLMTask)")), [])
        // A base that does not retry, or no base: nothing.
        XCTAssertEqual(retries("app/tasks.py", celery("    acks_late = True", "@app.task(bind=True, base=LLMTask)")), [])
        XCTAssertEqual(retries("app/tasks.py", celery("    autoretry_for = (Exception,)", "@app.task(bind=True)")), [])
    }

    func testACeleryMaxRetriesWithoutAutoretryOrSelfRetryIsNoRetry() {
        // Celery never retries by itself: `max_retries` only bounds retries asked for by `autoretry_for` or `self.retry`.
        XCTAssertEqual(retries("app/tasks.py", celery("    acks_late = True", "@shared_task(max_retries=3)")), [])
        XCTAssertEqual(retries("app/tasks.py", celery("    acks_late = True", "@app.task(max_retries=5, default_retry_delay=10)")), [])
        XCTAssertEqual(retries("app/tasks.py", celery("    acks_late = True", "@app.task(bind=True, autoretry_for=(Exception,), max_retries=5)")).count, 1)
        // Prefect 1 names a delay with its `max_retries`: those are retries.
        XCTAssertEqual(retries("flows/summarize.py", prefect("@task(max_retries=5, retry_delay=timedelta(seconds=10))")).count, 1)
    }

    private static func asynq(_ enqueue: String) -> String {
        """
        package tasks

        import (
        	"context"
        	"encoding/json"

        	"github.com/hibiken/asynq"
        	openai "github.com/sashabaranov/go-openai"
        )

        const TypeSummarize = "report:summarize"

        func NewSummarizeTask(id int) (*asynq.Task, error) {
        	payload, err := json.Marshal(map[string]int{"id": id})
        	if err != nil {
        		return nil, err
        	}
        	return asynq.NewTask(TypeSummarize, payload\(enqueue)), nil
        }

        func HandleSummarizeTask(ctx context.Context, t *asynq.Task) error {
        	client := openai.NewClient("")
        	_, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})
        	return err
        }
        """
    }

    func testAsynqHandlersRetryTwentyFiveTimesUnlessTheirTasksSayOtherwise() {
        // No MaxRetry: asynq's default of 25 retries, reported on the handler.
        let defaulted = retries("internal/tasks/summarize.go", Self.asynq(""))
        XCTAssertEqual(defaulted.map(\.line), [21])
        XCTAssertTrue(defaulted.first?.message.contains("up to 26 attempts") ?? false, defaulted.first?.message ?? "none")
        // MaxRetry above the bound: reported where it is set.
        let raised = retries("internal/tasks/summarize.go", Self.asynq(", asynq.MaxRetry(10)"))
        XCTAssertEqual(raised.map(\.line), [18])
        XCTAssertTrue(raised.first?.message.contains("up to 11 attempts") ?? false, raised.first?.message ?? "none")
        // Within the bound: nothing.
        XCTAssertEqual(retries("internal/tasks/summarize.go", Self.asynq(", asynq.MaxRetry(2)")), [])
        // A handler that spends nothing: nothing.
        XCTAssertEqual(retries("internal/tasks/cleanup.go", """
            package tasks

            import (
            	"context"

            	"github.com/hibiken/asynq"
            )

            func HandleCleanupTask(ctx context.Context, t *asynq.Task) error {
            	return nil
            }
            """), [])
    }

    /// RQ retries enqueued work only when told to: `retry=Retry(max=N)` allows N runs after the first.
    func testRQRetriesOfEnqueuedPaidWork() {
        let tasks = """
            from openai import OpenAI

            client = OpenAI()


            def summarize(doc_id):
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": str(doc_id)}])


            def count(doc_id):
                return len(str(doc_id))
            """
        func retries(_ call: String) -> [Finding] {
            let api = """
                from redis import Redis
                from rq import Queue, Retry

                from app.tasks import count, summarize

                queue = Queue(connection=Redis())


                def submit(doc_id):
                    return \(call)
                """
            return headTreeFindings("app/api.py", head: ["app/api.py": api, "app/tasks.py": tasks]).filter { $0.rule == "paid-retry" }
        }
        let found = retries("queue.enqueue(summarize, doc_id, retry=Retry(max=10, interval=[10, 30, 60]))")
        XCTAssertEqual(found.map(\.line), [10])
        XCTAssertTrue(found.first?.message.contains("RQ Retry with up to 11 attempts") ?? false, found.first?.message ?? "none")
        XCTAssertEqual(retries("queue.enqueue_in(timedelta(minutes=5), summarize, doc_id, retry=Retry(max=4))").map(\.line), [10])
        XCTAssertEqual(retries("queue.enqueue(summarize, doc_id, retry=Retry(max=2))"), [])
        XCTAssertEqual(retries("queue.enqueue(summarize, doc_id)"), [])
        XCTAssertEqual(retries("queue.enqueue(count, doc_id, retry=Retry(max=10))"), [])
    }

    /// Bee-Queue retries a job created with `.retries(N)` N more times, running the queue's processor again; the
    /// queue's processor is background work, whatever the queue is called.
    func testBeeQueueJobRetriesAndItsProcessor() {
        func source(_ enqueue: String) -> String {
            """
            const Queue = require("bee-queue");
            const OpenAI = require("openai");

            const openai = new OpenAI();
            const summaries = new Queue("summaries");

            summaries.process(async (job) => {
              const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: job.data.text }] });
              return r.choices[0].message.content;
            });

            async function enqueue(text) {
              return \(enqueue);
            }

            module.exports = { enqueue };
            """
        }
        let path = "src/queue.js"
        let found = retries(path, source("summaries.createJob({ text }).retries(10).backoff(\"exponential\", 1000).save()"))
        XCTAssertEqual(found.map(\.line), [13])
        XCTAssertTrue(found.first?.message.contains("Bee-Queue job retries with up to 11 attempts") ?? false, found.first?.message ?? "none")
        XCTAssertEqual(retries(path, source("summaries.createJob({ text }).retries(2).save()")), [])
        XCTAssertEqual(retries(path, source("summaries.createJob({ text }).save()")), [])
        // A retries setting on anything else is not the queue's.
        XCTAssertEqual(retries(path, source("client.retries(10).send(text)")), [])
        // The processor runs per job: batch work.
        let file = DetectorExample(source("summaries.createJob({ text }).save()"), path: path).makeSourceFile()
        let batch = Scanner(context: DetectionContext()).scan(file).filter { $0.rule == "batch-model-call" }
        XCTAssertTrue(batch.first?.message.contains("(summaries.process)") ?? false, batch.first?.message ?? "none")
        // `process` of something that is no queue is no worker.
        let stream = DetectorExample(source("text").replacingOccurrences(of: "new Queue(\"summaries\")", with: "makeStream()"),
                                     path: path).makeSourceFile()
        XCTAssertEqual(Scanner(context: DetectionContext()).scan(stream).filter { $0.rule == "batch-model-call" }, [])
    }

    private func pythonRetried(_ decorator: String) -> String {
        """
        import backoff
        import openai
        from tenacity import retry, stop_after_attempt, stop_after_delay, stop_never

        client = openai.OpenAI()

        \(decorator)
        def ask(prompt):
            return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
        """
    }

    /// Python retries bounded by time alone bound no attempts (a fast failure is paid again as often as fits in the
    /// time), as Go's and Rust's time-bounded backoff; attempts bound them whatever time goes with them.
    func testPythonRetriesBoundedByTimeAloneHaveNoAttemptBound() {
        let path = "app/ask.py"
        let delay = retries(path, pythonRetried("@retry(stop=stop_after_delay(600))"))
        XCTAssertEqual(delay.map(\.line), [7])
        XCTAssertTrue(delay.first?.message.contains("bounded by time only (stop_after_delay(600)) with no attempt bound") ?? false,
                      delay.first?.message ?? "none")
        let never = retries(path, pythonRetried("@retry(stop=stop_never)"))
        XCTAssertTrue(never.first?.message.contains("tenacity @retry (stop_never) with no attempt bound") ?? false, never.first?.message ?? "none")
        let backoffTime = retries(path, pythonRetried("@backoff.on_exception(backoff.expo, openai.APIError, max_time=300)"))
        XCTAssertTrue(backoffTime.first?.message.contains("no attempt bound") ?? false, backoffTime.first?.message ?? "none")
        // Attempts above the bound are reported though a time bound goes with them.
        let backoffTries = retries(path, pythonRetried("@backoff.on_exception(backoff.expo, openai.APIError, max_tries=8, max_time=300)"))
        XCTAssertTrue(backoffTries.first?.message.contains("up to 8 attempts") ?? false, backoffTries.first?.message ?? "none")
        XCTAssertEqual(retries(path, pythonRetried("@retry(stop=stop_after_attempt(3) | stop_after_delay(30))")), [])
        XCTAssertEqual(retries(path, pythonRetried("@backoff.on_exception(backoff.expo, openai.APIError, max_tries=3, max_time=60)")), [])
        // A poll for a result within a time is no retry of failures.
        XCTAssertEqual(retries(path, pythonRetried("@backoff.on_predicate(backoff.constant, lambda r: r is None, interval=5, max_time=60)")), [])
    }
}
