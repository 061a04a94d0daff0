import GateCore
import GateRules
import XCTest

/// Requests to paid hosts written as shell commands, in the file kinds that hold shell text, and their batch contexts.
final class ShellRequestTests: XCTestCase {
    private func summary(_ text: String, _ path: String, base: String? = nil) -> [String] {
        Scanner().scan(DetectorExample(text, path: path, base: base).makeSourceFile())
            .filter { $0.category == .paidExternalCall || $0.category == .batchModelCall }
            .sorted { $0.line < $1.line }
            .map { "\($0.rule):\($0.line):\($0.provider ?? "-")" }
    }

    func testWindowsLineEndingsAndContinuedLines() {
        let script = "#!/bin/bash\r\nset -e\r\ncurl -sS \\\r\n  https://api.openai.com/v1/chat/completions -d @req.json\r\n"
        // As bytes, every line new (an example's text would be split on Swift's `\r\n` characters).
        let file = SourceFile(change: FileChange(path: "bin/ask", kind: .copied, hunks: [], content: .text(Array(script.utf8))))
        XCTAssertEqual(Scanner().scan(file).map { "\($0.rule):\($0.line):\($0.provider ?? "-")" }, ["paid-http-call:3:openai"])
    }

    func testAnExtensionlessFileIsShellOnlyByItsShebang() {
        XCTAssertEqual(summary("#!/usr/bin/env zsh\ncurl https://api.openai.com/v1/responses -d @r.json\n", "bin/notes"),
                       ["paid-http-call:2:openai"])
        XCTAssertEqual(summary("curl https://api.openai.com/v1/responses -d @r.json\n", "NOTES"), [])
    }

    func testASystemCrontabNamesItsUserBeforeTheCommand() {
        XCTAssertEqual(
            summary("0 2 * * * www-data /usr/bin/curl -s https://api.openai.com/v1/embeddings -d @e.json\n", "etc/cron.d/embed"),
            ["batch-model-call:1:openai"])
    }

    func testHTTPieTakesABareHostAndVariablesStandForTheirValue() {
        XCTAssertEqual(summary("#!/bin/sh\nhttp POST api.anthropic.com/v1/messages model=claude-3-5-haiku-latest\n", "ask.sh"),
                       ["paid-http-call:2:anthropic"])
        let assigned = """
            #!/bin/sh
            BASE=https://api.mistral.ai/v1
            curl -s "$BASE/chat/completions" -d @req.json
            """
        XCTAssertEqual(summary(assigned, "ask.sh"), ["paid-http-call:3:mistral"])
    }

    func testAPaymentProviderIsPaidOnlyForWhatWrites() {
        XCTAssertEqual(summary("#!/bin/sh\ncurl https://api.stripe.com/v1/customers/cus_1 -u \"$STRIPE_KEY:\"\n", "a.sh"), [])
        XCTAssertEqual(
            summary("#!/bin/sh\ncurl https://api.stripe.com/v1/payment_intents -u \"$STRIPE_KEY:\" -d amount=500\n", "a.sh"),
            ["paid-http-call:2:stripe"])
    }

    func testLoopsEndAtDoneAndSubstitutionsAreCommands() {
        let script = """
            #!/bin/bash
            while read -r f; do
              out=$(curl -s https://api.openai.com/v1/embeddings -d @"$f")
            done < files.txt
            curl -s https://api.openai.com/v1/chat/completions -d @summary.json
            """
        XCTAssertEqual(summary(script, "bin/embed.sh"), ["batch-model-call:3:openai", "paid-http-call:5:openai"])
    }

    func testAScriptUnderScriptsIsBackgroundWork() {
        XCTAssertEqual(summary("#!/bin/sh\ncurl -s https://api.openai.com/v1/responses -d @r.json\n", "scripts/nightly.sh"),
                       ["batch-model-call:2:openai"])
    }
}
