/// An XML syntax of EN 16931 invoices (CEN/TS 16931-3): the one answer to "which syntax is this document?".
///
/// Codable as its raw value (`"ubl"`, `"cii"`).
public enum InvoiceSyntax: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// OASIS UBL 2.1: an `Invoice` or a `CreditNote`.
    case ubl
    /// UN/CEFACT Cross Industry Invoice D16B: a `CrossIndustryInvoice`.
    case cii

    /// The namespace of UBL invoices.
    public static let ublInvoiceNamespace = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
    /// The namespace of UBL credit notes.
    public static let ublCreditNoteNamespace = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
    /// The namespace of CII invoices.
    public static let ciiNamespace = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"

    /// The syntax of a document whose root element is `localName` in `namespace`; nil when that root is not
    /// an invoice of either syntax (the namespace must match exactly: an unqualified `Invoice` is no invoice).
    public init?(rootNamespace namespace: String, localName: String) {
        switch (namespace, localName) {
        case (InvoiceSyntax.ublInvoiceNamespace, "Invoice"), (InvoiceSyntax.ublCreditNoteNamespace, "CreditNote"): self = .ubl
        case (InvoiceSyntax.ciiNamespace, "CrossIndustryInvoice"): self = .cii
        default: return nil
        }
    }

    public var description: String { rawValue }
}
