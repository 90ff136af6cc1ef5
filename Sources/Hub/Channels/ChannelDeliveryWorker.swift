public import Foundation
public import Logging
public import ServiceLifecycle

/// Sends the outbox's push and file-drop deliveries to the buyers' channels: a service of `hermine serve`, beside
/// the portal's worker, on the same outbox, leases, attempts and retry policy. (Pull deliveries wait in the
/// buyer's inbox until acknowledged: nothing sends them.)
///
/// A push POSTs the invoice in the channel's format, signed (`ChannelSignature`), with the delivery's id in
/// `Hermine-Delivery`: every attempt of one delivery carries the same id, so a receiver that got an attempt whose
/// answer was lost dedupes the next. A file drop writes the file atomically under a name derived from the delivery
/// (`FileDrop`), so writing it again replaces it. A refusal for good, a removed channel, a host or folder the
/// operator no longer allows, or a spent retry budget fails the delivery into the operators' queue.
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
    static let kinds: Set<Destination.Kind> = [.push, .fileDrop]

    public func run() async throws {
        let (node, leaseDuration, store) = (self.node, self.leaseDuration, self.store)
        await LeasedWorkLoop(
            concurrency: concurrency, idlePoll: idlePoll,
            claim: { limit in
                let now = Date()
                let lease = Lease(owner: node, until: now.addingTimeInterval(RetryPolicy.seconds(leaseDuration)))
                return try await store.write { tx in try tx.claimDeliveries(Self.kinds, dueBy: now, lease: lease, limit: limit) }
            },
            work: { delivery in await attempt(delivery) }, logger: logger
        ).run()
    }

    /// One round, for tests: claims the due deliveries and works them off, `concurrency` at a time; returns how
    /// many it worked.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let lease = Lease(owner: node, until: now.addingTimeInterval(RetryPolicy.seconds(leaseDuration)))
        let limit = concurrency * 4
        let claimed = try await store.write { tx in try tx.claimDeliveries(Self.kinds, dueBy: now, lease: lease, limit: limit) }
        await withTaskGroup(of: Void.self) { group in
            var next = claimed.makeIterator()
            for _ in 0..<concurrency {
                guard let delivery = next.next() else { break }
                group.addTask { await attempt(delivery) }
            }
            while await group.next() != nil {
                guard let delivery = next.next() else { continue }
                group.addTask { await attempt(delivery) }
            }
        }
        return claimed.count
    }

    /// One attempt at a delivery this node leased; every outcome is recorded, none is thrown.
    func attempt(_ delivery: Delivery) async {
        let started = Date()
        do {
            let failure = await send(delivery, at: started)
            try await DeliveryRecorder(store: store, node: node, policy: retry).finish(
                delivery, started: started, failure: failure, logger: logger)
        } catch {
            // The store failed: the lease lapses and the delivery is tried again, by this node or another.
            logger.warning("delivery not recorded", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    /// Sends the delivery; nil when it was delivered.
    private func send(_ delivery: Delivery, at date: Date) async -> DeliveryFailure? {
        guard let channelID = delivery.destination.channelID else { return .refused("not a channel's delivery") }
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
            if let refusal = policy.refusal(of: url) { return .refused(refusal) }
            let headers: [(name: String, value: String)] = [
                ("Content-Type", rendered.mediaType),
                ("Hermine-Delivery", delivery.id),
                ("Hermine-Invoice", invoice.id.rawValue),
                ("Hermine-Invoice-Number", invoice.number ?? ""),
                ("Hermine-Channel", channel.id.rawValue),
                (ChannelSignature.headerName, ChannelSignature.header(body: rendered.data, secrets: channel.signingSecrets(at: date), at: date)),
            ]
            do throws(DeliveryFailure) {
                try await pusher.push(to: url, body: rendered.data, headers: headers)
                return nil
            } catch {
                return error
            }
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
}

/// Records an attempt at a delivery and what follows from it, in one unit of work, only while this node holds the
/// lease: delivered, tried again after a back-off (never before the receiver's `Retry-After`), or failed into the
/// operators' queue (a refusal for good, a spent retry budget).
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
                let next = now.addingTimeInterval(RetryPolicy.seconds(wait))
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
                metadata: ["delivery": "\(delivery.id)", "invoice": "\(delivery.invoiceID)", "error": "\(failure?.description ?? "")"])
        }
    }
}
