import InvoiceModel

/// Where the terms the Chorus Pro rules look at sit in each syntax, written as the EN 16931 findings
/// write their locations (local names from the root).
struct ChorusProLocations {
    let root: String
    let buyer: String
    let seller: String
    let buyerReference: String
    let purchaseOrderReference: String
    private let attachmentBase: String

    init(syntax: InvoiceSyntax, creditNote: Bool) {
        if syntax == .cii {
            root = "/CrossIndustryInvoice"
            let agreement = root + "/SupplyChainTradeTransaction/ApplicableHeaderTradeAgreement"
            buyer = agreement + "/BuyerTradeParty"
            seller = agreement + "/SellerTradeParty"
            buyerReference = agreement + "/BuyerReference"
            purchaseOrderReference = agreement + "/BuyerOrderReferencedDocument/IssuerAssignedID"
            attachmentBase = agreement + "/AdditionalReferencedDocument"
        } else {
            root = creditNote ? "/CreditNote" : "/Invoice"
            buyer = root + "/AccountingCustomerParty/Party"
            seller = root + "/AccountingSupplierParty/Party"
            buyerReference = root + "/BuyerReference"
            purchaseOrderReference = root + "/OrderReference/ID"
            attachmentBase = root + "/AdditionalDocumentReference"
        }
    }

    /// The n-th supporting document (1-based, among those of BG-24).
    func attachment(_ position: Int) -> String { "\(attachmentBase)[\(position)]" }
}
