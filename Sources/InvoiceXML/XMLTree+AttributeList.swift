extension XMLTree {
    /// The positions of `node`'s attributes in the tree's attribute arrays, for `attributeName(at:)` and
    /// `attributeValueBytes(at:)`: a walk over an element's attributes that builds no string.
    @inlinable public func attributePositions(_ node: Node) -> Range<Int> {
        let start = Int(attributeStarts[Int(node)])
        return start..<(start + Int(attributeCounts[Int(node)]))
    }

    /// The position of `node`'s attribute named `id` (for `withAttributeValueBytes(at:_:)`), nil when it has none.
    @inlinable public func attributePosition(_ node: Node, _ id: UInt32) -> Int? {
        attributePositions(node).first { attributeNames[$0] == id }
    }

    /// The name id of the attribute at `position` (one of `attributePositions(_:)`).
    @inlinable public func attributeName(at position: Int) -> UInt32 { attributeNames[position] }

    /// The value of the attribute at `position` (one of `attributePositions(_:)`), as raw UTF-8 bytes.
    @inlinable public func attributeValueBytes(at position: Int) -> ArraySlice<UInt8> {
        textBytes[Int(attributeValueStarts[position])..<Int(attributeValueEnds[position])]
    }

    /// Calls `body` with the value of the attribute at `position` as raw UTF-8 bytes, valid during the call only
    /// (`withTextBytes(_:_:)`).
    @inlinable public func withAttributeValueBytes<R>(at position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withBytes(Int(attributeValueStarts[position])..<Int(attributeValueEnds[position]), body)
    }
}
