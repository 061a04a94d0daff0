import Foundation
import GateCore
import Yams

/// Guards that serverless deployment configuration puts in front of a Lambda function, outside its code: an API
/// Gateway authorizer, IAM authorization, a required API key, or throttling, as the Serverless Framework's
/// `serverless.yml` and AWS SAM's `template.yaml` declare them for the function whose handler file they name.
public struct DeployedFunction: Sendable, Equatable {
    /// Where it is declared: `serverless.yml (functions.chat)`.
    public var location: String
    /// The handler's export (`handler` of `src/handlers/chat.handler`).
    public var export: String
    /// How requests reach it over HTTP: one entry per API Gateway event, load-balancer rule or function URL.
    public var routes: [DeployedRoute]
    /// What runs it with no request: a schedule or a queue, stream or bus event (`schedule: rate(5 minutes)`, SAM's
    /// `Type: Schedule`), as its configuration names them.
    public var triggers: [String] = []
}

/// One way requests reach a function over HTTP, and what stands in front of it there.
public struct DeployedRoute: Sendable, Equatable {
    /// The authentication the route requires (`authorizer cognitoAuth`, `AWS_IAM`, `API key`), or nil.
    public var authentication: String?
    /// The throttling that limits the route's request rate, or nil.
    public var throttling: String?
}

extension CodeIndex {
    /// The guard the deployment configuration puts in front of a handler of `path`: its file, and the export it
    /// is (`handler`; nil when the handler is no export of its own, as a route of an app the export serves). The
    /// configuration guards only the functions whose handler is this file and, given `export`, that export:
    /// each of their HTTP routes must be authenticated or throttled, as one open route reaches the function.
    /// Throttling on every route is answered as a rate limit ("… throttling"), else authentication. Nil when no
    /// configuration names the file, or a route of it is open.
    public func deploymentConfigGuard(forHandlerFile path: String, export: String?) -> String? {
        let functions = deployedFunctions(forHandlerFile: path)
        guard !functions.isEmpty else { return nil }
        // An export no function of the configuration names is not deployed by it: judged by its code alone.
        let deployed = export.map { export in functions.filter { $0.export == export } } ?? functions
        let routes = deployed.flatMap { function in function.routes.map { (function, $0) } }
        guard !routes.isEmpty, routes.allSatisfy({ $0.1.authentication != nil || $0.1.throttling != nil }) else { return nil }
        if let (function, route) = routes.first, routes.allSatisfy({ $0.1.throttling != nil }) {
            return "\(function.location): \(route.throttling ?? "throttling")"
        }
        let (function, route) = routes.first { $0.1.authentication != nil } ?? routes[0]
        return "\(function.location): \(route.authentication ?? "API Gateway")"
    }

    /// The trigger that runs a handler of `path` unattended, when every function the deployment configuration declares
    /// with it is run so and none also answers requests (`serverless.yml (functions.digest): schedule`); else nil.
    public func deploymentBackgroundTrigger(forHandlerFile path: String) -> String? {
        let functions = deployedFunctions(forHandlerFile: path)
        guard let first = functions.first, let trigger = first.triggers.first,
              functions.allSatisfy({ !$0.triggers.isEmpty && $0.routes.isEmpty })
        else { return nil }
        return "\(first.location): \(trigger)"
    }

    /// Serverless Framework events that run a function with no request: schedules, queues, streams, buses, storage.
    private static let serverlessBackgroundEvents: Set<String> = [
        "schedule", "sqs", "sns", "stream", "eventBridge", "s3", "cloudwatchEvent", "cloudwatchLog", "kafka", "msk",
        "activemq", "rabbitmq", "iot", "cognitoUserPool",
    ]

    /// SAM event types that run a function with no request.
    private static let samBackgroundEvents: Set<String> = [
        "Schedule", "ScheduleV2", "SQS", "SNS", "EventBridgeRule", "CloudWatchEvent", "Kinesis", "DynamoDB", "S3", "MQ",
        "MSK", "SelfManagedKafka", "CloudWatchLogs", "IoTRule",
    ]

