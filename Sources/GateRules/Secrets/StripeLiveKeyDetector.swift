/// Stripe live-mode secret and restricted keys.
struct StripeLiveKeyDetector: CredentialDetector {
    let provider: String? = "stripe"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Stripe live secret key", prefix: "sk_live_", body: .run(.alphanumeric, 20...247)),
        TokenShape("Stripe live restricted key", prefix: "rk_live_", body: .run(.alphanumeric, 20...247)),
    ]

    private static let about = DetectorDescription(
        id: "stripe-live-key", name: "Stripe live key", category: .secret,
        rationale: """
            A live secret key (sk_live_) moves real money: charges, refunds and payouts; a restricted key \
            (rk_live_) does whatever its scopes allow. Test-mode keys (sk_test_, rk_test_) are deliberately not \
            reported: they cannot move money and are routinely shared in fixtures, so flagging them would teach \
            teams to ignore this rule. Publishable keys (pk_live_) are public by design.
            """,
        triggering: [
            DetectorExample("STRIPE_SECRET_KEY=↓\(ExampleSecret.stripeLive)\n", path: ".env.production"),
            DetectorExample("""
                const stripe = require("stripe")("↓\(ExampleSecret.stripeLive)");
                """, path: "server/billing.js"),
            DetectorExample("""
                stripe:
                  restricted_key: ↓\(ExampleSecret.stripeRestricted)
                """, path: "config/payments.yaml"),
            DetectorExample("""
                Stripe::Stripe.api_key = '↓\(ExampleSecret.stripeRestricted)'
                """, path: "config/initializers/stripe.rb"),
        ],
        nonTriggering: [
            DetectorExample("STRIPE_SECRET_KEY=\(ExampleSecret.stripeTest)\n", path: ".env.test"),
            DetectorExample("Your key looks like `sk_live_...`; keep it out of the repository.\n", path: "docs/billing.md"),
            DetectorExample("""
                import stripe, os

                stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
                """, path: "billing/charge.py"),
            DetectorExample("STRIPE_SECRET_KEY=sk_live_" + String(repeating: "0", count: 24) + "\n",
                            path: ".env.example"),
        ])
}
