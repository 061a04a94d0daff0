extension DetectorRegistry {
    /// Live-looking credentials: one detector per provider family, then the generic high-entropy one, which
    /// leaves to the others whatever they recognise.
    static let secretDetectors: [any Detector] = [
        OpenAIKeyDetector(), AnthropicKeyDetector(), AWSAccessKeyDetector(), StripeLiveKeyDetector(),
        TwilioCredentialDetector(), SendGridKeyDetector(), SlackTokenDetector(), GitHubTokenDetector(),
        GoogleAPIKeyDetector(), TavilyKeyDetector(), PrivateKeyBlockDetector(), GenericSecretDetector(),
    ]
}
