import ArgumentParser
import GateKit

extension Gate {
    /// `gate init`: scaffold `.gate/policy.yml` and the CI workflows.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write .gate/policy.yml, the pull-request and deploy workflows and a pull-request template.")

        @OptionGroup var global: GlobalOptions

        @Flag(help: "Overwrite files that already exist.")
        var force = false

        func run() throws {
            let written = try ProjectInitializer(root: global.repositoryPath, force: force).run()
            if !global.quiet {
                for path in written { print("wrote \(path)") }
                print("next: list your reviewers and their SSH keys in .gate/policy.yml, then commit.")
            }
        }
    }
}
