public import Foundation
public import HTTPTypes
public import Hummingbird
import Hub

/// An error answer of the API: an HTTP status and the JSON body `{"error": {"code", "message", …}}`.
///
/// `code` is stable and machine-readable (`invoice-not-found`, `too-large` …); `message` is for people.
/// Some errors carry more: the original invoice of a duplicate, the limit that was passed.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The stable code.
    public let code: String
    /// What went wrong, for people.
    public let message: String
    /// Extra fields of the error object (string values only, so that clients can rely on them).
    public let details: [String: String]
    /// Extra response headers (`WWW-Authenticate`, `Location`, `Allow` …).
    public let headers: HTTPFields

    /// Creates an error answer.
    public init(
        _ status: HTTPResponse.Status, code: String, message: String, details: [String: String] = [:],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The JSON body.
    public var body: Data {
        var object: [String: String] = details
        object["code"] = code
        object["message"] = message
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A dictionary of strings always encodes.
        return (try? encoder.encode(["error": object])) ?? Data()
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
    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code: code, message: message) }

    /// No usable bearer token.
    static func unauthenticated(_ message: String) -> APIError {
        APIError(
            .unauthorized, code: "unauthenticated", message: message,
            headers: [.wwwAuthenticate: #"Bearer realm="hermine""#])
    }

    /// The caller's role may not do this.
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message: message) }

    /// No invoice with this id that the caller may see (foreign and unknown invoices look the same).
    static func invoiceNotFound(_ id: InvoiceID) -> APIError {
        APIError(.notFound, code: "invoice-not-found", message: "no invoice \(id)")
    }

    /// The translation of a hub error.
    init(_ error: HubError) {
        switch error {
        case .invoiceNotFound(let id): self = .invoiceNotFound(id)
        case .invalidQuery(let reason): self = .badRequest("invalid-query", reason)
        case .transitionNotAllowed: self.init(.conflict, code: error.code, message: error.description)
        case .transitionForbidden: self.init(.forbidden, code: error.code, message: error.description)
        case .unknownOrganisation, .invalidOrganisation, .roleMismatch, .directoryFile, .unreadableFile:
            self.init(.badRequest, code: error.code, message: error.description)
        case .storage, .conflict:
            // The details are for operators (logged), not for clients.
            self.init(.serviceUnavailable, code: "storage", message: "the hub's store failed; try again later")
        }
    }

    /// The stable code of a status the framework answers by itself (unknown route, parse error).
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad-request"
        case 404: "not-found"
        case 405: "method-not-allowed"
        case 408: "request-timeout"
        case 413: "too-large"
        case 415: "unsupported-media-type"
        default: status.code < 500 ? "client-error" : "internal"
        }
    }
}
