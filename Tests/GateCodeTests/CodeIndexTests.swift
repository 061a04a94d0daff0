@testable import GateCode
import XCTest

/// Marks `….chat.completions.create(` as an OpenAI call and `auth`-named identifiers or a 401 as guards: the
/// smallest real recogniser, so these tests exercise resolution and summaries, not the provider catalogue.
struct ChatCompletionsRecognizer: LeafRecognizer {
    func paidLeaves(in lexed: LexedSource, path: String) -> [PaidLeaf] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.token(index, is: "create"), lexed.token(index - 2, is: "completions"),
                  lexed.token(index + 1, isPunctuation: Byte.openParen)
            else { return nil }
            return PaidLeaf(token: index, line: lexed.tokens[index].line, provider: "openai", evidence: "chat.completions.create")
        }
    }

    func guardTokens(in lexed: LexedSource) -> [Int] {
        lexed.tokens.indices.filter { index in
            (lexed.tokens[index].kind == .identifier && lexed.text(index).lowercased().contains("auth"))
                || (lexed.tokens[index].kind == .number && lexed.text(index) == "401")
        }
    }
}

/// A Python module whose `complete()` (line 4) makes an OpenAI call.
let pythonChatWrapper = "from openai import OpenAI\nclient = OpenAI()\n\ndef complete(prompt):\n    return client.chat.completions.create(model=\"gpt-4o\", messages=[])\n"

final class CodeIndexTests: XCTestCase {
    private func reach(_ files: [String: String], caller path: String, call name: String) -> CallReach? {
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        guard let language = SourceLanguage(path: path), let text = files[path] else {
            XCTFail("no caller \(path)")
            return nil
        }
        let facts = index.facts(of: path, lexed: Lexer.lex(Array(text.utf8), language: language))
        guard let call = facts.calls.last(where: { $0.name == name }) else {
            XCTFail("no call of \(name) in \(path): \(facts.calls.map(\.name))")
            return nil
        }
        return index.reach(of: call, in: facts)
    }

    func testTypeScriptTwoHopsThroughAnIndexFileAndTsconfigPaths() {
        let files = [
            "tsconfig.json": #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } // comment"# + "\n}",
            "src/lib/index.ts": "export * from \"./ai\";\n",
            "src/lib/ai.ts": "import OpenAI from \"openai\";\nconst openai = new OpenAI();\nexport async function complete(p: string) {\n  return openai.chat.completions.create({ model: \"gpt-4o\", messages: [] });\n}\n",
            "src/services/summary.ts": "import { complete } from \"../lib\";\nexport const summarize = async (t: string) => {\n  return complete(t);\n};\n",
            "src/routes/report.ts": "import { summarize } from \"@/services/summary\";\nexport function report(t: string) {\n  return summarize(t);\n}\n",
        ]
        let result = reach(files, caller: "src/routes/report.ts", call: "summarize")
        XCTAssertEqual(result?.paid.first?.chain,
                       "summarize() src/services/summary.ts:2 → complete() src/lib/ai.ts:3 → chat.completions.create")
        XCTAssertFalse(result?.isAmbiguous ?? true)
    }

    /// A call in an anonymous function inside a loop (a goroutine per item, a callback) repeats with the loop;
    /// one in a named function defined elsewhere does not, whatever loops its callers have.
    func testCallsInAnonymousFunctionsInsideLoopsAreInTheLoop() {
        let go = """
            package jobs

            func EmbedAll(docs []string) {
            	for _, d := range docs {
            		go func(text string) {
            			llm.Embed(text)
            		}(d)
            	}
            }

            func EmbedOne(doc string) {
            	llm.Embed(doc)
            }
            """
        let lexed = Lexer.lex(Array(go.utf8), language: .go)
        let index = CodeIndex(tree: InMemorySourceTree([:]), recognizer: ChatCompletionsRecognizer())
        let facts = index.facts(of: "jobs/embed.go", lexed: lexed)
        let embeds = facts.calls.filter { $0.name == "Embed" }
        XCTAssertEqual(embeds.map(\.line), [6, 12])
        // The first call's innermost block is the goroutine's function, inside the range loop.
        guard let first = embeds.first else { return }
        let innermost = lexed.tokens[first.token].block
        XCTAssertEqual(lexed.blocks[innermost].kind, .function)
        XCTAssertNil(lexed.blocks[innermost].nameRange)
        XCTAssertEqual(embeds.map { facts.loopTokens.contains($0.token) }, [true, false])
    }

    /// `@/` and `~/` set by a bundler (no tsconfig paths): the app root's src/ (Vite, Vue CLI) or the root
    /// itself (a Next.js app without its jsconfig); a path that exists in neither resolves to nothing.
    func testBundlerAliasesWithoutTsconfigResolveUnderTheAppRoot() {
        let wrapper = "import OpenAI from \"openai\";\nconst openai = new OpenAI();\nexport async function complete(p: string) {\n  return openai.chat.completions.create({ model: \"gpt-4o\", messages: [] });\n}\n"
        let vite = [
            "web/package.json": "{ \"name\": \"web\" }\n",
            "web/src/services/ai.ts": wrapper,
            "web/src/views/Chat.ts": "import { complete } from \"@/services/ai\";\nexport function send(t: string) {\n  return complete(t);\n}\n",
        ]
        XCTAssertEqual(reach(vite, caller: "web/src/views/Chat.ts", call: "complete")?.paid.first?.chain,
                       "complete() web/src/services/ai.ts:3 → chat.completions.create")
        let next = [
            "package.json": "{ \"name\": \"app\" }\n",
            "lib/ai.ts": wrapper,
            "app/api/chat/route.ts": "import { complete } from \"~/lib/ai\";\nexport async function POST(r: Request) {\n  return complete(await r.text());\n}\n",
        ]
        XCTAssertEqual(reach(next, caller: "app/api/chat/route.ts", call: "complete")?.targets.map(\.path), ["lib/ai.ts"])
        let nuxt4 = [
            "package.json": "{ \"name\": \"shop\" }\n",
            "app/composables/useAssistant.ts": wrapper,
            "server/api/chat.post.ts": "import { complete } from \"~/composables/useAssistant\";\nexport default async function handler(text: string) {\n  return complete(text);\n}\n",
        ]
        XCTAssertEqual(reach(nuxt4, caller: "server/api/chat.post.ts", call: "complete")?.targets.map(\.path),
                       ["app/composables/useAssistant.ts"])
        let missing = [
            "package.json": "{ \"name\": \"app\" }\n",
            "lib/ai.ts": wrapper,
            "app/page.ts": "import { complete } from \"@/helpers/ai\";\nexport function show(t: string) { return complete(t); }\n",
        ]
        XCTAssertEqual(reach(missing, caller: "app/page.ts", call: "complete")?.paid.isEmpty, true)
    }

    func testSameNameInAnotherModuleIsNotThePaidOne() {
        let files = [
            "lib/ai.ts": "export function complete(p) { return client.chat.completions.create({}); }\n",
            "lib/format.ts": "export function complete(text) { return text.trim(); }\n",
            "app/page.ts": "import { complete } from \"../lib/format\";\nexport function show(t) { return complete(t); }\n",
        ]
        let result = reach(files, caller: "app/page.ts", call: "complete")
        XCTAssertEqual(result?.targets.map(\.path), ["lib/format.ts"])
        XCTAssertEqual(result?.paid.isEmpty, true)
    }

    func testPythonRelativeAndPackageImports() {
        let files = [
            "app/__init__.py": "",
            "app/services/__init__.py": "from .llm import complete\n",
            "app/services/llm.py": "from openai import OpenAI\nclient = OpenAI()\n\ndef complete(prompt):\n    return client.chat.completions.create(model=\"gpt-4o\", messages=[])\n",
            "app/reports/digest.py": "from ..services import complete\n\ndef build(text):\n    return complete(text)\n",
            "app/reports/weekly.py": "from app.reports import digest\n\ndef weekly(text):\n    return digest.build(text)\n",
        ]
        let result = reach(files, caller: "app/reports/weekly.py", call: "build")
        XCTAssertEqual(result?.paid.first?.hops.map(\.path), ["app/reports/digest.py", "app/services/llm.py"])
    }

    func testRubyConstantsAutoloadAndJobsCountAsBackgroundWork() {
        let files = [
            "app/services/llm_client.rb": "class LlmClient\n  def self.complete(text)\n    client.chat.completions.create(text)\n  end\nend\n",
            "app/jobs/summarize_job.rb": "class SummarizeJob < ApplicationJob\n  def perform(id)\n    LlmClient.complete(Doc.find(id).body)\n  end\nend\n",
            "app/controllers/docs_controller.rb": "class DocsController < ApplicationController\n  def create\n    SummarizeJob.perform_later(params[:id])\n  end\nend\n",
        ]
        let result = reach(files, caller: "app/controllers/docs_controller.rb", call: "perform_later")
        XCTAssertEqual(result?.paid.first?.background, "enqueues SummarizeJob")
        XCTAssertEqual(result?.paid.first?.hops.map(\.name), ["perform", "complete"])
    }

