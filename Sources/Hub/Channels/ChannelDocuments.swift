public import Foundation
public import InvoiceMapping
import InvoiceIntake
import InvoiceModel

/// An invoice as a buyer channel sends it, in the channel's format.
public struct ChannelDocuments: Sendable {
    /// Reads invoices and their models.
    public let reader: InvoiceReader
    /// Writes UBL and CII.
    public let mapper: InvoiceMapper
    /// Writes the accounting CSV.
    public let csv: AccountingCSV

    /// Creates the renderer.
    public init(reader: InvoiceReader, mapper: InvoiceMapper, csv: AccountingCSV) {
        self.reader = reader
        self.mapper = mapper
        self.csv = csv
    }

    /// A rendered document.
    public struct Rendered: Sendable {
        /// Its bytes.
        public let data: Data
        /// Its media type.
        public let mediaType: String
        /// The file name suffix.
        public let fileExtension: String
    }

    /// `invoice` in `format`: the deposited bytes for `original`, and for UBL or CII when the invoice was deposited as
    /// that syntax's XML; otherwise rewritten from its model.
    /// - Throws: `ChannelDocumentError` when the invoice is gone or cannot be written in the format (for good: the
    ///   delivery fails into the operators' queue).
    public func render(_ invoice: InvoiceSummary, as format: DeliveryFormat) async throws -> Rendered {
        let suffix = format.fileExtension(original: invoice.container)
        let mediaType = format.mediaType(original: invoice.container)
        // An XML invoice already in the asked syntax goes as it came: it is schema-valid (intake checked it), and
        // the buyer gets the supplier's own document, not a rewriting of it.
        let asDeposited = invoice.container == .xml && (format == .ubl && invoice.syntax == .ubl || format == .cii && invoice.syntax == .cii)
        guard let document = try await reader.document(invoice.id, scope: .all) else { throw ChannelDocumentError.missing(invoice.id) }
        if format == .original || asDeposited {
            return Rendered(data: document.bytes, mediaType: mediaType, fileExtension: suffix)
        }
        // The model read again from the document (parse and bind, no rules): several times cheaper than decoding the
        // stored JSON model, and it holds the attachments the stored model leaves to the document.
        let model: Invoice
        do { model = try reader.intake.read(document.bytes) } catch {
            throw ChannelDocumentError.notConvertible(invoice.id, format: format, reason: "its document cannot be read again: \(error)")
        }
        let data: Data
        switch format {
        case .original: data = Data()
        case .json: data = InvoiceConversion.jsonData(model)
        case .csv: data = csv.write(model, hub: ["buyer-siret": invoice.buyerSIRET ?? ""])
        case .ubl, .cii:
            do {
                data = try InvoiceConversion.write(model, as: .syntax(format == .ubl ? .ubl : .cii), with: mapper).data
            } catch {
                throw ChannelDocumentError.notConvertible(invoice.id, format: format, reason: error.description)
            }
        }
        return Rendered(data: data, mediaType: mediaType, fileExtension: suffix)
    }
}

/// Why an invoice could not be rendered for a channel.
public enum ChannelDocumentError: Error, Sendable, CustomStringConvertible {
    /// The invoice or its document is not in the store.
    case missing(InvoiceID)
    /// The model cannot be written in the format.
    case notConvertible(InvoiceID, format: DeliveryFormat, reason: String)

    public var description: String {
        switch self {
        case .missing(let id): "invoice \(id) or its document is not in the store"
        case .notConvertible(let id, let format, let reason): "invoice \(id) cannot be written as \(format.rawValue): \(reason)"
        }
    }
}
