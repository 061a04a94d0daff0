import Foundation
import GateCore
@testable import GateRules
import XCTest

/// Secrets in the shapes real repositories hold them: Kubernetes Secret manifests' base64 `data:`, tokens written
/// into Authorization headers, and Clerk's secret keys, whose prefix is Stripe's.
final class SecretsFoundOnRealCodeTests: XCTestCase {
    private func scan(_ path: String, _ text: String) -> [Finding] {
        let lines = SecretExampleFile.lines(text).count
        let file = SecretExampleFile.sourceFile(path: path, text: text, addedLines: Set(1...max(lines, 1)))
        return Scanner(detectors: DetectorRegistry.secretDetectors).scan(file)
    }

    /// `rule tier @line` of every finding in line order, for comparisons that say what was found where.
    private func summary(_ findings: [Finding]) -> [String] {
        findings.sorted { $0.line < $1.line }.map { "\($0.rule) \($0.tier) @\($0.line)" }
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    private static func random(_ count: Int, _ alphabet: String, _ seed: String) -> String {
        ExampleSecret.random(count, from: alphabet, seed: "real-code-" + seed)
    }

    // MARK: Kubernetes Secret manifests

    func testKubernetesSecretDataIsJudgedDecoded() {
        let password = Self.random(20, ExampleSecret.alphanumeric, "k8s-password") + "!7"
        let manifest = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: api
            type: Opaque
            data:
              OPENAI_API_KEY: \(Self.base64(ExampleSecret.openAIProject))
              DATABASE_PASSWORD: \(Self.base64(password + "\n"))
              STRIPE_SECRET_KEY: \(Self.base64(ExampleSecret.stripeTest))
              PLACEHOLDER_PASSWORD: \(Self.base64("changeme"))
              API_TOKEN: \(Self.base64("<your-key>"))
              SECRET_KEY: \(Self.base64("xxxxxxxxxxxxxxxxxxxxxxxx"))
              EMPTY_SECRET: ""
              LOG_LEVEL: \(Self.base64("debug"))
            stringData:
              WEBHOOK_SECRET: \(ExampleSecret.genericHex)
            """
        let findings = scan("k8s/api-secret.yaml", manifest)
        XCTAssertEqual(summary(findings), [
            "openai-api-key critical @7", "high-entropy-secret high @8", "stripe-secret-key high @9",
            "high-entropy-secret high @16",
        ])
        XCTAssertEqual(findings.first?.provider, "openai")
        XCTAssertTrue(findings.first?.message.contains("base64 in a Kubernetes Secret") == true, "\(findings)")
        // The evidence is the encoded value, redacted: neither it nor the key shows.
        for finding in findings {
            XCTAssertTrue(finding.evidence?.contains("…[redacted ") == true, "\(finding)")
            XCTAssertFalse(finding.evidence?.contains(String(ExampleSecret.openAIProject.dropFirst(8).prefix(8))) == true)
        }
    }

    func testDecodedFilesInASecretAreReadAsThoseFiles() {
        let login = Self.base64("deploy:" + Self.random(36, ExampleSecret.tokenCharacters, "ghcr"))
        let dockerConfig = #"{"auths":{"ghcr.io":{"auth":"\#(login)"}}}"#
        let settings = "LOG_LEVEL=info\nANTHROPIC_API_KEY=\(ExampleSecret.anthropic)\n"
        let manifest = """
            ---
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: \(Self.base64(dockerConfig))
            ---
            apiVersion: v1
            kind: Secret
            data:
              app.env: \(Self.base64(settings))
            """
        XCTAssertEqual(summary(scan("deploy/secrets.yaml", manifest)), ["registry-auth critical @6", "anthropic-api-key critical @11"])
        // A whole settings file encodes to more than an assignment's 512 bytes: it is decoded whole.
        let longSettings = (0..<40).map { "FEATURE_FLAG_\($0)=enabled\n" }.joined() + "OPENAI_API_KEY=\(ExampleSecret.openAIProject)\n"
        let long = "kind: Secret\ndata:\n  app.env: \(Self.base64(longSettings))\n"
        let findings = scan("deploy/app-secret.yaml", long)
        XCTAssertEqual(summary(findings), ["openai-api-key critical @3"])
        XCTAssertEqual(findings.first?.evidence, Redaction.redact(Self.base64(longSettings)))
        let longJSON = "{\n  \"kind\": \"Secret\",\n  \"data\": {\n    \"app.env\": \"\(Self.base64(longSettings))\"\n  }\n}\n"
        XCTAssertEqual(summary(scan("secret.json", longJSON)), ["openai-api-key critical @4"])
        // `kubectl get secret -o json` writes the same manifest as JSON.
        let json = """
            {
              "apiVersion": "v1",
              "kind": "Secret",
              "data": {
                "OPENAI_API_KEY": "\(Self.base64(ExampleSecret.openAIProject))",
                "password": "\(Self.base64("changeme"))"
              }
            }
            """
        XCTAssertEqual(summary(scan("secret.json", json)), ["openai-api-key critical @5"])
    }

    func testAKubeconfigsClientKeyIsJudgedDecoded() {
        let body = ExampleSecret.privateKeyLines.joined(separator: "\n")
        let key = Self.base64("-----BEGIN RSA PRIVATE KEY-----\n\(body)\n-----END RSA PRIVATE KEY-----\n")
        let certificate = Self.base64("-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n")
        let kubeconfig = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                certificate-authority-data: \(certificate)
                server: https://35.201.44.12
              name: prod
            contexts:
            - context: { cluster: prod, user: admin }
              name: prod
            current-context: prod
            users:
            - name: admin
              user:
                client-certificate-data: \(certificate)
                client-key-data: \(key)
            """
        for path in ["deploy/kubeconfig.yaml", "ops/prod.kubeconfig", "ci/.kube/config"] {
            let findings = scan(path, kubeconfig)
            XCTAssertEqual(summary(findings), ["private-key-block critical @16"], path)
            XCTAssertTrue(findings.first?.message.contains("base64 in a kubeconfig") == true, "\(findings)")
        }
        // Its certificates are public, and a placeholder decodes to no key.
        let placeholder = kubeconfig.replacingOccurrences(of: key, with: Self.base64("<your client key>"))
        XCTAssertEqual(summary(scan("deploy/kubeconfig.yaml", placeholder)), [])
    }

    func testOnlyASecretsDataIsDecoded() {
        let encodedPlaceholder = Self.base64("<your-api-key-goes-here>")
        // A ConfigMap's data is not base64, and a document of another kind in the same file is judged as written.
        let configMap = """
            apiVersion: v1
            kind: ConfigMap
            data:
              API_TOKEN: \(encodedPlaceholder)
            ---
            apiVersion: v1
            kind: Secret
            data:
              API_TOKEN: \(encodedPlaceholder)
            """
        XCTAssertEqual(summary(scan("k8s/app.yaml", configMap)), ["high-entropy-secret high @4"])
        // A value that does not decode to text (random key bytes, a Helm template) is judged as it is written.
        let hex = Array(Self.random(64, ExampleSecret.lowerHex, "key-bytes").utf8)
        let keyBytes = stride(from: 0, to: hex.count, by: 2).compactMap { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) }
        let binary = Data(keyBytes).base64EncodedString()
        let undecodable = """
            kind: Secret
            data:
              encryption_key: \(binary)
              password: {{ .Values.password | b64enc }}
            """
        XCTAssertEqual(summary(scan("chart/templates/secret.yaml", undecodable)), ["high-entropy-secret high @3"])
        // A SealedSecret's encryptedData is ciphertext for the cluster's controller, made to be committed; its other
        // settings are read as written.
        let sealed = """
            apiVersion: bitnami.com/v1alpha1
            kind: SealedSecret
            spec:
              encryptedData:
                API_TOKEN: AgB\(Self.random(300, ExampleSecret.base64, "sealed"))==
              template:
                metadata:
                  annotations:
                    api_token: \(encodedPlaceholder)
            """
        XCTAssertEqual(summary(scan("k8s/sealed.yaml", sealed)), ["high-entropy-secret high @9"])
        // Other kinds that mention secrets are no Secret: their data is judged as written.
        let provider = """
            kind: SecretProviderClass
            data:
              API_TOKEN: \(encodedPlaceholder)
            """
        XCTAssertEqual(summary(scan("k8s/provider.yaml", provider)), ["high-entropy-secret high @3"])
    }

