import Foundation
import InvoiceRules
import TestSupport
import Testing

/// Small UBL documents for the business-rule tests: fixtures under `Fixtures/ubl/`, edited in place
/// so that each test changes only what it is about.
enum UBLSample {
    static let folder = ProjectFiles.packageRoot.appendingPathComponent("Tests/InvoiceRulesTests/Fixtures/ubl")

    /// The text of fixture `name` (`valid/minimal-invoice.xml`).
    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The minimal valid invoice with each `(old, new)` replacement applied; every `old` must occur.
    static func invoice(_ edits: (String, String)...) throws -> String {
        try edited(fixture("valid/minimal-invoice.xml"), edits)
    }

    /// `text` with each `(old, new)` replacement applied; every `old` must occur.
    static func edited(_ text: String, _ edits: [(String, String)]) throws -> String {
        var result = text
        for (old, new) in edits {
            try #require(result.contains(old), "the fixture has no \(old)")
            result = result.replacingOccurrences(of: old, with: new)
        }
        return result
    }

    /// The EN 16931 business and code-list rule ids (BR-…) that fire on `xml`: fatal, and warnings.
    static func businessRules(_ xml: String) throws -> (fatal: Set<String>, warning: Set<String>) {
        let report = try RuleCheck.report(Data(xml.utf8))
        return (Set(report.fatal.filter { $0.hasPrefix("BR-") }), Set(report.warning.filter { $0.hasPrefix("BR-") }))
    }

    /// The fatal BR-… ids that fire on `xml`.
    static func fatal(_ xml: String) throws -> Set<String> { try businessRules(xml).fatal }
}

@Suite("UBL business rules (UBL-model)")
struct UBLModelRulesTests {
    @Test("the minimal invoice and credit note break no business rule")
    func minimalDocumentsAreValid() throws {
        for name in ["valid/minimal-invoice.xml", "valid/minimal-credit-note.xml"] {
            let found = try UBLSample.businessRules(try UBLSample.fixture(name))
            #expect(found.fatal.sorted() == [], "\(name)")
            #expect(found.warning.sorted() == [], "\(name)")
        }
    }

    @Test("mandatory terms: a blank invoice number fires BR-02, a missing seller address BR-08")
    func mandatoryTerms() throws {
        let blankNumber = try UBLSample.fatal(UBLSample.invoice(("<cbc:ID>F-2024-0001</cbc:ID>", "<cbc:ID>  </cbc:ID>")))
        #expect(blankNumber == ["BR-02"])
        let noAddress = try UBLSample.fatal(
            UBLSample.invoice(
                (
                    "<cbc:EndpointID schemeID=\"0009\">12345678900017</cbc:EndpointID>\n      <cac:PostalAddress>\n        <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>\n      </cac:PostalAddress>",
                    ""
                )))
        #expect(noAddress == ["BR-08"])
    }

    @Test("BR-CO-10 rounds the sum of line amounts to the cent, halves up")
    func lineSumRoundsHalfUp() throws {
        let halfUp = try UBLSample.fatal(
            UBLSample.invoice(
                (
                    "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>\n    <cac:Item>",
                    "<cbc:LineExtensionAmount currencyID=\"EUR\">100.005</cbc:LineExtensionAmount>\n    <cac:Item>"
                ),
                (
                    "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
                    "<cbc:LineExtensionAmount currencyID=\"EUR\">100.01</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount"
                )))
        #expect(!halfUp.contains("BR-CO-10"))
        #expect(halfUp.contains("BR-DEC-23"))
    }

    @Test("XPath round takes a negative half towards zero: Σ -0.005 is 0.00, not -0.01")
    func negativeHalfRoundsTowardsPositiveInfinity() throws {
        func fires(total: String) throws -> Bool {
            try UBLSample.fatal(
                UBLSample.invoice(
                    (
                        "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>\n    <cac:Item>",
                        "<cbc:LineExtensionAmount currencyID=\"EUR\">-0.005</cbc:LineExtensionAmount>\n    <cac:Item>"
                    ),
                    (
                        "<cbc:LineExtensionAmount currencyID=\"EUR\">100.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
                        "<cbc:LineExtensionAmount currencyID=\"EUR\">\(total)</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount"
                    ))
            ).contains("BR-CO-10")
        }
        #expect(try !fires(total: "0.00"))
        #expect(try fires(total: "-0.01"))
    }

    @Test("BR-CO-11: no allowance and no allowance total holds; an allowance without the total fires")
    func allowanceTotalAndEmptySequences() throws {
        let noAllowance = try UBLSample.invoice(
            ("<cbc:ChargeIndicator>false</cbc:ChargeIndicator>", "<cbc:ChargeIndicator>true</cbc:ChargeIndicator>"),
            ("<cbc:AllowanceTotalAmount currencyID=\"EUR\">10.00</cbc:AllowanceTotalAmount>", ""))
        let withoutAllowances = try UBLSample.fatal(noAllowance)
        #expect(!withoutAllowances.contains("BR-CO-11"))
        #expect(withoutAllowances.contains("BR-CO-12"))  // the charge has no charge total
        let withoutTotal = try UBLSample.fatal(
            UBLSample.invoice(("<cbc:AllowanceTotalAmount currencyID=\"EUR\">10.00</cbc:AllowanceTotalAmount>", "")))
        #expect(withoutTotal.contains("BR-CO-11"))
    }

