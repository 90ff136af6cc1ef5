public import InvoiceIntake
public import InvoiceRules

/// What became of a deposit. The HTTP layer maps each case to a status: see each case.
public enum IngestionOutcome: Sendable {
    /// Valid and stored with status 200 (HTTP 201).
    case accepted(IngestedInvoice)
    /// Invalid, but stored with status 213 so the supplier can see why (HTTP 422).
    case rejected(IngestedInvoice)
    /// Not stored: the supplier already deposited this invoice number this year (HTTP 409).
    case duplicate(original: InvoiceSummary)
    /// The idempotency key was already used by this supplier for another body (HTTP 422).
    case idempotencyKeyReused(key: String, invoiceID: InvoiceID)
    /// The idempotency key is empty or too long (HTTP 400).
    case invalidIdempotencyKey
    /// The body is empty (HTTP 400).
    case empty
    /// The body is over the hub's limit (HTTP 413).
    case tooLarge(size: Int, limit: Int)
    /// The bytes are not an invoice: another XML vocabulary, a PDF without one, … (HTTP 415).
    case notAnInvoice(IntakeError)
    /// The bytes look like an invoice but cannot be read: malformed XML, a damaged PDF, limits (HTTP 400).
    case unreadable(IntakeError)
    /// The seller on the invoice is not the depositing supplier (HTTP 403); nothing stored.
    case sellerNotOwned(seller: String?)

    /// The invoice stored, for the two outcomes that store one.
    public var invoice: IngestedInvoice? {
        switch self {
        case .accepted(let invoice), .rejected(let invoice): invoice
        default: nil
        }
    }

    /// What kind of outcome this is, as a stable machine-readable code (`accepted`, `duplicate`, `not-an-invoice` …).
    public var code: Code {
        switch self {
        case .accepted: .accepted
        case .rejected: .rejected
        case .duplicate: .duplicate
        case .idempotencyKeyReused: .idempotencyKeyReused
        case .invalidIdempotencyKey: .invalidIdempotencyKey
        case .empty: .empty
        case .tooLarge: .tooLarge
        case .notAnInvoice: .notAnInvoice
        case .unreadable: .unreadable
        case .sellerNotOwned: .sellerNotOwned
        }
    }

    /// The outcomes' codes.
    public enum Code: String, Sendable, CaseIterable {
        case accepted, rejected, duplicate, empty, unreadable
        case idempotencyKeyReused = "idempotency-key-reused"
        case invalidIdempotencyKey = "invalid-idempotency-key"
        case tooLarge = "too-large"
        case notAnInvoice = "not-an-invoice"
        case sellerNotOwned = "seller-not-owned"
    }
}

/// An invoice the hub stored, as the deposit's answer shows it.
public struct IngestedInvoice: Sendable {
    /// Its key fields and status.
    public let summary: InvoiceSummary
    /// What the rules found (EN 16931 and Chorus Pro).
    public let report: ValidationReport
    /// Whether this answer replays an earlier one for the same idempotency key (nothing new was stored).
    public let replayed: Bool

    /// Creates an answer.
    public init(summary: InvoiceSummary, report: ValidationReport, replayed: Bool) {
        self.summary = summary
        self.report = report
        self.replayed = replayed
    }
}

/// What `Ingestion.check` answers: a report, or the refusal a deposit of the same bytes would get.
public enum CheckOutcome: Sendable {
    /// The document was read and judged.
    case checked(ValidationReport)
    /// The document was not judged: `empty`, `tooLarge`, `notAnInvoice` or `unreadable`.
    case refused(IngestionOutcome)
}