    // MARK: Authorization headers

    func testTokensWrittenIntoAuthorizationHeadersAreSecrets() {
        let token = Self.random(40, ExampleSecret.alphanumeric, "bearer")
        let hex = Self.random(40, ExampleSecret.lowerHex, "drf")
        let cases: [(String, String)] = [
            ("src/api.ts", "const r = await fetch(url, { headers: { Authorization: \"Bearer \(token)\" } });\n"),
            ("src/api.js", "axios.get(url, { headers: { 'Authorization': 'Bearer \(token)' } });\n"),
            ("README.md", "curl -X POST https://api.acme.dev/v1/runs -H 'Authorization: Bearer \(token)' -d '{}'\n"),
            ("scripts/sync.sh", "curl --header \"Authorization: Token \(hex)\" https://api.acme.dev/v1/sync\n"),
            ("requests.http", "GET https://api.acme.dev/v1/me\nAuthorization: Bearer \(token)\n"),
            ("client.go", "req.Header.Set(\"Authorization\", \"Bearer \(token)\")\n"),
            ("Client.java", "request.header(\"Authorization\", \"Bearer \(token)\");\n"),
            ("client.rb", "headers = { 'Authorization' => 'Bearer \(token)' }\n"),
            ("api.json", "{ \"headers\": { \"Authorization\": \"Bearer \(token)\" } }\n"),
            ("nb/explore.ipynb", "{\"source\": [\"headers = {\\\"Authorization\\\": \\\"Bearer \(token)\\\"}\\n\"]}\n"),
            ("docs/api.md", "-H \"Authorization: Bearer \(ExampleSecret.userSessionJWT)\"\n"),
        ]
        for (path, text) in cases {
            XCTAssertEqual(summary(scan(path, text)), ["authorization-header-token high @\(text.hasPrefix("GET") ? 2 : 1)"], path)
        }
        // A provider's key in the header is its provider's; a privileged JWT is the JWT rule's.
        XCTAssertEqual(summary(scan("README.md", "curl -H \"Authorization: Bearer \(ExampleSecret.openAIProject)\" …\n")),
                       ["openai-api-key critical @1"])
        XCTAssertEqual(summary(scan("README.md", "-H \"Authorization: Bearer \(ExampleSecret.supabaseServiceRole)\"\n")),
                       ["privileged-jwt critical @1"])
    }

