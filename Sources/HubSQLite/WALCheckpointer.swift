import Foundation
import GRDB
import ServiceLifecycle

/// Copies the write-ahead log into the database file in the background, so that commits only append to the
/// log. A service of the hub's `ServiceGroup`.
///
/// Every `interval` it runs a PASSIVE checkpoint on a connection of its own, which takes no write lock,
/// and flushes the database file itself: under steady writes such a checkpoint never reaches the log's
/// end, so SQLite would neither flush the file nor restart the log, and the copied pages would pile up
/// for whoever flushes next. When the log has grown past `restartPages`, it copies and flushes once more,
/// then copies the last few frames through the pool's writer, writes paused; the next write restarts the
/// log from its beginning. The pause is thus the copy and flush of a few frames, not of megabytes (it
/// went from about 50 ms to about 10 ms under the load benchmark). The writer keeps a high automatic
/// threshold as a backstop, for when the service does not run (the command line's short sessions).
struct WALCheckpointer: Service {
    private let pool: DatabasePool
    private let connection: DatabaseQueue
    private let databaseFile: FileHandle?
    private let interval: Duration
    private let restartPages: Int

    init(pool: DatabasePool, path: String, interval: Duration, restartPages: Int) throws {
        var configuration = Configuration()
        configuration.label = "hermine.checkpointer"
        configuration.busyMode = .timeout(1)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        databaseFile = FileHandle(forReadingAtPath: path)
        self.pool = pool
        self.interval = interval
        self.restartPages = restartPages
    }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            } catch {
                break
            }
            guard let copied = await copy() else { continue }
            try? databaseFile?.synchronize()
            guard copied.walFrameCount >= restartPages else { continue }
            _ = await copy()
            try? databaseFile?.synchronize()
            _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
    }

    private func copy() async -> (walFrameCount: Int, checkpointedFrameCount: Int)? {
        try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }
}
