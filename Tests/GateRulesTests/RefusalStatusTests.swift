import XCTest

/// A 429 answered to the caller limits a route; the provider's own 429, compared or listed, does not.
final class RefusalStatusTests: XCTestCase {
    private func openRoutes(_ path: String, _ source: String) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: [path: source])
    }

    private func fastAPIRoute(_ check: String) -> String {
        """
        from fastapi import APIRouter, HTTPException, Request
        from openai import OpenAI

        client = OpenAI()
        router = APIRouter()


        @router.post("/ask")
        def ask(request: Request):
            \(check)
            return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        """
    }

    func testA429AnsweredToTheCallerLimitsTheRoute() {
        XCTAssertEqual(openRoutes("app/routes.py", fastAPIRoute("""
            if over_allowance(request.client.host):
                    raise HTTPException(status_code=429, detail="slow down")
            """)), [])
        XCTAssertEqual(openRoutes("app/routes.py", fastAPIRoute("""
            if over_allowance(request.client.host):
                    abort(429)
            """)), [])
        XCTAssertEqual(openRoutes("src/index.ts", """
            import { Hono } from "hono";
            import OpenAI from "openai";

            const app = new Hono();
            const openai = new OpenAI();
            app.post("/ask", async (c) => {
              if (await overAllowance(c.req.header("x-forwarded-for"))) return c.json({ error: "slow down" }, 429);
              return c.json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [] }));
            });
            """), [])
    }

    func testTheProvidersOwn429ComparedOrListedLimitsNothing() {
        XCTAssertEqual(openRoutes("app/routes.py", fastAPIRoute("""
            if last_status == 429:
                    time.sleep(1)
            """)), ["POST /ask"])
        XCTAssertEqual(openRoutes("app/routes.py", fastAPIRoute("retry_on = [500, 429]")), ["POST /ask"])
        XCTAssertEqual(openRoutes("app/routes.py", fastAPIRoute("retry_on = (429,)")), ["POST /ask"])
    }

    func testTheProvidersOwn429PassedOnToTheCallerLimitsNothing() {
        let route = { (handling: String) in
            """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function POST(req: Request) {
              const { prompt } = await req.json();
              try {
                const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
                return Response.json(r.choices[0].message);
              } \(handling)
            }
            """
        }
        let path = "app/api/chat/route.ts"
        // Answered where the provider's error is caught.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: route("""
            catch (err) {
                return Response.json({ error: "busy, try again" }, { status: 429 });
              }
            """)]), ["POST app/api/chat/route.ts"])
        // Or after testing the provider's 429, outside a catch.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function POST(req: Request) {
              const upstream = await fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: await req.text() });
              if (upstream.status === 429) return Response.json({ error: "busy" }, { status: 429 });
              return new Response(upstream.body);
            }
            """]), ["POST app/api/chat/route.ts"])
    }
}
