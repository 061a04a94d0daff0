import GateCode

/// Which actions of a Rails controller a class-level declaration applies to: `before_action
/// :authenticate_user!, only: [:show, :update]`, `skip_before_action :authenticate_user!, except: :create`,
/// `rate_limit to: 10, within: 1.minute, only: :create`. Without `only:` or `except:` it applies to every action;
/// `if:`/`unless:` conditions cannot be judged statically and are taken as applying.
struct RailsCallbackScope: Equatable {
    enum Filter: Equatable {
        case all
        case only(Set<String>)
        case except(Set<String>)
    }

    let filter: Filter

    static let everyAction = RailsCallbackScope(filter: .all)

    func applies(to action: String) -> Bool {
        switch filter {
        case .all: true
        case .only(let actions): actions.contains(action)
        case .except(let actions): !actions.contains(action)
        }
    }

    /// The scope a class-level declaration states, from its tokens. Action names are symbols (`:show`),
    /// strings (`"show"`) or `%i[…]`/`%w[…]` lists, alone or in an array.
    static func of(_ declaration: Range<Int>, in lexed: LexedSource) -> RailsCallbackScope {
        func isOption(_ index: Int) -> Bool {
            lexed.tokens[index].kind == .identifier && index + 1 < declaration.upperBound
                && lexed.token(index + 1, isPunctuation: Byte.colon) && !lexed.token(index - 1, isPunctuation: Byte.colon)
        }
        var only: Set<String>?
        var except: Set<String>?
        var index = declaration.lowerBound
        while index < declaration.upperBound {
            guard isOption(index), lexed.token(index, is: "only") || lexed.token(index, is: "except") else {
                index += 1
                continue
            }
            // The value runs to the next option (`if:`) or the end of the declaration.
            var names = Set<String>()
            var cursor = index + 2
            while cursor < declaration.upperBound, !isOption(cursor) {
                switch lexed.tokens[cursor].kind {
                case .identifier: names.insert(String(lexed.text(cursor).drop { $0 == ":" }))
                case .string:
                    for name in lexed.text(cursor).split(whereSeparator: { $0 == " " || $0.isNewline || $0 == "\t" }) {
                        names.insert(String(name))
                    }
                default: break
                }
                cursor += 1
            }
            if lexed.token(index, is: "only") { only = (only ?? []).union(names) } else { except = (except ?? []).union(names) }
            index = cursor
        }
        if let only { return RailsCallbackScope(filter: .only(only)) }
        if let except { return RailsCallbackScope(filter: .except(except)) }
        return .everyAction
    }

    /// The tokens of the class-level declaration starting at `start`: to the end of its line, on through
    /// brackets it opens (`only: [\n :show,\n :update\n]`) and past a line that ends in a comma.
    static func declaration(startingAt start: Int, in lexed: LexedSource) -> Range<Int> {
        var line = lexed.tokens[start].line
        var end = start
        var index = start
        while index < lexed.tokens.count {
            if lexed.tokens[index].line != line {
                guard index <= end || lexed.token(index - 1, isPunctuation: Byte.comma) else { break }
                line = lexed.tokens[index].line
            }
            end = max(end, lexed.partner[index])
            index += 1
        }
        return start..<index
    }
}
