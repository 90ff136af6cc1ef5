/// Checks the lifecycle log: the hash chain over every event, then that each invoice's status is the one
/// its events lead to.
public struct AuditLog: Sendable {
    /// Where the log is kept.
    public let store: any HubStore
    /// The chain's hash function.
    public let chain: EventChain

    /// Creates the audit.
    public init(store: any HubStore, chain: EventChain = .standard) {
        self.store = store
        self.chain = chain
    }

    /// What an audit found.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        /// Events checked before the first break (all of them when the chain holds).
        public let eventsChecked: Int64
        /// Invoices whose status was compared with the log.
        public let invoicesChecked: Int
        /// The first broken link of the chain.
        public let firstBreak: EventChain.Break?
        /// The first invoice whose stored status is not where its events lead (nil in the log: no event).
        public let statusMismatch: StatusMismatch?

        /// Whether the log holds.
        public var passed: Bool { firstBreak == nil && statusMismatch == nil }

        public var description: String {
            if let firstBreak { return "FAILED after \(eventsChecked) good events: \(firstBreak)" }
            if let statusMismatch { return "FAILED: \(statusMismatch)" }
            return "OK: \(eventsChecked) events chained, \(invoicesChecked) invoices at the status their events give"
        }
    }

    /// An invoice whose status disagrees with its events.
    public struct StatusMismatch: Sendable, Equatable, CustomStringConvertible {
        /// The invoice.
        public let invoiceID: String
        /// Its status in the invoices.
        public let stored: InvoiceStatus
        /// The status its last event gives; nil when it has none.
        public let logged: InvoiceStatus?

        public var description: String {
            if let logged {
                return "invoice \(invoiceID) is stored as \(stored.rawValue) but its events lead to \(logged.rawValue)"
            }
            return "invoice \(invoiceID) (\(stored.rawValue)) has no lifecycle event"
        }
    }

    /// Walks the whole log in pages, then the invoices.
    public func verify(pageSize: Int = 10_000) async throws -> Report {
        var walk = ChainWalk(chain: chain)
        var last: Int64 = 0
        while true {
            let page = try await store.events(after: last, limit: pageSize)
            for event in page {
                if let broken = walk.step(event) {
                    return Report(eventsChecked: walk.expected - 1, invoicesChecked: 0, firstBreak: broken, statusMismatch: nil)
                }
            }
            guard let final = page.last, page.count == pageSize else { break }
            last = final.sequence
        }
        var checked = 0
        var after = ""
        while true {
            let page = try await store.statuses(after: after, limit: pageSize)
            for (id, status) in page {
                checked += 1
                let logged = walk.statuses[id]
                if logged != status {
                    return Report(
                        eventsChecked: walk.expected - 1, invoicesChecked: checked, firstBreak: nil,
                        statusMismatch: StatusMismatch(invoiceID: id, stored: status, logged: logged))
                }
            }
            guard let final = page.last, page.count == pageSize else { break }
            after = final.id
        }
        return Report(eventsChecked: walk.expected - 1, invoicesChecked: checked, firstBreak: nil, statusMismatch: nil)
    }
}
