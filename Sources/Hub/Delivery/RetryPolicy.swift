public import Foundation

/// When to try a delivery again, and when to give up on it: exponential back-off with full jitter, the
/// destination's `Retry-After` honoured, and a budget of attempts and age after which the delivery goes to
/// the operators' queue (`failed`), never silently away.
public struct RetryPolicy: Sendable, Hashable {
    /// The first retry waits up to this.
    public var baseDelay: Duration
    /// No retry waits more than this (before `Retry-After`).
    public var maximumDelay: Duration
    /// After this many attempts in a round, the delivery fails.
    public var maximumAttempts: Int
    /// After this long since its round started, the delivery fails.
    public var maximumAge: Duration
    /// How long to wait after an unknown outcome before finding out whether it arrived: long enough for the
    /// destination to have processed what it may have received.
    public var settleDelay: Duration
    /// How long an invoice must stay absent from the destination's search, counted from the first unknown outcome,
    /// before it is sent again: the longest the destination may take to process what it received (a portal lists an
    /// invoice only once it has integrated its flow, which a busy portal does minutes later). Shorter, and a slow
    /// portal gets the invoice twice.
    public var settleWindow: Duration

    /// Creates a policy.
    public init(
        baseDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(300), maximumAttempts: Int = 20,
        maximumAge: Duration = .seconds(24 * 3600), settleDelay: Duration = .seconds(5), settleWindow: Duration = .seconds(600)
    ) {
        self.settleWindow = settleWindow
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
        self.maximumAge = maximumAge
        self.settleDelay = settleDelay
    }

    /// The hub's default.
    public static let standard = RetryPolicy()

    /// The wait before attempt `attempts + 1` after `attempts` failed ones: a uniform draw between zero and
    /// `baseDelay · 2^(attempts − 1)` capped at `maximumDelay` ("full jitter", so that clients that failed
    /// together do not come back together), and never less than the destination's `retryAfter`.
    public func delay(afterAttempts attempts: Int, retryAfter: Duration? = nil, using random: inout some RandomNumberGenerator)
        -> Duration
    {
        let exponent = min(max(attempts - 1, 0), 30)
        let ceiling = min(baseDelay.timeInterval * Double(1 << exponent), maximumDelay.timeInterval)
        let drawn = Double.random(in: 0...ceiling, using: &random)
        return .milliseconds(Int64((max(drawn, retryAfter.map(\.timeInterval) ?? 0) * 1000).rounded()))
    }

    /// Whether a delivery that has made `attempts` attempts in a round started at `roundStartedAt` has spent its
    /// budget, its next attempt being due at `nextAttemptAt`: too many attempts, or the next one past the
    /// budget's age (a `Retry-After` longer than the budget has left fails the delivery now, not in an hour).
    public func isSpent(attempts: Int, roundStartedAt: Date, nextAttemptAt: Date) -> Bool {
        attempts >= maximumAttempts || nextAttemptAt.timeIntervalSince(roundStartedAt) > maximumAge.timeInterval
    }
}
