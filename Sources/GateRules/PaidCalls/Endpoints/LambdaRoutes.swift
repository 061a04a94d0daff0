import GateCode
import GateCore

/// Python AWS Lambda handlers that serve HTTP, and the guards deployment configuration puts in front of any
/// Lambda handler (an API Gateway authorizer in `serverless.yml` or a SAM template: `CodeIndex.deploymentConfigGuard`).
/// AWS Lambda Powertools' resolver routes (`@app.post("/chat")`) and Chalice's (`@app.route("/chat")`) are decorated
/// routes, read by `pythonDecoratedRoutes`.
extension HandlerFinder {
    /// Top-level functions invoked by API Gateway, a function URL or a load balancer: `def lambda_handler(event,
    /// context):` that reads the request from its event (`event["body"]`, `event.get("queryStringParameters")`,
    /// `event["requestContext"]`) or types it so (`APIGatewayProxyEvent(event)`), or, named as Lambda handlers are
    /// (`lambda_handler`, `handler`) or in a file of Lambdas, answers with a `"statusCode"`. A Lambda fed by a queue,
    /// a schedule or a stream (`event["Records"]`, `SQSEvent`) is none. Each is labelled by its name, the export a
    /// deployment configuration names (`app.lambda_handler`).
    func pythonLambdaHandlers() -> [HTTPHandler] {
        guard lexed.language == .python, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.contextWord) else { return [] }
        let lambdaFile = path.split(separator: "/").dropLast().contains { HandlerFinder.lambdaDirectories.contains(String($0)) }
            || HandlerFinder.lambdaFileNames.contains(String(path.split(separator: "/").last ?? ""))
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == -1 {
            guard let nameRange = block.nameRange, let event = lambdaEventParameter(def: block.openToken) else { continue }
            let name = lexed.text(nameRange)
            let statement = lexed.statementSpan(of: index)
            let namedAsHandler = name == "lambda_handler" || name == "handler" || name.hasSuffix("_handler")
            guard servesHTTP(statement, event: event, byAnswer: namedAsHandler || lambdaFile) else { continue }
            result.append(HTTPHandler(name: "\(name) \(path)", statement: statement, body: statement, guardRanges: [statement]))
        }
        return result
    }

    /// The event parameter's name of `def name(event, context)` (either annotated), when the def takes those two.
    private func lambdaEventParameter(def: Int) -> String? {
        let open = def + 2
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { return nil }
        let close = lexed.partner[open]
        // The names at the list's top level: each first after `(` or `,`.
        let names = (open + 1..<close).filter { index in
            lexed.tokens[index].kind == .identifier && lexed.tokens[index].block == lexed.tokens[open + 1].block
                && (lexed.token(index - 1, isPunctuation: Byte.openParen) && index - 1 == open || lexed.token(index - 1, isPunctuation: Byte.comma))
        }.map { lexed.text($0) }
        guard names.count == 2, names[0].lowercased().contains("event") || names[0] == "evt",
              ["context", "ctx", "_context", "_ctx", "_", "lambda_context"].contains(names[1])
        else { return nil }
        return names[0]
    }

    /// Whether a Python Lambda function serves HTTP by what it reads of `event` or, with `byAnswer`, by the
    /// `"statusCode"` it answers; false as soon as it reads queue or stream records. The answer alone does not make
    /// a handler HTTP when it reads its input as a direct invocation's payload (`event.get("prompt")`,
    /// `event["prompt"]`: keys no API Gateway, function URL or load balancer event has) and nothing else of the
    /// event, and no deployment configuration routes requests to it: a Bedrock Lambda invoked by another service
    /// answers `statusCode` out of habit (README, Known limits).
    private func servesHTTP(_ statement: ClosedRange<Int>, event: String, byAnswer: Bool) -> Bool {
        var http = false
        var answers = false
        var readsPayloadKeys = false
        for index in statement {
            let token = lexed.tokens[index]
            if token.kind == .string {
                let text = lexed.text(index)
                if text == "Records" { return false }
                if text == "statusCode", byAnswer, lexed.token(index + 1, isPunctuation: Byte.colon) { answers = true }
                // `event["body"]`, `event.get("body")`.
                if lexed.token(index - 1, isPunctuation: Byte.openBracket) && isIdentifier(index - 2, spelled: event)
                    || lexed.token(index - 1, isPunctuation: Byte.openParen) && lexed.token(index - 2, is: "get")
                        && lexed.token(index - 3, isPunctuation: Byte.dot) && isIdentifier(index - 4, spelled: event)
                {
                    if HandlerFinder.pythonHTTPEventFields.contains(text) { http = true } else { readsPayloadKeys = true }
                }
                continue
            }
            guard token.kind == .identifier else { continue }
            let word = lexed.text(index)
            if HandlerFinder.pythonNonHTTPEventTypes.contains(word) { return false }
            if HandlerFinder.isHTTPEventType(word) { http = true }
        }
        guard !http, answers else { return http }
        return !readsPayloadKeys || deployedOverHTTP?() == true
    }

    /// Whether token `index` is the identifier `name`.
    private func isIdentifier(_ index: Int, spelled name: String) -> Bool {
        index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier
            && lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(name.utf8)
    }

    /// The guard a deployment configuration (`serverless.yml`, a SAM template) puts in front of `handler`'s
    /// function: asked only of a handler with no guard of its own, in a file the configuration names as a
    /// handler. A handler labelled by its export (`lambdaHandlers`, `pythonLambdaHandlers`) is judged by that
    /// export's routes; another (a route of an app the exported handler serves: Powertools, serverless-http) by
    /// every function the file is the handler of.
    func deploymentConfigGuard(for handler: HTTPHandler, index: CodeIndex) -> String? {
        let suffix = " " + path
        let export = handler.name.hasSuffix(suffix) ? String(handler.name.dropLast(suffix.count)) : nil
        return index.deploymentConfigGuard(forHandlerFile: path, export: export.flatMap { $0.contains(" ") ? nil : $0 })
    }

    private static let contextWord = Array("context".utf8)
    /// Directories and files that hold Lambdas by the Serverless Framework's and SAM's conventions.
    private static let lambdaDirectories: Set<String> = ["lambda", "lambdas", "handlers", "functions", "serverless", "lambda_functions"]
    private static let lambdaFileNames: Set<String> = ["handler.py", "lambda_function.py", "handlers.py", "lambda_handler.py"]

    /// What an API Gateway, function URL or load balancer event carries of the request, read as `event["…"]`.
    private static let pythonHTTPEventFields: Set<String> = [
        "body", "headers", "requestContext", "httpMethod", "queryStringParameters", "pathParameters", "rawPath",
        "rawQueryString", "multiValueHeaders", "isBase64Encoded", "routeKey", "multiValueQueryStringParameters",
    ]

    /// Powertools' event classes of Lambdas that queues, schedules, streams or storage invoke.
    private static let pythonNonHTTPEventTypes: Set<String> = [
        "SQSEvent", "SNSEvent", "S3Event", "EventBridgeEvent", "DynamoDBStreamEvent", "KinesisStreamEvent",
        "CloudWatchLogsEvent", "KafkaEvent", "SESEvent", "BatchProcessor",
    ]
}
