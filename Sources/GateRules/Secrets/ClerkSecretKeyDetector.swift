import Foundation
import GateCore

/// Clerk's secret keys, which share Stripe's `sk_live_`/`sk_test_` prefixes and alphabet: told apart from Stripe's
/// by the setting's name (`CLERK_SECRET_KEY`), else by their length next to Clerk's other settings.
///
/// Registered before `StripeKeyDetector`, so a key this detector turns away is still judged as Stripe's.
struct ClerkSecretKeyDetector: CredentialDetector {
    let provider: String? = "clerk"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    /// Clerk's secret keys are 42 or 43 letters and digits after the prefix; Stripe's 24 (older accounts) or 99 and
    /// more, starting with the account-style `51`. A few either way, for keys Clerk may lengthen.
    private static let clerkBodyLengths = 38...48
    private static let stripeAccountPrefix = Array("51".utf8)
    private static let stripeLegacyBodyLength = 24
    private static let clerkWord = Array("clerk".utf8)
    private static let stripeWord = Array("stripe".utf8)
    private static let publishablePrefixes = [Array("pk_test_".utf8), Array("pk_live_".utf8)]
    private static let wordCharacters = ByteSet("A-Za-z0-9_")
    private static let nameCharacters = ByteSet("A-Za-z0-9_.-")
    private static let quotesAndBlanks = ByteSet("\"'` \t")
    private static let assignmentOperators = ByteSet(":=>")
    private static let base64Characters = ByteSet("A-Za-z0-9+/")

    private static let tokenShapes = [
        TokenShape("Clerk secret key", prefix: "sk_live_", body: .custom(clerkKey)),
        TokenShape("Clerk development instance secret key", prefix: "sk_test_", body: .custom(clerkKey), tier: .high),
    ]

    /// The key whose body starts at `bodyStart`, when it is Clerk's rather than Stripe's.
    private static func clerkKey(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ bodyStart: Int) -> CustomMatch? {
        var end = bodyStart
        while end < buffer.count, end - bodyStart <= 247, ByteSet.alphanumeric.contains(buffer[end]) { end += 1 }
        let body = bodyStart..<end
        guard body.count >= 20, end == buffer.count || !wordCharacters.contains(buffer[end]),
              SecretValue.looksLive(shaped: buffer, body, minimumEntropy: 3.0)
        else { return nil }
        let name = settingName(before: start, in: buffer)
        if let name, SecretValue.containsIgnoringCase(buffer, name, stripeWord) { return nil }
        if let name, SecretValue.containsIgnoringCase(buffer, name, clerkWord) { return CustomMatch(secret: start..<end) }
        // Paystack's live and test keys share the prefix too: 40 lowercase hex digits.
        let paystackShaped = body.count == 40 && body.allSatisfy { ByteSet.lowerHex.contains(buffer[$0]) }
        let stripeShaped = body.count == stripeLegacyBodyLength
            || (body.count > clerkBodyLengths.upperBound && startsWith(stripeAccountPrefix, at: bodyStart, in: buffer))
        guard !stripeShaped, !paystackShaped, clerkBodyLengths.contains(body.count), mentionsClerk(buffer) else { return nil }
        return CustomMatch(secret: start..<end)
    }

    /// The name the key at `start` is assigned to (`CLERK_SECRET_KEY=`, `"clerkSecretKey": "`, `secret_key: `), or
    /// for a setting named only for what it holds, its enclosing object's and its own (`clerk:` over `secret_key:`).
    private static func settingName(before start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var cursor = start - 1
        while cursor >= 0, quotesAndBlanks.contains(buffer[cursor]) { cursor -= 1 }
        guard cursor >= 0, assignmentOperators.contains(buffer[cursor]) else { return nil }
        while cursor >= 0, assignmentOperators.contains(buffer[cursor]) { cursor -= 1 }
        while cursor >= 0, quotesAndBlanks.contains(buffer[cursor]) { cursor -= 1 }
        let nameEnd = cursor + 1
        while cursor >= 0, nameCharacters.contains(buffer[cursor]) { cursor -= 1 }
        guard cursor + 1 < nameEnd else { return nil }
        let name = (cursor + 1)..<nameEnd
        if NestedSettingName.isBare(buffer[name]), let parent = NestedSettingName.enclosingKey(of: name, in: buffer) {
            return parent.lowerBound..<name.upperBound
        }
        return name
    }

