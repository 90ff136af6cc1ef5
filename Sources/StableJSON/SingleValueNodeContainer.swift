/// The single-value container of a `NodeEncoder`: the value is the encoder's whole node.
struct SingleValueNodeContainer: SingleValueEncodingContainer {
    let encoder: NodeEncoder

    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() { encoder.node = .null }
    mutating func encode(_ value: Bool) { encoder.node = .bool(value) }
    mutating func encode(_ value: String) { encoder.node = .string(value) }
    mutating func encode(_ value: Double) throws { encoder.node = try encoder.number(value, at: nil) }
    mutating func encode(_ value: Float) throws { encoder.node = try encoder.number(value, at: nil) }
    mutating func encode(_ value: Int) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int8) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int16) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int32) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Int64) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt8) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt16) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt32) { encoder.node = .number(String(value)) }
    mutating func encode(_ value: UInt64) { encoder.node = .number(String(value)) }

    /// A value written through its single-value container is this encoder's value itself: a `Date` or a
    /// dictionary inside a wrapper type is written as it would be at the top.
    mutating func encode<T: Encodable>(_ value: T) throws {
        if let known = try encoder.knownNode(for: value, at: nil) {
            encoder.node = known
            return
        }
        let inner = NodeEncoder(parent: encoder.parent, key: encoder.key)
        try value.encode(to: inner)
        encoder.node = inner.finished(sortingKeys: value is any UnorderedDictionary)
    }
}
