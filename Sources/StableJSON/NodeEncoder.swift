import Foundation

/// The `Encoder` a value writes itself to: it builds the value's `JSONNode`.
///
/// Each nested value gets its own encoder, which knows only its parent and its key: the coding path is put
/// together when someone asks for it (an error, or a value that reads it), not for every value.
class NodeEncoder: Encoder {
    let parent: NodeEncoder?
    let key: (any CodingKey)?
    /// What the value wrote: nil until it asks for a container or writes a single value.
    var node: JSONNode?

    init(parent: NodeEncoder?, key: (any CodingKey)?) {
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var current: NodeEncoder? = self
        while let encoder = current, let key = encoder.key {
            path.append(key)
            current = encoder.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONObject
        if case .object(let existing) = node {
            object = existing
        } else {
            object = JSONObject()
            node = .object(object)
        }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONArray
        if case .array(let existing) = node {
            array = existing
        } else {
            array = JSONArray()
            node = .array(array)
        }
        return UnkeyedNodeContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueNodeContainer(encoder: self)
    }

    // MARK: Values

    /// The node of `value`, a child of this encoder's value under `key`.
    func node<T: Encodable>(for value: T, at key: any CodingKey) throws -> JSONNode {
        if let known = try knownNode(for: value, at: key) { return known }
        let child = NodeEncoder(parent: self, key: key)
        try value.encode(to: child)
        return child.finished(sortingKeys: value is any UnorderedDictionary)
    }

    /// What the value wrote; a value that wrote nothing is an empty object, as with `JSONEncoder`.
    func finished(sortingKeys: Bool) -> JSONNode {
        guard let node else { return .object(JSONObject()) }
        if sortingKeys, case .object(let object) = node { object.sortByKey() }
        return node
    }

    /// The node of the types written in a fixed way whatever their `Encodable` conformance says:
    /// the scalars, and `Date`, `Data`, `URL`, `Decimal` and `RawJSON`; nil for any other type.
    ///
    /// Types are compared rather than cast: most values are structs, and a failed cast costs more than a
    /// comparison of type metadata.
    func knownNode<T: Encodable>(for value: T, at key: (any CodingKey)?) throws -> JSONNode? {
        let type = T.self
        if type == String.self { return .string(value as! String) }
        if type == Int.self { return .number(String(value as! Int)) }
        if type == Bool.self { return .bool(value as! Bool) }
        if type == Double.self { return try number(value as! Double, at: key) }
        if type == Date.self { return .string(ISO8601Milliseconds.string(value as! Date)) }
        if type == Data.self { return .string((value as! Data).base64EncodedString()) }
        if type == RawJSON.self { return .raw(Array((value as! RawJSON).bytes)) }
        if type == URL.self { return .string((value as! URL).absoluteString) }
        if type == Decimal.self { return .number((value as! Decimal).description) }
        if type == Float.self { return try number(value as! Float, at: key) }
        if type == Int64.self { return .number(String(value as! Int64)) }
        if type == Int32.self { return .number(String(value as! Int32)) }
        if type == Int16.self { return .number(String(value as! Int16)) }
        if type == Int8.self { return .number(String(value as! Int8)) }
        if type == UInt.self { return .number(String(value as! UInt)) }
        if type == UInt64.self { return .number(String(value as! UInt64)) }
        if type == UInt32.self { return .number(String(value as! UInt32)) }
        if type == UInt16.self { return .number(String(value as! UInt16)) }
        if type == UInt8.self { return .number(String(value as! UInt8)) }
        return nil
    }

    /// A finite number, as Swift writes it shortest, without a trailing `.0` (`1`, `0.1`, `1e-07`).
    func number<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, at key: (any CodingKey)?) throws -> JSONNode {
        guard value.isFinite else {
            throw StableJSONError.nonFiniteNumber(path: StableJSONError.path(codingPath + [key].compactMap { $0 }))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}

/// A dictionary: its keys are written sorted, since its own order changes from one process to the next.
protocol UnorderedDictionary {}

extension Dictionary: UnorderedDictionary {}

/// The key of an array element in a coding path.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }

    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// The key `super` of `superEncoder()`.
struct SuperKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ name: String = "super") { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// The encoder `superEncoder()` hands out: whatever it is given goes into its parent's container when the
/// caller is done with it, as in `JSONEncoder`.
final class ReferencingNodeEncoder: NodeEncoder {
    enum Slot {
        case member(JSONObject, String)
        case element(JSONArray, Int)
    }

    let slot: Slot

    init(parent: NodeEncoder, key: any CodingKey, slot: Slot) {
        self.slot = slot
        super.init(parent: parent, key: key)
    }

    deinit {
        let value = finished(sortingKeys: false)
        switch slot {
        case .member(let object, let key): object.set(key, value)
        case .element(let array, let index): array.values[index] = value
        }
    }
}
