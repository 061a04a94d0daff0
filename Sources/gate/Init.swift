import ArgumentParser
import GateKit

extension Gate {
    /// `gate init`: scaffold `.gate/policy.yml` and the CI workflows.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Look at the repository, then write a .gate/policy.yml to match, the pull-request workflow and template (and the deploy workflow with --deploy).")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Overwrite files that already exist (without it, existing files are kept and only missing ones written).")
        var force = false

        @Flag(help: "Also write the deploy workflow (gate deploy on pushes to main).")
        var deploy = false

        @Flag(help: "Write the trusted pull-request workflow (gate-trusted.yml, pull_request_target) instead of gate.yml.")
        var trusted = false

        func run() throws {
            let initializer = ProjectInitializer(root: global.repositoryPath, force: force, deploy: deploy, trusted: trusted)
            let inspection = initializer.inspect()
            let outcome = try initializer.run(inspection: inspection)
            if !global.quiet {
                for folder in inspection.migrationFolders { print("found migrations: \(folder.path) (\(folder.framework))") }
                for folder in inspection.jobFolders { print("found background jobs: \(folder)") }
                for sdk in inspection.paidSDKs { print("found paid SDK: \(sdk.providerID) (\(sdk.package) in \(sdk.manifest))") }
                for target in inspection.deployTargets { print("found deploy target: \(target)") }
                for path in outcome.written { print("wrote \(path)") }
                for path in outcome.kept { print("kept \(path): it already exists (--force overwrites it)") }
                if !deploy { print("not written: the deploy workflow (ask for it with --deploy)") }
                if outcome.bothPullRequestWorkflows {
                    print("note: .github/workflows/gate.yml and gate-trusted.yml both check every pull request; "
                          + "delete the one you do not use")
                }
                print("next: list your reviewers and their SSH keys in .gate/policy.yml, then commit.")
                // The workflows cannot pick a gate release themselves: the version lives in these variables only.
                print("next: set the repository variables GATE_REPOSITORY, GATE_VERSION and GATE_SHA256 "
                      + "(the gate release the workflows install; see .github/workflows/\(trusted ? "gate-trusted" : "gate").yml).")
                print("next: the pull request adding .gate/policy.yml is signed off by an owner it lists "
                      + "(first-policy bootstrap), not by its author.")
            }
        }
    }
}