    @Test("BR-S-08 adds and subtracts its one-unit margin in xs:double, as published")
    func standardRateMarginInDoubles() throws {
        // The line (100.00) less the allowance (10.00) gives 90.00 at 20 %.
        func fires(taxable: String, allowance: String = "10.00") throws -> Bool {
            try UBLSample.fatal(
                UBLSample.invoice(
                    ("<cbc:Amount currencyID=\"EUR\">10.00</cbc:Amount>", "<cbc:Amount currencyID=\"EUR\">\(allowance)</cbc:Amount>"),
                    (
                        "<cbc:TaxableAmount currencyID=\"EUR\">90.00</cbc:TaxableAmount>",
                        "<cbc:TaxableAmount currencyID=\"EUR\">\(taxable)</cbc:TaxableAmount>"
                    ))
            ).contains("BR-S-08")
        }
        #expect(try !fires(taxable: "90.99"))
        // 91.00 - 1 is 90 exactly, not below 90.00
        #expect(try fires(taxable: "91.00"))
        // against 99.10: 100.10 - 1 in doubles is 99.0999…, below 99.10, so the margin holds where
        // exact decimals would not
        #expect(try !fires(taxable: "100.10", allowance: "0.90"))
        #expect(try !fires(taxable: "100.00", allowance: "0.90"))
        #expect(try fires(taxable: "100.11", allowance: "0.90"))
    }

    @Test("BR-CL-08 looks the note's subject code up as text within the UNCL 4451 list, as published")
    func noteSubjectCodeAsText() throws {
        func fires(_ note: String) throws -> Bool {
            try UBLSample.fatal(
                UBLSample.invoice(("<cbc:Note>#AAI#Livraison en deux fois</cbc:Note>", "<cbc:Note>\(note)</cbc:Note>"))
            ).contains("BR-CL-08")
        }
        #expect(try fires("#XYZ#Objet inconnu"))
        #expect(try !fires("#A A#found as text across two codes"))
        #expect(try !fires("#XYZ without a closing mark"))
        #expect(try !fires("#XYZW#four characters are not checked"))
        #expect(try !fires("no subject"))
    }

    @Test("BR-CO-09 looks the first two characters of a VAT id up as text within the prefix list")
    func vatPrefixAsText() throws {
        func fires(_ vatID: String) throws -> Bool {
            try UBLSample.fatal(
                UBLSample.invoice(("<cbc:CompanyID>FR32123456789</cbc:CompanyID>", "<cbc:CompanyID>\(vatID)</cbc:CompanyID>"))
            ).contains("BR-CO-09")
        }
        #expect(try fires("QQ123456789"))
        #expect(try !fires("EL123456789"))
        #expect(try !fires("F"))
        #expect(try !fires(" F123"))
    }

    @Test("a context whose condition cannot be evaluated (a VAT scheme with two ids) matches nothing, as in XSLT")
    func contextConditionErrorsMatchNothing() throws {
        func fires(_ vatID: String, schemeIDs: String) throws -> Bool {
            try UBLSample.fatal(
                UBLSample.invoice(
                    (
                        "<cbc:CompanyID>FR32123456789</cbc:CompanyID>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>",
                        "<cbc:CompanyID>\(vatID)</cbc:CompanyID>\n        <cac:TaxScheme>\(schemeIDs)</cac:TaxScheme>"
                    ))
            ).contains("BR-CO-09")
        }
        #expect(try fires("QQ32123456789", schemeIDs: "<cbc:ID>VAT</cbc:ID>"))
        #expect(try !fires("QQ32123456789", schemeIDs: "<cbc:ID>VAT</cbc:ID><cbc:ID>VAT</cbc:ID>"))
    }

    @Test("a line's period, allowance and price discount are checked by the line rules only")
    func lineContextsComeFirst() throws {
        let found = try UBLSample.fatal(UBLSample.fixture("invalid/line-level-contexts-checked-first.xml"))
        #expect(found.sorted() == ["BR-30", "BR-42", "BR-CO-23", "BR-S-06"])
    }

    @Test("charge indicators read as xs:boolean: 1 and 0 count, white space is collapsed, TRUE matches neither")
    func chargeIndicatorAsBoolean() throws {
        func fatal(_ indicator: String) throws -> Set<String> {
            try UBLSample.fatal(
                UBLSample.invoice(
                    ("<cbc:ChargeIndicator>false</cbc:ChargeIndicator>", "<cbc:ChargeIndicator>\(indicator)</cbc:ChargeIndicator>"),
                    ("<cbc:AllowanceChargeReasonCode>95</cbc:AllowanceChargeReasonCode>", "")))
        }
        #expect(try fatal("0").isSuperset(of: ["BR-33", "BR-CO-21"]))
        #expect(try fatal(" false ").isSuperset(of: ["BR-33", "BR-CO-21"]))
        #expect(try fatal("1").isSuperset(of: ["BR-38", "BR-CO-22"]))
        let neither = try fatal("TRUE")
        #expect(neither.isDisjoint(with: ["BR-33", "BR-38"]))
        #expect(neither.contains("BR-CO-11"))  // the allowance total no longer matches any allowance
    }

