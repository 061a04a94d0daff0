import GateCore

extension DetectorRegistry {
    /// The detectors that carry their own tier, by id: the policy's category settings do not apply to them unless
    /// the policy names the detector (so `gate rules` and reports agree on their tier).
    public static let ownTiers: [String: Tier] = Dictionary(
        all.compactMap { detector in detector.ownTier.map { (detector.id, $0) } },
        uniquingKeysWith: { first, _ in first })
}
