import Foundation
import InvoiceModel
import InvoiceXML

/// How the rules of one VAT category family (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF,
/// BR-AG) check the breakdown and the categories that use the code.
struct UBLVATFamily: Sendable {
    /// How the breakdown's taxable amount (BT-116) must match what the lines and allowances/charges of the category add up to.
    enum TaxableCheck: Sendable {
        /// Exactly the sum of the category's lines (BT-131) plus charges (BT-99) minus allowances (BT-92).
        case exact
        /// Within one unit of that sum, taken over the lines and allowances/charges at the breakdown's
        /// rate (BT-119), when some line or allowance/charge of the document uses that rate (BR-S-08).
        case withinOneAtRateWhenUsed
        /// Within one unit of that sum at the breakdown's rate, whenever the document has lines (BR-AF-08, BR-AG-08).
        case withinOneAtRate
    }

    /// What the VAT category rate (BT-96, BT-103, BT-119, BT-152) must be.
    enum RateCheck: Sendable {
        case zero, positive, nonNegative, absent
    }

    /// The rule-id family (`AE`, `IC` …).
    let family: String
    /// The category code (UNCL 5305: `AE`, `K` …).
    let code: String
    let taxable: TaxableCheck
    /// Whether the category's VAT amount (BT-117) must be zero; otherwise it must be the taxable
    /// amount at the rate, within one unit.
    let zeroTax: Bool
    /// Whether the breakdown must give an exemption reason (BT-120 or BT-121), or must not give one.
    let exemptionReasonRequired: Bool
    let rate: RateCheck

    /// The families in the official order of their rules.
    static let all: [UBLVATFamily] = [
        UBLVATFamily(family: "AE", code: "AE", taxable: .exact, zeroTax: true, exemptionReasonRequired: true, rate: .zero),
        UBLVATFamily(family: "E", code: "E", taxable: .exact, zeroTax: true, exemptionReasonRequired: true, rate: .zero),
        UBLVATFamily(family: "G", code: "G", taxable: .exact, zeroTax: true, exemptionReasonRequired: true, rate: .zero),
        UBLVATFamily(family: "IC", code: "K", taxable: .exact, zeroTax: true, exemptionReasonRequired: true, rate: .zero),
        UBLVATFamily(
            family: "AF", code: "L", taxable: .withinOneAtRate, zeroTax: false, exemptionReasonRequired: false,
            rate: .nonNegative),
        UBLVATFamily(
            family: "AG", code: "M", taxable: .withinOneAtRate, zeroTax: false, exemptionReasonRequired: false,
            rate: .nonNegative),
        UBLVATFamily(family: "O", code: "O", taxable: .exact, zeroTax: true, exemptionReasonRequired: true, rate: .absent),
        UBLVATFamily(
            family: "S", code: "S", taxable: .withinOneAtRateWhenUsed, zeroTax: false, exemptionReasonRequired: false,
            rate: .positive),
        UBLVATFamily(family: "Z", code: "Z", taxable: .exact, zeroTax: true, exemptionReasonRequired: false, rate: .zero),
    ]
}

