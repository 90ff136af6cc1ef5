import Foundation
import HTTPTypes
public import Hummingbird
import Hub
import Logging

/// Turns every error into the API's JSON error body, so that no answer has another shape: the
/// framework's own (unknown route), the hub's (`HubError`), and unexpected ones (500, logged, details
/// kept from the client).
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response()
        } catch let error as HubError {
            if case .storage(let detail) = error {
                context.logger.error("storage failure", metadata: ["path": "\(request.uri.path)", "error": "\(detail)"])
            }
            return APIError(error).response()
        } catch let error as HTTPError where error.status == .notFound {
            // The router found no route: a known path asked with another method is 405, else 404.
            guard let methods = APIRoutes.methods(for: request.uri.path) else {
                return APIError(.notFound, code: .notFound, message: "no such endpoint: \(request.uri.path)").response()
            }
            let allow = methods.map(\.rawValue).joined(separator: ", ")
            return APIError(
                .methodNotAllowed, code: .methodNotAllowed, message: "\(request.uri.path) answers \(allow), not \(request.method)",
                headers: [.allow: allow]
            ).response()
        } catch let error as HTTPError {
            let message = error.body ?? error.status.reasonPhrase
            return APIError(error.status, code: APIError.code(for: error.status), message: message, headers: error.headers)
                .response()
        } catch let error as any HTTPResponseError {
            return APIError(error.status, code: APIError.code(for: error.status), message: error.status.reasonPhrase)
                .response()
        } catch {
            context.logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return APIError(.internalServerError, code: .internal, message: "an unexpected error occurred").response()
        }
    }
}
