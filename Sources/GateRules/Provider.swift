/// What a paid provider sells, which decides how its calls are judged.
public enum ProviderKind: String, Codable, Sendable, CaseIterable {
    case model, search, messaging, payments, data
}

/// A paid provider as data: how to recognise its SDKs, hosts and calls (SPEC §3 `providers`).
public struct Provider: Sendable, Equatable {
    public var id: String
    public var kind: ProviderKind
    public var hosts: [String]
    /// Package names per ecosystem (`npm`, `pypi`, `go`, `rubygems`, `cargo`, `maven`, `nuget`, `composer`, `swift`).
    public var packages: [String: [String]]
    /// Dotted call shapes, such as `openai.chat.completions.create`.
    public var calls: [String]

    public init(id: String, kind: ProviderKind, hosts: [String] = [], packages: [String: [String]] = [:],
                calls: [String] = []) {
        self.id = id
        self.kind = kind
        self.hosts = hosts
        self.packages = packages
        self.calls = calls
    }
}

/// The built-in provider catalogue.
public enum ProviderCatalogue {
    public static let builtin: [Provider] = []
}
