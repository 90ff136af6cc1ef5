import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "EN16931-Codes" pattern for CII: coded values must come from their code list
    /// (`formats/codelists/cii/`). A value is checked once white space is normalised and must then be
    /// a single code of the list; the MIME code of an attachment is compared as written.
    ///
    /// Context rules are in the official order: an element is checked by the first one it matches
    /// (so an `ID` with a scheme is checked for its scheme, BR-CL-11, even under `OriginTradeCountry`).
    static func ciiCodes(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.cii
        let schemeID = s.nameID("schemeID")
        let currencyID = s.nameID("currencyID")
        let listID = s.nameID("listID")
        let unitCode = s.nameID("unitCode")
        let mimeCode = s.nameID("mimeCode")
        let tradeProduct = s.nameID("ram:SpecifiedTradeProduct")
        let shipTo = s.nameID("ram:ShipToTradeParty")
        let taxRegistration = s.nameID("ram:SpecifiedTaxRegistration")
        let indicator = Path("ram:ChargeIndicator/udt:Indicator", s)

        let documentTypes = try CIICodeList("UNCL1001", formats)
        let currencies = try CIICodeList("ISO4217", formats)
        let taxPointDateCodes = try CIICodeList("UNCL2005", formats)
        let referenceTypes = try CIICodeList("UNCL1153", formats)
        let noteSubjects = try CIICodeList("UNCL4451", formats)
        let identifierSchemes = try CIICodeList("ISO6523-ICD", formats)
        let itemClassifications = try CIICodeList("UNCL7143", formats)
        let countries = try CIICodeList("ISO3166", formats)
        let paymentMeans = try CIICodeList("UNCL4461", formats)
        let vatCategories = try CIICodeList("UNCL5305", formats)
        let allowanceReasons = try CIICodeList("UNCL5189", formats)
        let chargeReasons = try CIICodeList("UNCL7161", formats)
        let exemptionReasons = try CIICodeList("VATEX", formats)
        let units = try CIICodeList("UNECERec20-21", formats)
        let mimeCodes = try CIICodeList("MIMECode", formats)
        let electronicAddressSchemes = try CIICodeList("EAS", formats)

        /// The element's normalised text is a code of `list`.
        func value(_ id: String, in list: CIICodeList) -> Assertion {
            Assertion(id) { d, n in d.normalized(n, isIn: list.codes) }
        }
        /// The normalised attribute is a code of `list` (the context guarantees the attribute).
        func attribute(_ id: String, _ name: UInt32, in list: CIICodeList) -> Assertion {
            Assertion(id) { d, n in d.normalizedAttribute(n, name, isIn: list.codes) }
        }
        /// Elements named by `path` that carry attribute `name`, and satisfy `also` when given.
        func carrying(_ path: String, _ name: UInt32, also: (@Sendable (Document, XMLTree.Node) -> Bool)? = nil) -> ContextPattern {
            ContextPattern(path, s) { d, n in d.hasAttribute(n, name) && (also?(d, n) ?? true) }
        }
        /// Reason codes of allowances (`charge` false) or charges (`charge` true), as the boolean indicator reads.
        func reasonCode(charge: Bool) -> ContextPattern {
            ContextPattern("ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode", s) { d, n in
                guard let item = d.tree.parent(n) else { return false }
                return d.ciiAnyBoolean(indicator, item, is: charge)
            }
        }

        return RulePattern(
            "EN16931-Codes",
            [
                ContextRule(ContextPattern("rsm:ExchangedDocument/ram:TypeCode", s), [value("BR-CL-01", in: documentTypes)]),  // BT-3
                ContextRule(carrying("ram:TaxTotalAmount", currencyID), [attribute("BR-CL-03", currencyID, in: currencies)]),
                ContextRule(ContextPattern("ram:InvoiceCurrencyCode", s), [value("BR-CL-04", in: currencies)]),  // BT-5
                ContextRule(ContextPattern("ram:TaxCurrencyCode", s), [value("BR-CL-05", in: currencies)]),  // BT-6
                ContextRule(ContextPattern("ram:DueDateTypeCode", s), [value("BR-CL-06", in: taxPointDateCodes)]),  // BT-8
                ContextRule(ContextPattern("ram:ReferenceTypeCode", s), [value("BR-CL-07", in: referenceTypes)]),  // BT-18-1
                ContextRule(ContextPattern("ram:SubjectCode", s), [value("BR-CL-08", in: noteSubjects)]),  // BT-21
                ContextRule(
                    carrying("ram:GlobalID", schemeID) { d, n in
                        !d.ciiHasAncestor(n, named: tradeProduct) && !d.ciiHasAncestor(n, named: shipTo)
                    },
                    [attribute("BR-CL-10", schemeID, in: identifierSchemes)]),
                ContextRule(
                    carrying("ram:ID", schemeID) { d, n in !d.ciiHasAncestor(n, named: taxRegistration) },
                    [attribute("BR-CL-11", schemeID, in: identifierSchemes)]),
                ContextRule(carrying("ram:ClassCode", listID), [attribute("BR-CL-13", listID, in: itemClassifications)]),  // BT-158-1
                ContextRule(ContextPattern("ram:CountryID", s), [value("BR-CL-14", in: countries)]),
                ContextRule(ContextPattern("ram:OriginTradeCountry/ram:ID", s), [value("BR-CL-15", in: countries)]),  // BT-159
                ContextRule(
                    // BT-81
                    ContextPattern("ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", s), [value("BR-CL-16", in: paymentMeans)]),
                // BT-95, BT-102
                ContextRule(ContextPattern("ram:CategoryTradeTax/ram:CategoryCode", s), [value("BR-CL-17", in: vatCategories)]),
                // BT-118, BT-151
                ContextRule(ContextPattern("ram:ApplicableTradeTax/ram:CategoryCode", s), [value("BR-CL-18", in: vatCategories)]),
                ContextRule(reasonCode(charge: false), [value("BR-CL-19", in: allowanceReasons)]),  // BT-98, BT-140
                ContextRule(reasonCode(charge: true), [value("BR-CL-20", in: chargeReasons)]),  // BT-105, BT-145
                ContextRule(
                    // BT-157-1
                    carrying("ram:SpecifiedTradeProduct/ram:GlobalID", schemeID), [attribute("BR-CL-21", schemeID, in: identifierSchemes)]),
                ContextRule(
                    ContextPattern("ram:ExemptionReasonCode", s),
                    [  // BT-121, in any case
                        Assertion("BR-CL-22") { d, n in
                            let code = d.normalized(n)
                            return !code.contains(" ") && exemptionReasons.contains(code.uppercased())
                        }
                    ]),
                ContextRule(
                    carrying("ram:BasisQuantity", unitCode) | carrying("ram:BilledQuantity", unitCode),
                    [  // BT-130, BT-150
                        attribute("BR-CL-23", unitCode, in: units)
                    ]),
                ContextRule(
                    carrying("ram:AttachmentBinaryObject", mimeCode),
                    [  // BT-125-1, as written
                        Assertion("BR-CL-24") { d, n in mimeCodes.contains(d.attribute(n, mimeCode) ?? "") }
                    ]),
                ContextRule(
                    carrying("ram:URIUniversalCommunication/ram:URIID", schemeID),
                    [attribute("BR-CL-25", schemeID, in: electronicAddressSchemes)]),  // BT-34-1, BT-49-1
                ContextRule(
                    carrying("ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:GlobalID", schemeID),
                    [  // BT-71-1
                        attribute("BR-CL-26", schemeID, in: identifierSchemes)
                    ]),
            ])
    }
}
