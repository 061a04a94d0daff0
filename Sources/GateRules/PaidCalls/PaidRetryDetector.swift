import Foundation
import GateCore

/// Paid work under automatic retries with no attempt bound and no idempotency guard.
public struct PaidRetryDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "paid-retry", name: "Paid call under unbounded retries", category: .paidRetry,
        rationale: """
            Retries multiply the cost of paid work, and a job that fails deterministically (a missing column, a \
            bad payload) is retried until the retry budget ends, paying every time. Reported when paid work \
            (directly, through a function of the same file, or a queue worker's processor or an enqueued job in \
            another file that reaches a paid call) runs under retries allowing more attempts than the \
            policy's bound (default 3) with no idempotency key. Attempts count the first try and its retries, and \
            a library's default is judged as if written out: 3 retries (Polly's, axios-retry's, .NET's standard \
            resilience handler's, Ktor's) are 4 attempts, above the default bound. Read: Celery autoretry_for / max_retries=None or above \
            the bound (on the task or its base= class, in any file of the project), Dramatiq actors (20 by default), tenacity @retry without stop or stopped by time alone (`stop_after_delay(600)`: a \
            time bound bounds no attempts, a fast failure is paid again as often as fits in it), \
            the retry package's @retry(tries=-1) (its default), retrying's without stop_max_attempt_number, stamina (10 attempts by default), the same decorators applied by a call \
            (`retry(stop=…)(summarize)`, `backoff.on_exception(…, max_tries=8)(call_model)`) and tenacity's `Retrying(…)` called with the work (`Retrying(…)(summarize, text)`, `retryer(summarize, text)`), backoff decorators without \
            max_tries (with a `max_time` alone too), BullMQ attempts, Sidekiq workers (25 retries unless the project's default_job_options or a worker module or \
            base class of the project says otherwise), ActiveJob retry_on (5 attempts by \
            default), ActiveJob jobs setting no retries on the Sidekiq adapter (`config.active_job.queue_adapter = :sidekiq`: \
            Sidekiq retries them as its own workers), p-retry and async-retry (10 by default), Spring @Retryable, resilience4j `@Retry(name = …)` (the instance's \
            `maxAttempts` in application.yml or .properties, 3 by default), HTTP clients made to retry in the file that sends \
            paid requests through them (go-retryablehttp's client: 4 retries unless `RetryMax`; axios-retry given a \
            `retryCondition`, without which a POST is retried only on network errors: 3 retries unless `retries`; urllib3's \
            `Retry` allowing POST: `total`, 10 by default; retry-axios, got and ky whose methods list POST: 3, 2 and 2 retries \
            unless `retry`/`limit` say otherwise; Faraday's retry middleware listing POST: 2 unless `max`; resty's \
            `SetRetryCount` (on transport errors too, without an `AddRetryCondition`); Ktor's HttpRequestRetry: 3 unless `maxRetries`; only the \
            requests sent through the client the retries are given to, `axiosRetry(api, …)`'s `api`, the session a \
            `Retry` is mounted on, the retryablehttp client a request is built for or sent with (also once made retryable, \
            `retryablehttp.FromRequest(req)`; a client another file of the Go package makes, reported at the request), the Faraday connection whose block adds the middleware, maybe a Ruby \
            method's memoised `@connection ||= Faraday.new(…)` used as `connection.post(…)`), JVM reactive retries of a chain \
            holding a paid request (Reactor's `retryWhen(Retry.backoff(n, …))`, `retry(n)`, `retry()`; Kotlin flows' `retry`), retry-go (`retry.Do`, `retry.DoWithData`; 10 by default), cenkalti/backoff's \
            `backoff.Retry` (bounded only by `WithMaxRetries`/`WithMaxTries`), Polly policies and pipelines (`WaitAndRetryAsync(n)`, \
            `AddRetry`: 3 retries unless `MaxRetryAttempts` says otherwise) around what the file runs through them, .NET \
            HttpClientFactory clients (`AddHttpClient(…)`, named or typed) whose base address or typed class calls a paid API, \
            given a retrying handler: `AddStandardResilienceHandler` (3 retries unless `MaxRetryAttempts` says \
            otherwise), `AddResilienceHandler`'s `AddRetry`, a Polly policy in `AddPolicyHandler`/`AddTransientHttpErrorPolicy` \
            (in place, a variable or method of the file, or a method of another file of the project: \
            `RetryPolicies.OpenAI()`), or a handler an extension method of another file adds (`.AddOpenAIResilience()`), Rust's backoff \
            crate (`backoff::future::retry`, bounded by time only) and tokio-retry (`Retry::spawn`, bounded by a `.take(n)`), asynq (25 retries \
            unless a MaxRetry is given), River (`river.InsertOpts{MaxAttempts: N}` or `river.Config{MaxAttempts: N}`; a worker's \
            `Work` is attempted 25 times unless the project sets MaxAttempts), Bee-Queue `createJob(…).retries(N)`, Laravel's HTTP client `Http::retry(N, …)` (N attempts, or one more than a list of \
            waits), Spring AI's retry template (`spring.ai.retry.max-attempts` \
            above the bound in application.yml or .properties, or `on-client-errors: true` with the attempts at their default \
            of 10: every model call of the application), Ruby's retriable gem (`Retriable.retriable(tries: N) do … end`: 3 tries by default), Guzzle's retry \
            middleware (`Middleware::retry($decider)`: as many retries as the decider's comparison of its `$retries` \
            allows, none without bound; the requests of the client given its handler stack), Symfony Messenger handlers (`#[AsMessageHandler]`: 3 retries unless the project's messenger configuration \
            gives a `max_retries`, the largest it gives), Laravel queued jobs' `$tries` (0: no \
            bound) and `retryUntil()` (as many attempts as fit in its time; a job setting neither takes its worker's \
            `queue:work --tries=N` or Horizon's `'tries' => N`, the largest the project's workers give), Temporal activities run with no \
            `maximum_attempts`/`MaximumAttempts`/`maximumAttempts` in their retry policy (Temporal's default retries \
            without bound; Python, Go and TypeScript workflows), RQ work enqueued with `retry=Retry(max=N)`, arq jobs raising arq's `Retry` (`func(job, max_tries=N)`, a worker's `max_tries = N`, 5 tries by default; arq runs no other failed job again), JobRunr and \
            Hangfire work enqueued from a lambda (10 retries unless the job method or its class sets `@Job(retries = N)` \
            or `[AutomaticRetry(Attempts = N)]`, or else the project sets a default: a global \
            `AutomaticRetryAttribute`, JobRunr's `default-number-of-retries` or a `RetryFilter(N)`), Ruby `retry`, \
            Prefect, Airflow and Dagster task retries, Trigger.dev `retry.maxAttempts` (or, for a task without `retry`, trigger.config's `retries.default.maxAttempts`), Inngest functions (4 retries unless their `retries` says otherwise), a \
            function calling itself again from its failure handler, hand-written retry loops (while True / for {} / counted loops with a catch, braced or a brace-less `while (true) try … catch`) around a paid call (bounded by a \
            counter they check, a typed default or a fallback like `?? 3`; a loop \
            that takes the next item each pass, `for rows.Next()` or `while (rs.next())`, walks rather than retries), and \
            a paid SDK client's own retry setting above the bound (`new OpenAI({ maxRetries: 1000 })`, \
            `Anthropic(max_retries=50)`, Ruby's `Anthropic::Client.new(max_retries: 10)`, `with_options(max_retries=…)`, \
            `option.WithMaxRetries(…)`, litellm's `num_retries` on a call, a `Router` or module-wide, and so DSPy's \
            `dspy.LM(…, num_retries=8)`; a count a constant of the file or one it imports gives), which applies \
            to every call made through that client, or a paid call's own per-request options (`create(body, { \
            maxRetries: 8 })`); LangChain JS models constructed without `maxRetries` (`new ChatOpenAI({ model })`: \
            6 retries by default, 7 attempts). A helper handed its work by name (`backoff.Retry(op, …)` after `op := func() error { … }`, \
            `pRetry(run, …)` after `const run = () => …`, `pRetry(label.bind(null, text), …)`, `retry.Do(d.refresh, …)`, \
            `retry.Do(llm.Refresh, …)`) retries the paid calls of that function, of the file or reached in another, as if \
            they were written inline. So does a helper of the project handed the work as a function (`withRetry(() => \
            openai.chat.completions.create(…))`, JavaScript and TypeScript) whose body calls what it is handed in a retry \
            loop, bounded as that loop is (a bound a parameter's default gives, unless the call passes a number). \
            A retry setting the change adds or raises over work it leaves as it was (`retry_on \
            …, attempts: :unlimited` on a job whose `perform` has long called another file's wrapper, `public $tries = 0;`) \
            is reported where it is set: the paid work is old, its unbounded retries are new; so is one a Ruby base class \
            sets (`retry_on` in ApplicationJob, `sidekiq_options` in a base worker) over the paid work of the project's \
            jobs that inherit it.
            """,
        triggering: [
            // Elixir: an Oban worker's job is attempted 20 times unless it sets `max_attempts`.
            DetectorExample("""
                defmodule Notes.Workers.SummarizeWorker do
                ↓  use Oban.Worker, queue: :ai

                  @impl Oban.Worker
                  def perform(%Oban.Job{args: %{"text" => text}}) do
                    OpenaiEx.Chat.Completions.create(OpenaiEx.new(System.fetch_env!("OPENAI_API_KEY")), %{model: "gpt-4o-mini", input: text})
                  end
                end
                """, path: "lib/notes/workers/summarize_worker.ex"),
            DetectorExample("""
                from celery import shared_task
                from openai import OpenAI

                client = OpenAI()

                ↓@shared_task(autoretry_for=(Exception,), max_retries=None, retry_backoff=True)
                def summarize(report_id):
                    text = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": load(report_id)}])
                    save(report_id, text)
                """, path: "app/summaries.py"),
            DetectorExample("""
                from tenacity import retry, wait_exponential
                import anthropic

                client = anthropic.Anthropic()

                ↓@retry(wait=wait_exponential(min=1, max=60))
                def ask(prompt):
                    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])
                """, path: "app/ask.py"),
            DetectorExample("""
                import backoff
                import openai

                ↓@backoff.on_exception(backoff.expo, openai.RateLimitError)
                def embed(text):
                    return openai.embeddings.create(model="text-embedding-3-small", input=text)
                """, path: "app/embed.py"),
            // Laravel's HTTP client attempts the request as often as `retry` says.
            DetectorExample("""
                <?php

                namespace App\\Services;

                use Illuminate\\Support\\Facades\\Http;

                class Summarizer
                {
                    public function summarize(string $text): string
                    {
                        return Http::withToken(config('services.openai.key'))
                            ↓->retry(10, 500)
                            ->post('https://api.openai.com/v1/chat/completions', ['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $text]]])
                            ->json('choices.0.message.content');
                    }
                }
                """, path: "app/Services/Summarizer.php"),
            // The retry package retries forever at `tries=-1`, its default; stamina tries 10 times unless told.
            DetectorExample("""
                from retry import retry
                import anthropic

                client = anthropic.Anthropic()

                ↓@retry(anthropic.APIConnectionError, tries=-1, delay=2)
                def ask(prompt):
                    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])
                """, path: "app/ask.py"),
            DetectorExample("""
                import stamina
                from openai import OpenAI

                client = OpenAI()

                ↓@stamina.retry(on=Exception)
                def embed(text):
                    return client.embeddings.create(model="text-embedding-3-small", input=text)
                """, path: "app/embed.py"),
            DetectorExample("""
                import { Queue } from "bullmq";
                import OpenAI from "openai";

                const openai = new OpenAI();
                export const queue = new Queue("summaries");

                export async function enqueue(id) {
                  await queue.add("summarize", { id }, { ↓attempts: 25, backoff: { type: "exponential", delay: 1000 } });
                }

                export async function summarize(text) {
                  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                }
                """, path: "src/summaries.ts"),
            DetectorExample("""
                class SummarizeWorker
                  ↓include Sidekiq::Job

                  def perform(report_id)
                    client = OpenAI::Client.new
                    client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: Report.find(report_id).body }] })
                  end
                end
                """, path: "app/workers/summarize_worker.rb"),
            DetectorExample("""
                class TranscribeJob < ApplicationJob
                  ↓retry_on Faraday::Error, wait: :polynomially_longer

                  def perform(call)
                    client = OpenAI::Client.new
                    client.audio.transcribe(parameters: { model: "whisper-1", file: call.recording })
                    client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: call.notes }] })
                  end
                end
                """, path: "app/jobs/transcribe_job.rb"),
            DetectorExample("""
                <?php

                namespace App\\Jobs;

                use Illuminate\\Contracts\\Queue\\ShouldQueue;
                use OpenAI\\Laravel\\Facades\\OpenAI;

                class SummarizeDocument implements ShouldQueue
                {
                    ↓public $tries = 25;

                    public function handle(): void
                    {
                        OpenAI::chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'user', 'content' => 'Summarize']]]);
                    }
                }
                """, path: "app/Jobs/SummarizeDocument.php"),
            DetectorExample("""
                using Hangfire;
                using OpenAI.Chat;

                namespace App.Jobs;

                public class SummaryJob
                {
                    private readonly ChatClient _chat = new("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    ↓[AutomaticRetry(Attempts = 20)]
                    public async Task Run(int id)
                    {
                        await _chat.CompleteChatAsync("Summarize " + id);
                    }
                }
                """, path: "Jobs/SummaryJob.cs"),
            // Hangfire's retries set once for every job of the project, above the bound: the enqueued call is retried so.
            DetectorExample("""
                using Hangfire;
                using OpenAI.Chat;

                namespace App.Summaries;

                public static class SummaryQueue
                {
                    public static void Configure() => GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 20 });

                    public static string Enqueue(string text) => ↓BackgroundJob.Enqueue<ChatClient>(chat => chat.CompleteChat("Summarize " + text));
                }
                """, path: "Summaries/SummaryQueue.cs"),
            DetectorExample("""
                from datetime import timedelta

                from openai import AsyncOpenAI
                from temporalio import activity, workflow

                client = AsyncOpenAI()


                @activity.defn
                async def summarize(text: str) -> str:
                    r = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
                    return r.choices[0].message.content


                @workflow.defn
                class DigestWorkflow:
                    @workflow.run
                    async def run(self, text: str) -> str:
                        ↓return await workflow.execute_activity(summarize, text, start_to_close_timeout=timedelta(minutes=1))
                """, path: "app/digest.py"),
            DetectorExample("""
                import pRetry from "p-retry";
                import Anthropic from "@anthropic-ai/sdk";

                const anthropic = new Anthropic();

                export const ask = (prompt) =>
                  ↓pRetry(() => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [{ role: "user", content: prompt }] }));
                """, path: "src/ask.js"),
            // A helper handed its work by name retries that function's paid calls: backoff's default policy
            // stops only after 15 minutes.
            DetectorExample("""
                package summary

                import (
                	"context"

                	"github.com/cenkalti/backoff/v4"
                	openai "github.com/sashabaranov/go-openai"
                )

                func Summarize(ctx context.Context, c *openai.Client, req openai.ChatCompletionRequest) (string, error) {
                	var out string
                	op := func() error {
                		resp, err := c.CreateChatCompletion(ctx, req)
                		if err != nil {
                			return err
                		}
                		out = resp.Choices[0].Message.Content
                		return nil
                	}
                	↓err := backoff.Retry(op, backoff.NewExponentialBackOff())
                	return out, err
                }
                """, path: "internal/summary/summary.go"),
            // tenacity applied by a call to a named function: 8 attempts, above the bound.
            DetectorExample("""
                from openai import OpenAI
                from tenacity import retry, stop_after_attempt

                client = OpenAI()

                def summarize(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])

                ↓summarize_with_retry = retry(stop=stop_after_attempt(8))(summarize)
                """, path: "app/summaries.py"),
            // backoff's decorator applied by a call: 8 tries, above the bound.
            DetectorExample("""
                import backoff
                from openai import OpenAI

                client = OpenAI()

                def call_model(messages):
                    return client.chat.completions.create(model="gpt-4o", messages=messages)

                ↓call_model_with_backoff = backoff.on_exception(backoff.expo, Exception, max_tries=8)(call_model)
                """, path: "app/llm.py"),
            DetectorExample("""
                import time
                import anthropic

                client = anthropic.Anthropic()

                def ask(prompt):
                    ↓while True:
                        try:
                            return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])
                        except anthropic.APIError:
                            time.sleep(2)
                """, path: "app/loop.py"),
            DetectorExample("""
                import time
                import openai

                def ask(prompt):
                    try:
                        return openai.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                    except openai.RateLimitError:
                        time.sleep(20)
                        ↓return ask(prompt)
                """, path: "app/gpt.py"),
            DetectorExample("""
                package llm

                import openai "github.com/sashabaranov/go-openai"

                func Ask(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) openai.ChatCompletionResponse {
                	↓for {
                		resp, err := client.CreateChatCompletion(ctx, req)
                		if err == nil {
                			return resp
                		}
                		time.Sleep(time.Second)
                	}
                }
                """, path: "internal/llm/ask.go"),
            DetectorExample("""
                package llm

                import openai "github.com/sashabaranov/go-openai"

                func Title(ctx context.Context, client *openai.Client, req openai.ChatCompletionRequest) string {
                	var title string
                	done := false
                	↓for !done {
                		resp, err := client.CreateChatCompletion(ctx, req)
                		if err != nil {
                			log.Printf("title: %v", err)
                			continue
                		}
                		title, done = resp.Choices[0].Message.Content, true
                	}
                	return title
                }
                """, path: "internal/llm/title.go"),
            DetectorExample("""
                import OpenAI from "openai";

                export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, ↓maxRetries: 1000, timeout: 600_000 });
                """, path: "src/lib/openai.ts"),
            // litellm's `num_retries` on a Router retries every completion sent through it.
            DetectorExample("""
                from litellm import Router

                ↓router = Router(model_list=[{"model_name": "gpt", "litellm_params": {"model": "gpt-4o-mini"}}], num_retries=8)

                async def ask(prompt: str) -> str:
                    response = await router.acompletion(model="gpt", messages=[{"role": "user", "content": prompt}])
                    return response.choices[0].message.content
                """, path: "app/llm.py"),
            DetectorExample("""
                from anthropic import AsyncAnthropic

                client = AsyncAnthropic(↓max_retries=50)

                async def ask(prompt: str) -> str:
                    message = await client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])
                    return message.content[0].text
                """, path: "app/llm.py"),
            DetectorExample("""
                package llm

                import (
                	"github.com/openai/openai-go"
                	"github.com/openai/openai-go/option"
                )

                var Client = openai.NewClient(option.WithAPIKey(key), ↓option.WithMaxRetries(100))
                """, path: "internal/llm/client.go"),
            DetectorExample("""
                package llm

                import (
                	"bytes"
                	"net/http"

                	"github.com/hashicorp/go-retryablehttp"
                )

                func Complete(body []byte) (*http.Response, error) {
                	client := ↓retryablehttp.NewClient()
                	client.RetryMax = 10
                	req, _ := retryablehttp.NewRequest("POST", "https://api.openai.com/v1/chat/completions", bytes.NewReader(body))
                	return client.Do(req)
                }
                """, path: "internal/llm/client.go"),
            // Two clients made by functions that both call theirs `c`: the request sent with `llm.Do` is retried by the
            // LLM client (7 attempts), not by the relay's.
            DetectorExample("""
                package gateway

                import (
                	"net/http"

                	"github.com/hashicorp/go-retryablehttp"
                )

                var relay = newRelay()
                var llm = newLLM()

                func newRelay() *retryablehttp.Client {
                	c := retryablehttp.NewClient()
                	c.RetryMax = 10
                	return c
                }

                func newLLM() *retryablehttp.Client {
                	c := ↓retryablehttp.NewClient()
                	c.RetryMax = 6
                	return c
                }

                func Complete(body []byte) (*http.Response, error) {
                	req, _ := retryablehttp.NewRequest("POST", "https://api.openai.com/v1/chat/completions", body)
                	return llm.Do(req)
                }
                """, path: "internal/gateway/clients.go"),
            // resty retries a request whose sending failed (a timeout after the provider began) with no retry condition.
            DetectorExample("""
                package llm

                import (
                	"os"

                	"github.com/go-resty/resty/v2"
                )

                var client = resty.New().SetAuthToken(os.Getenv("OPENAI_API_KEY")).↓SetRetryCount(3)

                func Complete(body map[string]any) (*resty.Response, error) {
                	return client.R().SetBody(body).Post("https://api.openai.com/v1/chat/completions")
                }
                """, path: "internal/llm/resty.go"),
            DetectorExample("""
                import os

                import requests
                from requests.adapters import HTTPAdapter
                from urllib3.util.retry import Retry

                session = requests.Session()
                session.mount("https://", HTTPAdapter(max_retries=↓Retry(total=10, backoff_factor=1, status_forcelist=[429, 500, 502, 503], allowed_methods=["POST"])))


                def ask(prompt):
                    return session.post("https://api.anthropic.com/v1/messages", headers={"x-api-key": os.environ["ANTHROPIC_API_KEY"]}, json={"model": "claude-3-5-haiku-latest", "max_tokens": 100, "messages": [{"role": "user", "content": prompt}]})
                """, path: "app/llm_http.py"),
            // A time bound is no attempt bound: two seconds apart, ten minutes allow 300 paid attempts.
            DetectorExample("""
                from openai import OpenAI
                from tenacity import retry, stop_after_delay, wait_fixed

                client = OpenAI()

                ↓@retry(stop=stop_after_delay(600), wait=wait_fixed(2))
                def classify(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                """, path: "app/classify.py"),
            // got retries a POST only when its methods list it; here ten times.
            DetectorExample("""
                import got from "got";

                const openai = got.extend({
                  prefixUrl: "https://api.openai.com/v1",
                  ↓retry: { limit: 10, methods: ["POST"] },
                });

                export const complete = (prompt: string) =>
                  openai.post("chat/completions", { json: { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] } }).json();
                """, path: "src/lib/openai-got.ts"),
            // A .NET named client for OpenAI given a Polly policy a method of the file builds: every request through it
            // is retried eight times.
            DetectorExample("""
                using Polly;
                using Polly.Extensions.Http;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHttpClient("openai", c => c.BaseAddress = new Uri("https://api.openai.com/v1/"))
                    .AddPolicyHandler(GetRetryPolicy());
                builder.Build().Run();

                static IAsyncPolicy<HttpResponseMessage> GetRetryPolicy() =>
                    ↓HttpPolicyExtensions.HandleTransientHttpError().WaitAndRetryAsync(8, n => TimeSpan.FromSeconds(n));
                """, path: "Program.cs"),
            // Spring AI retries every model call of the application as its configuration says.
            DetectorExample("""
                spring:
                  ai:
                    openai:
                      api-key: ${OPENAI_API_KEY}
                    retry:
                ↓      max-attempts: 20
                """, path: "src/main/resources/application.yml"),
            // Ruby's retriable gem runs its block `tries` times.
            DetectorExample("""
                class Summarizer
                  def call(text)
                    client = OpenAI::Client.new
                    ↓Retriable.retriable(tries: 10) do
                      client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
                    end
                  end
                end
                """, path: "app/services/summarizer.rb"),
            // Every library's default is judged by the one bound: the standard resilience handler's 3 retries are 4
            // attempts of each paid request.
            DetectorExample("""
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHttpClient("openai", c => c.BaseAddress = new Uri("https://api.openai.com/v1/"))
                    ↓.AddStandardResilienceHandler();
                builder.Build().Run();
                """, path: "Program.cs"),
            // River: a job's `InsertOpts` giving MaxAttempts above the bound, for the paid work of the file's worker.
            DetectorExample("""
                package jobs

                import (
                	"context"

                	"github.com/openai/openai-go"
                	"github.com/riverqueue/river"
                )

                type SummarizeArgs struct{ Body string }

                func (SummarizeArgs) Kind() string { return "summarize" }

                func (SummarizeArgs) InsertOpts() river.InsertOpts {
                ↓	return river.InsertOpts{Queue: "ai", MaxAttempts: 10}
                }

                type SummarizeWorker struct {
                	river.WorkerDefaults[SummarizeArgs]
                	AI openai.Client
                }

                func (w *SummarizeWorker) Work(ctx context.Context, job *river.Job[SummarizeArgs]) error {
                	_, err := w.AI.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4oMini})
                	return err
                }
                """, path: "internal/jobs/summarize.go"),
            // A new Sidekiq job is reported where it sets its retries, not at `include Sidekiq::Job`.
            DetectorExample("""
                class TagArticleJob
                  include Sidekiq::Job
                ↓  sidekiq_options queue: :ai, retry: 10

                  def perform(article_id)
                    OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: article_id.to_s }] })
                  end
                end
                """, path: "app/sidekiq/tag_article_job.rb"),
            // The project's own retry helper, read from its body: it calls the function it is handed until it succeeds.
            DetectorExample("""
                import OpenAI from "openai";
                import { withRetry } from "./retry";

                const openai = new OpenAI();

                export async function summarize(text: string) {
                ↓  return withRetry(() => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }));
                }
                """, path: "src/summarize.ts",
                alongside: [("src/retry.ts", """
                    export async function withRetry<T>(fn: () => Promise<T>): Promise<T> {
                      for (;;) {
                        try {
                          return await fn();
                        } catch {
                          await new Promise((resolve) => setTimeout(resolve, 1000));
                        }
                      }
                    }
                    """)]),
        ],
        nonTriggering: [
            // A function's own `num_retries` parameter is no litellm setting in a file that does not import litellm.
            DetectorExample("""
                import requests
                from openai import OpenAI

                client = OpenAI()

                def fetch_page(url: str, num_retries: int = 5) -> str:
                    return requests.get(url, timeout=10).text

                def summarize(text: str) -> str:
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content
                """, path: "app/summary.py"),
            // A line holding a retry setting the file already had, edited for another option: same bound, same actor.
            DetectorExample("""
                import dramatiq
                from anthropic import Anthropic

                client = Anthropic()

                @dramatiq.actor(queue_name="summaries", max_retries=3, priority=10)
                def summarize(text):
                    return client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=[{"role": "user", "content": text}])
                """, path: "worker/tasks.py",
                base: """
                import dramatiq
                from anthropic import Anthropic

                client = Anthropic()

                @dramatiq.actor(queue_name="summaries", max_retries=3)
                def summarize(text):
                    return client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=[{"role": "user", "content": text}])
                """),
            // A project retry helper counting its attempts within the bound.
            DetectorExample("""
                import OpenAI from "openai";
                import { withRetry } from "./retry";

                const openai = new OpenAI();

                export async function summarize(text: string) {
                  return withRetry(() => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }));
                }
                """, path: "src/summarize.ts",
                alongside: [("src/retry.ts", """
                    export async function withRetry<T>(fn: () => Promise<T>, retries = 3): Promise<T> {
                      let failure: unknown;
                      for (let attempt = 0; attempt < retries; attempt++) {
                        try {
                          return await fn();
                        } catch (error) {
                          failure = error;
                        }
                      }
                      throw failure;
                    }
                    """)]),
            // River attempts bounded within the bound by the job's `InsertOpts`.
            DetectorExample("""
                package jobs

                import (
                	"context"

                	"github.com/openai/openai-go"
                	"github.com/riverqueue/river"
                )

                type TitleArgs struct{ Body string }

                func (TitleArgs) Kind() string { return "title" }

                func (TitleArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

                type TitleWorker struct {
                	river.WorkerDefaults[TitleArgs]
                	AI openai.Client
                }

                func (w *TitleWorker) Work(ctx context.Context, job *river.Job[TitleArgs]) error {
                	_, err := w.AI.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4oMini})
                	return err
                }
                """, path: "internal/jobs/title.go"),
            // backoff's decorator applied by a call within the bound (3 tries).
            DetectorExample("""
                import backoff
                from openai import OpenAI

                client = OpenAI()

                def call_model(messages):
                    return client.chat.completions.create(model="gpt-4o", messages=messages)

                call_model_with_backoff = backoff.on_exception(backoff.expo, Exception, max_tries=3)(call_model)
                """, path: "app/llm.py"),
            // A named function handed to a retry helper that makes no paid call, beside a paid one retried within the bound.
            DetectorExample("""
                import pRetry from "p-retry";
                import OpenAI from "openai";
                import { db } from "./db";

                const openai = new OpenAI();

                async function saveSummary(id: string, text: string) {
                  await db.summary.upsert({ where: { id }, create: { id, text }, update: { text } });
                }

                export async function summarize(id: string, text: string) {
                  const run = () => openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                  const completion = await pRetry(run, { retries: 2 });
                  await pRetry(saveSummary.bind(null, id, completion.choices[0].message.content ?? ""), { retries: 10 });
                }
                """, path: "src/summarize.ts"),
            // A retrying client of the company's own relay retries none of the OpenAI requests a plain client sends.
            DetectorExample("""
                package notify

                import (
                	"bytes"
                	"net/http"

                	"github.com/hashicorp/go-retryablehttp"
                )

                var relay = retryablehttp.NewClient()

                func Relay(event []byte) (*http.Response, error) {
                	return relay.Post("https://hooks.internal.acme.example/relay", "application/json", event)
                }

                func Summarize(body []byte) (*http.Response, error) {
                	req, _ := http.NewRequest(http.MethodPost, "https://api.openai.com/v1/chat/completions", bytes.NewReader(body))
                	return http.DefaultClient.Do(req)
                }
                """, path: "internal/notify/client.go"),
            // A .NET client for OpenAI with the standard resilience handler lowered to 2 retries (3 attempts), one for
            // Anthropic retried twice, and ten retries of a free service.
            DetectorExample("""
                using Polly;
                using Polly.Extensions.Http;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHttpClient("openai", c => c.BaseAddress = new Uri("https://api.openai.com/v1/"))
                    .AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = 2);
                builder.Services.AddHttpClient("anthropic", c => c.BaseAddress = new Uri("https://api.anthropic.com/v1/"))
                    .AddTransientHttpErrorPolicy(p => p.RetryAsync(2));
                builder.Services.AddHttpClient("inventory", c => c.BaseAddress = new Uri("https://inventory.internal.example.com/"))
                    .AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = 10);
                builder.Build().Run();
                """, path: "Program.cs"),
            // Bounded in attempts, whatever the time bound with them.
            DetectorExample("""
                import backoff
                import openai
                from tenacity import retry, stop_after_attempt, stop_after_delay

                client = openai.OpenAI()

                @retry(stop=(stop_after_attempt(3) | stop_after_delay(30)))
                def classify(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])

                @backoff.on_exception(backoff.expo, openai.APIError, max_tries=3, max_time=60)
                def embed(text):
                    return client.embeddings.create(model="text-embedding-3-small", input=text)
                """, path: "app/bounded_llm.py"),
            // Elixir: an Oban worker attempted 3 times, and Req's default retries (GETs only).
            DetectorExample("""
                defmodule Notes.Workers.SummarizeWorker do
                  use Oban.Worker, queue: :ai, max_attempts: 3

                  @impl Oban.Worker
                  def perform(%Oban.Job{args: %{"text" => text}}) do
                    Req.post!("https://api.openai.com/v1/embeddings", json: %{input: text}, max_retries: 10)
                  end
                end
                """, path: "lib/notes/workers/summarize_worker.ex"),
            // axios-retry retries a POST only on a network error unless a `retryCondition` says more.
            DetectorExample("""
                import axios from "axios";
                import axiosRetry from "axios-retry";

                const api = axios.create({ baseURL: "https://api.openai.com/v1" });
                axiosRetry(api, { retries: 10, retryDelay: axiosRetry.exponentialDelay });

                export async function complete(prompt: string) {
                  const res = await api.post("/chat/completions", { model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
                  return res.data.choices[0].message.content;
                }
                """, path: "src/lib/openai-http.ts"),
            // A Laravel job attempted three times at most: within the default bound.
            DetectorExample("""
                <?php

                namespace App\\Jobs;

                use Illuminate\\Contracts\\Queue\\ShouldQueue;
                use OpenAI\\Laravel\\Facades\\OpenAI;

                class SummarizeDocument implements ShouldQueue
                {
                    public int $tries = 3;

                    public function handle(): void
                    {
                        OpenAI::chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'user', 'content' => 'Summarize']]]);
                    }
                }
                """, path: "app/Jobs/SummarizeDocument.php"),
            // A Hangfire job method retried twice at most (three attempts): within the default bound.
            DetectorExample("""
                using Hangfire;
                using OpenAI.Chat;

                namespace App.Jobs;

                public class SummaryJob
                {
                    private readonly ChatClient _chat = new("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    [AutomaticRetry(Attempts = 2)]
                    public async Task Run(int id)
                    {
                        await _chat.CompleteChatAsync("Summarize " + id);
                    }
                }
                """, path: "Jobs/SummaryJob.cs"),
            // Hangfire's global filter retries every job twice at most (three attempts), and the job sets nothing of its own.
            DetectorExample("""
                using Hangfire;
                using OpenAI.Chat;

                namespace App.Summaries;

                public static class SummaryQueue
                {
                    public static void Configure() => GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 2 });

                    public static string Enqueue(string text) => BackgroundJob.Enqueue<ChatClient>(chat => chat.CompleteChat("Summarize " + text));
                }
                """, path: "Summaries/SummaryQueue.cs"),
            // JobRunr's retries for every job set to two where its job server is configured.
            DetectorExample("""
                package app.summaries;

                import com.openai.client.OpenAIClient;
                import org.jobrunr.configuration.JobRunr;
                import org.jobrunr.jobs.filters.RetryFilter;
                import org.jobrunr.scheduling.BackgroundJob;

                public class SummaryQueue {
                    public static void configure(StorageProvider storage) {
                        JobRunr.configure().useStorageProvider(storage).withJobFilter(new RetryFilter(2)).useBackgroundJobServer().initialize();
                    }

                    public static void enqueue(ChatCompletionCreateParams params) {
                        BackgroundJob.<OpenAIClient>enqueue(client -> client.chat().completions().create(params));
                    }
                }
                """, path: "src/main/java/app/summaries/SummaryQueue.java"),
            DetectorExample("""
                from tenacity import retry, stop_after_attempt
                from openai import OpenAI

                client = OpenAI()

                @retry(stop=stop_after_attempt(3))
                def ask(prompt):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                """, path: "app/ask.py"),
            // Laravel's HTTP client within the bound (three waits: four attempts is above it, so two here), and a
            // retried request to a free host.
            DetectorExample("""
                <?php

                namespace App\\Services;

                use Illuminate\\Support\\Facades\\Http;

                class Summarizer
                {
                    public function summarize(string $text): string
                    {
                        $status = Http::retry(10, 200)->get('https://status.example.com/health');
                        return Http::withToken(config('services.openai.key'))->retry([200, 500])
                            ->post('https://api.openai.com/v1/chat/completions', ['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $text]]])
                            ->json('choices.0.message.content');
                    }
                }
                """, path: "app/Services/Summarizer.php"),
            // The other retry decorators' bounds: the retry package's `tries`, retrying's `stop_max_attempt_number`,
            // stamina's `attempts`.
            DetectorExample("""
                from retry import retry
                import retrying
                import stamina
                import anthropic

                client = anthropic.Anthropic()

                @retry(anthropic.APIConnectionError, tries=3, delay=2, backoff=2)
                def ask(prompt):
                    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])

                @retrying.retry(stop_max_attempt_number=3, wait_exponential_multiplier=1000)
                def title(prompt):
                    return client.messages.create(model="claude-haiku-4-5", max_tokens=32, messages=[{"role": "user", "content": prompt}])

                @stamina.retry(on=anthropic.APIConnectionError, attempts=3)
                def tag(prompt):
                    return client.messages.create(model="claude-haiku-4-5", max_tokens=16, messages=[{"role": "user", "content": prompt}])
                """, path: "app/ask.py"),
            DetectorExample("""
                from celery import shared_task
                from openai import OpenAI

                client = OpenAI()

                @shared_task(autoretry_for=(Exception,), max_retries=2)
                def summarize(report_id):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": load(report_id)}])
                """, path: "app/summaries.py"),
            DetectorExample("""
                class ChargeWorker
                  include Sidekiq::Job
                  sidekiq_options retry: false

                  def perform(order_id)
                    Stripe::PaymentIntent.create({ amount: Order.find(order_id).total, currency: "usd" })
                  end
                end
                """, path: "app/workers/charge_worker.rb"),
            DetectorExample("""
                import stripe
                from tenacity import retry

                @retry
                def charge(order):
                    return stripe.PaymentIntent.create(amount=order.total, currency="usd", idempotency_key=f"order-{order.id}")
                """, path: "app/charge.py"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def ask(prompt):
                    for attempt in range(3):
                        try:
                            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                        except Exception:
                            continue
                """, path: "app/ask.py"),
            DetectorExample("""
                import OpenAI from "openai";

                export const openai = new OpenAI({ maxRetries: 2, timeout: 20_000 });
                const http = axios.create({ maxRetries: 1000 });
                """, path: "src/lib/openai.ts"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI(max_retries=0)
                fast = client.with_options(max_retries=2)
                """, path: "app/llm.py"),
            DetectorExample("""
                from tenacity import retry

                @retry
                def fetch_row(db, row_id):
                    return db.get(row_id)
                """, path: "app/db.py"),
            // A walk over query rows: `continue` on a failed embedding skips that row, it does not call again.
            DetectorExample("""
                package main

                import openai "github.com/sashabaranov/go-openai"

                var client = openai.NewClient(os.Getenv("OPENAI_API_KEY"))

                func embed(text string) ([]float32, error) {
                	resp, err := client.CreateEmbeddings(context.Background(), openai.EmbeddingRequest{Model: openai.SmallEmbedding3, Input: []string{text}})
                	if err != nil {
                		return nil, err
                	}
                	return resp.Data[0].Embedding, nil
                }

                func backfill(db *sql.DB) {
                	rows, _ := db.Query("SELECT id, body FROM articles WHERE embedding IS NULL")
                	defer rows.Close()
                	for rows.Next() {
                		var id int64
                		var body string
                		rows.Scan(&id, &body)
                		vec, err := embed(body)
                		if err != nil {
                			log.Printf("article %d: %v", id, err)
                			continue
                		}
                		save(db, id, vec)
                	}
                }
                """, path: "cmd/backfill/main.go"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def tag_all(cursor):
                    while (row := cursor.fetchone()) is not None:
                        try:
                            tags = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": row.body}])
                        except Exception:
                            continue
                        save(row.id, tags)
                """, path: "app/tagging.py"),
            DetectorExample("""
                import time
                from openai import OpenAI

                client = OpenAI()

                def ask(prompt: str, max_retries: int = 3):
                    for attempt in range(max_retries):
                        try:
                            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                        except Exception:
                            time.sleep(2 ** attempt)

                def ask_again(prompt):
                    attempts = 0
                    while True:
                        try:
                            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                        except Exception:
                            attempts += 1
                            if attempts >= 3:
                                raise
                            time.sleep(1)
                """, path: "app/bounded.py"),
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export async function ask(prompt: string, options: { maxRetries?: number } = {}) {
                  const maxRetries = options.maxRetries ?? 3;
                  for (let attempt = 0; attempt < maxRetries; attempt++) {
                    try {
                      return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                    } catch (error) {
                      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
                    }
                  }
                }
                """, path: "src/lib/ask.ts"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        if let settings = springAIRetrySettings(file, context: context) { return settings }
        let analysis = FileAnalysis.of(file, context: context)
        // Work a queue runs (a worker whose processor, maybe imported, reaches a paid call; an enqueued job) is
        // retried by the queue's attempts like a paid call written here.
        let reached = ReachCalls.of(file, context: context)
        let background = reached.calls.filter { $0.paid.background != nil }
        // Calls of wrappers in other files (`summarize(text)` in a Celery task) retry the paid call they reach:
        // within a retry construct's scope, or anywhere in a file that is background work itself.
        let wholeFile = reached.jobContext != nil ? reached.calls : background
        // A retry setting the change adds to work it leaves as it was (`retry_on …, attempts: :unlimited` on a job
        // whose `perform` has long called another file's wrapper) retries paid calls the change does not add, which
        // ReachCalls does not ask about: such a file is read for its constructs all the same.
        let mayRetryUnchangedCalls = analysis.sites.isEmpty && reached.calls.isEmpty && context.code != nil
            && reached.facts?.calls.contains { !file.adds($0.line) } == true
        // So does one a Ruby base class sets (`retry_on …` in ApplicationJob, `sidekiq_options retry: 50` in a base
        // worker): it retries the paid work of the project's jobs that inherit it.
        let mayRetrySubclassWork = analysis.sites.isEmpty && reached.calls.isEmpty && context.code != nil
            && file.language == .ruby && Self.rubyRetrySettings.contains { ByteSearch.containsFolded(file.bytes, $0) }
        guard let lexed = analysis.lexed ?? (reached.calls.isEmpty && !mayRetryUnchangedCalls ? nil : reached.lexed)
            ?? (mayRetrySubclassWork ? reached.lexed ?? Lexer.lex(file.bytes, language: .ruby) : nil)
        else {
            return retriedQueuesWorkedElsewhere(file, context: context, lexed: nil)
                + retriedTypedHttpClients(file, context: context, lexed: nil)
        }
        var findings: [Finding] = []
        var reported = Set<Int>()
        // A client's own retry setting applies to every call made through it, wherever those calls are.
        var clientSettings = ClientRetrySettings(lexed: lexed, catalogue: context.catalogue)
        if let code = context.code {
            let constants = ImportedConstants(code: code, lexed: lexed, path: file.path, catalogue: context.catalogue)
            clientSettings.importedInteger = { constants.integer($0) }
        }
        for site in analysis.sites where site.kind == .sdk { clientSettings.paidCallRoots[site.token] = site.provider }
        for retry in clientSettings.all()
        where file.adds(retry.line) && RetryBound.exceeded(attempts: retry.attempts, bound: context.retryBound)
            && reported.insert(retry.line).inserted {
            let bound = retry.attempts.map { "up to \($0) attempts" } ?? "no attempt bound"
            findings.append(.paid(
                // Line-level like the detector's other findings (a retry loop has no single column).
                description, file: file, line: retry.line, column: nil,
                message: retry.retriesOneCall
                    ? "\(retry.provider) call retried by its SDK with \(bound) (\(retry.setting))"
                    : "\(retry.provider) client retries every paid call with \(bound) (\(retry.setting))",
                provider: retry.provider, evidence: retry.setting))
        }
        guard !analysis.sites.isEmpty || !reached.calls.isEmpty || mayRetryUnchangedCalls || mayRetrySubclassWork else {
            return findings + retriedQueuesWorkedElsewhere(file, context: context, lexed: lexed)
                + retriedTypedHttpClients(file, context: context, lexed: lexed)
        }
        var scanner = RetryScanner(lexed: lexed, bound: context.retryBound)
        // Settings made once for a whole project, read from the head tree (without one, from this file alone).
        scanner.projectJobRetries = { library in
            let code = context.codeIndex(for: file)
            switch library {
            case "Hangfire": return code.hangfireGlobalRetries()
            case "Trigger.dev": return code.triggerDevDefaultAttempts()
            case "arq": return code.arqWorkerMaxTries()
            default: return code.jobRunrDefaultRetries()
            }
        }
        scanner.laravelWorkerAttempts = { context.codeIndex(for: file).laravelWorkerAttempts() }
        if let code = context.code { scanner.messengerMaxRetries = { MessengerDefaults.maxRetries(in: code.project) } }
        scanner.resilience4jAttempts = { context.codeIndex(for: file).resilience4jRetryAttempts(instance: $0) }
        if let code = context.code, file.path.hasSuffix(".cs") {
            scanner.csharpMethodsNamed = { name, container in
                code.csharpMethods(named: name, in: container).map { RetryScanner.JobMethod(lexed: $0.lexed, method: $0.method, container: nil) }
            }
        }
        if let code = context.code, let facts = reached.facts {
            scanner.paidProviderOfClass = { code.paidProvider(ofClass: $0, seenFrom: facts) }
            scanner.classNamed = { name in
                code.classDeclaration(named: name, seenFrom: facts, lexed: lexed).map { ($0.lexed, $0.container.tokens) }
            }
            scanner.sidekiqDefaultRetries = { SidekiqDefaults.retries(in: code.project) }
            scanner.activeJobRunsOnSidekiq = { SidekiqDefaults.runsActiveJob(in: code.project) }
            scanner.bullQueueDefaultAttempts = { code.bullQueueDefaultAttempts(forQueue: $0) }
            scanner.bullQueueNameAt = { [lexed] in code.bullQueueName(at: $0, in: lexed, path: file.path) }
            if file.language == .go {
                scanner.goPackageRetryingClients = { [bound = context.retryBound] in
                    code.goPackageSiblings(of: file.path).flatMap { path -> [(path: String, construct: RetryConstruct)] in
                        guard let bytes = code.project.contents(of: path), ByteSearch.containsFolded(bytes, Self.retryableHTTPNewClient),
                              let other = code.lexedFile(path)
                        else { return [] }
                        return RetryScanner(lexed: other, bound: bound).retryableHTTPClientsMade().map { (path, $0) }
                    }
                }
            }
            scanner.path = file.path
            let paidTokens = (analysis.sites.map(\.token) + analysis.indirectCalls.map(\.token) + reached.calls.map(\.call.token)).sorted()
            if file.language == .python, !paidTokens.isEmpty {
                scanner.arqRetryHelperCalled = { [path = file.path] span in
                    RetryScanner.arqRetryHelper(calledIn: span, facts: facts, code: code, paidTokens: paidTokens, path: path)
                }
            }
            if file.language?.isJavaScriptLike == true {
                scanner.projectRetryHelperCalls = { [lexed] in
                    ProjectRetryHelpers.constructs(lexed: lexed, facts: facts, code: code, paidTokens: paidTokens)
                }
            }
            scanner.enqueuedJobMethods = { token in
                guard let call = facts.calls.first(where: { $0.token == token }) else { return [] }
                return code.reach(of: call, in: facts).targets.compactMap { symbol in
                    guard let lexed = code.lexedFile(symbol.path) else { return nil }
                    let container = code.facts(of: symbol.path)?.containers.first { container in
                        container.name == symbol.definition.container && container.tokens.contains(symbol.definition.tokens.lowerBound)
                    }
                    return RetryScanner.JobMethod(lexed: lexed, method: symbol.definition.tokens, container: container?.tokens)
                }
            }
            scanner.asynqRetriesSetInProject = {
                code.project.configuration("asynq-max-retry") { () -> Bool in
                    let option = Array("maxretry(".utf8)
                    return code.project.paths.contains { path in
                        path.hasSuffix(".go") && code.project.contents(of: path).map { ByteSearch.containsFolded($0, option) } == true
                    }
                }
            }
            scanner.riverAttemptsSetInProject = {
                code.project.configuration("river-max-attempts") { () -> Bool in
                    let option = Array("maxattempts:".utf8)
                    return code.project.paths.contains { path in
                        path.hasSuffix(".go") && code.project.contents(of: path).map {
                            ByteSearch.containsFolded($0, option) && ByteSearch.containsFolded($0, RetryScanner.riverWord)
                        } == true
                    }
                }
            }
        }
        // The base's constructs, read once and only when a construct's setting line is edited.
        var retriesBefore: RetrySettingsBefore??
        for construct in scanner.constructs() {
            guard RetryBound.exceeded(attempts: construct.attempts, bound: context.retryBound) else { continue }
            // Each retried paid call, and whether it is new (one the change only edits was retried before).
            let before = { PreexistingPaidSites.of(file, context: context) }
            let paths: [(Int, provider: String, isNew: () -> Bool)] = construct.scope.map { _ in
                analysis.sites.filter { construct.retries(tokenAt: $0.token) }.map { site in (site.line, site.provider, { !before().contains(site) }) }
                    + analysis.indirectCalls.filter { construct.retries(tokenAt: $0.token) }.map { call in
                        (call.line, call.site.provider, {
                            !before().containsCall(at: call.token, reaching: call.site.provider, leaf: call.site.evidence)
                        })
                    }
                    + reached.calls.filter { construct.retries(tokenAt: $0.call.token) }.map { call in
                        (call.call.line, call.paid.provider, { !before().contains(call) })
                    }
            } ?? (analysis.sites.filter { site in
                (!construct.retriesHTTPRequestsOnly || site.kind == .http) && scanner.retries(construct, requestAt: site.token)
            }.map { site in (site.line, site.provider, { !before().contains(site) }) }
                // Calls of other files' functions send nothing through a client the construct names.
                + (construct.retriesHTTPRequestsOnly || construct.client != nil ? []
                    : wholeFile.map { call in (call.call.line, call.paid.provider, { !before().contains(call) }) }))
            guard let first = paths.first.map({ (line: $0.0, provider: $0.provider) })
                ?? construct.paidWorkElsewhere.map({ (line: construct.line, provider: $0) })
                ?? unchangedCallReachingPaid(retriedBy: construct, in: file, reached: reached, context: context)
                ?? subclassPaidWork(retriedBy: construct, in: file, lexed: lexed, context: context)
            else { continue }
            let scope = construct.scope ?? 0...(lexed.tokens.count - 1)
            if lexed.guardsIdempotency(in: scope) || construct.namedWork.contains(where: lexed.guardsIdempotency(in:)) { continue }
            // A setting line the change edits reports the retries only when they are new: the same bound on the same
            // work before the change (another option added beside it) is risk the code already had.
            let settingLine = file.adds(construct.line) ? construct.line : construct.settingLines.first(where: file.adds)
            let editedSetting = settingLine.flatMap { line -> Int? in
                if retriesBefore == nil { retriesBefore = .some(RetrySettingsBefore.of(file, language: lexed.language, scanner: scanner)) }
                return retriesBefore??.held(construct, in: lexed) == true ? nil : line
            }
            let line = editedSetting ?? paths.filter { file.adds($0.0) && $0.isNew() }.map(\.0).min()
            guard let line, !reported.contains(line) else { continue }
            reported.insert(line)
            let bound = construct.boundDescription
            findings.append(.paid(
                description, file: file, line: line, column: nil,
                message: "paid work (\(first.provider)) retried by \(construct.kind) with \(bound) and no idempotency key",
                provider: first.provider, evidence: construct.kind))
            if let setting = construct.settingElsewhere {
                file.memo.value(for: ObjectIdentifier(RetrySettingsReportedElsewhere.self)) { RetrySettingsReportedElsewhere() }
                    .insert(setting)
            }
        }
        return findings
    }
}

