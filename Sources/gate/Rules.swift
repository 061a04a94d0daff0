import ArgumentParser
import GatePolicy
import GateRules

extension Gate {
    /// `gate rules [ID]`: the detector catalogue, generated from the detectors themselves.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rules",
            abstract: "List the detectors, or show one detector's rationale and examples.",
            discussion: "With --format json, the same gate.rules/v1 document either way: every detector, or those ID names.")

        @Argument(help: "A detector id (or a category) to describe.")
        var id: String?

        @Option(help: "Output format; json is the gate.rules/v1 document.")
        var format: ListingFormat = .text

        func validate() throws {
            guard let id, RuleCatalogue.detectors(matching: id).isEmpty else { return }
            let hint = RuleCatalogue.suggestion(for: id).map { " Did you mean '\($0)'?" } ?? ""
            // A token pasted where the id goes is not echoed whole, as in a policy's rules.
            throw ValidationError("unknown rule '\(PolicyEvaluator.shownRule(id))'.\(hint) Run 'gate rules' for the list.")
        }

        func run() throws {
            let detectors = id.map { RuleCatalogue.detectors(matching: $0) } ?? DetectorRegistry.all
            switch (format, id) {
            case (.json, _):
                print(try RuleCatalogue.json(detectors), terminator: "")
            case (.text, nil):
                print(RuleCatalogue.list(detectors), terminator: "")
            case (.text, _?):
                print(detectors.map(RuleCatalogue.describe).joined(separator: "\n" + String(repeating: "─", count: 60) + "\n\n"),
                      terminator: "")
            }
        }
    }
}