extension EN16931 {
    /// The VAT category rules checked on the invoice as a whole: a breakdown for every category used,
    /// and the VAT identifiers each category requires of the seller and buyer.
    static func ublVATInvoiceAssertions(_ t: UBLTerms) -> [Assertion] {
        let s = t.syntax
        let deliveryDate = Path("cac:Delivery/cbc:ActualDeliveryDate", s)
        let invoicePeriodTerms = Path("cac:InvoicePeriod/*", s)
        let deliverToCountry = Path("cac:Delivery/cac:DeliveryLocation/cac:Address/cac:Country/cbc:IdentificationCode", s)
        let countryCode = s.nameID("cbc:IdentificationCode")

        /// The seller's tax identifier (BT-31/BT-32; `vatOnly`: BT-31) or its tax representative's VAT identifier (BT-63).
        @Sendable func sellerIdentified(_ c: UBLVATCensus, vatOnly: Bool) -> Bool {
            (vatOnly ? c.sellerHasVATID : c.sellerHasTaxID) || c.taxRepresentativeHasVATID
        }
        /// A line VAT category (BT-151) of `code`; `vatOnly` keeps those of the VAT scheme.
        @Sendable func linesUse(_ c: UBLVATCensus, _ code: UBLVATCode, vatOnly: Bool = true) -> Bool {
            (vatOnly ? c.lineCategories.vatCategoryCodes : c.lineCategories.categoryCodes).contains(code)
        }
        /// An allowance (`charge` false) or charge (true) VAT category of the VAT scheme and of `code`, at any level.
        @Sendable func allowancesUse(_ c: UBLVATCensus, charge: Bool, _ code: UBLVATCode) -> Bool {
            (charge ? c.chargeCategories : c.allowanceCategories).vatCategoryCodes.contains(code)
        }
        /// The breakdown has a VAT category with an id of `code`.
        @Sendable func breakdownHas(_ c: UBLVATCensus, _ code: UBLVATCode) -> Bool { c.breakdown.vatCodes.contains(code) }
        /// The rule `id`, read off the document's census.
        func rule(_ id: String, _ holds: @escaping @Sendable (UBLVATCensus) -> Bool) -> Assertion {
            Assertion(id) { d, _ in holds(t.census(d)) }
        }

        return [
            // Reverse charge (AE): one breakdown; lines and allowances/charges need the seller's (or its
            // representative's) tax id and the buyer's VAT or legal registration id
            rule("BR-AE-01") { $0.breakdownOnceWhenUsed(.ae) },
            rule("BR-AE-02") { c in
                !linesUse(c, .ae) || (sellerIdentified(c, vatOnly: false) && (c.buyerHasVATID || c.buyerHasLegalID))
            },
            rule("BR-AE-03") { c in
                !allowancesUse(c, charge: false, .ae) || (sellerIdentified(c, vatOnly: false) && (c.buyerHasVATID || c.buyerHasLegalID))
            },
            rule("BR-AE-04") { c in
                !allowancesUse(c, charge: true, .ae) || (sellerIdentified(c, vatOnly: false) && (c.buyerHasVATID || c.buyerHasLegalID))
            },
            // Exempt (E): one breakdown; the seller's (or its representative's) tax id
            rule("BR-E-01") { $0.breakdownOnceWhenUsed(.e) },
            rule("BR-E-02") { c in !linesUse(c, .e) || sellerIdentified(c, vatOnly: false) },
            rule("BR-E-03") { c in !allowancesUse(c, charge: false, .e) || sellerIdentified(c, vatOnly: false) },
            rule("BR-E-04") { c in !allowancesUse(c, charge: true, .e) || sellerIdentified(c, vatOnly: false) },
            // Export outside the EU (G): one breakdown; the seller's (or its representative's) VAT id
            rule("BR-G-01") { $0.breakdownOnceWhenUsed(.g) },
            rule("BR-G-02") { c in !linesUse(c, .g) || sellerIdentified(c, vatOnly: true) },
            rule("BR-G-03") { c in !allowancesUse(c, charge: false, .g) || sellerIdentified(c, vatOnly: true) },
            rule("BR-G-04") { c in !allowancesUse(c, charge: true, .g) || sellerIdentified(c, vatOnly: true) },
            // Intra-community supply (K): one breakdown; the seller's (or its representative's) and the
            // buyer's VAT ids; a delivery date or invoicing period, and the deliver-to country
            rule("BR-IC-01") { $0.breakdownOnceWhenUsed(.k) },
            rule("BR-IC-02") { c in !linesUse(c, .k) || (sellerIdentified(c, vatOnly: true) && c.buyerHasVATID) },
            rule("BR-IC-03") { c in !allowancesUse(c, charge: false, .k) || (sellerIdentified(c, vatOnly: true) && c.buyerHasVATID) },
            rule("BR-IC-04") { c in !allowancesUse(c, charge: true, .k) || (sellerIdentified(c, vatOnly: true) && c.buyerHasVATID) },
            Assertion("BR-IC-11") { d, n in
                !breakdownHas(t.census(d), .k)
                    || d.string(deliveryDate, n).unicodeScalars.count > 1 || d.exists(invoicePeriodTerms, n)
            },
            Assertion("BR-IC-12") { d, n in
                !breakdownHas(t.census(d), .k) || d.string(deliverToCountry, n).unicodeScalars.count > 1
            },
            // Canary Islands IGIC (L): a breakdown when used (an id exactly L counts when it is), none
            // otherwise; the seller's (or its representative's) tax id
            rule("BR-AF-01") { c in
                c.used(.l, vatOnly: true) ? c.breakdown.exactCodes.contains(.l) : !c.breakdown.vatCategoryCodes.contains(.l)
            },
            rule("BR-AF-02") { c in !linesUse(c, .l) || sellerIdentified(c, vatOnly: false) },
            rule("BR-AF-03") { c in !allowancesUse(c, charge: false, .l) || sellerIdentified(c, vatOnly: false) },
            rule("BR-AF-04") { c in
                (allowancesUse(c, charge: true, .l) && sellerIdentified(c, vatOnly: false)) || !c.chargeCategories.vatExactCodes.contains(.l)
            },
            // Ceuta and Melilla IPSI (M): as L
            rule("BR-AG-01") { c in
                c.used(.m, vatOnly: true) ? c.breakdown.vatExactCodes.contains(.m) : !c.breakdown.vatCategoryCodes.contains(.m)
            },
            rule("BR-AG-02") { c in !linesUse(c, .m) || sellerIdentified(c, vatOnly: false) },
            rule("BR-AG-03") { c in !allowancesUse(c, charge: false, .m) || sellerIdentified(c, vatOnly: false) },
            rule("BR-AG-04") { c in !allowancesUse(c, charge: true, .m) || sellerIdentified(c, vatOnly: false) },
            // Not subject to VAT (O): one breakdown; no VAT id for seller, representative or buyer; and
            // then no other category anywhere
            rule("BR-O-01") { $0.breakdownOnceWhenUsed(.o) },
            rule("BR-O-02") { c in !linesUse(c, .o) || (!sellerIdentified(c, vatOnly: true) && !c.buyerHasVATID) },
            rule("BR-O-03") { c in
                !c.documentAllowanceCategories.vatCategoryCodes.contains(.o) || (!sellerIdentified(c, vatOnly: true) && !c.buyerHasVATID)
            },
            rule("BR-O-04") { c in
                !c.documentChargeCategories.vatCategoryCodes.contains(.o) || (!sellerIdentified(c, vatOnly: true) && !c.buyerHasVATID)
            },
            rule("BR-O-11") { c in !breakdownHas(c, .o) || !c.breakdown.hasVATCategory(otherThan: .o) },
            rule("BR-O-12") { c in !breakdownHas(c, .o) || !c.lineCategories.hasVATCategory(otherThan: .o) },
            rule("BR-O-13") { c in !breakdownHas(c, .o) || !c.allowanceCategories.hasVATCategory(otherThan: .o) },
            rule("BR-O-14") { c in !breakdownHas(c, .o) || !c.chargeCategories.hasVATCategory(otherThan: .o) },
            // Standard rate (S): a breakdown when used (whatever the scheme), none otherwise; the seller's
            // (or its representative's) tax id
            rule("BR-S-01") { c in c.used(.s, vatOnly: false) == c.breakdown.categoryCodes.contains(.s) },
            rule("BR-S-02") { c in (linesUse(c, .s) && sellerIdentified(c, vatOnly: false)) || !linesUse(c, .s, vatOnly: false) },
            rule("BR-S-03") { c in !allowancesUse(c, charge: false, .s) || sellerIdentified(c, vatOnly: false) },
            rule("BR-S-04") { c in !allowancesUse(c, charge: true, .s) || sellerIdentified(c, vatOnly: false) },
            // Zero rated (Z): one breakdown; the seller's (or its representative's) tax id
            rule("BR-Z-01") { $0.breakdownOnceWhenUsed(.z) },
            rule("BR-Z-02") { c in !linesUse(c, .z) || sellerIdentified(c, vatOnly: false) },
            rule("BR-Z-03") { c in !allowancesUse(c, charge: false, .z) || sellerIdentified(c, vatOnly: false) },
            rule("BR-Z-04") { c in !allowancesUse(c, charge: true, .z) || sellerIdentified(c, vatOnly: false) },
            // Italian split payment (B): only with Italian addresses, and never with S
            Assertion("BR-B-01") { d, _ in
                let c = t.census(d)
                let usesB = c.taxCategories.exactCodes.union(c.lineCategories.exactCodes).contains(.b)
                return !usesB || !d.tree.nodes(named: countryCode).contains { d.string($0) != "IT" }
            },
            rule("BR-B-02") { c in !c.documentUses(.b) || !c.documentUses(.s) },
        ]
    }

