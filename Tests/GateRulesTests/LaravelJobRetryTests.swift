import GateCore
import GateRules
import XCTest

/// A Laravel queued job's attempts (`public $tries = 25;`, `retryUntil()`) retry the paid work its `handle()` does,
/// there or through a service of another file; a count within the policy's bound (3 attempts) is no finding.
final class LaravelJobRetryTests: XCTestCase {
    private static let summarizer = """
        <?php

        namespace App\\Services;

        use OpenAI\\Laravel\\Facades\\OpenAI;

        class Summarizer
        {
            public function summarize(string $text): string
            {
                $result = OpenAI::chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'user', 'content' => $text]]]);
                return $result->choices[0]->message->content;
            }
        }
        """

    private static func job(_ settings: String) -> String {
        """
        <?php

        namespace App\\Jobs;

        use App\\Models\\Document;
        use App\\Services\\Summarizer;
        use Illuminate\\Contracts\\Queue\\ShouldQueue;
        use Illuminate\\Foundation\\Queue\\Queueable;

        class SummarizeDocument implements ShouldQueue
        {
            use Queueable;

        \(settings)

            public function __construct(public Document $document) {}

            public function handle(Summarizer $summarizer): void
            {
                $this->document->update(['summary' => $summarizer->summarize($this->document->body)]);
            }
        }
        """
    }

    private static let composer = #"{"autoload": {"psr-4": {"App\\": "app/"}}}"#

    /// The paid-retry findings of the job with `settings`, in a project that also holds `project` (path: text).
    private func retries(_ settings: String, summarizer: String = summarizer, project: [String: String] = [:]) -> [Finding] {
        let path = "app/Jobs/SummarizeDocument.php"
        return headTreeFindings(path, head: [
            path: Self.job(settings), "app/Services/Summarizer.php": summarizer, "composer.json": Self.composer,
        ].merging(project) { _, added in added }).filter { $0.rule == "paid-retry" }
    }

    func testAttemptsAboveTheBoundRetryTheServicesPaidCall() {
        let found = retries("    public $tries = 25;")
        XCTAssertEqual(found.map(\.line), [14])
        XCTAssertTrue(found.first?.message.contains("up to 25 attempts") ?? false, found.first?.message ?? "none")
        // Typed, as Laravel 11's stubs write it.
        XCTAssertEqual(retries("    public int $tries = 10;").map(\.line), [14])
    }

    func testNoAttemptBound() {
        // 0 lets the worker attempt the job forever.
        XCTAssertTrue(retries("    public $tries = 0;").first?.message.contains("no attempt bound") ?? false)
        // retryUntil() allows any number of attempts before its time, and overrides $tries: one finding, at it.
        let until = retries("""
                public $tries = 2;

                public function retryUntil(): \\DateTime
                {
                    return now()->addHours(6);
                }
            """)
        XCTAssertEqual(until.map(\.line), [16])
        XCTAssertTrue(until.first?.message.contains("Laravel retryUntil()") ?? false, until.first?.message ?? "none")
    }

    func testWithinTheBoundOrWithoutPaidWorkIsNoFinding() {
        XCTAssertEqual(retries("    public $tries = 3;"), [])
        // The service does no paid work.
        let free = Self.summarizer.replacingOccurrences(
            of: "$result = OpenAI::chat()->create(['model' => 'gpt-4o', 'messages' => [['role' => 'user', 'content' => $text]]]);\n        return $result->choices[0]->message->content;",
            with: "return mb_substr($text, 0, 200);")
        XCTAssertNotEqual(free, Self.summarizer)
        XCTAssertEqual(retries("    public $tries = 25;", summarizer: free), [])
        // A local variable named so in a method is no job setting.
        XCTAssertEqual(retries("    public function attempts(): int\n    {\n        $tries = 25;\n        return $tries;\n    }"), [])
    }

    // MARK: The worker's attempts

    /// A Horizon configuration whose supervisors are given `tries`.
    private static func horizon(_ tries: [Int]) -> String {
        let supervisors = tries.enumerated().map { number, tries in
            """
                        'supervisor-\(number + 1)' => [
                            'connection' => 'redis',
                            'queue' => ['default'],
                            'tries' => \(tries),
                        ],
            """
        }.joined(separator: "\n")
        return """
            <?php

            return [
                'use' => 'default',
                'environments' => [
                    'production' => [
            \(supervisors)
                    ],
                ],
            ];
            """
    }

