import GateCore

/// NextAuth v5 (Auth.js) as a Next.js middleware, which guards differently by how the middleware uses its `auth`:
/// exported as the middleware itself it refuses only what the configuration's `callbacks.authorized` refuses (and
/// nothing without one); wrapped around a callback (`auth((req) => …)`) it answers with what the callback returns.
extension CodeIndex {
    /// How a Next.js middleware uses NextAuth v5's `auth`, imported from the app's own configuration (`@/auth`).
    enum NextAuthMiddleware {
        case notNextAuth
        /// `export default auth((req) => { … })`: the tokens of the `auth(…)` call.
        case callback(ClosedRange<Int>)
        /// `export { auth as middleware }`, `export default auth`: it refuses only what the configuration's
        /// `callbacks.authorized` refuses, which the configuration declares…
        case authorizedCallback
        /// …or does not (or declares one that answers `true` whatever it is asked), and then NextAuth lets every
        /// request through.
        case withoutAuthorizedCallback
    }

    func nextAuthMiddleware(_ path: String, lexed: LexedSource, facts: FileFacts) -> NextAuthMiddleware {
        // next-auth v4's `withAuth` (next-auth/middleware) turns away what its `callbacks.authorized` refuses, by
        // default every request without a token; an `authorized` that answers `true` to all refuses nobody.
        let withAuthNames = facts.imports.filter {
            $0.module == "next-auth/middleware" && ($0.member == "withAuth" || $0.member == "default")
        }.map(\.local)
        if !withAuthNames.isEmpty, let judged = Self.withAuthAuthorizingEveryone(lexed, names: withAuthNames, facts: facts) {
            return judged
        }
        let configModules = Self.nextAuthConfigModules(lexed, facts: facts)
        guard !configModules.isEmpty else { return .notNextAuth }
        for index in lexed.tokens.indices where lexed.token(index, is: "auth") && !lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.openParen)
        {
            let close = lexed.partner[index + 1]
            guard close > index + 1 else { continue }
            if Self.passesFunction(lexed, callOpeningAt: index + 1) { return .callback(index...close) }
        }
        // Only NextAuth's own `auth` as the middleware: a middleware of the app's that calls `auth()` and turns
        // callers away itself is judged as any other.
        guard Self.exportsAuthAsMiddleware(lexed) else { return .notNextAuth }
        let files = nextAuthConfigurationFiles(path, configModules: configModules)
        guard !files.isEmpty else { return .authorizedCallback }
        // An `authorized` that answers `true` to every request (`authorized: () => true`) refuses nobody either.
        let declaresAuthorized = files.contains { file in
            guard let config = lexedFile(file) else { return true }
            return Self.authorizedCallbacks(config).contains { !Self.answersTrueAlways(config, authorizedAt: $0) }
        }
        return declaresAuthorized ? .authorizedCallback : .withoutAuthorizedCallback
    }

    /// The modules a middleware takes NextAuth's `auth` or its configuration from: `auth` from the app's own module,
    /// `NextAuth(authConfig).auth` made here, `export { auth as middleware } from "@/auth"`. Clerk's, Kinde's and the
    /// others' `auth` is theirs, not NextAuth's.
    private static func nextAuthConfigModules(_ lexed: LexedSource, facts: FileFacts) -> [String] {
        var configModules = facts.imports.filter { binding in
            (binding.local == "auth" || binding.local == "authConfig" || binding.module == "next-auth")
                && !Self.authMiddlewareModules.contains(binding.module)
        }.map(\.module)
        for index in lexed.indices(ofWords: ["export"]) where lexed.token(index + 1, isPunctuation: Byte.openBrace) {
            let close = lexed.partner[index + 1]
            guard close > index + 1, ((index + 2)..<close).contains(where: { lexed.token($0, is: "auth") }),
                  lexed.token(close + 1, is: "from"), lexed.tokens.indices.contains(close + 2), lexed.tokens[close + 2].kind == .string
            else { continue }
            configModules.append(lexed.text(close + 2))
        }
        return configModules
    }

    /// The configuration's files: the modules `auth` comes from, and the local modules they import (`./auth.config`);
    /// the middleware itself when it calls `NextAuth(…)`.
    private func nextAuthConfigurationFiles(_ path: String, configModules: [String]) -> [String] {
        var files: [String] = []
        for module in configModules where module != "next-auth" {
            for file in moduleFiles(module, importedBy: path, language: .typescript) where !files.contains(file) {
                files.append(file)
                guard let config = self.facts(of: file) else { continue }
                for binding in config.imports where binding.module.hasPrefix(".") || binding.module.hasPrefix("@/") {
                    files += moduleFiles(binding.module, importedBy: file, language: .typescript).filter { !files.contains($0) }
                }
            }
        }
        if configModules.contains("next-auth") { files.append(path) }
        return files
    }

    /// The Next.js middleware files (`middleware.ts`, `apps/web/middleware.ts`, `proxy.ts`) that are NextAuth's `auth`
    /// itself configured in `config` (`export { auth as middleware } from "./auth"` with `auth.ts`, or its
    /// `auth.config.ts`): they refuse what that file's `callbacks.authorized` refuses. Asked only of a changed file
    /// whose `authorized` callback the change leaves refusing nobody.
    public func nextAuthMiddlewares(configuredIn config: String) -> [String] {
        var result: [String] = []
        for name in ["middleware.ts", "middleware.js", "proxy.ts", "proxy.js"] {
            for candidate in project.paths(named: name) where candidate != config && !candidate.contains("node_modules/") {
                guard let facts = facts(of: candidate), let lexed = lexedFile(candidate) else { continue }
                let modules = Self.nextAuthConfigModules(lexed, facts: facts)
                guard !modules.isEmpty, Self.exportsAuthAsMiddleware(lexed),
                      nextAuthConfigurationFiles(candidate, configModules: modules).contains(config)
                else { continue }
                result.append(candidate)
            }
        }
        return result
    }

    /// Whether a file declares an `authorized` callback that may refuse a request (NextAuth's `callbacks.authorized`
    /// answering anything but `true` to all).
    public static func declaresRefusingAuthorizedCallback(_ lexed: LexedSource) -> Bool {
        authorizedCallbacks(lexed).contains { !answersTrueAlways(lexed, authorizedAt: $0) }
    }

    /// Whether the call whose `(` is at `open` is handed a function first: `auth((req) => …)`, `auth(req => …)`,
    /// `withAuth(async function middleware(req) { … })`.
    static func passesFunction(_ lexed: LexedSource, callOpeningAt open: Int) -> Bool {
        var first = open + 1
        if lexed.token(first, is: "async") { first += 1 }
        return lexed.token(first, is: "function")
            || (lexed.token(first, isPunctuation: Byte.openParen) && lexed.partner[first] > first
                && lexed.token(lexed.partner[first] + 1, is: "=>"))
            || (lexed.tokens.indices.contains(first) && lexed.tokens[first].kind == .identifier && lexed.token(first + 1, is: "=>"))
    }

    /// How next-auth v4's `withAuth(…)` guards when every `authorized` callback of the middleware file answers `true`
    /// (`callbacks: { authorized: ({ token }) => true }`): by what the middleware function it wraps (its first
    /// argument, inline or declared in the file) turns away, and with none, not at all. Nil when it declares no such
    /// callback (the default refuses requests without a token) or one that can refuse.
    static func withAuthAuthorizingEveryone(_ lexed: LexedSource, names: [String], facts: FileFacts) -> NextAuthMiddleware? {
        let callbacks = authorizedCallbacks(lexed)
        guard !callbacks.isEmpty, callbacks.allSatisfy({ answersTrueAlways(lexed, authorizedAt: $0) }) else { return nil }
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && names.contains(lexed.text(index))
            && !lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.token(index + 1, isPunctuation: Byte.openParen)
        {
            let close = lexed.partner[index + 1]
            guard close > index + 1 else { continue }
            if Self.passesFunction(lexed, callOpeningAt: index + 1) { return .callback(index...close) }
            // `withAuth(middleware, { callbacks: … })` with `function middleware(req) { … }` above it.
            let first = index + 2
            if lexed.tokens[first].kind == .identifier, lexed.token(first + 1, isPunctuation: Byte.comma),
               let declared = facts.definitions.first(where: { $0.name == lexed.text(first) && $0.container == nil })
            {
                return .callback(min(declared.tokens.lowerBound, index)...max(declared.tokens.upperBound, close))
            }
        }
        return .withoutAuthorizedCallback
    }

    /// The tokens of the `authorized` callbacks a file declares: `authorized: (…) => …`, `authorized({ auth }) { … }`.
    static func authorizedCallbacks(_ lexed: LexedSource) -> [Int] {
        lexed.tokens.indices.filter { index in
            lexed.token(index, is: "authorized") && !lexed.token(index - 1, isPunctuation: Byte.dot)
                && (lexed.token(index + 1, isPunctuation: Byte.openParen) || lexed.token(index + 1, isPunctuation: Byte.colon))
        }
    }

    /// Whether the `authorized` callback at token `index` answers `true` whatever it is asked: `authorized: () =>
    /// true`, `authorized: async ({ token }) => true`, `authorized() { return true }`, `authorized: function () {
    /// return true; }`.
    static func answersTrueAlways(_ lexed: LexedSource, authorizedAt index: Int) -> Bool {
        var next = index + 1
        if lexed.token(next, isPunctuation: Byte.colon) {
            next += 1
            if lexed.token(next, is: "async") { next += 1 }
            if lexed.token(next, is: "function") {
                next += 1
                if !lexed.token(next, isPunctuation: Byte.openParen) { next += 1 }
            }
        }
        // The parameters, then an arrow or the body.
        var body: Int
        if lexed.token(next, isPunctuation: Byte.openParen), lexed.partner[next] > next {
            body = lexed.partner[next] + 1
        } else if lexed.tokens.indices.contains(next), lexed.tokens[next].kind == .identifier, lexed.token(next + 1, is: "=>") {
            body = next + 1
        } else {
            return false
        }
        if lexed.token(body, is: "=>") {
            body += 1
            if lexed.token(body, is: "true") {
                return lexed.token(body + 1, isPunctuation: Byte.comma) || lexed.token(body + 1, isPunctuation: Byte.closeBrace)
                    || lexed.token(body + 1, isPunctuation: Byte.semicolon) || lexed.token(body + 1, isPunctuation: Byte.closeParen)
            }
        }
        // `{ return true; }`: the block holds nothing else.
        guard lexed.token(body, isPunctuation: Byte.openBrace), lexed.token(body + 1, is: "return"), lexed.token(body + 2, is: "true")
        else { return false }
        let end = lexed.token(body + 3, isPunctuation: Byte.semicolon) ? body + 4 : body + 3
        return lexed.partner[body] == end
    }

    /// Whether the middleware file exports NextAuth's `auth` itself: `export { auth as middleware }`,
    /// `export default auth`, `export const middleware = auth`, `export default NextAuth(authConfig).auth`.
    static func exportsAuthAsMiddleware(_ lexed: LexedSource) -> Bool {
        for index in lexed.indices(ofWords: ["export"]) {
            if lexed.token(index + 1, isPunctuation: Byte.openBrace) {
                let close = lexed.partner[index + 1]
                if close > index + 1, ((index + 2)..<close).contains(where: { lexed.token($0, is: "auth") }) { return true }
                continue
            }
            // The exported value: after `default`, or after `const middleware =`.
            var value = index + 1
            if lexed.token(value, is: "default") {
                value += 1
            } else if lexed.token(value, is: "const"), lexed.token(value + 2, isPunctuation: Byte.equals) {
                value += 3
            } else {
                continue
            }
            if lexed.token(value, is: "auth"), !lexed.token(value + 1, isPunctuation: Byte.openParen) { return true }
            // `NextAuth(authConfig).auth`.
            if lexed.token(value, is: "NextAuth"), lexed.token(value + 1, isPunctuation: Byte.openParen), lexed.partner[value + 1] > value,
               lexed.token(lexed.partner[value + 1] + 1, isPunctuation: Byte.dot), lexed.token(lexed.partner[value + 1] + 2, is: "auth")
            {
                return true
            }
        }
        return false
    }
}