    func testResqueAndSidekiqClientEnqueueTheClassTheyAreGiven() {
        let job = "class SummarizeJob\n  @queue = :summaries\n\n  def self.perform(id)\n    client.chat.completions.create(id)\n  end\nend\n"
        func enqueuing(_ call: String, job: String = job) -> PaidReach? {
            let files = [
                "app/jobs/summarize_job.rb": job,
                "app/jobs/tidy_job.rb": "class TidyJob\n  def self.perform(id)\n    Doc.find(id).touch\n  end\nend\n",
                "app/controllers/docs_controller.rb": "class DocsController < ApplicationController\n  def create\n    \(call)\n  end\nend\n",
            ]
            let name = call.components(separatedBy: "(")[0].components(separatedBy: ".").last ?? ""
            return reach(files, caller: "app/controllers/docs_controller.rb", call: name)?.paid.first
        }
        XCTAssertEqual(enqueuing("Resque.enqueue(SummarizeJob, params[:id])")?.background, "enqueues SummarizeJob")
        XCTAssertEqual(enqueuing("Resque.enqueue(SummarizeJob, params[:id])")?.hops.map(\.name), ["perform"])
        // The time comes first.
        XCTAssertEqual(enqueuing("Resque.enqueue_in(5.minutes, SummarizeJob, params[:id])")?.background, "enqueues SummarizeJob")
        // Sidekiq's client runs an instance's `perform`.
        let sidekiqJob = job.replacingOccurrences(of: "  @queue = :summaries\n", with: "  include Sidekiq::Job\n")
            .replacingOccurrences(of: "self.perform", with: "perform")
        XCTAssertEqual(enqueuing("Sidekiq::Client.enqueue(SummarizeJob, params[:id])", job: sidekiqJob)?.background, "enqueues SummarizeJob")
        // Another job, which does nothing paid, and a constant that is no class of the tree.
        XCTAssertNil(enqueuing("Resque.enqueue(TidyJob, params[:id])"))
        XCTAssertNil(enqueuing("Resque.enqueue(Summaries, params[:id])"))
    }

    func testACelerySignatureIsEnqueuedWork() {
        let files = [
            "app/tasks.py": "from celery import shared_task\n\n@shared_task\ndef summarize(doc_id):\n    return client.chat.completions.create(model=\"gpt-4o\")\n\n@shared_task\ndef tidy(doc_id):\n    return doc_id\n",
            "app/api.py": """
                from celery import group
                from app.tasks import summarize

                def one(doc_id):
                    summarize.si(doc_id).apply_async(countdown=5)

                def many(ids):
                    group(summarize.s(i) for i in ids).apply_async()
                """,
        ]
        XCTAssertEqual(reach(files, caller: "app/api.py", call: "si")?.paid.first?.background, "enqueues summarize")
        XCTAssertEqual(reach(files, caller: "app/api.py", call: "s")?.paid.first?.background, "enqueues summarize")
        // A task doing nothing paid.
        let tidying = files.merging(["app/api.py": "from celery import chain\nfrom app.tasks import tidy\n\ndef tidy_all(ids):\n    chain(tidy.s(ids[0]), tidy.si(ids[1]))()\n"]) { $1 }
        XCTAssertEqual(reach(tidying, caller: "app/api.py", call: "s")?.targets.map(\.name), ["tidy"])
        XCTAssertEqual(reach(tidying, caller: "app/api.py", call: "si")?.paid.isEmpty, true)
    }

    func testAReceiverOfUnknownTypeResolvesToNothing() {
        let files = [
            "app/a.py": "class Assistant:\n    def complete(self, p):\n        return self.client.chat.completions.create(model=\"x\")\n\ndef tidy(formatter, text):\n    return formatter.complete(text)\n",
        ]
        XCTAssertTrue(reach(files, caller: "app/a.py", call: "complete")?.targets.isEmpty ?? false)
    }

    func testAHelperThatAuthenticatesIsAGuard() {
        let files = [
            "lib/profile.ts": "export async function getServerProfile() {\n  const { data } = await supabase.auth.getUser();\n  if (!data.user) throw new Response(null, { status: 401 });\n  return data.user;\n}\n",
            "app/api/x/route.ts": "import { getServerProfile } from \"../../../lib/profile\";\nexport async function POST() {\n  const me = await getServerProfile();\n}\n",
        ]
        XCTAssertTrue(reach(files, caller: "app/api/x/route.ts", call: "getServerProfile")?.isGuard ?? false)
    }

    func testGoPackageJavaTypePHPPsr4CSharpRustAndSwift() {
        let go = [
            "go.mod": "module github.com/acme/app\n\ngo 1.22\n",
            "internal/llm/llm.go": "package llm\n\nfunc Complete(p string) string {\n\treturn client.chat.completions.create(p)\n}\n",
            "cmd/api/main.go": "package main\n\nimport \"github.com/acme/app/internal/llm\"\n\nfunc handle() {\n\tllm.Complete(\"x\")\n}\n",
        ]
        XCTAssertEqual(reach(go, caller: "cmd/api/main.go", call: "Complete")?.paid.first?.hops.first?.path, "internal/llm/llm.go")
        let java = [
            "src/main/java/com/acme/llm/LlmService.java": "package com.acme.llm;\npublic class LlmService {\n    public String complete(String p) {\n        return client.chat.completions.create(p);\n    }\n}\n",
            "src/main/java/com/acme/web/ChatController.java": "package com.acme.web;\nimport com.acme.llm.LlmService;\npublic class ChatController {\n    private final LlmService llm;\n    public String chat(String p) {\n        return llm.complete(p);\n    }\n}\n",
        ]
        XCTAssertFalse(reach(java, caller: "src/main/java/com/acme/web/ChatController.java", call: "complete")?.paid.isEmpty ?? true)
        let php = [
            "composer.json": #"{ "autoload": { "psr-4": { "App\\": "app/" } } }"#,
            "app/Services/LlmService.php": "<?php\nnamespace App\\Services;\nclass LlmService {\n    public function complete($p) {\n        return $this->client->chat->completions->create($p);\n    }\n}\n",
            "routes/api.php": "<?php\nuse App\\Services\\LlmService;\nRoute::post('/s', function (LlmService $llm) {\n    return $llm->complete('x');\n});\n",
        ]
        XCTAssertFalse(reach(php, caller: "routes/api.php", call: "complete")?.paid.isEmpty ?? true)
        let csharp = [
            "Services/LlmService.cs": "public class LlmService : ILlmService {\n    public string Complete(string p) {\n        return client.chat.completions.create(p);\n    }\n}\n",
            "Program.cs": "app.MapPost(\"/chat\", (ILlmService llm) => llm.Complete(\"x\"));\n",
        ]
        XCTAssertFalse(reach(csharp, caller: "Program.cs", call: "Complete")?.paid.isEmpty ?? true)
        let rust = [
            "Cargo.toml": "[package]\nname = \"app\"\n",
            "src/llm.rs": "pub async fn complete(p: &str) -> String {\n    client.chat.completions.create(p)\n}\n",
            "src/main.rs": "mod llm;\nasync fn chat() {\n    llm::complete(\"x\").await;\n}\n",
        ]
        XCTAssertFalse(reach(rust, caller: "src/main.rs", call: "complete")?.paid.isEmpty ?? true)
        let swift = [
            "Sources/App/Services/LLMClient.swift": "struct LLMClient {\n    func complete(_ p: String) async throws -> String {\n        try await client.chat.completions.create(p)\n    }\n}\n",
            "Sources/App/Controllers/Chat.swift": "func routes(_ app: Application) {\n    app.post(\"chat\") { req in\n        try await LLMClient().complete(\"x\")\n    }\n}\n",
        ]
        XCTAssertFalse(reach(swift, caller: "Sources/App/Controllers/Chat.swift", call: "complete")?.paid.isEmpty ?? true)
    }

    /// A call through a type's static member runs the member's type: Swift's `static let shared`, a registry of
    /// services typed where it is declared, Java's `getInstance()`, C#'s `Instance`; a member that is neither typed
    /// nor a singleton's accessor is no instance of the type.
    func testACallThroughATypesStaticMember() {
        let llm = "struct LLMService {\n    static let shared = LLMService()\n    func answer(_ p: String) async throws -> String {\n        try await client.chat.completions.create(p)\n    }\n}\n"
        func swift(_ call: String) -> [String: String] {
            [
                "Sources/App/Services/LLMService.swift": llm,
                "Sources/App/Services/Services.swift": "enum Services {\n    static let llm = LLMService()\n    static let formatter = Formatter()\n}\n",
                "Sources/App/Controllers/Chat.swift": "func chat(_ req: Request) async throws -> String {\n    try await \(call)(\"x\")\n}\n",
            ]
        }
        let caller = "Sources/App/Controllers/Chat.swift"
        XCTAssertEqual(reach(swift("LLMService.shared.answer"), caller: caller, call: "answer")?.paid.first?.hops.first?.path,
                       "Sources/App/Services/LLMService.swift")
        XCTAssertFalse(reach(swift("Services.llm.answer"), caller: caller, call: "answer")?.paid.isEmpty ?? true)
        XCTAssertEqual(reach(swift("Services.formatter.answer"), caller: caller, call: "answer")?.paid.count, 0)
        XCTAssertEqual(reach(swift("LLMService.preview.answer"), caller: caller, call: "answer")?.paid.count, 0)
        let java = [
            "src/main/java/com/acme/llm/LlmService.java": "package com.acme.llm;\npublic class LlmService {\n    private static LlmService instance;\n    public static synchronized LlmService getInstance() {\n        if (instance == null) { instance = new LlmService(); }\n        return instance;\n    }\n    public String complete(String p) {\n        return client.chat.completions.create(p);\n    }\n}\n",
            "src/main/java/com/acme/web/ChatServlet.java": "package com.acme.web;\nimport com.acme.llm.LlmService;\npublic class ChatServlet {\n    public String chat(String p) {\n        return LlmService.getInstance().complete(p);\n    }\n}\n",
        ]
        XCTAssertFalse(reach(java, caller: "src/main/java/com/acme/web/ChatServlet.java", call: "complete")?.paid.isEmpty ?? true)
        let csharp = [
            "Services/LlmService.cs": "public sealed class LlmService {\n    public static LlmService Instance { get; } = new LlmService();\n    public string Complete(string p) {\n        return client.chat.completions.create(p);\n    }\n}\n",
            "Controllers/ChatController.cs": "public class ChatController {\n    public string Chat(string p) => LlmService.Instance.Complete(p);\n}\n",
        ]
        XCTAssertFalse(reach(csharp, caller: "Controllers/ChatController.cs", call: "Complete")?.paid.isEmpty ?? true)
    }

