import Foundation
import GateTestSupport
import XCTest

/// Issue #12, end to end: each attempt that used to pass with exit 0 is made on a real repository, and the built
/// `gate` must close (exit 1 with the finding) or refuse (exit 2 with the reason).
final class FailClosedTests: XCTestCase {
    private func gate(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
        -> ProcessResult
    {
        var env = GitFixture.environment
        env["NO_COLOR"] = "1"
        for name in ["GITHUB_ACTIONS", "GATE_BASE", "GITHUB_BASE_REF", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH",
                     "GITHUB_STEP_SUMMARY"]
        {
            env[name] = nil
        }
        return try runProcess(gateExecutablePath(), arguments, in: directory, environment: env.merging(environment) { $1 })
    }

    /// `gate check --base main --format json` in `repo`: exit status and the parsed report (nil when none).
    private func check(_ repo: GitFixture, _ extra: [String] = [], environment: [String: String] = [:]) throws
        -> (status: Int32, json: [String: Any]?, stderr: String)
    {
        let result = try gate(["check", "--base", "main", "--format", "json"] + extra, in: repo.path, environment: environment)
        let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result.status, json, result.stderr)
    }

    private func findings(_ json: [String: Any]?) -> [[String: Any]] { json?["findings"] as? [[String: Any]] ?? [] }

    private func finding(_ json: [String: Any]?, rule: String? = nil, category: String? = nil, path: String)
        -> [String: Any]?
    {
        findings(json).first {
            $0["path"] as? String == path && (rule == nil || $0["rule"] as? String == rule)
                && (category == nil || $0["category"] as? String == category)
        }
    }

    private func skipped(_ json: [String: Any]?) -> [String: String] {
        let stats = json?["stats"] as? [String: Any]
        let list = stats?["skipped"] as? [[String: Any]] ?? []
        return Dictionary(list.compactMap { entry in
            (entry["path"] as? String).flatMap { path in (entry["reason"] as? String).map { (path, $0) } }
        }, uniquingKeysWith: { first, _ in first })
    }

