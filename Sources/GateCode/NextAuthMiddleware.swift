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
        /// …or does not, and then NextAuth lets every request through.
        case withoutAuthorizedCallback
    }

    func nextAuthMiddleware(_ path: String, lexed: LexedSource, facts: FileFacts) -> NextAuthMiddleware {
        // `auth` from the app's own module, or `NextAuth(authConfig).auth` made here.
        // Clerk's, Kinde's and the others' `auth` is theirs, not NextAuth's.
        var configModules = facts.imports.filter { binding in
            (binding.local == "auth" || binding.local == "authConfig" || binding.module == "next-auth")
                && !Self.authMiddlewareModules.contains(binding.module)
        }.map(\.module)
        // `export { auth as middleware } from "@/auth"`.
        for index in lexed.indices(ofWords: ["export"]) where lexed.token(index + 1, isPunctuation: Byte.openBrace) {
            let close = lexed.partner[index + 1]
            guard close > index + 1, ((index + 2)..<close).contains(where: { lexed.token($0, is: "auth") }),
                  lexed.token(close + 1, is: "from"), lexed.tokens.indices.contains(close + 2), lexed.tokens[close + 2].kind == .string
            else { continue }
            configModules.append(lexed.text(close + 2))
        }
        guard !configModules.isEmpty else { return .notNextAuth }
        for index in lexed.tokens.indices where lexed.token(index, is: "auth") && !lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.openParen)
        {
            let close = lexed.partner[index + 1]
            guard close > index + 1 else { continue }
            // A function as its argument: `auth((req) => …)`, `auth(async function middleware(req) { … })`.
            var first = index + 2
            if lexed.token(first, is: "async") { first += 1 }
            let takesFunction = lexed.token(first, is: "function")
                || (lexed.token(first, isPunctuation: Byte.openParen) && lexed.partner[first] > first
                    && lexed.token(lexed.partner[first] + 1, is: "=>"))
                || (lexed.tokens.indices.contains(first) && lexed.tokens[first].kind == .identifier && lexed.token(first + 1, is: "=>"))
            if takesFunction { return .callback(index...close) }
        }
        // Only NextAuth's own `auth` as the middleware: a middleware of the app's that calls `auth()` and turns
        // callers away itself is judged as any other.
        guard Self.exportsAuthAsMiddleware(lexed) else { return .notNextAuth }
        // The configuration's files: the modules `auth` comes from, and the local modules they import (`./auth.config`).
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
        guard !files.isEmpty else { return .authorizedCallback }
        let declaresAuthorized = files.contains { file in
            guard let config = lexedFile(file) else { return true }
            return config.tokens.indices.contains { index in
                config.token(index, is: "authorized")
                    && (config.token(index + 1, isPunctuation: Byte.openParen) || config.token(index + 1, isPunctuation: Byte.colon))
            }
        }
        return declaresAuthorized ? .authorizedCallback : .withoutAuthorizedCallback
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
