import GateCore

/// Logins in `.netrc` form (curl's, git's, the Heroku CLI's, pip's): `machine HOST login USER password SECRET`, the
/// tokens separated by spaces or line ends, in a committed `.netrc`/`_netrc`/`deploy/netrc`, or written to one by a
/// script (`printf 'machine … password …' > ~/.netrc`, a `cat <<EOF >> ~/.netrc` heredoc). No `=` or `:` assigns the
/// password, so the engine's sweep does not see it: each `password` token's value is judged under the name
/// `HOST_password`, so a key a provider's host names (`api.heroku.com`) is that provider's and any other password
/// is judged by the generic rule, with its placeholder checks (`$TOKEN`, `%s`, `changeme` are none).
enum NetrcFile {
    /// Whether the file may hold netrc logins: a netrc file by name, or a script or CI file that mentions netrc.
    /// Asked of every file: by the name alone except for scripts and CI files, which are searched once for `netrc`.
    static func mayHoldLogins(path: String, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let utf8 = path.utf8
        let name = Substring(utf8[(utf8.lastIndex(of: UInt8(ascii: "/")).map { utf8.index(after: $0) } ?? utf8.startIndex)...])
        if name == ".netrc" || name == "_netrc" || name == "netrc" { return true }
        let writes = name.hasSuffix(".sh") || name.hasSuffix(".bash") || name.hasSuffix(".zsh") || name.hasPrefix("Dockerfile")
            || name == "Makefile" || name == "Jenkinsfile" || PolicyChangeDetector.isCIFile(path)
        return writes && SecretValue.containsIgnoringCase(bytes, bytes.indices, netrc)
    }

    private static let netrc = Array("netrc".utf8)

    /// Each `password` token's value with the name it is judged under (`api.heroku.com_password`). In a script, only a
    /// password within an entry counts: the tokens from a `machine` token on must be netrc keywords and their values
    /// (`--password`, prose and the command after a `printf` end it), and a value ends at a quote or a backslash
    /// (`password abc\n'`).
    static func passwords(in buffer: UnsafeBufferPointer<UInt8>, isNetrcFile: Bool) -> [(value: Range<Int>, name: [UInt8])] {
        var result: [(value: Range<Int>, name: [UInt8])] = []
        // The entry's host (empty for `default`), nil outside an entry.
        var host: [UInt8]?
        // The keyword whose value the next token is.
        var keyword: Substring?
        var index = 0
        let count = buffer.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < count {
            while index < count, isSpace(buffer[index]) { index += 1 }
            let start = index
            while index < count, !isSpace(buffer[index]) { index += 1 }
            guard start < index else { break }
            let token = start..<index
            if let current = keyword {
                keyword = nil
                switch current {
                case "machine": host = Array(buffer[trimmed(token, in: buffer)])
                case "password":
                    let value = trimmed(token, in: buffer)
                    if !value.isEmpty, isNetrcFile || host != nil { result.append((value, (host ?? []) + Array("_password".utf8))) }
                default: break
                }
                continue
            }
            let word = Self.keyword(buffer, token)
            if word == "default" {
                host = []
            } else if let word {
                keyword = Substring(word)
            } else if !isNetrcFile {
                host = nil
            }
        }
        return result
    }

    private static let keywords = ["machine", "login", "password", "account", "default", "macdef"]

    /// The netrc keyword a token is, a quote opening a script's string before it allowed (`echo "machine …`).
    private static func keyword(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        keywords.first { equals(buffer, range, $0) }
    }

    private static func equals(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: String) -> Bool {
        // A quote may open a script's string just before the keyword (`echo "machine …`).
        var range = range
        while let first = range.first, buffer[first] == UInt8(ascii: "\"") || buffer[first] == UInt8(ascii: "'") {
            range = range.dropFirst()
        }
        return buffer[range].elementsEqual(word.utf8)
    }

    /// A token up to a quote or a backslash, where a script's string or its escape (`\n`) ends the value.
    private static func trimmed(_ token: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        let end = token.first { buffer[$0] == UInt8(ascii: "\"") || buffer[$0] == UInt8(ascii: "'") || buffer[$0] == UInt8(ascii: "\\") }
        return token.lowerBound..<(end ?? token.upperBound)
    }
}
