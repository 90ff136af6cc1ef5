import Foundation
import HTTPTypes
import Hummingbird

/// PISTE's OAuth2 token endpoint, client credentials grant (RFC 6749 §4.4): `POST /api/oauth/token` with a
/// form-encoded `grant_type=client_credentials`, `client_id`, `client_secret` (or HTTP Basic) and `scope`.
/// Errors are RFC 6749's (`{"error", "error_description"}`), as an OAuth server writes them.
struct TokenRoute<Context: RequestContext>: Sendable {
    let tokens: TokenIssuer
    let credentials: PortalCredentials

    func register(on group: RouterGroup<Context>) {
        group.post("token") { request, _ in try await token(request) }
    }

    func token(_ request: Request) async throws -> Response {
        let form = Self.form(try await RequestBody.bytes(request, limit: 16_384))
        guard form["grant_type"] == "client_credentials" else {
            return Self.error(.badRequest, "unsupported_grant_type", "grant_type must be client_credentials")
        }
        var clientID = form["client_id"]
        var clientSecret = form["client_secret"]
        if let basic = request.headers[.authorization], basic.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(basic.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        {
            clientID = Self.percentDecoded(String(decoded[..<colon]))
            clientSecret = Self.percentDecoded(String(decoded[decoded.index(after: colon)...]))
        }
        guard clientID == credentials.clientID, clientSecret == credentials.clientSecret else {
            return Self.error(.unauthorized, "invalid_client", "unknown client or wrong secret")
        }
        let issued = tokens.issue()
        return JSONAnswer.make(
            TokenAnswer(
                access_token: issued.token, token_type: "Bearer", expires_in: Int(issued.lifetime.components.seconds),
                scope: form["scope"] ?? "openid"),
            headers: [.cacheControl: "no-store"])
    }

    private static func error(_ status: HTTPResponse.Status, _ code: String, _ description: String) -> Response {
        JSONAnswer.make(TokenError(error: code, error_description: description), status: status)
    }

    /// `application/x-www-form-urlencoded` fields (the first of each name).
    static func form(_ body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecoded(String(parts[0])), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? percentDecoded(String(parts[1])) : ""
        }
        return fields
    }

    private static func percentDecoded(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
