@testable import GateCode
import XCTest

/// Loops whose body is one statement without braces: where the lexer says each body starts and ends.
final class StatementLoopTests: XCTestCase {
    /// Each statement loop's body, as the source text from its first token to its last.
    private func bodies(_ source: String, _ language: SourceLanguage) -> [String] {
        let lexed = Lexer.lex(Array(source.utf8), language: language)
        return lexed.statementLoops.map { loop in
            lexed.text(lexed.tokens[loop.body.lowerBound].start..<lexed.tokens[loop.body.upperBound].end)
        }
    }

    /// Whether the first token spelled `word` runs once per item of a loop.
    private func inLoop(_ source: String, _ language: SourceLanguage, _ word: String, occurrence: Int = 0) -> Bool {
        let lexed = Lexer.lex(Array(source.utf8), language: language)
        let matches = lexed.tokens.indices.filter { lexed.tokens[$0].kind == .identifier && lexed.text($0) == word }
        guard occurrence < matches.count else {
            XCTFail("no \(word) #\(occurrence)")
            return false
        }
        return FactExtractor.isInLoop(lexed, matches[occurrence])
    }

    func testJavaScriptBodiesEndAtTheirSemicolonOrLine() {
        XCTAssertEqual(bodies("for (const doc of docs) await summarize(doc);\nlog(1);\n", .javascript), ["await summarize(doc);"])
        XCTAssertEqual(bodies("for (const doc of docs) await summarize(doc)\nlog(1)\n", .typescript), ["await summarize(doc)"])
        XCTAssertEqual(
            bodies("for (const row of rows)\n  results.push(await openai.embeddings.create({\n    input: row.text }));\ndone();\n", .typescript),
            ["results.push(await openai.embeddings.create({\n    input: row.text }));"])
        XCTAssertEqual(bodies("while (cursor) cursor = await processPage(cursor)\nreturn cursor\n", .javascript),
                       ["cursor = await processPage(cursor)"])
        XCTAssertEqual(bodies("for await (const page of pages) handle(page);\n", .javascript), ["handle(page);"])
        // A member chain that goes on on the next line belongs to the statement.
        XCTAssertEqual(bodies("for (const d of docs)\n  client\n    .chat(d)\nnext()\n", .javascript), ["client\n    .chat(d)"])
    }

    /// A Node WebSocket's message loop runs once per message a client sends, not once per item of a batch; a
    /// `for await` over anything else (a stream's chunks, pages) is still a loop.
    func testNodeWebSocketMessageLoopsAreNoLoops() {
        let overSocket = "wss.on(\"connection\", async (ws) => {\n  for await (const msg of ws) {\n    await openai.chat(msg);\n  }\n});\n"
        XCTAssertFalse(inLoop(overSocket, .typescript, "openai"))
        let overEvents = "for await (const [data] of on(ws, \"message\")) {\n  await openai.chat(data);\n}\n"
        XCTAssertFalse(inLoop(overEvents, .javascript, "openai"))
        let overPages = "for await (const page of pages) {\n  await openai.chat(page);\n}\n"
        XCTAssertTrue(inLoop(overPages, .javascript, "openai"))
        let overOtherEvents = "for await (const [row] of on(stream, \"data\")) {\n  await openai.chat(row);\n}\n"
        XCTAssertTrue(inLoop(overOtherEvents, .javascript, "openai"))
    }

    func testOtherCLikeLanguages() {
        XCTAssertEqual(bodies("for (int i = 0; i < n; i++) client.chat(prompts[i]);\nother();", .java), ["client.chat(prompts[i]);"])
        XCTAssertEqual(bodies("foreach (var doc in docs) await kernel.InvokePromptAsync(doc);", .csharp),
                       ["await kernel.InvokePromptAsync(doc);"])
        XCTAssertEqual(bodies("<?php\nforeach ($items as $item) $client->chat()->create([]);\n", .php), ["$client->chat()->create([]);"])
        XCTAssertEqual(bodies("fun f() {\n    for (x in xs) client.generate(x)\n    println(1)\n}\n", .kotlin), ["client.generate(x)"])
        // A Java statement may span lines: it ends at its semicolon.
        XCTAssertEqual(bodies("for (String p : prompts)\n    client\n        .chat(p);\nother();", .java), ["client\n        .chat(p);"])
    }

