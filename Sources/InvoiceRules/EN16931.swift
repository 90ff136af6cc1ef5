public import Foundation
public import InvoiceModel

/// The EN 16931 rule sets, as the official validation artefacts (release 1.3.16) define them, one per syntax.
public enum EN16931 {
    /// The rules for UBL 2.1 invoices and credit notes, with the tables, code lists and catalogue of `formats`.
    /// - Throws: `ResourceError.malformed` naming the file and line of a data file that is missing or does not parse.
    public static func ublRules(formats: URL) throws(ResourceError) -> RuleSet {
        RuleSet(
            syntax: .ubl,
            patterns: [try ublModel(formats), try ublSyntax(formats), try ublCodes(formats)],
            catalog: try RuleCatalog(files: [formats.appendingPathComponent("rules/en16931-ubl.tsv")]))
    }

    /// The rules for UN/CEFACT CII D16B invoices, with the tables, code lists and catalogue of `formats`.
    /// - Throws: `ResourceError.malformed` naming the file and line of a data file that is missing or does not parse.
    public static func ciiRules(formats: URL) throws(ResourceError) -> RuleSet {
        RuleSet(
            syntax: .cii,
            patterns: [try ciiModel(formats), try ciiSyntax(formats), try ciiCodes(formats)],
            catalog: try RuleCatalog(files: [formats.appendingPathComponent("rules/en16931-cii.tsv")]))
    }
}
