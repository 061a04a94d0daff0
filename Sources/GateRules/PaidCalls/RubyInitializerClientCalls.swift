import GateCode
import GateCore

/// Calls of a client a Rails initializer keeps in a constant (`LLM = Langchain::LLM::OpenAI.new(…)` in
/// `config/initializers/llm.rb`, then `LLM.embed(text: doc.body)` in a job): the calling file names neither the gem
/// nor its class, so neither its bytes nor its scope tell the provider; the initializer does.
struct RubyInitializerClientCalls {
    /// The constants the file spells, each with the providers its class names (`Langchain::LLM::OpenAI`: langchainrb
    /// and openai; the call's shape picks one).
    let constants: [(name: [UInt8], providers: [Int])]

    var isEmpty: Bool { constants.isEmpty }

    /// The initializer clients `bytes` spells the constant of; none outside Ruby or without a code index. Costs a byte
    /// search per initializer constant per changed Ruby file (a project has a handful).
    init(bytes: [UInt8], language: SourceLanguage, code: CodeIndex?, catalogue: CompiledCatalogue) {
        guard language == .ruby, let code else {
            constants = []
            return
        }
        var found: [(name: [UInt8], providers: [Int])] = []
        for client in code.rubyInitializerClients() {
            let name = Array(client.constant.utf8)
            // Called: the constant, then a dot (a short one, `AI`, lies inside many words).
            guard !found.contains(where: { $0.name == name }),
                  bytes.withUnsafeBufferPointer({ ByteSearch.find(name + [Byte.dot], in: $0, from: 0) }) != Int.max
            else { continue }
            let providers = client.type.split(separator: ":").compactMap { segment -> Int? in
                let symbol = Array(segment.utf8)
                return catalogue.providersBySymbol[byteHash(symbol, 0..<symbol.count, lowercased: false)]?
                    .first { $0.symbol == symbol }?.provider
            }
            if !providers.isEmpty { found.append((name, providers)) }
        }
        constants = found
    }

    /// Puts the constants' providers in scope of `finder`, and returns what was in scope before.
    func markInScope(_ finder: inout SiteFinder) -> [Int] {
        let before = finder.inScope
        for constant in constants {
            for provider in constant.providers { finder.inScope[provider] = max(finder.inScope[provider], 2) }
        }
        return before
    }

    /// Whether `site` stands: its provider was in scope already, or its chain starts at one of the constants that
    /// put it there (`LLM.embed`, not `doc.embed` in the same file).
    func keeps(_ site: PaidCallSite, scopeBefore: [Int], lexed: LexedSource, catalogue: CompiledCatalogue) -> Bool {
        guard let provider = catalogue.providers.firstIndex(where: { $0.id == site.provider }) else { return true }
        if scopeBefore[provider] > 0 || site.kind == .http { return true }
        let token = lexed.tokens[site.token]
        return constants.contains { constant in
            constant.providers.contains(provider) && lexed.bytes[token.start..<token.end].elementsEqual(constant.name)
        }
    }
}
