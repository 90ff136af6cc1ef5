import InvoiceModel
import InvoiceXML

/// The VAT category families of EN 16931 read from CII: standard rate (S), zero rated (Z), exempt (E),
/// reverse charge (AE), intra-community supply (K, rules BR-IC-), export (G), not subject to VAT (O),
/// Canary Islands IGIC (L, rules BR-AF-), Ceuta and Melilla IPSI (M, rules BR-AG-), split payment (B).
///
/// Each family checks the VAT breakdown of its category (BG-23: taxable amount, tax, exemption reason),
/// and the lines (BG-25), document allowances (BG-20) and charges (BG-21) of its category (seller's
/// VAT identifier, rate). The official CII rules differ in detail from one family to the next (which
/// seller identifiers count, a tolerance of one unit or an exact taxable amount, whether the breakdown
/// must say VAT); each is reproduced as written.
extension EN16931 {
    /// The category-presence rules checked on the invoice root (BR-S-01 …).
    static func ciiVATCategoryPresenceAssertions(_ p: CIIPaths) -> [Assertion] {
        /// Both a line or allowance/charge of the category and a breakdown, counting breakdowns too (S, L, M).
        let breakdownWithUse: @Sendable (String, String) -> Assertion = { id, code in
            Assertion(id) { d, _ in
                let c = d.ciiCategoryCensus(code, p)
                return (c.lines + c.breakdowns >= 2 || c.lines == 0)
                    && (c.allowancesCharges + c.breakdowns >= 2 || c.allowancesCharges == 0)
            }
        }
        /// Exactly one breakdown when the category is used, none otherwise (Z, E, AE, K, G).
        let singleBreakdown: @Sendable (String, String) -> Assertion = { id, code in
            Assertion(id) { d, _ in
                let c = d.ciiCategoryCensus(code, p)
                return (c.breakdowns == 0 && c.lines == 0 && c.allowancesCharges == 0)
                    || (c.breakdowns == 1 && (c.lines > 0 || c.allowancesCharges > 0))
            }
        }
        return [
            breakdownWithUse("BR-S-01", "S"),
            singleBreakdown("BR-Z-01", "Z"),
            singleBreakdown("BR-E-01", "E"),
            singleBreakdown("BR-AE-01", "AE"),
            singleBreakdown("BR-IC-01", "K"),
            singleBreakdown("BR-G-01", "G"),
            // O: a breakdown, when there is one, is alone and used
            Assertion("BR-O-01") { d, _ in
                let c = d.ciiCategoryCensus("O", p)
                return c.breakdowns == 0 || (c.breakdowns == 1 && (c.lines > 0 || c.allowancesCharges > 0))
            },
            breakdownWithUse("BR-AF-01", "L"),
            breakdownWithUse("BR-AG-01", "M"),
        ]
    }

