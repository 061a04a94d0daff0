import Foundation
import GateTestSupport
import XCTest

/// `gate check` as CI runs it: a real repository, the built binary, exit codes and the JSON report.
final class CheckCommandTests: XCTestCase {
    private func gate(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        var env = GitFixture.environment
        env["NO_COLOR"] = "1"
        env["GITHUB_ACTIONS"] = nil
        env["GATE_BASE"] = nil
        env["GITHUB_BASE_REF"] = nil
        return try runProcess(gateExecutablePath(), arguments, in: directory, environment: env.merging(environment) { $1 })
    }

    private func report(_ json: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8))
        return try XCTUnwrap(object as? [String: Any], "not a JSON object: \(json)", file: file, line: line)
    }

    /// main: a small service; feature: a paid model call added, plus an unrelated commit on main after the fork.
    private func makeRepository() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("app/main.py", "def handler():\n    return 'ok'\n")
        try repo.write("README.md", "# service\n")
        try repo.commit("base")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("jobs/summarize.py", """
            from openai import OpenAI

            client = OpenAI()


            def summarize(text):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
            """)
        try repo.commit("add summarizer")
        try repo.git("switch", "-q", "main")
        try repo.write("app/later.py", "from openai import OpenAI\nOpenAI().embeddings.create(input='x', model='m')\n")
        try repo.commit("main moves on")
        return repo
    }

    func testTimingsGoToStderrAndLeaveTheReportAlone() throws {
        let repo = try makeRepository()
        let plain = try gate(["check", "--base", "main", "--head", "feature", "--format", "json"], in: repo.path)
        let timed = try gate(["check", "--base", "main", "--head", "feature", "--format", "json", "--timings"], in: repo.path)
        XCTAssertEqual(timed.status, plain.status, timed.stderr)
        XCTAssertEqual(try report(timed.stdout)["decision"] as? String, "needs-approval")
        XCTAssertTrue(plain.stderr.isEmpty, plain.stderr)
        let lines = timed.stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for phase in ["resolve (revisions, merge base, policy)", "diff (detectors run alongside)",
                      "whole-change analysis (schema, head tree)", "policy evaluation and fingerprints", "policy and approvals",
                      "report rendering and files", "total",
                      // Each whole-change analyzer's own share, so a slow one is named.
                      "SchemaChangeAnalyzer", "UnchangedEndpointReach", "RetrySettingsReportedOnce"] {
            XCTAssertTrue(lines.contains { $0.hasPrefix(phase) && $0.hasSuffix(" ms") }, "\(phase) in \(timed.stderr)")
        }
        // The detectors' summed time is broken down below it: the costliest parts (a detector by rule id, or a
        // family's shared question by name), then the rest together. The paid-call detector lexes and analyses the
        // file the others share; the credential family's one scan stands for every key detector.
        let summed = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("detectors, summed over workers") }, timed.stderr)
        let breakdown = lines[(summed + 1)...].prefix(9)
        XCTAssertTrue(breakdown.allSatisfy { $0.hasSuffix(" ms") }, timed.stderr)
        XCTAssertTrue(breakdown.last?.hasPrefix("the other ") == true, timed.stderr)
        XCTAssertTrue(breakdown.contains { $0.hasPrefix("paid-sdk-call ") }, timed.stderr)
        XCTAssertEqual(lines.filter { $0.hasPrefix("the other ") }.count, 1, timed.stderr)
        // One changed file with seven added lines; its bytes are what the diff read.
        XCTAssertTrue(lines.contains { $0.hasPrefix("changed files") && $0.hasSuffix(" 1") }, timed.stderr)
        XCTAssertTrue(lines.contains { $0.hasPrefix("added lines") && $0.hasSuffix(" 7") }, timed.stderr)
        // --verbose prints them too.
        let verbose = try gate(["check", "--base", "main", "--head", "feature", "--verbose"], in: repo.path)
        XCTAssertTrue(verbose.stderr.contains("timings:"), verbose.stderr)
    }

    func testPaidCallNeedsApprovalAndReportIsWellFormed() throws {
        let repo = try makeRepository()
        let result = try gate(["check", "--base", "main", "--head", "feature", "--format", "json"], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        let json = try report(result.stdout)
        XCTAssertEqual(json["schema"] as? String, "gate.report/v1")
        XCTAssertEqual(json["decision"] as? String, "needs-approval")
        let range = try XCTUnwrap(json["range"] as? [String: Any])
        XCTAssertEqual(range["mode"] as? String, "commits")
        XCTAssertEqual(range["base"] as? String, try repo.git("merge-base", "main", "feature"))
        XCTAssertEqual(range["head"] as? String, try repo.git("rev-parse", "feature"))
        let fingerprint = try XCTUnwrap(json["fingerprint"] as? String)
        XCTAssertNotNil(fingerprint.range(of: "^sha256:[0-9a-f]{64}$", options: .regularExpression), fingerprint)
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        // The call on main after the fork is not part of the change (merge-base semantics).
        XCTAssertFalse(findings.contains { $0["path"] as? String == "app/later.py" })
        let call = try XCTUnwrap(findings.first { $0["path"] as? String == "jobs/summarize.py" && $0["line"] as? Int == 7 },
                                 "no finding on jobs/summarize.py:7 in \(findings)")
        XCTAssertEqual(call["tier"] as? String, "high")
        XCTAssertEqual(call["action"] as? String, "require-approval")
        XCTAssertEqual(call["provider"] as? String, "openai")
        let requirements = try XCTUnwrap(json["requirements"] as? [[String: Any]])
        XCTAssertTrue(requirements.contains { $0["group"] as? String == "cost" && $0["satisfied"] as? Bool == false })
        let stats = try XCTUnwrap(json["stats"] as? [String: Any])
        XCTAssertEqual(stats["files"] as? Int, 1)
    }

    func testHarmlessChangePassesWithExitZero() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# service\n")
        try repo.commit("base")
        try repo.git("switch", "-q", "-c", "docs")
        try repo.write("README.md", "# service\n\nMentions OpenAI's client.chat.completions.create in prose only.\n")
        try repo.commit("docs")
        let result = try gate(["check", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS"), result.stdout)
    }

    func testTextReportNamesFindingAndApproveCommand() throws {
        let repo = try makeRepository()
        let result = try gate(["check", "--base", "main", "--head", "feature"], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("jobs/summarize.py:7"), result.stdout)
        XCTAssertTrue(result.stdout.contains("gate approve"), result.stdout)
        XCTAssertTrue(result.stdout.contains("built-in default policy"), result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set / not a TTY")
    }

    func testReportFileIsWrittenInTheSameRun() throws {
        let repo = try makeRepository()
        let out = try TemporaryDirectory()
        let path = out.path + "/report.json"
        let result = try gate(["check", "--base", "main", "--head", "feature", "--report", path], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        let json = try report(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertEqual(json["decision"] as? String, "needs-approval")
    }

    /// The report written to a file and the one on stdout are rendered once, byte for byte the same document.
    func testReportFileAndJSONOnStdoutAreTheSameBytes() throws {
        let repo = try makeRepository()
        let out = try TemporaryDirectory()
        let path = out.path + "/report.json"
        let result = try gate(["check", "--base", "main", "--head", "feature", "--format", "json", "--report", path],
                              in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(String(decoding: written, as: UTF8.self), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("}\n"), result.stdout)
        XCTAssertEqual(try report(result.stdout)["decision"] as? String, "needs-approval")
    }

    func testUnwritableReportFileIsExit2NamingIt() throws {
        let repo = try makeRepository()
        let result = try gate(["check", "--base", "main", "--head", "feature", "--report", "/nonexistent/dir/r.json"],
                              in: repo.path)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot write /nonexistent/dir/r.json: the folder /nonexistent/dir does not exist"),
                      result.stderr)
        XCTAssertFalse(result.stderr.contains("Usage:"), "an output error is not a usage error: \(result.stderr)")
    }

    func testRunsFromSubdirectoryAndWithRepoFlag() throws {
        let repo = try makeRepository()
        let fromSubdirectory = try gate(["check", "--base", "main", "--head", "feature", "--format", "json"],
                                        in: repo.path + "/app")
        XCTAssertEqual(fromSubdirectory.status, 1, fromSubdirectory.stderr)
        let elsewhere = try TemporaryDirectory()
        let withFlag = try gate(["check", "--repo", repo.path, "--base", "main", "--head", "feature", "--format", "json"],
                                in: elsewhere.path)
        XCTAssertEqual(withFlag.status, 1, withFlag.stderr)
        XCTAssertEqual(try report(fromSubdirectory.stdout)["fingerprint"] as? String,
                       try report(withFlag.stdout)["fingerprint"] as? String)
    }

    func testUnknownRevisionIsExit2NamingIt() throws {
        let repo = try makeRepository()
        let result = try gate(["check", "--base", "no-such-branch"], in: repo.path)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no-such-branch"), result.stderr)
        XCTAssertTrue(result.stdout.isEmpty, "nothing is reported for a failed run: \(result.stdout)")
    }

    func testAShortNameOfATagAndABranchAtDifferentCommitsIsExit2NamingBoth() throws {
        let repo = try makeRepository()
        // A tag `feature` on main: git would silently pick it, and the range main...feature would be empty.
        try repo.git("tag", "feature", "main")
        let result = try gate(["check", "--base", "main", "--head", "feature"], in: repo.path)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("ambiguous revision 'feature'"), result.stderr)
        XCTAssertTrue(result.stderr.contains("refs/tags/feature") && result.stderr.contains("refs/heads/feature"), result.stderr)
        // Named in full it is no longer ambiguous.
        let full = try gate(["check", "--base", "main", "--head", "refs/heads/feature"], in: repo.path)
        XCTAssertEqual(full.status, 1, full.stderr)
        // A tag and a branch on the same commit mean the same change.
        try repo.git("tag", "same", "refs/heads/feature")
        try repo.git("branch", "same", "refs/heads/feature")
        XCTAssertEqual(try gate(["check", "--base", "main", "--head", "same"], in: repo.path).status, 1)
    }

    func testAnOptionGivenTwiceIsExit2() throws {
        let repo = try makeRepository()
        let result = try gate(["check", "--base", "main", "--base=feature", "--head", "feature"], in: repo.path)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("--base is given more than once"), result.stderr)
        XCTAssertEqual(try gate(["check", "-q", "--quiet", "--base", "main"], in: repo.path).status, 2)
        // After `--` the words are a command's own (gate deploy's rollout), not gate's options.
        let deploy = try gate(["plan", "--env", "staging", "--", "./rollout", "--env", "x"], in: repo.path)
        XCTAssertFalse(deploy.stderr.contains("more than once"), deploy.stderr)
    }

    func testARepoPathThatIsAFileIsExit2() throws {
        let repo = try makeRepository()
        let result = try gate(["check", "--repo", repo.path + "/README.md", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("it is a file"), result.stderr)
    }

    func testDefaultBaseComesFromGateBaseEnvironment() throws {
        let repo = try makeRepository()
        try repo.git("switch", "-q", "feature")
        let result = try gate(["check", "--format", "json"], in: repo.path, environment: ["GATE_BASE": "main"])
        XCTAssertEqual(result.status, 1, result.stderr)
        let range = try XCTUnwrap(try report(result.stdout)["range"] as? [String: Any])
        XCTAssertEqual(range["base"] as? String, try repo.git("merge-base", "main", "feature"))
    }

    func testGateBaseThatNamesNoCommitIsExit2NotTheDefaults() throws {
        let repo = try makeRepository()
        try repo.git("switch", "-q", "feature")
        // `main` exists, so falling back to the defaults would judge the change against it and report it.
        let result = try gate(["check", "--format", "json"], in: repo.path, environment: ["GATE_BASE": "mian"])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stderr.contains("mian") && result.stderr.contains("GATE_BASE"), result.stderr)
        XCTAssertTrue(result.stdout.isEmpty, "nothing is reported for a failed run: \(result.stdout)")
    }

    func testShallowCloneWithoutMergeBaseSaysHowToFetch() throws {
        let origin = try makeRepository()
        let clones = try TemporaryDirectory()
        let clonePath = clones.path + "/clone"
        try runProcess("git", ["clone", "-q", "--depth", "1", "--no-single-branch", "file://" + origin.path, clonePath],
                       environment: GitFixture.environment)
        let result = try gate(["check", "--base", "origin/main", "--head", "origin/feature"], in: clonePath)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("shallow"), result.stderr)
        XCTAssertTrue(result.stderr.contains("unshallow") || result.stderr.contains("fetch-depth"), result.stderr)
    }

    func testStagedAndWorktreeModes() throws {
        let repo = try GitFixture()
        try repo.write("app.py", "print('hi')\n")
        try repo.commit("base")
        try repo.write("staged.py", "from openai import OpenAI\nOpenAI().chat.completions.create(model='m', messages=[])\n")
        try repo.git("add", "staged.py")
        try repo.write("untracked.py", "import anthropic\nanthropic.Anthropic().messages.create(model='m', max_tokens=5, messages=[])\n")

        let staged = try gate(["check", "--staged", "--format", "json"], in: repo.path)
        XCTAssertEqual(staged.status, 1, staged.stderr)
        let stagedPaths = (try report(staged.stdout)["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        XCTAssertEqual(Set(stagedPaths), ["staged.py"])

        let worktree = try gate(["check", "--worktree", "--format", "json"], in: repo.path)
        XCTAssertEqual(worktree.status, 1, worktree.stderr)
        let json = try report(worktree.stdout)
        let paths = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        XCTAssertEqual(Set(paths), ["staged.py", "untracked.py"])
        XCTAssertEqual((json["range"] as? [String: Any])?["mode"] as? String, "worktree")
    }

    func testCopiedPaidCallIsNewRiskButRenameIsNot() throws {
        let repo = try GitFixture()
        let source = """
            from openai import OpenAI

            client = OpenAI()


            def summarize(text):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
            """
        try repo.write("app/summarize.py", source)
        try repo.write("app/old_name.py", source.replacingOccurrences(of: "summarize", with: "digest"))
        try repo.commit("base")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("app/summarize_copy.py", source)
        // Like git's default -M -C, a copy's source is a file the change also modifies.
        try repo.write("app/summarize.py", "# reviewed\n" + source)
        try repo.git("mv", "app/old_name.py", "app/new_name.py")
        try repo.commit("copy one file, rename another")
        let result = try gate(["check", "--base", "main", "--format", "json"], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        let findings = try XCTUnwrap(try report(result.stdout)["findings"] as? [[String: Any]])
        XCTAssertTrue(findings.contains { $0["path"] as? String == "app/summarize_copy.py" && $0["line"] as? Int == 7 },
                      "\(findings)")
        XCTAssertFalse(findings.contains { $0["path"] as? String == "app/new_name.py" }, "\(findings)")
    }

    func testEmptyTreeBaseJudgesEverythingAtHead() throws {
        let repo = try makeRepository()
        let emptyTree = try repo.git("hash-object", "-t", "tree", "/dev/null")
        let result = try gate(["check", "--base", emptyTree, "--head", "feature", "--format", "json"], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        let json = try report(result.stdout)
        XCTAssertEqual((json["range"] as? [String: Any])?["base"] as? String, emptyTree)
        XCTAssertEqual((json["policy"] as? [String: Any])?["source"] as? String, "builtin")
        XCTAssertEqual((json["stats"] as? [String: Any])?["files"] as? Int, 3, "README, app/main.py and the job are all new")
        let paths = Set((json["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
        XCTAssertTrue(paths.contains("jobs/summarize.py"), "\(paths)")
    }

    func testEmptyRepositoryIsExit2() throws {
        let repo = try GitFixture()
        let result = try gate(["check"], in: repo.path)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no commits"), result.stderr)
    }

    /// A pre-commit hook's first run: no commit yet, so the index (or the working tree) is judged against the empty
    /// tree, every file added, by the built-in policy; no approval can count, as approvals bind to the root commit.
    func testStagedAndWorktreeInABareRepositoryAreExit2() throws {
        let repo = try makeRepository()
        let bare = try TemporaryDirectory()
        try repo.git("clone", "-q", "--bare", repo.path, bare.path + "/app.git")
        for mode in ["--staged", "--worktree"] {
            let result = try gate(["check", mode, "--repo", bare.path + "/app.git"], in: repo.path)
            XCTAssertEqual(result.status, 2, "\(mode): \(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("a bare repository has no"), result.stderr)
        }
    }

    func testStagedAndWorktreeBeforeTheFirstCommitJudgeEverythingAsAdded() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# service\n")
        try repo.git("add", "README.md")
        let harmless = try gate(["check", "--staged", "--format", "json"], in: repo.path)
        XCTAssertEqual(harmless.status, 0, harmless.stderr)
        let harmlessReport = try report(harmless.stdout)
        XCTAssertEqual(harmlessReport["decision"] as? String, "pass")
        XCTAssertEqual((harmlessReport["range"] as? [String: Any])?["base"] as? String, "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        XCTAssertEqual((harmlessReport["stats"] as? [String: Any])?["files"] as? Int, 1)

        try repo.write("jobs/summarize.py", """
            from openai import OpenAI

            client = OpenAI()


            def summarize_all(texts):
                for text in texts:
                    client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
            """)
        try repo.write(".github/workflows/gate.yml", "on: pull_request\njobs:\n  gate:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gate check\n")
        try repo.git("add", "jobs/summarize.py", ".github/workflows/gate.yml")
        try repo.write("untracked.py", "import anthropic\nanthropic.Anthropic().messages.create(model='m', max_tokens=5, messages=[])\n")

        let staged = try gate(["check", "--staged", "--format", "json"], in: repo.path)
        XCTAssertEqual(staged.status, 1, staged.stderr)
        let json = try report(staged.stdout)
        XCTAssertEqual((json["policy"] as? [String: Any])?["source"] as? String, "builtin")
        let findings = json["findings"] as? [[String: Any]] ?? []
        XCTAssertTrue(findings.contains { $0["path"] as? String == "jobs/summarize.py" && $0["category"] as? String == "batch-model-call" },
                      "\(findings)")
        XCTAssertTrue(findings.contains { $0["path"] as? String == ".github/workflows/gate.yml" && $0["category"] as? String == "policy-change" },
                      "\(findings)")
        XCTAssertFalse(findings.contains { $0["path"] as? String == "untracked.py" }, "not staged: \(findings)")
        let notes = json["notes"] as? [String] ?? []
        XCTAssertTrue(notes.contains { $0.contains("before the first commit") }, "\(notes)")

        let worktree = try gate(["check", "--worktree", "--format", "json"], in: repo.path)
        XCTAssertEqual(worktree.status, 1, worktree.stderr)
        let paths = Set((try report(worktree.stdout)["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
        XCTAssertTrue(paths.isSuperset(of: ["jobs/summarize.py", "untracked.py"]), "\(paths)")
    }

    /// An orphan branch has an unborn HEAD too, though the repository has commits: its index is all new.
    func testStagedOnAnOrphanBranchComparesWithTheEmptyTree() throws {
        let repo = try GitFixture()
        try repo.write("app/main.py", "def handler():\n    return 'ok'\n")
        try repo.commit("base")
        try repo.git("checkout", "-q", "--orphan", "fresh")
        try repo.write("jobs/summarize.py", "from openai import OpenAI\nOpenAI().chat.completions.create(model='m', messages=[])\n")
        try repo.git("add", "jobs/summarize.py")
        let result = try gate(["check", "--staged", "--format", "json"], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        let json = try report(result.stdout)
        XCTAssertEqual((json["stats"] as? [String: Any])?["files"] as? Int, 2, "the orphan's index holds both files, both new")
        let paths = Set((json["findings"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String })
        XCTAssertEqual(paths, ["jobs/summarize.py"])
    }
}
