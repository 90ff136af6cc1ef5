/// The one state machine of the hub: which status may follow which.
///
/// An invoice enters as 200 (accepted) or 213 (rejected at the door). From 200 it is sent on (201),
/// received (202) and made available (203) — a platform may report 203 directly — then the buyer
/// takes it in charge, approves, disputes, suspends or refuses it; payment follows approval.
/// 210 (refused), 212 (paid) and 213 (rejected) are final.
public enum Lifecycle {
    /// Statuses an invoice may start in.
    public static let initial: Set<InvoiceStatus> = [.deposited, .rejected]

    /// For each status, the statuses that may follow it.
    public static let allowedNext: [InvoiceStatus: Set<InvoiceStatus>] = [
        .deposited: [.issued, .received, .madeAvailable, .rejected],
        .issued: [.received, .madeAvailable, .rejected],
        .received: [.madeAvailable, .rejected],
        // The portal may send an invoice back after making it available (A_RECYCLER: a routing error): rejected.
        .madeAvailable: [.inProcess, .approved, .partiallyApproved, .disputed, .suspended, .refused, .paymentSent, .rejected],
        .inProcess: [.approved, .partiallyApproved, .disputed, .suspended, .refused, .paymentSent],
        // The portal may report a buyer suspending or refusing an invoice after certifying the service (SERVICE_FAIT
        // then SUSPENDUE or REJETEE): the portal is the authority on what the buyer did.
        .approved: [.disputed, .suspended, .refused, .paymentSent, .paid],
        .partiallyApproved: [.disputed, .suspended, .refused, .paymentSent, .paid],
        .disputed: [.inProcess, .approved, .partiallyApproved, .suspended, .refused],
        .suspended: [.completed, .refused],
        // Completed, the invoice is made available to the buyer again (COMPLETEE then MISE_A_DISPOSITION).
        .completed: [.madeAvailable, .inProcess, .approved, .partiallyApproved, .disputed, .suspended, .refused],
        .paymentSent: [.paid],
        .refused: [],
        .paid: [],
        .rejected: [],
    ]

    /// Whether an event from `current` to `next` may be in a history: a transition, or a note (the same status
    /// before and after: `InvoiceLifecycle.appendNote`).
    public static func allowsInHistory(from current: InvoiceStatus?, to next: InvoiceStatus) -> Bool {
        allows(from: current, to: next) || current == next
    }

    /// Whether `next` may follow `current` (nil: the invoice has no status yet).
    public static func allows(from current: InvoiceStatus?, to next: InvoiceStatus) -> Bool {
        guard let current else { return initial.contains(next) }
        return allowedNext[current, default: []].contains(next)
    }
}
