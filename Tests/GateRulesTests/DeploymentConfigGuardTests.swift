import GateCode
import GateCore
import GateRules
import XCTest

/// Lambda handlers behind API Gateway: the guards `serverless.yml` and SAM templates put in front of them (an
/// authorizer, IAM, an API key, throttling), and Python Lambda handlers read from their code, over a head tree as
/// `gate check` reads it.
final class DeploymentConfigGuardTests: XCTestCase {
    /// The findings of `unprotected-endpoint` on `path`, as `name (tier)`, over the head tree `files`.
    static func findings(_ path: String, head files: [String: String]) -> [String] {
        headTreeFindings(path, head: files).filter { $0.rule == "unprotected-endpoint" }
            .map { $0.message.components(separatedBy: " reaches").first?.components(separatedBy: " sends").first ?? $0.message }
    }

    static let typeScriptHandler = """
        import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda"
        import OpenAI from "openai"

        const openai = new OpenAI()

        export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
          const { prompt } = JSON.parse(event.body ?? "{}")
          const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] })
          return { statusCode: 200, body: JSON.stringify({ reply: r.choices[0].message.content }) }
        }
        """

    static func serverless(events: String, extra: String = "") -> String {
        """
        service: chat-api
        frameworkVersion: "3"

        provider:
          name: aws
          runtime: nodejs20.x
          httpApi:
            authorizers:
              jwtAuth:
                type: jwt
                identitySource: $request.header.Authorization
                issuerUrl: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc
                audience:
                  - abc123
        \(extra)
        functions:
          chat:
            handler: src/handlers/chat.handler
            timeout: 29
            events:
        \(events)
          health:
            handler: src/handlers/health.handler
            events:
              - httpApi: GET /health
        """
    }

    func testAnHTTPEventWithoutAnAuthorizerLeavesTheHandlerOpen() {
        let head = [
            "serverless.yml": Self.serverless(events: "      - http:\n          path: chat\n          method: post\n          cors: true"),
            "src/handlers/chat.ts": Self.typeScriptHandler,
        ]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
    }

