import Foundation
import GatePolicy
import GateTestSupport
import XCTest

@testable import GateKit

final class InitTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Writes `files` (path → text) under `directory` and returns the migration folders gate init finds there.
    private func inspectedMigrationFolders(_ files: [String: String], in directory: TemporaryDirectory) throws
        -> [ProjectInspection.MigrationFolder]
    {
        for (path, text) in files {
            try FileManager.default.createDirectory(
                at: directory.url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: directory.url(path))
        }
        return ProjectInspector(root: directory.path).inspect().migrationFolders
    }

    private func template(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: Self.packageRoot.appendingPathComponent(".github-templates/\(relative)")),
               as: UTF8.self)
    }

    func testEmbeddedTemplatesEqualTheFiles() throws {
        XCTAssertEqual(InitTemplates.pullRequestWorkflow, try template("workflows/gate.yml"))
        XCTAssertEqual(InitTemplates.deployWorkflow, try template("workflows/gate-deploy.yml"))
        XCTAssertEqual(InitTemplates.trustedPullRequestWorkflow, try template("workflows/gate-trusted.yml"))
        XCTAssertEqual(InitTemplates.pullRequestTemplate, try template("pull_request_template.md"))
    }

    func testPullRequestWorkflowHasWhatCINeeds() {
        let workflow = InitTemplates.pullRequestWorkflow
        XCTAssertTrue(workflow.contains("fetch-depth: 0"))
        XCTAssertTrue(workflow.contains("refs/gate/approvals"))
        XCTAssertTrue(workflow.contains("sarif: gate.sarif"))
        XCTAssertTrue(workflow.contains("github/codeql-action/upload-sarif@"))
        XCTAssertTrue(InitTemplates.deployWorkflow.contains("environment: production"))
        XCTAssertTrue(InitTemplates.deployWorkflow.contains("gate deploy --env production"))
    }

    /// A workflow template parsed as GitHub reads it (YAML 1.2, so `on` stays a key), through the YAML parser
    /// check-jsonschema itself uses.
    private func parsed(_ relative: String) throws -> [String: Any] {
        let path = Self.packageRoot.appendingPathComponent(relative).path
        let script = "import json, sys\nfrom ruamel.yaml import YAML\nprint(json.dumps(YAML(typ='safe').load(open(sys.argv[1]))))"
        let result = try runProcess("python3", ["-c", script, path])
        XCTAssertEqual(result.status, 0, "ruamel.yaml (installed with check-jsonschema): \(result.stderr)")
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    private func steps(_ workflow: [String: Any], job: String) throws -> [[String: Any]] {
        let jobs = try XCTUnwrap(workflow["jobs"] as? [String: Any])
        let found = try XCTUnwrap(jobs[job] as? [String: Any], "no job \(job)")
        XCTAssertNil(found["container"], "\(job) runs in a toolchain container")
        return try XCTUnwrap(found["steps"] as? [[String: Any]])
    }

    /// Issue #16: every template installs gate through the repository's composite action at the version set once
    /// in repository variables; nothing builds gate, installs a toolchain, apt packages or a database server.
    func testTemplatesUseTheActionAtOneVersionAndInstallNoToolchain() throws {
        let action = try parsed("action.yml")
        let inputs = Set(try XCTUnwrap(action["inputs"] as? [String: Any]).keys)
        let templates = [
            ("workflows/gate.yml", "check"), ("workflows/gate-trusted.yml", "check"), ("workflows/gate-deploy.yml", "deploy"),
        ]
        for (file, job) in templates {
            let steps = try steps(try parsed(".github-templates/\(file)"), job: job)
            for step in steps {
                let run = step["run"] as? String ?? ""
                for forbidden in ["swift ", "apt-get", "scripts/setup", "postgresql", "initdb", "pip install"] {
                    XCTAssertFalse(run.contains(forbidden), "\(file): a step runs \(forbidden): \(run)")
                }
                XCTAssertFalse((step["uses"] as? String ?? "").contains("setup-swift"), file)
            }
            let checkout = try XCTUnwrap(steps.first { ($0["with"] as? [String: Any])?["path"] as? String == ".gate-action" }, file)
            let checkoutWith = try XCTUnwrap(checkout["with"] as? [String: Any])
            XCTAssertEqual(checkoutWith["repository"] as? String, "${{ vars.GATE_REPOSITORY }}", file)
            XCTAssertEqual(checkoutWith["ref"] as? String, "${{ vars.GATE_VERSION }}", file)
            let gate = try XCTUnwrap(steps.first { $0["uses"] as? String == "./.gate-action" }, "\(file) does not use the action")
            let with = try XCTUnwrap(gate["with"] as? [String: Any])
            // The action and the release it downloads are the same version, from the one variable.
            XCTAssertEqual(with["version"] as? String, "${{ vars.GATE_VERSION }}", file)
            XCTAssertEqual(with["sha256"] as? String, "${{ vars.GATE_SHA256 }}", file)
            XCTAssertEqual(with["repository"] as? String, "${{ vars.GATE_REPOSITORY }}", file)
            XCTAssertTrue(Set(with.keys).isSubset(of: inputs), "\(file): \(with.keys) not all inputs of action.yml")
            let text = try template(file)
            XCTAssertFalse(text.contains("GATE_REF"), "\(file): a second place naming the version")
            XCTAssertEqual(text.components(separatedBy: "vars.GATE_VERSION").count - 1, 2, "\(file): GATE_VERSION used once for the checkout, once for the download")
        }
        let deploy = try steps(try parsed(".github-templates/workflows/gate-deploy.yml"), job: "deploy")
        XCTAssertEqual((deploy.first { $0["uses"] as? String == "./.gate-action" }?["with"] as? [String: Any])?["check"] as? String, "false")
        let deployRun = try XCTUnwrap(deploy.last?["run"] as? String)
        XCTAssertEqual(deployRun, #""$GATE_DIRECTORY"/gate deploy --env production"#)
        XCTAssertEqual((deploy.last?["env"] as? [String: Any])?["GATE_DIRECTORY"] as? String, "${{ steps.gate.outputs.directory }}")
        XCTAssertNotNil((action["outputs"] as? [String: Any])?["directory"], "the deploy step needs the action's directory output")
    }

    /// SARIF goes to code scanning only where it exists, and an upload that fails anyway never fails the job.
    func testSARIFUploadIsConditionalAndNeverFailsTheJob() throws {
        for file in ["workflows/gate.yml", "workflows/gate-trusted.yml"] {
            let upload = try XCTUnwrap(try steps(try parsed(".github-templates/\(file)"), job: "check").first {
                ($0["uses"] as? String ?? "").hasPrefix("github/codeql-action/upload-sarif@")
            }, file)
            XCTAssertEqual(upload["continue-on-error"] as? Bool, true, file)
            let condition = try XCTUnwrap(upload["if"] as? String, file)
            XCTAssertTrue(condition.hasPrefix("always() && hashFiles('gate.sarif') != ''"), "\(file): \(condition)")
            XCTAssertTrue(condition.contains("(!github.event.repository.private || vars.GATE_CODE_SCANNING == 'true')"),
                          "\(file): \(condition)")
        }
    }

    /// The sticky pull-request comment is on only where the job's token can write it: the trusted variant asks for
    /// `pull-requests: write` and turns `comment` on; gate.yml, whose fork pull requests get a read-only token,
    /// leaves both off (and says how to turn them on); it reads the pull request (`pull-requests: read`), so a policy
    /// that counts GitHub reviews works with the job's token.
    func testTheStickyCommentIsOnOnlyWhereTheTokenCanWrite() throws {
        func job(_ file: String) throws -> (permissions: [String: Any], with: [String: Any]) {
            let workflow = try parsed(".github-templates/workflows/\(file)")
            let check = try XCTUnwrap((workflow["jobs"] as? [String: Any])?["check"] as? [String: Any], file)
            let gate = try XCTUnwrap(try steps(workflow, job: "check").first { $0["uses"] as? String == "./.gate-action" }, file)
            return (try XCTUnwrap(check["permissions"] as? [String: Any], file), try XCTUnwrap(gate["with"] as? [String: Any], file))
        }
        let trusted = try job("gate-trusted.yml")
        XCTAssertEqual(trusted.with["comment"] as? String, "true")
        XCTAssertEqual(trusted.permissions["pull-requests"] as? String, "write")
        let plain = try job("gate.yml")
        XCTAssertNil(plain.with["comment"])
        XCTAssertEqual(plain.permissions["pull-requests"] as? String, "read", "reads reviews, never writes")
        XCTAssertTrue(InitTemplates.pullRequestWorkflow.contains("`pull-requests: write`") &&
                      InitTemplates.pullRequestWorkflow.contains(#"`comment: "true"`"#), "gate.yml says how to turn it on")
        let inputs = try XCTUnwrap(try parsed("action.yml")["inputs"] as? [String: Any])
        XCTAssertEqual((inputs["comment"] as? [String: Any])?["default"] as? String, "false", "opt-in")
        XCTAssertEqual((inputs["token"] as? [String: Any])?["default"] as? String, "${{ github.token }}")
    }

    /// An approval submitted on the pull request re-runs gate.yml; the trusted variant does not take that event,
    /// since a review runs the workflow file as the pull request has it.
    func testAReviewSubmittedOnThePullRequestRerunsTheCheck() throws {
        let triggers = try XCTUnwrap(try parsed(".github-templates/workflows/gate.yml")["on"] as? [String: Any])
        XCTAssertEqual(Set(triggers.keys), ["pull_request", "pull_request_review"])
        XCTAssertEqual((triggers["pull_request_review"] as? [String: Any])?["types"] as? [String], ["submitted"])
        let trusted = try XCTUnwrap(try parsed(".github-templates/workflows/gate-trusted.yml")["on"] as? [String: Any])
        XCTAssertEqual(Set(trusted.keys), ["pull_request_target"])
    }

    /// Under a `pull_request_review` event gate judges the pull request exactly as under `pull_request`: the base
    /// from the event (an override that disagrees is refused), approvals bound to the branch the event names.
    func testAReviewEventIsJudgedAgainstTheEventsBaseAndTarget() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "service\n")
        let base = try repo.commit("start")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("app/summarize.py", ApprovalScenario.paidCall + "\n")
        try repo.commit("summarize")
        let directory = try TemporaryDirectory()
        let event = directory.url("event.json")
        try Data(#"{"action": "submitted", "review": {"state": "approved"}, "pull_request": {"number": 7, "base": {"sha": "\#(base)", "ref": "release"}}}"#.utf8)
            .write(to: event)
        let environment = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request_review", "GITHUB_EVENT_PATH": event.path]
        let report = try CheckRunner().run(CheckRequest(repositoryPath: repo.path, head: "feature", environment: environment))
        XCTAssertEqual(report.range.base, base)
        XCTAssertEqual(report.range.target, "release", "GITHUB_BASE_REF is not set for reviews: the event's base.ref is")
        XCTAssertThrowsError(try CheckRunner().run(
            CheckRequest(repositoryPath: repo.path, base: "feature", head: "feature", environment: environment))) { error in
            XCTAssertTrue("\(error)".contains("this pull_request_review targets \(base)"), "\(error)")
        }
    }

    /// The steps that fetch with the job's token hand git its header through the environment (`GIT_CONFIG_COUNT`,
    /// `GIT_CONFIG_KEY_0`, `GIT_CONFIG_VALUE_0`), never as a `-c http.extraheader=…` argument that a process listing
    /// shows. Each such step runs as the runner runs it, with a stand-in `git` that records its arguments and
    /// environment.
    func testTheTokenReachesGitThroughItsEnvironmentOnly() throws {
        let token = "ghs_TESTtoken0123456789abcdefSECRET"
        let header = "AUTHORIZATION: basic " + Data("x-access-token:\(token)".utf8).base64EncodedString()
        var ran = 0
        for file in ["gate.yml", "gate-trusted.yml", "gate-deploy.yml"] {
            let workflow = try parsed(".github-templates/workflows/\(file)")
            let jobs = try XCTUnwrap(workflow["jobs"] as? [String: Any])
            for job in jobs.keys.sorted() {
                for step in try steps(workflow, job: job) {
                    guard let script = step["run"] as? String, script.contains("GITHUB_TOKEN") else { continue }
                    XCTAssertFalse(script.contains("extraheader="), "\(file): \(script)")
                    let work = try TemporaryDirectory()
                    try FileManager.default.createDirectory(at: work.url("bin"), withIntermediateDirectories: true)
                    try #"""
                        #!/bin/bash
                        printf '%s\n' "$*" >> "$RECORD.args"
                        printf '%s|%s|%s\n' "$GIT_CONFIG_COUNT" "$GIT_CONFIG_KEY_0" "$GIT_CONFIG_VALUE_0" >> "$RECORD.env"
                        [[ "$1" == ls-remote ]] && exit 2
                        exit 0
                        """#.write(to: work.url("bin/git"), atomically: true, encoding: .utf8)
                    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work.url("bin/git").path)
                    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
                    environment["PATH"] = work.url("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
                    environment["GITHUB_TOKEN"] = token
                    environment["PR_NUMBER"] = "7"
                    environment["RECORD"] = work.url("record").path
                    let result = try runProcess("bash", ["-e", "-c", script], in: work.path, environment: environment)
                    XCTAssertEqual(result.status, 0, "\(file): \(result.stderr)")
                    let arguments = try String(contentsOf: work.url("record.args"), encoding: .utf8)
                    XCTAssertFalse(arguments.contains(token) || arguments.contains(String(header.suffix(24))), arguments)
                    XCTAssertTrue(arguments.contains("ls-remote --exit-code origin refs/gate/approvals"), arguments)
                    let environments = try String(contentsOf: work.url("record.env"), encoding: .utf8)
                        .split(separator: "\n")
                    XCTAssertTrue(environments.allSatisfy { $0 == "1|http.extraheader|\(header)" }, "\(file): \(environments)")
                    ran += 1
                }
            }
        }
        XCTAssertEqual(ran, 3, "one fetch step in each workflow")
    }

    func testWorkflowsAreValidGitHubWorkflows() throws {
        let workflows = ["workflows/gate.yml", "workflows/gate-deploy.yml", "workflows/gate-trusted.yml"].map {
            Self.packageRoot.appendingPathComponent(".github-templates/\($0)").path
        }
        let schema = try runProcess("check-jsonschema", ["--builtin-schema", "vendor.github-workflows"] + workflows)
        XCTAssertEqual(schema.status, 0, "check-jsonschema (pip install check-jsonschema): \(schema.stdout)\(schema.stderr)")
        let audit = try runProcess("zizmor", ["--offline", "--no-progress"] + workflows)
        XCTAssertEqual(audit.status, 0, "zizmor (pip install zizmor): \(audit.stdout)\(audit.stderr)")
        XCTAssertTrue(audit.stdout.contains("No findings to report"), audit.stdout)
    }

    func testInitWritesEveryScaffoldButTheDeployWorkflowUnlessAsked() throws {
        let directory = try GitFixture().directory
        let written = try ProjectInitializer(root: directory.path, force: false).run()
        XCTAssertEqual(written.written, [".gate/policy.yml", ".github/workflows/gate.yml", ".github/pull_request_template.md"])
        XCTAssertEqual(written.kept, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url(".github/workflows/gate-deploy.yml").path))
        let policy = try String(contentsOf: directory.url(".gate/policy.yml"), encoding: .utf8)
        // An empty project gets the built-in policy, with what init found (nothing) said in comments.
        XCTAssertTrue(policy.contains("#   migrations: none\n#   background jobs: none\n#   paid SDKs: none\n"), policy)
        var loaded = try PolicyLoader.load(text: policy, file: ".gate/policy.yml")
        let builtin = try PolicyLoader.load(text: DefaultPolicy.text, file: "default")
        loaded.digest = builtin.digest  // the comments differ, nothing else
        XCTAssertEqual(loaded, builtin)
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate.yml"), encoding: .utf8),
                       InitTemplates.pullRequestWorkflow)

        let withDeploy = try GitFixture().directory
        XCTAssertEqual(try ProjectInitializer(root: withDeploy.path, force: false, deploy: true).run().written, [
            ".gate/policy.yml", ".github/workflows/gate.yml", ".github/workflows/gate-deploy.yml",
            ".github/pull_request_template.md",
        ])
        XCTAssertEqual(try String(contentsOf: withDeploy.url(".github/workflows/gate-deploy.yml"), encoding: .utf8),
                       InitTemplates.deployWorkflow)
    }

    /// A Next.js + Prisma monorepo: the policy points at its real migrations and jobs, not `db/migrations`.
    func testInitTailorsThePolicyToTheRepository() throws {
        let repo = try GitFixture()
        try repo.write("package.json", #"{ "private": true, "workspaces": ["apps/*"] }"# + "\n")
        try repo.write("apps/web/package.json", """
            {
              "name": "web",
              "dependencies": {
                "next": "14.2.3",
                "openai": "^4.52.0",
                "@prisma/client": "5.14.0"
              }
            }

            """)
        try repo.write("apps/web/prisma/schema.prisma", "datasource db { provider = \"postgresql\" }\n")
        try repo.write("apps/web/prisma/migrations/migration_lock.toml", "provider = \"postgresql\"\n")
        try repo.write("apps/web/prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE \"User\" (id text);\n")
        try repo.write("apps/web/src/jobs/summarize.ts", "export async function run() {}\n")
        try repo.write("apps/worker/requirements.txt", "anthropic==0.28.0\nrequests\n")
        try repo.write("vercel.json", "{}\n")
        // Installed dependencies are not the project's: their migrations and manifests are never read.
        try repo.write("node_modules/some-orm/migrations/0001_x.sql", "CREATE TABLE x (id int);\n")
        try repo.write("node_modules/some-orm/package.json", #"{ "dependencies": { "stripe": "1.0.0" } }"# + "\n")

        let initializer = ProjectInitializer(root: repo.directory.path, force: false)
        let inspection = initializer.inspect()
        XCTAssertEqual(inspection.migrationFolders, [.init(path: "apps/web/prisma/migrations", framework: "Prisma", isSQL: true)])
        // A whole app named `worker` is background work too.
        XCTAssertEqual(inspection.jobFolders, ["apps/web/src/jobs", "apps/worker"])
        XCTAssertEqual(inspection.paidSDKs.map(\.providerID).sorted(), ["anthropic", "openai"])
        XCTAssertEqual(inspection.deployTargets, ["Vercel (vercel.json)"])

        _ = try initializer.run(inspection: inspection)
        let text = try String(contentsOf: repo.directory.url(".gate/policy.yml"), encoding: .utf8)
        let policy = try PolicyLoader.load(text: text, file: ".gate/policy.yml")
        XCTAssertEqual(policy.deploy.migrations, "apps/web/prisma/migrations")
        XCTAssertEqual(policy.paths.migrations.map(\.pattern), ["apps/web/prisma/migrations/**"])
        XCTAssertEqual(policy.paths.jobs.map(\.pattern), ["apps/web/src/jobs/**", "apps/worker/**"])
        XCTAssertTrue(text.contains(
            "#   paid SDKs: anthropic (anthropic in apps/worker/requirements.txt), openai (openai in apps/web/package.json)\n"),
            text)
        XCTAssertTrue(text.contains("#   deploys with: Vercel (vercel.json)"), text)
    }

    func testInitRecognisesEachMigrationFramework() throws {
        let directory = try TemporaryDirectory()
        let files = [
            "db/migrate/20240101000000_create_users.rb": "class CreateUsers < ActiveRecord::Migration[7.1]; end\n",
            "drizzle/0000_init.sql": "CREATE TABLE a (id int);\n",
            "drizzle/meta/_journal.json": "{}\n",
            "supabase/migrations/20240101000000_init.sql": "CREATE TABLE b (id int);\n",
            "alembic/versions/abc123_init.py": "def upgrade(): pass\n",
            "app/blog/migrations/__init__.py": "",
            "app/blog/migrations/0001_initial.py": "class Migration: pass\n",
            "migrations/1_init.up.sql": "CREATE TABLE c (id int);\n",
            "src/main/resources/db/migration/V1__init.sql": "CREATE TABLE d (id int);\n",
            "src/components/Button.tsx": "export const Button = () => null;\n",
            "api/database/migrations/2024_01_01_000000_create_users_table.php": "<?php\n",
            "billing/migrations/Version20240101000000.php": "<?php\n",
            "svc/Data/Migrations/20240101000000_Init.cs": "class Init {}\n",
            "svc/Data/Migrations/AppDbContextModelSnapshot.cs": "class AppDbContextModelSnapshot {}\n",
            "rs/migration/src/m20240101_000001_create_table.rs": "pub struct Migration;\n",
            "diesel/migrations/00000000000000_diesel_initial_setup/up.sql": "SELECT 1;\n",
            "diesel/migrations/2024-05-01-120000_add_users/up.sql": "CREATE TABLE users (id int);\n",
            "diesel/migrations/2024-05-01-120000_add_users/down.sql": "DROP TABLE users;\n",
        ]
        let found = try inspectedMigrationFolders(files, in: directory)
        XCTAssertEqual(found.map { "\($0.path)=\($0.framework)" }, [
            "alembic/versions=Alembic", "api/database/migrations=Laravel", "app/blog/migrations=Django",
            "billing/migrations=Doctrine", "db/migrate=Rails", "diesel/migrations=Diesel", "drizzle=Drizzle",
            "migrations=golang-migrate", "rs/migration/src=SeaORM", "src/main/resources/db/migration=Flyway",
            "supabase/migrations=Supabase", "svc/Data/Migrations=EF Core",
        ])
        // Deploy applies SQL (Diesel's folders of up.sql too: the folder holding them, not each one); code migrations
        // (Rails, Django, Alembic, Laravel, Doctrine, EF Core, SeaORM) run through --migrate-cmd.
        XCTAssertEqual(
            found.filter(\.isSQL).map(\.framework), ["Diesel", "Drizzle", "golang-migrate", "Flyway", "Supabase"])
    }

    /// Knex, Sequelize, TypeORM, MikroORM and node-pg-migrate all keep `migrations/*.{js,ts}`: the scripts' API, the
    /// tool's configuration file (a knexfile's `migrations.directory`, `.sequelizerc`'s `migrations-path`, drizzle-kit's
    /// `out`) or the package installing it names the tool, and so the --migrate-cmd deploy needs. Scripts in a
    /// `migrations` folder no tool claims or not named as migrations are, and a knexfile's seeds, are no migrations.
    func testInitRecognisesJavaScriptMigrationTools() throws {
        let directory = try TemporaryDirectory()
        let files = [
            "knex-app/package.json": #"{ "dependencies": { "knex": "^3.1.0", "pg": "^8.11.5" } }"#,
            "knex-app/migrations/20240501_create_jobs.js":
                "exports.up = (knex) => knex.schema.createTable(\"jobs\", (t) => { t.increments(); });\n"
                + "exports.down = (knex) => knex.schema.dropTable(\"jobs\");\n",
            "knexfile-app/knexfile.js": """
                const path = require("path");
                module.exports = {
                  development: {
                    client: "pg",
                    migrations: { directory: path.join(__dirname, "db", "schema"), tableName: "knex_migrations" },
                    seeds: { directory: "./db/seeds" },
                  },
                };
                """,
            "knexfile-app/db/schema/20240501_create_jobs.js": "exports.up = (db) => db.raw(\"CREATE TABLE jobs (id int)\");\n",
            "knexfile-app/db/seeds/01_jobs.js": "exports.seed = async (db) => db(\"jobs\").insert({ id: 1 });\n",
            "sequelize-app/.sequelizerc": """
                const path = require('path');
                module.exports = {
                  'config': path.resolve('config', 'database.json'),
                  'migrations-path': path.resolve('database', 'changes'),
                };
                """,
            "sequelize-app/database/changes/20240501000000-create-jobs.js":
                "module.exports = { async up(q, Sequelize) { await q.createTable('jobs', {}); } };\n",
            "typeorm-app/src/migrations/1714567890123-CreateJobs.ts": """
                import { MigrationInterface, QueryRunner } from "typeorm";
                export class CreateJobs1714567890123 implements MigrationInterface {
                  public async up(queryRunner: QueryRunner): Promise<void> { await queryRunner.query(`CREATE TABLE jobs (id int)`); }
                }
                """,
            "mikro-app/src/migrations/Migration20240501000000.ts": """
                import { Migration } from '@mikro-orm/migrations';
                export class Migration20240501000000 extends Migration {
                  async up(): Promise<void> { this.addSql('create table "jobs" ("id" serial primary key);'); }
                }
                """,
            "pgm-app/package.json": #"{ "devDependencies": { "node-pg-migrate": "^7.4.0" } }"#,
            "pgm-app/migrations/1714567890123_create-jobs.js":
                "exports.up = (pgm) => { pgm.createTable(\"jobs\", { id: \"id\" }); };\n",
            "cli-app/package.json": #"{ "dependencies": { "sequelize": "^6.37.3" }, "devDependencies": { "sequelize-cli": "^6.6.2" } }"#,
            "cli-app/migrations/20240501000000-create-jobs.js":
                "module.exports = { async up(q, S) { await q.createTable('jobs', {}); } };\n",
            "drizzle-app/drizzle.config.ts": #"export default { schema: "./src/schema.ts", out: "./sql", dialect: "postgresql" };"#,
            "drizzle-app/sql/0000_init.sql": "CREATE TABLE jobs (id int);\n",
            // Helpers in a folder named for migrations, in a project installing no migration tool; an endpoint in a
            // folder so named, in a project installing Knex.
            "tools/migrations/helpers.js": "module.exports = { pad: (n) => String(n).padStart(4, '0') };\n",
            "knex-app/app/api/migrations/route.ts": "import knex from \"knex\";\nexport async function GET() {}\n",
        ]
        let found = try inspectedMigrationFolders(files, in: directory)
        XCTAssertEqual(found.map { "\($0.path)=\($0.framework)=\($0.migrateCommand ?? "SQL")" }, [
            "cli-app/migrations=Sequelize=npx sequelize-cli db:migrate",
            "drizzle-app/sql=Drizzle=SQL",
            "knex-app/migrations=Knex=npx knex migrate:latest",
            "knexfile-app/db/schema=Knex=npx knex migrate:latest",
            "mikro-app/src/migrations=MikroORM=npx mikro-orm migration:up",
            "pgm-app/migrations=node-pg-migrate=npx node-pg-migrate up",
            "sequelize-app/database/changes=Sequelize=npx sequelize-cli db:migrate",
            "typeorm-app/src/migrations=TypeORM=npx typeorm migration:run -d <your data source>",
        ])
    }

    /// The probe's Express service: Knex migrations in `migrations/` and Laravel-style capitalised `app/Jobs`. The policy
    /// names the folder deploy reads and the migrator it needs; init says both.
    func testInitNamesKnexMigrationsAndCapitalisedJobFolders() throws {
        let repo = try GitFixture()
        try repo.write("package.json", #"{ "name": "svc", "dependencies": { "express": "^4.19.2", "knex": "^3.1.0" } }"# + "\n")
        try repo.write("migrations/20240501_create_jobs.js", "exports.up = (knex) => knex.schema.createTable(\"jobs\", () => {});\n")
        try repo.write("src/server.js", "const express = require(\"express\");\n")
        try repo.write("app/Jobs/SummarizePost.php", "<?php\nnamespace App\\Jobs;\n")
        try repo.write("Workers/DigestWorker.cs", "namespace Svc.Workers;\n")
        let printed = try runProcess(gateExecutablePath(), ["init", "--repo", repo.path])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertTrue(printed.stdout.contains(
            "found migrations: migrations (Knex): code, gate deploy runs them with --migrate-cmd \"npx knex migrate:latest\""),
            printed.stdout)
        XCTAssertTrue(printed.stdout.contains("found background jobs: Workers\n"), printed.stdout)
        let text = try String(contentsOf: repo.directory.url(".gate/policy.yml"), encoding: .utf8)
        let policy = try PolicyLoader.load(text: text, file: ".gate/policy.yml")
        XCTAssertEqual(policy.deploy.migrations, "migrations")
        XCTAssertEqual(policy.paths.migrations.map(\.pattern), ["migrations/**"])
        XCTAssertEqual(policy.paths.jobs.map(\.pattern), ["Workers/**", "app/Jobs/**"])
        XCTAssertTrue(text.contains(
            "  # Knex migrations are code: gate deploy runs them with --migrate-cmd \"npx knex migrate:latest\""), text)
    }

    /// With no migrations folder found, init names none: `deploy.migrations` is left out with a comment saying why and
    /// what deploy then does, init says so too, and the policy validates.
    func testInitWithNoMigrationsFolderWritesNoneThatDoesNotExist() throws {
        let repo = try GitFixture()
        try repo.write("package.json", #"{ "private": true, "workspaces": ["apps/*"] }"# + "\n")
        try repo.write("apps/web/package.json", #"{ "dependencies": { "next": "14.2.3", "openai": "^4.52.0" } }"# + "\n")
        try repo.write("apps/web/app/api/summarize/route.ts", "export async function POST() {}\n")
        let printed = try runProcess(gateExecutablePath(), ["init", "--repo", repo.path])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        XCTAssertTrue(printed.stdout.contains(
            "note: no migrations folder found, so .gate/policy.yml leaves deploy.migrations unset"), printed.stdout)
        let text = try String(contentsOf: repo.directory.url(".gate/policy.yml"), encoding: .utf8)
        XCTAssertFalse(text.contains("  migrations: db/migrations"), text)
        XCTAssertFalse(text.contains("\n  migrations: \""), text)
        XCTAssertTrue(text.contains(InitPolicy.noMigrationsNote), text)
        XCTAssertTrue(text.contains("#   migrations: none\n"), text)
        let validated = try runProcess(gateExecutablePath(), ["policy", "validate", "--repo", repo.path, repo.directory.url(".gate/policy.yml").path])
        XCTAssertEqual(validated.status, 0, validated.stdout + validated.stderr)
        // Run again, the policy is kept and the note is not repeated.
        let again = try runProcess(gateExecutablePath(), ["init", "--repo", repo.path])
        XCTAssertFalse(again.stdout.contains("deploy.migrations unset"), again.stdout)
    }

    /// Without `--force` init writes what is missing and keeps what exists: `gate init --deploy` after adoption adds
    /// the deploy workflow and leaves the edited policy and workflow as they are. `--force` overwrites.
    func testInitWritesWhatIsMissingAndKeepsWhatExists() throws {
        let directory = try GitFixture().directory
        try FileManager.default.createDirectory(at: directory.url(".gate"), withIntermediateDirectories: true)
        try Data("version: 1 # edited\n".utf8).write(to: directory.url(".gate/policy.yml"))
        try FileManager.default.createDirectory(at: directory.url(".github/workflows"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: directory.url(".github/workflows/gate.yml"))
        let outcome = try ProjectInitializer(root: directory.path, force: false, deploy: true).run()
        XCTAssertEqual(outcome.written, [".github/workflows/gate-deploy.yml", ".github/pull_request_template.md"])
        XCTAssertEqual(outcome.kept, [".gate/policy.yml", ".github/workflows/gate.yml"])
        XCTAssertEqual(try String(contentsOf: directory.url(".gate/policy.yml"), encoding: .utf8), "version: 1 # edited\n")
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate.yml"), encoding: .utf8), "mine\n")
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate-deploy.yml"), encoding: .utf8),
                       InitTemplates.deployWorkflow)
        let again = try ProjectInitializer(root: directory.path, force: false, deploy: true).run()
        XCTAssertEqual(again.written, [])
        XCTAssertEqual(again.kept.count, 4)
        let forced = try ProjectInitializer(root: directory.path, force: true).run()
        XCTAssertEqual(forced.kept, [])
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate.yml"), encoding: .utf8),
                       InitTemplates.pullRequestWorkflow)
    }

    /// `--trusted` writes the pull-request workflow a pull request cannot edit in place of gate.yml (the two are
    /// alternatives); where both end up in the repository, the outcome says so.
    func testInitWritesTheTrustedWorkflowWhenAsked() throws {
        let directory = try GitFixture().directory
        let trusted = try ProjectInitializer(root: directory.path, force: false, trusted: true).run()
        XCTAssertEqual(trusted.written, [".gate/policy.yml", ".github/workflows/gate-trusted.yml", ".github/pull_request_template.md"])
        XCTAssertFalse(trusted.bothPullRequestWorkflows)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url(".github/workflows/gate.yml").path))
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate-trusted.yml"), encoding: .utf8),
                       InitTemplates.trustedPullRequestWorkflow)
        let plain = try ProjectInitializer(root: directory.path, force: false).run()
        XCTAssertEqual(plain.written, [".github/workflows/gate.yml"])
        XCTAssertTrue(plain.bothPullRequestWorkflows)
    }

    /// Outside a git repository there is nothing for gate to judge: init refuses, as every command does, and writes
    /// nothing.
    func testInitRefusesOutsideARepository() throws {
        let directory = try TemporaryDirectory()
        XCTAssertThrowsError(try ProjectInitializer(root: directory.path, force: false).run()) { error in
            XCTAssertTrue("\(error)".contains("is not inside a git repository: run `git init`"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url(".gate").path))
    }

    func testInitWritesToTheTopOfTheRepositoryFromASubdirectory() throws {
        let repo = try GitFixture()
        try repo.write("src/app.py", "print('hi')\n")
        _ = try ProjectInitializer(root: repo.directory.url("src").path, force: false).run()
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.directory.url(".gate/policy.yml").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.directory.url("src/.gate").path))
    }

    func testInitCommandExitCodes() throws {
        let directory = try GitFixture().directory
        let first = try runProcess(gateExecutablePath(), ["init", "--repo", directory.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("wrote .gate/policy.yml"), first.stdout)
        XCTAssertTrue(first.stdout.contains(
            "next: set the repository variables GATE_REPOSITORY, GATE_VERSION and GATE_SHA256"), first.stdout)
        let second = try runProcess(gateExecutablePath(), ["init", "--deploy", "--repo", directory.path])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("wrote .github/workflows/gate-deploy.yml"), second.stdout)
        XCTAssertTrue(second.stdout.contains("kept .gate/policy.yml: it already exists (--force overwrites it)"), second.stdout)
        let forced = try runProcess(gateExecutablePath(), ["init", "--force", "--deploy", "--repo", directory.path])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stdout.contains("wrote .github/workflows/gate-deploy.yml"), forced.stdout)
        let trusted = try runProcess(gateExecutablePath(), ["init", "--trusted", "--repo", directory.path])
        XCTAssertEqual(trusted.status, 0, trusted.stderr)
        XCTAssertTrue(trusted.stdout.contains("wrote .github/workflows/gate-trusted.yml"), trusted.stdout)
        XCTAssertTrue(trusted.stdout.contains("both check every pull request"), trusted.stdout)
        let notARepository = try TemporaryDirectory()
        let outside = try runProcess(gateExecutablePath(), ["init", "--repo", notARepository.path])
        XCTAssertEqual(outside.status, 2)
        XCTAssertTrue(outside.stderr.contains("is not inside a git repository"), outside.stderr)
    }

    /// Framework migrations (Laravel here) are what deploy reads too: deploy.migrations names their folder, with the
    /// migrator to pass, never `db/migrations` beside a comment saying no SQL folder was found.
    func testInitNamesTheFrameworkMigrationFolderDeployAccepts() throws {
        let repo = try GitFixture()
        try repo.write("database/migrations/2024_01_01_000000_create_users_table.php", "<?php\n")
        try repo.write("app/Jobs/worker/SummarizeJob.php", "<?php\n")
        try repo.write("services/worker/worker/tasks.py", "def run(): pass\n")
        let initializer = ProjectInitializer(root: repo.directory.path, force: false)
        let inspection = initializer.inspect()
        // services/worker/** already covers the package folder of the same name inside it, and Laravel's app/Jobs
        // (any case, as the check reads job folders) the folder below it.
        XCTAssertEqual(inspection.jobFolders, ["app/Jobs", "services/worker"])
        _ = try initializer.run(inspection: inspection)
        let text = try String(contentsOf: repo.directory.url(".gate/policy.yml"), encoding: .utf8)
        let policy = try PolicyLoader.load(text: text, file: ".gate/policy.yml")
        XCTAssertEqual(policy.deploy.migrations, "database/migrations")
        XCTAssertTrue(text.contains(
            "  # Laravel migrations are code: gate deploy runs them with --migrate-cmd \"php artisan migrate --force\""), text)
        XCTAssertFalse(text.contains("No SQL migrations folder"), text)
        XCTAssertTrue(text.contains("#   background jobs: app/Jobs, services/worker\n"), text)
        // No rollout command is guessed; the placeholder says what stops until one is set.
        XCTAssertTrue(text.contains("  # Until it is set, gate plan and gate deploy stop before changing anything (exit 2).\n"), text)
        XCTAssertEqual(policy.deploy.rolloutCommand, [])
    }

    /// A monorepo with two migration folders: the policy names one and says which it chose among which.
    func testInitSaysWhichOfSeveralMigrationFoldersItChose() throws {
        let repo = try GitFixture()
        try repo.write("services/api/db/migrations/0001_init.sql", "CREATE TABLE a (id int);\n")
        try repo.write("services/billing/migrations/0001_init.sql", "CREATE TABLE b (id int);\n")
        try repo.write("services/shop/app/orders/migrations/__init__.py", "")
        try repo.write("services/shop/app/orders/migrations/0001_initial.py", "class Migration: pass\n")
        _ = try ProjectInitializer(root: repo.directory.path, force: false).run()
        let text = try String(contentsOf: repo.directory.url(".gate/policy.yml"), encoding: .utf8)
        XCTAssertEqual(try PolicyLoader.load(text: text, file: ".gate/policy.yml").deploy.migrations, "services/api/db/migrations")
        XCTAssertTrue(text.contains(
            "  # gate init found 3 migration folders and chose the first holding SQL: services/api/db/migrations (SQL), "
                + "services/billing/migrations (SQL), services/shop/app/orders/migrations (Django)."), text)
        let printed = try runProcess(gateExecutablePath(), ["init", "--force", "--repo", repo.path])
        XCTAssertTrue(printed.stdout.contains(
            "note: 3 migration folders; deploy.migrations names one, services/api/db/migrations"), printed.stdout)
    }

    /// The deploy workflow releases the branch `gate check` takes as the default base, not always main.
    func testTheDeployWorkflowReleasesTheDefaultBranch() throws {
        let repo = try GitFixture(initialBranch: "master")
        try repo.write("README.md", "hi\n")
        try repo.commit("first")
        let printed = try runProcess(gateExecutablePath(), ["init", "--deploy", "--repo", repo.path])
        XCTAssertEqual(printed.status, 0, printed.stderr)
        let workflow = try String(contentsOf: repo.directory.url(".github/workflows/gate-deploy.yml"), encoding: .utf8)
        XCTAssertTrue(workflow.contains("on:\n  push:\n    branches: [master]\n"), workflow)
        XCTAssertTrue(workflow.hasPrefix("# gate deploy: release master to production"), workflow)
        XCTAssertFalse(workflow.contains("[main]"), workflow)
        XCTAssertTrue(printed.stdout.contains("the deploy workflow releases master"), printed.stdout)
        XCTAssertTrue(printed.stdout.contains("next: set deploy.rollout.command in .gate/policy.yml"), printed.stdout)
        // Everything else in the template stays as it is.
        XCTAssertEqual(workflow.replacingOccurrences(of: "master", with: "main"), InitTemplates.deployWorkflow)
    }

    /// A second run that writes nothing says so, without the first run's next steps; a GitLab repository hears
    /// that the GitHub workflows do not run there.
    func testARerunSaysWhatItDidAndGitLabIsNamed() throws {
        let repo = try GitFixture()
        try repo.write(".gitlab-ci.yml", "test:\n  script: [make test]\n")
        let first = try runProcess(gateExecutablePath(), ["init", "--repo", repo.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("note: this repository runs GitLab CI (.gitlab-ci.yml, no .github)"), first.stdout)
        XCTAssertTrue(first.stdout.contains("README's \"GitLab CI\" section"), first.stdout)
        XCTAssertTrue(first.stdout.contains("next: list your reviewers"), first.stdout)
        let again = try runProcess(gateExecutablePath(), ["init", "--repo", repo.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("nothing written: every file gate init writes is already there"), again.stdout)
        XCTAssertFalse(again.stdout.contains("next:"), again.stdout)
        // .github exists now (gate init wrote it): no longer a GitLab-only repository.
        XCTAssertFalse(again.stdout.contains("GitLab"), again.stdout)
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("**GitLab CI.**"))
    }
}
