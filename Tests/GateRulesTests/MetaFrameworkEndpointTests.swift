import GateCore
import GateRules
import XCTest

/// Endpoints that file-based JavaScript frameworks and serverless platforms make of a file's exports (SvelteKit,
/// Nuxt/Nitro, Remix and React Router, Astro, Cloudflare Workers and Pages, Deno, Bun, AWS Lambda, Netlify, Vercel),
/// and the guards those apps use, over a small head tree as `gate check` reads it.
final class MetaFrameworkEndpointTests: XCTestCase {
    /// The names of the open endpoints `path` holds, with every line of it added.
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    static let openAI = """
        import OpenAI from "openai";

        const openai = new OpenAI();
        """

    // MARK: SvelteKit

    func testSvelteKitMethodExportsAndFormActionsAreEndpoints() {
        let server = "src/routes/api/chat/+server.ts"
        XCTAssertEqual(openRoutes(server, head: [server: """
            \(Self.openAI)

            export const POST: RequestHandler = async ({ request }) => {
              return json(await openai.chat.completions.create(await request.json()));
            };

            export async function GET({ url }) {
              return json(await openai.embeddings.create({ model: "text-embedding-3-small", input: "x" }));
            }
            """]), ["POST \(server)", "GET \(server)"])
        let page = "src/routes/(app)/notes/+page.server.ts"
        XCTAssertEqual(openRoutes(page, head: [page: """
            \(Self.openAI)

            async function tag({ request }) {
              return { tags: await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [] }) };
            }

            export const load = async () => ({ notes: [] });

            export const actions: Actions = {
              default: async ({ request }) => {
                const data = await request.formData();
                return { summary: await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: String(data.get("t")) }] }) };
              },
              async translate({ request, locals }) {
                if (!locals.user) return fail(401);
                return { text: await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [] }) };
              },
              tag,
              retag: tag,
            };
            """]), ["form action default in \(page)", "form action tag in \(page)", "form action retag in \(page)"])
    }

    func testMethodExportsWithExpressionBodiesOrInParenthesesAreEndpoints() {
        let server = "src/routes/api/tags/+server.ts"
        XCTAssertEqual(openRoutes(server, head: [server: """
            \(Self.openAI)

            export const POST = (async ({ request }) => {
              return json(await openai.chat.completions.create(await request.json()));
            }) satisfies RequestHandler;

            export const PUT = async ({ request }) => json(await openai.embeddings.create(await request.json()));
            """]), ["POST \(server)", "PUT \(server)"])
        let next = "app/api/embed/route.ts"
        XCTAssertEqual(openRoutes(next, head: [next: """
            \(Self.openAI)

            export const POST = async (req: Request) =>
              Response.json(await openai.embeddings.create({ model: "text-embedding-3-small", input: await req.text() }));
            """]), ["POST \(next)"])
    }

    func testSvelteKitLocalsChecksGuardTheHandler() {
        let server = "src/routes/api/chat/+server.ts"
        for check in [
            "if (!locals.user) redirect(303, '/login');",
            "const session = await locals.auth(); if (!session) error(401);",
            "const { session } = await locals.safeGetSession(); if (!session) redirect(303, '/auth');",
            "if (!locals.session) throw redirect(302, '/signin');",
            "const { user } = locals; if (!user) redirect(303, '/login');",
        ] {
            XCTAssertEqual(openRoutes(server, head: [server: """
                \(Self.openAI)

                export const POST = async ({ request, locals }) => {
                  \(check)
                  return json(await openai.chat.completions.create(await request.json()));
                };
                """]), [], check)
        }
        XCTAssertEqual(openRoutes(server, head: [server: """
            \(Self.openAI)

            export const POST = async ({ request, locals: { user } }) => {
              if (!user) redirect(303, "/login");
              return json(await openai.chat.completions.create(await request.json()));
            };
            """]), [])
        // A `user` that is not the caller's.
        XCTAssertEqual(openRoutes(server, head: [server: """
            \(Self.openAI)

            export const POST = async ({ request }) => {
              const { user } = await request.json();
              return json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: user }] }));
            };
            """]), ["POST \(server)"])
    }

