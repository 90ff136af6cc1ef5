import FacturX
import Foundation
import Testing

/// What `hermine extract` prints, built by the library.
@Suite("Extraction report")
struct ExtractionReportTests {
    @Test("the text names the PDF version, revisions, attachments, the invoice and the XMP fields")
    func humanText() {
        let report = ExtractionReport.run(FixtureLocation.fixtures.appendingPathComponent("incremental-updates.pdf").path)
        let text = report.humanText()
        #expect(report.hasInvoice)
        #expect(text.contains("PDF 1.7, 3 revisions"))
        #expect(text.contains("factur-x.xml  647 bytes  relationship: Alternative  type: text/xml  (EmbeddedFiles, AF)"))
        #expect(text.contains("invoice: factur-x.xml (CII CrossIndustryInvoice, 647 bytes)"))
        #expect(text.contains("ConformanceLevel=EXTENDED"))
    }

    @Test("the JSON line carries the same facts, and errors with their code")
    func json() throws {
        let report = ExtractionReport.run(FixtureLocation.fixtures.appendingPathComponent("nested-name-tree.pdf").path)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonLine().utf8)) as? [String: Any])
        #expect((object["attachments"] as? [Any])?.count == 5)
        #expect((object["invoice"] as? [String: Any])?["name"] as? String == "factur-x.xml")
        #expect((object["xmp"] as? [String: String])?["pdfaid_part"] == "3")
        #expect((object["findings"] as? [[String: Any]])?.first?["id"] as? String == "FX-06")

        let failed = ExtractionReport.run(FixtureLocation.fixtures.appendingPathComponent("encrypted.pdf").path)
        let error = try #require(try JSONSerialization.jsonObject(with: Data(failed.jsonLine().utf8)) as? [String: Any])
        #expect((error["error"] as? [String: String])?["code"] == "pdf-encrypted")
        #expect(!failed.hasInvoice)
    }
}
