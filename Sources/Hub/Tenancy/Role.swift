/// What a credential lets its holder do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Deposit invoices and follow those it sent.
    case supplier
    /// Follow the invoices addressed to its SIRETs and move them through the buyer's statuses.
    case buyer
    /// See and act on everything.
    case `operator`
}
