import GateCore
import XCTest
@testable import GateRules

/// `schema-without-migration` on query builders' writes: Supabase (JS and Python), Knex and Laravel's `DB::table`.
final class SchemaWithoutMigrationQueryBuilderTests: XCTestCase {
    private func findings(_ example: DetectorExample) -> [Finding] { example.findings(of: SchemaWithoutMigrationDetector()) }

    private let tickets = (
        path: "supabase/migrations/20240101000000_tickets.sql",
        text: "create table public.tickets (id bigint primary key, body text not null, status text, user_id uuid);\n")

    func testASupabaseEdgeFunctionWritingAColumnNoMigrationCreatesIsReported() throws {
        let example = DetectorExample(
            """
            import { createClient } from "npm:@supabase/supabase-js@2";
            Deno.serve(async (req) => {
              const supabase = createClient(Deno.env.get("SUPABASE_URL")!, Deno.env.get("SUPABASE_SERVICE_ROLE_KEY")!);
              const { id, summary } = await req.json();
              const { error } = await supabase
                .from("tickets")
                .update({ summary, status: "summarized" })
                .eq("id", id);
              await supabase.from("tickets").insert([{ body: "x", user_id: null }]);
              await supabase.from("audit_log").insert({ action: "summary" });
              return new Response(JSON.stringify({ error }));
            });
            """,
            path: "supabase/functions/summarize/index.ts", alongside: [tickets])
        let found = findings(example)
        XCTAssertEqual(found.map(\.line), [7])
        let message = try XCTUnwrap(found.first?.message)
        // The function's own words (it sits under `supabase/`) do not count as a migration's.
        XCTAssertTrue(message.hasPrefix("writes tickets.summary, which no migration of the project creates"), message)

        var migrated = example
        migrated.alongside.append(("supabase/migrations/20240301000000_summary.sql", "alter table public.tickets add column summary text;\n"))
        XCTAssertEqual(findings(migrated), [])
    }

    func testKnexSupabasePythonAndLaravelChainsAreRead() {
        let knex = findings(DetectorExample(
            """
            export async function save(knex, id, text) {
              await knex("tickets").where({ id }).update({ ai_summary: text, updated_at: knex.fn.now() });
              await knex("tickets").insert({ body: text, user_id: null });
            }
            """,
            path: "src/jobs/save.js", alongside: [tickets]))
        XCTAssertEqual(knex.map(\.line), [2])
        XCTAssertTrue(knex.first?.message.hasPrefix("writes tickets.ai_summary,") == true, knex.first?.message ?? "")

        let kysely = findings(DetectorExample(
            """
            export async function save(db: Kysely<DB>, id: number, text: string) {
              await db.updateTable("tickets").set({ status: "done", summary_v2: text }).where("id", "=", id).execute();
              await db.insertInto("tickets").values({ body: text, user_id: null }).execute();
              const cache = new Map(); cache.set("tickets", text);
            }
            """,
            path: "src/jobs/kysely.ts", alongside: [tickets]))
        XCTAssertEqual(kysely.map(\.line), [2])
        XCTAssertTrue(kysely.first?.message.hasPrefix("writes tickets.summary_v2,") == true, kysely.first?.message ?? "")

        let python = findings(DetectorExample(
            """
            def run(client, ticket_id, text):
                client.table("tickets").update({"summary_text": text, "status": "done"}).eq("id", ticket_id).execute()
            """,
            path: "jobs/nightly.py", alongside: [tickets]))
        XCTAssertEqual(python.map(\.line), [2])

        let laravel = findings(DetectorExample(
            """
            <?php
            use Illuminate\\Support\\Facades\\DB;
            class Summarize {
                public function handle(): void {
                    DB::table('tickets')->where('id', $this->id)->update(['ai_summary' => $text, 'status' => 'done']);
                }
            }
            """,
            path: "app/Jobs/Summarize.php", alongside: [tickets]))
        XCTAssertEqual(laravel.map(\.line), [5])
    }

    func testWritesOfKnownColumnsReadsAndOtherUpdatesAreSilent() {
        let found = findings(DetectorExample(
            """
            import { createHash } from "node:crypto";
            export async function touch(supabase, id, rows) {
              const digest = createHash("sha256").update(String(id)).digest("hex");
              const { data } = await supabase.from("tickets").select("summary").eq("id", id);
              await supabase.from("tickets").update(rows).eq("id", id);
              await supabase.from("tickets").update({ status: "seen", ...rows }).eq("id", id);
              return Array.from(data ?? []).map((row) => row.status + digest);
            }
            """,
            path: "src/lib/touch.ts", alongside: [tickets]))
        XCTAssertEqual(found, [])
    }
}