    /// VAT identifiers (BT-31, BT-48, BT-63) start with a country prefix: the first two characters, looked up as
    /// text within the prefix list (as published: a missing id or a one-letter fragment of a prefix passes).
    static func ublVATIdentifierTest(_ t: UBLTerms, _ prefixes: UBLCodeList) -> Assertion {
        Assertion("BR-CO-09") { d, n in
            let companyID = t.first(d, n, t.companyID).map { d.string($0) } ?? ""
            return prefixes.spacedTextContains(String(String.UnicodeScalarView(companyID.unicodeScalars.prefix(2))))
        }
    }

    /// For each VAT category family, in the official order: its breakdown (BG-23), its
    /// document-level allowances and charges, and its lines.
    static func ublVATCategoryRules(_ t: UBLTerms) -> [ContextRule] {
        UBLVATFamily.all.flatMap { ublVATCategoryRules(t, $0) }
    }

    static func ublVATCategoryRules(_ t: UBLTerms, _ family: UBLVATFamily) -> [ContextRule] {
        let s = t.syntax
        let code = family.code
        let prefix = "BR-\(family.family)-"

        /// The breakdown's taxable amount (BT-116) against the category's lines and allowances/charges.
        let taxableMatches: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            guard let subtotal = d.tree.parent(n), let total = d.tree.parent(subtotal), let root = d.tree.parent(total) else {
                return false
            }
            let taxable = t.first(d, subtotal, t.taxableAmount)
            switch family.taxable {
            case .exact:
                guard let stated = taxable.flatMap({ d.decimal($0) }) else { return false }
                return t.lineNames.contains { lineName in
                    !d.tree.nodes(named: lineName).isEmpty && t.categoryBase(d, root, lineName, code, rate: nil) == stated
                }
            case .withinOneAtRate, .withinOneAtRateWhenUsed:
                guard let rateNode = t.first(d, n, t.percent) else { return true }
                guard let rate = d.decimal(rateNode) else { return false }
                return t.lineNames.contains { lineName in
                    let applies: Bool
                    if case .withinOneAtRateWhenUsed = family.taxable {
                        applies =
                            d.tree.nodes(named: lineName).contains { t.lineIs(d, $0, code, rate: rate) }
                            || d.tree.nodes(named: t.allowanceCharge).contains {
                                t.allowanceChargeIs(d, $0, code, rate: rate)
                            }
                    } else {
                        applies = !d.tree.nodes(named: lineName).isEmpty
                    }
                    guard applies, let taxable, let base = t.categoryBase(d, root, lineName, code, rate: rate) else {
                        return false
                    }
                    return t.withinOne(d, taxable, of: base)
                }
            }
        }
        /// The breakdown's VAT amount (BT-117): zero, or the taxable amount at the rate within one unit.
        let taxAmountMatches: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            guard let subtotal = d.tree.parent(n), let taxAmount = t.decimal(d, subtotal, t.taxAmount) else { return false }
            if family.zeroTax { return taxAmount.isZero }
            guard let taxable = t.decimal(d, subtotal, t.taxableAmount), let rate = t.decimal(d, n, t.percent) else {
                return false
            }
            return UBLTerms.withinOneUnit(taxAmount, of: taxable, at: rate)
        }
        /// The exemption reason (BT-120, BT-121): required or forbidden.
        let exemptionReason: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            let given = t.has(d, n, t.taxExemptionReason) || t.has(d, n, t.taxExemptionReasonCode)
            return given == family.exemptionReasonRequired
        }
        /// The category's rate.
        let rateMatches: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            switch family.rate {
            case .zero: return t.decimal(d, n, t.percent)?.isZero ?? false
            case .positive: return t.anyNonNegative(d, t.children(d, n, t.percent), orZero: false)
            case .nonNegative: return t.anyNonNegative(d, t.children(d, n, t.percent), orZero: true)
            case .absent: return !t.has(d, n, t.percent)
            }
        }
        let isFamilyCategory: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in t.isVATCategory(d, n, code) }
        /// A category of the family under an allowance (`charge` false) or charge (true).
        func underAllowanceOrCharge(_ charge: Bool) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in
                guard let parent = d.tree.parent(n), t.isCharge(d, parent, charge) else { return false }
                return t.isVATCategory(d, n, code)
            }
        }

        return [
            ContextRule(
                ContextPattern("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory", s, where: isFamilyCategory),
                [
                    // BT-116 against Σ BT-131 + Σ BT-99 - Σ BT-92 of the category
                    Assertion(prefix + "08", taxableMatches),
                    // BT-117: zero, or BT-116 × BT-119 / 100 within one unit
                    Assertion(prefix + "09", taxAmountMatches),
                    // BT-120 or BT-121: required, or forbidden
                    Assertion(prefix + "10", exemptionReason),
                ]),
            ContextRule(
                ContextPattern("cac:AllowanceCharge/cac:TaxCategory", s, where: underAllowanceOrCharge(false)),
                [
                    // the allowance's VAT rate (BT-96)
                    Assertion(prefix + "06", rateMatches)
                ]),
            ContextRule(
                ContextPattern("cac:AllowanceCharge/cac:TaxCategory", s, where: underAllowanceOrCharge(true)),
                [
                    // the charge's VAT rate (BT-103)
                    Assertion(prefix + "07", rateMatches)
                ]),
            ContextRule(
                ContextPattern(
                    "cac:InvoiceLine/cac:Item/cac:ClassifiedTaxCategory | cac:CreditNoteLine/cac:Item/cac:ClassifiedTaxCategory", s,
                    where: isFamilyCategory),
                [
                    // the invoiced item's VAT rate (BT-152)
                    Assertion(prefix + "05", rateMatches)
                ]),
        ]
    }
}

