import FacturX
import Foundation
import InvoiceModel
import Testing

/// PDFs built by `Fixtures/make_fixtures.py` with the structures the shared corpus lacks.
@Suite("PDF structures: object streams, xref streams, updates, name trees, recovery")
struct FixtureTests {
    /// Reads fixture `name` and returns its invoice's `ExchangedDocument/ID` (BT-1), which names the fixture's revision.
    private func invoiceNumber(_ name: String) throws -> (FacturXDocument, String) {
        let document = try FacturXReader.read(FixtureLocation.fixture(name))
        let xml = String(decoding: document.invoice.xml, as: UTF8.self)
        let start = try #require(xml.range(of: "<rsm:ExchangedDocument><ram:ID>"))
        let end = try #require(xml.range(of: "</ram:ID>", range: start.upperBound..<xml.endIndex))
        return (document, String(xml[start.upperBound..<end.lowerBound]))
    }

    @Test("a classic cross-reference table")
    func classic() throws {
        let (document, number) = try invoiceNumber("classic.pdf")
        #expect(number == "CLASSIC-1")
        #expect(document.container.pdfVersion == "1.7")
        #expect(document.container.revisions == 1)
        #expect(!document.container.recovered)
        #expect(document.findings.isEmpty)
    }

    @Test("object streams and a cross-reference stream with the PNG predictor (written by qpdf)")
    func objectStreams() throws {
        let raw = try FixtureLocation.fixture("object-streams.pdf")
        #expect(raw.range(of: Data("/ObjStm".utf8)) != nil)
        #expect(raw.range(of: Data("/Predictor 12".utf8)) != nil)
        let (document, number) = try invoiceNumber("object-streams.pdf")
        #expect(number == "CLASSIC-1")
        #expect(!document.container.recovered)
        #expect(document.xmp?.conformanceLevel == "EN 16931")
    }

    @Test("a hybrid file: objects listed only in the /XRefStm stream, held in an object stream")
    func hybrid() throws {
        let (document, number) = try invoiceNumber("hybrid-xref.pdf")
        #expect(number == "HYBRID-1")
        #expect(!document.container.recovered)
        #expect(document.invoice.attachment.inAssociatedFiles)
    }

    @Test("three revisions: the newest invoice stream and XMP win")
    func incrementalUpdates() throws {
        let (document, number) = try invoiceNumber("incremental-updates.pdf")
        #expect(number == "REV-3")
        #expect(document.container.revisions == 3)
        #expect(document.xmp?.conformanceLevel == "EXTENDED")
    }

    @Test("a linearized file counts as one revision")
    func linearized() throws {
        let (document, number) = try invoiceNumber("linearized.pdf")
        #expect(number == "REV-3")
        #expect(document.container.linearized)
        #expect(document.container.revisions == 1)
    }

    @Test("a nested, unsorted name tree: every leaf is visited, in tree order")
    func nestedNameTree() throws {
        let (document, number) = try invoiceNumber("nested-name-tree.pdf")
        #expect(number == "TREE-1")
        let container = try FacturXReader.inspect(FixtureLocation.fixture("nested-name-tree.pdf"))
        #expect(container.attachments.map(\.name) == ["z.txt", "factur-x.xml", "c.xml", "b.txt", "a.txt"])
        #expect(container.attachments.first?.bytes == Data("zed".utf8))
        // `read` decodes only what it needs to find the invoice.
        #expect(document.container.attachments.first?.bytes == nil)
        // The invoice is not in /AF here: reported, not fatal.
        #expect(document.findings.map(\.id) == ["FX-06"])
    }

    @Test("a Flate-compressed XMP stream")
    func compressedXMP() throws {
        let (document, number) = try invoiceNumber("compressed-xmp.pdf")
        #expect(number == "XMPZ-1")
        #expect(document.xmp?.documentFileName == "factur-x.xml")
        #expect(document.xmp?.pdfaPart == "3")
        #expect(document.xmp?.pdfaConformance == "B")
    }

    @Test("a startxref pointing at the wrong place: the table is rebuilt by scanning")
    func brokenStartXRef() throws {
        let (document, number) = try invoiceNumber("broken-startxref.pdf")
        #expect(number == "BROKEN-1")
        #expect(document.container.recovered)
    }

    @Test("no cross-reference table at all: the table is rebuilt by scanning")
    func noCrossReference() throws {
        let (document, number) = try invoiceNumber("no-xref-table.pdf")
        #expect(number == "NOXREF-1")
        #expect(document.container.recovered)
    }

    @Test("a /Length past the end of the file: the data runs to endstream")
    func lyingLength() throws {
        let (_, number) = try invoiceNumber("lying-length.pdf")
        #expect(number == "LENGTH-1")
    }

    @Test("a UBL invoice under another name, only in /AF, its /UF in UTF-16BE; the UTF-8 BOM is stripped")
    func associatedUBL() throws {
        let document = try FacturXReader.read(FixtureLocation.fixture("af-only-ubl.pdf"))
        #expect(document.invoice.name == "facture-é.xml")
        #expect(document.invoice.syntax == .ubl)
        #expect(document.invoice.rootName == "Invoice")
        #expect(document.invoice.xml.first == UInt8(ascii: "<"))
        #expect(document.invoice.attachment.bytes?.count == document.invoice.xml.count + 3)
        #expect(document.invoice.attachment.relationship == "Data")
        #expect(document.container.attachments.map(\.name) == ["facture-é.xml", "readme.txt"])
        #expect(Set(document.findings.map(\.id)) == ["FX-01", "FX-05"])
    }

    @Test("an encrypted PDF is refused as encrypted")
    func encrypted() throws {
        #expect(throws: FacturXError.encrypted) { try FacturXReader.read(FixtureLocation.fixture("encrypted.pdf")) }
    }

    @Test("an invoice stream with a filter other than Flate names the filter")
    func unsupportedFilter() throws {
        #expect(throws: FacturXError.unsupportedFilter("ASCIIHexDecode")) {
            try FacturXReader.read(FixtureLocation.fixture("unsupported-filter.pdf"))
        }
    }

    @Test("the generator script and every PDF it makes are committed")
    func fixturesArePresent() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: FixtureLocation.fixtures.path)
        #expect(names.filter { $0.hasSuffix(".pdf") }.count == 14)
        #expect(
            FileManager.default.fileExists(
                atPath: FixtureLocation.fixtures.deletingLastPathComponent().appendingPathComponent("make_fixtures.py").path))
    }
}
