import GateCode
import GateCore

/// A test (`paths.tests`) that mocks what its paid calls go through spends nothing: CI runs it against the mock. Its
/// paid calls are no findings at all (paid-sdk-call, paid-http-call, paid-call-reach, batch-model-call), where a
/// test without a mock (an integration test, really calling the provider) stays a low finding (SPEC §2).
///
/// A call counts as mocked when the file sets up a mock (`@patch(…)`, `mocker.patch(…)`, `jest.mock(…)`, `vi.mock(…)`,
/// `allow(…).to receive`, `stub_request`, `@MockitoBean`, `mockk`, `OpenAI::fake(…)`, `Mockery::mock`, `new Mock<…>`,
/// `Substitute.For<…>`, `Mox`) whose line, or the line after a bare annotation (`@MockitoBean` above its field), names what the call
/// goes through: the provider (`vi.mock("openai")`), the receiver of a direct call (`@MockitoBean ChatModel model`),
/// or a function of the chain a wrapper's call reaches, or its file (`@patch("app.core.llm.client")` for a call of
/// `generate_summary` in `app/core/llm.py`). A mock of something else (the mailer) leaves the test's paid calls low.
///
/// Costs nothing for files outside the test paths, and for a test with no paid call on an added line; otherwise
/// one search of the file's bytes per mock marker.
public struct MockedPaidCallsInTests: ChangeAnalyzer {
    private var replaced = Set<FindingSite>()

    public init() {}

    /// A paid call on an added line, its token, and the names that say a mock stands for it.
    private struct Candidate {
        var line: Int
        var token: Int
        var names: [String]
    }

