public import Foundation

/// What the operators' pages read: counts over all invoices and deliveries, the queue of what needs a person, and
/// the reconciliation with the portal. Aggregates are computed by the store (they run over every invoice).
public protocol OperationReads {
    /// How many invoices have each status.
    func statusCounts() throws -> [InvoiceStatus: Int]
    /// Deposits per UTC day received since `since`: all of them, and those rejected at the door.
    func dailyDeposits(since: Date) throws -> [DailyDeposits]
    /// The rules that rejected the most deposits received since `since`, most first.
    func rejectionCauses(since: Date, limit: Int) throws -> [RuleCount]
    /// How long delivered portal deliveries created since `since` took from creation to delivery, per UTC day.
    func deliveryDelays(since: Date) throws -> [DailyDelay]
    /// Rejected invoices no one has settled (resolved or corrected), grouped by rule, largest group first, each with
    /// up to `examples` invoices, newest first.
    func openRejections(examples: Int, limit: Int) throws -> [RejectionGroup]
    /// Failed deliveries no one has settled, grouped by destination kind and last error, largest group first.
    func failedDeliveryGroups(examples: Int, limit: Int) throws -> [DeliveryGroup]
    /// Invoices at the portal whose status there has not changed since `unchangedSince` and is not final, and no
    /// one has settled, oldest change first.
    func stuckInvoices(unchangedSince: Date, limit: Int) throws -> [TrackedInvoice]
    /// Every invoice deposited at the portal, with what the portal last said of it, newest first.
    func reconciliation(limit: Int) throws -> [TrackedInvoice]
    /// Delivery attempts so far by destination kind and outcome, with how many of them were retries (attempt 2 and on).
    func attemptCounts() throws -> [AttemptCount]
    /// Deliveries not done, by destination kind and state (pending: the queue's depth; failed: the operators').
    func openDeliveryCounts() throws -> [DeliveryCount]
    /// When the most overdue status poll of an invoice not yet final was due (nil: none is waiting).
    func oldestDuePoll() throws -> Date?
    /// What was done about a queue item (an invoice or a delivery), if anything.
    func resolution(of subject: String) throws -> QueueResolution?
    /// The resolutions that name this invoice or delivery as the replacement (the original a correction corrects).
    func resolutions(replacedBy replacement: String) throws -> [QueueResolution]
}

/// Writes of the operators' queue.
public protocol OperationWrites: OperationReads {
    /// Records the fatal rules that rejected a deposit (each once).
    func recordRejection(of invoiceID: InvoiceID, rules: Set<String>, at date: Date) throws
    /// Creates or replaces what was done about a queue item.
    func save(_ resolution: QueueResolution) throws
}
