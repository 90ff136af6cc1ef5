import Foundation
public import GRDB
public import Hub
public import ServiceLifecycle
import Synchronization

/// The embedded store: one SQLite file in WAL mode, through a GRDB `DatabasePool` (one writer, concurrent
/// readers). Migrations run when it opens. Units of work are written by group commit (`GroupCommit`): those
/// that arrive while a transaction is being written share the next one, each in its own savepoint, so one
/// flush to disk serves many while each stays all-or-nothing.
public final class SQLiteHubStore: HubStore {
    /// The database.
    public let pool: DatabasePool
    /// How it was opened.
    public let configuration: SQLiteConfiguration
    private let groupCommit: GroupCommit
    private let checkpointer: WALCheckpointer

    /// Opens (creating it and its folder if needed) and migrates the database.
    /// - Throws: `HubError.storage` when the file cannot be opened or migrated.
    public init(_ configuration: SQLiteConfiguration = SQLiteConfiguration()) throws {
        self.configuration = configuration
        let folder = URL(fileURLWithPath: configuration.path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var config = Configuration()
            config.maximumReaderCount = max(1, configuration.readers)
            config.busyMode = .timeout(10)
            let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            }
            config.label = "hermine"
            pool = try DatabasePool(path: configuration.path, configuration: config)
            // The pool sets NORMAL on its writer once WAL is on, after `prepareDatabase`: set it again on
            // the one connection that writes (the setting is per connection and the writer is kept).
            // Checkpoints run in the background (`WALCheckpointer`); the writer's own is a backstop.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(configuration.backstopCheckpointPages)")
            }
            try SQLiteMigrations.migrator.migrate(pool)
            checkpointer = try WALCheckpointer(
                pool: pool, path: configuration.path, interval: configuration.checkpointInterval,
                restartPages: configuration.restartCheckpointPages)
        } catch let error as HubError {
            throw error
        } catch {
            throw HubError.storage("cannot open \(configuration.path): \(error)")
        }
        groupCommit = GroupCommit(
            pool: pool, maximumBatch: max(1, configuration.maximumBatch), largeBytes: configuration.largeSubmissionBytes)
    }

    public var services: [any Service] { [checkpointer] }

    /// Every migration shipped, in order: name and SQL (never edited once shipped; a test pins their SHA-256).
    public static var migrations: [(name: String, sql: String)] { SQLiteMigrations.shipped }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReads) throws -> T) async throws -> T {
        do { return try await pool.read { db in try body(SQLiteTransaction(db: db)) } } catch {
            throw Self.translate(error)
        }
    }

    public func write<T: Sendable>(size: Int, _ body: @escaping @Sendable (any StoreWrites) throws -> T) async throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        do {
            try await groupCommit.submit(size: size) { db in
                let result = Result { try body(SQLiteTransaction(db: db)) }
                outcome.withLock { $0 = result }
                if case .failure = result { return false }
                return true
            }
        } catch {
            throw Self.translate(error)
        }
        guard let result = outcome.withLock({ $0 }) else { throw HubError.storage("the unit of work did not run") }
        do { return try result.get() } catch { throw Self.translate(error) }
    }

    /// The hub's errors as they are; a unique index's refusal as a conflict; anything else as a storage failure.
    static func translate(_ error: any Error) -> any Error {
        if error is HubError { return error }
        if let error = error as? DatabaseError,
            error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
        {
            return HubError.conflict(error.message ?? "a unique index refused a row")
        }
        return HubError.storage("\(error)")
    }
}