/// The settings of another file a file's findings already report (the worker of a BullMQ queue, retried by the
/// queue's `attempts` set in `queues.ts`), kept with the file for `RetrySettingsReportedOnce`.
final class RetrySettingsReportedElsewhere: @unchecked Sendable {
    private let lock = NSLock()
    private var sites: Set<FindingSite> = []

    func insert(_ site: FindingSite) { lock.withLock { _ = sites.insert(site) } }
    var all: Set<FindingSite> { lock.withLock { sites } }
}

/// One retry hazard, one finding: a change adding a BullMQ queue's attempts and a worker of that queue is reported
/// on the worker (whose finding names the queue's setting), not a second time on the setting.
public struct RetrySettingsReportedOnce: ChangeAnalyzer {
    private var reported: Set<FindingSite> = []

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        reported.formUnion(file.memo.value(for: ObjectIdentifier(RetrySettingsReportedElsewhere.self)) {
            RetrySettingsReportedElsewhere()
        }.all)
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        ChangeAnalysisResult(replaced: reported)
    }
}

extension PaidRetryDetector {
    /// The first call the change leaves as it was, within a scoped retry construct whose own line or setting the
    /// change adds, that reaches a paid call (in another file, as ReachCalls resolves it), with that call's provider:
    /// the retries are new though the paid work is not. Nil when the construct is not the change's, or retries none.
    private func unchangedCallReachingPaid(
        retriedBy construct: RetryConstruct, in file: SourceFile, reached: ReachCalls, context: DetectionContext
    ) -> (line: Int, provider: String)? {
        guard let scope = construct.scope, file.adds(construct.line) || construct.settingLines.contains(where: file.adds),
              let code = context.code, let facts = reached.facts
        else { return nil }
        for call in facts.calls where construct.retries(tokenAt: call.token) && !file.adds(call.line) && scope.contains(call.token) {
            if let paid = code.reach(of: call, in: facts).paid.first { return (call.line, paid.provider) }
        }
        return nil
    }

