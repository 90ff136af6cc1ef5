public import Foundation

/// The console's users and their sessions, as stored.
public protocol AccountReads {
    /// The user with this id.
    func user(id: String) throws -> User?
    /// The user signing in with this (lowercased) e-mail address.
    func user(email: String) throws -> User?
    /// The users of an organisation, by e-mail address.
    func users(organisationID: String) throws -> [User]
    /// The session whose token hashes to this, expired or not.
    func session(tokenHash: String) throws -> WebSession?
}

/// Writes to users and sessions.
public protocol AccountWrites: AccountReads {
    /// Adds a user; a second user with the same e-mail address is refused (`HubError.conflict`).
    func insert(_ user: User) throws
    /// Writes a user's changing fields: its password hash, wrong passwords in a row, lock.
    func update(_ user: User) throws
    /// Adds a session.
    func insert(_ session: WebSession) throws
    /// Ends a session (signing out).
    func deleteSession(tokenHash: String) throws
    /// Forgets the sessions that ended before `date`.
    func deleteSessions(expiredBefore date: Date) throws
}
