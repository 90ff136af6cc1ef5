public import Foundation

/// An invoice as the hub lists it: its key fields, where it stands, and where its bytes are.
public struct InvoiceSummary: Sendable, Codable, Hashable, Identifiable {
    /// `inv_…`, given by the hub.
    public let id: String
    /// The supplier organisation that deposited it.
    public let supplierOrganisationID: String
    /// The seller's main identifier: a SIRET when it has one, else its first identifier, legal
    /// registration or VAT number (BT-29, BT-30, BT-31).
    public let sellerIdentifier: String?
    /// Seller name (BT-27).
    public let sellerName: String?
    /// The buyer's SIRET, when it has one (BT-46, BT-47 or BT-49 with scheme 0009).
    public let buyerSIRET: String?
    /// Buyer name (BT-44).
    public let buyerName: String?
    /// Invoice number (BT-1).
    public let number: String?
    /// Issue date (BT-2), `YYYY-MM-DD`.
    public let issueDate: String?
    /// Invoice type code (BT-3).
    public let typeCode: String?
    /// Whether the type code is a credit note's.
    public let isCreditNote: Bool
    /// Invoice currency (BT-5).
    public let currency: String?
    /// Amount due for payment (BT-115), as written (exact decimal).
    public let amountDue: String?
    /// Buyer reference (BT-10): the service code for Chorus Pro.
    public let buyerReference: String?
    /// Purchase order reference (BT-13): the engagement number for Chorus Pro.
    public let purchaseOrderReference: String?
    /// Where it stands now.
    public let status: InvoiceStatus
    /// `ubl` or `cii`.
    public let syntax: String
    /// `xml`, or `pdf` for a Factur-X / ZUGFeRD PDF.
    public let container: String
    /// SHA-256 of the bytes deposited.
    public let documentSHA256: String
    /// Their size.
    public let documentSize: Int
    /// When the hub received it, to the millisecond.
    public let receivedAt: Date
    /// How many fatal findings its report holds.
    public let fatalCount: Int
    /// How many warnings its report holds.
    public let warningCount: Int

    /// Creates a summary.
    public init(
        id: String, supplierOrganisationID: String, sellerIdentifier: String?, sellerName: String?,
        buyerSIRET: String?, buyerName: String?, number: String?, issueDate: String?, typeCode: String?,
        isCreditNote: Bool, currency: String?, amountDue: String?, buyerReference: String?,
        purchaseOrderReference: String?, status: InvoiceStatus, syntax: String, container: String,
        documentSHA256: String, documentSize: Int, receivedAt: Date, fatalCount: Int, warningCount: Int
    ) {
        self.id = id
        self.supplierOrganisationID = supplierOrganisationID
        self.sellerIdentifier = sellerIdentifier
        self.sellerName = sellerName
        self.buyerSIRET = buyerSIRET
        self.buyerName = buyerName
        self.number = number
        self.issueDate = issueDate
        self.typeCode = typeCode
        self.isCreditNote = isCreditNote
        self.currency = currency
        self.amountDue = amountDue
        self.buyerReference = buyerReference
        self.purchaseOrderReference = purchaseOrderReference
        self.status = status
        self.syntax = syntax
        self.container = container
        self.documentSHA256 = documentSHA256
        self.documentSize = documentSize
        self.receivedAt = receivedAt
        self.fatalCount = fatalCount
        self.warningCount = warningCount
    }

    /// The year of the issue date, which scopes invoice numbers for duplicates.
    public var issueYear: Int? { issueDate.flatMap { Int($0.prefix(4)) } }

    /// The same invoice with another status.
    public func with(status: InvoiceStatus) -> InvoiceSummary {
        InvoiceSummary(
            id: id, supplierOrganisationID: supplierOrganisationID, sellerIdentifier: sellerIdentifier,
            sellerName: sellerName, buyerSIRET: buyerSIRET, buyerName: buyerName, number: number,
            issueDate: issueDate, typeCode: typeCode, isCreditNote: isCreditNote, currency: currency,
            amountDue: amountDue, buyerReference: buyerReference, purchaseOrderReference: purchaseOrderReference,
            status: status, syntax: syntax, container: container, documentSHA256: documentSHA256,
            documentSize: documentSize, receivedAt: receivedAt, fatalCount: fatalCount, warningCount: warningCount)
    }

    /// Whether a caller with this scope may see it.
    public func isVisible(to scope: TenantScope) -> Bool {
        switch scope {
        case .all: true
        case .supplier(let organisationID): supplierOrganisationID == organisationID
        case .buyer(let sirets): buyerSIRET.map(sirets.contains) ?? false
        }
    }
}