    func testBasicCredentialsInAuthorizationHeadersAreSecrets() {
        let login = Self.base64("svc-reports:" + Self.random(20, ExampleSecret.tokenCharacters, "basic"))
        let found: [(String, String)] = [
            ("README.md", "curl https://api.acme.dev/v1/reports -H \"Authorization: Basic \(login)\"\n"),
            ("src/client.ts", "const headers = { Authorization: \"Basic \(login)\" };\n"),
            ("requests.http", "Authorization: Basic \(login)\n"),
        ]
        for (path, text) in found {
            XCTAssertEqual(summary(scan(path, text)), ["authorization-header-token high @1"], text)
        }
        let silent = [
            "Authorization: Basic \(Self.base64("user:password"))",
            "Authorization: Basic \(Self.base64("admin:admin"))",
            "Authorization: Basic \(Self.base64("elastic:changeme"))",
            "Authorization: Basic \(Self.base64("api:${API_PASSWORD}"))",
            "Authorization: Basic <base64 of user:password>",
            "headers: { Authorization: `Basic ${btoa(`${user}:${password}`)}` }",
            "The server answers 401 with WWW-Authenticate: Basic realm=\"api\".",
        ]
        for text in silent {
            XCTAssertEqual(summary(scan("docs/api.md", text + "\n")), [], text)
        }
    }

