import Synchronization

/// A compact, read-only element tree: arrays indexed by node number, text kept in one byte buffer.
///
/// Only elements are nodes. Each element keeps its direct text (the concatenation of its text
/// children), its attributes, its parent, first child, next sibling and source line. Node 0 is the root.
public struct XMLTree: Sendable {
    /// A node number in this tree.
    public typealias Node = Int32

    /// The arrays, shared by every copy of the tree: copying a tree costs one reference count.
    @usableFromInline let storage: Storage

    /// Wraps the arrays a builder filled.
    init(_ arrays: Arrays) { storage = Storage(arrays) }

    /// An empty tree.
    public init() { storage = Storage(Arrays()) }

    /// The arrays of a tree, filled once by the builder.
    @usableFromInline struct Arrays: Sendable {
        @usableFromInline var nameIDs: [UInt32] = []
        @usableFromInline var parents: [Int32] = []
        @usableFromInline var firstChildren: [Int32] = []
        @usableFromInline var nextSiblings: [Int32] = []
        @usableFromInline var lines: [Int32] = []
        @usableFromInline var textStarts: [Int32] = []
        @usableFromInline var textEnds: [Int32] = []
        @usableFromInline var attributeStarts: [Int32] = []
        @usableFromInline var attributeCounts: [UInt16] = []
        @usableFromInline var attributeNames: [UInt32] = []
        @usableFromInline var attributeValueStarts: [Int32] = []
        @usableFromInline var attributeValueEnds: [Int32] = []
        @usableFromInline var textBytes: [UInt8] = []
        /// Names of this tree that the vocabulary did not know, indexed by `id - XMLVocabulary.localBase`.
        @usableFromInline var localNames: [QName] = []
        /// The name index: elements grouped by vocabulary name id, in document order within a name;
        /// the elements named `id` are `indexNodes[indexStarts[id]..<indexStarts[id + 1]]`.
        @usableFromInline var indexStarts: [Int32] = [0]
        @usableFromInline var indexNodes: [Int32] = []
        /// The elements of names local to this tree, in document order.
        @usableFromInline var localIndex: [UInt32: [Int32]] = [:]
        /// The names of every attribute present in the tree, sorted, each once (a document uses few).
        @usableFromInline var attributeNamesPresent: [UInt32] = []
    }

    /// Immutable storage; `let` properties of a final class are read without exclusivity checks.
    @usableFromInline final class Storage: Sendable {
        @usableFromInline let a: Arrays
        /// Each element's 1-based position among its same-named siblings, 0 when it has none: made for the whole
        /// tree the first time a path is asked for (`path(_:)`), so that the parse pays nothing for it.
        let siblingPositions = Mutex<[Int32]?>(nil)
        init(_ arrays: Arrays) { a = arrays }
    }

    @usableFromInline @inline(__always) var nameIDs: [UInt32] { storage.a.nameIDs }
    @usableFromInline @inline(__always) var parents: [Int32] { storage.a.parents }
    @usableFromInline @inline(__always) var firstChildren: [Int32] { storage.a.firstChildren }
    @usableFromInline @inline(__always) var nextSiblings: [Int32] { storage.a.nextSiblings }
    @usableFromInline @inline(__always) var lines: [Int32] { storage.a.lines }
    @usableFromInline @inline(__always) var textStarts: [Int32] { storage.a.textStarts }
    @usableFromInline @inline(__always) var textEnds: [Int32] { storage.a.textEnds }
    @usableFromInline @inline(__always) var attributeStarts: [Int32] { storage.a.attributeStarts }
    @usableFromInline @inline(__always) var attributeCounts: [UInt16] { storage.a.attributeCounts }
    @usableFromInline @inline(__always) var attributeNames: [UInt32] { storage.a.attributeNames }
    @usableFromInline @inline(__always) var attributeValueStarts: [Int32] { storage.a.attributeValueStarts }
    @usableFromInline @inline(__always) var attributeValueEnds: [Int32] { storage.a.attributeValueEnds }
    @usableFromInline @inline(__always) var textBytes: [UInt8] { storage.a.textBytes }
    @usableFromInline @inline(__always) var localNames: [QName] { storage.a.localNames }

