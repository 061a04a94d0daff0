@testable import GateCode
import GateCore
import XCTest

/// The byte- and token-level fast paths of import reading must find exactly what a plain scan finds.
final class ScanFastPathTests: XCTestCase {
    /// Every quote kind at every offset of buffers around the eight-byte word and sixteen-byte block sizes, and
    /// none at all.
    func testNextQuoteFindsTheFirstQuoteAtEveryOffset() {
        for length in 0..<42 {
            for quote in [Byte.quote, Byte.apostrophe, Byte.backtick] {
                for at in 0...length {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    // Bytes that differ from a quote in one bit, and non-ASCII ones, must not answer.
                    for index in bytes.indices where index % 3 == 1 { bytes[index] = [0x23, 0x26, 0x60 ^ 0x80, 0xE2][index % 4] }
                    if at < length { bytes[at] = quote }
                    for start in 0...length {
                        let found = bytes.withUnsafeBufferPointer { ByteSearch.nextQuote(in: $0, from: start) }
                        let expected = bytes.indices.first { $0 >= start && [Byte.quote, Byte.apostrophe, Byte.backtick].contains(bytes[$0]) }
                        XCTAssertEqual(found, expected, "length \(length), quote at \(at), from \(start)")
                    }
                }
            }
        }
    }

