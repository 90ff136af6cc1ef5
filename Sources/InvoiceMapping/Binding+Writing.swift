public import Foundation
public import InvoiceModel
import InvoiceXML

/// What writing an invoice produced.
public struct WrittenDocument: Sendable {
    /// The document, UTF-8, indented.
    public let data: Data
    /// Values the binding could not place (a path step marked `?` found nothing to hang them on).
    public let dropped: [TermID]
}

extension Binding {
    /// Writes `invoice` as a document of this binding's syntax.
    /// - Throws: `MappingError.unorderedElement` when the binding file does not order an element it wrote.
    public func write(_ invoice: Invoice) throws(MappingError) -> WrittenDocument {
        var tree = OutputTree(root: rootID)
        var scope = TermScope()
        var dropped: [TermID] = []
        writeGroup(root, expressible(invoice).root, at: 0, into: &tree, scope: &scope, dropped: &dropped)
        return WrittenDocument(data: try serialize(tree), dropped: dropped)
    }

    private func writeGroup(
        _ binding: GroupBinding, _ content: BusinessGroup, at element: Int32,
        into tree: inout OutputTree, scope: inout TermScope, dropped: inout [TermID]
    ) {
        scope.groups.append(content)
        defer { scope.groups.removeLast() }
        for constant in binding.constants { write(constant, at: element, into: &tree, scope: scope) }
        // Sub-groups first: their elements then exist for the terms that share them.
        for sub in binding.groups {
            for member in content.members where member.group == sub.id {
                guard let target = tree.ensure(sub.path, from: element, newAt: sub.path.newStepIndex(repeating: sub.repeating), scope: scope) else {
                    dropped.append(sub.id)
                    continue
                }
                writeGroup(sub, member.content, at: target, into: &tree, scope: &scope, dropped: &dropped)
            }
        }
        // A term written as a prefix goes last, in front of the text its neighbours wrote.
        for term in binding.terms where term.prefix == nil {
            for entry in content.entries where entry.term == term.id {
                write(entry.value, of: term, at: element, into: &tree, scope: scope, dropped: &dropped)
            }
        }
        for term in binding.terms where term.prefix != nil {
            for entry in content.entries where entry.term == term.id {
                write(entry.value, of: term, at: element, into: &tree, scope: scope, dropped: &dropped)
            }
        }
    }

    private func write(
        _ value: TermValue, of term: TermBinding, at element: Int32,
        into tree: inout OutputTree, scope: TermScope, dropped: inout [TermID]
    ) {
        let qualifierValues = term.qualifiers.map { qualifierValue($0.role, of: value) }
        guard let path = term.alternatives.first(where: { fits($0, term: term, qualifierValues: qualifierValues) }),
            let target = tree.ensure(path, from: element, newAt: path.newStepIndex(repeating: term.repeating), scope: scope)
        else {
            dropped.append(term.id)
            return
        }
        var text = lexical(value, type: term.dataType)
        if let code = term.codesOut[text] { text = code }
        if let attribute = path.attribute {
            tree.setAttribute(attribute, text, on: target)
        } else if let prefix = term.prefix {
            let rest = tree.texts[Int(target)] ?? ""
            tree.texts[Int(target)] = String(decoding: prefix.open, as: UTF8.self) + text
                + String(decoding: prefix.close, as: UTF8.self) + rest
        } else {
            tree.texts[Int(target)] = text
        }
        for (qualifier, qualifierText) in zip(term.qualifiers, qualifierValues) {
            guard let qualifierText else { continue }
            guard let holder = tree.ensure(qualifier.path, from: target, newAt: nil, scope: scope) else { continue }
            if let attribute = qualifier.path.attribute {
                tree.setAttribute(attribute, qualifierText, on: holder)
            } else {
                tree.texts[Int(holder)] = qualifierText
            }
        }
        if path.attribute == nil, let attributes = typeAttributes[term.dataType] {
            for constant in attributes {
                guard let attribute = constant.path.attribute, tree.attribute(attribute, of: target) == nil,
                    let text = constant.value?.string(in: scope)
                else { continue }
                tree.setAttribute(attribute, text, on: target)
            }
        }
        for constant in term.constants { write(constant, at: target, into: &tree, scope: scope) }
    }

