extension DetectorRegistry {
    /// Paid calls, batch calls, paid retries and unprotected endpoints.
    static let paidCallDetectors: [any Detector] = [
        PaidSDKCallDetector(),
        PaidHTTPCallDetector(),
        PaidCallReachDetector(),
        PaidSDKDependencyDetector(),
        BatchModelCallDetector(),
        PaidRetryDetector(),
        UnprotectedEndpointDetector(),
    ]
}
