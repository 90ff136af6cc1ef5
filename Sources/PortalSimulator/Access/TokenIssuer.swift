import Foundation
import Synchronization

/// The access tokens the simulator issued, each with its expiry. Kept in memory: after a restart every token
/// is unknown (401) and clients fetch a new one, as they must after any expiry.
final class TokenIssuer: Sendable {
    /// A token as the endpoint answers it.
    struct Issued: Sendable {
        let token: String
        let lifetime: Duration
    }

    private struct State {
        var expiries: [String: ContinuousClock.Instant] = [:]
        var issued = 0
    }

    private let lifetime: Duration
    private let state = Mutex(State())

    init(lifetime: Duration) { self.lifetime = lifetime }

    /// A new token, valid for the configured lifetime.
    func issue() -> Issued {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let now = ContinuousClock.now
        state.withLock { state in
            // Forget the expired ones now and then, so that the table does not grow for ever.
            if state.expiries.count > 1024 { state.expiries = state.expiries.filter { $0.value > now } }
            state.expiries[token] = now + lifetime
            state.issued += 1
        }
        return Issued(token: token, lifetime: lifetime)
    }

    /// Whether `token` was issued here and has not expired.
    func isValid(_ token: String) -> Bool {
        state.withLock { $0.expiries[token].map { $0 > .now } ?? false }
    }

    /// Every token issued so far expires now.
    func expireAll() {
        state.withLock { $0.expiries.removeAll() }
    }

    /// How many tokens were issued since the start.
    var issuedCount: Int { state.withLock { $0.issued } }
}
