#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open PDF: finds, parses and caches indirect objects on demand, and decodes streams.
///
/// Works on borrowed bytes: an instance must not outlive the buffer it was given (see `FacturXReader`).
/// Every lookup is bounded: cycles throw `referenceCycle`, the number of look-ups and the decoded bytes
/// are capped by `FacturXLimits`.
final class PDFFile {
    let bytes: UnsafeRawBufferPointer
    let limits: FacturXLimits
    /// The version in the `%PDF-x.y` header.
    private(set) var headerVersion = ""
    /// Where `%PDF-` was found (writers sometimes put junk before it).
    private var headerOffset = 0
    private(set) var crossReference = CrossReference()
    /// The object table rebuilt by scanning, once the cross-reference data proved unreliable.
    private var scan: ObjectScan?
    /// Objects found inside object streams while recovering, by object number.
    private var scannedCompressed: [Int: CrossReferenceEntry]?
    private(set) var trailer = PDFDictionary()
    /// Whether the object table had to be rebuilt by scanning.
    private(set) var recovered = false
    /// Whether the first object says the file is linearized.
    private(set) var linearized = false

    private var cache: [Int: PDFObject] = [:]
    private var loading: Set<Int> = []
    private var objectStreams: [Int: ObjectStreamContents] = [:]
    private var lookups = 0
    private var inflatedBytes = 0
    /// Bytes lexed so far, against `parseBudget`.
    private var parsedBytes = 0
    private let parseBudget: Int

    /// Opens the file: header, cross-reference chain (or the recovery scan), trailer.
    init(_ bytes: UnsafeRawBufferPointer, limits: FacturXLimits) throws(FacturXError) {
        self.bytes = bytes
        self.limits = limits
        parseBudget = limits.maxParsePasses * bytes.count + 1_048_576
        try readHeader()
        do throws(FacturXError) {
            try readCrossReferenceChain()
            guard case .dictionary = try resolve(trailer["Root"] ?? .null) else {
                throw FacturXError.damaged(reason: "the trailer's /Root is not a dictionary")
            }
        } catch {
            guard !error.isLimit, error != .encrypted else { throw error }
            try recover()
        }
        if trailer["Encrypt"] != nil { throw .encrypted }
    }

    // MARK: Opening

    private func readHeader() throws(FacturXError) {
        let window = min(bytes.count, 1024)
        guard let offset = find("%PDF-", in: 0..<window) else { throw .notPDF }
        headerOffset = offset
        var index = offset + 5
        var version: [UInt8] = []
        while index < bytes.count, version.count < 8, bytes[index] == UInt8(ascii: ".") || (0x30...0x39).contains(bytes[index]) {
            version.append(bytes[index])
            index += 1
        }
        headerVersion = String(decoding: version, as: UTF8.self)
    }

    private func readCrossReferenceChain() throws(FacturXError) {
        guard let offset = startXRefOffset() else { throw .damaged(reason: "no startxref") }
        var next: Int? = offset
        var visited: Set<Int> = []
        while let position = next {
            guard !visited.contains(position) else { break }  // a /Prev cycle: the chain ends here
            guard visited.count < limits.maxRevisions else { throw .damaged(reason: "more than \(limits.maxRevisions) revisions") }
            visited.insert(position)
            var section = try readSection(at: position)
            if section.table != nil, let streamOffset = section.trailer["XRefStm"]?.integer, !visited.contains(streamOffset) {
                visited.insert(streamOffset)
                section.stream = try attempt { () throws(FacturXError) in try readSection(at: streamOffset).stream } ?? nil
            }
            crossReference.sections.append(section)
            if let total = crossReference.sections.first?.size, total > limits.maxObjects {
                throw .tooManyObjects(limit: limits.maxObjects)
            }
            next = section.trailer["Prev"]?.integer
        }
        trailer = crossReference.trailer
        linearized = isLinearized()
    }

    /// The offset after the last `startxref` in the file's tail.
    private func startXRefOffset() -> Int? {
        let tail = max(0, bytes.count - 4096)..<bytes.count
        guard let keyword = findLast("startxref", in: tail) else { return nil }
        var lexer = PDFLexer(bytes, at: keyword + 9)
        guard case .integer(let offset) = lexer.next(), offset >= 0 else { return nil }
        return offset
    }