    /// A mock's set-up: where its marker is, and its text (`mockWindows`).
    private struct Window {
        var offset: Int
        var text: [UInt8]
    }

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        guard file.change.kind != .deleted, !file.bytes.isEmpty, file.language != nil, !file.addedLines.isEmpty,
              !context.testPaths.isEmpty
        else { return }
        let analysis = FileAnalysis.of(file, context: context)
        let reach = ReachCalls.of(file, context: context)
        guard !reach.calls.isEmpty || analysis.sites.contains(where: { file.adds($0.line) }),
              context.testPaths.contains(where: { $0.matches(file.path) })
        else { return }
        var candidates: [Candidate] = []
        for site in analysis.sites where file.adds(site.line) {
            let receiver = site.evidence.leafText.split(separator: ".").first.map(String.init)
            candidates.append(Candidate(line: site.line, token: site.token, names: [site.provider] + (receiver.map { [$0] } ?? [])))
        }
        for call in reach.calls {
            var names = [call.paid.provider] + call.paid.hops.map(\.name) + call.paid.hops.map { Self.stem(of: $0.path) }
            if let receiver = call.call.receiver.first { names.append(receiver) }
            candidates.append(Candidate(line: call.call.line, token: call.call.token, names: names))
        }
        let windows = Self.mockWindows(in: file.bytes)
        guard !windows.isEmpty else { return }
        let lexed = analysis.lexed ?? reach.lexed
        let scopes = lexed.map { lexed in windows.map { Self.functionScope(ofOffset: $0.offset, in: lexed) } }
        for candidate in candidates {
            let names = candidate.names.filter { $0.utf8.count >= 3 }.map { Array($0.lowercased().utf8) }
            let mocked = windows.indices.contains { position in
                // A mock set up in one test function (or decorating it) is not another test's.
                if let lexed, let scope = scopes?[position], scope >= 0, !lexed.isToken(candidate.token, inside: scope) { return false }
                return names.contains { ByteSearch.containsFolded(windows[position].text, $0) }
            }
            guard mocked else { continue }
            for rule in Self.rules { replaced.insert(FindingSite(rule: rule, path: file.path, line: candidate.line)) }
        }
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        ChangeAnalysisResult(replaced: replaced)
    }

    /// The rules that report a paid call where it is made.
    private static let rules = ["paid-sdk-call", "paid-http-call", "paid-call-reach", "batch-model-call"]

    /// How test code sets up a mock, stub or fake, in the languages gate reads.
    private static let markers: [[UInt8]] = [
        // Python: unittest.mock, pytest-mock, monkeypatch, respx.
        "patch(", "patch.object(", "patch.dict(", "Mock(", "monkeypatch.setattr(", "respx.",
        // JavaScript and TypeScript: Jest, Vitest, nock, MSW.
        "jest.mock(", "vi.mock(", "jest.spyOn(", "vi.spyOn(", "nock(", "setupServer(",
        // Ruby: RSpec mocks, WebMock.
        "receive(", "receive_message_chain(", "stub_request(", "instance_double(", "class_double(", "allow_any_instance_of(",
        // Java and Kotlin: Mockito, Spring's bean overrides, MockK.
        "@MockBean", "@MockitoBean", "@Mock", "@SpyBean", "Mockito.", "mock(", "mockk(", "@MockkBean", "every {", "coEvery {",
        // PHP: Laravel fakes, Mockery, PHPUnit.
        "::fake(", "->mock(", "Mockery::", "createMock(", "shouldReceive(",
        // C#: Moq, NSubstitute. Elixir: Mox.
        "new Mock<", "Substitute.For<", "Mox.",
    ].map { Array($0.utf8) }

    /// The text of each mock set-up: its line (`allow(Client).to receive(:chat)` names the receiver before the marker),
    /// and after a bare annotation the next line.
    private static func mockWindows(in bytes: [UInt8]) -> [Window] {
        var windows: [Window] = []
        bytes.withUnsafeBufferPointer { buffer in
            for marker in markers {
                var start = ByteSearch.find(marker, in: buffer, from: 0)
                while start < buffer.count {
                    var lineStart = start
                    while lineStart > 0, buffer[lineStart - 1] != Byte.newline { lineStart -= 1 }
                    var end = start + marker.count
                    // An annotation alone on its line (`@MockitoBean` above `ChatModel model;`) takes the next line
                    // too; a decorator with arguments (`@patch("…")` above a `def test_…` line) does not.
                    let lineEnd = min(ByteSearch.find(Byte.newline, in: buffer, from: end), buffer.count)
                    let bare = marker.first == UInt8(ascii: "@") && !buffer[end..<lineEnd].contains(Byte.openParen)
                    for _ in 0..<(bare ? 2 : 1) {
                        end = ByteSearch.find(Byte.newline, in: buffer, from: end)
                        guard end < buffer.count else { break }
                        end += 1
                    }
                    end = min(end, buffer.count)
                    windows.append(Window(offset: start, text: Array(buffer[lineStart..<end])))
                    start = ByteSearch.find(marker, in: buffer, from: start + marker.count)
                }
            }
        }
        return windows
    }

    /// The named function a mock set up at byte `offset` applies in: the one whose header it decorates
    /// (`@patch(…)` above a `def test_…`), or the one it is written in; -1 at the top level or a class's (`jest.mock`,
    /// `@MockitoBean` on a field), where it applies to the whole file.
    private static func functionScope(ofOffset offset: Int, in lexed: LexedSource) -> Int {
        let tokens = lexed.tokens
        let token = tokens.partitionPoint { $0.start < offset }
        guard token < tokens.count else { return -1 }
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.nameRange != nil {
            if block.headerStart <= token, token < block.openToken { return index }
        }
        var current = tokens[token].block
        while current >= 0 {
            if lexed.blocks[current].kind == .function, lexed.blocks[current].nameRange != nil { return current }
            current = lexed.blocks[current].parent
        }
        return -1
    }

    /// A file's name without its directory and extensions (`llm` for `app/core/llm.py`).
    private static func stem(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return String(name.prefix { $0 != "." })
    }
}
