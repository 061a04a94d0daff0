/// A literal written as the fallback of a lookup (`env('TWILIO_AUTH_TOKEN', '…')`, `os.getenv("JWT_SECRET", "…")`,
/// `process.env.SESSION_SECRET || '…'`, `ENV["API_TOKEN"] || "…"`): it is the value the setting has wherever the
/// environment lacks it, so it is judged under the name looked up, not under the call's (`env`, `getenv`).
///
/// Read from bytes alone, as `CallArguments` reads calls: the engine asks only at a `(` whose callee is a lookup, and
/// at `||`, `??` and `?:` followed by a quote.
struct EnvironmentFallback {
    private let quotes = ByteSet("\"'`")
    private let spaces = ByteSet(" \t")
    private let nameCharacters = ByteSet("A-Za-z0-9_$")
    private let subscriptNameCharacters = ByteSet("A-Za-z0-9_.-")

    /// Callees whose first argument names an environment variable (or a setting) and whose later literal argument,
    /// or a literal after the call (`getenv('X') ?: '…'`, `os.getenv("X") or "…"`), is its default.
    private static let lookupCallees: [[UInt8]] = [
        // PHP and Laravel; python-decouple's `config` and django-environ's `env`, `env.str`.
        "env", "getenv", "Env::get", "config", "env.str",
        // Python.
        "os.getenv", "os.environ.get", "environ.get", "os.environ.setdefault", "environ.setdefault",
        // Ruby, Elixir, Scala, Deno, C#, Java and Kotlin, Go, Rust.
        "ENV.fetch", "System.get_env", "sys.env.getOrElse", "Deno.env.get", "Environment.GetEnvironmentVariable",
        "System.getenv", "os.Getenv", "env::var", "std::env::var",
    ].map { Array($0.utf8) }

    /// The longest callee in `lookupCallees`: a longer one is turned away without hashing.
    private static let longestCallee = lookupCallees.map(\.count).max() ?? 0

    /// Whether the callee names an environment (or settings) lookup. Asked of most calls given a literal first, so
    /// compared in place rather than hashed.
    func isLookup(_ callee: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard callee.count <= Self.longestCallee else { return false }
        return Self.lookupCallees.contains { $0.count == callee.count && $0.elementsEqual(buffer[callee]) }
    }

    /// Whether a callee's bytes (`os.getenv`, `ENV.fetch`) name an environment (or settings) lookup.
    static func isLookup(_ callee: ArraySlice<UInt8>) -> Bool {
        guard callee.count <= longestCallee else { return false }
        return lookupCallees.contains { $0.count == callee.count && $0.elementsEqual(callee) }
    }

    /// Where the default's opening quote is, for a lookup whose name literal closed at `closingQuote` and that has no
    /// further positional literal: a keyword default (`env("X", default="…")`), a literal after the call's `)`
    /// joined by `||`, `??`, `?:` or `or`, a Ruby block (`ENV.fetch("X") { "…" }`), Rust's `.unwrap_or("…")` and
    /// `.unwrap_or_else(|_| "…".into())`, or Go's `cmp.Or(os.Getenv("X"), "…")` (`calleeStart`: where the lookup's
    /// callee starts).
    func defaultQuote(afterNameClosingAt closingQuote: Int, calleeStart: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = skipSpaces(from: closingQuote + 1, in: buffer)
        guard index < buffer.count else { return nil }
        if buffer[index] == UInt8(ascii: ",") {
            // `default=` or `default:` as a keyword argument.
            index = skipSpaces(from: index + 1, in: buffer, acrossLines: true)
            guard let after = skip(Self.defaultKeyword, at: index, in: buffer) else { return nil }
            index = skipSpaces(from: after, in: buffer)
            guard index < buffer.count, buffer[index] == UInt8(ascii: "=") || buffer[index] == UInt8(ascii: ":") else { return nil }
            return quote(at: skipSpaces(from: index + 1, in: buffer), in: buffer)
        }
        guard buffer[index] == UInt8(ascii: ")") else { return nil }
        index = skipSpaces(from: index + 1, in: buffer)
        guard index < buffer.count else { return nil }
        if buffer[index] == UInt8(ascii: ","), calleeStart >= Self.goOr.count,
           Self.goOr.indices.allSatisfy({ buffer[calleeStart - Self.goOr.count + $0] == Self.goOr[$0] }) {
            return quote(at: skipSpaces(from: index + 1, in: buffer), in: buffer)
        }
        for joiner in Self.joiners {
            if let after = skip(joiner, at: index, in: buffer) {
                return quote(at: skipSpaces(from: after, in: buffer), in: buffer)
            }
        }
        return nil
    }

