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

    private func retries(_ settings: String, summarizer: String = summarizer) -> [Finding] {
        let path = "app/Jobs/SummarizeDocument.php"
        return headTreeFindings(path, head: [
            path: Self.job(settings), "app/Services/Summarizer.php": summarizer,
            "composer.json": #"{"autoload": {"psr-4": {"App\\": "app/"}}}"#,
        ]).filter { $0.rule == "paid-retry" }
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
}
