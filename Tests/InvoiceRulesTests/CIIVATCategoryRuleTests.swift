/// The VAT category families (BR-S-, BR-Z-, BR-E-, BR-AE-, BR-IC-, BR-G-, BR-O-, BR-AF-, BR-AG-, BR-B-).
///
/// The zero-rated line of base-invoice.xml (line 2, 100.00) and its breakdown are the pivot for the
/// other zero-tax categories (E, AE, K, G): moving them changes no amount. The standard-rated part
/// (line 1, the document allowance and charge, their breakdown) is the pivot for L, M and B, which
/// may keep the 20 % rate. Category O has its own fixture, not-subject-invoice.xml.
extension CIIRuleCase {
    static let vatCategories: [CIIRuleCase] =
        standardRate + zeroRated + exempt + reverseCharge + intraCommunity + export + notSubject
        + canaryIslands + ceutaMelilla + splitPayment

    // MARK: Variants of the base invoice

    static let zeroBasis = "<ram:BasisAmount>100.00</ram:BasisAmount>"
    static let exemptionReason = "<ram:ExemptionReason>Exonération, article 262 ter I du CGI</ram:ExemptionReason>"

    /// Line 2 and its breakdown moved from Z to `code`, with an exemption reason unless told otherwise.
    static func zeroRatedLine(as code: String, exemptionReason withReason: Bool = true) -> [CIIEdit] {
        let move = CIIEdit.everywhere("<ram:CategoryCode>Z</ram:CategoryCode>", "<ram:CategoryCode>\(code)</ram:CategoryCode>")
        return withReason ? [move, .insert(exemptionReason, before: zeroBasis)] : [move]
    }

    /// Everything standard rated (line 1, document allowance and charge, their breakdown) moved to `code`.
    static func standardRated(as code: String) -> [CIIEdit] {
        [.everywhere("<ram:CategoryCode>S</ram:CategoryCode>", "<ram:CategoryCode>\(code)</ram:CategoryCode>")]
    }