    /// An instance method of a namespaced Ruby class, on an instance made in the call (`Llm::Tagger.new.tags_for`) or
    /// held in a variable (`tagger = Llm::Tagger.new`); and a Python class its package's `__init__.py` re-exports
    /// (`from .llm import Analyzer`, `from app.services.llm import Analyzer`), made in the call or held.
    func testInstanceMethodsOfNamespacedAndReexportedClasses() {
        let tagger = "module Llm\n  class Tagger\n    def tags_for(text)\n      OpenAI::Client.new.chat.completions.create(text)\n    end\n  end\nend\n"
        for body in ["Llm::Tagger.new.tags_for(t)", "tagger = Llm::Tagger.new\n    tagger.tags_for(t)"] {
            let ruby = [
                "app/services/llm/tagger.rb": tagger,
                "app/jobs/report.rb": "class Report\n  def run(t)\n    \(body)\n  end\nend\n",
            ]
            XCTAssertEqual(reach(ruby, caller: "app/jobs/report.rb", call: "tags_for")?.targets.map(\.path), ["app/services/llm/tagger.rb"], body)
        }
        let analyzer = "class Analyzer:\n    def run(self, t):\n        return client.chat.completions.create(t)\n"
        for reexport in ["from .llm import Analyzer\n", "from app.services.llm import Analyzer\n"] {
            for body in ["return Analyzer().run(t)", "a = Analyzer()\n    return a.run(t)"] {
                let python = [
                    "app/__init__.py": "",
                    "app/services/__init__.py": reexport,
                    "app/services/llm.py": analyzer,
                    "app/views.py": "from app.services import Analyzer\n\ndef go(t):\n    \(body)\n",
                ]
                XCTAssertEqual(reach(python, caller: "app/views.py", call: "run")?.targets.map(\.path), ["app/services/llm.py"], reexport + body)
            }
        }
    }

    /// An instance made in place is the chain's root: `(new LlmService())->complete(…)`, JavaScript's
    /// `(new LlmService()).complete(…)`, and Laravel's container, `app(LlmService::class)->complete(…)`,
    /// `resolve(…)`, `App::make(…)`, `app()->make(…)`. A class named elsewhere in the group is not made there.
    func testAnInstanceMadeInPlaceIsTheReceiversType() {
        let service = "<?php\nnamespace App\\Services;\nclass LlmService {\n    public function complete($p) {\n        return $this->client->chat->completions->create($p);\n    }\n}\n"
        func php(_ expression: String) -> [String: String] {
            [
                "composer.json": #"{ "autoload": { "psr-4": { "App\\": "app/" } } }"#,
                "app/Services/LlmService.php": service,
                "routes/api.php": "<?php\nuse App\\Services\\LlmService;\nRoute::post('/s', function () {\n    return \(expression)->complete('x');\n});\n",
            ]
        }
        for expression in ["(new LlmService())", "(new LlmService)", "(new \\App\\Services\\LlmService('k'))",
                           "app(LlmService::class)", "resolve(LlmService::class)", "App::make(LlmService::class)",
                           "app()->make(LlmService::class)"] {
            XCTAssertFalse(reach(php(expression), caller: "routes/api.php", call: "complete")?.paid.isEmpty ?? true, expression)
        }
        for expression in ["(new LlmService())->client", "config(LlmService::class)", "($factory ?? new LlmService())"] {
            XCTAssertTrue(reach(php(expression), caller: "routes/api.php", call: "complete")?.paid.isEmpty ?? true, expression)
        }
        // A parameter typed by the class's fully qualified name needs no import.
        var qualified = php("$llm")
        qualified["routes/api.php"] = "<?php\nRoute::post('/s', function (\\Illuminate\\Http\\Request $r, \\App\\Services\\LlmService $llm) {\n    return $llm->complete('x');\n});\n"
        XCTAssertFalse(reach(qualified, caller: "routes/api.php", call: "complete")?.paid.isEmpty ?? true)
        qualified["routes/api.php"] = "<?php\nRoute::post('/s', function (\\App\\Other\\LlmService $llm) {\n    return $llm->complete('x');\n});\n"
        XCTAssertTrue(reach(qualified, caller: "routes/api.php", call: "complete")?.paid.isEmpty ?? true)
        let script = [
            "src/llm.js": "export class LlmService {\n  complete(p) {\n    return client.chat.completions.create(p);\n  }\n}\n",
            "src/routes.js": "import { LlmService } from \"./llm.js\";\napp.post(\"/s\", (req, res) => res.json((new LlmService()).complete(\"x\")));\n",
        ]
        XCTAssertFalse(reach(script, caller: "src/routes.js", call: "complete")?.paid.isEmpty ?? true)
    }

    /// A Go package whose `Summarizer` pays in `Summarize` (summarizer.go) and whose `Formatter` has a free
    /// `Summarize` of its own: methods are declared by receiver, in any file of the package.
    private static let goSummarizer = [
        "go.mod": "module github.com/acme/notes\n\ngo 1.22\n",
        "internal/llm/summarizer.go": """
            package llm

            type Summarizer struct {
            	client *openai.Client
            }

            func NewSummarizer() *Summarizer { return &Summarizer{client: openai.NewClient("")} }

            func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
            	return s.client.chat.completions.create(ctx, text)
            }
            """,
        "internal/llm/format.go": """
            package llm

            type Formatter struct{}

            func (f *Formatter) Summarize(text string) string { return strings.TrimSpace(text) }
            """,
    ]

    /// `s := NewSummarizer()`, `s := llm.NewSummarizer()`, `var s *Summarizer` and `s.helper()` in a method of
    /// `s`: each call resolves to the method of the receiver's type, in whichever file of its package it is.
    func testGoMethodsResolveByTheReceiversType() {
        var files = Self.goSummarizer
        files["internal/llm/title.go"] = """
            package llm

            func (s *Summarizer) Title(ctx context.Context, text string) (string, error) {
            	return s.Summarize(ctx, "Give a title for: "+text)
            }

            func Quick(ctx context.Context, text string) (string, error) {
            	s := NewSummarizer()
            	return s.Summarize(ctx, text)
            }

            func Declared(ctx context.Context, text string) (string, error) {
            	var summarizer *Summarizer
            	return summarizer.Summarize(ctx, text)
            }

            func Tidy(text string) string {
            	f := &Formatter{}
            	return f.Summarize(text)
            }
            """
        files["internal/api/summarize.go"] = """
            package api

            import "github.com/acme/notes/internal/llm"

            func Summarize(w http.ResponseWriter, r *http.Request) {
            	s, err := llm.NewSummarizer()
            	out, _ := s.Summarize(r.Context(), r.FormValue("text"))
            	w.Write([]byte(out))
            }
            """
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        func targets(_ path: String) -> [String] {
            let facts = index.facts(of: path, lexed: Lexer.lex(Array(files[path, default: ""].utf8), language: .go))
            return facts.calls.filter { $0.name == "Summarize" }.map { call in
                let reach = index.reach(of: call, in: facts)
                return reach.targets.map(\.label).joined(separator: ", ") + (reach.paid.isEmpty ? "" : " paid")
            }
        }
        let paid = "Summarize() internal/llm/summarizer.go:9 paid"
        XCTAssertEqual(targets("internal/llm/title.go"), [paid, paid, paid, "Summarize() internal/llm/format.go:5"])
        XCTAssertEqual(targets("internal/api/summarize.go"), [paid])
    }

    /// `s := llm.Default()`, `f, err := llm.Plain()`: a name assigned a function's result has the type the function
    /// declares it returns (`*Summarizer`, `(*Formatter, error)`), read in the package that declares it; a function
    /// returning a predeclared type or not found types nothing.
    func testGoCallResultsTakeTheFunctionsDeclaredResultType() {
        var files = Self.goSummarizer
        files["internal/llm/defaults.go"] = """
            package llm

            func Default() *Summarizer { return NewSummarizer() }

            func Plain() (*Formatter, error) { return &Formatter{}, nil }

            func Name() string { return "llm" }
            """
        files["internal/api/summarize.go"] = """
            package api

            import "github.com/acme/notes/internal/llm"

            func Summarize(w http.ResponseWriter, r *http.Request) {
            	s := llm.Default()
            	out, _ := s.Summarize(r.Context(), r.FormValue("text"))
            	f, err := llm.Plain()
            	n := llm.Name()
            	m := llm.Missing()
            	w.Write([]byte(f.Summarize(out) + n.Summarize(out) + m.Summarize(out)))
            }
            """
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        let path = "internal/api/summarize.go"
        let facts = index.facts(of: path, lexed: Lexer.lex(Array(files[path, default: ""].utf8), language: .go))
        let targets = facts.calls.filter { $0.name == "Summarize" }.map { call in
            let reach = index.reach(of: call, in: facts)
            return reach.targets.map(\.label).joined(separator: ", ") + (reach.paid.isEmpty ? "" : " paid")
        }
        XCTAssertEqual(targets, ["Summarize() internal/llm/summarizer.go:9 paid", "Summarize() internal/llm/format.go:5", "", ""])
    }

