public import Foundation

/// Moves invoices through the lifecycle on behalf of a caller.
public struct InvoiceLifecycle: Sendable {
    /// Where invoices and the event log are kept.
    public let store: any HubStore

    /// Creates the service.
    public init(store: any HubStore) { self.store = store }

    /// Sets an invoice's status for a caller: checks the caller's role may set it and sees the invoice;
    /// the store checks the lifecycle allows it and appends the chained event in the same transaction.
    /// - Throws: `HubError.transitionForbidden`, `.invoiceNotFound`, `.transitionNotAllowed`.
    public func transition(
        invoiceID: String, to status: InvoiceStatus, by principal: Principal, reason: String = "", at date: Date = Date()
    ) async throws -> LifecycleEvent {
        guard TransitionPolicy.allows(principal.role, toSet: status) else {
            throw HubError.transitionForbidden(role: principal.role, to: status)
        }
        return try await store.transition(
            invoiceID: invoiceID, to: status, actor: principal.actor, reason: reason, at: date, scope: principal.scope)
    }

    /// Sets a status on behalf of the hub itself or a portal (`actor`: `hub`, `portal`), seeing every invoice.
    public func record(invoiceID: String, to status: InvoiceStatus, actor: String, reason: String = "", at date: Date = Date())
        async throws -> LifecycleEvent
    {
        try await store.transition(invoiceID: invoiceID, to: status, actor: actor, reason: reason, at: date, scope: .all)
    }
}
