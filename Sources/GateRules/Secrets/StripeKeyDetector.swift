/// Stripe secret and restricted keys (live: critical; test mode: high) and webhook signing secrets.
struct StripeKeyDetector: CredentialDetector {
    let provider: String? = "stripe"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    /// Paystack's live keys share the prefix but are 40 lowercase hex digits; the catalogue reports those.
    private static let notPaystack: TokenShape.Structure = { buffer, body in
        body.count != 40 || !body.allSatisfy { ByteSet.lowerHex.contains(buffer[$0]) }
    }

    private static let tokenShapes = [
        TokenShape("Stripe live secret key", prefix: "sk_live_", body: .run(.alphanumeric, 20...247),
                   structure: notPaystack),
        TokenShape("Stripe live restricted key", prefix: "rk_live_", body: .run(.alphanumeric, 20...247)),
        TokenShape("Stripe test-mode secret key", prefix: "sk_test_", body: .run(.alphanumeric, 20...247), tier: .high,
                   structure: notPaystack),
        TokenShape("Stripe test-mode restricted key", prefix: "rk_test_", body: .run(.alphanumeric, 20...247),
                   tier: .high),
        TokenShape("Stripe webhook signing secret", prefix: "whsec_", body: .run(.base64, 32...64)),
    ]

    private static let about = DetectorDescription(
        id: "stripe-secret-key", name: "Stripe secret key", category: .secret,
        rationale: """
            A live secret key (sk_live_) moves real money: charges, refunds and payouts; a restricted key \
            (rk_live_) does whatever its scopes allow, and a webhook signing secret (whsec_) lets anyone forge \
            Stripe events to the endpoint. These are critical. Test-mode keys (sk_test_, rk_test_) cannot move \
            money but read and write the account's test data and its settings, and show that live keys are \
            probably handled the same way: they are reported at tier high, for a reviewer to confirm. \
            Publishable keys (pk_live_, pk_test_) are public by design and placeholders are not reported.
            """,
        triggering: [
            DetectorExample("STRIPE_SECRET_KEY=↓\(ExampleSecret.stripeLive)\n", path: ".env.production"),
            DetectorExample("""
                const stripe = require("stripe")("↓\(ExampleSecret.stripeLive)");
                """, path: "server/billing.js"),
            DetectorExample("""
                stripe:
                  restricted_key: ↓\(ExampleSecret.stripeRestricted)
                  webhook_secret: ↓\(ExampleSecret.stripeWebhook)
                """, path: "config/payments.yaml"),
            DetectorExample("""
                Stripe::Stripe.api_key = '↓\(ExampleSecret.stripeRestricted)'
                """, path: "config/initializers/stripe.rb"),
            DetectorExample("STRIPE_SECRET_KEY=↓\(ExampleSecret.stripeTest)\n", path: ".env.test"),
            DetectorExample("""
                import stripe

                stripe.api_key = "↓\(ExampleSecret.stripeTest.prefix(40))" \\
                    "\(ExampleSecret.stripeTest.dropFirst(40))"
                """, path: "billing/charge.py"),
        ],
        nonTriggering: [
            DetectorExample("Your key looks like `sk_live_...`; keep it out of the repository.\n", path: "docs/billing.md"),
            DetectorExample("""
                import stripe, os

                stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
                """, path: "billing/charge.py"),
            DetectorExample("STRIPE_SECRET_KEY=sk_live_" + String(repeating: "0", count: 24) + "\n",
                            path: ".env.example"),
            DetectorExample("""
                <script>const stripe = Stripe("\(ExampleSecret.stripePublishable)");</script>
                """, path: "public/checkout.html"),
            DetectorExample("STRIPE_SECRET_KEY=sk_test_your_key_here\n", path: ".env.example"),
            DetectorExample("export STRIPE_SECRET_KEY=sk_live_abc123def456ghi789jkl012\n", path: "README.md"),
        ])
}
