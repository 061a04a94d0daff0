import GateCode
import GateCore
import XCTest
@testable import GateRules

/// JAX-RS / Jakarta REST (Quarkus), Micronaut and Ktor endpoints, over small head trees as `gate check` reads them:
/// which routes are found, with what path, and which guards close them.
final class JVMEndpointTests: XCTestCase {
    /// The handler names of the open routes `unprotected-endpoint` reports in `path`.
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    private func handlers(_ source: String, language: SourceLanguage) -> [HTTPHandler] {
        let path = language == .java ? "src/main/java/app/Routes.java" : "src/main/kotlin/app/Routes.kt"
        return HandlerFinder(lexed: Lexer.lex(Array(source.utf8), language: language), path: path).handlers()
    }

    // MARK: JAX-RS

    static let llmService = """
        package app.llm;

        import com.openai.client.OpenAIClient;
        import com.openai.client.okhttp.OpenAIOkHttpClient;
        import jakarta.enterprise.context.ApplicationScoped;

        @ApplicationScoped
        public class LlmService {
            private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

            public String complete(String prompt) {
                return client.chat().completions().create(params(prompt)).choices().get(0).message().content().orElse("");
            }
        }
        """

    static func jaxrsResource(classAnnotations: String = "", methodAnnotations: String = "", body: String = "return llm.complete(prompt);") -> String {
        """
        package app.web;

        import app.llm.LlmService;
        import jakarta.inject.Inject;
        import jakarta.ws.rs.*;
        import jakarta.ws.rs.core.*;

        @Path("/api")
        \(classAnnotations)
        public class ChatResource {
            @Inject
            LlmService llm;

            @GET
            @Path("/health")
            public String health() {
                return "ok";
            }

            @POST
            @Path("/chat")
            \(methodAnnotations)
            @Consumes(MediaType.TEXT_PLAIN)
            public String chat(String prompt) {
                \(body)
            }
        }
        """
    }

    private let service = "src/main/java/app/llm/LlmService.java"
    private let resource = "src/main/java/app/web/ChatResource.java"

    func testAJaxrsResourceMethodIsARouteUnderItsClassPath() {
        let found = handlers(Self.jaxrsResource(), language: .java)
        XCTAssertEqual(found.map(\.name), ["health (@GET)", "chat (@POST)"])
        XCTAssertEqual(found.map(\.path), ["/api/health", "/api/chat"])
    }

