public import Foundation
public import InvoiceModel
public import InvoiceRules

/// Everything the hub keeps, behind one protocol: the embedded SQLite store now, PostgreSQL later.
///
/// Every method is one transaction. Reads that concern invoices take the caller's `TenantScope` and
/// answer nil (not an error) for an invoice the caller may not see, so that the edges can answer 404 for
/// foreign and unknown invoices alike. Implementations throw `HubError` (`.storage` for their own
/// failures).
public protocol HubStore: Sendable {
    // MARK: Tenants and credentials

    /// Creates or replaces an organisation and its identifiers.
    func save(_ organisation: Organisation) async throws
    /// The organisation with this id.
    func organisation(id: String) async throws -> Organisation?
    /// Every organisation, by id.
    func organisations() async throws -> [Organisation]
    /// Records a new credential.
    func save(_ credential: Credential) async throws
    /// The credential whose token hashes to this, with its organisation; nil when none or revoked.
    func credential(tokenHash: String) async throws -> (Credential, Organisation)?

    // MARK: Buyer directory

    /// Writes directory entries in one transaction: each replaces the entry with its identifier (and its
    /// services); with `replacingAll`, entries not in the list are removed.
    func importDirectory(_ entries: [BuyerDirectoryEntry], replacingAll: Bool) async throws
    /// The directory entry with this identifier.
    func directoryEntry(identifier: String) async throws -> BuyerDirectoryEntry?
    /// How many entries the directory holds.
    func directoryCount() async throws -> Int

    // MARK: Deposits

    /// Writes a deposit in one transaction: the document (once per SHA-256), the invoice, its report,
    /// its first lifecycle event (chained to the log) and the idempotency record. Inside the same
    /// transaction it answers `.replay` when the idempotency key was already used by this supplier, and
    /// `.duplicate` when the supplier already has a live invoice (not rejected, not a credit note) with
    /// the same number and issue year, unless the submission is a credit note; then nothing is written.
    func accept(_ submission: Submission) async throws -> AcceptResult
    /// The first answer recorded for this supplier's idempotency key.
    func idempotencyRecord(key: String, supplierOrganisationID: String) async throws -> IdempotencyRecord?

    // MARK: Reading invoices

    /// The invoice's summary, if the scope sees it.
    func invoice(id: String, scope: TenantScope) async throws -> InvoiceSummary?
    /// The invoice in the EN 16931 model as stored, if the scope sees it: attached documents (BT-125) have
    /// empty content, which the deposited document holds (`NormalisedInvoices` puts it back).
    func normalisedInvoice(id: String, scope: TenantScope) async throws -> Invoice?
    /// The invoice's validation report, if the scope sees it.
    func report(invoiceID: String, scope: TenantScope) async throws -> ValidationReport?
    /// The bytes deposited for the invoice, if the scope sees it.
    func document(invoiceID: String, scope: TenantScope) async throws -> StoredDocument?
    /// The invoice's lifecycle events in order, if the scope sees it.
    func events(invoiceID: String, scope: TenantScope) async throws -> [LifecycleEvent]?
    /// A page of the invoices the scope sees that match the query, newest first.
    func invoices(_ query: InvoiceQuery, scope: TenantScope) async throws -> InvoicePage

    // MARK: Lifecycle

    /// Moves a visible invoice to a new status, in one transaction: checks the lifecycle allows it from
    /// the current status, appends the chained event and updates the invoice.
    /// - Throws: `HubError.invoiceNotFound`, `HubError.transitionNotAllowed`.
    func transition(invoiceID: String, to status: InvoiceStatus, actor: String, reason: String, at: Date, scope: TenantScope)
        async throws -> LifecycleEvent
    /// Events of the whole log with a sequence above `sequence`, in order, at most `limit` of them.
    func events(after sequence: Int64, limit: Int) async throws -> [LifecycleEvent]
    /// The current status of every invoice whose id sorts after `invoiceID`, in id order, at most `limit`.
    func statuses(after invoiceID: String, limit: Int) async throws -> [(id: String, status: InvoiceStatus)]
}
