import GateCode
import GateCore
import GateRules
import XCTest

/// Endpoints the change leaves alone, judged when a function they call gains a paid call (fixtures u01–u07 run the
/// same through git); here, what must not fire.
final class UnchangedEndpointReachTests: XCTestCase {
    private static let route = """
        import { summarize } from "@/lib/summarize";

        export async function POST(req: Request) {
          const { text } = await req.json();
          return Response.json({ summary: await summarize(text) });
        }
        """
    private static let baseLibrary = "export async function summarize(text: string) {\n  return text.slice(0, 280);\n}\n"
    private static let paidLibrary = """
        import OpenAI from "openai";

        const openai = new OpenAI();

        export async function summarize(text: string) {
          const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
          return r.choices[0].message.content ?? "";
        }
        """

    /// The analysis's findings when `path` changes from `base` to `head` in a tree that also holds `others`.
    private func findings(
        base: String, head: String, others: [String: String], path: String = "lib/summarize.ts"
    ) throws -> [String] {
        var files = others
        files[path] = head
        files["tsconfig.json"] = #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } } }"#
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        let changed = DetectorExample(head, path: path, base: base).makeSourceFile()
        _ = Scanner(context: context).scan(changed)
        var analysis = UnchangedEndpointReach()
        analysis.observe(changed, context: context)
        return try analysis.finish(head: InMemoryHeadTree(files: files), context: context).findings.map { "\($0.rule) \($0.path):\($0.line)" }
    }

    func testAnUnchangedOpenRouteIsReportedWhereItCallsTheFunction() throws {
        XCTAssertEqual(
            try findings(base: Self.baseLibrary, head: Self.paidLibrary, others: ["app/api/summarize/route.ts": Self.route]),
            ["unprotected-endpoint app/api/summarize/route.ts:5"])
    }

    func testVendoredAndBuiltCopiesAndMereDefinitionsAreNotSearched() throws {
        XCTAssertEqual(try findings(base: Self.baseLibrary, head: Self.paidLibrary, others: [
            "vendor/app/api/summarize/route.ts": Self.route,
            ".next/server/app/api/summarize/route.ts": Self.route,
            // A function of the same name defined elsewhere is no call of this one.
            "app/api/other/route.ts": "export async function POST() {\n  return Response.json({ ok: true });\n}\nfunction summarize(t: string) { return t; }\n",
        ]), [])
    }

    func testAPaidCallTheChangeOnlyEditsStartsNoSearch() throws {
        let edited = Self.paidLibrary.replacingOccurrences(of: "gpt-4o-mini", with: "gpt-4o")
        XCTAssertEqual(try findings(base: edited, head: Self.paidLibrary, others: ["app/api/summarize/route.ts": Self.route]), [])
    }

    /// A session import taken out of a helper's top level guards nobody: the open paid route that imports the helper
    /// was open before, and is judged when a change touches it.
    func testAGuardWordTakenOutOfAFilesTopLevelRejudgesNothing() throws {
        let openRoute = """
            import OpenAI from "openai";
            import { displayName } from "@/lib/auth";

            const openai = new OpenAI();

            export async function POST(req: Request) {
              const { messages } = await req.json();
              return Response.json({ who: displayName(null), out: await openai.chat.completions.create({ model: "gpt-4o", messages }) });
            }
            """
        let helper = "export function displayName(user: { name: string } | null) {\n  return user?.name ?? \"guest\";\n}\n"
        XCTAssertEqual(try findings(
            base: "import { getServerSession } from \"next-auth\";\n" + helper, head: helper,
            others: ["app/api/chat/route.ts": openRoute, "lib/summarize.ts": Self.baseLibrary], path: "lib/auth.ts"), [])
    }

    func testARouteThatChecksTheSessionIsNotReported() throws {
        let guarded = """
            import { getServerSession } from "next-auth";
            import { summarize } from "@/lib/summarize";

            export async function POST(req: Request) {
              const session = await getServerSession();
              if (!session) return new Response("Unauthorized", { status: 401 });
              return Response.json({ summary: await summarize((await req.json()).text) });
            }
            """
        XCTAssertEqual(try findings(base: Self.baseLibrary, head: Self.paidLibrary, others: ["app/api/summarize/route.ts": guarded]), [])
    }

    private static let server = """
        import express from "express";
        import OpenAI from "openai";
        import { requireAuth } from "./auth";

        const app = express();
        const openai = new OpenAI();
        app.use(requireAuth);

        app.post("/api/chat", async (req, res) => {
          res.json(await openai.chat.completions.create({ model: "gpt-4o-mini", messages: req.body.messages }));
        });
        """
    private static let auth = "export function requireAuth(req: any, res: any, next: any) {\n  if (!req.headers.authorization) return res.status(401).end();\n  next();\n}\n"

    /// `app.use(requireAuth)` taken out of the file whose own routes it guarded: the unchanged route is judged.
    func testAnAppWideGuardTakenOutJudgesTheFilesOwnUnchangedRoutes() throws {
        let open = Self.server.replacingOccurrences(of: "app.use(requireAuth);\n", with: "")
        XCTAssertEqual(
            try findings(base: Self.server, head: open, others: ["src/auth.ts": Self.auth], path: "src/server.ts"),
            ["unprotected-endpoint src/server.ts:8"])
    }

    /// Only a comment of the registration taken out: the route is guarded as before.
    func testACommentTakenOutOfTheAppRejudgesNothing() throws {
        let commented = Self.server.replacingOccurrences(of: "app.use(requireAuth);\n", with: "app.use(requireAuth);\n// app.use(requireAuth);\n")
        XCTAssertEqual(
            try findings(base: commented, head: Self.server, others: ["src/auth.ts": Self.auth], path: "src/server.ts"), [])
    }
}
