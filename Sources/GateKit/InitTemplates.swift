/// The text of the files under `.github-templates/`, which `gate init` writes (a test keeps them equal).
public enum InitTemplates {
    /// `.github-templates/workflows/gate.yml`.
    public static let pullRequestWorkflow = #"""
# gate: judge every pull request against the policy in its base branch (.gate/policy.yml).
#
# Set the repository variables GATE_REPOSITORY (owner/name of the gate source you trust) and
# GATE_REF (a tag or commit of it). The check fails the job unless the gate is open; findings
# appear in code scanning (SARIF), as annotations, and in the job summary.
name: gate

on:
  pull_request:

permissions: {}

concurrency:
  group: gate-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  check:
    name: gate check
    runs-on: ubuntu-latest
    container: swift:6.0-noble
    permissions:
      contents: read
      security-events: write
      actions: read
    steps:
      - name: Check out the change with full history
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          fetch-depth: 0
          persist-credentials: false

      - name: Fetch recorded approvals (refs/gate/approvals)
        env:
          GITHUB_TOKEN: ${{ github.token }}
        run: |
          git config --global --add safe.directory "$GITHUB_WORKSPACE"
          auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
          status=0
          git -c "http.extraheader=$auth" ls-remote --exit-code origin refs/gate/approvals > /dev/null || status=$?
          case "$status" in
            0) git -c "http.extraheader=$auth" fetch --no-tags origin "+refs/gate/approvals:refs/gate/approvals" ;;
            2) echo "no approvals recorded yet" ;;
            *) exit "$status" ;;
          esac

      - name: Check out gate
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          ref: ${{ vars.GATE_REF }}
          path: .gate-tool
          persist-credentials: false

      - name: Set up
        run: .gate-tool/scripts/setup

      - name: Build gate
        run: swift build -c release --package-path .gate-tool

      - name: gate check
        # Writes the job summary itself ($GITHUB_STEP_SUMMARY) and annotates the findings.
        run: .gate-tool/.build/release/gate check --sarif gate.sarif --report gate-report.json

      - name: Upload SARIF to code scanning
        if: always() && hashFiles('gate.sarif') != ''
        uses: github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f # v3.28.18
        with:
          sarif_file: gate.sarif
          category: gate

"""#

    /// `.github-templates/workflows/gate-deploy.yml`.
    public static let deployWorkflow = #"""
# gate deploy: release main to production through a protected environment.
#
# The production environment (Settings → Environments) holds DATABASE_URL and its required
# reviewers. gate deploy re-checks the change, applies and verifies the migrations, runs the
# policy's rollout command, then the contract migrations; a failed step stops the release.
# Before the first run, adopt the production database once with `gate baseline --env production`
# (or name the empty tree as --base for a new, empty database): a first deploy has no base otherwise.
name: gate deploy

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions: {}

concurrency:
  group: gate-deploy-production
  cancel-in-progress: false

jobs:
  deploy:
    name: gate deploy (production)
    runs-on: ubuntu-latest
    container: swift:6.0-noble
    environment: production
    permissions:
      contents: read
    steps:
      - name: Check out the release with full history
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          fetch-depth: 0
          persist-credentials: false

      - name: Fetch recorded approvals (refs/gate/approvals)
        env:
          GITHUB_TOKEN: ${{ github.token }}
        run: |
          git config --global --add safe.directory "$GITHUB_WORKSPACE"
          auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
          status=0
          git -c "http.extraheader=$auth" ls-remote --exit-code origin refs/gate/approvals > /dev/null || status=$?
          case "$status" in
            0) git -c "http.extraheader=$auth" fetch --no-tags origin "+refs/gate/approvals:refs/gate/approvals" ;;
            2) echo "no approvals recorded yet" ;;
            *) exit "$status" ;;
          esac

      - name: Check out gate
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          ref: ${{ vars.GATE_REF }}
          path: .gate-tool
          persist-credentials: false

      - name: Set up
        run: .gate-tool/scripts/setup

      - name: Build gate
        run: swift build -c release --package-path .gate-tool

      - name: gate deploy
        env:
          DATABASE_URL: ${{ secrets.DATABASE_URL }}
        run: .gate-tool/.build/release/gate deploy --env production

