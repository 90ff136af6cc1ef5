#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The object table rebuilt by scanning the file for `n g obj`, as readers do when `startxref` or the
/// cross-reference data is broken. Later definitions win, so incremental updates still take effect.
struct ObjectScan: Sendable {
    /// Offset of the newest `n g obj` header for each object number.
    private(set) var offsets: [Int: Int] = [:]
    /// Offsets of the `trailer` keywords, in file order.
    private(set) var trailerOffsets: [Int] = []

    /// Scans all of `bytes`.
    /// - Throws: `tooManyObjects` when the file holds more headers than the limit allows.
    init(_ bytes: UnsafeRawBufferPointer, limits: FacturXLimits) throws(FacturXError) {
        let count = bytes.count
        var headers = 0
        var index = 0
        while let found = bytes.firstOffset(of: "obj", in: index..<count) {
            index = found + 3
            guard index >= count || !PDFLexer.isRegular(bytes[index]), let (number, start) = Self.header(before: found, in: bytes) else {
                continue
            }
            headers += 1
            guard headers <= limits.maxObjects else { throw .tooManyObjects(limit: limits.maxObjects) }
            offsets[number] = start
        }
        index = 0
        while let found = bytes.firstOffset(of: "trailer", in: index..<count) {
            index = found + 7
            if found == 0 || !PDFLexer.isRegular(bytes[found - 1]) { trailerOffsets.append(index) }
        }
    }

    /// Reads back from `obj` at `index` over white space, a generation and an object number.
    private static func header(before index: Int, in bytes: UnsafeRawBufferPointer) -> (Int, Int)? {
        var position = index - 1
        func skipSpaces() -> Bool {
            let start = position
            while position >= 0, PDFLexer.isWhitespace(bytes[position]) { position -= 1 }
            return position < start
        }
        func digitsBack() -> (value: Int, start: Int)? {
            var end = position
            while position >= 0, bytes[position] >= 0x30, bytes[position] <= 0x39, end - position < 10 { position -= 1 }
            guard position < end else { return nil }
            var value = 0
            for offset in (position + 1)...end { value = value * 10 + Int(bytes[offset] - 0x30) }
            end = position + 1
            return (value, end)
        }
        _ = skipSpaces()
        guard digitsBack() != nil, skipSpaces(), let number = digitsBack() else { return nil }
        guard position < 0 || !PDFLexer.isRegular(bytes[position]) || bytes[position] == UInt8(ascii: "j") else { return nil }
        return (number.value, number.start)
    }

}
