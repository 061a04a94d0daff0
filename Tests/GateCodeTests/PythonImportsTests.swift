@testable import GateCode
import XCTest

/// Every shape of Python import statement is read as one statement binding its own names: what the resolver
/// follows across files, and what the paid-call detectors ask of a name's origin.
final class PythonImportsTests: XCTestCase {
    private func bindings(_ source: String) -> [String] {
        let lexed = Lexer.lex(Array(source.utf8), language: .python)
        return PythonResolver().imports(in: lexed).map { "\($0.local)=\($0.module)\($0.member.map { ":" + $0 } ?? "")" }
    }

    func testEveryStatementShapeBindsItsOwnNames() {
        let source = """
            from foo.bar import baz
            import cohere
            from a import b as c, d
            import os, voyageai as vo
            import google.generativeai as genai
            import slack_sdk.web

            from . import sibling
            from ..pkg.models import (
                User,
                Team as Group,
            )
            from m import *
            from p import \\
                q
            import json; import httpx
            """
        XCTAssertEqual(bindings(source), [
            "baz=foo.bar:baz", "cohere=cohere", "c=a:b", "d=a:d", "os=os", "vo=voyageai", "genai=google.generativeai",
            "slack_sdk.web=slack_sdk.web", "sibling=.:sibling", "User=..pkg.models:User", "Group=..pkg.models:Team",
            "q=p:q", "json=json", "httpx=httpx",
        ])
    }

    /// A `from` that ends the line before an `import` (`yield from`) is not that import's module; an `import`
    /// inside a function is one statement like any other.
    func testAFromOnAnotherLineIsNotTheStatementsModule() {
        let source = """
            def rows(source):
                yield from source
            import anthropic

            def lazy():
                from openai import OpenAI
                return OpenAI()
            """
        XCTAssertEqual(bindings(source), ["anthropic=anthropic", "OpenAI=openai:OpenAI"])
    }

    /// The statements' tokens: the module of a `from` statement, each name's path and alias, and the name bound.
    func testStatementsKeepTheirTokens() {
        let lexed = Lexer.lex(Array("from a.b import c as d\nimport e.f\n".utf8), language: .python)
        let statements = lexed.pythonImports()
        XCTAssertEqual(statements.count, 2)
        XCTAssertEqual(statements[0].from.map(lexed.dottedText), "a.b")
        XCTAssertEqual(statements[0].names.map { lexed.text($0.local) }, ["d"])
        XCTAssertEqual(statements[0].names.map { lexed.dottedText($0.path) }, ["c"])
        XCTAssertNil(statements[1].from)
        XCTAssertEqual(statements[1].names.map { lexed.dottedText($0.path) }, ["e.f"])
        XCTAssertEqual(statements[1].names.map { lexed.text($0.local) }, ["e"], "`import e.f` binds the package")
    }
}
