import Foundation

/// An `Encoder` that collects a value as a light tree and writes the bytes swift-foundation's `JSONEncoder` writes
/// with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, without that encoder's per-object dictionaries and
/// per-number strings (the check report spent more time in them than in writing the bytes).
///
/// What it must match, as `JSONEncoder` does it: objects and arrays open on the key's line and close on their own line
/// at the parent's indentation (2 spaces a level), empty ones as `{\n\n}` and `[\n\n]`; keys sorted by their UTF-8
/// bytes, `"key" : value`; a key written twice keeps its first spelling and the last value; a keyed container asked for
/// twice at one level (or after a single value that was an object) is the same object; a value that encodes nothing
/// is `{}`; `Data` is base64, `URL` its absolute string, `Decimal` and floating point numbers their description
/// without a trailing `.0`. Anything `JSONEncoder` would refuse or trap on marks the run unsupported instead, and
/// `StableJSON` then lets `JSONEncoder` handle the value, so the result (bytes or error) is always the same as before.
///
/// The types a report holds thousands of (findings, migrations) skip the tree: they are `PrettyJSONWritable` and write
/// their members through the same writer, in the same layout.
final class PrettyJSONEncoder: Encoder {
    /// What every encoder of one document shares.
    final class Context {
        /// Set when the value used something this encoder does not reproduce exactly.
        var unsupported = false
        /// Every string value, already escaped and quoted: the tree holds ranges, not strings (no reference counting
        /// while it is built, walked and freed), and writing one is a copy.
        @exclusivity(unchecked) var strings = ByteBuffer(capacity: 1 << 16)

        func text(_ string: String) -> PrettyJSONValue {
            let start = strings.count
            strings.appendJSONString(string)
            return .text(start: start, end: strings.count)
        }
    }

    let context: Context
    // Every encoder, container and tree node of a document is used by one thread, one call at a time: the dynamic
    // exclusivity checks on these class properties (a tenth of the time) can never fire.
    @exclusivity(unchecked) private var owner: PrettyJSONEncoder?
    /// The key of this value in its owner's container, after the path of the container inside its encoder.
    @exclusivity(unchecked) private var containerPath: [any CodingKey]
    @exclusivity(unchecked) private var key: (any CodingKey)?
    /// A finished child encoder nobody else holds, reused for the next child (most values are structs, one each).
    @exclusivity(unchecked) private var spare: PrettyJSONEncoder?

    @exclusivity(unchecked) private var single: PrettyJSONValue?
    @exclusivity(unchecked) private var object: PrettyJSONObject?
    @exclusivity(unchecked) private var array: PrettyJSONArray?

    init(context: Context, owner: PrettyJSONEncoder? = nil, containerPath: [any CodingKey] = [], key: (any CodingKey)? = nil) {
        self.context = context
        self.owner = owner
        self.containerPath = containerPath
        self.key = key
    }

    /// The document and a newline, as UTF-8; nil when only `JSONEncoder` can tell what `value` is.
    static func render<Value: Encodable>(_ value: Value) throws -> [UInt8]? {
        let context = Context()
        let encoder = PrettyJSONEncoder(context: context)
        let tree = try encoder.box(value, key: nil)
        guard !context.unsupported, let tree else { return nil }
        var writer = PrettyJSONWriter(strings: context)
        guard try writer.write(tree, level: 0) else { return nil }
        writer.appendNewline()
        return writer.utf8
    }

