import GateCode
import XCTest
@testable import GateRules

/// `only:` and `except:` on a controller's class-level declarations, in the forms Rails code writes them.
final class RailsCallbackScopeTests: XCTestCase {
    private func scope(_ declaration: String) -> RailsCallbackScope {
        let lexed = Lexer.lex(Array("class A < B\n  \(declaration)\n  def x\n  end\nend\n".utf8), language: .ruby)
        guard let start = lexed.tokens.firstIndex(where: { $0.line == 2 }) else {
            XCTFail("no declaration")
            return .everyAction
        }
        return RailsCallbackScope.of(RailsCallbackScope.declaration(startingAt: start, in: lexed), in: lexed)
    }

    func testActionListsInEveryForm() {
        XCTAssertEqual(scope("before_action :authenticate_user!"), .everyAction)
        XCTAssertEqual(scope("before_action :authenticate_user!, only: :show").filter, .only(["show"]))
        XCTAssertEqual(scope("before_action :authenticate_user!, only: [:show, :update]").filter, .only(["show", "update"]))
        XCTAssertEqual(scope("before_action :authenticate_user!, except: %i[index show]").filter, .except(["index", "show"]))
        XCTAssertEqual(scope("before_action :authenticate_user!, only: %w[create]").filter, .only(["create"]))
        XCTAssertEqual(scope("before_action :authenticate_user!, only: [\"create\", 'destroy']").filter, .only(["create", "destroy"]))
        XCTAssertEqual(scope("rate_limit to: 10, within: 1.minute, only: :create").filter, .only(["create"]))
        // A condition after the list is not an action.
        XCTAssertEqual(scope("before_action :require_admin, only: [:destroy], if: :admin_area?").filter, .only(["destroy"]))
        // The list continued on the next lines.
        XCTAssertEqual(scope("before_action :authenticate_user!,\n    only: [\n      :create,\n      :update\n    ]").filter,
                       .only(["create", "update"]))
    }

    func testWhichActionsAScopeCovers() {
        let only = scope("skip_before_action :authenticate_user!, only: :ping")
        XCTAssertTrue(only.applies(to: "ping"))
        XCTAssertFalse(only.applies(to: "create"))
        let except = scope("before_action :authenticate_user!, except: [:ping]")
        XCTAssertFalse(except.applies(to: "ping"))
        XCTAssertTrue(except.applies(to: "create"))
    }
}