    func testTemplatesAndVariablesInAuthorizationHeadersAreNotSecrets() {
        let texts = [
            "headers: { Authorization: `Bearer ${token}` }",
            "headers: { Authorization: \"Bearer \" + token }",
            "curl -H \"Authorization: Bearer $TOKEN\" https://api.acme.dev",
            "curl -H \"Authorization: Bearer ${ACME_API_TOKEN}\" https://api.acme.dev",
            "curl -H \"Authorization: Bearer <token>\" https://api.acme.dev",
            "curl -H \"Authorization: Bearer <YOUR_ACCESS_TOKEN>\" https://api.acme.dev",
            "curl -H \"Authorization: Bearer YOUR_API_KEY\" https://api.acme.dev",
            "curl -H \"Authorization: Bearer YOUR_PERSONAL_ACCESS_TOKEN_HERE\" https://api.acme.dev",
            "curl -H \"Authorization: Bearer {{token}}\" https://api.acme.dev",
            "headers = {\"Authorization\": f\"Bearer {settings.api_token}\"}",
            "headers = {\"Authorization\": \"Bearer %s\" % token}",
            "Authorization: Bearer \(ExampleSecret.jwtIOSample)",
            "Authorization: Bearer \(ExampleSecret.supabaseAnon)",
            "Authorization: Bearer xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
            "The token_type is Bearer \(Self.random(40, ExampleSecret.alphanumeric, "prose")) in the response.",
        ]
        for text in texts {
            XCTAssertEqual(summary(scan("docs/api.md", text + "\n")), [], text)
        }
    }

    // MARK: Clerk and Stripe

    func testClerkSecretKeysAreNamedForClerk() {
        let clerkLive = "sk_" + "live_" + Self.random(42, ExampleSecret.alphanumeric, "clerk-live")
        let clerkTest = "sk_" + "test_" + Self.random(43, ExampleSecret.alphanumeric, "clerk-test")
        let clerkPublishable = "pk_" + "test_" + Self.base64("fond-lynx-12.clerk.accounts.dev$").replacingOccurrences(of: "=", with: "")
        let clerk: [(String, String, Tier)] = [
            (".env", "CLERK_SECRET_KEY=\(clerkLive)\n", .critical),
            (".env.local", "CLERK_SECRET_KEY=\(clerkTest)\n", .high),
            ("docker-compose.yml", "    environment:\n      - CLERK_SECRET_KEY=\(clerkLive)\n", .critical),
            ("config/app.yaml", "clerk:\n  secret_key: \(clerkLive)\n", .critical),
            (".env", "NEXT_PUBLIC_PUBLISHABLE_KEY=\(clerkPublishable)\nSECRET_KEY=\(clerkTest)\n", .high),
            ("middleware.ts", "import { clerkMiddleware } from \"@clerk/nextjs/server\";\nconst key = \"\(clerkLive)\";\n", .critical),
        ]
        for (path, text, tier) in clerk {
            let findings = scan(path, text)
            XCTAssertEqual(findings.map(\.rule), ["clerk-secret-key"], "\(path): \(text)")
            XCTAssertEqual(findings.first?.provider, "clerk", path)
            XCTAssertEqual(findings.first?.tier, tier, path)
        }
        // Stripe's keys stay Stripe's: by their name, by their account-style shape, or with nothing saying Clerk.
        let stripe: [(String, String)] = [
            (".env", "CLERK_SECRET_KEY=\(clerkTest)\nSTRIPE_SECRET_KEY=\(ExampleSecret.stripeLive)\n"),
            (".env", "# Clerk handles sign-in\nSTRIPE_SECRET_KEY=sk_" + "live_" + Self.random(42, ExampleSecret.alphanumeric, "stripe-named") + "\n"),
            ("billing.py", "# auth: Clerk\nKEY = \"sk_" + "live_51" + Self.random(97, ExampleSecret.alphanumeric, "stripe-51") + "\"\n"),
            ("billing.py", "# auth: Clerk\nKEY = \"sk_" + "live_" + Self.random(24, ExampleSecret.alphanumeric, "stripe-24") + "\"\n"),
            ("billing.py", "KEY = \"sk_" + "live_" + Self.random(42, ExampleSecret.alphanumeric, "stripe-unnamed") + "\"\n"),
        ]
        for (path, text) in stripe {
            let findings = scan(path, text)
            XCTAssertEqual(findings.last?.rule, "stripe-secret-key", "\(path): \(text)")
            XCTAssertEqual(findings.last?.provider, "stripe", path)
            XCTAssertEqual(findings.last?.tier, .critical, path)
        }
        XCTAssertEqual(scan(".env", "CLERK_SECRET_KEY=\(clerkTest)\nSTRIPE_SECRET_KEY=\(ExampleSecret.stripeLive)\n").map(\.rule),
                       ["clerk-secret-key", "stripe-secret-key"])
    }