    /// The words that set a Ruby job class's retries (ActiveJob's `retry_on`, Sidekiq's `sidekiq_options`).
    private static let rubyRetrySettings = ["retry_on", "sidekiq_options"].map { Array($0.utf8) }

    /// The paid work of the project's Ruby classes that inherit the class a retry construct the change adds is
    /// declared in (`retry_on StandardError, attempts: :unlimited` added to ApplicationJob retries `SummarizeJob <
    /// ApplicationJob`, whose `perform` calls OpenAI), reported at the construct: the first subclass with a paid call
    /// of its own, or a call reaching one in another file. Nil when the construct is not the change's or no subclass
    /// does paid work.
    private func subclassPaidWork(
        retriedBy construct: RetryConstruct, in file: SourceFile, lexed: LexedSource, context: DetectionContext
    ) -> (line: Int, provider: String)? {
        guard file.language == .ruby, let scope = construct.scope,
              file.adds(construct.line) || construct.settingLines.contains(where: file.adds), let code = context.code,
              let keyword = scope.first(where: { lexed.token($0, is: "class") }), lexed.tokens.indices.contains(keyword + 1),
              lexed.tokens[keyword + 1].kind == .identifier
        else { return nil }
        // `class Jobs::Base`: the last segment is the name subclasses write last.
        var name = keyword + 1
        while lexed.token(name + 1, isPunctuation: Byte.colon), lexed.token(name + 2, isPunctuation: Byte.colon),
              lexed.tokens.indices.contains(name + 3), lexed.tokens[name + 3].kind == .identifier
        {
            name += 3
        }
        for (facts, container) in code.rubySubclasses(of: lexed.text(name)) where facts.path != file.path {
            if let leaf = facts.paidLeaves.first(where: { container.tokens.contains($0.token) }) {
                return (construct.line, leaf.provider)
            }
            for call in facts.calls where container.tokens.contains(call.token) {
                if let paid = code.reach(of: call, in: facts).paid.first { return (construct.line, paid.provider) }
            }
        }
        return nil
    }

    /// A file without paid work of its own that sets a queue's attempts above the bound, when a worker of that queue
    /// elsewhere in the project does paid work: `defaultJobOptions: { attempts: 25 }` in `queues.ts`, the worker's
    /// OpenAI calls in `workers/summaries.ts`.
    private static let bull = Array("bull".utf8), attempts = Array("attempts".utf8)
    static let retryableHTTPNewClient = Array("retryablehttp.newclient(".utf8)

    private func retriedQueuesWorkedElsewhere(_ file: SourceFile, context: DetectionContext, lexed: LexedSource?) -> [Finding] {
        // Asked of every JavaScript file without paid work: only the imports at its top are read before the file is
        // known to use Bull or BullMQ (`import { Queue } from "bullmq"`).
        guard let code = context.code, let language = file.language, language.isJavaScriptLike,
              ByteSearch.containsFolded(file.bytes, Self.bull, within: 2_048), ByteSearch.containsFolded(file.bytes, Self.attempts)
        else { return [] }
        var scanner = RetryScanner(lexed: lexed ?? Lexer.lex(file.bytes, language: language), bound: context.retryBound)
        scanner.bullQueueNameAt = { [lexed = scanner.lexed] in code.bullQueueName(at: $0, in: lexed, path: file.path) }
        var findings: [Finding] = []
        var reported = Set<Int>()
        for queued in scanner.namedQueueAttempts()
        where RetryBound.exceeded(attempts: queued.attempts, bound: context.retryBound) && file.adds(queued.line) && !reported.contains(queued.line) {
            guard let provider = code.paidWorkerProvider(forQueue: queued.queue) else { continue }
            reported.insert(queued.line)
            findings.append(.paid(
                description, file: file, line: queued.line, column: nil,
                message: "paid work (\(provider)) of queue \"\(queued.queue)\"'s worker retried by BullMQ attempts with up to "
                    + "\(queued.attempts) attempts and no idempotency key",
                provider: provider, evidence: "queue attempts"))
        }
        return findings
    }
}

/// A retry mechanism found in code: where it is, what it retries, and how many attempts it allows.
extension RetryConstruct {
    /// How many attempts the retries allow, for the message: "up to 5 attempts", "no attempt bound", or the setting as
    /// written when it is not a number.
    var boundDescription: String {
        if let attempts { return "up to \(attempts) attempts" }
        guard let written = attemptsAsWritten else { return "no attempt bound" }
        if written.hasSuffix("::INFINITY") { return "no attempt bound (attempts: \(written))" }
        return "attempts: \(written) (a value gate cannot read; taken as no bound)"
    }
}

struct RetryConstruct {
    var kind: String
    var line: Int
    /// Tokens of the retried work; nil when the retried work is elsewhere (a queue option applies file-wide).
    var scope: ClosedRange<Int>?
    /// Attempts allowed; nil when unbounded (or set by a value gate cannot read, which counts as unbounded).
    var attempts: Int?
    /// The attempts setting as written when it is no number (`Float::INFINITY`, `MAX_ATTEMPTS` from another file):
    /// the message quotes it rather than a default that does not apply.
    var attemptsAsWritten: String? = nil
    /// Lines that set the attempts apart from `line` (`sidekiq_options retry: 25` under `include Sidekiq::Job`):
    /// a change to one of them alone changes what the retries cost.
    var settingLines: [Int] = []
    /// Where another file sets the attempts (a BullMQ queue's `defaultJobOptions` for a worker of the queue).
    var settingElsewhere: FindingSite?
    /// The provider of paid work done elsewhere that the construct retries (a .NET typed HttpClient's class posting to
    /// OpenAI from another file), when its scope holds none of the file's own.
    var paidWorkElsewhere: String?
    /// The construct retries the HTTP requests an HTTP client of the file sends (axios-retry, urllib3's `Retry`), not
    /// the calls a provider's SDK makes through its own client: without a scope, only the file's paid HTTP requests.
    var retriesHTTPRequestsOnly = false
    /// The name of the client the retries are given to (`api` of `axiosRetry(api, …)`, the session a urllib3 `Retry`
    /// is mounted on): of the file's paid requests, only those sent through it are retried. Nil when the file
    /// does not say which client it is.
    var client: String? = nil
    /// Other names the file gives the same client (`relay` of `relay := newRelayClient()`, the `http.Client` its
    /// `StandardClient()` returns).
    var clientAliases: [String] = []
    /// The package whose own request constructor makes requests only its retrying clients send
    /// (`retryablehttp.NewRequest(…)`): a paid request built so is retried whichever name sends it.
    var requestsBuiltBy: String? = nil
    /// The names of the file's other clients of the same library: a request built by `requestsBuiltBy`'s constructor
    /// but sent through one of them (`llm.Do(req)` beside `relay`) is theirs to retry.
    var otherClients: [String] = []
    /// The functions the construct is handed by name (`backoff.Retry(op, b)` after `op := func() error { … }`,
    /// `pRetry(run, …)`): retried as its scope is.
    var namedWork: [ClosedRange<Int>] = []

