public import InvoiceXML

/// The rules of one syntax, in patterns, with the catalogue that gives each id its severity and messages.
public struct RuleSet: Sendable {
    /// The syntax these rules read.
    public let syntax: Syntax
    /// The patterns, in order.
    public let patterns: [RulePattern]
    /// Severity and messages of every rule id.
    public let catalog: RuleCatalog
    private let dispatch: [Dispatch]

    /// For one pattern: the rules worth trying on an element of a given name, in priority order.
    struct Dispatch: Sendable {
        /// Rules whose context ends in that name, merged with the rules that accept any name.
        var byName: [UInt32: [Int]] = [:]
        /// Rules whose context accepts any name.
        var anyName: [Int] = []

        @inline(__always) func candidates(for id: UInt32) -> [Int] { byName[id] ?? anyName }
    }

    /// Assembles a rule set; every assertion id must be in `catalog`.
    public init(syntax: Syntax, patterns: [RulePattern], catalog: RuleCatalog) {
        self.syntax = syntax
        self.patterns = patterns
        self.catalog = catalog
        dispatch = patterns.map { pattern in
            var d = Dispatch()
            for (index, rule) in pattern.rules.enumerated() {
                if let names = rule.context.lastNames {
                    for name in Set(names) { d.byName[name, default: []].append(index) }
                } else {
                    d.anyName.append(index)
                }
            }
            if !d.anyName.isEmpty {
                for (name, indexes) in d.byName { d.byName[name] = (indexes + d.anyName).sorted() }
            }
            return d
        }
    }

    /// Every rule id the set checks.
    public var ruleIDs: Set<String> {
        Set(patterns.flatMap { $0.rules.flatMap { $0.assertions.map(\.id) } })
    }

    /// Checks `tree` and returns the findings, in document order within each pattern.
    public func check(_ tree: XMLTree) -> [Finding] {
        let document = Document(tree: tree, syntax: syntax)
        var findings: [Finding] = []
        for (pattern, dispatch) in zip(patterns, dispatch) {
            for node in tree.allNodes {
                for index in dispatch.candidates(for: tree.nameID(node)) {
                    let rule = pattern.rules[index]
                    guard rule.context.matches(node, in: document) else { continue }
                    for assertion in rule.assertions where !assertion.holds(document, node) {
                        findings.append(catalog.finding(assertion.id, at: node, in: tree))
                    }
                    break
                }
            }
        }
        return findings
    }
}