    // MARK: Settings stored as name and value entries

    func testAValueFieldIsJudgedUnderItsEntrysName() {
        let token = Self.random(40, ExampleSecret.alphanumeric, "entry-token")
        let password = Self.random(18, ExampleSecret.alphanumeric, "entry-password") + "#4"
        let postman = """
            {
              "auth": { "type": "bearer", "bearer": [{ "key": "token", "value": "\(token)", "type": "string" }] },
              "header": [
                { "key": "Content-Type", "value": "application/json" },
                { "key": "x-api-key", "value": "\(token)" }
              ],
              "variable": [
                { "key": "base_url", "value": "https://api.acme.dev" },
                { "key": "request_id", "value": "\(Self.random(32, ExampleSecret.lowerHex, "entry-id"))" },
                { "key": "access_token", "value": "{{login_token}}" }
              ]
            }
            """
        XCTAssertEqual(summary(scan("postman/acme.postman_collection.json", postman)),
                       ["high-entropy-secret high @2", "high-entropy-secret high @5"])
        // Postman's API-key auth: the key's entry is named `value`, in a list named `apikey`.
        let apiKeyAuth = """
            { "auth": { "type": "apikey", "apikey": [
                { "key": "value", "value": "\(token)", "type": "string" },
                { "key": "key", "value": "X-API-Key", "type": "string" },
                { "key": "in", "value": "header", "type": "string" }
            ] } }
            """
        XCTAssertEqual(summary(scan("postman/acme.postman_collection.json", apiKeyAuth)), ["high-entropy-secret high @2"])
        let deployment = """
            spec:
              containers:
                - name: api
                  image: ghcr.io/acme/api@sha256:\(Self.random(64, ExampleSecret.lowerHex, "entry-digest"))
                  env:
                    - name: LOG_LEVEL
                      value: debug
                    - name: DB_PASSWORD
                      value: "\(password)"
                    - name: RELEASE_SHA
                      value: \(Self.random(40, ExampleSecret.lowerHex, "entry-sha"))
                    - name: API_TOKEN
                      valueFrom:
                        secretKeyRef: { name: api, key: token }
            """
        XCTAssertEqual(summary(scan("k8s/deployment.yaml", deployment)), ["high-entropy-secret high @9"])
        let task = """
            { "containerDefinitions": [{ "name": "api", "environment": [
              { "name": "NODE_ENV", "value": "production" },
              { "name": "STRIPE_WEBHOOK_SECRET", "value": "\(token)" }
            ] }] }
            """
        XCTAssertEqual(summary(scan("ecs/task-definition.json", task)), ["high-entropy-secret high @3"])
    }

