import Foundation

/// A file's guard tokens and their lines, found when first asked. Reach extracts the facts of every changed file
/// whose imports may reach a paid call (hundreds in a large change) to resolve its calls, but guards are asked
/// only of the files a chain passes through and of those whose handlers reach a paid call; finding them reads
/// every byte of the file.
final class FileGuards: @unchecked Sendable {
    struct Found {
        /// Ascending token indices, as the recogniser returns them.
        var tokens: [Int]
        /// The line of each.
        var lines: [Int: Int]
        /// What the body of each definition holding guard tokens says (`BodyGuards`): judged while the file's tokens
        /// are at hand, so summaries of its functions never lex the file again.
        var bodies: [Definition: BodyGuards] = [:]

        init(tokens: [Int], lexed: LexedSource) {
            self.tokens = tokens
            lines = Dictionary(tokens.map { ($0, lexed.tokens[$0].line) }, uniquingKeysWith: { first, _ in first })
        }

        /// Also judges the body of each of `definitions` that holds guard tokens; `uncheckedSessionReads` is the
        /// recogniser's question of a span and its guard tokens.
        init(tokens: [Int], lexed: LexedSource, definitions: [Definition],
             uncheckedSessionReads: (ClosedRange<Int>, [Int]) -> [ClosedRange<Int>]) {
            self.init(tokens: tokens, lexed: lexed)
            guard !tokens.isEmpty else { return }
            for definition in definitions {
                bodies[definition] = BodyGuards(
                    of: definition, guardTokens: tokens, lexed: lexed, uncheckedSessionReads: uncheckedSessionReads)
            }
        }
    }

    private enum State {
        case pending(([Definition]) -> Found)
        case found(Found)
    }

    private let lock = NSLock()
    private var state: State

    /// Guards already found.
    init(_ found: Found) { state = .found(found) }

    /// Guards found by `find`, given the file's definitions, on first use; `find` is then released with what it
    /// holds (the file's tokens).
    init(finding find: @escaping ([Definition]) -> Found) { state = .pending(find) }

    /// The guards of the file whose definitions are `definitions`.
    func found(_ definitions: [Definition]) -> Found {
        lock.withLock {
            switch state {
            case .found(let found): return found
            case .pending(let find):
                let found = find(definitions)
                state = .found(found)
                return found
            }
        }
    }
}

/// What a function's own body says of its callers' guarding: whether its guard tokens refuse anyone (besides its
/// own name, `requireAuth`, which is no check) and whether it reads who is signed in and hands that back unchecked
/// (`return session?.user`).
struct BodyGuards: Equatable {
    var guards: Bool
    var readsSession: Bool

    /// A body without guard tokens.
    static let none = BodyGuards(guards: false, readsSession: false)

    /// Nil when the body holds no guard token (it neither guards nor reads a session by itself).
    init?(of definition: Definition, guardTokens: [Int], lexed: LexedSource,
          uncheckedSessionReads: (ClosedRange<Int>, [Int]) -> [ClosedRange<Int>]) {
        let span = definition.tokens
        let first = guardTokens.partitionPoint { $0 < span.lowerBound }
        let own = guardTokens[first...].prefix { $0 <= span.upperBound }
        guard !own.isEmpty else { return nil }
        // A span beyond the tokens (a definition made up elsewhere, read against another text): the guard tokens
        // are taken as found.
        guard span.upperBound < lexed.tokens.count else {
            self.init(guards: true, readsSession: false)
            return
        }
        let name = span.first { lexed.tokens[$0].kind == .identifier && lexed.text($0) == definition.name }
        let signature = Self.goSignature(of: span, in: lexed)
        let unchecked = uncheckedSessionReads(span, Array(own))
        self.init(guards: own.contains { token in
            token != name && !(signature?.contains(token) ?? false) && !unchecked.contains { $0.contains(token) }
        }, readsSession: !unchecked.isEmpty)
    }

    /// A Go function's signature, from `func` to its body's brace: its receiver, parameters and results name types
    /// and check nothing (`func chatHandler(ja *jwtauth.JWTAuth) http.HandlerFunc` has the authenticator in scope,
    /// not applied). Nil for other languages, whose parameters may run checks (FastAPI's `Depends(get_user)`, an
    /// axum extractor).
    private static func goSignature(of span: ClosedRange<Int>, in lexed: LexedSource) -> ClosedRange<Int>? {
        guard lexed.language == .go, lexed.token(span.lowerBound, is: "func") else { return nil }
        var cursor = span.lowerBound + 1
        while cursor <= span.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.openBrace), !lexed.token(cursor - 1, is: "interface"), !lexed.token(cursor - 1, is: "struct") {
                return span.lowerBound...cursor
            }
            cursor = lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
        }
        return nil
    }

    init(guards: Bool, readsSession: Bool) {
        self.guards = guards
        self.readsSession = readsSession
    }
}
