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
}
