import Foundation
import HTTPTypes
import Hub
import Hummingbird
import InvoiceIntake
import InvoiceMapping
import InvoiceModel
import InvoiceRules
import NIOCore
import StableJSON

/// `/v1/invoices…`: deposit, list, read and move invoices along their lifecycle.
///
/// Every handler runs behind `AuthenticationMiddleware` and reads through the caller's `TenantScope`:
/// an invoice the caller may not see answers 404 exactly as an unknown one does.
struct InvoiceRoutes {
    let services: HubServices
    let configuration: HubAPIConfiguration

    func register(on group: RouterGroup<HubRequestContext>) {
        group.post("invoices", use: deposit)
        group.get("invoices", use: list)
        group.get("invoices/:id", use: detail)
        group.get("invoices/:id/events", use: events)
        group.get("invoices/:id/document", use: document)
        group.get("invoices/:id/normalised", use: normalised)
        group.post("invoices/:id/status", use: changeStatus)
        group.post("validate", use: validate)
    }

    // MARK: Deposit

    @Sendable func deposit(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard caller.role == .supplier else {
            throw APIError.forbidden("only a supplier deposits invoices; this token is a \(caller.role.rawValue)'s")
        }
        let key = request.headers[HTTPField.Name.idempotencyKey]
        let bytes = try await DepositBody(limit: configuration.maximumBodySize).read(request)
        let outcome = try await services.ingestion.ingest(bytes, from: caller.organisation, idempotencyKey: key)
        switch outcome {
        case .accepted(let invoice):
            return try stored(invoice, status: .created)
        case .rejected(let invoice):
            return try stored(invoice, status: .unprocessableContent)
        default:
            throw refusal(outcome, caller: caller)
        }
    }

    /// The API error for every outcome that stores nothing (the deposit's and the validation's).
    private func refusal(_ outcome: IngestionOutcome, caller: Principal) -> APIError {
        switch outcome {
        case .accepted, .rejected:
            return APIError(.internalServerError, code: .internal, message: "a stored invoice is not a refusal")
        case .duplicate(let original):
            let year = original.issueYear.map { " in \($0)" } ?? ""
            return APIError(
                .conflict, code: .duplicate,
                message: "invoice \(original.number ?? "?") was already deposited\(year) as \(original.id)",
                details: ["original": original.id.rawValue], headers: [.location: "/v1/invoices/\(original.id)"])
        case .idempotencyKeyReused(let key, let invoiceID):
            return APIError(
                .unprocessableContent, code: .idempotencyKeyReused,
                message: "the Idempotency-Key \(key) was used for another body (invoice \(invoiceID))",
                details: ["original": invoiceID.rawValue])
        case .invalidIdempotencyKey:
            return APIError.badRequest(
                .invalidIdempotencyKey,
                "the Idempotency-Key must have 1 to \(services.ingestion.policy.maximumIdempotencyKeyLength) characters")
        case .empty:
            return APIError.badRequest(.empty, "the body is empty; send the invoice's bytes (UBL, CII or Factur-X PDF)")
        case .tooLarge(let size, let limit):
            return APIError(
                .contentTooLarge, code: .tooLarge, message: "the invoice has \(size) bytes; the limit is \(limit)",
                details: ["limit": String(limit)])
        case .notAnInvoice(let error):
            return APIError(
                .unsupportedMediaType, code: .notAnInvoice, message: error.description, details: ["reason": error.code])
        case .unreadable(let error):
            return APIError(.badRequest, code: .unreadable, message: error.description, details: ["reason": error.code])
        case .sellerNotOwned(let seller):
            return APIError.forbidden(
                "the seller on the invoice (\(seller ?? "no identifier")) is not one of \(caller.organisation.id)'s identifiers")
        }
    }

    // MARK: Validation as a service

    /// Judges a document as a deposit would and answers its report; stores nothing. Any authenticated caller.
    @Sendable func validate(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let bytes = try await DepositBody(limit: configuration.maximumBodySize).read(request)
        switch try await services.ingestion.check(bytes) {
        case .checked(let report):
            return try JSONResponse.make(ValidationResource(report: ReportResource(report)))
        case .refused(let outcome):
            throw refusal(outcome, caller: caller)
        }
    }

    /// The answer for a stored deposit: the invoice, where it lives, and whether this replays an answer.
    private func stored(_ invoice: IngestedInvoice, status: HTTPResponse.Status) throws -> Response {
        var headers: HTTPFields = [.location: "/v1/invoices/\(invoice.summary.id)"]
        if invoice.replayed { headers[HTTPField.Name.idempotentReplayed] = "true" }
        return try JSONResponse.make(InvoiceResource(invoice.summary, report: invoice.report), status: status, headers: headers)
    }

    // MARK: Reading

