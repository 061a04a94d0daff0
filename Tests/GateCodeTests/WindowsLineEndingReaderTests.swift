@testable import GateCode
import XCTest

/// GateCode's line readers of project files see a file written on Windows (`\r\n`) as its LF twin.
final class WindowsLineEndingReaderTests: XCTestCase {
    private func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }

    func testCSharpUsingsAndNamespace() {
        let text = crlf("using System;\nusing Api.Ai;\nglobal using Api.Shared;\n\nnamespace Api.Web.Controllers;\n\npublic class C {}\n")
        XCTAssertEqual(CSharpResolver.visibleNamespaces(in: text),
                       ["System", "Api.Ai", "Api.Shared", "Api.Web.Controllers", "Api.Web", "Api"])
        XCTAssertEqual(CSharpResolver.declaredNamespace(in: text), "Api.Web.Controllers")
    }

    func testSymfonyScopedClientsAndAccessRules() {
        let clients = crlf("""
            framework:
                http_client:
                    scoped_clients:
                        openai.client:
                            base_uri: 'https://api.openai.com/v1'
            """)
        XCTAssertEqual(CodeIndex.scopedClients(clients).map { "\($0.name) \($0.base)" }, ["openai.client https://api.openai.com/v1"])
        let security = crlf("""
            security:
                access_control:
                    - { path: ^/login, roles: PUBLIC_ACCESS }
                    - { path: ^/api, roles: ROLE_USER }
            """)
        let rules = CodeIndex.symfonyAccessRules(security, file: "config/packages/security.yaml")
        XCTAssertEqual(rules.map { "\($0.line) \($0.pattern ?? "") \($0.roles)" }, ["3 ^/login [\"PUBLIC_ACCESS\"]", "4 ^/api [\"ROLE_USER\"]"])
    }
}
