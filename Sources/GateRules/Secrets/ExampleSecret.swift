import Foundation

/// Random-looking but fixed credentials for detector examples and tests.
///
/// They are assembled at run time from a seeded generator, so no source file in this repository holds a
/// key-shaped literal for other secret scanners (or gate itself) to flag, and none of them is a real key.
enum ExampleSecret {
    static let alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    static let tokenCharacters = alphanumeric + "_-"
    static let base64 = alphanumeric + "+/"
    static let lowerHex = "0123456789abcdef"
    static let digits = "0123456789"
    static let base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

    /// `count` characters of `alphabet`, the same for the same `seed` on every run and platform.
    static func random(_ count: Int, from alphabet: String, seed: String) -> String {
        // Bytes, not Characters: every alphabet is ASCII, and `gate rules` generates hundreds of these.
        let characters = Array(alphabet.utf8)
        // FNV-1a of the seed, then xorshift64: deterministic, dependency-free, and random-looking enough.
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in seed.utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var result: [UInt8] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            result.append(characters[Int(state % UInt64(characters.count))])
        }
        return String(decoding: result, as: UTF8.self)
    }

    static let openAIProject = "sk-" + "proj-" + random(156, from: tokenCharacters, seed: "openai-project")
    static let openAIServiceAccount = "sk-" + "svcacct-" + random(120, from: tokenCharacters, seed: "openai-svc")
    static let openAIAdmin = "sk-" + "admin-" + random(100, from: tokenCharacters, seed: "openai-admin")
    static let openAILegacy = "sk-" + random(48, from: alphanumeric, seed: "openai-legacy")
    static let anthropic = "sk-" + "ant-api03-" + random(93, from: tokenCharacters, seed: "anthropic") + "AA"
    static let anthropicAdmin = "sk-" + "ant-admin01-" + random(93, from: tokenCharacters, seed: "anthropic-admin")
        + "AA"
    static let awsAccessKeyID = "AK" + "IA" + random(16, from: base32, seed: "aws-key-id")
    static let awsSessionKeyID = "AS" + "IA" + random(16, from: base32, seed: "aws-session-key-id")
    static let awsSecretAccessKey = random(40, from: base64, seed: "aws-secret")
    static let stripeLive = "sk_" + "live_" + random(99, from: alphanumeric, seed: "stripe-live")
    static let stripeRestricted = "rk_" + "live_" + random(99, from: alphanumeric, seed: "stripe-restricted")
    static let stripeTest = "sk_" + "test_" + random(99, from: alphanumeric, seed: "stripe-test")
    static let stripeWebhook = "wh" + "sec_" + random(32, from: alphanumeric, seed: "stripe-webhook")
    static let stripePublishable = "pk_" + "live_" + random(99, from: alphanumeric, seed: "stripe-publishable")
    static let twilioAPIKey = "S" + "K" + random(32, from: lowerHex, seed: "twilio-api-key")
    static let twilioAccountSID = "A" + "C" + random(32, from: lowerHex, seed: "twilio-account")
    static let twilioAuthToken = random(32, from: lowerHex, seed: "twilio-auth-token")
    static let sendGrid = "SG" + "." + random(22, from: tokenCharacters, seed: "sendgrid-id") + "."
        + random(43, from: tokenCharacters, seed: "sendgrid-secret")
    static let slackBot = "xox" + "b-" + random(12, from: digits, seed: "slack-team") + "-"
        + random(13, from: digits, seed: "slack-bot") + "-" + random(24, from: alphanumeric, seed: "slack-bot-secret")
    static let slackUser = "xox" + "p-" + random(12, from: digits, seed: "slack-user-team") + "-"
        + random(12, from: digits, seed: "slack-user") + "-" + random(32, from: lowerHex, seed: "slack-user-secret")
    static let slackApp = "xa" + "pp-1-A" + random(10, from: base32, seed: "slack-app") + "-"
        + random(13, from: digits, seed: "slack-app-id") + "-" + random(64, from: lowerHex, seed: "slack-app-secret")
    static let slackWebhook = "https://hooks." + "slack.com/services/T" + random(10, from: base32, seed: "webhook-team")
        + "/B" + random(10, from: base32, seed: "webhook-bot") + "/"
        + random(24, from: alphanumeric, seed: "webhook-secret")
    /// `prefix`, 30 random letters and digits and their CRC-32 in base 62, as GitHub and npm make tokens.
    static func checksummed(_ prefix: String, seed: String) -> String {
        let body = random(30, from: alphanumeric, seed: seed)
        return prefix + body + String(decoding: Checksums.base62(Checksums.crc32(Array(body.utf8))), as: UTF8.self)
    }

    static let gitHubClassic = checksummed("gh" + "p_", seed: "github-classic")
    static let gitHubApp = checksummed("gh" + "s_", seed: "github-app")
    static let gitHubOAuth = checksummed("gh" + "o_", seed: "github-oauth")
    static let gitHubFineGrained = "github" + "_pat_" + random(22, from: alphanumeric, seed: "github-pat-id") + "_"
        + random(59, from: alphanumeric, seed: "github-pat-secret")
    static let googleAPIKey = "AI" + "za" + random(35, from: tokenCharacters, seed: "google")
    static let tavily = "tv" + "ly-" + random(32, from: alphanumeric, seed: "tavily")
    static let tavilyDevelopment = "tv" + "ly-dev-" + random(32, from: alphanumeric, seed: "tavily-dev")
    /// Base64 lines of a PEM body: random bytes, not a key.
    static let privateKeyLines = (0..<4).map { random(64, from: base64, seed: "pem-\($0)") }
    static let genericToken = random(40, from: alphanumeric, seed: "generic-token")
    static let genericPassword = random(12, from: alphanumeric, seed: "generic-password") + "!#"
        + random(6, from: alphanumeric, seed: "generic-password-tail")
    static let genericHex = random(64, from: lowerHex, seed: "generic-hex")
    static let punctuatedPassword = random(6, from: alphanumeric, seed: "punct-1") + "#;" + random(5, from: alphanumeric, seed: "punct-2")
        + "!%^" + random(4, from: alphanumeric, seed: "punct-3")

    /// A JWT (HS256) with `payload` and a random signature: the claims are real JSON, the signature is noise.
    static func jwt(_ payload: String, seed: String) -> String {
        func segment(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        }
        return segment(#"{"alg":"HS256","typ":"JWT"}"#) + "." + segment(payload) + "."
            + random(43, from: tokenCharacters, seed: seed)
    }

    static let supabaseServiceRole = jwt(
        #"{"iss":"supabase","ref":"\#(random(20, from: "abcdefghijklmnopqrstuvwxyz", seed: "sb-ref"))","role":"service_role","iat":1716000000,"exp":2031576000}"#,
        seed: "supabase-service-role")
    static let supabaseAnon = jwt(
        #"{"iss":"supabase","ref":"\#(random(20, from: "abcdefghijklmnopqrstuvwxyz", seed: "sb-ref"))","role":"anon","iat":1716000000,"exp":2031576000}"#,
        seed: "supabase-anon")
    static let supabaseDemoServiceRole = jwt(#"{"iss":"supabase-demo","role":"service_role","exp":1983812996}"#,
                                             seed: "supabase-demo")
    static let hasuraAdminJWT = jwt(
        #"{"sub":"ops-bot","https://hasura.io/jwt/claims":{"x-hasura-default-role":"admin","x-hasura-allowed-roles":["admin"]}}"#,
        seed: "hasura-admin")
    static let expiredAdminJWT = jwt(#"{"sub":"ops-1","role":"admin","iat":1516239022,"exp":1516242622}"#,
                                     seed: "expired-admin")
    static let jwtIOSample = jwt(#"{"sub":"1234567890","name":"John Doe","iat":1516239022}"#, seed: "jwt-io")
    static let userSessionJWT = jwt(#"{"sub":"user_2aXk","sid":"sess_91","exp":1999999999}"#, seed: "user-session")
}
