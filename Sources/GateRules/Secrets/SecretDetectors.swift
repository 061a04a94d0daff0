extension DetectorRegistry {
    /// Live-looking credentials: one detector per provider family, the catalogue's detectors per kind of
    /// provider, JWTs and connection URLs, then the generic high-entropy one, which leaves to the others
    /// whatever they recognise (earlier families win where shapes overlap).
    static let secretDetectors: [any Detector] = credentialDetectors.map { $0 }

    /// The same detectors typed as the credential families the secret engine scans for: a list of the protocol,
    /// so that the engine needs no cast per detector (each a runtime search of the binary's conformances).
    static let credentialDetectors: [any CredentialDetector] = [
        OpenAIKeyDetector(), AnthropicKeyDetector(), AWSAccessKeyDetector(), ClerkSecretKeyDetector(), StripeKeyDetector(),
        TwilioCredentialDetector(), SendGridKeyDetector(), SlackTokenDetector(), GitHubTokenDetector(),
        GoogleAPIKeyDetector(), TavilyKeyDetector(), PrivateKeyBlockDetector(),
    ] + ProviderCredentialDetector.all + [
        JWTDetector(), ConnectionURLPasswordDetector(), SQLRolePasswordDetector(), RegistryAuthDetector(),
        AuthorizationHeaderDetector(), URLQuerySecretDetector(), CommandLineCredentialDetector(),
        GenericSecretDetector(),
    ]
}
