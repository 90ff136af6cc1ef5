public import Foundation
public import InvoiceModel
import StableJSON

/// Writing an invoice of the model out again, as `hermine convert` and the API's normalised invoice do it:
/// in a syntax, or as the model's JSON.
public enum InvoiceConversion {
    /// What to write an invoice as.
    public enum Target: Sendable, Hashable {
        /// A syntax (UBL: an Invoice or a CreditNote, by the type code BT-3).
        case syntax(InvoiceSyntax)
        /// The EN 16931 business terms as JSON (`InvoiceJSON`).
        case json

        /// `ubl`, `cii` or `json`; nil for anything else.
        public init?(_ name: String) {
            if name == "json" {
                self = .json
            } else if let syntax = InvoiceSyntax(rawValue: name) {
                self = .syntax(syntax)
            } else {
                return nil
            }
        }
    }

    /// A converted invoice.
    public struct Result: Sendable {
        /// The document.
        public let data: Data
        /// What the target syntax could not carry as it was (empty for JSON, which carries everything).
        public let notes: [ConversionNote]
    }

    /// Writes `invoice` as `target`, schema-valid: what the syntax cannot carry is left out and said in `notes`.
    public static func write(_ invoice: Invoice, as target: Target, with mapper: InvoiceMapper) throws(MappingError) -> Result {
        switch target {
        case .syntax(let syntax):
            let binding = try mapper.binding(writing: invoice, as: syntax)
            return Result(data: try binding.write(invoice).data, notes: binding.conversionNotes(invoice, terms: mapper.terms))
        case .json: return Result(data: jsonData(invoice), notes: [])
        }
    }

    /// The invoice as pretty-printed JSON (`InvoiceJSON`, attachments inline), ending with a newline.
    public static func jsonData(_ invoice: Invoice) -> Data {
        InvoiceJSON.encode(invoice, layout: .pretty)
    }
}
