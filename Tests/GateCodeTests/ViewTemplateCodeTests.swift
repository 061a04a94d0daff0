import Foundation
import XCTest

@testable import GateCode

/// ERB and Razor views read as the code of their tags and blocks, on the view's own lines and columns; scripts placed
/// by a runner on their `#!` line.
final class ViewTemplateCodeTests: XCTestCase {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    func testERBViewIsTheRubyOfItsTagsOnItsOwnLines() throws {
        let view = """
            <h1><%= @note.title %></h1>
            <%# OpenAI::Client.new.chat(old) %>
            <p>OpenAI::Client.new.chat in the page's words, <%%= literally %></p>
            <% summary = client.chat(parameters: {}) -%>
            """
        let code = try XCTUnwrap(ERBTemplate.code(of: Array(view.utf8)))
        let lines = text(code).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(code.count, view.utf8.count)
        XCTAssertEqual(lines.count, 4)
        XCTAssertEqual(lines[0].trimmingCharacters(in: .whitespaces), "@note.title ;")
        XCTAssertEqual(lines[1].trimmingCharacters(in: .whitespaces), "")
        XCTAssertEqual(lines[2].trimmingCharacters(in: .whitespaces), "")
        XCTAssertEqual(lines[3].trimmingCharacters(in: .whitespaces), "summary = client.chat(parameters: {})  ;")
        // The call keeps its column.
        XCTAssertEqual(code.firstRange(of: Array("client.chat".utf8))?.lowerBound, Array(view.utf8).firstRange(of: Array("client.chat(parameters".utf8))?.lowerBound)
    }

    func testRubyFilesAreNotViews() {
        XCTAssertNil(ERBTemplate.code(of: Array("require \"erb\"\nTEMPLATE = \"<%= name %>\"\n".utf8)))
        XCTAssertNil(ERBTemplate.code(of: Array("<h1>no tags</h1>\n".utf8)))
        XCTAssertEqual(EmbeddedCode.code(of: Array("puts 1\n".utf8), language: .ruby), Array("puts 1\n".utf8))
    }

    func testRazorViewIsTheCSharpOfItsBlocksAndExpressions() throws {
        let view = """
            @page
            @using OpenAI.Chat
            @inject IChatClient Chat
            @* new ChatClient("old") *@
            <p>Mail ops@example.com, @@handle. ChatClient in words.</p>
            @{
                var s = $"Summarize: {Request.Query["text"]}";
                <p>markup @s</p>
            }
            <p>@await Chat.CompleteAsync(s)</p>
            @code {
                private string x = "}";
            }
            """
        let code = text(try XCTUnwrap(RazorTemplate.code(of: Array(view.utf8))))
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(code.utf8.count, view.utf8.count)
        XCTAssertEqual(lines[0], "")
        XCTAssertEqual(lines[1], ";using OpenAI.Chat")
        XCTAssertEqual(lines[2], ";       IChatClient Chat")
        XCTAssertEqual(lines[3], "")
        XCTAssertEqual(lines[4], "")
        XCTAssertEqual(lines[5], ";{")
        XCTAssertEqual(lines[6], #"var s = $"Summarize: {Request.Query["text"]}";"#)
        XCTAssertEqual(lines[7], ";s")
        XCTAssertEqual(lines[8], "}")
        XCTAssertEqual(lines[9], ";await Chat.CompleteAsync(s)")
        XCTAssertEqual(lines[10], ";     {")
        XCTAssertEqual(lines[11], #"private string x = "}";"#)
        XCTAssertEqual(lines[12], "}")
    }

    func testCSharpFilesAreNotViews() {
        XCTAssertNil(RazorTemplate.code(of: Array("using OpenAI.Chat;\nclass A {}\n".utf8)))
        XCTAssertNil(RazorTemplate.code(of: Array("// <summary>\nclass A {}\n".utf8)))
    }

    func testTemplateExtensionsAreTheirLanguages() {
        XCTAssertEqual(SourceLanguage(path: "app/views/notes/show.html.erb"), .ruby)
        XCTAssertEqual(SourceLanguage(path: "Pages/Summary.cshtml"), .csharp)
        XCTAssertEqual(SourceLanguage(path: "Components/Explain.razor"), .csharp)
        XCTAssertEqual(SourceLanguage(path: "view/notes/show.phtml"), .php)
        XCTAssertEqual(SourceLanguage(path: "config.ru"), .ruby)
    }

    func testShebangRunnersNameTheLanguageTheyRun() {
        func program(_ line: String) -> String? { SourceLanguage.shebangProgram(Array((line + "\nx\n").utf8)) }
        func language(_ line: String) -> SourceLanguage? { SourceLanguage(path: "scripts/job", contents: Array((line + "\nx\n").utf8)) }
        XCTAssertEqual(language("#!/usr/bin/env -S uv run --script"), .python)
        XCTAssertEqual(language("#!/usr/bin/env -S uv run --with httpx --script"), .python)
        XCTAssertEqual(language("#!/usr/bin/env -S pipx run"), .python)
        XCTAssertEqual(language("#!/usr/bin/env -S npx tsx"), .typescript)
        XCTAssertEqual(language("#!/usr/bin/env -S npx -y ts-node"), .typescript)
        XCTAssertEqual(language("#!/usr/bin/env -S deno run --allow-net"), .typescript)
        XCTAssertEqual(language("#!/usr/bin/env -S bun"), .typescript)
        XCTAssertEqual(language("#!/usr/bin/env -S bundle exec ruby"), .ruby)
        XCTAssertEqual(language("#!/usr/bin/python3.12"), .python)
        XCTAssertNil(language("#!/usr/bin/env -S npx some-cli"))
        XCTAssertEqual(program("#!/usr/bin/env -S npx some-cli"), "some-cli")
        XCTAssertEqual(program("#!/usr/bin/env perl"), "perl")
        XCTAssertEqual(program("#!/bin/bash"), "bash")
        XCTAssertNil(program("# no shebang"))
    }
}
