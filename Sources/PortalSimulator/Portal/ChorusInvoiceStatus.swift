/// An invoice's status at Chorus Pro (`statut`, `statutCourantCode`), as DOMAIN.md §1.5 lists them, with the
/// changes a real portal makes.
public enum ChorusInvoiceStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// The deposit was validated: every integrated invoice starts here.
    case deposited = "DEPOSEE"
    /// Chorus Pro is building the flow to the buyer.
    case routing = "EN_COURS_ACHEMINEMENT"
    /// The buyer can see it.
    case madeAvailable = "MISE_A_DISPOSITION"
    /// Routing data was wrong (service code, engagement): the supplier must recycle it.
    case toRecycle = "A_RECYCLER"
    /// The buyer rejected it (wrong data or amounts): final.
    case rejected = "REJETEE"
    /// Supporting documents are missing: the supplier completes it.
    case suspended = "SUSPENDUE"
    /// The supplier completed a suspended invoice.
    case completed = "COMPLETEE"
    /// The buyer certified the service done.
    case serviceDone = "SERVICE_FAIT"
    /// A payment order was issued.
    case mandated = "MANDATEE"
    /// The public accountant's system took the payment order.
    case madeAvailableToAccountant = "MISE_A_DISPOSITION_COMPTABLE"
    /// The transfer was sent.
    case paymentSent = "MISE_EN_PAIEMENT"
    /// Accounted: final.
    case accounted = "COMPTABILISEE"

    /// The statuses a real portal lets this one become, by the buyer's hand (reject, suspend, certify, mandate,
    /// pay), the supplier's (complete, recycle) or its own (route, make available).
    ///
    /// A rejected or accounted invoice moves no more; payment steps come after a payment order only; a
    /// suspended invoice is completed or rejected, never paid as it is; a recycled one is made available again.
    public var successors: Set<ChorusInvoiceStatus> {
        switch self {
        case .deposited: [.routing, .madeAvailable, .toRecycle]
        case .routing: [.madeAvailable, .toRecycle]
        case .madeAvailable: [.toRecycle, .rejected, .suspended, .serviceDone, .mandated]
        case .toRecycle: [.routing, .madeAvailable]
        case .suspended: [.completed, .rejected]
        case .completed: [.madeAvailable, .suspended, .rejected, .serviceDone, .mandated]
        case .serviceDone: [.suspended, .rejected, .mandated]
        case .mandated: [.madeAvailableToAccountant, .paymentSent]
        case .madeAvailableToAccountant: [.paymentSent, .accounted]
        case .paymentSent: [.accounted]
        case .rejected, .accounted: []
        }
    }

    /// Whether a real portal makes this change.
    public func canBecome(_ next: ChorusInvoiceStatus) -> Bool { successors.contains(next) }
}
