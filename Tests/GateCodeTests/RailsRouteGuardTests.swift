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
