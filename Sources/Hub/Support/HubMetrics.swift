public import CoreMetrics

/// The hub's own measurements, through swift-metrics and a factory the server chooses (Prometheus in `hermine
/// serve`, none in tests that do not look): deposits by outcome and validation time. What the store knows (deliveries
/// by kind and outcome, queue depths, the status sync's lag) is read from it when `/metrics` is asked.
public struct HubMetrics: Sendable {
    /// Where the metrics go.
    public let factory: any MetricsFactory

    /// Metrics into `factory`.
    public init(factory: any MetricsFactory) { self.factory = factory }

    /// Measures nothing.
    public static let none = HubMetrics(factory: NOOPMetricsHandler.instance)

    /// A deposit answered with `outcome` (`accepted`, `rejected`, `duplicate` …).
    func deposited(_ outcome: IngestionOutcome.Code) {
        Counter(label: "hermine_deposits_total", dimensions: [("outcome", outcome.rawValue)], factory: factory).increment()
    }

    /// How long reading and validating one document took (parse, bind, EN 16931 and schema rules).
    func validated(in duration: Duration) {
        let (seconds, attoseconds) = duration.components
        Timer(label: "hermine_validation_seconds", factory: factory).recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
