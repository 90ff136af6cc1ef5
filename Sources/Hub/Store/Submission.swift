public import Foundation

/// Everything a deposit writes, prepared before its unit of work (`Deposit.accept`).
public struct Submission: Sendable {
    /// The invoice's row; its status is the first event's.
    public let summary: InvoiceSummary
    /// The bytes deposited (stored once per SHA-256).
    public let document: Data
    /// Their media type (`application/xml`, `application/pdf`).
    public let mediaType: String
    /// The invoice in the EN 16931 model, as JSON.
    public let invoiceJSON: Data
    /// The validation report (EN 16931 and Chorus Pro findings).
    public let report: ValidationReportRecord
    /// Who deposited it: its first lifecycle event's actor.
    public let actor: Actor
    /// Why it entered in this status, for people.
    public let reason: String
    /// The client's idempotency key, with the hash of the request it came with.
    public let idempotency: IdempotencyClaim?
    /// Where the invoice goes once stored (none for a rejected one): the outbox rows the deposit writes.
    public let destinations: [Destination]

    /// Creates a submission.
    public init(
        summary: InvoiceSummary, document: Data, mediaType: String, invoiceJSON: Data, report: ValidationReportRecord,
        actor: Actor, reason: String, idempotency: IdempotencyClaim?, destinations: [Destination] = []
    ) {
        self.summary = summary
        self.document = document
        self.mediaType = mediaType
        self.invoiceJSON = invoiceJSON
        self.report = report
        self.actor = actor
        self.reason = reason
        self.idempotency = idempotency
        self.destinations = destinations
    }
}

/// A validation report as stored: the JSON of `ValidationReport` and the figures searched on.
public struct ValidationReportRecord: Sendable, Hashable {
    /// Whether no fatal rule fired.
    public let valid: Bool
    /// The rule sets that judged it (`EN 16931 + Chorus Pro`).
    public let ruleSet: String
    /// The report as JSON.
    public let json: Data
    /// The fatal rules that fired (what the operators' queue groups rejections by).
    public let fatalRules: Set<String>

    /// Creates a record.
    public init(valid: Bool, ruleSet: String, json: Data, fatalRules: Set<String> = []) {
        self.valid = valid
        self.ruleSet = ruleSet
        self.json = json
        self.fatalRules = fatalRules
    }
}

/// An idempotency key a supplier sent with a deposit.
public struct IdempotencyClaim: Sendable, Hashable {
    /// The key, as sent (`Idempotency-Key` header).
    public let key: String
    /// SHA-256 of the request body: the same key with another body is a client error, not a retry.
    public let requestSHA256: String

    /// Creates a claim.
    public init(key: String, requestSHA256: String) {
        self.key = key
        self.requestSHA256 = requestSHA256
    }
}

/// The first answer to an idempotency key, as stored.
public struct IdempotencyRecord: Sendable, Hashable {
    /// The key.
    public let key: String
    /// The supplier that sent it; keys are scoped per supplier.
    public let supplierOrganisationID: String
    /// SHA-256 of the request body.
    public let requestSHA256: String
    /// The invoice the first request created.
    public let invoiceID: InvoiceID
    /// The status the first answer gave (200 accepted or 213 rejected).
    public let status: InvoiceStatus
    /// When the first request was answered.
    public let createdAt: Date

    /// Creates a record.
    public init(
        key: String, supplierOrganisationID: String, requestSHA256: String, invoiceID: InvoiceID, status: InvoiceStatus,
        createdAt: Date
    ) {
        self.key = key
        self.supplierOrganisationID = supplierOrganisationID
        self.requestSHA256 = requestSHA256
        self.invoiceID = invoiceID
        self.status = status
        self.createdAt = createdAt
    }
}

/// What `Deposit.accept` did.
public enum AcceptResult: Sendable, Hashable {
    /// Everything was written; here is the first event.
    case stored(InvoiceSummary, LifecycleEvent)
    /// Nothing was written: the supplier already has this invoice number for this year (not rejected,
    /// not a credit note).
    case duplicate(original: InvoiceSummary)
    /// Nothing was written: this idempotency key was already answered.
    case replay(IdempotencyRecord)
}

/// A document as stored.
public struct StoredDocument: Sendable, Hashable {
    /// SHA-256 of the bytes.
    public let sha256: String
    /// The bytes, as deposited.
    public let bytes: Data
    /// Their media type.
    public let mediaType: String

    /// Creates a stored document.
    public init(sha256: String, bytes: Data, mediaType: String) {
        self.sha256 = sha256
        self.bytes = bytes
        self.mediaType = mediaType
    }
}