extension UBLTerms {
    /// Whether `category` is of the VAT scheme with code `code` (its first id, normalised).
    func isVATCategory(_ d: Document, _ category: XMLTree.Node, _ code: String) -> Bool {
        hasCategoryCode(d, category, code) && isVAT(d, category)
    }

    /// Whether the line has an item VAT category (BT-151) of `code` (any scheme) and, when `rate`
    /// is given, an item VAT category whose rate (BT-152) is `rate`.
    func lineIs(_ d: Document, _ line: XMLTree.Node, _ code: String, rate: ExactDecimal?) -> Bool {
        var hasCode = false
        var hasRate = rate == nil
        for item in children(d, line, item) {
            for category in children(d, item, classifiedTaxCategory) {
                if !hasCode { hasCode = hasCategoryCode(d, category, code) }
                if !hasRate { hasRate = decimal(d, category, percent) == rate }
                if hasCode && hasRate { return true }
            }
        }
        return false
    }

    /// Whether the allowance or charge has a VAT category of `code` (any scheme) and, when `rate`
    /// is given, a VAT category whose rate is `rate`.
    func allowanceChargeIs(_ d: Document, _ node: XMLTree.Node, _ code: String, rate: ExactDecimal?) -> Bool {
        var hasCode = false
        var hasRate = rate == nil
        for category in children(d, node, taxCategory) {
            if !hasCode { hasCode = hasCategoryCode(d, category, code) }
            if !hasRate { hasRate = decimal(d, category, percent) == rate }
            if hasCode && hasRate { return true }
        }
        return false
    }

