import Foundation

/// The `data:` values of Kubernetes Secret manifests, which the API requires in base64.
///
/// base64 is an encoding, not a protection: `kubectl get secret -o yaml` and hand-written manifests put every
/// credential there encoded, so a provider's key is only recognised once decoded, and an encoded placeholder
/// (`Y2hhbmdlbWU=`, `changeme`) only looks random while it is not. `stringData:` holds the same values in plain
/// text and is read as any other setting. A Bitnami SealedSecret's `encryptedData:` is ciphertext, safe to commit.
/// A kubeconfig (`kind: Config`) holds its user's private key the same way, as `client-key-data:`.
enum KubernetesSecretData {
    /// A document declaring a kind that holds secrets.
    struct Manifest {
        enum Kind {
            case secret
            /// A Bitnami `SealedSecret`, whose `encryptedData:` is ciphertext only the cluster's controller can open:
            /// made to be committed, so no secret.
            case sealedSecret
            /// A kubeconfig, whose users sign in with a client certificate and its base64 private key.
            case kubeconfig
        }

        let range: Range<Int>
        let kind: Kind

        /// Where a decoded credential was found, for its finding's label.
        var encodedPlace: String { kind == .kubeconfig ? "base64 in a kubeconfig" : "base64 in a Kubernetes Secret" }
    }

    /// What an entry of a manifest holds.
    enum Entry {
        /// A `data:` value of a Secret: base64 of the value.
        case encoded
        /// An `encryptedData:` value of a SealedSecret.
        case sealed
    }

    /// Manifests are YAML, or JSON as `kubectl … -o json` writes them.
    private static let manifestExtensions = ["yaml", "yml", "json"]
    private static let secretWord = Array("Secret".utf8)
    private static let sealedSecretKind = Array("SealedSecret".utf8)
    private static let kubeconfigKind = Array("Config".utf8)
    /// A kubeconfig user's private key; its `client-certificate-data` is a certificate, public.
    private static let clientKeyDataKey = Array("client-key-data".utf8)
    private static let kindKey = Array("kind".utf8)
    private static let dataKey = Array("data".utf8)
    private static let encryptedDataKey = Array("encryptedData".utf8)
    private static let base64Alphabet = ByteSet("A-Za-z0-9+/")
    private static let kindCharacters = ByteSet("A-Za-z0-9")
    /// Secrets are limited to 1 MB by the API server.
    private static let longestEncodedValue = 1_398_104

    /// The file's documents whose `kind` is `Secret`, `SealedSecret` or a kubeconfig's `Config` (YAML's `---`
    /// separates documents; a JSON file is one), none for other files. Asked once per file, answered at once for
    /// files without the words.
    static func secretManifests(in buffer: UnsafeBufferPointer<UInt8>, path: String) -> [Manifest] {
        guard mayBeManifest(path: path),
              firstIndex(of: secretWord, in: buffer, from: 0) != nil || firstIndex(of: clientKeyDataKey, in: buffer, from: 0) != nil
        else { return [] }
        return documents(in: buffer).compactMap { document in
            guard let kind = declaredKind(document, in: buffer) else { return nil }
            if kind.elementsEqual(secretWord) { return Manifest(range: document, kind: .secret) }
            if kind.elementsEqual(sealedSecretKind) { return Manifest(range: document, kind: .sealedSecret) }
            if kind.elementsEqual(kubeconfigKind) { return Manifest(range: document, kind: .kubeconfig) }
            return nil
        }
    }

