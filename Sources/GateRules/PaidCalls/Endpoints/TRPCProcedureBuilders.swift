import GateCode
import GateCore

/// tRPC's procedure builders a file declares, and which of them turn callers away: `export const protectedProcedure =
/// t.procedure.use(enforceUserIsAuthed)` with `const enforceUserIsAuthed = t.middleware(({ ctx, next }) => { if
/// (!ctx.session?.user) throw new TRPCError({ code: "UNAUTHORIZED" }); return next(…) })`.
///
/// The endpoint rule takes any builder not named as public for a guarded one (what such builders are made for). A
/// change to the file declaring them can leave one refusing nobody (the `throw` taken out or commented out, the
/// `.use(…)` dropped, the builder made `publicProcedure`): every procedure built on it, in files the change does not
/// touch, is then open (UnchangedEndpointReach). Read only from files naming `procedure`.
struct TRPCProcedureBuilders {
    /// Builders the file declares, and those of them that run a middleware that may refuse the caller.
    private(set) var declared: Set<String> = []
    private(set) var guarded: Set<String> = []

    /// The builders of `bytes`, JavaScript or TypeScript.
    init(_ bytes: [UInt8], language: SourceLanguage) {
        guard language.isJavaScriptLike, ByteSearch.containsFolded(bytes, Self.procedureWord) else { return }
        let lexed = Lexer.lex(bytes, language: language)
        let values = Self.declarations(in: lexed)
        var memo: [String: Bool] = [:]
        for (name, value) in values where Self.isBuilder(name, value: value, in: lexed) {
            declared.insert(name)
            if Self.guards(name, values: values, lexed: lexed, memo: &memo, depth: 0) { guarded.insert(name) }
        }
    }

    /// The builders guarded in the file as it was (`base`) that the file as changed (`head`) still declares, unguarded.
    static func opened(base: [UInt8], head: [UInt8], language: SourceLanguage) -> Set<String> {
        let before = TRPCProcedureBuilders(base, language: language)
        guard !before.guarded.isEmpty else { return [] }
        let after = TRPCProcedureBuilders(head, language: language)
        return after.declared.subtracting(after.guarded).intersection(before.guarded)
    }

    private static let procedureWord = Array("procedure".utf8)

    /// The top-level `const NAME = …` (and `let`, `var`, `export const`) of the file: each name with its value's tokens.
    private static func declarations(in lexed: LexedSource) -> [String: ClosedRange<Int>] {
        var result: [String: ClosedRange<Int>] = [:]
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1
            && (lexed.token(index, is: "const") || lexed.token(index, is: "let") || lexed.token(index, is: "var"))
            && index + 1 < lexed.tokens.count && lexed.tokens[index + 1].kind == .identifier
        {
            // `= `, after a type when it has one (`: typeof t.procedure`).
            var equals = index + 2
            while equals < lexed.tokens.count, equals < index + 12, !lexed.token(equals, isPunctuation: Byte.equals),
                  !lexed.token(equals, isPunctuation: Byte.semicolon)
            {
                equals += 1
            }
            guard lexed.token(equals, isPunctuation: Byte.equals), equals + 1 < lexed.tokens.count else { continue }
            let end = SvelteKitHandleDeclaration.statementEnd(lexed, from: equals + 1)
            result[lexed.text(index + 1)] = (equals + 1)...max(equals + 1, end)
        }
        return result
    }

    /// A builder: named as one (`protectedProcedure`), or made from tRPC's (`const authed = t.procedure.use(…)`).
    private static func isBuilder(_ name: String, value: ClosedRange<Int>, in lexed: LexedSource) -> Bool {
        if name.lowercased().hasSuffix("procedure") { return true }
        return value.contains { lexed.token($0, is: "procedure") && lexed.token($0 - 1, isPunctuation: Byte.dot) }
    }

    /// Whether builder `name` runs a middleware that may refuse the caller: one of its own `.use(…)`'s, or its base
    /// builder's. A base builder of another file is taken as its name says (`publicProcedure` guards nobody).
    private static func guards(
        _ name: String, values: [String: ClosedRange<Int>], lexed: LexedSource, memo: inout [String: Bool], depth: Int
    ) -> Bool {
        if let known = memo[name] { return known }
        guard depth < 8, let value = values[name] else { return !Self.namesPublicBuilder(name) }
        memo[name] = false
        var result = false
        // The chain's first name: tRPC's (`t.procedure`) or another builder (`protectedProcedure.use(isAdmin)`).
        if lexed.tokens[value.lowerBound].kind == .identifier, !lexed.token(value.lowerBound + 1, isPunctuation: Byte.dot)
            || !lexed.token(value.lowerBound + 2, is: "procedure")
        {
            let root = lexed.text(value.lowerBound)
            if root != name, root.lowercased().hasSuffix("procedure") {
                result = guards(root, values: values, lexed: lexed, memo: &memo, depth: depth + 1)
            }
        }
        // Each `.use(…)`: a middleware written there, or named (declared here, or imported: taken as a guard).
        for index in value where !result && lexed.token(index, is: "use") && lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            let arguments = (index + 2)..<lexed.partner[index + 1]
            guard !arguments.isEmpty else { continue }
            var seen: Set<String> = []
            result = refuses(
                arguments.lowerBound...(arguments.upperBound - 1), values: values, lexed: lexed, seen: &seen, named: true)
        }
        memo[name] = result
        return result
    }

    /// Whether the middleware in `range` may refuse the caller: it throws (`throw new TRPCError({ code:
    /// "UNAUTHORIZED" })`), or names a middleware of the file that does, or, where `range` is what `.use(…)` is
    /// given (`named`), one of another file (which cannot be told).
    private static func refuses(
        _ range: ClosedRange<Int>, values: [String: ClosedRange<Int>], lexed: LexedSource, seen: inout Set<String>,
        named: Bool = false
    ) -> Bool {
        for index in range {
            if lexed.token(index, is: "throw") { return true }
            guard lexed.tokens[index].kind == .identifier, !lexed.token(index - 1, isPunctuation: Byte.dot) else { continue }
            let word = lexed.text(index)
            if let value = values[word] {
                guard seen.insert(word).inserted, !isBuilder(word, value: value, in: lexed) else { continue }
                if refuses(value, values: values, lexed: lexed, seen: &seen) { return true }
            } else if named, word != "async", word != "function", range.count == 1 || (lexed.token(index + 1, isPunctuation: Byte.openParen) && index == range.lowerBound) {
                // `.use(isAuthed)`, `.use(rateLimit({ … }))` with the middleware imported.
                return true
            }
        }
        return false
    }

    /// Builders whose name says anyone may call them: `publicProcedure`, tRPC's own `procedure`, `baseProcedure`.
    static func namesPublicBuilder(_ name: String) -> Bool {
        name == "procedure" || name == "baseProcedure" || (name.hasSuffix("Procedure") && name.lowercased().hasPrefix("public"))
    }
}
