import Foundation
import GateCore
@testable import GateRules
import XCTest

/// Recall and precision of every secret detector together, on a corpus generated at test time: real-shaped
/// credentials (never real ones) in the places they end up, and look-alikes that must stay silent.
final class SecretCorpusTests: XCTestCase {
    /// A file holding one credential on `line`, and the tier its finding must have.
    private struct Positive {
        var name: String
        var path: String
        var text: String
        var line: Int
        var tier: Tier
    }

    /// A file holding no credential; `allowsLow` when a low-tier finding (visible, never a sign-off) is right.
    private struct Negative {
        var name: String
        var path: String
        var text: String
        var allowsLow = false
    }

    private func scan(_ path: String, _ text: String) -> [Finding] {
        let lines = SecretExampleFile.lines(text).count
        let file = SecretExampleFile.sourceFile(path: path, text: text, addedLines: Set(1...max(lines, 1)))
        return Scanner(detectors: DetectorRegistry.secretDetectors).scan(file)
    }

    private static func random(_ count: Int, _ alphabet: String, _ seed: String) -> String {
        ExampleSecret.random(count, from: alphabet, seed: "corpus-" + seed)
    }

    private static let symbols = "!#^&*+=?@~"

    private static func google(_ seed: String) -> String { "AI" + "za" + random(35, ExampleSecret.tokenCharacters, seed) }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A password mixing letters, digits and punctuation, as password managers make them.
    private static func password(_ seed: String) -> String {
        random(6, ExampleSecret.alphanumeric, seed + "a") + random(2, symbols, seed + "b")
            + random(6, ExampleSecret.alphanumeric, seed + "c") + random(2, symbols, seed + "d") + random(3, ExampleSecret.digits, seed)
    }

