/// The fields of an integrated invoice the portal keeps and lists (from the EN 16931 model).
struct NewInvoice: Sendable, Hashable {
    let number: String
    /// The seller's identifier (SIRET when it has one): with the number and year, what makes a duplicate.
    let supplier: String
    let supplierName: String?
    let year: Int?
    let issueDate: String?
    /// An invoice or a credit note.
    let type: ChorusInvoiceType
    let buyer: String?
    let buyerName: String?
    let serviceCode: String?
    let purchaseOrder: String?
    let contract: String?
    let currency: String?
    let amountHT: String?
    let amountTTC: String?
    let amountDue: String?
}

/// What Chorus Pro's `typeFacture` says a document is.
enum ChorusInvoiceType: String, Sendable, Hashable {
    case invoice = "FACTURE"
    case creditNote = "AVOIR"
}

/// An invoice as stored, with its flow's number and its current status.
struct InvoiceRecord: Sendable {
    let id: Int64
    let flowNumber: String
    let invoice: NewInvoice
    let depositedAt: Int64
    let status: ChorusInvoiceStatus
    let statusAt: Int64
}

/// One status an invoice passed.
struct StatusRecord: Sendable {
    let id: Int64
    let status: ChorusInvoiceStatus
    let at: Int64
    let comment: String?
}

/// A page of invoices and how many match in all.
struct InvoicePage: Sendable {
    let invoices: [InvoiceRecord]
    let total: Int
}
