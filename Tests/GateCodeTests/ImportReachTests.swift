@testable import GateCode
import XCTest

/// `ChatCompletionsRecognizer` with its byte-level test: a file without the word `completions` has no leaf.
private struct PrefilteredRecognizer: LeafRecognizer {
    let inner = ChatCompletionsRecognizer()

    func paidLeaves(in lexed: LexedSource, path: String) -> [PaidLeaf] { inner.paidLeaves(in: lexed, path: path) }
    func guardTokens(in lexed: LexedSource) -> [Int] { inner.guardTokens(in: lexed) }
    func mayHavePaidLeaves(_ bytes: [UInt8]) -> Bool {
        let word = Array("completions".utf8)
        return bytes.count >= word.count && (0...(bytes.count - word.count)).contains { bytes[$0..<$0 + word.count].elementsEqual(word) }
    }
}

/// Files whose imports cannot reach a paid call are told apart before their facts are extracted; the answer
/// must never be "no" for a file one of whose calls does reach one.
final class ImportReachTests: XCTestCase {
    private let wrapper = """
        import OpenAI from "openai";
        const openai = new OpenAI();
        export async function complete(p: string) {
          return openai.chat.completions.create({ model: "gpt-4o", messages: [] });
        }

        """

    private func verdict(_ index: CodeIndex, _ files: [String: String], _ path: String) -> Bool? {
        guard let language = SourceLanguage(path: path), let text = files[path] else { return nil }
        let bytes = Array(text.utf8)
        return index.importsMayReachPaid(path: path, language: language, bytes: bytes, lexed: Lexer.lex(bytes, language: language))
    }

