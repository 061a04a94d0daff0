import GateCore

/// Next.js handlers: app-router `route.ts` exports, pages-router API routes and modules of server actions.
extension HandlerFinder {
    /// An app-router `route.ts`, or a SvelteKit `+server.ts`, whose handlers are exported under method names.
    static func isAppRoute(_ path: String) -> Bool {
        (path.hasSuffix("/route.ts") || path.hasSuffix("/route.js") || path.hasSuffix("/route.tsx") || path.hasSuffix("/route.jsx")
            || path.hasSuffix("/route.mjs"))
            && (path.hasPrefix("app/") || HandlerFinder.path(path, contains: "/app/")) || HandlerFinder.isSvelteKitEndpoint(path)
    }

    func nextRoutes() -> [HTTPHandler] {
        let isAppRoute = HandlerFinder.isAppRoute(path)
        let isPagesAPI = path.hasPrefix("pages/api/") || HandlerFinder.path(path, contains: "/pages/api/")
            || HandlerFinder.isVercelFunction(path)
        // A module of server actions (`"use server"` at its top): each exported function is a POST endpoint any
        // client can call, whatever page imports it.
        let isServerActions = isServerActionsModule
        let inlineActions = inlineServerActions()
        guard isAppRoute || isPagesAPI || isServerActions else { return inlineActions + serverSidePropsHandlers() }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == -1 {
            let statement = lexed.statementSpan(of: index)
            let header = statement.lowerBound..<block.openToken
            let isHandler: Bool
            if isServerActions {
                isHandler = header.contains { lexed.token($0, is: "export") }
            } else if isAppRoute {
                isHandler = block.nameRange.map { HandlerFinder.nextMethods.contains(lexed.bytes[$0]) } ?? false
            } else {
                isHandler = header.contains { lexed.token($0, is: "default") }
                    || block.nameRange.map { lexed.bytes[$0].elementsEqual("handler".utf8) } ?? false
            }
            guard isHandler else { continue }
            let name = block.nameRange.map { lexed.text($0) } ?? "handler"
            let label = isServerActions ? "server action \(name) in \(path)" : "\(name) \(path)"
            result.append(HTTPHandler(name: label, statement: statement, body: statement, guardRanges: [statement]))
        }
        if isServerActions {
            let declared = result.map(\.statement)
            result += exportedServerActionValues().filter { action in !declared.contains { $0.overlaps(action.statement) } }
        }
        if isPagesAPI {
            // The default export's wrapper guards the handler it is handed (`export default withApiAuthRequired(handler)`).
            for exported in pagesDefaultExport() {
                if let known = result.firstIndex(where: { $0.statement == exported.statement }) {
                    result[known].guardRanges += exported.guardRanges
                } else {
                    result.append(exported)
                }
            }
        }
        // A function declared under one method and exported under another too is one handler.
        if isAppRoute {
            let declared = result.map(\.statement)
            result += exportedNextRoutes().filter { !declared.contains($0.statement) }
            result += reexportedNextRoutes()
        }
        // An action declared inside one already read (a directive repeated in an exported action) is that one.
        let read = result.map(\.statement)
        return result + inlineActions.filter { action in !read.contains { $0.contains(action.statement.lowerBound) } }
    }

