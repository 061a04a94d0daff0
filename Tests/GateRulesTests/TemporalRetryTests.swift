import GateCore
import GateRules
import XCTest

/// Temporal retries a failed activity with no attempt bound unless the options it is run with give one: a workflow
/// running an activity that reaches a paid call is paid work under retries, judged by the options at the call
/// (Python) or in the workflow function (Go).
final class TemporalRetryTests: XCTestCase {
    private static let pythonActivities = """
        from openai import AsyncOpenAI
        from temporalio import activity

        client = AsyncOpenAI()


        @activity.defn
        async def summarize(text: str) -> str:
            r = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
            return r.choices[0].message.content


        @activity.defn
        async def store(text: str) -> None:
            print(text)
        """

    /// A workflow whose `run` executes `activity` with `options` after its text; imports as Temporal's sandbox wants.
    private static func pythonWorkflow(_ activity: String, options: String) -> String {
        """
        from datetime import timedelta

        from temporalio import workflow
        from temporalio.common import RetryPolicy

        with workflow.unsafe.imports_passed_through():
            from app.activities import store, summarize

        POLICY = RetryPolicy(maximum_attempts=2)


        @workflow.defn
        class DigestWorkflow:
            @workflow.run
            async def run(self, text: str) -> str:
                return await workflow.execute_activity(\(activity), text, start_to_close_timeout=timedelta(minutes=1)\(options))
        """
    }

    private func pythonRetries(_ activity: String = "summarize", options: String = "") -> [Finding] {
        headTreeFindings("app/workflows.py", head: [
            "app/workflows.py": Self.pythonWorkflow(activity, options: options), "app/activities.py": Self.pythonActivities,
        ]).filter { $0.rule == "paid-retry" }
    }

    func testAPythonActivityRunWithTheDefaultPolicyIsRetriedWithoutBound() {
        let found = pythonRetries()
        XCTAssertEqual(found.map(\.line), [16])
        XCTAssertTrue(found.first?.message.contains("Temporal activity retries with no attempt bound") ?? false,
                      found.first?.message ?? "none")
        // A policy without maximum_attempts, or with 0, sets no bound either.
        XCTAssertEqual(pythonRetries(options: ", retry_policy=RetryPolicy(initial_interval=timedelta(seconds=2))").map(\.line), [16])
        XCTAssertEqual(pythonRetries(options: ", retry_policy=RetryPolicy(maximum_attempts=0)").map(\.line), [16])
    }

    func testAPythonActivityWithinTheBoundOrWithoutPaidWorkIsNoFinding() {
        XCTAssertEqual(pythonRetries(options: ", retry_policy=RetryPolicy(maximum_attempts=3)"), [])
        XCTAssertEqual(pythonRetries("store"), [])
        // A policy the workflow names is set elsewhere: not judged here.
        XCTAssertEqual(pythonRetries(options: ", retry_policy=POLICY"), [])
    }

    private static let goActivity = """
        package activities

        import (
        \t"context"

        \topenai "github.com/sashabaranov/go-openai"
        )

        var client = openai.NewClient("key")

        func Summarize(ctx context.Context, text string) (string, error) {
        \tresp, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})
        \tif err != nil {
        \t\treturn "", err
        \t}
        \treturn resp.Choices[0].Message.Content, nil
        }

        func Store(ctx context.Context, text string) error {
        \treturn nil
        }
        """

    private func goRetries(_ options: String, activity: String = "activities.Summarize") -> [Finding] {
        let workflow = """
            package workflows

            import (
            \t"time"

            \t"example.com/app/activities"
            \t"go.temporal.io/sdk/temporal"
            \t"go.temporal.io/sdk/workflow"
            )

            func Digest(ctx workflow.Context, text string) (string, error) {
            \tao := workflow.ActivityOptions{StartToCloseTimeout: time.Minute\(options)}
            \tctx = workflow.WithActivityOptions(ctx, ao)
            \tvar out string
            \terr := workflow.ExecuteActivity(ctx, \(activity), text).Get(ctx, &out)
            \treturn out, err
            }
            """
        return headTreeFindings("workflows/digest.go", head: [
            "workflows/digest.go": workflow, "activities/activities.go": Self.goActivity,
            "go.mod": "module example.com/app\n\ngo 1.22\n",
        ]).filter { $0.rule == "paid-retry" }
    }

    func testGoActivityOptions() {
        XCTAssertEqual(goRetries("").map(\.line), [12])
        XCTAssertEqual(goRetries(", RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 0}").map(\.line), [12])
        XCTAssertEqual(goRetries(", RetryPolicy: &temporal.RetryPolicy{MaximumAttempts: 3}"), [])
        XCTAssertEqual(goRetries("", activity: "activities.Store"), [])
    }

    private static let typeScriptActivities = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function summarize(text: string): Promise<string> {
          const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
          return r.choices[0].message.content ?? "";
        }

        export async function store(text: string): Promise<void> {
          console.log(text);
        }
        """

    /// TypeScript workflows call activities through `proxyActivities<typeof activities>(options)`.
    private func typeScriptRetries(_ options: String, calls: String = "const summary = await summarize(text);") -> [Finding] {
        let workflow = """
            import { proxyActivities } from "@temporalio/workflow";
            import type * as activities from "./activities";

            const { summarize, store: save } = proxyActivities<typeof activities>({
              startToCloseTimeout: "1 minute",\(options)
            });

            export async function digest(text: string): Promise<string> {
              \(calls)
              return text;
            }
            """
        return headTreeFindings("src/workflows.ts", head: [
            "src/workflows.ts": workflow, "src/activities.ts": Self.typeScriptActivities,
        ]).filter { $0.rule == "paid-retry" }
    }

    func testTypeScriptActivityProxies() {
        XCTAssertEqual(typeScriptRetries("").map(\.line), [4])
        XCTAssertEqual(typeScriptRetries(" retry: { maximumAttempts: 0 },").map(\.line), [4])
        XCTAssertEqual(typeScriptRetries(" retry: { initialInterval: \"1s\", maximumAttempts: 10 },").map(\.line), [4])
        XCTAssertEqual(typeScriptRetries(" retry: { maximumAttempts: 3 },"), [])
        // Only the free activity is called (by its new name).
        XCTAssertEqual(typeScriptRetries("", calls: "await save(text);"), [])
    }
}