    static let svelteRoute = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function POST({ request }) {
          return json(await openai.chat.completions.create(await request.json()));
        }
        """

    func testSvelteKitHooksGuardThePathsTheyCheckAndRefuse() {
        func open(_ route: String, hooks: String) -> Bool {
            let path = "src/routes/\(route)/+server.js"
            return !openRoutes(path, head: [path: Self.svelteRoute, "src/hooks.server.ts": hooks]).isEmpty
        }
        let apiOnly = """
            export const handle = async ({ event, resolve }) => {
              if (event.url.pathname.startsWith("/api") && !event.locals.user) {
                return new Response("Unauthorized", { status: 401 });
              }
              return resolve(event);
            };
            """
        XCTAssertFalse(open("api/chat", hooks: apiOnly))
        XCTAssertTrue(open("share/chat", hooks: apiOnly))
        // Everything but the public routes, from a list.
        let publicList = """
            const publicRoutes = ["/login", "/api/public"];

            export const handle: Handle = async ({ event, resolve }) => {
              const session = await event.locals.getSession();
              if (!session && !publicRoutes.some((route) => event.url.pathname.startsWith(route))) {
                redirect(303, "/login");
              }
              return resolve(event);
            };
            """
        XCTAssertFalse(open("api/chat", hooks: publicList))
        XCTAssertTrue(open("api/public/chat", hooks: publicList))
        // A route group in the route's id: `event.route.id` keeps `(app)`.
        let group = """
            export const handle = async ({ event, resolve }) => {
              if (event.route.id?.startsWith("/(app)") && !event.locals.user) redirect(303, "/login");
              return resolve(event);
            };
            """
        XCTAssertFalse(open("(app)/api/chat", hooks: group))
        XCTAssertTrue(open("(marketing)/api/chat", hooks: group))
        // Hooks that only put the user on locals turn nobody away.
        let setsUser = """
            export const handle = async ({ event, resolve }) => {
              const token = event.cookies.get("session");
              event.locals.user = token ? await validate(token) : null;
              return resolve(event);
            };
            """
        XCTAssertTrue(open("api/chat", hooks: setsUser))
    }

    // MARK: Nuxt and Nitro

    func testNuxtRoutesAreNamedByTheirFileAndTheirMethod() {
        let files = [
            "nuxt.config.ts": "export default defineNuxtConfig({});",
            "server/api/chat.post.ts": """
                \(Self.openAI)

                export default defineEventHandler(async (event) => {
                  return openai.chat.completions.create(await readBody(event));
                });
                """,
            "server/routes/og/[slug].get.ts": """
                \(Self.openAI)

                export default defineCachedEventHandler(async (event) => openai.images.generate({ prompt: getRouterParam(event, "slug") }), { maxAge: 3600 });
                """,
            "server/api/legacy.ts": """
                \(Self.openAI)

                export default async (event: H3Event) => openai.chat.completions.create(await readBody(event));
                """,
            // An Express router's setup function in a folder of the same name is no event handler.
            "server/api/express.ts": """
                \(Self.openAI)

                export default function routes(app) {
                  return openai.embeddings.create({ model: "text-embedding-3-small", input: "x" });
                }
                """,
        ]
        XCTAssertEqual(openRoutes("server/api/chat.post.ts", head: files), ["POST server/api/chat.post.ts"])
        XCTAssertEqual(openRoutes("server/routes/og/[slug].get.ts", head: files), ["GET server/routes/og/[slug].get.ts"])
        XCTAssertEqual(openRoutes("server/api/legacy.ts", head: files), ["handler server/api/legacy.ts"])
        XCTAssertEqual(openRoutes("server/api/express.ts", head: files), [])
    }

    func testNuxtServerUtilsAreAutoImportedIntoRoutes() {
        let utility = """
            \(Self.openAI)

            export async function complete(prompt: string) {
              return openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
            }

