public import InvoiceModel
public import InvoiceRules

/// An invoice taken in: read into the EN 16931 model, with what the rules found in it.
public struct CheckedInvoice: Sendable {
    /// The invoice in the semantic model.
    public let invoice: Invoice
    /// The findings of the rules that apply to it; they decide whether it is acceptable.
    public let report: ValidationReport
    /// The EN 16931 verdict on the XML (the same as `report` for XML input of a complete profile).
    public let en16931: ValidationReport
    /// What carried the invoice.
    public let container: InvoiceContainer
    /// The PDF around the invoice, when the input was a Factur-X / ZUGFeRD PDF.
    public let pdf: PDFInvoiceContainer?

    /// The syntax the invoice was written in.
    public var syntax: InvoiceSyntax { report.syntax }
}
