public import Foundation
import StableJSON

/// The operators' side of the hub: the dashboard's figures, the queue of rejected and stuck flows, and what an
/// operator does about them. Every action is a note in the invoice's history (`InvoiceLifecycle.appendNote`), written
/// in the unit of work that records it, so the audit trail shows who did what, when and why.
public struct Operations: Sendable {
    /// Where everything is kept.
    public let store: any HubStore
    /// How events are chained.
    public let chain: EventChain

    /// Creates the service.
    public init(store: any HubStore, chain: EventChain = .standard) {
        self.store = store
        self.chain = chain
    }

    /// The dashboard's figures.
    public struct Dashboard: Sendable, Hashable {
        /// Invoices per status (every status, zero included), in status order.
        public let statusCounts: [StatusCount]
        /// Deposits per day over the window, oldest first, days without deposits included.
        public let days: [DailyDeposits]
        /// The rules that rejected the most deposits in the window.
        public let causes: [RuleCount]
        /// Portal delivery delays per day over the window, days with deliveries only.
        public let delays: [DailyDelay]

        /// Every invoice.
        public var total: Int { statusCounts.reduce(0) { $0 + $1.count } }
    }

    /// The figures over the `days` UTC days up to `now`.
    public func dashboard(days: Int = 30, now: Date = Date()) async throws -> Dashboard {
        let since = Self.startOfDay(now).addingTimeInterval(-Double(days - 1) * 86_400)
        let (counts, daily, causes, delays) = try await store.read { tx in
            (try tx.statusCounts(), try tx.dailyDeposits(since: since), try tx.rejectionCauses(since: since, limit: 10),
             try tx.deliveryDelays(since: since))
        }
        let byDay = Dictionary(daily.map { ($0.day, $0) }, uniquingKeysWith: { a, _ in a })
        let window = (0..<days).map { offset -> DailyDeposits in
            let day = Self.day(since.addingTimeInterval(Double(offset) * 86_400))
            return byDay[day] ?? DailyDeposits(day: day, total: 0, rejected: 0)
        }
        return Dashboard(
            statusCounts: InvoiceStatus.allCases.map { StatusCount(status: $0, count: counts[$0] ?? 0) }, days: window, causes: causes, delays: delays)
    }

    /// What needs a person.
    public struct Queue: Sendable, Hashable {
        /// Rejected invoices not settled, by rule.
        public let rejections: [RejectionGroup]
        /// Failed deliveries not settled, by destination kind and error.
        public let deliveries: [DeliveryGroup]
        /// Invoices whose portal status has not moved for the queue's number of days.
        public let stuck: [TrackedInvoice]
    }

    /// The queue; an invoice is stuck when its portal status has not changed for `stuckDays` days.
    public func queue(stuckDays: Int = 5, now: Date = Date()) async throws -> Queue {
        let unchangedSince = now.addingTimeInterval(-Double(stuckDays) * 86_400)
        return try await store.read { tx in
            Queue(
                rejections: try tx.openRejections(examples: 5, limit: 50),
                deliveries: try tx.failedDeliveryGroups(examples: 5, limit: 50),
                stuck: try tx.stuckInvoices(unchangedSince: unchangedSince, limit: 200))
        }
    }

    /// What the store says of the outbox and the status sync, for `/metrics`.
    public struct Measurements: Sendable, Hashable {
        /// Attempts by destination kind and outcome.
        public let attempts: [AttemptCount]
        /// Deliveries pending or failed, by kind.
        public let open: [DeliveryCount]
        /// How late the most overdue status poll is, in seconds (zero when none is overdue).
        public let statusSyncLag: TimeInterval
    }

    /// The outbox's and the status sync's figures, read from the store.
    public func measurements(now: Date = Date()) async throws -> Measurements {
        let (attempts, open, due) = try await store.read { tx in (try tx.attemptCounts(), try tx.openDeliveryCounts(), try tx.oldestDuePoll()) }
        return Measurements(attempts: attempts, open: open, statusSyncLag: due.map { max(0, now.timeIntervalSince($0)) } ?? 0)
    }