            export async function requireAdmin(event) {
              const { user } = await requireUserSession(event);
              if (!user.admin) throw createError({ statusCode: 403 });
            }
            """
        let route = "server/api/complete.post.ts"
        func files(_ body: String, config: Bool = true) -> [String: String] {
            var files = ["server/utils/ai.ts": utility, route: body]
            if config { files["nuxt.config.ts"] = "export default defineNuxtConfig({});" }
            return files
        }
        let open = """
            export default defineEventHandler(async (event) => {
              return complete((await readBody(event)).prompt);
            });
            """
        XCTAssertEqual(openRoutes(route, head: files(open)), ["POST \(route)"])
        // Without a Nuxt or Nitro app around it, nothing is imported without an import statement.
        XCTAssertEqual(openRoutes(route, head: files(open, config: false)), [])
        let guarded = """
            export default defineEventHandler(async (event) => {
              await requireAdmin(event);
              return complete((await readBody(event)).prompt);
            });
            """
        XCTAssertEqual(openRoutes(route, head: files(guarded)), [])
    }

    func testHooksShapesRealAppsWrite() {
        func guarded(_ route: String, _ hooks: String) -> Bool {
            let path = "src/routes/\(route)/+server.js"
            return openRoutes(path, head: [path: Self.svelteRoute, "src/hooks.server.js": hooks]).isEmpty
        }
        // A cookie read by name, the early way out for public paths, a list of protected paths.
        let cookie = """
            export async function handle({ event, resolve }) {
              const sessionid = event.cookies.get("session_id");
              if (!sessionid && event.url.pathname.startsWith("/api")) {
                redirect(303, "/login");
              }
              return resolve(event);
            }
            """
        XCTAssertTrue(guarded("api/chat", cookie))
        XCTAssertFalse(guarded("share", cookie))
        let earlyOut = """
            const authHandler = async ({ event, resolve }) => {
              const { pathname } = event.url;
              if (pathname.startsWith("/auth/")) {
                return await resolve(event);
              }
              if (!event.locals.session) throw redirect(303, `/auth/login?returnUrl=${pathname}`);
              return await resolve(event);
            };
            export const handle = sequence(sessionHandler, authHandler);
            """
        XCTAssertTrue(guarded("api/chat", earlyOut))
        XCTAssertFalse(guarded("auth/callback", earlyOut))
        let protectedList = """
            export const handle = async ({ event, resolve }) => {
              const session = await getSession(event.request);
              const protectedPaths = ["/reading", "/study"];
              if (protectedPaths.some((path) => event.url.pathname.startsWith(path))) {
                if (!session.user) {
                  return Response.redirect(`${event.url.origin}/login`, 303);
                }
              }
              return resolve(event);
            };
            """
        XCTAssertTrue(guarded("study/quiz", protectedList))
        XCTAssertFalse(guarded("api/chat", protectedList))
    }

    func testNuxtServerMiddlewareAndNuxtSecurityGuardRoutes() {
        let route = "server/api/chat.post.ts"
        let handler = """
            \(Self.openAI)

            export default defineEventHandler(async (event) => openai.chat.completions.create(await readBody(event)));
            """
        let middleware = """
            export default defineEventHandler(async (event) => {
              if (!getRequestURL(event).pathname.startsWith("/api")) return;
              const { user } = await getUserSession(event);
              if (!user) throw createError({ statusCode: 401 });
            });
            """
        let config = "export default defineNuxtConfig({});"
        XCTAssertEqual(openRoutes(route, head: [route: handler, "nuxt.config.ts": config, "server/middleware/0.auth.ts": middleware]), [])
        let logger = "export default defineEventHandler((event) => { console.log(event.path); });"
        XCTAssertEqual(
            openRoutes(route, head: [route: handler, "nuxt.config.ts": config, "server/middleware/log.ts": logger]),
            ["POST \(route)"])
        // nuxt-security limits every route's rate unless its rate limiter is turned off.
        let security = #"export default defineNuxtConfig({ modules: ["nuxt-security"] });"#
        XCTAssertEqual(openRoutes(route, head: [route: handler, "nuxt.config.ts": security]), [])
        let securityOff = #"export default defineNuxtConfig({ modules: ["nuxt-security"], security: { rateLimiter: false } });"#
        XCTAssertEqual(openRoutes(route, head: [route: handler, "nuxt.config.ts": securityOff]), ["POST \(route)"])
    }

    // MARK: Remix and React Router

    func testRemixActionsAndLoadersAreEndpointsButClientCodeIsNot() {
        let route = "app/routes/chat.$id.tsx"
        XCTAssertEqual(openRoutes(route, head: [route: """
            \(Self.openAI)

