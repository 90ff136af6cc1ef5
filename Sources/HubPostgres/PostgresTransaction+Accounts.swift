import Foundation
import Hub
import PostgresNIO

extension PostgresTransaction {
    func user(id: String) throws -> User? {
        try rows("SELECT * FROM users WHERE id = \(id)").first.map(Self.user)
    }

    func user(email: String) throws -> User? {
        try rows("SELECT * FROM users WHERE email = \(email)").first.map(Self.user)
    }

    func users(organisationID: String) throws -> [User] {
        try rows("SELECT * FROM users WHERE organisation_id = \(organisationID) ORDER BY email").map(Self.user)
    }

    func session(tokenHash: String) throws -> WebSession? {
        try rows("SELECT * FROM web_sessions WHERE token_sha256 = \(tokenHash)").first.map {
            WebSession(
                tokenHash: try $0["token_sha256"].decode(String.self), userID: try $0["user_id"].decode(String.self),
                csrfToken: try $0["csrf_token"].decode(String.self),
                createdAt: Date(millisecondsSince1970: try $0["created_at"].decode(Int64.self)),
                expiresAt: Date(millisecondsSince1970: try $0["expires_at"].decode(Int64.self)))
        }
    }

    func insert(_ user: User) throws {
        execute(
            """
            INSERT INTO users (id, organisation_id, role, email, password_hash, created_at, failed_sign_ins, locked_until)
            VALUES (\(user.id), \(user.organisationID), \(user.role.rawValue), \(user.email), \(user.passwordHash),
                \(user.createdAt.millisecondsSince1970), \(Int64(user.failedSignIns)), \(user.lockedUntil?.millisecondsSince1970))
            """)
    }

    func update(_ user: User) throws {
        execute(
            """
            UPDATE users SET password_hash = \(user.passwordHash), failed_sign_ins = \(Int64(user.failedSignIns)),
                locked_until = \(user.lockedUntil?.millisecondsSince1970) WHERE id = \(user.id)
            """)
    }

    func insert(_ session: WebSession) throws {
        execute(
            """
            INSERT INTO web_sessions (token_sha256, user_id, csrf_token, created_at, expires_at)
            VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken), \(session.createdAt.millisecondsSince1970),
                \(session.expiresAt.millisecondsSince1970))
            """)
    }

    func deleteSession(tokenHash: String) throws {
        execute("DELETE FROM web_sessions WHERE token_sha256 = \(tokenHash)")
    }

    func deleteSessions(expiredBefore date: Date) throws {
        execute("DELETE FROM web_sessions WHERE expires_at < \(date.millisecondsSince1970)")
    }

    static func user(_ row: PostgresRandomAccessRow) throws -> User {
        let id = try row["id"].decode(String.self)
        guard let role = Role(rawValue: try row["role"].decode(String.self)) else { throw HubError.storage("user \(id) has an unknown role") }
        return User(
            id: id, organisationID: try row["organisation_id"].decode(String.self), role: role, email: try row["email"].decode(String.self),
            passwordHash: try row["password_hash"].decode(String.self),
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
            failedSignIns: Int(try row["failed_sign_ins"].decode(Int64.self)),
            lockedUntil: try row["locked_until"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
    }
}
