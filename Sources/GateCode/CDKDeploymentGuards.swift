import GateCore

/// AWS CDK stacks in TypeScript as deployment configuration (`DeploymentConfigGuards.swift`): the Lambda functions
/// they define (`new NodejsFunction(this, "Chat", { entry: "src/chat.ts" })`, `new lambda.Function(this, "Chat", {
/// code: lambda.Code.fromAsset("lambda"), handler: "chat.handler" })`, `new PythonFunction(…)`) and the routes that
/// reach them: `addMethod("POST", new LambdaIntegration(fn), { authorizer })` under the RestApi's
/// `defaultMethodOptions`, `httpApi.addRoutes({ integration: new HttpLambdaIntegration("Chat", fn), authorizer })`
/// under the HttpApi's `defaultAuthorizer`, `new HttpRoute(…)`, `new LambdaRestApi(this, "Api", { handler: fn })`,
/// and `fn.addFunctionUrl({ authType })`. A use of the function's integration gate does not read is an open route.
extension CodeIndex {
    /// The functions of the project's CDK stacks (the TypeScript files of the apps `cdk.json` marks), by handler module.
    func cdkFunctions() -> [(String, DeployedFunction)] {
        var result: [(String, DeployedFunction)] = []
        for config in project.paths(named: "cdk.json") where !config.split(separator: "/").contains("node_modules") {
            let app = RepoPath.directory(of: config)
            let prefix = app.isEmpty ? "" : app + "/"
            var read = 0
            for path in project.paths where path.hasPrefix(prefix) && Self.mayBeCDKStack(path) {
                // A bounded number of files: stacks are few, and a tree full of TypeScript is not read whole.
                guard read < 200 else { break }
                read += 1
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.cdkLibrary) else { continue }
                result += CDKStack(lexed: Lexer.lex(bytes, language: .typescript), path: path, app: app).functions()
            }
        }
        return result
    }

    private static let cdkLibrary = Array("aws-cdk".utf8)

    /// A TypeScript file where stacks live (`lib/`, `infra/`, `stacks/`, a `*stack.ts`), not a build output or test.
    private static func mayBeCDKStack(_ path: String) -> Bool {
        guard path.hasSuffix(".ts"), !path.hasSuffix(".d.ts"), !path.hasSuffix(".test.ts") else { return false }
        let segments = path.split(separator: "/")
        if segments.contains(where: { $0 == "node_modules" || $0 == "cdk.out" }) { return false }
        return segments.dropLast().contains { ["lib", "infra", "infrastructure", "cdk", "stacks", "stack", "bin", "constructs"].contains($0) }
            || (segments.last?.lowercased().contains("stack") ?? false)
    }
}

/// One CDK stack file, read by its tokens.
struct CDKStack {
    let lexed: LexedSource
    let path: String
    /// The CDK app's directory (`cdk.json`'s), which relative asset paths start from.
    let app: String