    /// `h.Summarizer.Summarize(…)` in a method of `Handler`: the field's type is written where the struct is
    /// declared (another file of the package, which imports the field type's package).
    func testAGoInterfacesMethodRunsTheTypesThatSatisfyIt() {
        let interface = """
            package llm

            import "context"

            type Client interface {
            	Complete(ctx context.Context, prompt string) (string, error)
            	Model() string
            }
            """
        // A type of another package with both methods (it says nothing of the interface), and one with only
        // `Complete`, which does not satisfy it.
        let openAI = """
            package openai

            import "context"

            type Client struct{ key string }

            func (c *Client) Model() string { return "gpt-4o" }

            func (c *Client) Complete(ctx context.Context, prompt string) (string, error) {
            	return client.chat.completions.create(prompt), nil
            }

            type partial struct{}

            func (p partial) Complete(ctx context.Context, prompt string) (string, error) {
            	return client.chat.completions.create(prompt), nil
            }
            """
        let handler = """
            package api

            import "github.com/acme/app/internal/llm"

            type Handler struct {
            	llm llm.Client
            }

            func (h *Handler) Summarize(w http.ResponseWriter, r *http.Request) {
            	out, _ := h.llm.Complete(r.Context(), r.FormValue("text"))
            	w.Write([]byte(out))
            }
            """
        var files = [
            "go.mod": "module github.com/acme/app\n\ngo 1.22\n",
            "internal/llm/llm.go": interface, "internal/openai/client.go": openAI, "internal/api/handler.go": handler,
        ]
        XCTAssertEqual(reach(files, caller: "internal/api/handler.go", call: "Complete")?.targets.map(\.label),
                       ["Complete() internal/openai/client.go:9"])
        XCTAssertEqual(reach(files, caller: "internal/api/handler.go", call: "Complete")?.paid.isEmpty, false)
        // A test's fake is no implementation that runs in production; a method the interface does not declare is none.
        files["internal/openai/client.go"] = nil
        files["internal/api/fake_test.go"] = "package api\n\ntype fake struct{}\n\nfunc (fake) Model() string { return \"\" }\n\nfunc (fake) Complete(ctx context.Context, p string) (string, error) {\n\treturn client.chat.completions.create(p), nil\n}\n"
        XCTAssertEqual(reach(files, caller: "internal/api/handler.go", call: "Complete")?.targets.isEmpty, true)
        files["internal/openai/client.go"] = openAI
        files["internal/api/handler.go"] = handler.replacingOccurrences(of: "h.llm.Complete(", with: "h.llm.Summarize(")
        XCTAssertEqual(reach(files, caller: "internal/api/handler.go", call: "Summarize")?.targets.isEmpty, true)
    }

    func testAGoStructsEmbeddedTypesLendItTheirMethods() {
        let client = """
            package ai

            type Client struct{ key string }

            func (c *Client) Complete(ctx context.Context, prompt string) (string, error) {
            	return client.chat.completions.create(prompt), nil
            }
            """
        func server(_ fields: String) -> String {
            """
            package api

            import "github.com/acme/app/internal/ai"

            type Server struct {
            \(fields)
            	name string
            }

            func (s *Server) Summarize(w http.ResponseWriter, r *http.Request) {
            	out, _ := s.Complete(r.Context(), r.FormValue("text"))
            	w.Write([]byte(out))
            }
            """
        }
        func targets(_ fields: String) -> [String]? {
            let files = [
                "go.mod": "module github.com/acme/app\n\ngo 1.22\n", "internal/ai/client.go": client,
                "internal/api/server.go": server(fields),
            ]
            return reach(files, caller: "internal/api/server.go", call: "Complete")?.targets.map(\.label)
        }
        XCTAssertEqual(targets("\t*ai.Client"), ["Complete() internal/ai/client.go:5"])
        XCTAssertEqual(targets("\tai.Client `json:\"-\"`"), ["Complete() internal/ai/client.go:5"])
        // A named field's methods are not promoted: `s.client.Complete` would be.
        XCTAssertEqual(targets("\tclient *ai.Client"), [])
        // A struct written on one line embeds as one written field by field.
        let oneLine = server("").replacingOccurrences(of: "type Server struct {\n\n\tname string\n}", with: "type Server struct{ *ai.Client; name string }")
        XCTAssertTrue(oneLine.contains("struct{ *ai.Client; name string }"))
        let files = ["go.mod": "module github.com/acme/app\n\ngo 1.22\n", "internal/ai/client.go": client, "internal/api/server.go": oneLine]
        XCTAssertEqual(reach(files, caller: "internal/api/server.go", call: "Complete")?.targets.map(\.label),
                       ["Complete() internal/ai/client.go:5"])
    }

    func testRustMethodsCalledThroughAValuesFields() {
        let ai = """
            pub struct AiService {
                http: reqwest::Client,
            }

            impl AiService {
                pub async fn chat(&self, prompt: String) -> String {
                    client.chat.completions.create(prompt)
                }
            }
            """
        let state = "use crate::ai::AiService;\n\n#[derive(Clone)]\npub struct AppState {\n    pub ai: std::sync::Arc<AiService>,\n    pub name: String,\n}\n"
        let main = """
            mod ai;
            mod state;

            use axum::extract::State;
            use state::AppState;

            async fn chat(State(state): State<AppState>, body: String) -> String {
                state.ai.chat(body).await
            }
            """
        let worker = """
            use crate::ai::AiService;

            struct Worker {
                service: AiService,
                label: String,
            }

            impl Worker {
                async fn run(&self, text: String) -> String {
                    self.service.chat(text).await
                }

                async fn tidy(&self, text: String) -> String {
                    self.label.chat(text)
                }
            }
            """
        var files = ["Cargo.toml": "[package]\nname = \"app\"\n", "src/ai.rs": ai, "src/state.rs": state, "src/main.rs": main]
        XCTAssertEqual(reach(files, caller: "src/main.rs", call: "chat")?.targets.map(\.label), ["chat() src/ai.rs:6"])
        files["src/worker.rs"] = worker
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        let facts = index.facts(of: "src/worker.rs", lexed: Lexer.lex(Array(worker.utf8), language: .rust))
        let calls = facts.calls.filter { $0.name == "chat" }
        XCTAssertEqual(calls.map { index.resolve($0, in: facts).targets.map(\.label) }, [["chat() src/ai.rs:6"], []])
    }

    func testGoStructFieldsTypeTheirMethodCalls() {
        var files = Self.goSummarizer
        files["internal/httpapi/handlers.go"] = """
            package httpapi

            import "github.com/acme/notes/internal/llm"

            type Handler struct {
            	Summarizer *llm.Summarizer
            	Formatter  llm.Formatter `json:"-"`
            }
            """
        files["internal/httpapi/summarize.go"] = """
            package httpapi

            func (h *Handler) Summarize(w http.ResponseWriter, r *http.Request) {
            	out, _ := h.Summarizer.Summarize(r.Context(), r.FormValue("text"))
            	w.Write([]byte(h.Formatter.Summarize(out)))
            }
            """
        let path = "internal/httpapi/summarize.go"
        let reach = reach(files, caller: path, call: "Summarize")
        // The last call is the Formatter's, which pays nothing.
        XCTAssertEqual(reach?.targets.map(\.label), ["Summarize() internal/llm/format.go:5"])
        XCTAssertEqual(reach?.paid.isEmpty, true)
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        let facts = index.facts(of: path, lexed: Lexer.lex(Array(files[path, default: ""].utf8), language: .go))
        guard let first = facts.calls.first(where: { $0.name == "Summarize" }) else { return XCTFail("no call") }
        XCTAssertEqual(first.receiver, ["h", "Summarizer"])
        XCTAssertEqual(index.reach(of: first, in: facts).paid.first?.chain,
                       "Summarize() internal/llm/summarizer.go:9 → chat.completions.create")
        // gofmt keeps a struct written on one line as it is: its fields type the calls all the same.
        for struct_ in ["struct{ Summarizer *llm.Summarizer }", "struct{ Formatter llm.Formatter; Summarizer *llm.Summarizer }"] {
            files["internal/httpapi/handlers.go"] = "package httpapi\n\nimport \"github.com/acme/notes/internal/llm\"\n\ntype Handler \(struct_)\n"
            let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
            let facts = index.facts(of: path, lexed: Lexer.lex(Array(files[path, default: ""].utf8), language: .go))
            guard let first = facts.calls.first(where: { $0.name == "Summarize" }) else { return XCTFail("no call") }
            XCTAssertEqual(index.reach(of: first, in: facts).paid.first?.chain,
                           "Summarize() internal/llm/summarizer.go:9 → chat.completions.create", struct_)
        }
    }

    /// Two methods of one file whose receivers share a name but not a type: `s.run()` is each type's own `run`,
    /// whichever is asked first; a name of unknown type is no method of that name on some type.
    func testGoReceiversOfTheSameNameKeepTheirOwnTypes() {
        let source = """
            package jobs

            type Paid struct{}
            type Plain struct{}

            func (s *Paid) run(p string) string { return client.chat.completions.create(p) }
            func (s *Plain) run(p string) string { return p }

            func (s *Paid) Start(p string) string { return s.run(p) }
            func (s *Plain) Start(p string) string { return s.run(p) }

            func Guess(x interface{ run(string) string }, p string) string { return x.run(p) }
            """
        for reversed in [false, true] {
            let index = CodeIndex(tree: InMemorySourceTree(["jobs/run.go": source]), recognizer: ChatCompletionsRecognizer())
            let facts = index.facts(of: "jobs/run.go", lexed: Lexer.lex(Array(source.utf8), language: .go))
            // Not the interface's method declaration, which the extractor takes for a call.
            let calls = facts.calls.filter { $0.name == "run" && !$0.receiver.isEmpty }
            var targets = (reversed ? calls.reversed() : calls).map { call in
                index.reach(of: call, in: facts).targets.map(\.label)
            }
            if reversed { targets.reverse() }
            XCTAssertEqual(targets, [["run() jobs/run.go:6"], ["run() jobs/run.go:7"], []], reversed ? "reversed" : "in order")
        }
    }

