internal import CLibXML2

/// Accumulates SAX2 events into the arrays of an `XMLTree`.
///
/// A plain struct reached through a pointer from the parser callbacks: no reference counting and no
/// dynamic exclusivity checks on the hot path. The per-element values go to `RawColumn`s, which become the tree's
/// arrays in `finish()`.
struct TreeBuilder: ~Copyable {
    var arrays = XMLTree.Arrays()
    let limits: XMLLimits
    /// Whether white space around children is held apart (`blanks`) rather than written to `textBytes`: for large
    /// documents, where it saves a third of the text buffer; a small one's is written and dropped as it always was
    /// (copying it aside costs more than the few kilobytes it takes).
    let holdsBlanks: Bool
    var failure: XMLReadError?
    private var nameIDs: RawColumn<UInt32>
    private var parents: RawColumn<Int32>
    private var firstChildren: RawColumn<Int32>
    private var nextSiblings: RawColumn<Int32>
    private var lines: RawColumn<Int32>
    private var textStarts: RawColumn<Int32>
    private var textEnds: RawColumn<Int32>
    private var attributeStarts: RawColumn<Int32>
    private var attributeCounts: RawColumn<UInt16>
    private var attributeNames: RawColumn<UInt32>
    private var attributeValueStarts: RawColumn<Int32>
    private var attributeValueEnds: RawColumn<Int32>
    /// Text an open element receives after one of its children, as (start, end) pairs into `textBytes`: kept
    /// apart until the element ends, when it is dropped (white space between children) or joined to the
    /// element's first text (mixed content). `open` holds, per open element, where its pairs begin.
    /// A pair of negative numbers, `-1 - start` and `-1 - end`, is a range of `blanks` instead.
    private var pendingChunks = RawColumn<Int32>(capacity: 64)
    /// White space around the children of open elements (indentation, a third of a pretty-printed invoice), held
    /// here rather than in `textBytes` until the element ends: then it is dropped, unless the element has other
    /// text (mixed content) to join it to. Its size follows the depth, not the document.
    private var blanks: [UInt8] = []
    /// The open elements, the innermost last.
    private var open = RawColumn<OpenElement>(capacity: 64)

    /// An open element: its node, its last child so far (-1 before the first), where its pairs begin in
    /// `pendingChunks`, where its part of `blanks` begins, and the range there of its own blank text before its
    /// first child (empty when it had none, or text that is not blank, which stays in `textBytes`).
    private struct OpenElement {
        var node: Int32
        var lastChild: Int32 = -1
        var chunkBase: Int32
        var blankBase: Int32
        var ownBlankStart: Int32 = 0
        var ownBlankEnd: Int32 = 0
    }
    /// libxml2 interns names in its parser's dictionary, so pointer pairs identify names for as long as that
    /// parser lives (`ReusableParser`); only vocabulary ids are kept there, as they mean the same in every tree.
    private let names: UnsafeMutablePointer<PointerNameCache>
    /// The namespaces met so far (libxml2's interned pointer, `XMLVocabulary.hash(namespace:)`): a few per document.
    private var namespaceHashes: [(pointer: UnsafePointer<xmlChar>?, hash: UInt64)] = []

    init(limits: XMLLimits, inputSize: Int, names: UnsafeMutablePointer<PointerNameCache>) {
        self.limits = limits
        holdsBlanks = inputSize > XMLReader.largeDocument
        self.names = names
        // Text and attribute values are at most about as long as the input: one allocation, no regrowth.
        arrays.textBytes.reserveCapacity(inputSize)
        // Invoices have an element per 40 to 60 bytes: the per-element columns start near their final size. A large
        // document's start at it or above, so that they are not copied as they grow (capacity never written is
        // never resident). A small one's are capped: a fresh large block per parse costs page faults that regrowth
        // in the allocator's reused memory does not.
        let elements = inputSize > XMLReader.largeDocument ? min(inputSize / 32, limits.maxNodes) : min(max(inputSize / 40, 64), 4096)
        nameIDs = RawColumn(capacity: elements)
        parents = RawColumn(capacity: elements)
        firstChildren = RawColumn(capacity: elements)
        nextSiblings = RawColumn(capacity: elements)
        lines = RawColumn(capacity: elements)
        textStarts = RawColumn(capacity: elements)
        textEnds = RawColumn(capacity: elements)
        attributeStarts = RawColumn(capacity: elements)
        attributeCounts = RawColumn(capacity: elements)
        attributeNames = RawColumn(capacity: elements / 4)
        attributeValueStarts = RawColumn(capacity: elements / 4)
        attributeValueEnds = RawColumn(capacity: elements / 4)
    }

