public import Foundation

/// A person who signs in to the web console: a member of one organisation, with that organisation's role.
///
/// Software uses bearer tokens (`Credential`); people use a password and a session cookie (`WebSession`).
public struct User: Sendable, Hashable, Identifiable {
    /// `usr_…`.
    public let id: String
    /// The organisation the person works for.
    public let organisationID: String
    /// What the person may do (the organisation kind's role).
    public let role: Role
    /// The sign-in name: an e-mail address, lowercased.
    public let email: String
    /// The password's bcrypt hash (`$2b$…`), never the password.
    public var passwordHash: String
    /// When the user was added.
    public let createdAt: Date
    /// Wrong passwords in a row since the last good one (or the last lock).
    public var failedSignIns: Int
    /// Until when sign-in is refused after too many wrong passwords.
    public var lockedUntil: Date?

    /// Creates a user record.
    public init(
        id: String, organisationID: String, role: Role, email: String, passwordHash: String, createdAt: Date,
        failedSignIns: Int = 0, lockedUntil: Date? = nil
    ) {
        self.id = id
        self.organisationID = organisationID
        self.role = role
        self.email = email
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.failedSignIns = failedSignIns
        self.lockedUntil = lockedUntil
    }

    /// Whether sign-in is refused at `date`.
    public func isLocked(at date: Date) -> Bool { lockedUntil.map { $0 > date } ?? false }

    /// `email` as stored (trimmed, lowercased), or nil when it is no plausible address (`AlertSettings.isAddress`).
    public static func normalisedEmail(_ email: String) -> String? {
        let address = email.trimmingCharacters(in: .whitespaces).lowercased()
        return AlertSettings.isAddress(address) ? address : nil
    }
}

/// A signed-in browser, as stored: only the SHA-256 of its cookie's token.
public struct WebSession: Sendable, Hashable {
    /// SHA-256 of the session token, lowercase hex.
    public let tokenHash: String
    /// Who signed in.
    public let userID: String
    /// The token every form of this session carries (`_csrf`), checked on every POST.
    public let csrfToken: String
    /// When it began.
    public let createdAt: Date
    /// When it ends (the cookie's lifetime too).
    public let expiresAt: Date

    /// Creates a session record.
    public init(tokenHash: String, userID: String, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
