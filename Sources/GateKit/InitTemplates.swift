/// The text of the files under `.github-templates/`, which `gate init` writes (a test keeps them equal).
public enum InitTemplates {
    /// `.github-templates/workflows/gate.yml`.
    public static let pullRequestWorkflow = #"""
# gate: judge every pull request against the policy in its base branch (.gate/policy.yml).
#
# gate runs through its composite action (action.yml in gate's repository), which downloads a
# pinned release and refuses it unless its checksum matches: no Swift toolchain, no apt packages,
# no database server in this job. The version is set in one place, the repository variables
# (Settings → Secrets and variables → Actions → Variables):
#   GATE_REPOSITORY  owner/name of the gate repository you trust
#   GATE_VERSION     the gate release to run, a tag of that repository (the action and the binary
#                    both come from it)
#   GATE_SHA256      the SHA-256 of that release's gate-GATE_VERSION-linux-x86_64.tar.gz (its .sha256
#                    asset); the job fails rather than run anything else
# Upgrading gate is changing GATE_VERSION and GATE_SHA256 together. The check fails the job unless
# the gate is open; findings appear as annotations, in the job summary and, where the repository
# has code scanning, in code scanning (SARIF).
#
# The report can also be kept in one comment on the pull request, updated in place on every run:
# add `pull-requests: write` to the job's permissions and `comment: "true"` to the gate check step.
# It is off here because under `pull_request` a pull request from a fork gets a read-only token,
# whatever the permissions say: its comment would only ever be a warning (never a failure). The
# trusted variant's token can write, and it has the comment on (gate-trusted.yml, which
# `gate init --trusted` writes in place of this file: keep one of the two, not both).
name: gate

on:
  pull_request:
  # An approval re-runs the check: after `gate approve --push`, submit a review on the pull
  # request (GitHub's "Review changes" button) and the gate is judged again with the new approval.
  pull_request_review:
    types: [submitted]

permissions: {}

concurrency:
  group: gate-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  check:
    name: gate check
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
      actions: read
      pull-requests: read # reviews, for a policy whose approvals.sources has github-review
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
          # The token's header goes to git through its environment (GIT_CONFIG_*), never a command line that
          # `ps` or a process listing shows; printf is bash's builtin and base64 reads it from a pipe.
          export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraheader
          GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
          export GIT_CONFIG_VALUE_0
\#(fetchApprovalsScript)

\#(actionCheckoutStep)

      - name: gate check
        # Installs the pinned release, then runs gate check: it writes the job summary itself
        # ($GITHUB_STEP_SUMMARY), annotates the findings and fails the step unless the gate is open.
        uses: ./.gate-action # zizmor: ignore[self-repository] -- a checkout of gate at GATE_VERSION, not this repository
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          version: ${{ vars.GATE_VERSION }}
          sha256: ${{ vars.GATE_SHA256 }}
          report: gate-report.json
          sarif: gate.sarif

      - name: Upload SARIF to code scanning
        # Code scanning exists on public repositories, and on private ones only with GitHub Advanced
        # Security: there, set the repository variable GATE_CODE_SCANNING to true. An upload that
        # fails anyway (code scanning turned off, a fork's read-only token) never fails the job:
        # the verdict is the step above.
\#(sarifUploadBody)

"""#

    /// `.github-templates/workflows/gate-deploy.yml`.
    public static let deployWorkflow = #"""
# gate deploy: release main to production through a protected environment.
#
# The production environment (Settings → Environments) holds DATABASE_URL and its required
# reviewers. gate deploy re-checks the change, applies and verifies the migrations, runs the
# policy's rollout command, then the contract migrations; a failed step stops the release.
# Set that command first (deploy.rollout.command in .gate/policy.yml, e.g. ["./scripts/rollout.sh"],
# or append `-- ./scripts/rollout.sh` to the gate deploy line below): without one, gate plan and
# gate deploy stop with exit 2 before taking the lock or changing anything.
# Before the first run, adopt the production database once with `gate baseline --env production`
# (or name the empty tree as --base for a new, empty database): a first deploy has no base otherwise.
#
# gate comes from its composite action at the version in the repository variables GATE_REPOSITORY,
# GATE_VERSION and GATE_SHA256 (see gate.yml), installed only: no Swift toolchain, no apt packages, no
# database server. The release carries its own libpq; install here whatever your rollout command needs.
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
          # The token's header goes to git through its environment (GIT_CONFIG_*), never a command line that
          # `ps` or a process listing shows; printf is bash's builtin and base64 reads it from a pipe.
          export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraheader
          GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
          export GIT_CONFIG_VALUE_0
\#(fetchApprovalsScript)

\#(actionCheckoutStep)

