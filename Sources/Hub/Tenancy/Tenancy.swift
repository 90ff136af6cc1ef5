public import Foundation

/// Organisations and their bearer tokens.
public struct Tenancy: Sendable {
    /// Where organisations and credentials are kept.
    public let store: any HubStore
    private let cache: CredentialCache

    /// Creates the service. `credentialLifetime` is how long an authenticated token is remembered
    /// (a token revoked in the store is refused after at most that long); zero remembers nothing.
    public init(store: any HubStore, credentialLifetime: Duration = .seconds(5)) {
        self.store = store
        cache = CredentialCache(lifetime: credentialLifetime)
    }

    /// Creates or updates an organisation and its identifiers, in one unit of work.
    /// - Throws: `HubError.invalidOrganisation` when its fields are not acceptable or one of its identifiers
    ///   belongs to another organisation (each identifier names one organisation only).
    public func save(_ organisation: Organisation) async throws {
        if let problem = organisation.problem() { throw HubError.invalidOrganisation(id: organisation.id, reason: problem) }
        try await store.writeRetryingConflicts { tx in
            for identifier in organisation.identifiers {
                if let owner = try tx.owner(of: identifier), owner != organisation.id {
                    throw HubError.invalidOrganisation(
                        id: organisation.id, reason: "\(identifier) already belongs to organisation \(owner)")
                }
            }
            try tx.upsert(organisation)
        }
    }

    /// The organisation with this id.
    public func organisation(id: String) async throws -> Organisation? {
        try await store.read { tx in try tx.organisation(id: id) }
    }

    /// Every organisation, by id.
    public func organisations() async throws -> [Organisation] {
        try await store.read { tx in try tx.organisations() }
    }

    /// A token just issued: shown once, never stored.
    public struct IssuedToken: Sendable {
        /// The bearer token to hand to the client.
        public let token: String
        /// The stored credential (which holds only the token's hash).
        public let credential: Credential
    }

    /// Issues a new bearer token for an organisation.
    /// - Throws: `HubError.unknownOrganisation`, `HubError.roleMismatch` when the role does not fit the
    ///   organisation's kind.
    public func issueToken(organisationID: String, role: Role, label: String = "", at date: Date = Date()) async throws
        -> IssuedToken
    {
        try await issue(token: BearerToken.generate(), organisationID: organisationID, role: role, label: label, at: date)
    }

    /// Records a token chosen by the caller (the demo's well-known tokens); otherwise as `issueToken`.
    public func register(token: String, organisationID: String, role: Role, label: String, at date: Date = Date())
        async throws -> IssuedToken
    {
        guard BearerToken.isPlausible(token) else {
            throw HubError.invalidOrganisation(id: organisationID, reason: "a token must start with \(BearerToken.prefix)")
        }
        return try await issue(token: token, organisationID: organisationID, role: role, label: label, at: date)
    }

    private func issue(token: String, organisationID: String, role: Role, label: String, at date: Date) async throws
        -> IssuedToken
    {
        let credential = Credential(
            id: HubIdentifier.make(prefix: "cred", at: date), organisationID: organisationID, role: role,
            tokenHash: BearerToken.hash(token), label: label, createdAt: date)
        try await store.write { tx in
            guard let organisation = try tx.organisation(id: organisationID) else {
                throw HubError.unknownOrganisation(organisationID)
            }
            guard organisation.kind.role == role else {
                throw HubError.roleMismatch(organisation: organisationID, kind: organisation.kind, role: role)
            }
            try tx.insert(credential)
        }
        return IssuedToken(token: token, credential: credential)
    }

    /// Who a presented bearer token stands for; nil when it is unknown, revoked or malformed. A token seen
    /// lately is answered from memory (see `init`).
    public func authenticate(bearer token: String) async throws -> Principal? {
        guard BearerToken.isPlausible(token) else { return nil }
        let hash = BearerToken.hash(token)
        if let principal = cache.principal(tokenHash: hash) { return principal }
        let found = try await store.read { tx -> Principal? in
            guard let credential = try tx.credential(tokenHash: hash), credential.revokedAt == nil,
                let organisation = try tx.organisation(id: credential.organisationID)
            else { return nil }
            return Principal(organisation: organisation, role: credential.role, credentialID: credential.id)
        }
        guard let principal = found else { return nil }
        cache.keep(principal, tokenHash: hash)
        return principal
    }
}
