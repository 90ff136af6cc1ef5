import GRDB
import Hub

/// Group commit: units of work that arrive while a transaction is being written wait, then share the next
/// one, each in its own savepoint (a failing unit rolls back alone). Every caller is answered after the
/// commit that holds its work, so an answer always means "on disk" as `synchronous` defines it.
///
/// No background task drives it: the first caller to find nobody writing leads, writing batches until its
/// own work is committed, then hands the lead to the oldest waiter. A large unit of work (megabytes) is
/// committed in a transaction of its own, after the small ones waiting with it: their answers do not wait
/// for megabytes to reach the disk, and a large one waits for at most one batch of small ones.
actor GroupCommit {
    /// What a waiting caller is told.
    private enum Turn {
        case committed
        case failed(any Error)
        case lead
    }

    private struct Pending {
        let ticket: Int
        let size: Int
        /// Runs the unit of work; false when it failed (its savepoint is then rolled back).
        let work: @Sendable (Database) -> Bool
        var waiter: CheckedContinuation<Turn, Never>?
    }

    private let pool: DatabasePool
    private let maximumBatch: Int
    private let largeBytes: Int
    private var pending: [Pending] = []
    private var leading = false
    private var nextTicket = 0
    /// Whether the last transaction held small units (so that a large one waiting goes next).
    private var lastBatchWasSmall = false

    init(pool: DatabasePool, maximumBatch: Int, largeBytes: Int) {
        self.pool = pool
        self.maximumBatch = maximumBatch
        self.largeBytes = largeBytes
    }

    /// Runs `work` inside a savepoint of a write transaction and returns once that transaction committed.
    /// - Throws: the error of the commit (then nothing of the batch was stored).
    func submit(size: Int, _ work: @escaping @Sendable (Database) -> Bool) async throws {
        let ticket = nextTicket
        nextTicket += 1
        var turn: Turn
        if leading {
            turn = await withCheckedContinuation { waiter in
                pending.append(Pending(ticket: ticket, size: size, work: work, waiter: waiter))
            }
        } else {
            leading = true
            pending.append(Pending(ticket: ticket, size: size, work: work, waiter: nil))
            turn = .lead
        }
        if case .lead = turn { turn = await lead(until: ticket) }
        if case .failed(let error) = turn { throw error }
    }

    /// Writes batches until the one holding `ticket` is committed, then passes the lead on.
    private func lead(until ticket: Int) async -> Turn {
        var mine: Turn?
        while mine == nil {
            let batch = nextBatch()
            let outcome: Turn
            do {
                try await write(batch)
                outcome = .committed
            } catch {
                outcome = .failed(error)
            }
            for job in batch {
                if job.ticket == ticket { mine = outcome } else { job.waiter?.resume(returning: outcome) }
            }
        }
        if pending.isEmpty {
            leading = false
        } else {
            pending[0].waiter?.resume(returning: .lead)
            pending[0].waiter = nil
        }
        return mine ?? .committed
    }

    private func isLarge(_ job: Pending) -> Bool { job.size >= largeBytes }

    /// The next transaction's units: the oldest large one when the last transaction held small ones, else the
    /// small ones waiting (up to `maximumBatch`), else the oldest large one.
    private func nextBatch() -> [Pending] {
        if lastBatchWasSmall, let large = pending.firstIndex(where: isLarge) {
            lastBatchWasSmall = false
            return [pending.remove(at: large)]
        }
        var batch: [Pending] = []
        var index = 0
        while index < pending.count && batch.count < maximumBatch {
            if isLarge(pending[index]) {
                index += 1
            } else {
                batch.append(pending.remove(at: index))
            }
        }
        lastBatchWasSmall = !batch.isEmpty
        if batch.isEmpty { batch.append(pending.removeFirst()) }
        return batch
    }

    /// One transaction for the batch, each unit in its own savepoint.
    private func write(_ batch: [Pending]) async throws {
        let works = batch.map(\.work)
        try await pool.write { db in
            for work in works {
                // An error SQLite answers by rolling the whole transaction back (I/O, disk full) leaves no
                // transaction: the rest of the batch must not run in autocommit.
                guard db.isInsideTransaction else {
                    throw HubError.storage("the write transaction was rolled back by an earlier error")
                }
                try db.inSavepoint { work(db) ? .commit : .rollback }
            }
        }
    }
}
