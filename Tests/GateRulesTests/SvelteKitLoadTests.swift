import GateCore
import GateRules
import XCTest

/// SvelteKit server `load` functions as endpoints, the layouts and composed hooks that guard them, and `locals`
/// reads that check nobody, over a small head tree as `gate check` reads it.
final class SvelteKitLoadTests: XCTestCase {
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    static let aiHelper = """
        import OpenAI from "openai";
        import { OPENAI_API_KEY } from "$env/static/private";

        const openai = new OpenAI({ apiKey: OPENAI_API_KEY });

        export async function suggestTitles(topic: string) {
          const r = await openai.chat.completions.create({
            model: "gpt-4o-mini",
            messages: [{ role: "user", content: `Suggest titles for ${topic}` }],
          });
          return r.choices[0].message.content;
        }
        """

    static let pageLoad = """
        import type { PageServerLoad } from "./$types";
        import { suggestTitles } from "$lib/server/ai";

        export const load: PageServerLoad = async ({ params }) => {
          return { titles: await suggestTitles(params.topic) };
        };
        """

    static let guardingLayout = """
        import { redirect } from "@sveltejs/kit";
        import type { LayoutServerLoad } from "./$types";

        export const load: LayoutServerLoad = async ({ locals }) => {
          if (!locals.user) redirect(303, "/login");
          return { user: locals.user };
        };
        """

    static let page = "src/routes/app/[topic]/+page.server.ts"
    static let helper = "src/lib/server/ai.ts"

    func testAServerLoadThatReachesAPaidCallThroughLibIsAnEndpoint() {
        XCTAssertEqual(openRoutes(Self.page, head: [Self.page: Self.pageLoad, Self.helper: Self.aiHelper]), ["load in \(Self.page)"])
        for shape in [
            "export async function load({ params }) {\n  return { titles: await suggestTitles(params.topic) };\n}",
            "export const load = (async ({ params }) => {\n  return { titles: await suggestTitles(params.topic) };\n}) satisfies PageServerLoad;",
            "export const load = async ({ params }) => ({ titles: await suggestTitles(params.topic) });",
            "async function loadTitles({ params }) {\n  return { titles: await suggestTitles(params.topic) };\n}\n\nexport { loadTitles as load };",
            "const loadTitles = async ({ params }) => ({ titles: await suggestTitles(params.topic) });\nexport const load = loadTitles;",
            "const timed = (load) => load;\nexport const load = timed(async ({ params }) => ({ titles: await suggestTitles(params.topic) }));",
        ] {
            let source = "import { suggestTitles } from \"$lib/server/ai\";\n\n" + shape + "\n"
            XCTAssertEqual(openRoutes(Self.page, head: [Self.page: source, Self.helper: Self.aiHelper]), ["load in \(Self.page)"], shape)
        }
        // A layout's load too; a universal `+page.ts` load is no endpoint.
        let layout = "src/routes/(marketing)/+layout.server.js"
        XCTAssertEqual(openRoutes(layout, head: [layout: Self.pageLoad, Self.helper: Self.aiHelper]), ["load in \(layout)"])
        // A prerendered page's load runs when the site is built.
        XCTAssertEqual(
            openRoutes(Self.page, head: [Self.page: "export const prerender = true;\n" + Self.pageLoad, Self.helper: Self.aiHelper]), [])
        // So does one under a layout that prerenders every page, unless the page opts out.
        XCTAssertEqual(
            openRoutes(Self.page, head: [Self.page: Self.pageLoad, Self.helper: Self.aiHelper, "src/routes/+layout.ts": "export const prerender = true;\n"]),
            [])
        XCTAssertEqual(
            openRoutes(Self.page, head: [
                Self.page: "export const prerender = false;\n" + Self.pageLoad, Self.helper: Self.aiHelper,
                "src/routes/+layout.ts": "export const prerender = true;\n",
            ]), ["load in \(Self.page)"])
        XCTAssertEqual(
            openRoutes(Self.page, head: [
                Self.page: Self.pageLoad, Self.helper: Self.aiHelper, "src/routes/+layout.ts": "export const prerender = true;\n",
                "src/routes/app/+layout.server.ts": "export const prerender = false;\nexport const load = () => ({});\n",
            ]), ["load in \(Self.page)"])
        let universal = "src/routes/app/[topic]/+page.ts"
        XCTAssertEqual(openRoutes(universal, head: [universal: Self.pageLoad, Self.helper: Self.aiHelper]), [])
    }

