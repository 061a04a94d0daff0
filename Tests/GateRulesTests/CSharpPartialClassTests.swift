import GateCore
import GateRules
import XCTest

/// A C# `partial` class is one class across its files: a handler calls methods of another part, and an attribute
/// or base class on one part (`[Authorize]`) is the whole class's.
final class CSharpPartialClassTests: XCTestCase {
    private static let controller = """
        using Microsoft.AspNetCore.Mvc;

        namespace Acme.Api.Controllers;

        [ApiController]
        [Route("api/[controller]")]
        public partial class ChatController : ControllerBase
        {
            [HttpPost("ask")]
            public async Task<IActionResult> Ask([FromBody] AskRequest request)
            {
                var answer = await CompleteAsync(request.Prompt);
                return Ok(answer);
            }
        }
        """

    private static let modelPart = """
        using OpenAI.Chat;

        namespace Acme.Api.Controllers;

        public partial class ChatController
        {
            private readonly ChatClient _chat = new ChatClient("gpt-4o", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

            private async Task<string> CompleteAsync(string prompt)
            {
                ChatCompletion completion = await _chat.CompleteChatAsync(prompt);
                return completion.Content[0].Text;
            }
        }
        """

    private let path = "src/Api/Controllers/ChatController.cs"

    func testAHandlerReachesAPaidCallInAMethodOfAnotherPart() {
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: Self.controller, "src/Api/Controllers/ChatController.Model.cs": Self.modelPart,
        ]), ["Ask (@HttpPost)"])
        // A method of that name in a class of another name (or another directory) is not this class's.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: Self.controller,
            "src/Api/Controllers/ChatController.Model.cs": Self.modelPart.replacingOccurrences(of: "class ChatController", with: "class ReportController"),
        ]), [])
    }

    func testAnAttributeOnAnotherPartGuardsTheHandlers() {
        let authorized = """
            using Microsoft.AspNetCore.Authorization;

            namespace Acme.Api.Controllers;

            [Authorize]
            public partial class ChatController
            {
            }
            """
        let files = [
            path: Self.controller, "src/Api/Controllers/ChatController.Model.cs": Self.modelPart,
            "src/Api/Controllers/ChatController.Auth.cs": authorized,
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files), [])
        // `[AllowAnonymous]` on the action still opens it.
        var anonymous = files
        anonymous[path] = Self.controller.replacingOccurrences(of: "[HttpPost(\"ask\")]", with: "[AllowAnonymous]\n    [HttpPost(\"ask\")]")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: anonymous), ["Ask (@HttpPost)"])
    }
}
