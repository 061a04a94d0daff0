import GateCore
import GateRules
import XCTest

/// NextAuth v5 (Auth.js) in a Next.js `middleware.ts`: `auth` re-exported guards only when the configuration declares
/// `callbacks.authorized` (NextAuth lets every request through otherwise), and `auth((req) => …)` guards the paths
/// its callback turns away.
final class NextAuthMiddlewareTests: XCTestCase {
    private static let route = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function POST(req: Request) {
          const { messages } = await req.json();
          const completion = await openai.chat.completions.create({ model: "gpt-4o", messages });
          return Response.json(completion);
        }
        """

    private static let authWithoutCallbacks = """
        import NextAuth from "next-auth";
        import GitHub from "next-auth/providers/github";

        export const { handlers, auth, signIn, signOut } = NextAuth({ providers: [GitHub] });
        """

    /// The routes reported open among `app/api/chat/route.ts` and `app/api/summarize/route.ts`.
    private func openRoutes(_ files: [String: String]) -> [String] {
        var tree = files
        tree["tsconfig.json"] = #"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#
        tree["app/api/chat/route.ts"] = Self.route
        tree["app/api/summarize/route.ts"] = Self.route
        return ["app/api/chat/route.ts", "app/api/summarize/route.ts"].flatMap { EndpointGuardScopeTests.openRoutes($0, head: tree) }
    }

    func testAuthReexportedGuardsOnlyWhenTheConfigurationDeclaresAuthorized() {
        let middleware = #"export { auth as middleware } from "@/auth";"#
        XCTAssertEqual(openRoutes(["middleware.ts": middleware, "auth.ts": Self.authWithoutCallbacks]), [
            "POST app/api/chat/route.ts", "POST app/api/summarize/route.ts",
        ])
        let config = """
            import type { NextAuthConfig } from "next-auth";

            export const authConfig = {
              pages: { signIn: "/login" },
              callbacks: {
                authorized({ auth }) {
                  return !!auth?.user;
                },
              },
              providers: [],
            } satisfies NextAuthConfig;
            """
        let auth = """
            import NextAuth from "next-auth";
            import { authConfig } from "./auth.config";

            export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
            """
        XCTAssertEqual(openRoutes(["middleware.ts": middleware, "auth.ts": auth, "auth.config.ts": config]), [])
        // `NextAuth(authConfig).auth` made in the middleware itself.
        let made = """
            import NextAuth from "next-auth";
            import { authConfig } from "./auth.config";

            export default NextAuth(authConfig).auth;
            """
        XCTAssertEqual(openRoutes(["middleware.ts": made, "auth.config.ts": config]), [])
    }

    /// A middleware of the app's own that calls `auth()` and answers 401 is judged by what it refuses, whatever the
    /// configuration declares.
    func testAnOwnMiddlewareCallingAuthGuardsWhatItRefuses() {
        let middleware = """
            import { NextResponse } from "next/server";
            import type { NextRequest } from "next/server";
            import { auth } from "@/auth";

            export async function middleware(request: NextRequest) {
              const session = await auth();
              if (!session && request.nextUrl.pathname.startsWith("/api/")) {
                return NextResponse.json({ error: "unauthorized" }, { status: 401 });
              }
              return NextResponse.next();
            }

            export const config = { matcher: ["/api/:path*"] };
            """
        XCTAssertEqual(openRoutes(["middleware.ts": middleware, "auth.ts": Self.authWithoutCallbacks]), [])
    }

    func testACallbackGuardsThePathsItTurnsAway() {
        func middleware(_ body: String) -> String {
            """
            import { auth } from "@/auth";
            import { NextResponse } from "next/server";

            export default auth((req) => {
            \(body)
            });
            """
        }
        let chatOnly = """
              const isLoggedIn = !!req.auth;
              if (!isLoggedIn && req.nextUrl.pathname.startsWith("/api/chat")) {
                return Response.json({ error: "unauthorized" }, { status: 401 });
              }
            """
        XCTAssertEqual(openRoutes(["middleware.ts": middleware(chatOnly), "auth.ts": Self.authWithoutCallbacks]), [
            "POST app/api/summarize/route.ts",
        ])
        let dashboardOnly = """
              const isOnDashboard = req.nextUrl.pathname.startsWith("/dashboard");
              if (isOnDashboard && !req.auth) {
                return NextResponse.redirect(new URL("/login", req.nextUrl));
              }
            """
        XCTAssertEqual(openRoutes(["middleware.ts": middleware(dashboardOnly), "auth.ts": Self.authWithoutCallbacks]), [
            "POST app/api/chat/route.ts", "POST app/api/summarize/route.ts",
        ])
        let everyPath = """
              if (!req.auth) {
                return NextResponse.redirect(new URL("/login", req.url));
              }
              return NextResponse.next();
            """
        XCTAssertEqual(openRoutes(["middleware.ts": middleware(everyPath), "auth.ts": Self.authWithoutCallbacks]), [])
        let logsOnly = #"  console.log("request", req.nextUrl.pathname);"#
        XCTAssertEqual(openRoutes(["middleware.ts": middleware(logsOnly), "auth.ts": Self.authWithoutCallbacks]), [
            "POST app/api/chat/route.ts", "POST app/api/summarize/route.ts",
        ])
    }
}
