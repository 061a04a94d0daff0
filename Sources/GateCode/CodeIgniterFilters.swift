import Foundation

/// CodeIgniter 4's filters, as app/Config/Filters.php applies them to the routes of app/Config/Routes.php: a
/// filter in `$globals['before']` runs before every route its `except` patterns leave in; one in `$filters` before
/// the routes its `before` patterns match.
extension CodeIndex {
    /// The filters Shield and the usual JWT and login packages register (`session`, `tokens`, `chain`, `jwt`,
    /// Myth:Auth's `login`), a rate limiter (`throttle`), and any filter named for authentication.
    public static func isCodeIgniterGuardFilter(_ name: String) -> Bool {
        let bare = (name.split(separator: ":").first.map(String.init) ?? name).lowercased()
        return ["session", "tokens", "chain", "jwt", "login", "hmac", "permission", "group"].contains(bare)
            || bare.contains("auth") || bare.hasPrefix("throttl")
    }

    /// The guard filter app/Config/Filters.php (beside `routesFile`) runs before the route at `routePath`, described
    /// with where it is set; nil when none does.
    public func codeIgniterFilterGuard(routesFile: String, routePath: String) -> String? {
        guard routesFile.hasSuffix("Config/Routes.php") else { return nil }
        let filtersFile = RepoPath.join(RepoPath.directory(of: routesFile), "Filters.php")
        let rules = project.configuration("codeigniter-filters:" + filtersFile) { () -> [CodeIgniterFilterRule] in
            guard let bytes = project.contents(of: filtersFile) else { return [] }
            return CodeIgniterFilterRule.read(Lexer.lex(bytes, language: .php))
        }
        let path = routePath.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return rules.first { $0.applies(to: path) }.map { "\(filtersFile) (\($0.global ? "globals" : "filters"): \($0.name))" }
    }
}

struct CodeIgniterFilterRule: Sendable {
    var name: String
    /// From `$globals['before']`: every route but those `patterns` (its `except`) match; else only those they match.
    var global: Bool
    var patterns: [String]

    func applies(to path: String) -> Bool {
        let matched = patterns.contains { fnmatch($0.trimmingCharacters(in: CharacterSet(charactersIn: "/")), path, 0) == 0 }
        return global ? !matched : matched
    }

    /// The guard filters of a lexed Filters.php.
    static func read(_ lexed: LexedSource) -> [CodeIgniterFilterRule] {
        var rules: [CodeIgniterFilterRule] = []
        // PHP's variables keep their `$` as tokens: `public array $globals = [ … ]`.
        for index in lexed.tokens.indices where lexed.token(index, is: "$globals") || lexed.token(index, is: "$filters") {
            guard lexed.token(index + 1, isPunctuation: Byte.equals), let table = array(at: index + 2, in: lexed) else { continue }
            if lexed.token(index, is: "$globals") {
                // `'before' => ['session' => ['except' => ['login*']], 'csrf']`
                guard let before = entries(of: table, in: lexed).first(where: { $0.key == "before" })?.value,
                      let list = array(at: before, in: lexed)
                else { continue }
                for entry in entries(of: list, in: lexed) {
                    let name = entry.key ?? entry.value.flatMap { lexed.tokens[$0].kind == .string ? lexed.text($0) : nil }
                    guard let name, CodeIndex.isCodeIgniterGuardFilter(name) else { continue }
                    let except = entry.key == nil ? nil : entry.value.flatMap { array(at: $0, in: lexed) }
                        .flatMap { options in entries(of: options, in: lexed).first { $0.key == "except" }?.value }
                    rules.append(CodeIgniterFilterRule(name: name, global: true, patterns: except.map { strings(at: $0, in: lexed) } ?? []))
                }
            } else {
                // `'session' => ['before' => ['api/*', 'chat*']]`
                for entry in entries(of: table, in: lexed) {
                    guard let name = entry.key, CodeIndex.isCodeIgniterGuardFilter(name),
                          let options = entry.value.flatMap({ array(at: $0, in: lexed) }),
                          let before = entries(of: options, in: lexed).first(where: { $0.key == "before" })?.value
                    else { continue }
                    rules.append(CodeIgniterFilterRule(name: name, global: false, patterns: strings(at: before, in: lexed)))
                }
            }
        }
        return rules
    }

    /// The token range inside the `[` at `index`, if one opens there.
    private static func array(at index: Int, in lexed: LexedSource) -> ClosedRange<Int>? {
        guard lexed.token(index, isPunctuation: Byte.openBracket), lexed.partner[index] > index else { return nil }
        return index...lexed.partner[index]
    }

    /// The entries of an array literal: a `'key' =>` and the token its value starts at, or no key and the value.
    private static func entries(of array: ClosedRange<Int>, in lexed: LexedSource) -> [(key: String?, value: Int?)] {
        var result: [(key: String?, value: Int?)] = []
        var cursor = array.lowerBound + 1
        while cursor < array.upperBound {
            let start = cursor
            var key: String?
            if lexed.tokens[cursor].kind == .string, lexed.token(cursor + 1, is: "=>") {
                key = lexed.text(cursor)
                cursor += 2
            }
            let value = cursor < array.upperBound ? cursor : nil
            // On to the next top-level comma.
            while cursor < array.upperBound, !lexed.token(cursor, isPunctuation: Byte.comma) {
                cursor = lexed.tokens[cursor].kind == .punctuation && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
            }
            if cursor > start { result.append((key, value)) }
            cursor += 1
        }
        return result
    }

    /// The strings a value holds: itself, or those of the array it opens.
    private static func strings(at index: Int, in lexed: LexedSource) -> [String] {
        if lexed.tokens[index].kind == .string { return [lexed.text(index)] }
        guard let range = array(at: index, in: lexed) else { return [] }
        return range.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
    }
}
