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

    /// An engine mounted inside `authenticate` guards its controllers: those of the folder whose `lib/<engine>/engine.rb`
    /// defines it. An engine mounted outside, and a Rack app (Sidekiq's web UI), guard nothing here.
    func testEnginesMountedInsideAnAuthenticateBlockGuardTheirControllers() {
        let routes = """
            Rails.application.routes.draw do
              authenticate :user do
                mount Assistant::Engine, at: "/assistant"
                mount Acme::Reports::Engine => "/reports"
                mount Sidekiq::Web => "/sidekiq"
              end
              mount Billing::Engine, at: "/billing"
            end
            """
        XCTAssertEqual(guarded(routes), ["engine acme/reports", "engine assistant"])
        let files = [
            "config/routes.rb": routes,
            "engines/assistant/lib/assistant/engine.rb": "module Assistant\n  class Engine < ::Rails::Engine\n  end\nend\n",
            "engines/billing/lib/billing/engine.rb": "module Billing\n  class Engine < ::Rails::Engine\n  end\nend\n",
            "engines/assistant/app/controllers/assistant/summaries_controller.rb": "",
            "engines/billing/app/controllers/billing/webhooks_controller.rb": "",
        ]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        XCTAssertEqual(index.railsRoutesGuard(forController: "engines/assistant/app/controllers/assistant/summaries_controller.rb"),
                       "authenticate")
        XCTAssertNil(index.railsRoutesGuard(forController: "engines/billing/app/controllers/billing/webhooks_controller.rb"))
    }

    /// A singular resource routes to the plural controller, by Active Support's rules (not a bare `s`), nested in a
    /// resource's block too.
    func testSingularResourcesRouteToTheirPluralControllers() {
        XCTAssertEqual(guarded("""
            Rails.application.routes.draw do
              authenticate :user do
                resources :tickets, only: [:index] do
                  resource :summary, only: [:create]
                end
                resource :company
                resource :address
                resource :search
                resource :profile
              end
            end
            """), [
            "app/controllers/addresses_controller.rb", "app/controllers/companies_controller.rb",
            "app/controllers/profiles_controller.rb", "app/controllers/searches_controller.rb",
            "app/controllers/summaries_controller.rb", "app/controllers/tickets_controller.rb",
        ])
        let plurals = ["summary", "day", "status", "box", "analysis", "person", "wife", "shelf", "user_query", "news_item"]
            .map(RailsInflection.pluralize)
        XCTAssertEqual(plurals, ["summaries", "days", "statuses", "boxes", "analyses", "people", "wives", "shelves", "user_queries", "news_items"])
    }
}
