extension DetectorRegistry {
    /// Changes to the gate's own policy and the CI that runs it, and content the gate could not analyse.
    static let policyDetectors: [any Detector] = [PolicyChangeDetector(), UnscannedContentDetector()]
}