    func testATerraformVariablesDefaultIsJudgedUnderTheVariablesName() {
        let variables = """
            variable "datadog_api_key" {
              description = "Datadog API key used by the forwarder; rotate it in the Datadog console."
              type        = string
              default     = "\(Self.random(32, ExampleSecret.lowerHex, "tf-default"))"
              sensitive   = true
            }

            variable "image_digest" {
              type    = string
              default = "\(Self.random(40, ExampleSecret.lowerHex, "tf-digest"))"
            }

            variable "db_password" {
              type    = string
              default = "CHANGE_ME"
            }
            """
        // Named for Datadog, the key is Datadog's format; a secret no provider's format says is the generic rule's.
        let findings = scan("infra/variables.tf", variables)
        XCTAssertEqual(summary(findings), ["service-token critical @4"])
        XCTAssertEqual(findings.first?.provider, "datadog")
        let webhook = "variable \"webhook_signing_secret\" {\n  default = \"\(Self.random(40, ExampleSecret.alphanumeric, "tf-webhook"))\"\n}\n"
        XCTAssertEqual(summary(scan("infra/webhook.tf", webhook)), ["high-entropy-secret high @2"])
    }

    // MARK: Values that describe or make a secret

    func testPublicSiteKeysCSRFTokensAndInstructionsAreNotSecrets() {
        let texts: [(String, String)] = [
            ("config/settings.json", "{ \"recaptchaSiteKey\": \"6Lc\(Self.random(37, ExampleSecret.tokenCharacters, "site"))\" }\n"),
            ("src/captcha.ts", "const turnstile = { sitekey: \"0x4AAAAAAA\(Self.random(14, ExampleSecret.tokenCharacters, "turnstile"))\" };\n"),
            ("config/settings.json", "{ \"csrfToken\": \"\(Self.random(32, ExampleSecret.alphanumeric, "csrf"))\" }\n"),
            ("app/config.py", "XSRF_TOKEN = \"\(Self.random(40, ExampleSecret.alphanumeric, "xsrf"))\"\n"),
            (".env.example", "NEXTAUTH_SECRET=generate-with-openssl-rand-base64-32\nJWT_SECRET=run-openssl-rand-hex-32\n"),
        ]
        for (path, text) in texts {
            XCTAssertEqual(summary(scan(path, text)), [], text)
        }
        // Ciphertext made to be committed (SOPS's), and git's signing key, which names an OpenPGP public key.
        let b64 = ExampleSecret.base64
        let sops = """
            api_key: ENC[AES256_GCM,data:\(Self.random(40, b64, "sops-1")),iv:\(Self.random(43, b64, "sops-2"))=,tag:\(Self.random(22, b64, "sops-3"))==,type:str]
            password: ENC[AES256_GCM,data:\(Self.random(24, b64, "sops-4"))=,iv:\(Self.random(43, b64, "sops-5"))=,tag:\(Self.random(22, b64, "sops-6"))==,type:str]
            """
        XCTAssertEqual(summary(scan("secrets/prod.enc.yaml", sops)), [])
        XCTAssertEqual(summary(scan("secrets.enc.json", "{ \"api_key\": \"ENC[AES256_GCM,data:\(Self.random(40, b64, "sops-7")),type:str]\" }\n")), [])
        XCTAssertEqual(summary(scan(".gitconfig", "[user]\n  signingkey = 4AEE18F83AFDEB23\n  signingkey = 0x\(Self.random(40, "0123456789ABCDEF", "gpg"))!\n")), [])
        XCTAssertEqual(summary(scan(".env", "JWT_SIGNING_KEY=\(Self.random(40, ExampleSecret.lowerHex, "jwt-signing"))\n")),
                       ["high-entropy-secret high @1"])
        // The secret beside them still is one.
        XCTAssertEqual(summary(scan(".env", "RECAPTCHA_SECRET_KEY=6Lc\(Self.random(37, ExampleSecret.tokenCharacters, "captcha-secret"))\n")),
                       ["high-entropy-secret high @1"])
    }

    // MARK: URL query strings

