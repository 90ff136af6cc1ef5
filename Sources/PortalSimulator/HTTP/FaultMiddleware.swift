import Foundation
import HTTPTypes
import Hummingbird

/// Injects the faults in force into the API's calls, before they have any effect: an outage refuses every call
/// (503, `Retry-After`: what is left of it), a share of calls fail (500, 503 or 429, the last two with
/// `Retry-After: 1`), a share wait `latencyMs` first. Dropped connections happen in the deposit route, after
/// the flow is recorded.
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: Faults

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let left = faults.outageRemaining() {
            let seconds = max(1, Int(left.seconds.rounded(.up)))
            return JSONAnswer.failure(
                CproFailure(
                    status: .serviceUnavailable, code: 503, message: "Service indisponible (simulated outage).",
                    headers: [.retryAfter: String(seconds)]))
        }
        if let failure = faults.drawFailure() {
            let status = HTTPResponse.Status(code: failure.status)
            let headers: HTTPFields = failure == .internalError ? [:] : [.retryAfter: "1"]
            return JSONAnswer.failure(
                CproFailure(status: status, code: failure.status, message: "simulated fault: \(status.reasonPhrase)", headers: headers))
        }
        if let latency = faults.drawLatency() { try await Task.sleep(for: latency) }
        return try await next(request, context)
    }
}
