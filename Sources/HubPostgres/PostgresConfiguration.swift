import Foundation
public import Hub

/// Where the PostgreSQL store connects, read from a URL: `postgres://user:password@host:5432/database`.
public struct PostgresConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// Its port.
    public var port: Int
    /// The role to connect as.
    public var username: String
    /// Its password; never written in logs (`description` hides it).
    public var password: String?
    /// The database.
    public var database: String
    /// How many transactions run at once: pooled connections, and threads running units of work on them.
    public var connections: Int
    /// Whether to require TLS (`?sslmode=require`); otherwise none (loopback and private networks).
    public var requireTLS: Bool

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 5432, username: String, password: String? = nil, database: String,
        connections: Int = 16, requireTLS: Bool = false
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connections = connections
        self.requireTLS = requireTLS
    }

    /// Whether text names a PostgreSQL database rather than a file.
    public static func isURL(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    /// Reads `postgres://user:password@host:port/database?sslmode=require` (user, password and port optional;
    /// percent-escapes decoded).
    /// - Throws: `HubError.storage` naming what is wrong with the URL (the password is never repeated).
    public init(url text: String, connections: Int = 16) throws(HubError) {
        guard Self.isURL(text), let url = URLComponents(string: text) else {
            throw .storage("the database URL must look like postgres://user:password@host:5432/database")
        }
        guard let host = url.host, !host.isEmpty else { throw .storage("the database URL names no host") }
        let database = url.path.drop { $0 == "/" }
        guard !database.isEmpty else { throw .storage("the database URL names no database (…/database at its end)") }
        let mode = url.queryItems?.first { $0.name == "sslmode" }?.value
        guard [nil, "disable", "require"].contains(mode) else { throw .storage("sslmode must be disable or require") }
        self.init(
            host: host, port: url.port ?? 5432, username: url.user?.removingPercentEncoding ?? "postgres",
            password: url.password?.removingPercentEncoding, database: String(database), connections: connections,
            requireTLS: mode == "require")
    }

    /// The URL with the password hidden.
    public var description: String {
        let secret = password == nil ? "" : ":•••"
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)" + (requireTLS ? "?sslmode=require" : "")
    }
}
