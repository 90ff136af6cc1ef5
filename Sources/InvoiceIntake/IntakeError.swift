public import FacturX
public import InvoiceMapping
public import InvoiceXML

/// Why bytes could not be taken in as an invoice at all.
public enum IntakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not XML the reader accepts.
    case unreadable(XMLReadError)
    /// The XML's root is not a UBL Invoice or CreditNote, nor a CII CrossIndustryInvoice.
    case notAnInvoice(root: QName)
    /// The invoice could not be read into the semantic model.
    case unmappable(MappingError)
    /// The bytes are a PDF from which no invoice could be taken.
    case pdf(FacturXError)

    /// A stable machine-readable code: `xml-…` (`xml-not-well-formed`), `not-an-invoice`, `unmappable`, or the
    /// PDF reader's (`pdf-…`).
    public var code: String {
        switch self {
        case .unreadable(let error): return "xml-\(error.code)"
        case .notAnInvoice: return "not-an-invoice"
        case .unmappable: return "unmappable"
        case .pdf(let error): return error.code
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .notAnInvoice(let root):
            return "the root element \(root) is not a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice"
        case .unmappable(let error): return "the invoice could not be read into the EN 16931 model: \(error)"
        case .pdf(let error): return error.description
        }
    }
}
