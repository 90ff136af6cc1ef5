import Foundation
import GRDB
import Hub

extension SQLiteTransaction {
    func user(id: String) throws -> User? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE id = ?"), arguments: [id]).map(Self.user)
    }

    func user(email: String) throws -> User? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM users WHERE email = ?"), arguments: [email]).map(Self.user)
    }

    func users(organisationID: String) throws -> [User] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM users WHERE organisation_id = ? ORDER BY email"), arguments: [organisationID])
            .map(Self.user)
    }

    func session(tokenHash: String) throws -> WebSession? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM web_sessions WHERE token_sha256 = ?"), arguments: [tokenHash]).map {
            WebSession(
                tokenHash: $0["token_sha256"], userID: $0["user_id"], csrfToken: $0["csrf_token"],
                createdAt: Date(millisecondsSince1970: $0["created_at"]), expiresAt: Date(millisecondsSince1970: $0["expires_at"]))
        }
    }

    func insert(_ user: User) throws {
        try db.execute(
            sql: """
                INSERT INTO users (id, organisation_id, role, email, password_hash, created_at, failed_sign_ins, locked_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                user.id, user.organisationID, user.role.rawValue, user.email, user.passwordHash, user.createdAt.millisecondsSince1970,
                user.failedSignIns, user.lockedUntil?.millisecondsSince1970,
            ])
    }

    func update(_ user: User) throws {
        try db.execute(
            sql: "UPDATE users SET password_hash = ?, failed_sign_ins = ?, locked_until = ? WHERE id = ?",
            arguments: [user.passwordHash, user.failedSignIns, user.lockedUntil?.millisecondsSince1970, user.id])
    }

    func insert(_ session: WebSession) throws {
        try db.execute(
            sql: "INSERT INTO web_sessions (token_sha256, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                session.tokenHash, session.userID, session.csrfToken, session.createdAt.millisecondsSince1970,
                session.expiresAt.millisecondsSince1970,
            ])
    }

    func deleteSession(tokenHash: String) throws {
        try db.execute(sql: "DELETE FROM web_sessions WHERE token_sha256 = ?", arguments: [tokenHash])
    }

    func deleteSessions(expiredBefore date: Date) throws {
        try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at < ?", arguments: [date.millisecondsSince1970])
    }

    static func user(_ row: Row) throws -> User {
        let id: String = row["id"]
        guard let role = Role(rawValue: row["role"]) else { throw HubError.storage("user \(id) has an unknown role") }
        return User(
            id: id, organisationID: row["organisation_id"], role: role, email: row["email"], passwordHash: row["password_hash"],
            createdAt: Date(millisecondsSince1970: row["created_at"]), failedSignIns: row["failed_sign_ins"],
            lockedUntil: (row["locked_until"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
