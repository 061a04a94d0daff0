import GateCore
import GateRules
import XCTest

/// Work a Java, Kotlin or C# controller hands to a job library instead of doing it: a Spring `@Async` method, a
/// JobRunr or Hangfire lambda. The controller's call is then background work (`batch-model-call`, not
/// `paid-call-reach`), and the library's retries (10 by default in both) retry the paid work it reaches.
final class JVMAndDotNetJobTests: XCTestCase {
    // MARK: Fixtures

    private static let javaService = "src/main/java/app/llm/SummaryService.java"
    private static let javaController = "src/main/java/app/web/SummaryController.java"

    /// A Spring service whose `summarize` calls OpenAI, with `annotations` over the method and `classAnnotations` over the
    /// class; `paid: false` makes it do nothing paid.
    private static func javaService(annotations: String = "", classAnnotations: String = "", paid: Bool = true) -> String {
        """
        package app.llm;

        import com.openai.client.OpenAIClient;
        import com.openai.client.okhttp.OpenAIOkHttpClient;
        import org.jobrunr.jobs.annotations.Job;
        import org.springframework.scheduling.annotation.Async;
        import org.springframework.stereotype.Service;

        @Service
        \(classAnnotations)
        public class SummaryService {
            private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

            \(annotations)
            public void summarize(String id) {
                \(paid ? "client.chat().completions().create(params(id));" : "System.out.println(id);")
            }
        }
        """
    }

    /// A service of the same shape whose `summarize` is not `@Async`.
    private static let otherJavaService = """
        package app.llm;

        import com.openai.client.OpenAIClient;
        import com.openai.client.okhttp.OpenAIOkHttpClient;
        import org.springframework.stereotype.Service;

        @Service
        public class DraftService {
            private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

            public void summarize(String id) {
                client.chat().completions().create(params(id));
            }
        }
        """

    private static func javaController(_ body: String, fields: String = "") -> String {
        """
        package app.web;

        import app.llm.DraftService;
        import app.llm.SummaryService;
        import org.jobrunr.scheduling.BackgroundJob;
        import org.jobrunr.scheduling.JobScheduler;
        import org.springframework.web.bind.annotation.*;

        @RestController
        @RequestMapping("/api")
        public class SummaryController {
            private final SummaryService service;
            private final DraftService drafts;
            private final JobScheduler jobScheduler;
        \(fields)

            public SummaryController(SummaryService service, DraftService drafts, JobScheduler jobScheduler) {
                this.service = service;
                this.drafts = drafts;
                this.jobScheduler = jobScheduler;
            }

            @PostMapping("/summaries/{id}")
            public void create(@PathVariable String id) {
                \(body)
            }
        }
        """
    }

    private static let csharpService = "Services/SummaryService.cs"
    private static let csharpController = "Controllers/SummaryController.cs"

    private static func csharpService(annotations: String = "", classAnnotations: String = "", paid: Bool = true) -> String {
        """
        using Hangfire;
        using OpenAI.Chat;

        namespace App.Services;

        public interface ISummaryService
        {
            Task Summarize(int id);
        }

        \(classAnnotations)
        public class SummaryService : ISummaryService
        {
            private readonly ChatClient _chat = new("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

            \(annotations)
            public async Task Summarize(int id)
            {
                \(paid ? "await _chat.CompleteChatAsync(\"Summarize \" + id);" : "await Task.Delay(id);")
            }
        }
        """
    }

    private static func csharpController(_ body: String) -> String {
        """
        using App.Services;
        using Hangfire;
        using Microsoft.AspNetCore.Mvc;

        namespace App.Controllers;

        [ApiController]
        [Route("api/[controller]")]
        public class SummaryController : ControllerBase
        {
            private readonly ISummaryService _service;
            private readonly IBackgroundJobClient _jobs;

            public SummaryController(ISummaryService service, IBackgroundJobClient jobs)
            {
                _service = service;
                _jobs = jobs;
            }

            [HttpPost("{id}")]
            public IActionResult Create(int id)
            {
                \(body)
                return Accepted();
            }
        }
        """
    }

    /// The rule and, for reach findings, the reason after "repeatedly: " of each finding at the controller's call line.
    private func findings(_ path: String, head files: [String: String], line: Int) -> [String] {
        headTreeFindings(path, head: files).filter { $0.line == line && $0.rule != "unprotected-endpoint" }.map { finding in
            guard let reason = finding.message.components(separatedBy: "repeatedly: ").dropFirst().first else { return finding.rule }
            return finding.rule + ": " + reason
        }.sorted()
    }

