import GateCore
import GateRules
import XCTest

/// Retry loops whose bound is written the way real helpers write it: a typed parameter default, a configurable
/// value's fallback (`?? 3`), Go's `:=`, or a counter the body checks inside `while True`. A bound within the policy's
/// (3) is no finding; one above it, or none at all, is.
final class RetryBoundTests: XCTestCase {
    private func retries(_ path: String, _ source: String) -> [Finding] {
        let file = DetectorExample(source, path: path).makeSourceFile()
        return Scanner(context: DetectionContext()).scan(file).filter { $0.rule == "paid-retry" }
    }

    private func python(parameter: String) -> String {
        """
        import time
        from openai import OpenAI

        client = OpenAI()

        def ask(prompt: str, \(parameter)):
            for attempt in range(max_retries):
                try:
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                except Exception:
                    time.sleep(2 ** attempt)
        """
    }

    func testATypedParameterDefaultBoundsTheLoop() {
        XCTAssertEqual(retries("app/llm.py", python(parameter: "max_retries: int = 3")), [])
        XCTAssertEqual(retries("app/llm.py", python(parameter: "max_retries: Optional[int] = 2")), [])
        let over = retries("app/llm.py", python(parameter: "max_retries: int = 20"))
        XCTAssertEqual(over.map(\.line), [7])
        XCTAssertTrue(over.first?.message.contains("up to 20 attempts") ?? false, over.first?.message ?? "none")
    }

    private func typescript(_ bound: String) -> String {
        """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function ask(prompt: string, options: { maxRetries?: number } = {}) {
          const maxRetries = \(bound);
          for (let attempt = 0; attempt < maxRetries; attempt++) {
            try {
              return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
            } catch (error) {
              await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
            }
          }
        }
        """
    }

    func testAConfigurableValuesFallbackBoundsTheLoop() {
        XCTAssertEqual(retries("src/lib/ask.ts", typescript("options.maxRetries ?? 3")), [])
        XCTAssertEqual(retries("src/lib/ask.ts", typescript("options.maxRetries || 2")), [])
        let over = retries("src/lib/ask.ts", typescript("options.maxRetries ?? 25"))
        XCTAssertEqual(over.map(\.line), [7])
        XCTAssertTrue(over.first?.message.contains("up to 25 attempts") ?? false, over.first?.message ?? "none")
        // A value with no fallback the file shows is still unknown, so unbounded as before.
        XCTAssertEqual(retries("src/lib/ask.ts", typescript("options.maxRetries")).count, 1)
    }

    func testGoShortDeclarationBoundsTheLoop() {
        func go(_ bound: Int) -> String {
            """
            package llm

            import openai "github.com/sashabaranov/go-openai"

            func Ask(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
            	maxRetries := \(bound)
            	var err error
            	for i := 0; i < maxRetries; i++ {
            		resp, err := client.CreateChatCompletion(ctx, req)
            		if err == nil {
            			return resp, nil
            		}
            		time.Sleep(time.Second)
            	}
            	return openai.ChatCompletionResponse{}, err
            }
            """
        }
        XCTAssertEqual(retries("internal/llm/ask.go", go(3)), [])
        XCTAssertTrue(retries("internal/llm/ask.go", go(12)).first?.message.contains("up to 12 attempts") ?? false)
    }

    /// Go's three-clause `for` has no parentheses; its header is one, semicolons and all, so the loop is a loop: a
    /// retry loop counted from 1 is bounded by its end, and a loop over a slice's indexes is batch work.
    func testGoThreeClauseLoopsAreLoops() {
        let retry = """
            package llm

            import openai "github.com/sashabaranov/go-openai"

            func Ask(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) (openai.ChatCompletionResponse, error) {
            	var lastErr error
            	for attempt := 1; attempt <= 20; attempt++ {
            		resp, err := client.CreateChatCompletion(ctx, req)
            		if err == nil {
            			return resp, nil
            		}
            		lastErr = err
            	}
            	return openai.ChatCompletionResponse{}, lastErr
            }
            """
        XCTAssertTrue(retries("internal/llm/ask.go", retry).first?.message.contains("up to 20 attempts") ?? false)
        let batch = """
            package embed

            import openai "github.com/sashabaranov/go-openai"

            func EmbedAll(ctx context.Context, client *openai.Client, docs []string) {
            	for i := 0; i < len(docs); i++ {
            		client.CreateEmbeddings(ctx, openai.EmbeddingRequest{Input: []string{docs[i]}, Model: openai.SmallEmbedding3})
            	}
            }
            """
        let file = DetectorExample(batch, path: "internal/embed/all.go").makeSourceFile()
        let rules = Scanner(context: DetectionContext()).scan(file).map(\.rule)
        XCTAssertTrue(rules.contains("batch-model-call"), "\(rules)")
        XCTAssertFalse(rules.contains("paid-retry"), "\(rules)")
    }

    private func whileTrue(check: String) -> String {
        """
        import time
        import anthropic

        client = anthropic.Anthropic()

        def ask(prompt):
            attempts = 0
            while True:
                try:
                    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])
                except anthropic.APIError:
                    attempts += 1
        \(check)
                    time.sleep(2)
        """
    }

