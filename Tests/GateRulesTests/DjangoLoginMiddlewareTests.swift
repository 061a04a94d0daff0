import GateCore
import GateRules
import XCTest

/// A middleware that requires a signed-in user for every Django view (Django 5.1's `LoginRequiredMiddleware`,
/// django-stronghold's, django-login-required's) guards the views that do not opt out, in the settings modules a
/// deployment runs with, over a small head tree as `gate check` reads it.
final class DjangoLoginMiddlewareTests: XCTestCase {
    private static func settings(_ middleware: String) -> String {
        """
        MIDDLEWARE = [
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            \(middleware)
        ]
        """
    }

    private static func views(decorator: String = "", imports: String = "") -> String {
        """
        from django.http import JsonResponse
        from openai import OpenAI
        \(imports)
        client = OpenAI()


        \(decorator)
        def ask(request):
            answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": request.POST["q"]}])
            return JsonResponse({"answer": answer.choices[0].message.content})
        """
    }

    private func openRoutes(settingsPath: String, middleware: String, views: String) -> [String] {
        EndpointGuardScopeTests.openRoutes(
            "chat/views.py", head: [settingsPath: Self.settings(middleware), "chat/views.py": views])
    }

    func testEachLoginRequiredMiddlewareGuardsTheViews() {
        for middleware in [
            "\"django.contrib.auth.middleware.LoginRequiredMiddleware\",",
            "'stronghold.middleware.LoginRequiredMiddleware',",
            "\"login_required.middleware.LoginRequiredMiddleware\",",
        ] {
            for settingsPath in [
                "mysite/settings.py", "config/settings/base.py", "config/settings/production.py", "mysite/settings_prod.py",
            ] {
                XCTAssertEqual(
                    openRoutes(settingsPath: settingsPath, middleware: middleware, views: Self.views()), [],
                    "\(middleware) in \(settingsPath)")
            }
        }
    }

    func testAMiddlewareOnlyInATestOrLocalSettingsModuleOrCommentedOutGuardsNothing() {
        let installed = "\"django.contrib.auth.middleware.LoginRequiredMiddleware\","
        for settingsPath in [
            "mysite/test_settings.py", "config/settings/local.py", "config/settings/test.py", "mysite/settings_dev.py",
            "mysite/settings_test.py",
        ] {
            XCTAssertEqual(
                openRoutes(settingsPath: settingsPath, middleware: installed, views: Self.views()), ["view ask"], settingsPath)
        }
        XCTAssertEqual(
            openRoutes(settingsPath: "mysite/settings.py", middleware: "# " + installed, views: Self.views()), ["view ask"])
        // Named, but not as a string of the list: a comment about it.
        XCTAssertEqual(
            openRoutes(settingsPath: "mysite/settings.py", middleware: "# TODO: add LoginRequiredMiddleware", views: Self.views()),
            ["view ask"])
    }

    func testAViewThatOptsOutIsOpen() {
        let installed = "\"stronghold.middleware.LoginRequiredMiddleware\","
        for (decorator, imports) in [
            ("@login_not_required", "from django.contrib.auth.decorators import login_not_required"),
            ("@login_exempt", "from login_required import login_exempt"),
            ("@public", "from stronghold.decorators import public"),
        ] {
            XCTAssertEqual(
                openRoutes(settingsPath: "mysite/settings.py", middleware: installed,
                           views: Self.views(decorator: decorator, imports: imports)),
                ["view ask"], decorator)
        }
    }
}

extension DjangoLoginMiddlewareTests {
    /// A URLconf that wraps the view where it routes it (`path("ask/", login_not_required(views.ask))`) opts it out
    /// as much as a decorator does; wrapping another view leaves this one behind the middleware.
    func testAViewOptedOutInTheURLConfIsOpen() {
        let settings = "MIDDLEWARE = [\n    \"django.contrib.auth.middleware.LoginRequiredMiddleware\",\n]\n"
        let views = """
            from django.http import JsonResponse
            from django.views import View
            from openai import OpenAI

            client = OpenAI()


            def ask(request):
                answer = client.chat.completions.create(model="gpt-4o-mini", messages=[])
                return JsonResponse({"answer": answer.choices[0].message.content})


            class SummaryView(View):
                def post(self, request):
                    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[])
                    return JsonResponse({"answer": answer.choices[0].message.content})
            """
        func open(_ urls: String) -> [String] {
            EndpointGuardScopeTests.openRoutes(
                "chat/views.py", head: ["mysite/settings.py": settings, "chat/views.py": views, "chat/urls.py": urls]).sorted()
        }
        let plain = """
            from django.urls import path
            from . import views

            urlpatterns = [path("ask/", views.ask), path("summary/", views.SummaryView.as_view())]
            """
        XCTAssertEqual(open(plain), [])
        XCTAssertEqual(
            open(plain.replacingOccurrences(of: "views.ask)", with: "login_not_required(views.ask))")), ["view ask"])
        XCTAssertEqual(
            open(plain.replacingOccurrences(
                of: "views.SummaryView.as_view()", with: "login_not_required(views.SummaryView.as_view())")),
            ["view post"])
    }
}

extension DjangoLoginMiddlewareTests {
    /// DRF's `AllowAny` lets anyone past the view's own permission check, but the middleware has already sent a
    /// signed-out request to the login page: the view is guarded unless it opts out of the middleware too.
    func testADRFViewAllowingAnyoneIsStillBehindTheMiddleware() {
        let settings = "MIDDLEWARE = [\n    \"django.contrib.auth.middleware.LoginRequiredMiddleware\",\n]\n"
        func views(decorator: String) -> String {
            """
            from django.contrib.auth.decorators import login_not_required
            from django.utils.decorators import method_decorator
            from openai import OpenAI
            from rest_framework.permissions import AllowAny
            from rest_framework.response import Response
            from rest_framework.views import APIView

            client = OpenAI()


            \(decorator)
            class SummaryView(APIView):
                permission_classes = [AllowAny]

                def post(self, request):
                    r = client.chat.completions.create(model="gpt-4o", messages=[])
                    return Response({"summary": r.choices[0].message.content})
            """
        }
        func open(_ decorator: String) -> [String] {
            EndpointGuardScopeTests.openRoutes(
                "api/views.py", head: ["mysite/settings.py": settings, "api/views.py": views(decorator: decorator)])
        }
        XCTAssertEqual(open(""), [])
        XCTAssertEqual(open("@method_decorator(login_not_required, name=\"dispatch\")"), ["view post"])
    }
}
