internal import CLibXML2

/// Accumulates SAX2 events into the arrays of an `XMLTree`.
final class TreeBuilder {
    var tree = XMLTree()
    let limits: XMLLimits
    var failure: XMLReadError?
    private var stack: [Int32] = []
    private var lastChild: [Int32] = []
    /// libxml2 interns names in a dictionary, so pointer pairs identify names within one parse.
    private var nameCache: [NamePointers: UInt32] = [:]
    private var attributeNameCache: [NamePointers: UInt32] = [:]

    struct NamePointers: Hashable {
        let local: UnsafePointer<xmlChar>
        let uri: UnsafePointer<xmlChar>?
    }

    init(limits: XMLLimits) {
        self.limits = limits
        tree.nameIDs.reserveCapacity(256)
    }

    var nodeCount: Int { tree.nameIDs.count }

    private func resolve(_ pointers: NamePointers, cache: inout [NamePointers: UInt32]) -> UInt32 {
        if let id = cache[pointers] { return id }
        let name = QName(pointers.uri.map { String(cString: $0) } ?? "", String(cString: pointers.local))
        let id: UInt32
        if let known = XMLVocabulary.shared.intern(name) {
            id = known
        } else if let index = tree.localNames.firstIndex(of: name) {
            id = XMLVocabulary.localBase + UInt32(index)
        } else {
            tree.localNames.append(name)
            id = XMLVocabulary.localBase + UInt32(tree.localNames.count - 1)
        }
        cache[pointers] = id
        tree.distinctNames[id] = name
        return id
    }

    /// Records an element start; returns false when a limit is hit.
    func start(
        local: UnsafePointer<xmlChar>, uri: UnsafePointer<xmlChar>?, line: Int32,
        attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) -> Bool {
        if failure != nil { return false }
        if stack.count >= limits.maxDepth {
            failure = .tooDeep(line: Int(line), limit: limits.maxDepth)
            return false
        }
        if tree.nameIDs.count >= limits.maxNodes {
            failure = .tooManyNodes(limit: limits.maxNodes)
            return false
        }
        let node = Int32(tree.nameIDs.count)
        let parent = stack.last ?? -1
        if stack.isEmpty && node > 0 { return false }
        tree.nameIDs.append(resolve(NamePointers(local: local, uri: uri), cache: &nameCache))
        tree.parents.append(parent)
        tree.firstChildren.append(-1)
        tree.nextSiblings.append(-1)
        tree.lines.append(line)
        let textEnd = Int32(tree.textBytes.count)
        tree.textStarts.append(textEnd)
        tree.textEnds.append(textEnd)
        tree.attributeStarts.append(Int32(tree.attributeNames.count))
        tree.attributeCounts.append(UInt16(clamping: attributeCount))
        if parent >= 0 {
            let previous = lastChild[lastChild.count - 1]
            if previous < 0 { tree.firstChildren[Int(parent)] = node } else { tree.nextSiblings[Int(previous)] = node }
            lastChild[lastChild.count - 1] = node
        }
        if let attributes, attributeCount > 0 {
            for i in 0..<min(attributeCount, Int(UInt16.max)) {
                guard let name = attributes[i * 5] else { continue }
                let id = resolve(NamePointers(local: name, uri: attributes[i * 5 + 2]), cache: &attributeNameCache)
                tree.attributeNames.append(id)
                tree.attributeValueStarts.append(Int32(tree.textBytes.count))
                if let begin = attributes[i * 5 + 3], let end = attributes[i * 5 + 4] {
                    tree.textBytes.append(contentsOf: UnsafeBufferPointer(start: begin, count: end - begin))
                }
                tree.attributeValueEnds.append(Int32(tree.textBytes.count))
            }
        }
        stack.append(node)
        lastChild.append(-1)
        return true
    }

    func end() {
        guard let node = stack.popLast() else { return }
        lastChild.removeLast()
        let index = Int(node)
        // Indentation between child elements is not content worth keeping.
        if tree.firstChildren[index] >= 0, tree.textEnds[index] == Int32(tree.textBytes.count) {
            let start = Int(tree.textStarts[index])
            if tree.textBytes[start...].allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                tree.textBytes.removeSubrange(start...)
                tree.textEnds[index] = tree.textStarts[index]
            }
        }
    }

    func characters(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
        guard failure == nil, let node = stack.last else { return }
        let index = Int(node)
        let end = Int(tree.textEnds[index])
        if end != tree.textBytes.count {
            // Text resumes after a child element: move what this element had to the end first.
            let start = Int(tree.textStarts[index])
            let previous = Array(tree.textBytes[start..<end])
            tree.textStarts[index] = Int32(tree.textBytes.count)
            tree.textBytes.append(contentsOf: previous)
        }
        tree.textBytes.append(contentsOf: UnsafeBufferPointer(start: characters, count: length))
        tree.textEnds[index] = Int32(tree.textBytes.count)
    }

    func finish() -> XMLTree {
        var byName: [UInt32: [Int32]] = [:]
        for (node, id) in tree.nameIDs.enumerated() { byName[id, default: []].append(Int32(node)) }
        tree.nodesByName = byName
        return tree
    }
}