    func testALayoutThatRefusesSignedOutCallersGuardsTheLoadsBelowItThatWaitForItButNotTheActions() {
        let page = "src/routes/(app)/notes/[id]/+page.server.ts"
        let source = """
            import { suggestTitles } from "$lib/server/ai";

            export const load = async ({ params, parent }) => {
              await parent();
              return { titles: await suggestTitles(params.id) };
            };

            export const actions = {
              retitle: async ({ request }) => {
                const data = await request.formData();
                return { titles: await suggestTitles(String(data.get("topic"))) };
              },
            };
            """
        for layoutPath in ["src/routes/(app)/+layout.server.ts", "src/routes/(app)/notes/[id]/+layout.server.js", "src/routes/+layout.server.ts"] {
            XCTAssertEqual(
                openRoutes(page, head: [page: source, Self.helper: Self.aiHelper, layoutPath: Self.guardingLayout]),
                ["form action retitle in \(page)"], layoutPath)
        }
        // A layout that only hands the user to the page guards nothing; nor does one in a sibling directory.
        let passing = """
            export const load = async ({ locals }) => ({ user: locals.user });
            """
        XCTAssertEqual(
            openRoutes(page, head: [page: source, Self.helper: Self.aiHelper, "src/routes/(app)/+layout.server.ts": passing]),
            ["load in \(page)", "form action retitle in \(page)"])
        XCTAssertEqual(
            openRoutes(page, head: [page: source, Self.helper: Self.aiHelper, "src/routes/admin/+layout.server.ts": Self.guardingLayout]),
            ["load in \(page)", "form action retitle in \(page)"])
        // SvelteKit runs a page's load at the same time as its layouts': one that does not wait for them (no
        // `await parent()`) makes its paid call even when a layout redirects.
        XCTAssertEqual(
            openRoutes(Self.page, head: [Self.page: Self.pageLoad, Self.helper: Self.aiHelper, "src/routes/+layout.server.ts": Self.guardingLayout]),
            ["load in \(Self.page)"])
        // A layout's load is guarded by the layouts above it (when it waits for them), not by itself being a layout.
        let layout = "src/routes/(app)/+layout.server.ts"
        let waiting = Self.pageLoad.replacingOccurrences(of: "async ({ params }) => {", with: "async ({ params, parent }) => {\n  await parent();")
        XCTAssertEqual(
            openRoutes(layout, head: [layout: waiting, Self.helper: Self.aiHelper, "src/routes/+layout.server.ts": Self.guardingLayout]), [])
    }

    func testALoadThatOnlyReadsLocalsWithoutCheckingThemIsOpen() {
        for read in [
            "return { titles: await suggestTitles(params.topic), user: locals.session?.user };",
            "const session = locals.session;\n  return { titles: await suggestTitles(params.topic), session };",
            "const { user } = locals;\n  return { titles: await suggestTitles(params.topic), user };",
            "return { titles: await suggestTitles(params.topic), viewer: locals.user?.id ?? null };",
            "const { safeGetSession } = locals;\n  const { session } = await safeGetSession();\n  return { session, titles: await suggestTitles(params.topic) };",
        ] {
            let source = """
                import { suggestTitles } from "$lib/server/ai";

                export const load = async ({ params, locals }) => {
                  \(read)
                };
                """
            XCTAssertEqual(openRoutes(Self.page, head: [Self.page: source, Self.helper: Self.aiHelper]), ["load in \(Self.page)"], read)
        }
        for check in [
            "if (!locals.session) redirect(302, '/signin');",
            "const user = locals.user; if (!user) error(401, 'Sign in');",
            "const { user } = await parent(); if (!user) throw redirect(303, '/login');",
            "const profile = await loadProfile(cookies); if (!profile?.userId) redirect(303, '/login');",
            "if (await limiter.isLimited(event)) error(429);",
            "const user = await userFromCookies(cookies); if (user == null) redirect(303, '/login');",
            "const viewer = locals.user?.id ?? error(401, 'Sign in');",
            "if (locals.user?.role !== 'member') redirect(303, '/join');",
            "const { session } = await locals.safeGetSession(); if (!session) redirect(303, '/auth');",
        ] {
            let source = """
                import { suggestTitles } from "$lib/server/ai";

                export const load = async (event) => {
                  const { params, locals, cookies, parent } = event;
                  \(check)
                  return { titles: await suggestTitles(params.topic) };
                };
                """
            XCTAssertEqual(openRoutes(Self.page, head: [Self.page: source, Self.helper: Self.aiHelper]), [], check)
        }
    }

    static let authGuardHandle = """
        import { redirect, type Handle } from "@sveltejs/kit";

        export const authGuard: Handle = async ({ event, resolve }) => {
          if (event.url.pathname.startsWith("/app") && !event.locals.user) {
            redirect(303, "/login");
          }
          return resolve(event);
        };

        export const timing: Handle = async ({ event, resolve }) => resolve(event);
        """