    /// Whether the token at `index` is part of the retried work: in the scope or a function handed to it by name.
    func retries(tokenAt index: Int) -> Bool {
        scope?.contains(index) == true || namedWork.contains { $0.contains(index) }
    }
}

/// Finds retry mechanisms per language.
struct RetryScanner {
    let lexed: LexedSource
    let bound: Int
    /// A class or module the file names, declared in it or in another project file (a Celery task's `base=`, a
    /// Sidekiq worker's mixin or superclass): the declaring file and the class's tokens. Nothing without a code index.
    var classNamed: (String) -> (lexed: LexedSource, body: ClosedRange<Int>)? = { _ in nil }
    /// The retries Sidekiq gives a worker that sets none: 25, unless the project's `Sidekiq.default_job_options` says.
    var sidekiqDefaultRetries: () -> Int = { 25 }
    /// Whether the project runs ActiveJob on Sidekiq (`config.active_job.queue_adapter = :sidekiq`): a job failing
    /// past its `retry_on` (or with none) is then retried by Sidekiq, as its worker would be.
    var activeJobRunsOnSidekiq: () -> Bool = { false }
    /// Whether a Go file of the project gives asynq tasks a `MaxRetry`.
    var asynqRetriesSetInProject: () -> Bool = { false }
    /// Whether a Go file of the project using River gives its jobs or client a `MaxAttempts`.
    var riverAttemptsSetInProject: () -> Bool = { false }
    /// Where the project makes a BullMQ queue with default attempts (`new Queue("q", { defaultJobOptions: { attempts:
    /// 10 } })`), by the queue's name: its workers' jobs are retried so.
    var bullQueueDefaultAttempts: (String) -> (path: String, line: Int, attempts: Int)? = { _ in nil }
    /// The name of the BullMQ queue the argument at a token names: its string, or with a code index the string a
    /// constant there stands for (`new Worker(SUMMARIZE_QUEUE, …)`, `new Queue(QUEUE_NAMES.summarize, …)`).
    var bullQueueNameAt: ((Int) -> String?)?
    /// The go-retryablehttp clients the other files of a Go file's package make, with their files. Nothing without a
    /// code index.
    var goPackageRetryingClients: () -> [(path: String, construct: RetryConstruct)] = { [] }
    /// The path of the file scanned, so a queue made in it is left to its own `attempts` construct.
    var path = ""
    /// The methods the call at a token of the file may run as a job (JobRunr, Hangfire: JobRunnerRetries.swift).
    /// Nothing without a code index.
    var enqueuedJobMethods: (Int) -> [JobMethod] = { _ in [] }
    /// The retries a project gives every job of a library (`JobRunr`, `Hangfire`, `Trigger.dev`) that sets none itself; nil when it
    /// sets none.
    var projectJobRetries: (String) -> ProjectJobRetries? = { _ in nil }
    /// The attempts the project's Laravel queue workers give a job that sets none; nil when no worker says.
    var laravelWorkerAttempts: () -> ProjectJobRetries? = { nil }
    /// The retries Symfony Messenger's transports give a failed message: the project's largest `max_retries`, else 3.
    var messengerMaxRetries: () -> (retries: Int, setting: String) = { MessengerDefaults.unset }
    /// The attempts the project's configuration gives a resilience4j retry instance, by its name; nil when it sets none.
    var resilience4jAttempts: (String) -> ProjectJobRetries? = { _ in nil }
    /// The C# methods of the project named so, in `container` when one is given (`RetryPolicies.OpenAI`, an extension
    /// method `AddOpenAIResilience`): where a Polly policy or a retrying handler an HttpClient is given may be built.
    /// Nothing without a code index.
    var csharpMethodsNamed: (_ name: String, _ container: String?) -> [JobMethod] = { _, _ in [] }
    /// The provider whose paid API a class the file names calls (a .NET typed HttpClient); nil when it calls none.
    /// Nothing without a code index.
    var paidProviderOfClass: (String) -> String? = { _ in nil }
    /// The calls of the file handing paid work to a retry helper of the project (`ProjectRetryHelpers`). Nothing
    /// without a code index.
    var projectRetryHelperCalls: () -> [RetryConstruct] = { [] }
    /// The function of another project file raising arq's `Retry` that a function of the file (its tokens) calls
    /// (`ArqRetries.swift`). Nil without a code index.
    var arqRetryHelperCalled: ((ClosedRange<Int>) -> ArqRetryHelper?)?

    func constructs() -> [RetryConstruct] {
        var result = handWrittenLoops() + recursiveRetries() + temporalRetries() + jobRunnerRetries() + inngestRetries()
            + httpClientRetries() + httpClientFactoryRetries() + rubyAndPHPRetryLibraries()
        switch lexed.language.family {
        case .python: result += pythonDecorators() + pythonRetryCalls() + airflowRetries() + rqRetries() + arqRetries()
        case .ruby: result += rubyRetries()
        case .elixir: result += elixirRetries()
        case .cLike:
            result += cLikeRetries() + bullWorkersOfRetriedQueues() + triggerDevRetries() + reactiveRetries() + projectRetryHelperCalls()
        }
        // A helper handed its work by name retries that function's calls as it retries those written in its arguments.
        for index in result.indices {
            if let scope = result[index].scope { result[index].namedWork = namedWork(inArguments: scope) }
        }
        return result
    }

