import Foundation
import InvoiceModel
import Testing

@Suite("Invoice syntax")
struct InvoiceSyntaxTests {
    @Test("the roots of UBL invoices and credit notes and of CII invoices, by namespace and local name")
    func roots() {
        #expect(InvoiceSyntax(rootNamespace: InvoiceSyntax.ublInvoiceNamespace, localName: "Invoice") == .ubl)
        #expect(InvoiceSyntax(rootNamespace: InvoiceSyntax.ublCreditNoteNamespace, localName: "CreditNote") == .ubl)
        #expect(InvoiceSyntax(rootNamespace: InvoiceSyntax.ciiNamespace, localName: "CrossIndustryInvoice") == .cii)
        #expect(InvoiceSyntax(rootNamespace: "", localName: "Invoice") == nil)
        #expect(InvoiceSyntax(rootNamespace: InvoiceSyntax.ublInvoiceNamespace, localName: "CreditNote") == nil)
        #expect(InvoiceSyntax(rootNamespace: InvoiceSyntax.ublCreditNoteNamespace, localName: "Invoice") == nil)
        #expect(InvoiceSyntax(rootNamespace: InvoiceSyntax.ciiNamespace, localName: "CrossIndustryDocument") == nil)
    }

    @Test("Codable as ubl and cii")
    func codable() throws {
        #expect(String(decoding: try JSONEncoder().encode([InvoiceSyntax.ubl, .cii]), as: UTF8.self) == #"["ubl","cii"]"#)
        #expect(try JSONDecoder().decode(InvoiceSyntax.self, from: Data(#""cii""#.utf8)) == .cii)
    }
}
