import Foundation
import Hub
import TestSupport
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    /// A thousand delays after `attempts`, in milliseconds.
    func draws(afterAttempts attempts: Int, retryAfter: Duration? = nil) -> [Int64] {
        var random = SeededRandom(seed: 42)
        return (0..<1000).map { _ in
            let delay = policy.delay(afterAttempts: attempts, retryAfter: retryAfter, using: &random)
            return delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        }
    }

    let policy = RetryPolicy(
        baseDelay: .milliseconds(500), maximumDelay: .seconds(10), maximumAttempts: 5, maximumAge: .seconds(60), settleDelay: .seconds(5))

    @Test("full jitter: between zero and base · 2^(n−1), capped; never below Retry-After")
    func delays() {
        for (attempts, ceiling) in [(1, 500), (3, 2000), (10, 10_000)] as [(Int, Int64)] {
            let drawn = draws(afterAttempts: attempts)
            #expect(drawn.allSatisfy { (0...ceiling).contains($0) }, "after \(attempts) attempts: within 0…\(ceiling) ms")
            #expect(drawn.max()! > ceiling * 9 / 10, "after \(attempts) attempts: the ceiling is reached")
            #expect(drawn.min()! < ceiling / 10, "after \(attempts) attempts: full jitter reaches zero")
        }
        #expect(draws(afterAttempts: 1, retryAfter: .seconds(30)).allSatisfy { $0 == 30_000 }, "Retry-After beyond the cap")
        let afterOne = draws(afterAttempts: 3, retryAfter: .seconds(1))
        #expect(afterOne.allSatisfy { (1000...2000).contains($0) }, "never before Retry-After, still jittered above it")
        #expect(afterOne.max()! > 1800)
    }

    @Test("spent after the last attempt, or when the next one would come after the budget's age")
    func budget() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(!policy.isSpent(attempts: 4, roundStartedAt: start, nextAttemptAt: start.addingTimeInterval(59)))
        #expect(policy.isSpent(attempts: 5, roundStartedAt: start, nextAttemptAt: start.addingTimeInterval(1)))
        #expect(!policy.isSpent(attempts: 1, roundStartedAt: start, nextAttemptAt: start.addingTimeInterval(60)))
        #expect(policy.isSpent(attempts: 1, roundStartedAt: start, nextAttemptAt: start.addingTimeInterval(61)), "a Retry-After past the age")
    }
}