    /// The document allowance moved to category `code` at `rate` %.
    static func allowance(_ code: String, rate: String) -> [CIIEdit] {
        [
            .replace("<ram:CategoryCode>S</ram:CategoryCode>", "<ram:CategoryCode>\(code)</ram:CategoryCode>", after: documentAllowance),
            .replace(
                "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                "<ram:RateApplicablePercent>\(rate)</ram:RateApplicablePercent>", after: documentAllowance),
        ]
    }

    /// The document charge moved to category `code` at `rate` %.
    static func charge(_ code: String, rate: String) -> [CIIEdit] {
        [
            .replace(
                "<ram:CategoryCode>S</ram:CategoryCode>", "<ram:CategoryCode>\(code)</ram:CategoryCode>",
                after: "<ram:Reason>Port</ram:Reason>"),
            .replace(
                "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                "<ram:RateApplicablePercent>\(rate)</ram:RateApplicablePercent>", after: "<ram:Reason>Port</ram:Reason>"),
        ]
    }

    /// The document allowance's rate changed from 20 to `rate`, its category kept.
    static func allowanceRate(_ rate: String) -> [CIIEdit] {
        [
            .replace(
                "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                "<ram:RateApplicablePercent>\(rate)</ram:RateApplicablePercent>", after: documentAllowance)
        ]
    }

    /// The document charge's rate changed from 20 to `rate`, its category kept.
    static func chargeRate(_ rate: String) -> [CIIEdit] {
        [
            .replace(
                "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                "<ram:RateApplicablePercent>\(rate)</ram:RateApplicablePercent>", after: "<ram:Reason>Port</ram:Reason>")
        ]
    }

    /// No party shows a VAT identifier (seller, buyer, tax representative): their schemes become XX.
    static let noVATIdentifiers: [CIIEdit] = [.everywhere("schemeID=\"VA\"", "schemeID=\"XX\"")]
    /// The seller identified by a foreign tax registration (FC) only, the tax representative not at all.
    static let sellerWithForeignRegistrationOnly: [CIIEdit] = [
        .replace("schemeID=\"VA\">FR32123456789", "schemeID=\"FC\">FR32123456789"),
        .replace("schemeID=\"VA\">FR55987654321", "schemeID=\"XX\">FR55987654321"),
    ]
    /// The buyer without VAT identifier.
    static let buyerWithoutVATIdentifier: [CIIEdit] = [.replace("schemeID=\"VA\">DE123456789", "schemeID=\"XX\">DE123456789")]

    /// Line 2's rate changed from 0 to `rate`.
    static func zeroRatedLineRate(_ rate: String) -> [CIIEdit] {
        [
            .replace(
                "<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", "<ram:RateApplicablePercent>\(rate)</ram:RateApplicablePercent>"
            )
        ]
    }

    /// Line 1's rate changed from 20 to `rate`.
    static func standardLineRate(_ rate: String) -> [CIIEdit] {
        [
            .replace(
                "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                "<ram:RateApplicablePercent>\(rate)</ram:RateApplicablePercent>")
        ]
    }

    static func zeroBasis(_ amount: String) -> [CIIEdit] { [.replace(zeroBasis, "<ram:BasisAmount>\(amount)</ram:BasisAmount>")] }
    static func zeroTax(_ amount: String) -> [CIIEdit] {
        [.replace(zeroBreakdown, "<ram:CalculatedAmount>\(amount)</ram:CalculatedAmount>")]
    }

    /// The cases a zero-tax family (E, AE, K, G) shares: ids -01, -05 … -10, and -02 … -04 with `unidentified` edits.
    static func zeroTaxFamily(_ family: String, _ code: String, unidentified: [CIIEdit], _ name: String) -> [CIIRuleCase] {
        let variant = zeroRatedLine(as: code)
        return [
            fires(
                "\(family)-01", "a line \(name) (\(code)) without its breakdown",
                [.replace("<ram:CategoryCode>Z</ram:CategoryCode>", "<ram:CategoryCode>\(code)</ram:CategoryCode>")]),
            holds("\(family)-01", "one line and one breakdown \(name)", variant),
            fires("\(family)-02", "a line \(name) when the parties are not identified as required", variant + unidentified),
            holds("\(family)-02", "a line \(name) from identified parties", variant),
            fires(
                "\(family)-03", "a document allowance \(name) when the parties are not identified",
                variant + allowance(code, rate: "0") + unidentified),
            holds("\(family)-03", "a document allowance \(name) from identified parties", variant + allowance(code, rate: "0")),
            fires(
                "\(family)-04", "a document charge \(name) when the parties are not identified",
                variant + charge(code, rate: "0") + unidentified),
            holds("\(family)-04", "a document charge \(name) from identified parties", variant + charge(code, rate: "0")),
            fires("\(family)-05", "a line \(name) at 5 %", variant + zeroRatedLineRate("5")),
            holds("\(family)-05", "a line \(name) at 0 %", variant),
            fires("\(family)-06", "a document allowance \(name) at 20 %", variant + allowance(code, rate: "20")),
            holds("\(family)-06", "a document allowance \(name) at 0 %", variant + allowance(code, rate: "0")),
            fires("\(family)-07", "a document charge \(name) at 20 %", variant + charge(code, rate: "20")),
            holds("\(family)-07", "a document charge \(name) at 0.00 %", variant + charge(code, rate: "0.00")),
            fires("\(family)-08", "a taxable amount one unit above the lines'", variant + zeroBasis("101.00")),
            holds("\(family)-08", "a taxable amount less than one unit off is tolerated", variant + zeroBasis("100.99")),
            fires("\(family)-09", "VAT charged", variant + zeroTax("1.00")),
            holds("\(family)-09", "no VAT", variant),
            fires("\(family)-10", "no exemption reason", zeroRatedLine(as: code, exemptionReason: false)),
            holds(
                "\(family)-10", "an exemption reason code alone",
                zeroRatedLine(as: code, exemptionReason: false) + [
                    .insert(
                        "<ram:ExemptionReasonCode>VATEX-EU-132</ram:ExemptionReasonCode>",
                        before: "<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", after: zeroBreakdown)
                ]),
        ]
    }

    // MARK: Families

    static let standardRate: [CIIRuleCase] = [
        fires("BR-S-01", "standard-rated lines without their breakdown", [.removeElement("ram:ApplicableTradeTax", after: paymentMeans)]),
        holds("BR-S-01", "the base invoice's standard-rated breakdown"),
        fires("BR-S-02", "a standard-rated line from a seller without VAT identifier", noVATIdentifiers),
        holds("BR-S-02", "a seller with a foreign tax registration (FC) is enough", sellerWithForeignRegistrationOnly),
        fires("BR-S-03", "a standard-rated document allowance from a seller without VAT identifier", noVATIdentifiers),
        holds("BR-S-03", "the base invoice's seller"),
        fires("BR-S-04", "a standard-rated document charge from a seller without VAT identifier", noVATIdentifiers),
        holds("BR-S-04", "the base invoice's seller"),
        fires("BR-S-05", "a standard-rated line at 0 %", standardLineRate("0")),
        holds("BR-S-05", "the base invoice's line at 20 %"),
        fires("BR-S-06", "a standard-rated document allowance at 0 %", allowance("S", rate: "0")),
        holds("BR-S-06", "the base invoice's allowance at 20 %"),
        fires("BR-S-07", "a standard-rated document charge at 0 %", charge("S", rate: "0")),
        holds("BR-S-07", "the base invoice's charge at 20 %"),
        fires(
            "BR-S-08", "a taxable amount one cent off",
            [.replace("<ram:BasisAmount>720.00</ram:BasisAmount>", "<ram:BasisAmount>720.01</ram:BasisAmount>")]),
        fires(
            "BR-S-08", "a breakdown at a rate no line has",
            [
                .replace(
                    "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                    "<ram:RateApplicablePercent>19</ram:RateApplicablePercent>", after: standardBreakdown)
            ]),
        holds(
            "BR-S-08", "rates compared as numbers: 20.00 is 20",
            [
                .replace(
                    "<ram:RateApplicablePercent>20</ram:RateApplicablePercent>",
                    "<ram:RateApplicablePercent>20.00</ram:RateApplicablePercent>", after: standardBreakdown)
            ]),
        fires(
            "BR-S-09", "VAT one unit off BT-116 × BT-119",
            [.replace(standardBreakdown, "<ram:CalculatedAmount>145.00</ram:CalculatedAmount>")]),
        holds(
            "BR-S-09", "VAT less than one unit off", [.replace(standardBreakdown, "<ram:CalculatedAmount>144.99</ram:CalculatedAmount>")]),
        fires(
            "BR-S-10", "an exemption reason on a standard-rated breakdown",
            [.insert(exemptionReason, before: "<ram:BasisAmount>720.00</ram:BasisAmount>")]),
        holds("BR-S-10", "the base invoice's standard-rated breakdown"),
    ]

    static let zeroRated: [CIIRuleCase] = [
        fires("BR-Z-01", "a zero-rated line without its breakdown", [.removeElement("ram:ApplicableTradeTax", after: standardBreakdown)]),
        fires(
            "BR-Z-01", "two zero-rated breakdowns",
            [
                .insert(
                    "<ram:ApplicableTradeTax><ram:CalculatedAmount>0</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>0</ram:BasisAmount><ram:CategoryCode>Z</ram:CategoryCode><ram:RateApplicablePercent>0</ram:RateApplicablePercent></ram:ApplicableTradeTax>",
                    before: "<ram:BillingSpecifiedPeriod>", after: standardBreakdown)
            ]),
        holds("BR-Z-01", "the base invoice's zero-rated line and breakdown"),
        fires("BR-Z-02", "a zero-rated line from a seller without VAT identifier", noVATIdentifiers),
        holds("BR-Z-02", "the base invoice's seller"),
        fires(
            "BR-Z-03", "a zero-rated document allowance from a seller without VAT identifier", allowance("Z", rate: "0") + noVATIdentifiers),
        holds("BR-Z-03", "a zero-rated document allowance", allowance("Z", rate: "0")),
        fires("BR-Z-04", "a zero-rated document charge from a seller without VAT identifier", charge("Z", rate: "0") + noVATIdentifiers),
        holds("BR-Z-04", "a zero-rated document charge", charge("Z", rate: "0")),
        fires("BR-Z-05", "a zero-rated line at 5 %", zeroRatedLineRate("5")),
        holds("BR-Z-05", "the base invoice's zero-rated line"),
        fires("BR-Z-06", "a zero-rated document allowance at 20 %", allowance("Z", rate: "20")),
        holds("BR-Z-06", "a zero-rated document allowance at 0 %", allowance("Z", rate: "0")),
        fires("BR-Z-07", "a zero-rated document charge at 20 %", charge("Z", rate: "20")),
        holds("BR-Z-07", "a zero-rated document charge at 0 %", charge("Z", rate: "0")),
        fires("BR-Z-08", "a taxable amount one unit above the lines'", zeroBasis("101.00")),
        holds("BR-Z-08", "a taxable amount less than one unit off is tolerated", zeroBasis("99.01")),
        fires("BR-Z-09", "VAT on a zero-rated breakdown", zeroTax("0.50")),
        holds("BR-Z-09", "the base invoice's zero-rated breakdown"),
        fires("BR-Z-10", "an exemption reason on a zero-rated breakdown", [.insert(exemptionReason, before: zeroBasis)]),
        holds("BR-Z-10", "the base invoice's zero-rated breakdown"),
    ]

    static let exempt: [CIIRuleCase] =
        zeroTaxFamily("BR-E", "E", unidentified: noVATIdentifiers, "exempt") + [
            holds(
                "BR-E-02", "a seller with a foreign tax registration (FC) is enough",
                zeroRatedLine(as: "E") + sellerWithForeignRegistrationOnly)
        ]

    static let reverseCharge: [CIIRuleCase] =
        zeroTaxFamily("BR-AE", "AE", unidentified: noVATIdentifiers, "reverse charged") + [
            fires(
                "BR-AE-02", "a buyer with neither VAT identifier nor legal registration",
                zeroRatedLine(as: "AE") + buyerWithoutVATIdentifier + [
                    .removeElement("ram:SpecifiedLegalOrganization", after: buyerName)
                ]),
            holds("BR-AE-02", "a buyer with a legal registration only", zeroRatedLine(as: "AE") + buyerWithoutVATIdentifier),
        ]

    static let intraCommunity: [CIIRuleCase] =
        zeroTaxFamily("BR-IC", "K", unidentified: buyerWithoutVATIdentifier, "intra-community") + [
            fires(
                "BR-IC-11", "neither delivery date (BT-72) nor invoicing period (BG-14)",
                zeroRatedLine(as: "K") + [
                    .removeElement("ram:ActualDeliverySupplyChainEvent"),
                    .removeElement("ram:BillingSpecifiedPeriod", after: zeroBasis),
                ]),
            holds(
                "BR-IC-11", "an invoicing period without delivery date",
                zeroRatedLine(as: "K") + [.removeElement("ram:ActualDeliverySupplyChainEvent")]),
            fires(
                "BR-IC-12", "no deliver-to country (BT-80)",
                zeroRatedLine(as: "K") + [.removeElement("ram:PostalTradeAddress", after: shipToName)]),
            holds("BR-IC-12", "the base invoice's deliver-to country", zeroRatedLine(as: "K")),
        ]

    static let export: [CIIRuleCase] =
        zeroTaxFamily("BR-G", "G", unidentified: noVATIdentifiers, "exported") + [
            fires(
                "BR-G-02", "a foreign tax registration (FC) is not enough for export",
                zeroRatedLine(as: "G") + sellerWithForeignRegistrationOnly)
        ]

    static let notSubject: [CIIRuleCase] = [
        fires(
            "BR-O-01", "two breakdowns not subject to VAT", on: .notSubject,
            [
                .insert(
                    "<ram:ApplicableTradeTax><ram:CalculatedAmount>0.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:ExemptionReason>Non soumis</ram:ExemptionReason><ram:BasisAmount>0.00</ram:BasisAmount><ram:CategoryCode>O</ram:CategoryCode></ram:ApplicableTradeTax>",
                    before: "<ram:SpecifiedTradeAllowanceCharge>")
            ]),
        fires(
            "BR-O-01", "a breakdown not subject to VAT that nothing uses",
            [.replace("<ram:CategoryCode>Z</ram:CategoryCode>", "<ram:CategoryCode>O</ram:CategoryCode>", after: zeroBreakdown)]),
        holds("BR-O-01", "one breakdown for the invoice's lines", on: .notSubject),
        fires(
            "BR-O-02", "a line not subject to VAT from a seller with a VAT identifier", on: .notSubject,
            [.insert(sellerVATRegistration, before: "</ram:SellerTradeParty>")]),
        holds("BR-O-02", "a seller without VAT identifier", on: .notSubject),
        fires(
            "BR-O-03", "an allowance not subject to VAT billed to a buyer with a VAT identifier", on: .notSubject,
            [.insert(buyerVATRegistration, before: "</ram:BuyerTradeParty>")]),
        holds("BR-O-03", "a buyer without VAT identifier", on: .notSubject),
        fires(
            "BR-O-04", "a charge not subject to VAT from a seller with a VAT identifier", on: .notSubject,
            [.insert(sellerVATRegistration, before: "</ram:SellerTradeParty>")]),
        holds("BR-O-04", "parties without VAT identifiers", on: .notSubject),
        fires(
            "BR-O-05", "a line not subject to VAT with a rate", on: .notSubject,
            [.insert("<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", before: "</ram:ApplicableTradeTax>")]),
        holds("BR-O-05", "a line without rate", on: .notSubject),
        fires(
            "BR-O-06", "an allowance not subject to VAT with a rate", on: .notSubject,
            [.insert("<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", before: "</ram:CategoryTradeTax>")]),
        holds("BR-O-06", "an allowance without rate", on: .notSubject),
        fires(
            "BR-O-07", "a charge not subject to VAT with a rate", on: .notSubject,
            [
                .insert(
                    "<ram:RateApplicablePercent>0</ram:RateApplicablePercent>", before: "</ram:CategoryTradeTax>",
                    after: "<ram:Reason>Frais de dossier</ram:Reason>")
            ]),
        holds("BR-O-07", "a charge without rate", on: .notSubject),
        fires(
            "BR-O-08", "a taxable amount 0.50 off (no tolerance for O)", on: .notSubject,
            [.replace("<ram:BasisAmount>480.00</ram:BasisAmount>", "<ram:BasisAmount>480.50</ram:BasisAmount>")]),
        holds(
            "BR-O-08", "the taxable amount compared as a number", on: .notSubject,
            [.replace("<ram:BasisAmount>480.00</ram:BasisAmount>", "<ram:BasisAmount>480.0</ram:BasisAmount>")]),
        fires(
            "BR-O-09", "VAT on a breakdown not subject to VAT", on: .notSubject,
            [.replace("<ram:CalculatedAmount>0.00</ram:CalculatedAmount>", "<ram:CalculatedAmount>0.01</ram:CalculatedAmount>")]),
        holds("BR-O-09", "no VAT", on: .notSubject),
        fires(
            "BR-O-10", "no exemption reason", on: .notSubject,
            [
                .remove("<ram:ExemptionReason>Non soumis à la TVA</ram:ExemptionReason>"),
                .remove("<ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>"),
            ]),
        holds(
            "BR-O-10", "an exemption reason code alone", on: .notSubject,
            [.remove("<ram:ExemptionReason>Non soumis à la TVA</ram:ExemptionReason>")]),
        fires(
            "BR-O-11", "a line of another category beside O", on: .notSubject,
            [.replace("<ram:CategoryCode>O</ram:CategoryCode>", "<ram:CategoryCode>E</ram:CategoryCode>")]),
        holds("BR-O-11", "only category O", on: .notSubject),
        fires(
            "BR-O-12", "a line of another category beside O", on: .notSubject,
            [.replace("<ram:CategoryCode>O</ram:CategoryCode>", "<ram:CategoryCode>E</ram:CategoryCode>")]),
        holds("BR-O-12", "only category O", on: .notSubject),
        fires(
            "BR-O-13", "an allowance of another category beside O", on: .notSubject,
            [
                .replace(
                    "<ram:CategoryCode>O</ram:CategoryCode>", "<ram:CategoryCode>E</ram:CategoryCode>",
                    after: "<ram:Reason>Remise adhérent</ram:Reason>")
            ]),
        holds("BR-O-13", "only category O", on: .notSubject),
        fires(
            "BR-O-14", "a charge of another category beside O", on: .notSubject,
            [
                .replace(
                    "<ram:CategoryCode>O</ram:CategoryCode>", "<ram:CategoryCode>E</ram:CategoryCode>",
                    after: "<ram:Reason>Frais de dossier</ram:Reason>")
            ]),
        holds("BR-O-14", "only category O", on: .notSubject),
    ]

    static let sellerVATRegistration =
        "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">FR40812345678</ram:ID></ram:SpecifiedTaxRegistration>"
    static let buyerVATRegistration =
        "<ram:SpecifiedTaxRegistration><ram:ID schemeID=\"VA\">FR61552081317</ram:ID></ram:SpecifiedTaxRegistration>"

    /// L and M keep the 20 % rate of the standard-rated part; ids -02 … -07 and -10 are shared.
    static func ratedFamily(_ family: String, _ code: String, _ name: String) -> [CIIRuleCase] {
        let variant = standardRated(as: code)
        return [
            fires(
                "\(family)-01", "a line \(name) without its breakdown",
                [.replace("<ram:CategoryCode>S</ram:CategoryCode>", "<ram:CategoryCode>\(code)</ram:CategoryCode>")]),
            holds("\(family)-01", "lines, allowance, charge and breakdown \(name)", variant),
            fires("\(family)-02", "a line \(name) from a seller without VAT identifier", variant + noVATIdentifiers),
            holds("\(family)-02", "a seller with a foreign tax registration (FC)", variant + sellerWithForeignRegistrationOnly),
            fires("\(family)-03", "a document allowance \(name) from a seller without VAT identifier", variant + noVATIdentifiers),
            holds("\(family)-03", "a document allowance \(name)", variant),
            fires("\(family)-04", "a document charge \(name) from a seller without VAT identifier", variant + noVATIdentifiers),
            holds("\(family)-04", "a document charge \(name)", variant),
            holds(
                "\(family)-08", "never fails in CII: the rate is read one level too high, even for a wrong taxable amount",
                variant + [
                    .replace("<ram:BasisAmount>720.00</ram:BasisAmount>", "<ram:BasisAmount>999.00</ram:BasisAmount>")
                ]),
            holds(
                "\(family)-09", "never fails in CII, even for a wrong VAT amount",
                variant + [.replace(standardBreakdown, "<ram:CalculatedAmount>150.00</ram:CalculatedAmount>")]),
            fires(
                "\(family)-10", "an exemption reason on a breakdown \(name)",
                variant + [.insert(exemptionReason, before: "<ram:BasisAmount>720.00</ram:BasisAmount>")]),
            holds("\(family)-10", "no exemption reason", variant),
        ]
    }

    static let canaryIslands: [CIIRuleCase] =
        ratedFamily("BR-AF", "L", "under IGIC") + [
            fires("BR-AF-05", "a line under IGIC at 0 %", standardRated(as: "L") + standardLineRate("0")),
            holds("BR-AF-05", "a line under IGIC at 20 %", standardRated(as: "L")),
            fires("BR-AF-06", "a document allowance under IGIC at 0 %", standardRated(as: "L") + allowanceRate("0")),
            holds("BR-AF-06", "a document allowance under IGIC at 20 %", standardRated(as: "L")),
            fires("BR-AF-07", "a document charge under IGIC at 0 %", standardRated(as: "L") + chargeRate("0")),
            holds("BR-AF-07", "a document charge under IGIC at 20 %", standardRated(as: "L")),
            holds(
                "BR-CO-17", "an IGIC breakdown is claimed by its family and not checked for its VAT amount",
                standardRated(as: "L") + [
                    .replace(standardBreakdown, "<ram:CalculatedAmount>150.00</ram:CalculatedAmount>")
                ]),
            holds(
                "BR-45", "an IGIC breakdown is not checked for its taxable amount",
                standardRated(as: "L") + [.remove("<ram:BasisAmount>720.00</ram:BasisAmount>")]),
        ]

    static let ceutaMelilla: [CIIRuleCase] =
        ratedFamily("BR-AG", "M", "under IPSI") + [
            fires("BR-AG-05", "a line under IPSI at a negative rate", standardRated(as: "M") + standardLineRate("-1")),
            holds("BR-AG-05", "a line under IPSI at 0 %", standardRated(as: "M") + standardLineRate("0")),
            fires("BR-AG-06", "a document allowance under IPSI at a negative rate", standardRated(as: "M") + allowanceRate("-1")),
            holds("BR-AG-06", "a document allowance under IPSI at 0 %", standardRated(as: "M") + allowanceRate("0")),
            fires("BR-AG-07", "a document charge under IPSI at a negative rate", standardRated(as: "M") + chargeRate("-1")),
            holds("BR-AG-07", "a document charge under IPSI at 0 %", standardRated(as: "M") + chargeRate("0")),
        ]

    static let splitPayment: [CIIRuleCase] = [
        fires("BR-B-01", "split payment with a country other than Italy", standardRated(as: "B")),
        holds(
            "BR-B-01", "split payment where every country is Italy",
            standardRated(as: "B") + [
                .everywhere("<ram:CountryID>FR</ram:CountryID>", "<ram:CountryID>IT</ram:CountryID>"),
                .everywhere("<ram:CountryID>DE</ram:CountryID>", "<ram:CountryID>IT</ram:CountryID>"),
            ]),
        fires(
            "BR-B-02", "split payment beside standard rate",
            [.replace("<ram:CategoryCode>S</ram:CategoryCode>", "<ram:CategoryCode>B</ram:CategoryCode>")]),
        holds("BR-B-02", "split payment instead of standard rate", standardRated(as: "B")),
    ]
}
