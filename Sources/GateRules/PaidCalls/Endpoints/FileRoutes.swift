import GateCore

/// Endpoints a JavaScript or TypeScript file is by where it lives and what it exports, not by a registration call:
/// SvelteKit form actions, Nuxt/Nitro event handlers, Remix and React Router route modules, Astro endpoints, and
/// serverless entry points (Cloudflare Workers and Pages Functions, Deno and Bun servers, AWS Lambda behind API
/// Gateway, Netlify, Vercel and Firebase functions). SvelteKit's `+server.ts` method exports and a Vercel `api/`
/// file's default export have the shapes of Next.js's app-router and pages-router handlers, and are read with them
/// (`nextRoutes`). The hooks and middleware that guard these routes are read by `CodeIndex.serverHooksGuard`.
/// Paths that make a file an endpoint (file-based routing), for what judges a change by its paths alone.
public enum FileRouting {
    /// Whether the file at `path` serves requests by where it lives (`HandlerFinder.isEndpointByPath`).
    public static func isEndpoint(_ path: String) -> Bool { HandlerFinder.isEndpointByPath(path) }

    /// Whether `path` is a route a framework serves from a folder named `dist` among its routes
    /// (`app/api/dist/route.ts`: the route `/api/dist`), not an app a build wrote into `dist/`
    /// (`dist/app/api/x/route.js`, whose path past `dist/` is itself a route's): what the build-output ignore
    /// `**/dist/**` must not hide.
    public static func isRouteInFolderNamedDist(_ path: String) -> Bool {
        guard isEndpoint(path) else { return false }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let dist = segments.firstIndex(of: "dist") else { return false }
        return !isEndpoint(segments[(dist + 1)...].joined(separator: "/"))
    }

    /// Whether `path` is a route its framework serves though a test-path pattern matches it: the test-named folder
    /// is one of the route's own segments (`app/api/tests/[id]/grade/route.ts` serves `/api/tests/:id/grade`,
    /// `app/api/e2e/seed/route.ts` serves `/api/e2e/seed`). Not a test app holding routes (`e2e/app/api/seed/route.ts`,
    /// `test/fixtures/pages/api/x.ts`: the pattern matches the folders before the routes), a test file beside routes
    /// (`pages/api/chat.test.ts`: it matches the file's name), nor a `__tests__`/`__mocks__` folder among them (test
    /// code by convention, and a private folder to the app router). `isTest` is `paths.tests`.
    public static func isRouteInTestNamedFolder(_ path: String, isTest: (String) -> Bool) -> Bool {
        guard isEndpoint(path) else { return false }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let file = segments.last else { return false }
        // Where the routes begin: the last segment from which the rest of the path is still a route (`app/` of
        // `e2e/app/api/seed/route.ts`, `api/` of `app/api/tests/route.ts`, a Vercel function's shape).
        var root = 0
        for start in stride(from: segments.count - 2, to: 0, by: -1)
        where isEndpoint(segments[start...].joined(separator: "/")) {
            root = start
            break
        }
        if segments[root...].contains(where: { $0.hasPrefix("__") }) { return false }
        let before = segments[..<root].joined(separator: "/")
        return !isTest(before.isEmpty ? String(file) : before + "/" + file)
    }

    /// Whether `path` is a route a framework serves under a minified file's name (`pages/api/chat.min.js`, served at
    /// `/api/chat.min`): what the ignore `**/*.min.js` must not hide. Asked only after that pattern matched.
    public static func isRouteNamedMinified(_ path: String) -> Bool { isEndpoint(path) }
}

extension HandlerFinder {
    func fileRoutes() -> [HTTPHandler] {
        guard lexed.language.isJavaScriptLike, !lexed.tokens.isEmpty else { return [] }
        let segments = path.split(separator: "/")
        guard let file = segments.last else { return [] }
        // Next.js's and SvelteKit's method exports written as blocks are read by `nextRoutes`; those with an
        // expression body or in parentheses (`(async (event) => { … }) satisfies RequestHandler`) here.
        // A Remix folder route (`app/routes/chat/route.tsx`) has the app router's file name.
        let isAppRoute = HandlerFinder.isAppRoute(path)
        let isRemixRoute = HandlerFinder.isRemixRouteModule(segments)
        if isAppRoute || isRemixRoute {
            let methods = isAppRoute ? methodExports().filter { !$0.isBlock } : []
            return methods.map { handler(for: $0, label: "\($0.name ?? "") \(path)") } + (isRemixRoute ? remixRouteHandlers() : [])
        }
        if HandlerFinder.isSvelteKitServerLoadModule(file), segments.contains("routes") {
            return svelteKitLoads() + svelteKitActions().map(withRefusalOfSignedOutCaller)
        }
        if let method = HandlerFinder.nitroRoute(segments) { return nitroHandlers(method: method, generic: false) }
        if file.hasSuffix(".astro") { return HandlerFinder.isAstroPage(segments) ? astroServerRenderedPage() : [] }
        // The words the finders below look for before reading tokens, found in one pass over the file.
        let words = FileRouteWords(rawValue: HandlerFinder.fileRouteWordTable.matchedGroups(lexed.bytes, enough: 0))
        var result: [HTTPHandler]
        if let functions = segments.firstIndex(of: "functions"), functions > 0, segments[functions - 1] == "netlify"
            || segments[functions - 1] == "edge-functions"
        {
            result = netlifyFunctions(words)
        } else if HandlerFinder.isVercelFunction(path) {
            // The default export is read with the pages router's; the Web-standard method exports here.
            result = methodExports().map { handler(for: $0, label: "\($0.name ?? "") \(path)") }
            // `module.exports = (req, res) => { … }`, which has no name the pages-router reading knows.
            result += topLevelFunctions().filter { $0.isDefault && $0.commonJS && $0.name != "handler" }
                .map { handler(for: $0, label: "handler \(path)") }
        } else {
            result = lambdaHandlers(netlify: false, words: words)
            if words.contains(.eventHandler) { result += nitroHandlers(method: nil, generic: true) }
            if segments.contains("functions") { result += pagesFunctions() }
            if words.contains(.firebase) { result += firebaseFunctions() }
            if words.contains(.genkitFlowServer) { result += genkitFlowServerFlows() }
            if words.contains(.azureFunctions) { result += azureNodeHTTPFunctions() }
            if let binding = azureFunctionJSON { result += azureFunctionJSONHandlers(binding) }
            if HandlerFinder.isAstroEndpoint(segments) {
                result += methodExports().map { handler(for: $0, label: "\($0.name ?? "") \(path)") }
            }
        }
        if words.contains(.fetch) { result += workerFetchHandlers() }
        return words.contains(.serve) ? result + serveCalls() : result
    }

