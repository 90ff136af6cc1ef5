/// The unkeyed container of a `NodeEncoder`: the elements of a JSON array.
struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let encoder: NodeEncoder
    let array: JSONArray

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.values.count }

    private var nextKey: IndexKey { IndexKey(array.values.count) }

    mutating func encodeNil() { array.values.append(.null) }
    mutating func encode(_ value: Bool) { array.values.append(.bool(value)) }
    mutating func encode(_ value: String) { array.values.append(.string(value)) }
    mutating func encode(_ value: Double) throws { array.values.append(try encoder.number(value, at: nextKey)) }
    mutating func encode(_ value: Float) throws { array.values.append(try encoder.number(value, at: nextKey)) }
    mutating func encode(_ value: Int) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: Int8) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: Int16) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: Int32) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: Int64) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: UInt) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: UInt8) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: UInt16) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: UInt32) { array.values.append(.number(String(value))) }
    mutating func encode(_ value: UInt64) { array.values.append(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        array.values.append(try encoder.node(for: value, at: nextKey))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObject()
        let child = NodeEncoder(parent: encoder, key: nextKey)
        child.node = .object(nested)
        array.values.append(.object(nested))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(encoder: child, object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArray()
        let child = NodeEncoder(parent: encoder, key: nextKey)
        child.node = .array(nested)
        array.values.append(.array(nested))
        return UnkeyedNodeContainer(encoder: child, array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let index = array.values.count
        array.values.append(.null)
        return ReferencingNodeEncoder(parent: encoder, key: IndexKey(index), slot: .element(array, index))
    }
}
