import GateGit
import XCTest

/// A commit's subject is its message's first line, whatever line ends the message was written with.
final class CommitSubjectTests: XCTestCase {
    func testTheSubjectIsTheFirstLine() {
        func subject(_ message: String) -> String { RangeCommit(id: "0", parents: [], message: message).subject }
        XCTAssertEqual(subject("Add billing\n\nBody line\n"), "Add billing")
        XCTAssertEqual(subject("Add billing\r\n\r\nBody line\r\n"), "Add billing")
        XCTAssertEqual(subject("Only a subject"), "Only a subject")
        XCTAssertEqual(subject(""), "")
    }
}