    // MARK: Paths

    /// Whether a JavaScript or TypeScript file is an endpoint by where it lives, whatever it holds: a Next.js route
    /// (`app/**/route.ts`, `pages/api/**`), a SvelteKit `+server.ts` or server load module, a Nuxt/Nitro
    /// `server/api/` file, a Remix route module, an Astro endpoint, a Netlify or Vercel function. A file moved onto
    /// such a path starts serving requests even when not one of its lines changed.
    static func isEndpointByPath(_ path: String) -> Bool {
        guard SourceLanguage(path: path)?.isJavaScriptLike ?? false else { return false }
        let segments = path.split(separator: "/")
        guard let file = segments.last else { return false }
        if isAppRoute(path) || path.hasPrefix("pages/api/") || HandlerFinder.path(path, contains: "/pages/api/")
            || isVercelFunction(path) || nitroRoute(segments) != nil || isRemixRouteModule(segments)
            || isAstroEndpoint(segments)
        {
            return true
        }
        if isSvelteKitServerLoadModule(file), segments.contains("routes") { return true }
        if let functions = segments.firstIndex(of: "functions"), functions > 0 {
            return segments[functions - 1] == "netlify" || segments[functions - 1] == "edge-functions"
        }
        return false
    }


    /// The HTTP method a Nuxt or Nitro route file serves (`server/api/chat.post.ts` → `POST`; "" for every method),
    /// or nil when the path is no such route.
    static func nitroRoute(_ segments: [Substring]) -> String? {
        guard let server = segments.firstIndex(of: "server"), server + 2 < segments.count,
              segments[server + 1] == "api" || segments[server + 1] == "routes",
              let file = segments.last
        else { return nil }
        let parts = file.split(separator: ".")
        guard parts.count >= 3 else { return "" }
        let method = parts[parts.count - 2].uppercased()
        return ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(method) ? method : ""
    }

    /// A Remix or React Router route module: a file under `app/routes/` that is not client-only code or a test.
    static func isRemixRouteModule(_ segments: [Substring]) -> Bool {
        guard let routes = segments.firstIndex(of: "routes"), routes > 0, segments[routes - 1] == "app",
              routes + 1 < segments.count, let file = segments.last
        else { return false }
        return !file.contains(".client.") && !file.contains(".test.") && !file.contains(".spec.")
    }

    /// A Vercel serverless function: a file under `api/` at the project's root, not one Vercel leaves out of the
    /// functions (a name starting with `_` or `.`, its own or a directory's).
    static func isVercelFunction(_ path: String) -> Bool {
        guard path.hasPrefix("api/") else { return false }
        return !path.split(separator: "/").dropFirst().contains { $0.hasPrefix("_") || $0.hasPrefix(".") }
    }

    /// A SvelteKit endpoint, `+server.ts` (or `.js`) under a `routes` directory: its method exports are read as
    /// Next.js app-router handlers are.
    static func isSvelteKitEndpoint(_ path: String) -> Bool {
        (path.hasSuffix("/+server.ts") || path.hasSuffix("/+server.js"))
            && (path.hasPrefix("src/routes/") || HandlerFinder.path(path, contains: "routes/"))
    }

    /// An Astro endpoint: a `.ts` or `.js` file under `src/pages/` (its `.astro` pages are not code gate reads).
    static func isAstroEndpoint(_ segments: [Substring]) -> Bool {
        guard let pages = segments.firstIndex(of: "pages"), pages > 0, segments[pages - 1] == "src" else { return false }
        return segments.last.map { $0.hasSuffix(".ts") || $0.hasSuffix(".js") } ?? false
    }

    /// An Astro page: an `.astro` component under `src/pages/`, outside the `_`-prefixed names Astro does not route.
    static func isAstroPage(_ segments: [Substring]) -> Bool {
        guard let pages = segments.firstIndex(of: "pages"), pages > 0, segments[pages - 1] == "src",
              let file = segments.last, file.hasSuffix(".astro")
        else { return false }
        return !segments[(pages + 1)...].contains { $0.hasPrefix("_") }
    }

    /// An Astro page rendered on the server: its frontmatter (what the lexer reads of the component) runs on every
    /// request, so the whole of it is a GET (and form POST) handler, guarded by what it checks before the paid work
    /// (`if (!Astro.locals.user) return Astro.redirect("/login")`) and by `src/middleware.ts`. A page is rendered on
    /// the server when it exports `prerender = false`, or its app's configuration sets `output: "server"` and it does
    /// not export `prerender = true` (`astroRendersPagesOnServer`); otherwise it is rendered once, at build time, and
    /// its paid calls are the build's, not a request's.
    func astroServerRenderedPage() -> [HTTPHandler] {
        guard let first = lexed.tokens.indices.first, let last = lexed.tokens.indices.last else { return [] }
        var prerender: Bool?
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.token(index, is: "prerender") {
            guard lexed.token(index - 1, is: "const"), lexed.token(index - 2, is: "export"),
                  lexed.token(index + 1, isPunctuation: Byte.equals)
            else { continue }
            if lexed.token(index + 2, is: "false") { prerender = false } else if lexed.token(index + 2, is: "true") { prerender = true }
        }
        guard prerender == false || prerender == nil && astroRendersPagesOnServer?() == true else { return [] }
        let whole = first...last
        return [HTTPHandler(name: "page \(path)", statement: whole, body: whole, guardRanges: [whole])]
    }

    // MARK: Top-level functions and what exports them

    /// A top-level function and how its statement exports it.
    struct TopLevelFunction {
        /// Its statement, from `export` (or `const`, `exports`, `function`) to its last token.
        var statement: ClosedRange<Int>
        /// Where its body starts: the block's `{`, or the first token of an expression body (`=> Response.json(…)`).
        var body: Int
        /// The name it is exported or declared under (`POST`, `handler`, `action`), when it has one.
        var name: String?
        /// `export …`, `exports.x = …` or `module.exports… = …`.
        var exported = false
        /// `export default …` or `module.exports = …`.
        var isDefault = false
        /// Exported through `exports` / `module.exports`.
        var commonJS = false
        /// A top-level function block (not an expression body, nor a function in parentheses).
        var isBlock = false

        /// The tokens before the body: its declaration and parameters.
        var header: Range<Int> { statement.lowerBound..<body }
    }

