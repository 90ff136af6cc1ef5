import Foundation
import HTTPTypes
import Hub
import Hummingbird
import NIOCore
import Prometheus

/// `GET /metrics` in Prometheus's text format: what this process counted (deposits by outcome, validation time,
/// through `HubMetrics`), then what the store says when asked (deliveries by kind and outcome, retries, the depth of
/// each queue, the status sync's lag). The store's figures are gauges: every node of a cluster reads the same totals.
struct MetricsRoute {
    let registry: PrometheusCollectorRegistry
    let operations: Operations

    func register(on router: Router<HubRequestContext>) {
        router.get("metrics", use: metrics)
    }

    static var attempts: MetricNameDescriptor {
        gauge("delivery_attempts", "Delivery attempts recorded in the store, by destination kind and outcome.")
    }
    static var retries: MetricNameDescriptor {
        gauge("delivery_retries", "Delivery attempts after a delivery's first, by destination kind.")
    }
    static var open: MetricNameDescriptor {
        gauge("deliveries_open", "Deliveries waiting (pending) or in the operators' queue (failed), by destination kind.")
    }
    static var lag: MetricNameDescriptor {
        gauge("status_sync_lag", unit: "seconds", "How late the most overdue portal status poll is, in seconds.")
    }

    /// A gauge of the `hermine` namespace (built when asked: the descriptor type is not `Sendable`).
    static func gauge(_ name: String, unit: String = "", _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "hermine", metricName: name, unitName: unit, helpText: help)
    }

    @Sendable func metrics(_ request: Request, context: HubRequestContext) async throws -> Response {
        let figures = try await operations.measurements()
        for count in figures.attempts {
            registry.makeGauge(descriptor: Self.attempts, labels: [("kind", count.kind.rawValue), ("outcome", count.outcome.rawValue)])
                .set(Double(count.attempts))
        }
        for kind in Destination.Kind.allCases {
            let retries = figures.attempts.filter { $0.kind == kind }.reduce(0) { $0 + $1.retries }
            registry.makeGauge(descriptor: Self.retries, labels: [("kind", kind.rawValue)]).set(Double(retries))
            for state in [Delivery.State.pending, .failed] {
                let count = figures.open.first { $0.kind == kind && $0.state == state }?.count ?? 0
                registry.makeGauge(descriptor: Self.open, labels: [("kind", kind.rawValue), ("state", state.rawValue)]).set(Double(count))
            }
        }
        registry.makeGauge(descriptor: Self.lag).set(figures.statusSyncLag)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