    func testFormActionsWithExpressionBodiesAreEndpoints() {
        let page = "src/routes/(app)/notes/+page.server.ts"
        XCTAssertEqual(openRoutes(page, head: [page: """
            import { suggestTitles } from "$lib/server/ai";

            export const actions = {
              default: async ({ request }) => ({ titles: await suggestTitles(String((await request.formData()).get("t"))) }),
              guarded: async ({ locals }) => (locals.user ? { titles: await suggestTitles("x") } : fail(401)),
            };
            """, Self.helper: Self.aiHelper]), ["form action default in \(page)"])
    }

    func testHooksComposedOfHandlesFromOtherFilesGuardThePathsThoseCheck() {
        let other = "src/routes/blog/[topic]/+page.server.ts"
        func open(_ path: String, hooks: String, extra: [String: String] = [:]) -> Bool {
            var files = [path: Self.pageLoad, Self.helper: Self.aiHelper, "src/hooks.server.ts": hooks]
            files["src/lib/server/hooks.ts"] = Self.authGuardHandle
            files.merge(extra) { $1 }
            return !openRoutes(path, head: files).isEmpty
        }
        let sequenced = """
            import { sequence } from "@sveltejs/kit/hooks";
            import { authGuard, timing } from "$lib/server/hooks";

            export const handle = sequence(timing, authGuard);
            """
        XCTAssertFalse(open(Self.page, hooks: sequenced))
        XCTAssertTrue(open(other, hooks: sequenced))
        XCTAssertFalse(open(Self.page, hooks: "import { authGuard } from \"./lib/server/hooks\";\nexport const handle = authGuard;\n"))
        XCTAssertFalse(open(Self.page, hooks: "export { authGuard as handle } from \"$lib/server/hooks\";\n"))
        XCTAssertFalse(open(Self.page, hooks: """
            import { sequence } from "@sveltejs/kit/hooks";
            import { handles } from "$lib/server/handles";

            export const handle = sequence(...handles);
            """, extra: ["src/lib/server/handles.ts": "import { authGuard, timing } from \"./hooks\";\n\nexport const handles = [timing, authGuard];\n"]))
        // A handle that only times requests guards nothing.
        XCTAssertTrue(open(Self.page, hooks: "import { timing } from \"$lib/server/hooks\";\nexport const handle = timing;\n"))
        // Auth.js puts the session on locals: a handle by itself, no guard; with an authorization handle, guarded.
        let authJS = """
            import { SvelteKitAuth } from "@auth/sveltekit";
            import GitHub from "@auth/sveltekit/providers/github";

            export const { handle, signIn, signOut } = SvelteKitAuth({
              providers: [GitHub],
              callbacks: {
                async redirect({ url, baseUrl }) {
                  return url.startsWith(baseUrl) ? url : baseUrl;
                },
              },
            });
            """
        XCTAssertTrue(open(Self.page, hooks: "export { handle } from \"./auth\";\n", extra: ["src/auth.ts": authJS]))
        XCTAssertTrue(open(Self.page, hooks: authJS))
        let authorization = """
            import { sequence } from "@sveltejs/kit/hooks";
            import { redirect, type Handle } from "@sveltejs/kit";
            import { handle as authentication } from "./auth";

            const authorization: Handle = async ({ event, resolve }) => {
              if (event.url.pathname.startsWith("/app")) {
                const session = await event.locals.auth();
                if (!session) redirect(303, "/auth/signin");
              }
              return resolve(event);
            };

            export const handle = sequence(authentication, authorization);
            """
        XCTAssertFalse(open(Self.page, hooks: authorization, extra: ["src/auth.ts": authJS]))
        // A handle made by a factory of another file, which refuses signed-out callers of the paths it is given.
        let factory = """
            import { redirect, type Handle } from "@sveltejs/kit";

            export function protect(prefixes: string[]): Handle {
              return async ({ event, resolve }) => {
                if (!event.locals.user && prefixes.some((prefix) => event.url.pathname.startsWith(prefix))) {
                  redirect(303, "/login");
                }
                return resolve(event);
              };
            }
            """
        let made = "import { sequence } from \"@sveltejs/kit/hooks\";\nimport { protect } from \"$lib/server/protect\";\n\nexport const handle = sequence(protect([\"/app\"]));\n"
        XCTAssertFalse(open(Self.page, hooks: made, extra: ["src/lib/server/protect.ts": factory]))
        // A rate-limiting handle from another file.
        let limiter = """
            import { error, type Handle } from "@sveltejs/kit";
            import { RateLimiter } from "sveltekit-rate-limiter/server";

            const limiter = new RateLimiter({ IP: [10, "m"] });

            export const rateLimit: Handle = async ({ event, resolve }) => {
              if (await limiter.isLimited(event)) error(429, "Too many requests");
              return resolve(event);
            };
            """
        XCTAssertFalse(open(other, hooks: sequenced.replacingOccurrences(of: "authGuard", with: "rateLimit"), extra: ["src/lib/server/hooks.ts": limiter]))
    }
}
