import GateCode

/// Deno, Supabase Edge Functions and browser modules load npm (and JSR) packages by specifiers that put a registry or
/// a CDN before the package and pin its version inside it: `npm:openai@4.20.0`, `jsr:@openai/openai`,
/// `https://esm.sh/openai-edge@1.2.2`, `https://cdn.jsdelivr.net/npm/openai@4/+esm`,
/// `https://deno.land/x/openai@v4.24.0/mod.ts`. The provider catalogue knows the package's own path (`openai`,
/// `@anthropic-ai/sdk`), which is read here from past the prefix, without the version and the query.
enum RemotePackageSpecifiers {
    /// Registries named as a URL scheme (the package follows at once), and the start of a URL: their four bytes read
    /// little-endian, as literals so the check compiles to compares with constants.
    private static let npmWord: UInt32 = 0x3A6D_706E  // "npm:"
    private static let jsrWord: UInt32 = 0x3A72_736A  // "jsr:"
    private static let httpWord: UInt32 = 0x7074_7468  // "http"
    /// Hosts (with the path ahead of the package) that serve npm packages as modules, after `https://` or `http://`.
    /// deno.land/x's module names are the npm packages' for the SDKs that publish there (OpenAI's Deno build).
    private static let hosts = [
        "esm.sh/", "cdn.esm.sh/", "esm.run/", "cdn.skypack.dev/", "unpkg.com/", "cdn.jsdelivr.net/npm/", "deno.land/x/",
        "jspm.dev/", "ga.jspm.io/", "dev.jspm.io/",
    ].map { Array($0.utf8) }
    private static let schemes = ["https://", "http://"].map { Array($0.utf8) }
    /// What a CDN writes between its host and the package: esm.sh's build (`v135/`), `stable/` and bundle (`*`) marks
    /// and its JSR route (`jsr/`), jspm's registry (`npm:`), Skypack's pinned route (`-/`).
    private static let routeMarks = ["stable/", "jsr/", "npm:", "-/", "*"].map { Array($0.utf8) }

    /// Where the package's name starts in the specifier written at `start` (ending before `end` at the latest), or nil
    /// when it names no registry or CDN. Asked of every string a script's mention reading meets: nearly all are
    /// turned away by their first four bytes, compared at once (`npm:`, `jsr:`, `http`).
    static func packageStart(in bytes: [UInt8], from start: Int, upTo end: Int) -> Int? {
        guard end - start >= 5 else { return nil }
        let head = UInt32(Byte.lower(bytes[start])) | UInt32(Byte.lower(bytes[start + 1])) << 8
            | UInt32(Byte.lower(bytes[start + 2])) << 16 | UInt32(Byte.lower(bytes[start + 3])) << 24
        if head == npmWord || head == jsrWord { return start + 4 }
        guard head == httpWord else { return nil }
        guard let scheme = schemes.first(where: { starts(bytes, at: start, upTo: end, with: $0) }) else { return nil }
        let hostStart = start + scheme.count
        guard let host = hosts.first(where: { starts(bytes, at: hostStart, upTo: end, with: $0) }) else { return nil }
        var cursor = hostStart + host.count
        // A route mark or two (`v135/*openai@4`), never more.
        for _ in 0..<3 {
            if let mark = routeMarks.first(where: { starts(bytes, at: cursor, upTo: end, with: $0) }) {
                cursor += mark.count
            } else if let after = buildVersion(in: bytes, at: cursor, upTo: end) {
                cursor = after
            } else {
                break
            }
        }
        return cursor < end ? cursor : nil
    }

    /// The package path a Deno or CDN specifier loads (`https://esm.sh/@anthropic-ai/sdk@0.20.0/index.mjs?target=deno`
    /// → `@anthropic-ai/sdk/index.mjs`); nil for any other module.
    static func packagePath(_ specifier: [UInt8]) -> [UInt8]? {
        guard let start = packageStart(in: specifier, from: 0, upTo: specifier.count) else { return nil }
        var path: [UInt8] = []
        path.reserveCapacity(specifier.count - start)
        // The name is `name` or `@scope/name`: its version (`@4.20.0`, `@v4.24.0`) runs to the next `/`.
        var separatorsInName = specifier[start] == Byte.at ? 2 : 1
        var inVersion = false
        for index in start..<specifier.count {
            let byte = specifier[index]
            if byte == Byte.question || byte == Byte.hash { break }
            if separatorsInName == 0 {
                path.append(byte)
            } else if byte == Byte.slash {
                separatorsInName -= 1
                inVersion = false
                path.append(byte)
            } else if byte == Byte.at, index > start {
                inVersion = true
            } else if !inVersion {
                path.append(byte)
            }
        }
        return path
    }

    /// The index after esm.sh's build version (`v135/`) at `index`, if one is there.
    private static func buildVersion(in bytes: [UInt8], at index: Int, upTo end: Int) -> Int? {
        guard index + 2 < end, bytes[index] == UInt8(ascii: "v"), Byte.isDigit(bytes[index + 1]) else { return nil }
        var cursor = index + 1
        while cursor < end, Byte.isDigit(bytes[cursor]) { cursor += 1 }
        return cursor < end && bytes[cursor] == Byte.slash ? cursor + 1 : nil
    }

    /// Whether `bytes` hold `prefix` (lowercase) at `index`, in any case, before `end`.
    @inline(__always)
    private static func starts(_ bytes: [UInt8], at index: Int, upTo end: Int, with prefix: [UInt8]) -> Bool {
        guard end - index >= prefix.count else { return false }
        for offset in 0..<prefix.count where Byte.lower(bytes[index + offset]) != prefix[offset] { return false }
        return true
    }
}