    var nodeCount: Int { nameIDs.count }

    private mutating func resolve(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> UInt32 {
        if let id = names.pointee.find(local, uri) { return id }
        let localBytes = UnsafeBufferPointer(start: local, count: Int(xmlStrlen(local)))
        let uriBytes = uri.map { UnsafeBufferPointer(start: $0, count: Int(xmlStrlen($0))) } ?? UnsafeBufferPointer(start: nil, count: 0)
        let namespaceHash: UInt64
        if let known = namespaceHashes.first(where: { $0.pointer == uri }) {
            namespaceHash = known.hash
        } else {
            namespaceHash = XMLVocabulary.hash(namespace: uriBytes)
            namespaceHashes.append((uri, namespaceHash))
        }
        if let known = XMLVocabulary.shared.lookup(local: localBytes, namespace: uriBytes, namespaceHash: namespaceHash) {
            names.pointee.insert(local, uri, known)
            return known
        }
        let name = QName(uri.map { String(cString: $0) } ?? "", String(cString: local))
        if let known = XMLVocabulary.shared.intern(name) {
            names.pointee.insert(local, uri, known)
            return known
        }
        // The vocabulary is full: an id of this tree's own, looked up by name each time (hostile input only).
        if let index = arrays.localNames.firstIndex(of: name) { return XMLVocabulary.localBase + UInt32(index) }
        arrays.localNames.append(name)
        return XMLVocabulary.localBase + UInt32(arrays.localNames.count - 1)
    }

    /// Records an element start; returns false when a limit is hit.
    mutating func start(
        local: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?, line: Int32,
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> Bool {
        if failure != nil { return false }
        if open.count >= limits.maxDepth {
            failure = .tooDeep(line: Int(line), limit: limits.maxDepth)
            return false
        }
        if nameIDs.count >= limits.maxNodes {
            failure = .tooManyNodes(limit: limits.maxNodes)
            return false
        }
        let node = Int32(nameIDs.count)
        if open.isEmpty && node > 0 { return false }
        let parent = open.isEmpty ? -1 : open.last.node
        nameIDs.append(resolve(local, uri))
        parents.append(parent)
        firstChildren.append(-1)
        nextSiblings.append(-1)
        lines.append(line)
        attributeStarts.append(Int32(attributeNames.count))
        attributeCounts.append(UInt16(clamping: attributeCount))
        if parent >= 0 {
            let previous = open.last.lastChild
            if previous < 0 {
                firstChildren[Int(parent)] = node
                if holdsBlanks { holdOwnBlank(of: Int(parent)) }
            } else {
                nextSiblings[Int(previous)] = node
            }
            open.last.lastChild = node
        }
        if let attributes, attributeCount > 0 {
            for i in 0..<min(attributeCount, Int(UInt16.max)) {
                guard let name = attributes[i * 5] else { continue }
                attributeNames.append(resolve(name, attributes[i * 5 + 2]))
                attributeValueStarts.append(Int32(arrays.textBytes.count))
                if let begin = attributes[i * 5 + 3], let end = attributes[i * 5 + 4] {
                    arrays.textBytes.append(contentsOf: UnsafeBufferPointer(start: begin, count: end - begin))
                }
                attributeValueEnds.append(Int32(arrays.textBytes.count))
            }
        }
        // The element's text starts after its attribute values.
        let textStart = Int32(arrays.textBytes.count)
        textStarts.append(textStart)
        textEnds.append(textStart)
        open.append(OpenElement(node: node, chunkBase: Int32(pendingChunks.count), blankBase: Int32(blanks.count)))
        return true
    }

    /// Whether `piece` is all XML white space.
    @inline(__always) private static func isBlank(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in piece where b != 0x20 && b != 0x0A && b != 0x0D && b != 0x09 { return false }
        return true
    }

    /// Moves the text `parent` has before its first child out of `textBytes` when it is all white space (it is
    /// the last thing there: the child has not added its attributes yet).
    private mutating func holdOwnBlank(of parent: Int) {
        let start = Int(textStarts[parent])
        let end = Int(textEnds[parent])
        guard end > start, end == arrays.textBytes.count, isBlank(start, end) else { return }
        let held = blanks.count
        blanks.append(contentsOf: arrays.textBytes[start..<end])
        arrays.textBytes.removeLast(end - start)
        textEnds[parent] = Int32(start)
        open.last.ownBlankStart = Int32(held)
        open.last.ownBlankEnd = Int32(blanks.count)
    }

    mutating func end() {
        guard !open.isEmpty else { return }
        let element = open.removeLast()
        let base = Int(element.chunkBase)
        let heldBase = Int(element.blankBase)
        let own = Int(element.ownBlankStart)..<Int(element.ownBlankEnd)
        defer {
            pendingChunks.truncate(to: base)
            if blanks.count > heldBase { blanks.removeLast(blanks.count - heldBase) }
        }
        let index = Int(element.node)
        guard firstChildren[index] >= 0 else { return }
        // Indentation between child elements is not content worth keeping. Bytes of it in the buffer stay there
        // (children's text may lie after them); only the element's range is emptied.
        var blank = isBlank(Int(textStarts[index]), Int(textEnds[index]))
        var chunk = base
        while blank && chunk < pendingChunks.count {
            // Held chunks are blank.
            if pendingChunks[chunk] >= 0 { blank = isBlank(Int(pendingChunks[chunk]), Int(pendingChunks[chunk + 1])) }
            chunk += 2
        }
        if blank {
            textEnds[index] = textStarts[index]
        } else if pendingChunks.count > base || !own.isEmpty {
            // Mixed content: the element's text is all its text pieces, joined in document order.
            var text = Array(blanks[own])
            text.append(contentsOf: arrays.textBytes[Int(textStarts[index])..<Int(textEnds[index])])
            for pair in stride(from: base, to: pendingChunks.count, by: 2) {
                let (start, end) = (Int(pendingChunks[pair]), Int(pendingChunks[pair + 1]))
                if start >= 0 {
                    text.append(contentsOf: arrays.textBytes[start..<end])
                } else {
                    text.append(contentsOf: blanks[(-1 - start)..<(-1 - end)])
                }
            }
            textStarts[index] = Int32(arrays.textBytes.count)
            arrays.textBytes.append(contentsOf: text)
            textEnds[index] = Int32(arrays.textBytes.count)
        }
    }

    private func isBlank(_ start: Int, _ end: Int) -> Bool {
        arrays.textBytes.withUnsafeBufferPointer { TreeBuilder.isBlank(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    mutating func characters(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
        guard failure == nil, !open.isEmpty else { return }
        let index = Int(open.last.node)
        let piece = UnsafeBufferPointer(start: characters, count: length)
        if firstChildren[index] < 0 {
            // Text before any child: the element's own, extended piece by piece.
            arrays.textBytes.append(contentsOf: piece)
            textEnds[index] = Int32(arrays.textBytes.count)
        } else if holdsBlanks && TreeBuilder.isBlank(piece) {
            // White space after a child: held apart, most likely to be dropped.
            pendingChunks.append(Int32(-1 - blanks.count))
            blanks.append(contentsOf: piece)
            pendingChunks.append(Int32(-1 - blanks.count))
        } else {
            // Other text after a child element: kept apart until the element ends.
            pendingChunks.append(Int32(arrays.textBytes.count))
            arrays.textBytes.append(contentsOf: piece)
            pendingChunks.append(Int32(arrays.textBytes.count))
        }
    }

    /// The tree. The builder is used up: its columns become the tree's arrays, one at a time.
    consuming func finish() -> XMLTree {
        var arrays = arrays
        arrays.nameIDs = nameIDs.take()
        arrays.parents = parents.take()
        arrays.firstChildren = firstChildren.take()
        arrays.nextSiblings = nextSiblings.take()
        arrays.lines = lines.take()
        arrays.textStarts = textStarts.take()
        arrays.textEnds = textEnds.take()
        arrays.attributeStarts = attributeStarts.take()
        arrays.attributeCounts = attributeCounts.take()
        arrays.attributeNames = attributeNames.take()
        arrays.attributeValueStarts = attributeValueStarts.take()
        arrays.attributeValueEnds = attributeValueEnds.take()
        // Counting sort of the elements by vocabulary name id: two passes, no hashing.
        var maxID = -1
        for id in arrays.nameIDs where id < XMLVocabulary.localBase { maxID = max(maxID, Int(id)) }
        var starts = [Int32](repeating: 0, count: maxID + 2)
        for id in arrays.nameIDs where id < XMLVocabulary.localBase { starts[Int(id) + 1] += 1 }
        for i in starts.indices.dropFirst() { starts[i] += starts[i - 1] }
        var fill = starts
        var index = [Int32](repeating: 0, count: Int(starts.last ?? 0))
        for (node, id) in arrays.nameIDs.enumerated() {
            if id < XMLVocabulary.localBase {
                index[Int(fill[Int(id)])] = Int32(node)
                fill[Int(id)] += 1
            } else {
                arrays.localIndex[id, default: []].append(Int32(node))
            }
        }
        arrays.indexStarts = starts
        arrays.indexNodes = index
        arrays.attributeNamesPresent = Set(arrays.attributeNames).sorted()
        return XMLTree(arrays)
    }
}

/// A small open-addressing table from libxml2's interned (local name, namespace) pointers to name ids.
struct PointerNameCache {
    /// How many names it holds.
    private(set) var count = 0

    private var keys: [(UInt, UInt)] = Array(repeating: (0, 0), count: 256)
    private var values: [UInt32] = Array(repeating: 0, count: 256)

    @inline(__always) private static func slot(_ local: UInt, _ uri: UInt, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (local &* 0x9E37_79B9_7F4A_7C15) ^ (uri &* 0xC2B2_AE3D_27D4_EB4F) >> 7) & mask
    }

    func find(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?) -> UInt32? {
        let l = UInt(bitPattern: local)
        let u = UInt(bitPattern: uri)
        let mask = keys.count - 1
        var i = PointerNameCache.slot(l, u, mask)
        while keys[i].0 != 0 {
            if keys[i].0 == l && keys[i].1 == u { return values[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    mutating func insert(_ local: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?, _ id: UInt32) {
        if (count + 1) * 2 > keys.count { grow() }
        let l = UInt(bitPattern: local)
        let u = UInt(bitPattern: uri)
        let mask = keys.count - 1
        var i = PointerNameCache.slot(l, u, mask)
        while keys[i].0 != 0 { i = (i + 1) & mask }
        keys[i] = (l, u)
        values[i] = id
        count += 1
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0.0 != 0 }
        keys = Array(repeating: (0, 0), count: keys.count * 2)
        values = Array(repeating: 0, count: values.count * 2)
        let mask = keys.count - 1
        for ((l, u), id) in old {
            var i = PointerNameCache.slot(l, u, mask)
            while keys[i].0 != 0 { i = (i + 1) & mask }
            keys[i] = (l, u)
            values[i] = id
        }
    }
}
