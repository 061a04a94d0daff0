import GateCore

/// A change to `.gate/**` (deletions and renames included), to local actions, or to a CI file that runs `gate`:
/// whoever changes the gate's rules needs the owners' sign-off, since the change is judged by the old ones.
public struct PolicyChangeDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "policy-change",
        name: "Change to the gate's policy or CI",
        category: .policyChange,
        rationale: """
            The policy in the base commit judges a change, so a change cannot weaken its own gate; but once \
            merged, it judges every later change. Edits to .gate/ (the policy, its waivers, removing it), to \
            CI files that run gate or ran it before the change (GitHub workflows, GitLab, CircleCI, Bitbucket, \
            Buildkite; one calling a script, Makefile target or package script that runs gate counts, as does a job calling a reusable workflow or extending a template named for gate counts, as does a \
            CircleCI orb named gate whose job a workflow calls; a Jenkinsfile; gate run through a variable holding its \
            binary, or gate's action handed its pinned release wherever it was checked out to), to local actions under \
            .github/actions/, and to the scripts such CI runs (a Makefile, justfile or Taskfile; a package.json \
            or composer.json script that runs gate) therefore need sign-off from the owners. So do a CODEOWNERS \
            change to who reviews those files (GitHub reads only the first of .github/, the root's and docs/ \
            CODEOWNERS), a .github/settings.yml that stops requiring gate's check, and a workflow merging with \
            gh pr merge --admin, which skips required checks.
            """,
        triggering: [
            DetectorExample("version: 1\n↓waivers:\n  - rule: secret\n", path: ".gate/policy.yml",
                            base: "version: 1\n"),
            DetectorExample(
                "on: pull_request\njobs:\n  gate:\n    steps:\n      ↓- run: gate check --sarif gate.sarif\n",
                path: ".github/workflows/gate.yml",
                base: "on: pull_request\njobs:\n  gate:\n    steps:\n      - run: gate check\n"),
            DetectorExample("↓owners: [alice]\n", path: ".gate/owners.yml"),
            DetectorExample(
                "gate:\n  script:\n    ↓- gate check || true\n", path: ".gitlab-ci.yml",
                base: "gate:\n  script:\n    - gate check\n"),
            DetectorExample(
                "steps:\n  - command: ./gate check --format github\n  ↓- command: make deploy\n",
                path: ".buildkite/pipeline.yml", base: "steps:\n  - command: ./gate check --format github\n"),
            DetectorExample(
                "runs:\n  using: composite\n  steps:\n    ↓- run: exit 0\n      shell: bash\n",
                path: ".github/actions/gate/action.yml",
                base: "runs:\n  using: composite\n  steps:\n    - run: gate check\n      shell: bash\n"),
            DetectorExample(
                "on: pull_request\njobs:\n  verify:\n    steps:\n      ↓- uses: acme/gate@v3\n        with:\n          fail-on: block\n",
                path: ".github/workflows/verify.yml",
                base: "on: pull_request\njobs:\n  verify:\n    steps:\n      - uses: acme/gate@v2\n        with:\n          fail-on: block\n"),
            DetectorExample(
                "verify:\n  script:\n    ↓- npm run gate || true\n", path: ".gitlab-ci.yml",
                base: "verify:\n  script:\n    - npm run gate\n"),
            // Jenkins, and gate run through a variable holding its binary.
            DetectorExample(
                "pipeline {\n  stages {\n    stage('gate') {\n      steps {\n        ↓sh './bin/gate check || true'\n      }\n    }\n  }\n}\n",
                path: "Jenkinsfile",
                base: "pipeline {\n  stages {\n    stage('gate') {\n      steps {\n        sh './bin/gate check'\n      }\n    }\n  }\n}\n"),
            DetectorExample(
                "jobs:\n  verify:\n    steps:\n      ↓- run: \"$GATE_BIN\" check || true\n",
                path: ".github/workflows/verify.yml", base: "jobs:\n  verify:\n    steps:\n      - run: \"$GATE_BIN\" check\n"),
            // gate's action checked out elsewhere, still handed gate's pinned release.
            DetectorExample(
                "jobs:\n  checks:\n    steps:\n      - uses: ./.ci/checker\n        ↓continue-on-error: true\n        with:\n          sha256: ${{ vars.GATE_SHA256 }}\n",
                path: ".github/workflows/pr.yml",
                base: "jobs:\n  checks:\n    steps:\n      - uses: ./.ci/checker\n        with:\n          sha256: ${{ vars.GATE_SHA256 }}\n"),
            // Branch protection (the Probot settings app) no longer requiring gate, and an administrator's merge.
            DetectorExample(
                "branches:\n  - name: main\n    protection:\n      required_status_checks:\n        ↓contexts: [\"test\"]\n",
                path: ".github/settings.yml",
                base: "branches:\n  - name: main\n    protection:\n      required_status_checks:\n        contexts: [\"gate\", \"test\"]\n"),
            DetectorExample(
                "on: pull_request\njobs:\n  merge:\n    steps:\n      ↓- run: gh pr merge \"$PR\" --admin --squash\n",
                path: ".github/workflows/automerge.yml"),
            // A job calling a reusable workflow named for gate is the gate's job.
            DetectorExample(
                "on: pull_request\njobs:\n  gate:\n    ↓if: false\n    uses: acme/.github/.github/workflows/gate.yml@v2\n",
                path: ".github/workflows/policy.yml",
                base: "on: pull_request\njobs:\n  gate:\n    uses: acme/.github/.github/workflows/gate.yml@v2\n"),
            // So is a GitLab job extending a template job named for gate (an `include:` brings it in).
            DetectorExample(
                "include:\n  - project: acme/ci-templates\n    file: /templates/gate.gitlab-ci.yml\ngate:\n  extends: .gate-check\n  ↓when: manual\n",
                path: ".gitlab-ci.yml",
                base: "include:\n  - project: acme/ci-templates\n    file: /templates/gate.gitlab-ci.yml\ngate:\n  extends: .gate-check\n"),
            // Taking only the template out of the job's `extends:` list keeps the job and drops gate from it.
            DetectorExample(
                "verify:\n  extends:\n    - .node\n  ↓stage: test\n", path: ".gitlab-ci.yml",
                base: "verify:\n  extends:\n    - .node\n    - .gate-check\n  stage: test\n"),
            // A CircleCI orb named gate runs where a workflow calls its job: taking the job out removes gate.
            DetectorExample(
                "version: 2.1\norbs:\n  gate: acme/gate@1.2\nworkflows:\n  main:\n    jobs:\n      ↓- test\n",
                path: ".circleci/config.yml",
                base: "version: 2.1\norbs:\n  gate: acme/gate@1.2\nworkflows:\n  main:\n    jobs:\n      - gate/check\n      - test\n"),
            // A workspace package's gate script (`pnpm --filter web gate`, `yarn workspace web gate`).
            DetectorExample(
                "verify:\n  script:\n    ↓- pnpm --filter web test\n", path: ".gitlab-ci.yml",
                base: "verify:\n  script:\n    - pnpm --filter web gate\n"),
            // CODEOWNERS: taking the owners off `.gate/` lets anyone approve the next policy edit.
            DetectorExample(
                "* @acme/devs\n↓/.gate/ @acme/platform\n", path: ".github/CODEOWNERS",
                base: "* @acme/devs\n/.gate/ @acme/platform @acme/security\n"),
            DetectorExample("↓*.yml @acme/devs\n", path: "CODEOWNERS", base: "*.yml @acme/platform\n"),
        ],
        nonTriggering: [
            // A CODEOWNERS rule for other paths says nothing about who reviews the gate.
            DetectorExample(
                "/.gate/ @acme/platform\n/web/ @acme/frontend @acme/design\n", path: ".github/CODEOWNERS",
                base: "/.gate/ @acme/platform\n/web/ @acme/frontend\n"),
            // Columns realigned, the same owners in another order: nobody's review of the gate changes.
            DetectorExample(
                "/.gate/     @acme/security @acme/platform\n/web/       @acme/frontend\n", path: ".github/CODEOWNERS",
                base: "/.gate/ @acme/platform @acme/security\n/web/ @acme/frontend\n"),
            DetectorExample(
                "on: push\njobs:\n  test:\n    steps:\n      - run: make test\n", path: ".github/workflows/test.yml",
                base: "on: push\njobs:\n  test:\n    steps:\n      - run: make check\n"),
            DetectorExample(
                "on: pull_request\njobs:\n  gate:\n    name: Admission gate\n    steps:\n"
                    + "      - uses: open-policy-agent/gatekeeper-action@v2\n      - run: npm run aggregate && make navigate\n",
                path: ".github/workflows/policy.yml",
                base: "on: pull_request\njobs:\n  gate:\n    name: Admission gate\n    steps:\n"
                    + "      - uses: open-policy-agent/gatekeeper-action@v1\n      - run: npm run aggregate\n"),
            DetectorExample("# gate policy notes\n", path: "docs/gate/policy.yml"),
            DetectorExample("gate check is described here\n", path: "README.md"),
            DetectorExample(
                "version: 2.1\njobs:\n  test:\n    steps:\n      - run: npm test\n", path: ".circleci/config.yml",
                base: "version: 2.1\njobs:\n  test:\n    steps:\n      - run: npm ci\n"),
            // Shared workflows and templates named for something else: a quality gate, a gatekeeper.
            DetectorExample(
                "on: pull_request\njobs:\n  quality:\n    if: false\n    uses: acme/.github/.github/workflows/quality-gate.yml@v1\n",
                path: ".github/workflows/quality.yml",
                base: "on: pull_request\njobs:\n  quality:\n    uses: acme/.github/.github/workflows/quality-gate.yml@v1\n"),
            DetectorExample(
                "policy:\n  extends: [.gatekeeper]\n  when: manual\n", path: ".gitlab-ci.yml",
                base: "policy:\n  extends: [.gatekeeper]\n"),
            // A variable merely named for gate, a merge that waits for the checks, settings keeping gate required.
            DetectorExample(
                "jobs:\n  notes:\n    steps:\n      - run: echo \"gate $GATE_VERSION release notes\" || true\n",
                path: ".github/workflows/release.yml", base: "jobs:\n  notes:\n    steps:\n      - run: echo \"gate $GATE_VERSION\"\n"),
            DetectorExample(
                "on: pull_request\njobs:\n  merge:\n    steps:\n      - run: gh pr merge \"$PR\" --auto --squash\n",
                path: ".github/workflows/automerge.yml"),
            DetectorExample(
                "branches:\n  - name: main\n    protection:\n      required_status_checks:\n        contexts: [\"gate\", \"test\", \"lint\"]\n",
                path: ".github/settings.yml",
                base: "branches:\n  - name: main\n    protection:\n      required_status_checks:\n        contexts: [\"gate\", \"test\"]\n"),
            // An orb that is not gate's, and a workspace package merely called gate, built.
            DetectorExample(
                "version: 2.1\norbs:\n  qg: acme/quality-gate@1\nworkflows:\n  main:\n    jobs:\n      - test\n",
                path: ".circleci/config.yml",
                base: "version: 2.1\norbs:\n  qg: acme/quality-gate@1\nworkflows:\n  main:\n    jobs:\n      - test\n      - qg/scan\n"),
            DetectorExample(
                "build:\n  script:\n    - yarn workspace gate build --prod\n", path: ".gitlab-ci.yml",
                base: "build:\n  script:\n    - yarn workspace gate build\n"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let change = file.change
        let paths = [change.path] + (change.oldPath.map { [$0] } ?? [])
        if paths.contains(where: Self.isGateDirectory) {
            let what = change.kind == .deleted ? "deletes" : change.kind == .renamed ? "moves" : "changes"
            return findings(file, message: "\(what) the gate's own configuration (\(Self.describe(change)))")
        }
        if paths.contains(where: Self.isLocalAction) {
            let what = change.kind == .deleted ? "deletes" : "changes"
            return findings(file, message: "\(what) a local GitHub action CI runs (\(Self.describe(change)))")
        }
        if paths.contains(where: CodeOwners.isCodeOwners) {
            let hunks = CodeOwners.hunksTouchingGateRules(
                file, base: context.baseTree.map { tree in { (try? tree.contents(of: $0)) ?? nil } },
                head: context.code.map { code in { code.project.contents(of: $0) } })
            guard !hunks.isEmpty else { return [] }
            return findings(file, hunks: hunks, message: "changes who must review the gate's own files (\(Self.describe(change)))")
        }
        if paths.contains(RepositorySettings.path) {
            let hunks = RepositorySettings.hunksDroppingGateChecks(file)
            guard !hunks.isEmpty else { return [] }
            return findings(file, hunks: hunks, message: "takes gate's check out of the status checks branch protection requires (\(Self.describe(change)))")
        }
        guard paths.contains(where: Self.isCIFile) else { return [] }
        let runsGateNow = Self.runsGate(file.bytes)
        guard runsGateNow || Self.ranGate(before: file) else {
            return Self.adminMergeLines(file).map { line in
                Finding(
                    rule: description.id, category: .policyChange, path: change.path, line: line,
                    message: "merges pull requests with `gh pr merge --admin` (\(Self.describe(change))), which bypasses "
                        + "branch protection and so the gate's required check",
                    evidence: "gh pr merge --admin at \(change.path):\(line)")
            }
        }
        let what = change.kind == .deleted || !runsGateNow ? "removes gate from" : "changes"
        return findings(file, message: "\(what) a CI workflow that runs gate (\(Self.describe(change)))")
    }

    private static let adminFlag = Array("--admin".utf8)

    /// The lines a CI file's change adds that run `gh pr merge … --admin`: an administrator's merge skips the required
    /// checks, the gate's among them.
    private static func adminMergeLines(_ file: SourceFile) -> [Int] {
        guard file.change.kind != .deleted, file.bytes.firstRange(of: adminFlag) != nil else { return [] }
        return file.change.hunks.flatMap { hunk in
            hunk.lines.compactMap { line -> Int? in
                guard line.kind == .added, line.text.contains("--admin"), let number = line.newNumber else { return nil }
                let words = line.text.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard words.contains("--admin") else { return nil }
                let merges = words.indices.dropLast(2).contains { index in
                    words[index] == "gh" && words[index + 1] == "pr" && words[index + 2] == "merge"
                }
                return merges ? number : nil
            }
        }
    }

    /// Whether a CI file ran gate before the change. A deleted line that runs gate says so at once; else the file as it
    /// was is read whole, as some of gate's runs are spelled over several lines and a change deleting only one of them
    /// stops the run: the `- .gate-check` item of an `extends:` list, a CircleCI workflow's `- gate/check` job whose
    /// orb is declared elsewhere in the file.
    private static func ranGate(before file: SourceFile) -> Bool {
        var deletesLines = false
        for hunk in file.change.hunks {
            for line in hunk.lines where line.kind == .deleted {
                if runsGate(Array(line.text.utf8)) { return true }
                deletesLines = true
            }
        }
        return deletesLines && runsGate(file.baseBytes())
    }

    /// Findings for a changed file that a CI file running gate executes (a script, a Makefile, a local
    /// action outside `.github/actions/`): editing it can switch the gate off (`gate check || true`) just
    /// as editing the workflow can. Of a package manifest, only the edits to a script that runs gate count
    /// (`PackageScripts`): the rest of it is dependencies.
    public func findingsForGateScript(_ file: SourceFile, runBy ciFile: String) -> [Finding] {
        if PackageScripts.manifestName(of: file.path) != nil {
            let hunks = PackageScripts.hunksTouchingGateScripts(file)
            guard !hunks.isEmpty else { return [] }
            let what = file.change.kind == .deleted ? "deletes" : "changes"
            return findings(file, hunks: hunks, message: "\(what) a script that runs gate in \(Self.describe(file.change)), which \(ciFile) runs")
        }
        let what = file.change.kind == .deleted ? "deletes" : "changes"
        return findings(file, message: "\(what) \(Self.describe(file.change)), which \(ciFile) runs along with gate")
    }

    /// Findings for a changed CI file that runs gate only through a file it calls (`gateFile`: `scripts/ci/gate.sh`,
    /// a Makefile target, a package script), which `detect` cannot see from the CI file's own text: switching that
    /// step off (`if: false`, `continue-on-error`, `|| true`, deleting it) switches the gate off. Nothing when the CI
    /// file spells gate itself, before or after (`detect` reports it).
    public func findingsForGateCaller(_ file: SourceFile, gateFile: String) -> [Finding] {
        if case .text = file.change.content, Self.runsGate(file.bytes) || Self.ranGate(before: file) { return [] }
        let what = file.change.kind == .deleted ? "deletes" : "changes"
        return findings(file, message: "\(what) a CI workflow that runs gate through \(gateFile) (\(Self.describe(file.change)))")
    }

    /// A finding for a workflow job the change adds or renames whose check has the name of the check a job running gate
    /// reports (`gateWorkflow`'s): a branch rule that requires that check by name can be met by this job instead.
    public func findingForSpoofedCheck(_ file: SourceFile, job: WorkflowJob, gateWorkflow: String) -> Finding {
        let line = job.nameLine.flatMap { file.addedLines.contains($0) ? $0 : nil } ?? job.line
        return Finding(
            rule: description.id, category: .policyChange, path: file.path, line: line,
            message: "adds a job whose check is named \"\(job.checkName)\", as the one that runs gate in \(gateWorkflow) "
                + "is, without running gate: its result can stand in for the gate's required check",
            evidence: "job \(job.checkName) at \(file.path):\(line)")
    }

    /// Findings for a CI file that ran gate (`base`: its version before the change) and whose new version gate
    /// cannot read (a symbolic link, a submodule, binary or oversized content), so `detect` sees neither side: the
    /// workflow GitHub ran is gone (it does not follow a link), and whatever replaced it is unread.
    public func findingsForUnreadCIFile(_ file: SourceFile, base: [UInt8]) -> [Finding] {
        guard case .skipped(let reason) = file.change.content, Self.runsGate(base) else { return [] }
        return findings(file, message: "replaces a CI workflow that ran gate (\(Self.describe(file.change))) with content "
            + "gate cannot read (\(reason.rawValue)): it no longer runs gate as it did")
    }

    /// Findings for a changed file that `.gate/policy.yml` is a symbolic link to: editing it edits the policy.
    public func findingsForPolicyTarget(_ file: SourceFile) -> [Finding] {
        let what = file.change.kind == .deleted ? "deletes" : "changes"
        return findings(file, message: "\(what) \(Self.describe(file.change)), the file \(Self.policyPath) links to: the gate's policy")
    }

    /// Where the gate's policy is read from, at the trusted commit.
    public static let policyPath = ".gate/policy.yml"

    /// One finding per hunk (of `hunks`, or all of the change's), so the fingerprint covers every edited region, not
    /// just the first.
    private func findings(_ file: SourceFile, hunks: [Hunk]? = nil, message: String) -> [Finding] {
        let change = file.change
        if change.hunks.isEmpty {
            return [
                Finding(
                    rule: description.id, category: .policyChange, path: change.path, line: 1, message: message,
                    evidence: "\(change.kind.rawValue) \(Self.describe(change))"),
            ]
        }
        return (hunks ?? change.hunks).map { hunk in
            let added = hunk.addedLineNumbers
            let deleted = hunk.lines.count { $0.kind == .deleted }
            let line = added.first ?? Self.lineBeside(deletionIn: hunk)
            // Counts, not content: a policy or workflow line may carry a credential, and evidence is printed.
            return Finding(
                rule: description.id, category: .policyChange, path: change.path, line: line,
                endLine: added.last ?? line, message: message,
                evidence: "+\(added.count) −\(deleted) lines at \(change.path):\(line)")
        }
    }

    /// Where a hunk that only deletes is shown, rather than the first line of its context: the head line that now
    /// follows its first deleted line (as for other rules' deletions), or at the end of the file the line before it (the
    /// list a `- .gate-check` item was taken from).
    private static func lineBeside(deletionIn hunk: Hunk) -> Int {
        var before: Int?
        var sawDeletion = false
        for line in hunk.lines {
            if line.kind == .deleted {
                sawDeletion = true
            } else if let number = line.newNumber {
                if sawDeletion { return number }
                before = number
            }
        }
        return before ?? max(hunk.newStart, 1)
    }

    private static func describe(_ change: FileChange) -> String {
        if let old = change.oldPath, old != change.path { return "\(old) → \(change.path)" }
        return change.path
    }

    /// Whether a path is a CODEOWNERS file, whose rules for the gate's own files decide who signs off their changes.
    public static func isCodeOwners(_ path: String) -> Bool { CodeOwners.isCodeOwners(path) }

    /// Whether a path is inside the gate's own directory.
    public static func isGateDirectory(_ path: String) -> Bool { path.hasPrefix(".gate/") }

    /// Whether a path is a GitHub Actions workflow.
    public static func isWorkflow(_ path: String) -> Bool {
        path.hasPrefix(".github/workflows/") && (path.hasSuffix(".yml") || path.hasSuffix(".yaml"))
    }

    /// Whether a path belongs to a local or composite GitHub action (`uses: ./.github/actions/…`): the code a
    /// workflow runs is as much the gate's CI as the workflow itself, whatever the action's files are called.
    public static func isLocalAction(_ path: String) -> Bool { path.hasPrefix(".github/actions/") }

    /// Single CI configuration files of the CI systems gate knows (besides GitHub workflows).
    public static let ciFiles: Set<String> = [
        ".gitlab-ci.yml", "bitbucket-pipelines.yml", ".travis.yml", "azure-pipelines.yml", "Jenkinsfile",
    ]
    /// CI configuration directories: every file under them is CI configuration.
    public static let ciDirectories = [".circleci/", ".buildkite/", ".gitlab/ci/"]

    /// Whether a path is a CI configuration file (GitHub, GitLab, CircleCI, Bitbucket, Buildkite and others), which
    /// counts as the gate's own CI when it runs gate.
    public static func isCIFile(_ path: String) -> Bool {
        isWorkflow(path) || ciFiles.contains(path) || ciDirectories.contains { path.hasPrefix($0) }
    }

    private static let subcommands: [[UInt8]] = [
        "check", "deploy", "approve", "approvals", "plan", "status", "policy", "rules", "init", "release",
    ].map { Array($0.utf8) }

    /// Whether CI text runs gate: invokes its CLI (`gate check`, `./bin/gate check`), or runs it through an action
    /// or a wrapper (`usesGate`).
    public static func runsGate(_ bytes: [UInt8]) -> Bool {
        invokesCLI(bytes) || usesGate(bytes) || invokesThroughVariable(bytes) || passesGateRelease(bytes)
    }

    /// Subcommands that, after a variable holding gate's binary, say it runs gate (`"$GATE_BIN" check`); the others
    /// are everyday words after a variable (`$GATE_VERSION release notes`).
    private static let variableSubcommands: [[UInt8]] = ["check", "deploy"].map { Array($0.utf8) }

    /// Whether CI text runs gate through a variable named for it: `$GATE`, `"$GATE_BIN"`, `${GATE_BINARY}`,
    /// `$gate_cli` followed by `check` or `deploy` (the variable holds the binary's path).
    private static func invokesThroughVariable(_ bytes: [UInt8]) -> Bool {
        let count = bytes.count
        var index = 0
        while let dollar = bytes[index...].firstIndex(of: UInt8(ascii: "$")) {
            index = dollar + 1
            var cursor = index
            if cursor < count, bytes[cursor] == UInt8(ascii: "{") { cursor += 1 }
            let nameStart = cursor
            while cursor < count, isNameByte(bytes[cursor]), bytes[cursor] != UInt8(ascii: "-") { cursor += 1 }
            let name = bytes[nameStart..<cursor]
            guard name.count >= 4, name.prefix(4).map({ $0 | 0x20 }).elementsEqual("gate".utf8),
                  name.count == 4 || name[nameStart + 4] == UInt8(ascii: "_")
            else { continue }
            if cursor < count, bytes[cursor] == UInt8(ascii: "}") { cursor += 1 }
            if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") { cursor += 1 }
            guard cursor < count, bytes[cursor] == UInt8(ascii: " ") else { continue }
            while cursor < count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            for subcommand in variableSubcommands where cursor + subcommand.count <= count {
                let after = cursor + subcommand.count
                if bytes[cursor..<after].elementsEqual(subcommand), after == count || !isNameByte(bytes[after]) { return true }
            }
        }
        return false
    }

    /// Whether a workflow step hands an action gate's pinned release, `sha256: ${{ vars.GATE_SHA256 }}` as `gate init`'s
    /// workflows do: the action is gate's, wherever it was checked out to (`uses: ./.ci/checker`).
    private static func passesGateRelease(_ bytes: [UInt8]) -> Bool {
        let variable = Array("GATE_SHA256".utf8)
        var start = bytes.startIndex
        while let found = bytes[start...].firstRange(of: variable) {
            start = found.upperBound
            let lineStart = bytes[..<found.lowerBound].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
            let line = bytes[lineStart..<found.lowerBound].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            if line.starts(with: "sha256:".utf8) { return true }
        }
        return false
    }

    /// Whether workflow text invokes the gate CLI: the word `gate` (alone or as a path's last component)
    /// followed by one of its subcommands.
    private static func invokesCLI(_ bytes: [UInt8]) -> Bool {
        let word: [UInt8] = Array("gate".utf8)
        var index = 0
        let count = bytes.count
        while index + word.count < count {
            guard bytes[index] == word[0], bytes[index + 1] == word[1], bytes[index + 2] == word[2],
                  bytes[index + 3] == word[3]
            else {
                index += 1
                continue
            }
            let before = index == 0 ? UInt8(ascii: " ") : bytes[index - 1]
            let startsWord = before == UInt8(ascii: " ") || before == UInt8(ascii: "/") || before == UInt8(ascii: "\"")
                || before == UInt8(ascii: "'") || before == UInt8(ascii: "\t") || before == UInt8(ascii: "\n")
                || before == UInt8(ascii: ":")
            var cursor = index + word.count
            guard startsWord, cursor < count, bytes[cursor] == UInt8(ascii: " ") else {
                index += 1
                continue
            }
            while cursor < count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 }
            for subcommand in subcommands where cursor + subcommand.count <= count {
                if bytes[cursor..<(cursor + subcommand.count)].elementsEqual(subcommand) {
                    let after = cursor + subcommand.count
                    if after == count || !Self.isNameByte(bytes[after]) { return true }
                }
            }
            index += 1
        }
        return false
    }

    /// Commands that run a script, target or package named by their first argument (after `run`, `exec`…).
    private static let scriptRunners: Set<Substring> = [
        "npm", "npx", "yarn", "pnpm", "bun", "bunx", "composer", "make", "gmake", "just", "task", "turbo",
    ]
    /// Runners that run every target named (`make lint gate`, `task lint gate`), not only their first argument.
    private static let targetRunners: Set<Substring> = ["make", "gmake", "just", "task"]
    /// Runners whose names are everyday words (`echo "the task gate"`): they count only where a command starts.
    private static let wordRunners: Set<Substring> = ["just", "task"]
    /// What may come just before a command's first word on a CI line: a step's key, a shell operator, a prefix
    /// command.
    private static let commandLeads: Set<Substring> = [
        "run:", "script:", "command:", "cmd:", "&&", "||", "|", ";", "then", "do", "sudo", "exec", "env", "time",
    ]
    /// Words between a runner and the script it runs (`npm run gate`, `pnpm exec gate`, `yarn dlx gate`,
    /// `composer run-script gate`).
    private static let runnerVerbs: Set<Substring> = ["run", "run-script", "exec", "dlx", "x", "workspaces", "foreach"]
    /// Options of package managers and task runners whose value names a package or directory to run in, not a script
    /// (`pnpm --filter web gate`, `npm -w web run gate`, `yarn --cwd web gate`, `make -C web gate`).
    private static let packageSelectors: Set<Substring> = [
        "--filter", "-F", "--workspace", "-w", "--prefix", "--cwd", "--dir", "-C", "--include",
    ]
    /// GitLab `include:` keys naming a file of jobs (`file: /templates/gate.gitlab-ci.yml`, `local: ci/gate.yml`).
    private static let includeKeys: Set<Substring> = ["file:", "local:", "template:", "remote:"]

    /// Whether CI text runs gate other than by its CLI's name and a subcommand: a step `uses:` an action named
    /// `gate` or `gate-action` (`acme/gate@v2`, `acme/gate-action/check@v1`, `./.github/actions/gate`, `./.gate-action`,
    /// `docker://ghcr.io/acme/gate:1`); a job `uses:` a reusable workflow whose name says gate
    /// (`acme/.github/.github/workflows/gate.yml@v2`); a GitLab job `extends:` (or `!reference`s) a template job whose
    /// name says gate (`.gate-check`), or the CI `include:`s a file of jobs whose name does (`gate.gitlab-ci.yml`); a
    /// script or target named `gate` (or `gate:…`) run by a package manager or a task runner (`npm run gate`,
    /// `npx gate`, `yarn gate`, `pnpm gate`, `composer gate`, `make gate`, `just gate`, `task gate`, `turbo run gate`),
    /// in a workspace package too (`yarn workspace web gate`, `pnpm --filter web gate`); a CircleCI orb named gate whose
    /// job or command the config calls (`gate: acme/gate@1` and `- gate/check`); or gate's image
    /// run with a subcommand (`docker run --rm ghcr.io/acme/gate:1.4 check`). Whole words only: `gatekeeper`,
    /// `aggregate`, `navigate`, `quality-gate` and a job or step merely named "gate" are none of these.
    private static func usesGate(_ bytes: [UInt8]) -> Bool {
        // Nearly every CI file never spells the word.
        guard bytes.firstRange(of: Array("gate".utf8)) != nil else { return false }
        let separators: Set<Character> = [" ", "\t", "\"", "'", "`", "(", ")", "[", "]", "{", "}", ","]
        // Inside an `extends:` written as a block list, whose items (`- .gate-check`) are template jobs.
        var inExtendsList = false
        // CircleCI orbs named gate, by the alias the config gives them (`gate: acme/gate@1`), and the aliases of the
        // orb jobs and commands it runs (`- gate/check`): an orb runs only where a workflow or a job calls it.
        var gateOrbAliases: Set<Substring> = []
        var calledOrbAliases: Set<Substring> = []
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) {
            var words = line.split(whereSeparator: { separators.contains($0) })[...]
            let isListItem = words.first == "-"
            while let first = words.first, first == "-" { words = words.dropFirst() }
            // A comment runs nothing (the line it replaced is read as deleted).
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            if isListItem, inExtendsList, words.count == 1, namesGate(templateName: first) { return true }
            inExtendsList = isListItem ? inExtendsList : first == "extends:" && words.count == 1
            if let alias = orbAlias(declaredBy: words), isGateOrb(words[words.startIndex + 1]) { gateOrbAliases.insert(alias) }
            if isListItem || first.hasSuffix(":"), let slash = first.firstIndex(of: "/"), slash > first.startIndex {
                calledOrbAliases.insert(first[..<slash])
            }
            if first == "uses:", let action = words.dropFirst().first, isGateAction(action) { return true }
            if first == "extends:", words.dropFirst().contains(where: { namesGate(templateName: $0) }) { return true }
            if includeKeys.contains(first), let file = words.dropFirst().first, namesGate(jobsFile: file) { return true }
            // A template's script pulled into a job's (`!reference [.gate-check, script]`).
            if let reference = words.firstIndex(of: "!reference"), reference + 1 < words.endIndex,
               namesGate(templateName: words[reference + 1])
            {
                return true
            }
            for index in words.indices {
                let word = words[index]
                if scriptRunners.contains(word) {
                    if wordRunners.contains(word), !startsCommand(words, at: index) { continue }
                    if runsGateScript(words[(index + 1)...], make: targetRunners.contains(word)) {
                        return true
                    }
                } else if isGateImage(word), index + 1 < words.endIndex,
                          subcommands.contains(where: { words[index + 1].utf8.elementsEqual($0) })
                {
                    return true
                }
            }
        }
        return !gateOrbAliases.isDisjoint(with: calledOrbAliases)
    }

    /// The alias a CircleCI `orbs:` entry declares (`gate` of `gate: acme/gate@1.2`), or nil when the line is no such
    /// entry.
    private static func orbAlias(declaredBy words: ArraySlice<Substring>) -> Substring? {
        guard words.count == 2, let key = words.first, key.count > 1, key.hasSuffix(":") else { return nil }
        return key.dropLast()
    }

    /// Whether an orb reference (`namespace/orb@version`) names gate's orb: `acme/gate@1.2`, `acme/gate@volatile`.
    private static func isGateOrb(_ reference: Substring) -> Bool {
        let parts = reference.split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return false }
        let path = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        return path.count == 2 && !path[0].isEmpty && path[1] == "gate"
    }

    /// Whether the word at `index` starts a command: the line's first word, or one after a step's key, a shell
    /// operator, a prefix command or an environment assignment (`CI=1 task gate`).
    private static func startsCommand(_ words: ArraySlice<Substring>, at index: Int) -> Bool {
        guard index > words.startIndex else { return true }
        let previous = words[index - 1]
        return commandLeads.contains(previous) || previous.hasSuffix(";") || (previous.contains("=") && !previous.hasPrefix("-"))
    }

    /// An action reference (`owner/repo[/path]@ref`, `./local/path`, `docker://image`) naming gate's action, or a
    /// reusable workflow's (`owner/repo/.github/workflows/gate.yml@ref`, `./.github/workflows/gate-check.yml`) whose
    /// name says gate.
    private static func isGateAction(_ reference: Substring) -> Bool {
        if reference.hasPrefix("docker://") { return isGateImage(reference.dropFirst("docker://".count)) }
        let path = reference.split(separator: "@", maxSplits: 1).first ?? reference
        if path.contains(".github/workflows/") { return namesGate(jobsFile: path) }
        let components = path.split(separator: "/")
        let isLocal = path.hasPrefix("./")
        // A remote action's repository is its second component; a local action's directory any of its own.
        let names = isLocal ? Array(components.dropFirst()) : Array(components.dropFirst().prefix(1))
        // `gate init`'s workflows check gate's action out to `./.gate-action`.
        return names.contains { name in
            let bare = name.hasPrefix(".") ? name.dropFirst() : name
            return bare == "gate" || bare == "gate-action"
        }
    }

    /// Whether a file of CI jobs (a reusable workflow, a GitLab include) is named for gate: its name's first word,
    /// without its directory and its YAML extensions, is `gate` (`gate.yml`, `gate-check.yaml`,
    /// `gate.gitlab-ci.yml`), which `quality-gate.yml` and `gatekeeper.yml` are not.
    static func namesGate(jobsFile path: Substring) -> Bool {
        let name = path.split(separator: "/").last ?? path
        guard name.hasSuffix(".yml") || name.hasSuffix(".yaml") else { return false }
        return firstWordIsGate(name)
    }

    /// Whether a GitLab template job (a hidden job, `.gate-check`) or a job `extends:` names is named for gate: its
    /// first word is `gate` (`.gate`, `.gate-check`, `.gate_mr`).
    static func namesGate(templateName name: Substring) -> Bool {
        firstWordIsGate(name.hasPrefix(".") ? name.dropFirst() : name)
    }

    private static func firstWordIsGate(_ name: Substring) -> Bool {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }).first == "gate"
    }

    /// A container image named `gate` with a registry path, a tag or a digest (`ghcr.io/acme/gate:1.4`,
    /// `acme/gate@sha256:…`): the bare word is the CLI itself, read by `invokesCLI`.
    private static func isGateImage(_ word: Substring) -> Bool {
        // `gate:` is a YAML key (a job named gate), not an image.
        guard word.contains("/") || word.contains(":") || word.contains("@"), !word.hasSuffix(":") else { return false }
        let last = word.split(separator: "/").last ?? word
        let name = last.split(whereSeparator: { $0 == ":" || $0 == "@" }).first ?? last
        return name == "gate"
    }

    /// Whether the arguments after a runner name a script or target `gate` (`gate:ci` too, npm's namespacing),
    /// before the command ends. `make` (and `just`, `task`) run every target named; a package manager only its first word.
    private static func runsGateScript(_ arguments: ArraySlice<Substring>, make: Bool) -> Bool {
        var skipsValue = false
        for argument in arguments {
            // `--` hands the rest to the script (`task build -- gate`, `npm test -- gate`): arguments, not targets.
            if argument.hasPrefix("&") || argument.hasPrefix("|") || argument.hasPrefix(";") || argument == "--" { return false }
            let name = argument.hasSuffix(";") ? argument.dropLast() : argument
            // The package an option or `yarn workspace` picks (`pnpm --filter web gate`) is no script.
            if skipsValue {
                skipsValue = false
                continue
            }
            if packageSelectors.contains(name) || (!make && name == "workspace") {
                skipsValue = true
                continue
            }
            if name.hasPrefix("-") || (!make && runnerVerbs.contains(name)) { continue }
            if name == "gate" || name.hasPrefix("gate:") { return true }
            if !make { return false }
            if argument.hasSuffix(";") { return false }
        }
        return false
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }
}
