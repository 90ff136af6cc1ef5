public import Foundation
public import Logging
import StableJSON
public import ServiceLifecycle

/// Sends the outbox's push and file-drop deliveries to the buyers' channels, and the suppliers' webhook events: a
/// service of `hermine serve`, beside the portal's worker, on the same outbox, leases, attempts and retry policy.
/// (Pull deliveries wait in the buyer's inbox until acknowledged: nothing sends them.)
///
/// A push POSTs the invoice in the channel's format, signed (`ChannelSignature`), with the delivery's id in
/// `Hermine-Delivery`: every attempt of one delivery carries the same id, so a receiver that got an attempt whose
/// answer was lost dedupes the next. A file drop writes the file atomically under a name derived from the delivery
/// (`FileDrop`), so writing it again replaces it. A refusal for good, a removed channel, a host or folder the
/// operator no longer allows, or a spent retry budget fails the delivery into the operators' queue.
///
/// A webhook event goes only once the invoice's previous event reached the same subscription: until then its
/// delivery waits (no attempt counted), and the previous one's success makes it due at once. A receiver therefore
/// sees each invoice's events in order, each as many times as attempts were needed, under one delivery id.
public struct ChannelDeliveryWorker: Service {
    /// Where the outbox is kept.
    public let store: any HubStore
    /// Renders invoices in the channels' formats.
    public let documents: ChannelDocuments
    /// POSTs pushes.
    public let pusher: any ChannelPusher
    /// The operator's allow-lists.
    public let policy: ChannelPolicy
    /// When to try again and when to give up.
    public let retry: RetryPolicy
    /// How many deliveries it works at once.
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
        store: any HubStore, documents: ChannelDocuments, pusher: any ChannelPusher, policy: ChannelPolicy,
        retry: RetryPolicy = .standard, concurrency: Int = 32, leaseDuration: Duration = .seconds(60),
        idlePoll: Duration = .milliseconds(50), node: String = HubNode.name, logger: Logger = Logger(label: "hermine.channels")
    ) {
        self.store = store
        self.documents = documents
        self.pusher = pusher
        self.policy = policy
        self.retry = retry
        self.concurrency = max(1, concurrency)
        self.leaseDuration = leaseDuration
        self.idlePoll = idlePoll
        self.node = node
        self.logger = logger
    }

    /// The kinds of delivery this worker sends.
    static let kinds: Set<Destination.Kind> = [.push, .fileDrop, .webhook]
    /// How long an event waits before looking again whether the one before it was delivered (that delivery's
    /// success makes it due sooner).
    static let orderWait: TimeInterval = 5

    public func run() async throws {
        let (node, leaseDuration, store) = (self.node, self.leaseDuration, self.store)
        await LeasedWorkLoop(
            concurrency: concurrency, idlePoll: idlePoll,
            claim: { limit in
                let now = Date()
                let lease = Lease(owner: node, until: now.addingTimeInterval(leaseDuration.timeInterval))
                return try await store.write { tx in try tx.claimDeliveries(Self.kinds, dueBy: now, lease: lease, limit: limit) }
            },
            work: { delivery in await attempt(delivery) }, logger: logger
        ).run()
    }

    /// One round, for tests: claims the due deliveries and works them off, `concurrency` at a time; returns how
    /// many it worked.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let lease = Lease(owner: node, until: now.addingTimeInterval(leaseDuration.timeInterval))
        let limit = concurrency * 4
        let claimed = try await store.write { tx in try tx.claimDeliveries(Self.kinds, dueBy: now, lease: lease, limit: limit) }
        await LeasedWorkLoop.workOff(claimed, concurrency: concurrency) { delivery in await attempt(delivery) }
        return claimed.count
    }

    /// One attempt at a delivery this node leased; every outcome is recorded, none is thrown.
    func attempt(_ delivery: Delivery) async {
        let started = Date()
        let recorder = DeliveryRecorder(store: store, node: node, policy: retry)
        do {
            switch await send(delivery, at: started) {
            case .done: try await recorder.finish(delivery, started: started, failure: nil, logger: logger)
            case .failed(let failure): try await recorder.finish(delivery, started: started, failure: failure, logger: logger)
            case .waitFor(let previous): try await recorder.postpone(delivery, until: previous, by: Self.orderWait)
            }
        } catch {
            // The store failed: the lease lapses and the delivery is tried again, by this node or another.
            logger.warning("delivery not recorded", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// What came of sending.
    enum Sent {
        case done
        case failed(DeliveryFailure)
        /// Not sent: the invoice's previous event has not reached the subscription yet.
        case waitFor(Destination)
    }

    private func send(_ delivery: Delivery, at date: Date) async -> Sent {
        switch delivery.destination {
        case .webhook(let subscriptionID, let position):
            return await sendEvent(delivery, subscriptionID, position: position, at: date)
        case .channel(let channelID, _):
            return await sendInvoice(delivery, channelID, at: date).map { .failed($0) } ?? .done
        case .portal, .mail:
            return .failed(.refused("\(delivery.destination.kind.rawValue) deliveries are not a channel's"))
        }
    }

    /// Sends the invoice to its channel; nil when it was delivered.
    private func sendInvoice(_ delivery: Delivery, _ channelID: ChannelID, at date: Date) async -> DeliveryFailure? {
        let found: (BuyerChannel, InvoiceSummary)?
        do {
            found = try await store.read { tx in
                guard let channel = try tx.channel(channelID), let invoice = try tx.invoice(delivery.invoiceID) else { return nil }
                return (channel, invoice)
            }
        } catch {
            return .notSent("the store could not be read: \(error)")
        }
        guard let (channel, invoice) = found else { return .refused("the channel or the invoice is no longer in the store") }
        guard channel.removedAt == nil else { return .refused("channel \(channel.id) was removed") }
        let rendered: ChannelDocuments.Rendered
        do { rendered = try await documents.render(invoice, as: channel.format) } catch let error as ChannelDocumentError {
            return .refused(error.description)
        } catch {
            return .notSent("the invoice could not be read: \(error)")
        }
        switch channel.kind {
        case .push:
            guard let url = channel.url else { return .refused("channel \(channel.id) has no URL") }
            return await post(
                rendered.data, to: url, secrets: channel.signingSecrets(at: date), at: date,
                headers: [
                    ("Content-Type", rendered.mediaType), ("Hermine-Delivery", delivery.id), ("Hermine-Invoice", invoice.id.rawValue),
                    ("Hermine-Invoice-Number", invoice.number ?? ""), ("Hermine-Channel", channel.id.rawValue),
                ])
        case .fileDrop:
            guard let folder = channel.folder else { return .refused("channel \(channel.id) has no folder") }
            if let refusal = policy.refusal(ofFolder: folder) { return .refused(refusal) }
            let name = FileDrop.fileName(of: delivery, number: invoice.number, fileExtension: rendered.fileExtension)
            do throws(FileDropError) {
                try FileDrop.write(rendered.data, named: name, into: folder)
                return nil
            } catch {
                // A full disk or a folder made read-only may be mended: tried again, then the operators' queue.
                return .unavailable(error.description, retryAfter: nil)
            }
        case .pull:
            return .refused("pull deliveries wait in the inbox")
        }
    }

    /// Sends one lifecycle event to a supplier's webhook, once the event before it got there.
    private func sendEvent(_ delivery: Delivery, _ subscriptionID: SubscriptionID, position: Int, at date: Date) async -> Sent {
        let previous = Destination.webhook(subscriptionID, position: position - 1)
        let found: (Subscription, InvoiceSummary, LifecycleEvent, Bool)?
        do {
            found = try await store.read { tx in
                guard let subscription = try tx.subscription(subscriptionID), let invoice = try tx.invoice(delivery.invoiceID),
                    let event = try tx.events(of: delivery.invoiceID).first(where: { $0.position == position })
                else { return nil }
                // Events before the subscription existed were never owed: only a written delivery is waited for.
                let waiting = position > 1 ? try tx.delivery(of: delivery.invoiceID, to: previous).map { $0.state != .done } ?? false : false
                return (subscription, invoice, event, waiting)
            }
        } catch {
            return .failed(.notSent("the store could not be read: \(error)"))
        }
        guard let (subscription, invoice, event, waiting) = found else {
            return .failed(.refused("the subscription, the invoice or its event is no longer in the store"))
        }
        guard subscription.removedAt == nil else { return .failed(.refused("subscription \(subscription.id) was deleted")) }
        if waiting { return .waitFor(previous) }
        let body: Data
        do { body = try StableJSONEncoder().encode(WebhookEvent(event, invoice: invoice, delivery: delivery)) } catch {
            return .failed(.refused("the event could not be written as JSON: \(error)"))
        }
        let failure = await post(
            body, to: subscription.url, secrets: subscription.signingSecrets(at: date), at: date,
            headers: [
                ("Content-Type", "application/json"), ("Hermine-Delivery", delivery.id), ("Hermine-Invoice", invoice.id.rawValue),
                ("Hermine-Event", "\(position)"), ("Hermine-Subscription", subscription.id.rawValue),
            ])
        return failure.map { .failed($0) } ?? .done
    }

    /// POSTs a signed body to a URL the operator allows; nil when the receiver took it.
    private func post(
        _ body: Data, to url: URL, secrets: [String], at date: Date, headers: [(name: String, value: String)]
    ) async -> DeliveryFailure? {
        if let refusal = policy.refusal(of: url) { return .refused(refusal) }
        let signed = headers + [(ChannelSignature.headerName, ChannelSignature.header(body: body, secrets: secrets, at: date))]
        do throws(DeliveryFailure) {
            try await pusher.push(to: url, body: body, headers: signed)
            return nil
        } catch {
            return error
        }
    }
}

/// A lifecycle event as a supplier's webhook receives it.
struct WebhookEvent: Encodable {
    /// `invoice.status`.
    let type: String
    /// The delivery's id: the same on every attempt.
    let deliveryId: String
    let invoiceId: String
    let invoiceNumber: String?
    let buyerSiret: String?
    /// The event's place in the invoice's history (1 for the deposit).
    let position: Int
    let from: StatusDescription?
    let to: StatusDescription
    let at: String
    let actor: String
    let reason: String
    /// The event's hash in the invoice's chain (`GET /v1/invoices/{id}/events` shows the same).
    let hash: String

    init(_ event: LifecycleEvent, invoice: InvoiceSummary, delivery: Delivery) {
        type = "invoice.status"
        deliveryId = delivery.id
        invoiceId = invoice.id.rawValue
        invoiceNumber = invoice.number
        buyerSiret = invoice.buyerSIRET
        position = event.position
        from = event.from.map(StatusDescription.init)
        to = StatusDescription(event.to)
        at = event.at.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        actor = event.actor.description
        reason = event.reason
        hash = event.hash
    }
}

/// Records an attempt at a delivery and what follows from it, in one unit of work, only while this node holds the
/// lease: delivered, tried again after a back-off (never before the receiver's `Retry-After`), or failed into the
/// operators' queue (a refusal for good, a spent retry budget). A webhook event delivered makes the invoice's next
/// event to the same subscription due at once.
struct DeliveryRecorder: Sendable {
    let store: any HubStore
    let node: String
    let policy: RetryPolicy

    /// Records the attempt started at `started`; `failure` nil: delivered.
    func finish(_ delivery: Delivery, started: Date, failure: DeliveryFailure?, receipt: String? = nil, logger: Logger) async throws {
        let now = Date()
        let duration = Int(now.timeIntervalSince(started) * 1000)
        let (node, policy) = (self.node, self.policy)
        var random = SystemRandomNumberGenerator()
        var retryAfter: Duration?
        if case .unavailable(_, let after) = failure { retryAfter = after }
        let wait = policy.delay(afterAttempts: delivery.attempts + 1, retryAfter: retryAfter, using: &random)
        let failed: Bool = try await store.writeRetryingConflicts { tx in
            guard var current = try tx.lockDelivery(delivery.id), current.lease?.owner == node, current.state == .pending else {
                return false
            }
            current.attempts += 1
            current.updatedAt = now
            current.lease = nil
            current.lastError = failure?.description
            try tx.insert(
                DeliveryAttempt(
                    deliveryID: current.id, number: try tx.attempts(of: current.id).count + 1, startedAt: started,
                    durationMilliseconds: duration, outcome: failure?.outcome ?? .delivered, error: failure?.description))
            switch failure {
            case nil:
                current.state = .done
                current.outcomeUnknown = false
                current.receipt = receipt
            case .refused:
                current.state = .failed
            case .notSent, .unavailable, .outcomeUnknown:
                if case .outcomeUnknown = failure { current.outcomeUnknown = true }
                let next = now.addingTimeInterval(wait.timeInterval)
                if policy.isSpent(attempts: current.attempts, roundStartedAt: current.roundStartedAt, nextAttemptAt: next) {
                    current.state = .failed
                } else {
                    current.nextAttemptAt = next
                }
            }
            try tx.update(current)
            if current.state == .done, case .webhook(let subscription, let position) = current.destination,
                let next = try tx.delivery(of: current.invoiceID, to: .webhook(subscription, position: position + 1)),
                var waiting = try tx.lockDelivery(next.id), waiting.state == .pending, waiting.nextAttemptAt > now
            {
                // The next event was waiting for this one: due now.
                waiting.nextAttemptAt = now
                waiting.updatedAt = now
                try tx.update(waiting)
            }
            return current.state == .failed
        }
        if failed {
            logger.error(
                "delivery failed: in the operators' queue",
                metadata: ["delivery": "\(delivery.id)", "invoice": "\(delivery.invoiceID)", "error": "\(failure?.description ?? "")"])
        }
    }

    /// Puts off a delivery that must wait for `previous` (an earlier event to the same webhook): no attempt is
    /// counted; it is due again after `wait`, or at once when `previous` was delivered meanwhile.
    func postpone(_ delivery: Delivery, until previous: Destination, by wait: TimeInterval) async throws {
        let now = Date()
        let node = self.node
        try await store.writeRetryingConflicts { tx in
            guard var current = try tx.lockDelivery(delivery.id), current.lease?.owner == node, current.state == .pending else { return }
            let before = try tx.delivery(of: current.invoiceID, to: previous)
            let done = before.map { $0.state == .done } ?? true
            current.lease = nil
            current.nextAttemptAt = done ? now : now.addingTimeInterval(wait)
            current.lastError = done ? nil : "waiting for the delivery of \(previous) (\(before?.id ?? "")): events go in order"
            current.updatedAt = now
            try tx.update(current)
        }
    }
}
