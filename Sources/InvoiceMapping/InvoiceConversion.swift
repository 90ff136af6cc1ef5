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

    /// Writes `invoice` as `target`.
    public static func write(_ invoice: Invoice, as target: Target, with mapper: InvoiceMapper) throws(MappingError) -> Data {
        switch target {
        case .syntax(let syntax): return try mapper.write(invoice, as: syntax)
        case .json: return jsonData(invoice)
        }
    }

    /// The invoice as pretty-printed JSON (`InvoiceJSON`, attachments inline), ending with a newline.
    public static func jsonData(_ invoice: Invoice) -> Data {
        InvoiceJSON.encode(invoice, layout: .pretty)
    }
}
