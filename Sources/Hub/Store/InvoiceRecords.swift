public import Foundation

/// Invoices, their documents, models, reports and idempotency records, as stored.
public protocol InvoiceReads {
    /// The invoice with this id, whoever may see it (visibility is the domain's: `InvoiceSummary.isVisible`).
    func invoice(_ id: InvoiceID) throws -> InvoiceSummary?
    /// The invoices this supplier deposited with this number (BT-1) and issue year, whatever their status.
    func invoices(supplier: String, number: String, year: Int) throws -> [InvoiceSummary]
    /// A page of the invoices matching the query, newest first; `scope` is applied as a filter.
    func invoices(_ query: InvoiceQuery, scope: TenantScope) throws -> InvoicePage
    /// The invoice's EN 16931 model as stored JSON (`InvoiceJSON`, attachments elided).
    func model(of id: InvoiceID) throws -> Data?
    /// The invoice's validation report as stored JSON.
    func report(of id: InvoiceID) throws -> Data?
    /// The document with this SHA-256.
    func document(sha256: String) throws -> StoredDocument?
    /// The first answer recorded for a supplier's idempotency key.
    func idempotencyRecord(key: String, supplier: String) throws -> IdempotencyRecord?
}

/// Writes to invoices and what hangs off them.
public protocol InvoiceWrites: InvoiceReads {
    /// The invoice with this id, locked until the unit of work ends (concurrent writers of the same invoice
    /// wait); writes to other invoices do not wait.
    func lock(_ id: InvoiceID) throws -> InvoiceSummary?
    /// Stores a document; nothing happens when one with the same SHA-256 is already stored.
    func insert(_ document: StoredDocument) throws
    /// Stores a new invoice row with its model and report. A unique index refuses a second live invoice
    /// (not a credit note, not rejected) with the same supplier, number and year (`HubError.conflict`).
    func insert(_ invoice: InvoiceSummary, model: Data, report: ValidationReportRecord) throws
    /// Sets an invoice's status and the head of its event chain.
    func update(_ id: InvoiceID, status: InvoiceStatus, chain: ChainHead) throws
    /// Records the first answer to an idempotency key (unique per supplier and key).
    func insert(_ record: IdempotencyRecord) throws
}
