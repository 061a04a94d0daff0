import GateCore
import GateSQL

/// A migration drops or renames something that is still used: by head code anywhere in the repository (found
/// by `SchemaChangeAnalyzer`, which sees the whole head tree) or by a later statement of the same migration
/// (found here, one file at a time).
struct ContractStillUsedDetector: Detector {
    static let id = "contract-still-used"
    /// Blocking, in `gate rules` and in every report alike: running the contract breaks code that is live.
    static let tier = Tier.critical

    let description = DetectorDescription(
        id: ContractStillUsedDetector.id, name: "Dropped or renamed while still used",
        category: .schemaChange,
        rationale: """
            A migration drops or renames a table or column that code at head still reads or writes (SQL strings, \
            ORM field names, model attributes), or that a later statement of the same migration still names. \
            Running it breaks that code, so the contract is blocked until nothing uses the old name. A name alone \
            is no use: it needs table context, that is the table named in the same expression (SQL statement, ORM \
            call, a Django lookup's field before __ as in filter(legacy__isnull=True)), a qualifier that is the table, \
            its model or a SQL alias of it (report.summary, r.summary after FROM reports r), or the file declaring its \
            mapped class. View templates (ERB, Haml, Slim, Django and Jinja templates, Twig, Liquid, EJS, Handlebars, \
            Blade, Vue, Svelte, EEx) count too, where only a row's member is a use: {{ invoice.amount }}, \
            <%= u.legacy_role %> after @users.each do |u|; the page's words are not. A column qualified by another object \
            (message.step_id is not steps.step_id), a function parameter or type named like it, a key named like \
            the table (messages: in a request), another client's member (openai.chat is not table Chat) and the \
            columns of a foreign key before REFERENCES are not uses. Uses across the repository are found by the \
            schema change analyzer over the whole head tree (its head-code examples are in this file too); the \
            examples here show the single-file case.
            """,
        triggering: [
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports DROP COLUMN legacy_flag;
                CREATE VIEW flagged_reports AS SELECT id FROM reports WHERE legacy_flag;
                """,
                path: "db/migrations/0050_drop_legacy.sql"),
            // A SQL alias stands for its table.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ↓ALTER TABLE documents RENAME COLUMN source_url TO url;
                UPDATE chunks c SET origin = d.source_url FROM documents d WHERE c.document_id = d.id;
                """,
                path: "db/migrations/0061_rename_source_url.sql"),
            // The columns of `REFERENCES table (…)` are that table's.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ↓ALTER TABLE "Chat" DROP COLUMN "publicId";
                ALTER TABLE "Share" ADD CONSTRAINT "Share_chat_fkey" FOREIGN KEY ("chatPublicId") REFERENCES "Chat"("publicId");
                """,
                path: "prisma/migrations/20240611090000_drop_public_id/migration.sql"),
        ],
        nonTriggering: [
            // A later statement that makes the dropped name again names the new column, as do those after it.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ALTER TABLE chats DROP COLUMN old_body;
                ALTER TABLE chats RENAME COLUMN body TO old_body;
                UPDATE chats SET old_body = NULL WHERE archived;
                """,
                path: "db/migrations/0080_swap_body.sql"),
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                DROP VIEW flagged_reports;
                ALTER TABLE reports DROP COLUMN legacy_flag;
                """,
                path: "db/migrations/0050_drop_legacy.sql"),
            // The migration's own foreign key: user_id is the column of messages, chats is only referenced.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ALTER TABLE chats DROP COLUMN user_id;
                ALTER TABLE messages ADD CONSTRAINT messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES chats (id) NOT VALID;
                """,
                path: "db/migrations/0071_move_user_id.sql"),
            // m.step_id is messages.step_id, not steps.step_id, though steps is named in the statement.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ALTER TABLE steps DROP COLUMN step_id;
                UPDATE messages m SET step_ref = s.id FROM steps s WHERE m.step_id = s.id;
                """,
                path: "db/migrations/0072_drop_step_id.sql"),
            // Prisma's own foreign key on another table, whose columns are named like the dropped one.
            DetectorExample(
                """
                -- gate:phase post
                -- AlterTable
                ALTER TABLE "Chat" DROP COLUMN "userId";
                -- AddForeignKey
                ALTER TABLE "ChatMember" ADD CONSTRAINT "ChatMember_chat_fkey" FOREIGN KEY ("chatId", "userId") REFERENCES "public"."Chat"("id", "ownerId") ON DELETE CASCADE ON UPDATE CASCADE;
                """,
                path: "prisma/migrations/20240612090000_chat_id/migration.sql"),
        ],
        tier: ContractStillUsedDetector.tier, postgresVersions: "all")

    /// Head code next to a migration: whether the analyzer must find a use (`↓` marks the line it names).
    struct HeadCodeExample: Sendable {
        var migration: DetectorExample
        var code: DetectorExample
    }

    /// The cross-file cases, each shape of a true use and of a false alarm measured on real changes
    /// (tested by the schema change analyzer's tests).
    static let headCodeExamples: (triggering: [HeadCodeExample], nonTriggering: [HeadCodeExample]) = (
        triggering: [
            HeadCodeExample(
                migration: dropColumn("steps", "step_id"),
                code: DetectorExample(
                    """
                    def resume(step):
                        ↓return step.step_id or start_step(step)
                    """,
                    path: "worker/resume.py")),
            HeadCodeExample(
                migration: dropColumn("\"Chat\"", "\"messages\""),
                code: DetectorExample(
                    """
                    export async function loadChat(id: string) {
                      ↓return prisma.chat.findUnique({ where: { id }, include: { messages: true } });
                    }
                    """,
                    path: "lib/chat.ts")),
            HeadCodeExample(
                migration: dropColumn("reports", "legacy_flag"),
                code: DetectorExample(
                    """
                    class Report(Model):
                        title = CharField()
                        ↓legacy_flag = BooleanField(default=False)
                    """,
                    path: "app/models/report.py")),
            HeadCodeExample(
                migration: dropColumn("reports", "summary"),
                code: DetectorExample(
                    """
                    export async function listSummaries(db: Pool) {
                      const rows = await db.query(`
                        ↓SELECT id, summary
                        FROM reports
                        WHERE owner_id = $1`, [owner]);
                      return rows;
                    }
                    """,
                    path: "src/reports/list.ts")),
            // A view template reads the column through a row: a loop's name for the table's rows (ERB), a model's name (Jinja).
            HeadCodeExample(
                migration: dropColumn("users", "legacy_role"),
                code: DetectorExample(
                    """
                    <% @users.each do |u| %>
                      <tr>
                        <td><%= u.email %></td>
                    ↓    <td><%= u.legacy_role %></td>
                      </tr>
                    <% end %>
                    """,
                    path: "app/views/admin/users/index.html.erb")),
            HeadCodeExample(
                migration: dropColumn("invoices", "amount"),
                code: DetectorExample(
                    """
                    {% extends "base.html" %}
                    {% block content %}
                    ↓<p>Invoice #{{ invoice.id }}: {{ invoice.amount }} cents</p>
                    {% endblock %}
                    """,
                    path: "app/templates/invoice.html")),
            // A query a template runs itself: the column named on the line of an ORM call of its table.
            HeadCodeExample(
                migration: dropColumn("tickets", "priority"),
                code: DetectorExample(
                    """
                    <ul>
                    ↓@foreach (\\App\\Models\\Ticket::where('priority', 'high')->latest()->get() as $ticket)
                        <li>{{ $ticket->subject }}</li>
                    @endforeach
                    </ul>
                    """,
                    path: "resources/views/tickets/urgent.blade.php")),
            // A Django lookup names the field before `__`.
            HeadCodeExample(
                migration: dropColumn("reports", "legacy_flag"),
                code: DetectorExample(
                    """
                    def stale():
                        ↓return Report.objects.filter(legacy_flag__isnull=False).order_by("-id")
                    """,
                    path: "app/reports/views.py")),
        ],
        nonTriggering: [
            // Another model's field of that name, and a related model's (`owner__legacy_flag`).
            HeadCodeExample(
                migration: dropColumn("reports", "legacy_flag"),
                code: DetectorExample(
                    """
                    def stale():
                        return Archive.objects.filter(legacy_flag__isnull=False)
                    """,
                    path: "app/archive/views.py")),
            HeadCodeExample(
                migration: dropColumn("reports", "legacy_flag"),
                code: DetectorExample(
                    """
                    def by_stale_owners():
                        return Report.objects.filter(owner__legacy_flag__isnull=False)
                    """,
                    path: "app/reports/views.py")),
            // Qualified by another table's row.
            HeadCodeExample(
                migration: dropColumn("steps", "step_id"),
                code: DetectorExample(
                    """
                    def link(message, step):
                        message.step_id = step.id
                        message.save()
                    """,
                    path: "worker/link.py")),
            // A parameter named like the column, in a file that names the table.
            HeadCodeExample(
                migration: dropColumn("steps", "step_id"),
                code: DetectorExample(
                    """
                    import { steps } from "@/db/schema";
                    import { db } from "@/db";

                    export function stepUrl(step_id: string, base = "/runs") {
                      return `${base}/${step_id}`;
                    }

                    export async function listSteps(runId: string) {
                      return db.select().from(steps).where(eq(steps.runId, runId));
                    }
                    """,
                    path: "lib/urls.ts")),
            // A request's `messages:` key, and `openai.chat` which is no table.
            HeadCodeExample(
                migration: dropColumn("\"Chat\"", "\"messages\""),
                code: DetectorExample(
                    """
                    import OpenAI from "openai";

                    const openai = new OpenAI();
                    export async function reply(history: { role: "user"; content: string }[]) {
                      const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: history });
                      return completion.choices[0].message;
                    }
                    """,
                    path: "lib/ai/reply.ts")),
            // A type alias and a type's field named like the column are no use of the table.
            HeadCodeExample(
                migration: dropColumn("reports", "summary"),
                code: DetectorExample(
                    """
                    export type Summary = { text: string; tokens: number };
                    export interface ReportCard { summary: string; reports: number }
                    """,
                    path: "src/types.ts")),
            // An error message's words name no table or column.
            HeadCodeExample(
                migration: dropColumn("\"Chat\"", "\"messages\""),
                code: DetectorExample(
                    """
                    export async function getMessagesByChatId({ id }: { id: string }) {
                      try {
                        return await db.select().from(message).where(eq(message.chatId, id));
                      } catch (error) {
                        throw new ChatSDKError("bad_request:database", "Failed to get messages by chat id");
                      }
                    }

                    export async function deleteMessagesByChatIdAfterTimestamp({ chatId }: { chatId: string }) {
                      try {
                        return await db.delete(message).where(eq(message.chatId, chatId));
                      } catch (error) {
                        throw new ChatSDKError("bad_request:database", "Failed to delete messages by chat id after timestamp");
                      }
                    }
                    """,
                    path: "lib/db/queries.ts")),
            // A template's words are the page's, however near the table's name ("Amount" under `invoices`); a comment of
            // the template language and another row's member (`payment.amount`) are no use either.
            HeadCodeExample(
                migration: dropColumn("invoices", "amount"),
                code: DetectorExample(
                    """
                    {% for invoice in invoices %}
                      <tr><th>Amount</th><td>{{ invoice.total }}</td></tr>
                      {# invoice.amount became invoice.total #}
                      <tr><th>Paid</th><td>{{ payment.amount }}</td></tr>
                    {% endfor %}
                    """,
                    path: "billing/templates/billing/invoices.html")),
            // Rails' way to stop using a column before dropping it: listed in the model's `ignored_columns`.
            HeadCodeExample(
                migration: dropColumn("accounts", "trust_level"),
                code: DetectorExample(
                    """
                    class Account < ApplicationRecord
                      self.ignored_columns = %w(
                        subscription_expires_at
                        trust_level
                      )

                      has_many :statuses
                    end
                    """,
                    path: "app/models/account.rb")),
            // The migration makes the name again: after it runs, `prompts.prompt` exists (the old JSON column renamed).
            HeadCodeExample(
                migration: DetectorExample(
                    """
                    -- gate:phase post
                    SET lock_timeout = '2s';
                    ALTER TABLE prompts DROP COLUMN prompt;
                    ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
                    """,
                    path: "prisma/migrations/20240325184810_prompt_to_json/migration.sql"),
                code: DetectorExample(
                    """
                    export async function createPrompt(db: Pool, name: string, prompt: unknown) {
                      return db.query("INSERT INTO prompts (name, prompt) VALUES ($1, $2)", [name, prompt]);
                    }
                    """,
                    path: "src/prompts.ts")),
        ])

    private static func dropColumn(_ table: String, _ column: String) -> DetectorExample {
        DetectorExample(
            "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE \(table) DROP COLUMN \(column);\n",
            path: "db/migrations/0090_contract.sql")
    }

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        guard analysis.isMigration, analysis.judgesHazards, let script = analysis.script else { return [] }
        return analysis.stillUsedLater.keys.sorted().compactMap { index in
            let analyzed = script.statements[index]
            guard SchemaFileAnalysis.touchesAddedLines(analyzed.statement, in: file), let use = analysis.stillUsedLater[index]
            else { return nil }
            return Finding(
                rule: description.id, category: .schemaChange, path: file.path, line: analyzed.statement.line,
                column: analyzed.statement.column,
                message: SchemaFindings.statementMessage(use, hazards: analyzed.hazards, analysis: analysis),
                evidence: SchemaFindings.excerpt(analyzed.statement.text), tier: Self.tier, action: .block)
        }
    }
}
