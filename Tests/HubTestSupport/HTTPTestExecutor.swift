import Dispatch

/// Runs tasks on a dispatch queue, whose threads are not those of Swift's shared pool.
public final class HTTPTestExecutor: TaskExecutor {
    /// The one executor the tests share.
    public static let shared = HTTPTestExecutor()
    private let queue = DispatchQueue(label: "hermine.tests.http", attributes: .concurrent)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
