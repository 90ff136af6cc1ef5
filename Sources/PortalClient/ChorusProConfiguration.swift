public import Foundation

/// Where and as whom `ChorusProClient` reaches the portal, and how patiently.
///
/// PISTE (DOMAIN.md §1.1): API `https://api.piste.gouv.fr`, tokens at `https://oauth.piste.gouv.fr/api/oauth/token`;
/// its sandbox ("qualification") at `https://sandbox-api.piste.gouv.fr` and
/// `https://sandbox-oauth.piste.gouv.fr/api/oauth/token`. The client id and secret are the PISTE application's;
/// the login and password are the Chorus Pro technical account's (sent as `cpro-account`). The description
/// never shows the secret nor the password.
public struct ChorusProConfiguration: Sendable, CustomStringConvertible {
    /// The API's base: `/cpro/…` paths are appended to it.
    public var baseURL: URL
    /// The OAuth2 token endpoint (client credentials).
    public var tokenURL: URL
    /// The PISTE application's client id.
    public var clientID: String
    /// The PISTE application's client secret.
    public var clientSecret: String
    /// The Chorus Pro technical account's login.
    public var login: String
    /// The Chorus Pro technical account's password (it expires at Chorus Pro: renew it there).
    public var password: String
    /// The OAuth2 scope asked for (`openid`, as PISTE's).
    public var scope: String
    /// How long to wait for a connection.
    public var connectTimeout: Duration
    /// How long a call may take, from sending to the last byte of its answer (OCA uses 30 s).
    public var requestTimeout: Duration
    /// The largest answer read, in bytes; a larger one is a failed call (`PortalError.outcomeUnknown`).
    public var maximumResponseSize: Int
    /// A token is renewed this long before it expires (at most a quarter of its lifetime before).
    public var tokenRefreshMargin: Duration
    /// Invoices asked per page when walking `rechercher/fournisseur` (the portal's default is 10).
    public var pageSize: Int
    /// Connections kept open to the portal at most (more requests wait for one).
    public var maximumConnections: Int
    /// Which `syntaxeFlux` each kind of document is deposited with.
    public var syntaxes: FlowSyntaxTable

    /// Creates a configuration.
    /// - Parameters:
    ///   - tokenURL: by default `baseURL` + `/api/oauth/token` (the simulator's; PISTE's is on another host).
    public init(
        baseURL: URL, tokenURL: URL? = nil, clientID: String, clientSecret: String, login: String, password: String,
        syntaxes: FlowSyntaxTable, scope: String = "openid", connectTimeout: Duration = .seconds(5),
        requestTimeout: Duration = .seconds(30), maximumResponseSize: Int = 2 << 20, tokenRefreshMargin: Duration = .seconds(60),
        pageSize: Int = 10, maximumConnections: Int = 16
    ) {
        self.baseURL = baseURL
        self.tokenURL = tokenURL ?? baseURL.appendingPathComponent("api/oauth/token")
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.login = login
        self.password = password
        self.syntaxes = syntaxes
        self.scope = scope
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.maximumResponseSize = maximumResponseSize
        self.tokenRefreshMargin = tokenRefreshMargin
        self.pageSize = pageSize
        self.maximumConnections = maximumConnections
    }

    /// `hermine portal-sim` with its demo credentials, at `url` (by default its demo address).
    public static func simulator(url: URL = URL(string: "http://127.0.0.1:8081")!, syntaxes: FlowSyntaxTable) -> Self {
        ChorusProConfiguration(
            baseURL: url, clientID: "hermine-demo", clientSecret: "hermine-demo-secret", login: "hermine-demo",
            password: "hermine-demo-password", syntaxes: syntaxes)
    }

    /// PISTE's sandbox ("qualification") with an application's and a technical account's credentials.
    public static func pisteSandbox(
        clientID: String, clientSecret: String, login: String, password: String, syntaxes: FlowSyntaxTable
    ) -> Self {
        ChorusProConfiguration(
            baseURL: URL(string: "https://sandbox-api.piste.gouv.fr")!,
            tokenURL: URL(string: "https://sandbox-oauth.piste.gouv.fr/api/oauth/token")!, clientID: clientID,
            clientSecret: clientSecret, login: login, password: password, syntaxes: syntaxes)
    }

    /// PISTE's production hosts.
    public static func piste(clientID: String, clientSecret: String, login: String, password: String, syntaxes: FlowSyntaxTable) -> Self {
        ChorusProConfiguration(
            baseURL: URL(string: "https://api.piste.gouv.fr")!, tokenURL: URL(string: "https://oauth.piste.gouv.fr/api/oauth/token")!,
            clientID: clientID, clientSecret: clientSecret, login: login, password: password, syntaxes: syntaxes)
    }

    /// The `cpro-account` header's value: base64 of `login:password`.
    var cproAccount: String { Data("\(login):\(password)".utf8).base64EncodedString() }

    /// Checks the settings.
    /// - Throws: `PortalClientError.invalidConfiguration` naming the first one at fault.
    func validate() throws(PortalClientError) {
        for (name, url) in [("base URL", baseURL), ("token URL", tokenURL)] {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false
            else { throw .invalidConfiguration("the \(name) \(url.absoluteString) is not an http(s) URL with a host") }
            guard url.user == nil, url.password == nil else {
                throw .invalidConfiguration("the \(name) must not carry credentials: give them as settings")
            }
        }
        guard !clientID.isEmpty, !clientSecret.isEmpty else { throw .invalidConfiguration("the client id and secret are required") }
        guard !login.isEmpty, !login.contains(":") else {
            throw .invalidConfiguration("the technical account's login is required and cannot contain a colon")
        }
        guard connectTimeout > .zero, requestTimeout > .zero else { throw .invalidConfiguration("timeouts must be positive") }
        guard maximumResponseSize >= 1024 else { throw .invalidConfiguration("the response size limit must be at least 1024 bytes") }
        guard (1...1000).contains(pageSize) else { throw .invalidConfiguration("the page size must be between 1 and 1000") }
        guard maximumConnections >= 1 else { throw .invalidConfiguration("at least one connection is needed") }
        guard tokenRefreshMargin >= .zero else { throw .invalidConfiguration("the token refresh margin cannot be negative") }
    }

    public var description: String {
        "Chorus Pro at \(baseURL.absoluteString) (tokens at \(tokenURL.absoluteString)), client \(clientID), account \(login); "
            + "secret and password not shown"
    }
}