    func testCredentialsInAURLsQueryStringAreSecrets() {
        let key = Self.random(32, ExampleSecret.lowerHex, "query-key")
        let token = Self.random(40, ExampleSecret.alphanumeric, "query-token")
        let found: [(String, String)] = [
            ("src/api.js", "const res = await fetch(\"https://api.weather.dev/v1/data?api_key=\(key)&q=London\");\n"),
            ("src/api.ts", "const url = `https://api.acme.dev/v1/items?access_token=\(token)`;\n"),
            ("app/client.go", "resp, err := http.Get(\"https://api.acme.dev/v1?format=json&apikey=\(token)\")\n"),
            ("README.md", "Call `https://api.weather.dev/v1/data?api_key=\(key)&q=London`.\n"),
        ]
        for (path, text) in found {
            let findings = scan(path, text)
            XCTAssertEqual(summary(findings), ["url-query-secret high @1"], text)
            // The value alone, not the parameters after it.
            XCTAssertEqual(findings.first?.evidence, Redaction.redact(text.contains(key) ? key : token), text)
        }
        // A provider's key in the query is its provider's.
        XCTAssertEqual(summary(scan("src/maps.js", "const src = \"https://maps.googleapis.com/maps/api/js?key=\(ExampleSecret.googleAPIKey)\";\n")),
                       ["google-api-key critical @1"])
        let silent = [
            "fetch(`https://api.weather.dev/v1/data?api_key=${WEATHER_KEY}&q=London`);",
            "fetch(\"https://api.weather.dev/v1/data?api_key=\" + key + \"&q=London\");",
            "https://api.acme.dev/v1/items?api_key=<your-api-key>",
            "https://api.acme.dev/v1/items?api_key=YOUR_API_KEY&limit=10",
            "https://api.acme.dev/v1/items?next_token=\(token)&request_id=\(key)",
            "https://cdn.acme.dev/app.js?v=\(key)",
            "if (a && token == b) { x = c ? d : e; }",
            "    Or copy and paste one of these URLs: http://127.0.0.1:8888/lab?token=\(Self.random(48, ExampleSecret.lowerHex, "jupyter"))",
            "https://api.example.com/v1/items?api_key=\(key)",
        ]
        for text in silent {
            XCTAssertEqual(summary(scan("src/client.js", text + "\n")), [], text)
        }
    }

    // MARK: Command lines

    func testCredentialsPassedOnACommandLineAreSecrets() {
        let password = Self.random(20, ExampleSecret.alphanumeric, "cli-password")
        let lines = [
            ("curl -u admin:\(password) https://search.acme.dev/_cluster/health", "admin:" + password),
            ("curl --user deploy:\(password) https://nexus.acme.dev/repository/", "deploy:" + password),
            ("curl -u 'deploy:\(password)' https://nexus.acme.dev/repository/", "deploy:" + password),
            ("docker login registry.acme.dev -u ci --password \(password)", password),
            ("docker login -u ci -p \(password) registry.acme.dev", password),
            ("echo ok && podman login quay.io -u bot -p \"\(password)\"", password),
        ]
        for (line, secret) in lines {
            let findings = scan("README.md", "```sh\n\(line)\n```\n")
            XCTAssertEqual(summary(findings), ["command-line-credential high @2"], line)
            XCTAssertEqual(findings.first?.evidence, Redaction.redact(secret), line)
        }
        let silent = [
            "curl -u elastic:changeme http://localhost:9200",
            "curl -u \"$USER:$PASS\" https://x.acme.dev",
            "curl -u admin:password123 https://x.acme.dev",
            "docker run -p 8080:80 -u 1000:1000 acme/web",
            "docker run -p \(password) acme/web",
            "git push -u origin main",
            "docker login -u ci -p ${CI_JOB_TOKEN} registry.acme.dev",
            "docker login -u ci --password-stdin registry.acme.dev",
            "psql --password --host db.acme.dev",
        ]
        for line in silent {
            XCTAssertEqual(summary(scan("README.md", line + "\n")), [], line)
        }
    }
}
