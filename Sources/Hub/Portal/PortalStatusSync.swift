public import Foundation
public import Logging
public import ServiceLifecycle

/// Brings the portal's statuses back to the hub: a service of `hermine serve`.
///
/// For each invoice delivered to the portal it asks, under a lease (several nodes may run it): first where the
/// flow stands, until it is integrated (then it finds the invoice's id at the portal, 201) or rejected (213,
/// with the portal's reasons); then the invoice's status history, each new status moving the invoice along its
/// lifecycle as `PortalStatusMap` says (actor `portal`, the portal's status and comment as the reason), until a
/// final status. It asks less often as an invoice stays quiet: after `firstInterval`, doubling to
/// `maximumInterval`.
public struct PortalStatusSync: Service {
    /// Where invoices and their tracking are kept.
    public let store: any HubStore
    /// The portal.
    public let portal: any NationalPortal
    /// What the portal's statuses mean.
    public let map: PortalStatusMap
    /// The wait before asking again about an invoice that just changed.
    public let firstInterval: Duration
    /// The longest wait between two questions about a quiet invoice.
    public let maximumInterval: Duration
    /// How many invoices it asks about at once.
    public let concurrency: Int
    /// How often it looks for due polls when it found none.
    public let idlePoll: Duration
    /// This node's name in leases.
    public let node: String
    private let logger: Logger

    /// Creates the service.
    public init(
        store: any HubStore, portal: any NationalPortal, map: PortalStatusMap, firstInterval: Duration = .seconds(1),
        maximumInterval: Duration = .seconds(600), concurrency: Int = 16, idlePoll: Duration = .milliseconds(200),
        node: String = HubNode.name, logger: Logger = Logger(label: "hermine.status-sync")
    ) {
        self.store = store
        self.portal = portal
        self.map = map
        self.firstInterval = firstInterval
        self.maximumInterval = maximumInterval
        self.concurrency = max(1, concurrency)
        self.idlePoll = idlePoll
        self.node = node
        self.logger = logger
    }

    public func run() async throws {
        let (node, store) = (self.node, self.store)
        await LeasedWorkLoop(
            concurrency: concurrency, idlePoll: idlePoll,
            claim: { limit in
                let now = Date()
                let lease = Lease(owner: node, until: now.addingTimeInterval(60))
                return try await store.write { tx in try tx.claimPortalTracking(dueBy: now, lease: lease, limit: limit) }
            },
            work: { tracking in await poll(tracking) }, logger: logger
        ).run()
    }

