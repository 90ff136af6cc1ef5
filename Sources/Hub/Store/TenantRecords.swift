/// Organisations, their identifiers and credentials, as stored.
public protocol TenantReads {
    /// The organisation with this id.
    func organisation(id: String) throws -> Organisation?
    /// Every organisation, by id.
    func organisations() throws -> [Organisation]
    /// The id of the organisation owning this identifier, if any.
    func owner(of identifier: OrganisationIdentifier) throws -> String?
    /// The credential whose token hashes to this, revoked or not.
    func credential(tokenHash: String) throws -> Credential?
}

/// Writes to organisations and credentials.
public protocol TenantWrites: TenantReads {
    /// Creates or replaces an organisation and its identifiers (which a unique index keeps to one owner).
    func upsert(_ organisation: Organisation) throws
    /// Records a credential.
    func insert(_ credential: Credential) throws
}
