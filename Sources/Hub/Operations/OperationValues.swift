public import Foundation

/// How many invoices have one status.
public struct StatusCount: Sendable, Hashable {
    /// The status.
    public let status: InvoiceStatus
    /// How many.
    public let count: Int

    /// Creates a count.
    public init(status: InvoiceStatus, count: Int) {
        self.status = status
        self.count = count
    }
}

/// A UTC day as the stores group by it: days since 1970-01-01 (an integer division of milliseconds, cheaper than
/// formatting a date for each row), written `YYYY-MM-DD`.
public enum EpochDay {
    /// Milliseconds in a day.
    public static let milliseconds: Int64 = 86_400_000

    /// `YYYY-MM-DD` of day `number`.
    public static func text(_ number: Int) -> String {
        Operations.day(Date(timeIntervalSince1970: Double(number) * 86_400))
    }
}

/// Deposits of one UTC day.
public struct DailyDeposits: Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public let day: String
    /// Every deposit stored that day.
    public let total: Int
    /// Those rejected at the door (213 at deposit).
    public let rejected: Int

    /// Creates a day's counts.
    public init(day: String, total: Int, rejected: Int) {
        self.day = day
        self.total = total
        self.rejected = rejected
    }
}

/// How often one rule rejected a deposit.
public struct RuleCount: Sendable, Hashable {
    /// The rule id (`BR-CO-15`).
    public let rule: String
    /// The deposits it rejected.
    public let count: Int

    /// Creates a count.
    public init(rule: String, count: Int) {
        self.rule = rule
        self.count = count
    }
}

/// Portal delivery delays of one UTC day.
public struct DailyDelay: Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public let day: String
    /// Deliveries made.
    public let count: Int
    /// Their mean delay, in milliseconds.
    public let averageMilliseconds: Int
    /// The longest, in milliseconds.
    public let maximumMilliseconds: Int

    /// Creates a day's delays.
    public init(day: String, count: Int, averageMilliseconds: Int, maximumMilliseconds: Int) {
        self.day = day
        self.count = count
        self.averageMilliseconds = averageMilliseconds
        self.maximumMilliseconds = maximumMilliseconds
    }
}

/// Rejected invoices that share a rule.
public struct RejectionGroup: Sendable, Hashable {
    /// The rule.
    public let rule: String
    /// How many unsettled rejected invoices it rejected.
    public let count: Int
    /// Some of them, newest first.
    public let examples: [InvoiceSummary]

    /// Creates a group.
    public init(rule: String, count: Int, examples: [InvoiceSummary]) {
        self.rule = rule
        self.count = count
        self.examples = examples
    }
}

/// Failed deliveries that share a destination kind and an error.
public struct DeliveryGroup: Sendable, Hashable {
    /// The destinations' kind.
    public let kind: Destination.Kind
    /// Their last error, as recorded.
    public let error: String
    /// How many.
    public let count: Int
    /// Some of them, newest first.
    public let examples: [Delivery]

    /// Creates a group.
    public init(kind: Destination.Kind, error: String, count: Int, examples: [Delivery]) {
        self.kind = kind
        self.error = error
        self.count = count
        self.examples = examples
    }
}

/// An invoice deposited at the portal, with what the portal last said of it (a stuck invoice of the queue, a row of
/// the reconciliation).
public struct TrackedInvoice: Sendable, Hashable {
    /// The invoice as the hub has it.
    public let summary: InvoiceSummary
    /// The portal's side.
    public let tracking: PortalTracking

    /// Creates a row.
    public init(summary: InvoiceSummary, tracking: PortalTracking) {
        self.summary = summary
        self.tracking = tracking
    }
}

/// What an operator (or a supplier's correction) did about an item of the queue: an invoice or a delivery.
public struct QueueResolution: Sendable, Hashable {
    /// What was done.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Settled by hand, with a comment.
        case resolved
        /// The supplier was asked for a corrected invoice (it stays in the queue until the correction comes).
        case correctionRequested = "correction-requested"
        /// A corrected invoice replaced it (`replacement`).
        case corrected
        /// The delivery was sent to another channel instead (`replacement`: the new delivery).
        case rerouted

        /// Whether the item leaves the queue.
        public var settles: Bool { self != .correctionRequested }
    }

    /// The invoice id or delivery id.
    public let subject: String
    /// What was done.
    public let kind: Kind
    /// Who did it (`operator:hermine-ops`).
    public let actor: Actor
    /// Why, in their words.
    public let comment: String
    /// The correcting invoice, or the delivery that replaced the failed one.
    public let replacement: String?
    /// When.
    public let at: Date

    /// Creates a resolution.
    public init(subject: String, kind: Kind, actor: Actor, comment: String, replacement: String? = nil, at: Date) {
        self.subject = subject
        self.kind = kind
        self.actor = actor
        self.comment = comment
        self.replacement = replacement
        self.at = at
    }
}

/// Delivery attempts of one destination kind with one outcome.
public struct AttemptCount: Sendable, Hashable {
    /// The destinations' kind.
    public let kind: Destination.Kind
    /// The attempts' outcome.
    public let outcome: DeliveryAttempt.Outcome
    /// How many attempts.
    public let attempts: Int
    /// How many of them were not the delivery's first.
    public let retries: Int

    /// Creates a count.
    public init(kind: Destination.Kind, outcome: DeliveryAttempt.Outcome, attempts: Int, retries: Int) {
        self.kind = kind
        self.outcome = outcome
        self.attempts = attempts
        self.retries = retries
    }
}

/// Deliveries of one destination kind in one state.
public struct DeliveryCount: Sendable, Hashable {
    /// The destinations' kind.
    public let kind: Destination.Kind
    /// Pending or failed.
    public let state: Delivery.State
    /// How many.
    public let count: Int

    /// Creates a count.
    public init(kind: Destination.Kind, state: Delivery.State, count: Int) {
        self.kind = kind
        self.state = state
        self.count = count
    }
}