    /// The root element.
    @inlinable public var root: Node { 0 }
    /// The number of elements.
    @inlinable public var count: Int { nameIDs.count }
    /// All elements in document order.
    @inlinable public var allNodes: Range<Node> { 0..<Node(nameIDs.count) }

    /// The name id of `node` (see `XMLVocabulary`).
    @inlinable public func nameID(_ node: Node) -> UInt32 { nameIDs[Int(node)] }

    /// The qualified name of `node`.
    public func name(_ node: Node) -> QName {
        let id = nameIDs[Int(node)]
        return qname(id)
    }

    /// The qualified name for a name id used in this tree.
    public func qname(_ id: UInt32) -> QName {
        if id >= XMLVocabulary.localBase { return localNames[Int(id - XMLVocabulary.localBase)] }
        return XMLVocabulary.shared.name(of: id) ?? QName("", "?")
    }

    /// The parent of `node`, nil for the root.
    @inlinable public func parent(_ node: Node) -> Node? {
        let p = parents[Int(node)]
        return p < 0 ? nil : p
    }

    /// The 1-based source line where `node` starts.
    public func line(_ node: Node) -> Int { Int(lines[Int(node)]) }

    /// The element children of `node`, in document order.
    @inlinable public func children(_ node: Node) -> ChildSequence { ChildSequence(tree: self, first: firstChildren[Int(node)]) }

    /// The element children of `node` named `id`, in document order, found as they are read (no array is made).
    @inlinable public func children(_ node: Node, named id: UInt32) -> NamedChildren {
        NamedChildren(tree: self, first: firstChild(node, named: id) ?? -1, name: id)
    }

    /// The first element child of `node` named `id`.
    @inlinable public func firstChild(_ node: Node, named id: UInt32) -> Node? { sibling(from: firstChildren[Int(node)], named: id) }

    /// The first element child of `node`. With `nextSibling(_:)`, a walk over the children that holds no copy of the
    /// tree (see `nextSibling(_:named:)`).
    @inlinable public func firstChild(_ node: Node) -> Node? {
        let child = firstChildren[Int(node)]
        return child < 0 ? nil : child
    }

    /// The next element sibling of `node`.
    @inlinable public func nextSibling(_ node: Node) -> Node? {
        let child = nextSiblings[Int(node)]
        return child < 0 ? nil : child
    }

    /// The next element sibling of `node` named `id`. With `firstChild(_:named:)`, a walk over the children of one
    /// name that holds no copy of the tree: the inner loops' alternative to `children(_:named:)`, whose sequence
    /// retains and releases the tree's storage each time it is made.
    @inlinable public func nextSibling(_ node: Node, named id: UInt32) -> Node? { sibling(from: nextSiblings[Int(node)], named: id) }

    /// `child` or the first of its following siblings named `id` (none when `child` is -1).
    @inlinable func sibling(from child: Int32, named id: UInt32) -> Node? {
        var child = child
        while child >= 0 {
            if nameIDs[Int(child)] == id { return child }
            child = nextSiblings[Int(child)]
        }
        return nil
    }

    /// Whether `node` has element children.
    @inlinable public func hasChildren(_ node: Node) -> Bool { firstChildren[Int(node)] >= 0 }

    /// The elements named `id` anywhere in the tree, in document order (a view of the name index, not a copy).
    @inlinable public func nodes(named id: UInt32) -> ArraySlice<Node> {
        // The columns are read one by one: a copy of `storage.a` would count a reference per column.
        if id >= XMLVocabulary.localBase { return storage.a.localIndex[id].map { $0[...] } ?? [] }
        guard Int(id) + 1 < storage.a.indexStarts.count else { return [] }
        return storage.a.indexNodes[Int(storage.a.indexStarts[Int(id)])..<Int(storage.a.indexStarts[Int(id) + 1])]
    }

