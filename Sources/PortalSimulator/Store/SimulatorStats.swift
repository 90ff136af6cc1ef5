/// What the simulator holds: `GET /simulator/stats`. External checks read these names: keep them.
/// `faults` counts the faults injected since the process started, so that a test can tell each one occurred.
public struct SimulatorStats: Sendable, Hashable, Codable {
    /// Deposit calls recorded (each gave a `numeroFluxDepot`, answered or not).
    public let flows: Int
    /// Invoices created by integrated flows, duplicates included.
    public let invoices: Int
    /// Invoices with the same supplier, number and year as an earlier one: what a double deposit leaves.
    public let duplicateInvoices: Int
    /// Flows processed and rejected.
    public let rejectedFlows: Int
    /// The faults injected since the process started (not kept across restarts).
    public var faults = FaultCounts()

    /// Creates stats.
    public init(flows: Int, invoices: Int, duplicateInvoices: Int, rejectedFlows: Int) {
        self.flows = flows
        self.invoices = invoices
        self.duplicateInvoices = duplicateInvoices
        self.rejectedFlows = rejectedFlows
    }
}

/// How many calls got each fault since the process started.
public struct FaultCounts: Sendable, Hashable, Codable {
    /// Calls answered 500, 503 or 429 by `failRate`.
    public var failed = 0
    /// Calls delayed by `latencyMs`.
    public var delayed = 0
    /// Deposits recorded and left unanswered (`dropAfterCommitRate`).
    public var dropped = 0
    /// Calls refused during an outage.
    public var refusedInOutage = 0

    /// No fault yet.
    public init() {}
}