            export const loader = async ({ params }: LoaderFunctionArgs) => {
              return json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [] }));
            };

            export async function action({ request }: ActionFunctionArgs) {
              return json(await openai.chat.completions.create(await request.json()));
            }

            export async function clientAction({ request }) {
              return openai.embeddings.create({ model: "text-embedding-3-small", input: "x" });
            }

            async function helper() {
              return openai.embeddings.create({ model: "text-embedding-3-small", input: "x" });
            }
            """]), ["loader \(route)", "action \(route)"])
        // A folder route has the Next.js app router's file name.
        let folder = "app/routes/chat/route.tsx"
        XCTAssertEqual(openRoutes(folder, head: [folder: """
            \(Self.openAI)

            export async function action({ request }: ActionFunctionArgs) {
              return json(await openai.chat.completions.create(await request.json()));
            }
            """]), ["action \(folder)"])
        // React Router 7's route middleware runs before both.
        XCTAssertEqual(openRoutes(route, head: [route: """
            \(Self.openAI)

            export const middleware: Route.MiddlewareFunction[] = [requireAuthMiddleware];

            export async function action({ request }: Route.ActionArgs) {
              return openai.chat.completions.create(await request.json());
            }
            """]), [])
    }

    // MARK: Serverless

    func testLambdaHandlersAreEndpointsOnlyWhenTheFileShowsAnHTTPEvent() {
        func open(_ source: String) -> [String] {
            openRoutes("functions/ask/index.ts", head: ["functions/ask/index.ts": "\(Self.openAI)\n\n\(source)"])
        }
        let ask = "await openai.chat.completions.create({ model: \"gpt-4o-mini\", messages: [] })"
        XCTAssertEqual(open("""
            export const handler: Handler<APIGatewayProxyEventV2, APIGatewayProxyResultV2> = async (event) => {
              return { statusCode: 200, body: JSON.stringify(\(ask)) };
            };
            """), ["handler functions/ask/index.ts"])
        XCTAssertEqual(open("""
            export const chat: APIGatewayProxyHandler = async (event) => ({ statusCode: 200, body: JSON.stringify(\(ask)) });
            """), ["chat functions/ask/index.ts"])
        XCTAssertEqual(open("""
            export async function handler({ body, requestContext }) {
              return \(ask);
            }
            """), ["handler functions/ask/index.ts"])
        // middy: the function handed to the wrapper, guarded by what the wrapper uses.
        XCTAssertEqual(open("""
            const lambdaHandler = async (event) => JSON.stringify(\(ask) + event.body);
            export const handler = middy(lambdaHandler).use(jsonBodyParser());
            """), ["handler functions/ask/index.ts"])
        XCTAssertEqual(open("""
            const lambdaHandler = async (event) => JSON.stringify(\(ask) + event.body);
            export const handler = middy(lambdaHandler).use(jsonBodyParser()).use(httpJwtAuth());
            """), [])
        // Queues, schedules and Lambdas the file tells nothing of.
        XCTAssertEqual(open("""
            export const handler: SQSHandler = async (event) => {
              for (const record of event.Records) { \(ask); }
            };
            """), [])
        XCTAssertEqual(open("""
            export const handler = async (event: EventBridgeEvent<"Scheduled Event", {}>) => { \(ask); return { statusCode: 200 }; };
            """), [])
        XCTAssertEqual(open("export const handler = async (event) => \(ask);"), [])
        // Serverless Framework names handlers freely: one that reads the request from its event.
        XCTAssertEqual(open("""
            module.exports.generate = async (event) => {
              const { prompt } = JSON.parse(event.body);
              return { statusCode: 200, body: JSON.stringify(\(ask) + prompt) };
            };

            module.exports.report = async () => ({ statusCode: 200, body: JSON.stringify(\(ask)) });
            """), ["generate functions/ask/index.ts"])
    }

    func testLambdaHandlersExportedByNameOrThroughAnHTTPWrapper() {
        func open(_ source: String) -> [String] {
            openRoutes("src/ask.js", head: ["src/ask.js": "\(Self.openAI)\n\n\(source)"])
        }
        let ask = "await openai.chat.completions.create({ model: \"gpt-4o-mini\", messages: [] })"
        XCTAssertEqual(open("""
            async function chat(event, context) {
              return { statusCode: 200, body: JSON.stringify(\(ask)) };
            }

            module.exports = { handler: chat };
            """), ["handler src/ask.js"])
        XCTAssertEqual(open("""
            const main = async (event) => ({ statusCode: 200, body: JSON.stringify(\(ask)) });

            export { main as handler };
            """), ["handler src/ask.js"])
        XCTAssertEqual(open("""
            export const handler = ApiHandler(async (evt) => {
              return { body: JSON.stringify(\(ask)) };
            });
            """), ["handler src/ask.js"])
        XCTAssertEqual(open("""
            export const handler = withSentry(async (event) => {
              for (const record of event.Records) { \(ask); }
            });
            """), [])
    }

    func testFirebaseHTTPSFunctionsAreEndpointsUnlessTheyCheckTheCaller() {
        let path = "functions/src/index.ts"
        func open(_ source: String) -> [String] { openRoutes(path, head: [path: "\(Self.openAI)\n\n\(source)"]) }
        let ask = "await openai.chat.completions.create({ model: \"gpt-4o-mini\", messages: [] })"
        XCTAssertEqual(open("""
            export const chat = onRequest({ cors: true }, async (req, res) => {
              res.json(\(ask));
            });

            export const summarize = onCall(async (request) => {
              if (!request.auth) throw new HttpsError("unauthenticated", "Sign in first");
              return \(ask);
            });

            export const nightly = onSchedule("every day 00:00", async () => { \(ask); });
            """), ["onRequest chat in \(path)"])
        XCTAssertEqual(open("""
            exports.generate = functions.runWith({ secrets: ["OPENAI_API_KEY"] }).https.onCall(async (data, context) => {
              return \(ask);
            });

            exports.checked = functions.https.onCall({ enforceAppCheck: true }, async (request) => \(ask));
            """), ["onCall generate in \(path)"])
    }

    func testWorkersAndServersStartedByACallAreEndpoints() {
        func open(_ path: String, _ source: String) -> [String] {
            openRoutes(path, head: [path: "\(Self.openAI)\n\n\(source)"])
        }
        let ask = "await openai.chat.completions.create({ model: \"gpt-4o-mini\", messages: [] })"
        XCTAssertEqual(open("src/index.ts", """
            async function handleRequest(request: Request, env: Env) {
              return Response.json(\(ask));
            }

            export default { fetch: handleRequest };
            """), ["fetch src/index.ts"])
        XCTAssertEqual(open("src/index.ts", """
            async function fetch(request: Request) {
              return Response.json(\(ask));
            }

            const worker = { fetch, async scheduled() {} };
            export default worker;
            """), ["fetch src/index.ts"])
        XCTAssertEqual(open("src/index.ts", """
            export default {
              async queue(batch, env) { \(ask); },
              async scheduled(controller, env) { \(ask); },
            };
            """), [])
        // An API client's default object with a `fetch` of its own.
        XCTAssertEqual(open("src/lib/completions.ts", """
            export default {
              async fetch(prompt: string) {
                return \(ask);
              },
            };
            """), [])
        XCTAssertEqual(open("worker.js", """
            addEventListener("fetch", (event) => {
              event.respondWith(handle(event.request));
            });

            async function handle(request) {
              return new Response(JSON.stringify(\(ask)));
            }
            """), ["fetch listener worker.js"])
        // A function handed over by name: its own guard counts.
        XCTAssertEqual(open("main.ts", """
            async function handler(req: Request) {
              if (!(await verifyKey(req.headers.get("x-api-key")))) return new Response(null, { status: 403 });
              return Response.json(\(ask));
            }

            Deno.serve({ port: 8000 }, handler);
            """), [])
        XCTAssertEqual(open("main.ts", """
            async function handler(req: Request) {
              return Response.json(\(ask));
            }

            Deno.serve({ port: 8000 }, handler);
            """), ["Deno.serve handler main.ts"])
        XCTAssertEqual(open("index.ts", """
            Bun.serve({
              routes: {
                "/api/ask": { POST: async (req) => Response.json(\(ask)) },
              },
            });
            """), ["Bun.serve POST /api/ask in index.ts"])
        // `serve` from elsewhere (Hono's Node adapter) starts the app whose routes are read as routes.
        XCTAssertEqual(open("index.ts", """
            import { serve } from "@hono/node-server";

            serve({ fetch: async (req) => Response.json(\(ask)) });
            """), [])
    }

    func testNetlifyVercelAndPagesFunctions() {
        func open(_ path: String, _ source: String, more: [String: String] = [:]) -> [String] {
            openRoutes(path, head: more.merging([path: "\(Self.openAI)\n\n\(source)"]) { $1 })
        }
        let ask = "await openai.chat.completions.create({ model: \"gpt-4o-mini\", messages: [] })"
        XCTAssertEqual(open("netlify/functions/ask.mts", """
            export default async (req: Request, context: Context) => Response.json(\(ask));

            export const config: Config = { path: "/api/ask" };
            """), ["handler netlify/functions/ask.mts"])
        XCTAssertEqual(open("netlify/functions/digest.ts", """
            export const handler = schedule("@daily", async () => { \(ask); return { statusCode: 200 }; });
            """), [])
        XCTAssertEqual(open("api/ask.ts", """
            export async function POST(request: Request) {
              return Response.json(\(ask));
            }
            """), ["POST api/ask.ts"])
        XCTAssertEqual(open("api/ask.js", """
            module.exports = async (req, res) => {
              res.json(\(ask));
            };
            """), ["handler api/ask.js"])
        XCTAssertEqual(open("api/_lib/ask.ts", "export default async function handler(req, res) { res.json(\(ask)); }"), [])
        // Vercel's routing middleware at the root runs for its functions as for Next.js routes.
        let middleware = """
            export default async function middleware(request: Request) {
              if (!(await verifySession(request))) return new Response("Unauthorized", { status: 401 });
            }

            export const config = { matcher: "/api/:path*" };
            """
        XCTAssertEqual(open("api/ask.ts", "export default async function handler(req, res) { res.json(\(ask)); }",
                            more: ["middleware.ts": middleware]), [])
        let pages = "functions/api/ask.ts"
        XCTAssertEqual(open(pages, """
            export const onRequestPost: PagesFunction<Env> = async (context) => Response.json(\(ask));
            """), ["onRequestPost \(pages)"])
        let pagesMiddleware = """
            const authentication: PagesFunction<Env> = async (context) => {
              if (context.request.headers.get("x-api-key") !== context.env.API_KEY) return new Response("Unauthorized", { status: 401 });
              return context.next();
            };

            export const onRequest = [authentication];
            """
        XCTAssertEqual(open(pages, """
            export const onRequestPost: PagesFunction<Env> = async (context) => Response.json(\(ask));
            """, more: ["functions/api/_middleware.ts": pagesMiddleware]), [])
    }

    func testAstroEndpointsAndTheirMiddleware() {
        let route = "src/pages/api/ask.ts"
        let handler = """
            \(Self.openAI)

            export const POST: APIRoute = async ({ request }) => {
              return new Response(JSON.stringify(await openai.chat.completions.create(await request.json())));
            };
            """
        let config = "export default defineConfig({ output: 'server' });"
        XCTAssertEqual(openRoutes(route, head: [route: handler, "astro.config.mjs": config]), ["POST \(route)"])
        let guarding = """
            export const onRequest = defineMiddleware(async (context, next) => {
              if (context.url.pathname.startsWith("/api") && !context.locals.user) {
                return new Response("Unauthorized", { status: 401 });
              }
              return next();
            });
            """
        XCTAssertEqual(openRoutes(route, head: [route: handler, "astro.config.mjs": config, "src/middleware.ts": guarding]), [])
        // Astro's middleware that only puts the user on locals guards nothing (as Next.js's would were it read so).
        let setsUser = """
            export const onRequest = defineMiddleware(async (context, next) => {
              context.locals.user = await userFrom(context.cookies.get("sid")?.value);
              return next();
            });
            """
        XCTAssertEqual(
            openRoutes(route, head: [route: handler, "astro.config.mjs": config, "src/middleware.ts": setsUser]), ["POST \(route)"])
    }
}
