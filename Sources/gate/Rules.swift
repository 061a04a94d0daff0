import ArgumentParser
import GateRules

extension Gate {
    /// `gate rules [ID]`: the detector catalogue, generated from the detectors themselves.
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the detectors, or show one detector's rationale and examples.")

        @Argument(help: "A detector id (or a category) to describe.")
        var id: String?

        func validate() throws {
            guard let id, RuleCatalogue.detectors(matching: id).isEmpty else { return }
            let hint = RuleCatalogue.suggestion(for: id).map { " Did you mean '\($0)'?" } ?? ""
            throw ValidationError("unknown rule '\(id)'.\(hint) Run 'gate rules' for the list.")
        }

        func run() throws {
            guard let id else {
                print(RuleCatalogue.list(), terminator: "")
                return
            }
            let detectors = RuleCatalogue.detectors(matching: id)
            print(detectors.map(RuleCatalogue.describe).joined(separator: "\n" + String(repeating: "─", count: 60) + "\n\n"),
                  terminator: "")
        }
    }
}
