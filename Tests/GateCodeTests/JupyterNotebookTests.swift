import Foundation
import XCTest

@testable import GateCode

final class JupyterNotebookTests: XCTestCase {
    private static let notebook = #"""
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": [
            "# Labels\n",
            "client.chat.completions.create(…) costs money\n"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 1,
           "metadata": {},
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
              "client = OpenAI()\n"
             ]
            }
           ],
           "source": [
            "client = OpenAI(base_url=\"https://api.openai.com/v1\")\n",
            "for review in reviews:\n",
            "\tprint(\"caf\u00e9 \ud83d\ude00\", review)\n",
            "    label(review)"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": null,
           "metadata": {},
           "outputs": [],
           "source": "summary = summarize(reviews)\nprint(summary)"
          }
         ],
         "metadata": {},
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """#

    func testACodeCellIsReadOnTheNotebooksOwnLinesAndColumns() throws {
        let bytes = Array(Self.notebook.utf8)
        XCTAssertTrue(JupyterNotebook.isNotebook(bytes))
        let python = String(decoding: JupyterNotebook.pythonLines(bytes), as: UTF8.self)
        let lines = python.split(separator: "\n", omittingEmptySubsequences: false)
        let original = Self.notebook.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, original.count)
        // The markdown cell and the output are blank; the code sits where the notebook has it, past the quote.
        XCTAssertEqual(lines[6], "")
        XCTAssertEqual(lines[19], "")
        XCTAssertEqual(lines[24], #"     client = OpenAI(base_url="https://api.openai.com/v1")"#)
        XCTAssertEqual(lines[24].firstIndex(of: "c").map { lines[24].distance(from: lines[24].startIndex, to: $0) },
                       original[24].firstIndex(of: "c").map { original[24].distance(from: original[24].startIndex, to: $0) })
        XCTAssertEqual(lines[25], "     for review in reviews:")
        XCTAssertEqual(lines[26], "     \tprint(\"café 😀\", review)")
        XCTAssertEqual(lines[27], "         label(review)")
        // A source written as one string of several lines has no JSON line for each: left out, and the notebook is
        // not read line for line (the unscanned-content rule reports it).
        XCTAssertEqual(lines[35], "")
        XCTAssertFalse(JupyterNotebook.read(bytes).lineForLine)
        XCTAssertTrue(lines.enumerated().allSatisfy { [24, 25, 26, 27].contains($0.offset) || $0.element.isEmpty })
    }

    func testTheJSONIsWalkedWhateverItsLayout() {
        // A markdown cell's list on one line, keys unsorted (`source` before `cell_type`), a one-line source string.
        let notebook = #"""
            {"metadata": {}, "nbformat": 4, "cells": [
             {"cell_type": "markdown", "metadata": {}, "source": ["# Title\n"]},
             {"source": [
               "for row in rows:\n",
               "    client.embeddings.create(input=row)\n"
              ], "cell_type": "code", "outputs": [{"text": ["]}\"", "{"]}], "metadata": {}},
             {"cell_type": "code", "source": "print(1)", "outputs": []}
            ]}
            """#
        let bytes = Array(notebook.utf8)
        XCTAssertTrue(JupyterNotebook.isNotebook(bytes))
        let reading = JupyterNotebook.read(bytes)
        XCTAssertTrue(reading.lineForLine)
        let lines = String(decoding: reading.python, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 8)
        XCTAssertEqual(lines[3].trimmingCharacters(in: .whitespaces), "for row in rows:")
        XCTAssertEqual(lines[4].trimmingCharacters(in: .whitespaces), "client.embeddings.create(input=row)")
        XCTAssertTrue(lines[4].hasSuffix("    client.embeddings.create(input=row)"))
        XCTAssertEqual(lines[6].trimmingCharacters(in: .whitespaces), "print(1)")
        XCTAssertTrue([0, 1, 2, 5, 7].allSatisfy { lines[$0].isEmpty })

        // Compact JSON: the code's lines share one JSON line.
        let compact = #"{"cells": [{"cell_type": "code", "source": ["import os\n", "print(os.getcwd())\n"]}], "nbformat": 4}"#
        XCTAssertFalse(JupyterNotebook.read(Array(compact.utf8)).lineForLine)
        XCTAssertEqual(JupyterNotebook.read(Array(compact.utf8)).python, [])
    }

    func testANotebookIsLexedAsItsCodeAndOtherPythonAsItIs() {
        let lexed = Lexer.lex(Array(Self.notebook.utf8), language: .python)
        let words = lexed.tokens.indices.filter { lexed.tokens[$0].kind == .identifier }.map { lexed.text($0) }
        XCTAssertEqual(words.prefix(3), ["client", "OpenAI", "base_url"])
        XCTAssertFalse(words.contains("cell_type"))
        XCTAssertFalse(words.contains("costs"))
        // A Python module is no notebook, even one opening with a dict display.
        let module = "{\"model\": \"gpt-4o\"}\nclient = OpenAI()\n"
        XCTAssertFalse(JupyterNotebook.isNotebook(Array("client = OpenAI()\n".utf8)))
        XCTAssertEqual(Lexer.lex(Array(module.utf8), language: .python).bytes, Array(module.utf8))
        XCTAssertEqual(SourceLanguage(path: "notebooks/eval.ipynb"), .python)
    }
}
