public import InvoiceModel

/// What the rules found in one invoice.
///
/// Codable with its keys in declared order (`syntax`, `ruleSet`, `findings`), as `StableJSONEncoder` writes them.
public struct ValidationReport: Sendable, Codable, Equatable {
    /// The syntax the invoice was written in.
    public let syntax: InvoiceSyntax
    /// Which rules judged the invoice: `EN 16931`, or a Factur-X profile's own requirements
    /// (`Factur-X MINIMUM`, `Factur-X BASIC WL`) for profiles that are not complete EN 16931 invoices.
    public let ruleSet: RuleSetName
    /// Every finding, fatal ones first, then in document order.
    public let findings: [Finding]

    /// Creates a report; findings are ordered fatal first.
    public init(syntax: InvoiceSyntax, findings: [Finding], ruleSet: RuleSetName = .en16931) {
        self.syntax = syntax
        self.ruleSet = ruleSet
        self.findings = findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity < b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// The ids of the fatal rules that fired, sorted, each once.
    public var fatal: [String] { ids(.fatal) }
    /// The ids of the warnings that fired, sorted, each once.
    public var warning: [String] { ids(.warning) }
    /// Whether no fatal rule fired.
    public var valid: Bool { !findings.contains { $0.severity == .fatal } }

    private func ids(_ severity: Severity) -> [String] {
        Set(findings.filter { $0.severity == severity }.map(\.rule)).sorted()
    }
}
