public import InvoiceModel
public import InvoiceXML

extension Binding {
    /// Whether this binding reads documents with `tree`'s root element.
    public func reads(_ tree: XMLTree) -> Bool { tree.nameID(tree.root) == rootID }

    /// Reads the business terms of `tree` into an invoice.
    ///
    /// Values are normalised: text trimmed, amounts and quantities as exact decimals, dates from
    /// the syntax's layout, identifiers with their scheme. A value that does not parse as its
    /// term's type is kept as text; empty elements give no value; a group with nothing in it is dropped.
    public func read(_ tree: XMLTree) -> Invoice {
        var scope = TermScope()
        return Invoice(root: readGroup(root, at: tree.root, in: tree, scope: &scope))
    }

    private func readGroup(_ binding: GroupBinding, at node: XMLTree.Node, in tree: XMLTree, scope: inout TermScope) -> BusinessGroup {
        var group = BusinessGroup()
        group.reserveCapacity(values: binding.terms.count)
        for term in binding.unretainedTerms {
            term._withUnsafeGuaranteedRef { read($0, at: node, in: tree, scope: scope, into: &group) }
        }
        // Sub-groups see only the values their conditions refer to: the group itself, still being filled, is not
        // shared with the scope (sharing it would copy it at its next sub-group).
        var exposed = BusinessGroup()
        for term in binding.exposed {
            for value in group.values(term) { exposed.append(value, to: term) }
        }
        scope.groups.append(exposed)
        for sub in binding.groups {
            if sub.path.isSelf {
                let content = readGroup(sub, at: node, in: tree, scope: &scope)
                if !content.isEmpty { group.append(group: content, as: sub.id) }
            } else if sub.repeating {
                var elements: [XMLTree.Node] = []
                sub.path.all(from: node, in: tree, scope: scope, into: &elements)
                for element in elements {
                    let content = readGroup(sub, at: element, in: tree, scope: &scope)
                    if !content.isEmpty { group.append(group: content, as: sub.id) }
                }
            } else if let element = sub.path.first(from: node, in: tree, scope: scope) {
                let content = readGroup(sub, at: element, in: tree, scope: &scope)
                if !content.isEmpty { group.append(group: content, as: sub.id) }
            }
        }
        scope.groups.removeLast()
        return group
    }

    private func read(_ term: TermBinding, at node: XMLTree.Node, in tree: XMLTree, scope: TermScope, into group: inout BusinessGroup) {
        if term.repeating {
            var elements: [XMLTree.Node] = []
            for alternative in term.unretainedAlternatives {
                alternative._withUnsafeGuaranteedRef { path in
                    elements.removeAll(keepingCapacity: true)
                    path.all(from: node, in: tree, scope: scope, into: &elements)
                    for element in elements {
                        if let value = value(of: term, path: path, at: element, in: tree, scope: scope) { group.append(value, to: term.id) }
                    }
                }
            }
            return
        }
        for alternative in term.unretainedAlternatives {
            let found = alternative._withUnsafeGuaranteedRef { path -> TermValue? in
                guard let element = path.first(from: node, in: tree, scope: scope) else { return nil }
                return value(of: term, path: path, at: element, in: tree, scope: scope)
            }
            if let found {
                group.append(found, to: term.id)
                return
            }
        }
    }

    /// The value `path` reaches on `element`, converted to the term's type; nil when empty.
    private func value(of term: TermBinding, path: borrowing BindingPath, at element: XMLTree.Node, in tree: XMLTree, scope: TermScope)
        -> TermValue?
    {
        if term.dataType == .binaryObject { return binaryObject(term, path: path, at: element, in: tree, scope: scope) }
        // The text is read in place (a slice of the tree's bytes would count a reference per value).
        if let attribute = path.attribute {
            guard let position = tree.attributePosition(element, attribute) else { return nil }
            return tree.withAttributeValueBytes(at: position) { value(of: term, $0[...], at: element, in: tree, scope: scope) }
        }
        return tree.withTextBytes(element) { value(of: term, $0[...], at: element, in: tree, scope: scope) }
    }

    /// A term's text as its value is read: trimmed, its prefix (`#code#`) taken or left out; nil when empty.
    @inline(__always) private static func content<Bytes: BidirectionalCollection<UInt8>>(of term: TermBinding, _ text: Bytes) -> Bytes?
    where Bytes.SubSequence == Bytes, Bytes.Index == Int {
        var bytes = trimmed(text)
        if let prefix = term.prefix {
            guard let code = prefix.split(bytes).value else { return nil }
            bytes = code
        } else if let prefix = term.followsPrefix {
            bytes = prefix.split(bytes).rest
        }
        return bytes.isEmpty ? nil : bytes
    }

    /// An attached document (BT-125) on `element`: its Base64 text shares the tree's bytes rather than copying what
    /// may weigh megabytes (the invoice then keeps the document's text alive, as long as it lives itself).
    private func binaryObject(_ term: TermBinding, path: borrowing BindingPath, at element: XMLTree.Node, in tree: XMLTree, scope: TermScope)
        -> TermValue?
    {
        let text: ArraySlice<UInt8>
        if let attribute = path.attribute {
            guard let value = tree.attributeBytes(element, attribute) else { return nil }
            text = value
        } else {
            text = tree.textBytes(element)
        }
        guard let bytes = Binding.content(of: term, text) else { return nil }
        var object = BinaryObject(base64Bytes: bytes)
        for qualifier in term.qualifiers {
            let text = qualifier.path.firstString(from: element, in: tree, scope: scope)
            if qualifier.role == .mimeCode { object.mimeCode = text }
            if qualifier.role == .filename { object.filename = text }
        }
        return .binary(object)
    }

    /// `text`, the text or attribute value of `element`, converted to the term's type; nil when empty.
    private func value(
        of term: TermBinding, _ text: Slice<UnsafeBufferPointer<UInt8>>, at element: XMLTree.Node, in tree: XMLTree, scope: TermScope
    ) -> TermValue? {
        guard let bytes = Binding.content(of: term, text) else { return nil }
        switch term.dataType {
        case .amount, .unitPriceAmount, .quantity, .percentage:
            if let decimal = ExactDecimal.parse(bytes) { return .decimal(decimal) }
            return .text(String(decoding: bytes, as: UTF8.self))
        case .date:
            if let date = CalendarDate.parse(bytes, pattern: dateLayout) { return .date(date) }
            return .text(String(decoding: bytes, as: UTF8.self))
        case .code:
            let code = String(decoding: bytes, as: UTF8.self)
            // Most terms map no code: an empty table is not asked (the lookup would hash the code all the same).
            return .code(term.codesIn.isEmpty ? code : term.codesIn[code] ?? code)
        case .identifier, .documentReference:
            var identifier = Identifier(value: String(decoding: bytes, as: UTF8.self))
            for qualifier in term.qualifiers {
                let text = qualifier.path.firstString(from: element, in: tree, scope: scope)
                if qualifier.role == .schemeIdentifier { identifier.scheme = text }
                if qualifier.role == .schemeVersionIdentifier { identifier.schemeVersion = text }
            }
            return .identifier(identifier)
        default:
            return .text(String(decoding: bytes, as: UTF8.self))
        }
    }
}