    /// What Go declarations tell of names' types, and what they do not: a predeclared type, a constructor whose
    /// result is called on, an anonymous struct.
    func testGoTypedNamesAndDeclaredTypes() {
        let source = """
            package api

            type (
            	Handler struct {
            		Summarizer *llm.Summarizer
            	}
            	Cache[K comparable] struct{}
            )

            func (h *Handler) Serve(ctx context.Context, s string, r *http.Request) {
            	var out struct{ Text string }
            	dec := json.NewDecoder(r.Body).Decode(&out)
            	client, err := openai.NewClient(key)
            	store := &db.Store{}
            	queue := new(Queue)
            	if err == nil {
            		return
            	}
            }
            """
        let index = CodeIndex(tree: InMemorySourceTree([:]), recognizer: ChatCompletionsRecognizer())
        let facts = index.facts(of: "api/h.go", lexed: Lexer.lex(Array(source.utf8), language: .go))
        XCTAssertEqual(facts.typedNames, [
            "Summarizer": "llm.Summarizer", "h": "Handler", "ctx": "context.Context", "r": "http.Request",
            "client": "openai.Client", "store": "db.Store", "queue": "Queue",
        ])
        XCTAssertEqual(facts.containers.map(\.name), ["Handler", "Cache"])
        XCTAssertEqual(facts.definitions.map { "\($0.receiver ?? "-") \($0.container ?? "-").\($0.name)" }, ["h Handler.Serve"])
    }

