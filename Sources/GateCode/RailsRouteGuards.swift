/// Rails routes only signed-in users reach: Devise's `authenticate :user do … end` (and `authenticated`) in
/// config/routes.rb, around `resources`, `resource`, `namespace`/`scope module:` and `get "x", to: "asks#create"`.
/// Warden refuses everyone else before any controller runs, whatever the controller's own callbacks skip.
extension CodeIndex {
    /// The guard config/routes.rb gives the controller at `path` (`app/controllers/admin/asks_controller.rb`), or nil.
    public func railsRoutesGuard(forController path: String) -> String? {
        let guarded = project.configuration("rails-authenticated-controllers") { () -> Set<String> in
            let routes = "config/routes.rb"
            guard project.exists(routes), let bytes = project.contents(of: routes) else { return [] }
            return Self.authenticatedControllers(Lexer.lex(bytes, language: .ruby))
        }
        if guarded.contains(path) { return "authenticate" }
        // A mounted engine's controllers (`engines/assistant/app/controllers/assistant/…`): the engine whose
        // `lib/assistant/engine.rb` sits beside that `app/`.
        guard guarded.contains(where: { $0.hasPrefix(Self.engineMarker) }),
              let root = Self.prefix(of: path, beforeFirst: "/app/controllers/")
        else { return nil }
        for marker in guarded where marker.hasPrefix(Self.engineMarker)
            && project.exists(root + "/lib/" + String(marker.dropFirst(Self.engineMarker.count)) + "/engine.rb")
        {
            return "authenticate"
        }
        return nil
    }

    /// What `authenticatedControllers` lists for an engine mounted inside an `authenticate` block, before the
    /// engine's underscored module path (`engine assistant` for `mount Assistant::Engine, at: "/assistant"`).
    static let engineMarker = "engine "

