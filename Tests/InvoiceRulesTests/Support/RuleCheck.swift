import Foundation
import InvoiceModel
import InvoiceRules
import InvoiceXML
import Testing

/// The EN 16931 rules of the project's `formats/`, loaded once for the rule tests, and a check of XML with them.
enum RuleCheck {
    static let rules = Result { () throws(ResourceError) in try EN16931Rules(formats: try Resources.formatsFolder()) }

    /// The UBL rule set.
    static func ubl() throws -> RuleSet { try rules.get().ubl }
    /// The CII rule set.
    static func cii() throws -> RuleSet { try rules.get().cii }

    /// Parses `xml` and checks it with the rules of the syntax its root is an invoice of.
    static func report(_ xml: Data) throws -> ValidationReport {
        let tree = try XMLReader.read(xml)
        let root = tree.name(tree.root)
        let syntax = try #require(InvoiceSyntax(rootNamespace: root.namespace, localName: root.local), "\(root) is no invoice")
        return try rules.get().check(tree, as: syntax)
    }
}
