/// What the simulator holds: `GET /simulator/stats`. External checks read these names: keep them.
public struct SimulatorStats: Sendable, Hashable, Codable {
    /// Deposit calls recorded (each gave a `numeroFluxDepot`, answered or not).
    public let flows: Int
    /// Invoices created by integrated flows, duplicates included.
    public let invoices: Int
    /// Invoices with the same supplier, number and year as an earlier one: what a double deposit leaves.
    public let duplicateInvoices: Int
    /// Flows processed and rejected.
    public let rejectedFlows: Int

    /// Creates stats.
    public init(flows: Int, invoices: Int, duplicateInvoices: Int, rejectedFlows: Int) {
        self.flows = flows
        self.invoices = invoices
        self.duplicateInvoices = duplicateInvoices
        self.rejectedFlows = rejectedFlows
    }
}
