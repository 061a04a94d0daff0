import GateCore
import GateRules
import XCTest

/// ruby_llm's `acts_as_chat` gives a model's records `ask`, `say` and `complete`, which send the conversation to the
/// chat's model: a controller or job calling them on a record reaches ruby_llm as if the model wrote those methods.
final class RubyLLMRecordTests: XCTestCase {
    private static let chat = """
        class Chat < ApplicationRecord
          acts_as_chat
          belongs_to :user
        end
        """

    private static let controller = """
        class MessagesController < ApplicationController
          before_action :set_chat

          def create
            @chat.ask(params[:content])
            redirect_to @chat
          end

          private

          def set_chat
            @chat = Chat.find(params[:chat_id])
          end
        end
        """

    private func findings(_ path: String, _ files: [String: String], chat: String = chat) -> [String] {
        headTreeFindings(path, head: files.merging(["app/models/chat.rb": chat]) { first, _ in first })
            .map { "\($0.rule):\($0.line)" }.sorted()
    }

    func testAControllersAskOnAChatRecordReachesRubyLLM() {
        let path = "app/controllers/messages_controller.rb"
        XCTAssertEqual(findings(path, [path: Self.controller]), ["paid-call-reach:5", "unprotected-endpoint:4"])
        let message = headTreeFindings(path, head: [path: Self.controller, "app/models/chat.rb": Self.chat])
            .first { $0.rule == "unprotected-endpoint" }?.message ?? ""
        XCTAssertTrue(message.contains("paid call (ruby-llm)") && message.contains("ask() app/models/chat.rb:2 → acts_as_chat"), message)
        // Behind authentication: reached, not open.
        let guarded = Self.controller.replacingOccurrences(
            of: "  before_action :set_chat", with: "  before_action :authenticate_user!\n  before_action :set_chat")
        XCTAssertEqual(findings(path, [path: guarded]), ["paid-call-reach:6"])
    }

    func testAJobAskingAChatIsBackgroundWork() {
        let path = "app/jobs/chat_response_job.rb"
        let job = """
            class ChatResponseJob < ApplicationJob
              def perform(chat_id, content)
                chat = Chat.find(chat_id)
                chat.complete
              end
            end
            """
        XCTAssertEqual(findings(path, [path: job]), ["batch-model-call:4"])
    }

    func testOnlyAChatDeclaredSoAsks() {
        let path = "app/controllers/messages_controller.rb"
        // A model of the same name without ruby_llm's declaration, and one that only stores messages.
        XCTAssertEqual(findings(path, [path: Self.controller], chat: "class Chat < ApplicationRecord\n  has_many :messages\nend\n"), [])
        XCTAssertEqual(findings(path, [path: Self.controller], chat: "class Chat < ApplicationRecord\n  acts_as_message\nend\n"), [])
        // A method the model writes itself is what runs.
        let own = "class Chat < ApplicationRecord\n  acts_as_chat\n\n  def ask(text)\n    messages.create!(content: text)\n  end\nend\n"
        XCTAssertEqual(findings(path, [path: Self.controller], chat: own), [])
    }
}