    func testAnOpenJaxrsResourceReachingAServiceOfAnotherFileFires() {
        XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: Self.jaxrsResource()]), ["chat (@POST)"])
    }

    func testAnOpenJaxrsResourceCallingOpenAIDirectlyFires() {
        let direct = """
            package app;

            import com.openai.client.OpenAIClient;
            import com.openai.client.okhttp.OpenAIOkHttpClient;
            import javax.ws.rs.POST;
            import javax.ws.rs.Path;

            @Path("/summaries")
            public class SummaryResource {
                private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                @POST
                public String summarize(String text) {
                    return client.chat().completions().create(params(text)).choices().get(0).message().content().orElse("");
                }
            }
            """
        XCTAssertEqual(openRoutes("src/main/java/app/SummaryResource.java", head: ["src/main/java/app/SummaryResource.java": direct]),
                       ["summarize (@POST)"])
    }

    func testJaxrsSecurityAnnotationsAndChecksCloseTheRoute() {
        let guarded = [
            Self.jaxrsResource(methodAnnotations: "@RolesAllowed(\"user\")"),
            Self.jaxrsResource(classAnnotations: "@RolesAllowed({\"user\", \"admin\"})"),
            Self.jaxrsResource(classAnnotations: "@Authenticated"),
            Self.jaxrsResource(methodAnnotations: "@DenyAll"),
            Self.jaxrsResource(methodAnnotations: "@RateLimit(value = 10, window = 1, windowUnit = ChronoUnit.MINUTES)"),
            Self.jaxrsResource(body: """
                if (securityContext.getUserPrincipal() == null) {
                    throw new NotAuthorizedException("Bearer");
                }
                return llm.complete(prompt);
                """),
            Self.jaxrsResource(body: """
                if (!securityContext.isUserInRole("member")) {
                    return "forbidden";
                }
                return llm.complete(prompt);
                """),
            Self.jaxrsResource(body: """
                if (!bucket.tryConsume(1)) {
                    return "slow down";
                }
                return llm.complete(prompt);
                """),
        ]
        for source in guarded {
            XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: source]), [], source)
        }
    }

    func testPermitAllOpensAJaxrsMethodOfAGuardedClass() {
        let source = Self.jaxrsResource(classAnnotations: "@RolesAllowed(\"user\")", methodAnnotations: "@PermitAll")
        XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: source]), ["chat (@POST)"])
    }

    static let kotlinService = """
        package app.llm

        import com.openai.client.okhttp.OpenAIOkHttpClient
        import jakarta.enterprise.context.ApplicationScoped

        @ApplicationScoped
        class AssistantService {
            private val client = OpenAIOkHttpClient.fromEnv()

            fun answer(question: String): String =
                client.chat().completions().create(params(question)).choices()[0].message().content().orElse("")
        }
        """

    static func kotlinResource(_ annotations: String = "") -> String {
        """
        package app.web

        import app.llm.AssistantService
        import jakarta.ws.rs.POST
        import jakarta.ws.rs.Path

        @Path("/assistant")
        class AssistantResource(private val assistant: AssistantService) {
            \(annotations)
            @POST
            @Path("/ask")
            fun ask(question: String): String = assistant.answer(question)

            @POST
            @Path("/echo")
            fun echo(text: String) = text
        }
        """
    }

    func testAKotlinJaxrsResourceWithExpressionBodiesFiresUntilAnnotated() {
        let service = "src/main/kotlin/app/llm/AssistantService.kt"
        let resource = "src/main/kotlin/app/web/AssistantResource.kt"
        XCTAssertEqual(handlers(Self.kotlinResource(), language: .kotlin).map(\.path), ["/assistant/ask", "/assistant/echo"])
        XCTAssertEqual(openRoutes(resource, head: [service: Self.kotlinService, resource: Self.kotlinResource()]), ["ask (@POST)"])
        XCTAssertEqual(openRoutes(resource, head: [service: Self.kotlinService, resource: Self.kotlinResource("@Authenticated")]), [])
    }

    func testKotlinResourceMethodsOfEveryShapeAreRoutes() {
        let source = """
            package app

            import jakarta.ws.rs.*
            import jakarta.ws.rs.core.MediaType

            @Path("chat")
            @Produces(MediaType.TEXT_PLAIN)
            class ChatResource @Inject constructor(private val assistant: Assistant) {
                @POST
                @Path("stream")
                suspend fun chat(request: ChatRequest): String {
                    return assistant.chat(request.message)
                }

                @GET
                fun models(): List<String> =
                    assistant.models()
                        .map { it.id }

                @PUT @Path("{id}") fun update(@PathParam("id") id: String, body: String) = assistant.update(id, body)

                fun helper(text: String) = text.trim()
            }
            """
        let found = handlers(source, language: .kotlin)
        XCTAssertEqual(found.map(\.name), ["chat (@POST)", "models (@GET)", "update (@PUT)"])
        XCTAssertEqual(found.map(\.path), ["/chat/stream", "/chat", "/chat/{id}"])
        // The multi-line expression body runs through its `.map { … }` line.
        let lexed = Lexer.lex(Array(source.utf8), language: .kotlin)
        XCTAssertEqual(found.map { lexed.tokens[$0.body.upperBound].line }, [13, 18, 20])
    }

    // MARK: Quarkus configuration

    func testQuarkusPathPermissionsCloseTheRoutesUnderThemAndPermitOpensThem() {
        let properties = "src/main/resources/application.properties"
        let authenticated = """
            quarkus.http.auth.permission.api.paths=/api/*
            quarkus.http.auth.permission.api.policy=authenticated
            quarkus.http.auth.permission.public.paths=/api/chat
            quarkus.http.auth.permission.public.policy=permit
            quarkus.http.auth.permission.public.methods=GET
            """
        // The permit set names GET only: the POST route is behind `/api/*`.
        XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: Self.jaxrsResource(), properties: authenticated]), [])
        let permitted = authenticated.replacingOccurrences(of: "methods=GET", with: "methods=GET,POST")
        XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: Self.jaxrsResource(), properties: permitted]),
                       ["chat (@POST)"])
        // `@PermitAll` does not open a path the configuration closes.
        XCTAssertEqual(openRoutes(resource, head: [
            service: Self.llmService, resource: Self.jaxrsResource(methodAnnotations: "@PermitAll"), properties: authenticated,
        ]), [])
        // Permission paths include the REST root path.
        let underRoot = """
            quarkus.rest.path=/rest
            %prod.quarkus.http.auth.permission.authenticated.paths=/rest/*
            %prod.quarkus.http.auth.permission.authenticated.policy=authenticated
            """
        XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: Self.jaxrsResource(), properties: underRoot]), [])
        let elsewhere = "quarkus.http.auth.permission.admin.paths=/admin/*\nquarkus.http.auth.permission.admin.policy=admin-policy\n"
        XCTAssertEqual(openRoutes(resource, head: [service: Self.llmService, resource: Self.jaxrsResource(), properties: elsewhere]),
                       ["chat (@POST)"])
    }

    func testQuarkusDenyUnannotatedEndpointsClosesRoutesWithoutPermitAll() {
        let properties = ["src/main/resources/application.properties": "quarkus.security.jaxrs.deny-unannotated-endpoints=true\n"]
        XCTAssertEqual(openRoutes(resource, head: properties.merging([service: Self.llmService, resource: Self.jaxrsResource()]) { $1 }), [])
        XCTAssertEqual(openRoutes(resource, head: properties.merging([
            service: Self.llmService, resource: Self.jaxrsResource(methodAnnotations: "@PermitAll"),
        ]) { $1 }), ["chat (@POST)"])
    }

    func testQuarkusPermissionPathsMatchAsQuarkusReadsThem() {
        XCTAssertTrue(CodeIndex.quarkusPathMatches("/api/*", "/api"))
        XCTAssertTrue(CodeIndex.quarkusPathMatches("/api/*", "/api/chat/stream"))
        XCTAssertFalse(CodeIndex.quarkusPathMatches("/api/*", "/apis/chat"))
        XCTAssertTrue(CodeIndex.quarkusPathMatches("/*", "/anything"))
        XCTAssertTrue(CodeIndex.quarkusPathMatches("/forbidden", "/forbidden"))
        XCTAssertFalse(CodeIndex.quarkusPathMatches("/forbidden", "/forbidden/x"))
    }

    // MARK: Micronaut

    static func micronautController(_ annotations: String = "") -> String {
        """
        package app.web;

        import app.llm.LlmService;
        import io.micronaut.http.annotation.*;
        import io.micronaut.security.annotation.Secured;
        import io.micronaut.security.rules.SecurityRule;

        @Controller("/api")
        \(annotations)
        public class ChatController {
            private final LlmService llm;

            public ChatController(LlmService llm) {
                this.llm = llm;
            }

            @Post("/chat")
            public String chat(@Body String prompt) {
                return llm.complete(prompt);
            }
        }
        """
    }

    private let controller = "src/main/java/app/web/ChatController.java"

    func testAMicronautRouteIsUnderItsControllerPath() {
        let found = handlers(Self.micronautController(), language: .java)
        XCTAssertEqual(found.map(\.name), ["chat (@Post)"])
        XCTAssertEqual(found.map(\.path), ["/api/chat"])
    }

    func testAMicronautRouteFiresUntilSecured() {
        XCTAssertEqual(openRoutes(controller, head: [service: Self.llmService, controller: Self.micronautController()]), ["chat (@Post)"])
        for annotation in ["@Secured(SecurityRule.IS_AUTHENTICATED)", "@Secured({\"ROLE_USER\"})", "@RolesAllowed(\"user\")"] {
            XCTAssertEqual(openRoutes(controller, head: [service: Self.llmService, controller: Self.micronautController(annotation)]), [],
                           annotation)
        }
        for annotation in ["@Secured(SecurityRule.IS_ANONYMOUS)", "@Secured(\"isAnonymous()\")"] {
            XCTAssertEqual(openRoutes(controller, head: [service: Self.llmService, controller: Self.micronautController(annotation)]),
                           ["chat (@Post)"], annotation)
        }
    }

    func testMicronautSecurityDeniesRoutesWithoutSecuredUnlessOpenedToAnonymousCallers() {
        let gradle = "build.gradle.kts"
        let dependencies = """
            dependencies {
                annotationProcessor("io.micronaut.security:micronaut-security-annotations")
                implementation("io.micronaut.security:micronaut-security-jwt")
            }
            """
        var tree = [service: Self.llmService, controller: Self.micronautController(), gradle: dependencies]
        XCTAssertEqual(openRoutes(controller, head: tree), [])
        tree[controller] = Self.micronautController("@Secured(SecurityRule.IS_ANONYMOUS)")
        XCTAssertEqual(openRoutes(controller, head: tree), ["chat (@Post)"])
        tree[controller] = Self.micronautController()
        tree["src/main/resources/application.yml"] = """
            micronaut:
              application:
                name: assistant
              security:
                intercept-url-map:
                  - pattern: /swagger/**
                    access:
                      - isAnonymous()
                  - pattern: /api/**
                    http-method: POST
                    access:
                      - isAnonymous()
            """
        XCTAssertEqual(openRoutes(controller, head: tree), ["chat (@Post)"])
        tree["src/main/resources/application.yml"] = "micronaut:\n  security:\n    enabled: false\n"
        XCTAssertEqual(openRoutes(controller, head: tree), ["chat (@Post)"])
        // Another module's build file does not secure this one.
        tree["src/main/resources/application.yml"] = nil
        tree.removeValue(forKey: gradle)
        tree["admin/build.gradle"] = dependencies
        XCTAssertEqual(openRoutes(controller, head: tree), ["chat (@Post)"])
    }

    func testAKotlinMicronautControllerReachingAServiceFires() {
        let service = "src/main/kotlin/app/llm/AssistantService.kt"
        let controller = "src/main/kotlin/app/web/AssistantController.kt"
        let source = """
            package app.web

            import app.llm.AssistantService
            import io.micronaut.http.annotation.Body
            import io.micronaut.http.annotation.Controller
            import io.micronaut.http.annotation.Post

            @Controller("/assistant")
            class AssistantController(private val assistant: AssistantService) {
                @Post("/ask")
                fun ask(@Body question: String): String {
                    return assistant.answer(question)
                }
            }
            """
        XCTAssertEqual(handlers(source, language: .kotlin).map(\.path), ["/assistant/ask"])
        XCTAssertEqual(openRoutes(controller, head: [service: Self.kotlinService, controller: source]), ["ask (@Post)"])
    }

    // MARK: Ktor

    static let ktorService = """
        package app.llm

        import com.openai.client.okhttp.OpenAIOkHttpClient

        class ChatService {
            private val client = OpenAIOkHttpClient.fromEnv()

            fun reply(prompt: String): String =
                client.chat().completions().create(params(prompt)).choices()[0].message().content().orElse("")
        }
        """

    static func ktorRouting(_ routes: String) -> String {
        """
        package app

        import app.llm.ChatService
        import io.ktor.server.application.*
        import io.ktor.server.auth.*
        import io.ktor.server.plugins.ratelimit.*
        import io.ktor.server.request.*
        import io.ktor.server.response.*
        import io.ktor.server.routing.*

        fun Application.configureRouting(chat: ChatService) {
            routing {
        \(routes)
            }
        }
        """
    }

    private let ktorServicePath = "src/main/kotlin/app/llm/ChatService.kt"
    private let routing = "src/main/kotlin/app/Routing.kt"

    func testKtorRoutesAreFoundWithTheirPaths() {
        let source = Self.ktorRouting("""
                    get("/health") { call.respondText("ok") }
                    route("/api") {
                        post("/chat") { call.respondText(chat.reply(call.receiveText())) }
                        route("/v2") {
                            post { call.respondText(chat.reply(call.receiveText())) }
                        }
                        webSocket("/stream") { send(chat.reply("hi")) }
                    }
            """)
        let found = handlers(source, language: .kotlin)
        XCTAssertEqual(found.map(\.name), ["GET /health", "POST /api/chat", "POST /api/v2", "WebSocket /api/stream"])
        // The Resources plugin's typed routes, named by their resource class.
        let typed = Self.ktorRouting("""
                    post<Articles.New> { article -> call.respond(chat.reply(article.text)) }
            """)
        XCTAssertEqual(handlers(typed, language: .kotlin).map(\.name), ["POST Articles.New"])
    }

    func testAnOpenKtorRouteReachingAServiceFiresAndGuardedBlocksCloseIt() {
        let open = Self.ktorRouting("""
                    post("/chat") {
                        call.respondText(chat.reply(call.receiveText()))
                    }
            """)
        XCTAssertEqual(openRoutes(routing, head: [ktorServicePath: Self.ktorService, routing: open]), ["POST /chat"])
        let guarded = [
            """
                    authenticate("auth-jwt") {
                        post("/chat") {
                            call.respondText(chat.reply(call.receiveText()))
                        }
                    }
            """,
            """
                    rateLimit(RateLimitName("chat")) {
                        route("/api") {
                            post("/chat") { call.respondText(chat.reply(call.receiveText())) }
                        }
                    }
            """,
            """
                    post("/chat") {
                        val principal = call.principal<JWTPrincipal>() ?: return@post call.respond(HttpStatusCode.Unauthorized)
                        call.respondText(chat.reply(call.receiveText()))
                    }
            """,
        ]
        for routes in guarded {
            XCTAssertEqual(openRoutes(routing, head: [ktorServicePath: Self.ktorService, routing: Self.ktorRouting(routes)]), [], routes)
        }
    }

    func testAKtorGlobalRateLimiterClosesEveryRouteAndANamedOneOnlyItsBlock() {
        let open = Self.ktorRouting("""
                    post("/chat") { call.respondText(chat.reply(call.receiveText())) }
            """)
        let plugins = "src/main/kotlin/app/plugins/RateLimiting.kt"
        func limiter(_ body: String) -> String {
            """
            package app.plugins

            import io.ktor.server.application.*
            import io.ktor.server.plugins.ratelimit.*
            import kotlin.time.Duration.Companion.seconds

            fun Application.configureRateLimiting() {
                install(RateLimit) {
                    \(body)
                }
            }
            """
        }
        let global = limiter("global {\n            rateLimiter(limit = 20, refillPeriod = 60.seconds)\n        }")
        XCTAssertEqual(openRoutes(routing, head: [ktorServicePath: Self.ktorService, routing: open, plugins: global]), [])
        let named = limiter("register(RateLimitName(\"login\")) {\n            rateLimiter(limit = 5, refillPeriod = 60.seconds)\n        }")
        XCTAssertEqual(openRoutes(routing, head: [ktorServicePath: Self.ktorService, routing: open, plugins: named]), ["POST /chat"])
        // Registered in the routes' own file, a named limiter still limits only its blocks.
        let installedHere = open.replacingOccurrences(of: "    routing {", with: """
                install(RateLimit) {
                    register(RateLimitName("login")) { rateLimiter(limit = 5, refillPeriod = 60.seconds) }
                }
                routing {
            """)
        XCTAssertEqual(openRoutes(routing, head: [ktorServicePath: Self.ktorService, routing: installedHere]), ["POST /chat"])
    }

    func testAKtorRouteFunctionIsGuardedWhereItIsCalled() {
        let routes = "src/main/kotlin/app/routes/ChatRoutes.kt"
        let chatRoutes = """
            package app.routes

            import app.llm.ChatService
            import io.ktor.server.request.*
            import io.ktor.server.response.*
            import io.ktor.server.routing.*

            fun Route.chatRoutes(chat: ChatService) {
                route("/chat") {
                    post {
                        call.respondText(chat.reply(call.receiveText()))
                    }
                }
            }
            """
        func application(_ mount: String) -> String {
            """
            package app

            import app.llm.ChatService
            import app.routes.chatRoutes
            import io.ktor.server.application.*
            import io.ktor.server.auth.*
            import io.ktor.server.routing.*

            fun Application.module() {
                val chat = ChatService()
                routing {
                    \(mount)
                }
            }
            """
        }
        let app = "src/main/kotlin/app/Application.kt"
        var tree = [ktorServicePath: Self.ktorService, routes: chatRoutes]
        tree[app] = application("authenticate(\"auth-jwt\") {\n            chatRoutes(chat)\n        }")
        XCTAssertEqual(openRoutes(routes, head: tree), [])
        tree[app] = application("chatRoutes(chat)")
        XCTAssertEqual(openRoutes(routes, head: tree), ["POST /chat"])
        tree[app] = application("authenticate(\"auth-jwt\", optional = true) {\n            chatRoutes(chat)\n        }")
        XCTAssertEqual(openRoutes(routes, head: tree), ["POST /chat"])
        // Through another route function, itself called in a guarded block.
        tree[app] = application("authenticate {\n            apiRoutes(chat)\n        }")
        tree["src/main/kotlin/app/routes/ApiRoutes.kt"] = """
            package app.routes

            import app.llm.ChatService
            import io.ktor.server.routing.*

            fun Route.apiRoutes(chat: ChatService) {
                route("/api") {
                    chatRoutes(chat)
                }
            }
            """
        XCTAssertEqual(openRoutes(routes, head: tree), [])
    }

    func testKtorClientCallsAreNoRoutes() {
        let client = """
            package app.llm

            import io.ktor.client.*
            import io.ktor.client.request.*
            import io.ktor.http.*

            class OpenAIGateway(private val client: HttpClient) {
                suspend fun complete(body: String) = client.post("https://api.openai.com/v1/chat/completions") {
                    contentType(ContentType.Application.Json)
                    setBody(body)
                }

                suspend fun embed(body: String) = client.post {
                    url("https://api.openai.com/v1/embeddings")
                    setBody(body)
                }

                suspend fun models() = with(client) {
                    get("https://api.openai.com/v1/models") { header("Authorization", "Bearer key") }
                }
            }
            """
        XCTAssertEqual(handlers(client, language: .kotlin).map(\.name), [])
    }
}
