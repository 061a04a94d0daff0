@testable import GateCode
import XCTest

/// Code inside string interpolation is lexed as code: the string stays one token with its whole contents (secret and
/// URL readers see the literal as written), and the interpolations' tokens follow it, flagged `interpolated`.
final class LexerInterpolationTests: XCTestCase {
    /// The tokens as `kind:text`, an interpolated one marked with a leading `+`.
    private func tokens(_ text: String, _ language: SourceLanguage) -> [String] {
        let lexed = Lexer.lex(Array(text.utf8), language: language)
        return lexed.tokens.indices.map { index in
            let token = lexed.tokens[index]
            let kind = switch token.kind {
            case .identifier: "i"
            case .number: "n"
            case .string: "s"
            case .punctuation: "p"
            }
            return (token.interpolated ? "+" : "") + kind + ":" + lexed.text(index)
        }
    }

    func testTokenStaysTwentyFourBytes() {
        XCTAssertEqual(MemoryLayout<Token>.stride, 24)
    }

    func testJavaScriptTemplateLiteral() {
        XCTAssertEqual(tokens("x = `Summary: ${await summarize(t)}!`;", .typescript), [
            "i:x", "p:=", "s:Summary: ${await summarize(t)}!", "+i:await", "+i:summarize", "+p:(", "+i:t", "+p:)", "p:;",
        ])
        // An escaped `\${` is text; a nested template's interpolation is code too.
        XCTAssertEqual(tokens("`a \\${b} ${`c ${d()}`}`", .javascript), [
            "s:a \\${b} ${`c ${d()}`}", "+s:c ${d()}", "+i:d", "+p:(", "+p:)",
        ])
        // A tagged template interpolates values; a comment inside the code is skipped.
        XCTAssertEqual(tokens("sql`SELECT ${id /* key */}`", .javascript), ["i:sql", "s:SELECT ${id /* key */}", "+i:id"])
        // Text that only looks like a call is no code.
        XCTAssertEqual(tokens("`openai.chat.completions.create()`", .javascript), ["s:openai.chat.completions.create()"])
    }

    func testPythonFStrings() {
        XCTAssertEqual(tokens("f\"{{x}} {tag(p)!r:>{w}}\"\n", .python), [
            "s:{{x}} {tag(p)!r:>{w}}", "+i:tag", "+p:(", "+i:p", "+p:)", "+p:!", "+i:r", "+p::", "+p:>", "+p:{", "+i:w", "+p:}",
        ])
        // Only f-strings interpolate; a quote in a format spec does not run past the string's end (its field is
        // then left as text).
        XCTAssertEqual(tokens("\"{a(b)}\"\nrf\"{x:'>8}\" + y\n", .python), ["s:{a(b)}", "s:{x:'>8}", "p:+", "i:y"])
        // A triple-quoted f-string across lines: its code keeps its lines and opens no indentation block.
        let lexed = Lexer.lex(Array("def f():\n    return f\"\"\"A\n{g(x)}\nB\"\"\"\nh()\n".utf8), language: .python)
        let g = lexed.tokens.firstIndex { lexed.text($0.start..<$0.end) == "g" }!
        XCTAssertEqual(lexed.tokens[g].line, 3)
        XCTAssertEqual(lexed.tokens[g].column, 2)
        XCTAssertFalse(lexed.tokens[g].firstOnLine)
        XCTAssertEqual(lexed.enclosingFunction(of: g), 0)
        let h = lexed.tokens.firstIndex { lexed.text($0.start..<$0.end) == "h" }!
        XCTAssertEqual(lexed.enclosingFunction(of: h), -1)
    }

    func testComprehensionInsideFStringIsALoop() {
        let lexed = Lexer.lex(Array("print(f\"{', '.join(tag(x) for x in xs)}\")\n".utf8), language: .python)
        let tag = lexed.tokens.firstIndex { lexed.text($0.start..<$0.end) == "tag" }!
        XCTAssertTrue(lexed.enclosingBlocks(of: tag).contains { lexed.blocks[$0].kind == .loop })
    }

