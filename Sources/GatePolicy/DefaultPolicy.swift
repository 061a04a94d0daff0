/// The text of `policies/default.yml`, the built-in policy (a test keeps the two byte-for-byte equal).
public enum DefaultPolicy {
    public static let text = #"""
# gate policy: the built-in default (SPEC §3).
#
# This is what judges a change when the base commit has no .gate/policy.yml, and what `gate init`
# writes there. Every category is on at SPEC §2's defaults. Nobody can sign off until reviewers are
# listed, each with the SSH keys that verify their approvals and the groups they approve for:
#
# reviewers:
#   - id: alice@example.com
#     keys: ["ssh-ed25519 AAAAC3Nz... alice@laptop"]
#     groups: [cost, database, owners]
version: 1

reviewers: []

paths:
  # Vendored, generated and minified files are not the team's change to judge; they are still
  # searched for secrets, and every ignored file is listed in the report's stats. Vendored code is
  # anchored at the root, where vendoring lives (src/vendor/ is the team's own code).
  ignore:
    - "vendor/**"
    - "third_party/**"
    - "**/node_modules/**"
    - "**/dist/**"
    - "**/*.min.js"
    - "**/*.min.css"
    - "**/*.map"
    - "**/*.generated.*"
    - "**/*.pb.go"
    - "**/*_pb2.py"
    - "**/package-lock.json"
    - "**/yarn.lock"
    - "**/pnpm-lock.yaml"
    - "**/Cargo.lock"
    - "**/go.sum"
    - "**/Gemfile.lock"
    - "**/poetry.lock"
  # Where background jobs and migrations live, beyond the conventions gate already knows.
  jobs: []
  migrations: []
  # Test code (and Storybook stories and the repository's examples): findings there are tier low (visible,
  # never blocking, no sign-off), except secrets and changes to the gate itself. Give your own list to change
  # what counts; `tests: []` judges test files like any other code.
  tests:
    - "*.test.*"
    - "*.spec.*"
    - "*.cy.*"
    - "*_test.{go,py,rb}"
    - "test_*.py"
    - "conftest.py"
    - "tests.py"
    - "*_spec.rb"
    - "*{Test,Tests}.{java,kt,cs,swift,php}"
    - "{tests,test,__tests__,spec,testdata,__mocks__,e2e,cypress,playwright,Tests}/**"
    - "**/{tests,__tests__,testdata,__mocks__,e2e,cypress,playwright,Tests}/**"
    - "**/src/test/**"
    - "*.stories.*"
    - "**/.storybook/**"
    - "{examples,example}/**"

# Paid providers beyond the built-in catalogue (kind: model | search | messaging | payments | data).
providers: []

# Per category (or per detector id, which overrides its category): tier (low | high | critical),
# action (pass | require-approval | block), require: { approvals: N, from: [group] }, enabled.
# Without `require`, a require-approval rule needs 1 approval from its category's group:
# cost, database (schema-change) or owners (policy-change, unscanned). Turning every category off
# (enabled: false) is an error unless the policy also says `evaluates-nothing: true`.
rules:
  paid-external-call: { tier: high, action: require-approval }
  batch-model-call: { tier: high, action: require-approval }
  paid-retry: { tier: high, action: require-approval }
  schema-change: { tier: high, action: require-approval }
  # Tiers follow the hazard: a migration whose statements are all expand-only with no lock or rewrite hazard
  # passes on the fast track (still listed, ordered and verified at deploy); any hazard needs database sign-off;
  # a drop or rename that code at head still uses blocks; style advice is listed and never needs sign-off.
  expand-only-migration: { tier: low, action: pass }
  contract-still-used: { tier: critical, action: block }
  secret: { tier: critical, action: block }
  unprotected-endpoint: { tier: critical, action: block }
  policy-change: { tier: high, action: require-approval }
  unscanned: { tier: high, action: require-approval }

approvals: { allow-self: false, max-age: 14d, store: git }

# Exceptions: each names a rule, the paths, why, and when it expires (YYYY-MM-DD).
waivers: []

environments: {}

deploy:
  migrations: db/migrations
  lock-timeout: 5s
  statement-timeout: 15m
  retries: { transient: 3, release-attempts: 3 }
  rollout: { timeout: 30m }

# The Postgres major version migrations run on; hazards that exist only before a version follow it.
schema:
  postgres-version: 15

"""#
}
