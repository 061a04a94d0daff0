import Foundation
import GateCode
import GateCore

/// Azure Functions' HTTP triggers, and the authorization level each declares: `Anonymous` lets anyone call the
/// function; `Function` and `Admin` (and C#'s `System`) admit only callers sending a function or host key
/// (`x-functions-key`, `?code=`), which the platform checks before the function runs: a guard of its own.
/// - C# (isolated worker and in-process): `[HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ask")]` on
///   the request parameter of a `[Function("Ask")]` (`[FunctionName("Ask")]`) method, read with the annotated
///   methods (`annotatedMethods`). The attribute's level defaults to `Function`.
/// - Node.js v4: `app.http("ask", { methods: ["POST"], authLevel: "anonymous", handler: ask })` (the level defaults
///   to `anonymous`), its handler written inline, a function of the file, or one imported.
/// - Node.js v3: a folder's `function.json` binding an `httpTrigger` to its `index.js` (`"authLevel"` defaults to
///   `function`): its exported function is the handler (`azureFunctionJSONHandlers`).
/// - Python v2: `@app.route(route="ask")` on `app = func.FunctionApp(http_auth_level=…)` (or a `func.Blueprint()`),
///   the decorator's `auth_level=` first, then the app's, whose default is `FUNCTION` (`pythonDecoratedRoutes`).
/// Timer and queue triggers are background work (`JobContext`), not endpoints.
extension HandlerFinder {
    /// The guard an authorization level makes: a function or admin key the platform requires, or nil when the level
    /// lets anyone in (`anonymous`) or is not one gate knows.
    static func azureFunctionKey(level: String) -> String? {
        let lowered = level.lowercased()
        guard ["function", "admin", "system"].contains(lowered) else { return nil }
        return "Azure Functions \(lowered) key (authorization level \(level))"
    }

    // MARK: C#

    /// Whether token `index` is C#'s `HttpTrigger` attribute (`[HttpTrigger(…)]`, on a function's request parameter).
    func isCSharpHTTPTrigger(_ index: Int) -> Bool {
        lexed.language == .csharp && lexed.token(index, is: "HttpTrigger") && lexed.token(index - 1, isPunctuation: Byte.openBracket)
    }

    /// The level a C# `[HttpTrigger(…)]` declares: the `AuthorizationLevel.X` among its arguments, else `Function`
    /// (the attribute's default).
    func csharpHTTPTriggerLevel(_ trigger: Int) -> String {
        guard lexed.token(trigger + 1, isPunctuation: Byte.openParen), lexed.partner[trigger + 1] > trigger + 1 else { return "Function" }
        for index in (trigger + 2)..<lexed.partner[trigger + 1] where lexed.token(index, is: "AuthorizationLevel")
            && lexed.token(index + 1, isPunctuation: Byte.dot) && isName(index + 2)
        {
            return lexed.text(index + 2)
        }
        return "Function"
    }

    /// The name the function is deployed under: the string of `[Function("Ask")]` or `[FunctionName("Ask")]` in the
    /// method's header, if it has one.
    func csharpFunctionName(in header: Range<Int>) -> String? {
        for index in header where (lexed.token(index, is: "Function") || lexed.token(index, is: "FunctionName"))
            && lexed.token(index - 1, isPunctuation: Byte.openBracket) && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && index + 2 < lexed.tokens.count && lexed.tokens[index + 2].kind == .string
        {
            return lexed.text(index + 2)
        }
        return nil
    }

    // MARK: Node.js v4