    @Test("BR-DEC-13 and BR-DEC-15 never fire, as published")
    func taxTotalDecimalsNeverFire() throws {
        let found = try UBLSample.fatal(
            UBLSample.invoice(
                (
                    "<cbc:TaxAmount currencyID=\"EUR\">18.00</cbc:TaxAmount>\n    <cac:TaxSubtotal>",
                    "<cbc:TaxAmount currencyID=\"EUR\">18.000</cbc:TaxAmount>\n    <cac:TaxSubtotal>"
                ),
                (
                    "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
                    "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n  <cbc:TaxCurrencyCode>EUR</cbc:TaxCurrencyCode>"
                )
            ))
        #expect(found.isDisjoint(with: ["BR-DEC-13", "BR-DEC-15"]))
    }

    @Test("period dates compare as xs:date instants, time zones included; a non-date fails the rule")
    func periodDates() throws {
        func fires(start: String, end: String) throws -> Bool {
            try UBLSample.fatal(
                UBLSample.invoice(
                    ("<cbc:StartDate>2024-02-01</cbc:StartDate>", "<cbc:StartDate>\(start)</cbc:StartDate>"),
                    ("<cbc:EndDate>2024-02-29</cbc:EndDate>", "<cbc:EndDate>\(end)</cbc:EndDate>"))
            ).contains("BR-29")
        }
        #expect(try !fires(start: "2024-02-01", end: "2024-02-01"))
        #expect(try fires(start: "2024-02-02", end: "2024-02-01"))
        // 2024-01-02 starts at 10:00Z in +14:00; 2024-01-01 starts at 10:00Z in -10:00
        #expect(try !fires(start: "2024-01-02+14:00", end: "2024-01-01-10:00"))
        #expect(try fires(start: "2024-01-02+14:00", end: "2024-01-01-09:00"))
        #expect(try fires(start: "2024-02-30", end: "2024-03-01"))
    }

    @Test("BR-S-02 fires for a standard-rate line outside the VAT scheme when the seller has no tax id")
    func standardRateLineOutsideVATScheme() throws {
        let xml = try UBLSample.invoice(
            (
                "<cac:PartyTaxScheme>\n        <cbc:CompanyID>FR32123456789</cbc:CompanyID>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>\n      </cac:PartyTaxScheme>",
                ""
            ),
            (
                "<cbc:Name>Repas du conseil municipal</cbc:Name>\n      <cac:ClassifiedTaxCategory>\n        <cbc:ID>S</cbc:ID>\n        <cbc:Percent>20</cbc:Percent>\n        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>",
                "<cbc:Name>Repas du conseil municipal</cbc:Name>\n      <cac:ClassifiedTaxCategory>\n        <cbc:ID>S</cbc:ID>\n        <cbc:Percent>20</cbc:Percent>\n        <cac:TaxScheme><cbc:ID>GST</cbc:ID></cac:TaxScheme>"
            ))
        let found = try UBLSample.fatal(xml)
        #expect(found.contains("BR-S-02"))
        #expect(found.contains("BR-CO-04"))
    }

    @Test("BR-B-01: split payment only where every country code is IT")
    func splitPaymentCountries() throws {
        let found = try UBLSample.fatal(
            UBLSample.invoice(
                (
                    "<cac:ClassifiedTaxCategory>\n        <cbc:ID>S</cbc:ID>",
                    "<cac:ClassifiedTaxCategory>\n        <cbc:ID>B</cbc:ID>"
                )))
        #expect(found.isSuperset(of: ["BR-B-01", "BR-B-02"]))
    }

    @Test("BR-51 warns about a card number longer than ten characters")
    func cardNumberWarning() throws {
        let xml = try UBLSample.invoice(
            (
                "<cac:PayeeFinancialAccount>",
                "<cac:CardAccount><cbc:PrimaryAccountNumberID>1234 5678 9012 3456</cbc:PrimaryAccountNumberID><cbc:NetworkID>VISA</cbc:NetworkID></cac:CardAccount>\n    <cac:PayeeFinancialAccount>"
            ))
        let found = try UBLSample.businessRules(xml)
        #expect(found.warning == ["BR-51"])
        #expect(found.fatal.isEmpty)
    }

    @Test("credit notes: lines are CreditNoteLine and totals add up over them")
    func creditNoteTotals() throws {
        let credit = try UBLSample.fixture("valid/minimal-credit-note.xml")
        let wrongTotal = try UBLSample.edited(
            credit,
            [
                (
                    "<cbc:LineExtensionAmount currencyID=\"EUR\">55.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount",
                    "<cbc:LineExtensionAmount currencyID=\"EUR\">56.00</cbc:LineExtensionAmount>\n    <cbc:TaxExclusiveAmount"
                )
            ])
        #expect(try UBLSample.fatal(wrongTotal).isSuperset(of: ["BR-CO-10", "BR-CO-13"]))
    }
}