    /// One invoice of the reconciliation report: the hub's status beside the portal's.
    public struct ReconciliationRow: Sendable, Hashable {
        /// The invoice and what the portal last said of it.
        public let invoice: TrackedInvoice
        /// The portal's status as a lifecycle status (nil: not integrated yet, or a portal status without one).
        public let portalLifecycle: InvoiceStatus?
        /// Whether the two agree: the same status; or, before the portal has a status, the hub still between
        /// deposit and reception (200 to 202).
        public let agrees: Bool
    }

    /// Every invoice deposited at the portal (at most `limit`, newest first), the hub's status beside the portal's as
    /// the status sync last read it; `map` reads the portal's statuses.
    public func reconciliation(map: PortalStatusMap, limit: Int = 10_000) async throws -> [ReconciliationRow] {
        try await store.read { tx in try tx.reconciliation(limit: limit) }.map { row in
            let hub = row.summary.status
            guard let status = row.tracking.portalStatus else {
                return ReconciliationRow(invoice: row, portalLifecycle: nil, agrees: [.deposited, .issued, .received].contains(hub))
            }
            guard let lifecycle = map[status]?.lifecycle else { return ReconciliationRow(invoice: row, portalLifecycle: nil, agrees: true) }
            return ReconciliationRow(invoice: row, portalLifecycle: lifecycle, agrees: lifecycle == hub)
        }
    }

    /// Settles invoices of the queue (rejected or stuck) with a comment: each leaves the queue, and its history says
    /// who settled it and why.
    /// - Throws: `HubError.notAllowed` unless the caller is an operator; `HubError.invoiceNotFound`.
    public func resolve(_ invoices: [InvoiceID], comment: String, by principal: Principal, at date: Date = Date()) async throws {
        try await note(invoices, kind: .resolved, text: "resolved", comment: comment, by: principal, at: date)
    }

    /// Asks the suppliers of rejected invoices for corrected ones: the request is in each invoice's history (the
    /// supplier sees it on the invoice's page); the invoice stays in the queue until a correction is deposited under
    /// its number (`CorrectionRule`).
    /// - Throws: `HubError.notAllowed` unless the caller is an operator; `HubError.invoiceNotFound`.
    public func requestCorrection(_ invoices: [InvoiceID], comment: String, by principal: Principal, at date: Date = Date()) async throws {
        try await note(invoices, kind: .correctionRequested, text: "correction requested", comment: comment, by: principal, at: date)
    }

    private func note(
        _ invoices: [InvoiceID], kind: QueueResolution.Kind, text: String, comment: String, by principal: Principal, at date: Date
    ) async throws {
        try Self.requireOperator(principal)
        let chain = self.chain
        let note = Self.note(text, comment)
        try await store.writeRetryingConflicts { tx in
            for id in invoices {
                guard let invoice = try tx.lock(id) else { throw HubError.invoiceNotFound(id) }
                try InvoiceLifecycle.appendNote(to: invoice, note, actor: principal.actor, at: date, in: tx, chain: chain)
                try tx.save(QueueResolution(subject: id.rawValue, kind: kind, actor: principal.actor, comment: comment, at: date))
            }
        }
    }

    /// Settles failed deliveries without sending them again (the destination got the invoice another way); each
    /// invoice's history says so.
    /// - Throws: `HubError.notAllowed` unless the caller is an operator; `HubError.deliveryNotFound`.
    public func resolve(deliveries ids: [String], comment: String, by principal: Principal, at date: Date = Date()) async throws {
        try Self.requireOperator(principal)
        let chain = self.chain
        try await store.writeRetryingConflicts { tx in
            for id in ids {
                guard let delivery = try tx.lockDelivery(id) else { throw HubError.deliveryNotFound(id) }
                guard let invoice = try tx.lock(delivery.invoiceID) else { throw HubError.invoiceNotFound(delivery.invoiceID) }
                let note = Self.note("delivery \(id) to \(delivery.destination) resolved", comment)
                try InvoiceLifecycle.appendNote(to: invoice, note, actor: principal.actor, at: date, in: tx, chain: chain)
                try tx.save(QueueResolution(subject: id, kind: .resolved, actor: principal.actor, comment: comment, at: date))
            }
        }
    }

