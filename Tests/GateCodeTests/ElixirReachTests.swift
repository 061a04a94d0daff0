@testable import GateCode
import XCTest

/// Elixir calls resolve across files by module: named in full, through an `alias` (plain, `as:`, or several in
/// braces), or bare after `import`; a module is found by its conventional file or, for Phoenix's folders by kind,
/// by its file name under its root's folder.
final class ElixirReachTests: XCTestCase {
    /// `Notes.AI.summarize/1` (line 4 of lib/notes/ai.ex) makes the paid call.
    private let ai = """
        defmodule Notes.AI do
          alias Notes.Client

          def summarize(text) do
            client().chat.completions.create(text)
          end

          def tidy(text), do: String.trim(text)
        end
        """

    private func chain(_ caller: String, call name: String, files extra: [String: String] = [:]) -> String? {
        var files = ["lib/notes/ai.ex": ai, "lib/notes_web/controllers/summary_controller.ex": caller]
        files.merge(extra) { _, new in new }
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        let path = "lib/notes_web/controllers/summary_controller.ex"
        let facts = index.facts(of: path, lexed: Lexer.lex(Array(caller.utf8), language: .elixir))
        guard let call = facts.calls.last(where: { $0.name == name }) else {
            XCTFail("no call of \(name): \(facts.calls.map(\.name))")
            return nil
        }
        return index.reach(of: call, in: facts).paid.first?.chain
    }

    private func controller(_ header: String, _ body: String) -> String {
        "defmodule NotesWeb.SummaryController do\n  use NotesWeb, :controller\n\(header)\n  def create(conn, %{\"text\" => text}) do\n    json(conn, %{summary: \(body)})\n  end\nend\n"
    }

    func testModulesNamedInFullAliasedOrImported() {
        let expected = "summarize() lib/notes/ai.ex:4 → chat.completions.create"
        XCTAssertEqual(chain(controller("", "Notes.AI.summarize(text)"), call: "summarize"), expected)
        XCTAssertEqual(chain(controller("  alias Notes.AI", "AI.summarize(text)"), call: "summarize"), expected)
        XCTAssertEqual(chain(controller("  alias Notes.AI, as: Brain", "Brain.summarize(text)"), call: "summarize"), expected)
        XCTAssertEqual(chain(controller("  alias Notes.{Repo, AI}", "AI.summarize(text)"), call: "summarize"), expected)
        XCTAssertEqual(chain(controller("  import Notes.AI", "summarize(text)"), call: "summarize"), expected)
        XCTAssertEqual(chain(controller("  alias Notes.AI", "text |> AI.summarize()"), call: "summarize"), expected)
    }

    func testAFunctionOfTheSameModuleAndAModuleInAFolderByKind() {
        let own = controller("", "summary(text)").replacingOccurrences(
            of: "  end\nend\n", with: "  end\n\n  defp summary(text), do: Notes.Summaries.Worker.run(text)\nend\n")
        let worker = "defmodule Notes.Summaries.Worker do\n  def run(text) do\n    Notes.AI.summarize(text)\n  end\nend\n"
        XCTAssertEqual(
            chain(own, call: "summary", files: ["lib/notes/workers/worker.ex": worker]),
            "summary() lib/notes_web/controllers/summary_controller.ex:8 → run() lib/notes/workers/worker.ex:2 → summarize() lib/notes/ai.ex:4 → chat.completions.create")
    }

    /// A context's facade: `defdelegate summarize(text), to: Notes.AI`, or under another name with `as:`.
    func testDelegatedFunctionsReachTheModuleTheyDelegateTo() {
        let context = "defmodule Notes do\n  defdelegate summarize(text), to: Notes.AI\n  defdelegate brief(text), to: Notes.AI, as: :summarize\n  defdelegate tidy(text), to: Notes.AI\nend\n"
        XCTAssertEqual(chain(controller("", "Notes.summarize(text)"), call: "summarize", files: ["lib/notes.ex": context]),
                       "summarize() lib/notes.ex:2 → summarize() lib/notes/ai.ex:4 → chat.completions.create")
        XCTAssertEqual(chain(controller("", "Notes.brief(text)"), call: "brief", files: ["lib/notes.ex": context]),
                       "brief() lib/notes.ex:3 → summarize() lib/notes/ai.ex:4 → chat.completions.create")
        XCTAssertNil(chain(controller("", "Notes.tidy(text)"), call: "tidy", files: ["lib/notes.ex": context]))
    }

    func testFunctionsThatMakeNoPaidCallAndOtherModulesReachNothing() {
        XCTAssertNil(chain(controller("  alias Notes.AI", "AI.tidy(text)"), call: "tidy"))
        // Another module's `summarize`, and one of a dependency's folder.
        XCTAssertNil(chain(controller("  alias Other.AI", "AI.summarize(text)"), call: "summarize"))
        XCTAssertNil(chain(controller("", "Notes.AI.summarize(text)"), call: "summarize",
                           files: ["lib/notes/ai.ex": "defmodule Notes.AI do\nend\n", "deps/notes/lib/notes/ai.ex": ai]))
    }
}