    func testRubyAndElixir() {
        XCTAssertEqual(tokens("render plain: \"T: #{W.call(params[:p])}\"\n", .ruby), [
            "i:render", "i:plain", "p::", "s:T: #{W.call(params[:p])}", "+i:W", "+p:.", "+i:call", "+p:(", "+i:params",
            "+p:[", "+p::", "+i:p", "+p:]", "+p:)",
        ])
        XCTAssertEqual(tokens("'#{a()}' + \"#{h[\"}\"]}\"", .ruby), ["s:#{a()}", "p:+", "s:#{h[\"}\"]}", "+i:h", "+p:[", "+s:}", "+p:]"])
        XCTAssertEqual(tokens("text(conn, \"#{AI.go(t)}\")", .elixir), [
            "i:text", "p:(", "i:conn", "p:,", "s:#{AI.go(t)}", "+i:AI", "+p:.", "+i:go", "+p:(", "+i:t", "+p:)", "p:)",
        ])
        XCTAssertEqual(tokens("~S\"#{a()}\"", .elixir), ["s:#{a()}"])
    }

    func testRubyHeredocsAndPercentLiterals() {
        // `<<~X`, `<<-X` and `<<~"X"` interpolate; `<<~'X'` and an escaped `\#{` are text.
        XCTAssertEqual(tokens("x = <<~T\n  a #{S.call(p)}\n  b \\#{no()}\nT\n", .ruby), [
            "i:x", "p:=", "s:  a #{S.call(p)}\n  b \\#{no()}\n", "+i:S", "+p:.", "+i:call", "+p:(", "+i:p", "+p:)",
        ])
        XCTAssertEqual(tokens("y(<<-\"T\", <<~'U')\n#{a()}\nT\n#{b()}\nU\n", .ruby), [
            "i:y", "p:(", "p:,", "p:)", "s:#{a()}\n", "+i:a", "+p:(", "+p:)", "s:\n#{b()}\n",
        ])
        // `%Q`, `%`, `%W`, `%I` interpolate (a `{…}` delimiter still nests); `%q`, `%w`, `%i` do not.
        XCTAssertEqual(tokens("%Q{s #{f({})} e} + %(#{g}) + %W[#{h} i] + %q(#{j}) + %w[#{k}]", .ruby), [
            "s:s #{f({})} e", "+i:f", "+p:(", "+p:{", "+p:}", "+p:)", "p:+", "s:#{g}", "+i:g", "p:+", "s:#{h} i", "+i:h",
            "p:+", "s:#{j}", "p:+", "s:#{k}",
        ])
    }

    func testRubyEndInsideInterpolationClosesOnlyItsOwnBlock() {
        let source = "def show\n  x = \"#{if a then b() else c end}\"\n  d()\nend\n"
        let lexed = Lexer.lex(Array(source.utf8), language: .ruby)
        let d = lexed.tokens.firstIndex { lexed.text($0.start..<$0.end) == "d" }!
        XCTAssertEqual(lexed.name(ofBlock: lexed.enclosingFunction(of: d)), "show")
    }

    func testCSharpKotlinSwiftPHP() {
        XCTAssertEqual(tokens("$\"{{s}}: {await S.Go(n)}\"", .csharp), [
            "s:{{s}}: {await S.Go(n)}", "+i:await", "+i:S", "+p:.", "+i:Go", "+p:(", "+i:n", "+p:)",
        ])
        XCTAssertEqual(tokens("$@\"C:\\{a()}\" + @$\"{b()}\" + $$\"\"\"{{c()}}\"\"\"", .csharp), [
            "s:C:\\{a()}", "+i:a", "+p:(", "+p:)", "p:+", "s:{b()}", "+i:b", "+p:(", "+p:)", "p:+", "s:{{c()}}",
        ])
        XCTAssertEqual(tokens("\"Bearer ${System.getenv(\"K\")} $name\"", .kotlin), [
            "s:Bearer ${System.getenv(\"K\")} $name", "+i:System", "+p:.", "+i:getenv", "+p:(", "+s:K", "+p:)",
        ])
        XCTAssertEqual(tokens("\"A \\(try f(x)) \\n\"", .swift), ["s:A \\(try f(x)) \\n", "+i:try", "+i:f", "+p:(", "+i:x", "+p:)"])
        XCTAssertEqual(tokens("#\"\\(f())\"#", .swift), ["s:\\(f())"])
        XCTAssertEqual(tokens("\"S: {$s->go($r->input('t'))} ${n} {x} $\"", .php), [
            "s:S: {$s->go($r->input('t'))} ${n} {x} $", "+i:$s", "+p:->", "+i:go", "+p:(", "+i:$r", "+p:->", "+i:input",
            "+p:(", "+s:t", "+p:)", "+p:)", "+i:n",
        ])
        XCTAssertEqual(tokens("'{$a->b()}'", .php), ["s:{$a->b()}"])
    }

