public import Foundation
public import InvoiceIntake
public import InvoiceModel

/// An invoice as the hub keeps it: its key fields, where it stands, where its bytes are, and the head of
/// its event chain.
public struct InvoiceSummary: Sendable, Codable, Hashable, Identifiable {
    /// Given by the hub.
    public let id: InvoiceID
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
    /// Where it stands now: its last event's status.
    public var status: InvoiceStatus
    /// UBL or CII.
    public let syntax: InvoiceSyntax
    /// `xml`, or `pdf` for a Factur-X / ZUGFeRD PDF.
    public let container: InvoiceContainer
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
    /// Its event chain's length and last hash.
    public var chain: ChainHead

    /// Creates a summary.
    public init(
        id: InvoiceID, supplierOrganisationID: String, sellerIdentifier: String?, sellerName: String?,
        buyerSIRET: String?, buyerName: String?, number: String?, issueDate: String?, typeCode: String?,
        isCreditNote: Bool, currency: String?, amountDue: String?, buyerReference: String?,
        purchaseOrderReference: String?, status: InvoiceStatus, syntax: InvoiceSyntax, container: InvoiceContainer,
        documentSHA256: String, documentSize: Int, receivedAt: Date, fatalCount: Int, warningCount: Int,
        chain: ChainHead = .empty
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
        self.chain = chain
    }

    /// The year of the issue date, which scopes invoice numbers for duplicates.
    public var issueYear: Int? { issueDate.flatMap { Int($0.prefix(4)) } }

    /// Whether a caller with this scope may see it.
    public func isVisible(to scope: TenantScope) -> Bool {
        switch scope {
        case .all: true
        case .supplier(let organisationID): supplierOrganisationID == organisationID
        case .buyer(let sirets): (buyerSIRET.map(sirets.contains) ?? false) && !isRejectedAtDeposit
        }
    }

    /// Whether the hub refused the invoice when it was deposited (213 as its first and only status): the supplier's
    /// business, which its buyer never sees. (An invoice the portal or the buyer rejects later stays the buyer's.)
    public var isRejectedAtDeposit: Bool { status == .rejected && chain.length <= 1 }
}
