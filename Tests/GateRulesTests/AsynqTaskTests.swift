import GateCore
import GateRules
import XCTest

/// Go's asynq links the code that enqueues work to the worker that runs it only by the task's type: a request
/// handler makes `asynq.NewTask(tasks.TypeSummarize, payload)` (often in a constructor of the task package) and the
/// worker's mux runs what it registers for that type. The request handler's route then reaches the paid call as
/// background work.
final class AsynqTaskTests: XCTestCase {
    // MARK: Fixtures

    private static let route = "api/routes.go"

    /// The task package: `TypeSummarize` made by `NewSummarizeTask` and handled by `HandleSummarizeTask` (paid
    /// unless `paid: false`), `TypeWelcome` handled by a free handler, and an image processor (a `ProcessTask`
    /// method) that calls OpenAI.
    private static func tasks(paid: Bool = true) -> String {
        """
        package tasks

        import (
        	"context"
        	"encoding/json"

        	"github.com/hibiken/asynq"
        	openai "github.com/sashabaranov/go-openai"
        )

        const (
        	TypeSummarize = "summary:create"
        	TypeWelcome   = "email:welcome"
        	TypeCaption   = "image:caption"
        )

        func NewSummarizeTask(id int) (*asynq.Task, error) {
        	payload, err := json.Marshal(map[string]int{"id": id})
        	if err != nil {
        		return nil, err
        	}
        	return asynq.NewTask(TypeSummarize, payload), nil
        }

        func HandleSummarizeTask(ctx context.Context, t *asynq.Task) error {
        	client := openai.NewClient("")
        	\(paid ? "_, err := client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})" : "err := ctx.Err()")
        	return err
        }

        func HandleWelcomeTask(ctx context.Context, t *asynq.Task) error {
        	return nil
        }

        type CaptionProcessor struct {
        	client *openai.Client
        }

        func NewCaptionProcessor() *CaptionProcessor {
        	return &CaptionProcessor{client: openai.NewClient("")}
        }

        func (p *CaptionProcessor) ProcessTask(ctx context.Context, t *asynq.Task) error {
        	_, err := p.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4o})
        	return err
        }
        """
    }

    /// The worker: its mux registers `registrations` (Go statements on `mux`).
    private static func worker(_ registrations: String) -> String {
        """
        package main

        import (
        	"log"

        	"example.com/app/tasks"
        	"github.com/hibiken/asynq"
        )

        func main() {
        	srv := asynq.NewServer(asynq.RedisClientOpt{Addr: "127.0.0.1:6379"}, asynq.Config{Concurrency: 10})
        	mux := asynq.NewServeMux()
        	\(registrations)
        	if err := srv.Run(mux); err != nil {
        		log.Fatal(err)
        	}
        }
        """
    }

    private static let defaultRegistrations = """
        mux.HandleFunc(tasks.TypeSummarize, tasks.HandleSummarizeTask)
        	mux.HandleFunc(tasks.TypeWelcome, tasks.HandleWelcomeTask)
        	mux.Handle(tasks.TypeCaption, tasks.NewCaptionProcessor())
        """

    /// A gin route whose handler runs `body` (the enqueue is on line 17).
    private static func route(_ body: String) -> String {
        """
        package api

        import (
        	"net/http"

        	"example.com/app/tasks"
        	"github.com/gin-gonic/gin"
        	"github.com/hibiken/asynq"
        )

        type Handler struct{ client *asynq.Client }

        func Register(r *gin.Engine, h *Handler) { r.POST("/documents/:id/summary", h.Summarize) }

        func (h *Handler) Summarize(c *gin.Context) {
        	var err error
        	\(body)
        	if err != nil {
        		c.JSON(http.StatusInternalServerError, gin.H{"error": err.Error()})
        		return
        	}
        	c.JSON(http.StatusAccepted, gin.H{"queued": true})
        }
        """
    }

    /// The rule of each finding of the route file, with what follows "repeatedly: " for background work.
    private func findings(_ body: String, tasks: String = tasks(), registrations: String = defaultRegistrations) -> [String] {
        headTreeFindings(Self.route, head: [
            "go.mod": "module example.com/app\n\ngo 1.22\n",
            "tasks/tasks.go": tasks,
            "cmd/worker/main.go": Self.worker(registrations),
            Self.route: Self.route(body),
        ]).map { finding in
            guard let reason = finding.message.components(separatedBy: "repeatedly: ").dropFirst().first else { return finding.rule }
            return "\(finding.rule) \(finding.line): \(reason)"
        }.sorted()
    }

    // MARK: Reached

    func testARouteMakingATaskReachesTheHandlerTheWorkerRegistersForItsType() {
        let expected = ["batch-model-call 17: runs as background work (enqueues asynq task TypeSummarize)", "unprotected-endpoint"]
        // Through the task package's constructor.
        XCTAssertEqual(findings("_, err = tasks.NewSummarizeTask(42)"), expected)
        // Made in the route itself, by the constant or by its value.
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(tasks.TypeSummarize, nil))"), expected)
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(\"summary:create\", nil))"),
                       ["batch-model-call 17: runs as background work (enqueues asynq task summary:create)", "unprotected-endpoint"])
    }

    func testAHandlerRegisteredAsAValueRunsItsProcessTaskMethod() {
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(tasks.TypeCaption, nil))"),
                       ["batch-model-call 17: runs as background work (enqueues asynq task TypeCaption)", "unprotected-endpoint"])
        // A pointer to a literal of the type, and a function wrapped in `asynq.HandlerFunc`.
        let registrations = """
            mux.Handle(tasks.TypeCaption, &tasks.CaptionProcessor{})
            	mux.Handle(tasks.TypeSummarize, asynq.HandlerFunc(tasks.HandleSummarizeTask))
            """
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(tasks.TypeCaption, nil))", registrations: registrations).count, 2)
        XCTAssertEqual(findings("_, err = tasks.NewSummarizeTask(42)", registrations: registrations).count, 2)
    }

    // MARK: Not reached

    func testATaskWhoseHandlerIsFreeOrUnregisteredReachesNothing() {
        // The welcome handler does nothing paid.
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(tasks.TypeWelcome, nil))"), [])
        // The summary handler does nothing paid.
        XCTAssertEqual(findings("_, err = tasks.NewSummarizeTask(42)", tasks: Self.tasks(paid: false)), [])
        // No mux registers the type: nothing is known to run it.
        XCTAssertEqual(findings("_, err = tasks.NewSummarizeTask(42)", registrations: "mux.HandleFunc(tasks.TypeWelcome, tasks.HandleWelcomeTask)"), [])
        // A type of another value, and an HTTP mux's path of the same spelling as a constant's name.
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(\"summary:delete\", nil))"), [])
        XCTAssertEqual(findings("_, err = h.client.Enqueue(asynq.NewTask(\"TypeSummarize\", nil))"), [])
    }

    func testANewTaskOfAnotherPackageIsAnOrdinaryCall() {
        // A project's own `NewTask` is not asynq's: it is resolved like any call, and reaches nothing here.
        XCTAssertEqual(findings("_, err = h.client.Enqueue(jobs.NewTask(tasks.TypeSummarize, nil))"), [])
    }
}
