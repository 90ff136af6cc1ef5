import Foundation
import InvoiceModel
public import InvoiceXML

/// Which elements a rule applies to: one or more alternatives, each a chain of element names that
/// must end at the element, optionally anchored at the root, plus an optional Swift predicate.
///
/// Text form: `a/b/c` (an element `c` whose parent is `b` whose parent is `a`, at any depth),
/// `/x/y` (anchored: `x` is the root), `*` for any name, `//` treated as "any depth", `[@name]` after
/// the last step (the element carries that attribute), and `|` between alternatives.
public struct ContextPattern: Sendable {
    struct Alternative: Sendable {
        /// Element names from the top of the chain down to the element itself; nil is any name.
        let names: [UInt32?]
        let anchored: Bool
        /// Which names the element itself may have, when its step is `*`: decided once per name, not per element.
        let nameFilter: (@Sendable (QName) -> Bool)?
        let predicate: (@Sendable (Document, XMLTree.Node) -> Bool)?
    }

    let alternatives: [Alternative]

    /// Compiles `text`, written in a Swift rule, with the prefixes of `syntax`; `predicate`, when given, must
    /// also hold on the element.
    public init(
        _ text: String, _ syntax: Syntax,
        where predicate: (@Sendable (Document, XMLTree.Node) -> Bool)? = nil
    ) {
        // A context that does not compile here is a typo in the Swift source, which the first test run stops
        // at; contexts read from rule tables use `init(checking:_:)` and become malformed lines instead.
        guard let compiled = ContextPattern(checking: text, syntax) else { preconditionFailure("bad context \(text) in a Swift rule") }
        alternatives = compiled.alternatives.map { alternative in
            let combined: (@Sendable (Document, XMLTree.Node) -> Bool)?
            if let own = alternative.predicate, let predicate {
                combined = { d, n in own(d, n) && predicate(d, n) }
            } else {
                combined = alternative.predicate ?? predicate
            }
            return Alternative(names: alternative.names, anchored: alternative.anchored, nameFilter: nil, predicate: combined)
        }
    }

    /// Compiles `text` read from a rule table: nil when a step is neither `*` nor an XML name with one of
    /// `syntax`'s prefixes.
    public init?(checking text: String, _ syntax: Syntax) {
        var alternatives: [Alternative] = []
        for part in text.split(separator: "|") {
            var trimmed = String(part.trimmingXMLSpace())
            var predicate: (@Sendable (Document, XMLTree.Node) -> Bool)?
            if trimmed.hasSuffix("]"), let open = trimmed.range(of: "[@", options: .backwards) {
                let attribute = trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]
                guard ElementPath.isName(attribute, prefixed: false, in: syntax), let id = syntax.name(attribute) else { return nil }
                predicate = { d, n in d.hasAttribute(n, id) }
                trimmed = String(trimmed[..<open.lowerBound])
            }
            var names: [UInt32?] = []
            for step in trimmed.split(separator: "/") {
                if step == "*" {
                    names.append(nil)
                    continue
                }
                guard ElementPath.isName(step, prefixed: true, in: syntax), let id = syntax.name(step) else { return nil }
                names.append(id)
            }
            guard !names.isEmpty else { return nil }
            let anchored = trimmed.hasPrefix("/") && !trimmed.hasPrefix("//")
            alternatives.append(Alternative(names: names, anchored: anchored, nameFilter: nil, predicate: predicate))
        }
        guard !alternatives.isEmpty else { return nil }
        self.alternatives = alternatives
    }

    /// The elements, anywhere, whose qualified name passes `filter` (asked once per name) and, when given, on
    /// which `predicate` holds.
    public init(
        elementsNamed filter: @escaping @Sendable (QName) -> Bool,
        where predicate: (@Sendable (Document, XMLTree.Node) -> Bool)? = nil
    ) {
        alternatives = [Alternative(names: [nil], anchored: false, nameFilter: filter, predicate: predicate)]
    }

    private init(alternatives: [Alternative]) { self.alternatives = alternatives }

    /// Either of two patterns (each keeps its own predicate).
    public static func | (a: ContextPattern, b: ContextPattern) -> ContextPattern {
        ContextPattern(alternatives: a.alternatives + b.alternatives)
    }
}

extension QName {
    /// Whether the local name ends with `suffix`, compared as UTF-8 (as XPath `ends-with` compares code points).
    func localNameEnds(with suffix: String) -> Bool {
        local.utf8.count >= suffix.utf8.count && local.utf8.reversed().starts(with: suffix.utf8.reversed())
    }
}
