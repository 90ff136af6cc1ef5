public import Foundation
public import InvoiceIntake
public import InvoiceModel
public import InvoiceRules

/// Reads invoices for a caller: each read answers nil for an invoice the caller's scope does not see,
/// exactly as for one that does not exist, so that the edges answer 404 for both.
public struct InvoiceReader: Sendable {
    /// Where invoices are kept.
    public let store: any HubStore
    /// Reads deposited documents again, to put attachments back into stored models.
    public let intake: Intake

    /// Creates the reader.
    public init(store: any HubStore, intake: Intake) {
        self.store = store
        self.intake = intake
    }

    /// The invoice's summary.
    public func summary(_ id: InvoiceID, scope: TenantScope) async throws -> InvoiceSummary? {
        try await store.read { tx in try Self.visible(id, scope, tx) }
    }

    /// The invoice's summary and validation report.
    public func summaryAndReport(_ id: InvoiceID, scope: TenantScope) async throws -> (InvoiceSummary, ValidationReport)? {
        let found = try await store.read { tx -> (InvoiceSummary, Data)? in
            guard let summary = try Self.visible(id, scope, tx), let report = try tx.report(of: id) else { return nil }
            return (summary, report)
        }
        guard let (summary, json) = found else { return nil }
        return (summary, try Self.decodeReport(json, of: id))
    }

    /// Everything the invoice's page shows: its summary, report, what the portal says of it, its deliveries.
    public func detail(_ id: InvoiceID, scope: TenantScope) async throws -> InvoiceDetail? {
        let found = try await store.read { tx -> (InvoiceSummary, Data, PortalTracking?, [Deliveries.Detail])? in
            guard let summary = try Self.visible(id, scope, tx), let report = try tx.report(of: id) else { return nil }
            let deliveries = try tx.deliveries(of: id).map { Deliveries.Detail(delivery: $0, attempts: try tx.attempts(of: $0.id)) }
            return (summary, report, try tx.portalTracking(of: id), deliveries)
        }
        guard let (summary, json, portal, deliveries) = found else { return nil }
        return InvoiceDetail(summary: summary, report: try Self.decodeReport(json, of: id), portal: portal, deliveries: deliveries)
    }

    /// The bytes deposited for the invoice.
    public func document(_ id: InvoiceID, scope: TenantScope) async throws -> StoredDocument? {
        try await store.read { tx in
            guard let summary = try Self.visible(id, scope, tx) else { return nil }
            return try tx.document(sha256: summary.documentSHA256)
        }
    }

    /// The invoice's lifecycle events, by position.
    public func events(_ id: InvoiceID, scope: TenantScope) async throws -> [LifecycleEvent]? {
        try await store.read { tx in
            guard try Self.visible(id, scope, tx) != nil else { return nil }
            return try tx.events(of: id)
        }
    }

    /// A page of the invoices the scope sees that match the query, newest first.
    public func list(_ query: InvoiceQuery, scope: TenantScope) async throws -> InvoicePage {
        let query = try query.validated()
        return try await store.read { tx in try tx.invoices(query, scope: scope) }
    }

    /// The invoice in the EN 16931 model, whole: the store keeps each model without the content of its
    /// attached documents (BT-125: `InvoiceJSON.Attachments.elided`), which the deposited document already
    /// holds, so that bytes are stored once; they are put back here from the document, read again.
    /// - Throws: `HubError.storage` when the stored document no longer gives the attachments the model names.
    public func model(_ id: InvoiceID, scope: TenantScope) async throws -> Invoice? {
        let found = try await store.read { tx -> Data? in
            guard try Self.visible(id, scope, tx) != nil else { return nil }
            return try tx.model(of: id)
        }
        guard let json = found else { return nil }
        var model: Invoice
        do { model = try JSONDecoder().decode(Invoice.self, from: json) } catch {
            throw HubError.storage("invoice \(id): its stored model cannot be read: \(error)")
        }
        let stored = model.root.binaryObjects
        guard stored.contains(where: { $0.base64Bytes.isEmpty }) else { return model }
        guard let document = try await document(id, scope: scope) else {
            throw HubError.storage("invoice \(id): its document is missing")
        }
        let contents: [BinaryObject]
        do {
            contents = try intake.read(document.bytes).root.binaryObjects
        } catch {
            throw HubError.storage("invoice \(id): its stored document cannot be read again: \(error)")
        }
        guard contents.count == stored.count else {
            throw HubError.storage("invoice \(id): its document has \(contents.count) attachments, its model names another number")
        }
        var next = contents.makeIterator()
        model.root.updateBinaryObjects { object in
            guard let content = next.next() else { return object }
            return BinaryObject(base64Bytes: content.base64Bytes, mimeCode: object.mimeCode, filename: object.filename)
        }
        return model
    }

    /// The invoice if the scope sees it.
    static func visible(_ id: InvoiceID, _ scope: TenantScope, _ tx: any StoreReads) throws -> InvoiceSummary? {
        guard let summary = try tx.invoice(id), summary.isVisible(to: scope) else { return nil }
        return summary
    }

    /// A stored report.
    static func decodeReport(_ json: Data, of id: InvoiceID) throws -> ValidationReport {
        do { return try JSONDecoder().decode(ValidationReport.self, from: json) } catch {
            throw HubError.storage("invoice \(id): its stored report cannot be read: \(error)")
        }
    }
}

/// An invoice with everything the hub knows of it.
public struct InvoiceDetail: Sendable {
    /// Its key fields and status.
    public let summary: InvoiceSummary
    /// What the rules found.
    public let report: ValidationReport
    /// What the portal says of it, once delivered there.
    public let portal: PortalTracking?
    /// Its deliveries and their attempts.
    public let deliveries: [Deliveries.Detail]
}