    /// A pages-router page's `getServerSideProps` (`pages/summary/[id].tsx`, `src/pages/**`, not `pages/api/`): Next.js
    /// runs it on the server for every request of the page, so it is a GET handler of the page's route, whatever it
    /// is written as (`export async function getServerSideProps(ctx)`, `export const getServerSideProps:
    /// GetServerSideProps = async (ctx) => …`, or handed to a wrapper that checks the session first,
    /// `withPageAuthRequired({ getServerSideProps: … })`, `withIronSessionSsr(async function (…) { … })`: the
    /// statement is the handler, so what the wrapper names counts as its guard). `getStaticProps` and
    /// `getStaticPaths` run at build time (and on revalidation, not per request): no handler. A file is read only when it
    /// holds the name.
    func serverSidePropsHandlers() -> [HTTPHandler] {
        // The path first (bytes, no allocation): only a file under `pages/` is split and searched.
        guard lexed.language.isJavaScriptLike, path.hasPrefix("pages/") || HandlerFinder.path(path, contains: "/pages/") else { return [] }
        let segments = path.split(separator: "/")
        guard let pages = segments.firstIndex(of: "pages"), pages + 1 < segments.count, segments[pages + 1] != "api",
              ByteSearch.containsFolded(lexed.bytes, HandlerFinder.serverSidePropsWord)
        else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == -1 {
            guard let name = block.nameRange, lexed.bytes[name].elementsEqual(HandlerFinder.serverSidePropsWord) else { continue }
            let statement = lexed.statementSpan(of: index)
            guard lexed.token(statement.lowerBound, is: "export") else { continue }
            result.append(HTTPHandler(name: "getServerSideProps \(path)", statement: statement, body: statement, guardRanges: [statement]))
        }
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.token(index, is: "getServerSideProps") {
            guard lexed.token(index - 1, is: "const") || lexed.token(index - 1, is: "let"), lexed.token(index - 2, is: "export") else { continue }
            // `=` after the name or its type (`: GetServerSideProps<Props>`).
            guard let equals = (index + 1..<min(index + 24, lexed.tokens.count)).first(where: {
                lexed.token($0, isPunctuation: Byte.equals) && lexed.tokens[$0].block == -1
            }) else { continue }
            let statement = (index - 2)...lexed.expressionEnd(after: equals)
            guard !result.contains(where: { $0.statement.overlaps(statement) }) else { continue }
            result.append(HTTPHandler(name: "getServerSideProps \(path)", statement: statement, body: statement, guardRanges: [statement]))
        }
        return result
    }

    private static let serverSidePropsWord = Array("getServerSideProps".utf8)

