import Foundation

/// Numbers deposited flows and records them by group commit: deposits that arrive while a transaction is being
/// written wait, then share the next one. Every caller is answered after the commit holding its flow, so a
/// `numeroFluxDepot` answered is always on file, and the portal takes deposits at the rate of its transactions
/// times their size rather than one fsync each.
///
/// No background task drives it: the first caller to find nobody writing leads, writing batches until its own
/// flow is committed, then hands the lead to the oldest waiter.
actor DepositLog {
    /// What a waiting caller is told.
    private enum Turn {
        case committed
        case failed(PortalSimulatorError)
        case lead
    }

    private struct Pending {
        let flow: DepositedFlow
        var waiter: CheckedContinuation<Turn, Never>?
    }

    private let store: SimulatorStore
    private let maximumBatch: Int
    private var lastSequence: Int64
    private var pending: [Pending] = []
    private var leading = false

    /// - Parameter lastSequence: the highest sequence on file, so that numbers go on after a restart.
    init(store: SimulatorStore, lastSequence: Int64, maximumBatch: Int = 256) {
        self.store = store
        self.lastSequence = lastSequence
        self.maximumBatch = maximumBatch
    }

    /// The flow number of a sequence: `CPP` and 22 digits, the shape of Chorus Pro's (`CPP0011117000000000425903`).
    static func number(_ sequence: Int64) -> String {
        let digits = String(sequence)
        return "CPP" + String(repeating: "0", count: max(0, 22 - digits.count)) + digits
    }

    /// Gives the flow its number and records it; returns once it is committed.
    /// - Throws: `PortalSimulatorError.storage` when its transaction failed (then it is not on file).
    func record(fileName: String, syntax: FlowSyntax, signed: Bool, bytes: Data, at time: Int64)
        async throws(PortalSimulatorError) -> DepositedFlow
    {
        lastSequence += 1
        let flow = DepositedFlow(
            sequence: lastSequence, number: Self.number(lastSequence), fileName: fileName, syntax: syntax, signed: signed,
            bytes: bytes, depositedAt: time)
        var turn: Turn
        if leading {
            turn = await withCheckedContinuation { waiter in pending.append(Pending(flow: flow, waiter: waiter)) }
        } else {
            leading = true
            pending.append(Pending(flow: flow, waiter: nil))
            turn = .lead
        }
        if case .lead = turn { turn = await lead(until: flow.sequence) }
        if case .failed(let error) = turn { throw error }
        return flow
    }

    /// Writes batches, oldest first, until the one holding `sequence` is committed, then passes the lead on.
    private func lead(until sequence: Int64) async -> Turn {
        var mine: Turn?
        while mine == nil, !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let outcome: Turn
            do {
                try await store.insert(batch.map(\.flow))
                outcome = .committed
            } catch {
                outcome = .failed(error)
            }
            for job in batch {
                if job.flow.sequence == sequence { mine = outcome } else { job.waiter?.resume(returning: outcome) }
            }
        }
        if pending.isEmpty {
            leading = false
        } else {
            pending[0].waiter?.resume(returning: .lead)
            pending[0].waiter = nil
        }
        return mine ?? .failed(.storage("the deposit was not in any batch"))
    }
}
