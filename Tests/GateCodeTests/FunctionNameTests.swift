import GateCode
import XCTest

/// The name a function literal gets from what it is assigned to: the variable, never its type annotation.
final class FunctionNameTests: XCTestCase {
    private func functionNames(_ source: String, language: SourceLanguage = .typescript) -> [String] {
        let lexed = Lexer.lex(Array(source.utf8), language: language)
        return lexed.blocks.filter { $0.kind == .function }.map { block in block.nameRange.map { lexed.text($0) } ?? "-" }
    }

    func testATypedConstantIsNamedForItsVariable() {
        let source = """
            export const summarize: Summarizer = async (text) => {
              return text;
            };
            const handler: NextApiHandler = async (req, res) => {
              res.end();
            };
            let route: Express.Handler = (req, res) => {
              res.end();
            };
            """
        XCTAssertEqual(functionNames(source), ["summarize", "handler", "route"])
    }

    /// A Genkit flow's function is named for the flow's variable, its options (or name) given first; a callback handed
    /// to another call after a first argument is not.
    func testAGenkitFlowIsNamedForItsVariable() {
        let source = """
            export const summarizeFlow = ai.defineFlow({ name: "summarize", inputSchema: z.string() }, async (text) => {
              return text;
            });
            const jokeFlow = ai.defineFlow("joke", async (subject: string): Promise<string> => {
              return subject;
            });
            const timer = setTimeout(() => {
              tick();
            }, 10);
            const mapped = items.reduce({ total: 0 }, (sum) => {
              return sum;
            });
            """
        XCTAssertEqual(functionNames(source), ["summarizeFlow", "jokeFlow", "timer", "-"])
    }

    func testAFunctionExpressionIsNamedForWhatItIsAssignedTo() {
        let source = """
            const handler = async function (req) {
              return req;
            };
            exports.summarize = function (text) {
              return text;
            };
            const labelled = function inner(value) {
              return value;
            };
            """
        XCTAssertEqual(functionNames(source), ["handler", "summarize", "inner"])
    }

    func testUntypedAssignmentsAndObjectKeysKeepTheirNames() {
        let source = """
            const plain = async () => {
              return 1;
            };
            const actions = {
              summarize: async (text: string) => {
                return text;
              },
            };
            """
        XCTAssertEqual(functionNames(source), ["plain", "summarize"])
    }

    func testAnArrowWithAReturnTypeIsNamedAsOneWithout() {
        let source = """
            export const headline = async (): Promise<string> => {
              return "";
            };
            export class SummaryService {
              run = async (id: string): Promise<{ ok: boolean }> => {
                return { ok: true };
              };
              check = (value: number): value is 1 | 2 => {
                return value === 1;
              };
            }
            const label = (text: string): string[] => {
              return [text];
            };
            """
        XCTAssertEqual(functionNames(source), ["headline", "run", "check", "label"])
    }

    func testAGenericFunctionOrMethodIsNamedBeforeItsTypeParameters() {
        let typescript = """
            export async function extract<T>(schema: Schema<T>): Promise<T> {
              return schema.parse("");
            }
            export class LlmClient {
              async complete<T extends object>(prompt: string, parse: (s: string) => T): Promise<T> {
                return parse(prompt);
              }
            }
            """
        XCTAssertEqual(functionNames(typescript), ["extract", "complete"])
        let csharp = """
            public class LlmService
            {
                public async Task<string> CompleteAsync<TOptions>(string prompt) where TOptions : class
                {
                    return prompt;
                }
            }
            """
        XCTAssertEqual(functionNames(csharp, language: .csharp), ["CompleteAsync"])
        let rust = """
            pub async fn complete<S: AsRef<str>, F: Fn(String) -> S>(prompt: S) -> String {
                prompt.as_ref().to_string()
            }
            """
        XCTAssertEqual(functionNames(rust, language: .rust), ["complete"])
        let go = """
            func Complete[T any](ctx context.Context, prompt string) (T, error) {
            	var zero T
            	return zero, nil
            }
            """
        XCTAssertEqual(functionNames(go, language: .go), ["Complete"])
        let swift = """
            func complete<T: Decodable>(_ prompt: String) async throws -> T {
                try decode(prompt)
            }
            """
        XCTAssertEqual(functionNames(swift, language: .swift), ["complete"])
    }

    func testAGenericCallInAHeaderNamesNoFunction() {
        let typescript = """
            if (isValid<User>(input)) {
              save(input);
            }
            """
        XCTAssertEqual(functionNames(typescript), [])
        let csharp = """
            foreach (var item in Load<Item>(path))
            {
                Save(item);
            }
            """
        XCTAssertEqual(functionNames(csharp, language: .csharp), [])
    }

    func testExpressionArrowsThatAreObjectPropertiesOrClassFieldsAreNamed() {
        let source = """
            module.exports = {
              sendSms: (to, body) => client.messages.create({ to, body }),
              "sendEmail": async (to) => resend.emails.send({ to }),
              nested: { embed: (text) => openai.embeddings.create({ input: text }) },
              total: items.map((item) => item.price),
            };
            export class Sms {
              private readonly send = (to: string): Promise<Message> => this.client.messages.create({ to });
              count = 0;
            }
            interface Api {
              send: (to: string) => Promise<void>;
            }
            router.post("/x", { handler: (req) => reply(req) });
            function outer() {
              const local = { inner: () => call() };
            }
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let arrows = lexed.memberExpressionArrows().map { arrow in
            lexed.text(arrow.name) + " " + lexed.text(arrow.end)
        }
        XCTAssertEqual(arrows, ["sendSms )", "sendEmail )", "embed )", "send )"])
    }
}