    func functions() -> [(String, DeployedFunction)] {
        var result: [(String, DeployedFunction)] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "new") {
            guard let (construct, open) = constructCall(at: index),
                  ["NodejsFunction", "Function", "PythonFunction"].contains(construct),
                  let props = objectArgument(open)
            else { continue }
            let entries = objectEntries(props)
            var modules: [String] = []
            var export = ""
            switch construct {
            case "NodejsFunction":
                guard let entry = entries["entry"].flatMap({ $0 }).flatMap(assetPath) else { continue }
                modules = [Self.withoutExtension(entry)]
                export = entries["handler"].flatMap({ $0 }).flatMap(stringValue) ?? "handler"
                if export.contains(".") { export = String(export.split(separator: ".").last ?? "handler") }
            case "PythonFunction":
                guard let entry = entries["entry"].flatMap({ $0 }).flatMap(assetPath) else { continue }
                let index = entries["index"].flatMap({ $0 }).flatMap(stringValue) ?? "index.py"
                modules = [Self.withoutExtension(RepoPath.join(entry, index))]
                export = entries["handler"].flatMap({ $0 }).flatMap(stringValue) ?? "handler"
            default:
                guard let code = entries["code"].flatMap({ $0 }), let handler = entries["handler"].flatMap({ $0 }).flatMap(stringValue),
                      let fromAsset = code.first(where: { lexed.token($0, is: "fromAsset") }),
                      lexed.token(fromAsset + 1, isPunctuation: Byte.openParen), lexed.partner[fromAsset + 1] > fromAsset + 1,
                      let directory = assetPath(fromAsset + 1...lexed.partner[fromAsset + 1]),
                      let (found, name) = CodeIndex.handlerModules(handler, in: directory)
                else { continue }
                modules = found
                export = name
            }
            let variable = assignedName(before: index)
            let routes = variable.map(routes(of:)) ?? []
            let id = (open + 1..<lexed.partner[open]).first { lexed.tokens[$0].kind == .string }.map { lexed.text($0) } ?? construct
            let function = DeployedFunction(location: "\(path) (\(id))", export: export, routes: routes)
            for module in modules { result.append((module, function)) }
        }
        return result
    }

    // MARK: Routes

    /// How requests reach the function held in `variable`: each integration of it, where it is used, and its URL.
    private func routes(of variable: String) -> [DeployedRoute] {
        var routes: [DeployedRoute] = []
        for index in lexed.tokens.indices where isIdentifier(index, variable) && !lexed.token(index - 1, isPunctuation: Byte.dot) {
            // `fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })`.
            if lexed.token(index + 1, isPunctuation: Byte.dot), lexed.token(index + 2, is: "addFunctionUrl"),
               lexed.token(index + 3, isPunctuation: Byte.openParen)
            {
                let call = (index + 3)...max(index + 3, lexed.partner[index + 3])
                let iam = call.contains { lexed.token($0, is: "AWS_IAM") }
                routes.append(DeployedRoute(authentication: iam ? "AWS_IAM function URL" : nil, throttling: nil))
                continue
            }
            // Inside `new LambdaIntegration(fn)` / `new HttpLambdaIntegration("Chat", fn)` / `LambdaRestApi({ handler: fn })`.
            guard let call = enclosingCall(of: index) else { continue }
            switch call.callee {
            case "LambdaIntegration", "HttpLambdaIntegration", "HttpAlbIntegration":
                routes += integrationRoutes(newExpressionStart(callee: call.start)...lexed.partner[call.open])
            case "LambdaRestApi":
                guard lexed.token(index - 1, isPunctuation: Byte.colon), lexed.token(index - 2, is: "handler"),
                      let props = objectArgument(call.open)
                else { continue }
                routes.append(restDefault(props, own: nil))
            default:
                continue
            }
        }
        return routes
    }

    /// The routes an integration expression (`new LambdaIntegration(fn)`) serves: where it is used, or where the
    /// name it is assigned to is.
    private func integrationRoutes(_ expression: ClosedRange<Int>) -> [DeployedRoute] {
        var uses = [expression.lowerBound]
        if let name = assignedName(before: expression.lowerBound) {
            uses = lexed.tokens.indices.filter { isIdentifier($0, name) && !lexed.token($0 + 1, isPunctuation: Byte.equals) && !lexed.token($0 - 1, isPunctuation: Byte.dot) }
        }
        return uses.map { use in
            guard let call = enclosingCall(of: use) else { return DeployedRoute(authentication: nil, throttling: nil) }
            switch call.callee {
            case "addMethod":
                // `resource.addMethod("POST", integration, { authorizer, authorizationType })`.
                let options = argumentObjects(call.open).first
                return restDefault(apiObject(receiverOf: call.start), own: options.map(objectEntries))
            case "addRoutes", "HttpRoute":
                // `httpApi.addRoutes({ path, methods, integration, authorizer })`: the object holding the integration.
                let object = innermostObject(holding: use)
                if let object, let authorizer = objectEntries(object)["authorizer"], !isNone(authorizer) {
                    return DeployedRoute(authentication: "authorizer", throttling: nil)
                }
                let api = call.callee == "addRoutes" ? apiObject(receiverOf: call.start)
                    : object.flatMap { objectEntries($0)["httpApi"].flatMap { $0 } }.flatMap { range in
                        lexed.tokens[range.lowerBound].kind == .identifier ? constructObject(assignedTo: lexed.text(range.lowerBound)) : nil
                    }
                if let api, let authorizer = objectEntries(api)["defaultAuthorizer"], !isNone(authorizer) {
                    return DeployedRoute(authentication: "HttpApi defaultAuthorizer", throttling: nil)
                }
                return DeployedRoute(authentication: nil, throttling: nil)
            default:
                return DeployedRoute(authentication: nil, throttling: nil)
            }
        }
    }

    /// A REST method's guards: its own options (`authorizer`, `authorizationType`, `apiKeyRequired`), else the
    /// API's `defaultMethodOptions`; the API's `deployOptions` throttling.
    private func restDefault(_ api: ClosedRange<Int>?, own: [String: ClosedRange<Int>?]?) -> DeployedRoute {
        let apiEntries = api.map(objectEntries) ?? [:]
        let defaults = apiEntries["defaultMethodOptions"].flatMap { $0 }.flatMap { range in
            lexed.token(range.lowerBound, isPunctuation: Byte.openBrace) ? objectEntries(range.lowerBound...lexed.partner[range.lowerBound]) : nil
        }
        func authentication(_ entries: [String: ClosedRange<Int>?]) -> String?? {
            if let type = entries["authorizationType"].flatMap({ $0 }) {
                return .some(type.contains { lexed.token($0, is: "NONE") } ? nil : "authorizationType")
            }
            if let authorizer = entries["authorizer"], !isNone(authorizer) { return .some("authorizer") }
            if let key = entries["apiKeyRequired"].flatMap({ $0 }), key.contains(where: { lexed.token($0, is: "true") }) {
                return .some("API key (apiKeyRequired)")
            }
            return .none
        }
        let resolved: String? = own.flatMap(authentication) ?? defaults.flatMap(authentication) ?? nil
        let throttled = apiEntries["deployOptions"].flatMap { $0 }.map { range in range.contains { lexed.token($0, is: "throttlingRateLimit") } } ?? false
        return DeployedRoute(authentication: resolved, throttling: throttled ? "API Gateway throttling (deployOptions)" : nil)
    }

    /// The options object of the API construct a chain starts from: `api` of `api.root.addResource("chat").addMethod`,
    /// following resource variables (`const chat = api.root.addResource("chat")`) back to `new RestApi(…)`.
    private func apiObject(receiverOf callee: Int) -> ClosedRange<Int>? {
        var start = callee
        var depth = 0
        while depth < 8 {
            depth += 1
            // Back over `.name` and `.name(…)` links to the chain's first name.
            while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) {
                if lexed.tokens[start - 2].kind == .identifier {
                    start -= 2
                } else if lexed.token(start - 2, isPunctuation: Byte.closeParen), lexed.partner[start - 2] >= 1 {
                    start = lexed.partner[start - 2] - 1
                } else {
                    break
                }
            }
            guard lexed.tokens[start].kind == .identifier else { return nil }
            var name = lexed.text(start)
            if name == "this", lexed.token(start + 1, isPunctuation: Byte.dot) { name = lexed.text(start + 2) }
            if let object = constructObject(assignedTo: name) { return object }
            guard let assignment = assignment(of: name) else { return nil }
            // `const chat = api.root.addResource("chat")`: the chain's end, then on back.
            var end = assignment
            while end + 1 < lexed.tokens.count, !lexed.token(end + 1, isPunctuation: Byte.semicolon), !lexed.tokens[end + 1].firstOnLine || lexed.token(end + 1, isPunctuation: Byte.dot) {
                end = lexed.tokens[end + 1].kind == .punctuation && lexed.partner[end + 1] > end + 1 ? lexed.partner[end + 1] : end + 1
            }
            guard let last = (assignment...end).last(where: { lexed.tokens[$0].kind == .identifier && lexed.token($0 - 1, isPunctuation: Byte.dot) })
            else { return nil }
            start = last
        }
        return nil
    }

    /// The options object of `new X(this, "Id", { … })` assigned to `name` (`const api = new RestApi(…)`,
    /// `this.api = new HttpApi(…)`).
    private func constructObject(assignedTo name: String) -> ClosedRange<Int>? {
        for index in lexed.tokens.indices where isIdentifier(index, name) && lexed.token(index + 1, isPunctuation: Byte.equals)
            && lexed.token(index + 2, is: "new")
        {
            if let (construct, open) = constructCall(at: index + 2), construct.hasSuffix("Api"), let object = objectArgument(open) {
                return object
            }
        }
        return nil
    }

    /// The first token of the value assigned to `name` (`const name = …`, `this.name = …`).
    private func assignment(of name: String) -> Int? {
        lexed.tokens.indices.first { isIdentifier($0, name) && lexed.token($0 + 1, isPunctuation: Byte.equals) && !lexed.token($0 + 2, isPunctuation: Byte.equals) }
            .map { $0 + 2 }
    }

    // MARK: Tokens

    /// `new lambda.Function(` at `index`: the construct's last name and its `(`.
    private func constructCall(at index: Int) -> (String, Int)? {
        var cursor = index + 1
        guard cursor < lexed.tokens.count, lexed.tokens[cursor].kind == .identifier else { return nil }
        while lexed.token(cursor + 1, isPunctuation: Byte.dot), cursor + 2 < lexed.tokens.count, lexed.tokens[cursor + 2].kind == .identifier {
            cursor += 2
        }
        guard lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 1 else { return nil }
        return (lexed.text(cursor), cursor + 1)
    }

    /// The `new` of `new apigw.LambdaIntegration(…)`, given its last name (or that name when there is no `new`).
    private func newExpressionStart(callee: Int) -> Int {
        let start = lexed.dottedNameStart(endingAt: callee)
        return lexed.token(start - 1, is: "new") ? start - 1 : start
    }

    /// The innermost call whose arguments hold token `index`: its callee's name, first token and `(`.
    private func enclosingCall(of index: Int) -> (callee: String, start: Int, open: Int)? {
        var open = index - 1
        while open >= 1 {
            if lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] >= index,
               lexed.tokens[open - 1].kind == .identifier
            {
                return (lexed.text(open - 1), open - 1, open)
            }
            open -= 1
        }
        return nil
    }

    /// The object literals among a call's top-level arguments (`(this, "Id", { … })`), in order.
    private func argumentObjects(_ open: Int) -> [ClosedRange<Int>] {
        let close = lexed.partner[open]
        guard close > open + 1 else { return [] }
        var result: [ClosedRange<Int>] = []
        var index = open + 1
        while index < close {
            if lexed.token(index, isPunctuation: Byte.openBrace), lexed.partner[index] > index {
                if lexed.token(index - 1, isPunctuation: Byte.comma) || index == open + 1 { result.append(index...lexed.partner[index]) }
                index = lexed.partner[index] + 1
                continue
            }
            if lexed.tokens[index].kind == .punctuation, lexed.partner[index] > index { index = lexed.partner[index] }
            index += 1
        }
        return result
    }

    private func objectArgument(_ open: Int) -> ClosedRange<Int>? { argumentObjects(open).last }

    /// The innermost object literal holding token `index`.
    private func innermostObject(holding index: Int) -> ClosedRange<Int>? {
        var open = index - 1
        while open >= 0 {
            if lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > index { return open...lexed.partner[open] }
            open -= 1
        }
        return nil
    }

    /// An object literal's top-level keys and their values' tokens (nil for a shorthand `{ authorizer }`).
    private func objectEntries(_ object: ClosedRange<Int>) -> [String: ClosedRange<Int>?] {
        var result: [String: ClosedRange<Int>?] = [:]
        var index = object.lowerBound + 1
        var expectingKey = true
        while index < object.upperBound {
            let token = lexed.tokens[index]
            if expectingKey, token.kind == .identifier || token.kind == .string {
                let key = lexed.text(index)
                if lexed.token(index + 1, isPunctuation: Byte.colon) {
                    // The value runs to the next top-level `,` or the object's end.
                    var end = index + 2
                    while end < object.upperBound, !lexed.token(end, isPunctuation: Byte.comma) {
                        end = lexed.tokens[end].kind == .punctuation && lexed.partner[end] > end ? lexed.partner[end] + 1 : end + 1
                    }
                    result[key] = .some(end - 1 >= index + 2 ? (index + 2)...(end - 1) : nil)
                    index = end + 1
                    continue
                }
                if lexed.token(index + 1, isPunctuation: Byte.comma) || index + 1 == object.upperBound {
                    result[key] = .some(nil)
                    index += 2
                    continue
                }
            }
            expectingKey = false
            // Something else (a spread, a method): skipped to the next top-level comma.
            if token.kind == .punctuation, lexed.partner[index] > index { index = lexed.partner[index] }
            if lexed.token(index, isPunctuation: Byte.comma) { expectingKey = true }
            index += 1
        }
        return result
    }

    /// Whether a value is absent in effect: `undefined`, `null`, `AuthorizationType.NONE`, `new HttpNoneAuthorizer()`.
    private func isNone(_ value: ClosedRange<Int>?) -> Bool {
        guard let value else { return false }
        return value.contains { lexed.token($0, is: "undefined") || lexed.token($0, is: "null") || lexed.token($0, is: "NONE")
            || lexed.token($0, is: "HttpNoneAuthorizer") }
    }

    /// A string literal value's text.
    private func stringValue(_ value: ClosedRange<Int>) -> String? {
        value.count == 1 && lexed.tokens[value.lowerBound].kind == .string ? lexed.text(value.lowerBound) : nil
    }

    /// The tree path an asset expression names: a string (relative to the CDK app), or `path.join(__dirname, "..",
    /// "src", "chat.ts")` and its kind (relative to this file). Nil for what is computed otherwise.
    private func assetPath(_ value: ClosedRange<Int>) -> String? {
        let strings = value.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
        guard !strings.isEmpty, !value.contains(where: { lexed.tokens[$0].kind == .identifier && !["path", "join", "resolve", "__dirname", "process", "cwd"].contains(lexed.text($0)) })
        else { return nil }
        let base = value.contains { lexed.token($0, is: "__dirname") } ? RepoPath.directory(of: path) : app
        let joined = strings.joined(separator: "/")
        return RepoPath.normalize(RepoPath.join(base, joined))
    }

    static func withoutExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot > name.startIndex else { return path }
        return String(path.dropLast(name.distance(from: dot, to: name.endIndex)))
    }

    /// The name a `new …` at `index` is assigned to: `const chatFn = new …`, `this.chatFn = new …`.
    private func assignedName(before index: Int) -> String? {
        guard lexed.token(index - 1, isPunctuation: Byte.equals), index >= 2, lexed.tokens[index - 2].kind == .identifier else { return nil }
        return lexed.text(index - 2)
    }

    private func isIdentifier(_ index: Int, _ name: String) -> Bool {
        index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier
            && lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(name.utf8)
    }
}