    /// Whether some element named `id` is in the tree.
    @inlinable public func contains(named id: UInt32) -> Bool {
        if id >= XMLVocabulary.localBase { return storage.a.localIndex[id] != nil }
        let i = Int(id)
        return i + 1 < storage.a.indexStarts.count && storage.a.indexStarts[i + 1] > storage.a.indexStarts[i]
    }

    /// Whether some element of the tree carries the attribute named `id`.
    @inlinable public func containsAttribute(named id: UInt32) -> Bool { storage.a.attributeNamesPresent.contains(id) }

    /// The direct text of `node` as raw UTF-8 bytes.
    @inlinable public func textBytes(_ node: Node) -> ArraySlice<UInt8> {
        textBytes[Int(textStarts[Int(node)])..<Int(textEnds[Int(node)])]
    }

    /// Calls `body` with the direct text of `node` as raw UTF-8 bytes, valid during the call only. Unlike
    /// `textBytes(_:)`, which hands out a slice holding the tree's text, it counts no reference: for walks that
    /// read every value (the schema's).
    @inlinable public func withTextBytes<R>(_ node: Node, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withBytes(Int(textStarts[Int(node)])..<Int(textEnds[Int(node)]), body)
    }

    /// Calls `body` with `range` of the tree's text bytes.
    @inlinable func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        storage.a.textBytes.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[range])) }
    }

    /// The direct text of `node`.
    public func text(_ node: Node) -> String { String(decoding: textBytes(node), as: UTF8.self) }

    /// The XPath string value of `node`: the text of the node and all its descendants, in document order.
    public func stringValue(_ node: Node) -> String {
        if firstChildren[Int(node)] < 0 { return text(node) }
        var bytes: [UInt8] = []
        appendStringValue(node, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private func appendStringValue(_ node: Node, to bytes: inout [UInt8]) {
        // Mixed content keeps direct text ahead of children; invoices have none that matters.
        bytes.append(contentsOf: textBytes(node))
        var child = firstChildren[Int(node)]
        while child >= 0 {
            appendStringValue(child, to: &bytes)
            child = nextSiblings[Int(child)]
        }
    }

    /// The value of the attribute named `id` on `node`.
    @inlinable public func attribute(_ node: Node, _ id: UInt32) -> String? {
        let start = Int(attributeStarts[Int(node)])
        for i in start..<(start + Int(attributeCounts[Int(node)])) where attributeNames[i] == id {
            return String(decoding: textBytes[Int(attributeValueStarts[i])..<Int(attributeValueEnds[i])], as: UTF8.self)
        }
        return nil
    }

    /// The value of the attribute named `id` on `node`, as raw UTF-8 bytes.
    @inlinable public func attributeBytes(_ node: Node, _ id: UInt32) -> ArraySlice<UInt8>? {
        let start = Int(attributeStarts[Int(node)])
        for i in start..<(start + Int(attributeCounts[Int(node)])) where attributeNames[i] == id {
            return textBytes[Int(attributeValueStarts[i])..<Int(attributeValueEnds[i])]
        }
        return nil
    }

    /// Whether `node` carries the attribute named `id`.
    @inlinable public func hasAttribute(_ node: Node, _ id: UInt32) -> Bool {
        let start = Int(attributeStarts[Int(node)])
        for i in start..<(start + Int(attributeCounts[Int(node)])) where attributeNames[i] == id { return true }
        return false
    }

    /// The attributes of `node` as (name, value) pairs, in document order.
    public func attributes(_ node: Node) -> [(name: QName, value: String)] {
        let start = Int(attributeStarts[Int(node)])
        return (start..<(start + Int(attributeCounts[Int(node)]))).map { i in
            (qname(attributeNames[i]), String(decoding: textBytes[Int(attributeValueStarts[i])..<Int(attributeValueEnds[i])], as: UTF8.self))
        }
    }

    /// A readable path of `node` from the root, with local names and 1-based positions among same-named siblings.
    ///
    /// The positions of all elements are counted once per tree, the first time a path is asked for: a path costs
    /// its depth, so locating a finding on each of many invoice lines stays linear.
    public func path(_ node: Node) -> String {
        let positions = storage.siblingPositions.withLock { positions in
            if let positions { return positions }
            let counted = XMLTree.countSiblingPositions(storage.a)
            positions = counted
            return counted
        }
        var steps: [String] = []
        var current: Node? = node
        while let n = current {
            let local = qname(nameIDs[Int(n)]).local
            let position = positions[Int(n)]
            steps.append(position > 0 ? "\(local)[\(position)]" : local)
            current = parent(n)
        }
        return "/" + steps.reversed().joined(separator: "/")
    }

    /// Each element's 1-based position among the siblings that share its name, 0 when it is the only one:
    /// every parent's children are read three times, with a counter per name (reset after each parent).
    static func countSiblingPositions(_ a: Arrays) -> [Int32] {
        var positions = [Int32](repeating: 0, count: a.nameIDs.count)
        var counts = [Int32](repeating: 0, count: a.indexStarts.count)
        var localCounts: [UInt32: Int32] = [:]
        for parent in a.firstChildren.indices where a.firstChildren[parent] >= 0 {
            var child = a.firstChildren[parent]
            while child >= 0 {
                let id = a.nameIDs[Int(child)]
                if Int(id) < counts.count {
                    counts[Int(id)] += 1
                    positions[Int(child)] = counts[Int(id)]
                } else {
                    localCounts[id, default: 0] += 1
                    positions[Int(child)] = localCounts[id] ?? 0
                }
                child = a.nextSiblings[Int(child)]
            }
            child = a.firstChildren[parent]
            while child >= 0 {
                let id = a.nameIDs[Int(child)]
                let total = Int(id) < counts.count ? counts[Int(id)] : localCounts[id] ?? 0
                if total == 1 { positions[Int(child)] = 0 }
                child = a.nextSiblings[Int(child)]
            }
            child = a.firstChildren[parent]
            while child >= 0 {
                let id = a.nameIDs[Int(child)]
                if Int(id) < counts.count { counts[Int(id)] = 0 }
                child = a.nextSiblings[Int(child)]
            }
            localCounts.removeAll(keepingCapacity: true)
        }
        return positions
    }

    /// The element children of one node that have one name.
    public struct NamedChildren: Collection, Sendable {
        /// A position: a child, or the end.
        public struct Index: Comparable, Sendable {
            @usableFromInline let node: Int32

            @inlinable init(_ node: Int32) { self.node = node }

            /// Children come in node order; the end (-1) after them all.
            @inlinable public static func < (a: Index, b: Index) -> Bool {
                a.node >= 0 && (b.node < 0 || a.node < b.node)
            }
        }

        @usableFromInline let tree: XMLTree
        @usableFromInline let first: Int32
        @usableFromInline let name: UInt32

        @inlinable init(tree: XMLTree, first: Int32, name: UInt32) {
            self.tree = tree
            self.first = first
            self.name = name
        }

        @inlinable public var startIndex: Index { Index(first) }
        @inlinable public var endIndex: Index { Index(-1) }
        @inlinable public subscript(position: Index) -> Node { position.node }

        @inlinable public func index(after i: Index) -> Index {
            var child = tree.nextSiblings[Int(i.node)]
            while child >= 0 && tree.nameIDs[Int(child)] != name { child = tree.nextSiblings[Int(child)] }
            return Index(child)
        }
    }

    /// The element children of one node.
    public struct ChildSequence: Sequence, Sendable {
        @usableFromInline let tree: XMLTree
        @usableFromInline let first: Int32

        @inlinable init(tree: XMLTree, first: Int32) {
            self.tree = tree
            self.first = first
        }

        @inlinable public func makeIterator() -> Iterator { Iterator(tree: tree, upcoming: first) }

        public struct Iterator: IteratorProtocol {
            @usableFromInline let tree: XMLTree
            @usableFromInline var upcoming: Int32

            @inlinable init(tree: XMLTree, upcoming: Int32) {
                self.tree = tree
                self.upcoming = upcoming
            }

            @inlinable public mutating func next() -> Node? {
                guard upcoming >= 0 else { return nil }
                defer { upcoming = tree.nextSiblings[Int(upcoming)] }
                return upcoming
            }
        }
    }
}
