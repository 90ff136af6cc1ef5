public import Foundation
import FacturX

/// Step 1, sniff: is it a PDF, or XML?
///
/// Only the container is judged from the raw bytes. Which syntax the XML is (a UBL Invoice or CreditNote, a CII
/// invoice, something else) is judged on the parsed root (`InvoiceParser`), so that XML that is not well-formed
/// is reported as such rather than as "not an invoice"; inside a PDF, the reader picks the attachment by its
/// root with the same `InvoiceSyntax`.
public enum ContainerSniffer {
    /// The container of `bytes`: a PDF when `%PDF-` starts within the first kilobyte, as PDF readers accept it.
    public static func container(of bytes: Data) -> InvoiceContainer {
        FacturXReader.looksLikePDF(bytes) ? .pdf : .xml
    }
}