    /// Sends failed deliveries to another channel of the same buyer instead: a new delivery to `channel` for each
    /// invoice, the failed one settled as re-routed to it, and a note in the invoice's history.
    /// - Throws: `HubError.notAllowed` unless the caller is an operator; `HubError.deliveryNotFound`;
    ///   `HubError.channelNotFound` when the channel is unknown or removed; `HubError.invalidChannel` when it is not
    ///   the invoice's buyer's, or the invoice already has a delivery to it.
    public func reroute(
        deliveries ids: [String], to channelID: ChannelID, comment: String, by principal: Principal, at date: Date = Date()
    ) async throws {
        try Self.requireOperator(principal)
        let chain = self.chain
        try await store.writeRetryingConflicts { tx in
            guard let channel = try tx.channel(channelID), channel.removedAt == nil else { throw HubError.channelNotFound(channelID.rawValue) }
            for id in ids {
                guard let failed = try tx.lockDelivery(id) else { throw HubError.deliveryNotFound(id) }
                guard let invoice = try tx.lock(failed.invoiceID) else { throw HubError.invoiceNotFound(failed.invoiceID) }
                guard invoice.buyerSIRET == channel.buyerSIRET else {
                    throw HubError.invalidChannel("channel \(channelID) is not one of the buyer \(invoice.buyerSIRET ?? "?")'s")
                }
                let destination = Destination.channel(channel.id, channel.kind)
                guard try tx.delivery(of: invoice.id, to: destination) == nil else {
                    throw HubError.invalidChannel("invoice \(invoice.id) already has a delivery to channel \(channelID)")
                }
                let replacement = Delivery.new(invoiceID: invoice.id, to: destination, at: date)
                try tx.insert(replacement)
                let note = Self.note("delivery \(id) to \(failed.destination) re-routed to \(destination)", comment)
                try InvoiceLifecycle.appendNote(to: invoice, note, actor: principal.actor, at: date, in: tx, chain: chain)
                try tx.save(
                    QueueResolution(subject: id, kind: .rerouted, actor: principal.actor, comment: comment, replacement: replacement.id, at: date))
            }
        }
    }

    /// The live channels of the buyers these deliveries' invoices are addressed to (where a failed delivery may be
    /// re-routed).
    public func channels(forDeliveries deliveries: [Delivery]) async throws -> [BuyerChannel] {
        try await store.read { tx in
            var sirets: Set<String> = []
            for delivery in deliveries { if let siret = try tx.invoice(delivery.invoiceID)?.buyerSIRET { sirets.insert(siret) } }
            return try tx.channels(buyerSIRETs: sirets.sorted())
        }
    }

    /// Sends failed deliveries again (`Deliveries.retry`), each noted in its invoice's history; answers them as they
    /// now are. The console's queue and the API's `POST /v1/deliveries/{id}/retry` both act through it.
    /// - Throws: `HubError.notAllowed` unless the caller is an operator; `HubError.deliveryNotFound`, `.deliveryDone`.
    @discardableResult
    public func retry(deliveries ids: [String], by principal: Principal, at date: Date = Date()) async throws -> [Delivery] {
        try Self.requireOperator(principal)
        let chain = self.chain
        return try await store.writeRetryingConflicts { tx in
            var retried: [Delivery] = []
            for id in ids {
                let delivery = try Deliveries.retry(id, at: date, in: tx)
                guard let invoice = try tx.lock(delivery.invoiceID) else { throw HubError.invoiceNotFound(delivery.invoiceID) }
                try InvoiceLifecycle.appendNote(
                    to: invoice, "delivery \(id) to \(delivery.destination) sent again", actor: principal.actor, at: date, in: tx, chain: chain)
                retried.append(delivery)
            }
            return retried
        }
    }

    /// What an action writes in the history: what was done, then the operator's comment when there is one.
    static func note(_ action: String, _ comment: String) -> String { comment.isEmpty ? action : "\(action): \(comment)" }

    static func requireOperator(_ principal: Principal) throws {
        guard principal.role == .operator else { throw HubError.notAllowed("only operators act on the queue") }
    }

    static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// `YYYY-MM-DD` in UTC, as the stores group days.
    static func day(_ date: Date) -> String { String(ISO8601Milliseconds.string(date).prefix(10)) }
}
