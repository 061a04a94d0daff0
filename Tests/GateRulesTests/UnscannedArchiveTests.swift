import GateCore
@testable import GateRules
import XCTest

/// Archives gate reads no further than their magic bytes: an Office document is reported as one whose text was not
/// searched for secrets, any other archive as one whose content was not scanned, and zipped model weights not at all.
final class UnscannedArchiveTests: XCTestCase {
    private func messages(_ path: String, content: FileContent = .skipped(.archive)) -> [String] {
        let file = SourceFile(change: FileChange(path: path, kind: .added, hunks: [], content: content))
        return UnscannedContentDetector().detect(in: file, context: DetectionContext()).map(\.message)
    }

    func testOfficeDocumentsAreUnscannedDocuments() {
        for path in ["docs/runbook.docx", "ops/Access.XLSX", "deck.pptx", "notes/minutes.odt"] {
            XCTAssertEqual(messages(path), ["an Office document (a zip archive): its text is not searched for secrets: review it by hand"], path)
        }
        XCTAssertEqual(messages("lib/plugin.jar"), ["a compressed archive: what it holds is not scanned: review it by hand"])
        XCTAssertEqual(messages("docx/archive.zip"), ["a compressed archive: what it holds is not scanned: review it by hand"])
        XCTAssertEqual(messages("models/classifier.pt"), [])
    }

    /// Notebooks are read up to their own larger size limit (their outputs are most of them), so one skipped as too
    /// large even so is code gate did not read, like any other.
    func testANotebookTooLargeEvenForItsOwnLimitIsUnscannedCode() {
        XCTAssertEqual(messages("notebooks/eda.ipynb", content: .skipped(.tooLarge)),
                       ["too large to analyse as code; searched as bytes for secrets and paid hosts only: review it by hand"])
        XCTAssertEqual(messages("data/export.csv", content: .skipped(.tooLarge)), [], "data is searched as bytes only")
    }

    func testGitCryptAtACodePathAndPDFsAreUnscanned() {
        XCTAssertEqual(messages("src/ai.py", content: .skipped(.encrypted)), ["encrypted with git-crypt: the code it holds is not scanned: review it by hand"])
        // Encrypting a secrets file is what git-crypt is for.
        XCTAssertEqual(messages("secrets/prod.env", content: .skipped(.encrypted)), [])
        XCTAssertEqual(messages("docs/Runbook.PDF", content: .skipped(.binary)), ["a PDF document (compressed streams): its text is not searched for secrets: review it by hand"])
    }
}
