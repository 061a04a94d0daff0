import GateCode
import GateCore

/// Rack apps a rackup file serves (`config.ru`): `run ->(env) { … }`, `run app` for `app = lambda do |env| … end` or
/// `app = Rack::Builder.new do … end` in the file, `run AskApp.new` for a class of the file whose `call(env)` answers,
/// each under the `map "/ask" do … end` blocks around it. Guarded by what the app checks (`env["warden"].authenticate!`)
/// and the middleware `use`d before it in its scope (`use Rack::Auth::Basic`); Warden's `use Warden::Manager` only sets
/// Warden up, and guards where the app asks it to authenticate. A class of another file run by name (`run AskApp`)
/// is read as its `call` method, as the code index resolves it; a framework's app (`run Rails.application`, a
/// Sinatra class) is judged by its own routes.
extension HandlerFinder {
    func rackupApps() -> [HTTPHandler] {
        guard path == "config.ru" || path.hasSuffix("/config.ru") else { return [] }
        let tokens = lexed.tokens
        var result: [HTTPHandler] = []
        for index in tokens.indices where tokens[index].firstOnLine && lexed.token(index, is: "run") {
            let argument = index + 1
            guard argument < tokens.count, tokens[argument].line == tokens[index].line else { continue }
            let run = rubyStatement(from: index)
            let body: ClosedRange<Int>
            var statement = run
            var elsewhere: [CallFact] = []
            if lexed.token(argument, is: "->") || lexed.token(argument, is: "lambda") || lexed.token(argument, is: "proc")
                || lexed.token(argument, is: "Proc")
            {
                body = run
            } else if tokens[argument].kind == .identifier, let first = lexed.bytes[tokens[argument].start...].first,
                      first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")
            {
                // `run app`: the assignment of the name before it.
                let name = lexed.text(argument)
                guard let assignment = (0..<index).last(where: { candidate in
                    tokens[candidate].firstOnLine && tokens[candidate].kind == .identifier && lexed.text(candidate) == name
                        && lexed.token(candidate + 1, isPunctuation: Byte.equals)
                })
                else { continue }
                body = rubyStatement(from: assignment)
                statement = body.lowerBound...run.upperBound
            } else if tokens[argument].kind == .identifier {
                // `run AskApp`, `run AskApp.new`, `run Chat::AskApp.new(client)`: a class answering `call(env)`.
                var last = argument
                while lexed.token(last + 1, is: "::"), last + 2 < tokens.count, tokens[last + 2].kind == .identifier { last += 2 }
                guard !lexed.token(last + 1, isPunctuation: Byte.dot) || lexed.token(last + 2, is: "new") else { continue }
                let className = lexed.text(last)
                if let call = lexed.blocks.indices.first(where: { block in
                    lexed.blocks[block].kind == .function && lexed.blocks[block].nameRange.map({ lexed.bytes[$0].elementsEqual("call".utf8) }) == true
                        && lexed.blocks[block].parent >= 0 && rubyClassName(lexed.blocks[block].parent) == className
                }) {
                    body = lexed.statementSpan(of: call)
                } else if lexed.blocks.indices.contains(where: { rubyClassName($0) == className }) {
                    continue
                } else {
                    body = run
                    let token = tokens[last]
                    elsewhere = [CallFact(name: "call", receiver: [className], token: last, line: token.line, column: token.column, firstArgument: nil)]
                }
            } else {
                continue
            }
            // The `map "/x" do` blocks around it, and the middleware `use`d before it in them (or at the top level).
            var mapped: [String] = []
            var guards = [body]
            var enclosing: Set<Int> = [-1]
            var block = tokens[index].block
            while block >= 0 {
                enclosing.insert(block)
                let open = lexed.blocks[block].openToken
                if open >= 2, lexed.token(open - 2, is: "map"), tokens[open - 1].kind == .string { mapped.insert(lexed.text(open - 1), at: 0) }
                block = lexed.blocks[block].parent
            }
            for use in 0..<index where tokens[use].firstOnLine && lexed.token(use, is: "use") && enclosing.contains(tokens[use].block) {
                // Warden's manager refuses nobody by itself (its failure app answers only where the app authenticates).
                if lexed.token(use + 1, is: "Warden") { continue }
                guards.append(rubyStatement(from: use))
            }
            let route = mapped.isEmpty ? "/" : mapped.joined()
            var handler = HTTPHandler(
                name: "Rack app \(route) (\(path))", statement: statement, body: body, guardRanges: guards,
                anchor: index)
            handler.actionsElsewhere = elsewhere
            result.append(handler)
        }
        return result
    }

    /// The name of a class (or module) block: `AskApp` of `class AskApp`, `class Chat::AskApp < Base`.
    private func rubyClassName(_ block: Int) -> String? {
        guard lexed.blocks[block].kind == .container else { return nil }
        var cursor = lexed.statementSpan(of: block).lowerBound
        guard lexed.token(cursor, is: "class") || lexed.token(cursor, is: "module") else { return nil }
        cursor += 1
        while lexed.token(cursor + 1, is: "::"), cursor + 2 < lexed.tokens.count { cursor += 2 }
        return cursor < lexed.tokens.count && lexed.tokens[cursor].kind == .identifier ? lexed.text(cursor) : nil
    }

    /// A Ruby statement from its first token: its line, through the end of a block it opens there (`do … end`, `{ … }`).
    private func rubyStatement(from start: Int) -> ClosedRange<Int> {
        let tokens = lexed.tokens
        var end = start
        while end + 1 < tokens.count, tokens[end + 1].line == tokens[start].line { end += 1 }
        for block in lexed.blocks where block.openToken >= start && block.openToken <= end { end = max(end, block.endToken) }
        return start...min(end, tokens.count - 1)
    }
}
