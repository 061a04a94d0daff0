import GateCore

/// The shell text of files that tell a platform which commands to run as a service's processes: Heroku's (and
/// Dokku's, Foreman's) `Procfile`, docker-compose's `command:`/`entrypoint:`, Render's `render.yaml`, Fly's
/// `fly.toml` `[processes]` and `release_command`, a systemd unit's `Exec…=` lines and a supervisord program's
/// `command=`. A worker defined there (`worker: while true; do curl … api.openai.com …; done`) runs as surely as
/// a script does. Only the values that are commands are read; the rest of each file is settings.
enum ProcessFileCommands {
    /// A Procfile's commands: each `name: command` line's text after the colon (comments and blank lines none).
    static func procfile(_ bytes: [UInt8]) -> [Range<Int>] {
        ShellRequests.lines(of: bytes).compactMap { line in
            let start = line.lowerBound + ShellRequests.indent(of: line, in: bytes)
            guard start < line.upperBound, bytes[start] != Byte.hash,
                  let colon = bytes[start..<line.upperBound].firstIndex(of: Byte.colon)
            else { return nil }
            // The process name is one word: a colon after a space is the command's own (`web: gunicorn app:app`).
            guard !bytes[start..<colon].contains(where: { $0 == Byte.space || $0 == Byte.tab }) else { return nil }
            return colon + 1 < line.upperBound ? (colon + 1)..<line.upperBound : nil
        }
    }

    static let composeKeys = ["command", "entrypoint"].map { Array($0.utf8) }
    static let renderKeys = ["startCommand", "buildCommand", "preDeployCommand"].map { Array($0.utf8) }
    static let systemdKeys = ["ExecStart", "ExecStartPre", "ExecStartPost", "ExecStop", "ExecStopPost", "ExecReload", "ExecCondition"]
        .map { Array($0.utf8) }
    static let supervisorKeys = ["command"].map { Array($0.utf8) }

    /// The values of `key=value` lines (an INI file's or a systemd unit's) whose key is one of `keys`: the text
    /// after the `=`, past systemd's prefixes (`-`, `@`, `:`, `+`, `!`) that change how the command runs, not what.
    static func settings(_ bytes: [UInt8], keys: [[UInt8]]) -> [Range<Int>] {
        ShellRequests.lines(of: bytes).compactMap { line in
            let start = line.lowerBound + ShellRequests.indent(of: line, in: bytes)
            // The key the `=` follows: `ExecStartPre=` is not `ExecStart` followed by more of a name.
            var found: Int?
            for key in keys where start + key.count < line.upperBound && bytes[start..<start + key.count].elementsEqual(key) {
                var cursor = start + key.count
                while cursor < line.upperBound, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab { cursor += 1 }
                if cursor < line.upperBound, bytes[cursor] == Byte.equals {
                    found = cursor
                    break
                }
            }
            guard var cursor = found else { return nil }
            cursor += 1
            while cursor < line.upperBound, systemdPrefixes.contains(bytes[cursor]) { cursor += 1 }
            return cursor < line.upperBound ? cursor..<line.upperBound : nil
        }
    }

    private static let systemdPrefixes: Set<UInt8> = [Byte.space, Byte.tab, Byte.minus, Byte.at, Byte.colon, Byte.plus, UInt8(ascii: "!")]

    /// Fly's commands: each string of the `[processes]` table (`worker = "…"`) and `release_command` wherever it
    /// is set (`[deploy]`), inside their quotes.
    static func flyProcesses(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var inProcesses = false
        for line in ShellRequests.lines(of: bytes) {
            let start = line.lowerBound + ShellRequests.indent(of: line, in: bytes)
            guard start < line.upperBound else { continue }
            if bytes[start] == Byte.openBracket {
                inProcesses = bytes[start..<line.upperBound].starts(with: "[processes]".utf8)
                continue
            }
            guard inProcesses || bytes[start..<line.upperBound].starts(with: "release_command".utf8),
                  let equals = bytes[start..<line.upperBound].firstIndex(of: Byte.equals)
            else { continue }
            var open = equals + 1
            while open < line.upperBound, bytes[open] == Byte.space || bytes[open] == Byte.tab { open += 1 }
            guard open < line.upperBound, bytes[open] == Byte.quote || bytes[open] == Byte.apostrophe else { continue }
            var close = open + 1
            while close < line.upperBound, bytes[close] != bytes[open] {
                close += bytes[close] == Byte.backslash && bytes[open] == Byte.quote ? 2 : 1
            }
            result.append((open + 1)..<min(close, line.upperBound))
        }
        return result
    }
}
