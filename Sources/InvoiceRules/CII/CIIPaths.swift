import InvoiceXML

/// Element paths of a CII D16B invoice that several EN 16931 rules read, compiled once per pattern.
///
/// A class: the rules' closures capture it, and a struct of paths would be copied, each path counted, into every
/// closure context made at a call.
final class CIIPaths: Sendable {
    let s = Syntax.cii

    // Invoice header, from the root.
    let invoiceCurrency: Path  // BT-5
    let taxCurrency: Path  // BT-6
    let headerAllowancesAndCharges: Path  // BG-20, BG-21
    let headerTaxes: Path  // BG-23
    let lineSettlements: Path  // BG-25 settlement parts
    let seller: Path  // BG-4
    let sellerTaxRepresentative: Path  // BG-11
    let monetarySummation: Path  // BG-22

    // Relative steps.
    let typeCode: Path
    let categoryCode: Path
    let rate: Path  // BT-96, BT-103, BT-119, BT-152
    let basisAmount: Path
    let calculatedAmount: Path
    let exemptionReason: Path
    let exemptionReasonCode: Path
    let indicator: Path  // ChargeIndicator/Indicator from an allowance or charge
    let firstActualAmount: Path
    let allowanceChargeCategory: Path  // CategoryTradeTax
    let lineTaxes: Path  // ApplicableTradeTax from a line settlement
    let lineNetAmount: Path  // BT-131 from a line settlement
    let taxRegistrationID: Path  // SpecifiedTaxRegistration/ID from a party
    let legalOrganizationID: Path

    // Names.
    let categoryCodeName: UInt32
    let applicableTradeTax: UInt32
    let categoryTradeTax: UInt32
    let lineSettlement: UInt32
    let headerSettlement: UInt32
    let sellerParty: UInt32
    let sellerTaxRepresentativeParty: UInt32
    let buyerParty: UInt32
    let schemeID: UInt32
    let currencyID: UInt32

    init() {
        let s = Syntax.cii
        let header = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
        let agreement = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
        invoiceCurrency = Path(header + "/ram:InvoiceCurrencyCode", s)
        taxCurrency = Path(header + "/ram:TaxCurrencyCode", s)
        headerAllowancesAndCharges = Path(header + "/ram:SpecifiedTradeAllowanceCharge", s)
        headerTaxes = Path(header + "/ram:ApplicableTradeTax", s)
        monetarySummation = Path(header + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation", s)
        lineSettlements = Path(
            "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement",
            s)
        seller = Path(agreement + "/ram:SellerTradeParty", s)
        sellerTaxRepresentative = Path(agreement + "/ram:SellerTaxRepresentativeTradeParty", s)

        typeCode = Path("ram:TypeCode", s)
        categoryCode = Path("ram:CategoryCode", s)
        rate = Path("ram:RateApplicablePercent", s)
        basisAmount = Path("ram:BasisAmount", s)
        calculatedAmount = Path("ram:CalculatedAmount", s)
        exemptionReason = Path("ram:ExemptionReason", s)
        exemptionReasonCode = Path("ram:ExemptionReasonCode", s)
        indicator = Path("ram:ChargeIndicator/udt:Indicator", s)
        firstActualAmount = Path("ram:ActualAmount", s)
        allowanceChargeCategory = Path("ram:CategoryTradeTax", s)
        lineTaxes = Path("ram:ApplicableTradeTax", s)
        lineNetAmount = Path("ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount", s)
        taxRegistrationID = Path("ram:SpecifiedTaxRegistration/ram:ID", s)
        legalOrganizationID = Path("ram:SpecifiedLegalOrganization/ram:ID", s)

        categoryCodeName = s.nameID("ram:CategoryCode")
        applicableTradeTax = s.nameID("ram:ApplicableTradeTax")
        categoryTradeTax = s.nameID("ram:CategoryTradeTax")
        lineSettlement = s.nameID("ram:SpecifiedLineTradeSettlement")
        headerSettlement = s.nameID("ram:ApplicableHeaderTradeSettlement")
        sellerParty = s.nameID("ram:SellerTradeParty")
        sellerTaxRepresentativeParty = s.nameID("ram:SellerTaxRepresentativeTradeParty")
        buyerParty = s.nameID("ram:BuyerTradeParty")
        schemeID = s.nameID("schemeID")
        currencyID = s.nameID("currencyID")
    }
}

extension Document {
    /// Whether `party` has a tax registration identifier whose scheme is one of `schemes` (`VA`, `FC`), compared exactly.
    func ciiHasTaxRegistration(_ party: XMLTree.Node, schemes: Set<String>, _ p: CIIPaths) -> Bool {
        select(p.taxRegistrationID, party).contains { id in
            attribute(id, p.schemeID).map { schemes.contains($0) } ?? false
        }
    }

    /// Whether one of the parties `path` selects from the root has a tax registration in `schemes`.
    func ciiAnyParty(_ path: Path, hasTaxRegistration schemes: Set<String>, _ p: CIIPaths) -> Bool {
        select(path, root).contains { ciiHasTaxRegistration($0, schemes: schemes, p) }
    }

    /// Whether a party named `name`, anywhere in the document, has a tax registration in `schemes`.
    func ciiAnyParty(named name: UInt32, hasTaxRegistration schemes: Set<String>, _ p: CIIPaths) -> Bool {
        tree.nodes(named: name).contains { ciiHasTaxRegistration($0, schemes: schemes, p) }
    }

    /// Whether `tax` (an ApplicableTradeTax or CategoryTradeTax) has a category code child equal to `category`.
    func ciiHasCategory(_ tax: XMLTree.Node, _ category: String, _ p: CIIPaths) -> Bool {
        tree.children(tax, named: p.categoryCodeName).contains { code in
            tree.hasChildren(code) ? string(code) == category : tree.textBytes(code).elementsEqual(category.utf8)
        }
    }

    /// Whether an allowance or charge's indicator reads as `isCharge` once cast to a boolean.
    func ciiIsCharge(_ allowanceCharge: XMLTree.Node, _ isCharge: Bool, _ p: CIIPaths) -> Bool {
        ciiAnyBoolean(p.indicator, allowanceCharge, is: isCharge)
    }
}
