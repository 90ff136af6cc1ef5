import InvoiceModel
import InvoiceXML

/// An element or attribute path of a rule table (`formats/rules/*-syntax.tsv`): which nodes a declarative
/// rule counts around its context element.
///
/// Grammar: alternatives separated by `|`; each is child steps `prefix:Name/prefix:Name…` from the context
/// element, or from anywhere in the document when it starts with `//`, optionally ending in `@name`, which keeps
/// the elements that carry that attribute (alone, `@name` is the context element if it carries it, and
/// `//@name` every element that does). Alternatives are expected to select different nodes.
///
/// Paths are matched bottom-up from the tree's name index: an element named like the last step is selected when
/// its ancestors carry the other names, up to the context element. Most names a syntax rule forbids are absent from
/// a given invoice, so most checks end at one index lookup.
public struct ElementPath: Sendable, CustomStringConvertible {
    struct Alternative: Sendable {
        /// The last step's element name, nil when the path is only an attribute.
        let last: UInt32?
        /// The other steps' names, from the last but one up to the first.
        let ancestors: [UInt32]
        /// Whether the first step may be anywhere in the document rather than a child of the context element.
        let anywhere: Bool
        /// The attribute the selected elements must carry, if any.
        let attribute: UInt32?
    }

    let alternatives: [Alternative]
    /// The text this path was compiled from.
    public let description: String

    /// Compiles `text` with the prefixes of `syntax`; nil when it is not in the grammar above.
    public init?(_ text: String, _ syntax: Syntax) {
        var alternatives: [Alternative] = []
        for part in text.split(separator: "|", omittingEmptySubsequences: false) {
            var rest = String(part).trimmingXMLSpace()
            let anywhere = rest.hasPrefix("//")
            if anywhere { rest = rest.dropFirst(2) }
            var steps = rest.split(separator: "/", omittingEmptySubsequences: false)
            var attribute: UInt32?
            if let last = steps.last, last.hasPrefix("@") {
                let name = last.dropFirst()
                guard ElementPath.isName(name, prefixed: false, in: syntax), let id = syntax.name(name) else { return nil }
                attribute = id
                steps.removeLast()
            }
            var names: [UInt32] = []
            for step in steps {
                guard ElementPath.isName(step, prefixed: true, in: syntax), let id = syntax.name(step) else { return nil }
                names.append(id)
            }
            guard !names.isEmpty || attribute != nil else { return nil }
            alternatives.append(
                Alternative(last: names.last, ancestors: names.dropLast().reversed(), anywhere: anywhere, attribute: attribute))
        }
        self.alternatives = alternatives
        description = text
    }

    /// For each alternative, the element and attribute names a document must hold for it to select anything,
    /// the first step first (names deep in a path are the rarest).
    var namesRequired: [RequiredNames] {
        alternatives.map { alternative in
            RequiredNames(
                elements: alternative.ancestors.reversed() + [alternative.last].compactMap { $0 },
                attributes: [alternative.attribute].compactMap { $0 })
        }
    }

    /// Whether `text` is an XML name, with a prefix `syntax` knows when `prefixed`.
    static func isName(_ text: Substring, prefixed: Bool, in syntax: Syntax) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == (prefixed ? 2 : 1) else { return false }
        if prefixed && syntax.namespaces[String(parts[0])] == nil { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, first.properties.isAlphabetic else { return false }
            return part.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
        }
    }

    /// Whether `candidate`, an element named like the last step of `alternative`, is selected from `context`.
    @inline(__always)
    private func selects(_ candidate: XMLTree.Node, _ alternative: Alternative, from context: XMLTree.Node, in tree: borrowing XMLTree)
        -> Bool
    {
        if let attribute = alternative.attribute, !tree.hasAttribute(candidate, attribute) {
            return false
        }
        var current = candidate
        for name in alternative.ancestors {
            guard let parent = tree.parent(current), tree.nameID(parent) == name else { return false }
            current = parent
        }
        return alternative.anywhere || tree.parent(current) == context
    }

    /// Calls `visit` on each node the path selects from `context`, with the attribute it ends in if any, until
    /// `visit` returns false.
    func forEach(from context: XMLTree.Node, in document: Document, _ visit: (XMLTree.Node, UInt32?) -> Bool) {
        for alternative in alternatives {
            let attribute = alternative.attribute
            guard let last = alternative.last else {
                if alternative.anywhere, let attribute {
                    guard document.tree.containsAttribute(named: attribute) else { continue }
                    for node in document.tree.allNodes
                    where document.tree.hasAttribute(node, attribute) {
                        if !visit(node, attribute) { return }
                    }
                } else if let attribute, document.tree.hasAttribute(context, attribute) {
                    if !visit(context, attribute) { return }
                }
                continue
            }
            for candidate in document.tree.nodes(named: last) where selects(candidate, alternative, from: context, in: document.tree) {
                if !visit(candidate, attribute) { return }
            }
        }
    }

    /// Whether the path selects anything from `context`.
    func exists(from context: XMLTree.Node, in document: Document) -> Bool {
        for alternative in alternatives {
            guard let last = alternative.last else {
                if !forEachIsEmpty(alternative, from: context, in: document) { return true }
                continue
            }
            for candidate in document.tree.nodes(named: last) where selects(candidate, alternative, from: context, in: document.tree) {
                return true
            }
        }
        return false
    }

    private func forEachIsEmpty(_ alternative: Alternative, from context: XMLTree.Node, in document: Document) -> Bool {
        guard let attribute = alternative.attribute else { return true }
        if alternative.anywhere { return !document.tree.containsAttribute(named: attribute) }
        return !document.tree.hasAttribute(context, attribute)
    }

    /// How many nodes the path selects from `context`, counting no further than `limit`.
    func count(from context: XMLTree.Node, in document: Document, upTo limit: Int) -> Int {
        var count = 0
        forEach(from: context, in: document) { _, _ in
            count += 1
            return count < limit
        }
        return count
    }

    /// The texts of the nodes the path selects from `context`: attribute values, or elements' string values.
    func texts(from context: XMLTree.Node, in document: Document) -> [String] {
        var texts: [String] = []
        forEach(from: context, in: document) { node, attribute in
            texts.append(attribute.flatMap { document.tree.attribute(node, $0) } ?? document.string(node))
            return true
        }
        return texts
    }
}
