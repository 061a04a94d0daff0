import GateCore
import XCTest
@testable import GateRules

/// `schema-without-migration` on active-record writes: a Rails or Laravel model has no column declarations, so a
/// write naming a column is compared with the migrations and the schema dump, less what the model declares that is
/// no column.
final class SchemaWithoutMigrationModelWriteTests: XCTestCase {
    private func findings(_ example: DetectorExample) -> [Finding] { example.findings(of: SchemaWithoutMigrationDetector()) }

    private let project: [(String, String)] = [
        ("db/migrate/20240301090000_create_tickets.rb", """
            class CreateTickets < ActiveRecord::Migration[7.1]
              def change
                create_table :tickets do |t|
                  t.text :body, null: false
                  t.string :status
                  t.references :user
                  t.timestamps
                end
              end
            end

            """),
        ("app/models/ticket.rb", """
            class Ticket < ApplicationRecord
              belongs_to :user
              has_one_attached :transcript
              attr_accessor :skip_notify
              accepts_nested_attributes_for :notes
              include Summarizable
            end

            """),
        ("app/models/concerns/summarizable.rb", """
            module Summarizable
              extend ActiveSupport::Concern
              included do
                store_accessor :status, :color
              end
            end

            """),
    ]

    private let job = """
        class SummarizeTicketsJob < ApplicationJob
          def perform
            Ticket.where(status: "open").find_each do |ticket|
              text = Summarizer.call(ticket.body)
              ticket.update!(summary: text, status: "done", skip_notify: true, transcript: nil, user: ticket.user, color: "x")
              Ticket.find(ticket.id).update_column(:summarized_at, Time.current)
              Ticket.where(id: ticket.id).update_all(tokens_used: 0, updated_at: Time.current)
              Ticket.create!(body: "x", user_id: ticket.user_id, notes_attributes: [])
              ticket.model_name = "gpt-4o"
              ticket.skip_notify = true
              ticket.status = "summarized"
              ticket.save!
            end
          end
        end
        """

    func testAJobWritingColumnsNoMigrationCreatesIsReportedAndWhatTheModelDeclaresIsNot() throws {
        let found = findings(DetectorExample(job, path: "app/jobs/summarize_tickets_job.rb", alongside: project))
        XCTAssertEqual(found.map(\.line), [5])
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(
            message.hasPrefix("writes tickets.summary, tickets.summarized_at, tickets.tokens_used and 1 more, which no migration"), message)
    }

    func testTheMigrationAddingTheColumnsSilencesIt() {
        let example = DetectorExample(
            job, path: "app/jobs/summarize_tickets_job.rb",
            alongside: project + [(
                "db/migrate/20240501120000_add_summary_to_tickets.rb",
                "class AddSummaryToTickets < ActiveRecord::Migration[7.1]\n  def change\n"
                    + "    add_column :tickets, :summary, :text\n    add_column :tickets, :summarized_at, :datetime\n"
                    + "    add_column :tickets, :tokens_used, :integer\n    add_column :tickets, :model_name, :string\n  end\nend\n")])
        XCTAssertEqual(findings(example), [])
    }

    func testRubyCallsWithoutParenthesesAreRead() {
        let found = findings(DetectorExample(
            """
            class SummarizeJob < ApplicationJob
              def perform(ticket)
                ticket.update! summary: Summarizer.call(ticket.body), status: "done" if ticket.body.present?
                ticket.update_column :summarized_at, Time.current
                ticket.update_column :status, "seen"
              end
            end
            """,
            path: "app/jobs/summarize_job.rb", alongside: project))
        XCTAssertEqual(found.map(\.line), [3])
        XCTAssertTrue(found.first?.message.hasPrefix("writes tickets.summary, tickets.summarized_at, which") == true, found.first?.message ?? "")
    }

    func testReceiversThatAreNoModelAndMethodDefinitionsAreNotRead() {
        let found = findings(DetectorExample(
            """
            class TicketsController < ApplicationController
              def create(summary: nil)
                record = Ticket.new(ticket_params)
                record.update(summary: summary)
                current_user.update(summary_seen: true)
                Struct.new(:summary).new(summary: "x")
                @ticket.update(ticket_params)
              end
            end
            """,
            path: "app/controllers/tickets_controller.rb", alongside: project))
        XCTAssertEqual(found, [])
    }

