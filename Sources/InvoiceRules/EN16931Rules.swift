public import Foundation
public import InvoiceModel
public import InvoiceXML

/// The EN 16931 rule sets of both syntaxes, loaded once: what judges a complete invoice.
///
/// ```swift
/// let rules = try EN16931Rules(formats: try Resources.formatsFolder())
/// let report = rules.check(tree, as: .ubl)
/// ```
public struct EN16931Rules: Sendable {
    /// The UBL rules.
    public let ubl: RuleSet
    /// The CII rules.
    public let cii: RuleSet

    /// Loads both rule sets from `formats` (the project's `formats/` folder, or a copy of it).
    /// - Throws: `ResourceError.malformed` naming the file and line of a data file that is missing or does not parse.
    public init(formats: URL) throws(ResourceError) {
        ubl = try EN16931.ublRules(formats: formats)
        cii = try EN16931.ciiRules(formats: formats)
    }

    /// The rule set of `syntax`.
    public func rules(for syntax: InvoiceSyntax) -> RuleSet {
        switch syntax {
        case .ubl: return ubl
        case .cii: return cii
        }
    }

    /// Checks a parsed invoice of `syntax` (its root is one `syntax` recognises).
    public func check(_ tree: XMLTree, as syntax: InvoiceSyntax) -> ValidationReport {
        ValidationReport(syntax: syntax, findings: rules(for: syntax).check(tree))
    }
}
