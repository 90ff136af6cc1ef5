import Logging
import ServiceLifecycle

/// Moves accepted invoices along the automatic path of a `StatusSchedule`, a service of the simulator's
/// `ServiceGroup`: a few times per step it moves, in one transaction, every invoice whose time at its status
/// is up (one step per look).
struct StatusProgression: Service {
    let store: SimulatorStore
    let schedule: StatusSchedule
    let logger: Logger

    /// How often it looks: a quarter of the shortest step, between 50 ms and 500 ms.
    var tick: Duration { min(max((schedule.steps.min() ?? .seconds(1)) / 4, .milliseconds(50)), .milliseconds(500)) }

    func run() async throws {
        let moves = schedule.moves
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { [tick] in try await Task.sleep(for: tick) }
            } catch {
                break
            }
            do {
                _ = try await store.advance(moves, at: PortalTime.now())
            } catch {
                logger.error("status progression failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