    /// The specifiers the import reader finds by its keywords are exactly those a plain scan finds by walking back
    /// from every quote (over white space and one `(`) to a whole `from`, `import` or `require`: random buffers of
    /// keywords, near misses, white space, parentheses and quotes, around the sixteen-byte block at every alignment.
    func testImportKeywordScanFindsWhatAPlainScanFinds() {
        let pieces = ["from", "import", "require", "xfrom", "imports", "requir", "_import", "m", "t", "e", " ", "\n", "\t",
                      "(", "\"", "'", "`", "a", "./m", "=", "\u{E9}"]
        var generator = SystemRandomNumberGenerator()
        let resolver = TypeScriptResolver()
        for _ in 0..<4_000 {
            let count = Int.random(in: 0..<24, using: &generator)
            let bytes = Array((0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            XCTAssertEqual(
                resolver.importedModules(inBytes: bytes), Self.specifiersByPlainScan(bytes),
                String(decoding: bytes, as: UTF8.self).debugDescription)
        }
    }

    /// The specifiers after every quote that follows a keyword, found by looking back from each quote.
    private static func specifiersByPlainScan(_ bytes: [UInt8]) -> [String] {
        let quotes = [Byte.quote, Byte.apostrophe, Byte.backtick]
        let space = Array(" \t\n\r".utf8)
        var result: [String] = []
        for quote in bytes.indices where quotes.contains(bytes[quote]) {
            var cursor = quote - 1
            while cursor >= 0, space.contains(bytes[cursor]) { cursor -= 1 }
            if cursor >= 0, bytes[cursor] == Byte.openParen {
                cursor -= 1
                while cursor >= 0, space.contains(bytes[cursor]) { cursor -= 1 }
            }
            let follows = ["from", "import", "require"].contains { word in
                let word = Array(word.utf8)
                let start = cursor + 1 - word.count
                return start >= 0 && Array(bytes[start...cursor]) == word
                    && (start == 0 || !Byte.isIdentifierPart(bytes[start - 1]))
            }
            guard follows else { continue }
            var end = quote + 1
            while end < bytes.count, end - quote < 512, bytes[end] != bytes[quote], bytes[end] != Byte.newline { end += 1 }
            if end < bytes.count, bytes[end] == bytes[quote] {
                result.append(String(decoding: bytes[(quote + 1)..<end], as: UTF8.self))
            }
        }
        return result
    }

    func testImportedModulesAcrossWordBoundariesAndAtTheEnd() {
        let resolver = TypeScriptResolver()
        // Specifiers at every alignment, quotes in code between them, and one closing on the file's last byte.
        var source = ""
        for pad in 0..<9 {
            source += String(repeating: " ", count: pad) + "import x\(pad) from './m\(pad)'; const s\(pad) = \"q\";\n"
        }
        source += "const lazy = require(`./last`)"
        let modules = resolver.importedModules(inBytes: Array(source.utf8)) ?? []
        XCTAssertEqual(modules, (0..<9).map { "./m\($0)" } + ["./last"])
        XCTAssertEqual(resolver.importedModules(inBytes: Array("import './unterminated".utf8)), [])
        XCTAssertEqual(resolver.importedModules(inBytes: []), [])
        // The keyword at the very start, white space and a parenthesis between, and words that only end in one.
        let keywords = "from'a' xfrom 'b' _import('c') require\n(\n'd') import\t`e` re(\"f\") m 'g' t\"h\""
        XCTAssertEqual(resolver.importedModules(inBytes: Array(keywords.utf8)), ["a", "d", "e"])
        // Markup between imports: quotes after `=` and `{` are passed over, one after a keyword is still read.
        let component = "import { Button } from \"@/components/ui/button\";\n"
            + String(repeating: "<div className=\"flex gap-2\">{\"label\"}</div>\n", count: 5)
            + "const Chart = lazy(() => import(\"./chart\"));\nconst t = x ?? \"limit\";\n"
        XCTAssertEqual(resolver.importedModules(inBytes: Array(component.utf8)), ["@/components/ui/button", "./chart"])
    }

    func testKeywordIndicesAreThoseEveryTokenComparedFinds() {
        let source = """
            import a from "./a"; export * from './b'; export { c } from "./c";
            const imports = require("./d"), exported = requireX("./e"); x.import("f"); const r = "require";
            export default function importer() { return require('./g') }
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        // The lexer's noted keywords, and words it does not note (every token compared).
        let words: [StaticString] = ["import", "export", "require", "from", "const"]
        for chosen in [[words[0]], [words[0], words[1]], [words[2]], Array(words[0..<3]), [words[3]], [words[0], words[4]]] {
            let expected = lexed.tokens.indices.filter { index in chosen.contains { lexed.token(index, is: $0) } }
            XCTAssertEqual(lexed.indices(ofWords: chosen), expected)
            XCTAssertFalse(expected.isEmpty)
        }
        let resolver = TypeScriptResolver()
        XCTAssertEqual(resolver.imports(in: lexed).map(\.module), ["./a", "./c", "./d"])
        XCTAssertEqual(resolver.reexports(in: lexed), ["./b"])
    }

    func testFunctionNamesAreNotCallsButEveryCallOfThemIs() {
        let source = """
            export async function outer(a) {
              function inner(b) { return complete(b) }
              const arrow = async (c) => inner(c);
              return outer(arrow(a));
            }
            class Service { run(x) { return this.run(x) } }
            def(1); outer(2)
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let facts = FactExtractor.extract(
            path: "a.ts", lexed: lexed, resolver: TypeScriptResolver(), leaves: [],
            guards: FileGuards(.init(tokens: [], lexed: lexed)))
        XCTAssertEqual(facts.calls.map(\.name), ["complete", "async", "inner", "outer", "arrow", "run", "outer"])
        XCTAssertEqual(Set(facts.definitions.map(\.name)), ["outer", "inner", "run"])
    }

    /// The byte-and-length prefilter before the enqueue tables must pass every name they hold.
    func testEnqueuePrefilterPassesEveryEnqueueName() {
        let names = Array(WorkQueues.classMethods.keys) + Array(WorkQueues.functionMethods) + Array(WorkQueues.enqueueFunctions)
            + Array(WorkQueues.byNameFunctions)
        for name in names { XCTAssertTrue(WorkQueues.mayEnqueue(name), name) }
        for name in ["log", "perform", "dispatcher", "sendMail", "", "é", "enqueued", "delayed", "spawnSyncs"] {
            XCTAssertFalse(WorkQueues.mayEnqueue(name), name)
        }
    }

    /// Paths are listed by their file name, found in the bytes: every path, whatever its characters, is found by
    /// its name and by a `/`-anchored tail, as a plain comparison of the whole path finds it.
    func testPathsAreFoundByTheirFileName() {
        let paths = ["root.ts", "lib/ai.ts", "app/lib/ai.ts", "café/ünï.py", "a/b/c/LlmService.java", "x/é/ai.ts", "lib/ai.tsx"]
        let project = Project(tree: InMemorySourceTree(Dictionary(uniqueKeysWithValues: paths.map { ($0, "") })))
        for path in paths {
            let name = String(path.split(separator: "/").last ?? "")
            XCTAssertEqual(Set(project.paths(named: name)), Set(paths.filter { $0 == name || $0.hasSuffix("/" + name) }), name)
            XCTAssertEqual(Set(project.paths(endingWith: "/" + path)), Set(paths.filter { $0 == path || $0.hasSuffix("/" + path) }), path)
        }
        XCTAssertEqual(Set(project.paths(endingWith: "/lib/ai.ts")), ["lib/ai.ts", "app/lib/ai.ts"])
        XCTAssertEqual(project.paths(named: "lib"), [])
    }

    /// A call's member chain: outermost name first, through `?.`, `!.`, calls and subscripts, at most the eight
    /// names nearest the call, `new` kept on a constructed root; the same callee has the same fingerprint.
    func testMemberChainsOfCalls() {
        let source = """
            this.llm.complete(a);
            client?.chat.completions.create(x);
            getClient()!.chat.send(y);
            a.b.c.d.e.f.g.h.i.j(z);
            new Summarizer(k).run(v);
            items[0].save();
            work();
            this.llm.complete(b);
            this.other.complete(c);
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let index = CodeIndex(tree: InMemorySourceTree([:]), recognizer: ChatCompletionsRecognizer())
        let calls = index.facts(of: "src/a.ts", lexed: lexed).calls
        func receiver(_ name: String) -> [String]? { calls.first { $0.name == name }?.receiver }
        XCTAssertEqual(receiver("complete"), ["this", "llm"])
        XCTAssertEqual(receiver("create"), ["client", "chat", "completions"])
        XCTAssertEqual(receiver("send"), ["getClient", "chat"])
        XCTAssertEqual(receiver("j"), ["b", "c", "d", "e", "f", "g", "h", "i"])
        XCTAssertEqual(receiver("run"), ["new Summarizer"])
        XCTAssertEqual(receiver("save"), ["items"])
        XCTAssertEqual(receiver("work"), [])
        guard let j = calls.first(where: { $0.name == "j" }) else { return XCTFail("no call of j") }
        XCTAssertEqual(lexed.text(FactExtractor.chainStart(lexed, at: j.token)), "b")
        let completes = calls.filter { $0.name == "complete" }
        XCTAssertEqual(completes.count, 3)
        XCTAssertEqual(completes[0].callee, completes[1].callee)
        XCTAssertNotEqual(completes[0].callee, completes[2].callee)
    }
}
