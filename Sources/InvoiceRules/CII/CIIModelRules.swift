import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "EN16931-CII-Model" pattern: the EN 16931 business rules (BR-, BR-CO-, the VAT category
    /// families, BR-DEC-) read from a CII D16B invoice, as the official CII artefacts state them.
    ///
    /// The rules are listed, in the official order, in `formats/rules/cii-model.tsv`: presence and decimals are
    /// data there; this function defines the contexts the table names `$…`, the tests of the rules that compute,
    /// and the VAT category families' context rules (`CIIVATCategoryRules.swift`). The order matters for the VAT
    /// breakdown (BG-23): a breakdown of category L, M or O is claimed by its family's rule and so is not checked
    /// by BR-45…BR-48, BR-CO-17 and BR-DEC-19/20, exactly as in the official validator.
    static func ciiModel(_ formats: URL) throws(ResourceError) -> RulePattern {
        let p = CIIPaths()
        let vatPrefixes = try CIICodeList("VATCountryPrefix", formats)
        return try RuleTable.loadPattern("rules/cii-model.tsv", in: formats, name: "EN16931-CII-Model", syntax: p.s) {
            let tests =
                ciiPartsTests(p) + ciiAllowanceChargeTests(p) + ciiTotalsTests(p) + ciiInvoiceTests(p) + ciiLineTests(p)
                + ciiPartiesAndReferencesTests(p, vatPrefixes) + ciiVATBreakdownTests(p)
            return (
                ciiModelContexts(p), Dictionary(uniqueKeysWithValues: tests.map { ($0.id, $0.holds) }),
                ["$vat-categories": ciiVATCategoryRules(p)]
            )
        }
    }

    /// The contexts `cii-model.tsv` names `$…`: those that need more than element names.
    private static func ciiModelContexts(_ p: CIIPaths) -> [String: ContextPattern] {
        let s = p.s
        let paymentMeansTypeCode = Path("../ram:TypeCode", s)
        let indicator = Path("udt:Indicator", s)
        /// Allowances and charges of a level, on their charge indicator when it reads literally `false` or `true`.
        func indicators(_ level: String, charge: Bool) -> ContextPattern {
            ContextPattern("//\(level)/ram:SpecifiedTradeAllowanceCharge/ram:ChargeIndicator", s) { d, n in
                d.ciiAny(indicator, n, is: charge ? "true" : "false")
            }
        }
        return [
            // The payee's account of a credit transfer (BT-81 = 30 or 58).
            "$transfer-account": ContextPattern("//ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount", s) { d, n in
                d.ciiAny(paymentMeansTypeCode, n, is: "30") || d.ciiAny(paymentMeansTypeCode, n, is: "58")
            },
            "$document-allowances": indicators("ram:ApplicableHeaderTradeSettlement", charge: false),
            "$document-charges": indicators("ram:ApplicableHeaderTradeSettlement", charge: true),
            "$line-allowances": indicators("ram:SpecifiedLineTradeSettlement", charge: false),
            "$line-charges": indicators("ram:SpecifiedLineTradeSettlement", charge: true),
            // The VAT total (BT-110) in the invoice currency.
            "$tax-total-in-invoice-currency": ContextPattern("//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount", s) { d, n in
                guard let currency = d.attribute(n, p.currencyID) else { return false }
                return d.select(p.invoiceCurrency, d.root).contains { d.string($0) == currency }
            },
            // VAT identifiers (BT-31, BT-48, BT-63).
            "$vat-registration": ContextPattern("//ram:SpecifiedTaxRegistration/ram:ID", s) { d, n in d.attribute(n, p.schemeID) == "VA" },
        ]
    }

    /// The computed rules on item classification, the payment card and account, delivery.
    private static func ciiPartsTests(_ p: CIIPaths) -> [Assertion] {
        let s = p.s
        let classCode = Path("ram:ClassCode", s)
        let listID = s.nameID("listID")
        let id = Path("ram:ID", s)
        let iban = Path("ram:IBANID", s)
        let proprietaryID = Path("ram:ProprietaryID", s)
        let shipToAddress = Path("ram:ShipToTradeParty/ram:PostalTradeAddress", s)
        let shipToCountry = Path("ram:ShipToTradeParty/ram:PostalTradeAddress/ram:CountryID", s)
        return [
            // BT-158 needs its scheme identifier (BT-158-1)
            Assertion("BR-65") { d, n in
                let codes = d.select(classCode, n)
                if codes.isEmpty { return true }
                guard let scheme = codes.lazy.compactMap({ d.attribute($0, listID) }).first else { return false }
                return !Document.normalizeSpace(scheme).isEmpty
            },
            // BT-87: at most the last 10 characters of the card number
            Assertion("BR-51") { d, n in d.normalized(id, n).unicodeScalars.count <= 10 },
            // BG-17 needs BT-84
            Assertion("BR-50") { d, n in d.hasText(iban, n) || d.hasText(proprietaryID, n) },
            // BG-15 needs BT-80
            Assertion("BR-57") { d, n in !d.exists(shipToAddress, n) || d.hasText(shipToCountry, n) },
        ]
    }

    /// The computed rules on document-level (BG-20, BG-21) and line-level (BG-27, BG-28) allowances and charges,
    /// checked on their charge indicator.
    private static func ciiAllowanceChargeTests(_ p: CIIPaths) -> [Assertion] {
        let s = p.s
        let reason = Path("../ram:Reason", s)
        let reasonCode = Path("../ram:ReasonCode", s)
        let categories = Path("../ram:CategoryTradeTax", s)
        let hasReason: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in d.exists(reason, n) || d.exists(reasonCode, n) }
        let hasVATCategory: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            d.select(categories, n).contains { d.ciiIsVAT($0, typeCode: p.typeCode) && d.exists(p.categoryCode, $0) }
        }
        // BT-97 and BT-98 (and the other pairs) give the same reason: not machine-checkable, never fails.
        return [
            Assertion("BR-32", hasVATCategory),  // BT-95
            Assertion("BR-33", hasReason),  // BT-97 or BT-98
            Assertion("BR-CO-05") { _, _ in true },
            Assertion("BR-CO-21", hasReason),
            Assertion("BR-37", hasVATCategory),  // BT-102
            Assertion("BR-38", hasReason),  // BT-104 or BT-105
            Assertion("BR-CO-06") { _, _ in true },
            Assertion("BR-CO-22", hasReason),
            Assertion("BR-42", hasReason),  // BT-139 or BT-140
            Assertion("BR-CO-07") { _, _ in true },
            Assertion("BR-CO-23", hasReason),
            Assertion("BR-44", hasReason),  // BT-144 or BT-145
            Assertion("BR-CO-08") { _, _ in true },
            Assertion("BR-CO-24", hasReason),
        ]
    }

    /// The document totals (BG-22): how they add up (their presence and decimals are data).
    private static func ciiTotalsTests(_ p: CIIPaths) -> [Assertion] {
        let s = p.s
        let lineTotal = Path("ram:LineTotalAmount", s)  // BT-106
        let allowanceTotal = Path("ram:AllowanceTotalAmount", s)  // BT-107
        let chargeTotal = Path("ram:ChargeTotalAmount", s)  // BT-108
        let taxBasisTotal = Path("ram:TaxBasisTotalAmount", s)  // BT-109
        let taxTotal = Path("ram:TaxTotalAmount", s)  // BT-110, BT-111
        let grandTotal = Path("ram:GrandTotalAmount", s)  // BT-112
        let prepaid = Path("ram:TotalPrepaidAmount", s)  // BT-113
        let rounding = Path("ram:RoundingAmount", s)  // BT-114
        let duePayable = Path("ram:DuePayableAmount", s)  // BT-115
        let lineNetAmounts = Path(
            "../../ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount",
            s)

        /// Σ of the first amount of the document-level allowances (or charges), rounded to cents in doubles.
        let allowanceChargeSum: @Sendable (Document, Bool) -> (present: Bool, cents: Double?) = { d, isCharge in
            let items = d.select(p.headerAllowancesAndCharges, d.root).filter { d.ciiIsCharge($0, isCharge, p) }
            let amounts = items.compactMap { d.first(p.firstActualAmount, $0) }.map { d.ciiDouble($0) }
            return (!items.isEmpty, CIINumber.sum(amounts).map(CIINumber.roundedCents))
        }
        /// BT-107 = Σ BT-92, or BT-108 = Σ BT-99 (absent both sides is fine).
        let totalMatches: @Sendable (Document, XMLTree.Node, Path, Bool) -> Bool = { d, n, total, isCharge in
            let stated = d.select(total, n)
            let (present, cents) = allowanceChargeSum(d, isCharge)
            if !present && stated.isEmpty { return true }
            guard let cents else { return false }
            return stated.contains { d.ciiDouble($0) == cents }
        }
        /// BT-110/BT-111 in `currencies` written with at most two decimals, checked in doubles.
        let taxTotalInCents: @Sendable (Document, XMLTree.Node, [String]) -> Bool = { d, n, currencies in
            d.select(taxTotal, n).contains { amount in
                guard let currency = d.attribute(amount, p.currencyID), currencies.contains(currency) else { return true }
                guard let value = d.ciiDouble(amount) else { return false }
                return value == CIINumber.round(value * 100) / 100
            }
        }

        return [
                // BT-6 present: BT-111 is in BT-6 and BT-6 differs from BT-5
                Assertion("BR-53") { d, n in
                    let taxCurrencies = d.select(p.taxCurrency, d.root).map { d.string($0) }
                    if taxCurrencies.isEmpty { return true }
                    let invoiceCurrencies = d.select(p.invoiceCurrency, d.root).map { d.string($0) }
                    let stated = d.select(taxTotal, n).compactMap { d.attribute($0, p.currencyID) }
                    return stated.contains(where: taxCurrencies.contains) && !taxCurrencies.contains(where: invoiceCurrencies.contains)
                },
                // BT-106 = Σ BT-131, the sum taken in doubles and rounded to cents on its exact value
                Assertion("BR-CO-10") { d, n in
                    guard let stated = d.decimal(lineTotal, n),
                        let sum = CIINumber.sum(d.ciiDoubles(lineNetAmounts, n)),
                        let cents = CIINumber.cents(ofDouble: sum)
                    else { return false }
                    return stated == cents
                },
                Assertion("BR-CO-11") { d, n in totalMatches(d, n, allowanceTotal, false) },
                Assertion("BR-CO-12") { d, n in totalMatches(d, n, chargeTotal, true) },
                // BT-109 = BT-106 - BT-107 + BT-108, rounded to cents, absent terms left out
                Assertion("BR-CO-13") { d, n in
                    guard let basis = d.decimal(taxBasisTotal, n), let lines = d.decimal(lineTotal, n) else { return false }
                    let allowances = d.decimal(allowanceTotal, n)
                    let charges = d.decimal(chargeTotal, n)
                    let hasAllowances = d.exists(allowanceTotal, n)
                    let hasCharges = d.exists(chargeTotal, n)
                    if let allowances, let charges, basis == (lines - allowances + charges).rounded(toPlaces: 2) { return true }
                    if let allowances, !hasCharges, basis == (lines - allowances).rounded(toPlaces: 2) { return true }
                    if let charges, !hasAllowances, basis == (lines + charges).rounded(toPlaces: 2) { return true }
                    return !hasAllowances && !hasCharges && basis == lines.rounded(toPlaces: 2)
                },
                // BT-115 = BT-112 - BT-113 + BT-114, exactly, absent terms left out
                Assertion("BR-CO-16") { d, n in
                    guard let due = d.decimal(duePayable, n), let grand = d.decimal(grandTotal, n) else { return false }
                    let paid = d.decimal(prepaid, n)
                    let round = d.decimal(rounding, n)
                    let hasPaid = d.exists(prepaid, n)
                    let hasRound = d.exists(rounding, n)
                    if let paid, let round, due == grand - paid + round { return true }
                    if let round, !hasPaid, due == grand + round { return true }
                    if let paid, !hasRound, due == grand - paid { return true }
                    return !hasPaid && !hasRound && due == grand
                },
                // BT-110 (in BT-5) has at most two decimals
                Assertion("BR-DEC-13") { d, n in
                    if !d.exists(taxTotal, n) { return true }
                    return taxTotalInCents(d, n, d.select(p.invoiceCurrency, d.root).map { d.string($0) })
                },
                // BT-111 (in BT-6) has at most two decimals
                Assertion("BR-DEC-15") { d, n in
                    if !d.exists(taxTotal, n) { return true }
                    let taxCurrencies = d.select(p.taxCurrency, d.root).map { d.string($0) }
                    if taxCurrencies.isEmpty { return true }
                    return d.select(taxTotal, n).contains { amount in
                        guard let currency = d.attribute(amount, p.currencyID), taxCurrencies.contains(currency),
                            let value = d.ciiDouble(amount)
                        else { return false }
                        return value == CIINumber.round(value * 100) / 100
                    }
                },
        ]
    }

    /// The computed rules on the invoice as a whole: the issue date, electronic addresses, BR-CO-15 and which VAT
    /// categories occur together.
    private static func ciiInvoiceTests(_ p: CIIPaths) -> [Assertion] {
        let s = p.s
        let agreement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
        let issueDates = Path("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString", s)
        let format = s.nameID("format")
        let sellers = Path(agreement + "/ram:SellerTradeParty", s)
        let buyers = Path(agreement + "/ram:BuyerTradeParty", s)
        let communication = s.nameID("ram:URIUniversalCommunication")
        let uriID = s.nameID("ram:URIID")
        let grandTotal = Path(p.monetarySummation.description + "/ram:GrandTotalAmount", s)
        let taxBasisTotal = Path(p.monetarySummation.description + "/ram:TaxBasisTotalAmount", s)
        let taxTotals = Path(p.monetarySummation.description + "/ram:TaxTotalAmount", s)
        let categoryCode = s.nameID("ram:CategoryCode")
        let countryID = s.nameID("ram:CountryID")

        /// BT-34 / BT-49: the first electronic address of the party has a scheme.
        let addressHasScheme: @Sendable (Document, Path) -> Bool = { d, parties in
            let addresses = d.select(parties, d.root).compactMap { d.tree.firstChild($0, named: communication) }
            if addresses.isEmpty { return true }
            let schemes = addresses.lazy.flatMap { d.tree.children($0, named: uriID) }.compactMap { d.attribute($0, p.schemeID) }
            guard let scheme = schemes.first else { return false }
            return !Document.normalizeSpace(scheme).isEmpty
        }
        let hasCategoryB: @Sendable (Document) -> Bool = { d in
            d.tree.nodes(named: categoryCode).contains { d.ciiText($0, is: "B") }
        }

        return [
                Assertion("BR-03") { d, n in  // BT-2, in format 102
                    guard let date = d.select(issueDates, n).first(where: { d.attribute($0, format) == "102" }) else { return false }
                    return d.hasText(date)
                },
                Assertion("BR-62") { d, _ in addressHasScheme(d, sellers) },
                Assertion("BR-63") { d, _ in addressHasScheme(d, buyers) },
                // BT-112 = BT-109 + BT-110 (rounded to cents, one BT-110 in BT-5), or BT-112 = BT-109
                Assertion("BR-CO-15") { d, _ in
                    let grand = d.first(grandTotal, d.root).flatMap { d.decimal($0) }
                    let basis = d.first(taxBasisTotal, d.root).flatMap { d.decimal($0) }
                    for currency in d.select(p.invoiceCurrency, d.root).map({ d.string($0) }) {
                        let taxes = d.select(taxTotals, d.root).filter { d.attribute($0, p.currencyID) == currency }
                        guard let grand, let basis else { return false }
                        if grand == basis { continue }
                        guard taxes.count == 1, let tax = d.decimal(taxes[0]), grand == (basis + tax).rounded(toPlaces: 2) else {
                            return false
                        }
                    }
                    return true
                },
            ] + ciiVATCategoryPresenceAssertions(p) + [
                // Split payment (B) only on invoices where every country is Italy …
                Assertion("BR-B-01") { d, _ in
                    !hasCategoryB(d) || !d.tree.nodes(named: countryID).contains { !d.ciiText($0, is: "IT") }
                },
                // … and never together with standard rate (S).
                Assertion("BR-B-02") { d, _ in
                    !hasCategoryB(d) || !d.tree.nodes(named: categoryCode).contains { d.ciiText($0, is: "S") }
                },
            ]
    }

    /// The computed rules on each invoice line (BG-25).
    private static func ciiLineTests(_ p: CIIPaths) -> [Assertion] {
        let s = p.s
        let quantity = Path("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", s)
        let unitCode = s.nameID("unitCode")
        let netPrice = Path("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount", s)
        let grossPrice = Path("ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:ChargeAmount", s)
        let standardIDs = Path("ram:SpecifiedTradeProduct/ram:GlobalID", s)
        let lineTaxes = Path("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax", s)
        let transaction = s.nameID("rsm:SupplyChainTradeTransaction")
        // Whether the invoice has a VAT breakdown: every line asks, computed once per document.
        let breakdownPresent = DocumentValue<Bool>()

        return [
                Assertion("BR-23") { d, n in d.select(quantity, n).contains { d.hasAttribute($0, unitCode) } },  // BT-130
                // BT-146 and BT-148 not negative
                Assertion("BR-27") { d, n in d.ciiAnyNumber(netPrice, n) { $0 >= 0 } },
                Assertion("BR-28") { d, n in !d.exists(grossPrice, n) || d.ciiAnyNumber(grossPrice, n) { $0 >= 0 } },  // BT-148
                // BT-157 needs its scheme (BT-157-1)
                Assertion("BR-64") { d, n in
                    let ids = d.select(standardIDs, n)
                    if ids.isEmpty { return true }
                    guard let scheme = ids.lazy.compactMap({ d.attribute($0, p.schemeID) }).first else { return false }
                    return !Document.normalizeSpace(scheme).isEmpty
                },
                // BT-151
                Assertion("BR-CO-04") { d, n in
                    d.select(lineTaxes, n).contains { d.ciiIsVAT($0, typeCode: p.typeCode) && d.exists(p.categoryCode, $0) }
                },
                // BG-23 present
                Assertion("BR-CO-18") { d, _ in
                    d.value(breakdownPresent) {
                        d.tree.nodes(named: p.applicableTradeTax).contains { tax in
                            guard let settlement = d.tree.parent(tax), d.tree.nameID(settlement) == p.headerSettlement,
                                let parent = d.tree.parent(settlement)
                            else { return false }
                            return d.tree.nameID(parent) == transaction
                        }
                    }
                },
            ]
    }

    /// The computed rules on invoicing periods, item attributes, payee, seller and tax representative, VAT identifiers
    /// and the VAT total.
    private static func ciiPartiesAndReferencesTests(_ p: CIIPaths, _ vatPrefixes: CIICodeList) -> [Assertion] {
        let s = p.s
        let start = Path("ram:StartDateTime", s)
        let end = Path("ram:EndDateTime", s)
        let startDates = Path("ram:StartDateTime/udt:DateTimeString", s)
        let endDates = Path("ram:EndDateTime/udt:DateTimeString", s)
        let format = s.nameID("format")
        let description = Path("ram:Description", s)
        let value = Path("ram:Value", s)
        let name = Path("ram:Name", s)
        let id = Path("ram:ID", s)
        let legalID = Path("ram:SpecifiedLegalOrganization/ram:ID", s)
        let sellerNames = Path("../../ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:Name", s)
        let sellerIDs = Path("../../ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:ID", s)
        let sellerLegalIDs = Path("../../ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", s)
        let globalID = Path("ram:GlobalID", s)
        let calculatedAmounts = Path(p.headerTaxes.description + "/ram:CalculatedAmount", s)

        /// BR-29/BR-30: the end date (format 102) is not before the start date, compared as text.
        let endNotBeforeStart: @Sendable (Document, XMLTree.Node) -> Bool = { d, n in
            if !d.exists(end, n) || !d.exists(start, n) { return true }
            let ends = d.select(endDates, n).filter { d.attribute($0, format) == "102" }.map { d.string($0) }
            let starts = d.select(startDates, n).filter { d.attribute($0, format) == "102" }.map { d.string($0) }
            return ends.contains { e in starts.contains { s in !e.unicodeScalars.lexicographicallyPrecedes(s.unicodeScalars) } }
        }
        let overlap: @Sendable (Document, XMLTree.Node, Path, Path) -> Bool = { d, n, mine, theirs in
            let values = Set(d.select(mine, n).map { d.string($0) })
            return d.select(theirs, n).contains { values.contains(d.string($0)) }
        }

        return [
            Assertion("BR-30", endNotBeforeStart),  // BT-135 ≥ BT-134
            Assertion("BR-29", endNotBeforeStart),  // BT-74 ≥ BT-73
            Assertion("BR-54") { d, n in d.exists(description, n) && d.exists(value, n) },  // BT-160, BT-161
            // BG-10 named, and not the seller
            Assertion("BR-17") { d, n in
                d.exists(name, n) && !overlap(d, n, name, sellerNames) && !overlap(d, n, id, sellerIDs)
                    && !overlap(d, n, legalID, sellerLegalIDs)
            },
            // BT-29, BT-30 or BT-31
            Assertion("BR-CO-26") { d, n in
                d.exists(id, n) || d.exists(globalID, n) || d.exists(legalID, n) || d.ciiHasTaxRegistration(n, schemes: ["VA"], p)
            },
            Assertion("BR-56") { d, n in  // BT-63
                guard let vat = d.select(p.taxRegistrationID, n).first(where: { d.attribute($0, p.schemeID) == "VA" }) else {
                    return false
                }
                return d.hasText(vat)
            },
            // BT-110 = Σ BT-117, in doubles, rounded to cents
            Assertion("BR-CO-14") { d, n in
                guard let sum = CIINumber.sum(d.ciiDoubles(calculatedAmounts, d.root)), let stated = d.ciiDouble(n) else {
                    return false
                }
                return stated == CIINumber.roundedCents(sum)
            },
            // BT-31, BT-48, BT-63 start with a country prefix
            Assertion("BR-CO-09") { d, n in
                vatPrefixes.contains(String(String.UnicodeScalarView(d.string(n).unicodeScalars.prefix(2))))
            },
        ]
    }

    /// The computed rules on each VAT breakdown (BG-23) not claimed earlier by the L, M or O family.
    private static func ciiVATBreakdownTests(_ p: CIIPaths) -> [Assertion] {
        let s = p.s
        let taxPointDate = s.nameID("ram:TaxPointDate")
        let taxPointDateCode = s.nameID("ram:DueDateTypeCode")
        return [
                Assertion("BR-47") { d, n in d.ciiIsVAT(n, typeCode: p.typeCode) && d.exists(p.categoryCode, n) },  // BT-118
                Assertion("BR-48") { d, n in  // BT-119, unless not subject to VAT
                    d.ciiIsVAT(n, typeCode: p.typeCode) && (d.exists(p.rate, n) || d.ciiAny(p.categoryCode, n, is: "O"))
                },
                // BT-7 and BT-8 are not both given
                Assertion("BR-CO-03") { d, _ in d.tree.nodes(named: taxPointDate).isEmpty || d.tree.nodes(named: taxPointDateCode).isEmpty
                },
                // BT-117 = BT-116 × BT-119 / 100 within one unit, or 0 when the rate rounds to 0
                Assertion("BR-CO-17") { d, n in
                    let vat = d.first(p.typeCode, n).map { Document.normalizeSpace(d.string($0).uppercased()) == "VAT" } ?? false
                    let calculated = d.decimal(p.calculatedAmount, n)
                    guard vat, let rateNode = d.first(p.rate, n) else { return calculated?.rounded(toPlaces: 0) == .zero }
                    guard let rate = d.decimal(rateNode) else { return false }
                    if rate.rounded(toPlaces: 0) == .zero { return calculated?.rounded(toPlaces: 0) == .zero }
                    guard let calculated, let basis = d.decimal(p.basisAmount, n) else { return false }
                    let expected = (basis.magnitude * rate).rounded(toPlaces: 0) * ExactDecimal(significand: 1, scale: 2)
                    return calculated.magnitude - ExactDecimal(1) <= expected && calculated.magnitude + ExactDecimal(1) >= expected
                },
        ]
    }
}