    /// A section at `offset`: `xref` + trailer, or a cross-reference stream object; tried at the offset as
    /// written, then shifted by junk before the header.
    private func readSection(at offset: Int) throws(FacturXError) -> CrossReferenceSection {
        guard offset >= 0, offset < bytes.count else { throw .damaged(reason: "a cross-reference offset points past the end of the file") }
        for candidate in Set([offset, offset + headerOffset]) where candidate < bytes.count {
            if let (table, trailer) = try ClassicCrossReferenceTable.read(bytes, at: candidate, limits: limits) {
                return CrossReferenceSection(table: table, stream: nil, trailer: trailer)
            }
            var parser = PDFObjectParser(bytes, at: candidate, maxNesting: limits.maxNesting)
            if let (id, object) = try parser.parseIndirectObject(expecting: nil), case .stream(let stream) = object,
                stream.dictionary["Type"]?.name == "XRef"
            {
                let data = try decodedData(of: stream, objectNumber: id.number, allowIndirectLength: false)
                let table = try CrossReferenceStream(dictionary: stream.dictionary, data: data, limits: limits)
                return CrossReferenceSection(table: nil, stream: table, trailer: stream.dictionary)
            }
        }
        // A startxref a few bytes off (a file edited by hand): look for `xref` around it.
        let window = max(0, offset - 64)..<min(bytes.count, offset + 64)
        if let nearby = find("xref", in: window), nearby != offset, nearby != offset + headerOffset,
            nearby == 0 || !PDFLexer.isRegular(bytes[nearby - 1]),
            let (table, trailer) = try ClassicCrossReferenceTable.read(bytes, at: nearby, limits: limits)
        {
            return CrossReferenceSection(table: table, stream: nil, trailer: trailer)
        }
        throw .damaged(reason: "no cross-reference section at offset \(offset)")
    }

    /// Rebuilds the object table by scanning, and the trailer from every `trailer` dictionary and
    /// cross-reference stream found; falls back to the object whose /Type is /Catalog.
    private func recover() throws(FacturXError) {
        recovered = true
        crossReference = CrossReference()
        cache = [:]
        objectStreams = [:]
        loading = []
        let scan = try ObjectScan(bytes, limits: limits)
        self.scan = scan
        var merged = PDFDictionary()
        var candidates: [PDFDictionary] = []
        for offset in scan.trailerOffsets {
            if case .dictionary(let dictionary)? = try attempt({ () throws(FacturXError) in try parseDirectObject(at: offset) }) {
                candidates.append(dictionary)
            }
        }
        // Cross-reference streams carry the trailer keys in PDF 1.5 files.
        for (number, offset) in objects(containing: "/XRef", in: scan) {
            if case .stream(let stream)? = try attempt({ () throws(FacturXError) in try parseObject(number, at: offset) }) ?? nil,
                stream.dictionary["Type"]?.name == "XRef"
            {
                candidates.append(stream.dictionary)
            }
        }
        for dictionary in candidates.reversed() {
            for entry in dictionary.entries where entry.key != "Prev" && entry.key != "XRefStm" { merged.add(entry.key, entry.value) }
        }
        if let root = merged["Root"], case .dictionary? = try attempt({ () throws(FacturXError) in try resolve(root) }) {
            trailer = merged
        } else if let catalog = try findCatalog(scan) {
            merged.entries.removeAll { $0.key == "Root" }
            merged.add("Root", .reference(ObjectID(number: catalog, generation: 0)))
            trailer = merged
        } else {
            throw .damaged(reason: bytes.count < 64 ? "the file is truncated" : "no document catalog could be found")
        }
        linearized = isLinearized()
    }

    private func findCatalog(_ scan: ObjectScan) throws(FacturXError) -> Int? {
        for (number, offset) in objects(containing: "/Catalog", in: scan).reversed() {
            let object = try attempt { () throws(FacturXError) in try parseObject(number, at: offset) } ?? nil
            if object?.dictionary?["Type"]?.name == "Catalog" { return number }
        }
        return nil
    }