    func testACognitoAuthorizerOnTheHTTPEventGuardsTheHandler() {
        let events = """
                  - http:
                      path: chat
                      method: post
                      authorizer:
                        name: cognitoAuth
                        type: COGNITO_USER_POOLS
                        arn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc
            """
        let head = ["serverless.yml": Self.serverless(events: events), "src/handlers/chat.ts": Self.typeScriptHandler]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [])
    }

    func testAuthorizerShapesThatGuard() {
        for event in [
            "      - http:\n          path: chat\n          method: post\n          private: true",
            "      - http:\n          path: chat\n          method: post\n          authorizer: aws_iam",
            "      - http:\n          path: chat\n          method: post\n          authorizer: authorize",
            "      - http:\n          path: chat\n          method: post\n          authorizer: arn:aws:lambda:us-east-1:1:function:auth",
            "      - httpApi:\n          method: POST\n          path: /chat\n          authorizer:\n            name: jwtAuth",
            "      - httpApi:\n          method: POST\n          path: /chat\n          authorizer:\n            type: aws_iam",
            "      - httpApi:\n          method: POST\n          path: /chat\n          authorizer:\n            id: abc123",
        ] {
            let head = ["serverless.yml": Self.serverless(events: event), "src/handlers/chat.ts": Self.typeScriptHandler]
            XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [], event)
        }
    }

    func testAuthorizersDefinedForTheProviderGuardNoRouteThatDoesNotNameOne() {
        let head = [
            "serverless.yml": Self.serverless(events: "      - httpApi: POST /chat"),
            "src/handlers/chat.ts": Self.typeScriptHandler,
        ]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
    }

    func testOneOpenEventLeavesTheFunctionOpen() {
        let events = """
                  - http:
                      path: chat
                      method: post
                      authorizer: cognitoAuth
                  - http:
                      path: public/chat
                      method: post
            """
        let head = ["serverless.yml": Self.serverless(events: events), "src/handlers/chat.ts": Self.typeScriptHandler]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
    }

    func testAConfigThatNamesAnotherFileGuardsNothingHere() {
        let events = "      - http:\n          path: chat\n          method: post\n          authorizer: cognitoAuth"
        let head = [
            "serverless.yml": Self.serverless(events: events),
            "src/handlers/chat.ts": Self.typeScriptHandler,
            "src/handlers/summarize.ts": Self.typeScriptHandler,
        ]
        XCTAssertEqual(Self.findings("src/handlers/summarize.ts", head: head), ["handler src/handlers/summarize.ts"])
    }

    func testYAMLThatDoesNotParseGuardsNothingAndStopsNothing() {
        let head = [
            "serverless.yml": "functions:\n  chat:\n    handler: src/handlers/chat.handler\n    events: [ { http: \"POST /chat\"\n  - :\n",
            "src/handlers/chat.ts": Self.typeScriptHandler,
        ]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
    }

    // MARK: Python

    static let pythonHandler = """
        import json

        from llm import summarize


        def lambda_handler(event, context):
            body = json.loads(event.get("body") or "{}")
            summary = summarize(body["text"])
            return {"statusCode": 200, "body": json.dumps({"summary": summary})}
        """

    static let pythonHelper = """
        from openai import OpenAI

        client = OpenAI()


        def summarize(text):
            r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
            return r.choices[0].message.content
        """

    static func samTemplate(globalsAuth: String = "", eventAuth: String = "") -> String {
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::Serverless-2016-10-31
        Description: Summaries

        Globals:
          Function:
            Timeout: 30
            Runtime: python3.12
        \(globalsAuth)
        Resources:
          SummarizeFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: summarize/
              Handler: app.lambda_handler
              Environment:
                Variables:
                  OPENAI_API_KEY: !Ref OpenAIKey
              Events:
                Summarize:
                  Type: Api
                  Properties:
                    Path: /summarize
                    Method: post
        \(eventAuth)
        Outputs:
          SummarizeApi:
            Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/summarize/"
        """
    }

    static let defaultAuthorizer = """
          Api:
            Auth:
              DefaultAuthorizer: CognitoAuthorizer
              Authorizers:
                CognitoAuthorizer:
                  UserPoolArn: !GetAtt UserPool.Arn
        """

    func testAPythonLambdaReachingOpenAIThroughAHelperIsOpenWithoutAnAuthorizer() {
        let head = ["template.yaml": Self.samTemplate(), "summarize/app.py": Self.pythonHandler, "summarize/llm.py": Self.pythonHelper]
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), ["lambda_handler summarize/app.py"])
    }

    func testSAMDefaultAuthorizerGuardsTheRouteUnlessItOptsOut() {
        var head = [
            "template.yaml": Self.samTemplate(globalsAuth: Self.defaultAuthorizer),
            "summarize/app.py": Self.pythonHandler, "summarize/llm.py": Self.pythonHelper,
        ]
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), [])
        let none = "              Auth:\n                Authorizer: NONE"
        head["template.yaml"] = Self.samTemplate(globalsAuth: Self.defaultAuthorizer, eventAuth: none)
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), ["lambda_handler summarize/app.py"])
    }

    func testSAMApiResourceAuthorizerAndApiKeyGuard() {
        let template = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              SummarizeApi:
                Type: AWS::Serverless::Api
                Properties:
                  StageName: prod
                  Auth:
                    DefaultAuthorizer: TokenAuthorizer
                    Authorizers:
                      TokenAuthorizer:
                        FunctionArn: !GetAtt AuthFunction.Arn
              SummarizeFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: summarize/
                  Handler: app.lambda_handler
                  Runtime: python3.12
                  Events:
                    Summarize:
                      Type: Api
                      Properties:
                        RestApiId: !Ref SummarizeApi
                        Path: /summarize
                        Method: post
                    Public:
                      Type: Api
                      Properties:
                        Path: /public/summarize
                        Method: post
                        Auth:
                          ApiKeyRequired: true
            """
        let head = ["template.yaml": template, "summarize/app.py": Self.pythonHandler, "summarize/llm.py": Self.pythonHelper]
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), [])
        // The implicit API has no default authorizer: a route on it without a key is open.
        let open = template.replacingOccurrences(of: "\n            Auth:\n              ApiKeyRequired: true", with: "")
        XCTAssertNotEqual(open, template)
        XCTAssertEqual(Self.findings("summarize/app.py", head: head.merging(["template.yaml": open]) { $1 }), ["lambda_handler summarize/app.py"])
    }

    func testAPythonLambdaIsReadFromItsCodeWithoutAConfig() {
        let open = ["functions/summarize/handler.py": Self.pythonHandler, "functions/summarize/llm.py": Self.pythonHelper]
        XCTAssertEqual(Self.findings("functions/summarize/handler.py", head: open), ["lambda_handler functions/summarize/handler.py"])
        // A queue-fed Lambda (`event["Records"]`) is none: the detector's own non-triggering example.
    }

    func testAPythonLambdaCheckingItsCallerInCodeIsGuarded() {
        let guarded = """
            import json
            from openai import OpenAI
            from auth import verify_token

            client = OpenAI()


            def lambda_handler(event, context):
                if not verify_token(event["headers"].get("authorization")):
                    return {"statusCode": 401, "body": "unauthorized"}
                body = json.loads(event["body"])
                r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": body["text"]}])
                return {"statusCode": 200, "body": json.dumps({"reply": r.choices[0].message.content})}
            """
        XCTAssertEqual(Self.findings("lambda/chat.py", head: ["lambda/chat.py": guarded]), [])
    }

    static let powertoolsApp = """
        from aws_lambda_powertools.event_handler import APIGatewayRestResolver
        from openai import OpenAI

        app = APIGatewayRestResolver()
        client = OpenAI()


        @app.post("/chat")
        def chat():
            prompt = app.current_event.json_body["prompt"]
            r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
            return {"reply": r.choices[0].message.content}


        def lambda_handler(event, context):
            return app.resolve(event, context)
        """

    func testPowertoolsRoutesAreGuardedByTheAuthorizerOfTheFunctionTheyServe() {
        var head = ["template.yaml": Self.samTemplate(), "summarize/app.py": Self.powertoolsApp]
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), ["POST /chat"])
        head["template.yaml"] = Self.samTemplate(globalsAuth: Self.defaultAuthorizer)
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), [])
    }

    func testChaliceRoutesAreGuardedByTheirAuthorizer() {
        let app = """
            from chalice import Chalice, IAMAuthorizer
            from openai import OpenAI

            app = Chalice(app_name="summaries")
            authorizer = IAMAuthorizer()
            client = OpenAI()


            @app.route("/summaries", methods=["POST"], authorizer=authorizer)
            def summarize():
                text = app.current_request.json_body["text"]
                return {"summary": client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content}


            @app.route("/public-summaries", methods=["POST"], cors=True)
            def public_summarize():
                text = app.current_request.json_body["text"]
                return {"summary": client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}]).choices[0].message.content}
            """
        XCTAssertEqual(Self.findings("app.py", head: ["app.py": app]), ["POST /public-summaries"])
    }

    // MARK: Rate limits

    static let smsHandler = """
        import twilio from "twilio"

        const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN)

        export const handler = async (event) => {
          const { to } = JSON.parse(event.body)
          await client.messages.create({ to, from: process.env.TWILIO_FROM, body: "Your code is 1234" })
          return { statusCode: 200, body: "sent" }
        }
        """

    /// Throttling the event declares is a rate limit, and protects the SMS handler without an authorizer; so does an
    /// authorizer without throttling (authentication or a rate limit, either one).
    func testThrottlingInTheConfigIsARateLimit() {
        let open = "      - http:\n          path: otp\n          method: post"
        func head(_ events: String) -> [String: String] {
            ["serverless.yml": Self.serverless(events: events), "src/handlers/chat.js": Self.smsHandler]
        }
        XCTAssertEqual(Self.findings("src/handlers/chat.js", head: head(open)), ["handler src/handlers/chat.js"])
        let throttled = open + "\n          throttling:\n            maxRequestsPerSecond: 5\n            maxConcurrentRequests: 2"
        XCTAssertEqual(Self.findings("src/handlers/chat.js", head: head(throttled)), [])
        XCTAssertEqual(Self.findings("src/handlers/chat.js", head: head(open + "\n          authorizer: cognitoAuth")), [])
    }

    // MARK: Reading

    func testHandlerStringsNameModulesRelativeToTheConfig() {
        XCTAssertEqual(CodeIndex.handlerModules("src/handlers/chat.handler", in: "")?.0, ["src/handlers/chat"])
        XCTAssertEqual(CodeIndex.handlerModules("./chat.main", in: "services/api")?.0, ["services/api/chat"])
        XCTAssertEqual(CodeIndex.handlerModules("api.chat.lambda_handler", in: "backend")?.0, ["backend/api.chat", "backend/api/chat"])
        XCTAssertEqual(CodeIndex.handlerModules("app.lambda_handler", in: "summarize/")?.1, "lambda_handler")
        XCTAssertNil(CodeIndex.handlerModules("${self:custom.handler}", in: ""))
    }
}


