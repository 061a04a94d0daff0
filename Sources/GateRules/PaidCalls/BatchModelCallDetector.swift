import GateCore

/// A paid call that repeats: in a loop or fan-out, in background work, or through a batch API.
public struct BatchModelCallDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "batch-model-call", name: "Paid call in a loop, job or batch", category: .batchModelCall,
        rationale: """
            A paid call that runs once per item multiplies its cost by the size of the data, and background work \
            runs unattended and is retried: a nightly job over every user, a `map` over every document, a worker \
            that processes a queue. Reported for paid calls (direct, or through a function of the same file) added \
            inside a loop or fan-out (for/while, braced or a single statement, each/find_each/times, map/forEach, Promise.all, asyncio.gather, \
            executor map, PHP array_map/array_walk, pandas apply, Java streams, comprehensions, goroutines in a range loop; a function handed to one by \
            name or reference, `docs.map(summarize)`, `pool.map(embed, docs)`, `pool.submit(embed, doc)`, `docs.stream().map(this::summarize)` \
            or Kotlin's `docs.map(::summarize)`, counts as called there; an Optional's `map` is no loop), anywhere in background work (paths under \
            jobs/, workers/, tasks/, cron/, queues/, scripts/, the policy's paths.jobs, or files marked by Celery, \
            RQ, Dramatiq, ARQ, huey, Procrastinate, Sidekiq, ActiveJob, Laravel's ShouldQueue, BullMQ/Bee, pg-boss, Temporal, River, \
            machinery, gocraft/work, Spring @Scheduled and message listeners, Quartz, JobRunr, MassTransit, NServiceBus, Azure \
            Functions' timer and queue triggers (in Node.js's v4 model too, `app.timer(…)`), Firebase's scheduled, task-queue \
            and Pub/Sub functions — in a file that registers HTTP functions too, only the scheduled or queue-fed function and the \
            file's functions it calls —, Symfony Messenger handlers, Scheduler tasks and console commands, cron \
            schedulers, a Cloudflare Worker's `scheduled` or `queue` handler, a route Vercel's cron jobs request, by \
            `vercel.json`'s `crons`, or a Lambda handler `serverless.yml` or a SAM template runs on a schedule, queue or \
            stream and on no HTTP event, a program a scheduled GitHub Actions workflow's steps run, or code a \
            scheduler's configuration names: Solid Queue's `recurring.yml` (`command: "Feed.refresh!"` makes that \
            method scheduled, `class: RefreshJob` the class), sidekiq-cron's and sidekiq-scheduler's schedules, GoodJob's \
            `config.good_job.cron`, whenever's `runner`/`rake`/`command`, clockwork's `every` blocks, Laravel's \
            `$schedule->command/job/call` and `Schedule::…`, and the commands of a Kubernetes CronJob, a Render cron \
            service, a systemd timer's service, a crontab kept in the repository (or one supercronic runs) or a scheduled \
            workflow: `python manage.py x`, `rake x:y`, `rails runner "X.y"`, `php artisan x:y`, `python -m x`; or a \
            function of another file that code registered with a scheduler hands it or calls: APScheduler's \
            `add_job(refresh, …)`, node-cron's `cron.schedule("…", rank)`, robfig/cron's `c.AddFunc("…", digest.Send)`, \
            Hangfire's `RecurringJob.AddOrUpdate<T>(…, s => s.Run(), …)`, what a Spring `@Scheduled` method calls, what a \
            task Celery beat runs calls), and \
            for every call to a provider's batch API (a vector store or index built from documents with paid embeddings, \
            `FAISS.from_documents(chunks, OpenAIEmbeddings())`, `PGVectorStore.fromDocuments(…)`, LlamaIndex's \
            `VectorStoreIndex.from_documents(docs)`, embeds the whole corpus: one too). A call added inside an existing loop counts, and so does an \
            existing call the change moves into a loop; one it only edits where it repeated already (re-wrapped, \
            its model changed) does not, nor does one moved into another file's loop from a loop of the function \
            that now calls it (a call that did not repeat and now does is new batch work). Across files, \
            a new call of a function that reaches a paid call counts the same way, and so do a job enqueued \
            (`perform_later`, `.delay`, Laravel `dispatch`, JobRunr's and Hangfire's `BackgroundJob.enqueue(…)`) or \
            scheduled (Celery's `add_periodic_task(…, task.s())`, a beat schedule's `"task": "app.tasks.x"` in \
            `beat_schedule`/`CELERY_BEAT_SCHEDULE`, a django-celery-beat `PeriodicTask`'s `task=` or \
            `add_periodic_task(…, signature("digest.send"))`, a task registered under a name of its own, \
            `@app.task(name="digest.send")`, being that name's; a Celery schedule entry the change adds beside the \
            batch work of the task it runs, added too, is reported once, in the task; BullMQ's repeatable \
            `queue.add(…, { repeat })` and `upsertJobScheduler`, on a queue made or injected by name or by a shared \
            constant, one file's string and another's imported constant naming the same queue), a Spring `@Async` method, and a queue worker registered with a processor \
            imported from another file (BullMQ `new Worker("q", summarize)`, a NestJS `@Processor("q")` class's `process`, \
            Bull/Bee-Queue `someQueue.process(summarize)`) whose handler reaches one. Shell text's requests to a paid \
            host (curl, wget, HTTPie, xh, `Invoke-RestMethod`; see paid-http-call) and providers' command-line tools \
            (`openai api …create`, `ant messages create`, `llm -m gpt-4o`, `gcloud ai endpoints predict`, \
            `aws bedrock-runtime converse`) repeat inside a `for`/`while`/`until` \
            loop, when `xargs`, `parallel` or `find -exec` runs them per item, in a crontab, in a GitHub workflow \
            triggered `on: schedule` (or a GitLab file run for scheduled pipelines), in a Kubernetes CronJob's container \
            `command:`/`args:`, a Render cron service's `startCommand`, a systemd service a timer of its name starts, \
            and in a shell script kept where \
            background work is (`scripts/`, `jobs/`, `cron/`…, the policy's paths.jobs); a batch job such a tool \
            submits (`ant messages:batches create`, `aws bedrock create-model-invocation-job`, \
            `gcloud ai batch-prediction-jobs create`) is batch work wherever it runs. A scheduler's configuration is \
            reported itself where the change adds an entry (sidekiq-cron, sidekiq-scheduler, Solid Queue, GoodJob, \
            whenever, clockwork, Laravel, a Kubernetes CronJob, a Render cron service, a systemd timer, a crontab) whose \
            code reaches a paid call, or edits an entry's timing to run more often (cron expressions, `every:` \
            durations, fugit's words, Laravel's frequency methods and systemd's `OnCalendar=` shorthands compared by \
            runs a day; so are robfig/cron's, node-cron's and `CronJob`'s timing strings in code), \
            unless the change adds that paid call too (reported where it is).
            """,
        triggering: [
            // Shell text: a request in a shell loop, run per item by xargs, in a scheduled workflow or a crontab.
            DetectorExample("""
                #!/usr/bin/env bash
                for f in docs/*.md; do
                  ↓curl -sS https://api.openai.com/v1/embeddings -H "Authorization: Bearer $OPENAI_API_KEY" \\
                    -d "$(jq -n --rawfile t "$f" '{model:"text-embedding-3-small", input:$t}')" > "out/$(basename "$f").json"
                done
                """, path: "tools/reindex.sh"),
            DetectorExample("""
                reindex:
                	ls docs/*.md | xargs -I{} ↓curl -s https://api.cohere.com/v2/embed -d @{}
                """, path: "Makefile"),
            DetectorExample("""
                name: hourly digest
                on:
                  schedule:
                    - cron: "0 * * * *"
                jobs:
                  digest:
                    runs-on: ubuntu-latest
                    steps:
                      - run: |
                          ↓curl -sS https://api.openai.com/v1/chat/completions -d @digest.json
                """, path: ".github/workflows/digest.yml"),
            DetectorExample("""
                MAILTO=ops@example.com
                0 3 * * * ↓curl -s https://api.anthropic.com/v1/messages -d @/etc/digest.json
                """, path: "deploy/crontab"),
            DetectorExample("""
                apiVersion: batch/v1
                kind: CronJob
                spec:
                  schedule: "0 7 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - name: digest
                              image: curlimages/curl:8.8.0
                              command: ["/bin/sh", "-c", "↓curl -sS https://api.anthropic.com/v1/messages -d @/config/digest.json"]
                """, path: "deploy/k8s/digest.yaml"),
            // Providers' command-line tools repeat the same way; a batch job they submit is batch work by itself.
            DetectorExample("""
                summaries:
                	ls tickets/*.txt | xargs -I{} ↓llm -m gpt-4o-mini -s "Summarise" -f {}
                	for f in docs/*.md; do ↓openai api chat.completions.create -m gpt-4o-mini -g user "$$(cat $$f)"; done
                """, path: "Makefile"),
            DetectorExample("""
                name: nightly labels
                on:
                  schedule:
                    - cron: "0 2 * * *"
                jobs:
                  label:
                    runs-on: ubuntu-latest
                    steps:
                      - run: ↓aws bedrock-runtime invoke-model --model-id anthropic.claude-3-haiku-20240307-v1:0 --body fileb://req.json out.json
                """, path: ".github/workflows/nightly.yml"),
            DetectorExample("""
                #!/bin/sh
                ↓ant messages:batches create --requests @requests.jsonl
                ↓aws bedrock create-model-invocation-job --job-name "evals-$(date +%s)" --model-id "$MODEL" \
                  --role-arn "$ROLE" --input-data-config file://in.json --output-data-config file://out.json
                """, path: "eval/submit.sh"),
            // An ingestion script: a vector store built from every chunk with paid embeddings.
            DetectorExample("""
                from langchain_community.vectorstores import FAISS
                from langchain_openai import OpenAIEmbeddings

                chunks = load_chunks("docs")
                store = ↓FAISS.from_documents(chunks, OpenAIEmbeddings())
                store.save_local("index")
                """, path: "ingest.py"),
            // A Modal function run on a schedule, unattended; the file's other functions are not.
            DetectorExample("""
                import modal

                app = modal.App("daily-digest")


                @app.function(schedule=modal.Cron("0 7 * * *"), secrets=[modal.Secret.from_name("anthropic")])
                def daily_digest():
                    import anthropic

                    msg = ↓anthropic.Anthropic().messages.create(model="claude-3-5-sonnet-latest", max_tokens=1024, messages=[{"role": "user", "content": news()}])
                    post(msg.content[0].text)
                """, path: "digest_modal.py"),
            // A Temporal TypeScript workflow's module: workflow code runs on a worker.
            DetectorExample("""
                import { proxyActivities } from "@temporalio/workflow";
                import OpenAI from "openai";

                const { notify } = proxyActivities({ startToCloseTimeout: "1 minute" });
                const openai = new OpenAI();

                export async function digest(text: string) {
                  const r = await ↓openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                  await notify(r.choices[0].message.content);
                }
                """, path: "src/workflows.ts"),
            // An existing call moved into a loop: the call was there, its repetition was not.
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()


                def digest(texts):
                    out = []
                    for text in texts:
                        r = ↓client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
                        out.append(r.choices[0].message.content)
                    return out
                """, path: "app/digest.py",
                base: """
                from openai import OpenAI

                client = OpenAI()


                def digest(texts):
                    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "\\n".join(texts)}])
                    return [r.choices[0].message.content]
                """),
            // A notebook's code cells are Python, read on the notebook's own lines.
            DetectorExample(#"""
                {
                 "cells": [
                  {
                   "cell_type": "code",
                   "execution_count": 1,
                   "metadata": {},
                   "outputs": [],
                   "source": [
                    "from openai import OpenAI\n",
                    "client = OpenAI()\n",
                    "for review in reviews:\n",
                    "    labels.append(↓client.chat.completions.create(model=\"gpt-4o-mini\", messages=[{\"role\": \"user\", \"content\": review}]))\n"
                   ]
                  }
                 ],
                 "metadata": {},
                 "nbformat": 4,
                 "nbformat_minor": 5
                }
                """#, path: "notebooks/label_reviews.ipynb"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize_all(docs):
                    for doc in docs:
                        doc.status = "pending"
                        doc.summary = ↓client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": doc.text}])
                """, path: "app/summaries.py",
                base: """
                from openai import OpenAI

                client = OpenAI()

                def summarize_all(docs):
                    for doc in docs:
                        doc.status = "pending"
                """),
            // A function of the SDK's module imported by name (`litellm.completion`), called for each row.
            DetectorExample("""
                from litellm import completion

                def grade(rows):
                    for row in rows:
                        verdict = ↓completion(model="gpt-4o-mini", messages=[{"role": "user", "content": row["answer"]}])
                        row["grade"] = verdict.choices[0].message.content
                """, path: "evals/grade.py"),
            // Elixir: an Oban worker's perform runs once per job, and `Task.async_stream` once per element.
            DetectorExample("""
                defmodule Notes.Summarizer do
                  use Oban.Worker, queue: :ai

                  @impl Oban.Worker
                  def perform(%Oban.Job{args: %{"text" => text}}) do
                    ↓OpenaiEx.Chat.Completions.create(OpenaiEx.new(System.fetch_env!("OPENAI_API_KEY")), %{model: "gpt-4o-mini", messages: [%{role: "user", content: text}]})
                  end
                end
                """, path: "lib/notes/summarizer.ex"),
            DetectorExample("""
                defmodule Notes.Backfill do
                  def run(notes, openai) do
                    Task.async_stream(notes, fn note -> ↓OpenaiEx.Chat.Completions.create(openai, %{model: "gpt-4o-mini", input: note.body}) end)
                  end
                end
                """, path: "lib/notes/backfill.ex"),
            DetectorExample("""
                import OpenAI from "openai";
                const openai = new OpenAI();
                export async function embedAll(items) {
                  return Promise.all(items.map((item) => ↓openai.embeddings.create({ model: "text-embedding-3-small", input: item.text })));
                }
                """, path: "src/embed.ts"),
            DetectorExample("""
                import anthropic

                client = anthropic.Anthropic()

                def run():
                    report = ↓client.messages.create(model="claude-sonnet-4-5", max_tokens=2048, messages=[{"role": "user", "content": "weekly digest"}])
                    publish(report)
                """, path: "jobs/weekly_digest.py"),
            DetectorExample("""
                class DigestMailer
                  def deliver_all
                    client = OpenAI::Client.new
                    User.find_each do |user|
                      text = ↓client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: user.activity }] })
                      UserMailer.digest(user, text).deliver_later
                    end
                  end
                end
                """, path: "app/services/digest_mailer.rb"),
            DetectorExample("""
                package summarize

                import openai "github.com/sashabaranov/go-openai"

                func All(ctx context.Context, client *openai.Client, docs []Doc) {
                	for _, doc := range docs {
                		go func(d Doc) {
                			resp, err := ↓client.CreateChatCompletion(ctx, requestFor(d))
                			handle(resp, err)
                		}(doc)
                	}
                }
                """, path: "internal/summarize/all.go"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()
                batch = ↓client.batches.create(input_file_id=upload.id, endpoint="/v1/chat/completions", completion_window="24h")
                """, path: "app/batch.py"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize(doc):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": doc}])

                def summarize_many(docs):
                    return [↓summarize(doc) for doc in docs]
                """, path: "app/many.py",
                base: """
                from openai import OpenAI

                client = OpenAI()

                def summarize(doc):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": doc}])
                """),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize(doc):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": doc}])

                def summarize_many(docs):
                    return [↓summarize(doc) for doc in docs]

                def main():
                    summarize_many(load_docs())
                """, path: "app/many.py"),
            DetectorExample("""
                package sum

                import openai "github.com/sashabaranov/go-openai"

                var client = openai.NewClient(os.Getenv("OPENAI_API_KEY"))

                func summarize(ctx context.Context, text string) (openai.ChatCompletionResponse, error) {
                	return client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini,
                		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: text}}})
                }

                func SummarizeAll(ctx context.Context, texts []string) {
                	for _, t := range texts {
                		↓summarize(ctx, t)
                	}
                }
                """, path: "internal/sum/sum.go"),
            DetectorExample("""
                class Digest
                  def initialize
                    @client = OpenAI::Client.new
                  end

                  def summarize(text)
                    @client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
                  end

                  def run_all
                    User.find_each { |u| ↓summarize(u.activity) }
                  end
                end
                """, path: "app/services/digest.rb"),
            DetectorExample("""
                import asyncio
                from anthropic import AsyncAnthropic

                client = AsyncAnthropic()

                async def answer_all(questions):
                    return await asyncio.gather(*[↓client.messages.create(model="claude-haiku-4-5", max_tokens=256, messages=[{"role": "user", "content": q}]) for q in questions])
                """, path: "app/answers.py"),
            DetectorExample("""
                import { Worker } from "bullmq";
                import OpenAI from "openai";

                const openai = new OpenAI();

                new Worker("summaries", async (job) => {
                  const r = await ↓openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: job.data.text }] });
                  await save(job.data.id, r.choices[0].message.content);
                });
                """, path: "src/queue/summaries.ts"),
            DetectorExample("""
                from concurrent.futures import ThreadPoolExecutor
                from openai import OpenAI

                client = OpenAI()

                def embed(text):
                    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding

                def embed_all(docs):
                    with ThreadPoolExecutor(max_workers=8) as pool:
                        return list(pool.map(↓embed, docs))
                """, path: "app/embeddings.py"),
            // Each future an executor is handed in a comprehension runs the function once per item.
            DetectorExample("""
                from concurrent.futures import ThreadPoolExecutor, as_completed
                from openai import OpenAI

                client = OpenAI()

                def embed(text):
                    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding

                def embed_all(docs):
                    with ThreadPoolExecutor(max_workers=8) as pool:
                        futures = [pool.submit(↓embed, doc) for doc in docs]
                        return [future.result() for future in as_completed(futures)]
                """, path: "app/embeddings.py"),
            // PHP's array_map calls its callback for every element.
            DetectorExample("""
                <?php

                namespace App\\Services;

                use OpenAI\\Laravel\\Facades\\OpenAI;

                class Embedder
                {
                    public function embedAll(array $texts): array
                    {
                        return array_map(fn (string $text) => ↓OpenAI::embeddings()->create(['model' => 'text-embedding-3-small', 'input' => $text]), $texts);
                    }
                }
                """, path: "app/Services/Embedder.php"),
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                async function summarize(text: string) {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                  return r.choices[0].message.content;
                }

                export async function summarizeAll(docs: string[]) {
                  return Promise.allSettled(docs.map(↓summarize));
                }
                """, path: "src/lib/summaries.ts"),
            // A loop whose body is one statement without braces, here spanning two lines.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export async function embedRows(rows) {
                  const results = [];
                  for (const row of rows)
                    results.push(await ↓openai.embeddings.create({ model: "text-embedding-3-small", input: row.text }));
                  return results;
                }
                """, path: "src/embed-rows.ts"),
            // A schedule makes the file background work: gocron, APScheduler, `schedule`, Agenda, Inngest.
            DetectorExample("""
                package digest

                import (
                	"context"
                	"time"

                	"github.com/go-co-op/gocron"
                	openai "github.com/sashabaranov/go-openai"
                )

                func Start(client *openai.Client) {
                	s := gocron.NewScheduler(time.UTC)
                	s.Every(1).Day().At("07:00").Do(func() {
                		↓client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "gpt-4o-mini"})
                	})
                	s.StartAsync()
                }
                """, path: "internal/digest/schedule.go"),
            // A method reference handed to a stream runs the paid method once per element.
            DetectorExample("""
                package com.acme;

                import com.openai.client.OpenAIClient;
                import com.openai.client.okhttp.OpenAIOkHttpClient;
                import com.openai.models.chat.completions.ChatCompletionCreateParams;
                import java.util.List;

                public class Summarizer {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    public String summarize(String doc) {
                        return client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(doc).build()).toString();
                    }

                    public List<String> summarizeAll(List<String> docs) {
                        return docs.stream().map(↓this::summarize).toList();
                    }
                }
                """, path: "src/main/java/com/acme/Summarizer.java",
                base: """
                package com.acme;

                import com.openai.client.OpenAIClient;
                import com.openai.client.okhttp.OpenAIOkHttpClient;
                import com.openai.models.chat.completions.ChatCompletionCreateParams;
                import java.util.List;

                public class Summarizer {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    public String summarize(String doc) {
                        return client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(doc).build()).toString();
                    }
                }
                """),
            // Kotlin's collection operations run their lambda once per element, as `map` does.
            DetectorExample("""
                package com.acme

                import com.openai.client.OpenAIClient
                import com.openai.models.chat.completions.ChatCompletionCreateParams

                class Labels(private val client: OpenAIClient) {
                    fun labelAll(docs: List<String>) = docs.associateWith { doc ->
                        ↓client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(doc).build())
                    }
                }
                """, path: "src/main/kotlin/com/acme/Labels.kt"),
            // A River worker, wherever its file lies, runs once per job.
            DetectorExample("""
                package summarize

                import (
                	"context"

                	"github.com/riverqueue/river"
                	openai "github.com/sashabaranov/go-openai"
                )

                type SummarizeWorker struct {
                	river.WorkerDefaults[SummarizeArgs]
                	Client *openai.Client
                }

                func (w *SummarizeWorker) Work(ctx context.Context, job *river.Job[SummarizeArgs]) error {
                	_, err := ↓w.Client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                	return err
                }
                """, path: "internal/summarize/summarize.go"),
            // Azure Functions' Node.js v4 model: a timer trigger runs unattended, once per tick, with no loop in sight.
            DetectorExample("""
                const { app } = require("@azure/functions");
                const OpenAI = require("openai");

                const openai = new OpenAI();

                app.timer("digest", {
                  schedule: "0 */5 * * * *",
                  handler: async (timer, context) => {
                    const digest = await ↓openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Summarize the queue" }] });
                    context.log(digest.choices[0].message.content);
                  },
                });
                """, path: "src/functions/digest.js"),
            // A Cloudflare Worker's Cron Trigger handler.
            DetectorExample("""
                import OpenAI from "openai";

                export default {
                  async scheduled(controller, env, ctx) {
                    const openai = new OpenAI({ apiKey: env.OPENAI_API_KEY });
                    await ↓openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "digest" }] });
                  },
                };
                """, path: "src/index.ts"),
            // A Worker that also answers requests: what its Cron Trigger handler calls runs on the schedule.
            DetectorExample("""
                import OpenAI from "openai";

                export default {
                  async fetch(request, env) {
                    return new Response(await env.STATUS.get("latest"));
                  },
                  async scheduled(controller, env, ctx) {
                    const openai = new OpenAI({ apiKey: env.OPENAI_API_KEY });
                    const status = await ↓openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "status" }] });
                    await env.STATUS.put("latest", status.choices[0].message.content);
                  },
                };
                """, path: "src/worker.ts"),
            // Firebase's scheduled function (v2).
            DetectorExample("""
                import { onSchedule } from "firebase-functions/v2/scheduler";
                import OpenAI from "openai";

                const openai = new OpenAI();

                export const statusDigest = onSchedule("every 1 minutes", async () => {
                  await ↓openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "status" }] });
                });
                """, path: "functions/src/status.ts"),
            // Beside an HTTPS function, a Firebase schedule makes its own function (and the file's functions it calls)
            // background work, not the HTTPS function's calls.
            DetectorExample("""
                import { onRequest } from "firebase-functions/v2/https";
                import { onSchedule } from "firebase-functions/v2/scheduler";
                import OpenAI from "openai";

                const openai = new OpenAI();
                let latest = "";

                async function writeDigest() {
                  const digest = await ↓openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "digest" }] });
                  return digest.choices[0].message.content;
                }

                export const hourly = onSchedule("every 60 minutes", async () => {
                  latest = await writeDigest();
                });

                export const ask = onRequest(async (req, res) => {
                  const reply = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.q }] });
                  res.json({ latest, reply: reply.choices[0].message.content });
                });
                """, path: "functions/src/index.ts"),
            // Solid Queue's recurring tasks run `Feed.refresh_headline!` every minute: that method's paid call is
            // scheduled work, though no loop or job class is in sight.
            DetectorExample("""
                class Feed < ApplicationRecord
                  def self.refresh_headline!
                    titles = FeedEntry.order(created_at: :desc).limit(30).pluck(:title)
                    ↓OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: titles.join("\n") }] })
                  end
                end
                """, path: "app/models/feed.rb",
                alongside: [("config/recurring.yml", """
                    production:
                      refresh_headline:
                        command: "Feed.refresh_headline!"
                        schedule: every minute
                    """)]),
        ],
        nonTriggering: [
            // One request from a workflow run on pushes, not on a schedule (a paid-http-call, once per run); so is
            // a provider CLI's single request.
            DetectorExample("""
                #!/bin/sh
                openai api chat.completions.create -m gpt-4o -g user "$(cat prompt.txt)"
                for f in dist/*.tar.gz; do aws s3 cp "$f" s3://releases/; done
                """, path: "release/announce.sh"),
            // One request from a workflow run on pushes, not on a schedule (a paid-http-call, once per run).
            DetectorExample("""
                on: push
                jobs:
                  notes:
                    runs-on: ubuntu-latest
                    steps:
                      - run: curl -sS https://api.openai.com/v1/chat/completions -d @notes.json
                """, path: ".github/workflows/notes.yml"),
            // A Modal function with no schedule runs when the team's code calls it, once per call.
            DetectorExample("""
                import modal

                app = modal.App("translate")


                @app.function(secrets=[modal.Secret.from_name("anthropic")])
                def translate(text: str) -> str:
                    import anthropic

                    msg = anthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest", max_tokens=512, messages=[{"role": "user", "content": text}])
                    return msg.content[0].text
                """, path: "translate_modal.py"),
            // The schedule runs `Feed.refresh_headline!` only: the model's other methods answer whoever calls them.
            DetectorExample("""
                class Feed < ApplicationRecord
                  def self.refresh_headline!
                    Rails.cache.delete("headline")
                  end

                  def self.describe(text)
                    OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: text }] })
                  end
                end
                """, path: "app/models/feed.rb",
                alongside: [("config/recurring.yml", """
                    production:
                      refresh_headline:
                        command: "Feed.refresh_headline!"
                        schedule: every minute
                    """)]),
            // A Worker that answers requests as well as a Cron Trigger: its fetch handler's paid call is one per request.
            DetectorExample("""
                import OpenAI from "openai";

                export default {
                  async fetch(request, env) {
                    const openai = new OpenAI({ apiKey: env.OPENAI_API_KEY });
                    const { text } = await request.json();
                    const reply = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return Response.json({ reply: reply.choices[0].message.content });
                  },
                  async scheduled(controller, env, ctx) {
                    ctx.waitUntil(fetch("https://status.acme.dev/ping"));
                  },
                };
                """, path: "src/index.ts"),
            // Azure Functions' HTTP trigger answers requests: one paid call per request is no background work.
            DetectorExample("""
                const { app } = require("@azure/functions");
                const OpenAI = require("openai");

                const openai = new OpenAI();

                app.http("summarize", {
                  methods: ["POST"],
                  authLevel: "function",
                  handler: async (request) => {
                    const { text } = await request.json();
                    const reply = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                    return { jsonBody: { summary: reply.choices[0].message.content } };
                  },
                });
                """, path: "src/functions/summarize.js"),
            // black re-wraps the call of an existing loop: the loop and its call were there before.
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()


                def embed_all(docs):
                    for d in docs:
                        d.vec = (
                            client.embeddings.create(model="text-embedding-3-small", input=d.text)
                            .data[0]
                            .embedding
                        )
                """, path: "app/embed.py",
                base: """
                from openai import OpenAI

                client = OpenAI()


                def embed_all(docs):
                    for d in docs:
                        d.vec = client.embeddings.create(model='text-embedding-3-small', input=d.text).data[0].embedding
                """),
            // Elixir: one task, awaited, makes one call.
            DetectorExample("""
                defmodule Notes.Once do
                  def summarize(openai, text) do
                    Task.async(fn -> OpenaiEx.Chat.Completions.create(openai, %{model: "gpt-4o-mini", input: text}) end) |> Task.await()
                  end
                end
                """, path: "lib/notes/once.ex"),
            // An Optional holds at most one value: its `map` runs the paid call once.
            DetectorExample("""
                package com.acme;

                import com.openai.client.OpenAIClient;
                import com.openai.models.chat.completions.ChatCompletionCreateParams;
                import java.util.Optional;

                public class Titles {
                    private final OpenAIClient client;

                    public Titles(OpenAIClient client) { this.client = client; }

                    public String title(String text) {
                        return Optional.ofNullable(text).map(t -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(t).build()).toString()).orElse("");
                    }
                }
                """, path: "src/main/java/com/acme/Titles.java"),
            // A job board's posting implements its own `Job` interface: no job library's.
            DetectorExample("""
                import OpenAI from "openai";
                import type { Job } from "../models";

                const openai = new OpenAI();

                export class Posting implements Job {
                  async describe(title: string) {
                    return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: title }] });
                  }
                }
                """, path: "src/postings/posting.ts"),
            // A notebook's markdown cells and outputs are no code.
            DetectorExample(#"""
                {
                 "cells": [
                  {
                   "cell_type": "markdown",
                   "metadata": {},
                   "source": [
                    "for review in reviews:\n",
                    "    client.chat.completions.create(model=\"gpt-4o-mini\", messages=[])\n"
                   ]
                  },
                  {
                   "cell_type": "code",
                   "execution_count": 2,
                   "metadata": {},
                   "outputs": [
                    {
                     "name": "stdout",
                     "output_type": "stream",
                     "text": [
                      "for review in reviews:\n",
                      "    client.chat.completions.create(model=\"gpt-4o-mini\")\n"
                     ]
                    }
                   ],
                   "source": [
                    "print(open(\"loop.py\").read())\n"
                   ]
                  }
                 ],
                 "metadata": {},
                 "nbformat": 4,
                 "nbformat_minor": 5
                }
                """#, path: "notebooks/explain.ipynb"),
            // One future for one request is no fan-out.
            DetectorExample("""
                from concurrent.futures import ThreadPoolExecutor
                from openai import OpenAI

                client = OpenAI()
                executor = ThreadPoolExecutor(max_workers=2)

                def embed(text):
                    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding

                def embed_later(doc):
                    return executor.submit(embed, doc.text)
                """, path: "app/embeddings.py"),
            // A callback registered in a loop runs once per event it is registered for, not once per pass.
            DetectorExample("""
                package bot

                import (
                	"context"

                	openai "github.com/sashabaranov/go-openai"
                	tb "gopkg.in/telebot.v3"
                )

                func Register(b *tb.Bot, client *openai.Client, commands []string) {
                	for _, command := range commands {
                		b.Handle(command, func(c tb.Context) error {
                			resp, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "gpt-4o-mini"})
                			if err != nil {
                				return err
                			}
                			return c.Send(resp.Choices[0].Message.Content)
                		})
                	}
                }
                """, path: "internal/bot/commands.go"),
            // The same through a function of the file: calling it registers the callback, it does not run it.
            DetectorExample("""
                package bot

                import (
                	"context"

                	openai "github.com/sashabaranov/go-openai"
                	tb "gopkg.in/telebot.v3"
                )

                func register(b *tb.Bot, client *openai.Client, command string) {
                	b.Handle(command, func(c tb.Context) error {
                		resp, err := client.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{Model: "gpt-4o-mini"})
                		if err != nil {
                			return err
                		}
                		return c.Send(resp.Choices[0].Message.Content)
                	})
                }

                func RegisterAll(b *tb.Bot, client *openai.Client, commands []string) {
                	for _, command := range commands {
                		register(b, client, command)
                	}
                }
                """, path: "internal/bot/register.go"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def clean(text):
                    return text.strip()

                def summarize(docs):
                    joined = "\\n".join(map(clean, docs))
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": joined}])
                """, path: "app/digest.py"),
            DetectorExample("""
                import OpenAI from "openai";
                const openai = new OpenAI();
                export async function reply(text) {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                  for (const choice of r.choices) console.log(choice.message.content);
                }
                """, path: "src/reply.js"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize_all(docs):
                    for doc in docs:
                        doc.summary = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": doc.text}])
                        doc.save()
                """, path: "app/summaries.py",
                base: """
                from openai import OpenAI

                client = OpenAI()

                def summarize_all(docs):
                    for doc in docs:
                        doc.summary = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": doc.text}])
                """),
            DetectorExample("""
                # for doc in docs: client.chat.completions.create(...) -- later, behind a budget
                def cleanup(docs):
                    for doc in docs:
                        doc.delete()
                """, path: "jobs/cleanup.py"),
            DetectorExample("""
                for (const user of users) {
                  await mailer.send(user.email, "Your weekly digest");
                }
                """, path: "src/digest.js"),
            // A new paid helper called once per request, and a loop that only formats its answer.
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize(doc):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": doc}])

                def summary_lines(doc):
                    answer = summarize(doc)
                    return [line.strip() for line in answer.choices[0].message.content.splitlines()]
                """, path: "app/lines.py"),
            // A loop that returns the paid call's answer falls back from model to model (or searches): one call succeeds.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export async function answer(models: string[], question: string) {
                  for (const model of models) {
                    try {
                      return await openai.chat.completions.create({ model, messages: [{ role: "user", content: question }] });
                    } catch (error) {
                      console.warn(`${model} failed`, error);
                    }
                  }
                  throw new Error("every model failed");
                }
                """, path: "src/answer.ts"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()


                def ask(model, question):
                    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": question}])


                def first_answer(models, question):
                    for model in models:
                        try:
                            return ask(model, question)
                        except TimeoutError:
                            continue
                    return None
                """, path: "app/fallback.py",
                base: """
                from openai import OpenAI

                client = OpenAI()


                def ask(model, question):
                    return client.chat.completions.create(model=model, messages=[{"role": "user", "content": question}])
                """),
            // A brace-less loop's statement ends at its line: the paid call after it runs once.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export async function reply(messages) {
                  for (const m of messages) console.log(m.content.length)
                  return openai.chat.completions.create({ model: "gpt-4o", messages });
                }
                """, path: "src/reply-log.ts"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        // A scheduler's configuration that gains an entry, or runs one more often, over code reaching paid calls.
        let scheduled = ScheduledPaidWork.findings(in: file, context: context, description: description)
        if file.language == nil {
            return scheduled + ShellRequests.added(in: file, context: context).compactMap { request in
                guard let reason = request.batchReason else { return nil }
                return .paid(
                    description, file: file, line: request.line, column: request.column,
                    message: "calls \(request.provider) repeatedly from \(request.sender) (\(request.evidence)): \(reason)",
                    provider: request.provider, evidence: request.evidence)
            }
        }
        let analysis = FileAnalysis.of(file, context: context)
        var findings: [Finding] = []
        var flaggedLines = Set<Int>()
        for site in analysis.sites where file.adds(site.line) {
            guard let reason = analysis.batchReason(for: site) else { continue }
            // Repeating as it did before the change (an existing loop's call re-wrapped): no new batch work.
            if PreexistingPaidSites.of(file, context: context).contains(site, repeating: true) { continue }
            flaggedLines.insert(site.line)
            findings.append(.paid(
                description, file: file, line: site.line, column: site.column,
                message: "calls \(site.provider) repeatedly: \(reason)", provider: site.provider,
                evidence: site.evidence))
        }
        // Calls of functions (this file's or another's, resolved by import and receiver) that reach paid calls.
        let reached = ReachCalls.of(file, context: context)
        let perItem = reached.perItemCallsOfNewWrappers(in: file)
        for call in reached.calls + perItem where !flaggedLines.contains(call.call.line) {
            // As ReachCalls does with its own calls: a same-file function whose loop is reported is not reported
            // again where it is called (`main()` calling `summarize_many(docs)`).
            if let first = call.paid.hops.first, call.paid.hops.count > 1, first.path == file.path,
               call.reach.targets.allSatisfy({ $0.path == file.path }),
               perItem.contains(where: { first.definition.tokens.contains($0.call.token) })
            {
                continue
            }
            guard let reason = reached.batchReason(call) else { continue }
            if PreexistingPaidSites.of(file, context: context).contains(call, inLoop: call.inLoop) { continue }
            flaggedLines.insert(call.call.line)
            findings.append(.reach(description, file: file, call: call) { "calls \($0) repeatedly: \(reason)" })
        }
        let rescheduled = ScheduledPaidWork.codeFindings(in: file, context: context, description: description)
        return findings + (scheduled + rescheduled).filter { !flaggedLines.contains($0.line) }
    }
}
