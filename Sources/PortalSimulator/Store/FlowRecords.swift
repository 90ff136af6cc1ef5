import Foundation

/// A deposit to record: the flow as the client sent it, with the number and time the portal gave it.
struct DepositedFlow: Sendable {
    let sequence: Int64
    let number: String
    let fileName: String
    let syntax: FlowSyntax
    let signed: Bool
    let bytes: Data
    /// Milliseconds since 1970.
    let depositedAt: Int64
}

/// A flow waiting for the processor.
struct WaitingFlow: Sendable {
    let sequence: Int64
    let number: String
    let syntax: FlowSyntax
    let bytes: Data
}

/// What processing made of a flow: integrated with its invoice, or rejected with the reasons.
struct FlowOutcome: Sendable {
    let sequence: Int64
    let state: FlowState
    let errors: [FlowError]
    let invoice: NewInvoice?
}

/// One reason a flow was rejected.
struct FlowError: Sendable, Hashable {
    enum Kind: String, Sendable {
        /// A finding on the invoice (`listeErreurDP`).
        case invoice
        /// The file itself (`listeErreurTechnique`): unreadable, not an invoice, not of its declared syntax.
        case technical
    }

    let kind: Kind
    let invoiceNumber: String?
    let supplier: String?
    let buyer: String?
    let code: String?
    let message: String
    let nature: String?
}

/// A flow's report, as stored.
struct FlowRecord: Sendable {
    let number: String
    let fileName: String
    let syntax: String
    let depositedAt: Int64
    let state: FlowState
    let stateAt: Int64
    let errors: [FlowError]
}
