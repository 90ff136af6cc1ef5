import InvoiceXML

/// The codes of a code list, looked up as strings or straight from a document's UTF-8 bytes.
///
/// Byte lookups answer for ASCII values only: a value with other characters is compared as a string (Swift
/// string equality treats canonically equivalent texts as equal, and byte lookups must not answer differently).
struct CodeSet: Sendable {
    /// The codes.
    let strings: Set<String>
    /// The ASCII codes as bytes, and an open-addressing table of their indexes by hash (-1: empty slot).
    private let codes: [[UInt8]]
    private let slots: [Int32]
    /// Whether some code contains white space, or is empty: then normalised values are compared as strings.
    private let unusual: Bool

    init(_ strings: Set<String>) {
        self.strings = strings
        let codes = strings.map { Array($0.utf8) }.filter { $0.allSatisfy { $0 < 0x80 } }
        self.codes = codes
        unusual = strings.contains { $0.isEmpty || $0.utf8.contains { CodeSet.isSpace($0) } }
        var size = 16
        while size < codes.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (index, code) in codes.enumerated() {
            var slot = CodeSet.hash(code[...]) & (size - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index)
        }
        self.slots = slots
    }

    /// Whether `code` is one of the codes, compared as a string.
    func contains(_ code: String) -> Bool { strings.contains(code) }

    /// Whether XPath `normalize-space` of the UTF-8 `bytes` is one of the codes; nil when the bytes are not all
    /// ASCII (or the codes unusual): the caller then compares strings.
    func containsNormalized(_ bytes: ArraySlice<UInt8>) -> Bool? {
        if unusual { return nil }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, CodeSet.isSpace(bytes[start]) { start += 1 }
        while end > start, CodeSet.isSpace(bytes[end - 1]) { end -= 1 }
        let value = bytes[start..<end]
        var inner = false
        for byte in value {
            if byte >= 0x80 { return nil }
            if CodeSet.isSpace(byte) { inner = true }
        }
        // No code is empty or holds a space.
        if value.isEmpty || inner { return false }
        var slot = CodeSet.hash(value) & (slots.count - 1)
        while slots[slot] >= 0 {
            if codes[Int(slots[slot])].elementsEqual(value) { return true }
            slot = (slot + 1) & (slots.count - 1)
        }
        return false
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// FNV-1a.
    private static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

extension Document {
    /// Whether XPath `normalize-space` of `node`'s string value is one of `codes`.
    func normalized(_ node: XMLTree.Node, isIn codes: CodeSet) -> Bool {
        if !tree.hasChildren(node), let found = codes.containsNormalized(tree.textBytes(node)) { return found }
        return codes.contains(normalized(node))
    }

    /// Whether XPath `normalize-space` of `node`'s attribute `name` ("" when it has none) is one of `codes`.
    func normalizedAttribute(_ node: XMLTree.Node, _ name: UInt32, isIn codes: CodeSet) -> Bool {
        if let bytes = tree.attributeBytes(node, name), let found = codes.containsNormalized(bytes) { return found }
        return codes.contains(Document.normalizeSpace(attribute(node, name) ?? ""))
    }
}
