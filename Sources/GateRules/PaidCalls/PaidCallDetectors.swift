import GateCore

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

/// One construct, one finding: a paid request that is also an SDK call (or batch work) is reported once.
enum PaidCallConsolidation {
    /// Drops `paid-http-call` findings on a line where a paid SDK or batch finding of the same file already is.
    static func consolidate(_ findings: [Finding]) -> [Finding] {
        let richer = Set(findings.filter { $0.rule == "paid-sdk-call" || $0.rule == "batch-model-call" }.map(\.line))
        guard !richer.isEmpty else { return findings }
        return findings.filter { !($0.rule == "paid-http-call" && richer.contains($0.line)) }
    }
}
