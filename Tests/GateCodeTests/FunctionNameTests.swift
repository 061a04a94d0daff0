import GateCode
import XCTest

/// The name a function literal gets from what it is assigned to: the variable, never its type annotation.
final class FunctionNameTests: XCTestCase {
    private func functionNames(_ source: String) -> [String] {
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
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
}
