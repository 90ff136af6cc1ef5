public import Foundation

/// Moves invoices through the lifecycle: the one place that checks who may set a status, that the lifecycle
/// allows it from where the invoice stands, and that chains the event to the invoice's previous one.
public struct InvoiceLifecycle: Sendable {
    /// Where invoices and the event log are kept.
    public let store: any HubStore
    /// The chains' hash function.
    public let chain: EventChain

    /// Creates the service.
    public init(store: any HubStore, chain: EventChain = .standard) {
        self.store = store
        self.chain = chain
    }

    /// Sets an invoice's status for a caller: the caller's role must be allowed to set it and the caller must
    /// see the invoice.
    /// - Throws: `HubError.transitionForbidden`, `.invoiceNotFound`, `.transitionNotAllowed`.
    public func transition(
        invoiceID: InvoiceID, to status: InvoiceStatus, by principal: Principal, reason: String = "", at date: Date = Date()
    ) async throws -> LifecycleEvent {
        guard TransitionPolicy.allows(principal.role, toSet: status) else {
            throw HubError.transitionForbidden(role: principal.role, to: status)
        }
        return try await move(invoiceID, to: status, actor: principal.actor, reason: reason, at: date, scope: principal.scope)
    }

    /// Sets a status on behalf of the hub itself or the portal, seeing every invoice.
    /// - Throws: `HubError.invoiceNotFound`, `.transitionNotAllowed`.
    public func record(invoiceID: InvoiceID, to status: InvoiceStatus, actor: Actor, reason: String = "", at date: Date = Date())
        async throws -> LifecycleEvent
    {
        try await move(invoiceID, to: status, actor: actor, reason: reason, at: date, scope: .all)
    }

    /// One unit of work: lock the invoice, check the lifecycle allows the move, append the chained event and
    /// update the invoice.
    private func move(
        _ id: InvoiceID, to status: InvoiceStatus, actor: Actor, reason: String, at date: Date, scope: TenantScope
    ) async throws -> LifecycleEvent {
        let chain = self.chain
        return try await store.writeRetryingConflicts { tx in
            guard let invoice = try tx.lock(id), invoice.isVisible(to: scope) else { throw HubError.invoiceNotFound(id) }
            return try Self.append(to: invoice, status, actor: actor, reason: reason, at: date, in: tx, chain: chain)
        }
    }

    /// Appends a note to `invoice`'s history without changing its status (an operator's resolution, a request for a
    /// correction, a correction's link): an event from its status to the same, chained and audited as the others.
    /// No delivery follows a note.
    @discardableResult
    public static func appendNote(
        to invoice: InvoiceSummary, _ note: String, actor: Actor, at date: Date, in tx: any StoreWrites, chain: EventChain = .standard
    ) throws -> LifecycleEvent {
        let event = chain.next(
            after: invoice.chain, invoiceID: invoice.id, from: invoice.status, to: invoice.status, at: date, actor: actor, reason: note)
        try tx.append(event)
        try tx.update(invoice.id, status: invoice.status, chain: event.head)
        return event
    }

    /// Appends the event moving `invoice` (locked by the caller's unit of work) to `status`, records it on the
    /// invoice and writes the deliveries it implies (`Outbox`); for units of work that move an invoice among
    /// other writes.
    /// - Throws: `HubError.transitionNotAllowed`.
    @discardableResult
    public static func append(
        to invoice: InvoiceSummary, _ status: InvoiceStatus, actor: Actor, reason: String, at date: Date,
        in tx: any StoreWrites, chain: EventChain = .standard
    ) throws -> LifecycleEvent {
        guard Lifecycle.allows(from: invoice.status, to: status) else {
            throw HubError.transitionNotAllowed(invoiceID: invoice.id, from: invoice.status, to: status)
        }
        let event = chain.next(
            after: invoice.chain, invoiceID: invoice.id, from: invoice.status, to: status, at: date, actor: actor,
            reason: reason)
        try tx.append(event)
        try tx.update(invoice.id, status: status, chain: event.head)
        try Outbox.owe(after: event, of: invoice, in: tx)
        return event
    }
}
