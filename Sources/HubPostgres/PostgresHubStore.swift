public import Hub
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
public import ServiceLifecycle

/// The store for several hub nodes sharing one PostgreSQL database.
///
/// Connections come from PostgresNIO's pool (`PostgresClient`, a service of the hub's `ServiceGroup`, which
/// must run while the store is used). A unit of work runs on a thread of the store's own pool, with its
/// connection, inside `BEGIN … COMMIT`: the domain's units of work are synchronous on purpose (no waiting
/// inside a transaction), so each statement waits for its answer on that thread, never on an event loop
/// or Swift's shared pool. Writes to one invoice are serialised by a row lock (`SELECT … FOR UPDATE`);
/// writes to different invoices never wait on one another; unique indexes back the domain's rules, and a
/// refused row is a `HubError.conflict` the domain answers by running its unit of work again.
public final class PostgresHubStore: HubStore {
    /// How it connects.
    public let configuration: PostgresConfiguration
    private let client: PostgresClient
    private let threads: NIOThreadPool
    private let logger: Logger

    /// Connects, migrates the database (once, under an advisory lock, whichever node comes first) and
    /// prepares the pool.
    /// - Throws: `HubError.storage` when the server cannot be reached or the schema cannot be migrated.
    public init(_ configuration: PostgresConfiguration, logger: Logger = Logger(label: "hermine.postgres")) async throws {
        self.configuration = configuration
        self.logger = logger
        let tls: PostgresClient.Configuration.TLS = configuration.requireTLS ? .require(.makeClientConfiguration()) : .disable
        var client = PostgresClient.Configuration(
            host: configuration.host, port: configuration.port, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: tls)
        client.options.maximumConnections = max(1, configuration.connections)
        client.options.minimumConnections = 0
        client.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: configuration.host, port: configuration.port, username: configuration.username,
                    password: configuration.password, database: configuration.database,
                    tls: configuration.requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable),
                id: 0, logger: logger)
            do {
                try await PostgresMigrations.migrate(connection, logger: logger)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError.storage("cannot open \(configuration): \(String(reflecting: error))")
        }
        self.client = PostgresClient(configuration: client, backgroundLogger: logger)
        threads = NIOThreadPool(numberOfThreads: max(1, configuration.connections))
        threads.start()
    }

    deinit { threads.shutdownGracefully { _ in } }

    /// The connection pool: it must run while the store is used.
    public var services: [any Service] { [client] }

    /// Every migration shipped, in order: name and SQL (never edited once shipped; a test pins their SHA-256,
    /// and the store refuses a database where an applied one's text changed).
    public static var migrations: [(name: String, sql: String)] { PostgresMigrations.shipped }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReads) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    public func write<T: Sendable>(size: Int, _ body: @escaping @Sendable (any StoreWrites) throws -> T) async throws -> T {
        try await transaction(begin: "BEGIN", body)
    }

    /// Runs `body` on a thread of the pool, with a leased connection, between `begin` and `COMMIT`; rolls back
    /// when it throws.
    private func transaction<T: Sendable>(begin: PostgresQuery, _ body: @escaping @Sendable (PostgresTransaction) throws -> T)
        async throws -> T
    {
        let logger = self.logger
        let threads = self.threads
        do {
            return try await client.withConnection { connection in
                try await threads.runIfActive {
                    let tx = PostgresTransaction(connection: connection, logger: logger)
                    tx.execute(begin)
                    do {
                        let value = try body(tx)
                        tx.execute("COMMIT")
                        try tx.flush()
                        return value
                    } catch {
                        tx.discard()
                        tx.execute("ROLLBACK")
                        tx.discard()
                        throw error
                    }
                }
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// The hub's errors as they are; a unique index's refusal (SQLSTATE 23505) or a serialisation failure
    /// (40001, 40P01) as a conflict; anything else as a storage failure.
    static func translate(_ error: any Error) -> any Error {
        if error is HubError { return error }
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            if ["23505", "40001", "40P01"].contains(state) {
                return HubError.conflict(error.serverInfo?[.message] ?? "a unique index refused a row")
            }
            return HubError.storage("PostgreSQL \(state): \(error.serverInfo?[.message] ?? "")")
        }
        return HubError.storage(String(reflecting: error))
    }
}