extension DeploymentConfigGuardTests {
    func testFunctionsIncludedFromAnotherFileAreRead() {
        let config = "service: chat\nprovider:\n  name: aws\nfunctions: ${file(./sls/functions.yml):functions}\n"
        let functions = """
            functions:
              chat:
                handler: src/handlers/chat.handler
                events:
                  - http:
                      path: chat
                      method: post
            """
        var head = ["serverless.yml": config, "sls/functions.yml": functions, "src/handlers/chat.ts": Self.typeScriptHandler]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
        head["sls/functions.yml"] = functions + "\n          authorizer: aws_iam"
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [])
        XCTAssertEqual(CodeIndex.fileVariable("${file(../shared/fns.yml)}", in: "services/api")?.0, "services/shared/fns.yml")
        XCTAssertNil(CodeIndex.fileVariable("${file(./fns.${opt:stage}.yml)}", in: ""))
    }
}

// MARK: AWS CDK

extension DeploymentConfigGuardTests {
    static func cdkStack(method: String, api: String = "") -> String {
        """
        import * as path from "path";
        import { Stack, StackProps } from "aws-cdk-lib";
        import * as apigw from "aws-cdk-lib/aws-apigateway";
        import * as cognito from "aws-cdk-lib/aws-cognito";
        import { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
        import { Construct } from "constructs";

        export class ChatStack extends Stack {
          constructor(scope: Construct, id: string, props?: StackProps) {
            super(scope, id, props);

            const pool = new cognito.UserPool(this, "Users");
            const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, "Authorizer", { cognitoUserPools: [pool] });

            const chatFn = new NodejsFunction(this, "Chat", {
              entry: path.join(__dirname, "../src/handlers/chat.ts"),
              handler: "handler",
            });

            const api = new apigw.RestApi(this, "ChatApi", {
              restApiName: "chat",\(api)
            });
            const chat = api.root.addResource("chat");
            \(method)
          }
        }
        """
    }

