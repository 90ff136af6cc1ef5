public import FacturX
public import InvoiceModel

/// What a Factur-X / ZUGFeRD PDF said about the invoice it carries.
public struct PDFInvoiceContainer: Sendable {
    /// The attachment the invoice was taken from (`factur-x.xml` …).
    public let attachment: String
    /// The profile, from BT-24 or else from the XMP conformance level; nil when neither names one.
    public let profile: FacturXProfile?
    /// The PDF, its attachments and XMP fields.
    public let details: FacturXContainer
}
