import GateCore

/// A client a Rails initializer keeps in a top-level constant (`LLM = Langchain::LLM::OpenAI.new(api_key: …)` in
/// `config/initializers/llm.rb`): every file of the app calls it by that constant (`LLM.embed(text: doc.body)`),
/// without naming the gem, its require or its class.
public struct RubyInitializerClient: Sendable, Equatable {
    /// The constant (`LLM`).
    public var constant: String
    /// The class it holds an instance of (`Langchain::LLM::OpenAI`, `OpenAI::Client`).
    public var type: String
    public var path: String
}

extension CodeIndex {
    /// The clients the project's Rails initializers keep in top-level constants, read once per index: only the
    /// few files under `config/initializers/` are read, and only those that assign a constant a `.new`.
    public func rubyInitializerClients() -> [RubyInitializerClient] {
        project.configuration("ruby-initializer-clients") { () -> [RubyInitializerClient] in
            var clients: [RubyInitializerClient] = []
            for path in project.paths(under: "config/initializers") where path.hasSuffix(".rb") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.newWord) else { continue }
                clients += Self.initializerClients(Lexer.lex(bytes, language: .ruby), path: path)
            }
            return clients
        }
    }

    private static let newWord = Array(".new".utf8)

    /// `CONSTANT = A::B.new…` at the top level of a file (a constant inside `module Ai` is `Ai::CONSTANT`, which the
    /// app names with its namespace, and is left out).
    static func initializerClients(_ lexed: LexedSource, path: String) -> [RubyInitializerClient] {
        var clients: [RubyInitializerClient] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            let first = lexed.bytes[tokens[index].start]
            guard first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z"),
                  index == 0 || tokens[index - 1].line < tokens[index].line,
                  lexed.token(index + 1, isPunctuation: Byte.equals), !lexed.token(index + 2, isPunctuation: Byte.equals)
            else { continue }
            // The class path: `A::B::C` (or `::A::B`), then `.new`.
            var cursor = index + 2
            if lexed.token(cursor, is: "::") { cursor += 1 }
            var parts: [String] = []
            while cursor < tokens.count, tokens[cursor].kind == .identifier {
                parts.append(lexed.text(cursor))
                guard lexed.token(cursor + 1, is: "::") else { break }
                cursor += 2
            }
            guard !parts.isEmpty, lexed.token(cursor + 1, isPunctuation: Byte.dot), lexed.token(cursor + 2, is: "new"),
                  !lexed.blocks.contains(where: { ($0.kind == .container || $0.kind == .function) && $0.openToken < index && index <= $0.endToken })
            else { continue }
            clients.append(RubyInitializerClient(constant: lexed.text(index), type: parts.joined(separator: "::"), path: path))
        }
        return clients
    }
}
