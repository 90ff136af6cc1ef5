import InvoiceXML

/// A VAT category of a UBL document (`cac:TaxCategory` or `cac:ClassifiedTaxCategory`) with what the VAT category
/// rules ask of it, read once: whether it is of the VAT scheme, and its ids (`cbc:ID`). Each of those rules looks
/// at every category of the document for its code (nine families, four rules each).
struct UBLVATCategory: Sendable {
    let node: XMLTree.Node
    /// `UBLTerms.isVAT`.
    let isVAT: Bool
    /// How many `cbc:ID` children it has, and the first (-1 when none).
    let idCount: Int32
    let firstID: XMLTree.Node
    /// The first id normalised (XPath `normalize-space`); "" when there is none.
    let code: String

    init(_ d: Document, _ t: UBLTerms, _ node: XMLTree.Node) {
        self.node = node
        isVAT = t.isVAT(d, node)
        let ids = t.children(d, node, t.id)
        idCount = Int32(clamping: ids.count)
        firstID = ids.first ?? -1
        code = ids.first.map { d.normalized($0) } ?? ""
    }
}

/// Where a UBL document's VAT categories are and which parties show tax identifiers: what the VAT category
/// rules (BR-S … BR-O, checked on the invoice as a whole and on each category) keep asking, read once per
/// document.
final class UBLVATCensus: Sendable {
    /// Every `cac:TaxCategory` and every `cac:ClassifiedTaxCategory` (the line categories, BT-151), in document order.
    let taxCategories: [UBLVATCategory]
    let lineCategories: [UBLVATCategory]
    /// The VAT breakdown's categories (BG-23, BT-118).
    let breakdown: [UBLVATCategory]
    /// The `cac:TaxCategory` of allowances and charges at any level: all, those of allowances, those of charges
    /// (an indicator that is not a boolean counts for neither).
    let allowanceChargeCategories: [UBLVATCategory]
    let allowanceCategories: [UBLVATCategory]
    let chargeCategories: [UBLVATCategory]
    /// The same for the document-level allowances and charges (BG-20, BG-21).
    let documentAllowanceChargeCategories: [UBLVATCategory]
    let documentAllowanceCategories: [UBLVATCategory]
    let documentChargeCategories: [UBLVATCategory]
    /// The seller's tax identifier of any scheme (BT-31 or BT-32), of the VAT scheme (BT-31); the tax
    /// representative's VAT identifier (BT-63); the buyer's VAT identifier (BT-48) and legal registration (BT-47).
    let sellerHasTaxID: Bool
    let sellerHasVATID: Bool
    let taxRepresentativeHasVATID: Bool
    let buyerHasVATID: Bool
    let buyerHasLegalID: Bool

    init(_ d: Document, _ t: UBLTerms) {
        let taxCategories = d.tree.nodes(named: t.taxCategory).map { UBLVATCategory(d, t, $0) }
        self.taxCategories = taxCategories
        lineCategories = d.tree.nodes(named: t.classifiedTaxCategory).map { UBLVATCategory(d, t, $0) }
        /// The category read for `node`, a `cac:TaxCategory` (they are in document order, as node numbers are).
        func category(_ node: XMLTree.Node) -> UBLVATCategory {
            var low = 0
            var high = taxCategories.count
            while low < high {
                let middle = (low + high) / 2
                if taxCategories[middle].node < node { low = middle + 1 } else { high = middle }
            }
            return low < taxCategories.count && taxCategories[low].node == node ? taxCategories[low] : UBLVATCategory(d, t, node)
        }

        breakdown = t.children(d, d.root, t.taxTotal).flatMap { t.children(d, $0, t.taxSubtotal) }
            .flatMap { t.children(d, $0, t.taxCategory) }.map(category)

        var any: [UBLVATCategory] = [], allowances: [UBLVATCategory] = [], charges: [UBLVATCategory] = []
        for category in taxCategories {
            guard let parent = d.tree.parent(category.node), d.tree.nameID(parent) == t.allowanceCharge else { continue }
            any.append(category)
            if t.isCharge(d, parent, false) { allowances.append(category) }
            if t.isCharge(d, parent, true) { charges.append(category) }
        }
        allowanceChargeCategories = any
        allowanceCategories = allowances
        chargeCategories = charges

        var documentAny: [UBLVATCategory] = [], documentAllowances: [UBLVATCategory] = [], documentCharges: [UBLVATCategory] = []
        for allowanceCharge in t.children(d, d.root, t.allowanceCharge) {
            let categories = t.children(d, allowanceCharge, t.taxCategory).map(category)
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
