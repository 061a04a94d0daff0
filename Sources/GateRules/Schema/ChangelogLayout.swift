import GateCode
import GateCore

/// What a Liquibase XML or YAML changelog says once its comments and layout are set aside: two versions that say the
/// same run the same changesets and includes. gate lexes no XML or YAML, so a changelog's edit that only adds a
/// comment (`<!-- every changelog in changes/ runs in file-name order -->`) or re-indents it is told apart here.
enum ChangelogLayout {
    /// The changelog's bytes without XML comments (`<!-- … -->`), YAML comment lines (`# …`) and line breaks, each
    /// run of spaces and tabs read as one space.
    static func content(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        var lineStart = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), bytes.count - index >= 4, bytes[index + 1] == UInt8(ascii: "!"),
               bytes[index + 2] == Byte.minus, bytes[index + 3] == Byte.minus
            {
                // Through the comment's `-->` (to the end when it is not closed).
                var end = index + 4
                while end + 2 < bytes.count, !(bytes[end] == Byte.minus && bytes[end + 1] == Byte.minus && bytes[end + 2] == UInt8(ascii: ">")) {
                    end += 1
                }
                index = end + 3
                continue
            }
            if lineStart, byte == Byte.hash {
                // A YAML comment line: to its end.
                while index < bytes.count, bytes[index] != Byte.newline { index += 1 }
                continue
            }
            if byte == Byte.space || byte == Byte.tab || byte == Byte.newline || byte == Byte.carriageReturn {
                if result.last != Byte.space { result.append(Byte.space) }
                if byte == Byte.newline { lineStart = true }
                index += 1
                continue
            }
            lineStart = false
            result.append(byte)
            index += 1
        }
        return result
    }

    /// Whether `head` says something `base` does not, comments and layout aside.
    static func differs(_ base: [UInt8], _ head: [UInt8]) -> Bool {
        content(base) != content(head)
    }
}