    /// The file's top-level functions with their export: `export async function POST(…)`, `export const action =
    /// async (…) => {`, `export const handler: Handler<APIGatewayProxyEvent> = async (event) => {` (whose generic
    /// type hides the name from the lexer), `exports.handler = async (event) => {`, `export default async (…) => {`,
    /// and arrow functions with an expression for a body, which are no blocks (`export const GET = () =>
    /// Response.json(…)`).
    func topLevelFunctions() -> [TopLevelFunction] {
        var result: [TopLevelFunction] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == -1 {
            var function = TopLevelFunction(
                statement: lexed.statementSpan(of: index), body: block.openToken, name: block.nameRange.map { lexed.text($0) })
            function.isBlock = true
            readExport(of: &function)
            result.append(function)
        }
        // A function in parentheses, `export const POST = (async ({ request }) => { … }) satisfies RequestHandler;`.
        for block in lexed.blocks where block.kind == .function && block.parent >= 0 {
            let parentheses = lexed.blocks[block.parent]
            guard parentheses.parent == -1, parentheses.opener == .paren,
                  lexed.token(parentheses.openToken - 1, isPunctuation: Byte.equals),
                  lexed.token(parentheses.openToken + 1, is: "async") || lexed.token(parentheses.openToken + 1, isPunctuation: Byte.openParen)
                    || lexed.token(parentheses.openToken + 1, is: "function"),
                  let start = lexed.topLevelDeclarationStart(equals: parentheses.openToken - 1)
            else { continue }
            var function = TopLevelFunction(statement: start...lexed.expressionEnd(after: parentheses.openToken - 1), body: block.openToken)
            if lexed.token(start, is: "const") || lexed.token(start, is: "let"), isName(start + 1) { function.name = lexed.text(start + 1) }
            readExport(of: &function)
            result.append(function)
        }
        // Arrow functions with an expression body.
        for arrow in lexed.topLevelExpressionArrows() {
            var function = TopLevelFunction(statement: arrow.statementStart...arrow.end, body: arrow.arrow + 1)
            // `const NAME =`, `const NAME: Type =`.
            let start = arrow.statementStart
            if lexed.token(start, is: "const") || lexed.token(start, is: "let") || lexed.token(start, is: "var"), isName(start + 1) {
                function.name = lexed.text(start + 1)
            }
            readExport(of: &function)
            result.append(function)
        }
        return result.sorted { $0.statement.lowerBound < $1.statement.lowerBound }
    }

    /// Sets what a function's statement exports it as (`export default`, `export const NAME`, `exports.NAME =`).
    private func readExport(of function: inout TopLevelFunction) {
        let start = function.statement.lowerBound
        if lexed.token(start, is: "export") {
            function.exported = true
            if lexed.token(start + 1, is: "default") {
                function.isDefault = true
            } else if lexed.token(start + 1, is: "const") || lexed.token(start + 1, is: "let")
                || lexed.token(start + 1, is: "var"), isName(start + 2)
            {
                function.name = lexed.text(start + 2)
            }
        } else if let (name, isDefault) = lexed.commonJSExport(at: start) {
            function.exported = true
            function.commonJS = true
            function.isDefault = isDefault
            if let name { function.name = name }
        }
    }

    /// Whether token `index` is an identifier.
    private func isName(_ index: Int) -> Bool {
        index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier
    }

    /// The top-level `export` keywords, in order.
    private func topLevelExports() -> [Int] {
        lexed.tokens.indices.filter { lexed.tokens[$0].block == -1 && lexed.token($0, is: "export") }
    }

    /// The handler a top-level function is: its whole statement.
    private func handler(for function: TopLevelFunction, label: String, guards: [ClosedRange<Int>] = []) -> HTTPHandler {
        HTTPHandler(name: label, statement: function.statement, body: function.statement, guardRanges: [function.statement] + guards)
    }

    /// The top-level function declared under the name of identifier token `index` (`async function handle(…)`,
    /// `const handle = async (…) =>`).
    private func namedFunction(_ index: Int) -> TopLevelFunction? {
        guard isName(index) else { return nil }
        let name = lexed.text(index)
        return topLevelFunctions().first { $0.name == name && !$0.statement.contains(index) }
    }

    /// The top-level function named by identifier token `index`, as a handler guarded by `reference` too (the
    /// statement that hands it over: `fetch: handleRequest`, `Deno.serve(handler)`).
    func namedFunctionHandler(_ index: Int, label: String, reference: ClosedRange<Int>) -> HTTPHandler? {
        namedFunction(index).map { handler(for: $0, label: label, guards: [reference]) }
    }

    /// The first token of the top-level statement `export default …` or `module.exports = …`, with the token its
    /// value starts at.
    private func defaultExportValue() -> (statement: Int, value: Int)? {
        for index in topLevelExports() where lexed.token(index + 1, is: "default") {
            return (index, index + 2)
        }
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.token(index, is: "module") {
            if lexed.commonJSExport(at: index).map({ $0.isDefault }) == true { return (index, index + 4) }
        }
        return nil
    }

    /// The handler a default export makes: a function declared or written there (`export default async function
    /// handler(…)`, `export default async (req, context) => {`), a wrapper call handed a function (`export default
    /// defineEventHandler(async (event) => { … })`) or one handed a function of the file by name, or such a
    /// function by name. `acceptsCallee` decides which wrappers make handlers.
    func defaultExportHandler(
        label: String, acceptsDeclared: (TopLevelFunction) -> Bool = { _ in true }, acceptsCallee: (String) -> Bool
    ) -> HTTPHandler? {
        if let declared = topLevelFunctions().first(where: { $0.isDefault }) {
            return acceptsDeclared(declared) ? handler(for: declared, label: label) : nil
        }
        guard let (statement, value) = defaultExportValue(), isName(value),
              !["async", "function", "class"].contains(where: { lexed.token(value, is: $0) })
        else { return nil }
        let callee = dottedNameEnd(from: value)
        guard let call = argumentList(after: callee) else {
            guard callee == value else { return nil }
            return namedFunctionHandler(value, label: label, reference: statement...value)
        }
        guard acceptsCallee(lexed.text(callee)) else { return nil }
        let whole = statement...lexed.blocks[call].endToken
        if whole.contains(where: { lexed.token($0, is: "=>") || lexed.token($0, is: "function") })
            || lexed.blocks.contains(where: { $0.kind == .function && whole.contains($0.openToken) })
        {
            return HTTPHandler(name: label, statement: whole, body: whole, guardRanges: [whole])
        }
        // `defineEventHandler(handler)`: the function handed over, guarded by the wrapper's statement too.
        for index in (callee + 1)...whole.upperBound {
            if let named = namedFunctionHandler(index, label: label, reference: whole) { return named }
        }
        return nil
    }

    /// Functions exported under an HTTP method's name, Web-standard handlers (`export async function POST(request:
    /// Request)`, `export const POST: APIRoute = async ({ request }) => { … }`): Vercel's `api/` files, Astro's
    /// endpoints.
    func methodExports() -> [TopLevelFunction] {
        topLevelFunctions().filter { function in
            function.exported && (function.name.map { HandlerFinder.nextMethods.contains(Array($0.utf8)[...]) || $0 == "ALL" } ?? false)
        }
    }

