import Foundation
import GateTestSupport
import XCTest

/// Issue #16 (reports): the action's opt-in sticky pull-request comment. The comment step's own script, taken from
/// action.yml and run as the runner runs it, talks to a local HTTP server that answers with the JSON shapes GitHub
/// documents for issue comments and records every request.
final class ActionCommentTests: XCTestCase {
    private let token = "ghs_TESTtoken0123456789abcdefSECRET"
    private let marker = "<!-- gate:report -->"
    private let summary = "## gate: blocked\n\n| finding | where |\n|---|---|\n| paid call | app/summarize.py:3 |\n"

    /// (1) No comment of gate's yet (only other people's): one POST, holding the marker and the summary.
    func testWithoutAnEarlierCommentOneIsPosted() throws {
        let github = try FakeGitHub(token: token, pages: [[
            ["id": 11, "body": "LGTM", "login": "alice", "type": "User"],
            ["id": 12, "body": "quoting gate: \(marker) is not at the start", "login": "bob", "type": "User"],
        ]])
        let run = try runStep(github: github)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let requests = try github.requests()
        XCTAssertEqual(requests.map(\.method), ["GET", "POST"], "\(requests)")
        guard requests.count == 2 else { return }
        XCTAssertEqual(requests[0].path, "/repos/acme/app/issues/7/comments?per_page=100")
        XCTAssertEqual(requests[1].path, "/repos/acme/app/issues/7/comments")
        XCTAssertEqual(requests[1].body, marker + "\n" + summary)
        XCTAssertTrue(requests.allSatisfy { $0.authorization == "Bearer \(token)" }, "the job's token authenticates every call")
        XCTAssertTrue(run.stdout.contains("issuecomment-9001"), run.stdout)
        assertTokenNotShown(run)
    }

    /// (2) gate's comment is on the second page: that comment is PATCHed, nothing is POSTed. The pages are followed
    /// through GitHub's Link header, and without one by asking for the next page while a page is full.
    func testTheMarkedCommentOnPageTwoIsUpdatedInPlace() throws {
        let first = (1...100).map { ["id": $0, "body": "comment \($0)", "login": "alice", "type": "User"] as [String: Any] }
        let second: [[String: Any]] = [
            ["id": 200, "body": "another", "login": "bob", "type": "User"],
            ["id": 4242, "body": marker + "\n## gate: needs sign-off\n", "login": "github-actions[bot]", "type": "Bot"],
            ["id": 4243, "body": marker + "\nan older duplicate", "login": "github-actions[bot]", "type": "Bot"],
        ]
        for link in [true, false] {
            let github = try FakeGitHub(token: token, pages: [first, second], link: link)
            let run = try runStep(github: github)
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
            let requests = try github.requests()
            XCTAssertEqual(requests.map(\.method), ["GET", "GET", "PATCH"], "link header: \(link): \(requests)")
            guard requests.count == 3 else { continue }
            XCTAssertEqual(requests[1].path, "/repos/acme/app/issues/7/comments?per_page=100&page=2")
            XCTAssertEqual(requests[2].path, "/repos/acme/app/issues/comments/4242")
            XCTAssertEqual(requests[2].body, marker + "\n" + summary)
            XCTAssertTrue(run.stdout.contains("issuecomment-4242"), run.stdout)
            assertTokenNotShown(run)
        }
    }

    /// (3) A fork's read-only token: GitHub answers 403 to the POST. The step warns and exits 0, so the check's own
    /// status stays the job's result. An unreachable API is a warning too.
    func testARefusedOrUnreachableAPIIsAWarningNotAFailure() throws {
        let github = try FakeGitHub(token: token, pages: [[]], refuse: 403)
        let refused = try runStep(github: github)
        XCTAssertEqual(refused.status, 0, refused.stdout + refused.stderr)
        XCTAssertEqual(try github.requests().map(\.method), ["GET", "POST"])
        let warning = try XCTUnwrap(refused.stdout.split(separator: "\n").first { $0.hasPrefix("::warning::") }, refused.stdout)
        XCTAssertTrue(warning.contains("HTTP 403") && warning.contains("Resource not accessible by integration"), String(warning))
        assertTokenNotShown(refused)

        let unreachable = try runStep(apiURL: "http://127.0.0.1:\(try closedPort())")
        XCTAssertEqual(unreachable.status, 0, unreachable.stdout + unreachable.stderr)
        XCTAssertTrue(unreachable.stdout.contains("::warning::gate: could not comment"), unreachable.stdout)
        assertTokenNotShown(unreachable)
    }