    /// The functions the project's deployment configuration declares with `path` as their handler file.
    public func deployedFunctions(forHandlerFile path: String) -> [DeployedFunction] {
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { path.utf8.index(after: $0) } ?? path.startIndex
        guard let dot = path[name...].lastIndex(of: ".") else { return [] }
        let byModule = deployedFunctionsByModule()
        guard !byModule.isEmpty else { return [] }
        return byModule[String(path[..<dot])] ?? []
    }

    /// Every function of the project's `serverless.yml` files, SAM templates and CDK stacks, by its handler file's path
    /// without extension (`src/handlers/chat`), read once per check.
    func deployedFunctionsByModule() -> [String: [DeployedFunction]] {
        project.configuration("deployment-config-functions") { () -> [String: [DeployedFunction]] in
            var result: [String: [DeployedFunction]] = [:]
            for name in Self.serverlessConfigNames {
                for path in project.paths(named: name) where !Self.isBuildOutput(path) {
                    guard let bytes = project.contents(of: path) else { continue }
                    for (module, function) in Self.serverlessFunctions(bytes, file: path, read: project.contents(of:)) { result[module, default: []].append(function) }
                }
            }
            for name in Self.samTemplateNames {
                for path in project.paths(named: name) where !Self.isBuildOutput(path) {
                    guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.serverlessFunctionType)
                    else { continue }
                    for (module, function) in Self.samFunctions(bytes, file: path) { result[module, default: []].append(function) }
                }
            }
            for (module, function) in cdkFunctions() { result[module, default: []].append(function) }
            return result
        }
    }

    public static let serverlessConfigNames = ["serverless.yml", "serverless.yaml"]
    static let samTemplateNames = ["template.yaml", "template.yml", "template.json", "sam.yaml", "sam.yml"]
    private static let serverlessFunctionType = Array("aws::serverless::function".utf8)

    /// Copies the tools write while building (`.serverless/`, `.aws-sam/build/`, `node_modules`), not the project's own.
    private static func isBuildOutput(_ path: String) -> Bool {
        path.split(separator: "/").contains { $0 == ".aws-sam" || $0 == ".serverless" || $0 == "node_modules" || $0 == "cdk.out" }
    }

    /// The root mapping of a YAML (or JSON) text; nil when it does not parse, which guards nothing.
    private static func root(_ bytes: [UInt8]) -> Node? {
        // `.basic` leaves plain scalars untyped (no regular expressions run); values are read as text.
        guard let node = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self), .basic), node.mapping != nil
        else { return nil }
        return node
    }

    // MARK: Serverless Framework

    /// The functions of a `serverless.yml`, each under its handler module: `handler: src/handlers/chat.handler`
    /// names `src/handlers/chat.*` (relative to the file's directory) and its export `handler`.
    /// `read` gives the files `${file(…)}` includes name.
    public static func serverlessFunctions(_ bytes: [UInt8], file: String, read: (String) -> [UInt8]? = { _ in nil }) -> [(String, DeployedFunction)] {
        guard let root = root(bytes) else { return [] }
        let directory = RepoPath.directory(of: file)
        // Throttling for every REST route: the serverless-api-gateway-throttling plugin's settings.
        let stageThrottle = root.value("custom", "apiGatewayThrottling").flatMap { settings in
            settings.value("maxRequestsPerSecond").map { _ in "API Gateway throttling (custom.apiGatewayThrottling)" }
        }
        // A usage plan's throttle limits the requests made with its API keys: the routes that require one.
        let usagePlanThrottle = root.value("provider", "apiGateway", "usagePlan").flatMap { plan -> String? in
            let plans = plan.sequence.map(Array.init) ?? [plan]
            let throttled = plans.contains { item in
                item.containsKey("throttle") || item.mapping?.contains { $0.value.value("throttle") != nil } == true
            }
            return throttled ? "usage plan throttling (provider.apiGateway.usagePlan)" : nil
        }
        // `functions:` is a map, or a list of maps.
        var entries: [(String, Node)] = []
        if let functions = root.value("functions") {
            // `functions: ${file(./functions.yml)}`, or list items so included: the included file's mappings.
            func included(_ node: Node) -> [Node] {
                guard let text = node.scalar?.string, let (path, key) = fileVariable(text, in: directory),
                      let bytes = read(path), let included = Self.root(bytes)
                else { return [node] }
                return [key.map { included.value($0) } ?? included].compactMap { $0 }
            }
            for item in (functions.sequence.map(Array.init) ?? [functions]).flatMap(included) {
                guard let mapping = item.mapping else { continue }
                for (key, value) in mapping { if let name = key.scalar?.string { entries.append((name, value)) } }
            }
        }
        var result: [(String, DeployedFunction)] = []
        for (name, function) in entries {
            guard let handler = function.value("handler")?.scalar?.string, let (modules, export) = handlerModules(handler, in: directory)
            else { continue }
            var routes: [DeployedRoute] = []
            var triggers: [String] = []
            for event in function.value("events")?.sequence.map(Array.init) ?? [] {
                if let kind = event.mapping?.keys.lazy.compactMap({ $0.scalar?.string }).first(where: Self.serverlessBackgroundEvents.contains) {
                    let schedule = event.value(kind)?.scalar?.string ?? event.value(kind, "rate")?.scalar?.string
                    triggers.append(schedule.map { "\(kind) \($0)" } ?? kind)
                } else if let http = event.value("http") {
                    // `private: true` requires an API key; a REST authorizer is a name, an ARN, or a map.
                    var authentication = authorizer(http.value("authorizer"))
                    if authentication == nil, http.value("private")?.scalar.map({ isTrue($0.string) }) == true {
                        authentication = "API key (private: true)"
                    }
                    var throttling = http.value("throttling").flatMap { $0.containsKey("maxRequestsPerSecond") ? "API Gateway throttling (throttling)" : nil }
                        ?? stageThrottle
                    if throttling == nil, authentication?.hasPrefix("API key") == true { throttling = usagePlanThrottle }
                    routes.append(DeployedRoute(authentication: authentication, throttling: throttling))
                } else if let httpApi = event.value("httpApi") {
                    routes.append(DeployedRoute(authentication: authorizer(httpApi.value("authorizer")), throttling: nil))
                } else if let alb = event.value("alb") {
                    routes.append(DeployedRoute(authentication: authorizer(alb.value("authorizer")), throttling: nil))
                }
            }
            // A function URL: `url: true`, or `url: { authorizer: aws_iam }`.
            if let url = function.value("url") {
                if let flag = url.scalar?.string {
                    if isTrue(flag) { routes.append(DeployedRoute(authentication: nil, throttling: nil)) }
                } else {
                    routes.append(DeployedRoute(authentication: authorizer(url.value("authorizer")), throttling: nil))
                }
            }
            let deployed = DeployedFunction(location: "\(file) (functions.\(name))", export: export, routes: routes, triggers: triggers)
            for module in modules { result.append((module, deployed)) }
        }
        return result
    }

    /// The file and top-level key of a Serverless `${file(./functions.yml)}` or `${file(./sls/functions.yml):functions}`
    /// variable, the file relative to the configuration's directory.
    public static func fileVariable(_ text: String, in directory: String) -> (String, String?)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("${file("), trimmed.hasSuffix("}"), let close = trimmed.firstIndex(of: ")") else { return nil }
        let path = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 7)..<close].trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
        var rest = trimmed[trimmed.index(after: close)...].dropLast()
        var key: String?
        if rest.hasPrefix(":") {
            rest = rest.dropFirst()
            // Only a plain key: a fallback (`, …`) or a nested variable is not followed.
            guard !rest.isEmpty, !rest.contains(where: { $0 == "," || $0 == "$" || $0 == "." }) else { return nil }
            key = String(rest)
        }
        guard !path.isEmpty, !path.contains("$"), let resolved = RepoPath.normalize(RepoPath.join(directory, path)) else { return nil }
        return (resolved, key)
    }

    /// What an `authorizer:` value requires, or nil when it is absent or opts out: a name (`cognitoAuth`), an ARN,
    /// `aws_iam`, or a map naming one (`{ name: …, type: COGNITO_USER_POOLS }`, `{ id: … }`, `{ type: aws_iam }`).
    private static func authorizer(_ node: Node?) -> String? {
        guard let node else { return nil }
        if let text = node.scalar?.string {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !["none", "false", "null", "~"].contains(trimmed.lowercased()) else { return nil }
            return "authorizer \(trimmed)"
        }
        if let entries = node.mapping {
            for key in ["name", "arn", "id", "authorizerId", "type"] {
                if let value = node.value(key)?.scalar?.string, !value.isEmpty, value.lowercased() != "none" {
                    return "authorizer \(value)"
                }
            }
            return entries.isEmpty ? nil : "authorizer"
        }
        // A list (an ALB's authorizers).
        return node.sequence.map { $0.isEmpty ? nil : "authorizer" } ?? nil
    }

    private static func isTrue(_ text: String) -> Bool { ["true", "yes", "on"].contains(text.lowercased()) }

    /// The modules a handler string may name, relative to `directory`, and its export: `src/chat.handler` →
    /// `src/chat`, `handler`; a Python dotted module (`api.chat.lambda_handler`) also as `api/chat`.
    public static func handlerModules(_ handler: String, in directory: String) -> ([String], String)? {
        guard let dot = handler.lastIndex(of: "."), dot > handler.startIndex else { return nil }
        let export = String(handler[handler.index(after: dot)...])
        let module = String(handler[..<dot])
        guard !export.isEmpty, !module.contains("$") else { return nil }
        var candidates = [module]
        let name = module.split(separator: "/").last ?? ""
        if name.contains(".") {
            candidates.append(module.split(separator: "/").dropLast().joined(separator: "/") + (module.contains("/") ? "/" : "")
                + name.replacingOccurrences(of: ".", with: "/"))
        }
        let modules = candidates.compactMap { RepoPath.normalize(RepoPath.join(directory, $0)) }.filter { !$0.isEmpty }
        return modules.isEmpty ? nil : (modules, export)
    }

    // MARK: AWS SAM

    /// The `AWS::Serverless::Function`s of a SAM template, each under its handler module (`CodeUri` joined with
    /// `Handler`'s module), with the routes of its `Api`/`HttpApi` events and function URL. A route takes its
    /// API's `DefaultAuthorizer` (the API resource's, else `Globals`) unless it names its own or opts out with
    /// `Authorizer: NONE`; `ApiKeyRequired` asks for an API key; `MethodSettings`/`DefaultRouteSettings` with a
    /// rate limit, and a usage plan's throttle for routes that need a key, throttle.
    static func samFunctions(_ bytes: [UInt8], file: String) -> [(String, DeployedFunction)] {
        guard let root = root(bytes), let resources = root.value("Resources")?.mapping else { return [] }
        let directory = RepoPath.directory(of: file)
        let globals = root.value("Globals")
        var result: [(String, DeployedFunction)] = []
        for (key, resource) in resources {
            guard resource.value("Type")?.scalar?.string == "AWS::Serverless::Function", let name = key.scalar?.string else { continue }
            let properties = resource.value("Properties")
            guard let handler = (properties?.value("Handler") ?? globals?.value("Function", "Handler"))?.scalar?.string else { continue }
            let codeURI = (properties?.value("CodeUri") ?? globals?.value("Function", "CodeUri"))?.scalar?.string ?? ""
            guard !codeURI.contains("://"), let (modules, export) = handlerModules(handler, in: RepoPath.join(directory, codeURI))
            else { continue }
            var routes: [DeployedRoute] = []
            var triggers: [String] = []
            for event in properties?.value("Events")?.mapping.map({ Array($0.values) }) ?? [] {
                if let type = event.value("Type")?.scalar?.string, Self.samBackgroundEvents.contains(type) {
                    let schedule = event.value("Properties", "Schedule")?.scalar?.string
                        ?? event.value("Properties", "ScheduleExpression")?.scalar?.string
                    triggers.append(schedule.map { "\(type) \($0)" } ?? type)
                }
                guard let type = event.value("Type")?.scalar?.string, type == "Api" || type == "HttpApi" else { continue }
                let eventProperties = event.value("Properties")
                let rest = type == "Api"
                // The API the route belongs to: `RestApiId`/`ApiId` (`!Ref ChatApi`, `{ Ref: ChatApi }`), else the implicit one.
                let reference = eventProperties?.value(rest ? "RestApiId" : "ApiId")
                let api = (reference?.scalar?.string ?? reference?.value("Ref")?.scalar?.string).flatMap { resources.node(named: $0)?.value("Properties") }
                let apiGlobals = globals?.value(rest ? "Api" : "HttpApi")
                let auth = eventProperties?.value("Auth")
                var authentication: String?
                if let own = auth?.value("Authorizer")?.scalar?.string {
                    authentication = own.uppercased() == "NONE" ? nil : "authorizer \(own)"
                } else if let defaultAuthorizer = (api?.value("Auth", "DefaultAuthorizer") ?? apiGlobals?.value("Auth", "DefaultAuthorizer"))?.scalar?.string,
                          defaultAuthorizer.uppercased() != "NONE"
                {
                    authentication = "DefaultAuthorizer \(defaultAuthorizer)"
                }
                var keyRequired = false
                if rest {
                    let required = auth?.value("ApiKeyRequired") ?? api?.value("Auth", "ApiKeyRequired") ?? apiGlobals?.value("Auth", "ApiKeyRequired")
                    keyRequired = required?.scalar.map { isTrue($0.string) } ?? false
                    if authentication == nil, keyRequired { authentication = "API key (ApiKeyRequired)" }
                }
                var throttling: String?
                let settings = rest
                    ? (api?.value("MethodSettings") ?? apiGlobals?.value("MethodSettings"))?.sequence.map(Array.init) ?? []
                    : [api?.value("DefaultRouteSettings") ?? apiGlobals?.value("DefaultRouteSettings")].compactMap { $0 }
                if settings.contains(where: { $0.containsKey("ThrottlingRateLimit") }) {
                    throttling = rest ? "API Gateway throttling (MethodSettings)" : "API Gateway throttling (DefaultRouteSettings)"
                }
                if throttling == nil, keyRequired,
                   (api?.value("Auth", "UsagePlan") ?? apiGlobals?.value("Auth", "UsagePlan"))?.containsKey("Throttle") == true
                {
                    throttling = "usage plan throttling (UsagePlan)"
                }
                routes.append(DeployedRoute(authentication: authentication, throttling: throttling))
            }
            if let url = properties?.value("FunctionUrlConfig") {
                let type = url.value("AuthType")?.scalar?.string ?? "NONE"
                routes.append(DeployedRoute(authentication: type.uppercased() == "AWS_IAM" ? "AWS_IAM function URL" : nil, throttling: nil))
            }
            let deployed = DeployedFunction(location: "\(file) (\(name))", export: export, routes: routes, triggers: triggers)
            for module in modules { result.append((module, deployed)) }
        }
        return result
    }
}

extension Node {
    /// The value under a path of keys in nested mappings, keys compared as text whatever their tags.
    func value(_ keys: String...) -> Node? {
        var node: Node? = self
        for key in keys { node = node?.mapping?.node(named: key) }
        return node
    }

    func containsKey(_ key: String) -> Bool { mapping?.node(named: key) != nil }
}

extension Node.Mapping {
    func node(named key: String) -> Node? {
        first { $0.key.scalar?.string == key }?.value
    }
}
