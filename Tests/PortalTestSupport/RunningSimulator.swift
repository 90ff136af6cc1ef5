public import Foundation
public import InvoiceIntake
public import PortalSimulator
import ServiceLifecycle
import TestSupport

/// A portal simulator served on a loopback port for the length of a test, over a fresh SQLite file of its own
/// (or a given one, to test restarts), with the project's buyer directory.
public struct RunningSimulator: Sendable {
    /// The simulator, for its in-process accessors (stats, faults, tokens issued).
    public let simulator: PortalSimulator
    /// The port it listens on.
    public let port: Int

    /// Its base URL.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// One intake for every test (loading the rules takes a moment).
    public static let intake: Intake = {
        do { return try Intake() } catch { fatalError("the rules do not load: \(error)") }
    }()

    /// A fresh database path in a folder of its own.
    public static func temporaryDatabase() -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-portal-\(UUID().uuidString)")
        return folder.appendingPathComponent("portal-sim.sqlite").path
    }

    /// The test configuration: port 0, a fresh file, flows processed after 20 ms, invoices moved by hand only.
    public static func configuration(database: String? = nil) -> PortalSimulatorConfiguration {
        PortalSimulatorConfiguration(
            port: 0, databasePath: database ?? temporaryDatabase(),
            directoryFile: ProjectFiles.fixtures.appendingPathComponent("directory.csv"), processingDelay: .milliseconds(20),
            statusSchedule: nil)
    }

    /// Runs a simulator with `configuration` while `body` runs, then stops it.
    ///
    /// Server and test run on threads of their own (`TestExecutor`): the package's other tests keep the two
    /// threads of Swift's shared pool busy with thousands of validations, and a handler queued behind them
    /// would time out.
    public static func with(
        _ configuration: PortalSimulatorConfiguration = RunningSimulator.configuration(),
        _ body: @Sendable (RunningSimulator) async throws -> Void
    ) async throws {
        let simulator = try PortalSimulator(configuration: configuration, intake: intake)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let services = simulator.serviceGroup { port in continuation.yield(port) }
        try await withTaskExecutorPreference(TestExecutor.shared) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    try await services.run()
                }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else {
                    try await group.waitForAll()
                    throw SimulatorDidNotStart()
                }
                let outcome: Result<Void, any Error>
                do {
                    try await body(RunningSimulator(simulator: simulator, port: port))
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                // Stopped as `hermine portal-sim` stops on SIGTERM: the server first, then the services.
                await services.triggerGracefulShutdown()
                try await group.waitForAll()
                try outcome.get()
            }
        }
    }

    /// Waits until `condition` holds, checking every 20 ms, for at most `timeout`.
    /// - Returns: whether it held in time.
    @discardableResult
    public static func eventually(
        within timeout: Duration = .seconds(60), _ condition: @Sendable () async throws -> Bool
    ) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}

/// The simulator stopped before it listened.
public struct SimulatorDidNotStart: Error {}

/// Runs tasks on a dispatch queue, whose threads are not those of Swift's shared pool.
public final class TestExecutor: TaskExecutor {
    /// The one executor.
    public static let shared = TestExecutor()
    private let queue = DispatchQueue(label: "hermine.tests.portal", attributes: .concurrent)

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
