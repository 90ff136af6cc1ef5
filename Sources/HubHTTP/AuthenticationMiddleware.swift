import Logging
import Foundation
import HTTPTypes
public import Hub
public import Hummingbird

/// Resolves the `Authorization: Bearer …` header to a `Principal`, or answers 401.
///
/// Tokens are looked up by their SHA-256 (`Tenancy.authenticate`); a missing, malformed, unknown or
/// revoked token gets the same 401 with a `WWW-Authenticate` challenge.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = HubRequestContext
    /// Where credentials are checked.
    public let tenancy: Tenancy

    /// Creates the middleware.
    public init(tenancy: Tenancy) { self.tenancy = tenancy }

    public func handle(
        _ request: Request, context: HubRequestContext, next: (Request, HubRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthenticated("a bearer token is required (Authorization: Bearer …)")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthenticated("the Authorization header must be: Bearer <token>")
        }
        guard let principal = try await tenancy.authenticate(bearer: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw APIError.unauthenticated("the bearer token is unknown or revoked") }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "caller"] = "\(principal.actor)"
        return try await next(request, context)
    }
}
