/// The faults the simulator injects into the calls of its API (the token endpoint and `/cpro/…`; never into
/// `/simulator/…`). JSON in camelCase, as `GET /simulator/faults` shows them.
public struct FaultSettings: Sendable, Hashable, Codable {
    /// The share of calls answered 500, 503 or 429 (503 and 429 with `Retry-After`) before they have any effect
    /// (`--fail-rate`, 0…1).
    public var failRate: Double
    /// Latency added to the calls it is added to, in milliseconds (`--latency-ms`).
    public var latencyMs: Int
    /// The share of calls that get `latencyMs` (`--latency-rate`, 0…1; 1 by default, so that `--latency-ms`
    /// alone slows every call).
    public var latencyRate: Double
    /// The share of deposits whose connection is closed without an answer once the flow is recorded: the
    /// client cannot know it succeeded (`--drop-after-commit-rate`, 0…1).
    public var dropAfterCommitRate: Double

    /// Creates settings; no fault by default.
    public init(failRate: Double = 0, latencyMs: Int = 0, latencyRate: Double = 1, dropAfterCommitRate: Double = 0) {
        self.failRate = failRate
        self.latencyMs = latencyMs
        self.latencyRate = latencyRate
        self.dropAfterCommitRate = dropAfterCommitRate
    }

    /// Checks the ranges.
    /// - Throws: `PortalSimulatorError.invalidSetting` naming the first value out of range.
    public func validate() throws(PortalSimulatorError) {
        for (name, rate) in [("failRate", failRate), ("latencyRate", latencyRate), ("dropAfterCommitRate", dropAfterCommitRate)]
        where !(rate >= 0 && rate <= 1) {
            throw .invalidSetting("\(name) must be between 0 and 1, not \(rate)")
        }
        guard latencyMs >= 0 else { throw .invalidSetting("latencyMs cannot be negative (\(latencyMs))") }
    }
}
