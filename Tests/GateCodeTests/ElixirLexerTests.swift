@testable import GateCode
import XCTest

/// Elixir's blocks: `do`/`end`, `fn`/`end`, one-line `do:` bodies and bodiless heads, and the literals (sigils,
/// heredocs, interpolation, character literals) whose delimiters and `#` must open no block or comment.
final class ElixirLexerTests: XCTestCase {
    /// One line per block: kind, name, and the lines it spans.
    private func blocks(_ text: String) -> [String] {
        let lexed = Lexer.lex(Array(text.utf8), language: .elixir)
        return lexed.blocks.filter { $0.opener == .keyword }.map { block in
            "\(block.kind) \(block.nameRange.map { lexed.text($0) } ?? "-") L\(block.startLine)-\(block.endLine)"
        }
    }

    private func strings(_ text: String) -> [String] {
        let lexed = Lexer.lex(Array(text.utf8), language: .elixir)
        return lexed.tokens.indices.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
    }

    func testFunctionsModulesAndOneLineBodies() {
        let source = #"""
defmodule Notes.AI do
  @moduledoc """
  Summaries. A "quoted" word, an end and a do: in the docs.
  """
  alias Notes.Repo

  def page(query, opts \\ [])

  def page(query, opts) when is_list(opts),
    do: Repo.all(query)

  def get!(id), do: Repo.get!(Note, id)

  defp summarize(%{body: body} = note) when is_binary(body) do
    if note.long?, do: trim(body), else: body
    for n <- notes, do: send_one(n)
    case body do
      "" -> :empty
      _ -> Enum.map(note.parts, fn part -> part <> ~s(end) end)
    end
  end

  def valid?(x),
    do: x != nil
end
"""#
        XCTAssertEqual(blocks(source), [
            "container - L1-25",
            "function page L7-7",
            "function page L9-10",
            "function get! L12-12",
            "function summarize L14-21",
            "loop - L16-16",
            "other - L17-20",
            "function - L19-19",
            "function valid? L23-24",
        ])
    }

    func testLiteralsOpenNothing() {
        let source = #"""
defmodule A do
  @re ~r/do|end/i
  @words ~w[fn do end]a
  def f(x) do
    c = ?"
    h = ?#
    s = "#{x} do #{"end"}"
    ~S"""
    fn do
    """
  end
end
"""#
        XCTAssertEqual(blocks(source), ["container - L1-12", "function f L4-11"])
        XCTAssertEqual(strings(source), ["do|end", "fn do end", "#{x} do #{\"end\"}", "end", "\n    fn do\n    "])
    }

    /// A keyword list's value may be a function or a comprehension (`do: fn -> … end`, `on_error: fn e -> … end`);
    /// `:fn` and `:end` are atoms.
    func testKeywordValuesOpenBlocksAndAtomsDoNot() {
        let source = #"""
defmodule A do
  def f(xs), do: fn -> for x <- xs, do: x end
  def g(xs) do
    Task.async_stream(xs, &h/1, on_timeout: :kill_task, after: fn e ->
      e
    end)
    [:fn, :end, :do]
  end
  defdelegate h(x), to: B
end
"""#
        XCTAssertEqual(blocks(source), [
            "container - L1-10", "function f L2-2", "function - L2-2", "loop - L2-2", "function g L3-8", "function - L4-6",
            "function h L9-9",
        ])
    }

    /// Shapes of a real client module (sentry-elixir's): a heredoc sigil holding `fn … end`, `quote do`, a bodiless
    /// head with a default, a head whose guard and `do:` run over three lines, `if(…) do`, `with … else … end`, `?\\n`.
    func testARealClientModule() {
        let source = #"""
defmodule Sentry.Client do
  @moduledoc ~S"""
  config :sentry,
    before_send_event: fn(event) ->
      %{event | extra: 1}
    end,
  """
  quote do
    unquote(@sentry_client "sentry-elixir/#{Mix.Project.config()[:version]}")
  end

  defp try_request(url, headers, event_body_tuple, current_attempt \\ 1)

  defp try_request(_, _, _, current_attempt)
       when current_attempt > @max_attempts,
       do: :error

  defp try_request(url, headers, {event, body}, current_attempt) do
    case request(url, headers, body) do
      {:error, error} ->
        if(current_attempt == 1) do
          log(1)
        else
          log(2)
        end
        if current_attempt < @max_attempts, do: sleep(current_attempt)
    end
  end

  def get_dsn do
    with %URI{userinfo: userinfo}
         when is_binary(path) <- URI.parse(dsn),
         endpoint <- "#{protocol}://#{host}" do
      {endpoint}
    else
      _ -> :error
    end
  end

  defp log_api_error(body) do
    Logger.warn(fn ->
      ["Failed", ?\n, body]
    end)
  end

  defp sleep(1), do: :timer.sleep(2000)
  def hackney_pool_name do
    @hackney_pool_name
  end
end
"""#
        XCTAssertEqual(blocks(source), [
            "container - L1-50", "other - L8-10", "function try_request L12-12", "function try_request L14-16",
            "function try_request L18-28", "other - L19-27", "other - L21-25", "function get_dsn L30-38", "other - L33-37",
            "function log_api_error L40-44", "function - L41-43", "function sleep L46-46", "function hackney_pool_name L47-49",
        ])
    }

    func testPipelinesContinueAOneLineBody() {
        let source = #"""
defmodule A do
  def f(xs), do: xs
    |> Enum.map(&g/1)
    |> Enum.sum()
  def g(x), do: x
end
"""#
        XCTAssertEqual(blocks(source), ["container - L1-6", "function f L2-4", "function g L5-5"])
    }
}
