import Foundation

/// How accepted invoices move on their own: DEPOSEE → MISE_A_DISPOSITION → SERVICE_FAIT → MANDATEE →
/// MISE_EN_PAIEMENT, each step after its own duration (a completed invoice is made available again after the
/// first step's). Invoices the buyer rejected, suspended or sent back to recycling stay until the admin call
/// moves them.
public struct StatusSchedule: Sendable, Hashable {
    /// The automatic path, in order.
    public static let path: [ChorusInvoiceStatus] = [.deposited, .madeAvailable, .serviceDone, .mandated, .paymentSent]

    /// How long an invoice stays at each of the first four statuses of `path`.
    public let steps: [Duration]

    /// A schedule with one duration for every step.
    public init(everyStep duration: Duration) { steps = Array(repeating: duration, count: Self.path.count - 1) }

    /// A schedule with a duration per step.
    /// - Throws: `PortalSimulatorError.invalidSetting` unless there are four durations, none negative.
    public init(steps: [Duration]) throws(PortalSimulatorError) {
        guard steps.count == Self.path.count - 1 else {
            throw .invalidSetting("the status schedule takes one duration, or \(Self.path.count - 1): got \(steps.count)")
        }
        guard steps.allSatisfy({ $0 >= .zero }) else { throw .invalidSetting("a status step cannot last less than 0 s") }
        self.steps = steps
    }

    /// The demo's: 2 s a step, so that a deposit shows its first statuses within seconds.
    public static let demo = StatusSchedule(everyStep: .seconds(2))

    /// Reads `--status-schedule`: seconds, one number for every step or four separated by commas (`2` or
    /// `1,2,2,0.5`).
    /// - Throws: `PortalSimulatorError.invalidSetting`.
    public static func parse(_ text: String) throws(PortalSimulatorError) -> StatusSchedule {
        var durations: [Duration] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let seconds = Double(trimmed), seconds.isFinite, seconds >= 0 else {
                throw .invalidSetting("status schedule \"\(text)\": \"\(trimmed)\" is not a number of seconds")
            }
            durations.append(.milliseconds(Int64((seconds * 1000).rounded())))
        }
        if durations.count == 1 { return StatusSchedule(everyStep: durations[0]) }
        return try StatusSchedule(steps: durations)
    }

    /// The automatic steps: from which status, to which, after how long there.
    var moves: [(from: ChorusInvoiceStatus, to: ChorusInvoiceStatus, after: Duration)] {
        var moves = (0..<steps.count).map { (Self.path[$0], Self.path[$0 + 1], steps[$0]) }
        moves.append((.completed, .madeAvailable, steps[0]))
        return moves
    }
}
