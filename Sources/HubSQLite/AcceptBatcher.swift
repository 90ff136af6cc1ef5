import GRDB
import Hub

/// Group commit: deposits that arrive while a transaction is being written wait, then share the next one,
/// each in its own savepoint (a failing deposit rolls back alone). Every caller is answered after the
/// commit that holds its deposit, so an answer always means "on disk" as `synchronous` defines it.
actor AcceptBatcher {
    private typealias Waiter = CheckedContinuation<AcceptResult, any Error>

    private let pool: DatabasePool
    private let maximumBatch: Int
    private var pending: [(Submission, Waiter)] = []
    private var writing = false

    init(pool: DatabasePool, maximumBatch: Int) {
        self.pool = pool
        self.maximumBatch = maximumBatch
    }

    func accept(_ submission: Submission) async throws -> AcceptResult {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            pending.append((submission, waiter))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    /// Writes batches until nobody waits.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let submissions = batch.map(\.0)
            let results: [Result<AcceptResult, any Error>]
            do {
                results = try await pool.write { db in
                    submissions.map { submission in
                        // An error SQLite answers by rolling the whole transaction back (I/O, disk full)
                        // leaves no transaction: the rest of the batch must not run in autocommit.
                        guard db.isInsideTransaction else {
                            return .failure(HubError.storage("the write transaction was rolled back by an earlier error"))
                        }
                        return Result {
                            var result: AcceptResult?
                            try db.inSavepoint {
                                result = try AcceptTransaction.run(db, submission)
                                return .commit
                            }
                            return result!
                        }
                    }
                }
            } catch {
                // The commit itself failed: none of the batch is stored.
                results = batch.map { _ in .failure(error) }
            }
            for ((_, waiter), result) in zip(batch, results) { waiter.resume(with: result) }
        }
        writing = false
    }
}
