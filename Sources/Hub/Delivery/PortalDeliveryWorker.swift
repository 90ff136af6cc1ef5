public import Foundation
import InvoiceIntake
public import Logging
public import ServiceLifecycle

/// Sends the outbox's portal deliveries: a service of `hermine serve`. Several nodes may run it on one store:
/// each leases the deliveries it works on, so that no two send the same one at once, and a lease that lapses
/// (its node died) lets another take the delivery over.
///
/// Each attempt is recorded (time, outcome, error, duration). An invoice the portal took is delivered, and its
/// status sync starts (`PortalTracking`); a call that had no effect is tried again after a back-off with full
/// jitter, never before the portal's `Retry-After`; a refusal for good fails the delivery, and so does a spent
/// retry budget: it goes to the operators' queue, never away. After an unknown outcome (a timeout, a dropped
/// connection) or a lapsed lease (a node that stopped mid-attempt), the next attempt first asks the portal
/// whether it has the invoice (by its number), and asks again until it is found or the policy's settle window has
/// passed since the first unknown outcome: it sends the invoice again only when the portal has had time to process
/// whatever it received and still does not list it.
public struct PortalDeliveryWorker: Service {
    /// Where the outbox is kept.
    public let store: any HubStore
    /// The portal.
    public let portal: any NationalPortal
    /// When to try again and when to give up.
    public let policy: RetryPolicy
    /// How many deliveries it sends at once.
    public let concurrency: Int
    /// How long a claimed delivery stays this node's.
    public let leaseDuration: Duration
    /// How often it looks for due deliveries when it found none.
    public let idlePoll: Duration
    /// This node's name in leases.
    public let node: String
    private let logger: Logger

    /// Creates the worker.
    public init(
        store: any HubStore, portal: any NationalPortal, policy: RetryPolicy = .standard, concurrency: Int = 16,
        leaseDuration: Duration = .seconds(60), idlePoll: Duration = .milliseconds(50), node: String = HubNode.name,
        logger: Logger = Logger(label: "hermine.delivery")
    ) {
        self.store = store
        self.portal = portal
        self.policy = policy
        self.concurrency = max(1, concurrency)
        self.leaseDuration = leaseDuration
        self.idlePoll = idlePoll
        self.node = node
        self.logger = logger
    }

    public func run() async throws {
        let (node, leaseDuration, store) = (self.node, self.leaseDuration, self.store)
        await LeasedWorkLoop(
            concurrency: concurrency, idlePoll: idlePoll,
            claim: { limit in
                let now = Date()
                let lease = Lease(owner: node, until: now.addingTimeInterval(leaseDuration.timeInterval))
                return try await store.write { tx in try tx.claimDeliveries([.portal], dueBy: now, lease: lease, limit: limit) }
            },
            work: { delivery in await attempt(delivery) }, logger: logger
        ).run()
    }