    /// A live-looking OpenAI project key, assembled at run time so no source file holds one.
    private static let key: String = {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var text = ""
        for _ in 0..<156 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            text.append(alphabet[Int(state % UInt64(alphabet.count))])
        }
        return "sk-" + "proj-" + text
    }()

    private static let paidCall = """
        from openai import OpenAI

        client = OpenAI()


        def summarize(text):
            return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])

        """

    private func repository(files: [String: String] = [:]) throws -> GitFixture {
        try GitFixture.onFeatureBranch(files: files)
    }

    // MARK: - 1. Content

    func testLatin1FileIsDecodedAndItsPaidCallJudged() throws {
        let repo = try repository()
        try repo.write("app/summarize.py", bytes: Array("# caf".utf8) + [0xE9] + Array("\n".utf8) + Array(Self.paidCall.utf8))
        try repo.commit("a Windows editor saved this")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        let call = try XCTUnwrap(finding(result.json, category: "paid-external-call", path: "app/summarize.py"),
                                 "\(findings(result.json))")
        XCTAssertEqual(call["line"] as? Int, 8)
    }

    /// The head tree is read like the diff: a paid wrapper saved as Latin-1 in the base is still found from the
    /// unguarded route the change adds, and a column it reads still counts as a use.
    func testALatin1WrapperInTheBaseIsReachedFromANewRoute() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# service\n")
        let wrapper = """
            from openai import OpenAI
            client = OpenAI()
            def summarize(text):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])

            """
        try repo.write("app/llm.py", bytes: Array("# r".utf8) + [0xE9] + Array("sum".utf8) + [0xE9] + Array("\n".utf8) + Array(wrapper.utf8))
        try repo.write("app/__init__.py", "")
        try repo.commit("base")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("app/routes.py", """
            from fastapi import FastAPI
            from app.llm import summarize
            app = FastAPI()
            @app.post("/summary")
            def summary(body: dict):
                return {"text": summarize(body["text"])}

            """)
        try repo.commit("open route")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block", "\(findings(result.json))")
        XCTAssertNotNil(finding(result.json, rule: "unprotected-endpoint", path: "app/routes.py"), "\(findings(result.json))")
    }

    func testUTF16EnvironmentFileWithMarkIsTranscodedAndItsKeyBlocks() throws {
        let repo = try repository()
        let text = "# settings\nOPENAI_API_KEY=\(Self.key)\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        try repo.write(".env", bytes: bytes)
        try repo.commit("env")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block")
        let secret = try XCTUnwrap(finding(result.json, category: "secret", path: ".env"), "\(findings(result.json))")
        XCTAssertEqual(secret["line"] as? Int, 2)
        XCTAssertFalse(result.json.map { "\($0)" }?.contains(Self.key) ?? true, "the key is printed whole")
    }

    func testNULInACodeFileIsStillReadAsCode() throws {
        let repo = try repository()
        let text = "\u{0}\nKEY = \"\(Self.key)\"\nrequests.post('https://api.openai.com/v1/chat/completions')\n"
        try repo.write("app/handler.py", text)
        // A NUL slipped into a route file does not hide the open paid endpoint behind an owners' sign-off.
        try repo.write("app/api/chat/route.ts", """
            import OpenAI from "openai";\u{0}
            const openai = new OpenAI();
            export async function POST(req: Request) {
              const { prompt } = await req.json();
              return Response.json(await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }));
            }

            """)
        // A binary file at a data path is still binary.
        try repo.write("assets/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        try repo.commit("NUL bytes")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block")
        XCTAssertEqual(finding(result.json, category: "secret", path: "app/handler.py")?["line"] as? Int, 2)
        XCTAssertEqual(finding(result.json, rule: "paid-http-call", path: "app/handler.py")?["line"] as? Int, 3)
        let endpoint = try XCTUnwrap(finding(result.json, rule: "unprotected-endpoint", path: "app/api/chat/route.ts"), "\(findings(result.json))")
        XCTAssertEqual(endpoint["tier"] as? String, "critical")
        for path in ["app/handler.py", "app/api/chat/route.ts"] {
            XCTAssertNil(finding(result.json, rule: "unscanned-content", path: path), path)
            XCTAssertNil(skipped(result.json)[path], path)
        }
        XCTAssertEqual(skipped(result.json)["assets/logo.png"], "binary")
        XCTAssertFalse(result.json.map { "\($0)" }?.contains(Self.key) ?? true, "the key is printed whole")
    }

    /// A manifest, a Dockerfile or a requirements file gate reads as text, made binary by a NUL byte, hides what it
    /// declares (a package script, a build command, a dependency): each is unscanned, for owners' sign-off. Images,
    /// fonts, other binary data and a plain text file are not configuration gate reads: they stay skipped as binary.
    func testNULInAConfigurationFileIsUnscanned() throws {
        let repo = try repository(files: ["package.json": "{\"name\": \"app\", \"scripts\": {\"start\": \"node server.js\"}}\n"])
        try repo.write("package.json", "{\"name\": \"app\", \"scripts\": {\"start\": \"node server.js\", \"postinstall\": \"node scripts/setup.js\"}}\n\u{0}\n")
        try repo.write("Dockerfile", "FROM node:20-slim\n\u{0}RUN npm ci\n")
        try repo.write("requirements.txt", "openai==1.35.0\n\u{0}\n")
        try repo.write("deploy/app.service", "[Service]\n\u{0}ExecStart=/usr/bin/node /srv/app/server.js\n")
        try repo.write("assets/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        try repo.write("assets/inter.woff2", bytes: Array("wOF2".utf8) + [0x00, 0x01, 0x00, 0x00, 0x00, 0x00])
        try repo.write("notes.txt", "meeting notes\u{0}\n")
        try repo.commit("NUL bytes in configuration")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "needs-approval")
        for path in ["package.json", "Dockerfile", "requirements.txt", "deploy/app.service"] {
            let unscanned = try XCTUnwrap(finding(result.json, rule: "unscanned-content", path: path), "\(path): \(findings(result.json))")
            XCTAssertTrue((unscanned["message"] as? String)?.contains("NUL bytes") == true, path)
        }
        for path in ["assets/logo.png", "assets/inter.woff2", "notes.txt"] {
            XCTAssertNil(finding(result.json, rule: "unscanned-content", path: path), path)
            XCTAssertEqual(skipped(result.json)[path], "binary", path)
        }
    }

    func testOversizedFileIsStreamedNotSkipped() throws {
        let repo = try repository()
        var text = String(repeating: "export const filler = 'just some generated data, nothing to see here';\n", count: 20_000)
        text += "const key = \"\(Self.key)\";\n"
        text += "fetch('https://api.openai.com/v1/embeddings');\n"
        try repo.write("web/bundle.js", text)
        try repo.commit("a large file")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(finding(result.json, category: "secret", path: "web/bundle.js")?["line"] as? Int, 20_001)
        XCTAssertEqual(finding(result.json, rule: "paid-http-call", path: "web/bundle.js")?["line"] as? Int, 20_002)
        XCTAssertNotNil(finding(result.json, rule: "unscanned-content", path: "web/bundle.js"))
        XCTAssertEqual(skipped(result.json)["web/bundle.js"], "too-large")
    }

    /// A notebook's plotted outputs make it megabytes; its code cells still run (probe B, s08b): one over the file
    /// limit is read as a notebook.
    func testANotebookOverTheFileLimitIsReadAsANotebook() throws {
        let repo = try repository()
        let plot = String(repeating: "iVBORw0KGgoAAAANSUhEUgAAAoAAAAHgCAYAAAA10dzkAAAAOXRFWHRTb2Z0d2FyZQBNYXRwbG90bGli", count: 24_000)
        func notebook(_ figure: String) -> String {
            #"""
            {
             "cells": [
              {
               "cell_type": "code",
               "execution_count": 1,
               "metadata": {},
               "outputs": [{"data": {"image/png": "\#(figure)"}, "output_type": "display_data"}],
               "source": [
                "from openai import OpenAI\n",
                "client = OpenAI()\n",
                "for row in rows:\n",
                "    client.chat.completions.create(model=\"gpt-4o\", messages=[{\"role\": \"user\", \"content\": row}])\n"
               ]
              }
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """#
        }
        try repo.write("notebooks/summaries.ipynb", notebook(plot))
        try repo.commit("a notebook with a plot")
        let large = try check(repo)
        XCTAssertEqual(large.status, 1, large.stderr)
        XCTAssertTrue(findings(large.json).contains {
            $0["path"] as? String == "notebooks/summaries.ipynb" && $0["line"] as? Int == 12
                && ["paid-external-call", "batch-model-call"].contains($0["category"] as? String)
        }, "\(findings(large.json))")
        XCTAssertNil(skipped(large.json)["notebooks/summaries.ipynb"])

        // One over even the notebook limit is unscanned code (UnscannedArchiveTests): not built here, as streaming
        // 17 MiB through the byte search costs half a minute in a debug build.
    }

    func testWorkingTreeFilesAreStreamedAndStagedOnesReadFromTheIndex() throws {
        let repo = try repository()
        var big = String(repeating: "# padding line that keeps this data file well over the limit\n", count: 20_000)
        big += "token: \(Self.key)\n"
        try repo.write("data/export.yml", big)
        let worktree = try gate(["check", "--worktree", "--format", "json"], in: repo.path)
        XCTAssertEqual(worktree.status, 1, worktree.stderr)
        let fromDisk = try JSONSerialization.jsonObject(with: Data(worktree.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(finding(fromDisk, category: "secret", path: "data/export.yml")?["line"] as? Int, 20_001)
        // A data file read as bytes needs no sign-off of its own: only code and migrations are unscanned.
        XCTAssertNil(finding(fromDisk, rule: "unscanned-content", path: "data/export.yml"))
        XCTAssertEqual(skipped(fromDisk)["data/export.yml"], "too-large")

        try repo.git("add", "data/export.yml")
        let staged = try gate(["check", "--staged", "--format", "json"], in: repo.path)
        XCTAssertEqual(staged.status, 1, staged.stderr)
        let fromIndex = try JSONSerialization.jsonObject(with: Data(staged.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(finding(fromIndex, category: "secret", path: "data/export.yml")?["line"] as? Int, 20_001)
    }

    func testCompressedArchiveNeedsOwnersSignOff() throws {
        let repo = try repository()
        try repo.write("lib/plugin.jar", bytes: [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] + Array(repeating: 0x5A, count: 64))
        try repo.commit("vendor a jar")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "needs-approval")
        let unscanned = try XCTUnwrap(finding(result.json, rule: "unscanned-content", path: "lib/plugin.jar"))
        XCTAssertEqual(unscanned["action"] as? String, "require-approval")
        let requirements = result.json?["requirements"] as? [[String: Any]] ?? []
        XCTAssertTrue(requirements.contains { $0["group"] as? String == "owners" }, "\(requirements)")
    }

    /// PyTorch and NumPy save weights as zip files: a `.pt` or `.npz` holds tensors, not a bundle of code, and passes
    /// as the same weights in a format that is no zip (`.onnx`) do.
    func testModelWeightsSavedAsZipFilesAreNoArchiveToReview() throws {
        let repo = try repository()
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00] + Array(repeating: 0x5A, count: 64)
        try repo.write("models/encoder.pt", bytes: zip)
        try repo.write("models/embeddings.npz", bytes: zip)
        try repo.commit("weights")
        let result = try check(repo)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "pass")
    }

    /// A symbolic link at a route's path serves the file it points to from there: reported, not skipped silently; a
    /// link to a document is no code and passes.
    func testASymbolicLinkAtACodePathNeedsOwnersSignOff() throws {
        let repo = try repository()
        try repo.write("lib/handler.ts", "export const x = 1;\n")
        try repo.commit("handler")
        try FileManager.default.createSymbolicLink(
            atPath: repo.path + "/app-route.ts", withDestinationPath: "lib/handler.ts")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/GUIDE.md", withDestinationPath: "lib/handler.ts")
        try repo.git("add", "app-route.ts", "GUIDE.md")
        try repo.commit("link it")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        let unscanned = try XCTUnwrap(finding(result.json, rule: "unscanned-content", path: "app-route.ts"))
        XCTAssertEqual(unscanned["action"] as? String, "require-approval")
        XCTAssertNil(finding(result.json, rule: "unscanned-content", path: "GUIDE.md"))
    }

    func testSkippedContentNeverReadsAsNoRiskyChanges() throws {
        let repo = try repository()
        try repo.write("assets/logo.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        try repo.commit("logo")
        let result = try gate(["check", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("No risky changes"), result.stdout)
        XCTAssertTrue(result.stdout.contains("1 file was skipped or read only in part (binary)"), result.stdout)
    }

    // MARK: - 2. Secrets over history

    /// The check blocks on a secret whose message names the commit that added it.
    private func assertBlocksOnSecretFromHistory(
        _ repo: GitFixture, addedIn commit: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let result = try check(repo)
        XCTAssertEqual(result.json?["decision"] as? String, "block", "\(findings(result.json))", file: file, line: line)
        let secret = try XCTUnwrap(findings(result.json).first { $0["category"] as? String == "secret" }, file: file, line: line)
        XCTAssertTrue((secret["message"] as? String ?? "").contains(String(commit.prefix(12))), "\(secret)", file: file, line: line)
    }

    func testKeyAddedAndRemovedInsideTheRangeIsReportedWithItsCommit() throws {
        let repo = try repository(files: ["app/settings.py": "DEBUG = False\n"])
        try repo.write("app/settings.py", "DEBUG = False\nOPENAI_API_KEY = \"\(Self.key)\"\n")
        let added = try repo.commit("wire up the model")
        try repo.write("app/settings.py", "DEBUG = False\nOPENAI_API_KEY = os.environ[\"OPENAI_API_KEY\"]\n")
        try repo.commit("read the key from the environment")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block")
        let secret = try XCTUnwrap(finding(result.json, category: "secret", path: "app/settings.py"), "\(findings(result.json))")
        XCTAssertEqual(secret["line"] as? Int, 2)
        let message = secret["message"] as? String ?? ""
        XCTAssertTrue(message.contains(String(added.prefix(12))), message)
        XCTAssertTrue(message.contains("rotate"), message)
    }

    /// The history scan reads only file versions the head does not have; a key in a version that was moved to
    /// another directory and edited again is such a version.
    func testKeyInAFileThatWasMovedAndEditedAgainIsReported() throws {
        let repo = try repository(files: ["app/config/settings.py": "DEBUG = False\n"])
        try repo.write("app/config/settings.py", "DEBUG = False\nOPENAI_API_KEY = \"\(Self.key)\"\n")
        let added = try repo.commit("wire up the model")
        try repo.write("service/config/settings.py", "DEBUG = False\nOPENAI_API_KEY = \"\(Self.key)\"\n")
        try repo.remove("app/config")
        try repo.commit("move the service")
        try repo.write("service/config/settings.py", "DEBUG = False\nOPENAI_API_KEY = os.environ[\"OPENAI_API_KEY\"]\n")
        try repo.write("service/config/__init__.py", "\n")
        try repo.commit("read the key from the environment")
        try assertBlocksOnSecretFromHistory(repo, addedIn: added)
    }

    /// A file name that is not UTF-8 (Latin-1 `café.env`) cannot be named back to libgit2 from a Swift string;
    /// the history scan must still read the key that one commit of the range added there and the next removed.
    func testKeyInAFileWhoseNameIsNotUTF8IsReportedFromHistory() throws {
        let repo = try repository()
        let name = #"config/caf\xe9.env"#
        let write = try runProcess(
            "bash", ["-c", "mkdir -p config && printf 'OPENAI_API_KEY=%s\\n' \"$KEY\" > $'\(name)'"],
            in: repo.path, environment: ["KEY": Self.key, "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(write.status, 0, write.stderr)
        try repo.write("config/other.env", "DEBUG=false\n")
        let added = try repo.commit("local settings")
        let remove = try runProcess("bash", ["-c", "rm $'\(name)'"], in: repo.path, environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(remove.status, 0, remove.stderr)
        try repo.write("config/other.env", "DEBUG=true\n")
        try repo.commit("drop the local settings")
        try assertBlocksOnSecretFromHistory(repo, addedIn: added)
    }

    /// A key the base already has is not new because a commit of the range renamed its file before another edit:
    /// the rename is still paired with its source, so the old lines are not read as added.
    func testAKeyOfTheBaseInARenamedFileIsNotReportedAsHistory() throws {
        let settings = "DEBUG = False\nLOG_LEVEL = \"info\"\nOPENAI_API_KEY = \"\(Self.key)\"\n"
        let repo = try repository(files: ["app/settings.py": settings])
        try repo.git("mv", "app/settings.py", "app/config.py")
        try repo.commit("rename the settings")
        try repo.write("app/config.py", settings + "TIMEOUT = 30\n")
        try repo.commit("add a timeout")
        let result = try check(repo)
        XCTAssertEqual(result.status, 0, "\(findings(result.json))")
        XCTAssertNil(findings(result.json).first { $0["category"] as? String == "secret" }, "\(findings(result.json))")
    }

    func testKeyInACommitMessageBlocks() throws {
        let repo = try repository()
        try repo.write("app/main.py", "print('ok')\n")
        try repo.commit("debugging\n\nworks with OPENAI_API_KEY=\(Self.key)\n")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block")
        let secret = try XCTUnwrap(findings(result.json).first { $0["category"] as? String == "secret" })
        XCTAssertTrue((secret["path"] as? String ?? "").hasPrefix("commit "), "\(secret)")
        XCTAssertTrue((secret["message"] as? String ?? "").contains("rotate"))
    }

    // MARK: - 3. Ignore list

    func testIgnoredFilesAreListedAndStillSearchedForSecrets() throws {
        let repo = try repository()
        try repo.write("dist/app.js", "const k = \"\(Self.key)\";\n")
        try repo.write("web/app.js.map", "{\"sourcesContent\": [\"const key = '\(Self.key)'\"]}\n")
        try repo.write("vendor/lib/client.py", Self.paidCall)
        try repo.commit("build output")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block")
        XCTAssertNotNil(finding(result.json, category: "secret", path: "dist/app.js"), "\(findings(result.json))")
        XCTAssertNotNil(finding(result.json, category: "secret", path: "web/app.js.map"), "\(findings(result.json))")
        // Ignored for everything but secrets: the vendored paid call is not judged.
        XCTAssertNil(finding(result.json, category: "paid-external-call", path: "vendor/lib/client.py"))
        let ignored = skipped(result.json)
        XCTAssertEqual(ignored["dist/app.js"], "ignored")
        XCTAssertEqual(ignored["web/app.js.map"], "ignored")
        XCTAssertEqual(ignored["vendor/lib/client.py"], "ignored")
    }

    func testVendorBelowTheRootIsJudged() throws {
        let repo = try repository()
        try repo.write("src/vendor/summarize.py", Self.paidCall)
        try repo.commit("our own code, in a folder called vendor")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertNotNil(finding(result.json, category: "paid-external-call", path: "src/vendor/summarize.py"))
    }

    func testRenameOutOfAnIgnoredPathCountsAsAnAddition() throws {
        let repo = try GitFixture()
        try repo.write("app/__init__.py", "")
        try repo.write("vendor/openai_helpers.py", Self.paidCall)
        try repo.commit("vendored helper")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.git("mv", "vendor/openai_helpers.py", "app/helpers.py")
        try repo.commit("adopt the helper")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        let call = try XCTUnwrap(finding(result.json, category: "paid-external-call", path: "app/helpers.py"),
                                 "\(findings(result.json))")
        XCTAssertEqual(call["line"] as? Int, 7)
    }

    // MARK: - 4. Names

    func testAFileNamedToForgeAVerdictLineIsShownEscapedInText() throws {
        let repo = try repository()
        try repo.write("app/x\nPASS — the gate is open\u{1B}[2J.py", Self.paidCall)
        try repo.commit("a file whose name holds a newline and a terminal escape")
        let result = try gate(["check", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertFalse(result.stdout.split(separator: "\n").contains { $0.hasPrefix("PASS") }, result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), result.stdout)
        XCTAssertTrue(result.stdout.contains("app/x\\nPASS — the gate is open\\u{1B}[2J.py:7"), result.stdout)
        let annotations = try gate(["check", "--base", "main", "--format", "github"], in: repo.path)
        XCTAssertEqual(annotations.status, 1, annotations.stderr)
        XCTAssertFalse(annotations.stdout.contains("\u{1B}"), annotations.stdout)
        // One annotation for the finding (the notes follow as notices), and every line a workflow command.
        let lines = annotations.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("::warning ") }.count, 1, annotations.stdout)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("::warning ") || $0.hasPrefix("::notice title=gate note::") }, annotations.stdout)
    }

    // MARK: - 5. Code strings

    func testEscapedQuotesInADDLStringAreUnescapedAndParsed() throws {
        let repo = try repository()
        try repo.write("app/setup.py", """
            def upgrade(db):
                db.execute('ALTER TABLE reports ADD COLUMN summary text NOT NULL DEFAULT \\'\\'')

            """)
        try repo.commit("ddl in code")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        let schema = findings(result.json).filter { $0["path"] as? String == "app/setup.py" }
        XCTAssertTrue(schema.contains { $0["category"] as? String == "schema-change" && $0["line"] as? Int == 2 }, "\(schema)")
        XCTAssertFalse(schema.contains { $0["rule"] as? String == "sql-parse-error" }, "\(schema)")
    }

    func testDDLStringThatDoesNotParseIsReported() throws {
        let repo = try repository()
        try repo.write("app/setup.js", """
            export async function up(db) {
              await db.query("ALTER TABLE reports ADD COLUMN summary text DEFAULT (");
            }

            """)
        try repo.commit("broken ddl")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        let error = try XCTUnwrap(finding(result.json, rule: "sql-parse-error", path: "app/setup.js"), "\(findings(result.json))")
        XCTAssertEqual(error["line"] as? Int, 2)
    }

    // MARK: - 6. Copy detection and partial clones

    /// An origin with `main` and a `feature` that edits one file, deletes another and adds a third, served to
    /// partial clones.
    private func partialCloneOrigin(editing: Bool) throws -> GitFixture {
        let origin = try GitFixture()
        try origin.git("config", "uploadpack.allowFilter", "true")
        try origin.git("config", "uploadpack.allowAnySHA1InWant", "true")
        try origin.write("app/main.py", "print('hello')\n")
        try origin.write("docs/old.md", "# old notes\n" + String(repeating: "line\n", count: 20))
        try origin.commit("base")
        try origin.git("switch", "-q", "-c", "feature")
        if editing {
            // Two commits: the history scan needs the intermediate blob as well as the head's.
            try origin.write("app/main.py", "print('hello, there')\n")
            try origin.commit("first edit")
            try origin.write("app/main.py", "print('hello, world')\n")
        }
        try origin.remove("docs/old.md")
        try origin.write("docs/new.md", "# new notes\n")
        try origin.commit("feature")
        try origin.git("switch", "-q", "main")
        return origin
    }

    private func partialClone(of origin: GitFixture, branch: String) throws -> GitFixture {
        let directory = try TemporaryDirectory(prefix: "gate-partial")
        let clone = GitFixture(existing: directory)
        let result = try runProcess(
            "git", ["clone", "-q", "--filter=blob:none", "-b", branch, "file://\(origin.path)", directory.path],
            environment: GitFixture.environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try clone.git("config", "remote.origin.promisor"), "true")
        return clone
    }

    func testPartialCloneLackingANeededBlobIsExitTwoNamingTheFix() throws {
        let origin = try partialCloneOrigin(editing: true)
        // Checked out at main: feature's edited blob was never fetched.
        let clone = try partialClone(of: origin, branch: "main")
        let first = try gate(["check", "--base", "origin/main", "--head", "origin/feature"], in: clone.path)
        XCTAssertEqual(first.status, 2, first.stdout)
        XCTAssertTrue(first.stderr.contains("partial clone"), first.stderr)
        XCTAssertTrue(first.stderr.contains("git log --patch --format= BASE..HEAD"), first.stderr)
        // The fix it names works: git fetches the blobs, then gate reads them.
        try clone.git("log", "--patch", "--format=", "origin/main..origin/feature")
        let second = try gate(["check", "--base", "origin/main", "--head", "origin/feature"], in: clone.path)
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
    }

    func testPartialCloneMissingOnlyACopyCandidateSaysSoInStats() throws {
        let origin = try partialCloneOrigin(editing: false)
        // Checked out at feature: the deleted file's blob is absent, and only rename detection wanted it.
        let clone = try partialClone(of: origin, branch: "feature")
        let result = try gate(["check", "--base", "origin/main", "--head", "HEAD", "--format", "json"], in: clone.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(skipped(json)["docs/old.md"], "missing-object")
        XCTAssertEqual((json?["stats"] as? [String: Any])?["files"] as? Int, 2)
    }

    // MARK: - 7. CI trust

    private func event(base: String, in repo: GitFixture) throws -> String {
        let path = repo.directory.url("../\(UUID().uuidString)-event.json").standardizedFileURL.path
        let payload = "{\"pull_request\": {\"number\": 7, \"base\": {\"sha\": \"\(base)\", \"ref\": \"main\"}}}"
        try Data(payload.utf8).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testPullRequestBaseComesFromTheEventAndADisagreeingGateBaseIsExitTwo() throws {
        let repo = try repository()
        let base = try repo.git("rev-parse", "main")
        try repo.write("app/summarize.py", Self.paidCall)
        let head = try repo.commit("paid call")
        let ci = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": try event(base: base, in: repo)]

        // The pull request's own workflow points GATE_BASE at its head: refused.
        var env = ci
        env["GATE_BASE"] = head
        let overridden = try gate(["check"], in: repo.path, environment: env)
        XCTAssertEqual(overridden.status, 2, overridden.stdout)
        XCTAssertTrue(overridden.stderr.contains("pull_request.base.sha"), overridden.stderr)

        // An override naming no commit is refused for that, not compared.
        env["GATE_BASE"] = "no-such-base"
        let unresolved = try gate(["check"], in: repo.path, environment: env)
        XCTAssertEqual(unresolved.status, 2, unresolved.stdout)
        XCTAssertTrue(unresolved.stderr.contains("GATE_BASE no-such-base names no commit"), unresolved.stderr)

        // Without an override the event's base applies, whatever origin/* says.
        let trusted = try gate(["check", "--format", "json"], in: repo.path, environment: ci)
        XCTAssertEqual(trusted.status, 1, trusted.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(trusted.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((json?["range"] as? [String: Any])?["base"] as? String, base)
        XCTAssertNotNil(finding(json, category: "paid-external-call", path: "app/summarize.py"))

        // An agreeing --base is fine.
        let agreeing = try gate(["check", "--base", "main"], in: repo.path, environment: ci)
        XCTAssertEqual(agreeing.status, 1, agreeing.stderr)
    }

    func testABrokenOrBaselessPullRequestEventIsExitTwo() throws {
        let repo = try repository()
        try repo.write("app/summarize.py", Self.paidCall)
        try repo.commit("paid call")
        let directory = try TemporaryDirectory()
        for (name, text, reason) in [
            ("broken.json", "{ \"pull_request\": ", "is not valid JSON"),
            ("baseless.json", #"{ "pull_request": { "head": { "sha": "abc" } } }"#, "has no pull_request.base.sha"),
        ] {
            try Data(text.utf8).write(to: directory.url(name))
            let result = try gate(["check"], in: repo.path, environment: [
                "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": directory.url(name).path,
            ])
            XCTAssertEqual(result.status, 2, "\(name): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains(reason), "\(name): \(result.stderr)")
        }
    }

    func testEditingAScriptTheGateWorkflowRunsIsAPolicyChange() throws {
        let repo = try repository(files: [
            ".github/workflows/ci.yml": "on: pull_request\njobs:\n  gate:\n    steps:\n      - run: ./scripts/ci/gate.sh\n",
            "scripts/ci/gate.sh": "#!/bin/sh\ngate check --sarif gate.sarif\n",
        ])
        try repo.write("scripts/ci/gate.sh", "#!/bin/sh\ngate check --sarif gate.sarif || true\n")
        try repo.commit("make CI green")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        let change = try XCTUnwrap(finding(result.json, rule: "policy-change", path: "scripts/ci/gate.sh"), "\(findings(result.json))")
        XCTAssertTrue((change["message"] as? String ?? "").contains(".github/workflows/ci.yml"))
    }

    /// A workflow job the pull request adds with the name of the gate's check, running something else, can report
    /// that check green in the gate's place; a job of another name, or one that runs gate too, is no such thing.
    func testAJobNamedLikeTheGatesCheckIsAPolicyChange() throws {
        let repo = try repository(files: [
            ".github/workflows/ci.yml": """
                name: ci
                on: pull_request
                jobs:
                  tests:
                    runs-on: ubuntu-latest
                    steps:
                      - run: npm test
                  admission:
                    name: Deployment gate
                    runs-on: ubuntu-latest
                    steps:
                      - run: ./bin/gate check --format github

                """,
        ])
        try repo.write(".github/workflows/quick.yml", """
            name: quick
            on: pull_request
            jobs:
              tests:
                runs-on: ubuntu-latest
                steps:
                  - run: npm run e2e
              shortcut:
                name: "Deployment gate"  # same check
                runs-on: ubuntu-latest
                steps:
                  - run: echo "gate passed"
              also-gate:
                name: Deployment gate
                runs-on: ubuntu-latest
                steps:
                  - run: ./bin/gate check --format sarif

            """)
        try repo.commit("faster CI")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        // (The new workflow runs gate as well, which is a policy change of its own.)
        let spoofed = findings(result.json).filter {
            $0["rule"] as? String == "policy-change" && ($0["message"] as? String ?? "").contains("stand in for the gate's")
        }
        XCTAssertEqual(spoofed.map { $0["path"] as? String }, [".github/workflows/quick.yml"], "\(findings(result.json))")
        XCTAssertEqual(spoofed.map { $0["line"] as? Int }, [9])
        XCTAssertTrue((spoofed.first?["message"] as? String ?? "").contains("\"Deployment gate\""))
    }

    func testOtherCISystemsAndLocalActionsArePolicyChanges() throws {
        let repo = try repository(files: [
            ".gitlab-ci.yml": "gate:\n  script:\n    - gate check\n",
            ".github/actions/gate/action.yml": "runs:\n  using: composite\n  steps:\n    - run: gate check\n      shell: bash\n",
            "bitbucket-pipelines.yml": "pipelines:\n  default:\n    - step:\n        script:\n          - make test\n",
        ])
        try repo.write(".gitlab-ci.yml", "gate:\n  script:\n    - gate check || true\n")
        try repo.write(".github/actions/gate/action.yml", "runs:\n  using: composite\n  steps:\n    - run: exit 0\n      shell: bash\n")
        try repo.write("bitbucket-pipelines.yml", "pipelines:\n  default:\n    - step:\n        script:\n          - make lint\n")
        try repo.commit("tweak CI")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertNotNil(finding(result.json, rule: "policy-change", path: ".gitlab-ci.yml"), "\(findings(result.json))")
        XCTAssertNotNil(finding(result.json, rule: "policy-change", path: ".github/actions/gate/action.yml"))
        // A CI file that does not run gate is not the gate's CI.
        XCTAssertNil(finding(result.json, rule: "policy-change", path: "bitbucket-pipelines.yml"))
    }

    func testTrustedTemplateNeverRunsThePullRequest() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent(".github-templates/workflows/gate-trusted.yml"), encoding: .utf8)
        XCTAssertTrue(text.contains("pull_request_target:"))
        XCTAssertTrue(text.contains("ref: ${{ github.event.pull_request.base.sha }}"))
        XCTAssertFalse(text.contains("ref: ${{ github.event.pull_request.head"), "the head must never be checked out")
        // Through the action's `args` (one argument a line), so in its one-argument form.
        XCTAssertTrue(text.contains("args: --head=refs/gate/pr-head"))
        // No step runs anything from the workspace the pull request could have written.
        for line in text.split(separator: "\n") where line.contains("run: ") {
            XCTAssertFalse(line.contains("run: ./"), String(line))
        }
    }

    // MARK: - 8. Policy trust

    func testThePolicyComesFromTheBaseTipNotTheMergeBase() throws {
        let repo = try GitFixture()
        try repo.write(".gate/policy.yml", "version: 1\nrules:\n  paid-external-call: { tier: low, action: pass }\n")
        try repo.commit("lenient policy")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("jobs/summarize.py", Self.paidCall)
        try repo.commit("paid call")
        try repo.git("switch", "-q", "main")
        try repo.write(".gate/policy.yml", "version: 1\nrules:\n  paid-external-call: { tier: high, action: require-approval }\n")
        let tightened = try repo.commit("tighten the policy")
        try repo.git("switch", "-q", "feature")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "needs-approval")
        let policy = result.json?["policy"] as? [String: Any]
        XCTAssertEqual(policy?["source"] as? String, "base:.gate/policy.yml")
        XCTAssertEqual(
            policy?["sha256"] as? String,
            try runProcess("sh", ["-c", "git show \(tightened):.gate/policy.yml | sha256sum | cut -d' ' -f1"],
                           in: repo.path, environment: GitFixture.environment).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines))
    }

    // MARK: - 10. A policy that is no file

    func testPolicyThatIsADirectoryIsExitTwo() throws {
        let repo = try GitFixture()
        try repo.write(".gate/policy.yml/strict.yml", "version: 1\n")
        try repo.commit("odd layout")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("app.py", "x = 1\n")
        try repo.commit("change")
        let result = try check(repo)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains(".gate/policy.yml is a directory"), result.stderr)
    }

    /// `gate check` of a one-line change on a branch whose base commits `.gate/policy.yml` as a symlink to `target`.
    private func checkWithPolicyLinkedTo(_ target: String) throws -> (status: Int32, json: [String: Any]?, stderr: String) {
        let repo = try GitFixture()
        try FileManager.default.createDirectory(at: repo.directory.url(".gate"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.directory.url(".gate/policy.yml").path, withDestinationPath: target)
        try repo.write("README.md", "# app\n")
        try repo.commit("policy as a link")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("app.py", "x = 1\n")
        try repo.commit("change")
        return try check(repo)
    }

    func testPolicySymlinkOutOfTheTreeIsExitTwo() throws {
        let result = try checkWithPolicyLinkedTo("../../shared/policy.yml")
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("symlink to ../../shared/policy.yml, outside the repository"), result.stderr)
    }

    func testPolicySymlinkLeadingNowhereIsExitTwoNotTheBuiltInPolicy() throws {
        // The link's target was never added: reading that as "no policy" would put the built-in one in its place.
        let result = try checkWithPolicyLinkedTo("../config/gate.yml")
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("symlink to config/gate.yml, which does not exist"), result.stderr)
    }

    func testPolicySymlinkInsideTheTreeIsFollowed() throws {
        let repo = try GitFixture()
        try repo.write("config/gate.yml", "version: 1\nrules:\n  paid-external-call: { tier: critical, action: block }\n")
        try FileManager.default.createDirectory(at: repo.directory.url(".gate"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.directory.url(".gate/policy.yml").path,
                                                   withDestinationPath: "../config/gate.yml")
        try repo.commit("policy lives in config/")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("app/summarize.py", Self.paidCall)
        try repo.commit("paid call")
        let result = try check(repo)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.json?["decision"] as? String, "block")
    }

    func testPolicyThatIsASubmoduleIsExitTwo() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# app\n")
        let commit = try repo.commit("base")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(commit),.gate/policy.yml")
        try repo.git("commit", "-q", "-m", "policy as a submodule")
        try repo.git("switch", "-q", "-c", "feature")
        try repo.write("app.py", "x = 1\n")
        try repo.git("add", "app.py")
        try repo.git("commit", "-q", "-m", "change")
        let result = try check(repo)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains(".gate/policy.yml is a submodule"), result.stderr)
    }
}