    func testNestedStatementsAndDoLoops() {
        XCTAssertEqual(bodies("for (const a of as) for (const b of bs) f(a, b);\ng();", .javascript),
                       ["for (const b of bs) f(a, b);", "f(a, b);"])
        XCTAssertEqual(bodies("for (const x of xs) if (x.ok) send(x); else skip(x);\ng();", .javascript),
                       ["if (x.ok) send(x); else skip(x);"])
        XCTAssertEqual(bodies("do attempt++; while (!(await callModel()).ok && attempt < 3);", .javascript), ["attempt++;"])
        XCTAssertEqual(bodies("while (true) try { return await ask(); } catch (e) { await sleep(1); }\nnext();", .javascript),
                       ["try { return await ask(); } catch (e) { await sleep(1); }"])
        XCTAssertEqual(bodies("<?php\nforeach ($items as $item):\n  send($item);\nendforeach;\n", .php), ["send($item);"])
    }

    func testBracedLoopsAndNonLoopsAreNone() {
        XCTAssertEqual(bodies("for (const d of docs) {\n  f(d);\n}\nwhile (x) { g(); }\n", .javascript), [])
        XCTAssertEqual(bodies("do {\n  f();\n} while (more)\nnext()\n", .kotlin), [])
        XCTAssertEqual(bodies("do { f(); } while (more);\nwhile (busy);\n", .javascript), [])
        XCTAssertEqual(bodies("query.for(x).run();\nconst s = \"for (x of y) f(x);\"; // for (a of b) g(a);\n", .javascript), [])
        XCTAssertEqual(bodies("if (x) await openai.chat(x);\n", .javascript), [])
        // Languages whose loops need braces are not searched.
        XCTAssertEqual(bodies("func f() {\n\tfor i := 0; i < n; i++ {\n\t\tg(i)\n\t}\n}\n", .go), [])
    }

    func testWhatRunsPerItem() {
        let script = "async function run(docs) {\n  for (const d of docs) log(d);\n  await openai.chat(docs);\n  for (const d of docs) items.push(() => summarize(d));\n}\n"
        XCTAssertTrue(inLoop(script, .javascript, "log"))
        XCTAssertFalse(inLoop(script, .javascript, "openai"))
        // A callback in the body runs per item too, as it does in a braced body.
        XCTAssertTrue(inLoop(script, .javascript, "summarize"))
        // A named function defined in the body is only defined there.
        XCTAssertFalse(inLoop("for (const d of docs) register(function handle() { summarize(d); });\n", .javascript, "summarize"))
        XCTAssertFalse(inLoop("for (const d of docs) total += d.cost;\nsummarize(total);\n", .javascript, "summarize"))
    }

    func testEnclosuresComeInnermostFirst() {
        let source = "function run(groups) {\n  for (const g of groups) g.items.forEach((i) => { for (const d of i.docs) embed(d); });\n}\n"
        let lexed = Lexer.lex(Array(source.utf8), language: .javascript)
        let embed = lexed.tokens.indices.first { lexed.text($0) == "embed" }!
        var seen: [String] = []
        lexed.visitEnclosures(of: embed) { enclosure in
            switch enclosure {
            case .statementLoop(let loop): seen.append("statement \(lexed.text(lexed.statementLoops[loop].keyword))")
            case .block(let block): seen.append("\(lexed.blocks[block].kind) \(lexed.text(lexed.blocks[block].openToken))")
            }
            return true
        }
        XCTAssertEqual(seen, ["statement for", "function {", "loop (", "statement for", "function {"])
    }
}

extension StatementLoopTests {
    /// A brace inside a statement body is no loop of its own: the statement loop covers it, `catch` included.
    func testBracesInsideAStatementBodyAreNotLoopsOfTheirOwn() {
        let source = "while (true) try { return await ask(); } catch (e) { await sleep(1); }\nfor (const a of as) for (const b of bs) { f(b); }\n"
        let lexed = Lexer.lex(Array(source.utf8), language: .javascript)
        let loopBraces = lexed.blocks.filter { $0.kind == .loop }.map { lexed.tokens[$0.openToken].line }
        // Only the braced inner `for` of line 2 keeps its loop block.
        XCTAssertEqual(loopBraces, [2])
        XCTAssertEqual(lexed.statementLoops.count, 2)
    }
}

extension StatementLoopTests {
    /// What ends a line's statement where semicolons are optional: not a postfix `++` or a non-null `!!`, but an
    /// operator left hanging does not.
    func testLineEndsWhereSemicolonsAreOptional() {
        XCTAssertEqual(bodies("for (x in xs) println(x)!!\nclient.generate(p)\n", .kotlin), ["println(x)!!"])
        XCTAssertEqual(bodies("while (n < 3) n++\nawait ask()\n", .typescript), ["n++"])
        XCTAssertEqual(bodies("for (const i of items) i.total = i.price *\n  i.count\nawait ask()\n", .typescript),
                       ["i.total = i.price *\n  i.count"])
        XCTAssertEqual(bodies("for (const k in obj)\n  if (obj[k] == null) delete obj[k]\nawait ask()\n", .javascript),
                       ["if (obj[k] == null) delete obj[k]"])
    }
}