    /// The family rules, in the official order.
    static func ciiVATCategoryRules(_ p: CIIPaths) -> [ContextRule] {
        let vatOrForeignID: Set<String> = ["VA", "FC"]
        let vatID: Set<String> = ["VA"]
        // Which parties are identified is computed once per document: every line's VAT asks.
        let sellerIdentifiedKey = DocumentValue<Bool>(), anySellerVATKey = DocumentValue<Bool>()
        let anyBuyerVATKey = DocumentValue<Bool>(), reverseChargeKey = DocumentValue<Bool>()
        let nobodyIdentifiedKey = DocumentValue<Bool>()
        // The seller (or its tax representative) has a VAT identifier, read at the invoice's agreement.
        let sellerIdentified: @Sendable (Document) -> Bool = { d in
            d.value(sellerIdentifiedKey) {
                d.ciiAnyParty(p.seller, hasTaxRegistration: vatOrForeignID, p)
                    || d.ciiAnyParty(p.sellerTaxRepresentative, hasTaxRegistration: vatID, p)
            }
        }
        // Same, for any seller party in the document, VAT identifiers only.
        let anySellerHasVATID: @Sendable (Document) -> Bool = { d in
            d.value(anySellerVATKey) {
                d.ciiAnyParty(named: p.sellerParty, hasTaxRegistration: vatID, p)
                    || d.ciiAnyParty(named: p.sellerTaxRepresentativeParty, hasTaxRegistration: vatID, p)
            }
        }
        let anyBuyerHasVATID: @Sendable (Document) -> Bool = { d in
            d.value(anyBuyerVATKey) { d.ciiAnyParty(named: p.buyerParty, hasTaxRegistration: vatID, p) }
        }
        // AE: seller and buyer identified (the buyer by VAT or legal registration).
        let reverseChargeParties: @Sendable (Document) -> Bool = { d in
            d.value(reverseChargeKey) {
                let seller =
                    d.ciiAnyParty(named: p.sellerParty, hasTaxRegistration: vatOrForeignID, p)
                    || d.ciiAnyParty(named: p.sellerTaxRepresentativeParty, hasTaxRegistration: vatID, p)
                let buyer = anyBuyerHasVATID(d) || d.tree.nodes(named: p.buyerParty).contains { d.exists(p.legalOrganizationID, $0) }
                return seller && buyer
            }
        }
        // O: nobody shows a VAT identifier.
        let nobodyIdentified: @Sendable (Document) -> Bool = { d in
            d.value(nobodyIdentifiedKey) {
                !d.ciiAnyParty(p.seller, hasTaxRegistration: vatID, p)
                    && !d.ciiAnyParty(p.sellerTaxRepresentative, hasTaxRegistration: vatID, p)
                    && !anyBuyerHasVATID(d)
            }
        }
        let zeroRate: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in d.ciiAnyNumber(p.rate, n) { $0 == 0 } }
        let positiveRate: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in d.ciiAnyNumber(p.rate, n) { $0 > 0 } }
        let nonNegativeRate: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in d.ciiAnyNumber(p.rate, n) { $0 >= 0 } }
        let noRate: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in !d.exists(p.rate, n) }

        /// Line, allowance and charge rules of one family: ids -02/-05, -03/-06, -04/-07.
        func uses(
            _ family: String, _ code: String, parties: @escaping @Sendable (Document) -> Bool,
            rate: @escaping @Sendable (Document, XMLTree.Node) -> Bool
        ) -> (line: ContextRule, allowance: ContextRule, charge: ContextRule) {
            (
                ContextRule(
                    ciiLineTaxContext(code, p),
                    [
                        Assertion("\(family)-02") { d, _ in parties(d) },
                        Assertion("\(family)-05", rate),
                    ]),
                ContextRule(
                    ciiAllowanceChargeTaxContext(code, charge: false, p),
                    [
                        Assertion("\(family)-03") { d, _ in parties(d) },
                        Assertion("\(family)-06", rate),
                    ]),
                ContextRule(
                    ciiAllowanceChargeTaxContext(code, charge: true, p),
                    [
                        Assertion("\(family)-04") { d, _ in parties(d) },
                        Assertion("\(family)-07", rate),
                    ])
            )
        }

        let ae = uses("BR-AE", "AE", parties: reverseChargeParties, rate: zeroRate)
        let af = uses("BR-AF", "L", parties: sellerIdentified, rate: positiveRate)
        let ag = uses("BR-AG", "M", parties: sellerIdentified, rate: nonNegativeRate)
        let e = uses("BR-E", "E", parties: sellerIdentified, rate: zeroRate)
        let g = uses("BR-G", "G", parties: anySellerHasVATID, rate: zeroRate)
        let ic = uses("BR-IC", "K", parties: { d in anySellerHasVATID(d) && anyBuyerHasVATID(d) }, rate: zeroRate)
        let o = uses("BR-O", "O", parties: nobodyIdentified, rate: noRate)
        let sr = uses("BR-S", "S", parties: sellerIdentified, rate: positiveRate)
        let z = uses("BR-Z", "Z", parties: sellerIdentified, rate: zeroRate)

        return [
            ciiZeroTaxBreakdownRule("BR-AE", "AE", p), ae.allowance, ae.charge, ae.line,
            ciiRatedBreakdownRule("BR-AF", "L", p), af.line, af.allowance, af.charge,
            ciiRatedBreakdownRule("BR-AG", "M", p), ag.line, ag.allowance, ag.charge,
            ciiZeroTaxBreakdownRule("BR-E", "E", p), e.allowance, e.charge, e.line,
            ciiZeroTaxBreakdownRule("BR-G", "G", p), g.allowance, g.charge, g.line,
            ciiIntraCommunityBreakdownRule(p), ic.allowance, ic.charge, ic.line,
            ciiNotSubjectBreakdownRule(p), o.allowance, o.charge, o.line,
            ciiStandardRateBreakdownRule(p), sr.line, sr.allowance, sr.charge,
            ciiZeroRatedBreakdownRule(p), z.allowance, z.charge, z.line,
        ]
    }

    // MARK: Contexts

    /// A line's VAT (BG-30) of category `code`, typed VAT.
    private static func ciiLineTaxContext(_ code: String, _ p: CIIPaths) -> ContextPattern {
        ContextPattern(
            "//rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax",
            p.s
        ) { d, n in d.ciiHasCategory(n, code, p) && d.ciiIsVAT(n, typeCode: p.typeCode) }
    }

    /// The VAT of a document allowance (BG-20) or charge (BG-21) of category `code`, typed VAT.
    private static func ciiAllowanceChargeTaxContext(_ code: String, charge: Bool, _ p: CIIPaths) -> ContextPattern {
        ContextPattern("//ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax", p.s) { d, n in
            guard let allowanceCharge = d.tree.parent(n), d.ciiIsCharge(allowanceCharge, charge, p) else { return false }
            return d.ciiHasCategory(n, code, p) && d.ciiIsVAT(n, typeCode: p.typeCode)
        }
    }

    /// The category code of a VAT breakdown of the invoice transaction, equal to `code` and typed VAT.
    private static func ciiBreakdownCategoryContext(_ code: String, _ p: CIIPaths) -> ContextPattern {
        ContextPattern(
            "//rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", p.s
        ) { d, n in
            guard d.string(n) == code, let tax = d.tree.parent(n) else { return false }
            return d.ciiIsVAT(tax, typeCode: p.typeCode)
        }
    }

    /// A VAT breakdown of the invoice transaction (the element itself) of category `code`, typed VAT.
    private static func ciiBreakdownContext(_ code: String, _ p: CIIPaths) -> ContextPattern {
        ContextPattern("//rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", p.s) { d, n in
            d.ciiHasCategory(n, code, p) && d.ciiIsVAT(n, typeCode: p.typeCode)
        }
    }

    // MARK: Breakdown rules

    /// BT-116 within one unit of the category's Σ BT-131 + Σ BT-99 − Σ BT-92 (each sum rounded to cents);
    /// checked on the category code, `..` being the breakdown.
    private static func ciiTaxableWithinOneUnit(_ id: String, _ code: String, _ p: CIIPaths) -> Assertion {
        Assertion(id) { d, n in
            guard let tax = d.tree.parent(n), let basisNode = d.first(p.basisAmount, tax), let basis = d.ciiDouble(basisNode),
                let expected = d.ciiCategoryTaxableAmount(code, rate: nil, p)
            else { return false }
            let target = CIINumber.double(expected)
            return basis - 1 < target && basis + 1 > target
        }
    }

    /// BT-117 = 0, read on the breakdown `..` of the category code.
    private static func ciiNoTaxOnParent(_ id: String, _ p: CIIPaths) -> Assertion {
        Assertion(id) { d, n in
            guard let tax = d.tree.parent(n) else { return false }
            return d.ciiAnyNumber(p.calculatedAmount, tax) { $0 == 0 }
        }
    }

    /// BT-120 or BT-121 present (`present`) or both absent, on the breakdown `..` of the category code.
    private static func ciiExemptionOnParent(_ id: String, present: Bool, _ p: CIIPaths) -> Assertion {
        Assertion(id) { d, n in
            guard let tax = d.tree.parent(n) else { return false }
            let given = d.exists(p.exemptionReason, tax) || d.exists(p.exemptionReasonCode, tax)
            return given == present
        }
    }

    /// AE, E, G: taxable amount within one unit, no tax, an exemption reason.
    private static func ciiZeroTaxBreakdownRule(_ family: String, _ code: String, _ p: CIIPaths) -> ContextRule {
        ContextRule(
            ciiBreakdownCategoryContext(code, p),
            [
                ciiTaxableWithinOneUnit("\(family)-08", code, p),
                ciiNoTaxOnParent("\(family)-09", p),
                ciiExemptionOnParent("\(family)-10", present: true, p),
            ])
    }

    /// K (intra-community supply): as AE, plus a delivery date or invoicing period (BR-IC-11) and the
    /// deliver-to country (BR-IC-12).
    private static func ciiIntraCommunityBreakdownRule(_ p: CIIPaths) -> ContextRule {
        let s = p.s
        let deliveryDate = Path(
            "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString",
            s)
        let periodStart = Path("../../ram:BillingSpecifiedPeriod/ram:StartDateTime", s)
        let periodEnd = Path("../../ram:BillingSpecifiedPeriod/ram:EndDateTime", s)
        let deliverToCountry = Path(
            "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery/ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID",
            s)
        return ContextRule(
            ciiBreakdownCategoryContext("K", p),
            [
                ciiTaxableWithinOneUnit("BR-IC-08", "K", p),
                ciiNoTaxOnParent("BR-IC-09", p),
                ciiExemptionOnParent("BR-IC-10", present: true, p),
                // BT-72 or BG-14
                Assertion("BR-IC-11") { d, n in d.exists(deliveryDate, n) || d.exists(periodStart, n) || d.exists(periodEnd, n) },
                Assertion("BR-IC-12") { d, n in d.exists(deliverToCountry, n) },  // BT-80
            ])
    }

    /// L and M, checked on the breakdown itself: no exemption reason. The official taxable-amount test
    /// (-08) reads the rate one level too high, finds none and so always holds; -09 is always true.
    private static func ciiRatedBreakdownRule(_ family: String, _ code: String, _ p: CIIPaths) -> ContextRule {
        ContextRule(
            ciiBreakdownContext(code, p),
            [
                Assertion("\(family)-08") { _, _ in true },
                Assertion("\(family)-09") { _, _ in true },
                Assertion("\(family)-10") { d, n in !d.exists(p.exemptionReason, n) && !d.exists(p.exemptionReasonCode, n) },
            ])
    }

    /// O (not subject to VAT), checked on the breakdown itself: exact taxable amount, no tax, an exemption
    /// reason, and no other category anywhere in the invoice.
    private static func ciiNotSubjectBreakdownRule(_ p: CIIPaths) -> ContextRule {
        let otherCategory: @Sendable (Document, UInt32) -> Bool = { d, name in
            d.tree.nodes(named: name).contains { tax in d.select(p.categoryCode, tax).contains { d.string($0) != "O" } }
        }
        return ContextRule(
            ciiBreakdownContext("O", p),
            [
                Assertion("BR-O-08") { d, n in
                    guard let expected = d.ciiCategoryTaxableAmount("O", rate: nil, p) else { return false }
                    let target = CIINumber.double(expected)
                    return d.ciiAnyNumber(p.basisAmount, n) { $0 == target }
                },
                Assertion("BR-O-09") { d, n in d.ciiAnyNumber(p.calculatedAmount, n) { $0 == 0 } },
                Assertion("BR-O-10") { d, n in d.exists(p.exemptionReason, n) || d.exists(p.exemptionReasonCode, n) },
                Assertion("BR-O-11") { d, _ in !otherCategory(d, p.applicableTradeTax) },
                Assertion("BR-O-12") { d, _ in !otherCategory(d, p.applicableTradeTax) },
                Assertion("BR-O-13") { d, _ in !otherCategory(d, p.categoryTradeTax) },
                Assertion("BR-O-14") { d, _ in !otherCategory(d, p.categoryTradeTax) },
            ])
    }

    /// S, checked on the category code of any document-level breakdown: per rate, the exact taxable
    /// amount; the tax within one unit of BT-116 × BT-119 / 100; no exemption reason.
    private static func ciiStandardRateBreakdownRule(_ p: CIIPaths) -> ContextRule {
        let context = ContextPattern("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", p.s) { d, n in
            d.ciiText(n, is: "S")
        }
        return ContextRule(
            context,
            [
                Assertion("BR-S-08") { d, n in
                    guard let tax = d.tree.parent(n) else { return false }
                    for rateNode in d.select(p.rate, tax) {
                        guard let rate = d.decimal(rateNode), let expected = d.ciiCategoryTaxableAmount("S", rate: rate, p) else {
                            return false
                        }
                        let target = CIINumber.double(expected)
                        if !d.ciiAnyNumber(p.basisAmount, tax, { $0 == target }) { return false }
                    }
                    return true
                },
                Assertion("BR-S-09") { d, n in
                    guard let tax = d.tree.parent(n),
                        let calculated = d.decimal(p.calculatedAmount, tax),
                        let basis = d.decimal(p.basisAmount, tax),
                        let rateNode = d.first(p.rate, tax), let rate = d.ciiDouble(rateNode)
                    else { return false }
                    let expected = CIINumber.round(CIINumber.double(basis.magnitude) * rate) / 100
                    return CIINumber.double(calculated.magnitude - ExactDecimal(1)) < expected
                        && CIINumber.double(calculated.magnitude + ExactDecimal(1)) > expected
                },
                ciiExemptionOnParent("BR-S-10", present: false, p),
            ])
    }

    /// Z, checked on the category code of any document-level breakdown: taxable amount within one unit,
    /// no tax, no exemption reason.
    private static func ciiZeroRatedBreakdownRule(_ p: CIIPaths) -> ContextRule {
        let context = ContextPattern("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", p.s) { d, n in
            d.ciiText(n, is: "Z")
        }
        return ContextRule(
            context,
            [
                ciiTaxableWithinOneUnit("BR-Z-08", "Z", p),
                ciiNoTaxOnParent("BR-Z-09", p),
                ciiExemptionOnParent("BR-Z-10", present: false, p),
            ])
    }
}

