/// A cross-reference stream (PDF 1.5, ISO 32000-1 §7.5.8), decoded once and read by arithmetic.
struct CrossReferenceStream: Sendable {
    private let data: [UInt8]
    private let widths: (Int, Int, Int)
    private let ranges: [(first: Int, count: Int, byteOffset: Int)]

    /// Builds the table from the stream's dictionary and its decoded bytes.
    init(dictionary: PDFDictionary, data: [UInt8], limits: FacturXLimits) throws(FacturXError) {
        let widthValues = dictionary["W"]?.array?.compactMap(\.integer) ?? []
        guard widthValues.count >= 3, widthValues.allSatisfy({ (0...8).contains($0) }) else {
            throw .damaged(reason: "a cross-reference stream has no valid /W")
        }
        widths = (widthValues[0], widthValues[1], widthValues[2])
        let entryLength = widthValues[0] + widthValues[1] + widthValues[2]
        guard entryLength > 0 else { throw .damaged(reason: "a cross-reference stream has empty entries") }
        let size = dictionary["Size"]?.integer ?? 0
        guard size >= 0, size <= limits.maxObjects else { throw .tooManyObjects(limit: limits.maxObjects) }
        var pairs = dictionary["Index"]?.array?.compactMap(\.integer) ?? []
        if pairs.count < 2 { pairs = [0, size] }
        var ranges: [(Int, Int, Int)] = []
        var byteOffset = 0
        var total = 0
        for pair in stride(from: 0, to: pairs.count - 1, by: 2) {
            let first = pairs[pair]
            let available = max(0, (data.count - byteOffset) / entryLength)
            let count = min(max(0, pairs[pair + 1]), available)
            guard first >= 0 else { continue }
            total += count
            guard total <= limits.maxObjects, first <= limits.maxObjects else { throw .tooManyObjects(limit: limits.maxObjects) }
            ranges.append((first, count, byteOffset))
            byteOffset += count * entryLength
        }
        self.ranges = ranges
        self.data = data
    }

    /// The entry for object `number`, or nil when this stream does not list it.
    func entry(_ number: Int) -> CrossReferenceEntry? {
        let entryLength = widths.0 + widths.1 + widths.2
        for range in ranges where number >= range.first && number < range.first + range.count {
            var position = range.byteOffset + (number - range.first) * entryLength
            let type = widths.0 == 0 ? 1 : field(&position, widths.0)
            let second = field(&position, widths.1)
            let third = field(&position, widths.2)
            switch type {
            case 0: return .free
            case 1: return second >= 0 ? .inFile(offset: second) : nil
            case 2: return second >= 0 && third >= 0 ? .compressed(stream: second, index: third) : nil
            default: return nil  // unknown types are references to null
            }
        }
        return nil
    }

    /// The highest object number the stream lists, plus one.
    var size: Int { ranges.map { $0.first + $0.count }.max() ?? 0 }

    @inline(__always) private func field(_ position: inout Int, _ width: Int) -> Int {
        var value = 0
        for _ in 0..<width {
            value = value &<< 8 | Int(data[position])
            position += 1
        }
        return value
    }
}