    func testChainsBeyondTheDepthBoundAreCutAndCounted() {
        var files: [String: String] = [:]
        for step in 0..<5 {
            files["m\(step).py"] = "from m\(step + 1) import f\(step + 1)\n\ndef f\(step)():\n    return f\(step + 1)()\n"
        }
        files["m5.py"] = "def f5():\n    return client.chat.completions.create(model=\"x\")\n"
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer(), maxDepth: 3)
        let facts = index.facts(of: "m0.py", lexed: Lexer.lex(Array(files["m0.py", default: ""].utf8), language: .python))
        guard let call = facts.calls.first(where: { $0.name == "f1" }) else { return XCTFail("no call") }
        XCTAssertTrue(index.reach(of: call, in: facts).paid.isEmpty)
        XCTAssertGreaterThan(index.stats.depthLimitHits, 0)
    }

    /// What a function reaches does not depend on which question was asked first: `m0`'s call starts a walk six
    /// calls deep that is cut before the leaf, `m1`'s one that is not, whatever order they are asked in.
    /// (Remembering the cut walk as the answer for `f2` made findings, and the chains approvals sign, depend on
    /// the workers' order.)
    /// A call's reach is remembered with the file's facts: asked again, in any order, each call keeps its own
    /// answer, and a call a detector makes up (a handler passed by name) at a remembered call's token is resolved
    /// for itself.
    func testRememberedReachesBelongToTheirOwnCalls() {
        let files = [
            "lib/ai.ts": "import OpenAI from \"openai\";\nconst openai = new OpenAI();\nexport async function complete(p: string) {\n  return openai.chat.completions.create({ model: \"gpt-4o\", messages: [] });\n}\n",
            "lib/format.ts": "export function tidy(p: string) {\n  return p.trim();\n}\n",
            "app/a.ts": "import { complete } from \"../lib/ai\";\nimport { tidy } from \"../lib/format\";\nexport function run(t: string) {\n  return complete(tidy(t));\n}\n",
        ]
        func answers(reversed: Bool) -> [String] {
            let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
            let facts = index.facts(of: "app/a.ts", lexed: Lexer.lex(Array(files["app/a.ts", default: ""].utf8), language: .typescript))
            guard let complete = facts.calls.first(where: { $0.name == "complete" }) else {
                XCTFail("no call of complete")
                return []
            }
            var madeUp = complete
            madeUp.name = "tidy"
            let calls = reversed ? [madeUp] + facts.calls.reversed() : facts.calls + [madeUp]
            func describe(_ call: CallFact) -> String {
                let reach = index.reach(of: call, in: facts)
                return "\(call.name): \(reach.targets.map(\.label)) \(reach.paid.first?.chain ?? "none")"
            }
            var result = calls.map(describe)
            // Asked again: the same answers.
            XCTAssertEqual(calls.map(describe), result)
            if reversed { result = Array(result.dropFirst().reversed()) + [result[0]] }
            return result
        }
        let forward = answers(reversed: false)
        XCTAssertEqual(forward, answers(reversed: true))
        XCTAssertEqual(forward, [
            "complete: [\"complete() lib/ai.ts:3\"] complete() lib/ai.ts:3 → chat.completions.create",
            "tidy: [\"tidy() lib/format.ts:1\"] none",
            "tidy: [\"tidy() lib/format.ts:1\"] none",
        ])
    }

    /// The same callee called again in a file is resolved once, but a call with no receiver but the object
    /// itself is resolved for the function it is made in: `this.complete()` is the paid method in one class and
    /// a string helper in the next, and a function calling its own name calls the other one, not itself.
    func testRepeatedCallsKeepWhatTheirPlaceMakesThem() {
        let source = """
            import OpenAI from "openai";
            const openai = new OpenAI();
            class Paid {
              complete(p: string) { return openai.chat.completions.create({ model: "gpt-4o", messages: [] }); }
              run(p: string) { return this.complete(p); }
            }
            class Plain {
              complete(p: string) { return p.trim(); }
              run(p: string) { return this.complete(p); }
            }
            class Again {
              complete(p: string) { return this.complete(p); }
            }
            function ask(p: string) { return openai.chat.completions.create({ model: "gpt-4o", messages: [] }); }
            function first(p: string) { return ask(p) + ask(p); }
            function second(p: string) { return ask(p); }
            """
        for reversed in [false, true] {
            let index = CodeIndex(tree: InMemorySourceTree(["src/a.ts": source]), recognizer: ChatCompletionsRecognizer())
            let facts = index.facts(of: "src/a.ts", lexed: Lexer.lex(Array(source.utf8), language: .typescript))
            let calls = facts.calls.filter { $0.name == "complete" || $0.name == "ask" }
            var chains: [String] = []
            for call in reversed ? calls.reversed() : calls {
                chains.append(index.reach(of: call, in: facts).paid.first?.chain ?? "none")
            }
            if reversed { chains.reverse() }
            XCTAssertEqual(chains, [
                "complete() src/a.ts:4 → chat.completions.create", "none", "none",
                "ask() src/a.ts:14 → chat.completions.create", "ask() src/a.ts:14 → chat.completions.create",
                "ask() src/a.ts:14 → chat.completions.create",
            ], reversed ? "reversed" : "in order")
        }
    }

    func testSummariesDoNotDependOnTheOrderOfQuestions() {
        var files: [String: String] = [:]
        for step in 0..<7 {
            files["m\(step).py"] = "from m\(step + 1) import f\(step + 1)\n\ndef f\(step)():\n    return f\(step + 1)()\n"
        }
        files["m7.py"] = "def f7():\n    return client.chat.completions.create(model=\"x\")\n"
        // A recursion on the way down is followed until the depth runs out; a chain that comes back through
        // `f4` is not `f4`'s.
        files["m4.py"] = "from m5 import f5\n\ndef f4():\n    again()\n    return f5()\n\ndef again():\n    return f4()\n"
        func answers(asking order: [Int]) -> (chains: [Int: String], cut: Int) {
            let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer(), maxDepth: 6)
            var chains: [Int: String] = [:]
            for step in order {
                let path = "m\(step).py"
                let facts = index.facts(of: path, lexed: Lexer.lex(Array(files[path, default: ""].utf8), language: .python))
                guard let call = facts.calls.first(where: { $0.name == "f\(step + 1)" }) else {
                    XCTFail("no call in \(path)")
                    continue
                }
                chains[step] = index.reach(of: call, in: facts).paid.first?.chain ?? "none"
            }
            return (chains, index.stats.depthLimitHits)
        }
        let topDown = answers(asking: [0, 1, 3])
        for order in [[3, 1, 0], [1, 0, 3]] {
            let other = answers(asking: order)
            XCTAssertEqual(other.chains, topDown.chains, "\(order)")
            XCTAssertEqual(other.cut, topDown.cut, "\(order)")
        }
        XCTAssertGreaterThan(topDown.cut, 0)
        XCTAssertEqual(topDown.chains[0], "none")
        XCTAssertEqual(topDown.chains[1]?.hasSuffix("f7() m7.py:1 → chat.completions.create"), true, topDown.chains[1] ?? "")
        XCTAssertEqual(topDown.chains[3], "f4() m4.py:3 → f5() m5.py:3 → f6() m6.py:3 → f7() m7.py:1 → chat.completions.create")
    }

    // MARK: Ruby mixins

    func testRubyIncludedModulesGuardByWhatTheyDeclareAndLendTheirMethods() {
        let files = [
            "app/controllers/concerns/member_area.rb": "module MemberArea\n  extend ActiveSupport::Concern\n\n  included do\n    before_action :authenticate_user!\n  end\nend\n",
            "app/controllers/concerns/authorization.rb": "module Authorization\n  def can_edit?(record)\n    record.owner == me\n  end\nend\n",
            "app/controllers/application_controller.rb": "class ApplicationController < ActionController::Base\n  include MemberArea\nend\n",
            "app/controllers/open_controller.rb": "class OpenController < ActionController::Base\n  include Authorization\nend\n",
            "app/controllers/gem_controller.rb": "class GemController < ActionController::Base\n  include Authentication::Controller\nend\n",
            "app/controllers/docs_controller.rb": "class DocsController < ApplicationController\n  def create\n  end\nend\n",
            "app/services/llm_calls.rb": "module LlmCalls\n  def ask(text)\n    client.chat.completions.create(text)\n  end\nend\n",
            "app/services/triage.rb": "class Triage\n  include LlmCalls\n\n  def call(ticket)\n    ask(ticket.body)\n  end\nend\n",
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        func inherited(_ path: String, _ name: String) -> String? {
            guard let facts = index.facts(of: path) else { return "no facts" }
            return index.inheritedGuard(ofClass: name, in: facts)
        }
        // Through the base controller's include; the guard is named where it is declared.
        XCTAssertEqual(inherited("app/controllers/docs_controller.rb", "DocsController"),
                       "MemberArea (app/controllers/concerns/member_area.rb:1)")
        // A module of the tree named like a guard that declares none.
        XCTAssertNil(inherited("app/controllers/open_controller.rb", "OpenController"))
        // A gem's module has no file here: its name is all there is.
        XCTAssertEqual(inherited("app/controllers/gem_controller.rb", "GemController"),
                       "Authentication::Controller (app/controllers/gem_controller.rb:2)")
        XCTAssertEqual(index.facts(of: "app/services/triage.rb")?.containers.first?.mixins, ["LlmCalls"])
        XCTAssertEqual(reach(files, caller: "app/services/triage.rb", call: "ask")?.paid.first?.chain,
                       "ask() app/services/llm_calls.rb:2 → chat.completions.create")
    }

    /// A Rails engine's controllers inherit the host app's guard through `< ::ApplicationController` (the root class,
    /// not the engine's own `ApplicationController` that writes it); a base class that skips the guard passes none of
    /// the guards above it on, for the actions its `only:` names.
    func testRubyRootQualifiedSuperclassAndABaseClassSkippingTheGuard() {
        let host = "class ApplicationController < ActionController::Base\n  before_action :authenticate_user!\nend\n"
        func inherited(engineBase: String, skipApplies: ((Int, LexedSource) -> Bool)? = nil) -> String? {
            let files = [
                "app/controllers/application_controller.rb": host,
                "engines/assistant/app/controllers/assistant/application_controller.rb": engineBase,
                "engines/assistant/app/controllers/assistant/summaries_controller.rb":
                    "module Assistant\n  class SummariesController < ApplicationController\n    def create; end\n  end\nend\n",
                "engines/assistant/app/controllers/assistant/titles_controller.rb":
                    "class Assistant::TitlesController < ::ApplicationController\n  def create; end\nend\n",
            ]
            let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
            guard let facts = index.facts(of: "engines/assistant/app/controllers/assistant/summaries_controller.rb") else { return "no facts" }
            return index.inheritedGuard(ofClass: "SummariesController", in: facts, skipApplies: skipApplies)
        }
        let hostGuard = "ApplicationController (app/controllers/application_controller.rb:1)"
        XCTAssertEqual(inherited(engineBase: "module Assistant\n  class ApplicationController < ::ApplicationController\n  end\nend\n"), hostGuard)
        XCTAssertEqual(inherited(engineBase: "class Assistant::ApplicationController < ::ApplicationController\nend\n"), hostGuard)
        let skipping = "module Assistant\n  class ApplicationController < ::ApplicationController\n    skip_before_action :authenticate_user!\n  end\nend\n"
        XCTAssertNil(inherited(engineBase: skipping))
        XCTAssertEqual(inherited(engineBase: skipping, skipApplies: { _, _ in false }), hostGuard, "a skip for other actions")
        XCTAssertEqual(inherited(engineBase: "module Assistant\n  class ApplicationController < ::ApplicationController\n"
                                    + "    skip_before_action :verify_authenticity_token\n  end\nend\n"), hostGuard, "CSRF's is no guard")
        // Skipping the host's guard and declaring its own: its own guards.
        XCTAssertEqual(inherited(engineBase: "module Assistant\n  class ApplicationController < ::ApplicationController\n"
                                    + "    skip_before_action :authenticate_user!\n    before_action :authenticate_api_key!\n  end\nend\n"),
                       "ApplicationController (engines/assistant/app/controllers/assistant/application_controller.rb:2)")
    }

    /// Python's `class Session(Session)` over an imported base of the same name, and two classes that name each
    /// other as bases: a method none of them defines resolves to nothing, and a base's method still resolves, in
    /// bounded time (an unbounded climb overflowed the stack on real code).
    func testAClassHierarchyThatComesBackToItselfEnds() {
        let files = [
            "app/sessions.py": """
                from requests import Session

                class Session(Session):
                    def send_prompt(self, text):
                        return self.request_prompt(text)
                """,
            "app/pair.py": """
                class First(Second):
                    def run(self):
                        return self.missing()

                class Second(First):
                    def ask(self, text):
                        return client.chat.completions.create(text)

                class Third(Second):
                    def go(self, text):
                        return self.ask(text)
                """,
        ]
        XCTAssertEqual(reach(files, caller: "app/sessions.py", call: "request_prompt")?.targets.count, 0)
        XCTAssertEqual(reach(files, caller: "app/pair.py", call: "missing")?.targets.count, 0)
        XCTAssertEqual(reach(files, caller: "app/pair.py", call: "ask")?.paid.first?.chain,
                       "ask() app/pair.py:6 → chat.completions.create")
    }

    // MARK: Next.js middleware

    /// A monorepo app's middleware (`apps/web/middleware.ts`) guards that app's route handlers and pages-router API
    /// routes, not another app's.
    func testAMonorepoAppsMiddlewareGuardsItsOwnRoutes() {
        let route = "export async function POST() {}\n"
        let files = [
            "apps/web/middleware.ts": "export { default } from \"next-auth/middleware\";\nexport const config = { matcher: [\"/api/:path*\"] };\n",
            "apps/web/app/api/chat/route.ts": route,
            "apps/web/pages/api/summarize.ts": route,
            "apps/docs/app/api/search/route.ts": route,
            "apps/docs/pages/api/ask.ts": route,
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(index.middlewareGuard(forRouteFile: "apps/web/app/api/chat/route.ts"), "apps/web/middleware.ts")
        XCTAssertEqual(index.middlewareGuard(forRouteFile: "apps/web/pages/api/summarize.ts"), "apps/web/middleware.ts")
        XCTAssertNil(index.middlewareGuard(forRouteFile: "apps/docs/app/api/search/route.ts"))
        XCTAssertNil(index.middlewareGuard(forRouteFile: "apps/docs/pages/api/ask.ts"))
    }

    /// What a `middleware.ts` guards: its matcher's routes, narrowed by what the auth library protects.
    func testNextMiddlewareGuardsWhatItsAuthLibraryProtects() {
        func guardedRoutes(_ middleware: String) -> [String] {
            let routes = ["app/api/chat/route.ts", "app/api/webhooks/stripe/route.ts", "app/dashboard/export/route.ts"]
            var files = ["middleware.ts": middleware]
            for route in routes { files[route] = "export async function POST() {}\n" }
            let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
            return routes.filter { index.middlewareGuard(forRouteFile: $0) != nil }
        }
        let config = #"export const config = { matcher: ["/((?!_next|.*\\..*).*)", "/(api|trpc)(.*)"] };"# + "\n"
        XCTAssertEqual(guardedRoutes("import { clerkMiddleware } from \"@clerk/nextjs/server\";\nexport default clerkMiddleware();\n" + config),
                       [], "a bare clerkMiddleware() protects nothing")
        XCTAssertEqual(guardedRoutes("""
            import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
            const isPublicRoute = createRouteMatcher(["/", "/sign-in(.*)", "/api/webhooks(.*)"]);
            export default clerkMiddleware(async (auth, req) => {
              if (!isPublicRoute(req)) await auth.protect();
            });

            """ + config), ["app/api/chat/route.ts", "app/dashboard/export/route.ts"])
        XCTAssertEqual(guardedRoutes("""
            import { clerkMiddleware, createRouteMatcher } from "@clerk/nextjs/server";
            const isProtectedRoute = createRouteMatcher(["/dashboard(.*)"]);
            export default clerkMiddleware(async (auth, req) => {
              if (isProtectedRoute(req)) await auth.protect();
            });

            """ + config), ["app/dashboard/export/route.ts"])
        XCTAssertEqual(guardedRoutes("""
            import { authMiddleware } from "@clerk/nextjs";
            export default authMiddleware({ publicRoutes: ["/", "/api/webhooks/stripe"] });

            """ + config), ["app/api/chat/route.ts", "app/dashboard/export/route.ts"])
        XCTAssertEqual(guardedRoutes("export { default } from \"next-auth/middleware\";\nexport const config = { matcher: [\"/api\", \"/dashboard/:path*\"] };\n"),
                       ["app/dashboard/export/route.ts"], "a pattern with no parameter matches its own path only")
    }

    /// A route of a monorepo's app is guarded by that app's middleware: the one in the directory before the
    /// route path's first `/app/`, not another app's.
    func testARoutesOwnAppsMiddlewareGuardsIt() {
        let route = "export async function POST() {}\n"
        let files = [
            "apps/web/middleware.ts": "export { default } from \"next-auth/middleware\";\n",
            "apps/web/app/api/chat/route.ts": route,
            "apps/web/app/app/api/x/route.ts": route,
            "apps/admin/app/api/chat/route.ts": route,
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(index.middlewareGuard(forRouteFile: "apps/web/app/api/chat/route.ts"), "apps/web/middleware.ts")
        XCTAssertEqual(index.middlewareGuard(forRouteFile: "apps/web/app/app/api/x/route.ts"), "apps/web/middleware.ts")
        XCTAssertNil(index.middlewareGuard(forRouteFile: "apps/admin/app/api/chat/route.ts"))
        XCTAssertEqual(CodeIndex.prefix(of: "apps/web/app/app/x.ts", beforeFirst: "/app/"), "apps/web")
        XCTAssertEqual(CodeIndex.prefix(of: "/app/x.ts", beforeFirst: "/app/"), "")
        XCTAssertNil(CodeIndex.prefix(of: "app/api/x/route.ts", beforeFirst: "/app/"))
        XCTAssertNil(CodeIndex.prefix(of: "a/ap", beforeFirst: "/app/"))
    }

    /// The entry files that may mount a router file are those of its directory, its parent, the root, src/,
    /// app/ or server/; one elsewhere (another app's `index.ts`) is not asked, nor the file itself.
    func testRouterFilesAreGuardedWhereTheirEntryFilesMountThem() {
        let router = "import { Router } from \"express\";\nconst router = Router();\nexport default router;\n"
        func mounting(_ module: String) -> String {
            "import express from \"express\";\nimport { requireAuth } from \"./auth\";\nimport chat from \"\(module)\";\n"
                + "const app = express();\napp.use(requireAuth);\napp.use(\"/api\", chat);\n"
        }
        func guarded(_ files: [String: String], _ path: String) -> String? {
            CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer()).mountGuard(forFile: path)
        }
        let routes = "api/v1/routes/chat.ts"
        XCTAssertEqual(guarded([routes: router, "api/v1/routes/index.ts": mounting("./chat")], routes), "api/v1/routes/index.ts:5")
        XCTAssertEqual(guarded([routes: router, "api/v1/server.js": mounting("./routes/chat")], routes), "api/v1/server.js:5")
        XCTAssertEqual(guarded([routes: router, "main.mjs": mounting("./api/v1/routes/chat")], routes), "main.mjs:5")
        XCTAssertEqual(guarded([routes: router, "server/app.ts": mounting("../api/v1/routes/chat")], routes), "server/app.ts:5")
        // Two levels up is neither the directory nor its parent; an entry file of another name is none.
        XCTAssertNil(guarded([routes: router, "api/index.ts": mounting("./v1/routes/chat")], routes))
        XCTAssertNil(guarded([routes: router, "api/v1/routes/setup.ts": mounting("./chat")], routes))
        // An entry file is not mounted by itself.
        XCTAssertNil(guarded(["api/v1/routes/index.ts": router + "app.use(requireAuth);\n"], "api/v1/routes/index.ts"))
        XCTAssertEqual(guarded(["app/routers/chat.py": "router = APIRouter()\n",
                                "app/main.py": "from app.routers import chat\napp = FastAPI(dependencies=[Depends(auth_user)])\n"
                                    + "app.include_router(chat.router)\n"], "app/routers/chat.py"), "app/main.py:2")
    }

    // MARK: Laravel middleware groups

    func testLaravelRouteFilesInheritTheirMiddlewareGroupsGuard() {
        let kernel = """
            <?php
            class Kernel extends HttpKernel
            {
                protected $middlewareGroups = [
                    'web' => [
                        \\App\\Http\\Middleware\\VerifyCsrfToken::class,
                        \\Illuminate\\Session\\Middleware\\StartSession::class,
                    ],
                    'api' => [
                        \\Illuminate\\Routing\\Middleware\\ThrottleRequests::class.':api',
                    ],
                ];
            }
            """
        let ten = CodeIndex(tree: InMemorySourceTree(["app/Http/Kernel.php": kernel]), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(ten.routeGroupGuard(forRouteFile: "routes/api.php"),
                       "throttle (ThrottleRequests) (app/Http/Kernel.php 'api' group)")
        XCTAssertNil(ten.routeGroupGuard(forRouteFile: "routes/web.php"), "CSRF and sessions are no guard")
        XCTAssertNil(ten.routeGroupGuard(forRouteFile: "app/Http/api.php"))

        let bootstrap = """
            <?php
            return Application::configure(basePath: dirname(__DIR__))
                ->withRouting(web: __DIR__.'/../routes/web.php', api: __DIR__.'/../routes/api.php')
                ->withMiddleware(function (Middleware $middleware) {
                    $middleware->throttleApi();
                    $middleware->appendToGroup('web', ['auth']);
                })->create();
            """
        let eleven = CodeIndex(tree: InMemorySourceTree(["backend/bootstrap/app.php": bootstrap]), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(eleven.routeGroupGuard(forRouteFile: "backend/routes/api.php"),
                       "throttle:api (backend/bootstrap/app.php 'api' group)")
        XCTAssertEqual(eleven.routeGroupGuard(forRouteFile: "backend/routes/web.php"),
                       "auth (backend/bootstrap/app.php 'web' group)")
        XCTAssertNil(eleven.routeGroupGuard(forRouteFile: "routes/api.php"), "another application's routes")

        let replaced = """
            <?php
            return Application::configure(basePath: dirname(__DIR__))
                ->withMiddleware(function (Middleware $middleware) {
                    $middleware->group('api', [\\Illuminate\\Routing\\Middleware\\SubstituteBindings::class, 'auth:api']);
                })->create();
            """
        let group = CodeIndex(tree: InMemorySourceTree(["bootstrap/app.php": replaced]), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(group.routeGroupGuard(forRouteFile: "routes/api.php"), "auth:api (bootstrap/app.php 'api' group)")
        XCTAssertNil(group.routeGroupGuard(forRouteFile: "routes/web.php"))
    }

    func testLaravelRouteFilesRegisteredWithMiddlewareHaveItsGuard() {
        let kernel = """
            <?php
            class Kernel extends HttpKernel
            {
                protected $middlewareGroups = [
                    'web' => [\\App\\Http\\Middleware\\VerifyCsrfToken::class],
                    'api' => ['throttle:api'],
                ];
            }
            """
        let provider = """
            <?php
            class RouteServiceProvider extends ServiceProvider
            {
                public function boot(): void
                {
                    $this->routes(function () {
                        Route::middleware('api')->prefix('api')->group(base_path('routes/api.php'));
                        Route::middleware('web')->group(base_path('routes/web.php'));
                        Route::prefix('webhooks')
                            ->middleware('api')
                            ->group(base_path('routes/webhooks.php'));
                        Route::middleware(['web', 'auth'])->prefix('admin')->group(base_path('routes/admin.php'));
                        Route::middleware('web')->group(base_path('routes/public.php'));
                    });
                }
            }
            """
        let ten = CodeIndex(
            tree: InMemorySourceTree(["app/Http/Kernel.php": kernel, "app/Providers/RouteServiceProvider.php": provider]),
            recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(ten.routeGroupGuard(forRouteFile: "routes/webhooks.php"), "throttle:api (app/Http/Kernel.php 'api' group)")
        XCTAssertEqual(ten.routeGroupGuard(forRouteFile: "routes/admin.php"),
                       "auth (app/Providers/RouteServiceProvider.php registers routes/admin.php)")
        XCTAssertEqual(ten.routeGroupGuard(forRouteFile: "routes/api.php"), "throttle:api (app/Http/Kernel.php 'api' group)")
        XCTAssertNil(ten.routeGroupGuard(forRouteFile: "routes/public.php"), "the web group guards nothing here")
        XCTAssertNil(ten.routeGroupGuard(forRouteFile: "routes/console.php"), "not registered with middleware")

        let bootstrap = """
            <?php
            return Application::configure(basePath: dirname(__DIR__))
                ->withRouting(
                    web: __DIR__.'/../routes/web.php',
                    then: function () {
                        Route::middleware('auth:sanctum')->prefix('v2')->group(base_path('routes/v2.php'));
                        Route::prefix('hooks')->group(base_path('routes/hooks.php'));
                    },
                )->create();
            """
        let eleven = CodeIndex(tree: InMemorySourceTree(["bootstrap/app.php": bootstrap]), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(eleven.routeGroupGuard(forRouteFile: "routes/v2.php"),
                       "auth:sanctum (bootstrap/app.php registers routes/v2.php)")
        XCTAssertNil(eleven.routeGroupGuard(forRouteFile: "routes/hooks.php"), "registered without middleware")
    }

    // MARK: Queue workers

    func testAQueueWorkersImportedProcessorIsBackgroundWork() {
        let files = [
            "src/processors/summarize.ts": "export async function summarize(job) {\n  return client.chat.completions.create({ input: job.data });\n}\n",
            "src/processors/resize.ts": "export async function resize(job) {\n  return sharp(job.data).resize(10).toBuffer();\n}\n",
            "src/queues.ts": """
                import { Worker } from "bullmq";
                import { summarize } from "./processors/summarize";
                import { resize } from "./processors/resize";
                new Worker("resize", resize, { connection });
                pipeline.process(summarize);
                summaryQueue.process(5, summarize);
                new Worker("summaries", summarize, { connection, concurrency: 2 });

                """,
        ]
        let result = reach(files, caller: "src/queues.ts", call: "Worker")
        XCTAssertEqual(result?.paid.first?.background, "queue worker runs summarize")
        XCTAssertEqual(result?.paid.first?.chain, "summarize() src/processors/summarize.ts:1 → chat.completions.create")
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        let facts = index.facts(of: "src/queues.ts")
        XCTAssertEqual(facts?.processors.sorted { $0.key < $1.key }.map(\.value), ["resize", "summarize", "summarize"],
                       "a process() whose receiver is no queue registers no worker")
        if let facts, let resize = facts.calls.first(where: { facts.processors[$0.token] == "resize" }) {
            XCTAssertTrue(index.reach(of: resize, in: facts).paid.isEmpty)
        }
    }

    // MARK: Constructor parameters

    func testConstructorParametersAndConstructionArgumentsAreExtracted() {
        let index = CodeIndex(tree: InMemorySourceTree([
            "src/s.ts": "export class Summarizer {\n  constructor(private readonly client: TextModel, private model = pick({ a: 1 }, 2)) {}\n}\nconst s = new Summarizer(new OpenAI(), \"m\");\nconst t = new Summarizer(openai);\n",
            "app/s.py": "from app.titler import Titler\n\nclass Summarizer:\n    def __init__(self, client, model=None):\n        self.client = client\n\ns = Summarizer(client=Anthropic(), model=\"m\")\n",
            "app/t.py": "from app.titler import Titler\nsummarizer = Summarizer()\n",
        ]), recognizer: ChatCompletionsRecognizer())
        let ts = index.facts(of: "src/s.ts")
        XCTAssertEqual(ts?.constructorParameters, ["Summarizer": ["client", "model"]])
        XCTAssertEqual(ts?.constructions["Summarizer"]?.map { $0.arguments.map(\.value) }, [["OpenAI"], ["openai"]])
        XCTAssertEqual(ts?.constructions["Summarizer"]?.first?.arguments.first?.constructs, true)
        let python = index.facts(of: "app/s.py")
        XCTAssertEqual(python?.constructorParameters, ["Summarizer": ["client", "model"]])
        let argument = python?.constructions["Summarizer"]?.first?.arguments.first
        XCTAssertEqual(argument?.keyword, "client")
        XCTAssertEqual(argument?.value, "Anthropic")
        // An import ending one line and an assignment starting the next are not `Type name =`.
        XCTAssertEqual(index.facts(of: "app/t.py")?.typedNames["summarizer"], "Summarizer")
    }

    func testAClientPassedToAConstructorAttributesTheMethodsCallsOnIt() {
        let files = [
            "src/summarizer.ts": "export class Summarizer {\n  constructor(private client: TextModel, private log: Logger) {}\n  async run(t: string) {\n    await this.log.info(t);\n    return this.client.chat.completions.create({ input: t });\n  }\n}\n",
            "src/use.ts": "import { Summarizer } from \"./summarizer\";\nconst a = new Summarizer(new OpenAI(), console);\nconst b = new Summarizer(new Formatter(), console);\nexport const go = (t: string) => a.run(t);\n",
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: AssumingRecognizer())
        guard let facts = index.facts(of: "src/use.ts"), let call = facts.calls.first(where: { $0.name == "run" }) else {
            return XCTFail("no call of run")
        }
        let paid = index.reach(of: call, in: facts).paid.first
        XCTAssertEqual(paid?.provider, "openai")
        XCTAssertEqual(paid?.signature,
                       "run() src/summarizer.ts → this.client.chat.completions.create (OpenAI passed to Summarizer in src/use.ts)")
        // The same class given a client of no provider (`b`, beside `a` in the same file): nothing to attribute.
        let other = CodeIndex(tree: InMemorySourceTree([
            "src/summarizer.ts": files["src/summarizer.ts"] ?? "",
            "src/use.ts": (files["src/use.ts"] ?? "").replacingOccurrences(of: "a.run(t)", with: "b.run(t)"),
        ]), recognizer: AssumingRecognizer())
        guard let otherFacts = other.facts(of: "src/use.ts"), let otherCall = otherFacts.calls.first(where: { $0.name == "run" })
        else { return XCTFail("no call of run") }
        XCTAssertEqual(otherFacts.constructions["Summarizer"]?.map(\.assignedTo), ["a", "b"])
        XCTAssertTrue(other.reach(of: otherCall, in: otherFacts).paid.isEmpty)
    }

    /// A chain of names is joined into a root only where that can bind it: a dotted Python import, a type's
    /// qualified name. Both must still resolve; chains of neither resolve only by a declared type.
    func testChainsOfNamesResolveThroughDottedImportsAndQualifiedTypes() {
        let python = [
            "app/__init__.py": "",
            "app/services/__init__.py": "",
            "app/services/llm.py": pythonChatWrapper,
            "app/jobs/report.py": "import app.services.llm\n\ndef run(t):\n    return app.services.llm.complete(t)\n",
        ]
        XCTAssertEqual(reach(python, caller: "app/jobs/report.py", call: "complete")?.paid.first?.chain,
                       "complete() app/services/llm.py:4 → chat.completions.create")
        let ruby = [
            "app/services/llm/client.rb": "module Llm\n  class Client\n    def self.complete(p)\n      OpenAI::Client.new.chat.completions.create(p)\n    end\n  end\nend\n",
            "app/jobs/report.rb": "class Report\n  def run(t)\n    Llm::Client.complete(t)\n  end\nend\n",
        ]
        XCTAssertEqual(reach(ruby, caller: "app/jobs/report.rb", call: "complete")?.targets.map(\.path), ["app/services/llm/client.rb"])
        let typescript = ["src/a.ts": "import { complete } from \"./ai\";\nexport const go = (t: string) => prisma.user.complete(t);\n"]
        XCTAssertEqual(reach(typescript, caller: "src/a.ts", call: "complete")?.targets.count, 0)
    }

    /// What a file's calls reach is remembered per callee: hundreds of callees (the table grows, fingerprints
    /// share slots) each keep their own answer, asked again in any order.
    func testEachCalleeOfAFileKeepsItsOwnReach() {
        let count = 300
        var source = "import OpenAI from \"openai\";\nconst openai = new OpenAI();\n"
        for number in 0..<count {
            let body = number % 37 == 0 ? "return openai.chat.completions.create({ input: t });" : "return t;"
            source += "function f\(number)(t: string) { \(body) }\n"
        }
        source += "export function all(t: string) {\n"
        for number in (0..<count).reversed() { source += "  f\(number)(t);\n" }
        for number in 0..<count { source += "  f\(number)(t);\n" }
        source += "}\n"
        let index = CodeIndex(tree: InMemorySourceTree(["src/all.ts": source]), recognizer: ChatCompletionsRecognizer())
        let facts = index.facts(of: "src/all.ts", lexed: Lexer.lex(Array(source.utf8), language: .typescript))
        let calls = facts.calls.filter { $0.name.hasPrefix("f") }
        XCTAssertEqual(calls.count, 2 * count)
        for call in calls + calls.reversed() {
            let reach = index.reach(of: call, in: facts)
            XCTAssertEqual(reach.targets.map(\.name), [call.name])
            let number = Int(call.name.dropFirst()) ?? -1
            XCTAssertEqual(reach.paid.first?.hops.map(\.name), number % 37 == 0 ? [call.name] : nil, call.name)
        }
    }

    /// The memo finds each remembered callee by its fingerprint, through slots other fingerprints took first and
    /// after the table grows, and answers nothing for a callee it does not hold under that fingerprint.
    func testTheReachMemoFindsEveryCalleeByItsFingerprint() {
        let memo = CallReachMemo()
        let calls = (0..<1000).map { number in
            CallFact(name: "f\(number)", receiver: [], token: number, line: 1, column: 1, firstArgument: nil, callee: UInt64(number))
        }
        func reach(_ call: CallFact) -> CallReach {
            let definition = Definition(name: call.name, container: nil, line: 1, tokens: call.token...call.token)
            return CallReach(targets: [Symbol(path: "a.ts", definition: definition)], paid: [], isGuard: false)
        }
        for call in calls { memo.remember(reach(call), of: call, caller: nil, key: call.callee) }
        for call in calls {
            XCTAssertEqual(memo.reach(of: call, caller: nil, key: call.callee)?.targets.map(\.name), [call.name])
        }
        var other = calls[0]
        other.name = "g"
        XCTAssertNil(memo.reach(of: other, caller: nil, key: other.callee))
        XCTAssertNil(memo.reach(of: calls[0], caller: 0...1, key: calls[0].callee))
    }
}

/// Knows `OpenAI` as a client and finds `….chat.completions.create(` only where that client is assumed in scope,
/// as the catalogue does for a shape too short to be recognised alone.
struct AssumingRecognizer: LeafRecognizer {
    func paidLeaves(in lexed: LexedSource, path: String) -> [PaidLeaf] { [] }
    func guardTokens(in lexed: LexedSource) -> [Int] { [] }
    func clientProvider(ofType type: String) -> String? { type == "OpenAI" ? "openai" : nil }
    func paidLeaves(in lexed: LexedSource, path: String, assuming provider: String) -> [PaidLeaf] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.token(index, is: "create"), lexed.token(index - 2, is: "completions"),
                  lexed.token(index + 1, isPunctuation: Byte.openParen)
            else { return nil }
            // Like the catalogue, the leaf's token is where its chain starts.
            let start = FactExtractor.chainStart(lexed, at: index)
            return PaidLeaf(token: start, line: lexed.tokens[index].line, provider: provider,
                            evidence: "this.client.chat.completions.create")
        }
    }
}
