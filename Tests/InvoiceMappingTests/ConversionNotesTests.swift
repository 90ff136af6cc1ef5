import Foundation
import InvoiceIntake
import InvoiceMapping
import InvoiceModel
import InvoiceRules
import InvoiceXML
import TestSupport
import Testing

/// What a syntax cannot carry is said, not written schema-invalid.
@Suite("Conversion notes")
struct ConversionNotesTests {
    static let example2 = ProjectFiles.en16931.appendingPathComponent("cii/examples/CII_example2.xml")

    @Test("a sales order without a purchase order gets UBL's NA order reference, and a note says so")
    func salesOrderOnly() throws {
        let mapper = try #require(Shared.mapper)
        let intake = try #require(Shared.intake)
        let cii = try ProjectFiles.edited(Self.example2, [(
            "<ram:BuyerOrderReferencedDocument>\n                <ram:IssuerAssignedID>123</ram:IssuerAssignedID>",
            "<ram:SellerOrderReferencedDocument>\n                <ram:IssuerAssignedID>SO-77</ram:IssuerAssignedID>"
        ), (
            "</ram:BuyerOrderReferencedDocument>\n            <ram:ContractReferencedDocument>",
            "</ram:SellerOrderReferencedDocument>\n            <ram:ContractReferencedDocument>"
        )])
        let invoice = try mapper.read(cii)
        #expect(invoice.root.values("BT-13").isEmpty && invoice.root.values("BT-14").first?.text == "SO-77")
        let result = try InvoiceConversion.write(invoice, as: .syntax(.ubl), with: mapper)
        #expect(result.notes.map(\.term) == ["BT-13"])
        #expect(result.notes.first?.english.contains("written though absent") == true)
        let tree = try XMLReader.read(result.data)
        let text = String(decoding: result.data, as: UTF8.self)
        #expect(text.contains("<cbc:ID>NA</cbc:ID>") && text.contains("<cbc:SalesOrderID>SO-77</cbc:SalesOrderID>"))
        #expect(tree.count > 0)
        let report = try intake.validate(xml: result.data)
        #expect(report.findings.filter { $0.rule.hasPrefix("XSD-") }.isEmpty, "\(report.findings.map(\.message.en))")
    }

    @Test("three preceding invoices become one in CII, and a note names BG-3")
    func precedingInvoices() throws {
        let mapper = try #require(Shared.mapper)
        let intake = try #require(Shared.intake)
        let invoice = try mapper.read(Data(contentsOf: ProjectFiles.en16931.appendingPathComponent("test/testfiles/Invoice-Max_content.xml")))
        let given = invoice.root.groups("BG-3").count
        try #require(given > 1)
        let result = try InvoiceConversion.write(invoice, as: .syntax(.cii), with: mapper)
        let note = try #require(result.notes.first { $0.term == "BG-3" })
        #expect(note.given == given && note.written == 1)
        #expect(note.french.contains("omis") && note.english.contains("left out"))
        #expect(try intake.validate(xml: result.data).fatal.isEmpty)
        #expect(try mapper.read(result.data).root.groups("BG-3").count == 1)
    }

    @Test("JSON carries everything: no notes")
    func jsonHasNoNotes() throws {
        let mapper = try #require(Shared.mapper)
        let invoice = try mapper.read(Data(contentsOf: ProjectFiles.en16931.appendingPathComponent("test/testfiles/Invoice-Max_content.xml")))
        #expect(try InvoiceConversion.write(invoice, as: .json, with: mapper).notes.isEmpty)
    }
}