    /// The scanned objects (number, offset) whose text holds `word`, in file order: one pass over the file,
    /// each hit assigned to the object that starts before it (a cheap filter before parsing).
    private func objects(containing word: StaticString, in scan: ObjectScan) -> [(Int, Int)] {
        let starts = scan.offsets.map { (number: $0.key, offset: $0.value) }.sorted { $0.offset < $1.offset }
        var found: [(Int, Int)] = []
        var position = 0
        while let hit = find(word, in: position..<bytes.count) {
            position = hit + word.utf8CodeUnitCount
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle].offset <= hit { low = middle + 1 } else { high = middle }
            }
            guard low > 0 else { continue }
            let owner = starts[low - 1]
            if found.last?.0 != owner.number { found.append((owner.number, owner.offset)) }
        }
        return found
    }

    private func isLinearized() -> Bool {
        guard let objectOffset = find(" obj", in: headerOffset..<min(bytes.count, headerOffset + 1024)) else { return false }
        return find("/Linearized", in: objectOffset..<min(bytes.count, objectOffset + 1024)) != nil
    }

    // MARK: Objects

    /// The object numbered `number`, parsed once and cached; null when it does not exist.
    func object(_ number: Int) throws(FacturXError) -> PDFObject {
        if let cached = cache[number] { return cached }
        guard !loading.contains(number) else { throw .referenceCycle(object: number) }
        // Objects inside object streams inside object streams…: bound the chain, not just its cycles.
        guard loading.count < limits.maxNesting else { throw .tooDeep(limit: limits.maxNesting) }
        lookups += 1
        guard lookups <= limits.maxLookups else { throw .tooMuchWork(reason: "more than \(limits.maxLookups) object look-ups") }
        loading.insert(number)
        defer { loading.remove(number) }
        let value = try load(number)
        cache[number] = value
        return value
    }

    private func load(_ number: Int) throws(FacturXError) -> PDFObject {
        if let scan {
            if let offset = scan.offsets[number],
                let value = try attempt({ () throws(FacturXError) in try parseObject(number, at: offset) }) ?? nil
            {
                return value
            }
            if case .compressed(let stream, let index)? = try compressedEntries()[number] {
                return try attempt { () throws(FacturXError) in try objectFromStream(stream, index: index, number: number) } ?? .null
            }
            return .null
        }
        switch crossReference.entry(number, in: bytes) {
        case .inFile(let offset):
            if let value = try parseObject(number, at: offset) { return value }
            if headerOffset > 0, offset < bytes.count, let value = try parseObject(number, at: offset + headerOffset) { return value }
            return try loadFromScan(number)
        case .compressed(let stream, let index):
            if let value = try attempt({ () throws(FacturXError) in try objectFromStream(stream, index: index, number: number) }) {
                return value
            }
            return try loadFromScan(number)
        case .free:
            return .null
        case nil:
            return try loadFromScan(number)
        }
    }

    /// Falls back on the scanned table for an object the cross-reference data places wrongly.
    private func loadFromScan(_ number: Int) throws(FacturXError) -> PDFObject {
        if scan == nil { scan = try ObjectScan(bytes, limits: limits) }
        if let offset = scan?.offsets[number],
            let value = try attempt({ () throws(FacturXError) in try parseObject(number, at: offset) }) ?? nil
        {
            return value
        }
        return .null
    }

    /// Parses `n g obj … endobj` at `offset`, nil when no header for `number` is there.
    private func parseObject(_ number: Int, at offset: Int) throws(FacturXError) -> PDFObject? {
        guard offset >= 0, offset < bytes.count else { return nil }
        try checkParseBudget()
        var parser = PDFObjectParser(bytes, at: offset, maxNesting: limits.maxNesting)
        defer { parsedBytes += parser.lexer.position - offset }
        return try parser.parseIndirectObject(expecting: number)?.1
    }

    /// Parses a direct object (a trailer dictionary) at `offset`.
    private func parseDirectObject(at offset: Int) throws(FacturXError) -> PDFObject {
        try checkParseBudget()
        var parser = PDFObjectParser(bytes, at: offset, maxNesting: limits.maxNesting)
        defer { parsedBytes += parser.lexer.position - offset }
        return try parser.parseObject()
    }

    /// Throws once the bytes lexed add up to `maxParsePasses` times the file: hostile files with many
    /// unterminated strings cannot make parsing quadratic.
    private func checkParseBudget() throws(FacturXError) {
        guard parsedBytes <= parseBudget else {
            throw .tooMuchWork(reason: "the file was lexed more than \(limits.maxParsePasses) times over")
        }
    }

    /// Runs `work`; ordinary damage becomes nil (the caller falls back), limit errors go through.
    private func attempt<Value>(_ work: () throws(FacturXError) -> Value) throws(FacturXError) -> Value? {
        do {
            return try work()
        } catch {
            if error.isLimit { throw error }
            return nil
        }
    }

    /// Follows references until a direct object; null for a dangling reference.
    func resolve(_ value: PDFObject) throws(FacturXError) -> PDFObject {
        var current = value
        var hops = 0
        while case .reference(let id) = current {
            hops += 1
            guard hops <= 32 else { throw .referenceCycle(object: id.number) }
            current = try object(id.number)
        }
        return current
    }

    /// The dictionary `value` resolves to (a stream's dictionary too), or nil.
    func dictionary(_ value: PDFObject?) throws(FacturXError) -> PDFDictionary? {
        guard let value else { return nil }
        return try resolve(value).dictionary
    }

    // MARK: Object streams

    private struct ObjectStreamContents {
        let data: [UInt8]
        let first: Int
        let entries: [(number: Int, offset: Int)]
    }

    private func objectFromStream(_ streamNumber: Int, index: Int, number: Int) throws(FacturXError) -> PDFObject {
        let contents = try objectStream(streamNumber)
        // Trust the stream's own header over the index when they disagree.
        var position = index < contents.entries.count && contents.entries[index].number == number ? index : nil
        if position == nil { position = contents.entries.firstIndex { $0.number == number } }
        guard let position else { return .null }
        let start = contents.first + contents.entries[position].offset
        guard start >= 0, start < contents.data.count else { return .null }
        let maxNesting = limits.maxNesting
        try checkParseBudget()
        let result = contents.data.withUnsafeBytes { raw in
            Result { () throws(FacturXError) -> (PDFObject, Int) in
                var parser = PDFObjectParser(raw, at: start, maxNesting: maxNesting)
                return (try parser.parseObject(), parser.lexer.position - start)
            }
        }
        let (value, lexed) = try result.get()
        parsedBytes += lexed
        return value
    }

    private func objectStream(_ number: Int) throws(FacturXError) -> ObjectStreamContents {
        if let contents = objectStreams[number] { return contents }
        guard case .stream(let stream) = try object(number) else {
            throw .damaged(reason: "object \(number) is used as an object stream but is not a stream")
        }
        let data = try decodedData(of: stream, objectNumber: number)
        let count = stream.dictionary["N"]?.integer ?? 0
        let first = stream.dictionary["First"]?.integer ?? 0
        guard count >= 0, count <= limits.maxObjects else { throw .tooManyObjects(limit: limits.maxObjects) }
        guard first >= 0, first <= data.count else { throw .damaged(reason: "object stream \(number) has an invalid /First") }
        var entries: [(Int, Int)] = []
        entries.reserveCapacity(min(count, 4096))
        data.withUnsafeBytes { raw in
            var lexer = PDFLexer(raw, at: 0)
            for _ in 0..<count {
                guard case .integer(let objectNumber) = lexer.next(), case .integer(let offset) = lexer.next() else { break }
                // Offsets past the data would overflow `first + offset`: such entries are left out.
                guard offset >= 0, offset <= raw.count else { continue }
                entries.append((objectNumber, offset))
            }
        }
        let contents = ObjectStreamContents(data: data, first: first, entries: entries)
        objectStreams[number] = contents
        return contents
    }

    /// While recovering: every object held in an object stream found by the scan (top-level ones win).
    private func compressedEntries() throws(FacturXError) -> [Int: CrossReferenceEntry] {
        if let scannedCompressed { return scannedCompressed }
        var entries: [Int: CrossReferenceEntry] = [:]
        scannedCompressed = [:]
        guard let scan else { return [:] }
        for (number, offset) in objects(containing: "/ObjStm", in: scan) {
            guard case .stream? = try attempt({ () throws(FacturXError) in try parseObject(number, at: offset) }) ?? nil,
                let contents = try attempt({ () throws(FacturXError) in try objectStream(number) })
            else { continue }
            for (index, entry) in contents.entries.enumerated() where scan.offsets[entry.number] == nil {
                entries[entry.number] = .compressed(stream: number, index: index)
            }
        }
        scannedCompressed = entries
        return entries
    }

    // MARK: Streams

    /// The stream's raw bytes: `/Length` when it ends at `endstream`, else up to the next `endstream`.
    func rawData(of stream: PDFStream, allowIndirectLength: Bool = true) throws(FacturXError) -> Range<Int> {
        let start = stream.dataStart
        guard start <= bytes.count else {
            throw .corruptStream(object: stream.objectNumber, reason: "the data starts past the end of the file")
        }
        var declared: Int? = nil
        if let length = stream.dictionary["Length"] {
            if case .reference = length {
                if allowIndirectLength { declared = try attempt { () throws(FacturXError) in try resolve(length) }?.integer }
            } else {
                declared = length.integer
            }
        }
        if let length = declared, length >= 0, length <= bytes.count - start, endsAtEndstream(start + length) {
            return start..<start + length
        }
        // The /Length lies (or is missing): the data runs to the next `endstream`.
        try checkParseBudget()
        let end = find("endstream", in: start..<bytes.count)
        parsedBytes += (end ?? bytes.count) - start
        if let end {
            var last = end
            if last > start, bytes[last - 1] == 0x0A { last -= 1 }
            if last > start, bytes[last - 1] == 0x0D { last -= 1 }
            return start..<last
        }
        if let length = declared, length >= 0, length <= bytes.count - start { return start..<start + length }
        throw .corruptStream(
            object: stream.objectNumber, reason: "the stream has no endstream and its /Length runs past the end of the file")
    }

    private func endsAtEndstream(_ position: Int) -> Bool {
        var index = position
        while index < bytes.count, PDFLexer.isWhitespace(bytes[index]), index - position < 4 { index += 1 }
        guard index + 9 <= bytes.count else { return false }
        return find("endstream", in: index..<index + 9) == index
    }

    /// The stream's data with its filters undone (FlateDecode with predictors; no filter).
    func decodedData(of stream: PDFStream, objectNumber: Int? = nil, allowIndirectLength: Bool = true) throws(FacturXError) -> [UInt8] {
        let range = try rawData(of: stream, allowIndirectLength: allowIndirectLength)
        let number = objectNumber ?? stream.objectNumber
        let filters: [PDFObject]
        let filterValue = try resolve(stream.dictionary["Filter"] ?? .null)
        switch filterValue {
        case .name: filters = [filterValue]
        case .array(let values): filters = values
        default: filters = []
        }
        let parameterValue = try resolve(stream.dictionary["DecodeParms"] ?? stream.dictionary["DP"] ?? .null)
        var data: [UInt8]? = nil
        for (index, filter) in filters.enumerated() {
            guard let name = try resolve(filter).name else { continue }
            guard name == "FlateDecode" || name == "Fl" else { throw .unsupportedFilter(name) }
            let budget = limits.maxInflatedBytes - inflatedBytes
            let inflated: [UInt8]
            if let input = data {
                let limit = limits.maxInflatedBytes
                let result = input.withUnsafeBytes { raw in
                    Result { () throws(FacturXError) -> [UInt8] in try Inflate.inflate(raw, budget: budget, limit: limit, object: number) }
                }
                inflated = try result.get()
            } else {
                inflated = try Inflate.inflate(
                    UnsafeRawBufferPointer(rebasing: bytes[range]), budget: budget, limit: limits.maxInflatedBytes, object: number)
            }
            inflatedBytes += inflated.count
            var parameters: PDFDictionary? = nil
            switch parameterValue {
            case .dictionary(let dictionary): parameters = dictionary
            case .array(let values) where index < values.count: parameters = try dictionary(values[index])
            default: break
            }
            data = try applyPredictor(inflated, parameters)
        }
        if let data { return data }
        inflatedBytes += range.count
        guard inflatedBytes <= limits.maxInflatedBytes else { throw .inflatedTooLarge(limit: limits.maxInflatedBytes) }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    private func applyPredictor(_ data: [UInt8], _ parameters: PDFDictionary?) throws(FacturXError) -> [UInt8] {
        guard let parameters, let predictor = try resolve(parameters["Predictor"] ?? .null).integer, predictor > 1 else { return data }
        return try Predictor.decode(
            data, predictor: predictor,
            colors: try resolve(parameters["Colors"] ?? .null).integer ?? 1,
            bitsPerComponent: try resolve(parameters["BitsPerComponent"] ?? .null).integer ?? 8,
            columns: try resolve(parameters["Columns"] ?? .null).integer ?? 1)
    }

    // MARK: Byte search

    /// The first offset in `range` where `word` starts.
    func find(_ word: StaticString, in range: Range<Int>) -> Int? { bytes.firstOffset(of: word, in: range) }

    /// The last offset in `range` where `word` starts.
    func findLast(_ word: StaticString, in range: Range<Int>) -> Int? {
        let length = word.utf8CodeUnitCount
        let pointer = word.utf8Start
        guard range.count >= length else { return nil }
        var index = range.upperBound - length
        outer: while index >= range.lowerBound {
            if bytes[index] == pointer[0] {
                for offset in 1..<length where bytes[index + offset] != pointer[offset] {
                    index -= 1
                    continue outer
                }
                return index
            }
            index -= 1
        }
        return nil
    }
}

extension UnsafeRawBufferPointer {
    /// The first offset in `range` where `word` starts: memchr finds candidates at memory speed, memcmp confirms.
    func firstOffset(of word: StaticString, in range: Range<Int>) -> Int? {
        let length = word.utf8CodeUnitCount
        guard range.count >= length, let base = baseAddress else { return nil }
        let first = Int32(word.utf8Start[0])
        var start = range.lowerBound
        let last = range.upperBound - length
        while start <= last, let hit = memchr(base + start, first, last - start + 1) {
            let offset = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(hit, word.utf8Start, length) == 0 { return offset }
            start = offset + 1
        }
        return nil
    }
}