    /// One round, for tests: claims the due polls and asks the portal, `concurrency` at a time; returns how many
    /// it asked about. (`run` keeps claiming as slots free up.)
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let lease = Lease(owner: node, until: now.addingTimeInterval(60))
        let limit = concurrency * 4
        let claimed = try await store.write { tx in try tx.claimPortalTracking(dueBy: now, lease: lease, limit: limit) }
            .sorted { ($0.nextPollAt, $0.invoiceID) < ($1.nextPollAt, $1.invoiceID) }
        guard !claimed.isEmpty else { return 0 }
        await LeasedWorkLoop.workOff(claimed, concurrency: concurrency) { tracking in await poll(tracking) }
        return claimed.count
    }

    /// What one poll learnt.
    enum Learnt: Sendable {
        /// The flow is still being processed.
        case waiting(flowState: String)
        /// The flow was rejected, for these reasons.
        case flowRejected(flowState: String, reasons: [String])
        /// The flow was integrated and the invoice found (or not yet listed, nil).
        case integrated(flowState: String, invoice: PortalInvoice?)
        /// The invoice's history.
        case history(PortalHistory)
        /// The portal could not be asked.
        case failed(PortalError)
    }

    /// Asks the portal about one invoice and records what changed; never throws.
    func poll(_ tracking: PortalTracking) async {
        let learnt: Learnt
        if let portalID = tracking.portalInvoiceID {
            do throws(PortalError) { learnt = .history(try await portal.history(of: portalID)) } catch { learnt = .failed(error) }
        } else {
            learnt = await flow(of: tracking)
        }
        do {
            try await record(learnt, for: tracking)
        } catch {
            logger.warning("status not recorded", metadata: ["invoice": "\(tracking.invoiceID)", "error": "\(error)"])
        }
    }

    private func flow(of tracking: PortalTracking) async -> Learnt {
        do {
            let report = try await portal.flowReport(tracking.flow)
            switch map[report.state]?.lifecycle {
            case .rejected?: return .flowRejected(flowState: report.state, reasons: report.errors)
            case .issued?:
                let number = try await store.read { tx in try tx.invoice(tracking.invoiceID)?.number }
                let found = try await portal.findInvoices(PortalInvoiceQuery(flow: tracking.flow))
                return .integrated(flowState: report.state, invoice: found.first { $0.number == number } ?? (found.count == 1 ? found[0] : nil))
            default: return .waiting(flowState: report.state)
            }
        } catch let error as PortalError {
            return .failed(error)
        } catch {
            return .failed(.notSent("the store failed: \(error)"))
        }
    }

    /// One unit of work: the events the portal's news imply, and the tracking's next poll.
    private func record(_ learnt: Learnt, for claimed: PortalTracking) async throws {
        let (node, map, first, maximum) = (self.node, self.map, firstInterval, maximumInterval)
        let now = Date()
        let unknown: Set<String> =
            switch learnt {
            case .waiting(let state), .flowRejected(let state, _), .integrated(let state, _): map[state] == nil ? [state] : []
            case .history(let history): Set(([history.current] + history.entries.map(\.status)).filter { map[$0] == nil })
            case .failed: []
            }
        if !unknown.isEmpty {
            // Kept as the portal said it, moving nothing: the table in mappings/ lacks a row.
            logger.warning(
                "the portal answered a status the status table does not know",
                metadata: ["invoice": "\(claimed.invoiceID)", "statuses": "\(unknown.sorted())"])
        }
        let skipped: [String] = try await store.writeRetryingConflicts { tx in
            guard var tracking = try tx.lockPortalTracking(of: claimed.invoiceID), tracking.lease?.owner == node,
                var invoice = try tx.lock(claimed.invoiceID)
            else { return [] }
            var changed = false
            var skipped: [String] = []
            func move(to status: InvoiceStatus?, reason: String) throws {
                guard let status, status != invoice.status else { return }
                guard Lifecycle.allows(from: invoice.status, to: status) else {
                    skipped.append("\(invoice.status.rawValue) → \(status.rawValue) (\(reason))")
                    return
                }
                let event = try InvoiceLifecycle.append(to: invoice, status, actor: .portal, reason: reason, at: now, in: tx)
                invoice.status = event.to
                invoice.chain = event.head
            }
            switch learnt {
            case .waiting(let state):
                changed = tracking.flowState != state
                tracking.flowState = state
            case .flowRejected(let state, let reasons):
                tracking.flowState = state
                tracking.final = true
                changed = true
                try move(to: .rejected, reason: "\(state): " + (reasons.isEmpty ? "the portal rejected the flow" : reasons.joined(separator: "; ")))
            case .integrated(let state, let found):
                changed = tracking.flowState != state || found != nil
                tracking.flowState = state
                if let found {
                    tracking.portalInvoiceID = found.portalID
                    tracking.portalStatus = found.status
                }
                try move(to: map[state]?.lifecycle, reason: "\(state): flow \(tracking.flow)")
            case .history(let history):
                for entry in history.entries.dropFirst(tracking.historySeen) {
                    try move(to: map[entry.status]?.lifecycle, reason: [entry.status, entry.comment].compactMap { $0 }.joined(separator: ": "))
                }
                changed = history.entries.count != tracking.historySeen || tracking.portalStatus != history.current
                tracking.historySeen = max(tracking.historySeen, history.entries.count)
                tracking.portalStatus = history.current
                tracking.final = map[history.current]?.final ?? false
            case .failed:
                break
            }
            if changed {
                tracking.changedAt = now
                tracking.quietPolls = 0
            } else {
                tracking.quietPolls += 1
            }
            let wait = min(first.timeInterval * Double(1 << min(tracking.quietPolls, 20)), maximum.timeInterval)
            tracking.nextPollAt = now.addingTimeInterval(wait)
            tracking.lease = nil
            try tx.save(tracking)
            return skipped
        }
        if !skipped.isEmpty {
            logger.warning(
                "the portal reported a move the lifecycle does not allow: kept in the tracking, not applied",
                metadata: ["invoice": "\(claimed.invoiceID)", "moves": "\(skipped)"])
        }
        if case .failed(let error) = learnt {
            logger.info("the portal could not be asked", metadata: ["invoice": "\(claimed.invoiceID)", "error": "\(error)"])
        }
    }
}