    func testACounterCheckedInsideWhileTrueBoundsTheLoop() {
        XCTAssertEqual(retries("app/loop.py", whileTrue(check: "            if attempts >= 3:\n                raise")), [])
        let over = retries("app/loop.py", whileTrue(check: "            if attempts > 10:\n                raise"))
        XCTAssertTrue(over.first?.message.contains("up to 11 attempts") ?? false, over.first?.message ?? "none")
        // Counted but never given up on: still unbounded.
        let logged = retries("app/loop.py", whileTrue(check: "            if attempts > 10:\n                print('still failing')"))
        XCTAssertTrue(logged.first?.message.contains("no attempt bound") ?? false, logged.first?.message ?? "none")
    }

    func testAPrefixIncrementInACatchBoundsAJavaScriptLoop() {
        func js(_ bound: Int) -> String {
            """
            import Anthropic from "@anthropic-ai/sdk";

            const anthropic = new Anthropic();

            export async function ask(prompt) {
              let attempt = 0;
              while (true) {
                try {
                  return await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [{ role: "user", content: prompt }] });
                } catch (err) {
                  if (++attempt > \(bound)) throw err;
                }
              }
            }
            """
        }
        XCTAssertEqual(retries("src/ask.js", js(2)), [])
        XCTAssertTrue(retries("src/ask.js", js(5)).first?.message.contains("up to 6 attempts") ?? false)
    }

    // MARK: Retries by recursion

    private func recursive(_ signature: String, _ handler: String) -> String {
        """
        import time
        import openai

        def ask(\(signature)):
            try:
                return openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
            except openai.RateLimitError:
                time.sleep(20)
        \(handler)
        """
    }

    func testAFunctionCallingItselfFromItsFailureHandlerIsARetry() {
        let unbounded = retries("app/gpt.py", recursive("prompt", "        return ask(prompt)"))
        XCTAssertEqual(unbounded.map(\.line), [9])
        XCTAssertTrue(unbounded.first?.message.contains("a recursive retry with no attempt bound") ?? false,
                      unbounded.first?.message ?? "none")
        // A count that goes down with each call bounds it: the default plus the first try.
        XCTAssertEqual(retries("app/gpt.py", recursive("prompt, retries=2", "        return ask(prompt, retries - 1)")), [])
        let many = retries("app/gpt.py", recursive("prompt, retries: int = 10", "        return ask(prompt, retries=retries - 1)"))
        XCTAssertTrue(many.first?.message.contains("up to 11 attempts") ?? false, many.first?.message ?? "none")
        // Calling another function from the handler, or itself outside a handler (a tree walk), is no retry.
        XCTAssertEqual(retries("app/gpt.py", recursive("prompt", "        return ask_fallback(prompt)")), [])
        let walk = """
            import openai

            def summarize(node):
                try:
                    node.summary = openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": node.text}])
                except openai.APIError:
                    node.summary = None
                for child in node.children:
                    summarize(child)
            """
        XCTAssertEqual(retries("app/tree.py", walk), [])
    }

    func testAJavaScriptMethodCallingItselfFromItsCatchIsARetry() {
        let source = """
            import OpenAI from "openai";

            export class Assistant {
              constructor() { this.openai = new OpenAI(); }

              async reply(messages) {
                try {
                  return await this.openai.chat.completions.create({ model: "gpt-4o", messages });
                } catch (error) {
                  await new Promise((resolve) => setTimeout(resolve, 5000));
                  return this.reply(messages);
                }
              }
            }
            """
        let found = retries("src/assistant.js", source)
        XCTAssertEqual(found.map(\.line), [11])
        XCTAssertTrue(found.first?.message.contains("a recursive retry") ?? false, found.first?.message ?? "none")
    }

    /// OpenAI's and Anthropic's SDKs take retry options per request (`create(body, { maxRetries: 8 })`): that call is
    /// retried so, not every call of the client.
    func testPerRequestRetryOptionsOfAPaidCall() {
        func source(_ options: String) -> String {
            """
            import Anthropic from "@anthropic-ai/sdk";

            const anthropic = new Anthropic();

            export async function ask(prompt: string) {
              return anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [{ role: "user", content: prompt }] }\(options));
            }
            """
        }
        let found = retries("src/ask.ts", source(", { maxRetries: 8, timeout: 20_000 }"))
        XCTAssertEqual(found.map(\.line), [6])
        XCTAssertEqual(found.first?.message, "anthropic call retried by its SDK with up to 9 attempts (maxRetries=8)")
        XCTAssertEqual(retries("src/ask.ts", source(", { maxRetries: 2 }")), [])
        XCTAssertEqual(retries("src/ask.ts", source("")), [])
        // The same option on another call of the file is not the paid call's.
        XCTAssertEqual(retries("src/ask.ts", source("") + "\nexport const poll = () => fetchStatus({ maxRetries: 8 });\n"), [])
        // The AI SDK takes it among the call's own options.
        let sdk = retries("src/tag.ts", """
            import { generateObject } from "ai";
            import { openai } from "@ai-sdk/openai";

            export async function tag(text: string) {
              return generateObject({ model: openai("gpt-4o-mini"), prompt: text, maxRetries: 5 });
            }
            """)
        XCTAssertEqual(sdk.first?.message, "vercel-ai-sdk call retried by its SDK with up to 6 attempts (maxRetries=5)")
    }
}
