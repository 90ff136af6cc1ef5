import Foundation
public import Hub
public import HubPostgres
public import HubSQLite
public import Logging
import ServiceLifecycle

/// Which store the hub uses: the embedded SQLite file (the default) or a PostgreSQL database that several
/// hub nodes share.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file.
    case sqlite(SQLiteConfiguration)
    /// A PostgreSQL database.
    case postgres(PostgresConfiguration)

    /// Reads a location: a `postgres://` URL, else a file path.
    /// - Throws: `HubError.storage` naming what is wrong with a PostgreSQL URL.
    public init(_ text: String, durability: SQLiteConfiguration.Durability = .full, connections: Int = 16) throws(HubError) {
        if PostgresConfiguration.isURL(text) {
            self = .postgres(try PostgresConfiguration(url: text, connections: connections))
        } else {
            self = .sqlite(SQLiteConfiguration(path: text, durability: durability))
        }
    }

    /// The file's path, or the URL with its password hidden.
    public var description: String {
        switch self {
        case .sqlite(let configuration): configuration.path
        case .postgres(let configuration): configuration.description
        }
    }

    /// Opens (and migrates) the store.
    public func open(logger: Logger = Logger(label: "hermine.store")) async throws -> any HubStore {
        switch self {
        case .sqlite(let configuration): try SQLiteHubStore(configuration)
        case .postgres(let configuration): try await PostgresHubStore(configuration, logger: logger)
        }
    }

    /// Opens the store, runs its services (connection pool, checkpoints) while `body` uses it, then stops them:
    /// for the command line's short sessions.
    public func withStore<T: Sendable>(_ body: @Sendable (any HubStore) async throws -> T) async throws -> T {
        let store = try await open()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for service in store.services { group.addTask { try await service.run() } }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}