    /// Cloudflare Pages Functions (`functions/api/chat.ts`): `export const onRequestPost: PagesFunction<Env> = async
    /// (context) => { … }`, `export async function onRequest(context)`. The `_middleware` files of the directories
    /// above run first (`CodeIndex.serverHooksGuard`).
    func pagesFunctions() -> [HTTPHandler] {
        guard path.split(separator: "/").last.map({ !$0.hasPrefix("_middleware.") }) ?? false else { return [] }
        return topLevelFunctions().filter { function in
            function.exported && (function.name?.hasPrefix("onRequest") ?? false)
        }.map { handler(for: $0, label: "\($0.name ?? "") \(path)") }
    }

    // MARK: SvelteKit

    /// SvelteKit form actions, `export const actions = { default: async ({ request, locals }) => { … }, generate:
    /// async (event) => { … } }` in `+page.server.ts`: each is a POST endpoint of the page (`?/generate`). The page's
    /// `load` does not run for an action, so its guard is not the actions'.
    func svelteKitActions() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for export in topLevelExports() {
            guard lexed.token(export + 1, is: "const") || lexed.token(export + 1, is: "let"),
                  lexed.token(export + 2, is: "actions")
            else { continue }
            // `= {`, after a type (`: Actions`) when it has one.
            var cursor = export + 3
            while cursor < lexed.tokens.count, !lexed.token(cursor, isPunctuation: Byte.equals),
                  !lexed.token(cursor, isPunctuation: Byte.semicolon), cursor < export + 12
            {
                cursor += 1
            }
            guard lexed.token(cursor + 1, isPunctuation: Byte.openBrace),
                  let object = lexed.blocks.firstIndex(where: { $0.openToken == cursor + 1 })
            else { continue }
            for (index, block) in lexed.blocks.enumerated() where block.parent == object && block.kind == .function {
                let name = block.nameRange.map { lexed.text($0) } ?? "action"
                let statement = lexed.statementSpan(of: index)
                result.append(HTTPHandler(
                    name: "form action \(name) in \(path)", statement: statement, body: statement, guardRanges: [statement]))
            }
            // `generate: async ({ request }) => ({ … })`: an arrow with an expression body is no function block.
            let open = lexed.blocks[object].openToken
            let close = lexed.span(of: object).upperBound
            for arrow in lexed.span(of: object) where lexed.tokens[arrow].block == object && lexed.token(arrow, is: "=>") {
                guard !lexed.token(arrow + 1, isPunctuation: Byte.openBrace) else { continue }
                func separates(_ index: Int) -> Bool {
                    index == open || index == close
                        || (lexed.tokens[index].block == object && lexed.token(index, isPunctuation: Byte.comma))
                }
                var key = arrow - 1
                while key > open, !separates(key - 1) { key -= 1 }
                var end = arrow + 1
                while end + 1 < close, !separates(end + 1) { end += 1 }
                let member = key...end
                guard isName(key), lexed.token(key + 1, isPunctuation: Byte.colon), !lexed.blocks.contains(where: {
                    $0.parent == object && $0.kind == .function && member.contains($0.openToken)
                }) else { continue }
                result.append(HTTPHandler(
                    name: "form action \(lexed.text(key)) in \(path)", statement: member, body: member, guardRanges: [member]))
            }
            // A function of the file by name: `generate: generateSummary,` or `generate,`.
            for index in lexed.span(of: object) where lexed.tokens[index].block == object && isName(index) {
                guard lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeBrace)
                else { continue }
                let key = lexed.token(index - 1, isPunctuation: Byte.colon) && isName(index - 2) ? index - 2 : index
                guard key == index ? lexed.token(index - 1, isPunctuation: Byte.comma) || lexed.token(index - 1, isPunctuation: Byte.openBrace) : true,
                      let named = namedFunctionHandler(index, label: "form action \(lexed.text(key)) in \(path)", reference: key...index)
                else { continue }
                result.append(named)
            }
        }
        return result
    }

    // MARK: Nuxt and Nitro

    /// The default export of a Nuxt or Nitro route file (`server/api/chat.post.ts`): `export default
    /// defineEventHandler(async (event) => { … })`, `eventHandler(…)`, `defineCachedEventHandler(…)`, or a wrapper
    /// the project names so (`defineAuthenticatedHandler(…)`). `generic`: a file elsewhere, which is a route only
    /// when its default export is h3's own event handler.
    func nitroHandlers(method: String?, generic: Bool) -> [HTTPHandler] {
        if generic {
            // Only where such a handler can serve a route (not `server/middleware`, `plugins`, `utils`).
            guard !path.split(separator: "/").contains(where: { ["middleware", "plugins", "utils", "lib"].contains($0) })
            else { return [] }
        }
        let label = (method.map { $0.isEmpty ? "handler" : $0 } ?? "handler") + " \(path)"
        // A function exported bare is h3's only when it takes the event (`export default (event: H3Event) => …`):
        // an Express router's setup function (`export default function (app) { … }`) lives in such folders too.
        let found = defaultExportHandler(label: label, acceptsDeclared: { function in
            function.header.contains { lexed.token($0, is: "event") || lexed.token($0, is: "H3Event") }
        }, acceptsCallee: { callee in
            HandlerFinder.h3EventHandlers.contains(callee) || (!generic && callee.hasSuffix("Handler"))
        })
        // A generic file's default export must be the event handler itself, not a function of its own.
        if generic, let found, !found.statement.contains(where: { index in
            lexed.tokens[index].kind == .identifier
                && HandlerFinder.h3EventHandlers.contains(lexed.text(index)) && lexed.token(index + 1, isPunctuation: Byte.openParen)
        }) {
            return []
        }
        return found.map { [$0] } ?? []
    }

    private static let h3EventHandlers: Set<String> = [
        "defineEventHandler", "eventHandler", "defineCachedEventHandler", "cachedEventHandler", "defineLazyEventHandler",
        "lazyEventHandler",
    ]

    // MARK: Remix and React Router

    /// A route module's `action` (the POST of its route: forms, fetchers, `useSubmit`) and `loader` (its GET),
    /// exported as functions (`export async function action({ request })`, `export const loader = async (args) =>
    /// { … }`). The module's own middleware export (`export const middleware = [requireAuth]`, React Router 7) runs
    /// before both.
    func remixRouteHandlers() -> [HTTPHandler] {
        var middleware: [ClosedRange<Int>] = []
        for export in topLevelExports() where lexed.token(export + 1, is: "const")
            && (lexed.token(export + 2, is: "middleware") || lexed.token(export + 2, is: "unstable_middleware"))
        {
            var end = export + 3
            while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].block != -1 || !lexed.tokens[end + 1].firstOnLine {
                end += 1
            }
            middleware.append(export...end)
        }
        return topLevelFunctions().compactMap { function in
            guard function.exported, let name = function.name, name == "action" || name == "loader" else { return nil }
            return handler(for: function, label: "\(name) \(path)", guards: middleware)
        }
    }

    // MARK: Serverless

    /// Netlify functions (`netlify/functions/chat.ts`): the Lambda-shaped `export const handler = async (event) =>
    /// { … }` and the Web-standard `export default async (req: Request, context: Context) => { … }`, each an endpoint
    /// at `/.netlify/functions/chat` (or its `config.path`). A scheduled function (`schedule(…)`, `config = { schedule
    /// }`) is run by Netlify's scheduler, not by requests.
    func netlifyFunctions(_ words: FileRouteWords) -> [HTTPHandler] {
        if lexed.tokens.contains(where: { $0.kind == .identifier && lexed.bytes[$0.start..<$0.end].elementsEqual("schedule".utf8) }) {
            return []
        }
        var result = lambdaHandlers(netlify: true, words: words)
        if let exported = defaultExportHandler(label: "handler \(path)", acceptsCallee: { _ in true }),
           !result.contains(where: { $0.statement == exported.statement })
        {
            result.append(exported)
        }
        return result
    }

    /// AWS Lambda handlers that serve HTTP: an exported function (`export const handler = async (event) => …`,
    /// `exports.handler = async (event) => { … }`, `module.exports.handler`, or a function handed to a wrapper there,
    /// `export const handler = middy(lambdaHandler).use(…)`) that the file shows is invoked by API Gateway, a
    /// function URL or a load balancer: its event typed so (`APIGatewayProxyEvent`), the request read from it
    /// (`event.body`, `event.headers`, `event.requestContext`, `event.httpMethod`), or a `statusCode` answered. A
    /// Lambda fed by a queue, a schedule or a stream (`event.Records`, `SQSEvent`, `ScheduledEvent`) is no
    /// endpoint; nor is one the file tells nothing of. `netlify`: a Netlify function, always an endpoint.
    func lambdaHandlers(netlify: Bool, words: FileRouteWords) -> [HTTPHandler] {
        // Serverless Framework and SAM name handlers freely (`module.exports.generate = async (event) => …`): in a
        // file of Lambdas, one under another name that reads the request from its event is one too.
        let lambdaFile = path.split(separator: "/").contains { ["lambda", "lambdas", "handlers", "functions", "serverless"].contains($0) }
            || words.contains(.awsLambda)
        // A file that names no `handler` and no API Gateway type, outside such a place, has no Lambda handler.
        guard netlify || lambdaFile || words.contains(.handler) || words.contains(.apiGateway) else { return [] }
        var result: [HTTPHandler] = []
        let functions = topLevelFunctions()
        for function in functions where function.exported && !function.isDefault {
            guard netlify || function.name == "handler" && servesHTTP(function)
                || headerNamesHTTPEvent(function.header) && servesHTTP(function)
                || lambdaFile && servesHTTP(function, byItsEventOnly: true)
            else { continue }
            result.append(handler(for: function, label: "\(function.name ?? "handler") \(path)"))
        }
        // `export const handler = middy(lambdaHandler).use(httpErrorHandler())`: the function handed to the wrapper;
        // `export const handler = ApiHandler(async (event) => { … })` (SST): the statement; `exports.handler = chat`
        // and `export { chat as handler }`: the function so named.
        let declared = Set(result.map(\.statement.lowerBound))
        for (start, value) in exportedHandlerValues() {
            let callee = dottedNameEnd(from: value)
            guard let call = argumentList(after: callee) else {
                if callee == value, let function = namedFunction(value), !declared.contains(function.statement.lowerBound),
                   netlify || servesHTTP(function)
                {
                    result.append(handler(for: function, label: "handler \(path)", guards: [start...value]))
                }
                continue
            }
            var end = lexed.blocks[call].endToken
            // The chain after the call (`.use(jsonBodyParser()).use(httpJwtAuth())`) is part of the statement.
            while lexed.token(end + 1, isPunctuation: Byte.dot), isName(end + 2),
                  lexed.token(end + 3, isPunctuation: Byte.openParen), lexed.partner[end + 3] > end
            {
                end = lexed.partner[end + 3]
            }
            let statement = start...end
            if statement.contains(where: { lexed.token($0, is: "=>") || lexed.token($0, is: "function") }) {
                let wrapped = TopLevelFunction(statement: statement, body: callee + 1)
                if netlify || servesHTTP(wrapped) || HandlerFinder.isHTTPEventType(lexed.text(callee))
                    || lexed.text(callee).hasPrefix("Api")
                {
                    result.append(HTTPHandler(name: "handler \(path)", statement: statement, body: statement, guardRanges: [statement]))
                }
                continue
            }
            for argument in (callee + 2)..<lexed.blocks[call].endToken where lexed.tokens[argument].block == call {
                guard let function = namedFunction(argument), !declared.contains(function.statement.lowerBound),
                      netlify || servesHTTP(function)
                else { continue }
                result.append(handler(for: function, label: "handler \(path)", guards: [statement]))
                break
            }
        }
        return result
    }

    /// The top-level statements that export a value as `handler` other than a function written there, each with the
    /// token its value starts at: `export const handler = middy(…)`, `exports.handler = …`, `module.exports.handler =
    /// …`, and `export { chat as handler }` / `module.exports = { handler: chat }` (the value: `chat`).
    private func exportedHandlerValues() -> [(statement: Int, value: Int)] {
        var result: [(Int, Int)] = []
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.token(index, is: "handler") {
            guard lexed.token(index + 1, isPunctuation: Byte.equals), isName(index + 2),
                  !lexed.token(index + 2, is: "async"), !lexed.token(index + 2, is: "function")
            else { continue }
            if lexed.token(index - 1, is: "const"), lexed.token(index - 2, is: "export") {
                result.append((index - 2, index + 2))
            } else if lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "exports") {
                result.append((statementStart(of: index), index + 2))
            }
        }
        // Lists: `export { chat as handler }`, `export { handler }`, `module.exports = { handler: chat }`.
        for index in lexed.tokens.indices where lexed.token(index, is: "handler") && lexed.tokens[index].block >= 0 {
            let list = lexed.tokens[index].block
            let open = lexed.blocks[list].openToken
            guard lexed.blocks[list].parent == -1, lexed.token(open, isPunctuation: Byte.openBrace), open >= 1,
                  lexed.token(open - 1, is: "export")
                    || (lexed.token(open - 1, isPunctuation: Byte.equals) && lexed.token(open - 2, is: "exports"))
            else { continue }
            let statement = lexed.token(open - 1, is: "export") ? open - 1 : statementStart(of: open - 2)
            if lexed.token(index - 1, is: "as"), isName(index - 2) {
                result.append((statement, index - 2))
            } else if lexed.token(index + 1, isPunctuation: Byte.colon), isName(index + 2) {
                result.append((statement, index + 2))
            } else if lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeBrace) {
                result.append((statement, index))
            }
        }
        return result
    }


    /// The first token of the top-level statement holding token `index` (`module` of `module.exports.handler = …`).
    private func statementStart(of index: Int) -> Int {
        var start = index
        while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot), isName(start - 2) { start -= 2 }
        return start
    }

    /// Whether a Lambda function is invoked over HTTP, by what it reads and answers: see `lambdaHandlers`.
    /// `byItsEventOnly`: only by its event's type or what it reads of its event, not by a `statusCode` it answers.
    private func servesHTTP(_ function: TopLevelFunction, byItsEventOnly: Bool = false) -> Bool {
        let statement = function.statement
        // The event parameter: the first identifier of the parameter list (`async (event, context) =>`,
        // `function handler(event: APIGatewayProxyEvent)`), or the names destructured from it.
        var event: String?
        var destructured: [String] = []
        var parameters: Int?
        if let keyword = statement.first(where: { lexed.token($0, is: "function") || lexed.token($0, is: "=>") }) {
            if lexed.token(keyword, is: "function") {
                parameters = (keyword..<min(keyword + 4, statement.upperBound)).first { lexed.token($0, isPunctuation: Byte.openParen) }
            } else if lexed.token(keyword - 1, isPunctuation: Byte.closeParen), lexed.partner[keyword - 1] >= 0 {
                parameters = lexed.partner[keyword - 1]
            } else if isName(keyword - 1), lexed.token(keyword - 2, is: "async") || lexed.token(keyword - 2, isPunctuation: Byte.equals)
                || lexed.token(keyword - 2, isPunctuation: Byte.openParen) || lexed.token(keyword - 2, isPunctuation: Byte.comma)
            {
                // `async event =>`, `(event =>` (not a return type, `): Result =>`).
                event = lexed.text(keyword - 1)
            }
            // `async (event): Promise<Result> =>`: the return type sits between the parameters and the arrow.
            if parameters == nil, event == nil {
                parameters = (statement.lowerBound..<keyword).last { lexed.token($0, isPunctuation: Byte.openParen) && lexed.partner[$0] < keyword }
            }
        } else {
            // A method (`async handler(event) {`): its first parameter list.
            parameters = function.header.first { lexed.token($0, isPunctuation: Byte.openParen) }
        }
        if let parameters, lexed.partner[parameters] > parameters {
            let close = lexed.partner[parameters]
            if lexed.token(parameters + 1, isPunctuation: Byte.openBrace) {
                destructured = (parameters + 2..<close).filter { isName($0) && lexed.tokens[$0].block == lexed.tokens[parameters + 2].block }
                    .map { lexed.text($0) }
            } else if isName(parameters + 1) {
                event = lexed.text(parameters + 1)
            }
        }
        if destructured.contains(where: HandlerFinder.httpEventFields.contains) { return true }
        var http = false
        var answers = false
        // Keys of the event no API Gateway, function URL or load balancer event has (`event.prompt`, `async ({
        // prompt }) =>`, `const { prompt } = event`): the payload of a direct invocation (`InvokeModel` from another
        // service, the SDK's `Invoke`, a Step Functions task).
        var readsPayloadKeys = !destructured.isEmpty
        for index in statement where lexed.tokens[index].kind == .identifier {
            let word = lexed.text(index)
            if HandlerFinder.nonHTTPEventTypes.contains(word) || word.hasSuffix("TriggerEvent") || word.hasSuffix("TriggerHandler")
                || (word == "Records" && lexed.token(index - 1, isPunctuation: Byte.dot))
            {
                return false
            }
            if HandlerFinder.isHTTPEventType(word) { http = true }
            if word == "statusCode", lexed.token(index + 1, isPunctuation: Byte.colon), !byItsEventOnly { answers = true }
            guard let event, word == event else { continue }
            if lexed.token(index + 1, isPunctuation: Byte.dot) || lexed.token(index + 1, is: "?."), isName(index + 2) {
                if HandlerFinder.httpEventFields.contains(lexed.text(index + 2)) { http = true } else { readsPayloadKeys = true }
            } else if lexed.token(index - 1, isPunctuation: Byte.equals), lexed.token(index - 2, isPunctuation: Byte.closeBrace),
                      lexed.partner[index - 2] >= 0, lexed.partner[index - 2] < index - 2
            {
                let pattern = lexed.partner[index - 2]...(index - 2)
                if pattern.contains(where: { isName($0) && HandlerFinder.httpEventFields.contains(lexed.text($0)) }) {
                    http = true
                } else {
                    readsPayloadKeys = true
                }
            }
        }
        // A `statusCode` answered makes a handler HTTP unless it reads its event only as a direct invocation's payload
        // and no deployment configuration routes requests to it: a Bedrock Lambda another service invokes answers
        // `statusCode` out of habit (as `pythonLambdaHandlers` reads Python's).
        guard !http, answers else { return http }
        return !readsPayloadKeys || deployedOverHTTP?() == true
    }

    /// Whether a function's header types its event as an HTTP one (`APIGatewayProxyHandler`, `(event:
    /// APIGatewayProxyEventV2)`): then a function under any name is a handler.
    private func headerNamesHTTPEvent(_ header: Range<Int>) -> Bool {
        header.contains { isName($0) && HandlerFinder.isHTTPEventType(lexed.text($0)) }
    }

    static func isHTTPEventType(_ word: String) -> Bool {
        word.hasPrefix("APIGateway") || word.hasPrefix("LambdaFunctionURL") || word.hasPrefix("ALBEvent")
            || word == "ALBHandler" || word == "ALBResult"
    }

    /// What an API Gateway, function URL or load balancer event carries of the request.
    private static let httpEventFields: Set<String> = [
        "body", "headers", "requestContext", "httpMethod", "queryStringParameters", "pathParameters", "rawPath",
        "rawQueryString", "multiValueHeaders", "isBase64Encoded", "routeKey",
    ]

    /// Event types of Lambdas that queues, schedules, streams, storage or Cognito invoke.
    private static let nonHTTPEventTypes: Set<String> = [
        "SQSEvent", "SQSHandler", "SQSRecord", "SQSBatchResponse", "SNSEvent", "SNSHandler", "S3Event", "S3Handler",
        "ScheduledEvent", "ScheduledHandler", "EventBridgeEvent", "EventBridgeHandler", "DynamoDBStreamEvent",
        "DynamoDBStreamHandler", "KinesisStreamEvent", "KinesisStreamHandler", "CloudWatchLogsEvent",
        "CloudWatchLogsHandler", "FirehoseTransformationEvent", "CodePipelineEvent", "SESEvent", "SESHandler",
        "MSKEvent", "KafkaEvent",
    ]

    /// Firebase's HTTPS functions, each exported by name: `export const chat = onRequest({ cors: true }, async (req,
    /// res) => { … })`, `export const summarize = onCall(async (request) => { … })` (called from any client with the
    /// Firebase SDK), and v1's `exports.generate = functions.runWith({ … }).https.onCall((data, context) => { … })`. An
    /// `onCall` checks `request.auth` (v1: `context.auth`), or enforces App Check, where it guards. Firebase Genkit's
    /// `export const suggest = onCallGenkit({ secrets: [key] }, menuSuggestionFlow)` is a callable serving a flow (the
    /// function `ai.defineFlow(…)` names, in this file or another): guarded by its `authPolicy` alone.
    func firebaseFunctions() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 {
            guard lexed.token(index, is: "onRequest") || lexed.token(index, is: "onCall") || lexed.token(index, is: "onCallGenkit"),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
            else { continue }
            // Back along the chain (`functions.runWith({ … }).https.`) to the `=` of the export.
            var cursor = index
            while cursor >= 2, lexed.token(cursor - 1, isPunctuation: Byte.dot) {
                if isName(cursor - 2) {
                    cursor -= 2
                } else if lexed.token(cursor - 2, isPunctuation: Byte.closeParen), lexed.partner[cursor - 2] >= 1, isName(lexed.partner[cursor - 2] - 1) {
                    cursor = lexed.partner[cursor - 2] - 1
                } else {
                    break
                }
            }
            guard lexed.token(cursor - 1, isPunctuation: Byte.equals), let start = lexed.topLevelDeclarationStart(equals: cursor - 1) else { continue }
            var function = TopLevelFunction(statement: start...lexed.partner[index + 1], body: index + 1)
            readExport(of: &function)
            guard function.exported, let name = function.name else { continue }
            result.append(handler(for: function, label: "\(lexed.text(index)) \(name) in \(path)"))
        }
        return result
    }


    /// Cloudflare Workers (and Bun's, Vercel's) module syntax: `export default { async fetch(request, env, ctx) {
    /// … } }`, `export default { fetch: handleRequest }`, `export default worker` for `const worker = { fetch(…) {
    /// … } }`; and the service-worker syntax, `addEventListener("fetch", (event) => event.respondWith(…))`. The
    /// object's other handlers (`scheduled`, `queue`) are not requests.
    func workerFetchHandlers() -> [HTTPHandler] {
        // A module's default object with a `fetch` of its own (an API client's) is no worker: a worker's takes the
        // request (`fetch(request, env, ctx)`, `fetch(req: Request)`).
        return workerFetchCandidates().filter { handler in
            guard let parameters = handler.statement.first(where: { lexed.token($0, isPunctuation: Byte.openParen) }),
                  lexed.partner[parameters] > parameters
            else { return false }
            return (parameters...lexed.partner[parameters]).contains { index in
                isName(index) && ["request", "req", "Request", "env", "ctx", "ExecutionContext", "event", "FetchEvent"].contains(lexed.text(index))
            }
        }
    }

    private func workerFetchCandidates() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        if let (_, value) = defaultExportValue() {
            var object: Int?
            if lexed.token(value, isPunctuation: Byte.openBrace) {
                object = lexed.blocks.firstIndex { $0.openToken == value }
            } else if isName(value) {
                // `export default worker`: the object literal the name is declared with.
                let name = lexed.text(value)
                object = lexed.blocks.indices.first { index in
                    let block = lexed.blocks[index]
                    let start = lexed.statementSpan(of: index).lowerBound
                    return block.parent == -1 && block.kind == .other && lexed.token(block.openToken, isPunctuation: Byte.openBrace)
                        && (lexed.token(start, is: "const") || lexed.token(start, is: "let"))
                        && isName(start + 1) && lexed.text(start + 1) == name
                }
            }
            if let object {
                let label = "fetch \(path)"
                for (index, block) in lexed.blocks.enumerated() where block.parent == object && block.kind == .function {
                    guard let name = block.nameRange, lexed.bytes[name].elementsEqual("fetch".utf8) else { continue }
                    let member = lexed.statementSpan(of: index)
                    result.append(HTTPHandler(name: label, statement: member, body: member, guardRanges: [member]))
                }
                for index in lexed.span(of: object) where lexed.tokens[index].block == object && lexed.token(index, is: "fetch") {
                    // `{ fetch }`: the file's own function named so.
                    if lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeBrace),
                       lexed.token(index - 1, isPunctuation: Byte.comma) || lexed.token(index - 1, isPunctuation: Byte.openBrace),
                       let named = namedFunctionHandler(index, label: label, reference: lexed.span(of: object))
                    {
                        result.append(named)
                        continue
                    }
                    guard lexed.token(index + 1, isPunctuation: Byte.colon) else { continue }
                    if lexed.token(index + 3, isPunctuation: Byte.comma) || lexed.token(index + 3, isPunctuation: Byte.closeBrace),
                       let named = namedFunctionHandler(index + 2, label: label, reference: lexed.span(of: object))
                    {
                        result.append(named)
                        continue
                    }
                    // `fetch: async (request) => Response.json(…)`: an arrow with an expression body, to the member's end
                    // (brackets inside it are stepped over, so the first `,` or `}` met is the object's).
                    var end = index + 2
                    while end + 1 < lexed.tokens.count, !lexed.token(end + 1, isPunctuation: Byte.comma),
                          !lexed.token(end + 1, isPunctuation: Byte.closeBrace)
                    {
                        end = lexed.tokens[end + 1].kind == .punctuation && lexed.partner[end + 1] > end + 1 ? lexed.partner[end + 1] : end + 1
                    }
                    let member = index...end
                    if member.contains(where: { lexed.token($0, is: "=>") }), !lexed.blocks.contains(where: {
                        $0.parent == object && $0.kind == .function && member.contains($0.openToken)
                    }) {
                        result.append(HTTPHandler(name: label, statement: member, body: member, guardRanges: [member]))
                    }
                }
            }
        }
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.token(index, is: "addEventListener") {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index,
                  index + 2 < lexed.tokens.count, lexed.tokens[index + 2].kind == .string, lexed.text(index + 2) == "fetch"
            else { continue }
            let call = index...lexed.partner[index + 1]
            result.append(HTTPHandler(name: "fetch listener \(path)", statement: call, body: call, guardRanges: [call]))
        }
        return result
    }


    /// Servers started by a call: `Deno.serve(async (req) => { … })` (also with options first, or
    /// `Deno.serve({ handler })`), `Bun.serve({ fetch(req) { … } })`, and `serve(handler)` imported from Deno's
    /// standard library (Supabase Edge Functions) or from "bun". The call's arguments are the handler; a function of
    /// the file handed over by name is, guarded by the call too; a `routes` table is read route by route.
    func serveCalls() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        var servesImported: Bool?
        for index in lexed.tokens.indices where lexed.token(index, is: "serve") && lexed.token(index + 1, isPunctuation: Byte.openParen) {
            guard lexed.partner[index + 1] > index + 1 else { continue }
            var start = index
            let runtime: String
            if lexed.token(index - 1, isPunctuation: Byte.dot) {
                guard lexed.token(index - 2, is: "Deno") || lexed.token(index - 2, is: "Bun") else { continue }
                start = index - 2
                runtime = lexed.text(index - 2) + ".serve"
            } else {
                if servesImported == nil {
                    servesImported = lexed.tokens.indices.contains { string in
                        guard lexed.tokens[string].kind == .string else { return false }
                        let module = lexed.text(string)
                        return module == "bun" || module.hasPrefix("jsr:@std/http") || module.hasPrefix("@std/http")
                            || (module.hasPrefix("https://deno.land/") && module.contains("/http/"))
                    }
                }
                guard servesImported == true else { continue }
                runtime = "serve"
            }
            let close = lexed.partner[index + 1]
            let call = start...close
            // A route table answers each of its routes apart (`bunRouteTable`).
            if let table = bunRouteTable(optionsAt: index + 2) {
                result += table
                continue
            }
            let label = "\(runtime) handler \(path)"
            // A function of the file handed over by name: as an argument, or as an option (`fetch: app`,
            // `handler: handle`).
            let named = (index + 2..<close).lazy.compactMap { argument -> HTTPHandler? in
                guard isName(argument),
                      lexed.token(argument + 1, isPunctuation: Byte.comma) || lexed.token(argument + 1, isPunctuation: Byte.closeParen)
                        || lexed.token(argument + 1, isPunctuation: Byte.closeBrace),
                      lexed.token(argument - 1, isPunctuation: Byte.openParen) || lexed.token(argument - 1, isPunctuation: Byte.comma)
                        || lexed.token(argument - 1, isPunctuation: Byte.colon) || lexed.token(argument - 1, isPunctuation: Byte.openBrace)
                else { return nil }
                return namedFunctionHandler(argument, label: label, reference: call)
            }.first
            result.append(named ?? HTTPHandler(name: label, statement: call, body: call, guardRanges: [call]))
        }
        return result
    }
}