    func testACDKRestMethodWithoutAnAuthorizerIsOpenAndOneWithItIsGuarded() {
        var head = [
            "cdk.json": #"{ "app": "npx ts-node bin/app.ts" }"#,
            "lib/chat-stack.ts": Self.cdkStack(method: #"chat.addMethod("POST", new apigw.LambdaIntegration(chatFn));"#),
            "src/handlers/chat.ts": Self.typeScriptHandler,
        ]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
        head["lib/chat-stack.ts"] = Self.cdkStack(method: """
            chat.addMethod("POST", new apigw.LambdaIntegration(chatFn), {
                  authorizer,
                  authorizationType: apigw.AuthorizationType.COGNITO,
                });
            """)
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [])
        // The API's default method options guard every method that does not opt out.
        head["lib/chat-stack.ts"] = Self.cdkStack(
            method: #"chat.addMethod("POST", new apigw.LambdaIntegration(chatFn));"#,
            api: "\n      defaultMethodOptions: { authorizer, authorizationType: apigw.AuthorizationType.COGNITO },")
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [])
        head["lib/chat-stack.ts"] = Self.cdkStack(
            method: #"chat.addMethod("POST", new apigw.LambdaIntegration(chatFn), { authorizationType: apigw.AuthorizationType.NONE });"#,
            api: "\n      defaultMethodOptions: { authorizer, authorizationType: apigw.AuthorizationType.COGNITO },")
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
    }

    func testACDKHttpApiRouteTakesItsOwnOrTheApisDefaultAuthorizer() {
        func stack(_ api: String, _ route: String) -> String {
            """
            import { Stack } from "aws-cdk-lib";
            import * as lambda from "aws-cdk-lib/aws-lambda";
            import { HttpApi, HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";
            import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
            import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";

            export class ApiStack extends Stack {
              constructor(scope, id) {
                super(scope, id);
                const jwt = new HttpJwtAuthorizer("Jwt", "https://issuer.example.com", { jwtAudience: ["chat"] });
                const chatFn = new lambda.Function(this, "Chat", {
                  runtime: lambda.Runtime.NODEJS_20_X,
                  code: lambda.Code.fromAsset("src/handlers"),
                  handler: "chat.handler",
                });
                const chatIntegration = new HttpLambdaIntegration("ChatIntegration", chatFn);
                const httpApi = new HttpApi(this, "HttpApi", {\(api)});
                httpApi.addRoutes({ path: "/chat", methods: [HttpMethod.POST], integration: chatIntegration\(route) });
              }
            }
            """
        }
        var head = ["cdk.json": "{}", "infra/api-stack.ts": stack("", ""), "src/handlers/chat.ts": Self.typeScriptHandler]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["handler src/handlers/chat.ts"])
        head["infra/api-stack.ts"] = stack("", ", authorizer: jwt")
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [])
        head["infra/api-stack.ts"] = stack(" defaultAuthorizer: jwt ", "")
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), [])
    }
}

