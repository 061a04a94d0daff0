import Foundation
import GateCore
import GatePolicy
import GateTestSupport
import XCTest

@testable import GateKit

/// Trust from the base (SPEC §2) through the real pipeline: real repositories, the real diff engine.
final class PolicyTrustTests: XCTestCase {
    static let basePolicy = """
        version: 1
        reviewers:
          - id: owner@example.com
            keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g owner@laptop"]
            groups: [owners, cost, database]
        rules:
          policy-change: { tier: high, action: require-approval, require: { approvals: 1, from: [owners] } }

        """

    /// A repository whose `main` carries `policy`, with a `feature` branch checked out.
    private func repository(policy: String = basePolicy) throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write(".gate/policy.yml", policy)
        try repo.write("README.md", "# app\n")
        try repo.write("src/app.py", "print('hello')\n")
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "feature")
        return repo
    }

    private func check(_ repo: GitFixture) throws -> Report {
        try CheckRunner().run(CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", environment: [:]))
    }

    func testAChangeThatRelaxesThePolicyStillFacesTheOldOne() throws {
        let repo = try repository()
        let relaxed = Self.basePolicy.replacingOccurrences(
            of: "policy-change: { tier: high, action: require-approval, require: { approvals: 1, from: [owners] } }",
            with: "policy-change: { tier: low, action: pass }")
        try repo.write(".gate/policy.yml", relaxed + """
            waivers:
              - rule: policy-change
                reason: "trust me"
                expires: 2099-01-01

            """)
        try repo.commit("relax the gate")
        let report = try check(repo)
        XCTAssertEqual(report.policy.source, "base:.gate/policy.yml")
        XCTAssertEqual(report.policy.sha256, ContentDigest.sha256Hex(Self.basePolicy))
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertFalse(report.findings.isEmpty)
        for finding in report.findings {
            XCTAssertEqual(finding.rule, "policy-change")
            XCTAssertEqual(finding.path, ".gate/policy.yml")
            XCTAssertEqual(finding.action, .requireApproval)
            XCTAssertFalse(finding.waived, "a waiver added by the change must not apply to it")
        }
        XCTAssertEqual(report.requirements, [Requirement(group: "owners", approvals: 1)])
    }

    func testDeletingThePolicyIsAPolicyChange() throws {
        let repo = try repository()
        try repo.remove(".gate/policy.yml")
        try repo.commit("drop the gate")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.findings.map(\.rule), ["policy-change"])
        XCTAssertTrue(report.findings.first?.message.contains("deletes") ?? false, "\(report.findings)")
    }

    /// `.gate/policy.yml` as a symbolic link to a file elsewhere in the tree: the policy is that file, so editing it
    /// is a policy change; editing another file is not.
    func testEditingTheFileAPolicyLinkLeadsToIsAPolicyChange() throws {
        let repo = try GitFixture()
        try repo.write("config/gate.yml", Self.basePolicy)
        try repo.git("config", "core.symlinks", "true")
        try FileManager.default.createDirectory(atPath: repo.path + "/.gate", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/.gate/policy.yml", withDestinationPath: "../config/gate.yml")
        try repo.write("src/app.py", "print('hello')\n")
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("config/gate.yml", Self.basePolicy.replacingOccurrences(
            of: "policy-change: { tier: high, action: require-approval, require: { approvals: 1, from: [owners] } }",
            with: "policy-change: { tier: low, action: pass }"))
        try repo.write("src/app.py", "print('hello again')\n")
        try repo.commit("relax the gate through the file the policy links to")
        let report = try check(repo)
        XCTAssertEqual(report.policy.source, "base:.gate/policy.yml")
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.findings.map(\.rule), ["policy-change"], "\(report.findings)")
        XCTAssertEqual(report.findings.first?.path, "config/gate.yml")
        XCTAssertTrue(report.findings.first?.message.contains("links to") ?? false, "\(report.findings)")
    }

    /// The policy replaced by a link to a relaxed copy elsewhere: git reads the copy as the policy moved there, which
    /// the detector reports; that it is also the file the new link leads to makes it no second finding.
    func testAPolicyMovedAndLinkedToIsOneFindingPerEditedRegion() throws {
        let repo = try repository()
        try repo.git("config", "core.symlinks", "true")
        try repo.write("docs/policy-relaxed.yml", Self.basePolicy.replacingOccurrences(
            of: "policy-change: { tier: high, action: require-approval, require: { approvals: 1, from: [owners] } }",
            with: "policy-change: { tier: low, action: pass }"))
        try repo.remove(".gate/policy.yml")
        try FileManager.default.createDirectory(atPath: repo.path + "/.gate", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/.gate/policy.yml", withDestinationPath: "../docs/policy-relaxed.yml")
        try repo.git("add", "-A")
        try repo.commit("share the policy with the docs")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .needsApproval)
        let found = report.findings.map { "\($0.rule) \($0.path):\($0.line)" }
        XCTAssertEqual(found.count, Set(found).count, "duplicates: \(found)")
        XCTAssertEqual(Set(report.findings.map(\.path)), [".gate/policy.yml", "docs/policy-relaxed.yml"], "\(found)")
        XCTAssertTrue(report.findings.allSatisfy { $0.rule == "policy-change" }, "\(found)")
    }

    /// A workflow that ran gate replaced by a symbolic link (GitHub does not follow one, so gate stops running): the
    /// link has no lines to diff, so its base version says it ran gate. A workflow that never ran gate made a link is
    /// no policy change.
    func testAWorkflowThatRanGateReplacedByASymlinkIsAPolicyChange() throws {
        let repo = try GitFixture()
        try repo.write(".gate/policy.yml", Self.basePolicy)
        let noop = "name: noop\non: workflow_dispatch\njobs:\n  noop:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo noop\n"
        try repo.write(".github/workflows/gate.yml", "name: gate\non: pull_request\njobs:\n  gate:\n    runs-on: ubuntu-latest\n"
            + "    steps:\n      - uses: actions/checkout@v4\n      - run: ./bin/gate check\n")
        try repo.write(".github/workflows/lint.yml", "name: lint\non: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
            + "    steps:\n      - run: make lint\n")
        try repo.write(".github/workflows/noop.yml", noop)
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.git("config", "core.symlinks", "true")
        for name in ["gate.yml", "lint.yml"] {
            try repo.remove(".github/workflows/\(name)")
            try FileManager.default.createSymbolicLink(atPath: repo.path + "/.github/workflows/\(name)", withDestinationPath: "noop.yml")
        }
        try repo.git("add", "-A")
        try repo.commit("share one workflow")
        let report = try check(repo)
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.findings.map { "\($0.rule) \($0.path):\($0.line)" }, ["policy-change .github/workflows/gate.yml:1"])
        XCTAssertTrue(report.findings.first?.message.contains("cannot read (symlink)") ?? false, "\(report.findings)")
    }

    func testAWorkflowThatRunsGateIsAPolicyChangeAndOthersAreNot() throws {
        let repo = try repository()
        try repo.write(".github/workflows/test.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n")
        try repo.commit("tests in CI")
        XCTAssertEqual(try check(repo).findings, [])
        try repo.write(".github/workflows/gate.yml", "on: pull_request\njobs:\n  g:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gate check --sarif gate.sarif\n")
        try repo.commit("gate in CI")
        let report = try check(repo)
        XCTAssertEqual(report.findings.map(\.path), [".github/workflows/gate.yml"])
        XCTAssertEqual(report.findings.first?.category, .policyChange)
    }

    /// Workflows that run gate other than as `gate check`: through its action, a package script, make or its
    /// container image. Each, added to the repository, is a change to the gate's own CI.
    func testAWorkflowRunningGateThroughAnActionOrAWrapperIsAPolicyChange() throws {
        let job = "on: pull_request\njobs:\n  verify:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
        let runners: [(path: String, text: String)] = [
            (".github/workflows/verify.yml", job + "      - uses: acme/gate@v2\n        with:\n          base: main\n"),
            (".github/workflows/verify.yml", job + "      - uses: \"acme/gate-action@8f4b2c1\"\n"),
            (".github/workflows/verify.yml", job + "      - uses: ./.github/actions/gate\n"),
            (".github/workflows/verify.yml", job + "      - uses: ./.gate-action # a checkout of gate's repository\n"),
            (".github/workflows/verify.yml", job + "      - uses: docker://ghcr.io/acme/gate:1.4\n        with:\n          args: check\n"),
            (".github/workflows/verify.yml", job + "      - run: npm ci\n      - run: npm run gate -- --format github\n"),
            (".github/workflows/verify.yml", job + "      - run: npx gate\n"),
            (".github/workflows/verify.yml", job + "      - run: yarn gate:ci\n"),
            (".github/workflows/verify.yml", job + "      - run: pnpm run gate\n"),
            (".github/workflows/verify.yml", job + "      - name: Gate\n        run: make lint gate\n"),
            (".github/workflows/verify.yml",
             job + "      - run: docker run --rm -v \"$PWD:/repo\" -w /repo ghcr.io/acme/gate:1.4 check --base origin/main\n"),
            (".gitlab-ci.yml", "verify:\n  image: node:20\n  script:\n    - npm ci\n    - npm run gate\n"),
            (".github/workflows/verify.yml", job + "      - run: composer run-script gate\n"),
            (".github/workflows/verify.yml", job + "      - run: just lint gate\n"),
            (".github/workflows/verify.yml", job + "      - run: task gate\n"),
            (".github/workflows/verify.yml", "on: pull_request\njobs:\n  gate:\n    uses: acme/.github/.github/workflows/gate.yml@v2\n"),
            (".github/workflows/verify.yml", "on: pull_request\njobs:\n  gate:\n    uses: ./.github/workflows/gate_check.yaml\n"),
            (".gitlab-ci.yml", "include:\n  - project: acme/ci-templates\n    file: /templates/gate.gitlab-ci.yml\n"),
            (".gitlab-ci.yml", "include:\n  - local: ci/gate.yml\n"),
            (".gitlab-ci.yml", "verify:\n  extends: .gate-check\n"),
            (".gitlab-ci.yml", "verify:\n  extends: [\".node\", \".gate\"]\n"),
            (".gitlab-ci.yml", "verify:\n  extends:\n    - .node\n    - .gate-check\n"),
            (".gitlab-ci.yml", "verify:\n  script:\n    - !reference [.gate-check, script]\n"),
        ]
        for runner in runners {
            let repo = try repository()
            try repo.write(runner.path, runner.text)
            try repo.commit("verify in CI")
            let report = try check(repo)
            XCTAssertEqual(report.findings.map(\.rule), ["policy-change"], runner.text)
            XCTAssertEqual(report.findings.first?.path, runner.path, runner.text)
        }
    }

    /// Workflows that only mention gate: a job or step named for it, and words that contain it.
    func testAWorkflowThatOnlyMentionsGateIsNoPolicyChange() throws {
        let repo = try repository()
        try repo.write(".github/workflows/admission.yml", """
            name: Admission gate
            on: pull_request
            jobs:
              gate:
                name: gate
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: open-policy-agent/gatekeeper-action@v2
                  - uses: acme/quality-gate@v1
                  - run: npm run aggregate && npm run gatekeeper
                  - run: make navigate
                  - run: echo "gate: passed"
                  # - uses: acme/gate@v2 (planned)
              quality:
                uses: acme/.github/.github/workflows/quality-gate.yml@v1
              keeper:
                uses: ./.github/workflows/gatekeeper.yml

            """)
        try repo.write(".github/workflows/deploy.yml", """
            on: push
            jobs:
              deploy:
                needs: [gate]
                runs-on: ubuntu-latest
                environment: gate
                steps:
                  - run: docker run --rm ghcr.io/acme/gateway:2 migrate
                  - run: yarn build
                  - run: task build -- gate
                  - run: echo "the task gate is a step"

            """)
        try repo.write(".gitlab-ci.yml", """
            include:
              - local: ci/quality-gate.yml
              - template: Jobs/SAST.gitlab-ci.yml
            review:
              extends: [.gatekeeper, .node]
              script:
                - !reference [.lint, script]
                - echo "gate ok"
              cache:
                paths:
                  - .gate

            """)
        try repo.commit("CI that is not the gate")
        XCTAssertEqual(try check(repo).findings, [])
    }

    /// Judges a change to `.gate/notes/` under a base policy that waives exactly that until `expires`.
    private func checkNotesChange(waiverExpires expires: String) throws -> Report {
        let repo = try repository(policy: Self.basePolicy + """
            waivers:
              - rule: policy-change
                paths: [".gate/notes/**"]
                reason: "notes are not policy"
                expires: \(expires)

            """)
        try repo.write(".gate/notes/why.md", "we gate because\n")
        try repo.commit("notes")
        return try check(repo)
    }

    func testValidWaiverInTheBaseApplies() throws {
        let report = try checkNotesChange(waiverExpires: "2099-01-01")
        XCTAssertEqual(report.decision, .pass)
        XCTAssertEqual(report.findings.map(\.waived), [true])
        XCTAssertEqual(report.findings.first?.waiver?.reason, "notes are not policy")
        XCTAssertEqual(report.requirements, [])
    }

    func testExpiredWaiverInTheBaseIsReportedAndIgnored() throws {
        let report = try checkNotesChange(waiverExpires: "2020-01-01")
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.findings.map(\.waived), [false])
        XCTAssertTrue(
            report.notes.contains("waiver for policy-change (base:.gate/policy.yml:9:5) expired on 2020-01-01 and was ignored"),
            "\(report.notes)")
    }

    func testBuiltinPolicyWhenTheBaseHasNone() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# app\n")
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("src/app.py", "print('hi')\n")
        try repo.commit("code")
        let report = try check(repo)
        XCTAssertEqual(report.policy.source, "builtin")
        XCTAssertEqual(report.policy.sha256, ContentDigest.sha256Hex(DefaultPolicy.text))
        XCTAssertTrue(report.notes.first?.contains("built-in default policy") ?? false, "\(report.notes)")
    }

    func testFingerprintIgnoresUnrelatedCommitsAndFollowsFlaggedHunks() throws {
        let repo = try repository()
        try repo.write(".gate/policy.yml", Self.basePolicy + "approvals: { max-age: 7d }\n")
        try repo.commit("shorter approvals")
        let first = try check(repo)
        XCTAssertEqual(first.decision, .needsApproval)
        XCTAssertTrue(first.fingerprint.hasPrefix("sha256:"))

        try repo.write("README.md", "# app\n\nMore words.\n")
        try repo.commit("docs")
        let unrelated = try check(repo)
        XCTAssertEqual(unrelated.fingerprint, first.fingerprint, "an unrelated commit keeps the fingerprint")
        XCTAssertEqual(unrelated.findings.map(\.id), first.findings.map(\.id))

        try repo.write(".gate/policy.yml", Self.basePolicy + "approvals: { max-age: 3d }\n")
        try repo.commit("even shorter")
        let edited = try check(repo)
        XCTAssertNotEqual(edited.fingerprint, first.fingerprint, "an edit to a flagged hunk changes the fingerprint")
    }

    func testAPolicyFileOverridesTheBaseExplicitly() throws {
        let repo = try repository()
        try repo.write(".gate/extra.yml", "x: 1\n")
        try repo.commit("extra")
        let directory = try TemporaryDirectory()
        let file = directory.url("local.yml").path
        try Data("version: 1\nrules:\n  policy-change: { action: pass }\n".utf8).write(to: URL(fileURLWithPath: file))
        let report = try CheckRunner().run(
            CheckRequest(repositoryPath: repo.path, base: "main", head: "HEAD", policyFile: file, environment: [:]))
        XCTAssertEqual(report.policy.source, "file:\(file)")
        XCTAssertEqual(report.decision, .pass)
    }

    func testABrokenBasePolicyFailsClosedNamingThePosition() throws {
        let repo = try repository(policy: "version: 1\nrulez: {}\n")
        try repo.write("src/app.py", "print('x')\n")
        try repo.commit("code")
        XCTAssertThrowsError(try check(repo)) { error in
            XCTAssertEqual(
                "\(error)", "base:.gate/policy.yml:2:1: unknown key `rulez` in the policy; did you mean `rules`?")
        }
    }

    func testCheckCommandExitsTwoOnABrokenBasePolicy() throws {
        let repo = try repository(policy: "version: 1\nrules:\n  secret: { action: blokc }\n")
        try repo.write("src/app.py", "print('x')\n")
        try repo.commit("code")
        let result = try runProcess(gateExecutablePath(), ["check", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.stderr,
            "gate: Error: base:.gate/policy.yml:3:21: `action` must be one of pass, require-approval, block, not `blokc`; did you mean `block`?\n")
        XCTAssertEqual(result.stdout, "")
    }

    func testCheckCommandWritesEveryOutputInOneRun() throws {
        let repo = try repository()
        try repo.write(".gate/policy.yml", Self.basePolicy + "approvals: { max-age: 7d }\n")
        try repo.commit("policy")
        let out = try TemporaryDirectory()
        let summary = out.url("step-summary.md").path
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_STEP_SUMMARY"] = summary
        environment["NO_COLOR"] = "1"
        let result = try runProcess(
            gateExecutablePath(),
            ["check", "--base", "main", "--report", out.url("r.json").path, "--sarif", out.url("r.sarif").path,
             "--summary", out.url("s.md").path],
            in: repo.path, environment: environment)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("gate: NEEDS-APPROVAL — 1 approval from owners"), result.stdout)
        XCTAssertTrue(result.stdout.contains("::warning file=.gate/policy.yml,line="), result.stdout)
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: out.url("r.json")))
        XCTAssertEqual(report.decision, .needsApproval)
        let sarif = try String(contentsOf: out.url("r.sarif"), encoding: .utf8)
        XCTAssertTrue(sarif.contains("\"version\" : \"2.1.0\""))
        let markdown = try String(contentsOf: out.url("s.md"), encoding: .utf8)
        XCTAssertEqual(try String(contentsOfFile: summary, encoding: .utf8), markdown)
        XCTAssertTrue(markdown.hasPrefix("## gate: ⚠️ NEEDS-APPROVAL — 1 approval from owners"), markdown)
    }

    func testSARIFFingerprintsSurviveUnrelatedCommitsAndValidate() throws {
        let repo = try repository()
        try repo.write(".gate/policy.yml", Self.basePolicy + "approvals: { max-age: 7d }\n")
        try repo.commit("policy")
        let renderer = SARIFReportRenderer(toolVersion: "0.1.0")
        let before = try renderer.render(try check(repo))
        try repo.write("README.md", "# app\n\nunrelated\n")
        try repo.commit("docs")
        let after = try renderer.render(try check(repo))
        func hashes(_ sarif: String) throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any]
            let results = (object?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []
            return results.compactMap { ($0["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"] }
        }
        XCTAssertFalse(try hashes(before).isEmpty)
        XCTAssertEqual(try hashes(before), try hashes(after))
        let directory = try TemporaryDirectory()
        try Data(after.utf8).write(to: directory.url("gate.sarif"))
        let result = try runProcess("check-jsonschema", ["--schemafile", try sarifSchemaPath(), directory.url("gate.sarif").path])
        XCTAssertEqual(result.status, 0, "\(result.stdout)\(result.stderr)")
    }

    /// A new file is one hunk, whose digest every line of it changes: code scanning follows an alert by its line's
    /// content, so a line added above the flagged one (a comment, an import) leaves the alert as it was.
    func testSARIFFingerprintsSurviveALineAddedAboveInANewFile() throws {
        let repo = try repository()
        try repo.write("requirements.txt", "openai==1.58.1\n")
        let summary = """
            from openai import OpenAI

            client = OpenAI()


            def summarize(text):
                return client.responses.create(model="gpt-4o-mini", input=text).output_text

            """
        try repo.write("src/summary.py", summary)
        try repo.commit("summary")
        let renderer = SARIFReportRenderer(toolVersion: "0.1.0")
        let before = try check(repo)
        try repo.write("src/summary.py", "\"\"\"Summaries of support tickets.\"\"\"\n" + summary)
        try repo.commit("docstring")
        let after = try check(repo)
        func hashes(_ report: Report) throws -> [String: String] {
            let sarif = try renderer.render(report)
            let object = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any]
            let results = (object?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]] ?? []
            var byRule: [String: String] = [:]
            for result in results where (result["locations"] as? [[String: Any]])
                .map({ "\($0)".contains("src/summary.py") }) == true
            {
                byRule[result["ruleId"] as? String ?? ""] = (result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"]
            }
            return byRule
        }
        let paidBefore = try XCTUnwrap(before.findings.first { $0.path == "src/summary.py" && $0.category == .paidExternalCall })
        let paidAfter = try XCTUnwrap(after.findings.first { $0.path == "src/summary.py" && $0.category == .paidExternalCall })
        XCTAssertEqual(paidAfter.line, paidBefore.line + 1)
        XCTAssertNotEqual(paidAfter.id, paidBefore.id, "the finding's id digests the whole hunk")
        XCTAssertFalse(try hashes(before).isEmpty)
        XCTAssertEqual(try hashes(before), try hashes(after))
    }

    func testEveryFormatOnStdout() throws {
        let repo = try repository()
        try repo.write(".gate/policy.yml", Self.basePolicy + "approvals: { max-age: 7d }\n")
        try repo.commit("policy")
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTIONS"] = nil
        let expectations = [
            ("text", "gate: NEEDS-APPROVAL — 1 approval from owners\n"), ("json", "{\n"), ("sarif", "{\n"),
            ("github", "::warning file=.gate/policy.yml,line="), ("markdown", "## gate: ⚠️ NEEDS-APPROVAL"),
        ]
        for (format, prefix) in expectations {
            let result = try runProcess(
                gateExecutablePath(), ["check", "--base", "main", "--no-color", "--format", format], in: repo.path,
                environment: environment)
            XCTAssertEqual(result.status, 1, "\(format): \(result.stderr)")
            XCTAssertTrue(result.stdout.hasPrefix(prefix), "\(format): \(result.stdout)")
            if format != "github" {
                XCTAssertFalse(result.stdout.contains("::warning"), "\(format): annotations only under GITHUB_ACTIONS")
            }
        }
        let bad = try runProcess(gateExecutablePath(), ["check", "--base", "main", "--format", "xml"], in: repo.path)
        XCTAssertEqual(bad.status, 2)
    }

    func testProvidersAddedByThePolicyFeedTheDetectors() throws {
        let withProvider = Self.basePolicy + """
            providers:
              - id: acme-llm
                kind: model
                hosts: ["llm.acme.internal"]

            """
        let code = "import requests\n\ndef ask(body):\n    return requests.post(\"https://llm.acme.internal/v1/complete\", json=body)\n"
        let repo = try repository(policy: withProvider)
        try repo.write("app/ask.py", code)
        try repo.commit("ask acme")
        let report = try check(repo)
        let finding = try XCTUnwrap(report.findings.first { $0.path == "app/ask.py" }, "\(report.findings)")
        XCTAssertEqual(finding.provider, "acme-llm")
        XCTAssertEqual(finding.category, .paidExternalCall)
        XCTAssertEqual(report.requirements, [Requirement(group: "cost", approvals: 1)])

        // The same change under a policy without the provider finds nothing: the host is not in the catalogue.
        let plain = try repository()
        try plain.write("app/ask.py", code)
        try plain.commit("ask acme")
        XCTAssertEqual(try check(plain).findings.filter { $0.path == "app/ask.py" }, [])
    }

    /// A real secret detector's finding, through the built binary: no output of any format, file or step
    /// summary contains the key, or even a long piece of it.
    func testSecretsAreRedactedInEveryOutput() throws {
        // Assembled at run time so that no source file holds a key-shaped literal.
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var body = ""
        for _ in 0..<156 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            body.append(alphabet[Int(state % UInt64(alphabet.count))])
        }
        let key = "sk-" + "proj-" + body
        let repo = try repository()
        try repo.write("config/settings.py", "OPENAI_API_KEY = \"\(key)\"\n")
        try repo.commit("configure")
        let out = try TemporaryDirectory()
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_STEP_SUMMARY"] = out.url("step.md").path
        var outputs: [String] = []
        for format in ["text", "json", "sarif", "github", "markdown"] {
            let result = try runProcess(
                gateExecutablePath(),
                ["check", "--base", "main", "--format", format, "--report", out.url("r.json").path,
                 "--sarif", out.url("r.sarif").path, "--summary", out.url("s.md").path],
                in: repo.path, environment: environment)
            XCTAssertEqual(result.status, 1, "\(format): \(result.stderr)")
            outputs += [result.stdout, result.stderr]
            for file in ["r.json", "r.sarif", "s.md", "step.md"] {
                outputs.append(try String(contentsOf: out.url(file), encoding: .utf8))
            }
        }
        XCTAssertTrue(outputs[0].contains("config/settings.py:1"), outputs[0])
        XCTAssertTrue(outputs[0].contains("BLOCK"), outputs[0])
        // Not the whole key, and no piece of it longer than the 4 characters a redaction shows, anywhere in it
        // (from 1: the first 8 characters are OpenAI's public prefix sk-proj-, which the rule docs name).
        let characters = Array(key)
        for output in outputs {
            XCTAssertFalse(output.contains(key), "the key leaked: \(output)")
            for start in 1...(characters.count - 8) where output.contains(String(characters[start..<start + 8])) {
                XCTFail("a piece of the key (\(String(characters[start..<start + 8]))) leaked: \(output)")
                break
            }
        }
    }
}
