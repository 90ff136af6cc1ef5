/// One occurrence of a business group: its terms' values and its sub-groups, generic over EN 16931.
///
/// The model is data, not one Swift property per term: a binding file can fill any term of any
/// group, and typed views (`Invoice.seller`, `InvoiceLine.netAmount`…) read the few the hub uses.
/// Values are kept ordered by term id, repeated values in their document order; same for sub-groups.
public struct BusinessGroup: Sendable, Hashable {
    /// One value of one term.
    public struct Entry: Sendable, Hashable {
        /// The term.
        public var term: TermID
        /// Its value.
        public var value: TermValue
    }

    /// One occurrence of a sub-group.
    public struct Member: Sendable, Hashable {
        /// The sub-group's id.
        public var group: TermID
        /// Its content.
        public var content: BusinessGroup
    }

    /// The values, ordered by term id (several values of a term in their original order).
    public private(set) var entries: [Entry] = []
    /// The sub-group occurrences, ordered by group id (several occurrences in their original order).
    public private(set) var members: [Member] = []

    /// An empty group.
    public init() {}

    /// Whether the group has neither values nor sub-groups.
    public var isEmpty: Bool { entries.isEmpty && members.isEmpty }

    // MARK: reading

    /// The first value of `term`.
    public subscript(term: TermID) -> TermValue? {
        for entry in entries where entry.term == term { return entry.value }
        return nil
    }

    /// Every value of `term`, in order.
    public func values(_ term: TermID) -> [TermValue] {
        entries.compactMap { $0.term == term ? $0.value : nil }
    }

    /// Whether `term` has a value.
    public func has(_ term: TermID) -> Bool { self[term] != nil }

    /// The first value of `term` as text.
    public func text(_ term: TermID) -> String? { self[term]?.text }

    /// The first value of `term` as a decimal.
    public func decimal(_ term: TermID) -> ExactDecimal? { self[term]?.decimal }

    /// The first value of `term` as a date.
    public func date(_ term: TermID) -> CalendarDate? { self[term]?.date }

    /// The first value of `term` as an identifier.
    public func identifier(_ term: TermID) -> Identifier? { self[term]?.identifier }

    /// Every occurrence of sub-group `id`.
    public func groups(_ id: TermID) -> [BusinessGroup] {
        members.compactMap { $0.group == id ? $0.content : nil }
    }

    /// The first occurrence of sub-group `id`.
    public func group(_ id: TermID) -> BusinessGroup? {
        for member in members where member.group == id { return member.content }
        return nil
    }

    /// The first value of `term` in this group or, following `path` of sub-group ids, below it.
    public func value(_ term: TermID, in path: TermID...) -> TermValue? {
        var current = self
        for id in path {
            guard let next = current.group(id) else { return nil }
            current = next
        }
        return current[term]
    }

    // MARK: writing

    /// Makes room for `count` values in all, so that filling the group allocates its storage once.
    public mutating func reserveCapacity(values count: Int) { entries.reserveCapacity(count) }

    /// Adds a value of `term` after its existing values.
    public mutating func append(_ value: consuming TermValue, to term: TermID) {
        Self.insert(Entry(term: term, value: value), into: &entries)
    }

    /// Replaces every value of `term` by `value` (removes them when nil).
    public mutating func set(_ term: TermID, _ value: TermValue?) {
        entries.removeAll { $0.term == term }
        if let value { append(value, to: term) }
    }

    /// Adds an occurrence of sub-group `id` after its existing occurrences.
    public mutating func append(group content: consuming BusinessGroup, as id: TermID) {
        Self.insert(Member(group: id, content: content), into: &members)
    }

    /// Inserts `element` into an array kept in id order, after every element whose id is not above its own.
    /// Readers mostly add in id order: appending is the common case. Only the ids are read going back (a comparison
    /// closure taking whole elements copied each one, retaining its strings).
    @inline(__always)
    private static func insert<Element: OrderedByID>(_ element: consuming Element, into array: inout [Element]) {
        let id = element.orderID
        var index = array.count
        while index > 0 && array[index - 1].orderID > id { index -= 1 }
        if index == array.count {
            array.append(element)
        } else {
            array.insert(element, at: index)
        }
    }

    /// Replaces every occurrence of sub-group `id` by `content` (removes them when nil).
    public mutating func set(group id: TermID, _ content: BusinessGroup?) {
        members.removeAll { $0.group == id }
        if let content { append(group: content, as: id) }
    }

    /// Replaces every binary object, in `binaryObjects` order, with what `transform` makes of it.
    public mutating func updateBinaryObjects(_ transform: (BinaryObject) throws -> BinaryObject) rethrows {
        for index in entries.indices {
            if case .binary(let object) = entries[index].value { entries[index].value = .binary(try transform(object)) }
        }
        for index in members.indices { try members[index].content.updateBinaryObjects(transform) }
    }

    /// Changes the first occurrence of sub-group `id`, creating it when absent; drops it when left empty.
    public mutating func update(group id: TermID, _ change: (inout BusinessGroup) -> Void) {
        if let index = members.firstIndex(where: { $0.group == id }) {
            change(&members[index].content)
            if members[index].content.isEmpty { members.remove(at: index) }
        } else {
            var content = BusinessGroup()
            change(&content)
            if !content.isEmpty { append(group: content, as: id) }
        }
    }
}

/// What `BusinessGroup` keeps its values and sub-groups in order by.
protocol OrderedByID {
    var orderID: TermID { get }
}

extension BusinessGroup.Entry: OrderedByID {
    var orderID: TermID { term }
}

extension BusinessGroup.Member: OrderedByID {
    var orderID: TermID { group }
}
