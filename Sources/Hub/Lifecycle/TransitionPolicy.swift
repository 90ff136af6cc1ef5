/// Who may set which status by hand (through the API); the lifecycle itself says from which status.
///
/// The buyer moves the invoice through its own processing (204 to 211); the supplier completes a
/// suspended invoice (209) and records payment received (212); platform statuses (201 to 203) and
/// rejection (213) come from the hub, the portal or an operator. Operators may set any status.
public enum TransitionPolicy {
    /// Statuses each role may set.
    public static let allowed: [Role: Set<InvoiceStatus>] = [
        .supplier: [.completed, .paid],
        .buyer: [.inProcess, .approved, .partiallyApproved, .disputed, .suspended, .refused, .paymentSent],
        .operator: Set(InvoiceStatus.allCases),
    ]

    /// Whether a role may set this status.
    public static func allows(_ role: Role, toSet status: InvoiceStatus) -> Bool {
        allowed[role, default: []].contains(status)
    }
}