    func testAJobWithoutItsOwnTriesTakesTheWorkersTriesAboveTheBound() {
        let found = retries("", project: ["Procfile": "web: heroku-php-apache2 public/\nworker: php artisan queue:work --tries=5 --backoff=30\n"])
        XCTAssertEqual(found.map(\.line), [10])
        XCTAssertTrue(found.first?.message.contains("queue:work --tries=5 (Procfile) with up to 5 attempts") ?? false,
                      found.first?.message ?? "none")
        // The places a worker's command line is written, in the forms they take.
        let workers = [
            "Dockerfile": "FROM php:8.3-cli\nCMD [\"php\", \"artisan\", \"queue:work\", \"--tries=5\"]\n",
            "docker/supervisor/worker.conf": "[program:worker]\ncommand=php /var/www/artisan queue:work redis --sleep=3 --tries=5\nautostart=true\n",
            "docker-compose.yml": "services:\n  worker:\n    image: app\n    command: php artisan queue:work --tries 5\n",
            "k8s/worker.yaml": "spec:\n  containers:\n    - name: worker\n      args:\n        - php\n        - artisan\n        - queue:work\n        - --tries=5\n",
            "composer.json": #"{"autoload": {"psr-4": {"App\\\\": "app/"}}, "scripts": {"worker": "@php artisan queue:work --tries=5"}}"#,
            "fly.toml": "app = \"docs\"\n\n[processes]\n  app = \"php-fpm\"\n  worker = \"php artisan queue:listen --tries=5\"\n",
            "scripts/start-worker.sh": "#!/bin/sh\nset -e\nphp artisan config:cache && php artisan queue:work \\\n  --queue=default \\\n  --tries=5\n",
            "routes/console.php": "<?php\n\nuse Illuminate\\Support\\Facades\\Schedule;\n\nSchedule::command('queue:work --stop-when-empty --tries=5')->everyMinute();\n",
            "app/Console/Kernel.php": "<?php\n\nnamespace App\\Console;\n\nclass Kernel extends ConsoleKernel\n{\n    protected function schedule(Schedule $schedule): void\n    {\n        $schedule->command('queue:work', ['--tries' => 5])->everyMinute();\n    }\n}\n",
        ]
        for (path, text) in workers {
            let found = retries("", project: [path: text])
            XCTAssertEqual(found.map(\.line), [10], path)
            XCTAssertTrue(found.first?.message.contains("--tries=5 (\(path)) with up to 5 attempts") ?? false,
                          "\(path): \(found.first?.message ?? "none")")
        }
    }

    func testAWorkerAttemptingOnceOrWithinTheBoundOrNoWorkerSettingReportsNothing() {
        // Laravel's own default is one attempt: no retry.
        XCTAssertEqual(retries(""), [])
        XCTAssertEqual(retries("", project: ["Procfile": "worker: php artisan queue:work --tries=1\n"]), [])
        XCTAssertEqual(retries("", project: ["Procfile": "worker: php artisan queue:work --tries=3\n"]), [])
        XCTAssertEqual(retries("", project: ["Procfile": "worker: php artisan queue:work\n"]), [])
        XCTAssertEqual(retries("", project: ["config/horizon.php": Self.horizon([1, 3])]), [])
        // One more is above the bound.
        XCTAssertEqual(retries("", project: ["Procfile": "worker: php artisan queue:work --tries=4\n"]).map(\.line), [10])
    }