    /// BullMQ workers (`new Worker("summaries", …)`) of a queue another file makes with default attempts: the
    /// processor's paid work runs that often. Read only in files that name a Worker and BullMQ.
    private func bullWorkersOfRetriedQueues() -> [RetryConstruct] {
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, RetryScanner.workerWord),
              ByteSearch.containsFolded(lexed.bytes, RetryScanner.bullWord)
        else { return [] }
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "Worker") && lexed.token(index - 1, is: "new")
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            guard let queue = queueName(at: index + 2), let set = bullQueueDefaultAttempts(queue), set.path != path else { continue }
            result.append(RetryConstruct(
                kind: "BullMQ attempts of queue \"\(queue)\" (\(set.path):\(set.line))", line: lexed.tokens[index].line,
                scope: index...lexed.partner[index + 1], attempts: set.attempts,
                settingElsewhere: FindingSite(rule: "paid-retry", path: set.path, line: set.line)))
        }
        return result
    }

    private static let workerWord = Array("worker".utf8), bullWord = Array("bull".utf8)

    // MARK: Python

    private func pythonDecorators() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            var cursor = block.headerStart
            while cursor < block.openToken {
                guard lexed.token(cursor, isPunctuation: Byte.at) else { cursor += 1; continue }
                // The decorator's dotted name and its argument group.
                var nameEnd = cursor + 1
                while nameEnd < block.openToken,
                      lexed.tokens[nameEnd].kind == .identifier || lexed.token(nameEnd, isPunctuation: Byte.dot)
                {
                    nameEnd += 1
                }
                let last = nameEnd - 1
                let arguments: ClosedRange<Int>? = lexed.token(nameEnd, isPunctuation: Byte.openParen)
                    && lexed.partner[nameEnd] > nameEnd ? nameEnd...lexed.partner[nameEnd] : nil
                let line = lexed.tokens[cursor].line
                let scope = lexed.span(of: index)
                if lexed.token(last, is: "retry") {
                    if let construct = retryDecorator(library: retryLibrary(first: cursor + 1, last: last), arguments: arguments,
                                                      line: line, scope: scope)
                    {
                        result.append(construct)
                    }
                } else if lexed.token(last, is: "on_exception") || lexed.token(last, is: "on_predicate") {
                    if let construct = backoffDecorator(last, arguments: arguments, line: line, scope: scope) { result.append(construct) }
                } else if lexed.token(last, is: "task") || lexed.token(last, is: "shared_task") || lexed.token(last, is: "flow")
                            || lexed.token(last, is: "op") || lexed.token(last, is: "asset")
                {
                    // A base class of the same file can set the retries for its tasks (`@app.task(base=LLMTask)` under
                    // `class LLMTask(Task): autoretry_for = (Exception,); max_retries = 5`).
                    let base = arguments.flatMap { keyword("base", in: $0) }.flatMap { taskBaseClass(named: $0) }
                    let autoretry = arguments.flatMap { keyword("autoretry_for", in: $0) } != nil
                        || base.map { $0.scanner.keyword("autoretry_for", in: $0.body) != nil } ?? false
                    let selfRetry = lexed.anyToken(in: scope, contains: "self.retry") || containsCall("retry", in: scope)
                    guard autoretry || selfRetry, !lexed.token(last, is: "flow"), !lexed.token(last, is: "op"),
                          !lexed.token(last, is: "asset")
                    else {
                        // Prefect `@task(retries=N)` / `@flow(retries=N)`, Airflow's `@task(retries=N)`, Dagster's
                        // `retry_policy=RetryPolicy(max_retries=N)`: N retries after the first run. A count the file
                        // does not give (`retries=settings.RETRIES`) is left alone, not taken for unbounded.
                        // A Celery task's `max_retries=N` without `autoretry_for` or a `self.retry(…)` only bounds
                        // retries nobody asks for: Celery never retries by itself. So `max_retries` counts only for
                        // Dagster (`RetryPolicy(max_retries=N)` on an op or asset) and Prefect 1, whose
                        // `@task(max_retries=N, retry_delay=…)` must name a delay (Celery's is `default_retry_delay`).
                        let countsMaxRetries = lexed.token(last, is: "op") || lexed.token(last, is: "asset")
                            || (lexed.token(last, is: "task") && arguments.flatMap { keyword("retry_delay", in: $0) } != nil)
                        if let arguments, !lexed.token(last, is: "shared_task"),
                           let count = keyword("retries", in: arguments)
                               ?? (countsMaxRetries ? keyword("max_retries", in: arguments) : nil),
                           let retries = lexed.integer(count) ?? lexed.constantInteger(count)
                        {
                            result.append(RetryConstruct(
                                kind: "\(lexed.text(last)) retries", line: line, scope: scope, attempts: retries + 1))
                        }
                        cursor = nameEnd
                        continue
                    }
                    let retries = arguments.flatMap { keyword("max_retries", in: $0) } == nil
                        ? base.map { $0.scanner.maxRetries(nil, orIn: $0.body, default: 3) }
                            ?? maxRetries(arguments, orIn: scope, default: 3)
                        : maxRetries(arguments, orIn: scope, default: 3)
                    result.append(RetryConstruct(
                        kind: "Celery task retries", line: line, scope: scope, attempts: retries.map { $0 + 1 }))
                } else if lexed.token(last, is: "actor") {
                    result.append(RetryConstruct(
                        kind: "Dramatiq actor retries", line: line, scope: scope,
                        attempts: maxRetries(arguments, default: 20).map { $0 + 1 }))
                }
                cursor = nameEnd
            }
        }
        return result
    }

    /// The class token `name` names (a Celery task's `base=`) with a scanner of the file declaring it: this file's
    /// class of that name, else another project file's.
    private func taskBaseClass(named name: Int) -> (scanner: RetryScanner, body: ClosedRange<Int>)? {
        guard lexed.tokens[name].kind == .identifier else { return nil }
        let spelled = lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end]
        // A Python class block opens at its `class` keyword, its name the next token.
        for (index, block) in lexed.blocks.enumerated()
        where block.kind == .container && lexed.token(block.openToken, is: "class") && block.openToken + 1 < lexed.tokens.count {
            let declared = lexed.tokens[block.openToken + 1]
            guard declared.kind == .identifier, lexed.bytes[declared.start..<declared.end].elementsEqual(spelled) else { continue }
            return (self, lexed.span(of: index))
        }
        return declared(lexed.text(name))
    }

    /// A class of another file, with a scanner of that file to read its settings.
    private func declared(_ name: String) -> (scanner: RetryScanner, body: ClosedRange<Int>)? {
        classNamed(name).map { (RetryScanner(lexed: $0.lexed, bound: bound), $0.body) }
    }

    private static let rqRetry = Array("retry(".utf8)

    /// RQ: work enqueued with `retry=Retry(max=N)` (`queue.enqueue(summarize, doc_id, retry=Retry(max=10))`, also
    /// `enqueue_call`, `enqueue_in`, `enqueue_at`) is run up to N more times when it fails; the enqueued work is what the
    /// enqueue call reaches. RQ retries nothing it is not told to.
    private func rqRetries() -> [RetryConstruct] {
        guard ByteSearch.containsFolded(lexed.bytes, RetryScanner.rqRetry) else { return [] }
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "Retry") {
            let open = index + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open,
                  lexed.token(index - 1, isPunctuation: Byte.equals), lexed.token(index - 2, is: "retry"),
                  let arguments = enclosingArguments(of: index), arguments.lowerBound >= 1,
                  WorkQueues.enqueueFunctions.contains(lexed.text(arguments.lowerBound - 1)),
                  let maximum = keyword("max", in: open...lexed.partner[open]),
                  let retries = lexed.integer(maximum) ?? lexed.constantInteger(maximum)
            else { continue }
            result.append(RetryConstruct(
                kind: "RQ Retry", line: lexed.tokens[index].line, scope: (arguments.lowerBound - 1)...arguments.upperBound,
                attempts: retries + 1))
        }
        return result
    }

    /// Airflow: an operator's `retries=N` retries its `python_callable`; `default_args={"retries": N}` every task of
    /// the DAG file (file-wide).
    private func airflowRetries() -> [RetryConstruct] {
        guard ByteSearch.containsFolded(lexed.bytes, RetryScanner.airflow) else { return [] }
        var result: [RetryConstruct] = []
        let tokens = lexed.tokens
        for index in tokens.indices {
            if lexed.token(index, is: "retries"), lexed.token(index + 1, isPunctuation: Byte.equals),
               let retries = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2),
               let arguments = enclosingArguments(of: index), let callable = keyword("python_callable", in: arguments),
               tokens[callable].kind == .identifier,
               let function = lexed.blocks.indices.first(where: { block in
                   lexed.blocks[block].kind == .function && lexed.blocks[block].nameRange.map {
                       lexed.bytes[$0].elementsEqual(lexed.bytes[tokens[callable].start..<tokens[callable].end])
                   } ?? false
               })
            {
                result.append(RetryConstruct(
                    kind: "Airflow task retries", line: tokens[index].line, scope: lexed.span(of: function),
                    attempts: retries + 1))
            } else if tokens[index].kind == .string, lexed.text(index) == "retries",
                      lexed.token(index + 1, isPunctuation: Byte.colon),
                      let retries = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2)
            {
                result.append(RetryConstruct(kind: "Airflow default_args retries", line: tokens[index].line, scope: nil,
                                             attempts: retries + 1))
            }
        }
        return result
    }

    /// Attempts BullMQ gives the jobs of a queue the file names: `new Queue("summaries", { defaultJobOptions:
    /// { attempts: 10 } })`, or `summaries.add("job", data, { attempts: 10 })` (or a job scheduler's template, `opts: {
    /// attempts: 10 }` of `upsertJobScheduler`) on a queue the file constructs. The
    /// worker that runs the jobs, and the paid work it does, may be in another file.
    func namedQueueAttempts() -> [(queue: String, line: Int, attempts: Int)] {
        var result: [(queue: String, line: Int, attempts: Int)] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "attempts") && lexed.token(index + 1, isPunctuation: Byte.colon) {
            guard let attempts = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2),
                  let arguments = enclosingArguments(of: index)
            else { continue }
            let callee = arguments.lowerBound - 1
            var queue: String?
            if lexed.token(callee, is: "Queue"), lexed.token(callee - 1, is: "new") {
                queue = queueName(at: arguments.lowerBound + 1)
            } else if lexed.token(callee, is: "add") || lexed.token(callee, is: "addBulk") || lexed.token(callee, is: "upsertJobScheduler"),
                      lexed.token(callee - 1, isPunctuation: Byte.dot), callee >= 2, lexed.tokens[callee - 2].kind == .identifier
            {
                // The queue the receiver is assigned: `const summaries = new Queue("summaries", …)`.
                let receiver = lexed.bytes[lexed.tokens[callee - 2].start..<lexed.tokens[callee - 2].end]
                for cursor in lexed.tokens.indices.dropLast(4)
                where lexed.token(cursor + 1, isPunctuation: Byte.equals) && lexed.token(cursor + 2, is: "new")
                    && lexed.token(cursor + 3, is: "Queue") && lexed.tokens[cursor].kind == .identifier
                    && lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end].elementsEqual(receiver)
                {
                    queue = queueName(at: cursor + 5)
                    break
                }
                // NestJS injects it by name: `@InjectQueue("summaries") private readonly queue: Queue`.
                if queue == nil {
                    for cursor in lexed.tokens.indices.dropLast(8) where lexed.token(cursor, is: "InjectQueue")
                        && lexed.token(cursor - 1, isPunctuation: Byte.at) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                        && lexed.token(cursor + 3, isPunctuation: Byte.closeParen)
                    {
                        let named = (cursor + 4)...min(cursor + 8, lexed.tokens.count - 1)
                        if named.contains(where: { lexed.tokens[$0].kind == .identifier && lexed.bytes[lexed.tokens[$0].start..<lexed.tokens[$0].end].elementsEqual(receiver) }) {
                            queue = queueName(at: cursor + 2)
                            break
                        }
                    }
                }
            }
            if let queue { result.append((queue, lexed.tokens[index].line, attempts)) }
        }
        return result
    }

    /// The queue name the argument at `index` gives: a string, or a constant standing for one.
    private func queueName(at index: Int) -> String? {
        guard index < lexed.tokens.count else { return nil }
        let name = lexed.tokens[index].kind == .string ? lexed.text(index) : bullQueueNameAt?(index)
        return name?.isEmpty == false ? name : nil
    }

    /// The argument list of the innermost call around `index` (`PythonOperator(…)`, `task({ … })`), if any.
    func enclosingArguments(of index: Int) -> ClosedRange<Int>? {
        var cursor = index - 1
        while cursor >= 0 {
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > index,
               cursor > 0, lexed.tokens[cursor - 1].kind == .identifier
            {
                return cursor...lexed.partner[cursor]
            }
            cursor -= 1
        }
        return nil
    }

    private static let airflow = Array("airflow".utf8)

    /// `max_retries=N` (nil for None, which retries forever) or the default when absent. Celery's are also given as
    /// `retry_kwargs={"max_retries": N}`, or in the task's body, `self.retry(exc=exc, max_retries=N)` (`body`).
    /// The library a `@retry` decorator is from: the module it is written under (`@stamina.retry`), else the one the
    /// file imports `retry` from (`from retrying import retry`); nil when neither says.
    func retryLibrary(first: Int, last: Int) -> String? {
        if first < last, lexed.tokens[first].kind == .identifier { return lexed.text(first) }
        for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.token(index, is: "from") {
            guard lexed.tokens.indices.contains(index + 1), lexed.tokens[index + 1].kind == .identifier else { continue }
            var cursor = index + 2
            while cursor < lexed.tokens.count, lexed.tokens[cursor].line == lexed.tokens[index].line {
                // `import retry as retrying_retry` binds another name.
                if lexed.token(cursor, is: "retry"), !lexed.token(cursor - 1, isPunctuation: Byte.dot), !lexed.token(cursor + 1, is: "as") {
                    return lexed.text(index + 1)
                }
                cursor += 1
            }
        }
        return nil
    }

    /// The retries backoff's `on_exception`/`on_predicate` decorator (named at `last`, its options `arguments`) allows:
    /// `max_tries`, none without. `max_time` bounds the retries in time, not in attempts: without `max_tries` a fast
    /// failure (a 400, a 401) is paid again as often as fits in it, as Go's and Rust's time-bounded backoff are.
    /// `on_predicate` within a time is a poll (a job's status until it is done), not a retry of failures: nil, as for
    /// a count the file does not give.
    func backoffDecorator(_ last: Int, arguments: ClosedRange<Int>?, line: Int, scope: ClosedRange<Int>) -> RetryConstruct? {
        let tries = arguments.flatMap { keyword("max_tries", in: $0) }
        let time = arguments.flatMap { keyword("max_time", in: $0) }
        if tries == nil, time != nil, lexed.token(last, is: "on_predicate") { return nil }
        if let tries {
            return (lexed.integer(tries) ?? lexed.constantInteger(tries)).map {
                RetryConstruct(kind: "@backoff", line: line, scope: scope, attempts: $0)
            }
        }
        return RetryConstruct(
            kind: time.map { "@backoff bounded by time only (max_time=\(lexed.text($0)))" } ?? "@backoff", line: line, scope: scope,
            attempts: nil)
    }

    /// The retries a Python `@retry` decorator allows, by its library: tenacity's `stop=stop_after_attempt(N)` (none:
    /// forever), the retry package's `tries=N` (-1, its default: forever), retrying's `stop_max_attempt_number=N`
    /// (none: forever), stamina's `attempts=N` (10 by default). A bound in time alone (tenacity's `stop_after_delay`,
    /// retrying's `stop_max_delay`) bounds no attempts: `stop_after_delay(600)` with `wait_fixed(2)` pays up to 300
    /// of them. A count the file does not give, or a stop condition of the code's own, is left alone; nil when there
    /// is nothing to report.
    func retryDecorator(library: String?, arguments: ClosedRange<Int>?, line: Int, scope: ClosedRange<Int>) -> RetryConstruct? {
        func construct(_ kind: String, _ attempts: Int?) -> RetryConstruct {
            RetryConstruct(kind: kind, line: line, scope: scope, attempts: attempts)
        }
        func count(_ value: Int) -> Int?? {
            if lexed.token(value, isPunctuation: Byte.minus) { return .some(nil) }
            return (lexed.integer(value) ?? lexed.constantInteger(value)).map { .some($0) }
        }
        if library == "stamina" {
            guard let arguments, let value = keyword("attempts", in: arguments) else { return construct("stamina.retry", 10) }
            return count(value).map { construct("stamina.retry", $0) }
        }
        if let arguments, let value = keyword("tries", in: arguments) {
            // `tries=-1` (and the default) retries until it succeeds.
            return count(value).map { attempts in construct("retry package @retry", attempts.flatMap { $0 > 0 ? $0 : nil }) }
        }
        if library == "retry" || library == "retry2" { return construct("retry package @retry", nil) }
        if library == "retrying" || arguments.map({ keyword("stop_max_attempt_number", in: $0) != nil }) == true {
            guard let arguments else { return construct("retrying @retry", nil) }
            if let value = keyword("stop_max_attempt_number", in: arguments) { return count(value).map { construct("retrying @retry", $0) } }
            if let delay = keyword("stop_max_delay", in: arguments) {
                return construct("retrying @retry bounded by time only (stop_max_delay=\(lexed.text(delay)))", nil)
            }
            return construct("retrying @retry", nil)
        }
        if let arguments, keyword("stop", in: arguments) != nil {
            switch tenacityStop(in: arguments) {
            case .attempts(let attempts): return construct("tenacity @retry", attempts)
            case .timeOnly(let stop):
                return construct(stop == "stop_never" ? "tenacity @retry (stop_never)" : "tenacity @retry bounded by time only (\(stop))", nil)
            case .unread: return nil
            }
        }
        return construct("tenacity @retry", nil)
    }

    /// What a tenacity `stop=` among `arguments` bounds: attempts (`stop_after_attempt(3)`, also when combined with a
    /// time, `stop_after_attempt(3) | stop_after_delay(30)`), only time (`stop_after_delay(600)`, `stop_before_delay`,
    /// `stop_never`), or what the code decides (a stop of its own, a count it does not give).
    enum TenacityStop { case attempts(Int), timeOnly(String), unread }

    static func tenacityStop(_ lexed: LexedSource, in arguments: ClosedRange<Int>) -> TenacityStop {
        for cursor in arguments where lexed.token(cursor, is: "stop_after_attempt") && lexed.token(cursor + 1, isPunctuation: Byte.openParen) {
            if let attempts = lexed.integer(cursor + 2) ?? lexed.constantInteger(cursor + 2) { return .attempts(attempts) }
            return .unread
        }
        for cursor in arguments where lexed.token(cursor, is: "stop_after_delay") || lexed.token(cursor, is: "stop_before_delay")
            || lexed.token(cursor, is: "stop_never")
        {
            let close = lexed.token(cursor + 1, isPunctuation: Byte.openParen) ? lexed.partner[cursor + 1] : -1
            return .timeOnly(close > cursor ? lexed.text(lexed.tokens[cursor].start..<lexed.tokens[close].end) : lexed.text(cursor))
        }
        return .unread
    }

    private func tenacityStop(in arguments: ClosedRange<Int>) -> TenacityStop { Self.tenacityStop(lexed, in: arguments) }

    private func maxRetries(_ arguments: ClosedRange<Int>?, orIn body: ClosedRange<Int>? = nil, default value: Int) -> Int? {
        func count(at found: Int) -> Int? { lexed.token(found, is: "None") ? nil : lexed.integer(found) ?? value }
        if let arguments {
            if let found = keyword("max_retries", in: arguments) { return count(at: found) }
            for cursor in arguments where lexed.tokens[cursor].kind == .string && lexed.text(cursor) == "max_retries"
                && lexed.token(cursor + 1, isPunctuation: Byte.colon)
            {
                return count(at: cursor + 2)
            }
        }
        if let body, let found = keyword("max_retries", in: body) { return count(at: found) }
        return value
    }

    // MARK: Ruby

    private func rubyRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            if lexed.token(index - 1, is: "include") || isSuperclass(index),
               let inherited = lexed.token(index, is: "Sidekiq") ? .some(nil) : sidekiqWorkerBase(named: index)
            {
                // `include Sidekiq::Job`, or a module or base class of the project that is a worker itself
                // (`include ApplicationWorker`, `< BaseWorker`), whose options are the defaults of this one's.
                let container = enclosing(.container, of: index)
                let scope = container.map { lexed.span(of: $0) } ?? 0...(tokens.count - 1)
                let own = sidekiqOptionRetries(in: scope)
                let retries = own.retries ?? inherited ?? sidekiqDefaultRetries()
                // Reported on the line setting the retries (`sidekiq_options queue: :ai, retry: 10`) when the class
                // has one, a change to the `include` alone still counting.
                let line = own.retries != nil ? own.lines.last ?? tokens[index].line : tokens[index].line
                // Every line of its `sidekiq_options` sets the retries too: one dropping `retry: 5` leaves Sidekiq's
                // default (an unchanged bound on an edited line is no finding: `RetrySettingsBefore`).
                result.append(RetryConstruct(
                    kind: "Sidekiq retries", line: line, scope: scope, attempts: retries + 1,
                    settingLines: (own.lines + [tokens[index].line] + own.statementLines).filter { $0 != line }))
            } else if isSuperclass(index), lexed.token(index, is: "ApplicationJob")
                        || (lexed.token(index, is: "ActiveJob") && lexed.token(index + 1, is: "::") && lexed.token(index + 2, is: "Base")),
                      let container = enclosing(.container, of: index),
                      !lexed.span(of: container).contains(where: { lexed.token($0, is: "retry_on") || lexed.token($0, is: "sidekiq_options") }),
                      activeJobRunsOnSidekiq()
            {
                // An ActiveJob job setting no retries of its own, run by Sidekiq: its exceptions reach Sidekiq, which
                // retries the job as often as it retries any (25 times unless the project's defaults say).
                result.append(RetryConstruct(
                    kind: "Sidekiq retries (ActiveJob on the Sidekiq adapter)", line: tokens[index].line,
                    scope: lexed.span(of: container), attempts: sidekiqDefaultRetries() + 1))
            } else if lexed.token(index, is: "retry_on") {
                let container = enclosing(.container, of: index)
                let setting = retryOnAttempts(arguments: index + 1)
                result.append(RetryConstruct(
                    kind: "ActiveJob retry_on", line: tokens[index].line,
                    scope: container.map { lexed.span(of: $0) }, attempts: setting.attempts, attemptsAsWritten: setting.written))
            } else if lexed.token(index, is: "retry"), tokens[index].firstOnLine || lexed.token(index - 1, is: "then"),
                      !lexed.token(index + 1, isPunctuation: Byte.colon)  // an option (`retry: 10`), not the keyword
            {
                guard let function = enclosing(.function, of: index) else { continue }
                var attempts: Int?
                var cursor = index + 1
                while cursor < tokens.count, tokens[cursor].line == tokens[index].line {
                    if let number = lexed.integer(cursor) { attempts = number }
                    cursor += 1
                }
                result.append(RetryConstruct(
                    kind: "Ruby retry", line: tokens[index].line, scope: lexed.span(of: function), attempts: attempts))
            }
        }
        return result
    }

    /// The attempts a `retry_on` call's arguments (from token `first`) allow: 5 (ActiveJob's default) unless
    /// `attempts:` says otherwise, on the call's line or a continuation line (after a trailing comma, inside its
    /// parentheses). `:unlimited` and `Float::INFINITY` are unbounded; a value the file does not give a number (a
    /// constant from elsewhere, `ENV.fetch(…)`) is unbounded too, with its text, so the message says what it is.
    private func retryOnAttempts(arguments first: Int) -> (attempts: Int?, written: String?) {
        let tokens = lexed.tokens
        var depth = 0
        var cursor = first
        while cursor < tokens.count {
            if cursor > first, tokens[cursor].line != tokens[cursor - 1].line, depth == 0,
               !lexed.token(cursor - 1, isPunctuation: Byte.comma)
            {
                break
            }
            if lexed.token(cursor, isPunctuation: Byte.openParen) {
                depth += 1
            } else if lexed.token(cursor, isPunctuation: Byte.closeParen) {
                depth -= 1
                if depth < 0 { break }
            } else if depth <= 1, lexed.token(cursor, is: "attempts"), lexed.token(cursor + 1, isPunctuation: Byte.colon) {
                let value = cursor + 2
                if let number = lexed.integer(value) ?? lexed.constantInteger(value) { return (number, nil) }
                if lexed.token(value, isPunctuation: Byte.colon), lexed.token(value + 1, is: "unlimited") { return (nil, nil) }
                return (nil, valueText(from: value, depth: depth))
            }
            cursor += 1
        }
        return (5, nil)
    }

    /// The source text of an argument's value from token `first` to the comma, parenthesis or line end that ends it.
    private func valueText(from first: Int, depth start: Int) -> String? {
        let tokens = lexed.tokens
        guard first < tokens.count, tokens[first].line == tokens[first - 1].line else { return nil }
        var last = first
        var depth = start
        var cursor = first
        while cursor < tokens.count, tokens[cursor].line == tokens[first].line {
            if lexed.token(cursor, isPunctuation: Byte.openParen) { depth += 1 }
            if lexed.token(cursor, isPunctuation: Byte.closeParen) { depth -= 1 }
            if depth < start || (depth == start && lexed.token(cursor, isPunctuation: Byte.comma)) { break }
            if lexed.token(cursor, is: "do") && depth == start { break }
            last = cursor
            cursor += 1
        }
        // A string token's range is its contents: the quotes are not part of it.
        let end = tokens[last].kind == .string ? min(tokens[last].end + 1, lexed.bytes.count) : tokens[last].end
        let start = tokens[first].kind == .string ? max(tokens[first].start - 1, 0) : tokens[first].start
        return lexed.text(start..<end)
    }

    // MARK: C-like

    /// The names `cLikeRetries` starts from: every other identifier is turned away by one lookup.
    private static let cLikeRetryNames = WordSet([
        "attempts", "pRetry", "retry", "asyncRetry", "Retryable", "Do", "maxAttempts", "retries", "MaxRetry", "$tries",
        "MaxAttempts",
        "retryUntil", "DoWithData", "Retry", "RetryNotify", "RetryWithData", "RetryNotifyWithData",
        // Polly (C#): v7 policies and v8 resilience pipelines.
        "RetryAsync", "WaitAndRetry", "WaitAndRetryAsync", "RetryForever", "RetryForeverAsync", "WaitAndRetryForever",
        "WaitAndRetryForeverAsync", "AddRetry",
        // Rust: the backoff crate's `retry`/`retry_notify`, tokio-retry's `Retry::spawn`/`RetryIf::spawn`.
        "retry_notify", "RetryIf",
    ])

    /// What the names hold (`Do` counts only after `retry.`), ASCII case aside: a file without any has no
    /// construct, its tokens unread.
    private static let cLikeRetryCores = ["etry", "etries", "attempts"].map { Array($0.utf8) }
    /// The packages whose `retry(fn, { retries })` retries the work it is handed.
    private static let retryPackages = ["p-retry", "async-retry"].map { Array($0.utf8) }

    private static let asynqWord = Array("asynq".utf8)
    /// River's import path (`github.com/riverqueue/river`): its workers retry with no word of retrying in their file.
    static let riverWord = Array("riverqueue".utf8)
    /// A Laravel job's attempt settings (`public $tries = 25;`, `public function retryUntil()`), which the cores miss.
    private static let laravelRetryWords = ["$tries", "retryuntil"].map { Array($0.utf8) }

    private func cLikeRetries() -> [RetryConstruct] {
        // An asynq handler retries with no word of retrying in its file.
        let asynq = lexed.language == .go && ByteSearch.containsFolded(lexed.bytes, RetryScanner.asynqWord)
        let river = lexed.language == .go && ByteSearch.containsFolded(lexed.bytes, RetryScanner.riverWord)
        let laravel = lexed.language == .php
            && RetryScanner.laravelRetryWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) })
        // A queued Laravel class may set no attempts itself and take its worker's.
        let laravelQueued = lexed.language == .php && ByteSearch.containsFolded(lexed.bytes, RetryScanner.shouldQueueWord)
        let messengerHandled = lexed.language == .php && ByteSearch.containsFolded(lexed.bytes, RetryScanner.messageHandlerWord)
        guard asynq || river || laravel || laravelQueued || messengerHandled
            || RetryScanner.cLikeRetryCores.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) })
        else { return [] }
        var result: [RetryConstruct] = []
        let tokens = lexed.tokens
        var namedQueues: [(queue: String, line: Int, attempts: Int)]?
        // p-retry's and async-retry's `retries` (10 by default) apply to their own function only.
        let importsRetryPackage = lexed.language.isJavaScriptLike
            && RetryScanner.retryPackages.contains { ByteSearch.containsFolded(lexed.bytes, $0) }
        // Read once here, not once per identifier (each read of a static checks its initialisation).
        let names = RetryScanner.cLikeRetryNames
        for index in tokens.indices where tokens[index].kind == .identifier
            && names.contains(lexed.bytes[tokens[index].start..<tokens[index].end])
        {
            if lexed.token(index, is: "attempts"), lexed.token(index + 1, isPunctuation: Byte.colon),
               let attempts = lexed.integer(index + 2)
            {
                // Named for the BullMQ queue the file makes or injects, when it says which (`summaries.add(…, { attempts })`).
                if lexed.language.isJavaScriptLike, namedQueues == nil { namedQueues = namedQueueAttempts() }
                let queue = namedQueues?.first { $0.line == tokens[index].line }?.queue
                result.append(RetryConstruct(
                    kind: queue.map { "BullMQ attempts of queue \"\($0)\"" } ?? "queue attempts", line: tokens[index].line,
                    scope: nil, attempts: attempts))
            } else if lexed.token(index, is: "pRetry") || lexed.token(index, is: "retry") || lexed.token(index, is: "asyncRetry"),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index,
                      lexed.language.isJavaScriptLike, !lexed.token(index - 1, isPunctuation: Byte.dot),
                      // The packages' own function, not a project's helper of the same name (`export async function
                      // retry(fn, retries = 3)`), which `ProjectRetryHelpers` reads by its body.
                      importsRetryPackage
            {
                let arguments = (index + 1)...lexed.partner[index + 1]
                if lexed.anyToken(in: arguments, contains: "forever") {
                    result.append(RetryConstruct(kind: "\(lexed.text(index))()", line: tokens[index].line, scope: arguments, attempts: nil))
                    continue
                }
                let retries = keywordColon("retries", in: arguments).flatMap { lexed.integer($0) } ?? 10
                result.append(RetryConstruct(
                    kind: "\(lexed.text(index))()", line: tokens[index].line, scope: arguments, attempts: retries + 1))
            } else if lexed.token(index, is: "Retryable"), lexed.token(index - 1, isPunctuation: Byte.at) {
                var attempts = 3
                if lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index {
                    let arguments = (index + 1)...lexed.partner[index + 1]
                    for cursor in arguments where lexed.token(cursor, is: "maxAttempts") {
                        attempts = lexed.integer(cursor + 2) ?? attempts
                    }
                }
                let function = lexed.blocks.indices.first { lexed.blocks[$0].kind == .function && lexed.blocks[$0].headerStart <= index && lexed.blocks[$0].openToken > index }
                result.append(RetryConstruct(
                    kind: "@Retryable", line: tokens[index].line, scope: function.map { lexed.span(of: $0) }, attempts: attempts))
            } else if lexed.token(index, is: "Retry"), lexed.token(index - 1, isPunctuation: Byte.at),
                      lexed.language == .java || lexed.language == .kotlin
            {
                // resilience4j: `@Retry(name = "openai")` attempts the method as the project configures the instance
                // (application.yml's `resilience4j.retry.instances.openai.maxAttempts`), 3 times by default.
                let arguments: ClosedRange<Int>? = lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index
                    ? (index + 1)...lexed.partner[index + 1] : nil
                let instance = arguments.flatMap { keyword("name", in: $0) }.flatMap { lexed.tokens[$0].kind == .string ? lexed.text($0) : nil }
                let configured = instance.flatMap(resilience4jAttempts)
                let function = lexed.blocks.indices.first { lexed.blocks[$0].kind == .function && lexed.blocks[$0].headerStart <= index && lexed.blocks[$0].openToken > index }
                result.append(RetryConstruct(
                    kind: "resilience4j @Retry" + (configured.map { " (\($0.setting) in \($0.path))" } ?? ""), line: tokens[index].line,
                    scope: function.map { lexed.span(of: $0) }, attempts: configured.map { $0.attempts } ?? 3))
            } else if lexed.token(index, is: "Do") || lexed.token(index, is: "DoWithData"), lexed.token(index - 2, is: "retry"),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index
            {
                // avast/retry-go: `retry.Do(op, opts…)`, and v4's generic `retry.DoWithData`; 10 attempts by default.
                let arguments = (index + 1)...lexed.partner[index + 1]
                var attempts: Int? = 10
                for cursor in arguments where lexed.token(cursor, is: "Attempts") {
                    attempts = lexed.integer(cursor + 2).map { $0 == 0 ? nil : $0 } ?? attempts
                }
                result.append(RetryConstruct(kind: "retry.\(lexed.text(index))", line: tokens[index].line, scope: arguments, attempts: attempts))
            } else if lexed.language == .csharp, lexed.token(index - 1, isPunctuation: Byte.dot),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index,
                      let attempts = pollyAttempts(at: index)
            {
                // Polly: a policy or pipeline built here retries what the file runs through it (`ExecuteAsync(…)`).
                for execution in pollyExecutions() {
                    result.append(RetryConstruct(
                        kind: "Polly \(lexed.text(index))", line: tokens[index].line, scope: execution, attempts: attempts))
                }
            } else if lexed.language == .rust, lexed.token(index, is: "retry") || lexed.token(index, is: "retry_notify"),
                      lexed.token(index - 1, is: "::"), lexed.token(index - 2, is: "future") || lexed.token(index - 2, is: "backoff"),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index
            {
                // The backoff crate: `backoff::future::retry(ExponentialBackoff::default(), || async { … })` retries until
                // its elapsed-time budget (15 minutes by default) runs out, however many attempts that is.
                result.append(RetryConstruct(
                    kind: "backoff::\(lexed.text(index))", line: tokens[index].line, scope: (index + 1)...lexed.partner[index + 1],
                    attempts: nil))
            } else if lexed.language == .rust, lexed.token(index, is: "Retry") || lexed.token(index, is: "RetryIf"),
                      lexed.token(index + 1, is: "::"), lexed.token(index + 2, is: "spawn"),
                      lexed.token(index + 3, isPunctuation: Byte.openParen), lexed.partner[index + 3] > index + 3
            {
                // tokio-retry: `Retry::spawn(strategy, action)` retries as long as the strategy yields delays, which
                // only a `.take(n)` (here or where the function builds the strategy) ends: n retries.
                let arguments = (index + 3)...lexed.partner[index + 3]
                let function = enclosing(.function, of: index).map { lexed.span(of: $0) } ?? arguments
                result.append(RetryConstruct(
                    kind: "tokio-retry \(lexed.text(index))::spawn", line: tokens[index].line, scope: arguments,
                    attempts: (strategyTake(in: arguments) ?? strategyTake(in: function)).map { $0 + 1 }))
            } else if lexed.language == .go, lexed.token(index - 2, is: "backoff"), lexed.token(index - 1, isPunctuation: Byte.dot),
                      ["Retry", "RetryNotify", "RetryWithData", "RetryNotifyWithData"].contains(where: { lexed.token(index, is: $0) }),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index
            {
                // cenkalti/backoff: `backoff.Retry(op, backoff.NewExponentialBackOff())` retries until its elapsed-time
                // budget (15 minutes by default) runs out, whatever the attempts; only `WithMaxRetries(b, n)` (v4) or
                // `WithMaxTries(n)` (v5), in the call or the function that builds its policy, bounds them.
                let arguments = (index + 1)...lexed.partner[index + 1]
                let function = enclosing(.function, of: index).map { lexed.span(of: $0) } ?? arguments
                result.append(RetryConstruct(
                    kind: "backoff.\(lexed.text(index))", line: tokens[index].line, scope: arguments,
                    attempts: backoffMaxTries(in: arguments) ?? backoffMaxTries(in: function)))
            } else if lexed.language.isJavaScriptLike, lexed.token(index, is: "retries"), lexed.token(index - 1, isPunctuation: Byte.dot),
                      lexed.token(index + 1, isPunctuation: Byte.openParen),
                      let retries = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2),
                      createsBeeQueueJob(before: index)
            {
                // Bee-Queue: `queue.createJob(data).retries(10).save()` retries the queue's processor (file-wide).
                result.append(RetryConstruct(kind: "Bee-Queue job retries", line: tokens[index].line, scope: nil, attempts: retries + 1))
            } else if lexed.language == .php, let construct = laravelHTTPRetry(at: index) {
                result.append(construct)
            } else if laravel, let job = laravelJobAttempts(at: index) {
                result.append(job)
            } else if lexed.token(index, is: "MaxRetry"), lexed.token(index - 2, is: "asynq"),
                      lexed.token(index + 1, isPunctuation: Byte.openParen),
                      let retries = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2)
            {
                // asynq: `asynq.NewTask(TypeSummarize, payload, asynq.MaxRetry(10))` or the option given to Enqueue,
                // for the file's tasks.
                result.append(RetryConstruct(kind: "asynq MaxRetry", line: tokens[index].line, scope: nil, attempts: retries + 1))
            } else if river, lexed.token(index, is: "MaxAttempts"), lexed.token(index + 1, isPunctuation: Byte.colon),
                      let attempts = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2), attempts > 0,
                      let literal = riverOptionsLiteral(around: index)
            {
                // River: `river.InsertOpts{MaxAttempts: 10}` (an args type's `InsertOpts()`, or given to `Insert`) or
                // the client's `river.Config{MaxAttempts: 10}`, for the file's jobs. Attempts count the first run.
                result.append(RetryConstruct(kind: "River \(literal) MaxAttempts", line: tokens[index].line, scope: nil, attempts: attempts))
            }
        }
        if laravelQueued { result += laravelJobsRetriedByWorkers() }
        if messengerHandled { result += messengerHandlersRetried() }
        if asynq,
           !result.contains(where: { $0.kind == "asynq MaxRetry" }), !asynqRetriesSetInProject()
        {
            result += asynqHandlers()
        }
        if river, !result.contains(where: { $0.kind.hasPrefix("River ") }), !riverAttemptsSetInProject() {
            result += riverWorkers()
        }
        return result
    }

    /// The River options type a composite literal holding the key at `index` is (`InsertOpts` of
    /// `&river.InsertOpts{Queue: "ai", MaxAttempts: 10}`, `Config` of `river.Config{…}`); nil for any other literal.
    private func riverOptionsLiteral(around index: Int) -> String? {
        var cursor = index - 1
        while cursor >= 0 {
            let token = lexed.tokens[cursor]
            if token.kind == .punctuation, [Byte.closeParen, Byte.closeBracket, Byte.closeBrace].contains(lexed.bytes[token.start]),
               lexed.partner[cursor] < cursor
            {
                cursor = lexed.partner[cursor] - 1
                continue
            }
            if lexed.token(cursor, isPunctuation: Byte.openBrace) { break }
            if lexed.token(cursor, isPunctuation: Byte.openParen) || lexed.token(cursor, isPunctuation: Byte.openBracket) { return nil }
            cursor -= 1
        }
        guard cursor >= 3, lexed.token(cursor - 2, isPunctuation: Byte.dot), lexed.token(cursor - 3, is: "river") else { return nil }
        return lexed.token(cursor - 1, is: "InsertOpts") || lexed.token(cursor - 1, is: "Config") ? lexed.text(cursor - 1) : nil
    }

    /// River attempts a job 25 times (`river.MaxAttemptsDefault`) unless its args' `InsertOpts`, the insert or the
    /// client's `Config` gives `MaxAttempts`: a worker's `Work(ctx, job *river.Job[Args])` doing paid work is attempted
    /// so, unless the project sets `MaxAttempts` anywhere (which jobs it sets it for is not followed, so none is assumed).
    private func riverWorkers() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let header = block.headerStart..<block.openToken
            guard header.contains(where: { cursor in
                lexed.token(cursor, is: "river") && lexed.token(cursor - 1, isPunctuation: Byte.star)
                    && lexed.token(cursor + 1, isPunctuation: Byte.dot) && lexed.token(cursor + 2, is: "Job")
                    && lexed.token(cursor + 3, isPunctuation: Byte.openBracket)
            }) else { continue }
            result.append(RetryConstruct(
                kind: "River job attempts (25 by default)", line: lexed.tokens[block.headerStart].line, scope: lexed.span(of: index),
                attempts: 25))
        }
        return result
    }

    /// Laravel's HTTP client retrying a request: `Http::retry(5, 100)->post(…)`, `Http::withToken($k)->retry(…)->post(…)`.
    /// Its first argument is the number of attempts, or a list of waits (one more attempt than waits); a count the
    /// file does not give is left alone. The retried work is the request chained with it.
    private func laravelHTTPRetry(at index: Int) -> RetryConstruct? {
        guard lexed.token(index, is: "retry"), lexed.token(index - 1, is: "::") || lexed.token(index - 1, is: "->"),
              lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
        else { return nil }
        let first = index + 2
        let attempts: Int
        if lexed.token(first, isPunctuation: Byte.openBracket), lexed.partner[first] > first {
            attempts = ((first + 1)..<lexed.partner[first]).filter { lexed.tokens[$0].kind == .number }.count + 1
        } else if let count = lexed.integer(first) ?? lexed.constantInteger(first) {
            attempts = count
        } else {
            return nil
        }
        // The chain around it: back to its root (`Http`, `$this->http`), on through the calls after it.
        var start = index
        while start >= 2, lexed.token(start - 1, is: "->") || lexed.token(start - 1, is: "::") {
            var previous = start - 2
            if lexed.token(previous, isPunctuation: Byte.closeParen), lexed.partner[previous] >= 1 { previous = lexed.partner[previous] - 1 }
            guard lexed.tokens[previous].kind == .identifier else { break }
            start = previous
        }
        var end = lexed.partner[index + 1]
        while lexed.token(end + 1, is: "->"), lexed.token(end + 3, isPunctuation: Byte.openParen), lexed.partner[end + 3] > end + 3 {
            end = lexed.partner[end + 3]
        }
        return RetryConstruct(kind: "Laravel HTTP retry", line: lexed.tokens[index].line, scope: start...end, attempts: attempts)
    }

    /// The attempts a Polly retry at `index` allows, as an optional in an optional: `.some(nil)` for one without
    /// bound (`WaitAndRetryForeverAsync`), nil when the name is no retry whose count can be read. v7's
    /// `RetryAsync(5)`/`WaitAndRetryAsync(5, …)` retry the count given (once without one), or once per delay listed
    /// (`new[] { … }`); v8's `AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 5 })` retries 3 times unless
    /// the options, here or elsewhere in the file, say otherwise.
    func pollyAttempts(at index: Int) -> Int?? {
        let name = lexed.text(index)
        let arguments = (index + 1)...lexed.partner[index + 1]
        if name.contains("Forever") { return .some(nil) }
        if name == "AddRetry" {
            let set = arguments.first { lexed.token($0, is: "MaxRetryAttempts") && lexed.token($0 + 1, isPunctuation: Byte.equals) }
                ?? lexed.tokens.indices.first { lexed.token($0, is: "MaxRetryAttempts") && lexed.token($0 + 1, isPunctuation: Byte.equals) }
            guard let set else { return .some(4) }
            return (lexed.integer(set + 2) ?? lexed.constantInteger(set + 2)).map { .some($0 + 1) }
        }
        guard ["Retry", "RetryAsync", "WaitAndRetry", "WaitAndRetryAsync"].contains(name) else { return nil }
        let first = index + 2
        if lexed.token(first, isPunctuation: Byte.closeParen) { return .some(2) }
        if let count = lexed.integer(first) ?? lexed.constantInteger(first) { return .some(count + 1) }
        // Polly.Contrib.WaitAndRetry's delays: `WaitAndRetryAsync(Backoff.DecorrelatedJitterBackoffV2(…, retryCount: 5))`.
        if let count = keywordColon("retryCount", in: arguments).flatMap({ lexed.integer($0) ?? lexed.constantInteger($0) }) {
            return .some(count + 1)
        }
        // A list of delays: `new[] { TimeSpan.FromSeconds(1), … }`, one retry each.
        guard lexed.token(first, is: "new"),
              let open = (first..<arguments.upperBound).first(where: { lexed.token($0, isPunctuation: Byte.openBrace) }),
              lexed.partner[open] > open
        else { return nil }
        var delays = 1
        var cursor = open + 1
        while cursor < lexed.partner[open] {
            if lexed.token(cursor, isPunctuation: Byte.comma) { delays += 1 }
            cursor = lexed.tokens[cursor].kind == .punctuation && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
        }
        return .some(delays + 1)
    }

    /// The arguments of each `.ExecuteAsync(…)`/`.Execute(…)` of the file: the work its Polly policies run.
    private func pollyExecutions() -> [ClosedRange<Int>] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.token(index, is: "ExecuteAsync") || lexed.token(index, is: "Execute"),
                  lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.partner[index + 1] > index + 1
            else { return nil }
            return (index + 1)...lexed.partner[index + 1]
        }
    }

    /// The count of the first `.take(n)` among `range`, which ends an iterator of retry delays after n of them.
    private func strategyTake(in range: ClosedRange<Int>) -> Int? {
        for cursor in range where lexed.token(cursor, is: "take") && lexed.token(cursor - 1, isPunctuation: Byte.dot)
            && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
        {
            if let count = lexed.integer(cursor + 2) ?? lexed.constantInteger(cursor + 2) { return count }
        }
        return nil
    }

    /// The attempts cenkalti/backoff's bound among `range` allows: `WithMaxRetries(b, 3)` retries 3 times after the
    /// first attempt, `WithMaxTries(4)` attempts 4 times; nil when there is none (or its count is not a literal).
    private func backoffMaxTries(in range: ClosedRange<Int>) -> Int? {
        for cursor in range where lexed.token(cursor + 1, isPunctuation: Byte.openParen) && lexed.partner[cursor + 1] > cursor + 1 {
            let close = lexed.partner[cursor + 1]
            if lexed.token(cursor, is: "WithMaxRetries"), let retries = lexed.integer(close - 1) ?? lexed.constantInteger(close - 1) {
                return retries + 1
            }
            if lexed.token(cursor, is: "WithMaxTries"), let tries = lexed.integer(close - 1) ?? lexed.constantInteger(close - 1) {
                return tries
            }
        }
        return nil
    }

    /// Whether the member chain ending before `.retries` at `index` holds a `createJob(…)` call.
    private func createsBeeQueueJob(before index: Int) -> Bool {
        var cursor = index - 1
        while cursor > 0, lexed.token(cursor, isPunctuation: Byte.dot) {
            var callee = cursor - 1
            if lexed.token(callee, isPunctuation: Byte.closeParen), lexed.partner[callee] >= 1 { callee = lexed.partner[callee] - 1 }
            if lexed.token(callee, is: "createJob") { return true }
            cursor = callee - 1
        }
        return false
    }

    /// A Laravel queued job's attempts, set where `index` is: `public $tries = 25;` (0 allows any number) or a
    /// `retryUntil()` method, which lets the worker attempt the job as often as fits before the time it returns and
    /// takes precedence over `$tries`. The retried work is the job class's.
    private func laravelJobAttempts(at index: Int) -> RetryConstruct? {
        guard let container = enclosing(.container, of: index) else { return nil }
        let body = lexed.span(of: container)
        func declaresRetryUntil() -> Bool {
            body.contains { lexed.token($0, is: "retryUntil") && lexed.token($0 - 1, is: "function") }
        }
        if lexed.token(index, is: "retryUntil"), lexed.token(index - 1, is: "function") {
            return RetryConstruct(kind: "Laravel retryUntil()", line: lexed.tokens[index].line, scope: body, attempts: nil)
        }
        // A property declaration (`public $tries = 25;`, `public int $tries = 25;`), not an assignment in a method.
        guard lexed.token(index, is: "$tries"), lexed.token(index + 1, isPunctuation: Byte.equals),
              let tries = lexed.integer(index + 2), lexed.tokens[index].block == container,
              !declaresRetryUntil()
        else { return nil }
        return RetryConstruct(
            kind: "Laravel job $tries", line: lexed.tokens[index].line, scope: body, attempts: tries == 0 ? nil : tries)
    }

    private static let shouldQueueWord = Array("shouldqueue".utf8)
    private static let messageHandlerWord = Array("messagehandler".utf8)

    /// Symfony Messenger's handler classes (`#[AsMessageHandler]`, `MessageHandlerInterface`): a failed message is
    /// sent again by its transport's retry strategy, 3 retries unless the project's messenger configuration gives
    /// a `max_retries` (the largest it gives; 0 turns retries off).
    private func messengerHandlersRetried() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for (block, span, keyword) in phpClasses() {
            // The attribute just before the class (`#[AsMessageHandler]`, maybe with other attributes or `final`).
            let attributeStart = max(0, keyword - 12)
            let handler = (attributeStart..<keyword).contains { lexed.token($0, is: "AsMessageHandler") }
                || (keyword..<lexed.blocks[block].openToken).contains { lexed.token($0, is: "MessageHandlerInterface") }
            guard handler else { continue }
            let retries = messengerMaxRetries()
            guard RetryBound.exceeded(attempts: retries.retries + 1, bound: bound) else { continue }
            result.append(RetryConstruct(
                kind: "Symfony Messenger retries (\(retries.setting))", line: lexed.tokens[keyword].line,
                scope: span, attempts: retries.retries + 1))
        }
        return result
    }

    /// The PHP classes of the file: each one's block, its statement (header and body) and its `class` keyword.
    private func phpClasses() -> [(block: Int, span: ClosedRange<Int>, keyword: Int)] {
        lexed.blocks.indices.compactMap { block in
            guard lexed.blocks[block].kind == .container else { return nil }
            let span = lexed.statementSpan(of: block)
            guard let keyword = (span.lowerBound..<lexed.blocks[block].openToken).first(where: { lexed.token($0, is: "class") })
            else { return nil }
            return (block, span, keyword)
        }
    }

    /// Queued Laravel classes (jobs, listeners, mail, notifications implementing `ShouldQueue`) that set no attempts
    /// of their own are attempted as often as the worker running them allows: the `--tries` of `queue:work`, or
    /// Horizon's `'tries'` (read in GateCode's JobRetrySettings.swift). Laravel's own default is one attempt, so only a
    /// worker setting above the bound makes such a class's paid work retried.
    private func laravelJobsRetriedByWorkers() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for (_, span, keyword) in phpClasses() {
            let queueing = laravelQueueing(of: span)
            // The worker's setting is asked for only here, once a class needs it, and once per run.
            guard queueing.queued, !queueing.setsAttempts, let worker = laravelWorkerAttempts(),
                  RetryBound.exceeded(attempts: worker.attempts, bound: bound)
            else { continue }
            result.append(RetryConstruct(
                kind: "\(worker.setting) (\(worker.path))", line: lexed.tokens[keyword].line,
                scope: span, attempts: worker.attempts))
        }
        return result
    }

    /// Whether the PHP class spanning `span` (its header and body) is queued, and whether it sets its attempts itself
    /// (`$tries`, `$this->tries = …`, `tries()`, `retryUntil()`), either directly or through the project's class it
    /// extends (one level: names in the base's file are not resolved from there).
    private func laravelQueueing(of span: ClosedRange<Int>, inherited: Bool = true) -> (queued: Bool, setsAttempts: Bool) {
        guard let open = span.first(where: { lexed.token($0, isPunctuation: Byte.openBrace) }) else { return (false, false) }
        let header = span.lowerBound..<open
        var queued = header.contains { lexed.token($0, is: "ShouldQueue") }
        var setsAttempts = (open...span.upperBound).contains { cursor in
            if lexed.token(cursor, is: "$tries") {
                // A property, not a method's local variable.
                let block = lexed.tokens[cursor].block
                return block >= 0 && lexed.blocks[block].kind == .container
            }
            return (lexed.token(cursor, is: "tries") && lexed.token(cursor - 1, is: "->") && lexed.token(cursor - 2, is: "$this")
                && lexed.token(cursor + 1, isPunctuation: Byte.equals))
                || ((lexed.token(cursor, is: "tries") || lexed.token(cursor, is: "retryUntil")) && lexed.token(cursor - 1, is: "function"))
        }
        if !(queued && setsAttempts), inherited,
           let extends = header.first(where: { lexed.token($0, is: "extends") }),
           let name = ((extends + 1)..<header.upperBound).prefix(while: { !lexed.token($0, is: "implements") })
               .last(where: { lexed.tokens[$0].kind == .identifier }),
           let base = declared(lexed.text(name))
        {
            let inherited = base.scanner.laravelQueueing(of: base.body, inherited: false)
            queued = queued || inherited.queued
            setsAttempts = setsAttempts || inherited.setsAttempts
        }
        return (queued, setsAttempts)
    }

    /// asynq retries a task whose handler fails 25 times by default: a handler (`func HandleSummarize(ctx
    /// context.Context, t *asynq.Task) error`, or a `ProcessTask` method) doing paid work is retried so, unless the
    /// project gives its tasks a `MaxRetry` (which task it gives one to is not followed, so none is assumed).
    private func asynqHandlers() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let header = block.headerStart..<block.openToken
            guard header.contains(where: { cursor in
                lexed.token(cursor, is: "asynq") && lexed.token(cursor - 1, isPunctuation: Byte.star)
                    && lexed.token(cursor + 1, isPunctuation: Byte.dot) && lexed.token(cursor + 2, is: "Task")
            }) else { continue }
            result.append(RetryConstruct(
                kind: "asynq task retries", line: lexed.tokens[block.headerStart].line, scope: lexed.span(of: index), attempts: 26))
        }
        return result
    }

    // MARK: Hand-written loops

    private func handWrittenLoops() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for loop in lexed.loops {
            guard let attempts = RetryScanner.retryLoopAttempts(lexed, loop: loop) else { continue }
            let start = switch loop {
            case .block(let block): lexed.blocks[block].headerStart
            case .statementLoop(let statement): lexed.statementLoops[statement].keyword
            }
            result.append(RetryConstruct(
                kind: "a retry loop", line: lexed.tokens[start].line, scope: lexed.body(of: loop), attempts: attempts))
        }
        return result
    }

    /// A function that calls itself again from its failure handler (`except RateLimitError: time.sleep(20); return
    /// ask(prompt)`, `catch (e) { return ask(prompt, retries - 1) }`): a retry by recursion over the whole function,
    /// bounded only when a count parameter with a default goes down in that call (its default plus the first try).
    private func recursiveRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        var reported = Set<Int>()
        let tokens = lexed.tokens
        for handler in lexed.blocks.indices {
            let header = lexed.blocks[handler].headerStart
            guard lexed.token(header, is: "except") || lexed.token(header, is: "catch")
                || (lexed.token(header - 1, isPunctuation: Byte.closeBrace) && lexed.token(header, is: "catch")),
                  let function = enclosing(.function, of: lexed.blocks[handler].openToken), !reported.contains(function),
                  let name = lexed.blocks[function].nameRange
            else { continue }
            let span = lexed.span(of: handler)
            guard let call = span.first(where: { cursor in
                tokens[cursor].kind == .identifier && lexed.bytes[tokens[cursor].start..<tokens[cursor].end].elementsEqual(lexed.bytes[name])
                    && lexed.token(cursor + 1, isPunctuation: Byte.openParen) && lexed.partner[cursor + 1] > cursor
                    && (!lexed.token(cursor - 1, isPunctuation: Byte.dot) || lexed.token(cursor - 2, is: "self")
                        || lexed.token(cursor - 2, is: "this"))
                    && enclosing(.function, of: cursor) == function
            }) else { continue }
            reported.insert(function)
            let block = lexed.blocks[function]
            let arguments = (call + 1)...lexed.partner[call + 1]
            // A parameter with a default (`retries=3`, `retries: int = 3`, `retries = 3` in JavaScript) that the call
            // passes on less one (`retries - 1`, `retries=retries - 1`).
            var attempts: Int?
            // The parameter list follows the function's name (a Python block opens at its `def`, before it).
            let nameToken = tokens[block.headerStart...].prefix(64).firstIndex { $0.start == name.lowerBound }
            let parameters = nameToken.flatMap { named -> ClosedRange<Int>? in
                lexed.token(named + 1, isPunctuation: Byte.openParen) && lexed.partner[named + 1] > named + 1
                    ? (named + 1)...lexed.partner[named + 1] : nil
            } ?? block.headerStart...max(block.headerStart, block.openToken - 1)
            for parameter in parameters where tokens[parameter].kind == .identifier {
                guard let initial = lexed.assignedInteger(after: parameter + 1) else { continue }
                let spelled = lexed.bytes[tokens[parameter].start..<tokens[parameter].end]
                if arguments.contains(where: { cursor in
                    tokens[cursor].kind == .identifier && lexed.bytes[tokens[cursor].start..<tokens[cursor].end].elementsEqual(spelled)
                        && lexed.token(cursor + 1, isPunctuation: Byte.minus)
                }) {
                    attempts = initial + 1
                    break
                }
            }
            result.append(RetryConstruct(
                kind: "a recursive retry", line: tokens[call].line, scope: lexed.span(of: function), attempts: attempts))
        }
        return result
    }

    /// For a hand-written retry loop (not a walk over a collection, with failure handling inside): the attempts
    /// it allows (`.some(nil)` when unbounded); nil when the enclosure is not a retry loop.
    static func retryLoopAttempts(_ lexed: LexedSource, loop: Enclosure) -> Int?? {
        switch loop {
        case .block(let index):
            let block = lexed.blocks[index]
            guard block.kind == .loop else { return nil }
            let header = block.opener == .brace ? block.headerStart..<block.openToken
                : block.openToken..<(lexed.tokens[block.openToken...].firstIndex { $0.line != lexed.tokens[block.openToken].line }
                    .map { min($0, block.endToken) } ?? block.endToken)
            return retryLoopAttempts(lexed, header: header, body: lexed.span(of: index))
        case .statementLoop(let index):
            let statement = lexed.statementLoops[index]
            return retryLoopAttempts(lexed, header: statement.header.lowerBound..<(statement.header.upperBound + 1), body: statement.body)
        }
    }

    /// `retryLoopAttempts(_:loop:)` for a loop's header tokens (its keyword and condition) and body.
    private static func retryLoopAttempts(_ lexed: LexedSource, header: Range<Int>, body: ClosedRange<Int>) -> Int?? {
        guard header.contains(where: { lexed.token($0, is: "while") || lexed.token($0, is: "for")
            || lexed.token($0, is: "loop") || lexed.token($0, is: "until") || lexed.token($0, is: "times") })
        else { return nil }
        // tenacity's iterator: `for attempt in Retrying(stop=stop_after_attempt(3)):` with `with attempt:` inside
        // retries what the `with` runs, bounded by its `stop` (unbounded without one).
        if lexed.language.family == .python, let retrying = header.first(where: { cursor in
            (lexed.token(cursor, is: "Retrying") || lexed.token(cursor, is: "AsyncRetrying"))
                && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
        }) {
            let close = lexed.partner[retrying + 1]
            guard close > retrying + 1 else { return .some(nil) }
            let arguments = (retrying + 1)...close
            guard let stop = arguments.first(where: { lexed.token($0, is: "stop") && lexed.token($0 + 1, isPunctuation: Byte.equals) })
            else { return .some(nil) }
            // A stop by time alone bounds no attempts, as `@retry(stop=stop_after_delay(…))`; a stop of the code's own
            // still ends the retries: judged bounded (one attempt stands for a count the code does not say).
            switch tenacityStop(lexed, in: stop...close) {
            case .attempts(let attempts): return .some(attempts)
            case .timeOnly: return .some(nil)
            case .unread: return .some(1)
            }
        }
        // Walks over collections are batch loops, not retries; `range(N)` and `N.times` are counters.
        let countsWithRange = header.contains { lexed.token($0, is: "range") && lexed.token($0 + 1, isPunctuation: Byte.openParen) }
        let walksCollection = header.contains {
            lexed.token($0, is: "in") || lexed.token($0, is: "of") || lexed.token($0, is: "range")
                || (lexed.language == .java && lexed.token($0, isPunctuation: Byte.colon))
        }
        if walksCollection && !countsWithRange { return nil }
        // `for rows.Next() {`, `while (rs.next())`, `for scanner.Scan() {`: each pass takes the next item, and a
        // `continue` on failure skips that item rather than calling again for it; a walk, not a retry.
        if header.contains(where: { advancesIterator(lexed, at: $0) }) { return nil }
        let handlesFailure = body.contains {
            lexed.token($0, is: "catch") || lexed.token($0, is: "except") || lexed.token($0, is: "rescue")
                || (lexed.language == .go && lexed.token($0, is: "err"))
        }
        guard handlesFailure else { return nil }
        // A counter from a start to an end (`range(1, 21)`, `for (let attempt = 1; attempt <= 20; attempt++)`),
        // else a bound written out, else one a name in the condition stands for (`attempt <= RETRY.maxRetries`).
        // Failing that, a counter the body checks (`while True:` … `attempts += 1; if attempts >= 3: raise`).
        let attempts = countedPasses(lexed, header: header)
            ?? header.lazy.compactMap { lexed.integer($0) }.first { $0 > 0 }
            ?? header.lazy.compactMap { lexed.constantInteger($0) }.first { $0 > 0 }
            ?? counterBound(lexed, body: body)
        return .some(attempts)
    }

    /// The passes a loop allows itself through a counter its body increments (`attempts += 1`, `attempt++`,
    /// `tries = tries + 1`) and compares with a bound where it gives up: `if attempts >= 3: raise`,
    /// `if (++attempt > MAX_RETRIES) throw err`, `if tries == 5 { return err }`, `raise if attempts > 3`. Nil when
    /// the body holds no such check.
    private static func counterBound(_ lexed: LexedSource, body: ClosedRange<Int>) -> Int? {
        let tokens = lexed.tokens
        func isGivingUp(_ index: Int) -> Bool {
            lexed.token(index, is: "raise") || lexed.token(index, is: "throw") || lexed.token(index, is: "break")
                || lexed.token(index, is: "return") || lexed.token(index, is: "fail")
        }
        func increments(_ name: ArraySlice<UInt8>) -> Bool {
            body.contains { cursor in
                guard tokens[cursor].kind == .identifier,
                      lexed.bytes[tokens[cursor].start..<tokens[cursor].end].elementsEqual(name)
                else { return false }
                let plusAfter = lexed.token(cursor + 1, isPunctuation: Byte.plus)
                    && (lexed.token(cursor + 2, isPunctuation: Byte.equals) || lexed.token(cursor + 2, isPunctuation: Byte.plus))
                let plusBefore = lexed.token(cursor - 1, isPunctuation: Byte.plus) && lexed.token(cursor - 2, isPunctuation: Byte.plus)
                // `tries = tries + 1`
                let reassigned = lexed.token(cursor + 1, isPunctuation: Byte.equals) && !lexed.token(cursor + 2, isPunctuation: Byte.equals)
                    && tokens.indices.contains(cursor + 3) && tokens[cursor + 2].kind == .identifier
                    && lexed.bytes[tokens[cursor + 2].start..<tokens[cursor + 2].end].elementsEqual(name)
                    && lexed.token(cursor + 3, isPunctuation: Byte.plus)
                return plusAfter || plusBefore || reassigned
            }
        }
        for cursor in body where tokens[cursor].kind == .identifier && cursor + 3 < tokens.count {
            // The comparison: `>=`, `>` or `==` (`===`), then the bound.
            var valueIndex: Int
            var extra = 0
            if lexed.token(cursor + 1, isPunctuation: Byte.greater) {
                if lexed.token(cursor + 2, isPunctuation: Byte.equals) {
                    valueIndex = cursor + 3
                } else {
                    valueIndex = cursor + 2
                    extra = 1
                }
            } else if lexed.token(cursor + 1, isPunctuation: Byte.equals), lexed.token(cursor + 2, isPunctuation: Byte.equals) {
                valueIndex = lexed.token(cursor + 3, isPunctuation: Byte.equals) ? cursor + 4 : cursor + 3
            } else {
                continue
            }
            guard let bound = lexed.integer(valueIndex) ?? lexed.constantInteger(valueIndex), bound > 0,
                  increments(lexed.bytes[tokens[cursor].start..<tokens[cursor].end])
            else { continue }
            // It gives up there: a raise, throw, break or return on the check's line or in the few tokens after it.
            let line = tokens[cursor].line
            var start = cursor
            while start > body.lowerBound, tokens[start - 1].line == line { start -= 1 }
            let end = min(valueIndex + 16, body.upperBound)
            guard start <= end, (start...end).contains(where: { isGivingUp($0) }) else { continue }
            return bound + extra
        }
        return nil
    }

    /// The passes of a counter from 1 or more to an end: Python's `range(start, stop)`, or a C-style header
    /// `i = start; i < end` / `i <= end`; nil when the header is neither, starts at 0 (its bound, read as it always
    /// was, is then the count of retries after the first attempt) or its numbers are not written out.
    private static func countedPasses(_ lexed: LexedSource, header: Range<Int>) -> Int? {
        func value(_ index: Int) -> Int? { lexed.integer(index) ?? lexed.constantInteger(index) }
        if let range = header.first(where: { lexed.token($0, is: "range") && lexed.token($0 + 1, isPunctuation: Byte.openParen) }),
           let start = lexed.integer(range + 2), lexed.token(range + 3, isPunctuation: Byte.comma), let stop = value(range + 4),
           lexed.token(range + 5, isPunctuation: Byte.closeParen)
        {
            return start >= 1 && stop > start ? stop - start : nil
        }
        // `i = 1;`, or Go's `i := 1;`.
        func counterBefore(_ equals: Int) -> Int? {
            if lexed.tokens[equals - 1].kind == .identifier { return equals - 1 }
            if equals - 2 >= header.lowerBound, lexed.token(equals - 1, isPunctuation: Byte.colon),
               lexed.tokens[equals - 2].kind == .identifier
            {
                return equals - 2
            }
            return nil
        }
        guard let initial = header.first(where: { cursor in
            cursor > header.lowerBound && lexed.token(cursor, isPunctuation: Byte.equals) && counterBefore(cursor) != nil
        }),
              let counterIndex = counterBefore(initial),
              let start = lexed.integer(initial + 1), start >= 1, lexed.token(initial + 2, isPunctuation: Byte.semicolon)
        else { return nil }
        let counter = lexed.text(counterIndex)
        for cursor in (initial + 3)..<header.upperBound where lexed.tokens[cursor].kind == .identifier && lexed.text(cursor) == counter {
            // `<=` is two tokens.
            guard lexed.token(cursor + 1, isPunctuation: Byte.less) else { return nil }
            let inclusive = lexed.token(cursor + 2, isPunctuation: Byte.equals)
            guard let end = value(cursor + (inclusive ? 3 : 2)) else { return nil }
            let passes = end - start + (inclusive ? 1 : 0)
            return passes > 0 ? passes : nil
        }
        return nil
    }

    /// Methods that move an iterator, cursor or reader to its next item, and say whether there was one.
    private static let iteratorAdvances = WordSet([
        "Next", "next", "Scan", "hasNext", "HasNext", "MoveNext", "MoveNextAsync", "Read", "ReadAsync", "readLine",
        "ReadLine", "fetch", "fetchone", "fetch_assoc", "fetchrow", "gets", "hasMoreElements", "NextResultSet",
    ])

    /// Whether token `index` calls a method that advances an iterator (`rows.Next()`, `cursor.fetchone()`, PHP
    /// `$stmt->fetch()`), or Python's `next(it, None)`.
    private static func advancesIterator(_ lexed: LexedSource, at index: Int) -> Bool {
        let token = lexed.tokens[index]
        guard token.kind == .identifier, lexed.token(index + 1, isPunctuation: Byte.openParen),
              iteratorAdvances.contains(lexed.bytes[token.start..<token.end])
        else { return false }
        return lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "->") || lexed.token(index, is: "next")
    }

    // MARK: Helpers

    /// The retries `sidekiq_options` in `scope` set (nil when they set none) and the lines that set them. The options
    /// run on past line ends after a comma or inside parentheses (`sidekiq_options queue: :llm,` / `  retry: 10`).
    private func sidekiqOptionRetries(in scope: ClosedRange<Int>) -> (retries: Int?, lines: [Int], statementLines: [Int]) {
        var retries: Int?
        var lines: [Int] = []
        var statementLines: [Int] = []
        for option in scope where lexed.token(option, is: "sidekiq_options") {
            statementLines.append(lexed.tokens[option].line)
            let statementEnd = lexed.token(option + 1, isPunctuation: Byte.openParen) && lexed.partner[option + 1] > option
                ? lexed.partner[option + 1] : nil
            var cursor = option + 1
            while cursor < lexed.tokens.count {
                if let statementEnd {
                    if cursor > statementEnd { break }
                } else if lexed.tokens[cursor].line != lexed.tokens[cursor - 1].line, !lexed.token(cursor - 1, isPunctuation: Byte.comma) {
                    break
                }
                if let value = sidekiqRetryValue(at: cursor) {
                    retries = value
                    lines.append(lexed.tokens[cursor].line)
                }
                if statementLines.last != lexed.tokens[cursor].line { statementLines.append(lexed.tokens[cursor].line) }
                cursor += 1
            }
        }
        return (retries, lines, statementLines)
    }

    /// The retries a `retry:` key at `cursor` sets (`retry: 10`, `"retry" => 10`, `retry: false`, `retry: true`).
    fileprivate func sidekiqRetryValue(at cursor: Int) -> Int? {
        guard lexed.token(cursor, is: "retry") || (lexed.tokens[cursor].kind == .string && lexed.text(cursor) == "retry"),
              lexed.token(cursor + 1, isPunctuation: Byte.colon) || lexed.token(cursor + 1, is: "=>")
        else { return nil }
        let value = cursor + 2
        if lexed.token(value, is: "false") { return 0 }
        if lexed.token(value, is: "true") { return 25 }
        return lexed.integer(value)
    }

    /// Whether token `index` names the base class of a class statement (`class SummarizeWorker < BaseWorker`).
    private func isSuperclass(_ index: Int) -> Bool {
        index >= 3 && lexed.token(index - 1, isPunctuation: Byte.less) && lexed.token(index - 3, is: "class")
    }

    /// When the module or class the constant at `index` names (`ApplicationWorker`, `Workers::Base`) is a Sidekiq
    /// worker of the project (it includes `Sidekiq::Job` or `Sidekiq::Worker`): the retries its options set, nil
    /// when they set none; nil overall when it is no worker.
    private func sidekiqWorkerBase(named index: Int) -> Int?? {
        guard lexed.tokens[index].kind == .identifier, let first = lexed.text(index).first, first.isUppercase else { return nil }
        var last = index
        while lexed.token(last + 1, isPunctuation: Byte.colon), lexed.token(last + 2, isPunctuation: Byte.colon),
              last + 3 < lexed.tokens.count, lexed.tokens[last + 3].kind == .identifier
        {
            last += 3
        }
        guard let base = declared(lexed.text(last)),
              base.body.contains(where: { base.scanner.lexed.token($0, is: "Sidekiq") && base.scanner.lexed.token($0 - 1, is: "include") })
        else { return nil }
        return .some(base.scanner.sidekiqOptionRetries(in: base.body).retries)
    }

    func enclosing(_ kind: BlockKind, of index: Int) -> Int? {
        lexed.enclosingBlocks(of: index).first { lexed.blocks[$0].kind == kind }
    }

    /// The token after `name=` inside `range`.
    func keyword(_ name: StaticString, in range: ClosedRange<Int>) -> Int? {
        for cursor in range where lexed.token(cursor, is: name) && lexed.token(cursor + 1, isPunctuation: Byte.equals) {
            return cursor + 2
        }
        return nil
    }

    /// The token after `name:` inside `range`.
    func keywordColon(_ name: StaticString, in range: ClosedRange<Int>) -> Int? {
        for cursor in range where lexed.token(cursor, is: name) && lexed.token(cursor + 1, isPunctuation: Byte.colon) {
            return cursor + 2
        }
        return nil
    }

    private func containsCall(_ name: StaticString, in range: ClosedRange<Int>) -> Bool {
        range.contains { lexed.token($0, is: name) && lexed.token($0 + 1, isPunctuation: Byte.openParen) }
    }
}

