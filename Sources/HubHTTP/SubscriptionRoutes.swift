import Foundation
import HTTPTypes
import Hub
import Hummingbird

/// `/v1/subscriptions…`: a supplier's webhooks for its own organisation, to which every lifecycle event of its
/// invoices is POSTed, signed, in order per invoice.
struct SubscriptionRoutes {
    let services: HubServices

    func register(on group: RouterGroup<HubRequestContext>) {
        group.get("subscriptions", use: list)
        group.post("subscriptions", use: create)
        group.delete("subscriptions/:subscription", use: delete)
        group.post("subscriptions/:subscription/secret", use: rotate)
    }

    private func supplier(_ context: HubRequestContext) throws -> Principal {
        let caller = try context.caller()
        guard caller.role == .supplier else { throw APIError.forbidden("webhook subscriptions are a supplier's, for its own invoices") }
        return caller
    }

    private func subscriptionID(_ context: HubRequestContext) throws(APIError) -> SubscriptionID {
        guard let id = context.parameters.get("subscription"), id.hasPrefix("sub_"), id.utf8.count == 30 else {
            throw APIError.badRequest(.invalidId, "a subscription id is sub_ and 26 characters, as the hub gave it")
        }
        return SubscriptionID(rawValue: id)
    }

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try supplier(context)
        try ListQuery.refuseUnknown(request.uri.queryParameters, allowed: [])
        let subscriptions = try await services.subscriptions.list(organisationID: caller.organisation.id)
        return try JSONResponse.make(SubscriptionListResource(subscriptions: subscriptions.map { SubscriptionResource($0, showingSecret: false) }))
    }

    @Sendable func create(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try supplier(context)
        let body: SubscriptionRequestBody = try await JSONBody.decode(request, limit: 16 * 1024, expecting: "a JSON object with a url")
        let subscription = try await services.subscriptions.create(organisationID: caller.organisation.id, url: body.url)
        return try JSONResponse.make(SubscriptionResource(subscription, showingSecret: true), status: .created)
    }

    @Sendable func delete(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try supplier(context)
        try await services.subscriptions.delete(try subscriptionID(context), organisationID: caller.organisation.id)
        return Response(status: .noContent)
    }

    @Sendable func rotate(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try supplier(context)
        let parameters = request.uri.queryParameters
        try ListQuery.refuseUnknown(parameters, allowed: ["graceSeconds"])
        let grace = try GraceQuery.read(parameters)
        let subscription = try await services.subscriptions.rotateSecret(
            try subscriptionID(context), organisationID: caller.organisation.id, grace: grace)
        return try JSONResponse.make(SubscriptionResource(subscription, showingSecret: true))
    }
}

struct SubscriptionRequestBody: JSONRequestBody {
    static let fields: Set<String> = ["url"]
    let url: String
}

/// A webhook subscription; its secret only in the answers that create or rotate it.
struct SubscriptionResource: Encodable {
    let id: String
    let url: String
    let secret: String?
    let previousSecretValidUntil: String?
    let createdAt: String

    init(_ subscription: Subscription, showingSecret: Bool) {
        id = subscription.id.rawValue
        url = subscription.url.absoluteString
        secret = showingSecret ? subscription.secret : nil
        previousSecretValidUntil = subscription.previousSecretUntil.map(Timestamp.string)
        createdAt = Timestamp.string(subscription.createdAt)
    }
}

struct SubscriptionListResource: Encodable {
    let subscriptions: [SubscriptionResource]
}

/// `graceSeconds`: how long a rotated secret keeps signing (0 to 30 days, default one day).
enum GraceQuery {
    static func read(_ parameters: Parameters) throws -> Duration {
        guard let text = try ListQuery.single("graceSeconds", in: parameters) else { return .seconds(24 * 3600) }
        guard let seconds = Int(text), (0...(30 * 24 * 3600)).contains(seconds) else {
            throw APIError.badRequest(.invalidQuery, "graceSeconds must be a whole number from 0 to 2592000 (30 days)")
        }
        return .seconds(seconds)
    }
}
