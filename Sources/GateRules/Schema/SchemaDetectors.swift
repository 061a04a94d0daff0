extension DetectorRegistry {
    /// Migrations, DDL and their hazards.
    static let schemaDetectors: [any Detector] = []
}
