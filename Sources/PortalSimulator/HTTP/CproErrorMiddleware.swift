import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into an answer in Chorus Pro's shape (`codeRetour`, `libelle`), so that no answer of the
/// simulator has another: its own refusals, the framework's (no such route, body too large), and unexpected
/// ones (500, logged).
struct CproErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let failure as CproFailure {
            return JSONAnswer.failure(failure)
        } catch let error as PortalSimulatorError {
            return JSONAnswer.failure(Self.failure(for: error, context: context))
        } catch let error as any HTTPResponseError {
            let status = error.status
            let message = status == .notFound ? "no such endpoint: \(request.method) \(request.uri.path)" : status.reasonPhrase
            return JSONAnswer.failure(CproFailure(status: status, code: status.code, message: message))
        } catch {
            context.logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return JSONAnswer.failure(
                CproFailure(status: .internalServerError, code: 500, message: "an unexpected error occurred"))
        }
    }

    static func failure(for error: PortalSimulatorError, context: Context) -> CproFailure {
        switch error {
        case .unknownInvoice(let id): return .unknown("facture", String(id))
        case .transitionRefused: return CproFailure(status: .conflict, code: 409, message: error.description)
        case .invalidSetting(let reason): return .invalid("faults", reason)
        case .directory(let reason): return .invalid("directory", reason)
        case .storage, .resources:
            context.logger.error("simulator failure", metadata: ["error": "\(error)"])
            return CproFailure(status: .serviceUnavailable, code: 503, message: error.description)
        }
    }
}
