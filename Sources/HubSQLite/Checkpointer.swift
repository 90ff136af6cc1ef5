import Foundation
import GRDB

/// Copies the write-ahead log into the database file in the background, so that commits only append
/// to the log.
///
/// Every `interval` it runs a PASSIVE checkpoint on a connection of its own, which takes no write lock,
/// and flushes the database file itself: under steady writes such a checkpoint never reaches the log's
/// end, so SQLite would neither flush the file nor restart the log, and the copied pages would pile up
/// for whoever flushes next. When the log has grown past `restartPages`, it copies and flushes once more,
/// then copies the last few frames through the pool's writer, writes paused; the next write restarts the
/// log from its beginning. The pause is thus the copy and flush of a few frames, not of megabytes (it
/// went from about 50 ms to about 10 ms under the load benchmark). The writer keeps a high automatic
/// threshold as a backstop.
final class Checkpointer: Sendable {
    private let task: Task<Void, Never>

    init(pool: DatabasePool, path: String, interval: Duration, restartPages: Int) throws {
        var configuration = Configuration()
        configuration.label = "hermine.checkpointer"
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        let databaseFile = FileHandle(forReadingAtPath: path)
        task = Task.detached(priority: .utility) { [weak pool] in
            @Sendable func copy() async -> (walFrameCount: Int, checkpointedFrameCount: Int)? {
                try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let copied = await copy() else { continue }
                try? databaseFile?.synchronize()
                guard copied.walFrameCount >= restartPages, let pool else { continue }
                _ = await copy()
                try? databaseFile?.synchronize()
                _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            }
        }
    }

    deinit { task.cancel() }
}
