import ArgumentParser
import GateKit
import GatePolicy

extension Gate {
    /// `gate init`: scaffold `.gate/policy.yml` and the CI workflows.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Look at the repository, then write a .gate/policy.yml to match, the pull-request workflow and template (and the deploy workflow with --deploy).")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Overwrite files that already exist (without it, existing files are kept and only missing ones written).")
        var force = false

        @Flag(help: "Also write the deploy workflow (gate deploy on pushes to the default branch).")
        var deploy = false

        @Flag(help: "Write the trusted pull-request workflow (gate-trusted.yml, pull_request_target) instead of gate.yml.")
        var trusted = false

        func run() throws {
            let initializer = ProjectInitializer(root: global.repositoryPath, force: force, deploy: deploy, trusted: trusted)
            let inspection = initializer.inspect()
            let outcome = try initializer.run(inspection: inspection)
            if !global.quiet {
                for line in Self.summary(inspection: inspection, outcome: outcome, initializer: initializer) { print(line) }
            }
        }

        /// What gate init found, what it wrote, and what is left to do: only the steps the files it wrote need.
        static func summary(
            inspection: ProjectInspection, outcome: ProjectInitializer.Outcome, initializer: ProjectInitializer
        ) -> [String] {
            var lines: [String] = []
            for folder in inspection.migrationFolders {
                lines.append("found migrations: \(folder.path) (\(folder.framework))"
                    + (folder.migrateCommand.map { ": code, gate deploy runs them with --migrate-cmd \"\($0)\"" } ?? ""))
            }
            if inspection.migrationFolders.count > 1, let chosen = inspection.deployMigrations {
                lines.append("note: \(inspection.migrationFolders.count) migration folders; deploy.migrations names one, \(chosen): "
                    + "change it in .gate/policy.yml if this environment runs another (a deploy reads one folder)")
            }
            for folder in inspection.jobFolders { lines.append("found background jobs: \(folder)") }
            for sdk in inspection.paidSDKs { lines.append("found paid SDK: \(sdk.providerID) (\(sdk.package) in \(sdk.manifest))") }
            for target in inspection.deployTargets { lines.append("found deploy target: \(target)") }
            for path in outcome.written { lines.append("wrote \(path)") }
            for path in outcome.kept { lines.append("kept \(path): it already exists (--force overwrites it)") }
            if outcome.written.isEmpty { lines.append("nothing written: every file gate init writes is already there") }
            if !initializer.deploy { lines.append("not written: the deploy workflow (ask for it with --deploy)") }
            if outcome.written.contains(ProjectInitializer.deployWorkflow.path) {
                lines.append("note: the deploy workflow releases \(initializer.defaultBranch) (the default branch) to production")
            }
            if outcome.bothPullRequestWorkflows {
                lines.append("note: .github/workflows/gate.yml and gate-trusted.yml both check every pull request; "
                    + "delete the one you do not use")
            }
            if inspection.gitLabOnly {
                lines.append("note: this repository runs GitLab CI (.gitlab-ci.yml, no .github): the GitHub workflows above do not "
                    + "run there; add the gate job from README's \"GitLab CI\" section to .gitlab-ci.yml")
            }
            let policy = ".gate/policy.yml"
            if inspection.migrationFolders.isEmpty, outcome.written.contains(policy) {
                lines.append("note: no migrations folder found, so \(policy) leaves deploy.migrations unset: gate deploy applies "
                    + "no migration until it names one (and refuses if migrations appear elsewhere)")
            }
            if outcome.written.contains(policy) {
                lines.append("next: list your reviewers and their SSH keys in .gate/policy.yml, then commit.")
            }
            if outcome.written.contains(where: { $0.hasPrefix(".github/workflows/") }) {
                // The workflows cannot pick a gate release themselves: the version lives in these variables only.
                lines.append("next: set the repository variables GATE_REPOSITORY, GATE_VERSION and GATE_SHA256 "
                    + "(the gate release the workflows install; see .github/workflows/\(initializer.trusted ? "gate-trusted" : "gate").yml).")
            }
            let rolloutSet = (try? PolicyLoader.load(contentsOf: initializer.root + "/" + policy))
                .map { !$0.deploy.rolloutCommand.isEmpty } ?? false
            if outcome.written.contains(ProjectInitializer.deployWorkflow.path), !rolloutSet {
                lines.append("next: set deploy.rollout.command in .gate/policy.yml: until then gate deploy stops before changing anything.")
            }
            if outcome.written.contains(policy) {
                lines.append("next: the pull request adding .gate/policy.yml is signed off by an owner it lists "
                    + "(first-policy bootstrap), not by its author.")
            }
            return lines
        }
    }
}
