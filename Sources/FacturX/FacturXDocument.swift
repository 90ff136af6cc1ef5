public import Foundation
public import InvoiceModel

/// The invoice Hermine found inside a PDF.
public struct EmbeddedInvoice: Sendable, Equatable {
    /// The attachment it came from.
    public let attachment: EmbeddedFile
    /// CII or UBL, as the root says.
    public let syntax: InvoiceSyntax
    /// The root element's local name (`CrossIndustryInvoice`, `Invoice`, `CreditNote`).
    public let rootName: String
    /// The root element's namespace URI.
    public let rootNamespace: String
    /// The XML, UTF-8 byte-order mark removed.
    public let xml: Data

    /// The attachment's name (`factur-x.xml`).
    public var name: String { attachment.name }
}

/// What a PDF holds, whether or not it carries an invoice.
public struct FacturXContainer: Sendable, Equatable {
    /// The PDF version: the catalog's `/Version` when it is newer than the header's, else the header's.
    public let pdfVersion: String
    /// How many revisions the file has (the original plus its incremental updates).
    public let revisions: Int
    /// Whether the file is linearized ("fast web view").
    public let linearized: Bool
    /// Whether the cross-reference data was broken and the object table was rebuilt by scanning.
    public let recovered: Bool
    /// Every embedded file, name tree first (in tree order), then files listed only in `/AF`.
    public let attachments: [EmbeddedFile]
    /// The XMP metadata's Factur-X and PDF/A fields; nil when the catalog has no `/Metadata` stream.
    public let xmp: XMPMetadata?
    /// The invoice, when one was found.
    public let invoice: EmbeddedInvoice?
    /// Why there is no invoice (`noInvoice`, `zugferd1`, `orderX`), when there is none.
    public let invoiceProblem: FacturXError?
    /// Problems with the container around the invoice (`FX-…`); empty when there is no invoice.
    public let findings: [ContainerFinding]
}

/// A PDF that carries an invoice: the container and the invoice.
public struct FacturXDocument: Sendable, Equatable {
    /// Everything found in the PDF.
    public let container: FacturXContainer
    /// The invoice.
    public let invoice: EmbeddedInvoice

    /// The container checks (`FX-…`) to add to the invoice's validation report.
    public var findings: [ContainerFinding] { container.findings }
    /// The XMP metadata, when present.
    public var xmp: XMPMetadata? { container.xmp }
}
