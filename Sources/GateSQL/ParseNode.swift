import GateCore

/// libpg_query's JSON parse tree, parsed once into a flat node table over the original bytes: no per-node
/// objects, strings decoded only when asked for. Foundation's JSONSerialization took most of the analysis time.
final class JSONDocument {
    enum Kind: UInt8 { case object, array, string, number, `true`, `false`, null }

    struct Node {
        var kind: Kind
        /// Value bytes (for strings: the content between the quotes).
        var start: Int32
        var end: Int32
        /// Member key bytes when the node is an object member, else -1.
        var keyStart: Int32 = -1
        var keyEnd: Int32 = -1
        var firstChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// Whether a string holds escapes (decoded on the slow path).
        var escaped = false
    }

    let bytes: [UInt8]
    /// Read-only once built: a `let` spares every lookup the dynamic exclusivity check a class's `var` costs.
    let nodes: [Node]

    struct SyntaxError: Error {
        var offset: Int
    }

    init(_ bytes: [UInt8]) throws(SyntaxError) {
        self.bytes = bytes
        nodes = try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> [Node] in
            var builder = Builder(bytes: buffer)
            builder.nodes.reserveCapacity(bytes.count / 12)
            var cursor = 0
            _ = try builder.parseValue(&cursor)
            builder.skipWhitespace(&cursor)
            if cursor != buffer.count { throw SyntaxError(offset: cursor) }
            return builder.nodes
        }
    }

    /// Builds the node table over the bytes, which outlive it.
    private struct Builder {
        let bytes: UnsafeBufferPointer<UInt8>
        var nodes: [Node] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func skipWhitespace(_ cursor: inout Int) {
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D || bytes[cursor] == 0x09 {
                cursor += 1
            }
        }

        /// Parses the value at `cursor` into a node carrying its member key (`key`, or -1s outside an object).
        mutating func parseValue(_ cursor: inout Int, key: (Int32, Int32) = (-1, -1)) throws(SyntaxError) -> Int32 {
            skipWhitespace(&cursor)
            guard cursor < bytes.count else { throw SyntaxError(offset: cursor) }
            let index = Int32(nodes.count)
            switch bytes[cursor] {
            case 0x7B, 0x5B:  // { or [: members carry their key, elements none
                let isObject = bytes[cursor] == 0x7B
                let close: UInt8 = isObject ? 0x7D : 0x5D
                nodes.append(Node(kind: isObject ? .object : .array, start: Int32(cursor), end: 0, keyStart: key.0, keyEnd: key.1))
                cursor += 1
                var previous: Int32 = -1
                skipWhitespace(&cursor)
                if cursor < bytes.count, bytes[cursor] == close {
                    cursor += 1
                    nodes[Int(index)].end = Int32(cursor)
                    return index
                }
                while true {
                    var memberKey: (Int32, Int32) = (-1, -1)
                    if isObject {
                        skipWhitespace(&cursor)
                        guard cursor < bytes.count, bytes[cursor] == 0x22 else { throw SyntaxError(offset: cursor) }
                        let (keyStart, keyEnd, _) = try scanString(&cursor)
                        skipWhitespace(&cursor)
                        guard cursor < bytes.count, bytes[cursor] == 0x3A else { throw SyntaxError(offset: cursor) }
                        cursor += 1
                        memberKey = (Int32(keyStart), Int32(keyEnd))
                    }
                    let child = try parseValue(&cursor, key: memberKey)
                    link(parent: index, previous: previous, child: child)
                    previous = child
                    skipWhitespace(&cursor)
                    guard cursor < bytes.count else { throw SyntaxError(offset: cursor) }
                    if bytes[cursor] == 0x2C {
                        cursor += 1
                    } else if bytes[cursor] == close {
                        cursor += 1
                        break
                    } else {
                        throw SyntaxError(offset: cursor)
                    }
                }
                nodes[Int(index)].end = Int32(cursor)
            case 0x22:
                let (start, end, escaped) = try scanString(&cursor)
                nodes.append(Node(
                    kind: .string, start: Int32(start), end: Int32(end), keyStart: key.0, keyEnd: key.1, escaped: escaped))
            case 0x74:
                try expect("true", &cursor)
                nodes.append(Node(kind: .true, start: Int32(cursor - 4), end: Int32(cursor), keyStart: key.0, keyEnd: key.1))
            case 0x66:
                try expect("false", &cursor)
                nodes.append(Node(kind: .false, start: Int32(cursor - 5), end: Int32(cursor), keyStart: key.0, keyEnd: key.1))
            case 0x6E:
                try expect("null", &cursor)
                nodes.append(Node(kind: .null, start: Int32(cursor - 4), end: Int32(cursor), keyStart: key.0, keyEnd: key.1))
            default:
                let start = cursor
                while cursor < bytes.count, (bytes[cursor] >= 0x30 && bytes[cursor] <= 0x39) || bytes[cursor] == 0x2D
                    || bytes[cursor] == 0x2B || bytes[cursor] == 0x2E || bytes[cursor] == 0x65 || bytes[cursor] == 0x45
                {
                    cursor += 1
                }
                if cursor == start { throw SyntaxError(offset: cursor) }
                nodes.append(Node(kind: .number, start: Int32(start), end: Int32(cursor), keyStart: key.0, keyEnd: key.1))
            }
            return index
        }

        private mutating func link(parent: Int32, previous: Int32, child: Int32) {
            if previous < 0 { nodes[Int(parent)].firstChild = child } else { nodes[Int(previous)].nextSibling = child }
        }

        private func expect(_ word: StaticString, _ cursor: inout Int) throws(SyntaxError) {
            let count = word.utf8CodeUnitCount
            guard cursor + count <= bytes.count else { throw SyntaxError(offset: cursor) }
            let pointer = word.utf8Start
            for offset in 0..<count where bytes[cursor + offset] != pointer[offset] { throw SyntaxError(offset: cursor) }
            cursor += count
        }

        /// Scans a string starting at the opening quote; returns its content range and whether it has escapes.
        private func scanString(_ cursor: inout Int) throws(SyntaxError) -> (Int, Int, Bool) {
            cursor += 1
            let start = cursor
            var escaped = false
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == 0x22 {
                    cursor += 1
                    return (start, cursor - 1, escaped)
                }
                if byte == 0x5C {
                    escaped = true
                    cursor += 2
                } else {
                    cursor += 1
                }
            }
            throw SyntaxError(offset: start)
        }
    }

    func string(_ node: Node) -> String {
        let slice = bytes[Int(node.start)..<Int(node.end)]
        guard node.escaped else { return String(decoding: slice, as: UTF8.self) }
        return JSONStringLiteral.decode(slice)
    }

    func keyEquals(_ node: Node, _ key: StaticString) -> Bool {
        let count = key.utf8CodeUnitCount
        guard node.keyStart >= 0, Int(node.keyEnd - node.keyStart) == count else { return false }
        let pointer = key.utf8Start
        let start = Int(node.keyStart)
        for offset in 0..<count where bytes[start + offset] != pointer[offset] { return false }
        return true
    }
}

