/// The code-list rules of CII (BR-CL-): a code outside its list fires, codes of the list hold.
extension CIIRuleCase {
    static let codes: [CIIRuleCase] = [
        fires(
            "BR-CL-01", "an invoice type code (BT-3) outside UNTDID 1001",
            [.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>999</ram:TypeCode>")]),
        holds(
            "BR-CL-01", "a self-billed invoice (389)", [.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>389</ram:TypeCode>")]),
        holds(
            "BR-CL-01", "surrounding white space is ignored",
            [.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode> 380\n</ram:TypeCode>")]),
        fires(
            "BR-CL-03", "a VAT total in an unknown currency",
            [.replace("<ram:TaxTotalAmount currencyID=\"EUR\">", "<ram:TaxTotalAmount currencyID=\"EURO\">")]),
        holds("BR-CL-03", "the base invoice's VAT total currency"),
        fires(
            "BR-CL-04", "an unknown invoice currency (BT-5)",
            [.replace("<ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>", "<ram:InvoiceCurrencyCode>eur</ram:InvoiceCurrencyCode>")]),
        holds("BR-CL-04", "the base invoice's currency"),
        fires(
            "BR-CL-05", "an unknown VAT accounting currency (BT-6)",
            [.insert("<ram:TaxCurrencyCode>ABC</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>")]),
        holds(
            "BR-CL-05", "a VAT accounting currency of ISO 4217",
            [.insert("<ram:TaxCurrencyCode>CHF</ram:TaxCurrencyCode>", before: "<ram:InvoiceCurrencyCode>")]),
        fires(
            "BR-CL-06", "a VAT point date code (BT-8) outside the three allowed",
            [.replace("<ram:DueDateTypeCode>5</ram:DueDateTypeCode>", "<ram:DueDateTypeCode>3</ram:DueDateTypeCode>")]),
        holds(
            "BR-CL-06", "VAT point date code 29",
            [.replace("<ram:DueDateTypeCode>5</ram:DueDateTypeCode>", "<ram:DueDateTypeCode>29</ram:DueDateTypeCode>")]),
        fires(
            "BR-CL-07", "an object identifier scheme (BT-18-1) outside UNTDID 1153",
            [.replace("<ram:ReferenceTypeCode>AWR</ram:ReferenceTypeCode>", "<ram:ReferenceTypeCode>AWR AAA</ram:ReferenceTypeCode>")]),
        holds("BR-CL-07", "the base invoice's object identifier scheme"),
        fires(
            "BR-CL-08", "a note subject (BT-21) outside UNTDID 4451",
            [.replace("<ram:SubjectCode>AAI</ram:SubjectCode>", "<ram:SubjectCode>XYZ</ram:SubjectCode>")]),
        holds("BR-CL-08", "the base invoice's note subject"),
        fires(
            "BR-CL-10", "a seller global identifier (BT-29) with an unknown scheme",
            [.insert("<ram:GlobalID schemeID=\"9999\">4000001123452</ram:GlobalID>", before: sellerName)]),
        holds(
            "BR-CL-10", "a seller global identifier with a GLN scheme",
            [.insert("<ram:GlobalID schemeID=\"0088\">4000001123452</ram:GlobalID>", before: sellerName)]),
        fires(
            "BR-CL-11", "a legal registration (BT-30) with an unknown scheme",
            [.replace("<ram:ID schemeID=\"0002\">123456789</ram:ID>", "<ram:ID schemeID=\"SIREN\">123456789</ram:ID>")]),
        holds("BR-CL-11", "a VAT registration's scheme VA is not checked here", noVATIdentifiers),
        fires(
            "BR-CL-13", "an item classification scheme (BT-158-1) outside UNTDID 7143",
            [.replace("<ram:ClassCode listID=\"STI\">", "<ram:ClassCode listID=\"XYZ\">")]),
        holds("BR-CL-13", "the base invoice's item classification scheme"),
        fires(
            "BR-CL-14", "an unknown country (BT-40)", [.replace("<ram:CountryID>FR</ram:CountryID>", "<ram:CountryID>XK</ram:CountryID>")]),
        holds("BR-CL-14", "the base invoice's countries"),
        fires(
            "BR-CL-15", "an unknown country of origin (BT-159)",
            [.replace("<ram:OriginTradeCountry>\n          <ram:ID>FR</ram:ID>", "<ram:OriginTradeCountry>\n          <ram:ID>UK</ram:ID>")]
        ),
        holds("BR-CL-15", "the base invoice's country of origin"),
        fires(
            "BR-CL-16", "payment means (BT-81) outside UNTDID 4461",
            [.replace("<ram:TypeCode>58</ram:TypeCode>", "<ram:TypeCode>ZZ9</ram:TypeCode>")]),
        holds("BR-CL-16", "the base invoice's payment means"),
        fires(
            "BR-CL-17", "a document allowance VAT category (BT-95) outside UNTDID 5305",
            [.replace("<ram:CategoryCode>S</ram:CategoryCode>", "<ram:CategoryCode>X</ram:CategoryCode>", after: documentAllowance)]),
        holds("BR-CL-17", "the base invoice's allowance and charge categories"),
        fires(
            "BR-CL-18", "a line VAT category (BT-151) outside UNTDID 5305",
            [.replace("<ram:CategoryCode>Z</ram:CategoryCode>", "<ram:CategoryCode>ZZ</ram:CategoryCode>")]),
        holds("BR-CL-18", "the base invoice's line and breakdown categories"),
        fires(
            "BR-CL-19", "an allowance reason code (BT-98) outside UNTDID 5189",
            [.replace("<ram:ReasonCode>95</ram:ReasonCode>", "<ram:ReasonCode>999</ram:ReasonCode>", after: headerPeriodEnd)]),
        holds("BR-CL-19", "the base invoice's allowance reason codes"),
        fires(
            "BR-CL-20", "a charge reason code (BT-105) outside UNTDID 7161",
            [.replace("<ram:ReasonCode>FC</ram:ReasonCode>", "<ram:ReasonCode>95</ram:ReasonCode>", after: documentCharge)]),
        holds("BR-CL-20", "the base invoice's charge reason codes"),
        fires(
            "BR-CL-21", "an item standard identifier scheme (BT-157-1) outside ISO 6523",
            [.replace("<ram:GlobalID schemeID=\"0160\">", "<ram:GlobalID schemeID=\"GTIN\">")]),
        holds("BR-CL-21", "the base invoice's item identifier scheme"),
        fires(
            "BR-CL-22", "an unknown exemption reason code (BT-121)",
            zeroRatedLine(as: "E") + [
                .insert(
                    "<ram:ExemptionReasonCode>VATEX-EU-999</ram:ExemptionReasonCode>",
                    before: "<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", after: zeroBreakdown)
            ]),
        holds(
            "BR-CL-22", "exemption reason codes are compared in upper case",
            zeroRatedLine(as: "E") + [
                .insert(
                    "<ram:ExemptionReasonCode>vatex-eu-132</ram:ExemptionReasonCode>",
                    before: "<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", after: zeroBreakdown)
            ]),
        fires("BR-CL-23", "an unknown unit of measure (BT-130)", [.replace("unitCode=\"HUR\"", "unitCode=\"HOURS\"")]),
        holds("BR-CL-23", "the base invoice's units"),
        fires(
            "BR-CL-24", "an attachment MIME code (BT-125-1) outside the list",
            [.replace("mimeCode=\"text/csv\"", "mimeCode=\"text/plain\"")]),
        fires("BR-CL-24", "MIME codes are compared as written", [.replace("mimeCode=\"text/csv\"", "mimeCode=\" text/csv\"")]),
        holds("BR-CL-24", "a PDF attachment", [.replace("mimeCode=\"text/csv\"", "mimeCode=\"application/pdf\"")]),
        fires(
            "BR-CL-25", "an electronic address scheme (BT-34-1) outside the EAS list",
            [.replace("<ram:URIID schemeID=\"EM\">factures", "<ram:URIID schemeID=\"MAIL\">factures")]),
        holds("BR-CL-25", "the base invoice's electronic addresses"),
        fires(
            "BR-CL-26", "a deliver-to location identifier scheme (BT-71-1) outside ISO 6523",
            [.replace("<ram:GlobalID schemeID=\"0088\">4012345000009", "<ram:GlobalID schemeID=\"GLN\">4012345000009")]),
        holds("BR-CL-26", "the base invoice's deliver-to location identifier"),
    ]
}
