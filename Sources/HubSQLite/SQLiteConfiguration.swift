import Foundation

/// How the SQLite store opens its file.
public struct SQLiteConfiguration: Sendable, Hashable {
    /// What a commit survives.
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// `synchronous = FULL`: the write-ahead log is flushed to disk at every commit; a commit survives a
        /// SIGKILL, an OS crash and a power cut. The default; group commit keeps it fast.
        case full
        /// `synchronous = NORMAL`: a commit is in the OS's hands when it returns; it survives a SIGKILL of
        /// the hub but not an OS crash or power cut.
        case normal
    }

    /// The database file.
    public var path: String
    /// What a commit survives.
    public var durability: Durability
    /// How many connections read concurrently (the writer is one more).
    public var readers: Int
    /// How many deposits one write transaction may carry (group commit).
    public var maximumBatch: Int
    /// From this many bytes (document and model), a deposit is committed in a transaction of its own,
    /// after the small ones waiting with it.
    public var largeSubmissionBytes: Int
    /// How often the background checkpointer copies the write-ahead log into the database file and flushes it.
    public var checkpointInterval: Duration
    /// Log size (in 4 KB pages) past which the background checkpointer briefly pauses writes to finish
    /// copying the log, so that it restarts from its beginning instead of growing.
    public var restartCheckpointPages: Int
    /// Log size (in 4 KB pages) at which the writer checkpoints by itself, should the background
    /// checkpointer fall behind.
    public var backstopCheckpointPages: Int

    /// Creates a configuration.
    public init(
        path: String = SQLiteConfiguration.defaultPath, durability: Durability = .full, readers: Int = 4,
        maximumBatch: Int = 64, largeSubmissionBytes: Int = 1_000_000, checkpointInterval: Duration = .milliseconds(100), restartCheckpointPages: Int = 4096,
        backstopCheckpointPages: Int = 20_000
    ) {
        self.path = path
        self.durability = durability
        self.readers = readers
        self.maximumBatch = maximumBatch
        self.largeSubmissionBytes = largeSubmissionBytes
        self.checkpointInterval = checkpointInterval
        self.restartCheckpointPages = restartCheckpointPages
        self.backstopCheckpointPages = backstopCheckpointPages
    }

    /// `./data/hermine.sqlite`.
    public static let defaultPath = "data/hermine.sqlite"
}