      - name: Install gate
        id: gate
        uses: ./.gate-action # zizmor: ignore[self-repository] -- a checkout of gate at GATE_VERSION, not this repository
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          version: ${{ vars.GATE_VERSION }}
          sha256: ${{ vars.GATE_SHA256 }}
          check: "false"

      - name: gate deploy
        env:
          DATABASE_URL: ${{ secrets.DATABASE_URL }}
          GATE_DIRECTORY: ${{ steps.gate.outputs.directory }}
        run: '"$GATE_DIRECTORY"/gate deploy --env production'

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
# from the ruleset's source repository. `gate init --trusted` writes this file in place of gate.yml;
# keep one of the two, or every pull request is checked twice.
#
# gate comes from its composite action at the version in the repository variables
# (Settings → Secrets and variables → Actions → Variables): GATE_REPOSITORY (owner/name of the gate
# repository you trust), GATE_VERSION (a release tag of it) and GATE_SHA256 (the SHA-256 of that
# release's gate-GATE_VERSION-linux-x86_64.tar.gz). No Swift toolchain, no database server in this job.
#
# The report is also kept in one comment on the pull request, updated in place on every run (the
# action's `comment` input; `pull-requests: write` lets the job's token write it). That is safe
# here: nothing from the pull request runs in this job. Delete both lines to go without it.
#
# No pull_request_review trigger here, unlike gate.yml: a review event runs the workflow file as the
# pull request has it, which is exactly what this variant refuses to trust. After `gate approve
# --push`, re-run this job from the pull request's Checks tab.
name: gate (trusted)

on:
  # zizmor: ignore[dangerous-triggers] -- the pull request is fetched as data, never checked out or run (above)
  pull_request_target:

permissions: {}

concurrency:
  group: gate-trusted-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  check:
    name: gate check (trusted)
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write
      pull-requests: write # the sticky comment (comment: "true" below)
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
          # The token's header goes to git through its environment (GIT_CONFIG_*), never a command line that
          # `ps` or a process listing shows; printf is bash's builtin and base64 reads it from a pipe.
          export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=http.extraheader
          GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)"
          export GIT_CONFIG_VALUE_0
          git fetch --no-tags origin "+refs/pull/${PR_NUMBER}/head:refs/gate/pr-head"
\#(fetchApprovalsScript)

\#(actionCheckoutStep)

      - name: gate check
        # The base comes from the event (pull_request.base.sha); the head is the fetched ref, read through
        # git objects only. Writes the job summary itself and annotates the findings.
        uses: ./.gate-action # zizmor: ignore[self-repository] -- a checkout of gate at GATE_VERSION, not this repository
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          version: ${{ vars.GATE_VERSION }}
          sha256: ${{ vars.GATE_SHA256 }}
          report: gate-report.json
          sarif: gate.sarif
          args: --head=refs/gate/pr-head
          comment: "true"

      - name: Upload SARIF to code scanning
        # Only where code scanning exists (public repositories; private ones with GitHub Advanced Security
        # set GATE_CODE_SCANNING to true), and a failed upload never fails the job.
\#(sarifUploadBody)
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
(`gate approve --base … --head … --push`, or `gate approvals push` after a `gate approve`), then
submit a review on this pull request: that re-runs the check. Any later edit to a flagged hunk
needs a new approval. The pull request that adds the first `.gate/policy.yml` is signed off by
the owners that file lists (trust on first use).

"""#

    /// The step of every workflow that checks out the gate action at the pinned version (`GATE_VERSION`).
    private static let actionCheckoutStep = #"""
      - name: Check out the gate action at GATE_VERSION
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          repository: ${{ vars.GATE_REPOSITORY }}
          ref: ${{ vars.GATE_VERSION }}
          path: .gate-action
          persist-credentials: false
"""#

    /// The lines of a `run:` script that fetch the recorded approvals (refs/gate/approvals) when there are any,
    /// with the token's header already in git's environment (`GIT_CONFIG_VALUE_0`).
    private static let fetchApprovalsScript = #"""
          status=0
          git ls-remote --exit-code origin refs/gate/approvals > /dev/null || status=$?
          case "$status" in
            0) git fetch --no-tags origin "+refs/gate/approvals:refs/gate/approvals" ;;
            2) echo "no approvals recorded yet" ;;
            *) exit "$status" ;;
          esac
"""#

    /// The body of the SARIF upload step: only where code scanning exists, and never failing the job.
    private static let sarifUploadBody = #"""
        if: >-
          always() && hashFiles('gate.sarif') != '' &&
          (!github.event.repository.private || vars.GATE_CODE_SCANNING == 'true')
        continue-on-error: true
        uses: github/codeql-action/upload-sarif@ff0a06e83cb2de871e5a09832bc6a81e7276941f # v3.28.18
        with:
          sarif_file: gate.sarif
          category: gate
"""#
}
