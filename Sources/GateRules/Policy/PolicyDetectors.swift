extension DetectorRegistry {
    /// Changes to the gate's own policy and the CI that runs it.
    static let policyDetectors: [any Detector] = [PolicyChangeDetector()]
}