    /// (4) Only a pull request has a conversation: any other event makes no request at all. Neither does a check
    /// that gave no decision (its summary, if any, is not this run's).
    func testNoRequestOutsideAPullRequestOrWithoutADecision() throws {
        let github = try FakeGitHub(token: token, pages: [[]])
        for event in ["push", "workflow_dispatch", "issue_comment", "merge_group"] {
            let run = try runStep(github: github, event: event)
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
            XCTAssertTrue(run.stdout.contains("not a pull-request event"), run.stdout)
            assertTokenNotShown(run)
        }
        for decision in ["", "error"] {
            let run = try runStep(github: github, decision: decision)
            XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
            XCTAssertTrue(run.stdout.contains("::warning::gate: the check gave no decision"), run.stdout)
        }
        XCTAssertEqual(try github.requests().count, 0)
        for event in ["pull_request", "pull_request_target", "pull_request_review"] {
            XCTAssertEqual(try runStep(github: github, event: event).status, 0)
        }
        XCTAssertEqual(try github.requests().map(\.method), Array(repeating: ["GET", "POST"], count: 3).flatMap { $0 })
    }

    /// (5) A summary past GitHub's 65,536-character limit is cut on a line boundary, under the limit counted in
    /// UTF-16 units (an emoji counts twice), with a note pointing at the run's job summary.
    func testAnOversizedSummaryIsTruncatedUnderTheLimit() throws {
        let rows = (0..<6000).map { "| 🚦 paid call \($0) | café/app.py:\($0) |\n" }.joined()
        let big = "## gate: blocked\n\n" + rows
        XCTAssertGreaterThan(big.utf16.count, 65536)
        let github = try FakeGitHub(token: token, pages: [[]])
        let run = try runStep(github: github, summary: big)
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        let post = try XCTUnwrap(try github.requests().last)
        XCTAssertEqual(post.method, "POST")
        let body = try XCTUnwrap(post.body)
        XCTAssertLessThanOrEqual(body.utf16.count, 65536)
        XCTAssertGreaterThan(body.utf16.count, 60000, "cut near the limit, not far below it")
        XCTAssertTrue(body.hasPrefix(marker + "\n## gate: blocked\n"), String(body.prefix(80)))
        let note = try XCTUnwrap(body.range(of: "\n\n---\n_gate: cut here"))
        let kept = String(body[body.index(body.startIndex, offsetBy: marker.count + 1)..<note.lowerBound])
        XCTAssertTrue(big.hasPrefix(kept + "\n"), "the kept part is the summary's start, ending on a whole line")
        XCTAssertTrue(body.hasSuffix("[job summary](https://github.example/acme/app/actions/runs/4711)._\n"), String(body.suffix(200)))
        assertTokenNotShown(run)
    }

    /// The step runs after a failed check but not after a cancellation, only when asked, and gets the token
    /// through its environment; `comment` is off unless the workflow turns it on.
    func testTheCommentStepIsOptInAndCannotDecideTheJob() throws {
        let text = try String(contentsOf: InitTests.packageRoot.appendingPathComponent("action.yml"), encoding: .utf8)
        XCTAssertTrue(text.contains("  comment:\n    description:"), "comment is an input")
        let input = try XCTUnwrap(text.range(of: "  comment:\n"))
        XCTAssertTrue(text[input.upperBound...].prefix(600).contains("default: \"false\""), "comment is opt-in")
        XCTAssertTrue(text.contains("if: ${{ !cancelled() && inputs.comment == 'true' && inputs.check != 'false' }}"))
        XCTAssertTrue(text.contains("GATE_TOKEN: ${{ inputs.token }}"))
        let script = try ActionTests.script(ofStep: "comment")
        XCTAssertFalse(script.contains("${{"), "nothing is spliced into the script")
        XCTAssertTrue(script.hasSuffix("exit 0\n") || script.hasSuffix("exit 0"), "the step never fails the job")
        XCTAssertFalse(text.contains("continue-on-error"), "no step hides the check's own failure")
    }

