import GRDB
import Hub

/// Group commit: deposits that arrive while a transaction is being written wait, then share the next one,
/// each in its own savepoint (a failing deposit rolls back alone). Every caller is answered after the
/// commit that holds its deposit, so an answer always means "on disk" as `synchronous` defines it.
///
/// A large deposit (a document of megabytes) is committed in a transaction of its own, after the small
/// ones waiting with it: the small deposits' answers do not wait for megabytes to reach the disk, and a
/// large one waits for at most one batch of small ones.
actor AcceptBatcher {
    private typealias Waiter = CheckedContinuation<AcceptResult, any Error>

    private let pool: DatabasePool
    private let maximumBatch: Int
    private let largeSubmissionBytes: Int
    private var pending: [(Submission, Waiter)] = []
    private var writing = false
    /// Whether the last transaction held small deposits (so a large one waiting goes next).
    private var lastBatchWasSmall = false

    init(pool: DatabasePool, maximumBatch: Int, largeSubmissionBytes: Int) {
        self.pool = pool
        self.maximumBatch = maximumBatch
        self.largeSubmissionBytes = largeSubmissionBytes
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

    private func isLarge(_ submission: Submission) -> Bool {
        submission.document.count + submission.invoiceJSON.count >= largeSubmissionBytes
    }

    /// The next transaction's deposits: the oldest large one when the last transaction held small ones,
    /// else the small ones waiting (up to `maximumBatch`), else the oldest large one.
    private func nextBatch() -> [(Submission, Waiter)] {
        if lastBatchWasSmall, let large = pending.firstIndex(where: { isLarge($0.0) }) {
            lastBatchWasSmall = false
            return [pending.remove(at: large)]
        }
        var batch: [(Submission, Waiter)] = []
        var index = 0
        while index < pending.count && batch.count < maximumBatch {
            if isLarge(pending[index].0) {
                index += 1
            } else {
                batch.append(pending.remove(at: index))
            }
        }
        lastBatchWasSmall = !batch.isEmpty
        if batch.isEmpty { batch.append(pending.removeFirst()) }
        return batch
    }

    /// Writes batches until nobody waits.
    private func drain() async {
        while !pending.isEmpty {
            let batch = nextBatch()
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