    /// A YAML or JSON file, or a kubeconfig by its usual names (`kubeconfig`, `~/.kube/config`), which have none.
    /// Asked of every changed file: read from the path's bytes, without copying them.
    private static func mayBeManifest(path: String) -> Bool {
        var path = path
        let nameIsConfig = path.withUTF8 { bytes -> Bool? in
            let nameStart = (bytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
            let name = UnsafeBufferPointer(rebasing: bytes[nameStart...])
            if let dot = name.lastIndex(of: UInt8(ascii: ".")) {
                let suffix = name[(dot + 1)...].map(Byte.lower)
                if manifestExtensionBytes.contains(where: { $0.elementsEqual(suffix) }) { return nil }
            }
            if SecretValue.containsIgnoringCase(name, 0..<name.count, kubeconfigWord) { return nil }
            return name.elementsEqual("config".utf8)
        }
        guard let nameIsConfig else { return true }
        return nameIsConfig && (path == ".kube/config" || path.hasSuffix("/.kube/config"))
    }

    private static let manifestExtensionBytes = manifestExtensions.map { Array($0.utf8) }
    /// Lowercase, as `containsIgnoringCase` takes it.
    private static let kubeconfigWord = Array("kubeconfig".utf8)

    /// What the setting named at `name` holds: a Secret's `data:` entry (or a JSON `"data": {…}` one) is encoded, a
    /// SealedSecret's `encryptedData:` entry sealed; anything else (`stringData:`, `metadata:`) is read as written.
    static func entry(named name: Range<Int>, in manifest: Manifest, of buffer: UnsafeBufferPointer<UInt8>) -> Entry? {
        if manifest.kind == .kubeconfig { return buffer[name].elementsEqual(clientKeyDataKey) ? .encoded : nil }
        guard let parent = NestedSettingName.enclosingKey(of: name, in: buffer) else { return nil }
        if manifest.kind == .sealedSecret { return buffer[parent].elementsEqual(encryptedDataKey) ? .sealed : nil }
        return buffer[parent].elementsEqual(dataKey) ? .encoded : nil
    }

    /// `value` carried on to the end of its base64: assignments are read up to 512 bytes, and a certificate, a key
    /// or a whole settings file encodes to more.
    static func wholeValue(_ value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var end = value.upperBound
        while end < buffer.count, end - value.lowerBound < longestEncodedValue,
              base64Alphabet.contains(buffer[end]) || buffer[end] == UInt8(ascii: "=") { end += 1 }
        return value.lowerBound..<end
    }

    /// The quoted base64 after the `:` at `hit` (`"tls.key": "LS0t…"`), for JSON values too long for an assignment's
    /// reading, which gives up on a quote it does not find within 512 bytes.
    static func quotedValue(afterOperatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = hit + 1
        while start < buffer.count, buffer[start] == UInt8(ascii: " ") { start += 1 }
        guard start < buffer.count, buffer[start] == UInt8(ascii: "\"") else { return nil }
        let value = wholeValue(start + 1..<start + 1, in: buffer)
        guard value.upperBound < buffer.count, buffer[value.upperBound] == UInt8(ascii: "\"") else { return nil }
        return value
    }

    /// The text `value` encodes, or nil when it is not standard padded base64 of UTF-8 text (a certificate's DER,
    /// random key bytes, a value that was never encoded): such a value is judged as it is written. One final line
    /// break is dropped, as `echo secret | base64` adds it.
    static func decodedText(of value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard value.count >= 4, value.count % 4 == 0 else { return nil }
        let body = value.lowerBound..<(value.upperBound - padding(of: value, in: buffer))
        guard body.count >= value.count - 2, body.allSatisfy({ base64Alphabet.contains(buffer[$0]) }),
              let data = Data(base64Encoded: Data(UnsafeBufferPointer(rebasing: buffer[value])))
        else { return nil }
        return printableText(Array(data))
    }

    /// Decoded bytes as text, without the one final line break `echo secret | base64` adds; nil for binary (control
    /// bytes other than line breaks and tabs, or invalid UTF-8). Shared by every decoder of stored secrets.
    static func printableText(_ decoded: [UInt8]) -> [UInt8]? {
        var text = decoded
        if text.last == UInt8(ascii: "\n") { text.removeLast() }
        if text.last == UInt8(ascii: "\r") { text.removeLast() }
        guard !text.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }),
              String(decoding: text, as: UTF8.self).utf8.elementsEqual(text)
        else { return nil }
        return text
    }

    private static func padding(of value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        while count < 2, buffer[value.upperBound - 1 - count] == UInt8(ascii: "=") { count += 1 }
        return count
    }

    /// The file's YAML documents: the stretches between lines that are `---` (a JSON file has none).
    private static func documents(in buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var documents: [Range<Int>] = []
        var documentStart = 0
        var lineStart = 0
        while lineStart < buffer.count {
            var lineEnd = lineStart
            while lineEnd < buffer.count, buffer[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd - lineStart >= 3, buffer[lineStart] == UInt8(ascii: "-"), buffer[lineStart + 1] == UInt8(ascii: "-"),
               buffer[lineStart + 2] == UInt8(ascii: "-"),
               (lineStart + 3..<lineEnd).allSatisfy({ buffer[$0] == UInt8(ascii: " ") || buffer[$0] == UInt8(ascii: "\r") }) {
                documents.append(documentStart..<lineStart)
                documentStart = lineEnd
            }
            lineStart = lineEnd + 1
        }
        documents.append(documentStart..<buffer.count)
        return documents
    }

    /// The kind the document declares (`kind: Secret`, `"kind": "SealedSecret"`): the word after `kind`, a colon
    /// and maybe a quote, the key itself maybe quoted and not the end of a longer name.
    private static func declaredKind(_ document: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>>? {
        var from = document.lowerBound
        while let at = firstIndex(of: kindKey, in: buffer, from: from), at < document.upperBound {
            from = at + 1
            guard at == 0 || !kindCharacters.contains(buffer[at - 1]) else { continue }
            var cursor = at + kindKey.count
            if cursor < buffer.count, buffer[cursor] == UInt8(ascii: "\"") { cursor += 1 }
            while cursor < buffer.count, buffer[cursor] == UInt8(ascii: " ") { cursor += 1 }
            guard cursor < buffer.count, buffer[cursor] == UInt8(ascii: ":") else { continue }
            cursor += 1
            while cursor < buffer.count, buffer[cursor] == UInt8(ascii: " ") { cursor += 1 }
            if cursor < buffer.count, buffer[cursor] == UInt8(ascii: "\"") || buffer[cursor] == UInt8(ascii: "'") { cursor += 1 }
            let start = cursor
            while cursor < buffer.count, kindCharacters.contains(buffer[cursor]) { cursor += 1 }
            if cursor > start { return buffer[start..<cursor] }
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, buffer.count >= needle.count else { return nil }
        var index = from
        while index <= buffer.count - needle.count {
            if buffer[index] == first, needle.indices.allSatisfy({ buffer[index + $0] == needle[$0] }) { return index }
            index += 1
        }
        return nil
    }
}