    /// Whether the file says Clerk: the word (`@clerk/nextjs`, `CLERK_PUBLISHABLE_KEY`, `createClerkClient`), or a
    /// publishable key that is Clerk's (base64 of its Frontend API domain and a `$`: `….clerk.accounts.dev$`).
    private static func mentionsClerk(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        if SecretValue.containsIgnoringCase(buffer, buffer.indices, clerkWord) { return true }
        var index = 0
        while index + 8 < buffer.count {
            if buffer[index] == UInt8(ascii: "p"),
               publishablePrefixes.contains(where: { startsWith($0, at: index, in: buffer) }),
               isClerkPublishableBody(at: index + 8, in: buffer) {
                return true
            }
            index += 1
        }
        return false
    }

    private static func isClerkPublishableBody(at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = start
        while end < buffer.count, end - start < 200, base64Characters.contains(buffer[end]) { end += 1 }
        var text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return false }
        let domain = String(decoding: data, as: UTF8.self)
        return domain.hasSuffix("$") && domain.lowercased().contains("clerk")
    }

    private static func startsWith(_ prefix: [UInt8], at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        index + prefix.count <= buffer.count && prefix.indices.allSatisfy { buffer[index + $0] == prefix[$0] }
    }

    private static let live = "sk_" + "live_" + ExampleSecret.random(42, from: ExampleSecret.alphanumeric, seed: "clerk-live")
    private static let development = "sk_" + "test_" + ExampleSecret.random(42, from: ExampleSecret.alphanumeric, seed: "clerk-test")
    /// A publishable key as Clerk makes them: base64 of the instance's domain and `$`, unpadded.
    private static func publishable(_ prefix: String, domain: String) -> String {
        prefix + Data((domain + "$").utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    private static let about = DetectorDescription(
        id: "clerk-secret-key", name: "Clerk secret key", category: .secret,
        rationale: """
            A Clerk secret key reads and changes every user, session and organisation of the application and mints \
            sign-in tokens for any of them. Its prefixes are Stripe's (sk_live_, sk_test_), so it is told apart by \
            the setting's name (CLERK_SECRET_KEY, clerk: secret_key:) or, where the name says nothing, by its \
            length (42 or 43 letters and digits; Stripe's are 24, or 99 starting with 51) in a file that mentions \
            Clerk or holds a Clerk publishable key (pk_test_/pk_live_ and the base64 of a *.clerk.accounts.dev$ \
            domain). Live keys are critical; development instances' keys (sk_test_) are high: their users are \
            test accounts, but the key shows how live keys are kept. A key named for Stripe is Stripe's.
            """,
        triggering: [
            DetectorExample("""
                NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=\(publishable("pk_" + "test_", domain: "quiet-otter-42.clerk.accounts.dev"))
                CLERK_SECRET_KEY=↓\(development)
                """, path: ".env.local"),
            DetectorExample("CLERK_SECRET_KEY=↓\(live)\n", path: ".env.production"),
            DetectorExample("""
                import { createClerkClient } from "@clerk/backend";

                export const clerk = createClerkClient({ secretKey: "↓\(live)" });
                """, path: "src/lib/auth.ts"),
            DetectorExample("""
                env:
                  PUBLISHABLE_KEY: \(publishable("pk_" + "live_", domain: "clerk.acme.dev"))
                  SECRET_KEY: ↓\(live)
                """, path: "deploy/values.yaml"),
        ],
        nonTriggering: [
            DetectorExample("""
                NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=\(publishable("pk_" + "test_", domain: "quiet-otter-42.clerk.accounts.dev"))
                CLERK_SECRET_KEY=sk_test_...
                """, path: ".env.example"),
            DetectorExample("CLERK_SECRET_KEY=sk_live_" + String(repeating: "x", count: 42) + "\n", path: ".env.example"),
            DetectorExample("""
                Find the **Secret Key** (starts with `sk_test_`) and set `CLERK_SECRET_KEY=sk_test_your_actual_secret_key_here`.
                """, path: "docs/clerk.md"),
        ])
}