/// How often a VAT category occurs: in line VAT (BG-30), in breakdowns (BG-23), in allowances and charges.
struct CIICategoryCensus {
    var lines = 0
    var breakdowns = 0
    var allowancesCharges = 0
}

extension Document {
    /// Counts the VAT elements carrying category `code`, anywhere in the document.
    func ciiCategoryCensus(_ code: String, _ p: CIIPaths) -> CIICategoryCensus {
        var census = CIICategoryCensus()
        for tax in tree.nodes(named: p.applicableTradeTax) where ciiHasCategory(tax, code, p) {
            guard let parent = tree.parent(tax) else { continue }
            let name = tree.nameID(parent)
            if name == p.lineSettlement { census.lines += 1 } else if name == p.headerSettlement { census.breakdowns += 1 }
        }
        for tax in tree.nodes(named: p.categoryTradeTax) where ciiHasCategory(tax, code, p) { census.allowancesCharges += 1 }
        return census
    }

    /// The taxable amount a breakdown of category `code` (and `rate`, when given) should show:
    /// Σ BT-131 of the lines in it + Σ BT-99 of the charges − Σ BT-92 of the allowances, each sum
    /// exact and rounded to cents. Lines and allowances/charges qualify when one of their VAT elements
    /// has the category and one has the rate. Nil when an amount is not a decimal.
    func ciiCategoryTaxableAmount(_ code: String, rate: ExactDecimal?, _ p: CIIPaths) -> ExactDecimal? {
        let hasRate: (XMLTree.Node) -> Bool = { tax in
            guard let rate else { return true }
            return self.select(p.rate, tax).contains { self.decimal($0) == rate }
        }
        var lineAmounts: [ExactDecimal?] = []
        for settlement in select(p.lineSettlements, root) {
            let taxes = select(p.lineTaxes, settlement)
            guard taxes.contains(where: { ciiHasCategory($0, code, p) }), taxes.contains(where: hasRate) else { continue }
            lineAmounts += select(p.lineNetAmount, settlement).map { decimal($0) }
        }
        var charges: [ExactDecimal?] = []
        var allowances: [ExactDecimal?] = []
        for item in select(p.headerAllowancesAndCharges, root) {
            let categories = select(p.allowanceChargeCategory, item)
            guard categories.contains(where: { ciiHasCategory($0, code, p) }), categories.contains(where: hasRate),
                let amount = first(p.firstActualAmount, item)
            else { continue }
            if ciiIsCharge(item, true, p) {
                charges.append(decimal(amount))
            } else if ciiIsCharge(item, false, p) {
                allowances.append(decimal(amount))
            }
        }
        guard let lines = CIINumber.sum(lineAmounts), let charged = CIINumber.sum(charges), let allowed = CIINumber.sum(allowances) else {
            return nil
        }
        return lines.rounded(toPlaces: 2) + charged.rounded(toPlaces: 2) - allowed.rounded(toPlaces: 2)
    }
}
