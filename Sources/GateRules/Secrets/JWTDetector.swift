import Foundation
import GateCore

/// JSON Web Tokens whose payload grants a privileged role, such as Supabase's `service_role` key.
struct JWTDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("JWT with a privileged role", prefix: "eyJ", body: .custom { buffer, start, _ in
            guard let token = JSONWebToken(in: buffer, at: start), case .privileged(let role) = token.access else { return nil }
            let label = token.issuer?.contains("supabase") == true || token.hasSupabaseRef
                ? "Supabase \(role) key (JWT)" : "JWT granting role \(role)"
            var verdict = CredentialVerdict(token.isExpired ? label + ", expired" : label, provider: token.provider)
            verdict.isExpired = token.isExpired
            return CustomMatch(secret: token.range, verdict: verdict)
        }),
    ]

    private static let about = DetectorDescription(
        id: "privileged-jwt", name: "JWT with a privileged role", category: .secret,
        rationale: """
            A signed token whose payload grants a privileged role is a long-lived master key: Supabase's \
            service_role key bypasses every row-level security policy, and Hasura or PostgREST admin tokens do \
            the same. The payload is decoded: role service_role, supabase_admin, admin, postgres, superuser or \
            root (also in Hasura's x-hasura-default-role) is critical. Tokens whose role is public by design \
            (Supabase's anon key, authenticated), the local development keys every `supabase start` prints \
            (issuer supabase-demo) and the jwt.io sample are not secrets. A token whose exp has passed, in test \
            code or its fixtures (tests/, spec/, __tests__/, *.test.ts, *_test.go…), is low: tests make expired \
            admin tokens to check that they are refused; elsewhere it stays critical. Other tokens assigned to \
            secret names are judged by the high-entropy rule.
            """,
        triggering: [
            DetectorExample("SUPABASE_SERVICE_ROLE_KEY=↓\(ExampleSecret.supabaseServiceRole)\n", path: ".env.local"),
            DetectorExample("""
                import { createClient } from "@supabase/supabase-js";

                export const admin = createClient(process.env.SUPABASE_URL!, "↓\(ExampleSecret.supabaseServiceRole)");
                """, path: "lib/supabase-admin.ts"),
            DetectorExample("""
                hasura:
                  admin_token: ↓\(ExampleSecret.hasuraAdminJWT)
                """, path: "deploy/values.yaml"),
            DetectorExample("""
                supabase = create_client(url, "↓\(ExampleSecret.supabaseServiceRole)")
                """, path: "jobs/sync.py"),
            // Expired (exp in 2018) and in a test: reported low, never a block.
            DetectorExample("""
                it("refuses an expired admin token", async () => {
                  const token = "↓\(ExampleSecret.expiredAdminJWT)";
                  await expect(api.get("/admin", token)).rejects.toThrow("jwt expired");
                });
                """, path: "src/__tests__/admin.test.ts"),
        ],
        nonTriggering: [
            DetectorExample("NEXT_PUBLIC_SUPABASE_ANON_KEY=\(ExampleSecret.supabaseAnon)\n", path: ".env.local"),
            DetectorExample("""
                { "supabaseUrl": "https://abcdefghijklmnop.supabase.co", "supabaseKey": "\(ExampleSecret.supabaseAnon)" }
                """, path: "src/settings.json"),
            DetectorExample("""
                # Local development keys printed by `supabase start`
                SUPABASE_SERVICE_ROLE_KEY=\(ExampleSecret.supabaseDemoServiceRole)
                """, path: "supabase/.env.development"),
            DetectorExample("""
                const sample = "\(ExampleSecret.jwtIOSample)";
                """, path: "docs/auth.md"),
        ])
}

/// A JWT read from bytes: its extent and the claims that decide whether it is a secret.
struct JSONWebToken {
    /// Who may use a token with these claims.
    enum Access: Equatable {
        /// A role that bypasses authorization (named).
        case privileged(String)
        /// A role meant to ship to browsers (`anon`), or a documented sample.
        case publicByDesign
        /// Anything else: a user's session, a service's own token.
        case ordinary
    }

    let range: Range<Int>
    let access: Access
    let issuer: String?
    let hasSupabaseRef: Bool
    /// Whether its `exp` (seconds since 1970) has passed.
    let isExpired: Bool

    var provider: String? { issuer?.contains("supabase") == true || hasSupabaseRef ? "supabase" : nil }

    private static let segmentCharacters = ByteSet("A-Za-z0-9_-")
    private static let privilegedRoles: Set<String> = [
        "service_role", "supabase_admin", "admin", "postgres", "superuser", "root",
    ]
    private static let publicRoles: Set<String> = ["anon", "authenticated", "public", "anonymous", "user"]

    /// The token whose header starts at `start` (`eyJ`), if three base64url segments follow and the first
    /// two decode to JSON objects.
    init?(in buffer: UnsafeBufferPointer<UInt8>, at start: Int) {
        var segments: [Range<Int>] = []
        var index = start
        for part in 0..<3 {
            let begin = index
            while index < buffer.count, index - begin < 4096, Self.segmentCharacters.contains(buffer[index]) { index += 1 }
            segments.append(begin..<index)
            if part < 2 {
                guard index < buffer.count, buffer[index] == UInt8(ascii: "."), index > begin else { return nil }
                index += 1
            }
        }
        guard segments[0].count >= 10, segments[1].count >= 10, segments[2].count >= 16,
              index == buffer.count || !ByteSet.alphanumeric.contains(buffer[index]),
              let header = Self.object(buffer, segments[0]), header["alg"] != nil,
              let payload = Self.object(buffer, segments[1])
        else { return nil }
        range = start..<index
        issuer = (payload["iss"] as? String)?.lowercased()
        hasSupabaseRef = payload["ref"] is String
        isExpired = (payload["exp"] as? NSNumber).map { $0.doubleValue < Date().timeIntervalSince1970 } ?? false
        let hasura = payload["https://hasura.io/jwt/claims"] as? [String: Any]
        let role = (payload["role"] as? String) ?? (hasura?["x-hasura-default-role"] as? String)
        if issuer == "supabase-demo" || (payload["sub"] as? String == "1234567890" && payload["name"] as? String == "John Doe") {
            access = .publicByDesign
        } else if let role, Self.privilegedRoles.contains(role.lowercased()) {
            access = .privileged(role)
        } else if let role, Self.publicRoles.contains(role.lowercased()) {
            access = .publicByDesign
        } else {
            access = .ordinary
        }
    }

    /// Whether the value is a JWT meant to be public (an anon key): no rule reports it.
    static func isPublic(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        guard value.count > 40, buffer[value.lowerBound] == UInt8(ascii: "e"), buffer[value.lowerBound + 1] == UInt8(ascii: "y"),
              let token = JSONWebToken(in: buffer, at: value.lowerBound)
        else { return false }
        return token.access == .publicByDesign
    }

    private static func object(_ buffer: UnsafeBufferPointer<UInt8>, _ segment: Range<Int>) -> [String: Any]? {
        var text = String(decoding: UnsafeBufferPointer(rebasing: buffer[segment]), as: UTF8.self)
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