    /// The name looked up before a fallback operator (`||`, `??`, `?:`) at `operatorAt`, when the operand before it is
    /// a member (`process.env.JWT_SECRET`, `import.meta.env.VITE_TOKEN`, `settings.apiSecret`: its last name) or a
    /// subscript by a literal key (`ENV['API_TOKEN']`, `$_ENV["APP_SECRET"]`, `process.env["X"]`: the key).
    /// A call before it is the `(` path's (`defaultQuote`).
    func nameBefore(operatorAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = hit - 1
        while index >= 0, spaces.contains(buffer[index]) { index -= 1 }
        guard index >= 0 else { return nil }
        if buffer[index] == UInt8(ascii: "]") {
            index -= 1
            guard index >= 0, quotes.contains(buffer[index]) else { return nil }
            let quote = buffer[index]
            let end = index
            index -= 1
            while index >= 0, end - index <= 80, subscriptNameCharacters.contains(buffer[index]) { index -= 1 }
            guard index >= 1, buffer[index] == quote, buffer[index - 1] == UInt8(ascii: "["), index + 1 < end else { return nil }
            return (index + 1)..<end
        }
        let end = index + 1
        while index >= 0, end - index <= 80, nameCharacters.contains(buffer[index]) { index -= 1 }
        // A member, not a bare variable: a local (`token || "…"`) is an assignment's own concern.
        guard index >= 0, index + 1 < end, buffer[index] == UInt8(ascii: ".") else { return nil }
        return (index + 1)..<end
    }

    /// The content of the literal after a fallback operator of `length` bytes at `hit`.
    func valueAfter(operatorAt hit: Int, length: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        quote(at: skipSpaces(from: hit + length, in: buffer), in: buffer)
    }

    /// Whether a default reads as a local or made-up one, which the environment replaces wherever it matters:
    /// Django's `django-insecure-…`, or a value holding a word such as dev, local, test, example or changeme.
    static func isLocalDefault(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        var start = value.lowerBound
        while start < value.upperBound {
            guard isLetter(buffer[start]) else {
                start += 1
                continue
            }
            var end = start
            while end < value.upperBound, isLetter(buffer[end]) { end += 1 }
            if localWords.contains(where: { word in
                word.count == end - start && word.indices.allSatisfy { SecretValue.lowercased(buffer[start + $0]) == word[$0] }
            }) { return true }
            start = end
        }
        return false
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    /// Words that mark a default as a developer's (whole words of the value: `dev-secret`, `django-insecure-…`).
    private static let localWords = [
        "insecure", "dev", "development", "local", "localhost", "test", "testing", "example", "changeme", "dummy",
        "fake", "placeholder", "sample", "default", "unsafe", "notsecret",
    ].map { Array($0.utf8) }

    private static let defaultKeyword = Array("default".utf8)
    private static let goOr = Array("cmp.Or(".utf8)
    /// What joins a call to its fallback literal: operators, Ruby's block, Rust's `unwrap_or`.
    private static let joiners = ["||", "??", "?:", "or ", "{", ".unwrap_or(", ".unwrap_or_else(|_|"].map { Array($0.utf8) }

    private func skipSpaces(from start: Int, in buffer: UnsafeBufferPointer<UInt8>, acrossLines: Bool = false) -> Int {
        var index = start
        let limit = min(buffer.count, start + 40)
        while index < limit, spaces.contains(buffer[index])
            || (acrossLines && (buffer[index] == UInt8(ascii: "\n") || buffer[index] == UInt8(ascii: "\r"))) { index += 1 }
        return index
    }

    /// The index past `word` when it is written at `index`.
    private func skip(_ word: [UInt8], at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard index + word.count <= buffer.count,
              word.indices.allSatisfy({ buffer[index + $0] == word[$0] }) else { return nil }
        return index + word.count
    }

    private func quote(at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        index < buffer.count && quotes.contains(buffer[index]) ? index : nil
    }
}
