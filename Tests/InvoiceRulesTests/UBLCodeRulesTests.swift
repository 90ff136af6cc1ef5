import Foundation
import Testing

@Suite("UBL code-list rules (Codesmodel)")
struct UBLCodeRulesTests {
    @Test("document type codes come from the invoice list for an invoice and the credit-note list for a credit note")
    func documentTypeCodes() throws {
        #expect(
            try UBLSample.fatal(
                UBLSample.invoice(("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCode>381</cbc:InvoiceTypeCode>")))
                == ["BR-CL-01"])
        #expect(
            try UBLSample.fatal(
                UBLSample.invoice(("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>", "<cbc:InvoiceTypeCode> 389 </cbc:InvoiceTypeCode>"))
            ).isEmpty)
        let credit = try UBLSample.fixture("valid/minimal-credit-note.xml")
        #expect(
            try UBLSample.fatal(
                UBLSample.edited(
                    credit,
                    [("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>", "<cbc:CreditNoteTypeCode>380</cbc:CreditNoteTypeCode>")]))
                == ["BR-CL-01"])
    }

    @Test("an amount without a currency fails BR-CL-03; an unknown currency fails BR-CL-04")
    func currencies() throws {
        #expect(try UBLSample.fatal(UBLSample.invoice(("<cbc:PriceAmount currencyID=\"EUR\">", "<cbc:PriceAmount>"))) == ["BR-CL-03"])
        #expect(
            try UBLSample.fatal(
                UBLSample.invoice(
                    (
                        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
                        "<cbc:DocumentCurrencyCode>EURO</cbc:DocumentCurrencyCode>"
                    ))
            ).contains("BR-CL-04"))
    }

    @Test("a value with an inner space is never a code, even when each part is")
    func innerSpace() throws {
        let found = try UBLSample.fatal(
            UBLSample.invoice(("<cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>", "<cbc:PaymentMeansCode>30 58</cbc:PaymentMeansCode>")))
        #expect(found.contains("BR-CL-16"))
    }

    @Test("SEPA is an identifier scheme for the seller and payee only")
    func sepaCreditorIdentifier() throws {
        let seller = try UBLSample.invoice(
            (
                "<cbc:EndpointID schemeID=\"0009\">12345678900017</cbc:EndpointID>",
                "<cbc:EndpointID schemeID=\"0009\">12345678900017</cbc:EndpointID>\n      <cac:PartyIdentification><cbc:ID schemeID=\"SEPA\">FR12ZZZ123456</cbc:ID></cac:PartyIdentification>"
            ))
        #expect(try !UBLSample.fatal(seller).contains("BR-CL-10"))
        let buyer = try UBLSample.invoice(
            (
                "<cbc:EndpointID schemeID=\"0009\">21850109600018</cbc:EndpointID>",
                "<cbc:EndpointID schemeID=\"0009\">21850109600018</cbc:EndpointID>\n      <cac:PartyIdentification><cbc:ID schemeID=\"SEPA\">FR12ZZZ123456</cbc:ID></cac:PartyIdentification>"
            ))
        #expect(try UBLSample.fatal(buyer).contains("BR-CL-10"))
    }

    @Test("exemption reason codes match case-insensitively; MIME codes must match exactly")
    func caseOfCodes() throws {
        let exempt = try UBLSample.invoice(
            (
                "<cbc:Percent>20</cbc:Percent>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:TaxCategory>\n    </cac:TaxSubtotal>",
                "<cbc:Percent>20</cbc:Percent>\n        <cbc:TaxExemptionReasonCode>vatex-eu-132</cbc:TaxExemptionReasonCode>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:TaxCategory>\n    </cac:TaxSubtotal>"
            ))
        let exemptFound = try UBLSample.fatal(exempt)
        #expect(!exemptFound.contains("BR-CL-22"))
        #expect(exemptFound.contains("BR-S-10"))
        func attachment(_ mime: String) throws -> Set<String> {
            try UBLSample.fatal(
                UBLSample.invoice(
                    (
                        "<cac:AccountingSupplierParty>",
                        "<cac:AdditionalDocumentReference><cbc:ID>Annexe 1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"\(mime)\" filename=\"a.pdf\">JVBERi0=</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>\n  <cac:AccountingSupplierParty>"
                    )))
        }
        #expect(try attachment("application/pdf").isEmpty)
        #expect(try attachment("Application/PDF") == ["BR-CL-24"])
    }

    @Test("unit codes come from UN/ECE Recommendations 20 and 21")
    func unitCodes() throws {
        #expect(try UBLSample.fatal(UBLSample.invoice(("unitCode=\"C62\"", "unitCode=\"XPP\""))).isEmpty)
        #expect(try UBLSample.fatal(UBLSample.invoice(("unitCode=\"C62\"", "unitCode=\"PIECE\""))) == ["BR-CL-23"])
    }
}