"""#

    /// `.github-templates/workflows/gate-trusted.yml`: the variant a pull request cannot edit
    /// (`pull_request_target`, the head fetched as data and never run).
    public static let trustedPullRequestWorkflow = #"""
# gate (trusted variant): judge every pull request with a workflow the pull request cannot edit.
#
# With `pull_request`, the workflow file, every script it runs and its `env:` come from the pull
# request itself: a change can edit them (`gate check || true`) and pass. With `pull_request_target`
# this file, and everything it runs, come from the base branch; the pull request's commits are
# fetched as data only, never checked out into the workspace and never executed. Use this variant
# (and mark its job as a required status check) when authors should not be able to switch the gate
# off; or require gate.yml through a repository ruleset ("Require workflows to pass"), which runs it
# from the ruleset's source repository.
#
# Set the repository variables GATE_REPOSITORY (owner/name of the gate source you trust) and
# GATE_REF (a tag or commit of it).
name: gate (trusted)

on:
  pull_request_target:

permissions: {}

concurrency:
  group: gate-trusted-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  check:
    name: gate check (trusted)
    runs-on: ubuntu-latest
    container: swift:6.0-noble
    permissions:
      contents: read
      security-events: write
    steps:
      - name: Check out the base branch (trusted) with full history
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          ref: ${{ github.event.pull_request.base.sha }}
          fetch-depth: 0
          persist-credentials: false

      - name: Fetch the pull request's commits as data (never checked out, never run)
        env:
          GITHUB_TOKEN: ${{ github.token }}
          PR_NUMBER: ${{ github.event.pull_request.number }}
        run: |
          git config --global --add safe.directory "$GITHUB_WORKSPACE"
          auth="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
          git -c "http.extraheader=$auth" fetch --no-tags origin "+refs/pull/${PR_NUMBER}/head:refs/gate/pr-head"
          status=0
          git -c "http.extraheader=$auth" ls-remote --exit-code origin refs/gate/approvals > /dev/null || status=$?
          case "$status" in
            0) git -c "http.extraheader=$auth" fetch --no-tags origin "+refs/gate/approvals:refs/gate/approvals" ;;
            2) echo "no approvals recorded yet" ;;
            *) exit "$status" ;;
          esac

      - name: Check out gate
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          ref: ${{ vars.GATE_REF }}
          path: .gate-tool
          persist-credentials: false

      - name: Set up
        run: .gate-tool/scripts/setup

      - name: Build gate
        run: swift build -c release --package-path .gate-tool

      - name: gate check
        # The base comes from the event (pull_request.base.sha); the head is the fetched ref, read through
        # git objects only. Writes the job summary itself and annotates the findings.
        run: .gate-tool/.build/release/gate check --head refs/gate/pr-head --sarif gate.sarif --report gate-report.json

      - name: Upload SARIF to code scanning
        if: always() && hashFiles('gate.sarif') != ''
        uses: github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f # v3.28.18
        with:
          sarif_file: gate.sarif
          category: gate
          ref: refs/pull/${{ github.event.pull_request.number }}/head
          sha: ${{ github.event.pull_request.head.sha }}

"""#

    /// `.github-templates/pull_request_template.md`.
    public static let pullRequestTemplate = #"""
## What this changes

<!-- One or two sentences: what, and why now. -->

## Risk

`gate check` runs on this pull request and posts its verdict in the job summary. If it asks for
sign-off, say here why the risky part is needed:

- [ ] Paid calls (LLM, search, SMS, payments): expected volume and cost per day
- [ ] Background jobs or retries around paid calls: what bounds the attempts
- [ ] Schema changes: which migrations run before the code (`pre`) and which after (`post`)
- [ ] Changes to `.gate/` or CI: why the policy should change

## Sign-off

Reviewers approve the exact change with the command in the gate summary
(`gate approve --base … --head …`, then `gate approve --push`). Any later edit to a flagged
hunk needs a new approval.

"""#
}
