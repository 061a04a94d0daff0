import GateCore

/// A paid SDK a dependency manifest declares.
public struct PaidDependency: Sendable, Equatable {
    public var providerID: String
    public var package: String
}

/// Reads the paid SDKs a whole manifest declares, with the same parsing as `paid-sdk-dependency`.
public enum ManifestDependencies {
    /// Whether gate reads `path` as a dependency manifest.
    public static func isManifest(_ path: String) -> Bool { ManifestKind(path: path) != nil }

    /// Every paid SDK `bytes` (the manifest at `path`) depends on, in the order they appear, once each; development
    /// dependencies (`[dev-dependencies]`, `devDependencies`, `group :test`) are not shipped, and left out.
    public static func paidSDKs(
        inManifestAt path: String, bytes: [UInt8], providers: [Provider] = ProviderCatalogue.builtin
    ) -> [PaidDependency] {
        guard let kind = ManifestKind(path: path) else { return [] }
        let lines = ManifestLines(bytes).all
        let development = DevelopmentDependencies(kind, path: path, text: lines)
        var found: [PaidDependency] = []
        for (index, line) in lines.enumerated() where !line.isEmpty {
            for name in kind.dependencyNames(inLine: String(line)) where !development.contains(line: index + 1, name: name) {
                guard let provider = kind.provider(for: name, in: providers) else { continue }
                let dependency = PaidDependency(providerID: provider.id, package: name)
                if !found.contains(dependency) { found.append(dependency) }
            }
        }
        return found
    }
}
