@testable import GateCode
import XCTest

/// Devise's `authenticate :user do … end` in config/routes.rb guards the controllers routed inside it.
final class RailsRouteGuardTests: XCTestCase {
    private func guarded(_ routes: String) -> [String] {
        CodeIndex.authenticatedControllers(Lexer.lex(Array(routes.utf8), language: .ruby)).sorted()
    }

    func testControllersRoutedInsideAnAuthenticateBlockAreGuarded() {
        XCTAssertEqual(guarded("""
            Rails.application.routes.draw do
              devise_for :users
              resources :open_asks, only: :create
              authenticate :user, ->(user) { user.admin? } do
                namespace :admin do
                  resources :asks, :answers, only: [:create]
                  resource :profile
                end
                mount Sidekiq::Web => "/sidekiq"
              end
              authenticated :user do
                scope module: :members do
                  post "ask", to: "questions#create"
                  get "export" => "exports#show"
                end
                resources :notes, controller: "memos"
              end
              namespace :api do
                resources :asks
              end
            end
            """), [
            "app/controllers/admin/answers_controller.rb", "app/controllers/admin/asks_controller.rb",
            "app/controllers/admin/profiles_controller.rb", "app/controllers/members/exports_controller.rb",
            "app/controllers/members/questions_controller.rb", "app/controllers/memos_controller.rb",
        ])
        XCTAssertEqual(guarded("Rails.application.routes.draw do\n  resources :asks\nend\n"), [])
    }
}