    var codingPath: [any CodingKey] {
        var path = owner?.codingPath ?? []
        path += containerPath
        if let key { path.append(key) }
        return path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// What this encoder collected, as `JSONEncoder` takes it: its object, else its array, else its single value.
    var collected: PrettyJSONValue? {
        if let object { return .object(object) }
        if let array { return .array(array) }
        return single
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let target: PrettyJSONObject
        if let object {
            target = object
        } else if case .object(let existing)? = single, array == nil {
            target = existing
            single = nil
            object = existing
        } else {
            if single != nil || array != nil { context.unsupported = true }
            target = PrettyJSONObject()
            object = target
        }
        return KeyedEncodingContainer(PrettyKeyedContainer<Key>(encoder: self, object: target, path: []))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let target: PrettyJSONArray
        if let array {
            target = array
        } else if case .array(let existing)? = single, object == nil {
            target = existing
            single = nil
            array = existing
        } else {
            if single != nil || object != nil { context.unsupported = true }
            target = PrettyJSONArray()
            array = target
        }
        return PrettyUnkeyedContainer(encoder: self, array: target, path: [])
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { PrettySingleValueContainer(encoder: self) }

    /// Stores a value given to the single value container; `JSONEncoder` traps on a second one.
    fileprivate func setSingle(_ value: PrettyJSONValue) {
        if single != nil || object != nil || array != nil { context.unsupported = true }
        single = value
    }

    /// The JSON value of `value`, which sits at `key` of a container at `path` in this encoder. Strings, integers and
    /// booleans (plain or optional) need no encoder of their own; the types `JSONEncoder` special-cases get the same
    /// treatment; everything else encodes itself into a fresh encoder. Nil when it encoded nothing.
    func box<T: Encodable>(_ value: T, path: [any CodingKey] = [], key: (any CodingKey)?) throws -> PrettyJSONValue? {
        // Exact metatype checks first: they are cheap, and the casts behind them then always succeed.
        if T.self == String.self, let string = value as? String { return context.text(string) }
        if T.self == Int.self, let number = value as? Int { return .int(Int64(number)) }
        if T.self == Bool.self, let flag = value as? Bool { return .bool(flag) }
        let type = ObjectIdentifier(T.self)
        if type == Self.optionalString, let string = value as? String? { return string.map(context.text) ?? .null }
        if type == Self.optionalInt, let number = value as? Int? { return number.map { .int(Int64($0)) } ?? .null }
        if T.self == Data.self, let data = value as? Data { return context.text(data.base64EncodedString()) }
        if T.self == URL.self, let url = value as? URL { return context.text(url.absoluteString) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return .number(decimal.description) }
        if let writable = value as? any PrettyJSONWritable { return .written(PrettyJSONWritten(writable)) }
        var encoder: PrettyJSONEncoder
        if let spare {
            self.spare = nil
            encoder = spare
            encoder.owner = self
            encoder.containerPath = path
            encoder.key = key
        } else {
            encoder = PrettyJSONEncoder(context: context, owner: self, containerPath: path, key: key)
        }
        try value.encode(to: encoder)
        let collected = encoder.collected
        if isKnownUniquelyReferenced(&encoder) {
            encoder.reset()
            spare = encoder
        }
        return collected
    }

    /// Ready for another value; its owner keeps it, so it lets go of its owner.
    private func reset() {
        owner = nil
        containerPath = []
        key = nil
        single = nil
        object = nil
        array = nil
    }

    // Generic metatypes are looked up on every use; these are looked up once.
    private static let optionalString = ObjectIdentifier(String?.self)
    private static let optionalInt = ObjectIdentifier(Int?.self)

    /// `box` for a value inside a container, where encoding nothing gives an empty object.
    fileprivate func boxElement<T: Encodable>(_ value: T, path: [any CodingKey], key: any CodingKey) throws -> PrettyJSONValue {
        try box(value, path: path, key: key) ?? .object(PrettyJSONObject())
    }

    /// A floating point number as `JSONEncoder` writes it: its description without a trailing `.0`. NaN and the
    /// infinities are left to `JSONEncoder`, which refuses them with its own error.
    fileprivate func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) -> PrettyJSONValue {
        guard value.isFinite else {
            context.unsupported = true
            return .null
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

/// One JSON value as collected: strings as ranges of their escaped bytes, numbers as they are, objects and arrays by
/// reference so that a container asked for again is the same one.
enum PrettyJSONValue {
    /// A string, escaped and quoted in `Context.strings`.
    case text(start: Int, end: Int)
    case int(Int64)
    case uint(UInt64)
    /// A number already in its JSON form (floating point, `Decimal`, 128-bit integers).
    case number(String)
    case bool(Bool)
    case null
    case object(PrettyJSONObject)
    case array(PrettyJSONArray)
    /// What a `superEncoder` collects, taken when the document is written.
    case deferred(PrettyJSONEncoder)
    /// A value that writes itself when the document is written.
    case written(PrettyJSONWritten)
}

/// A value that writes its own JSON through `PrettyJSONWriter` instead of being collected into a tree through the
/// `Encoder` protocol: for the types a large document holds thousands of (the report's findings), whose boxing,
/// containers and tree were most of the time spent writing it.
///
/// What it writes must be, byte for byte, what `JSONEncoder` writes for its `encode(to:)`: the same keys in sorted
/// order, `null` where `encode` writes nil and no key where `encodeIfPresent` does. `StableJSONTests` writes each such
/// type both ways and compares them.
protocol PrettyJSONWritable: Encodable {
    /// How many containers deep it nests (an object holding an object is 2): `JSONEncoder` refuses documents nested
    /// too deep, and the writer must refuse them too.
    static var prettyJSONDepth: Int { get }

    /// Writes the value, whose nested lines are indented one level deeper than `level`.
    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int)
}

/// An array of such values writes itself as `JSONEncoder` writes an array: one value per line.
extension Array: PrettyJSONWritable where Element: PrettyJSONWritable {
    static var prettyJSONDepth: Int { Element.prettyJSONDepth + 1 }

    func writePrettyJSON(to writer: inout PrettyJSONWriter, level: Int) {
        var members = writer.beginArray(level: level)
        for element in self {
            writer.nextMember(&members)
            element.writePrettyJSON(to: &writer, level: level + 1)
        }
        writer.endArray(members)
    }
}

/// A `PrettyJSONWritable` held in the tree, by reference so the tree's values stay small.
final class PrettyJSONWritten {
    let value: any PrettyJSONWritable
    let depth: Int

    init(_ value: any PrettyJSONWritable) {
        self.value = value
        depth = type(of: value).prettyJSONDepth
    }
}

/// A JSON object in the order its keys were encoded; sorted, and repeated keys resolved, when written.
final class PrettyJSONObject {
    @exclusivity(unchecked) var keys: [String] = []
    @exclusivity(unchecked) var values: [PrettyJSONValue] = []

    init() {
        // Room for a finding's keys without growing.
        keys.reserveCapacity(16)
        values.reserveCapacity(16)
    }

    func set(_ value: PrettyJSONValue, for key: String) {
        keys.append(key)
        values.append(value)
    }

    /// The value a key holds now: the last one set, as in the dictionary `JSONEncoder` keeps.
    func current(for key: String) -> PrettyJSONValue? {
        guard let index = keys.lastIndex(of: key) else { return nil }
        return values[index]
    }
}

/// A JSON array in encoding order.
final class PrettyJSONArray {
    @exclusivity(unchecked) var values: [PrettyJSONValue] = []
}

private struct PrettyKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: PrettyJSONEncoder
    let object: PrettyJSONObject
    let path: [any CodingKey]

    var codingPath: [any CodingKey] { encoder.codingPath + path }

    mutating func encodeNil(forKey key: Key) throws { object.set(.null, for: key.stringValue) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { object.set(.bool(value), for: key.stringValue) }
    mutating func encode(_ value: String, forKey key: Key) throws { object.set(encoder.context.text(value), for: key.stringValue) }
    mutating func encode(_ value: Double, forKey key: Key) throws { object.set(encoder.number(value), for: key.stringValue) }
    mutating func encode(_ value: Float, forKey key: Key) throws { object.set(encoder.number(value), for: key.stringValue) }
    mutating func encode(_ value: Int, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { object.set(.int(value), for: key.stringValue) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { object.set(.uint(UInt64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { object.set(.int(Int64(value)), for: key.stringValue) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { object.set(.uint(value), for: key.stringValue) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        object.set(try encoder.boxElement(value, path: path, key: key), for: key.stringValue)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let name = key.stringValue
        let nested: PrettyJSONObject
        switch object.current(for: name) {
        case .object(let existing)?:
            nested = existing
        case nil:
            nested = PrettyJSONObject()
            object.set(.object(nested), for: name)
        default:
            // JSONEncoder traps on a keyed container over a value of another kind.
            encoder.context.unsupported = true
            nested = PrettyJSONObject()
        }
        return KeyedEncodingContainer(PrettyKeyedContainer<NestedKey>(encoder: encoder, object: nested, path: path + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let name = key.stringValue
        let nested: PrettyJSONArray
        switch object.current(for: name) {
        case .array(let existing)?:
            nested = existing
        case nil:
            nested = PrettyJSONArray()
            object.set(.array(nested), for: name)
        default:
            encoder.context.unsupported = true
            nested = PrettyJSONArray()
        }
        return PrettyUnkeyedContainer(encoder: encoder, array: nested, path: path + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: PrettyCodingKey.superKey) }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key) }

    private mutating func superEncoder(named key: any CodingKey) -> any Encoder {
        let sub = PrettyJSONEncoder(context: encoder.context, owner: encoder, containerPath: path, key: key)
        object.set(.deferred(sub), for: key.stringValue)
        return sub
    }
}

private struct PrettyUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: PrettyJSONEncoder
    let array: PrettyJSONArray
    let path: [any CodingKey]

    var codingPath: [any CodingKey] { encoder.codingPath + path }
    var count: Int { array.values.count }

    mutating func encodeNil() throws { array.values.append(.null) }
    mutating func encode(_ value: Bool) throws { array.values.append(.bool(value)) }
    mutating func encode(_ value: String) throws { array.values.append(encoder.context.text(value)) }
    mutating func encode(_ value: Double) throws { array.values.append(encoder.number(value)) }
    mutating func encode(_ value: Float) throws { array.values.append(encoder.number(value)) }
    mutating func encode(_ value: Int) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { array.values.append(.int(value)) }
    mutating func encode(_ value: UInt) throws { array.values.append(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { array.values.append(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { array.values.append(.uint(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.values.append(try encoder.boxElement(value, path: path, key: PrettyCodingKey(index: count)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = PrettyJSONObject()
        let index = PrettyCodingKey(index: count)
        array.values.append(.object(nested))
        return KeyedEncodingContainer(PrettyKeyedContainer<NestedKey>(encoder: encoder, object: nested, path: path + [index]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = PrettyJSONArray()
        let index = PrettyCodingKey(index: count)
        array.values.append(.array(nested))
        return PrettyUnkeyedContainer(encoder: encoder, array: nested, path: path + [index])
    }

    mutating func superEncoder() -> any Encoder {
        let sub = PrettyJSONEncoder(context: encoder.context, owner: encoder, containerPath: path, key: PrettyCodingKey(index: count))
        array.values.append(.deferred(sub))
        return sub
    }
}

private struct PrettySingleValueContainer: SingleValueEncodingContainer {
    let encoder: PrettyJSONEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.setSingle(.null) }
    mutating func encode(_ value: Bool) throws { encoder.setSingle(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.setSingle(encoder.context.text(value)) }
    mutating func encode(_ value: Double) throws { encoder.setSingle(encoder.number(value)) }
    mutating func encode(_ value: Float) throws { encoder.setSingle(encoder.number(value)) }
    mutating func encode(_ value: Int) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { encoder.setSingle(.int(value)) }
    mutating func encode(_ value: UInt) throws { encoder.setSingle(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.setSingle(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.setSingle(.uint(value)) }

    /// `JSONEncoder` encodes the value with the same encoder and keeps what it made as the single value, so a keyed
    /// container asked for afterwards adds to that object.
    mutating func encode<T: Encodable>(_ value: T) throws {
        let boxed = try encoder.box(value, key: nil)
        encoder.setSingle(boxed ?? .object(PrettyJSONObject()))
    }
}

/// Array indices and `super` in coding paths.
private struct PrettyCodingKey: CodingKey {
    static let superKey = PrettyCodingKey(stringValue: "super")

    private let name: String?
    let intValue: Int?

    /// Spelled only when a coding path is read (an error message), not for every array element.
    var stringValue: String { name ?? "Index \(intValue ?? 0)" }

    init(stringValue: String) {
        name = stringValue
        intValue = nil
    }

    init(intValue: Int) {
        name = nil
        self.intValue = intValue
    }

    init(index: Int) { self.init(intValue: index) }
}

/// Writes a collected value as `JSONEncoder`'s pretty, key-sorted output.
struct PrettyJSONWriter: ~Copyable {
    /// `JSONEncoder` refuses documents nested this deep.
    private static let maximumDepth = 512

    private var bytes: ByteBuffer
    private var sortCache = KeyOrderCache()
    /// The encoder's strings, which `.text` values point into.
    private let strings: PrettyJSONEncoder.Context

    init(strings: PrettyJSONEncoder.Context) {
        self.strings = strings
        // The document is its strings and, around them, keys and indentation of about the same size.
        bytes = ByteBuffer(capacity: 2 * strings.strings.count + (1 << 12))
    }

    /// What was written.
    var utf8: [UInt8] { bytes.array }

    mutating func appendNewline() { bytes.append(0x0A) }

    /// Appends `value`, whose nested lines are indented one level deeper than `level`; false when something in it can
    /// only be written by `JSONEncoder` (a document nested too deep).
    mutating func write(_ value: PrettyJSONValue, level: Int) throws -> Bool {
        switch value {
        case .text(let start, let end):
            bytes.append(strings.strings.bytes(start..<end))
        case .int(let number):
            appendInteger(magnitude: number.magnitude, negative: number < 0)
        case .uint(let number):
            appendInteger(magnitude: number, negative: false)
        case .number(let text):
            var text = text
            text.withUTF8 { bytes.append($0) }
        case .bool(let flag):
            bytes.append(flag ? "true" : "false")
        case .null:
            bytes.append("null")
        case .deferred(let encoder):
            return try write(encoder.collected ?? .object(PrettyJSONObject()), level: level)
        case .written(let written):
            guard level + written.depth < Self.maximumDepth else { return false }
            written.value.writePrettyJSON(to: &self, level: level)
        case .array(let array):
            guard level + 1 < Self.maximumDepth else { return false }
            var members = beginArray(level: level)
            for value in array.values {
                nextMember(&members)
                guard try write(value, level: level + 1) else { return false }
            }
            endArray(members)
        case .object(let object):
            guard level + 1 < Self.maximumDepth else { return false }
            var members = beginObject(level: level)
            let keys = object.keys
            let values = object.values
            if keys.count == 1 {
                nextMember(&members)
                appendKey(keys[0])
                guard try write(values[0], level: level + 1) else { return false }
            } else if keys.count > 1 {
                for slot in sortCache.order(of: keys) {
                    nextMember(&members)
                    appendKey(keys[slot.key])
                    guard try write(values[slot.value], level: level + 1) else { return false }
                }
            }
            endObject(members)
        }
        return true
    }

    // MARK: Containers, as `JSONEncoder` lays them out

    /// The members written so far of an object or array that is being written, and its level.
    struct Members {
        fileprivate let level: Int
        fileprivate var count = 0
    }

    /// Opens an object whose members are written one level deeper than `level`.
    mutating func beginObject(level: Int) -> Members {
        bytes.append("{\n")
        return Members(level: level)
    }

    /// Opens an array whose elements are written one level deeper than `level`.
    mutating func beginArray(level: Int) -> Members {
        bytes.append("[\n")
        return Members(level: level)
    }

    /// Starts the next member or element: the comma after the one before, a new line and the indentation.
    mutating func nextMember(_ members: inout Members) {
        if members.count > 0 { bytes.append(",\n") }
        members.count += 1
        bytes.appendSpaces(2 * (members.level + 1))
    }

    /// Closes an object on its own line, at its level's indentation (an empty one is `{`, an empty line, `}`).
    mutating func endObject(_ members: Members) { close(members, with: 0x7D) }

    /// Closes an array as `endObject` closes an object.
    mutating func endArray(_ members: Members) { close(members, with: 0x5D) }

    private mutating func close(_ members: Members, with bracket: UInt8) {
        bytes.append(0x0A)
        bytes.appendSpaces(2 * members.level)
        bytes.append(bracket)
    }

    private mutating func appendKey(_ key: String) {
        bytes.appendJSONString(key)
        bytes.append(" : ")
    }

    // MARK: Members of a value that writes itself (`PrettyJSONWritable`)

    /// Starts the next member of an object with its key; keys must come in the order `JSONEncoder` sorts them (by
    /// their UTF-8 bytes) and be plain ASCII with nothing to escape, as coding keys are.
    mutating func key(_ key: StaticString, in members: inout Members) {
        nextMember(&members)
        bytes.append(0x22)
        bytes.append(key)
        bytes.append("\" : ")
    }

    mutating func member(_ key: StaticString, _ value: String, in members: inout Members) {
        self.key(key, in: &members)
        bytes.appendJSONString(value)
    }

    /// A string member, `null` when there is none (as `encode` writes a nil optional).
    mutating func member(_ key: StaticString, _ value: String?, in members: inout Members) {
        self.key(key, in: &members)
        if let value { bytes.appendJSONString(value) } else { bytes.append("null") }
    }

    mutating func member(_ key: StaticString, _ value: Int, in members: inout Members) {
        self.key(key, in: &members)
        appendInteger(magnitude: UInt64(value.magnitude), negative: value < 0)
    }

    /// An integer member, `null` when there is none (as `encode` writes a nil optional).
    mutating func member(_ key: StaticString, _ value: Int?, in members: inout Members) {
        guard let value else {
            self.key(key, in: &members)
            bytes.append("null")
            return
        }
        member(key, value, in: &members)
    }

    mutating func member(_ key: StaticString, _ value: Bool, in members: inout Members) {
        self.key(key, in: &members)
        bytes.append(value ? "true" : "false")
    }

    /// An array of strings, one a line.
    mutating func member(_ key: StaticString, _ values: [String], in members: inout Members) {
        self.key(key, in: &members)
        var elements = beginArray(level: members.level + 1)
        for value in values {
            nextMember(&elements)
            bytes.appendJSONString(value)
        }
        endArray(elements)
    }

    /// A nested value that writes itself, `null` when there is none.
    mutating func member<Value: PrettyJSONWritable>(_ key: StaticString, _ value: Value?, in members: inout Members) {
        self.key(key, in: &members)
        if let value { value.writePrettyJSON(to: &self, level: members.level + 1) } else { bytes.append("null") }
    }

    private mutating func appendInteger(magnitude: UInt64, negative: Bool) {
        if negative { bytes.append(0x2D) }
        if magnitude < 10 {
            bytes.append(0x30 + UInt8(magnitude))
            return
        }
        // Digits are produced last first into a small buffer, then copied in order.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var position = buffer.count
            var rest = magnitude
            while rest > 0 {
                position -= 1
                buffer[position] = 0x30 + UInt8(rest % 10)
                rest /= 10
            }
            bytes.append(UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[position...]))
        }
    }

}

/// Bytes appended through a pointer, without the uniqueness and exclusivity checks of an array on every byte. It owns
/// its memory and frees it when it goes.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit { base.deallocate() }

    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let larger = max(capacity * 2, count + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func appendSpaces(_ width: Int) {
        reserve(width)
        (base + count).initialize(repeating: 0x20, count: width)
        count += width
    }

    /// Bytes already appended; valid until the next append.
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// A JSON string as `JSONEncoder` escapes it (`JSONEscape`).
    mutating func appendJSONString(_ string: String) {
        append(0x22)
        var string = string
        string.withUTF8 { utf8 in
            guard let text = utf8.baseAddress else { return }
            let count = utf8.count
            // Bytes before `start` are written; runs without escapes are copied whole.
            var start = 0
            var index = 0
            while index < count {
                if index + 8 <= count, JSONEscape.escapedLanes(ByteLanes.load(text, index)) == 0 {
                    index += 8
                    continue
                }
                let byte = text[index]
                index += 1
                guard JSONEscape.needsEscape(byte) else { continue }
                append(UnsafeBufferPointer(start: text + start, count: index - 1 - start))
                start = index
                append(0x5C)
                if let letter = JSONEscape.shortForm(byte) {
                    append(letter)
                } else {
                    append("u00")
                    append(JSONEscape.hexDigit(byte >> 4))
                    append(JSONEscape.hexDigit(byte & 0x0F))
                }
            }
            append(UnsafeBufferPointer(start: text + start, count: count - start))
        }
        append(0x22)
    }
}

/// The order an object's keys are written in: by UTF-8 bytes, each key once (its first spelling, its last value, as the
/// dictionary behind `JSONEncoder` keeps them). Objects of one type repeat the same keys, so the last few orders are
/// remembered and reused when the keys are the same bytes.
struct KeyOrderCache {
    /// Where an entry's key is spelled and where its value is.
    typealias Slot = (key: Int, value: Int)

    private var entries: [(keys: [String], order: [Slot])] = []
    private var next = 0
    private static let capacity = 8

    mutating func order(of keys: [String]) -> [Slot] {
        for index in entries.indices where Self.sameBytes(entries[index].keys, keys) { return entries[index].order }
        let order = Self.sortedOrder(of: keys)
        if entries.count < Self.capacity {
            entries.append((keys, order))
        } else {
            entries[next] = (keys, order)
            next = (next + 1) % Self.capacity
        }
        return order
    }

    private static func sameBytes(_ a: [String], _ b: [String]) -> Bool {
        guard a.count == b.count else { return false }
        for index in a.indices where !sameBytes(a[index], b[index]) { return false }
        return true
    }

    /// Equal UTF-8. Keys of one type are the same literals, so `==` (which is not byte equality: canonically
    /// equivalent strings are equal) turns most pairs away or in at once, and only equal ones are compared byte by byte.
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a == b else { return false }
        var a = a
        var b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                guard left.count == right.count, let l = left.baseAddress, let r = right.baseAddress else {
                    return left.count == right.count
                }
                return memcmp(l, r, left.count) == 0
            }
        }
    }

    /// Indices of the keys to write, sorted by bytes. `JSONEncoder` keeps keys in a `String` dictionary, so keys equal
    /// as Swift strings (canonically equivalent) are one entry there: the first spelling with the last value.
    static func sortedOrder(of keys: [String]) -> [Slot] {
        var firstOf: [String: Int] = [:]
        var lastValue: [Int] = []
        var spelling: [Int] = []
        firstOf.reserveCapacity(keys.count)
        for (index, key) in keys.enumerated() {
            if let slot = firstOf[key] {
                lastValue[slot] = index
            } else {
                firstOf[key] = spelling.count
                spelling.append(index)
                lastValue.append(index)
            }
        }
        return spelling.indices
            .sorted { precedes(keys[spelling[$0]], keys[spelling[$1]]) }
            .map { (key: spelling[$0], value: lastValue[$0]) }
    }

    private static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
}
