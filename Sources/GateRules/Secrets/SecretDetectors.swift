extension DetectorRegistry {
    /// Live-looking credentials.
    static let secretDetectors: [any Detector] = []
}
