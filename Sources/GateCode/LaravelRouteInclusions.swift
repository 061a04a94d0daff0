import Foundation
import GateCore

/// Laravel route files that take in other route files inside a route group: `Route::middleware(['auth', 'verified'])
/// ->group(function () { require __DIR__.'/ai.php'; })` in routes/web.php, or `Route::middleware('auth')
/// ->group(base_path('routes/ai.php'))`. The routes of the file taken in run with the group's middleware, and with
/// whatever middleware the file taking them in runs with (the `web` group's, for routes/web.php).
extension CodeIndex {
    /// A route file another route file takes in, and the middleware it is taken in with.
    struct RouteInclusion: Sendable {
        /// The file taken in, relative to the app's routes/ directory (`ai.php`, `api/v1.php`).
        var file: String
        /// The file taking it in, relative to routes/.
        var includer: String
        /// The middleware names given as strings by the groups around it (`'auth'`, `'api'`).
        var middleware: [String]
        /// A guard among them, named with where the file is taken in.
        var guardText: String?
    }

    /// The route files the route files of the Laravel application at `root` take in, read once.
    func laravelRouteInclusions(root: String) -> [RouteInclusion] {
        project.configuration("laravel-route-inclusions:" + root) { () -> [RouteInclusion] in
            let directory = root + "routes"
            var result: [RouteInclusion] = []
            for path in project.paths(under: directory) where path.hasSuffix(".php") {
                guard let bytes = project.contents(of: path), BytePatterns(["require", "include", "routes/"]).matches(bytes)
                else { continue }
                let includer = String(path.dropFirst(directory.count + 1))
                let lexed = Lexer.lex(bytes, language: .php)
                for index in lexed.tokens.indices where lexed.tokens[index].kind == .string {
                    guard let file = Self.includedRouteFile(at: index, includer: includer, in: lexed) else { continue }
                    // The links of the statement naming the file (`->group(base_path(…))`), and the headers of the
                    // groups whose closures hold it (`Route::middleware(…)->group(function () {`).
                    var headers = Self.middlewareCalls(endingAt: index, in: lexed)
                    var block = lexed.tokens[index].block
                    while block >= 0 {
                        let open = lexed.blocks[block].openToken
                        headers += Self.middlewareCalls(endingAt: open, in: lexed)
                        // The array form: `Route::group(['middleware' => 'auth'], function () {`.
                        if let start = Self.statementStart(before: open, in: lexed), start < open { headers.append(start...open) }
                        block = lexed.blocks[block].parent
                    }
                    guard !headers.isEmpty else { continue }
                    let middleware = headers.flatMap { range in
                        range.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
                    }
                    let guardText = headers.lazy.compactMap { Self.laravelGuard(in: $0, of: lexed) }.first
                    result.append(RouteInclusion(
                        file: file, includer: includer, middleware: middleware,
                        guardText: guardText.map { "\($0) (\(path) takes in routes/\(file))" }))
                }
            }
            return result
        }
    }

    /// The route file, relative to routes/, that the string at `index` names in a statement taking it in:
    /// `require __DIR__.'/ai.php'` (relative to the file `includer` taking it in), `require base_path('routes/ai.php')`,
    /// `->group(base_path('routes/ai.php'))`; nil for any other string.
    static func includedRouteFile(at index: Int, includer: String, in lexed: LexedSource) -> String? {
        let text = lexed.text(index)
        guard text.hasSuffix(".php"), !text.contains("..") else { return nil }
        if let routes = text.range(of: "routes/", options: .backwards) {
            // `base_path('routes/ai.php')`, taken in or handed to a group.
            guard index >= 2, lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "base_path")
            else { return nil }
            return String(text[routes.upperBound...])
        }
        // `__DIR__.'/ai.php'`, `__DIR__ . '/ai/summaries.php'`.
        guard text.hasPrefix("/"), index >= 2, lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "__DIR__")
        else { return nil }
        let directory = includer.split(separator: "/").dropLast().map { $0 + "/" }.joined()
        return directory + text.dropFirst()
    }

    /// The first token of the statement that ends at token `end` (a group's `{`): past the `;`, `{` or `}` before it,
    /// over bracketed arguments whole.
    static func statementStart(before end: Int, in lexed: LexedSource) -> Int? {
        var index = end - 1
        while index >= 0 {
            if lexed.token(index, isPunctuation: Byte.semicolon) || lexed.token(index, isPunctuation: Byte.openBrace)
                || lexed.token(index, isPunctuation: Byte.closeBrace)
            {
                return index + 1
            }
            if lexed.partner[index] >= 0, lexed.partner[index] < index { index = lexed.partner[index] }
            index -= 1
        }
        return 0
    }
}