    /// `app.http("ask", { … })` calls at the top level of a file importing `@azure/functions`, and the method
    /// shortcuts (`app.post("ask", { … })`, `app.get("status", async (request) => …)`): one endpoint each, named by
    /// the function's name, its line the call's.
    func azureNodeHTTPFunctions() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.tokens[index].kind == .identifier {
            guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "app"),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  lexed.token(index, is: "http") || HandlerFinder.azureHTTPShortcuts.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
            else { continue }
            let close = lexed.partner[index + 1]
            let call = (index - 2)...close
            // `("ask", …)`: what follows the name, at the call's own depth.
            guard let second = ((index + 2)..<close).first(where: {
                lexed.token($0 - 1, isPunctuation: Byte.comma) && lexed.tokens[$0].block == lexed.tokens[index + 2].block
            }) else { continue }
            let name = lexed.tokens[index + 2].kind == .string ? lexed.text(index + 2) : lexed.text(index)
            let label = "app.\(lexed.text(index)) \(name) in \(path)"
            // The options object, or (a shortcut's) the handler itself.
            let members = lexed.token(second, isPunctuation: Byte.openBrace) ? objectLiteralMembers(openingAt: second) : []
            let range: ClosedRange<Int>
            let value: Int
            if lexed.token(second, isPunctuation: Byte.openBrace) {
                guard let member = members.first(where: { lexed.token($0.key, is: "handler") }) else { continue }
                (range, value) = (member.member, member.value)
            } else {
                (range, value) = (second...(close - 1), second)
            }
            var handler: HTTPHandler
            if value == range.upperBound, isName(value) {
                // `handler: ask`, shorthand `handler,`, or `app.get("x", ask)`: a function of the file, or one imported.
                // A function of the file keeps its own statement (its lines are the handler's); the finding names
                // the registration's line when the change adds it.
                handler = namedFunctionHandler(value, label: label, reference: call)
                    ?? HTTPHandler(name: label, statement: call, body: range, guardRanges: [range], functionsElsewhere: [value])
                handler.anchor = index - 2
            } else {
                handler = HTTPHandler(name: label, statement: call, body: range, guardRanges: [range])
            }
            // The level the options set: a literal `authLevel: "function"`; none is `anonymous`.
            if let level = members.first(where: { lexed.token($0.key, is: "authLevel") }), level.value != level.key,
               lexed.tokens[level.value].kind == .string
            {
                handler.declaredGuard = HandlerFinder.azureFunctionKey(level: lexed.text(level.value))
            }
            result.append(handler)
        }
        return result
    }

    /// The v4 model's HTTP registrations by method (`app.deleteRequest`: `delete` is a keyword).
    static let azureHTTPShortcuts = WordSet(["get", "post", "put", "patch", "deleteRequest"])

    // MARK: Node.js v3

    /// The `function.json` binding the JavaScript or TypeScript file at `path`: in the file's folder, naming it as
    /// its `scriptFile` (by file name: a TypeScript source's is its compiled `../dist/Ask/index.js`) or, naming
    /// none, when the file is the folder's `index`.
    static func azureFunctionJSON(for path: String, project: Project) -> [UInt8]? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        let folder = path[..<slash]
        let wanted = String(folder) + "/function.json"
        guard project.paths(named: "function.json").contains(wanted), let bytes = project.contents(of: wanted),
              let binding = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return nil }
        let stem = path[path.index(after: slash)...].split(separator: ".").first.map(String.init) ?? ""
        if let script = binding["scriptFile"] as? String {
            let scriptStem = script.split(separator: "/").last?.split(separator: ".").first.map(String.init)
            return scriptStem == stem ? bytes : nil
        }
        return stem == "index" ? bytes : nil
    }

    /// The exported function of a file its folder's `function.json` binds to an HTTP trigger (`"type":
    /// "httpTrigger"`), guarded by the key its `"authLevel"` requires (`function` when it names none).
    func azureFunctionJSONHandlers(_ json: [UInt8]) -> [HTTPHandler] {
        guard let binding = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
              let bindings = binding["bindings"] as? [[String: Any]],
              let trigger = bindings.first(where: { ($0["type"] as? String)?.lowercased() == "httptrigger" })
        else { return [] }
        let folder = path.split(separator: "/").dropLast().last.map(String.init) ?? path
        guard var handler = defaultExportHandler(label: "Azure Functions \(folder) (httpTrigger) in \(path)", acceptsCallee: { _ in false })
        else { return [] }
        handler.declaredGuard = HandlerFinder.azureFunctionKey(level: trigger["authLevel"] as? String ?? "function")
        return [handler]
    }

    // MARK: Python v2

    /// The apps and blueprints of an Azure Functions Python file (`app = func.FunctionApp(http_auth_level=…)`,
    /// `bp = func.Blueprint()`), each with the level its HTTP routes get when they set none: the app's
    /// `http_auth_level`, else `FUNCTION`.
    func azurePythonApps() -> [String: String] {
        guard lexed.language == .python, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.azureFunctionsModule) else { return [:] }
        var result: [String: String] = [:]
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1
            && (lexed.token(index, is: "FunctionApp") || lexed.token(index, is: "Blueprint"))
        {
            // Flask's `Blueprint("ai", __name__)` is named first; Azure's takes no name.
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  lexed.tokens[index + 2].kind != .string, !lexed.token(index - 2, is: "flask")
            else { continue }
            var start = index
            if lexed.token(index - 1, isPunctuation: Byte.dot), isName(index - 2) { start = index - 2 }
            guard lexed.token(start - 1, isPunctuation: Byte.equals), isName(start - 2) else { continue }
            result[lexed.text(start - 2)] = pythonAuthLevel(in: (index + 2)..<lexed.partner[index + 1], keyword: "http_auth_level") ?? "FUNCTION"
        }
        return result
    }

    /// The level a keyword argument among `arguments` sets: `func.AuthLevel.ANONYMOUS`, `AuthLevel.FUNCTION` or a
    /// string (`"anonymous"`).
    func pythonAuthLevel(in arguments: Range<Int>, keyword: StaticString) -> String? {
        for index in arguments where lexed.token(index, is: keyword) && lexed.token(index + 1, isPunctuation: Byte.equals) {
            if index + 2 < lexed.tokens.count, lexed.tokens[index + 2].kind == .string { return lexed.text(index + 2) }
            var cursor = index + 2
            while isName(cursor), lexed.token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
            return isName(cursor) ? lexed.text(cursor) : nil
        }
        return nil
    }

    /// The path an Azure Functions Python route serves under `/api/` (`route="ask"`), if it names one.
    func azurePythonRoutePath(in arguments: Range<Int>) -> String? {
        arguments.first { lexed.token($0, is: "route") && lexed.token($0 + 1, isPunctuation: Byte.equals) && $0 + 2 < lexed.tokens.count
            && lexed.tokens[$0 + 2].kind == .string }.map { lexed.text($0 + 2) }
    }

    static let azureFunctionsModule = Array("azure.functions".utf8)

    /// Whether token `index` is an identifier.
    private func isName(_ index: Int) -> Bool {
        index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier
    }
}
