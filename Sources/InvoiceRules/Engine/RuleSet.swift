public import InvoiceXML

/// The rules of one syntax, in patterns, with the catalogue that gives each id its severity and messages.
public struct RuleSet: Sendable {
    /// The syntax these rules read.
    public let syntax: Syntax
    /// The patterns, in order.
    public let patterns: [RulePattern]
    /// Severity and messages of every rule id.
    public let catalog: RuleCatalog
    private let plan: CheckPlan

    /// Assembles a rule set; every assertion id must be in `catalog`.
    public init(syntax: Syntax, patterns: [RulePattern], catalog: RuleCatalog) {
        self.syntax = syntax
        self.patterns = patterns
        self.catalog = catalog
        plan = CheckPlan(patterns)
    }

    /// Every rule id the set checks.
    public var ruleIDs: Set<String> {
        Set(patterns.flatMap { $0.rules.flatMap { $0.assertions.map(\.id) } })
    }

    /// Checks `tree` and returns the findings, in document order within each pattern.
    public func check(_ tree: XMLTree) -> [Finding] {
        let document = Document(tree: tree, syntax: syntax)
        var findings: [Finding] = []
        plan.check(document) { id, node in findings.append(catalog.finding(id, at: node, in: tree)) }
        return findings
    }
}
