import Foundation

/// A read-only view of one node of libpg_query's JSON parse tree; missing keys read as empty nodes.
struct ParseNode {
    let value: Any?

    init(_ value: Any?) { self.value = value }

    subscript(key: String) -> ParseNode {
        ParseNode((value as? [String: Any])?[key])
    }

    var exists: Bool { value != nil }
    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var bool: Bool { (value as? NSNumber)?.boolValue ?? false }
    var array: [ParseNode] { ((value as? [Any]) ?? []).map(ParseNode.init) }

    /// The single key of a wrapper node such as `{"AlterTableStmt": {...}}`.
    var tag: String? { (value as? [String: Any])?.keys.first }
    /// The body under the single key of a wrapper node.
    var body: ParseNode { tag.map { self[$0] } ?? ParseNode(nil) }

    /// `[{"String": {"sval": "a"}}, …]` as `["a", …]`.
    var names: [String] { array.compactMap { $0["String"]["sval"].string } }
}