    private func write(_ constant: ConstantBinding, at element: Int32, into tree: inout OutputTree, scope: TermScope) {
        var text: String?
        if let value = constant.value {
            guard let resolved = value.string(in: scope) else { return }
            text = resolved
        }
        guard let target = tree.ensure(constant.path, from: element, newAt: nil, scope: scope) else { return }
        guard let text else { return }
        if let attribute = constant.path.attribute {
            tree.setAttribute(attribute, text, on: target)
        } else {
            tree.texts[Int(target)] = text
        }
    }

    /// Whether `path` suits a value: its last step's `[@a]` / `[not @a]` conditions agree with the qualifiers the value has.
    private func fits(_ path: BindingPath, term: TermBinding, qualifierValues: [String?]) -> Bool {
        guard let last = path.steps.last else { return true }
        for predicate in last.predicates {
            guard case .exists = predicate.comparison, predicate.elements.isEmpty, let attribute = predicate.attribute else { continue }
            let present = zip(term.qualifiers, qualifierValues).contains { qualifier, text in
                qualifier.path.steps.isEmpty && qualifier.path.attribute == attribute && text != nil
            }
            if present == predicate.negated { return false }
        }
        return true
    }

    private func qualifierValue(_ role: TermDataType, of value: TermValue) -> String? {
        switch (role, value) {
        case (.schemeIdentifier, .identifier(let id)): return id.scheme
        case (.schemeVersionIdentifier, .identifier(let id)): return id.schemeVersion
        case (.mimeCode, .binary(let b)): return b.mimeCode
        case (.filename, .binary(let b)): return b.filename
        default: return nil
        }
    }

    /// The value as this syntax writes it.
    private func lexical(_ value: TermValue, type: TermDataType) -> String {
        switch value {
        case .date(let date): return date.formatted(dateLayout)
        default: return value.text
        }
    }

    /// The tree as indented UTF-8 XML, children in the order the binding file gives.
    private func serialize(_ tree: OutputTree) throws(MappingError) -> Data {
        var writer = XMLWriter()
        var namespaceAttributes: [(name: String, value: String)] = []
        for namespace in namespaces where namespace.isDefault {
            namespaceAttributes.append(("xmlns", namespace.uri))
        }
        for namespace in namespaces where !namespace.isDefault {
            namespaceAttributes.append(("xmlns:\(namespace.prefix)", namespace.uri))
        }
        try serialize(0, tree, &writer, extraAttributes: namespaceAttributes)
        return writer.finish()
    }

    private func serialize(_ node: Int32, _ tree: OutputTree, _ writer: inout XMLWriter, extraAttributes: [(name: String, value: String)] = []) throws(MappingError) {
        let index = Int(node)
        let name = elementNames[tree.names[index]] ?? "?"
        var attributes = extraAttributes
        for (id, value) in tree.attributes[index] { attributes.append((attributeNames[id] ?? "?", value)) }
        let children = tree.children[index]
        if children.isEmpty {
            writer.leaf(name, attributes: attributes, text: tree.texts[index] ?? "")
            return
        }
        let parentID = tree.names[index]
        var ranked: [(rank: Int, position: Int, node: Int32)] = []
        ranked.reserveCapacity(children.count)
        for (position, child) in children.enumerated() {
            let childID = tree.names[Int(child)]
            guard let rank = order[UInt64(parentID) << 32 | UInt64(childID)] else {
                throw .unorderedElement(binding: self.name, parent: name, child: elementNames[childID] ?? "?")
            }
            ranked.append((rank, position, child))
        }
        ranked.sort { ($0.rank, $0.position) < ($1.rank, $1.position) }
        writer.start(name, attributes: attributes)
        if let text = tree.texts[index], !text.isEmpty { writer.text(text) }
        for entry in ranked { try serialize(entry.node, tree, &writer) }
        writer.end()
    }
}