    // MARK: - Running the step

    private func runStep(github: FakeGitHub? = nil, apiURL: String? = nil, event: String = "pull_request",
                         decision: String = "block", summary: String? = nil) throws -> ProcessResult {
        let work = try TemporaryDirectory()
        let eventFile = work.url("event.json")
        try Data(#"{"action": "synchronize", "number": 7, "pull_request": {"number": 7, "base": {"sha": "abc"}}}"#.utf8)
            .write(to: eventFile)
        try (summary ?? self.summary).write(to: work.url("gate-summary.md"), atomically: true, encoding: .utf8)
        // A clean environment: nothing of a real runner's (when the tests run in CI) or a proxy leaks in.
        var environment = ProcessInfo.processInfo.environment.filter {
            !$0.key.hasPrefix("GITHUB_") && !$0.key.hasPrefix("GATE_") && !$0.key.lowercased().hasSuffix("_proxy")
        }
        environment["GITHUB_EVENT_NAME"] = event
        environment["GITHUB_EVENT_PATH"] = eventFile.path
        environment["GITHUB_API_URL"] = apiURL ?? github?.url ?? ""
        environment["GITHUB_REPOSITORY"] = "acme/app"
        environment["GITHUB_SERVER_URL"] = "https://github.example"
        environment["GITHUB_RUN_ID"] = "4711"
        environment["GATE_TOKEN"] = token
        environment["GATE_INPUT_SUMMARY"] = "gate-summary.md"
        environment["GATE_DECISION"] = decision
        return try runProcess("bash", ["-c", try ActionTests.script(ofStep: "comment")], in: work.path, environment: environment)
    }

    private func assertTokenNotShown(_ run: ProcessResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(run.stdout.contains(token) || run.stderr.contains(token), "the token was printed", file: file, line: line)
        XCTAssertFalse(run.stdout.contains("TESTtoken") || run.stderr.contains("TESTtoken"), "part of the token was printed",
                       file: file, line: line)
    }

    /// A port nothing listens on: bound, then released.
    private func closedPort() throws -> Int {
        let result = try runProcess("python3", ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"])
        return try XCTUnwrap(Int(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}

/// GitHub's issue-comment endpoints, served from 127.0.0.1 by python3's standard library: listing with `per_page`,
/// `page` and a Link header as GitHub writes it, creating and updating. Every request is logged; calls without the
/// expected bearer token get GitHub's 401, and `refuse` answers every write with that status, as a read-only token gets.
private final class FakeGitHub {
    struct Request {
        let method: String
        let path: String
        let authorization: String?
        let body: String?
    }

    struct ServerDidNotStart: Error {}

    let url: String
    private let process = Process()
    private let directory: TemporaryDirectory

    init(token: String, pages: [[[String: Any]]], link: Bool = true, refuse: Int? = nil) throws {
        directory = try TemporaryDirectory()
        let config: [String: Any] = ["token": token, "pages": pages, "link": link, "refuse": refuse ?? 0]
        try JSONSerialization.data(withJSONObject: config).write(to: directory.url("config.json"))
        try Self.server.write(to: directory.url("server.py"), atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.url("server.py").path, directory.url("config.json").path,
                             directory.url("requests.jsonl").path, directory.url("port").path]
        // Its output goes to a file: a server holding the test's own stdout or stderr open would keep whatever
        // reads them (swift test's pipe) waiting.
        XCTAssertTrue(FileManager.default.createFile(atPath: directory.url("server.log").path, contents: nil))
        let log = try FileHandle(forWritingTo: directory.url("server.log"))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: directory.url("port").path) {
            guard process.isRunning, Date() < deadline else {
                process.terminate()
                throw ServerDidNotStart()
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        url = "http://127.0.0.1:" + (try String(contentsOf: directory.url("port"), encoding: .utf8))
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    func requests() throws -> [Request] {
        guard let text = try? String(contentsOf: directory.url("requests.jsonl"), encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Request(method: object["method"] as? String ?? "", path: object["path"] as? String ?? "",
                           authorization: object["authorization"] as? String,
                           body: (object["body"] as? [String: Any])?["body"] as? String)
        }
    }

    private static let server = #"""
import json, os, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

config_path, log_path, port_path = sys.argv[1:4]
with open(config_path) as file:
    config = json.load(file)
pages = config["pages"]


def comment(host, item):
    # An issue comment as GitHub's REST API documents it (the fields a client may read).
    number = item["id"]
    return {
        "id": number, "node_id": f"IC_kwDO{number}",
        "url": f"http://{host}/repos/acme/app/issues/comments/{number}",
        "html_url": f"https://github.example/acme/app/pull/7#issuecomment-{number}",
        "issue_url": f"http://{host}/repos/acme/app/issues/7",
        "body": item["body"],
        "user": {"login": item.get("login", "github-actions[bot]"), "id": 41898282, "type": item.get("type", "Bot")},
        "created_at": "2026-11-29T10:00:00Z", "updated_at": "2026-11-29T10:00:00Z",
        "author_association": "NONE", "performed_via_github_app": None,
    }


def error(status, message):
    return status, {"message": message, "documentation_url": "https://docs.github.com/rest/issues/comments",
                    "status": str(status)}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *arguments):
        pass

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        payload = json.loads(raw) if raw else None
        with open(log_path, "a") as log:
            log.write(json.dumps({"method": self.command, "path": self.path,
                                  "authorization": self.headers.get("Authorization"), "body": payload}) + "\n")
        status, document, headers = self.route(payload)
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def route(self, payload):
        if self.headers.get("Authorization") != "Bearer " + config["token"]:
            return (*error(401, "Bad credentials"), [])
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        host = self.headers.get("Host")
        if self.command == "GET" and url.path == "/repos/acme/app/issues/7/comments":
            page = int(query.get("page", ["1"])[0])
            per_page = int(query.get("per_page", ["30"])[0])
            if per_page != 100:
                return (*error(500, "this server only pages by 100"), [])
            items = pages[page - 1] if 0 < page <= len(pages) else []
            headers = []
            if config["link"] and len(pages) > 1:
                base = f"http://{host}{url.path}?per_page={per_page}&page="
                links = []
                if page > 1:
                    links += [f'<{base}{page - 1}>; rel="prev"', f'<{base}1>; rel="first"']
                if page < len(pages):
                    links += [f'<{base}{page + 1}>; rel="next"', f'<{base}{len(pages)}>; rel="last"']
                headers.append(("Link", ", ".join(links)))
            return 200, [comment(host, item) for item in items], headers
        if config["refuse"]:
            return (*error(config["refuse"], "Resource not accessible by integration"), [])
        if self.command == "POST" and url.path == "/repos/acme/app/issues/7/comments":
            return 201, comment(host, {"id": 9001, "body": payload["body"]}), []
        if self.command == "PATCH" and url.path.startswith("/repos/acme/app/issues/comments/"):
            number = int(url.path.rsplit("/", 1)[1])
            if any(item["id"] == number for page in pages for item in page):
                return 200, comment(host, {"id": number, "body": payload["body"]}), []
        return (*error(404, "Not Found"), [])

    do_GET = do_POST = do_PATCH = answer


def stop_with_the_test(parent):
    # If the test process dies without stopping us (a crash), its child must not outlive it.
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(0)


threading.Thread(target=stop_with_the_test, args=(os.getppid(),), daemon=True).start()
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_path + ".tmp", "w") as file:
    file.write(str(server.server_address[1]))
os.rename(port_path + ".tmp", port_path)  # the test waits for the file: whole or absent
server.serve_forever()
"""#
}
