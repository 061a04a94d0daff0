import GateCore
import GateRules
import XCTest

/// Server actions declared inline in a component (a function whose first statement is `"use server"`): each is a
/// public POST endpoint, guarded only by what it checks itself.
final class InlineServerActionTests: XCTestCase {
    private let page = "app/studio/page.tsx"

    private static let tsconfig = #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }"#

    private static let complete = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function complete(prompt: string) {
          const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
          return r.choices[0].message.content ?? "";
        }
        """

    /// The open endpoints of a page whose component body is `body`, with `imports` above it and the paid helper
    /// `complete` in lib/ai.ts.
    private func openActions(_ body: String, imports: String = "") -> [String] {
        EndpointGuardScopeTests.openRoutes(page, head: [
            "tsconfig.json": Self.tsconfig,
            "lib/ai.ts": Self.complete,
            "auth.ts": "export async function auth() {\n  return null as { user?: { id: string } } | null;\n}\n",
            page: """
                import { redirect } from "next/navigation";
                import { complete } from "@/lib/ai";
                \(imports)

                export default async function Page() {
                \(body)
                }
                """,
        ])
    }

    func testFunctionWithTheDirectiveInAComponentIsAnEndpoint() {
        XCTAssertEqual(openActions("""
              async function generate(formData: FormData) {
                "use server";
                const text = await complete(String(formData.get("prompt")));
                redirect(`/studio?result=${encodeURIComponent(text)}`);
              }

              return (
                <form action={generate}>
                  <textarea name="prompt" />
                  <button type="submit">Generate</button>
                </form>
              );
            """), ["server action generate in \(page)"])
    }

    func testArrowFunctionsWithTheDirectiveAreEndpoints() {
        XCTAssertEqual(openActions("""
              const summarize = async (formData: FormData) => {
                'use server'
                await complete(String(formData.get("text")))
              }

              return (
                <div>
                  <form action={summarize}><button>Summarize</button></form>
                  <form action={async (formData: FormData) => {
                    "use server";
                    await complete(String(formData.get("title")));
                  }}><button>Title</button></form>
                </div>
              );
            """), ["server action summarize in \(page)", "inline server action in \(page)"])
    }

    func testAnActionThatChecksTheCallerIsGuarded() {
        let checks = [
            ("import { auth } from \"@/auth\";", "const session = await auth();\n    if (!session?.user) redirect(\"/login\");"),
            ("import { getServerSession } from \"next-auth\";", "const session = await getServerSession();\n    if (!session) throw new Error(\"Unauthorized\");"),
            ("import { currentUser } from \"@clerk/nextjs/server\";", "const user = await currentUser();\n    if (!user) redirect(\"/sign-in\");"),
            ("import { ratelimit } from \"@/lib/ratelimit\";", "const { success } = await ratelimit.limit(\"studio\");\n    if (!success) throw new Error(\"Too many requests\");"),
        ]
        for (imports, check) in checks {
            XCTAssertEqual(openActions("""
                  async function generate(formData: FormData) {
                    "use server";
                    \(check)
                    await complete(String(formData.get("prompt")));
                  }

                  return <form action={generate}><button>Go</button></form>;
                """, imports: imports), [], check)
        }
    }

    func testTheComponentsOwnCheckDoesNotGuardTheAction() {
        // The action is called by its id, with a POST that never renders the page: the page's check does not run.
        XCTAssertEqual(openActions("""
              const session = await auth();
              if (!session?.user) redirect("/login");

              async function generate(formData: FormData) {
                "use server";
                await complete(String(formData.get("prompt")));
              }

              return <form action={generate}><button>Go</button></form>;
            """, imports: "import { auth } from \"@/auth\";"), ["server action generate in \(page)"])
    }

    func testMiddlewareCoveringThePageGuardsItsActions() {
        // An action is posted to the page's own path, so the middleware that runs for the page runs for it.
        func open(matcher: String) -> [String] {
            EndpointGuardScopeTests.openRoutes(page, head: [
                "middleware.ts": """
                    export default async function middleware(request: Request) {
                      if (!(await verifySession(request))) return new Response("Unauthorized", { status: 401 });
                    }

                    export const config = { matcher: "\(matcher)" };
                    """,
                page: """
                    import OpenAI from "openai";

                    const openai = new OpenAI();

                    export default function Page() {
                      async function generate(formData: FormData) {
                        "use server";
                        await openai.chat.completions.create({ model: "gpt-4o", messages: [] });
                      }
                      return <form action={generate}><button>Go</button></form>;
                    }
                    """,
            ])
        }
        XCTAssertEqual(open(matcher: "/studio/:path*"), [])
        XCTAssertEqual(open(matcher: "/api/:path*"), ["server action generate in \(page)"])
    }

    func testAStringThatIsNoDirectiveMakesNoEndpoint() {
        XCTAssertEqual(openActions("""
              async function preview(prompt: string) {
                console.log("use server");
                return complete(prompt);
              }

              async function draft(prompt: string) {
                const mode = "draft";
                "use server";
                return complete(prompt + mode);
              }

              async function label(prompt: string) {
                "use server".length;
                return complete(prompt);
              }

              const text = await preview("hello") + await draft("hi") + await label("x");
              return <p>{text}</p>;
            """), [])
    }

    func testAModuleOfActionsIsStillReadByItsExports() {
        let actions = "app/actions/generate.ts"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(actions, head: [
            "tsconfig.json": Self.tsconfig,
            "lib/ai.ts": Self.complete,
            actions: """
                'use server'

                import { complete } from "@/lib/ai"

                export async function generateReply(formData: FormData) {
                  return complete(String(formData.get("prompt")))
                }

                async function notExported(prompt: string) {
                  return complete(prompt)
                }
                """,
        ]), ["server action generateReply in \(actions)"])
    }
}
