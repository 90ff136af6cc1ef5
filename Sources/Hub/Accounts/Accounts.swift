public import Foundation
import HummingbirdBcrypt

/// The console's people: adding users, signing in with a password (bcrypt), sessions and signing out.
///
/// Wrong passwords are counted per user; `SignInPolicy.maximumFailures` in a row lock the account for
/// `lockDuration`. An unknown address and a wrong password get the same answer, after the same work.
public struct Accounts: Sendable {
    /// Where users and sessions are kept.
    public let store: any HubStore
    /// Hash cost, lock-out and session lifetime.
    public let policy: SignInPolicy

    /// Creates the service.
    public init(store: any HubStore, policy: SignInPolicy = SignInPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// Who is signed in on a session: the person, and the principal the hub's services take.
    public struct SignedIn: Sendable, Hashable {
        /// The person.
        public let user: User
        /// Their organisation and role, as the API's bearer tokens give them.
        public let principal: Principal
        /// The session's form token.
        public let csrfToken: String
        /// When the session ends.
        public let expiresAt: Date

        init(_ user: User, of organisation: Organisation, on session: WebSession) {
            self.user = user
            principal = Principal(organisation: organisation, role: user.role, credentialID: user.id)
            csrfToken = session.csrfToken
            expiresAt = session.expiresAt
        }
    }

    /// What a sign-in attempt gives.
    public enum SignInOutcome: Sendable, Hashable {
        /// A new session: `token` goes in the cookie, and is never stored.
        case signedIn(token: String, SignedIn)
        /// Unknown address or wrong password (the same answer for both).
        case refused
        /// Too many wrong passwords: refused until then, even with the right one.
        case locked(until: Date)
    }

    /// Adds a person to an organisation, with the organisation kind's role.
    /// - Throws: `HubError.unknownOrganisation`; `HubError.roleMismatch` when `role` does not fit the organisation's
    ///   kind; `HubError.invalidUser` for an implausible address, a short password or an address already in use.
    @discardableResult
    public func addUser(organisationID: String, role: Role, email: String, password: String, at date: Date = Date()) async throws
        -> User
    {
        guard let address = User.normalisedEmail(email) else { throw HubError.invalidUser("\(email) is not an e-mail address") }
        guard password.count >= policy.minimumPasswordLength else {
            throw HubError.invalidUser("a password needs at least \(policy.minimumPasswordLength) characters")
        }
        let hash = await Self.offThread { [cost = policy.bcryptCost] in Bcrypt.hash(password, cost: cost) }
        do {
            return try await store.write { tx in
                guard let organisation = try tx.organisation(id: organisationID) else { throw HubError.unknownOrganisation(organisationID) }
                guard organisation.kind.role == role else {
                    throw HubError.roleMismatch(organisation: organisationID, kind: organisation.kind, role: role)
                }
                if try tx.user(email: address) != nil { throw HubError.invalidUser("\(address) already has an account") }
                let user = User(
                    id: HubIdentifier.make(prefix: "usr", at: date), organisationID: organisation.id, role: role,
                    email: address, passwordHash: hash, createdAt: date)
                try tx.insert(user)
                return user
            }
        } catch HubError.conflict {
            throw HubError.invalidUser("\(address) already has an account")
        }
    }

    /// The organisation's users, by e-mail address.
    public func users(organisationID: String) async throws -> [User] {
        try await store.read { tx in try tx.users(organisationID: organisationID) }
    }

    /// Checks a password and opens a session when it is right and the account is not locked.
    public func signIn(email: String, password: String, at date: Date = Date()) async throws -> SignInOutcome {
        let address = User.normalisedEmail(email) ?? ""
        let found = try await store.read { tx in try tx.user(email: address) }
        // An unknown address costs a bcrypt check too, so that timing does not tell which addresses exist.
        let hash = found?.passwordHash ?? Self.unknownUserHash
        let matches = await Self.offThread { Bcrypt.verify(password, hash: hash) }
        guard let user = found else { return .refused }
        if user.isLocked(at: date) { return .locked(until: user.lockedUntil ?? date) }
        let userID = user.id
        let policy = policy
        guard matches else {
            return try await store.write { tx -> SignInOutcome in
                // Counted on the stored row, so that concurrent wrong attempts all count.
                guard var current = try tx.user(id: userID) else { return .refused }
                current.failedSignIns += 1
                guard current.failedSignIns >= policy.maximumFailures else {
                    try tx.update(current)
                    return .refused
                }
                // As the store keeps it (milliseconds), so that the answer and later reads agree.
                let until = Date(millisecondsSince1970: date.addingTimeInterval(policy.lockDuration.timeInterval).millisecondsSince1970)
                current.failedSignIns = 0
                current.lockedUntil = until
                try tx.update(current)
                return .locked(until: until)
            }
        }
        let token = SessionToken.generate()
        let session = WebSession(
            tokenHash: SessionToken.hash(token), userID: userID, csrfToken: SessionToken.generate(), createdAt: date,
            expiresAt: date.addingTimeInterval(policy.sessionLifetime.timeInterval))
        let signedIn = try await store.write { tx -> SignedIn? in
            guard var current = try tx.user(id: userID), let organisation = try tx.organisation(id: current.organisationID) else { return nil }
            current.failedSignIns = 0
            current.lockedUntil = nil
            try tx.update(current)
            try tx.insert(session)
            try tx.deleteSessions(expiredBefore: date)
            return SignedIn(current, of: organisation, on: session)
        }
        guard let signedIn else { return .refused }
        return .signedIn(token: token, signedIn)
    }

    /// Who a session cookie's token stands for; nil when it is unknown, ended or malformed.
    public func session(token: String, at date: Date = Date()) async throws -> SignedIn? {
        guard SessionToken.isPlausible(token) else { return nil }
        let hash = SessionToken.hash(token)
        return try await store.read { tx -> SignedIn? in
            guard let session = try tx.session(tokenHash: hash), session.expiresAt > date, let user = try tx.user(id: session.userID),
                let organisation = try tx.organisation(id: user.organisationID)
            else { return nil }
            return SignedIn(user, of: organisation, on: session)
        }
    }

    /// Ends the session of this cookie token (nothing happens for an unknown one).
    public func signOut(token: String) async throws {
        guard SessionToken.isPlausible(token) else { return }
        let hash = SessionToken.hash(token)
        try await store.write { tx in try tx.deleteSession(tokenHash: hash) }
    }

    /// A new password for `hermine user add` when none is given: 20 characters from an alphabet without look-alikes.
    public static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// A hash no password matches by chance, checked when the address is unknown.
    private static let unknownUserHash = Bcrypt.hash(SessionToken.generate(), cost: 4)

    /// bcrypt is slow on purpose: it runs on a thread of its own, not on the caller's executor.
    private static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}

/// Session tokens: `hms_` then 43 base64url characters (32 random bytes); stored as their SHA-256.
public enum SessionToken {
    /// Every session token starts with this.
    public static let prefix = "hms_"

    /// A new random token.
    public static func generate() -> String {
        prefix + String(BearerToken.generate().dropFirst(BearerToken.prefix.count))
    }

    /// The stored hash of a token.
    public static func hash(_ token: String) -> String { SHA256Hex.digest(token) }

    /// Whether a presented string is worth looking up at all.
    public static func isPlausible(_ token: String) -> Bool {
        token.hasPrefix(prefix) && token.utf8.count <= 128 && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != 0x3B }
    }
}
