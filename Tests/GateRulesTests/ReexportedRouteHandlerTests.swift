import GateCore
import GateRules
import XCTest

/// App-router handlers re-exported from another module (`export { POST } from "./handlers"` in a `route.ts`): the
/// handler is the other module's function, resolved through the code index, and the route is the route file's.
final class ReexportedRouteHandlerTests: XCTestCase {
    private let route = "app/api/chat/route.ts"

    private static let tsconfig = #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }"#

    private static let handlers = """
        import OpenAI from "openai";
        import { auth } from "@/auth";

        const openai = new OpenAI();

        export async function POST(req: Request) {
          const { prompt } = await req.json();
          const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
          return Response.json(r.choices[0].message);
        }

        export async function GET() {
          return Response.json({ models: ["gpt-4o"] });
        }

        export async function handler(req: Request) {
          const r = await openai.embeddings.create({ model: "text-embedding-3-small", input: await req.text() });
          return Response.json(r.data);
        }

        export async function guarded(req: Request) {
          const session = await auth();
          if (!session?.user) return new Response("Unauthorized", { status: 401 });
          const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [] });
          return Response.json(r);
        }
        """

    private func openRoutes(_ source: String, more: [String: String] = [:]) -> [String] {
        EndpointGuardScopeTests.openRoutes(route, head: more.merging([
            "tsconfig.json": Self.tsconfig,
            "auth.ts": "export async function auth() {\n  return null as { user?: { id: string } } | null;\n}\n",
            "lib/chat/route-handlers.ts": Self.handlers,
            route: source,
        ]) { $1 })
    }

    func testAHandlerReexportedFromARelativeModuleIsTheRoutesEndpoint() {
        XCTAssertEqual(
            openRoutes(#"export { POST } from "./handlers";"#, more: ["app/api/chat/handlers.ts": Self.handlers]),
            ["POST \(route)"])
    }

    func testHandlersReexportedThroughTsconfigPathsAreJudgedEachByItsOwnCode() {
        // GET answers without a paid call.
        XCTAssertEqual(openRoutes(#"export { POST, GET } from "@/lib/chat/route-handlers";"#), ["POST \(route)"])
        XCTAssertEqual(openRoutes(#"export { GET } from "@/lib/chat/route-handlers";"#), [])
    }

    func testAFunctionReexportedUnderAMethodsNameIsTheHandler() {
        XCTAssertEqual(openRoutes("""
            export { handler as POST } from "@/lib/chat/route-handlers";
            export const runtime = "edge";
            """), ["POST \(route)"])
        XCTAssertEqual(
            openRoutes(#"export { default as POST } from "./complete";"#, more: ["app/api/chat/complete.ts": """
                import OpenAI from "openai";

                const openai = new OpenAI();

                export default async function complete(req: Request) {
                  return Response.json(await openai.chat.completions.create({ model: "gpt-4o", messages: [] }));
                }
                """]),
            ["POST \(route)"])
        // Re-exported under a name that is no method, it is no handler of the route.
        XCTAssertEqual(openRoutes(#"export { handler as embed } from "@/lib/chat/route-handlers";"#), [])
    }

    func testAHandlerReexportedThroughABarrelModuleIsFollowed() {
        for barrel in [#"export * from "./route-handlers";"#, #"export { POST } from "./route-handlers";"#] {
            XCTAssertEqual(openRoutes(#"export { POST } from "@/lib/chat";"#, more: ["lib/chat/index.ts": barrel]), ["POST \(route)"], barrel)
        }
    }

    func testTheReexportedFunctionsOwnGuardCounts() {
        XCTAssertEqual(openRoutes(#"export { guarded as POST } from "@/lib/chat/route-handlers";"#), [])
    }

    func testTheReexportedFunctionIsJudgedWhereItIsDefined() {
        // A session read that nothing checks guards nothing, there as in a route file.
        let unchecked = """
            import OpenAI from "openai";
            import { auth } from "@/auth";

            const openai = new OpenAI();

            export async function POST(req: Request) {
              const session = await auth();
              console.log("chat from", session?.user?.id);
              return Response.json(await openai.chat.completions.create({ model: "gpt-4o", messages: [] }));
            }
            """
        XCTAssertEqual(
            openRoutes(#"export { POST } from "./handlers";"#, more: ["app/api/chat/handlers.ts": unchecked]),
            ["POST \(route)"])
        // A guard of another file it calls counts.
        let callsGuard = """
            import OpenAI from "openai";
            import { requireUser } from "@/lib/session";

            const openai = new OpenAI();

            export async function POST(req: Request) {
              const user = await requireUser();
              return Response.json(await openai.chat.completions.create({ model: "gpt-4o", messages: [], user: user.id }));
            }
            """
        let session = """
            import { auth } from "@/auth";

            export async function requireUser() {
              const session = await auth();
              if (!session?.user) throw new Response("Unauthorized", { status: 401 });
              return session.user;
            }
            """
        XCTAssertEqual(openRoutes(#"export { POST } from "./handlers";"#, more: [
            "app/api/chat/handlers.ts": callsGuard, "lib/session.ts": session,
        ]), [])
    }

    func testMiddlewareCoveringTheRouteGuardsIt() {
        let middleware = """
            export default async function middleware(request: Request) {
              if (!(await verifySession(request))) return new Response("Unauthorized", { status: 401 });
            }

            export const config = { matcher: "/api/:path*" };
            """
        XCTAssertEqual(openRoutes(#"export { POST } from "@/lib/chat/route-handlers";"#, more: ["middleware.ts": middleware]), [])
    }
}
