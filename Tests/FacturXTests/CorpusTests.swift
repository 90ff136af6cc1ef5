import FacturX
import Foundation
import InvoiceModel
import Testing

/// One line of `../shared/corpus/facturx/expected.jsonl`.
struct CorpusEntry: Sendable, CustomTestStringConvertible {
    let file: String
    /// Attachment name → SHA-256 of its decoded bytes; nil where the reference library could not open the file.
    let attachments: [String: String]?
    let invoiceXML: String?
    let invoiceRoot: String?
    let xmp: [String: String]

    var testDescription: String { file }

    static let all: [CorpusEntry] = {
        guard let text = try? String(contentsOf: FixtureLocation.corpus.appendingPathComponent("expected.jsonl"), encoding: .utf8) else {
            return []
        }
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return CorpusEntry(
                file: object["file"] as? String ?? "",
                attachments: object["attachments"] as? [String: String],
                invoiceXML: object["invoice_xml"] as? String,
                invoiceRoot: object["invoice_root"] as? String,
                xmp: object["xmp"] as? [String: String] ?? [:])
        }
    }()

    /// Files carrying both a ZUGFeRD 1.0 `ZUGFeRD-invoice.xml` and a CII `factur-x.xml`, where the corpus
    /// names the former as the invoice. Hermine prefers `factur-x.xml` (the order the issue sets), which is
    /// also the document the official verdicts for these files were computed on (they are `pdf+cii`, valid).
    static let prefersFacturX: Set<String> = [
        "mustangproject/validator__src__test__resources__validV2PDF.pdf",
        "mustangproject/validator__src__test__resources__invalidXMP.pdf",
        "mustangproject/validator__src__test__resources__invalidXMP-ParseError.pdf",
    ]
}

@Suite("Factur-X corpus: every PDF of ../shared/corpus/facturx")
struct CorpusTests {
    @Test("the corpus is where the tests expect it")
    func corpusIsPresent() {
        #expect(
            CorpusEntry.all.count >= 50,
            "expected ../shared/corpus/facturx/expected.jsonl at \(FixtureLocation.corpus.path)")
    }

    @Test("attachments, their SHA-256, the invoice choice and the XMP fields match the corpus", arguments: CorpusEntry.all)
    func matchesExpectations(_ entry: CorpusEntry) throws {
        let url = FixtureLocation.corpus.appendingPathComponent(entry.file)
        guard let expectedAttachments = entry.attachments else {
            // The reference library could not open it: Hermine must refuse it with a typed error too.
            #expect(throws: FacturXError.self) { try FacturXReader.inspect(contentsOf: url) }
            return
        }
        let container = try FacturXReader.inspect(contentsOf: url)

        // Every attachment, found through the name tree or /AF, with the bytes the reference library found.
        #expect(Set(container.attachments.map(\.name)) == Set(expectedAttachments.keys))
        for attachment in container.attachments {
            let digest = try #require(attachment.bytes.map(SHA256.hex), "\(attachment.name) was not decoded")
            #expect(digest == expectedAttachments[attachment.name], "SHA-256 of \(attachment.name)")
        }

        // XMP fields.
        let xmp = container.xmp
        #expect(xmp?.documentType == entry.xmp["DocumentType"])
        #expect(xmp?.documentFileName == entry.xmp["DocumentFileName"])
        #expect(xmp?.version == entry.xmp["Version"])
        #expect(xmp?.conformanceLevel == entry.xmp["ConformanceLevel"])

        // The invoice, or the right reason for its absence.
        switch (entry.invoiceXML, entry.invoiceRoot) {
        case (nil, _):
            #expect(container.invoice == nil)
            #expect(container.invoiceProblem == .noInvoice)
            #expect(throws: FacturXError.noInvoice) { try FacturXReader.read(Data(contentsOf: url)) }
        case (let name?, _) where CorpusEntry.prefersFacturX.contains(entry.file):
            let invoice = try #require(container.invoice)
            #expect(invoice.name == "factur-x.xml", "\(name) is ZUGFeRD 1.0; factur-x.xml comes first")
            #expect(invoice.syntax == .cii)
            #expect(invoice.attachment.bytes.map(SHA256.hex) == expectedAttachments["factur-x.xml"])
        case (let name?, "CrossIndustryDocument"):
            #expect(container.invoice == nil)
            #expect(container.invoiceProblem == .zugferd1(attachment: name))
        case (let name?, "SCRDMCCBDACIOMessageStructure"):
            #expect(container.invoice == nil)
            #expect(container.invoiceProblem == .orderX(attachment: name))
        case (let name?, let root):
            let document = try FacturXReader.read(Data(contentsOf: url))
            #expect(document.invoice.name == name)
            #expect(document.invoice.rootName == root)
            // The extracted bytes are the attachment's, byte for byte; `xml` only drops a UTF-8 BOM.
            #expect(document.invoice.attachment.bytes.map(SHA256.hex) == expectedAttachments[name])
            let bytes = try #require(document.invoice.attachment.bytes)
            let bom = Data([0xEF, 0xBB, 0xBF])
            #expect(document.invoice.xml == (bytes.starts(with: bom) ? bytes.dropFirst(3) : bytes))
        }
    }

    @Test("the invoice reachable only through /AF is found")
    func associatedFilesOnly() throws {
        let url = FixtureLocation.corpus.appendingPathComponent("mustangproject/validator__src__test__resources__corruptedV2PDF.pdf")
        let document = try FacturXReader.read(Data(contentsOf: url))
        #expect(document.invoice.name == "factur-x.xml")
        #expect(document.invoice.attachment.inAssociatedFiles)
        #expect(!document.invoice.attachment.inNameTree)
    }
}
