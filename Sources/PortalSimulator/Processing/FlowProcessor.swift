import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// Processes deposited flows in the background, a service of the simulator's `ServiceGroup`: flows deposited
/// at least `delay` ago are read in batches, judged (`FlowInspection`) on a thread of NIO's pool, so that
/// validation never holds the threads that answer requests, and their outcomes written in one transaction.
/// The deposit itself only records the flow, so that it answers at once.
struct FlowProcessor: Service {
    let store: SimulatorStore
    let inspection: FlowInspection
    let delay: Duration
    let batchSize: Int
    let logger: Logger

    /// How often it looks for due flows when there were none.
    var pollInterval: Duration { min(max(delay / 4, .milliseconds(20)), .milliseconds(200)) }

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var processed = 0
            do {
                processed = try await processDueFlows()
            } catch {
                logger.error("flow processing failed", metadata: ["error": "\(error)"])
            }
            guard processed < batchSize else { continue }
            do {
                try await cancelWhenGracefulShutdown { [pollInterval] in try await Task.sleep(for: pollInterval) }
            } catch {
                break
            }
        }
    }

    /// Processes one batch of due flows.
    /// - Returns: how many were processed.
    func processDueFlows() async throws -> Int {
        let due = try await store.waitingFlows(depositedBy: PortalTime.now() - delay.milliseconds, limit: batchSize)
        guard !due.isEmpty else { return 0 }
        let inspection = self.inspection
        let outcomes = try await NIOThreadPool.singleton.runIfActive { due.map(inspection.inspect) }
        try await store.record(outcomes, at: PortalTime.now())
        return due.count
    }
}
