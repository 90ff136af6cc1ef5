import InvoiceXML

/// Where a UBL document's VAT categories are and which parties show tax identifiers: what the VAT category
/// rules (BR-S … BR-O, checked on the invoice as a whole and on each category) keep asking, read once per
/// document.
final class UBLVATCensus: Sendable {
    /// The VAT breakdown's categories (BG-23, BT-118).
    let breakdown: [XMLTree.Node]
    /// The `cac:TaxCategory` of allowances and charges at any level: all, those of allowances, those of charges
    /// (an indicator that is not a boolean counts for neither).
    let allowanceChargeCategories: [XMLTree.Node]
    let allowanceCategories: [XMLTree.Node]
    let chargeCategories: [XMLTree.Node]
    /// The same for the document-level allowances and charges (BG-20, BG-21).
    let documentAllowanceChargeCategories: [XMLTree.Node]
    let documentAllowanceCategories: [XMLTree.Node]
    let documentChargeCategories: [XMLTree.Node]
    /// The seller's tax identifier of any scheme (BT-31 or BT-32), of the VAT scheme (BT-31); the tax
    /// representative's VAT identifier (BT-63); the buyer's VAT identifier (BT-48) and legal registration (BT-47).
    let sellerHasTaxID: Bool
    let sellerHasVATID: Bool
    let taxRepresentativeHasVATID: Bool
    let buyerHasVATID: Bool
    let buyerHasLegalID: Bool

    init(_ d: Document, _ t: UBLTerms) {
        breakdown = t.children(d, d.root, t.taxTotal).flatMap { t.children(d, $0, t.taxSubtotal) }
            .flatMap { t.children(d, $0, t.taxCategory) }

        var any: [XMLTree.Node] = [], allowances: [XMLTree.Node] = [], charges: [XMLTree.Node] = []
        for category in d.tree.nodes(named: t.taxCategory) {
            guard let parent = d.tree.parent(category), d.tree.nameID(parent) == t.allowanceCharge else { continue }
            any.append(category)
            if t.isCharge(d, parent, false) { allowances.append(category) }
            if t.isCharge(d, parent, true) { charges.append(category) }
        }
        allowanceChargeCategories = any
        allowanceCategories = allowances
        chargeCategories = charges

        var documentAny: [XMLTree.Node] = [], documentAllowances: [XMLTree.Node] = [], documentCharges: [XMLTree.Node] = []
        for allowanceCharge in t.children(d, d.root, t.allowanceCharge) {
            let categories = t.children(d, allowanceCharge, t.taxCategory)
            documentAny.append(contentsOf: categories)
            if t.isCharge(d, allowanceCharge, false) { documentAllowances.append(contentsOf: categories) }
            if t.isCharge(d, allowanceCharge, true) { documentCharges.append(contentsOf: categories) }
        }
        documentAllowanceChargeCategories = documentAny
        documentAllowanceCategories = documentAllowances
        documentChargeCategories = documentCharges

        /// The `cac:PartyTaxScheme` of the parties in `role`, wherever they appear.
        func partyTaxSchemes(_ role: UInt32) -> [XMLTree.Node] {
            d.tree.nodes(named: role).flatMap { t.children(d, $0, t.party) }.flatMap { t.children(d, $0, t.partyTaxScheme) }
        }
        let sellerSchemes = partyTaxSchemes(t.accountingSupplierParty).filter { t.has(d, $0, t.companyID) }
        sellerHasTaxID = !sellerSchemes.isEmpty
        sellerHasVATID = sellerSchemes.contains { t.isVAT(d, $0) }
        taxRepresentativeHasVATID = d.tree.nodes(named: t.taxRepresentativeParty)
            .contains { t.children(d, $0, t.partyTaxScheme).contains { t.isVAT(d, $0) && t.has(d, $0, t.companyID) } }
        buyerHasVATID = partyTaxSchemes(t.accountingCustomerParty).contains { t.isVAT(d, $0) && t.has(d, $0, t.companyID) }
        buyerHasLegalID = d.tree.nodes(named: t.accountingCustomerParty).flatMap { t.children(d, $0, t.party) }
            .flatMap { t.children(d, $0, t.partyLegalEntity) }.contains { t.has(d, $0, t.companyID) }
    }
}