    /// Every file's verdict against what its calls really reach: a file with a call that reaches a paid call in
    /// another file must be judged able to.
    private func assertVerdictsAgreeWithReach(_ files: [String: String], file: StaticString = #filePath, line: UInt = #line) {
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer())
        for path in files.keys.sorted() {
            guard let language = SourceLanguage(path: path), let text = files[path] else { continue }
            let lexed = Lexer.lex(Array(text.utf8), language: language)
            let facts = index.facts(of: path, lexed: lexed)
            guard facts.paidLeaves.isEmpty else { continue }
            let reaching = facts.calls.filter { !index.reach(of: $0, in: facts).paid.isEmpty }.map(\.name)
            if !reaching.isEmpty {
                XCTAssertEqual(verdict(index, files, path), true, "\(path) calls \(reaching)", file: file, line: line)
            }
        }
    }

    func testTypeScriptFilesAreJudgedByWhatTheirImportsReach() {
        let files = [
            "tsconfig.json": #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }"#,
            "src/lib/ai.ts": wrapper,
            "src/lib/index.ts": "export * from \"./ai\";\nexport { formatDate } from './dates';\n",
            "src/lib/dates.ts": "export function formatDate(d: Date) {\n  return d.toISOString();\n}\n",
            "src/lib/format.ts": "import { formatDate } from \"./dates\";\nexport const label = (d: Date) => formatDate(d);\n",
            "src/services/summary.ts": "import { complete } from \"../lib\";\nexport const summarize = async (t: string) => complete(t);\n",
            "src/routes/report.ts": "import { summarize } from \"@/services/summary\";\nexport function report(t: string) {\n  return summarize(t);\n}\n",
            "src/routes/lazy.ts": "export async function lazy(t: string) {\n  const { complete } = await import(\"../lib/ai\");\n  return complete(t);\n}\n",
            "src/routes/required.js": "const ai = require('../lib/ai');\nmodule.exports = (t) => ai.complete(t);\n",
            "src/ui/button.tsx": "import { label } from \"@/lib/format\";\nimport { useState } from \"react\";\nexport function Button() {\n  return label(new Date());\n}\n",
            "src/ui/missing.tsx": "import { Card } from \"@/components/card\";\nexport const x = Card();\n",
            // Modules are read and followed one at a time until one may reach: the reaching one last, after
            // modules that cannot (in the changed file, and in a file of the tree it imports).
            "src/routes/late.ts": "import { formatDate } from \"../lib/dates\";\nimport { label } from '@/lib/format';\n"
                + "export async function late(t: string) {\n  formatDate(new Date());\n"
                + "  const { complete } = await import(\"../lib/ai\");\n  return complete(label(new Date()) + t);\n}\n",
            "src/lib/later.ts": "import { formatDate } from \"./dates\";\nimport { label } from \"./format\";\n"
                + "export { complete } from \"./ai\";\nexport const stamp = () => label(new Date()) + formatDate(new Date());\n",
            "src/routes/via-later.ts": "import { complete } from \"../lib/later\";\nexport const ask = (t: string) => complete(t);\n",
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer())
        for path in ["src/services/summary.ts", "src/routes/report.ts", "src/routes/lazy.ts", "src/routes/required.js",
                     "src/routes/late.ts", "src/routes/via-later.ts"] {
            XCTAssertEqual(verdict(index, files, path), true, path)
        }
        // A barrel that re-exports a paid module makes every importer of the barrel able to reach it, even for
        // a name that is not the paid one: judged by file, not by name.
        XCTAssertEqual(verdict(index, files, "src/lib/format.ts"), false)
        XCTAssertEqual(verdict(index, files, "src/ui/button.tsx"), false)
        XCTAssertEqual(verdict(index, files, "src/ui/missing.tsx"), false)
        XCTAssertEqual(index.stats.filesUnableToReachPaid, 3)
        assertVerdictsAgreeWithReach(files)
    }

    /// In an import cycle, a file seen while its importer is still being visited is not remembered as unable:
    /// whichever file of the cycle is asked first, both can reach the paid call one of them imports.
    func testAnImportCycleIsAnsweredTheSameInEitherOrder() {
        let files = [
            "lib/ai.ts": wrapper,
            "lib/a.ts": "import { b } from \"./b\";\nexport const a = () => b();\n",
            "lib/b.ts": "import { a } from \"./a\";\nimport { complete } from \"./ai\";\nexport const b = () => complete(\"x\") && a();\n",
            "app/first.ts": "import { b } from \"../lib/b\";\nexport const one = () => b();\n",
            "app/second.ts": "import { a } from \"../lib/a\";\nexport const two = () => a();\n",
        ]
        for order in [["app/first.ts", "app/second.ts"], ["app/second.ts", "app/first.ts"]] {
            let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer())
            for path in order { XCTAssertEqual(verdict(index, files, path), true, "\(path) after \(order)") }
        }
        let closed = files.merging(["lib/b.ts": "import { a } from \"./a\";\nexport const b = () => a();\n"]) { $1 }
        let index = CodeIndex(tree: InMemorySourceTree(closed), recognizer: PrefilteredRecognizer())
        XCTAssertEqual(verdict(index, closed, "app/second.ts"), false)
        XCTAssertEqual(verdict(index, closed, "app/first.ts"), false)
        assertVerdictsAgreeWithReach(files)
    }

    /// A question reads a bounded number of files: past the bound the file is taken to reach a paid call (it
    /// is then analysed as before), and that guess is not remembered for questions with budget left.
    func testAWalkPastItsBudgetAssumesTheFileMayReach() {
        var files: [String: String] = [:]
        for step in 1...6 {
            files["lib/step\(step).ts"] = step < 6 ? "import { s\(step + 1) } from \"./step\(step + 1)\";\nexport const s\(step) = () => s\(step + 1)();\n"
                : "export const s6 = () => 6;\n"
        }
        files["app/page.ts"] = "import { s1 } from \"../lib/step1\";\nexport const page = () => s1();\n"
        files["app/short.ts"] = "import { s3 } from \"../lib/step3\";\nexport const short = () => s3();\n"
        // page needs six files, short four (step3 to step6), which its own walk may read: the guesses page's
        // walk made for step1 to step4 must not answer for it.
        let bounded = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer(), importWalkLimit: 4)
        XCTAssertEqual(verdict(bounded, files, "app/page.ts"), true)
        XCTAssertEqual(verdict(bounded, files, "app/short.ts"), false)
        // What short's walk learnt is remembered: page's walk now reads two files and knows the rest.
        XCTAssertEqual(verdict(bounded, files, "app/page.ts"), false)
        let unbounded = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer())
        XCTAssertEqual(verdict(unbounded, files, "app/page.ts"), false)
    }

    func testPythonSubmodulesAndPackagesCount() {
        let files = [
            "app/__init__.py": "",
            "app/services/__init__.py": "",
            "app/services/llm.py": pythonChatWrapper,
            "app/services/summary.py": "from . import llm\n\ndef summarize(text):\n    return llm.complete(text)\n",
            "app/utils/__init__.py": "",
            "app/utils/fmt.py": "def title(text):\n    return text.title()\n",
            "app/jobs/nightly.py": "from app.services import summary\n\ndef run(rows):\n    for row in rows:\n        summary.summarize(row)\n",
            "app/jobs/report.py": "import app.services.summary as summary\n\ndef run(t):\n    return summary.summarize(t)\n",
            "app/views/page.py": "from app.utils.fmt import title\n\ndef page(t):\n    return title(t)\n",
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer())
        for path in ["app/services/summary.py", "app/jobs/nightly.py", "app/jobs/report.py"] {
            XCTAssertEqual(verdict(index, files, path), true, path)
        }
        XCTAssertEqual(verdict(index, files, "app/views/page.py"), false)
        // Python's imports are read from tokens: without them there is no verdict yet.
        XCTAssertNil(index.importsMayReachPaid(
            path: "app/views/page.py", language: .python, bytes: Array((files["app/views/page.py"] ?? "").utf8), lexed: nil))
        assertVerdictsAgreeWithReach(files)
    }

    /// Languages that reach other files without imports (same package, autoloading, type lookup) always may.
    func testLanguagesWithoutExplicitImportsAlwaysMay() {
        let files = ["svc/handler.go": "package svc\n\nfunc Handle() string {\n\treturn Complete()\n}\n"]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: PrefilteredRecognizer())
        XCTAssertEqual(verdict(index, files, "svc/handler.go"), true)
        XCTAssertEqual(index.stats.filesUnableToReachPaid, 0)
    }

    /// Type-named languages reach another file by naming its type: a capitalised word that is the name of a
    /// tree file of the language (not the file itself), or `I` + that name for an interface.
    func testTypeNamedLanguagesMayReferenceATypeFileOfTheTree() {
        let index = CodeIndex(tree: InMemorySourceTree([
            "src/main/java/app/LlmService.java": "class LlmService {}\n",
            "src/main/kotlin/app/Reports.kt": "class Reports\n",
            "Services/BillingService.cs": "class BillingService {}\n",
            "app/Services/Mailer.php": "<?php class Mailer {}\n",
        ]), recognizer: PrefilteredRecognizer())
        func may(_ text: String, _ path: String) -> Bool {
            guard let language = SourceLanguage(path: path) else { return false }
            return index.mayReferenceProjectCode(Array(text.utf8), path: path, language: language)
        }
        XCTAssertTrue(may("class Chat { LlmService llm; }", "src/main/java/app/Chat.java"))
        XCTAssertTrue(may("class Chat { val r = Reports() }", "src/main/kotlin/app/Chat.kt"))
        XCTAssertTrue(may("class Chat { LlmService llm; }", "src/main/kotlin/app/Chat.kt"))
        XCTAssertFalse(may("class Chat { String s; List<Integer> xs; }", "src/main/java/app/Chat.java"))
        XCTAssertFalse(may("class LlmService { LlmService self; }", "src/main/java/app/LlmService.java"))
        XCTAssertTrue(may("class Pay { IBillingService billing; }", "Controllers/Pay.cs"))
        XCTAssertFalse(may("class Pay { IBilling billing; BillingServices x; }", "Controllers/Pay.cs"))
        XCTAssertTrue(may("<?php $m = new Mailer();", "app/Http/Controllers/Send.php"))
        XCTAssertFalse(may("<?php $Mailer = mail();", "app/Http/Controllers/Send.php"))
        // A type of another language's file is not one of these.
        XCTAssertFalse(may("class Pay { Mailer m; }", "Controllers/Pay.cs"))
    }

    /// The bytes name every module the tokens do, in every form an import takes.
    func testModulesReadFromBytesCoverThoseTheTokensName() {
        let source = """
            import Default from "./default";
            import * as everything from './star';
            import { a, b as c } from
              "./named";
            import type { T } from "./types";
            import "./side-effect";
            export * from "./reexported";
            export { d } from './reexported-named';
            const e = require("./required");
            const { f, g: h } = require('./destructured');
            import legacy = require("./legacy");
            const lazy = await import(`./lazy`);
            // a comment that says: import from "./commented"
            const text = "from the top";
            thing.import("./method-call");
            const transform = "importer"; const sort = 'x';

            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let resolver = TypeScriptResolver()
        let fromTokens = Set(resolver.imports(in: lexed).map(\.module) + resolver.reexports(in: lexed))
        let fromBytes = Set(resolver.importedModules(inBytes: lexed.bytes) ?? [])
        XCTAssertTrue(fromTokens.isSubset(of: fromBytes), "missing: \(fromTokens.subtracting(fromBytes))")
        XCTAssertEqual(fromBytes, [
            "./default", "./star", "./named", "./types", "./side-effect", "./reexported", "./reexported-named",
            "./required", "./destructured", "./legacy", "./lazy", "./commented", "./method-call",
        ])
    }

    /// The Python import lines read from the bytes: only lines that start with `from ` or `import ` after their
    /// indentation, each package's first name, wherever the line is (first, last without a newline, after blank lines).
    func testPythonImportedPackagesAreReadFromLineStarts() {
        let source = """
            import os.path
            from app.services.llm import complete
              import indented
            x = 1  # from comment import nothing

            from . import sibling
            from .relative import thing
            fromage = "import cheese"
            importlib = None
            import\tafter_tab
            \r
            from
            import _private, other
            from zeta import last
            """
        XCTAssertEqual(CodeIndex.pythonImportedPackages(Array(source.utf8)), ["os", "app", "indented", "_private", "zeta"])
        XCTAssertEqual(CodeIndex.pythonImportedPackages(Array("import ".utf8)), [], "a keyword with no name after it")
        XCTAssertEqual(CodeIndex.pythonImportedPackages(Array("import a".utf8)), ["a"])
        XCTAssertEqual(CodeIndex.pythonImportedPackages(Array("\nfrom b import c".utf8)), ["b"])
        // A statement is read where its `import` is: `from` alone is none.
        XCTAssertEqual(CodeIndex.pythonImportedPackages(Array("\nfrom b".utf8)), [])
        XCTAssertEqual(CodeIndex.pythonImportedPackages([]), [])
        // A project package imported on a later line than non-project ones makes the file reach project code.
        let index = CodeIndex(tree: InMemorySourceTree(["services/llm.py": "def complete(): pass\n"]), recognizer: PrefilteredRecognizer())
        XCTAssertTrue(index.mayReferenceProjectCode(Array("import os\nimport json\n\nfrom services.llm import complete\n".utf8),
                                                     path: "jobs/run.py", language: .python))
        // Imported inside a function or a block too.
        XCTAssertTrue(index.mayReferenceProjectCode(Array("import os\n\ndef run():\n    from services.llm import complete\n".utf8),
                                                     path: "jobs/run.py", language: .python))
        XCTAssertFalse(index.mayReferenceProjectCode(Array("import os\nimport json\n  from vendor.llm import complete\n".utf8),
                                                      path: "jobs/run.py", language: .python))
    }

    /// A JavaScript file may reference project code when a quote opens a relative, aliased or scoped specifier:
    /// the same answer as looking for each such quote-and-prefix pattern anywhere, at every alignment.
    func testLocalSpecifiersAreThosePatternsFind() {
        let patterns = BytePatterns(["\"./", "'./", "\"../", "'../", "\"@", "'@", "\"~/", "'~/", "\"#", "`./"])
        let openings = ["\"./", "'./", "\"../", "'../", "\"@", "'@", "\"~/", "'~/", "\"#", "`./",
                        "`../", "`@", "\".", "'~", "\"react", "'", "`", "\"", "\"..", "'.x"]
        for opening in openings {
            for pad in 0..<34 {
                for tail in ["", "x\"", " + 'a' + \"b\""] {
                    let text = "const a = `t` + 'u';" + String(repeating: "q", count: pad) + opening + tail
                    let bytes = Array(text.utf8)
                    XCTAssertEqual(CodeIndex.quotesLocalSpecifier(bytes), patterns.matches(bytes), text)
                }
            }
        }
        XCTAssertTrue(CodeIndex.quotesLocalSpecifier(Array("import { a } from \"@/lib/a\";".utf8)))
        XCTAssertFalse(CodeIndex.quotesLocalSpecifier(Array("import React from 'react'; const s = \"a./b\";".utf8)))
        XCTAssertFalse(CodeIndex.quotesLocalSpecifier([]))
    }
}
