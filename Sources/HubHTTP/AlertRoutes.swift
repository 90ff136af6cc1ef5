import Foundation
import HTTPTypes
import Hub
import Hummingbird

/// `/v1/alerts`: the caller's organisation's e-mail alerts (addresses, statuses, language); suppliers and buyers
/// set their own.
struct AlertRoutes {
    let services: HubServices

    func register(on group: RouterGroup<HubRequestContext>) {
        group.get("alerts", use: show)
        group.put("alerts", use: replace)
    }

    private func organisation(_ context: HubRequestContext) throws -> Organisation {
        let caller = try context.caller()
        guard caller.role != .operator else { throw APIError.forbidden("alerts are a supplier's or a buyer's, for its own organisation") }
        return caller.organisation
    }

    @Sendable func show(_ request: Request, context: HubRequestContext) async throws -> Response {
        let organisation = try organisation(context)
        try ListQuery.refuseUnknown(request.uri.queryParameters, allowed: [])
        return try JSONResponse.make(AlertSettingsResource(try await services.alerts.settings(of: organisation)))
    }

    @Sendable func replace(_ request: Request, context: HubRequestContext) async throws -> Response {
        let organisation = try organisation(context)
        let body: AlertSettingsBody = try await JSONBody.decode(
            request, limit: 16 * 1024, expecting: "a JSON object with addresses, and optionally statuses and language (fr or en)")
        var statuses: Set<InvoiceStatus>?
        if let texts = body.statuses {
            var set: Set<InvoiceStatus> = []
            for text in texts {
                guard let status = InvoiceStatus(code: text) else {
                    throw APIError(.unprocessableContent, code: .invalidAlerts, message: "\(text.prefix(40)) is not a lifecycle status (200…213 or its slug)")
                }
                set.insert(status)
            }
            statuses = set
        }
        let language: AlertSettings.Language
        if let text = body.language {
            guard let value = AlertSettings.Language(rawValue: text) else {
                throw APIError(.unprocessableContent, code: .invalidAlerts, message: "language must be fr or en")
            }
            language = value
        } else {
            language = .fr
        }
        let saved = try await services.alerts.save(for: organisation, addresses: body.addresses, statuses: statuses, language: language)
        return try JSONResponse.make(AlertSettingsResource(saved))
    }
}

struct AlertSettingsBody: JSONRequestBody {
    static let fields: Set<String> = ["addresses", "statuses", "language"]
    let addresses: [String]
    let statuses: [String]?
    let language: String?
}

struct AlertSettingsResource: Encodable {
    let addresses: [String]
    let statuses: [StatusResource]
    let language: String

    init(_ settings: AlertSettings) {
        addresses = settings.addresses
        statuses = settings.statuses.sorted { $0.rawValue < $1.rawValue }.map(StatusResource.init)
        language = settings.language.rawValue
    }
}
