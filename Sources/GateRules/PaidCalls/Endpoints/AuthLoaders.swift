import GateCode
import GateCore

/// Middleware that loads who is signed in and refuses nobody. Clerk's `clerkMiddleware()` for Express
/// (@clerk/express) and Hono (@hono/clerk-auth) verifies a session token when one is sent and puts the auth state on
/// the request; only `requireAuth()` or a handler that checks `getAuth(req).userId` turns anyone away (Next.js's is
/// the same until `auth.protect()` is called, which `MiddlewareCoverage` reads). So do the older SDK's
/// `ClerkExpressWithAuth()` and Fastify's `clerkPlugin`, and token middleware told to let requests without a token
/// through: express-jwt's `credentialsRequired: false`, koa-jwt's `passthrough: true`, Auth0's `auth({ authRequired:
/// false })`. Their names, and the guard words of what they are given, are no guard.
extension HandlerFinder {
    /// Clerk's middleware that loads the auth state without refusing (unless given a callback that protects).
    static let authLoaders = WordSet(["clerkMiddleware", "ClerkExpressWithAuth", "withClerkMiddleware", "clerkPlugin"])

    /// Whether guard-word token `index` of a JavaScript or TypeScript file names such middleware, or lies in what it
    /// is given (`clerkMiddleware({ authorizedParties: […] })`).
    func isInAuthLoader(_ index: Int) -> Bool {
        guard lexed.language.isJavaScriptLike else { return false }
        let token = lexed.tokens[index]
        if token.kind == .identifier, HandlerFinder.authLoaders.contains(lexed.bytes[token.start..<token.end]) {
            // Named without a call (imported, `fastify.register(clerkPlugin)`), it refuses nobody either.
            return !lexed.token(index + 1, isPunctuation: Byte.openParen) || loadsForAnyone(callee: index)
        }
        if loadsForAnyone(callee: index) { return true }
        var block = token.block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            if lexed.token(open, isPunctuation: Byte.openParen), open >= 1, loadsForAnyone(callee: open - 1) { return true }
            block = lexed.blocks[block].parent
        }
        return false
    }

    /// Whether token `callee` calls middleware that lets every caller through: one of `authLoaders` given nothing
    /// that protects, or a guard given an option that lets requests without credentials through.
    private func loadsForAnyone(callee: Int) -> Bool {
        let token = lexed.tokens[callee]
        guard token.kind == .identifier, lexed.token(callee + 1, isPunctuation: Byte.openParen) else { return false }
        let close = lexed.partner[callee + 1]
        guard close > callee + 1 else { return false }
        let name = lexed.bytes[token.start..<token.end]
        let arguments = (callee + 2)..<close
        if HandlerFinder.authLoaders.contains(name) {
            // Next.js's `clerkMiddleware(async (auth, req) => { if (isProtected(req)) await auth.protect() })`, or a
            // callback that answers 401 itself.
            return !arguments.contains { argument in
                (lexed.token(argument, is: "protect") || lexed.token(argument, is: "redirectToSignIn"))
                    && lexed.token(argument + 1, isPunctuation: Byte.openParen)
                    || (lexed.tokens[argument].kind == .number && isRefusalStatus(argument))
            }
        }
        guard HandlerFinder.isGuardWord(name) else { return false }
        return arguments.contains { key in
            guard lexed.token(key + 1, isPunctuation: Byte.colon) else { return false }
            return (lexed.token(key, is: "credentialsRequired") || lexed.token(key, is: "authRequired"))
                && lexed.token(key + 2, is: "false")
                || lexed.token(key, is: "passthrough") && lexed.token(key + 2, is: "true")
        }
    }
}
