public import Foundation
public import HTTPTypes
public import Hummingbird
import Hub
import StableJSON

/// An error answer of the API: an HTTP status and the JSON body `{"error": {"code", "message", …}}`.
///
/// `code` is stable and machine-readable (`invoice-not-found`, `too-large` …); `message` is for people.
/// Some errors carry more: the original invoice of a duplicate, the limit that was passed.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The stable code.
    public let code: APIErrorCode
    /// What went wrong, for people.
    public let message: String
    /// Extra fields of the error object (string values only, so that clients can rely on them).
    public let details: [String: String]
    /// Extra response headers (`WWW-Authenticate`, `Location`, `Allow` …).
    public let headers: HTTPFields

    /// Creates an error answer.
    public init(
        _ status: HTTPResponse.Status, code: APIErrorCode, message: String, details: [String: String] = [:],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON body: `{"error": {"code", "message", …details sorted by name}}`, the same bytes in every process.
    public var body: Data {
        // Strings only: encoding cannot fail.
        (try? StableJSONEncoder().encode(Body(error: self))) ?? Data()
    }

    /// The body's shape: the error object under `error`.
    private struct Body: Encodable {
        let error: APIError

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            var object = container.nestedContainer(keyedBy: Key.self, forKey: Key("error"))
            try object.encode(error.code.rawValue, forKey: Key("code"))
            try object.encode(error.message, forKey: Key("message"))
            for (name, value) in error.details.sorted(by: { $0.key < $1.key }) where name != "code" && name != "message" {
                try object.encode(value, forKey: Key(name))
            }
        }

        struct Key: CodingKey {
            let stringValue: String
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The response, without needing a request.
    public func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension APIError {
    /// A request the API cannot read (bad parameter, bad JSON …).
    static func badRequest(_ code: APIErrorCode, _ message: String) -> APIError { APIError(.badRequest, code: code, message: message) }

    /// No usable bearer token.
    static func unauthenticated(_ message: String) -> APIError {
        APIError(
            .unauthorized, code: .unauthenticated, message: message,
            headers: [.wwwAuthenticate: #"Bearer realm="hermine""#])
    }

    /// The caller's role may not do this.
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: .forbidden, message: message) }

    /// No invoice with this id that the caller may see (foreign and unknown invoices look the same).
    static func invoiceNotFound(_ id: InvoiceID) -> APIError {
        APIError(.notFound, code: .invoiceNotFound, message: "no invoice \(id)")
    }

    /// The translation of a hub error.
    init(_ error: HubError) {
        switch error {
        case .invoiceNotFound(let id): self = Self.invoiceNotFound(id)
        case .invalidQuery(let reason): self = Self.badRequest(.invalidQuery, reason)
        case .transitionNotAllowed: self.init(.conflict, code: .transitionNotAllowed, message: error.description)
        case .transitionForbidden: self.init(.forbidden, code: .transitionForbidden, message: error.description)
        case .unknownOrganisation: self.init(.badRequest, code: .unknownOrganisation, message: error.description)
        case .invalidOrganisation: self.init(.badRequest, code: .invalidOrganisation, message: error.description)
        case .roleMismatch: self.init(.badRequest, code: .roleMismatch, message: error.description)
        case .directoryFile: self.init(.badRequest, code: .directoryFile, message: error.description)
        case .unreadableFile: self.init(.badRequest, code: .unreadableFile, message: error.description)
        case .deliveryNotFound: self.init(.notFound, code: .deliveryNotFound, message: error.description)
        case .deliveryDone: self.init(.conflict, code: .deliveryDone, message: error.description)
        case .invalidChannel: self.init(.unprocessableContent, code: .invalidChannel, message: error.description)
        case .channelNotFound: self.init(.notFound, code: .channelNotFound, message: error.description)
        case .invalidSubscription: self.init(.unprocessableContent, code: .invalidSubscription, message: error.description)
        case .subscriptionNotFound: self.init(.notFound, code: .subscriptionNotFound, message: error.description)
        case .invalidAlerts: self.init(.unprocessableContent, code: .invalidAlerts, message: error.description)
        case .invalidUser: self.init(.unprocessableContent, code: .invalidUser, message: error.description)
        case .notAllowed: self.init(.forbidden, code: .forbidden, message: error.description)
        case .storage, .conflict:
            // The details are for operators (logged), not for clients.
            self.init(.serviceUnavailable, code: .storage, message: "the hub's store failed; try again later")
        }
    }

    /// The stable code of a status the framework answers by itself (unknown route, parse error).
    static func code(for status: HTTPResponse.Status) -> APIErrorCode {
        switch status.code {
        case 400: .badRequest
        case 404: .notFound
        case 405: .methodNotAllowed
        case 408: .requestTimeout
        case 413: .tooLarge
        case 415: .unsupportedMediaType
        default: status.code < 500 ? .clientError : .internal
        }
    }
}

/// The stable, machine-readable codes of the API's errors (`error.code`), as api/openapi.json lists them.
public enum APIErrorCode: String, Sendable, CaseIterable, Codable {
    case badContentLength = "bad-content-length"
    case badRequest = "bad-request"
    case channelNotFound = "channel-not-found"
    case clientError = "client-error"
    case conflict = "conflict"
    case contentTypeMismatch = "content-type-mismatch"
    case deliveryDone = "delivery-done"
    case deliveryNotFound = "delivery-not-found"
    case directoryFile = "directory-file"
    case duplicate = "duplicate"
    case empty = "empty"
    case forbidden = "forbidden"
    case idempotencyKeyReused = "idempotency-key-reused"
    case `internal` = "internal"
    case invalidAlerts = "invalid-alerts"
    case invalidBody = "invalid-body"
    case invalidChannel = "invalid-channel"
    case invalidId = "invalid-id"
    case invalidIdempotencyKey = "invalid-idempotency-key"
    case invalidOrganisation = "invalid-organisation"
    case invalidQuery = "invalid-query"
    case invalidSubscription = "invalid-subscription"
    case invalidUser = "invalid-user"
    case invoiceNotFound = "invoice-not-found"
    case malformedMultipart = "malformed-multipart"
    case methodNotAllowed = "method-not-allowed"
    case missingFile = "missing-file"
    case notAnInvoice = "not-an-invoice"
    case notConvertible = "not-convertible"
    case notFound = "not-found"
    case requestTimeout = "request-timeout"
    case roleMismatch = "role-mismatch"
    case storage = "storage"
    case subscriptionNotFound = "subscription-not-found"
    case tooLarge = "too-large"
    case transitionForbidden = "transition-forbidden"
    case transitionNotAllowed = "transition-not-allowed"
    case unauthenticated = "unauthenticated"
    case unknownOrganisation = "unknown-organisation"
    case unknownStatus = "unknown-status"
    case unreadable = "unreadable"
    case unreadableBody = "unreadable-body"
    case unreadableFile = "unreadable-file"
    case unsupportedMediaType = "unsupported-media-type"
}