    /// Σ line net amounts (BT-131) of the `lineName` lines of `code` + Σ document-level charges
    /// (BT-99) − Σ document-level allowances (BT-92) of `code`, optionally restricted to `rate`;
    /// nil when one of the amounts is not a decimal. (An allowance or charge whose indicators say both counts as
    /// both, as the published test does.)
    func categoryBase(_ d: Document, _ root: XMLTree.Node, _ lineName: UInt32, _ code: String, rate: ExactDecimal?) -> ExactDecimal? {
        var lineTotal = ExactDecimal.zero
        for line in children(d, root, lineName) where lineIs(d, line, code, rate: rate) {
            guard let node = first(d, line, lineExtensionAmount) else { continue }
            guard let value = d.decimal(node) else { return nil }
            lineTotal = lineTotal + value
        }
        var chargeTotal = ExactDecimal.zero
        var allowanceTotal = ExactDecimal.zero
        for node in children(d, root, allowanceCharge) {
            let charge = isCharge(d, node, true)
            let allowance = isCharge(d, node, false)
            guard charge || allowance, allowanceChargeIs(d, node, code, rate: rate), let amountNode = first(d, node, amount) else {
                continue
            }
            guard let value = d.decimal(amountNode) else { return nil }
            if charge { chargeTotal = chargeTotal + value }
            if allowance { allowanceTotal = allowanceTotal + value }
        }
        return lineTotal + chargeTotal - allowanceTotal
    }

