import InvoiceModel
public import InvoiceXML

/// Which elements a rule applies to: one or more alternatives, each a chain of element names that
/// must end at the element, optionally anchored at the root, plus an optional Swift predicate.
///
/// Text form: `a/b/c` (an element `c` whose parent is `b` whose parent is `a`, at any depth),
/// `/x/y` (anchored: `x` is the root), `*` for any name, `//` treated as "any depth", and `|`
/// between alternatives.
public struct ContextPattern: Sendable {
    struct Alternative: Sendable {
        /// Element names from the top of the chain down to the element itself; nil is any name.
        let names: [UInt32?]
        let anchored: Bool
        let predicate: (@Sendable (Document, XMLTree.Node) -> Bool)?
    }

    let alternatives: [Alternative]

    /// Compiles `text` with the prefixes of `syntax`; `predicate`, when given, must also hold on the element.
    public init(
        _ text: String, _ syntax: Syntax,
        where predicate: (@Sendable (Document, XMLTree.Node) -> Bool)? = nil
    ) {
        alternatives = text.split(separator: "|").map { part in
            let trimmed = String(part.trimmingXMLSpace())
            let anchored = trimmed.hasPrefix("/") && !trimmed.hasPrefix("//")
            let names: [UInt32?] = trimmed.split(separator: "/").map { $0 == "*" ? nil : syntax.nameID($0) }
            return Alternative(names: names, anchored: anchored, predicate: predicate)
        }
    }

    private init(alternatives: [Alternative]) { self.alternatives = alternatives }

    /// Either of two patterns (each keeps its own predicate).
    public static func | (a: ContextPattern, b: ContextPattern) -> ContextPattern {
        ContextPattern(alternatives: a.alternatives + b.alternatives)
    }

    /// The names an element must have for some alternative to match; nil when any name may match.
    var lastNames: [UInt32]? {
        var names: [UInt32] = []
        for alternative in alternatives {
            guard let last = alternative.names.last, let id = last else { return nil }
            names.append(id)
        }
        return names
    }

    /// Whether `node` matches.
    func matches(_ node: XMLTree.Node, in document: Document) -> Bool {
        let tree = document.tree
        alternatives: for alternative in alternatives {
            var current: XMLTree.Node? = node
            for name in alternative.names.reversed() {
                guard let c = current else { continue alternatives }
                if let name, tree.nameID(c) != name { continue alternatives }
                current = tree.parent(c)
            }
            if alternative.anchored && current != nil { continue }
            if let predicate = alternative.predicate, !predicate(document, node) { continue }
            return true
        }
        return false
    }
}
