public import InvoiceModel
import Foundation

/// The EN 16931 rule sets, as the official validation artefacts (release 1.3.16) define them, one per syntax.
public enum EN16931 {
    /// The rules for UBL 2.1 invoices and credit notes.
    public static func ublRules() throws -> RuleSet {
        RuleSet(
            syntax: .ubl,
            patterns: [ublModel(), ublSyntax(), ublCodes()],
            catalog: try RuleCatalog(files: [Resources.format("rules/en16931-ubl.tsv")]))
    }

    /// The rules for UN/CEFACT CII D16B invoices.
    public static func ciiRules() throws -> RuleSet {
        RuleSet(
            syntax: .cii,
            patterns: [ciiModel(), ciiSyntax(), ciiCodes()],
            catalog: try RuleCatalog(files: [Resources.format("rules/en16931-cii.tsv")]))
    }
}
