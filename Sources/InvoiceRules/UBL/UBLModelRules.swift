import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "UBL-model" pattern: the EN 16931 business rules (BR-, BR-CO-, the VAT category
    /// families and BR-DEC-) read from a UBL invoice or credit note.
    ///
    /// Context rules are listed in the official order: an element is checked only by the first one
    /// whose context it matches. The totals live in `UBLModelRules+Totals.swift`, the VAT category
    /// rules in `UBLModelRules+VAT.swift`.
    static func ublModel(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.ubl
        let t = UBLTerms()
        let id = Path("cbc:ID", s)
        let schemeID = s.nameID("schemeID")
        let countryCode = Path("cac:Country/cbc:IdentificationCode", s)
        let documentAllowanceCharge = "/ubl:Invoice/cac:AllowanceCharge | /cn:CreditNote/cac:AllowanceCharge"

        /// An allowance (`charge` false) or charge (true), as the context predicate reads it.
        func allowanceOrCharge(_ charge: Bool) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in t.isCharge(d, n, charge) }
        }
        /// The allowance or charge has a VAT category code (BT-95, BT-102).
        let hasVATCategoryCode: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            t.children(d, n, t.taxCategory).contains { t.isVAT(d, $0) && t.has(d, $0, t.id) }
        }

        var rules: [ContextRule] = [
            ContextRule(
                ContextPattern("cac:AdditionalDocumentReference", s),
                [
                    // BG-24 needs BT-122
                    Assertion("BR-52") { d, n in d.hasText(id, n) }
                ]),
            ContextRule(
                ContextPattern("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", s),
                [
                    // BT-49 needs its scheme (BT-49.1)
                    Assertion("BR-63") { d, n in d.hasAttribute(n, schemeID) }
                ]),
            ContextRule(
                ContextPattern("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress", s),
                [
                    // BG-8 needs BT-55
                    Assertion("BR-11") { d, n in d.hasText(countryCode, n) }
                ]),
            ContextRule(
                ContextPattern("cac:PaymentMeans/cac:CardAccount/cbc:PrimaryAccountNumberID", s),
                [
                    // BT-87 shows at most 10 characters of the card number
                    Assertion("BR-51") { d, n in d.normalized(n).unicodeScalars.count <= 10 }
                ]),
            ContextRule(
                ContextPattern("cac:Delivery/cac:DeliveryLocation/cac:Address", s),
                [
                    // BG-15 needs BT-80
                    Assertion("BR-57") { d, n in d.exists(countryCode, n) }
                ]),
            ContextRule(
                ContextPattern(documentAllowanceCharge, s, where: allowanceOrCharge(false)),
                [
                    // BG-20 needs BT-92, BT-95, and BT-97 or BT-98
                    Assertion("BR-31") { d, n in t.has(d, n, t.amount) },
                    Assertion("BR-32", hasVATCategoryCode),
                    Assertion("BR-33") { d, n in t.hasReason(d, n) },
                    // BT-97 and BT-98 give the same reason: not machine-checkable, never fails
                    Assertion("BR-CO-05") { _, _ in true },
                    Assertion("BR-CO-21") { d, n in t.hasReason(d, n) },
                    // BT-92 and BT-93 with at most two decimals
                    Assertion("BR-DEC-01") { d, n in t.hasAtMostTwoDecimals(d, n, t.amount) },
                    Assertion("BR-DEC-02") { d, n in t.hasAtMostTwoDecimals(d, n, t.baseAmount) },
                ]),
            ContextRule(
                ContextPattern(documentAllowanceCharge, s, where: allowanceOrCharge(true)),
                [
                    // BG-21 needs BT-99, BT-102, and BT-104 or BT-105
                    Assertion("BR-36") { d, n in t.has(d, n, t.amount) },
                    Assertion("BR-37", hasVATCategoryCode),
                    Assertion("BR-38") { d, n in t.hasReason(d, n) },
                    // BT-104 and BT-105 give the same reason: not machine-checkable, never fails
                    Assertion("BR-CO-06") { _, _ in true },
                    Assertion("BR-CO-22") { d, n in t.hasReason(d, n) },
                    // BT-99 and BT-100 with at most two decimals
                    Assertion("BR-DEC-05") { d, n in t.hasAtMostTwoDecimals(d, n, t.amount) },
                    Assertion("BR-DEC-06") { d, n in t.hasAtMostTwoDecimals(d, n, t.baseAmount) },
                ]),
            ublMonetaryTotalRule(t),
            ContextRule(ContextPattern("/ubl:Invoice | /cn:CreditNote", s), ublInvoiceAssertions(t) + ublVATInvoiceAssertions(t)),
        ]
        rules += try ublLineRules(t, formats)
        rules += ublPaymentAndPartyRules(t)
        rules += ublTaxTotalRules(t)
        rules.append(try ublVATIdentifierRule(t, formats))
        rules += ublVATCategoryRules(t)
        return RulePattern("UBL-model", rules)
    }

    /// The rules on the invoice as a whole (BG-0): mandatory terms, VAT currency totals.
    static func ublInvoiceAssertions(_ t: UBLTerms) -> [Assertion] {
        let s = t.syntax
        let customizationID = Path("cbc:CustomizationID", s)
        let invoiceNumber = Path("cbc:ID", s)
        let issueDate = Path("cbc:IssueDate", s)
        let invoiceTypeCode = Path("cbc:InvoiceTypeCode", s)
        let creditNoteTypeCode = Path("cbc:CreditNoteTypeCode", s)
        let documentCurrency = Path("cbc:DocumentCurrencyCode", s)
        let documentCurrencyCode = s.nameID("cbc:DocumentCurrencyCode")
        let taxCurrencyCode = s.nameID("cbc:TaxCurrencyCode")
        let sellerName = Path("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", s)
        let buyerName = Path("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", s)
        let sellerAddress = Path("cac:AccountingSupplierParty/cac:Party/cac:PostalAddress", s)
        let buyerAddress = Path("cac:AccountingCustomerParty/cac:Party/cac:PostalAddress", s)
        let taxPointDate = Path("cbc:TaxPointDate", s)
        let taxPointDateCode = Path("cac:InvoicePeriod/cbc:DescriptionCode", s)
        let subtotals = Path("cac:TaxTotal/cac:TaxSubtotal", s)
        let monetaryTotal = s.nameID("cac:LegalMonetaryTotal")
        let taxInclusiveAmount = s.nameID("cbc:TaxInclusiveAmount")
        let taxExclusiveAmount = s.nameID("cbc:TaxExclusiveAmount")

        /// For each of `taxTotals`, its VAT total amounts (BT-110, BT-111) in `currency`.
        @Sendable func taxAmounts(_ d: Document, in taxTotals: some Collection<XMLTree.Node>, currency: String) -> [[XMLTree.Node]] {
            taxTotals.map { total in
                t.children(d, total, t.taxAmount).filter { d.attribute($0, t.currencyID) == currency }
            }
        }

        return [
            // BT-24, BT-1, BT-2, BT-3, BT-5, BT-27, BT-44 present and not blank
            Assertion("BR-01") { d, n in d.hasText(customizationID, n) },
            Assertion("BR-02") { d, n in d.hasText(invoiceNumber, n) },
            Assertion("BR-03") { d, n in d.hasText(issueDate, n) },
            Assertion("BR-04") { d, n in d.hasText(invoiceTypeCode, n) || d.hasText(creditNoteTypeCode, n) },
            Assertion("BR-05") { d, n in d.hasText(documentCurrency, n) },
            Assertion("BR-06") { d, n in d.hasText(sellerName, n) },
            Assertion("BR-07") { d, n in d.hasText(buyerName, n) },
            // BG-5 and BG-8 present
            Assertion("BR-08") { d, n in d.exists(sellerAddress, n) },
            Assertion("BR-10") { d, n in d.exists(buyerAddress, n) },
            // at least one line (BG-25)
            Assertion("BR-16") { d, n in t.has(d, n, t.invoiceLine) || t.has(d, n, t.creditNoteLine) },
            // each VAT accounting currency (BT-6) has its VAT total (BT-111)
            Assertion("BR-53") { d, n in
                let taxTotals = d.tree.nodes(named: t.taxTotal)
                return t.children(d, n, taxCurrencyCode).allSatisfy { code in
                    taxAmounts(d, in: taxTotals, currency: d.string(code)).contains { !$0.isEmpty }
                }
            },
            // BT-7 and BT-8 are mutually exclusive
            Assertion("BR-CO-03") { d, n in !(d.exists(taxPointDate, n) && d.exists(taxPointDateCode, n)) },
            // BT-112 = BT-109 + BT-110, to the cent, with exactly one VAT total in the invoice currency
            Assertion("BR-CO-15") { d, n in
                let taxTotals = t.children(d, n, t.taxTotal)
                let totals = t.children(d, n, monetaryTotal)
                for code in t.children(d, n, documentCurrencyCode) {
                    var taxValues: [ExactDecimal] = []
                    for amounts in taxAmounts(d, in: taxTotals, currency: d.string(code)) where !amounts.isEmpty {
                        guard amounts.count == 1, let value = d.decimal(amounts[0]) else { return false }
                        taxValues.append(value)
                    }
                    guard taxValues.count == 1, totals.count == 1, let total = totals.first,
                        let taxExclusive = t.decimal(d, total, taxExclusiveAmount)
                    else { return false }
                    let expected = (taxExclusive + taxValues[0]).roundedToCents
                    guard totals.contains(where: { t.decimal(d, $0, taxInclusiveAmount) == expected }) else { return false }
                }
                return true
            },
            // at least one VAT breakdown (BG-23)
            Assertion("BR-CO-18") { d, n in d.exists(subtotals, n) },
            // BT-110 and BT-111 with at most two decimals: as published, these two tests look for the
            // invoice currency under the VAT total itself, find none, and so never fail; Hermine agrees.
            Assertion("BR-DEC-13") { _, _ in true },
            Assertion("BR-DEC-15") { _, _ in true },
        ]
    }

    /// The rules on invoice lines (BG-25), their allowances and charges (BG-27, BG-28), periods and items.
    static func ublLineRules(_ t: UBLTerms, _ formats: URL) throws(ResourceError) -> [ContextRule] {
        let s = t.syntax
        let lineID = Path("cbc:ID", s)
        let invoicedQuantity = s.nameID("cbc:InvoicedQuantity")
        let creditedQuantity = s.nameID("cbc:CreditedQuantity")
        let unitCode = s.nameID("unitCode")
        let itemName = Path("cac:Item/cbc:Name", s)
        let priceAmount = Path("cac:Price/cbc:PriceAmount", s)
        let priceBaseAmount = Path("cac:Price/cac:AllowanceCharge/cbc:BaseAmount", s)
        let lineCategories = Path("cac:Item/cac:ClassifiedTaxCategory", s)
        let startDate = s.nameID("cbc:StartDate")
        let endDate = s.nameID("cbc:EndDate")
        let descriptionCode = s.nameID("cbc:DescriptionCode")
        let name = s.nameID("cbc:Name")
        let value = s.nameID("cbc:Value")
        let listID = s.nameID("listID")
        let schemeID = s.nameID("schemeID")
        let noteBody = try UBLCodeList("UNCL4451", formats, lookedUpAsText: true)

        /// `tail` below an invoice line or a credit note line.
        func onLines(_ tail: String) -> String { "cac:InvoiceLine/\(tail) | cac:CreditNoteLine/\(tail)" }
        /// An allowance (`charge` false) or charge (true) of a line.
        func lineAllowanceOrCharge(_ charge: Bool) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in t.isCharge(d, n, charge) }
        }
        /// End date on or after start date when both are given (BR-29, BR-30); a date that is not an
        /// `xs:date` fails the rule.
        let periodInOrder: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            guard let start = t.first(d, n, startDate), let end = t.first(d, n, endDate) else { return true }
            guard let startDay = UBLDate(d.string(start)), let endDay = UBLDate(d.string(end)) else { return false }
            return endDay >= startDay
        }

        return [
            ContextRule(
                ContextPattern("cac:InvoiceLine | cac:CreditNoteLine", s),
                [
                    // BT-126, BT-129, BT-130, BT-131, BT-153, BT-146 present
                    Assertion("BR-21") { d, n in d.hasText(lineID, n) },
                    Assertion("BR-22") { d, n in t.has(d, n, invoicedQuantity) || t.has(d, n, creditedQuantity) },
                    Assertion("BR-23") { d, n in
                        t.children(d, n, invoicedQuantity).contains { d.hasAttribute($0, unitCode) }
                            || t.children(d, n, creditedQuantity).contains { d.hasAttribute($0, unitCode) }
                    },
                    Assertion("BR-24") { d, n in t.has(d, n, t.lineExtensionAmount) },
                    Assertion("BR-25") { d, n in d.hasText(itemName, n) },
                    Assertion("BR-26") { d, n in d.exists(priceAmount, n) },
                    // BT-146 and BT-148 not negative
                    Assertion("BR-27") { d, n in t.anyNonNegative(d, d.select(priceAmount, n), orZero: true) },
                    Assertion("BR-28") { d, n in
                        let bases = d.select(priceBaseAmount, n)
                        return bases.isEmpty || t.anyNonNegative(d, bases, orZero: true)
                    },
                    // BT-151 present
                    Assertion("BR-CO-04") { d, n in
                        d.select(lineCategories, n).contains { t.isVAT(d, $0) && t.has(d, $0, t.id) }
                    },
                    // BT-131 with at most two decimals
                    Assertion("BR-DEC-23") { d, n in t.hasAtMostTwoDecimals(d, n, t.lineExtensionAmount) },
                ]),
            ContextRule(
                ContextPattern(
                    "//cac:InvoiceLine/cac:AllowanceCharge | //cac:CreditNoteLine/cac:AllowanceCharge", s,
                    where: lineAllowanceOrCharge(false)),
                [
                    // BG-27 needs BT-136, and BT-139 or BT-140
                    Assertion("BR-41") { d, n in t.has(d, n, t.amount) },
                    Assertion("BR-42") { d, n in t.hasReason(d, n) },
                    // BT-139 and BT-140 give the same reason: not machine-checkable, never fails
                    Assertion("BR-CO-07") { _, _ in true },
                    Assertion("BR-CO-23") { d, n in t.hasReason(d, n) },
                    // BT-136 and BT-137 with at most two decimals
                    Assertion("BR-DEC-24") { d, n in t.hasAtMostTwoDecimals(d, n, t.amount) },
                    Assertion("BR-DEC-25") { d, n in t.hasAtMostTwoDecimals(d, n, t.baseAmount) },
                ]),
            ContextRule(
                ContextPattern(
                    "//cac:InvoiceLine/cac:AllowanceCharge | //cac:CreditNoteLine/cac:AllowanceCharge", s,
                    where: lineAllowanceOrCharge(true)),
                [
                    // BG-28 needs BT-141, and BT-144 or BT-145
                    Assertion("BR-43") { d, n in t.has(d, n, t.amount) },
                    Assertion("BR-44") { d, n in t.hasReason(d, n) },
                    // BT-144 and BT-145 give the same reason: not machine-checkable, never fails
                    Assertion("BR-CO-08") { _, _ in true },
                    Assertion("BR-CO-24") { d, n in t.hasReason(d, n) },
                    // BT-141 and BT-142 with at most two decimals
                    Assertion("BR-DEC-27") { d, n in t.hasAtMostTwoDecimals(d, n, t.amount) },
                    Assertion("BR-DEC-28") { d, n in t.hasAtMostTwoDecimals(d, n, t.baseAmount) },
                ]),
            ContextRule(
                ContextPattern(onLines("cac:InvoicePeriod"), s),
                [
                    // BG-26: BT-135 not before BT-134, and at least one of them
                    Assertion("BR-30", periodInOrder),
                    Assertion("BR-CO-20") { d, n in t.has(d, n, startDate) || t.has(d, n, endDate) },
                ]),
            ContextRule(
                ContextPattern("cac:InvoicePeriod", s),
                [
                    // BG-14: BT-74 not before BT-73, and at least one of them or the VAT point date code (BT-8)
                    Assertion("BR-29", periodInOrder),
                    Assertion("BR-CO-19") { d, n in
                        t.has(d, n, startDate) || t.has(d, n, endDate) || t.has(d, n, descriptionCode)
                    },
                ]),
            ContextRule(
                ContextPattern("//cac:AdditionalItemProperty", s),
                [
                    // BG-32 needs BT-160 and BT-161
                    Assertion("BR-54") { d, n in t.has(d, n, name) && t.has(d, n, value) }
                ]),
            ContextRule(
                ContextPattern(onLines("cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode"), s),
                [
                    // BT-158 needs its scheme (BT-158.1)
                    Assertion("BR-65") { d, n in d.hasAttribute(n, listID) }
                ]),
            ContextRule(
                ContextPattern(onLines("cac:Item/cac:StandardItemIdentification/cbc:ID"), s),
                [
                    // BT-157 needs its scheme (BT-157.1)
                    Assertion("BR-64") { d, n in d.hasAttribute(n, schemeID) }
                ]),
            ContextRule(
                ContextPattern("/ubl:Invoice/cbc:Note | /cn:CreditNote/cbc:Note", s),
                [
                    // a note (BT-22) may start with its subject code (BT-21) between '#': a three-character
                    // code there must come from UNCL 4451 (looked up as text within the list, as published)
                    Assertion("BR-CL-08") { d, n in
                        guard let subject = UBLTerms.noteSubjectCode(d.string(n)), subject.unicodeScalars.count == 3 else {
                            return true
                        }
                        return noteBody.spacedTextContains(subject)
                    }
                ]),
        ]
    }

    /// The rules on the payee, payment means, preceding invoices, seller, tax representative and
    /// parties' VAT identifiers.
    static func ublPaymentAndPartyRules(_ t: UBLTerms) -> [ContextRule] {
        let s = t.syntax
        let partyName = Path("cac:PartyName/cbc:Name", s)
        let partyIdentifier = Path("cac:PartyIdentification/cbc:ID", s)
        let sellerName = Path("../cac:AccountingSupplierParty/cac:Party/cac:PartyName/cbc:Name", s)
        let sellerIdentifier = Path("../cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID", s)
        let paymentMeansCode = s.nameID("cbc:PaymentMeansCode")
        let accountID = Path("cbc:ID", s)
        let payeeAccountID = Path("cac:PayeeFinancialAccount/cbc:ID", s)
        let precedingInvoiceID = Path("cac:InvoiceDocumentReference/cbc:ID", s)
        let sellerVATSchemes = Path("cac:Party/cac:PartyTaxScheme", s)
        let sellerIdentifiers = Path("cac:Party/cac:PartyIdentification/cbc:ID", s)
        let sellerLegalID = Path("cac:Party/cac:PartyLegalEntity/cbc:CompanyID", s)
        let schemeID = s.nameID("schemeID")
        let countryCode = Path("cac:Country/cbc:IdentificationCode", s)
        let postalAddress = Path("cac:PostalAddress", s)

        return [
            ContextRule(
                ContextPattern("cac:PayeeParty", s),
                [
                    // BG-10 has a name (BT-59), and is not the seller: neither the same name nor the same identifier
                    Assertion("BR-17") { d, n in
                        let names = d.select(partyName, n)
                        guard !names.isEmpty else { return false }
                        let sellerNames = Set(d.select(sellerName, n).map { d.string($0) })
                        let sellerIDs = Set(d.select(sellerIdentifier, n).map { d.string($0) })
                        return !names.contains { sellerNames.contains(d.string($0)) }
                            && !d.select(partyIdentifier, n).contains { sellerIDs.contains(d.string($0)) }
                    }
                ]),
            ContextRule(
                ContextPattern(
                    "cac:PaymentMeans/cac:PayeeFinancialAccount", s,
                    where: { d, n in
                        guard let means = d.tree.parent(n) else { return false }
                        return t.children(d, means, paymentMeansCode).contains { ["30", "58"].contains(d.string($0)) }
                    }),
                [
                    // credit transfer (30, 58) needs the account identifier (BT-84)
                    Assertion("BR-50") { d, n in d.hasText(accountID, n) }
                ]),
            ContextRule(
                ContextPattern("cac:PaymentMeans", s),
                [
                    // BG-16 needs BT-81; credit transfer (30, 58) needs BT-84
                    Assertion("BR-49") { d, n in t.has(d, n, paymentMeansCode) },
                    Assertion("BR-61") { d, n in
                        let code = t.code(d, n, paymentMeansCode)
                        return !(code == "30" || code == "58") || d.exists(payeeAccountID, n)
                    },
                ]),
            ContextRule(
                ContextPattern("cac:BillingReference", s),
                [
                    // BG-3 needs BT-25
                    Assertion("BR-55") { d, n in d.exists(precedingInvoiceID, n) }
                ]),
            ContextRule(
                ContextPattern("cac:AccountingSupplierParty", s),
                [
                    // the seller has a VAT identifier (BT-31), an identifier (BT-29, not a SEPA creditor id)
                    // or a legal registration identifier (BT-30)
                    Assertion("BR-CO-26") { d, n in
                        d.select(sellerVATSchemes, n).contains { t.isVAT(d, $0) && t.has(d, $0, t.companyID) }
                            || d.select(sellerIdentifiers, n).contains { d.attribute($0, schemeID) != "SEPA" }
                            || d.exists(sellerLegalID, n)
                    }
                ]),
            ContextRule(
                ContextPattern("cac:AccountingSupplierParty/cac:Party/cbc:EndpointID", s),
                [
                    // BT-34 needs its scheme (BT-34.1)
                    Assertion("BR-62") { d, n in d.hasAttribute(n, schemeID) }
                ]),
            ContextRule(
                ContextPattern("cac:AccountingSupplierParty/cac:Party/cac:PostalAddress", s),
                [
                    // BG-5 needs BT-40
                    Assertion("BR-09") { d, n in d.hasText(countryCode, n) }
                ]),
            ContextRule(
                ContextPattern("cac:TaxRepresentativeParty", s),
                [
                    // BG-11 needs BT-62, BG-12 and BT-63
                    Assertion("BR-18") { d, n in d.hasText(partyName, n) },
                    Assertion("BR-19") { d, n in d.exists(postalAddress, n) },
                    Assertion("BR-56") { d, n in
                        t.children(d, n, t.partyTaxScheme).contains { t.isVAT(d, $0) && t.has(d, $0, t.companyID) }
                    },
                ]),
            ContextRule(
                ContextPattern("cac:TaxRepresentativeParty/cac:PostalAddress", s),
                [
                    // BG-12 needs BT-69
                    Assertion("BR-20") { d, n in d.hasText(countryCode, n) }
                ]),
        ]
    }
}
