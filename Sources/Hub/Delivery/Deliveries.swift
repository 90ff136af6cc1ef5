public import Foundation

/// The outbox as people see it: deliveries listed by state (the operators' queue of failed ones), and sent again.
public struct Deliveries: Sendable {
    /// Where the outbox is kept.
    public let store: any HubStore

    /// Creates the service.
    public init(store: any HubStore) { self.store = store }

    /// A delivery with its attempts.
    public struct Detail: Sendable, Hashable {
        /// The delivery.
        public let delivery: Delivery
        /// Its attempts, in order.
        public let attempts: [DeliveryAttempt]

        /// Creates a detail.
        public init(delivery: Delivery, attempts: [DeliveryAttempt]) {
            self.delivery = delivery
            self.attempts = attempts
        }
    }

    /// A page of the deliveries the scope sees: an operator's all, a supplier's those of its invoices.
    /// - Throws: `HubError.invalidQuery` for a limit out of range.
    public func list(_ query: DeliveryQuery, scope: TenantScope) async throws -> DeliveryPage {
        guard (1...500).contains(query.limit) else { throw HubError.invalidQuery("limit must be between 1 and 500") }
        return try await store.read { tx in try tx.deliveries(query, scope: scope) }
    }

    /// The invoice's deliveries with their attempts (the caller has checked it may see the invoice).
    public func details(of invoiceID: InvoiceID) async throws -> [Detail] {
        try await store.read { tx in
            try tx.deliveries(of: invoiceID).map { Detail(delivery: $0, attempts: try tx.attempts(of: $0.id)) }
        }
    }

    /// Sends a pending or failed delivery again at once, with a new retry budget: an operator's action, within the unit
    /// of work that notes it in the invoice's history (`Operations.retry`).
    /// - Throws: `HubError.deliveryNotFound`, `HubError.deliveryDone` (it was delivered: there is nothing to send).
    static func retry(_ id: String, at date: Date, in tx: any StoreWrites) throws -> Delivery {
        let now = Date(millisecondsSince1970: date.millisecondsSince1970)
        guard var delivery = try tx.lockDelivery(id) else { throw HubError.deliveryNotFound(id) }
        guard delivery.state != .done else { throw HubError.deliveryDone(id) }
        delivery.state = .pending
        delivery.attempts = 0
        delivery.roundStartedAt = now
        delivery.nextAttemptAt = now
        delivery.lease = nil
        delivery.updatedAt = now
        try tx.update(delivery)
        return delivery
    }
}
