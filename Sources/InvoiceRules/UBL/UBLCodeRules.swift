import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "Codesmodel" pattern: coded values of a UBL invoice must come from their code lists.
    ///
    /// A coded value is normalised (XPath `normalize-space`) and must then be one whole code of its
    /// list; an empty value or one with an inner space never is.
    static func ublCodes(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.ubl
        let invoiceTypeCode = s.nameID("cbc:InvoiceTypeCode")
        let schemeID = s.nameID("schemeID")
        let listID = s.nameID("listID")
        let unitCode = s.nameID("unitCode")
        let mimeCode = s.nameID("mimeCode")
        let currencyID = s.nameID("currencyID")
        let documentTypeCode = Path("cbc:DocumentTypeCode", s)
        let supplier = s.nameID("cac:AccountingSupplierParty")
        let payee = s.nameID("cac:PayeeParty")

        let invoiceTypes = try UBLCodeList("UNCL1001-invoice", formats)
        let creditNoteTypes = try UBLCodeList("UNCL1001-credit-note", formats)
        let currencies = try UBLCodeList("ISO4217", formats)
        let taxPointDateCodes = try UBLCodeList("UNCL2005-subset", formats)
        let referenceQualifiers = try UBLCodeList("UNCL1153", formats)
        let identifierSchemes = try UBLCodeList("ISO6523-ICD", formats)
        let itemClassifications = try UBLCodeList("UNCL7143", formats)
        let countries = try UBLCodeList("ISO3166", formats)
        let paymentMeans = try UBLCodeList("UNCL4461", formats)
        let vatCategories = try UBLCodeList("UNCL5305", formats)
        let allowanceReasons = try UBLCodeList("UNCL5189", formats)
        let chargeReasons = try UBLCodeList("UNCL7161", formats)
        let exemptionReasons = try UBLCodeList("VATEX", formats)
        let units = try UBLCodeList("UNECERec20-21", formats)
        let attachmentTypes = try UBLCodeList("MIME", formats)
        let electronicAddressSchemes = try UBLCodeList("EAS", formats)
        let terms = UBLTerms()

        /// The element's normalised text is in `list`.
        func textIn(_ list: UBLCodeList) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in d.normalized(n, isIn: list.codes) }
        }
        /// The element's attribute `name`, normalised ("" when absent), is in `list`.
        func attributeIn(_ name: UInt32, _ list: UBLCodeList) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in d.normalizedAttribute(n, name, isIn: list.codes) }
        }
        /// The element carries attribute `name`.
        func having(_ name: UInt32) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in d.hasAttribute(n, name) }
        }
        /// An identifier with a scheme in a reference whose document type code is exactly `130`
        /// (the invoiced object identifier, BT-18).
        let invoicedObject: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            guard d.hasAttribute(n, schemeID), let reference = d.tree.parent(n) else { return false }
            return d.select(documentTypeCode, reference).contains { d.string($0) == "130" }
        }

        return RulePattern(
            "Codesmodel",
            [
                ContextRule(
                    ContextPattern("cbc:InvoiceTypeCode | cbc:CreditNoteTypeCode", s),
                    [
                        // BT-3 from UNCL 1001: the invoice subset for an invoice type code, the credit-note subset otherwise
                        Assertion("BR-CL-01") { d, n in
                            d.normalized(n, isIn: d.tree.nameID(n) == invoiceTypeCode ? invoiceTypes.codes : creditNoteTypes.codes)
                        }
                    ]),
                ContextRule(
                    ContextPattern(
                        [
                            "cbc:Amount", "cbc:BaseAmount", "cbc:PriceAmount", "cbc:TaxAmount", "cbc:TaxableAmount",
                            "cbc:LineExtensionAmount", "cbc:TaxExclusiveAmount", "cbc:TaxInclusiveAmount",
                            "cbc:AllowanceTotalAmount", "cbc:ChargeTotalAmount", "cbc:PrepaidAmount",
                            "cbc:PayableRoundingAmount", "cbc:PayableAmount",
                        ].joined(separator: " | "), s),
                    [
                        // every amount's currency from ISO 4217 (a missing currencyID fails too)
                        Assertion("BR-CL-03", attributeIn(currencyID, currencies))
                    ]),
                ContextRule(
                    ContextPattern("cbc:DocumentCurrencyCode", s),
                    [
                        // BT-5 from ISO 4217
                        Assertion("BR-CL-04", textIn(currencies))
                    ]),
                ContextRule(
                    ContextPattern("cbc:TaxCurrencyCode", s),
                    [
                        // BT-6 from ISO 4217
                        Assertion("BR-CL-05", textIn(currencies))
                    ]),
                ContextRule(
                    ContextPattern("cac:InvoicePeriod/cbc:DescriptionCode", s),
                    [
                        // BT-8 from UNCL 2005 (3, 35, 432)
                        Assertion("BR-CL-06", textIn(taxPointDateCodes))
                    ]),
                ContextRule(
                    ContextPattern("cac:AdditionalDocumentReference/cbc:ID | cac:DocumentReference/cbc:ID", s, where: invoicedObject),
                    [
                        // scheme of the invoiced object identifier (BT-18) from UNCL 1153
                        Assertion("BR-CL-07", attributeIn(schemeID, referenceQualifiers))
                    ]),
                ContextRule(
                    ContextPattern("cac:PartyIdentification/cbc:ID", s, where: having(schemeID)),
                    [
                        // party identifiers' scheme from ISO 6523 ICD; SEPA also for the seller's and payee's
                        // identifiers (creditor id, BT-29, BT-60)
                        Assertion("BR-CL-10") { d, n in
                            let scheme = Document.normalizeSpace(d.attribute(n, schemeID) ?? "")
                            if identifierSchemes.contains(scheme) { return true }
                            guard scheme == "SEPA" else { return false }
                            var ancestor = d.tree.parent(n)
                            while let a = ancestor {
                                if d.tree.nameID(a) == supplier || d.tree.nameID(a) == payee { return true }
                                ancestor = d.tree.parent(a)
                            }
                            return false
                        }
                    ]),
                ContextRule(
                    ContextPattern("cac:PartyLegalEntity/cbc:CompanyID", s, where: having(schemeID)),
                    [
                        // legal registration identifiers' scheme (BT-30, BT-47, BT-61) from ISO 6523 ICD
                        Assertion("BR-CL-11", attributeIn(schemeID, identifierSchemes))
                    ]),
                ContextRule(
                    ContextPattern("cac:CommodityClassification/cbc:ItemClassificationCode", s, where: having(listID)),
                    [
                        // item classification scheme (BT-158) from UNCL 7143
                        Assertion("BR-CL-13", attributeIn(listID, itemClassifications))
                    ]),
                ContextRule(
                    ContextPattern("cac:Country/cbc:IdentificationCode", s),
                    [
                        // country codes (BT-40, BT-55, BT-69, BT-80) from ISO 3166-1
                        Assertion("BR-CL-14", textIn(countries))
                    ]),
                ContextRule(
                    ContextPattern("cac:OriginCountry/cbc:IdentificationCode", s),
                    [
                        // item country of origin (BT-159) from ISO 3166-1
                        Assertion("BR-CL-15", textIn(countries))
                    ]),
                ContextRule(
                    ContextPattern("cac:PaymentMeans/cbc:PaymentMeansCode", s),
                    [
                        // BT-81 from UNCL 4461
                        Assertion("BR-CL-16", textIn(paymentMeans))
                    ]),
                ContextRule(
                    ContextPattern("cac:TaxCategory/cbc:ID", s),
                    [
                        // VAT category codes (BT-95, BT-102, BT-118) from the UNCL 5305 subset
                        Assertion("BR-CL-17", textIn(vatCategories))
                    ]),
                ContextRule(
                    ContextPattern("cac:ClassifiedTaxCategory/cbc:ID", s),
                    [
                        // invoiced item VAT category (BT-151) from the UNCL 5305 subset
                        Assertion("BR-CL-18", textIn(vatCategories))
                    ]),
                ContextRule(
                    ContextPattern(
                        "cac:AllowanceCharge/cbc:AllowanceChargeReasonCode", s,
                        where: { d, n in d.tree.parent(n).map { terms.isCharge(d, $0, false) } ?? false }),
                    [
                        // allowance reason codes (BT-98, BT-140) from UNCL 5189
                        Assertion("BR-CL-19", textIn(allowanceReasons))
                    ]),
                ContextRule(
                    ContextPattern(
                        "cac:AllowanceCharge/cbc:AllowanceChargeReasonCode", s,
                        where: { d, n in d.tree.parent(n).map { terms.isCharge(d, $0, true) } ?? false }),
                    [
                        // charge reason codes (BT-105, BT-145) from UNCL 7161
                        Assertion("BR-CL-20", textIn(chargeReasons))
                    ]),
                ContextRule(
                    ContextPattern("cac:StandardItemIdentification/cbc:ID", s, where: having(schemeID)),
                    [
                        // item standard identifier scheme (BT-157) from ISO 6523 ICD
                        Assertion("BR-CL-21", attributeIn(schemeID, identifierSchemes))
                    ]),
                ContextRule(
                    ContextPattern("cbc:TaxExemptionReasonCode", s),
                    [
                        // BT-121 from the VATEX list, case-insensitively
                        Assertion("BR-CL-22") { d, n in exemptionReasons.contains(d.normalized(n).uppercased()) }
                    ]),
                ContextRule(
                    ContextPattern("cbc:InvoicedQuantity | cbc:BaseQuantity | cbc:CreditedQuantity", s, where: having(unitCode)),
                    [
                        // units of measure (BT-130, BT-150) from UN/ECE Recommendations 20 and 21
                        Assertion("BR-CL-23", attributeIn(unitCode, units))
                    ]),
                ContextRule(
                    ContextPattern("cbc:EmbeddedDocumentBinaryObject", s, where: having(mimeCode)),
                    [
                        // attached document MIME type (BT-125.1), exactly as written
                        Assertion("BR-CL-24") { d, n in attachmentTypes.contains(d.attribute(n, mimeCode) ?? "") }
                    ]),
                ContextRule(
                    ContextPattern("cbc:EndpointID", s, where: having(schemeID)),
                    [
                        // electronic address schemes (BT-34.1, BT-49.1) from the EAS list
                        Assertion("BR-CL-25", attributeIn(schemeID, electronicAddressSchemes))
                    ]),
                ContextRule(
                    ContextPattern("cac:DeliveryLocation/cbc:ID", s, where: having(schemeID)),
                    [
                        // deliver-to location identifier scheme (BT-71.1) from ISO 6523 ICD
                        Assertion("BR-CL-26", attributeIn(schemeID, identifierSchemes))
                    ]),
            ])
    }
}