/// A read-only view of one node of the parse tree; missing keys read as empty nodes.
struct ParseNode {
    let document: JSONDocument?
    let index: Int32

    static var missing: ParseNode { ParseNode(document: nil, index: -1) }

    private var node: JSONDocument.Node? {
        guard let document, index >= 0 else { return nil }
        return document.nodes[Int(index)]
    }

    subscript(key: StaticString) -> ParseNode {
        guard let document, let node, node.kind == .object else { return .missing }
        var child = node.firstChild
        while child >= 0 {
            let candidate = document.nodes[Int(child)]
            if document.keyEquals(candidate, key) { return ParseNode(document: document, index: child) }
            child = candidate.nextSibling
        }
        return .missing
    }

    var exists: Bool { node.map { $0.kind != .null } ?? false }
    var isObject: Bool { node?.kind == .object }

    var string: String? {
        guard let document, let node, node.kind == .string else { return nil }
        return document.string(node)
    }

    var int: Int? {
        guard let document, let node, node.kind == .number else { return nil }
        var value = 0
        var negative = false
        for byte in document.bytes[Int(node.start)..<Int(node.end)] {
            if byte == 0x2D { negative = true; continue }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value &* 10 &+ Int(byte - 0x30)
        }
        return negative ? -value : value
    }

    var bool: Bool { node?.kind == .true }

    /// The elements of an array, or the values of an object's members.
    var children: [ParseNode] {
        guard let document, let node else { return [] }
        var result: [ParseNode] = []
        var child = node.firstChild
        while child >= 0 {
            result.append(ParseNode(document: document, index: child))
            child = document.nodes[Int(child)].nextSibling
        }
        return result
    }

    var array: [ParseNode] { node?.kind == .array ? children : [] }

    /// The key of this node in its parent object.
    var key: String? {
        guard let document, let node, node.keyStart >= 0 else { return nil }
        return String(decoding: document.bytes[Int(node.keyStart)..<Int(node.keyEnd)], as: UTF8.self)
    }

    /// The single key of a wrapper node such as `{"AlterTableStmt": {...}}`.
    var tag: String? { body.key }
    /// The body under the single key of a wrapper node.
    var body: ParseNode {
        guard let node, node.kind == .object, node.firstChild >= 0 else { return .missing }
        return ParseNode(document: document, index: node.firstChild)
    }

    /// `[{"String": {"sval": "a"}}, …]` as `["a", …]`.
    var names: [String] { array.compactMap { $0["String"]["sval"].string } }
}
