import Foundation
import Hub
import NIOCore
import NIOHTTP1

/// The PISTE access token, fetched with the client credentials grant, kept until shortly before it expires,
/// and fetched again then, or when the portal answered 401 to it. Concurrent callers share one fetch.
actor AccessTokens {
    /// A token and when to stop using it.
    struct Token: Sendable {
        let value: String
        let renewAt: ContinuousClock.Instant
    }

    private let exchange: PortalExchange
    private let url: URL
    private let form: Data
    private let margin: Duration
    private var current: Token?
    private var fetching = false
    private var waiters: [CheckedContinuation<Result<Token, PortalError>, Never>] = []

    init(exchange: PortalExchange, configuration: ChorusProConfiguration) {
        self.exchange = exchange
        url = configuration.tokenURL
        margin = configuration.tokenRefreshMargin
        form = Self.formEncoded([
            ("grant_type", "client_credentials"), ("client_id", configuration.clientID),
            ("client_secret", configuration.clientSecret), ("scope", configuration.scope),
        ])
    }

    /// A token to use now: the one kept unless it is due for renewal or is `rejected` (the portal answered 401
    /// to it), else a new one.
    /// - Throws: `PortalError`: the call it was for is not sent (`notSent`, `unavailable`), or cannot be
    ///   (`refused`: the credentials are wrong).
    func token(rejecting rejected: String? = nil) async throws(PortalError) -> String {
        if let current, current.value != rejected, ContinuousClock.now < current.renewAt { return current.value }
        if fetching {
            let result = await withCheckedContinuation { waiters.append($0) }
            return try result.get().value
        }
        fetching = true
        let result: Result<Token, PortalError>
        do { result = .success(try await fetch()) } catch { result = .failure(error) }
        fetching = false
        if case .success(let token) = result { current = token }
        for waiter in waiters { waiter.resume(returning: result) }
        waiters.removeAll()
        return try result.get().value
    }

    /// Asks the token endpoint. Nothing of the call the token is for was sent yet, so no failure here leaves an
    /// unknown outcome: the endpoint's silence, 5xx or garbage is `notSent`; its 429 or 503 `unavailable`; its
    /// refusal of the credentials (400, 401, 403) `refused`.
    private func fetch() async throws(PortalError) -> Token {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        headers.add(name: "Accept", value: "application/json")
        let started = ContinuousClock.now
        switch await exchange.post(url, headers: headers, body: form) {
        case .failure(let failure):
            throw .notSent("token endpoint: \(failure.reason)")
        case .success(let answer):
            switch answer.status {
            case 200...299:
                guard let token = try? JSONDecoder().decode(TokenAnswer.self, from: Data(answer.body.readableBytesView)),
                    !token.access_token.isEmpty, token.expires_in > 0
                else { throw .notSent("token endpoint: the answer has no access_token and expires_in") }
                let lifetime = Duration.seconds(token.expires_in)
                return Token(value: token.access_token, renewAt: started + lifetime - min(margin, lifetime / 4))
            case 408, 429, 503:
                throw .unavailable("token endpoint: HTTP \(answer.status)", retryAfter: RetryAfter.parse(answer.headers))
            case 400, 401, 403:
                let reason =
                    (try? JSONDecoder().decode(TokenRefusal.self, from: Data(answer.body.readableBytesView)))
                    .map { [$0.error, $0.error_description].compactMap { $0 }.joined(separator: ": ") } ?? ""
                throw .refused("token endpoint refused the client credentials: HTTP \(answer.status) \(reason)")
            default:
                throw .notSent("token endpoint: HTTP \(answer.status)")
            }
        }
    }

    /// `application/x-www-form-urlencoded`.
    static func formEncoded(_ fields: [(String, String)]) -> Data {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = fields.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
        return Data(text.utf8)
    }

    /// RFC 6749 §5.1.
    private struct TokenAnswer: Decodable {
        let access_token: String
        let expires_in: Int64
    }

    /// RFC 6749 §5.2.
    private struct TokenRefusal: Decodable {
        let error: String?
        let error_description: String?
    }
}