extension HandlerFinder {
    /// The flows Genkit's flow server serves, each at `POST /<flow name>`: `startFlowServer({ flows: [summarizeFlow,
    /// withContextProvider(jokeFlow, apiKey(process.env.KEY))] })`. Each listed flow is an endpoint of its own, the
    /// function `ai.defineFlow(…)` names (in this file or another, `HTTPHandler.functionsElsewhere`), guarded by the
    /// context provider it is wrapped with, if any.
    func genkitFlowServerFlows() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "startFlowServer") {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 else { continue }
            let call = (index + 1)...lexed.partner[index + 1]
            guard let key = call.first(where: { lexed.token($0, is: "flows") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
                  lexed.token(key + 2, isPunctuation: Byte.openBracket), lexed.partner[key + 2] > key + 2
            else { continue }
            let close = lexed.partner[key + 2]
            var start = key + 3
            while start < close {
                // The element's last token: up to the list's next `,` or its `]`, over what its brackets hold.
                var end = start
                while true {
                    if lexed.tokens[end].kind == .punctuation, lexed.partner[end] > end { end = min(lexed.partner[end], close - 1) }
                    if end + 1 >= close || lexed.token(end + 1, isPunctuation: Byte.comma) { break }
                    end += 1
                }
                let element = start...end
                // A bare flow (`summarizeFlow`), or one wrapped (`withContextProvider(jokeFlow, …)`): its first argument.
                let flow = isName(start) && start == end ? start
                    : (isName(start) && lexed.token(start + 1, isPunctuation: Byte.openParen) && isName(start + 2) ? start + 2 : nil)
                if let flow {
                    var handler = HTTPHandler(
                        name: "startFlowServer flow \(lexed.text(flow)) in \(path)", statement: element, body: element,
                        guardRanges: [element])
                    handler.functionsElsewhere = [flow]
                    result.append(handler)
                }
                start = end + 2
            }
        }
        return result
    }
}

