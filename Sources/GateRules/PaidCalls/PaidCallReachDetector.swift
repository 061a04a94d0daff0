import GateCore

/// A new call of a function that reaches a paid call, here or in another file: new spend through a wrapper.
public struct PaidCallReachDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "paid-call-reach", name: "Call of a paid wrapper", category: .paidExternalCall,
        rationale: """
            Paid clients usually live in one module (`lib/ai.ts`, `app/services/llm.py`, `LlmClient`) and the code \
            that spends money calls it from elsewhere. gate resolves what added lines call — through the file's \
            imports (relative paths, index files, tsconfig paths, bundler `@/` and `~/` aliases, workspace packages; Python packages and relative \
            imports, with the classes and functions a package's `__init__.py` re-exports; Ruby constants by Zeitwerk path and \
            require_relative, namespaced or not, their instances made in the call or held (`Llm::Tagger.new.tags_for`); Go packages under go.mod's module path, \
            and Go methods by their receiver's type in any file of its package; \
            Java/Kotlin packages; PHP PSR-4; C# types by file; Rust mod trees; Swift targets), the receiver's \
            declared or constructed type, base classes and Ruby `include`d modules, never by name alone — and follows each callee across \
            files (bounded depth) to a paid call. A new call of such a function is new spend; the message and the \
            fingerprint carry the chain (`complete() lib/ai.ts:5 → openai.chat.completions.create`), so approving \
            the wrapper does not approve later callers. Where a name could be more than one file's, the message \
            says so. A class whose file cannot tell whose client `this.client` is (an interface type, no type) \
            takes the provider from its construction in the calling file or its own (`new Summarizer(new \
            OpenAI())`, `Summarizer(client=Anthropic())`, `Summarizer.new(client: OpenAI::Client.new)`). A route the change adds \
            for an existing function or controller action that reaches a paid call (`Route::post('/summary', \
            [SummaryController::class, 'store'])->middleware('throttle:5,1')`, `app.post("/summarize", limiter, summarize)`, \
            `resources :summaries` in config/routes.rb, `path("summarize/", views.summarize)` in a Django URLconf, \
            `router.register("notes", NoteViewSet)`, Flask's `add_url_rule`, a Starlette `Route(…)`; or a route \
            annotation or decorator put on a handler that made the paid call already: `@PostMapping`, `@Post()`, \
            `[HttpPost]`, `@app.post(…)`) \
            calls nothing itself but makes the paid call reachable: reported at the line naming the handler when the route \
            is guarded (an open one is unprotected-endpoint), unless the change edits the handler or a function on its \
            way to the paid call (reported where it spends) or only edits or moves a route that was there. \
            A call on a LangChain4j declarative AI service (an interface \
            annotated `@AiService` or `@RegisterAiService`, or given to `AiServices.create`/`builder`) is a model call \
            itself: the framework implements it. In loops, jobs or enqueued work the call is \
            batch-model-call instead. A call the change only edits is not new: one of the same name in the same \
            function on a line the change deletes pairs with it (its result renamed, its arguments or receiver \
            edited: `llm.Summarize` made `ai.Summarize`), and so does an inline paid call of the same provider and API \
            the function no longer makes (moved into the helper now called), or a call of a wrapper it no longer makes \
            that the new call reaches through (`summarizeNote(note.body)` moved with the lines around it into \
            `summarizeUserNote(id)`, which the function now calls; not when the new call's chain loops over the paid \
            call or enqueues it), one call for each it no longer makes; a second call beside it is new. Across the \
            whole change, a call of a wrapper moves as a direct paid call does: into a new function the place that \
            lost it now calls or names as a handler (`router.post("/", requireAuth, createReply)` where an inline \
            handler was), with its function moved whole into another file, or into a new function of its own file \
            that replaced the one that made the same line (a DRF `APIView.post` made an `@api_view` function). A \
            wrapper renamed where it is defined and where it is called (`summarize` made `summarizeNote`: the line \
            defining it renames only that name, and the calling function no longer names the old one) is the same \
            call under its new name, seen across the whole change.
            """,
        triggering: [
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI()

                def summarize(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])

                def describe(ticket):
                    return ↓summarize(ticket.body)
                """, path: "app/support.py",
                base: """
                from openai import OpenAI

                client = OpenAI()

                def summarize(text):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                """),
            DetectorExample("""
                import OpenAI from "openai";
                const openai = new OpenAI();

                class Assistant {
                  async complete(prompt: string) {
                    return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                  }
                  async title(doc: string) {
                    return ↓this.complete(`Title for: ${doc}`);
                  }
                }
                """, path: "src/assistant.ts",
                base: """
                import OpenAI from "openai";
                const openai = new OpenAI();

                class Assistant {
                  async complete(prompt: string) {
                    return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                  }
                }
                """),
            // Go methods, by the receiver's type: the method's own receiver, a variable a constructor made, and a value
            // of an interface the type satisfies (without saying so).
            DetectorExample("""
                package llm

                import openai "github.com/sashabaranov/go-openai"

                type Summarizer struct {
                	client *openai.Client
                }

                func NewSummarizer() *Summarizer {
                	return &Summarizer{client: openai.NewClient(os.Getenv("OPENAI_API_KEY"))}
                }

                func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
                	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini,
                		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: text}}})
                	if err != nil {
                		return "", err
                	}
                	return resp.Choices[0].Message.Content, nil
                }

                func (s *Summarizer) Title(ctx context.Context, text string) (string, error) {
                	return ↓s.Summarize(ctx, "Give a title for: "+text)
                }

                func Quick(ctx context.Context, text string) (string, error) {
                	s := NewSummarizer()
                	return ↓s.Summarize(ctx, text)
                }

                type Summarizing interface {
                	Summarize(ctx context.Context, text string) (string, error)
                }

                func Describe(ctx context.Context, p Summarizing, text string) (string, error) {
                	return ↓p.Summarize(ctx, text)
                }
                """, path: "internal/llm/summarizer.go",
                base: """
                package llm

                import openai "github.com/sashabaranov/go-openai"

                type Summarizer struct {
                	client *openai.Client
                }

                func NewSummarizer() *Summarizer {
                	return &Summarizer{client: openai.NewClient(os.Getenv("OPENAI_API_KEY"))}
                }

                func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
                	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini,
                		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: text}}})
                	if err != nil {
                		return "", err
                	}
                	return resp.Choices[0].Message.Content, nil
                }
                """),
        ],
        nonTriggering: [
            // The line of an existing call of a paid wrapper edited (its result renamed, its argument trimmed).
            DetectorExample("""
                import { summarize } from "../lib/ai";

                export async function report(body: string) {
                  const summary = await summarize(body.trim());
                  return { summary };
                }
                """, path: "src/report.ts",
                base: """
                import { summarize } from "../lib/ai";

                export async function report(body: string) {
                  const s = await summarize(body);
                  return { summary: s };
                }
                """,
                alongside: [("lib/ai.ts", """
                    import OpenAI from "openai";
                    const openai = new OpenAI();
                    export async function summarize(text: string) {
                      const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
                      return r.choices[0].message.content;
                    }
                    """)]),
            DetectorExample("""
                import OpenAI from "openai";
                import { complete } from "./format";
                const openai = new OpenAI();

                async function ask(prompt: string) {
                  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                }

                export function label(text: string) {
                  return complete(text);
                }
                """, path: "src/label.ts",
                base: """
                import OpenAI from "openai";
                const openai = new OpenAI();

                async function ask(prompt: string) {
                  return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                }
                """),
            DetectorExample("""
                class Formatter:
                    def complete(self, text):
                        return text.strip()

                class Assistant:
                    def complete(self, prompt):
                        return self.client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])

                def tidy(formatter, text):
                    return formatter.complete(text)
                """, path: "app/tidy.py",
                base: """
                class Formatter:
                    def complete(self, text):
                        return text.strip()

                class Assistant:
                    def complete(self, prompt):
                        return self.client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                """),
            // A Go method of the same name on another type: never the paid one by name.
            DetectorExample("""
                package llm

                import openai "github.com/sashabaranov/go-openai"

                type Summarizer struct {
                	client *openai.Client
                }

                func NewSummarizer() *Summarizer {
                	return &Summarizer{client: openai.NewClient(os.Getenv("OPENAI_API_KEY"))}
                }

                func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
                	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini,
                		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: text}}})
                	if err != nil {
                		return "", err
                	}
                	return resp.Choices[0].Message.Content, nil
                }

                type Formatter struct{}

                func (f *Formatter) Summarize(text string) string { return strings.TrimSpace(text) }

                func Tidy(text string) string {
                	f := &Formatter{}
                	return f.Summarize(text)
                }
                """, path: "internal/llm/summarizer.go",
                base: """
                package llm

                import openai "github.com/sashabaranov/go-openai"

                type Summarizer struct {
                	client *openai.Client
                }

                func NewSummarizer() *Summarizer {
                	return &Summarizer{client: openai.NewClient(os.Getenv("OPENAI_API_KEY"))}
                }

                func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
                	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini,
                		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: text}}})
                	if err != nil {
                		return "", err
                	}
                	return resp.Choices[0].Message.Content, nil
                }

                type Formatter struct{}

                func (f *Formatter) Summarize(text string) string { return strings.TrimSpace(text) }
                """),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let reached = ReachCalls.of(file, context: context)
        var findings: [Finding] = []
        var lines = Set<Int>()
        for call in reached.calls where reached.batchReason(call) == nil {
            // A call the change only edits (re-wrapped, its result renamed) was paid before.
            guard !PreexistingPaidSites.of(file, context: context).contains(call), lines.insert(call.call.line).inserted
            else { continue }
            findings.append(.reach(description, file: file, call: call) { "calls \($0): every request costs money" })
        }
        return findings
    }
}
