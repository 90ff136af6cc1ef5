import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The document totals (BG-22): how they add up (their presence and decimals are data, in `ubl-model.tsv`).
    static func ublMonetaryTotalTests(_ t: UBLTerms) -> [Assertion] {
        let s = t.syntax
        let taxExclusiveAmount = s.nameID("cbc:TaxExclusiveAmount")
        let taxInclusiveAmount = s.nameID("cbc:TaxInclusiveAmount")
        let payableAmount = s.nameID("cbc:PayableAmount")
        let allowanceTotalAmount = s.nameID("cbc:AllowanceTotalAmount")
        let chargeTotalAmount = s.nameID("cbc:ChargeTotalAmount")
        let prepaidAmount = s.nameID("cbc:PrepaidAmount")
        let payableRoundingAmount = s.nameID("cbc:PayableRoundingAmount")

        /// BT-107 (`charge` false) or BT-108 (true) equals the sum of the document-level allowances or
        /// charges (BT-92, BT-99) to the cent; when there are none the total may be left out.
        func allowanceChargeTotal(_ total: UInt32, charge: Bool) -> @Sendable (Document, XMLTree.Node) -> Bool {
            { d, n in
                let parts = d.tree.parent(n).map { t.allowanceCharges(d, of: $0, charge: charge) } ?? []
                if let stated = t.decimal(d, n, total),
                    let sum = t.sum(d, parts.compactMap { t.first(d, $0, t.amount) }),
                    stated == sum.roundedToCents
                {
                    return true
                }
                return !t.has(d, n, total) && parts.isEmpty
            }
        }

        return [
                // BT-106 = Σ BT-131 (every line of the document), to the cent
                Assertion("BR-CO-10") { d, n in
                    guard let stated = t.decimal(d, n, t.lineExtensionAmount) else { return false }
                    let lines = d.tree.nodes(named: t.invoiceLine) + d.tree.nodes(named: t.creditNoteLine)
                    guard let sum = t.sum(d, lines.compactMap { t.first(d, $0, t.lineExtensionAmount) }) else { return false }
                    return stated == sum.roundedToCents
                },
                // BT-107 = Σ BT-92
                Assertion("BR-CO-11", allowanceChargeTotal(allowanceTotalAmount, charge: false)),
                // BT-108 = Σ BT-99
                Assertion("BR-CO-12", allowanceChargeTotal(chargeTotalAmount, charge: true)),
                // BT-109 = BT-106 - BT-107 + BT-108, to the cent (absent totals left out)
                Assertion("BR-CO-13") { d, n in
                    guard let taxExclusive = t.decimal(d, n, taxExclusiveAmount),
                        let lineTotal = t.decimal(d, n, t.lineExtensionAmount)
                    else { return false }
                    var expected = lineTotal
                    var adjusted = false
                    if t.has(d, n, chargeTotalAmount) {
                        guard let charges = t.decimal(d, n, chargeTotalAmount) else { return false }
                        expected = expected + charges
                        adjusted = true
                    }
                    if t.has(d, n, allowanceTotalAmount) {
                        guard let allowances = t.decimal(d, n, allowanceTotalAmount) else { return false }
                        expected = expected - allowances
                        adjusted = true
                    }
                    return taxExclusive == (adjusted ? expected.roundedToCents : expected)
                },
                // BT-115 = BT-112 - BT-113 + BT-114, to the cent (absent amounts left out)
                Assertion("BR-CO-16") { d, n in
                    guard let payable = t.decimal(d, n, payableAmount), let taxInclusive = t.decimal(d, n, taxInclusiveAmount)
                    else { return false }
                    var due = taxInclusive
                    if t.has(d, n, prepaidAmount) {
                        guard let prepaid = t.decimal(d, n, prepaidAmount) else { return false }
                        due = (taxInclusive - prepaid).roundedToCents
                    }
                    var unrounded = payable
                    if t.has(d, n, payableRoundingAmount) {
                        guard let rounding = t.decimal(d, n, payableRoundingAmount) else { return false }
                        unrounded = (payable - rounding).roundedToCents
                    }
                    return unrounded == due
                },
        ]
    }

    /// The VAT total (BT-110) and the VAT breakdown (BG-23): how they add up.
    static func ublTaxTotalTests(_ t: UBLTerms) -> [Assertion] {
        [
                    // BT-110 = Σ BT-117, to the cent, when there is a breakdown
                    Assertion("BR-CO-14") { d, n in
                        let subtotals = t.children(d, n, t.taxSubtotal)
                        if subtotals.isEmpty { return true }
                        guard let stated = t.decimal(d, n, t.taxAmount),
                            let sum = t.sum(d, subtotals.compactMap { t.first(d, $0, t.taxAmount) })
                        else { return false }
                        return stated == sum.roundedToCents
                    },
                    // BG-23 needs BT-118, and BT-119 unless the category is O
                    Assertion("BR-47") { d, n in
                        t.children(d, n, t.taxCategory).contains { t.isVAT(d, $0) && t.has(d, $0, t.id) }
                    },
                    Assertion("BR-48") { d, n in
                        t.children(d, n, t.taxCategory).contains {
                            t.isVAT(d, $0) && (t.has(d, $0, t.percent) || t.hasCategoryCode(d, $0, "O"))
                        }
                    },
                    // BT-117 = BT-116 × BT-119 / 100 within one unit; zero when the rate rounds to zero
                    Assertion("BR-CO-17") { d, n in
                        let rates = t.children(d, n, t.taxCategory).filter { t.isVAT(d, $0) }
                            .compactMap { t.first(d, $0, t.percent) }
                        guard let taxAmount = t.decimal(d, n, t.taxAmount) else { return false }
                        guard let rateNode = rates.first else { return taxAmount.roundedXPath().isZero }
                        guard let rate = d.decimal(rateNode) else { return false }
                        if rate.roundedXPath().isZero { return taxAmount.roundedXPath().isZero }
                        guard let taxable = t.decimal(d, n, t.taxableAmount) else { return false }
                        return UBLTerms.withinOneUnit(taxAmount, of: taxable, at: rate)
                    },
        ]
    }
}

extension UBLTerms {
    /// Whether |`taxAmount`| is within one unit (exclusive) of |`taxable`| × `rate` / 100 rounded to the cent.
    static func withinOneUnit(_ taxAmount: ExactDecimal, of taxable: ExactDecimal, at rate: ExactDecimal) -> Bool {
        let expected = (taxable.magnitude * ExactDecimal(significand: rate.significand, scale: rate.scale + 2)).roundedToCents
        let stated = taxAmount.magnitude
        return stated - ExactDecimal(1) < expected && stated + ExactDecimal(1) > expected
    }
}