    func testPHPHeredocAndNowdoc() {
        XCTAssertEqual(tokens("f(<<<EOT\n  it's {$a->b()} ${n}\n  EOT);\ng();", .php), [
            "i:f", "p:(", "s:  it's {$a->b()} ${n}\n", "+i:$a", "+p:->", "+i:b", "+p:(", "+p:)", "+i:n", "p:)", "p:;",
            "i:g", "p:(", "p:)", "p:;",
        ])
        XCTAssertEqual(tokens("$s = <<<'EOT'\nAi::complete($x) {$a->b()}\nEOT;\n", .php), [
            "i:$s", "p:=", "s:Ai::complete($x) {$a->b()}\n", "p:;",
        ])
    }

    func testMultiLineStringsInterpolate() {
        XCTAssertEqual(tokens("let s = \"\"\"\n  a \\(f(x))\n  \"\"\"\n", .swift), [
            "i:let", "i:s", "p:=", "s:\n  a \\(f(x))\n  ", "+i:f", "+p:(", "+i:x", "+p:)",
        ])
        XCTAssertEqual(tokens("val s = \"\"\"\n  a ${f(x)}\n\"\"\"\n", .kotlin), [
            "i:val", "i:s", "p:=", "s:\n  a ${f(x)}\n", "+i:f", "+p:(", "+i:x", "+p:)",
        ])
    }

    func testUnterminatedAndUnbalancedInterpolationsEndWithTheirCode() {
        // An interpolation left open at the end of the file or line is text; no code runs past it.
        XCTAssertEqual(tokens("`a ${f(", .javascript), ["s:a ${f("])
        XCTAssertEqual(tokens("f\"{g(\"\nh()\n", .python), ["s:{g(", "i:h", "p:(", "p:)"])
        // A stray `)` inside the braces closes nothing outside them.
        let lexed = Lexer.lex(Array("call(`${x)}`, y)".utf8), language: .javascript)
        XCTAssertEqual(lexed.partner[1], lexed.tokens.count - 1)
        // Deep nesting stops being lexed as code, without running on.
        let deep = String(repeating: "`${", count: 12) + "f()" + String(repeating: "}`", count: 12) + ";g()"
        let nested = tokens(deep, .javascript)
        XCTAssertEqual(Array(nested.suffix(4)), ["p:;", "i:g", "p:(", "p:)"])
    }

    /// A backslash at a line's end inside a string continues the string, but the line still ends: the tokens after it
    /// keep their own line numbers (findings and fingerprints point at them).
    func testLineContinuationsInsideStringsCountTheirLines() {
        func line(of word: String, in text: String, _ language: SourceLanguage) -> Int? {
            let lexed = Lexer.lex(Array(text.utf8), language: language)
            return lexed.tokens.indices.first { lexed.text($0) == word }.map { lexed.tokens[$0].line }
        }
        let template = "const prompt = `You are a helper.\\\nAnswer briefly.\\\nBe kind.`;\nawait openai.chat.completions.create({});\n"
        XCTAssertEqual(line(of: "openai", in: template, .typescript), 4)
        let quoted = "s = \"one \\\ntwo \\\r\nthree\"\nclient.create()\n"
        XCTAssertEqual(line(of: "client", in: quoted, .python), 4)
        let ruby = "words = %w(a \\\nb c)\nclient.create\n"
        XCTAssertEqual(line(of: "client", in: ruby, .ruby), 3)
    }
}