/// Which of the words the file-route finders need a file to name it names (`HandlerFinder.fileRouteWordTable`,
/// case-folded): a file naming none of a finder's is turned away without its tokens being read.
struct FileRouteWords: OptionSet {
    let rawValue: UInt32
    /// h3's `defineEventHandler`/`eventHandler`.
    static let eventHandler = FileRouteWords(rawValue: 1 << 0)
    /// The `aws-lambda` types package.
    static let awsLambda = FileRouteWords(rawValue: 1 << 1)
    static let handler = FileRouteWords(rawValue: 1 << 2)
    /// An API Gateway event type.
    static let apiGateway = FileRouteWords(rawValue: 1 << 3)
    /// Firebase's `onRequest(`, `onCall(` or `onCallGenkit(`.
    static let firebase = FileRouteWords(rawValue: 1 << 4)
    static let fetch = FileRouteWords(rawValue: 1 << 5)
    static let serve = FileRouteWords(rawValue: 1 << 6)
    /// The Azure Functions package, `@azure/functions` (its Node.js v4 `app.http(…)` registrations).
    static let azureFunctions = FileRouteWords(rawValue: 1 << 7)
    /// Genkit's flow server, `startFlowServer(` (`@genkit-ai/express`).
    static let genkitFlowServer = FileRouteWords(rawValue: 1 << 8)
}

extension HandlerFinder {
    /// One group per `FileRouteWords` member, in its bit order.
    static let fileRouteWordTable = KeywordPrefilter(groups: [
        ["eventhandler"], ["aws-lambda"], ["handler"], ["apigateway"], ["onrequest(", "oncall(", "oncallgenkit("], ["fetch"], ["serve("], ["@azure/functions"],
        ["startflowserver("],
    ].map { $0.map { Array($0.utf8) } })
}