    @Sendable func list(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        guard let query = try ListQuery.parse(request.uri.queryParameters) else {
            return try JSONResponse.make(InvoiceListResource(invoices: [], nextCursor: nil))
        }
        let page = try await services.invoices.list(query, scope: caller.scope)
        return try JSONResponse.make(
            InvoiceListResource(
                invoices: page.invoices.map { InvoiceResource($0, report: nil) }, nextCursor: page.nextCursor?.description))
    }

    @Sendable func detail(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try invoiceID(context)
        guard let detail = try await services.invoices.detail(id, scope: caller.scope) else { throw APIError.invoiceNotFound(id) }
        return try JSONResponse.make(InvoiceResource(detail))
    }

    @Sendable func events(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try invoiceID(context)
        guard let events = try await services.invoices.events(id, scope: caller.scope) else {
            throw APIError.invoiceNotFound(id)
        }
        return try JSONResponse.make(EventListResource(invoiceId: id.rawValue, events: events.map(EventResource.init)))
    }

    @Sendable func document(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try invoiceID(context)
        guard let document = try await services.invoices.document(id, scope: caller.scope) else {
            throw APIError.invoiceNotFound(id)
        }
        let suffix = document.mediaType == "application/pdf" ? "pdf" : "xml"
        return Response(
            status: .ok,
            headers: [
                .contentType: document.mediaType, .eTag: "\"\(document.sha256)\"",
                HTTPField.Name.contentSHA256: document.sha256,
                .contentDisposition: "attachment; filename=\"\(id).\(suffix)\"",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }

    @Sendable func normalised(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try invoiceID(context)
        let parameters = request.uri.queryParameters
        try ListQuery.refuseUnknown(parameters, allowed: ["format"])
        let format = parameters.get("format") ?? "json"
        guard let target = InvoiceConversion.Target(format) else {
            throw APIError.badRequest(.invalidQuery, "format must be ubl, cii or json, not \(format)")
        }
        guard let invoice = try await services.invoices.model(id, scope: caller.scope) else {
            throw APIError.invoiceNotFound(id)
        }
        if target == .json {
            return JSONResponse.make(data: InvoiceConversion.jsonData(invoice))
        }
        let converted: InvoiceConversion.Result
        do {
            converted = try InvoiceConversion.write(invoice, as: target, with: services.mapper)
        } catch {
            throw APIError(
                .unprocessableContent, code: .notConvertible,
                message: "invoice \(id) cannot be written as \(format.uppercased()): \(error)")
        }
        var headers: HTTPFields = [.contentType: "application/xml; charset=utf-8"]
        if !converted.notes.isEmpty {
            // What the syntax cannot carry, said rather than written invalid (ASCII: EN 16931's English names).
            headers[HTTPField.Name("Hermine-Conversion-Notes")!] = converted.notes.map(\.english).joined(separator: " | ")
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: converted.data)))
    }

    // MARK: Lifecycle

    @Sendable func changeStatus(_ request: Request, context: HubRequestContext) async throws -> Response {
        let caller = try context.caller()
        let id = try invoiceID(context)
        guard MediaTypeHeader(request.headers[.contentType])?.type == "application/json" else {
            throw APIError(
                .unsupportedMediaType, code: .unsupportedMediaType,
                message: "a status change is a JSON object (application/json): {\"status\": \"approved\", \"reason\": \"…\"}")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            throw APIError(.contentTooLarge, code: .tooLarge, message: "a status change has at most 64 KB")
        }
        let change: StatusChangeRequest
        do {
            change = try JSONDecoder().decode(StatusChangeRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError.badRequest(
                .invalidBody, "the body must be a JSON object with a status (code or slug) and an optional reason")
        }
        guard let status = InvoiceStatus(code: change.status) else {
            throw APIError.badRequest(
                .unknownStatus, "\(change.status) is not a lifecycle status (200…213 or its slug, e.g. approved)")
        }
        let reason = change.reason ?? ""
        // Characters are code points, as the OpenAPI document's maxLength counts them.
        guard reason.unicodeScalars.count <= 2_000 else {
            throw APIError.badRequest(.invalidBody, "the reason has at most 2,000 characters")
        }
        let event = try await services.lifecycle.transition(invoiceID: id, to: status, by: caller, reason: reason)
        return try JSONResponse.make(EventResource(event))
    }

    private func invoiceID(_ context: HubRequestContext) throws(APIError) -> InvoiceID {
        guard let id = context.parameters.get("id"), !id.isEmpty else {
            throw APIError.badRequest(.invalidId, "an invoice id is required")
        }
        return InvoiceID(rawValue: id)
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key`: a client's key making a retried deposit return the first answer.
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    /// `Idempotent-Replayed: true` on an answer replayed for an idempotency key.
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    /// `Content-SHA256`: the SHA-256 of a document's bytes, as stored.
    static let contentSHA256 = HTTPField.Name("Content-SHA256")!
}

/// JSON answers, written by the project's one encoder: keys in the order the resource types declare them, the
/// same bytes in every process.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        make(data: try StableJSONEncoder().encode(value), status: status, headers: headers)
    }

    static func make(data: Data, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
