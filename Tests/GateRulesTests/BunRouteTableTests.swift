import GateCore
import GateRules
import XCTest

/// `Bun.serve({ routes: { … }, fetch })`: each route entry, each method of one, and the `fetch` fallback are
/// endpoints of their own.
final class BunRouteTableTests: XCTestCase {
    private static let ask = #"await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [] })"#

    private func openRoutes(_ source: String, more: [String: String] = [:]) -> [String] {
        EndpointGuardScopeTests.openRoutes("index.ts", head: more.merging([
            "index.ts": "\(MetaFrameworkEndpointTests.openAI)\n\n\(source)",
        ]) { $1 })
    }

    func testThePaidRouteIsReportedAndTheFreeOnesAreNot() {
        XCTAssertEqual(openRoutes("""
            Bun.serve({
              port: 3000,
              routes: {
                "/health": new Response("ok"),
                "/api/time": () => Response.json({ now: Date.now() }),
                "/api/chat": {
                  GET: () => Response.json({ model: "gpt-4o-mini" }),
                  POST: async (req) => Response.json(\(Self.ask)),
                },
              },
            });
            """), ["Bun.serve POST /api/chat in index.ts"])
    }

    func testAGuardInOneEntryGuardsOnlyThatEntry() {
        XCTAssertEqual(openRoutes("""
            Bun.serve({
              routes: {
                "/api/chat": {
                  async POST(req) {
                    if (req.headers.get("authorization") !== `Bearer ${process.env.API_TOKEN}`) {
                      return new Response("Unauthorized", { status: 401 });
                    }
                    return Response.json(\(Self.ask));
                  },
                },
                "/api/summarize": async (req) => {
                  return Response.json(\(Self.ask));
                },
              },
            });
            """), ["Bun.serve /api/summarize in index.ts"])
    }

    func testATableDeclaredBesideTheCallIsReadTheSame() {
        for options in ["routes", "routes: apiRoutes"] {
            let name = options == "routes" ? "routes" : "apiRoutes"
            XCTAssertEqual(openRoutes("""
                const \(name): Record<string, unknown> = {
                  "/health": () => new Response("ok"),
                  "/api/chat": { POST: async (req: Request) => Response.json(\(Self.ask)) },
                };

                Bun.serve({ port: 3000, \(options) });
                """), ["Bun.serve POST /api/chat in index.ts"], options)
        }
    }

    func testTheFetchFallbackIsItsOwnEndpoint() {
        XCTAssertEqual(openRoutes("""
            Bun.serve({
              routes: {
                "/health": () => new Response("ok"),
              },
              async fetch(req) {
                return Response.json(\(Self.ask));
              },
            });
            """), ["Bun.serve fetch in index.ts"])
        XCTAssertEqual(openRoutes("""
            Bun.serve({
              routes: {
                "/api/chat": { POST: async (req) => Response.json(\(Self.ask)) },
              },
              fetch(req) {
                if (!req.headers.get("x-api-key")) return new Response(null, { status: 401 });
                return new Response("Not found", { status: 404 });
              },
            });
            """), ["Bun.serve POST /api/chat in index.ts"])
    }

    func testWebSocketMessagesAreGuardedByTheCheckBeforeTheUpgrade() {
        func server(_ check: String) -> String {
            """
            Bun.serve({
              routes: { "/health": new Response("ok") },
              fetch(req, server) {
                \(check)
                if (server.upgrade(req)) return;
                return new Response("Not found", { status: 404 });
              },
              websocket: {
                async message(ws, message) {
                  ws.send(JSON.stringify(\(Self.ask)));
                },
              },
            });
            """
        }
        XCTAssertEqual(openRoutes(server(#"if (!req.headers.get("authorization")) return new Response("Unauthorized", { status: 401 });"#)), [])
        XCTAssertEqual(openRoutes(server("")), ["Bun.serve websocket in index.ts"])
    }

    func testARouteHandedAFunctionByNameIsThatFunction() {
        let chat = """
            \(MetaFrameworkEndpointTests.openAI)

            export async function chat(req: Request) {
              return Response.json(\(Self.ask));
            }
            """
        XCTAssertEqual(openRoutes("""
            import { chat } from "./chat";

            async function summarize(req: Request) {
              return Response.json(\(Self.ask));
            }

            Bun.serve({
              routes: {
                "/api/chat": { POST: chat },
                "/api/summarize": summarize,
              },
            });
            """, more: ["chat.ts": chat]), ["Bun.serve POST /api/chat in index.ts", "Bun.serve /api/summarize in index.ts"])
    }
}
