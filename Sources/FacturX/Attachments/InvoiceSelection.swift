import InvoiceModel

/// Picks the invoice among the embedded files.
///
/// First the names Factur-X and ZUGFeRD define (`factur-x.xml`, `zugferd-invoice.xml`, `ZUGFeRD-invoice.xml`,
/// `xrechnung.xml`, in that order), then any XML attachment whose root is a CII or UBL invoice. ZUGFeRD 1.0
/// and Order-X documents are recognised and named in the error when nothing better is found.
struct InvoiceSelection {
    struct Choice {
        let index: Int
        let bytes: [UInt8]
        let syntax: InvoiceSyntax
        let rootName: String
        let rootNamespace: String
    }

    let file: PDFFile
    let entries: [EmbeddedFileCatalog.Entry]
    /// Decoded bytes, by entry index, for the attachments looked at.
    private(set) var decoded: [Int: [UInt8]] = [:]

    init(file: PDFFile, entries: [EmbeddedFileCatalog.Entry]) {
        self.file = file
        self.entries = entries
    }

    /// The invoice, or why there is none; throws only when reading the PDF itself fails.
    mutating func choose() throws(FacturXError) -> Result<Choice, FacturXError> {
        var tried: Set<Int> = []
        var problem: FacturXError? = nil
        var order: [Int] = []
        for name in FacturXReader.invoiceFileNames {
            order += entries.indices.filter { entries[$0].name == name }
        }
        let lowered = Set(FacturXReader.invoiceFileNames.map { $0.lowercased() })
        order += entries.indices.filter { lowered.contains(entries[$0].name.lowercased()) }
        let named = order.count
        order += entries.indices.filter { looksLikeXML(entries[$0]) }
        order += entries.indices
        for (position, index) in order.enumerated() where tried.insert(index).inserted {
            // The names the standards define must decode; other attachments may be damaged harmlessly.
            let bytes = position < named ? try decode(index) : try decodeTolerantly(index)
            guard let bytes else { continue }
            let (kind, local, namespace) = XMLRootSniffer.kind(of: bytes)
            switch kind {
            case .invoice(let syntax):
                return .success(Choice(index: index, bytes: bytes, syntax: syntax, rootName: local, rootNamespace: namespace))
            case .zugferd1: problem = problem ?? .zugferd1(attachment: entries[index].name)
            case .orderX: problem = problem ?? .orderX(attachment: entries[index].name)
            case .otherXML, .notXML: break
            }
        }
        return .failure(problem ?? .noInvoice)
    }

    private func looksLikeXML(_ entry: EmbeddedFileCatalog.Entry) -> Bool {
        entry.name.lowercased().hasSuffix(".xml") || (entry.subtype?.lowercased().contains("xml") ?? false)
    }

    /// The decoded bytes of entry `index`.
    mutating func decode(_ index: Int) throws(FacturXError) -> [UInt8] {
        if let bytes = decoded[index] { return bytes }
        guard case .stream(let stream) = entries[index].stream else { return [] }
        let bytes = try file.decodedData(of: stream)
        decoded[index] = bytes
        return bytes
    }

    /// The decoded bytes, or nil when the stream cannot be decoded (limits still throw).
    mutating func decodeTolerantly(_ index: Int) throws(FacturXError) -> [UInt8]? {
        do throws(FacturXError) {
            return try decode(index)
        } catch {
            if error.isLimit { throw error }
            return nil
        }
    }
}