    /// The findings at the controller's enqueue call, in a project that also holds `project` (path: text).
    private func java(_ body: String, service: String = javaService(), fields: String = "", project: [String: String] = [:]) -> [String] {
        findings(Self.javaController, head: [
            Self.javaService: service, "src/main/java/app/llm/DraftService.java": Self.otherJavaService,
            Self.javaController: Self.javaController(body, fields: fields),
        ].merging(project) { _, added in added }, line: 25)
    }

    private func csharp(_ body: String, service: String = csharpService(), project: [String: String] = [:]) -> [String] {
        findings(Self.csharpController, head: [Self.csharpService: service, Self.csharpController: Self.csharpController(body)]
            .merging(project) { _, added in added }, line: 23)
    }

    /// The paid-retry message at the controller's enqueue call.
    private func retryMessage(_ controller: String, _ body: String, service: String, project: [String: String]) -> String? {
        let isJava = controller == Self.javaController
        return headTreeFindings(controller, head: [
            isJava ? Self.javaService : Self.csharpService: service,
            controller: isJava ? Self.javaController(body) : Self.csharpController(body),
        ].merging(project) { _, added in added }).first { $0.rule == "paid-retry" }?.message
    }

    // MARK: Spring @Async

    func testACallOfAnAsyncMethodIsBackgroundWork() {
        XCTAssertEqual(java("service.summarize(id);", service: Self.javaService(annotations: "@Async")),
                       ["batch-model-call: runs as background work (@Async)"])
        // On the class, every method of it.
        XCTAssertEqual(java("service.summarize(id);", service: Self.javaService(classAnnotations: "@Async")),
                       ["batch-model-call: runs as background work (@Async)"])
    }

    func testASynchronousCallOrAMethodOfTheSameNameOnAnotherClassStaysAPaidCall() {
        XCTAssertEqual(java("service.summarize(id);"), ["paid-call-reach"])
        XCTAssertEqual(java("drafts.summarize(id);", service: Self.javaService(annotations: "@Async")), ["paid-call-reach"])
    }

    // MARK: JobRunr

    func testAJobRunrLambdaEnqueuesBackgroundWorkRetriedTenTimes() {
        let expected = ["batch-model-call: runs as background work (JobRunr enqueues summarize)", "paid-retry"]
        XCTAssertEqual(java("BackgroundJob.enqueue(() -> service.summarize(id));"), expected)
        XCTAssertEqual(java("jobScheduler.enqueue(() -> service.summarize(id));"), expected)
        XCTAssertEqual(java("BackgroundJob.schedule(Instant.now().plusSeconds(60), () -> service.summarize(id));"), expected)
        // The lambda's parameter typed by the generic argument.
        XCTAssertEqual(java("BackgroundJob.<SummaryService>enqueue(x -> x.summarize(id));"), expected)
        let message = headTreeFindings(Self.javaController, head: [
            Self.javaService: Self.javaService(), Self.javaController: Self.javaController("jobScheduler.enqueue(() -> service.summarize(id));"),
        ]).first { $0.rule == "paid-retry" }?.message
        XCTAssertTrue(message?.contains("JobRunr job retries with up to 11 attempts") ?? false, message ?? "none")
    }

    func testJobRetriesWithinTheBoundOrWorkReachingNothingPaidIsNoRetry() {
        XCTAssertEqual(java("BackgroundJob.enqueue(() -> service.summarize(id));", service: Self.javaService(annotations: "@Job(retries = 2)")),
                       ["batch-model-call: runs as background work (JobRunr enqueues summarize)"])
        XCTAssertEqual(java("BackgroundJob.enqueue(() -> service.summarize(id));", service: Self.javaService(annotations: "@Job(retries = 5)")),
                       ["batch-model-call: runs as background work (JobRunr enqueues summarize)", "paid-retry"])
        XCTAssertEqual(java("BackgroundJob.enqueue(() -> service.summarize(id));", service: Self.javaService(paid: false)), [])
    }

    func testAJavaLambdaNotHandedToAnEnqueueCallIsAPlainCall() {
        XCTAssertEqual(java("Runnable task = () -> service.summarize(id);"), ["paid-call-reach"])
        // Per item, as any loop: `x ->` ends the lambda's parameters, it is no member access (`x->service`).
        XCTAssertEqual(java("java.util.List.of(id).forEach(x -> service.summarize(x));"),
                       ["batch-model-call: inside a loop or fan-out"])
    }

