import Logging
import ServiceLifecycle

/// The loop of a service that works off leased rows (deliveries to send, portal statuses to ask for): it keeps
/// up to `concurrency` items in work, claims more whenever half the slots are free (so that one slow call never
/// holds up the others, and a claim leases a batch, not one row), and sleeps `idlePoll` when nothing is due. On
/// graceful shutdown it claims nothing more and lets the items in work finish, so that their outcome is recorded.
struct LeasedWorkLoop<Item: Sendable>: Sendable {
    /// How many items are worked at once.
    let concurrency: Int
    /// The wait when nothing is due.
    let idlePoll: Duration
    /// Leases up to the given number of due items.
    let claim: @Sendable (Int) async throws -> [Item]
    /// Works one item; records its outcome, never throws.
    let work: @Sendable (Item) async -> Void
    /// Says when a claim failed (the store was unreachable): the loop waits and claims again.
    let logger: Logger

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                let free = concurrency - inFlight
                var claimed = 0
                if free >= max(1, concurrency / 2) {
                    do {
                        for item in try await claim(free) {
                            group.addTask { await work(item) }
                            claimed += 1
                        }
                    } catch {
                        logger.warning("claim failed", metadata: ["error": "\(error)"])
                    }
                    inFlight += claimed
                }
                if inFlight == 0 {
                    do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: idlePoll) } } catch { break }
                } else if claimed == 0 || inFlight >= concurrency {
                    // Full, or nothing more due: wait for a slot.
                    _ = await group.next()
                    inFlight -= 1
                }
            }
            // Whatever is in work finishes and is recorded before the group returns.
        }
    }

    /// Works off `items`, `concurrency` at a time (the tests' rounds: `runOnce` of each worker).
    static func workOff(_ items: [Item], concurrency: Int, _ work: @escaping @Sendable (Item) async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            var next = items.makeIterator()
            for _ in 0..<max(1, concurrency) {
                guard let item = next.next() else { break }
                group.addTask { await work(item) }
            }
            while await group.next() != nil {
                guard let item = next.next() else { continue }
                group.addTask { await work(item) }
            }
        }
    }
}
