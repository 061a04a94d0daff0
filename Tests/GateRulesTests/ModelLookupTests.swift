import GateCore
import GateRules
import XCTest

/// A record an ORM looks up is an instance of its model: `AiRequest.objects.get(pk=pk).handle()`,
/// `get_object_or_404(AiRequest, pk=pk)`, `Chat.find(params[:id]).ask(…)` run the model's methods.
final class ModelLookupTests: XCTestCase {
    private static let djangoModel = """
        from django.db import models
        from ai.llm import ask_llm


        class AiRequest(models.Model):
            prompt = models.TextField()

            def handle(self):
                return ask_llm(self.prompt)

            def summary(self):
                return self.prompt[:80]
        """
    private static let llm = """
        from openai import OpenAI

        client = OpenAI()


        def ask_llm(prompt):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
        """

    private func djangoOpenViews(_ views: String) -> [String] {
        EndpointGuardScopeTests.openRoutes("ai/views.py", head: [
            "ai/views.py": views, "ai/models.py": Self.djangoModel, "ai/llm.py": Self.llm,
            "ai/urls.py": """
                from django.urls import path
                from ai import views

                urlpatterns = [path("run/<int:pk>/", views.run)]
                """,
        ])
    }

    func testAMethodCalledOnARecordTheManagerLooksUp() {
        let views = """
            from django.http import JsonResponse
            from ai.models import AiRequest


            def run(request, pk):
                answer = AiRequest.objects.get(pk=pk).handle()
                return JsonResponse({"answer": str(answer)})
            """
        XCTAssertEqual(djangoOpenViews(views), ["view run"])
        XCTAssertEqual(djangoOpenViews(views.replacingOccurrences(of: ".handle()", with: ".summary()")), [])
        // A queryset is no record: `filter(…)` alone does not make one.
        XCTAssertEqual(djangoOpenViews(views.replacingOccurrences(of: "objects.get(pk=pk)", with: "objects.filter(pk=pk)")), [])
        XCTAssertEqual(djangoOpenViews(views.replacingOccurrences(of: "objects.get(pk=pk)", with: "objects.filter(pk=pk).first()")),
                       ["view run"])
    }

    func testARecordGetObjectOr404Returns() {
        let views = """
            from django.http import JsonResponse
            from django.shortcuts import get_object_or_404
            from ai.models import AiRequest


            def run(request, pk):
                item = get_object_or_404(AiRequest, pk=pk)
                return JsonResponse({"answer": str(item.handle())})
            """
        XCTAssertEqual(djangoOpenViews(views), ["view run"])
        XCTAssertEqual(djangoOpenViews(views.replacingOccurrences(of: "item.handle()", with: "item.summary()")), [])
    }

    func testARailsRecordFoundByTheClass() {
        let model = """
            class Chat < ApplicationRecord
              def ask(question)
                client = OpenAI::Client.new(access_token: ENV["OPENAI_API_KEY"])
                client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: question }] })
              end

              def title
                name.titleize
              end
            end
            """
        let controller = """
            class ChatsController < ApplicationController
              def create
                answer = Chat.find(params[:id]).ask(params[:question])
                render json: { answer: answer }
              end

              def show
                render json: { title: Chat.find(params[:id]).title }
              end
            end
            """
        let path = "app/controllers/chats_controller.rb"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: controller, "app/models/chat.rb": model,
            "config/routes.rb": "Rails.application.routes.draw do\n  resources :chats, only: [:create, :show]\nend\n",
        ]), ["action create"])
    }
}