extension DeploymentConfigGuardTests {
    func testAnExportTheConfigDoesNotNameIsJudgedByItsCode() {
        let events = "      - http:\n          path: chat\n          method: post\n          authorizer: cognitoAuth"
        let handlers = Self.typeScriptHandler + "\n\n" + Self.typeScriptHandler
            .replacingOccurrences(of: "export const handler", with: "export const publicHandler")
            .split(separator: "\n").filter { !$0.hasPrefix("import") && !$0.hasPrefix("const openai") }.joined(separator: "\n")
        let head = ["serverless.yml": Self.serverless(events: events), "src/handlers/chat.ts": handlers]
        XCTAssertEqual(Self.findings("src/handlers/chat.ts", head: head), ["publicHandler src/handlers/chat.ts"])
    }
}

extension DeploymentConfigGuardTests {
    func testExpressRoutesServedThroughServerlessHttpTakeTheFunctionsAuthorizer() {
        let app = """
            const express = require("express");
            const serverless = require("serverless-http");
            const OpenAI = require("openai");

            const app = express();
            const openai = new OpenAI();
            app.use(express.json());

            app.post("/chat", async (req, res) => {
              const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: req.body.messages });
              res.json(r.choices[0].message);
            });

            module.exports.handler = serverless(app);
            """
        func config(_ authorizer: String) -> String {
            "service: chat\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: src/app.handler\n    events:\n"
                + "      - http:\n          path: /{proxy+}\n          method: ANY\n" + authorizer
        }
        var head = ["serverless.yml": config(""), "src/app.js": app]
        XCTAssertEqual(Self.findings("src/app.js", head: head), ["POST /chat"])
        head["serverless.yml"] = config("          authorizer:\n            name: cognitoAuth\n            type: COGNITO_USER_POOLS\n")
        XCTAssertEqual(Self.findings("src/app.js", head: head), [])
    }

    /// Throttling the API declares is a rate limit: the SMS route behind it is not open, nor behind a Cognito
    /// authorizer (authentication or a rate limit, either one, protects a route).
    func testSAMThrottlingOrAnAuthorizerProtectsAMessagingRoute() {
        let handler = """
            import os
            import json
            from twilio.rest import Client

            client = Client(os.environ["TWILIO_SID"], os.environ["TWILIO_TOKEN"])


            def lambda_handler(event, context):
                body = json.loads(event["body"])
                client.messages.create(to=body["to"], from_=os.environ["TWILIO_FROM"], body="Your code is 1234")
                return {"statusCode": 200, "body": "sent"}
            """
        let api = """
              Api:
                Auth:
                  DefaultAuthorizer: CognitoAuthorizer
                  Authorizers:
                    CognitoAuthorizer:
                      UserPoolArn: arn:aws:cognito-idp:us-east-1:1:userpool/x
            """
        var head = ["template.yaml": Self.samTemplate(), "summarize/app.py": handler]
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), ["lambda_handler summarize/app.py"])
        head["template.yaml"] = Self.samTemplate(globalsAuth: api)
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), [])
        let throttled = "  Api:\n    MethodSettings:\n      - ResourcePath: \"/*\"\n        HttpMethod: \"*\"\n        ThrottlingRateLimit: 5\n        ThrottlingBurstLimit: 10"
        head["template.yaml"] = Self.samTemplate(globalsAuth: throttled)
        XCTAssertEqual(Self.findings("summarize/app.py", head: head), [])
    }
}