    func testABareWriteInTheModelsOwnFileAndItsTableNameAreRead() {
        let found = findings(DetectorExample(
            """
            class Ticket < ApplicationRecord
              self.table_name = "support_tickets"
              def summarize!
                update!(ai_summary: Summarizer.call(body))
              end
            end
            """,
            path: "app/models/ticket.rb",
            base: "class Ticket < ApplicationRecord\n  self.table_name = \"support_tickets\"\nend\n",
            alongside: [("db/structure.sql", "CREATE TABLE support_tickets (id bigint PRIMARY KEY, body text);\n")]))
        XCTAssertEqual(found.map(\.line), [4])
        XCTAssertTrue(found.first?.message.hasPrefix("writes support_tickets.ai_summary,") == true, found.first?.message ?? "")
    }

    private let laravel: [(String, String)] = [
        ("database/migrations/2024_01_01_000000_create_tickets_table.php", """
            <?php
            return new class extends Migration {
                public function up(): void {
                    Schema::create('tickets', function (Blueprint $table) {
                        $table->id();
                        $table->text('body');
                        $table->string('status')->nullable();
                        $table->foreignId('user_id')->constrained();
                        $table->timestamps();
                    });
                }
            };

            """),
        ("app/Models/Ticket.php", """
            <?php
            namespace App\\Models;
            use App\\Models\\Concerns\\HasExcerpt;
            class Ticket extends Model {
                use HasExcerpt;
                protected $fillable = ['body', 'status', 'summary'];
                protected $appends = ['label'];
                public function user() { return $this->belongsTo(User::class); }
                protected function title(): Attribute { return Attribute::make(set: fn ($v) => ['body' => $v]); }
                public function setPreviewTextAttribute($v) { $this->attributes['body'] = $v; }
            }

            """),
        ("app/Models/Concerns/HasExcerpt.php", "<?php\ntrait HasExcerpt { public function excerpt() { return ''; } }\n"),
    ]

    func testAnEloquentJobWritingColumnsNoMigrationCreatesIsReported() throws {
        let found = findings(DetectorExample(
            """
            <?php
            class SummarizeTicket {
                public function __construct(public Ticket $ticket) {}
                public function handle(): void {
                    $this->ticket->update(['summary' => 'x', 'status' => 'done', 'title' => 't', 'preview_text' => 'p', 'excerpt' => 'e']);
                    Ticket::where('status', 'open')->update(['summarized_at' => now()]);
                    $ticket = Ticket::find(1);
                    $ticket->increment('tokens_used');
                    $ticket->timestamps = false;
                    $ticket->status = 'seen';
                    $ticket->save();
                    Ticket::create(['body' => 'x', 'user_id' => 1, 'label' => 'l']);
                }
                public function update(array $summaryless) {}
            }
            """,
            path: "app/Jobs/SummarizeTicket.php", alongside: laravel))
        XCTAssertEqual(found.map(\.line), [5])
        let message = try XCTUnwrap(found.first?.message)
        XCTAssertTrue(
            message.hasPrefix("writes tickets.summary, tickets.summarized_at, tickets.tokens_used, which no migration"), message)
    }

    func testAnEloquentWriteOfMigratedColumnsOrOnNoModelIsSilent() {
        let found = findings(DetectorExample(
            """
            <?php
            class CloseTicket {
                public function __construct(public Ticket $ticket) { $this->ticket = $ticket; }
                public function handle(Ticket $ticket, $cache): void {
                    $ticket->body = 'x';
                    $ticket->save();
                    $ticket->update(['status' => 'closed', 'body' => $ticket->body]);
                    $cache->update(['summary' => 'x']);
                    $this->report->update(['summary' => 'x']);
                }
            }
            """,
            path: "app/Jobs/CloseTicket.php", alongside: laravel))
        XCTAssertEqual(found, [])
    }

    func testEveryPrefixOfAModelWriteIsReadToItsEnd() {
        let ruby = Array(job.utf8)
        let php = Array("<?php\n$this->ticket->update(['summary' => $s, 'a' => [1, 2]]); Ticket::where('x', 1)->increment('n');\n".utf8)
        for end in stride(from: 0, through: ruby.count, by: 3) {
            _ = findings(DetectorExample(String(decoding: ruby[..<end], as: UTF8.self), path: "app/jobs/job.rb", alongside: project))
        }
        for end in 0...php.count {
            _ = findings(DetectorExample(String(decoding: php[..<end], as: UTF8.self), path: "app/Jobs/Job.php", alongside: laravel))
        }
    }
}
