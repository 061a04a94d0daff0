import Foundation

/// Registry logins stored as `"auth": "<base64 of user:password>"`: Docker's `config.json` (`auths`), the legacy
/// `.dockercfg`, a Kubernetes `.dockerconfigjson`, and npm's `_auth`.
struct RegistryAuthDetector: CredentialDetector {
    let provider: String? = nil
    var assignments: [AssignmentRule] { [Self.encodedLogin] }
    var description: DetectorDescription { Self.about }

    private static let base64 = ByteSet("A-Za-z0-9+/=")
    private static let authName = Array("auth".utf8)

    /// base64 is an encoding, not a protection: the value is the login itself. `credsStore` and `credHelpers`
    /// keep it out of the file; an empty `auth` holds nothing.
    static let encodedLogin = AssignmentRule(
        CredentialVerdict("Registry login (base64 user:password)"), minimumLength: 12,
        refusedBytes: ByteSet(" \t\\\"'`,;:{}()<>$@#%&*!?"),
        plausible: { buffer, value in value.allSatisfy { base64.contains(buffer[$0]) } },
        accepts: { name, buffer, value in
            name.normalized.elementsEqual(authName) && isLogin(decoded: buffer, value)
        })

    /// Whether the value decodes to `user:password`, printable, with a password no one would take for a sample
    /// (also HTTP Basic credentials, `AuthorizationHeaderDetector`'s).
    static func isLogin(decoded buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        var text = String(decoding: UnsafeBufferPointer(rebasing: buffer[value]), as: UTF8.self)
        while text.utf8.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text), data.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
        return isLogin(Array(data))
    }

    /// Whether `login` is `user:password` with a password no one would take for a sample (also curl's `-u`,
    /// `CommandLineCredentialDetector`'s).
    static func isLogin(_ login: [UInt8]) -> Bool {
        guard let colon = login.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let user = String(decoding: login[..<colon], as: UTF8.self)
        let passwordBytes = Array(login[(colon + 1)...])
        let password = String(decoding: passwordBytes, as: UTF8.self).lowercased()
        // The judgement of a connection URL's password: documentation's and local setups' are not secrets.
        return !user.isEmpty && passwordBytes.count >= 6 && password != user.lowercased()
            && !ConnectionURLPasswordDetector.defaultPasswords.contains(password)
            && !["password", "passwd", "secret", "${", "<"].contains(where: { password.contains($0) })
            && passwordBytes.withUnsafeBufferPointer { bytes in
                !SecretValue.isPlaceholder(bytes, bytes.indices) && SecretValue.entropy(bytes, bytes.indices) >= 2.5
            }
    }

    private static func encoded(_ login: String) -> String { Data(login.utf8).base64EncodedString() }

    private static let about = DetectorDescription(
        id: "registry-auth", name: "Registry login in a client configuration", category: .secret,
        rationale: """
            Docker keeps each registry's login in config.json as "auth": the base64 of user:password, which anyone \
            can decode; a Personal Access Token or a registry password pushed with it lets others push images as \
            you. The legacy .dockercfg, Kubernetes' .dockerconfigjson and npm's _auth store logins the same way. \
            A value counts when it decodes to a printable user:password whose password is not a placeholder or a \
            default (password, changeme, hello). A config.json that leaves logins to a credential store \
            (credsStore, credHelpers) holds none. The evidence is the encoded value, redacted.
            """,
        triggering: [
            DetectorExample("""
                {
                  "auths": {
                    "https://index.docker.io/v1/": {
                      "auth": "↓\(encoded("acme-ci:" + ExampleSecret.random(36, from: ExampleSecret.tokenCharacters, seed: "docker-pat")))"
                    }
                  }
                }
                """, path: ".docker/config.json"),
            DetectorExample("""
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/dockerconfigjson
                stringData:
                  .dockerconfigjson: |
                    {"auths":{"registry.gitlab.com":{"auth":"↓\(encoded("gitlab+deploy-token-7:" + ExampleSecret.random(20, from: ExampleSecret.tokenCharacters, seed: "gitlab-deploy")))"}}}
                """, path: "k8s/registry-pull-secret.yaml"),
            DetectorExample("""
                //npm.acme.dev/:_auth=↓\(encoded("deploy:" + ExampleSecret.genericPassword))
                """, path: ".npmrc"),
        ],
        nonTriggering: [
            DetectorExample("""
                {
                  "auths": { "ghcr.io": {}, "https://index.docker.io/v1/": { "auth": "" } },
                  "credsStore": "desktop"
                }
                """, path: ".docker/config.json"),
            DetectorExample("""
                { "auths": { "registry.example.com": { "auth": "\(encoded("user:password"))" } } }
                """, path: "docs/registry.md"),
            DetectorExample("""
                { "auth": "\(ExampleSecret.random(40, from: ExampleSecret.base64, seed: "not-a-login"))" }
                """, path: "config/session.json"),
        ])
}
