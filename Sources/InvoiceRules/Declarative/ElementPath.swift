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
/// Most names a syntax rule forbids are absent from a given invoice, so most checks end at one lookup in the tree's
/// name index. A name the document holds a few times is matched bottom-up from that index (its ancestors must carry
/// the other names, up to the context element); a frequent one is found by walking down from the context element,
/// child step by child step, so that a rule checked on each invoice line costs that line's subtree, not the
/// document. A `//` path is always matched from the index (its rules' context is the root: once per document).
public struct ElementPath: Sendable, CustomStringConvertible {
    /// A class, immutable: the tests pass alternatives around for every element they check, and copying a struct
    /// with two arrays retained and released both each time.
    final class Alternative: Sendable {
        /// The last step's element name, nil when the path is only an attribute.
        let last: UInt32?
        /// The other steps' names, from the last but one up to the first.
        let ancestors: [UInt32]
        /// Every step's name, from the first down to the last.
        let steps: [UInt32]
        /// Whether the first step may be anywhere in the document rather than a child of the context element.
        let anywhere: Bool
        /// The attribute the selected elements must carry, if any.
        let attribute: UInt32?

        init(last: UInt32?, ancestors: [UInt32], steps: [UInt32], anywhere: Bool, attribute: UInt32?) {
            self.last = last
            self.ancestors = ancestors
            self.steps = steps
            self.anywhere = anywhere
            self.attribute = attribute
        }
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
                Alternative(
                    last: names.last, ancestors: names.dropLast().reversed(), steps: names, anywhere: anywhere, attribute: attribute))
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
        let tree = document.tree
        for alternative in alternatives {
            let attribute = alternative.attribute
            guard let last = alternative.last else {
                if alternative.anywhere, let attribute {
                    guard tree.containsAttribute(named: attribute) else { continue }
                    for node in tree.allNodes
                    where tree.hasAttribute(node, attribute) {
                        if !visit(node, attribute) { return }
                    }
                } else if let attribute, tree.hasAttribute(context, attribute) {
                    if !visit(context, attribute) { return }
                }
                continue
            }
            let candidates = tree.nodes(named: last)
            if alternative.anywhere || candidates.count <= ElementPath.fewCandidates {
                for candidate in candidates where selects(candidate, alternative, from: context, in: tree) {
                    if !visit(candidate, attribute) { return }
                }
            } else if mayExist(alternative, in: tree) {
                if !walk(alternative, from: context, step: 0, in: tree, visit) { return }
            }
        }
    }

    /// Up to this many elements named like a path's last step are checked bottom-up (parent by parent, from the
    /// name index) rather than by walking down from the context: a bounded cost, however large the document.
    static let fewCandidates = 16

    /// Whether every element name of `alternative` occurs somewhere in `tree` (one index lookup each).
    @inline(__always)
    private func mayExist(_ alternative: Alternative, in tree: borrowing XMLTree) -> Bool {
        alternative.steps.allSatisfy { tree.contains(named: $0) }
    }

    /// Visits, in document order, the elements that the child steps of `alternative` from `step` on select below
    /// `node`; false when `visit` asked to stop.
    private func walk(
        _ alternative: Alternative, from node: XMLTree.Node, step: Int, in tree: borrowing XMLTree,
        _ visit: (XMLTree.Node, UInt32?) -> Bool
    ) -> Bool {
        let last = step == alternative.steps.count - 1
        let name = alternative.steps[step]
        var next = tree.firstChild(node, named: name)
        while let child = next {
            next = tree.nextSibling(child, named: name)
            if last {
                if let attribute = alternative.attribute, !tree.hasAttribute(child, attribute) { continue }
                if !visit(child, alternative.attribute) { return false }
            } else if !walk(alternative, from: child, step: step + 1, in: tree, visit) {
                return false
            }
        }
        return true
    }

    /// Whether the path selects anything from `context`.
    func exists(from context: XMLTree.Node, in document: Document) -> Bool {
        let tree = document.tree
        for alternative in alternatives {
            guard let last = alternative.last else {
                if !forEachIsEmpty(alternative, from: context, in: tree) { return true }
                continue
            }
            let candidates = tree.nodes(named: last)
            if alternative.anywhere || candidates.count <= ElementPath.fewCandidates {
                for candidate in candidates where selects(candidate, alternative, from: context, in: tree) {
                    return true
                }
            } else if mayExist(alternative, in: tree) {
                var found = false
                _ = walk(alternative, from: context, step: 0, in: tree) { _, _ in
                    found = true
                    return false
                }
                if found { return true }
            }
        }
        return false
    }

    private func forEachIsEmpty(_ alternative: Alternative, from context: XMLTree.Node, in tree: borrowing XMLTree) -> Bool {
        guard let attribute = alternative.attribute else { return true }
        if alternative.anywhere { return !tree.containsAttribute(named: attribute) }
        return !tree.hasAttribute(context, attribute)
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