extension FileAnalysis {
    /// Whether a loop is a hand-written retry loop, whose repetitions are retries rather than batch work.
    func isRetryLoop(_ loop: Enclosure) -> Bool { retryLoops.contains(loop) }
}

/// A paid SDK client's own retry setting: `new OpenAI({ maxRetries: 1000 })`, `Anthropic(max_retries=50)`,
/// `client.with_options(max_retries=…)`, `option.WithMaxRetries(100)`, `.maxRetries(100)` on a builder, .NET's
/// `new ClientRetryPolicy(10)` in an OpenAI or Azure OpenAI client's options, a LangChain runnable's
/// `.with_retry(stop_after_attempt=8)` / `.withRetry({ stopAfterAttempt: 8 })`.
struct ClientRetrySettings {
    struct Setting {
        var provider: String
        var line: Int
        var column: Int
        var attempts: Int?
        /// The setting is a paid call's own (per-request options), not its client's.
        var retriesOneCall = false
        var setting: String
    }

    let lexed: LexedSource
    let catalogue: CompiledCatalogue
    /// The file's SDK calls by the token their chain starts at, with their providers: a setting among a paid call's
    /// own arguments (the per-request options of OpenAI's and Anthropic's SDKs, `create(body, { maxRetries: 8 })`)
    /// retries that call.
    var paidCallRoots: [Int: String] = [:]