    func testAWorkerSettingInACommentDocumentationOrATestCountsForNothing() {
        let ignored = [
            "Procfile": "web: heroku-php-apache2 public/\n# worker: php artisan queue:work --tries=5\n",
            "Dockerfile": "FROM php:8.3-cli\n# CMD php artisan queue:work --tries=5\nCMD [\"php\", \"artisan\", \"queue:work\"]\n",
            "docker/supervisor/worker.conf": "[program:worker]\n;command=php artisan queue:work --tries=5\ncommand=php artisan queue:work\n",
            "docker-compose.yml": "services:\n  worker:\n    command: php artisan queue:work  # add --tries=5 in production\n",
            "README.md": "Run the worker with `php artisan queue:work --tries=5`.\n",
            "docs/deploy.txt": "php artisan queue:work --tries=5\n",
            "routes/console.php": "<?php\n\n// Schedule::command('queue:work --tries=5')->everyMinute();\n",
            ".github/workflows/test.yml": "jobs:\n  test:\n    steps:\n      - run: php artisan queue:work --stop-when-empty --tries=5\n",
            "tests/docker/Procfile": "worker: php artisan queue:work --tries=5\n",
        ]
        for (path, text) in ignored {
            XCTAssertEqual(retries("", project: [path: text]).map(\.message), [], path)
        }
        // The same command outside a comment counts.
        XCTAssertEqual(retries("", project: ["Procfile": "worker: php artisan queue:work --tries=5\n"]).map(\.line), [10])
    }

    func testHorizonTriesAboveTheBoundOrUnbounded() {
        let unbounded = retries("", project: ["config/horizon.php": Self.horizon([0])])
        XCTAssertEqual(unbounded.map(\.line), [10])
        XCTAssertTrue(unbounded.first?.message.contains("Horizon 'tries' => 0 (config/horizon.php) with no attempt bound") ?? false,
                      unbounded.first?.message ?? "none")
        let five = retries("", project: ["config/horizon.php": Self.horizon([1, 5])])
        XCTAssertTrue(five.first?.message.contains("with up to 5 attempts") ?? false, five.first?.message ?? "none")
    }

    func testSeveralWorkersGiveTheLargestCount() {
        let found = retries("", project: [
            "Procfile": "worker: php artisan queue:work --tries=4\n",
            "docker/supervisor/worker.conf": "[program:worker]\ncommand=php artisan queue:work --tries=7\n",
            "config/horizon.php": Self.horizon([2]),
        ])
        XCTAssertTrue(found.first?.message.contains("queue:work --tries=7 (docker/supervisor/worker.conf) with up to 7 attempts") ?? false,
                      found.first?.message ?? "none")
    }

    func testTheJobsOwnAttemptsWinOverTheWorkers() {
        let worker = ["Procfile": "worker: php artisan queue:work --tries=10\n"]
        XCTAssertEqual(retries("", project: worker).map(\.line), [10])
        XCTAssertEqual(retries("    public $tries = 2;", project: worker), [])
        XCTAssertEqual(retries("    public function tries(): int\n    {\n        return 2;\n    }", project: worker), [])
        // retryUntil() is reported as itself, not again as the worker's.
        let until = retries("    public function retryUntil(): \\DateTime\n    {\n        return now()->addMinutes(5);\n    }", project: worker)
        XCTAssertEqual(until.map { $0.message.contains("Laravel retryUntil()") }, [true])
        // Set by a base class of the project.
        let base = """
            <?php

            namespace App\\Jobs;

            abstract class BaseJob
            {
                public $tries = 2;
            }
            """
        let path = "app/Jobs/SummarizeDocument.php"
        func extending(_ base: String) -> [Int] {
            headTreeFindings(path, head: [
                path: Self.job("").replacingOccurrences(of: "implements ShouldQueue", with: "extends BaseJob implements ShouldQueue"),
                "app/Jobs/BaseJob.php": base, "app/Services/Summarizer.php": Self.summarizer, "composer.json": Self.composer,
            ].merging(worker) { _, added in added }).filter { $0.rule == "paid-retry" }.map(\.line)
        }
        XCTAssertEqual(extending(base), [])
        XCTAssertEqual(extending(base.replacingOccurrences(of: "public $tries = 2;", with: "public $timeout = 120;")), [10])
    }

    func testAClassRunNowIsNoQueuedJob() {
        let path = "app/Jobs/SummarizeDocument.php"
        func found(_ job: String) -> [Int] {
            headTreeFindings(path, head: [
                path: job, "app/Services/Summarizer.php": Self.summarizer, "composer.json": Self.composer,
                "Procfile": "worker: php artisan queue:work --tries=10\n",
            ]).filter { $0.rule == "paid-retry" }.map(\.line)
        }
        XCTAssertEqual(found(Self.job("").replacingOccurrences(of: " implements ShouldQueue", with: "")), [])
        XCTAssertEqual(found(Self.job("")), [10])
    }
}
