import Foundation
import Synchronization

/// Directory entries kept in memory for a short while, so that deposits to the same buyers do not each
/// read the store. An import shows after at most `lifetime` (imports are rare; deposits are many).
final class DirectoryCache: Sendable {
    private struct Slot {
        let entry: BuyerDirectoryEntry?
        let expires: ContinuousClock.Instant
    }

    private let slots = Mutex<[String: Slot]>([:])
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The entry for a SIRET (nil: not in the directory), from memory when fresh, else from the store.
    func entry(_ identifier: String, in store: any HubStore) async throws -> BuyerDirectoryEntry? {
        guard lifetime > .zero else { return try await store.read { tx in try tx.directoryEntry(identifier: identifier) } }
        let now = ContinuousClock.now
        if let slot = slots.withLock({ $0[identifier] }), slot.expires > now { return slot.entry }
        let entry = try await store.read { tx in try tx.directoryEntry(identifier: identifier) }
        slots.withLock { slots in
            if slots.count >= capacity { slots.removeAll(keepingCapacity: true) }
            slots[identifier] = Slot(entry: entry, expires: now + lifetime)
        }
        return entry
    }
}