    /// Whether the taxable amount `taxable` (BT-116) is within one unit (exclusive) of `base`. As
    /// published, the test subtracts and adds the unit in floating point (`xs:double`), which this reproduces.
    func withinOne(_ d: Document, _ taxable: XMLTree.Node, of base: ExactDecimal) -> Bool {
        guard let value = Double(String(d.string(taxable).trimmingXMLSpace())) else { return false }
        guard let below = UBLTerms.compare(value - 1, base), let above = UBLTerms.compare(value + 1, base) else { return false }
        return below < 0 && above > 0
    }

    /// The exact order of a double and a decimal: -1, 0 or 1; nil for NaN.
    static func compare(_ x: Double, _ s: ExactDecimal) -> Int? {
        if x.isNaN { return nil }
        if x.isInfinite { return x < 0 ? -1 : 1 }
        guard let nearest = Double(s.description) else { return nil }
        if x < nearest { return -1 }
        if x > nearest { return 1 }
        // x is the double nearest to s: compare x = ±m × 2^e with s = S / 10^k exactly.
        if x == 0 { return s.isZero ? 0 : (s.isNegative ? 1 : -1) }
        var m = Int128(x.significandBitPattern) | (x.isNormal ? Int128(1) << 52 : 0)
        var e = Int(x.exponent) - 52
        if !x.isNormal { e = -1074 }
        while m & 1 == 0 {
            m >>= 1
            e += 1
        }
        if x < 0 { m = -m }
        // compare m × 2^e × 10^k with S
        var left = m
        var right = s.significand
        for _ in 0..<s.scale {
            let (product, overflow) = left.multipliedReportingOverflow(by: 10)
            if overflow { return 0 }
            left = product
        }
        if e >= 0 {
            for _ in 0..<e {
                let (product, overflow) = left.multipliedReportingOverflow(by: 2)
                if overflow { return 0 }
                left = product
            }
        } else {
            for _ in 0..<(-e) {
                let (product, overflow) = right.multipliedReportingOverflow(by: 2)
                if overflow { return 0 }
                right = product
            }
        }
        return left < right ? -1 : (left > right ? 1 : 0)
    }
}