    /// The integer a name the file imports is given where it is exported (`maxRetries: AI_MAX_RETRIES` after
    /// `import { AI_MAX_RETRIES } from "../config"`), when the file is read with the code index.
    var importedInteger: ((String) -> Int?)?

    /// The setting names, lowercased: asked of every identifier of every file with paid calls, so as bytes.
    /// `num_retries` is litellm's (on a call, a `Router`, or module-wide as `litellm.num_retries = N`) and so DSPy's,
    /// whose `dspy.LM` runs on litellm.
    private static let names = ["maxretries", "max_retries", "withmaxretries", "num_retries"].map { Array($0.utf8) }
    /// The providers whose retries `num_retries` sets.
    private static let numRetriesProviders: Set<String> = ["litellm", "dspy"]
    /// What every name holds.
    private static let nameCore = Array("retries".utf8)
    private static let clientRetryPolicyWord = Array("clientretrypolicy".utf8)
    private static let withRetryWord = Array("with_retry".utf8), withRetryCamelWord = Array("withretry".utf8)

    func all() -> [Setting] {
        // Every setting name holds "retries": a file without it (nearly every one) has none, its tokens unread.
        // .NET's `new ClientRetryPolicy(10)` (System.ClientModel, the OpenAI and Azure OpenAI SDKs' options) may give
        // its count without a name.
        let retryPolicies = lexed.language == .csharp && ByteSearch.containsFolded(lexed.bytes, Self.clientRetryPolicyWord)
        // LangChain's runnables retried by `.with_retry(stop_after_attempt=8)` / `.withRetry({ stopAfterAttempt: 8 })`.
        let runnableWord = lexed.language == .python ? Self.withRetryWord : lexed.language.isJavaScriptLike ? Self.withRetryCamelWord : nil
        let runnableRetries = runnableWord.map { ByteSearch.containsFolded(lexed.bytes, $0) } ?? false
        // LangChain JS's models retry 6 times unless told (`new ChatOpenAI({ model })`): judged as if written out.
        let langChainDefaults = lexed.language.isJavaScriptLike && ByteSearch.containsFolded(lexed.bytes, Self.langChainModuleWord)
        guard retryPolicies || runnableRetries || langChainDefaults || ByteSearch.containsFolded(lexed.bytes, Self.nameCore)
        else { return [] }
        let tokens = lexed.tokens
        var result: [Setting] = langChainDefaults ? langChainDefaultRetries() : []
        // The provider a file's imports bring, looked up at the first setting that needs it.
        var importedKnown = false
        var importedProvider: String?
        func imported() -> String? {
            if !importedKnown {
                importedKnown = true
                importedProvider = ImportScanner.modules(in: lexed).lazy.compactMap { module in
                    catalogue.providers(importing: CompiledCatalogue.normalizeModule(module)).first
                }.first.map { catalogue.providers[$0].id }
            }
            return importedProvider
        }
        // Read once here, not once per identifier of a setting's length (each read of a static checks its
        // initialisation and copies the array).
        let names = Self.names
        for index in tokens.indices where tokens[index].kind == .identifier {
            // By length first: most identifiers are turned away without touching their bytes.
            let length = tokens[index].end - tokens[index].start
            if retryPolicies, length == 17, lexed.token(index, is: "ClientRetryPolicy"), lexed.token(index + 1, isPunctuation: Byte.openParen),
               let retries = lexed.integer(index + 2), let provider = imported()
            {
                result.append(Setting(
                    provider: provider, line: tokens[index].line, column: tokens[index].column, attempts: retries + 1,
                    setting: "ClientRetryPolicy(\(retries))"))
                continue
            }
            if runnableRetries, length == 9 || length == 10, lexed.token(index, is: "with_retry") || lexed.token(index, is: "withRetry"),
               lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index + 1, isPunctuation: Byte.openParen),
               lexed.partner[index + 1] > index + 1
            {
                // `stop_after_attempt` attempts in all (3 by default: within the bound).
                let arguments = (index + 1)...lexed.partner[index + 1]
                if let set = arguments.first(where: { cursor in
                    (lexed.token(cursor, is: "stop_after_attempt") && lexed.token(cursor + 1, isPunctuation: Byte.equals))
                        || (lexed.token(cursor, is: "stopAfterAttempt") && lexed.token(cursor + 1, isPunctuation: Byte.colon))
                }), let attempts = lexed.integer(set + 2) ?? lexed.constantInteger(set + 2), let provider = imported() {
                    result.append(Setting(
                        provider: provider, line: tokens[set].line, column: tokens[set].column, attempts: attempts,
                        setting: "\(lexed.text(index))(\(lexed.text(set))\(lexed.text(set + 1))\(lexed.text(set + 2)))"))
                }
                continue
            }
            guard length == 10 || length == 11 || length == 14 else { continue }
            let word = lexed.bytes[tokens[index].start..<tokens[index].end]
            guard let matched = names.first(where: { name in
                name.count == word.count && zip(name, word).allSatisfy { $0 == Byte.lower($1) }
            }) else { continue }
            let name = String(decoding: matched, as: UTF8.self)
            // The value: `maxRetries: N`, `max_retries=N`, `WithMaxRetries(N)`, `.maxRetries(N)`.
            let valueIndex: Int
            if lexed.token(index + 1, isPunctuation: Byte.colon) || lexed.token(index + 1, isPunctuation: Byte.equals) {
                valueIndex = index + 2
            } else if lexed.token(index + 1, isPunctuation: Byte.openParen) {
                valueIndex = index + 2
            } else {
                continue
            }
            let attempts: Int?
            if let number = lexed.integer(valueIndex) {
                attempts = number + 1
            } else if lexed.token(valueIndex, is: "Infinity") || lexed.token(valueIndex, is: "None")
                        || lexed.token(valueIndex, is: "nil") {
                attempts = nil
            } else if lexed.tokens[valueIndex].kind == .identifier, !lexed.token(valueIndex + 1, isPunctuation: Byte.dot),
                      let number = lexed.constantInteger(valueIndex) ?? importedInteger?(lexed.text(valueIndex))
            {
                attempts = number + 1  // `maxRetries: AI_MAX_RETRIES`, the constant given here or in the module it comes from
            } else {
                continue
            }
            let provider: String
            if name == "num_retries" {
                // Only litellm's knob: a function's own `num_retries` parameter retries nothing paid.
                guard let found = clientProvider(around: index).flatMap({ Self.numRetriesProviders.contains($0) ? $0 : nil })
                    ?? providerImported(among: Self.numRetriesProviders)
                else { continue }
                provider = found
            } else {
                guard let found = clientProvider(around: index) ?? (name == "withmaxretries" ? imported() : nil)
                    ?? (lexed.token(index - 1, isPunctuation: Byte.dot) ? imported() : nil)
                    ?? (retryPolicies && lexed.token(index - 2, is: "ClientRetryPolicy") ? imported() : nil)
                else { continue }
                provider = found
            }
            let start = name == "withmaxretries" && lexed.token(index - 1, isPunctuation: Byte.dot) && index >= 2 ? index - 2 : index
            result.append(Setting(
                provider: provider, line: tokens[start].line, column: tokens[start].column, attempts: attempts,
                retriesOneCall: !paidCallRoots.isEmpty && retriesOneCall(at: index),
                setting: lexed.text(index) + (lexed.token(index + 1, isPunctuation: Byte.openParen) ? "(" : "=")
                    + lexed.text(valueIndex) + (lexed.token(index + 1, isPunctuation: Byte.openParen) ? ")" : "")))
        }
        return result
    }

    /// The provider of the SDK constructor (or `with_options` of a client, or a paid call given per-request options)
    /// whose arguments hold token `index`.
    private func clientProvider(around index: Int) -> String? {
        // The innermost enclosing parenthesis, through an object literal (`new OpenAI({ maxRetries })`).
        var open = -1
        for candidate in stride(from: index - 1, through: max(0, index - 400), by: -1)
        where lexed.token(candidate, isPunctuation: Byte.openParen) && lexed.partner[candidate] > index {
            open = candidate
            break
        }
        guard open > 0, lexed.tokens[open - 1].kind == .identifier else { return nil }
        let callee = open - 1
        if lexed.token(callee, is: "with_options") || lexed.token(callee, is: "withOptions") {
            return constructedProvider()
        }
        if let provider = catalogue.provider(symbolAt: callee, in: lexed) { return catalogue.providers[provider].id }
        if lexed.language == .ruby, lexed.token(callee, is: "new"), lexed.token(callee - 1, isPunctuation: Byte.dot) {
            return rubyClassProvider(endingAt: callee - 2)
        }
        return paidCallRoots.isEmpty ? nil : paidCallRoots[FactExtractor.chainStart(lexed, at: callee)]
    }

    /// The provider a Ruby class constant names by one of its segments (`Anthropic::Client` before `.new(…)`).
    private func rubyClassProvider(endingAt last: Int) -> String? {
        var cursor = last
        while cursor >= 0, lexed.tokens[cursor].kind == .identifier {
            if let provider = catalogue.provider(symbolAt: cursor, in: lexed) { return catalogue.providers[provider].id }
            if lexed.token(cursor - 1, is: "::") {
                cursor -= 2
            } else if lexed.token(cursor - 1, isPunctuation: Byte.colon), lexed.token(cursor - 2, isPunctuation: Byte.colon) {
                cursor -= 3
            } else {
                break
            }
        }
        return nil
    }

    /// Whether the setting at `index` is among the arguments of one of the file's paid calls rather than of a client's
    /// constructor or `with_options`.
    private func retriesOneCall(at index: Int) -> Bool {
        var open = index - 1
        while open >= max(0, index - 400), !(lexed.token(open, isPunctuation: Byte.openParen) && lexed.partner[open] > index) {
            open -= 1
        }
        guard open > 0, lexed.tokens[open - 1].kind == .identifier else { return false }
        // A function the SDK exports is the paid call itself (`generateText({ …, maxRetries: 8 })`), where a type
        // is a client's constructor (`new Anthropic({ maxRetries: 8 })`).
        let isFunctionCall = paidCallRoots[open - 1] != nil && !lexed.token(open - 2, is: "new")
            && !lexed.token(lexed.partner[open] + 1, isPunctuation: Byte.dot)
        guard isFunctionCall || catalogue.provider(symbolAt: open - 1, in: lexed) == nil else { return false }
        return paidCallRoots[FactExtractor.chainStart(lexed, at: open - 1)] != nil
    }

    private static let langChainModuleWord = Array("@langchain/".utf8)
    /// LangChain JS's model and embeddings classes: each runs its requests through an `AsyncCaller`, which retries a
    /// failed one 6 times unless the constructor's `maxRetries` says otherwise (the SDK client inside it is made
    /// with none of its own).
    private static let langChainJSModels: Set<String> = [
        "ChatOpenAI", "AzureChatOpenAI", "ChatAnthropic", "ChatGoogleGenerativeAI", "ChatVertexAI", "ChatMistralAI",
        "ChatGroq", "ChatCohere", "ChatBedrockConverse", "ChatFireworks", "ChatTogetherAI", "ChatXAI", "ChatDeepSeek",
        "OpenAIEmbeddings", "AzureOpenAIEmbeddings", "CohereEmbeddings", "MistralAIEmbeddings",
        "GoogleGenerativeAIEmbeddings", "VertexAIEmbeddings",
    ]
    private static let langChainDefaultRetries = 6

    /// The LangChain JS models the file constructs with their default retries: `new ChatOpenAI()` or with an object
    /// literal naming no `maxRetries` (one naming it is read as every client's setting is; options from elsewhere,
    /// a variable or a spread, may set it, and a `.withRetry(…)` after it is its own setting).
    private func langChainDefaultRetries() -> [Setting] {
        var result: [Setting] = []
        for index in lexed.tokens.indices
        where lexed.tokens[index].kind == .identifier && lexed.token(index, is: "new") {
            let type = index + 1
            guard lexed.tokens.indices.contains(type + 1), lexed.tokens[type].kind == .identifier,
                  lexed.token(type + 1, isPunctuation: Byte.openParen), lexed.partner[type + 1] > type + 1,
                  Self.langChainJSModels.contains(lexed.text(type))
            else { continue }
            let close = lexed.partner[type + 1]
            let arguments = (type + 2)..<close
            if !arguments.isEmpty {
                // One object literal, nothing else: `({ model: "gpt-4o-mini", temperature: 0 })`.
                guard lexed.token(type + 2, isPunctuation: Byte.openBrace), lexed.partner[type + 2] == close - 1,
                      !arguments.contains(where: { lexed.token($0, is: "maxRetries")
                          || (lexed.token($0, isPunctuation: Byte.dot) && lexed.token($0 + 1, isPunctuation: Byte.dot)) })
                else { continue }
            }
            if lexed.token(close + 1, isPunctuation: Byte.dot), lexed.token(close + 2, is: "withRetry") { continue }
            result.append(Setting(
                provider: "langchain", line: lexed.tokens[index].line, column: lexed.tokens[index].column,
                attempts: Self.langChainDefaultRetries + 1,
                setting: "new \(lexed.text(type))(…) without maxRetries: LangChain's default of \(Self.langChainDefaultRetries) retries"))
        }
        return result
    }

    /// The first of `providers` the file's imports bring, if any.
    private func providerImported(among providers: Set<String>) -> String? {
        ImportScanner.modules(in: lexed).lazy.flatMap { module in
            catalogue.providers(importing: CompiledCatalogue.normalizeModule(module))
        }.map { catalogue.providers[$0].id }.first { providers.contains($0) }
    }

    /// `client.with_options(…)`: the provider of the SDK client the file constructs.
    private func constructedProvider() -> String? {
        lexed.tokens.indices.lazy
            .filter { lexed.token($0 + 1, isPunctuation: Byte.openParen) }
            .compactMap { catalogue.provider(symbolAt: $0, in: lexed) }
            .first.map { catalogue.providers[$0].id }
    }
}

