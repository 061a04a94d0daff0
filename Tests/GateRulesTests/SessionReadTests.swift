import GateRules
import XCTest

/// A session read guards a handler only when the handler checks what it read (`HandlerFinder.uncheckedSessionReads`).
final class SessionReadTests: XCTestCase {
    private func isOpen(_ body: String, imports: String = "import { getServerSession } from \"next-auth\";") -> Bool {
        let route = """
            import OpenAI from "openai";
            \(imports)

            const openai = new OpenAI();

            export async function POST(req: Request) {
            \(body)
              const { prompt } = await req.json();
              const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
              return Response.json(r.choices[0].message);
            }
            """
        let path = "app/api/chat/route.ts"
        return !EndpointGuardScopeTests.openRoutes(path, head: [path: route]).isEmpty
    }

    func testASessionReadAndNeverCheckedLeavesTheRouteOpen() {
        XCTAssertTrue(isOpen("""
              const session = await getServerSession(authOptions);
              const userId = session?.user?.id ?? "anonymous";
              console.log("chat from", userId);
            """))
        XCTAssertTrue(isOpen("""
              const { userId } = await auth();
              console.log("request from", userId);
            """, imports: "import { auth } from \"@clerk/nextjs/server\";"))
        // A default for a missing session (`??`, `||`) tests nothing; a comparison or a ternary on it does.
        XCTAssertTrue(isOpen("""
              const session = await getServerSession(authOptions);
              const who = session ?? { user: { name: "guest" } };
              console.log("chat from", who.user.name);
            """))
        XCTAssertTrue(isOpen("""
              const session = await getServerSession(authOptions);
              const who = session || guest;
              console.log("chat from", who.user.name);
            """))
        // Supabase's read, whose receiver (`supabase.auth`) names a guard word: read into a name nothing checks.
        XCTAssertTrue(isOpen("""
              const { data: { user } } = await supabase.auth.getUser();
              console.log("chat from", user?.id);
            """, imports: "import { supabase } from \"@/lib/supabase\";"))
        XCTAssertTrue(isOpen("""
              const { data } = await supabase.auth.getSession();
            """, imports: "import { supabase } from \"@/lib/supabase\";"))
        XCTAssertFalse(isOpen("""
              const session = await getServerSession(authOptions);
              const signedIn = session != null;
              return signedIn ? undefined : Response.redirect("/login");
            """))
    }

    func testASessionReadThatIsCheckedGuardsTheRoute() {
        XCTAssertFalse(isOpen("""
              const session = await getServerSession(authOptions);
              if (!session?.user) return new Response("Unauthorized", { status: 401 });
            """))
        // Checked through a name derived from it.
        XCTAssertFalse(isOpen("""
              const session = await getServerSession(authOptions);
              const userId = session?.user?.id;
              if (!userId) return Response.redirect("/login");
            """))
        // Destructured, and nested (Supabase).
        XCTAssertFalse(isOpen("""
              const { data: { user } } = await supabase.auth.getUser();
              if (user === null) return new Response(null, { status: 302, headers: { Location: "/login" } });
            """, imports: "import { supabase } from \"@/lib/supabase\";"))
        // Handed to a check.
        XCTAssertFalse(isOpen("""
              const session = await getServerSession(authOptions);
              assertAuthenticated(session);
            """))
    }

    /// NextAuth v5's `auth(handler)` only puts the session on the request: the handler guards where it tests
    /// `req.auth`, and nowhere else.
    func testNextAuthsWrapperGuardsOnlyWhereTheHandlerTestsTheSession() {
        func route(_ check: String) -> String {
            """
            import OpenAI from "openai";
            import { auth } from "@/auth";

            const openai = new OpenAI();

            export const POST = auth(async function POST(req) {
            \(check)
              const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
              return Response.json(r);
            });
            """
        }
        let path = "app/api/chat/route.ts"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: route(#"  console.log(req.auth?.user?.email ?? "anon");"#)]), ["POST app/api/chat/route.ts"])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: route("")]), ["POST app/api/chat/route.ts"])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: route(
            #"  if (!req.auth?.user) return Response.json({ error: "Unauthorized" }, { status: 401 });"#)]), [])
    }
}
