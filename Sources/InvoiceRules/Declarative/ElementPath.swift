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
    /// One alternative: plain values, its names a range of the path's `names`, so that a test walks it without
    /// counting references (a rule is checked on each of thousands of elements).
    struct Alternative: Sendable {
        /// Its steps' names are `names[stepsStart ..< stepsEnd]`, the first down to the last; none when the path is
        /// only an attribute.
        let stepsStart: Int32
        let stepsEnd: Int32
        /// Whether the first step may be anywhere in the document rather than a child of the context element.
        let anywhere: Bool
        /// The attribute the selected elements must carry, `noName` when none.
        let attribute: UInt32

        var steps: Range<Int> { Int(stepsStart)..<Int(stepsEnd) }
        var hasAttribute: Bool { attribute != ElementPath.noName }
    }

    static let noName = UInt32.max
    let alternatives: [Alternative]
    /// The names of every alternative's steps, alternative after alternative.
    let names: [UInt32]
    /// The text this path was compiled from.
    public let description: String

    /// Compiles `text` with the prefixes of `syntax`; nil when it is not in the grammar above.
    public init?(_ text: String, _ syntax: Syntax) {
        var alternatives: [Alternative] = []
        var names: [UInt32] = []
        for part in text.split(separator: "|", omittingEmptySubsequences: false) {
            var rest = String(part).trimmingXMLSpace()
            let anywhere = rest.hasPrefix("//")
            if anywhere { rest = rest.dropFirst(2) }
            var steps = rest.split(separator: "/", omittingEmptySubsequences: false)
            var attribute = ElementPath.noName
            if let last = steps.last, last.hasPrefix("@") {
                let name = last.dropFirst()
                guard ElementPath.isName(name, prefixed: false, in: syntax), let id = syntax.name(name) else { return nil }
                attribute = id
                steps.removeLast()
            }
            let start = names.count
            for step in steps {
                guard ElementPath.isName(step, prefixed: true, in: syntax), let id = syntax.name(step) else { return nil }
                names.append(id)
            }
            guard names.count > start || attribute != ElementPath.noName else { return nil }
            alternatives.append(Alternative(stepsStart: Int32(start), stepsEnd: Int32(names.count), anywhere: anywhere, attribute: attribute))
        }
        self.alternatives = alternatives
        self.names = names
        description = text
    }

    /// For each alternative, the element and attribute names a document must hold for it to select anything,
    /// the first step first (names deep in a path are the rarest).
    var namesRequired: [RequiredNames] {
        alternatives.map { alternative in
            RequiredNames(elements: Array(names[alternative.steps]), attributes: alternative.hasAttribute ? [alternative.attribute] : [])
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
        if alternative.hasAttribute, !tree.hasAttribute(candidate, alternative.attribute) {
            return false
        }
        var current = candidate
        var step = Int(alternative.stepsEnd) - 2
        while step >= Int(alternative.stepsStart) {
            guard let parent = tree.parent(current), tree.nameID(parent) == names[step] else { return false }
            current = parent
            step -= 1
        }
        return alternative.anywhere || tree.parent(current) == context
    }

    /// Calls `visit` on each node the path selects from `context`, with the attribute it ends in if any, until
    /// `visit` returns false.
    func forEach(from context: XMLTree.Node, in document: Document, _ visit: (XMLTree.Node, UInt32?) -> Bool) {
        let tree = document.tree
        for alternative in alternatives {
            let attribute = alternative.hasAttribute ? alternative.attribute : nil
            guard !alternative.steps.isEmpty else {
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
            let candidates = tree.nodes(named: names[Int(alternative.stepsEnd) - 1])
            if alternative.anywhere || candidates.count <= ElementPath.fewCandidates {
                for candidate in candidates where selects(candidate, alternative, from: context, in: tree) {
                    if !visit(candidate, attribute) { return }
                }
            } else if mayExist(alternative, in: tree) {
                if !walk(alternative, from: context, step: Int(alternative.stepsStart), in: tree, visit) { return }
            }
        }
    }

    /// Up to this many elements named like a path's last step are checked bottom-up (parent by parent, from the
    /// name index) rather than by walking down from the context: a bounded cost, however large the document.
    static let fewCandidates = 16

    /// Whether every element name of `alternative` occurs somewhere in `tree` (one index lookup each).
    @inline(__always)
    private func mayExist(_ alternative: Alternative, in tree: borrowing XMLTree) -> Bool {
        for step in alternative.steps where !tree.contains(named: names[step]) { return false }
        return true
    }

    /// Visits, in document order, the elements that the child steps of `alternative` from `step` (a place in
    /// `names`) on select below `node`; false when `visit` asked to stop.
    private func walk(
        _ alternative: Alternative, from node: XMLTree.Node, step: Int, in tree: borrowing XMLTree,
        _ visit: (XMLTree.Node, UInt32?) -> Bool
    ) -> Bool {
        let last = step == Int(alternative.stepsEnd) - 1
        let name = names[step]
        var next = tree.firstChild(node, named: name)
        while let child = next {
            next = tree.nextSibling(child, named: name)
            if last {
                if alternative.hasAttribute && !tree.hasAttribute(child, alternative.attribute) { continue }
                if !visit(child, alternative.hasAttribute ? alternative.attribute : nil) { return false }
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
            guard !alternative.steps.isEmpty else {
                if !forEachIsEmpty(alternative, from: context, in: tree) { return true }
                continue
            }
            let candidates = tree.nodes(named: names[Int(alternative.stepsEnd) - 1])
            if alternative.anywhere || candidates.count <= ElementPath.fewCandidates {
                for candidate in candidates where selects(candidate, alternative, from: context, in: tree) {
                    return true
                }
            } else if mayExist(alternative, in: tree) {
                var found = false
                _ = walk(alternative, from: context, step: Int(alternative.stepsStart), in: tree) { _, _ in
                    found = true
                    return false
                }
                if found { return true }
            }
        }
        return false
    }

    private func forEachIsEmpty(_ alternative: Alternative, from context: XMLTree.Node, in tree: borrowing XMLTree) -> Bool {
        guard alternative.hasAttribute else { return true }
        if alternative.anywhere { return !tree.containsAttribute(named: alternative.attribute) }
        return !tree.hasAttribute(context, alternative.attribute)
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
