public import Hub
public import Hummingbird

/// The context of one API request: the framework's, plus who is calling once authenticated.
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; set by `AuthenticationMiddleware` on every `/v1` route.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
    }

    /// The caller, on routes behind `AuthenticationMiddleware`.
    func caller() throws(APIError) -> Principal {
        guard let principal else { throw APIError.unauthenticated("a bearer token is required") }
        return principal
    }
}