    func testAKotlinLambdaEnqueuesBackgroundWork() {
        let service = Self.javaService.replacingOccurrences(of: ".java", with: ".kt")
        let controller = Self.javaController.replacingOccurrences(of: ".java", with: ".kt")
        let kotlinService = """
            package app.llm

            import com.openai.client.okhttp.OpenAIOkHttpClient
            import org.springframework.stereotype.Service

            @Service
            class SummaryService {
                private val client = OpenAIOkHttpClient.fromEnv()

                fun summarize(id: String) {
                    client.chat().completions().create(params(id))
                }
            }
            """
        let kotlinController = """
            package app.web

            import app.llm.SummaryService
            import org.jobrunr.scheduling.JobScheduler
            import org.springframework.web.bind.annotation.*

            @RestController
            class SummaryController(private val service: SummaryService, private val jobScheduler: JobScheduler) {
                @PostMapping("/summaries/{id}")
                fun create(@PathVariable id: String) {
                    jobScheduler.enqueue { service.summarize(id) }
                }
            }
            """
        XCTAssertEqual(findings(controller, head: [service: kotlinService, controller: kotlinController], line: 11),
                       ["batch-model-call: runs as background work (JobRunr enqueues summarize)", "paid-retry"])
    }

    // MARK: Hangfire

    func testAHangfireLambdaEnqueuesBackgroundWorkRetriedTenTimes() {
        let expected = ["batch-model-call: runs as background work (Hangfire enqueues Summarize)", "paid-retry"]
        XCTAssertEqual(csharp("BackgroundJob.Enqueue(() => _service.Summarize(id));"), expected)
        // The lambda's parameter is of the generic argument's type: an interface, run by its implementation.
        XCTAssertEqual(csharp("BackgroundJob.Enqueue<ISummaryService>(s => s.Summarize(id));"), expected)
        XCTAssertEqual(csharp("_jobs.Enqueue<ISummaryService>(s => s.Summarize(id));"), expected)
        XCTAssertEqual(csharp("BackgroundJob.Schedule(() => _service.Summarize(id), TimeSpan.FromMinutes(5));"), expected)
        XCTAssertEqual(csharp("RecurringJob.AddOrUpdate(\"digest\", () => _service.Summarize(id), Cron.Daily);"), expected)
    }

