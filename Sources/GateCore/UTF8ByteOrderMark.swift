/// The UTF-8 byte order mark (EF BB BF) some Windows editors put before a file's text. It is no character of the
/// text: a YAML or JSON reader that sees it fails at 1:1, so files of the user (the policy, a GitHub event) are read
/// without it.
public enum UTF8ByteOrderMark {
    public static let bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `content` without a leading byte order mark.
    public static func stripped(_ content: [UInt8]) -> [UInt8] {
        content.starts(with: bytes) ? Array(content.dropFirst(bytes.count)) : content
    }
}
