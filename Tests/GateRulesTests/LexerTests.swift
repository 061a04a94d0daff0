import GateRules
import XCTest

/// The byte lexers separate code from comments and strings, keep positions, and track nesting.
final class LexerTests: XCTestCase {
    private func lex(_ text: String, _ language: SourceLanguage) -> LexedSource {
        Lexer.lex(Array(text.utf8), language: language)
    }

    func testTokensStayCompactAndReadBackWhatWasStored() {
        // Millions of tokens per large change: 24 bytes each, not the 56 of five Ints.
        XCTAssertEqual(MemoryLayout<Token>.stride, 24)
        let lexed = lex("x = 1;\n" + String(repeating: " ", count: 70_000) + "y = call(z);\n", .typescript)
        guard let y = lexed.tokens.first(where: { $0.line == 2 }) else { return XCTFail("no token on line 2") }
        XCTAssertEqual(lexed.text(y.start..<y.end), "y")
        XCTAssertEqual(y.column, 70_001)
        XCTAssertEqual(y.start, 7 + 70_000)
        XCTAssertTrue(y.firstOnLine)
        XCTAssertEqual(y.kind, .identifier)
    }

    private func identifiers(_ source: LexedSource) -> [String] {
        source.tokens.indices.filter { source.tokens[$0].kind == .identifier }.map { source.text($0) }
    }

    private func strings(_ source: LexedSource) -> [String] {
        source.tokens.indices.filter { source.tokens[$0].kind == .string }.map { source.text($0) }
    }

    /// The kinds of the blocks enclosing the first token spelled `word`, innermost first.
    private func nesting(of word: String, in source: LexedSource) -> [BlockKind] {
        guard let index = source.tokens.indices.first(where: { source.tokens[$0].kind == .identifier && source.text($0) == word })
        else {
            XCTFail("no token \(word)")
            return []
        }
        return source.enclosingBlocks(of: index).map { source.blocks[$0].kind }
    }

    func testLanguageFromExtension() {
        XCTAssertEqual(SourceLanguage(path: "src/app/page.tsx"), .typescript)
        XCTAssertEqual(SourceLanguage(path: "lib/x.mjs"), .javascript)
        XCTAssertEqual(SourceLanguage(path: "app/models/user.rb"), .ruby)
        XCTAssertEqual(SourceLanguage(path: "a/b.py"), .python)
        XCTAssertEqual(SourceLanguage(path: "Main.kt"), .kotlin)
        XCTAssertEqual(SourceLanguage(path: "x.cs"), .csharp)
        XCTAssertNil(SourceLanguage(path: "README.md"))
        XCTAssertNil(SourceLanguage(path: "dir.py/file"))
        // Ruby's view templates: Jbuilder (an extension too long to pack) and RABL.
        XCTAssertEqual(SourceLanguage(path: "app/views/articles/show.json.jbuilder"), .ruby)
        XCTAssertEqual(SourceLanguage(path: "app/views/articles/SHOW.JBUILDER"), .ruby)
        XCTAssertEqual(SourceLanguage(path: "app/views/articles/index.rabl"), .ruby)
        XCTAssertNil(SourceLanguage(path: "app/views/articles/show.xbuilder"))
        XCTAssertNil(SourceLanguage(path: "scripts/backfill.py.txt"))
    }

    func testJavaScriptCommentsStringsTemplatesAndRegexes() {
        let source = lex("""
            const a = "not // a comment"; // call(openai)
            /* block openai.chat() */ const r = /ab"c\\/d/g;
            const t = `x ${y + "}"} z`;
            const half = total / 2 / count;
            """, .javascript)
        // The template's `${…}` is code after the template's whole string: `y` and its string `"}"`.
        XCTAssertEqual(identifiers(source), ["const", "a", "const", "r", "const", "t", "y", "const", "half", "total", "count"])
        XCTAssertEqual(strings(source), ["not // a comment", "ab\"c\\/d", "x ${y + \"}\"} z", "}"])
        let template = source.tokens.first { $0.kind == .string && source.text($0.start..<$0.end).hasPrefix("x ") }
        XCTAssertEqual(template?.line, 3)
        XCTAssertEqual(template?.column, 11)
    }

    func testCLikeNestingOfLoopsFunctionsAndFanOut() {
        let source = lex("""
            export async function embedAll(items) {
              for (const item of items) {
                await first(item);
              }
              return Promise.all(items.map(async (item) => {
                return second(item);
              }));
            }
            """, .typescript)
        XCTAssertEqual(nesting(of: "first", in: source), [.loop, .function])
        XCTAssertEqual(nesting(of: "second", in: source), [.function, .loop, .loop, .function], "map and Promise.all both fan out")
        let function = source.blocks.first { $0.kind == .function && $0.parent == -1 }
        XCTAssertEqual(function.map { source.text($0.nameRange ?? 0..<0) }, "embedAll")
        XCTAssertEqual(function?.startLine, 1)
        XCTAssertEqual(function?.endLine, 8)
    }