    func testAutomaticRetryWithinTheBoundOrWorkReachingNothingPaidIsNoRetry() {
        let enqueue = "BackgroundJob.Enqueue(() => _service.Summarize(id));"
        let background = "batch-model-call: runs as background work (Hangfire enqueues Summarize)"
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(annotations: "[AutomaticRetry(Attempts = 2)]")), [background])
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(annotations: "[AutomaticRetry(Attempts = 0)]")), [background])
        // On the class.
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(classAnnotations: "[AutomaticRetry(Attempts = 1)]")), [background])
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(annotations: "[AutomaticRetry(Attempts = 20)]")),
                       [background, "paid-retry"])
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(paid: false)), [])
    }

    func testACSharpLambdaNotHandedToAnEnqueueCallIsAPlainCall() {
        XCTAssertEqual(csharp("Task.Run(() => _service.Summarize(id));"), ["paid-call-reach"])
        XCTAssertEqual(csharp("_service.Summarize(id);"), ["paid-call-reach"])
    }

    func testAJobMethodAskingForMoreRetriesThanTheBoundRetriesItsOwnPaidCall() {
        let service = Self.csharpService(annotations: "[AutomaticRetry(Attempts = 20)]")
        let found = headTreeFindings(Self.csharpService, head: [Self.csharpService: service]).filter { $0.rule == "paid-retry" }
        XCTAssertEqual(found.map(\.line), [16])
        XCTAssertEqual(headTreeFindings(Self.csharpService, head: [Self.csharpService: Self.csharpService(annotations: "[AutomaticRetry(Attempts = 2)]")])
            .filter { $0.rule == "paid-retry" }, [])
    }

    // MARK: Project-wide retry settings

    /// A C# file configuring Hangfire with `statement` in its startup.
    private static func hangfireStartup(_ statement: String) -> String {
        """
        using Hangfire;

        var builder = WebApplication.CreateBuilder(args);
        \(statement)
        var app = builder.Build();
        app.UseHangfireDashboard();
        app.Run();
        """
    }

    func testAGlobalAutomaticRetryWithinTheBoundSilencesHangfiresDefault() {
        let enqueue = "BackgroundJob.Enqueue(() => _service.Summarize(id));"
        let background = "batch-model-call: runs as background work (Hangfire enqueues Summarize)"
        XCTAssertEqual(csharp(enqueue), [background, "paid-retry"])
        let settings = [
            "GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 2 });",
            "builder.Services.AddHangfire(config => config.UseSimpleAssemblyNameTypeSerializer().UseFilter(new AutomaticRetryAttribute { Attempts = 0 }));",
            "GlobalConfiguration.Configuration.UseFilter(new AutomaticRetryAttribute() { Attempts = 1, LogEvents = true });",
            "var retry = new AutomaticRetryAttribute { Attempts = 2 };\nGlobalJobFilters.Filters.Add(retry);",
        ]
        for setting in settings {
            XCTAssertEqual(csharp(enqueue, project: ["Program.cs": Self.hangfireStartup(setting)]), [background], setting)
        }
    }

    func testAGlobalAutomaticRetryAboveTheBoundIsReportedWithItsCount() {
        let message = retryMessage(Self.csharpController, "BackgroundJob.Enqueue(() => _service.Summarize(id));", service: Self.csharpService(),
                                   project: ["Program.cs": Self.hangfireStartup("GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 20 });")])
        XCTAssertTrue(message?.contains("global AutomaticRetryAttribute { Attempts = 20 } (Program.cs) with up to 21 attempts") ?? false,
                      message ?? "none")
    }

    func testAnAutomaticRetryOfTheJobWinsOverTheGlobalOne() {
        let enqueue = "BackgroundJob.Enqueue(() => _service.Summarize(id));"
        let background = "batch-model-call: runs as background work (Hangfire enqueues Summarize)"
        let lenient = ["Program.cs": Self.hangfireStartup("GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 20 });")]
        let strict = ["Program.cs": Self.hangfireStartup("GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 1 });")]
        // The global setting alone decides a job without its own.
        XCTAssertEqual(csharp(enqueue, project: strict), [background])
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(annotations: "[AutomaticRetry(Attempts = 2)]"), project: lenient), [background])
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(classAnnotations: "[AutomaticRetry(Attempts = 0)]"), project: lenient),
                       [background])
        XCTAssertEqual(csharp(enqueue, service: Self.csharpService(annotations: "[AutomaticRetry(Attempts = 20)]"), project: strict),
                       [background, "paid-retry"])
    }

    func testAnAutomaticRetryNotRegisteredGloballyOrInATestLeavesHangfiresDefault() {
        let enqueue = "BackgroundJob.Enqueue(() => _service.Summarize(id));"
        let background = "batch-model-call: runs as background work (Hangfire enqueues Summarize)"
        let ignored = [
            "Program.cs": Self.hangfireStartup("var retry = new AutomaticRetryAttribute { Attempts = 1 };"),
            "Startup.cs": Self.hangfireStartup("// GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 1 });"),
            "tests/App.Tests/HangfireFixture.cs": Self.hangfireStartup("GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 0 });"),
        ]
        for (path, text) in ignored {
            XCTAssertEqual(csharp(enqueue, project: [path: text]), [background, "paid-retry"], path)
        }
        // Registered, it silences.
        XCTAssertEqual(csharp(enqueue, project: ["Program.cs": Self.hangfireStartup("GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute { Attempts = 1 });")]),
                       [background])
    }

    private static let jobRunrBackground = "batch-model-call: runs as background work (JobRunr enqueues summarize)"

    func testJobRunrsConfiguredDefaultWithinTheBoundSilencesItsTenRetries() {
        let enqueue = "BackgroundJob.enqueue(() -> service.summarize(id));"
        XCTAssertEqual(java(enqueue), [Self.jobRunrBackground, "paid-retry"])
        let settings = [
            "src/main/resources/application.properties": "spring.application.name=docs\norg.jobrunr.background-job-server.enabled=true\norg.jobrunr.jobs.default-number-of-retries=2\n",
            "src/main/resources/application.yml": "org:\n  jobrunr:\n    background-job-server:\n      enabled: true\n    jobs:\n      default-number-of-retries: 1\n",
            "src/main/resources/application-prod.yaml": "spring:\n  datasource:\n    url: jdbc:postgresql://db/app\n---\norg.jobrunr.jobs.defaultNumberOfRetries: 0\n",
            "quarkus/src/main/resources/application.properties": "%prod.quarkus.jobrunr.jobs.default-number-of-retries=2\n",
            "src/main/java/app/config/JobRunrConfig.java": """
                package app.config;

                import org.jobrunr.configuration.JobRunr;
                import org.jobrunr.jobs.filters.RetryFilter;

                public class JobRunrConfig {
                    public void configure(StorageProvider storage) {
                        JobRunr.configure()
                            .useStorageProvider(storage)
                            .withJobFilter(new RetryFilter(2))
                            .useBackgroundJobServer()
                            .initialize();
                    }
                }
                """,
            "src/main/kotlin/app/config/JobRunrConfig.kt": """
                package app.config

                import org.jobrunr.configuration.JobRunr
                import org.jobrunr.jobs.filters.RetryFilter

                fun configureJobs(storage: StorageProvider) {
                    JobRunr.configure().useStorageProvider(storage).withJobFilter(RetryFilter(1)).useBackgroundJobServer().initialize()
                }
                """,
        ]
        for (path, text) in settings {
            XCTAssertEqual(java(enqueue, project: [path: text]), [Self.jobRunrBackground], path)
        }
    }

    func testJobRunrsConfiguredDefaultAboveTheBoundIsReportedWithItsCount() {
        let message = retryMessage(
            Self.javaController, "BackgroundJob.enqueue(() -> service.summarize(id));", service: Self.javaService(),
            project: ["src/main/resources/application.properties": "org.jobrunr.jobs.default-number-of-retries=20\n"])
        XCTAssertTrue(message?.contains(
            "org.jobrunr.jobs.default-number-of-retries=20 (src/main/resources/application.properties) with up to 21 attempts") ?? false,
            message ?? "none")
        // Several profiles: the largest.
        let profiles = retryMessage(
            Self.javaController, "BackgroundJob.enqueue(() -> service.summarize(id));", service: Self.javaService(),
            project: [
                "src/main/resources/application.yml": "org:\n  jobrunr:\n    jobs:\n      default-number-of-retries: 2\n",
                "src/main/resources/application-prod.yml": "org:\n  jobrunr:\n    jobs:\n      default-number-of-retries: 6\n",
            ])
        XCTAssertTrue(profiles?.contains("(src/main/resources/application-prod.yml) with up to 7 attempts") ?? false, profiles ?? "none")
    }

    func testAJobRunrJobsOwnRetriesWinOverTheConfiguredDefault() {
        let enqueue = "BackgroundJob.enqueue(() -> service.summarize(id));"
        let lenient = ["src/main/resources/application.properties": "org.jobrunr.jobs.default-number-of-retries=20\n"]
        let strict = ["src/main/resources/application.properties": "org.jobrunr.jobs.default-number-of-retries=1\n"]
        XCTAssertEqual(java(enqueue, project: strict), [Self.jobRunrBackground])
        XCTAssertEqual(java(enqueue, service: Self.javaService(annotations: "@Job(retries = 2)"), project: lenient), [Self.jobRunrBackground])
        XCTAssertEqual(java(enqueue, service: Self.javaService(annotations: "@Job(retries = 5)"), project: strict),
                       [Self.jobRunrBackground, "paid-retry"])
    }

    func testAJobRunrDefaultInATestOrACommentCountsForNothing() {
        let enqueue = "BackgroundJob.enqueue(() -> service.summarize(id));"
        let ignored = [
            "src/test/resources/application.properties": "org.jobrunr.jobs.default-number-of-retries=0\n",
            "src/main/resources/application.properties": "# org.jobrunr.jobs.default-number-of-retries=0\n",
            "src/main/resources/application.yml": "org:\n  jobrunr:\n    jobs:\n      # default-number-of-retries: 0\n      retry-back-off-time-seed: 3\n",
            "README.md": "Set `org.jobrunr.jobs.default-number-of-retries=0` to turn retries off.\n",
        ]
        for (path, text) in ignored {
            XCTAssertEqual(java(enqueue, project: [path: text]), [Self.jobRunrBackground, "paid-retry"], path)
        }
        XCTAssertEqual(java(enqueue, project: ["src/main/resources/application.properties": "org.jobrunr.jobs.default-number-of-retries=0\n"]),
                       [Self.jobRunrBackground])
    }
}
