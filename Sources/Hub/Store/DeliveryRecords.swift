public import Foundation

/// The outbox (deliveries and their attempts) and what the portal says of each deposited invoice, as stored.
public protocol DeliveryReads {
    /// The delivery with this id.
    func delivery(_ id: String) throws -> Delivery?
    /// The invoice's deliveries, oldest first (those written together by destination).
    func deliveries(of invoiceID: InvoiceID) throws -> [Delivery]
    /// A page of deliveries matching the query, oldest first; `scope` is applied as a filter (a supplier sees
    /// those of the invoices it deposited, a buyer those of the invoices addressed to it).
    func deliveries(_ query: DeliveryQuery, scope: TenantScope) throws -> DeliveryPage
    /// A delivery's attempts, in order.
    func attempts(of deliveryID: String) throws -> [DeliveryAttempt]
    /// What the portal said of an invoice, when it was deposited there.
    func portalTracking(of invoiceID: InvoiceID) throws -> PortalTracking?
}

/// Writes to the outbox and the portal tracking.
public protocol DeliveryWrites: DeliveryReads {
    /// Adds a delivery (unique per invoice and destination).
    func insert(_ delivery: Delivery) throws
    /// The delivery, locked until the unit of work ends.
    func lockDelivery(_ id: String) throws -> Delivery?
    /// Writes a delivery's changing fields (state, attempts, due time, lease, errors, receipt).
    func update(_ delivery: Delivery) throws
    /// Records an attempt (unique per delivery and number).
    func insert(_ attempt: DeliveryAttempt) throws
    /// Leases the pending deliveries of these kinds due by `now` whose lease has lapsed (or that have none), the
    /// longest due first, at most `limit`: rows another unit of work holds are skipped, not waited for. Returns them
    /// as they were before this claim, so that a lapsed lease shows (its holder stopped, perhaps mid-attempt).
    func claimDeliveries(_ kinds: Set<Destination.Kind>, dueBy now: Date, lease: Lease, limit: Int) throws -> [Delivery]
    /// Creates or replaces what the portal said of an invoice.
    func save(_ tracking: PortalTracking) throws
    /// The invoice's tracking, locked until the unit of work ends.
    func lockPortalTracking(of invoiceID: InvoiceID) throws -> PortalTracking?
    /// Leases the trackings not yet final whose poll is due by `now` and whose lease has lapsed, at most `limit`.
    func claimPortalTracking(dueBy now: Date, lease: Lease, limit: Int) throws -> [PortalTracking]
}

/// Filters and a page position for listing deliveries.
public struct DeliveryQuery: Sendable, Hashable {
    /// Only these states (empty: all).
    public var states: Set<Delivery.State>
    /// How many to return, 1…500.
    public var limit: Int
    /// The id of the last delivery of the previous page.
    public var after: String?

    /// Creates a query.
    public init(states: Set<Delivery.State> = [], limit: Int = 50, after: String? = nil) {
        self.states = states
        self.limit = limit
        self.after = after
    }
}

/// One page of deliveries.
public struct DeliveryPage: Sendable, Hashable {
    /// The deliveries, oldest first.
    public let deliveries: [Delivery]
    /// Where the next page starts (the last delivery's id); nil on the last page.
    public let next: String?

    /// Creates a page.
    public init(deliveries: [Delivery], next: String?) {
        self.deliveries = deliveries
        self.next = next
    }
}

/// What the portal said of one deposited invoice, polled until its status is final.
public struct PortalTracking: Sendable, Hashable, Codable {
    /// The hub's invoice.
    public let invoiceID: InvoiceID
    /// The flow it was deposited in (`numeroFluxDepot`).
    public var flow: String
    /// The flow's last known state (`IN_INTEGRE` …); nil before the first poll.
    public var flowState: String?
    /// The portal's id for the invoice (`identifiantFactureCPP`), once the flow is integrated.
    public var portalInvoiceID: String?
    /// The invoice's status at the portal (`MISE_A_DISPOSITION` …).
    public var portalStatus: String?
    /// How many entries of the portal's status history the hub has taken in.
    public var historySeen: Int
    /// When the portal's answer last changed.
    public var changedAt: Date
    /// When to ask next.
    public var nextPollAt: Date
    /// How many polls in a row brought nothing new (the next waits longer).
    public var quietPolls: Int
    /// The node polling it, and until when.
    public var lease: Lease?
    /// Whether nothing more can change (a final status, a rejected flow): polling stops.
    public var final: Bool

    /// Creates a tracking.
    public init(
        invoiceID: InvoiceID, flow: String, flowState: String?, portalInvoiceID: String?, portalStatus: String?,
        historySeen: Int, changedAt: Date, nextPollAt: Date, quietPolls: Int, lease: Lease?, final: Bool
    ) {
        self.invoiceID = invoiceID
        self.flow = flow
        self.flowState = flowState
        self.portalInvoiceID = portalInvoiceID
        self.portalStatus = portalStatus
        self.historySeen = historySeen
        self.changedAt = Date(millisecondsSince1970: changedAt.millisecondsSince1970)
        self.nextPollAt = Date(millisecondsSince1970: nextPollAt.millisecondsSince1970)
        self.quietPolls = quietPolls
        self.lease = lease
        self.final = final
    }
}
