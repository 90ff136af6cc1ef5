import Foundation
import InvoiceIntake
import InvoiceModel
import InvoiceRules
import InvoiceXML
import TestSupport
import Testing

/// The pipeline's steps, one at a time and together: sniff, unwrap, parse, bind, validate.
@Suite("Intake")
struct IntakeTests {
    static let intake = Result { () throws(ResourceError) in try Intake() }
    static let kerbrat = ProjectFiles.fixtures.appendingPathComponent("invoices/atelier-kerbrat-FA-2026-0142.xml")
    static let creditNote = ProjectFiles.fixtures.appendingPathComponent("invoices/atelier-kerbrat-AV-2026-0009.xml")
    static let breizh = ProjectFiles.fixtures.appendingPathComponent("invoices/breizh-numerique-2026-1107.xml")
    static let minimumPDF = ProjectFiles.packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/facturx/horstoeko-zugferd/tests__assets__pdf_fx_minimum_1.pdf")

    @Test("sniff: a PDF header within the first kilobyte makes a PDF, anything else is XML")
    func sniff() {
        #expect(ContainerSniffer.container(of: Data("%PDF-1.7\n".utf8)) == .pdf)
        #expect(ContainerSniffer.container(of: Data(repeating: 0x20, count: 500) + Data("%PDF-1.4".utf8)) == .pdf)
        #expect(ContainerSniffer.container(of: Data(repeating: 0x20, count: 1100) + Data("%PDF-1.4".utf8)) == .xml)
        #expect(ContainerSniffer.container(of: Data("<Invoice/>".utf8)) == .xml)
        #expect(ContainerSniffer.container(of: Data()) == .xml)
    }

    @Test("parse: the root decides the syntax, by namespace and local name")
    func parse() throws {
        let parser = InvoiceParser()
        #expect(try parser.parse(Data(contentsOf: Self.kerbrat)).syntax == .ubl)
        #expect(try parser.parse(Data(contentsOf: Self.creditNote)).syntax == .ubl)
        #expect(try parser.parse(Data(contentsOf: Self.breizh)).syntax == .cii)
        #expect(throws: IntakeError.notAnInvoice(root: QName("", "Invoice"))) { try parser.parse(Data("<Invoice/>".utf8)) }
        let order = #"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>"#
        #expect(throws: IntakeError.notAnInvoice(root: QName("urn:oasis:names:specification:ubl:schema:xsd:Order-2", "Order"))) {
            try parser.parse(Data(order.utf8))
        }
        #expect(throws: IntakeError.unreadable(.empty)) { try parser.parse(Data()) }
    }

    @Test("take: XML invoices of both syntaxes come out in the model, with their EN 16931 report", arguments: [kerbrat, breizh])
    func takeXML(_ file: URL) throws {
        let intake = try Self.intake.get()
        let bytes = try Data(contentsOf: file)
        let checked = try intake.take(bytes)
        #expect(checked.container == .xml)
        #expect(checked.pdf == nil)
        #expect(checked.report.valid)
        #expect(checked.report.ruleSet == .en16931)
        #expect(checked.en16931 == checked.report)
        #expect(checked.invoice == (try intake.read(bytes)))
        #expect(checked.report == (try intake.validate(xml: bytes)))
        #expect(checked.invoice.number != nil)
    }

    @Test("take: a Factur-X MINIMUM PDF is unwrapped and judged by its profile, its EN 16931 verdict beside")
    func takePDF() throws {
        let intake = try Self.intake.get()
        let bytes = try Data(contentsOf: Self.minimumPDF)
        let checked = try intake.take(bytes)
        #expect(checked.container == .pdf)
        #expect(checked.syntax == .cii)
        #expect(checked.pdf?.attachment == "factur-x.xml")
        #expect(checked.pdf?.profile == .minimum)
        #expect(checked.report.ruleSet == .facturX(.minimum))
        #expect(checked.en16931.ruleSet == .en16931)
        #expect(checked.report.fatal == ["FX-PR-13"])
        #expect(!checked.en16931.valid)
        #expect(checked.invoice == (try intake.read(bytes)))
    }

    @Test("take: what is no invoice is a typed error with the codes of before")
    func refusals() throws {
        let intake = try Self.intake.get()
        let cases: [(Data, String)] = [
            (Data("<Invoice><cbc:ID>".utf8), "xml-not-well-formed"),
            (Data(#"<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>"#.utf8), "not-an-invoice"),
            (Data("%PDF-1.7\nnothing else".utf8), "pdf-damaged"),
        ]
        for (bytes, code) in cases {
            do {
                _ = try intake.take(bytes)
                Issue.record("taken in: \(code) expected")
            } catch {
                #expect(error.code == code)
            }
        }
    }
}
