import Foundation
import InvoiceMapping
import InvoiceModel
import TestSupport
import Testing

@Suite("Reading corpus invoices")
struct ReadingTests {
    static func read(_ file: String) throws -> Invoice {
        let mapper = try #require(Shared.mapper)
        return try mapper.read(Data(contentsOf: ProjectFiles.en16931.appendingPathComponent(file)))
    }

    @Test("UBL Invoice-Max_content: document level terms")
    func ublDocument() throws {
        let invoice = try Self.read("test/testfiles/Invoice-Max_content.xml")
        #expect(invoice.number == "2018210")
        #expect(invoice.issueDate == CalendarDate(year: 2018, month: 2, day: 8))
        #expect(invoice.typeCode == "380")
        #expect(invoice.currency == "SEK")
        #expect(invoice.vatAccountingCurrency == "EUR")
        #expect(invoice.dueDate == CalendarDate(year: 2018, month: 3, day: 7))
        #expect(invoice.taxPointDate == CalendarDate(year: 2018, month: 2, day: 8))
        #expect(invoice.buyerReference == "Buyer reference")
        #expect(invoice.projectReference == "Project 99")
        #expect(invoice.purchaseOrderReference == "20180117")
        #expect(invoice["BT-18"]?.identifier == Identifier(value: "ABC123", scheme: "VT"))
        #expect(invoice.specification == "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0")
        #expect(invoice.notes.first?.text == "Document level Note\nLine break should be respected here.")
        #expect(invoice.precedingInvoices.map(\.number) == ["Preceding invoice no.1", "Preceding invoice no.2"])
        #expect(invoice.precedingInvoices.first?.issueDate == CalendarDate(year: 2018, month: 1, day: 31))
    }

    @Test("UBL Invoice-Max_content: parties, with identifiers and their schemes")
    func ublParties() throws {
        let invoice = try Self.read("test/testfiles/Invoice-Max_content.xml")
        let seller = try #require(invoice.seller)
        #expect(seller.name == "The Global Chain Sweden AB")
        #expect(seller.tradingName == "Global Trade Chain")
        #expect(seller.identifiers == [Identifier(value: "7350000001204", scheme: "0088"), Identifier(value: "BilateralID")])
        #expect(seller.legalRegistration == Identifier(value: "1234567890", scheme: "0007"))
        #expect(seller.vatIdentifier == "SE123456789001")
        #expect(seller.taxRegistration == "Godkänd för F-skatt")
        #expect(seller.electronicAddress == Identifier(value: "1234567890", scheme: "0007"))
        #expect(seller.address?.lines == ["Streetname-line1", "AddStreetname-line2", "Address-line3"])
        #expect(seller.address?.countryCode == "SE")
        #expect(seller.contact?.email == "info@UCS.se")
        let buyer = try #require(invoice.buyer)
        #expect(buyer.name == "Project services AB")
        #expect(buyer.identifiers == [Identifier(value: "7350000001228", scheme: "0088")])
        #expect(buyer.vatIdentifier == "SE123451234501")
        #expect(invoice.payee?.name == "Finansiell Support u.p.a.")
        #expect(invoice.taxRepresentative?.vatIdentifier == "SE998877665501")
        #expect(invoice.delivery?.locationID == Identifier(value: "7350000001211", scheme: "0088"))
        #expect(invoice.delivery?.periodStart == CalendarDate(year: 2018, month: 2, day: 1))
    }

    @Test("UBL Invoice-Max_content: amounts as exact decimals, payment, allowances, lines")
    func ublAmountsAndLines() throws {
        let invoice = try Self.read("test/testfiles/Invoice-Max_content.xml")
        let totals = try #require(invoice.totals)
        #expect(totals.lineNetSum == ExactDecimal(10000))
        #expect(totals.vatTotal == ExactDecimal(2500))
        #expect(totals.vatTotalInAccountingCurrency == ExactDecimal(249))
        #expect(totals.taxInclusive == ExactDecimal(12500))
        #expect(totals.amountDue == ExactDecimal(12500))
        #expect(invoice.vatBreakdown.count == 2)
        #expect(invoice.vatBreakdown.last?.exemptionReasonCode == "vatex-eu-132-1g")
        #expect(invoice.allowances.first?.reasonCode == "95")
        #expect(invoice.charges.first?.reason == "Warehousing")
        #expect(invoice.allowances.first?.vatCategory == "E")
        let payment = try #require(invoice.paymentInstructions)
        #expect(payment.meansCode == "30")
        #expect(payment.meansText == "Credit transfer")
        #expect(payment.remittanceInformation == "1800355")
        #expect(payment.creditTransferAccounts.count == 4)
        let attachment = try #require(invoice.attachments.last(where: { $0.document != nil }))
        #expect(attachment.document?.mimeCode == "text/csv")
        #expect(attachment.document?.filename == "testfilnamn.abc")
        #expect(attachment.document?.base64 == "01234567")
        #expect(invoice.lines.count == 2)
        let line = try #require(invoice.lines.first)
        #expect(line.id == "1")
        #expect(line.quantity == ExactDecimal(500))
        #expect(line.unitCode == "MTR")
        #expect(line.netPrice == ExactDecimal(20))
        #expect(line.grossPrice?.description == "20.50")
        #expect(line.priceDiscount?.description == "0.50")
        #expect(line.vatCategory == "S")
        #expect(line.itemName == "Universal product")
        #expect(line.standardItemID == Identifier(value: "17350053850016", scheme: "0088"))
        let classifications = line.group.group("BG-31")?.values("BT-158").map(\.identifier)
        #expect(classifications == [
            Identifier(value: "9873242", scheme: "SSR", schemeVersion: "1.0"), Identifier(value: "SST3242", scheme: "SST"),
        ])
        #expect(line.allowances.first?.reasonCode == "95")
        #expect(line.group["BT-128"]?.identifier == Identifier(value: "130-DR35141", scheme: "ABZ"))
    }

    @Test("CII: dates from format 102, subject codes, decimals keep their scale")
    func cii() throws {
        let invoice = try Self.read("cii/examples/CII_business_example_02.xml")
        #expect(invoice.notes.first?.subjectCode == "REG")
        #expect(invoice.notes.first?.text == "TEXT")
        #expect(invoice.delivery?.periodStart == CalendarDate(year: 2013, month: 1, day: 1))
        #expect(invoice.paymentInstructions?.meansCode == "30")
        #expect(invoice.paymentInstructions?.creditTransferAccounts == ["DK1212341234123412"])
        #expect(invoice.totals?.vatTotal?.description == "1.90")
        #expect(invoice.lines.count == 3)
        #expect(invoice.lines.first?.quantity?.description == "1.0000")
        #expect(invoice.lines.first?.netPrice?.description == "1.2605")
        #expect(invoice.seller?.address?.postCode == "10369")
    }

    @Test("CII: seller identifiers with a scheme come from GlobalID, without from ID")
    func ciiIdentifiers() throws {
        let invoice = try Self.read("cii/examples/CII_example5.xml")
        let seller = try #require(invoice.seller)
        #expect(!seller.identifiers.isEmpty)
        #expect(invoice.lines.allSatisfy { $0.vatCategory != nil })
    }
}
