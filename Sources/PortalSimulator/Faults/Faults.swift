import Foundation
import Synchronization

/// The faults in force, shared by every request: the settings, the outage window, and the draws that decide
/// which call gets which fault.
final class Faults: Sendable {
    /// A failure answered instead of the call.
    enum Failure: Sendable, Equatable {
        case internalError
        case unavailable
        case tooManyRequests

        /// The HTTP status.
        var status: Int {
            switch self {
            case .internalError: 500
            case .unavailable: 503
            case .tooManyRequests: 429
            }
        }
    }

    private struct State {
        var settings: FaultSettings
        var outageEnd: ContinuousClock.Instant?
        var counts = FaultCounts()
    }

    private let state: Mutex<State>

    init(_ settings: FaultSettings) { state = Mutex(State(settings: settings, outageEnd: nil)) }

    var settings: FaultSettings { state.withLock { $0.settings } }

    /// The faults injected so far.
    var counts: FaultCounts { state.withLock { $0.counts } }

    /// Applies a change (the outage starting now), after checking the resulting settings.
    /// - Throws: `PortalSimulatorError.invalidSetting`.
    func apply(_ change: FaultChange) throws(PortalSimulatorError) {
        let settings = change.applied(to: self.settings)
        try settings.validate()
        if let seconds = change.outageSeconds, !(seconds >= 0 && seconds <= 86_400) {
            throw .invalidSetting("outageSeconds must be between 0 and 86400, not \(seconds)")
        }
        state.withLock { state in
            state.settings = settings
            if let seconds = change.outageSeconds {
                state.outageEnd = seconds > 0 ? .now + .milliseconds(Int64((seconds * 1000).rounded())) : nil
            }
        }
    }

    /// What is left of the outage, nil when there is none; a call that asks during one is counted as refused.
    func outageRemaining() -> Duration? {
        state.withLock { state in
            guard let end = state.outageEnd else { return nil }
            let left = end - .now
            if left <= .zero {
                state.outageEnd = nil
                return nil
            }
            state.counts.refusedInOutage += 1
            return left
        }
    }

    /// Whether this call fails, and how (500, 503 and 429 equally often).
    func drawFailure() -> Failure? {
        state.withLock { state in
            guard Self.draw(state.settings.failRate) else { return nil }
            state.counts.failed += 1
            return [Failure.internalError, .unavailable, .tooManyRequests].randomElement()
        }
    }

    /// The latency this call gets, if any.
    func drawLatency() -> Duration? {
        state.withLock { state in
            guard state.settings.latencyMs > 0, Self.draw(state.settings.latencyRate) else { return nil }
            state.counts.delayed += 1
            return .milliseconds(state.settings.latencyMs)
        }
    }

    /// Whether this recorded deposit goes unanswered.
    func drawDrop() -> Bool {
        state.withLock { state in
            guard Self.draw(state.settings.dropAfterCommitRate) else { return false }
            state.counts.dropped += 1
            return true
        }
    }

    /// True with probability `rate` (never for 0, always for 1).
    private static func draw(_ rate: Double) -> Bool { rate > 0 && Double.random(in: 0..<1) < rate }
}
