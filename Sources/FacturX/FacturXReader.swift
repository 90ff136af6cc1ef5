public import Foundation

/// Reads Factur-X, ZUGFeRD 2 and XRechnung PDFs: finds the embedded invoice and the XMP declaration.
///
/// ```swift
/// let document = try FacturXReader.read(pdfBytes)
/// validate(document.invoice.xml)          // the CII or UBL invoice
/// report.add(document.findings)           // FX-… container checks
/// ```
public enum FacturXReader {
    /// The invoice attachment names Factur-X and ZUGFeRD define, in the order they are preferred.
    public static let invoiceFileNames = ["factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"]

    /// Whether `data` looks like a PDF (`%PDF-` within its first 1024 bytes, as readers accept it): lets a
    /// caller route bytes to this reader or to the XML one.
    public static func looksLikePDF(_ data: Data) -> Bool {
        // `memchr` and `memcmp`: `Data.range(of:)` costs some 25,000 instructions on these 1,024 bytes, for every deposit.
        let signature: StaticString = "%PDF-"
        let length = signature.utf8CodeUnitCount
        return data.prefix(1024).withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, bytes.count >= length else { return false }
            var offset = 0
            while offset <= bytes.count - length, let hit = memchr(base + offset, 0x25, bytes.count - length + 1 - offset) {
                if memcmp(hit, signature.utf8Start, length) == 0 { return true }
                offset = UnsafeRawPointer(hit) - base + 1
            }
            return false
        }
    }

    /// Reads a PDF that must carry an invoice.
    /// - Throws: `FacturXError`: the PDF's own problems, or `noInvoice`, `zugferd1`, `orderX` when it carries
    ///   no EN 16931 invoice.
    public static func read(_ data: Data, limits: FacturXLimits = .default) throws(FacturXError) -> FacturXDocument {
        let container = try inspect(data, limits: limits, readingAllAttachments: false)
        guard let invoice = container.invoice else { throw container.invoiceProblem ?? .noInvoice }
        return FacturXDocument(container: container, invoice: invoice)
    }

    /// Reads the PDF at `url`, refusing a file over `limits.maxInputBytes` before reading it.
    public static func read(contentsOf url: URL, limits: FacturXLimits = .default) throws(FacturXError) -> FacturXDocument {
        try read(loadFile(url, limits: limits), limits: limits)
    }

    /// Describes what a PDF holds, invoice or not.
    /// - Parameter readingAllAttachments: decode every attachment's bytes (else only those needed to find the invoice).
    /// - Throws: `FacturXError` when the PDF itself cannot be read (never for a missing invoice: see `invoiceProblem`).
    public static func inspect(
        _ data: Data, limits: FacturXLimits = .default, readingAllAttachments: Bool = true
    ) throws(FacturXError) -> FacturXContainer {
        guard data.count <= limits.maxInputBytes else { throw .tooLarge(size: data.count, limit: limits.maxInputBytes) }
        let result = data.withUnsafeBytes { raw in
            Result { () throws(FacturXError) -> FacturXContainer in
                try inspect(raw, limits: limits, readingAllAttachments: readingAllAttachments)
            }
        }
        return try result.get()
    }

    /// Describes the PDF at `url`, refusing a file over `limits.maxInputBytes` before reading it.
    public static func inspect(
        contentsOf url: URL, limits: FacturXLimits = .default, readingAllAttachments: Bool = true
    ) throws(FacturXError) -> FacturXContainer {
        try inspect(loadFile(url, limits: limits), limits: limits, readingAllAttachments: readingAllAttachments)
    }

    /// Reads a file after checking its size on disk.
    static func loadFile(_ url: URL, limits: FacturXLimits) throws(FacturXError) -> Data {
        do {
            let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= limits.maxInputBytes else { throw FacturXError.tooLarge(size: size, limit: limits.maxInputBytes) }
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch let error as FacturXError {
            throw error
        } catch {
            throw .unreadableFile(reason: (error as NSError).localizedDescription)
        }
    }

    // MARK: Reading

    private static func inspect(
        _ raw: UnsafeRawBufferPointer, limits: FacturXLimits, readingAllAttachments: Bool
    ) throws(FacturXError) -> FacturXContainer {
        let file = try PDFFile(raw, limits: limits)
        guard let catalog = try file.dictionary(file.trailer["Root"]) else { throw .damaged(reason: "the document catalog is missing") }
        let catalogFiles = try EmbeddedFileCatalog(file: file, catalog: catalog)
        var selection = InvoiceSelection(file: file, entries: catalogFiles.entries)
        let choice = try selection.choose()
        var attachments: [EmbeddedFile] = []
        for (index, entry) in catalogFiles.entries.enumerated() {
            var bytes = selection.decoded[index]
            if bytes == nil, readingAllAttachments { bytes = try selection.decodeTolerantly(index) }
            attachments.append(
                EmbeddedFile(
                    name: entry.name, relationship: entry.relationship, subtype: entry.subtype, description: entry.description,
                    declaredSize: entry.declaredSize, inNameTree: entry.inNameTree, inAssociatedFiles: entry.inAssociatedFiles,
                    bytes: bytes.map { Data($0) }))
        }
        let xmp = try readXMP(file: file, catalog: catalog)
        var invoice: EmbeddedInvoice? = nil
        var problem: FacturXError? = nil
        switch choice {
        case .success(let chosen):
            var xml = chosen.bytes
            if xml.count >= 3, xml[0] == 0xEF, xml[1] == 0xBB, xml[2] == 0xBF { xml.removeFirst(3) }
            invoice = EmbeddedInvoice(
                attachment: attachments[chosen.index], syntax: chosen.syntax, rootName: chosen.rootName,
                rootNamespace: chosen.rootNamespace, xml: Data(xml))
        case .failure(let error):
            problem = error
        }
        return FacturXContainer(
            pdfVersion: try version(file: file, catalog: catalog),
            revisions: revisions(file),
            linearized: file.linearized,
            recovered: file.recovered,
            attachments: attachments,
            xmp: xmp,
            invoice: invoice,
            invoiceProblem: problem,
            findings: invoice.map { ContainerFindings.check(invoice: $0.attachment, xmp: xmp) } ?? [])
    }

    /// The catalog's `/Metadata` stream, scanned; nil when absent or unreadable (a damaged XMP is not fatal).
    private static func readXMP(file: PDFFile, catalog: PDFDictionary) throws(FacturXError) -> XMPMetadata? {
        guard let value = catalog["Metadata"], case .stream(let stream) = try file.resolve(value) else { return nil }
        do throws(FacturXError) {
            return XMPScanner.scan(try file.decodedData(of: stream))
        } catch {
            if error.isLimit { throw error }
            return nil
        }
    }

    /// The header's version, or the catalog's `/Version` when it is newer (PDF 1.4 and later allow that).
    private static func version(file: PDFFile, catalog: PDFDictionary) throws(FacturXError) -> String {
        let header = file.headerVersion
        guard let declared = try file.resolve(catalog["Version"] ?? .null).name else { return header }
        let newer = declared.split(separator: ".").compactMap { Int($0) }
        let current = header.split(separator: ".").compactMap { Int($0) }
        return newer.lexicographicallyPrecedes(current) || newer.isEmpty ? header : declared
    }

    /// The revisions the newest cross-reference section chains to through `/Prev` (a linearized file's
    /// first-page section is not one). Counting `startxref` keywords instead would be fooled by a PDF
    /// embedded uncompressed as an attachment, whose own `startxref`s sit in the outer file.
    private static func revisions(_ file: PDFFile) -> Int {
        if file.recovered { return 1 }
        let sections = file.crossReference.sections.count
        return max(1, file.linearized && sections > 1 ? sections - 1 : sections)
    }
}
