public import Foundation
public import Logging
public import ServiceLifecycle

/// Sends the outbox's e-mail alerts: a service of `hermine serve`, on the same outbox, leases, attempts and retry
/// policy as every delivery.
///
/// An alert is sent once it has waited `digestWindow`: the alerts of one organisation due together go as one
/// mail, a digest listing every change, rather than one mail per invoice when many change at once (a batch of
/// invoices made available by the portal, a buyer paying a month's invoices). The mail is in the organisation's
/// language; each alert's delivery records the attempt, so a mail the server refused is tried again (and its
/// alerts may then join another digest), and a spent budget puts them in the operators' queue.
public struct MailDeliveryWorker: Service {
    /// Where the outbox is kept.
    public let store: any HubStore
    /// Composes and sends the mails.
    public let mailer: any AlertMailer
    /// When to try again and when to give up.
    public let retry: RetryPolicy
    /// How long an alert waits for others of its organisation to join it in a digest.
    public let digestWindow: Duration
    /// How many mails it sends at once.
    public let concurrency: Int
    /// How long a claimed alert stays this node's.
    public let leaseDuration: Duration
    /// How often it looks for due alerts when it found none.
    public let idlePoll: Duration
    /// This node's name in leases.
    public let node: String
    private let logger: Logger

    /// Creates the worker.
    public init(
        store: any HubStore, mailer: any AlertMailer, retry: RetryPolicy = .standard, digestWindow: Duration = .seconds(30),
        concurrency: Int = 4, leaseDuration: Duration = .seconds(120), idlePoll: Duration = .milliseconds(500), node: String = HubNode.name,
        logger: Logger = Logger(label: "hermine.mail")
    ) {
        self.store = store
        self.mailer = mailer
        self.retry = retry
        self.digestWindow = digestWindow
        self.concurrency = max(1, concurrency)
        self.leaseDuration = leaseDuration
        self.idlePoll = idlePoll
        self.node = node
        self.logger = logger
    }

    /// The most alerts one mail lists.
    static let digestLimit = 100

    public func run() async throws {
        await LeasedWorkLoop(
            concurrency: concurrency, idlePoll: idlePoll, claim: { free in try await claim(now: Date(), mails: free) },
            work: { alerts in await send(alerts) }, logger: logger
        ).run()
    }

    /// One round, for tests: claims the alerts due by `now` (less the digest window) and sends them, one mail per
    /// organisation; returns how many mails it sent or tried.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let mails = try await claim(now: now, mails: 64)
        for alerts in mails { await send(alerts) }
        return mails.count
    }

    /// Leases the due alerts, grouped into mails: one per organisation (at most `digestLimit` alerts each).
    private func claim(now: Date, mails: Int) async throws -> [[Delivery]] {
        let lease = Lease(owner: node, until: now.addingTimeInterval(leaseDuration.timeInterval))
        let due = now.addingTimeInterval(-digestWindow.timeInterval)
        let claimed = try await store.write { tx in
            try tx.claimDeliveries([.mail], dueBy: due, lease: lease, limit: mails * Self.digestLimit)
        }
        var byOrganisation: [String: [Delivery]] = [:]
        var order: [String] = []
        for delivery in claimed {
            guard case .mail(let organisationID, _) = delivery.destination else { continue }
            if byOrganisation[organisationID] == nil { order.append(organisationID) }
            byOrganisation[organisationID, default: []].append(delivery)
        }
        return order.flatMap { organisationID in
            stride(from: 0, to: byOrganisation[organisationID]!.count, by: Self.digestLimit).map { start in
                Array(byOrganisation[organisationID]![start..<min(start + Self.digestLimit, byOrganisation[organisationID]!.count)])
            }
        }
    }

    /// Sends one mail for these alerts (one organisation's) and records the outcome on each.
    func send(_ alerts: [Delivery]) async {
        let started = Date()
        let recorder = DeliveryRecorder(store: store, node: node, policy: retry)
        let failure: DeliveryFailure?
        do {
            if let mail = try await compose(alerts) {
                do throws(DeliveryFailure) {
                    try await mailer.send(mail)
                    failure = nil
                } catch {
                    failure = error
                }
            } else {
                failure = .refused("the organisation no longer has alert addresses")
            }
        } catch {
            failure = .notSent("the store could not be read: \(error)")
        }
        for alert in alerts {
            do { try await recorder.finish(alert, started: started, failure: failure, logger: logger) } catch {
                logger.warning("alert not recorded", metadata: ["delivery": "\(alert.id)", "error": "\(error)"])
            }
        }
    }

    /// The mail telling of these alerts; nil when the organisation has no addresses any more.
    private func compose(_ alerts: [Delivery]) async throws -> AlertMail? {
        guard case .mail(let organisationID, _)? = alerts.first?.destination else { return nil }
        return try await store.read { tx -> AlertMail? in
            guard let settings = try tx.alertSettings(organisationID: organisationID), !settings.addresses.isEmpty else { return nil }
            let name = try tx.organisation(id: organisationID)?.name ?? organisationID
            var items: [AlertItem] = []
            for alert in alerts {
                guard case .mail(_, let position) = alert.destination, let invoice = try tx.invoice(alert.invoiceID),
                    let event = try tx.events(of: alert.invoiceID).first(where: { $0.position == position })
                else { continue }
                items.append(
                    AlertItem(
                        invoiceID: invoice.id, number: invoice.number, supplier: invoice.sellerName, buyer: invoice.buyerName,
                        amount: invoice.amountDue.map { "\($0) \(invoice.currency ?? "")".trimmingCharacters(in: .whitespaces) },
                        status: event.to, at: event.at, reason: event.reason))
            }
            guard !items.isEmpty else { return nil }
            return AlertMail(to: settings.addresses, language: settings.language, organisation: name, items: items.sorted { $0.at < $1.at })
        }
    }
}