    /// The controller files config/routes.rb routes inside an `authenticate`/`authenticated` block, and the engines it
    /// mounts there (`engineMarker`): Warden refuses the callers of every route of an engine mounted so.
    static func authenticatedControllers(_ lexed: LexedSource) -> Set<String> {
        // Each `do … end` block by what its header says: a namespace it adds to controller paths, or authentication.
        var namespaces: [Int: String] = [:]
        var authenticated = Set<Int>()
        for (index, block) in lexed.blocks.enumerated() where block.opener == .keyword && lexed.token(block.openToken, is: "do") {
            var first = block.openToken
            while first > 0, lexed.tokens[first - 1].line == block.startLine { first -= 1 }
            if lexed.token(first, is: "authenticate") || lexed.token(first, is: "authenticated") {
                authenticated.insert(index)
            } else if lexed.token(first, is: "namespace"), let name = symbol(lexed, first + 1) {
                namespaces[index] = name
            } else if lexed.token(first, is: "scope"),
                      let option = (first..<block.openToken).first(where: { lexed.token($0, is: "module") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
                      let name = symbol(lexed, option + 2) ?? (lexed.token(option + 2, is: "=>") ? symbol(lexed, option + 3) : nil)
            {
                namespaces[index] = name
            }
        }
        guard !authenticated.isEmpty else { return [] }
        var result = Set<String>()
        for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.tokens[index].kind == .identifier {
            let enclosing = lexed.enclosingBlocks(of: index)
            guard enclosing.contains(where: authenticated.contains) else { continue }
            let prefix = enclosing.reversed().compactMap { namespaces[$0] }.map { $0 + "/" }.joined()
            var names: [String] = []
            var end = index + 1
            while end < lexed.tokens.count, lexed.tokens[end].line == lexed.tokens[index].line { end += 1 }
            let line = (index + 1)..<end
            // `mount Assistant::Engine, at: "/assistant"` (or `=> "/assistant"`).
            if lexed.token(index, is: "mount") {
                var parts: [String] = []
                var cursor = index + 1
                while cursor < end, lexed.tokens[cursor].kind == .identifier {
                    parts.append(lexed.text(cursor))
                    guard lexed.token(cursor + 1, is: "::") else { break }
                    cursor += 2
                }
                if parts.count > 1, parts.last == "Engine" {
                    result.insert(Self.engineMarker + parts.dropLast().map { RepoPath.underscore($0) }.joined(separator: "/"))
                }
                continue
            }
            // An explicit controller: `controller: "questions"`, `to: "asks#create"`, `"ask" => "asks#create"`.
            for cursor in line where lexed.tokens[cursor].kind == .string {
                let text = lexed.text(cursor)
                if let hash = text.firstIndex(of: "#"), hash > text.startIndex { names.append(String(text[..<hash])) }
                if lexed.token(cursor - 1, isPunctuation: Byte.colon), lexed.token(cursor - 2, is: "controller") { names.append(text) }
            }
            if names.isEmpty, lexed.token(index, is: "resources") || lexed.token(index, is: "resource") {
                // `resources :asks, :answers`: each name until the first option; a singular resource's controller
                // is plural (`resource :profile` → ProfilesController).
                var cursor = index + 1
                while let name = symbol(lexed, cursor) {
                    names.append(lexed.token(index, is: "resource") ? RailsInflection.pluralize(name) : name)
                    cursor += lexed.tokens[cursor].kind == .string ? 1 : 2
                    guard lexed.token(cursor, isPunctuation: Byte.comma) else { break }
                    cursor += 1
                }
            }
            for name in names { result.insert("app/controllers/" + prefix + name + "_controller.rb") }
        }
        return result
    }

    /// The name a Ruby symbol (`:admin`, a colon and a name) or string (`"admin"`) starting at `index` gives.
    private static func symbol(_ lexed: LexedSource, _ index: Int) -> String? {
        guard lexed.tokens.indices.contains(index + 1) else { return nil }
        if lexed.tokens[index].kind == .string { return lexed.tokens[index].end > lexed.tokens[index].start ? lexed.text(index) : nil }
        guard lexed.token(index, isPunctuation: Byte.colon), lexed.tokens[index + 1].kind == .identifier,
              lexed.tokens[index + 1].start == lexed.tokens[index].end
        else { return nil }
        return lexed.text(index + 1)
    }
}

/// Active Support's plural of a word, as Rails names a singular resource's controller (`resource :summary` →
/// SummariesController, `resource :address` → AddressesController): its irregular, uncountable and suffix rules.
public enum RailsInflection {
    private static let uncountable: Set<String> = [
        "equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police",
    ]
    private static let irregular: [(singular: String, plural: String)] = [
        ("person", "people"), ("man", "men"), ("child", "children"), ("sex", "sexes"), ("move", "moves"),
        ("zombie", "zombies"), ("ox", "oxen"), ("mouse", "mice"), ("louse", "lice"), ("quiz", "quizzes"),
    ]

    /// The plural of `word` (a resource's snake-case name; the rules apply to its last word).
    public static func pluralize(_ word: String) -> String {
        let lower = word.lowercased()
        let last = lower.split(separator: "_").last.map(String.init) ?? lower
        if uncountable.contains(last) { return word }
        for (singular, plural) in irregular where last == singular {
            return String(word.dropLast(singular.count)) + plural
        }
        func replacing(_ suffix: Int, with ending: String) -> String { String(word.dropLast(suffix)) + ending }
        let characters = Array(lower)
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        func at(_ fromEnd: Int) -> Character? { characters.count >= fromEnd ? characters[characters.count - fromEnd] : nil }
        for stem in ["matr", "vert", "ind"] where lower.hasSuffix(stem + "ix") || lower.hasSuffix(stem + "ex") {
            return replacing(2, with: "ices")
        }
        if lower.hasSuffix("x") || lower.hasSuffix("ch") || lower.hasSuffix("ss") || lower.hasSuffix("sh") {
            return word + "es"
        }
        if lower.hasSuffix("y"), let before = at(2), (!vowels.contains(before) && before != "y") || lower.hasSuffix("quy") {
            return replacing(1, with: "ies")
        }
        if lower.hasSuffix("hive") { return word + "s" }
        if lower.hasSuffix("fe"), at(3) != "f" { return replacing(2, with: "ves") }
        if lower.hasSuffix("lf") || lower.hasSuffix("rf") { return replacing(1, with: "ves") }
        if lower.hasSuffix("sis") { return replacing(2, with: "es") }
        if lower.hasSuffix("tum") || lower.hasSuffix("ium") { return replacing(2, with: "a") }
        if lower.hasSuffix("buffalo") || lower.hasSuffix("tomato") { return word + "es" }
        if lower.hasSuffix("bus") || lower.hasSuffix("alias") || lower.hasSuffix("status") { return word + "es" }
        if lower.hasSuffix("octopus") || lower.hasSuffix("virus") { return replacing(2, with: "i") }
        if lower.hasSuffix("s") { return word }
        return word + "s"
    }
}
