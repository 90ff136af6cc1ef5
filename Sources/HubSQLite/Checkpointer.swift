import Foundation
import GRDB

/// Copies the write-ahead log into the database file in the background, so that commits only append
/// to the log.
///
/// Every `interval` it runs a PASSIVE checkpoint on a connection of its own, which takes no write lock.
/// Under steady writes such a checkpoint never catches up with the log's end, and SQLite restarts the
/// log only once everything in it has been copied; so when the log has grown past `restartPages`, it
/// copies the last few frames through the pool's writer, writes paused, and the next write restarts the
/// log from its beginning. The writer keeps a high automatic threshold as a backstop.
final class Checkpointer: Sendable {
    private let task: Task<Void, Never>

    init(pool: DatabasePool, path: String, interval: Duration, restartPages: Int) throws {
        var configuration = Configuration()
        configuration.label = "hermine.checkpointer"
        configuration.busyMode = .timeout(1)
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        task = Task.detached(priority: .utility) { [weak pool] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let copied = try? await connection.writeWithoutTransaction({ db in try db.checkpoint(.passive) })
                else { continue }
                if copied.walFrameCount >= restartPages, let pool {
                    _ = try? await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                }
            }
        }
    }

    deinit { task.cancel() }
}