    /// App-router handlers exported other than as a function declaration or an arrow function assigned directly
    /// (those are read above): through a wrapper, `export const POST = withLogging(async (req) => { … })` (wrappers
    /// nested, or `export const GET = auth(async function GET(req) { … })`), or by name, `export const POST = handler`,
    /// `export const POST = withAuth(handler)` and `export { handler as POST }`. A wrapper call is part of the
    /// handler's statement, so a guard it names or reaches counts, and a function it is handed by name is followed for
    /// the paid call (as `app.post("/x", handler)` is); a function exported under a method's name is the handler.
    private func exportedNextRoutes() -> [HTTPHandler] {
        // By statement: a function exported under two methods (`export { handler as GET, handler as POST }`) is one
        // handler, named for both.
        var result: [(methods: [String], handler: HTTPHandler)] = []
        func add(_ method: String, _ handler: HTTPHandler) {
            if let known = result.firstIndex(where: { $0.handler.statement == handler.statement }) {
                result[known].methods.append(method)
                result[known].handler.guardRanges += handler.guardRanges
            } else {
                result.append(([method], handler))
            }
        }
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].block == -1 && lexed.token(index, is: "export") {
            if lexed.token(index + 1, isPunctuation: Byte.openBrace) {
                // A list re-exported from another module names none of this file's functions (`reexportedNextRoutes`).
                let reexports = lexed.partner[index + 1] > index && lexed.token(lexed.partner[index + 1] + 1, is: "from")
                if !reexports { for (method, handler) in exportList(openingAt: index + 1) { add(method, handler) } }
                continue
            }
            let value = index + 4
            guard value < tokens.count, lexed.token(index + 1, is: "const") || lexed.token(index + 1, is: "let"),
                  isNextMethod(index + 2), lexed.token(index + 3, isPunctuation: Byte.equals),
                  tokens[value].kind == .identifier,
                  !["async", "function", "new", "await"].contains(where: { lexed.token(value, is: $0) })
            else { continue }
            let callee = dottedNameEnd(from: value)
            let method = lexed.text(index + 2)
            if let call = argumentList(after: callee) {
                let statement = index...max(callee + 1, lexed.blocks[call].endToken)
                add(method, HTTPHandler(name: "", statement: statement, body: statement, guardRanges: [statement]))
            } else if callee == value, let function = topLevelFunction(named: value) {
                let statement = lexed.statementSpan(of: function)
                add(method, HTTPHandler(
                    name: "", statement: statement, body: statement, guardRanges: [statement, index...value]))
            }
        }
        return result.map { methods, handler in
            var handler = handler
            handler.name = "\(methods.joined(separator: "/")) \(path)"
            return handler
        }
    }

    /// Server actions a module of them exports as the value of an expression that holds their function: an action
    /// built by a client library (next-safe-action's `export const act = actionClient.schema(…).action(async (…) => {
    /// … })`, zsa's `createServerAction().input(…).handler(…)`) or wrapped (`export const act = withLogging(async () =>
    /// { … })`). The statement is the action: a guard the chain names or reaches (an `authActionClient` whose
    /// middleware checks the session) counts, as a wrapper's does for a route.
    private func exportedServerActionValues() -> [HTTPHandler] {
        let tokens = lexed.tokens
        var result: [HTTPHandler] = []
        for index in tokens.indices where tokens[index].block == -1 && lexed.token(index, is: "export") {
            guard lexed.token(index + 1, is: "const") || lexed.token(index + 1, is: "let"), index + 3 < tokens.count,
                  tokens[index + 2].kind == .identifier, lexed.token(index + 3, isPunctuation: Byte.equals)
            else { continue }
            // To the statement's `;`, or to the last token before the next top-level declaration.
            var end = index + 3
            var cursor = index + 4
            while cursor < tokens.count {
                if tokens[cursor].block == -1 {
                    if lexed.token(cursor, isPunctuation: Byte.semicolon) { end = cursor; break }
                    if tokens[cursor].firstOnLine, Self.declarationWords.contains(where: { lexed.token(cursor, is: $0) }) { break }
                }
                end = cursor
                cursor += 1
            }
            let statement = index...end
            guard lexed.blocks.contains(where: { $0.kind == .function && statement.contains($0.openToken) }) else { continue }
            result.append(HTTPHandler(
                name: "server action \(lexed.text(index + 2)) in \(path)", statement: statement, body: statement,
                guardRanges: [statement]))
        }
        return result
    }

    private static let declarationWords: [StaticString] = ["export", "const", "let", "var", "function", "async", "import", "class", "type", "interface"]

    /// App-router handlers re-exported from another module: `export { POST } from "./handlers"`, `export { POST, GET }
    /// from "@/lib/chat/route-handlers"`, `export { handler as POST } from "…"`. The route file holds none of the
    /// handler's code: it is the function the other module exports under that name, which the code index resolves
    /// through the re-export as through an import (relative paths, tsconfig `paths`, workspace packages), so what it
    /// reaches and whether it refuses the caller are read there. The route, and the middleware that runs for it,
    /// are this file's.
    func reexportedNextRoutes() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].block == -1 && lexed.token(index, is: "export") {
            guard lexed.token(index + 1, isPunctuation: Byte.openBrace), case let close = lexed.partner[index + 1],
                  close > index + 1, lexed.token(close + 1, is: "from"), close + 2 < tokens.count,
                  tokens[close + 2].kind == .string
            else { continue }
            let statement = index...(lexed.token(close + 3, isPunctuation: Byte.semicolon) ? close + 3 : close + 2)
            var cursor = index + 2
            while cursor < close {
                guard tokens[cursor].kind == .identifier, !lexed.token(cursor, is: "type") else {
                    cursor += 1
                    continue
                }
                // `POST`, or `handler as POST`: the name after `as` is the one the route exports, and the one the
                // re-export binds (to the other module's `handler`).
                let exported = lexed.token(cursor + 1, is: "as") ? cursor + 2 : cursor
                if exported < close, isNextMethod(exported) {
                    result.append(HTTPHandler(
                        name: "\(lexed.text(exported)) \(path)", statement: statement, body: exported...exported,
                        guardRanges: [], functionsElsewhere: [exported]))
                }
                cursor = exported + 1
            }
        }
        return result
    }

    /// A pages-router API file's default export when it is not a function declaration (read above): a wrapper call,
    /// `export default withSentry(async function chat(req, res) { … })` (the statement is the handler), or a function of
    /// the file by name, bare or handed to a wrapper (`export default withApiAuthRequired(handler)`: the function,
    /// guarded by the export statement too).
    private func pagesDefaultExport() -> [HTTPHandler] {
        let tokens = lexed.tokens
        guard let export = tokens.indices.first(where: { index in
            tokens[index].block == -1 && lexed.token(index, is: "export") && lexed.token(index + 1, is: "default")
        }), export + 2 < tokens.count, tokens[export + 2].kind == .identifier,
            !["async", "function", "class"].contains(where: { lexed.token(export + 2, is: $0) })
        else { return [] }
        let callee = dottedNameEnd(from: export + 2)
        guard let call = argumentList(after: callee) else {
            guard callee == export + 2, let function = topLevelFunction(named: callee) else { return [] }
            let statement = lexed.statementSpan(of: function)
            return [HTTPHandler(name: "handler \(path)", statement: statement, body: statement, guardRanges: [statement])]
        }
        let statement = export...lexed.blocks[call].endToken
        if lexed.blocks.contains(where: { $0.kind == .function && statement.contains($0.openToken) }) {
            return [HTTPHandler(name: "handler \(path)", statement: statement, body: statement, guardRanges: [statement])]
        }
        // The functions handed to the wrapper, not the wrapper itself (a local `withLogging` is no handler). From the
        // `(`: a file cut off right after it leaves the list without another token.
        return (callee + 1...statement.upperBound).compactMap { index in
            guard tokens[index].kind == .identifier, let function = topLevelFunction(named: index) else { return nil }
            let declared = lexed.statementSpan(of: function)
            return HTTPHandler(
                name: "handler \(path)", statement: declared, body: declared, guardRanges: [declared, statement])
        }
    }

    /// The handlers of `export { handler as POST, … }`: each function of the file exported under a method's name,
    /// with the method.
    private func exportList(openingAt open: Int) -> [(method: String, handler: HTTPHandler)] {
        var result: [(String, HTTPHandler)] = []
        var cursor = open + 1
        while cursor + 2 < lexed.tokens.count, !lexed.token(cursor, isPunctuation: Byte.closeBrace) {
            if lexed.token(cursor + 1, is: "as"), isNextMethod(cursor + 2), let function = topLevelFunction(named: cursor) {
                let statement = lexed.statementSpan(of: function)
                let handler = HTTPHandler(name: "", statement: statement, body: statement, guardRanges: [statement])
                result.append((lexed.text(cursor + 2), handler))
            }
            cursor += 1
        }
        return result
    }

    /// The last token of the dotted name starting at identifier `start` (`withAuth`, `limiter.wrap`).
    func dottedNameEnd(from start: Int) -> Int {
        var end = start
        while end + 2 < lexed.tokens.count, lexed.token(end + 1, isPunctuation: Byte.dot),
              lexed.tokens[end + 2].kind == .identifier
        {
            end += 2
        }
        return end
    }

    /// The argument list a call opens right after token `callee`, as a block index.
    func argumentList(after callee: Int) -> Int? {
        guard lexed.token(callee + 1, isPunctuation: Byte.openParen) else { return nil }
        return lexed.blocks.firstIndex { $0.openToken == callee + 1 }
    }

    /// Whether token `index` is one of the method names the app router exports handlers under.
    private func isNextMethod(_ index: Int) -> Bool {
        guard index < lexed.tokens.count, lexed.tokens[index].kind == .identifier else { return false }
        return HandlerFinder.nextMethods.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
    }

    /// The top-level function named as token `name` is (`function handler(…) {`, `const handler = async (…) => {`).
    private func topLevelFunction(named name: Int) -> Int? {
        let wanted = lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end]
        return lexed.blocks.indices.first { index in
            let block = lexed.blocks[index]
            guard block.kind == .function, block.parent == -1, let range = block.nameRange else { return false }
            return lexed.bytes[range].elementsEqual(wanted)
        }
    }
}
