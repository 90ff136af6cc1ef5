import Foundation
import HTTPTypes
import Hub
import Hummingbird

/// `/v1/deliveries…`: the outbox as people see it. Operators see every delivery and send failed ones again;
/// a supplier sees those of the invoices it deposited; a buyer has none to see.
struct DeliveryRoutes {
    let services: HubServices

    func register(on group: RouterGroup<HubRequestContext>) {
        group.get("deliveries", use: list)
        group.post("deliveries/:id/retry", use: retry)
    }

    /// The query string: `state` (pending, done, failed; comma-separated), `limit` (1–500), `cursor`.
    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role != .buyer else {
            throw APIError.forbidden("deliveries are the operators' and the suppliers' (of their own invoices)")
        }
        let parameters = request.uri.queryParameters
        try ListQuery.refuseUnknown(parameters, allowed: ["state", "limit", "cursor"])
        var query = DeliveryQuery()
        for text in parameters.getAll("state").flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard let state = Delivery.State(rawValue: String(text)) else {
                throw APIError.badRequest(.invalidQuery, "state \(text) is not a delivery state (pending, done, failed)")
            }
            query.states.insert(state)
        }
        if let text = try ListQuery.single("limit", in: parameters) {
            guard let limit = Int(text), (1...500).contains(limit) else {
                throw APIError.badRequest(.invalidQuery, "limit must be a whole number from 1 to 500")
            }
            query.limit = limit
        }
        if let cursor = try ListQuery.single("cursor", in: parameters) {
            guard cursor.hasPrefix("dlv_"), cursor.utf8.count <= 64 else {
                throw APIError.badRequest(.invalidQuery, "the cursor is not one this hub gave")
            }
            query.after = cursor
        }
        let page = try await services.deliveries.list(query, scope: caller.scope)
        return try JSONResponse.make(
            DeliveryListResource(deliveries: page.deliveries.map { DeliveryResource($0) }, nextCursor: page.next))
    }

    /// Sends a failed (or pending) delivery again at once, with a new retry budget, noted in its invoice's history as
    /// the operator's action (as the console's queue does).
    @Sendable func retry(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .operator else { throw APIError.forbidden("only operators send deliveries again") }
        guard let id = context.parameters.get("id"), !id.isEmpty else {
            throw APIError.badRequest(.invalidId, "a delivery id is required")
        }
        // One delivery back per id asked for (or an error thrown).
        guard let delivery = try await services.operations.retry(deliveries: [id], by: caller).first else {
            throw HubError.deliveryNotFound(id)
        }
        return try JSONResponse.make(DeliveryResource(delivery), status: .accepted)
    }
}
