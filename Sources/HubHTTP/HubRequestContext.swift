public import Hub
public import Hummingbird

/// The context of one API request: the framework's, plus who is calling once authenticated.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; set by `AuthenticationMiddleware` on every `/v1` route.
    public var principal: Principal?
    /// The person signed in to the web console, when the request carries a live session cookie
    /// (`ConsoleSessionMiddleware`, on the console's pages).
    public var signedIn: Accounts.SignedIn?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        signedIn = nil
    }

    /// The caller, on routes behind `AuthenticationMiddleware`.
    func caller() throws(APIError) -> Principal {
        guard let principal else { throw APIError.unauthenticated("a bearer token is required") }
        return principal
    }
}
