/// What carried the invoice: XML as it is, or a PDF with the XML attached (Factur-X, ZUGFeRD).
///
/// Codable as its raw value (`"xml"`, `"pdf"`).
public enum InvoiceContainer: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The bytes are the invoice's XML.
    case xml
    /// The bytes are a PDF carrying the invoice's XML.
    case pdf

    /// The media type of such bytes.
    public var mediaType: String {
        switch self {
        case .xml: return "application/xml"
        case .pdf: return "application/pdf"
        }
    }

    public var description: String { rawValue }
}