    private static var positives: [Positive] {
        var corpus: [Positive] = []
        // Every catalogue format, twice, in two places keys end up, with keys of its own.
        for (index, format) in CredentialCatalogue.formats.enumerated() {
            for round in 0..<2 {
                let key = format.example(seed: "corpus-\(round)")
                let example = ProviderCredentialDetector.example(of: format, context: index + 3 * round + 1)
                let text = example.headWithoutMarker.replacingOccurrences(of: format.example(), with: key)
                let line = (example.markerPosition?.line ?? 1)
                corpus.append(Positive(name: "\(format.label) #\(round)", path: example.path, text: text, line: line,
                                       tier: format.tier))
            }
        }
        let alnum = ExampleSecret.alphanumeric, token = ExampleSecret.tokenCharacters, hex = ExampleSecret.lowerHex
        let openAI = "sk-" + "proj-" + random(156, token, "openai")
        let anthropic = "sk-" + "ant-api03-" + random(93, token, "anthropic") + "AA"
        let stripeLive = "sk_" + "live_" + random(99, alnum, "stripe-live")
        let stripeTest = "sk_" + "test_" + random(99, alnum, "stripe-test")
        let sid = "A" + "C" + random(32, hex, "twilio-sid")
        let twilioToken = random(32, hex, "twilio-token")
        let github = ExampleSecret.checksummed("gh" + "p_", seed: "corpus-github")
        let hugging = "hf" + "_" + random(34, ExampleSecret.alphanumeric.filter(\.isLetter), "hf")
        let replicate = "r8" + "_" + random(37, alnum, "replicate")
        let cohere = random(40, alnum, "cohere")
        let serviceRole = ExampleSecret.jwt(
            #"{"iss":"supabase","ref":"\#(random(20, "abcdefghijklmnopqrstuvwxyz", "ref"))","role":"service_role","iat":1716000000}"#,
            seed: "corpus-service-role")
        let expiredRoot = ExampleSecret.jwt(#"{"sub":"42","role":"root","exp":1600000000}"#, seed: "corpus-expired-root")
        let cases: [(String, String, String, Int, Tier)] = [
            ("openai .env", ".env", "OPENAI_API_KEY=\(openAI)\n", 1, .critical),
            ("openai notebook", "nb/a.ipynb", "{\"source\": [\"openai.api_key = \\\"\(openAI)\\\"\\n\"]}\n", 1, .critical),
            ("anthropic constructor", "app/llm.py", "client = anthropic.Anthropic(\n    api_key=\"\(anthropic)\",\n)\n", 2, .critical),
            ("stripe live joined", "billing.py", "KEY = (\"\(stripeLive.prefix(50))\"\n       \"\(stripeLive.dropFirst(50))\")\n", 1, .critical),
            ("stripe test", "billing.js", "const stripe = require('stripe')('\(stripeTest)');\n", 1, .high),
            ("stripe test yaml", "config/stripe.yml", "secret_key: \(stripeTest)\n", 1, .high),
            ("twilio client pair", "sms.py", "client = Client(\"\(sid)\", \"\(twilioToken)\")\n", 1, .critical),
            ("twilio env", ".env", "TWILIO_AUTH_TOKEN=\(twilioToken)\n", 1, .critical),
            ("github curl", "README.md", "curl -H \"Authorization: token \(github)\" https://api.github.com/user\n", 1, .critical),
            ("hf python", "train.py", "login(token=\"\(hugging)\")\n", 1, .critical),
            ("hf yaml", "config.yaml", "hf_token: \(hugging)\n", 1, .critical),
            ("hf markdown", "README.md", "Run `huggingface-cli login --token \(hugging)` first.\n", 1, .critical),
            ("hf env", ".env", "HF_TOKEN=\(hugging)\n", 1, .critical),
            ("replicate auth", "src/replicate.ts", "const replicate = new Replicate({ auth: \"\(replicate)\" });\n", 1, .critical),
            ("cohere client", "rerank.py", "co = cohere.Client(\"\(cohere)\")\n", 1, .critical),
            ("cohere go", "main.go", "client := cohereclient.NewClient(cohereclient.WithToken(\"\(cohere)\"))\n", 1, .critical),
            ("supabase createClient", "lib/admin.ts", "export const admin = createClient(url, \"\(serviceRole)\");\n", 1, .critical),
            ("supabase json", "settings.json", "{ \"serviceRoleKey\": \"\(serviceRole)\" }\n", 1, .critical),
            ("postgres url", ".env", "DATABASE_URL=postgres://app:\(random(18, alnum, "pg"))@db.prod.internal:5432/app\n", 1, .critical),
            ("postgresql url py", "settings.py", "DB = \"postgresql://svc:\(random(14, alnum, "pg2"))%40x@10.2.0.5/app\"\n", 1, .critical),
            ("mysql url", "config/database.yml", "url: mysql2://rails:\(random(20, alnum, "my"))@mysql.internal/prod\n", 1, .critical),
            ("mongodb srv", "src/db.js", "mongoose.connect(\"mongodb+srv://api:\(random(16, alnum, "mg"))@cluster0.x1y2z.mongodb.net/app\");\n", 1, .critical),
            ("mongodb", ".env", "MONGO_URL=mongodb://root:\(random(24, alnum, "mg2"))@mongo-0.mongo:27017/admin\n", 1, .critical),
            ("redis url", "worker.py", "r = redis.from_url(\"redis://:\(random(32, alnum, "rd"))@redis.prod:6379/0\")\n", 1, .critical),
            ("rediss url", "config.yml", "cache: rediss://default:\(random(32, alnum, "rd2"))@apn1-x.upstash.io:6379\n", 1, .critical),
            ("amqp url", ".env", "CELERY_BROKER_URL=amqp://celery:\(random(20, alnum, "mq"))@rabbit.internal:5672//\n", 1, .critical),
            ("password punctuation py", "settings.py", "DATABASE_PASSWORD = \"\(password("p1"))\"\n", 1, .high),
            ("secret key django", "settings.py", "SECRET_KEY = '\(random(20, alnum, "dj"))\(random(6, symbols, "dj2"))\(random(24, alnum, "dj3"))'\n", 1, .high),
            ("go dbPassword", "db.go", "\tdbPassword := \"\(password("go"))\"\n", 1, .high),
            ("client secret yaml", "oauth.yml", "client_secret: \"\(random(40, token, "cs"))\"\n", 1, .high),
            ("private key hex", ".env", "PRIVATE_KEY=0x\(random(64, hex, "wallet"))\n", 1, .high),
            ("passwd ini", "app.ini", "passwd = \(password("ini"))\n", 1, .high),
            ("token ts", "src/api.ts", "const token = \"\(random(40, alnum, "tk"))\";\n", 1, .high),
            ("java password", "Db.java", "private static final String DB_PASSWORD = \"\(password("java"))\";\n", 1, .high),
            ("csharp secret", "Program.cs", "var clientSecret = \"\(random(34, token, "cs2"))\";\n", 1, .high),
            ("php password", "config.php", "'password' => '\(password("php"))',\n", 1, .high),
            ("ruby secret", "secrets.rb", "config.secret_key_base = \"\(random(64, hex, "rb"))\"\n", 1, .high),
            ("kotlin apiKey", "Api.kt", "val apiKey = \"\(random(32, alnum, "kt"))\"\n", 1, .high),
            ("swift token", "Config.swift", "let authToken = \"\(random(40, alnum, "sw"))\"\n", 1, .high),
            ("rust secret", "main.rs", "let secret = \"\(random(32, alnum, "rs"))\";\n", 1, .high),
            ("setApiKey call", "app.js", "sdk.setApiKey(\"\(random(32, alnum, "set"))\");\n", 1, .high),
            ("notebook generic", "nb/b.ipynb", "{\"source\": [\"api_token = \\\"\(random(40, alnum, "nb"))\\\"\\n\"]}\n", 1, .high),
            ("aws pair", "credentials", "aws_secret_access_key = \(random(40, ExampleSecret.base64, "aws"))\n", 1, .critical),
            ("hf xml", "App.config", "<add key=\"HfToken\" value=\"\(hugging)\" />\n", 1, .critical),
            ("anthropic http file", "requests.http", "POST https://api.anthropic.com/v1/messages\nx-api-key: \(anthropic)\n", 2, .critical),
            ("github toml", "config.toml", "[github]\ntoken = \"\(github)\"\n", 2, .critical),
            ("openai markdown table", "docs/keys.md", "| env | key |\n|---|---|\n| prod | `\(openAI)` |\n", 3, .critical),
            ("stripe test yaml list", "ci.yml", "env:\n  - STRIPE_KEY=\(stripeTest)\n", 2, .high),
            ("replicate dockerfile", "Dockerfile", "ENV REPLICATE_API_TOKEN=\(replicate)\n", 1, .critical),
            ("cohere env", ".env", "COHERE_API_KEY=\(cohere)\n", 1, .critical),
            ("groq shell", "run.sh", "export GROQ_API_KEY='gsk_\(random(52, alnum, "groq"))'\n", 1, .critical),
            // XML configuration: the setting's name is an element's, or a key or name attribute's.
            ("dotnet appSettings", "src/Api/Web.config",
             "<appSettings>\n  <add key=\"ApiSecret\" value=\"\(random(40, token, "appsettings"))\" />\n</appSettings>\n", 2, .high),
            ("dotnet appSettings provider", "App.config", "<add key=\"MistralApiKey\" value=\"\(random(32, alnum, "xml-mistral"))\"/>\n", 1, .critical),
            ("dotnet setting value", "App.config",
             "<setting name=\"PartnerToken\" serializeAs=\"String\">\n  <value>\(random(40, alnum, "setting"))</value>\n</setting>\n", 2, .high),
            ("nuget credentials", "NuGet.config",
             "<packageSourceCredentials><acme>\n  <add key=\"ClearTextPassword\" value=\"\(password("nuget"))\" />\n</acme></packageSourceCredentials>\n", 2, .high),
            ("maven password", ".m2/settings.xml",
             "<server>\n  <id>releases</id>\n  <username>deploy</username>\n  <password>\(password("maven"))</password>\n</server>\n", 4, .high),
            ("maven passphrase", "settings.xml", "<server><id>gpg.passphrase</id><passphrase>\(password("gpg"))</passphrase></server>\n", 1, .high),
            ("android client secret", "app/src/main/res/values/secrets.xml",
             "<resources>\n    <string name=\"client_secret\" translatable=\"false\">\(random(40, token, "android"))</string>\n</resources>\n", 2, .high),
            ("java xml properties", "conf/jdbc.xml", "<properties>\n<entry key=\"db.password\">\(password("entry"))</entry>\n</properties>\n", 2, .high),
            ("spring bean property", "src/main/resources/beans.xml",
             "<bean id=\"ds\" class=\"com.zaxxer.hikari.HikariDataSource\">\n  <property name=\"password\" value=\"\(password("bean"))\"/>\n</bean>\n", 2, .high),
            // A setting named only `Key` or `api_key` is named for its provider by the object it sits in.
            ("appsettings nested provider", "src/Api/appsettings.json", """
                {
                  "AzureOpenAI": {
                    "Endpoint": "https://contoso-ai.openai.azure.com/",
                    "Key": "\(random(32, hex, "aoai-nested"))",
                    "Deployment": "gpt-4o"
                  }
                }
                """, 4, .critical),
            // A bare `Key` is judged under its object's name, like `JWT_KEY=…`: ASP.NET's `Jwt:Key` signing key.
            ("appsettings nested jwt key", "src/Api/appsettings.json", """
                {
                  "Jwt": {
                    "Key": "\(random(48, alnum, "aspnet-jwt-key"))",
                    "Issuer": "https://api.acme.dev"
                  }
                }
                """, 3, .high),
            ("yaml nested signing key", "config/application.yml",
             "security:\n  jwt:\n    key: \(random(44, alnum, "yaml-jwt-key"))\n", 3, .high),
            // `openssl rand -base64 32` starts with a slash one time in 64: a secret, not a path.
            ("base64 secret starting with a slash", ".env.production",
             "NEXTAUTH_SECRET=/\(ExampleSecret.random(43, from: ExampleSecret.base64, seed: "slash-secret"))\n", 1, .high),
            ("yaml nested provider", "config/settings.yml",
             "providers:\n  mistral:\n    # production\n    api_key: \(random(32, alnum, "yaml-mistral"))\n", 4, .critical),
            ("js config nested provider", "src/config.js",
             "export default {\n  cohere: {\n    apiKey: \"\(random(40, alnum, "js-cohere"))\",\n  },\n};\n", 3, .critical),
            // A Firebase client config's key (web config, google-services.json, GoogleService-Info.plist) ships to every
            // browser or installed app: low, never a block; other Google keys stay critical.
            ("firebase web config", "src/lib/firebase.ts", """
                const firebaseConfig = {
                  apiKey: "\(google("fb-web"))",
                  authDomain: "acme-prod.firebaseapp.com",
                  projectId: "acme-prod",
                  storageBucket: "acme-prod.appspot.com",
                  messagingSenderId: "612345678901",
                  appId: "1:612345678901:web:3f9a1c2b4d5e6f70"
                };
                """, 2, .low),
            ("firebase web config json", "public/firebase-config.json",
             "{\"apiKey\":\"\(google("fb-json"))\",\"authDomain\":\"acme.firebaseapp.com\",\"projectId\":\"acme\",\"appId\":\"1:1:web:2\"}\n", 1, .low),
            ("flutterfire options", "lib/firebase_options.dart", """
                  static const FirebaseOptions web = FirebaseOptions(
                    apiKey: '\(google("flutterfire"))',
                    appId: '1:612345678901:web:3f9a1c2b4d5e6f70',
                    messagingSenderId: '612345678901',
                    projectId: 'acme-prod',
                  );
                """, 2, .low),
            ("firebase vite env", ".env.production", """
                VITE_FIREBASE_API_KEY=\(google("vite"))
                VITE_FIREBASE_AUTH_DOMAIN=acme-prod.firebaseapp.com
                VITE_FIREBASE_PROJECT_ID=acme-prod
                """, 1, .low),
            ("gemini key beside firebase env", ".env", """
                NEXT_PUBLIC_FIREBASE_AUTH_DOMAIN=acme-prod.firebaseapp.com
                NEXT_PUBLIC_FIREBASE_PROJECT_ID=acme-prod
                GEMINI_API_KEY=\(google("gemini-beside"))
                """, 3, .critical),
            ("google key in server code", "server/maps.py", "gmaps = googlemaps.Client(key=\"\(google("maps-server"))\")\n", 1, .critical),
            ("apiKey without firebase config", "src/maps.ts", "export const maps = { apiKey: \"\(google("maps-ts"))\", projectId: \"acme\" };\n", 1, .critical),
            ("google-services json", "android/app/google-services.json", """
                { "project_info": { "project_number": "612345678901", "project_id": "acme-prod", "storage_bucket": "acme-prod.appspot.com" },
                  "client": [{ "client_info": { "mobilesdk_app_id": "1:612345678901:android:ab12" },
                               "api_key": [{ "current_key": "\(google("services-json"))" }] }] }
                """, 3, .low),
            ("googleservice-info plist", "ios/Acme/GoogleService-Info.plist", """
                <plist version="1.0">
                <dict>
                \t<key>API_KEY</key>
                \t<string>\(google("info-plist"))</string>
                \t<key>GCM_SENDER_ID</key>
                \t<string>612345678901</string>
                \t<key>GOOGLE_APP_ID</key>
                \t<string>1:612345678901:ios:ab12</string>
                </dict>
                </plist>
                """, 4, .low),
            ("current_key without google-services fields", "deploy/keys.json",
             "{ \"project_id\": \"acme-prod\", \"maps\": { \"current_key\": \"\(google("keys-json"))\" } }\n", 1, .critical),
            ("plist API_KEY without firebase keys", "ios/Acme/Maps.plist",
             "<dict>\n\t<key>API_KEY</key>\n\t<string>\(google("maps-plist"))</string>\n\t<key>BUNDLE_ID</key>\n\t<string>com.acme.app</string>\n</dict>\n", 3, .critical),
            // An expired admin JWT in test code is made to be refused: low. Unexpired or outside tests: critical.
            ("expired admin jwt in test", "src/__tests__/auth.test.ts", "const token = \"\(ExampleSecret.expiredAdminJWT)\";\n", 1, .low),
            ("expired admin jwt in spec", "spec/requests/admin_spec.rb", "let(:token) { \"\(expiredRoot)\" }\n", 1, .low),
            ("expired admin jwt in go test", "internal/auth/middleware_test.go", "\ttoken := \"\(expiredRoot)\"\n", 1, .low),
            ("expired admin jwt in django tests module", "notes/tests.py", "TOKEN = \"\(expiredRoot)\"\n", 1, .low),
            ("expired admin jwt in app code", "src/auth/bootstrap.ts", "const token = \"\(ExampleSecret.expiredAdminJWT)\";\n", 1, .critical),
            ("expired admin jwt in nested test route", "app/api/test/route.ts", "const token = \"\(expiredRoot)\";\n", 1, .critical),
            ("service role in test", "tests/test_admin.py", "KEY = \"\(ExampleSecret.supabaseServiceRole)\"\n", 1, .critical),
            ("service role without exp in test", "src/__tests__/db.test.ts", "const key = \"\(serviceRole)\";\n", 1, .critical),
            ("docker config auth", ".docker/config.json",
             "{\n  \"auths\": {\n    \"ghcr.io\": { \"auth\": \"\(base64("ci-bot:" + random(40, token, "ghcr")))\" }\n  }\n}\n", 3, .critical),
            ("legacy dockercfg", ".dockercfg",
             "{\"https://index.docker.io/v1/\": {\"auth\": \"\(base64("acme:" + password("dockercfg")))\", \"email\": \"ci@acme.dev\"}}\n", 1, .critical),
            ("npmrc auth", ".npmrc", "registry=https://npm.acme.dev/\n//npm.acme.dev/:_auth=\(base64("deploy:" + random(24, alnum, "npmrc")))\n", 2, .critical),
            ("spring properties", "src/main/resources/application.properties",
             "spring.datasource.username=app\nspring.datasource.password=\(password("spring"))\n", 2, .high),
            // A database URL's password query parameter opens the database as user:password@host does: critical on a
            // host others reach, high on a compose service's; a web URL's stays an entropy-only query secret.
            ("jdbc url query password", "src/main/resources/application.yml",
             "spring:\n  datasource:\n    url: jdbc:postgresql://orders.db.acme.io:5432/orders?user=orders&password=\(random(14, alnum, "jdbc-query"))&sslmode=require\n",
             3, .critical),
            ("jdbc url query password in xml", "src/main/webapp/META-INF/context.xml",
             "<Resource url=\"jdbc:mysql://shop.db.acme.io/shop?user=shop&amp;password=\(random(14, alnum, "jdbc-xml"))&amp;useSSL=true\"/>\n",
             1, .critical),
            ("libpq uri query password on a compose host", "docker-compose.yml",
             "services:\n  worker:\n    environment:\n      DATABASE_URL: postgresql://db:5432/app?user=app&password=\(random(14, alnum, "compose-query"))\n",
             4, .high),
            ("web url query password", "scripts/export.sh",
             "curl \"https://crm.acme.io/api/export?user=exporter&password=\(random(14, alnum, "web-query"))&format=csv\"\n", 1, .high),
        ]
        corpus += cases.map { Positive(name: $0.0, path: $0.1, text: $0.2, line: $0.3, tier: $0.4) }
        return corpus
    }

    private static var negatives: [Negative] {
        var corpus: [Negative] = []
        // Every format as a placeholder: the prefix, then x or 0 runs, or "your-…-here".
        for format in CredentialCatalogue.formats {
            let key = format.example()
            let keep = format.prefixLength
            corpus.append(Negative(name: "\(format.label) placeholder", path: ".env.example",
                                   text: "KEY=\(key.prefix(keep))\(String(repeating: "x", count: key.count - keep))\n"))
            corpus.append(Negative(name: "\(format.label) your-key", path: "docs/setup.md",
                                   text: "Set `\(format.provider.uppercased())_API_KEY=\(key.prefix(keep))your-key-here` in `.env`.\n"))
        }
        let hex = ExampleSecret.lowerHex, alnum = ExampleSecret.alphanumeric, b64 = ExampleSecret.base64
        let uuid = { (seed: String) in
            [8, 4, 4, 4, 12].enumerated().map { random($0.element, hex, seed + "\($0.offset)") }.joined(separator: "-")
        }
        let cases: [(String, String, String)] = [
            ("env lookup py", "app.py", "OPENAI_API_KEY = os.environ[\"OPENAI_API_KEY\"]\napi_key = os.getenv(\"API_KEY\")\n"),
            ("env lookup js", "app.ts", "const apiKey = process.env.STRIPE_SECRET_KEY!;\nconst token = process.env.GITHUB_TOKEN ?? \"\";\n"),
            ("env lookup ruby", "app.rb", "Stripe.api_key = ENV.fetch(\"STRIPE_SECRET_KEY\")\n"),
            ("env lookup java", "App.java", "String password = System.getenv(\"DB_PASSWORD\");\n"),
            ("github secrets", "ci.yml", "env:\n  TOKEN: ${{ secrets.NPM_TOKEN }}\n  PASSWORD: ${{ secrets.DB_PASSWORD }}\n"),
            ("compose default", "docker-compose.yml", "environment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n"),
            ("helm template", "values.yaml", "apiKey: \"{{ .Values.apiKey }}\"\npassword: \"{{ required \\\"pw\\\" .Values.pw }}\"\n"),
            ("placeholder angle", ".env.example", "API_KEY=<your-api-key>\nSECRET_KEY=<generate with openssl rand -hex 32>\n"),
            ("placeholder words", ".env.example", "SECRET_KEY=changeme\nDB_PASSWORD=your_password_here\nTOKEN=replace-me\n"),
            ("sha256 checksum", "Cargo.lock", "checksum = \"\(random(64, hex, "cargo"))\"\n"),
            ("go.sum", "go.sum", "golang.org/x/net v0.20.0 h1:\(random(43, b64, "gosum"))=\n"),
            ("integrity", "package-lock.json", "\"integrity\": \"sha512-\(random(86, b64, "integrity"))==\"\n"),
            ("yarn integrity", "yarn.lock", "  integrity sha1-\(random(27, b64, "sha1"))=\n"),
            ("git sha", "deploy.yml", "commit: \(random(40, hex, "sha"))\nimage_digest: sha256:\(random(64, hex, "digest"))\n"),
            ("bcrypt hash", "fixtures/users.json", "{ \"password_hash\": \"$2b$12$\(random(53, alnum, "bcrypt"))\" }\n"),
            ("md5 etag", "s3.json", "{ \"ETag\": \"\(random(32, hex, "etag"))\" }\n"),
            // Keys under an object named for no provider, or a provider's object holding no key of its format.
            ("nested cache key", "appsettings.json", "{ \"Cache\": { \"Key\": \"\(random(32, hex, "cache-key"))\" } }\n"),
            ("nested translation keys", "locales/en.json",
             "{\n  \"mistral\": {\n    \"key\": \"pricing.mistral.title\",\n    \"token\": \"{{count}} tokens\"\n  }\n}\n"),
            ("nested provider endpoint", "appsettings.Development.json",
             "{ \"AzureOpenAI\": { \"Endpoint\": \"https://contoso.openai.azure.com/\", \"Key\": \"\" } }\n"),
            ("uuid ids", "events.json", "{ \"id\": \"\(uuid("a"))\", \"request_id\": \"\(uuid("b"))\", \"trace_id\": \"\(uuid("c"))\" }\n"),
            ("uuid python", "models.py", "DEFAULT_TENANT = uuid.UUID(\"\(uuid("d"))\")\n"),
            ("supabase anon env", ".env.local", "NEXT_PUBLIC_SUPABASE_ANON_KEY=\(ExampleSecret.supabaseAnon)\n"),
            ("supabase anon json", "src/config.json", "{ \"supabaseAnonKey\": \"\(ExampleSecret.supabaseAnon)\", \"apiKey\": \"\(ExampleSecret.supabaseAnon)\" }\n"),
            ("supabase anon ts", "src/supabase.ts", "export const supabase = createClient(url, \"\(ExampleSecret.supabaseAnon)\");\n"),
            ("supabase demo", "supabase/seed.env", "SERVICE_ROLE_KEY=\(ExampleSecret.supabaseDemoServiceRole)\n"),
            ("jwt.io sample", "docs/auth.md", "Authorization: Bearer \(ExampleSecret.jwtIOSample)\n"),
            ("aws docs", "docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
            ("stripe docs key", "docs/billing.md", "stripe.api_key = \"" + "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc\"\n"),
            ("stripe publishable", "checkout.html", "Stripe(\"\(ExampleSecret.stripePublishable)\")\n"),
            ("posthog project key", "analytics.ts", "posthog.init(\"phc_\(random(43, alnum, "phc"))\", { api_host: \"https://eu.posthog.com\" })\n"),
            ("mapbox public", "map.js", "mapboxgl.accessToken = \"pk.eyJ1IjoiYWNtZSIsImEiOiJ\(random(20, alnum, "mb"))\";\n"),
            ("localhost url", ".env.development", "DATABASE_URL=postgres://postgres:\(random(12, alnum, "local"))@localhost:5432/dev\n"),
            ("example url", "README.md", "mongodb+srv://admin:<password>@cluster0.example.mongodb.net\npostgresql://user:password@host:5432/db\n"),
            ("templated url", "settings.py", "URL = f\"postgresql://{user}:{password}@{host}/{db}\"\nR = \"redis://:%s@%s:6379\" % (pw, host)\n"),
            ("compose url", "docker-compose.yml", "DATABASE_URL: postgres://app:app@db:5432/app\nAMQP_URL: amqp://guest:guest@rabbitmq:5672\n"),
            ("git remote", "CONTRIBUTING.md", "git clone git@github.com:acme/api.git\nhttps://github.com/acme/api/pull/12\n"),
            ("calls not secrets", "app.py", "max_tokens = 4096\ntoken = get_token(user)\npassword = prompt_password()\n"),
            ("describing names", "app.ts", "const passwordHint = \"Use 12 characters and 1 digit\";\nconst tokenUrl = \"https://auth.acme.dev/oauth/token\";\n"),
            ("secret file paths", ".env",
             "JWT_SECRET=/run/secrets/jwt_signing_key_2024\nTLS_KEY=/etc/ssl/private/AcmeProductionServer01.key\nSECRET_DIR=/var/lib/AcmeProductionSecretsStore2024/Keys\n"),
            ("slug secret name", "k8s.yaml", "secretName: api-tls-certificate-prod\nsecret_ref: payments-service-account\n"),
            ("preview token", "test/fixtures/session.json", "{ \"access_token\": \"preview-token-123\", \"refresh_token\": \"demo-refresh-token-456\" }\n"),
            ("i18n", "locales/en.json", "{ \"token_expired\": \"Your session expired, please sign in again\" }\n"),
            ("models", "llm.py", "model = \"gpt-4o-mini-2024-07-18\"\nembedding_model = \"text-embedding-3-small\"\n"),
            ("data uri", "logo.css", ".logo { background: url(data:image/png;base64,\(random(120, b64, "png"))); }\n"),
            ("log call", "app.py", "logger.info(\"token_refreshed_for_user_account_42\")\nprint(\"secret-rotation-finished-ok\")\n"),
            ("cache and sort keys", "cache.ts", "const cacheKey = \"report:2024-06-01:v3:summary\";\nconst sortKey = \"createdAt_2024_desc_v2\";\n"),
            ("test fixture token", "spec/fixtures/api.yml", "token: test_\(random(24, alnum, "fx"))\n"),
            ("plaid sandbox cassette", "test/vcr_cassettes/plaid.yml", "access_token: access-sandbox-\(uuid("plaid"))\n", ),
            ("random token in cassette", "test/vcr_cassettes/api.yml", "  token: \(random(40, alnum, "cassette"))\n"),
            ("public key pem", "keys/jwt.pub", "-----BEGIN PUBLIC KEY-----\n\(random(64, b64, "pub"))\n-----END PUBLIC KEY-----\n"),
            ("twilio sid alone", ".env", "TWILIO_ACCOUNT_SID=A" + "C" + random(32, hex, "sid-only") + "\n"),
            ("elided key docs", "docs/keys.md", "OPENAI_API_KEY=sk-proj-...\nANTHROPIC_API_KEY=sk-ant-...\nHF_TOKEN=hf_...\n"),
            ("version strings", "build.gradle", "version = \"1.2.3-SNAPSHOT-20240601.120000-17\"\n"),
            ("css classes", "index.html", "<div class=\"pa-4 ak-grid fw_bold re_layout\"></div>\n"),
            ("snake identifiers", "jobs.py", "def test_refresh_access_token_when_expired_returns_new_value(self): pass\n"),
            ("ssh public key", ".gate/policy.yml", "keys: [\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\(random(43, b64, "ssh")) alice@laptop\"]\n"),
            ("npm without checksum", "notes.md", "npm_\(random(36, alnum, "npm-fake"))\n"),
            ("github without checksum", "notes.md", "token ghp_\(random(36, alnum, "gh-fake")) from the docs\n"),
            ("base64 payload", "fixtures/event.json", "{ \"data\": \"\(random(200, b64, "payload"))\" }\n"),
            ("public key json", "jwks.json", "{ \"publicKey\": \"\(random(88, b64, "pubkey"))\" }\n"),
            ("salt and nonce", "crypto.py", "salt = \"\(random(32, alnum, "salt"))\"\nnonce = \"\(random(24, alnum, "nonce"))\"\n"),
            ("sentry dsn", "sentry.ts", "Sentry.init({ dsn: \"https://\(random(32, hex, "dsn"))@o450123.ingest.sentry.io/5512345\" });\n"),
            ("url without password", "README.md", "https://deploy@git.acme.dev/app.git and ftp://anonymous:guest@ftp.example.com/pub\n"),
            ("chunk hashes", "dist/index.html", "<script src=\"/assets/main.\(random(16, hex, "chunk")).js\"></script>\n"),
            ("webhook event ids", "stripe_events.json", "{ \"id\": \"evt_\(random(24, alnum, "evt"))\", \"object\": \"event\" }\n"),
            ("content ids", "app.js", "const widgetId = \"\(random(32, alnum, "widget"))\";\n"),
            ("docker creds store", ".docker/config.json", """
                {
                  "auths": { "ghcr.io": {}, "https://index.docker.io/v1/": { "auth": "" } },
                  "credsStore": "desktop",
                  "credHelpers": { "123456789012.dkr.ecr.us-east-1.amazonaws.com": "ecr-login" }
                }
                """),
            ("docker sample logins", "testdata/config.json", """
                { "auths": { "https://index.docker.io/v1/": { "auth": "\(base64("joejoe:hello"))" },
                             "registry.example.com": { "auth": "\(base64("user:password"))" },
                             "localhost:5000": { "auth": "\(base64("admin:changeme"))" },
                             "ghcr.io": { "auth": "\(base64("ci:${GHCR_TOKEN}"))" } } }
                """),
            ("auth not a login", "config/session.json", "{ \"auth\": \"\(random(44, b64, "auth-not-login"))\" }\n"),
            ("xml references", "settings.xml", """
                <password>${env.MAVEN_PASSWORD}</password>
                <passphrase>${gpg.passphrase}</passphrase>
                <password>changeme</password>
                <password></password>
                <password>  </password>
                """),
            ("xml encrypted", ".m2/settings.xml", "<server><id>r</id><password>{\(random(44, b64, "mvn-enc"))}</password></server>\n"),
            ("xml msbuild and empty", "Web.config", """
                <add key="ApiSecret" value="$(ApiSecret)" />
                <add key="SmtpPassword" value="" />
                <add key="ClientValidationEnabled" value="true" />
                <add key="webpages:Version" value="3.0.0.0" />
                """),
            ("android resources", "app/src/main/res/values/strings.xml", """
                <resources>
                    <string name="app_name">Acme Tasks</string>
                    <string name="client_secret">@string/client_secret_from_gradle</string>
                    <string name="password_hint">Enter your password</string>
                    <string name="facebook_client_token">\(random(32, hex, "fb-client-token"))</string>
                    <string name="default_web_client_id">\(random(12, ExampleSecret.digits, "client-id"))-\(random(32, "abcdefghijklmnopqrstuvwxyz0123456789", "cid")).apps.googleusercontent.com</string>
                </resources>
                """),
            ("android manifest metadata", "app/src/main/AndroidManifest.xml",
             "<meta-data android:name=\"com.facebook.sdk.ApplicationSecret\" android:value=\"\(random(32, hex, "manifest"))\"/>\n"),
            ("xml non-secret elements", "pom.xml", """
                <project>
                  <version>2.7.18-\(random(16, alnum, "pom-version"))</version>
                  <sha1>\(random(40, hex, "pom-sha"))</sha1>
                  <checksum>\(random(64, hex, "pom-checksum"))</checksum>
                  <tokenizer.name>org.apache.lucene.Tokenizer</tokenizer.name>
                </project>
                """),
            ("xml assembly binding", "App.config",
             "<assemblyIdentity name=\"Newtonsoft.Json\" publicKeyToken=\"30ad4fe6b2a6aeed\" culture=\"neutral\" />\n"),
            ("database url query passwords templated or local", "src/main/resources/application.properties", """
                a.url=jdbc:postgresql://db.acme.io:5432/orders?user=orders&password=${DB_PASSWORD}
                b.url=jdbc:postgresql://db.acme.io:5432/orders?user=orders&password=changeme
                c.url=jdbc:postgresql://localhost:5432/orders?user=postgres&password=\(random(14, alnum, "local-query"))
                d.url=postgresql:///orders?host=/var/run/postgresql&password=\(random(14, alnum, "socket-query"))
                """),
            ("xml test fixture dummy", "src/test/resources/settings.xml", """
                <password>testpassword</password>
                <password>dummy-secret-value-123</password>
                <password>password123456</password>
                """),
        ]
        corpus += cases.map { Negative(name: $0.0, path: $0.1, text: $0.2) }
        for index in corpus.indices where corpus[index].path.contains("vcr_cassettes") || corpus[index].path.contains("fixtures") {
            corpus[index].allowsLow = true
        }
        return corpus
    }

    func testCorpusRecallAndPrecision() {
        var detected = 0, wrongTier: [String] = [], missed: [String] = []
        let positives = Self.positives
        for positive in positives {
            let findings = scan(positive.path, positive.text)
            guard let finding = findings.first(where: { $0.line == positive.line }) else {
                missed.append("\(positive.name) [\(positive.path)]: \(findings.map { "\($0.rule)@\($0.line)" })")
                continue
            }
            detected += 1
            if finding.tier != positive.tier { wrongTier.append("\(positive.name): \(finding.tier) (\(finding.rule))") }
            for finding in findings {
                XCTAssertNotNil(finding.evidence?.range(of: "…[redacted "), positive.name)
            }
        }
        var falseAlarms: [String] = []
        let negatives = Self.negatives
        for negative in negatives {
            for finding in scan(negative.path, negative.text) where !(negative.allowsLow && finding.tier == .low) {
                falseAlarms.append("\(negative.name): \(finding.rule) \(finding.tier) @\(finding.line):\(finding.column ?? 0)")
            }
        }
        let recall = Double(detected) / Double(positives.count)
        let precision = Double(detected) / Double(detected + falseAlarms.count)
        print(String(format: "secret corpus: %d credentials, %d look-alikes; recall %.1f%% (%d/%d), precision %.1f%% (%d false alarms)",
                     positives.count, negatives.count, recall * 100, detected, positives.count, precision * 100,
                     falseAlarms.count))
        XCTAssertGreaterThanOrEqual(recall, 0.95, "missed:\n" + missed.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(precision, 0.98, "false alarms:\n" + falseAlarms.joined(separator: "\n"))
        XCTAssertEqual(wrongTier, [], "tiers")
        XCTAssertEqual(missed, [], "every generated credential is found")
        XCTAssertEqual(falseAlarms, [], "no look-alike is reported")
    }

    /// Chance must not hide a credential: every catalogue format, built-in shape and entropy-only kind, with 100 keys
    /// (500 for the last two) drawn from its alphabet, is found at its tier. Before the placeholder words and runs were
    /// weighed by chance and the entropy floors bounded by it (`SecretValue.looksLive(shaped:)`), 5 of the first
    /// 60 draws a format were missed (Pusher's 20 hex digits under 3.0 bits, a Mollie key under 4.0); with 400
    /// draws one key in 140,000 still is (`nvapi-Xxxx…`: a word where a person would put it, once in a few million).
    func testEveryShapeIsFoundWhateverItsRandomBytes() {
        let draws = 100
        var keys: [(name: String, path: String, text: String, tier: Tier)] = []
        for (index, format) in CredentialCatalogue.formats.enumerated() {
            let example = ProviderCredentialDetector.example(of: format, context: index)
            for draw in 0..<draws {
                let text = example.headWithoutMarker.replacingOccurrences(of: format.example(), with: format.example(seed: "chance-\(draw)"))
                keys.append(("\(format.label) #\(draw)", example.path, text, format.tier))
            }
        }
        let alnum = ExampleSecret.alphanumeric, token = ExampleSecret.tokenCharacters
        for draw in 0..<draws * 5 {
            func random(_ count: Int, _ alphabet: String) -> String {
                ExampleSecret.random(count, from: alphabet, seed: "chance-\(count)-\(draw)")
            }
            let builtIn: [(String, String, Tier)] = [
                ("OPENAI_API_KEY", "sk-" + "proj-" + random(156, token), .critical),
                ("OPENAI_API_KEY", "sk-" + "proj-" + random(64, ExampleSecret.lowerHex.uppercased()), .critical),
                ("OPENAI_API_KEY", "sk-" + random(48, alnum), .critical),
                ("ANTHROPIC_API_KEY", "sk-" + "ant-api03-" + random(93, token) + "AA", .critical),
                ("STRIPE_SECRET_KEY", "sk_" + "live_" + random(99, alnum), .critical),
                ("STRIPE_SECRET_KEY", "sk_" + "test_" + random(99, alnum), .high),
                ("AWS_ACCESS_KEY_ID", "AK" + "IA" + random(16, ExampleSecret.base32), .critical),
                ("AWS_SECRET_ACCESS_KEY", random(40, ExampleSecret.base64), .critical),
                ("TWILIO_AUTH_TOKEN", random(32, ExampleSecret.lowerHex), .critical),
                ("GITHUB_TOKEN", ExampleSecret.checksummed("gh" + "p_", seed: "chance-github-\(draw)"), .critical),
                ("GOOGLE_API_KEY", "AI" + "za" + random(35, token), .critical),
                ("TAVILY_API_KEY", "tv" + "ly-" + random(32, alnum), .critical),
                // No provider's shape: the entropy-only rule, whose floors chance bounds too. It takes a value of
                // letters for a secret only with a digit in it (a slug of one case is words): each ends with one.
                ("API_TOKEN", random(15, alnum) + "7", .high),
                ("WEBHOOK_SECRET", random(20, ExampleSecret.lowerHex), .high),
                ("DB_PASSWORD", random(11, alnum) + "7", .high),
            ]
            for (name, key, tier) in builtIn { keys.append(("\(name) \(key.prefix(8))… #\(draw)", ".env", "\(name)=\(key)\n", tier)) }
        }
        var missed: [String] = []
        for key in keys {
            let findings = scan(key.path, key.text)
            if !findings.contains(where: { $0.category == .secret && $0.tier == key.tier }) {
                missed.append("\(key.name): \(findings.map { "\($0.rule) \($0.tier)" }) in \(key.text)")
            }
        }
        XCTAssertEqual(missed, [], "\(missed.count) of \(keys.count) keys missed")
    }

    /// Shapes found in real repositories: OpenAI's project-less `sk-None-` keys, Claude Code's OAuth tokens, a
    /// Telegram bot token in its Bot API URL; and public client keys (Pusher's app key, Bugsnag's notifier key,
    /// Segment's write key) that every browser is sent, which are no secrets.
    func testKeysFoundInRealRepositoriesAndPublicClientKeys() {
        let random = { (count: Int, seed: String) in ExampleSecret.random(count, from: ExampleSecret.alphanumeric, seed: seed) }
        let critical: [(String, String)] = [
            ("app/scrape.py", "client = OpenAI(api_key=\"sk-" + "None-" + random(20, "n1") + "T3BlbkFJ" + random(20, "n2") + "\")\n"),
            (".github/workflows/claude.yml", "with:\n  claude_code_oauth_token: sk-" + "ant-oat01-" + random(95, "o1") + "-AA\n"),
            ("cmd/notify/main.go", "const endpoint = \"https://api.telegram.org/bot" + "5907432814:AA" + random(33, "t1") + "/sendMessage\"\n"),
        ]
        for (path, text) in critical {
            XCTAssertTrue(scan(path, text).contains { $0.category == .secret && $0.tier == .critical }, "\(path): \(scan(path, text))")
        }
        let hex = { (count: Int, seed: String) in ExampleSecret.random(count, from: ExampleSecret.lowerHex, seed: seed) }
        let publicKeys: [(String, String)] = [
            ("resources/js/echo.js", "var pusher = new Pusher('" + hex(20, "p1") + "', { cluster: 'ap3' });\n"),
            (".env.example", "PUSHER_APP_KEY=" + hex(20, "p2") + "\n"),
            ("src/app/app.module.ts", "Bugsnag.start({ apiKey: '" + hex(32, "b1") + "' });\n"),
        ]
        for (path, text) in publicKeys {
            XCTAssertFalse(scan(path, text).contains { $0.tier == .critical }, "\(path): \(scan(path, text))")
        }
        // The Pusher app secret still is one.
        XCTAssertTrue(scan(".env", "PUSHER_APP_SECRET=" + hex(20, "p3") + "\n").contains { $0.tier == .critical })
        // A password for a compose service's database (a host of one label) is for a reviewer, not a block.
        let password = random(12, "u1")
        let compose = scan("docker-compose.yml", "    environment:\n      DATABASE_URL: postgresql://wheel:\(password)@postgres:5432/wheel\n")
        XCTAssertEqual(compose.filter { $0.category == .secret }.map(\.tier), [.high], "\(compose)")
        let hosted = scan(".env", "DATABASE_URL=postgresql://wheel:\(password)@db.prod.acme.io:5432/wheel\n")
        XCTAssertEqual(hosted.filter { $0.category == .secret }.map(\.tier), [.critical], "\(hosted)")
    }

    func testTheCatalogueCoversAtLeast150ProvidersAndEveryPaidModelProvider() {
        let providers = CredentialCatalogue.providers.union(
            DetectorRegistry.secretDetectors.compactMap { ($0 as? any CredentialDetector)?.provider })
        XCTAssertGreaterThanOrEqual(providers.count, 150)
        for provider in ["openai", "anthropic", "google", "huggingface", "groq", "mistral", "cohere", "replicate",
                         "together", "fireworks", "perplexity", "elevenlabs", "deepgram", "assemblyai", "pinecone",
                         "xai", "deepseek", "openrouter", "voyage", "jina", "tavily", "exa", "firecrawl", "serper"] {
            XCTAssertTrue(providers.contains(provider), provider)
        }
    }

    func testNPMTokensNeedTheirChecksum() {
        let format = CredentialCatalogue.formats.first { $0.provider == "npm" }
        let valid = format?.example() ?? ""
        XCTAssertEqual(scan(".npmrc", "//registry.npmjs.org/:_authToken=\(valid)\n").map(\.rule), ["code-hosting-token"])
        // The same shape with its last character changed fails the CRC-32 and is no npm token.
        let last = valid.last == "A" ? "B" : "A"
        let broken = String(valid.dropLast()) + last
        XCTAssertEqual(scan("notes.md", "see \(broken) in the log\n").map(\.rule), [])
        XCTAssertEqual(String(decoding: Checksums.base62(Checksums.crc32(Array("123456789".utf8))), as: UTF8.self),
                       "3jZRME", "CRC-32 check value 0xCBF43926 in base 62")
    }

    func testJWTRolesDecideTheFinding() {
        let admin = scan("lib/admin.ts", "createClient(url, \"\(ExampleSecret.supabaseServiceRole)\")\n")
        XCTAssertEqual(admin.map(\.rule), ["privileged-jwt"])
        XCTAssertEqual(admin.first?.provider, "supabase")
        XCTAssertEqual(admin.first?.tier, .critical)
        XCTAssertEqual(scan("lib/client.ts", "createClient(url, \"\(ExampleSecret.supabaseAnon)\")\n"), [])
        // An ordinary token under a secret name is judged by entropy: a sign-off, not a block.
        let session = scan(".env", "SESSION_TOKEN=\(ExampleSecret.userSessionJWT)\n")
        XCTAssertEqual(session.map(\.rule), ["high-entropy-secret"])
        XCTAssertEqual(session.first?.tier, .high)
    }

    func testEntropyOnlyMatchesNeverBlockAndFixturesLowerThem() {
        let value = Self.random(40, ExampleSecret.alphanumeric, "entropy")
        let plain = scan("app/config.py", "API_TOKEN = \"\(value)\"\n")
        XCTAssertEqual(plain.map(\.tier), [.high])
        XCTAssertEqual(plain.map(\.action), [.requireApproval])
        for path in ["test/vcr_cassettes/api.yml", "spec/fixtures/tokens.yml", "pkg/testdata/config.yml", "src/__snapshots__/a.yml"] {
            XCTAssertEqual(scan(path, "api_token: \(value)\n").map(\.tier), [.low], path)
        }
        // A provider-shaped live key stays critical wherever it is.
        let live = scan("test/vcr_cassettes/billing.yml", "key: \(ExampleSecret.stripeLive)\n")
        XCTAssertEqual(live.map(\.tier), [.critical])
    }

    /// Values a person wrote next to a secret-looking name (identifiers of words, ARNs, samples that count up)
    /// are no secrets; random values of every alphabet are very rarely taken for them.
    func testIdentifiersARNsAndCountingSamplesAreNotSecrets() {
        for line in [
            "security_group_key = \"EmrManagedMasterSecurityGroup\"",
            "zone_key: AvailabilityZone",
            "SSE_KEY = \"EnableServerSideEncryption\"",
            "bucket_key = \"MyS3BucketName\"",
            "kms_key = \"arn:aws:kms:us-west-2:417498243647:key/c9fe2447-0795-4fda-afbe-8464574\"",
            "\"passphrase\": \"AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4ijklMN5opqrStuVWxyzAbCDEfghIJ\"",
            "device_key = \"a1b2c3d4567890ab\"",
            "\"AWS::SecretsManager::Secret\": \"c85175a4ebcce361\"",
            "ALLOW_CREDENTIALS = \"Access-Control-Allow-Credentials\"",
            "let retain = reader.bool(forKey: \"retainHTTPMethodAndBodyOn301\", default: false)",
            "- ``ConfigReader/int(forKey:as:isSecret:fileID:line:)-1wdqj``",
            "_SAR_APP_KEY = \"serverlessrepo:applicationId\"",
            "\"LockToken\": \"7f36cb30-74ef-4cff-8cd4-a77e1aba1746\"",
            "\"pattern\": \"^arn:aws:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[a-zA-Z0-9/_+=.@-]+$\"",
        ] {
            XCTAssertEqual(scan("app/settings.py", line + "\n").map(\.rule), [], line)
        }
        let samples: [(alphabet: String, length: Int, allowed: Int)] = [
            (ExampleSecret.alphanumeric, 16, 2), (ExampleSecret.alphanumeric, 24, 0),
            (ExampleSecret.alphanumeric.filter(\.isLetter), 16, 4), (ExampleSecret.alphanumeric.filter(\.isLetter), 24, 1),
            (ExampleSecret.lowerHex, 16, 1), (ExampleSecret.base64, 20, 0),
            (ExampleSecret.alphanumeric.filter { !$0.isUppercase }, 16, 0), (ExampleSecret.alphanumeric + "-_", 16, 1),
            (ExampleSecret.alphanumeric.filter { !$0.isUppercase } + "-_", 16, 2),
        ]
        for sample in samples {
            var madeUp: [String] = []
            for index in 0..<3_000 {
                let value = Self.random(sample.length, sample.alphabet, "made-up-\(sample.length)-\(index)")
                if Array(value.utf8).withUnsafeBufferPointer({ GenericSecretDetector.isMadeUp($0, 0..<$0.count) }) {
                    madeUp.append(value)
                }
            }
            XCTAssertLessThanOrEqual(madeUp.count, sample.allowed, "\(sample.length) of \(sample.alphabet): \(madeUp)")
        }
        // A test named like a Mollie key's shape (`test_` and 30 letters) is a test.
        XCTAssertEqual(scan("Tests/DequeTests.swift", "    func test_resolvingSingleObjectWriteOnly() {\n").map(\.rule), [])
        // A random token next to the same names is still found.
        let value = Self.random(24, ExampleSecret.alphanumeric, "made-up-live")
        XCTAssertEqual(scan("app/settings.py", "signing_key = \"\(value)\"\n").map(\.rule), ["high-entropy-secret"])
    }

    func testConnectionURLEvidenceIsThePasswordRedacted() {
        let password = Self.random(20, ExampleSecret.alphanumeric, "url")
        let findings = scan(".env", "DATABASE_URL=postgres://app:\(password)@db.prod.internal/app\n")
        XCTAssertEqual(findings.map(\.rule), ["connection-url-password"])
        XCTAssertEqual(findings.first?.evidence, Redaction.redact(password))
        XCTAssertFalse(findings.first?.message.contains(password) ?? true)
        // A token used as the password is that token's finding, once.
        let github = ExampleSecret.checksummed("gh" + "p_", seed: "corpus-url-gh")
        XCTAssertEqual(scan("run.sh", "git clone https://x-access-token:\(github)@github.com/acme/api.git\n").map(\.rule),
                       ["github-token"])
    }
}
