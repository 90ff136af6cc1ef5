public import Foundation

/// Whom the simulator lets in: one PISTE API client (OAuth2 client credentials) and one Chorus Pro technical
/// account (the `cpro-account` header, base64 of `login:password`).
///
/// The demo's are well known and documented (`demo`); a simulator is a test double, not a vault. The
/// description never shows the secret nor the password.
public struct PortalCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The API client's id (`client_id`).
    public var clientID: String
    /// The API client's secret (`client_secret`).
    public var clientSecret: String
    /// The technical account's login.
    public var login: String
    /// The technical account's password.
    public var password: String

    /// Creates credentials.
    public init(clientID: String, clientSecret: String, login: String, password: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.login = login
        self.password = password
    }

    /// The demo's: client `hermine-demo` / `hermine-demo-secret`, account `hermine-demo:hermine-demo-password`.
    public static let demo = PortalCredentials(
        clientID: "hermine-demo", clientSecret: "hermine-demo-secret", login: "hermine-demo",
        password: "hermine-demo-password")

    /// The `cpro-account` header's value: base64 of `login:password`.
    public var cproAccount: String { Data("\(login):\(password)".utf8).base64EncodedString() }

    /// Reads `login:password` (the form of `--cpro-account`).
    /// - Returns: nil when there is no colon or the login is empty.
    public static func account(_ text: String) -> (login: String, password: String)? {
        guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    public var description: String { "client \(clientID), account \(login) (secrets not shown)" }
}
