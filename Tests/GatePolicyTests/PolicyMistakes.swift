import GatePolicy
import XCTest

extension XCTestCase {
    /// The mistakes loading `yaml` (as `p.yml`) reports, one description each; a policy that loads is a failure.
    func mistakes(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            _ = try PolicyLoader.load(text: yaml, file: "p.yml")
            XCTFail("the policy loaded, but mistakes were expected", file: file, line: line)
            return []
        } catch {
            return error.mistakes.map(\.description)
        }
    }
}
