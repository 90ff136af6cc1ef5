/// The binary objects (attached documents, BT-125) of a group and its sub-groups (`updateBinaryObjects`,
/// which changes the group's storage, is in BusinessGroup.swift).
extension BusinessGroup {
    /// Every binary object, in a fixed order: the group's own values, then each sub-group's in turn.
    public var binaryObjects: [BinaryObject] {
        var found: [BinaryObject] = []
        collectBinaryObjects(into: &found)
        return found
    }

    private func collectBinaryObjects(into found: inout [BinaryObject]) {
        for entry in entries { if case .binary(let object) = entry.value { found.append(object) } }
        for member in members { member.content.collectBinaryObjects(into: &found) }
    }
}
