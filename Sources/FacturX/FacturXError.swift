/// Why a PDF could not be read, or why it carries no invoice Hermine can take.
public enum FacturXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is larger than the configured limit (checked before any parsing).
    case tooLarge(size: Int, limit: Int)
    /// The file could not be read from disk.
    case unreadableFile(reason: String)
    /// The bytes do not start with a `%PDF-` header.
    case notPDF
    /// The PDF is encrypted (its trailer has `/Encrypt`); Hermine does not decrypt.
    case encrypted
    /// The file's structure is broken beyond what the recovery scan can repair.
    case damaged(reason: String)
    /// A stream needed for the invoice uses a filter Hermine does not decode.
    case unsupportedFilter(String)
    /// A Flate stream uses a predictor Hermine does not decode.
    case unsupportedPredictor(Int)
    /// A stream needed for the invoice could not be decoded.
    case corruptStream(object: Int, reason: String)
    /// Decoding streams would produce more bytes than the configured limit (a decompression bomb).
    case inflatedTooLarge(limit: Int)
    /// The file declares or holds more objects than the configured limit.
    case tooManyObjects(limit: Int)
    /// Arrays or dictionaries nest deeper than the configured limit.
    case tooDeep(limit: Int)
    /// An indirect object refers back to itself through a chain of references.
    case referenceCycle(object: Int)
    /// Reading the document needed more work (object look-ups, bytes parsed) than the limits allow.
    case tooMuchWork(reason: String)
    /// The PDF embeds no XML invoice (UBL or CII).
    case noInvoice
    /// The embedded XML is a ZUGFeRD 1.0 `CrossIndustryDocument`, which is not an EN 16931 invoice.
    case zugferd1(attachment: String)
    /// The embedded XML is an Order-X document (an order, not an invoice).
    case orderX(attachment: String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .tooLarge: return "pdf-too-large"
        case .unreadableFile: return "unreadable-file"
        case .notPDF: return "not-pdf"
        case .encrypted: return "pdf-encrypted"
        case .damaged: return "pdf-damaged"
        case .unsupportedFilter: return "pdf-unsupported-filter"
        case .unsupportedPredictor: return "pdf-unsupported-predictor"
        case .corruptStream: return "pdf-corrupt-stream"
        case .inflatedTooLarge: return "pdf-inflated-too-large"
        case .tooManyObjects: return "pdf-too-many-objects"
        case .tooDeep: return "pdf-too-deep"
        case .referenceCycle: return "pdf-reference-cycle"
        case .tooMuchWork: return "pdf-too-much-work"
        case .noInvoice: return "pdf-no-invoice"
        case .zugferd1: return "pdf-zugferd1"
        case .orderX: return "pdf-order-x"
        }
    }

    /// Whether the error is a limit tripped by hostile input (these are never masked by recovery).
    public var isLimit: Bool {
        switch self {
        case .tooLarge, .inflatedTooLarge, .tooManyObjects, .tooDeep, .tooMuchWork: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .tooLarge(let size, let limit): return "the PDF is \(size) bytes, over the \(limit)-byte limit"
        case .unreadableFile(let reason): return "the file could not be read: \(reason)"
        case .notPDF: return "the file is not a PDF (no %PDF- header)"
        case .encrypted: return "the PDF is encrypted; send it unencrypted"
        case .damaged(let reason): return "the PDF is damaged: \(reason)"
        case .unsupportedFilter(let name): return "a stream uses the /\(name) filter, which is not supported (only FlateDecode)"
        case .unsupportedPredictor(let value): return "a stream uses predictor \(value), which is not supported"
        case .corruptStream(let object, let reason): return "stream object \(object) cannot be decoded: \(reason)"
        case .inflatedTooLarge(let limit): return "the PDF's streams inflate to more than \(limit) bytes"
        case .tooManyObjects(let limit): return "the PDF has more than \(limit) objects"
        case .tooDeep(let limit): return "arrays or dictionaries nest deeper than \(limit) levels"
        case .referenceCycle(let object): return "object \(object) refers back to itself"
        case .tooMuchWork(let reason): return "reading the PDF needs too much work: \(reason)"
        case .noInvoice:
            return "the PDF embeds no XML invoice (no factur-x.xml, zugferd-invoice.xml, xrechnung.xml, nor any UBL or CII invoice)"
        case .zugferd1(let name):
            return "\(name) is a ZUGFeRD 1.0 CrossIndustryDocument, not an EN 16931 invoice: send ZUGFeRD 2 / Factur-X"
        case .orderX(let name): return "\(name) is an Order-X document (an order), not an invoice"
        }
    }
}
