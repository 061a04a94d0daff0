import GateCore

/// ruby_llm's Rails integration: `acts_as_chat` in a model gives its records `ask` (also `say`) and `complete`, each
/// of which sends the conversation to the chat's model. They are read as methods of the class, defined at the
/// declaration, whose paid call is there: `Chat.find(id).ask(content)`, or a record's `chat.ask` a controller or job
/// makes, reaches ruby_llm like a method written out that calls `RubyLLM.chat.ask`.
enum RubyLLMRecords {
    /// The catalogue's id of ruby_llm.
    static let provider = "ruby-llm"
    /// The methods `acts_as_chat` gives that send a request.
    static let paidMethods = ["ask", "say", "complete"]
    private static let declaration = Array("acts_as_chat".utf8)

    /// Adds to a Ruby file's definitions and paid leaves the methods each `acts_as_chat` declaration gives its class.
    static func addDeclaredMethods(
        _ lexed: LexedSource, containers: [(block: Int, fact: ContainerFact)], definitions: inout [Definition],
        leaves: inout [PaidLeaf]
    ) {
        guard lexed.language == .ruby, ByteSearch.containsFolded(lexed.bytes, declaration) else { return }
        for (block, container) in containers {
            // A class-level statement of the class itself (`acts_as_chat`, `acts_as_chat messages: :turns`).
            guard let token = container.tokens.first(where: { index in
                lexed.token(index, is: "acts_as_chat") && lexed.tokens[index].firstOnLine && lexed.tokens[index].block == block
            }) else { continue }
            let line = lexed.tokens[token].line
            for method in paidMethods where !definitions.contains(where: { $0.name == method && $0.container == container.name }) {
                definitions.append(Definition(name: method, container: container.name, line: line, tokens: token...token))
            }
            leaves.append(PaidLeaf(token: token, line: line, provider: provider, evidence: "acts_as_chat"))
        }
    }
}