/// Symfony Messenger's retries of a failed message, as the project's messenger configuration sets them.
enum MessengerDefaults {
    /// Messenger's own retry strategy: 3 retries.
    static let unset = (retries: 3, setting: "Messenger's default of 3 retries")

    /// The largest `max_retries` a messenger configuration file of the project gives (config/packages/messenger.yaml,
    /// an environment's copy), else Messenger's default.
    static func maxRetries(in project: Project) -> (retries: Int, setting: String) {
        project.configuration("symfony-messenger-max-retries") { () -> (retries: Int, setting: String) in
            var found: (retries: Int, setting: String)?
            for path in project.paths where path.hasPrefix("config/") && path.contains("messenger")
                && (path.hasSuffix(".yaml") || path.hasSuffix(".yml"))
            {
                guard let bytes = project.contents(of: path) else { continue }
                var searchFrom = 0
                while case let at = bytes.withUnsafeBufferPointer({ ByteSearch.find(Self.maxRetriesKey, in: $0, from: searchFrom) }),
                      at < bytes.count
                {
                    searchFrom = at + Self.maxRetriesKey.count
                    var cursor = searchFrom
                    while cursor < bytes.count, bytes[cursor] == Byte.space { cursor += 1 }
                    var value = 0
                    var digits = 0
                    while cursor < bytes.count, bytes[cursor] >= UInt8(ascii: "0"), bytes[cursor] <= UInt8(ascii: "9"), digits < 6 {
                        value = value * 10 + Int(bytes[cursor] - UInt8(ascii: "0"))
                        cursor += 1
                        digits += 1
                    }
                    if digits > 0, value > (found?.retries ?? -1) { found = (value, "max_retries: \(value) in \(path)") }
                }
            }
            return found ?? unset
        }
    }

    private static let maxRetriesKey = Array("max_retries:".utf8)
}

/// Sidekiq's retries for workers that set none, as the project configures them once for all
/// (`Sidekiq.default_job_options = { "retry" => 3 }`, `default_worker_options` before Sidekiq 7), else 25.
enum SidekiqDefaults {
    static let sidekiqDefault = 25

    /// Whether the application's configuration (config/application.rb, an environment's file) sets ActiveJob's queue
    /// adapter to Sidekiq: `config.active_job.queue_adapter = :sidekiq`.
    static func runsActiveJob(in project: Project) -> Bool {
        project.configuration("active-job-on-sidekiq") { () -> Bool in
            let candidates = project.paths.filter { path in
                path.hasSuffix(".rb") && (path == "config/application.rb" || path.hasPrefix("config/environments/")
                    || path.hasSuffix("/config/application.rb") || path.contains("/config/environments/"))
            }
            for path in candidates {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.queueAdapterWord) else { continue }
                let lexed = Lexer.lex(bytes, language: .ruby)
                for index in lexed.tokens.indices where lexed.token(index, is: "queue_adapter")
                    && lexed.token(index + 1, isPunctuation: Byte.equals)
                {
                    // `:sidekiq` is lexed as a symbol: a colon, then the name.
                    if lexed.token(index + 2, is: ":sidekiq") || lexed.token(index + 3, is: "sidekiq") { return true }
                }
            }
            return false
        }
    }

    private static let queueAdapterWord = Array("queue_adapter".utf8)

    static func retries(in project: Project) -> Int {
        project.configuration("sidekiq-default-retries") { () -> Int in
            // Set where Sidekiq is configured: an initializer (config/initializers/sidekiq.rb) or a sidekiq*.rb file.
            let candidates = project.paths.filter { path in
                path.hasSuffix(".rb") && (path.hasPrefix("config/") || path.contains("/config/") || path.contains("sidekiq"))
            }
            for path in candidates {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Array("default_".utf8)) else { continue }
                let lexed = Lexer.lex(bytes, language: .ruby)
                let scanner = RetryScanner(lexed: lexed, bound: 0)
                for index in lexed.tokens.indices
                where lexed.token(index, is: "default_job_options") || lexed.token(index, is: "default_worker_options") {
                    // The assigned hash (`= { … }`) or the key set alone (`["retry"] = 3`).
                    var cursor = index + 1
                    let end = lexed.token(cursor, isPunctuation: Byte.equals) && lexed.token(cursor + 1, isPunctuation: Byte.openBrace)
                        ? lexed.partner[cursor + 1] : min(lexed.tokens.count - 1, cursor + 4)
                    while cursor <= end {
                        if let retries = scanner.sidekiqRetryValue(at: cursor) { return retries }
                        if lexed.tokens[cursor].kind == .string, lexed.text(cursor) == "retry",
                           lexed.token(cursor + 1, isPunctuation: Byte.closeBracket), lexed.token(cursor + 2, isPunctuation: Byte.equals)
                        {
                            return lexed.token(cursor + 3, is: "false") ? 0 : lexed.integer(cursor + 3) ?? sidekiqDefault
                        }
                        cursor += 1
                    }
                }
            }
            return sidekiqDefault
        }
    }
}