    /// A join of calls written out one by one runs each once: not a loop. A spread, an unpacked collection or a
    /// list built by iteration is a fan-out.
    func testJoinsOfWrittenOutCallsAreNotLoops() {
        let script = lex("""
            const [flagged, reply] = await Promise.all([moderate(text), answer(text)]);
            const all = await Promise.all([...jobs.map((j) => spread(j))]);
            const settled = await Promise.allSettled(pending);
            """, .typescript)
        XCTAssertEqual(nesting(of: "moderate", in: script), [.other, .other])
        XCTAssertEqual(nesting(of: "answer", in: script), [.other, .other])
        XCTAssertEqual(nesting(of: "spread", in: script).filter { $0 == .loop }.count, 2, "map and the spread join")
        XCTAssertEqual(nesting(of: "pending", in: script), [.loop])
        let python = lex("""
            async def enrich(doc, docs):
                summary, tags = await asyncio.gather(summarize(doc), tag(doc))
                results = await asyncio.gather(*[summarize(d) for d in docs])
                return await asyncio.gather(*tasks)
            """, .python)
        XCTAssertEqual(nesting(of: "tag", in: python), [.other, .function])
        XCTAssertTrue(nesting(of: "d", in: python).contains(.loop))
        XCTAssertEqual(nesting(of: "tasks", in: python), [.loop, .function])
    }

    func testGoRawStringsRangeLoopsAndFuncLiterals() {
        let source = lex("""
            func All(docs []string) {
            	query := `select "x" // not a comment`
            	for _, doc := range docs {
            		go func(d string) {
            			call(d)
            		}(doc)
            	}
            }
            """, .go)
        XCTAssertEqual(strings(source), ["select \"x\" // not a comment"])
        XCTAssertEqual(nesting(of: "call", in: source), [.function, .loop, .function])
    }

    func testPythonIndentationDecoratorsComprehensionsAndStrings() {
        let source = lex("""
            import os

            @app.post("/x")
            async def handler(body):
                \"\"\"Docstring mentioning client.call()\"\"\"
                # comment client.call()
                for item in body:
                    inner(item)
                values = [compute(v) for v in body]
                return f"{values}"

            after()
            """, .python)
        XCTAssertFalse(identifiers(source).contains("mentioning"))
        XCTAssertFalse(identifiers(source).contains("comment"))
        XCTAssertEqual(nesting(of: "inner", in: source), [.loop, .function])
        XCTAssertEqual(nesting(of: "compute", in: source), [.loop, .function])
        XCTAssertEqual(nesting(of: "after", in: source), [])
        let function = source.blocks.first { $0.kind == .function }
        XCTAssertEqual(function.map { source.text($0.nameRange ?? 0..<0) }, "handler")
        XCTAssertEqual(function?.startLine, 3, "the def's statement starts at its decorator")
        XCTAssertEqual(function.map { source.tokens[$0.headerStart].line }, 3)
        XCTAssertEqual(strings(source), ["/x", "Docstring mentioning client.call()", "{values}"])
    }

    /// A comprehension's first iterable runs once, before its loop; its element, conditions and later iterables
    /// run per item.
    func testAComprehensionsFirstIterableIsOutsideItsLoop() {
        let source = lex("""
            def vectors(client, docs):
                embeddings = [d.embedding for d in client.embeddings.create(input=docs).data]
                pairs = {k: ask(v) for k, v in lookup(docs).items() if keep(k)}
                nested = [y for x in outer() for y in fetch(x)]
                return embeddings, pairs, nested
            """, .python)
        XCTAssertEqual(nesting(of: "create", in: source), [.function])
        XCTAssertEqual(nesting(of: "lookup", in: source), [.function])
        XCTAssertEqual(nesting(of: "ask", in: source), [.loop, .function])
        XCTAssertEqual(nesting(of: "keep", in: source), [.loop, .function])
        XCTAssertEqual(nesting(of: "outer", in: source), [.function])
        XCTAssertEqual(nesting(of: "fetch", in: source), [.loop, .function])
    }

    func testRubyBlocksHeredocsAndComments() {
        let source = lex("""
            class Digest
              def deliver(users)
                return if users.empty?
                users.find_each do |user|
                  send_to(user)
                end
                prompt = <<~PROMPT
                  Summarize client.chat(parameters) please
                PROMPT
                after(prompt)
              end
            end
            =begin
            client.chat(parameters: {})
            =end
            """, .ruby)
        XCTAssertEqual(nesting(of: "send_to", in: source), [.loop, .function, .container])
        XCTAssertEqual(nesting(of: "after", in: source), [.function, .container])
        XCTAssertFalse(identifiers(source).contains("Summarize"))
        XCTAssertEqual(identifiers(source).filter { $0 == "client" }, [])
        XCTAssertTrue(strings(source).contains { $0.contains("Summarize client.chat") })
    }

    func testRustLifetimesAndRawStringsAndCSharpVerbatimStrings() {
        let rust = lex("""
            fn first<'a>(items: &'a [String]) -> &'a str { let s = r#"raw "quoted""#; loop { tick(); } }
            """, .rust)
        XCTAssertEqual(strings(rust), ["raw \"quoted\""])
        XCTAssertEqual(nesting(of: "tick", in: rust), [.loop, .function])
        let csharp = lex("""
            var path = @"C:\\dir\\""q"; // note
            Call(path);
            """, .csharp)
        XCTAssertEqual(strings(csharp), ["C:\\dir\\\"\"q"])
        XCTAssertEqual(identifiers(csharp), ["var", "path", "Call", "path"])
    }

    func testUnterminatedInputNeverCrashes() {
        for language in SourceLanguage.allCases {
            for text in ["\"unterminated", "/* open", "'''", "{ ( [", "} ) ]", "`x ${", "<<~EOS\nbody", "r#\"x", "@\"", "#\"x"] {
                let source = lex(text, language)
                for block in source.blocks { XCTAssertLessThanOrEqual(block.openToken, max(block.endToken, block.openToken)) }
            }
        }
    }
}
