import Foundation
import HTTPTypes
public import Hub
import Hummingbird
import NIOCore
public import Prometheus

/// `GET /metrics` in Prometheus's text format: what this process counted (deposits by outcome, validation time,
/// through `HubMetrics`), then what the store says when asked (deliveries by kind and outcome, retries, the depth of
/// each queue, the status sync's lag). The store's figures are gauges: every node of a cluster reads the same totals.
struct MetricsRoute {
    let registry: PrometheusCollectorRegistry
    let operations: Operations

    func register(on router: Router<HubRequestContext>) {
        router.get("metrics", use: metrics)
    }

    @Sendable func metrics(_ request: Request, context: HubRequestContext) async throws -> Response {
        let figures = try await operations.measurements()
        for count in figures.attempts {
            registry.makeGauge(
                name: "hermine_delivery_attempts", labels: [("kind", count.kind.rawValue), ("outcome", count.outcome)],
                help: "Delivery attempts recorded in the store, by destination kind and outcome."
            ).set(Double(count.attempts))
        }
        for kind in Destination.Kind.allCases {
            let retries = figures.attempts.filter { $0.kind == kind }.reduce(0) { $0 + $1.retries }
            registry.makeGauge(
                name: "hermine_delivery_retries", labels: [("kind", kind.rawValue)],
                help: "Delivery attempts after a delivery's first, by destination kind.").set(Double(retries))
            for state in [Delivery.State.pending, .failed] {
                let count = figures.open.first { $0.kind == kind && $0.state == state }?.count ?? 0
                registry.makeGauge(
                    name: "hermine_deliveries_open", labels: [("kind", kind.rawValue), ("state", state.rawValue)],
                    help: "Deliveries waiting (pending) or in the operators' queue (failed), by destination kind.").set(Double(count))
            }
        }
        registry.makeGauge(
            name: "hermine_status_sync_lag_seconds", help: "How late the most overdue portal status poll is, in seconds."
        ).set(Double(figures.statusSyncLag.components.seconds) + Double(figures.statusSyncLag.components.attoseconds) / 1e18)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}
