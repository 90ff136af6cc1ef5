import Foundation
import Synchronization

/// Who recently presented tokens stand for, kept for a short time so that a client's requests do not
/// each read the store. Keyed by the token's hash; a token revoked in the store stops working once its
/// entry expires (`lifetime`).
final class CredentialCache: Sendable {
    private struct Entry {
        let principal: Principal
        let expires: ContinuousClock.Instant
    }

    private let lifetime: Duration
    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The principal cached for this token hash, if still fresh.
    func principal(tokenHash: String) -> Principal? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[tokenHash] else { return nil }
            guard entry.expires > now else {
                entries[tokenHash] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Keeps a principal for `lifetime`; when full, forgets everything first (a flood of distinct valid
    /// tokens only costs store reads).
    func keep(_ principal: Principal, tokenHash: String) {
        let expires = ContinuousClock.now + lifetime
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(principal: principal, expires: expires)
        }
    }
}
