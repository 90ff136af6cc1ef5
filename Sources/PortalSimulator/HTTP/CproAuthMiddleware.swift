import HTTPTypes
import Hummingbird

/// Checks what PISTE and Chorus Pro check on every `/cpro/…` call: a bearer token this simulator issued and
/// that has not expired (else 401, so that the client fetches a new one), and the technical account in
/// `cpro-account` (else 403: the token is fine, the account is not, and a new token would not help).
struct CproAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    static var accountHeader: HTTPField.Name { HTTPField.Name("cpro-account")! }

    let tokens: TokenIssuer
    let account: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authorization = request.headers[.authorization] else {
            throw Self.unauthorised("Authorization: Bearer is required", error: "invalid_request")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", tokens.isValid(String(parts[1])) else {
            throw Self.unauthorised("the access token is unknown or has expired", error: "invalid_token")
        }
        guard let presented = request.headers[Self.accountHeader] else {
            throw CproFailure(status: .forbidden, code: 403, message: "the cpro-account header is required")
        }
        guard presented == account else {
            throw CproFailure(status: .forbidden, code: 403, message: "the technical account in cpro-account is not recognised")
        }
        return try await next(request, context)
    }

    private static func unauthorised(_ message: String, error: String) -> CproFailure {
        CproFailure(
            status: .unauthorized, code: 401, message: message,
            headers: [.wwwAuthenticate: #"Bearer error="\#(error)""#])
    }
}