    /// One round, for tests: claims the due deliveries (up to four times the concurrency) and works them off,
    /// `concurrency` at a time; returns how many it worked. (`run` keeps claiming as slots free up.)
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let lease = Lease(owner: node, until: now.addingTimeInterval(leaseDuration.timeInterval))
        let limit = concurrency * 4
        let claimed = try await store.write { tx in try tx.claimDeliveries([.portal], dueBy: now, lease: lease, limit: limit) }
            .sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
        guard !claimed.isEmpty else { return 0 }
        await LeasedWorkLoop.workOff(claimed, concurrency: concurrency) { delivery in await attempt(delivery) }
        return claimed.count
    }

    /// One attempt at a delivery this node leased; every outcome is recorded, none is thrown.
    func attempt(_ delivery: Delivery) async {
        do {
            guard let invoice = try await store.read({ tx in try PortalDelivery.Invoice.read(delivery.invoiceID, tx) }) else {
                try await finish(delivery, started: Date(), outcome: .refused, error: "the invoice is not in the store", result: .fail)
                return
            }
            var started = Date()
            if delivery.outcomeUnknown || delivery.lease != nil {
                // Find out first: the last attempt may have arrived, or the node that held the lapsed lease may
                // have sent it before it stopped.
                switch await find(invoice) {
                case .success(let found?):
                    try await finish(delivery, started: started, outcome: .found, error: nil, result: .delivered(found.flow ?? "", found))
                    return
                case .success(nil):
                    // Not listed yet may be not processed yet: absent only once the settle window has passed.
                    let since = try await unknownSince(delivery) ?? started
                    let until = since.addingTimeInterval(policy.settleWindow.timeInterval)
                    if started < until {
                        let reason = "not in the portal's search yet; asked again until \(until.formatted(.iso8601)) before sending it again"
                        try await finish(
                            delivery, started: started, outcome: .outcomeUnknown, error: reason, result: .retry(.outcomeUnknown(reason)),
                            stillUnknown: true)
                        return
                    }
                    try await record(delivery, started: started, outcome: .absent)
                    started = Date()
                case .failure(let error):
                    // Still unknown: the next attempt asks again.
                    try await finish(
                        delivery, started: started, outcome: .init(error), error: error.description, result: .retry(error), stillUnknown: true)
                    return
                }
            }
            let sent: Result<PortalFlowReceipt, PortalError>
            do throws(PortalError) { sent = .success(try await portal.deposit(invoice.deposit)) } catch { sent = .failure(error) }
            switch sent {
            case .success(let receipt):
                try await finish(delivery, started: started, outcome: .delivered, error: nil, result: .delivered(receipt.flow, nil))
            case .failure(let error):
                let result: PortalDelivery.Result = if case .refused = error { .fail } else { .retry(error) }
                try await finish(delivery, started: started, outcome: .init(error), error: error.description, result: result)
            }
        } catch {
            // The store failed: the lease lapses and the delivery is tried again, by this node or another.
            logger.warning("delivery not recorded", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// When the current run of unknown outcomes began: the first attempt with an unknown outcome since the invoice
    /// was last found absent; nil when none is recorded (a lapsed lease: the run starts with this attempt).
    private func unknownSince(_ delivery: Delivery) async throws -> Date? {
        let attempts = try await store.read { tx in try tx.attempts(of: delivery.id) }
        var since: Date?
        for attempt in attempts.sorted(by: { $0.number < $1.number }) {
            switch attempt.outcome {
            case .absent, .delivered, .found: since = nil
            case .outcomeUnknown: if since == nil { since = attempt.startedAt }
            default: break
            }
        }
        return since
    }

    /// Asks the portal for the invoice by its number; the match must be the same invoice (same buyer).
    private func find(_ invoice: PortalDelivery.Invoice) async -> Result<PortalInvoice?, PortalError> {
        guard let number = invoice.number else { return .success(nil) }
        do throws(PortalError) {
            let found = try await portal.findInvoices(PortalInvoiceQuery(number: number))
            return .success(found.first { $0.number == number && (invoice.buyerSIRET == nil || $0.buyer == invoice.buyerSIRET) })
        } catch {
            return .failure(error)
        }
    }

    /// Records an attempt that leads to another at once (an absent invoice about to be sent again).
    private func record(_ delivery: Delivery, started: Date, outcome: DeliveryAttempt.Outcome) async throws {
        let duration = Int(Date().timeIntervalSince(started) * 1000)
        let node = self.node
        try await store.writeRetryingConflicts { tx in
            guard var current = try tx.lockDelivery(delivery.id), current.lease?.owner == node, current.state == .pending else { return }
            current.attempts += 1
            current.outcomeUnknown = false
            current.updatedAt = Date()
            try tx.insert(
                DeliveryAttempt(
                    deliveryID: current.id, number: try tx.attempts(of: current.id).count + 1, startedAt: started,
                    durationMilliseconds: duration, outcome: outcome, error: nil))
            try tx.update(current)
        }
    }

    /// Records the attempt and what follows from it, in one unit of work (only while this node holds the lease).
    /// `stillUnknown`: the attempt asked the portal whether it had the invoice and got no answer.
    private func finish(
        _ delivery: Delivery, started: Date, outcome: DeliveryAttempt.Outcome, error: String?, result: PortalDelivery.Result,
        stillUnknown: Bool = false
    ) async throws {
        let now = Date()
        let duration = Int(now.timeIntervalSince(started) * 1000)
        let (node, policy) = (self.node, self.policy)
        var random = SystemRandomNumberGenerator()
        let jitter = policy.delay(afterAttempts: delivery.attempts + 1, retryAfter: result.retryAfter, using: &random)
        let failed: Bool = try await store.writeRetryingConflicts { tx in
            guard var current = try tx.lockDelivery(delivery.id), current.lease?.owner == node, current.state == .pending else {
                return false
            }
            current.attempts += 1
            current.updatedAt = now
            current.lease = nil
            current.lastError = error
            try tx.insert(
                DeliveryAttempt(
                    deliveryID: current.id, number: try tx.attempts(of: current.id).count + 1, startedAt: started,
                    durationMilliseconds: duration, outcome: outcome, error: error))
            switch result {
            case .delivered(let flow, let found):
                current.state = .done
                current.outcomeUnknown = false
                current.receipt = flow
                try tx.save(PortalTracking.started(invoiceID: current.invoiceID, flow: flow, found: found, at: now))
            case .fail:
                current.state = .failed
            case .retry(let portalError):
                if case .outcomeUnknown = portalError { current.outcomeUnknown = true }
                if stillUnknown { current.outcomeUnknown = true }
                let wait = current.outcomeUnknown ? max(jitter, policy.settleDelay) : jitter
                let next = now.addingTimeInterval(wait.timeInterval)
                if policy.isSpent(attempts: current.attempts, roundStartedAt: current.roundStartedAt, nextAttemptAt: next) {
                    current.state = .failed
                } else {
                    current.nextAttemptAt = next
                }
            }
            try tx.update(current)
            return current.state == .failed
        }
        if failed {
            logger.error(
                "delivery failed: in the operators' queue",
                metadata: ["delivery": "\(delivery.id)", "invoice": "\(delivery.invoiceID)", "error": "\(error ?? "")"])
        }
    }
}

/// What a portal delivery needs, and what comes of an attempt.
enum PortalDelivery {
    /// The invoice as the portal is sent it.
    struct Invoice: Sendable {
        let deposit: PortalDeposit
        let number: String?
        let buyerSIRET: String?

        static func read(_ id: InvoiceID, _ tx: any StoreReads) throws -> Invoice? {
            guard let summary = try tx.invoice(id), let document = try tx.document(sha256: summary.documentSHA256) else { return nil }
            let name = (summary.number ?? summary.id.rawValue).filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            return Invoice(
                deposit: PortalDeposit(
                    invoiceID: id, document: document.bytes, fileName: "\(name.isEmpty ? summary.id.rawValue : name).\(summary.container.rawValue)",
                    syntax: summary.syntax, container: summary.container),
                number: summary.number, buyerSIRET: summary.buyerSIRET)
        }
    }

    /// What follows an attempt.
    enum Result {
        /// The portal has it: the flow, and the portal's invoice when it was found rather than deposited.
        case delivered(String, PortalInvoice?)
        /// Try again (the error says when).
        case retry(PortalError)
        /// Give up: the operators' queue.
        case fail

        var retryAfter: Duration? {
            if case .retry(.unavailable(_, let after)) = self { return after }
            return nil
        }
    }
}

extension DeliveryAttempt.Outcome {
    /// The outcome a portal error stands for.
    init(_ error: PortalError) {
        switch error {
        case .notSent: self = .notSent
        case .unavailable: self = .unavailable
        case .refused: self = .refused
        case .outcomeUnknown: self = .outcomeUnknown
        }
    }
}

extension PortalTracking {
    /// The tracking of an invoice just delivered (or found) at the portal: first poll in a second.
    static func started(invoiceID: InvoiceID, flow: String, found: PortalInvoice?, at now: Date) -> PortalTracking {
        PortalTracking(
            invoiceID: invoiceID, flow: flow, flowState: nil, portalInvoiceID: found?.portalID, portalStatus: found?.status,
            historySeen: 0, changedAt: now, nextPollAt: now.addingTimeInterval(1), quietPolls: 0, lease: nil, final: false)
    }
}

/// This process, as leases name it.
public enum HubNode {
    /// The host name and process id, unique among the hub's nodes.
    public static let name = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
}
